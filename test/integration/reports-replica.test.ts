// Reports read from a replica (DATABASE_REPLICA_URL): pointed at the test database itself (a second pool on a server
// that is not in recovery: lag 0, "up to date"), the reports, the dashboard and the scorecard read on that pool and
// say so; pointed at a closed port, they read the primary and say that instead (never a 500); without the setting,
// nothing is said. A real hot standby is test/cluster/'s.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { createContext, type AppContext } from '../../src/container.ts';
import { createDb, type Db } from '../../src/db/database.ts';
import { ReplicaReadDb } from '../../src/db/replica.ts';
import { REPLICA_RETRY_AFTER_MS } from '../../src/db/replica.rules.ts';
import { freePort } from '../../src/core/net.ts';
import { buildApp, type App } from '../../src/http/app.ts';
import { modules } from '../../src/modules/index.ts';
import { argon2Hasher } from '../../src/modules/identity/passwords.ts';
import { createTestDatabase, testConfig } from '../helpers/db.ts';
import { login } from '../helpers/app.ts';
import { insertDossiers, makeApplicant, makeField, makeProcedure, vn } from '../helpers/reports-fixtures.ts';

const BUREAU = '000.00.12.G14';
const REPLICA_APP_NAME = 'opendvc_replica_test';

const { url, db } = await createTestDatabase({ demo: true });

async function appWith(replicaUrl: string | null): Promise<{ app: App; ctx: AppContext; fallbacks: unknown[] }> {
  const fallbacks: unknown[] = [];
  const config = testConfig({ DEMO: 'true', ...(replicaUrl ? { DATABASE_REPLICA_URL: replicaUrl } : {}) });
  const ctx = createContext(config, db, { hasher: argon2Hasher({ memoryCost: 1024, timeCost: 1 }), onReplicaFallback: (error) => fallbacks.push(error) });
  const app = await buildApp(ctx, modules, { logger: false });
  after(async () => {
    await app.close();
    await ctx.reportsDb.close();
  });
  return { app, ctx, fallbacks };
}

// The same database under another application_name: its connections are the replica pool's.
const replicaUrl = `${url}${url.includes('?') ? '&' : '?'}application_name=${REPLICA_APP_NAME}`;
const closedPort = await freePort();
const onReplica = await appWith(replicaUrl);
const unreachable = await appWith(`postgres://opendvc@127.0.0.1:${closedPort}/opendvc`);
const plain = await appWith(null);

const bureau = (await onReplica.ctx.services.agencies.byCode(BUREAU))!;
const field = await makeField(onReplica.ctx, 'Bản quyền');
const { version } = await makeProcedure(onReplica.ctx, { agencyId: bureau.id, fieldId: field.id, name: 'Đăng ký quyền tác giả' });
const applicant = await makeApplicant(onReplica.ctx);
const base = { agencyId: bureau.id, versionId: version.id };
await insertDossiers(onReplica.ctx, applicant.id, [
  { ...base, status: 10, channel: 2, receivedAt: vn('2025-03-03T09:00:00'), dueAt: vn('2025-03-20T17:00:00'), finishedAt: vn('2025-03-10T10:00:00'), timeliness: 'early', electronicResult: true },
  { ...base, status: 9, channel: 1, receivedAt: vn('2025-03-04T09:00:00'), dueAt: vn('2025-03-20T17:00:00'), finishedAt: vn('2025-03-24T10:00:00'), timeliness: 'late' },
  { ...base, status: 4, channel: 3, receivedAt: vn('2025-03-05T09:00:00'), dueAt: vn('2025-03-25T17:00:00'), currentStep: 2 },
]);
const query = `agency=${BUREAU}&from=2025-03-01&to=2025-03-31`;
const pageQuery = `agency=${BUREAU}&preset=custom&from=01/03/2025&to=31/03/2025`;

