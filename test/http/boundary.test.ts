// The request boundary (src/http/boundary.ts, problem.ts, app.ts): hostile text and numbers in paths, queries,
// bodies, headers and multipart fields answer 4xx problem+json naming the field (never 500); framework errors
// raised before routing or by Node's HTTP parser are problem+json with stable codes; an unsupported method on a
// known path answers 405 with Allow.
import assert from 'node:assert/strict';
import net from 'node:net';
import { forbiddenText, hardenSchema, hasForbiddenCharacter, hasVisibleCharacter, INT4_MAX } from '../../src/http/boundary.ts';
import { after, describe, test } from 'node:test';
import { buildApp } from '../../src/http/app.ts';
import { modules } from '../../src/modules/index.ts';
import { authHeaders, login } from '../helpers/app.ts';
import { createTestContext } from '../helpers/db.ts';
import { recordConformance } from '../helpers/openapi-conformance.ts';
import { COPYRIGHT_PROCEDURE } from '../helpers/dossiers.ts';
import { multipartBody } from '../helpers/forms.ts';

// Every GET route the app registers (pages included, which the OpenAPI document does not list), for the sweep.
const getRoutes: string[] = [];
const routeCollector = { name: 'route-collector', register: (scope: { addHook: Function }) => scope.addHook('onRoute', (route: { method: string | string[]; url: string }) => {
  if ([route.method].flat().includes('GET')) getRoutes.push(route.url);
}) };
const app = await buildApp(await createTestContext({ demo: true }), [routeCollector as never, ...modules], { logger: false });
recordConformance(app); // every /api answer checked against the OpenAPI document
after(() => app.close());
const citizen = await login(app, 'demo.congdan');
const officer = await login(app, 'demo.danhmuc');
const clerk = await login(app, 'demo.motcua');

type Expect = { status: number; code: string; path?: string; fieldCode?: string };
interface Case {
  name: string;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  session?: typeof citizen;
  headers?: Record<string, string>;
  payload?: string;
  html?: boolean;
  expect: Expect;
}

const json = (body: string) => ({ headers: { 'content-type': 'application/json' }, payload: body });

