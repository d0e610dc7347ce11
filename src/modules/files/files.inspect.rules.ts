// Content inspection rules: our own strict detector for the few file types the portal accepts, and a ZIP parser with
// hard bounds. Pure: functions over byte buffers the worker (files.inspect.worker.ts) read; no I/O, no clock.
//
// Accepted by content: PDF, JPEG, PNG, OLE compound files (DOC/XLS templates), and ZIP packages that are DOCX,
// XLSX (decided by [Content_Types].xml) or ODT (the `mimetype` entry). Everything else — and every archive that is
// malformed, truncated, Zip64, encrypted, nested, a polyglot or a decompression bomb — is refused.

export type DetectedType = 'pdf' | 'jpg' | 'png' | 'ole' | 'docx' | 'xlsx' | 'odt';

/** Why content is refused (each maps to one error code, see `refusalCode`). */
export type Refusal =
  | 'unknown' // none of the accepted types
  | 'markup' // HTML / script / SVG / XML markup
  | 'polyglot' // carries a second format (a ZIP directory in its tail, `%PDF-` inside another type)
  | 'malformed' // a structure that does not hold together (truncated, lying sizes, data outside entries…)
  | 'zip64'
  | 'encrypted'
  | 'nested' // an archive inside the archive
  | 'too_large' // decompressed size, ratio or entry count beyond the limits (a "zip bomb")
  | 'macro'; // a macro-enabled Office package

export type InspectionResult = { ok: true; type: DetectedType } | { ok: false; reason: Refusal };

/** What the parent asks the worker to check; `limits` are computed by the parent from the configuration. */
export type InspectionKind = 'attachment' | 'template' | 'result' | 'import';

export interface ZipLimits {
  /** Entries in one archive. */
  maxEntries: number;
  /** Size of the central directory. */
  maxCentralDirectoryBytes: number;
  /** Length of one entry name. */
  maxNameBytes: number;
  /** Sum of the decompressed sizes of all entries. */
  maxDecompressedBytes: number;
  /** Decompressed / compressed of one entry (above `ratioFloorBytes`). */
  maxRatio: number;
  /** Entries up to this many decompressed bytes are not subject to the ratio (small repetitive XML). */
  ratioFloorBytes: number;
  /** At most this much of [Content_Types].xml is read. */
  maxContentTypesBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 2000,
  maxCentralDirectoryBytes: 1024 * 1024,
  maxNameBytes: 512,
  maxDecompressedBytes: 100 * 1024 * 1024,
  maxRatio: 200,
  ratioFloorBytes: 1024 * 1024,
  maxContentTypesBytes: 256 * 1024,
};

/** Bytes the worker reads at the start and at the end of a file. */
export const HEAD_BYTES = 4096;
/** EOCD record (22) + the longest comment (65535). */
export const TAIL_BYTES = 22 + 65535;

const LOCAL_SIG = 0x04034b50;
const CENTRAL_SIG = 0x02014b50;
const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const DESCRIPTOR_SIG = 0x08074b50;
export const LOCAL_HEADER_BYTES = 30;
const CENTRAL_HEADER_BYTES = 46;
const EOCD_BYTES = 22;

const EOCD_MARK = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
const PDF_MARK = Buffer.from('%PDF-', 'latin1');

function startsWith(buf: Uint8Array, bytes: readonly number[], at = 0): boolean {
  if (buf.length < at + bytes.length) return false;
  for (let i = 0; i < bytes.length; i++) if (buf[at + i] !== bytes[i]) return false;
  return true;
}

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const PNG_IHDR = [0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52];
const JPEG = [0xff, 0xd8, 0xff];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ZIP_LOCAL = [0x50, 0x4b, 0x03, 0x04];
const ZIP_EMPTY = [0x50, 0x4b, 0x05, 0x06];

