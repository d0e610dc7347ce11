// SQL of the catalog sync (migration 0030): the runs, the publicity of our procedures on the national portal, what
// we hold per national code, and copying a version's own workflow to the version a sync creates.
import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { CatalogPortalStatus, CatalogSyncRunStatus } from '../../db/schema.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import type { SyncCounts } from './catalog.sync.rules.ts';

export interface SyncItem {
  code: string;
  name: string;
  outcome: string;
  reason?: string;
  detail?: string;
}

export interface SyncRun {
  id: string;
  trigger: 'schedule' | 'manual';
  requested_by: string | null;
  status: CatalogSyncRunStatus;
  started_at: Date;
  finished_at: Date | null;
  total: number;
  processed: number;
  counts: Record<string, number>;
  items: SyncItem[];
  error: string | null;
}

export interface LocalRow {
  procedure_id: string;
  code: string;
  latest_version_id: string;
  agency_id: string;
  agency_code: string;
}

export interface PublicityRow {
  national_code: string;
  name: string;
  agency_code: string;
  portal_status: CatalogPortalStatus;
  first_seen_published_at: Date | null;
  portal_published_at: Date | null;
  required_on: string | null;
  portal_agency_code: string | null;
  last_synced_at: Date;
}

/** Another run holds the one "running" slot. */
export class SyncAlreadyRunning extends Error {}

export class CatalogSyncRepository {
  /** Runs left "running" by a process that died (older than `staleBefore`) are closed as failed. */
  async closeStale(db: Executor, staleBefore: Date): Promise<void> {
    await db
      .updateTable('catalog_sync_runs')
      .set({ status: 'failed', finished_at: new Date(), error: 'interrupted' })
      .where('status', '=', 'running')
      .where('started_at', '<', staleBefore)
      .execute();
  }

  async insertRun(db: Executor, trigger: 'schedule' | 'manual', requestedBy: string | null): Promise<string> {
    try {
      const row = await db.insertInto('catalog_sync_runs').values({ trigger, requested_by: requestedBy }).returning('id').executeTakeFirstOrThrow();
      return row.id;
    } catch (error) {
      if (isUniqueViolation(error, 'catalog_sync_runs_one_running')) throw new SyncAlreadyRunning();
      throw error;
    }
  }

  /** The progress of a run; the result table only when given (it is rewritten whole). */
  async progress(db: Executor, id: string, values: { total?: number; processed: number; counts: SyncCounts; items?: SyncItem[] }): Promise<void> {
    await db
      .updateTable('catalog_sync_runs')
      .set({
        ...(values.total !== undefined ? { total: values.total } : {}),
        processed: values.processed,
        counts: JSON.stringify(values.counts),
        ...(values.items ? { items: JSON.stringify(values.items) } : {}),
      })
      .where('id', '=', id)
      .execute();
  }

  async finish(db: Executor, id: string, status: 'done' | 'failed', error: string | null): Promise<void> {
    await db.updateTable('catalog_sync_runs').set({ status, finished_at: new Date(), error }).where('id', '=', id).execute();
  }

  run(db: Executor, id: string): Promise<SyncRun | undefined> {
    return db.selectFrom('catalog_sync_runs').selectAll().where('id', '=', id).executeTakeFirst() as Promise<SyncRun | undefined>;
  }

  recentRuns(db: Executor, limit: number): Promise<Array<Omit<SyncRun, 'items'>>> {
    return db
      .selectFrom('catalog_sync_runs')
      .select(['id', 'trigger', 'requested_by', 'status', 'started_at', 'finished_at', 'total', 'processed', 'counts', 'error'])
      .orderBy('started_at', 'desc')
      .limit(limit)
      .execute() as Promise<Array<Omit<SyncRun, 'items'>>>;
  }

  /** Every procedure of ours with its latest version's agency (the agencies in `agencyIds` when given). */
  async localProcedures(db: Executor, agencyIds: string[] | null): Promise<LocalRow[]> {
    if (agencyIds && !agencyIds.length) return [];
    const rows = await sql<LocalRow>`
      SELECT p.id AS procedure_id, p.code, v.id AS latest_version_id, v.agency_id, a.code AS agency_code
      FROM procedures p
      JOIN LATERAL (SELECT id, agency_id FROM procedure_versions WHERE procedure_id = p.id ORDER BY version DESC LIMIT 1) v ON true
      JOIN agencies a ON a.id = v.agency_id
      ${agencyIds ? sql`WHERE v.agency_id IN (${sql.join(agencyIds)})` : sql``}
      ORDER BY p.code`.execute(db);
    return rows.rows;
  }

