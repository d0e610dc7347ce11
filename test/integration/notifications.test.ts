import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Actor } from '../../src/core/actor.ts';
import { DomainError } from '../../src/core/errors.ts';
import type { AppContext } from '../../src/container.ts';
import type { DossierStatus } from '../../src/db/schema.ts';
import { actorOf } from '../../src/modules/identity/identity.service.ts';
import { OutboxRepository } from '../../src/modules/outbox/outbox.repository.ts';
import { deliveredAt } from '../helpers/outbox.ts';
import { consumeOutbox } from '../../src/modules/outbox/outbox.service.ts';
import { deletionDate, reminderCutoff, smsNumber, smsStatusAfterFailure, statusNotice } from '../../src/modules/notifications/notifications.rules.ts';
import { HttpSmsSender } from '../../src/modules/notifications/sms.ts';
import { startSmsSimulator } from '../../src/simulators/sms.ts';
import { createTestContext } from '../helpers/db.ts';
import { actorByUsername, COPYRIGHT_PROCEDURE, newCitizen, submittedDossier } from '../helpers/dossiers.ts';

type Ctx = AppContext & { url: string };
const DAY = 86_400_000;

/** What the back office writes on every status change (topic dossier.status). */
async function statusChange(ctx: Ctx, dossierId: string, status: number, content: string | null = null, event?: unknown): Promise<string> {
  const d = await ctx.db.selectFrom('dossiers').selectAll().where('id', '=', dossierId).executeTakeFirstOrThrow();
  await ctx.db.updateTable('dossiers').set({ status: status as DossierStatus }).where('id', '=', dossierId).execute();
  await new OutboxRepository().insert(ctx.db, 'dossier.status', {
    dossierId,
    code: d.code,
    agencyId: d.agency_id,
    applicantId: d.applicant_id,
    status,
    previousStatus: d.status,
    action: 'test',
    at: new Date().toISOString(),
    content,
    ...(event === undefined ? {} : { event }),
  });
  const row = await ctx.db.selectFrom('outbox').select('id').where('topic', '=', 'dossier.status').orderBy('id', 'desc').executeTakeFirstOrThrow();
  return row.id;
}

function notificationsOf(ctx: Ctx, accountId: string, dossierId: string) {
  return ctx.db.selectFrom('notifications').selectAll().where('account_id', '=', accountId).where('dossier_id', '=', dossierId).orderBy('created_at').execute();
}

function mailsAbout(ctx: Ctx, code: string) {
  return ctx.db.selectFrom('mail_messages').selectAll().where('subject', 'like', `%${code}%`).execute();
}

async function rejects(promise: Promise<unknown>, code: string) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof DomainError, String(error));
    assert.equal(error.code, code);
    return true;
  });
}

