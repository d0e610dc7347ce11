// `opendvc import dossiers` and `opendvc seed --dossiers N`, run as real processes against the test database.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createTestContext } from '../helpers/db.ts';
import { opendvc } from '../helpers/cli.ts';
import { COLUMN_KEYS } from '../../src/modules/imports/imports.rules.ts';

const line = (code: string, received = '03/06/2024 08:30') =>
  [code, '1.001823', '000.00.12.G14', '1', 'organisation', received, '20/06/2024', '25/06/2024', '26/06/2024', '10', '300000', '0', '0', '1', '', ''].join(',');

describe('opendvc import dossiers / seed --dossiers (CLI)', async () => {
  const ctx = await createTestContext({ demo: true });
  const env = { DATABASE_URL: ctx.url };
  const dir = await mkdtemp(path.join(tmpdir(), 'opendvc-imports-cli-'));
  after(() => rm(dir, { recursive: true, force: true }));

  it('imports a file, writes the bad rows next to it, and imports nothing twice', async () => {
    const file = path.join(dir, 'legacy.csv');
    await writeFile(file, [COLUMN_KEYS.join(';'), ...[line('CLI-0001'), line('CLI-0002'), line('CLI-0003', '2024-13-01')].map((l) => l.replace(/,/g, ';'))].join('\n'));
    const run = await opendvc(['import', 'dossiers', file], env);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /3 row\(s\), 2 new dossier\(s\), 0 already imported, 1 bad row\(s\)/);
    const bad = await readFile(path.join(dir, 'legacy.loi.csv'), 'utf8');
    assert.match(bad, /\r\n4,"ngay_tiep_nhan: ngày không hợp lệ/);
    const late = await ctx.db.selectFrom('dossiers').select(['timeliness', 'applicant_kind']).where('code', '=', 'CLI-0001').executeTakeFirstOrThrow();
    assert.deepEqual(late, { timeliness: 'late', applicant_kind: 'organisation' });
    const again = await opendvc(['import', 'dossiers', file], env);
    assert.match(again.stdout, /0 new dossier\(s\), 2 already imported/);
    // Not a terminal: no progress bar drawn on stderr.
    assert.doesNotMatch(again.stderr, /\[#/);
  });

  it('fails with a clear message and exit code 1 for a file with wrong columns', async () => {
    const file = path.join(dir, 'wrong.csv');
    await writeFile(file, `ma_ho_so,ma_thu_tuc\nX-1,1.001823\n`);
    const run = await opendvc(['import', 'dossiers', file], env);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /Dòng tiêu đề không đúng định dạng\. Thiếu cột: ma_co_quan, kenh/);
    assert.equal(await ctx.db.selectFrom('dossiers').select('id').where('code', '=', 'X-1').executeTakeFirst(), undefined);
  });

  it('generates a realistic year of dossiers', async () => {
    const run = await opendvc(['seed', '--dossiers', '3000'], env);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /generated dossiers: 3000/);
    const stats = await sql<{ total: number; online: number; resolved: number; late: number; early_or_on_time: number; in_progress: number; overdue: number; bad: number }>`
      SELECT count(*)::int AS total,
             count(*) FILTER (WHERE channel = 2)::int AS online,
             count(*) FILTER (WHERE status IN (9, 10))::int AS resolved,
             count(*) FILTER (WHERE timeliness = 'late')::int AS late,
             count(*) FILTER (WHERE timeliness IN ('early', 'on_time'))::int AS early_or_on_time,
             count(*) FILTER (WHERE status IN (2, 4, 5, 6))::int AS in_progress,
             count(*) FILTER (WHERE status IN (2, 4, 5, 6) AND due_at < now())::int AS overdue,
             count(*) FILTER (WHERE received_at > now() OR finished_at > now() OR finished_at < submitted_at)::int AS bad
      FROM dossiers WHERE source IN ('portal', 'counter') AND code LIKE '%-%-%' AND submitted_at > now() - interval '366 days'`.execute(ctx.db);
    const s = stats.rows[0]!;
    assert.equal(s.total, 3000);
    assert.ok(s.online / s.total > 0.18 && s.online / s.total < 0.32, `online share ${s.online / s.total}`);
    assert.equal(s.resolved, s.late + s.early_or_on_time);
    assert.ok(s.late > 0 && s.late / s.resolved < 0.12, `late share ${s.late / s.resolved}`);
    assert.ok(s.in_progress > 0 && s.overdue > 0);
    assert.equal(s.bad, 0);
    const owner = await ctx.db.selectFrom('dossiers').innerJoin('accounts', 'accounts.id', 'dossiers.applicant_id').select(['accounts.username', 'accounts.status']).where('dossiers.source', 'in', ['portal', 'counter']).groupBy(['accounts.username', 'accounts.status']).execute();
    assert.deepEqual(owner, [{ username: 'he-thong.du-lieu-mau', status: 'disabled' }]);
  });
});
