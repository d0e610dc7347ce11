// `opendvc backup <folder>` and `opendvc restore <folder>`: the database and the stored files, consistent with each
// other. The backup reads one REPEATABLE READ snapshot: every table through COPY (gzip), then the content of every
// file row of that same snapshot from the file storage (local disk or S3), each checked against its SHA-256; the
// manifest is written last, so an interrupted backup is never taken for a whole one. The restore checks the whole
// folder first (manifest, checksums, the target empty and migrated to the same version), stores the file content
// (harmless if what follows fails: unreferenced content is swept), then loads every table and sets the sequences in
// one transaction: it commits whole or changes nothing. Point-in-time recovery (WAL archiving) is in
// docs/operations.md.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { DomainError } from '../../core/errors.ts';
import type { FileStorage } from '../files/files.service.ts';
import { BackupRepository } from './backup.repository.ts';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, checkRestoreTarget, parseManifest, tableFile, type BackupManifest, type BackupTable } from './backup.rules.ts';
import './backup.errors.ts';

const MANIFEST = 'manifest.json';

/** A pass-through stream that hashes what goes through it. */
function hashing(hash: ReturnType<typeof createHash>): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
}

async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hashing(hash), async function* (source) {
    for await (const _ of source) {
      // drained
    }
  });
  return hash.digest('hex');
}

export interface RestoreResult {
  tables: number;
  rows: number;
  files: number;
}

export class BackupService {
  constructor(
    private readonly databaseUrl: string,
    private readonly storage: FileStorage,
    private readonly log: (message: string) => void = () => {},
  ) {}

  /** Writes a backup into `dir` (created; it must not exist or be empty). Returns its manifest. */
  async backup(dir: string): Promise<BackupManifest> {
    const existing = await readdir(dir).catch(() => null);
    if (existing && existing.length) throw new DomainError('BACKUP_FOLDER_NOT_EMPTY', { dir });
    await mkdir(path.join(dir, 'db'), { recursive: true });
    const repo = await BackupRepository.connect(this.databaseUrl);
    try {
      await repo.beginSnapshot();
      const migrations = await repo.migrations();
      const postgres = await repo.serverVersion();
      const tables: BackupTable[] = [];
      for (const [i, name] of (await repo.tables()).entries()) {
        const file = tableFile(i, name);
        const hash = createHash('sha256');
        const source = repo.copyOut(name);
        await pipeline(source, createGzip(), hashing(hash), createWriteStream(path.join(dir, file)));
        tables.push({ name, file, rows: source.rowCount, sha256: hash.digest('hex') });
      }
      const sequences = await repo.sequences();
      const files = { count: 0, bytes: 0, missing: [] as string[] };
      for (const row of await repo.fileRows()) {
        const content = await this.storage.readContent(row.storage_key);
        if (!content) {
          files.missing.push(row.storage_key);
          continue;
        }
        const target = path.join(dir, 'files', row.storage_key);
        await mkdir(path.dirname(target), { recursive: true });
        const hash = createHash('sha256');
        await pipeline(content, hashing(hash), createWriteStream(target));
        if (hash.digest('hex') !== row.sha256) throw new DomainError('BACKUP_FILE_CONTENT_DAMAGED', { key: row.storage_key });
        files.count += 1;
        files.bytes += Number(row.size_bytes);
      }
      await repo.commit();
      const manifest: BackupManifest = {
        format: BACKUP_FORMAT,
        formatVersion: BACKUP_FORMAT_VERSION,
        createdAt: new Date().toISOString(),
        postgres,
        migrations,
        tables,
        sequences,
        files,
      };
      // Written last and renamed into place: a folder without manifest.json is not a backup.
      await writeFile(path.join(dir, `${MANIFEST}.part`), `${JSON.stringify(manifest, null, 2)}\n`);
      await rename(path.join(dir, `${MANIFEST}.part`), path.join(dir, MANIFEST));
      this.log(`backup ${dir}: ${tables.length} tables, ${tables.reduce((n, t) => n + t.rows, 0)} rows, ${files.count} files (${files.bytes} bytes)${files.missing.length ? `, ${files.missing.length} file(s) already deleted` : ''}`);
      return manifest;
    } catch (error) {
      await repo.rollback();
      throw error;
    } finally {
      await repo.close();
    }
  }

