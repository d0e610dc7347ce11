// Benchmarks of the one-stop back office (issue 4): the officer queue page over 100,000 dossiers of one agency,
// transition throughput against the same SQL replayed straight to PostgreSQL, and due-date computations.
import { randomUUID } from 'node:crypto';
import { Kysely, PostgresDialect, type CompiledQuery } from 'kysely';
import pg from 'pg';
import type { AppContext } from '../src/container.ts';
import { createContext } from '../src/container.ts';
import type { Actor } from '../src/core/actor.ts';
import type { DB } from '../src/db/schema.ts';
import { addWorkingDays, DEFAULT_WORKING_HOURS } from '../src/modules/calendar/calendar.rules.ts';
import { load, request, sqlPool, type LoadResult } from './measure.ts';
import { buildApp } from '../src/http/app.ts';
import { modules } from '../src/modules/index.ts';

const AGENCY = '000.00.12.G14'; // Cục Bản quyền tác giả, where the demo officers work
const PROCEDURE = '1.001823';

export interface HandlingBenchInput {
  ctx: AppContext;
  url: string;
  base: string;
  /** Session cookie and CSRF token of a demo account on the server under test. */
  login: (username: string) => Promise<{ cookie: string; csrfToken: string }>;
  actor: (username: string) => Promise<Actor>;
  dossiers: number;
  transitions: number;
  concurrency: number;
}

export interface HandlingBenchResult {
  queue: LoadResult;
  queueUrl: string;
  ours: LoadResult;
  raw: LoadResult;
  /** The SQL statements one accept request sends (its session lookup included). */
  statements: number;
  duePerSecond: number;
}

/**
 * `count` dossiers of the agency in one statement: a realistic year, most returned (10), 4% in progress with an
 * open workflow step at the specialists of QTG (due dates from overdue to next month), some refused or withdrawn.
 */
export async function generateAgencyDossiers(client: pg.Client, count: number): Promise<void> {
  await client.query(
    `WITH ctx AS (
       SELECT a.id AS agency_id, pv.id AS version_id, acc.id AS applicant_id, dep.id AS department_id
         FROM agencies a
         JOIN procedures p ON p.code = $2
         JOIN procedure_versions pv ON pv.procedure_id = p.id AND pv.status = 'published'
         JOIN accounts acc ON acc.username = 'demo.congdan'
         LEFT JOIN departments dep ON dep.agency_id = a.id AND dep.code = 'QTG'
        WHERE a.code = $1
     ), g AS (
       SELECT i, now() - (i % 330) * interval '1 day' - (i % 7) * interval '1 hour' AS received,
              CASE WHEN i % 25 = 0 THEN 4 WHEN i % 97 = 0 THEN 3 WHEN i % 89 = 0 THEN 7 ELSE 10 END AS status
         FROM generate_series(1, $3::int) AS i
     )
     INSERT INTO dossiers (code, agency_id, procedure_version_id, applicant_id, status, channel, form_data, applicant_name,
                           applicant_id_number, lookup_secret_hash, submitted_at, received_at, due_at, appointment_at, finished_at,
                           returned_at, timeliness, current_step, department_id, source)
     SELECT 'BENCH-' || lpad(g.i::text, 7, '0'), ctx.agency_id, ctx.version_id, ctx.applicant_id, g.status, 1 + (g.i % 3),
            jsonb_build_object('fullName', 'Nguyễn Văn ' || g.i), 'Nguyễn Văn ' || g.i, lpad((79000000000 + g.i)::text, 12, '0'),
            md5(g.i::text), g.received, CASE WHEN g.status = 3 THEN NULL ELSE g.received END,
            CASE WHEN g.status = 4 THEN now() + ((g.i % 40) - 10) * interval '1 day' ELSE g.received + interval '21 days' END,
            CASE WHEN g.status = 4 THEN now() + ((g.i % 40) - 10) * interval '1 day' ELSE g.received + interval '21 days' END,
            CASE WHEN g.status = 4 THEN NULL ELSE g.received + (g.i % 25) * interval '1 day' END,
            CASE WHEN g.status = 10 THEN g.received + (g.i % 25) * interval '1 day' + interval '1 hour' END,
            CASE WHEN g.status = 10 THEN (CASE WHEN g.i % 25 < 20 THEN 'early' WHEN g.i % 25 = 20 THEN 'on_time' ELSE 'late' END) END,
            CASE WHEN g.status = 4 THEN 2 END, CASE WHEN g.status = 4 THEN ctx.department_id END, 'import'
       FROM g, ctx`,
    [AGENCY, PROCEDURE, count],
  );
  await client.query(
    `INSERT INTO dossier_steps (dossier_id, position, name, role, agency_id, department_id, started_at, due_at)
     SELECT d.id, 2, 'Thẩm định hồ sơ', 'specialist', d.agency_id, d.department_id, d.received_at, d.due_at - interval '3 days'
       FROM dossiers d WHERE d.code LIKE 'BENCH-%' AND d.status = 4`,
  );
  await client.query('ANALYZE');
}

