// The yearly PAR plan (kế hoạch cải cách hành chính) — pure rules: what a task needs, what a progress report does to
// a task, the completion figures by field and by owner department, and when a task's owners are reminded. No I/O,
// no clock: "today" is a Vietnam-time yyyy-mm-dd string given by the caller.
import type { FieldError } from '../../core/errors.ts';
import { isIsoDate } from '../../core/time.ts';
import type { ParPlanTaskStatus } from '../../db/schema.ts';

export const MAX_TITLE = 500;
export const MAX_OUTPUT = 2000;
export const MAX_NOTE = 4000;
/** Owners are reminded this many working days before a deadline (the service turns it into a day on the agency's calendar). */
export const REMIND_WORKING_DAYS = 5;

export interface TaskInput {
  fieldCode: string;
  title: string;
  ownerDepartmentId: string;
  deadline: string;
  expectedOutput: string;
  evidenceRequired: boolean;
}

/**
 * The problems of a new task: a field of the plan's criteria set, a title, an owner department of the agency and a
 * deadline (a real date inside the plan's year). Each problem names its field.
 */
export function taskProblems(input: TaskInput, ctx: { year: number; fieldCodes: readonly string[]; departmentIds: readonly string[] }): FieldError[] {
  const out: FieldError[] = [];
  if (!input.fieldCode) out.push({ path: '/fieldCode', code: 'required' });
  else if (!ctx.fieldCodes.includes(input.fieldCode)) out.push({ path: '/fieldCode', code: 'PARPLAN_FIELD_UNKNOWN' });
  const title = input.title.trim();
  if (!title) out.push({ path: '/title', code: 'required' });
  else if (title.length > MAX_TITLE) out.push({ path: '/title', code: 'maxLength', params: { limit: MAX_TITLE } });
  if (!input.ownerDepartmentId) out.push({ path: '/ownerDepartmentId', code: 'PARPLAN_OWNER_REQUIRED' });
  else if (!ctx.departmentIds.includes(input.ownerDepartmentId)) out.push({ path: '/ownerDepartmentId', code: 'PARPLAN_OWNER_UNKNOWN' });
  if (!input.deadline) out.push({ path: '/deadline', code: 'PARPLAN_DEADLINE_REQUIRED' });
  else if (!isIsoDate(input.deadline)) out.push({ path: '/deadline', code: 'format', params: { format: 'dd/mm/yyyy' } });
  else if (Number(input.deadline.slice(0, 4)) !== ctx.year) out.push({ path: '/deadline', code: 'PARPLAN_DEADLINE_OUTSIDE_YEAR', params: { year: ctx.year } });
  if (input.expectedOutput.length > MAX_OUTPUT) out.push({ path: '/expectedOutput', code: 'maxLength', params: { limit: MAX_OUTPUT } });
  return out;
}

export interface TaskState {
  status: ParPlanTaskStatus;
  progress: number;
  evidenceRequired: boolean;
  /** An earlier report carried an evidence file. */
  hasEvidence: boolean;
}

export interface ReportInput {
  progress: number;
  note: string;
  withFile: boolean;
}

export type ReportOutcome =
  | { ok: true; status: ParPlanTaskStatus; progress: number; completes: boolean }
  | { ok: false; errors: FieldError[] };

/**
 * A progress report on a task: progress 0–100 in whole percent; 100 completes the task, and then evidence is needed
 * when the task requires it (this report's file or an earlier one). A task that is done or cancelled takes no report.
 */
export function applyReport(task: TaskState, input: ReportInput): ReportOutcome {
  const errors: FieldError[] = [];
  if (task.status !== 'open') return { ok: false, errors: [{ path: '/progress', code: 'PARPLAN_TASK_CLOSED', params: { status: task.status } }] };
  if (!Number.isInteger(input.progress) || input.progress < 0 || input.progress > 100) errors.push({ path: '/progress', code: 'PARPLAN_PROGRESS_RANGE' });
  if (input.note.length > MAX_NOTE) errors.push({ path: '/note', code: 'maxLength', params: { limit: MAX_NOTE } });
  if (!input.note.trim() && !input.withFile) errors.push({ path: '/note', code: 'PARPLAN_REPORT_EMPTY' });
  if (errors.length === 0 && input.progress === 100 && task.evidenceRequired && !task.hasEvidence && !input.withFile) {
    errors.push({ path: '/file', code: 'PARPLAN_EVIDENCE_REQUIRED' });
  }
  if (errors.length) return { ok: false, errors };
  const completes = input.progress === 100;
  return { ok: true, status: completes ? 'done' : 'open', progress: input.progress, completes };
}

export interface TaskFacts {
  fieldCode: string;
  ownerDepartmentId: string;
  deadline: string;
  status: ParPlanTaskStatus;
  progress: number;
  /** The Vietnam-time day the task was completed (yyyy-mm-dd), when done. */
  completedDay: string | null;
}

export interface Completion {
  /** Tasks counted (cancelled ones are not). */
  total: number;
  done: number;
  /** Done on or before the deadline. */
  onTime: number;
  /** Open past the deadline. */
  overdue: number;
  /** done / total in percent, 2 decimals; null without tasks. */
  rate: number | null;
  /** The mean progress of the counted tasks, whole percent; null without tasks. */
  meanProgress: number | null;
}

function percent(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 10000) / 100 : null;
}

export function completionOf(tasks: readonly TaskFacts[], today: string): Completion {
  const counted = tasks.filter((t) => t.status !== 'cancelled');
  const done = counted.filter((t) => t.status === 'done');
  const onTime = done.filter((t) => t.completedDay !== null && t.completedDay <= t.deadline).length;
  const overdue = counted.filter((t) => t.status === 'open' && t.deadline < today).length;
  const progress = counted.reduce((sum, t) => sum + (t.status === 'done' ? 100 : t.progress), 0);
  return {
    total: counted.length,
    done: done.length,
    onTime,
    overdue,
    rate: percent(done.length, counted.length),
    meanProgress: counted.length ? Math.round(progress / counted.length) : null,
  };
}

/** Completion of the whole plan, by field (in the given field order) and by owner department. */
export function planCompletion(
  tasks: readonly TaskFacts[],
  today: string,
  fieldCodes: readonly string[],
): { plan: Completion; byField: Map<string, Completion>; byDepartment: Map<string, Completion> } {
  const byField = new Map<string, Completion>();
  for (const code of fieldCodes) byField.set(code, completionOf(tasks.filter((t) => t.fieldCode === code), today));
  const departments = [...new Set(tasks.map((t) => t.ownerDepartmentId))];
  const byDepartment = new Map(departments.map((d) => [d, completionOf(tasks.filter((t) => t.ownerDepartmentId === d), today)] as const));
  return { plan: completionOf(tasks, today), byField, byDepartment };
}

export interface ReminderFacts {
  status: ParPlanTaskStatus;
  deadline: string;
  remindedAt: Date | null;
  overdueAt: Date | null;
}

/**
 * Which notice a task's owners get now, if any: "overdue" once when the deadline has passed, else "soon" once when the
 * deadline is on or before `soonDay` (REMIND_WORKING_DAYS working days ahead). Done and cancelled tasks get none.
 */
export function reminderKind(task: ReminderFacts, today: string, soonDay: string): 'soon' | 'overdue' | null {
  if (task.status !== 'open') return null;
  if (task.deadline < today) return task.overdueAt ? null : 'overdue';
  if (task.deadline <= soonDay && !task.remindedAt) return 'soon';
  return null;
}
