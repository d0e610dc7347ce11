// The e-form of a procedure version: the subset of JSON Schema (draft-07) the server can render and validate,
// the presentation hints the catalog manager writes beside it, and the "effective" schema the dossiers use
// (hints folded in as x-* keywords, addresses expanded). Pure: no I/O.
//
// Supported (anything else is refused when the catalog manager saves, so that every stored form renders):
// - root: { type: 'object', properties, required?, additionalProperties?: false, title?, description?, $schema? }
// - text:     { type: 'string', title?, description?, minLength?, maxLength?, pattern?, format?: 'date' | 'email' }
//             (pattern: RE2 syntax, run in linear time — no backreferences or lookarounds; see src/core/regex.ts)
// - number:   { type: 'number' | 'integer', title?, description?, minimum?, maximum? }
// - choice:   { type: 'string', enum: [...], 'x-enumNames'?: [...], 'x-enumNames-en'?: [...] } (radios up to 5
//             options, else a select; English names parallel to `enum`, '' where an option has none)
// - address:  { type: 'object', properties: { province, commune, street? } } (Vietnamese address, top level only)
// - group:    { type: 'array', items: { type: 'object', properties: { text | number | choice ... } }, minItems?, maxItems? }
// - boolean:  { type: 'boolean', title? } (a check box; unchecked = false)
// Field kinds (issue 15): on text, number, choice and boolean fields `default` (prefilled when unanswered; it must
// satisfy the field's own type, enum, pattern, length and range), and on every field `x-section` / `x-section-en`
// (a heading shown before the field), `x-columns` (2–4: the field takes 1/n of the line on wide screens, stacked
// on narrow ones), `x-officer: true` (top level, not an address or group, never required: filled by staff at the
// counter or during handling, left out of the applicant's schema and form, kept in dossiers.officer_data).
// Conditional requirements at the root: `allOf: [{ if: { properties: { F: { const: V } }, required: ['F'] },
// then: { required: ['G', …] } }]` — F an applicant's text, number, choice or boolean field and V one of its
// possible values, G applicant fields; one that can never be met is refused (EFORM_CONDITION_NEVER).
// English labels: `x-title-en` (hint `label: { vi, en }`), `x-description-en`, `x-section-en`, `x-enumNames-en`.
// Presentation hints (`ui`), keyed by field id ("authors" or, inside a group, "authors.name"):
//   { label?: string | { vi, en? }, hint?: string | { vi, en? }, widget?, order?: number, prefill?, shared?,
//     section?: string | { vi, en? }, columns?: 2..4, officer?: true }
// Upload slots are not part of the e-form: the form's next step has one slot per document of the version.
import { canonicalJson } from '../../core/canonical-json.ts';
import type { FieldError } from '../../core/errors.ts';
import { checkPattern, PATTERN_LIMITS, safePattern, type PatternProblem } from '../../core/regex.ts';
import { PROVINCE_NAMES } from './catalog-data/administrative-units.ts';

export const FIELD_ID = /^[a-zA-Z][a-zA-Z0-9_]*$/;
export const PREFILL_SOURCES = ['fullName', 'personalId', 'dateOfBirth', 'phone', 'email', 'address', 'taxCode', 'organisationName'] as const;
export type PrefillSource = (typeof PREFILL_SOURCES)[number];

/**
 * Data sharing (LGSP/NGSP, src/modules/datasharing/): a top-level field may be marked "obtained by data sharing" —
 * hint `shared: "population.fullName"` (x-shared in the effective schema): the source and the attribute of its answer
 * that fills the field when the dossier is started. Addresses fill an address field or a text field (as one line).
 */
export const SHARED_ATTRIBUTES = {
  population: ['fullName', 'dateOfBirth', 'permanentAddress'],
  business: ['name', 'address', 'legalRepresentative'],
} as const;
export type SharedSourceName = keyof typeof SHARED_ATTRIBUTES;
export const SHARED_MARKS: readonly string[] = Object.entries(SHARED_ATTRIBUTES).flatMap(([source, attributes]) => attributes.map((a) => `${source}.${a}`));

/**
 * The marks that can fill a field of this kind (a date only a date field; an address an address or a text field);
 * never a text field with a pattern (an ID number, a phone number: no attribute is one).
 */