/** HTML, script, SVG or XML markup at the start (after a BOM and white space). */
export function startsWithMarkup(head: Buffer): boolean {
  let text = head.subarray(0, 512).toString('latin1');
  text = text.replace(/^(\xef\xbb\xbf|\xfe\xff|\xff\xfe)/, '').replace(/^[\s\0]+/, '').toLowerCase();
  return /^<(!doctype|html|head|body|script|svg|\?xml|iframe|object|embed|meta|a\s|img|div|style|!--)/.test(text);
}

/** OLE compound file header sanity (DOC/XLS): signature, byte order, sector sizes, a size that fits. */
export function oleHeaderValid(head: Buffer, size: number): boolean {
  if (head.length < 512 || !startsWith(head, OLE)) return false;
  const major = head.readUInt16LE(26);
  const byteOrder = head.readUInt16LE(28);
  const sectorShift = head.readUInt16LE(30);
  const miniShift = head.readUInt16LE(32);
  const directorySectors = head.readUInt32LE(40);
  const miniCutoff = head.readUInt32LE(56);
  if (byteOrder !== 0xfffe || miniShift !== 6 || miniCutoff !== 4096) return false;
  if (major === 3) {
    if (sectorShift !== 9 || directorySectors !== 0) return false;
  } else if (major === 4) {
    if (sectorShift !== 12) return false;
  } else return false;
  const sector = 1 << sectorShift;
  // The header takes one sector; a real file has at least a FAT sector and a directory sector after it.
  return size >= sector + 2 * 512;
}

/**
 * The first decision, from the first bytes and the last bytes of the file: a simple type, 'zip' (the archive
 * checks follow), or a refusal. Polyglots: a non-ZIP file with a ZIP end-of-central-directory record in its tail,
 * or a non-PDF file with `%PDF-` in its first 1024 bytes.
 */
export function sniff(head: Buffer, tail: Buffer, size: number): { type: DetectedType } | { zip: true } | { refused: Refusal } {
  if (size === 0 || head.length === 0) return { refused: 'unknown' };
  if (startsWith(head, ZIP_LOCAL) || startsWith(head, ZIP_EMPTY)) {
    if (head.subarray(0, 1024).includes(PDF_MARK)) return { refused: 'polyglot' };
    return { zip: true };
  }
  if (tail.includes(EOCD_MARK)) return { refused: 'polyglot' };
  const isPdf = startsWith(head, [...PDF_MARK]);
  if (!isPdf && head.subarray(0, 1024).includes(PDF_MARK)) return { refused: 'polyglot' };
  if (isPdf) {
    // A version after the marker ("%PDF-1.7", "%PDF-2.0"). The end is not required: readers tolerate trailing bytes.
    if (head.length < 8 || head[5]! < 0x31 || head[5]! > 0x32 || head[6] !== 0x2e) return { refused: 'malformed' };
    return { type: 'pdf' };
  }
  if (startsWith(head, PNG)) return startsWith(head, PNG_IHDR, 8) ? { type: 'png' } : { refused: 'malformed' };
  // JPEG: trailing data after the end-of-image marker is tolerated (cameras append their own), a ZIP is not (above).
  if (startsWith(head, JPEG)) return size >= 4 ? { type: 'jpg' } : { refused: 'malformed' };
  if (startsWith(head, OLE)) return oleHeaderValid(head, size) ? { type: 'ole' } : { refused: 'malformed' };
  if (startsWithMarkup(head)) return { refused: 'markup' };
  return { refused: 'unknown' };
}

// --- ZIP ---------------------------------------------------------------------------------------------------

export interface ZipDirectory {
  centralDirectoryOffset: number;
  centralDirectorySize: number;
  entryCount: number;
}

/**
 * Finds the end-of-central-directory record in `tail` (the last bytes of a file of `size` bytes). It must end the
 * file exactly (its comment reaching the last byte: nothing after it), describe one disk, and its central
 * directory must end right where the record starts (no Zip64 locator, no data in between).
 */
