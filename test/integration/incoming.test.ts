// Incoming documents (văn bản đến) against PostgreSQL: the register's numbers under concurrency (no gaps, no
// repeats), the duplicate rule (also between two concurrent registrations and for an electronic receipt), the
// workflow route → assign → opinion → close with its history, the deadline in working days, confidentiality (404
// for the others), the full text of an attached PDF in the search, the outgoing module's ports, reminders, reports.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../../src/core/errors.ts';
import { openPdf } from '../../src/core/pdf.ts';
import { vietnamDate, addDays } from '../../src/core/time.ts';
import { createTestContext } from '../helpers/db.ts';
import { actorByUsername } from '../helpers/dossiers.ts';
import type { Actor } from '../../src/core/actor.ts';
import { seedDemoIncoming } from '../../src/modules/incoming/incoming.demo.ts';
import { PdfTextExtractor } from '../../src/modules/incoming/incoming.pdftext.ts';
import { foldVietnamese } from '../../src/core/text.ts';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

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

async function textPdf(lines: string[]): Promise<Buffer> {
  const { doc, done } = await openPdf({ size: 'A4' });
  doc.font('regular').fontSize(12);
  for (const line of lines) doc.text(line);
  doc.end();
  return done;
}

async function* bytes(buffer: Buffer): AsyncGenerator<Buffer> {
  yield buffer;
}

