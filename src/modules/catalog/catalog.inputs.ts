// HTML forms of the catalog: the procedure form ↔ the interchange format, the search filters.
import { Ajv } from 'ajv';
import { isNationalCode, LOCAL_CODE_PATTERN, parseTimeLimit, procedureKey } from '../kernel/time-limit.ts';
import type { FieldError } from '../../core/errors.ts';
import { ProcedureExchange } from './catalog.exchange.ts';
import { splitLines } from './catalog.rules.ts';
import { ProcedureQuery } from './catalog.schemas.ts';

const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: true, coerceTypes: true });
const validateProcedure = ajv.compile(ProcedureExchange as object);
const validateQuery = ajv.compile(ProcedureQuery as object);

/** Rows of empty documents offered on the form (without JavaScript, "add row" posts the form back). */
export const EMPTY_DOCUMENT_ROWS = 2;
export const MAX_DOCUMENT_ROWS = 100;

type Body = Record<string, string | string[] | undefined>;

const one = (value: string | string[] | undefined): string => (Array.isArray(value) ? (value[0] ?? '') : (value ?? '')).trim();
const many = (value: string | string[] | undefined): string[] => (Array.isArray(value) ? value : value ? [value] : []).map((v) => v.trim()).filter(Boolean);

export interface DocumentFormRow {
  name: string;
  copies: string;
  originalKind: string;
  templateName: string;
  templateUrl?: string | null;
  /** '' (the applicant supplies it), 'population' or 'business' (obtained by data sharing). */
  sharedSource?: string;
  /** Required only in this case ("nếu có…", migration 0039); '' always required. */
  condition?: string;
}

export interface ProcedureFormValues {
  [key: string]: unknown;
  documents: DocumentFormRow[];
  audience: string[];
}

/** The submitted form as page values (re-rendered on errors). */
export function formValues(body: Body): ProcedureFormValues {
  const values: ProcedureFormValues = { documents: [], audience: many(body.audience) };
  for (const key of ['code', 'localCode', 'timeLimit.kind', 'name', 'agencyCode', 'fieldCode', 'authorityLevel', 'onlineLevel', 'onlineClass', 'timeLimit.value', 'timeLimit.unit', 'timeLimit.note', 'resultType', 'submissionPlaces', 'steps', 'legalBasis', 'fees']) {
    values[key] = Array.isArray(body[key]) ? (body[key] as string[]).join('\n') : (body[key] ?? '');
  }
  values.fullOnlineEligible = one(body.fullOnlineEligible) === 'true';
  values['timeLimit.sameDay'] = one(body['timeLimit.sameDay']) === 'true';
  // The kind of limit (a radio group): a number of days/hours, the same day, or none; the older checkbox still counts.
  if (!values['timeLimit.kind']) values['timeLimit.kind'] = values['timeLimit.sameDay'] ? 'same_day' : 'limit';
  values['timeLimit.sameDay'] = values['timeLimit.kind'] === 'same_day';
  const rows = Math.min(Number(one(body.documentRows)) || 0, MAX_DOCUMENT_ROWS);
  for (let i = 0; i < rows; i++) {
    values.documents.push({
      name: one(body[`documents.${i}.name`]),
      copies: one(body[`documents.${i}.copies`]) || '1',
      originalKind: one(body[`documents.${i}.originalKind`]) || 'original',
      templateName: one(body[`documents.${i}.templateName`]),
      sharedSource: one(body[`documents.${i}.sharedSource`]),
      condition: one(body[`documents.${i}.condition`]),
    });
  }
  return values;
}

