// Decision 766/QĐ-TTg scorecard (domain guide §7): pure rules. No I/O, no clock.
//
// A sub-indicator's rate R = numerator / denominator (or 1 − numerator / denominator when `complement`), each a
// NAMED metric of the fixed registry below; score = P when R ≥ T, otherwise R × P / T. The registry is the only
// place formulas live: the administrator chooses metrics by name, never types SQL.
//
// "No data": a sub-indicator whose metric has no data source (complaints without the feedback module), or none for this agency and month
// (publicity before any catalog sync covered the agency), or whose denominator
// is 0 for the agency and month shows `noData` and is NOT counted as zero: its points are left out of both the
// agency's points and its maxPoints (maxPoints = the sum of the maximum points of the sub-indicators that have
// data; `fullMaxPoints` keeps the configured 100). Agencies are ranked by their index = points / maxPoints × 100,
// so an agency is neither punished nor rewarded for what nobody can measure yet.
import { vietnamDayStart } from '../../core/time.ts';
import type { FieldError } from '../../core/errors.ts';

/** Counts of one agency (own dossiers and procedures only; subtrees are summed by `addCounts`). */
export interface AgencyCounts {
  /** Received (status 2 reached) in the period. */
  received: number;
  receivedOnline: number;
  /** Received in the period with fees (fee_vnd > 0), and of those paid online. */
  feeDossiers: number;
  feePaidOnline: number;
  /** Resolved (status 9/10: timeliness set) in the period: all, early or on time, late, digitised with e-result. */
  resolved: number;
  resolvedInTime: number;
  resolvedLate: number;
  resolvedDigitisedEResult: number;
  /** In progress at the end of the period (or now for the current month), and of those within the deadline. */
  inProgress: number;
  inProgressWithin: number;
  /** Published procedure versions of the agency, and of those offered full or partial online. */
  proceduresInScope: number;
  proceduresOnline: number;
  /**
   * Publicity on the national portal (catalog sync, catalog_publicity): our procedures the sync has recorded, of
   * those whose publication was required by the end of the period, of those published there on time (on or before
   * the day required), and of those whose dossier progress of the period was all delivered to the portal.
   */
  publicityRecords: number;
  publicityRequired: number;
  publicityPublished: number;
  publicitySynced: number;
  /** Progress and status messages of the period to the national portal (national_portal_messages). */
  portalMessages: number;
  /** Dossiers with feedback classified as a complaint about their handling, received in the period (feedback module). */
  complaints: number;
  /** > 0 when the complaints were counted (the feedback module is wired); 0: no data source. */
  complaintsSource: number;
  /** Visitors' ratings of the officer at the counter in the period (the floor's rating tablet), and of those "satisfied". */
  counterRated: number;
  counterSatisfied: number;
}

export const EMPTY_COUNTS: AgencyCounts = {
  received: 0,
  receivedOnline: 0,
  feeDossiers: 0,
  feePaidOnline: 0,
  resolved: 0,
  resolvedInTime: 0,
  resolvedLate: 0,
  resolvedDigitisedEResult: 0,
  inProgress: 0,
  inProgressWithin: 0,
  proceduresInScope: 0,
  proceduresOnline: 0,
  publicityRecords: 0,
  publicityRequired: 0,
  publicityPublished: 0,
  publicitySynced: 0,
  portalMessages: 0,
  complaints: 0,
  complaintsSource: 0,
  counterRated: 0,
  counterSatisfied: 0,
};

export function addCounts(a: AgencyCounts, b: AgencyCounts): AgencyCounts {
  const sum = { ...a };
  for (const key of Object.keys(EMPTY_COUNTS) as Array<keyof AgencyCounts>) sum[key] = a[key] + b[key];
  return sum;
}

/** What a metric counts: rates only make sense between metrics of the same unit. */
export type MetricUnit = 'dossiers' | 'procedures' | 'ratings';

export interface MetricDefinition {
  unit: MetricUnit;
  vi: string;
  en: string;
  /** The value, or null when there is no data source for it (yet, or for this agency and period). */
  value(counts: AgencyCounts): number | null;
}