export function sharedMarkFits(node: unknown, mark: string): boolean {
  const kind = fieldKind(node);
  if (!SHARED_MARKS.includes(mark) || !isObject(node) || node.pattern !== undefined) return false;
  const attribute = mark.split('.')[1];
  if (attribute === 'permanentAddress' || attribute === 'address') return kind === 'address' || (kind === 'text' && node.format === undefined);
  if (attribute === 'dateOfBirth') return kind === 'text' && node.format === 'date';
  return kind === 'text' && node.format === undefined;
}

export const EFORM_LIMITS = {
  /** Serialised size of the schema and of the hints (characters). */
  schemaChars: 100_000,
  uiChars: 50_000,
  /** Questions at the top level and columns of a repeatable group. */
  fields: 100,
  columns: 20,
  /** Rows of a repeatable group (also the default maxItems). */
  rows: 100,
  enumOptions: 300,
  text: 500,
  idLength: 60,
  maxLength: 100_000,
  pattern: PATTERN_LIMITS.length,
} as const;

/** Choices with at most this many options are radios, larger ones a select. */
export const RADIO_LIMIT = 5;

export const ADDRESS_PARTS = ['province', 'commune', 'street'] as const;

type Kind = 'text' | 'number' | 'choice' | 'address' | 'group' | 'boolean';

const WIDGETS: Record<Kind, readonly string[]> = {
  text: ['text', 'textarea', 'tel', 'email', 'date'],
  number: ['number'],
  choice: ['radios', 'select'],
  address: ['address'],
  group: ['group'],
  boolean: ['checkbox'],
};

const COMMON_KEYWORDS = ['type', 'title', 'description', 'x-widget', 'x-prefill', 'x-shared', 'x-title-en', 'x-description-en', 'x-order', 'x-section', 'x-section-en', 'x-columns', 'x-officer'];
const KEYWORDS: Record<Kind, readonly string[]> = {
  text: [...COMMON_KEYWORDS, 'minLength', 'maxLength', 'pattern', 'format', 'default'],
  number: [...COMMON_KEYWORDS, 'minimum', 'maximum', 'default'],
  choice: [...COMMON_KEYWORDS, 'enum', 'x-enumNames', 'x-enumNames-en', 'default'],
  boolean: [...COMMON_KEYWORDS, 'default'],
  address: [...COMMON_KEYWORDS, 'properties', 'required', 'additionalProperties'],
  group: [...COMMON_KEYWORDS, 'items', 'minItems', 'maxItems', 'x-add-label'],
};
const ROOT_KEYWORDS = ['$schema', 'title', 'description', 'type', 'properties', 'required', 'additionalProperties', 'allOf'];
const ITEMS_KEYWORDS = ['type', 'properties', 'required', 'additionalProperties', 'title'];
const HINT_KEYS = ['label', 'hint', 'widget', 'order', 'prefill', 'shared', 'section', 'columns', 'officer'];
/** Conditional requirements at the root (`allOf` entries) at most. */
const MAX_CONDITIONS = 50;

type Json = Record<string, unknown>;

/** A JSON object (not an array, not null). */
export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown, max: number = EFORM_LIMITS.text) => typeof value === 'string' && value.trim().length > 0 && value.length <= max;
const isCount = (value: unknown, max: number) => Number.isInteger(value) && (value as number) >= 0 && (value as number) <= max;
const PATTERN_CODES: Record<PatternProblem, string> = { invalid: 'EFORM_PATTERN_INVALID', unsupported: 'EFORM_PATTERN_UNSUPPORTED', too_complex: 'EFORM_PATTERN_TOO_COMPLEX' };
/** The field id of a path under /schema: "/schema/properties/authors/items/properties/name/…" → "authors.name". */
const fieldIdOf = (path: string) => {
  const parts = path.split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  return parts.filter((_, i) => i > 0 && parts[i - 1] === 'properties').join('.');
};
const pointer = (...parts: Array<string | number>) => parts.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');

/** The kind of a field schema, or null when it is not one the renderer supports. */
export function fieldKind(node: unknown): Kind | null {
  if (!isObject(node)) return null;
  if (node.type === 'string') return Array.isArray(node.enum) ? 'choice' : 'text';
  if (node.type === 'number' || node.type === 'integer') return 'number';
  if (node.type === 'array') return 'group';
  if (node.type === 'object') return 'address';
  if (node.type === 'boolean') return 'boolean';
  return null;
}

// ---------------------------------------------------------------------------------------------
// Validation of a form definition (what the catalog manager saves)
// ---------------------------------------------------------------------------------------------

interface Ctx {
  errors: FieldError[];
  add(path: string, code: string, params?: Record<string, string | number>): void;
}

