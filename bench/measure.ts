// Latency measurement for `npm run bench`: keep-alive HTTP requests and raw SQL, percentiles, ratios.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import pg from 'pg';

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
