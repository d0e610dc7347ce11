// Pure rules of the procedure catalog: version life cycle, search text and query normalisation,
// template file types, content comparison. No I/O, no clock.
import { addDays, isIsoDate } from '../../core/time.ts';
import { foldVietnamese } from '../../core/text.ts';
import type { OnlineClass, VersionStatus } from '../../db/schema.ts';
import type { ProcedureExchange } from './catalog.exchange.ts';
import { extensionOf, sanitiseFileName } from '../files/files.rules.ts';
import { codesOfKey, isNationalCode, LOCAL_CODE_PATTERN, PROCEDURE_KEY_PATTERN } from '../kernel/time-limit.ts';

// File names have their home in the files module; re-exported for this module's callers.
export { extensionOf, sanitiseFileName };

// ---------------------------------------------------------------------------------------------
// Life cycle
// ---------------------------------------------------------------------------------------------

export type LifecycleAction = 'edit' | 'publish' | 'retire' | 'newVersion';

export interface LifecycleState {
  /** Status of the version the action applies to (for newVersion: ignored). */
  status: VersionStatus | null;
  /** The procedure already has a draft (only relevant for newVersion). */
  hasDraft?: boolean;
}

/** The error code that forbids the action, or null when it is allowed. */
export function lifecycleViolation(action: LifecycleAction, state: LifecycleState): string | null {
  switch (action) {
    case 'edit':
    case 'publish':
      return state.status === 'draft' ? null : 'VERSION_NOT_DRAFT';
    case 'retire':
      return state.status === 'published' ? null : 'VERSION_NOT_PUBLISHED';
    case 'newVersion':
      return state.hasDraft ? 'DRAFT_EXISTS' : null;
  }
}

export interface PublishPlan {
  effectiveFrom: string;
  /** effective_to of the previously published version, which is retired (null when there is none). */
  previousEffectiveTo: string | null;
}

/**
 * Publishing a draft: effective from the given date (default today); the previously published version
 * is retired the day before. The new date may not come before the previous version's start; on the same
 * day (a correction published the day the previous version took effect) the previous one ends that day.
 */
export function planPublish(input: { effectiveFrom?: string | null; today: string; previous: { effectiveFrom: string | null } | null }): PublishPlan | { error: string } {
  const effectiveFrom = input.effectiveFrom || input.today;
  if (!isIsoDate(effectiveFrom)) return { error: 'EFFECTIVE_DATE_INVALID' };
  const previousStart = input.previous?.effectiveFrom ?? null;
  if (previousStart && effectiveFrom < previousStart) return { error: 'EFFECTIVE_DATE_BEFORE_CURRENT' };
  if (!input.previous) return { effectiveFrom, previousEffectiveTo: null };
  return { effectiveFrom, previousEffectiveTo: previousStart === effectiveFrom ? effectiveFrom : addDays(effectiveFrom, -1) };
}

/** effective_to of a version retired on its own (not replaced): today, but never before its start. */
export function retireDate(today: string, effectiveFrom: string | null): string {
  return effectiveFrom && effectiveFrom > today ? effectiveFrom : today;
}

/** Online submission is offered for legacy levels 3–4 and for full/partial online classes. */
export function isOnlineCapable(onlineLevel: number, onlineClass: OnlineClass): boolean {
  return onlineLevel >= 3 || onlineClass === 'full' || onlineClass === 'partial';
}

// ---------------------------------------------------------------------------------------------
// Search
// ---------------------------------------------------------------------------------------------

export const PROCEDURE_CODE_PATTERN = /^[0-9]\.[0-9]{6}$/;
export const MAX_QUERY_LENGTH = 200;
const MAX_QUERY_WORDS = 12;

/** The accent-free text a version is searched by: name, code (and the agency's local code) and field name. */
export function buildSearchText(name: string, code: string, fieldName: string, localCode?: string | null): string {
  return foldVietnamese(`${name} ${code}${localCode ? ` ${localCode}` : ''} ${fieldName}`);
}

/**
 * The codes of a procedure record (migration 0038): its key `code` is a national code, or "<agency code>:<local
 * code>" for a procedure with only a local code — then `agencyCode` must be that agency and `localCode` that code
 * (given or implied). Returns the local code to keep (null: none) and the field errors.
 */
export function procedureCodes(p: { code: string; agencyCode: string; localCode?: string | undefined }): { localCode: string | null; errors: Array<{ path: string; code: string }> } {
  const errors: Array<{ path: string; code: string }> = [];
  if (!PROCEDURE_KEY_PATTERN.test(p.code)) errors.push({ path: '/code', code: 'pattern' });
  if (p.localCode !== undefined && !LOCAL_CODE_PATTERN.test(p.localCode)) errors.push({ path: '/localCode', code: 'LOCAL_CODE_INVALID' });
  if (errors.length || isNationalCode(p.code)) return { localCode: errors.length ? null : (p.localCode ?? null), errors };
  const key = codesOfKey(p.code);
  if (key.agencyCode !== p.agencyCode) errors.push({ path: '/code', code: 'LOCAL_KEY_AGENCY_MISMATCH' });
  if (p.localCode !== undefined && p.localCode !== key.localCode) errors.push({ path: '/localCode', code: 'LOCAL_KEY_MISMATCH' });
  return { localCode: key.localCode, errors };
}

/**
 * A word and its adjacent transpositions ("dnag" → "ndag", "dang", "dnga"): the most common typo, which
 * trigram similarity does not catch in short words. Words under 3 letters and numbers have no variants.
 */
