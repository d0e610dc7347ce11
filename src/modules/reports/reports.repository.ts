// SQL of the reports: sums of the daily aggregates, the open dossiers that are overdue now, the dossiers behind one
// report cell (direct definition, see reports.rules.ts), indicators and the dashboard series.
//
// Two levels of aggregates hold the same counts: by procedure version (report_daily / report_monthly, migration
// 0013) and by field (report_field_daily / report_field_monthly, 0020: the versions' counts summed by their field).
// Everything that does not need the procedure (rows by field, agency or level, the indicators, the dashboard's
// series) reads the field level, whose size does not grow with the number of procedure versions holding dossiers;
// rows by procedure and the "most late procedures" read the version level.
import { sql, type RawBuilder } from 'kysely';
import { vietnamDate, vietnamDayEnd, vietnamDayStart } from '../../core/time.ts';
import type { Executor } from '../../db/database.ts';
import { METRIC, monthStart, splitRange, type Cell, type GroupBy, type MetricSums, type NoTimeLimitCounts, type Period } from './reports.rules.ts';

export interface GroupSums {
  key: string;
  code: string | null;
  label: string;
  sums: MetricSums;
}

export interface DrillRow {
  id: string;
  code: string;
  procedureCode: string;
  procedureName: string;
  agencyName: string;
  applicantName: string | null;
  status: number;
  channel: number;
  /** Null for a refused dossier (refused before reception). */
  receivedAt: Date | null;
  dueAt: Date | null;
  finishedAt: Date | null;
  timeliness: string | null;
}

const VN = sql.lit('Asia/Ho_Chi_Minh');

/** Key, code and label of a row group, from the aliases pv (procedure version), f (field), a (agency), p (procedure). */
function groupColumns(groupBy: GroupBy): { key: RawBuilder<unknown>; code: RawBuilder<unknown>; label: RawBuilder<unknown> } {
  switch (groupBy) {
    case 'field':
      return { key: sql`f.id::text`, code: sql`f.code`, label: sql`f.name` };
    case 'procedure':
      return { key: sql`p.id::text`, code: sql`p.code`, label: sql`max(pv.name)` };
    case 'agency':
      return { key: sql`a.id::text`, code: sql`a.code`, label: sql`a.name` };
    case 'level':
      return { key: sql`a.level`, code: sql`a.level`, label: sql`a.level` };
  }
}

function groupFilter(groupBy: GroupBy | null, key: string | null): RawBuilder<unknown> {
  if (!groupBy || key === null) return sql`true`;
  switch (groupBy) {
    case 'field':
      return sql`f.id::text = ${key}`;
    case 'procedure':
      return sql`p.id::text = ${key}`;
    case 'agency':
      return sql`a.id::text = ${key}`;
    case 'level':
      return sql`a.level = ${key}`;
  }
}

/** Aggregate level: by procedure version (0013) or by field (0020). */
type Level = 'version' | 'field';

function tablesOf(level: Level): { daily: RawBuilder<unknown>; monthly: RawBuilder<unknown>; key: RawBuilder<unknown> } {
  return level === 'version'
    ? { daily: sql`report_daily`, monthly: sql`report_monthly`, key: sql`procedure_version_id` }
    : { daily: sql`report_field_daily`, monthly: sql`report_field_monthly`, key: sql`field_id` };
}

/** The version level for rows by procedure, the field level otherwise. */
function levelOf(groupBy: GroupBy): Level {
  return groupBy === 'procedure' ? 'version' : 'field';
}

/**
 * Aggregate rows (agency_id, k, metric, n, before) — k the procedure version or the field, by `level` — covering the
 * days before `from` (before = true, only when `withBefore`) and the days [from, to] (before = false): whole months
 * from the monthly table, the partial first and last months from the daily one.
 */
function rangeSource(agencyIds: string[], period: Period, metrics: number[], withBefore: boolean, level: Level): RawBuilder<unknown> {
  const r = splitRange(period);
  const t = tablesOf(level);
  const beforeMonthly = withBefore ? sql`month < ${r.beforeMonth}::date` : sql`false`;
  const beforeDaily = withBefore ? sql`(day >= ${r.beforeMonth}::date AND day < ${period.from}::date)` : sql`false`;
  return sql`(
    SELECT agency_id, ${t.key} AS k, metric, n, day < ${period.from}::date AS before FROM ${t.daily}
    WHERE agency_id = ANY(${agencyIds}::uuid[]) AND metric = ANY(${metrics}::smallint[])
      AND (${beforeDaily} OR (day >= ${period.from}::date AND day < ${r.headEnd}::date) OR (day >= ${r.tailFrom}::date AND day < ${r.end}::date))
    UNION ALL
    SELECT agency_id, ${t.key} AS k, metric, n, month < ${r.beforeMonth}::date AS before FROM ${t.monthly}
    WHERE agency_id = ANY(${agencyIds}::uuid[]) AND metric = ANY(${metrics}::smallint[])
      AND (${beforeMonthly} OR (month >= ${r.fullFrom}::date AND month < ${r.fullTo}::date))
  )`;
}

