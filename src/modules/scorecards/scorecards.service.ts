// Use cases of the Decision 766 scorecard: the scorecard of an agency (with its subtree) for a month, the
// ranking of agencies of one level, the month-by-month history, the monthly snapshots and the administrator's
// edits of weights, targets and formulas.
//
// Months: the current month (Vietnam time) is computed live; a past month is read from its snapshot, which is
// computed (and stored) by the month-end job or, when missing, on first demand. A snapshot keeps the result as
// computed with the configuration of that time: later edits of weights do not rewrite the past.
import type { Static } from 'typebox';
import { vietnamMonth } from '../../core/time.ts';
import type { Actor } from '../../core/actor.ts';
import { DomainError } from '../../core/errors.ts';
import type { Db } from '../../db/database.ts';
import { primaryReadDb, type ReadDb } from '../../db/replica.ts';
import type { AgenciesService, AgencyRedirect } from '../agencies/agencies.service.ts';
import { effectiveParent } from '../agencies/agencies.rules.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { ScorecardsRepository, type AgencyRow } from './scorecards.repository.ts';
import {
  addCounts,
  configErrors,
  EMPTY_COUNTS,
  evaluate,
  monthBounds,
  monthsEnding,
  parseMonth,
  rank,
  withScoreIndex,
  type AgencyCounts,
  type ScorecardConfig,
  type ScorecardResult,
} from './scorecards.rules.ts';
import type { ConfigBodyT, HistoryView, RankingView, ScorecardView } from './scorecards.schemas.ts';
import './scorecards.errors.ts';

/** The dossiers with complaints of a period per agency of the dossier (FeedbackService, wired in src/container.ts). */
export interface ComplaintCounts {
  dossiersWithComplaints(from: Date, to: Date): Promise<Map<string, number>>;
}

/** The visitors' ratings at the counters of a period per agency (the floor module, wired in src/container.ts). */
export interface CounterRatingCounts {
  counterRatings(from: Date, to: Date): Promise<Map<string, { rated: number; satisfied: number }>>;
}

/** The scorecard of an agency for a month: the API's response (scorecards.schemas.ts). */
export type AgencyScorecard = Static<typeof ScorecardView>;
export type Ranking = Static<typeof RankingView>;
export type History = Static<typeof HistoryView>['months'];
/** New weights, targets and formulas: the API's body. */
export type ConfigInput = ConfigBodyT;

type Locale = 'vi' | 'en';

function invalid(errors: Array<{ path: string; code: string; params?: Record<string, string | number> }>): never {
  throw new DomainError('VALIDATION_FAILED', undefined, errors);
}

/**
 * Each agency's counts summed over what is now part of it (agencies.rules.ts nowPartOf): its subtree and the
 * agencies merged into it — a merged agency counts with its successor (its effective parent), not its old parent.
 */
export function rollUp(agencies: readonly AgencyRow[], own: ReadonlyMap<string, Partial<AgencyCounts>>): Map<string, AgencyCounts> {
  const children = new Map<string, string[]>();
  for (const a of agencies) {
    const up = effectiveParent({ id: a.id, parent_id: a.parent_id, successor_id: a.successor_id ?? null });
    if (up) children.set(up, [...(children.get(up) ?? []), a.id]);
  }
  const memo = new Map<string, AgencyCounts>();
  const visit = (id: string, seen: Set<string>): AgencyCounts => {
    const cached = memo.get(id);
    if (cached) return cached;
    let total: AgencyCounts = { ...EMPTY_COUNTS, ...own.get(id) };
    seen.add(id);
    for (const child of children.get(id) ?? []) if (!seen.has(child)) total = addCounts(total, visit(child, seen));
    memo.set(id, total);
    return total;
  };
  for (const a of agencies) visit(a.id, new Set());
  return memo;
}

export class ScorecardsService {
  constructor(
    private readonly db: Db,
    private readonly agencies: AgenciesService,
    private readonly audit: AuditService,
    /** The live counts' reads (a replica when configured, src/db/replica.ts); snapshots and the configuration stay on `db`. */
    private readonly reads: ReadDb = primaryReadDb(db),
    private readonly repo = new ScorecardsRepository(),
  ) {}

  /** Decision 766's complaints metric (the feedback module, wired by the container); without it: "no data". */
  private complaints: ComplaintCounts | null = null;

  setComplaints(port: ComplaintCounts): void {
    this.complaints = port;
  }

  /** The counter ratings' metrics (the floor module, wired by the container); without it they count 0. */
  private counterRatings: CounterRatingCounts | null = null;

  setCounterRatings(port: CounterRatingCounts): void {
    this.counterRatings = port;
  }

  config(): Promise<ScorecardConfig> {
    return this.repo.config(this.db);
  }

