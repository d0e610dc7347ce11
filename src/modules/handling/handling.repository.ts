// SQL of the back office: dossiers as the officers see them, the transition of an action in one statement
// (guarded update, control sheet, pauses, history event, outbox, audit entry), workflows and the officers' queue.
import { CompiledQuery, sql, type Selectable, type Updateable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import { compiledQuery } from '../../db/compiled.ts';
import type { DossierStatus, DossierStepsTable, DossiersTable, Fee, TaskAssignment, TaskKind, TimeLimitUnit, Timeliness, WorkflowRole } from '../../db/schema.ts';
import type { AuditFields } from '../audit/audit.rules.ts';
import type { Transition } from './handling.plans.ts';
import { IN_PROGRESS_STATUSES, type HandlingAction } from './handling.rules.ts';

export type DossierRow = Selectable<DossiersTable>;
export type StepRow = Selectable<DossierStepsTable>;

export interface HandledDossier extends DossierRow {
  procedure_code: string;
  procedure_name: string;
  procedure_version: number;
  time_limit_value: string;
  time_limit_unit: TimeLimitUnit;
  same_day: boolean;
  /** No statutory time limit (migration 0038): no due date. */
  no_time_limit: boolean;
  fees: Fee[];
  /** The version's fee rules (src/modules/payments computes the fee from them through HandlingPorts.fees). */
  fee_rules: Record<string, unknown> | null;
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
  /** Migration 0042: the agency rule (handling.routing.ts); null: fixed. */
  agency_rule: Record<string, unknown> | null;
  /** The step's tasks in order (migration 0041; a JSON array built by the statement). */
  tasks?: WorkflowTaskRow[] | null;
}

/** A task of a workflow step as the statements answer it (JSON: numbers stay numbers). */
export interface WorkflowTaskRow {
  position: number;
  name: string;
  role: WorkflowRole;
  assignment: TaskAssignment;
  kind: TaskKind;
  shareValue: number | string | null;
  shareUnit: TimeLimitUnit | null;
}

/** A task to store with its step (replaceVersionWorkflow). */
export interface WorkflowTaskWrite {
  position: number;
  name: string;
  role: WorkflowRole;
  assignment: TaskAssignment;
  kind: TaskKind;
  share_value: number | null;
  share_unit: TimeLimitUnit | null;
}

/** The tasks of a step as one JSON array (a correlated subquery over workflow_step_tasks' primary key). */
function tasksOfStep(workflowId: string, position: string) {
  return sql.raw(`(SELECT coalesce(jsonb_agg(jsonb_build_object('position', t.position, 'name', t.name, 'role', t.role,
        'assignment', t.assignment, 'kind', t.kind, 'shareValue', t.share_value, 'shareUnit', t.share_unit) ORDER BY t.position), '[]'::jsonb)
      FROM workflow_step_tasks t WHERE t.workflow_id = ${workflowId} AND t.step_position = ${position})`);
}

export interface ControlSheetRow extends StepRow {
  agency_code: string;
  agency_name: string;
  department_name: string | null;
  assignee_name: string | null;
  handed_over_by_name: string | null;
  /** The holder of the current task (migration 0041). */
  task_assignee_name: string | null;
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
  /** The open row's current task (migration 0041 / 0043; NULL: none waiting, or no tasks). */
  task_name: string | null;
  task_role: string | null;
  department_name: string | null;
  assignee_name: string | null;
}

/** A transition to persist (HandlingRepository.applyTransition). */
export interface TransitionWrite {
  dossierId: string;
  expectedVersion: number;
  action: HandlingAction;
  at: Date;
  actor: { id: string; fullName: string; departmentId: string | null };
  transition: Transition;
  /** The audit entry (AuditService.fields). */
  audit: AuditFields;
}

/** The dossier's state after a transition (the guarded update's RETURNING). */
export interface AppliedTransition {
  id: string;
  status: DossierStatus;
  version: number;
  received_at: Date | null;
  due_at: Date | null;
  appointment_at: Date | null;
  finished_at: Date | null;
  timeliness: Timeliness | null;
  current_step: number | null;
  department_id: string | null;
  assignee_id: string | null;
  /** The control-sheet row the transition opened. */
  opened_step_id: string | null;
}

/** A workflow row with its steps as resolved for a procedure version (no steps: a row with null step columns). */
export interface ResolvedWorkflowRow {
  workflow_id: string;
  workflow_name: string;
  procedure_version_id: string | null;
  workflow_agency_id: string | null;
  position: number | null;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

// Read by every officer action: built and compiled once (compiledQuery, issue 17).
const handledDossier = compiledQuery((db: Executor, id: string) =>
  db
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
      'pv.no_time_limit',
      'pv.fees',
      'pv.fee_rules',
      'a.code as agency_code',
      'a.name as agency_name',
    ])
    .where('d.id', '=', id)
    .where('d.status', 'is not', null),
);
const openStepOf = compiledQuery((db: Executor, dossierId: string) =>
  db.selectFrom('dossier_steps').selectAll().where('dossier_id', '=', dossierId).where('finished_at', 'is', null),
);