const cases: Case[] = [
  // Public lookup (anonymous): path and query.
  { name: 'lookup: NUL in the path', url: '/api/lookup/HS%00001', expect: { status: 422, code: 'VALIDATION_FAILED', path: '/code', fieldCode: 'invalidCharacter' } },
  { name: 'lookup: NUL in the query', url: '/api/lookup/HS001?secret=a%00b', expect: { status: 422, code: 'VALIDATION_FAILED', path: '/secret', fieldCode: 'invalidCharacter' } },
  { name: 'lookup: non-character U+FFFE', url: '/api/lookup/%EF%BF%BE', expect: { status: 422, code: 'VALIDATION_FAILED', path: '/code', fieldCode: 'invalidCharacter' } },
  { name: 'lookup: supplementary non-character U+1FFFF', url: '/api/lookup/a%F0%9F%BF%BF', expect: { status: 422, code: 'VALIDATION_FAILED', path: '/code', fieldCode: 'invalidCharacter' } },
  { name: 'lookup: C1 control U+0085', url: '/api/lookup/a%C2%85', expect: { status: 422, code: 'VALIDATION_FAILED', path: '/code', fieldCode: 'invalidCharacter' } },
  { name: 'lookup: lone surrogate (CESU-8 bytes)', url: '/api/lookup/%ED%A0%80', expect: { status: 400, code: 'MALFORMED_URL' } },
  { name: 'lookup: bad percent-encoding', url: '/api/lookup/%E0%A4%A', expect: { status: 400, code: 'MALFORMED_URL' } },
  { name: 'lookup: bad UTF-8 in the query', url: '/api/lookup/HS001?secret=%C3%28', expect: { status: 400, code: 'MALFORMED_REQUEST' } },
  { name: 'page: bad percent-encoding (HTML error page)', url: '/thu-tuc/%E0%A4%A', html: true, expect: { status: 400, code: 'MALFORMED_URL' } },
  { name: 'page: parameter over maxParamLength (HTML error page)', url: `/thu-tuc/${'x'.repeat(201)}`, html: true, expect: { status: 414, code: 'PARAMETER_TOO_LONG' } },
  { name: 'lookup: parameter over maxParamLength', url: `/api/lookup/${'x'.repeat(201)}`, expect: { status: 414, code: 'PARAMETER_TOO_LONG' } },
  // Login (anonymous JSON): body strings.
  { name: 'login: NUL in the username', method: 'POST', url: '/api/auth/login', ...json('{"username":"demo\\u0000","password":"x"}'), expect: { status: 422, code: 'VALIDATION_FAILED', path: '/username', fieldCode: 'invalidCharacter' } },
  { name: 'login: lone surrogate in the password', method: 'POST', url: '/api/auth/login', ...json('{"username":"demo.congdan","password":"\\ud800"}'), expect: { status: 422, code: 'VALIDATION_FAILED', path: '/password', fieldCode: 'invalidCharacter' } },
  { name: 'login: zero-width-only username', method: 'POST', url: '/api/auth/login', ...json('{"username":"\\u200b\\ufeff","password":"x"}'), expect: { status: 422, code: 'VALIDATION_FAILED', path: '/username', fieldCode: 'blank' } },
  { name: 'login: whitespace-only username', method: 'POST', url: '/api/auth/login', ...json('{"username":" \\u00a0\\u3000","password":"x"}'), expect: { status: 422, code: 'VALIDATION_FAILED', path: '/username', fieldCode: 'blank' } },
  { name: 'login: NUL in a key', method: 'POST', url: '/api/auth/login', ...json('{"username":"a","password":"x","a\\u0000":1}'), expect: { status: 422, code: 'VALIDATION_FAILED', path: '/a\u0000', fieldCode: 'invalidCharacter' } },
  { name: 'XML body', method: 'PUT', url: '/api/calendar/years/2026', headers: { 'content-type': 'application/xml' }, payload: 'x', expect: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' } },
  { name: 'malformed JSON', method: 'PUT', url: '/api/calendar/years/2026', ...json('{"a":'), expect: { status: 400, code: 'MALFORMED_REQUEST' } },
  { name: 'login: body over 1 MB', method: 'POST', url: '/api/auth/login', ...json(`{"username":"${'x'.repeat(1024 * 1024)}"}`), expect: { status: 413, code: 'PAYLOAD_TOO_LARGE' } },
  { name: 'login: form post with NUL (HTML page)', method: 'POST', url: '/dang-nhap', html: true, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'username=a%00&password=x', expect: { status: 422, code: 'VALIDATION_FAILED' } },
  // Public agency pages, calendar (anonymous).
  { name: 'agency page: NUL in the code', url: '/cong-khai/co-quan/a%00', html: true, expect: { status: 422, code: 'VALIDATION_FAILED' } },
  { name: 'agency hours: NUL in the code', url: '/api/calendar/agencies/a%00/hours', expect: { status: 422, code: 'VALIDATION_FAILED', path: '/code', fieldCode: 'invalidCharacter' } },
  { name: 'due date: NUL in the query', url: '/api/calendar/due?from=2026-01-05%00&workingDays=3', expect: { status: 422, code: 'VALIDATION_FAILED', path: '/from', fieldCode: 'invalidCharacter' } },
  { name: 'calendar year beyond the schema', url: '/api/calendar/years/99999999999999999999', expect: { status: 422, code: 'VALIDATION_FAILED', path: '/year', fieldCode: 'maximum' } },
  // Integers beyond PostgreSQL's int4 and beyond any number (signed in).
  // uniqueItems on hostile items: Ajv's own comparison called an item's own `toString` (null here) and answered 500.
  { name: 'webhooks: repeated items with an own toString of null', method: 'POST', url: '/api/webhooks', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ name: 'x', url: 'https://example.vn/h', agencyId: '', eventTypes: [{ toString: null }, { toString: null }, { valueOf: null }] }), expect: { status: 422, code: 'VALIDATION_FAILED', path: '/eventTypes', fieldCode: 'uniqueItems' } },
  { name: 'webhooks: an event type twice', method: 'POST', url: '/api/webhooks', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ name: 'x', url: 'https://example.vn/h', agencyId: '', eventTypes: ['dossier.submitted', 'dossier.submitted'] }), expect: { status: 422, code: 'VALIDATION_FAILED', path: '/eventTypes', fieldCode: 'uniqueItems' } },
  { name: 'notifications: page=1e400 (Infinity)', url: '/api/notifications?page=1e400', session: citizen, expect: { status: 422, code: 'VALIDATION_FAILED', path: '/page', fieldCode: 'finite' } },
  { name: 'workflow: version beyond int4', url: `/api/procedures/${COPYRIGHT_PROCEDURE}/versions/2147483648/workflow`, session: officer, expect: { status: 422, code: 'VALIDATION_FAILED', path: '/version', fieldCode: 'maximum' } },
  { name: 'workflow: version below int4', url: `/api/procedures/${COPYRIGHT_PROCEDURE}/versions/-2147483649/workflow`, session: officer, expect: { status: 422, code: 'VALIDATION_FAILED', path: '/version', fieldCode: 'minimum' } },
  { name: 'action: x-expected-version beyond int4', method: 'POST', url: '/api/dossiers/00000000-0000-0000-0000-000000000000/actions/accept', session: officer, headers: { 'content-type': 'application/json', 'x-expected-version': '2147483648' }, payload: '{}', expect: { status: 422, code: 'VALIDATION_FAILED', path: '/x-expected-version', fieldCode: 'maximum' } },
  { name: 'action: x-expected-version with a C1 control', method: 'POST', url: '/api/dossiers/00000000-0000-0000-0000-000000000000/actions/accept', session: officer, headers: { 'content-type': 'application/json', 'x-expected-version': '1\u0085' }, payload: '{}', expect: { status: 422, code: 'VALIDATION_FAILED', path: '/x-expected-version', fieldCode: 'invalidCharacter' } },
  // 405 and 404.
  { name: 'unknown path', method: 'POST', url: '/khong-co-trang-nay', expect: { status: 404, code: 'NOT_FOUND' } },
  { name: 'missing static file (callNotFound with a known method)', url: '/static/khong-co.css', expect: { status: 404, code: 'NOT_FOUND' } },
];

