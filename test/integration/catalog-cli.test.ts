// `opendvc catalog import|export` and `opendvc seed --procedures N`, run as real processes against the test database.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createTestContext } from '../helpers/db.ts';
import { opendvc } from '../helpers/cli.ts';

describe('opendvc catalog (CLI)', async () => {
  const ctx = await createTestContext({ demo: true });
  const env = { DATABASE_URL: ctx.url };
  const dir = await mkdtemp(path.join(tmpdir(), 'opendvc-catalog-cli-'));
  after(() => rm(dir, { recursive: true, force: true }));
  const versions = async () => (await ctx.db.selectFrom('procedure_versions').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;

  it('has help text', async () => {
    const [help, exportHelp] = await Promise.all([opendvc(['catalog', '--help'], env), opendvc(['catalog', 'export', '--help'], env)]);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /import \[options\] <file>/);
    assert.match(help.stdout, /export \[options\]/);
    assert.match(exportHelp.stdout, /--format <format>.*\(choices: "json", "xlsx"/s);
  });

  it('exports JSON and Excel, and re-importing them changes nothing', async () => {
    const json = path.join(dir, 'catalog.json');
    const xlsx = path.join(dir, 'catalog.xlsx');
    // The two exports only read: run at once.
    const [outJson, outXlsx] = await Promise.all([opendvc(['catalog', 'export', '--out', json], env), opendvc(['catalog', 'export', '--format', 'xlsx', '--out', xlsx], env)]);
    assert.equal(outJson.code, 0, outJson.stderr);
    const data = JSON.parse(await readFile(json, 'utf8'));
    assert.equal(data.format, 'opendvc-catalog');
    assert.ok(data.procedures.length >= 78);
    assert.equal(outXlsx.code, 0, outXlsx.stderr);
    const before = await versions();
    for (const file of [json, xlsx]) {
      const run = await opendvc(['catalog', 'import', file], env);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /0 new procedure\(s\), 0 new version\(s\), \d+ unchanged/);
    }
    assert.equal(await versions(), before);
    const audit = await ctx.db.selectFrom('audit_log').select(['actor_id', 'summary']).where('action', '=', 'catalog.import.summary').orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.equal(audit.actor_id, null);
    assert.equal((audit.summary as { source: string }).source, 'cli');
  });

  it('reports every error of an invalid file and writes nothing', async () => {
    const bad = path.join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ format: 'opendvc-catalog', version: 1, fields: [], procedures: [{ code: '1.000001', agencyCode: 'KHONG.CO' }] }));
    const before = await versions();
    const run = await opendvc(['catalog', 'import', bad], env);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /Tệp nhập có \d+ lỗi/);
    assert.match(run.stderr, /\/procedures\/0\/agencyCode: Không có cơ quan/);
    assert.equal(await versions(), before);
  });

  it('imports generated procedures for benchmarks', async () => {
    const run = await opendvc(['seed', '--procedures', '25'], env);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /generated procedures: 25 new/);
    const again = await opendvc(['seed', '--procedures', '25'], env);
    assert.match(again.stderr, /0 new, 0 new version\(s\), 25 unchanged/);
  });
});
