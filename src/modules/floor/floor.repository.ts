// SQL of the one-stop floor: groups and their procedures, counters and the groups they serve, the numbering of
// tickets per group and day, the tickets and their events (each change also sends NOTIFY floor with the agency's
// id, in the same statement or transaction), the rating tablet's ratings and the kiosk's rate limit.
import { sql, type Selectable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { DomainError } from '../../core/errors.ts';
import { hitWindow, purgeEndedWindows, windowCounter, type WindowHit } from '../../db/window-counter.ts';
import type { FloorCountersTable, FloorEventKind, FloorGroupsTable, FloorTicketsTable, FloorTicketPriority, FloorTicketSource, FloorGrade } from '../../db/schema.ts';

export type GroupRow = Selectable<FloorGroupsTable>;
export type CounterRow = Selectable<FloorCountersTable>;
export type TicketRow = Selectable<FloorTicketsTable>;

/** The kiosk's tickets per client address (fixed windows). */
const KIOSK_LIMITS = windowCounter('floor_kiosk_limits', ['key']);

export interface GroupListRow extends GroupRow {
  /** Open counters serving the group now. */
  open_counters: number;
  /** Tickets of today waiting in its queue. */
  waiting: number;
}

export interface CounterListRow extends CounterRow {
  officer_name: string | null;
  group_ids: string[];
}

export interface TicketView extends TicketRow {
  group_code: string;
  group_name_vi: string;
  group_name_en: string;
  queue_group_code: string;
  counter_number: number | null;
  agency_code: string;
}

/** The columns a ticket's change may set (besides status, version and the event). */
export type TicketPatch = Partial<Pick<TicketRow, 'status' | 'counter_id' | 'officer_id' | 'for_counter_id' | 'queue_group_id' | 'dossier_id'>> & {
  /** A recall: calls + 1, last_called_at now. */
  recall?: boolean;
  /** Set this instant to the database's now(). */
  stamp?: 'served_at' | 'finished_at';
};

const n = (v: unknown) => Number(v ?? 0);

export class FloorRepository {
  // --- groups ----------------------------------------------------------------------------------------------------

  /** The agency's groups with their open counters and today's waiting tickets (two correlated counts, small tables). */
  async groups(db: Executor, agencyId: string, day: string, activeOnly = false): Promise<GroupListRow[]> {
    let q = db
      .selectFrom('floor_groups as g')
      .selectAll('g')
      .select((eb) => [
        eb
          .selectFrom('floor_counter_groups as cg')
          .innerJoin('floor_counters as c', 'c.id', 'cg.counter_id')
          .whereRef('cg.group_id', '=', 'g.id')
          .where('c.officer_id', 'is not', null)
          .where('c.active', '=', true)
          .select(sql<number>`count(*)::int`.as('n'))
          .as('open_counters'),
        eb.selectFrom('floor_tickets as t').whereRef('t.queue_group_id', '=', 'g.id').where('t.day', '=', day).where('t.status', '=', 'waiting').select(sql<number>`count(*)::int`.as('n')).as('waiting'),
      ])
      .where('g.agency_id', '=', agencyId);
    if (activeOnly) q = q.where('g.active', '=', true);
    const rows = await q.orderBy('g.code').execute();
    return rows.map((r) => ({ ...r, open_counters: n(r.open_counters), waiting: n(r.waiting) }));
  }

  group(db: Executor, id: string): Promise<GroupRow | undefined> {
    return db.selectFrom('floor_groups').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The procedure codes of a group (the catalog's keys). */
  async groupProcedureCodes(db: Executor, groupId: string): Promise<string[]> {
    const rows = await db.selectFrom('floor_group_procedures as gp').innerJoin('procedures as p', 'p.id', 'gp.procedure_id').select('p.code').where('gp.group_id', '=', groupId).orderBy('p.code').execute();
    return rows.map((r) => r.code);
  }

  /** Procedure ids by code (the catalog's keys; unknown codes are absent). */
  async procedureIds(db: Executor, codes: readonly string[]): Promise<Map<string, string>> {
    if (!codes.length) return new Map();
    const rows = await db.selectFrom('procedures').select(['id', 'code']).where('code', 'in', codes).execute();
    return new Map(rows.map((r) => [r.code, r.id]));
  }

  /** Procedures (codes) already in another group of the agency. */
  async proceduresInOtherGroups(db: Executor, agencyId: string, procedureIds: readonly string[], exceptGroupId: string | null): Promise<string[]> {
    if (!procedureIds.length) return [];
    let q = db
      .selectFrom('floor_group_procedures as gp')
      .innerJoin('floor_groups as g', 'g.id', 'gp.group_id')
      .innerJoin('procedures as p', 'p.id', 'gp.procedure_id')
      .select('p.code')
      .where('g.agency_id', '=', agencyId)
      .where('gp.procedure_id', 'in', procedureIds);
    if (exceptGroupId) q = q.where('g.id', '<>', exceptGroupId);
    return (await q.execute()).map((r) => r.code);
  }

  async insertGroup(db: Executor, row: { agency_id: string; code: string; name_vi: string; name_en: string; active: boolean }): Promise<GroupRow> {
    try {
      return await db.insertInto('floor_groups').values(row).returningAll().executeTakeFirstOrThrow();
    } catch (error) {
      if (isUniqueViolation(error, 'floor_groups_agency_id_code_key')) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/code', code: 'FLOOR_GROUP_CODE_TAKEN' }]);
      throw error;
    }
  }

  async updateGroup(db: Executor, id: string, patch: { name_vi: string; name_en: string; active: boolean }): Promise<GroupRow | undefined> {
    return db.updateTable('floor_groups').set(patch).where('id', '=', id).returningAll().executeTakeFirst();
  }

  async setGroupProcedures(db: Executor, groupId: string, procedureIds: readonly string[]): Promise<void> {
    await db.deleteFrom('floor_group_procedures').where('group_id', '=', groupId).execute();
    if (procedureIds.length) await db.insertInto('floor_group_procedures').values(procedureIds.map((procedure_id) => ({ group_id: groupId, procedure_id }))).execute();
  }

  // --- counters --------------------------------------------------------------------------------------------------

  async counters(db: Executor, agencyId: string): Promise<CounterListRow[]> {
    const rows = await db
      .selectFrom('floor_counters as c')
      .leftJoin('accounts as a', 'a.id', 'c.officer_id')
      .selectAll('c')
      .select('a.full_name as officer_name')
      .select((eb) => eb.fn.coalesce(eb.selectFrom('floor_counter_groups as cg').whereRef('cg.counter_id', '=', 'c.id').select(sql<string[]>`array_agg(cg.group_id::text)`.as('ids')), sql<string[]>`'{}'::text[]`).as('group_ids'))
      .where('c.agency_id', '=', agencyId)
      .orderBy('c.number')
      .execute();
    return rows.map((r) => ({ ...r, group_ids: (r.group_ids as string[] | null) ?? [] }));
  }

  /** Counters of the given agencies (the console's choice when none is open), active ones, at most 200. */
  async countersIn(db: Executor, agencyIds: readonly string[]): Promise<Array<CounterListRow & { agency_code: string; agency_name: string }>> {
    if (!agencyIds.length) return [];
    const rows = await db
      .selectFrom('floor_counters as c')
      .innerJoin('agencies as ag', 'ag.id', 'c.agency_id')
      .leftJoin('accounts as a', 'a.id', 'c.officer_id')
      .selectAll('c')
      .select(['a.full_name as officer_name', 'ag.code as agency_code', 'ag.name as agency_name'])
      .select((eb) => eb.fn.coalesce(eb.selectFrom('floor_counter_groups as cg').whereRef('cg.counter_id', '=', 'c.id').select(sql<string[]>`array_agg(cg.group_id::text)`.as('ids')), sql<string[]>`'{}'::text[]`).as('group_ids'))
      .where('c.agency_id', 'in', agencyIds)
      .where('c.active', '=', true)
      .orderBy('ag.code')
      .orderBy('c.number')
      .limit(200)
      .execute();
    return rows.map((r) => ({ ...r, group_ids: (r.group_ids as string[] | null) ?? [] }));
  }

  async counterGroupIds(db: Executor, counterId: string): Promise<string[]> {
    return (await db.selectFrom('floor_counter_groups').select('group_id').where('counter_id', '=', counterId).execute()).map((r) => r.group_id);
  }

  counter(db: Executor, id: string): Promise<CounterRow | undefined> {
    return db.selectFrom('floor_counters').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The counter the officer has open, if any. */
  counterOf(db: Executor, officerId: string): Promise<CounterRow | undefined> {
    return db.selectFrom('floor_counters').selectAll().where('officer_id', '=', officerId).executeTakeFirst();
  }

  async insertCounter(db: Executor, row: { agency_id: string; number: number; label: string; active: boolean }): Promise<CounterRow> {
    try {
      return await db.insertInto('floor_counters').values(row).returningAll().executeTakeFirstOrThrow();
    } catch (error) {
      if (isUniqueViolation(error, 'floor_counters_agency_id_number_key')) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/number', code: 'FLOOR_COUNTER_NUMBER_TAKEN' }]);
      throw error;
    }
  }

  async updateCounter(db: Executor, id: string, patch: { number: number; label: string; active: boolean }): Promise<CounterRow | undefined> {
    try {
      return await db.updateTable('floor_counters').set(patch).where('id', '=', id).returningAll().executeTakeFirst();
    } catch (error) {
      if (isUniqueViolation(error, 'floor_counters_agency_id_number_key')) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/number', code: 'FLOOR_COUNTER_NUMBER_TAKEN' }]);
      throw error;
    }
  }

  async setCounterGroups(db: Executor, counterId: string, groupIds: readonly string[]): Promise<void> {
    await db.deleteFrom('floor_counter_groups').where('counter_id', '=', counterId).execute();
    if (groupIds.length) await db.insertInto('floor_counter_groups').values(groupIds.map((group_id) => ({ counter_id: counterId, group_id }))).execute();
  }

  /** Opens a free, active counter for the officer; undefined when it is taken (or inactive). One counter per officer. */
  async openCounter(db: Executor, counterId: string, officerId: string): Promise<CounterRow | undefined> {
    try {
      return await db
        .updateTable('floor_counters')
        .set({ officer_id: officerId, opened_at: sql<Date>`now()` })
        .where('id', '=', counterId)
        .where('active', '=', true)
        .where((eb) => eb.or([eb('officer_id', 'is', null), eb('officer_id', '=', officerId)]))
        .returningAll()
        .executeTakeFirst();
    } catch (error) {
      if (isUniqueViolation(error, 'floor_counters_officer_key')) throw new DomainError('FLOOR_OFFICER_HAS_COUNTER');
      throw error;
    }
  }

  async closeCounter(db: Executor, counterId: string, officerId: string): Promise<CounterRow | undefined> {
    return db.updateTable('floor_counters').set({ officer_id: null, opened_at: null }).where('id', '=', counterId).where('officer_id', '=', officerId).returningAll().executeTakeFirst();
  }

  // --- tickets ---------------------------------------------------------------------------------------------------

  /** The next number of a group on a day: the row stays locked until the transaction ends (no gap on rollback). */
  async nextNumber(tx: Executor, groupId: string, day: string): Promise<number> {
    const row = await tx
      .insertInto('floor_ticket_sequences')
      .values({ group_id: groupId, day, last: 1 })
      .onConflict((oc) => oc.columns(['group_id', 'day']).doUpdateSet({ last: sql<number>`floor_ticket_sequences.last + 1` }))
      .returning('last')
      .executeTakeFirstOrThrow();
    return row.last;
  }

  async insertTicket(
    tx: Executor,
    row: { agency_id: string; group_id: string; day: string; number: number; code: string; priority: FloorTicketPriority; source: FloorTicketSource; appointment_id: string | null; phone: string | null; officer_id: string | null },
  ): Promise<TicketRow> {
    const { officer_id, ...values } = row;
    const ticket = await tx.insertInto('floor_tickets').values({ ...values, queue_group_id: row.group_id }).returningAll().executeTakeFirstOrThrow();
    await this.event(tx, ticket.agency_id, ticket.id, 'issued', null, officer_id);
    return ticket;
  }

  /** A ticket's event and the NOTIFY of its agency (both part of the caller's transaction). */
  async event(tx: Executor, agencyId: string, ticketId: string, kind: FloorEventKind, counterId: string | null, officerId: string | null): Promise<void> {
    await sql`WITH e AS (INSERT INTO floor_ticket_events (agency_id, ticket_id, kind, counter_id, officer_id) VALUES (${agencyId}, ${ticketId}, ${kind}, ${counterId}, ${officerId}))
      SELECT pg_notify('floor', ${agencyId})`.execute(tx);
  }

  /** Tickets waiting ahead of this one in its queue (same day, before it in the queue's order). */
  async waitingAhead(db: Executor, ticket: Pick<TicketRow, 'id' | 'queue_group_id' | 'day' | 'rank' | 'issued_at' | 'number'>): Promise<number> {
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM floor_tickets
       WHERE day = ${ticket.day} AND status = 'waiting' AND queue_group_id = ${ticket.queue_group_id} AND id <> ${ticket.id}
         AND (rank, issued_at, number) < (${ticket.rank}, ${ticket.issued_at}, ${ticket.number})`.execute(db);
    return n(rows[0]?.n);
  }

  /**
   * "Call next" in one statement: picks the counter's first waiting ticket of the day (transferred to it by name
   * first, then its groups' queues: rank, order of issue) with FOR UPDATE SKIP LOCKED — two counters calling at
   * once never get the same ticket — only while the counter is open by this officer; marks it called, records the
   * event and sends NOTIFY floor. Undefined when nothing was picked. A second ticket at a counter that already has
   * one called or in service violates floor_tickets_counter_active_key → FLOOR_COUNTER_BUSY.
   */
  async callNext(db: Executor, counterId: string, officerId: string, day: string): Promise<TicketRow | undefined> {
    try {
      const { rows } = await sql<TicketRow>`
        WITH pick AS (
          SELECT t.id FROM floor_tickets t
           WHERE t.day = ${day} AND t.status = 'waiting'
             AND (t.for_counter_id = ${counterId}
                  OR (t.for_counter_id IS NULL AND t.queue_group_id IN (SELECT group_id FROM floor_counter_groups WHERE counter_id = ${counterId})))
             AND EXISTS (SELECT 1 FROM floor_counters c WHERE c.id = ${counterId} AND c.officer_id = ${officerId} AND c.active)
           ORDER BY t.for_counter_id IS NULL, t.rank, t.issued_at, t.number
           LIMIT 1
           FOR UPDATE OF t SKIP LOCKED
        ), t AS (
          UPDATE floor_tickets SET status = 'called', counter_id = ${counterId}, officer_id = ${officerId}, for_counter_id = NULL,
                 calls = calls + 1, called_at = coalesce(called_at, now()), last_called_at = now(), version = version + 1
           WHERE id = (SELECT id FROM pick) AND status = 'waiting'
          RETURNING *
        ), e AS (
          INSERT INTO floor_ticket_events (agency_id, ticket_id, kind, counter_id, officer_id)
          SELECT agency_id, id, 'called', ${counterId}, ${officerId} FROM t
        )
        SELECT t.*, pg_notify('floor', t.agency_id::text) AS notified FROM t`.execute(db);
      const row = rows[0] as (TicketRow & { notified?: unknown }) | undefined;
      if (row) delete row.notified;
      return row;
    } catch (error) {
      if (isUniqueViolation(error, 'floor_tickets_counter_active_key')) throw new DomainError('FLOOR_COUNTER_BUSY');
      throw error;
    }
  }

  ticket(db: Executor, id: string): Promise<TicketRow | undefined> {
    return db.selectFrom('floor_tickets').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** A ticket with its group's names, its queue's letter, its counter's number and its agency's code. */
  ticketView(db: Executor, id: string): Promise<TicketView | undefined> {
    return db
      .selectFrom('floor_tickets as t')
      .innerJoin('floor_groups as g', 'g.id', 't.group_id')
      .innerJoin('floor_groups as q', 'q.id', 't.queue_group_id')
      .innerJoin('agencies as a', 'a.id', 't.agency_id')
      .leftJoin('floor_counters as c', 'c.id', 't.counter_id')
      .selectAll('t')
      .select(['g.code as group_code', 'g.name_vi as group_name_vi', 'g.name_en as group_name_en', 'q.code as queue_group_code', 'c.number as counter_number', 'a.code as agency_code'])
      .where('t.id', '=', id)
      .executeTakeFirst();
  }

  /** The ticket called or in service at a counter. */
  activeAt(db: Executor, counterId: string): Promise<TicketRow | undefined> {
    return db.selectFrom('floor_tickets').selectAll().where('counter_id', '=', counterId).where('status', 'in', ['called', 'serving']).executeTakeFirst();
  }

  /** Today's tickets waiting for a counter (transferred to it, or in its groups' queues). */
  async waitingFor(db: Executor, counterId: string, day: string): Promise<number> {
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM floor_tickets t
       WHERE t.day = ${day} AND t.status = 'waiting'
         AND (t.for_counter_id = ${counterId}
              OR (t.for_counter_id IS NULL AND t.queue_group_id IN (SELECT group_id FROM floor_counter_groups WHERE counter_id = ${counterId})))`.execute(db);
    return n(rows[0]?.n);
  }

  /**
   * A ticket's change with its event and NOTIFY, in one statement, when its version is still `version`
   * (undefined otherwise: someone else changed it first).
   */
  async change(db: Executor, id: string, version: number, patch: TicketPatch, event: { kind: FloorEventKind; counterId: string | null; officerId: string | null }): Promise<TicketRow | undefined> {
    const { recall, stamp, ...columns } = patch;
    const rows = await db
      .with('t', (qb) =>
        qb
          .updateTable('floor_tickets')
          .set({ ...columns, version: sql<number>`version + 1`, ...(recall ? { calls: sql<number>`calls + 1`, last_called_at: sql<Date>`now()` } : {}), ...(stamp ? { [stamp]: sql<Date>`now()` } : {}) })
          .where('id', '=', id)
          .where('version', '=', version)
          .returningAll(),
      )
      .with('e', (qb) =>
        qb.insertInto('floor_ticket_events').columns(['agency_id', 'ticket_id', 'kind', 'counter_id', 'officer_id']).expression((eb) => eb.selectFrom('t').select(['t.agency_id', 't.id', sql.lit(event.kind).as('kind'), sql<string | null>`${event.counterId}::uuid`.as('counter_id'), sql<string | null>`${event.officerId}::uuid`.as('officer_id')])),
      )
      .selectFrom('t')
      .selectAll('t')
      .select(sql<string>`pg_notify('floor', t.agency_id::text)`.as('notified'))
      .execute();
    const row = rows[0] as (TicketRow & { notified?: unknown }) | undefined;
    if (row) delete row.notified;
    return row;
  }

  // --- ratings ---------------------------------------------------------------------------------------------------

  /** The counter's last finished ticket (within the last `minutes`) when it is not rated yet: the rating tablet's question. */
  async lastUnrated(db: Executor, counterId: string, minutes: number): Promise<TicketRow | undefined> {
    const last = await db
      .selectFrom('floor_tickets as t')
      .selectAll('t')
      .select((eb) => eb.exists(eb.selectFrom('floor_counter_ratings as r').whereRef('r.ticket_id', '=', 't.id').select('r.id')).as('rated'))
      .where('t.counter_id', '=', counterId)
      .where('t.status', '=', 'done')
      .where('t.finished_at', '>', sql<Date>`now() - ${minutes}::int * interval '1 minute'`)
      .orderBy('t.finished_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!last || last.rated) return undefined;
    const { rated: _rated, ...ticket } = last;
    return ticket;
  }

  async insertRating(db: Executor, row: { ticket_id: string; agency_id: string; counter_id: string; officer_id: string; dossier_id: string | null; grade: FloorGrade; reasons: string[]; comment: string | null }): Promise<{ id: string; created_at: Date }> {
    try {
      return await db.insertInto('floor_counter_ratings').values(row).returning(['id', 'created_at']).executeTakeFirstOrThrow();
    } catch (error) {
      if (isUniqueViolation(error, 'floor_counter_ratings_ticket_id_key')) throw new DomainError('FLOOR_RATING_EXISTS');
      throw error;
    }
  }

  ratingOf(db: Executor, ticketId: string) {
    return db.selectFrom('floor_counter_ratings').selectAll().where('ticket_id', '=', ticketId).executeTakeFirst();
  }

  // --- the kiosk's limit -----------------------------------------------------------------------------------------

  /** One more ticket of `key` in a fixed window, in one statement. */
  hit(db: Executor, key: string, windowMs: number): Promise<WindowHit> {
    return hitWindow(db, KIOSK_LIMITS, { key }, windowMs);
  }

  /** Deletes the counters whose window ended by `now`; how many. */
  purgeExpiredLimits(db: Executor, now: Date): Promise<number> {
    return purgeEndedWindows(db, KIOSK_LIMITS, now);
  }
}
