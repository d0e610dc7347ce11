// The applicant's actions on a submitted dossier (issue 3): supplement files only while the agency waits for them
// (status 5) and only by the applicant; the answer resumes the clock; withdrawal; apology notifications;
// organisation members see (but do not act on) the organisation's dossiers; the lookup's appointment date.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Actor } from '../../src/core/actor.ts';
import { DomainError } from '../../src/core/errors.ts';
import type { AppContext } from '../../src/container.ts';
import { actorOf } from '../../src/modules/identity/identity.service.ts';
import { ActionConflict } from '../../src/modules/handling/handling.rules.ts';
import { apologyNotice, isNewsForApplicant } from '../../src/modules/notifications/notifications.rules.ts';
import { citizenActionsMessages } from '../../src/modules/dossiers/dossiers.citizen.messages.ts';
import { createTestContext } from '../helpers/db.ts';
import { actorByUsername, newCitizen, PNG, submittedDossier, upload } from '../helpers/dossiers.ts';

type Ctx = AppContext & { url: string };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const ctx: Ctx = await createTestContext({ demo: true });
const [reception, specialist] = (await Promise.all(['demo.motcua', 'demo.chuyenvien'].map((u) => actorByUsername(ctx, u)))) as [Actor, Actor];

function isCode(code: string) {
  return (error: unknown) => error instanceof DomainError && error.code === code;
}

