// SQL of the National Public Service Portal's dossier exchange: the delivered dossiers (national code → dossier),
// the outbound messages and their per-dossier order, the portal's reachability, and the facts of a back-office
// step (read from dossiers, dossier_events and dossier_steps, which every module shares) for its messages.
import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import type { NationalPortalMessageKind, NationalPortalMessageState } from '../../db/schema.ts';

/** The national dossier code was delivered before (another transaction won). */
export class NationalCodeTaken extends Error {
  constructor() {
    super('national code taken');
    this.name = 'NationalCodeTaken';
  }
}

/** First key of the per-dossier advisory lock taken before numbering a dossier's messages ('NPMS'). */
const SEQUENCE_LOCK_NAMESPACE = 0x4e504d53;

export interface MessageRow {
  id: string;
  dossier_id: string;
  procedure_id: string;
  kind: NationalPortalMessageKind;
  sequence: number;
  payload: Record<string, unknown>;
  state: NationalPortalMessageState;
  attempts: number;
  last_error: string | null;
  next_attempt_at: Date;
  created_at: Date;
  sent_at: Date | null;
}

export interface ReconciliationRow extends MessageRow {
  code: string | null;
  national_code: string;
}

export interface HealthRow {
  unreachable_since: Date | null;
  last_error: string | null;
  last_success_at: Date | null;
  alerted_at: Date | null;
}

const MESSAGE_COLUMNS = ['m.id', 'm.dossier_id', 'm.procedure_id', 'm.kind', 'm.sequence', 'm.payload', 'm.state', 'm.attempts', 'm.last_error', 'm.next_attempt_at', 'm.created_at', 'm.sent_at'] as const;

export class NationalPortalRepository {
  // --- inbound -----------------------------------------------------------------------------------

  inbound(db: Executor, nationalCode: string): Promise<{ dossier_id: string; code: string | null } | undefined> {
    return db
      .selectFrom('national_portal_dossiers as n')
      .innerJoin('dossiers as d', 'd.id', 'n.dossier_id')
      .select(['n.dossier_id', 'd.code'])
      .where('n.national_code', '=', nationalCode)
      .executeTakeFirst();
  }

  async insertInbound(db: Executor, row: { national_code: string; dossier_id: string; procedure_code: string; files: Array<{ id: string; name: string; sha256: string }> }): Promise<void> {
    try {
      await db.insertInto('national_portal_dossiers').values({ ...row, files: JSON.stringify(row.files) }).execute();
    } catch (error) {
      if (isUniqueViolation(error, 'national_portal_dossiers_pkey')) throw new NationalCodeTaken();
      throw error;
    }
  }

  /** Records one of our online dossiers as known to the portal under our code; false when it already was. */
  async insertPushed(db: Executor, row: { national_code: string; dossier_id: string; procedure_code: string }): Promise<boolean> {
    const inserted = await db
      .insertInto('national_portal_dossiers')
      .values({ ...row, origin: 'agency' })
      .onConflict((oc) => oc.doNothing())
      .returning('dossier_id')
      .execute();
    return inserted.length > 0;
  }

  /** One of our online dossiers as the portal is first told about it. */
  ownDossier(db: Executor, dossierId: string) {
    return db
      .selectFrom('dossiers as d')
      .innerJoin('procedure_versions as v', 'v.id', 'd.procedure_version_id')
      .innerJoin('procedures as p', 'p.id', 'v.procedure_id')
      .select(['d.code', 'd.channel', 'd.source', 'd.status', 'd.applicant_name', 'd.applicant_kind', 'd.applicant_id_number', 'd.form_data', 'd.submitted_at', 'd.received_at', 'd.appointment_at', 'd.agency_id', 'p.code as procedure_code', 'v.national_code', 'p.id as procedure_id', 'v.name as procedure_name'])
      .where('d.id', '=', dossierId)
      .executeTakeFirst();
  }

  /** The national code of a dossier the portal knows, its row locked (the dossier's message numbering). */
  lockInbound(db: Executor, dossierId: string, skipLocked = false): Promise<{ national_code: string } | undefined> {
    const q = db.selectFrom('national_portal_dossiers').select('national_code').where('dossier_id', '=', dossierId).forUpdate();
    return (skipLocked ? q.skipLocked() : q).executeTakeFirst();
  }

