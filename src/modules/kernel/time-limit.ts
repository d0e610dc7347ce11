// Statutory time limits and procedure codes: the pure vocabulary every module that computes a due date or reads a
// procedure code shares (catalog, dossiers, intake, handling, imports, reports). Like dossier.ts it imports no other
// module. Every due date of a dossier goes through `statutoryCalendarLimit`: a procedure with "no statutory time
// limit" (không quy định thời hạn, migration 0038) gives null — no due date, never late — which is distinct from
// 0 = the same day.
import type { TimeLimitUnit } from '../../db/schema.ts';

export const TIME_LIMIT_UNITS: readonly TimeLimitUnit[] = ['working_days', 'half_days', 'hours'];
/** The largest limit value a version may state (about ten years of working days). */
export const MAX_TIME_LIMIT_VALUE = 3650;

/** A version's time limit as the modules pass it around. */
export interface StatutoryLimit {
  value: number;
  unit: TimeLimitUnit;
  sameDay?: boolean | undefined;
  /** No statutory time limit: no due date. */
  none?: boolean | undefined;
}

/** The input of the calendar's `due` (calendar.service.ts). */
export type CalendarLimit = { workingDays: number } | { halfDays: number } | { workingHours: number };

/**
 * The one place a limit becomes the calendar's input: null when there is no statutory limit (the caller stores no
 * due date); same-day procedures are 0 working days (the cut-off rule applies); a fractional number of working days
 * is counted in half days; hours are working hours.
 */
export function statutoryCalendarLimit(limit: StatutoryLimit): CalendarLimit | null {
  if (limit.none) return null;
  if (limit.sameDay) return { workingDays: 0 };
  if (limit.unit === 'working_days') return Number.isInteger(limit.value) ? { workingDays: limit.value } : { halfDays: Math.round(limit.value * 2) };
  if (limit.unit === 'half_days') return { halfDays: Math.round(limit.value) };
  return { workingHours: limit.value };
}

/** The limit of a stored procedure version (columns of procedure_versions). */
export function limitOfVersion(v: { time_limit_value: string | number; time_limit_unit: TimeLimitUnit; same_day: boolean; no_time_limit?: boolean | null | undefined }): StatutoryLimit & { sameDay: boolean; none: boolean } {
  return { value: Number(v.time_limit_value), unit: v.time_limit_unit, sameDay: v.same_day, none: v.no_time_limit === true };
}

export type TimeLimitKind = 'limit' | 'same_day' | 'none';

/**
 * A time limit as a person types it (the procedure form, a spreadsheet cell): the kind chosen, the value and the
 * unit as text. Returns the limit or the field errors (paths /timeLimit/value, /timeLimit/unit): a value that is not
 * a number, negative, above the maximum or not a multiple of 0.5; an unknown unit. "none" and "same_day" ignore the
 * value and unit.
 */
export function parseTimeLimit(input: { kind?: string | null | undefined; value?: unknown; unit?: unknown }): { limit: StatutoryLimit } | { errors: Array<{ path: string; code: string; params?: Record<string, string | number> }> } {
  const kind = input.kind || 'limit';
  if (kind === 'none') return { limit: { value: 0, unit: 'working_days', none: true } };
  const unit = typeof input.unit === 'string' && (TIME_LIMIT_UNITS as readonly string[]).includes(input.unit) ? (input.unit as TimeLimitUnit) : null;
  if (kind === 'same_day') return { limit: { value: 0, unit: unit ?? 'working_days', sameDay: true } };
  const errors: Array<{ path: string; code: string; params?: Record<string, string | number> }> = [];
  if (kind !== 'limit') errors.push({ path: '/timeLimit/kind', code: 'enum' });
  const raw = typeof input.value === 'number' ? String(input.value) : typeof input.value === 'string' ? input.value.trim().replace(',', '.') : '';
  const value = /^\d{1,4}(\.\d)?$/.test(raw) ? Number(raw) : Number.NaN;
  if (!raw) errors.push({ path: '/timeLimit/value', code: 'required' });
  else if (!Number.isFinite(value)) errors.push({ path: '/timeLimit/value', code: 'TIME_LIMIT_INVALID' });
  else if (value > MAX_TIME_LIMIT_VALUE) errors.push({ path: '/timeLimit/value', code: 'maximum', params: { limit: MAX_TIME_LIMIT_VALUE } });
  else if (!Number.isInteger(value * 2)) errors.push({ path: '/timeLimit/value', code: 'TIME_LIMIT_INVALID' });
  if (!unit) errors.push({ path: '/timeLimit/unit', code: 'enum' });
  if (errors.length || !unit) return { errors };
  return { limit: { value, unit } };
}

// ---------------------------------------------------------------------------------------------
// Procedure codes
// ---------------------------------------------------------------------------------------------

/** The national code of a procedure (mã TTHC on the National Public Service Portal), e.g. 1.001823. */
export const NATIONAL_CODE_PATTERN = /^[0-9]\.[0-9]{6}$/;
/** An agency's local code of a procedure, e.g. TP01, DT07, QT-1.2: ASCII letters, digits, dot, hyphen; 1–30. */
export const LOCAL_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9.-]{0,29}$/;
/** The stable key of a procedure (procedures.code, URLs): a national code, or "<agency e-ID code>:<local code>". */
export const PROCEDURE_KEY_PATTERN = /^(?:[0-9]\.[0-9]{6}|[A-Za-z0-9][A-Za-z0-9.]{1,39}:[A-Za-z0-9][A-Za-z0-9.-]{0,29})$/;
/** The same, as a JSON Schema pattern (route parameters). */
export const PROCEDURE_KEY_SOURCE = '^(?:[0-9]\\.[0-9]{6}|[A-Za-z0-9][A-Za-z0-9.]{1,39}:[A-Za-z0-9][A-Za-z0-9.-]{0,29})$';

export function isNationalCode(code: string): boolean {
  return NATIONAL_CODE_PATTERN.test(code);
}

/** The key of a new procedure: its national code when it has one, else "<agency code>:<local code>"; null: neither. */
export function procedureKey(input: { nationalCode?: string | null | undefined; agencyCode: string; localCode?: string | null | undefined }): string | null {
  if (input.nationalCode) return input.nationalCode;
  if (input.localCode) return `${input.agencyCode}:${input.localCode}`;
  return null;
}

/** The codes a key carries: a national key is the national code; a local key names the agency and its local code. */
export function codesOfKey(key: string): { nationalCode: string | null; agencyCode: string | null; localCode: string | null } {
  if (isNationalCode(key)) return { nationalCode: key, agencyCode: null, localCode: null };
  const at = key.indexOf(':');
  return at > 0 ? { nationalCode: null, agencyCode: key.slice(0, at), localCode: key.slice(at + 1) } : { nationalCode: null, agencyCode: null, localCode: null };
}
