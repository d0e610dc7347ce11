import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createDb, PREPARED, statementName } from '../../src/db/database.ts';
import { createTestDatabase } from '../helpers/db.ts';

describe('prepared statements (PostgreSQL)', async () => {
  const { url } = await createTestDatabase();
  // One connection, so the session's prepared statements can be listed afterwards.
  const db = createDb(url, { max: 1 });
  after(() => db.destroy());

  const prepared = async () => (await sql<{ name: string; statement: string }>`SELECT name, statement FROM pg_prepared_statements ORDER BY name`.execute(db)).rows;

  it('prepares a marked statement once per connection and executes it by name afterwards', async () => {
    const marked = (n: number) => sql<{ doubled: number }>`${PREPARED} SELECT ${n}::int * 2 AS doubled`.execute(db);
    assert.deepEqual((await marked(21)).rows, [{ doubled: 42 }]);
    assert.deepEqual((await marked(5)).rows, [{ doubled: 10 }]);
    const statements = await prepared();
    assert.equal(statements.length, 1, JSON.stringify(statements));
    assert.match(statements[0]!.statement, /^\/\*prepared\*\/ SELECT \$1::int \* 2 AS doubled$/);
    assert.equal(statements[0]!.name, statementName(statements[0]!.statement));
  });

  it('leaves other statements unnamed, and marks query-builder statements with modifyFront', async () => {
    await sql`SELECT ${1}::int AS one`.execute(db);
    await db.selectFrom('agencies').select('code').where('code', '=', 'none').execute();
    assert.equal((await prepared()).length, 1, 'nothing new prepared');
    const rows = await db.selectFrom('agencies').modifyFront(PREPARED).select('code').where('code', '=', 'none').execute();
    assert.deepEqual(rows, []);
    const statements = await prepared();
    assert.equal(statements.length, 2);
    assert.ok(statements.some((s) => /^select \/\*prepared\*\/ "code" from "agencies"/.test(s.statement)), JSON.stringify(statements));
  });

  it('names statements by their text: the same text the same name, another text another name', () => {
    assert.equal(statementName('/*prepared*/ SELECT 1'), statementName('/*prepared*/ SELECT 1'));
    assert.notEqual(statementName('/*prepared*/ SELECT 1'), statementName('/*prepared*/ SELECT 2'));
    assert.match(statementName('/*prepared*/ SELECT 1'), /^opendvc_[0-9a-f]{20}$/);
  });

  it('keeps working inside transactions, where a marked statement sees the transaction\'s own writes', async () => {
    await db.transaction().execute(async (tx) => {
      await sql`CREATE TEMP TABLE scratch (n int) ON COMMIT DROP`.execute(tx);
      await sql`INSERT INTO scratch VALUES (7)`.execute(tx);
      const { rows } = await sql<{ n: number }>`${PREPARED} SELECT n FROM scratch WHERE n = ${7}`.execute(tx);
      assert.deepEqual(rows, [{ n: 7 }]);
    });
  });
});
