// Pure rules of the reports (domain guide §6, §7): report periods, the Biểu 06/VPCP/KSTT categories of a
// dossier, the report computed from daily event counts, and the indicators. No I/O, no clock.
//
// Days are Vietnam calendar days written yyyy-mm-dd (they compare as strings). A dossier counts in the report
// once received (status set, received_at set). For a period of days [from, to]:
// - received: carried over (received before `from`, not finished before `from`) + new online (channels 2 and 4, the national portal) +
//   new in person / postal (channels 1, 3);
// - resolved (status 9/10, finished in the period): early | on time | late by `timeliness` (NULL → on time);
// - closed otherwise in the period: withdrawn (7) | stopped (8), their own columns;
// - refused (3, "không được tiếp nhận"): a refusal happens before reception, so a refused dossier is never
//   received (it has no received_at); it counts in its own column on the day of its refusal (finished_at) when
//   that day is in the period, and in no other column;
// - in progress at the end of the period: received by `to`, not finished by `to`; overdue when its legal
//   deadline (due_at) fell on or before `to` (the end of `to` is the report instant), or, when the period
//   reaches today, when due_at is before now;
// Invariant: received total = resolved + withdrawn + stopped + in progress (refusals stand outside it).
// A finish day before the receipt day (inconsistent imported data) is read as the receipt day.
import { addDays, vietnamDate, vietnamTimeOfDay } from '../../core/time.ts';
import type { ReadSource } from '../../db/replica.rules.ts';
import { IN_PROGRESS_STATUSES, isOnlineChannel } from '../kernel/dossier.ts';
import type { FieldError } from '../../core/errors.ts';

export type Day = string;

