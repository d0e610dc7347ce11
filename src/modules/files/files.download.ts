// A stored file, or a document made on request, as an HTTP download: its type, length and name
// (contentDisposition), never sniffed by the browser.
import type { FastifyReply } from 'fastify';
import { contentDisposition, type OpenedFile } from './files.service.ts';

/** `cacheControl`: 'private, no-store' for a person's files, 'public, max-age=…' for published templates. */
export function sendStoredFile(reply: FastifyReply, opened: OpenedFile, cacheControl: string, disposition: 'attachment' | 'inline' = 'attachment') {
  reply.header('content-type', opened.file.media_type);
  reply.header('content-length', String(opened.file.size_bytes));
  reply.header('content-disposition', contentDisposition(opened.file.original_name, disposition));
  reply.header('x-content-type-options', 'nosniff');
  reply.header('cache-control', cacheControl);
  return reply.send(opened.stream);
}

/** A document made on request for one person (a printout's PDF, a spreadsheet): never cached. */
export function sendDocument(reply: FastifyReply, document: { bytes: Buffer; fileName: string; mediaType: string }, disposition: 'attachment' | 'inline' = 'inline') {
  return reply
    .header('content-type', document.mediaType)
    .header('content-length', String(document.bytes.length))
    .header('content-disposition', contentDisposition(document.fileName, disposition))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(document.bytes);
}
