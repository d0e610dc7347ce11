// Latency measurement for `npm run bench`: keep-alive HTTP requests and raw SQL, percentiles, ratios.
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { Pool, type Dispatcher } from 'undici';

export interface Stats {
  n: number;
  p50: number;
  p95: number;
  mean: number;
}

export function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { n: sorted.length, p50: at(0.5), p95: at(0.95), mean: sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length) };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

export function get(url: string): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers: { accept: url.includes('/api/') ? 'application/json' : 'text/html' } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/** Sequential requests over keep-alive (latency, not throughput): `warmup` discarded, then `n` measured. */
export async function measureHttp(urls: string[], n: number, warmup = 50): Promise<Stats> {
  const samples: number[] = [];
  for (let i = 0; i < warmup + n; i++) {
    const url = urls[i % urls.length]!;
    const start = performance.now();
    const res = await get(url);
    const elapsed = performance.now() - start;
    if (res.status >= 500) throw new Error(`${url} answered ${res.status}`);
    if (i >= warmup) samples.push(elapsed);
  }
  return stats(samples);
}

export interface Statement {
  sql: string;
  parameters: readonly unknown[];
}

/** The same statements sent straight to PostgreSQL over one connection; one sample = one batch (one request's SQL). */
export async function measureSql(url: string, batches: Statement[][], n: number, warmup = 50): Promise<Stats> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const samples: number[] = [];
  try {
    for (let i = 0; i < warmup + n; i++) {
      const batch = batches[i % batches.length]!;
      const start = performance.now();
      for (const statement of batch) await client.query(statement.sql, statement.parameters as unknown[]);
      const elapsed = performance.now() - start;
      if (i >= warmup) samples.push(elapsed);
    }
  } finally {
    await client.end();
  }
  return stats(samples);
}

/** A bare Node HTTP server answering a small JSON document: the ceiling of any route. */
export async function startBareServer(): Promise<{ url: string; close(): Promise<void> }> {
  const body = JSON.stringify({ items: [], total: 0, page: 1, pageSize: 20 });
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address !== 'object') throw new Error('no address');
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

export function fmt(s: Stats): string {
  return `p50 ${s.p50.toFixed(2)} ms, p95 ${s.p95.toFixed(2)} ms (n=${s.n})`;
}

export interface LoadResult extends Stats {
  p99: number;
  perSecond: number;
}

/** Runs `task(i)` for i in 0..count-1 with `concurrency` workers; latency percentiles and throughput. */
export async function load(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<LoadResult> {
  const samples: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const i = next++;
        if (i >= count) return;
        const t0 = performance.now();
        await task(i);
        samples.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const sorted = [...samples].sort((a, b) => a - b);
  return { ...stats(samples), p99: sorted[Math.min(sorted.length - 1, Math.floor(0.99 * sorted.length))] ?? 0, perSecond: count / elapsed };
}

/**
 * A keep-alive HTTP request; resolves with status and body text. The load generator is undici's connection pool,
 * not node:http: on a 2-core machine the generator shares the CPU with the server under test, and undici costs
 * about half as much per request, so more of the machine measures the server.
 */
export async function request(url: string, options: { method: string; headers: Record<string, string>; body?: string }): Promise<{ status: number; body: string }> {
  const target = new URL(url);
  let pool = pools.get(target.origin);
  if (!pool) {
    pool = new Pool(target.origin, { connections: 64 });
    pools.set(target.origin, pool);
  }
  const response = await pool.request({ path: target.pathname + target.search, method: options.method as Dispatcher.HttpMethod, headers: options.headers, body: options.body });
  return { status: response.statusCode, body: await response.body.text() };
}

const pools = new Map<string, Pool>();

/** A pool of PostgreSQL connections for the SQL ceilings under concurrency. */
export function sqlPool(url: string, size: number): pg.Pool {
  return new pg.Pool({ connectionString: url, max: size });
}

/** CPU seconds (user + system) used so far by the processes named: the server, the load generator, PostgreSQL. */
export function cpuSeconds(pids: number[]): number {
  let total = 0;
  for (const pid of pids) total += processCpu(pid, false);
  return total;
}

const TICK = 100; // USER_HZ on Linux

/** One process's CPU seconds; with `reaped`, also those of its children it has waited for (cutime + cstime). */
function processCpu(pid: number, reaped: boolean): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const own = Number(fields[11]) + Number(fields[12]);
    return (reaped ? own + Number(fields[13]) + Number(fields[14]) : own) / TICK;
  } catch {
    return 0; // The process is gone.
  }
}

/**
 * CPU seconds used so far by the PostgreSQL cluster in `dataDir`: its postmaster, its live children (backends,
 * walwriter, checkpointer…) and the children that already exited — the postmaster reaps them, and the kernel adds
 * their time to its cutime/cstime. Counting only the processes alive at each reading (as postgresPids alone does)
 * loses the time of a backend whose connection closed during a measurement, and the difference could turn
 * negative (the lookup's PostgreSQL CPU printed −0.15 ms per request before this).
 */
export function postgresCpuSeconds(dataDir: string): number {
  const [postmaster, ...children] = postgresPids(dataDir);
  return processCpu(postmaster!, true) + cpuSeconds(children);
}

/** The processes of the PostgreSQL cluster in `dataDir`: its postmaster (postmaster.pid) and the postmaster's children. */
export function postgresPids(dataDir: string): number[] {
  const postmaster = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const children = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster;
      } catch {
        return false;
      }
    });
  return [postmaster, ...children];
}

/**
 * Runs `work` and reports the CPU it cost each party, in seconds. Each party is read (CPU seconds so far) before
 * and after, so processes started or ended meanwhile count as far as the reading can see them (postgresCpuSeconds).
 */
export async function cpuSplit<T>(parties: Record<string, () => number>, work: () => Promise<T>): Promise<{ result: T; cpu: Record<string, number> }> {
  const before = Object.fromEntries(Object.entries(parties).map(([name, read]) => [name, read()]));
  const result = await work();
  const cpu = Object.fromEntries(Object.entries(parties).map(([name, read]) => [name, read() - before[name]!]));
  return { result, cpu };
}
