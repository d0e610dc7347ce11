// The errors and the security of every operation of the OpenAPI document (src/http/openapi.ts): every /api
// operation declares its security and at least one 4xx problem+json answer referencing the shared `Problem`
// component; what needs a session says so (checked against the application's real answers to an anonymous
// visitor); and real error answers validate against the documented Problem schema.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { before, describe, test } from 'node:test';
import { Ajv } from 'ajv';
import { anonymousForm, authHeaders, createTestApp, login, type TestApp } from '../helpers/app.ts';
import { documentPath } from '../../src/http/openapi.ts';

type Json = Record<string, any>;
const METHODS = ['get', 'head', 'options', 'post', 'put', 'patch', 'delete'];
const PROBLEM_REF = '#/components/schemas/Problem';

/** Operations that only a signed-in user may use, by path prefix (the application's own areas; document paths below). */
const SESSION_ROUTE_PREFIXES = [
  '/api/dossiers',
  '/api/officer/',
  '/api/staff',
  '/api/audit',
  '/api/reports/',
  '/api/indicators',
  '/api/catalog/',
  '/api/notifications',
  '/api/imports/',
  '/api/documents',
  '/api/auth/me',
  '/api/auth/logout',
  '/api/auth/password/change',
  '/api/auth/organisation/',
];
const SESSION_PREFIXES = SESSION_ROUTE_PREFIXES.map(documentPath);

const t: TestApp = await createTestApp({ demo: true });

/** Server-to-server messages authenticated by their HMAC signature (no OpenAPI security scheme: 401 documented). */
const SIGNED_MESSAGES = ['/api/payments/callback', '/api/postal/webhook'].map(documentPath);

