// `npm run bench`: performance targets, each measured against raw ceilings taken in the same run —
// a bare Node HTTP server, and the very SQL statements the route sends, replayed straight to PostgreSQL.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Kysely, PostgresDialect, type CompiledQuery } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { createContext } from '../src/container.ts';
import { createDb } from '../src/db/database.ts';
import type { DB } from '../src/db/schema.ts';
import { startEmbeddedPostgres } from '../src/db/embedded.ts';
import { migrate } from '../src/db/migrate.ts';
import { buildApp } from '../src/http/app.ts';
import { modules } from '../src/modules/index.ts';
import { seedDemo } from '../src/seed/demo.ts';
import { seedGeneratedProcedures } from '../src/seed/catalog.ts';
import { benchSubmissions, type CpuPerThousand } from './dossiers.ts';
import { benchHandling } from './handling.ts';
import { benchResults } from './results.ts';
import { benchPayments } from './payments.ts';
import { benchImport } from './imports.ts';
import { benchReports } from './reports.ts';
import { benchFloor } from './floor.ts';
import { benchPreparedStatements } from './prepared.ts';
import { seedGeneratedDossiers } from '../src/seed/dossiers.ts';
import { fmt, get, measureHttp, measureSql, startBareServer, type Statement, type Stats } from './measure.ts';
import { freePort } from '../src/core/net.ts';

const PROCEDURES = Number(process.env.BENCH_PROCEDURES ?? 10_000);
const N = Number(process.env.BENCH_REQUESTS ?? 400);
/** `BENCH_ONLY=dossiers,handling` runs only those groups (catalog, dossiers, handling, reports, results, floor); default all. */
const ONLY = process.env.BENCH_ONLY?.split(',').map((s) => s.trim()).filter(Boolean);
const runs = (group: 'catalog' | 'dossiers' | 'handling' | 'reports' | 'results' | 'floor') => !ONLY?.length || ONLY.includes(group);
/** Extra Node flags for the server under test, e.g. `BENCH_SERVER_FLAGS=--cpu-prof`. */
const SERVER_FLAGS = process.env.BENCH_SERVER_FLAGS?.split(' ').filter(Boolean) ?? [];


interface Target {
  name: string;
  ok: boolean;
  detail: string;
}

const results: Target[] = [];
function report(name: string, ok: boolean, detail: string) {
  results.push({ name, ok, detail });
  process.stdout.write(`${ok ? 'PASS' : 'FAIL'}  ${name}: ${detail}\n`);
}
/** A measured line without a target (not counted in passed / failed). */
function inform(name: string, detail: string) {
  process.stdout.write(`INFO  ${name}: ${detail}\n`);
}

