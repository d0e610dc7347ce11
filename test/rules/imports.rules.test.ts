// Pure rules of the historical import: header, dates in Vietnam time, row validation, timeliness, versions,
// the neutralised CSV and the encoding sniffing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  COLUMN_KEYS, checkHeader, csvLine, formatOf, parseInstant, sniffEncoding, timelinessOf, validateRow, versionFor,
} from '../../src/modules/imports/imports.rules.ts';
import '../../src/modules/imports/imports.errors.ts';

const good: Record<string, string> = {
  ma_ho_so: 'H59-170103-0001', ma_thu_tuc: '1.001029', ma_co_quan: '000.20.00.H59', kenh: '1', loai_nguoi_nop: 'citizen',
  ngay_tiep_nhan: '03/01/2017 10:22', ngay_hen_tra: '09/01/2017', ngay_xu_ly_xong: '06/01/2017 10:26', ngay_tra_ket_qua: '06/01/2017',
  trang_thai: '10', phi: '500000', thanh_toan_truc_tuyen: '0', ket_qua_dien_tu: '0', so_hoa: '1', ho_ten: '', so_giay_to: '',
};
const codes = (cells: Record<string, string>) => {
  const check = validateRow(cells);
  return check.ok ? [] : check.errors.map((e) => `${e.column}:${e.code}`);
};

describe('import header', () => {
  it('accepts the documented columns in any order and case, with a BOM and a trailing separator', () => {
    assert.equal(checkHeader([...COLUMN_KEYS]).ok, true);
    assert.equal(checkHeader([...COLUMN_KEYS].reverse().map((k) => k.toUpperCase())).ok, true);
    assert.equal(checkHeader([`\uFEFF${COLUMN_KEYS[0]}`, ...COLUMN_KEYS.slice(1), '']).ok, true);
    assert.equal(checkHeader(COLUMN_KEYS.filter((k) => k !== 'ho_ten' && k !== 'so_giay_to')).ok, true);
  });
  const cases: Array<[string, string[], { missing?: string[]; unknown?: string[]; duplicate?: string[] }]> = [
    ['missing', COLUMN_KEYS.filter((k) => k !== 'trang_thai'), { missing: ['trang_thai'] }],
    ['unknown', [...COLUMN_KEYS, 'ghi_chu'], { unknown: ['ghi_chu'] }],
    ['duplicate', [...COLUMN_KEYS, 'kenh'], { duplicate: ['kenh'] }],
    ['blank cell', [...COLUMN_KEYS.slice(0, 3), '', ...COLUMN_KEYS.slice(3)], { unknown: ['#4'] }],
  ];
  for (const [name, header, expected] of cases) {
    it(`refuses a header with a ${name} column`, () => {
      const result = checkHeader(header);
      assert.equal(result.ok, false);
      if (!result.ok) for (const [key, value] of Object.entries(expected)) assert.deepEqual(result[key as 'missing'], value);
    });
  }
});

