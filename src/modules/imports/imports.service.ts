// Historical import of dossiers (docs/import-format.md): a file is streamed row by row, each row validated,
// good rows inserted in batches (one multi-row INSERT … SELECT FROM unnest … ON CONFLICT (code) DO NOTHING),
// bad rows written to a CSV that can be downloaded. All the rows of a run are inserted in ONE transaction: a file
// refused half-way (encoding, too many rows, malformed CSV) imports nothing. The progress is written from another
// connection so that the page and the command line can follow it.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import { vietnamDate } from '../../core/time.ts';
import type { Actor } from '../../core/actor.ts';
import type { Params } from '../../core/i18n.ts';
import { DomainError, errorMessage } from '../../core/errors.ts';
import type { Db } from '../../db/database.ts';
import type { AgenciesService } from '../agencies/agencies.service.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { inspectUpload } from '../files/files.inspect.ts';
import type { FileStorage, StagedFile } from '../files/files.service.ts';
import { ImportsRepository, type BatchRow, type ImportRun } from './imports.repository.ts';
import { openImport, type ImportSource } from './imports.reader.ts';
import { BAD_ROWS_HEADER, COLUMN_KEYS, checkHeader, csvLine, formatOf, validateRow, versionFor, type RowError, type VersionCandidate } from './imports.rules.ts';
import './imports.errors.ts';

/** Rows per INSERT statement. */
const BATCH_ROWS = 2000;
/** Web uploads up to this size run during the request; larger ones are queued for the `imports.run` job. */
export const INLINE_IMPORT_BYTES = 2 * 1024 * 1024;
const PROGRESS_EVERY_MS = 300;

export interface ImportProgress {
  rows: number;
  bytes: number;
  sizeBytes: number;
}

