// The e-form of a procedure version as HTML fields (the catalog's concept; no JavaScript needed): its JSON
// Schema turned into the fields a page draws (text, radios, select, address, repeatable groups), the posted
// urlencoded body turned back into the e-form's data, and the answers as the check-answers page shows them.
// Used by the citizen's form (dossiers.pages.ts), the counter's intake form (intake.pages.ts) and the e-form
// editor's preview (catalog.eform.pages.ts).
import type { Locale } from '../../core/i18n.ts';
import { formatDate } from '../../core/text.ts';
import type { FormBody } from '../../http/form-page.ts';
import { communesOf } from './catalog-data/administrative-units.ts';
import { eformRows } from '../kernel/eform-rows.ts';
import { conditionOf, isObject, RADIO_LIMIT } from './catalog.eform.ts';

interface SchemaProperty {
  type?: string | string[];
  title?: string;
  description?: string;
  format?: string;
  enum?: unknown[];
  properties?: Record<string, SchemaProperty>;
  items?: SchemaProperty;
  required?: string[];
  minItems?: number;
  maxItems?: number;
  'x-widget'?: string;
  'x-enumNames'?: string[];
  'x-enumNames-en'?: string[];
  'x-title-en'?: string;
  'x-description-en'?: string;
  'x-section'?: string;
  'x-section-en'?: string;
  'x-columns'?: number;
  'x-officer'?: boolean;
  default?: unknown;
}

export interface FormField {
  /** Name of the input ("phone", "address.province", "authors.0.name"; the column name for group templates). */
  name: string;
  /** Element id (the name with dashes: the error summary links to it). */
  id: string;
  label: string;
  hint: string;
  kind: 'text' | 'email' | 'tel' | 'number' | 'date' | 'select' | 'radios' | 'textarea' | 'address' | 'group' | 'checkbox';
  options: Array<{ value: string; label: string }>;
  required: boolean;
  autocomplete: string;
  inputmode: string;
  /** Address: province, commune, street. Group: the columns (names relative to a row). */
  parts: FormField[];
  minItems: number;
  maxItems: number;
  /** The default value as the input shows it when the field has no answer ('' when none; a check box: 'true'). */
  defaultValue: string;
  /** The heading of the section that starts at this field ('' when none). */
  section: string;
  /** Fields per line on wide screens (1: the whole line). */
  columns: number;
  /** Conditional requirement ("bắt buộc nếu «field» là «value»"): the condition's field label and value names. */
  requiredIf: Array<{ field: string; value: string }>;
}

const AUTOCOMPLETE: Record<string, string> = { fullName: 'name', phone: 'tel', email: 'email', address: 'street-address', organisationName: 'organization' };

function properties(schema: Record<string, unknown>): Array<[string, SchemaProperty]> {
  return Object.entries((schema.properties ?? {}) as Record<string, SchemaProperty>); // the version's e-form schema (checked when saved), not request data
}

function typeOf(p: SchemaProperty): string {
  return Array.isArray(p.type) ? (p.type.find((x) => x !== 'null') ?? 'string') : (p.type ?? 'string');
}

/** Identification fields that only one kind of applicant gives (when the schema leaves them optional). */
const OTHER_KIND_FIELDS: Record<string, string[]> = { citizen: ['organisationName', 'taxCode'], organisation: ['personalId'] };

const idOf = (name: string) => name.replace(/\./g, '-');

function fieldOf(name: string, p: SchemaProperty, required: boolean, locale: Locale): FormField {
  const type = typeOf(p);
  const kind: FormField['kind'] =
    type === 'array' ? 'group'
    : type === 'object' ? 'address'
    : type === 'boolean' ? 'checkbox'
    : Array.isArray(p.enum) ? (p['x-widget'] === 'radios' || (p['x-widget'] !== 'select' && p.enum.length <= RADIO_LIMIT) ? 'radios' : 'select')
    : type === 'number' || type === 'integer' ? 'number'
    : p.format === 'date' || p['x-widget'] === 'date' ? 'date'
    : p.format === 'email' || p['x-widget'] === 'email' ? 'email'
    : name === 'phone' || p['x-widget'] === 'tel' ? 'tel'
    : p['x-widget'] === 'textarea' ? 'textarea'
    : 'text';
  const options =
    kind === 'checkbox' ? [{ value: 'true', label: locale === 'en' ? 'Yes' : 'Có' }, { value: 'false', label: locale === 'en' ? 'No' : 'Không' }]
    : Array.isArray(p.enum) && kind !== 'address' ? p.enum.map((v, i) => ({ value: String(v), label: (locale === 'en' ? p['x-enumNames-en']?.[i] : undefined) || p['x-enumNames']?.[i] || String(v) }))
    : [];
  const numeric = name === 'personalId' || name === 'taxCode';
  let parts: FormField[] = [];
  if (kind === 'group' && p.items?.properties) {
    const columnsRequired = new Set(p.items.required ?? []);
    parts = Object.entries(p.items.properties).map(([column, c]) => fieldOf(column, c, columnsRequired.has(column), locale));
  } else if (kind === 'address' && p.properties) {
    const partsRequired = new Set(p.required ?? []);
    parts = Object.entries(p.properties).map(([part, c]) => {
      const field = fieldOf(`${name}.${part}`, c, partsRequired.has(part), locale);
      // The province is always a select (34 options), whatever its size.
      return part === 'province' ? { ...field, kind: 'select' as const } : field;
    });
  }
  return {
    name,
    id: idOf(name),
    label: (locale === 'en' ? p['x-title-en'] : undefined) ?? p.title ?? name,
    hint: (locale === 'en' ? p['x-description-en'] : undefined) ?? p.description ?? '',
    kind,
    options: kind === 'address' ? [] : options,
    required,
    autocomplete: AUTOCOMPLETE[name] ?? '',
    inputmode: kind === 'number' ? 'decimal' : numeric ? 'numeric' : '',
    parts,
    minItems: Number(p.minItems ?? 0),
    maxItems: Number(p.maxItems ?? 100),
    defaultValue: p.default === undefined || p.default === null ? '' : String(p.default),
    section: ((locale === 'en' ? p['x-section-en'] : undefined) ?? p['x-section'] ?? '').trim(),
    columns: Number.isInteger(p['x-columns']) ? Number(p['x-columns']) : 1,
    requiredIf: [],
  };
}