  /** Copies the workflow of its own that a version has (if any) to another version, with its steps. */
  async copyWorkflow(db: Executor, fromVersionId: string, toVersionId: string): Promise<void> {
    await sql`
      WITH src AS (SELECT id, name, created_by FROM workflows WHERE procedure_version_id = ${fromVersionId}),
      ins AS (
        INSERT INTO workflows (procedure_version_id, agency_id, name, created_by)
        SELECT ${toVersionId}, NULL, name, created_by FROM src RETURNING id
      )
      INSERT INTO workflow_steps (workflow_id, position, name, role, agency_id, department_id, budget_value, budget_unit, actions)
      SELECT ins.id, s.position, s.name, s.role, s.agency_id, s.department_id, s.budget_value, s.budget_unit, s.actions
      FROM ins CROSS JOIN src JOIN workflow_steps s ON s.workflow_id = src.id`.execute(db);
  }

  /**
   * Records what the portal shows of one of our procedures. The first time it is seen published is kept; the
   * day our publication was required is the effective date of our first published version (NULL while none is).
   */
  async recordPublicity(
    db: Executor,
    input: { procedureId: string; code: string; status: CatalogPortalStatus; portalPublishedAt: Date | null; portalAgencyCode: string | null; runId: string; now: Date },
  ): Promise<void> {
    const seen = input.status === 'published' ? input.now : null;
    await sql`
      INSERT INTO catalog_publicity (procedure_id, national_code, agency_id, portal_status, first_seen_published_at, portal_published_at,
                                     required_on, portal_agency_code, last_synced_at, last_run_id)
      SELECT p.id, p.code, latest.agency_id, ${input.status}, ${seen}::timestamptz, ${input.portalPublishedAt}::timestamptz,
             CASE WHEN EXISTS (SELECT 1 FROM procedure_versions WHERE procedure_id = p.id AND status = 'published')
               THEN (SELECT min(coalesce(effective_from, (published_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date)) FROM procedure_versions
                     WHERE procedure_id = p.id AND status IN ('published', 'retired')) END,
             ${input.portalAgencyCode}, ${input.now}::timestamptz, ${input.runId}::uuid
      FROM procedures p
      JOIN LATERAL (SELECT agency_id FROM procedure_versions WHERE procedure_id = p.id ORDER BY version DESC LIMIT 1) latest ON true
      WHERE p.id = ${input.procedureId}
      ON CONFLICT (procedure_id) DO UPDATE SET
        agency_id = excluded.agency_id,
        portal_status = excluded.portal_status,
        first_seen_published_at = coalesce(catalog_publicity.first_seen_published_at, excluded.first_seen_published_at),
        portal_published_at = coalesce(excluded.portal_published_at, catalog_publicity.portal_published_at),
        required_on = excluded.required_on,
        portal_agency_code = excluded.portal_agency_code,
        last_synced_at = excluded.last_synced_at,
        last_run_id = excluded.last_run_id`.execute(db);
  }

  publicityOf(db: Executor, code: string): Promise<{ portal_status: CatalogPortalStatus; portal_agency_code: string | null; last_synced_at: Date } | undefined> {
    return db.selectFrom('catalog_publicity').select(['portal_status', 'portal_agency_code', 'last_synced_at']).where('national_code', '=', code).executeTakeFirst();
  }

  /** The publicity records, flagged ones first (withdrawn, absent, another agency there), then by code. */
  async publicity(db: Executor, agencyIds: string[] | null, limit: number): Promise<PublicityRow[]> {
    if (agencyIds && !agencyIds.length) return [];
    const rows = await sql<PublicityRow>`
      SELECT cp.national_code, coalesce(v.name, '') AS name, a.code AS agency_code, cp.portal_status, cp.first_seen_published_at,
             cp.portal_published_at, to_char(cp.required_on, 'YYYY-MM-DD') AS required_on, cp.portal_agency_code, cp.last_synced_at
      FROM catalog_publicity cp
      JOIN agencies a ON a.id = cp.agency_id
      LEFT JOIN LATERAL (SELECT name FROM procedure_versions WHERE procedure_id = cp.procedure_id ORDER BY version DESC LIMIT 1) v ON true
      ${agencyIds ? sql`WHERE cp.agency_id IN (${sql.join(agencyIds)})` : sql``}
      ORDER BY (cp.portal_status <> 'published' OR cp.portal_agency_code IS NOT NULL) DESC, cp.national_code
      LIMIT ${limit}`.execute(db);
    return rows.rows;
  }
}
