// The one fixed-window rate-limit counter (src/db/window-counter.ts) against PostgreSQL, over each of the tables
// that use it (login_limits, feedback_limits, floor_kiosk_limits): a new key starts at 1 with a window from the
// database's clock, a key in its window counts one more and keeps its end, a key whose window has ended — also at
// that very instant — starts again at 1 with a new window; keys (and, with two key columns, kinds) count apart;
// concurrent hits on one key are each counted once; the purge deletes exactly the ended windows.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Executor } from '../../src/db/database.ts';
import { hitWindow, purgeEndedWindows, windowCounter, type WindowCounter, type WindowCounterTable } from '../../src/db/window-counter.ts';
import { createTestDatabase } from '../helpers/db.ts';

const { db } = await createTestDatabase();
const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** A key's row before the hit: none, or `attempts` in a window that ends `endsInMs` from the transaction's now(). */
type Prior = null | { attempts: number; endsInMs: number };

/** Each row: the state before one hit, the window asked for, the count answered and whether the window starts again. */
const TABLE: { name: string; prior: Prior; windowMs: number; attempts: number; window: 'new' | 'kept' }[] = [
  { name: 'a new key starts at 1 with a new window', prior: null, windowMs: MINUTE, attempts: 1, window: 'new' },
  { name: 'a key in its window counts one more and keeps its end', prior: { attempts: 5, endsInMs: 30 * SECOND }, windowMs: MINUTE, attempts: 6, window: 'kept' },
  { name: 'a key whose window ends in a millisecond still counts on', prior: { attempts: 29, endsInMs: 1 }, windowMs: MINUTE, attempts: 30, window: 'kept' },
  { name: 'a key whose window ended a second ago starts again at 1', prior: { attempts: 29, endsInMs: -SECOND }, windowMs: MINUTE, attempts: 1, window: 'new' },
  { name: 'a key whose window ends at this very instant starts again at 1', prior: { attempts: 3, endsInMs: 0 }, windowMs: MINUTE, attempts: 1, window: 'new' },
  { name: 'a key blocked long ago starts again at 1', prior: { attempts: 10_000, endsInMs: -24 * 60 * MINUTE }, windowMs: 15 * MINUTE, attempts: 1, window: 'new' },
  { name: 'the window asked for is the one given (an hour)', prior: null, windowMs: 60 * MINUTE, attempts: 1, window: 'new' },
];

/** Writes a counter row as it stands before a hit (in the hit's transaction, so "now" is the same instant). */
async function place<T extends WindowCounterTable, K extends string>(tx: Executor, counter: WindowCounter<T, K>, key: Record<K, string>, prior: { attempts: number; endsInMs: number }): Promise<Date> {
  const columns = sql.join(counter.key.map((c) => sql.ref(c)));
  const values = sql.join(counter.key.map((c) => sql`${key[c]}`));
  const { rows } = await sql<{ expires_at: Date }>`
    INSERT INTO ${sql.table(counter.table)} (${columns}, attempts, expires_at)
    VALUES (${values}, ${prior.attempts}, now() + ${prior.endsInMs}::float8 * interval '1 millisecond')
    RETURNING expires_at`.execute(tx);
  return rows[0]!.expires_at;
}

function suite<T extends WindowCounterTable, K extends string>(counter: WindowCounter<T, K>, keyOf: (id: string) => Record<K, string>, siblingOf?: (id: string) => Record<K, string>): void {
  describe(`hitWindow over ${counter.table}`, () => {
    for (const [i, row] of TABLE.entries()) {
      it(row.name, async () => {
        const key = keyOf(`203.0.113.${i + 1}`);
        await db.transaction().execute(async (tx) => {
          const before = row.prior ? await place(tx, counter, key, row.prior) : null;
          const hit = await hitWindow(tx, counter, key, row.windowMs);
          assert.equal(hit.attempts, row.attempts, 'attempts');
          const expected = row.window === 'new' ? hit.now.getTime() + row.windowMs : before!.getTime();
          assert.equal(hit.expiresAt.getTime(), expected, `window ${row.window}`);
          const { rows } = await sql<{ attempts: number; expires_at: Date }>`SELECT attempts, expires_at FROM ${sql.table(counter.table)} WHERE ${sql.join(
            counter.key.map((c) => sql`${sql.ref(c)} = ${key[c]}`),
            sql` AND `,
          )}`.execute(tx);
          assert.deepEqual(rows, [{ attempts: hit.attempts, expires_at: hit.expiresAt }], 'the row holds what was answered');
        });
      });
    }

    it('hits one after another count 1, 2, 3 in one window; other keys count apart', async () => {
      const key = keyOf('198.51.100.1');
      const hits = [];
      for (let n = 0; n < 3; n++) hits.push(await hitWindow(db, counter, key, MINUTE));
      assert.deepEqual(hits.map((h) => h.attempts), [1, 2, 3]);
      assert.equal(new Set(hits.map((h) => h.expiresAt.getTime())).size, 1, 'one window');
      assert.equal((await hitWindow(db, counter, keyOf('198.51.100.2'), MINUTE)).attempts, 1, 'another key');
      if (siblingOf) assert.equal((await hitWindow(db, counter, siblingOf('198.51.100.1'), MINUTE)).attempts, 1, 'the same key of another kind');
      assert.equal((await hitWindow(db, counter, key, MINUTE)).attempts, 4, 'the first key went on');
    });

    it('concurrent hits on one key are each counted once', async () => {
      const key = keyOf('198.51.100.3');
      const hits = await Promise.all(Array.from({ length: 25 }, () => hitWindow(db, counter, key, MINUTE)));
      assert.deepEqual(hits.map((h) => h.attempts).sort((a, b) => a - b), Array.from({ length: 25 }, (_, i) => i + 1));
    });

    it('the purge deletes the windows ended by the instant given, also at that instant, and keeps the others', async () => {
      await sql`DELETE FROM ${sql.table(counter.table)}`.execute(db);
      const now = new Date('2026-12-05T03:00:00Z');
      for (const [i, endsInMs] of [-24 * 60 * MINUTE, -1, 0, 1, MINUTE].entries()) {
        const columns = sql.join(counter.key.map((c) => sql.ref(c)));
        const key = keyOf(`192.0.2.${i + 1}`);
        const values = sql.join(counter.key.map((c) => sql`${key[c]}`));
        await sql`INSERT INTO ${sql.table(counter.table)} (${columns}, attempts, expires_at) VALUES (${values}, 7, ${new Date(now.getTime() + endsInMs)})`.execute(db);
      }
      assert.equal(await purgeEndedWindows(db, counter, now), 3);
      const { rows } = await sql<{ expires_at: Date }>`SELECT expires_at FROM ${sql.table(counter.table)} ORDER BY expires_at`.execute(db);
      assert.deepEqual(rows.map((r) => r.expires_at.getTime() - now.getTime()), [1, MINUTE]);
      assert.equal(await purgeEndedWindows(db, counter, now), 0);
    });
  });
}

suite(windowCounter('floor_kiosk_limits', ['key']), (id) => ({ key: `kiosk:${id}` }));
suite(windowCounter('feedback_limits', ['kind', 'key']), (id) => ({ kind: 'submit', key: id }), (id) => ({ kind: 'code', key: id }));
suite(windowCounter('login_limits', ['kind', 'key']), (id) => ({ kind: 'register', key: id }), (id) => ({ kind: 'reset', key: id }));
