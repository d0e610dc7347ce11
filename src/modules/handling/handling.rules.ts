// Pure rules of the one-stop back office: the state machine over the national status codes (domain guide §3),
// who may perform which action, timeliness, step grading, apology rules, supplement lists, workflow budgets and
// the default workflow template. No I/O, no clock: callers pass `now`.
import { vietnamDayNumber } from '../../core/time.ts';
import { DomainError, type FieldError } from '../../core/errors.ts';
import type { DossierStatus, Role, TaskAssignment, TaskKind, TimeLimitUnit, Timeliness, WorkflowRole } from '../../db/schema.ts';
import { IN_PROGRESS_STATUSES, statusLabel, WITHDRAWABLE_STATUSES } from '../kernel/dossier.ts';
import { statutoryCalendarLimit, type CalendarLimit } from '../kernel/time-limit.ts';
import './handling.errors.ts';
import type { AgencyRule } from './handling.routing.ts';

export const ACTIONS = [
  'accept',
  'request_supplement',
  'refuse',
  'forward',
  'send_back',
  'request_payment',
  'resume',
  'respond_supplement',
  'apologise',
  'stop',
  'record_result',
  'return_result',
  'withdraw',
] as const;
export type HandlingAction = (typeof ACTIONS)[number];

export function isAction(value: string): value is HandlingAction {
  return (ACTIONS as readonly string[]).includes(value);
}

/**
 * The order an officer meets the actions in: the one that moves the dossier on first (the leader's "record the
 * result", the receptionist's "accept", the specialist's "forward"), then the detours, the refusals last.
 */
const ACTION_LIKELIHOOD: readonly HandlingAction[] = [
  'record_result',
  'return_result',
  'accept',
  'forward',
  'resume',
  'respond_supplement',
  'request_payment',
  'request_supplement',
  'send_back',
  'apologise',
  'withdraw',
  'refuse',
  'stop',
];

/** The actions in the order of `ACTION_LIKELIHOOD` (the most likely first). */
export function sortActions<T extends HandlingAction>(actions: readonly T[]): T[] {
  return [...actions].sort((a, b) => ACTION_LIKELIHOOD.indexOf(a) - ACTION_LIKELIHOOD.indexOf(b));
}

/** Actions a workflow step may list (everything an officer does; the applicant's answer is not a step action). */
export const STEP_ACTIONS: readonly HandlingAction[] = ACTIONS.filter((a) => a !== 'respond_supplement');

export const HANDLING_ROLES: readonly WorkflowRole[] = ['receptionist', 'specialist', 'department_head', 'agency_leader'];

export function isWorkflowRole(value: string): value is WorkflowRole {
  return (HANDLING_ROLES as readonly string[]).includes(value);
}

export const ALL_STATUSES: readonly DossierStatus[] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

/** Statuses in which each action may start (domain guide §3). */
export const FROM_STATUSES: Record<HandlingAction, readonly DossierStatus[]> = {
  accept: [1],
  request_supplement: [1, 2, 4],
  refuse: [1],
  forward: [2, 4],
  send_back: [4],
  request_payment: [2, 4],
  resume: [5, 6],
  respond_supplement: [5],
  apologise: [2, 4, 5, 6],
  stop: [2, 4, 5, 6],
  record_result: [4],
  return_result: [9],
  withdraw: WITHDRAWABLE_STATUSES,
};

/** Statuses in which the statutory clock is paused (the applicant owes something). */
export const PAUSED_STATUSES: readonly DossierStatus[] = [5, 6];
/** Statuses of a dossier still being handled (counted in queues and reminders). */
export const ACTIVE_STATUSES: readonly DossierStatus[] = [1, 2, 4, 5, 6, 9];
/** Statuses in which the legal deadline runs or is paused (the dossier kernel's, re-exported for the back office). */
export { IN_PROGRESS_STATUSES };

/** Actions the status itself permits (whoever acts). */
export function actionsInStatus(status: DossierStatus): HandlingAction[] {
  return ACTIONS.filter((a) => FROM_STATUSES[a].includes(status));
}

function actionList(actions: readonly string[]): string {
  return actions.length ? actions.join(', ') : '—';
}

