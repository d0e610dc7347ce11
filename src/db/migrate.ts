// Applies migrations/*.sql in name order, each in its own transaction, under an advisory lock
// so that two processes starting together never apply the same migration twice. The lock is transaction-level
// (`pg_advisory_xact_lock`, taken again by each migration's transaction, which checks once more that the migration
// is still pending): a session-level lock would break behind PgBouncer in transaction pooling, where the lock and
// the unlock can land on different server connections.
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));
const LOCK_KEY = 7_215_001; // arbitrary, unique to OpenDVC migrations

export async function listMigrations(dir = MIGRATIONS_DIR): Promise<string[]> {
  return (await readdir(dir)).filter((name) => /^\d{4}_[a-z0-9_]+\.sql$/.test(name)).sort();
}

export async function migrate(databaseUrl: string, log: (msg: string) => void = () => {}): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const applied: string[] = [];
  try {
    // Fast path without the lock: what is already applied (nothing, on a new database).
    const exists = (await client.query<{ ok: boolean }>("SELECT to_regclass('schema_migrations') IS NOT NULL AS ok")).rows[0]!.ok;
    const known = exists ? (await client.query<{ name: string }>('SELECT name FROM schema_migrations')).rows : [];
    const done = new Set(known.map((r) => r.name));
    for (const name of await listMigrations()) {
      if (done.has(name)) continue;
      const sql = await readFile(MIGRATIONS_DIR + name, 'utf8');
      await client.query('BEGIN');
      try {
        await client.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
        await client.query(
          'CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
        );
        // Under the lock: another process may have applied it since the fast path looked.
        const already = await client.query('SELECT 1 FROM schema_migrations WHERE name = $1', [name]);
        if (already.rowCount) {
          await client.query('COMMIT');
          continue;
        }
        await client.query(sql);
        await client.query('INSERT INTO schema_migrations (name) VALUES ($1)', [name]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw new Error(`Migration ${name} failed: ${(error as Error).message}`);
      }
      applied.push(name);
      log(`applied migration ${name}`);
    }
  } finally {
    await client.end();
  }
  return applied;
}

/** Names of migrations on disk that the database has not applied (empty when up to date). */
export async function pendingMigrations(query: (sql: string) => Promise<{ rows: Array<{ name: string }> }>): Promise<string[]> {
  const onDisk = await listMigrations();
  const { rows } = await query('SELECT name FROM schema_migrations');
  const done = new Set(rows.map((r) => r.name));
  return onDisk.filter((name) => !done.has(name));
}