function checkRequired(ctx: Ctx, node: Json, path: string, names: string[]) {
  if (node.required === undefined) return;
  if (!Array.isArray(node.required)) return ctx.add(`${path}/required`, 'type', { type: 'array' });
  const seen = new Set<string>();
  node.required.forEach((name, i) => {
    if (typeof name !== 'string' || !names.includes(name)) ctx.add(`${path}/required/${i}`, 'EFORM_REQUIRED_UNKNOWN', { name: String(name) });
    else if (seen.has(name)) ctx.add(`${path}/required/${i}`, 'uniqueItems');
    seen.add(String(name));
  });
}

function checkAdditional(ctx: Ctx, node: Json, path: string) {
  if (node.additionalProperties !== undefined && node.additionalProperties !== false) ctx.add(`${path}/additionalProperties`, 'EFORM_ADDITIONAL_PROPERTIES');
}

function checkUnknownKeywords(ctx: Ctx, node: Json, path: string, allowed: readonly string[]) {
  for (const key of Object.keys(node)) if (!allowed.includes(key)) ctx.add(`${path}/${key}`, 'EFORM_KEYWORD_UNSUPPORTED', { keyword: key });
}

function checkTexts(ctx: Ctx, node: Json, path: string) {
  for (const key of ['title', 'description', 'x-title-en', 'x-description-en', 'x-add-label', 'x-section', 'x-section-en']) {
    if (node[key] !== undefined && !isText(node[key], key.includes('description') ? 2000 : EFORM_LIMITS.text)) ctx.add(`${path}/${key}`, 'EFORM_TEXT_INVALID');
  }
  if (node['x-order'] !== undefined && !Number.isInteger(node['x-order'])) ctx.add(`${path}/x-order`, 'type', { type: 'integer' });
  if (node['x-columns'] !== undefined && !isColumns(node['x-columns'])) ctx.add(`${path}/x-columns`, 'EFORM_COLUMNS_INVALID');
  if (node['x-officer'] !== undefined && typeof node['x-officer'] !== 'boolean') ctx.add(`${path}/x-officer`, 'type', { type: 'boolean' });
}

const isColumns = (value: unknown) => Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 4;

/**
 * Whether `value` is an answer the field accepts (its type, enum, pattern, length, range, format): a default
 * and the `const` of a condition must be one, else the form could never be answered as written.
 */
export function valueFits(node: Json, value: unknown): boolean {
  const kind = fieldKind(node);
  if (kind === 'boolean') return typeof value === 'boolean';
  if (kind === 'choice') return typeof value === 'string' && (node.enum as unknown[]).includes(value);
  if (kind === 'number') {
    if (typeof value !== 'number' || !Number.isFinite(value) || (node.type === 'integer' && !Number.isInteger(value))) return false;
    return !(typeof node.minimum === 'number' && value < node.minimum) && !(typeof node.maximum === 'number' && value > node.maximum);
  }
  if (kind !== 'text' || typeof value !== 'string' || value.trim() !== value || value === '') return false;
  const length = [...value].length;
  if (typeof node.minLength === 'number' && length < node.minLength) return false;
  if (typeof node.maxLength === 'number' && length > node.maxLength) return false;
  if (node.format === 'date' && !(/^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value))) return false;
  if (node.format === 'email' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value)) return false;
  if (typeof node.pattern === 'string' && !safePattern(node.pattern).test(value)) return false;
  return true;
}

