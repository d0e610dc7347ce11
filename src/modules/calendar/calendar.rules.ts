// The working-day calendar and the statutory clock — pure: no I/O, no clock, no Intl.
//
// Units. A "day" is a day number: days since 1970-01-01 in Vietnam time (Asia/Ho_Chi_Minh is UTC+7 all
// year, without daylight saving, so instants convert with fixed offset arithmetic). Times of day are
// minutes since local midnight in the working-hours settings, milliseconds in the arithmetic.
//
// Public holidays of a year (Labour Code 2019, art. 112), as data (DEFAULT_HOLIDAY_RULES) that the
// administrator's yearly official schedule overrides date by date:
// - 1/1; 30/4; 1/5 (solar);
// - Giỗ Tổ Hùng Vương, lunar 10/3;
// - Tết Nguyên Đán, 5 days: the last day of the lunar year and lunar 1/1 to 1/4 (the Prime Minister's
//   yearly decision often moves them; the administrator enters the official days for the year);
// - Quốc khánh 2/9 plus one adjacent day: the day before (1/9), unless 1/9 is a Saturday or Sunday — then the
//   day after (3/9). That is the choice the government made in 2023 (1/9 Fri), 2024 (3/9 Tue) and 2025
//   (1/9 Mon): the two days off join the weekend. The administrator can change it for a year.
// - a holiday falling on the weekly rest day (Saturday, Sunday for public administration) gives a
//   compensatory day off (nghỉ bù) on the next working day(s), in date order.
// Merging: an entry of the year's official schedule replaces whatever the defaults say about its date;
// kind 'working_day' removes a default day off (e.g. the government moved it); 'working_saturday' makes a
// Saturday or Sunday a working day (làm bù). Compensatory days are not recomputed for the administrator's
// own entries: the official schedule lists them.
//
// The clock (see addWorkingDays / addHalfDays / addWorkingHours):
// - the day of receipt is not counted; a dossier received on a day off or after closing time counts as
//   received on the next working day;
// - a time limit of 0 working days (same-day procedure): due the day of receipt, or the next working day when
//   received after the same-day cut-off (15:00 by default, per agency);
// - a due day is always a working day (so a deadline never falls on a day off);
// - pauses (the dossier waits on the applicant) extend the deadline by the working time they cover: for
//   limits in days, the working days after the day the pause started up to and including the day it ended
//   (the day the clock restarts is not counted, like a day of receipt); for half-days, the half-day sessions
//   likewise; for hours, the working time inside the pause. A pause that begins after the (extended) due
//   date does not extend it.
// Days before 1900 or after 2100 only know the weekly rest days (no holidays).
import { vietnamDayNumber, vietnamDayStartMs, vietnamTimeOfDay } from '../../core/time.ts';
import type { FieldError } from '../../core/errors.ts';
import { civilFromDays, dayFromLunar, daysFromCivil, lunarFromDay, lunarNewYearDay } from './calendar.lunar.ts';

export const MIN_YEAR = 1900;
export const MAX_YEAR = 2100;
const MINUTE_MS = 60_000;

export const HOLIDAY_KINDS = ['holiday', 'tet', 'compensatory', 'extra_day_off', 'working_saturday'] as const;
export type HolidayKind = (typeof HOLIDAY_KINDS)[number];
/** Kinds an administrator may enter: the holiday kinds plus 'working_day' (a default day off that is worked). */
export const SCHEDULE_KINDS = [...HOLIDAY_KINDS, 'working_day'] as const;
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];
const DAY_OFF_KINDS: ReadonlySet<string> = new Set(['holiday', 'tet', 'compensatory', 'extra_day_off']);

export interface CalendarEntry {
  /** yyyy-mm-dd */
  date: string;
  /** Vietnamese name. */
  name: string;
  kind: HolidayKind;
}

export interface ScheduleEntry {
  date: string;
  kind: ScheduleKind;
  name: string;
}

export function isDayOffKind(kind: string): boolean {
  return DAY_OFF_KINDS.has(kind);
}

// Day numbers ------------------------------------------------------------------