async function main() {
  const dir = path.join(os.tmpdir(), `opendvc-bench-${process.pid}`);
  await rm(dir, { recursive: true, force: true });
  const log = (m: string) => process.stderr.write(`${m}\n`);
  const server = await startEmbeddedPostgres({ dir, port: await freePort(), log });
  try {
    await server.ensureDatabase('bench');
    const url = server.urlFor('bench');
    await migrate(url);
    const config = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: dir });
    const db = createDb(url, { max: 10 });
    const ctx = createContext(config, db, { demo: true });
    log('loading the demo data');
    await seedDemo(ctx);
    log(`generating ${PROCEDURES} procedures`);
    const started = Date.now();
    await seedGeneratedProcedures(ctx, PROCEDURES);
    log(`  imported in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query('ANALYZE');

    const app = await buildApp(ctx, modules, { logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (!address || typeof address !== 'object') throw new Error('no address');
    const base = `http://127.0.0.1:${address.port}`;

    // A second app on a database handle that records every statement: the route's exact SQL, for the SQL ceiling.
    const captured: CompiledQuery[] = [];
    const capturingDb = new Kysely<DB>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 2 }) }),
      log: (event) => {
        if (event.level === 'query') captured.push(event.query);
      },
    });
    const capturingApp = await buildApp(createContext(config, capturingDb, { demo: true }), modules, { logger: false });
    async function sqlOf(route: string): Promise<CompiledQuery[]> {
      captured.length = 0;
      const response = await capturingApp.inject({ method: 'GET', url: route, headers: { accept: route.startsWith('/api/') ? 'application/json' : 'text/html' } });
      if (response.statusCode !== 200) throw new Error(`${route} answered ${response.statusCode}`);
      return [...captured];
    }

    const bare = await startBareServer();
    if (runs('catalog')) {
      const ceiling = await measureHttp([bare.url], N);
      log(`bare HTTP route: ${fmt(ceiling)}`);

      const queries = ['dang ky quyen tac gia', 'giấy phép', 'du lich', 'karaoke', 'quyen tac gai', 'le hoi', 'the thao', 'bieu dien nghe thuat'];
      const searchUrls = queries.map((q) => `/api/procedures?q=${encodeURIComponent(q)}`);
      const search = await measureHttp(searchUrls.map((u) => base + u), N);
      const searchSql = await measureSqlOfRoutes(url, searchUrls, sqlOf);
      reportTarget('catalog search p95 ≤ 30 ms', search, 30, ceiling, searchSql);

      const codes = (await admin.query<{ code: string }>("SELECT p.code FROM procedures p JOIN procedure_versions v ON v.procedure_id = p.id AND v.status = 'published' ORDER BY random() LIMIT 20")).rows.map((r) => r.code);
      const pageUrls = codes.map((c) => `/thu-tuc/${c}`);
      const page = await measureHttp(pageUrls.map((u) => base + u), N);
      const pageSql = await measureSqlOfRoutes(url, pageUrls, sqlOf);
      reportTarget('procedure page p95 ≤ 20 ms', page, 20, ceiling, pageSql);

      const home = await get(`${base}/`);
      const css = await get(`${base}/static/app.css`);
      const kb = (home.bytes + css.bytes) / 1024;
      report('home page with its CSS ≤ 100 KB', kb <= 100, `${kb.toFixed(1)} KB (page ${(home.bytes / 1024).toFixed(1)} KB + CSS ${(css.bytes / 1024).toFixed(1)} KB)`);
    }

    // Online submission (Level 3): submit throughput vs the same rows inserted straight; public lookup under load.
    const signIn = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'demo.congdan', password: 'Demo@2026' } });
    const sid = (signIn.cookies as Array<{ name: string; value: string }>).find((c) => c.name === 'opendvc_sid')!;
    const citizen = (await ctx.services.identity.login({ username: 'demo.congdan', password: 'Demo@2026', ip: '127.0.0.1' })).actor;
    // The server under test runs in its own process (`opendvc serve` on the bench database), so that its memory
    // is measured apart from the load generator's.
    const serverPort = await freePort();
    const served = spawn(process.execPath, [...SERVER_FLAGS, path.resolve(import.meta.dirname, '../bin/opendvc.mjs'), 'serve'], {
      env: { ...process.env, DATABASE_URL: url, PORT: String(serverPort), LOG_LEVEL: 'silent', DATA_DIR: dir },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      let out = '';
      served.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('OpenDVC is running')) resolve();
      });
      served.on('exit', (code) => reject(new Error(`bench server exited with ${code}: ${out}`)));
    });
    const serverRss = () => {
      try {
        const status = readFileSync(`/proc/${served.pid}/status`, 'utf8');
        return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
      } catch {
        return 0;
      }
    };
    if (runs('dossiers')) {
      const dossiers = await benchSubmissions({
        ctx,
        serverRss,
        serverPid: served.pid!,
        pgDataDir: path.join(dir, 'pg'),
        base: `http://127.0.0.1:${serverPort}`,
        url,
        cookie: `opendvc_sid=${sid.value}`,
        csrfToken: (signIn.json() as { csrfToken: string }).csrfToken,
        citizen,
        count: Number(process.env.BENCH_SUBMISSIONS ?? 300),
        concurrency: 8,
      });
      const submitRatio = dossiers.ours.perSecond / dossiers.raw.perSecond;
      report(
        'submit throughput ≥ 80% of the same rows inserted straight into PostgreSQL',
        submitRatio >= 0.8,
        `${dossiers.ours.perSecond.toFixed(0)}/s vs raw ${dossiers.raw.perSecond.toFixed(0)}/s = ${(submitRatio * 100).toFixed(0)}% (8 concurrent clients, 2 KB form, no file)`,
      );
      const split = (c: CpuPerThousand) => `CPU per request: server ${c.server.toFixed(2)} ms, PostgreSQL ${c.postgres.toFixed(2)} ms, load generator ${c.client.toFixed(2)} ms`;
      log(`submit ${split(dossiers.submitCpu)}; lookup ${split(dossiers.lookupCpu)}`);
      inform(
        'the stack\'s floor under the same load',
        `a bare Fastify route reading the account and the draft (two prepared statements, nothing else): ${dossiers.floor.result.perSecond.toFixed(0)}/s, ${split(dossiers.floor.cpu)} — of a submission's ${dossiers.submitCpu.server.toFixed(2)} ms of server CPU, ${dossiers.floor.cpu.server.toFixed(2)} ms is the HTTP server's and the driver's`,
      );
      report('server CPU per submission ≤ 1.2 ms', dossiers.submitCpu.server <= 1.2, `${dossiers.submitCpu.server.toFixed(2)} ms of the server process's CPU per submission (/proc, over the measured submissions)`);
      report('public lookup p99 ≤ 25 ms at 50 concurrent clients', dossiers.lookup.p99 <= 25, `p50 ${dossiers.lookup.p50.toFixed(2)} ms, p99 ${dossiers.lookup.p99.toFixed(2)} ms`);
      const lookupRatio = dossiers.lookup.perSecond / dossiers.lookupSql.perSecond;
      report(
        'public lookup ≥ 50% of the raw indexed-lookup ceiling',
        lookupRatio >= 0.5,
        `${dossiers.lookup.perSecond.toFixed(0)}/s vs ${dossiers.lookupSql.perSecond.toFixed(0)}/s for one prepared lookup statement per request sent straight = ${(lookupRatio * 100).toFixed(0)}% (after ${dossiers.lookup.n} unmeasured warm-up requests)`,
      );
      report('server memory under the lookup load ≤ 300 MB', dossiers.peakRssMb <= 300, `peak RSS ${dossiers.peakRssMb.toFixed(0)} MB (the server process, sampled every 50 ms)`);
      const prepared = await benchPreparedStatements({ url, config, count: Number(process.env.BENCH_PREPARED_LOOKUPS ?? 2000) });
      inform('public lookup with DATABASE_PREPARED_STATEMENTS on vs off', prepared.detail);
    }

    // The back office (issue 4), on the same server process.
    const sessionOf = async (username: string) => {
      const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'Demo@2026' } });
      const cookie = (response.cookies as Array<{ name: string; value: string }>).find((c) => c.name === 'opendvc_sid')!;
      return { cookie: `opendvc_sid=${cookie.value}`, csrfToken: (response.json() as { csrfToken: string }).csrfToken };
    };
    if (runs('handling')) {
      const handling = await benchHandling({
        ctx,
        url,
        base: `http://127.0.0.1:${serverPort}`,
        login: sessionOf,
        actor: async (username) => (await ctx.services.identity.login({ username, password: 'Demo@2026', ip: '127.0.0.1' })).actor,
        dossiers: Number(process.env.BENCH_AGENCY_DOSSIERS ?? 100_000),
        transitions: Number(process.env.BENCH_TRANSITIONS ?? 300),
        concurrency: 8,
      });
      report('officer queue page p95 ≤ 50 ms with 100,000 dossiers in the agency', handling.queue.p95 <= 50, `${fmt(handling.queue)}, sequential requests (${handling.queueUrl} and three other views)`);
      const transitionRatio = handling.ours.perSecond / handling.raw.perSecond;
      report(
        'transition throughput ≥ 80% of the same SQL replayed straight',
        transitionRatio >= 0.8,
        `${handling.ours.perSecond.toFixed(0)}/s accept over HTTP vs ${handling.raw.perSecond.toFixed(0)}/s for its statements replayed = ${(transitionRatio * 100).toFixed(0)}%`,
      );
      report('an officer action (accept over HTTP) in ≤ 8 SQL statements', handling.statements <= 8, `${handling.statements} statements, the session lookup included`);
      report('due-date computation ≥ 100,000 per second', handling.duePerSecond >= 100_000, `${Math.round(handling.duePerSecond).toLocaleString('en')} per second`);
    }
    // Electronic results (issue 12): signing a one-page result in this process; the public verification page.
    if (runs('results')) {
      const results = await benchResults(ctx, { base, n: N });
      report('signing a one-page result p95 ≤ 150 ms', results.sign.p95 <= 150, results.signDetail);
      reportTarget('verification page p95 ≤ 20 ms', results.page, 20, await measureHttp([bare.url], N), await measureSqlOfRoutes(url, [results.pageUrl], sqlOf));
    }
    // Payment callbacks (issue 12), in this process, against the same statements replayed.
    if (runs('handling')) {
      const payments = await benchPayments({ ctx, url, callbacks: Number(process.env.BENCH_PAYMENTS ?? 300), concurrency: 8 });
      report('payment callbacks ≥ 50% of the same SQL replayed straight', payments.ratio >= 0.5, payments.detail);
    }
    served.kill('SIGTERM');
    await new Promise((resolve) => served.once('exit', resolve));

    // The one-stop floor (issue 20): the live board's cost with 50 screens, "call next" under concurrent counters.
    if (runs('floor')) {
      const floor = await benchFloor({ ctx, url, pgDataDir: path.join(dir, 'pg') });
      report('live board, 50 screens: ≤ 1% of one core', floor.boardOk, floor.boardDetail);
      report('call next ticket p95 ≤ 20 ms', floor.callOk, floor.callDetail);
    }

    // Statistics (issue 5): import speed, then a realistic year of dossiers and the year's handling report.
    if (runs('reports')) {
      const imported = await benchImport(ctx, Number(process.env.BENCH_IMPORT_ROWS ?? 50_000));
      report('historical import ≥ 5,000 rows/s', imported.perSecond >= 5000, `${imported.rows} rows in ${imported.seconds.toFixed(1)} s = ${Math.round(imported.perSecond)} rows/s (CSV, validated, report aggregates kept)`);
      const year = Number(process.env.BENCH_DOSSIERS ?? 1_000_000);
      log(`generating ${year} dossiers (seed --dossiers)`);
      const generatedAt = Date.now();
      await seedGeneratedDossiers(ctx, year, { onProgress: (done) => log(`  ${done}`) });
      log(`  generated in ${((Date.now() - generatedAt) / 1000).toFixed(0)} s`);
      await admin.query('ANALYZE');
      const reports = await benchReports(ctx);
      report("year's handling report ≤ 1 s and ≤ 20% of a full scan", reports.ok, reports.detail);
    }

    await bare.close();
    await app.close();
    await capturingApp.close();
    await capturingDb.destroy();
    await admin.end();
  } finally {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
  const failed = results.filter((r) => !r.ok);
  process.stdout.write(`\n${results.length - failed.length} passed, ${failed.length} failed\n`);
  process.exit(failed.length ? 1 : 0);
}

/** The SQL ceiling: every statement each route sent (captured once), replayed straight to PostgreSQL. */
async function measureSqlOfRoutes(url: string, routes: string[], sqlOf: (route: string) => Promise<CompiledQuery[]>): Promise<Stats> {
  const batches: Statement[][] = [];
  for (const route of routes) batches.push((await sqlOf(route)).map((q) => ({ sql: q.sql, parameters: q.parameters })));
  return measureSql(url, batches, N);
}

function reportTarget(name: string, ours: Stats, limitMs: number, bare: Stats, sql: Stats) {
  report(
    name,
    ours.p95 <= limitMs,
    `${fmt(ours)}; ratio to bare HTTP route ×${(ours.p95 / bare.p95).toFixed(1)} (bare p95 ${bare.p95.toFixed(2)} ms), ` +
      `to the same SQL sent straight to PostgreSQL ×${(ours.p95 / sql.p95).toFixed(1)} (SQL p95 ${sql.p95.toFixed(2)} ms)`,
  );
}

await main();