/** Page values of a stored procedure (for the edit form). */
export function valuesFromExchange(p: ProcedureExchange, templateUrls: Array<string | null> = []): ProcedureFormValues {
  return {
    code: p.code,
    localCode: p.localCode ?? '',
    name: p.name,
    agencyCode: p.agencyCode,
    fieldCode: p.fieldCode,
    authorityLevel: p.authorityLevel,
    audience: p.audience,
    onlineLevel: String(p.onlineLevel),
    onlineClass: p.onlineClass,
    fullOnlineEligible: p.fullOnlineEligible,
    'timeLimit.value': String(p.timeLimit.value),
    'timeLimit.unit': p.timeLimit.unit,
    'timeLimit.sameDay': p.timeLimit.sameDay ?? false,
    'timeLimit.kind': p.timeLimit.none ? 'none' : p.timeLimit.sameDay ? 'same_day' : 'limit',
    'timeLimit.note': p.timeLimit.note ?? '',
    steps: p.steps.join('\n'),
    legalBasis: p.legalBasis.join('\n'),
    fees: p.fees.map((f) => `${f.description} | ${f.amountVnd}`).join('\n'),
    resultType: p.resultType,
    submissionPlaces: p.submissionPlaces,
    documents: p.documents.map((d, i) => ({
      name: d.name,
      copies: String(d.copies ?? 1),
      originalKind: d.originalKind,
      templateName: d.templateName ?? '',
      templateUrl: templateUrls[i] ?? null,
      sharedSource: d.sharedSource ?? '',
      condition: d.condition ?? '',
    })),
  };
}

/** Adds empty document rows to show. */
export function withEmptyRows(values: ProcedureFormValues, count = EMPTY_DOCUMENT_ROWS): ProcedureFormValues {
  const documents = [...values.documents];
  for (let i = 0; i < count && documents.length < MAX_DOCUMENT_ROWS; i++) documents.push({ name: '', copies: '1', originalKind: 'original', templateName: '', condition: '' });
  return { ...values, documents };
}

/**
 * The key of a procedure created with the form: the national code typed, else "<agency code>:<local code>"
 * (kernel/time-limit.ts procedureKey); '' when neither is given (the form then names both fields).
 */
export function procedureKeyFromForm(values: ProcedureFormValues): string {
  const national = String(values.code ?? '').trim();
  const localCode = String(values.localCode ?? '').trim();
  return procedureKey({ nationalCode: national || null, agencyCode: String(values.agencyCode ?? '').trim(), localCode: localCode || null }) ?? '';
}

