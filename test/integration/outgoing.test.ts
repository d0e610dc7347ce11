// Outgoing documents against PostgreSQL: drafting with checks, the approval chain (role and named-person steps,
// return with a comment, resubmission), signing and issue (two PAdES signatures that verify as genuine: the
// signer's own certificate and the agency's seal), the register's number given once when two issues race
// (one succeeds, the other 409 OUTGOING_ALREADY_ISSUED, one register row), internal recipients receiving it as an
// incoming document, a dossier's result issued as an outgoing document (linked both ways), the report.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../../src/core/errors.ts';
import type { DossierStatus } from '../../src/db/schema.ts';
import { seedDemoOutgoing } from '../../src/modules/outgoing/outgoing.demo.ts';
import { createTestContext } from '../helpers/db.ts';
import { actorByUsername, submittedDossier } from '../helpers/dossiers.ts';

const rejectsWith = (code: string) => (error: unknown) => {
  assert.ok(error instanceof DomainError, String(error));
  assert.equal(error.code, code, JSON.stringify(error.fieldErrors));
  return true;
};

describe('outgoing documents (PostgreSQL)', async () => {
  const ctx = await createTestContext({ demo: true });
  const outgoing = ctx.services.outgoing;
  const citizen = await actorByUsername(ctx, 'demo.congdan');
  const specialist = await actorByUsername(ctx, 'demo.chuyenvien');
  const head = await actorByUsername(ctx, 'demo.truongphong');
  const leader = await actorByUsername(ctx, 'demo.lanhdao');
  const reception = await actorByUsername(ctx, 'demo.motcua');
  const office = await ctx.db.selectFrom('agencies').select(['id', 'code', 'name']).where('code', '=', '000.00.12.G14').executeTakeFirstOrThrow();
  const other = await ctx.db.selectFrom('agencies').select(['id', 'code', 'name']).where('code', '=', '000.20.00.H59').executeTakeFirstOrThrow();

  const draft = (extra: Record<string, unknown> = {}) =>
    outgoing.create(specialist, {
      docType: 'official_letter',
      excerpt: 'V/v hướng dẫn hồ sơ đăng ký quyền tác giả',
      body: 'Cục Bản quyền tác giả hướng dẫn như sau.\nHồ sơ gồm tờ khai và hai bản sao tác phẩm.',
      place: 'Hà Nội',
      signerId: leader.id,
      signerTitle: 'Cục trưởng',
      recipients: [{ agencyCode: other.code }, { name: 'Công ty TNHH Sách Việt', address: '12 Lý Thường Kiệt, Hà Nội' }],
      ...extra,
    });

  it('checks a draft: every problem named; the signer must be a leader of the agency', async () => {
    await assert.rejects(
      outgoing.create(specialist, { docType: 'nope', excerpt: '', body: '', place: '', signerId: specialist.id, signerTitle: '', recipients: [{ name: '', address: 'x' }] }),
      (error: unknown) => {
        assert.ok(error instanceof DomainError);
        const paths = error.fieldErrors.map((e) => e.path).sort();
        assert.deepEqual(paths, ['/docType', '/excerpt', '/place', '/recipients/0/name', '/signerTitle']);
        return true;
      },
    );
    await assert.rejects(draft({ signerId: specialist.id }), (error: unknown) => error instanceof DomainError && error.fieldErrors.some((e) => e.path === '/signerId' && e.code === 'OUTGOING_SIGNER_INVALID'));
    await assert.rejects(outgoing.create(citizen, { docType: 'decision', excerpt: 'x', body: '', place: 'Hà Nội', signerId: leader.id, signerTitle: 'x', recipients: [] }), rejectsWith('FORBIDDEN'));
  });

  it('goes along the chain (a role, then a named person): return needs a comment, the drafter resubmits', async () => {
    await outgoing.saveChain(leader, office.code, 'official_letter', [{ role: 'department_head' }, { accountId: leader.id }]);
    const doc = await draft();
    assert.equal(doc.status, 'draft');
    assert.equal(doc.issuerAbbreviation, 'CBQTG');
    let view = await outgoing.act(specialist, doc.id, 'submit');
    assert.equal(view.status, 'in_review');
    assert.equal(view.step, 1);
    await assert.rejects(outgoing.act(leader, doc.id, 'approve'), rejectsWith('OUTGOING_NOT_REVIEWER'));
    await assert.rejects(outgoing.act(head, doc.id, 'return', {}), rejectsWith('VALIDATION_FAILED'));
    view = await outgoing.act(head, doc.id, 'return', { comment: 'Bổ sung căn cứ pháp lý.' });
    assert.equal(view.status, 'returned');
    assert.ok(view.events.some((e) => e.kind === 'returned' && e.params.comment === 'Bổ sung căn cứ pháp lý.'));
    await outgoing.update(specialist, doc.id, { ...(await toInput(doc.id)), body: 'Căn cứ Luật Sở hữu trí tuệ.\nHồ sơ gồm tờ khai.' });
    await outgoing.act(specialist, doc.id, 'submit');
    view = await outgoing.act(head, doc.id, 'approve');
    assert.equal(view.step, 2);
    await assert.rejects(outgoing.issue(leader, doc.id), rejectsWith('OUTGOING_STATE'));
    view = await outgoing.act(leader, doc.id, 'approve');
    assert.equal(view.status, 'approved');
    assert.equal(view.may.issue, true);
    await assert.rejects(outgoing.issue(specialist, doc.id), rejectsWith('OUTGOING_NOT_SIGNER'));
  });

  async function toInput(id: string) {
    const d = await outgoing.detail(specialist, id);
    return { docType: d.docType, excerpt: d.excerpt, body: d.body, place: d.place, signerId: d.signer.id, signerTitle: d.signer.title, recipients: d.recipients.map((r) => (r.agencyCode ? { agencyCode: r.agencyCode } : { name: r.name, address: r.address ?? undefined })) };
  }

  it('issued twice at once: one number only — one succeeds, the other 409 OUTGOING_ALREADY_ISSUED, one register row', async () => {
    await outgoing.saveChain(leader, office.code, 'official_letter', []);
    const doc = await draft();
    await outgoing.act(specialist, doc.id, 'submit');
    assert.equal((await outgoing.detail(leader, doc.id)).status, 'approved');
    const outcomes = await Promise.allSettled([outgoing.issue(leader, doc.id), outgoing.issue(leader, doc.id)]);
    const ok = outcomes.filter((o) => o.status === 'fulfilled');
    const failed = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    assert.equal(ok.length, 1);
    assert.equal(failed.length, 1);
    assert.ok(failed[0]!.reason instanceof DomainError && failed[0]!.reason.code === 'OUTGOING_ALREADY_ISSUED' && failed[0]!.reason.status === 409);
    const rows = await ctx.db.selectFrom('outgoing_register').selectAll().where('document_id', '=', doc.id).execute();
    assert.equal(rows.length, 1);
    const issued = await outgoing.detail(leader, doc.id);
    assert.equal(issued.numberSymbol, rows[0]!.number_symbol);
    assert.match(issued.numberSymbol!, /^\d{2,}\/CBQTG$/);
    await assert.rejects(outgoing.issue(leader, doc.id), rejectsWith('OUTGOING_ALREADY_ISSUED'));
  });

  it('the issued PDF carries two genuine signatures (signer, then seal); the next number follows without a gap', async () => {
    const doc = await draft({ docType: 'notice', excerpt: 'Thông báo lịch tiếp công dân' });
    await outgoing.act(specialist, doc.id, 'submit');
    const before = (await ctx.db.selectFrom('outgoing_sequences').select('last').where('agency_id', '=', office.id).executeTakeFirst())?.last ?? 0;
    const view = await outgoing.issue(leader, doc.id);
    assert.equal(view.status, 'issued');
    assert.equal(view.numberSymbol, `${String(before + 1).padStart(2, '0')}/TB-CBQTG`);
    assert.match(view.signerSubject!, /CN=Hoàng Văn Nam/);
    assert.match(view.sealSubject!, /CN=Cục Bản quyền tác giả/);
    const pdf = await outgoing.pdf(leader, doc.id);
    const chunks: Buffer[] = [];
    for await (const chunk of pdf.opened!.stream) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    const verdict = await ctx.services.results.verifyBytes(bytes);
    assert.equal(verdict.state, 'genuine', JSON.stringify(verdict));
    assert.equal(verdict.state === 'genuine' && verdict.signatures, 2);
    assert.match(verdict.state === 'genuine' ? verdict.signer.subject : '', /Cục Bản quyền tác giả/);
    // Altered after issue: no longer genuine.
    const altered = Buffer.from(bytes);
    altered[200] = altered[200]! ^ 1;
    assert.notEqual((await ctx.services.results.verifyBytes(altered)).state, 'genuine');
    // Sent: the agency on OpenDVC received it as an incoming document.
    const recipients = view.recipients;
    assert.equal(recipients.find((r) => r.agencyCode === other.code)?.sendStatus, 'sent');
    const received = await ctx.db.selectFrom('incoming_documents').select(['number_symbol', 'channel', 'issuer']).where('agency_id', '=', other.id).where('number_symbol', '=', view.numberSymbol!).executeTakeFirst();
    assert.ok(received, 'received as an incoming document');
    assert.equal(received.channel, 'electronic');
  });

  it("a dossier's result issued as an outgoing document: prefilled, recorded as its signed result, linked both ways", async () => {
    const dossier = await submittedDossier(ctx, citizen);
    await ctx.db.updateTable('dossiers').set({ status: 4 as DossierStatus }).where('id', '=', dossier.id).execute();
    await assert.rejects(outgoing.prefill(reception, { dossier: dossier.id }), rejectsWith('NOT_FOUND'));
    const prefill = await outgoing.prefill(specialist, { dossier: dossier.id });
    assert.equal(prefill.docType, 'decision');
    const doc = await outgoing.create(specialist, { docType: 'decision', excerpt: prefill.excerpt!, body: prefill.body!, place: 'Hà Nội', signerId: leader.id, signerTitle: 'Cục trưởng', recipients: [{ name: prefill.recipientName || 'Người nộp' }], dossierId: dossier.id });
    await outgoing.act(specialist, doc.id, 'submit');
    const issued = await outgoing.issue(leader, doc.id);
    assert.ok(issued.resultCode);
    const result = await ctx.db.selectFrom('dossier_results').selectAll().where('dossier_id', '=', dossier.id).executeTakeFirstOrThrow();
    assert.equal(result.code, issued.resultCode);
    const electronic = await ctx.db.selectFrom('dossiers').select('electronic_result').where('id', '=', dossier.id).executeTakeFirstOrThrow();
    assert.equal(electronic.electronic_result, true);
    const linked = await outgoing.forDossier(specialist, dossier.id);
    assert.deepEqual(linked.map((l) => l.numberSymbol), [issued.numberSymbol]);
    assert.equal(issued.dossier?.id, dossier.id);
    assert.equal(issued.dossier?.code, dossier.code);
    assert.match(issued.numberSymbol!, /\/QĐ-CBQTG$/);
  });

  it('reports the documents issued in the period by type', async () => {
    const now = new Date();
    const rows = await outgoing.report(leader, new Date(now.getTime() - 86_400_000), new Date(now.getTime() + 86_400_000));
    const byType = Object.fromEntries(rows.filter((r) => r.agency.code === office.code).map((r) => [r.docType, r.issued]));
    assert.equal(byType.official_letter, 1);
    assert.equal(byType.notice, 1);
    assert.equal(byType.decision, 1);
    await assert.rejects(outgoing.report(citizen, now, now), rejectsWith('FORBIDDEN'));
  });

  it('the demo makes a draft, one in review and one issued, once', async () => {
    assert.equal(await seedDemoOutgoing(ctx), 3);
    assert.equal(await seedDemoOutgoing(ctx), null);
    const statuses = await ctx.db.selectFrom('outgoing_documents').select('status').where('excerpt', 'in', ['Về việc hướng dẫn thành phần hồ sơ đăng ký quyền tác giả', 'Về việc phối hợp kiểm tra bản quyền tại các cơ sở in', 'Thông báo lịch tiếp công dân quý I']).execute();
    assert.deepEqual(statuses.map((r) => r.status).sort(), ['draft', 'in_review', 'issued']);
  });
});
