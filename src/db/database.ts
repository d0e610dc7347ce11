// The connection pool and the typed query builder. Repositories receive a `Db` (or a transaction of it).
import { createHash } from 'node:crypto';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import './pg-result.ts'; // node-postgres' empty row kept per column list: ~80 µs less per 50-column answer (issue 17)
import type { DB } from './schema.ts';

// DATE columns stay 'YYYY-MM-DD' strings: a calendar date has no time zone.
pg.types.setTypeParser(1082, (value) => value);

export type Db = Kysely<DB>;
/** Anything that can run queries: the database or an open transaction. */
export type Executor = Kysely<DB>;

const PREPARED_MARK = '/*prepared*/';

/**
 * Marks a statement to be prepared once per connection and then executed by name: PostgreSQL parses and plans
 * it once instead of on every call, which on the hot paths (public lookup, session, submit) costs more than the
 * execution itself. Only for fixed-shape statements that name their columns (no `*`: a later migration that adds
 * a column must not change a prepared statement's result type). Raw SQL: `sql`${PREPARED} SELECT …``;
 * the query builder: `.modifyFront(PREPARED)` (the mark lands right after SELECT).
 */
export const PREPARED = sql.raw(PREPARED_MARK);

/** Statement names by text: bounded by the marked statements in the code base. */
const statementNames = new Map<string, string>();

export function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `opendvc_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    statementNames.set(text, name);
  }
  return name;
}

/** A pg client that sends marked statements as named (prepared) statements; everything else unchanged. */
class PreparingClient extends pg.Client {
  // The pg typings overload query() many times; the override forwards every form untouched.
  override query(...args: unknown[]): never {
    const [text, values] = args;
    if (typeof text === 'string' && args.length === 2 && Array.isArray(values) && text.includes(PREPARED_MARK)) {
      return super.query({ name: statementName(text), text, values }) as never;
    }
    return (super.query as (...a: unknown[]) => never)(...args);
  }
}

/** How long a query waits for a pool connection before failing (then 503, never a hang). */
export const CONNECTION_TIMEOUT_MS = 10_000;

/**
 * The product's connection pool: marked statements are prepared (PREPARED), unless `prepared` is false
 * (DATABASE_PREPARED_STATEMENTS=off, for PgBouncer in transaction pooling): then the plain client sends every
 * statement unnamed — the mark is only a comment — and nothing else changes.
 */
function createPool(databaseUrl: string, max = 10, prepared = true): pg.Pool {
  // connectionTimeoutMillis: a request waits at most this long for a connection (PostgreSQL unreachable, or every
  // connection busy) and then fails with pg-pool's timeout, answered 503 DATABASE_UNAVAILABLE (src/db/errors.ts).
  const pool = new pg.Pool({ connectionString: databaseUrl, max, connectionTimeoutMillis: CONNECTION_TIMEOUT_MS, Client: prepared ? PreparingClient : pg.Client });
  pool.on('error', () => {
    /* idle client errors are reported on next use; don't crash the process */
  });
  // A client checked out by Kysely has no listener of its own: PostgreSQL ending the connection between two
  // statements (a fast shutdown, 57P01) would be an unhandled 'error' event and end the process. The error
  // reaches the next statement instead (503), and the pool drops the broken client on release.
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  return pool;
}

/** `prepared: false` (DATABASE_PREPARED_STATEMENTS=off): no named statements are ever sent. */
export function createDb(databaseUrl: string, options: { max?: number; prepared?: boolean } = {}): Db {
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool: createPool(databaseUrl, options.max, options.prepared) }) });
}