/** The 409 of an action the current status does not permit; `allowed` is listed in the problem. */
export class ActionConflict extends DomainError {
  constructor(
    code: 'ACTION_NOT_ALLOWED' | 'DOSSIER_CHANGED' | 'ACTION_FORBIDDEN',
    readonly action: string,
    readonly currentStatus: number,
    readonly allowedActions: readonly string[],
    readonly currentVersion?: number,
  ) {
    super(code, { action, status: currentStatus, statusLabel: statusLabel(currentStatus), allowed: actionList(allowedActions) });
  }
}

/**
 * The status after `action` from `status`. Resuming (and the applicant's supplement) returns to "being processed"
 * (4) once the dossier was received, else to "newly registered" (1). Throws ACTION_NOT_ALLOWED (409) listing the
 * actions the status permits.
 */
export function nextStatus(status: DossierStatus, action: HandlingAction, options: { received: boolean }): DossierStatus {
  if (!FROM_STATUSES[action].includes(status)) throw new ActionConflict('ACTION_NOT_ALLOWED', action, status, actionsInStatus(status));
  switch (action) {
    case 'accept':
      return 2;
    case 'request_supplement':
      return 5;
    case 'refuse':
      return 3;
    case 'forward':
    case 'send_back':
      return 4;
    case 'request_payment':
      return 6;
    case 'resume':
    case 'respond_supplement':
      return options.received ? 4 : 1;
    case 'apologise':
      return status;
    case 'stop':
      return 8;
    case 'record_result':
      return 9;
    case 'return_result':
      return 10;
    case 'withdraw':
      return 7;
  }
}

/** Statuses that end processing (finished_at is set when a dossier enters them). */
export function isFinishing(status: DossierStatus): boolean {
  return status === 3 || status === 7 || status === 8 || status === 9;
}

// ---------------------------------------------------------------------------------------------
// Who may act
// ---------------------------------------------------------------------------------------------

export interface StepState {
  position: number;
  name: string;
  role: WorkflowRole;
  /** Officer actions the workflow allows at this step. */
  actions: readonly HandlingAction[];
}

export interface DossierState {
  status: DossierStatus;
  /** received_at is set (accepted at reception). */
  received: boolean;
  /** The open workflow step (control-sheet row), if any. */
  step: StepState | null;
  /** A following step (not the result-return step) exists to forward to. */
  hasNextStep: boolean;
  /** An earlier step exists to send back to. */
  hasPreviousStep: boolean;
  /** The step's task not yet done, which holds back its hand-over (forward, record_result); absent: none. */
  pendingTask?: { name: string } | null | undefined;
}

export type Who =
  | { kind: 'applicant'; own: boolean }
  | {
      kind: 'officer';
      /** Handling roles the officer holds on the dossier's agency (its subtree). */
      rolesOnAgency: readonly Role[];
      /** Handling roles the officer holds on the agency of the current step (inter-agency steps). */
      rolesOnStep: readonly Role[];
    };

function stepPermits(state: DossierState, who: Extract<Who, { kind: 'officer' }>, action: HandlingAction): boolean {
  return !!state.step && state.step.actions.includes(action) && who.rolesOnStep.includes(state.step.role);
}

/** May `who` perform `action` on the dossier (ignoring the status; see allowedActions)? */
export function mayAct(state: DossierState, who: Who, action: HandlingAction): boolean {
  if (who.kind === 'applicant') {
    if (!who.own) return false;
    return action === 'withdraw' || action === 'respond_supplement';
  }
  const receptionist = who.rolesOnAgency.includes('receptionist');
  const leader = who.rolesOnAgency.includes('agency_leader');
  switch (action) {
    case 'respond_supplement':
      return false;
    case 'accept':
    case 'refuse':
      return receptionist;
    case 'request_supplement':
      return state.status === 1 ? receptionist : stepPermits(state, who, action);
    case 'forward':
      return state.hasNextStep && stepPermits(state, who, action);
    case 'send_back':
      return state.hasPreviousStep && stepPermits(state, who, action);
    case 'request_payment':
    case 'record_result':
      return stepPermits(state, who, action);
    case 'resume':
      // The holder of the current step (or the reception) confirms the applicant's answer or payment.
      return receptionist || (!!state.step && who.rolesOnStep.includes(state.step.role));
    case 'apologise':
    case 'stop':
      return leader || stepPermits(state, who, action);
    case 'return_result':
      return receptionist || stepPermits(state, who, action);
    case 'withdraw':
      // An officer records the applicant's request to withdraw.
      return receptionist || stepPermits(state, who, action);
  }
}

