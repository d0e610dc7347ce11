// The content inspection rules (src/modules/files/files.inspect.rules.ts), table-driven, and the worker's
// decision (inspectFile, in this process) over the generated hostile corpus.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  DEFAULT_ZIP_LIMITS,
  TAIL_BYTES,
  isNestedArchive,
  layoutValid,
  nameForType,
  packageType,
  parseCentralDirectory,
  parseEocd,
  sizesWithinLimits,
  sniff,
  expectedTypes,
  type ZipEntry,
} from '../../src/modules/files/files.inspect.rules.ts';
import { inspectFile } from '../../src/modules/files/files.inspect.worker.ts';
import { JPEG, PDF, PNG, buildZip, oleFile, docxEntries, hostileCorpus, validCorpus, xlsxEntries } from '../helpers/inspect-corpus.ts';

const tailOf = (b: Buffer) => b.subarray(Math.max(0, b.length - TAIL_BYTES));
const sniffOf = (b: Buffer) => {
  const r = sniff(b.subarray(0, 4096), tailOf(b), b.length);
  return 'type' in r ? r.type : 'zip' in r ? 'zip' : r.refused;
};

describe('sniff: the first decision from the head and the tail', () => {
  const ole = oleFile(4);
  const badOle = Buffer.from(ole);
  badOle.writeUInt16LE(0x1234, 28);
  const cases: Array<[string, Buffer, string]> = [
    ['PDF', PDF, 'pdf'],
    ['PDF without a version', Buffer.from('%PDF-x\n%%EOF\n'), 'malformed'],
    ['PNG', PNG, 'png'],
    ['PNG signature without IHDR', PNG.subarray(0, 8), 'malformed'],
    ['JPEG', JPEG, 'jpg'],
    ['OLE (DOC/XLS) with a sane header', ole, 'ole'],
    ['OLE with a wrong byte order', badOle, 'malformed'],
    ['OLE header only (truncated)', ole.subarray(0, 512), 'malformed'],
    ['ZIP', buildZip(docxEntries()), 'zip'],
    ['empty', Buffer.alloc(0), 'unknown'],
    ['HTML', Buffer.from('\ufeff  <!doctype html><p>x'), 'markup'],
    ['SVG', Buffer.from('<svg onload="alert(1)"/>'), 'markup'],
    ['XML', Buffer.from('<?xml version="1.0"?><a/>'), 'markup'],
    ['plain text', Buffer.from('hello'), 'unknown'],
    ['executable', Buffer.from('MZ\x90\x00'), 'unknown'],
    ['PDF followed by a ZIP', Buffer.concat([PDF, buildZip(docxEntries())]), 'polyglot'],
    ['JPEG followed by a ZIP', Buffer.concat([JPEG, buildZip(docxEntries())]), 'polyglot'],
    ['GIF carrying %PDF-', Buffer.concat([Buffer.from('GIF89a'), PDF]), 'polyglot'],
    ['ZIP carrying %PDF- near its start', buildZip([{ name: 'a', data: PDF, method: 0 }]), 'polyglot'],
  ];
  for (const [name, bytes, expected] of cases) it(`${name} → ${expected}`, () => assert.equal(sniffOf(bytes), expected));
});

describe('parseEocd', () => {
  const zip = buildZip(docxEntries());
  const cases: Array<[string, Buffer, string]> = [
    ['a well-formed archive', zip, 'ok'],
    ['Zip64 counts', buildZip(docxEntries(), { zip64Eocd: true }), 'zip64'],
    ['data after the record', Buffer.concat([zip, Buffer.from('x')]), 'malformed'],
    ['data between the directory and the record', (() => {
      const z = Buffer.from(zip);
      // Move the central directory offset one byte back: it no longer ends where the record starts.
      z.writeUInt32LE(z.readUInt32LE(z.length - 6) - 1, z.length - 6);
      return z;
    })(), 'malformed'],
    ['no record', zip.subarray(0, zip.length - 22), 'malformed'],
  ];
  for (const [name, bytes, expected] of cases) {
    it(`${name} → ${expected}`, () => {
      const r = parseEocd(tailOf(bytes), bytes.length);
      assert.equal('refused' in r ? r.refused : 'ok', expected);
    });
  }
  it('bounds the entry count and the directory size', () => {
    const r = parseEocd(tailOf(zip), zip.length, { ...DEFAULT_ZIP_LIMITS, maxEntries: 1 });
    assert.deepEqual(r, { refused: 'too_large' });
    const s = parseEocd(tailOf(zip), zip.length, { ...DEFAULT_ZIP_LIMITS, maxCentralDirectoryBytes: 10 });
    assert.deepEqual(s, { refused: 'too_large' });
  });
});

