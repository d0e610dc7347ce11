// SQL of the 766 scorecard: its configuration, the per-agency counts, the monthly snapshots.
import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import { ONLINE_CHANNELS } from '../kernel/dossier.ts';
import { type AgencyCounts, type ScorecardConfig } from './scorecards.rules.ts';

export interface AgencyRow {
  id: string;
  code: string;
  name: string;
  short_name: string | null;
  level: string;
  parent_id: string | null;
  /** Set once merged: the agency is then part of its successor (rollUp counts it there, not under its parent). */
  successor_id?: string | null;
  active: boolean;
}

export interface SnapshotRow {
  agency_id: string;
  month: string;
  result: Record<string, unknown>;
}

const n = (v: unknown) => Number(v ?? 0);

/** The counts `dossierCounts` gives (the dossiers' part of AgencyCounts). */
export type DossierCounts = Pick<
  AgencyCounts,
  'received' | 'receivedOnline' | 'feeDossiers' | 'feePaidOnline' | 'resolved' | 'resolvedInTime' | 'resolvedLate' | 'resolvedDigitisedEResult' | 'inProgress' | 'inProgressWithin'
>;

export class ScorecardsRepository {
  async config(db: Executor): Promise<ScorecardConfig> {
    const groups = await db.selectFrom('scorecard_groups').selectAll().orderBy('position').execute();
    const indicators = await db.selectFrom('scorecard_indicators').selectAll().orderBy('group_code').orderBy('position').execute();
    return {
      groups: groups.map((g) => ({ code: g.code, name: g.name, nameEn: g.name_en, position: g.position, maxPoints: Number(g.max_points) })),
      indicators: indicators.map((i) => ({
        code: i.code,
        groupCode: i.group_code,
        position: i.position,
        name: i.name,
        nameEn: i.name_en,
        numerator: i.numerator_metric,
        denominator: i.denominator_metric,
        complement: i.complement,
        target: Number(i.target),
        maxPoints: Number(i.max_points),
      })),
    };
  }

  /** Locks the configuration rows (edits are serialised). */
  async lockConfig(tx: Executor): Promise<void> {
    await sql`SELECT code FROM scorecard_groups ORDER BY code FOR UPDATE`.execute(tx);
  }

  async saveConfig(tx: Executor, config: ScorecardConfig, by: string): Promise<void> {
    for (const g of config.groups) {
      await tx.updateTable('scorecard_groups').set({ max_points: g.maxPoints }).where('code', '=', g.code).execute();
    }
    for (const i of config.indicators) {
      await tx
        .updateTable('scorecard_indicators')
        .set({
          numerator_metric: i.numerator,
          denominator_metric: i.denominator,
          complement: i.complement,
          target: i.target,
          max_points: i.maxPoints,
          updated_at: new Date(),
          updated_by: by,
        })
        .where('code', '=', i.code)
        .execute();
    }
  }

  agencies(db: Executor): Promise<AgencyRow[]> {
    return db.selectFrom('agencies').select(['id', 'code', 'name', 'short_name', 'level', 'parent_id', 'successor_id', 'active']).orderBy('code').execute();
  }

  /**
   * Dossier counts of every agency (its own dossiers) for [from, to); "in progress" is taken at `asOf`
   * (the end of the period, or now for the current period) from the received / finished instants.
   */
  async dossierCounts(db: Executor, from: Date, to: Date, asOf: Date): Promise<Map<string, DossierCounts>> {
    const rows = await sql<Record<string, string>>`
      SELECT agency_id,
        count(*) FILTER (WHERE received_at >= ${from} AND received_at < ${to}) AS received,
        count(*) FILTER (WHERE received_at >= ${from} AND received_at < ${to} AND channel IN (${sql.join(ONLINE_CHANNELS)})) AS received_online,
        count(*) FILTER (WHERE received_at >= ${from} AND received_at < ${to} AND fee_vnd > 0) AS fee_dossiers,
        count(*) FILTER (WHERE received_at >= ${from} AND received_at < ${to} AND fee_vnd > 0 AND paid_online) AS fee_paid_online,
        count(*) FILTER (WHERE finished_at >= ${from} AND finished_at < ${to} AND timeliness IS NOT NULL) AS resolved,
        count(*) FILTER (WHERE finished_at >= ${from} AND finished_at < ${to} AND timeliness IN ('early', 'on_time')) AS resolved_in_time,
        count(*) FILTER (WHERE finished_at >= ${from} AND finished_at < ${to} AND timeliness = 'late') AS resolved_late,
        count(*) FILTER (WHERE finished_at >= ${from} AND finished_at < ${to} AND timeliness IS NOT NULL AND digitised AND electronic_result) AS resolved_digitised,
        count(*) FILTER (WHERE received_at < ${asOf} AND (finished_at IS NULL OR finished_at >= ${asOf})) AS in_progress,
        count(*) FILTER (WHERE received_at < ${asOf} AND (finished_at IS NULL OR finished_at >= ${asOf}) AND (due_at IS NULL OR due_at >= ${asOf})) AS in_progress_within
      FROM dossiers
      WHERE status IS NOT NULL AND received_at IS NOT NULL AND received_at < ${to} AND (finished_at IS NULL OR finished_at >= ${from})
      GROUP BY agency_id`.execute(db);
    const out = new Map<string, DossierCounts>();
    for (const r of rows.rows) {
      out.set(r.agency_id!, {
        received: n(r.received),
        receivedOnline: n(r.received_online),
        feeDossiers: n(r.fee_dossiers),
        feePaidOnline: n(r.fee_paid_online),
        resolved: n(r.resolved),
        resolvedInTime: n(r.resolved_in_time),
        resolvedLate: n(r.resolved_late),
        resolvedDigitisedEResult: n(r.resolved_digitised),
        inProgress: n(r.in_progress),
        inProgressWithin: n(r.in_progress_within),
      });
    }
    return out;
  }

