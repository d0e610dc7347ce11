// DATABASE_PREPARED_STATEMENTS (issue 17): off → a session of real requests (a submission, an officer action, the
// public lookup, a signed-in request) sends no named statement on any pooled connection; on → the marked ones are there.
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { sql } from 'kysely';
import type { Actor } from '../../src/core/actor.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { createContext } from '../../src/container.ts';
import { createDb, type Db } from '../../src/db/database.ts';
import { buildApp } from '../../src/http/app.ts';
import { modules } from '../../src/modules/index.ts';
import { argon2Hasher } from '../../src/modules/identity/passwords.ts';
import { login } from '../helpers/app.ts';
import { opendvc } from '../helpers/cli.ts';
import { createTestDatabase, testConfig } from '../helpers/db.ts';
import { actorByUsername, newCitizen, submittedDossier } from '../helpers/dossiers.ts';

const POOL = 3;
const { url } = await createTestDatabase({ demo: true });

/** The prepared statements of every connection of the pool: POOL transactions held open at once, one per connection. */
async function preparedOnEveryConnection(db: Db): Promise<string[][]> {
  let arrived = 0;
  let release!: () => void;
  const all = new Promise<void>((resolve) => (release = resolve));
  return Promise.all(
    Array.from({ length: POOL }, () =>
      db.transaction().execute(async (tx) => {
        const { rows } = await sql<{ statement: string }>`SELECT statement FROM pg_prepared_statements ORDER BY name`.execute(tx);
        if (++arrived === POOL) release();
        await all;
        return rows.map((r) => r.statement);
      }),
    ),
  );
}

/** A session of requests on a context whose pool follows the setting: submission, accept, public lookup, signed-in read. */
async function session(t: TestContext, setting: 'on' | 'off'): Promise<Db> {
  const config = testConfig({ DEMO: 'true', DATABASE_PREPARED_STATEMENTS: setting });
  const db = createDb(url, { max: POOL, prepared: config.databasePreparedStatements });
  const ctx = createContext(config, db, { hasher: argon2Hasher({ memoryCost: 1024, timeCost: 1 }) });
  const app = await buildApp(ctx, modules, { logger: false });
  t.after(async () => {
    await app.close();
    await db.destroy();
  });
  const submitted = await submittedDossier(ctx, await newCitizen(ctx));
  assert.equal(submitted.status, 1);
  const reception: Actor = await actorByUsername(ctx, 'demo.motcua');
  const accepted = await ctx.services.handling.act(reception, submitted.id, 'accept', {});
  assert.equal(accepted.status, 2);
  const lookup = await app.inject({ method: 'GET', url: `/api/lookup/${encodeURIComponent(submitted.code)}?secret=${submitted.lookupSecret}`, headers: { accept: 'application/json' } });
  assert.equal(lookup.statusCode, 200, lookup.body);
  assert.equal((lookup.json() as { code: string }).code, submitted.code);
  const officer = await login(app, 'demo.motcua');
  for (let i = 0; i < 3; i++) {
    const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: officer.cookie, accept: 'application/json' } });
    assert.equal(me.statusCode, 200, me.body);
  }
  return db;
}

describe('DATABASE_PREPARED_STATEMENTS', () => {
  it('off: the requests work and no connection of the pool holds a prepared statement', async (t) => {
    const db = await session(t, 'off');
    const statements = await preparedOnEveryConnection(db);
    assert.equal(statements.length, POOL);
    assert.deepEqual(statements, Array.from({ length: POOL }, () => []), JSON.stringify(statements));
  });

  it('on (the default): the same requests leave the marked statements prepared', async (t) => {
    assert.equal(testConfig().databasePreparedStatements, true);
    const db = await session(t, 'on');
    const statements = (await preparedOnEveryConnection(db)).flat();
    assert.ok(statements.length > 0, 'some connection prepared the marked statements');
    assert.ok(statements.every((s) => s.includes('/*prepared*/')), JSON.stringify(statements));
    assert.ok(statements.some((s) => /"sessions"/.test(s)), `the session lookup is prepared: ${JSON.stringify(statements)}`);
    assert.ok(statements.some((s) => /lookup_attempts/.test(s)), `the public lookup is prepared: ${JSON.stringify(statements)}`);
  });
});

describe('DATABASE_PREPARED_STATEMENTS configuration', () => {
  it('is on by default, takes on or off, and rejects anything else naming the variable', () => {
    assert.equal(loadConfig({}).databasePreparedStatements, true);
    assert.equal(loadConfig({ DATABASE_PREPARED_STATEMENTS: 'off' }).databasePreparedStatements, false);
    assert.equal(loadConfig({ DATABASE_PREPARED_STATEMENTS: ' OFF ' }).databasePreparedStatements, false);
    assert.equal(loadConfig({ DATABASE_PREPARED_STATEMENTS: 'on' }).databasePreparedStatements, true);
    for (const value of ['maybe', 'false', '0', 'disabled']) {
      assert.throws(
        () => loadConfig({ DATABASE_PREPARED_STATEMENTS: value }),
        (error: unknown) => error instanceof ConfigError && error.variable === 'DATABASE_PREPARED_STATEMENTS' && error.message.includes(value),
        value,
      );
    }
  });

  it('exits with code 2 naming the variable when the value is wrong, and runs with off', async () => {
    const wrong = await opendvc(['migrate'], { DATABASE_URL: url, DATABASE_PREPARED_STATEMENTS: 'maybe' });
    assert.equal(wrong.code, 2, wrong.stdout + wrong.stderr);
    assert.match(wrong.stderr, /DATABASE_PREPARED_STATEMENTS/);
    assert.match(wrong.stderr, /maybe/);
    const off = await opendvc(['audit', 'verify'], { DATABASE_URL: url, DATABASE_PREPARED_STATEMENTS: 'off' });
    assert.equal(off.code, 0, off.stdout + off.stderr);
  });
});
