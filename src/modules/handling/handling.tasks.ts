// The tasks of a workflow step at run time (issue 15): the open control-sheet row knows its current task
// (dossier_steps.task_position, migration 0041). Completing a task moves to the next one of the same step; a review
// or approval may send it back to the previous one with a note; a single-user task is taken by one officer (or
// given by a head) and only that officer completes it; a department head or the agency leader reassigns the current
// task (or a step without tasks) to another officer of the right role. The step's hand-over waits for its last
// task (handling.rules.ts `TASK_GATED_ACTIONS`). Each move is guarded on the dossier's version, audited, and written
// to the dossier history (a neutral `timeline.task*` event, handling.tasks.rules.ts). A finished task keeps its due
// instant (its share of the step's budget from its start, or the step's due) and its grade (migration 0043).
import type { Actor } from '../../core/actor.ts';
import { DomainError } from '../../core/errors.ts';
import { isUuid } from '../../core/ids.ts';
import type { Db } from '../../db/database.ts';
import type { Role } from '../../db/schema.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { StepRow } from './handling.repository.ts';
import { optionalText } from './handling.plans.ts';
import { ActionConflict, decideTask, holdingRole, mayReassign, requiredText, taskAfter, taskState, type TaskOperation, type WorkflowStep } from './handling.rules.ts';
import { TasksRepository, type StepTaskRow } from './handling.tasks.repository.ts';
import { gradeTask, taskDueBasis, taskEventMessage, type TaskDueBasis, type TaskMove } from './handling.tasks.rules.ts';
import { eventColumns } from '../kernel/timeline.ts';
import './handling.errors.ts';

/** What a task operation reads: the dossier, its open row and the row's workflow step (HandlingService loads them). */
export interface TaskContext {
  dossier: { id: string; code: string | null; agency_id: string; version: number; status: number | null };
  open: StepRow | null;
  step: WorkflowStep | null;
  /** The officer's handling roles on the open step's agency. */
  rolesOnStep: readonly Role[];
}

export interface TaskActInput {
  /** return: required (why the task goes back); complete, take: optional. */
  note?: string | undefined;
  expectedVersion?: number | undefined;
}

/** The answer of a task operation: where the step is now. */
export interface TaskActResult {
  id: string;
  version: number;
  /** The current task (null: the step has no task waiting — every task is done, its hand-over may follow). */
  task: { position: number; name: string; role: string; assignment: string; kind: string } | null;
  /** The officer holding the dossier now (null: any officer of the role). */
  assigneeId: string | null;
}

/**
 * The due instant of a task from its basis (HandlingService: a share on the agency's working-day calendar from the
 * task's start, minus the dossier's pauses since then, as a step's due is computed; else the step's due).
 */
export type TaskDueOf = (dossier: { id: string; agency_id: string }, basis: TaskDueBasis) => Promise<Date | null>;

const stepDueOnly: TaskDueOf = (_dossier, basis) => Promise.resolve(basis.kind === 'step' ? basis.at : null);