describe('incoming documents', async () => {
  const ctx = await createTestContext({ demo: true });
  const incoming = ctx.services.incoming;
  const clerk = await actorByUsername(ctx, 'demo.motcua');
  const specialist = await actorByUsername(ctx, 'demo.chuyenvien');
  const head = await actorByUsername(ctx, 'demo.truongphong');
  const leader = await actorByUsername(ctx, 'demo.lanhdao');
  const today = vietnamDate(new Date());
  const meta = (n: number, extra: Record<string, unknown> = {}) => ({
    issuer: 'Ủy ban nhân dân tỉnh Trà Vinh',
    numberSymbol: `${n}/UBND-VP`,
    issuedOn: addDays(today, -2),
    docType: 'official_letter',
    excerpt: `Về việc phối hợp rà soát thủ tục hành chính lần ${n}`,
    ...extra,
  });

  // A fresh agency with its own clerk: its register starts at 1.
  const parent = await ctx.db.selectFrom('agencies').select('id').where('code', '=', '000.00.00.G14').executeTakeFirstOrThrow();
  const fresh = await ctx.db.insertInto('agencies').values({ code: '000.00.77.G14', name: 'Cục Thử nghiệm Văn thư', level: 'department', parent_id: parent.id }).returning('id').executeTakeFirstOrThrow();
  const hash = (await ctx.db.selectFrom('accounts').select('password_hash').where('username', '=', 'demo.motcua').executeTakeFirstOrThrow()).password_hash;
  const freshClerkRow = await ctx.db.insertInto('accounts').values({ username: 'vt.thunghiem', kind: 'staff', status: 'active', password_hash: hash, full_name: 'Văn thư Thử', agency_id: fresh.id }).returning('id').executeTakeFirstOrThrow();
  await ctx.db.insertInto('account_roles').values({ account_id: freshClerkRow.id, role: 'receptionist', agency_id: fresh.id }).execute();
  const freshClerk = await actorByUsername(ctx, 'vt.thunghiem');

  it('the demo register: a dozen documents of the Copyright Office in various states (seeded once)', async () => {
    assert.equal(await seedDemoIncoming(ctx), 12);
    const rows = await ctx.db.selectFrom('incoming_documents').select(['status', 'channel', 'confidentiality']).where('agency_id', '=', clerk.agencyId!).execute();
    assert.equal(rows.length, 12);
    assert.deepEqual([...new Set(rows.map((r) => r.status))].sort(), ['assigned', 'closed', 'in_progress', 'registered', 'routed']);
    assert.ok(rows.some((r) => r.channel === 'electronic') && rows.some((r) => r.confidentiality === 'confidential'));
    assert.equal(await seedDemoIncoming(ctx), null);
    const report = await incoming.report(leader, new Date(Date.now() - 30 * 86_400_000), new Date(Date.now() + 86_400_000));
    assert.ok(report.overdue.length >= 1);
    assert.ok(report.departments.some((d) => d.late >= 1 && d.onTime >= 1), JSON.stringify(report.departments));
  });

  it('20 registrations at once take the numbers 1..20 of the year, no gap, no repeat; a refused one takes none', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => incoming.register(freshClerk, { ...meta(1000 + i), agencyId: fresh.id })));
    assert.deepEqual(results.map((r) => r.number).sort((a, b) => a - b), Array.from({ length: 20 }, (_, i) => i + 1));
    await refused(incoming.register(freshClerk, { ...meta(1000), agencyId: fresh.id }), 'INCOMING_DUPLICATE');
    await refused(incoming.register(freshClerk, { ...meta(2000), excerpt: '', agencyId: fresh.id }), 'VALIDATION_FAILED');
    const next = await incoming.register(freshClerk, { ...meta(2001), agencyId: fresh.id });
    assert.equal(next.number, 21);
  });

  it('a duplicate (same issuer, number-and-symbol and date, written differently) names the existing registration', async () => {
    const first = await incoming.register(clerk, meta(501));
    const error = await refused(incoming.register(clerk, meta(501, { issuer: '  ủy ban nhân dân tỉnh trà vinh ', numberSymbol: '501 / ubnd-vp' })), 'INCOMING_DUPLICATE');
    assert.equal(error.status, 409);
    assert.equal(error.params?.number, first.number);
    // Same number-and-symbol but another date: another document.
    await incoming.register(clerk, meta(501, { issuedOn: addDays(today, -3) }));
    // Two concurrent registrations of one document: one wins, the other is the duplicate.
    const both = await Promise.allSettled([incoming.register(clerk, meta(777)), incoming.register(clerk, meta(777))]);
    assert.equal(both.filter((r) => r.status === 'fulfilled').length, 1);
    const loser = both.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    assert.equal((loser.reason as DomainError).code, 'INCOMING_DUPLICATE');
  });

  it('route → assign (working days on the calendar) → opinion → close, with the history; a past deadline is refused', async () => {
    const reg = await incoming.register(clerk, meta(601, { urgency: 'urgent' }));
    await refused(incoming.act(specialist, reg.id, 'route', { leaderId: leader.id }), 'INCOMING_NOT_ALLOWED');
    await incoming.act(clerk, reg.id, 'route', { leaderId: leader.id });
    const past = await refused(incoming.act(leader, reg.id, 'assign', { leadId: specialist.id, deadline: addDays(today, -1) }), 'VALIDATION_FAILED');
    assert.deepEqual(past.fieldErrors.map((e) => `${e.path} ${e.code}`), ['/deadline INCOMING_DEADLINE_PAST']);
    const assigned = await incoming.act(leader, reg.id, 'assign', { leadId: specialist.id, coordinateIds: [head.id], informIds: [clerk.id], workingDays: 3 });
    assert.equal(assigned.status, 'assigned');
    const due = await ctx.services.calendar.due({ from: new Date(), workingDays: 3, agencyId: clerk.agencyId });
    assert.ok(Math.abs(assigned.deadlineAt!.getTime() - new Date(due.at).getTime()) < 120_000);
    assert.deepEqual(assigned.assignees.map((a) => a.role).sort(), ['coordinate', 'inform', 'lead']);
    const opinion = await incoming.act(specialist, reg.id, 'opinion', { text: 'Đề nghị phòng phối hợp rà soát số liệu.' });
    assert.equal(opinion.status, 'in_progress');
    const mine = await incoming.list(specialist, { mine: true });
    assert.ok(mine.rows.some((r) => r.id === reg.id));
    const closed = await incoming.act(specialist, reg.id, 'close', {});
    assert.equal(closed.status, 'closed');
    assert.equal(closed.onTime, true);
    assert.deepEqual(closed.events.map((e) => e.kind), ['registered', 'routed', 'assigned', 'opinion', 'closed']);
    await refused(incoming.act(specialist, reg.id, 'opinion', { text: 'Muộn' }), 'INCOMING_STATE');
  });

  it('a confidential document is opened only by its clerk, its leader and its assignees; the others get 404 and do not see it in lists', async () => {
    const reg = await incoming.register(clerk, meta(701, { confidentiality: 'confidential' }));
    await refused(incoming.detail(specialist, reg.id), 'NOT_FOUND');
    await refused(incoming.detail(leader, reg.id), 'NOT_FOUND');
    assert.ok(!(await incoming.list(specialist, { q: '701/UBND' })).rows.some((r) => r.id === reg.id));
    await incoming.act(clerk, reg.id, 'route', { leaderId: leader.id });
    await incoming.detail(leader, reg.id);
    await refused(incoming.detail(head, reg.id), 'NOT_FOUND');
    await incoming.act(leader, reg.id, 'assign', { leadId: specialist.id });
    const seen = await incoming.detail(specialist, reg.id);
    assert.equal(seen.confidentiality, 'confidential');
    await refused(incoming.detail(head, reg.id), 'NOT_FOUND');
    await refused(incoming.getForAnswer(reg.id, head), 'NOT_FOUND');
    // Another agency's clerk: 404 for every document of this one.
    await refused(incoming.detail(freshClerk, reg.id), 'NOT_FOUND');
  });

  it('search by any field, accent-free, and by the text of an attached PDF', async () => {
    const pdf = await textPdf(['Quyết định về việc công nhận sáng kiến cấp cơ sở năm 2026', 'Điều 1. Công nhận sáng kiến "Số hóa hồ sơ lưu trữ".']);
    const reg = await incoming.register(clerk, meta(801, { docType: 'decision', numberSymbol: '801/QĐ-UBND' }), { source: bytes(pdf), filename: 'quyet-dinh.pdf' });
    const detail = await incoming.detail(clerk, reg.id);
    assert.equal(detail.files.length, 1);
    assert.ok(detail.files[0]!.textChars > 20, JSON.stringify(detail.files));
    assert.ok((await incoming.list(clerk, { q: 'so hoa ho so luu tru' })).rows.some((r) => r.id === reg.id));
    assert.ok((await incoming.list(clerk, { q: '801/QĐ' })).rows.some((r) => r.id === reg.id));
    assert.ok((await incoming.list(clerk, { q: 'uy ban nhan dan tra vinh 801' })).rows.some((r) => r.id === reg.id));
    assert.ok(!(await incoming.list(clerk, { q: 'khong co chu nay dau' })).rows.some((r) => r.id === reg.id));
  });

  it('an electronic receipt applies the same duplicate rule; a package is received once; markAnswered closes the document', async () => {
    const received = await incoming.registerReceived({ ...meta(901), agencyId: clerk.agencyId!, senderCode: '000.00.00.H59', packageId: 'pkg-901', attachments: [{ name: 'cv.pdf', content: await textPdf(['Công văn điện tử số 901']) }] });
    assert.deepEqual(received.refusedFiles, []);
    await refused(incoming.registerReceived({ ...meta(901), agencyId: clerk.agencyId!, senderCode: '000.00.00.H59', packageId: 'pkg-901b' }), 'INCOMING_DUPLICATE');
    await refused(incoming.registerReceived({ ...meta(902), agencyId: clerk.agencyId!, senderCode: '000.00.00.H59', packageId: 'pkg-901' }), 'INCOMING_DUPLICATE');
    await refused(incoming.register(clerk, meta(901)), 'INCOMING_DUPLICATE');
    const source = await incoming.getForAnswer(received.id, clerk);
    assert.equal(source.numberSymbol, '901/UBND-VP');
    assert.equal(source.senderCode, '000.00.00.H59');
    const outgoingId = '11111111-2222-4333-8444-555555555555';
    await incoming.markAnswered(received.id, outgoingId, clerk);
    await incoming.markAnswered(received.id, outgoingId, clerk);
    const answered = await incoming.detail(clerk, received.id);
    assert.equal(answered.status, 'answered');
    assert.equal(answered.outgoingId, outgoingId);
    assert.equal(answered.events.filter((e) => e.kind === 'answered').length, 1);
  });

  it('reminders: once before the deadline, once when overdue (e-mail in each language); the report counts by department', async () => {
    const reg = await incoming.register(clerk, meta(1101));
    await incoming.act(leader, reg.id, 'assign', { leadId: specialist.id, deadline: today });
    const before = await ctx.db.selectFrom('mail_messages').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const first = await incoming.remind(new Date());
    assert.ok(first.dueSoon >= 1, JSON.stringify(first));
    const again = await incoming.remind(new Date());
    assert.equal(again.dueSoon, 0);
    const later = new Date(Date.now() + 2 * 86_400_000);
    const overdue = await incoming.remind(later);
    assert.ok(overdue.overdue >= 1);
    const after = await ctx.db.selectFrom('mail_messages').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    assert.ok(Number(after.n) > Number(before.n));
    const detail = await incoming.detail(specialist, reg.id, later);
    assert.equal(detail.overdue, true);
    assert.deepEqual(detail.events.slice(-2).map((e) => e.kind), ['reminded', 'overdue']);
    const report = await incoming.report(leader, new Date(Date.now() - 86_400_000), new Date(Date.now() + 86_400_000), later);
    assert.ok(report.overdue.some((o) => o.id === reg.id));
    assert.ok(report.received.reduce((s, r) => s + r.count, 0) >= 5);
    assert.ok(report.departments.reduce((s, d) => s + d.overdue, 0) >= 1);
  });

  it('the PDF text extractor: a child that overruns its budget is killed (no text), the next extraction works', async () => {
    const stuck = new PdfTextExtractor({ timeoutMs: 300, workerPath: fileURLToPath(new URL('../helpers/pdftext-misbehaving.worker.ts', import.meta.url)) });
    const dir = await mkdtemp(join(tmpdir(), 'incoming-pdf-'));
    const path = join(dir, 'a.pdf');
    await writeFile(path, await textPdf(['Văn bản thử nghiệm trích xuất']));
    assert.equal(await stuck.extract(path), '');
    stuck.close();
    const good = new PdfTextExtractor({ timeoutMs: 60_000 });
    assert.match(foldVietnamese(await good.extract(path)), /van ban thu nghiem trich xuat/);
    await writeFile(path, Buffer.from('%PDF-1.4 garbage'));
    assert.equal(await good.extract(path), '');
    good.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('who may do what: a specialist cannot register, a citizen reads nothing', async () => {
    await refused(incoming.register(specialist, meta(1201)), 'FORBIDDEN');
    const citizen = await actorByUsername(ctx, 'demo.congdan');
    await refused(incoming.list(citizen as Actor), 'FORBIDDEN');
    await refused(incoming.list(null), 'UNAUTHENTICATED');
  });
});