/** A field (text, number, choice; address and group at the top level only). */
function checkField(ctx: Ctx, node: unknown, path: string, topLevel: boolean) {
  const kind = fieldKind(node);
  if (!kind || !isObject(node)) {
    if (isObject(node) && node.type !== undefined) ctx.add(`${path}/type`, 'EFORM_TYPE_UNSUPPORTED', { type: String(node.type) });
    else ctx.add(path, 'EFORM_TYPE_UNSUPPORTED', { type: isObject(node) ? '—' : typeof node });
    return;
  }
  if (!topLevel && (kind === 'group' || kind === 'address')) {
    ctx.add(path, 'EFORM_TOO_DEEP');
    return;
  }
  checkUnknownKeywords(ctx, node, path, KEYWORDS[kind]);
  checkTexts(ctx, node, path);
  if (node['x-widget'] !== undefined && !WIDGETS[kind].includes(String(node['x-widget']))) ctx.add(`${path}/x-widget`, 'EFORM_WIDGET_INVALID', { widget: String(node['x-widget']) });
  if (node['x-prefill'] !== undefined) checkPrefill(ctx, kind, node, node['x-prefill'], `${path}/x-prefill`, topLevel);
  if (node['x-shared'] !== undefined) checkShared(ctx, node, node['x-shared'], `${path}/x-shared`, topLevel);
  if (node['x-officer'] === true && (!topLevel || kind === 'address' || kind === 'group' || node['x-prefill'] !== undefined || node['x-shared'] !== undefined)) ctx.add(`${path}/x-officer`, 'EFORM_OFFICER_MISPLACED');
  if (kind === 'text') {
    if (node.minLength !== undefined && !isCount(node.minLength, EFORM_LIMITS.maxLength)) ctx.add(`${path}/minLength`, 'EFORM_NUMBER_INVALID');
    if (node.maxLength !== undefined && !(isCount(node.maxLength, EFORM_LIMITS.maxLength) && (node.maxLength as number) >= 1)) ctx.add(`${path}/maxLength`, 'EFORM_NUMBER_INVALID');
    if (isCount(node.minLength, EFORM_LIMITS.maxLength) && isCount(node.maxLength, EFORM_LIMITS.maxLength) && (node.minLength as number) > (node.maxLength as number)) ctx.add(`${path}/minLength`, 'EFORM_RANGE_INVALID');
    if (node.format !== undefined && node.format !== 'date' && node.format !== 'email') ctx.add(`${path}/format`, 'EFORM_FORMAT_UNSUPPORTED', { format: String(node.format) });
    if (node.pattern !== undefined) {
      // Patterns run in RE2 (src/core/regex.ts): linear time, no backreferences or lookarounds.
      const problem = typeof node.pattern === 'string' ? checkPattern(node.pattern) : 'invalid';
      if (problem) ctx.add(`${path}/pattern`, PATTERN_CODES[problem], { field: fieldIdOf(path) });
    }
  } else if (kind === 'number') {
    for (const key of ['minimum', 'maximum']) if (node[key] !== undefined && (typeof node[key] !== 'number' || !Number.isFinite(node[key]))) ctx.add(`${path}/${key}`, 'EFORM_NUMBER_INVALID');
    if (typeof node.minimum === 'number' && typeof node.maximum === 'number' && node.minimum > node.maximum) ctx.add(`${path}/minimum`, 'EFORM_RANGE_INVALID');
  } else if (kind === 'choice') {
    const options = node.enum as unknown[];
    if (!options.length) ctx.add(`${path}/enum`, 'EFORM_ENUM_EMPTY');
    else if (options.length > EFORM_LIMITS.enumOptions) ctx.add(`${path}/enum`, 'maxItems', { limit: EFORM_LIMITS.enumOptions });
    else if (options.some((o) => !isText(o, 200))) ctx.add(`${path}/enum`, 'EFORM_ENUM_INVALID');
    else if (new Set(options).size !== options.length) ctx.add(`${path}/enum`, 'uniqueItems');
    const names = node['x-enumNames'];
    if (names !== undefined && (!Array.isArray(names) || names.length !== options.length || names.some((n) => !isText(n, 300)))) ctx.add(`${path}/x-enumNames`, 'EFORM_ENUM_NAMES_INVALID');
    // English names: parallel to the options; '' = none (English pages show the Vietnamese name).
    const namesEn = node['x-enumNames-en'];
    if (namesEn !== undefined && (!Array.isArray(namesEn) || namesEn.length !== options.length || namesEn.some((n) => typeof n !== 'string' || n.length > 300))) ctx.add(`${path}/x-enumNames-en`, 'EFORM_ENUM_NAMES_EN_INVALID');
  } else if (kind === 'address') {
    const properties = node.properties;
    if (!isObject(properties) || !('province' in properties) || !('commune' in properties)) {
      ctx.add(`${path}/properties`, 'EFORM_ADDRESS_INVALID');
      return;
    }
    for (const [name, part] of Object.entries(properties)) {
      const partPath = `${path}/properties/${name}`;
      if (!(ADDRESS_PARTS as readonly string[]).includes(name)) ctx.add(partPath, 'EFORM_ADDRESS_INVALID');
      else if (!isObject(part) || (part.type !== undefined && part.type !== 'string')) ctx.add(partPath, 'EFORM_ADDRESS_INVALID');
      else {
        checkUnknownKeywords(ctx, part, partPath, ['type', 'title', 'maxLength', 'x-title-en']);
        checkTexts(ctx, part, partPath);
        if (part.maxLength !== undefined && !(isCount(part.maxLength, 1000) && (part.maxLength as number) >= 1)) ctx.add(`${partPath}/maxLength`, 'EFORM_NUMBER_INVALID');
      }
    }
    checkRequired(ctx, node, path, Object.keys(properties));
    checkAdditional(ctx, node, path);
  } else if (kind === 'group') {
    for (const key of ['minItems', 'maxItems']) if (node[key] !== undefined && !isCount(node[key], EFORM_LIMITS.rows)) ctx.add(`${path}/${key}`, 'EFORM_NUMBER_INVALID');
    if (isCount(node.minItems, EFORM_LIMITS.rows) && isCount(node.maxItems, EFORM_LIMITS.rows) && (node.minItems as number) > (node.maxItems as number)) ctx.add(`${path}/minItems`, 'EFORM_RANGE_INVALID');
    if (node.maxItems === 0) ctx.add(`${path}/maxItems`, 'EFORM_NUMBER_INVALID');
    const items = node.items;
    if (!isObject(items) || items.type !== 'object' || !isObject(items.properties)) {
      ctx.add(`${path}/items`, 'EFORM_GROUP_INVALID');
      return;
    }
    checkUnknownKeywords(ctx, items, `${path}/items`, ITEMS_KEYWORDS);
    checkProperties(ctx, items, `${path}/items`, false);
    checkAdditional(ctx, items, `${path}/items`);
  }
  // A default must be an answer the field itself accepts (checked once the field's own keywords are).
  if (node.default !== undefined && !ctx.errors.some((e) => e.path.startsWith(`${path}/`)) && !valueFits(node, node.default)) ctx.add(`${path}/default`, 'EFORM_DEFAULT_INVALID', { field: fieldIdOf(path) });
}