describe('dates in Vietnam time', () => {
  const cases: Array<[string, string | null]> = [
    ['03/01/2017', '2017-01-02T17:00:00.000Z'],
    ['3/1/2017 10:22', '2017-01-03T03:22:00.000Z'],
    ['03/01/2017 10:22:05', '2017-01-03T03:22:05.000Z'],
    ['10:22 03/01/2017', '2017-01-03T03:22:00.000Z'],
    ['2017-01-03', '2017-01-02T17:00:00.000Z'],
    ['2017-01-03T10:22', '2017-01-03T03:22:00.000Z'],
    ['2017-01-03 10:22:00', '2017-01-03T03:22:00.000Z'],
    ['2017-01-03T03:22:00Z', '2017-01-03T03:22:00.000Z'],
    ['2017-01-03T10:22:00+07:00', '2017-01-03T03:22:00.000Z'],
    ['2017-01-03T10:22:00.123+0700', '2017-01-03T03:22:00.000Z'],
    ['29/02/2024', '2024-02-28T17:00:00.000Z'],
    ['29/02/2023', null],
    ['31/04/2024', null],
    ['32/01/2024', null],
    ['00/01/2024', null],
    ['01/13/2024', null],
    ['2024-13-01', null],
    ['03/01/2017 24:00', null],
    ['03/01/2017 10:60', null],
    ['01/01/1899', null],
    ['01/01/2101', null],
    ['hôm qua', null],
    ['45291', null],
    ['03-01-2017', null],
  ];
  for (const [text, iso] of cases) {
    it(`${text} → ${iso ?? 'invalid'}`, () => {
      const parsed = parseInstant(text);
      if (iso === null) assert.equal(parsed, 'invalid');
      else assert.equal(parsed !== null && parsed !== 'invalid' ? parsed.at.toISOString() : parsed, iso);
    });
  }
  it('gives a bare appointment date the time asked for, and an empty cell null', () => {
    const p = parseInstant('20/03/2024', [17, 0]);
    assert.ok(p && p !== 'invalid');
    assert.equal(p.at.toISOString(), '2024-03-20T10:00:00.000Z');
    assert.equal(p.dateOnly, true);
    assert.equal(parseInstant('  '), null);
  });
});

describe('timeliness (Vietnam calendar days)', () => {
  const due = new Date('2024-03-20T10:00:00Z'); // 17:00 on 20/03 in Vietnam
  const cases: Array<[string, string]> = [
    ['2024-03-19T16:59:59Z', 'early'], // 23:59:59 on 19/03
    ['2024-03-19T17:00:00Z', 'on_time'], // 00:00 on 20/03
    ['2024-03-20T16:59:59Z', 'on_time'], // 23:59:59 on 20/03, after 17:00 still the due day
    ['2024-03-20T17:00:00Z', 'late'], // 00:00 on 21/03
    ['2024-01-01T00:00:00Z', 'early'],
    ['2025-01-01T00:00:00Z', 'late'],
  ];
  for (const [finished, expected] of cases) {
    it(`${finished} → ${expected}`, () => assert.equal(timelinessOf(new Date(finished), due), expected));
  }
});

