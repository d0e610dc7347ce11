import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { DomainError } from '../../src/core/errors.ts';
import { actorOf } from '../../src/modules/identity/identity.service.ts';
import { checkBody } from '../../src/modules/messages/messages.service.ts';
import { createTestContext } from '../helpers/db.ts';
import { actorByUsername, COPYRIGHT_PROCEDURE, newCitizen, submittedDossier } from '../helpers/dossiers.ts';

async function rejects(promise: Promise<unknown>, code: string, path?: string) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof DomainError, String(error));
    assert.equal(error.code, code);
    if (path) assert.deepEqual(error.fieldErrors?.map((f) => f.path), [path]);
    return true;
  });
}

describe('message bodies', () => {
  it('are trimmed, required and at most 4000 characters', () => {
    assert.equal(checkBody('  Xin chào\r\ncán bộ  '), 'Xin chào\ncán bộ');
    assert.equal(checkBody('a'.repeat(4000)).length, 4000);
    for (const bad of ['', '   ', '\n\t', null, undefined, 42, 'a'.repeat(4001)]) assert.throws(() => checkBody(bad), DomainError, String(bad));
  });
});

describe('messages between the applicant and the agency (PostgreSQL)', async () => {
  const ctx = await createTestContext({ demo: true });
  const messages = ctx.services.messages;
  const citizen = await actorByUsername(ctx, 'demo.congdan');
  const receptionist = await actorByUsername(ctx, 'demo.motcua');
  const specialist = await actorByUsername(ctx, 'demo.chuyenvien');
  const catalogManager = await actorByUsername(ctx, 'demo.danhmuc');

  it('lets the applicant and the agency write to each other; a message from the agency notifies the applicant', async () => {
    const dossier = await submittedDossier(ctx, citizen);
    const mine = await messages.post(citizen, dossier.id, { body: '  Tôi muốn hỏi về thời hạn giải quyết.  ' });
    assert.equal(mine.fromApplicant, true);
    assert.equal(mine.body, 'Tôi muốn hỏi về thời hạn giải quyết.');

    const officerView = await messages.thread(receptionist, dossier.id);
    assert.equal(officerView.asApplicant, false);
    assert.equal(officerView.items.length, 1);
    // Read by the agency now.
    const row = await ctx.db.selectFrom('dossier_messages').select('read_at').where('id', '=', mine.id).executeTakeFirstOrThrow();
    assert.notEqual(row.read_at, null);

    const reply = await messages.post(specialist, dossier.id, { body: 'Hồ sơ sẽ được giải quyết trong 15 ngày làm việc.' });
    assert.equal(reply.fromApplicant, false);
    const notes = await ctx.db.selectFrom('notifications').selectAll().where('account_id', '=', citizen.id).where('dossier_id', '=', dossier.id).where('kind', '=', 'dossier.message').execute();
    assert.equal(notes.length, 1);
    assert.equal(notes[0]!.title, `Hồ sơ ${dossier.code}: tin nhắn mới từ cơ quan`);
    assert.ok(notes[0]!.body.includes('15 ngày làm việc'));
    const mails = await ctx.db.selectFrom('mail_messages').selectAll().where('subject', '=', `Hồ sơ ${dossier.code}: tin nhắn mới từ cơ quan`).execute();
    assert.equal(mails.length, 1);
    assert.equal(mails[0]!.to_address, 'congdan@example.vn');
    // The applicant's own message does not notify anybody.
    assert.equal((await ctx.db.selectFrom('notifications').select('id').where('dossier_id', '=', dossier.id).where('kind', '=', 'dossier.message').execute()).length, 1);

    const thread = await messages.thread(citizen, dossier.id);
    assert.deepEqual(thread.items.map((m) => [m.fromApplicant, m.authorName]), [[true, citizen.fullName], [false, specialist.fullName]]);
    const audit = await ctx.db.selectFrom('audit_log').select('action').where('target_id', '=', dossier.id).where('action', '=', 'dossier.message').execute();
    assert.equal(audit.length, 2);
  });

  it('hides the thread from everyone else (NOT_FOUND), and refuses empty messages and drafts', async () => {
    const dossier = await submittedDossier(ctx, citizen);
    const stranger = await newCitizen(ctx);
    await rejects(messages.thread(stranger, dossier.id), 'NOT_FOUND');
    await rejects(messages.post(stranger, dossier.id, { body: 'Xin chào' }), 'NOT_FOUND');
    // An officer without a handling role on the agency (catalog manager of the ministry).
    await rejects(messages.thread(catalogManager, dossier.id), 'NOT_FOUND');
    await rejects(messages.thread(citizen, '00000000-0000-4000-8000-000000000000'), 'NOT_FOUND');
    await rejects(messages.thread(citizen, 'x'), 'NOT_FOUND');
    await rejects(messages.thread(null, dossier.id), 'UNAUTHENTICATED');
    await rejects(messages.post(citizen, dossier.id, { body: '   ' }), 'VALIDATION_FAILED', '/body');

    const draft = await ctx.services.dossiers.createDraft(citizen, COPYRIGHT_PROCEDURE);
    await rejects(messages.post(citizen, draft.id, { body: 'Xin chào' }), 'MESSAGE_DRAFT');
    // Officers never see drafts.
    await rejects(messages.thread(receptionist, draft.id), 'NOT_FOUND');
  });

  it('lets the members of the organisation read and write on its dossiers', async () => {
    const business = await actorByUsername(ctx, 'demo.doanhnghiep');
    const suffix = randomBytes(4).toString('hex');
    const colleague = actorOf(
      await ctx.db.insertInto('accounts').values({ username: `member.${suffix}`, kind: 'organisation', password_hash: 'x', full_name: 'Đỗ Minh Khoa', organisation_id: business.organisationId }).returningAll().executeTakeFirstOrThrow(),
      [],
    );
    const dossier = await submittedDossier(ctx, business);
    await messages.post(colleague, dossier.id, { body: 'Công ty xin bổ sung thông tin liên hệ.' });
    const thread = await messages.thread(business, dossier.id);
    assert.equal(thread.items.length, 1);
    assert.equal(thread.items[0]!.fromApplicant, true);
    await messages.post(receptionist, dossier.id, { body: 'Đã nhận.' });
    const notified = await ctx.db.selectFrom('notifications').select('account_id').where('dossier_id', '=', dossier.id).where('kind', '=', 'dossier.message').execute();
    assert.deepEqual(notified.map((n) => n.account_id).sort(), [business.id, colleague.id].sort());
  });
});
