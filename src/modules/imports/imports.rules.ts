// Historical import of dossiers: the column format (docs/import-format.md), row validation, dates in
// Vietnam time, the result category (timeliness) and the neutralised CSV of bad rows. Pure: no I/O, no clock.
import { FORMULA_START, neutraliseCell } from '../../core/spreadsheet.ts';
import { VIETNAM_OFFSET_MS, vietnamDate } from '../../core/time.ts';
import { formatDate } from '../../core/text.ts';
import type { ApplicantKind, DossierStatus, Timeliness } from '../../db/schema.ts';
import { timeliness } from '../handling/handling.rules.ts';
import { PROCEDURE_KEY_PATTERN } from '../kernel/time-limit.ts';

export interface ImportColumn {
  key: string;
  required: boolean;
}

/** The columns of an import file, in their documented order. Header cells are matched case-insensitively. */
export const IMPORT_COLUMNS: readonly ImportColumn[] = [
  { key: 'ma_ho_so', required: true },
  { key: 'ma_thu_tuc', required: true },
  { key: 'ma_co_quan', required: true },
  { key: 'kenh', required: true },
  { key: 'loai_nguoi_nop', required: true },
  { key: 'ngay_tiep_nhan', required: true },
  { key: 'ngay_hen_tra', required: true },
  { key: 'ngay_xu_ly_xong', required: true },
  { key: 'ngay_tra_ket_qua', required: true },
  { key: 'trang_thai', required: true },
  { key: 'phi', required: true },
  { key: 'thanh_toan_truc_tuyen', required: true },
  { key: 'ket_qua_dien_tu', required: true },
  { key: 'so_hoa', required: true },
  { key: 'ho_ten', required: false },
  { key: 'so_giay_to', required: false },
];

export const COLUMN_KEYS = IMPORT_COLUMNS.map((c) => c.key);

export type HeaderCheck =
  | { ok: true; keys: Array<string | null> }
  | { ok: false; missing: string[]; unknown: string[]; duplicate: string[] };

/** Matches the header row against the format: every required column once, nothing unknown. */
export function checkHeader(cells: readonly string[]): HeaderCheck {
  const known = new Set(COLUMN_KEYS);
  const seen = new Set<string>();
  const unknown: string[] = [];
  const duplicate: string[] = [];
  const keys: Array<string | null> = [];
  cells.forEach((raw, index) => {
    const key = normaliseHeader(raw);
    if (key === '' && index === cells.length - 1 && cells.length > 1) {
      keys.push(null); // a trailing separator
      return;
    }
    if (!known.has(key)) unknown.push(raw.trim() === '' ? `#${index + 1}` : raw.trim());
    else if (seen.has(key)) duplicate.push(key);
    seen.add(key);
    keys.push(known.has(key) ? key : null);
  });
  const missing = IMPORT_COLUMNS.filter((c) => c.required && !seen.has(c.key)).map((c) => c.key);
  if (missing.length || unknown.length || duplicate.length) return { ok: false, missing, unknown, duplicate };
  return { ok: true, keys };
}

function normaliseHeader(raw: string): string {
  return raw.replace(/^\uFEFF/, '').trim().toLowerCase();
}

// ---------------------------------------------------------------------------------------------
// Dates and days in Vietnam (UTC+7, no daylight saving time)
// ---------------------------------------------------------------------------------------------

export interface ParsedInstant {
  at: Date;
  /** Only a day was given (no time of day). */
  dateOnly: boolean;
}

const MIN_YEAR = 1990;
const MAX_YEAR = 2100;

