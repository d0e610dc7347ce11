// Use cases of the reports: the handling report (Biểu 06/VPCP/KSTT), the dossiers behind one of its cells, the
// indicators of the source articles and the leaders' dashboard. Read-only: the figures are read through `ReadDb`
// (a streaming replica when DATABASE_REPLICA_URL is set, else the primary; src/db/replica.ts) and every answer says
// where they were read (`source`: replica with its lag, primary, or the primary as fallback). The scope check
// (agencies, grants) reads the primary.
//
// Who may read (checked here, on the agency subtree asked for): department heads, agency leaders, administrators
// and inspectors holding the role on an agency whose subtree contains it. Anonymous → 401; a signed-in user
// without such a role on the agency → 403 (the agency tree itself is public, so nothing is hidden by a 404);
// an unknown agency code → 404. Without `agency`, the first agency the actor may report on is used.
import type { Static } from 'typebox';
import { vietnamDate, vietnamDayEnd, vietnamDayStart } from '../../core/time.ts';
import type { Actor } from '../../core/actor.ts';
import { rolesRoots } from '../../core/actor.ts';
import { DomainError } from '../../core/errors.ts';
import type { ReadDb, ReadSource } from '../../db/replica.ts';
import type { Agency, Role } from '../../db/schema.ts';
import type { AgenciesService, AgencyRedirect } from '../agencies/agencies.service.ts';
import { ReportsRepository, type DrillRow, type MergedInto } from './reports.repository.ts';
import {
  addNumbers,
  emptyNumbers,
  isCurrentPeriod,
  METRIC,
  numbersFromSums,
  onlineShare,
  onTimeRate,
  onTimeRateOfReceived,
  rate,
  validatePeriod,
  type Cell,
  type NoTimeLimitCounts,
  type GroupBy,
  type Period,
  type Rate,
  type ReportNumbers,
} from './reports.rules.ts';
import type { CellQueryT, HandlingQueryT, IndicatorsT, PeriodQueryT } from './reports.schemas.ts';
import './reports.errors.ts';

export const REPORT_ROLES: readonly Role[] = ['department_head', 'agency_leader', 'admin', 'inspector'];

/** The period asked for: the API's query (reports.schemas.ts). */
export type PeriodQuery = PeriodQueryT;

export interface ReportRow {
  key: string;
  code: string | null;
  label: string;
  numbers: ReportNumbers;
  onTimeRate: Rate;
}

export interface HandlingReport {
  agency: Agency;
  /** The code asked for was a merged agency's (or a former code): `agency` answers for it. */
  redirect: AgencyRedirect | null;
  period: Period;
  groupBy: GroupBy;
  /** The period reaches today: "overdue" is judged at `now`. */
  current: boolean;
  now: Date;
  rows: ReportRow[];
  totals: ReportNumbers;
  onTimeRate: Rate;
  onTimeRateOfReceived: Rate;
  /** The dossiers of procedures with no statutory time limit, counted apart (reports.rules.ts NoTimeLimitCounts). */
  noTimeLimit: NoTimeLimitCounts;
  /** Where the figures were read (the replica and its lag, or the primary). */
  source: ReadSource;
}

/** The indicators: the API's response (reports.schemas.ts), with the whole agency record. */
export type Indicators = Omit<Static<typeof IndicatorsT>, 'agency' | 'redirectedFrom' | 'dataSource'> & { agency: Agency; redirect: AgencyRedirect | null; source: ReadSource };

export class ReportsService {
  constructor(
    private readonly reads: ReadDb,
    private readonly agencies: AgenciesService,
    private readonly repo = new ReportsRepository(),
  ) {}

