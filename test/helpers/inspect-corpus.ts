// A hostile-upload corpus, generated here (node:zlib): valid small files of every accepted type, and archives and
// polyglots the content inspection (src/modules/files/files.inspect*.ts) must refuse. Used by the rules tests and
// the upload route tests.
import { constants, crc32, deflateRawSync } from 'node:zlib';

export interface ZipEntrySpec {
  name: string;
  data: Buffer;
  /** 8 (deflate, default) or 0 (stored). */
  method?: 0 | 8;
  flags?: number;
  /** Written instead of the real values (lying headers). */
  centralUncompressed?: number;
  centralCompressed?: number;
  localName?: string;
  /** Compressed bytes to write instead of deflating `data`. */
  raw?: Buffer;
  /** A Zip64 extra field on the entry. */
  zip64Extra?: boolean;
  /** Write a data descriptor (flag bit 3) after the data, with sizes 0 in the local header. */
  descriptor?: boolean;
}

export interface ZipOptions {
  /** Bytes before the first local header. */
  prefix?: Buffer;
  /** Bytes between the entries and the central directory. */
  gap?: Buffer;
  /** Bytes after the end-of-central-directory record (outside its comment). */
  suffix?: Buffer;
  /** 0xffff entry counts in the EOCD (the Zip64 marker). */
  zip64Eocd?: boolean;
  /** Make the second entry's central record point at the first entry's local header (overlap). */
  overlap?: boolean;
}

export function buildZip(entries: ZipEntrySpec[], options: ZipOptions = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = options.prefix?.length ?? 0;
  const offsets: number[] = [];
  for (const e of entries) {
    const method = e.method ?? 8;
    const compressed = e.raw ?? (method === 8 ? deflateRawSync(e.data) : e.data);
    const crc = crc32(e.data);
    const name = Buffer.from(e.name, 'utf8');
    const localName = Buffer.from(e.localName ?? e.name, 'utf8');
    const flags = (e.flags ?? 0) | 0x0800 | (e.descriptor ? 0x0008 : 0);
    const extra = e.zip64Extra ? Buffer.from([0x01, 0x00, 0x10, 0x00, ...Buffer.alloc(16)]) : Buffer.alloc(0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(e.descriptor ? 0 : crc, 14);
    local.writeUInt32LE(e.descriptor ? 0 : compressed.length, 18);
    local.writeUInt32LE(e.descriptor ? 0 : (e.centralUncompressed ?? e.data.length), 22);
    local.writeUInt16LE(localName.length, 26);
    local.writeUInt16LE(extra.length, 28);
    const parts = [local, localName, extra, compressed];
    if (e.descriptor) {
      const d = Buffer.alloc(16);
      d.writeUInt32LE(0x08074b50, 0);
      d.writeUInt32LE(crc, 4);
      d.writeUInt32LE(compressed.length, 8);
      d.writeUInt32LE(e.data.length, 12);
      parts.push(d);
    }
    const block = Buffer.concat(parts);
    offsets.push(offset);
    locals.push(block);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(e.centralCompressed ?? compressed.length, 20);
    central.writeUInt32LE(e.centralUncompressed ?? e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(extra.length, 30);
    central.writeUInt32LE(options.overlap && centrals.length === 1 ? offsets[0]! : offset, 42);
    centrals.push(Buffer.concat([central, name, extra]));
    offset += block.length;
  }
  const gap = options.gap ?? Buffer.alloc(0);
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(options.zip64Eocd ? 0xffff : entries.length, 8);
  eocd.writeUInt16LE(options.zip64Eocd ? 0xffff : entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset + gap.length, 16);
  return Buffer.concat([options.prefix ?? Buffer.alloc(0), ...locals, gap, cd, eocd, options.suffix ?? Buffer.alloc(0)]);
}

const CONTENT_TYPES = (main: string, part: string) =>
  Buffer.from(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      `<Default Extension="xml" ContentType="application/xml"/><Override PartName="/${part}" ContentType="${main}"/></Types>`,
  );
const DOCX_MAIN = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml';
const XLSX_MAIN = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml';

export function docxEntries(extra: ZipEntrySpec[] = []): ZipEntrySpec[] {
  return [
    { name: '[Content_Types].xml', data: CONTENT_TYPES(DOCX_MAIN, 'word/document.xml') },
    { name: 'word/document.xml', data: Buffer.from('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Đơn đề nghị</w:t></w:r></w:p></w:body></w:document>') },
    ...extra,
  ];
}

export function xlsxEntries(): ZipEntrySpec[] {
  return [
    { name: '[Content_Types].xml', data: CONTENT_TYPES(XLSX_MAIN, 'xl/workbook.xml') },
    { name: 'xl/workbook.xml', data: Buffer.from('<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>') },
  ];
}

/** An OLE compound file (DOC/XLS) header, version 3 (512-byte sectors), followed by `sectors - 1` empty sectors. */
export function oleFile(sectors: number): Buffer {
  const ole = Buffer.alloc(512 * sectors);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(ole);
  ole.writeUInt16LE(3, 26);
  ole.writeUInt16LE(0xfffe, 28);
  ole.writeUInt16LE(9, 30);
  ole.writeUInt16LE(6, 32);
  ole.writeUInt32LE(4096, 56);
  return ole;
}

export const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
export const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]), Buffer.alloc(40, 1)]);
export const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(40, 2), Buffer.from([0xff, 0xd9])]);