/** The actions `who` may perform now: permitted by the status and by who they are. */
export function allowedActions(state: DossierState, who: Who): HandlingAction[] {
  return actionsInStatus(state.status).filter((a) => mayAct(state, who, a) && !(state.pendingTask && TASK_GATED_ACTIONS.includes(a)));
}

/**
 * Checks the action against the status (409 ACTION_NOT_ALLOWED) and against who acts (403 ACTION_FORBIDDEN);
 * both list what `who` may do now. Returns the next status.
 */
export function decide(state: DossierState, who: Who, action: HandlingAction): DossierStatus {
  const allowed = allowedActions(state, who);
  if (!FROM_STATUSES[action].includes(state.status)) throw new ActionConflict('ACTION_NOT_ALLOWED', action, state.status, allowed);
  if (!mayAct(state, who, action)) throw new ActionConflict('ACTION_FORBIDDEN', action, state.status, allowed);
  if (state.pendingTask && TASK_GATED_ACTIONS.includes(action)) throw new DomainError('TASKS_NOT_DONE', { step: state.step?.name ?? '', task: state.pendingTask.name });
  return nextStatus(state.status, action, { received: state.received });
}

// ---------------------------------------------------------------------------------------------
// Time: timeliness, grading, due categories, apology
// ---------------------------------------------------------------------------------------------

/**
 * Result category of a dossier (domain guide §4): finished on a Vietnamese calendar day before the due day →
 * early, on the due day → on_time, after it → late.
 */
export function timeliness(finishedAt: Date, dueAt: Date): Timeliness {
  const finished = vietnamDayNumber(finishedAt);
  const due = vietnamDayNumber(dueAt);
  return finished < due ? 'early' : finished === due ? 'on_time' : 'late';
}

/**
 * Grade of a control-sheet row against its budget: after the due instant → late (budgets may be in hours),
 * else a day before the due day → early, else on_time. No budget: null.
 */
export function gradeStep(finishedAt: Date, dueAt: Date | null): Timeliness | null {
  if (!dueAt) return null;
  if (finishedAt.getTime() > dueAt.getTime()) return 'late';
  return vietnamDayNumber(finishedAt) < vietnamDayNumber(dueAt) ? 'early' : 'on_time';
}

export type DueCategory = 'overdue' | 'today' | 'soon' | 'later';

/** Queue category of a deadline at `now`: passed, today (Vietnam), by `soonLimit` (2 working days), or later. */
export function dueCategory(dueAt: Date | null, now: Date, soonLimit: Date): DueCategory | null {
  if (!dueAt) return null;
  if (dueAt.getTime() < now.getTime()) return 'overdue';
  if (vietnamDayNumber(dueAt) === vietnamDayNumber(now)) return 'today';
  if (dueAt.getTime() <= soonLimit.getTime()) return 'soon';
  return 'later';
}

/**
 * Apology (form 04): issued before the current appointment (or, without one, the due instant), with a reason and
 * a new appointment after the current one. Throws APOLOGY_TOO_LATE (409) or VALIDATION_FAILED (422).
 */
export function checkApology(
  input: { reason: string | null | undefined; newAppointment: Date | null },
  current: { appointmentAt: Date | null; dueAt: Date | null },
  now: Date,
  formatInstant: (d: Date) => string = (d) => d.toISOString(),
): void {
  const errors: FieldError[] = [];
  if (!input.reason?.trim()) errors.push({ path: '/reason', code: 'required' });
  const appointment = current.appointmentAt ?? current.dueAt;
  if (!input.newAppointment) errors.push({ path: '/newAppointment', code: 'required' });
  else if (appointment && input.newAppointment.getTime() <= appointment.getTime()) {
    errors.push({ path: '/newAppointment', code: 'APOLOGY_DATE_NOT_LATER', params: { appointment: formatInstant(appointment) } });
  }
  if (appointment && now.getTime() >= appointment.getTime()) throw new DomainError('APOLOGY_TOO_LATE', { appointment: formatInstant(appointment) });
  if (errors.length) throw new DomainError('VALIDATION_FAILED', undefined, errors);
}

