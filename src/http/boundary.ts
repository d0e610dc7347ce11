// The request boundary: text and numbers a visitor sends are checked here, once, for every route — never by
// per-route patches. Two parts:
// - `checkRequestText` (a preValidation hook in app.ts) walks every string (and key) of the path parameters, the
//   query, the body and the headers the route's schema reads, and refuses NUL and the other C0/C1 control
//   characters (bodies may hold tab, line feed and carriage return), lone UTF-16 surrogates and Unicode
//   non-characters: 422 VALIDATION_FAILED naming the field ("invalidCharacter"). This covers bodies no schema
//   describes too (e-form data, HTML forms).
// - `hardenRouteSchema` (an onRoute hook) completes the route's request schemas before Ajv compiles them:
//   integers without bounds get PostgreSQL's int4 range (a schema that sets its own bounds, e.g. for a bigint
//   column, keeps them); numbers must be finite (`x-finite`, code "finite": Ajv turns "1e400" into Infinity,
//   which passes minimum/maximum); required text (minLength ≥ 1, no pattern/format/enum) must contain a visible
//   character (`x-visible`, code "blank"; `'x-visible': false` opts a string out): whitespace or zero-width
//   characters alone are not a name.
import type { Ajv } from 'ajv';
import type { FastifyRequest } from 'fastify';
import { DomainError, type FieldError } from '../core/errors.ts';
import { registerMessages } from '../core/i18n.ts';
import { canonicalJson } from '../core/canonical-json.ts';

export const INT4_MIN = -2147483648;
export const INT4_MAX = 2147483647;

registerMessages({
  vi: {
    'validation.invalidCharacter': 'Giá trị chứa ký tự không được phép (ký tự điều khiển hoặc ký tự Unicode không hợp lệ).',
    'validation.blank': 'Vui lòng nhập nội dung có chữ hoặc số, không chỉ khoảng trắng.',
    'validation.finite': 'Số quá lớn hoặc không hợp lệ.',
  },
  en: {
    'validation.invalidCharacter': 'The value contains a character that is not allowed (a control character or invalid Unicode).',
    'validation.blank': 'Please enter some letters or digits, not only spaces.',
    'validation.finite': 'The number is too large or not valid.',
  },
});

// Non-characters of the supplementary planes: U+1FFFE, U+1FFFF, … U+10FFFE, U+10FFFF.
const PLANE_NONCHARACTERS = Array.from({ length: 16 }, (_, i) => `\\u{${(i + 1).toString(16)}FFFE}\\u{${(i + 1).toString(16)}FFFF}`).join('');
const COMMON = `\\u007F-\\u009F\\uFDD0-\\uFDEF\\uFFFE\\uFFFF${PLANE_NONCHARACTERS}`;
/** One-line text (path, query, headers): every C0 control character is refused. */
const FORBIDDEN_LINE = new RegExp(`[\\u0000-\\u001F${COMMON}]|\\p{Cs}`, 'u');
/** Body text may be multi-line: tab, LF and CR are allowed. */
const FORBIDDEN_TEXT = new RegExp(`[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F${COMMON}]|\\p{Cs}`, 'u');
/** A visible character: not a space, separator, control or format character (zero-width space, BOM, …), nor a blank filler. */
const VISIBLE = /[^\s\p{Z}\p{Cc}\p{Cf}\p{Cs}\u115F\u1160\u3164\uFFA0\u2800]/u;

/** Printable ASCII (in bodies also tab, LF, CR) holds nothing to refuse: decided without the Unicode patterns. */
const PLAIN_LINE = /^[\x20-\x7E]*$/;
const PLAIN_TEXT = /^[\t\n\r\x20-\x7E]*$/;

export function hasForbiddenCharacter(text: string, multiline = false): boolean {
  // The fast path: identifiers, codes, tokens and most headers are plain ASCII (a profile of the submission, issue 17).
  if ((multiline ? PLAIN_TEXT : PLAIN_LINE).test(text)) return false;
  return (multiline ? FORBIDDEN_TEXT : FORBIDDEN_LINE).test(text);
}

export function hasVisibleCharacter(text: string): boolean {
  return VISIBLE.test(text);
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Field errors for every string (and object key) under `value` holding a forbidden character. */
export function forbiddenText(value: unknown, multiline: boolean, path = '', found: FieldError[] = []): FieldError[] {
  if (found.length >= 20) return found;
  if (typeof value === 'string') {
    if (hasForbiddenCharacter(value, multiline)) found.push({ path: path || '/', code: 'invalidCharacter' });
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => forbiddenText(item, multiline, `${path}/${i}`, found));
  } else if (value !== null && typeof value === 'object' && !ArrayBuffer.isView(value)) {
    // Parsed data only (the router's parameters have a prototype-less class of their own): not a stream or a file.
    if (typeof (value as { pipe?: unknown }).pipe === 'function') return found;
    for (const [key, item] of Object.entries(value)) {
      const child = `${path}/${escapePointer(key)}`;
      if (hasForbiddenCharacter(key, false)) found.push({ path: child, code: 'invalidCharacter' });
      else forbiddenText(item, multiline, child, found);
    }
  }
  return found;
}