/**
 * Merged agency id → the agency that answers for it today (AgenciesService.mergedInto): rows by agency (and by
 * level) count a merged agency's dossiers in its successor's row, as Biểu 06's totals and the scorecard do.
 */
export type MergedInto = ReadonlyMap<string, string>;

const NO_MERGERS: MergedInto = new Map();

/** Joins alias `a` to the agency a row is reported under: the dossier's agency (`column`), or its successor once merged. */
function agencyJoin(column: RawBuilder<unknown>, mergedInto: MergedInto): RawBuilder<unknown> {
  if (mergedInto.size === 0) return sql`JOIN agencies a ON a.id = ${column}`;
  return sql`LEFT JOIN unnest(${[...mergedInto.keys()]}::uuid[], ${[...mergedInto.values()]}::uuid[]) AS merged(src, dst) ON merged.src = ${column}
      JOIN agencies a ON a.id = coalesce(merged.dst, ${column})`;
}

/** Joins naming the row groups of aggregate rows `s` (agency_id, k): pv, p, f, a for the version level; f, a for the field level. */
function groupJoins(level: Level, mergedInto: MergedInto = NO_MERGERS): RawBuilder<unknown> {
  return level === 'version'
    ? sql`JOIN procedure_versions pv ON pv.id = s.k
      JOIN procedures p ON p.id = pv.procedure_id
      JOIN fields f ON f.id = pv.field_id
      ${agencyJoin(sql`s.agency_id`, mergedInto)}`
    : sql`JOIN fields f ON f.id = s.k
      ${agencyJoin(sql`s.agency_id`, mergedInto)}`;
}

const REPORT_METRICS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

export class ReportsRepository {
  /** Event sums per row group: days before `from` and days in [from, to] (metrics 1–10). */
  async groupSums(db: Executor, agencyIds: string[], period: Period, groupBy: GroupBy, mergedInto: MergedInto = NO_MERGERS): Promise<GroupSums[]> {
    if (agencyIds.length === 0) return [];
    const g = groupColumns(groupBy);
    const level = levelOf(groupBy);
    const result = await sql<{ key: string; code: string | null; label: string; metric: number; before: string | null; within: string | null }>`
      WITH s AS (
        SELECT agency_id, k, metric, sum(n) FILTER (WHERE before) AS before, sum(n) FILTER (WHERE NOT before) AS within
        FROM ${rangeSource(agencyIds, period, REPORT_METRICS, true, level)} src
        GROUP BY agency_id, k, metric
      )
      SELECT ${g.key} AS key, ${g.code} AS code, ${g.label} AS label, s.metric, sum(s.before) AS before, sum(s.within) AS within
      FROM s
      ${groupJoins(level, mergedInto)}
      GROUP BY 1, 2, ${groupBy === 'procedure' ? sql`p.id` : sql`3`}, s.metric`.execute(db);
    const groups = new Map<string, GroupSums>();
    for (const row of result.rows) {
      let group = groups.get(row.key);
      if (!group) {
        group = { key: row.key, code: row.code, label: row.label, sums: { before: {}, within: {} } };
        groups.set(row.key, group);
      }
      group.sums.before[row.metric] = Number(row.before ?? 0);
      group.sums.within[row.metric] = Number(row.within ?? 0);
    }
    return [...groups.values()];
  }

