// The outbox's claim must not get slower with age (src/modules/outbox/, migration 0066). Each consumer keeps a
// low-water mark over the writing transactions' ids; its claims start there. These tests hold the mark to its
// promises: a row that commits late with an older id is still claimed, each message is handled once per consumer
// under concurrent rounds, the mark moves up, and a claim over 20,000 delivered rows touches only a handful.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { DB } from '../../src/db/schema.ts';
import { consumeOutbox, type OutboxConsumer, type OutboxMessage } from '../../src/modules/outbox/outbox.service.ts';
import { createTestDatabase } from '../helpers/db.ts';

const { db, url } = await createTestDatabase();

/** A consumer of `topics` that remembers every message it handled (id → times). */
function recorder(name: string, topics: string[]): OutboxConsumer & { seen: Map<string, number> } {
  const seen = new Map<string, number>();
  return {
    name,
    topics,
    seen,
    async handle(_tx, message: OutboxMessage) {
      seen.set(message.id, (seen.get(message.id) ?? 0) + 1);
      return true;
    },
  };
}

async function enqueue(topic: string, n = 1): Promise<string[]> {
  const rows = await sql<{ id: string }>`INSERT INTO outbox (topic, payload) SELECT ${topic}, '{}'::jsonb FROM generate_series(1, ${n}) RETURNING id`.execute(db);
  return rows.rows.map((r) => String(r.id));
}

const markOf = async (consumer: string) =>
  (await sql<{ mark: string } | undefined>`SELECT delivered_below::text AS mark FROM outbox_consumer_marks WHERE consumer = ${consumer}`.execute(db)).rows[0]?.mark;
const xidOf = async (id: string) => (await sql<{ xid: string }>`SELECT xid::text AS xid FROM outbox WHERE id = ${id}`.execute(db)).rows[0]!.xid;
const below = (a: string, b: string) => BigInt(a) < BigInt(b);

