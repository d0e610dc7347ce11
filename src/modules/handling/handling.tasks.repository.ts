// SQL of the tasks of a workflow step at run time (issue 15, migration 0041): the open control-sheet row's current
// task, the tasks finished within a row, and the officers who may be given a task.
import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { TaskKind, Timeliness, WorkflowRole } from '../../db/schema.ts';
import type { EventMessage } from '../kernel/timeline.ts';

/** A finished (or sent back) task of a control-sheet row, with the officer's name. */
export interface StepTaskRow {
  step_id: string;
  position: number;
  name: string;
  role: string;
  kind: TaskKind;
  officer_name: string | null;
  started_at: Date;
  finished_at: Date;
  outcome: 'done' | 'returned';
  note: string | null;
  /** The task's due instant and its grade (migration 0043; NULL: none, or finished before 0043). */
  due_at: Date | null;
  result: Timeliness | null;
}

export class TasksRepository {
  /**
   * The task move of one operation, guarded on the dossier's version: the dossier's holder and version, then in one
   * statement the open row's current task, the finished task's record (with its due instant and grade, migration
   * 0043) and the history event (dossier_events, rendered in the reader's language). False (nothing written) when
   * the version changed.
   */
  async move(
    db: Executor,
    w: {
      dossierId: string;
      expectedVersion: number;
      stepId: string;
      /** The dossier's holder after the move (dossiers.assignee_id). */
      assigneeId: string | null;
      /** Also the row's assignee (a reassignment). */
      stepAssigneeId?: string | null | undefined;
      task: { position: number | null; name: string | null; role: WorkflowRole | null; assigneeId: string | null; startedAt: Date | null };
      finished?:
        | { position: number; name: string; role: string; kind: TaskKind; officerId: string; startedAt: Date; at: Date; outcome: 'done' | 'returned'; note: string | null; dueAt: Date | null; result: Timeliness | null }
        | undefined;
      /** The history event: the dossier's status, the move (`task_complete`, …), who and when, its message. */
      event: { status: number; action: string; at: Date; actorId: string; actorName: string; message: EventMessage; content: string };
    },
  ): Promise<boolean> {
    const updated = await db
      .updateTable('dossiers')
      .set({ assignee_id: w.assigneeId, version: sql<number>`version + 1`, updated_at: new Date() })
      .where('id', '=', w.dossierId)
      .where('version', '=', w.expectedVersion)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return false;
    const f = w.finished;
    const e = w.event;
    const stepAssignee = w.stepAssigneeId !== undefined ? sql`, assignee_id = ${w.stepAssigneeId}::uuid` : sql``;
    const finished = f
      ? sql`, finished AS (
          INSERT INTO dossier_step_tasks (step_id, position, name, role, kind, officer_id, started_at, finished_at, outcome, note, due_at, result)
          VALUES (${w.stepId}::bigint, ${f.position}::int, ${f.name}, ${f.role}, ${f.kind}, ${f.officerId}::uuid, ${f.startedAt}::timestamptz, ${f.at}::timestamptz,
                  ${f.outcome}, ${f.note}, ${f.dueAt}::timestamptz, ${f.result})
          RETURNING id)`
      : sql``;
    await sql`
      WITH step AS (
        UPDATE dossier_steps
           SET task_position = ${w.task.position}::int, task_role = ${w.task.role}, task_assignee_id = ${w.task.assigneeId}::uuid,
               task_started_at = ${w.task.startedAt}::timestamptz, task_name = ${w.task.name}${stepAssignee}
         WHERE id = ${w.stepId}::bigint AND finished_at IS NULL
        RETURNING id)${finished}
      INSERT INTO dossier_events (dossier_id, at, actor_id, status, action, content, message, handler_name, department, legal_end)
      VALUES (${w.dossierId}::uuid, ${e.at}::timestamptz, ${e.actorId}::uuid, ${e.status}::smallint, ${e.action}, ${e.content}, ${JSON.stringify(e.message)}::jsonb, ${e.actorName}, NULL, NULL)`.execute(db);
    return true;
  }

  /** Who last finished the task at `position` of the row (a task sent back goes back to them). */
  async lastDoneBy(db: Executor, stepId: string, position: number): Promise<string | null> {
    const row = await db
      .selectFrom('dossier_step_tasks')
      .select('officer_id')
      .where('step_id', '=', stepId)
      .where('position', '=', position)
      .where('outcome', '=', 'done')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row?.officer_id ?? null;
  }

  /** The tasks finished within the dossier's control-sheet rows, in order. */
  tasksOf(db: Executor, dossierId: string): Promise<StepTaskRow[]> {
    return db
      .selectFrom('dossier_step_tasks as t')
      .innerJoin('dossier_steps as s', 's.id', 't.step_id')
      .leftJoin('accounts as o', 'o.id', 't.officer_id')
      .select(['t.step_id', 't.position', 't.name', 't.role', 't.kind', 'o.full_name as officer_name', 't.started_at', 't.finished_at', 't.outcome', 't.note', 't.due_at', 't.result'])
      .where('s.dossier_id', '=', dossierId)
      .orderBy('t.id')
      .execute();
  }

  /** An active officer of the agency (not a service account) holding `role` on it (a grant on it or an ancestor). */
  async officerWithRole(db: Executor, accountId: string, agencyId: string, role: WorkflowRole): Promise<{ id: string; full_name: string } | undefined> {
    const result = await sql<{ id: string; full_name: string }>`
      WITH RECURSIVE up AS (
        SELECT id, parent_id, 0 AS depth FROM agencies WHERE id = ${agencyId}
        UNION ALL
        SELECT a.id, a.parent_id, up.depth + 1 FROM agencies a JOIN up ON a.id = up.parent_id WHERE up.depth < 20
      )
      SELECT acc.id, acc.full_name FROM accounts acc
       WHERE acc.id = ${accountId} AND acc.kind = 'staff' AND NOT acc.service AND acc.status = 'active' AND acc.agency_id = ${agencyId}
         AND EXISTS (SELECT 1 FROM account_roles g JOIN up ON up.id = g.agency_id WHERE g.account_id = acc.id AND g.role = ${role})`.execute(db);
    return result.rows[0];
  }

  /** The officers of the agency holding `role` on it (the reassignment form's choices). */
  async officersWithRole(db: Executor, agencyId: string, role: WorkflowRole): Promise<Array<{ id: string; full_name: string }>> {
    const result = await sql<{ id: string; full_name: string }>`
      WITH RECURSIVE up AS (
        SELECT id, parent_id, 0 AS depth FROM agencies WHERE id = ${agencyId}
        UNION ALL
        SELECT a.id, a.parent_id, up.depth + 1 FROM agencies a JOIN up ON a.id = up.parent_id WHERE up.depth < 20
      )
      SELECT acc.id, acc.full_name FROM accounts acc
       WHERE acc.kind = 'staff' AND NOT acc.service AND acc.status = 'active' AND acc.agency_id = ${agencyId}
         AND EXISTS (SELECT 1 FROM account_roles g JOIN up ON up.id = g.agency_id WHERE g.account_id = acc.id AND g.role = ${role})
       ORDER BY acc.full_name, acc.id
       LIMIT 200`.execute(db);
    return result.rows;
  }
}
