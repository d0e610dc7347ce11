// SQL of the transactional outbox, of its per-consumer deliveries (outbox_deliveries) and of the consumers'
// low-water marks (outbox_consumer_marks, migration 0066).
import { sql } from 'kysely';
import type { Db, Executor } from '../../db/database.ts';

export interface OutboxMessage {
  id: string;
  topic: string;
  payload: Record<string, unknown>;
  created_at: Date;
}

/** A consumer as retention sees it: its name and the topics it takes. */
export interface OutboxSubscription {
  readonly name: string;
  readonly topics: readonly string[];
}

/** The topics of a mark, in one order (a consumer's list may be written in any). */
export function topicKey(topics: readonly string[]): string[] {
  return [...new Set(topics)].sort();
}

export class OutboxRepository {
  async insert(db: Executor, topic: string, payload: Record<string, unknown>): Promise<void> {
    await db.insertInto('outbox').values({ topic, payload: JSON.stringify(payload) }).execute();
  }

  /**
   * Where `consumer`'s claims start (an xid8 as text): its mark when it was computed for these topics, else '0'
   * (a consumer that never ran, or whose topics changed, looks at every row of its topics once).
   */
  async markOf(db: Executor, consumer: string, topics: readonly string[]): Promise<string> {
    // A mark above every transaction id this server has handed out was not computed here: the database was restored
    // into another cluster (`opendvc restore`), whose ids start lower. It means nothing then: start from 0.
    const row = (
      await sql<{ topics: string[]; delivered_below: string }>`
        SELECT topics, CASE WHEN delivered_below <= pg_snapshot_xmax(pg_current_snapshot()) THEN delivered_below ELSE '0' END::text AS delivered_below
          FROM outbox_consumer_marks WHERE consumer = ${consumer}`.execute(db)
    ).rows[0];
    if (!row) return '0';
    const key = topicKey(topics);
    return row.topics.length === key.length && row.topics.every((t, i) => t === key[i]) ? String(row.delivered_below) : '0';
  }

  /**
   * Messages of the topics not yet delivered to `consumer`, oldest first, locked FOR UPDATE; rows another worker
   * holds are skipped, not waited for. Only rows written by a transaction at or above `from` (the consumer's mark,
   * `markOf`) are looked at: through outbox_topic_xid_idx, the recent rows, not every row ever written.
   */
  claim(db: Executor, consumer: string, topics: readonly string[], limit: number, from = '0'): Promise<OutboxMessage[]> {
    if (!topics.length) return Promise.resolve([]);
    return db
      .selectFrom('outbox as o')
      .select(['o.id', 'o.topic', 'o.payload', 'o.created_at'])
      .where('o.topic', 'in', [...topics])
      .where(sql<boolean>`o.xid >= ${from}::xid8`)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('outbox_deliveries as d').select(sql`1`.as('one')).where('d.consumer', '=', consumer).whereRef('d.outbox_id', '=', 'o.id'))))
      .orderBy('o.id')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute() as Promise<OutboxMessage[]>;
  }

  /**
   * Records the deliveries; returns the ids actually recorded now. A worker that read the rows before another
   * committed them gets nothing back for those (the primary key), so it never handles a message twice.
   */
  async recordDeliveries(db: Executor, consumer: string, ids: string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows = await db
      .insertInto('outbox_deliveries')
      .values(ids.map((id) => ({ consumer, outbox_id: id })))
      .onConflict((oc) => oc.columns(['consumer', 'outbox_id']).doNothing())
      .returning('outbox_id')
      .execute();
    return new Set(rows.map((r) => String(r.outbox_id)));
  }

  /**
   * Moves `consumer`'s mark up (never down), in one autocommit statement, to the lower of
   *  - pg_snapshot_xmin of the statement's snapshot: every transaction below it has ended, so all its rows are
   *    visible here; every transaction still running, or yet to start, has an id at or above it (a row id is drawn
   *    at INSERT and shows at COMMIT, so a late commit can bring a smaller row id than rows already claimed — but
   *    never a transaction id below this xmin);
   *  - the transaction id of the oldest row of its topics it does not see delivered (rows a concurrent worker holds
   *    or handles count as undelivered until that worker commits).
   * So every row below the mark is visible and delivered; none can appear below it later. Returns the new mark.
   * A stored mark from another cluster (above this server's ids, see `markOf`) is replaced, not kept by GREATEST.
   */
  async advanceMark(db: Db, consumer: string, topics: readonly string[], from: string): Promise<string> {
    const key = topicKey(topics);
    const row = await sql<{ delivered_below: string }>`
      INSERT INTO outbox_consumer_marks AS m (consumer, topics, delivered_below, updated_at)
      SELECT ${consumer}, ${key}::text[],
             LEAST(pg_snapshot_xmin(pg_current_snapshot()),
                   (SELECT min(o.xid) FROM outbox o
                     WHERE o.topic = ANY(${key}::text[]) AND o.xid >= ${from}::xid8
                       AND NOT EXISTS (SELECT 1 FROM outbox_deliveries d WHERE d.consumer = ${consumer} AND d.outbox_id = o.id))),
             now()
      ON CONFLICT (consumer) DO UPDATE
        SET delivered_below = CASE WHEN m.topics = EXCLUDED.topics AND m.delivered_below <= pg_snapshot_xmax(pg_current_snapshot())
                                   THEN GREATEST(m.delivered_below, EXCLUDED.delivered_below) ELSE EXCLUDED.delivered_below END,
            topics = EXCLUDED.topics,
            updated_at = EXCLUDED.updated_at
      RETURNING delivered_below::text AS delivered_below`.execute(db);
    return row.rows[0]!.delivered_below;
  }

  /**
   * Deletes, oldest first in batches, the outbox rows created before `before` that every subscription taking their
   * topic has delivered (their delivery rows go with them, ON DELETE CASCADE). A row some subscriber has not
   * delivered stays. A topic no subscription takes has nobody to wait for. Returns the number deleted.
   */
  async purgeDelivered(db: Db, subscriptions: readonly OutboxSubscription[], before: Date, batch = 5000): Promise<number> {
    const pairs = subscriptions.flatMap((s) => topicKey(s.topics).map((topic) => ({ consumer: s.name, topic })));
    const consumers = pairs.map((p) => p.consumer);
    const topics = pairs.map((p) => p.topic);
    let after = '0';
    let deleted = 0;
    for (;;) {
      const { rows } = await sql<{ last: string | null; taken: string; deleted: string }>`
        WITH batch AS (
          SELECT id, topic FROM outbox WHERE id > ${after}::bigint AND created_at < ${before} ORDER BY id LIMIT ${batch}
        ), gone AS (
          DELETE FROM outbox o USING batch b
           WHERE o.id = b.id
             AND NOT EXISTS (
               SELECT 1 FROM unnest(${consumers}::text[], ${topics}::text[]) AS s(consumer, topic)
                WHERE s.topic = b.topic
                  AND NOT EXISTS (SELECT 1 FROM outbox_deliveries d WHERE d.consumer = s.consumer AND d.outbox_id = b.id))
          RETURNING o.id
        )
        SELECT (SELECT max(id) FROM batch)::text AS last, (SELECT count(*) FROM batch)::text AS taken, (SELECT count(*) FROM gone)::text AS deleted`.execute(db);
      const r = rows[0]!;
      deleted += Number(r.deleted);
      if (r.last === null || Number(r.taken) < batch) return deleted;
      after = r.last;
    }
  }
}
