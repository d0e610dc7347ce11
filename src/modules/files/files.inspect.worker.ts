// The content inspector's child process (forked by files.inspect.ts with a small heap): it answers one message
// {id, path, limits} at a time with {id, result}. It reads a bounded number of bytes (the head, the tail, the
// central directory, each local header) and inflates ZIP entries through node:zlib with a counter that stops at the
// declared size, which the rules bounded beforehand. Whatever a crafted file does here — a crash, an endless
// loop — costs this process only: the parent kills and replaces it.
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { createInflateRaw } from 'node:zlib';
import {
  HEAD_BYTES,
  LOCAL_HEADER_BYTES,
  TAIL_BYTES,
  descriptorLength,
  isNestedArchive,
  layoutValid,
  localNameMatches,
  packageType,
  parseCentralDirectory,
  parseEocd,
  parseLocalHeader,
  sizesWithinLimits,
  sniff,
  type EntrySpan,
  type InspectionResult,
  type ZipEntry,
  type ZipLimits,
} from './files.inspect.rules.ts';

export interface InspectRequest {
  id: number;
  path: string;
  limits: ZipLimits;
}

export interface InspectResponse {
  id: number;
  result: InspectionResult;
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return buffer.subarray(0, done);
}

class Refused extends Error {
  constructor(readonly result: InspectionResult) {
    super('refused');
  }
}

const refuse = (reason: Extract<InspectionResult, { ok: false }>['reason']) => new Refused({ ok: false, reason });

/**
 * Decompresses one entry, counting: more output than the declared size stops at once ('too_large' when that
 * was the ratio/total budget, 'malformed' for a lying size), less is 'malformed' too. Keeps the first bytes and,
 * when `keep` > 0, up to `keep` bytes of the content.
 */
async function inflateEntry(filePath: string, entry: ZipEntry, dataStart: number, keep: number): Promise<{ first: Buffer; kept: Buffer }> {
  const first: Buffer[] = [];
  let firstLength = 0;
  const kept: Buffer[] = [];
  let keptLength = 0;
  let produced = 0;
  if (entry.compressedSize === 0) {
    if (entry.uncompressedSize !== 0) throw refuse('malformed');
    return { first: Buffer.alloc(0), kept: Buffer.alloc(0) };
  }
  const source = createReadStream(filePath, { start: dataStart, end: dataStart + entry.compressedSize - 1, highWaterMark: 64 * 1024 });
  const inflate = entry.method === 8 ? createInflateRaw({ chunkSize: 64 * 1024 }) : null;
  if (inflate) source.on('error', (error) => inflate.destroy(error));
  const stream = inflate ? source.pipe(inflate) : source;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      produced += chunk.length;
      if (produced > entry.uncompressedSize) throw refuse('malformed');
      if (firstLength < 16) {
        first.push(chunk.subarray(0, 16 - firstLength));
        firstLength += Math.min(16 - firstLength, chunk.length);
      }
      if (keptLength < keep) {
        const piece = chunk.subarray(0, keep - keptLength);
        kept.push(piece);
        keptLength += piece.length;
      }
    }
  } catch (error) {
    if (error instanceof Refused) throw error;
    throw refuse('malformed');
  } finally {
    source.destroy();
    inflate?.destroy();
  }
  if (produced !== entry.uncompressedSize) throw refuse('malformed');
  return { first: Buffer.concat(first), kept: Buffer.concat(kept) };
}

