// `opendvc backup` / `opendvc restore`: the demo database with stored files, backed up and restored into a new
// installation, compares equal table by table, sequence by sequence and file by file; a damaged or foreign backup,
// or a target that already holds data, restores nothing.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile, cp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { sql } from 'kysely';
import { DomainError } from '../../src/core/errors.ts';
import type { Db } from '../../src/db/database.ts';
import { BackupService } from '../../src/modules/backup/backup.service.ts';
import { createFileStorage, LocalFileStorage } from '../../src/modules/files/files.service.ts';
import { startS3Simulator } from '../../src/simulators/s3.ts';
import { opendvc } from '../helpers/cli.ts';
import { createTestContext, createTestDatabase, testConfig } from '../helpers/db.ts';

/** A fingerprint of every table and sequence of the `public` schema. */
async function fingerprint(db: Db): Promise<Record<string, string>> {
  const tables = await sql<{ name: string }>`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations' ORDER BY 1`.execute(db);
  const result: Record<string, string> = {};
  for (const { name } of tables.rows) {
    const row = await sql<{ n: string; h: string | null }>`SELECT count(*)::text AS n, md5(string_agg(t::text, E'\n' ORDER BY t::text)) AS h FROM ${sql.table(name)} t`.execute(db);
    result[name] = `${row.rows[0]!.n}:${row.rows[0]!.h ?? ''}`;
  }
  const sequences = await sql<{ name: string }>`SELECT sequencename AS name FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1`.execute(db);
  for (const { name } of sequences.rows) {
    const row = await sql<{ v: string }>`SELECT last_value::text || '/' || is_called::text AS v FROM ${sql.table(name)}`.execute(db);
    result[`sequence ${name}`] = row.rows[0]!.v;
  }
  return result;
}

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof DomainError, String(error));
    assert.equal(error.code, code, error.message);
    return error;
  }
  assert.fail(`expected ${code}`);
}