async function row(id: string) {
  return ctx.db.selectFrom('dossiers').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** A dossier of `applicant` accepted 3 days ago, at the specialist, and (unless `ask` is false) awaiting a supplement asked now (after its uploads). */
async function awaitingSupplement(applicant?: Actor, ask = true) {
  const who = applicant ?? (await newCitizen(ctx));
  const start = Date.now() - 3 * DAY;
  const submitted = await submittedDossier(ctx, who, { now: new Date(start) });
  await ctx.services.handling.act(reception, submitted.id, 'accept', {}, new Date(start + HOUR));
  await ctx.services.handling.act(reception, submitted.id, 'forward', { departmentCode: 'QTG' }, new Date(start + 2 * HOUR));
  if (ask) await ctx.services.handling.act(specialist, submitted.id, 'request_supplement', { items: ['Bản sao tác phẩm có chữ ký', 'Giấy ủy quyền'], note: 'Nộp trong 10 ngày' }, new Date());
  return { id: submitted.id, code: submitted.code, applicant: who };
}

async function documentsOf(id: string) {
  const d = await ctx.services.dossiers.get(await ownerOf(id), id);
  return d.documents;
}

async function ownerOf(id: string): Promise<Actor> {
  const d = await row(id);
  const account = await ctx.db.selectFrom('accounts').selectAll().where('id', '=', d.applicant_id).executeTakeFirstOrThrow();
  return actorOf(account, []);
}

describe('supplement files (status 5)', () => {
  it('the applicant adds files while the dossier awaits a supplement: history, audit and personal store; the page data lists the items and the files', async () => {
    const { id, applicant } = await awaitingSupplement();
    const [doc] = await documentsOf(id);
    const before = await ctx.services.dossiers.get(applicant, id);
    assert.equal(before.own, true);
    assert.deepEqual(before.supplement?.items, ['Bản sao tác phẩm có chữ ký', 'Giấy ủy quyền']);
    assert.match(before.supplement!.content ?? '', /Nộp trong 10 ngày/);
    assert.deepEqual(before.supplement!.files, []);
    assert.equal(before.pauses.length, 1);
    assert.equal(before.pauses[0]!.endedAt, null);
    assert.ok(before.appointmentAt && before.dueAt);

    const added = await ctx.services.dossiers.addFile(applicant, id, upload(doc!.documentId, PNG, 'ban-sao-tac-pham.png'));
    assert.equal(added.mediaType, 'image/png');
    const event = await ctx.db.selectFrom('dossier_events').selectAll().where('dossier_id', '=', id).where('action', '=', 'add_supplement_file').executeTakeFirstOrThrow();
    assert.equal(event.status, 5);
    assert.match(event.content ?? '', /ban-sao-tac-pham\.png/);
    const audit = await ctx.db.selectFrom('audit_log').selectAll().where('target_id', '=', id).where('action', '=', 'dossier.add_supplement_file').execute();
    assert.equal(audit.length, 1);
    const stored = await ctx.db.selectFrom('personal_documents').selectAll().where('owner_id', '=', applicant.id).where('file_id', '=', added.fileId).execute();
    assert.equal(stored.length, 1);
    assert.equal(stored[0]!.source_dossier_id, id);
    const after = await ctx.services.dossiers.get(applicant, id);
    assert.deepEqual(after.supplement!.files.map((f) => [f.name, f.documentId]), [['ban-sao-tac-pham.png', doc!.documentId]]);
    assert.equal((await row(id)).status, 5, 'adding a file does not change the status');
  });

  it('404 for another person, 409 in other statuses (1, 4, and after the answer), 422 for an unknown document', async () => {
    const { id, applicant } = await awaitingSupplement();
    const [doc] = await documentsOf(id);
    const stranger = await newCitizen(ctx);
    await assert.rejects(ctx.services.dossiers.addFile(stranger, id, upload(doc!.documentId)), isCode('NOT_FOUND'));
    await assert.rejects(ctx.services.dossiers.addFile(reception, id, upload(doc!.documentId)), isCode('DOSSIER_APPLICANTS_ONLY'));
    await assert.rejects(ctx.services.dossiers.addFile(applicant, id, upload(randomUuid())), (e: unknown) => e instanceof DomainError && e.status === 422);

    const fresh = await submittedDossier(ctx, applicant);
    const [freshDoc] = await documentsOf(fresh.id);
    await assert.rejects(ctx.services.dossiers.addFile(applicant, fresh.id, upload(freshDoc!.documentId)), isCode('DOSSIER_ALREADY_SUBMITTED'));
    const inProgress = await awaitingSupplement(applicant, false);
    const [progressDoc] = await documentsOf(inProgress.id);
    await assert.rejects(ctx.services.dossiers.addFile(applicant, inProgress.id, upload(progressDoc!.documentId)), (e: unknown) => e instanceof DomainError && e.status === 409);

    await ctx.services.handling.act(applicant, id, 'respond_supplement', { note: 'Đã bổ sung' });
    await assert.rejects(ctx.services.dossiers.addFile(applicant, id, upload(doc!.documentId)), isCode('DOSSIER_ALREADY_SUBMITTED'));
    const events = await ctx.db.selectFrom('dossier_events').select('action').where('dossier_id', '=', id).where('action', '=', 'add_supplement_file').execute();
    assert.equal(events.length, 0, 'nothing was recorded for refused uploads');
  });

  it('attaches a document of the personal store as a supplement (status 5 only, own store only)', async () => {
    const { id, applicant } = await awaitingSupplement();
    const documents = await documentsOf(id);
    const store = await ctx.services.documents.listMine(applicant);
    assert.ok(store.length > 0, 'the submission uploads are in the store');
    // A stored file that is not yet attached to the target document.
    const target = documents.find((d) => !d.files.some((f) => f.fileId === store[0]!.fileId)) ?? documents[0]!;
    const entry = store.find((s) => !target.files.some((f) => f.fileId === s.fileId));
    assert.ok(entry, 'a store entry to attach');
    const attached = await ctx.services.dossiers.attachSupplementFromStore(applicant, id, { documentId: target.documentId, personalDocumentId: entry.id });
    assert.equal(attached.fileId, entry.fileId);
    await assert.rejects(ctx.services.dossiers.attachSupplementFromStore(applicant, id, { documentId: target.documentId, personalDocumentId: entry.id }), isCode('FILE_ALREADY_ATTACHED'));
    const stranger = await newCitizen(ctx);
    await assert.rejects(ctx.services.dossiers.attachSupplementFromStore(stranger, id, { documentId: target.documentId, personalDocumentId: entry.id }), isCode('NOT_FOUND'));
    // Another person's store entry is not found in mine.
    const other = await awaitingSupplement(stranger);
    await assert.rejects(
      ctx.services.dossiers.attachSupplementFromStore(stranger, other.id, { documentId: target.documentId, personalDocumentId: entry.id }),
      (e: unknown) => e instanceof DomainError && e.status === 422 && e.fieldErrors.some((f) => f.path === '/personalDocumentId'),
    );
    const detail = await ctx.services.dossiers.get(applicant, id);
    assert.ok(detail.supplement!.files.some((f) => f.fileId === entry.fileId));
    assert.equal((await ctx.db.selectFrom('audit_log').select('id').where('target_id', '=', id).where('action', '=', 'dossier.add_supplement_file').execute()).length, 1);
  });

  it('the answer resumes the clock: back to 4, pause closed, due date not earlier; the open request is gone', async () => {
    const { id, applicant } = await awaitingSupplement();
    const before = await row(id);
    const result = await ctx.services.handling.act(applicant, id, 'respond_supplement', { note: 'Đã nộp bản sao và giấy ủy quyền' });
    assert.equal(result.status, 4);
    const after = await row(id);
    assert.equal(after.paused_at, null);
    assert.ok(after.due_at!.getTime() >= before.due_at!.getTime());
    const detail = await ctx.services.dossiers.get(applicant, id);
    assert.equal(detail.supplement, null);
    assert.ok(detail.pauses[0]!.endedAt);
    const answer = detail.events.find((e) => e.action === 'respond_supplement');
    assert.match(answer?.content ?? '', /Đã nộp bản sao/);
  });
});

describe('withdrawal', () => {
  it('the applicant withdraws before the result (→ 7, finished); a second time is a 409; others get 404', async () => {
    const { id, applicant } = await awaitingSupplement(undefined, false);
    const stranger = await newCitizen(ctx);
    await assert.rejects(ctx.services.handling.act(stranger, id, 'withdraw', { reason: 'x' }), isCode('NOT_FOUND'));
    const result = await ctx.services.handling.act(applicant, id, 'withdraw', { reason: 'Nộp nhầm thủ tục' });
    assert.equal(result.status, 7);
    const d = await row(id);
    assert.ok(d.finished_at);
    const event = await ctx.db.selectFrom('dossier_events').selectAll().where('dossier_id', '=', id).where('action', '=', 'withdraw').executeTakeFirstOrThrow();
    assert.match(event.content ?? '', /Nộp nhầm thủ tục/);
    await assert.rejects(ctx.services.handling.act(applicant, id, 'withdraw', { reason: 'lần nữa' }), (e: unknown) => e instanceof ActionConflict && e.status === 409);
  });
});

describe('organisation members', () => {
  it('see the organisation\'s dossier (not as its applicant) but cannot act on it or add files', async () => {
    const business = await actorByUsername(ctx, 'demo.doanhnghiep');
    const suffix = randomBytes(4).toString('hex');
    const colleagueRow = await ctx.db
      .insertInto('accounts')
      .values({ username: `member.${suffix}`, kind: 'organisation', password_hash: 'x', full_name: 'Trần Văn Cường', email: `cuong.${suffix}@example.vn`, organisation_id: business.organisationId })
      .returningAll()
      .executeTakeFirstOrThrow();
    const colleague = actorOf(colleagueRow, []);
    const { id } = await awaitingSupplement(business);
    const seen = await ctx.services.dossiers.get(colleague, id);
    assert.equal(seen.own, false);
    assert.deepEqual(seen.supplement?.items, ['Bản sao tác phẩm có chữ ký', 'Giấy ủy quyền']);
    assert.ok((await ctx.services.dossiers.listMine(colleague)).some((s) => s.id === id));
    const [doc] = seen.documents;
    await assert.rejects(ctx.services.dossiers.addFile(colleague, id, upload(doc!.documentId)), isCode('NOT_FOUND'));
    await assert.rejects(ctx.services.handling.act(colleague, id, 'respond_supplement', { note: 'x' }), isCode('NOT_FOUND'));
    assert.equal((await ctx.services.dossiers.get(business, id)).own, true);
  });
});

describe('notifications of an apology', () => {
  it('rules: a status change or an apology is news; a hand-over is not', () => {
    const cases: Array<[number, unknown, unknown, boolean]> = [
      [2, 1, 'accept', true],
      [4, 4, 'forward', false],
      [4, 4, 'send_back', false],
      [4, 4, 'apologise', true],
      [5, 5, 'apologise', true],
      [4, '4', 'forward', false],
      [4, 5, 'resume', true],
      [9, 10, 'postal_failed', false],
      [9, 10, 'undo', true],
    ];
    for (const [status, previousStatus, action, news] of cases) assert.equal(isNewsForApplicant({ status, previousStatus, action }), news, `${previousStatus}→${status} ${String(action)}`);
    const notice = apologyNotice({ code: 'X-1', procedureName: 'Thủ tục A', agencyName: 'Cục B', reason: 'Cần xác minh', appointment: '16/12/2026' });
    assert.match(notice.title, /X-1/);
    assert.match(notice.body, /Cục B xin lỗi/);
    assert.match(notice.body, /Lý do: Cần xác minh/);
    assert.match(notice.body, /16\/12\/2026/);
    assert.match(notice.sms, /16\/12\/2026/);
    assert.doesNotMatch(apologyNotice({ code: 'X-1', procedureName: 'A', agencyName: 'B', reason: null, appointment: null }).body, /Lý do/);
  });

  it('an apology (status unchanged) notifies the applicant with the new appointment; the hand-over before it does not', async () => {
    const { id, code, applicant } = await awaitingSupplement(undefined, false);
    await ctx.services.notifications.dispatch();
    const count = async () =>
      (await ctx.db.selectFrom('notifications').selectAll().where('account_id', '=', applicant.id).where('dossier_id', '=', id).where('kind', '=', 'dossier.status').execute()).length;
    const before = await count();
    const d = await row(id);
    const later = new Date(d.appointment_at!.getTime() + 7 * DAY);
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(later);
    await ctx.services.handling.act(specialist, id, 'apologise', { reason: 'Cần xác minh với tác giả', newAppointment: day });
    await ctx.services.notifications.dispatch();
    assert.equal(await count(), before + 1);
    const notice = await ctx.db.selectFrom('notifications').selectAll().where('account_id', '=', applicant.id).where('dossier_id', '=', id).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    assert.match(notice.title, /xin lỗi/);
    const [y, m, dd] = day.split('-');
    assert.ok(notice.body.includes(`${dd}/${m}/${y}`), notice.body);
    assert.match(notice.body, /Cần xác minh với tác giả/);
    const mails = await ctx.db.selectFrom('mail_messages').select('subject').where('subject', 'like', `%${code}%xin lỗi%`).execute();
    assert.ok(mails.length >= 1, 'an e-mail too');
    // The page data shows the apology and the new appointment.
    const detail = await ctx.services.dossiers.get(applicant, id);
    assert.equal(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date(detail.appointmentAt!)), day);
    assert.ok(detail.events.some((e) => e.action === 'apologise'));
  });
});

