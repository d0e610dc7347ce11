// The connection pool and the typed query builder. Repositories receive a `Db` (or a transaction of it).
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.ts';

// DATE columns stay 'YYYY-MM-DD' strings: a calendar date has no time zone.
pg.types.setTypeParser(1082, (value) => value);

export type Db = Kysely<DB>;
/** Anything that can run queries: the database or an open transaction. */
export type Executor = Kysely<DB>;

export function createDb(databaseUrl: string, options: { max?: number } = {}): Db {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: options.max ?? 10 });
  pool.on('error', () => {
    /* idle client errors are reported on next use; don't crash the process */
  });
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}