/** The consolidated list of missing items: trimmed, without blanks or repeats; at least one (422). */
export function supplementItems(items: readonly unknown[] | null | undefined): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const item of items ?? []) {
    if (typeof item !== 'string') continue;
    const text = item.normalize('NFC').trim().replace(/\s+/g, ' ');
    if (!text || seen.has(text.toLowerCase())) continue;
    seen.add(text.toLowerCase());
    out.push(text);
  }
  if (!out.length) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/items', code: 'SUPPLEMENT_ITEMS_REQUIRED' }]);
  return out;
}

/** A required free text (reason, reasons): trimmed, 422 at `path` when empty. */
export function requiredText(value: string | null | undefined, path: string): string {
  const text = (value ?? '').normalize('NFC').trim();
  if (!text) throw new DomainError('VALIDATION_FAILED', undefined, [{ path, code: 'required' }]);
  return text;
}

// ---------------------------------------------------------------------------------------------
// Time limits, budgets and workflows
// ---------------------------------------------------------------------------------------------

/** Working hours of a default working day (08:00–17:00 with a lunch hour): converts hours to days. */
export const HOURS_PER_WORKING_DAY = 8;

export interface Budget {
  value: number;
  unit: TimeLimitUnit;
}

/** A limit as the calendar's `due` input (same-day procedures: 0 working days, the cut-off rule applies). */
export function calendarLimit(limit: Budget & { sameDay?: boolean }): CalendarLimit {
  // A step's budget always has a value: only a procedure's limit can be "none" (kernel/time-limit.ts).
  return statutoryCalendarLimit({ value: limit.value, unit: limit.unit, sameDay: limit.sameDay, none: false }) ?? { workingDays: 0 };
}

/** A budget in working days (half-day = 1/2, hour = 1/8). */
export function inWorkingDays(budget: Budget): number {
  return budget.unit === 'working_days' ? budget.value : budget.unit === 'half_days' ? budget.value / 2 : budget.value / HOURS_PER_WORKING_DAY;
}

export interface WorkflowStep {
  position: number;
  name: string;
  role: WorkflowRole;
  /** null: the dossier's agency; otherwise an inter-agency step. */
  agencyId: string | null;
  departmentId: string | null;
  budget: Budget;
  actions: HandlingAction[];
  /** The step's ordered tasks (issue 15); absent or empty: one implicit task with the step's role. */
  tasks?: WorkflowTask[] | undefined;
  /** Liên thông decided by the dossier (migration 0042, handling.routing.ts); absent: fixed (agencyId). */
  agencyRule?: AgencyRule | undefined;
}

export const TASK_ASSIGNMENTS: readonly TaskAssignment[] = ['single_user', 'any_of_role'];
export const TASK_KINDS: readonly TaskKind[] = ['handle', 'review', 'approve'];
/** At most this many tasks in one step. */
export const MAX_TASKS = 20;

/**
 * One task of a step: who does it (a role; one named officer or any officer of the role), what it is (handle;
 * review and approve may send the task back to the previous one), and its optional share of the step's budget.
 */
export interface WorkflowTask {
  /** 1, 2, 3, … within the step. */
  position: number;
  name: string;
  role: WorkflowRole;
  assignment: TaskAssignment;
  kind: TaskKind;
  share: Budget | null;
}

export interface WorkflowTaskInput {
  name?: unknown;
  role?: unknown;
  assignment?: unknown;
  kind?: unknown;
  share?: { value?: unknown; unit?: unknown } | null | undefined;
}

export interface WorkflowStepInput {
  name?: unknown;
  role?: unknown;
  budget?: { value?: unknown; unit?: unknown } | null;
  actions?: unknown;
  tasks?: unknown;
}