describe('row validation', () => {
  it('accepts a good row and maps it', () => {
    const check = validateRow(good);
    assert.ok(check.ok);
    assert.equal(check.row.status, 10);
    assert.equal(check.row.timeliness, 'early');
    assert.equal(check.row.appointmentDay, '2017-01-09');
    assert.equal(check.row.receivedAt?.toISOString(), '2017-01-03T03:22:00.000Z');
    assert.equal(check.row.feeVnd, 500000);
    assert.equal(check.row.digitised, true);
    assert.equal(check.row.applicantName, null);
  });
  const cases: Array<[string, Record<string, string>, string[]]> = [
    ['empty code', { ma_ho_so: '' }, ['ma_ho_so:IMPORT_ROW_REQUIRED']],
    ['code with spaces', { ma_ho_so: 'H59 0001' }, ['ma_ho_so:IMPORT_ROW_CODE_INVALID']],
    ['formula code', { ma_ho_so: '=HYPERLINK("x")' }, ['ma_ho_so:IMPORT_ROW_FORMULA']],
    ['formula name', { ho_ten: '+cmd|calc' }, ['ho_ten:IMPORT_ROW_FORMULA']],
    ['@ name', { ho_ten: '@SUM(A1)' }, ['ho_ten:IMPORT_ROW_FORMULA']],
    ['procedure code', { ma_thu_tuc: '1001029' }, ['ma_thu_tuc:IMPORT_ROW_PROCEDURE_CODE_INVALID']],
    ['agency code', { ma_co_quan: 'sở vh' }, ['ma_co_quan:IMPORT_ROW_AGENCY_CODE_INVALID']],
    ['channel 4', { kenh: '4' }, ['kenh:IMPORT_ROW_CHANNEL_INVALID']],
    ['channel empty', { kenh: '' }, ['kenh:IMPORT_ROW_REQUIRED']],
    ['kind', { loai_nguoi_nop: 'robot' }, ['loai_nguoi_nop:IMPORT_ROW_KIND_INVALID']],
    ['status 0', { trang_thai: '0' }, ['trang_thai:IMPORT_ROW_STATUS_INVALID']],
    ['status 11', { trang_thai: '11' }, ['trang_thai:IMPORT_ROW_STATUS_INVALID']],
    ['bad received date', { ngay_tiep_nhan: '30/02/2017' }, ['ngay_tiep_nhan:IMPORT_ROW_DATE_INVALID']],
    ['no received date', { ngay_tiep_nhan: '' }, ['ngay_tiep_nhan:IMPORT_ROW_REQUIRED']],
    ['appointment before receipt', { ngay_hen_tra: '02/01/2017' }, ['ngay_hen_tra:IMPORT_ROW_DATE_BEFORE']],
    ['finished before receipt', { ngay_xu_ly_xong: '02/01/2017' }, ['ngay_xu_ly_xong:IMPORT_ROW_DATE_BEFORE']],
    ['returned before finished', { ngay_tra_ket_qua: '05/01/2017' }, ['ngay_tra_ket_qua:IMPORT_ROW_DATE_BEFORE']],
    ['status 10 without return', { ngay_tra_ket_qua: '' }, ['ngay_tra_ket_qua:IMPORT_ROW_REQUIRED_FOR_STATUS']],
    ['status 9 with a return', { trang_thai: '9' }, ['ngay_tra_ket_qua:IMPORT_ROW_NOT_ALLOWED_FOR_STATUS']],
    ['status 4 finished', { trang_thai: '4', ngay_tra_ket_qua: '' }, ['ngay_xu_ly_xong:IMPORT_ROW_NOT_ALLOWED_FOR_STATUS']],
    ['status 2 without appointment', { trang_thai: '2', ngay_hen_tra: '', ngay_xu_ly_xong: '', ngay_tra_ket_qua: '' }, ['ngay_hen_tra:IMPORT_ROW_REQUIRED_FOR_STATUS']],
    ['status 7 without end', { trang_thai: '7', ngay_xu_ly_xong: '', ngay_tra_ket_qua: '' }, ['ngay_xu_ly_xong:IMPORT_ROW_REQUIRED_FOR_STATUS']],
    ['negative fee', { phi: '-5' }, ['phi:IMPORT_ROW_FEE_INVALID']],
    ['decimal fee', { phi: '1.5' }, ['phi:IMPORT_ROW_FEE_INVALID']],
    ['boolean', { so_hoa: 'maybe' }, ['so_hoa:IMPORT_ROW_BOOLEAN_INVALID']],
    ['id number', { so_giay_to: '12 34' }, ['so_giay_to:IMPORT_ROW_ID_NUMBER_INVALID']],
    ['long name', { ho_ten: 'a'.repeat(301) }, ['ho_ten:IMPORT_ROW_TOO_LONG']],
  ];
  for (const [name, patch, expected] of cases) {
    it(`reports ${name}`, () => assert.deepEqual(codes({ ...good, ...patch }), expected));
  }
  const accepted: Array<[string, Record<string, string>, (row: NonNullable<ReturnType<typeof validateRow> & { ok: true }>['row']) => void]> = [
    ['grouped fee', { phi: '1.500.000' }, (r) => assert.equal(r.feeVnd, 1_500_000)],
    ['fee with đ', { phi: '200000đ' }, (r) => assert.equal(r.feeVnd, 200_000)],
    ['empty fee', { phi: '' }, (r) => assert.equal(r.feeVnd, null)],
    ['Vietnamese booleans', { thanh_toan_truc_tuyen: 'có', so_hoa: 'không' }, (r) => assert.deepEqual([r.paidOnline, r.digitised], [true, false])],
    ['kind in Vietnamese', { loai_nguoi_nop: 'Tổ chức' }, (r) => assert.equal(r.applicantKind, 'organisation')],
    ['status 1 (not received)', { trang_thai: '1', ngay_hen_tra: '', ngay_xu_ly_xong: '', ngay_tra_ket_qua: '' }, (r) => assert.equal(r.receivedAt, null)],
    ['status 3 refused', { trang_thai: '3', ngay_hen_tra: '', ngay_tra_ket_qua: '' }, (r) => assert.deepEqual([r.receivedAt, r.timeliness], [null, null])],
    ['on the due day', { ngay_xu_ly_xong: '09/01/2017 16:59', ngay_tra_ket_qua: '09/01/2017' }, (r) => assert.equal(r.timeliness, 'on_time')],
    ['late', { ngay_xu_ly_xong: '10/01/2017', ngay_tra_ket_qua: '10/01/2017' }, (r) => assert.equal(r.timeliness, 'late')],
    ['same-day receipt and result, date only', { ngay_tiep_nhan: '03/01/2017 10:00', ngay_xu_ly_xong: '03/01/2017', ngay_tra_ket_qua: '03/01/2017' }, (r) => assert.equal(r.timeliness, 'early')],
  ];
  for (const [name, patch, check] of accepted) {
    it(`accepts ${name}`, () => {
      const result = validateRow({ ...good, ...patch });
      assert.ok(result.ok, JSON.stringify(result));
      check(result.row);
    });
  }
});