export function typoVariants(word: string): string[] {
  if (word.length < 3 || word.length > 30 || /\d/.test(word)) return [word];
  const variants = new Set([word]);
  for (let i = 0; i < word.length - 1; i++) {
    if (word[i] === word[i + 1]) continue;
    variants.add(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
  }
  return [...variants];
}

export interface NormalisedQuery {
  /** Folded query ("dang ky quyen tac gia"); empty when nothing searchable is left. */
  folded: string;
  /** Distinct words of the folded query, at most 12. */
  words: string[];
  /** The query is a procedure code (national, or a key "<agency code>:<local code>"). */
  code: string | null;
  /** The query may be an agency's local code (one word of letters and digits, with a digit: "TP01", "dt07"). */
  localCode: string | null;
}

export function normaliseQuery(q: string | null | undefined): NormalisedQuery {
  const raw = (q ?? '').normalize('NFC').trim();
  const code = PROCEDURE_KEY_PATTERN.test(raw) ? raw : null;
  const localCode = LOCAL_CODE_PATTERN.test(raw) && /\d/.test(raw) && !PROCEDURE_CODE_PATTERN.test(raw) ? raw.toUpperCase() : null;
  // Dots are kept inside codes ("1.001234") but a lone dot is noise.
  const folded = foldVietnamese(raw)
    .split(' ')
    .map((w) => w.replace(/^\.+|\.+$/g, ''))
    .filter(Boolean)
    .join(' ');
  const words = [...new Set(folded.split(' ').filter(Boolean))].slice(0, MAX_QUERY_WORDS);
  return { folded: words.length ? folded.slice(0, MAX_QUERY_LENGTH) : '', words, code, localCode };
}

/** Escapes LIKE metacharacters (with backslash as the escape character). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Escapes the metacharacters of a POSIX regular expression (PostgreSQL `~`). */
export function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, (c) => `\\${c}`);
}

// ---------------------------------------------------------------------------------------------
// Files and Excel
// ---------------------------------------------------------------------------------------------

export const TEMPLATE_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  odt: 'application/vnd.oasis.opendocument.text',
};

/**
 * Checks that a template's content is the type its name claims. `detected` is what the content inspection found
 * (src/modules/files/files.inspect.rules.ts: 'ole' for OLE compound files, i.e. DOC and XLS), null for none.
 */
export function templateTypeVerdict(fileName: string, detected: string | null | undefined): { mediaType: string } | { error: 'TEMPLATE_TYPE_NOT_ALLOWED' | 'TEMPLATE_TYPE_MISMATCH' } {
  const claimed = extensionOf(fileName);
  const mediaType = TEMPLATE_TYPES[claimed];
  if (!mediaType) return { error: 'TEMPLATE_TYPE_NOT_ALLOWED' };
  const matches = claimed === 'doc' || claimed === 'xls' ? detected === 'ole' : detected === claimed;
  return matches ? { mediaType } : { error: 'TEMPLATE_TYPE_MISMATCH' };
}

// ---------------------------------------------------------------------------------------------
// Content comparison (import skips procedures whose content equals the published version)
// ---------------------------------------------------------------------------------------------

/**
 * Canonical form of the national part of a procedure's content (what the National Public Service Portal publishes,
 * compared by the catalog sync): optional parts filled in, documents without our template names and data-sharing
 * sources; no effective date, e-form or full-online eligibility.
 */
export function canonicalNational(p: Omit<ProcedureExchange, 'fullOnlineEligible' | 'form' | 'effectiveFrom'>) {
  return {
    code: p.code,
    name: p.name,
    agencyCode: p.agencyCode,
    fieldCode: p.fieldCode,
    authorityLevel: p.authorityLevel,
    audience: [...p.audience].sort(),
    onlineLevel: p.onlineLevel,
    onlineClass: p.onlineClass,
    steps: p.steps,
    documents: p.documents.map((d) => ({ name: d.name, copies: d.copies ?? 1, originalKind: d.originalKind })),
    timeLimit: { value: Number(p.timeLimit.value), unit: p.timeLimit.unit, sameDay: p.timeLimit.sameDay ?? false, ...(p.timeLimit.none ? { none: true } : {}), note: p.timeLimit.note ?? null },
    fees: p.fees.map((f) => ({ description: f.description, amountVnd: Number(f.amountVnd) })),
    legalBasis: p.legalBasis,
    resultType: p.resultType,
    submissionPlaces: p.submissionPlaces,
  };
}

/** Canonical form of a procedure's content: the national part, with our full-online eligibility and document details; the effective date left out. */
export function canonicalContent(p: ProcedureExchange): unknown {
  return {
    ...canonicalNational(p),
    ...(p.localCode ? { localCode: p.localCode } : {}),
    fullOnlineEligible: p.fullOnlineEligible,
    documents: p.documents.map((d) => ({ name: d.name, copies: d.copies ?? 1, originalKind: d.originalKind, templateName: d.templateName ?? null, ...(d.sharedSource ? { sharedSource: d.sharedSource } : {}), ...(d.condition ? { condition: d.condition } : {}) })),
  };
}

export function sameContent(a: ProcedureExchange, b: ProcedureExchange): boolean {
  return JSON.stringify(canonicalContent(a)) === JSON.stringify(canonicalContent(b));
}

/** "a\nb\n\n c " → ['a', 'b', 'c'] (lists written one per line in a cell or a textarea). */
export function splitLines(text: string | null | undefined): string[] {
  return String(text ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}
