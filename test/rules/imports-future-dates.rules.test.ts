// The historical import refuses dates after "today" (issue 16): received, finished and returned dates after the
// import's day in Vietnam are errors naming their column, all reported at once; the appointment may lie ahead.
// "Today" is passed in: the rules read no clock.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateRow } from '../../src/modules/imports/imports.rules.ts';
import '../../src/modules/imports/imports.errors.ts';

const good: Record<string, string> = {
  ma_ho_so: 'H59-251201-0001', ma_thu_tuc: '1.001029', ma_co_quan: '000.20.00.H59', kenh: '1', loai_nguoi_nop: 'citizen',
  ngay_tiep_nhan: '01/12/2025 10:22', ngay_hen_tra: '09/12/2025', ngay_xu_ly_xong: '04/12/2025 10:26', ngay_tra_ket_qua: '05/12/2025',
  trang_thai: '10', phi: '0', thanh_toan_truc_tuyen: '0', ket_qua_dien_tu: '0', so_hoa: '1', ho_ten: '', so_giay_to: '',
};
const TODAY = '2025-12-05';
const codes = (patch: Record<string, string>, today: string | null = TODAY) => {
  const check = validateRow({ ...good, ...patch }, today ? { today } : {});
  return check.ok ? [] : check.errors.map((e) => `${e.column}:${e.code}${e.params?.today ? `(${e.params.today})` : ''}`);
};

describe('dates after today', () => {
  const cases: Array<[string, Record<string, string>, string[]]> = [
    ['a row of the past is accepted', {}, []],
    ['everything on the day of the import is accepted (any time of that day)', { ngay_tiep_nhan: '05/12/2025 08:00', ngay_xu_ly_xong: '05/12/2025 23:59', ngay_tra_ket_qua: '05/12/2025', ngay_hen_tra: '05/12/2025' }, []],
    ['received tomorrow (and so finished/returned before it)', { ngay_tiep_nhan: '06/12/2025 08:00' }, [
      'ngay_xu_ly_xong:IMPORT_ROW_DATE_BEFORE',
      'ngay_tiep_nhan:IMPORT_ROW_DATE_FUTURE(05/12/2025)',
    ]],
    ['finished tomorrow', { ngay_xu_ly_xong: '06/12/2025 08:00', ngay_tra_ket_qua: '06/12/2025' }, [
      'ngay_xu_ly_xong:IMPORT_ROW_DATE_FUTURE(05/12/2025)',
      'ngay_tra_ket_qua:IMPORT_ROW_DATE_FUTURE(05/12/2025)',
    ]],
    ['every date in the future: each named at once', { ngay_tiep_nhan: '2026-01-02', ngay_hen_tra: '2026-01-20', ngay_xu_ly_xong: '2026-01-10', ngay_tra_ket_qua: '2026-01-11' }, [
      'ngay_tiep_nhan:IMPORT_ROW_DATE_FUTURE(05/12/2025)',
      'ngay_xu_ly_xong:IMPORT_ROW_DATE_FUTURE(05/12/2025)',
      'ngay_tra_ket_qua:IMPORT_ROW_DATE_FUTURE(05/12/2025)',
    ]],
    ['an instant with an offset that is still today in Vietnam', { ngay_xu_ly_xong: '2025-12-05T16:30:00Z', ngay_tra_ket_qua: '' , trang_thai: '9' }, []],
    ['an instant with an offset that is tomorrow in Vietnam', { ngay_xu_ly_xong: '2025-12-05T17:30:00Z', ngay_tra_ket_qua: '', trang_thai: '9' }, ['ngay_xu_ly_xong:IMPORT_ROW_DATE_FUTURE(05/12/2025)']],
    ['an open dossier due in the future is fine', { trang_thai: '4', ngay_xu_ly_xong: '', ngay_tra_ket_qua: '', ngay_hen_tra: '20/12/2025' }, []],
    ['a dossier resolved early, due in the future, is fine', { ngay_hen_tra: '20/12/2025' }, []],
    ['finished before received is still refused', { ngay_xu_ly_xong: '30/11/2025', ngay_tra_ket_qua: '30/11/2025' }, ['ngay_xu_ly_xong:IMPORT_ROW_DATE_BEFORE']],
  ];
  for (const [name, patch, expected] of cases) {
    it(name, () => assert.deepEqual(codes(patch).sort(), [...expected].sort()));
  }

  it('without a day given, no date is judged against the clock', () => {
    assert.deepEqual(codes({ ngay_tiep_nhan: '2099-01-02', ngay_hen_tra: '2099-01-20', ngay_xu_ly_xong: '2099-01-10', ngay_tra_ket_qua: '2099-01-11' }, null), []);
  });
});
