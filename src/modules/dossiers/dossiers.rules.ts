// Pure rules of online submission: dossier codes, lookup secrets, name masking, national statuses,
// the default e-form, required documents and accepted file types. No I/O, no clock.
import { createHash } from 'node:crypto';
import type { AccountKind, Audience, DossierStatus, OnlineClass } from '../../db/schema.ts';
import type { FieldError } from '../../core/errors.ts';
import { isOnlineCapable, sanitiseFileName } from '../catalog/catalog.rules.ts';

export { isOnlineCapable };

// ---------------------------------------------------------------------------------------------
// National status codes and channels (domain guide §3)
// ---------------------------------------------------------------------------------------------

export const NATIONAL_STATUSES: Record<DossierStatus, { vi: string; en: string }> = {
  1: { vi: 'Mới đăng ký', en: 'Newly registered' },
  2: { vi: 'Được tiếp nhận', en: 'Received' },
  3: { vi: 'Không được tiếp nhận', en: 'Refused at reception' },
  4: { vi: 'Đang xử lý', en: 'Being processed' },
  5: { vi: 'Yêu cầu bổ sung giấy tờ', en: 'Supplement requested' },
  6: { vi: 'Yêu cầu thực hiện nghĩa vụ tài chính', en: 'Payment of fees requested' },
  7: { vi: 'Công dân yêu cầu rút hồ sơ', en: 'Withdrawn by the applicant' },
  8: { vi: 'Dừng xử lý', en: 'Processing stopped' },
  9: { vi: 'Đã xử lý xong', en: 'Result ready' },
  10: { vi: 'Đã trả kết quả', en: 'Result delivered' },
};

export const STATUS_NEW: DossierStatus = 1;

/** Label of a national status code; drafts (null) are "Bản nháp" / "Draft". */
export function statusLabel(status: number | null, locale: 'vi' | 'en' = 'vi'): string {
  if (status === null) return locale === 'vi' ? 'Bản nháp' : 'Draft';
  const entry = NATIONAL_STATUSES[status as DossierStatus];
  return entry ? entry[locale] : String(status);
}

export const CHANNELS = { counter: 1, online: 2, post: 3 } as const;

/**
 * Statuses in which the applicant may still ask to withdraw the dossier: before a result exists and
 * while it is not already refused, withdrawn or stopped (1, 2, 4, 5, 6).
 */
export function canWithdraw(status: number | null): boolean {
  return status !== null && [1, 2, 4, 5, 6].includes(status);
}

// ---------------------------------------------------------------------------------------------
// Dossier code: {agency e-ID}-{yymmdd}-{sequence}
// ---------------------------------------------------------------------------------------------

const VIETNAM_OFFSET_MS = 7 * 3600 * 1000; // Asia/Ho_Chi_Minh is UTC+7 all year (no daylight saving).