  /** A month given as YYYY-MM (default: the current month); months after the current one are refused. */
  checkMonth(given: string | undefined, now: Date): string {
    const current = vietnamMonth(now);
    if (given === undefined || given.trim() === '') return current;
    if (!parseMonth(given)) invalid([{ path: '/month', code: 'SCORECARD_MONTH_INVALID' }]);
    const month = given.trim();
    if (month > current) invalid([{ path: '/month', code: 'SCORECARD_MONTH_FUTURE' }]);
    return month;
  }

  /** The agency that answers for `code` today (a merged agency's successor; the holder of a former code). */
  async agencyByCode(code: string): Promise<AgencyRow> {
    return (await this.agencyOf(code)).agency;
  }

  /** As agencyByCode, with the redirect when the code was a merged agency's (or a former code). */
  async agencyOf(code: string): Promise<{ agency: AgencyRow; redirect: AgencyRedirect | null }> {
    const found = /^[A-Za-z0-9.]{2,40}$/.test(code.trim()) ? await this.agencies.current(code.trim().toUpperCase()) : undefined;
    if (!found) throw new DomainError('SCORECARD_AGENCY_UNKNOWN');
    return found;
  }

  /** The agencies now part of an agency (itself, its subtree, the agencies merged into them): for `= ANY(ids)`. */
  nowPartOf(agencyId: string): Promise<string[]> {
    return this.agencies.nowPartOf(agencyId);
  }

  /**
   * Counts of every agency over its subtree, for [from, to) with "in progress" at min(to, now). Read on the replica
   * when one is configured (live figures, seconds behind at most); `exact`: on the primary (stored snapshots).
   */
  async rolledCounts(from: Date, to: Date, now: Date, options: { exact?: boolean } = {}): Promise<{ agencies: AgencyRow[]; counts: Map<string, AgencyCounts> }> {
    const asOf = now < to ? now : to;
    const read = (db: Db) =>
      Promise.all([this.repo.agencies(db), this.repo.dossierCounts(db, from, to, asOf), this.repo.procedureCounts(db), this.repo.publicityCounts(db, from, to)]);
    const [agencies, dossiers, procedures, publicity] = options.exact ? await read(this.db) : (await this.reads.read(read)).value;
    const own = new Map<string, Partial<AgencyCounts>>();
    for (const a of agencies) own.set(a.id, { ...dossiers.get(a.id), ...procedures.get(a.id), ...publicity.get(a.id) });
    // Dossiers with complaints (feedback classified as a complaint about their handling), by the dossier's agency.
    if (this.complaints) {
      const complaints = await this.complaints.dossiersWithComplaints(from, to);
      for (const a of agencies) own.set(a.id, { ...own.get(a.id), complaints: complaints.get(a.id) ?? 0, complaintsSource: 1 });
    }
    // Visitors' ratings of the officer at the counter (the floor's rating tablet), by the counter's agency.
    if (this.counterRatings) {
      const ratings = await this.counterRatings.counterRatings(from, to);
      for (const [agencyId, r] of ratings) own.set(agencyId, { ...own.get(agencyId), counterRated: r.rated, counterSatisfied: r.satisfied });
    }
    return { agencies, counts: rollUp(agencies, own) };
  }

  /** Computes (live) the scorecards of every agency for a month (`exact`: from the primary, for a stored snapshot). */
  private async compute(month: string, now: Date, options: { exact?: boolean } = {}): Promise<{ agencies: AgencyRow[]; results: Map<string, ScorecardResult> }> {
    const { from, to } = monthBounds(month);
    const [config, rolled] = await Promise.all([this.config(), this.rolledCounts(from, to, now, options)]);
    const results = new Map<string, ScorecardResult>();
    for (const a of rolled.agencies) results.set(a.id, evaluate(config, rolled.counts.get(a.id) ?? EMPTY_COUNTS, 'vi'));
    return { agencies: rolled.agencies, results };
  }

  /**
   * Computes and stores the snapshots of a month for every agency (the month-end job; `replace`: recompute
   * existing snapshots too). Returns the number of snapshots written.
   */
  async snapshotMonth(month: string, now: Date, options: { replace?: boolean } = {}): Promise<number> {
    const { agencies, results } = await this.compute(month, now, { exact: true });
    const existing = options.replace ? new Set<string>() : new Set((await this.repo.snapshots(this.db, [month])).map((s) => s.agency_id));
    const items = agencies
      .filter((a) => !existing.has(a.id))
      .map((a) => {
        const r = results.get(a.id)!;
        return { agencyId: a.id, points: r.points, maxPoints: r.maxPoints, result: r };
      });
    await this.repo.saveSnapshots(this.db, month, items);
    return items.length;
  }

