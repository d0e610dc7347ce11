// Streaming readers of an import file: CSV (csv-parse over a strict UTF-8 decoder) and Excel (exceljs streaming
// reader, first worksheet). Both yield records one by one (line number + cells as text) and never hold the file.
import { Transform, type Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type ExcelJS from 'exceljs';
import { loadExcel } from '../../core/lazy.ts';
import { DomainError } from '../../core/errors.ts';
import { formatOf, sniffEncoding } from './imports.rules.ts';
import './imports.errors.ts';

export interface ImportRecord {
  /** Line (CSV) or row (Excel) number in the file; the header is line 1. */
  line: number;
  cells: string[];
}

export interface ImportSource {
  /** Opens the file from its beginning. */
  open(): Promise<Readable>;
}

/** Reads up to `bytes` from the start of the source. */
export async function headOf(source: ImportSource, bytes = 4096): Promise<Buffer> {
  const stream = await source.open();
  const parts: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of stream) {
      parts.push(chunk as Buffer);
      length += (chunk as Buffer).length;
      if (length >= bytes) break;
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(parts).subarray(0, bytes);
}

/** Counts the bytes flowing through (the progress bar). */
class ByteMeter extends Transform {
  bytes = 0;
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: (error?: Error | null, data?: unknown) => void) {
    this.bytes += chunk.length;
    done(null, chunk);
  }
}

/** Decodes UTF-8 strictly (a BOM is dropped); any invalid byte sequence fails the whole file. */
class StrictUtf8 extends Transform {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  constructor() {
    super({ readableObjectMode: false, decodeStrings: true });
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: (error?: Error | null, data?: unknown) => void) {
    try {
      done(null, this.decoder.decode(chunk, { stream: true }));
    } catch {
      done(new DomainError('IMPORT_NOT_UTF8'));
    }
  }
  override _flush(done: (error?: Error | null, data?: unknown) => void) {
    try {
      done(null, this.decoder.decode());
    } catch {
      done(new DomainError('IMPORT_NOT_UTF8'));
    }
  }
}

export interface OpenedImport {
  format: 'csv' | 'xlsx';
  records: AsyncIterable<ImportRecord>;
  /** Bytes of the file read so far. */
  bytesRead(): number;
}

export async function openImport(source: ImportSource): Promise<OpenedImport> {
  const head = await headOf(source);
  const format = formatOf(head);
  const meter = new ByteMeter();
  if (format === 'xlsx') return { format, records: xlsxRecords(source, meter), bytesRead: () => meter.bytes };
  const encoding = sniffEncoding(head);
  if (encoding) throw new DomainError('IMPORT_ENCODING', { encoding: encoding === 'utf16' ? 'UTF-16' : 'UTF-32' });
  return { format, records: csvRecords(source, head, meter), bytesRead: () => meter.bytes };
}

function delimiterOf(head: Buffer): string {
  const firstLine = head.toString('utf8').split(/\r?\n/)[0] ?? '';
  const count = (c: string) => firstLine.split(c).length - 1;
  if (count(';') > count(',') && count(';') > count('\t')) return ';';
  if (count('\t') > count(',')) return '\t';
  return ',';
}

async function* csvRecords(source: ImportSource, head: Buffer, meter: ByteMeter): AsyncGenerator<ImportRecord> {
  const stream = await source.open();
  const parser = parse({ delimiter: delimiterOf(head), bom: true, relax_column_count: true, skip_empty_lines: true, info: true, max_record_size: 1_000_000 });
  const decoder = new StrictUtf8();
  const fail = (error: Error) => parser.destroy(error);
  stream.on('error', fail);
  meter.on('error', fail);
  decoder.on('error', fail);
  stream.pipe(meter).pipe(decoder).pipe(parser);
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      // Rows of separators only (spreadsheets export them below the data) are not rows.
      if (item.record.every((cell) => cell.trim() === '')) continue;
      yield { line: item.info.lines, cells: item.record };
    }
  } catch (error) {
    if (error instanceof DomainError) throw error;
    const e = error as Error & { code?: string; lines?: number };
    if (e.code?.startsWith('CSV_')) throw new DomainError('IMPORT_CSV_INVALID', { line: e.lines ?? 0, reason: e.message });
    throw error;
  } finally {
    stream.destroy();
  }
}

/** The text of an Excel cell: dates as yyyy-mm-dd hh:mm:ss (the workbook's wall clock is Vietnam time). */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 19).replace('T', ' ');
  }
  if (typeof value === 'object') {
    const v = value as { richText?: Array<{ text: string }>; text?: unknown; formula?: string; sharedFormula?: string; result?: unknown; error?: string };
    if (v.formula !== undefined || v.sharedFormula !== undefined) return `=${v.formula ?? v.sharedFormula}`;
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if (v.text !== undefined) return cellText(v.text);
    if (v.error !== undefined) return String(v.error);
    return '';
  }
  return String(value);
}

async function* xlsxRecords(source: ImportSource, meter: ByteMeter): AsyncGenerator<ImportRecord> {
  const stream = await source.open();
  stream.on('error', (error) => meter.destroy(error));
  stream.pipe(meter);
  const reader = new (await loadExcel()).stream.xlsx.WorkbookReader(meter, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
  let started = false;
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        started = true;
        const values = Array.isArray(row.values) ? row.values.slice(1) : [];
        const cells = Array.from({ length: values.length }, (_, i) => cellText(values[i]));
        if (cells.every((c) => c.trim() === '')) continue;
        yield { line: row.number, cells };
      }
      break; // the first worksheet only
    }
  } catch (error) {
    if (error instanceof DomainError) throw error;
    if (!started) throw new DomainError('IMPORT_XLSX_INVALID');
    throw new DomainError('IMPORT_XLSX_INVALID');
  } finally {
    stream.destroy();
  }
}