  /** Published procedures of every agency, and of those online-capable (level 3–4, full or partial online). */
  async procedureCounts(db: Executor): Promise<Map<string, { proceduresInScope: number; proceduresOnline: number }>> {
    const rows = await sql<{ agency_id: string; in_scope: string; online: string }>`
      SELECT agency_id, count(*) AS in_scope,
        count(*) FILTER (WHERE online_level >= 3 OR online_class IN ('full', 'partial')) AS online
      FROM procedure_versions WHERE status = 'published' GROUP BY agency_id`.execute(db);
    return new Map(rows.rows.map((r) => [r.agency_id, { proceduresInScope: n(r.in_scope), proceduresOnline: n(r.online) }]));
  }

  /**
   * The publicity counts of every agency for [from, to) (migration 0030's catalog_publicity; the dossier sync's
   * national_portal_messages of migration 0029, read by procedure):
   * - records: our procedures of the agency a catalog sync has recorded;
   * - required: of those, in force with a publication required on or before the period's last day;
   * - published: of those, published on the national portal (there now) on or before the day required and before
   *   the period's end — the portal's stated publication time, else when a sync first saw it;
   * - synced: of the required ones, those without a message of the period (created in it) that was not delivered
   *   (still pending, failed, or sent only after the period);
   * - messages: messages of the period about the agency's procedures.
   */
  async publicityCounts(db: Executor, from: Date, to: Date): Promise<Map<string, Pick<AgencyCounts, 'publicityRecords' | 'publicityRequired' | 'publicityPublished' | 'publicitySynced' | 'portalMessages'>>> {
    const lastDay = sql`((${to}::timestamptz AT TIME ZONE 'Asia/Ho_Chi_Minh')::date - 1)`;
    const required = sql`cp.required_on IS NOT NULL AND cp.required_on <= ${lastDay}`;
    const rows = await sql<Record<string, string>>`
      SELECT cp.agency_id,
        count(*) AS records,
        count(*) FILTER (WHERE ${required}) AS required,
        count(*) FILTER (WHERE ${required} AND cp.portal_status = 'published'
          AND coalesce(cp.portal_published_at, cp.first_seen_published_at) < ${to}
          AND (coalesce(cp.portal_published_at, cp.first_seen_published_at) AT TIME ZONE 'Asia/Ho_Chi_Minh')::date <= cp.required_on) AS published,
        count(*) FILTER (WHERE ${required} AND NOT EXISTS (
          SELECT 1 FROM national_portal_messages m
          WHERE m.procedure_id = cp.procedure_id AND m.created_at >= ${from} AND m.created_at < ${to}
            AND (m.state <> 'sent' OR m.sent_at IS NULL OR m.sent_at >= ${to}))) AS synced,
        (SELECT count(*) FROM national_portal_messages m
         JOIN catalog_publicity c2 ON c2.procedure_id = m.procedure_id
         WHERE c2.agency_id = cp.agency_id AND m.created_at >= ${from} AND m.created_at < ${to}) AS messages
      FROM catalog_publicity cp
      GROUP BY cp.agency_id`.execute(db);
    return new Map(
      rows.rows.map((r) => [
        r.agency_id!,
        { publicityRecords: n(r.records), publicityRequired: n(r.required), publicityPublished: n(r.published), publicitySynced: n(r.synced), portalMessages: n(r.messages) },
      ]),
    );
  }

  /** Of `months` (YYYY-MM), those with a snapshot computed before the last change of a merged agency (a merger). */
  async monthsStoredBeforeMerger(db: Executor, months: readonly string[]): Promise<string[]> {
    if (!months.length) return [];
    const rows = await sql<{ month: string }>`
      SELECT to_char(s.month, 'YYYY-MM') AS month FROM scorecard_snapshots s
      WHERE s.month = ANY(${months.map((m) => `${m}-01`)}::date[])
      GROUP BY s.month
      HAVING min(s.computed_at) < (SELECT max(updated_at) FROM agencies WHERE successor_id IS NOT NULL)`.execute(db);
    return rows.rows.map((r) => r.month);
  }

  async snapshots(db: Executor, months: readonly string[], agencyIds?: readonly string[]): Promise<SnapshotRow[]> {
    if (!months.length) return [];
    let q = db.selectFrom('scorecard_snapshots').select(['agency_id', 'month', 'result']).where('month', 'in', months.map((m) => `${m}-01`));
    if (agencyIds) {
      if (!agencyIds.length) return [];
      q = q.where('agency_id', 'in', agencyIds);
    }
    const rows = await q.execute();
    return rows.map((r) => ({ agency_id: r.agency_id, month: String(r.month).slice(0, 7), result: r.result }));
  }

  async saveSnapshots(db: Executor, month: string, items: ReadonlyArray<{ agencyId: string; points: number; maxPoints: number; result: unknown }>): Promise<void> {
    if (!items.length) return;
    await db
      .insertInto('scorecard_snapshots')
      .values(items.map((i) => ({ agency_id: i.agencyId, month: `${month}-01`, points: i.points, max_points: i.maxPoints, result: JSON.stringify(i.result), computed_at: new Date() })))
      .onConflict((oc) =>
        oc.columns(['agency_id', 'month']).doUpdateSet((eb) => ({
          points: eb.ref('excluded.points'),
          max_points: eb.ref('excluded.max_points'),
          result: eb.ref('excluded.result'),
          computed_at: eb.ref('excluded.computed_at'),
        })),
      )
      .execute();
  }
}