  /**
   * Recomputes the snapshots of the past months stored before an agency was merged (or a merged agency changed):
   * the successor's cards then include the merged agency's dossiers for the months before the merger too. The
   * recomputed cards use today's configuration.
   */
  private async refreshAfterMergers(months: readonly string[], now: Date): Promise<void> {
    for (const month of await this.repo.monthsStoredBeforeMerger(this.db, months)) await this.snapshotMonth(month, now, { replace: true });
  }

  /** The scorecards of every agency for a month: live for the current month, snapshots for the past. */
  async allForMonth(month: string, now: Date): Promise<{ agencies: AgencyRow[]; results: Map<string, ScorecardResult> }> {
    if (month >= vietnamMonth(now)) return this.compute(month, now);
    await this.refreshAfterMergers([month], now);
    let stored = await this.repo.snapshots(this.db, [month]);
    const agencies = await this.repo.agencies(this.db);
    if (stored.length < agencies.length) {
      await this.snapshotMonth(month, now);
      stored = await this.repo.snapshots(this.db, [month]);
    }
    // A snapshot stored before the "no dossiers, no score" rule gets its index as the rule gives it.
    const config = await this.config();
    return { agencies, results: new Map(stored.map((s) => [s.agency_id, withScoreIndex(config, s.result as unknown as ScorecardResult)])) };
  }

  private async localise(result: ScorecardResult, locale: Locale): Promise<ScorecardResult> {
    if (locale === 'vi') return result;
    const config = await this.config();
    const groupName = new Map(config.groups.map((g) => [g.code, g.nameEn]));
    const indicatorName = new Map(config.indicators.map((i) => [i.code, i.nameEn]));
    return {
      ...result,
      groups: result.groups.map((g) => ({
        ...g,
        name: groupName.get(g.code) ?? g.name,
        indicators: g.indicators.map((i) => ({ ...i, name: indicatorName.get(i.code) ?? i.name })),
      })),
    };
  }

  private ref(a: AgencyRow): AgencyScorecard['agency'] {
    return { code: a.code, name: a.name, level: a.level };
  }

  /** The scorecard of one agency (with its subtree) for a month (public). */
  async scorecard(code: string, monthText: string | undefined, now: Date, locale: Locale = 'vi'): Promise<AgencyScorecard> {
    const month = this.checkMonth(monthText, now);
    const { agency, redirect } = await this.agencyOf(code);
    let result: ScorecardResult;
    if (month >= vietnamMonth(now)) {
      const { from, to } = monthBounds(month);
      const [config, rolled] = await Promise.all([this.config(), this.rolledCounts(from, to, now)]);
      result = evaluate(config, rolled.counts.get(agency.id) ?? EMPTY_COUNTS, 'vi');
    } else {
      const { results } = await this.allForMonth(month, now);
      result = results.get(agency.id)!;
    }
    const redirectedFrom = redirect ? { redirectedFrom: { code: redirect.code, name: redirect.name, reason: redirect.reason, since: redirect.since } } : {};
    return { agency: this.ref(agency), ...redirectedFrom, month, ...(await this.localise(result, locale)) };
  }

  /** Levels that have active agencies, most populated first (the default ranking level is the first). */
  async levels(): Promise<string[]> {
    const agencies = await this.repo.agencies(this.db);
    const count = new Map<string, number>();
    for (const a of agencies) if (a.active) count.set(a.level, (count.get(a.level) ?? 0) + 1);
    return [...count.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([level]) => level);
  }

  /** Active agencies of one level ranked by index (points / maxPoints), high to low; ties share a rank. */
  async ranking(monthText: string | undefined, level: string | undefined, now: Date): Promise<Ranking> {
    const month = this.checkMonth(monthText, now);
    const levels = await this.levels();
    const chosen = level && level.trim() !== '' ? level.trim() : levels[0] ?? 'ministry';
    if (!/^[a-z_]{3,30}$/.test(chosen)) invalid([{ path: '/level', code: 'SCORECARD_LEVEL_INVALID' }]);
    const { agencies, results } = await this.allForMonth(month, now);
    const items = agencies.filter((a) => a.active && a.level === chosen && results.has(a.id)).map((a) => ({ agency: a, result: results.get(a.id)! }));
    const ranked = rank(items, (i) => i.result.index, (i) => i.agency.code);
    return {
      month,
      level: chosen,
      rows: ranked.map(({ rank: r, item }) => ({ rank: r, agency: this.ref(item.agency), points: item.result.points, maxPoints: item.result.maxPoints, index: item.result.index })),
    };
  }