/** The calendar day (yyyy-mm-dd) in Vietnam at `now`: 17:00 UTC is already the next day. */
export function vietnamDay(now: Date): string {
  return new Date(now.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

export const DEFAULT_SEQUENCE_WIDTH = 4;

/**
 * `H15.50.05.13-261008-0975`: the receiving agency's e-ID, the day in Vietnam (yymmdd) and the agency's
 * daily sequence, zero-padded to `width` (default 4; a larger number simply gets more digits).
 */
export function formatDossierCode(agencyCode: string, now: Date, sequence: number, width = DEFAULT_SEQUENCE_WIDTH): string {
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError(`invalid sequence: ${sequence}`);
  if (!Number.isInteger(width) || width < 1 || width > 12) throw new RangeError(`invalid width: ${width}`);
  return `${codePrefix(agencyCode, now)}${String(sequence).padStart(width, '0')}`;
}

/** The part of the code before the sequence: `{agency e-ID}-{yymmdd}-` (the day in Vietnam). */
export function codePrefix(agencyCode: string, now: Date): string {
  const day = vietnamDay(now);
  return `${agencyCode}-${day.slice(2, 4)}${day.slice(5, 7)}${day.slice(8, 10)}-`;
}

/** A code as typed by a person (spaces around, lower case) in the stored form. */
export function normaliseDossierCode(input: string): string {
  return input.trim().toUpperCase();
}

// ---------------------------------------------------------------------------------------------
// Lookup secret
// ---------------------------------------------------------------------------------------------

/** 31 characters: digits 2–9 and capital letters without I, L and O (no 0/O, 1/I/L confusion). */
export const SECRET_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const SECRET_LENGTH = 8;

/**
 * An 8-character secret from `random` bytes (rejection sampling keeps the characters uniform:
 * bytes ≥ 248 are skipped). `random(n)` must return n random bytes.
 */
export function generateLookupSecret(random: (n: number) => Uint8Array): string {
  const limit = Math.floor(256 / SECRET_ALPHABET.length) * SECRET_ALPHABET.length;
  let secret = '';
  while (secret.length < SECRET_LENGTH) {
    for (const byte of random(SECRET_LENGTH * 2)) {
      if (byte >= limit) continue;
      secret += SECRET_ALPHABET[byte % SECRET_ALPHABET.length];
      if (secret.length === SECRET_LENGTH) break;
    }
  }
  return secret;
}

/** What a person typed ("abcd-efgh ", lower case) in the form the secret was generated in. */
export function normaliseSecret(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '');
}

/** Stored form of a secret: SHA-256 of "code:secret" (the code salts it: equal secrets hash differently). */
export function hashLookupSecret(code: string, secret: string): string {
  return createHash('sha256').update(`${code}:${normaliseSecret(secret)}`).digest('hex');
}

// ---------------------------------------------------------------------------------------------
// Public display of the applicant
// ---------------------------------------------------------------------------------------------

/**
 * A person's name for the public lookup: the family name (first word) in full, every other word as
 * its first letter followed by one star per remaining letter: "Nguyễn Văn An" → "Nguyễn V** A*".
 * A single word keeps only its first letter ("An" → "A*").
 */
export function maskName(name: string): string {
  const words = name.normalize('NFC').trim().split(/\s+/).filter(Boolean);
  if (!words.length) return '';
  const mask = (word: string) => {
    const letters = [...word];
    return letters[0] + '*'.repeat(letters.length - 1);
  };
  if (words.length === 1) return mask(words[0]!);
  return [words[0]!, ...words.slice(1).map(mask)].join(' ');
}

// ---------------------------------------------------------------------------------------------
// E-form
// ---------------------------------------------------------------------------------------------

export interface FormVersion {
  name: string;
  audience: readonly Audience[];
}

export interface ApplicantProfile {
  kind: AccountKind;
  fullName: string;
  personalId: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  organisationName: string | null;
  taxCode: string | null;
  organisationAddress: string | null;
  /** yyyy-mm-dd, when the profile has it. */
  dateOfBirth?: string | null;
}

export const PHONE_PATTERN = '^(\\+84|0)[0-9]{9,10}$';
export const PERSONAL_ID_PATTERN = '^[0-9]{12}$';
export const TAX_CODE_PATTERN = '^[0-9]{10}(-[0-9]{3})?$';

/**
 * The e-form of a procedure version that has no form of its own: the applicant's details (prefilled from
 * the profile: `x-prefill` names the profile field) and the content of the request. Citizens give their
 * personal ID, organisations their name and tax code. When the procedure serves both audiences, both are
 * optional here and `applicantErrors` requires the one matching the applicant.
 */
export function defaultFormSchema(version: FormVersion): Record<string, unknown> {
  const citizen = version.audience.includes('citizen');
  const organisation = version.audience.includes('organisation');
  const properties: Record<string, Record<string, unknown>> = {
    fullName: { type: 'string', title: organisation && !citizen ? 'Họ và tên người đại diện' : 'Họ và tên', minLength: 1, maxLength: 200, 'x-prefill': 'fullName' },
  };
  if (citizen) properties.personalId = { type: 'string', title: 'Số định danh cá nhân', description: '12 chữ số', pattern: PERSONAL_ID_PATTERN, 'x-prefill': 'personalId' };
  if (organisation) {
    properties.organisationName = { type: 'string', title: 'Tên tổ chức, doanh nghiệp', minLength: 1, maxLength: 300, 'x-prefill': 'organisationName' };
    properties.taxCode = { type: 'string', title: 'Mã số thuế', description: '10 hoặc 13 chữ số (dạng 0123456789-001)', pattern: TAX_CODE_PATTERN, 'x-prefill': 'taxCode' };
  }
  properties.phone = { type: 'string', title: 'Số điện thoại', pattern: PHONE_PATTERN, 'x-prefill': 'phone' };
  properties.email = { type: 'string', title: 'Thư điện tử', format: 'email', maxLength: 254, 'x-prefill': 'email' };
  properties.address = { type: 'string', title: 'Địa chỉ liên hệ', minLength: 1, maxLength: 500, 'x-prefill': 'address' };
  properties.requestContent = { type: 'string', title: 'Nội dung yêu cầu', minLength: 1, maxLength: 5000, 'x-widget': 'textarea' };
  const required = ['fullName'];
  if (citizen && !organisation) required.push('personalId');
  if (organisation && !citizen) required.push('organisationName', 'taxCode');
  required.push('phone', 'address', 'requestContent');
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: `Tờ khai: ${version.name}`,
    type: 'object',
    additionalProperties: false,
    required,
    properties,
  };
}