function realDate(y: number, m: number, d: number): boolean {
  if (y < MIN_YEAR || y > MAX_YEAR || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function vietnamInstant(y: number, m: number, d: number, hh: number, mm: number, ss: number): Date {
  return new Date(Date.UTC(y, m - 1, d, hh, mm, ss) - VIETNAM_OFFSET_MS);
}

/**
 * Parses a date or date-time cell. Accepted: dd/mm/yyyy, dd/mm/yyyy hh:mm[:ss], hh:mm dd/mm/yyyy (the receipt's
 * form), yyyy-mm-dd, yyyy-mm-dd[T ]hh:mm[:ss[.fff]] with an optional offset (Z, +07:00). Without an offset the
 * time is Vietnam time. `dateOnlyTime` is the time of day given to a bare date (e.g. 17:00 for an appointment).
 * Returns null for an empty cell and 'invalid' for anything else.
 */
export function parseInstant(text: string, dateOnlyTime: [number, number] = [0, 0]): ParsedInstant | null | 'invalid' {
  const value = text.trim();
  if (value === '') return null;
  let m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(value);
  if (m) return build(+m[3]!, +m[2]!, +m[1]!, m[4], m[5], m[6], undefined, dateOnlyTime);
  m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?\s+(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  if (m) return build(+m[6]!, +m[5]!, +m[4]!, m[1], m[2], m[3], undefined, dateOnlyTime);
  m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(value);
  if (m) return build(+m[1]!, +m[2]!, +m[3]!, m[4], m[5], m[6], m[7], dateOnlyTime);
  return 'invalid';
}

function build(y: number, mo: number, d: number, hh: string | undefined, mi: string | undefined, ss: string | undefined, zone: string | undefined, dateOnlyTime: [number, number]): ParsedInstant | 'invalid' {
  if (!realDate(y, mo, d)) return 'invalid';
  if (hh === undefined) return { at: vietnamInstant(y, mo, d, dateOnlyTime[0], dateOnlyTime[1], 0), dateOnly: true };
  const h = +hh;
  const min = +mi!;
  const s = ss === undefined ? 0 : +ss;
  if (h > 23 || min > 59 || s > 59) return 'invalid';
  if (zone === undefined) return { at: vietnamInstant(y, mo, d, h, min, s), dateOnly: false };
  let offsetMs = 0;
  if (zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = +digits.slice(0, 2);
    const om = +digits.slice(2);
    if (oh > 14 || om > 59) return 'invalid';
    offsetMs = sign * (oh * 60 + om) * 60_000;
  }
  return { at: new Date(Date.UTC(y, mo - 1, d, h, min, s) - offsetMs), dateOnly: false };
}

/**
 * Result category of a resolved dossier (status 9/10), by Vietnam calendar days (domain guide §4): finished on a
 * day before the due day → early (trước hạn); on the due day → on_time (đúng hạn); after it → late (trễ hạn).
 * The one definition shared with live dossiers (the handling module's rules).
 */
export const timelinessOf: (finishedAt: Date, dueAt: Date) => Timeliness = timeliness;

// ---------------------------------------------------------------------------------------------
// Rows
// ---------------------------------------------------------------------------------------------

/** A row that passed every check that needs no database. */
export interface ImportRow {
  code: string;
  procedureCode: string;
  agencyCode: string;
  channel: 1 | 2 | 3;
  applicantKind: ApplicantKind;
  status: DossierStatus;
  /** When the applicant submitted / the counter received the file (submitted_at). */
  submittedAt: Date;
  /** Accepted at reception (NULL for status 1 "new" and 3 "refused"). */
  receivedAt: Date | null;
  appointmentAt: Date | null;
  /** The appointment's calendar day in Vietnam (dossiers.expected_date). */
  appointmentDay: string | null;
  finishedAt: Date | null;
  returnedAt: Date | null;
  timeliness: Timeliness | null;
  feeVnd: number | null;
  paidOnline: boolean;
  electronicResult: boolean;
  digitised: boolean;
  applicantName: string | null;
  idNumber: string | null;
}

export interface RowError {
  column: string;
  code: string;
  params?: Record<string, string | number>;
}

export type RowCheck = { ok: true; row: ImportRow } | { ok: false; errors: RowError[] };

const CODE = /^[A-Za-z0-9][A-Za-z0-9._\-/]{0,99}$/;
/** A national code, or "<agency code>:<local code>" for a procedure with only a local code (migration 0038). */
const PROCEDURE_CODE = PROCEDURE_KEY_PATTERN;
const AGENCY_CODE = /^[A-Z0-9][A-Z0-9.]{1,39}$/;
const ID_NUMBER = /^[0-9A-Za-z-]{6,20}$/;
const TRUE_WORDS = new Set(['1', 'true', 'x', 'co', 'có', 'yes', 'y']);
const FALSE_WORDS = new Set(['0', 'false', 'khong', 'không', 'no', 'n', '']);

const KIND_WORDS: Record<string, ApplicantKind> = {
  citizen: 'citizen', 'cong_dan': 'citizen', 'công dân': 'citizen', 'ca_nhan': 'citizen', 'cá nhân': 'citizen', '1': 'citizen',
  organisation: 'organisation', organization: 'organisation', 'to_chuc': 'organisation', 'tổ chức': 'organisation', 'doanh_nghiep': 'organisation', 'doanh nghiệp': 'organisation', '2': 'organisation',
};

/** Statuses that end processing (3 refused, 7 withdrawn, 8 stopped, 9 resolved, 10 returned). */
const FINISHED = new Set<number>([3, 7, 8, 9, 10]);
/** Statuses with a running (or paused) statutory clock and an appointment. */
const NEEDS_APPOINTMENT = new Set<number>([2, 4, 5, 6, 9, 10]);

function parseBoolean(value: string): boolean | 'invalid' {
  const v = value.trim().toLowerCase();
  if (TRUE_WORDS.has(v)) return true;
  if (FALSE_WORDS.has(v)) return false;
  return 'invalid';
}

function parseFee(value: string): number | null | 'invalid' {
  const v = value.replace(/\s+/g, '').replace(/(đ|₫|vnd)$/i, '');
  if (v === '') return null;
  let digits: string;
  if (/^\d+$/.test(v)) digits = v;
  else if (/^\d{1,3}(\.\d{3})+$/.test(v) || /^\d{1,3}(,\d{3})+$/.test(v)) digits = v.replace(/[.,]/g, '');
  else return 'invalid';
  const amount = Number(digits);
  return Number.isSafeInteger(amount) && amount <= 1e13 ? amount : 'invalid';
}

/** The columns of instants that cannot lie after the day of the import: received, finished, returned. */
export const PAST_DATE_COLUMNS = ['ngay_tiep_nhan', 'ngay_xu_ly_xong', 'ngay_tra_ket_qua'] as const;

/**
 * Validates one row (cells by column key); every problem of the row is reported at once, each naming its column.
 * Checks needing the database (codes exist, duplicates) come after. `today` (yyyy-mm-dd, the import's day in
 * Vietnam, given by the caller: the rules read no clock) refuses received, finished and returned dates after it
 * (IMPORT_ROW_DATE_FUTURE). The appointment (ngay_hen_tra) may lie ahead: an open dossier's deadline, or a
 * dossier resolved before its deadline.
 */
export function validateRow(cells: Readonly<Record<string, string>>, options: { today?: string } = {}): RowCheck {
  const errors: RowError[] = [];
  const get = (key: string) => (cells[key] ?? '').trim();
  const fail = (column: string, code: string, params?: RowError['params']) => errors.push({ column, code, ...(params ? { params } : {}) });

  for (const key of COLUMN_KEYS) {
    if (FORMULA_START.test(cells[key] ?? '') && !/^-?\d/.test(cells[key] ?? '')) fail(key, 'IMPORT_ROW_FORMULA');
  }
  const flagged = new Set(errors.map((e) => e.column));

  const code = get('ma_ho_so');
  if (!flagged.has('ma_ho_so')) {
    if (code === '') fail('ma_ho_so', 'IMPORT_ROW_REQUIRED');
    else if (!CODE.test(code)) fail('ma_ho_so', 'IMPORT_ROW_CODE_INVALID');
  }
  const procedureCode = get('ma_thu_tuc');
  if (!flagged.has('ma_thu_tuc')) {
    if (procedureCode === '') fail('ma_thu_tuc', 'IMPORT_ROW_REQUIRED');
    else if (!PROCEDURE_CODE.test(procedureCode)) fail('ma_thu_tuc', 'IMPORT_ROW_PROCEDURE_CODE_INVALID');
  }
  const agencyCode = get('ma_co_quan').toUpperCase();
  if (!flagged.has('ma_co_quan')) {
    if (agencyCode === '') fail('ma_co_quan', 'IMPORT_ROW_REQUIRED');
    else if (!AGENCY_CODE.test(agencyCode)) fail('ma_co_quan', 'IMPORT_ROW_AGENCY_CODE_INVALID');
  }
  const channelText = get('kenh');
  const channel = /^[123]$/.test(channelText) ? (Number(channelText) as 1 | 2 | 3) : null;
  if (channel === null && !flagged.has('kenh')) fail('kenh', channelText === '' ? 'IMPORT_ROW_REQUIRED' : 'IMPORT_ROW_CHANNEL_INVALID');
  const kindText = get('loai_nguoi_nop').toLowerCase();
  const applicantKind = KIND_WORDS[kindText] ?? null;
  if (applicantKind === null && !flagged.has('loai_nguoi_nop')) fail('loai_nguoi_nop', kindText === '' ? 'IMPORT_ROW_REQUIRED' : 'IMPORT_ROW_KIND_INVALID');
  const statusText = get('trang_thai');
  const status = /^(10|[1-9])$/.test(statusText) ? (Number(statusText) as DossierStatus) : null;
  if (status === null && !flagged.has('trang_thai')) fail('trang_thai', statusText === '' ? 'IMPORT_ROW_REQUIRED' : 'IMPORT_ROW_STATUS_INVALID');

  const date = (key: string, time: [number, number] = [0, 0]): ParsedInstant | null => {
    if (flagged.has(key)) return null;
    const parsed = parseInstant(get(key), time);
    if (parsed === 'invalid') {
      fail(key, 'IMPORT_ROW_DATE_INVALID');
      return null;
    }
    return parsed;
  };
  const submitted = date('ngay_tiep_nhan');
  const appointment = date('ngay_hen_tra', [17, 0]);
  const finished = date('ngay_xu_ly_xong');
  const returned = date('ngay_tra_ket_qua');
  const dateErrors = new Set(errors.map((e) => e.column));

  if (!submitted && !dateErrors.has('ngay_tiep_nhan')) fail('ngay_tiep_nhan', 'IMPORT_ROW_REQUIRED');
  if (status !== null) {
    if (NEEDS_APPOINTMENT.has(status) && !appointment && !dateErrors.has('ngay_hen_tra')) fail('ngay_hen_tra', 'IMPORT_ROW_REQUIRED_FOR_STATUS', { status });
    if (FINISHED.has(status) && !finished && !dateErrors.has('ngay_xu_ly_xong')) fail('ngay_xu_ly_xong', 'IMPORT_ROW_REQUIRED_FOR_STATUS', { status });
    if (!FINISHED.has(status) && finished) fail('ngay_xu_ly_xong', 'IMPORT_ROW_NOT_ALLOWED_FOR_STATUS', { status });
    if (status === 10 && !returned && !dateErrors.has('ngay_tra_ket_qua')) fail('ngay_tra_ket_qua', 'IMPORT_ROW_REQUIRED_FOR_STATUS', { status });
    if (status !== 10 && returned) fail('ngay_tra_ket_qua', 'IMPORT_ROW_NOT_ALLOWED_FOR_STATUS', { status });
  }
  // Order of the dates, by Vietnam calendar day (a bare date carries no time of day).
  const day = (p: ParsedInstant | null) => (p ? vietnamDate(p.at) : null);
  if (submitted && appointment && day(appointment)! < day(submitted)!) fail('ngay_hen_tra', 'IMPORT_ROW_DATE_BEFORE', { other: 'ngay_tiep_nhan' });
  if (submitted && finished && day(finished)! < day(submitted)!) fail('ngay_xu_ly_xong', 'IMPORT_ROW_DATE_BEFORE', { other: 'ngay_tiep_nhan' });
  if (finished && returned && day(returned)! < day(finished)!) fail('ngay_tra_ket_qua', 'IMPORT_ROW_DATE_BEFORE', { other: 'ngay_xu_ly_xong' });
  if (options.today) {
    const today = options.today;
    const shown = formatDate(today);
    const given: Record<(typeof PAST_DATE_COLUMNS)[number], ParsedInstant | null> = { ngay_tiep_nhan: submitted, ngay_xu_ly_xong: finished, ngay_tra_ket_qua: returned };
    for (const column of PAST_DATE_COLUMNS) {
      const value = given[column];
      if (value && day(value)! > today) fail(column, 'IMPORT_ROW_DATE_FUTURE', { today: shown });
    }
  }

  const fee = flagged.has('phi') ? null : parseFee(get('phi'));
  if (fee === 'invalid') fail('phi', 'IMPORT_ROW_FEE_INVALID');
  const flag = (key: string): boolean => {
    if (flagged.has(key)) return false;
    const value = parseBoolean(get(key));
    if (value === 'invalid') {
      fail(key, 'IMPORT_ROW_BOOLEAN_INVALID');
      return false;
    }
    return value;
  };
  const paidOnline = flag('thanh_toan_truc_tuyen');
  const electronicResult = flag('ket_qua_dien_tu');
  const digitised = flag('so_hoa');

  const name = get('ho_ten');
  if (name.length > 300) fail('ho_ten', 'IMPORT_ROW_TOO_LONG', { max: 300 });
  const idNumber = get('so_giay_to');
  if (idNumber !== '' && !flagged.has('so_giay_to') && !ID_NUMBER.test(idNumber)) fail('so_giay_to', 'IMPORT_ROW_ID_NUMBER_INVALID');

  if (errors.length) return { ok: false, errors };
  const s = status!;
  const resolved = s === 9 || s === 10;
  return {
    ok: true,
    row: {
      code,
      procedureCode,
      agencyCode,
      channel: channel!,
      applicantKind: applicantKind!,
      status: s,
      submittedAt: submitted!.at,
      receivedAt: s === 1 || s === 3 ? null : submitted!.at,
      appointmentAt: appointment?.at ?? null,
      appointmentDay: appointment ? vietnamDate(appointment.at) : null,
      finishedAt: finished?.at ?? null,
      returnedAt: returned?.at ?? null,
      timeliness: resolved ? timelinessOf(finished!.at, appointment!.at) : null,
      feeVnd: fee as number | null,
      paidOnline,
      electronicResult,
      digitised,
      applicantName: name === '' ? null : name,
      idNumber: idNumber === '' ? null : idNumber,
    },
  };
}

/** Picks the procedure version a dossier received at `day` was handled under. */
export interface VersionCandidate {
  id: string;
  version: number;
  status: 'draft' | 'published' | 'retired';
  effectiveFrom: string | null;
  effectiveTo: string | null;
}

/**
 * The version whose effective dates cover the day (published first, then the newest); when none covers it
 * (legacy dossiers often predate the catalog), the published version, else the newest non-draft, else the newest.
 */
export function versionFor(candidates: readonly VersionCandidate[], day: string): VersionCandidate | null {
  if (candidates.length === 0) return null;
  const rank = (v: VersionCandidate) => (v.status === 'published' ? 2 : v.status === 'retired' ? 1 : 0);
  const sorted = [...candidates].sort((a, b) => rank(b) - rank(a) || b.version - a.version);
  const covering = sorted.filter((v) => v.status !== 'draft' && (v.effectiveFrom === null || v.effectiveFrom <= day) && (v.effectiveTo === null || day <= v.effectiveTo));
  if (covering.length) return covering[0]!;
  return sorted[0]!;
}

// ---------------------------------------------------------------------------------------------
// The bad rows file (CSV, UTF-8 with BOM for spreadsheets)
// ---------------------------------------------------------------------------------------------

/** One CSV line (RFC 4180 quoting, CRLF), every cell neutralised. */
export function csvLine(cells: readonly string[]): string {
  return `${cells
    .map((cell) => {
      const safe = neutraliseCell(cell);
      return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
    })
    .join(',')}\r\n`;
}

export const BAD_ROWS_HEADER = ['dong', 'ly_do', ...COLUMN_KEYS];

/** Describes the encoding problem of a file's first bytes, or null when it may be UTF-8. */
export function sniffEncoding(head: Uint8Array): 'utf16' | 'utf32' | null {
  if (head.length >= 4 && ((head[0] === 0xff && head[1] === 0xfe && head[2] === 0 && head[3] === 0) || (head[0] === 0 && head[1] === 0 && head[2] === 0xfe && head[3] === 0xff))) return 'utf32';
  if (head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) return 'utf16';
  // UTF-16 without a byte order mark: ASCII letters alternate with zero bytes.
  const sample = head.subarray(0, 200);
  let zeros = 0;
  for (const byte of sample) if (byte === 0) zeros++;
  if (sample.length >= 8 && zeros >= sample.length / 4) return 'utf16';
  return null;
}

/** The file's kind from its first bytes: a ZIP container is an Excel workbook, anything else is read as CSV. */
export function formatOf(head: Uint8Array): 'xlsx' | 'csv' {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04 ? 'xlsx' : 'csv';
}
