// The PAR plan's pure rules: what a task needs, what a progress report does, completion figures, reminders.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyReport, completionOf, planCompletion, reminderKind, taskProblems, type ReminderFacts, type TaskFacts, type TaskInput, type TaskState } from '../../src/modules/parplan/parplan.rules.ts';

const ctx = { year: 2026, fieldCodes: ['1', '2', '3'], departmentIds: ['d1', 'd2'] };
const good: TaskInput = { fieldCode: '1', title: 'Ban hành kế hoạch', ownerDepartmentId: 'd1', deadline: '2026-03-31', expectedOutput: '', evidenceRequired: true };

describe('taskProblems', () => {
  const cases: Array<[string, Partial<TaskInput>, Array<[string, string]>]> = [
    ['a complete task', {}, []],
    ['no owner', { ownerDepartmentId: '' }, [['/ownerDepartmentId', 'PARPLAN_OWNER_REQUIRED']]],
    ['no deadline', { deadline: '' }, [['/deadline', 'PARPLAN_DEADLINE_REQUIRED']]],
    ['neither owner nor deadline', { ownerDepartmentId: '', deadline: '' }, [['/ownerDepartmentId', 'PARPLAN_OWNER_REQUIRED'], ['/deadline', 'PARPLAN_DEADLINE_REQUIRED']]],
    ['an owner of another agency', { ownerDepartmentId: 'd9' }, [['/ownerDepartmentId', 'PARPLAN_OWNER_UNKNOWN']]],
    ['a date that does not exist', { deadline: '2026-02-30' }, [['/deadline', 'format']]],
    ['a deadline in another year', { deadline: '2027-01-15' }, [['/deadline', 'PARPLAN_DEADLINE_OUTSIDE_YEAR']]],
    ['a field not in the set', { fieldCode: '9' }, [['/fieldCode', 'PARPLAN_FIELD_UNKNOWN']]],
    ['no field', { fieldCode: '' }, [['/fieldCode', 'required']]],
    ['a blank title', { title: '   ' }, [['/title', 'required']]],
    ['a title too long', { title: 'x'.repeat(501) }, [['/title', 'maxLength']]],
    ['an output too long', { expectedOutput: 'x'.repeat(2001) }, [['/expectedOutput', 'maxLength']]],
  ];
  for (const [name, change, expected] of cases) {
    it(name, () => {
      assert.deepEqual(
        taskProblems({ ...good, ...change }, ctx).map((e) => [e.path, e.code]),
        expected,
      );
    });
  }
});

describe('applyReport', () => {
  const open: TaskState = { status: 'open', progress: 20, evidenceRequired: true, hasEvidence: false };
  const cases: Array<[string, TaskState, { progress: number; note: string; withFile: boolean }, string]> = [
    ['progress under way', open, { progress: 50, note: 'Đang làm', withFile: false }, 'open:50'],
    ['100% with the file completes', open, { progress: 100, note: '', withFile: true }, 'done:100'],
    ['100% without evidence where required', open, { progress: 100, note: 'Xong', withFile: false }, 'PARPLAN_EVIDENCE_REQUIRED'],
    ['100% with evidence sent earlier', { ...open, hasEvidence: true }, { progress: 100, note: 'Xong', withFile: false }, 'done:100'],
    ['100% where no evidence is required', { ...open, evidenceRequired: false }, { progress: 100, note: 'Xong', withFile: false }, 'done:100'],
    ['over 100', open, { progress: 101, note: 'x', withFile: false }, 'PARPLAN_PROGRESS_RANGE'],
    ['negative', open, { progress: -1, note: 'x', withFile: false }, 'PARPLAN_PROGRESS_RANGE'],
    ['not a whole number', open, { progress: 12.5, note: 'x', withFile: false }, 'PARPLAN_PROGRESS_RANGE'],
    ['NaN (unreadable text)', open, { progress: Number.NaN, note: 'x', withFile: false }, 'PARPLAN_PROGRESS_RANGE'],
    ['nothing said, nothing attached', open, { progress: 30, note: '  ', withFile: false }, 'PARPLAN_REPORT_EMPTY'],
    ['a task already done', { ...open, status: 'done' }, { progress: 100, note: 'x', withFile: true }, 'PARPLAN_TASK_CLOSED'],
    ['a cancelled task', { ...open, status: 'cancelled' }, { progress: 10, note: 'x', withFile: false }, 'PARPLAN_TASK_CLOSED'],
  ];
  for (const [name, task, input, expected] of cases) {
    it(name, () => {
      const outcome = applyReport(task, input);
      assert.equal(outcome.ok ? `${outcome.status}:${outcome.progress}` : outcome.errors[0]!.code, expected);
    });
  }
});

