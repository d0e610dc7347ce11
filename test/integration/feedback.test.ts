// Feedback and complaints (PAKN) against PostgreSQL: submission (signed in, verified contact), the officers' handling
// with agency scope, publication with masking, search, rating once, reminders and escalation, reports, and the
// Decision 766 count of dossiers with complaints.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../../src/core/errors.ts';
import { vietnamMonth } from '../../src/core/time.ts';
import { monthBounds } from '../../src/modules/scorecards/scorecards.rules.ts';
import { seedDemoFeedback } from '../../src/seed/feedback.ts';
import { createTestContext } from '../helpers/db.ts';
import { actorByUsername, newCitizen, submittedDossier } from '../helpers/dossiers.ts';

async function refused(promise: Promise<unknown>, code: string): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof DomainError, String(error));
    assert.equal(error.code, code, JSON.stringify(error.fieldErrors.length ? error.fieldErrors : error.params));
    return error;
  }
  assert.fail(`expected ${code}`);
}

describe('feedback (PAKN)', async () => {
  const ctx = await createTestContext({ demo: true });
  const feedback = ctx.services.feedback;
  const citizen = await actorByUsername(ctx, 'demo.congdan');
  const reception = await actorByUsername(ctx, 'demo.motcua');
  const specialist = await actorByUsername(ctx, 'demo.chuyenvien');
  const leader = await actorByUsername(ctx, 'demo.lanhdao');
  const admin = await actorByUsername(ctx, 'demo.quantri');
  const dossier = await submittedDossier(ctx, citizen);
  const agency = (await ctx.db.selectFrom('agencies').select(['id', 'code']).where('id', '=', dossier.agencyId).executeTakeFirstOrThrow());
  const otherAgency = await ctx.db.selectFrom('agencies').select(['id', 'code']).where('id', '!=', agency.id).where('active', '=', true).where('parent_id', 'is not', null).executeTakeFirstOrThrow();

  it('a signed-in citizen sends feedback about their dossier: routed to its agency, due in 10 working days', async () => {
    const before = new Date();
    const s = await feedback.submit(citizen, { category: 'procedure', dossierCode: dossier.code!, title: 'Chậm trả kết quả', content: 'Hồ sơ của tôi đã quá hạn.' });
    assert.match(s.code, /^PAKN-\d{4}-\d{6}$/);
    assert.equal(s.accessToken, null);
    const row = await ctx.db.selectFrom('feedback').selectAll().where('id', '=', s.id).executeTakeFirstOrThrow();
    assert.equal(row.agency_id, agency.id);
    assert.equal(row.dossier_id, dossier.id);
    const expected = await ctx.services.calendar.due({ from: row.received_at, workingDays: 10, agencyId: agency.id });
    assert.equal(row.due_at.getTime(), expected.at);
    assert.ok(row.due_at.getTime() > before.getTime() + 10 * 86_400_000);
  });

  it("someone else's dossier code is refused as unknown; an anonymous visitor cannot name a dossier", async () => {
    const stranger = await newCitizen(ctx);
    await refused(feedback.submit(stranger, { category: 'procedure', dossierCode: dossier.code!, title: 'X', content: 'Y' }), 'VALIDATION_FAILED');
    const error = await refused(feedback.submit(null, { category: 'procedure', dossierCode: dossier.code!, title: 'X', content: 'Y', contactName: 'A B', agencyCode: agency.code }), 'VALIDATION_FAILED');
    assert.ok(error.fieldErrors.some((e) => e.code === 'FEEDBACK_DOSSIER_SIGN_IN'));
  });

  it('an anonymous visitor verifies an e-mail with a one-time code (a wrong code is refused) and gets a secret link', async () => {
    const { verificationId, channel } = await feedback.requestCode({ contact: 'Khach.Hang@Example.vn' });
    assert.equal(channel, 'email');
    const mail = await ctx.db.selectFrom('mail_messages').select(['to_address', 'body_text']).where('to_address', '=', 'khach.hang@example.vn').orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    const text = mail.body_text;
    const code = /(\d{6})/.exec(text)![1]!;
    const input = { category: 'conduct', agencyCode: agency.code, title: 'Thái độ phục vụ', content: 'Cán bộ tiếp nhận chưa hướng dẫn rõ.', contactName: 'Khách Hàng', verificationId };
    const wrong = code === '000000' ? '000001' : '000000';
    await refused(feedback.submit(null, { ...input, code: wrong }), 'FEEDBACK_CODE_INVALID');
    const s = await feedback.submit(null, { ...input, code });
    assert.ok(s.accessToken);
    const own = await feedback.own({ actor: null, token: s.accessToken! }, s.code);
    assert.equal(own.email, 'khach.hang@example.vn');
    await refused(feedback.own({ actor: null, token: 'wrong' }, s.code), 'NOT_FOUND');
    // The code is used once.
    await refused(feedback.submit(null, { ...input, code }), 'FEEDBACK_CODE_INVALID');
  });

  it('the officers handle it: classify as a complaint, assign, answer, publish with personal data masked; the sender rates once', async () => {
    const s = await feedback.submit(citizen, {
      category: 'procedure',
      dossierCode: dossier.code!,
      title: 'Phản ánh về hồ sơ đất đai',
      content: 'Tôi là Nguyễn Văn An, số điện thoại 0912345678, CCCD 079203001234. Hồ sơ bị trả lại nhiều lần.',
    });
    const inbox = await feedback.inbox(reception, { status: 'open' });
    assert.ok(inbox.rows.some((r) => r.id === s.id));
    let d = await feedback.act(reception, s.id, 'classify', { isComplaint: true });
    assert.equal(d.isComplaint, true);
    const assignees = await feedback.assignees(reception, s.id);
    assert.ok(assignees.some((a) => a.id === specialist.id));
    await refused(feedback.act(reception, s.id, 'assign', { assigneeId: admin.id }), 'VALIDATION_FAILED');
    d = await feedback.act(reception, s.id, 'assign', { assigneeId: specialist.id, version: d.version });
    assert.equal(d.status, 'assigned');
    await refused(feedback.act(specialist, s.id, 'publish', {}), 'FEEDBACK_STATE');
    await refused(feedback.act(specialist, s.id, 'answer', { answer: 'x', version: 1 }), 'FEEDBACK_STALE');
    d = await feedback.act(specialist, s.id, 'answer', { answer: 'Đã liên hệ ông Nguyễn Văn An qua số 0912345678 để hướng dẫn bổ sung.' });
    assert.equal(d.status, 'answered');
    assert.equal(d.answeredOnTime, true);
    d = await feedback.act(specialist, s.id, 'publish', {});
    assert.equal(d.status, 'published');
    assert.ok(!d.published!.content.includes('0912345678'));
    assert.ok(!d.published!.content.includes('079203001234'));
    assert.ok(!d.published!.content.includes('Nguyễn Văn An'));
    assert.ok(!d.published!.answer.includes('Nguyễn Văn An'));
    // Public search, accent-insensitive.
    const found = await feedback.published({ q: 'dat dai' });
    assert.ok(found.rows.some((r) => r.code === s.code));
    assert.equal((await feedback.published({ q: 'khongcotukhoanay' })).total, 0);
    assert.equal((await feedback.publishedOne(s.code)).published_title, 'Phản ánh về hồ sơ đất đai');
    // Rating: once.
    await refused(feedback.rate({ actor: citizen }, s.code, { rating: 'so-so' }), 'VALIDATION_FAILED');
    const rated = await feedback.rate({ actor: citizen }, s.code, { rating: 'satisfied', comment: 'Cảm ơn' });
    assert.equal(rated.rating?.rating, 'satisfied');
    await refused(feedback.rate({ actor: citizen }, s.code, { rating: 'not_satisfied' }), 'FEEDBACK_ALREADY_RATED');
    d = await feedback.act(specialist, s.id, 'close', {});
    assert.equal(d.status, 'closed');
    assert.deepEqual(d.events.map((e) => e.kind), ['received', 'classified', 'assigned', 'answered', 'published', 'rated', 'closed']);
    const audit = await ctx.db.selectFrom('audit_log').select('action').where('target_id', '=', s.id).execute();
    assert.deepEqual(audit.map((a) => a.action).sort(), ['feedback.answer', 'feedback.assign', 'feedback.classify', 'feedback.close', 'feedback.publish']);
  });

  it('agency scope: an officer of another agency does not find it (404); a citizen is not an officer (403)', async () => {
    const s = await feedback.submit(citizen, { category: 'other', agencyCode: agency.code, title: 'Khác', content: 'Nội dung' });
    const outsider = await ctx.db.selectFrom('account_roles').select('account_id').where('role', '=', 'receptionist').where('agency_id', '=', otherAgency.id).executeTakeFirst();
    if (outsider) {
      const other = await ctx.db.selectFrom('accounts').select('username').where('id', '=', outsider.account_id).executeTakeFirstOrThrow();
      await refused(feedback.detail(await actorByUsername(ctx, other.username), s.id), 'NOT_FOUND');
    }
    await refused(feedback.detail(citizen, s.id), 'FORBIDDEN');
    await refused(feedback.detail(null, s.id), 'UNAUTHENTICATED');
    // Re-routed to another agency: the first agency's officers no longer see it.
    const d = await feedback.act(reception, s.id, 'classify', { agencyCode: otherAgency.code });
    assert.equal(d.agency.id, otherAgency.id);
    await refused(feedback.detail(reception, s.id), 'NOT_FOUND');
  });

  it('reminders before the due instant, escalation to the agency head once late (each once)', async () => {
    const s = await feedback.submit(citizen, { category: 'regulation', agencyCode: agency.code, title: 'Quy định chưa rõ', content: 'Nội dung' });
    await ctx.db.updateTable('feedback').set({ due_at: new Date(Date.now() + 3_600_000) }).where('id', '=', s.id).execute();
    let report = await feedback.remind();
    assert.ok(report.reminded >= 1);
    await ctx.db.updateTable('feedback').set({ due_at: new Date(Date.now() - 3_600_000) }).where('id', '=', s.id).execute();
    report = await feedback.remind();
    assert.ok(report.escalated >= 1);
    const again = await feedback.remind();
    const events = await ctx.db.selectFrom('feedback_events').select('kind').where('feedback_id', '=', s.id).execute();
    assert.deepEqual(events.map((e) => e.kind), ['received', 'reminded', 'escalated']);
    assert.equal(again.escalated, 0);
    const leaderMail = await ctx.db.selectFrom('accounts').select('email').where('id', '=', leader.id).executeTakeFirstOrThrow();
    if (leaderMail.email) {
      const mails = await ctx.db.selectFrom('mail_messages').selectAll().where('to_address', '=', leaderMail.email).execute();
      assert.ok(mails.some((m) => JSON.stringify(m).includes(s.code)));
    }
    const inbox = await feedback.inbox(reception, { status: 'late' });
    assert.ok(inbox.rows.some((r) => r.id === s.id && r.late));
  });

  it('the report counts by agency and period', async () => {
    const now = new Date();
    const rows = await feedback.report(leader, new Date(now.getTime() - 86_400_000), new Date(now.getTime() + 86_400_000));
    const line = rows.find((r) => r.agency.id === agency.id)!;
    assert.ok(line.received >= 4);
    assert.ok(line.answered_on_time >= 1);
    assert.ok(line.published >= 1);
    assert.ok(line.satisfied >= 1);
    assert.ok(line.pending_late >= 1);
    await refused(feedback.report(citizen, now, now), 'FORBIDDEN');
  });

  it('Decision 766: dossiers with complaints come from classified feedback, and the scorecard has data', async () => {
    const month = vietnamMonth(new Date());
    const { from, to } = monthBounds(month);
    const counts = await feedback.dossiersWithComplaints(from, to);
    assert.equal(counts.get(agency.id), 1);
    const card = await ctx.services.scorecards.scorecard(agency.code, month, new Date());
    const indicator = card.groups.flatMap((g) => g.indicators).find((i) => i.code === 'satisfaction_complaints')!;
    assert.equal(indicator.noData, indicator.denominator === 0);
    assert.ok((indicator.numerator ?? 0) >= 1);
  });

  it('the demo feedback: published answers visible, a complaint classified; once only', async () => {
    const before = (await feedback.published({})).total;
    assert.equal(await seedDemoFeedback(ctx), 4);
    assert.equal((await feedback.published({})).total, before + 2);
    assert.equal(await seedDemoFeedback(ctx), null);
  });
});
