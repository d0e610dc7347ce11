// Retention of the refused payment messages (migration 0027's log): the `payments.purge` job (pg-boss, scheduled)
// deletes refused (unauthenticated: bad signature, malformed) callbacks and returns logged more than 90 days ago;
// younger refusals and every authenticated message (accepted, duplicate, unknown order, amount differs…) stay.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { REFUSAL_RETENTION_DAYS } from '../../src/modules/payments/payments.service.ts';
import { createTestContext } from '../helpers/db.ts';
import { runDailyJob } from '../helpers/jobs.ts';

const DAY = 86_400_000;

describe('payments: refused callbacks are kept 90 days', async () => {
  const ctx = await createTestContext();
  const now = new Date('2026-12-05T03:00:00Z');

  async function log(outcome: string, ageDays: number, orderNo: string): Promise<void> {
    await sql`INSERT INTO payment_callbacks (received_at, source, order_no, outcome, payload)
              VALUES (${new Date(now.getTime() - ageDays * DAY)}, 'callback', ${orderNo}, ${outcome}, '{}'::jsonb)`.execute(ctx.db);
  }

  it('deletes refusals older than 90 days, keeps younger ones and every authenticated message', async () => {
    assert.equal(REFUSAL_RETENTION_DAYS, 90);
    await log('bad_signature', 91, 'OLD-BAD');
    await log('malformed', 200, 'OLD-MALFORMED');
    await log('bad_signature', 89, 'YOUNG-BAD');
    await log('malformed', 90 - 1 / 24, 'YOUNG-MALFORMED');
    await log('accepted', 400, 'OLD-ACCEPTED');
    await log('amount_mismatch', 400, 'OLD-MISMATCH');
    await log('unknown_order', 120, 'OLD-UNKNOWN');

    const deleted = await ctx.services.payments.purgeRefusals(now);
    assert.equal(deleted, 2);
    const left = await ctx.db.selectFrom('payment_callbacks').select('order_no').orderBy('order_no').execute();
    assert.deepEqual(left.map((r) => r.order_no), ['OLD-ACCEPTED', 'OLD-MISMATCH', 'OLD-UNKNOWN', 'YOUNG-BAD', 'YOUNG-MALFORMED']);
    // Run again: nothing more.
    assert.equal(await ctx.services.payments.purgeRefusals(now), 0);
    // A day later the 89-day-old refusal is still young; three days later it goes.
    assert.equal(await ctx.services.payments.purgeRefusals(new Date(now.getTime() + DAY)), 1);
    assert.equal(await ctx.services.payments.purgeRefusals(new Date(now.getTime() + 3 * DAY)), 1);
    assert.deepEqual((await ctx.db.selectFrom('payment_callbacks').select('order_no').where('outcome', 'in', ['bad_signature', 'malformed']).execute()).length, 0);
  });

  it('is a scheduled pg-boss job: the worker runs the purge, the schedule is once a day', async () => {
    await log('bad_signature', 365, 'JOB-OLD');
    const left = async () => (await ctx.db.selectFrom('payment_callbacks').select('id').where('order_no', '=', 'JOB-OLD').execute()).length;
    await runDailyJob(ctx, 'payments.purge', async () => (await left()) === 0);
    assert.equal(await left(), 0, 'the worker purged the old refusal');
  });
});