export function parseEocd(tail: Buffer, size: number, limits: ZipLimits = DEFAULT_ZIP_LIMITS): ZipDirectory | { refused: Refusal } {
  const tailStart = size - tail.length;
  for (let i = tail.length - EOCD_BYTES; i >= 0; i--) {
    if (tail.readUInt32LE(i) !== EOCD_SIG) continue;
    const commentLength = tail.readUInt16LE(i + 20);
    if (i + EOCD_BYTES + commentLength !== tail.length) continue;
    const disk = tail.readUInt16LE(i + 4);
    const cdDisk = tail.readUInt16LE(i + 6);
    const onDisk = tail.readUInt16LE(i + 8);
    const total = tail.readUInt16LE(i + 10);
    const cdSize = tail.readUInt32LE(i + 12);
    const cdOffset = tail.readUInt32LE(i + 16);
    if (total === 0xffff || onDisk === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) return { refused: 'zip64' };
    const eocdOffset = tailStart + i;
    if (eocdOffset >= 20 && i >= 20 && tail.readUInt32LE(i - 20) === ZIP64_LOCATOR_SIG) return { refused: 'zip64' };
    if (disk !== 0 || cdDisk !== 0 || onDisk !== total) return { refused: 'malformed' };
    if (total > limits.maxEntries) return { refused: 'too_large' };
    if (cdSize > limits.maxCentralDirectoryBytes) return { refused: 'too_large' };
    if (total === 0 || cdOffset + cdSize !== eocdOffset) return { refused: 'malformed' };
    return { centralDirectoryOffset: cdOffset, centralDirectorySize: cdSize, entryCount: total };
  }
  return { refused: 'malformed' };
}

export interface ZipEntry {
  name: string;
  /** The name's raw bytes (compared with the local header's). */
  nameBytes: Buffer;
  flags: number;
  method: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

/** Parses the central directory (`cd`, exactly `entryCount` records filling it). */
export function parseCentralDirectory(cd: Buffer, entryCount: number, limits: ZipLimits = DEFAULT_ZIP_LIMITS): ZipEntry[] | { refused: Refusal } {
  const entries: ZipEntry[] = [];
  const names = new Set<string>();
  let at = 0;
  for (let n = 0; n < entryCount; n++) {
    if (at + CENTRAL_HEADER_BYTES > cd.length || cd.readUInt32LE(at) !== CENTRAL_SIG) return { refused: 'malformed' };
    const flags = cd.readUInt16LE(at + 8);
    const method = cd.readUInt16LE(at + 10);
    const crc32 = cd.readUInt32LE(at + 16);
    const compressedSize = cd.readUInt32LE(at + 20);
    const uncompressedSize = cd.readUInt32LE(at + 24);
    const nameLength = cd.readUInt16LE(at + 28);
    const extraLength = cd.readUInt16LE(at + 30);
    const commentLength = cd.readUInt16LE(at + 32);
    const diskStart = cd.readUInt16LE(at + 34);
    const localHeaderOffset = cd.readUInt32LE(at + 42);
    const end = at + CENTRAL_HEADER_BYTES + nameLength + extraLength + commentLength;
    if (end > cd.length) return { refused: 'malformed' };
    if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff || localHeaderOffset === 0xffffffff || diskStart === 0xffff) return { refused: 'zip64' };
    const extra = cd.subarray(at + CENTRAL_HEADER_BYTES + nameLength, at + CENTRAL_HEADER_BYTES + nameLength + extraLength);
    if (hasExtraField(extra, 0x0001)) return { refused: 'zip64' };
    // Bit 0: encrypted; bit 6: strong encryption; bit 13: encrypted central directory. AES (method 99) too.
    if (flags & 0x0001 || flags & 0x0040 || flags & 0x2000 || method === 99 || hasExtraField(extra, 0x9901)) return { refused: 'encrypted' };
    if (method !== 0 && method !== 8) return { refused: 'malformed' };
    if (method === 0 && compressedSize !== uncompressedSize) return { refused: 'malformed' };
    if (diskStart !== 0) return { refused: 'malformed' };
    if (nameLength === 0 || nameLength > limits.maxNameBytes) return { refused: 'malformed' };
    const nameBytes = Buffer.from(cd.subarray(at + CENTRAL_HEADER_BYTES, at + CENTRAL_HEADER_BYTES + nameLength));
    if (nameBytes.includes(0)) return { refused: 'malformed' };
    const name = nameBytes.toString(flags & 0x0800 ? 'utf8' : 'latin1');
    if (names.has(name)) return { refused: 'malformed' };
    names.add(name);
    entries.push({ name, nameBytes, flags, method, crc32, compressedSize, uncompressedSize, localHeaderOffset });
    at = end;
  }
  if (at !== cd.length) return { refused: 'malformed' };
  return entries;
}

