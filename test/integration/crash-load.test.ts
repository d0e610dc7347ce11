// test: own process
// Crashes under load (issue 17): while citizens submit dossiers (form + attachment + Idempotency-Key), look them
// up, and an officer accepts them, (a) PostgreSQL is stopped (fast shutdown) and started again: meanwhile the
// server answers 503 problem+json DATABASE_UNAVAILABLE with Retry-After (never a 500, never a hang past the pool's
// connection timeout) and recovers by itself, without a restart; (b) the server is SIGKILLed and started again.
// Afterwards what the clients were told is compared with what the database holds: every acknowledged write is there,
// nothing is half-written, and every outbox message of those writes is delivered — to the webhook receiver simulator
// (a careful receiver: it dedupes by webhook-id), which has applied each event exactly once — and the queue's jobs
// completed. Only correctness is asserted; every wait is a bounded poll.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { access, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import PgBoss from 'pg-boss';
import pg from 'pg';
import { loadConfig } from '../../src/config.ts';
import { createContext } from '../../src/container.ts';
import { freePort } from '../../src/core/net.ts';
import { CONNECTION_TIMEOUT_MS, createDb } from '../../src/db/database.ts';
import { startEmbeddedPostgres, type EmbeddedServer } from '../../src/db/embedded.ts';
import { migrate } from '../../src/db/migrate.ts';
import { argon2Hasher } from '../../src/modules/identity/passwords.ts';
import { seedDemo } from '../../src/seed/demo.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../src/simulators/webhook-receiver.ts';
import { startServe, type RunningServer } from '../helpers/cli.ts';

/** Cấp Giấy chứng nhận đăng ký quyền tác giả: level 4, no fee with the demo data alone (src/seed/fees.ts is serve's). */
const PROCEDURE = '1.001823';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');
const PASSWORD = 'Demo@2026';
/** A request never waits longer than the pool's connection timeout plus a margin: longer is a hang. */
const HANG_MS = CONNECTION_TIMEOUT_MS + 15_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, condition: () => boolean | Promise<boolean>, limitMs = 45_000, state: () => string = () => ''): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await condition())) {
    if (Date.now() > deadline) assert.fail(`${what}: not reached within ${limitMs / 1000} s ${state()}`);
    await sleep(100);
  }
}

interface Answer {
  status: number;
  type: string;
  retryAfter: string | null;
  body: string;
}

