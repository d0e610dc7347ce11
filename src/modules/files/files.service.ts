// File storage: content outside the database (local disk by default, an S3-compatible object store when
// configured), metadata in `files`. Uploads are streamed into a local temporary file while their SHA-256 and size
// are computed (and the size limited), checked by the caller, then committed: moved (disk) or uploaded (S3)
// under a random (uuid) key and recorded in the caller's transaction. Content whose row never committed, and
// files nothing references any more, are removed by `sweep` after a grace period (job files.sweep).
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { copyFile, mkdir, open as openFile, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { isUuid } from '../../core/ids.ts';
import { lazyModule } from '../../core/lazy.ts';
import type { Config, S3Config } from '../../config.ts';
import { DomainError } from '../../core/errors.ts';
import type { Db, Executor } from '../../db/database.ts';
import { sanitiseFileName } from './files.rules.ts';
import { FilesRepository, type FileRow } from './files.repository.ts';
import { ContentInspector, type InspectorOptions } from './files.inspect.ts';

const HEAD_BYTES = 4100;
/** Storage keys: two hex characters of the id, a slash, the id. */
const KEY = /^[0-9a-f]{2}\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Default grace period before unreferenced files and staging leftovers are removed. */
export const DEFAULT_ORPHAN_GRACE_MS = 24 * 3_600_000;

export function isStorageKey(key: string): boolean {
  return KEY.test(key);
}

/** An upload written to a temporary file, not yet stored. */
export interface StagedFile {
  tempPath: string;
  originalName: string;
  sizeBytes: number;
  sha256: string;
  /** The first bytes (for content sniffing). */
  head: Buffer;
  /** The source was cut off at `maxBytes`. */
  truncated: boolean;
}

export interface OpenedFile {
  file: FileRow;
  stream: Readable;
}

export interface SweepResult {
  /** Unreferenced file rows (and their content) deleted. */
  filesDeleted: number;
  /** Content without any files row (a crash or rollback after the upload) deleted. */
  strayContentDeleted: number;
  /** Staging leftovers (interrupted uploads) deleted. */
  tempFilesDeleted: number;
}

export interface FileStorage {
  readonly backend: 'local' | 's3';
  /** Checks uploaded content in isolated child processes (files.inspect.ts). */
  inspector: ContentInspector;
  /** Ends the inspector's children (the app's onClose). */
  close(): Promise<void>;
  /** Streams `source` into a temporary file (at most `maxBytes`; more sets `truncated`). */
  stage(source: AsyncIterable<Buffer> | Readable, originalName: string, options?: { maxBytes?: number }): Promise<StagedFile>;
  /** Moves a staged file into place and records its metadata in the caller's transaction. */
  commit(tx: Executor, staged: StagedFile, meta: { mediaType: string; createdBy: string | null }): Promise<FileRow>;
  /** Removes a staged file that will not be stored. */
  discard(staged: StagedFile): Promise<void>;
  /** Stores bytes at once (seed data, generated files). */
  put(tx: Executor, bytes: Buffer, meta: { name: string; mediaType: string; createdBy: string | null }): Promise<FileRow>;
  /** The file's metadata and a stream of its content; null when unknown or missing in storage. */
  open(fileId: string): Promise<OpenedFile | null>;
  metadata(fileId: string, db?: Executor): Promise<FileRow | null>;
  /**
   * Deletes, in the caller's transaction, the rows of those files that nothing references any more; returns
   * their storage keys, whose content the caller removes with `removeContent` once the transaction committed.
   */
  release(tx: Executor, fileIds: string[]): Promise<string[]>;
  /** Deletes stored content (after its rows are gone). */
  removeContent(keys: string[]): Promise<void>;
  /** The content stored under `key` (backups); null when there is none. */
  readContent(key: string): Promise<Readable | null>;
  /** Stores a local file's bytes under `key` (restores); `localPath` is left as it was. */
  restoreContent(key: string, localPath: string, meta: { sizeBytes: number; mediaType: string }): Promise<void>;
  /**
   * Removes files created before `now - graceMs` that no row references (rows and content), content older than
   * that without a row, and staging leftovers older than that.
   */
  sweep(now?: Date, graceMs?: number): Promise<SweepResult>;
}

/** Where the content lives: local disk or an S3-compatible object store. */
export interface ContentBackend {
  readonly kind: 'local' | 's3';
  /** Stores the staged file under `key`; the temporary file is gone afterwards. */
  store(key: string, tempPath: string, meta: { sizeBytes: number; mediaType: string }): Promise<void>;
  /** A stream of the content, or null when there is none. */
  read(key: string): Promise<Readable | null>;
  remove(key: string): Promise<void>;
  /** Keys of the content stored before `before`. */
  list(before: Date): AsyncIterable<string>;
}

/** The inspector's defaults when the configuration does not give its own (FILE_INSPECT_* in src/config.ts). */
export const DEFAULT_INSPECTOR: InspectorOptions = { timeoutMs: 5000, maxDecompressedBytes: 100 * 1024 * 1024 };

export class StoredFiles implements FileStorage {
  /** Replaceable (tests put in an inspector with a misbehaving child). */
  inspector: ContentInspector;

  constructor(
    private readonly db: Db,
    private readonly content: ContentBackend,
    /** A local folder for uploads being received (temporary files). */
    private readonly stagingDir: string,
    private readonly repo = new FilesRepository(),
    inspector: InspectorOptions = DEFAULT_INSPECTOR,
  ) {
    this.inspector = new ContentInspector(inspector);
  }

  async close(): Promise<void> {
    await this.inspector.close();
  }

  get backend(): 'local' | 's3' {
    return this.content.kind;
  }

  async stage(source: AsyncIterable<Buffer> | Readable, originalName: string, options: { maxBytes?: number } = {}): Promise<StagedFile> {
    await mkdir(this.stagingDir, { recursive: true });
    const tempPath = path.join(this.stagingDir, `${randomUUID()}.part`);
    const hash = createHash('sha256');
    const headParts: Buffer[] = [];
    let headLength = 0;
    let size = 0;
    let truncated = false;
    const max = options.maxBytes ?? Number.POSITIVE_INFINITY;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        if (truncated) return done();
        let piece = chunk;
        if (size + piece.length > max) {
          piece = piece.subarray(0, max - size);
          truncated = true;
        }
        size += piece.length;
        hash.update(piece);
        if (headLength < HEAD_BYTES) {
          headParts.push(piece.subarray(0, HEAD_BYTES - headLength));
          headLength += Math.min(piece.length, HEAD_BYTES - headLength);
        }
        done(null, piece);
      },
    });
    const out = createWriteStream(tempPath, { flags: 'wx' });
    try {
      await pipeline(source as Readable, meter, out);
    } catch (error) {
      // A failing source can end the pipeline before the file is even opened: wait until the stream has closed
      // (it creates the file on open), so that the removal below does not run before the file exists.
      if (!out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()));
      await rm(tempPath, { force: true });
      throw error;
    }
    const sourceTruncated = (source as { truncated?: boolean }).truncated === true;
    return {
      tempPath,
      originalName: sanitiseFileName(originalName),
      sizeBytes: size,
      sha256: hash.digest('hex'),
      head: Buffer.concat(headParts),
      truncated: truncated || sourceTruncated,
    };
  }

  async commit(tx: Executor, staged: StagedFile, meta: { mediaType: string; createdBy: string | null }): Promise<FileRow> {
    const id = randomUUID();
    const key = `${id.slice(0, 2)}/${id}`;
    // Content first: if the transaction then rolls back, the content has no row and `sweep` removes it.
    await this.content.store(key, staged.tempPath, { sizeBytes: staged.sizeBytes, mediaType: meta.mediaType });
    return this.repo.insert(tx, {
      storage_key: key,
      original_name: staged.originalName,
      media_type: meta.mediaType,
      size_bytes: staged.sizeBytes,
      sha256: staged.sha256,
      created_by: meta.createdBy,
    });
  }

  async discard(staged: StagedFile): Promise<void> {
    await rm(staged.tempPath, { force: true });
  }

  async put(tx: Executor, bytes: Buffer, meta: { name: string; mediaType: string; createdBy: string | null }): Promise<FileRow> {
    const staged = await this.stage(Readable.from([bytes]), meta.name);
    try {
      return await this.commit(tx, staged, meta);
    } finally {
      await this.discard(staged);
    }
  }

  async metadata(fileId: string, db: Executor = this.db): Promise<FileRow | null> {
    if (!isUuid(fileId)) return null;
    return (await this.repo.findById(db, fileId)) ?? null;
  }

  async open(fileId: string): Promise<OpenedFile | null> {
    const file = await this.metadata(fileId);
    if (!file || !isStorageKey(file.storage_key)) return null;
    const stream = await this.content.read(file.storage_key);
    return stream ? { file, stream } : null;
  }

  async release(tx: Executor, fileIds: string[]): Promise<string[]> {
    const ids = [...new Set(fileIds.filter((id) => isUuid(id)))];
    return (await this.repo.deleteUnused(tx, ids)).map((r) => r.storage_key);
  }

  async removeContent(keys: string[]): Promise<void> {
    for (const key of keys) if (isStorageKey(key)) await this.content.remove(key);
  }

  async readContent(key: string): Promise<Readable | null> {
    return isStorageKey(key) ? this.content.read(key) : null;
  }

  async restoreContent(key: string, localPath: string, meta: { sizeBytes: number; mediaType: string }): Promise<void> {
    if (!isStorageKey(key)) throw new Error(`invalid storage key: ${key}`);
    // The backends move their temporary file into place: give them a copy in the staging folder.
    await mkdir(this.stagingDir, { recursive: true });
    const tempPath = path.join(this.stagingDir, `${randomUUID()}.part`);
    await copyFile(localPath, tempPath);
    try {
      await this.content.store(key, tempPath, meta);
    } finally {
      await rm(tempPath, { force: true });
    }
  }

  async sweep(now = new Date(), graceMs = DEFAULT_ORPHAN_GRACE_MS): Promise<SweepResult> {
    const before = new Date(now.getTime() - graceMs);
    const result: SweepResult = { filesDeleted: 0, strayContentDeleted: 0, tempFilesDeleted: 0 };
    // 1. Rows nothing references, then their content.
    for (;;) {
      const keys = await this.db.transaction().execute(async (tx) => {
        const ids = await this.repo.unusedBefore(tx, before, 200);
        return ids.length ? this.release(tx, ids) : null;
      });
      if (!keys?.length) break;
      await this.removeContent(keys);
      result.filesDeleted += keys.length;
    }
    // 2. Content without a row (stored, then the transaction rolled back or the process died).
    let batch: string[] = [];
    const flush = async () => {
      const known = await this.repo.knownKeys(this.db, batch);
      for (const key of batch) {
        if (known.has(key)) continue;
        await this.content.remove(key);
        result.strayContentDeleted++;
      }
      batch = [];
    };
    for await (const key of this.content.list(before)) {
      if (!isStorageKey(key)) continue;
      batch.push(key);
      if (batch.length >= 500) await flush();
    }
    if (batch.length) await flush();
    // 3. Staging leftovers (uploads interrupted by a crash).
    const names = await readdir(this.stagingDir).catch(() => [] as string[]);
    for (const name of names) {
      if (!name.endsWith('.part')) continue;
      const full = path.join(this.stagingDir, name);
      const info = await stat(full).catch(() => null);
      if (info && info.mtimeMs < before.getTime()) {
        await rm(full, { force: true });
        result.tempFilesDeleted++;
      }
    }
    return result;
  }
}