describe('the request boundary', () => {
  for (const c of cases) {
    test(c.name, async () => {
      const headers: Record<string, string> = { ...(c.session ? authHeaders(c.session) : {}), ...(c.html ? { accept: 'text/html' } : {}), ...c.headers };
      const response = await app.inject({ method: c.method ?? 'GET', url: c.url, headers, payload: c.payload });
      assert.equal(response.statusCode, c.expect.status, response.body.slice(0, 300));
      if (c.html) {
        assert.match(String(response.headers['content-type']), /^text\/html/);
        assert.match(response.body, /<html/);
        return;
      }
      assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
      const problem = response.json();
      assert.equal(problem.code, c.expect.code);
      assert.ok(problem.title && problem.detail, 'title and detail');
      if (c.expect.path) {
        const error = problem.errors.find((e: { path: string }) => e.path === c.expect.path);
        assert.ok(error, `an error at ${c.expect.path}: ${JSON.stringify(problem.errors)}`);
        assert.equal(error.code, c.expect.fieldCode);
        assert.ok(error.message && !error.message.startsWith('validation.'), `a message for ${error.code}`);
      }
    });
  }

  test('a framework error names what is expected (415, in the language asked for)', async () => {
    const response = await app.inject({ method: 'PUT', url: '/api/calendar/years/2026', headers: { 'content-type': 'application/xml', 'accept-language': 'en' }, payload: '<x/>' });
    assert.equal(response.json().code, 'UNSUPPORTED_MEDIA_TYPE');
    assert.match(response.json().detail, /application\/json/);
    const badUrl = await app.inject({ method: 'GET', url: '/api/lookup/%E0%A4%A', headers: { 'accept-language': 'en' } });
    assert.match(badUrl.json().detail, /UTF-8/);
    assert.ok(badUrl.headers['content-security-policy'], 'security headers on errors raised before routing');
  });

  test('valid text passes: Vietnamese, emoji, multi-line bodies', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'Nguyễn Văn Ánh 👍', password: 'dòng 1\n\tdòng 2' } });
    assert.equal(response.statusCode, 401, response.body);
  });

  test('405 lists the methods of the path in Allow (HEAD with GET)', async () => {
    for (const [method, url, allow] of [
      ['DELETE', '/api/lookup/HS001', 'GET, HEAD'],
      ['GET', '/api/auth/login', 'POST'],
      ['PUT', '/api/auth/login', 'POST'],
      ['PATCH', '/api/agencies', 'GET, HEAD, POST'],
      ['POST', '/cong-khai/co-quan/XYZ', 'GET, HEAD'],
      ['DELETE', '/api/dossiers/abc/form', 'PUT'],
    ] as const) {
      const response = await app.inject({ method, url });
      assert.equal(response.statusCode, 405, `${method} ${url}: ${response.body}`);
      assert.equal(response.headers.allow, allow, `${method} ${url}`);
      assert.equal(response.json().code, 'METHOD_NOT_ALLOWED');
      assert.match(response.json().title, new RegExp(method));
    }
  });

  test('multipart text fields are checked too', async () => {
    const draft = await app.inject({ method: 'POST', url: '/api/dossiers', headers: authHeaders(citizen), payload: { procedureCode: COPYRIGHT_PROCEDURE } });
    assert.equal(draft.statusCode, 201, draft.body);
    const { payload, contentType } = multipartBody([
      { name: 'documentId', value: 'a\u0000b' },
      { name: 'file', filename: 'a.pdf', type: 'application/pdf', bytes: Buffer.from('%PDF-1.4\n') },
    ]);
    const response = await app.inject({ method: 'POST', url: `/api/dossiers/${draft.json().id}/files`, headers: { ...authHeaders(citizen), 'content-type': contentType }, payload });
    assert.equal(response.statusCode, 422, response.body);
    assert.deepEqual(response.json().errors.map((e: { path: string; code: string }) => [e.path, e.code]), [['/documentId', 'invalidCharacter']]);
  });

  test('every GET route, page or API, survives hostile path and query values (anonymous, citizen, officers)', async () => {
    assert.ok(getRoutes.length > 80, `${getRoutes.length} GET routes`);
    const keys = ['page', 'trang', 'q', 'agency', 'month', 'thang', 'year', 'nam', 'from', 'to', 'tu', 'den', 'groupBy', 'group', 'cell', 'level', 'field', 'due', 'scope', 'sort', 'code', 'secret', 'dang', 'xong', 'tin', 'thongbao', 'uploaded', 'ok', 'pageSize', 'months', 'format'];
    const values = ['%00', '1e400', '99999999999999999999', '-99999999999999999999', '2147483648', '2026-02-30', '%EF%BF%BF', '%E2%80%8B'];
    const failures: string[] = [];
    for (const route of getRoutes) {
      for (const session of [undefined, citizen, officer, clerk]) {
        for (const value of values) {
          const path = route.replace(/:\w+/g, value).replace('*', value);
          const withQuery = `${route.replace(/:\w+/g, 'x').replace('*', 'x')}?${keys.map((k) => `${k}=${value}`).join('&')}`;
          for (const url of route.includes(':') || route.includes('*') ? [path, withQuery] : [withQuery]) {
            const response = await app.inject({ method: 'GET', url, headers: { accept: 'text/html', ...(session ? { cookie: session.cookie } : {}) } });
            const type = String(response.headers['content-type'] ?? '');
            const api = url.startsWith('/api/') || url.startsWith('/metrics');
            const ready = url.startsWith('/api/ready') && response.statusCode === 503;
            if ((response.statusCode >= 500 && !ready) || (response.statusCode >= 400 && api && !type.startsWith('application/problem+json'))) {
              failures.push(`${response.statusCode} GET ${url} ${response.body.slice(0, 120)}`);
            }
          }
        }
      }
    }
    assert.deepEqual(failures, []);
  });

  test("Node's HTTP parser errors are problem+json", async () => {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as net.AddressInfo;
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.write('GET / HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n'));
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString('utf8')));
      socket.on('close', () => resolve(data));
      socket.on('error', reject);
    });
    assert.match(raw, /^HTTP\/1\.1 400 /);
    assert.match(raw, /content-type: application\/problem\+json/i);
    assert.equal(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4)).code, 'MALFORMED_REQUEST');
  });
});

