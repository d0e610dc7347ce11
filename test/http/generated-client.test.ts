// Issue 14's acceptance: a client generated from the document (openapi-typescript → test/generated/opendvc-api.d.ts,
// `npm run api:types`) does the whole online submission, over real HTTP, typed only by the generated file
// (openapi-fetch; no hand-written request or response types, no casts of answers): sign in (session cookie + CSRF
// header, as the document's security schemes name them), find a procedure, create a draft, read its e-form schema,
// fill it (and check it against that schema first), upload the files (multipart, as the document describes), submit,
// read the dossier's status and timeline, and look it up anonymously. The committed types are regenerated in memory
// and compared, so they can never be stale.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import createClient, { type Middleware } from 'openapi-fetch';
import { apiDocument, apiTypes, API_TYPES_FILE } from '../../scripts/api-types.ts';
import { createTestApp } from '../helpers/app.ts';
import type { paths } from '../generated/opendvc-api.d.ts';

const PDF = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');

/** A JSON value read field by field (the document itself and JSON Schemas are data, not API answers). */
function field(value: unknown, ...keys: string[]): unknown {
  let current = value;
  for (const key of keys) current = current !== null && typeof current === 'object' && Object.hasOwn(current, key) ? Reflect.get(current, key) : undefined;
  return current;
}

/**
 * A value for a required e-form field nobody has filled yet, from its JSON Schema: what a generic client can derive
 * (enum, const, default, examples, type and length bounds). A field it cannot fill fails the test by name.
 */
function valueFor(name: string, schema: unknown): unknown {
  for (const key of ['const', 'default']) if (field(schema, key) !== undefined) return field(schema, key);
  const choices = field(schema, 'enum') ?? field(schema, 'examples');
  if (Array.isArray(choices) && choices.length > 0) return choices[0];
  const type = field(schema, 'type');
  if (type === 'boolean') return true;
  if (type === 'integer' || type === 'number') return typeof field(schema, 'minimum') === 'number' ? field(schema, 'minimum') : 1;
  if (type === 'string' && field(schema, 'pattern') === undefined) {
    if (field(schema, 'format') === 'date') return '2026-01-15';
    if (field(schema, 'format') === 'email') return 'nguoi.nop@example.vn';
    const text = 'Đăng ký quyền tác giả cho tác phẩm "Mùa thu Hà Nội".';
    const max = field(schema, 'maxLength');
    return typeof max === 'number' ? text.slice(0, max) : text;
  }
  assert.fail(`the e-form field ${name} needs a value this generic client cannot derive from its schema: ${JSON.stringify(schema)}`);
}

const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => void;

