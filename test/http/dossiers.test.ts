import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { authHeaders, createTestApp, login, type Session } from '../helpers/app.ts';

const COPYRIGHT = '1.001823';
const PDF = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');
const MB = 1024 * 1024;

function multipart(fields: Record<string, string>, file?: { name: string; type: string; bytes: Buffer }) {
  const boundary = `----opendvc${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`));
    parts.push(file.bytes, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A multipart upload of `size` bytes produced lazily; `pulled()` tells how many file bytes were read. */
function largeUpload(documentId: string, size: number) {
  const boundary = `----opendvc${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="documentId"\r\n\r\n${documentId}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="lon.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  let sent = 0;
  let headSent = false;
  let ended = false;
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  const stream = new Readable({
    read() {
      if (!headSent) {
        headSent = true;
        this.push(Buffer.concat([head, PDF]));
        sent += PDF.length;
        return;
      }
      if (sent >= size) {
        if (!ended) {
          ended = true;
          this.push(tail);
          this.push(null);
        }
        return;
      }
      sent += chunk.length;
      this.push(chunk);
    },
  });
  return { stream, contentType: `multipart/form-data; boundary=${boundary}`, pulled: () => sent };
}

describe('online submission API', async () => {
  const { app } = await createTestApp({ demo: true });
  const citizen = await login(app, 'demo.congdan');
  const business = await login(app, 'demo.doanhnghiep');

  async function createDraft(session: Session) {
    const response = await app.inject({ method: 'POST', url: '/api/dossiers', headers: authHeaders(session), payload: { procedureCode: COPYRIGHT } });
    assert.equal(response.statusCode, 201, response.body);
    return response.json() as { id: string; form: { schema: { properties: Record<string, unknown> }; data: Record<string, string> }; documents: Array<{ documentId: string; name: string; copies: number; originalKind: string; allowedTypes: string[]; required: boolean }> };
  }

  async function addFile(session: Session, id: string, documentId: string, bytes = PDF, name = 'to-khai.pdf') {
    const { payload, contentType } = multipart({ documentId }, { name, type: 'application/pdf', bytes });
    return app.inject({ method: 'POST', url: `/api/dossiers/${id}/files`, headers: { ...authHeaders(session), 'content-type': contentType }, payload });
  }

  async function readyDraft(session: Session) {
    const draft = await createDraft(session);
    const form = await app.inject({ method: 'PUT', url: `/api/dossiers/${draft.id}/form`, headers: authHeaders(session), payload: { ...draft.form.data, requestContent: 'Đăng ký quyền tác giả' } });
    assert.equal(form.statusCode, 200, form.body);
    for (const d of draft.documents.filter((x) => x.required)) assert.equal((await addFile(session, draft.id, d.documentId)).statusCode, 201);
    return draft;
  }

  it('creates a draft: id, e-form schema and documents', async () => {
    const draft = await createDraft(citizen);
    assert.match(draft.id, /^[0-9a-f-]{36}$/);
    assert.ok('requestContent' in draft.form.schema.properties);
    assert.equal(draft.form.data.fullName, 'Nguyễn Văn An');
    assert.equal(draft.documents.length, 5);
    const first = draft.documents[0]!;
    assert.deepEqual(Object.keys(first).sort(), ['allowedTypes', 'copies', 'documentId', 'name', 'originalKind', 'position', 'required', 'templateFileId'].sort());
    assert.equal(first.name, 'Tờ khai đăng ký quyền tác giả (Mẫu số 01)');
    assert.equal(first.originalKind, 'original');
    assert.deepEqual(first.allowedTypes, ['application/pdf', 'image/jpeg', 'image/png', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);
  });

  it('refuses anonymous requests, missing CSRF tokens and bad procedure codes', async () => {
    assert.equal((await app.inject({ method: 'GET', url: '/api/dossiers' })).statusCode, 401);
    const noCsrf = await app.inject({ method: 'POST', url: '/api/dossiers', headers: { cookie: citizen.cookie }, payload: { procedureCode: COPYRIGHT } });
    assert.equal(noCsrf.statusCode, 403);
    assert.equal(noCsrf.json().code, 'CSRF_INVALID');
    const bad = await app.inject({ method: 'POST', url: '/api/dossiers', headers: authHeaders(citizen), payload: { procedureCode: 'abc' } });
    assert.equal(bad.statusCode, 422);
    assert.equal(bad.json().errors[0].path, '/procedureCode');
    const level1 = await app.inject({ method: 'POST', url: '/api/dossiers', headers: authHeaders(citizen), payload: { procedureCode: '1.001832' } });
    assert.equal(level1.statusCode, 409);
    assert.equal(level1.json().code, 'PROCEDURE_NOT_ONLINE');
  });

  it('answers 422 with every field error, 400 for malformed JSON', async () => {
    const draft = await createDraft(citizen);
    const response = await app.inject({ method: 'PUT', url: `/api/dossiers/${draft.id}/form`, headers: authHeaders(citizen), payload: { fullName: '', personalId: 'x', phone: 'y', email: 'z' } });
    assert.equal(response.statusCode, 422);
    assert.match(response.headers['content-type'] as string, /application\/problem\+json/);
    const problem = response.json() as { code: string; errors: Array<{ path: string; code: string; message: string }> };
    assert.equal(problem.code, 'VALIDATION_FAILED');
    assert.deepEqual(problem.errors.map((e) => e.path).sort(), ['/address', '/email', '/fullName', '/personalId', '/phone', '/requestContent']);
    assert.ok(problem.errors.every((e) => e.message && !e.message.startsWith('validation.')));
    const malformed = await app.inject({ method: 'PUT', url: `/api/dossiers/${draft.id}/form`, headers: { ...authHeaders(citizen), 'content-type': 'application/json' }, payload: '{"fullName": "A",' });
    assert.equal(malformed.statusCode, 400);
    assert.equal(malformed.json().code, 'MALFORMED_REQUEST');
    const notObject = await app.inject({ method: 'PUT', url: `/api/dossiers/${draft.id}/form`, headers: { ...authHeaders(citizen), 'content-type': 'application/json' }, payload: '[1,2]' });
    assert.ok([400, 422].includes(notObject.statusCode), String(notObject.statusCode));
  });

  it('uploads, submits with an Idempotency-Key, lists and shows the dossier', async () => {
    const draft = await createDraft(citizen);
    await app.inject({ method: 'PUT', url: `/api/dossiers/${draft.id}/form`, headers: authHeaders(citizen), payload: { ...draft.form.data, requestContent: 'Đăng ký' } });
    const uploaded = await addFile(citizen, draft.id, draft.documents[0]!.documentId, PDF, 'Tờ khai.pdf');
    assert.equal(uploaded.statusCode, 201, uploaded.body);
    const file = uploaded.json();
    assert.equal(file.documentId, draft.documents[0]!.documentId);
    assert.equal(file.name, 'Tờ khai.pdf');
    assert.equal(file.mediaType, 'application/pdf');
    assert.equal(file.sizeBytes, PDF.length);
    assert.match(file.sha256, /^[0-9a-f]{64}$/);

    // A required document is still missing.
    const incomplete = await app.inject({ method: 'POST', url: `/api/dossiers/${draft.id}/submit`, headers: authHeaders(citizen) });
    assert.equal(incomplete.statusCode, 422);
    assert.deepEqual(incomplete.json().errors.map((e: { path: string }) => e.path), [`/documents/${draft.documents[1]!.documentId}`]);
    assert.equal((await addFile(citizen, draft.id, draft.documents[1]!.documentId)).statusCode, 201);

    const headers = { ...authHeaders(citizen), 'idempotency-key': 'submit-http-1' };
    const submitted = await app.inject({ method: 'POST', url: `/api/dossiers/${draft.id}/submit`, headers });
    assert.equal(submitted.statusCode, 201, submitted.body);
    const result = submitted.json();
    assert.deepEqual(Object.keys(result).sort(), ['code', 'expectedDate', 'id', 'lookupSecret', 'replayed', 'status', 'submittedAt']);
    assert.equal(result.id, draft.id);
    assert.equal(result.status, 1);
    assert.match(result.code, /^000\.00\.12\.G14-\d{6}-\d{4}$/);
    const retry = await app.inject({ method: 'POST', url: `/api/dossiers/${draft.id}/submit`, headers });
    assert.equal(retry.statusCode, 200);
    assert.deepEqual({ ...(retry.json() as object), replayed: false }, result);
    const doubleClick = await app.inject({ method: 'POST', url: `/api/dossiers/${draft.id}/submit`, headers: authHeaders(citizen) });
    assert.equal(doubleClick.statusCode, 409);
    assert.equal(doubleClick.json().code, 'DOSSIER_ALREADY_SUBMITTED');
    assert.ok(doubleClick.json().title.includes(result.code));
    const late = await addFile(citizen, draft.id, draft.documents[0]!.documentId);
    assert.equal(late.statusCode, 409);

    const list = await app.inject({ method: 'GET', url: '/api/dossiers', headers: { cookie: citizen.cookie } });
    assert.equal(list.statusCode, 200);
    const item = list.json().items.find((d: { id: string }) => d.id === draft.id);
    assert.equal(item.code, result.code);
    assert.equal(item.statusLabel, 'Mới đăng ký');
    const detail = await app.inject({ method: 'GET', url: `/api/dossiers/${draft.id}?lang=en`, headers: { cookie: citizen.cookie } });
    assert.equal(detail.statusCode, 200);
    const d = detail.json();
    assert.equal(d.status, 1);
    assert.equal(d.statusLabel, 'Newly registered');
    assert.equal(d.procedure.name, 'Cấp Giấy chứng nhận đăng ký quyền tác giả');
    assert.equal(typeof d.procedure.version, 'number');
    assert.deepEqual(d.documents.map((x: { files: unknown[] }) => x.files.length), [1, 1, 0, 0, 0]);
    assert.equal(d.documents[0].files[0].name, 'Tờ khai.pdf');
    assert.equal(d.events[0].status, 1);
    // Others see nothing.
    const other = await app.inject({ method: 'GET', url: `/api/dossiers/${draft.id}`, headers: { cookie: business.cookie } });
    assert.equal(other.statusCode, 404);
  });

  it('refuses executables renamed .pdf', async () => {
    const draft = await createDraft(citizen);
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00', 'latin1'), Buffer.alloc(200)]);
    const response = await addFile(citizen, draft.id, draft.documents[0]!.documentId, exe, 'giay-to.pdf');
    assert.equal(response.statusCode, 422);
    assert.equal(response.json().code, 'FILE_TYPE_NOT_ALLOWED');
    assert.equal(response.json().errors[0].path, '/file');
  });

  it('answers 413 to a 50 MB upload without reading it all (10 MB allowed)', async () => {
    const draft = await createDraft(citizen);
    const upload = largeUpload(draft.documents[0]!.documentId, 50 * MB);
    const response = await app.inject({ method: 'POST', url: `/api/dossiers/${draft.id}/files`, headers: { ...authHeaders(citizen), 'content-type': upload.contentType }, payload: upload.stream });
    assert.equal(response.statusCode, 413, response.body);
    assert.equal(response.json().code, 'FILE_TOO_LARGE');
    assert.equal(response.headers.connection, 'close');
    assert.ok(upload.pulled() < 15 * MB, `read ${upload.pulled()} bytes`);
    // A declared length over the limit is refused before anything is read.
    const declared = largeUpload(draft.documents[0]!.documentId, 50 * MB);
    const early = await app.inject({ method: 'POST', url: `/api/dossiers/${draft.id}/files`, headers: { ...authHeaders(citizen), 'content-type': declared.contentType, 'content-length': String(50 * MB + 500) }, payload: declared.stream });
    assert.equal(early.statusCode, 413);
    assert.ok(declared.pulled() < 1 * MB, `read ${declared.pulled()} bytes`);
    const detail = await app.inject({ method: 'GET', url: `/api/dossiers/${draft.id}`, headers: { cookie: citizen.cookie } });
    assert.equal(detail.json().documents[0].files.length, 0);
  });

  it('looks up publicly; a wrong secret answers exactly like an unknown code; failures are limited', async () => {
    const draft = await readyDraft(citizen);
    const submitted = (await app.inject({ method: 'POST', url: `/api/dossiers/${draft.id}/submit`, headers: authHeaders(citizen) })).json();
    const ip = { remoteAddress: '192.0.2.44' };
    const found = await app.inject({ method: 'GET', url: `/api/lookup/${submitted.code}?secret=${submitted.lookupSecret}`, ...ip });
    assert.equal(found.statusCode, 200, found.body);
    assert.equal(found.json().applicantName, 'Nguyễn V** A*');
    assert.equal(found.json().statusLabel, 'Mới đăng ký');
    assert.equal(found.headers['cache-control'], 'no-store');
    const wrongSecret = await app.inject({ method: 'GET', url: `/api/lookup/${submitted.code}?secret=ZZZZZZZZ`, ...ip });
    const unknownCode = await app.inject({ method: 'GET', url: `/api/lookup/${submitted.code.slice(0, -4)}9999?secret=${submitted.lookupSecret}`, ...ip });
    assert.equal(wrongSecret.statusCode, 404);
    assert.equal(wrongSecret.body, unknownCode.body);
    assert.deepEqual(
      Object.fromEntries(Object.entries(wrongSecret.headers).filter(([k]) => !['date', 'x-request-id', 'set-cookie'].includes(k))),
      Object.fromEntries(Object.entries(unknownCode.headers).filter(([k]) => !['date', 'x-request-id', 'set-cookie'].includes(k))),
    );
    for (let i = 0; i < 8; i++) assert.equal((await app.inject({ method: 'GET', url: `/api/lookup/${submitted.code}?secret=AAAAAAAA`, ...ip })).statusCode, 404);
    const limited = await app.inject({ method: 'GET', url: `/api/lookup/${submitted.code}?secret=${submitted.lookupSecret}`, ...ip });
    assert.equal(limited.statusCode, 429);
    assert.equal(limited.json().code, 'RATE_LIMITED');
    const elsewhere = await app.inject({ method: 'GET', url: `/api/lookup/${submitted.code}?secret=${submitted.lookupSecret}`, remoteAddress: '192.0.2.45' });
    assert.equal(elsewhere.statusCode, 200);
  });

  it('documents the API in OpenAPI', async () => {
    const spec = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, { tags?: string[] }>> };
    const expected: Array<[string, string]> = [
      ['/api/v1/dossiers', 'post'],
      ['/api/v1/dossiers', 'get'],
      ['/api/v1/dossiers/{id}', 'get'],
      ['/api/v1/dossiers/{id}/form', 'put'],
      ['/api/v1/dossiers/{id}/files', 'post'],
      ['/api/v1/dossiers/{id}/submit', 'post'],
      ['/api/v1/lookup/{code}', 'get'],
    ];
    for (const [route, method] of expected) assert.deepEqual(spec.paths[route]?.[method]?.tags, ['dossiers'], `${method} ${route}`);
  });
});