  // --- a back-office step ---------------------------------------------------------------------------

  async stepFacts(db: Executor, dossierId: string, at: Date) {
    const dossier = await db
      .selectFrom('dossiers as d')
      .innerJoin('procedure_versions as v', 'v.id', 'd.procedure_version_id')
      .select(['v.procedure_id', 'd.received_at', 'd.appointment_at', 'd.finished_at', 'd.returned_at', 'd.due_at'])
      .where('d.id', '=', dossierId)
      .executeTakeFirst();
    if (!dossier) return null;
    const event = await db
      .selectFrom('dossier_events')
      .select(['handler_name', 'department'])
      .where('dossier_id', '=', dossierId)
      .where('at', '=', at)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    const step = await db.selectFrom('dossier_steps').select('due_at').where('dossier_id', '=', dossierId).where('started_at', '=', at).orderBy('id', 'desc').limit(1).executeTakeFirst();
    return { ...dossier, handler: event?.handler_name ?? null, department: event?.department ?? null, stepDue: step?.due_at ?? null };
  }

  /**
   * The dossier's next message number (max + 1). First takes a transaction-scoped advisory lock on the dossier, so
   * two transactions numbering the same dossier at once (two job runs, two instances) take turns: the second reads
   * the first one's messages once it has committed, whatever row locks its caller holds. Two-key form, the first the
   * namespace of this numbering (the single-bigint keys of other locks do not collide with it).
   */
  async nextSequence(db: Executor, dossierId: string): Promise<number> {
    await sql`SELECT pg_advisory_xact_lock(${SEQUENCE_LOCK_NAMESPACE}, hashtext(${dossierId}))`.execute(db);
    const row = await db.selectFrom('national_portal_messages').select((eb) => eb.fn.max('sequence').as('last')).where('dossier_id', '=', dossierId).executeTakeFirst();
    return Number(row?.last ?? 0) + 1;
  }

  async insertMessages(db: Executor, rows: Array<{ dossier_id: string; procedure_id: string; kind: NationalPortalMessageKind; sequence: number; payload: Record<string, unknown>; created_at: Date }>): Promise<void> {
    if (!rows.length) return;
    await db
      .insertInto('national_portal_messages')
      .values(rows.map((r) => ({ ...r, payload: JSON.stringify(r.payload), next_attempt_at: r.created_at })))
      .execute();
  }

  // --- sending -------------------------------------------------------------------------------------

  /** Dossiers whose first unsent message is pending and due (a failed head blocks its dossier), oldest first. */
  async dueDossiers(db: Executor, now: Date, limit: number): Promise<string[]> {
    const { rows } = await sql<{ dossier_id: string }>`
      SELECT h.dossier_id FROM (
        SELECT DISTINCT ON (dossier_id) dossier_id, state, next_attempt_at, created_at
          FROM national_portal_messages WHERE state <> 'sent' ORDER BY dossier_id, sequence
      ) h
      WHERE h.state = 'pending' AND h.next_attempt_at <= ${now}
      ORDER BY h.created_at LIMIT ${limit}`.execute(db);
    return rows.map((r) => r.dossier_id);
  }

  head(db: Executor, dossierId: string): Promise<MessageRow | undefined> {
    return db
      .selectFrom('national_portal_messages as m')
      .select(MESSAGE_COLUMNS)
      .where('m.dossier_id', '=', dossierId)
      .where('m.state', '<>', 'sent')
      .orderBy('m.sequence')
      .limit(1)
      .executeTakeFirst() as Promise<MessageRow | undefined>;
  }

  async markSent(db: Executor, id: string, now: Date): Promise<void> {
    await db
      .updateTable('national_portal_messages')
      .set((eb) => ({ state: 'sent', sent_at: now, attempts: eb('attempts', '+', 1), last_error: null }))
      .where('id', '=', id)
      .execute();
  }

  async markFailed(db: Executor, id: string, reason: string): Promise<void> {
    await db
      .updateTable('national_portal_messages')
      .set((eb) => ({ state: 'failed', attempts: eb('attempts', '+', 1), last_error: reason }))
      .where('id', '=', id)
      .execute();
  }