/** Stands for one value of the transition statement when it is compiled (its name: a column, or $id, $version…). */
class TransitionSlot {
  constructor(readonly name: string) {}
}

/**
 * The transition statement compiled once per shape — the dossier columns its plan sets — and then sent with each
 * action's values: building and compiling this statement (a guarded update and eight CTEs) with Kysely on every
 * action was the largest item of the action's own code in a profile of the accept benchmark (node --cpu-prof, ~6% of
 * the server's samples; ~150 µs an action, issue 17). Plans set plain values only (handling.plans.ts builds no SQL),
 * so one shape is one text.
 */
const transitionStatements = new Map<string, { sql: string; parameters: readonly unknown[] }>();

/** The transition of an action in one statement (applyTransition), for the columns in `set`. */
function transitionStatement(db: Executor, set: Record<string, unknown>, dossierId: string, expectedVersion: number, updatedAt: Date, input: string) {
  const update = db
    .updateTable('dossiers')
    .set({ ...(set as Updateable<DossiersTable>), version: sql<number>`version + 1`, updated_at: updatedAt })
    .where('id', '=', dossierId)
    .where('version', '=', expectedVersion)
    .returning(['id', 'status', 'version', 'received_at', 'due_at', 'appointment_at', 'finished_at', 'timeliness', 'current_step', 'department_id', 'assignee_id']);
  // The row that opens a step is inserted after the open row is closed (the partial unique index allows one
  // open row per dossier): its SELECT reads the closing CTE first. Likewise a pause after the open one closed.
  return sql<AppliedTransition>`
      WITH upd AS (${update}),
      i AS (
        SELECT i.* FROM jsonb_to_record(${input}::jsonb) AS i(
          dossier_id uuid, at timestamptz, actor_id uuid, actor_department_id uuid,
          close_step_id bigint, close_result text, close_outcome text, close_note text,
          due_step_id bigint, due_step_at timestamptz,
          open_position int, open_name text, open_role text, open_agency_id uuid, open_department_id uuid, open_assignee_id uuid, open_due_at timestamptz,
          open_task_position int, open_task_role text, open_task_assignee_id uuid, open_task_name text,
          pause_kind text, pause_reason text, close_pause boolean,
          event_status smallint, event_action text, event_content text, event_message jsonb, event_handler_name text, event_legal_end timestamptz,
          outbox_payload jsonb,
          audit_at timestamptz, audit_actor_id uuid, audit_actor_name text, audit_agency_id uuid, audit_action text,
          audit_target_type text, audit_target_id text, audit_summary jsonb, audit_ip text)
        WHERE EXISTS (SELECT 1 FROM upd)
      ), closed_step AS (
        UPDATE dossier_steps s SET finished_at = i.at, result = i.close_result, outcome = i.close_outcome, note = i.close_note
          FROM i WHERE s.id = i.close_step_id AND s.dossier_id = i.dossier_id
        RETURNING s.id
      ), step_due AS (
        UPDATE dossier_steps s SET due_at = i.due_step_at
          FROM i WHERE s.id = i.due_step_id AND s.dossier_id = i.dossier_id
        RETURNING s.id
      ), opened_step AS (
        INSERT INTO dossier_steps (dossier_id, position, name, role, agency_id, department_id, assignee_id, handed_over_by, started_at, due_at,
                                   task_position, task_role, task_assignee_id, task_started_at, task_name)
        SELECT i.dossier_id, i.open_position, i.open_name, i.open_role, i.open_agency_id, i.open_department_id, i.open_assignee_id, i.actor_id, i.at, i.open_due_at,
               i.open_task_position, i.open_task_role, i.open_task_assignee_id, CASE WHEN i.open_task_position IS NOT NULL THEN i.at END, i.open_task_name
          FROM i WHERE i.open_position IS NOT NULL AND (SELECT count(*) FROM closed_step) >= 0
        RETURNING id
      ), closed_pause AS (
        UPDATE dossier_pauses p SET ended_at = i.at
          FROM i WHERE i.close_pause AND p.dossier_id = i.dossier_id AND p.ended_at IS NULL
        RETURNING p.id
      ), pause AS (
        INSERT INTO dossier_pauses (dossier_id, kind, started_at, reason)
        SELECT i.dossier_id, i.pause_kind, i.at, i.pause_reason FROM i WHERE i.pause_kind IS NOT NULL AND (SELECT count(*) FROM closed_pause) >= 0
      ), event AS (
        INSERT INTO dossier_events (dossier_id, at, actor_id, status, action, content, message, handler_name, department, legal_end)
        SELECT i.dossier_id, i.at, i.actor_id, i.event_status, i.event_action, i.event_content, i.event_message, i.event_handler_name,
               (SELECT dep.name FROM departments dep WHERE dep.id = i.actor_department_id), i.event_legal_end
          FROM i
      ), outbox AS (
        INSERT INTO outbox (topic, payload) SELECT 'dossier.status', i.outbox_payload FROM i
      ), audit AS (
        INSERT INTO audit_log (at, actor_id, actor_name, agency_id, action, target_type, target_id, summary, ip)
        SELECT i.audit_at, i.audit_actor_id, i.audit_actor_name, i.audit_agency_id, i.audit_action, i.audit_target_type, i.audit_target_id, i.audit_summary, i.audit_ip
          FROM i
      )
      SELECT upd.*, (SELECT id FROM opened_step) AS opened_step_id, (SELECT count(*) FROM step_due)::int AS steps_redated FROM upd`;
}