/** The registry of named metrics (the only formulas there are). */
export const METRICS: Record<string, MetricDefinition> = {
  handled: {
    unit: 'dossiers',
    vi: 'Hồ sơ trong kỳ (đã giải quyết trong kỳ + đang giải quyết cuối kỳ)',
    en: 'Dossiers in the period (resolved in the period + in progress at its end)',
    value: (c) => c.resolved + c.inProgress,
  },
  handled_in_time: {
    unit: 'dossiers',
    vi: 'Hồ sơ giải quyết trước hạn, đúng hạn + đang giải quyết trong hạn',
    en: 'Dossiers resolved early or on time + in progress within the deadline',
    value: (c) => c.resolvedInTime + c.inProgressWithin,
  },
  handled_overdue: {
    unit: 'dossiers',
    vi: 'Hồ sơ giải quyết quá hạn + đang giải quyết quá hạn',
    en: 'Dossiers resolved late + in progress overdue',
    value: (c) => c.resolvedLate + (c.inProgress - c.inProgressWithin),
  },
  received: { unit: 'dossiers', vi: 'Hồ sơ tiếp nhận trong kỳ', en: 'Dossiers received in the period', value: (c) => c.received },
  received_online: { unit: 'dossiers', vi: 'Hồ sơ tiếp nhận trực tuyến trong kỳ', en: 'Dossiers received online in the period', value: (c) => c.receivedOnline },
  fee_dossiers: { unit: 'dossiers', vi: 'Hồ sơ có phí, lệ phí', en: 'Dossiers with fees', value: (c) => c.feeDossiers },
  fee_paid_online: { unit: 'dossiers', vi: 'Hồ sơ thanh toán phí, lệ phí trực tuyến', en: 'Dossiers with fees paid online', value: (c) => c.feePaidOnline },
  resolved: { unit: 'dossiers', vi: 'Hồ sơ đã giải quyết trong kỳ', en: 'Dossiers resolved in the period', value: (c) => c.resolved },
  resolved_in_time: { unit: 'dossiers', vi: 'Hồ sơ giải quyết trước hạn và đúng hạn', en: 'Dossiers resolved early or on time', value: (c) => c.resolvedInTime },
  resolved_late: { unit: 'dossiers', vi: 'Hồ sơ giải quyết quá hạn', en: 'Dossiers resolved late', value: (c) => c.resolvedLate },
  resolved_digitised_e_result: {
    unit: 'dossiers',
    vi: 'Hồ sơ đã giải quyết được số hóa và có kết quả điện tử',
    en: 'Resolved dossiers digitised with an electronic result',
    value: (c) => c.resolvedDigitisedEResult,
  },
  in_progress: { unit: 'dossiers', vi: 'Hồ sơ đang giải quyết cuối kỳ', en: 'Dossiers in progress at the end of the period', value: (c) => c.inProgress },
  procedures_in_scope: { unit: 'procedures', vi: 'Thủ tục hành chính đang áp dụng', en: 'Procedures in force', value: (c) => c.proceduresInScope },
  procedures_online: {
    unit: 'procedures',
    vi: 'Thủ tục cung cấp trực tuyến toàn trình hoặc một phần',
    en: 'Procedures offered full or partial online',
    value: (c) => c.proceduresOnline,
  },
  // Publicity on the national portal, from the catalog sync's records (catalog_publicity) and the dossier sync's
  // messages (national_portal_messages). "No data" (null) for an agency the catalog sync has never covered, and,
  // for the progress, in a period without any message to the portal (nothing was exchanged to judge).
  publicity_required: {
    unit: 'procedures',
    vi: 'Thủ tục phải công khai trên Cổng Dịch vụ công quốc gia (đang áp dụng, đến hạn công khai trong kỳ)',
    en: 'Procedures to publish on the National Public Service Portal (in force, publication due by the end of the period)',
    value: (c) => (c.publicityRecords > 0 ? c.publicityRequired : null),
  },
  publicity_published: {
    unit: 'procedures',
    vi: 'Thủ tục đã công khai trên Cổng Dịch vụ công quốc gia đúng hạn (không muộn hơn ngày phải công khai)',
    en: 'Procedures published on the National Public Service Portal on time (no later than the day required)',
    value: (c) => (c.publicityRecords > 0 ? c.publicityPublished : null),
  },
  publicity_synced: {
    unit: 'procedures',
    vi: 'Thủ tục có toàn bộ tiến độ, trạng thái hồ sơ trong kỳ đã đồng bộ lên Cổng Dịch vụ công quốc gia',
    en: 'Procedures whose dossier progress and status of the period were all delivered to the National Public Service Portal',
    value: (c) => (c.publicityRecords > 0 && c.portalMessages > 0 ? c.publicitySynced : null),
  },
  // From the feedback module (phản ánh, kiến nghị classified as a complaint about a dossier's handling).
  complaints: {
    unit: 'dossiers',
    vi: 'Hồ sơ bị phản ánh, kiến nghị về việc giải quyết',
    en: 'Dossiers with complaints about their handling',
    value: (c) => (c.complaintsSource > 0 ? c.complaints : null),
  },
  // From the one-stop floor's rating tablet (floor_counter_ratings): a satisfaction indicator of the counter's service
  // is counter_satisfied / counter_rated, added with the configuration form where the scorecard should count it.
  counter_rated: { unit: 'ratings', vi: 'Lượt đánh giá cán bộ tại quầy', en: 'Ratings of the officer at the counter', value: (c) => c.counterRated },
  counter_satisfied: { unit: 'ratings', vi: 'Lượt đánh giá "hài lòng" tại quầy', en: 'Counter ratings "satisfied"', value: (c) => c.counterSatisfied },
};

