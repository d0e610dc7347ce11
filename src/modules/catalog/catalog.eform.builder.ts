// The e-form builder (issue 15): the catalog manager's form as a list of items (fields and section headings)
// edited through HTML controls, never typed JSON. Pure: the stored form (schema + hints) → items, the posted
// urlencoded body → items, one builder action (add, move, remove, add an option…) → items, and items → the form
// (schema + hints) that the service validates as it validates the JSON editor's (catalog.eform.ts
// validateFormDefinition), with every problem mapped back to the control that caused it.
//
// What the builder does not edit is kept: keywords and hints it does not manage (prefill, data sharing, widget,
// format email, integer…) ride along per field in a hidden `base`; addresses and repeatable groups are "locked"
// items (moved, removed, relabelled here; their parts edited in the advanced JSON editor).
import type { FieldError } from '../../core/errors.ts';
import type { FormBody } from '../../http/form-page.ts';
import { conditionOf, EFORM_LIMITS, FIELD_ID, fieldKind, isObject } from './catalog.eform.ts';

/** Kinds a field can be given in the builder ("locked": an address or a repeatable group, kept as stored). */
export const BUILDER_KINDS = ['text', 'textarea', 'number', 'date', 'select', 'boolean'] as const;
export type BuilderKind = (typeof BUILDER_KINDS)[number];
export type ItemKind = BuilderKind | 'section' | 'locked';
export const WIDTHS = ['full', 'half', 'third', 'quarter'] as const;
export type Width = (typeof WIDTHS)[number];
const WIDTH_COLUMNS: Record<Width, number | undefined> = { full: undefined, half: 2, third: 3, quarter: 4 };

