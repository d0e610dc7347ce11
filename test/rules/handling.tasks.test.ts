// The tasks of a workflow step (issue 15): checking them (checkWorkflow / checkTasks), where a step is in its tasks,
// who may complete, send back or take the current task, and the hand-over waiting for the last task.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../../src/core/errors.ts';
import {
  allowedActions,
  blockingTask,
  checkWorkflow,
  decide,
  decideTask,
  firstTaskPosition,
  holdingRole,
  mayReassign,
  taskAfter,
  taskState,
  type DossierState,
  type TaskOperation,
  type WorkflowStep,
  type WorkflowTask,
  type Who,
} from '../../src/modules/handling/handling.rules.ts';

const task = (position: number, over: Partial<WorkflowTask> = {}): WorkflowTask => ({ position, name: `Nhiệm vụ ${position}`, role: 'specialist', assignment: 'any_of_role', kind: 'handle', share: null, ...over });

/** "the deputy head assigns, the specialist handles, the head reviews" */
const STEP: WorkflowStep = {
  position: 2,
  name: 'Phòng chuyên môn',
  role: 'specialist',
  agencyId: null,
  departmentId: null,
  budget: { value: 5, unit: 'working_days' },
  actions: ['forward', 'send_back'],
  tasks: [task(1, { role: 'department_head', assignment: 'single_user', name: 'Phân công' }), task(2, { name: 'Thẩm định' }), task(3, { role: 'department_head', assignment: 'single_user', kind: 'review', name: 'Xem xét' })],
};
const NO_TASKS: WorkflowStep = { ...STEP, tasks: undefined };

const LIMIT = { value: 15, unit: 'working_days' as const };
const step = (tasks: unknown, budget = { value: 5, unit: 'working_days' }) => ({ name: 'Bước', role: 'specialist', budget, actions: ['forward'], tasks });

describe('checkWorkflow: tasks', () => {
  const cases: Array<{ name: string; tasks: unknown; budget?: { value: number; unit: string }; errors: string[] }> = [
    { name: 'no tasks (absent)', tasks: undefined, errors: [] },
    { name: 'no tasks (null)', tasks: null, errors: [] },
    { name: 'no tasks (empty)', tasks: [], errors: [] },
    {
      name: 'three good tasks with shares within the budget',
      tasks: [
        { name: 'Phân công', role: 'department_head', assignment: 'single_user', kind: 'handle', share: { value: 1, unit: 'half_days' } },
        { name: 'Thẩm định', role: 'specialist', assignment: 'any_of_role', kind: 'handle', share: { value: 4, unit: 'working_days' } },
        { name: 'Xem xét', role: 'department_head', assignment: 'single_user', kind: 'review' },
      ],
      errors: [],
    },
    {
      name: 'shares exactly the budget (hours)',
      tasks: [{ name: 'A', role: 'specialist', assignment: 'any_of_role', kind: 'handle', share: { value: 40, unit: 'hours' } }],
      errors: [],
    },
    {
      name: 'unknown role, assignment, kind; blank name (every problem with its path)',
      tasks: [
        { name: 'A', role: 'specialist', assignment: 'any_of_role', kind: 'handle' },
        { name: ' ', role: 'pho_truong_phong', assignment: 'everyone', kind: 'sign' },
      ],
      errors: ['/steps/0/tasks/1/name required', '/steps/0/tasks/1/role WORKFLOW_ROLE_INVALID', '/steps/0/tasks/1/assignment WORKFLOW_TASK_ASSIGNMENT_INVALID', '/steps/0/tasks/1/kind WORKFLOW_TASK_KIND_INVALID'],
    },
    {
      name: 'shares over the step budget',
      tasks: [
        { name: 'A', role: 'specialist', assignment: 'any_of_role', kind: 'handle', share: { value: 3, unit: 'working_days' } },
        { name: 'B', role: 'department_head', assignment: 'single_user', kind: 'approve', share: { value: 5, unit: 'half_days' } },
      ],
      errors: ['/steps/0/tasks WORKFLOW_TASK_SHARES_EXCEED_STEP'],
    },
    {
      name: 'a bad share',
      tasks: [{ name: 'A', role: 'specialist', assignment: 'any_of_role', kind: 'handle', share: { value: -1, unit: 'weeks' } }],
      errors: ['/steps/0/tasks/0/share/value WORKFLOW_BUDGET_INVALID', '/steps/0/tasks/0/share/unit WORKFLOW_UNIT_INVALID'],
    },
    { name: 'a review first', tasks: [{ name: 'A', role: 'department_head', assignment: 'single_user', kind: 'review' }], errors: ['/steps/0/tasks/0/kind WORKFLOW_TASK_REVIEW_FIRST'] },
    { name: 'not a list', tasks: 'nhiều việc', errors: ['/steps/0/tasks type'] },
    { name: 'a task that is not an object', tasks: [42], errors: ['/steps/0/tasks/0/name required', '/steps/0/tasks/0/role WORKFLOW_ROLE_INVALID', '/steps/0/tasks/0/assignment WORKFLOW_TASK_ASSIGNMENT_INVALID', '/steps/0/tasks/0/kind WORKFLOW_TASK_KIND_INVALID'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { errors } = checkWorkflow([step(c.tasks, c.budget)], LIMIT);
      assert.deepEqual(errors.map((e) => `${e.path} ${e.code}`), c.errors);
    });
  }

  it('too many tasks', () => {
    const many = Array.from({ length: 21 }, (_, i) => ({ name: `T${i}`, role: 'specialist', assignment: 'any_of_role', kind: 'handle' }));
    assert.deepEqual(checkWorkflow([step(many)], LIMIT).errors.map((e) => e.code), ['WORKFLOW_TASKS_TOO_MANY']);
  });

  it('the shares exceeding the step are reported with the sum and the budget', () => {
    const { errors } = checkWorkflow([step([{ name: 'A', role: 'specialist', assignment: 'any_of_role', kind: 'handle', share: { value: 6, unit: 'working_days' } }])], LIMIT);
    assert.deepEqual(errors[0]!.params, { sum: 6, limit: 5 });
  });

  it('a step with tasks does not change the budget warning (the step budget still counts)', () => {
    const withTasks = checkWorkflow([step([{ name: 'A', role: 'specialist', assignment: 'any_of_role', kind: 'handle', share: { value: 1, unit: 'working_days' } }])], LIMIT);
    assert.deepEqual(withTasks.warning, { sumWorkingDays: 5, limitWorkingDays: 15 });
  });
});

