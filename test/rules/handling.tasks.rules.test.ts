// Task deadlines and task history, pure (handling.tasks.rules.ts): what a task's due instant is computed from, how a
// finished task is graded, and the neutral history message of each task move.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gradeTask, taskDueBasis, taskEventMessage } from '../../src/modules/handling/handling.tasks.rules.ts';

const START = new Date('2026-11-18T03:00:00Z'); // Wednesday 10:00 in Vietnam
const STEP_DUE = new Date('2026-11-27T10:00:00Z'); // Friday 17:00 in Vietnam

describe('taskDueBasis', () => {
  const cases = [
    { name: 'a share counts from the task start', share: { value: 1, unit: 'half_days' as const }, stepDue: STEP_DUE, want: { kind: 'share', from: START, budget: { value: 1, unit: 'half_days' } } },
    { name: 'a share in hours too', share: { value: 3, unit: 'hours' as const }, stepDue: STEP_DUE, want: { kind: 'share', from: START, budget: { value: 3, unit: 'hours' } } },
    { name: 'no share: the step due', share: null, stepDue: STEP_DUE, want: { kind: 'step', at: STEP_DUE } },
    { name: 'no share (absent): the step due', share: undefined, stepDue: STEP_DUE, want: { kind: 'step', at: STEP_DUE } },
    { name: 'a step without a due instant gives its tasks none, share or not', share: { value: 1, unit: 'working_days' as const }, stepDue: null, want: { kind: 'step', at: null } },
    { name: 'no share and no step due: none', share: null, stepDue: null, want: { kind: 'step', at: null } },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(taskDueBasis(c.share, START, c.stepDue), c.want));
  }
});

describe('gradeTask', () => {
  const due = new Date('2026-11-18T07:00:00Z'); // Wednesday 14:00 in Vietnam
  const cases: Array<[string, Date, Date | null, string | null]> = [
    ['no due instant: not graded', new Date('2026-11-18T04:00:00Z'), null, null],
    ['the same day before the due instant: on time', new Date('2026-11-18T04:00:00Z'), due, 'on_time'],
    ['exactly at the due instant: on time', due, due, 'on_time'],
    ['a minute after (budgets in hours): late', new Date(due.getTime() + 60_000), due, 'late'],
    ['a Vietnamese day before the due day: early', new Date('2026-11-17T09:00:00Z'), due, 'early'],
    ['the next day: late', new Date('2026-11-19T02:00:00Z'), due, 'late'],
    // 06:30 on Wednesday in Vietnam is still Tuesday in UTC: the day is Vietnam's.
    ['early morning of the due day in Vietnam: on time', new Date('2026-11-17T23:30:00Z'), due, 'on_time'],
  ];
  for (const [name, finished, dueAt, want] of cases) {
    it(name, () => assert.equal(gradeTask(finished, dueAt), want));
  }
});

describe('taskEventMessage', () => {
  it('names the step and the task, never a note or an officer', () => {
    assert.deepEqual(taskEventMessage('complete', 'Thẩm định', 'Thụ lý'), { key: 'timeline.taskComplete', params: { step: 'Thẩm định', task: 'Thụ lý' } });
    assert.deepEqual(taskEventMessage('return', 'Thẩm định', 'Xem xét'), { key: 'timeline.taskReturn', params: { step: 'Thẩm định', task: 'Xem xét' } });
    assert.deepEqual(taskEventMessage('take', 'Thẩm định', 'Xem xét'), { key: 'timeline.taskTake', params: { step: 'Thẩm định', task: 'Xem xét' } });
    assert.deepEqual(taskEventMessage('reassign', 'Thẩm định', 'Xem xét'), { key: 'timeline.taskReassign', params: { step: 'Thẩm định', task: 'Xem xét' } });
    // A step without tasks (or with every task done) is reassigned as a step.
    assert.deepEqual(taskEventMessage('reassign', 'Tiếp nhận', null), { key: 'timeline.taskReassign', params: { step: 'Tiếp nhận', task: null } });
  });
});
