// Use cases of the working-day calendar: the holidays of a year, due dates, the yearly official schedule
// (edited by an administrator), agencies' working hours.
//
// Who may edit: the yearly official schedule is national (one per installation), so it needs the role
// 'admin' on a top-level agency (an agency without a parent: the ministry, the province) — never the
// administrator of a single bureau. The working hours of an agency need 'admin' on that agency's subtree.
//
// Cache: the official schedules are read once per year and kept in memory; the calendar (WorkingCalendar,
// lazily computed year tables) is rebuilt when a year is loaded or edited. An edit invalidates the cache of
// this process only: other server processes see it when they restart (one process per installation today).
import { vietnamDayNumber, vietnamYear } from '../../core/time.ts';
import type { Actor } from '../../core/actor.ts';
import { DomainError, type FieldError } from '../../core/errors.ts';
import type { Db, Executor } from '../../db/database.ts';
import type { AgenciesService } from '../agencies/agencies.service.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { CalendarRepository, type WorkingHoursRow } from './calendar.repository.ts';
import {
  addHalfDays,
  addWorkingDays,
  addWorkingHours,
  DEFAULT_WORKING_HOURS,
  formatClock,
  MAX_YEAR,
  minutesPerDay,
  MIN_YEAR,
  parseWorkingHours,
  validateYearSchedule,
  WorkingCalendar,
  yearsSpanned,
  type CalendarEntry,
  type Due,
  type Pause,
  type ScheduleEntry,
  type ScheduleInput,
  type WorkingHours,
} from './calendar.rules.ts';
import type { HoursBodyT, HoursViewT } from './calendar.schemas.ts';
import './calendar.errors.ts';

export interface DueInput {
  /** The receipt instant: ms since the epoch, a Date, or an ISO 8601 date-time with an offset. */
  from: number | Date | string;
  workingDays?: number | undefined;
  halfDays?: number | undefined;
  workingHours?: number | undefined;
  /** Agency whose working hours apply (defaults when absent or without settings). */
  agencyId?: string | null | undefined;
  pauses?: ReadonlyArray<{ from: number | Date | string; to: number | Date | string }>;
  /**
   * Where to read what is not cached yet (the working hours, a year's schedule): the caller's transaction, so that
   * a use case computing a due date inside its transaction never waits for a second connection.
   */
  db?: Executor | undefined;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** ms since the epoch of an instant given as a number, a Date or an ISO date-time with offset; null when invalid. */
export function toInstant(value: number | Date | string): number | null {
  let ms: number;
  if (typeof value === 'number') ms = value;
  else if (value instanceof Date) ms = value.getTime();
  else if (ISO_INSTANT.test(value.trim())) ms = Date.parse(value.trim());
  else return null;
  if (!Number.isFinite(ms)) return null;
  const year = vietnamYear(ms);
  return year >= MIN_YEAR && year <= MAX_YEAR ? ms : null;
}

function invalid(errors: FieldError[]): never {
  throw new DomainError('VALIDATION_FAILED', undefined, errors);
}

export function hoursFromRow(row: WorkingHoursRow | undefined): WorkingHours {
  if (!row) return DEFAULT_WORKING_HOURS;
  const parsed = parseWorkingHours({
    opens: row.opens, closes: row.closes, lunchStart: row.lunch_start, lunchEnd: row.lunch_end, sameDayCutoff: row.same_day_cutoff,
  });
  return parsed.hours ?? DEFAULT_WORKING_HOURS;
}

export function hoursText(hours: WorkingHours): HoursViewT {
  return {
    opens: formatClock(hours.opens),
    closes: formatClock(hours.closes),
    lunchStart: hours.lunchStart === null ? null : formatClock(hours.lunchStart),
    lunchEnd: hours.lunchEnd === null ? null : formatClock(hours.lunchEnd),
    sameDayCutoff: formatClock(hours.sameDayCutoff),
  };
}

/** How long an agency's working hours are cached (other instances see an edit within this time). */
const HOURS_TTL_MS = 60_000;

export class CalendarService {
  private readonly schedules = new Map<number, ScheduleEntry[]>();
  private readonly hours = new Map<string, { hours: WorkingHours; until: number }>();
  private calendar: WorkingCalendar | null = null;

