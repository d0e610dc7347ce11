// Workflow steps with tasks at run time (issue 15, migration 0041): a step "the head assigns, the specialist
// handles, the head reviews" — tasks completed in order, a single-user task completed only by its holder, a review
// sending back, reassignment by the agency leader (audited; the previous holder loses it from their queue), the
// hand-over refused before the last task, and the control sheet showing the tasks under their step.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import type { Actor } from '../../src/core/actor.ts';
import { DomainError } from '../../src/core/errors.ts';
import type { AppContext } from '../../src/container.ts';
import { actorOf } from '../../src/modules/identity/identity.service.ts';
import { ActionConflict } from '../../src/modules/handling/handling.rules.ts';
import { createTestContext } from '../helpers/db.ts';
import { actorByUsername, newCitizen, submittedDossier } from '../helpers/dossiers.ts';

const ctx: AppContext = await createTestContext({ demo: true });
const h = ctx.services.handling;
const [reception, specialist, head, leader, manager] = (await Promise.all(['demo.motcua', 'demo.chuyenvien', 'demo.truongphong', 'demo.lanhdao', 'demo.danhmuc'].map((u) => actorByUsername(ctx, u)))) as [Actor, Actor, Actor, Actor, Actor];
const RELATED_RIGHTS = '1.001826';
const SUBMITTED = new Date('2026-11-17T03:00:00Z');
const T = (hours: number) => new Date(Date.parse('2026-11-18T02:00:00Z') + hours * 3_600_000);

/** Another officer of the Copyright Office with `role` (a second department head). */
async function officer(role: 'department_head' | 'specialist' | 'receptionist'): Promise<Actor> {
  const agency = await ctx.db.selectFrom('agencies').select('id').where('code', '=', '000.00.12.G14').executeTakeFirstOrThrow();
  const account = await ctx.db
    .insertInto('accounts')
    .values({ username: `pho.phong.${randomBytes(4).toString('hex')}`, kind: 'staff', status: 'active', password_hash: 'x', full_name: 'Lê Thị Phó Phòng', agency_id: agency.id })
    .returningAll()
    .executeTakeFirstOrThrow();
  await ctx.db.insertInto('account_roles').values({ account_id: account.id, role, agency_id: agency.id }).execute();
  return actorOf(account, [{ role, agencyId: agency.id }]);
}

function isCode(code: string) {
  return (error: unknown) => error instanceof DomainError && error.code === code;
}

async function openRow(id: string) {
  return ctx.db.selectFrom('dossier_steps').selectAll().where('dossier_id', '=', id).where('finished_at', 'is', null).executeTakeFirstOrThrow();
}

async function inMine(actor: Actor, code: string): Promise<boolean> {
  return (await h.queue(actor, { scope: 'mine', q: code })).items.some((i) => i.code === code);
}

const version = await ctx.db
  .selectFrom('procedure_versions as pv')
  .innerJoin('procedures as p', 'p.id', 'pv.procedure_id')
  .select(['pv.id', 'pv.version'])
  .where('p.code', '=', RELATED_RIGHTS)
  .where('pv.status', '=', 'published')
  .executeTakeFirstOrThrow();