/** Common patterns, with the hint the applicant reads (also the "wrong format" message: src/http/problem.ts). */
export const PATTERN_PRESETS = {
  cccd: { pattern: '^[0-9]{12}$', vi: '12 chữ số (số định danh cá nhân, căn cước công dân)', en: '12 digits (personal ID number)' },
  phone: { pattern: '^(0|\\+84)[0-9]{9,10}$', vi: 'số điện thoại bắt đầu bằng 0 hoặc +84, 10–11 chữ số', en: 'a phone number starting with 0 or +84, 10–11 digits' },
  email: { pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$', vi: 'địa chỉ thư điện tử, ví dụ ten@vidu.vn', en: 'an e-mail address, e.g. name@example.vn' },
  taxCode: { pattern: '^[0-9]{10}(-[0-9]{3})?$', vi: 'mã số thuế: 10 chữ số, hoặc 10 chữ số, dấu gạch ngang và 3 chữ số', en: 'a tax code: 10 digits, or 10 digits, a dash and 3 digits' },
} as const;
export type PresetName = keyof typeof PATTERN_PRESETS;
export const PRESET_NAMES = Object.keys(PATTERN_PRESETS) as PresetName[];

export interface BuilderOption {
  value: string;
  label: string;
  /** The English name (`x-enumNames-en`; '' or absent: none, English pages show `label`). */
  labelEn?: string;
}

export interface BuilderItem {
  kind: ItemKind;
  key: string;
  labelVi: string;
  labelEn: string;
  hintVi: string;
  hintEn: string;
  required: boolean;
  /** '' (none), a preset name, or 'custom' (then `pattern`). */
  preset: string;
  pattern: string;
  /** Number: minimum / maximum; text: minimum / maximum length. As typed. */
  min: string;
  max: string;
  options: BuilderOption[];
  defaultValue: string;
  width: Width;
  officer: boolean;
  /** "Required when": '' or `${index of the item}|${value}`. */
  when: string;
  /** What the builder keeps but does not edit: JSON `{ kind, node, hints }` ('' when nothing). */
  base: string;
}

type Json = Record<string, unknown>;
interface Base {
  kind: string;
  node: Json;
  /** Hints of the field ('') and, for a group, of its columns (by column id). */
  hints: Record<string, Json>;
}

/** Characters kept of what a visitor posts, per control. */
const MAX = { text: EFORM_LIMITS.text, hint: 2000, pattern: EFORM_LIMITS.pattern, number: 40, base: 50_000, key: 80 };
/** Items one page may hold (fields and headings). */
export const MAX_ITEMS = EFORM_LIMITS.fields + 40;

export function emptyItem(kind: ItemKind): BuilderItem {
  return { kind, key: '', labelVi: '', labelEn: '', hintVi: '', hintEn: '', required: false, preset: '', pattern: '', min: '', max: '', options: kind === 'select' ? [{ value: '', label: '', labelEn: '' }, { value: '', label: '', labelEn: '' }] : [], defaultValue: '', width: 'full', officer: false, when: '', base: '' };
}

// --- keys ----------------------------------------------------------------------------------------------------

/** A field id from a label: "Số điện thoại" → "soDienThoai" (letters without accents, digits; a letter first). */
export function keyFromLabel(label: string): string {
  const words = label
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  const key = words.map((w, i) => (i === 0 ? w.toLowerCase() : w[0]!.toUpperCase() + w.slice(1).toLowerCase())).join('');
  const fixed = /^[A-Za-z]/.test(key) ? key : key ? `f${key}` : '';
  return fixed.slice(0, EFORM_LIMITS.idLength - 4);
}

/** `wanted`, or `wanted2`, `wanted3`… — the first not in `taken`. */
function unique(wanted: string, taken: Set<string>): string {
  if (!taken.has(wanted)) return wanted;
  for (let n = 2; ; n++) if (!taken.has(`${wanted}${n}`)) return `${wanted}${n}`;
}

/**
 * Fills in what the builder derives: a key from the label where none was typed, an option's value from its
 * label, the applicant's hint from a pattern preset when both hints are empty. Idempotent.
 */
export function normalise(items: BuilderItem[]): BuilderItem[] {
  const taken = new Set(items.filter((i) => i.kind !== 'section' && i.key.trim()).map((i) => i.key.trim()));
  return items.map((item) => {
    if (item.kind === 'section') return { ...item, key: '' };
    const next = { ...item, key: item.key.trim() };
    if (!next.key && next.labelVi.trim()) {
      next.key = unique(keyFromLabel(next.labelVi) || 'truong', taken);
      taken.add(next.key);
    }
    if (next.kind === 'select') {
      const values = new Set(next.options.map((o) => o.value.trim()).filter(Boolean));
      next.options = next.options.map((o) => {
        const value = o.value.trim();
        const labelEn = (o.labelEn ?? '').trim();
        if (value || !o.label.trim()) return { value, label: o.label.trim(), labelEn };
        const made = unique(keyFromLabel(o.label) || 'luaChon', values);
        values.add(made);
        return { value: made, label: o.label.trim(), labelEn };
      });
    }
    const preset = PATTERN_PRESETS[next.preset as PresetName];
    if (preset && (next.kind === 'text' || next.kind === 'textarea') && !next.hintVi.trim() && !next.hintEn.trim()) {
      next.hintVi = preset.vi;
      next.hintEn = preset.en;
    }
    return next;
  });
}

// --- the stored form → items -----------------------------------------------------------------------------------

const textOf = (value: unknown, locale: 'vi' | 'en'): string | undefined => (typeof value === 'string' ? (locale === 'vi' ? value : undefined) : isObject(value) && typeof value[locale] === 'string' ? (value[locale] as string) : undefined);
const NODE_MANAGED = ['title', 'x-title-en', 'description', 'x-description-en', 'enum', 'x-enumNames', 'x-enumNames-en', 'pattern', 'minimum', 'maximum', 'minLength', 'maxLength', 'default', 'x-columns', 'x-officer', 'x-section', 'x-section-en', 'x-order'];
const HINT_MANAGED = ['label', 'hint', 'section', 'columns', 'officer', 'order'];
const omit = (object: Json, keys: readonly string[]) => Object.fromEntries(Object.entries(object).filter(([k]) => !keys.includes(k)));

function builderKindOf(node: Json, hint: Json): ItemKind {
  const kind = fieldKind(node);
  if (kind === 'choice') return 'select';
  if (kind === 'number' || kind === 'boolean') return kind;
  if (kind === 'text') return node.format === 'date' ? 'date' : (hint.widget ?? node['x-widget']) === 'textarea' ? 'textarea' : 'text';
  return 'locked';
}

/** The items of a stored form (`schema` and `ui` as validateFormDefinition accepts them), in display order. */
export function itemsFromForm(schema: Json, ui: Json | null | undefined): BuilderItem[] {
  const hints = ui ?? {};
  const properties = isObject(schema.properties) ? schema.properties : {};
  const entries = Object.entries(properties)
    .filter(([, node]) => isObject(node))
    .map(([key, node], index) => {
      const hint = isObject(hints[key]) ? (hints[key] as Json) : {};
      const order = Number.isInteger(hint.order) ? (hint.order as number) : Number.isInteger((node as Json)['x-order']) ? ((node as Json)['x-order'] as number) : null;
      return { key, node: node as Json, hint, index, order };
    });
  const rank = (e: { order: number | null }) => (e.order === null ? Number.MAX_SAFE_INTEGER : e.order);
  entries.sort((a, b) => rank(a) - rank(b) || a.index - b.index);
  const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);

  const items: BuilderItem[] = [];
  const indexOfKey = new Map<string, number>();
  for (const { key, node, hint } of entries) {
    const sectionVi = textOf(hint.section, 'vi') ?? (typeof node['x-section'] === 'string' ? node['x-section'] : '');
    const sectionEn = textOf(hint.section, 'en') ?? (typeof node['x-section-en'] === 'string' ? node['x-section-en'] : '');
    if (sectionVi) items.push({ ...emptyItem('section'), labelVi: sectionVi, labelEn: sectionEn });
    const kind = builderKindOf(node, hint);
    const item = emptyItem(kind);
    item.key = key;
    item.labelVi = textOf(hint.label, 'vi') ?? (typeof node.title === 'string' ? node.title : key);
    item.labelEn = textOf(hint.label, 'en') ?? (typeof node['x-title-en'] === 'string' ? node['x-title-en'] : '');
    item.hintVi = textOf(hint.hint, 'vi') ?? (typeof node.description === 'string' ? node.description : '');
    item.hintEn = textOf(hint.hint, 'en') ?? (typeof node['x-description-en'] === 'string' ? node['x-description-en'] : '');
    item.required = required.has(key);
    if (typeof node.pattern === 'string') {
      const preset = PRESET_NAMES.find((name) => PATTERN_PRESETS[name].pattern === node.pattern);
      item.preset = preset ?? 'custom';
      item.pattern = preset ? '' : node.pattern;
    }
    const [minKey, maxKey] = kind === 'number' ? ['minimum', 'maximum'] : ['minLength', 'maxLength'];
    if (typeof node[minKey] === 'number') item.min = String(node[minKey]);
    if (typeof node[maxKey] === 'number') item.max = String(node[maxKey]);
    if (kind === 'select' && Array.isArray(node.enum)) {
      const names = Array.isArray(node['x-enumNames']) ? node['x-enumNames'] : [];
      const namesEn = Array.isArray(node['x-enumNames-en']) ? node['x-enumNames-en'] : [];
      item.options = node.enum.map((value, i) => ({ value: String(value), label: typeof names[i] === 'string' ? (names[i] as string) : String(value), labelEn: typeof namesEn[i] === 'string' ? (namesEn[i] as string) : '' }));
    }
    if (node.default !== undefined && node.default !== null) item.defaultValue = String(node.default);
    const columns = hint.columns ?? node['x-columns'];
    item.width = columns === 2 ? 'half' : columns === 3 ? 'third' : columns === 4 ? 'quarter' : 'full';
    item.officer = typeof hint.officer === 'boolean' ? hint.officer : node['x-officer'] === true;
    // What the builder does not manage, kept as it is (a textarea's widget is the kind itself; a date's format too).
    let baseNode = omit(node, NODE_MANAGED);
    let baseHint = omit(hint, HINT_MANAGED);
    if (kind === 'textarea') {
      baseNode = omit(baseNode, ['x-widget']);
      baseHint = omit(baseHint, ['widget']);
    }
    if (kind === 'date') baseNode = omit(baseNode, ['format']);
    if (kind === 'locked') baseNode = omit(node, ['title', 'x-title-en', 'description', 'x-description-en', 'x-order', 'x-section', 'x-section-en']);
    const hintSet: Record<string, Json> = Object.keys(baseHint).length ? { '': baseHint } : {};
    if (fieldKind(node) === 'group') for (const [id, h] of Object.entries(hints)) if (id.startsWith(`${key}.`) && isObject(h)) hintSet[id.slice(key.length + 1)] = h;
    item.base = JSON.stringify({ kind, node: baseNode, hints: hintSet } satisfies Base);
    indexOfKey.set(key, items.length);
    items.push(item);
  }
  // Conditional requirements ("required when F is V") on the fields they require (the first one per field).
  for (const entry of Array.isArray(schema.allOf) ? schema.allOf : []) {
    const condition = conditionOf(entry);
    const source = condition ? indexOfKey.get(condition.field) : undefined;
    if (!condition || source === undefined) continue;
    for (const name of condition.then) {
      const target = indexOfKey.get(name);
      if (target !== undefined && !items[target]!.when) items[target]!.when = `${source}|${String(condition.value)}`;
    }
  }
  return items;
}