  constructor(
    private readonly db: Db,
    private readonly agencies: AgenciesService,
    private readonly audit: AuditService,
    private readonly repo = new CalendarRepository(),
  ) {}

  /** A calendar that knows the official schedules of `years` (other years: computed defaults only). */
  async calendarFor(years: readonly number[], db: Executor = this.db): Promise<WorkingCalendar> {
    const missing = [...new Set(years)].filter((y) => y >= MIN_YEAR && y <= MAX_YEAR && !this.schedules.has(y));
    if (missing.length) {
      const loaded = await this.repo.schedules(db, missing);
      // A year without an official schedule is remembered as such (empty), not asked for again.
      for (const year of missing) this.schedules.set(year, loaded.get(year) ?? []);
      this.calendar = null;
    }
    this.calendar ??= new WorkingCalendar(new Map(this.schedules));
    return this.calendar;
  }

  /** Forgets the cached schedule of a year (after an edit). */
  invalidate(year: number): void {
    this.schedules.delete(year);
    this.calendar = null;
  }

  private checkYear(year: number): void {
    if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
      invalid([{ path: '/year', code: 'CALENDAR_YEAR_RANGE', params: { min: MIN_YEAR, max: MAX_YEAR } }]);
    }
  }

  /** Days off of a year (defaults merged with the official schedule), with the swapped working days. */
  async holidays(year: number): Promise<CalendarEntry[]> {
    this.checkYear(year);
    return (await this.calendarFor([year])).entries(year);
  }

  /** The administrator's official schedule of a year (the overrides only). */
  async yearSchedule(year: number): Promise<ScheduleEntry[]> {
    this.checkYear(year);
    await this.calendarFor([year]);
    return this.schedules.get(year) ?? [];
  }

  /**
   * An agency's working hours. Read through a short-lived cache (HOURS_TTL_MS): due dates are computed on every
   * submission and transition; an edit is seen at once by this process and within the TTL by the others.
   */
  async workingHoursOf(agencyId: string | null | undefined, db: Executor = this.db): Promise<WorkingHours> {
    if (!agencyId) return DEFAULT_WORKING_HOURS;
    const cached = this.hours.get(agencyId);
    if (cached && cached.until > Date.now()) return cached.hours;
    const hours = hoursFromRow(await this.repo.workingHours(db, agencyId));
    this.hours.set(agencyId, { hours, until: Date.now() + HOURS_TTL_MS });
    return hours;
  }

  /** Due date of a time limit in working days, half-days or working hours (exactly one). */
  async due(input: DueInput): Promise<Due> {
    const errors: FieldError[] = [];
    const limits = (['workingDays', 'halfDays', 'workingHours'] as const).filter((k) => input[k] !== undefined && input[k] !== null);
    if (limits.length !== 1) errors.push({ path: `/${limits[1] ?? 'workingDays'}`, code: 'CALENDAR_LIMIT_ONE' });
    const key = limits[0];
    const amount = key ? Number(input[key]) : NaN;
    if (key && (!Number.isFinite(amount) || amount < 0 || amount > 10_000 || (key !== 'workingHours' && !Number.isInteger(amount)))) {
      errors.push({ path: `/${key}`, code: key === 'workingHours' ? 'minimum' : 'type', params: key === 'workingHours' ? { limit: 0 } : { type: 'integer' } });
    }
    const from = toInstant(input.from);
    if (from === null) errors.push({ path: '/from', code: 'CALENDAR_FROM_INVALID' });
    const pauses: Pause[] = [];
    (input.pauses ?? []).forEach((p, i) => {
      const a = toInstant(p.from);
      const b = toInstant(p.to);
      if (a === null) errors.push({ path: `/pauses/${i}/from`, code: 'CALENDAR_FROM_INVALID' });
      if (b === null) errors.push({ path: `/pauses/${i}/to`, code: 'CALENDAR_FROM_INVALID' });
      if (a !== null && b !== null) pauses.push({ from: a, to: b });
    });
    if (errors.length) invalid(errors);
    const hours = await this.workingHoursOf(input.agencyId, input.db);
    const perDayHours = minutesPerDay(hours) / 60;
    const days = key === 'workingDays' ? amount : key === 'halfDays' ? amount / 2 : amount / perDayHours;
    const pausedDays = pauses.reduce((sum, p) => sum + Math.max(0, vietnamDayNumber(p.to) - vietnamDayNumber(p.from)), 0);
    const calendar = await this.calendarFor(yearsSpanned(vietnamYear(from!), days + pausedDays), input.db);
    if (key === 'workingDays') return addWorkingDays(from!, amount, calendar, hours, pauses);
    if (key === 'halfDays') return addHalfDays(from!, amount, calendar, hours, pauses);
    return addWorkingHours(from!, amount, calendar, hours, pauses);
  }