function hasExtraField(extra: Buffer, id: number): boolean {
  let at = 0;
  while (at + 4 <= extra.length) {
    if (extra.readUInt16LE(at) === id) return true;
    at += 4 + extra.readUInt16LE(at + 2);
  }
  return false;
}

/**
 * Checks the fixed part of an entry's local header against its central directory record; returns the length of
 * the variable part (name + extra) that follows. The name itself is compared by `localNameMatches`.
 */
export function parseLocalHeader(header: Buffer, entry: ZipEntry): { variableLength: number } | { refused: Refusal } {
  if (header.length < LOCAL_HEADER_BYTES || header.readUInt32LE(0) !== LOCAL_SIG) return { refused: 'malformed' };
  const flags = header.readUInt16LE(6);
  const method = header.readUInt16LE(8);
  const crc32 = header.readUInt32LE(14);
  const compressedSize = header.readUInt32LE(18);
  const uncompressedSize = header.readUInt32LE(22);
  const nameLength = header.readUInt16LE(26);
  const extraLength = header.readUInt16LE(28);
  if (flags & 0x0001) return { refused: 'encrypted' };
  if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff) return { refused: 'zip64' };
  if ((flags & 0x0809) !== (entry.flags & 0x0809) || method !== entry.method) return { refused: 'malformed' };
  if (nameLength !== entry.nameBytes.length) return { refused: 'malformed' };
  const deferred = (flags & 0x0008) !== 0;
  // With a data descriptor (bit 3) the local header may carry zeros; otherwise it must agree exactly.
  const agrees = (local: number, central: number) => local === central || (deferred && local === 0);
  if (!agrees(crc32, entry.crc32) || !agrees(compressedSize, entry.compressedSize) || !agrees(uncompressedSize, entry.uncompressedSize)) return { refused: 'malformed' };
  return { variableLength: nameLength + extraLength };
}

/** The local header's name (and a Zip64 extra field) against the central directory. */
export function localNameMatches(variable: Buffer, entry: ZipEntry): boolean | 'zip64' {
  const name = variable.subarray(0, entry.nameBytes.length);
  if (!name.equals(entry.nameBytes)) return false;
  if (hasExtraField(variable.subarray(entry.nameBytes.length), 0x0001)) return 'zip64';
  return true;
}

/** Length of the data descriptor after an entry's data (bit 3): 12 bytes, or 16 with its signature; -1 when wrong. */
export function descriptorLength(after: Buffer, entry: ZipEntry): number {
  if (!(entry.flags & 0x0008)) return 0;
  const matches = (at: number) =>
    after.length >= at + 12 && after.readUInt32LE(at) === entry.crc32 && after.readUInt32LE(at + 4) === entry.compressedSize && after.readUInt32LE(at + 8) === entry.uncompressedSize;
  if (after.length >= 16 && after.readUInt32LE(0) === DESCRIPTOR_SIG && matches(4)) return 16;
  if (matches(0)) return 12;
  return -1;
}

export interface EntrySpan {
  /** First byte of the local header. */
  start: number;
  /** One past the last byte of the entry (data and descriptor). */
  end: number;
}

/**
 * The entries, ordered by position, must tile the file from byte 0 to the central directory: no data before the
 * first local header, none between entries (hidden content), no overlap (entries sharing data: a bomb technique).
 */
export function layoutValid(spans: EntrySpan[], centralDirectoryOffset: number): boolean {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let expected = 0;
  for (const span of sorted) {
    if (span.start !== expected || span.end <= span.start) return false;
    expected = span.end;
  }
  return expected === centralDirectoryOffset;
}