export class TaskRunner {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly dueOf: TaskDueOf = stepDueOnly,
    private readonly repo = new TasksRepository(),
  ) {}

  /** The due instant of the open row's current task (null: no task waiting, or no due instant). */
  async currentTaskDue(c: TaskContext): Promise<Date | null> {
    const open = c.open;
    const state = taskState(c.step, open?.task_position);
    if (!open || state.kind !== 'at') return null;
    return this.dueOf(c.dossier, taskDueBasis(state.task.share, open.task_started_at ?? open.started_at, open.due_at));
  }

  /** The history event of a move, as the repository stores it. */
  private event(actor: Actor, c: TaskContext, move: TaskMove, step: WorkflowStep, task: string | null, now: Date) {
    return { status: c.dossier.status ?? 1, action: `task_${move}`, at: now, actorId: actor.id, actorName: actor.fullName, ...eventColumns(taskEventMessage(move, step.name, task)) };
  }

  /** complete / return / take the current task of the open step. */
  async act(actor: Actor, c: TaskContext, op: TaskOperation, input: TaskActInput, now: Date): Promise<TaskActResult> {
    const open = c.open;
    if (!open || !c.step) throw new DomainError('TASK_NONE');
    const step = c.step;
    // A stale page (the task moved on meanwhile) is told so first.
    this.checkVersion(c, input);
    const task = decideTask(op, step, { taskPosition: open.task_position, assigneeId: open.task_assignee_id }, { id: actor.id, rolesOnStep: c.rolesOnStep });
    const note = op === 'return' ? requiredText(input.note, '/note') : optionalText(input.note);
    let next = task.position;
    let assigneeId: string | null = actor.id;
    let taskAssigneeId: string | null = actor.id;
    let startedAt: Date | null = open.task_started_at ?? open.started_at;
    if (op !== 'take') {
      next = taskAfter(step, task, op);
      const after = taskState(step, next);
      startedAt = now;
      if (after.kind === 'at') {
        // A task sent back goes back to whoever did it; a next single-user task waits to be taken or given.
        taskAssigneeId = op === 'return' && after.task.assignment === 'single_user' ? await this.repo.lastDoneBy(this.db, open.id, after.task.position) : null;
        assigneeId = taskAssigneeId;
      } else {
        // Every task done: the one who finished the last keeps the dossier for the hand-over.
        taskAssigneeId = null;
        assigneeId = actor.id;
      }
    }
    const role = holdingRole(step, next);
    const nextState = taskState(step, next);
    // The finished task's due instant (its share from its start, else the step's due) and its grade.
    const finishedStart = open.task_started_at ?? open.started_at;
    const dueAt = op === 'take' ? null : await this.dueOf(c.dossier, taskDueBasis(task.share, finishedStart, open.due_at));
    await this.db.transaction().execute(async (tx) => {
      const moved = await this.repo.move(tx, {
        dossierId: c.dossier.id,
        expectedVersion: c.dossier.version,
        stepId: open.id,
        assigneeId,
        task: { position: next, name: nextState.kind === 'at' ? nextState.task.name : null, role, assigneeId: taskAssigneeId, startedAt },
        finished:
          op === 'take'
            ? undefined
            : { position: task.position, name: task.name, role: task.role, kind: task.kind, officerId: actor.id, startedAt: finishedStart, at: now, outcome: op === 'return' ? 'returned' : 'done', note, dueAt, result: gradeTask(now, dueAt) },
        event: this.event(actor, c, op, step, task.name, now),
      });
      if (!moved) throw changed(c, `task_${op}`);
      await this.audit.record(
        tx,
        actor,
        {
          action: `dossier.task_${op}`,
          targetType: 'dossier',
          targetId: c.dossier.id,
          agencyId: c.dossier.agency_id,
          summary: { code: c.dossier.code, step: open.position, task: task.position, taskName: task.name, nextTask: next, assigneeId, note },
        },
        actor.ip ?? null,
      );
    });
    return this.result(c, step, next, assigneeId);
  }

  /**
   * Reassigns the current task (or a step without tasks) to `assigneeId`, an active officer of the step's agency who
   * holds the role the step needs now. Only a department head or the agency leader (403 REASSIGN_FORBIDDEN). The
   * previous holder loses the dossier from their queue ("mine" follows dossiers.assignee_id). Audited.
   */
  async reassign(actor: Actor, c: TaskContext, input: TaskActInput & { assigneeId: string }, now: Date): Promise<TaskActResult> {
    if (!mayReassign(c.rolesOnStep)) throw new DomainError('REASSIGN_FORBIDDEN');
    const open = c.open;
    if (!open || !c.step) throw new DomainError('TASK_NONE');
    const step = c.step;
    const state = taskState(step, open.task_position);
    const role = holdingRole(step, open.task_position);
    const officer = isUuid(input.assigneeId) ? await this.repo.officerWithRole(this.db, input.assigneeId, open.agency_id, role) : undefined;
    if (!officer) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/assigneeId', code: 'REASSIGN_OFFICER_INVALID', params: { role } }]);
    this.checkVersion(c, input);
    const note = optionalText(input.note);
    const withTasks = state.kind !== 'none';
    await this.db.transaction().execute(async (tx) => {
      const moved = await this.repo.move(tx, {
        dossierId: c.dossier.id,
        expectedVersion: c.dossier.version,
        stepId: open.id,
        assigneeId: officer.id,
        ...(withTasks ? {} : { stepAssigneeId: officer.id }),
        task: withTasks
          ? { position: open.task_position, name: state.kind === 'at' ? state.task.name : null, role, assigneeId: state.kind === 'at' ? officer.id : null, startedAt: open.task_started_at }
          : { position: null, name: null, role: null, assigneeId: null, startedAt: null },
        event: this.event(actor, c, 'reassign', step, state.kind === 'at' ? state.task.name : null, now),
      });
      if (!moved) throw changed(c, 'reassign');
      await this.audit.record(
        tx,
        actor,
        {
          action: 'dossier.reassign',
          targetType: 'dossier',
          targetId: c.dossier.id,
          agencyId: c.dossier.agency_id,
          summary: { code: c.dossier.code, step: open.position, task: state.kind === 'at' ? state.task.position : null, from: open.task_assignee_id ?? open.assignee_id, to: officer.id, note, at: now.toISOString() },
        },
        actor.ip ?? null,
      );
    });
    return this.result(c, step, open.task_position, officer.id);
  }

  /** The tasks finished within the dossier's control-sheet rows (the control sheet shows them under their step). */
  tasksOf(dossierId: string): Promise<StepTaskRow[]> {
    return this.repo.tasksOf(this.db, dossierId);
  }

  /** The officers who may be given the dossier's current task (the reassignment form). */
  candidates(c: TaskContext): Promise<Array<{ id: string; full_name: string }>> {
    if (!c.open || !c.step) return Promise.resolve([]);
    return this.repo.officersWithRole(this.db, c.open.agency_id, holdingRole(c.step, c.open.task_position));
  }

  private checkVersion(c: TaskContext, input: TaskActInput): void {
    if (input.expectedVersion !== undefined && input.expectedVersion !== c.dossier.version) throw changed(c, 'task');
  }

  private result(c: TaskContext, step: WorkflowStep, position: number | null, assigneeId: string | null): TaskActResult {
    const state = taskState(step, position);
    return {
      id: c.dossier.id,
      version: c.dossier.version + 1,
      task: state.kind === 'at' ? { position: state.task.position, name: state.task.name, role: state.task.role, assignment: state.task.assignment, kind: state.task.kind } : null,
      assigneeId,
    };
  }
}

/** 409 DOSSIER_CHANGED: someone else acted on the dossier first. */
function changed(c: TaskContext, action: string): ActionConflict {
  return new ActionConflict('DOSSIER_CHANGED', action, c.dossier.status ?? 0, [], c.dossier.version);
}