export class HandlingRepository {
  // --- dossiers --------------------------------------------------------------------------------

  dossier(db: Executor, id: string): Promise<HandledDossier | undefined> {
    return handledDossier(db, id).then((rows) => rows[0] as HandledDossier | undefined);
  }

  /**
   * Applies a planned transition in ONE statement (so in one transaction, without a client-driven BEGIN/COMMIT):
   * the guarded update of the dossier (typed from the table; version + 1, only while it still has
   * `expectedVersion`), and, only when that matched, the control-sheet rows (close, re-date, open), the pause, the
   * history event, the outbox message and the audit entry. Two officers acting at once: the second UPDATE waits
   * for the first and then matches no row, and nothing else is written. Answers the dossier's new state, or
   * undefined when the version had changed.
   */
  async applyTransition(db: Executor, w: TransitionWrite): Promise<AppliedTransition | undefined> {
    const t = w.transition;
    // The columns the plan sets (undefined ones are left out, as Kysely's set() does): the statement's shape.
    const set = Object.entries({ ...t.dossier, status: t.status }).filter(([, value]) => value !== undefined);
    const shape = set.map(([column]) => column).join(',');
    let compiled = transitionStatements.get(shape);
    if (!compiled) {
      const slot = (name: string) => new TransitionSlot(name) as never;
      const query = transitionStatement(db, Object.fromEntries(set.map(([column]) => [column, slot(column)])), slot('$id'), slot('$version'), slot('$updatedAt'), slot('$input')).compile(db);
      if (transitionStatements.size >= 200) transitionStatements.clear();
      compiled = { sql: query.sql, parameters: query.parameters };
      transitionStatements.set(shape, compiled);
    }
    const a = w.audit;
    const input = {
      dossier_id: w.dossierId,
      at: w.at.toISOString(),
      actor_id: w.actor.id,
      actor_department_id: w.actor.departmentId,
      close_step_id: t.closeStep?.id ?? null,
      close_result: t.closeStep?.result ?? null,
      close_outcome: t.closeStep?.outcome ?? null,
      close_note: t.closeStep?.note ?? null,
      due_step_id: t.stepDue?.id ?? null,
      due_step_at: t.stepDue?.dueAt?.toISOString() ?? null,
      open_position: t.openStep?.position ?? null,
      open_name: t.openStep?.name ?? null,
      open_role: t.openStep?.role ?? null,
      open_agency_id: t.openStep?.agencyId ?? null,
      open_department_id: t.openStep?.departmentId ?? null,
      open_assignee_id: t.openStep?.assigneeId ?? null,
      open_due_at: t.openStep?.dueAt?.toISOString() ?? null,
      open_task_position: t.openStep?.task?.position ?? null,
      open_task_role: t.openStep?.task?.role ?? null,
      open_task_assignee_id: t.openStep?.task?.singleUser ? t.openStep.assigneeId : null,
      open_task_name: t.openStep?.task?.name ?? null,
      pause_kind: t.pause?.kind ?? null,
      pause_reason: t.pause?.reason ?? null,
      close_pause: t.closePause,
      event_status: t.status,
      event_action: w.action,
      event_content: t.event.content,
      event_message: t.event.message,
      event_handler_name: w.actor.fullName,
      event_legal_end: t.event.legalEnd?.toISOString() ?? null,
      outbox_payload: t.message,
      audit_at: a.at.toISOString(),
      audit_actor_id: a.actorId,
      audit_actor_name: a.actorName,
      audit_agency_id: a.agencyId,
      audit_action: a.action,
      audit_target_type: a.targetType,
      audit_target_id: a.targetId,
      audit_summary: a.summary ?? {},
      audit_ip: a.ip,
    };
    const values: Record<string, unknown> = { ...Object.fromEntries(set), $id: w.dossierId, $version: w.expectedVersion, $updatedAt: new Date(), $input: JSON.stringify(input) };
    const parameters = compiled.parameters.map((p) => (p instanceof TransitionSlot ? values[p.name] : p));
    const { rows } = await db.executeQuery<AppliedTransition>(CompiledQuery.raw(compiled.sql, parameters));
    return rows[0];
  }