// --- the posted body → items ------------------------------------------------------------------------------------

const read = (body: FormBody, name: string, max: number) => {
  const value = body?.[name];
  return (Array.isArray(value) ? (value[0] ?? '') : (value ?? '')).slice(0, max);
};

/**
 * The items of a builder form as posted: `order` (repeated, in document order: the script reorders without a
 * reload by moving the fields) names the slots, each slot's controls are `f.<slot>.<control>`, its options
 * `f.<slot>.o.<n>.value|label`. "Required when" refers to a slot; it is turned into the item's new index.
 */
export function itemsFromBody(body: FormBody): BuilderItem[] {
  const raw = body?.order;
  const slots: number[] = [];
  for (const text of Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]) {
    const slot = /^\d{1,4}$/.test(text) ? Number(text) : -1;
    if (slot >= 0 && !slots.includes(slot) && slots.length < MAX_ITEMS) slots.push(slot);
  }
  const position = new Map(slots.map((slot, i) => [slot, i]));
  return slots.map((slot) => {
    const p = `f.${slot}.`;
    const kindText = read(body, `${p}kind`, 20);
    const kind: ItemKind = (BUILDER_KINDS as readonly string[]).includes(kindText) || kindText === 'section' || kindText === 'locked' ? (kindText as ItemKind) : 'text';
    const item = emptyItem(kind);
    item.key = read(body, `${p}key`, MAX.key);
    item.labelVi = read(body, `${p}labelVi`, MAX.text);
    item.labelEn = read(body, `${p}labelEn`, MAX.text);
    item.hintVi = read(body, `${p}hintVi`, MAX.hint);
    item.hintEn = read(body, `${p}hintEn`, MAX.hint);
    item.required = read(body, `${p}required`, 10) === 'true';
    const preset = read(body, `${p}preset`, 20);
    item.preset = PRESET_NAMES.includes(preset as PresetName) || preset === 'custom' ? preset : '';
    item.pattern = read(body, `${p}pattern`, MAX.pattern + 1);
    item.min = read(body, `${p}min`, MAX.number);
    item.max = read(body, `${p}max`, MAX.number);
    item.defaultValue = read(body, `${p}default`, MAX.text + 1);
    const width = read(body, `${p}width`, 10);
    item.width = (WIDTHS as readonly string[]).includes(width) ? (width as Width) : 'full';
    item.officer = read(body, `${p}officer`, 10) === 'true';
    const when = read(body, `${p}when`, MAX.text + 10);
    const bar = when.indexOf('|');
    const source = bar > 0 && /^\d{1,4}$/.test(when.slice(0, bar)) ? position.get(Number(when.slice(0, bar))) : undefined;
    item.when = source === undefined ? '' : `${source}|${when.slice(bar + 1)}`;
    item.base = read(body, `${p}base`, MAX.base + 1);
    item.options = [];
    for (let n = 0; n < EFORM_LIMITS.enumOptions + 1; n++) {
      const value = body?.[`${p}o.${n}.value`];
      const label = body?.[`${p}o.${n}.label`];
      if (value === undefined && label === undefined && body?.[`${p}o.${n}.labelEn`] === undefined) break;
      item.options.push({ value: read(body, `${p}o.${n}.value`, 201), label: read(body, `${p}o.${n}.label`, 301), labelEn: read(body, `${p}o.${n}.labelEn`, 301) });
    }
    return item;
  });
}

