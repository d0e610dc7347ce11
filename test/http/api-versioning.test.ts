// Issue 14: the API's version is in its path. /api/v1/x is the same operation as /api/x (the server's own alias of
// the current version) with the same answers — successes, problem+json errors, 404, 405 with Allow, CSRF and session
// checks, security headers; the document is at GET /api/v1/openapi.json. A deprecated operation is marked in the
// document and answers Deprecation (RFC 9745) and Sunset (RFC 8594) headers; the 12-month minimum is enforced.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { DomainError } from '../../src/core/errors.ts';
import { API_BASE_PATH, checkDeprecation, deprecationHeaders, unversionedUrl } from '../../src/http/api-version.ts';
import { buildApp, type App, type AppModule } from '../../src/http/app.ts';
import { modules } from '../../src/modules/index.ts';
import { authHeaders, createTestApp, login } from '../helpers/app.ts';
import { createTestContext } from '../helpers/db.ts';

const COPYRIGHT = '1.001823';

interface Case {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  /** The path after /api (or /api/v1). */
  path: string;
  headers?: Record<string, string>;
  payload?: unknown;
}

/** What must be equal between the two forms of one request (the problem's `instance` and request id differ). */
async function answer(app: App, request: Case, prefix: string) {
  const response = await app.inject({ method: request.method, url: `${prefix}${request.path}`, headers: request.headers, ...(request.payload === undefined ? {} : { payload: request.payload as object }) });
  const type = String(response.headers['content-type'] ?? '');
  let body: unknown = response.body;
  if (/json/.test(type)) {
    const parsed = response.json() as Record<string, unknown>;
    delete parsed.instance;
    body = parsed;
  }
  const securityHeaders = ['content-security-policy', 'x-content-type-options', 'referrer-policy', 'x-frame-options'].map((h) => [h, response.headers[h]]);
  return { status: response.statusCode, type, allow: response.headers.allow, cache: response.headers['cache-control'], securityHeaders, body };
}