describe('backup and restore', async () => {
  const ctx = await createTestContext({ demo: true });
  const work = await mkdtemp(path.join(os.tmpdir(), 'opendvc-backup-'));
  after(() => rm(work, { recursive: true, force: true }));
  // The demo's own files (templates, forms) and two more.
  const sourceFiles = ctx.services.files;
  // Stored files: one with Vietnamese text, one whose content will be gone before the backup.
  const kept = await ctx.db.transaction().execute((tx) => sourceFiles.put(tx, Buffer.from('%PDF-1.4 giấy phép\n'), { name: 'Giấy\tphép.pdf', mediaType: 'application/pdf', createdBy: null }));
  const gone = await ctx.db.transaction().execute((tx) => sourceFiles.put(tx, Buffer.from('tạm'), { name: 'tam.txt', mediaType: 'text/plain', createdBy: null }));
  await sourceFiles.removeContent([gone.storage_key]);
  const backupDir = path.join(work, 'backup');
  const service = new BackupService(ctx.url, sourceFiles);

  it('backs up every table, sequence and file of one snapshot, and restores it into a new installation equal to the source', async () => {
    const manifest = await service.backup(backupDir);
    const fileRows = manifest.tables.find((t) => t.name === 'files')!.rows;
    assert.ok(manifest.tables.some((t) => t.name === 'procedure_versions' && t.rows > 0));
    assert.ok(!manifest.tables.some((t) => t.name === 'schema_migrations'));
    assert.ok(fileRows > 2);
    assert.equal(manifest.files.count, fileRows - 1);
    assert.deepEqual(manifest.files.missing, [gone.storage_key]);

    const target = await createTestDatabase();
    const targetFiles = new LocalFileStorage(target.db, path.join(work, 'files-b'));
    after(() => targetFiles.close());
    const result = await new BackupService(target.url, targetFiles).restore(backupDir);
    assert.equal(result.files, fileRows - 1);
    assert.deepEqual(await fingerprint(target.db), await fingerprint(ctx.db));
    const opened = await targetFiles.open(kept.id);
    assert.ok(opened);
    const chunks: Buffer[] = [];
    for await (const chunk of opened.stream) chunks.push(chunk as Buffer);
    assert.equal(Buffer.concat(chunks).toString('utf8'), '%PDF-1.4 giấy phép\n');
    assert.equal(opened.file.original_name, kept.original_name);

    // Once restored, the installation holds data: a second restore into it is refused.
    await rejectsWith(new BackupService(target.url, targetFiles).restore(backupDir), 'BACKUP_TARGET_NOT_EMPTY');
  });

  it('refuses a damaged backup, a backup of another version and a non-empty folder, restoring nothing', async () => {
    await rejectsWith(service.backup(backupDir), 'BACKUP_FOLDER_NOT_EMPTY');
    const target = await createTestDatabase();
    const targetFiles = new LocalFileStorage(target.db, path.join(work, 'files-c'));
    after(() => targetFiles.close());
    const before = await fingerprint(target.db);
    const restore = (dir: string) => new BackupService(target.url, targetFiles).restore(dir);

    await rejectsWith(restore(path.join(work, 'nowhere')), 'BACKUP_MANIFEST_INVALID');

    const foreign = path.join(work, 'foreign');
    await cp(backupDir, foreign, { recursive: true });
    const manifest = JSON.parse(await readFile(path.join(foreign, 'manifest.json'), 'utf8'));
    manifest.migrations.push('9999_from_the_future.sql');
    await writeFile(path.join(foreign, 'manifest.json'), JSON.stringify(manifest));
    const mismatch = await rejectsWith(restore(foreign), 'BACKUP_VERSION_MISMATCH');
    assert.match(String(mismatch.params?.newer), /9999_from_the_future\.sql/);

    manifest.tables[0].name = 'x; DROP TABLE accounts';
    await writeFile(path.join(foreign, 'manifest.json'), JSON.stringify(manifest));
    await rejectsWith(restore(foreign), 'BACKUP_MANIFEST_INVALID');

    const damaged = path.join(work, 'damaged');
    await cp(backupDir, damaged, { recursive: true });
    const original = JSON.parse(await readFile(path.join(damaged, 'manifest.json'), 'utf8'));
    const dossiers = original.tables.find((t: { name: string }) => t.name === 'dossiers');
    const bytes = await readFile(path.join(damaged, dossiers.file));
    bytes[bytes.length - 12] = bytes[bytes.length - 12]! ^ 0xff;
    await writeFile(path.join(damaged, dossiers.file), bytes);
    await rejectsWith(restore(damaged), 'BACKUP_FILE_DAMAGED');

    assert.deepEqual(await fingerprint(target.db), before, 'nothing was restored');
  });

  it('restores the files into an S3 object store, and backs them up from there', async () => {
    const sim = await startS3Simulator({ buckets: ['opendvc-backup'], accessKeyId: 'backup-key' });
    after(() => sim.close());
    const target = await createTestDatabase();
    const s3Config = testConfig({ FILES_DIR: path.join(work, 'files-s3'), S3_ENDPOINT: sim.url, S3_BUCKET: 'opendvc-backup', S3_REGION: 'ap-southeast-1', S3_ACCESS_KEY_ID: 'backup-key', S3_SECRET_ACCESS_KEY: 'backup-secret' });
    const s3Files = createFileStorage(s3Config, target.db);
    after(() => s3Files.close());
    assert.equal(s3Files.backend, 's3');
    const restored = await new BackupService(target.url, s3Files).restore(backupDir);
    const opened = await s3Files.open(kept.id);
    assert.ok(opened, 'the content is in the bucket');
    const chunks: Buffer[] = [];
    for await (const chunk of opened.stream) chunks.push(chunk as Buffer);
    assert.equal(Buffer.concat(chunks).toString('utf8'), '%PDF-1.4 giấy phép\n');
    const again = await new BackupService(target.url, s3Files).backup(path.join(work, 'from-s3'));
    assert.equal(again.files.count, restored.files);
    assert.deepEqual(again.files.missing, [gone.storage_key]);
  });

  it('runs as `opendvc backup` and `opendvc restore` on the configured database and files', async () => {
    const dir = path.join(work, 'cli-backup');
    const run = await opendvc(['backup', dir], { DATABASE_URL: ctx.url });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /backup written to .*: \d+ tables, \d+ files/);
    const target = await createTestDatabase();
    const restored = await opendvc(['restore', dir], { DATABASE_URL: target.url, FILES_DIR: path.join(work, 'files-d') });
    assert.equal(restored.code, 0, restored.stderr);
    assert.deepEqual(await fingerprint(target.db), await fingerprint(ctx.db));
    const again = await opendvc(['restore', dir], { DATABASE_URL: target.url, FILES_DIR: path.join(work, 'files-d') });
    assert.equal(again.code, 1);
    assert.match(again.stderr, /đã có dữ liệu/);
  });
});
