// test: own process
// More than one machine, with real components (test/helpers/cluster.ts): two `opendvc serve` behind HAProxy, on one
// PostgreSQL 15 primary through PgBouncer (transaction pooling, prepared statements off), the reports on a streaming
// hot standby, and a failover drill (synchronous replication, standby promoted under load). What it shows: a session
// and its CSRF token are good on either server; dossier codes stay distinct and gap-free when many clients submit
// through both; jobs and scheduled jobs run once across both; killing one server or the primary loses no write that
// was acknowledged. Needs haproxy, pgbouncer and postgresql-15 (Debian; scripts/cluster-check.ts): skipped otherwise.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { loadConfig } from '../../src/config.ts';
import { createContext } from '../../src/container.ts';
import { createDb } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { argon2Hasher } from '../../src/modules/identity/passwords.ts';
import { DEMO_PASSWORD } from '../../src/modules/identity/identity.routes.ts';
import { seedDemo } from '../../src/seed/demo.ts';
import { CLUSTER_PROGRAMS } from '../../scripts/cluster-check.ts';
import { COPYRIGHT_PROCEDURE, PDF } from '../helpers/dossiers.ts';
import { startCluster, type Cluster } from '../helpers/cluster.ts';

const missing = CLUSTER_PROGRAMS.filter((p) => !existsSync(p.path)).map((p) => p.pkg);
const skip = process.env.OPENDVC_CLUSTER_SKIP || (missing.length ? `cluster tests skipped: ${[...new Set(missing)].join(', ')} missing (npm test installs them as root)` : false);

const CITIZENS = 16;

interface Session {
  cookie: string;
  csrfToken: string;
}

interface Answer {
  status: number;
  body: any;
  servedBy: string | null;
}

async function call(base: string, method: string, url: string, options: { session?: Session; json?: unknown; form?: FormData; headers?: Record<string, string>; csrf?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.session) {
    headers.cookie = options.session.cookie;
    if (method !== 'GET') headers['x-csrf-token'] = options.csrf ?? options.session.csrfToken;
  }
  let body: string | FormData | undefined;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.form) body = options.form;
  try {
    const response = await fetch(base + url, { method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(30_000) });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {}
    return { status: response.status, body: parsed, servedBy: response.headers.get('x-served-by') };
  } catch (error) {
    return { status: 0, body: (error as Error).message, servedBy: null };
  }
}

async function signIn(base: string, username: string): Promise<Session> {
  const response = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  const body = (await response.json()) as { csrfToken: string };
  assert.equal(response.status, 200, `sign-in of ${username}: ${JSON.stringify(body)}`);
  const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith('opendvc_sid='));
  assert.ok(cookie, 'a session cookie');
  return { cookie, csrfToken: body.csrfToken };
}

/** One dossier, from draft to submission; its code when the submission was acknowledged (201), else null. */
async function submitOne(base: string, session: Session, servedBy?: string[], failures?: string[]): Promise<string | null> {
  const failed = (step: string, answer: Answer) => {
    failures?.push(`${new Date().toISOString()} ${step} ${answer.status} ${answer.servedBy ?? '-'} ${JSON.stringify(answer.body).slice(0, 160)}`);
    return null;
  };
  const created = await call(base, 'POST', '/api/dossiers', { session, json: { procedureCode: COPYRIGHT_PROCEDURE } });
  if (created.status !== 201) return failed('create', created);
  const draft = created.body as { id: string; form: { data: Record<string, unknown> }; documents: Array<{ documentId: string; required: boolean }> };
  const form = { ...draft.form.data, requestContent: 'Đăng ký quyền tác giả cho tác phẩm "Mùa thu Hà Nội" (cụm máy chủ).' };
  const saved = await call(base, 'PUT', `/api/dossiers/${draft.id}/form`, { session, json: form });
  if (saved.status !== 200) return failed('form', saved);
  for (const document of draft.documents.filter((d) => d.required)) {
    const upload = new FormData();
    upload.append('documentId', document.documentId);
    upload.append('file', new Blob([PDF], { type: 'application/pdf' }), 'to-khai.pdf');
    const attached = await call(base, 'POST', `/api/dossiers/${draft.id}/files`, { session, form: upload });
    if (attached.status !== 201) return failed('file', attached);
  }
  const submitted = await call(base, 'POST', `/api/dossiers/${draft.id}/submit`, { session, json: {}, headers: { 'idempotency-key': randomUUID() } });
  if (submitted.status !== 201) return failed('submit', submitted);
  if (submitted.servedBy) servedBy?.push(submitted.servedBy);
  return (submitted.body as { code: string }).code;
}

