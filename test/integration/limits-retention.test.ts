// Rate-limit counters of public endpoints (the kiosk's tickets per client address, `floor_kiosk_limits`; feedback
// submissions and code requests per address and per contact, `feedback_limits`): a row whose window has ended counts
// for nothing, but one stayed for every address (and contact) ever seen. The `limits.purge`
// job (pg-boss, daily) deletes those; counters still in their window stay.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { createTestContext } from '../helpers/db.ts';
import { runDailyJob } from '../helpers/jobs.ts';

const MINUTE = 60_000;

describe('rate-limit counters whose window ended are purged', async () => {
  const ctx = await createTestContext();
  const now = new Date('2026-12-05T03:00:00Z');

  async function kiosk(key: string, expiresInMinutes: number, attempts = 3): Promise<void> {
    await sql`INSERT INTO floor_kiosk_limits (key, attempts, expires_at) VALUES (${key}, ${attempts}, ${new Date(now.getTime() + expiresInMinutes * MINUTE)})`.execute(ctx.db);
  }
  const kioskKeys = async () => (await ctx.db.selectFrom('floor_kiosk_limits').select('key').orderBy('key').execute()).map((r) => r.key);

  it('deletes the kiosk counters whose window ended, keeps those still counting', async () => {
    await kiosk('kiosk:203.0.113.1', -60 * 24);
    await kiosk('kiosk:203.0.113.2', -1);
    await kiosk('kiosk:203.0.113.3', 0);
    await kiosk('kiosk:203.0.113.4', 1, 30);
    assert.equal(await ctx.services.floor.purgeExpiredLimits(now), 3);
    assert.deepEqual(await kioskKeys(), ['kiosk:203.0.113.4']);
    assert.equal(await ctx.services.floor.purgeExpiredLimits(now), 0);
    // The blocked address stays blocked until its window ends, then goes.
    assert.equal(await ctx.services.floor.purgeExpiredLimits(new Date(now.getTime() + 2 * MINUTE)), 1);
    assert.deepEqual(await kioskKeys(), []);
  });

  it('deletes the feedback counters whose window ended, keeps those still counting', async () => {
    const feedback = async (kind: string, key: string, expiresInMinutes: number) =>
      sql`INSERT INTO feedback_limits (kind, key, attempts, expires_at) VALUES (${kind}, ${key}, 2, ${new Date(now.getTime() + expiresInMinutes * MINUTE)})`.execute(ctx.db);
    await feedback('submit', '203.0.113.9', -5);
    await feedback('code', 'nguoi.dan@example.vn', 0);
    await feedback('submit', '203.0.113.10', 30);
    assert.equal(await ctx.services.feedback.purgeExpiredLimits(now), 2);
    const left = await ctx.db.selectFrom('feedback_limits').select(['kind', 'key']).execute();
    assert.deepEqual(left, [{ kind: 'submit', key: '203.0.113.10' }]);
    // The kiosk's counters are not the feedback's.
    await kiosk('kiosk:203.0.113.11', -5);
    assert.equal(await ctx.services.feedback.purgeExpiredLimits(now), 0);
    assert.deepEqual(await kioskKeys(), ['kiosk:203.0.113.11']);
    await ctx.db.deleteFrom('floor_kiosk_limits').execute();
  });

  it('is a scheduled pg-boss job: the worker runs the purge, the schedule is once a day', async () => {
    await sql`INSERT INTO floor_kiosk_limits (key, attempts, expires_at) VALUES ('kiosk:job', 1, now() - interval '1 hour')`.execute(ctx.db);
    await sql`INSERT INTO feedback_limits (kind, key, attempts, expires_at) VALUES ('submit', 'job', 1, now() - interval '1 hour')`.execute(ctx.db);
    const feedbackLeft = async () => (await ctx.db.selectFrom('feedback_limits').select('key').where('key', '=', 'job').execute()).length;
    const left = async () => (await kioskKeys()).length + (await feedbackLeft());
    await runDailyJob(ctx, 'limits.purge', async () => (await left()) === 0);
    assert.equal(await left(), 0, 'the worker purged the ended counters of both');
  });
});