/** Metrics without any data source yet (always "no data"). */
export const METRICS_WITHOUT_SOURCE: readonly string[] = [];

export function isMetric(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(METRICS, name);
}

// ---------------------------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------------------------

export interface GroupConfig {
  code: string;
  name: string;
  nameEn: string;
  position: number;
  maxPoints: number;
}

export interface IndicatorConfig {
  code: string;
  groupCode: string;
  position: number;
  name: string;
  nameEn: string;
  numerator: string;
  denominator: string;
  complement: boolean;
  /** Fraction (0.8 = 80%). */
  target: number;
  maxPoints: number;
}

export interface ScorecardConfig {
  groups: GroupConfig[];
  indicators: IndicatorConfig[];
}

export const TOTAL_POINTS = 100;
const EPSILON = 1e-9;

/** Points as shown: 2 decimals. */
export function round2(value: number): number {
  return Math.round((value + Number.EPSILON) * 100) / 100;
}

/**
 * Problems of an edited configuration, all at once: metrics from the registry with matching units, targets in
 * (0, 100%], points ≥ 0, each group's sub-indicators summing to the group's points, the groups summing to 100.
 */
export function configErrors(config: ScorecardConfig): FieldError[] {
  const errors: FieldError[] = [];
  const groupCodes = new Set(config.groups.map((g) => g.code));
  config.groups.forEach((group, i) => {
    if (!Number.isFinite(group.maxPoints) || group.maxPoints < 0 || group.maxPoints > TOTAL_POINTS) {
      errors.push({ path: `/groups/${i}/maxPoints`, code: 'SCORECARD_POINTS_RANGE' });
    }
  });
  config.indicators.forEach((ind, i) => {
    if (!groupCodes.has(ind.groupCode)) errors.push({ path: `/indicators/${i}/groupCode`, code: 'SCORECARD_GROUP_UNKNOWN' });
    if (!isMetric(ind.numerator)) errors.push({ path: `/indicators/${i}/numerator`, code: 'SCORECARD_METRIC_UNKNOWN', params: { metric: ind.numerator } });
    if (!isMetric(ind.denominator)) errors.push({ path: `/indicators/${i}/denominator`, code: 'SCORECARD_METRIC_UNKNOWN', params: { metric: ind.denominator } });
    if (isMetric(ind.numerator) && isMetric(ind.denominator) && METRICS[ind.numerator]!.unit !== METRICS[ind.denominator]!.unit) {
      errors.push({ path: `/indicators/${i}/denominator`, code: 'SCORECARD_METRIC_UNITS' });
    }
    if (isMetric(ind.numerator) && ind.numerator === ind.denominator) {
      errors.push({ path: `/indicators/${i}/denominator`, code: 'SCORECARD_METRIC_SAME' });
    }
    if (!Number.isFinite(ind.target) || ind.target <= 0 || ind.target > 1) errors.push({ path: `/indicators/${i}/target`, code: 'SCORECARD_TARGET_RANGE' });
    if (!Number.isFinite(ind.maxPoints) || ind.maxPoints < 0 || ind.maxPoints > TOTAL_POINTS) {
      errors.push({ path: `/indicators/${i}/maxPoints`, code: 'SCORECARD_POINTS_RANGE' });
    }
  });
  config.groups.forEach((group, i) => {
    const members = config.indicators.filter((ind) => ind.groupCode === group.code);
    const sum = members.reduce((s, ind) => s + (Number.isFinite(ind.maxPoints) ? ind.maxPoints : 0), 0);
    if (Number.isFinite(group.maxPoints) && Math.abs(sum - group.maxPoints) > EPSILON) {
      errors.push({ path: `/groups/${i}/maxPoints`, code: 'SCORECARD_GROUP_SUM', params: { group: group.name, sum: round2(sum), points: group.maxPoints } });
    }
  });
  const total = config.groups.reduce((s, g) => s + (Number.isFinite(g.maxPoints) ? g.maxPoints : 0), 0);
  if (Math.abs(total - TOTAL_POINTS) > EPSILON) {
    errors.push({ path: '/groups', code: 'SCORECARD_TOTAL', params: { sum: round2(total), total: TOTAL_POINTS } });
  }
  return errors;
}

