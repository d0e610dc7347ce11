// Historical import of dossiers against PostgreSQL: CSV and Excel, re-runs, bad rows file, limits, encodings, audit.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { createTestContext } from '../helpers/db.ts';
import { COLUMN_KEYS } from '../../src/modules/imports/imports.rules.ts';

const HEADER = COLUMN_KEYS.join(',');
const AGENCY = '000.00.12.G14';
const PROCEDURE = '1.001823';

/** A resolved dossier (status 10) finished `finishedDay`, due 20/03/2024. */
function row(code: string, overrides: Partial<Record<string, string>> = {}): string {
  const base: Record<string, string> = {
    ma_ho_so: code, ma_thu_tuc: PROCEDURE, ma_co_quan: AGENCY, kenh: '2', loai_nguoi_nop: 'citizen',
    ngay_tiep_nhan: '01/03/2024 09:15', ngay_hen_tra: '20/03/2024', ngay_xu_ly_xong: '18/03/2024 10:00', ngay_tra_ket_qua: '19/03/2024',
    trang_thai: '10', phi: '100000', thanh_toan_truc_tuyen: '1', ket_qua_dien_tu: '1', so_hoa: '0', ho_ten: 'Nguyễn Văn An', so_giay_to: '079123456789',
    ...overrides,
  };
  return COLUMN_KEYS.map((k) => {
    const v = base[k] ?? '';
    return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  }).join(',');
}

