// Task deadlines and task history (issue 15, migration 0043): a finished task keeps its due instant (its share of the
// step's budget from its start on the working-day calendar, or the step's due) and its grade; the officer's task
// panel shows the current task's due; every task move (take, complete, send back, reassign) is a history event in
// both timelines, in neutral wording (no note, no holder named); the queue shows the step's current task.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Actor } from '../../src/core/actor.ts';
import type { AppContext } from '../../src/container.ts';
import { renderEvent } from '../../src/modules/kernel/timeline.ts';
import { createTestContext } from '../helpers/db.ts';
import { actorByUsername, newCitizen, submittedDossier } from '../helpers/dossiers.ts';

const ctx: AppContext = await createTestContext({ demo: true });
const h = ctx.services.handling;
const [reception, specialist, head, leader, manager] = (await Promise.all(['demo.motcua', 'demo.chuyenvien', 'demo.truongphong', 'demo.lanhdao', 'demo.danhmuc'].map((u) => actorByUsername(ctx, u)))) as [Actor, Actor, Actor, Actor, Actor];
const RELATED_RIGHTS = '1.001826';
const SUBMITTED = new Date('2026-11-17T03:00:00Z');
// Wednesday 2026-11-18, 09:00 in Vietnam, plus `hours`.
const T = (hours: number) => new Date(Date.parse('2026-11-18T02:00:00Z') + hours * 3_600_000);
const STEP = 'Phòng chuyên môn';
const TASKS = ['Phó trưởng phòng phân công', 'Chuyên viên thẩm định', 'Trưởng phòng xem xét'] as const;

const version = await ctx.db
  .selectFrom('procedure_versions as pv')
  .innerJoin('procedures as p', 'p.id', 'pv.procedure_id')
  .select(['pv.version'])
  .where('p.code', '=', RELATED_RIGHTS)
  .where('pv.status', '=', 'published')
  .executeTakeFirstOrThrow();

await h.replaceWorkflow(manager, RELATED_RIGHTS, version.version, {
  name: 'Quy trình có nhiệm vụ',
  steps: [
    { name: 'Tiếp nhận', role: 'receptionist', budget: { value: 1, unit: 'working_days' }, actions: ['forward', 'request_supplement'] },
    {
      name: STEP,
      role: 'specialist',
      budget: { value: 8, unit: 'working_days' },
      actions: ['forward', 'send_back'],
      tasks: [
        { name: TASKS[0], role: 'department_head', assignment: 'single_user', kind: 'handle', share: { value: 1, unit: 'half_days' } },
        { name: TASKS[1], role: 'specialist', assignment: 'any_of_role', kind: 'handle', share: { value: 6, unit: 'working_days' } },
        { name: TASKS[2], role: 'department_head', assignment: 'single_user', kind: 'review' },
      ],
    },
    { name: 'Lãnh đạo ký', role: 'agency_leader', budget: { value: 5, unit: 'working_days' }, actions: ['record_result', 'send_back'] },
    { name: 'Trả kết quả', role: 'receptionist', budget: { value: 1, unit: 'working_days' }, actions: ['return_result'] },
  ],
});

async function openRow(id: string) {
  return ctx.db.selectFrom('dossier_steps').selectAll().where('dossier_id', '=', id).where('finished_at', 'is', null).executeTakeFirstOrThrow();
}

async function finishedTasks(id: string) {
  return ctx.db
    .selectFrom('dossier_step_tasks as t')
    .innerJoin('dossier_steps as s', 's.id', 't.step_id')
    .select(['t.position', 't.outcome', 't.started_at', 't.finished_at', 't.due_at', 't.result'])
    .where('s.dossier_id', '=', id)
    .orderBy('t.id')
    .execute();
}

async function taskEvents(id: string) {
  return ctx.db.selectFrom('dossier_events').select(['action', 'message', 'content', 'handler_name']).where('dossier_id', '=', id).where('action', 'like', 'task_%').orderBy('id').execute();
}

/** A dossier at the step with tasks, its first task held by the head. */
async function atTasks(): Promise<{ id: string; code: string; citizen: Actor }> {
  const citizen = await newCitizen(ctx);
  const { id, code } = await submittedDossier(ctx, citizen, { now: SUBMITTED, procedureCode: RELATED_RIGHTS });
  await h.act(reception, id, 'accept', {}, T(0));
  await h.act(reception, id, 'forward', { assigneeId: head.id }, T(1));
  return { id, code, citizen };
}

