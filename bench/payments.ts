// Benchmark of the payment platform's callbacks (issue 12): signed callbacks over HTTP (verify, lock the order,
// receipt number, mark paid, dossier paid online, audit, outbox, callback log) against the very statements one
// callback sent, replayed straight to PostgreSQL for other orders. Target: ≥ 50%.
import { randomUUID } from 'node:crypto';
import { Kysely, PostgresDialect, type CompiledQuery } from 'kysely';
import pg from 'pg';
import type { AppContext } from '../src/container.ts';
import { createContext } from '../src/container.ts';
import type { DB } from '../src/db/schema.ts';
import { buildApp } from '../src/http/app.ts';
import { modules } from '../src/modules/index.ts';
import { signFields } from '../src/modules/payments/payments.platform.ts';
import { load, request, sqlPool, type LoadResult } from './measure.ts';

const AGENCY = '000.00.12.G14';
const PROCEDURE = '1.001823';
const MERCHANT = 'BENCHDVC';
const SECRET = 'bench-secret-'.padEnd(48, 'x');

export interface PaymentsBenchInput {
  ctx: AppContext;
  url: string;
  callbacks: number;
  concurrency: number;
}

export interface PaymentsBenchResult {
  ours: LoadResult;
  raw: LoadResult;
  ratio: number;
  detail: string;
}

/** `count` received dossiers (status 2) with one open platform order each; answers their order numbers. */
async function openOrders(client: pg.Client, count: number): Promise<string[]> {
  const tag = randomUUID().slice(0, 8).toUpperCase();
  const { rows } = await client.query<{ order_no: string }>(
    `WITH d AS (
       INSERT INTO dossiers (code, agency_id, procedure_version_id, applicant_id, status, channel, form_data, applicant_name, lookup_secret_hash, submitted_at, received_at, fee_vnd)
       SELECT 'BENCH-PAY-' || $3 || '-' || lpad(i::text, 6, '0'), a.id, pv.id, acc.id, 2, 2, '{"fullName":"Trần Thị Bình"}'::jsonb, 'Trần Thị Bình', md5(i::text), now(), now(), 100000
         FROM generate_series(1, $4::int) AS i
         JOIN agencies a ON a.code = $1
         JOIN procedures p ON p.code = $2
         JOIN procedure_versions pv ON pv.procedure_id = p.id AND pv.status = 'published'
         JOIN accounts acc ON acc.username = 'demo.congdan'
       RETURNING id, agency_id, code
     )
     INSERT INTO payment_orders (order_no, dossier_id, agency_id, provider, lines, amount_vnd, expires_at)
     SELECT 'DVCB' || $3 || upper(substr(md5(d.code), 1, 12)), d.id, d.agency_id, 'platform',
            '[{"label":"Lệ phí","kind":"le_phi","amountVnd":100000}]'::jsonb, 100000, now() + interval '1 day'
       FROM d
     RETURNING order_no`,
    [AGENCY, PROCEDURE, tag, count],
  );
  return rows.map((r) => r.order_no);
}

function callbackOf(orderNo: string, i: number): Record<string, string> {
  return signFields(SECRET, { merchantCode: MERCHANT, orderId: orderNo, transactionId: `BENCH${orderNo}${i}`, amount: '100000', status: 'paid', paidAt: new Date().toISOString(), bankCode: 'VCB' });
}

/** Replaces every occurrence of the model's values (order number, ids, transaction) by the target's. */
function retarget(statement: CompiledQuery, swaps: Array<[string, string]>): { sql: string; parameters: unknown[] } {
  const swap = (value: unknown): unknown => {
    if (typeof value === 'string') return swaps.reduce((v, [from, to]) => (v.includes(from) ? v.split(from).join(to) : v), value);
    if (Array.isArray(value)) return value.map(swap);
    return value;
  };
  return { sql: statement.sql, parameters: statement.parameters.map(swap) };
}

