// The database away (here: a port nothing listens on) is a 503 DATABASE_UNAVAILABLE with Retry-After, as
// problem+json for the API and as the error page for browsers, in both languages; never a 500, never a hang.
// (The same with a real PostgreSQL stopped under load: test/integration/crash-load.test.ts.)
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createContext } from '../../src/container.ts';
import { freePort } from '../../src/core/net.ts';
import { createDb } from '../../src/db/database.ts';
import { buildApp, DATABASE_RETRY_AFTER_SECONDS } from '../../src/http/app.ts';
import { modules } from '../../src/modules/index.ts';
import { testConfig } from '../helpers/db.ts';

/** A well-formed session cookie: resolving it needs the database. */
const SESSION = `opendvc_sid=${'a'.repeat(32)}`;
const db = createDb(`postgres://nobody:nothing@127.0.0.1:${await freePort()}/none`, { max: 2 });
const ctx = createContext(testConfig({ SESSION_SECRET: 'x'.repeat(40) }), db);
const app = await buildApp(ctx, modules, { logger: false });
after(async () => {
  await app.close();
  await db.destroy();
});

describe('database unavailable', () => {
  it('the API answers 503 problem+json DATABASE_UNAVAILABLE with Retry-After', async () => {
    for (const [url, lang] of [['/api/lookup/000.00.00.H00-261205-0001?secret=ABCDEFGH', 'vi'], ['/api/dossiers', 'en']] as const) {
      const response = await app.inject({ method: 'GET', url, headers: { 'accept-language': lang, cookie: SESSION } });
      assert.equal(response.statusCode, 503, response.body);
      assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
      assert.equal(response.headers['retry-after'], String(DATABASE_RETRY_AFTER_SECONDS));
      const problem = response.json() as { code: string; status: number; title: string };
      assert.equal(problem.code, 'DATABASE_UNAVAILABLE');
      assert.equal(problem.status, 503);
      assert.match(problem.title, lang === 'vi' ? /cơ sở dữ liệu/ : /database/);
    }
  });

  it('a browser gets the error page with the same status and Retry-After', async () => {
    const response = await app.inject({ method: 'GET', url: '/ho-so', headers: { accept: 'text/html', cookie: SESSION } });
    assert.equal(response.statusCode, 503, response.body.slice(0, 500));
    assert.match(String(response.headers['content-type']), /^text\/html/);
    assert.equal(response.headers['retry-after'], String(DATABASE_RETRY_AFTER_SECONDS));
    assert.match(response.body, /cơ sở dữ liệu/);
  });

  it('the readiness probe says not ready (its own 503), the liveness probe still answers', async () => {
    assert.equal((await app.inject({ method: 'GET', url: '/api/ready' })).statusCode, 503);
    assert.equal((await app.inject({ method: 'GET', url: '/api/health' })).statusCode, 200);
  });
});