describe('parseCentralDirectory', () => {
  const directoryOf = (bytes: Buffer) => {
    const eocd = parseEocd(tailOf(bytes), bytes.length);
    assert.ok(!('refused' in eocd));
    return parseCentralDirectory(bytes.subarray(eocd.centralDirectoryOffset, eocd.centralDirectoryOffset + eocd.centralDirectorySize), eocd.entryCount);
  };
  const verdict = (bytes: Buffer) => {
    const r = directoryOf(bytes);
    return Array.isArray(r) ? 'ok' : r.refused;
  };
  const cases: Array<[string, Buffer, string]> = [
    ['a docx', buildZip(docxEntries()), 'ok'],
    ['encrypted entry', buildZip([{ name: 'a', data: Buffer.from('x'), flags: 1 }]), 'encrypted'],
    ['Zip64 extra field', buildZip([{ name: 'a', data: Buffer.from('x'), zip64Extra: true }]), 'zip64'],
    ['duplicate names', buildZip([{ name: 'a', data: Buffer.from('x') }, { name: 'a', data: Buffer.from('y') }]), 'malformed'],
    ['stored entry whose sizes differ', buildZip([{ name: 'a', data: Buffer.from('xyz'), method: 0, centralUncompressed: 9 }]), 'malformed'],
    ['name too long', buildZip([{ name: 'a'.repeat(600), data: Buffer.from('x') }]), 'malformed'],
  ];
  for (const [name, bytes, expected] of cases) it(`${name} → ${expected}`, () => assert.equal(verdict(bytes), expected));
  it('reads names, sizes and offsets', () => {
    const entries = directoryOf(buildZip(docxEntries())) as ZipEntry[];
    assert.deepEqual(entries.map((e) => e.name), ['[Content_Types].xml', 'word/document.xml']);
    assert.equal(entries[0]!.localHeaderOffset, 0);
  });
});