describe('OpenAPI document: errors and security of every operation', () => {
  let doc: Json;
  const operations: Array<{ method: string; path: string; op: Json }> = [];

  before(async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    assert.equal(response.statusCode, 200);
    doc = response.json();
    for (const [path, item] of Object.entries(doc.paths as Record<string, Json>)) {
      if (!path.startsWith('/api/')) continue;
      for (const method of METHODS) if (item[method]) operations.push({ method, path, op: item[method] });
    }
    assert.ok(operations.length > 50, `only ${operations.length} operations`);
  });

  const declaresSession = (op: Json) => Array.isArray(op.security) && op.security.some((r: Json) => 'session' in r);

  test('the document has the Problem component, servers and a license', () => {
    const problem = doc.components?.schemas?.Problem;
    assert.ok(problem, 'components.schemas.Problem');
    assert.deepEqual([...problem.required].sort(), ['code', 'detail', 'errors', 'status', 'title', 'type']);
    assert.equal(doc.info.license?.identifier, 'AGPL-3.0-or-later');
    assert.ok(Array.isArray(doc.servers) && doc.servers.length === 1 && /^https?:\/\//.test(doc.servers[0].url), JSON.stringify(doc.servers));
  });

  test('every operation declares security and at least one 4xx problem+json answer, and never a 500', () => {
    const wrong: string[] = [];
    for (const { method, path, op } of operations) {
      const name = `${method.toUpperCase()} ${path}`;
      if (!Array.isArray(op.security)) wrong.push(`${name}: no security`);
      const errors = Object.entries(op.responses ?? {}).filter(([status]) => /^4\d\d$/.test(status));
      if (errors.length === 0) wrong.push(`${name}: no 4xx`);
      for (const [status, response] of errors) {
        // The shared Problem, narrowed to the codes this operation can answer with this status.
        const schema = (response as Json).content?.['application/problem+json']?.schema;
        if (schema?.allOf?.[0]?.$ref !== PROBLEM_REF) wrong.push(`${name}: ${status} is not a Problem`);
        const codes = (response as Json)['x-problem-codes'];
        if (!Array.isArray(codes) || codes.length === 0) wrong.push(`${name}: ${status} lists no problem code`);
        else if (JSON.stringify(schema?.allOf?.[1]?.properties?.code?.enum) !== JSON.stringify(codes)) wrong.push(`${name}: ${status} codes not in the schema`);
        else if (!codes.every((code: string) => (response as Json).description.includes(code))) wrong.push(`${name}: ${status} codes not described`);
      }
      if (op.responses?.['500']) wrong.push(`${name}: documents 500`);
      if (path.includes('{') && !op.responses?.['404']) wrong.push(`${name}: path parameters but no 404`);
      if ((op.requestBody || (op.parameters ?? []).length > 0) && !op.responses?.['422']) wrong.push(`${name}: validated but no 422`);
      if (declaresSession(op) && !(op.responses?.['401'] && op.responses?.['403'])) wrong.push(`${name}: session but no 401/403`);
      const csrf = (op.security ?? []).some((r: Json) => 'csrf' in r);
      if (declaresSession(op) && csrf !== !['get', 'head', 'options'].includes(method)) wrong.push(`${name}: CSRF header only on state-changing methods`);
    }
    assert.deepEqual(wrong, []);
  });

  test("every operation of the signed-in areas declares the session", () => {
    const missing = operations
      .filter(({ path }) => SESSION_PREFIXES.some((prefix) => path.startsWith(prefix)))
      .filter(({ op }) => !declaresSession(op))
      .map(({ method, path }) => `${method.toUpperCase()} ${path}`);
    assert.deepEqual(missing, []);
    const portal = operations.find(({ method, path }) => method === 'post' && path === documentPath('/api/national-portal/dossiers'));
    assert.deepEqual(portal?.op.security, [{ nationalPortalToken: [] }]);
    const login = operations.find(({ method, path }) => method === 'post' && path === documentPath('/api/auth/login'));
    assert.deepEqual(login?.op.security, []);
    assert.ok(login?.op.responses['429'], 'login is rate-limited');
  });

  test('an operation answering 401 to an anonymous visitor declares security; one declaring the session does not answer 2xx', async () => {
    // An anonymous visitor with a valid CSRF cookie and header, so that state-changing requests reach the handler.
    const anonymous = await anonymousForm(t.app, '/dang-nhap');
    const wrong: string[] = [];
    let unauthenticated = 0;
    for (const { method, path, op } of operations) {
      if (method === 'head' || method === 'options') continue;
      const url = path.replace(/\{(\w+)\}/g, (_m, name: string) => (/id$/i.test(name) ? randomUUID() : 'x'));
      const response = await t.app.inject({
        method: method.toUpperCase() as 'GET',
        url,
        headers: { cookie: anonymous.cookie, 'x-csrf-token': anonymous.csrfToken, ...(method === 'get' ? {} : { 'content-type': 'application/json' }) },
        ...(method === 'get' ? {} : { payload: '{}' }),
      });
      const name = `${method.toUpperCase()} ${path} → ${response.statusCode}`;
      assert.ok(response.statusCode < 500, `${name}: ${response.body}`);
      if (response.statusCode === 401) {
        unauthenticated++;
        if (!op.responses?.['401']) wrong.push(`${name} but does not document 401`);
        if (!(op.security ?? []).length && !SIGNED_MESSAGES.includes(path)) wrong.push(`${name} but declares no security`);
      }
      if (declaresSession(op) && response.statusCode < 300) wrong.push(`${name} although it declares the session`);
    }
    assert.deepEqual(wrong, []);
    assert.ok(unauthenticated >= 10, `only ${unauthenticated} answers 401`);
  });

  test('real error answers validate against the documented Problem schema', async () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    const validate = ajv.compile(doc.components.schemas.Problem);
    const citizen = await login(t.app, 'demo.congdan');
    const answers = [
      { expected: 401, response: await t.app.inject({ method: 'GET', url: '/api/dossiers' }) },
      { expected: 404, response: await t.app.inject({ method: 'GET', url: `/api/dossiers/${randomUUID()}`, headers: { cookie: citizen.cookie } }) },
      { expected: 422, response: await t.app.inject({ method: 'POST', url: '/api/dossiers', headers: authHeaders(citizen), payload: { procedureCode: 42, extra: true } }) },
      { expected: 422, response: await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: {} }) },
      { expected: 403, response: await t.app.inject({ method: 'POST', url: `/api/dossiers/${randomUUID()}/submit`, headers: { cookie: citizen.cookie } }) },
    ];
    for (const { expected, response } of answers) {
      assert.equal(response.statusCode, expected, response.body);
      assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
      const body = response.json() as Json;
      assert.ok(validate(body), `${response.body}: ${JSON.stringify(validate.errors)}`);
      assert.equal(body.status, expected);
    }
    // The schema can fail: a body without its code is refused.
    assert.equal(validate({ type: 'x', title: 'x', status: 404, detail: 'x', errors: [] }), false);
    // And the documented answer of the operation includes the status it gave.
    const op = doc.paths[documentPath('/api/dossiers/:id')].get;
    assert.equal(op.responses['404'].content['application/problem+json'].schema.allOf[0].$ref, PROBLEM_REF);
    assert.ok(op.responses['404']['x-problem-codes'].includes('NOT_FOUND'));
  });

  test('Redocly lint (recommended rules) finds no error in the document', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'opendvc-openapi-'));
    try {
      const file = join(dir, 'openapi.json');
      await writeFile(file, JSON.stringify(doc));
      const cli = fileURLToPath(new URL('../../node_modules/@redocly/cli/bin/cli.js', import.meta.url));
      // Exit code 1 when there are errors: the JSON report on stdout says which.
      const result = await promisify(execFile)(process.execPath, [cli, 'lint', file, '--format=json'], {
        cwd: dir,
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
        maxBuffer: 64 * 1024 * 1024,
      }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
      const report = JSON.parse(result.stdout.slice(result.stdout.indexOf('{'))) as { totals: { errors: number }; problems: Json[] };
      const errors = report.problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId}: ${p.message} at ${p.location?.[0]?.pointer}`);
      assert.deepEqual(errors, []);
      assert.equal(report.totals.errors, 0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