/** Form data prefilled from the applicant's profile (only the fields the schema has; nothing empty). */
export function prefillForm(schema: Record<string, unknown>, profile: ApplicantProfile): Record<string, unknown> {
  const properties = (schema.properties ?? {}) as Record<string, { 'x-prefill'?: string; type?: unknown }>;
  const source: Record<string, string | null> = {
    fullName: profile.fullName,
    personalId: profile.kind === 'citizen' ? profile.personalId : null,
    organisationName: profile.organisationName,
    taxCode: profile.taxCode,
    phone: profile.phone,
    email: profile.email,
    address: profile.address ?? profile.organisationAddress,
    dateOfBirth: profile.dateOfBirth ?? null,
  };
  const data: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(properties)) {
    const from = property['x-prefill'];
    const value = from ? source[from] : null;
    // An address object gets the profile's (free-text) address as its street line.
    if (value) data[name] = property.type === 'object' ? { street: value } : value;
  }
  return data;
}

/**
 * Strings trimmed and NFC-normalised; empty strings dropped (so "required" reports them); inside objects
 * (addresses) and arrays of objects (repeatable groups) too: empty objects and empty rows are dropped.
 */
export function normaliseFormData(data: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    const clean = normaliseValue(value);
    if (clean !== undefined) result[key] = clean;
  }
  return result;
}

function normaliseValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.normalize('NFC').trim() || undefined;
  if (value === null || value === undefined) return undefined;
  if (depth > 3) return value;
  if (Array.isArray(value)) {
    const rows = value.map((v) => normaliseValue(v, depth + 1)).filter((v) => v !== undefined);
    return rows.length ? rows : undefined;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, normaliseValue(v, depth + 1)] as const).filter(([, v]) => v !== undefined);
    return entries.length ? Object.fromEntries(entries) : undefined;
  }
  return value;
}

/**
 * Applicant identification the schema alone cannot require when a procedure serves both audiences:
 * a citizen gives the personal ID, an organisation its name and tax code.
 */
