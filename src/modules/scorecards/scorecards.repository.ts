// SQL of the 766 scorecard: its configuration, the per-agency counts, the monthly snapshots.
import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import { type AgencyCounts, type ScorecardConfig } from './scorecards.rules.ts';

export interface AgencyRow {
  id: string;
  code: string;
  name: string;
  short_name: string | null;
  level: string;
  parent_id: string | null;
  active: boolean;
}

export interface SnapshotRow {
  agency_id: string;
  month: string;
  result: Record<string, unknown>;
}

const n = (v: unknown) => Number(v ?? 0);

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
    return db.selectFrom('agencies').select(['id', 'code', 'name', 'short_name', 'level', 'parent_id', 'active']).orderBy('code').execute();
  }

  /**
   * Dossier counts of every agency (its own dossiers) for [from, to); "in progress" is taken at `asOf`
   * (the end of the period, or now for the current period) from the received / finished instants.
   */
  async dossierCounts(db: Executor, from: Date, to: Date, asOf: Date): Promise<Map<string, Omit<AgencyCounts, 'proceduresInScope' | 'proceduresOnline'>>> {
    const rows = await sql<Record<string, string>>`
      SELECT agency_id,
        count(*) FILTER (WHERE received_at >= ${from} AND received_at < ${to}) AS received,
        count(*) FILTER (WHERE received_at >= ${from} AND received_at < ${to} AND channel = 2) AS received_online,
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
    const out = new Map<string, Omit<AgencyCounts, 'proceduresInScope' | 'proceduresOnline'>>();
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
