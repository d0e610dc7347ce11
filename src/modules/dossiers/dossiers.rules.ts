// Pure rules of online submission: lookup secrets, name masking, prefilling and checking the e-form, required
// documents and upload limits. No I/O, no clock. The shared vocabulary (national statuses, channels, the dossier
// code format, the default e-form) is the kernel's (src/modules/kernel/dossier.ts), re-exported below.
import { createHash } from 'node:crypto';
import type { AccountKind, Audience, OnlineClass } from '../../db/schema.ts';
import type { FieldError } from '../../core/errors.ts';
import { isOnlineCapable } from '../catalog/catalog.rules.ts';
import { sanitiseFileName } from '../files/files.rules.ts';

export { isOnlineCapable };
// The shared dossier vocabulary lives in the kernel module (src/modules/kernel/dossier.ts); re-exported here
// for this module's own files and tests.
export {
  CHANNELS,
  codePrefix,
  DEFAULT_SEQUENCE_WIDTH,
  defaultFormSchema,
  formatDossierCode,
  type FormVersion,
  NATIONAL_STATUSES,
  normaliseDossierCode,
  PERSONAL_ID_PATTERN,
  PHONE_PATTERN,
  STATUS_NEW,
  statusLabel,
  TAX_CODE_PATTERN,
} from '../kernel/dossier.ts';
// The schema for an applicant (the kind's identification required, the normalisation written in): the e-form contract.
import { APPLICANT_FIELDS } from '../kernel/eform-contract.ts';
export { APPLICANT_FIELDS, applicantFormSchema, type ApplicantKindName } from '../kernel/eform-contract.ts';

// ---------------------------------------------------------------------------------------------
// Withdrawal (the national status codes and channels: kernel/dossier.ts)
// ---------------------------------------------------------------------------------------------

/**
 * Statuses in which the applicant may still ask to withdraw the dossier: before a result exists and
 * while it is not already refused, withdrawn or stopped (1, 2, 4, 5, 6).
 */
export function canWithdraw(status: number | null): boolean {
  return status !== null && [1, 2, 4, 5, 6].includes(status);
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

/** Form data prefilled from the applicant's profile (only the fields the schema has; nothing empty). */
export function prefillForm(schema: Record<string, unknown>, profile: ApplicantProfile): Record<string, unknown> {
  const properties = (schema.properties ?? {}) as Record<string, { 'x-prefill'?: string; type?: unknown }>; // the version's e-form schema, not request data
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
    // An object of e-form data already read (typeof checked above), not a request body.
    const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, normaliseValue(v, depth + 1)] as const).filter(([, v]) => v !== undefined);
    return entries.length ? Object.fromEntries(entries) : undefined;
  }
  return value;
}

/**
 * Applicant identification the stored schema alone does not require when a procedure serves both audiences:
 * a citizen gives the personal ID, an organisation its name and tax code. The server no longer checks this
 * apart: `applicantFormSchema` (kernel/eform-contract.ts, re-exported here) writes it into the schema the
 * server validates with and serves; this lists the same fields as errors, for callers holding a stored schema.
 */
export function applicantErrors(schema: Record<string, unknown>, kind: AccountKind, data: Record<string, unknown>): FieldError[] {
  const properties = (schema.properties ?? {}) as Record<string, unknown>; // the version's e-form schema, not request data
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const needed = APPLICANT_FIELDS[kind === 'organisation' ? 'organisation' : 'citizen'];
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
export function isDocumentRequired(document: { name: string; copies: number; condition?: string | null }): boolean {
  // An explicit condition (procedure_documents.condition, migration 0039): required only "if applicable".
  if (document.copies <= 0 || (document.condition ?? '').trim()) return false;
  // Accents matter: "nếu" (if) is a condition, "nêu" (to state) is not.
  const text = ` ${document.name.normalize('NFC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
  return !/ nếu | trường hợp /.test(text);
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