// ---------------------------------------------------------------------------------------------
// Scoring
// ---------------------------------------------------------------------------------------------

/** Points of a rate against its target: P when R ≥ T, otherwise R × P / T. */
export function indicatorScore(rate: number, target: number, maxPoints: number): number {
  if (rate >= target) return maxPoints;
  return (Math.max(0, rate) * maxPoints) / target;
}

export type NoDataReason = 'no_source' | 'no_denominator';

export interface IndicatorResult {
  code: string;
  name: string;
  /** Fraction 0..1, null when no data. */
  rate: number | null;
  target: number;
  points: number | null;
  maxPoints: number;
  numerator: number | null;
  denominator: number | null;
  noData: boolean;
  noDataReason: NoDataReason | null;
}

export interface GroupResult {
  code: string;
  name: string;
  points: number;
  /** Sum of the maximum points of the sub-indicators that have data. */
  maxPoints: number;
  /** As configured (e.g. 18). */
  fullMaxPoints: number;
  noData: boolean;
  indicators: IndicatorResult[];
}

export interface ScorecardResult {
  points: number;
  maxPoints: number;
  fullMaxPoints: number;
  /** points / maxPoints × 100 (null when nothing has data). */
  index: number | null;
  groups: GroupResult[];
}

export function evaluateIndicator(ind: IndicatorConfig, counts: AgencyCounts, locale: 'vi' | 'en' = 'vi'): IndicatorResult {
  const numerator = METRICS[ind.numerator]?.value(counts) ?? null;
  const denominator = METRICS[ind.denominator]?.value(counts) ?? null;
  const base = { code: ind.code, name: locale === 'en' ? ind.nameEn : ind.name, target: ind.target, maxPoints: ind.maxPoints, numerator, denominator };
  if (numerator === null || denominator === null) return { ...base, rate: null, points: null, noData: true, noDataReason: 'no_source' };
  if (denominator <= 0) return { ...base, rate: null, points: null, noData: true, noDataReason: 'no_denominator' };
  const ratio = Math.min(1, Math.max(0, numerator / denominator));
  const rate = ind.complement ? 1 - ratio : ratio;
  return { ...base, rate, points: round2(indicatorScore(rate, ind.target, ind.maxPoints)), noData: false, noDataReason: null };
}

export function evaluate(config: ScorecardConfig, counts: AgencyCounts, locale: 'vi' | 'en' = 'vi'): ScorecardResult {
  const groups = [...config.groups]
    .sort((a, b) => a.position - b.position)
    .map((group): GroupResult => {
      const indicators = config.indicators
        .filter((ind) => ind.groupCode === group.code)
        .sort((a, b) => a.position - b.position)
        .map((ind) => evaluateIndicator(ind, counts, locale));
      const withData = indicators.filter((i) => !i.noData);
      return {
        code: group.code,
        name: locale === 'en' ? group.nameEn : group.name,
        points: round2(withData.reduce((s, i) => s + (i.points ?? 0), 0)),
        maxPoints: round2(withData.reduce((s, i) => s + i.maxPoints, 0)),
        fullMaxPoints: group.maxPoints,
        noData: withData.length === 0,
        indicators,
      };
    });
  const points = round2(groups.reduce((s, g) => s + g.points, 0));
  const maxPoints = round2(groups.reduce((s, g) => s + g.maxPoints, 0));
  const fullMaxPoints = round2(groups.reduce((s, g) => s + g.fullMaxPoints, 0));
  const card = { points, maxPoints, fullMaxPoints, index: null, groups };
  return { ...card, index: scoreIndex(config, card) };
}

/** Whether a sub-indicator is counted in dossiers (its denominator's unit), not in procedures. */
export function countsDossiers(ind: Pick<IndicatorConfig, 'denominator'>): boolean {
  return METRICS[ind.denominator]?.unit === 'dossiers';
}

/**
 * The index of a card: points / maxPoints × 100, but only for a month in which the agency had dossiers — at
 * least one sub-indicator counted in dossiers has data (a denominator above 0). A month before any dossier
 * existed has no score ("—"), not the score of its procedures alone: otherwise the months before the first
 * dossier showed the online-provision rate as the agency's score (71%), and the first dossier, on time or not,
 * "lowered" it by bringing in the indicators that can only be measured on dossiers. With the rule the first
 * dossier gives the first score, and a dossier handled on time never lowers a score that exists: its own rates
 * rise or stay (n/d → (n+1)/(d+1)), a rate that starts with it starts at 100%, and a card's index is a weighted
 * mean of its rates (test/rules/scorecards-history.rules.test.ts).
 */
