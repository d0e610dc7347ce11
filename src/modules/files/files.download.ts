// A stored file as an HTTP download: its type, length and name (contentDisposition), never sniffed by the browser.
import type { FastifyReply } from 'fastify';
import { contentDisposition, type OpenedFile } from './files.service.ts';

/** `cacheControl`: 'private, no-store' for a person's files, 'public, max-age=…' for published templates. */
export function sendStoredFile(reply: FastifyReply, opened: OpenedFile, cacheControl: string) {
  reply.header('content-type', opened.file.media_type);
  reply.header('content-length', String(opened.file.size_bytes));
  reply.header('content-disposition', contentDisposition(opened.file.original_name));
  reply.header('x-content-type-options', 'nosniff');
  reply.header('cache-control', cacheControl);
  return reply.send(opened.stream);
}