  // --- pauses ----------------------------------------------------------------------------------

  pauses(db: Executor, dossierId: string): Promise<Array<{ kind: string; started_at: Date; ended_at: Date | null; reason: string | null }>> {
    return db.selectFrom('dossier_pauses').select(['kind', 'started_at', 'ended_at', 'reason']).where('dossier_id', '=', dossierId).orderBy('started_at').orderBy('id').execute();
  }

  // --- control sheet -----------------------------------------------------------------------------

  openStep(db: Executor, dossierId: string): Promise<StepRow | undefined> {
    return openStepOf(db, dossierId).then((rows) => rows[0]);
  }

  /** The latest row of the dossier at a workflow position (where a send-back returns to). */
  lastStepAt(db: Executor, dossierId: string, position: number): Promise<StepRow | undefined> {
    return db.selectFrom('dossier_steps').selectAll().where('dossier_id', '=', dossierId).where('position', '=', position).orderBy('id', 'desc').limit(1).executeTakeFirst();
  }

  controlSheet(db: Executor, dossierId: string): Promise<ControlSheetRow[]> {
    return db
      .selectFrom('dossier_steps as s')
      .innerJoin('agencies as a', 'a.id', 's.agency_id')
      .leftJoin('departments as dep', 'dep.id', 's.department_id')
      .leftJoin('accounts as asg', 'asg.id', 's.assignee_id')
      .leftJoin('accounts as hb', 'hb.id', 's.handed_over_by')
      .leftJoin('accounts as ta', 'ta.id', 's.task_assignee_id')
      .selectAll('s')
      .select(['a.code as agency_code', 'a.name as agency_name', 'dep.name as department_name', 'asg.full_name as assignee_name', 'hb.full_name as handed_over_by_name', 'ta.full_name as task_assignee_name'])
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
      // A service account (src/modules/apikeys) acts through the API but is never handed a dossier to work on.
      .where('service', '=', false)
      .where('status', '=', 'active')
      .where('agency_id', '=', agencyId)
      .executeTakeFirst();
  }

  // --- workflows ---------------------------------------------------------------------------------

  versionByNumber(db: Executor, procedureCode: string, version: number) {
    return db
      .selectFrom('procedure_versions as pv')
      .innerJoin('procedures as p', 'p.id', 'pv.procedure_id')
      .select(['pv.id', 'pv.agency_id', 'pv.status', 'pv.version', 'pv.time_limit_value', 'pv.time_limit_unit', 'pv.same_day', 'pv.no_time_limit', 'p.code'])
      .where('p.code', '=', procedureCode)
      .where('pv.version', '=', version)
      .executeTakeFirst();
  }