/** Throws 422 VALIDATION_FAILED when a string of the path, query, body or a header the route reads is not acceptable text. */
export function checkRequestText(request: FastifyRequest): void {
  const errors = [
    ...forbiddenText(request.params, false),
    ...forbiddenText(request.query, false),
    ...forbiddenText(request.body, true),
  ];
  const headerSchema = request.routeOptions.schema?.headers as { properties?: Record<string, unknown> } | undefined;
  for (const name of Object.keys(headerSchema?.properties ?? {})) {
    const value = request.headers[name.toLowerCase()];
    forbiddenText(value, false, `/${escapePointer(name)}`, errors);
  }
  if (errors.length) throw new DomainError('VALIDATION_FAILED', undefined, errors);
}

/** Same check for one text field read outside the schema (multipart form fields). */
export function checkTextField(name: string, value: string): void {
  if (hasForbiddenCharacter(value, true)) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: `/${escapePointer(name)}`, code: 'invalidCharacter' }]);
}

type JsonSchema = Record<string, unknown>;

function typesOf(schema: JsonSchema): string[] {
  const type = schema.type;
  return Array.isArray(type) ? (type as string[]) : typeof type === 'string' ? [type] : [];
}

/** A copy of a request schema with int4 bounds on unbounded integers and `x-visible` on required text. */
export function hardenSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(hardenSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const source = schema as JsonSchema;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === 'properties' || key === 'patternProperties' || key === '$defs' || key === 'definitions') {
      out[key] = Object.fromEntries(Object.entries(value as JsonSchema).map(([name, sub]) => [name, hardenSchema(sub)]));
    } else if (['items', 'prefixItems', 'additionalProperties', 'anyOf', 'oneOf', 'allOf', 'if', 'then', 'else', 'contains'].includes(key)) {
      out[key] = hardenSchema(value);
    } else {
      out[key] = value;
    }
  }
  const types = typesOf(source);
  if (types.includes('integer')) {
    if (out.minimum === undefined && out.exclusiveMinimum === undefined) out.minimum = INT4_MIN;
    if (out.maximum === undefined && out.exclusiveMaximum === undefined) out.maximum = INT4_MAX;
  }
  // Ajv coerces "1e400" to Infinity and then skips minimum/maximum, which only compare finite numbers.
  if (types.includes('integer') || types.includes('number')) out['x-finite'] = true;
  if (
    types.includes('string') &&
    typeof source.minLength === 'number' &&
    source.minLength >= 1 &&
    source.pattern === undefined &&
    source.format === undefined &&
    source.enum === undefined &&
    source.const === undefined &&
    source['x-visible'] === undefined
  ) {
    out['x-visible'] = true;
  }
  return out;
}

const REQUEST_PARTS = ['body', 'querystring', 'params', 'headers'] as const;

/** onRoute: hardens the request parts of a route's schema (the response schemas are left alone). */
export function hardenRouteSchema(routeOptions: { schema?: Record<string, unknown> }): void {
  const schema = routeOptions.schema;
  if (!schema) return;
  const hardened: Record<string, unknown> = { ...schema };
  for (const part of REQUEST_PARTS) {
    if (schema[part]) hardened[part] = hardenSchema(schema[part]);
  }
  routeOptions.schema = hardened;
}

/** No two items equal as JSON data (object keys in any order): `uniqueItems` without calling anything on the items. */
export function allDistinct(items: readonly unknown[]): boolean {
  const seen = new Set<string>();
  for (const item of items) {
    const key = canonicalJson(item);
    if (seen.has(key)) return false;
    seen.add(key);
  }
  return true;
}

/**
 * Ajv plugin (Fastify's `ajv.plugins`): the keywords `x-visible` (code "blank") and `x-finite` (code "finite"), and
 * `uniqueItems` replaced. Ajv's own compares items with fast-deep-equal, which calls an object's own `toString` or
 * `valueOf` when it differs from Object's: a body item `{"toString": null}` threw a TypeError and answered 500 (found
 * by test/http/fuzz-openapi.test.ts). Ours compares canonical JSON texts, keeps the keyword's name (the same error
 * code and message) and the published schemas unchanged.
 */
export function boundaryAjvPlugin(ajv: Ajv): Ajv {
  ajv.removeKeyword('uniqueItems');
  ajv.addKeyword({
    keyword: 'uniqueItems',
    type: 'array',
    schemaType: 'boolean',
    errors: false,
    validate: (required: boolean, data: unknown[]) => !required || allDistinct(data),
  });
  ajv.addKeyword({
    keyword: 'x-visible',
    type: 'string',
    schemaType: 'boolean',
    errors: false,
    validate: (required: boolean, data: string) => !required || hasVisibleCharacter(data),
  });
  ajv.addKeyword({
    keyword: 'x-finite',
    // No `type: 'number'`: Ajv's own number check already leaves Infinity out, so the keyword would never see it.
    schemaType: 'boolean',
    errors: false,
    validate: (required: boolean, data: unknown) => !required || typeof data !== 'number' || Number.isFinite(data),
  });
  return ajv;
}
