import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Actor } from '../../src/core/actor.ts';
import { DomainError } from '../../src/core/errors.ts';
import type { AppContext } from '../../src/container.ts';
import { actorOf } from '../../src/modules/identity/identity.service.ts';
import { OutboxRepository } from '../../src/modules/outbox/outbox.repository.ts';
import { createTestContext } from '../helpers/db.ts';

const COPYRIGHT = '1.001823';
const PDF = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');
const NOW = new Date('2026-11-23T03:00:00Z'); // 10:00 in Vietnam

type Ctx = AppContext & { url: string };

async function actor(ctx: Ctx, username: string): Promise<Actor> {
  const account = await ctx.db.selectFrom('accounts').selectAll().where('username', '=', username).executeTakeFirstOrThrow();
  return actorOf(account, []);
}

async function newApplicant(ctx: Ctx, kind: 'citizen' | 'organisation', organisationId: string | null = null): Promise<Actor> {
  const suffix = randomBytes(4).toString('hex');
  const account = await ctx.db
    .insertInto('accounts')
    .values({
      username: `test.${suffix}`,
      kind,
      password_hash: 'x',
      full_name: 'Lê Thị Bình',
      personal_id: kind === 'citizen' ? `0790${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}` : null,
      phone: '0987654321',
      email: `binh.${suffix}@example.vn`,
      address: 'Số 1 Tràng Tiền, Hà Nội',
      organisation_id: organisationId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return actorOf(account, []);
}

async function submitted(ctx: Ctx, who: Actor, key: string | null = null) {
  const dossiers = ctx.services.dossiers;
  const draft = await dossiers.createDraft(who, COPYRIGHT);
  await dossiers.saveForm(who, draft.id, { ...draft.form.data, requestContent: 'Đăng ký quyền tác giả cho tác phẩm "Mùa thu Hà Nội".' });
  for (const d of draft.documents.filter((x) => x.required)) {
    await dossiers.addFile(who, draft.id, { documentId: d.documentId, source: Readable.from([PDF]), filename: `tai-lieu-${d.position}.pdf` });
  }
  return dossiers.submit(who, draft.id, key, NOW);
}

function mailsAbout(ctx: Ctx, code: string) {
  return ctx.db.selectFrom('mail_messages').selectAll().where('subject', 'like', `%${code}%`).execute();
}

function outboxOf(ctx: Ctx, dossierId: string) {
  return ctx.db.selectFrom('outbox').selectAll().where(sql<boolean>`payload->>'dossierId' = ${dossierId}`).executeTakeFirstOrThrow();
}

/** When the acknowledgement mailer (consumer 'receipts') processed the dossier's outbox row (null: not yet). */
async function deliveredAt(ctx: Ctx, dossierId: string): Promise<Date | null> {
  const row = await outboxOf(ctx, dossierId);
  const delivery = await ctx.db.selectFrom('outbox_deliveries').select('delivered_at').where('consumer', '=', 'receipts').where('outbox_id', '=', row.id).executeTakeFirst();
  return delivery?.delivered_at ?? null;
}

async function rejects(promise: Promise<unknown>, code: string) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof DomainError, String(error));
    assert.equal(error.code, code);
    return true;
  });
}