/** The conditional requirements of a schema (root `allOf` of if/then) as "required if «field» is «value»", per field. */
function requiredIfOf(schema: Record<string, unknown>, locale: Locale): Map<string, Array<{ field: string; value: string }>> {
  const found = new Map<string, Array<{ field: string; value: string }>>();
  const all = Object.fromEntries(properties(schema));
  for (const entry of Array.isArray(schema.allOf) ? schema.allOf : []) {
    const condition = conditionOf(entry);
    const p = condition ? all[condition.field] : undefined;
    if (!condition || !p) continue;
    const source = fieldOf(condition.field, p, false, locale);
    const value = source.options.find((o) => o.value === String(condition.value))?.label ?? String(condition.value);
    for (const name of condition.then) found.set(name, [...(found.get(name) ?? []), { field: source.label, value }]);
  }
  return found;
}

/**
 * The fields of a form schema in order, with what the page needs to draw each of them. With `kind`, the
 * optional identification fields of the other kind of applicant are left out (a citizen gives no tax code).
 */
export function formFields(schema: Record<string, unknown>, kind?: string, locale: Locale = 'vi', officer = false): FormField[] {
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const skipped = new Set((kind ? OTHER_KIND_FIELDS[kind] : undefined)?.filter((name) => !required.has(name)) ?? []);
  const requiredIf = requiredIfOf(schema, locale);
  // Officer-only fields (x-officer) are staff's: the applicant's form leaves them out, the officer's form has only them.
  return properties(schema)
    .filter(([name, p]) => !skipped.has(name) && (p['x-officer'] === true) === officer)
    .map(([name, p]) => ({ ...fieldOf(name, p, required.has(name) && !officer, locale), requiredIf: requiredIf.get(name) ?? [] }));
}

function scalar(p: SchemaProperty, raw: unknown): unknown {
  const value = typeof raw === 'string' ? raw : Array.isArray(raw) && typeof raw[0] === 'string' ? raw[0] : '';
  const type = typeOf(p);
  // A check box: unchecked (absent) is false, checked is "true"; anything else is kept as sent, and refused.
  if (type === 'boolean') return value === '' ? false : value === 'true' ? true : value;
  if ((type === 'number' || type === 'integer') && /^\s*-?\d+([.,]\d+)?\s*$/.test(value)) return Number(value.trim().replace(',', '.'));
  return value;
}

export const isBlank = (value: unknown) => value === '' || value === undefined || value === null;

/**
 * The submitted form body as the e-form's data: schema fields only; numbers converted when they are numbers;
 * addresses from "address.province" etc.; repeatable groups from "authors.0.name" etc. in the order of the
 * row numbers, rows left entirely empty dropped.
 */