describe('screen texts', () => {
  it('has the same keys in Vietnamese and English, none empty', () => {
    assert.deepEqual(Object.keys(citizenActionsMessages.en!).sort(), Object.keys(citizenActionsMessages.vi!).sort());
    for (const [key, text] of Object.entries({ ...citizenActionsMessages.vi, ...citizenActionsMessages.en })) assert.ok(String(text).trim(), key);
  });
});

describe('public lookup', () => {
  it('shows the appointment date (appointment_at once received, else the expected date) and leaves supplement files out of the timeline', async () => {
    const who = await newCitizen(ctx);
    const submitted = await submittedDossier(ctx, who);
    const first = await ctx.services.dossiers.lookup(submitted.code, submitted.lookupSecret!, '203.0.113.7');
    assert.equal(first.appointmentAt, first.expectedDate);
    const { id, code } = await awaitingSupplement(who);
    const [doc] = await documentsOf(id);
    await ctx.services.dossiers.addFile(who, id, upload(doc!.documentId));
    const secret = (await ctx.db.selectFrom('accounts').select('personal_id').where('id', '=', who.id).executeTakeFirstOrThrow()).personal_id!;
    const result = await ctx.services.dossiers.lookup(code, secret, '203.0.113.7');
    assert.equal(result.appointmentAt, (await row(id)).appointment_at!.toISOString());
    const events = await ctx.db.selectFrom('dossier_events').select(sql<number>`count(*)::int`.as('n')).where('dossier_id', '=', id).executeTakeFirstOrThrow();
    assert.equal(result.timeline.length, events.n - 1, 'every event but the supplement file');
    assert.deepEqual(result.timeline.map((e) => e.status), [1, 2, 4, 5]);
  });
});

function randomUuid(): string {
  const h = randomBytes(16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
