import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Actor } from '../../src/core/actor.ts';
import { DomainError } from '../../src/core/errors.ts';
import type { AppContext } from '../../src/container.ts';
import { actorOf } from '../../src/modules/identity/identity.service.ts';
import { ActionConflict } from '../../src/modules/handling/handling.rules.ts';
import { createTestContext } from '../helpers/db.ts';
import { actorByUsername, COPYRIGHT_PROCEDURE, newCitizen, submittedDossier } from '../helpers/dossiers.ts';
import { workflowFor } from '../helpers/workflows.ts';

type Ctx = AppContext & { url: string };

// Wednesday 18/11/2026 09:00 in Vietnam. The copyright procedure's limit is 15 working days; no holidays until
// 9/12: the day of receipt is not counted → due Wednesday 09/12/2026 at 17:00 (10:00Z).
const SUBMITTED = new Date('2026-11-17T03:00:00Z');
const WEDNESDAY = new Date('2026-11-18T02:00:00Z');
const DUE_FROM_WEDNESDAY = '2026-12-09T10:00:00.000Z';

const ctx: Ctx = await createTestContext({ demo: true });
const [reception, specialist, head, leader] = (await Promise.all(['demo.motcua', 'demo.chuyenvien', 'demo.truongphong', 'demo.lanhdao'].map((u) => actorByUsername(ctx, u)))) as [Actor, Actor, Actor, Actor];

async function dossierFor(applicant?: Actor, procedureCode = COPYRIGHT_PROCEDURE) {
  const who = applicant ?? (await newCitizen(ctx));
  const submitted = await submittedDossier(ctx, who, { now: SUBMITTED, procedureCode });
  return { id: submitted.id, code: submitted.code, applicant: who };
}

async function row(id: string) {
  return ctx.db.selectFrom('dossiers').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** Events, audit entries and outbox messages of a dossier (the three writes of every action). */
async function writes(id: string) {
  const [events, audit, outbox] = await Promise.all([
    ctx.db.selectFrom('dossier_events').select((eb) => eb.fn.countAll<string>().as('n')).where('dossier_id', '=', id).executeTakeFirstOrThrow(),
    ctx.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).where('target_id', '=', id).executeTakeFirstOrThrow(),
    ctx.db.selectFrom('outbox').select((eb) => eb.fn.countAll<string>().as('n')).where('topic', '=', 'dossier.status').where(sql<string>`payload->>'dossierId'`, '=', id).executeTakeFirstOrThrow(),
  ]);
  return { events: Number(events.n), audit: Number(audit.n), outbox: Number(outbox.n) };
}

async function staffOf(agencyCode: string, role: 'receptionist' | 'specialist'): Promise<Actor> {
  const agency = await ctx.db.selectFrom('agencies').select('id').where('code', '=', agencyCode).executeTakeFirstOrThrow();
  const suffix = randomBytes(4).toString('hex');
  const account = await ctx.db
    .insertInto('accounts')
    .values({ username: `staff.${suffix}`, kind: 'staff', status: 'active', password_hash: 'x', full_name: 'Trần Văn Khác', agency_id: agency.id })
    .returningAll()
    .executeTakeFirstOrThrow();
  await ctx.db.insertInto('account_roles').values({ account_id: account.id, role, agency_id: agency.id }).execute();
  return actorOf(account, [{ role, agencyId: agency.id }]);
}

function isCode(code: string) {
  return (error: unknown) => error instanceof DomainError && error.code === code;
}