  /**
   * The agency reported on (by e-ID code, or the actor's first) and the agencies now part of it, after the
   * authorisation check. A merged agency's code (or a former code) reports on the agency that answers for it today
   * (`redirect` says so); the ids are the agency, its subtree and every agency merged into them, recursively
   * (AgenciesService.nowPartOf, once per request), so that a successor's reports count the dossiers of the merged
   * agencies before and after the merger.
   */
  async scope(actor: Actor | null, agencyCode: string | undefined): Promise<{ agency: Agency; ids: string[]; redirect: AgencyRedirect | null }> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    let agency: Agency | undefined;
    let redirect: AgencyRedirect | null = null;
    if (agencyCode && agencyCode.trim()) {
      const found = await this.agencies.current(agencyCode.trim().toUpperCase());
      if (!found) throw new DomainError('NOT_FOUND');
      agency = found.agency;
      redirect = found.redirect;
    } else {
      // The default: the first active agency of the actor's scope, in tree order (never a merged agency, whose
      // dossiers its successor's report already counts); only a grant on nothing but merged agencies keeps its own.
      const roots = rolesRoots(actor, REPORT_ROLES);
      if (roots.length === 0) throw new DomainError('REPORT_NO_SCOPE');
      agency = (await this.agencies.scopeTree(actor, REPORT_ROLES))[0]?.agency ?? (await this.agencies.byId(roots[0]!));
      if (!agency) throw new DomainError('NOT_FOUND');
    }
    await this.agencies.authorize(actor, REPORT_ROLES, agency.id);
    const ids = await this.agencies.nowPartOf(agency.id);
    return { agency, ids, redirect };
  }

  period(query: PeriodQuery): Period {
    const { period, errors } = validatePeriod({ from: query.from ?? null, to: query.to ?? null });
    if (!period) throw new DomainError('VALIDATION_FAILED', undefined, errors);
    return period;
  }

  /** The agencies the actor may open reports of (the report roles' subtrees), for the report page's picker. */
  async agencyOptions(actor: Actor | null): Promise<Array<{ code: string; name: string; depth: number }>> {
    return (await this.agencies.scopeTree(actor, REPORT_ROLES)).map((e) => ({ code: e.agency.code, name: e.agency.name, depth: e.depth }));
  }

  /** Merged agency → successor, for the groupings by agency (rows by agency and by level count it in its successor's). */
  private mergedInto(ids: string[], groupBy: GroupBy | null | undefined): Promise<MergedInto> {
    return groupBy === 'agency' || groupBy === 'level' ? this.agencies.mergedInto(ids) : Promise.resolve(new Map());
  }

  /** Biểu 06/VPCP/KSTT for the agency subtree and period, rows by field, procedure, agency or level. */
  async handling(actor: Actor | null, query: HandlingQueryT, now = new Date()): Promise<HandlingReport> {
    const period = this.period(query);
    const { agency, ids, redirect } = await this.scope(actor, query.agency);
    const groupBy = query.groupBy ?? 'field';
    const current = isCurrentPeriod(period, now);
    const mergedInto = await this.mergedInto(ids, groupBy);
    const {
      value: [groups, overdue, noTimeLimit],
      source,
    } = await this.reads.read((db) =>
      Promise.all([
        this.repo.groupSums(db, ids, period, groupBy, mergedInto),
        current ? this.repo.overdueNow(db, ids, now, groupBy, mergedInto) : Promise.resolve(new Map<string, number>()),
        this.repo.noTimeLimitCounts(db, ids, period),
      ]),
    );
    const rows: ReportRow[] = groups
      .map((g) => {
        const numbers = numbersFromSums(g.sums, current, overdue.get(g.key) ?? 0);
        return { key: g.key, code: g.code, label: g.label, numbers, onTimeRate: onTimeRate(numbers) };
      })
      .filter((r) => r.numbers.received > 0 || r.numbers.refused > 0)
      .sort((a, b) => (a.code ?? a.label).localeCompare(b.code ?? b.label, 'vi'));
    const totals = rows.reduce((sum, r) => addNumbers(sum, r.numbers), emptyNumbers());
    return { agency, redirect, period, groupBy, current, now, rows, totals, onTimeRate: onTimeRate(totals), onTimeRateOfReceived: onTimeRateOfReceived(totals), noTimeLimit, source };
  }

  /** The dossiers behind one cell of the report (a group's, or the totals' when `group` is absent), paginated. */
  async cellDossiers(
    actor: Actor | null,
    query: CellQueryT,
    now = new Date(),
  ): Promise<{ agency: Agency; redirect: AgencyRedirect | null; period: Period; cell: Cell; items: DrillRow[]; total: number; page: number; pageSize: number; pageCount: number; source: ReadSource }> {
    const period = this.period(query);
    const { agency, ids, redirect } = await this.scope(actor, query.agency);
    const pageSize = Math.min(100, Math.max(1, query.pageSize ?? 20));
    const page = Math.max(1, query.page ?? 1);
    const group = query.group && query.groupBy ? query.group : null;
    const mergedInto = group ? await this.mergedInto(ids, query.groupBy) : new Map<string, string>();
    const { value: result, source } = await this.reads.read((db) => this.repo.cellDossiers(db, {
      mergedInto,
      agencyIds: ids,
      period,
      now,
      current: isCurrentPeriod(period, now),
      cell: query.cell,
      groupBy: group ? query.groupBy! : null,
      groupKey: group,
      limit: pageSize,
      offset: (page - 1) * pageSize,
    }));
    return { agency, redirect, period, cell: query.cell, ...result, page, pageSize, pageCount: Math.max(1, Math.ceil(result.total / pageSize)), source };
  }

  /**
   * Indicators of the source articles for the agency subtree and period. "Online dossiers resolved online" is the
   * share, among the online dossiers received in the period, of those resolved (status 9/10) with an electronic
   * result (VHTTDL's "hồ sơ hợp lệ giải quyết trực tuyến … so với tổng số hồ sơ nộp trực tuyến"). Accounts are
   * those of applicants (citizens, organisations) of the whole installation: they belong to no agency.
   */
  async indicators(actor: Actor | null, query: PeriodQuery, now = new Date()): Promise<Indicators> {
    const period = this.period(query);
    const { agency, ids, redirect } = await this.scope(actor, query.agency);
    const current = isCurrentPeriod(period, now);
    const {
      value: [groups, overdue, capable, onlineResolved, accounts],
      source,
    } = await this.reads.read((db) =>
      Promise.all([
        this.repo.groupSums(db, ids, period, 'level'),
        current ? this.repo.overdueNow(db, ids, now, 'level') : Promise.resolve(new Map<string, number>()),
        this.repo.onlineCapableProcedures(db, ids, period),
        this.repo.metricSum(db, ids, period, METRIC.onlineResolvedElectronic),
        this.repo.accounts(db, vietnamDayStart(period.from), vietnamDayEnd(period.to)),
      ]),
    );
    const numbers = groups.reduce((sum, g) => addNumbers(sum, numbersFromSums(g.sums, current, overdue.get(g.key) ?? 0)), emptyNumbers());
    const kind = (k: string) => accounts.find((a) => a.kind === k) ?? { total: 0, created: 0 };
    const citizens = kind('citizen');
    const organisations = kind('organisation');
    return {
      agency,
      redirect,
      period,
      numbers,
      onTimeRate: onTimeRate(numbers),
      onTimeRateOfReceived: onTimeRateOfReceived(numbers),
      onlineShare: onlineShare(numbers),
      onlineCapableWithDossiers: rate(capable.withOnline, capable.capable),
      onlineResolvedOnline: rate(onlineResolved, numbers.receivedOnline),
      accounts: {
        total: citizens.total + organisations.total,
        created: citizens.created + organisations.created,
        citizens: { total: citizens.total, created: citizens.created },
        organisations: { total: organisations.total, created: organisations.created },
      },
      source,
    };
  }

  /** The leaders' dashboard: the last 12 months, the current year by agency, overdue by step, the most late procedures. */
  async dashboard(actor: Actor | null, agencyCode: string | undefined, now = new Date()) {
    const { agency, ids, redirect } = await this.scope(actor, agencyCode);
    const today = vietnamDate(now);
    const year: Period = { from: `${today.slice(0, 4)}-01-01`, to: today };
    const twelveStart = `${addMonths(today.slice(0, 7), -11)}-01`;
    const mergedInto = await this.mergedInto(ids, 'agency');
    const {
      value: [monthly, byAgencyGroups, overdueNow, bySteps, mostLate],
      source,
    } = await this.reads.read((db) =>
      Promise.all([
        this.repo.monthly(db, ids, { from: twelveStart, to: today }),
        this.repo.groupSums(db, ids, year, 'agency', mergedInto),
        this.repo.overdueNow(db, ids, now, 'agency', mergedInto),
        this.repo.overdueBySteps(db, ids, now),
        this.repo.mostLate(db, ids, year, 10),
      ]),
    );
    const months: string[] = [];
    for (let i = 11; i >= 0; i--) months.push(addMonths(today.slice(0, 7), -i));
    const byMonth = new Map(monthly.map((m) => [m.month, m]));
    const trend = months.map((month) => {
      const m = byMonth.get(month);
      return { month, received: m?.received ?? 0, online: m?.online ?? 0, resolved: m?.resolved ?? 0, late: m?.late ?? 0 };
    });
    const byAgency = byAgencyGroups
      .map((g) => {
        const numbers = numbersFromSums(g.sums, true, overdueNow.get(g.key) ?? 0);
        return { code: g.code ?? '', name: g.label, numbers, onTimeRate: onTimeRate(numbers) };
      })
      .filter((a) => a.numbers.received > 0)
      .sort((a, b) => a.code.localeCompare(b.code));
    const yearNumbers = byAgency.reduce((sum, a) => addNumbers(sum, a.numbers), emptyNumbers());
    return {
      agency,
      redirect,
      year,
      now,
      trend,
      byAgency,
      overdueBySteps: bySteps,
      mostLate,
      onlineShare: onlineShare(yearNumbers),
      onlineByMonth: trend.map((m) => ({ month: m.month, share: rate(m.online, m.received) })),
      onTimeRate: onTimeRate(yearNumbers),
      source,
    };
  }
}

/** yyyy-mm plus n months. */
export function addMonths(month: string, n: number): string {
  const total = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}
