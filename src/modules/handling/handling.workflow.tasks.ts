// The tasks of a step in the workflow editor (issue 15; handling.workflow.pages.ts, views/_workflow-step-tasks.njk):
// the form fields "steps.{i}.tasks.{j}.name|role|assignment|kind|share.value|share.unit" (their number in
// "steps.{i}.taskCount"), the service input they make, and the buttons "addTask:{i}" and "removeTask:{i}:{j}" that
// re-render the form with a task more or less. No JavaScript, no JSON.
import type { FormBody } from '../../http/form-page.ts';
import { MAX_TASKS, type WorkflowTask } from './handling.rules.ts';

/** One task as the form shows it: every value a string, as typed. */
export interface TaskForm {
  name: string;
  role: string;
  assignment: string;
  kind: string;
  /** '' = no share of the step's budget. */
  shareValue: string;
  shareUnit: string;
}

function field(body: FormBody, name: string): string {
  const value = body?.[name];
  const last = Array.isArray(value) ? value[value.length - 1] : value;
  return typeof last === 'string' ? last.slice(0, 1000) : '';
}

/** The tasks of step `i` of a submitted form. */
export function tasksFromBody(body: FormBody, i: number): TaskForm[] {
  const raw = field(body, `steps.${i}.taskCount`);
  const count = /^\d{1,3}$/.test(raw) ? Math.min(Number(raw), MAX_TASKS) : 0;
  return Array.from({ length: count }, (_, j) => {
    const at = (name: string) => `steps.${i}.tasks.${j}.${name}`;
    return {
      name: field(body, at('name')),
      role: field(body, at('role')),
      assignment: field(body, at('assignment')),
      kind: field(body, at('kind')),
      shareValue: field(body, at('share.value')).trim(),
      shareUnit: field(body, at('share.unit')),
    };
  });
}

/** "1,5" or "1.5" → 1.5; anything else stays text (the service refuses it). */
function number(text: string): unknown {
  const value = text.trim().replace(',', '.');
  return /^-?\d{1,6}(\.\d{1,3})?$/.test(value) ? Number(value) : text;
}

/** The service input of a step's task forms (none: undefined, the step has no tasks). */
export function tasksInput(tasks: readonly TaskForm[] | undefined): unknown[] | undefined {
  if (!tasks?.length) return undefined;
  return tasks.map((t) => ({
    name: t.name,
    role: t.role,
    assignment: t.assignment,
    kind: t.kind,
    ...(t.shareValue ? { share: { value: number(t.shareValue), unit: t.shareUnit } } : {}),
  }));
}

/** The forms of stored tasks. */
export function taskFormsOf(tasks: readonly WorkflowTask[] | undefined): TaskForm[] {
  return (tasks ?? []).map((t) => ({
    name: t.name,
    role: t.role,
    assignment: t.assignment,
    kind: t.kind,
    shareValue: t.share ? String(t.share.value) : '',
    shareUnit: t.share?.unit ?? 'working_days',
  }));
}

/** A new task row: handled by a specialist, any officer of the role (the first) or a review (after another). */
export function emptyTask(after: number): TaskForm {
  return after === 0
    ? { name: '', role: 'specialist', assignment: 'any_of_role', kind: 'handle', shareValue: '', shareUnit: 'working_days' }
    : { name: '', role: 'department_head', assignment: 'single_user', kind: 'review', shareValue: '', shareUnit: 'working_days' };
}

/**
 * Applies an "addTask:{i}" or "removeTask:{i}:{j}" button to the steps' tasks (in place). True when `action` was one.
 */
export function applyTaskButton(action: string, steps: Array<{ tasks?: TaskForm[] | undefined }>): boolean {
  const add = /^addTask:(\d{1,3})$/.exec(action);
  if (add) {
    const step = steps[Number(add[1])];
    if (step) {
      const tasks = (step.tasks ??= []);
      if (tasks.length < MAX_TASKS) tasks.push(emptyTask(tasks.length));
    }
    return true;
  }
  const remove = /^removeTask:(\d{1,3}):(\d{1,3})$/.exec(action);
  if (remove) {
    steps[Number(remove[1])]?.tasks?.splice(Number(remove[2]), 1);
    return true;
  }
  return false;
}