  versionById(db: Executor, versionId: string) {
    return db
      .selectFrom('procedure_versions')
      .select(['id', 'agency_id', 'time_limit_value', 'time_limit_unit', 'same_day', 'no_time_limit'])
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

  /**
   * The workflow of a procedure version in one statement: its own, else the default template of the nearest
   * agency up the tree from the version's agency, else the global one; with its steps in order. No rows: none
   * (the built-in default applies); a workflow without steps gives one row whose step columns are null.
   */
  async resolvedWorkflow(db: Executor, versionId: string): Promise<Array<WorkflowStepRow & ResolvedWorkflowRow>> {
    const result = await sql<WorkflowStepRow & ResolvedWorkflowRow>`
      WITH RECURSIVE up AS (
        SELECT a.id, a.parent_id, 0 AS depth FROM agencies a JOIN procedure_versions pv ON pv.agency_id = a.id WHERE pv.id = ${versionId}
        UNION ALL
        SELECT a.id, a.parent_id, up.depth + 1 FROM agencies a JOIN up ON a.id = up.parent_id WHERE up.depth < 20
      ), chosen AS (
        SELECT w.id, w.name, w.procedure_version_id, w.agency_id, -1 AS depth FROM workflows w WHERE w.procedure_version_id = ${versionId}
        UNION ALL
        SELECT w.id, w.name, w.procedure_version_id, w.agency_id, coalesce(up.depth, 1000) AS depth
          FROM workflows w LEFT JOIN up ON up.id = w.agency_id
         WHERE w.procedure_version_id IS NULL AND (w.agency_id IS NULL OR up.id IS NOT NULL)
        ORDER BY depth
        LIMIT 1
      )
      SELECT c.id AS workflow_id, c.name AS workflow_name, c.procedure_version_id, c.agency_id AS workflow_agency_id,
             s.position, s.name, s.role, s.agency_id, a.code AS agency_code, a.name AS agency_name, s.department_id,
             dep.code AS department_code, dep.name AS department_name, s.budget_value, s.budget_unit, s.actions, s.agency_rule,
             ${tasksOfStep('c.id', 's.position')} AS tasks
        FROM chosen c
        LEFT JOIN workflow_steps s ON s.workflow_id = c.id
        LEFT JOIN agencies a ON a.id = s.agency_id
        LEFT JOIN departments dep ON dep.id = s.department_id
       ORDER BY s.position`.execute(db);
    return result.rows;
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
        's.agency_rule',
        sql<WorkflowTaskRow[]>`${tasksOfStep('s.workflow_id', 's.position')}`.as('tasks'),
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
      .where('status', 'in', IN_PROGRESS_STATUSES)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Replaces the version's own workflow (creating it when missing). */
  async replaceVersionWorkflow(
    db: Executor,
    versionId: string,
    name: string,
    steps: Array<{ position: number; name: string; role: WorkflowRole; agency_id: string | null; department_id: string | null; budget_value: number; budget_unit: TimeLimitUnit; actions: string[]; agency_rule?: string | null; tasks?: WorkflowTaskWrite[] | undefined }>,
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
    if (steps.length) await db.insertInto('workflow_steps').values(steps.map(({ tasks: _tasks, ...s }) => ({ ...s, workflow_id: id }))).execute();
    const tasks = steps.flatMap((s) => (s.tasks ?? []).map((t) => ({ ...t, workflow_id: id, step_position: s.position })));
    if (tasks.length) await db.insertInto('workflow_step_tasks').values(tasks).execute();
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
      // A dossier's exact code finds it in any status: a scanned receipt of a finished dossier (issue 20).
      .where((eb) => {
        const active = eb('d.status', 'in', f.statuses as DossierStatus[]);
        const code = f.q?.trim().toUpperCase();
        return code ? eb.or([active, eb('d.code', '=', code)]) : active;
      })
      .where((eb) => eb.or([eb('d.agency_id', 'in', f.agencyIds), eb('s.agency_id', 'in', f.agencyIds)]));
    if (f.mine) {
      const mine = f.mine;
      query = query.where((eb) => {
        const alternatives = [eb('d.assignee_id', '=', mine.accountId)];
        if (mine.roles.length) {
          alternatives.push(
            eb.and([
              eb('d.assignee_id', 'is', null),
              // A step with tasks waits for its current task's role (migration 0041), else for the step's.
              eb(sql<string>`coalesce(s.task_role, s.role)`, 'in', mine.roles),
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
      query = query.where('d.status', 'in', IN_PROGRESS_STATUSES);
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
            's.task_name',
            's.task_role',
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
