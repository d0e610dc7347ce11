// Receiving one uploaded file for a dossier, shared by online attachments (DossiersService.addFile) and counter
// scans (IntakeService.addScan): the content is streamed to a staging file within what the limits leave (per
// file, and the dossier's total), the upload fails as soon as it passes them (413, nothing more is read), empty
// files are refused, the content is inspected in isolation (files.inspect.ts: types other than the allowed ones,
// broken or hostile files and names that claim another type are refused), and the staged file is always either
// stored (committed by the caller's transaction) or removed.
import type { Readable } from 'node:stream';
import { attachmentMediaType } from '../files/files.inspect.rules.ts';
import { DomainError } from '../../core/errors.ts';
import type { Executor } from '../../db/database.ts';
import { accepts, inspectUpload, storedName } from '../files/files.inspect.ts';
import type { FileStorage, StagedFile } from '../files/files.service.ts';
import { megabytes, uploadLimit } from './dossiers.rules.ts';

export interface ReceivedUpload {
  source: Readable | AsyncIterable<Buffer>;
  filename: string | undefined;
  /** Called at once when the upload passes its limit (the caller stops reading the request). */
  onLimit?: () => void;
}

export interface UploadLimits {
  maxFileBytes: number;
  maxTotalBytes: number;
  /** Bytes the dossier's files already take. */
  usedBytes: number;
}

/** Keeps the staged file (in the caller's transaction); afterwards it is no longer discarded. */
export type CommitStaged = (tx: Executor, createdBy: string) => ReturnType<FileStorage['commit']>;

/** Counts the bytes of `source` and fails with `error` as soon as they exceed `limit` (the rest is never read). */
async function* limited(source: Readable | AsyncIterable<Buffer>, limit: number, onExceeded: () => Error): AsyncGenerator<Buffer> {
  let total = 0;
  for await (const chunk of source as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > limit) throw onExceeded();
    yield chunk;
  }
}

/**
 * Stages `input` within `limits`, checks it (size, non-empty, allowed type) and hands it to `store` with its
 * media type and the `commit` that keeps it; the staged file is discarded unless `commit` was called.
 */
export async function receiveUpload<T>(
  files: FileStorage,
  input: ReceivedUpload,
  limits: UploadLimits,
  store: (staged: StagedFile, mediaType: string, commit: CommitStaged) => Promise<T>,
): Promise<T> {
  const limit = uploadLimit(limits.maxFileBytes, limits.maxTotalBytes, limits.usedBytes);
  const tooLarge = () => {
    input.onLimit?.();
    return limit.error === 'FILE_TOO_LARGE'
      ? new DomainError('FILE_TOO_LARGE', { maxMb: megabytes(limits.maxFileBytes) })
      : new DomainError('DOSSIER_FILES_TOO_LARGE', { maxMb: megabytes(limits.maxTotalBytes) });
  };
  if (limit.bytes <= 0) throw tooLarge();
  const staged: StagedFile = await files.stage(limited(input.source, limit.bytes, tooLarge), input.filename ?? '', { maxBytes: limit.bytes + 1 });
  let committed = false;
  try {
    if (staged.truncated) throw tooLarge();
    if (staged.sizeBytes === 0) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/file', code: 'FILE_REQUIRED' }]);
    const detected = await inspectUpload(files.inspector, staged.tempPath, 'attachment', staged.originalName);
    const mediaType = accepts('attachment', detected) ? attachmentMediaType(detected) : null;
    if (!mediaType) throw new DomainError('FILE_TYPE_NOT_ALLOWED', { name: staged.originalName }, [{ path: '/file', code: 'FILE_TYPE_NOT_ALLOWED', params: { name: staged.originalName } }]);
    // The stored name carries the extension of what the content is.
    staged.originalName = storedName(staged.originalName, detected!);
    const commit: CommitStaged = async (tx, createdBy) => {
      const file = await files.commit(tx, staged, { mediaType, createdBy });
      committed = true;
      return file;
    };
    return await store(staged, mediaType, commit);
  } finally {
    if (!committed) await files.discard(staged);
  }
}
