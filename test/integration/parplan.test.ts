// The yearly PAR plan on a real database: a plan on the 2025 ministries' criteria set, tasks refused without an owner
// or a deadline, progress reported only by the owner department, evidence required to complete, the completion
// figures, the reminders (each once), the evidence offered to the PAR self-assessment, the demo seed.
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { before, describe, it } from 'node:test';
import type { Actor } from '../../src/core/actor.ts';
import { DomainError } from '../../src/core/errors.ts';
import { seedDemoParIndex } from '../../src/seed/parindex.ts';
import { seedDemoParPlan } from '../../src/seed/parplan.ts';
import { createTestContext } from '../helpers/db.ts';
import { actorByUsername, PDF } from '../helpers/dossiers.ts';

const ctx = await createTestContext({ demo: true });
const plans = ctx.services.parPlan;
const OFFICE = '000.00.12.G14';
let leader: Actor;
let specialist: Actor;
let receptionist: Actor;
let setId: string;
let qtg: string;
let mc: string;

const codeOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    return error instanceof DomainError ? error.code : String(error);
  }
};
const fieldsOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
    return [];
  } catch (error) {
    return error instanceof DomainError ? error.fieldErrors.map((e) => `${e.path}:${e.code}`) : [String(error)];
  }
};
const staged = (name = 'minh-chung.pdf') => ctx.services.files.stage(Readable.from([PDF]), name);

before(async () => {
  leader = await actorByUsername(ctx, 'demo.lanhdao');
  specialist = await actorByUsername(ctx, 'demo.chuyenvien');
  receptionist = await actorByUsername(ctx, 'demo.motcua');
  setId = (await plans.sets()).find((s) => s.kind === 'ministry' && s.year === 2025)!.id;
  const office = await ctx.services.agencies.byCode(OFFICE);
  const departments = await ctx.services.agencies.departmentsOf(office!.id);
  qtg = departments.find((d) => d.code === 'QTG')!.id;
  mc = departments.find((d) => d.code === 'MC')!.id;
});