function checkPrefill(ctx: Ctx, kind: Kind, node: Json, source: unknown, path: string, topLevel: boolean) {
  if (!PREFILL_SOURCES.includes(source as PrefillSource)) return ctx.add(path, 'EFORM_PREFILL_UNKNOWN', { source: String(source) });
  if (!topLevel) return ctx.add(path, 'EFORM_PREFILL_MISPLACED');
  const fits = kind === 'address' ? source === 'address' : kind === 'text' && (source === 'dateOfBirth' ? node.format === 'date' : node.format !== 'date');
  if (!fits) ctx.add(path, 'EFORM_PREFILL_MISPLACED');
}

function checkShared(ctx: Ctx, node: Json, mark: unknown, path: string, topLevel: boolean) {
  if (typeof mark !== 'string' || !SHARED_MARKS.includes(mark)) return ctx.add(path, 'EFORM_SHARED_UNKNOWN', { source: String(mark).slice(0, 80) });
  if (!topLevel || !sharedMarkFits(node, mark)) ctx.add(path, 'EFORM_SHARED_MISPLACED');
}

function checkProperties(ctx: Ctx, node: Json, path: string, topLevel: boolean) {
  const properties = node.properties as Json;
  const names = Object.keys(properties);
  const max = topLevel ? EFORM_LIMITS.fields : EFORM_LIMITS.columns;
  if (!names.length) ctx.add(`${path}/properties`, 'EFORM_NO_FIELDS');
  if (names.length > max) ctx.add(`${path}/properties`, 'EFORM_TOO_MANY_FIELDS', { limit: max });
  for (const name of names.slice(0, max)) {
    const fieldPath = `${path}/properties${pointer(name)}`;
    if (!FIELD_ID.test(name) || name.length > EFORM_LIMITS.idLength) ctx.add(fieldPath, 'EFORM_ID_INVALID', { id: name.slice(0, 80) });
    else checkField(ctx, properties[name], fieldPath, topLevel);
  }
  checkRequired(ctx, node, path, names);
}

/** Field ids of a schema assumed valid: top-level ids and "group.column" ids, with their kinds. */
function fieldIds(schema: Json): Map<string, { kind: Kind; node: Json; topLevel: boolean }> {
  const ids = new Map<string, { kind: Kind; node: Json; topLevel: boolean }>();
  for (const [name, node] of Object.entries(isObject(schema.properties) ? schema.properties : {})) {
    const kind = fieldKind(node);
    if (!kind) continue;
    ids.set(name, { kind, node: node as Json, topLevel: true });
    if (kind === 'group') {
      const items = (node as Json).items;
      const columns = isObject(items) && isObject(items.properties) ? items.properties : {};
      for (const [column, child] of Object.entries(columns)) {
        const childKind = fieldKind(child);
        if (childKind) ids.set(`${name}.${column}`, { kind: childKind, node: child as Json, topLevel: false });
      }
    }
  }
  return ids;
}

