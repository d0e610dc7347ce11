// Background work in PostgreSQL (pg-boss). Modules declare their jobs; the server runs the workers.
import PgBoss from 'pg-boss';
import type { AppContext } from './container.ts';

export interface JobDefinition {
  name: string;
  /** Cron (UTC) for recurring jobs. */
  schedule?: string;
  handler(ctx: AppContext, data: unknown): Promise<void>;
}

export function createQueue(databaseUrl: string): PgBoss {
  return new PgBoss({ connectionString: databaseUrl, schema: 'pgboss', max: 4 });
}

export async function startWorkers(boss: PgBoss, ctx: AppContext, jobs: JobDefinition[], log: (msg: string) => void): Promise<void> {
  for (const job of jobs) {
    await boss.createQueue(job.name);
    await boss.work(job.name, { batchSize: 1, pollingIntervalSeconds: 2 }, async ([item]) => {
      if (item) await job.handler(ctx, item.data);
    });
    if (job.schedule) await boss.schedule(job.name, job.schedule);
    log(`worker started: ${job.name}`);
  }
}
