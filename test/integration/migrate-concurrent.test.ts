// Migrations started by several processes at once (servers starting together, behind PgBouncer too): each
// migration is applied exactly once, by one of them, and all of them finish. The lock is transaction-level
// (src/db/migrate.ts), so nothing stays locked afterwards.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { listMigrations, migrate } from '../../src/db/migrate.ts';

const adminUrl = process.env.OPENDVC_TEST_PG_URL!;
const name = `t_mig_${randomBytes(5).toString('hex')}`;
const url = adminUrl.replace(/\/[^/]*$/, `/${name}`);

async function admin<T>(fn: (client: pg.Client) => Promise<T>, connectionString = adminUrl): Promise<T> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

after(() => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)));

describe('migrations started by several processes at once', () => {
  it('apply each migration once, every run finishes, and no advisory lock stays held', async () => {
    await admin((c) => c.query(`CREATE DATABASE ${name}`));
    const runs = await Promise.all([migrate(url), migrate(url), migrate(url)]);
    const all = await listMigrations();
    const applied = runs.flat();
    assert.equal(applied.length, all.length, 'every migration applied by exactly one run');
    assert.deepEqual([...new Set(applied)].sort(), all);
    await admin(async (c) => {
      const rows = (await c.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name')).rows.map((r) => r.name);
      assert.deepEqual(rows, all);
      const locks = await c.query("SELECT 1 FROM pg_locks WHERE locktype = 'advisory'");
      assert.equal(locks.rowCount, 0);
    }, url);
    // Up to date: a further run applies nothing.
    assert.deepEqual(await migrate(url), []);
  });
});
