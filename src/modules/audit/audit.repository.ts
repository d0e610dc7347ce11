import { sql, type Selectable } from 'kysely';
import type { AuditLogTable } from '../../db/schema.ts';
import type { Executor } from '../../db/database.ts';
import { GENESIS_HASH, type AuditFields, type ChainRow } from './audit.rules.ts';

const CHAIN_LOCK = 7_215_002;

/** The recorded fields of a stored entry (what its hash covers). */
function fieldsOf(r: Selectable<AuditLogTable>): AuditFields {
  return {
    at: r.at,
    actorId: r.actor_id,
    actorName: r.actor_name,
    agencyId: r.agency_id,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    summary: r.summary,
    ip: r.ip,
  };
}

export class AuditRepository {
  /** Appends an entry, unsealed (no chain position yet): no lock, so audited transactions commit in parallel. */
  async append(db: Executor, row: AuditFields): Promise<void> {
    await db
      .insertInto('audit_log')
      .values({
        at: row.at,
        actor_id: row.actorId,
        actor_name: row.actorName,
        agency_id: row.agencyId,
        action: row.action,
        target_type: row.targetType,
        target_id: row.targetId,
        summary: JSON.stringify(row.summary ?? {}),
        ip: row.ip,
      })
      .execute();
  }

  /** Serialises sealers for the caller's transaction; returns the chain's head (last seq and its hash). */
  async lockHead(db: Executor): Promise<{ seq: bigint; hash: string }> {
    await sql`SELECT pg_advisory_xact_lock(${CHAIN_LOCK})`.execute(db);
    const last = await db.selectFrom('audit_log').select(['seq', 'hash']).where('seq', 'is not', null).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    return last ? { seq: BigInt(last.seq!), hash: last.hash! } : { seq: 0n, hash: GENESIS_HASH };
  }

  /** Committed entries not sealed yet, oldest id first. */
  async unsealed(db: Executor, limit: number): Promise<Array<AuditFields & { id: string }>> {
    const rows = await db.selectFrom('audit_log').selectAll().where('seq', 'is', null).orderBy('id').limit(limit).execute();
    return rows.map((r) => ({ id: r.id, ...fieldsOf(r) }));
  }

  /** Writes the chain links of sealed entries (one statement). */
  async seal(db: Executor, links: Array<{ id: string; seq: bigint; prevHash: string; hash: string }>): Promise<void> {
    if (!links.length) return;
    await sql`
      UPDATE audit_log a SET seq = v.seq, prev_hash = v.prev_hash, hash = v.hash
      FROM (SELECT unnest(${links.map((l) => l.id)}::bigint[]) AS id, unnest(${links.map((l) => l.seq.toString())}::bigint[]) AS seq,
                   unnest(${links.map((l) => l.prevHash)}::text[]) AS prev_hash, unnest(${links.map((l) => l.hash)}::text[]) AS hash) v
      WHERE a.id = v.id`.execute(db);
  }

  /** Streams the sealed chain in seq order, a page at a time. */
  async *chain(db: Executor, pageSize = 5000): AsyncGenerator<ChainRow> {
    let after = '0';
    for (;;) {
      const rows = await db
        .selectFrom('audit_log')
        .selectAll()
        .where('seq', '>', after)
        .orderBy('seq')
        .limit(pageSize)
        .execute();
      for (const r of rows) {
        yield { id: r.id, ...fieldsOf(r), prevHash: r.prev_hash!, hash: r.hash! };
      }
      if (rows.length < pageSize) return;
      after = rows[rows.length - 1]!.seq!;
    }
  }

  /**
   * Newest first, within a scope: entries whose agency is one of `agencyIds`, plus those without an agency
   * when `includeUnassigned`. Filters: action (exact, or a prefix followed by '.'), target type and id.
   */
  async search(
    db: Executor,
    options: {
      agencyIds: string[];
      includeUnassigned: boolean;
      action?: string;
      targetType?: string;
      targetId?: string;
      limit: number;
      offset: number;
    },
  ) {
    const filtered = () => {
      let query = db.selectFrom('audit_log as l').leftJoin('agencies as ag', 'ag.id', 'l.agency_id');
      query = query.where((eb) => {
        const parts = [];
        if (options.agencyIds.length) parts.push(eb('l.agency_id', 'in', options.agencyIds));
        if (options.includeUnassigned) parts.push(eb('l.agency_id', 'is', null));
        return parts.length ? eb.or(parts) : eb.val(false);
      });
      if (options.action) {
        const prefix = `${options.action.replace(/[\\%_]/g, (c) => `\\${c}`)}.%`;
        query = query.where((eb) => eb.or([eb('l.action', '=', options.action!), eb('l.action', 'like', prefix)]));
      }
      if (options.targetType) query = query.where('l.target_type', '=', options.targetType);
      if (options.targetId) query = query.where('l.target_id', '=', options.targetId);
      return query;
    };
    const rows = await filtered()
      .select([
        'l.id', 'l.at', 'l.actor_id', 'l.actor_name', 'l.agency_id', 'l.action', 'l.target_type', 'l.target_id', 'l.summary', 'l.ip',
        'ag.code as agency_code',
      ])
      .orderBy('l.id', 'desc')
      .limit(options.limit)
      .offset(options.offset)
      .execute();
    const total = (await filtered().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;
    return { rows, total };
  }
}
