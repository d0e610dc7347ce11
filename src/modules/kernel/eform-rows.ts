// E-form content as people read it: (the e-form schema, the data) → ordered rows of { label, text }, in the
// schema's order (`properties` of the effective schema, hints folded in: catalog.eform.ts resolveForm), with the
// field's title (its English title `x-title-en` on English pages), booleans as Có/Không, choices as their option
// names (`x-enumNames`; on English pages `x-enumNames-en` when given), dates dd/mm/yyyy, addresses on one line,
// repeatable groups as nested rows (one per row of the group), section headings (`x-section`) carried on the first row of their section, officer-only fields
// (`x-officer`) flagged. Answers the schema does not know (data of an older form) come last, under their key:
// nothing stored is hidden. Used by every page and printout that shows e-form content: the officer's dossier
// page, the applicant's dossier page, the acknowledgement (receipt).
// Pure; imports no module (everyone may import the kernel).
import { formatDate } from '../../core/text.ts';

export interface EFormRow {
  /** Field id ("authors", "address"; inside a group "authors.name"). */
  id: string;
  label: string;
  /** The answer as text ('' for a group: see `rows`). */
  text: string;
  /** A repeatable group: one entry per row, each the rows of its columns. */
  rows?: EFormRow[][];
  /** The heading of the section that starts at this field. */
  section?: string;
  /** Filled by staff (receipt number, count of copies…), never by the applicant. */
  officer?: boolean;
}

type Json = Record<string, unknown>;
type RowLocale = 'vi' | 'en';
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const YES_NO: Record<RowLocale, [string, string]> = { vi: ['Có', 'Không'], en: ['Yes', 'No'] };

function text(node: Json, key: 'title' | 'x-section', locale: RowLocale): string | undefined {
  const en = node[`${key === 'title' ? 'x-title' : key}-en`];
  const value = locale === 'en' && typeof en === 'string' && en ? en : node[key];
  return typeof value === 'string' && value ? value : undefined;
}

/** One answer as text (scalars, addresses); '' when unanswered. */
export function answerText(node: Json, value: unknown, locale: RowLocale = 'vi'): string {
  if (value === undefined || value === null || value === '') return '';
  if (typeof value === 'boolean') return YES_NO[locale][value ? 0 : 1];
  if (Array.isArray(node.enum)) {
    const index = node.enum.findIndex((option) => option === value);
    // English pages: the option's English name (`x-enumNames-en`) when it has one, else its Vietnamese name.
    for (const key of locale === 'en' ? ['x-enumNames-en', 'x-enumNames'] : ['x-enumNames']) {
      const names = node[key];
      if (index >= 0 && Array.isArray(names) && typeof names[index] === 'string' && names[index]) return names[index] as string;
    }
    return String(value);
  }
  if (node.format === 'date' && typeof value === 'string') return formatDate(value) || value;
  if (isObject(value)) {
    const parts = isObject(node.properties) ? Object.keys(node.properties) : Object.keys(value);
    // An address reads from the street to the province.
    const order = parts.includes('province') ? ['street', 'commune', 'province'].filter((p) => parts.includes(p)) : parts;
    return order.map((k) => value[k]).filter((v) => v !== undefined && v !== null && v !== '').map((v) => (isObject(v) || Array.isArray(v) ? JSON.stringify(v) : String(v))).join(', ');
  }
  if (Array.isArray(value)) return value.map((v) => (isObject(v) || Array.isArray(v) ? JSON.stringify(v) : String(v))).join(', ');
  if (typeof value === 'number') return locale === 'vi' ? String(value).replace('.', ',') : String(value);
  return String(value);
}

function rowOf(id: string, node: Json, value: unknown, locale: RowLocale): EFormRow | null {
  const label = text(node, 'title', locale) ?? id.split('.').pop()!;
  const items = node.items;
  if (node.type === 'array' && isObject(items) && isObject(items.properties) && Array.isArray(value)) {
    const rows = value.map((item) => eformRows(items, isObject(item) ? item : {}, locale, id)).filter((r) => r.length > 0);
    return rows.length ? { id, label, text: '', rows } : null;
  }
  const shown = answerText(node, value, locale);
  return shown ? { id, label, text: shown } : null;
}

/**
 * The answers of `data` as ordered rows (unanswered fields left out; a boolean answered false is "Không").
 * `schema`: the e-form's effective schema (or a group's `items`); `prefix`: the group's id for its columns.
 */
export function eformRows(schema: Json, data: Json, locale: RowLocale = 'vi', prefix = ''): EFormRow[] {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const out: EFormRow[] = [];
  let pendingSection: string | undefined;
  for (const [name, raw] of Object.entries(properties)) {
    const node = isObject(raw) ? raw : {};
    const section = text(node, 'x-section', locale);
    if (section) pendingSection = section;
    const row = rowOf(prefix ? `${prefix}.${name}` : name, node, data[name], locale);
    if (!row) continue;
    if (pendingSection) {
      row.section = pendingSection;
      pendingSection = undefined;
    }
    if (node['x-officer'] === true) row.officer = true;
    out.push(row);
  }
  for (const [name, value] of Object.entries(data)) {
    if (name in properties) continue;
    const row = rowOf(prefix ? `${prefix}.${name}` : name, {}, value, locale);
    if (row) out.push(row);
  }
  return out;
}

/** Rows flattened to "label: text" lines (groups: "Group 1 › Column"), for printouts and spreadsheets. */
export function eformLines(rows: EFormRow[], prefix = ''): Array<{ label: string; text: string }> {
  return rows.flatMap((row) => {
    const label = prefix ? `${prefix} › ${row.label}` : row.label;
    if (!row.rows) return [{ label, text: row.text }];
    return row.rows.flatMap((columns, i) => eformLines(columns, `${label} ${i + 1}`));
  });
}