export interface ImportView {
  id: string;
  status: ImportRun['status'];
  origin: ImportRun['origin'];
  fileName: string;
  format: ImportRun['format'];
  sha256: string;
  actorName: string | null;
  sizeBytes: number;
  processedBytes: number;
  /** 0..100 */
  percent: number;
  processedRows: number;
  totalRows: number | null;
  insertedRows: number;
  existingRows: number;
  badRows: number;
  errorCode: string | null;
  /** Parameters of the error message (the stored JSON's text and number values). */
  errorParams: Params | null;
  errorsFileId: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** The text and number values of stored message parameters (a JSON column: anything else is left out). */
function messageParams(stored: Record<string, unknown> | null): Params | null {
  if (!stored) return null;
  const params: Params = {};
  for (const [key, value] of Object.entries(stored)) if (typeof value === 'string' || typeof value === 'number') params[key] = value;
  return params;
}

export interface ImportsOptions {
  maxRows: number;
  maxBytes: number;
  /** Scratch directory for the bad rows file being written. */
  tmpDir: string;
  /** The clock (tests): "today" in Vietnam, after which received, finished and returned dates are refused. */
  now?: () => Date;
}

export function viewOf(run: ImportRun): ImportView {
  const size = Number(run.size_bytes);
  const bytes = Number(run.processed_bytes);
  const percent = run.status === 'done' ? 100 : size > 0 ? Math.min(99, Math.floor((bytes / size) * 100)) : 0;
  return {
    id: run.id,
    status: run.status,
    origin: run.origin,
    fileName: run.file_name,
    format: run.format,
    sha256: run.sha256,
    actorName: run.actor_name,
    sizeBytes: size,
    processedBytes: bytes,
    percent,
    processedRows: run.processed_rows,
    totalRows: run.total_rows,
    insertedRows: run.inserted_rows,
    existingRows: run.existing_rows,
    badRows: run.bad_rows,
    errorCode: run.error_code,
    errorParams: messageParams(run.error_params),
    errorsFileId: run.errors_file_id,
    createdAt: run.created_at,
    startedAt: run.started_at,
    finishedAt: run.finished_at,
  };
}

/** The reason column of the bad rows file (Vietnamese, like the rest of the file). */
export function describeRowErrors(errors: readonly RowError[]): string {
  return errors.map((e) => `${e.column}: ${errorMessage(e.code, 'vi', e.params)}`).join('; ');
}

async function sha256Of(filePath: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(filePath)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function write(stream: WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

export class ImportsService {
  constructor(
    private readonly db: Db,
    private readonly agencies: AgenciesService,
    private readonly audit: AuditService,
    private readonly files: FileStorage,
    private readonly options: ImportsOptions,
    private readonly repo = new ImportsRepository(),
  ) {}

  /**
   * An Excel file's ZIP structure is inspected in isolation (files.inspect.ts: bounds, Zip64, encryption, nested
   * archives, decompression bombs) before exceljs opens it; a ZIP that is no workbook is IMPORT_XLSX_INVALID.
   */
  private async checkWorkbook(filePath: string, name: string): Promise<void> {
    const detected = await inspectUpload(this.files.inspector, filePath, 'import', name);
    if (detected !== 'xlsx') throw new DomainError('IMPORT_XLSX_INVALID');
  }

  /** The command line: imports a file on disk now, as the system (or `actor`). */
  async importPath(actor: Actor | null, filePath: string, options: { onProgress?: (p: ImportProgress) => void } = {}): Promise<ImportView> {
    const info = await stat(filePath);
    if (info.size > this.options.maxBytes) throw new DomainError('IMPORT_FILE_TOO_LARGE', { max: this.options.maxBytes });
    const source: ImportSource = { open: async () => createReadStream(filePath) };
    const head = await new Promise<Buffer>((resolve, reject) => {
      const parts: Buffer[] = [];
      createReadStream(filePath, { start: 0, end: 3 })
        .on('data', (c) => parts.push(c as Buffer))
        .on('end', () => resolve(Buffer.concat(parts)))
        .on('error', reject);
    });
    if (formatOf(head) === 'xlsx') await this.checkWorkbook(filePath, path.basename(filePath));
    const run = await this.repo.create(this.db, {
      created_by: actor?.id ?? null,
      actor_name: actor?.username ?? 'cli',
      origin: 'cli',
      file_name: path.basename(filePath),
      format: formatOf(head),
      sha256: await sha256Of(filePath),
      size_bytes: info.size,
      status: 'running',
      started_at: new Date(),
    });
    return this.execute(run, source, actor, options.onProgress);
  }

  /** The administrator page: stores the upload and queues it; small files are imported at once. */
  async upload(actor: Actor | null, staged: StagedFile | null): Promise<ImportView> {
    const scope = await this.adminScope(actor);
    if (!staged || staged.sizeBytes === 0) {
      if (staged) await this.files.discard(staged);
      throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/file', code: 'IMPORT_FILE_REQUIRED' }]);
    }
    if (staged.truncated || staged.sizeBytes > this.options.maxBytes) {
      await this.files.discard(staged);
      throw new DomainError('IMPORT_FILE_TOO_LARGE', { max: this.options.maxBytes });
    }
    const format = formatOf(staged.head);
    if (format === 'xlsx') {
      try {
        await this.checkWorkbook(staged.tempPath, staged.originalName);
      } catch (error) {
        await this.files.discard(staged);
        throw error;
      }
    }
    const run = await this.db.transaction().execute(async (tx) => {
      const file = await this.files.commit(tx, staged, {
        mediaType: format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv',
        createdBy: actor!.id,
      });
      const created = await this.repo.create(tx, {
        created_by: actor!.id,
        actor_name: actor!.username,
        origin: 'web',
        file_name: staged.originalName,
        format,
        sha256: staged.sha256,
        size_bytes: staged.sizeBytes,
        source_file_id: file.id,
        scope_agency_ids: scope,
        status: 'queued',
      });
      await this.audit.record(tx, actor, {
        action: 'imports.queue',
        targetType: 'dossier_import',
        targetId: created.id,
        summary: { fileName: staged.originalName, sha256: staged.sha256, sizeBytes: staged.sizeBytes },
      });
      return created;
    });
    if (staged.sizeBytes <= INLINE_IMPORT_BYTES) {
      await this.repo.start(this.db, run.id);
      return this.execute(run, this.storedSource(run), actor);
    }
    return viewOf(run);
  }

  /** The `imports.run` job: runs the queued web imports, oldest first. Returns how many ran. */
  async runQueued(limit = 5): Promise<number> {
    let count = 0;
    while (count < limit) {
      const run = await this.repo.claimQueued(this.db);
      if (!run) break;
      await this.execute(run, this.storedSource(run), null);
      count++;
    }
    return count;
  }

  /** One run, for the administrators who may see it. */
  async get(actor: Actor | null, id: string): Promise<ImportView> {
    return viewOf(await this.visibleRun(actor, id));
  }

  /** Recent runs the administrator may see. */
  async list(actor: Actor | null, limit = 20): Promise<ImportView[]> {
    const scope = new Set(await this.adminScope(actor));
    const root = await this.agencies.holdsOnRoot(actor, ['admin']);
    const runs = await this.repo.list(this.db, 200);
    return runs.filter((run) => this.visible(actor!, run, scope, root)).slice(0, limit).map(viewOf);
  }

  /** The bad rows file of a run (CSV). */
  async errorsFile(actor: Actor | null, id: string) {
    const run = await this.visibleRun(actor, id);
    if (!run.errors_file_id) throw new DomainError('NOT_FOUND');
    const opened = await this.files.open(run.errors_file_id);
    if (!opened) throw new DomainError('NOT_FOUND');
    return { ...opened, fileName: `ho-so-loi-${run.file_name.replace(/\.(csv|xlsx)$/i, '')}.csv` };
  }

  private async adminScope(actor: Actor | null): Promise<string[]> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    const scope = await this.agencies.scopeOf(actor, ['admin']);
    if (scope.length === 0) throw new DomainError('FORBIDDEN');
    return scope;
  }

  private visible(actor: Actor, run: ImportRun, scope: Set<string>, root: boolean): boolean {
    if (run.created_by === actor.id) return true;
    if (run.scope_agency_ids === null) return root;
    return run.scope_agency_ids.every((id) => scope.has(id));
  }

  private async visibleRun(actor: Actor | null, id: string): Promise<ImportRun> {
    const scope = new Set(await this.adminScope(actor));
    const run = /^[0-9a-f-]{36}$/i.test(id) ? await this.repo.findById(this.db, id) : undefined;
    if (!run || !this.visible(actor!, run, scope, await this.agencies.holdsOnRoot(actor, ['admin']))) throw new DomainError('NOT_FOUND');
    return run;
  }

  private storedSource(run: ImportRun): ImportSource {
    return {
      open: async () => {
        const opened = run.source_file_id ? await this.files.open(run.source_file_id) : null;
        if (!opened) throw new DomainError('IMPORT_FILE_REQUIRED');
        return opened.stream;
      },
    };
  }

  private async execute(run: ImportRun, source: ImportSource, actor: Actor | null, onProgress?: (p: ImportProgress) => void): Promise<ImportView> {
    await mkdir(this.options.tmpDir, { recursive: true });
    const badPath = path.join(this.options.tmpDir, `import-${run.id}-bad.csv`);
    const bad = createWriteStream(badPath);
    const scope = run.scope_agency_ids ? new Set(run.scope_agency_ids) : null;
    const sizeBytes = Number(run.size_bytes);
    let rows = 0;
    let bytesRead = () => 0;
    let lastProgress = Date.now();
    const report = async (force = false) => {
      if (!force && Date.now() - lastProgress < PROGRESS_EVERY_MS) return;
      lastProgress = Date.now();
      await this.repo.progress(this.db, run.id, rows, bytesRead());
      onProgress?.({ rows, bytes: bytesRead(), sizeBytes });
    };
    try {
      await write(bad, `\uFEFF${csvLine(BAD_ROWS_HEADER)}`);
      const opened = await openImport(source);
      bytesRead = opened.bytesRead;
      const today = vietnamDate((this.options.now ?? (() => new Date()))());
      const counts = await this.db.transaction().execute(async (tx) => {
        const applicantId = await this.repo.legacyAccountId(tx);
        const agencies = new Map<string, string | null>();
        const versions = new Map<string, VersionCandidate[]>();
        const seen = new Map<string, number>();
        let keys: Array<string | null> | null = null;
        let batch: BatchRow[] = [];
        let inserted = 0;
        let existing = 0;
        let badRows = 0;
        // One batch in flight: PostgreSQL inserts a batch while the next one is parsed and checked here.
        let pending: Promise<void> = Promise.resolve();
        let failure: unknown = null;
        const flush = async () => {
          const rowsOut = batch;
          batch = [];
          await pending;
          if (failure) throw failure;
          pending = this.repo.insertBatch(tx, run.id, applicantId, rowsOut).then(
            (done) => {
              inserted += done.size;
              existing += rowsOut.length - done.size;
            },
            (error: unknown) => {
              failure = error;
            },
          );
        };
        for await (const record of opened.records) {
          if (keys === null) {
            const header = checkHeader(record.cells);
            if (!header.ok) {
              const list = (items: string[]) => (items.length ? items.join(', ') : '—');
              throw new DomainError('IMPORT_HEADER_INVALID', { missing: list(header.missing), unknown: list(header.unknown), duplicate: list(header.duplicate) });
            }
            keys = header.keys;
            continue;
          }
          rows++;
          if (rows > this.options.maxRows) throw new DomainError('IMPORT_TOO_MANY_ROWS', { max: this.options.maxRows });
          const cells: Record<string, string> = {};
          keys.forEach((key, i) => {
            if (key) cells[key] = record.cells[i] ?? '';
          });
          const check = validateRow(cells, { today });
          const errors: RowError[] = check.ok ? [] : check.errors;
          let agencyId: string | null = null;
          let version: VersionCandidate | null = null;
          if (check.ok) {
            const row = check.row;
            if (!agencies.has(row.agencyCode)) agencies.set(row.agencyCode, await this.repo.agencyId(tx, row.agencyCode));
            agencyId = agencies.get(row.agencyCode)!;
            if (!agencyId) errors.push({ column: 'ma_co_quan', code: 'IMPORT_ROW_AGENCY_UNKNOWN', params: { code: row.agencyCode } });
            else if (scope && !scope.has(agencyId)) errors.push({ column: 'ma_co_quan', code: 'IMPORT_ROW_AGENCY_OUT_OF_SCOPE', params: { code: row.agencyCode } });
            if (!versions.has(row.procedureCode)) versions.set(row.procedureCode, await this.repo.versions(tx, row.procedureCode));
            version = versionFor(versions.get(row.procedureCode)!, vietnamDate(row.submittedAt));
            if (!version) errors.push({ column: 'ma_thu_tuc', code: 'IMPORT_ROW_PROCEDURE_UNKNOWN', params: { code: row.procedureCode } });
            const firstLine = seen.get(row.code);
            if (firstLine !== undefined) errors.push({ column: 'ma_ho_so', code: 'IMPORT_ROW_DUPLICATE_IN_FILE', params: { line: firstLine } });
          }
          if (errors.length > 0 || !check.ok) {
            badRows++;
            await write(bad, csvLine([String(record.line), describeRowErrors(errors), ...COLUMN_KEYS.map((k) => cells[k] ?? '')]));
          } else {
            seen.set(check.row.code, record.line);
            batch.push({ ...check.row, agencyId: agencyId!, versionId: version!.id });
            if (batch.length >= BATCH_ROWS) await flush();
          }
          if (rows % 500 === 0) await report();
        }
        if (keys === null) throw new DomainError('IMPORT_EMPTY');
        await flush();
        await pending;
        if (failure) throw failure;
        bad.end();
        await once(bad, 'close');
        let errorsFileId: string | null = null;
        if (badRows > 0) {
          const staged = await this.files.stage(createReadStream(badPath), `ho-so-loi-${run.file_name}.csv`);
          errorsFileId = (await this.files.commit(tx, staged, { mediaType: 'text/csv', createdBy: run.created_by })).id;
        }
        const counts = { total: rows, inserted, existing, bad: badRows, bytes: bytesRead(), errorsFileId };
        await this.repo.finish(tx, run.id, counts);
        await this.audit.record(tx, actor, {
          action: 'imports.dossiers',
          targetType: 'dossier_import',
          targetId: run.id,
          agencyId: null,
          summary: { fileName: run.file_name, sha256: run.sha256, origin: run.origin, requestedBy: run.actor_name, rows, inserted, existing, bad: badRows },
        });
        return counts;
      });
      onProgress?.({ rows: counts.total, bytes: sizeBytes, sizeBytes });
    } catch (error) {
      const code = error instanceof DomainError ? error.code : 'IMPORT_FAILED';
      const params = error instanceof DomainError ? error.params : { message: (error as Error).message };
      await this.repo.fail(this.db, run.id, code, params);
      await this.db.transaction().execute(async (tx) => {
        await this.audit.record(tx, actor, {
          action: 'imports.failed',
          targetType: 'dossier_import',
          targetId: run.id,
          agencyId: null,
          summary: { fileName: run.file_name, sha256: run.sha256, origin: run.origin, requestedBy: run.actor_name, error: code, rowsRead: rows },
        });
      });
      if (!(error instanceof DomainError)) throw error;
    } finally {
      bad.destroy();
      await rm(badPath, { force: true });
    }
    return viewOf((await this.repo.findById(this.db, run.id))!);
  }
}