export async function benchPayments(input: PaymentsBenchInput): Promise<PaymentsBenchResult> {
  const admin = new pg.Client({ connectionString: input.url });
  await admin.connect();
  // The application with a payment platform configured (only the secret matters: callbacks come to us).
  const config = { ...input.ctx.config, payment: { url: 'http://127.0.0.1:9', merchantCode: MERCHANT, secret: SECRET } };
  const ctx = createContext(config, input.ctx.db, { demo: true });
  const app = await buildApp(ctx, modules, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address !== 'object') throw new Error('no address');
  const base = `http://127.0.0.1:${address.port}`;
  try {
    const n = input.callbacks;
    const orderNos = await openOrders(admin, n * 2 + 2);
    await admin.query('ANALYZE payment_orders');

    const ours = await load(n, input.concurrency, async (i) => {
      const response = await request(`${base}/api/payments/callback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(callbackOf(orderNos[i]!, i)) });
      if (response.status !== 200) throw new Error(`callback answered ${response.status}: ${response.body}`);
    });

    // The raw ceiling: the statements one callback sent (captured on a second service instance), replayed.
    const captured: CompiledQuery[] = [];
    const capturingDb = new Kysely<DB>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: input.url, max: 2 }) }),
      log: (event) => {
        if (event.level === 'query') captured.push(event.query);
      },
    });
    const capturing = createContext(config, capturingDb, { demo: true });
    await capturing.services.payments.callback(callbackOf(orderNos[n]!, n)); // caches warm
    captured.length = 0;
    const model = orderNos[n + 1]!;
    const modelFields = callbackOf(model, n + 1);
    await capturing.services.payments.callback(modelFields);
    const statements = [...captured];
    await capturingDb.destroy();
    const ids = async (orderNo: string) => (await admin.query<{ id: string; dossier_id: string }>('SELECT id, dossier_id FROM payment_orders WHERE order_no = $1', [orderNo])).rows[0]!;
    const modelIds = await ids(model);
    const modelReceipt = (await admin.query<{ receipt_no: number }>('SELECT receipt_no FROM payment_orders WHERE order_no = $1', [model])).rows[0]!.receipt_no;
    const targets: Array<{ no: string; id: string; dossier_id: string }> = [];
    for (const no of orderNos.slice(n + 2, n + 2 + (n - 2))) targets.push({ no, ...(await ids(no)) });
    const pool = sqlPool(input.url, input.concurrency);
    const raw = await load(targets.length, input.concurrency, async (i) => {
      const target = targets[i]!;
      const swaps: Array<[string, string]> = [
        [modelIds.id, target.id],
        [modelIds.dossier_id, target.dossier_id],
        [modelFields.transactionId!, `RAW${target.no}`],
        [model, target.no],
      ];
      const client = await pool.connect();
      try {
        // The receipt number is the counter's answer of this replay (unique per agency and year), not the model's.
        let receipt: number | null = null;
        for (const statement of statements) {
          const s = retarget(statement, swaps);
          const parameters: unknown[] = receipt !== null && /update "payment_orders"/i.test(s.sql) ? s.parameters.map((p) => (p === modelReceipt ? receipt : p)) : s.parameters;
          const result: pg.QueryResult<{ last?: number }> = await client.query(s.sql, parameters);
          if (/payment_receipt_counters/.test(s.sql)) receipt = Number(result.rows[0]?.last);
        }
      } finally {
        client.release();
      }
    });
    await pool.end();
    const ratio = ours.perSecond / raw.perSecond;
    return {
      ours,
      raw,
      ratio,
      detail: `${ours.perSecond.toFixed(0)}/s signed callbacks over HTTP vs ${raw.perSecond.toFixed(0)}/s for their ${statements.length} statements replayed = ${(ratio * 100).toFixed(0)}%`,
    };
  } finally {
    await app.close();
    await admin.end();
  }
}
