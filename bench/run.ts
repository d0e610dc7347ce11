// `npm run bench`: performance targets, each measured against raw ceilings taken in the same run —
// a bare Node HTTP server, and the very SQL statements the route sends, replayed straight to PostgreSQL.
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
import { benchSubmissions } from './dossiers.ts';
import { fmt, get, measureHttp, measureSql, startBareServer, type Statement, type Stats } from './measure.ts';
import { freePort } from '../src/core/net.ts';

const PROCEDURES = Number(process.env.BENCH_PROCEDURES ?? 10_000);
const N = Number(process.env.BENCH_REQUESTS ?? 400);


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

    // Online submission (Level 3): submit throughput vs the same rows inserted straight; public lookup under load.
    const signIn = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'demo.congdan', password: 'Demo@2026' } });
    const sid = (signIn.cookies as Array<{ name: string; value: string }>).find((c) => c.name === 'opendvc_sid')!;
    const citizen = (await ctx.services.identity.login({ username: 'demo.congdan', password: 'Demo@2026', ip: '127.0.0.1' })).actor;
    const dossiers = await benchSubmissions({
      ctx,
      base,
      url,
      cookie: `opendvc_sid=${sid.value}`,
      csrfToken: (signIn.json() as { csrfToken: string }).csrfToken,
      citizen,
      count: Number(process.env.BENCH_SUBMISSIONS ?? 300),
      concurrency: 8,
      sqlOf: async (route) => (await sqlOf(route)).map((q) => ({ sql: q.sql, parameters: q.parameters })),
    });
    const submitRatio = dossiers.ours.perSecond / dossiers.raw.perSecond;
    report(
      'submit throughput ≥ 40% of the same rows inserted straight into PostgreSQL',
      submitRatio >= 0.4,
      `${dossiers.ours.perSecond.toFixed(0)}/s vs raw ${dossiers.raw.perSecond.toFixed(0)}/s = ${(submitRatio * 100).toFixed(0)}% (8 concurrent clients, 2 KB form, no file)`,
    );
    report('public lookup p99 ≤ 25 ms at 50 concurrent clients', dossiers.lookup.p99 <= 25, `p50 ${dossiers.lookup.p50.toFixed(2)} ms, p99 ${dossiers.lookup.p99.toFixed(2)} ms`);
    const lookupRatio = dossiers.lookup.perSecond / dossiers.lookupSql.perSecond;
    report(
      'public lookup ≥ 50% of the raw indexed-lookup ceiling',
      lookupRatio >= 0.5,
      `${dossiers.lookup.perSecond.toFixed(0)}/s vs the route's SQL replayed straight ${dossiers.lookupSql.perSecond.toFixed(0)}/s = ${(lookupRatio * 100).toFixed(0)}%`,
    );
    report('server memory under the lookup load ≤ 300 MB', dossiers.peakRssMb <= 300, `peak RSS ${dossiers.peakRssMb.toFixed(0)} MB (the whole bench process: server and clients)`);

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