describe('a workflow with tasks', () => {
  it('refuses tasks with unknown roles or shares over the step budget: 422 with every problem and its path', async () => {
    await assert.rejects(
      h.replaceWorkflow(manager, RELATED_RIGHTS, version.version, {
        steps: [
          { name: 'Tiếp nhận', role: 'receptionist', budget: { value: 1, unit: 'working_days' }, actions: ['forward'] },
          {
            name: 'Thẩm định',
            role: 'specialist',
            budget: { value: 2, unit: 'working_days' },
            actions: ['forward'],
            tasks: [
              { name: 'Phân công', role: 'department_head', assignment: 'single_user', kind: 'handle', share: { value: 1, unit: 'working_days' } },
              { name: 'Thẩm định', role: 'specialist', assignment: 'any_of_role', kind: 'handle', share: { value: 2, unit: 'working_days' } },
              { name: 'Xem xét', role: 'pho_giam_doc', assignment: 'single_user', kind: 'review' },
            ],
          },
        ],
      }),
      (e: unknown) => {
        assert.ok(e instanceof DomainError && e.status === 422);
        assert.deepEqual(e.fieldErrors.map((f) => `${f.path} ${f.code}`).sort(), ['/steps/1/tasks WORKFLOW_TASK_SHARES_EXCEED_STEP', '/steps/1/tasks/2/role WORKFLOW_ROLE_INVALID']);
        return true;
      },
    );
  });

  it('runs the tasks in order; single-user tasks by their holder only; review sends back; reassignment; forward after the last task', async () => {
    const saved = await h.replaceWorkflow(manager, RELATED_RIGHTS, version.version, {
      name: 'Quy trình có nhiệm vụ',
      steps: [
        { name: 'Tiếp nhận', role: 'receptionist', budget: { value: 1, unit: 'working_days' }, actions: ['forward', 'request_supplement'] },
        {
          name: 'Phòng chuyên môn',
          role: 'specialist',
          budget: { value: 8, unit: 'working_days' },
          actions: ['forward', 'send_back'],
          tasks: [
            { name: 'Phó trưởng phòng phân công', role: 'department_head', assignment: 'single_user', kind: 'handle', share: { value: 1, unit: 'half_days' } },
            { name: 'Chuyên viên thẩm định', role: 'specialist', assignment: 'any_of_role', kind: 'handle', share: { value: 6, unit: 'working_days' } },
            { name: 'Trưởng phòng xem xét', role: 'department_head', assignment: 'single_user', kind: 'review' },
          ],
        },
        { name: 'Lãnh đạo ký', role: 'agency_leader', budget: { value: 5, unit: 'working_days' }, actions: ['record_result', 'send_back'] },
        { name: 'Trả kết quả', role: 'receptionist', budget: { value: 1, unit: 'working_days' }, actions: ['return_result'] },
      ],
    });
    assert.equal(saved.steps[1]!.tasks?.length, 3);
    assert.deepEqual(saved.steps[1]!.tasks![0], { position: 1, name: 'Phó trưởng phòng phân công', role: 'department_head', assignment: 'single_user', kind: 'handle', share: { value: 1, unit: 'half_days' } });
    assert.equal(saved.steps[0]!.tasks, undefined);

    const deputy = await officer('department_head');
    const { id, code } = await submittedDossier(ctx, await newCitizen(ctx), { now: SUBMITTED, procedureCode: RELATED_RIGHTS });
    await h.act(reception, id, 'accept', {}, T(0));
    // The hand-over names the deputy: the first task (single user) is theirs.
    await h.act(reception, id, 'forward', { assigneeId: deputy.id }, T(1));
    let row = await openRow(id);
    assert.equal(row.position, 2);
    assert.equal(row.task_position, 1);
    assert.equal(row.task_role, 'department_head');
    assert.equal(row.task_assignee_id, deputy.id);

    // The step is held by the task's role: the specialist may not forward; the head may not either, before the last task.
    await assert.rejects(h.act(specialist, id, 'forward', {}, T(2)), (e: unknown) => e instanceof ActionConflict && e.code === 'ACTION_FORBIDDEN');
    await assert.rejects(h.act(deputy, id, 'forward', {}, T(2)), (e: unknown) => isCode('TASKS_NOT_DONE')(e) && (e as DomainError).status === 409);
    assert.ok(!(await h.detail(deputy, id, T(2))).allowedActions.includes('forward'));

    // Single-user: another head may not complete it; the specialist is not of the role.
    await assert.rejects(h.taskAct(head, id, 'complete', {}, T(2)), (e: unknown) => isCode('TASK_ASSIGNEE_ONLY')(e) && (e as DomainError).status === 403);
    await assert.rejects(h.taskAct(specialist, id, 'complete', {}, T(2)), isCode('TASK_ROLE_FORBIDDEN'));
    const first = await h.taskAct(deputy, id, 'complete', { note: 'Giao chuyên viên' }, T(2));
    assert.equal(first.task?.position, 2);
    row = await openRow(id);
    assert.equal(row.task_position, 2);
    assert.equal(row.task_role, 'specialist');
    assert.equal(row.task_assignee_id, null);
    // Any officer of the role: it is in the specialist's queue.
    assert.ok(await inMine(specialist, code));

    await h.taskAct(specialist, id, 'complete', {}, T(3));
    // The review is single-user and nobody holds it: take it first.
    await assert.rejects(h.taskAct(head, id, 'complete', {}, T(4)), (e: unknown) => isCode('TASK_NOT_TAKEN')(e) && (e as DomainError).status === 409);
    await h.taskAct(head, id, 'take', {}, T(4));
    await assert.rejects(h.taskAct(deputy, id, 'take', {}, T(4)), isCode('TASK_ALREADY_TAKEN'));
    // A send-back needs a note.
    await assert.rejects(h.taskAct(head, id, 'return', {}, T(5)), isCode('VALIDATION_FAILED'));
    await h.taskAct(head, id, 'return', { note: 'Bổ sung ý kiến thẩm định' }, T(5));
    assert.equal((await openRow(id)).task_position, 2);
    await h.taskAct(specialist, id, 'complete', { note: 'Đã bổ sung' }, T(6));
    await h.taskAct(deputy, id, 'take', {}, T(6));
    assert.ok(await inMine(deputy, code));

    // Reassignment: not by a specialist; by the agency leader to another head (of the right role), audited.
    await assert.rejects(h.reassign(specialist, id, { assigneeId: head.id }, T(7)), (e: unknown) => isCode('REASSIGN_FORBIDDEN')(e) && (e as DomainError).status === 403);
    await assert.rejects(h.reassign(leader, id, { assigneeId: specialist.id }, T(7)), (e: unknown) => {
      assert.ok(e instanceof DomainError && e.code === 'VALIDATION_FAILED');
      assert.deepEqual(e.fieldErrors.map((f) => `${f.path} ${f.code}`), ['/assigneeId REASSIGN_OFFICER_INVALID']);
      return true;
    });
    await h.reassign(leader, id, { assigneeId: head.id, note: 'Trưởng phòng trực tiếp xem xét' }, T(7));
    row = await openRow(id);
    assert.equal(row.task_assignee_id, head.id);
    assert.ok(!(await inMine(deputy, code)), 'the previous holder no longer has it in their queue');
    assert.ok(await inMine(head, code));
    await assert.rejects(h.taskAct(deputy, id, 'complete', {}, T(8)), isCode('TASK_ASSIGNEE_ONLY'));
    const audit = await ctx.db.selectFrom('audit_log').select(['action', 'summary']).where('target_id', '=', id).where('action', '=', 'dossier.reassign').execute();
    assert.equal(audit.length, 1);
    assert.equal((audit[0]!.summary as Record<string, unknown>).from, deputy.id);
    assert.equal((audit[0]!.summary as Record<string, unknown>).to, head.id);

    // The last task done: the head keeps the dossier and forwards it.
    const last = await h.taskAct(head, id, 'complete', {}, T(8));
    assert.equal(last.task, null);
    assert.equal((await openRow(id)).task_position, 4);
    assert.ok((await h.detail(head, id, T(8))).allowedActions.includes('forward'));
    await assert.rejects(h.taskAct(head, id, 'complete', {}, T(8)), isCode('TASK_NONE'));
    await h.act(head, id, 'forward', {}, T(9));
    row = await openRow(id);
    assert.equal(row.position, 3);
    assert.equal(row.task_position, null);

    // The control sheet: the tasks under their step, in order (who, when, how).
    const sheet = await h.controlSheet(leader, id);
    assert.equal(sheet[0]!.tasks, undefined);
    assert.deepEqual(
      sheet[1]!.tasks!.map((t) => `${t.position} ${t.outcome} ${t.officer}`),
      [`1 done ${deputy.fullName}`, `2 done ${specialist.fullName}`, `3 returned ${head.fullName}`, `2 done ${specialist.fullName}`, `3 done ${head.fullName}`],
    );
    assert.equal(sheet[1]!.tasks![2]!.note, 'Bổ sung ý kiến thẩm định');
  });

  it('a stale version is refused (409 DOSSIER_CHANGED) and nothing moves', async () => {
    const { id } = await submittedDossier(ctx, await newCitizen(ctx), { now: SUBMITTED, procedureCode: RELATED_RIGHTS });
    await h.act(reception, id, 'accept', {}, T(0));
    await h.act(reception, id, 'forward', { assigneeId: head.id }, T(1));
    await assert.rejects(h.taskAct(head, id, 'complete', { expectedVersion: 0 }, T(2)), isCode('DOSSIER_CHANGED'));
    assert.equal((await openRow(id)).task_position, 1);
  });

  it('a step without tasks behaves as before: forward at once; the step can be reassigned', async () => {
    const { id } = await submittedDossier(ctx, await newCitizen(ctx), { now: SUBMITTED, procedureCode: RELATED_RIGHTS });
    await h.act(reception, id, 'accept', {}, T(0));
    await assert.rejects(h.taskAct(reception, id, 'complete', {}, T(1)), isCode('TASK_NONE'));
    // Step 1 (receptionist): not to a specialist (not of the step's role); to another receptionist, yes.
    await assert.rejects(h.reassign(leader, id, { assigneeId: (await officer('specialist')).id }, T(1)), isCode('VALIDATION_FAILED'));
    const colleague = await officer('receptionist');
    await h.reassign(leader, id, { assigneeId: colleague.id }, T(1));
    const row = await openRow(id);
    assert.equal(row.assignee_id, colleague.id);
    assert.equal(row.task_position, null);
    assert.equal((await ctx.db.selectFrom('dossiers').select('assignee_id').where('id', '=', id).executeTakeFirstOrThrow()).assignee_id, colleague.id);
    await h.act(colleague, id, 'forward', {}, T(2));
    assert.equal((await openRow(id)).position, 2);
  });
});