  /** The checked manifest of a backup folder, every table file verified against its checksum. */
  async verify(dir: string): Promise<BackupManifest> {
    const text = await readFile(path.join(dir, MANIFEST), 'utf8').catch(() => null);
    if (text === null) throw new DomainError('BACKUP_MANIFEST_INVALID', { reason: `${MANIFEST} is missing (not a backup folder, or an interrupted backup)` });
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new DomainError('BACKUP_MANIFEST_INVALID', { reason: 'not JSON' });
    }
    const manifest = parseManifest(json);
    for (const table of manifest.tables) {
      const actual = await sha256OfFile(path.join(dir, table.file)).catch(() => null);
      if (actual !== table.sha256) throw new DomainError('BACKUP_FILE_DAMAGED', { file: table.file });
    }
    return manifest;
  }

  /** Restores `dir` into the (migrated, empty) database and the file storage. */
  async restore(dir: string): Promise<RestoreResult> {
    const manifest = await this.verify(dir);
    const repo = await BackupRepository.connect(this.databaseUrl);
    try {
      checkRestoreTarget(manifest, { migrations: await repo.migrations(), accounts: await repo.accountCount() });
      const here = await repo.tables();
      const inBackup = manifest.tables.map((t) => t.name);
      const differ = [...here.filter((t) => !inBackup.includes(t)), ...inBackup.filter((t) => !here.includes(t))];
      if (differ.length) throw new DomainError('BACKUP_TABLES_MISMATCH', { tables: differ.join(', ') });

      // 1. File content first (checked); rows that name it come in step 2.
      let files = 0;
      const missing = new Set(manifest.files.missing);
      for (const row of await fileRowsOf(repo, dir, manifest)) {
        if (missing.has(row.storage_key)) continue;
        const local = path.join(dir, 'files', row.storage_key);
        if ((await sha256OfFile(local).catch(() => null)) !== row.sha256) throw new DomainError('BACKUP_FILE_CONTENT_DAMAGED', { key: row.storage_key });
        await this.storage.restoreContent(row.storage_key, local, { sizeBytes: (await stat(local)).size, mediaType: row.media_type });
        files += 1;
      }

      // 2. Every table and sequence, in one transaction.
      await repo.begin();
      try {
        await repo.emptyTables(here);
        let rows = 0;
        for (const table of manifest.tables) {
          const sink = repo.copyIn(table.name);
          await pipeline(createReadStream(path.join(dir, table.file)), createGunzip(), sink);
          if (sink.rowCount !== table.rows) throw new DomainError('BACKUP_ROWS_MISMATCH', { table: table.name, expected: table.rows, actual: sink.rowCount });
          rows += sink.rowCount;
        }
        for (const sequence of manifest.sequences) await repo.setSequence(sequence);
        await repo.commit();
        this.log(`restored ${dir}: ${manifest.tables.length} tables, ${rows} rows, ${files} files`);
        return { tables: manifest.tables.length, rows, files };
      } catch (error) {
        await repo.rollback();
        throw error;
      }
    } finally {
      await repo.close();
    }
  }
}

/** The file rows inside the backup, read from its `files` table file (COPY text has no header: the column order is the target's, the same migrations). */
async function fileRowsOf(repo: BackupRepository, dir: string, manifest: BackupManifest): Promise<Array<{ storage_key: string; sha256: string; media_type: string }>> {
  const table = manifest.tables.find((t) => t.name === 'files');
  if (!table) return [];
  const columns = await repo.columns('files');
  const at = (name: string) => columns.indexOf(name);
  const result: Array<{ storage_key: string; sha256: string; media_type: string }> = [];
  let rest = '';
  const source: Readable = createReadStream(path.join(dir, table.file)).pipe(createGunzip()).setEncoding('utf8');
  for await (const chunk of source) {
    const lines = (rest + (chunk as string)).split('\n');
    rest = lines.pop()!;
    for (const line of lines) {
      const cells = line.split('\t');
      result.push({ storage_key: cells[at('storage_key')]!, sha256: cells[at('sha256')]!, media_type: unescapeCopy(cells[at('media_type')]!) });
    }
  }
  return result;
}

/** A value of COPY text format, unescaped (backslash sequences). */
function unescapeCopy(value: string): string {
  return value.replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '\\': '\\' })[c] ?? c);
}
