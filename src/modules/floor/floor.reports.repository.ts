// The floor's reports (floor.reports.ts): visits per day and per hour of the day, waiting and service times per
// counter and per group (average, 90th percentile), the counter ratings per officer. Over the agencies of the
// reader's scope and a period of days (Vietnam time: tickets carry their day; the hour of issue is read in Asia/Ho_Chi_Minh).
import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';

export interface TimesRow {
  key: string;
  label: string;
  tickets: number;
  wait_avg: number | null;
  wait_p90: number | null;
  service_avg: number | null;
  service_p90: number | null;
}

export interface OfficerRatingRow {
  officer_id: string;
  officer_name: string;
  satisfied: number;
  normal: number;
  not_satisfied: number;
  reasons: Record<string, number>;
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export class FloorReportsRepository {
  /** Counter ratings of [from, to) per agency: all, and "satisfied" (the 766 scorecard's counter metrics). */
  async ratingCounts(db: Executor, from: Date, to: Date): Promise<Map<string, { rated: number; satisfied: number }>> {
    const rows = await db
      .selectFrom('floor_counter_ratings')
      .select((eb) => ['agency_id', eb.fn.countAll<string>().as('rated'), sql<string>`count(*) FILTER (WHERE grade = 'satisfied')`.as('satisfied')])
      .where('created_at', '>=', from)
      .where('created_at', '<', to)
      .groupBy('agency_id')
      .execute();
    return new Map(rows.map((r) => [r.agency_id, { rated: Number(r.rated), satisfied: Number(r.satisfied) }]));
  }

  async visitsByDay(db: Executor, agencyIds: string[], from: string, to: string): Promise<Array<{ day: string; tickets: number; served: number }>> {
    if (!agencyIds.length) return [];
    const rows = await db
      .selectFrom('floor_tickets as t')
      .where('t.agency_id', 'in', agencyIds)
      .where('t.day', '>=', from)
      .where('t.day', '<=', to)
      .where('t.status', '<>', 'cancelled')
      .groupBy('t.day')
      .select(['t.day', sql<string>`count(*)`.as('n'), sql<string>`count(*) filter (where t.status = 'done')`.as('served')])
      .orderBy('t.day')
      .execute();
    return rows.map((r) => ({ day: r.day, tickets: Number(r.n), served: Number(r.served) }));
  }

  async visitsByHour(db: Executor, agencyIds: string[], from: string, to: string): Promise<Array<{ hour: number; tickets: number }>> {
    if (!agencyIds.length) return [];
    const hour = sql<number>`extract(hour from (t.issued_at at time zone 'Asia/Ho_Chi_Minh'))::int`;
    const rows = await db
      .selectFrom('floor_tickets as t')
      .where('t.agency_id', 'in', agencyIds)
      .where('t.day', '>=', from)
      .where('t.day', '<=', to)
      .where('t.status', '<>', 'cancelled')
      .groupBy(hour)
      .select([hour.as('hour'), sql<string>`count(*)`.as('n')])
      .orderBy(hour)
      .execute();
    return rows.map((r) => ({ hour: Number(r.hour), tickets: Number(r.n) }));
  }

  private async times(db: Executor, agencyIds: string[], from: string, to: string, by: 'counter' | 'group'): Promise<TimesRow[]> {
    if (!agencyIds.length) return [];
    const stats = sql<string>`count(*)`.as('n');
    const aggregates = [
      stats,
      sql<string | null>`avg(t.wait_seconds)`.as('wait_avg'),
      sql<string | null>`percentile_cont(0.9) within group (order by t.wait_seconds)`.as('wait_p90'),
      sql<string | null>`avg(t.service_seconds)`.as('service_avg'),
      sql<string | null>`percentile_cont(0.9) within group (order by t.service_seconds)`.as('service_p90'),
    ];
    const base = db
      .selectFrom('floor_tickets as t')
      .where('t.agency_id', 'in', agencyIds)
      .where('t.day', '>=', from)
      .where('t.day', '<=', to)
      .where('t.called_at', 'is not', null);
    const rows =
      by === 'counter'
        ? await base
            .innerJoin('floor_counters as c', 'c.id', 't.counter_id')
            .innerJoin('agencies as a', 'a.id', 'c.agency_id')
            .groupBy(['c.id', 'c.number', 'c.label', 'a.code'])
            .select([sql<string>`c.id`.as('key'), sql<string>`a.code || ' · ' || c.number::text || CASE WHEN c.label <> '' THEN ' ' || c.label ELSE '' END`.as('label'), ...aggregates])
            .orderBy('a.code')
            .orderBy('c.number')
            .execute()
        : await base
            .innerJoin('floor_groups as g', 'g.id', 't.group_id')
            .innerJoin('agencies as a', 'a.id', 'g.agency_id')
            .groupBy(['g.id', 'g.code', 'g.name_vi', 'a.code'])
            .select([sql<string>`g.id`.as('key'), sql<string>`a.code || ' · ' || g.code || ' ' || g.name_vi`.as('label'), ...aggregates])
            .orderBy('a.code')
            .orderBy('g.code')
            .execute();
    return rows.map((r) => ({ key: r.key, label: r.label, tickets: Number(r.n), wait_avg: num(r.wait_avg), wait_p90: num(r.wait_p90), service_avg: num(r.service_avg), service_p90: num(r.service_p90) }));
  }

  timesByCounter(db: Executor, agencyIds: string[], from: string, to: string): Promise<TimesRow[]> {
    return this.times(db, agencyIds, from, to, 'counter');
  }

  timesByGroup(db: Executor, agencyIds: string[], from: string, to: string): Promise<TimesRow[]> {
    return this.times(db, agencyIds, from, to, 'group');
  }

  /** Ratings per officer between two instants (the ratings' own time). */
  async ratingsByOfficer(db: Executor, agencyIds: string[], fromAt: Date, toAt: Date): Promise<OfficerRatingRow[]> {
    if (!agencyIds.length) return [];
    const rows = await db
      .selectFrom('floor_counter_ratings as r')
      .innerJoin('accounts as acc', 'acc.id', 'r.officer_id')
      .where('r.agency_id', 'in', agencyIds)
      .where('r.created_at', '>=', fromAt)
      .where('r.created_at', '<', toAt)
      .groupBy(['r.officer_id', 'acc.full_name'])
      .select([
        'r.officer_id',
        'acc.full_name as officer_name',
        sql<string>`count(*) filter (where r.grade = 'satisfied')`.as('satisfied'),
        sql<string>`count(*) filter (where r.grade = 'normal')`.as('normal'),
        sql<string>`count(*) filter (where r.grade = 'not_satisfied')`.as('not_satisfied'),
        sql<Record<string, number> | null>`(SELECT jsonb_object_agg(reason, n) FROM (SELECT reason, count(*) AS n FROM floor_counter_ratings r2, unnest(r2.reasons) AS reason
            WHERE r2.officer_id = r.officer_id AND r2.agency_id = ANY(${sql.val(agencyIds)}::uuid[]) AND r2.created_at >= ${fromAt} AND r2.created_at < ${toAt} GROUP BY reason) x)`.as('reasons'),
      ])
      .orderBy('acc.full_name')
      .execute();
    return rows.map((r) => ({ officer_id: r.officer_id, officer_name: r.officer_name, satisfied: Number(r.satisfied), normal: Number(r.normal), not_satisfied: Number(r.not_satisfied), reasons: r.reasons ?? {} }));
  }
}