describe('notification rules', () => {
  it('turns Vietnamese phone numbers into E.164 and refuses the rest', () => {
    const cases: Array<[unknown, string | null]> = [
      ['0987654321', '+84987654321'],
      ['0987 654 321', '+84987654321'],
      ['0987.654.321', '+84987654321'],
      ['+84987654321', '+84987654321'],
      ['84987654321', '+84987654321'],
      ['02439999999', '+842439999999'],
      ['0987', null],
      ['+840987654321', null],
      ['abc', null],
      ['', null],
      [null, null],
      [987654321, null],
    ];
    for (const [input, expected] of cases) assert.equal(smsNumber(input), expected, String(input));
  });

  it('retries temporary SMS failures, gives up on permanent ones and after five attempts', () => {
    assert.equal(smsStatusAfterFailure(1, 503), 'pending');
    assert.equal(smsStatusAfterFailure(1, null), 'pending');
    assert.equal(smsStatusAfterFailure(1, 429), 'pending');
    assert.equal(smsStatusAfterFailure(1, 400), 'failed');
    assert.equal(smsStatusAfterFailure(1, 401), 'failed');
    assert.equal(smsStatusAfterFailure(4, 500), 'pending');
    assert.equal(smsStatusAfterFailure(5, 500), 'failed');
  });

  it('says the status label in Vietnamese, with the content and what to do', () => {
    const notice = statusNotice({ code: 'X-1', procedureName: 'Thủ tục A', agencyName: 'Cục B', status: 5, content: 'Thiếu bản sao CCCD', appointment: null });
    assert.equal(notice.title, 'Hồ sơ X-1: Yêu cầu bổ sung giấy tờ');
    assert.ok(notice.body.includes('Nội dung: Thiếu bản sao CCCD'));
    assert.ok(notice.body.includes('bổ sung giấy tờ theo yêu cầu'));
    assert.ok(notice.sms.includes('X-1') && notice.sms.length <= 1000);
    const accepted = statusNotice({ code: 'X-2', procedureName: 'A', agencyName: 'B', status: 2, content: null, appointment: '01/12/2026' });
    assert.ok(accepted.body.includes('Ngày hẹn trả kết quả: 01/12/2026.'));
    assert.ok(!accepted.body.includes('Nội dung'));
  });

  it('dates the reminder and the deletion', () => {
    const policy = { retentionDays: 30, reminderDays: 7 };
    const now = new Date('2026-11-23T00:00:00Z');
    assert.equal(reminderCutoff(now, policy).toISOString(), '2026-10-31T00:00:00.000Z');
    const updated = new Date('2026-10-01T00:00:00Z');
    // Reminded on time: deleted 30 days after the last change.
    assert.equal(deletionDate(updated, new Date('2026-10-24T00:00:00Z'), policy).toISOString(), '2026-10-31T00:00:00.000Z');
    // Reminded late: never sooner than 7 days after the reminder.
    assert.equal(deletionDate(updated, new Date('2026-11-20T00:00:00Z'), policy).toISOString(), '2026-11-27T00:00:00.000Z');
  });
});