  /**
   * Open dossiers (status 2, 4, 5, 6) whose deadline is before `now`, per row group: the open_due counts (metric 12)
   * of the days before today, plus the open dossiers due earlier today (in-progress index).
   */
  async overdueNow(db: Executor, agencyIds: string[], now: Date, groupBy: GroupBy, mergedInto: MergedInto = NO_MERGERS): Promise<Map<string, number>> {
    if (agencyIds.length === 0) return new Map();
    const g = groupColumns(groupBy);
    const key = groupBy === 'procedure' ? sql`p.id::text` : g.key;
    const level = levelOf(groupBy);
    const t = tablesOf(level);
    const today = vietnamDate(now);
    const thisMonth = monthStart(today);
    // The open dossiers due earlier today, by version or by their version's field.
    const dueToday =
      level === 'version'
        ? sql`SELECT agency_id, procedure_version_id AS k, 1 AS n FROM dossiers d
          WHERE agency_id = ANY(${agencyIds}::uuid[]) AND status IN (2, 4, 5, 6) AND received_at IS NOT NULL
            AND due_at >= ${vietnamDayStart(today)} AND due_at < ${now}`
        : sql`SELECT d.agency_id, pv.field_id AS k, 1 AS n FROM dossiers d JOIN procedure_versions pv ON pv.id = d.procedure_version_id
          WHERE d.agency_id = ANY(${agencyIds}::uuid[]) AND d.status IN (2, 4, 5, 6) AND d.received_at IS NOT NULL
            AND d.due_at >= ${vietnamDayStart(today)} AND d.due_at < ${now}`;
    const result = await sql<{ key: string; n: string }>`
      WITH s AS (
        SELECT agency_id, k, sum(n) AS n FROM (
          SELECT agency_id, ${t.key} AS k, n FROM ${t.monthly}
          WHERE agency_id = ANY(${agencyIds}::uuid[]) AND metric = 12 AND month < ${thisMonth}::date
          UNION ALL
          SELECT agency_id, ${t.key} AS k, n FROM ${t.daily}
          WHERE agency_id = ANY(${agencyIds}::uuid[]) AND metric = 12 AND day >= ${thisMonth}::date AND day < ${today}::date
          UNION ALL
          ${dueToday}
        ) u GROUP BY 1, 2
      )
      SELECT ${key} AS key, sum(s.n) AS n
      FROM s
      ${groupJoins(level, mergedInto)}
      GROUP BY 1`.execute(db);
    return new Map(result.rows.map((r) => [r.key, Number(r.n)]));
  }

  /** The WHERE condition of one cell (alias d = dossiers), the direct definition of reports.rules.ts cellsOf. */
  private cellCondition(cell: Cell, period: Period, now: Date, current: boolean): RawBuilder<unknown> {
    const start = vietnamDayStart(period.from);
    const end = vietnamDayEnd(period.to);
    const finished = sql`(d.finished_at IS NOT NULL AND d.status IN (7, 8, 9, 10))`;
    const finishedBy = (instant: Date) => sql`(${finished} AND d.finished_at < ${instant})`;
    // A refused dossier (3) was never received: only its own column counts it, by the day of its refusal.
    const base = sql`(d.status IS NOT NULL AND d.status <> 3 AND d.received_at IS NOT NULL AND d.received_at < ${end}
      AND NOT (d.received_at < ${start} AND ${finishedBy(start)}))`;
    const closedIn = sql`(${base} AND ${finishedBy(end)})`;
    const inProgress = sql`(${base} AND NOT ${finishedBy(end)})`;
    const overdue = current
      ? sql`(d.status IN (2, 4, 5, 6) AND d.due_at < ${now})`
      : sql`(d.due_at IS NOT NULL AND d.due_at < ${end})`;
    const resolvedIn = sql`(${closedIn} AND d.status IN (9, 10))`;
    switch (cell) {
      case 'received':
        return base;
      case 'carriedOver':
        return sql`(${base} AND d.received_at < ${start})`;
      case 'receivedOnline':
        return sql`(${base} AND d.received_at >= ${start} AND d.channel IN (2, 4))`;
      case 'receivedOther':
        return sql`(${base} AND d.received_at >= ${start} AND d.channel NOT IN (2, 4))`;
      case 'resolved':
        return resolvedIn;
      case 'early':
        return sql`(${resolvedIn} AND d.timeliness = 'early')`;
      case 'onTime':
        return sql`(${resolvedIn} AND (d.timeliness = 'on_time' OR d.timeliness IS NULL))`;
      case 'late':
        return sql`(${resolvedIn} AND d.timeliness = 'late')`;
      case 'refused':
        return sql`(d.status = 3 AND d.finished_at >= ${start} AND d.finished_at < ${end})`;
      case 'withdrawn':
        return sql`(${closedIn} AND d.status = 7)`;
      case 'stopped':
        return sql`(${closedIn} AND d.status = 8)`;
      case 'inProgress':
        return inProgress;
      case 'overdue':
        return sql`(${inProgress} AND ${overdue})`;
      case 'withinDeadline':
        return sql`(${inProgress} AND NOT coalesce(${overdue}, false))`;
    }
  }

