// Multipart forms whose one file is staged to a temp file by the files service before the handler runs (template
// files, the catalog import, the historical import). Registered in a route file's own Fastify scope, so multipart
// parsing applies only to its routes; the fields land on the body (keyValues), the file as a StagedFile.
import { rm } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import type { App } from '../../http/app.ts';
import type { FileStorage, StagedFile } from './files.service.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Largest file a staged-upload route accepts (bytes); else the scope's `maxBytes`. */
    uploadMaxBytes?: number;
  }
}

/** The staged upload of a multipart body field, if one was staged. */
export function stagedFrom(body: unknown, name = 'file'): StagedFile | null {
  const value = multipartField(body, name);
  return isStagedFile(value) ? value : null;
}

/** A text field of a multipart body ('' when absent or not text). */
export function stagedText(body: unknown, name: string): string {
  const value = multipartField(body, name);
  return typeof value === 'string' ? value : '';
}

/** A field of a multipart body (keyValues: text fields are strings, the staged file a StagedFile). */
function multipartField(body: unknown, name: string): unknown {
  return body !== null && typeof body === 'object' && Object.hasOwn(body, name) ? Reflect.get(body, name) : undefined;
}

function isStagedFile(value: unknown): value is StagedFile {
  return value !== null && typeof value === 'object' && 'tempPath' in value && typeof value.tempPath === 'string';
}

/**
 * Multipart with one staged file in this scope: at most the route's `uploadMaxBytes`, else `maxBytes`; the
 * parser's own limit (`parserMaxBytes`) is a safety net above. Only signed-in users get anything written to disk
 * (for others the upload is read and dropped). Staged files that were not stored (errors, CSRF failures) are
 * removed after the response.
 */
export async function registerStagedUploads(
  scope: App,
  files: Pick<FileStorage, 'stage'>,
  options: { maxBytes: number; parserMaxBytes?: number; fields: number; parts: number },
): Promise<void> {
  await scope.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: (options.parserMaxBytes ?? options.maxBytes) + 1, files: 1, fields: options.fields, parts: options.parts },
    async onFile(this: FastifyRequest, part) {
      if (!this.actor) {
        await pipeline(part.file, new Writable({ write: (_chunk, _enc, done) => done() }));
        return;
      }
      const max = this.routeOptions.config.uploadMaxBytes ?? options.maxBytes;
      const staged = await files.stage(part.file, part.filename, { maxBytes: max });
      (part as unknown as { value: unknown }).value = staged;
    },
  });
  scope.addHook('onResponse', async (request) => {
    const staged = stagedFrom(request.body);
    if (staged) await rm(staged.tempPath, { force: true });
  });
}