async function inspectZip(filePath: string, handle: FileHandle, size: number, tail: Buffer, limits: ZipLimits): Promise<InspectionResult> {
  const directory = parseEocd(tail, size, limits);
  if ('refused' in directory) return { ok: false, reason: directory.refused };
  const cd = await readAt(handle, directory.centralDirectoryOffset, directory.centralDirectorySize);
  if (cd.length !== directory.centralDirectorySize) return { ok: false, reason: 'malformed' };
  const entries = parseCentralDirectory(cd, directory.entryCount, limits);
  if (!Array.isArray(entries)) return { ok: false, reason: entries.refused };
  if (!sizesWithinLimits(entries, limits)) return { ok: false, reason: 'too_large' };
  const spans: EntrySpan[] = [];
  const dataStarts = new Map<ZipEntry, number>();
  for (const entry of entries) {
    const header = await readAt(handle, entry.localHeaderOffset, LOCAL_HEADER_BYTES);
    const local = parseLocalHeader(header, entry);
    if ('refused' in local) return { ok: false, reason: local.refused };
    const variable = await readAt(handle, entry.localHeaderOffset + LOCAL_HEADER_BYTES, local.variableLength);
    if (variable.length !== local.variableLength) return { ok: false, reason: 'malformed' };
    const name = localNameMatches(variable, entry);
    if (name === 'zip64') return { ok: false, reason: 'zip64' };
    if (!name) return { ok: false, reason: 'malformed' };
    const dataStart = entry.localHeaderOffset + LOCAL_HEADER_BYTES + local.variableLength;
    const dataEnd = dataStart + entry.compressedSize;
    if (dataEnd > directory.centralDirectoryOffset) return { ok: false, reason: 'malformed' };
    const descriptor = descriptorLength(await readAt(handle, dataEnd, 16), entry);
    if (descriptor < 0) return { ok: false, reason: 'malformed' };
    spans.push({ start: entry.localHeaderOffset, end: dataEnd + descriptor });
    dataStarts.set(entry, dataStart);
  }
  if (!layoutValid(spans, directory.centralDirectoryOffset)) return { ok: false, reason: 'malformed' };
  const names = new Set(entries.map((e) => e.name));
  const firstEntry = entries.reduce((a, b) => (b.localHeaderOffset < a.localHeaderOffset ? b : a));
  let mimetype: string | null = null;
  let contentTypes: string | null = null;
  for (const entry of entries) {
    const keep = entry.name === '[Content_Types].xml' ? limits.maxContentTypesBytes : entry === firstEntry && entry.name === 'mimetype' ? 100 : 0;
    if (entry.name === '[Content_Types].xml' && entry.uncompressedSize > limits.maxContentTypesBytes) return { ok: false, reason: 'too_large' };
    const { first, kept } = await inflateEntry(filePath, entry, dataStarts.get(entry)!, keep);
    if (isNestedArchive(entry.name, first)) return { ok: false, reason: 'nested' };
    if (entry.name === '[Content_Types].xml') contentTypes = kept.toString('utf8');
    else if (keep) mimetype = kept.toString('latin1');
  }
  return packageType(names, firstEntry, mimetype, contentTypes);
}

/** Inspects the file at `filePath` (see files.inspect.rules.ts for what is accepted). */
export async function inspectFile(filePath: string, limits: ZipLimits): Promise<InspectionResult> {
  const handle = await open(filePath, 'r');
  try {
    const { size } = await handle.stat();
    const head = await readAt(handle, 0, Math.min(size, HEAD_BYTES));
    const tailLength = Math.min(size, TAIL_BYTES);
    const tail = await readAt(handle, size - tailLength, tailLength);
    const first = sniff(head, tail, size);
    if ('refused' in first) return { ok: false, reason: first.refused };
    if ('type' in first) return { ok: true, type: first.type };
    return await inspectZip(filePath, handle, size, tail, limits);
  } catch (error) {
    if (error instanceof Refused) return error.result;
    throw error;
  } finally {
    await handle.close();
  }
}

/** The child's loop: one request at a time (the parent sends the next only after the answer). */
export function serveInspections(handle: (request: InspectRequest) => Promise<InspectionResult> = (r) => inspectFile(r.path, r.limits)): void {
  process.on('message', (message: InspectRequest) => {
    handle(message).then(
      (result) => process.send!({ id: message.id, result } satisfies InspectResponse),
      // An I/O error (the file vanished) is the parent's "check failed", like a crash.
      () => process.send!({ id: message.id, result: null }),
    );
  });
  // The parent went away: nothing more to do.
  process.on('disconnect', () => process.exit(0));
  process.send!({ ready: true });
}

if (process.send && process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) serveInspections();