/** Clients submitting one dossier after another until `until()` says stop; every acknowledged code is recorded. */
function loadOf(base: string, sessions: Session[], acked: string[], failures: string[]) {
  let stop = false;
  const running = sessions.map(async (session) => {
    while (!stop) {
      const code = await submitOne(base, session, undefined, failures);
      if (code) acked.push(code);
      else {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  });
  return {
    async stop() {
      stop = true;
      await Promise.all(running);
    },
  };
}

async function waitFor(what: string, condition: () => Promise<boolean> | boolean, ms = 90_000, diagnose?: () => Promise<string>): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${diagnose ? await diagnose().catch((e: Error) => e.message) : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Every code (`{agency}-{yymmdd}-{NNNN}`) of the days and agencies of `codes` in the database: 1..n with no gap. */
async function assertGapFree(client: pg.Client, codes: string[]): Promise<void> {
  const prefixes = [...new Set(codes.map((c) => c.replace(/-\d+$/, '-')))];
  for (const prefix of prefixes) {
    const { rows } = await client.query<{ code: string }>('SELECT code FROM dossiers WHERE code LIKE $1', [`${prefix}%`]);
    const numbers = rows.map((r) => Number(r.code.slice(prefix.length))).sort((a, b) => a - b);
    assert.deepEqual(numbers, Array.from({ length: numbers.length }, (_, i) => i + 1), `codes ${prefix}… are 1..${numbers.length}`);
  }
}

async function missingCodes(client: pg.Client, codes: string[]): Promise<string[]> {
  const { rows } = await client.query<{ code: string }>('SELECT code FROM dossiers WHERE code = ANY($1)', [codes]);
  const found = new Set(rows.map((r) => r.code));
  return codes.filter((c) => !found.has(c));
}

describe('cluster: two servers behind HAProxy, PgBouncer, a PostgreSQL 15 primary and hot standby', { skip }, () => {
  let cluster: Cluster;
  let started = 0;
  const citizens: Session[] = [];
  const acknowledged: string[] = [];

  before(async () => {
    started = Date.now();
    cluster = await startCluster({
      async seed(url, dataDir) {
        await migrate(url);
        const db = createDb(url, { max: 2 });
        try {
          const config = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: dataDir });
          await seedDemo(createContext(config, db, { hasher: argon2Hasher({ memoryCost: 1024, timeCost: 1 }) }));
          // Citizens with the demo citizen's password (and an address for the acknowledgement e-mail).
          await db.executeQuery(
            sql`INSERT INTO accounts (username, kind, password_hash, full_name, email, email_verified_at, personal_id, phone, address)
              SELECT 'cluster.' || i, 'citizen', d.password_hash, 'Công dân ' || i, 'cluster.' || i || '@example.vn', now(),
                     '0792' || lpad(i::text, 8, '0'), '0912345678', 'Số ' || i || ' Tràng Tiền, Hà Nội'
                FROM generate_series(1, ${CITIZENS}::int) AS i, accounts d WHERE d.username = 'demo.congdan'`.compile(db),
          );
        } finally {
          await db.destroy();
        }
      },
    });
    for (let i = 1; i <= CITIZENS; i++) citizens.push(await signIn(cluster.base, `cluster.${i}`));
  });

  after(async () => {
    await cluster?.stop();
  });

  /** What the cluster is doing, for the message of a test that timed out. */
  const diagnose = (failures: string[] = []) => async () => {
    const client = await cluster.primaryClient();
    try {
      const rows = async (text: string) => JSON.stringify((await client.query(text)).rows);
      const logs = await Promise.all(['pgbouncer', 'haproxy'].map(async (n) => `--- ${n}\n${(await readFile(path.join(cluster.dir, `${n}.log`), 'utf8').catch(() => '')).slice(-1500)}`));
      return [
        `load failures (last 10 of ${failures.length}):\n${failures.slice(-10).join('\n')}`,
        `jobs: ${await rows("SELECT name, state, count(*)::int AS n FROM pgboss.job GROUP BY 1, 2 ORDER BY 1, 2")}`,
        `outbox without 'receipts': ${await rows("SELECT o.id, o.created_at FROM outbox o WHERE o.topic = 'dossier.submitted' AND NOT EXISTS (SELECT 1 FROM outbox_deliveries d WHERE d.outbox_id = o.id AND d.consumer = 'receipts') ORDER BY o.id LIMIT 5")}`,
        `sessions: ${await rows("SELECT pid, state, application_name, now() - xact_start AS xact, left(query, 120) AS query FROM pg_stat_activity WHERE datname = 'opendvc' AND state <> 'idle'")}`,
        ...cluster.servers.map((server) => `--- server ${server.name}\n${server.running.output().slice(-1500)}`),
        ...logs,
      ].join('\n');
    } finally {
      await client.end();
    }
  };

  it('a session signed in through HAProxy, and its CSRF token, are good on both servers', async () => {
    const session = await signIn(cluster.base, 'demo.congdan');
    const servedBy = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const me = await call(cluster.base, 'GET', '/api/auth/me', { session });
      assert.equal(me.status, 200);
      assert.equal(me.body.user.username, 'demo.congdan');
      servedBy.add(me.servedBy!);
    }
    assert.deepEqual([...servedBy].sort(), ['a', 'b'], 'round robin reached both servers');
    for (const server of cluster.servers) {
      const me = await call(server.base, 'GET', '/api/auth/me', { session });
      assert.equal(me.status, 200, `the session on server ${server.name}`);
      // A write needs the CSRF token: the one given at sign-in works on either server, a wrong one on neither.
      const created = await call(server.base, 'POST', '/api/dossiers', { session, json: { procedureCode: COPYRIGHT_PROCEDURE } });
      assert.equal(created.status, 201, `a draft on server ${server.name}: ${JSON.stringify(created.body)}`);
      const forged = await call(server.base, 'POST', '/api/dossiers', { session, json: { procedureCode: COPYRIGHT_PROCEDURE }, csrf: 'x'.repeat(43) });
      assert.equal(forged.status, 403, `a wrong CSRF token on server ${server.name}`);
    }
    // A draft made on one server is completed and submitted on the other (files on the shared storage).
    const [a, b] = cluster.servers;
    const draft = (await call(a!.base, 'POST', '/api/dossiers', { session, json: { procedureCode: COPYRIGHT_PROCEDURE } })).body as {
      id: string;
      form: { data: Record<string, unknown> };
      documents: Array<{ documentId: string; required: boolean }>;
    };
    assert.equal((await call(b!.base, 'PUT', `/api/dossiers/${draft.id}/form`, { session, json: { ...draft.form.data, requestContent: 'Hai máy chủ.' } })).status, 200);
    for (const document of draft.documents.filter((d) => d.required)) {
      const upload = new FormData();
      upload.append('documentId', document.documentId);
      upload.append('file', new Blob([PDF], { type: 'application/pdf' }), 'to-khai.pdf');
      assert.equal((await call(a!.base, 'POST', `/api/dossiers/${draft.id}/files`, { session, form: upload })).status, 201);
    }
    const submitted = await call(b!.base, 'POST', `/api/dossiers/${draft.id}/submit`, { session, json: {}, headers: { 'idempotency-key': randomUUID() } });
    assert.equal(submitted.status, 201, JSON.stringify(submitted.body));
    acknowledged.push(submitted.body.code);
  });

  it('many clients submitting through both servers: every acknowledged dossier stored, codes distinct and gap-free', async () => {
    const servedBy: string[] = [];
    const rounds = await Promise.all(citizens.map(async (session) => [await submitOne(cluster.base, session, servedBy), await submitOne(cluster.base, session, servedBy)]));
    const codes = rounds.flat().filter((c): c is string => c !== null);
    assert.equal(codes.length, CITIZENS * 2, 'every submission acknowledged');
    assert.equal(new Set(codes).size, codes.length, 'no code given twice');
    assert.ok(servedBy.includes('a') && servedBy.includes('b'), `submissions on both servers (${servedBy.join(',')})`);
    acknowledged.push(...codes);
    const client = await cluster.primaryClient();
    try {
      assert.deepEqual(await missingCodes(client, acknowledged), []);
      await assertGapFree(client, acknowledged);
    } finally {
      await client.end();
    }
  });

  it('the reports read on the standby and show its lag', async () => {
    const leader = await signIn(cluster.base, 'demo.lanhdao');
    const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
    const url = `/api/reports/handling?from=${today.slice(0, 8)}01&to=${today}`;
    const report = await call(cluster.base, 'GET', url, { session: leader });
    assert.equal(report.status, 200, JSON.stringify(report.body).slice(0, 400));
    assert.equal(report.body.dataSource?.from, 'replica', `read on the standby: ${JSON.stringify(report.body.dataSource)}`);
    assert.equal(typeof report.body.dataSource.replicaLagSeconds, 'number');
    // The page says so, in words.
    const page = await fetch(`${cluster.base}/bao-cao/xu-ly`, { headers: { cookie: leader.cookie, accept: 'text/html' } });
    const html = await page.text();
    assert.equal(page.status, 200);
    assert.match(html, /Số liệu từ bản sao, trễ \d+ giây/);
    // Replay paused on the standby while the primary moves on: the lag shown grows past zero.
    const standby = new pg.Client({ connectionString: cluster.standby.url });
    await standby.connect();
    try {
      await standby.query('SELECT pg_wal_replay_pause()');
      const code = await submitOne(cluster.base, citizens[0]!);
      assert.ok(code);
      acknowledged.push(code);
      let behind: Answer | undefined;
      await waitFor('a lag shown', async () => {
        behind = await call(cluster.base, 'GET', url, { session: leader });
        return behind.body.dataSource?.from === 'replica' && behind.body.dataSource.replicaLagSeconds > 0;
      }, 30_000, async () => JSON.stringify(behind?.body.dataSource));
      const paused = await fetch(`${cluster.base}/bao-cao/xu-ly`, { headers: { cookie: leader.cookie, accept: 'text/html' } });
      assert.match(await paused.text(), /Số liệu từ bản sao, trễ [1-9]\d* giây/);
    } finally {
      await standby.query('SELECT pg_wal_replay_resume()');
      await standby.end();
    }
  });

  it('kill -9 of one server under load: HAProxy routes to the other, no acknowledged write lost; it rejoins', async () => {
    const acked: string[] = [];
    const failures: string[] = [];
    const load = loadOf(cluster.base, citizens.slice(0, 8), acked, failures);
    try {
      await waitFor('submissions before the kill', () => acked.length >= 8, 90_000, diagnose(failures));
      await cluster.kill(cluster.servers[1]!);
      const atKill = acked.length;
      await waitFor('submissions after the kill', () => acked.length >= atKill + 16, 90_000, diagnose(failures));
    } finally {
      await load.stop();
    }
    // Only server a answers now.
    for (let i = 0; i < 3; i++) assert.equal((await call(cluster.base, 'GET', '/api/health')).servedBy, 'a');
    acknowledged.push(...acked);
    // The killed server starts again and HAProxy sends it requests again.
    await cluster.restart(cluster.servers[1]!);
    const client = await cluster.primaryClient();
    try {
      assert.deepEqual(await missingCodes(client, acknowledged), [], 'every acknowledged dossier is stored');
      await assertGapFree(client, acknowledged);
    } finally {
      await client.end();
    }
  });

  it('a job runs once across the servers: outbox.dispatch sent four times at once, one acknowledgement e-mail per dossier', async () => {
    // pg-boss runs outbox.dispatch every minute on whichever server takes it; here four runs are queued at once (a
    // queue client without workers or schedules), so both servers' workers race for the same outbox rows.
    const boss = new PgBoss({ connectionString: cluster.bouncerUrl, schema: 'pgboss', max: 2, supervise: false, schedule: false, migrate: false });
    boss.on('error', () => {});
    await boss.start();
    try {
      for (let i = 0; i < 4; i++) assert.ok(await boss.send('outbox.dispatch', {}));
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
    const client = await cluster.primaryClient();
    try {
      const mails = async () =>
        (await client.query<{ code: string; n: number }>(
          `SELECT d.code, (SELECT count(*)::int FROM mail_messages m WHERE m.subject LIKE '%' || d.code || '%') AS n FROM dossiers d WHERE d.code = ANY($1)`,
          [acknowledged],
        )).rows;
      await waitFor('the acknowledgement e-mails', async () => (await mails()).every((r) => r.n >= 1), 60_000, diagnose());
      const counts = await mails();
      assert.equal(counts.length, acknowledged.length);
      assert.deepEqual(counts.filter((r) => r.n !== 1), [], 'one e-mail per dossier, never two');
    } finally {
      await client.end();
    }
  });

  it('failover drill: synchronous replication, the standby promoted under load, nothing acknowledged lost', async () => {
    await cluster.synchronous(true);
    const acked: string[] = [];
    const failures: string[] = [];
    const load = loadOf(cluster.base, citizens.slice(0, 8), acked, failures);
    let atFailover = 0;
    try {
      await waitFor('submissions before the failover', () => acked.length >= 8, 90_000, diagnose(failures));
      atFailover = acked.length;
      await cluster.failover();
      const afterFailover = acked.length;
      // The servers come back on the new primary (503 meanwhile): new submissions are acknowledged again.
      await waitFor('submissions on the new primary', () => acked.length >= afterFailover + 8, 60_000, diagnose(failures));
    } finally {
      await load.stop();
    }
    assert.ok(atFailover >= 8);
    acknowledged.push(...acked);
    const client = await cluster.primaryClient();
    try {
      assert.equal((await client.query<{ r: boolean }>('SELECT pg_is_in_recovery() AS r')).rows[0]!.r, false, 'the standby is the primary now');
      assert.deepEqual(await missingCodes(client, acknowledged), [], 'every acknowledged dossier, before, during and after, is on the new primary');
      assert.equal(new Set(acknowledged).size, acknowledged.length, 'no code given twice');
      await assertGapFree(client, acknowledged);
    } finally {
      await client.end();
    }
  });

  it('a scheduled job, declared by both servers, is created at most once a minute', async () => {
    const client = await cluster.primaryClient();
    try {
      const count = async () =>
        (await client.query<{ n: number; schedules: number }>(
          `SELECT (SELECT count(*)::int FROM (SELECT id FROM pgboss.job WHERE name = 'audit.seal' UNION ALL SELECT id FROM pgboss.archive WHERE name = 'audit.seal') j) AS n,
                  (SELECT count(*)::int FROM pgboss.schedule WHERE name = 'audit.seal') AS schedules`,
        )).rows[0]!;
      await waitFor('a run of audit.seal (every minute)', async () => (await count()).n >= 1, 90_000, diagnose());
      const { n, schedules } = await count();
      // Whole minutes the servers have run, plus the one under way: two servers each sending would double it.
      const minutes = Math.ceil((Date.now() - started) / 60_000) + 1;
      assert.equal(schedules, 1, 'one schedule, not one per server');
      assert.ok(n <= minutes, `audit.seal created ${n} times in about ${minutes} minute(s)`);
    } finally {
      await client.end();
    }
  });
});
