// A registered daily job run once through a real pg-boss worker, as the retention tests check their jobs: the job is
// registered, its schedule is once a day, and a worker started on the test database runs it when it is sent.
import assert from 'node:assert/strict';
import type { AppContext } from '../../src/container.ts';
import { createQueue, startWorkers } from '../../src/jobs.ts';
import { jobs } from '../../src/modules/jobs.ts';

/**
 * Checks that `name` is a registered job scheduled once a day, sends it to a worker, and waits (polling every 250 ms,
 * at most 30 s) until `done()` says its effect is seen. The caller asserts the effect afterwards.
 */
export async function runDailyJob(ctx: AppContext & { url: string }, name: string, done: () => Promise<boolean>): Promise<void> {
  const job = jobs.find((j) => j.name === name);
  assert.ok(job, `${name} is registered`);
  const boss = createQueue(ctx.url);
  boss.on('error', () => {});
  await boss.start();
  try {
    await startWorkers(boss, ctx, [job], () => {});
    const schedule = (await boss.getSchedules()).find((x) => x.name === name);
    assert.ok(schedule, `${name} is scheduled`);
    assert.match(schedule.cron, /^\d+ \d+ \* \* \*$/, 'once a day');
    // Run it now through the queue, as the schedule does.
    await boss.send(name, {});
    for (let i = 0; i < 120 && !(await done()); i++) await new Promise((resolve) => setTimeout(resolve, 250));
  } finally {
    await boss.stop({ graceful: false, wait: true, close: true });
  }
}
