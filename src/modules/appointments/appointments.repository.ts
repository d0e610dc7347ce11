// Appointments: the only SQL of the module.
import { sql, type Insertable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { AppointmentsTable, AppointmentStatus } from '../../db/schema.ts';

export interface AppointmentRow {
  id: string;
  code: string;
  agency_id: string;
  group_id: string;
  procedure_id: string | null;
  day: string;
  starts_at: Date;
  ends_at: Date;
  status: AppointmentStatus;
  channel: 'online' | 'phone';
  account_id: string | null;
  name: string;
  phone: string | null;
  email: string | null;
  locale: 'vi' | 'en';
  access_hash: Buffer | null;
  booked_by: string | null;
  created_at: Date;
  cancelled_at: Date | null;
  checked_in_at: Date | null;
  ticket_id: string | null;
  version: number;
}

export interface SettingsRow {
  group_id: string;
  enabled: boolean;
  slot_minutes: number;
  capacity: number;
  days_ahead: number;
  cutoff_minutes: number;
}

export interface ReportRow {
  day: string;
  group_id: string;
  bookings: number;
  check_ins: number;
  cancellations: number;
  no_shows: number;
}

const COLUMNS = [
  'id',
  'code',
  'agency_id',
  'group_id',
  'procedure_id',
  'day',
  'starts_at',
  'ends_at',
  'status',
  'channel',
  'account_id',
  'name',
  'phone',
  'email',
  'locale',
  'access_hash',
  'booked_by',
  'created_at',
  'cancelled_at',
  'checked_in_at',
  'ticket_id',
  'version',
] as const;

export class AppointmentsRepository {
  // --- settings -----------------------------------------------------------------------------------

  settings(db: Executor, groupIds: readonly string[]): Promise<SettingsRow[]> {
    if (!groupIds.length) return Promise.resolve([]);
    return db.selectFrom('appointment_settings').select(['group_id', 'enabled', 'slot_minutes', 'capacity', 'days_ahead', 'cutoff_minutes']).where('group_id', 'in', groupIds).execute();
  }

  async saveSettings(db: Executor, row: SettingsRow & { updated_by: string | null }): Promise<void> {
    const { group_id: _g, ...patch } = row;
    await db
      .insertInto('appointment_settings')
      .values(row)
      .onConflict((oc) => oc.column('group_id').doUpdateSet({ ...patch, updated_at: sql`now()` }))
      .execute();
  }

  // --- slots ------------------------------------------------------------------------------------

  async bookedCounts(db: Executor, groupId: string, from: Date, to: Date): Promise<Map<number, number>> {
    const rows = await db.selectFrom('appointment_slots').select(['starts_at', 'booked']).where('group_id', '=', groupId).where('starts_at', '>=', from).where('starts_at', '<', to).execute();
    return new Map(rows.map((r) => [r.starts_at.getTime(), r.booked]));
  }

  /**
   * Takes one place of a slot when one is left: the counter row is created if absent, then the guarded UPDATE
   * (`booked < capacity`) either takes the place or changes nothing. Concurrent bookings of the last place queue on
   * the row lock; the later one re-reads `booked` and finds the slot full. Call inside the booking's transaction.
   */
  async takePlace(tx: Executor, groupId: string, startsAt: Date, capacity: number): Promise<boolean> {
    await tx.insertInto('appointment_slots').values({ group_id: groupId, starts_at: startsAt, booked: 0 }).onConflict((oc) => oc.columns(['group_id', 'starts_at']).doNothing()).execute();
    const result = await tx
      .updateTable('appointment_slots')
      .set({ booked: sql`booked + 1` })
      .where('group_id', '=', groupId)
      .where('starts_at', '=', startsAt)
      .where('booked', '<', capacity)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async givePlaceBack(tx: Executor, groupId: string, startsAt: Date): Promise<void> {
    await tx.updateTable('appointment_slots').set({ booked: sql`booked - 1` }).where('group_id', '=', groupId).where('starts_at', '=', startsAt).where('booked', '>', 0).execute();
  }

  // --- appointments ---------------------------------------------------------------------------------

  /** Inserts an appointment (the caller drew a code no appointment holds). */
  async insert(tx: Executor, row: Insertable<AppointmentsTable>): Promise<AppointmentRow> {
    return (await tx.insertInto('appointments').values(row).returning(COLUMNS).executeTakeFirstOrThrow()) as AppointmentRow;
  }

  async codeTaken(db: Executor, code: string): Promise<boolean> {
    return !!(await db.selectFrom('appointments').select('id').where('code', '=', code).executeTakeFirst());
  }

  byId(db: Executor, id: string, lock = false): Promise<AppointmentRow | undefined> {
    let q = db.selectFrom('appointments').select(COLUMNS).where('id', '=', id);
    if (lock) q = q.forUpdate();
    return q.executeTakeFirst() as Promise<AppointmentRow | undefined>;
  }

  byCode(db: Executor, code: string, lock = false): Promise<AppointmentRow | undefined> {
    let q = db.selectFrom('appointments').select(COLUMNS).where('code', '=', code);
    if (lock) q = q.forUpdate();
    return q.executeTakeFirst() as Promise<AppointmentRow | undefined>;
  }

  /** Open (booked, not yet started) appointments of a phone number or an account. */
  async openCount(db: Executor, who: { phone: string | null; accountId: string | null }, now: Date): Promise<number> {
    if (!who.phone && !who.accountId) return 0;
    const row = await db
      .selectFrom('appointments')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('status', '=', 'booked')
      .where('starts_at', '>', now)
      .where((eb) => eb.or([...(who.phone ? [eb('phone', '=', who.phone)] : []), ...(who.accountId ? [eb('account_id', '=', who.accountId)] : [])]))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Moves a booked appointment to `status` at `version`; false when it changed meanwhile. */
  async setStatus(tx: Executor, id: string, version: number, patch: { status: AppointmentStatus; cancelled_at?: Date; cancelled_by?: string | null; checked_in_at?: Date; ticket_id?: string | null; no_show_at?: Date }): Promise<boolean> {
    const result = await tx.updateTable('appointments').set({ ...patch, version: sql`version + 1` }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  mine(db: Executor, accountId: string) {
    return db
      .selectFrom('appointments')
      .select(COLUMNS)
      .where('account_id', '=', accountId)
      .orderBy('starts_at', 'desc')
      .limit(100)
      .execute() as Promise<AppointmentRow[]>;
  }

  dayList(db: Executor, groupId: string, day: string) {
    return db.selectFrom('appointments').select(COLUMNS).where('group_id', '=', groupId).where('day', '=', day).orderBy('starts_at').orderBy('created_at').execute() as Promise<AppointmentRow[]>;
  }

  /** Booked appointments of `day` not yet reminded (the reminder job). */
  toRemind(db: Executor, day: string, limit: number) {
    return db.selectFrom('appointments').select(COLUMNS).where('day', '=', day).where('status', '=', 'booked').where('reminded_at', 'is', null).orderBy('starts_at').limit(limit).execute() as Promise<AppointmentRow[]>;
  }

  async markReminded(tx: Executor, id: string, at: Date): Promise<boolean> {
    const result = await tx.updateTable('appointments').set({ reminded_at: at }).where('id', '=', id).where('reminded_at', 'is', null).where('status', '=', 'booked').executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Booked appointments of days before `today` become no-shows (one statement); the count. */
  async markNoShows(db: Executor, today: string, at: Date): Promise<number> {
    const result = await db
      .updateTable('appointments')
      .set({ status: 'no_show', no_show_at: at, version: sql`version + 1` })
      .where('status', '=', 'booked')
      .where('day', '<', today)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** Counts per day and group of the appointments of [from, to] (days) of the groups. */
  async report(db: Executor, groupIds: readonly string[], from: string, to: string): Promise<ReportRow[]> {
    if (!groupIds.length) return [];
    const rows = await db
      .selectFrom('appointments')
      .select((eb) => [
        'day',
        'group_id',
        eb.fn.countAll<string>().as('bookings'),
        sql<string>`count(*) FILTER (WHERE status = 'checked_in')`.as('check_ins'),
        sql<string>`count(*) FILTER (WHERE status = 'cancelled')`.as('cancellations'),
        sql<string>`count(*) FILTER (WHERE status = 'no_show')`.as('no_shows'),
      ])
      .where('group_id', 'in', groupIds)
      .where('day', '>=', from)
      .where('day', '<=', to)
      .groupBy(['day', 'group_id'])
      .orderBy('day')
      .execute();
    return rows.map((r) => ({ day: r.day, group_id: r.group_id, bookings: Number(r.bookings), check_ins: Number(r.check_ins), cancellations: Number(r.cancellations), no_shows: Number(r.no_shows) }));
  }

  // --- other modules' facts (read only) -----------------------------------------------------------

  /** The procedures counter groups serve (the floor's table, read only), named after their latest published version. */
  async groupProcedures(db: Executor, groupIds: readonly string[]): Promise<Array<{ group_id: string; id: string; code: string; name: string }>> {
    if (!groupIds.length) return [];
    const { rows } = await sql<{ group_id: string; id: string; code: string; name: string }>`
      SELECT gp.group_id, p.id, p.code, v.name
      FROM floor_group_procedures gp
      JOIN procedures p ON p.id = gp.procedure_id
      JOIN LATERAL (SELECT name FROM procedure_versions pv WHERE pv.procedure_id = p.id ORDER BY (pv.status = 'published') DESC, pv.version DESC LIMIT 1) v ON true
      WHERE gp.group_id = ANY(${groupIds as string[]}::uuid[])
      ORDER BY v.name`.execute(db);
    return rows;
  }

  account(db: Executor, id: string) {
    return db.selectFrom('accounts').select(['id', 'full_name', 'phone', 'email', 'locale']).where('id', '=', id).executeTakeFirst();
  }
}