export const FIRST_DAY = daysFromCivil(MIN_YEAR, 1, 1);
export const LAST_DAY = daysFromCivil(MAX_YEAR, 12, 31);

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function isRestDay(day: number): boolean {
  const w = weekdayOf(day);
  return w === 0 || w === 6;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** yyyy-mm-dd of a day number. */
export function isoOfDay(day: number): string {
  const { year, month, day: d } = civilFromDays(day);
  return `${pad(year, 4)}-${pad(month)}-${pad(d)}`;
}

/** The day number of a real calendar date, or null (31/2, 13th month, …). */
export function dayOfDate(year: number, month: number, day: number): number | null {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day) || month < 1 || month > 12 || day < 1 || day > 31) return null;
  const n = daysFromCivil(year, month, day);
  const back = civilFromDays(n);
  return back.year === year && back.month === month && back.day === day ? n : null;
}

/** Day number of 'yyyy-mm-dd' or 'dd/mm/yyyy' (also d/m/yyyy), or null when malformed or impossible. */
export function parseDate(text: string): number | null {
  const value = text.trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (m) return dayOfDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  if (m) return dayOfDate(Number(m[3]), Number(m[2]), Number(m[1]));
  return null;
}

/** ISO 8601 date-time with the +07:00 offset, e.g. 2026-02-23T17:00:00+07:00. */
export function isoDateTimeVietnam(ms: number): string {
  const day = vietnamDayNumber(ms);
  const t = vietnamTimeOfDay(ms);
  const h = Math.floor(t / 3600_000);
  const min = Math.floor((t % 3600_000) / MINUTE_MS);
  const s = Math.floor((t % MINUTE_MS) / 1000);
  return `${isoOfDay(day)}T${pad(h)}:${pad(min)}:${pad(s)}+07:00`;
}

// Default holidays -------------------------------------------------------------

export interface HolidayRules {
  solar: ReadonlyArray<{ month: number; day: number; name: string }>;
  lunar: ReadonlyArray<{ month: number; day: number; name: string }>;
  /** Tết: days off before lunar 1/1 (the last days of the year) and from 1/1 on (1/1 included). */
  tet: { before: number; from: number };
  /** Quốc khánh (2/9) and its adjacent day. */
  nationalDay: { month: number; day: number; name: string; adjacent: 'before' | 'after' | 'before_unless_rest_day' };
  /** A holiday on a weekly rest day gives a compensatory day off. */
  compensatory: boolean;
}