describe('PAR plan: plans and tasks', () => {
  let planId: string;

  it('a leader creates the office’s 2025 plan on the 2025 set; a second one for the year is refused', async () => {
    const plan = await plans.create(leader, { agency: OFFICE, year: 2025, setId, title: 'Kế hoạch CCHC năm 2025' });
    planId = plan.id;
    assert.equal(plan.year, 2025);
    assert.equal(await codeOf(plans.create(leader, { agency: OFFICE, year: 2025, setId, title: 'Lần hai' })), 'PARPLAN_EXISTS');
  });

  it('refuses a set of another year, an agency the actor does not manage, and a specialist creating a plan', async () => {
    assert.deepEqual(await fieldsOf(plans.create(leader, { agency: OFFICE, year: 2024, setId, title: 'x' })), ['/setId:PARPLAN_SET_UNKNOWN']);
    assert.deepEqual(await fieldsOf(plans.create(leader, { agency: '000.00.13.G14', year: 2025, setId, title: 'x' })), ['/agency:PARPLAN_AGENCY_UNKNOWN']);
    assert.deepEqual(await fieldsOf(plans.create(specialist, { agency: OFFICE, year: 2025, setId, title: 'x' })), ['/agency:PARPLAN_AGENCY_UNKNOWN']);
  });

  it('refuses a task without owner or deadline, naming both fields, and stores nothing', async () => {
    const before = (await plans.detail(leader, planId)).tasks.length;
    assert.deepEqual(
      await fieldsOf(plans.addTask(leader, planId, { fieldCode: '1', title: 'Thiếu thông tin', ownerDepartmentId: '', deadline: '', expectedOutput: '', evidenceRequired: true })),
      ['/ownerDepartmentId:PARPLAN_OWNER_REQUIRED', '/deadline:PARPLAN_DEADLINE_REQUIRED'],
    );
    assert.equal((await plans.detail(leader, planId)).tasks.length, before);
  });

  it('only the plan’s managers add tasks', async () => {
    assert.equal(await codeOf(plans.addTask(specialist, planId, { fieldCode: '1', title: 'x', ownerDepartmentId: qtg, deadline: '2025-05-01', expectedOutput: '', evidenceRequired: false })), 'FORBIDDEN');
  });

  it('progress: only the owner department reports; 100% needs the evidence; the figures follow', async () => {
    const a = await plans.addTask(leader, planId, { fieldCode: '1', title: 'Ban hành kế hoạch tuyên truyền', ownerDepartmentId: qtg, deadline: '2025-03-31', expectedOutput: 'Kế hoạch', evidenceRequired: true });
    const b = await plans.addTask(leader, planId, { fieldCode: '3', title: 'Niêm yết TTHC', ownerDepartmentId: mc, deadline: '2025-06-30', expectedOutput: '', evidenceRequired: false });
    // Someone outside the owner department: refused, nothing written.
    assert.equal(await codeOf(plans.report(receptionist, a.id, { progress: 50, note: 'Không phải phòng chủ trì' })), 'PARPLAN_NOT_OWNER');
    assert.equal(await codeOf(plans.report(leader, a.id, { progress: 50, note: 'Lãnh đạo không thuộc phòng' })), 'PARPLAN_NOT_OWNER');
    assert.equal((await plans.task(leader, a.id)).reports.length, 0);
    // 100% without the evidence the task requires: refused on /file.
    assert.deepEqual(await fieldsOf(plans.report(specialist, a.id, { progress: 100, note: 'Xong' })), ['/file:PARPLAN_EVIDENCE_REQUIRED']);
    await plans.report(specialist, a.id, { progress: 60, note: 'Đã có dự thảo' });
    const done = await plans.report(specialist, a.id, { progress: 100, note: 'Đã ban hành' }, await staged(), new Date('2025-03-20T02:00:00Z'));
    assert.equal(done.status, 'done');
    assert.equal(await codeOf(plans.report(specialist, a.id, { progress: 100, note: 'Lần nữa' })), 'PARPLAN_TASK_CLOSED');
    // The other task, owned by the one-stop desk, reported by its receptionist without evidence (not required).
    await plans.report(receptionist, b.id, { progress: 100, note: 'Đã niêm yết' }, null, new Date('2025-07-03T02:00:00Z'));
    const d = await plans.detail(leader, planId, new Date('2025-08-01T02:00:00Z'));
    assert.deepEqual(d.completion.plan, { total: 2, done: 2, onTime: 1, overdue: 0, rate: 100, meanProgress: 100 });
    assert.equal(d.completion.byField.get('1')!.onTime, 1);
    assert.equal(d.completion.byField.get('3')!.onTime, 0);
    assert.equal(d.completion.byDepartment.get(qtg)!.done, 1);
    const task = await plans.task(specialist, a.id);
    assert.equal(task.reports.length, 2);
    assert.equal(task.reports.filter((r) => r.file_id).length, 1);
    // The evidence is offered to the office’s 2025 self-assessment, under field 1, with its download.
    const offered = await plans.evidenceFor(d.plan.agency_id, 2025);
    assert.deepEqual(offered.map((e) => [e.field_code, e.task_title]), [['1', 'Ban hành kế hoạch tuyên truyền']]);
    const opened = await plans.evidenceFile(leader, a.id, offered[0]!.report_id);
    assert.equal(opened.file.media_type, 'application/pdf');
    // The audit log has each step.
    const actions = (await ctx.db.selectFrom('audit_log').select('action').where('action', 'like', 'parplan.%').execute()).map((r) => r.action);
    for (const action of ['parplan.create', 'parplan.task.add', 'parplan.task.report']) assert.ok(actions.includes(action), action);
  });

  it('staff of another agency do not see the plan', async () => {
    const other = { ...specialist, agencyId: (await ctx.services.agencies.byCode('000.00.13.G14'))!.id, departmentId: null, roles: [] };
    assert.equal(await codeOf(plans.detail(other, planId)), 'PARPLAN_UNKNOWN');
  });

  it('reminds the owner department once before the deadline and once when it has passed', async () => {
    const task = await plans.addTask(leader, planId, { fieldCode: '5', title: 'Đánh giá công chức', ownerDepartmentId: qtg, deadline: '2025-10-15', expectedOutput: '', evidenceRequired: false });
    const mails = async () => Number((await ctx.db.selectFrom('mail_messages').select((eb) => eb.fn.countAll().as('n')).where('subject', 'like', '%Đánh giá công chức%').executeTakeFirstOrThrow()).n);
    // 13/10/2025 (Monday): two working days before → "soon", once.
    assert.deepEqual(await plans.remind(new Date('2025-10-13T02:00:00Z')), { soon: 1, overdue: 0 });
    const afterSoon = await mails();
    assert.ok(afterSoon >= 1, 'the department’s staff are mailed');
    assert.deepEqual(await plans.remind(new Date('2025-10-14T02:00:00Z')), { soon: 0, overdue: 0 });
    // 16/10: overdue, once.
    assert.deepEqual(await plans.remind(new Date('2025-10-16T02:00:00Z')), { soon: 0, overdue: 1 });
    assert.deepEqual(await plans.remind(new Date('2025-10-17T02:00:00Z')), { soon: 0, overdue: 0 });
    assert.equal(await mails(), afterSoon * 2);
    assert.ok((await plans.task(leader, task.id)).task.overdue_at);
  });

  it('a cancelled task takes no report and leaves the figures', async () => {
    const task = await plans.addTask(leader, planId, { fieldCode: '7', title: 'Bỏ', ownerDepartmentId: qtg, deadline: '2025-12-01', expectedOutput: '', evidenceRequired: false });
    await plans.cancelTask(leader, task.id);
    assert.equal(await codeOf(plans.report(specialist, task.id, { progress: 10, note: 'x' })), 'PARPLAN_TASK_CLOSED');
    assert.equal(await codeOf(plans.cancelTask(leader, task.id)), 'PARPLAN_TASK_CLOSED');
  });
});

describe('PAR plan: the demo', () => {
  it('draws up the office’s 2026 plan once (after the PAR Index demo made the 2026 sets)', async () => {
    await seedDemoParIndex(ctx);
    assert.equal(await seedDemoParPlan(ctx), 6);
    assert.equal(await seedDemoParPlan(ctx), null);
  });
});
