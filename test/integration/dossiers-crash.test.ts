// Reliability: killing the server (SIGKILL) in the middle of a burst of submissions loses nothing.
// After a restart, every dossier that was answered 201 exists with its files and its history,
// and no submitted dossier exists without them.
import assert from 'node:assert/strict';
import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { loadConfig } from '../../src/config.ts';
import { createContext } from '../../src/container.ts';
import { freePort } from '../../src/core/net.ts';
import { createDb } from '../../src/db/database.ts';
import { startEmbeddedPostgres } from '../../src/db/embedded.ts';
import { migrate } from '../../src/db/migrate.ts';
import { argon2Hasher } from '../../src/modules/identity/passwords.ts';
import { seedDemo } from '../../src/seed/demo.ts';
import { startServe } from '../helpers/cli.ts';

// Level 4 without fees: the demo's 1.001823 charges its lệ phí before submission (src/seed/fees.ts), where a submission
// waits for the payment (402) instead of being acknowledged.
const COPYRIGHT = '1.001824';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');

describe('submissions survive a crash', async () => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'opendvc-crash-'));
  const port = await freePort();
  const pgPort = await freePort();
  // DEMO=false: the demo's simulators (SMS, payments, postal, VNeID, …) are not started with each start; the demo accounts
  // and catalog are loaded below.
  const env = { DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), LOG_LEVEL: 'warn', DEMO: 'false' };
  const base = `http://127.0.0.1:${port}`;
  after(() => rm(dataDir, { recursive: true, force: true }));

  let cookie = '';
  let csrf = '';
  const api = (url: string, init: RequestInit = {}) =>
    fetch(base + url, { ...init, headers: { cookie, 'x-csrf-token': csrf, ...(init.body && !(init.body instanceof FormData) ? { 'content-type': 'application/json' } : {}), ...(init.headers as Record<string, string> | undefined) } });

  it('keeps every acknowledged dossier, with files and history, across SIGKILL and restart', async () => {
    // The server's own embedded PostgreSQL in DATA_DIR, with the demo data (agencies, accounts, catalog) loaded here
    // beforehand: the demo's first start would also load the demo's history, time that this property does not need.
    const cluster = await startEmbeddedPostgres({ dir: dataDir, port: pgPort });
    try {
      await cluster.ensureDatabase('opendvc');
      await migrate(cluster.urlFor('opendvc'));
      const db = createDb(cluster.urlFor('opendvc'), { max: 2 });
      try {
        await seedDemo(createContext(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), db, { hasher: argon2Hasher({ memoryCost: 1024, timeCost: 1 }) }));
      } finally {
        await db.destroy();
      }
    } finally {
      await cluster.stop();
    }
    let server = await startServe(env);
    assert.doesNotMatch(server.output(), /first start/);
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'demo.congdan', password: 'Demo@2026' }) });
    assert.equal(login.status, 200);
    cookie = (login.headers.get('set-cookie') ?? '').split(/,(?=\s*opendvc_)/).map((c) => c.split(';')[0]!.trim()).join('; ');
    csrf = ((await login.json()) as { csrfToken: string }).csrfToken;

    // Ready drafts: form filled, every required document attached (prepared four at a time). Sixteen: the six
    // acknowledged before the kill, the four in flight, and more that are never sent.
    const drafts: string[] = [];
    const prepare = async (i: number) => {
      const created = await api('/api/dossiers', { method: 'POST', body: JSON.stringify({ procedureCode: COPYRIGHT }) });
      assert.equal(created.status, 201, await created.clone().text());
      const draft = (await created.json()) as { id: string; form: { data: Record<string, unknown> }; documents: Array<{ documentId: string; required: boolean }> };
      const form = await api(`/api/dossiers/${draft.id}/form`, { method: 'PUT', body: JSON.stringify({ ...draft.form.data, requestContent: `Đăng ký tác phẩm số ${i}` }) });
      assert.equal(form.status, 200, await form.clone().text());
      for (const doc of draft.documents.filter((d) => d.required)) {
        const body = new FormData();
        body.append('documentId', doc.documentId);
        body.append('file', new Blob([PDF], { type: 'application/pdf' }), `tai-lieu-${i}.pdf`);
        const upload = await api(`/api/dossiers/${draft.id}/files`, { method: 'POST', body });
        assert.equal(upload.status, 201, await upload.clone().text());
      }
      drafts.push(draft.id);
    };
    const numbers = Array.from({ length: 16 }, (_, i) => i);
    await Promise.all(Array.from({ length: 4 }, async () => {
      while (numbers.length) await prepare(numbers.shift()!);
    }));
    assert.equal(drafts.length, 16);

    // The burst: submissions four at a time; the server is killed once a few have been acknowledged.
    const acknowledged = new Map<string, string>();
    let killed = false;
    const submitOne = async (id: string) => {
      try {
        const response = await api(`/api/dossiers/${id}/submit`, { method: 'POST', headers: { 'idempotency-key': `crash-${id}` } });
        if (response.status === 201) {
          acknowledged.set(id, ((await response.json()) as { code: string }).code);
          if (!killed && acknowledged.size >= 6) {
            killed = true;
            server.child.kill('SIGKILL');
          }
        }
      } catch {
        /* connection cut by the crash: not acknowledged */
      }
    };
    const queue = [...drafts];
    await Promise.all(Array.from({ length: 4 }, async () => {
      while (queue.length) await submitOne(queue.shift()!);
    }));
    assert.ok(killed, 'the server was killed during the burst');
    await server.exited;
    assert.ok(acknowledged.size >= 6);

    server = await startServe(env);
    try {
      const password = (await readFile(path.join(dataDir, 'pg-password'), 'utf8')).trim();
      const client = new pg.Client({ connectionString: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${pgPort}/opendvc` });
      await client.connect();
      try {
        for (const [id, code] of acknowledged) {
          const { rows } = await client.query('SELECT code, status FROM dossiers WHERE id = $1', [id]);
          assert.equal(rows[0]?.code, code, `acknowledged dossier ${code} exists`);
          assert.equal(rows[0]?.status, 1);
        }
        // Every submitted dossier (acknowledged or not) has its history and its files, on disk too.
        // (demo.congdan's: the ones this test submitted.)
        const submitted = await client.query<{ id: string; events: number; files: number }>(
          `SELECT d.id, (SELECT count(*)::int FROM dossier_events e WHERE e.dossier_id = d.id) AS events,
                  (SELECT count(*)::int FROM dossier_files f WHERE f.dossier_id = d.id) AS files
             FROM dossiers d JOIN accounts a ON a.id = d.applicant_id
            WHERE d.code IS NOT NULL AND a.username = 'demo.congdan'`,
        );
        assert.ok(submitted.rows.length >= acknowledged.size);
        for (const row of submitted.rows) {
          assert.ok(row.events >= 1, `history of ${row.id}`);
          assert.ok(row.files >= 1, `files of ${row.id}`);
        }
        const stored = await client.query<{ storage_key: string }>(
          'SELECT f.storage_key FROM files f JOIN dossier_files df ON df.file_id = f.id JOIN dossiers d ON d.id = df.dossier_id WHERE d.code IS NOT NULL',
        );
        for (const row of stored.rows) await access(path.join(dataDir, 'files', row.storage_key));
        // Codes stay unique and gap-free for the day: each day's counter of the agencies these dossiers went to
        // equals the number of dossiers coded that day there.
        const seqs = await client.query<{ last: number; coded: number }>(
          `SELECT s.last,
                  (SELECT count(*)::int FROM dossiers d WHERE d.agency_id = s.agency_id AND d.code IS NOT NULL
                      AND (d.submitted_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date = s.day) AS coded
             FROM dossier_sequences s
            WHERE (s.agency_id, s.day) IN (SELECT d.agency_id, (d.submitted_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
                                             FROM dossiers d JOIN accounts a ON a.id = d.applicant_id
                                            WHERE d.code IS NOT NULL AND a.username = 'demo.congdan')`,
        );
        assert.ok(seqs.rows.length >= 1);
        for (const row of seqs.rows) assert.equal(row.coded, row.last);
      } finally {
        await client.end();
      }
      // The API still answers for an acknowledged dossier after the restart.
      const [firstId] = acknowledged.keys();
      const again = await api(`/api/dossiers/${firstId}`);
      assert.equal(again.status, 200);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });
});