  /**
   * The due instant of `due` as a Date: a deadline in working days on the agency's calendar, and the reminder jobs'
   * "due soon" limit (`{ from: now, workingDays: REMIND_WORKING_DAYS, agencyId }`, core/reminders.ts `limitOf`).
   */
  async dueAt(input: DueInput): Promise<Date> {
    return new Date((await this.due(input)).at);
  }

  /** Throws unless the actor may edit the national yearly schedule ('admin' on a top-level agency). */
  async requireScheduleAdmin(actor: Actor | null): Promise<Actor> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (!(await this.agencies.holdsOnRoot(actor, ['admin']))) throw new DomainError('FORBIDDEN');
    return actor;
  }

  /**
   * Replaces the official schedule of a year (an empty list returns to the computed defaults).
   * Needs 'admin' on a top-level agency; audited in the same transaction.
   */
  async setYearSchedule(actor: Actor | null, year: number, input: readonly ScheduleInput[]): Promise<CalendarEntry[]> {
    const by = await this.requireScheduleAdmin(actor);
    const { entries, errors } = validateYearSchedule(year, input);
    if (errors.length) invalid(errors);
    await this.db.transaction().execute(async (tx) => {
      await this.repo.lockYear(tx, year);
      const before = (await this.repo.schedules(tx, [year])).get(year) ?? [];
      await this.repo.replaceYear(tx, year, entries, by.id);
      await this.audit.record(tx, by, {
        action: 'calendar.year.update',
        targetType: 'calendar_year',
        targetId: String(year),
        summary: {
          year,
          before: before.map((e) => `${e.date} ${e.kind}`),
          after: entries.map((e) => `${e.date} ${e.kind} ${e.name}`),
        },
      });
    });
    this.invalidate(year);
    return this.holidays(year);
  }

  /** Sets an agency's working hours; needs 'admin' on the agency; audited. */
  async setWorkingHours(actor: Actor | null, agencyId: string, input: HoursBodyT): Promise<WorkingHours> {
    await this.agencies.authorize(actor, ['admin'], agencyId);
    const { hours, errors } = parseWorkingHours(input);
    if (!hours) invalid(errors);
    const text = hoursText(hours);
    await this.db.transaction().execute(async (tx) => {
      await this.repo.upsertWorkingHours(
        tx,
        agencyId,
        { opens: text.opens, closes: text.closes, lunch_start: text.lunchStart, lunch_end: text.lunchEnd, same_day_cutoff: text.sameDayCutoff },
        actor!.id,
      );
      await this.audit.record(tx, actor, {
        action: 'calendar.hours.update',
        targetType: 'agency',
        targetId: agencyId,
        agencyId,
        summary: { ...text },
      });
    });
    this.hours.delete(agencyId);
    return hours;
  }
}