  async markUnreachable(db: Executor, id: string, error: string, nextAttemptAt: Date): Promise<void> {
    await db
      .updateTable('national_portal_messages')
      .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: error, next_attempt_at: nextAttemptAt }))
      .where('id', '=', id)
      .execute();
  }

  /** A failed message back to pending, due now; its dossier's id, or undefined when it had not failed. */
  async retry(db: Executor, id: string, now: Date): Promise<{ dossier_id: string; national_code: string; code: string | null } | undefined> {
    const row = await db
      .updateTable('national_portal_messages')
      .set({ state: 'pending', next_attempt_at: now })
      .where('id', '=', id)
      .where('state', '=', 'failed')
      .returning('dossier_id')
      .executeTakeFirst();
    if (!row) return undefined;
    const d = await db
      .selectFrom('national_portal_dossiers as n')
      .innerJoin('dossiers as d', 'd.id', 'n.dossier_id')
      .select(['n.national_code', 'd.code'])
      .where('n.dossier_id', '=', row.dossier_id)
      .executeTakeFirstOrThrow();
    return { dossier_id: row.dossier_id, ...d };
  }

  // --- health ----------------------------------------------------------------------------------------

  health(db: Executor): Promise<HealthRow | undefined> {
    return db.selectFrom('national_portal_health').select(['unreachable_since', 'last_error', 'last_success_at', 'alerted_at']).executeTakeFirst();
  }

  async reachable(db: Executor, now: Date): Promise<void> {
    await db.updateTable('national_portal_health').set({ unreachable_since: null, alerted_at: null, last_error: null, last_success_at: now }).execute();
  }

  async unreachable(db: Executor, now: Date, error: string): Promise<HealthRow> {
    return db
      .updateTable('national_portal_health')
      .set((eb) => ({ unreachable_since: eb.fn.coalesce('unreachable_since', sql<Date>`${now}::timestamptz`), last_error: error }))
      .returning(['unreachable_since', 'last_error', 'last_success_at', 'alerted_at'])
      .executeTakeFirstOrThrow();
  }

  /** Marks the alert as raised; true only for the caller that raised it (one log line per outage). */
  async raiseAlert(db: Executor, now: Date): Promise<boolean> {
    const rows = await db.updateTable('national_portal_health').set({ alerted_at: now }).where('alerted_at', 'is', null).where('unreachable_since', 'is not', null).returning('id').execute();
    return rows.length > 0;
  }

  // --- reconciliation --------------------------------------------------------------------------------

  async counts(db: Executor): Promise<Record<NationalPortalMessageState, number>> {
    const rows = await db.selectFrom('national_portal_messages').select(['state', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('state').execute();
    const out: Record<NationalPortalMessageState, number> = { pending: 0, sent: 0, failed: 0 };
    for (const r of rows) out[r.state] = Number(r.n);
    return out;
  }

  /** Unsent messages (failed first, then waiting), with the dossier's codes; at most `limit`. */
  open(db: Executor, limit: number): Promise<ReconciliationRow[]> {
    return db
      .selectFrom('national_portal_messages as m')
      .innerJoin('dossiers as d', 'd.id', 'm.dossier_id')
      .innerJoin('national_portal_dossiers as n', 'n.dossier_id', 'm.dossier_id')
      .select([...MESSAGE_COLUMNS, 'd.code', 'n.national_code'])
      .where('m.state', '<>', 'sent')
      .orderBy(sql`m.state = 'failed'`, 'desc')
      .orderBy('m.created_at')
      .orderBy('m.sequence')
      .limit(limit)
      .execute() as Promise<ReconciliationRow[]>;
  }

  async messageExists(db: Executor, id: string): Promise<boolean> {
    return (await db.selectFrom('national_portal_messages').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
  }

  messagesOf(db: Executor, dossierId: string): Promise<MessageRow[]> {
    return db.selectFrom('national_portal_messages as m').select(MESSAGE_COLUMNS).where('m.dossier_id', '=', dossierId).orderBy('m.sequence').execute() as Promise<MessageRow[]>;
  }
}
