// The outbox's retention (src/modules/outbox/, job outbox.purge): nothing deleted `outbox` or `outbox_deliveries`
// rows, so both grew for as long as the platform ran. The daily job deletes the rows older than
// OUTBOX_RETENTION_DAYS that every consumer of their topic has delivered (their delivery rows go with them); a row
// some consumer has not delivered (a failing one) stays. The consumers come from one list, the container's.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { OutboxRetention } from '../../src/modules/outbox/outbox.service.ts';
import { createTestContext, testConfig } from '../helpers/db.ts';
import { runDailyJob } from '../helpers/jobs.ts';

const DAY = 86_400_000;

describe('outbox retention', async () => {
  const ctx = await createTestContext();
  const now = new Date('2026-12-05T03:00:00Z');

  async function message(topic: string, ageDays: number, deliveredTo: string[]): Promise<string> {
    const at = new Date(now.getTime() - ageDays * DAY);
    const { rows } = await sql<{ id: string }>`INSERT INTO outbox (topic, payload, created_at) VALUES (${topic}, '{}'::jsonb, ${at}) RETURNING id`.execute(ctx.db);
    const id = String(rows[0]!.id);
    for (const consumer of deliveredTo) await sql`INSERT INTO outbox_deliveries (consumer, outbox_id) VALUES (${consumer}, ${id})`.execute(ctx.db);
    return id;
  }
  const left = async (ids: string[]) => (await ctx.db.selectFrom('outbox').select('id').where('id', 'in', ids).orderBy('id').execute()).map((r) => String(r.id));
  const deliveriesOf = async (ids: string[]) => Number((await ctx.db.selectFrom('outbox_deliveries').select((eb) => eb.fn.countAll<string>().as('n')).where('outbox_id', 'in', ids).executeTakeFirstOrThrow()).n);

  it('deletes exactly the old rows every consumer of their topic delivered, with their delivery rows', async () => {
    const retention = new OutboxRetention(
      ctx.db,
      () => [
        { name: 'ret-a', topics: ['ret.one', 'ret.two'] },
        { name: 'ret-b', topics: ['ret.one'] },
      ],
      { retentionDays: 30 },
    );
    const gone = [await message('ret.one', 31, ['ret-a', 'ret-b']), await message('ret.two', 400, ['ret-a']), await message('ret.none', 45, [])];
    const kept = [
      await message('ret.one', 31, ['ret-a']), // ret-b (failing) never delivered it
      await message('ret.one', 90, ['ret-b', 'other']), // nor ret-a this one
      await message('ret.two', 29, ['ret-a']), // delivered, but younger than the retention
      await message('ret.one', 29.9, ['ret-a', 'ret-b']),
    ];
    assert.equal(await deliveriesOf(gone), 3);
    assert.equal(await retention.purge(now), 3);
    assert.deepEqual(await left([...gone, ...kept]), kept);
    assert.equal(await deliveriesOf(gone), 0, 'their delivery rows went with them');
    assert.equal(await deliveriesOf(kept), 6, 'the kept rows keep theirs');
    assert.equal(await retention.purge(now), 0);
    // The failing consumer catches up: its rows go at the next purge.
    await sql`INSERT INTO outbox_deliveries (consumer, outbox_id) VALUES ('ret-b', ${kept[0]}), ('ret-a', ${kept[1]})`.execute(ctx.db);
    assert.equal(await retention.purge(now), 2);
    assert.deepEqual(await left(kept), kept.slice(2));
  });

  it('purges in batches, oldest first, over many rows', async () => {
    const retention = new OutboxRetention(
      ctx.db,
      () => [
        { name: 'ret-a', topics: ['ret.one', 'ret.two'] },
        { name: 'ret-b', topics: ['ret.one'] },
        { name: 'ret-c', topics: ['ret.many'] },
      ],
      { retentionDays: 30 },
    );
    await sql`INSERT INTO outbox (topic, payload, created_at) SELECT 'ret.many', '{}'::jsonb, ${new Date(now.getTime() - 40 * DAY)} FROM generate_series(1, 12000)`.execute(ctx.db);
    const undelivered = await message('ret.many', 40, []);
    await sql`INSERT INTO outbox_deliveries (consumer, outbox_id) SELECT 'ret-c', id FROM outbox WHERE topic = 'ret.many' AND id <> ${undelivered}`.execute(ctx.db);
    assert.equal(await retention.purge(now), 12000);
    assert.deepEqual((await ctx.db.selectFrom('outbox').select('id').where('topic', '=', 'ret.many').execute()).map((r) => String(r.id)), [undelivered]);
  });

  it('takes its consumers from the container: every module that consumes the outbox is registered', () => {
    const registered = ctx.services.outbox.subscriptions();
    const names = registered.map((s) => s.name);
    assert.equal(new Set(names).size, names.length, 'one entry per consumer');
    const root = path.resolve(import.meta.dirname, '../../src/modules');
    const callers: string[] = [];
    for (const dir of readdirSync(root, { withFileTypes: true })) {
      if (!dir.isDirectory() || dir.name === 'outbox') continue;
      for (const file of readdirSync(path.join(root, dir.name))) {
        if (!file.endsWith('.ts')) continue;
        const text = readFileSync(path.join(root, dir.name, file), 'utf8');
        if (!/\bconsumeOutbox\(/.test(text)) continue;
        const name = /export const \w+_CONSUMER = '([a-z0-9_.-]+)'/.exec(text)?.[1];
        assert.ok(name, `${dir.name}/${file} calls consumeOutbox and names its consumer (export const …_CONSUMER)`);
        callers.push(name);
      }
    }
    assert.ok(callers.length >= 5, `found the consumers: ${callers.join(', ')}`);
    assert.deepEqual([...names].sort(), [...callers].sort(), 'the registry lists exactly the modules calling consumeOutbox');
    const receipts = registered.find((s) => s.name === 'receipts');
    assert.deepEqual(receipts?.topics, ['dossier.submitted'], 'with their own topics');
  });

  it('reads OUTBOX_RETENTION_DAYS (default 30)', () => {
    assert.equal(testConfig().outboxRetentionDays, 30);
    assert.equal(testConfig({ OUTBOX_RETENTION_DAYS: '7' }).outboxRetentionDays, 7);
    assert.throws(() => testConfig({ OUTBOX_RETENTION_DAYS: '0' }), /OUTBOX_RETENTION_DAYS/);
  });

  it('is a scheduled pg-boss job: the worker purges with the registered consumers, once a day', async () => {
    // A status message every consumer of dossier.status delivered, 31 days old (the job uses the real clock); one
    // that one of them did not deliver.
    const takers = ctx.services.outbox.subscriptions().filter((s) => s.topics.includes('dossier.status')).map((s) => s.name);
    assert.ok(takers.length >= 2, takers.join(', '));
    const old = new Date(Date.now() - 31 * DAY);
    const insert = async (consumers: string[]) => {
      const { rows } = await sql<{ id: string }>`INSERT INTO outbox (topic, payload, created_at) VALUES ('dossier.status', '{}'::jsonb, ${old}) RETURNING id`.execute(ctx.db);
      const id = String(rows[0]!.id);
      for (const c of consumers) await sql`INSERT INTO outbox_deliveries (consumer, outbox_id) VALUES (${c}, ${id})`.execute(ctx.db);
      return id;
    };
    const done = await insert(takers);
    const owed = await insert(takers.slice(1));
    await runDailyJob(ctx, 'outbox.purge', async () => (await left([done, owed])).length <= 1);
    assert.deepEqual(await left([done, owed]), [owed], 'the delivered message went, the owed one stayed');
  });
});