export function scoreIndex(config: ScorecardConfig, card: Pick<ScorecardResult, 'points' | 'maxPoints' | 'groups'>): number | null {
  const dossierCodes = new Set(config.indicators.filter(countsDossiers).map((i) => i.code));
  const measured = card.groups.some((g) => g.indicators.some((i) => !i.noData && dossierCodes.has(i.code)));
  return measured && card.maxPoints > 0 ? round2((card.points / card.maxPoints) * 100) : null;
}

/**
 * A stored card (a month's snapshot) with its index as `scoreIndex` gives it: snapshots computed before the rule
 * kept the procedures-only score of months without dossiers.
 */
export function withScoreIndex<T extends Pick<ScorecardResult, 'points' | 'maxPoints' | 'groups' | 'index'>>(config: ScorecardConfig, card: T): T {
  const index = scoreIndex(config, card);
  return index === card.index ? card : { ...card, index };
}

// ---------------------------------------------------------------------------------------------
// Ranking, months
// ---------------------------------------------------------------------------------------------

export interface Ranked<T> {
  rank: number;
  item: T;
}

/**
 * High to low by index (points / maxPoints); equal indexes share a rank (1, 2, 2, 4); agencies without data
 * come last, unranked (rank 0). Ties are listed by `tieKey` (the agency code).
 */
export function rank<T>(items: readonly T[], indexOf: (item: T) => number | null, tieKey: (item: T) => string): Array<Ranked<T>> {
  const sorted = [...items].sort((a, b) => {
    const ia = indexOf(a);
    const ib = indexOf(b);
    if (ia === null && ib === null) return tieKey(a).localeCompare(tieKey(b));
    if (ia === null) return 1;
    if (ib === null) return -1;
    return ib - ia || tieKey(a).localeCompare(tieKey(b));
  });
  const out: Array<Ranked<T>> = [];
  sorted.forEach((item, i) => {
    const index = indexOf(item);
    if (index === null) return out.push({ rank: 0, item });
    const previous = out[i - 1];
    const same = previous && indexOf(previous.item) === index;
    out.push({ rank: same ? previous.rank : i + 1, item });
  });
  return out;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function parseMonth(text: string): { year: number; month: number } | null {
  const m = MONTH.exec(text.trim());
  if (!m) return null;
  const year = Number(m[1]);
  if (year < 2000 || year > 2100) return null;
  return { year, month: Number(m[2]) };
}

export function formatMonth(year: number, month: number): string {
  return `${year}-${String(month).padStart(2, '0')}`;
}

export function addMonths(month: string, delta: number): string {
  const p = parseMonth(month)!;
  const index = p.year * 12 + (p.month - 1) + delta;
  return formatMonth(Math.floor(index / 12), (index % 12) + 1);
}

/** [start, end) instants of a month in Vietnam time. */
export function monthBounds(month: string): { from: Date; to: Date } {
  const next = addMonths(month, 1);
  return { from: vietnamDayStart(`${month}-01`), to: vietnamDayStart(`${next}-01`) };
}

/** mm/yyyy for screens. */
export function monthLabel(month: string): string {
  return `${month.slice(5, 7)}/${month.slice(0, 4)}`;
}

/** The months of a history ending at `last`, oldest first. */
export function monthsEnding(last: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addMonths(last, i - count + 1));
}

// ---------------------------------------------------------------------------------------------
// History chart (server-rendered SVG): bars of the index per month
// ---------------------------------------------------------------------------------------------

export interface ChartBar {
  month: string;
  label: string;
  index: number | null;
  x: number;
  y: number;
  width: number;
  height: number;
  labelX: number;
  valueY: number;
}

export function historyBars(points: ReadonlyArray<{ month: string; index: number | null }>, size = { width: 640, height: 220, top: 20, bottom: 30 }): ChartBar[] {
  const plot = size.height - size.top - size.bottom;
  const slot = points.length ? size.width / points.length : size.width;
  const width = Math.max(4, slot * 0.6);
  return points.map((p, i) => {
    const height = p.index === null ? 0 : Math.round((Math.min(100, Math.max(0, p.index)) / 100) * plot);
    const x = Math.round(i * slot + (slot - width) / 2);
    const y = size.top + plot - height;
    return { month: p.month, label: monthLabel(p.month), index: p.index, x, y, width: Math.round(width), height, labelX: Math.round(i * slot + slot / 2), valueY: y - 4 };
  });
}