describe('API versioning: /api/v1 is the current version', async () => {
  const { app } = await createTestApp({ demo: true });
  const citizen = await login(app, 'demo.congdan');

  it('maps only /api/v1 (and nothing that merely starts like it) onto the routes', () => {
    const table: Array<[string, string]> = [
      ['/api/v1/procedures', '/api/procedures'],
      ['/api/v1/procedures?q=x', '/api/procedures?q=x'],
      ['/api/v1', '/api'],
      ['/api/v1?x=1', '/api?x=1'],
      ['/api/v1/', '/api/'],
      ['/api/v10/procedures', '/api/v10/procedures'],
      ['/api/v1x', '/api/v1x'],
      ['/api/v2/procedures', '/api/v2/procedures'],
      ['/api/procedures', '/api/procedures'],
      ['/thu-tuc/api/v1/x', '/thu-tuc/api/v1/x'],
      ['/static/app.css', '/static/app.css'],
      ['/', '/'],
    ];
    for (const [given, expected] of table) assert.equal(unversionedUrl(given), expected, given);
    assert.equal(API_BASE_PATH, '/api/v1');
  });

  const cases: Case[] = [
    { name: 'a search', method: 'GET', path: '/procedures?q=t%C3%A1c%20gi%E1%BA%A3&lang=en' },
    { name: 'a procedure', method: 'GET', path: `/procedures/${COPYRIGHT}` },
    { name: 'an unknown procedure (404, module code)', method: 'GET', path: '/procedures/9.999999' },
    { name: 'no such route (404)', method: 'GET', path: '/no-such-thing' },
    { name: 'no such route, a browser asking (still problem+json)', method: 'GET', path: '/no-such-thing', headers: { accept: 'text/html' } },
    { name: 'a method the path does not have (405 with Allow)', method: 'DELETE', path: '/procedures' },
    { name: 'a malformed query (400)', method: 'GET', path: '/procedures?q=%zz' },
    { name: 'a malformed path, before routing (400)', method: 'GET', path: '/procedures/%E0%A4%A' },
    { name: 'a path parameter over the limit (414)', method: 'GET', path: `/procedures/${'9'.repeat(250)}` },
    { name: 'an invalid parameter (422 with field errors)', method: 'GET', path: '/procedures?q=' + 'x'.repeat(201) },
    { name: 'no session (401)', method: 'GET', path: '/dossiers' },
    { name: 'a session without the CSRF header (403)', method: 'POST', path: '/dossiers', headers: { cookie: citizen.cookie }, payload: { procedureCode: COPYRIGHT } },
    { name: 'a cross-site sign-in (403)', method: 'POST', path: '/auth/login', headers: { 'sec-fetch-site': 'cross-site' }, payload: { username: 'demo.congdan', password: 'x' } },
    { name: 'an invalid body (422)', method: 'POST', path: '/dossiers', headers: authHeaders(citizen), payload: { procedureCode: 'abc', extra: 1 } },
    { name: 'a dossier that is not there (404)', method: 'GET', path: '/dossiers/00000000-0000-4000-8000-000000000000', headers: { cookie: citizen.cookie } },
    { name: 'my dossiers', method: 'GET', path: '/dossiers', headers: { cookie: citizen.cookie } },
    { name: 'who am I', method: 'GET', path: '/auth/me', headers: { cookie: citizen.cookie } },
  ];

  for (const request of cases) {
    it(`answers ${request.name} the same at /api/v1 and /api`, async () => {
      const versioned = await answer(app, request, '/api/v1');
      const alias = await answer(app, request, '/api');
      assert.deepEqual(versioned, alias);
      assert.ok(versioned.status > 0);
    });
  }

  it('gives the errors their stable codes and the 405 its Allow header through /api/v1', async () => {
    const notAllowed = await app.inject({ method: 'DELETE', url: '/api/v1/procedures' });
    assert.equal(notAllowed.statusCode, 405);
    assert.equal(notAllowed.headers.allow, 'GET, HEAD');
    assert.equal(notAllowed.json().code, 'METHOD_NOT_ALLOWED');
    const missing = await app.inject({ method: 'GET', url: '/api/v1/no-such-thing', headers: { accept: 'text/html' } });
    assert.equal(missing.statusCode, 404);
    assert.match(String(missing.headers['content-type']), /^application\/problem\+json/);
    const unauthenticated = await app.inject({ method: 'GET', url: '/api/v1/dossiers', headers: { accept: 'text/html' } });
    assert.equal(unauthenticated.statusCode, 401, 'an API request is never redirected to the sign-in page');
    assert.equal(unauthenticated.json().code, 'UNAUTHENTICATED');
  });

  it('signs in at /api/v1 for the whole API, with the CSRF header the document declares', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'demo.congdan', password: 'Demo@2026' } });
    assert.equal(response.statusCode, 200, response.body);
    const sid = (response.cookies as Array<{ name: string; value: string; path?: string }>).find((c) => c.name === 'opendvc_sid');
    assert.ok(sid);
    assert.equal(sid.path, '/', 'the cookie is sent to both forms of the paths');
    const session = { cookie: `opendvc_sid=${sid.value}`, csrfToken: (response.json() as { csrfToken: string }).csrfToken };
    const created = await app.inject({ method: 'POST', url: '/api/v1/dossiers', headers: authHeaders(session), payload: { procedureCode: COPYRIGHT } });
    assert.equal(created.statusCode, 201, created.body);
    const id = (created.json() as { id: string }).id;
    const viaAlias = await app.inject({ method: 'GET', url: `/api/dossiers/${id}`, headers: { cookie: session.cookie } });
    const viaVersion = await app.inject({ method: 'GET', url: `/api/v1/dossiers/${id}`, headers: { cookie: session.cookie } });
    assert.equal(viaVersion.statusCode, 200);
    assert.deepEqual(viaVersion.json(), viaAlias.json());
    const noToken = await app.inject({ method: 'PUT', url: `/api/v1/dossiers/${id}/form`, headers: { cookie: session.cookie }, payload: {} });
    assert.equal(noToken.statusCode, 403);
    assert.equal(noToken.json().code, 'CSRF_INVALID');
  });

  it('publishes the document at /api/v1/openapi.json (and still at /api/openapi.json), with the deprecation policy', async () => {
    const stable = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    const old = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    assert.equal(stable.statusCode, 200);
    assert.match(String(stable.headers['content-type']), /^application\/json/);
    assert.deepEqual(stable.json(), old.json());
    const doc = stable.json() as { openapi: string; info: { description: string } };
    assert.equal(doc.openapi, '3.1.0');
    assert.match(doc.info.description, /\/api\/v1\//);
    assert.match(doc.info.description, /at least 12 months/);
    assert.match(doc.info.description, /Deprecation/);
    assert.match(doc.info.description, /Sunset/);
  });

  it('leaves other paths alone: pages, static files, other versions', async () => {
    assert.equal((await app.inject({ method: 'GET', url: '/api/v2/procedures' })).statusCode, 404);
    assert.equal((await app.inject({ method: 'GET', url: '/api/v10/procedures' })).statusCode, 404);
    assert.equal((await app.inject({ method: 'GET', url: '/api/v1procedures' })).statusCode, 404);
    const css = await app.inject({ method: 'GET', url: '/static/app.css' });
    assert.equal(css.statusCode, 200);
    const page = await app.inject({ method: 'GET', url: '/', headers: { accept: 'text/html' } });
    assert.equal(page.statusCode, 200);
    assert.match(String(page.headers['content-type']), /^text\/html/);
    assert.equal(page.headers.deprecation, undefined);
  });
});