/** Whether `consumer`'s mark passes `xid` within a few rounds (another test's transaction may hold the server's xmin). */
async function passes(consumer: string, xid: string, round: () => Promise<unknown>): Promise<boolean> {
  for (let i = 0; i < 50; i++) {
    await round();
    if (below(xid, (await markOf(consumer)) ?? '0')) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

describe('outbox claims with a low-water mark', () => {
  it('claims a row that commits after a newer one was claimed (its id is older), and the mark waits for it', async () => {
    const consumer = recorder('late', ['test.late']);
    // T1 writes first (smaller id) but commits last.
    const t1 = new pg.Client({ connectionString: url });
    await t1.connect();
    try {
      await t1.query('BEGIN');
      const older = String((await t1.query(`INSERT INTO outbox (topic, payload) VALUES ('test.late', '{"n":1}') RETURNING id`)).rows[0].id);
      const [newer] = await enqueue('test.late');
      assert.ok(BigInt(older) < BigInt(newer!), 'the late transaction holds the smaller id');
      assert.deepEqual(await consumeOutbox(db, consumer), { processed: 1, handled: 1 });
      assert.deepEqual([...consumer.seen.keys()], [newer]);
      // The mark moved (the round recorded it) but stays at or below the running transaction's id.
      const t1Xid = String((await t1.query('SELECT pg_current_xact_id()::text AS x')).rows[0].x);
      const mark = await markOf('late');
      assert.ok(mark !== undefined, 'the round recorded a mark');
      assert.ok(!below(t1Xid, mark), `mark ${mark} must not pass the running transaction ${t1Xid}`);
      // More rounds while T1 is open: nothing new, the mark still waits.
      await consumeOutbox(db, consumer);
      assert.ok(!below(t1Xid, (await markOf('late'))!));
      await t1.query('COMMIT');
      assert.deepEqual(await consumeOutbox(db, consumer), { processed: 1, handled: 1 });
      assert.deepEqual([...consumer.seen.keys()].sort(), [older, newer].sort());
      // Everything delivered: the mark now passes both rows.
      assert.ok(await passes('late', await xidOf(older), () => consumeOutbox(db, consumer)), 'the mark passes the late row');
      assert.ok(below(await xidOf(newer!), (await markOf('late'))!));
      assert.deepEqual([...consumer.seen.values()], [1, 1]);
    } finally {
      await t1.end();
    }
  });

  it('never moves past a row it does not see delivered: one held by another worker, one that fails', async () => {
    const consumer = recorder('held', ['test.held']);
    const [held] = await enqueue('test.held');
    const [next] = await enqueue('test.held');
    // Another worker of the consumer holds the first row (claimed, not yet delivered).
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query('SELECT id FROM outbox WHERE id = $1 FOR UPDATE', [held]);
      assert.deepEqual(await consumeOutbox(db, consumer), { processed: 1, handled: 1 });
      assert.deepEqual([...consumer.seen.keys()], [next]);
      await enqueue('test.elsewhere'); // the platform moves on
      await consumeOutbox(db, consumer);
      assert.ok(!below(await xidOf(held!), (await markOf('held'))!), 'the mark is not past the held row');
      await other.query('ROLLBACK'); // that worker failed: the row is still owed
    } finally {
      await other.end();
    }
    assert.deepEqual(await consumeOutbox(db, consumer), { processed: 1, handled: 1 });
    assert.deepEqual([...consumer.seen.keys()].sort(), [held, next].sort());

    // A message whose handler fails stays first in line, round after round.
    let fail = true;
    const seen: string[] = [];
    const flaky: OutboxConsumer = {
      name: 'flaky',
      topics: ['test.flaky'],
      async handle(_tx, message) {
        if (fail) throw new Error('down');
        seen.push(message.id);
        return true;
      },
    };
    const [stuck] = await enqueue('test.flaky');
    await assert.rejects(consumeOutbox(db, flaky), /down/);
    await enqueue('test.elsewhere');
    await assert.rejects(consumeOutbox(db, flaky), /down/);
    fail = false;
    await consumeOutbox(db, flaky);
    assert.deepEqual(seen, [stuck]);
  });

  it('handles each message once per consumer over repeated, concurrent rounds, and moves the mark up', async () => {
    const consumers = [recorder('once-a', ['test.once']), recorder('once-b', ['test.once', 'test.once2'])];
    const written: string[] = [];
    const marks: string[] = [];
    for (let round = 0; round < 6; round++) {
      written.push(...(await enqueue('test.once', 7)));
      if (round % 2) written.push(...(await enqueue('test.once2', 3)));
      // Three workers of each consumer at once, small batches (rows held by one are skipped by the others).
      await Promise.all(consumers.flatMap((c) => [1, 2, 3].map(() => consumeOutbox(db, c, { batchSize: 4 }))));
      marks.push((await markOf('once-a'))!);
    }
    await Promise.all(consumers.map((c) => consumeOutbox(db, c)));
    const rows = await db.selectFrom('outbox').select(['id', 'topic']).where('id', 'in', written).execute();
    for (const c of consumers) {
      const expected = rows.filter((r) => c.topics.includes(r.topic)).map((r) => String(r.id));
      assert.deepEqual([...c.seen.keys()].sort(), expected.sort(), `${c.name} handled every message`);
      assert.ok([...c.seen.values()].every((n) => n === 1), `${c.name} handled each message once`);
    }
    // Up (never down): past every row once all are delivered (a transaction elsewhere on the server may hold the
    // oldest-running id for a moment, so wait a little for it).
    for (let i = 1; i < marks.length; i++) assert.ok(!below(marks[i]!, marks[i - 1]!), `the mark never moves down: ${marks.join(' ')}`);
    assert.ok(below(marks[0]!, marks[marks.length - 1]!), `the mark moved up: ${marks.join(' ')}`);
    const newest = await xidOf(written[written.length - 1]!);
    assert.ok(await passes('once-a', newest, () => consumeOutbox(db, consumers[0]!)), 'the mark passes every delivered row');
    const delivered = await db.selectFrom('outbox_deliveries').select((eb) => eb.fn.countAll<string>().as('n')).where('consumer', '=', 'once-a').executeTakeFirstOrThrow();
    assert.equal(Number(delivered.n), rows.filter((r) => r.topic === 'test.once').length);
  });

  it('a consumer whose topics change starts again from the oldest row of its topics', async () => {
    const [old] = await enqueue('test.added');
    await consumeOutbox(db, recorder('grows', ['test.first']));
    assert.ok(below(await xidOf(old!), (await markOf('grows'))!), 'the mark passed the row of the topic it did not take');
    const grown = recorder('grows', ['test.first', 'test.added']);
    await consumeOutbox(db, grown);
    assert.deepEqual([...grown.seen.keys()], [old]);
  });

  it('ignores a mark from another cluster (a restored backup: its transaction ids were higher than this one\'s)', async () => {
    await sql`INSERT INTO outbox_consumer_marks (consumer, topics, delivered_below) VALUES ('restored', '{test.restored}', '900000000000')`.execute(db);
    const [row] = await enqueue('test.restored');
    const consumer = recorder('restored', ['test.restored']);
    assert.deepEqual(await consumeOutbox(db, consumer), { processed: 1, handled: 1 });
    assert.deepEqual([...consumer.seen.keys()], [row]);
    assert.ok(below((await markOf('restored'))!, '900000000000'), 'the foreign mark was replaced');
    const [next] = await enqueue('test.restored');
    await consumeOutbox(db, consumer);
    assert.deepEqual([...consumer.seen.keys()], [row, next]);
  });

  it('a claim over 20,000 delivered rows touches only a handful of rows and pages', async () => {
    // 20,000 messages of the topic over 40 transactions, all delivered to the consumer long ago.
    for (let i = 0; i < 40; i++) await enqueue('test.cost', 500);
    await sql`INSERT INTO outbox_deliveries (consumer, outbox_id) SELECT 'cost', id FROM outbox WHERE topic = 'test.cost'`.execute(db);
    const fresh = await enqueue('test.cost', 3);
    // The claim as the consumer sends it, captured from its own pool.
    const claims: { sql: string; parameters: readonly unknown[] }[] = [];
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    const logged = new Kysely<DB>({
      dialect: new PostgresDialect({ pool }),
      log(event) {
        if (event.level === 'query' && /skip locked/i.test(event.query.sql)) claims.push({ sql: event.query.sql, parameters: event.query.parameters });
      },
    });
    const consumer = recorder('cost', ['test.cost']);
    try {
      assert.deepEqual(await consumeOutbox(logged, consumer), { processed: 3, handled: 3 });
      assert.deepEqual([...consumer.seen.keys()], fresh);
      // The next poll (nothing new), with fresh statistics and without.
      for (const analyze of [false, true]) {
        if (analyze) await sql`ANALYZE outbox`.execute(db);
        claims.length = 0;
        assert.deepEqual(await consumeOutbox(logged, consumer), { processed: 0, handled: 0 });
        assert.equal(claims.length, 1);
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const plan = (await client.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${claims[0]!.sql}`, [...claims[0]!.parameters])).rows[0]['QUERY PLAN'][0].Plan;
          await client.query('ROLLBACK');
          // Rows every node produced (× loops) and the pages it touched.
          let visited = 0;
          const walk = (node: Record<string, unknown>) => {
            visited += Number(node['Actual Rows']) * Number(node['Actual Loops']) + Number(node['Rows Removed by Filter'] ?? 0) + Number(node['Rows Removed by Index Recheck'] ?? 0);
            for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
          };
          walk(plan);
          const pages = Number(plan['Shared Hit Blocks']) + Number(plan['Shared Read Blocks']);
          const report = `analyze=${analyze}: ${visited} rows, ${pages} pages\n${JSON.stringify(plan, null, 1).slice(0, 3000)}`;
          assert.ok(visited <= 20, report);
          assert.ok(pages <= 30, report);
        } finally {
          client.release();
        }
      }
    } finally {
      await logged.destroy();
    }
  });
});
