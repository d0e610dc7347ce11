// Reminders and escalation: the handler of a step and their department head are told (in-app and e-mail) when
// the step is due within a few working hours and again when it is overdue, once per step and kind.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTestContext } from '../helpers/db.ts';
import { actorByUsername, submittedDossier } from '../helpers/dossiers.ts';
import { reminderRecipients } from '../../src/modules/handling/handling.reminders.ts';

const ctx = await createTestContext({ demo: true });

async function reminders(dossierId: string) {
  return ctx.db
    .selectFrom('notifications as n')
    .innerJoin('accounts as a', 'a.id', 'n.account_id')
    .select(['a.username', 'n.title', 'n.link'])
    .where('n.dossier_id', '=', dossierId)
    .where('n.kind', '=', 'dossier.reminder')
    .orderBy('n.created_at')
    .execute();
}

describe('officer reminders', () => {
  it('due soon, then overdue: the specialists holding the step and their department head, once per kind', async () => {
    const citizen = await actorByUsername(ctx, 'demo.congdan');
    const motcua = await actorByUsername(ctx, 'demo.motcua');
    const { id, code } = await submittedDossier(ctx, citizen);
    await ctx.services.handling.act(motcua, id, 'accept');
    await ctx.services.handling.act(motcua, id, 'forward');
    const step = await ctx.db.selectFrom('dossier_steps').select(['id', 'due_at', 'role']).where('dossier_id', '=', id).where('finished_at', 'is', null).executeTakeFirstOrThrow();
    assert.equal(step.role, 'specialist');
    assert.ok(step.due_at);
    const due = step.due_at!;

    // Long before the deadline: nothing.
    const early = await ctx.services.officerReminders.run(new Date(due.getTime() - 20 * 86_400_000));
    assert.equal(early.dueSoon + early.overdue, 0);
    assert.equal((await reminders(id)).length, 0);

    // One hour before (within 4 working hours): due-soon reminder to the specialist and the head, once.
    const soon = new Date(due.getTime() - 3_600_000);
    const first = await ctx.services.officerReminders.run(soon);
    assert.ok(first.dueSoon >= 1);
    const afterSoon = await reminders(id);
    assert.deepEqual(afterSoon.map((r) => r.username).sort(), ['demo.chuyenvien', 'demo.truongphong']);
    assert.ok(afterSoon.every((r) => r.title === `Hồ sơ ${code} sắp đến hạn xử lý` && r.link === `/can-bo/ho-so/${id}`));
    await ctx.services.officerReminders.run(soon);
    assert.equal((await reminders(id)).length, 2, 'not repeated');

    // Overdue: told again, once.
    const late = new Date(due.getTime() + 3_600_000);
    const second = await ctx.services.officerReminders.run(late);
    assert.ok(second.overdue >= 1);
    await ctx.services.officerReminders.run(late);
    const all = await reminders(id);
    assert.equal(all.length, 4);
    assert.equal(all.filter((r) => r.title === `Hồ sơ ${code} đã quá hạn xử lý`).length, 2);
    const mails = await ctx.db.selectFrom('mail_messages').select(['subject']).where('subject', 'like', `%${code}%`).where('subject', 'like', '%hạn xử lý%').execute();
    assert.ok(mails.length >= 2, 'e-mails queued for recipients with an address');
    const rows = await ctx.db.selectFrom('officer_reminders').select(['kind', 'recipients']).where('dossier_id', '=', id).orderBy('kind').execute();
    assert.deepEqual(rows, [{ kind: 'due_soon', recipients: 2 }, { kind: 'overdue', recipients: 2 }]);
  });

  it('a paused dossier (waiting for the applicant) is not reminded', async () => {
    const citizen = await actorByUsername(ctx, 'demo.congdan');
    const motcua = await actorByUsername(ctx, 'demo.motcua');
    const { id } = await submittedDossier(ctx, citizen);
    await ctx.services.handling.act(motcua, id, 'accept');
    await ctx.services.handling.act(motcua, id, 'request_supplement', { items: ['Bản sao CCCD'] });
    const step = await ctx.db.selectFrom('dossier_steps').select(['due_at']).where('dossier_id', '=', id).where('finished_at', 'is', null).executeTakeFirstOrThrow();
    await ctx.services.officerReminders.run(new Date(step.due_at!.getTime() + 3_600_000));
    assert.equal((await reminders(id)).length, 0);
  });

  it('recipients: the assignee alone when assigned; otherwise the role holders of the department; heads of those departments', () => {
    const officers = [
      { id: 'a', full_name: 'A', email: null, department_id: 'd1', role: 'specialist' },
      { id: 'b', full_name: 'B', email: null, department_id: 'd2', role: 'specialist' },
      { id: 'h1', full_name: 'H1', email: null, department_id: 'd1', role: 'department_head' },
      { id: 'h2', full_name: 'H2', email: null, department_id: 'd2', role: 'department_head' },
    ];
    const byDepartment = reminderRecipients({ role: 'specialist', department_id: 'd1', assignee_id: null }, null, officers);
    assert.deepEqual(byDepartment.handlers.map((h) => h.id), ['a']);
    assert.deepEqual(byDepartment.heads.map((h) => h.id), ['h1']);
    const assigned = reminderRecipients({ role: 'specialist', department_id: null, assignee_id: 'b' }, { id: 'b', full_name: 'B', email: null, department_id: 'd2' }, officers);
    assert.deepEqual(assigned.handlers.map((h) => h.id), ['b']);
    assert.deepEqual(assigned.heads.map((h) => h.id), ['h2']);
    const headStep = reminderRecipients({ role: 'department_head', department_id: 'd1', assignee_id: null }, null, officers);
    assert.deepEqual(headStep.handlers.map((h) => h.id), ['h1']);
    assert.deepEqual(headStep.heads, [], 'the head is not told twice');
  });
});