describe('procedure version of an imported dossier', () => {
  const v = (version: number, status: 'draft' | 'published' | 'retired', effectiveFrom: string | null, effectiveTo: string | null) => ({ id: `v${version}`, version, status, effectiveFrom, effectiveTo });
  const versions = [v(1, 'retired', '2015-01-01', '2019-12-31'), v(2, 'published', '2020-01-01', null), v(3, 'draft', null, null)];
  it('takes the version in force on the day', () => {
    assert.equal(versionFor(versions, '2017-06-01')!.id, 'v1');
    assert.equal(versionFor(versions, '2021-06-01')!.id, 'v2');
  });
  it('falls back to the published version when none covers the day, and to the newest when none is published', () => {
    assert.equal(versionFor(versions, '2010-01-01')!.id, 'v2');
    assert.equal(versionFor([v(1, 'draft', null, null), v(2, 'draft', null, null)], '2010-01-01')!.id, 'v2');
    assert.equal(versionFor([], '2010-01-01'), null);
  });
});

describe('bad rows CSV and file sniffing', () => {
  it('neutralises cells a spreadsheet would evaluate', () => {
    assert.equal(csvLine(['2', 'a, b', 'say "hi"', '=cmd']), `2,"a, b","say ""hi""",'=cmd\r\n`);
  });
  it('recognises UTF-16/32 byte order marks and UTF-16 without one, and Excel workbooks', () => {
    assert.equal(sniffEncoding(Buffer.from([0xff, 0xfe, 0x6d, 0x00])), 'utf16');
    assert.equal(sniffEncoding(Buffer.from([0xfe, 0xff, 0x00, 0x6d])), 'utf16');
    assert.equal(sniffEncoding(Buffer.from([0xff, 0xfe, 0x00, 0x00])), 'utf32');
    assert.equal(sniffEncoding(Buffer.from('ma_ho_so,ma_thu_tuc', 'utf16le')), 'utf16');
    assert.equal(sniffEncoding(Buffer.from('\uFEFFma_ho_so,ma_thu_tuc')), null);
    assert.equal(sniffEncoding(Buffer.from('ma_ho_so,Nguyễn')), null);
    assert.equal(formatOf(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14])), 'xlsx');
    assert.equal(formatOf(Buffer.from('ma_ho_so')), 'csv');
  });
});