describe('acknowledgement of an online submission (PostgreSQL)', async () => {
  const filesDir = path.join(os.tmpdir(), `opendvc-receipt-${randomBytes(4).toString('hex')}`);
  const ctx = await createTestContext({ demo: true, config: { FILES_DIR: filesDir, BASE_URL: 'https://dvc.example.vn' } });
  const receipts = ctx.services.receipts;
  const citizen = await actor(ctx, 'demo.congdan');
  const business = await actor(ctx, 'demo.doanhnghiep');
  const receptionist = await actor(ctx, 'demo.motcua');

  it('e-mails the applicant once per submission, with the code, the date and the links, and marks the row processed', async () => {
    const result = await submitted(ctx, citizen);
    assert.equal(await deliveredAt(ctx, result.id), null);
    const report = await receipts.dispatchOutbox();
    assert.ok(report.processed >= 1 && report.mailed >= 1, JSON.stringify(report));
    const mails = await mailsAbout(ctx, result.code);
    assert.equal(mails.length, 1);
    const mail = mails[0]!;
    assert.equal(mail.to_address, 'congdan@example.vn');
    assert.equal(mail.subject, `Xác nhận đã nhận hồ sơ ${result.code}`);
    assert.ok(mail.body_text.includes(`Mã hồ sơ: ${result.code}`), mail.body_text);
    const [y, m, d] = result.expectedDate!.split('-');
    assert.ok(mail.body_text.includes(`(dự kiến): ${d}/${m}/${y}`), mail.body_text);
    assert.ok(mail.body_text.includes(`https://dvc.example.vn/ho-so/${result.id}/giay-xac-nhan.pdf`), mail.body_text);
    assert.ok(mail.body_text.includes('https://dvc.example.vn/tra-cuu'), mail.body_text);
    assert.ok(mail.body_text.includes('Kính gửi Nguyễn Văn An,'), mail.body_text);
    // Submitted without an Idempotency-Key: the secret is gone, the applicant is told where it was shown.
    assert.ok(!mail.body_text.includes(result.lookupSecret!), 'the secret is not available');
    assert.ok(mail.body_text.includes('trang xác nhận'), mail.body_text);
    assert.ok(mail.body_html?.includes(`<a href="https://dvc.example.vn/ho-so/${result.id}/giay-xac-nhan.pdf">`), mail.body_html ?? '');
    assert.notEqual(await deliveredAt(ctx, result.id), null);

    // Running it again sends nothing.
    const again = await receipts.dispatchOutbox();
    assert.deepEqual(again, { processed: 0, mailed: 0 });
    assert.equal((await mailsAbout(ctx, result.code)).length, 1);
  });

  it('includes the lookup secret while the idempotent answer of the submission still holds it', async () => {
    const result = await submitted(ctx, citizen, `key-${randomBytes(4).toString('hex')}`);
    await receipts.dispatchOutbox();
    const [mail] = await mailsAbout(ctx, result.code);
    assert.ok(mail!.body_text.includes(`Mã tra cứu: ${result.lookupSecret}`), mail!.body_text);
  });

  it('leaves the topics it does not handle to their consumers, and processes in batches', async () => {
    await ctx.db.insertInto('outbox').values({ topic: 'national.sync', payload: JSON.stringify({ x: 1 }) }).execute();
    const codes = [(await submitted(ctx, citizen)).code, (await submitted(ctx, citizen)).code, (await submitted(ctx, citizen)).code];
    const report = await receipts.dispatchOutbox(2);
    assert.deepEqual(report, { processed: 3, mailed: 3 });
    for (const code of codes) assert.equal((await mailsAbout(ctx, code)).length, 1);
    const other = await ctx.db.selectFrom('outbox').select('id').where('topic', '=', 'national.sync').executeTakeFirstOrThrow();
    assert.equal((await ctx.db.selectFrom('outbox_deliveries').select('consumer').where('outbox_id', '=', other.id).execute()).length, 0);
  });

  it('never lets two dispatchers take the same row', async () => {
    const result = await submitted(ctx, citizen);
    // A row held by one worker is skipped by the other (FOR UPDATE SKIP LOCKED), not waited for.
    const rollback = new Error('rollback');
    await assert.rejects(
      ctx.db.transaction().execute(async (tx) => {
        const claimed = await new OutboxRepository().claim(tx, 'receipts', ['dossier.submitted'], 10);
        assert.ok(claimed.some((r) => (r.payload as { dossierId: string }).dossierId === result.id));
        assert.deepEqual(await receipts.dispatchOutbox(), { processed: 0, mailed: 0 });
        throw rollback;
      }),
      (error) => error === rollback,
    );
    assert.equal((await mailsAbout(ctx, result.code)).length, 0);
    // Two at once: one e-mail.
    const second = await submitted(ctx, citizen);
    const reports = await Promise.all([receipts.dispatchOutbox(), receipts.dispatchOutbox(), receipts.dispatchOutbox()]);
    assert.equal(reports.reduce((sum, r) => sum + r.processed, 0), 2);
    assert.equal((await mailsAbout(ctx, result.code)).length, 1);
    assert.equal((await mailsAbout(ctx, second.code)).length, 1);
  });

  it('marks the row processed without mail when there is nobody to write to', async () => {
    const nobody = await newApplicant(ctx, 'citizen');
    await ctx.db.updateTable('accounts').set({ email: null }).where('id', '=', nobody.id).execute();
    const draft = await ctx.services.dossiers.createDraft(nobody, COPYRIGHT);
    const data = { ...draft.form.data, requestContent: 'Nội dung' } as Record<string, unknown>;
    delete data.email;
    await ctx.services.dossiers.saveForm(nobody, draft.id, data);
    for (const d of draft.documents.filter((x) => x.required)) await ctx.services.dossiers.addFile(nobody, draft.id, { documentId: d.documentId, source: Readable.from([PDF]), filename: 'a.pdf' });
    const result = await ctx.services.dossiers.submit(nobody, draft.id, null, NOW);
    assert.deepEqual(await receipts.dispatchOutbox(), { processed: 1, mailed: 0 });
    assert.equal((await mailsAbout(ctx, result.code)).length, 0);
    assert.notEqual(await deliveredAt(ctx, result.id), null);
  });

  it('sends no acknowledgement e-mail for a dossier brought to the counter or by post (form 01 is printed there)', async () => {
    const who = await newApplicant(ctx, 'citizen');
    const draft = await ctx.services.dossiers.createDraft(who, COPYRIGHT);
    await ctx.services.dossiers.saveForm(who, draft.id, { ...draft.form.data, requestContent: 'Nội dung' });
    for (const d of draft.documents.filter((x) => x.required)) await ctx.services.dossiers.addFile(who, draft.id, { documentId: d.documentId, source: Readable.from([PDF]), filename: 'a.pdf' });
    const result = await ctx.services.dossiers.submit(who, draft.id, null, NOW);
    await ctx.db.updateTable('dossiers').set({ channel: 1 }).where('id', '=', result.id).execute();
    assert.deepEqual(await receipts.dispatchOutbox(), { processed: 1, mailed: 0 });
    assert.equal((await mailsAbout(ctx, result.code)).length, 0);
  });

  it('gives the PDF to the applicant and their organisation only', async () => {
    const mine = await submitted(ctx, citizen);
    const pdf = await receipts.pdfFor(citizen, mine.id);
    assert.equal(pdf.code, mine.code);
    assert.equal(pdf.fileName, `giay-xac-nhan-${mine.code}.pdf`);
    assert.equal(pdf.pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.ok(pdf.pdf.includes(`(${mine.code})`), 'code in the metadata');

    const stranger = await newApplicant(ctx, 'citizen');
    await rejects(receipts.pdfFor(stranger, mine.id), 'NOT_FOUND');
    await rejects(receipts.pdfFor(receptionist, mine.id), 'NOT_FOUND');
    await rejects(receipts.pdfFor(business, mine.id), 'NOT_FOUND');
    await rejects(receipts.pdfFor(null, mine.id), 'UNAUTHENTICATED');
    await rejects(receipts.pdfFor(citizen, 'not-a-uuid'), 'NOT_FOUND');
    await rejects(receipts.pdfFor(citizen, '00000000-0000-4000-8000-000000000000'), 'NOT_FOUND');
    // A draft has no acknowledgement.
    const draft = await ctx.services.dossiers.createDraft(citizen, COPYRIGHT);
    await rejects(receipts.pdfFor(citizen, draft.id), 'NOT_FOUND');

    // An organisation's dossier: every member of the organisation.
    const theirs = await submitted(ctx, business);
    const colleague = await newApplicant(ctx, 'organisation', business.organisationId);
    assert.equal((await receipts.pdfFor(colleague, theirs.id)).code, theirs.code);
    assert.equal((await receipts.pdfFor(business, theirs.id)).code, theirs.code);
    await rejects(receipts.pdfFor(citizen, theirs.id), 'NOT_FOUND');
  });
});