  /** One page of the dossiers behind a cell (a group, or the totals when `groupKey` is null), oldest receipt first. */
  async cellDossiers(
    db: Executor,
    input: { agencyIds: string[]; period: Period; now: Date; current: boolean; cell: Cell; groupBy: GroupBy | null; groupKey: string | null; limit: number; offset: number; mergedInto?: MergedInto },
  ): Promise<{ total: number; items: DrillRow[] }> {
    if (input.agencyIds.length === 0) return { total: 0, items: [] };
    const where = sql`d.agency_id = ANY(${input.agencyIds}::uuid[]) AND ${this.cellCondition(input.cell, input.period, input.now, input.current)}
      AND ${groupFilter(input.groupBy, input.groupKey)}`;
    const from = sql`FROM dossiers d
      JOIN procedure_versions pv ON pv.id = d.procedure_version_id
      JOIN procedures p ON p.id = pv.procedure_id
      JOIN fields f ON f.id = pv.field_id
      JOIN agencies da ON da.id = d.agency_id
      ${agencyJoin(sql`d.agency_id`, input.mergedInto ?? NO_MERGERS)}`;
    const count = await sql<{ n: string }>`SELECT count(*) AS n ${from} WHERE ${where}`.execute(db);
    const rows = await sql<DrillRow>`
      SELECT d.id, d.code, p.code AS "procedureCode", pv.name AS "procedureName", da.name AS "agencyName",
             d.applicant_name AS "applicantName", d.status, d.channel, d.received_at AS "receivedAt", d.due_at AS "dueAt",
             d.finished_at AS "finishedAt", d.timeliness
      ${from} WHERE ${where}
      ORDER BY coalesce(d.received_at, d.finished_at), d.code
      LIMIT ${input.limit} OFFSET ${input.offset}`.execute(db);
    return { total: Number(count.rows[0]?.n ?? 0), items: rows.rows };
  }

  /**
   * The separate count "không quy định thời hạn" (migration 0038; reports.rules.ts NoTimeLimitCounts): the dossiers of
   * procedure versions with no statutory time limit received, resolved and in progress at the end of the period — the
   * same day rules as Biểu 06, read from the dossiers themselves. They stay in the statutory columns too (resolved with
   * no grade counts on time, in progress with no due date counts within the deadline: never late or overdue).
   */
  async noTimeLimitCounts(db: Executor, agencyIds: string[], period: Period): Promise<NoTimeLimitCounts> {
    if (agencyIds.length === 0) return { received: 0, resolved: 0, inProgress: 0 };
    // Few versions have no time limit (most installations: none): found first through their partial index, so
    // that the common case never reads the dossiers (a year's report reads only the daily aggregates).
    const versions = (await db.selectFrom('procedure_versions').select('id').where('no_time_limit', '=', true).execute()).map((v) => v.id);
    if (versions.length === 0) return { received: 0, resolved: 0, inProgress: 0 };
    const start = vietnamDayStart(period.from);
    const end = vietnamDayEnd(period.to);
    const result = await sql<{ received: number; resolved: number; in_progress: number }>`
      SELECT count(*) FILTER (WHERE d.received_at >= ${start})::int AS received,
             count(*) FILTER (WHERE d.status IN (9, 10) AND d.finished_at >= ${start} AND d.finished_at < ${end})::int AS resolved,
             count(*) FILTER (WHERE d.finished_at IS NULL OR d.finished_at >= ${end})::int AS in_progress
      FROM dossiers d
      WHERE d.procedure_version_id = ANY(${versions}::uuid[]) AND d.agency_id = ANY(${agencyIds}::uuid[])
        AND d.received_at IS NOT NULL AND d.received_at < ${end} AND d.status <> 3`.execute(db);
    const r = result.rows[0];
    return { received: r?.received ?? 0, resolved: r?.resolved ?? 0, inProgress: r?.in_progress ?? 0 };
  }

  /** Sum of one metric over days [from, to]. */
  async metricSum(db: Executor, agencyIds: string[], period: Period, metric: number): Promise<number> {
    if (agencyIds.length === 0) return 0;
    const result = await sql<{ n: string | null }>`SELECT sum(n) AS n FROM ${rangeSource(agencyIds, period, [metric], false, 'field')} src`.execute(db);
    return Number(result.rows[0]?.n ?? 0);
  }