async function replicaConnections(): Promise<number> {
  const row = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = ${REPLICA_APP_NAME}`.execute(db)).rows[0]!;
  return row.n;
}

describe('reports on a replica', async () => {
  const leader = { replica: await login(onReplica.app, 'demo.lanhdao'), unreachable: await login(unreachable.app, 'demo.lanhdao'), plain: await login(plain.app, 'demo.lanhdao') };
  const get = (which: 'replica' | 'unreachable' | 'plain', path: string, headers: Record<string, string> = {}) => {
    const { app } = which === 'replica' ? onReplica : which === 'unreachable' ? unreachable : plain;
    return app.inject({ method: 'GET', url: path, headers: { cookie: leader[which].cookie, ...headers } });
  };

  it('reads the report on the replica pool and gives its lag: 0 on a server not in recovery', async () => {
    assert.equal(await replicaConnections(), 0, 'no replica connection before a report is read');
    const response = await get('replica', `/api/reports/handling?${query}`);
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    assert.equal(body.totals.received, 3);
    assert.equal(body.dataSource.from, 'replica');
    assert.equal(body.dataSource.replicaLagSeconds, 0);
    assert.ok(!Number.isNaN(Date.parse(body.dataSource.asOf)));
    assert.ok((await replicaConnections()) >= 1, 'the report was read through the replica pool');
    for (const path of [`/api/indicators?${query}`, `/api/reports/handling/dossiers?${query}&cell=received`]) {
      const other = await get('replica', path);
      assert.equal(other.statusCode, 200, path);
      assert.deepEqual({ from: other.json().dataSource.from, lag: other.json().dataSource.replicaLagSeconds }, { from: 'replica', lag: 0 }, path);
    }
    assert.equal(onReplica.fallbacks.length, 0);
  });

  it('shows the line on the report pages, in Vietnamese and English', async () => {
    const vi = await get('replica', `/bao-cao/xu-ly?${pageQuery}`, { accept: 'text/html' });
    assert.equal(vi.statusCode, 200);
    assert.match(vi.body, /Số liệu từ bản sao, trễ 0 giây \(đã cập nhật đến \d{2}:\d{2}:\d{2} \d{2}\/\d{2}\/\d{4}\)\./);
    const en = await get('replica', `/bao-cao/xu-ly?${pageQuery}&lang=en`, { accept: 'text/html' });
    assert.match(en.body, /Figures from the replica, 0 seconds behind \(up to date as of \d{2}:\d{2}:\d{2} \d{2}\/\d{2}\/\d{4}\)\./);
    for (const path of ['/bao-cao/tong-quan', `/bao-cao/xu-ly/ho-so?${query}&cell=received`]) {
      const page = await get('replica', path, { accept: 'text/html' });
      assert.equal(page.statusCode, 200, path);
      assert.match(page.body, /Số liệu từ bản sao, trễ 0 giây/, path);
    }
    const xlsx = await get('replica', `/bao-cao/xu-ly.xlsx?${query}`);
    assert.equal(xlsx.statusCode, 200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const texts: string[] = [];
    workbook.worksheets[0]!.eachRow((row) => row.eachCell((cell) => texts.push(String(cell.value))));
    assert.ok(texts.some((v) => /^Số liệu từ bản sao, trễ 0 giây/.test(v)), 'the workbook says where its figures come from');
    const pdf = await get('replica', `/bao-cao/xu-ly.pdf?${query}`);
    assert.equal(pdf.statusCode, 200);
  });

  it('falls back to the primary when the replica cannot be reached, and says so', async () => {
    const response = await get('unreachable', `/api/reports/handling?${query}`);
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json().totals.received, 3, 'the same figures, from the primary');
    assert.deepEqual(response.json().dataSource, { from: 'primary_fallback', replicaLagSeconds: null, asOf: null });
    const page = await get('unreachable', `/bao-cao/xu-ly?${pageQuery}`, { accept: 'text/html' });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Không kết nối được bản sao: số liệu đọc từ cơ sở dữ liệu chính/);
    const dashboard = await get('unreachable', '/bao-cao/tong-quan?lang=en', { accept: 'text/html' });
    assert.equal(dashboard.statusCode, 200);
    assert.match(dashboard.body, /The replica could not be reached: figures read from the primary database/);
    const scorecard = await unreachable.app.inject({ method: 'GET', url: `/api/scorecards/766?agency=${BUREAU}` });
    assert.equal(scorecard.statusCode, 200, scorecard.body);
    assert.ok(unreachable.fallbacks.length >= 1, 'the fallback was reported');
    assert.equal((unreachable.fallbacks[0] as { code?: string }).code, 'ECONNREFUSED');
  });

  it('says nothing without a replica configured, with the same figures', async () => {
    const response = await get('plain', `/api/reports/handling?${query}`);
    assert.equal(response.statusCode, 200);
    assert.equal(response.json().totals.received, 3);
    assert.equal('dataSource' in response.json(), false);
    const page = await get('plain', `/bao-cao/xu-ly?${pageQuery}`, { accept: 'text/html' });
    assert.doesNotMatch(page.body, /bản sao/);
  });

  it("reads the scorecard's live counts on the replica too, with the same result as on the primary", async () => {
    const month = '2025-03';
    const [onReplicaCard, plainCard] = await Promise.all([
      onReplica.app.inject({ method: 'GET', url: `/api/scorecards/766?agency=${BUREAU}` }),
      plain.app.inject({ method: 'GET', url: `/api/scorecards/766?agency=${BUREAU}` }),
    ]);
    assert.equal(onReplicaCard.statusCode, 200);
    assert.deepEqual(onReplicaCard.json(), plainCard.json());
    const now = new Date();
    const counts = await onReplica.ctx.services.scorecards.rolledCounts(vn(`${month}-01T00:00:00`), vn('2025-04-01T00:00:00'), now);
    const exact = await plain.ctx.services.scorecards.rolledCounts(vn(`${month}-01T00:00:00`), vn('2025-04-01T00:00:00'), now);
    assert.deepEqual(counts.counts.get(bureau.id), exact.counts.get(bureau.id));
    assert.ok((counts.counts.get(bureau.id)?.received ?? 0) >= 3, 'the three dossiers of March are counted');
  });
});

describe('ReplicaReadDb', () => {
  it('falls back on a connection error, leaves the replica alone for the retry delay, then reads it again; query errors are thrown', async () => {
    let now = 1_000_000;
    const fallbacks: unknown[] = [];
    const reads = new ReplicaReadDb(db, () => createDb(replicaUrl, { max: 1 }), { clock: () => now, onFallback: (error) => fallbacks.push(error) });
    after(() => reads.close());
    let replicaCalls = 0;
    let refuse = true;
    const count = async (target: Db) => {
      if (target !== db) {
        replicaCalls++;
        if (refuse) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
      }
      return (await sql<{ n: number }>`SELECT count(*)::int AS n FROM dossiers`.execute(target)).rows[0]!.n;
    };
    const first = await reads.read(count);
    assert.equal(first.source.kind, 'fallback');
    assert.ok(first.value >= 3);
    assert.deepEqual([replicaCalls, fallbacks.length], [1, 1]);
    now += REPLICA_RETRY_AFTER_MS - 1;
    const meanwhile = await reads.read(count);
    assert.equal(meanwhile.source.kind, 'fallback');
    assert.deepEqual([replicaCalls, fallbacks.length], [1, 1], 'the replica is not tried within the delay');
    refuse = false;
    now += 1;
    const again = await reads.read(count);
    assert.deepEqual({ kind: again.source.kind, lag: again.source.lagSeconds, value: again.value }, { kind: 'replica', lag: 0, value: first.value });
    assert.equal(replicaCalls, 2);
    await assert.rejects(reads.read((target) => sql`SELEC 1`.execute(target)), (error: { code?: string }) => error.code === '42601');
    assert.equal(fallbacks.length, 1, 'a query error is not a fallback');
  });
});