describe('crashes under load: PostgreSQL stop/start and SIGKILL lose nothing', () => {
  let dir = '';
  let pgPort = 0;
  let port = 0;
  let base = '';
  let cluster: EmbeddedServer | null = null;
  let url = '';
  let server: RunningServer | null = null;
  let receiver: WebhookReceiver | null = null;
  let env: Record<string, string> = {};
  let passed = false;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'opendvc-crash-load-'));
    pgPort = await freePort();
    port = await freePort();
    base = `http://127.0.0.1:${port}`;
    cluster = await startEmbeddedPostgres({ dir, port: pgPort });
    await cluster.ensureDatabase('opendvc');
    url = cluster.urlFor('opendvc');
    await migrate(url);
    const sessionSecret = randomBytes(32).toString('base64url');
    const settings = { DATABASE_URL: url, DATA_DIR: dir, DEMO: 'false', SESSION_SECRET: sessionSecret, WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'true', LOG_LEVEL: 'silent' };
    env = { ...settings, PORT: String(port), LOG_LEVEL: 'warn' };
    // The server starts (loads its modules) while the demo data is loaded here: it reads none of it to start (DEMO=false).
    const starting = startServe(env).then((started) => (server = started));
    const db = createDb(url, { max: 4 });
    try {
      const ctx = createContext(loadConfig(settings), db, { hasher: argon2Hasher({ memoryCost: 1024, timeCost: 1 }) });
      await seedDemo(ctx);
      // The other system: the receiver simulator, subscribed to every event of the procedure's agency.
      receiver = await startWebhookReceiver();
      const subscription = await ctx.services.webhooks.demoSubscription(receiver.endpoint);
      receiver.addSecret(subscription.secret);
      const { agency_id } = await db
        .selectFrom('procedure_versions as v')
        .innerJoin('procedures as p', 'p.id', 'v.procedure_id')
        .select('v.agency_id')
        .where('p.code', '=', PROCEDURE)
        .executeTakeFirstOrThrow();
      await db.updateTable('webhook_subscriptions').set({ agency_id }).where('id', '=', subscription.id).execute();
    } finally {
      await db.destroy();
      await starting;
    }
  });

  after(async () => {
    // The server's log when something failed (what it answered, what it logged while PostgreSQL was away).
    if (!passed) process.stderr.write(`--- opendvc serve (last output) ---\n${(server?.output() ?? '').slice(-8000)}\n`);
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    await receiver?.close();
    await cluster?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers 503 while PostgreSQL is away, recovers by itself, and keeps every acknowledged write across SIGKILL', async (t) => {
    // --- clients -------------------------------------------------------------------------------------------
    const answers: Array<{ what: string } & Answer> = [];
    const hangs: string[] = [];
    async function call(what: string, path: string, init: RequestInit & { cookie?: string; csrf?: string } = {}): Promise<Answer | null> {
      const headers: Record<string, string> = { ...(init.headers as Record<string, string> | undefined) };
      if (init.cookie) headers.cookie = init.cookie;
      if (init.csrf) headers['x-csrf-token'] = init.csrf;
      if (init.body && !(init.body instanceof FormData)) headers['content-type'] = 'application/json';
      try {
        const response = await fetch(base + path, { ...init, headers, signal: AbortSignal.timeout(HANG_MS) });
        const answer = { status: response.status, type: response.headers.get('content-type') ?? '', retryAfter: response.headers.get('retry-after'), body: await response.text() };
        answers.push({ what, ...answer });
        return answer;
      } catch (error) {
        if ((error as Error).name === 'TimeoutError') hangs.push(`${what} ${path}`);
        return null; // connection refused or cut (the server killed): not acknowledged
      }
    }
    async function login(username: string): Promise<{ cookie: string; csrf: string }> {
      const response = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
      assert.equal(response.status, 200, await response.clone().text());
      const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]!.trim()).join('; ');
      return { cookie, csrf: ((await response.json()) as { csrfToken: string }).csrfToken };
    }
    const citizen = await login('demo.congdan');
    const officer = await login('demo.motcua');

    // What the clients were told.
    const acked = new Map<string, { code: string; lookupSecret: string | null }>(); // dossier id → its code
    const ackedFiles = new Map<string, string>(); // attachment (dossier_files) id → dossier id
    const accepted = new Set<string>(); // dossier ids whose accept was answered 200
    const acceptUnknown = new Set<string>(); // accept answered 409 after an attempt whose answer was lost
    let stop = false;

    const citizenLoop = async (n: number) => {
      let i = 0;
      while (!stop) {
        i += 1;
        const created = await call('create', '/api/dossiers', { method: 'POST', body: JSON.stringify({ procedureCode: PROCEDURE }), ...citizen });
        if (created?.status !== 201) {
          await sleep(200);
          continue;
        }
        const draft = JSON.parse(created.body) as { id: string; form: { data: Record<string, unknown> }; documents: Array<{ documentId: string; required: boolean }> };
        const steps: Array<() => Promise<boolean>> = [
          async () => (await call('form', `/api/dossiers/${draft.id}/form`, { method: 'PUT', body: JSON.stringify({ ...draft.form.data, requestContent: `Tác phẩm ${n}-${i}` }), ...citizen }))?.status === 200,
          ...draft.documents
            .filter((d) => d.required)
            .map((d) => async () => {
              const body = new FormData();
              body.append('documentId', d.documentId);
              body.append('file', new Blob([PDF], { type: 'application/pdf' }), `tai-lieu-${n}-${i}.pdf`);
              const answer = await call('file', `/api/dossiers/${draft.id}/files`, { method: 'POST', body, ...citizen });
              if (answer?.status === 201) ackedFiles.set((JSON.parse(answer.body) as { id: string }).id, draft.id);
              return answer?.status === 201;
            }),
          async () => {
            const answer = await call('submit', `/api/dossiers/${draft.id}/submit`, { method: 'POST', headers: { 'idempotency-key': `load-${draft.id}` }, ...citizen });
            if (answer?.status !== 201 && answer?.status !== 200) return false;
            const receipt = JSON.parse(answer.body) as { code: string; lookupSecret: string | null };
            const earlier = acked.get(draft.id);
            if (earlier) assert.equal(receipt.code, earlier.code, 'a replayed submission answers the same code');
            acked.set(draft.id, { code: receipt.code, lookupSecret: earlier?.lookupSecret ?? receipt.lookupSecret });
            return true;
          },
        ];
        // Each step retried (same Idempotency-Key for the submission) until acknowledged, as a client would.
        for (const step of steps) {
          while (!stop && !(await step())) await sleep(200);
        }
      }
    };
    const lookupLoop = async () => {
      while (!stop) {
        const entries = [...acked.values()].filter((e) => e.lookupSecret);
        const entry = entries[Math.floor(Math.random() * entries.length)];
        if (entry) {
          const answer = await call('lookup', `/api/lookup/${encodeURIComponent(entry.code)}?secret=${entry.lookupSecret}`);
          if (answer) assert.ok(answer.status === 200 || answer.status === 503, `lookup ${entry.code}: ${answer.status} ${answer.body}`);
        }
        await call('list', '/api/dossiers', citizen);
        await sleep(100);
      }
    };
    const officerLoop = async () => {
      const lost = new Set<string>();
      while (!stop) {
        const id = [...acked.keys()].find((k) => !accepted.has(k) && !acceptUnknown.has(k));
        if (!id) {
          await sleep(150);
          continue;
        }
        const answer = await call('accept', `/api/dossiers/${id}/actions/accept`, { method: 'POST', body: JSON.stringify({ note: 'Đủ giấy tờ' }), ...officer });
        if (answer?.status === 200) accepted.add(id);
        else if (answer?.status === 409 && lost.has(id)) acceptUnknown.add(id);
        else if (answer?.status === 409) assert.fail(`accept of ${id} refused without an earlier attempt: ${answer.body}`);
        else {
          lost.add(id); // 503, or the connection cut: the accept may or may not have committed
          await sleep(200);
        }
      }
    };
    const loops = [citizenLoop(1), citizenLoop(2), citizenLoop(3), lookupLoop(), officerLoop()];
    const settled = Promise.allSettled(loops);
    const acksNow = () => acked.size;
    let killedAt = new Date(0);

    try {
      await until('first submissions acknowledged', () => acksNow() >= 3);

      // --- (a) PostgreSQL stops (fast shutdown) under load, and comes back -------------------------------
      await cluster!.stop();
      cluster = null;
      const ready = await call('ready', '/api/ready');
      assert.equal(ready?.status, 503, ready?.body);
      const api = await call('probe', '/api/dossiers', citizen);
      assert.equal(api?.status, 503, api?.body);
      assert.match(api!.type, /^application\/problem\+json/);
      assert.equal((JSON.parse(api!.body) as { code: string }).code, 'DATABASE_UNAVAILABLE');
      assert.ok(Number(api!.retryAfter) > 0, 'Retry-After');
      const page = await call('probe', '/ho-so', { headers: { accept: 'text/html', 'accept-language': 'vi' }, cookie: citizen.cookie });
      assert.equal(page?.status, 503, page?.body.slice(0, 300));
      assert.match(page!.type, /^text\/html/);
      assert.match(page!.body, /cơ sở dữ liệu/);
      const before = acksNow();
      await sleep(1500); // the load goes on against the stopped database (every answer recorded)
      assert.equal(acksNow(), before, 'nothing is acknowledged while the database is stopped');
      cluster = await startEmbeddedPostgres({ dir, port: pgPort });
      // Recovery without a restart of the server.
      await until('ready again', async () => (await call('ready', '/api/ready'))?.status === 200);
      await until('writes acknowledged again', () => acksNow() >= before + 3);

      // --- (b) SIGKILL the server under load, start it again -------------------------------------------------
      server!.child.kill('SIGKILL');
      await server!.exited;
      killedAt = new Date();
      const beforeRestart = acksNow();
      const acceptsBeforeRestart = accepted.size + acceptUnknown.size;
      server = await startServe(env);
      await until('writes acknowledged after the restart', () => acksNow() >= beforeRestart + 3);
      await until('accepts done after the restart', () => accepted.size + acceptUnknown.size > acceptsBeforeRestart);
    } finally {
      stop = true;
      const results = await settled;
      for (const result of results) if (result.status === 'rejected') throw result.reason;
    }

    // --- what the clients were told against what the database holds ------------------------------------------
    assert.deepEqual(hangs, [], 'no request hung');
    // (The readiness probe answers its own 503 SERVICE_UNAVAILABLE, on purpose.)
    const unavailable = (a: Answer) => a.status === 503 && /"code":"DATABASE_UNAVAILABLE"|cơ sở dữ liệu/.test(a.body) && Number(a.retryAfter) > 0;
    const errors = answers.filter((a) => a.status >= 500 && !unavailable(a) && !(a.what === 'ready' && /"code":"SERVICE_UNAVAILABLE"/.test(a.body)));
    assert.deepEqual(errors.map((e) => `${e.what} ${e.status} ${e.body.slice(0, 200)}`), [], 'every 5xx is a 503 DATABASE_UNAVAILABLE with Retry-After');
    assert.ok(answers.some((a) => a.status === 503 && a.what !== 'probe'), 'the load met the stopped database');

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    let boss: PgBoss | null = null;
    try {
      // Every acknowledged submission, with its code.
      for (const [id, { code }] of acked) {
        const { rows } = await client.query<{ code: string; status: number }>('SELECT code, status FROM dossiers WHERE id = $1', [id]);
        assert.equal(rows[0]?.code, code, `acknowledged dossier ${code}`);
      }
      // Every acknowledged attachment, with its file's content in the storage.
      for (const [fileId, dossierId] of ackedFiles) {
        const { rows } = await client.query<{ storage_key: string }>('SELECT f.storage_key FROM dossier_files df JOIN files f ON f.id = df.file_id WHERE df.id = $1 AND df.dossier_id = $2', [fileId, dossierId]);
        assert.equal(rows.length, 1, `acknowledged file ${fileId}`);
        await access(path.join(dir, 'files', rows[0]!.storage_key));
      }
      // Nothing half-written: every submitted dossier (acknowledged or not) has its submit event, its files with
      // their content, and its outbox message.
      const submitted = await client.query<{ id: string; events: number; files: number; outbox: number }>(
        `SELECT d.id,
                (SELECT count(*)::int FROM dossier_events e WHERE e.dossier_id = d.id AND e.action = 'submit') AS events,
                (SELECT count(*)::int FROM dossier_files f WHERE f.dossier_id = d.id) AS files,
                (SELECT count(*)::int FROM outbox o WHERE o.topic = 'dossier.submitted' AND o.payload->>'dossierId' = d.id::text) AS outbox
           FROM dossiers d JOIN accounts a ON a.id = d.applicant_id
          WHERE d.code IS NOT NULL AND a.username = 'demo.congdan'`,
      );
      assert.ok(submitted.rows.length >= acked.size);
      for (const row of submitted.rows) assert.deepEqual([row.events, row.files >= 1, row.outbox], [1, true, 1], `dossier ${row.id}: submit event, files, outbox message`);
      const stored = await client.query<{ storage_key: string }>(
        `SELECT f.storage_key FROM files f JOIN dossier_files df ON df.file_id = f.id JOIN dossiers d ON d.id = df.dossier_id
          JOIN accounts a ON a.id = d.applicant_id WHERE a.username = 'demo.congdan'`,
      );
      for (const row of stored.rows) await access(path.join(dir, 'files', row.storage_key));
      // Every accept answered 200 (or lost and found done) is there, once; an accept is never applied twice.
      const acceptEvents = await client.query<{ dossier_id: string; n: number; status: number; version: number }>(
        `SELECT e.dossier_id, count(*)::int AS n, max(d.status) AS status, max(d.version) AS version
           FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id WHERE e.action = 'accept' GROUP BY e.dossier_id`,
      );
      const acceptedInDb = new Map(acceptEvents.rows.map((r) => [r.dossier_id, r]));
      for (const id of [...accepted, ...acceptUnknown]) {
        const row = acceptedInDb.get(id);
        assert.ok(row, `accepted dossier ${id} has its accept event`);
        assert.equal(row.n, 1, `accept of ${id} applied once`);
        assert.equal(row.status, 2);
      }

      // --- outbox: every message of the acknowledged writes delivered, and applied once by the receiver -----------
      // The next minutes' ticks of the dispatch jobs, sent now rather than waited for (the server's workers run
      // them): a consumer skips the outbox rows another consumer has locked at that moment (FOR UPDATE SKIP LOCKED)
      // and takes them on its next run, so there is a tick every few seconds until everything is delivered.
      boss = new PgBoss({ connectionString: url, schema: 'pgboss', supervise: false, schedule: false, migrate: false, max: 2 });
      boss.on('error', () => {});
      await boss.start();
      const nudged: string[] = [];
      let lastTick = 0;
      const tick = async () => {
        if (Date.now() - lastTick < 4000) return;
        lastTick = Date.now();
        const id = await boss!.send('outbox.dispatch', {});
        if (id) nudged.push(id);
        // webhooks.deliver goes round for ~50 s once started: another only when none is queued or running. (A job
        // left 'active' by the SIGKILLed server runs nowhere: counted, it held the nudge back until the next minute's.)
        const { rows } = await client.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pgboss.job
            WHERE name = 'webhooks.deliver' AND (state IN ('created', 'retry') OR state = 'active' AND started_on > now() - interval '55 seconds' AND started_on > $1)`,
          [killedAt],
        );
        if (rows[0]!.n === 0) await boss!.send('webhooks.deliver', {});
      };
      const ids = [...acked.keys()];
      const wanted = await client.query<{ id: string; topic: string }>(
        `SELECT o.id::text, o.topic FROM outbox o WHERE o.topic IN ('dossier.submitted', 'dossier.status') AND o.payload->>'dossierId' = ANY($1::text[])`,
        [ids],
      );
      assert.ok(wanted.rows.length >= acked.size + accepted.size, 'one outbox message per acknowledged submission and accept');
      const outboxIds = wanted.rows.map((r) => r.id);
      let progress = '';
      const deliveries = async () =>
        (await client.query<{ event_id: string; status: string; attempts: number; last_error: string | null; next_attempt_at: Date }>(
          `SELECT wd.event_id, wd.status, wd.attempts, wd.last_error, wd.next_attempt_at FROM webhook_deliveries wd WHERE wd.dossier_id = ANY($1::uuid[])`,
          [ids],
        )).rows;
      await until(
        'every outbox message delivered to the webhooks and receipts consumers, and every webhook sent',
        async () => {
          await tick();
          const consumed = await client.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM outbox_deliveries WHERE consumer IN ('webhooks', 'receipts') AND outbox_id = ANY($1::bigint[])`,
            [outboxIds],
          );
          const expected = outboxIds.length + wanted.rows.filter((r) => r.topic === 'dossier.submitted').length;
          const rows = await deliveries();
          const jobs = await client.query<{ name: string; state: string; n: number }>(`SELECT name, state, count(*)::int AS n FROM pgboss.job WHERE name IN ('outbox.dispatch', 'webhooks.deliver') GROUP BY 1, 2`);
          const byConsumer = await client.query<{ consumer: string; n: number }>(`SELECT consumer, count(*)::int AS n FROM outbox_deliveries WHERE outbox_id = ANY($1::bigint[]) GROUP BY 1`, [outboxIds]);
          progress = JSON.stringify({ consumed: consumed.rows[0]!.n, expected, byConsumer: byConsumer.rows, undelivered: rows.filter((r) => r.status !== 'delivered'), jobs: jobs.rows });
          if (consumed.rows[0]!.n < expected) return false;
          return rows.length >= outboxIds.length && rows.every((r) => r.status === 'delivered');
        },
        50_000,
        () => progress,
      );
      // The crash window of at-least-once: the receiver answered 2xx but the server died before recording it, so
      // the delivery is pending again (as a lease ending leaves it) and is sent again with the same webhook-id.
      const [again] = (await client.query<{ event_id: string }>(
        `UPDATE webhook_deliveries SET status = 'pending', round_attempts = 0, next_attempt_at = now(), delivered_at = NULL
          WHERE id = (SELECT id FROM webhook_deliveries WHERE dossier_id = ANY($1::uuid[]) AND status = 'delivered' ORDER BY seq LIMIT 1)
          RETURNING event_id`,
        [ids],
      )).rows;
      assert.ok(again);
      await until('the delivery sent again', async () => {
        await tick();
        return receiver!.received.some((r) => r.id === again.event_id && r.duplicate);
      });
      // Applied once on the receiving side: each event accepted once as new (a resend is marked duplicate, and a
      // replay refused), and nothing received that OpenDVC did not queue.
      const events = await deliveries();
      const eventIds = new Set(events.map((e) => e.event_id));
      const firsts = new Map<string, number>();
      for (const got of receiver!.received) if (!got.duplicate) firsts.set(got.id, (firsts.get(got.id) ?? 0) + 1);
      for (const id of eventIds) assert.equal(firsts.get(id), 1, `event ${id} applied exactly once by the receiver`);
      const queued = new Set((await client.query<{ event_id: string }>('SELECT event_id FROM webhook_deliveries')).rows.map((r) => r.event_id));
      for (const got of receiver!.received) assert.ok(queued.has(got.id), `received ${got.id} was queued`);
      assert.deepEqual(receiver!.refused.filter((r) => r.reason !== 'replay'), [], 'no delivery refused (signature, timestamp)');
      // One acknowledgement e-mail per submitted dossier (the receipts consumer applied each message once).
      const mails = await client.query<{ id: string; n: number }>(
        `SELECT o.id::text, (SELECT count(*)::int FROM mail_messages m
                                  WHERE m.subject IN ('Xác nhận đã nhận hồ sơ ' || d.code, 'Dossier ' || d.code || ' received')) AS n
           FROM outbox o JOIN dossiers d ON d.id::text = o.payload->>'dossierId'
          WHERE o.topic = 'dossier.submitted' AND o.payload->>'dossierId' = ANY($1::text[])`,
        [ids],
      );
      assert.equal(mails.rows.length, acked.size);
      for (const row of mails.rows) assert.equal(row.n, 1, `outbox ${row.id}: one acknowledgement e-mail`);
      t.diagnostic(
        `acknowledged: ${acked.size} submissions, ${ackedFiles.size} attachments, ${accepted.size} accepts (+${acceptUnknown.size} found done); ` +
          `${answers.filter((a) => a.status === 503).length} answers 503 of ${answers.length}; webhook events ${eventIds.size}, ` +
          `received ${receiver!.received.length} (${receiver!.received.filter((r) => r.duplicate).length} duplicates); mails ${mails.rows.map((r) => r.n).join(',')}`,
      );
      // The queue's jobs completed (the ones sent here, run by the restarted server's workers).
      await until('nudged jobs completed', async () => {
        const { rows } = await client.query<{ state: string }>('SELECT state FROM pgboss.job WHERE id = ANY($1::uuid[])', [nudged]);
        return rows.length === nudged.length && rows.every((r) => r.state === 'completed');
      });
      passed = true;
    } finally {
      await boss?.stop({ graceful: false, wait: false }).catch(() => undefined);
      await client.end();
    }
  });
});