describe('notifications (PostgreSQL, SMS simulator)', async () => {
  const simulator = await startSmsSimulator({ token: 'secret-token' });
  after(() => simulator.close());
  const ctx = await createTestContext({ demo: true, config: { SMS_URL: simulator.url, SMS_TOKEN: 'secret-token', BASE_URL: 'https://dvc.example.vn' } });
  const notifications = ctx.services.notifications;
  const citizen = await actorByUsername(ctx, 'demo.congdan');

  it('tells the applicant of a status change once, in the app, by e-mail and by SMS, even with two workers at once', async () => {
    const dossier = await submittedDossier(ctx, citizen);
    await statusChange(ctx, dossier.id, 5, 'Thiếu bản sao giấy tờ tùy thân');
    const reports = await Promise.all([notifications.dispatch(), notifications.dispatch()]);
    // dossier.submitted and dossier.status: two messages, each processed by exactly one of the workers.
    assert.equal(reports.reduce((sum, r) => sum + r.processed, 0), 2);
    const rows = await notificationsOf(ctx, citizen.id, dossier.id);
    assert.deepEqual(rows.map((r) => r.kind), ['dossier.submitted', 'dossier.status']);
    assert.equal(rows[1]!.title, `Hồ sơ ${dossier.code}: Yêu cầu bổ sung giấy tờ`);
    assert.ok(rows[1]!.body.includes('Thiếu bản sao giấy tờ tùy thân'));
    assert.equal(rows[1]!.link, `/ho-so/${dossier.id}`);
    const mails = (await mailsAbout(ctx, dossier.code)).filter((m) => m.subject.includes('Yêu cầu bổ sung'));
    assert.equal(mails.length, 1);
    assert.equal(mails[0]!.to_address, 'congdan@example.vn');
    assert.ok(mails[0]!.body_text.includes(`https://dvc.example.vn/ho-so/${dossier.id}`));
    const sms = await ctx.db.selectFrom('sms_messages').selectAll().where('body', 'like', `%${dossier.code}%`).execute();
    assert.equal(sms.length, 1);
    assert.match(sms[0]!.to_number, /^\+84\d{9,10}$/);
    // A hand-over that keeps the status (5 → 5) tells the applicant nothing.
    await statusChange(ctx, dossier.id, 5, 'Chuyển phòng chuyên môn');
    assert.deepEqual(await notifications.dispatch(), { processed: 1, handled: 0 });
    // Nothing left: a third run processes nothing and writes nothing.
    assert.deepEqual(await notifications.dispatch(), { processed: 0, handled: 0 });
    assert.equal((await notificationsOf(ctx, citizen.id, dossier.id)).length, 2);
  });

  it('writes the officer\'s entry of the notice in each recipient\'s language (in the app and by e-mail)', async () => {
    const english = await newCitizen(ctx);
    await ctx.db.updateTable('accounts').set({ locale: 'en' }).where('id', '=', english.id).execute();
    const vietnamese = await newCitizen(ctx);
    const note = 'Mang bản gốc khi nhận kết quả';
    const event = { key: 'timeline.accept', params: { appointment: '2026-12-21T03:00:00.000Z', note } };
    const content = `Tiếp nhận hồ sơ; hẹn trả kết quả 21/12/2026 10:00. ${note}`;
    for (const [who, expected, other] of [
      [english, `Details: Dossier received; result due 21/12/2026 10:00. ${note}`, 'Nội dung:'],
      [vietnamese, `Nội dung: ${content}`, 'Details:'],
    ] as const) {
      const dossier = await submittedDossier(ctx, who);
      await statusChange(ctx, dossier.id, 2, content, event);
      await notifications.dispatch();
      const row = (await notificationsOf(ctx, who.id, dossier.id)).find((n) => n.kind === 'dossier.status')!;
      assert.ok(row.body.split('\n').includes(expected), row.body);
      assert.ok(!row.body.includes(other), row.body);
      const listed = (await notifications.list(who, 1, 50, who === english ? 'en' : 'vi')).items.find((n) => n.id === row.id)!;
      assert.ok(listed.body.split('\n').includes(expected), listed.body);
      const email = await ctx.db.selectFrom('accounts').select('email').where('id', '=', who.id).executeTakeFirstOrThrow();
      const mail = (await mailsAbout(ctx, dossier.code)).find((m) => m.to_address === email.email && !m.body_text.includes('Mã tra cứu') && (m.body_text.includes('Details:') || m.body_text.includes('Nội dung:')));
      assert.ok(mail, 'the status e-mail');
      assert.ok(mail.body_text.includes(expected), mail.body_text);
      assert.ok(!mail.body_text.includes(other), mail.body_text);
    }
    // A writer that sends no event (or one this version does not know): the Vietnamese text as sent.
    const dossier = await submittedDossier(ctx, english);
    await statusChange(ctx, dossier.id, 2, 'Ghi chú cũ', { key: 'timeline.unknown', params: {} });
    await notifications.dispatch();
    const row = (await notificationsOf(ctx, english.id, dossier.id)).find((n) => n.kind === 'dossier.status')!;
    assert.ok(row.body.split('\n').includes('Details: Ghi chú cũ'), row.body);
  });

  it('delivers to each consumer independently', async () => {
    const dossier = await submittedDossier(ctx, citizen);
    const outboxId = await statusChange(ctx, dossier.id, 2);
    await notifications.dispatch();
    assert.notEqual(await deliveredAt(ctx.db, 'notifications', outboxId), null);
    // The acknowledgement mailer has not seen the submission yet, and never takes dossier.status.
    const submittedRow = await ctx.db.selectFrom('outbox').select('id').where('topic', '=', 'dossier.submitted').where(sql<boolean>`payload->>'dossierId' = ${dossier.id}`).executeTakeFirstOrThrow();
    assert.equal(await deliveredAt(ctx.db, 'receipts', submittedRow.id), null);
    const receipt = await ctx.services.receipts.dispatchOutbox();
    assert.ok(receipt.processed >= 1);
    assert.notEqual(await deliveredAt(ctx.db, 'receipts', submittedRow.id), null);
    assert.equal(await deliveredAt(ctx.db, 'receipts', outboxId), null);
    // A third consumer (e.g. the national-portal sync) still gets everything, once.
    const seen: string[] = [];
    const sync = { name: 'test.sync', topics: ['dossier.status'], handle: async (_tx: unknown, m: { id: string }) => (seen.push(m.id), true) };
    const first = await consumeOutbox(ctx.db, sync);
    assert.ok(seen.includes(outboxId));
    assert.equal(first.processed, seen.length);
    assert.equal((await consumeOutbox(ctx.db, sync)).processed, 0);
  });

  it('rolls the delivery back with the consumer’s effects when the consumer fails', async () => {
    const dossier = await submittedDossier(ctx, citizen);
    const outboxId = await statusChange(ctx, dossier.id, 4);
    await notifications.dispatch();
    const failing = { name: 'test.failing', topics: ['dossier.status'], handle: async () => { throw new Error('down'); } };
    await assert.rejects(consumeOutbox(ctx.db, failing), /down/);
    assert.equal(await deliveredAt(ctx.db, 'test.failing', outboxId), null);
  });

  it('writes an in-app notification for every member of the organisation of a business dossier', async () => {
    const business = await actorByUsername(ctx, 'demo.doanhnghiep');
    assert.ok(business.organisationId);
    const suffix = randomBytes(4).toString('hex');
    const colleagueRow = await ctx.db
      .insertInto('accounts')
      .values({ username: `member.${suffix}`, kind: 'organisation', password_hash: 'x', full_name: 'Trần Văn Cường', email: `cuong.${suffix}@example.vn`, organisation_id: business.organisationId })
      .returningAll()
      .executeTakeFirstOrThrow();
    const colleague: Actor = actorOf(colleagueRow, []);
    const stranger = await newCitizen(ctx);
    const dossier = await submittedDossier(ctx, business);
    await statusChange(ctx, dossier.id, 2);
    await notifications.dispatch();
    assert.equal((await notificationsOf(ctx, business.id, dossier.id)).filter((n) => n.kind === 'dossier.status').length, 1);
    assert.equal((await notificationsOf(ctx, colleague.id, dossier.id)).filter((n) => n.kind === 'dossier.status').length, 1);
    assert.equal((await notificationsOf(ctx, stranger.id, dossier.id)).length, 0);
    const mails = (await mailsAbout(ctx, dossier.code)).filter((m) => m.subject.includes('Được tiếp nhận'));
    assert.deepEqual(mails.map((m) => m.to_address).sort(), [colleagueRow.email!, (await ctx.db.selectFrom('accounts').select('email').where('id', '=', business.id).executeTakeFirstOrThrow()).email!].sort());

    // The list, the unread count and marking read.
    const list = await notifications.list(colleague);
    assert.ok(list.unread >= 2);
    const first = list.items[0]!;
    assert.equal(await notifications.markRead(colleague, first.id), 1);
    assert.equal(await notifications.unreadCount(colleague.id), list.unread - 1);
    await rejects(notifications.markRead(stranger, first.id), 'NOT_FOUND');
    await rejects(notifications.markRead(colleague, 'not-a-uuid'), 'NOT_FOUND');
    assert.equal(await notifications.markRead(colleague, null), list.unread - 1);
    assert.equal(await notifications.unreadCount(colleague.id), 0);
    await rejects(notifications.list(null), 'UNAUTHENTICATED');
  });

  it('retries an SMS after a gateway failure, without losing or duplicating it', async () => {
    await notifications.deliverSms(1000);
    simulator.reset();
    const dossier = await submittedDossier(ctx, citizen);
    await statusChange(ctx, dossier.id, 9);
    await notifications.dispatch();
    simulator.failNext(1, 503);
    assert.deepEqual(await notifications.deliverSms(), { sent: 0, retrying: 1, failed: 0 });
    assert.equal(simulator.messages().length, 0);
    const pending = await ctx.db.selectFrom('sms_messages').selectAll().where('body', 'like', `%${dossier.code}%`).executeTakeFirstOrThrow();
    assert.equal(pending.status, 'pending');
    assert.equal(pending.attempts, 1);
    assert.match(pending.last_error ?? '', /503/);
    assert.deepEqual(await notifications.deliverSms(), { sent: 1, retrying: 0, failed: 0 });
    assert.deepEqual(await notifications.deliverSms(), { sent: 0, retrying: 0, failed: 0 });
    const received = simulator.messages();
    assert.equal(received.length, 1);
    assert.equal(received[0]!.key, pending.id);
    assert.equal(received[0]!.to, pending.to_number);
    assert.ok(received[0]!.text.includes(dossier.code) && received[0]!.text.includes('Đã xử lý xong'));
    // A send whose answer was lost is repeated with the same key: the gateway sends it once.
    const sender = new HttpSmsSender(simulator.url, 'secret-token');
    await sender.send({ id: pending.id, to: pending.to_number, text: pending.body });
    assert.equal(simulator.messages().length, 1);
    // A wrong token is a permanent error.
    await assert.rejects(new HttpSmsSender(simulator.url, 'wrong').send({ id: 'x', to: '+84987654321', text: 'a' }), /401/);
  });

  it('queues no SMS when no gateway is configured', async () => {
    const plain = await createTestContext({ demo: true });
    const who = await actorByUsername(plain, 'demo.congdan');
    const dossier = await submittedDossier(plain, who);
    await statusChange(plain, dossier.id, 2);
    await plain.services.notifications.dispatch();
    assert.equal((await plain.db.selectFrom('sms_messages').select('id').execute()).length, 0);
    assert.equal((await notificationsOf(plain, who.id, dossier.id)).length, 2);
  });
});

