// Multipart uploads of dossier documents, shared by the routes that receive them. Each upload route lives in its
// own Fastify scope, so multipart parsing applies only there, and the body is read by the handler after
// authentication and the CSRF check, never more than the limit.
// - JSON API (one file: fields "documentId" then "file", CSRF in the header): `registerSingleFileUploads` +
//   `readSingleFileUpload`.
// - Pages without JavaScript (several files "file-<documentId>", the CSRF token as the FIRST field, checked before
//   any file is read: the global check reads only JSON and urlencoded bodies): `registerDocumentUploads` +
//   `readDocumentUploads` + `uploadProblems`.
import type { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../core/errors.ts';
import type { Locale } from '../core/i18n.ts';
import { sameToken, type App } from './app.ts';
import { checkTextField } from './boundary.ts';
import { formErrors, type FormErrors } from './form-page.ts';
import { multipartBody, type MultipartBody } from './openapi-multipart.ts';

/** Room for the multipart framing and the small fields (CSRF token, documentId, buttons) around the files. */
export const MULTIPART_OVERHEAD = 64 * 1024;

/** Megabytes with one decimal, for messages. */
function megabytes(bytes: number): number {
  return Math.round((bytes / 1048576) * 10) / 10;
}

/** The request's declared Content-Length, when it has a well-formed one. */
export function declaredLength(request: FastifyRequest): number | null {
  const raw = request.headers['content-length'];
  if (typeof raw !== 'string' || !/^\d+$/.test(raw)) return null;
  return Number(raw);
}

// --- JSON API: one file ----------------------------------------------------------------------------

/**
 * Multipart for one file of at most `maxFileBytes` in this scope. The parser's own file limit is a safety net
 * above the service's, which stops reading at the limit (the parser would only report a truncated file once the
 * whole request has been read); a declared length beyond one file's limit is refused before anything is read;
 * the rest of a refused upload is not read: the connection is closed after the answer.
 */
export async function registerSingleFileUploads(scope: App, maxFileBytes: number): Promise<void> {
  await scope.register(multipart, { limits: { fileSize: maxFileBytes + MULTIPART_OVERHEAD, files: 1, fields: 5, parts: 6, fieldSize: 1000 } });
  scope.addHook('onRequest', async (request) => {
    const length = declaredLength(request);
    if (length !== null && length > maxFileBytes + MULTIPART_OVERHEAD) throw new DomainError('FILE_TOO_LARGE', { maxMb: megabytes(maxFileBytes) });
  });
  scope.addHook('onSend', async (_request, reply, payload) => {
    if (reply.statusCode >= 400) reply.header('connection', 'close');
    return payload;
  });
}

/** The parts `readSingleFileUpload` reads, in this order. */
export const SINGLE_FILE_PARTS = { documentId: 'documentId', file: 'file' } as const;

/** The OpenAPI description of a `readSingleFileUpload` body (route `config.multipart`): documentId, then the file. */
export function singleFileUploadBody(options: { maxFileBytes: number; mediaTypes: readonly string[]; file: string }): MultipartBody {
  return multipartBody({
    parts: [
      { kind: 'field', name: SINGLE_FILE_PARTS.documentId, required: true, description: 'The id of the required document (documents[].documentId) the file is for; before the file.', schema: { format: 'uuid' } },
      { kind: 'file', name: SINGLE_FILE_PARTS.file, required: true, description: options.file, mediaTypes: options.mediaTypes, maxBytes: options.maxFileBytes },
    ],
  });
}

export interface SingleFileUpload {
  documentId: string | undefined;
  source: Readable;
  filename: string;
  declaredType: string;
  /** Stops reading the rest of the request at once (the multipart parser would otherwise drain it). */
  onLimit: () => void;
}

/**
 * Reads the field "documentId" then the file "file" of a multipart request and hands them to `store` (other
 * files are skipped). 415 for another body; without a file, 422 naming what is missing.
 */
export async function readSingleFileUpload<T>(request: FastifyRequest, store: (upload: SingleFileUpload) => Promise<T>): Promise<T> {
  if (!request.isMultipart()) throw new DomainError('UNSUPPORTED_MEDIA_TYPE');
  let documentId: string | undefined;
  const stopReading = () => {
    request.raw.unpipe();
    request.raw.pause();
  };
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        if (part.fieldname === SINGLE_FILE_PARTS.documentId && typeof part.value === 'string') {
          checkTextField(part.fieldname, part.value);
          documentId = part.value.trim();
        }
        continue;
      }
      if (part.fieldname !== SINGLE_FILE_PARTS.file) {
        part.file.resume();
        continue;
      }
      return await store({ documentId, source: part.file, filename: part.filename, declaredType: part.mimetype, onLimit: stopReading });
    }
  } catch (error) {
    stopReading();
    throw error;
  }
  throw new DomainError('VALIDATION_FAILED', undefined, documentId ? [{ path: '/file', code: 'FILE_REQUIRED' }] : [{ path: '/documentId', code: 'required' }, { path: '/file', code: 'FILE_REQUIRED' }]);
}

