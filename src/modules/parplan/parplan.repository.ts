// SQL of the yearly PAR plan (migration 0063): plans, tasks, progress reports. The only SQL of the module.
import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { DomainError } from '../../core/errors.ts';
import type { ParPlanTaskStatus } from '../../db/schema.ts';

export interface PlanRow {
  id: string;
  agency_id: string;
  agency_code: string;
  agency_name: string;
  year: number;
  set_id: string;
  title: string;
  created_at: Date;
}

export interface TaskRow {
  id: string;
  plan_id: string;
  field_code: string;
  title: string;
  owner_department_id: string;
  owner_department_name: string;
  deadline: string;
  expected_output: string;
  evidence_required: boolean;
  status: ParPlanTaskStatus;
  progress: number;
  completed_at: Date | null;
  reminded_at: Date | null;
  overdue_at: Date | null;
  version: number;
}

export interface ReportRow {
  id: string;
  task_id: string;
  reported_by: string;
  reporter_name: string;
  progress: number;
  note: string;
  file_id: string | null;
  file_name: string | null;
  created_at: Date;
}

export interface EvidenceItem {
  task_id: string;
  task_title: string;
  field_code: string;
  report_id: string;
  file_name: string;
  created_at: Date;
}

export class ParPlanRepository {
  private plans(db: Executor) {
    return db
      .selectFrom('par_plans as p')
      .innerJoin('agencies as a', 'a.id', 'p.agency_id')
      .select(['p.id', 'p.agency_id', 'a.code as agency_code', 'a.name as agency_name', 'p.year', 'p.set_id', 'p.title', 'p.created_at']);
  }

  plan(db: Executor, id: string): Promise<PlanRow | undefined> {
    return this.plans(db).where('p.id', '=', id).executeTakeFirst();
  }

  list(db: Executor, agencyIds: readonly string[] | null, year: number | null): Promise<PlanRow[]> {
    let q = this.plans(db);
    if (agencyIds) {
      if (agencyIds.length === 0) return Promise.resolve([]);
      q = q.where('p.agency_id', 'in', agencyIds);
    }
    if (year !== null) q = q.where('p.year', '=', year);
    return q.orderBy('p.year', 'desc').orderBy('a.code').limit(500).execute();
  }

  async insertPlan(db: Executor, input: { agencyId: string; year: number; setId: string; title: string; by: string }): Promise<string> {
    try {
      const row = await db
        .insertInto('par_plans')
        .values({ agency_id: input.agencyId, year: input.year, set_id: input.setId, title: input.title, created_by: input.by })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError('PARPLAN_EXISTS', { year: input.year });
      throw error;
    }
  }

  private tasks(db: Executor) {
    return db
      .selectFrom('par_plan_tasks as t')
      .innerJoin('departments as d', 'd.id', 't.owner_department_id')
      .select([
        't.id',
        't.plan_id',
        't.field_code',
        't.title',
        't.owner_department_id',
        'd.name as owner_department_name',
        't.deadline',
        't.expected_output',
        't.evidence_required',
        't.status',
        't.progress',
        't.completed_at',
        't.reminded_at',
        't.overdue_at',
        't.version',
      ]);
  }

  tasksOf(db: Executor, planId: string): Promise<TaskRow[]> {
    return this.tasks(db).where('t.plan_id', '=', planId).orderBy('t.field_code').orderBy('t.deadline').orderBy('t.created_at').execute();
  }

  task(db: Executor, id: string, lock = false): Promise<TaskRow | undefined> {
    let q = this.tasks(db).where('t.id', '=', id);
    if (lock) q = q.forUpdate('t');
    return q.executeTakeFirst();
  }