  /** The agency's index month by month, oldest first, ending with `last` (live for the current month). */
  async history(code: string, last: string, count: number, now: Date): Promise<History> {
    const agency = await this.agencyByCode(code);
    const current = vietnamMonth(now);
    const months = monthsEnding(last, count);
    const past = months.filter((m) => m < current);
    await this.refreshAfterMergers(past, now);
    const stored = new Map((await this.repo.snapshots(this.db, past, [agency.id])).map((s) => [s.month, s.result as unknown as ScorecardResult]));
    const config = await this.config();
    const out = [];
    for (const month of months) {
      let result = stored.get(month);
      if (!result && month < current) {
        await this.snapshotMonth(month, now);
        result = (await this.repo.snapshots(this.db, [month], [agency.id]))[0]?.result as unknown as ScorecardResult | undefined;
      }
      if (!result) result = (await this.scorecard(code, month, now)) as ScorecardResult;
      // No dossier in the month: no score ("—"), whatever a snapshot of before the rule kept (scorecards.rules.ts scoreIndex).
      result = withScoreIndex(config, result);
      out.push({ month, points: result.points, maxPoints: result.maxPoints, index: result.index });
    }
    return out;
  }

  // Administration -------------------------------------------------------------

  /** Editing weights needs the role 'admin' on a top-level agency (they apply to every agency). */
  async requireConfigAdmin(actor: Actor | null): Promise<Actor> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (!(await this.agencies.holdsOnRoot(actor, ['admin']))) throw new DomainError('FORBIDDEN');
    return actor;
  }

  /**
   * Replaces the points of the groups and the formulas, targets and points of the sub-indicators (every
   * existing one must be given; codes cannot be added or removed here). Validated as a whole (points add up
   * to 100); audited in the same transaction. The current month changes at once; stored months do not.
   */
  async updateConfig(actor: Actor | null, input: ConfigInput): Promise<ScorecardConfig> {
    const by = await this.requireConfigAdmin(actor);
    return this.db.transaction().execute(async (tx) => {
      await this.repo.lockConfig(tx);
      const before = await this.repo.config(tx);
      const errors: Array<{ path: string; code: string; params?: Record<string, string | number> }> = [];
      const groupInput = new Map(input.groups.map((g) => [g.code, g]));
      const indicatorInput = new Map(input.indicators.map((i) => [i.code, i]));
      input.groups.forEach((g, i) => {
        if (!before.groups.some((b) => b.code === g.code)) errors.push({ path: `/groups/${i}/code`, code: 'SCORECARD_GROUP_UNKNOWN' });
      });
      input.indicators.forEach((ind, i) => {
        if (!before.indicators.some((b) => b.code === ind.code)) errors.push({ path: `/indicators/${i}/code`, code: 'SCORECARD_INDICATOR_UNKNOWN', params: { code: ind.code } });
      });
      const next: ScorecardConfig = {
        groups: before.groups.map((g) => ({ ...g, maxPoints: groupInput.get(g.code)?.maxPoints ?? g.maxPoints })),
        indicators: before.indicators.map((b) => {
          const given = indicatorInput.get(b.code);
          return given
            ? { ...b, numerator: given.numerator, denominator: given.denominator, complement: given.complement ?? b.complement, target: given.target, maxPoints: given.maxPoints }
            : b;
        }),
      };
      // Field paths follow the stored order (the order of the form and of GET /api/scorecards/766/config).
      errors.push(...configErrors(next));
      if (errors.length) invalid(errors);
      await this.repo.saveConfig(tx, next, by.id);
      const changed = next.indicators.filter((n) => {
        const b = before.indicators.find((x) => x.code === n.code)!;
        return b.numerator !== n.numerator || b.denominator !== n.denominator || b.complement !== n.complement || b.target !== n.target || b.maxPoints !== n.maxPoints;
      });
      await this.audit.record(tx, by, {
        action: 'scorecard.config.update',
        targetType: 'scorecard_config',
        targetId: '766',
        summary: {
          groups: next.groups.filter((g) => before.groups.find((b) => b.code === g.code)!.maxPoints !== g.maxPoints).map((g) => `${g.code} ${before.groups.find((b) => b.code === g.code)!.maxPoints} → ${g.maxPoints}`),
          indicators: changed.map((n) => {
            const b = before.indicators.find((x) => x.code === n.code)!;
            return `${n.code}: ${b.numerator}/${b.denominator} T=${b.target} P=${b.maxPoints} → ${n.numerator}/${n.denominator} T=${n.target} P=${n.maxPoints}${n.complement ? ' (1−R)' : ''}`;
          }),
        },
      });
      return next;
    });
  }
}

/** The scorecards job: at the start of a month (Vietnam time), snapshot the month that just ended. */
export async function snapshotPreviousMonth(service: ScorecardsService, now: Date): Promise<number> {
  const current = vietnamMonth(now);
  const previous = monthsEnding(current, 2)[0]!;
  return service.snapshotMonth(previous, now);
}