describe('completion', () => {
  const t = (fieldCode: string, owner: string, deadline: string, status: TaskFacts['status'], progress: number, completedDay: string | null = null): TaskFacts => ({
    fieldCode,
    ownerDepartmentId: owner,
    deadline,
    status,
    progress,
    completedDay,
  });
  const tasks = [
    t('1', 'd1', '2026-03-31', 'done', 100, '2026-03-20'), // on time
    t('1', 'd2', '2026-04-30', 'done', 100, '2026-05-04'), // late
    t('2', 'd1', '2026-06-30', 'open', 40), // overdue on 1 July
    t('2', 'd1', '2026-12-31', 'open', 10),
    t('3', 'd2', '2026-05-31', 'cancelled', 0), // not counted
  ];

  it('counts done, on time, overdue and the mean progress; cancelled tasks are left out', () => {
    assert.deepEqual(completionOf(tasks, '2026-07-01'), { total: 4, done: 2, onTime: 1, overdue: 1, rate: 50, meanProgress: 63 });
  });

  it('splits by field (in the set’s order) and by owner department', () => {
    const c = planCompletion(tasks, '2026-07-01', ['1', '2', '3']);
    assert.deepEqual([...c.byField.keys()], ['1', '2', '3']);
    assert.deepEqual(c.byField.get('1'), { total: 2, done: 2, onTime: 1, overdue: 0, rate: 100, meanProgress: 100 });
    assert.deepEqual(c.byField.get('3'), { total: 0, done: 0, onTime: 0, overdue: 0, rate: null, meanProgress: null });
    assert.equal(c.byDepartment.get('d1')!.rate, 33.33);
    assert.equal(c.byDepartment.get('d2')!.total, 1);
  });

  it('a deadline is not overdue on its own day', () => {
    assert.equal(completionOf([t('1', 'd1', '2026-06-30', 'open', 0)], '2026-06-30').overdue, 0);
  });
});

describe('reminderKind', () => {
  const base: ReminderFacts = { status: 'open', deadline: '2026-06-30', remindedAt: null, overdueAt: null };
  const cases: Array<[string, Partial<ReminderFacts>, string, string, string | null]> = [
    ['far away', {}, '2026-06-01', '2026-06-08', null],
    ['within the warning window', {}, '2026-06-24', '2026-07-01', 'soon'],
    ['already warned', { remindedAt: new Date() }, '2026-06-24', '2026-07-01', null],
    ['on the day itself (not yet overdue)', { remindedAt: new Date() }, '2026-06-30', '2026-07-07', null],
    ['past the deadline', { remindedAt: new Date() }, '2026-07-01', '2026-07-08', 'overdue'],
    ['past the deadline, never warned', {}, '2026-07-01', '2026-07-08', 'overdue'],
    ['overdue notice already sent', { overdueAt: new Date() }, '2026-07-02', '2026-07-09', null],
    ['done', { status: 'done' }, '2026-07-01', '2026-07-08', null],
  ];
  for (const [name, change, today, soon, expected] of cases) {
    it(name, () => assert.equal(reminderKind({ ...base, ...change }, today, soon), expected));
  }
});