function checkUi(ctx: Ctx, schema: Json, ui: unknown) {
  if (ui === undefined || ui === null) return;
  if (!isObject(ui)) return ctx.add('/ui', 'type', { type: 'object' });
  const ids = fieldIds(schema);
  for (const [id, hint] of Object.entries(ui)) {
    const path = `/ui${pointer(id)}`;
    const field = ids.get(id);
    if (!field) {
      ctx.add(path, 'EFORM_UI_UNKNOWN_FIELD', { id: id.slice(0, 80) });
      continue;
    }
    if (!isObject(hint)) {
      ctx.add(path, 'type', { type: 'object' });
      continue;
    }
    checkUnknownKeywords(ctx, hint, path, HINT_KEYS);
    for (const key of ['label', 'hint', 'section']) {
      const value = hint[key];
      if (value === undefined) continue;
      const max = key === 'hint' ? 2000 : EFORM_LIMITS.text;
      const ok = isText(value, max) || (isObject(value) && isText(value.vi, max) && (value.en === undefined || isText(value.en, max)) && Object.keys(value).every((k) => k === 'vi' || k === 'en'));
      if (!ok) ctx.add(`${path}/${key}`, 'EFORM_TEXT_INVALID');
    }
    if (hint.widget !== undefined && !WIDGETS[field.kind].includes(String(hint.widget))) ctx.add(`${path}/widget`, 'EFORM_WIDGET_INVALID', { widget: String(hint.widget) });
    if (hint.order !== undefined && !(Number.isInteger(hint.order) && Math.abs(hint.order as number) <= 10_000)) ctx.add(`${path}/order`, 'type', { type: 'integer' });
    if (hint.prefill !== undefined) checkPrefill(ctx, field.kind, field.node, hint.prefill, `${path}/prefill`, field.topLevel);
    if (hint.shared !== undefined) checkShared(ctx, field.node, hint.shared, `${path}/shared`, field.topLevel);
    if (hint.columns !== undefined && !isColumns(hint.columns)) ctx.add(`${path}/columns`, 'EFORM_COLUMNS_INVALID');
    if (hint.officer !== undefined && typeof hint.officer !== 'boolean') ctx.add(`${path}/officer`, 'type', { type: 'boolean' });
    else if (hint.officer === true && (!field.topLevel || field.kind === 'address' || field.kind === 'group' || field.node['x-prefill'] !== undefined || field.node['x-shared'] !== undefined || hint.prefill !== undefined || hint.shared !== undefined)) ctx.add(`${path}/officer`, 'EFORM_OFFICER_MISPLACED');
  }
}

/** Top-level fields only staff fill (`x-officer: true` in the schema or `officer: true` in the hints). */
export function officerFieldIds(schema: Json, ui?: unknown): Set<string> {
  const ids = new Set<string>();
  const hints = isObject(ui) ? ui : {};
  for (const [name, node] of Object.entries(isObject(schema.properties) ? schema.properties : {})) {
    const hint = hints[name];
    const marked = isObject(hint) && typeof hint.officer === 'boolean' ? hint.officer : isObject(node) && node['x-officer'] === true;
    if (marked) ids.add(name);
  }
  return ids;
}

/**
 * Officer-only fields are never required of the applicant, and conditional requirements (root `allOf` of
 * if/then) have the one supported shape and can be met: the condition names an applicant's text, number,
 * choice or boolean field and a value it accepts; the requirement names applicant fields.
 */
function checkOfficerAndConditions(ctx: Ctx, schema: Json, ui: unknown) {
  const properties = schema.properties as Json;
  const officer = officerFieldIds(schema, ui);
  if (Array.isArray(schema.required)) schema.required.forEach((name, i) => officer.has(String(name)) && ctx.add(`/schema/required/${i}`, 'EFORM_OFFICER_REQUIRED', { name: String(name) }));
  if (schema.allOf === undefined) return;
  if (!Array.isArray(schema.allOf)) return ctx.add('/schema/allOf', 'type', { type: 'array' });
  if (schema.allOf.length > MAX_CONDITIONS) return ctx.add('/schema/allOf', 'maxItems', { limit: MAX_CONDITIONS });
  schema.allOf.forEach((entry, i) => {
    const path = `/schema/allOf/${i}`;
    const shape = conditionOf(entry);
    if (!shape) return ctx.add(path, 'EFORM_CONDITION_INVALID');
    const field = properties[shape.field];
    const kind = fieldKind(field);
    if (!isObject(field) || !kind || kind === 'address' || kind === 'group') return ctx.add(`${path}/if/properties${pointer(shape.field)}`, 'EFORM_CONDITION_INVALID');
    if (officer.has(shape.field) || !valueFits(field, shape.value)) return ctx.add(`${path}/if/properties${pointer(shape.field)}/const`, 'EFORM_CONDITION_NEVER', { field: shape.field });
    shape.then.forEach((name, j) => {
      if (!(name in properties)) ctx.add(`${path}/then/required/${j}`, 'EFORM_REQUIRED_UNKNOWN', { name });
      else if (officer.has(name)) ctx.add(`${path}/then/required/${j}`, 'EFORM_CONDITION_NEVER', { field: name });
    });
  });
}

