// SQL of the transactional outbox and of its per-consumer deliveries (outbox_deliveries).
import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';

export interface OutboxMessage {
  id: string;
  topic: string;
  payload: Record<string, unknown>;
  created_at: Date;
}

export class OutboxRepository {
  async insert(db: Executor, topic: string, payload: Record<string, unknown>): Promise<void> {
    await db.insertInto('outbox').values({ topic, payload: JSON.stringify(payload) }).execute();
  }

  /**
   * Messages of the topics not yet delivered to `consumer`, oldest first, locked FOR UPDATE; rows another worker
   * holds are skipped, not waited for.
   */
  claim(db: Executor, consumer: string, topics: readonly string[], limit: number): Promise<OutboxMessage[]> {
    if (!topics.length) return Promise.resolve([]);
    return db
      .selectFrom('outbox as o')
      .select(['o.id', 'o.topic', 'o.payload', 'o.created_at'])
      .where('o.topic', 'in', [...topics])
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
}