describe('boundary rules', () => {
  test('forbidden characters: controls, lone surrogates, non-characters; tab and newlines only in bodies', () => {
    for (const bad of ['\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u009f', '\ud800', 'a\udfff', '\ufffe', '\uffff', '\ufdd0', '\ufdef', '\u{1fffe}', '\u{10ffff}']) {
      assert.ok(hasForbiddenCharacter(bad, true), JSON.stringify(bad));
    }
    for (const good of ['Nguyễn Văn Ánh', '😀', '\u{1f600}', 'đ', '\u00a0', '\u200b', '']) assert.ok(!hasForbiddenCharacter(good), JSON.stringify(good));
    assert.ok(!hasForbiddenCharacter('dòng 1\r\n\tdòng 2', true));
    assert.ok(hasForbiddenCharacter('dòng 1\ndòng 2', false));
  });

  test('visible text', () => {
    for (const blank of [' ', '\t\n', '\u00a0', '\u3000', '\u200b\u200c\u200d', '\ufeff', '\u2060', '\u3164']) assert.ok(!hasVisibleCharacter(blank), JSON.stringify(blank));
    for (const text of ['a', ' Ánh ', '1', '😀', '.']) assert.ok(hasVisibleCharacter(text), JSON.stringify(text));
  });

  test('forbiddenText names every bad field by JSON pointer', () => {
    assert.deepEqual(forbiddenText({ a: ['ok', 'x\u0000'], 'b/c': { d: '\ufffe' } }, true), [
      { path: '/a/1', code: 'invalidCharacter' },
      { path: '/b~1c/d', code: 'invalidCharacter' },
    ]);
  });

  test('hardenSchema: int4 bounds unless the schema sets its own (bigint), visible required text', () => {
    const schema = hardenSchema({
      type: 'object',
      properties: {
        n: { type: 'integer' },
        big: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
        name: { type: 'string', minLength: 1 },
        code: { type: 'string', minLength: 1, pattern: '^[0-9]+$' },
        list: { type: 'array', items: { anyOf: [{ type: 'integer' }, { type: 'null' }] } },
      },
    }) as any;
    assert.deepEqual([schema.properties.n.minimum, schema.properties.n.maximum], [-2147483648, INT4_MAX]);
    assert.deepEqual([schema.properties.big.minimum, schema.properties.big.maximum], [0, Number.MAX_SAFE_INTEGER]);
    assert.equal(schema.properties.name['x-visible'], true);
    assert.equal(schema.properties.code['x-visible'], undefined);
    assert.equal(schema.properties.list.items.anyOf[0].maximum, INT4_MAX);
    assert.equal(schema.properties.n['x-finite'], true);
  });
});
