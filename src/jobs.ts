// Background work in PostgreSQL (pg-boss). Modules declare their jobs; the server runs the workers.
import { setTimeout as sleep } from 'node:timers/promises';
import PgBoss from 'pg-boss';
import type { AppContext } from './container.ts';
import { isConcurrentConflict } from './db/errors.ts';

export interface JobDefinition {
  name: string;
  /** Cron (UTC) for recurring jobs. */
  schedule?: string;
  handler(ctx: AppContext, data: unknown): Promise<void>;
}

export function createQueue(databaseUrl: string): PgBoss {
  return new PgBoss({ connectionString: databaseUrl, schema: 'pgboss', max: 4 });
}

/**
 * Runs `step` again (up to `attempts` times, after a short random pause) while it fails with a conflict between
 * concurrent transactions: servers starting together create the same pg-boss queues and schedules at once, and
 * PostgreSQL may pick one of them as a deadlock's victim. The step is idempotent (create if missing, upsert).
 */
export async function retryConflicts<T>(step: () => Promise<T>, attempts = 6, pauseMs = () => 50 + Math.random() * 200): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      if (attempt >= attempts || !isConcurrentConflict(error)) throw error;
      await sleep(pauseMs());
    }
  }
}

export async function startWorkers(boss: PgBoss, ctx: AppContext, jobs: JobDefinition[], log: (msg: string) => void): Promise<void> {
  for (const job of jobs) {
    await retryConflicts(() => boss.createQueue(job.name));
    await boss.work(job.name, { batchSize: 1, pollingIntervalSeconds: 2 }, async ([item]) => {
      if (item) await job.handler(ctx, item.data);
    });
    if (job.schedule) await retryConflicts(() => boss.schedule(job.name, job.schedule!));
    log(`worker started: ${job.name}`);
  }
}
