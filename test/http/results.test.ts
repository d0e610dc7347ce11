// Electronic results over HTTP: the public verification page in its four states (vi and en, without JavaScript),
// the form with and without a file, its rate limit, the JSON twin in OpenAPI, the officer's issue / upload /
// revoke pages and the applicant's download.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DossierStatus } from '../../src/db/schema.ts';
import { anonymousForm, authHeaders, createTestApp, login } from '../helpers/app.ts';
import { actorByUsername, submittedDossier } from '../helpers/dossiers.ts';
import { multipartBody } from '../helpers/forms.ts';
import { signedResult, testPki, unsignedResult } from '../helpers/results.ts';

describe('electronic results (HTTP)', async () => {
  const { app, ctx } = await createTestApp({ demo: true });
  const citizen = await actorByUsername(ctx, 'demo.congdan');
  const dossier = await submittedDossier(ctx, citizen);
  await ctx.db.updateTable('dossiers').set({ status: 4 as DossierStatus }).where('id', '=', dossier.id).execute();
  const leader = await login(app, 'demo.lanhdao');
  const owner = await login(app, 'demo.congdan');
  const html = { accept: 'text/html' };

  let code = '';
  let pdf: Buffer = Buffer.alloc(0);

  it('the officer issues a result from the results page (POST → 303 back with the code)', async () => {
    const page = await app.inject({ method: 'GET', url: `/can-bo/ho-so/${dossier.id}/ket-qua-dien-tu`, headers: { ...html, cookie: leader.cookie } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Tạo và ký số kết quả/);
    const issued = await app.inject({
      method: 'POST',
      url: `/can-bo/ho-so/${dossier.id}/ket-qua-dien-tu/cap`,
      headers: { ...html, cookie: leader.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(leader.csrfToken)}`,
    });
    assert.equal(issued.statusCode, 303, issued.body);
    code = /ma=([0-9A-Z]{12})/.exec(issued.headers.location as string)![1]!;
    const after = await app.inject({ method: 'GET', url: issued.headers.location as string, headers: { ...html, cookie: leader.cookie } });
    assert.match(after.body, new RegExp(`${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`));
  });

  it('the applicant sees it with a download; the JSON list and the file', async () => {
    const page = await app.inject({ method: 'GET', url: `/ho-so/${dossier.id}/ket-qua-dien-tu`, headers: { ...html, cookie: owner.cookie } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(`/api/results/${code}/file`));
    const list = await app.inject({ method: 'GET', url: `/api/dossiers/${dossier.id}/results`, headers: { cookie: owner.cookie } });
    assert.equal(list.statusCode, 200);
    assert.equal(list.json().items[0].code, code);
    const file = await app.inject({ method: 'GET', url: `/api/results/${code}/file`, headers: { cookie: owner.cookie } });
    assert.equal(file.statusCode, 200);
    assert.equal(file.headers['content-type'], 'application/pdf');
    assert.equal(file.headers['cache-control'], 'private, no-store');
    pdf = file.rawPayload;
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    // The citizen's dossier page lists it with its download; the officer's dossier page links to the results page.
    const detail = await app.inject({ method: 'GET', url: `/ho-so/${dossier.id}`, headers: { ...html, cookie: owner.cookie } });
    assert.equal(detail.statusCode, 200);
    assert.match(detail.body, /id="ket-qua-dien-tu"/);
    assert.match(detail.body, new RegExp(`href="/api/results/${code}/file"`));
    const officerDetail = await app.inject({ method: 'GET', url: `/can-bo/ho-so/${dossier.id}`, headers: { ...html, cookie: leader.cookie } });
    assert.equal(officerDetail.statusCode, 200);
    assert.match(officerDetail.body, new RegExp(`href="/can-bo/ho-so/${dossier.id}/ket-qua-dien-tu"`));
    // The officer's page is for staff only.
    const officerPage = await app.inject({ method: 'GET', url: `/can-bo/ho-so/${dossier.id}/ket-qua-dien-tu`, headers: { ...html, cookie: owner.cookie } });
    assert.equal(officerPage.statusCode, 404);
  });

  it('the verification page: genuine (vi and en), the QR code URL, typed codes, 360 px-friendly and script-free', async () => {
    const vi = await app.inject({ method: 'GET', url: `/xac-thuc/${code}`, headers: html });
    assert.equal(vi.statusCode, 200);
    assert.match(vi.body, /data-state="genuine"/);
    assert.match(vi.body, /Kết quả hợp lệ/);
    assert.match(vi.body, new RegExp(dossier.code!));
    assert.doesNotMatch(vi.body, /<script/);
    const en = await app.inject({ method: 'GET', url: `/xac-thuc/${code.toLowerCase()}?lang=en`, headers: html });
    assert.match(en.body, /Genuine result/);
    const typed = `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`.toLowerCase();
    const form = await anonymousForm(app, '/xac-thuc');
    const body = multipartBody([{ name: '_csrf', value: form.csrfToken }, { name: 'code', value: typed }]);
    const posted = await app.inject({ method: 'POST', url: '/xac-thuc', headers: { ...html, cookie: form.cookie, 'content-type': body.contentType }, payload: body.payload });
    assert.equal(posted.statusCode, 303);
    assert.equal(posted.headers.location, `/xac-thuc/${code}`);
  });

  it('the form with the PDF: the same file genuine, one changed byte altered', async () => {
    const form = await anonymousForm(app, '/xac-thuc');
    const post = (bytes: Buffer) => {
      const body = multipartBody([{ name: '_csrf', value: form.csrfToken }, { name: 'code', value: code }, { name: 'file', filename: 'kq.pdf', type: 'application/pdf', bytes }]);
      return app.inject({ method: 'POST', url: '/xac-thuc', headers: { ...html, cookie: form.cookie, 'content-type': body.contentType }, payload: body.payload });
    };
    const same = await post(pdf);
    assert.equal(same.statusCode, 200);
    assert.match(same.body, /data-state="genuine"/);
    assert.match(same.body, /trùng khớp/);
    const changed = Buffer.from(pdf);
    changed[500] = changed[500]! ^ 1;
    const altered = await post(changed);
    assert.match(altered.body, /data-state="altered"/);
    assert.match(altered.body, /Tệp đã bị thay đổi/);
  });

  it('an unknown code: 404 on the page, state unknown in JSON; an empty form: 422 naming the code', async () => {
    const page = await app.inject({ method: 'GET', url: '/xac-thuc/AAAABBBBCCCC', headers: html });
    assert.equal(page.statusCode, 404);
    assert.match(page.body, /data-state="unknown"/);
    const api = await app.inject({ method: 'GET', url: '/api/results/AAAABBBBCCCC' });
    assert.equal(api.statusCode, 200);
    assert.equal(api.json().state, 'unknown');
    const form = await anonymousForm(app, '/xac-thuc');
    const body = multipartBody([{ name: '_csrf', value: form.csrfToken }, { name: 'code', value: '   ' }]);
    const empty = await app.inject({ method: 'POST', url: '/xac-thuc', headers: { ...html, cookie: form.cookie, 'content-type': body.contentType }, payload: body.payload });
    assert.equal(empty.statusCode, 422);
    assert.match(empty.body, /href="#code"/);
    const noToken = multipartBody([{ name: 'code', value: code }]);
    const refused = await app.inject({ method: 'POST', url: '/xac-thuc', headers: { ...html, cookie: form.cookie, 'content-type': noToken.contentType }, payload: noToken.payload });
    assert.equal(refused.statusCode, 403);
  });

  it('the JSON twin is in OpenAPI and answers genuine / revoked', async () => {
    const api = await app.inject({ method: 'GET', url: `/api/results/${code}` });
    assert.equal(api.statusCode, 200);
    assert.equal(api.json().state, 'genuine');
    const spec = await app.inject({ method: 'GET', url: '/api/docs/json' });
    const paths = Object.keys(spec.json().paths);
    for (const p of ['/api/v1/results/{code}', '/api/v1/dossiers/{id}/results', '/api/v1/dossiers/{id}/results/upload', '/api/v1/results/{code}/revoke']) assert.ok(paths.includes(p), p);
  });

  it('an upload through the API: untrusted refused as problem+json naming the file field; trusted stored', async () => {
    const send = (bytes: Buffer) => {
      const body = multipartBody([{ name: '_csrf', value: leader.csrfToken }, { name: 'file', filename: 'gcn.pdf', type: 'application/pdf', bytes }]);
      return app.inject({ method: 'POST', url: `/api/dossiers/${dossier.id}/results/upload`, headers: { ...authHeaders(leader), 'content-type': body.contentType }, payload: body.payload });
    };
    const untrusted = await send(await signedResult(testPki().stranger));
    assert.equal(untrusted.statusCode, 422);
    assert.match(untrusted.headers['content-type'] as string, /application\/problem\+json/);
    assert.equal(untrusted.json().code, 'RESULT_SIGNER_UNTRUSTED');
    assert.deepEqual(untrusted.json().errors.map((e: { path: string }) => e.path), ['/file']);
    const identity = await ctx.services.results.pki.signer({ id: dossier.agencyId, name: 'Cục Bản quyền tác giả' });
    const ok = await send(await signedResult(identity));
    assert.equal(ok.statusCode, 201, ok.body);
    assert.equal(ok.json().source, 'uploaded');
  });

  it('the officer page refuses an unsigned upload, saying why next to the file field', async () => {
    const body = multipartBody([{ name: '_csrf', value: leader.csrfToken }, { name: 'file', filename: 'chua-ky.pdf', type: 'application/pdf', bytes: await unsignedResult() }]);
    const response = await app.inject({ method: 'POST', url: `/can-bo/ho-so/${dossier.id}/ket-qua-dien-tu/tai-len`, headers: { ...html, cookie: leader.cookie, 'content-type': body.contentType }, payload: body.payload });
    assert.equal(response.statusCode, 422);
    assert.match(response.body, /href="#file"/);
    assert.match(response.body, /id="file-error"[^>]*>Chữ ký số của tệp kết quả không hợp lệ/);
  });

  it('the officer revokes with a reason; the page then says revoked', async () => {
    const missing = await app.inject({
      method: 'POST',
      url: `/can-bo/ket-qua-dien-tu/${code}/thu-hoi`,
      headers: { ...html, cookie: leader.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(leader.csrfToken)}&reason=`,
    });
    assert.equal(missing.statusCode, 422);
    const revoked = await app.inject({
      method: 'POST',
      url: `/can-bo/ket-qua-dien-tu/${code}/thu-hoi`,
      headers: { ...html, cookie: leader.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(leader.csrfToken)}&reason=${encodeURIComponent('Sai tên tác phẩm')}`,
    });
    assert.equal(revoked.statusCode, 303, revoked.body);
    const page = await app.inject({ method: 'GET', url: `/xac-thuc/${code}?lang=en`, headers: html });
    assert.match(page.body, /data-state="revoked"/);
    assert.match(page.body, /Result revoked/);
    assert.match(page.body, /Sai tên tác phẩm/);
    const again = await app.inject({ method: 'POST', url: `/api/results/${code}/revoke`, headers: authHeaders(leader), payload: { reason: 'x' } });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().code, 'RESULT_REVOKED');
  });

  it('unknown codes from one address are rate-limited (429), page and API alike', async () => {
    const remoteAddress = '192.0.2.50';
    for (let i = 0; i < 20; i++) await app.inject({ method: 'GET', url: `/api/results/0000000000${String(i).padStart(2, '0')}`, remoteAddress });
    const api = await app.inject({ method: 'GET', url: `/api/results/${code}`, remoteAddress });
    assert.equal(api.statusCode, 429);
    const page = await app.inject({ method: 'GET', url: `/xac-thuc/${code}`, headers: html, remoteAddress });
    assert.equal(page.statusCode, 429);
    assert.match(page.body, /quá nhiều lần/);
  });

  it('hostile codes never 500', async () => {
    for (const bad of ['%00', 'a'.repeat(40), '..%2F..%2Fetc', '%E2%80%AE', "' OR 1=1 --"]) {
      const page = await app.inject({ method: 'GET', url: `/xac-thuc/${bad}`, headers: html, remoteAddress: '192.0.2.99' });
      assert.ok(page.statusCode < 500, `${bad}: ${page.statusCode}`);
      const api = await app.inject({ method: 'GET', url: `/api/results/${bad}`, remoteAddress: '192.0.2.98' });
      assert.ok(api.statusCode < 500, `${bad}: ${api.statusCode}`);
    }
  });
});