/** The procedure form as an interchange record, with every field error (paths like "/timeLimit/value"). */
export function procedureFromForm(values: ProcedureFormValues, code: string): { input: ProcedureExchange | null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const fees = splitLines(values.fees as string).map((line, i) => {
    const bar = line.lastIndexOf('|');
    const description = (bar >= 0 ? line.slice(0, bar) : line).trim();
    const amount = (bar >= 0 ? line.slice(bar + 1) : '').replace(/[.\s₫đ]|vnd/gi, '');
    if (!/^\d{1,15}$/.test(amount)) errors.push({ path: '/fees', code: 'FEE_LINE_INVALID', params: { line: i + 1 } });
    return { description, amountVnd: Number(amount) || 0 };
  });
  // The limit through the kernel's one parser (kernel/time-limit.ts): "abc", -1, 2.3 are field errors.
  const parsed = parseTimeLimit({ kind: String(values['timeLimit.kind'] ?? ''), value: values['timeLimit.value'], unit: values['timeLimit.unit'] });
  if ('errors' in parsed) errors.push(...parsed.errors);
  const timeLimit: Record<string, unknown> = 'limit' in parsed ? { value: parsed.limit.value, unit: parsed.limit.unit } : { value: 0, unit: 'working_days' };
  if ('limit' in parsed && parsed.limit.sameDay) timeLimit.sameDay = true;
  if ('limit' in parsed && parsed.limit.none) timeLimit.none = true;
  if (values['timeLimit.note']) timeLimit.note = values['timeLimit.note'];
  const localCode = String(values.localCode ?? '').trim();
  if (localCode && !LOCAL_CODE_PATTERN.test(localCode)) errors.push({ path: '/localCode', code: 'LOCAL_CODE_INVALID' });
  // Neither code: one message on the national code's field (a bad local code already has its own).
  if (!code && !localCode) errors.push({ path: '/code', code: 'PROCEDURE_CODE_REQUIRED' });
  const candidate: Record<string, unknown> = {
    code,
    ...(localCode ? { localCode } : {}),
    name: String(values.name ?? '').trim(),
    agencyCode: values.agencyCode,
    fieldCode: values.fieldCode,
    authorityLevel: values.authorityLevel,
    audience: values.audience,
    onlineLevel: values.onlineLevel,
    onlineClass: values.onlineClass,
    fullOnlineEligible: values.fullOnlineEligible === true,
    steps: splitLines(values.steps as string),
    documents: values.documents
      .filter((d) => d.name)
      .map((d) => ({ name: d.name, copies: d.copies || '1', originalKind: d.originalKind, ...(d.templateName ? { templateName: d.templateName } : {}), ...(d.sharedSource ? { sharedSource: d.sharedSource } : {}), ...(d.condition ? { condition: d.condition } : {}) })),
    timeLimit,
    fees,
    legalBasis: splitLines(values.legalBasis as string),
    resultType: String(values.resultType ?? '').trim(),
    submissionPlaces: String(values.submissionPlaces ?? '').trim(),
  };
  if (!validateProcedure(candidate)) {
    for (const e of validateProcedure.errors ?? []) {
      let path = e.instancePath;
      if (e.keyword === 'required') path += `/${String(e.params.missingProperty)}`;
      // Documents: errors point at the form row of the non-empty document.
      const doc = /^\/documents\/(\d+)(\/.*)?$/.exec(path);
      if (doc) {
        const rowIndex = values.documents.map((d, i) => (d.name ? i : -1)).filter((i) => i >= 0)[Number(doc[1])];
        path = `/documents/${rowIndex ?? doc[1]}${doc[2] ?? '/name'}`;
      }
      if (/^\/(steps|legalBasis|fees|audience)\//.test(path)) path = path.split('/').slice(0, 2).join('/');
      const params: Record<string, string | number> = {};
      for (const [k, v] of Object.entries(e.params)) if (typeof v === 'string' || typeof v === 'number') params[k] = v;
      if (!errors.some((x) => x.path === path)) errors.push({ path, code: e.keyword === 'anyOf' ? 'enum' : e.keyword, params });
    }
  }
  // A key made of a bad local code is not a second error of the national code's field.
  const reported = errors.some((e) => e.path === '/localCode') && !isNationalCode(code) ? errors.filter((e) => e.path !== '/code') : errors;
  return { input: reported.length ? null : (candidate as unknown as ProcedureExchange), errors: reported };
}

/** Search filters from a page's query string: empty values are "any"; invalid ones are reported. */
export function searchQueryFromPage(raw: Record<string, unknown>): { query: ProcedureQuery; errors: FieldError[] } {
  const cleaned: Record<string, unknown> = {};
  for (const key of ['q', 'agency', 'field', 'level', 'audience', 'onlineLevel', 'onlineClass', 'page']) {
    const value = raw[key];
    const text = Array.isArray(value) ? value[0] : value;
    if (typeof text === 'string' && text.trim() !== '') cleaned[key] = key === 'q' ? text : text.trim();
  }
  cleaned.pageSize = 20;
  if (validateQuery(cleaned)) return { query: cleaned as ProcedureQuery, errors: [] };
  const errors: FieldError[] = (validateQuery.errors ?? []).map((e) => {
    const params: Record<string, string | number> = {};
    for (const [k, v] of Object.entries(e.params)) if (typeof v === 'string' || typeof v === 'number') params[k] = v;
    return { path: e.instancePath || '/', code: e.keyword === 'anyOf' ? 'enum' : e.keyword, params };
  });
  const bad = new Set(errors.map((e) => e.path.slice(1)));
  const query: Record<string, unknown> = { pageSize: 20 };
  for (const [k, v] of Object.entries(cleaned)) if (!bad.has(k)) query[k] = v;
  validateQuery(query);
  return { query: query as ProcedureQuery, errors };
}
