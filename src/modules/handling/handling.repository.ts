// SQL of the back office: dossiers as the officers see them, guarded transitions, pauses, the control sheet,
// history events, the outbox, workflows and the officers' queue.
import { sql, type Selectable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { DossierStatus, DossierStepsTable, DossiersTable, Fee, TimeLimitUnit, WorkflowRole } from '../../db/schema.ts';

export type DossierRow = Selectable<DossiersTable>;
export type StepRow = Selectable<DossierStepsTable>;

export interface HandledDossier extends DossierRow {
  procedure_code: string;
  procedure_name: string;
  procedure_version: number;
  time_limit_value: string;
  time_limit_unit: TimeLimitUnit;
  same_day: boolean;
  fees: Fee[];
  agency_code: string;
  agency_name: string;
}

export interface WorkflowRow {
  id: string;
  name: string;
  procedure_version_id: string | null;
  agency_id: string | null;
}

export interface WorkflowStepRow {
  position: number;
  name: string;
  role: WorkflowRole;
  agency_id: string | null;
  agency_code: string | null;
  agency_name: string | null;
  department_id: string | null;
  department_code: string | null;
  department_name: string | null;
  budget_value: string;
  budget_unit: TimeLimitUnit;
  actions: string[];
}

export interface ControlSheetRow extends StepRow {
  agency_code: string;
  agency_name: string;
  department_name: string | null;
  assignee_name: string | null;
  handed_over_by_name: string | null;
}

export interface QueueFilters {
  agencyIds: string[];
  statuses: readonly number[];
  mine?: { accountId: string; roles: string[]; departmentId: string | null } | undefined;
  departmentId?: string | null | undefined;
  due?: { category: 'overdue' | 'today' | 'soon'; now: Date; endOfToday: Date; soonLimit: Date } | undefined;
  q?: string | undefined;
  /** due_asc (default): earliest legal deadline first; due_desc: latest first; received_desc: newest received first. */
  order?: QueueOrder | undefined;
  limit: number;
  offset: number;
}

export type QueueOrder = 'due_asc' | 'due_desc' | 'received_desc';

export interface QueueRow {
  id: string;
  code: string;
  status: number;
  channel: number;
  applicant_name: string | null;
  applicant_id_number: string | null;
  procedure_code: string;
  procedure_name: string;
  agency_id: string;
  submitted_at: Date | null;
  received_at: Date | null;
  due_at: Date | null;
  appointment_at: Date | null;
  version: number;
  step_name: string | null;
  step_role: string | null;
  step_due_at: Date | null;
  department_name: string | null;
  assignee_name: string | null;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export class HandlingRepository {
  // --- dossiers --------------------------------------------------------------------------------

  dossier(db: Executor, id: string): Promise<HandledDossier | undefined> {
    return db
      .selectFrom('dossiers as d')
      .innerJoin('procedure_versions as pv', 'pv.id', 'd.procedure_version_id')
      .innerJoin('procedures as p', 'p.id', 'pv.procedure_id')
      .innerJoin('agencies as a', 'a.id', 'd.agency_id')
      .selectAll('d')
      .select([
        'p.code as procedure_code',
        'pv.name as procedure_name',
        'pv.version as procedure_version',
        'pv.time_limit_value',
        'pv.time_limit_unit',
        'pv.same_day',
        'pv.fees',
        'a.code as agency_code',
        'a.name as agency_name',
      ])
      .where('d.id', '=', id)
      .where('d.status', 'is not', null)
      .executeTakeFirst() as Promise<HandledDossier | undefined>;
  }

  async currentState(db: Executor, id: string): Promise<{ status: number; version: number } | undefined> {
    return db.selectFrom('dossiers').select(['status', 'version']).where('id', '=', id).executeTakeFirst() as Promise<{ status: number; version: number } | undefined>;
  }

  /**
   * The guarded transition: applies `set` (and version + 1) only if the dossier still has `expectedVersion`.
   * Two officers acting at once: the second UPDATE waits for the first and then matches no row. Returns true
   * when the row was updated.
   */
  async guardedUpdate(db: Executor, id: string, expectedVersion: number, set: Partial<Record<keyof DossiersTable, unknown>>): Promise<boolean> {
    const result = await db
      .updateTable('dossiers')
      .set({ ...(set as object), version: sql<number>`version + 1`, updated_at: new Date() })
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  // --- pauses ----------------------------------------------------------------------------------

  async insertPause(db: Executor, row: { dossier_id: string; kind: 'supplement' | 'payment'; started_at: Date; reason: string | null }): Promise<void> {
    await db.insertInto('dossier_pauses').values(row).execute();
  }

  async closePause(db: Executor, dossierId: string, at: Date): Promise<void> {
    await db.updateTable('dossier_pauses').set({ ended_at: at }).where('dossier_id', '=', dossierId).where('ended_at', 'is', null).execute();
  }

  pauses(db: Executor, dossierId: string): Promise<Array<{ kind: string; started_at: Date; ended_at: Date | null; reason: string | null }>> {
    return db.selectFrom('dossier_pauses').select(['kind', 'started_at', 'ended_at', 'reason']).where('dossier_id', '=', dossierId).orderBy('started_at').orderBy('id').execute();
  }

  // --- control sheet -----------------------------------------------------------------------------

  openStep(db: Executor, dossierId: string): Promise<StepRow | undefined> {
    return db.selectFrom('dossier_steps').selectAll().where('dossier_id', '=', dossierId).where('finished_at', 'is', null).executeTakeFirst();
  }

  /** The latest row of the dossier at a workflow position (where a send-back returns to). */
  lastStepAt(db: Executor, dossierId: string, position: number): Promise<StepRow | undefined> {
    return db.selectFrom('dossier_steps').selectAll().where('dossier_id', '=', dossierId).where('position', '=', position).orderBy('id', 'desc').limit(1).executeTakeFirst();
  }

  async insertStep(
    db: Executor,
    row: { dossier_id: string; position: number; name: string; role: string; agency_id: string; department_id: string | null; assignee_id: string | null; handed_over_by: string | null; started_at: Date; due_at: Date | null },
  ): Promise<void> {
    await db.insertInto('dossier_steps').values(row).execute();
  }

  async closeStep(db: Executor, id: string, values: { finished_at: Date; result: 'early' | 'on_time' | 'late' | null; outcome: string; note: string | null }): Promise<void> {
    await db.updateTable('dossier_steps').set(values).where('id', '=', id).execute();
  }

  async setStepDue(db: Executor, id: string, dueAt: Date | null): Promise<void> {
    await db.updateTable('dossier_steps').set({ due_at: dueAt }).where('id', '=', id).execute();
  }

  controlSheet(db: Executor, dossierId: string): Promise<ControlSheetRow[]> {
    return db
      .selectFrom('dossier_steps as s')
      .innerJoin('agencies as a', 'a.id', 's.agency_id')
      .leftJoin('departments as dep', 'dep.id', 's.department_id')
      .leftJoin('accounts as asg', 'asg.id', 's.assignee_id')
      .leftJoin('accounts as hb', 'hb.id', 's.handed_over_by')
      .selectAll('s')
      .select(['a.code as agency_code', 'a.name as agency_name', 'dep.name as department_name', 'asg.full_name as assignee_name', 'hb.full_name as handed_over_by_name'])
      .where('s.dossier_id', '=', dossierId)
      .orderBy('s.id')
      .execute() as Promise<ControlSheetRow[]>;
  }

  files(db: Executor, dossierId: string) {
    return db
      .selectFrom('dossier_files as df')
      .innerJoin('files as f', 'f.id', 'df.file_id')
      .leftJoin('procedure_documents as pd', 'pd.id', 'df.document_id')
      .select(['df.id', 'df.document_id', 'pd.name as document_name', 'df.file_id', 'f.original_name as name', 'f.media_type', 'f.size_bytes', 'df.created_at'])
      .where('df.dossier_id', '=', dossierId)
      .orderBy('pd.position')
      .orderBy('df.created_at')
      .execute();
  }

  // --- reference data ----------------------------------------------------------------------------

  departmentName(db: Executor, id: string | null): Promise<{ name: string } | undefined> {
    if (!id) return Promise.resolve(undefined);
    return db.selectFrom('departments').select('name').where('id', '=', id).executeTakeFirst();
  }

  activeAgencyByCode(db: Executor, code: string): Promise<{ id: string; name: string } | undefined> {
    return db.selectFrom('agencies').select(['id', 'name']).where('code', '=', code).where('active', '=', true).executeTakeFirst();
  }

  departmentByCode(db: Executor, agencyId: string, code: string): Promise<{ id: string; name: string } | undefined> {
    return db.selectFrom('departments').select(['id', 'name']).where('agency_id', '=', agencyId).where('code', '=', code).executeTakeFirst();
  }

  staffOf(db: Executor, accountId: string, agencyId: string): Promise<{ id: string; full_name: string } | undefined> {
    return db
      .selectFrom('accounts')
      .select(['id', 'full_name'])
      .where('id', '=', accountId)
      .where('kind', '=', 'staff')
      .where('status', '=', 'active')
      .where('agency_id', '=', agencyId)
      .executeTakeFirst();
  }

  // --- workflows ---------------------------------------------------------------------------------

  versionByNumber(db: Executor, procedureCode: string, version: number) {
    return db
      .selectFrom('procedure_versions as pv')
      .innerJoin('procedures as p', 'p.id', 'pv.procedure_id')
      .select(['pv.id', 'pv.agency_id', 'pv.status', 'pv.version', 'pv.time_limit_value', 'pv.time_limit_unit', 'pv.same_day', 'p.code'])
      .where('p.code', '=', procedureCode)
      .where('pv.version', '=', version)
      .executeTakeFirst();
  }

  versionById(db: Executor, versionId: string) {
    return db
      .selectFrom('procedure_versions')
      .select(['id', 'agency_id', 'time_limit_value', 'time_limit_unit', 'same_day'])
      .where('id', '=', versionId)
      .executeTakeFirst();
  }

  workflowOfVersion(db: Executor, versionId: string): Promise<WorkflowRow | undefined> {
    return db.selectFrom('workflows').select(['id', 'name', 'procedure_version_id', 'agency_id']).where('procedure_version_id', '=', versionId).executeTakeFirst();
  }

  /** The default template of the nearest agency up the tree that has one, else the global one. */
  async defaultWorkflow(db: Executor, agencyId: string): Promise<WorkflowRow | undefined> {
    const result = await sql<WorkflowRow & { depth: number }>`
      WITH RECURSIVE up AS (
        SELECT id, parent_id, 0 AS depth FROM agencies WHERE id = ${agencyId}
        UNION ALL
        SELECT a.id, a.parent_id, up.depth + 1 FROM agencies a JOIN up ON a.id = up.parent_id WHERE up.depth < 20
      )
      SELECT w.id, w.name, w.procedure_version_id, w.agency_id, coalesce(up.depth, 1000) AS depth
      FROM workflows w LEFT JOIN up ON up.id = w.agency_id
      WHERE w.procedure_version_id IS NULL AND (w.agency_id IS NULL OR up.id IS NOT NULL)
      ORDER BY depth
      LIMIT 1`.execute(db);
    return result.rows[0];
  }

  workflowSteps(db: Executor, workflowId: string): Promise<WorkflowStepRow[]> {
    return db
      .selectFrom('workflow_steps as s')
      .leftJoin('agencies as a', 'a.id', 's.agency_id')
      .leftJoin('departments as dep', 'dep.id', 's.department_id')
      .select([
        's.position',
        's.name',
        's.role',
        's.agency_id',
        'a.code as agency_code',
        'a.name as agency_name',
        's.department_id',
        'dep.code as department_code',
        'dep.name as department_name',
        's.budget_value',
        's.budget_unit',
        's.actions',
      ])
      .where('s.workflow_id', '=', workflowId)
      .orderBy('s.position')
      .execute();
  }

  async countInProgress(db: Executor, versionId: string): Promise<number> {
    const row = await db
      .selectFrom('dossiers')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('procedure_version_id', '=', versionId)
      .where('status', 'in', [2, 4, 5, 6])
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Replaces the version's own workflow (creating it when missing). */
  async replaceVersionWorkflow(
    db: Executor,
    versionId: string,
    name: string,
    steps: Array<{ position: number; name: string; role: WorkflowRole; agency_id: string | null; department_id: string | null; budget_value: number; budget_unit: TimeLimitUnit; actions: string[] }>,
    by: string | null,
  ): Promise<string> {
    const existing = await this.workflowOfVersion(db, versionId);
    let id: string;
    if (existing) {
      id = existing.id;
      await db.updateTable('workflows').set({ name, updated_at: new Date() }).where('id', '=', id).execute();
      await db.deleteFrom('workflow_steps').where('workflow_id', '=', id).execute();
    } else {
      id = (await db.insertInto('workflows').values({ procedure_version_id: versionId, agency_id: null, name, created_by: by }).returning('id').executeTakeFirstOrThrow()).id;
    }
    if (steps.length) await db.insertInto('workflow_steps').values(steps.map((s) => ({ ...s, workflow_id: id }))).execute();
    return id;
  }

  // --- queue ---------------------------------------------------------------------------------------

  async queue(db: Executor, f: QueueFilters): Promise<{ rows: QueueRow[]; total: number }> {
    if (!f.agencyIds.length) return { rows: [], total: 0 };
    // Filtering, counting and ordering read only the dossiers and their open steps (the partial index
    // dossiers_open_idx holds the open dossiers); the names shown are joined for the page's rows alone.
    let query = db
      .selectFrom('dossiers as d')
      .leftJoin('dossier_steps as s', (join) => join.onRef('s.dossier_id', '=', 'd.id').on('s.finished_at', 'is', null))
      .where('d.status', 'in', f.statuses as DossierStatus[])
      .where((eb) => eb.or([eb('d.agency_id', 'in', f.agencyIds), eb('s.agency_id', 'in', f.agencyIds)]));
    if (f.mine) {
      const mine = f.mine;
      query = query.where((eb) => {
        const alternatives = [eb('d.assignee_id', '=', mine.accountId)];
        if (mine.roles.length) {
          alternatives.push(
            eb.and([
              eb('d.assignee_id', 'is', null),
              eb('s.role', 'in', mine.roles),
              mine.departmentId ? eb.or([eb('s.department_id', 'is', null), eb('s.department_id', '=', mine.departmentId)]) : eb('s.department_id', 'is', null),
            ]),
          );
        }
        if (mine.roles.includes('receptionist')) {
          alternatives.push(eb.and([eb('s.id', 'is', null), eb('d.status', 'in', [1, 9] as DossierStatus[])]));
        }
        return eb.or(alternatives);
      });
    }
    if (f.departmentId !== undefined) {
      const dept = f.departmentId;
      query = dept ? query.where((eb) => eb.or([eb('d.department_id', '=', dept), eb('s.department_id', '=', dept)])) : query.where(sql<boolean>`false`);
    }
    if (f.due) {
      const { category, now, endOfToday, soonLimit } = f.due;
      query = query.where('d.status', 'in', [2, 4, 5, 6] as DossierStatus[]);
      if (category === 'overdue') query = query.where('d.due_at', '<', now);
      else if (category === 'today') query = query.where('d.due_at', '>=', now).where('d.due_at', '<', endOfToday);
      else query = query.where('d.due_at', '>=', endOfToday).where('d.due_at', '<=', soonLimit);
    }
    const q = f.q?.trim();
    if (q) {
      const like = `%${escapeLike(q)}%`;
      query = query.where((eb) =>
        eb.or([eb('d.code', 'ilike', like), eb('d.applicant_name', 'ilike', like), eb('d.applicant_id_number', '=', q), eb(sql<string>`d.form_data->>'personalId'`, '=', q)]),
      );
    }
    const [page, count] = await Promise.all([
      query
        .select(['d.id'])
        .orderBy(
          f.order === 'due_desc' ? sql`d.due_at DESC NULLS LAST`
          : f.order === 'received_desc' ? sql`COALESCE(d.received_at, d.submitted_at) DESC NULLS LAST`
          : sql`d.due_at ASC NULLS LAST`,
        )
        .orderBy('d.submitted_at', f.order === 'due_asc' || !f.order ? 'asc' : 'desc')
        .orderBy('d.id')
        .limit(f.limit)
        .offset(f.offset)
        .execute(),
      query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    const ids = page.map((r) => r.id);
    const details = ids.length
      ? await db
          .selectFrom('dossiers as d')
          .innerJoin('procedure_versions as pv', 'pv.id', 'd.procedure_version_id')
          .innerJoin('procedures as p', 'p.id', 'pv.procedure_id')
          .leftJoin('dossier_steps as s', (join) => join.onRef('s.dossier_id', '=', 'd.id').on('s.finished_at', 'is', null))
          .leftJoin('departments as dep', 'dep.id', 'd.department_id')
          .leftJoin('accounts as acc', 'acc.id', 'd.assignee_id')
          .select([
            'd.id',
            'd.code',
            'd.status',
            'd.channel',
            'd.applicant_name',
            'd.applicant_id_number',
            'p.code as procedure_code',
            'pv.name as procedure_name',
            'd.agency_id',
            'd.submitted_at',
            'd.received_at',
            'd.due_at',
            'd.appointment_at',
            'd.version',
            's.name as step_name',
            's.role as step_role',
            's.due_at as step_due_at',
            'dep.name as department_name',
            'acc.full_name as assignee_name',
          ])
          .where('d.id', 'in', ids)
          .execute()
      : [];
    const byId = new Map(details.map((r) => [r.id, r]));
    const rows = ids.map((id) => byId.get(id)).filter((r) => r !== undefined);
    return { rows: rows as QueueRow[], total: Number(count.n) };
  }
}