// --- pages: several files, CSRF first -----------------------------------------------------------------

export interface DocumentUploadLimits {
  maxFileBytes: number;
  /** The whole request may not declare more than this (plus the framing). */
  maxTotalBytes: number;
  maxFiles: number;
  /** Non-file fields allowed (the CSRF token, buttons, a note) and the size of each. */
  fields: number;
  fieldSize: number;
}

/**
 * Multipart for up to `maxFiles` files in this scope. The service stops at its own limits; the parser's are
 * only a safety net (no error of its own). A declared length beyond the dossier's total is refused at once.
 */
export async function registerDocumentUploads(scope: App, limits: DocumentUploadLimits): Promise<void> {
  await scope.register(multipart, {
    throwFileSizeLimit: false,
    limits: { fileSize: limits.maxFileBytes + 1, files: limits.maxFiles, fields: limits.fields, parts: limits.maxFiles + limits.fields, fieldSize: limits.fieldSize },
  });
  scope.addHook('onRequest', async (request) => {
    const length = declaredLength(request);
    if (length !== null && length > limits.maxTotalBytes + MULTIPART_OVERHEAD) throw new DomainError('DOSSIER_FILES_TOO_LARGE', { maxMb: megabytes(limits.maxTotalBytes) });
  });
}

export interface DocumentUploadProblem {
  documentId: string;
  error: DomainError;
}

export interface DocumentUploads {
  /** The fields after the CSRF token (the last value of each name). */
  fields: Record<string, string>;
  uploaded: number;
  /** Files refused with a DomainError the form shows next to their document. */
  problems: DocumentUploadProblem[];
}

/**
 * Reads a page's multipart upload: the CSRF token must be the first field (403 otherwise, before any file is
 * read); each non-empty file "file-<documentId>" is handed to `store`. A refusal (DomainError below 500 whose
 * code is not in `fatalCodes`) is collected as a problem of its document and the next files are still read;
 * anything else is thrown.
 */
export async function readDocumentUploads(
  request: FastifyRequest,
  store: (documentId: string, file: { source: Readable; filename: string; declaredType: string }) => Promise<unknown>,
  fatalCodes: readonly string[] = ['NOT_FOUND'],
): Promise<DocumentUploads> {
  if (!request.isMultipart()) throw new DomainError('UNSUPPORTED_MEDIA_TYPE');
  let csrfChecked = false;
  const fields: Record<string, string> = {};
  let uploaded = 0;
  const problems: DocumentUploadProblem[] = [];
  for await (const part of request.parts()) {
    if (part.type === 'field') {
      const value = typeof part.value === 'string' ? part.value : undefined;
      if (!csrfChecked) {
        if (part.fieldname !== '_csrf' || !sameToken(value, request.csrfToken)) throw new DomainError('CSRF_INVALID');
        csrfChecked = true;
      } else if (value !== undefined) {
        checkTextField(part.fieldname, value);
        fields[part.fieldname] = value;
      }
      continue;
    }
    if (!csrfChecked) {
      part.file.resume();
      throw new DomainError('CSRF_INVALID');
    }
    try {
      checkTextField(part.fieldname, part.fieldname);
    } catch (error) {
      part.file.resume();
      throw error;
    }
    const documentId = part.fieldname.startsWith('file-') ? part.fieldname.slice(5) : '';
    if (!part.filename) {
      // An empty slot: nothing chosen for this document.
      part.file.resume();
      continue;
    }
    try {
      await store(documentId, { source: part.file, filename: part.filename, declaredType: part.mimetype });
      uploaded++;
    } catch (error) {
      part.file.resume();
      if (!(error instanceof DomainError) || error.status >= 500 || fatalCodes.includes(error.code)) throw error;
      problems.push({ documentId, error });
    }
  }
  if (!csrfChecked) throw new DomainError('CSRF_INVALID');
  return { fields, uploaded, problems };
}

/**
 * The form errors of refused files, each tied to its document's field (`fieldOf`, default "file-<documentId>"),
 * with the reply's status set to the most severe; a refused large file is not read to its end, so after a 413
 * the connection closes.
 */
export function uploadProblems(reply: FastifyReply, problems: DocumentUploadProblem[], locale: Locale, fieldOf = (documentId: string) => `file-${documentId}`): FormErrors {
  const summary: FormErrors['summary'] = [];
  const byField: Record<string, string> = {};
  for (const { documentId, error } of problems) {
    const errors = formErrors(error, locale)!;
    const field = fieldOf(documentId);
    const message = errors.summary.find((s) => s.field === 'file')?.message ?? errors.title;
    summary.push({ field, href: `#${field}`, message });
    byField[field] ??= message;
  }
  const status = Math.max(...problems.map((p) => p.error.status));
  reply.status(status);
  if (status === 413) reply.header('connection', 'close');
  return { title: summary[0]!.message, summary, byField };
}