export const GROUP_BYS = ['field', 'procedure', 'agency', 'level'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

/** The Biểu 06 cells (columns), in form order. */
export const CELLS = [
  'received',
  'receivedOnline',
  'receivedOther',
  'carriedOver',
  'resolved',
  'early',
  'onTime',
  'late',
  'inProgress',
  'withinDeadline',
  'overdue',
  'refused',
  'withdrawn',
  'stopped',
] as const;
export type Cell = (typeof CELLS)[number];
export type ReportNumbers = Record<Cell, number>;

/** Metric codes of the daily aggregate (migration 0013_reports.sql). */
export const METRIC = {
  receivedOnline: 1,
  receivedOther: 2,
  early: 3,
  onTime: 4,
  late: 5,
  refused: 6,
  withdrawn: 7,
  stopped: 8,
  due: 9,
  dueClosed: 10,
  onlineResolvedElectronic: 11,
  openDue: 12,
} as const;
export type MetricCode = (typeof METRIC)[keyof typeof METRIC];
/** The metrics that close a received dossier (refusals, 6, close none: they were never received). */
const CLOSING: ReadonlyArray<MetricCode> = [3, 4, 5, 7, 8];

/**
 * The dossiers of procedures with no statutory time limit (không quy định thời hạn, migration 0038), reported in
 * their own count beside Biểu 06: received in the period, resolved in it, in progress at its end. The statutory
 * columns keep their meaning: such a dossier is resolved with no grade (counted on time) and in progress with no
 * due date (counted within the deadline), so it is never late or overdue.
 */
export interface NoTimeLimitCounts {
  received: number;
  resolved: number;
  inProgress: number;
}

export const ONLINE_SHARE_TARGET = 0.2;
export const MAX_PERIOD_YEARS = 10;

// ---------------------------------------------------------------------------------------------
// Days
// ---------------------------------------------------------------------------------------------

function isRealDay(y: number, m: number, d: number): boolean {
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** dd/mm/yyyy or yyyy-mm-dd → yyyy-mm-dd; null when not a real day. */
export function parseDay(text: string | undefined | null): Day | null {
  const value = (text ?? '').trim();
  let m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  if (m) {
    const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return isRealDay(y, mo, d) ? `${y}-${pad(mo)}-${pad(d)}` : null;
  }
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return isRealDay(y, mo, d) ? value : null;
  }
  return null;
}

/** yyyy-mm-dd → dd/mm/yyyy. */
export function displayDay(day: Day): string {
  return `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
}

/** The first day of the month of `day`. */
export function monthStart(day: Day): Day {
  return `${day.slice(0, 7)}-01`;
}

/** The first day of the month after the month of `day`. */
export function nextMonthStart(day: Day): Day {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  return m === 12 ? `${y + 1}-01-01` : `${y}-${pad(m + 1)}-01`;
}

/**
 * How the aggregates cover the days [from, to]: whole months [fullFrom, fullTo) from the monthly table, and the
 * days [from, headEnd) and [tailFrom, to] from the daily table (empty ranges when start ≥ end). "Before from" is
 * the months before monthStart(from) plus the days [monthStart(from), from).
 */
export function splitRange(period: Period): { beforeMonth: Day; fullFrom: Day; fullTo: Day; headEnd: Day; tailFrom: Day; end: Day } {
  const end = addDays(period.to, 1);
  const fullFrom = period.from === monthStart(period.from) ? period.from : nextMonthStart(period.from);
  const fullTo = monthStart(end);
  if (fullFrom >= fullTo) return { beforeMonth: monthStart(period.from), fullFrom, fullTo: fullFrom, headEnd: end, tailFrom: end, end };
  return { beforeMonth: monthStart(period.from), fullFrom, fullTo, headEnd: fullFrom, tailFrom: fullTo, end };
}

// ---------------------------------------------------------------------------------------------
// Periods
// ---------------------------------------------------------------------------------------------

export interface Period {
  from: Day;
  to: Day;
}

/**
 * Validates a period given as text (dd/mm/yyyy or yyyy-mm-dd). Reports all problems at once:
 * `/from`, `/to` required or not a real day; `/to` before `/from` (REPORT_PERIOD_REVERSED); longer than 10 years
 * (REPORT_PERIOD_TOO_LONG).
 */
export function validatePeriod(input: { from?: string | null; to?: string | null }): { period: Period | null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const check = (name: 'from' | 'to'): Day | null => {
    const raw = input[name];
    if (raw === undefined || raw === null || raw.trim() === '') {
      errors.push({ path: `/${name}`, code: 'required' });
      return null;
    }
    const day = parseDay(raw);
    if (!day) errors.push({ path: `/${name}`, code: 'REPORT_DATE_INVALID' });
    return day;
  };
  const from = check('from');
  const to = check('to');
  if (from && to) {
    if (to < from) errors.push({ path: '/to', code: 'REPORT_PERIOD_REVERSED' });
    else if (to >= addYears(from, MAX_PERIOD_YEARS)) errors.push({ path: '/to', code: 'REPORT_PERIOD_TOO_LONG' });
  }
  return { period: errors.length === 0 && from && to ? { from, to } : null, errors };
}

function addYears(day: Day, years: number): Day {
  const y = Number(day.slice(0, 4)) + years;
  const md = day.slice(5);
  return md === '02-29' ? `${y}-03-01` : `${y}-${md}`;
}

function lastDayOfMonth(year: number, month: number): Day {
  return `${year}-${pad(month)}-${pad(new Date(Date.UTC(year, month, 0)).getUTCDate())}`;
}

export const PRESETS = ['month', 'quarter', 'half', 'nine_months', 'year', 'cutoff_quarter', 'cutoff_half', 'cutoff_nine_months', 'cutoff_year'] as const;
export type Preset = (typeof PRESETS)[number];

export interface PresetInput {
  preset: Preset;
  year: number;
  /** 1..12 for 'month'; 1..4 for 'quarter' and 'cutoff_quarter'. */
  index?: number;
  /** Statutory cut-off day (Decree 09/2019: periods end on the 14th, start on the 15th of the month before). */
  cutoffDay?: number;
}

/**
 * The days of a preset period. Calendar presets run from the 1st: month, quarter (1..4), half (first 6 months),
 * nine months, year. Statutory presets (Decree 09/2019) start on (cutoffDay + 1)/12 of the previous year and end on
 * cutoffDay of March (quarter 1), June (quarter 2 or 6 months), September (quarter 3 or 9 months), December
 * (quarter 4 or the year); cutoff quarters 2–4 start the day after the previous quarter's end.
 */
export function presetPeriod(input: PresetInput): Period {
  const { year } = input;
  const index = input.index ?? 1;
  const cut = input.cutoffDay ?? 14;
  const cutEnd = (month: number): Day => `${year}-${pad(month)}-${pad(Math.min(cut, 28))}`;
  const yearStart = addDays(`${year - 1}-12-${pad(Math.min(cut, 28))}`, 1);
  switch (input.preset) {
    case 'month':
      return { from: `${year}-${pad(index)}-01`, to: lastDayOfMonth(year, index) };
    case 'quarter':
      return { from: `${year}-${pad(index * 3 - 2)}-01`, to: lastDayOfMonth(year, index * 3) };
    case 'half':
      return { from: `${year}-01-01`, to: `${year}-06-30` };
    case 'nine_months':
      return { from: `${year}-01-01`, to: `${year}-09-30` };
    case 'year':
      return { from: `${year}-01-01`, to: `${year}-12-31` };
    case 'cutoff_quarter':
      return { from: index === 1 ? yearStart : addDays(cutEnd((index - 1) * 3), 1), to: cutEnd(index * 3) };
    case 'cutoff_half':
      return { from: yearStart, to: cutEnd(6) };
    case 'cutoff_nine_months':
      return { from: yearStart, to: cutEnd(9) };
    case 'cutoff_year':
      return { from: yearStart, to: cutEnd(12) };
  }
}

// ---------------------------------------------------------------------------------------------
// Categories of one dossier (the direct definition; the aggregates must agree with it)
// ---------------------------------------------------------------------------------------------

export interface DossierFacts {
  status: number | null;
  channel: number;
  receivedAt: Date | null;
  finishedAt: Date | null;
  timeliness: 'early' | 'on_time' | 'late' | null;
  dueAt: Date | null;
  electronicResult?: boolean;
}

const FINISHED_STATUSES = new Set([3, 7, 8, 9, 10]);
const OPEN_STATUSES = new Set<number>(IN_PROGRESS_STATUSES);

/** The closing category of a finished received dossier, or null while it is not finished (and for refusals). */
export function closingCell(d: DossierFacts): 'early' | 'onTime' | 'late' | 'withdrawn' | 'stopped' | null {
  if (!d.finishedAt || d.status === null || d.status === 3 || !FINISHED_STATUSES.has(d.status)) return null;
  if (d.status === 9 || d.status === 10) return d.timeliness === 'early' ? 'early' : d.timeliness === 'late' ? 'late' : 'onTime';
  return d.status === 7 ? 'withdrawn' : 'stopped';
}

/** The day of a refusal (Vietnam time): the refused dossier's finished_at; null for any other dossier. */
export function refusalDay(d: DossierFacts): Day | null {
  return d.status === 3 && d.finishedAt ? vietnamDate(d.finishedAt) : null;
}

/**
 * The event days of a received dossier: receipt, finish (clamped to ≥ receipt), due (clamped). Null when never
 * received — and for a refused dossier, which was refused instead of received.
 */
export function dossierDays(d: DossierFacts): { received: Day; finished: Day | null; due: Day | null } | null {
  if (d.status === null || d.status === 3 || !d.receivedAt) return null;
  const received = vietnamDate(d.receivedAt);
  const clamp = (day: Day) => (day < received ? received : day);
  return {
    received,
    finished: closingCell(d) ? clamp(vietnamDate(d.finishedAt!)) : null,
    due: d.dueAt ? clamp(vietnamDate(d.dueAt)) : null,
  };
}

/** True when the period reaches today: "overdue" is then judged at `now`, not at the end of `to`. */
export function isCurrentPeriod(period: Period, now: Date): boolean {
  return period.to >= vietnamDate(now);
}

/** The cells one dossier counts in for a period evaluated at `now` (empty when outside the period). */
export function cellsOf(d: DossierFacts, period: Period, now: Date): Cell[] {
  const refused = refusalDay(d);
  if (refused !== null) return refused >= period.from && refused <= period.to ? ['refused'] : [];
  const days = dossierDays(d);
  if (!days || days.received > period.to) return [];
  if (days.finished !== null && days.finished < period.from) return [];
  const cells: Cell[] = ['received'];
  cells.push(days.received < period.from ? 'carriedOver' : isOnlineChannel(d.channel) ? 'receivedOnline' : 'receivedOther');
  if (days.finished !== null && days.finished <= period.to) {
    const closing = closingCell(d)!;
    if (closing === 'early' || closing === 'onTime' || closing === 'late') cells.push('resolved');
    cells.push(closing);
    return cells;
  }
  cells.push('inProgress');
  let overdue: boolean;
  if (isCurrentPeriod(period, now)) overdue = d.status !== null && OPEN_STATUSES.has(d.status) && !!d.dueAt && d.dueAt.getTime() < now.getTime();
  else overdue = days.due !== null && days.due <= period.to;
  cells.push(overdue ? 'overdue' : 'withinDeadline');
  return cells;
}

export function emptyNumbers(): ReportNumbers {
  return Object.fromEntries(CELLS.map((c) => [c, 0])) as ReportNumbers;
}

/** The report numbers computed directly from dossier facts (tests; small data sets). */
export function directNumbers(dossiers: readonly DossierFacts[], period: Period, now: Date): ReportNumbers {
  const numbers = emptyNumbers();
  for (const d of dossiers) for (const cell of cellsOf(d, period, now)) numbers[cell]++;
  return numbers;
}

// ---------------------------------------------------------------------------------------------
// The report from daily event counts
// ---------------------------------------------------------------------------------------------

/**
 * Event counts of one row group, relative to a period: `before` sums the days before `from`, `within` the days in
 * [from, to]. Only metrics 1–10 are used.
 */
export interface MetricSums {
  before: Partial<Record<number, number>>;
  within: Partial<Record<number, number>>;
}

/**
 * The Biểu 06 numbers of a row group from its event sums. `overdueNow` is the count of open dossiers with due_at
 * before now, used instead of the due events when the period reaches today.
 */
export function numbersFromSums(sums: MetricSums, current: boolean, overdueNow = 0): ReportNumbers {
  const b = (m: number) => sums.before[m] ?? 0;
  const w = (m: number) => sums.within[m] ?? 0;
  const closedBefore = CLOSING.reduce((s, m) => s + b(m), 0);
  const closedWithin = CLOSING.reduce((s, m) => s + w(m), 0);
  const n = emptyNumbers();
  n.carriedOver = b(1) + b(2) - closedBefore;
  n.receivedOnline = w(1);
  n.receivedOther = w(2);
  n.received = n.carriedOver + n.receivedOnline + n.receivedOther;
  n.early = w(3);
  n.onTime = w(4);
  n.late = w(5);
  n.resolved = n.early + n.onTime + n.late;
  n.refused = w(6);
  n.withdrawn = w(7);
  n.stopped = w(8);
  n.inProgress = n.received - closedWithin;
  n.overdue = current ? overdueNow : b(9) + w(9) - b(10) - w(10);
  n.withinDeadline = n.inProgress - n.overdue;
  return n;
}

export function addNumbers(a: ReportNumbers, b: ReportNumbers): ReportNumbers {
  const n = emptyNumbers();
  for (const c of CELLS) n[c] = a[c] + b[c];
  return n;
}

/** Problems with the invariants (empty when they hold). */
export function invariantProblems(n: ReportNumbers): string[] {
  const problems: string[] = [];
  if (n.received !== n.carriedOver + n.receivedOnline + n.receivedOther) problems.push('received = carried over + online + in person/postal');
  if (n.received !== n.resolved + n.inProgress + n.withdrawn + n.stopped) problems.push('received = resolved + in progress + withdrawn + stopped');
  if (n.resolved !== n.early + n.onTime + n.late) problems.push('resolved = early + on time + late');
  if (n.inProgress !== n.withinDeadline + n.overdue) problems.push('in progress = within deadline + overdue');
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Rates and indicators
// ---------------------------------------------------------------------------------------------

export interface Rate {
  numerator: number;
  denominator: number;
  /** Percentage rounded to 2 decimals; null when the denominator is 0. */
  percent: number | null;
}

export function rate(numerator: number, denominator: number): Rate {
  return { numerator, denominator, percent: denominator > 0 ? Math.round((numerator / denominator) * 10000) / 100 : null };
}

/**
 * On-time rate = (early + on time) / resolved (Decision 766 and the usual reading of Biểu 06: the share of the
 * resolved dossiers that were not late).
 */
export function onTimeRate(n: ReportNumbers): Rate {
  return rate(n.early + n.onTime, n.resolved);
}

/**
 * The same numerator over the dossiers received, the way the Trà Vinh article divides ("Tiếp nhận tổng số 2.002
 * hồ sơ, xử lý đúng hạn 65 hồ sơ, xử lý trong hạn 1.856 hồ sơ (đạt 95,95)"). There all received dossiers were
 * resolved, so both denominators are 2,002.
 */
export function onTimeRateOfReceived(n: ReportNumbers): Rate {
  return rate(n.early + n.onTime, n.received);
}

/** Online share = new online / new received in the period (Resolution 17/NQ-CP target: ≥ 20%). */
export function onlineShare(n: ReportNumbers): Rate & { target: number; belowTarget: boolean } {
  const r = rate(n.receivedOnline, n.receivedOnline + n.receivedOther);
  return { ...r, target: ONLINE_SHARE_TARGET * 100, belowTarget: r.denominator > 0 && r.numerator < ONLINE_SHARE_TARGET * r.denominator };
}

/** An online-capable procedure version: legacy level 3–4, or full / partial online (Decree 42/2022). */
export function isOnlineCapable(v: { online_level: number; online_class: string }): boolean {
  return v.online_level >= 3 || v.online_class === 'full' || v.online_class === 'partial';
}

// Where the figures were read (a streaming replica, DATABASE_REPLICA_URL) ------------------------------------------

/** hh:mm:ss dd/mm/yyyy in Vietnam time. */
export function clockText(at: Date): string {
  const seconds = Math.floor(vietnamTimeOfDay(at) / 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  const [y, m, d] = vietnamDate(at).split('-');
  return `${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)} ${d}/${m}/${y}`;
}

/**
 * The line a report page shows about where its figures come from: a message key (reports.messages.ts) and its
 * parameters; null without a replica configured (source 'primary': nothing is shown).
 */
export function sourceNote(source: ReadSource, locale: 'vi' | 'en'): { key: string; params: Record<string, string> } | null {
  switch (source.kind) {
    case 'primary':
      return null;
    case 'fallback':
      return { key: 'reports.source.fallback', params: {} };
    case 'replica':
      if (source.lagSeconds === null || source.asOf === null) return { key: 'reports.source.lagUnknown', params: {} };
      return {
        key: source.lagSeconds === 0 ? 'reports.source.upToDate' : 'reports.source.replica',
        params: { seconds: new Intl.NumberFormat(locale === 'vi' ? 'vi-VN' : 'en-GB').format(source.lagSeconds), asOf: clockText(source.asOf) },
      };
  }
}

/**
 * One line for a page drawn from several reads (the report and its indicators): a fallback if any read fell back,
 * else the replica read furthest behind (unknown lag counts as furthest), else the primary.
 */
export function combinedSource(sources: readonly ReadSource[]): ReadSource {
  const fallback = sources.find((s) => s.kind === 'fallback');
  if (fallback) return fallback;
  const replica = sources.filter((s) => s.kind === 'replica');
  if (replica.length === 0) return sources[0] ?? { kind: 'primary', lagSeconds: null, asOf: null };
  return replica.find((s) => s.lagSeconds === null) ?? replica.reduce((a, b) => ((b.lagSeconds ?? 0) > (a.lagSeconds ?? 0) ? b : a));
}

/** The JSON answers' `dataSource` (reports.schemas.ts DataSource): absent without a replica configured. */
export function dataSourceField(source: ReadSource): { dataSource?: { from: 'replica' | 'primary_fallback'; replicaLagSeconds: number | null; asOf: string | null } } {
  if (source.kind === 'primary') return {};
  if (source.kind === 'fallback') return { dataSource: { from: 'primary_fallback', replicaLagSeconds: null, asOf: null } };
  return { dataSource: { from: 'replica', replicaLagSeconds: source.lagSeconds, asOf: source.asOf?.toISOString() ?? null } };
}
