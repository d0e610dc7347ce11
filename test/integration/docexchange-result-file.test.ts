// The result file a partner agency not on OpenDVC sends with its 06 "completed" about a dossier's liên thông step,
// through the exchange simulator: a PDF is stored through the files module and kept with the dossier (in the 06's
// history entry, which links it, vi/en), downloadable by an officer of the dossier's scope and not by one outside it;
// the same 06 applied twice (or a later 06 carrying the same file) stores it once; attachments refused (too large,
// not an accepted type, broken, a signature claimed that does not verify) store nothing, the step still completes
// and the history says why.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Readable } from 'node:stream';
import { simplePdf, startDocExchangeSimulator } from '../../src/simulators/doc-exchange.ts';
import { renderEvent } from '../../src/modules/kernel/timeline.ts';
import type { Attachment } from '../../src/modules/docexchange/docexchange.rules.ts';
import { createTestContext } from '../helpers/db.ts';
import { actorByUsername } from '../helpers/dossiers.ts';
import { MINISTRY, rejectsWith, TRA_VINH } from '../helpers/domain.ts';
import { addExternalAgency, dossierAtExternalStep, useExternalStepWorkflow } from '../helpers/external-step.ts';

const TOKEN = 'result-file-exchange-token-0123456789';
const EXTERNAL = 'H29.CT.KETQUA';
const MAX_FILE = 64 * 1024;
const sim = await startDocExchangeSimulator({ accounts: [{ organId: MINISTRY, organName: 'Bộ VHTTDL', token: TOKEN }], agencies: [{ organId: '000.00.00.H29.CT', organName: 'Cục Thuế tỉnh (ngoài OpenDVC)' }] });
after(() => sim.close());
const ctx = await createTestContext({ demo: true, config: { DOC_EXCHANGE_URL: sim.url, DOC_EXCHANGE_TOKEN: TOKEN, DOC_EXCHANGE_ORGAN_ID: MINISTRY, DOSSIER_MAX_FILE_BYTES: String(MAX_FILE) } });
after(() => ctx.db.destroy());
const exchange = ctx.services.docExchange;
const partner = sim.agencies[0]!;

// The agency outside OpenDVC has a place in the agency tree, linked to the exchange partner; the copyright
// procedure's workflow has its step.
await addExternalAgency(ctx, EXTERNAL);
const admin = await actorByUsername(ctx, 'demo.quantri');
await exchange.savePartner(admin, null, { organId: partner.organId, name: partner.organName, publicKey: partner.publicKey, external: true, agencyCode: EXTERNAL, active: true });
const specialist = await actorByUsername(ctx, 'demo.chuyenvien');
await useExternalStepWorkflow(ctx, EXTERNAL);

// An officer of another agency (Trà Vinh): the dossier is outside their scope.
const travinh = await ctx.db.selectFrom('agencies').select('id').where('code', '=', TRA_VINH).executeTakeFirstOrThrow();
const outsider = await ctx.db.insertInto('accounts').values({ username: 'result.travinh', kind: 'staff', password_hash: 'x', full_name: 'Thạch Thị Sa', agency_id: travinh.id }).returning('id').executeTakeFirstOrThrow();
await ctx.db.insertInto('account_roles').values([{ account_id: outsider.id, role: 'specialist', agency_id: travinh.id }, { account_id: outsider.id, role: 'agency_leader', agency_id: travinh.id }]).execute();
const stranger = await actorByUsername(ctx, 'result.travinh');

/** A dossier whose open step is the external one, its package sent to the partner: the dossier id and the package's DocumentId. */
async function atExternalStep(): Promise<{ id: string; documentId: string }> {
  const id = await dossierAtExternalStep(ctx);
  const sent = await exchange.sendDossierStep(specialist, id);
  assert.equal(sent.state, 'sent');
  return { id, documentId: sent.documentId };
}

async function openStep(id: string): Promise<string> {
  return (await ctx.db.selectFrom('dossier_steps').select('name').where('dossier_id', '=', id).where('finished_at', 'is', null).executeTakeFirstOrThrow()).name;
}