describe('layout, sizes, nesting, package type, names', () => {
  it('entries must tile the file from 0 to the central directory', () => {
    assert.ok(layoutValid([{ start: 0, end: 10 }, { start: 10, end: 25 }], 25));
    assert.ok(!layoutValid([{ start: 5, end: 10 }], 10), 'data before the first entry');
    assert.ok(!layoutValid([{ start: 0, end: 10 }, { start: 12, end: 20 }], 20), 'a gap');
    assert.ok(!layoutValid([{ start: 0, end: 10 }, { start: 5, end: 20 }], 20), 'an overlap');
    assert.ok(!layoutValid([{ start: 0, end: 10 }], 12), 'data before the directory');
  });
  it('declared sizes within the total and the ratio', () => {
    const e = (compressedSize: number, uncompressedSize: number) => ({ compressedSize, uncompressedSize }) as ZipEntry;
    assert.ok(sizesWithinLimits([e(100, 1000), e(10, 500_000)]), 'small entries may compress a lot');
    assert.ok(!sizesWithinLimits([e(10_000, 5_000_000)]), 'a ratio of 500 above the floor');
    assert.ok(sizesWithinLimits([e(1_000_000, 50_000_000)]));
    assert.ok(!sizesWithinLimits([e(1_000_000, 60_000_000), e(1_000_000, 60_000_000)]), 'the total beyond 100 MiB');
  });
  it('recognises nested archives by name and content', () => {
    assert.ok(isNestedArchive('word/embeddings/x.xlsx', Buffer.alloc(4)));
    assert.ok(isNestedArchive('a.bin', Buffer.from('PK\x03\x04', 'latin1')));
    assert.ok(isNestedArchive('a.bin', Buffer.from([0x1f, 0x8b, 8])));
    assert.ok(!isNestedArchive('word/media/image1.png', PNG));
  });
  it('decides DOCX, XLSX and ODT from their declarations', () => {
    const entry = (name: string, method = 8) => ({ name, method }) as ZipEntry;
    const ct = (type: string, part: string) => `<Types><Override PartName="/${part}" ContentType="${type}"/></Types>`;
    const docx = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml';
    const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml';
    assert.deepEqual(packageType(new Set(['word/document.xml']), entry('[Content_Types].xml'), null, ct(docx, 'word/document.xml')), { ok: true, type: 'docx' });
    assert.deepEqual(packageType(new Set(['xl/workbook.xml']), entry('[Content_Types].xml'), null, ct(xlsx, 'xl/workbook.xml')), { ok: true, type: 'xlsx' });
    assert.deepEqual(packageType(new Set([]), entry('[Content_Types].xml'), null, ct(docx, 'word/document.xml')), { ok: false, reason: 'malformed' });
    assert.deepEqual(packageType(new Set([]), entry('[Content_Types].xml'), null, ct('application/vnd.ms-word.document.macroEnabled.main+xml', 'word/document.xml')), { ok: false, reason: 'macro' });
    assert.deepEqual(packageType(new Set([]), entry('a.txt'), null, null), { ok: false, reason: 'unknown' });
    const odtNames = new Set(['mimetype', 'META-INF/manifest.xml', 'content.xml']);
    assert.deepEqual(packageType(odtNames, entry('mimetype', 0), 'application/vnd.oasis.opendocument.text', null), { ok: true, type: 'odt' });
    assert.deepEqual(packageType(odtNames, entry('mimetype', 8), 'application/vnd.oasis.opendocument.text', null), { ok: false, reason: 'unknown' });
    assert.deepEqual(packageType(odtNames, entry('mimetype', 0), 'application/vnd.oasis.opendocument.spreadsheet', null), { ok: false, reason: 'unknown' });
  });
  const names: Array<[string, Parameters<typeof nameForType>[1], string | null]> = [
    ['don.pdf', 'pdf', 'don.pdf'],
    ['DON.PDF', 'pdf', 'DON.PDF'],
    ['anh.jpeg', 'jpg', 'anh.jpeg'],
    ['anh.JPG', 'jpg', 'anh.JPG'],
    ['anh.pdf', 'png', null],
    ['x.docx', 'pdf', null],
    ['bang.xls', 'xlsx', null],
    ['mau.doc', 'ole', 'mau.doc'],
    ['mau.xls', 'ole', 'mau.xls'],
    ['scan', 'pdf', 'scan.pdf'],
    ['bao cao v1.2', 'docx', 'bao cao v1.2.docx'],
    ['trang.html', 'pdf', null],
  ];
  for (const [name, type, expected] of names) it(`name ${name} for ${type} → ${expected}`, () => assert.equal(nameForType(name, type), expected));
  it('names the accepted template types', () => assert.equal(expectedTypes('template'), 'PDF, DOC, XLS, DOCX, XLSX, ODT'));
});

describe('inspectFile over the generated corpus', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'inspect-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));
  for (const item of [...hostileCorpus(), ...validCorpus()]) {
    it(`${item.name} → ${item.expect}`, async () => {
      const file = path.join(dir, item.name);
      await writeFile(file, item.bytes);
      const result = await inspectFile(file, DEFAULT_ZIP_LIMITS);
      assert.equal(result.ok ? result.type : result.reason, item.expect);
    });
  }
  it('a data descriptor and an ODT package are accepted', async () => {
    const file = path.join(dir, 'dd.xlsx');
    await writeFile(file, buildZip(xlsxEntries().map((e) => ({ ...e, descriptor: true }))));
    assert.deepEqual(await inspectFile(file, DEFAULT_ZIP_LIMITS), { ok: true, type: 'xlsx' });
    const odt = path.join(dir, 'a.odt');
    await writeFile(
      odt,
      buildZip([
        { name: 'mimetype', data: Buffer.from('application/vnd.oasis.opendocument.text'), method: 0 },
        { name: 'content.xml', data: Buffer.from('<office:document-content/>') },
        { name: 'META-INF/manifest.xml', data: Buffer.from('<manifest:manifest/>') },
      ]),
    );
    assert.deepEqual(await inspectFile(odt, DEFAULT_ZIP_LIMITS), { ok: true, type: 'odt' });
  });
  it('the decompression cap is the configured one', async () => {
    const file = path.join(dir, 'capped.docx');
    await writeFile(file, buildZip(docxEntries([{ name: 'word/a.xml', data: Buffer.alloc(300_000, 0x20) }])));
    assert.deepEqual(await inspectFile(file, { ...DEFAULT_ZIP_LIMITS, maxDecompressedBytes: 200_000 }), { ok: false, reason: 'too_large' });
    assert.deepEqual(await inspectFile(file, DEFAULT_ZIP_LIMITS), { ok: true, type: 'docx' });
  });
});