/** Content on local disk: `root/<key>`. */
export class LocalContent implements ContentBackend {
  readonly kind = 'local' as const;
  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    if (!isStorageKey(key)) throw new Error(`invalid storage key: ${key}`);
    return path.join(this.root, key);
  }

  async store(key: string, tempPath: string): Promise<void> {
    const target = this.pathOf(key);
    await mkdir(path.dirname(target), { recursive: true });
    await rename(tempPath, target);
  }

  async read(key: string): Promise<Readable | null> {
    const full = this.pathOf(key);
    try {
      await stat(full);
    } catch {
      return null;
    }
    return createReadStream(full);
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async *list(before: Date): AsyncIterable<string> {
    const dirs = await readdir(this.root).catch(() => [] as string[]);
    for (const dir of dirs) {
      if (!/^[0-9a-f]{2}$/.test(dir)) continue;
      const names = await readdir(path.join(this.root, dir)).catch(() => [] as string[]);
      for (const name of names) {
        const key = `${dir}/${name}`;
        if (!isStorageKey(key)) continue;
        const info = await stat(path.join(this.root, key)).catch(() => null);
        if (info && info.mtimeMs < before.getTime()) yield key;
      }
    }
  }
}

/** Content in an S3-compatible object store (path-style or virtual-hosted), one object per file. */
export class S3Content implements ContentBackend {
  readonly kind = 's3' as const;
  private client: S3Client | null = null;
  /** The SDK and its client, on first use (see core/lazy.ts). */
  private readonly s3 = lazyModule(async () => {
    const sdk = await import('@aws-sdk/client-s3');
    this.client = new sdk.S3Client({
      endpoint: this.config.endpoint,
      region: this.config.region,
      forcePathStyle: this.config.forcePathStyle,
      credentials: { accessKeyId: this.config.accessKeyId, secretAccessKey: this.config.secretAccessKey },
      // Plain SigV4 requests (no aws-chunked trailers): what every S3-compatible store understands.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    return { sdk, client: this.client };
  });

  constructor(private readonly config: S3Config) {}

  private keyOf(key: string): string {
    if (!isStorageKey(key)) throw new Error(`invalid storage key: ${key}`);
    return `${this.config.prefix}${key}`;
  }

  async store(key: string, tempPath: string, meta: { sizeBytes: number; mediaType: string }): Promise<void> {
    const { sdk, client } = await this.s3();
    await client.send(
      new sdk.PutObjectCommand({ Bucket: this.config.bucket, Key: this.keyOf(key), Body: createReadStream(tempPath), ContentLength: meta.sizeBytes, ContentType: meta.mediaType }),
    );
    await rm(tempPath, { force: true });
  }

  async read(key: string): Promise<Readable | null> {
    const { sdk, client } = await this.s3();
    try {
      const answer = await client.send(new sdk.GetObjectCommand({ Bucket: this.config.bucket, Key: this.keyOf(key) }));
      return (answer.Body as Readable | undefined) ?? null;
    } catch (error) {
      const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
      if (e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404) return null;
      throw error;
    }
  }

  async remove(key: string): Promise<void> {
    const { sdk, client } = await this.s3();
    await client.send(new sdk.DeleteObjectCommand({ Bucket: this.config.bucket, Key: this.keyOf(key) }));
  }

  async *list(before: Date): AsyncIterable<string> {
    const { sdk, client } = await this.s3();
    let token: string | undefined;
    do {
      const page = await client.send(new sdk.ListObjectsV2Command({ Bucket: this.config.bucket, Prefix: this.config.prefix || undefined, ContinuationToken: token }));
      for (const item of page.Contents ?? []) {
        if (!item.Key || !item.Key.startsWith(this.config.prefix)) continue;
        if (item.LastModified && item.LastModified.getTime() >= before.getTime()) continue;
        yield item.Key.slice(this.config.prefix.length);
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  destroy(): void {
    this.client?.destroy();
  }
}

/** The local-disk storage (the default): content in `root/<key>`, uploads staged in `root/tmp`. */
export class LocalFileStorage extends StoredFiles {
  constructor(db: Db, root: string, repo = new FilesRepository(), inspector: InspectorOptions = DEFAULT_INSPECTOR) {
    super(db, new LocalContent(root), path.join(root, 'tmp'), repo, inspector);
  }
}

/** The storage the configuration asks for: S3 when S3_BUCKET is set, else local disk in FILES_DIR. */
export function createFileStorage(config: Pick<Config, 'filesDir' | 's3' | 'fileInspectTimeoutMs' | 'fileInspectMaxUnpackedBytes'>, db: Db): FileStorage {
  const inspector: InspectorOptions = { timeoutMs: config.fileInspectTimeoutMs, maxDecompressedBytes: config.fileInspectMaxUnpackedBytes };
  if (config.s3) return new StoredFiles(db, new S3Content(config.s3), path.join(config.filesDir, 'tmp'), undefined, inspector);
  return new LocalFileStorage(db, config.filesDir, undefined, inspector);
}

/** Reads the first bytes of a staged file (when `head` is not enough). */
export async function readHead(filePath: string, bytes = HEAD_BYTES): Promise<Buffer> {
  const handle = await openFile(filePath, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Content-Disposition with an ASCII fallback and the exact UTF-8 name (RFC 6266 / RFC 5987). */
export function contentDisposition(name: string, kind: 'attachment' | 'inline' = 'attachment'): string {
  const safe = sanitiseFileName(name);
  const ascii = safe
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, (c) => (c === 'đ' ? 'd' : 'D'))
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\%;]/g, '_');
  const encoded = encodeURIComponent(safe).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export function fileNotFound(): never {
  throw new DomainError('NOT_FOUND');
}
