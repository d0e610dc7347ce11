// The floor's reports (issue 20) for department heads and agency leaders, over the agencies of their scope: visits
// per day and per hour of the day, waiting and service times (average, 90th percentile) per counter and per group,
// the counter ratings per officer (counts by grade, reasons). Table, chart and Excel from the same object.
import { DomainError } from '../../core/errors.ts';
import type { Actor } from '../../core/actor.ts';
import { loadExcel } from '../../core/lazy.ts';
import { neutraliseCell } from '../../core/spreadsheet.ts';
import { addDays, isIsoDate, vietnamDate, vietnamDayEnd, vietnamDayStart } from '../../core/time.ts';
import type { Role } from '../../db/schema.ts';
import type { Executor } from '../../db/database.ts';
import { FloorReportsRepository, type TimesRow } from './floor.reports.repository.ts';
import './floor.reports.errors.ts';

export const REPORT_ROLES: readonly Role[] = ['department_head', 'agency_leader'];
/** The longest period a report covers (days). */
export const MAX_REPORT_DAYS = 366;

export interface FloorReportQuery {
  from?: string | undefined;
  to?: string | undefined;
}

export interface TimesLine {
  label: string;
  tickets: number;
  waitAvgMinutes: number | null;
  waitP90Minutes: number | null;
  serviceAvgMinutes: number | null;
  serviceP90Minutes: number | null;
}

export interface OfficerRatings {
  officerId: string;
  officer: string;
  satisfied: number;
  normal: number;
  notSatisfied: number;
  total: number;
  /** Satisfied / total, percent with one decimal; null without ratings. */
  satisfiedPercent: number | null;
  reasons: Record<string, number>;
}

export interface FloorReport {
  period: { from: string; to: string };
  visitsByDay: Array<{ day: string; tickets: number; served: number }>;
  visitsByHour: Array<{ hour: number; tickets: number }>;
  byCounter: TimesLine[];
  byGroup: TimesLine[];
  officers: OfficerRatings[];
}

/** Seconds → minutes with one decimal (null stays null). */
export function minutes(seconds: number | null): number | null {
  return seconds === null || !Number.isFinite(seconds) ? null : Math.round(seconds / 6) / 10;
}

/** The period asked, checked: yyyy-mm-dd days, from ≤ to, at most MAX_REPORT_DAYS; default the last 30 days. */
export function reportPeriod(query: FloorReportQuery, now: Date): { from: string; to: string } {
  const today = vietnamDate(now);
  const to = query.to || today;
  const from = query.from || addDays(to, -29);
  const errors = [];
  if (!isIsoDate(from)) errors.push({ path: '/from', code: 'format', params: { format: 'date' } });
  if (!isIsoDate(to)) errors.push({ path: '/to', code: 'format', params: { format: 'date' } });
  if (!errors.length && from > to) errors.push({ path: '/to', code: 'FLOOR_REPORT_PERIOD' });
  if (!errors.length && addDays(from, MAX_REPORT_DAYS - 1) < to) errors.push({ path: '/from', code: 'FLOOR_REPORT_PERIOD' });
  if (errors.length) throw new DomainError('VALIDATION_FAILED', undefined, errors);
  return { from, to };
}

function timesLine(r: TimesRow): TimesLine {
  return { label: r.label, tickets: r.tickets, waitAvgMinutes: minutes(r.wait_avg), waitP90Minutes: minutes(r.wait_p90), serviceAvgMinutes: minutes(r.service_avg), serviceP90Minutes: minutes(r.service_p90) };
}

export interface ReportsScope {
  scopeOf(actor: Actor | null, roles: readonly Role[]): Promise<string[]>;
}

export class FloorReportsService {
  private readonly repo = new FloorReportsRepository();

  constructor(
    private readonly db: Executor,
    private readonly agencies: ReportsScope,
  ) {}

  /** The scorecards' CounterRatingCounts port: ratings at the counters of [from, to) per agency (no actor: the scorecard job). */
  counterRatings(from: Date, to: Date) {
    return this.repo.ratingCounts(this.db, from, to);
  }

