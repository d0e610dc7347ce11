// Bench of the handling report (issue 5): the year's Biểu 06 for all agencies, read from the daily aggregates,
// against a full scan of the dossier table computing the same report directly, in the same run.
// Target: report ≤ 1 s and ≤ 20% of the full scan.
//
// `benchReports(ctx)` measures on a database that already holds the dossiers (e.g. after
// `seedGeneratedDossiers(ctx, 1_000_000)`). Standalone: `node --import tsx bench/reports.ts [dossiers]` starts an
// embedded PostgreSQL, loads the demo data, generates the dossiers (default 1,000,000) and prints the result.
import os from 'node:os';
import path from 'node:path';
import { rm } from 'node:fs/promises';
import { sql } from 'kysely';
import { addDays, vietnamDate, vietnamDayEnd, vietnamDayStart } from '../src/core/time.ts';
import type { Actor } from '../src/core/actor.ts';
import type { AppContext } from '../src/container.ts';

export interface ReportBench {
  dossiers: number;
  reportMs: number;
  scanMs: number;
  ratio: number;
  ok: boolean;
  detail: string;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function timed(fn: () => Promise<unknown>, runs = 5): Promise<number> {
  await fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return median(times);
}

/** The year (the last 365 days up to `now`) for every top-level agency's subtree, against the direct full scan. */
export async function benchReports(ctx: AppContext, options: { now?: Date } = {}): Promise<ReportBench> {
  const now = options.now ?? new Date();
  const to = vietnamDate(now);
  const from = addDays(to, -364);
  await sql`ANALYZE dossiers`.execute(ctx.db);
  await sql`ANALYZE report_daily`.execute(ctx.db);
  await sql`ANALYZE report_field_daily`.execute(ctx.db);
  await sql`ANALYZE report_field_monthly`.execute(ctx.db);
  const roots = await ctx.db.selectFrom('agencies').select(['id', 'code']).where('parent_id', 'is', null).execute();
  const inspector = (agencyId: string): Actor => ({ id: '00000000-0000-0000-0000-000000000000', username: 'bench', fullName: 'Bench', kind: 'staff', agencyId, departmentId: null, organisationId: null, roles: [{ role: 'inspector', agencyId }] });
  const dossiers = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM dossiers`.execute(ctx.db)).rows[0]!.n);

  const reportMs = await timed(async () => {
    for (const root of roots) await ctx.services.reports.handling(inspector(root.id), { agency: root.code, from, to, groupBy: 'field' }, now);
  });

  // The same report computed directly over the dossier table (what a report without aggregates must do).
  const start = vietnamDayStart(from);
  const end = vietnamDayEnd(to);
  const scanMs = await timed(async () => {
    await sql`
      SELECT pv.field_id,
        count(*) FILTER (WHERE d.received_at < ${start}) AS carried,
        count(*) FILTER (WHERE d.received_at >= ${start} AND d.channel = 2) AS online,
        count(*) FILTER (WHERE d.received_at >= ${start} AND d.channel <> 2) AS other,
        count(*) FILTER (WHERE d.status IN (9, 10) AND d.finished_at < ${end} AND d.timeliness = 'early') AS early,
        count(*) FILTER (WHERE d.status IN (9, 10) AND d.finished_at < ${end} AND coalesce(d.timeliness, 'on_time') = 'on_time') AS on_time,
        count(*) FILTER (WHERE d.status IN (9, 10) AND d.finished_at < ${end} AND d.timeliness = 'late') AS late,
        count(*) FILTER (WHERE d.status IN (3, 7, 8) AND d.finished_at < ${end}) AS closed,
        count(*) FILTER (WHERE d.status IN (2, 4, 5, 6) AND d.due_at < ${now}) AS overdue
      FROM dossiers d JOIN procedure_versions pv ON pv.id = d.procedure_version_id
      WHERE d.status IS NOT NULL AND d.received_at IS NOT NULL AND d.received_at < ${end}
        AND NOT (d.received_at < ${start} AND d.finished_at IS NOT NULL AND d.status IN (3, 7, 8, 9, 10) AND d.finished_at < ${start})
      GROUP BY pv.field_id`.execute(ctx.db);
  });
  const ratio = scanMs > 0 ? reportMs / scanMs : 0;
  const ok = reportMs <= 1000 && ratio <= 0.2;
  const detail = `${dossiers.toLocaleString('en')} dossiers, ${roots.length} top-level agencies: report ${reportMs.toFixed(1)} ms, full scan ${scanMs.toFixed(1)} ms (${(ratio * 100).toFixed(1)}%)`;
  return { dossiers, reportMs, scanMs, ratio, ok, detail };
}

async function main() {
  const count = Number(process.argv[2] ?? 1_000_000);
  const { startEmbeddedPostgres } = await import('../src/db/embedded.ts');
  const { migrate } = await import('../src/db/migrate.ts');
  const { loadConfig } = await import('../src/config.ts');
  const { createDb } = await import('../src/db/database.ts');
  const { createContext } = await import('../src/container.ts');
  const { seedDemo } = await import('../src/seed/demo.ts');
  const { seedGeneratedDossiers } = await import('../src/seed/dossiers.ts');
  const { freePort } = await import('../src/core/net.ts');
  const dir = path.join(os.tmpdir(), `opendvc-bench-reports-${process.pid}`);
  await rm(dir, { recursive: true, force: true });
  const log = (m: string) => process.stderr.write(`${m}\n`);
  const server = await startEmbeddedPostgres({ dir, port: await freePort(), log: () => {} });
  try {
    await server.ensureDatabase('bench');
    const url = server.urlFor('bench');
    await migrate(url);
    const ctx = createContext(loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: dir }), createDb(url, { max: 4 }), { demo: true });
    await seedDemo(ctx);
    const started = Date.now();
    await seedGeneratedDossiers(ctx, count, { onProgress: (done) => log(`  ${done} dossiers…`) });
    log(`generated ${count} dossiers in ${((Date.now() - started) / 1000).toFixed(1)} s (aggregates kept by the triggers)`);
    const result = await benchReports(ctx);
    if (process.env.BENCH_DETAIL) {
      const rows = (await sql<{ n: string }>`SELECT count(*) AS n FROM report_daily`.execute(ctx.db)).rows[0]!.n;
      const versions = (await sql<{ n: string }>`SELECT count(DISTINCT procedure_version_id) AS n FROM dossiers`.execute(ctx.db)).rows[0]!.n;
      const open = (await sql<{ n: string }>`SELECT count(*) AS n FROM dossiers WHERE status IN (2, 4, 5, 6)`.execute(ctx.db)).rows[0]!.n;
      const fieldRows = (await sql<{ n: string }>`SELECT count(*) AS n FROM report_field_daily`.execute(ctx.db)).rows[0]!.n;
      log(`report_daily rows: ${rows}; report_field_daily rows: ${fieldRows}; procedure versions with dossiers: ${versions}; open dossiers: ${open}`);
      const { ReportsRepository } = await import('../src/modules/reports/reports.repository.ts');
      const repo = new ReportsRepository();
      const ids = (await ctx.db.selectFrom('agencies').select('id').execute()).map((a) => a.id);
      const to = vietnamDate(new Date());
      const from = addDays(to, -364);
      for (const groupBy of ['field', 'agency', 'level', 'procedure'] as const) {
        log(`groupSums by ${groupBy}: ${(await timed(() => repo.groupSums(ctx.db, ids, { from, to }, groupBy))).toFixed(1)} ms`);
        log(`overdueNow by ${groupBy}: ${(await timed(() => repo.overdueNow(ctx.db, ids, new Date(), groupBy))).toFixed(1)} ms`);
      }
      log(`indicators' online-capable procedures: ${(await timed(() => repo.onlineCapableProcedures(ctx.db, ids, { from, to }))).toFixed(1)} ms`);
      log(`dashboard's most late procedures: ${(await timed(() => repo.mostLate(ctx.db, ids, { from, to }, 10))).toFixed(1)} ms`);
      log(`dashboard's overdue by step: ${(await timed(() => repo.overdueBySteps(ctx.db, ids, new Date()))).toFixed(1)} ms`);
    }
    process.stdout.write(`${result.ok ? 'PASS' : 'FAIL'}  year's handling report ≤ 1 s and ≤ 20% of a full scan: ${result.detail}\n`);
    await ctx.db.destroy();
  } finally {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
