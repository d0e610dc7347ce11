// Task deadlines and task history (issue 15, migration 0043), pure: when the current task of a step is due, how a
// finished task is graded, and the history event a task move writes. A task with a share of the step's budget is
// due that share after it started, on the working-day calendar (the service computes the instant the way it does a
// step's `dossier_steps.due_at`); a task without a share is due when its step is. No I/O, no clock.
import type { EventMessage } from '../kernel/timeline.ts';
import type { Timeliness } from '../../db/schema.ts';
import { gradeStep, type Budget } from './handling.rules.ts';

/** What a task's due instant is computed from: its share from its start (calendar), or its step's due instant. */
export type TaskDueBasis = { kind: 'share'; from: Date; budget: Budget } | { kind: 'step'; at: Date | null };

/**
 * The basis of a task's due instant: a share (a budget with a value) counts from `startedAt`; no share — the step's
 * due instant (`stepDueAt`, null when the step has none: a procedure with no statutory time limit). A step with no
 * due instant gives its tasks none either, share or not (nothing to split).
 */
export function taskDueBasis(share: Budget | null | undefined, startedAt: Date, stepDueAt: Date | null): TaskDueBasis {
  if (!share || stepDueAt === null) return { kind: 'step', at: stepDueAt };
  return { kind: 'share', from: startedAt, budget: share };
}

/**
 * The grade of a finished task against its due instant, as a control-sheet row is graded (`gradeStep`): after the
 * instant → late, a Vietnamese calendar day before its day → early, else on time; no due instant → null.
 */
export function gradeTask(finishedAt: Date, dueAt: Date | null): Timeliness | null {
  return gradeStep(finishedAt, dueAt);
}

/** A task move as the history records it. */
export type TaskMove = 'complete' | 'return' | 'take' | 'reassign';

/**
 * The history message of a task move (kernel/timeline.ts): the step and the task by name. Neutral wording, as both
 * the officer's and the applicant's timelines show it: no officer is named in the text (the event's handler is the
 * officer who acted, as for every other handling event), a reassignment names neither holder, and the notes (a task
 * sent back says why) stay on the control sheet's task rows, internal to the agency.
 */
export function taskEventMessage(move: TaskMove, step: string, task: string | null): EventMessage {
  switch (move) {
    case 'complete':
      return { key: 'timeline.taskComplete', params: { step, task: task ?? '' } };
    case 'return':
      return { key: 'timeline.taskReturn', params: { step, task: task ?? '' } };
    case 'take':
      return { key: 'timeline.taskTake', params: { step, task: task ?? '' } };
    case 'reassign':
      return { key: 'timeline.taskReassign', params: { step, task } };
  }
}