  async insertTask(
    db: Executor,
    input: { planId: string; fieldCode: string; title: string; ownerDepartmentId: string; deadline: string; expectedOutput: string; evidenceRequired: boolean },
  ): Promise<string> {
    const row = await db
      .insertInto('par_plan_tasks')
      .values({
        plan_id: input.planId,
        field_code: input.fieldCode,
        title: input.title,
        owner_department_id: input.ownerDepartmentId,
        deadline: input.deadline,
        expected_output: input.expectedOutput,
        evidence_required: input.evidenceRequired,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async setTaskState(db: Executor, id: string, state: { status: ParPlanTaskStatus; progress: number; completedAt: Date | null }): Promise<void> {
    await db
      .updateTable('par_plan_tasks')
      .set({ status: state.status, progress: state.progress, completed_at: state.completedAt, version: sql<number>`version + 1` })
      .where('id', '=', id)
      .execute();
  }

  reports(db: Executor, taskId: string): Promise<ReportRow[]> {
    return db
      .selectFrom('par_plan_reports as r')
      .innerJoin('accounts as a', 'a.id', 'r.reported_by')
      .select(['r.id', 'r.task_id', 'r.reported_by', 'a.full_name as reporter_name', 'r.progress', 'r.note', 'r.file_id', 'r.file_name', 'r.created_at'])
      .where('r.task_id', '=', taskId)
      .orderBy('r.created_at', 'desc')
      .execute();
  }

  report(db: Executor, taskId: string, reportId: string): Promise<ReportRow | undefined> {
    return db
      .selectFrom('par_plan_reports as r')
      .innerJoin('accounts as a', 'a.id', 'r.reported_by')
      .select(['r.id', 'r.task_id', 'r.reported_by', 'a.full_name as reporter_name', 'r.progress', 'r.note', 'r.file_id', 'r.file_name', 'r.created_at'])
      .where('r.task_id', '=', taskId)
      .where('r.id', '=', reportId)
      .executeTakeFirst();
  }

  async hasEvidence(db: Executor, taskId: string): Promise<boolean> {
    const row = await db.selectFrom('par_plan_reports').select('id').where('task_id', '=', taskId).where('file_id', 'is not', null).limit(1).executeTakeFirst();
    return !!row;
  }

  async insertReport(db: Executor, input: { taskId: string; by: string; progress: number; note: string; fileId: string | null; fileName: string | null }): Promise<string> {
    const row = await db
      .insertInto('par_plan_reports')
      .values({ task_id: input.taskId, reported_by: input.by, progress: input.progress, note: input.note, file_id: input.fileId, file_name: input.fileName })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** Open tasks due on or before `bound` whose notices are not all sent, with their plan's agency. */
  dueOpen(db: Executor, bound: string, limit: number) {
    return db
      .selectFrom('par_plan_tasks as t')
      .innerJoin('par_plans as p', 'p.id', 't.plan_id')
      .select(['t.id', 't.title', 't.deadline', 't.status', 't.reminded_at', 't.overdue_at', 't.owner_department_id', 't.plan_id', 'p.agency_id'])
      .where('t.status', '=', 'open')
      .where('t.deadline', '<=', bound)
      .where('t.overdue_at', 'is', null)
      .orderBy('t.deadline')
      .limit(limit)
      .execute();
  }

  async markNotified(db: Executor, id: string, kind: 'soon' | 'overdue', at: Date): Promise<void> {
    await db
      .updateTable('par_plan_tasks')
      .set(kind === 'soon' ? { reminded_at: at } : { overdue_at: at, reminded_at: sql<Date>`coalesce(reminded_at, ${at})` })
      .where('id', '=', id)
      .execute();
  }

  /** The evidence files reported on the tasks of an agency's plan of a year (the PAR self-assessment's offer). */
  evidenceOf(db: Executor, agencyId: string, year: number): Promise<EvidenceItem[]> {
    return db
      .selectFrom('par_plan_reports as r')
      .innerJoin('par_plan_tasks as t', 't.id', 'r.task_id')
      .innerJoin('par_plans as p', 'p.id', 't.plan_id')
      .select(['t.id as task_id', 't.title as task_title', 't.field_code', 'r.id as report_id', 'r.file_name', 'r.created_at'])
      .where('p.agency_id', '=', agencyId)
      .where('p.year', '=', year)
      .where('t.status', '<>', 'cancelled')
      .where('r.file_id', 'is not', null)
      .orderBy('t.field_code')
      .orderBy('r.created_at')
      .execute() as Promise<EvidenceItem[]>;
  }
}