  async report(actor: Actor | null, query: FloorReportQuery = {}, now = new Date()): Promise<FloorReport> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    const agencyIds = await this.agencies.scopeOf(actor, REPORT_ROLES);
    if (!agencyIds.length) throw new DomainError('FORBIDDEN');
    const { from, to } = reportPeriod(query, now);
    const [visitsByDay, visitsByHour, byCounter, byGroup, officers] = await Promise.all([
      this.repo.visitsByDay(this.db, agencyIds, from, to),
      this.repo.visitsByHour(this.db, agencyIds, from, to),
      this.repo.timesByCounter(this.db, agencyIds, from, to),
      this.repo.timesByGroup(this.db, agencyIds, from, to),
      this.repo.ratingsByOfficer(this.db, agencyIds, vietnamDayStart(from), vietnamDayEnd(to)),
    ]);
    return {
      period: { from, to },
      visitsByDay,
      visitsByHour,
      byCounter: byCounter.map(timesLine),
      byGroup: byGroup.map(timesLine),
      officers: officers.map((o) => {
        const total = o.satisfied + o.normal + o.not_satisfied;
        return {
          officerId: o.officer_id,
          officer: o.officer_name,
          satisfied: o.satisfied,
          normal: o.normal,
          notSatisfied: o.not_satisfied,
          total,
          satisfiedPercent: total ? Math.round((o.satisfied / total) * 1000) / 10 : null,
          reasons: o.reasons,
        };
      }),
    };
  }
}

/** The report as an Excel workbook: one sheet per table; texts neutralised against formula injection. */
export async function floorReportXlsx(report: FloorReport, t: (key: string, params?: Record<string, string | number>) => string): Promise<Buffer> {
  const workbook = new (await loadExcel()).Workbook();
  workbook.creator = 'OpenDVC';
  const text = (v: string) => neutraliseCell(v);
  const sheet = (name: string, header: string[], rows: Array<Array<string | number | null>>) => {
    const ws = workbook.addWorksheet(name);
    ws.addRow([text(t('floorReports.period', { from: report.period.from, to: report.period.to }))]);
    ws.addRow(header.map(text)).font = { bold: true };
    for (const r of rows) ws.addRow(r.map((v) => (typeof v === 'string' ? text(v) : v)));
    ws.columns.forEach((c) => (c.width = 22));
  };
  sheet(t('floorReports.byDay'), [t('floorReports.day'), t('floorReports.tickets'), t('floorReports.served')], report.visitsByDay.map((d) => [d.day, d.tickets, d.served]));
  sheet(t('floorReports.byHour'), [t('floorReports.hour'), t('floorReports.tickets')], report.visitsByHour.map((h) => [`${String(h.hour).padStart(2, '0')}:00`, h.tickets]));
  const timesHeader = (first: string) => [first, t('floorReports.tickets'), t('floorReports.waitAvg'), t('floorReports.waitP90'), t('floorReports.serviceAvg'), t('floorReports.serviceP90')];
  const timesRows = (lines: TimesLine[]) => lines.map((l) => [l.label, l.tickets, l.waitAvgMinutes, l.waitP90Minutes, l.serviceAvgMinutes, l.serviceP90Minutes]);
  sheet(t('floorReports.byCounter'), timesHeader(t('floorReports.counter')), timesRows(report.byCounter));
  sheet(t('floorReports.byGroup'), timesHeader(t('floorReports.group')), timesRows(report.byGroup));
  sheet(
    t('floorReports.ratings'),
    [t('floorReports.officer'), t('floorReports.satisfied'), t('floorReports.normal'), t('floorReports.notSatisfied'), t('floorReports.total'), t('floorReports.satisfiedPercent'), t('floorReports.reasons')],
    report.officers.map((o) => [o.officer, o.satisfied, o.normal, o.notSatisfied, o.total, o.satisfiedPercent, Object.entries(o.reasons).map(([k, n]) => `${t(`floorReports.reason.${k}`)}: ${n}`).join('; ')]),
  );
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