describe('task deadlines', () => {
  it('a finished task keeps its due instant (its share from its start, else the step due) and its grade', async () => {
    const { id } = await atTasks();
    const opened = await openRow(id);
    assert.equal(opened.task_name, TASKS[0]);
    // Half a working day from 10:00: due later that day, on the calendar; done at 11:00 → on time (same day).
    const panel = await h.taskPanel(head, id);
    assert.ok(panel?.taskDueAt);
    const firstDue = new Date(panel.taskDueAt);
    assert.ok(firstDue.getTime() > T(1).getTime() && firstDue.getTime() < T(12).getTime(), `half a day from 10:00: ${panel.taskDueAt}`);
    await h.taskAct(head, id, 'complete', {}, T(2));
    // Six working days from 11:00: done two hours later → early.
    const second = await h.taskPanel(specialist, id);
    assert.ok(second?.taskDueAt && Date.parse(second.taskDueAt) > T(24 * 6).getTime());
    await h.taskAct(specialist, id, 'complete', {}, T(3));
    // The review has no share: it is due when the step is.
    await h.taskAct(head, id, 'take', {}, T(4));
    const review = await h.taskPanel(head, id);
    assert.equal(review?.taskDueAt, opened.due_at!.toISOString());
    await h.taskAct(head, id, 'complete', {}, T(5));

    const rows = await finishedTasks(id);
    assert.deepEqual(
      rows.map((r) => `${r.position} ${r.outcome} ${r.result}`),
      ['1 done on_time', '2 done early', '3 done early'],
    );
    assert.equal(rows[0]!.due_at!.toISOString(), firstDue.toISOString());
    assert.equal(rows[2]!.due_at!.toISOString(), opened.due_at!.toISOString());
    // The control sheet's task rows carry them.
    const sheet = await h.controlSheet(leader, id);
    assert.deepEqual(
      sheet[1]!.tasks!.map((t) => `${t.position} ${t.result} ${t.dueAt !== null}`),
      ['1 on_time true', '2 early true', '3 early true'],
    );
  });

  it('a task finished after its due instant is late', async () => {
    const { id } = await atTasks();
    // Half a day from Wednesday 10:00, done on Thursday 16:00.
    await h.taskAct(head, id, 'complete', {}, T(31));
    const [row] = await finishedTasks(id);
    assert.equal(row!.result, 'late');
    assert.ok(row!.due_at!.getTime() < T(31).getTime());
  });
});

describe('task history', () => {
  it('every move is a history event, neutral in both timelines and rendered in the reader language', async () => {
    const { id, citizen } = await atTasks();
    await h.taskAct(head, id, 'complete', { note: 'Giao chuyên viên Nguyễn' }, T(2));
    await h.taskAct(specialist, id, 'complete', {}, T(3));
    await h.taskAct(head, id, 'take', {}, T(4));
    await h.taskAct(head, id, 'return', { note: 'Bổ sung ý kiến thẩm định' }, T(5));
    await h.taskAct(specialist, id, 'complete', {}, T(6));
    const other = await ctx.db.selectFrom('accounts').select(['id', 'full_name']).where('id', '=', head.id).executeTakeFirstOrThrow();
    await h.reassign(leader, id, { assigneeId: other.id, note: 'Trưởng phòng trực tiếp xem xét' }, T(7));

    const events = await taskEvents(id);
    assert.deepEqual(
      events.map((e) => e.action),
      ['task_complete', 'task_complete', 'task_take', 'task_return', 'task_complete', 'task_reassign'],
    );
    assert.deepEqual(events[0]!.message, { key: 'timeline.taskComplete', params: { step: STEP, task: TASKS[0] } });
    assert.equal(events[0]!.content, `Hoàn thành nhiệm vụ "${TASKS[0]}" của bước "${STEP}"`);
    assert.equal(events[0]!.handler_name, head.fullName);
    assert.deepEqual(events[3]!.message, { key: 'timeline.taskReturn', params: { step: STEP, task: TASKS[2] } });
    assert.deepEqual(events[5]!.message, { key: 'timeline.taskReassign', params: { step: STEP, task: TASKS[2] } });
    assert.equal(renderEvent(events[5]!, 'en'), `Task "${TASKS[2]}" of step "${STEP}" given to another officer`);

    // The applicant's timeline shows them: no note, no holder named in the text.
    const mine = await ctx.services.dossiers.get(citizen, id);
    const texts = mine.events.filter((e) => e.action.startsWith('task_')).map((e) => e.text);
    assert.equal(texts.length, 6);
    for (const text of texts) {
      assert.ok(!text.includes('Giao chuyên viên') && !text.includes('Bổ sung ý kiến') && !text.includes(other.full_name), text);
    }
    // The officer's too.
    const detail = await h.detail(leader, id, T(8));
    assert.equal(detail.events.filter((e) => e.action.startsWith('task_')).length, 6);
  });
});

describe('the queue', () => {
  it("shows the step's current task by name and role", async () => {
    const { id, code } = await atTasks();
    let [item] = (await h.queue(head, { scope: 'mine', q: code })).items;
    assert.deepEqual(item?.step && { name: item.step.name, role: item.step.role, task: item.step.task }, { name: STEP, role: 'department_head', task: { name: TASKS[0], role: 'department_head' } });
    await h.taskAct(head, id, 'complete', {}, T(2));
    [item] = (await h.queue(specialist, { scope: 'mine', q: code })).items;
    assert.deepEqual(item?.step?.task, { name: TASKS[1], role: 'specialist' });
    assert.equal(item?.step?.role, 'specialist');
  });

  it('a step without tasks shows no task', async () => {
    const { id, code } = await submittedDossier(ctx, await newCitizen(ctx), { now: SUBMITTED, procedureCode: RELATED_RIGHTS });
    await h.act(reception, id, 'accept', {}, T(0));
    const [item] = (await h.queue(reception, { scope: 'mine', q: code })).items;
    assert.equal(item?.step?.task, null);
    assert.equal(item?.step?.role, 'receptionist');
  });
});