/** The one shape of a conditional requirement, or null. */
export function conditionOf(entry: unknown): { field: string; value: unknown; then: string[] } | null {
  if (!isObject(entry) || Object.keys(entry).some((k) => k !== 'if' && k !== 'then')) return null;
  const { if: condition, then } = entry;
  if (!isObject(condition) || !isObject(then) || Object.keys(condition).some((k) => k !== 'properties' && k !== 'required') || Object.keys(then).some((k) => k !== 'required')) return null;
  const properties = condition.properties;
  if (!isObject(properties) || Object.keys(properties).length !== 1) return null;
  const [field, test] = Object.entries(properties)[0]!;
  if (!isObject(test) || Object.keys(test).length !== 1 || !('const' in test)) return null;
  if (!Array.isArray(condition.required) || condition.required.length !== 1 || condition.required[0] !== field) return null;
  if (!Array.isArray(then.required) || !then.required.length || then.required.length > EFORM_LIMITS.fields || then.required.some((n) => typeof n !== 'string')) return null;
  return { field, value: test.const, then: then.required as string[] };
}

/**
 * Every problem of a form definition at once (paths start with /schema or /ui), or [] when the renderer
 * and the validator can use it. Codes are EFORM_* errors or Ajv keywords.
 */
export function validateFormDefinition(schema: unknown, ui: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const ctx: Ctx = {
    errors,
    add(path, code, params) {
      if (errors.length < 200 && !errors.some((e) => e.path === path)) errors.push(params ? { path, code, params } : { path, code });
    },
  };
  if (!isObject(schema)) {
    ctx.add('/schema', 'type', { type: 'object' });
    return errors;
  }
  if (JSON.stringify(schema).length > EFORM_LIMITS.schemaChars) ctx.add('/schema', 'EFORM_TOO_LARGE', { limit: EFORM_LIMITS.schemaChars });
  if (ui !== undefined && ui !== null && JSON.stringify(ui).length > EFORM_LIMITS.uiChars) ctx.add('/ui', 'EFORM_TOO_LARGE', { limit: EFORM_LIMITS.uiChars });
  if (errors.length) return errors;
  checkUnknownKeywords(ctx, schema, '/schema', ROOT_KEYWORDS);
  if (schema.type !== 'object') ctx.add('/schema/type', 'EFORM_ROOT_NOT_OBJECT');
  if (schema.$schema !== undefined && typeof schema.$schema !== 'string') ctx.add('/schema/$schema', 'type', { type: 'string' });
  for (const key of ['title', 'description']) if (schema[key] !== undefined && !isText(schema[key], 2000)) ctx.add(`/schema/${key}`, 'EFORM_TEXT_INVALID');
  if (!isObject(schema.properties)) {
    ctx.add('/schema/properties', 'EFORM_NO_FIELDS');
    return errors;
  }
  checkProperties(ctx, schema, '/schema', true);
  checkAdditional(ctx, schema, '/schema');
  checkUi(ctx, schema, ui);
  checkOfficerAndConditions(ctx, schema, ui);
  return errors;
}

// ---------------------------------------------------------------------------------------------
// The effective schema (what dossiers render, validate and the API returns)
// ---------------------------------------------------------------------------------------------

const ADDRESS_DEFAULTS: Record<string, Json> = {
  province: { type: 'string', title: 'Tỉnh, thành phố', 'x-title-en': 'Province or city', maxLength: 100 },
  commune: { type: 'string', title: 'Xã, phường, đặc khu', 'x-title-en': 'Commune or ward', minLength: 1, maxLength: 100 },
  street: { type: 'string', title: 'Số nhà, đường, thôn, xóm', 'x-title-en': 'House number, street, village', maxLength: 300 },
};

