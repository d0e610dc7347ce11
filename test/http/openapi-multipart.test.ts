// Multipart request bodies in the OpenAPI document (issue 14). The routes that parse multipart are found in the
// code, not listed here: a probe module's onRoute hook asks each route's own scope whether it has the multipart
// parser. Every such /api route must be documented with a multipart/form-data body (parts in order, required, the
// file's media types in `encoding` and its size limit), and an upload built only from the document's description
// (part names and order, a sample of the first media type) succeeds — with the file part named otherwise, it does not.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { DossierStatus } from '../../src/db/schema.ts';
import { buildApp, type AppModule } from '../../src/http/app.ts';
import { modules } from '../../src/modules/index.ts';
import { authHeaders, login, type Session } from '../helpers/app.ts';
import { createTestContext } from '../helpers/db.ts';
import { actorByUsername, COPYRIGHT_PROCEDURE, PDF, PNG, submittedDossier } from '../helpers/dossiers.ts';
import { multipartBody, type Part } from '../helpers/forms.ts';
import { signedResult } from '../helpers/results.ts';

type Json = Record<string, any>;

interface Found {
  method: string;
  url: string;
  operationId: string | undefined;
  hidden: boolean;
  parts: string[] | undefined;
}

describe('multipart request bodies in the OpenAPI document', async () => {
  const ctx = await createTestContext({ demo: true });
  const found: Found[] = [];
  const probe: AppModule = {
    name: 'multipart-probe',
    register(app) {
      app.addHook('onRoute', function (this: FastifyInstance, route) {
        if (!this.hasContentTypeParser('multipart/form-data')) return;
        const schema = (route.schema ?? {}) as Json;
        for (const method of [route.method].flat()) {
          if (method === 'HEAD') continue;
          found.push({ method, url: route.url, operationId: schema.operationId, hidden: Boolean(schema.hide), parts: route.config?.multipart?.parts.map((p) => p.name) });
        }
      });
    },
  };
  const app = await buildApp(ctx, [probe, ...modules], { logger: false });
  after(() => app.close());
  const document = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as Json;
  const api = found.filter((r) => r.url.startsWith('/api/') && !r.hidden);

  const operations = new Map<string, { path: string; method: string; operation: Json }>();
  for (const [path, item] of Object.entries(document.paths as Json)) {
    for (const [method, operation] of Object.entries(item as Json)) if (operation?.operationId) operations.set(operation.operationId, { path, method, operation });
  }
  const media = (operationId: string) => operations.get(operationId)!.operation.requestBody?.content?.['multipart/form-data'] as Json | undefined;

  it('finds the upload routes in the code (the probe sees the multipart scopes)', () => {
    const urls = api.map((r) => `${r.method} ${r.url}`);
    for (const expected of ['POST /api/dossiers/:id/files', 'POST /api/officer/intake/:id/files', 'POST /api/dossiers/:id/results/upload', 'POST /api/catalog/procedures/:code/documents/:position/template']) {
      assert.ok(urls.includes(expected), `${expected} among ${urls.join(', ')}`);
    }
    assert.ok(found.some((r) => r.hidden), 'the pages parse multipart too (hidden: not in the document)');
    assert.ok(!found.some((r) => r.url === '/api/dossiers' && r.method === 'POST'), 'JSON routes do not parse multipart');
  });

  it('documents every /api route that parses multipart: parts in order, required, media types, size limit', () => {
    for (const route of api) {
      assert.ok(route.operationId, `${route.method} ${route.url} has an operationId`);
      assert.ok(route.parts, `${route.method} ${route.url}: config.multipart (multipartBody) describes its body`);
      const body = media(route.operationId!);
      assert.ok(body, `${route.operationId}: a multipart/form-data request body`);
      assert.equal(operations.get(route.operationId!)!.operation.requestBody.required, true);
      const schema = body.schema as Json;
      assert.deepEqual(Object.keys(schema.properties), route.parts, `${route.operationId}: the parts in the order the server reads them`);
      assert.deepEqual(schema['x-part-order'], route.parts);
      assert.ok(Array.isArray(schema.required) && schema.required.length > 0);
      assert.ok(!('x-multipart-encoding' in schema), 'the encoding moved beside the schema');
      const files = Object.entries(schema.properties as Json).filter(([, p]) => p.format === 'binary');
      assert.equal(files.length, 1, `${route.operationId}: one file part`);
      const [name, file] = files[0]!;
      assert.deepEqual(body.encoding[name], { contentType: file['x-media-types'].join(', ') });
      assert.ok(Number.isInteger(file['x-max-bytes']) && file['x-max-bytes'] > 0);
      assert.match(file.description, new RegExp(`\\(${file['x-max-bytes']} bytes\\)`));
    }
  });

  it('states the limits the server enforces (the same values, not copies)', () => {
    const limit = (operationId: string) => (Object.values(media(operationId)!.schema.properties as Json).find((p: Json) => p.format === 'binary') as Json)['x-max-bytes'];
    assert.equal(limit('attachDossierFile'), ctx.services.dossiers.maxFileBytes);
    assert.equal(limit('uploadScannedFile'), ctx.services.intake.maxFileBytes);
    assert.equal(limit('uploadSignedResult'), ctx.config.dossierMaxFileBytes);
    assert.equal(limit('uploadDocumentTemplate'), ctx.config.maxTemplateBytes);
  });

  // --- uploads built from the document alone -------------------------------------------------------------------

  const SAMPLES: Record<string, Buffer> = { 'application/pdf': PDF, 'image/png': PNG };

  /** The request the document describes: each part in its order, a field's value from `fields`, the file from its first media type. */
  function fromDocument(operationId: string, fields: Record<string, string>, file?: Buffer, renameFile?: string) {
    const body = media(operationId)!;
    const parts: Part[] = (body.schema['x-part-order'] as string[]).map((name) => {
      const p = body.schema.properties[name] as Json;
      if (p.format !== 'binary') return { name, value: fields[name]! };
      const type = String(body.encoding[name].contentType).split(', ')[0]!;
      const bytes = file ?? SAMPLES[type];
      assert.ok(bytes, `a sample of ${type}`);
      return { name: renameFile ?? name, filename: type === 'application/pdf' ? 'tep.pdf' : 'tep.png', type, bytes };
    });
    const { path, method } = operations.get(operationId)!;
    return { method: method.toUpperCase() as 'POST', path, ...multipartBody(parts) };
  }

  async function upload(session: Session, operationId: string, params: Record<string, string>, fields: Record<string, string>, options: { file?: Buffer; renameFile?: string } = {}) {
    const request = fromDocument(operationId, fields, options.file, options.renameFile);
    const url = request.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name]!));
    return app.inject({ method: request.method, url, headers: { ...authHeaders(session), 'content-type': request.contentType }, payload: request.payload });
  }

  it('attachDossierFile: a citizen attaches a file as the document says', async () => {
    const citizen = await login(app, 'demo.congdan');
    const draft = (await app.inject({ method: 'POST', url: '/api/v1/dossiers', headers: authHeaders(citizen), payload: { procedureCode: COPYRIGHT_PROCEDURE } })).json() as { id: string; documents: Array<{ documentId: string }> };
    const fields = { documentId: draft.documents[0]!.documentId };
    const renamed = await upload(citizen, 'attachDossierFile', { id: draft.id }, fields, { renameFile: 'upload' });
    assert.equal(renamed.statusCode, 422, 'the file under another name is not read');
    const ok = await upload(citizen, 'attachDossierFile', { id: draft.id }, fields);
    assert.equal(ok.statusCode, 201, ok.body);
  });

  it('uploadScannedFile: a receptionist uploads a scan as the document says', async () => {
    const receptionist = await login(app, 'demo.motcua');
    const registered = await app.inject({
      method: 'POST',
      url: '/api/v1/officer/intake',
      headers: authHeaders(receptionist),
      payload: { procedureCode: COPYRIGHT_PROCEDURE, channel: 1, applicant: { kind: 'citizen', personalId: '079090001234', fullName: 'Nguyễn Văn An' }, form: { phone: '0912345678', address: 'Số 5 Lý Thái Tổ, Hà Nội', requestContent: 'Đăng ký quyền tác giả.' }, resultDelivery: 'counter' },
    });
    assert.equal(registered.statusCode, 201, registered.body);
    const created = registered.json() as { id: string; documents: Array<{ documentId: string }> };
    const fields = { documentId: created.documents[0]!.documentId };
    const renamed = await upload(receptionist, 'uploadScannedFile', { id: created.id }, fields, { renameFile: 'scan' });
    assert.equal(renamed.statusCode, 422);
    const ok = await upload(receptionist, 'uploadScannedFile', { id: created.id }, fields);
    assert.equal(ok.statusCode, 201, ok.body);
  });

  it('uploadDocumentTemplate: a catalog manager uploads a template as the document says', async () => {
    const manager = await login(app, 'demo.danhmuc');
    await app.inject({ method: 'POST', url: '/api/v1/catalog/procedures/1.001824/versions', headers: authHeaders(manager) });
    const params = { code: '1.001824', position: '1' };
    const renamed = await upload(manager, 'uploadDocumentTemplate', params, {}, { renameFile: 'template' });
    assert.ok(renamed.statusCode >= 400 && renamed.statusCode < 500, `${renamed.statusCode}`);
    const ok = await upload(manager, 'uploadDocumentTemplate', params, {});
    assert.equal(ok.statusCode, 201, ok.body);
  });

  it('uploadSignedResult: a leader uploads a result signed elsewhere as the document says', async () => {
    const citizen = await actorByUsername(ctx, 'demo.congdan');
    const dossier = await submittedDossier(ctx, citizen);
    await ctx.db.updateTable('dossiers').set({ status: 4 as DossierStatus }).where('id', '=', dossier.id).execute();
    const leader = await login(app, 'demo.lanhdao');
    const identity = await ctx.services.results.pki.signer({ id: dossier.agencyId, name: 'Cục Bản quyền tác giả' });
    const signed = await signedResult(identity);
    const renamed = await upload(leader, 'uploadSignedResult', { id: dossier.id }, {}, { file: signed, renameFile: 'result' });
    assert.ok(renamed.statusCode >= 400 && renamed.statusCode < 500, `${renamed.statusCode}`);
    const ok = await upload(leader, 'uploadSignedResult', { id: dossier.id }, {}, { file: signed });
    assert.equal(ok.statusCode, 201, ok.body);
  });
});