describe('accept', () => {
  it('sets received_at, due_at = appointment_at = the calendar\'s due date, the fee, and opens the first control-sheet row; event + audit + outbox', async () => {
    const { id, code, applicant } = await dossierFor();
    const before = await writes(id);
    const result = await ctx.services.handling.act(reception, id, 'accept', {}, WEDNESDAY);
    assert.equal(result.status, 2);
    assert.equal(result.previousStatus, 1);
    const d = await row(id);
    const expected = await ctx.services.calendar.due({ from: WEDNESDAY, workingDays: 15, agencyId: d.agency_id });
    assert.equal(d.due_at!.getTime(), expected.at);
    assert.equal(d.due_at!.toISOString(), DUE_FROM_WEDNESDAY);
    assert.equal(d.appointment_at!.toISOString(), DUE_FROM_WEDNESDAY);
    assert.equal(d.received_at!.toISOString(), WEDNESDAY.toISOString());
    assert.equal(Number(d.fee_vnd), 100_000);
    assert.equal(d.version, 1);
    assert.equal(d.current_step, 1);
    assert.equal(d.assignee_id, reception.id);
    assert.deepEqual(await writes(id), { events: before.events + 1, audit: before.audit + 1, outbox: before.outbox + 1 });
    const event = await ctx.db.selectFrom('dossier_events').selectAll().where('dossier_id', '=', id).where('action', '=', 'accept').executeTakeFirstOrThrow();
    assert.equal(event.status, 2);
    assert.equal(event.handler_name, reception.fullName);
    assert.equal(event.department, 'Bộ phận Một cửa');
    assert.equal(event.legal_end!.toISOString(), DUE_FROM_WEDNESDAY);
    const message = await ctx.db.selectFrom('outbox').select('payload').where('topic', '=', 'dossier.status').where(sql<string>`payload->>'dossierId'`, '=', id).executeTakeFirstOrThrow();
    const payload = message.payload as Record<string, unknown>;
    assert.equal(payload.code, code);
    assert.equal(payload.applicantId, applicant.id);
    assert.equal(payload.agencyId, d.agency_id);
    assert.equal(payload.status, 2);
    assert.equal(payload.previousStatus, 1);
    assert.equal(payload.action, 'accept');
    assert.equal(payload.at, WEDNESDAY.toISOString());
    assert.match(String(payload.content), /09\/12\/2026/);
    const sheet = await ctx.services.handling.controlSheet(reception, id);
    assert.equal(sheet.length, 1);
    assert.equal(sheet[0]!.position, 1);
    assert.equal(sheet[0]!.role, 'receptionist');
    assert.equal(sheet[0]!.startedAt, WEDNESDAY.toISOString());
    assert.equal(sheet[0]!.finishedAt, null);
    assert.ok(sheet[0]!.dueAt, 'the step has a budget due instant');
  });

  it('received on a Saturday: due_at equals calendar.due (counted from the next working day)', async () => {
    const { id } = await dossierFor();
    const saturday = new Date('2026-11-21T03:00:00Z');
    await ctx.services.handling.act(reception, id, 'accept', {}, saturday);
    const d = await row(id);
    const expected = await ctx.services.calendar.due({ from: saturday, workingDays: 15, agencyId: d.agency_id });
    assert.equal(d.due_at!.getTime(), expected.at);
    // Monday 23/11 counts as the day of receipt → 15 working days later: Monday 14/12/2026 17:00.
    assert.equal(d.due_at!.toISOString(), '2026-12-14T10:00:00.000Z');
  });
});

