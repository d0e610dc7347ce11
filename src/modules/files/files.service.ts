// File storage: content on local disk (S3 can implement the same interface later), metadata in `files`.
// Uploads are streamed into a temporary file while their SHA-256 is computed, checked by the caller,
// then renamed into place under a random (uuid) key.
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open as openFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { DomainError } from '../../core/errors.ts';
import type { Db, Executor } from '../../db/database.ts';
import { sanitiseFileName } from '../catalog/catalog.rules.ts';
import { FilesRepository, type FileRow } from './files.repository.ts';

const HEAD_BYTES = 4100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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

export interface FileStorage {
  /** Streams `source` into a temporary file (at most `maxBytes`; more sets `truncated`). */
  stage(source: AsyncIterable<Buffer> | Readable, originalName: string, options?: { maxBytes?: number }): Promise<StagedFile>;
  /** Moves a staged file into place and records its metadata in the caller's transaction. */
  commit(tx: Executor, staged: StagedFile, meta: { mediaType: string; createdBy: string | null }): Promise<FileRow>;
  /** Removes a staged file that will not be stored. */
  discard(staged: StagedFile): Promise<void>;
  /** Stores bytes at once (seed data, generated files). */
  put(tx: Executor, bytes: Buffer, meta: { name: string; mediaType: string; createdBy: string | null }): Promise<FileRow>;
  /** The file's metadata and a stream of its content; null when unknown or missing on disk. */
  open(fileId: string): Promise<OpenedFile | null>;
  metadata(fileId: string, db?: Executor): Promise<FileRow | null>;
}

export class LocalFileStorage implements FileStorage {
  constructor(
    private readonly db: Db,
    private readonly root: string,
    private readonly repo = new FilesRepository(),
  ) {}

  private tmpDir() {
    return path.join(this.root, 'tmp');
  }

  private pathOf(key: string): string {
    if (!/^[0-9a-f]{2}\/[0-9a-f-]{36}$/.test(key)) throw new Error(`invalid storage key: ${key}`);
    return path.join(this.root, key);
  }

  async stage(source: AsyncIterable<Buffer> | Readable, originalName: string, options: { maxBytes?: number } = {}): Promise<StagedFile> {
    await mkdir(this.tmpDir(), { recursive: true });
    const tempPath = path.join(this.tmpDir(), `${randomUUID()}.part`);
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
    try {
      await pipeline(source as Readable, meter, createWriteStream(tempPath, { flags: 'wx' }));
    } catch (error) {
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
    const target = this.pathOf(key);
    await mkdir(path.dirname(target), { recursive: true });
    await rename(staged.tempPath, target);
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
    return this.commit(tx, staged, meta);
  }

  async metadata(fileId: string, db: Executor = this.db): Promise<FileRow | null> {
    if (!UUID.test(fileId)) return null;
    return (await this.repo.findById(db, fileId)) ?? null;
  }

  async open(fileId: string): Promise<OpenedFile | null> {
    const file = await this.metadata(fileId);
    if (!file) return null;
    const full = this.pathOf(file.storage_key);
    try {
      await stat(full);
    } catch {
      return null;
    }
    return { file, stream: createReadStream(full) };
  }
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
