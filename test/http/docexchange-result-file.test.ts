// The partner agency's result file (kept from its 06 about a dossier's liên thông step) on the officer's dossier page
// and its download: listed beside the dossier's files and linked from the history entry (vi/en); an officer of the
// dossier's scope downloads it; an officer of another agency gets 404, a signed-out visitor nothing, and the route
// serves no other file (not even one of the same dossier's own files).
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { simplePdf, startDocExchangeSimulator } from '../../src/simulators/doc-exchange.ts';
import { createTestApp, login } from '../helpers/app.ts';
import { actorByUsername } from '../helpers/dossiers.ts';
import { MINISTRY, TRA_VINH } from '../helpers/domain.ts';
import { addExternalAgency, dossierAtExternalStep, useExternalStepWorkflow } from '../helpers/external-step.ts';

const TOKEN = 'http-result-file-token-0123456789';
const EXTERNAL = 'H29.CT.TEPKQ';
const sim = await startDocExchangeSimulator({ accounts: [{ organId: MINISTRY, organName: 'Bộ VHTTDL', token: TOKEN }], agencies: [{ organId: '000.00.00.H29.CT', organName: 'Cục Thuế tỉnh (ngoài OpenDVC)' }] });
after(() => sim.close());
const { app, ctx } = await createTestApp({ demo: true, config: { DOC_EXCHANGE_URL: sim.url, DOC_EXCHANGE_TOKEN: TOKEN, DOC_EXCHANGE_ORGAN_ID: MINISTRY } });
const partner = sim.agencies[0]!;
await addExternalAgency(ctx, EXTERNAL);
await ctx.services.docExchange.savePartner(await actorByUsername(ctx, 'demo.quantri'), null, { organId: partner.organId, name: partner.organName, publicKey: partner.publicKey, external: true, agencyCode: EXTERNAL, active: true });

// A specialist of Trà Vinh, signing in with the demo password: the dossier is outside their scope.
const demoPassword = await ctx.db.selectFrom('accounts').select('password_hash').where('username', '=', 'demo.chuyenvien').executeTakeFirstOrThrow();
const travinh = await ctx.db.selectFrom('agencies').select('id').where('code', '=', TRA_VINH).executeTakeFirstOrThrow();
const outsider = await ctx.db.insertInto('accounts').values({ username: 'tepkq.travinh', kind: 'staff', password_hash: demoPassword.password_hash, full_name: 'Thạch Thị Sa', agency_id: travinh.id }).returning('id').executeTakeFirstOrThrow();
await ctx.db.insertInto('account_roles').values([{ account_id: outsider.id, role: 'specialist', agency_id: travinh.id }, { account_id: outsider.id, role: 'agency_leader', agency_id: travinh.id }]).execute();

const html = (session: { cookie: string }, lang = 'vi') => ({ cookie: session.cookie, accept: 'text/html', 'accept-language': lang });

describe("the partner's result file on the dossier page", () => {
  it('listed and linked for the officer, downloadable in scope only', async () => {
    const specialist = await actorByUsername(ctx, 'demo.chuyenvien');
    await useExternalStepWorkflow(ctx, EXTERNAL);
    const id = await dossierAtExternalStep(ctx);
    const sent = await ctx.services.docExchange.sendDossierStep(specialist, id);
    const bytes = simplePdf('Thong bao thue');
    sim.respond(partner.organId, sent.documentId, ['06'], { result: [{ contentId: 'ketqua', contentType: 'application/pdf', name: 'thong-bao-thue.pdf', description: 'Kết quả', signed: false, bytes }] });
    await ctx.services.docExchange.poll();
    const kept = await ctx.db.selectFrom('docexchange_result_files').select('file_id').where('dossier_id', '=', id).executeTakeFirstOrThrow();
    const url = `/can-bo/ho-so/${id}/truc-lien-thong/tep/${kept.file_id}`;

    const officer = await login(app, 'demo.chuyenvien');
    const vi = await app.inject({ method: 'GET', url: `/can-bo/ho-so/${id}`, headers: html(officer) });
    assert.equal(vi.statusCode, 200);
    assert.ok(vi.body.includes(`data-exchange-file="${kept.file_id}"`), 'listed with the files');
    assert.ok(vi.body.includes(`href="${url}"`), 'linked');
    assert.ok(vi.body.includes(`data-history-file="${kept.file_id}"`), 'linked from the history entry');
    assert.match(vi.body, /Tệp kết quả từ cơ quan liên thông/);
    assert.match(vi.body, /Tệp kết quả đã lưu vào hồ sơ: thong-bao-thue\.pdf/);
    const en = await app.inject({ method: 'GET', url: `/can-bo/ho-so/${id}`, headers: html(officer, 'en') });
    assert.match(en.body, /Result files from partner agencies/);
    assert.match(en.body, /Result files kept with the dossier: thong-bao-thue\.pdf/);

    const download = await app.inject({ method: 'GET', url, headers: html(officer) });
    assert.equal(download.statusCode, 200);
    assert.equal(download.headers['content-type'], 'application/pdf');
    assert.equal(download.headers['cache-control'], 'private, no-store');
    assert.deepEqual(download.rawPayload, bytes);

    const stranger = await login(app, 'tepkq.travinh');
    const refused = await app.inject({ method: 'GET', url, headers: html(stranger) });
    assert.equal(refused.statusCode, 404, 'outside the officer\'s scope');
    const page = await app.inject({ method: 'GET', url: `/can-bo/ho-so/${id}`, headers: html(stranger) });
    assert.equal(page.statusCode, 404);
    assert.ok(!page.body.includes(kept.file_id));
    const anonymous = await app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
    assert.notEqual(anonymous.statusCode, 200);
    assert.ok(!anonymous.rawPayload.equals(bytes));

    // Only the partners' result files: one of the dossier's own files is not served here.
    const own = await ctx.db.selectFrom('dossier_files').select('file_id').where('dossier_id', '=', id).executeTakeFirstOrThrow();
    const other = await app.inject({ method: 'GET', url: `/can-bo/ho-so/${id}/truc-lien-thong/tep/${own.file_id}`, headers: html(officer) });
    assert.equal(other.statusCode, 404);

    // Hostile ids: a clean 4xx problem, never a 500 or a file.
    for (const [dossier, file] of [[id, '%00'], [id, 'x'.repeat(65)], ['%00', kept.file_id], ['-1', kept.file_id], [id, '00000000-0000-0000-0000-000000000000'], ['x'.repeat(65), kept.file_id], [id, `${kept.file_id}%00`]] as const) {
      const hostile = await app.inject({ method: 'GET', url: `/can-bo/ho-so/${dossier}/truc-lien-thong/tep/${file}`, headers: html(officer) });
      assert.ok(hostile.statusCode >= 400 && hostile.statusCode < 500, `${dossier} / ${file}: ${hostile.statusCode}`);
      assert.ok(!hostile.rawPayload.equals(bytes));
    }
  });
});
