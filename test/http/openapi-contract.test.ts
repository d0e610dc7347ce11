// Issue 14: the document's paths are versioned (one mapping, documentPath), schemas with a PascalCase title are named
// components, every problem response lists the stable codes the operation can answer (generic ones from the route,
// module ones declared with `x-problem-codes`, under the status the error registry gives them), and every operation
// taking a session takes an API key instead.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createTestApp } from '../helpers/app.ts';
import { documentPath, hoistNamedSchemas, problemCodes, routeSecurity, PROBLEM_REF } from '../../src/http/openapi.ts';

type Json = Record<string, any>;
const METHODS = ['get', 'head', 'options', 'post', 'put', 'patch', 'delete'];
const { app } = await createTestApp();
await app.ready();
const doc = app.swagger() as Json;
const operations = Object.entries(doc.paths as Record<string, Json>).flatMap(([path, item]) =>
  METHODS.filter((m) => item[m]).map((method) => ({ method, path, op: item[method] as Json })),
);

describe('OpenAPI contract: paths, components, problem codes, security', () => {
  test('documentPath versions /api routes and writes their parameters in braces', () => {
    assert.equal(documentPath('/api/dossiers/:id/files/:fileId'), '/api/v1/dossiers/{id}/files/{fileId}');
    assert.equal(documentPath('/api/officer/dossiers/:id/forms/:form.pdf'), '/api/v1/officer/dossiers/{id}/forms/{form}.pdf');
    assert.equal(documentPath('/api/v1/dossiers'), '/api/v1/dossiers');
    assert.equal(documentPath('/metrics'), '/metrics');
  });

  test('every /api path of the document is versioned, and the document stays at GET /api/openapi.json', async () => {
    const unversioned = Object.keys(doc.paths).filter((p) => p.startsWith('/api/') && !p.startsWith('/api/v1/'));
    assert.deepEqual(unversioned, []);
    const response = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    assert.equal(response.statusCode, 200);
    assert.ok(response.json().paths[documentPath('/api/dossiers/:id')]);
  });

  test('the main bodies are named components, referenced by $ref', () => {
    for (const name of ['Problem', 'Dossier', 'DossierSummary', 'Procedure', 'ProcedureSummary']) assert.ok(doc.components.schemas[name], name);
    const ref = (path: string, method: string, status: string) => doc.paths[documentPath(path)][method].responses[status].content['application/json'].schema.$ref;
    assert.equal(ref('/api/dossiers/:id', 'get', '200'), '#/components/schemas/Dossier');
    assert.equal(ref('/api/procedures/:code', 'get', '200'), '#/components/schemas/Procedure');
    assert.equal(doc.components.schemas.DossierList.properties.items.items.$ref, '#/components/schemas/DossierSummary');
  });

  test('hoisting: one entry for one schema used twice, innermost first; two shapes with one name fail loudly', () => {
    const item = { title: 'Item', type: 'object', properties: { n: { type: 'integer' } } };
    const document: Json = {
      components: { schemas: {} },
      paths: { '/a': { get: { responses: { 200: { content: { 'application/json': { schema: { title: 'Box', type: 'object', properties: { a: item, b: { ...item }, note: { title: 'not a name', type: 'string' } } } } } } } } } },
    };
    hoistNamedSchemas(document);
    assert.deepEqual(Object.keys(document.components.schemas).sort(), ['Box', 'Item']);
    assert.deepEqual(document.paths['/a'].get.responses[200].content['application/json'].schema, { $ref: '#/components/schemas/Box' });
    assert.deepEqual(document.components.schemas.Box.properties.a, { $ref: '#/components/schemas/Item' });
    assert.equal(document.components.schemas.Box.properties.note.title, 'not a name', 'a title that is no component name stays inline');
    const clash: Json = { paths: { '/a': { get: { x: { title: 'Item', type: 'string' }, y: { title: 'Item', type: 'integer' } } } } };
    assert.throws(() => hoistNamedSchemas(clash), /Two different schemas are named Item/);
  });

  test('every problem response allOfs Problem and lists its codes; every code is under its registry status', () => {
    const wrong: string[] = [];
    for (const { method, path, op } of operations) {
      for (const [status, response] of Object.entries(op.responses as Record<string, Json>)) {
        if (!/^4/.test(status)) continue;
        const schema = response.content?.['application/problem+json']?.schema;
        if (schema?.allOf?.[0]?.$ref !== PROBLEM_REF) wrong.push(`${method} ${path} ${status}: not a Problem`);
        for (const code of response['x-problem-codes'] ?? []) if (!op['x-problem-codes'].includes(code)) wrong.push(`${method} ${path}: ${code} not in the operation's list`);
      }
    }
    assert.deepEqual(wrong, []);
    const login = doc.paths[documentPath('/api/auth/login')].post;
    assert.ok(login.responses['401']['x-problem-codes'].includes('INVALID_CREDENTIALS'), 'a declared module code lands under its status');
    assert.ok(login.responses['429']['x-problem-codes'].includes('LOGIN_RATE_LIMITED'));
    assert.match(login.responses['429'].description, /LOGIN_RATE_LIMITED/);
    const submit = doc.paths[documentPath('/api/dossiers/:id/submit')].post;
    assert.deepEqual(submit.responses['403']['x-problem-codes'].filter((c: string) => ['CSRF_INVALID', 'FORBIDDEN'].includes(c)), ['CSRF_INVALID', 'FORBIDDEN']);
    assert.deepEqual(submit.responses['422'].content['application/problem+json'].schema.allOf[1].properties.code.enum, submit.responses['422']['x-problem-codes']);
  });

  test('a declared code that no module defines fails the document', () => {
    assert.throws(() => problemCodes('get', '/api/v1/x', { 'x-problem-codes': ['NO_SUCH_CODE_ANYWHERE'] }), /NO_SUCH_CODE_ANYWHERE, which no module defines/);
    const codes = problemCodes('post', '/api/v1/x/{id}', { requestBody: {}, security: [{ session: [], csrf: [] }, { apiKey: [] }], 'x-problem-codes': ['CONFLICT'] });
    assert.deepEqual([...codes.get('409')!], ['CONFLICT']);
    assert.ok(codes.get('401')!.has('API_KEY_REVOKED') && codes.get('429')!.has('API_KEY_RATE_LIMITED'), 'the API key codes where a key is accepted');
    assert.ok(codes.get('404')!.has('NOT_FOUND') && codes.get('422')!.has('VALIDATION_FAILED') && codes.get('403')!.has('CSRF_INVALID'));
  });

  test('an operation taking a session takes an API key instead (CSRF only with the session)', () => {
    const route = { method: 'POST', url: '/api/x', schema: { security: [{ session: [], csrf: [] }] } };
    assert.deepEqual(routeSecurity(route, 'POST', { apiKey: true }), [{ session: [], csrf: [] }, { apiKey: [] }]);
    assert.deepEqual(routeSecurity({ ...route, method: 'GET' }, 'GET', { apiKey: true }), [{ session: [] }, { apiKey: [] }]);
    assert.deepEqual(routeSecurity({ method: 'GET', url: '/api/y' }, 'GET', { apiKey: true }), [], 'public stays public');
    if (!doc.components.securitySchemes?.apiKey) return; // the scheme is declared in app.ts with the API keys
    const wrong = operations
      .filter(({ op }) => (op.security ?? []).some((r: Json) => 'session' in r))
      .filter(({ method, op }) => JSON.stringify(op.security) !== JSON.stringify([['get', 'head', 'options'].includes(method) ? { session: [] } : { session: [], csrf: [] }, { apiKey: [] }]))
      .map(({ method, path }) => `${method} ${path}`);
    assert.deepEqual(wrong, []);
  });
});