describe('supplement: the clock pauses and resumes', () => {
  it('a pause from Friday 10:00 to Monday 10:00 (8 working hours across a weekend) moves due_at one working day later', async () => {
    const { id, applicant } = await dossierFor();
    await ctx.services.handling.act(reception, id, 'accept', {}, WEDNESDAY);
    await ctx.services.handling.act(reception, id, 'forward', { departmentCode: 'QTG' }, new Date('2026-11-18T04:00:00Z'));
    const stepBefore = (await ctx.db.selectFrom('dossier_steps').selectAll().where('dossier_id', '=', id).where('finished_at', 'is', null).executeTakeFirstOrThrow());
    const friday = new Date('2026-11-20T03:00:00Z');
    const requested = await ctx.services.handling.act(specialist, id, 'request_supplement', { items: ['Bản sao tác phẩm có chữ ký', 'Giấy ủy quyền'] }, friday);
    assert.equal(requested.status, 5);
    let d = await row(id);
    assert.equal(d.paused_at!.toISOString(), friday.toISOString());
    const pause = await ctx.db.selectFrom('dossier_pauses').selectAll().where('dossier_id', '=', id).executeTakeFirstOrThrow();
    assert.equal(pause.kind, 'supplement');
    assert.equal(pause.ended_at, null);
    assert.equal(pause.reason, 'Bản sao tác phẩm có chữ ký\nGiấy ủy quyền');

    const monday = new Date('2026-11-23T03:00:00Z');
    const resumed = await ctx.services.handling.act(applicant, id, 'respond_supplement', { note: 'Đã nộp bổ sung' }, monday);
    assert.equal(resumed.status, 4);
    d = await row(id);
    assert.equal(d.paused_at, null);
    assert.equal(d.due_at!.toISOString(), '2026-12-10T10:00:00.000Z');
    assert.equal(d.appointment_at!.toISOString(), '2026-12-10T10:00:00.000Z');
    const expected = await ctx.services.calendar.due({ from: WEDNESDAY, workingDays: 15, agencyId: d.agency_id, pauses: [{ from: friday, to: monday }] });
    assert.equal(d.due_at!.getTime(), expected.at);
    const closed = await ctx.db.selectFrom('dossier_pauses').selectAll().where('dossier_id', '=', id).executeTakeFirstOrThrow();
    assert.equal(closed.ended_at!.toISOString(), monday.toISOString());
    // The open step's budget moved too.
    const stepAfter = await ctx.db.selectFrom('dossier_steps').selectAll().where('id', '=', stepBefore.id).executeTakeFirstOrThrow();
    assert.ok(stepAfter.due_at!.getTime() > stepBefore.due_at!.getTime());
  });

  it('a supplement requested before reception returns to status 1 when answered', async () => {
    const { id, applicant } = await dossierFor();
    await ctx.services.handling.act(reception, id, 'request_supplement', { items: ['Tờ khai có chữ ký'] }, WEDNESDAY);
    const result = await ctx.services.handling.act(applicant, id, 'respond_supplement', {}, new Date('2026-11-19T02:00:00Z'));
    assert.equal(result.status, 1);
    assert.equal((await row(id)).due_at, null);
  });

  it('no items (or blank ones) → 422, nothing written', async () => {
    const { id } = await dossierFor();
    const before = await writes(id);
    for (const items of [[], ['   ']]) {
      await assert.rejects(ctx.services.handling.act(reception, id, 'request_supplement', { items }, WEDNESDAY), (e: unknown) => e instanceof DomainError && e.status === 422 && e.fieldErrors[0]?.path === '/items');
    }
    assert.deepEqual(await writes(id), before);
    assert.equal((await row(id)).status, 1);
  });
});

describe('apology (form 04)', () => {
  it('before the appointment: new appointment set, due_at unchanged; after the due date: refused; a new date before the old one: 422; the result still counts late', async () => {
    const { id } = await dossierFor();
    await ctx.services.handling.act(reception, id, 'accept', {}, WEDNESDAY);
    await ctx.services.handling.act(reception, id, 'forward', {}, WEDNESDAY);
    await assert.rejects(
      ctx.services.handling.act(specialist, id, 'apologise', { reason: 'Cần xác minh', newAppointment: '2026-12-08' }, new Date('2026-12-01T03:00:00Z')),
      (e: unknown) => e instanceof DomainError && e.status === 422 && e.fieldErrors.some((f) => f.path === '/newAppointment' && f.code === 'APOLOGY_DATE_NOT_LATER'),
    );
    await assert.rejects(
      ctx.services.handling.act(specialist, id, 'apologise', { reason: 'Cần xác minh', newAppointment: '2026-12-20' }, new Date('2026-12-09T10:30:00Z')),
      isCode('APOLOGY_TOO_LATE'),
    );
    const result = await ctx.services.handling.act(specialist, id, 'apologise', { reason: 'Cần xác minh với tác giả', newAppointment: '2026-12-16' }, new Date('2026-12-01T03:00:00Z'));
    assert.equal(result.status, 4);
    const d = await row(id);
    assert.equal(d.due_at!.toISOString(), DUE_FROM_WEDNESDAY);
    assert.equal(d.appointment_at!.toISOString(), '2026-12-16T10:00:00.000Z');
    // Forward to the head, the leader, then the leader records the result after the due day: late.
    await ctx.services.handling.act(specialist, id, 'forward', {}, new Date('2026-12-10T02:00:00Z'));
    await ctx.services.handling.act(head, id, 'forward', {}, new Date('2026-12-11T02:00:00Z'));
    const recorded = await ctx.services.handling.act(leader, id, 'record_result', {}, new Date('2026-12-14T02:00:00Z'));
    assert.equal(recorded.status, 9);
    assert.equal(recorded.timeliness, 'late');
  });
});

