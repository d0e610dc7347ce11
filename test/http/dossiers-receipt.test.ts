import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { actorOf } from '../../src/modules/identity/identity.service.ts';
import { createTestApp, login } from '../helpers/app.ts';

const COPYRIGHT = '1.001823';
const PDF = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');

describe('acknowledgement download', async () => {
  const filesDir = path.join(os.tmpdir(), `opendvc-receipt-http-${randomBytes(4).toString('hex')}`);
  const { app, ctx } = await createTestApp({ demo: true, config: { FILES_DIR: filesDir } });
  const account = await ctx.db.selectFrom('accounts').selectAll().where('username', '=', 'demo.congdan').executeTakeFirstOrThrow();
  const citizen = actorOf(account, []);
  const dossiers = ctx.services.dossiers;
  const draft = await dossiers.createDraft(citizen, COPYRIGHT);
  await dossiers.saveForm(citizen, draft.id, { ...draft.form.data, requestContent: 'Đăng ký quyền tác giả.' });
  for (const d of draft.documents.filter((x) => x.required)) await dossiers.addFile(citizen, draft.id, { documentId: d.documentId, source: Readable.from([PDF]), filename: 'to-khai.pdf' });
  const submitted = await dossiers.submit(citizen, draft.id, null);
  const applicant = await login(app, 'demo.congdan');
  const other = await login(app, 'demo.doanhnghiep');
  const pageUrl = `/ho-so/${submitted.id}/giay-xac-nhan.pdf`;
  const apiUrl = `/api/dossiers/${submitted.id}/receipt.pdf`;

  it('gives the applicant the PDF, inline, with a safe file name', async () => {
    for (const url of [pageUrl, apiUrl]) {
      const response = await app.inject({ method: 'GET', url, headers: { cookie: applicant.cookie, accept: 'text/html,application/pdf' } });
      assert.equal(response.statusCode, 200, response.body.slice(0, 300));
      assert.equal(response.headers['content-type'], 'application/pdf');
      assert.equal(response.headers['content-disposition'], `inline; filename="giay-xac-nhan-${submitted.code}.pdf"; filename*=UTF-8''giay-xac-nhan-${submitted.code}.pdf`);
      assert.equal(response.headers['cache-control'], 'private, no-store');
      assert.equal(response.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');
      assert.equal(Number(response.headers['content-length']), response.rawPayload.length);
      assert.ok(response.rawPayload.includes(`(${submitted.code})`));
    }
  });

  it('answers 404 to another applicant and for unknown dossiers', async () => {
    const response = await app.inject({ method: 'GET', url: apiUrl, headers: { cookie: other.cookie } });
    assert.equal(response.statusCode, 404);
    assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
    const page = await app.inject({ method: 'GET', url: pageUrl, headers: { cookie: other.cookie, accept: 'text/html' } });
    assert.equal(page.statusCode, 404);
    assert.match(String(page.headers['content-type']), /^text\/html/);
    const unknown = await app.inject({ method: 'GET', url: '/api/dossiers/00000000-0000-4000-8000-000000000000/receipt.pdf', headers: { cookie: applicant.cookie } });
    assert.equal(unknown.statusCode, 404);
  });

  it('asks anonymous visitors to sign in', async () => {
    const api = await app.inject({ method: 'GET', url: apiUrl });
    assert.equal(api.statusCode, 401);
    assert.equal(api.json().code, 'UNAUTHENTICATED');
    const page = await app.inject({ method: 'GET', url: pageUrl, headers: { accept: 'text/html' } });
    assert.equal(page.statusCode, 303);
    assert.equal(page.headers.location, `/dang-nhap?next=${encodeURIComponent(pageUrl)}`);
  });

  it('documents the API download in OpenAPI (valid document)', async () => {
    const spec = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const operation = spec.paths['/api/v1/dossiers/{id}/receipt.pdf']?.get;
    assert.ok(operation, 'path documented');
    assert.deepEqual(operation.tags, ['dossiers']);
    assert.ok(operation.responses['200'].content['application/pdf']);
    assert.equal(spec.paths['/ho-so/{id}/giay-xac-nhan.pdf'], undefined, 'the page route is hidden');
    const result = await new Validator().validate(spec);
    assert.equal(result.valid, true, JSON.stringify(result.errors));
  });
});