describe('dossier import', async () => {
  const ctx = await createTestContext({ demo: true, config: { IMPORT_MAX_ROWS: '50' } });
  const dir = await mkdtemp(path.join(tmpdir(), 'opendvc-imports-'));
  after(() => rm(dir, { recursive: true, force: true }));
  const file = async (name: string, content: string | Buffer) => {
    const p = path.join(dir, name);
    await writeFile(p, content);
    return p;
  };
  const importedCount = async () => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM dossiers WHERE source = 'import'`.execute(ctx.db)).rows[0]!.n);

  it('imports a CSV (with BOM), maps the life-cycle columns and computes timeliness; a re-run imports nothing twice', async () => {
    const csv = ['\uFEFF' + HEADER, row('LEG-0001'), row('LEG-0002', { ngay_xu_ly_xong: '20/03/2024 16:00', ngay_tra_ket_qua: '21/03/2024' }),
      row('LEG-0003', { ngay_xu_ly_xong: '22/03/2024', ngay_tra_ket_qua: '', trang_thai: '9' }),
      row('LEG-0004', { trang_thai: '4', ngay_xu_ly_xong: '', ngay_tra_ket_qua: '', kenh: '1', loai_nguoi_nop: 'organisation', phi: '1.500.000' })].join('\r\n');
    const p = await file('ho-so.csv', csv);
    const first = await ctx.services.imports.importPath(null, p);
    assert.equal(first.status, 'done');
    assert.deepEqual([first.totalRows, first.insertedRows, first.existingRows, first.badRows], [4, 4, 0, 0]);
    const rows = await ctx.db.selectFrom('dossiers').selectAll().where('code', 'like', 'LEG-000%').orderBy('code').execute();
    assert.deepEqual(rows.map((r) => r.timeliness), ['early', 'on_time', 'late', null]);
    const r1 = rows[0]!;
    assert.equal(r1.source, 'import');
    assert.equal(r1.status, 10);
    assert.equal(r1.channel, 2);
    assert.equal(r1.received_at!.toISOString(), '2024-03-01T02:15:00.000Z');
    assert.equal(r1.submitted_at!.toISOString(), '2024-03-01T02:15:00.000Z');
    assert.equal(r1.due_at!.toISOString(), '2024-03-20T10:00:00.000Z');
    assert.equal(r1.expected_date, '2024-03-20');
    assert.equal(r1.applicant_name, 'Nguyễn Văn An');
    assert.equal(r1.applicant_id_number, '079123456789');
    assert.equal(r1.paid_online, true);
    assert.equal(r1.electronic_result, true);
    assert.equal(r1.digitised, false);
    assert.equal(r1.fee_vnd, '100000');
    assert.equal(r1.import_id, first.id);
    assert.equal(rows[3]!.applicant_kind, 'organisation');
    assert.equal(rows[3]!.fee_vnd, '1500000');
    assert.equal(rows[3]!.finished_at, null);
    const account = await ctx.db.selectFrom('accounts').select(['username', 'status']).where('id', '=', r1.applicant_id).executeTakeFirstOrThrow();
    assert.deepEqual(account, { username: 'he-thong.nhap-ho-so', status: 'disabled' });

    const again = await ctx.services.imports.importPath(null, p);
    assert.deepEqual([again.status, again.insertedRows, again.existingRows, again.badRows], ['done', 0, 4, 0]);
    assert.equal(again.sha256, first.sha256);
    assert.equal(await ctx.db.selectFrom('dossiers').select(sql<number>`count(*)::int`.as('n')).where('code', 'like', 'LEG-000%').executeTakeFirstOrThrow().then((r) => r.n), 4);

    const audit = await ctx.db.selectFrom('audit_log').selectAll().where('target_type', '=', 'dossier_import').where('target_id', '=', first.id).execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.action, 'imports.dossiers');
    assert.equal((audit[0]!.summary as { inserted: number }).inserted, 4);
    const run = await ctx.db.selectFrom('dossier_imports').selectAll().where('id', '=', first.id).executeTakeFirstOrThrow();
    assert.equal(run.origin, 'cli');
    assert.equal(run.file_name, 'ho-so.csv');
    assert.match(run.sha256, /^[0-9a-f]{64}$/);
  });

  it('reports bad rows with line and reason in a neutralised CSV, and imports the good ones', async () => {
    const lines = [
      HEADER,
      row('BAD-0001'),
      row('BAD-0002', { ngay_tiep_nhan: '31/02/2024' }),
      row('BAD-0003', { ma_thu_tuc: '9.999999' }),
      row('BAD-0004', { ma_co_quan: '999.99.99.Z99' }),
      row('BAD-0001'),
      row('LEG-0001'),
      row('=HYPERLINK("http://evil")', {}),
      row('BAD-0005', { ho_ten: '=1+1' }),
      row('BAD-0006', { trang_thai: '11', kenh: '4' }),
      ',,,,,,,,,,,,,,,',
    ];
    const before = await importedCount();
    const result = await ctx.services.imports.importPath(null, await file('bad.csv', lines.join('\n')));
    assert.equal(result.status, 'done');
    assert.deepEqual([result.totalRows, result.insertedRows, result.existingRows, result.badRows], [9, 1, 1, 7]);
    assert.equal(await importedCount(), before + 1);
    assert.ok(result.errorsFileId);
    const opened = await ctx.services.files.open(result.errorsFileId!);
    const chunks: Buffer[] = [];
    for await (const c of opened!.stream) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    assert.ok(text.startsWith('\uFEFFdong,ly_do,ma_ho_so'));
    const out = text.slice(1).trim().split('\r\n');
    assert.equal(out.length, 8);
    assert.match(out[1]!, /^3,"?ngay_tiep_nhan: ngày không hợp lệ/);
    assert.match(out[2]!, /^4,.*không có thủ tục mã 9\.999999/);
    assert.match(out[3]!, /^5,.*không có cơ quan mã 999\.99\.99\.Z99/);
    assert.match(out[4]!, /^6,.*trùng với dòng 2/);
    // The formula cells are neutralised with an apostrophe; none starts a cell raw.
    assert.match(text, /"'=HYPERLINK\(""http:\/\/evil""\)"/);
    assert.match(text, /,'=1\+1,/);
    assert.doesNotMatch(text, /(^|,)"?=/m);
    assert.match(out[7]!, /trang_thai: trạng thái phải là số từ 1 đến 10/);
    assert.match(out[7]!, /kenh: kênh phải là 1/);
  });

  it('refuses wrong columns before importing anything', async () => {
    const before = await importedCount();
    const missing = await ctx.services.imports.importPath(null, await file('missing.csv', [HEADER.replace(',so_hoa', ''), row('COL-1')].join('\n')));
    assert.equal(missing.status, 'failed');
    assert.equal(missing.errorCode, 'IMPORT_HEADER_INVALID');
    assert.equal(missing.errorParams!.missing, 'so_hoa');
    const unknown = await ctx.services.imports.importPath(null, await file('unknown.csv', [`${HEADER},ghi_chu`, `${row('COL-2')},x`].join('\n')));
    assert.equal(unknown.errorCode, 'IMPORT_HEADER_INVALID');
    assert.equal(unknown.errorParams!.unknown, 'ghi_chu');
    assert.equal(await importedCount(), before);
    const failed = await ctx.db.selectFrom('audit_log').select('action').where('target_id', '=', unknown.id).execute();
    assert.deepEqual(failed.map((a) => a.action), ['imports.failed']);
  });

  it('refuses UTF-16 and non-UTF-8 (Windows-1258) files, and an empty file', async () => {
    const before = await importedCount();
    const text = [HEADER, row('ENC-1')].join('\r\n');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const r16 = await ctx.services.imports.importPath(null, await file('utf16.csv', utf16));
    assert.deepEqual([r16.status, r16.errorCode, r16.errorParams!.encoding], ['failed', 'IMPORT_ENCODING', 'UTF-16']);
    // "Nguyễn" in Windows-1258 bytes: 0xF2 after "Nguy" and "n" is not valid UTF-8.
    const cp1258 = Buffer.concat([Buffer.from(`${HEADER}\r\n${row('ENC-2', { ho_ten: 'Nguy' })}`.replace(',Nguy,', ',Nguy'), 'latin1'), Buffer.from([0xea, 0xde, 0x6e]), Buffer.from(',079123456789\r\n')]);
    const r1258 = await ctx.services.imports.importPath(null, await file('cp1258.csv', cp1258));
    assert.deepEqual([r1258.status, r1258.errorCode], ['failed', 'IMPORT_NOT_UTF8']);
    const empty = await ctx.services.imports.importPath(null, await file('empty.csv', ''));
    assert.equal(empty.errorCode, 'IMPORT_EMPTY');
    assert.equal(await importedCount(), before);
    assert.equal(await ctx.db.selectFrom('dossiers').select('id').where('code', 'in', ['ENC-1', 'ENC-2']).executeTakeFirst(), undefined);
  });

  it('refuses a file over IMPORT_MAX_ROWS at the limit without inserting a row', async () => {
    const before = await importedCount();
    const lines = [HEADER, ...Array.from({ length: 51 }, (_, i) => row(`MAX-${String(i).padStart(4, '0')}`))];
    const result = await ctx.services.imports.importPath(null, await file('max.csv', lines.join('\n')));
    assert.deepEqual([result.status, result.errorCode, result.errorParams!.max], ['failed', 'IMPORT_TOO_MANY_ROWS', 50]);
    assert.equal(await importedCount(), before);
    const ok = await ctx.services.imports.importPath(null, await file('fifty.csv', lines.slice(0, 51).join('\n')));
    assert.deepEqual([ok.status, ok.insertedRows], ['done', 50]);
  });

  it('imports an Excel workbook (dates as cells), then nothing twice', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Hồ sơ');
    sheet.addRow([...COLUMN_KEYS]);
    sheet.addRow(['XL-0001', PROCEDURE, AGENCY, 1, 'organisation', new Date(Date.UTC(2024, 4, 6, 8, 30)), new Date(Date.UTC(2024, 4, 20)), new Date(Date.UTC(2024, 4, 20, 15, 0)), '', 9, 0, 0, 0, 1, 'Công ty TNHH Sách Việt', '']);
    sheet.addRow(['XL-0002', PROCEDURE, AGENCY, 3, 'citizen', '06/05/2024', '', '', '', 2, '', 0, 0, 0, '', '']);
    sheet.addRow(['XL-0003', PROCEDURE, AGENCY, 2, 'citizen', '06/05/2024', '20/05/2024', '', '', 5, '', 0, 0, 0, { formula: 'A1&"x"' }, '']);
    sheet.getCell('F2').numFmt = 'dd/mm/yyyy hh:mm';
    const p = path.join(dir, 'ho-so.xlsx');
    await workbook.xlsx.writeFile(p);
    const result = await ctx.services.imports.importPath(null, p);
    assert.equal(result.format, 'xlsx');
    assert.deepEqual([result.status, result.totalRows, result.insertedRows, result.badRows], ['done', 3, 1, 2]);
    const d = await ctx.db.selectFrom('dossiers').selectAll().where('code', '=', 'XL-0001').executeTakeFirstOrThrow();
    assert.equal(d.received_at!.toISOString(), '2024-05-06T01:30:00.000Z');
    assert.equal(d.timeliness, 'on_time');
    assert.equal(d.channel, 1);
    const again = await ctx.services.imports.importPath(null, p);
    assert.deepEqual([again.insertedRows, again.existingRows], [0, 1]);
  });

  it('runs a queued web import through the job', async () => {
    const staff = await ctx.db.selectFrom('accounts').select('id').where('username', '=', 'demo.quantri').executeTakeFirstOrThrow();
    const bytes = Buffer.from([HEADER, row('JOB-0001'), row('JOB-0002', { phi: 'abc' })].join('\n'));
    const { Readable } = await import('node:stream');
    const staged = await ctx.services.files.stage(Readable.from([bytes]), 'queued.csv');
    // Queue it as the page would for a large file, without running it inline.
    const file = await ctx.db.transaction().execute((tx) => ctx.services.files.commit(tx, staged, { mediaType: 'text/csv', createdBy: staff.id }));
    const run = await ctx.db.insertInto('dossier_imports').values({ created_by: staff.id, actor_name: 'demo.quantri', origin: 'web', file_name: 'queued.csv', format: 'csv', sha256: staged.sha256, size_bytes: staged.sizeBytes, source_file_id: file.id, status: 'queued' }).returning('id').executeTakeFirstOrThrow();
    assert.equal(await ctx.services.imports.runQueued(), 1);
    const done = await ctx.db.selectFrom('dossier_imports').selectAll().where('id', '=', run.id).executeTakeFirstOrThrow();
    assert.deepEqual([done.status, done.inserted_rows, done.bad_rows], ['done', 1, 1]);
    assert.equal(await ctx.services.imports.runQueued(), 0);
  });

});

describe('import fixtures reproducing the articles', async () => {
  const ctx = await createTestContext({ demo: true });

  it('reproduces the Trà Vinh one-stop figures from the fixture (2,002 dossiers: 65 on time, 1,856 early, 81 late)', async () => {
    const fixture = path.resolve(import.meta.dirname, '../fixtures/travinh-2017.csv');
    const result = await ctx.services.imports.importPath(null, fixture);
    assert.deepEqual([result.status, result.insertedRows, result.badRows], ['done', 2002, 0]);
    const counts = await sql<{ timeliness: string; n: number }>`
      SELECT timeliness, count(*)::int AS n FROM dossiers WHERE import_id = ${result.id} GROUP BY timeliness ORDER BY timeliness`.execute(ctx.db);
    assert.deepEqual(counts.rows, [{ timeliness: 'early', n: 1856 }, { timeliness: 'late', n: 81 }, { timeliness: 'on_time', n: 65 }]);
    // The product's own handling report over the imported year shows the article's figure.
    const agency = await ctx.db.selectFrom('agencies').select('id').where('code', '=', '000.20.00.H59').executeTakeFirstOrThrow();
    const leader = { id: '00000000-0000-0000-0000-000000000001', username: 'lanh.dao.so', fullName: 'Lãnh đạo Sở', kind: 'staff' as const, agencyId: agency.id, departmentId: null, organisationId: null, roles: [{ role: 'agency_leader' as const, agencyId: agency.id }] };
    const report = await ctx.services.reports.handling(leader, { agency: '000.20.00.H59', from: '01/01/2017', to: '31/12/2017', groupBy: 'field' });
    assert.deepEqual([report.totals.received, report.totals.early, report.totals.onTime, report.totals.late], [2002, 1856, 65, 81]);
    assert.equal(report.onTimeRate.percent, 95.95);
    await readFile(fixture); // the fixture is committed
  });
});

describe('streaming a file of a million rows', () => {
  it('reads 1,000,001 data rows one by one without holding the file in memory', async () => {
    const { openImport } = await import('../../src/modules/imports/imports.reader.ts');
    const dir = await mkdtemp(path.join(tmpdir(), 'opendvc-imports-million-'));
    try {
      const target = path.join(dir, 'million.csv');
      const out = createWriteStream(target);
      out.write(`${HEADER}\n`);
      const rows = 1_000_001;
      for (let start = 0; start < rows; start += 10_000) {
        let chunk = '';
        for (let i = start; i < Math.min(rows, start + 10_000); i++) {
          chunk += `STREAM-${String(i).padStart(7, '0')},${PROCEDURE},${AGENCY},2,citizen,01/03/2024 09:15,20/03/2024,,,4,0,0,0,0,Nguyễn Văn An,\n`;
        }
        if (!out.write(chunk)) await once(out, 'drain');
      }
      out.end();
      await once(out, 'close');
      // Retained memory, measured after a full collection (garbage of the parser does not count).
      const v8 = await import('node:v8');
      const vm = await import('node:vm');
      v8.setFlagsFromString('--expose-gc');
      const gc = vm.runInNewContext('gc') as () => void;
      const opened = await openImport({ open: async () => createReadStream(target) });
      gc();
      const before = process.memoryUsage().heapUsed;
      let peak = before;
      let count = 0;
      let last = '';
      for await (const record of opened.records) {
        count++;
        if (count % 250_000 === 0) {
          gc();
          peak = Math.max(peak, process.memoryUsage().heapUsed);
        }
        last = record.cells[0]!;
      }
      assert.equal(count, rows + 1); // the header and every data row
      assert.equal(last, 'STREAM-1000000');
      const size = (await stat(target)).size;
      assert.ok(size > 90 * 1024 * 1024);
      // The file is over 90 MB; the reader retains a small, constant amount of it.
      assert.ok(peak - before < 16 * 1024 * 1024, `heap grew by ${Math.round((peak - before) / 1048576)} MB`);
      assert.equal(opened.bytesRead(), size);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