// --- actions --------------------------------------------------------------------------------------------------

/** Items reordered by `order` (new position → old index): references of "required when" follow, lost ones cleared. */
function reorder(items: BuilderItem[], order: number[]): BuilderItem[] {
  const newIndex = new Map(order.map((old, i) => [old, i]));
  return order.map((old) => {
    const item = items[old]!;
    if (!item.when) return item;
    const bar = item.when.indexOf('|');
    const target = newIndex.get(Number(item.when.slice(0, bar)));
    return { ...item, when: target === undefined ? '' : `${target}${item.when.slice(bar)}` };
  });
}

/**
 * One builder action: `add:<kind>`, `up:<i>`, `down:<i>`, `remove:<i>`, `addOption:<i>`, `removeOption:<i>:<n>`
 * (anything else changes nothing). Also returns the id of the control to focus on the page drawn next.
 */
export function applyAction(items: BuilderItem[], action: string): { items: BuilderItem[]; focus: string | null } {
  const [verb, a, b] = action.split(':');
  const i = Number(a);
  const valid = Number.isInteger(i) && i >= 0 && i < items.length;
  const all = items.map((_, k) => k);
  if (verb === 'add' && ((BUILDER_KINDS as readonly string[]).includes(a ?? '') || a === 'section') && items.length < MAX_ITEMS) {
    return { items: [...items, emptyItem(a as ItemKind)], focus: `f-${items.length}-labelVi` };
  }
  if (verb === 'up' && valid && i > 0) {
    [all[i - 1], all[i]] = [all[i]!, all[i - 1]!];
    return { items: reorder(items, all), focus: `f-${i - 1}-up` };
  }
  if (verb === 'down' && valid && i < items.length - 1) {
    [all[i], all[i + 1]] = [all[i + 1]!, all[i]!];
    return { items: reorder(items, all), focus: `f-${i + 1}-down` };
  }
  if (verb === 'remove' && valid) return { items: reorder(items, all.filter((k) => k !== i)), focus: 'efb-fields-title' };
  if (verb === 'addOption' && valid && items[i]!.kind === 'select' && items[i]!.options.length < EFORM_LIMITS.enumOptions) {
    const next = items.map((item, k) => (k === i ? { ...item, options: [...item.options, { value: '', label: '', labelEn: '' }] } : item));
    return { items: next, focus: `f-${i}-o-${items[i]!.options.length}-label` };
  }
  if (verb === 'removeOption' && valid) {
    const n = Number(b);
    const next = items.map((item, k) => (k === i ? { ...item, options: item.options.filter((_, m) => m !== n) } : item));
    return { items: next, focus: `f-${i}-options` };
  }
  return { items, focus: null };
}