describe('task order at run time', () => {
  const cases: Array<[string, WorkflowStep, number | null, string, string]> = [
    // step, task_position → state, holding role
    ['no tasks, no position', NO_TASKS, null, 'none', 'specialist'],
    ['tasks, row opened without them', STEP, null, 'none', 'specialist'],
    ['first task', STEP, 1, 'at 1', 'department_head'],
    ['second task', STEP, 2, 'at 2', 'specialist'],
    ['last task', STEP, 3, 'at 3 last', 'department_head'],
    ['all done', STEP, 4, 'done', 'department_head'],
  ];
  for (const [name, s, position, state, role] of cases) {
    it(name, () => {
      const t = taskState(s, position);
      assert.equal(t.kind === 'at' ? `at ${t.task.position}${t.last ? ' last' : ''}` : t.kind, state);
      assert.equal(holdingRole(s, position), role);
      assert.equal(blockingTask(s, position)?.position ?? null, t.kind === 'at' ? t.task.position : null);
    });
  }

  it('a step opens at its first task (none without tasks)', () => {
    assert.equal(firstTaskPosition(STEP), 1);
    assert.equal(firstTaskPosition(NO_TASKS), null);
  });

  it('completing moves on, past the last means done; a review sends back to the previous task', () => {
    assert.equal(taskAfter(STEP, STEP.tasks![0]!, 'complete'), 2);
    assert.equal(taskAfter(STEP, STEP.tasks![1]!, 'complete'), 3);
    assert.equal(taskAfter(STEP, STEP.tasks![2]!, 'complete'), 4);
    assert.equal(taskAfter(STEP, STEP.tasks![2]!, 'return'), 2);
  });
});

