// The one fixed-window rate-limit counter: a row per key with `attempts` and `expires_at` (the end of its window),
// counted by ONE upsert — a new key starts at 1 with a window of `windowMs` from the database's clock, a key still in
// its window counts one more, a key whose window has ended starts again at 1 with a new window. The upsert takes the
// row lock, so concurrent hits on one key are counted one after another (refused attempts count too).
// Used by login_limits (registration and reset requests; the sign-in's own lock-judge-count of several counters is
// identity's), feedback_limits and floor_kiosk_limits. Repositories stay the only place that runs SQL for their
// tables: each names its table in a `windowCounter` descriptor and calls these with its executor.
import { sql } from 'kysely';
import type { Executor } from './database.ts';
import type { DB } from './schema.ts';

/** The tables whose rows are fixed-window counters (an `attempts` count and the `expires_at` end of the window). */
export type WindowCounterTable = { [T in keyof DB]: DB[T] extends { attempts: unknown; expires_at: unknown } ? T : never }[keyof DB];

/** The text columns of a counter table: what its key may be made of. */
export type WindowKeyColumn<T extends WindowCounterTable> = { [C in keyof DB[T] & string]: DB[T][C] extends string ? C : never }[keyof DB[T] & string];

/** A counter table and the columns of its primary key (the ON CONFLICT target), in the key's order. */
export interface WindowCounter<T extends WindowCounterTable, K extends string> {
  readonly table: T;
  readonly key: readonly K[];
}

/** The count including this hit, the end of the key's window, and the database's clock when it was counted. */
export interface WindowHit {
  attempts: number;
  expiresAt: Date;
  now: Date;
}

/** Names a counter table and its key columns (checked against db/schema.ts). */
export function windowCounter<T extends WindowCounterTable, K extends WindowKeyColumn<T>>(
  table: T,
  key: readonly [K, ...K[]],
): WindowCounter<T, K> {
  return { table, key };
}

/** Counts one hit of `key` in its fixed window of `windowMs`, in one statement. */
export async function hitWindow<T extends WindowCounterTable, K extends string>(
  db: Executor,
  counter: WindowCounter<T, K>,
  key: Readonly<Record<K, string>>,
  windowMs: number,
): Promise<WindowHit> {
  const table = sql.table(counter.table);
  const column = (name: string) => sql.ref(`${counter.table}.${name}`);
  const keyColumns = sql.join(counter.key.map((c) => sql.ref(c)));
  const keyValues = sql.join(counter.key.map((c) => sql`${key[c]}`));
  const ended = sql`${column('expires_at')} <= now()`;
  const { rows } = await sql<{ attempts: number; expires_at: Date; now: Date }>`
    INSERT INTO ${table} (${keyColumns}, attempts, expires_at) VALUES (${keyValues}, 1, now() + ${windowMs}::float8 * interval '1 millisecond')
    ON CONFLICT (${keyColumns}) DO UPDATE SET
      attempts = CASE WHEN ${ended} THEN 1 ELSE ${column('attempts')} + 1 END,
      expires_at = CASE WHEN ${ended} THEN excluded.expires_at ELSE ${column('expires_at')} END
    RETURNING attempts, expires_at, now() AS now`.execute(db);
  const row = rows[0]!;
  return { attempts: row.attempts, expiresAt: row.expires_at, now: row.now };
}

/** Deletes the counters whose window ended by `now` (they would start again at 1 anyway); how many. */
export async function purgeEndedWindows<T extends WindowCounterTable, K extends string>(db: Executor, counter: WindowCounter<T, K>, now: Date): Promise<number> {
  const result = await sql`DELETE FROM ${sql.table(counter.table)} WHERE expires_at <= ${now}`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
