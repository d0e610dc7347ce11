import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { sql } from 'kysely';
import { Validator } from '@seriousme/openapi-schema-validator';
import { createDb } from '../../src/db/database.ts';
import { buildApp, type AppModule } from '../../src/http/app.ts';
import { modules } from '../../src/modules/index.ts';
import { createTestApp } from '../helpers/app.ts';

describe('operations endpoints', async () => {
  const { app, ctx } = await createTestApp({ demo: true });

  it('answers liveness without the database', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/health' });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { status: 'ok' });
  });

  it('has a favicon: every page links it, and /favicon.ico (asked for by browsers on their own) leads to it', async () => {
    const home = await app.inject({ method: 'GET', url: '/', headers: { accept: 'text/html' } });
    const href = /<link rel="icon" href="([^"]+)" type="image\/svg\+xml">/.exec(home.body)?.[1];
    assert.equal(href, '/static/favicon.svg');
    const icon = await app.inject({ method: 'GET', url: href });
    assert.equal(icon.statusCode, 200);
    assert.match(String(icon.headers['content-type']), /^image\/svg\+xml/);
    assert.match(icon.body, /<svg[^>]*viewBox/);
    const legacy = await app.inject({ method: 'GET', url: '/favicon.ico' });
    assert.equal(legacy.statusCode, 301);
    assert.equal(legacy.headers.location, '/static/favicon.svg');
  });

  it('puts the request id on every response, echoing a valid incoming one', async () => {
    const echoed = await app.inject({ method: 'GET', url: '/api/health', headers: { 'x-request-id': 'abc12345-trace' } });
    assert.equal(echoed.headers['x-request-id'], 'abc12345-trace');
    const replaced = await app.inject({ method: 'GET', url: '/api/health', headers: { 'x-request-id': 'bad id <script>' } });
    assert.match(String(replaced.headers['x-request-id']), /^[0-9a-f-]{36}$/);
    const notFound = await app.inject({ method: 'GET', url: '/api/no-such-thing' });
    assert.equal(notFound.statusCode, 404);
    assert.match(String(notFound.headers['x-request-id']), /^[0-9a-f-]{36}$/);
    const otherModule = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { 'x-request-id': 'zz-other-module' } });
    assert.equal(otherModule.statusCode, 401);
    assert.equal(otherModule.headers['x-request-id'], 'zz-other-module');
    const early = await app.inject({ method: 'GET', url: '/api/openapi.json', headers: { 'x-request-id': 'zz-openapi-doc' } });
    assert.equal(early.headers['x-request-id'], 'zz-openapi-doc', 'also on routes registered before the ops module');
    const asset = await app.inject({ method: 'GET', url: '/static/app.css', headers: { 'x-request-id': 'zz-static-file' } });
    assert.equal(asset.headers['x-request-id'], 'zz-static-file');
  });

  it('is ready when the database answers and no migration is pending', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/ready' });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { status: 'ready' });
  });

  it('is not ready while a migration is pending', async () => {
    const last = await ctx.db.selectFrom(sql<{ name: string }>`schema_migrations`.as('m')).select('name').orderBy('name', 'desc').limit(1).executeTakeFirstOrThrow();
    await sql`DELETE FROM schema_migrations WHERE name = ${last.name}`.execute(ctx.db);
    try {
      const response = await app.inject({ method: 'GET', url: '/api/ready' });
      assert.equal(response.statusCode, 503);
      assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
      assert.equal(response.json().code, 'SERVICE_UNAVAILABLE');
    } finally {
      await sql`INSERT INTO schema_migrations (name) VALUES (${last.name})`.execute(ctx.db);
    }
    assert.equal((await app.inject({ method: 'GET', url: '/api/ready' })).statusCode, 200);
  });

  it('is not ready when the database does not answer (but still alive)', async () => {
    const deadDb = createDb('postgres://nobody@127.0.0.1:1/none', { max: 1 });
    const broken = await buildApp({ ...ctx, db: deadDb }, modules, { logger: false });
    after(async () => {
      await broken.close();
      await deadDb.destroy();
    });
    const ready = await broken.inject({ method: 'GET', url: '/api/ready' });
    assert.equal(ready.statusCode, 503);
    assert.equal(ready.json().code, 'SERVICE_UNAVAILABLE');
    assert.ok(!ready.body.includes('ECONNREFUSED'), 'no connection details leak');
    assert.equal((await broken.inject({ method: 'GET', url: '/api/health' })).statusCode, 200);
    // The metrics page still answers (the sessions gauge just cannot be read).
    assert.equal((await broken.inject({ method: 'GET', url: '/metrics' })).statusCode, 200);
  });

  it('exposes Prometheus metrics labelled by route pattern, not raw URL', async () => {
    await app.inject({ method: 'GET', url: '/api/health' });
    await app.inject({ method: 'GET', url: '/api/agencies/000.00.12.G14/departments' });
    await app.inject({ method: 'GET', url: '/api/agencies/000.00.13.G14/departments' });
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^text\/plain/);
    const text = response.body;
    assert.match(text, /^http_requests_total\{method="GET",route="\/api\/health",status="200"\} \d+/m);
    assert.match(text, /^http_requests_total\{method="GET",route="\/api\/agencies\/:code\/departments",status="401"\} 2$/m);
    assert.match(text, /^http_request_duration_seconds_bucket\{le="0\.005",method="GET",route="\/api\/health",status="200"\} \d+/m);
    assert.match(text, /^http_request_duration_seconds_count\{method="GET",route="\/api\/health",status="200"\} \d+/m);
    assert.match(text, /^process_cpu_user_seconds_total /m);
    assert.match(text, /^opendvc_live_sessions \d+/m);
    assert.ok(!text.includes('000.00.12.G14'), 'raw URLs never become label values');
  });

  it('keeps one metrics registry per app: a second app in the same process starts cleanly', async () => {
    const second = await buildApp(ctx, modules, { logger: false });
    after(() => second.close());
    const metrics = await second.inject({ method: 'GET', url: '/metrics' });
    assert.equal(metrics.statusCode, 200);
    assert.ok(!/route="\/api\/agencies\/:code\/departments"/.test(metrics.body), 'the second app counts only its own requests');
  });

  it('shows the metrics without METRICS_TOKEN only to loopback peers, whatever X-Forwarded-For says', async () => {
    const trusting = await buildApp({ ...ctx, config: { ...ctx.config, trustProxy: true } }, modules, { logger: false });
    after(() => trusting.close());
    for (const peer of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
      assert.equal((await trusting.inject({ method: 'GET', url: '/metrics', remoteAddress: peer })).statusCode, 200, peer);
    }
    const remote = await trusting.inject({ method: 'GET', url: '/metrics', remoteAddress: '203.0.113.7' });
    assert.equal(remote.statusCode, 404);
    assert.match(String(remote.headers['content-type']), /^application\/problem\+json/);
    assert.ok(!remote.body.includes('http_requests_total'));
    // A visitor claiming to be local through the proxy header stays remote.
    const spoofed = await trusting.inject({ method: 'GET', url: '/metrics', remoteAddress: '203.0.113.7', headers: { 'x-forwarded-for': '127.0.0.1' } });
    assert.equal(spoofed.statusCode, 404);
  });

  it('requires the bearer METRICS_TOKEN from everywhere once one is configured', async () => {
    const token = 'metrics-token-0123456789abcdef';
    const guarded = await buildApp({ ...ctx, config: { ...ctx.config, metricsToken: token } }, modules, { logger: false });
    after(() => guarded.close());
    const none = await guarded.inject({ method: 'GET', url: '/metrics' });
    assert.equal(none.statusCode, 401, 'loopback too needs the token');
    assert.match(String(none.headers['content-type']), /^application\/problem\+json/);
    assert.equal(none.json().code, 'METRICS_TOKEN_REQUIRED');
    assert.match(String(none.headers['www-authenticate']), /^Bearer/);
    const wrong = await guarded.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${token}x` } });
    assert.equal(wrong.statusCode, 401);
    const right = await guarded.inject({ method: 'GET', url: '/metrics', remoteAddress: '203.0.113.7', headers: { authorization: `Bearer ${token}` } });
    assert.equal(right.statusCode, 200);
    assert.match(right.body, /^http_requests_total/m);
  });

  it('turns an unexpected error into a problem+json 500 with the request id and no internals', async () => {
    const boom: AppModule = {
      name: 'boom',
      register(app) {
        app.get('/api/test/boom', { schema: { hide: true } }, async () => {
          throw new Error('relation "secret_table" does not exist: SELECT password_hash FROM accounts');
        });
      },
    };
    const logLines: string[] = [];
    const failing = await buildApp({ ...ctx, config: { ...ctx.config, logLevel: 'info' } }, [...modules, boom], { logStream: { write: (line) => logLines.push(line) } });
    after(() => failing.close());
    const response = await failing.inject({ method: 'GET', url: '/api/test/boom', headers: { 'x-request-id': 'req-boom-0001' } });
    assert.equal(response.statusCode, 500);
    assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
    assert.equal(response.headers['x-request-id'], 'req-boom-0001');
    const body = response.json();
    assert.equal(body.code, 'INTERNAL');
    assert.equal(body.status, 500);
    assert.match(body.title, /req-boom-0001/);
    assert.ok(!response.body.includes('SELECT'), 'no SQL text');
    assert.ok(!response.body.includes('secret_table'), 'no error message');
    assert.ok(!/\bat .+:\d+:\d+/.test(response.body), 'no stack trace');
    assert.ok(!('stack' in body));
    // The 5xx is logged (error level) with the request id and the real cause, for the operator.
    const logged = logLines.map((line) => JSON.parse(line) as { level: number; reqId?: string; err?: { message: string } });
    const entry = logged.find((l) => l.level === 50 && l.reqId === 'req-boom-0001');
    assert.ok(entry, 'error logged with the request id');
    assert.match(entry.err?.message ?? '', /secret_table/);
    // Browsers get the HTML error page, with the same request id.
    const html = await failing.inject({ method: 'GET', url: '/api/test/boom', headers: { accept: 'text/html', 'x-request-id': 'req-boom-0002' } });
    assert.equal(html.statusCode, 500);
    assert.ok(!html.body.includes('SELECT'));
  });

  it('publishes a valid OpenAPI 3.1 document with the ops, agencies, staff and audit paths', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    assert.equal(response.statusCode, 200);
    const doc = response.json();
    assert.match(doc.openapi, /^3\.1\./);
    const result = await new Validator().validate(doc);
    assert.equal(result.valid, true, JSON.stringify(result.errors, null, 1)?.slice(0, 2000));
    for (const path of ['/api/v1/health', '/api/v1/ready', '/metrics']) {
      assert.ok(doc.paths[path]?.get, `GET ${path}`);
      assert.deepEqual(doc.paths[path].get.tags, ['ops']);
    }
    assert.ok(doc.paths['/api/v1/agencies'].get && doc.paths['/api/v1/agencies'].post);
    assert.ok(doc.paths['/api/v1/agencies/{code}'].patch);
    assert.ok(doc.paths['/api/v1/agencies/{code}/merge'].post);
    assert.ok(doc.paths['/api/v1/staff'].get && doc.paths['/api/v1/staff'].post);
    assert.ok(doc.paths['/api/v1/staff/{id}'].patch);
    assert.ok(doc.paths['/api/v1/audit'].get);
    assert.ok(!doc.paths['/quan-tri/co-quan'], 'pages are hidden');
  });
});