  /** Published online-capable procedures of the agencies, and how many of them received an online dossier in the period. */
  async onlineCapableProcedures(db: Executor, agencyIds: string[], period: Period): Promise<{ capable: number; withOnline: number }> {
    if (agencyIds.length === 0) return { capable: 0, withOnline: 0 };
    // The procedures with an online dossier received in the period, first (one pass over the period's rows), then
    // the capable procedures among them.
    const result = await sql<{ capable: string; with_online: string }>`
      WITH online AS (
        SELECT DISTINCT v2.procedure_id
        FROM ${rangeSource(agencyIds, period, [METRIC.receivedOnline], false, 'version')} r
        JOIN procedure_versions v2 ON v2.id = r.k
        WHERE r.n > 0
      )
      SELECT count(*) AS capable, count(o.procedure_id) AS with_online
      FROM procedure_versions pv
      LEFT JOIN online o ON o.procedure_id = pv.procedure_id
      WHERE pv.status = 'published' AND pv.agency_id = ANY(${agencyIds}::uuid[])
        AND (pv.online_level >= 3 OR pv.online_class IN ('full', 'partial'))`.execute(db);
    const row = result.rows[0];
    return { capable: Number(row?.capable ?? 0), withOnline: Number(row?.with_online ?? 0) };
  }

  /** Applicant accounts (citizens, organisations) created before `before`, and in [from, before). */
  async accounts(db: Executor, from: Date, before: Date): Promise<Array<{ kind: string; total: number; created: number }>> {
    const result = await sql<{ kind: string; total: string; created: string }>`
      SELECT kind, count(*) AS total, count(*) FILTER (WHERE created_at >= ${from}) AS created
      FROM accounts WHERE kind IN ('citizen', 'organisation') AND created_at < ${before}
      GROUP BY kind`.execute(db);
    return result.rows.map((r) => ({ kind: r.kind, total: Number(r.total), created: Number(r.created) }));
  }

  /** Received (metrics 1, 2), online received (1) and resolved (3–5) per month (yyyy-mm), whole months from from's month to to's. */
  async monthly(db: Executor, agencyIds: string[], period: Period): Promise<Array<{ month: string; received: number; online: number; resolved: number; late: number }>> {
    if (agencyIds.length === 0) return [];
    const result = await sql<{ month: string; received: string; online: string; resolved: string; late: string }>`
      SELECT to_char(month, 'YYYY-MM') AS month,
             coalesce(sum(n) FILTER (WHERE metric IN (1, 2)), 0) AS received,
             coalesce(sum(n) FILTER (WHERE metric = 1), 0) AS online,
             coalesce(sum(n) FILTER (WHERE metric IN (3, 4, 5)), 0) AS resolved,
             coalesce(sum(n) FILTER (WHERE metric = 5), 0) AS late
      FROM report_field_monthly
      WHERE agency_id = ANY(${agencyIds}::uuid[]) AND month BETWEEN ${monthStart(period.from)}::date AND ${period.to}::date AND metric <= 5
      GROUP BY 1 ORDER BY 1`.execute(db);
    return result.rows.map((r) => ({ month: r.month, received: Number(r.received), online: Number(r.online), resolved: Number(r.resolved), late: Number(r.late) }));
  }

  /** Open dossiers overdue at `now`, per workflow step (current_step; null when not yet in a workflow step). */
  async overdueBySteps(db: Executor, agencyIds: string[], now: Date): Promise<Array<{ step: number | null; n: number }>> {
    if (agencyIds.length === 0) return [];
    const result = await sql<{ step: number | null; n: string }>`
      SELECT current_step AS step, count(*) AS n FROM dossiers
      WHERE agency_id = ANY(${agencyIds}::uuid[]) AND status IN (2, 4, 5, 6) AND due_at < ${now} AND received_at IS NOT NULL
      GROUP BY 1 ORDER BY 1 NULLS FIRST`.execute(db);
    return result.rows.map((r) => ({ step: r.step, n: Number(r.n) }));
  }

  /** Procedures with the most late results in [from, to] (with their resolved count). */
  async mostLate(db: Executor, agencyIds: string[], period: Period, limit: number): Promise<Array<{ code: string; name: string; late: number; resolved: number }>> {
    if (agencyIds.length === 0) return [];
    const result = await sql<{ code: string; name: string; late: string; resolved: string }>`
      SELECT p.code, max(pv.name) AS name,
             sum(r.n) FILTER (WHERE r.metric = 5) AS late, sum(r.n) AS resolved
      FROM ${rangeSource(agencyIds, period, [3, 4, 5], false, 'version')} r
      JOIN procedure_versions pv ON pv.id = r.k
      JOIN procedures p ON p.id = pv.procedure_id
      GROUP BY p.code
      HAVING sum(r.n) FILTER (WHERE r.metric = 5) > 0
      ORDER BY 3 DESC, 1
      LIMIT ${limit}`.execute(db);
    return result.rows.map((r) => ({ code: r.code, name: r.name, late: Number(r.late), resolved: Number(r.resolved) }));
  }
}