/**
 * A deflate stream of `mib` MiB of zeros (about 1 KiB per MiB), made without ever holding them: non-final
 * segments of 1 MiB (each refers only to its own bytes) repeated, then an empty final block.
 */
export function zeros(mib: number): Buffer {
  const segment = deflateRawSync(Buffer.alloc(1024 * 1024), { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
  return Buffer.concat([...Array.from({ length: mib }, () => segment), deflateRawSync(Buffer.alloc(0))]);
}

export interface CorpusItem {
  name: string;
  bytes: Buffer;
  /** What the inspection decides (the refusal reason, or the accepted type). */
  expect: string;
}

/** The hostile files (each refused) and the valid ones (accepted), with their inspection verdict. */
export function hostileCorpus(): CorpusItem[] {
  const big = 120 * 1024 * 1024; // beyond the default 100 MiB cap
  const bomb = zeros(120);
  return [
    { name: 'malformed.docx', bytes: Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(60, 0x41)]), expect: 'malformed' },
    { name: 'truncated.docx', bytes: buildZip(docxEntries()).subarray(0, 150), expect: 'malformed' },
    { name: 'zip64.docx', bytes: buildZip(docxEntries(), { zip64Eocd: true }), expect: 'zip64' },
    { name: 'zip64-extra.docx', bytes: buildZip(docxEntries([{ name: 'word/x.xml', data: Buffer.from('<x/>'), zip64Extra: true }])), expect: 'zip64' },
    { name: 'nested.docx', bytes: buildZip(docxEntries([{ name: 'word/media/image1.png', data: buildZip(docxEntries()), method: 0 }])), expect: 'nested' },
    // ~200 KiB that declare their real size: refused before inflating anything.
    { name: 'bomb.docx', bytes: buildZip(docxEntries([{ name: 'word/big.xml', data: Buffer.alloc(0), raw: bomb, centralUncompressed: big }])), expect: 'too_large' },
    // The same bomb lying about its size (declares 1 KiB): inflating stops right after the declared size.
    { name: 'lying-bomb.docx', bytes: buildZip(docxEntries([{ name: 'word/big.xml', data: Buffer.alloc(1024), raw: bomb }])), expect: 'malformed' },
    { name: 'lying-sizes.xlsx', bytes: buildZip([xlsxEntries()[0]!, { ...xlsxEntries()[1]!, centralCompressed: 5 }]), expect: 'malformed' },
    { name: 'local-disagrees.docx', bytes: buildZip([docxEntries()[0]!, { ...docxEntries()[1]!, localName: 'word/other.xml' }]), expect: 'malformed' },
    { name: 'encrypted.docx', bytes: buildZip([docxEntries()[0]!, { ...docxEntries()[1]!, flags: 0x0001 }]), expect: 'encrypted' },
    { name: 'overlap.docx', bytes: buildZip(docxEntries(), { overlap: true }), expect: 'malformed' },
    { name: 'prefixed.docx', bytes: buildZip(docxEntries(), { prefix: Buffer.from('MZ hidden executable') }), expect: 'polyglot' },
    { name: 'suffixed.docx', bytes: buildZip(docxEntries(), { suffix: Buffer.from('trailing') }), expect: 'malformed' },
    { name: 'gap.docx', bytes: buildZip(docxEntries(), { gap: Buffer.from('<script>alert(1)</script>') }), expect: 'malformed' },
    { name: 'plain.zip.docx', bytes: buildZip([{ name: 'a.txt', data: Buffer.from('hello') }]), expect: 'unknown' },
    { name: 'polyglot.pdf', bytes: Buffer.concat([PDF, buildZip(docxEntries())]), expect: 'polyglot' },
    { name: 'polyglot-head.pdf', bytes: Buffer.concat([buildZip(docxEntries([{ name: 'a.pdf', data: PDF, method: 0 }]))]), expect: 'polyglot' },
    { name: 'appended.png', bytes: Buffer.concat([PNG, buildZip(docxEntries())]), expect: 'polyglot' },
    { name: 'pdf-in-png.png', bytes: Buffer.concat([PNG.subarray(0, 24), PDF]), expect: 'polyglot' },
    { name: 'page.pdf', bytes: Buffer.from('<!DOCTYPE html><html><script>alert(document.cookie)</script></html>'), expect: 'markup' },
    { name: 'text.pdf', bytes: Buffer.from('just some text'), expect: 'unknown' },
  ];
}

/** Small valid files of each type the attachment routes accept, with a matching name. */
export function validCorpus(): CorpusItem[] {
  return [
    { name: 'don.pdf', bytes: PDF, expect: 'pdf' },
    { name: 'anh.png', bytes: PNG, expect: 'png' },
    { name: 'anh.jpeg', bytes: JPEG, expect: 'jpg' },
    { name: 'to-khai.docx', bytes: buildZip(docxEntries()), expect: 'docx' },
    { name: 'bang.xlsx', bytes: buildZip(xlsxEntries()), expect: 'xlsx' },
  ];
}