describe('decideTask: who may complete, send back, take', () => {
  const me = 'officer-1';
  const other = 'officer-2';
  const cases: Array<{ name: string; op: TaskOperation; position: number | null; assignee: string | null; roles: string[]; result: string }> = [
    { name: 'any-of-role: an officer of the role completes', op: 'complete', position: 2, assignee: null, roles: ['specialist'], result: 'ok 2' },
    { name: 'any-of-role: another role may not', op: 'complete', position: 2, assignee: null, roles: ['department_head'], result: 'TASK_ROLE_FORBIDDEN' },
    { name: 'single-user: the assignee completes', op: 'complete', position: 1, assignee: me, roles: ['department_head'], result: 'ok 1' },
    { name: 'single-user: another officer of the role may not', op: 'complete', position: 1, assignee: other, roles: ['department_head'], result: 'TASK_ASSIGNEE_ONLY' },
    { name: 'single-user: nobody holds it yet', op: 'complete', position: 1, assignee: null, roles: ['department_head'], result: 'TASK_NOT_TAKEN' },
    { name: 'single-user: take it', op: 'take', position: 1, assignee: null, roles: ['department_head'], result: 'ok 1' },
    { name: 'single-user: taken already', op: 'take', position: 1, assignee: other, roles: ['department_head'], result: 'TASK_ALREADY_TAKEN' },
    { name: 'take: not the role', op: 'take', position: 1, assignee: null, roles: ['specialist'], result: 'TASK_ROLE_FORBIDDEN' },
    { name: 'review: the assignee sends back', op: 'return', position: 3, assignee: me, roles: ['department_head'], result: 'ok 3' },
    { name: 'review: another officer may not send back', op: 'return', position: 3, assignee: other, roles: ['department_head'], result: 'TASK_ASSIGNEE_ONLY' },
    { name: 'handle: cannot send back', op: 'return', position: 2, assignee: null, roles: ['specialist'], result: 'TASK_NOT_REVIEW' },
    { name: 'no task waiting (done)', op: 'complete', position: 4, assignee: null, roles: ['department_head'], result: 'TASK_NONE' },
    { name: 'no task waiting (no tasks)', op: 'complete', position: null, assignee: null, roles: ['specialist'], result: 'TASK_NONE' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      let result: string;
      try {
        result = `ok ${decideTask(c.op, STEP, { taskPosition: c.position, assigneeId: c.assignee }, { id: me, rolesOnStep: c.roles as never }).position}`;
      } catch (error) {
        assert.ok(error instanceof DomainError);
        result = error.code;
      }
      assert.equal(result, c.result);
    });
  }

  it('a review as first task has nothing to send back to', () => {
    const odd: WorkflowStep = { ...STEP, tasks: [task(1, { kind: 'approve' })] };
    assert.throws(() => decideTask('return', odd, { taskPosition: 1, assigneeId: null }, { id: me, rolesOnStep: ['specialist'] }), (e: unknown) => e instanceof DomainError && e.code === 'TASK_NO_PREVIOUS');
  });

  it('reassignment: department heads and agency leaders only', () => {
    assert.equal(mayReassign(['department_head']), true);
    assert.equal(mayReassign(['agency_leader']), true);
    assert.equal(mayReassign(['specialist', 'receptionist']), false);
  });
});

describe('the hand-over waits for the last task', () => {
  const head: Who = { kind: 'officer', rolesOnAgency: ['department_head'], rolesOnStep: ['department_head'] };
  const state = (pending: boolean): DossierState => ({
    status: 4,
    received: true,
    step: { position: 2, name: 'Phòng chuyên môn', role: 'department_head', actions: ['forward', 'send_back', 'record_result'] },
    hasNextStep: true,
    hasPreviousStep: true,
    pendingTask: pending ? { name: 'Xem xét' } : null,
  });
  it('forward and record_result are refused (409 TASKS_NOT_DONE) and not offered while a task is pending', () => {
    for (const action of ['forward', 'record_result'] as const) {
      assert.throws(() => decide(state(true), head, action), (e: unknown) => e instanceof DomainError && e.code === 'TASKS_NOT_DONE' && e.status === 409);
    }
    assert.deepEqual(allowedActions(state(true), head), ['send_back']);
  });
  it('once the last task is done (or without tasks) they are allowed', () => {
    assert.equal(decide(state(false), head, 'forward'), 4);
    assert.deepEqual(allowedActions(state(false), head).sort(), ['forward', 'record_result', 'send_back']);
  });
});

describe('the printed control sheet (form 06): the tasks under their step', () => {
  it('each finished task on a line under its step, unnumbered, with who, when and how it ended', async () => {
    const { controlSheetRows } = await import('../../src/modules/intake/intake.rules.ts');
    const at = (h: number) => new Date(Date.UTC(2026, 10, 18, h));
    const steps = [
      { id: '1', name: 'Tiếp nhận', started_at: at(1), due_at: at(2), result: 'early' as const, note: null, handed_over_by_name: 'Mai', assignee_name: 'Mai', department_name: null, agency_name: 'Cục' },
      { id: '2', name: 'Phòng chuyên môn', started_at: at(2), due_at: at(9), result: null, note: null, handed_over_by_name: 'Mai', assignee_name: null, department_name: 'Phòng QTG', agency_name: 'Cục' },
    ];
    const tasks = [
      { step_id: '2', position: 1, name: 'Thẩm định', finished_at: at(3), outcome: 'done' as const, note: null, officer_name: 'Lan' },
      { step_id: '2', position: 2, name: 'Xem xét', finished_at: at(4), outcome: 'returned' as const, note: 'Bổ sung', officer_name: 'Hùng' },
    ];
    assert.deepEqual(
      controlSheetRows(steps, tasks).map((r) => [r.from, r.to, r.task ?? null, r.note ?? null]),
      [
        ['Cục (Mai)', 'Tiếp nhận (Mai)', null, null],
        ['Tiếp nhận (Mai)', 'Phòng chuyên môn (Phòng QTG)', null, null],
        ['2.1. Thẩm định', 'Lan', 'done', null],
        ['2.2. Xem xét', 'Hùng', 'returned', 'Bổ sung'],
      ],
    );
    // Without tasks: as before.
    assert.equal(controlSheetRows(steps).length, 2);
  });
});
