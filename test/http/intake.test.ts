import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { authHeaders, createTestApp, login } from '../helpers/app.ts';
import { COPYRIGHT_PROCEDURE, PDF } from '../helpers/dossiers.ts';

function multipart(fields: Record<string, string>, file: { name: string; type: string; bytes: Buffer }): { body: Buffer; contentType: string } {
  const boundary = `----intake${randomBytes(6).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.bytes, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

describe('counter intake over HTTP', async () => {
  const filesDir = path.join(os.tmpdir(), `opendvc-intake-http-${randomBytes(4).toString('hex')}`);
  const { app, ctx } = await createTestApp({ demo: true, config: { FILES_DIR: filesDir } });
  const receptionist = await login(app, 'demo.motcua');
  const citizen = await ctx.db.selectFrom('accounts').select(['personal_id', 'full_name']).where('username', '=', 'demo.congdan').executeTakeFirstOrThrow();

  // An officer of another agency (Cục Điện ảnh).
  const film = await ctx.db.selectFrom('agencies').select('id').where('code', '=', '000.00.14.G14').executeTakeFirstOrThrow();
  const password = 'Phim#Truong-2026-xyz';
  await ctx.services.identity.createAccount(null, { username: 'test.dienanh', password, kind: 'staff', fullName: 'Đỗ Thị Lan', agencyId: film.id, roles: [{ role: 'receptionist', agencyId: film.id }] });
  const foreign = await login(app, 'test.dienanh', password);

  const register = await app.inject({
    method: 'POST',
    url: '/api/officer/intake',
    headers: authHeaders(receptionist),
    payload: {
      procedureCode: COPYRIGHT_PROCEDURE,
      channel: 1,
      applicant: { kind: 'citizen', personalId: citizen.personal_id },
      form: { phone: '0912345678', address: 'Số 5 Lý Thái Tổ, Hà Nội', requestContent: 'Đăng ký quyền tác giả.' },
      resultDelivery: 'counter',
    },
  });
  const created = register.json() as { id: string; code: string; lookupSecret: string; documents: Array<{ documentId: string }> };

  it('registers a dossier at the counter (201 with the code and the lookup secret)', () => {
    assert.equal(register.statusCode, 201, register.body);
    assert.match(created.code, /^000\.00\.12\.G14-\d{6}-\d{4}$/);
    assert.match(created.lookupSecret, /^[2-9A-Z]{8}$/);
    assert.equal(register.headers['cache-control'], 'no-store');
  });

  it('refuses a request without the CSRF token, bad input (422 with every error) and another agency (403)', async () => {
    const valid = { procedureCode: COPYRIGHT_PROCEDURE, channel: 1, applicant: { kind: 'citizen', personalId: citizen.personal_id }, form: { requestContent: 'Lần hai.' }, resultDelivery: 'counter' };
    const noCsrf = await app.inject({ method: 'POST', url: '/api/officer/intake', headers: { cookie: receptionist.cookie }, payload: valid });
    assert.equal(noCsrf.statusCode, 403);
    assert.equal(noCsrf.json().code, 'CSRF_INVALID');
    const bad = await app.inject({ method: 'POST', url: '/api/officer/intake', headers: authHeaders(receptionist), payload: { procedureCode: 'x', channel: 2, applicant: { kind: 'citizen' }, resultDelivery: 'fax' } });
    assert.equal(bad.statusCode, 422);
    const paths = (bad.json() as { errors: Array<{ path: string }> }).errors.map((e) => e.path);
    for (const p of ['/procedureCode', '/channel', '/resultDelivery']) assert.ok(paths.includes(p), paths.join());
    const other = await app.inject({
      method: 'POST',
      url: '/api/officer/intake',
      headers: authHeaders(foreign),
      payload: valid,
    });
    assert.equal(other.statusCode, 403);
    assert.equal(other.json().code, 'FORBIDDEN');
  });

  it('uploads a scan (multipart) and marks the dossier digitised', async () => {
    const { body, contentType } = multipart({ documentId: created.documents[0]!.documentId }, { name: 'ban-quet.pdf', type: 'application/pdf', bytes: PDF });
    const response = await app.inject({ method: 'POST', url: `/api/officer/intake/${created.id}/files`, headers: { ...authHeaders(receptionist), 'content-type': contentType }, payload: body });
    assert.equal(response.statusCode, 201, response.body);
    assert.equal(response.json().digitised, true);
    assert.equal(response.json().name, 'ban-quet.pdf');
    const row = await ctx.db.selectFrom('dossiers').select('digitised').where('id', '=', created.id).executeTakeFirstOrThrow();
    assert.equal(row.digitised, true);
    const foreignUpload = await app.inject({ method: 'POST', url: `/api/officer/intake/${created.id}/files`, headers: { ...authHeaders(foreign), 'content-type': contentType }, payload: body });
    assert.equal(foreignUpload.statusCode, 404);
  });

  it('serves form 01 as a PDF to the receptionist, 404 to another agency and for unknown forms', async () => {
    const url = `/api/officer/dossiers/${created.id}/forms/01.pdf`;
    const response = await app.inject({ method: 'GET', url, headers: { cookie: receptionist.cookie } });
    assert.equal(response.statusCode, 200, response.body.slice(0, 300));
    assert.equal(response.headers['content-type'], 'application/pdf');
    assert.equal(response.headers['cache-control'], 'private, no-store');
    assert.match(String(response.headers['content-disposition']), new RegExp(`^inline; filename="mau-01-${created.code.replace(/\./g, '\\.')}\\.pdf"`));
    assert.equal(response.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.ok(response.rawPayload.includes(`(${created.code})`), 'code in the metadata');

    const sheet = await app.inject({ method: 'GET', url: `/api/officer/dossiers/${created.id}/forms/06.pdf`, headers: { cookie: receptionist.cookie } });
    assert.equal(sheet.statusCode, 200);
    const missing = await app.inject({ method: 'GET', url: `/api/officer/dossiers/${created.id}/forms/03.pdf`, headers: { cookie: receptionist.cookie } });
    assert.equal(missing.statusCode, 409);
    assert.equal(missing.json().code, 'FORM_NOT_AVAILABLE');

    const other = await app.inject({ method: 'GET', url, headers: { cookie: foreign.cookie } });
    assert.equal(other.statusCode, 404);
    assert.match(String(other.headers['content-type']), /^application\/problem\+json/);
    const applicant = await login(app, 'demo.congdan');
    assert.equal((await app.inject({ method: 'GET', url, headers: { cookie: applicant.cookie } })).statusCode, 403);
    assert.equal((await app.inject({ method: 'GET', url })).statusCode, 401);
    const unknownForm = await app.inject({ method: 'GET', url: `/api/officer/dossiers/${created.id}/forms/07.pdf`, headers: { cookie: receptionist.cookie } });
    assert.ok([400, 404, 422].includes(unknownForm.statusCode), String(unknownForm.statusCode));
  });

  it('lists the routes in the OpenAPI document', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    assert.equal(response.statusCode, 200);
    const doc = response.json() as { paths: Record<string, Record<string, unknown>> };
    const result = await new Validator().validate(doc as never);
    assert.equal(result.valid, true, JSON.stringify(result.errors, null, 1)?.slice(0, 2000));
    const paths = doc.paths;
    assert.ok(paths['/api/v1/officer/intake']?.post, Object.keys(paths).filter((p) => p.includes('officer')).join());
    assert.ok(paths['/api/v1/officer/intake/{id}/files']?.post);
    assert.ok(paths['/api/v1/officer/dossiers/{id}/forms/{form}.pdf']?.get, Object.keys(paths).filter((p) => p.includes('officer')).join());
    assert.ok(paths['/api/v1/officer/tracking-book.pdf']?.get);
    assert.ok(paths['/api/v1/officer/tracking-book.xlsx']?.get);
  });

  it('exports the tracking book as Excel and PDF; bad periods are 422', async () => {
    const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
    const xlsx = await app.inject({ method: 'GET', url: `/api/officer/tracking-book.xlsx?from=${today}&to=${today}`, headers: { cookie: receptionist.cookie } });
    assert.equal(xlsx.statusCode, 200, xlsx.body.slice(0, 300));
    assert.equal(xlsx.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.match(String(xlsx.headers['content-disposition']), /^attachment; filename="mau-07-/);
    assert.equal(xlsx.rawPayload.subarray(0, 2).toString('latin1'), 'PK');
    const pdf = await app.inject({ method: 'GET', url: `/api/officer/tracking-book.pdf?from=${today}&to=${today}`, headers: { cookie: receptionist.cookie } });
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    const bad = await app.inject({ method: 'GET', url: '/api/officer/tracking-book.pdf?from=2026-02-30&to=2026-01-01', headers: { cookie: receptionist.cookie } });
    assert.equal(bad.statusCode, 422);
    const applicant = await login(app, 'demo.congdan');
    assert.equal((await app.inject({ method: 'GET', url: `/api/officer/tracking-book.pdf?from=${today}&to=${today}`, headers: { cookie: applicant.cookie } })).statusCode, 403);
  });
});