/**
 * The declared sizes within the limits: the sum of the decompressed sizes, and each entry's ratio (above a small
 * floor). The worker then checks that the actual output equals the declared size (never inflating more).
 */
export function sizesWithinLimits(entries: ZipEntry[], limits: ZipLimits = DEFAULT_ZIP_LIMITS): boolean {
  let total = 0;
  for (const e of entries) {
    total += e.uncompressedSize;
    if (total > limits.maxDecompressedBytes) return false;
    if (e.uncompressedSize > limits.ratioFloorBytes && e.uncompressedSize > Math.max(1, e.compressedSize) * limits.maxRatio) return false;
  }
  return true;
}

const NESTED_NAMES = /\.(zip|jar|war|apk|7z|rar|gz|tgz|bz2|xz|tar|cab|docx|docm|xlsx|xlsm|pptx|pptm|odt|ods|odp|epub)$/i;
const NESTED_MAGIC: readonly (readonly number[])[] = [
  [0x50, 0x4b, 0x03, 0x04],
  [0x50, 0x4b, 0x05, 0x06],
  [0x50, 0x4b, 0x07, 0x08],
  [0x1f, 0x8b],
  [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c],
  [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07],
  [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00],
  [0x42, 0x5a, 0x68],
  [0x4d, 0x53, 0x43, 0x46],
];

/** An entry that is itself an archive, by its name or its first bytes. */
export function isNestedArchive(name: string, firstBytes: Buffer): boolean {
  if (NESTED_NAMES.test(name)) return true;
  return NESTED_MAGIC.some((magic) => startsWith(firstBytes, magic));
}

const ODT_MIMETYPE = 'application/vnd.oasis.opendocument.text';
const MAIN_TYPES: Record<string, 'docx' | 'xlsx' | 'macro'> = {
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml': 'xlsx',
  'application/vnd.ms-word.document.macroenabled.main+xml': 'macro',
  'application/vnd.ms-excel.sheet.macroenabled.main+xml': 'macro',
};

/**
 * Which document a ZIP package is: ODT when its first entry is a stored `mimetype` naming an OpenDocument text;
 * DOCX/XLSX when [Content_Types].xml declares the main part of one (and that part exists); otherwise refused.
 * `firstEntry` is the entry at offset 0, `mimetype` its content when it is the `mimetype` entry.
 */