export const DEFAULT_HOLIDAY_RULES: HolidayRules = {
  solar: [
    { month: 1, day: 1, name: 'Tết Dương lịch' },
    { month: 4, day: 30, name: 'Ngày Chiến thắng (30/4)' },
    { month: 5, day: 1, name: 'Ngày Quốc tế Lao động (1/5)' },
  ],
  lunar: [{ month: 3, day: 10, name: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)' }],
  tet: { before: 1, from: 4 },
  nationalDay: { month: 9, day: 2, name: 'Quốc khánh (2/9)', adjacent: 'before_unless_rest_day' },
  compensatory: true,
};

function ddmm(day: number): string {
  const { month, day: d } = civilFromDays(day);
  return `${pad(d)}/${pad(month)}`;
}

/** The default holidays of a solar year (sorted by date), compensatory days included. */
export function defaultHolidays(year: number, rules: HolidayRules = DEFAULT_HOLIDAY_RULES): CalendarEntry[] {
  const base = new Map<number, { name: string; kind: HolidayKind }>();
  const add = (day: number | null, name: string, kind: HolidayKind) => {
    if (day === null || base.has(day)) return;
    if (civilFromDays(day).year !== year) return;
    base.set(day, { name, kind });
  };
  for (const h of rules.solar) add(dayOfDate(year, h.month, h.day), h.name, 'holiday');
  for (const h of rules.lunar) add(dayFromLunar({ day: h.day, month: h.month, year }), h.name, 'holiday');
  // Tết of lunar year `year` always falls in January or February of the solar year.
  const tet = lunarNewYearDay(year);
  for (let i = -rules.tet.before; i < rules.tet.from; i++) {
    const day = tet + i;
    const name = i < 0 ? `Tết Nguyên Đán (${lunarFromDay(day).day} tháng Chạp)` : `Tết Nguyên Đán (mùng ${i + 1} tháng Giêng)`;
    add(day, name, 'tet');
  }
  const nd = rules.nationalDay;
  const national = dayOfDate(year, nd.month, nd.day);
  if (national !== null) {
    add(national, nd.name, 'holiday');
    const before = national - 1;
    const adjacent = nd.adjacent === 'after' || (nd.adjacent === 'before_unless_rest_day' && isRestDay(before)) ? national + 1 : before;
    add(adjacent, `${nd.name} — ngày liền kề`, 'holiday');
  }
  const entries: Array<{ day: number; name: string; kind: HolidayKind }> = [...base.entries()]
    .map(([day, v]) => ({ day, ...v }))
    .sort((a, b) => a.day - b.day);
  if (rules.compensatory) {
    const taken = new Set(entries.map((e) => e.day));
    const extra: typeof entries = [];
    for (const e of entries) {
      if (!isRestDay(e.day)) continue;
      let d = e.day + 1;
      while (isRestDay(d) || taken.has(d)) d++;
      taken.add(d);
      extra.push({ day: d, name: `Nghỉ bù ${e.name.replace(/ \(.*\)$/, '')} (${ddmm(e.day)})`, kind: 'compensatory' });
    }
    entries.push(...extra);
    entries.sort((a, b) => a.day - b.day);
  }
  return entries.map((e) => ({ date: isoOfDay(e.day), name: e.name, kind: e.kind }));
}

/** The defaults of a year with the administrator's official schedule on top (sorted by date). */
export function mergeSchedule(defaults: readonly CalendarEntry[], schedule: readonly ScheduleEntry[]): CalendarEntry[] {
  const byDate = new Map<string, CalendarEntry>(defaults.map((e) => [e.date, e]));
  for (const s of schedule) {
    if (s.kind === 'working_day') byDate.delete(s.date);
    else byDate.set(s.date, { date: s.date, name: s.name, kind: s.kind });
  }
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

// The calendar -----------------------------------------------------------------

const SPAN = LAST_DAY - FIRST_DAY + 1;
const UNKNOWN = 0;
const WORKING = 1;
const OFF = 2;

/**
 * Working days of 1900–2100: defaults plus the official schedules given, computed lazily one year at a
 * time into a flat table (one byte per day), so that a look-up is one array access.
 */
export class WorkingCalendar {
  private readonly state = new Uint8Array(SPAN);
  private readonly entryCache = new Map<number, CalendarEntry[]>();

  constructor(
    private readonly schedules: ReadonlyMap<number, readonly ScheduleEntry[]> = new Map(),
    private readonly rules: HolidayRules = DEFAULT_HOLIDAY_RULES,
  ) {}

  /** The year's days off (and swapped working days), defaults merged with the official schedule. */
  entries(year: number): CalendarEntry[] {
    let cached = this.entryCache.get(year);
    if (!cached) {
      cached = mergeSchedule(defaultHolidays(year, this.rules), this.schedules.get(year) ?? []);
      this.entryCache.set(year, cached);
    }
    return cached;
  }

  private fill(year: number): void {
    const start = daysFromCivil(year, 1, 1);
    const end = daysFromCivil(year + 1, 1, 1);
    for (let d = start; d < end; d++) this.state[d - FIRST_DAY] = isRestDay(d) ? OFF : WORKING;
    for (const e of this.entries(year)) {
      const d = parseDate(e.date);
      if (d === null || d < start || d >= end) continue;
      this.state[d - FIRST_DAY] = e.kind === 'working_saturday' ? WORKING : OFF;
    }
  }

  isWorkingDay(day: number): boolean {
    const i = day - FIRST_DAY;
    if (i < 0 || i >= SPAN) return !isRestDay(day);
    let s = this.state[i]!;
    if (s === UNKNOWN) {
      this.fill(civilFromDays(day).year);
      s = this.state[i]!;
    }
    return s === WORKING;
  }

  /** The first working day strictly after `day`. */
  nextWorkingDay(day: number): number {
    let d = day + 1;
    while (!this.isWorkingDay(d)) d++;
    return d;
  }

  /** The n-th working day strictly after `day` (n ≥ 0; n = 0 gives `day` itself). */
  addWorkingDays(day: number, n: number): number {
    let d = day;
    for (let left = n; left > 0; ) {
      d++;
      if (this.isWorkingDay(d)) left--;
    }
    return d;
  }

  /** Working days d with from < d ≤ to. */
  workingDaysBetween(from: number, to: number): number {
    let count = 0;
    for (let d = from + 1; d <= to; d++) if (this.isWorkingDay(d)) count++;
    return count;
  }
}

export function isWorkingDay(day: number, calendar: WorkingCalendar): boolean {
  return calendar.isWorkingDay(day);
}

// Working hours ----------------------------------------------------------------

/** Times in minutes after local midnight. */
export interface WorkingHours {
  opens: number;
  closes: number;
  /** Lunch break (not working time), or null for none. */
  lunchStart: number | null;
  lunchEnd: number | null;
  /** Same-day procedures received at or after this time are due the next working day. */
  sameDayCutoff: number;
}

/** 08:00–17:00 with a lunch break 12:00–13:00 (8 working hours), same-day cut-off 15:00. */
export const DEFAULT_WORKING_HOURS: WorkingHours = { opens: 480, closes: 1020, lunchStart: 720, lunchEnd: 780, sameDayCutoff: 900 };

export interface WorkingHoursText {
  opens: string;
  closes: string;
  lunchStart?: string | null;
  lunchEnd?: string | null;
  sameDayCutoff: string;
}

/** 'HH:MM' → minutes, or null. */
export function parseClock(text: string | null | undefined): number | null {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec((text ?? '').trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

export function formatClock(minutes: number): string {
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** Checks working hours given as 'HH:MM' texts: every problem at once. */
export function parseWorkingHours(input: WorkingHoursText): { hours: WorkingHours | null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const clock = (path: string, value: string | null | undefined, optional = false): number | null => {
    if (optional && !(value ?? '').trim()) return null;
    const m = parseClock(value);
    if (m === null) errors.push({ path, code: 'CALENDAR_TIME_INVALID' });
    return m;
  };
  const opens = clock('/opens', input.opens);
  const closes = clock('/closes', input.closes);
  const lunchStart = clock('/lunchStart', input.lunchStart, true);
  const lunchEnd = clock('/lunchEnd', input.lunchEnd, true);
  const cutoff = clock('/sameDayCutoff', input.sameDayCutoff);
  if (opens !== null && closes !== null && opens >= closes) errors.push({ path: '/closes', code: 'CALENDAR_HOURS_ORDER' });
  if ((lunchStart === null) !== (lunchEnd === null) && !errors.some((e) => e.path.startsWith('/lunch'))) {
    errors.push({ path: lunchStart === null ? '/lunchStart' : '/lunchEnd', code: 'CALENDAR_LUNCH_INCOMPLETE' });
  }
  if (opens !== null && closes !== null && lunchStart !== null && lunchEnd !== null && !(opens < lunchStart && lunchStart < lunchEnd && lunchEnd < closes)) {
    errors.push({ path: '/lunchStart', code: 'CALENDAR_LUNCH_OUTSIDE' });
  }
  if (opens !== null && closes !== null && cutoff !== null && (cutoff <= opens || cutoff > closes)) {
    errors.push({ path: '/sameDayCutoff', code: 'CALENDAR_CUTOFF_OUTSIDE' });
  }
  if (errors.length) return { hours: null, errors };
  return { hours: { opens: opens!, closes: closes!, lunchStart, lunchEnd, sameDayCutoff: cutoff! }, errors };
}

/** Working minutes in one working day. */
export function minutesPerDay(hours: WorkingHours): number {
  const lunch = hours.lunchStart !== null && hours.lunchEnd !== null ? hours.lunchEnd - hours.lunchStart : 0;
  return hours.closes - hours.opens - lunch;
}

/** The working intervals of a working day, in ms after midnight. */
function intervals(hours: WorkingHours): Array<[number, number]> {
  const o = hours.opens * MINUTE_MS;
  const c = hours.closes * MINUTE_MS;
  if (hours.lunchStart === null || hours.lunchEnd === null) return [[o, c]];
  return [[o, hours.lunchStart * MINUTE_MS], [hours.lunchEnd * MINUTE_MS, c]];
}

/** End of the morning session (start of lunch, or the middle of the day without a lunch break), minutes. */
function noon(hours: WorkingHours): number {
  return hours.lunchStart ?? Math.floor((hours.opens + hours.closes) / 2);
}

// The clock --------------------------------------------------------------------

export interface Pause {
  /** Instants, ms since the epoch. */
  from: number;
  to: number;
}

export interface Due {
  /** Local day number of the due date. */
  day: number;
  /** The due instant: the end of the working hours of the due day (limits in days), the end of the
   * half-day session, or the exact instant (limits in hours). */
  at: number;
}

/** Pauses sorted, clipped to start no earlier than `start`, overlapping ones joined; empty ones dropped. */
function normalisePauses(pauses: readonly Pause[], start: number): Pause[] {
  const sorted = pauses
    .map((p) => ({ from: Math.max(p.from, start), to: p.to }))
    .filter((p) => p.to > p.from)
    .sort((a, b) => a.from - b.from);
  const out: Pause[] = [];
  for (const p of sorted) {
    const last = out[out.length - 1];
    if (last && p.from <= last.to) last.to = Math.max(last.to, p.to);
    else out.push({ ...p });
  }
  return out;
}

/** The day a dossier counts as received: the same day on a working day before closing, else the next working day. */
export function receiptDay(receivedAt: number, calendar: WorkingCalendar, hours: WorkingHours = DEFAULT_WORKING_HOURS): number {
  const day = vietnamDayNumber(receivedAt);
  if (calendar.isWorkingDay(day) && vietnamTimeOfDay(receivedAt) < hours.closes * MINUTE_MS) return day;
  return calendar.nextWorkingDay(day);
}

/**
 * Due date of a limit of `n` working days (n ≥ 0 integer). The day of receipt is not counted; 0 is a
 * same-day procedure (cut-off rule). Pauses extend the deadline by the working days they cover.
 */
export function addWorkingDays(
  receivedAt: number,
  n: number,
  calendar: WorkingCalendar,
  hours: WorkingHours = DEFAULT_WORKING_HOURS,
  pauses: readonly Pause[] = [],
): Due {
  const received = receiptDay(receivedAt, calendar, hours);
  let due: number;
  if (n === 0) {
    const late = received === vietnamDayNumber(receivedAt) && vietnamTimeOfDay(receivedAt) >= hours.sameDayCutoff * MINUTE_MS;
    due = late ? calendar.nextWorkingDay(received) : received;
  } else {
    due = calendar.addWorkingDays(received, n);
  }
  for (const p of normalisePauses(pauses, receivedAt)) {
    const fromDay = vietnamDayNumber(p.from);
    if (fromDay > due) break;
    due = calendar.addWorkingDays(due, calendar.workingDaysBetween(fromDay, vietnamDayNumber(p.to)));
  }
  return { day: due, at: vietnamDayStartMs(due, hours.closes) };
}

/** Half-day session index of an instant on a working day: 2·day (morning) or 2·day + 1 (afternoon). */
function sessionOf(ms: number, calendar: WorkingCalendar, hours: WorkingHours): number {
  const day = receiptDay(ms, calendar, hours);
  if (day !== vietnamDayNumber(ms)) return 2 * day;
  return 2 * day + (vietnamTimeOfDay(ms) >= noon(hours) * MINUTE_MS ? 1 : 0);
}

function nextSession(s: number, calendar: WorkingCalendar): number {
  if (s % 2 === 0) return s + 1;
  return 2 * calendar.nextWorkingDay((s - 1) / 2);
}

/**
 * Due date of a limit of `n` half-days (morning / afternoon sessions of working days). The session of
 * receipt is not counted (a dossier received on a day off or after closing counts as received in the
 * morning of the next working day). Due at the end of the last session.
 */
export function addHalfDays(
  receivedAt: number,
  n: number,
  calendar: WorkingCalendar,
  hours: WorkingHours = DEFAULT_WORKING_HOURS,
  pauses: readonly Pause[] = [],
): Due {
  let session = sessionOf(receivedAt, calendar, hours);
  for (let i = 0; i < n; i++) session = nextSession(session, calendar);
  for (const p of normalisePauses(pauses, receivedAt)) {
    const from = sessionOf(p.from, calendar, hours);
    if (from > session) break;
    const to = sessionOf(p.to, calendar, hours);
    for (let s = nextSession(from, calendar); s <= to; s = nextSession(s, calendar)) session = nextSession(session, calendar);
  }
  const day = Math.floor(session / 2);
  return { day, at: vietnamDayStartMs(day, session % 2 === 0 ? noon(hours) : hours.closes) };
}

/** The first working instant at or after `ms`. */
export function nextWorkingInstant(ms: number, calendar: WorkingCalendar, hours: WorkingHours = DEFAULT_WORKING_HOURS): number {
  let day = vietnamDayNumber(ms);
  let t = vietnamTimeOfDay(ms);
  for (;;) {
    if (calendar.isWorkingDay(day)) {
      for (const [s, e] of intervals(hours)) {
        if (t < e) return vietnamDayStartMs(day) + Math.max(t, s);
      }
    }
    day = calendar.nextWorkingDay(day);
    t = 0;
  }
}

/** The instant after `amountMs` of working time counted from `ms`. */
function addWorkingMs(ms: number, amountMs: number, calendar: WorkingCalendar, hours: WorkingHours): number {
  const start = nextWorkingInstant(ms, calendar, hours);
  let day = vietnamDayNumber(start);
  let t = vietnamTimeOfDay(start);
  let left = amountMs;
  const perDay = minutesPerDay(hours) * MINUTE_MS;
  const spans = intervals(hours);
  for (;;) {
    if (t <= spans[0]![0] && left > perDay) {
      left -= perDay;
    } else {
      for (const [s, e] of spans) {
        if (t >= e) continue;
        const from = Math.max(t, s);
        if (left <= e - from) return vietnamDayStartMs(day) + from + left;
        left -= e - from;
      }
    }
    day = calendar.nextWorkingDay(day);
    t = 0;
  }
}

/** Working time (ms) between two instants. */
export function workingMsBetween(from: number, to: number, calendar: WorkingCalendar, hours: WorkingHours = DEFAULT_WORKING_HOURS): number {
  if (to <= from) return 0;
  const spans = intervals(hours);
  let total = 0;
  const last = vietnamDayNumber(to);
  for (let day = vietnamDayNumber(from); day <= last; day++) {
    if (!calendar.isWorkingDay(day)) continue;
    const base = vietnamDayStartMs(day);
    for (const [s, e] of spans) {
      const a = Math.max(from, base + s);
      const b = Math.min(to, base + e);
      if (b > a) total += b - a;
    }
  }
  return total;
}

/**
 * Due instant of a limit in working hours (fractions allowed), counted within the working hours of
 * working days from the receipt (or from the next working instant). Pauses add the working time they cover.
 */
export function addWorkingHours(
  receivedAt: number,
  workingHours: number,
  calendar: WorkingCalendar,
  hours: WorkingHours = DEFAULT_WORKING_HOURS,
  pauses: readonly Pause[] = [],
): Due {
  let at = addWorkingMs(receivedAt, Math.round(workingHours * 3600_000), calendar, hours);
  for (const p of normalisePauses(pauses, receivedAt)) {
    if (p.from >= at) break;
    const paused = workingMsBetween(p.from, p.to, calendar, hours);
    if (paused > 0) at = addWorkingMs(at, paused, calendar, hours);
  }
  return { day: vietnamDayNumber(at), at };
}

// Validation of a year's official schedule ----------------------------------------

export interface ScheduleInput {
  /** yyyy-mm-dd or dd/mm/yyyy */
  date: string;
  /** Optional last day of a range (inclusive). */
  to?: string | null | undefined;
  kind: string;
  name?: string | null | undefined;
  /** Line of the entry in the administrator's text (used in messages; default: its position, from 1). */
  line?: number | undefined;
}

export const MAX_SCHEDULE_ENTRIES = 400;

const DEFAULT_NAMES: Partial<Record<ScheduleKind, string>> = {
  working_saturday: 'Làm bù',
  working_day: 'Đi làm (không nghỉ theo mặc định)',
};

/**
 * Checks a year's official schedule and expands ranges into single dates. Errors (all at once) are
 * reported on `/entries/{i}/date|to|kind|name`.
 */
export function validateYearSchedule(
  year: number,
  input: readonly ScheduleInput[],
  rules: HolidayRules = DEFAULT_HOLIDAY_RULES,
): { entries: ScheduleEntry[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    return { entries: [], errors: [{ path: '/year', code: 'CALENDAR_YEAR_RANGE', params: { min: MIN_YEAR, max: MAX_YEAR } }] };
  }
  if (input.length > MAX_SCHEDULE_ENTRIES) {
    return { entries: [], errors: [{ path: '/entries', code: 'maxItems', params: { limit: MAX_SCHEDULE_ENTRIES } }] };
  }
  const defaultsOff = new Set(defaultHolidays(year, rules).filter((e) => isDayOffKind(e.kind)).map((e) => e.date));
  const firstDay = daysFromCivil(year, 1, 1);
  const lastDay = daysFromCivil(year, 12, 31);
  const owner = new Map<number, number>();
  const entries: ScheduleEntry[] = [];
  input.forEach((item, i) => {
    const at = (field: string) => `/entries/${i}/${field}`;
    const before = errors.length;
    const kind = (SCHEDULE_KINDS as readonly string[]).includes(item.kind) ? (item.kind as ScheduleKind) : null;
    if (!kind) errors.push({ path: at('kind'), code: 'CALENDAR_KIND_INVALID' });
    const name = (item.name ?? '').trim().replace(/\s+/g, ' ');
    if (kind && isDayOffKind(kind) && !name) errors.push({ path: at('name'), code: 'required' });
    if (name.length > 200) errors.push({ path: at('name'), code: 'CALENDAR_NAME_TOO_LONG' });
    const from = parseDate(item.date ?? '');
    const toText = (item.to ?? '').trim();
    const to = toText ? parseDate(toText) : from;
    if (from === null) errors.push({ path: at('date'), code: 'CALENDAR_DATE_INVALID' });
    else if (from < firstDay || from > lastDay) errors.push({ path: at('date'), code: 'CALENDAR_DATE_OUTSIDE_YEAR', params: { year } });
    if (toText) {
      if (to === null) errors.push({ path: at('to'), code: 'CALENDAR_DATE_INVALID' });
      else if (to < firstDay || to > lastDay) errors.push({ path: at('to'), code: 'CALENDAR_DATE_OUTSIDE_YEAR', params: { year } });
      else if (from !== null && to < from) errors.push({ path: at('to'), code: 'CALENDAR_RANGE_REVERSED' });
    }
    if (errors.length > before || from === null || to === null || !kind) return;
    const days: number[] = [];
    for (let d = from; d <= to; d++) days.push(d);
    for (const d of days) {
      const other = owner.get(d);
      if (other !== undefined) {
        errors.push({
          path: at('date'),
          code: toText || input[other]?.to ? 'CALENDAR_DATE_OVERLAP' : 'CALENDAR_DATE_DUPLICATE',
          params: { date: formatDay(d), line: input[other]?.line ?? other + 1 },
        });
        return;
      }
    }
    // In a range, the weekly rest days are already off: compensatory / extra days off and cancelled
    // default days off apply to its weekdays only. A single date must fit its kind.
    const range = days.length > 1;
    const kept = range && (kind === 'compensatory' || kind === 'extra_day_off' || kind === 'working_day') ? days.filter((d) => !isRestDay(d)) : days;
    for (const d of kept) {
      if (kind === 'working_saturday' && !isRestDay(d)) {
        errors.push({ path: at('date'), code: 'CALENDAR_NOT_REST_DAY', params: { date: formatDay(d) } });
        return;
      }
      if (kind === 'working_day' && (isRestDay(d) || !defaultsOff.has(isoOfDay(d)))) {
        errors.push({ path: at('date'), code: 'CALENDAR_NOT_DEFAULT_DAY_OFF', params: { date: formatDay(d) } });
        return;
      }
      if ((kind === 'compensatory' || kind === 'extra_day_off') && isRestDay(d)) {
        errors.push({ path: at('date'), code: 'CALENDAR_ALREADY_REST_DAY', params: { date: formatDay(d) } });
        return;
      }
    }
    for (const d of days) owner.set(d, i);
    for (const d of kept) {
      entries.push({ date: isoOfDay(d), kind, name: name || DEFAULT_NAMES[kind] || '' });
    }
  });
  entries.sort((a, b) => (a.date < b.date ? -1 : 1));
  return { entries: errors.length ? [] : entries, errors };
}

/** dd/mm/yyyy of a day number. */
export function formatDay(day: number): string {
  const { year, month, day: d } = civilFromDays(day);
  return `${pad(d)}/${pad(month)}/${pad(year, 4)}`;
}

/** One row of the schedule editor (/quan-tri/lich-nam/:year): dates as typed (dd/mm/yyyy), the kind, the name. */
export interface ScheduleRow {
  date: string;
  to: string;
  kind: string;
  name: string;
}

/**
 * The stored schedule (single days) as editor rows: consecutive days of the same kind and name become one range.
 */
export function scheduleRows(entries: readonly ScheduleEntry[]): ScheduleRow[] {
  const rows: Array<ScheduleRow & { last: number }> = [];
  for (const entry of [...entries].sort((a, b) => (a.date < b.date ? -1 : 1))) {
    const day = parseDate(entry.date);
    if (day === null) continue;
    const previous = rows.at(-1);
    if (previous && previous.kind === entry.kind && previous.name === entry.name && previous.last === day - 1) {
      previous.to = formatDay(day);
      previous.last = day;
    } else rows.push({ date: formatDay(day), to: '', kind: entry.kind, name: entry.name, last: day });
  }
  return rows.map(({ last: _last, ...row }) => row);
}

/** At most this many rows in the editor's form (the schedule's own limit applies to the filled ones). */
export const MAX_SCHEDULE_ROWS = 400;

/**
 * The rows of the schedule editor's form (fields `entries.N.date|to|kind|name|remove`): every row as sent (for the
 * form again), and the filled rows not marked for removal as schedule input, each with its row number (`line`).
 */
export function readScheduleRows(fields: Readonly<Record<string, string | string[] | undefined>>): { rows: ScheduleRow[]; inputs: Array<ScheduleInput & { line: number }> } {
  const byIndex = new Map<number, Record<string, string>>();
  for (const [key, raw] of Object.entries(fields)) {
    const m = /^entries\.(\d{1,3})\.(date|to|kind|name|remove)$/.exec(key);
    if (!m) continue;
    const index = Number(m[1]);
    if (index >= MAX_SCHEDULE_ROWS) continue;
    const value = Array.isArray(raw) ? (raw[0] ?? '') : (raw ?? '');
    const row = byIndex.get(index) ?? {};
    row[m[2]!] = value;
    byIndex.set(index, row);
  }
  const rows: ScheduleRow[] = [];
  const inputs: Array<ScheduleInput & { line: number }> = [];
  for (const index of [...byIndex.keys()].sort((a, b) => a - b)) {
    const row = byIndex.get(index)!;
    const value: ScheduleRow = { date: (row.date ?? '').trim(), to: (row.to ?? '').trim(), kind: (row.kind ?? '').trim(), name: (row.name ?? '').trim() };
    if (row.remove) continue;
    rows.push(value);
    if (!value.date && !value.to && !value.name) continue; // a blank row (the kind alone is the select's default)
    inputs.push({ line: rows.length, date: value.date, to: value.to || null, kind: value.kind, name: value.name });
  }
  return { rows, inputs };
}

/** Years a computation starting in `year` may reach for a limit of about `workingDays` working days. */
export function yearsSpanned(year: number, workingDays: number): number[] {
  const span = Math.ceil(Math.max(0, workingDays) / 200) + 1;
  const years: number[] = [];
  for (let y = Math.max(MIN_YEAR, year - 1); y <= Math.min(MAX_YEAR, year + span); y++) years.push(y);
  return years;
}