function applyHint(node: Json, hint: unknown): Json {
  if (!isObject(hint)) return node;
  const result = { ...node };
  const text = (value: unknown, locale: 'vi' | 'en') => (typeof value === 'string' ? (locale === 'vi' ? value : undefined) : isObject(value) ? (value[locale] as string | undefined) : undefined);
  if (text(hint.label, 'vi')) result.title = text(hint.label, 'vi');
  if (text(hint.label, 'en')) result['x-title-en'] = text(hint.label, 'en');
  if (text(hint.hint, 'vi')) result.description = text(hint.hint, 'vi');
  if (text(hint.hint, 'en')) result['x-description-en'] = text(hint.hint, 'en');
  if (hint.widget !== undefined) result['x-widget'] = hint.widget;
  if (hint.prefill !== undefined) result['x-prefill'] = hint.prefill;
  if (hint.shared !== undefined) result['x-shared'] = hint.shared;
  if (hint.order !== undefined) result['x-order'] = hint.order;
  if (text(hint.section, 'vi')) result['x-section'] = text(hint.section, 'vi');
  if (text(hint.section, 'en')) result['x-section-en'] = text(hint.section, 'en');
  if (hint.columns !== undefined) result['x-columns'] = hint.columns;
  if (hint.officer !== undefined) result['x-officer'] = hint.officer;
  return result;
}

/** Properties in the order of their `x-order` (stable: unordered ones keep their place after ordered ones). */
function ordered(properties: Json): Json {
  const entries = Object.entries(properties).map(([name, node], index) => ({ name, node, index, order: isObject(node) && Number.isInteger(node['x-order']) ? (node['x-order'] as number) : null }));
  const rank = (e: (typeof entries)[number]) => (e.order === null ? Number.MAX_SAFE_INTEGER : e.order);
  entries.sort((a, b) => rank(a) - rank(b) || a.index - b.index);
  return Object.fromEntries(entries.map((e) => [e.name, e.node]));
}

function expandAddress(node: Json): Json {
  const own = (node.properties ?? {}) as Json;
  const properties: Json = {};
  for (const part of ADDRESS_PARTS) {
    if (!(part in own)) continue;
    properties[part] = { ...ADDRESS_DEFAULTS[part], ...(own[part] as Json), type: 'string' };
  }
  (properties.province as Json).enum = [...PROVINCE_NAMES];
  return { ...node, 'x-widget': 'address', properties, required: Array.isArray(node.required) ? node.required : ['province', 'commune'], additionalProperties: false };
}

/**
 * The schema a dossier uses: the stored schema with the hints folded in (title/description in Vietnamese,
 * x-title-en, x-description-en, x-widget, x-prefill, x-order), properties in their display order, addresses
 * expanded (province from the list of provinces, commune, street) and unknown properties refused.
 * `schema` must be valid (validateFormDefinition).
 */
export function resolveForm(schema: Json, ui: Json | null | undefined): Json {
  const hints = ui ?? {};
  const properties: Json = {};
  for (const [name, raw] of Object.entries((schema.properties ?? {}) as Json)) {
    let node = applyHint(raw as Json, hints[name]);
    const kind = fieldKind(node);
    if (kind === 'address') node = expandAddress(node);
    if (kind === 'group') {
      const items = node.items as Json;
      const columns: Json = {};
      for (const [column, child] of Object.entries(items.properties as Json)) columns[column] = applyHint(child as Json, hints[`${name}.${column}`]);
      node = { ...node, items: { ...items, properties: ordered(columns), additionalProperties: false }, maxItems: Math.min(Number(node.maxItems ?? EFORM_LIMITS.rows), EFORM_LIMITS.rows) };
    }
    properties[name] = node;
  }
  return { $schema: 'http://json-schema.org/draft-07/schema#', ...schema, type: 'object', additionalProperties: false, properties: ordered(properties) };
}

// ---------------------------------------------------------------------------------------------
// Comparison (import skips unchanged procedures)
// ---------------------------------------------------------------------------------------------

/** Equal forms (the order of the questions counts: it is the order of `properties`). */
export function sameForm(a: { schema: unknown; ui?: unknown } | null | undefined, b: { schema: unknown; ui?: unknown } | null | undefined): boolean {
  const text = (f: { schema: unknown; ui?: unknown } | null | undefined) => (f ? `${JSON.stringify(Object.keys(isObject(f.schema) && isObject(f.schema.properties) ? f.schema.properties : {}))}${canonicalJson(f.schema)}${canonicalJson(f.ui ?? {})}` : 'null');
  return text(a) === text(b);
}