export function applicantErrors(schema: Record<string, unknown>, kind: AccountKind, data: Record<string, unknown>): FieldError[] {
  const properties = (schema.properties ?? {}) as Record<string, unknown>;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const needed = kind === 'organisation' ? ['organisationName', 'taxCode'] : ['personalId'];
  return needed.filter((name) => name in properties && !required.has(name) && (data[name] === undefined || data[name] === '')).map((name) => ({ path: `/${name}`, code: 'required' }));
}

/** The name shown (masked) by the public lookup: the organisation's name, or the person's. */
export function applicantDisplayName(kind: AccountKind, data: Record<string, unknown>, fallback: string): string {
  if (kind === 'organisation' && typeof data.organisationName === 'string' && data.organisationName) return data.organisationName;
  return typeof data.fullName === 'string' && data.fullName ? data.fullName : fallback;
}

/**
 * Public form of the applicant's name: organisations' registered names are public (national business
 * register) and shown as they are; persons' names are masked.
 */
export function publicApplicantName(organisation: boolean, name: string | null): string {
  if (!name) return '';
  return organisation ? name : maskName(name);
}

// ---------------------------------------------------------------------------------------------
// Who may apply
// ---------------------------------------------------------------------------------------------

/** The error code that keeps `kind` from applying online for the version, or null. */
export function applyViolation(kind: AccountKind, version: { audience: readonly Audience[]; online_level: number; online_class: OnlineClass }): string | null {
  if (kind === 'staff') return 'DOSSIER_APPLICANTS_ONLY';
  if (!isOnlineCapable(version.online_level, version.online_class)) return 'PROCEDURE_NOT_ONLINE';
  if (!version.audience.includes(kind === 'organisation' ? 'organisation' : 'citizen')) return 'PROCEDURE_NOT_FOR_APPLICANT';
  return null;
}

// ---------------------------------------------------------------------------------------------
// Required documents and files
// ---------------------------------------------------------------------------------------------

/**
 * A document must have at least one file at submission unless the catalog marks it as needing no copy
 * (copies = 0) or its name makes it conditional ("…, nếu …", "(nếu có)", "(trường hợp …)", "trừ trường hợp"):
 * the catalog has no explicit "optional" flag, and conditional documents are the catalog's way to say it.
 */
export function isDocumentRequired(document: { name: string; copies: number }): boolean {
  if (document.copies <= 0) return false;
  // Accents matter: "nếu" (if) is a condition, "nêu" (to state) is not.
  const text = ` ${document.name.normalize('NFC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
  return !/ nếu | trường hợp /.test(text);
}

/** Accepted attachment types, detected from the content (never from the name or the declared type). */
export const ALLOWED_FILE_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  png: 'image/png',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export const ALLOWED_MEDIA_TYPES = Object.values(ALLOWED_FILE_TYPES);

/** The media type to store for content detected as `detected` (files.inspect.rules.ts), or null when refused. */
export function acceptedMediaType(detected: string | null | undefined): string | null {
  return (detected && ALLOWED_FILE_TYPES[detected]) || null;
}

/** Upload file name: no path parts, no control characters, at most 200 characters (extension kept). */
export function sanitiseUploadName(name: string | null | undefined): string {
  return sanitiseFileName(name, 'tep-dinh-kem');
}

export const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;
export const DEFAULT_MAX_TOTAL_BYTES = 50 * 1024 * 1024;

/** Which limit an upload runs into: the file's own or what is left of the dossier's total. */
export function uploadLimit(maxFileBytes: number, maxTotalBytes: number, usedBytes: number): { bytes: number; error: 'FILE_TOO_LARGE' | 'DOSSIER_FILES_TOO_LARGE' } {
  const left = Math.max(0, maxTotalBytes - usedBytes);
  return left < maxFileBytes ? { bytes: left, error: 'DOSSIER_FILES_TOO_LARGE' } : { bytes: maxFileBytes, error: 'FILE_TOO_LARGE' };
}

/** Megabytes with one decimal, for messages. */
export function megabytes(bytes: number): number {
  return Math.round((bytes / 1048576) * 10) / 10;
}