// --- items → the form ---------------------------------------------------------------------------------------

function parseBase(text: string): Base | null {
  if (!text || text.length > MAX.base) return null;
  try {
    const value: unknown = JSON.parse(text);
    if (!isObject(value) || typeof value.kind !== 'string' || !isObject(value.node)) return null;
    const hints = isObject(value.hints) ? Object.fromEntries(Object.entries(value.hints).filter(([, h]) => isObject(h))) : {};
    return { kind: value.kind, node: value.node, hints: hints as Record<string, Json> };
  } catch {
    return null;
  }
}

/** The answer a control's text stands for, in the type of the field (null: not one). */
function typedValue(item: BuilderItem, text: string): unknown {
  if (item.kind === 'boolean') return text === 'true' ? true : text === 'false' ? false : null;
  if (item.kind === 'number') {
    const n = Number(text.trim().replace(',', '.'));
    return text.trim() && Number.isFinite(n) ? n : null;
  }
  return text;
}

export interface BuiltForm {
  schema: Json;
  ui: Json;
  /** Problems the builder finds itself (paths /f/<index>/<control>). */
  problems: FieldError[];
  /** Maps a problem of validateFormDefinition (path under /schema or /ui) to the builder's control. */
  locate: (path: string) => string;
}

/**
 * The form (schema + hints) of the items, the builder's own problems (a duplicate key, a heading with no field
 * after it, a number that is not one…) and where validateFormDefinition's problems are shown. `root` keeps the
 * stored schema's title and description.
 */
