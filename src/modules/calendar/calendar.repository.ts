// SQL of the working-day calendar: the yearly official schedules and the agencies' working hours.
import type { Executor } from '../../db/database.ts';
import type { ScheduleEntry } from './calendar.rules.ts';

export interface WorkingHoursRow {
  opens: string;
  closes: string;
  lunch_start: string | null;
  lunch_end: string | null;
  same_day_cutoff: string;
}

export class CalendarRepository {
  /** The official schedule entries of the given years, by year. */
  async schedules(db: Executor, years: readonly number[]): Promise<Map<number, ScheduleEntry[]>> {
    const out = new Map<number, ScheduleEntry[]>(years.map((y) => [y, []]));
    if (years.length === 0) return out;
    const rows = await db
      .selectFrom('calendar_year_entries')
      .select(['year', 'date', 'kind', 'name'])
      .where('year', 'in', [...years])
      .orderBy('date')
      .execute();
    for (const row of rows) out.get(row.year)?.push({ date: row.date, kind: row.kind, name: row.name });
    return out;
  }

  /** Replaces the official schedule of a year (locks the year's rows first). */
  async replaceYear(db: Executor, year: number, entries: readonly ScheduleEntry[], by: string | null): Promise<void> {
    await db.deleteFrom('calendar_year_entries').where('year', '=', year).execute();
    if (entries.length === 0) return;
    await db
      .insertInto('calendar_year_entries')
      .values(entries.map((e) => ({ year, date: e.date, kind: e.kind, name: e.name, created_by: by, updated_at: new Date() })))
      .execute();
  }

  /** Serialises concurrent edits of the same year. */
  async lockYear(db: Executor, year: number): Promise<void> {
    await db.selectNoFrom((eb) => eb.fn('pg_advisory_xact_lock', [eb.val(0x0ca1e000 + year)]).as('locked')).execute();
  }

  async workingHours(db: Executor, agencyId: string): Promise<WorkingHoursRow | undefined> {
    return db
      .selectFrom('agency_working_hours')
      .select(['opens', 'closes', 'lunch_start', 'lunch_end', 'same_day_cutoff'])
      .where('agency_id', '=', agencyId)
      .executeTakeFirst();
  }

  async upsertWorkingHours(db: Executor, agencyId: string, row: WorkingHoursRow, by: string | null): Promise<void> {
    await db
      .insertInto('agency_working_hours')
      .values({ agency_id: agencyId, ...row, updated_by: by, updated_at: new Date() })
      .onConflict((oc) => oc.column('agency_id').doUpdateSet({ ...row, updated_by: by, updated_at: new Date() }))
      .execute();
  }
}
