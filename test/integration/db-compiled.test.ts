// compiledQuery (src/db/compiled.ts): built and compiled once, then sent with each call's values.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { compiledQuery } from '../../src/db/compiled.ts';
import type { Executor } from '../../src/db/database.ts';
import type { AccountKind } from '../../src/db/schema.ts';
import { createTestDatabase } from '../helpers/db.ts';

const { db } = await createTestDatabase({ demo: true });

describe('compiledQuery', () => {
  it('answers each call with its own values, as the query builder does', async () => {
    let builds = 0;
    const byUsername = compiledQuery((d: Executor, username: string, kind: AccountKind) => {
      builds += 1;
      return d.selectFrom('accounts').select(['username', 'kind']).where('username', '=', username).where('kind', '=', kind).where(sql<boolean>`true`);
    });
    for (const [username, kind] of [['demo.congdan', 'citizen'], ['demo.motcua', 'staff'], ['demo.motcua', 'citizen'], ['nobody', 'staff']] as const) {
      const expected = await db.selectFrom('accounts').select(['username', 'kind']).where('username', '=', username).where('kind', '=', kind).execute();
      assert.deepEqual(await byUsername(db, username, kind), expected, `${username} ${kind}`);
    }
    assert.equal(builds, 1, 'built once');
  });

  it('works inside a transaction', async () => {
    const count = compiledQuery((d: Executor, username: string) => d.selectFrom('accounts').select((eb) => eb.fn.countAll<number>().as('n')).where('username', '=', username));
    const rows = await db.transaction().execute((tx) => count(tx, 'demo.congdan'));
    assert.equal(Number(rows[0]!.n), 1);
  });

  it('refuses a statement that does not take every argument as a value', async () => {
    const branching = compiledQuery((d: Executor, username: string | null) => {
      const q = d.selectFrom('accounts').select('username');
      return username === null ? q.where('username', 'is', null) : q.where('kind', '=', 'staff'); // never uses the value
    });
    await assert.rejects(() => branching(db, 'demo.congdan'), /not used as values/);
  });
});