export function formData(schema: Record<string, unknown>, body: FormBody, keepEmptyRows = false, officer = false): Record<string, unknown> {
  const source: Record<string, string | string[]> = body ?? {};
  const data: Record<string, unknown> = {};
  for (const [name, p] of properties(schema)) {
    // The applicant's fields, or (officer) only the officer-only ones.
    if ((p['x-officer'] === true) !== officer) continue;
    const type = typeOf(p);
    if (type === 'object') {
      const parts = Object.fromEntries(Object.entries(p.properties ?? {}).map(([part, c]) => [part, scalar(c, source[`${name}.${part}`])]));
      data[name] = parts;
    } else if (type === 'array') {
      const columns = Object.entries(p.items?.properties ?? {});
      const indexes = new Set<number>();
      const prefix = `${name}.`;
      for (const key of Object.keys(source)) {
        if (!key.startsWith(prefix)) continue;
        const m = /^(\d{1,3})\./.exec(key.slice(prefix.length));
        if (m) indexes.add(Number(m[1]));
      }
      data[name] = [...indexes]
        .sort((a, b) => a - b)
        .slice(0, Number(p.maxItems ?? 100))
        .map((i) => Object.fromEntries(columns.map(([column, c]) => [column, scalar(c, source[`${name}.${i}.${column}`])])))
        .filter((row) => keepEmptyRows || !Object.values(row).every((v) => isBlank(v) || v === false));
    } else {
      data[name] = scalar(p, source[name]);
    }
  }
  return data;
}

/**
 * Values as the form shows them again (strings), flat: "address.province", "authors.0.name"; with a `prefix`
 * (the counter's form, whose e-form inputs are named "form.…"): "form.address.province".
 */
export function shownValues(data: Record<string, unknown>, prefix = ''): Record<string, string> {
  const values: Record<string, string> = {};
  const walk = (key: string, value: unknown) => {
    if (Array.isArray(value)) value.forEach((v, i) => walk(`${key}.${i}`, v));
    else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(`${key}.${k}`, v);
    else values[key] = value === null || value === undefined ? '' : String(value);
  };
  for (const [k, v] of Object.entries(data)) walk(prefix ? `${prefix}.${k}` : k, v);
  return values;
}

/**
 * The form's fields with the rows to draw: every group gets as many rows as it has answers (at least its
 * minimum and at least one), plus `extraRows[group]`; every address its list of known communes.
 */
export function formView(fields: FormField[], data: Record<string, unknown>, extraRows: Record<string, number> = {}) {
  return fields.map((f) => {
    if (f.kind === 'group') {
      const answered = Array.isArray(data[f.name]) ? (data[f.name] as unknown[]).length : 0;
      const count = Math.min(Math.max(answered, f.minItems, 1) + (extraRows[f.name] ?? 0), f.maxItems);
      const rows = Array.from({ length: count }, (_, i) => ({
        index: i,
        number: i + 1,
        fields: f.parts.map((c) => ({ ...c, name: `${f.name}.${i}.${c.name}`, id: idOf(`${f.name}.${i}.${c.name}`) })),
      }));
      return { ...f, rows, canAdd: count < f.maxItems, canRemove: count > Math.max(f.minItems, 1) };
    }
    if (f.kind === 'address') {
      const address = data[f.name];
      const province = isObject(address) ? address.province : undefined;
      return { ...f, communes: communesOf(typeof province === 'string' ? province : null), listId: `${f.id}-communes` };
    }
    return f;
  });
}

/** An answer as the check-answers page shows it (groups: one line per row). */
function answerText(field: FormField, value: unknown): string {
  if (value === undefined || value === null || value === '') return '';
  if (field.kind === 'group') return answerRows(field, value).map((row) => row.map((c) => `${c.label}: ${c.text}`).join('; ')).join(' | ');
  if (field.kind === 'address' && isObject(value)) {
    const a = value;
    return ['street', 'commune', 'province'].map((k) => a[k]).filter((v) => typeof v === 'string' && v).join(', ');
  }
  if (field.kind === 'date' && typeof value === 'string') return formatDate(value) || value;
  if (field.kind === 'select' || field.kind === 'radios' || field.kind === 'checkbox') return field.options.find((o) => o.value === String(value))?.label ?? String(value);
  return String(value);
}

/** The rows of a repeatable group as label/answer pairs. */
function answerRows(field: FormField, value: unknown): Array<Array<{ label: string; text: string }>> {
  if (!Array.isArray(value)) return [];
  return value.map((row) => field.parts.map((c) => ({ label: c.label, text: answerText(c, isObject(row) ? row[c.name] : undefined) })));
}

/**
 * The answers of a submitted e-form as label/text lines (kernel/eform-rows.ts: schema order, option names,
 * Có/Không, dd/mm/yyyy; a group's rows on one line), without the officer-only fields: the applicant's dossier page.
 */
export function answerLines(schema: Record<string, unknown>, data: Record<string, unknown>, locale: Locale = 'vi'): Array<{ label: string; text: string; section: string }> {
  return eformRows(schema, data, locale)
    .filter((r) => !r.officer)
    .map((r) => ({ label: r.label, section: r.section ?? '', text: r.rows ? r.rows.map((cols) => cols.map((c) => `${c.label}: ${c.text}`).join('; ')).join(' | ') : r.text }));
}

export function answersOf(fields: FormField[], data: Record<string, unknown>) {
  return fields.map((f) => ({ ...f, text: answerText(f, data[f.name]), rows: f.kind === 'group' ? answerRows(f, data[f.name]) : [] }));
}