export interface BudgetWarning {
  sumWorkingDays: number;
  limitWorkingDays: number;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/**
 * Checks a workflow's steps (every problem at once, at `/steps/{i}/…`): a name, a handling role, a budget that
 * is a non-negative finite number in a known unit, known actions. Also compares the sum of the budgets with the
 * legal time limit: a difference is a warning, not an error.
 */
export function checkWorkflow(steps: readonly WorkflowStepInput[], limit: Budget & { sameDay?: boolean; none?: boolean }): { errors: FieldError[]; warning: BudgetWarning | null } {
  const errors: FieldError[] = [];
  if (!steps.length) errors.push({ path: '/steps', code: 'WORKFLOW_STEPS_REQUIRED' });
  let sum = 0;
  let sumKnown = true;
  steps.forEach((step, i) => {
    const at = (field: string) => `/steps/${i}/${field}`;
    if (typeof step.name !== 'string' || !step.name.trim()) errors.push({ path: at('name'), code: 'required' });
    else if (step.name.trim().length > 300) errors.push({ path: at('name'), code: 'maxLength', params: { limit: 300 } });
    if (typeof step.role !== 'string' || !isWorkflowRole(step.role)) errors.push({ path: at('role'), code: 'WORKFLOW_ROLE_INVALID' });
    const value = step.budget?.value;
    const unit = step.budget?.unit;
    const validValue = typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 10_000;
    if (!validValue) errors.push({ path: at('budget/value'), code: 'WORKFLOW_BUDGET_INVALID' });
    const validUnit = unit === 'working_days' || unit === 'half_days' || unit === 'hours';
    if (!validUnit) errors.push({ path: at('budget/unit'), code: 'WORKFLOW_UNIT_INVALID' });
    if (validValue && validUnit) sum += inWorkingDays({ value: value as number, unit: unit as TimeLimitUnit });
    else sumKnown = false;
    if (!Array.isArray(step.actions)) errors.push({ path: at('actions'), code: 'type', params: { type: 'array' } });
    else {
      for (const action of step.actions) {
        if (typeof action !== 'string' || !(STEP_ACTIONS as readonly string[]).includes(action)) {
          errors.push({ path: at('actions'), code: 'WORKFLOW_ACTION_INVALID', params: { action: String(action) } });
        }
      }
    }
    errors.push(...checkTasks(step.tasks, `/steps/${i}`, validValue && validUnit ? inWorkingDays({ value: value as number, unit: unit as TimeLimitUnit }) : null));
  });
  const limitDays = limit.sameDay ? 0 : inWorkingDays(limit);
  // No statutory limit: the budgets have nothing to add up to.
  const warning = !limit.none && sumKnown && steps.length && Math.abs(sum - limitDays) > 1e-9 ? { sumWorkingDays: round(sum), limitWorkingDays: round(limitDays) } : null;
  return { errors, warning };
}

/**
 * Checks a step's tasks (absent or null: none), every problem at `{at}/tasks/{j}/…`: a name, a handling role, an
 * assignment, a kind (a review or approval is never the first task: it sends back to the one before), a share
 * that is a valid budget; the shares together may not exceed the step's budget (`stepDays`, null when unknown).
 */
export function checkTasks(tasks: unknown, at: string, stepDays: number | null): FieldError[] {
  const errors: FieldError[] = [];
  if (tasks === undefined || tasks === null) return errors;
  if (!Array.isArray(tasks)) return [{ path: `${at}/tasks`, code: 'type', params: { type: 'array' } }];
  if (tasks.length > MAX_TASKS) errors.push({ path: `${at}/tasks`, code: 'WORKFLOW_TASKS_TOO_MANY', params: { limit: MAX_TASKS } });
  let shares = 0;
  (tasks as unknown[]).forEach((raw, j) => {
    const path = (field: string) => `${at}/tasks/${j}/${field}`;
    const task = (raw && typeof raw === 'object' ? raw : {}) as WorkflowTaskInput;
    if (typeof task.name !== 'string' || !task.name.trim()) errors.push({ path: path('name'), code: 'required' });
    else if (task.name.trim().length > 300) errors.push({ path: path('name'), code: 'maxLength', params: { limit: 300 } });
    if (typeof task.role !== 'string' || !isWorkflowRole(task.role)) errors.push({ path: path('role'), code: 'WORKFLOW_ROLE_INVALID' });
    if (typeof task.assignment !== 'string' || !(TASK_ASSIGNMENTS as readonly string[]).includes(task.assignment)) errors.push({ path: path('assignment'), code: 'WORKFLOW_TASK_ASSIGNMENT_INVALID' });
    if (typeof task.kind !== 'string' || !(TASK_KINDS as readonly string[]).includes(task.kind)) errors.push({ path: path('kind'), code: 'WORKFLOW_TASK_KIND_INVALID' });
    else if (j === 0 && task.kind !== 'handle') errors.push({ path: path('kind'), code: 'WORKFLOW_TASK_REVIEW_FIRST' });
    if (task.share !== undefined && task.share !== null) {
      const value = task.share.value;
      const unit = task.share.unit;
      const validValue = typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 10_000;
      const validUnit = unit === 'working_days' || unit === 'half_days' || unit === 'hours';
      if (!validValue) errors.push({ path: path('share/value'), code: 'WORKFLOW_BUDGET_INVALID' });
      if (!validUnit) errors.push({ path: path('share/unit'), code: 'WORKFLOW_UNIT_INVALID' });
      if (validValue && validUnit) shares += inWorkingDays({ value: value as number, unit: unit as TimeLimitUnit });
    }
  });
  if (stepDays !== null && shares > stepDays + 1e-9) errors.push({ path: `${at}/tasks`, code: 'WORKFLOW_TASK_SHARES_EXCEED_STEP', params: { sum: round(shares), limit: round(stepDays) } });
  return errors;
}

// ---------------------------------------------------------------------------------------------
// Tasks at run time (issue 15): the open control-sheet row's `task_position` — null: the step has no tasks;
// 1..n: the current task; n + 1: every task done (the step may be handed over).
// ---------------------------------------------------------------------------------------------

export type TaskState = { kind: 'none' } | { kind: 'at'; task: WorkflowTask; last: boolean } | { kind: 'done' };

/** Where a step is in its tasks. */
export function taskState(step: Pick<WorkflowStep, 'tasks'> | null | undefined, taskPosition: number | null | undefined): TaskState {
  const tasks = step?.tasks ?? [];
  if (!tasks.length || taskPosition === null || taskPosition === undefined) return { kind: 'none' };
  const task = tasks.find((t) => t.position === taskPosition);
  if (!task) return { kind: 'done' };
  return { kind: 'at', task, last: task.position === tasks[tasks.length - 1]!.position };
}

/** The task position a newly opened row starts at: the first task, or null without tasks. */
export function firstTaskPosition(step: Pick<WorkflowStep, 'tasks'> | null | undefined): number | null {
  return step?.tasks?.length ? step.tasks[0]!.position : null;
}

/** The role holding the step now: the current task's, the last task's once all are done, else the step's. */
export function holdingRole(step: Pick<WorkflowStep, 'role' | 'tasks'>, taskPosition: number | null | undefined): WorkflowRole {
  const state = taskState(step, taskPosition);
  if (state.kind === 'at') return state.task.role;
  if (state.kind === 'done') return step.tasks![step.tasks!.length - 1]!.role;
  return step.role;
}

/** Ending the step (forward, record_result) waits for its last task. */
export const TASK_GATED_ACTIONS: readonly HandlingAction[] = ['forward', 'record_result'];

/** The task that still blocks the step's hand-over, or null (no tasks, or all done). */
export function blockingTask(step: Pick<WorkflowStep, 'tasks'> | null | undefined, taskPosition: number | null | undefined): WorkflowTask | null {
  const state = taskState(step, taskPosition);
  return state.kind === 'at' ? state.task : null;
}

export type TaskOperation = 'complete' | 'return' | 'take';

/**
 * May the officer perform `op` on the step's current task? `complete`: an officer of the task's role; a single-user
 * task only by its assignee (403 TASK_ASSIGNEE_ONLY), and only once it has one (409 TASK_NOT_TAKEN). `return`
 * (a review or approval sends the task back to the previous one): the same, on a review or approval that has a task
 * before it. `take` (a single-user task nobody holds): an officer of the role. Answers the task; throws otherwise.
 */
export function decideTask(
  op: TaskOperation,
  step: Pick<WorkflowStep, 'tasks'> | null | undefined,
  current: { taskPosition: number | null; assigneeId: string | null },
  officer: { id: string; rolesOnStep: readonly Role[] },
): WorkflowTask {
  const state = taskState(step, current.taskPosition);
  if (state.kind !== 'at') throw new DomainError('TASK_NONE');
  const task = state.task;
  if (!officer.rolesOnStep.includes(task.role)) throw new DomainError('TASK_ROLE_FORBIDDEN', { role: task.role });
  if (op === 'take') {
    if (current.assigneeId) throw new DomainError('TASK_ALREADY_TAKEN');
    return task;
  }
  if (task.assignment === 'single_user') {
    if (!current.assigneeId) throw new DomainError('TASK_NOT_TAKEN');
    if (current.assigneeId !== officer.id) throw new DomainError('TASK_ASSIGNEE_ONLY');
  }
  if (op === 'return') {
    if (task.kind === 'handle') throw new DomainError('TASK_NOT_REVIEW');
    if (!step!.tasks!.some((t) => t.position < task.position)) throw new DomainError('TASK_NO_PREVIOUS');
  }
  return task;
}

/** The task position after `op` on `task`: the next task (n + 1 after the last: done), or the previous one. */
export function taskAfter(step: Pick<WorkflowStep, 'tasks'>, task: WorkflowTask, op: 'complete' | 'return'): number {
  const tasks = step.tasks ?? [];
  if (op === 'return') return Math.max(...tasks.filter((t) => t.position < task.position).map((t) => t.position));
  const next = tasks.find((t) => t.position > task.position);
  return next ? next.position : task.position + 1;
}

/** May the officer reassign the current task (or the step)? A department head or the agency leader of the agency. */
export function mayReassign(rolesOnStep: readonly Role[]): boolean {
  return rolesOnStep.includes('department_head') || rolesOnStep.includes('agency_leader');
}

/** The step a forward goes to by default: the next position, unless it is the result-return step. */
export function nextStepOf<S extends Pick<WorkflowStep, 'position' | 'actions'>>(steps: readonly S[], position: number): S | null {
  const next = steps.find((s) => s.position === position + 1);
  return next && !isReturnStep(next) ? next : null;
}

/** A result-return step: it lists return_result (entered by record_result, ended by return_result). */
export function isReturnStep(step: Pick<WorkflowStep, 'actions'>): boolean {
  return step.actions.includes('return_result');
}

/** The result-return step after `position`, if the workflow has one. */
export function returnStepAfter(steps: readonly WorkflowStep[], position: number): WorkflowStep | null {
  return steps.find((s) => s.position > position && isReturnStep(s)) ?? null;
}

const DEFAULT_STEPS: ReadonlyArray<{ name: string; role: WorkflowRole; weight: number; actions: HandlingAction[] }> = [
  { name: 'Tiếp nhận hồ sơ (Bộ phận Một cửa)', role: 'receptionist', weight: 0.1, actions: ['forward', 'request_supplement', 'request_payment', 'withdraw'] },
  { name: 'Chuyên viên phòng chuyên môn thẩm định, xử lý', role: 'specialist', weight: 0.5, actions: ['forward', 'send_back', 'request_supplement', 'request_payment', 'apologise', 'stop', 'withdraw'] },
  { name: 'Lãnh đạo phòng xem xét', role: 'department_head', weight: 0.15, actions: ['forward', 'send_back', 'apologise', 'stop'] },
  { name: 'Lãnh đạo cơ quan phê duyệt, ký', role: 'agency_leader', weight: 0.15, actions: ['send_back', 'record_result', 'apologise', 'stop'] },
  { name: 'Trả kết quả (Bộ phận Một cửa)', role: 'receptionist', weight: 0.1, actions: ['return_result', 'withdraw'] },
];

/**
 * The default workflow template (reception → handling department specialist → department head → agency leader →
 * result return) with the legal time limit shared out by weight (largest remainder, in half-days for limits in
 * days, in quarter hours for limits in hours), so the budgets add up to the limit exactly.
 */
export function defaultWorkflow(limit: Budget & { sameDay?: boolean }): WorkflowStep[] {
  const byHalfDays = limit.unit !== 'hours';
  const tickUnit: TimeLimitUnit = byHalfDays ? 'half_days' : 'hours';
  const tickValue = byHalfDays ? 1 : 0.25;
  const total = limit.sameDay ? 0 : Math.max(0, Math.round((byHalfDays ? inWorkingDays(limit) * 2 : limit.value) / tickValue));
  const shares = DEFAULT_STEPS.map((s) => s.weight * total);
  const ticks = shares.map(Math.floor);
  let left = total - ticks.reduce((a, b) => a + b, 0);
  const order = shares.map((s, i) => ({ i, r: s - Math.floor(s) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    ticks[i]! += 1;
    left--;
  }
  return DEFAULT_STEPS.map((s, i) => ({
    position: i + 1,
    name: s.name,
    role: s.role,
    agencyId: null,
    departmentId: null,
    budget: { value: ticks[i]! * tickValue, unit: tickUnit },
    actions: [...s.actions],
  }));
}