describe('draft reminders (PostgreSQL)', async () => {
  const ctx = await createTestContext({ demo: true, config: { DRAFT_RETENTION_DAYS: '30', DRAFT_REMINDER_DAYS: '7' } });
  const notifications = ctx.services.notifications;
  const dossiers = ctx.services.dossiers;

  async function draftOf(who: Actor, updatedDaysAgo: number, remindedDaysAgo: number | null = null) {
    const draft = await dossiers.createDraft(who, COPYRIGHT_PROCEDURE);
    await ctx.db
      .updateTable('dossiers')
      .set({ updated_at: new Date(Date.now() - updatedDaysAgo * DAY), reminded_at: remindedDaysAgo === null ? null : new Date(Date.now() - remindedDaysAgo * DAY) })
      .where('id', '=', draft.id)
      .execute();
    return draft.id;
  }

  const exists = async (id: string) => !!(await ctx.db.selectFrom('dossiers').select('id').where('id', '=', id).executeTakeFirst());
  const remindersTo = (email: string) => ctx.db.selectFrom('mail_messages').selectAll().where('to_address', '=', email).where('subject', '=', 'Hồ sơ nháp của ông/bà sắp bị xóa').execute();

  it('reminds once, 7 days before deletion, and deletes only drafts reminded at least 7 days ago', async () => {
    const owner = await newCitizen(ctx, 'Phạm Thị Dung');
    const email = (await ctx.db.selectFrom('accounts').select('email').where('id', '=', owner.id).executeTakeFirstOrThrow()).email!;
    const fresh = await draftOf(owner, 22);
    const due = await draftOf(owner, 24);
    const oldNeverReminded = await draftOf(owner, 40);
    const remindedRecently = await draftOf(owner, 31, 3);
    const remindedLongAgo = await draftOf(owner, 31, 8);
    const touchedAfterReminder = await draftOf(owner, 31, 35);

    assert.equal(await notifications.remindDrafts(), 3); // due, oldNeverReminded, touchedAfterReminder
    const mails = await remindersTo(email);
    assert.equal(mails.length, 3);
    assert.ok(mails[0]!.body_text.includes('Kính gửi Phạm Thị Dung,'));
    assert.match(mails[0]!.body_text, /sẽ bị xóa từ ngày \d{2}\/\d{2}\/\d{4}/);
    // Once only.
    assert.equal(await notifications.remindDrafts(), 0);
    assert.equal((await remindersTo(email)).length, 3);
    const reminded = await ctx.db.selectFrom('dossiers').select(['id', 'reminded_at', 'updated_at']).where('id', 'in', [fresh, due]).execute();
    assert.equal(reminded.find((r) => r.id === fresh)!.reminded_at, null);
    const dueRow = reminded.find((r) => r.id === due)!;
    assert.ok(dueRow.reminded_at && dueRow.updated_at.getTime() < Date.now() - 23 * DAY, 'the reminder does not count as a change');

    const result = await dossiers.cleanup();
    assert.equal(result.draftsDeleted, 1);
    assert.equal(await exists(remindedLongAgo), false);
    for (const id of [fresh, due, oldNeverReminded, remindedRecently, touchedAfterReminder]) assert.equal(await exists(id), true, id);

    // Seven days after the reminder, the old draft goes too.
    const later = new Date(Date.now() + 7 * DAY + 60_000);
    await dossiers.cleanup(later);
    assert.equal(await exists(oldNeverReminded), false);
    assert.equal(await exists(touchedAfterReminder), false);
    assert.equal(await exists(fresh), true);
  });
});