describe('concurrency', () => {
  it('two officers acting with the same version: exactly one wins, the other gets 409 DOSSIER_CHANGED with the current status and allowed actions', async () => {
    const { id } = await dossierFor();
    const before = await writes(id);
    const { version } = await row(id);
    const results = await Promise.allSettled([
      ctx.services.handling.act(reception, id, 'accept', { expectedVersion: version }, WEDNESDAY),
      ctx.services.handling.act(reception, id, 'refuse', { expectedVersion: version, reasons: ['Hồ sơ không thuộc thẩm quyền'] }, WEDNESDAY),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    assert.equal(won.length, 1);
    assert.equal(lost.length, 1);
    const error = lost[0]!.reason as ActionConflict;
    assert.ok(error instanceof ActionConflict, String(error));
    assert.equal(error.code, 'DOSSIER_CHANGED');
    assert.equal(error.status, 409);
    const d = await row(id);
    assert.equal(error.currentStatus, d.status);
    assert.equal(d.version, version + 1);
    assert.deepEqual(await writes(id), { events: before.events + 1, audit: before.audit + 1, outbox: before.outbox + 1 });
    // A stale expected version is refused before anything is computed.
    await assert.rejects(ctx.services.handling.act(reception, id, 'withdraw', { expectedVersion: version }, WEDNESDAY), isCode('DOSSIER_CHANGED'));
  });
});

describe('authorisation and bad input', () => {
  it('an officer of another agency gets NOT_FOUND (act, detail, control sheet); so does another citizen', async () => {
    const { id } = await dossierFor();
    const outsider = await staffOf('000.00.13.G14', 'receptionist');
    await assert.rejects(ctx.services.handling.act(outsider, id, 'accept', {}, WEDNESDAY), isCode('NOT_FOUND'));
    await assert.rejects(ctx.services.handling.detail(outsider, id), isCode('NOT_FOUND'));
    await assert.rejects(ctx.services.handling.controlSheet(outsider, id), isCode('NOT_FOUND'));
    const stranger = await newCitizen(ctx);
    await assert.rejects(ctx.services.handling.act(stranger, id, 'withdraw', {}, WEDNESDAY), isCode('NOT_FOUND'));
    await assert.rejects(ctx.services.handling.act(reception, '00000000-0000-4000-8000-000000000000', 'accept', {}, WEDNESDAY), isCode('NOT_FOUND'));
  });

  it('an action the status does not permit → 409 ACTION_NOT_ALLOWED listing what this officer may do; nothing written', async () => {
    const { id } = await dossierFor();
    const before = await writes(id);
    await assert.rejects(ctx.services.handling.act(reception, id, 'record_result', {}, WEDNESDAY), (e: unknown) => {
      assert.ok(e instanceof ActionConflict);
      assert.equal(e.code, 'ACTION_NOT_ALLOWED');
      assert.deepEqual([...e.allowedActions].sort(), ['accept', 'refuse', 'request_supplement', 'withdraw']);
      return true;
    });
    // Permitted by the status but not for this role → 403.
    await assert.rejects(ctx.services.handling.act(specialist, id, 'accept', {}, WEDNESDAY), isCode('ACTION_FORBIDDEN'));
    assert.deepEqual(await writes(id), before);
  });

  it('refuse needs reasons; send_back needs a reason', async () => {
    const { id } = await dossierFor();
    await assert.rejects(ctx.services.handling.act(reception, id, 'refuse', { reasons: [' '] }, WEDNESDAY), (e: unknown) => e instanceof DomainError && e.status === 422);
    const refused = await ctx.services.handling.act(reception, id, 'refuse', { reasons: ['Không thuộc thẩm quyền giải quyết'] }, WEDNESDAY);
    assert.equal(refused.status, 3);
    assert.equal((await row(id)).finished_at!.toISOString(), WEDNESDAY.toISOString());
  });
});

describe('the whole journey, the control sheet and the queue', () => {
  it('accept → specialist → head → leader → result → returned: one control-sheet row per hand-over, graded', async () => {
    const { id, code, applicant } = await dossierFor(await newCitizen(ctx, 'Vũ Hồng Nhung'));
    const h = ctx.services.handling;
    await h.act(reception, id, 'accept', {}, WEDNESDAY);
    // The specialist's queue (department QTG) shows it once forwarded; the head's "mine" does not yet.
    await h.act(reception, id, 'forward', { departmentCode: 'QTG' }, new Date('2026-11-18T03:00:00Z'));
    const mine = await h.queue(specialist, { scope: 'mine' }, new Date('2026-11-18T04:00:00Z'));
    assert.ok(mine.items.some((i) => i.id === id));
    assert.ok(!(await h.queue(head, { scope: 'mine' }, new Date('2026-11-18T04:00:00Z'))).items.some((i) => i.id === id));
    assert.ok((await h.queue(head, { scope: 'department' }, new Date('2026-11-18T04:00:00Z'))).items.some((i) => i.id === id));
    assert.ok((await h.queue(leader, { scope: 'agency', q: code.slice(-6) }, new Date('2026-11-18T04:00:00Z'))).items.some((i) => i.id === id));
    assert.ok((await h.queue(leader, { scope: 'agency', q: 'Hồng Nhung' }, new Date('2026-11-18T04:00:00Z'))).items.some((i) => i.id === id));
    // Due categories against `now`.
    const dueSoon = await h.queue(leader, { scope: 'agency', due: 'soon' }, new Date('2026-12-07T02:00:00Z'));
    assert.ok(dueSoon.items.some((i) => i.id === id && i.dueCategory === 'soon'));
    const dueToday = await h.queue(leader, { scope: 'agency', due: 'today' }, new Date('2026-12-09T02:00:00Z'));
    assert.ok(dueToday.items.some((i) => i.id === id && i.dueCategory === 'today'));
    assert.ok(!(await h.queue(leader, { scope: 'agency', due: 'overdue' }, new Date('2026-12-09T02:00:00Z'))).items.some((i) => i.id === id));
    assert.ok((await h.queue(leader, { scope: 'agency', due: 'overdue' }, new Date('2026-12-10T02:00:00Z'))).items.some((i) => i.id === id));

    const detail = await h.detail(specialist, id, new Date('2026-11-18T04:00:00Z'));
    assert.ok(detail.allowedActions.includes('forward'));
    assert.ok(detail.allowedActions.includes('request_supplement'));
    assert.ok(!detail.allowedActions.includes('record_result'));
    assert.equal(detail.workflow.source, 'builtin');
    assert.ok(detail.files.length >= 1);
    assert.equal(detail.formData.requestContent !== undefined, true);

    // Sent back by the head with a reason: the control sheet notes it and the specialist gets it again.
    await h.act(specialist, id, 'forward', {}, new Date('2026-11-25T03:00:00Z'));
    await assert.rejects(h.act(head, id, 'send_back', {}, new Date('2026-11-26T03:00:00Z')), (e: unknown) => e instanceof DomainError && e.status === 422);
    await h.act(head, id, 'send_back', { reason: 'Bổ sung ý kiến thẩm định' }, new Date('2026-11-26T03:00:00Z'));
    await h.act(specialist, id, 'forward', {}, new Date('2026-11-27T03:00:00Z'));
    await h.act(head, id, 'forward', {}, new Date('2026-11-30T03:00:00Z'));
    const recorded = await h.act(leader, id, 'record_result', {}, new Date('2026-12-01T03:00:00Z'));
    assert.equal(recorded.status, 9);
    assert.equal(recorded.timeliness, 'early');
    assert.deepEqual(recorded.allowedActions, []);
    const returned = await h.act(reception, id, 'return_result', { method: 'counter' }, new Date('2026-12-02T03:00:00Z'));
    assert.equal(returned.status, 10);
    const d = await row(id);
    assert.equal(d.return_method, 'counter');
    assert.equal(d.returned_at!.toISOString(), '2026-12-02T03:00:00.000Z');
    assert.equal(d.finished_at!.toISOString(), '2026-12-01T03:00:00.000Z');
    assert.equal(d.timeliness, 'early');
    assert.equal(d.electronic_result, false, 'no signed result (src/modules/results) was issued');

    const sheet = await h.controlSheet(applicant, id);
    assert.deepEqual(sheet.map((r) => `${r.position}:${r.outcome}`), ['1:forward', '2:forward', '3:send_back', '2:forward', '3:forward', '4:record_result', '5:return_result']);
    assert.ok(sheet.every((r) => r.finishedAt !== null));
    assert.equal(sheet[1]!.department, 'Phòng Quyền tác giả, quyền liên quan');
    assert.equal(sheet[2]!.note, 'Bổ sung ý kiến thẩm định');
    // Graded against each step's own budget: the first specialist step (budget 15 half-days from 18/11 10:00)
    // ended on 25/11, before its due day; the reception step (1–2 half-days) ended within the hour.
    const vnDay = (t: string) => new Date(new Date(t).getTime() + 7 * 3600_000).toISOString().slice(0, 10);
    for (const r of sheet) {
      assert.ok(r.dueAt, `row ${r.position} has a budget`);
      const expected = new Date(r.finishedAt!) > new Date(r.dueAt!) ? 'late' : vnDay(r.finishedAt!) < vnDay(r.dueAt!) ? 'early' : 'on_time';
      assert.equal(r.result, expected, `row ${r.position} (${r.outcome})`);
    }
    assert.equal(sheet[1]!.result, 'early');
    // Handed over by: each row names who handed it over.
    assert.equal(sheet[3]!.handedOverBy, head.fullName);
    const events = await ctx.db.selectFrom('dossier_events').select(['action', 'status']).where('dossier_id', '=', id).orderBy('id').execute();
    assert.deepEqual(events.map((e) => e.action), ['submit', 'accept', 'forward', 'forward', 'send_back', 'forward', 'forward', 'record_result', 'return_result']);
    // Every action wrote its audit entry and its outbox message too.
    const audited = await ctx.db.selectFrom('audit_log').select('action').where('target_id', '=', id).where('action', 'in', events.slice(1).map((e) => `dossier.${e.action}`)).orderBy('id').execute();
    assert.deepEqual(audited.map((a) => a.action), events.slice(1).map((e) => `dossier.${e.action}`));
    const messages = await ctx.db.selectFrom('outbox').select('payload').where('topic', '=', 'dossier.status').where(sql<string>`payload->>'dossierId'`, '=', id).orderBy('id').execute();
    assert.deepEqual(messages.map((m) => `${(m.payload as { action: string }).action}:${(m.payload as { previousStatus: number }).previousStatus}→${(m.payload as { status: number }).status}`), [
      'accept:1→2', 'forward:2→4', 'forward:4→4', 'send_back:4→4', 'forward:4→4', 'forward:4→4', 'record_result:4→9', 'return_result:9→10',
    ]);
  });

  it('a step past its budget is graded late', async () => {
    const { id } = await dossierFor();
    await ctx.services.handling.act(reception, id, 'accept', {}, WEDNESDAY);
    // The reception step has a budget of a few half-days; forwarding a week later is late.
    await ctx.services.handling.act(reception, id, 'forward', {}, new Date('2026-11-25T03:00:00Z'));
    const sheet = await ctx.services.handling.controlSheet(reception, id);
    assert.equal(sheet[0]!.result, 'late');
  });

  it('record_result on the due day → on_time; withdraw by the applicant and stop by the leader end processing', async () => {
    const h = ctx.services.handling;
    const a = await dossierFor();
    await h.act(reception, a.id, 'accept', {}, WEDNESDAY);
    await h.act(reception, a.id, 'forward', {}, WEDNESDAY);
    await h.act(specialist, a.id, 'forward', {}, WEDNESDAY);
    await h.act(head, a.id, 'forward', {}, WEDNESDAY);
    const onTime = await h.act(leader, a.id, 'record_result', {}, new Date('2026-12-09T11:00:00Z')); // 18:00 on the due day
    assert.equal(onTime.timeliness, 'on_time');

    const b = await dossierFor();
    await h.act(reception, b.id, 'accept', {}, WEDNESDAY);
    const withdrawn = await h.act(b.applicant, b.id, 'withdraw', { reason: 'Không còn nhu cầu' }, new Date('2026-11-19T02:00:00Z'));
    assert.equal(withdrawn.status, 7);
    const sheetB = await h.controlSheet(reception, b.id);
    assert.equal(sheetB[0]!.outcome, 'withdraw');

    const c = await dossierFor();
    await h.act(reception, c.id, 'accept', {}, WEDNESDAY);
    await h.act(reception, c.id, 'request_payment', { amountVnd: 300_000 }, WEDNESDAY);
    assert.equal(Number((await row(c.id)).fee_vnd), 300_000);
    const stopped = await h.act(leader, c.id, 'stop', { reason: 'Tác phẩm đang có tranh chấp' }, new Date('2026-11-19T02:00:00Z'));
    assert.equal(stopped.status, 8);
    const pauses = await ctx.db.selectFrom('dossier_pauses').selectAll().where('dossier_id', '=', c.id).execute();
    assert.equal(pauses.length, 1);
    assert.ok(pauses[0]!.ended_at, 'the payment pause is closed');
  });
});

// Another procedure of the same bureau (15 working days), so the other tests keep the built-in workflow.
const RELATED_RIGHTS = '1.001826';

describe('workflows as data', () => {
  it('a version workflow with an inter-agency step: the other agency handles it, then it comes back; budgets checked', async () => {
    const h = ctx.services.handling;
    const catalogManager = await actorByUsername(ctx, 'demo.danhmuc');
    const version = await ctx.db
      .selectFrom('procedure_versions as pv')
      .innerJoin('procedures as p', 'p.id', 'pv.procedure_id')
      .select(['pv.id', 'pv.version'])
      .where('p.code', '=', RELATED_RIGHTS)
      .where('pv.status', '=', 'published')
      .executeTakeFirstOrThrow();
    const before = await h.versionWorkflow(catalogManager, RELATED_RIGHTS, version.version);
    assert.equal(before.source, 'builtin');
    assert.equal(before.warning, null);

    // Negative and non-number budgets are refused (all errors at once).
    await assert.rejects(
      h.replaceWorkflow(catalogManager, RELATED_RIGHTS, version.version, {
        steps: [
          { name: 'Tiếp nhận', role: 'receptionist', budget: { value: -1, unit: 'working_days' }, actions: ['forward'] },
          { name: 'Xử lý', role: 'specialist', budget: { value: 'năm', unit: 'working_days' }, actions: ['record_result'] },
          { name: 'Xử lý', role: 'specialist', agencyCode: 'KHONG.TON.TAI', budget: { value: 1, unit: 'working_days' }, actions: [] },
        ],
      }),
      (e: unknown) => {
        assert.ok(e instanceof DomainError && e.status === 422);
        assert.deepEqual(e.fieldErrors.map((f) => `${f.path} ${f.code}`).sort(), ['/steps/0/budget/value WORKFLOW_BUDGET_INVALID', '/steps/1/budget/value WORKFLOW_BUDGET_INVALID', '/steps/2/agencyCode WORKFLOW_AGENCY_UNKNOWN'].sort());
        return true;
      },
    );
    // The specialist cannot replace it.
    await assert.rejects(h.replaceWorkflow(specialist, RELATED_RIGHTS, version.version, { steps: [] }), isCode('FORBIDDEN'));

    const saved = await h.replaceWorkflow(catalogManager, RELATED_RIGHTS, version.version, {
      name: 'Quy trình liên thông',
      steps: [
        { name: 'Tiếp nhận', role: 'receptionist', budget: { value: 1, unit: 'working_days' }, actions: ['forward', 'request_supplement'] },
        { name: 'Thẩm định', role: 'specialist', departmentCode: 'QTG', budget: { value: 5, unit: 'working_days' }, actions: ['forward', 'send_back'] },
        { name: 'Lấy ý kiến Cục Nghệ thuật biểu diễn', role: 'specialist', agencyCode: '000.00.13.G14', budget: { value: 4, unit: 'working_days' }, actions: ['forward', 'send_back'] },
        { name: 'Phê duyệt', role: 'agency_leader', budget: { value: 3, unit: 'working_days' }, actions: ['record_result', 'send_back'] },
        { name: 'Trả kết quả', role: 'receptionist', budget: { value: 1, unit: 'working_days' }, actions: ['return_result'] },
      ],
    });
    assert.equal(saved.source, 'version');
    assert.deepEqual(saved.warning, { sumWorkingDays: 14, limitWorkingDays: 15 });
    assert.equal(saved.steps[2]!.agencyCode, '000.00.13.G14');
    assert.equal(saved.steps[1]!.departmentCode, 'QTG');
    assert.equal((await workflowFor(ctx, version.id)).rules.length, 5);

    const { id } = await dossierFor(undefined, RELATED_RIGHTS);
    const other = await staffOf('000.00.13.G14', 'specialist');
    await h.act(reception, id, 'accept', {}, WEDNESDAY);
    await h.act(reception, id, 'forward', {}, WEDNESDAY);
    await assert.rejects(h.detail(other, id), isCode('NOT_FOUND'));
    await h.act(specialist, id, 'forward', {}, new Date('2026-11-19T02:00:00Z'));
    // Now at the other agency's step: its specialist sees and handles it; ours does not hold it.
    const seen = await h.detail(other, id);
    assert.ok(seen.allowedActions.includes('forward'));
    assert.ok((await h.queue(other, { scope: 'agency' })).items.some((i) => i.id === id));
    await assert.rejects(h.act(specialist, id, 'forward', {}, new Date('2026-11-20T02:00:00Z')), isCode('ACTION_FORBIDDEN'));
    await h.act(other, id, 'forward', {}, new Date('2026-11-20T02:00:00Z'));
    // Back home: the leader approves.
    await assert.rejects(h.detail(other, id), isCode('NOT_FOUND'));
    const recorded = await h.act(leader, id, 'record_result', {}, new Date('2026-11-23T02:00:00Z'));
    assert.equal(recorded.status, 9);
    const sheet = await h.controlSheet(reception, id);
    assert.deepEqual(sheet.map((r) => r.agency.code), ['000.00.12.G14', '000.00.12.G14', '000.00.13.G14', '000.00.12.G14', '000.00.12.G14']);

    // In progress dossiers (status 2, 4, 5, 6) of the version block a replacement.
    const busy = await dossierFor(undefined, RELATED_RIGHTS);
    await h.act(reception, busy.id, 'accept', {}, WEDNESDAY);
    await assert.rejects(h.replaceWorkflow(catalogManager, RELATED_RIGHTS, version.version, { steps: saved.steps.map((s) => ({ ...s, agencyCode: s.agencyCode, departmentCode: s.departmentCode })) }), isCode('WORKFLOW_IN_USE'));
  });
});

describe('default templates', () => {
  it('a version without its own workflow uses the nearest agency default up the tree, else the global one, else the built-in', async () => {
    const version = await ctx.db
      .selectFrom('procedure_versions as pv')
      .innerJoin('procedures as p', 'p.id', 'pv.procedure_id')
      .select(['pv.id'])
      .where('p.code', '=', '1.001825')
      .where('pv.status', '=', 'published')
      .executeTakeFirstOrThrow();
    const ministry = await ctx.db.selectFrom('agencies').select('id').where('code', '=', '000.00.00.G14').executeTakeFirstOrThrow();
    const template = async (agencyId: string | null, name: string, positions: number) => {
      const wf = await ctx.db.insertInto('workflows').values({ procedure_version_id: null, agency_id: agencyId, name }).returning('id').executeTakeFirstOrThrow();
      await ctx.db
        .insertInto('workflow_steps')
        .values(Array.from({ length: positions }, (_, i) => ({ workflow_id: wf.id, position: i + 1, name: `Bước ${i + 1}`, role: 'specialist' as const, agency_id: null, department_id: null, budget_value: 1, budget_unit: 'working_days' as const, actions: ['forward'] })))
        .execute();
      return wf.id;
    };
    assert.equal((await workflowFor(ctx, version.id)).source, 'builtin');
    const global = await template(null, 'Mẫu chung', 2);
    assert.equal((await workflowFor(ctx, version.id)).name, 'Mẫu chung');
    const ofMinistry = await template(ministry.id, 'Mẫu của Bộ', 3);
    const resolved = await workflowFor(ctx, version.id);
    assert.equal(resolved.source, 'agency');
    assert.equal(resolved.name, 'Mẫu của Bộ');
    assert.equal(resolved.rules.length, 3);
    // 3 working days against a limit of 12: a warning.
    assert.deepEqual(resolved.warning, { sumWorkingDays: 3, limitWorkingDays: 12 });
    await ctx.db.deleteFrom('workflows').where('id', 'in', [global, ofMinistry]).execute();
  });
});
