// Benchmarks of online submission: submit throughput against raw inserts, public lookup under 50 clients.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { AppContext } from '../src/container.ts';
import type { Actor } from '../src/core/actor.ts';
import { DEMO_CATALOG } from '../src/seed/catalog-data/index.ts';
import { load, request, sqlPool, type LoadResult, type Statement } from './measure.ts';

const BENCH_PROCEDURE = '9.990001';

export interface DossierBenchInput {
  ctx: AppContext;
  base: string;
  url: string;
  cookie: string;
  csrfToken: string;
  citizen: Actor;
  count: number;
  concurrency: number;
  sqlOf: (route: string) => Promise<Statement[]>;
  /** Resident memory of the server process, in bytes. */
  serverRss: () => number;
}

/** A procedure without required documents (the benchmark submits a 2 KB form and no file). */
async function ensureBenchProcedure(ctx: AppContext): Promise<void> {
  const model = DEMO_CATALOG.procedures.find((p) => p.code === '1.001823')!;
  await ctx.services.catalog.importCatalog(
    null,
    { format: 'opendvc-catalog', version: 1, fields: [], procedures: [{ ...model, code: BENCH_PROCEDURE, name: `${model.name} (đo hiệu năng)`, documents: [] }] },
    { source: 'seed', system: true },
  );
}

async function readyDrafts(ctx: AppContext, citizen: Actor, count: number): Promise<string[]> {
  const ids: string[] = [];
  const text = 'Nội dung đề nghị đăng ký quyền tác giả cho tác phẩm văn học. '.repeat(32).slice(0, 2000);
  for (let i = 0; i < count; i++) {
    const draft = await ctx.services.dossiers.createDraft(citizen, BENCH_PROCEDURE);
    await ctx.services.dossiers.saveForm(citizen, draft.id, { ...draft.form.data, requestContent: text });
    ids.push(draft.id);
  }
  return ids;
}

export async function benchSubmissions(input: DossierBenchInput): Promise<{ ours: LoadResult; raw: LoadResult; lookup: LoadResult; lookupSql: LoadResult; peakRssMb: number }> {
  const { ctx, base, count, concurrency } = input;
  await ensureBenchProcedure(ctx);
  const drafts = await readyDrafts(ctx, input.citizen, count);
  const headers = { cookie: input.cookie, 'x-csrf-token': input.csrfToken, 'content-type': 'application/json' };
  const submitted: Array<{ code: string; secret: string }> = [];
  const ours = await load(drafts.length, concurrency, async (i) => {
    const response = await request(`${base}/api/dossiers/${drafts[i]}/submit`, { method: 'POST', headers: { ...headers, 'idempotency-key': randomUUID() }, body: '{}' });
    if (response.status !== 201) throw new Error(`submit answered ${response.status}: ${response.body}`);
    const body = JSON.parse(response.body) as { code: string; lookupSecret: string };
    submitted.push({ code: body.code, secret: body.lookupSecret });
  });

  // The raw ceiling: the same rows (dossier, first history event, outbox message) inserted straight into PostgreSQL.
  const pool = sqlPool(input.url, concurrency);
  const model = await pool.query('SELECT * FROM dossiers WHERE code = $1', [submitted[0]!.code]);
  const row = model.rows[0] as Record<string, unknown>;
  const raw = await load(count, concurrency, async (i) => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const inserted = await client.query<{ id: string }>(
        `INSERT INTO dossiers (code, agency_id, procedure_version_id, applicant_id, organisation_id, status, channel, form_data, lookup_secret_hash, submitted_at, expected_date)
         VALUES ($1, $2, $3, $4, $5, 1, 2, $6, $7, now(), $8) RETURNING id`,
        [`RAW-${i}-${randomUUID().slice(0, 8)}`, row.agency_id, row.procedure_version_id, row.applicant_id, row.organisation_id, JSON.stringify(row.form_data), row.lookup_secret_hash, row.expected_date],
      );
      const id = inserted.rows[0]!.id;
      await client.query(`INSERT INTO dossier_events (dossier_id, status, action, content) VALUES ($1, 1, 'submit', 'Nộp hồ sơ trực tuyến')`, [id]);
      await client.query(`INSERT INTO outbox (topic, payload) VALUES ('dossier.submitted', $1)`, [JSON.stringify({ dossierId: id })]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  });

  // Public lookup: 50 concurrent clients; the ceiling is the route's own SQL replayed with 50 connections.
  let peakRss = input.serverRss();
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, input.serverRss())), 50);
  const lookups = submitted.map((s) => `/api/lookup/${encodeURIComponent(s.code)}?secret=${s.secret}`);
  const lookup = await load(Math.max(2000, count * 4), 50, async (i) => {
    const response = await request(base + lookups[i % lookups.length]!, { method: 'GET', headers: { accept: 'application/json' } });
    if (response.status !== 200) throw new Error(`lookup answered ${response.status}: ${response.body}`);
  });
  clearInterval(sampler);
  const batches: Statement[][] = [];
  for (const route of lookups.slice(0, 20)) batches.push(await input.sqlOf(route));
  const lookupPool = sqlPool(input.url, 50);
  const lookupSql = await load(Math.max(2000, count * 4), 50, async (i) => {
    const client: pg.PoolClient = await lookupPool.connect();
    try {
      for (const statement of batches[i % batches.length]!) await client.query(statement.sql, statement.parameters as unknown[]);
    } finally {
      client.release();
    }
  });
  await lookupPool.end();
  await pool.end();
  return { ours, raw, lookup, lookupSql, peakRssMb: peakRss / 1024 / 1024 };
}