/** `count` dossiers submitted online (status 1), ready for the receptionist to accept. */
async function newlySubmitted(client: pg.Client, count: number): Promise<string[]> {
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO dossiers (code, agency_id, procedure_version_id, applicant_id, status, channel, form_data, applicant_name, lookup_secret_hash, submitted_at)
     SELECT 'BENCH-NEW-' || lpad(i::text, 6, '0') || '-' || $3, a.id, pv.id, acc.id, 1, 2, '{"fullName":"Trần Thị Bình"}'::jsonb, 'Trần Thị Bình', md5(i::text), now()
       FROM generate_series(1, $4::int) AS i
       JOIN agencies a ON a.code = $1
       JOIN procedures p ON p.code = $2
       JOIN procedure_versions pv ON pv.procedure_id = p.id AND pv.status = 'published'
       JOIN accounts acc ON acc.username = 'demo.congdan'
     RETURNING id`,
    [AGENCY, PROCEDURE, randomUUID().slice(0, 8), count],
  );
  return rows.map((r) => r.id);
}

/** Replaces every occurrence of one dossier's id in a statement's parameters by another's. */
function retarget(statement: CompiledQuery, from: string, to: string): { sql: string; parameters: unknown[] } {
  const swap = (value: unknown): unknown => {
    if (value === from) return to;
    if (typeof value === 'string' && value.includes(from)) return value.split(from).join(to);
    if (Array.isArray(value)) return value.map(swap);
    return value;
  };
  return { sql: statement.sql, parameters: statement.parameters.map(swap) };
}

export async function benchHandling(input: HandlingBenchInput): Promise<HandlingBenchResult> {
  const admin = new pg.Client({ connectionString: input.url });
  await admin.connect();
  try {
    await generateAgencyDossiers(admin, input.dossiers);

    // The officer's queue page: the leader's view of the whole agency, and the specialist's own queue, each
    // with the default order (nearest due date first) and with the overdue filter.
    const leader = await input.login('demo.lanhdao');
    const specialist = await input.login('demo.chuyenvien');
    const pages = [
      { session: leader, url: '/can-bo?scope=agency' },
      { session: leader, url: '/can-bo?scope=agency&due=overdue' },
      { session: specialist, url: '/can-bo' },
      { session: specialist, url: '/can-bo?scope=department&page=3' },
    ];
    const probe = await request(input.base + pages[0]!.url, { method: 'GET', headers: { cookie: leader.cookie, accept: 'text/html' } });
    if (probe.status !== 200) throw new Error(`queue page answered ${probe.status}`);
    // Latency, as for the catalog pages: one officer after another (sequential requests over keep-alive).
    const queue = await load(400, 1, async (i) => {
      const p = pages[i % pages.length]!;
      const response = await request(input.base + p.url, { method: 'GET', headers: { cookie: p.session.cookie, accept: 'text/html' } });
      if (response.status !== 200) throw new Error(`queue page answered ${response.status}`);
    });

    // Transitions: the receptionist accepts newly submitted dossiers over HTTP (guarded update, due date from the
    // calendar, control-sheet row, history event, audit entry, outbox message in one transaction).
    const receptionist = await input.login('demo.motcua');
    // Unmeasured accepts first, as for the submissions (bench/dossiers.ts): the route of a freshly started server is
    // still warming up (issue 17). BENCH_ACTION_WARMUP sets how many (the previous measurement: 0). The replayed
    // statements below are the same either way.
    const warmup = Number(process.env.BENCH_ACTION_WARMUP ?? 500);
    const ids = await newlySubmitted(admin, input.transitions * 2 + 1 + warmup);
    const accept = async (id: string) => {
      const response = await request(`${input.base}/api/dossiers/${id}/actions/accept`, {
        method: 'POST',
        headers: { cookie: receptionist.cookie, 'x-csrf-token': receptionist.csrfToken, 'content-type': 'application/json' },
        body: '{}',
      });
      if (response.status !== 200) throw new Error(`accept answered ${response.status}: ${response.body}`);
    };
    await load(warmup, input.concurrency, (i) => accept(ids[input.transitions * 2 + 1 + i]!));
    const ours = await load(input.transitions, input.concurrency, (i) => accept(ids[i]!));

    // The raw ceiling: the very statements one accept request sent (captured on an in-process app over the same
    // database: the session lookup, the reads, the write), replayed for other dossiers straight to PostgreSQL on
    // one connection each (a transaction's BEGIN and COMMIT would be included; the accept needs none).
    const captured: CompiledQuery[] = [];
    const capturingDb = new Kysely<DB>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: input.url, max: 2 }) }),
      log: (event) => {
        if (event.level === 'query') captured.push(event.query);
      },
    });
    const capturingApp = await buildApp(createContext(input.ctx.config, capturingDb, { demo: true }), modules, { logger: false });
    const acceptOnce = async (id: string) => {
      const response = await capturingApp.inject({
        method: 'POST',
        url: `/api/dossiers/${id}/actions/accept`,
        headers: { cookie: receptionist.cookie, 'x-csrf-token': receptionist.csrfToken, 'content-type': 'application/json' },
        payload: '{}',
      });
      if (response.statusCode !== 200) throw new Error(`accept answered ${response.statusCode}: ${response.body}`);
    };
    const model = ids[input.transitions]!;
    await acceptOnce(model);
    captured.length = 0;
    const second = ids[input.transitions + 1]!;
    await acceptOnce(second); // caches warm, as in the server under load
    const statements = [...captured];
    await capturingApp.close();
    await capturingDb.destroy();
    const pool = sqlPool(input.url, input.concurrency);
    const raw = await load(input.transitions - 2, input.concurrency, async (i) => {
      const target = ids[input.transitions + 2 + i]!;
      const client = await pool.connect();
      try {
        for (const statement of statements) {
          const s = retarget(statement, second, target);
          await client.query(s.sql, s.parameters as unknown[]);
        }
      } finally {
        client.release();
      }
    });
    await pool.end();

    // Due dates: the pure working-day arithmetic over the official calendar (holidays, Tết, swaps), with
    // receipt instants spread over two years and time limits of 1–60 working days.
    const calendar = await input.ctx.services.calendar.calendarFor([2026, 2027, 2028]);
    const start = Date.UTC(2026, 0, 5, 2, 0);
    const n = 300_000;
    let sink = 0;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const due = addWorkingDays(start + (i % 700) * 86_400_000 + (i % 9) * 3_600_000, 1 + (i % 60), calendar, DEFAULT_WORKING_HOURS);
      sink += due.at;
    }
    const duePerSecond = n / ((performance.now() - t0) / 1000);
    if (!Number.isFinite(sink)) throw new Error('unreachable');
    return { queue, queueUrl: pages[0]!.url, ours, raw, statements: statements.length, duePerSecond };
  } finally {
    await admin.end();
  }
}