describe('a client generated from the OpenAPI document', async () => {
  it('is generated from the current document: test/generated/opendvc-api.d.ts is not stale', async () => {
    const committed = await readFile(API_TYPES_FILE, 'utf8');
    const fresh = await apiTypes(await apiDocument());
    if (committed === fresh) return;
    const [was, is] = [committed.split('\n'), fresh.split('\n')];
    const line = was.findIndex((text, i) => text !== is[i]);
    assert.fail(`test/generated/opendvc-api.d.ts differs from the OpenAPI document (first at line ${line + 1}: ${JSON.stringify(was[line])} → ${JSON.stringify(is[line])}): run npm run api:types`);
  });

  const { app } = await createTestApp({ demo: true });
  const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });

  it('does the whole online submission as a citizen, typed only by the generated file', async () => {
    // The document at its stable URL names the session cookie and the CSRF header.
    const document: unknown = await (await fetch(`${baseUrl}/api/v1/openapi.json`)).json();
    const sessionCookie = field(document, 'components', 'securitySchemes', 'session', 'name');
    const csrfHeader = field(document, 'components', 'securitySchemes', 'csrf', 'name');
    assert.equal(field(document, 'components', 'securitySchemes', 'session', 'in'), 'cookie');
    assert.equal(field(document, 'components', 'securitySchemes', 'csrf', 'in'), 'header');
    assert.ok(typeof sessionCookie === 'string' && typeof csrfHeader === 'string');

    const client = createClient<paths>({ baseUrl });

    // Sign in: the answer sets the session cookie and gives the CSRF token.
    const signIn = await client.POST('/api/v1/auth/login', { body: { username: 'demo.congdan', password: 'Demo@2026' } });
    assert.ok(signIn.data, JSON.stringify(signIn.error));
    const cookie = signIn.response.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith(`${sessionCookie}=`));
    assert.ok(cookie, 'the session cookie is set');
    const csrfToken = signIn.data.csrfToken;
    assert.equal(signIn.data.user.kind, 'citizen');
    const session: Middleware = {
      onRequest({ request }) {
        request.headers.set('cookie', cookie);
        if (!['GET', 'HEAD'].includes(request.method)) request.headers.set(csrfHeader, csrfToken);
        return request;
      },
    };
    client.use(session);

    // Find a procedure that takes dossiers online.
    const found = await client.GET('/api/v1/procedures', { params: { query: { q: 'quyền tác giả', onlineLevel: 4 } } });
    assert.ok(found.data, JSON.stringify(found.error));
    const procedure = found.data.items.find((p) => p.code === '1.001823');
    assert.ok(procedure, 'the copyright registration is found');
    const detail = await client.GET('/api/v1/procedures/{code}', { params: { path: { code: procedure.code } } });
    assert.ok(detail.data, JSON.stringify(detail.error));
    assert.equal(detail.data.onlineSubmission, true);

    // A draft, with its e-form (JSON Schema) and its documents.
    const draft = await client.POST('/api/v1/dossiers', { body: { procedureCode: procedure.code } });
    assert.ok(draft.data, JSON.stringify(draft.error));
    assert.equal(draft.response.status, 201);
    const { id } = draft.data;
    const schema = draft.data.form.schema;

    // Fill what the schema requires and the server did not prefill, and check the whole against the schema.
    const data: Record<string, unknown> = { ...draft.data.form.data };
    const required = field(schema, 'required');
    assert.ok(Array.isArray(required) && required.length > 0, 'the e-form states what it requires');
    for (const name of required) {
      assert.equal(typeof name, 'string');
      const value = data[String(name)];
      if (value === undefined || value === '') data[String(name)] = valueFor(String(name), field(schema, 'properties', String(name)));
    }
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const satisfies = (value: unknown): boolean => Boolean(validate(value)); // a check, not a type guard
    // Requirements that hold only under conditions (if/then, dependencies): the schema says which are missing now.
    for (let round = 0; round < 5 && !satisfies(data); round++) {
      for (const error of validate.errors ?? []) {
        const name = error.keyword === 'required' && error.instancePath === '' ? error.params.missingProperty : undefined;
        if (typeof name === 'string') data[name] = valueFor(name, field(schema, 'properties', name));
      }
    }
    assert.ok(satisfies(data), `the filled e-form satisfies its schema: ${JSON.stringify(validate.errors)}`);
    const saved = await client.PUT('/api/v1/dossiers/{id}/form', { params: { path: { id } }, body: data });
    assert.ok(saved.data, JSON.stringify(saved.error));
    assert.equal(saved.data.id, id);

    // One file per document the dossier needs: multipart, the part documentId, then the part file.
    const needed = draft.data.documents.filter((d) => d.required && !d.obtainedBySharing);
    assert.ok(needed.length > 0);
    for (const document of needed) {
      const uploaded = await client.POST('/api/v1/dossiers/{id}/files', {
        params: { path: { id } },
        body: { documentId: document.documentId, file: new Blob([PDF], { type: 'application/pdf' }) },
        bodySerializer: (body) => {
          const form = new FormData();
          form.append('documentId', body.documentId);
          form.append('file', body.file, 'to-khai.pdf');
          return form;
        },
      });
      assert.ok(uploaded.data, JSON.stringify(uploaded.error));
      assert.equal(uploaded.data.documentId, document.documentId);
      assert.equal(uploaded.data.mediaType, 'application/pdf');
    }

    // Submit, safely retried with an Idempotency-Key.
    const submitted = await client.POST('/api/v1/dossiers/{id}/submit', { params: { path: { id }, header: { 'idempotency-key': `generated-client-${id}` } } });
    assert.ok(submitted.data, JSON.stringify(submitted.error));
    assert.equal(submitted.response.status, 201);
    assert.equal(submitted.data.status, 1);
    assert.equal(submitted.data.replayed, false);
    const { code, lookupSecret } = submitted.data;
    assert.ok(lookupSecret);
    const again = await client.POST('/api/v1/dossiers/{id}/submit', { params: { path: { id }, header: { 'idempotency-key': `generated-client-${id}` } } });
    assert.ok(again.data, JSON.stringify(again.error));
    assert.equal(again.data.code, code);
    assert.equal(again.data.replayed, true);

    // The dossier's status and timeline.
    const dossier = await client.GET('/api/v1/dossiers/{id}', { params: { path: { id } } });
    assert.ok(dossier.data, JSON.stringify(dossier.error));
    assert.equal(dossier.data.code, code);
    assert.equal(dossier.data.status, 1);
    assert.equal(dossier.data.draft, false);
    assert.ok(dossier.data.events.length > 0, 'the timeline has the submission');
    assert.ok(dossier.data.events.every((e) => e.text.length > 0));
    assert.deepEqual(
      dossier.data.documents.filter((d) => needed.some((n) => n.documentId === d.documentId)).map((d) => d.files.length),
      needed.map(() => 1),
    );
    const mine = await client.GET('/api/v1/dossiers');
    assert.ok(mine.data, JSON.stringify(mine.error));
    assert.ok(mine.data.items.some((d) => d.id === id && d.code === code));

    // Anyone with the code and the lookup secret follows it, without signing in.
    const anonymous = createClient<paths>({ baseUrl });
    const lookedUp = await anonymous.GET('/api/v1/lookup/{code}', { params: { path: { code }, query: { secret: lookupSecret } } });
    assert.ok(lookedUp.data, JSON.stringify(lookedUp.error));
    assert.equal(lookedUp.data.status, 1);
    assert.ok(lookedUp.data.timeline.length > 0);
  });

  it('gets the documented problem+json on errors, typed by the document too', async () => {
    const client = createClient<paths>({ baseUrl });
    const anonymous = await client.GET('/api/v1/dossiers');
    assert.equal(anonymous.response.status, 401);
    assert.ok(anonymous.error, 'an error answer');
    assert.equal(anonymous.error.code, 'UNAUTHENTICATED');
    assert.equal(anonymous.response.headers.get('content-type')?.split(';')[0], 'application/problem+json');
    const invalid = await client.GET('/api/v1/procedures', { params: { query: { onlineLevel: 9 } } });
    assert.equal(invalid.response.status, 422);
    assert.ok(invalid.error);
    assert.equal(invalid.error.code, 'VALIDATION_FAILED');
    assert.deepEqual(invalid.error.errors.map((e) => e.path), ['/onlineLevel']);
  });
});