export function packageType(
  names: ReadonlySet<string>,
  firstEntry: ZipEntry,
  mimetype: string | null,
  contentTypes: string | null,
): InspectionResult {
  if (firstEntry.name === 'mimetype') {
    if (firstEntry.method === 0 && mimetype === ODT_MIMETYPE && names.has('META-INF/manifest.xml') && names.has('content.xml')) return { ok: true, type: 'odt' };
    return { ok: false, reason: 'unknown' };
  }
  if (contentTypes === null) return { ok: false, reason: 'unknown' };
  const found = new Set<'docx' | 'xlsx' | 'macro'>();
  for (const match of contentTypes.matchAll(/<Override\b([^>]*)\/?>/g)) {
    const attrs = match[1]!;
    const type = /\bContentType\s*=\s*"([^"]*)"/.exec(attrs)?.[1]?.toLowerCase();
    const part = /\bPartName\s*=\s*"([^"]*)"/.exec(attrs)?.[1];
    const kind = type ? MAIN_TYPES[type] : undefined;
    if (!kind || !part) continue;
    if (kind !== 'macro' && !names.has(decodeURIComponent(part.replace(/^\//, '')))) return { ok: false, reason: 'malformed' };
    found.add(kind);
  }
  if (found.has('macro')) return { ok: false, reason: 'macro' };
  if (found.size !== 1) return { ok: false, reason: 'unknown' };
  return { ok: true, type: [...found][0] as 'docx' | 'xlsx' };
}

// --- what the routes accept ------------------------------------------------------------------------------

export const ACCEPTED: Record<InspectionKind, readonly DetectedType[]> = {
  attachment: ['pdf', 'jpg', 'png', 'docx', 'xlsx'],
  template: ['pdf', 'ole', 'docx', 'xlsx', 'odt'],
  result: ['pdf', 'png', 'jpg'],
  import: ['xlsx'],
};

/** "PDF, JPEG, PNG, DOCX, XLSX": what a route accepts, for messages. */
export function expectedTypes(kind: InspectionKind): string {
  return ACCEPTED[kind].map((t) => (t === 'ole' ? 'DOC, XLS' : t === 'jpg' ? 'JPEG' : t.toUpperCase())).join(', ');
}

/** The extensions a detected type may carry (the first is the one given to a name without extension). */
export const TYPE_EXTENSIONS: Record<DetectedType, readonly string[]> = {
  pdf: ['pdf'],
  jpg: ['jpg', 'jpeg'],
  png: ['png'],
  ole: ['doc', 'xls'],
  docx: ['docx'],
  xlsx: ['xlsx'],
  odt: ['odt'],
};

export const MEDIA_TYPES: Record<Exclude<DetectedType, 'ole'>, string> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  png: 'image/png',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  odt: 'application/vnd.oasis.opendocument.text',
};

// --- the accepted attachment types: the one list (applicants' documents, counter scans, the personal store) ---

/** Extension → media type stored, for the content an attachment may have: pdf, jpg, png, docx, xlsx. */
export const ATTACHMENT_TYPES: Readonly<Record<string, string>> = Object.fromEntries(
  ACCEPTED.attachment.map((t) => [t, MEDIA_TYPES[t as Exclude<DetectedType, 'ole'>]]),
);

/** The media types an attached file may be stored with. */
export const ATTACHMENT_MEDIA_TYPES: readonly string[] = Object.values(ATTACHMENT_TYPES);

/** The `accept` attribute of an attachment's file input: every extension, then the media types. */
export const ATTACHMENT_ACCEPT = [...ACCEPTED.attachment.flatMap((t) => TYPE_EXTENSIONS[t].map((e) => `.${e}`)), ...ATTACHMENT_MEDIA_TYPES].join(',');

/** "PDF, JPG, PNG, DOCX, XLSX": the attachment types as the pages name them. */
export const ATTACHMENT_EXTENSIONS = Object.keys(ATTACHMENT_TYPES).map((e) => e.toUpperCase()).join(', ');

/** The media type to store for an attachment detected as `detected`, or null when attachments refuse it. */
export function attachmentMediaType(detected: string | null | undefined): string | null {
  return (detected && ATTACHMENT_TYPES[detected]) || null;
}

/** Extensions that name a file type: a name carrying one of these must match the content. */
const TYPE_NAMING_EXTENSIONS = new Set([
  ...Object.values(TYPE_EXTENSIONS).flat(),
  'gif', 'bmp', 'tif', 'tiff', 'webp', 'heic', 'heif', 'svg', 'ico', 'ods', 'odp', 'ppt', 'pptx', 'rtf', 'txt', 'csv', 'xml', 'json',
  'html', 'htm', 'xhtml', 'js', 'mjs', 'php', 'zip', 'rar', '7z', 'gz', 'tar', 'exe', 'dll', 'msi', 'bat', 'cmd', 'sh', 'ps1', 'vbs', 'jar',
  'apk', 'iso', 'docm', 'xlsm', 'dotx', 'xltx', 'mp3', 'mp4', 'avi', 'mov',
]);

/** Lower-case extension of a name without the dot ('' when none). */
function extension(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/**
 * The name to store for content of type `type`: a name whose extension names another type is refused (null);
 * `jpg`/`jpeg` are one; a name without an extension (or with one that names no type, "v1.2") gets the type's.
 */
export function nameForType(name: string, type: DetectedType): string | null {
  const ext = extension(name);
  if (TYPE_EXTENSIONS[type].includes(ext)) return name;
  if (TYPE_NAMING_EXTENSIONS.has(ext)) return null;
  return `${name || 'tep'}.${TYPE_EXTENSIONS[type][0]}`;
}