async function history06(id: string) {
  const rows = await ctx.db.selectFrom('dossier_events').select(['message', 'content']).where('dossier_id', '=', id).where('action', '=', 'docexchange').orderBy('id').execute();
  return rows.filter((r) => (r.message?.params as { code?: string } | undefined)?.code === '06');
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

const pdf = (name: string, bytes: Buffer, signed = false): Attachment => ({ contentId: name.replace(/[^A-Za-z0-9]/g, ''), contentType: 'application/pdf', name, description: 'Kết quả giải quyết', signed, bytes });

describe("a partner's 06 with its result file", () => {
  it('a PDF is kept with the dossier: stored, in the history (vi/en, linked), downloadable in scope only; the step completes', async () => {
    const { id, documentId } = await atExternalStep();
    const bytes = simplePdf('Thong bao nghia vu tai chinh');
    sim.respond(partner.organId, documentId, ['01', '06'], { result: [pdf('thong-bao-thue.pdf', bytes)] });
    const report = await exchange.poll();
    assert.equal(report.statuses, 2, JSON.stringify(report));
    assert.equal(await openStep(id), 'Phê duyệt', 'the external step completed');

    const kept = await ctx.db.selectFrom('docexchange_result_files').selectAll().where('dossier_id', '=', id).execute();
    assert.equal(kept.length, 1);
    assert.equal(kept[0]!.from_organ_id, partner.organId);
    assert.equal(kept[0]!.signature, null);
    const file = await ctx.db.selectFrom('files').selectAll().where('id', '=', kept[0]!.file_id).executeTakeFirstOrThrow();
    assert.equal(file.original_name, 'thong-bao-thue.pdf');
    assert.equal(file.media_type, 'application/pdf');

    const [event] = await history06(id);
    const params = event!.message!.params as { fileIds?: string[]; files?: string[] };
    assert.deepEqual(params.fileIds, [file.id], 'the history entry links the file');
    assert.match(renderEvent(event!, 'vi'), /Tệp kết quả đã lưu vào hồ sơ: thong-bao-thue\.pdf/);
    assert.match(renderEvent(event!, 'en'), /Result files kept with the dossier: thong-bao-thue\.pdf/);

    const listed = await exchange.resultFiles(specialist, id);
    assert.deepEqual(listed.map((f) => [f.name, f.mediaType, f.from]), [['thong-bao-thue.pdf', 'application/pdf', partner.organName]]);
    const opened = await exchange.openResultFile(specialist, id, file.id);
    assert.deepEqual(await readAll(opened.stream), bytes, 'the partner\'s bytes');
    await assert.rejects(exchange.openResultFile(stranger, id, file.id), rejectsWith('NOT_FOUND'));
    await assert.rejects(exchange.resultFiles(stranger, id), rejectsWith('NOT_FOUND'));
  });

  it('the same 06 twice stores the file once; a later 06 carrying the same file too', async () => {
    const { id, documentId } = await atExternalStep();
    sim.respond(partner.organId, documentId, ['06']);
    const status = sim.mailbox(MINISTRY).find((m) => m.type === 'Status')!;
    sim.inject(partner.organId, MINISTRY, 'Status', status.body);
    await exchange.poll();
    assert.equal(sim.mailbox(MINISTRY).length, 0, 'both taken off the exchange');
    assert.equal(await openStep(id), 'Phê duyệt');
    const count = async () => (await ctx.db.selectFrom('docexchange_result_files').select('id').where('dossier_id', '=', id).execute()).length;
    assert.equal(await count(), 1, 'stored once');
    assert.equal((await history06(id)).length, 1, 'one history entry');
    const pkg = await ctx.db.selectFrom('docexchange_packages').select('id').where('document_id', '=', documentId).executeTakeFirstOrThrow();
    assert.equal((await ctx.db.selectFrom('docexchange_statuses').select('id').where('package_id', '=', pkg.id).where('code', '=', '06').execute()).length, 1, 'one status row');

    // The partner sends its 06 once more (another instant, the same result PDF): nothing more is stored.
    await new Promise((resolve) => setTimeout(resolve, 5));
    sim.respond(partner.organId, documentId, ['06']);
    await exchange.poll();
    assert.equal(await count(), 1, 'the same file, kept once');
    const entries = await history06(id);
    assert.equal(entries.length, 2);
    const [first, second] = entries.map((e) => (e.message!.params as { fileIds?: string[] }).fileIds);
    assert.deepEqual(second, first, 'the later entry links the file kept before');
  });

  it('refused attachments (too large, not an accepted type, broken, a false signature claim) store nothing; the step completes; the history says why', async () => {
    const { id, documentId } = await atExternalStep();
    const large = Buffer.concat([simplePdf('Ket qua'), Buffer.alloc(MAX_FILE, 0x20)]);
    sim.respond(partner.organId, documentId, ['06'], {
      result: [
        pdf('ket-qua-lon.pdf', large),
        { contentId: 'ghichu', contentType: 'text/plain', name: 'ghi-chu.txt', description: 'Ghi chú', signed: false, bytes: Buffer.from('Ghi chú của cơ quan thuế') },
        pdf('hong.pdf', Buffer.from('%PDF-x.y these bytes are no PDF at all\n')),
        pdf('ky-so.pdf', simplePdf('Ket qua khong ky'), true),
      ],
    });
    const report = await exchange.poll();
    assert.equal(report.statuses, 1, JSON.stringify(report));
    assert.equal(report.refused, 0, 'the 06 itself is applied');
    assert.equal(await openStep(id), 'Phê duyệt', 'the external step completed');
    assert.equal((await ctx.db.selectFrom('docexchange_result_files').select('id').where('dossier_id', '=', id).execute()).length, 0, 'nothing stored');

    const [event] = await history06(id);
    const params = event!.message!.params as { fileIds?: string[]; refused?: string[]; refusedReasons?: string[] };
    assert.deepEqual(params.fileIds, []);
    assert.deepEqual(params.refused, ['ket-qua-lon.pdf', 'ghi-chu.txt', 'hong.pdf', 'ky-so.pdf']);
    assert.equal(params.refusedReasons?.[0], 'too_large');
    assert.equal(params.refusedReasons?.[1], 'type');
    assert.equal(params.refusedReasons?.[2], 'broken');
    assert.equal(params.refusedReasons?.[3], 'signature');
    const vi = renderEvent(event!, 'vi');
    assert.match(vi, /Không lưu tệp "ket-qua-lon\.pdf": tệp vượt quá dung lượng cho phép/);
    assert.match(vi, /Không lưu tệp "ghi-chu\.txt": không phải loại tệp được nhận/);
    assert.match(vi, /Không lưu tệp "hong\.pdf": tệp hỏng hoặc có nội dung không an toàn/);
    assert.match(vi, /Không lưu tệp "ky-so\.pdf": chữ ký số trên tệp không hợp lệ/);
    const en = renderEvent(event!, 'en');
    assert.match(en, /The file "ket-qua-lon\.pdf" was not kept: the file is larger than allowed/);
    assert.match(en, /The file "ghi-chu\.txt" was not kept: not a file type accepted/);
    assert.deepEqual(await exchange.resultFiles(specialist, id), []);
  });
});