export function formFromItems(items: BuilderItem[], root: Json = {}): BuiltForm {
  const problems: FieldError[] = [];
  const add = (index: number, control: string, code: string, params?: Record<string, string | number>) => problems.push({ path: `/f/${index}/${control}`, code, ...(params ? { params } : {}) });
  const properties: Json = {};
  const ui: Json = {};
  const required: string[] = [];
  const requiredItems: number[] = [];
  const allOf: Json[] = [];
  const conditionItems: number[] = [];
  const itemOfKey = new Map<string, number>();
  const sectionOfKey = new Map<string, number>();
  let section: number | null = null;

  items.forEach((item, index) => {
    if (item.kind === 'section') {
      if (!item.labelVi.trim()) add(index, 'labelVi', 'required');
      if (section !== null) add(section, 'labelVi', 'EFORM_BUILDER_SECTION_EMPTY');
      section = index;
      return;
    }
    const key = item.key.trim();
    if (!key) return add(index, 'labelVi', 'required');
    if (!FIELD_ID.test(key) || key.length > EFORM_LIMITS.idLength) return add(index, 'key', 'EFORM_ID_INVALID', { id: key.slice(0, 80) });
    // Two fields with one id: the later is named (and its other controls still checked), the earlier kept.
    const duplicate = itemOfKey.has(key);
    if (duplicate) add(index, 'key', 'EFORM_BUILDER_KEY_TAKEN', { id: key });
    else itemOfKey.set(key, index);
    if (!item.labelVi.trim()) add(index, 'labelVi', 'required');
    const base = parseBase(item.base);
    const kept = base && base.kind === item.kind ? base : null;
    if (item.kind === 'locked' && !kept) return add(index, 'key', 'EFORM_BUILDER_LOCKED_LOST');
    const node: Json = { ...(kept?.node ?? {}) };
    if (item.kind === 'text' || item.kind === 'textarea' || item.kind === 'date') node.type = 'string';
    if (item.kind === 'select') node.type = 'string';
    if (item.kind === 'boolean') node.type = 'boolean';
    if (item.kind === 'number' && node.type !== 'integer') node.type = 'number';
    if (item.kind === 'date') node.format = 'date';
    if (item.kind === 'textarea') node['x-widget'] = 'textarea';
    if (item.labelVi.trim()) node.title = item.labelVi.trim();
    if (item.labelEn.trim()) node['x-title-en'] = item.labelEn.trim();
    if (item.hintVi.trim()) node.description = item.hintVi.trim();
    if (item.hintEn.trim()) node['x-description-en'] = item.hintEn.trim();
    if (section !== null) {
      const heading = items[section]!;
      node['x-section'] = heading.labelVi.trim() || '—';
      if (heading.labelEn.trim()) node['x-section-en'] = heading.labelEn.trim();
      sectionOfKey.set(key, section);
      section = null;
    }
    if (item.kind !== 'locked') {
      if (WIDTH_COLUMNS[item.width]) node['x-columns'] = WIDTH_COLUMNS[item.width];
      if (item.officer) node['x-officer'] = true;
    }
    if (item.kind === 'text' || item.kind === 'textarea') {
      const preset = PATTERN_PRESETS[item.preset as PresetName];
      if (preset) node.pattern = preset.pattern;
      else if (item.preset === 'custom') {
        if (item.pattern.trim()) node.pattern = item.pattern.trim();
        else add(index, 'pattern', 'required');
      }
    }
    if (item.kind === 'text' || item.kind === 'textarea' || item.kind === 'number') {
      const [minKey, maxKey] = item.kind === 'number' ? ['minimum', 'maximum'] : ['minLength', 'maxLength'];
      for (const [control, keyword] of [['min', minKey], ['max', maxKey]] as const) {
        const text = item[control].trim();
        if (!text) continue;
        const n = Number(text.replace(',', '.'));
        if (!Number.isFinite(n) || (item.kind !== 'number' && !(Number.isInteger(n) && n >= 0))) add(index, control, 'EFORM_NUMBER_INVALID');
        else node[keyword] = n;
      }
    }
    if (item.kind === 'select') {
      const options = item.options.filter((o) => o.value.trim() || o.label.trim() || (o.labelEn ?? '').trim());
      node.enum = options.map((o) => o.value.trim());
      // Names only when one differs from its value (a stored form without them stays without).
      if (options.some((o) => o.label.trim() && o.label.trim() !== o.value.trim())) node['x-enumNames'] = options.map((o) => o.label.trim() || o.value.trim());
      else delete node['x-enumNames'];
      // English names only when one is given ('' for the options without: English pages show the Vietnamese name).
      if (options.some((o) => (o.labelEn ?? '').trim())) node['x-enumNames-en'] = options.map((o) => (o.labelEn ?? '').trim());
      else delete node['x-enumNames-en'];
    }
    if (item.defaultValue.trim() && item.kind !== 'locked') {
      const value = typedValue(item, item.defaultValue.trim());
      if (value === null) add(index, 'default', 'EFORM_NUMBER_INVALID');
      else node.default = value;
    }
    if (duplicate) return;
    if (item.required) {
      required.push(key);
      requiredItems.push(index);
    }
    properties[key] = node;
    if (kept) {
      for (const [id, hint] of Object.entries(kept.hints)) {
        if (!Object.keys(hint).length) continue;
        if (id === '') ui[key] = hint;
        else if (item.kind === 'locked') ui[`${key}.${id}`] = hint;
      }
    }
  });
  if (section !== null) add(section, 'labelVi', 'EFORM_BUILDER_SECTION_EMPTY');

  // "Required when F is V": one root `allOf` entry per field that has one.
  items.forEach((item, index) => {
    if (!item.when || item.kind === 'section' || !itemOfKey.has(item.key.trim()) || itemOfKey.get(item.key.trim()) !== index) return;
    const bar = item.when.indexOf('|');
    const source = items[Number(item.when.slice(0, bar))];
    const value = source ? typedValue(source, item.when.slice(bar + 1)) : null;
    if (!source || source.kind === 'section' || source.kind === 'locked' || !source.key.trim() || value === null) return add(index, 'when', 'EFORM_CONDITION_INVALID');
    if (source === item) return add(index, 'when', 'EFORM_CONDITION_NEVER', { field: item.key.trim() });
    const field = source.key.trim();
    allOf.push({ if: { properties: { [field]: { const: value } }, required: [field] }, then: { required: [item.key.trim()] } });
    conditionItems.push(index);
  });

  const schema: Json = { type: 'object' };
  for (const key of ['$schema', 'title', 'description']) if (root[key] !== undefined) schema[key] = root[key];
  schema.properties = properties;
  if (required.length) schema.required = required;
  if (allOf.length) schema.allOf = allOf;

  const CONTROLS: Record<string, string> = { title: 'labelVi', 'x-title-en': 'labelEn', description: 'hintVi', 'x-description-en': 'hintEn', pattern: 'pattern', minimum: 'min', minLength: 'min', maximum: 'max', maxLength: 'max', enum: 'options', 'x-enumNames': 'options', 'x-enumNames-en': 'options', default: 'default', 'x-columns': 'width', 'x-officer': 'officer', columns: 'width', officer: 'officer', label: 'labelVi', hint: 'hintVi' };
  const locate = (path: string): string => {
    const parts = path.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    const control = (index: number | undefined, name: string) => (index === undefined ? 'efb-fields-title' : `f-${index}-${name}`);
    const fieldControl = (index: number | undefined, keyword: string | undefined) => {
      if (index === undefined) return control(undefined, '');
      const item = items[index]!;
      if (keyword === 'pattern' && item.preset !== 'custom') return control(index, 'preset');
      if ((keyword === 'x-section' || keyword === 'x-section-en' || keyword === 'section') && sectionOfKey.has(item.key.trim())) return control(sectionOfKey.get(item.key.trim()), keyword.endsWith('en') ? 'labelEn' : 'labelVi');
      if (item.kind === 'locked' && keyword && !['title', 'x-title-en', 'description', 'x-description-en', 'label', 'hint'].includes(keyword)) return `f-${index}`;
      const name = keyword ? CONTROLS[keyword] : 'key';
      return name ? control(index, name) : `f-${index}`;
    };
    if (parts[0] === 'schema' && parts[1] === 'properties' && parts[2] !== undefined) return fieldControl(itemOfKey.get(parts[2]), parts[3]);
    if (parts[0] === 'schema' && parts[1] === 'required') return control(requiredItems[Number(parts[2])], 'required');
    if (parts[0] === 'schema' && parts[1] === 'allOf') return control(conditionItems[Number(parts[2])], 'when');
    if (parts[0] === 'ui' && parts[1] !== undefined) {
      const [key, column] = parts[1].split('.');
      const index = itemOfKey.get(key!);
      return column === undefined ? fieldControl(index, parts[2]) : index === undefined ? control(undefined, '') : `f-${index}`;
    }
    return 'efb-fields-title';
  };
  return { schema, ui, problems, locate };
}

/** "Required when" choices: every value of the other applicant's select and check-box fields, as `${index}|${value}`. */
export function whenChoices(items: BuilderItem[], self: number): Array<{ field: string; choices: Array<{ value: string; label: string }> }> {
  return items.flatMap((item, index) => {
    if (index === self || (item.kind !== 'select' && item.kind !== 'boolean') || !item.key.trim() || item.officer) return [];
    const values = item.kind === 'boolean' ? [{ value: 'true', label: 'true' }, { value: 'false', label: 'false' }] : item.options.filter((o) => o.value.trim()).map((o) => ({ value: o.value.trim(), label: o.label.trim() || o.value.trim() }));
    return [{ field: item.labelVi.trim() || item.key.trim(), choices: values.map((v) => ({ value: `${index}|${v.value}`, label: v.label })) }];
  });
}