describe('deprecated operations', async () => {
  const since = '2026-01-15';
  const sunset = '2027-01-15';
  const testModule: AppModule = {
    name: 'deprecation-test',
    register(app) {
      app.get(
        '/api/test/old-lookup',
        { config: { deprecation: { since, sunset, link: '/api/v1/test/new-lookup' } }, schema: { operationId: 'oldLookup', tags: ['ops'], summary: 'An operation on its way out' } },
        async (request) => {
          if ((request.query as { fail?: string }).fail) throw new DomainError('NOT_FOUND');
          return { ok: true };
        },
      );
      app.get('/api/test/new-lookup', { schema: { operationId: 'newLookup', tags: ['ops'], summary: 'Its replacement' } }, async () => ({ ok: true }));
    },
  };
  const ctx = await createTestContext();
  const app = await buildApp(ctx, [...modules, testModule], { logger: false });
  after(() => app.close());

  it('answers Deprecation (RFC 9745) and Sunset (RFC 8594) with a Link to its description, on both paths and on errors', async () => {
    for (const url of ['/api/v1/test/old-lookup', '/api/test/old-lookup', '/api/v1/test/old-lookup?fail=1']) {
      const response = await app.inject({ method: 'GET', url });
      assert.equal(response.headers.deprecation, `@${Date.UTC(2026, 0, 15) / 1000}`, url);
      assert.equal(response.headers.sunset, 'Fri, 15 Jan 2027 00:00:00 GMT', url);
      assert.equal(response.headers.link, '</api/v1/test/new-lookup>; rel="deprecation"', url);
    }
    assert.equal((await app.inject({ method: 'GET', url: '/api/v1/test/old-lookup?fail=1' })).statusCode, 404);
    const current = await app.inject({ method: 'GET', url: '/api/v1/test/new-lookup' });
    assert.equal(current.statusCode, 200);
    assert.equal(current.headers.deprecation, undefined);
    assert.equal(current.headers.sunset, undefined);
  });

  it('marks the operation deprecated in the document, and only that one', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as { paths: Record<string, Record<string, { operationId?: string; deprecated?: boolean }>> };
    const operations = Object.values(doc.paths).flatMap((item) => Object.values(item));
    assert.equal(operations.find((op) => op.operationId === 'oldLookup')?.deprecated, true);
    assert.equal(operations.find((op) => op.operationId === 'newLookup')?.deprecated, undefined);
    assert.deepEqual(operations.filter((op) => op.deprecated).map((op) => op.operationId), ['oldLookup']);
  });

  it('refuses a sunset sooner than 12 months after the deprecation, and dates that are not ISO 8601', () => {
    assert.throws(() => checkDeprecation({ since: '2026-01-15', sunset: '2027-01-14' }), /at least 12 months/);
    assert.throws(() => checkDeprecation({ since: '15/01/2026', sunset: '2028-01-01' }), /not an ISO 8601 date/);
    assert.doesNotThrow(() => checkDeprecation({ since: '2026-01-15T00:00:00Z', sunset: '2027-01-15' }));
    assert.deepEqual(deprecationHeaders({ since: '2026-03-01', sunset: '2027-06-30' }), { deprecation: `@${Date.UTC(2026, 2, 1) / 1000}`, sunset: 'Wed, 30 Jun 2027 00:00:00 GMT' });
  });

  it('refuses, at boot, a route whose sunset breaks the policy', async () => {
    const bad: AppModule = {
      name: 'bad-deprecation',
      register(scope) {
        scope.get('/api/test/too-soon', { config: { deprecation: { since: '2026-01-01', sunset: '2026-06-01' } }, schema: { operationId: 'tooSoon', tags: ['ops'], summary: 'x' } }, async () => ({}));
      },
    };
    const other = await createTestContext();
    await assert.rejects(async () => {
      const broken = await buildApp(other, [bad], { logger: false });
      await broken.close();
    }, /at least 12 months/);
  });
});
