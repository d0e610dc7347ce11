// E-form data for the demo year's dossiers (issue 16), generated from the version's own e-form (the catalog's JSON
// Schema subset, catalog.eform.ts): the applicant's block from the generated person or business, then each question
// answered by its kind — a choice from its enum (its default half the time), a number in its range, a date, a
// yes/no, an address of the 2025 provinces and communes, rows of a repeatable group, a text fitting its pattern and length (the
// procedure's filled example where it has one, else a plain text). Optional questions are answered most of the time.
// No I/O, no clock. The seed test checks every generated dossier with submission's validator.
import { communesOf, PROVINCES } from '../modules/catalog/catalog-data/administrative-units.ts';
import { conditionOf, fieldKind, isObject, resolveForm, valueFits } from '../modules/catalog/catalog.eform.ts';
import { isOfficerField } from '../modules/kernel/eform-contract.ts';
import { DEMO_EFORMS } from './catalog-data/eforms/index.ts';
import { between, pick, REQUESTS, STREET_LINES, type Random } from './year.people.ts';

type Json = Record<string, unknown>;

/** What the applicant's block is filled from (the e-form's prefill sources). */
export interface ApplicantFacts {
  fullName: string;
  personalId?: string;
  dateOfBirth?: string;
  phone: string;
  email?: string;
  address: string;
  organisationName?: string;
  taxCode?: string;
}

export interface FormDataOptions {
  /** The procedure's filled example (catalog-data/eforms): realistic texts to draw from. */
  example?: Json | undefined;
  /** Share of the optional questions answered (default 0.75; 1: every question). */
  optionalShare?: number;
}

/**
 * Texts a pattern commonly asks for, made on demand: the first that fits is used (the generated people's numbers
 * come first). Which one fitted a pattern is remembered, so the next answer to it is tried with that one first.
 */
function patternCandidates(random: Random, applicant: ApplicantFacts): Array<() => string | undefined> {
  const digits = (n: number) => Array.from({ length: n }, () => String(between(random, 0, 9))).join('');
  return [
    () => applicant.personalId,
    () => applicant.phone,
    () => applicant.taxCode,
    () => `0${between(random, 1, 4)}${digits(8)}`,
    () => `0${between(random, 3, 9)}${digits(8)}`,
    () => `0${between(random, 10, 96)}${between(random, 0, 1)}${digits(9)}`.slice(0, 12),
    () => digits(12),
    () => digits(9),
    () => digits(10),
    () => digits(6),
    () => `${String(between(random, 7, 21)).padStart(2, '0')}:${pick(random, ['00', '15', '30', '45'])}`,
    () => `${between(random, 1, 250)}/GP-${pick(random, ['SVHTTDL', 'BVHTTDL', 'UBND', 'CBQ'])}`,
    () => `B${digits(7)}`,
    () => `C${digits(7)}`,
    () => `${between(random, 1, 99)}/${2015 + between(random, 0, 10)}`,
    () => 'Có',
  ];
}

/** Per pattern, the index of the candidate that fitted it last. */
const fittedCandidate = new Map<string, number>();

function patternValue(pattern: string, random: Random, applicant: ApplicantFacts, fits: (v: unknown) => v is string): string | undefined {
  const candidates = patternCandidates(random, applicant);
  const known = fittedCandidate.get(pattern);
  if (known !== undefined) {
    const value = candidates[known]!();
    if (fits(value)) return value;
  }
  for (let i = 0; i < candidates.length; i++) {
    if (i === known) continue;
    const value = candidates[i]!();
    if (fits(value)) {
      fittedCandidate.set(pattern, i);
      return value;
    }
  }
  return undefined;
}

/** A date between 1 January of `from` and 31 December of `to` (yyyy-mm-dd). */
function dateBetween(random: Random, from: number, to: number): string {
  return `${between(random, from, to)}-${String(between(random, 1, 12)).padStart(2, '0')}-${String(between(random, 1, 28)).padStart(2, '0')}`;
}

// The demo forms' patterns, compiled once as JavaScript regular expressions: the generator checks many candidate
// values, and RE2 (what submission validates with, src/core/regex.ts) is far slower per test. The demo patterns mean
// the same in both engines; the seed test validates every dossier with submission's own validator.
const nativePatterns = new Map<string, RegExp | null>();

function nativePattern(pattern: string): RegExp | null {
  let re = nativePatterns.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(pattern, 'u');
    } catch {
      re = null;
    }
    nativePatterns.set(pattern, re);
  }
  return re;
}

/** valueFits (catalog.eform.ts), its pattern test run by JavaScript's engine when the pattern compiles there. */
function fitsValue(node: Json, value: unknown): boolean {
  if (typeof node.pattern !== 'string' || typeof value !== 'string') return valueFits(node, value);
  const re = nativePattern(node.pattern);
  if (!re) return valueFits(node, value);
  return re.test(value) && valueFits({ ...node, pattern: undefined }, value);
}

/** The first 1–`max` characters of a text that ends on a letter (no trailing space). */
function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, max).join('').trimEnd();
}

function textValue(node: Json, key: string, random: Random, applicant: ApplicantFacts, example: unknown): string | undefined {
  const fits = (v: unknown): v is string => typeof v === 'string' && fitsValue(node, v);
  if (node.default !== undefined && fits(node.default) && random() < 0.5) return node.default;
  if (node.format === 'date') {
    const value = /birth|sinh/i.test(`${key} ${String(node.title ?? '')}`) ? applicant.dateOfBirth ?? dateBetween(random, 1960, 2004) : dateBetween(random, 2015, 2025);
    return fits(value) ? value : undefined;
  }
  if (node.format === 'email') {
    const value = applicant.email ?? `lienhe${between(random, 1, 9999)}@example.vn`;
    return fits(value) ? value : undefined;
  }
  if (typeof node.pattern === 'string') {
    if (random() < 0.3 && fits(example)) return example;
    return patternValue(node.pattern, random, applicant, fits) ?? (fits(example) ? example : undefined);
  }
  if (fits(example) && random() < 0.8) return example;
  const max = typeof node.maxLength === 'number' ? node.maxLength : 300;
  const title = typeof node.title === 'string' ? node.title : key;
  const candidates = [
    node['x-widget'] === 'textarea' ? pick(random, REQUESTS) : `${title} ${between(random, 1, 99)}`,
    pick(random, REQUESTS),
    `${title}`,
    'Có',
    'A',
  ].map((t) => clip(t, max));
  return candidates.find(fits);
}

/** An address as the widget stores it: the province's and the commune's names (catalog.eform.ts expandAddress). */
function addressValue(node: Json, random: Random): Json {
  const province = pick(random, PROVINCES);
  const communes = communesOf(province.name);
  const out: Json = { province: province.name, commune: communes.length ? pick(random, communes) : province.name };
  if (isObject(node.properties) && 'street' in node.properties) out.street = pick(random, STREET_LINES);
  return out;
}

/** One answer for a field of any kind (undefined: none fits). */
function answer(node: Json, key: string, random: Random, applicant: ApplicantFacts, example: unknown, share: number): unknown {
  switch (fieldKind(node)) {
    case 'choice': {
      const values = (node.enum as unknown[]).filter((v) => fitsValue(node, v));
      if (node.default !== undefined && fitsValue(node, node.default) && random() < 0.5) return node.default;
      return values.length ? pick(random, values) : undefined;
    }
    case 'boolean':
      return typeof node.default === 'boolean' && random() < 0.5 ? node.default : random() < 0.5;
    case 'number': {
      if (typeof node.default === 'number' && fitsValue(node, node.default) && random() < 0.5) return node.default;
      const min = typeof node.minimum === 'number' ? node.minimum : 0;
      const max = typeof node.maximum === 'number' ? Math.min(node.maximum, min + 1000) : min + 100;
      const value = node.type === 'integer' ? between(random, Math.ceil(min), Math.floor(max)) : Math.round((min + random() * (max - min)) * 10) / 10;
      return fitsValue(node, value) ? value : min;
    }
    case 'address':
      return addressValue(node, random);
    case 'group': {
      const items = isObject(node.items) ? node.items : {};
      const min = typeof node.minItems === 'number' ? node.minItems : 1;
      const max = typeof node.maxItems === 'number' ? node.maxItems : 3;
      const count = between(random, Math.max(1, min), Math.max(Math.max(1, min), Math.min(max, 3)));
      const rows = Array.isArray(example) ? example.filter(isObject) : [];
      return Array.from({ length: count }, (_, i) => objectValue(items, random, applicant, rows[i % Math.max(1, rows.length)], share, false));
    }
    case 'text':
      return textValue(node, key, random, applicant, example);
    default:
      return undefined;
  }
}

/** The answers of an object's properties: required ones always, optional ones with probability `share`. */
function objectValue(schema: Json, random: Random, applicant: ApplicantFacts, example: Json | undefined, share: number, top: boolean): Json {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const prefilled: Record<string, unknown> = top ? { ...applicant } : {};
  const out: Json = {};
  for (const [key, node] of Object.entries(properties)) {
    if (!isObject(node) || isOfficerField(node)) continue;
    const own = prefilled[key];
    if (own !== undefined && fieldKind(node) === 'text' && fitsValue(node, own)) {
      out[key] = own;
      continue;
    }
    if (!required.has(key) && random() >= share) continue;
    const value = answer(node, key, random, applicant, example?.[key], share);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/**
 * The answers of a dossier's e-form (`schema`: the version's form with its hints folded in, catalog.eform.ts
 * resolveForm): the applicant's block from `applicant` where the form has those fields, every required question,
 * most optional ones. Officer-only fields are left to staff.
 */
export function generateFormData(schema: Json, random: Random, applicant: ApplicantFacts, options: FormDataOptions = {}): Json {
  const data = objectValue(schema, random, applicant, options.example, options.optionalShare ?? 0.75, true);
  // Conditional requirements (root `allOf`: if a field has a value, others are required): answered when they apply.
  const properties = isObject(schema.properties) ? schema.properties : {};
  for (const entry of Array.isArray(schema.allOf) ? schema.allOf : []) {
    const condition = conditionOf(entry);
    if (!condition || data[condition.field] !== condition.value) continue;
    for (const name of condition.then) {
      const node = properties[name];
      if (data[name] !== undefined || !isObject(node) || isOfficerField(node)) continue;
      const value = answer(node, name, random, applicant, options.example?.[name], 1);
      if (value !== undefined) data[name] = value;
    }
  }
  return data;
}

/**
 * The demo year's e-form data per dossier: generated from the version's own e-form (resolved once per version). Not
 * validated here — compiling Ajv for every version would cost a good part of the first start: the seed test checks
 * every generated dossier with submission's validator (EFormValidator), and every value is checked on its own as it
 * is made (valueFits: type, enum, range, length, pattern, format). Null for a version without its own e-form.
 */
export class DemoFormData {
  private readonly schemas = new Map<string, Json>();
  private readonly examples = new Map(DEMO_EFORMS.map((e) => [e.code, e.example]));

  data(version: { id: string; procedure_code: string; form_schema: Json | null; form_ui: Json | null }, random: Random, applicant: ApplicantFacts): Json | null {
    if (!version.form_schema) return null;
    let schema = this.schemas.get(version.id);
    if (!schema) this.schemas.set(version.id, (schema = resolveForm(version.form_schema, version.form_ui)));
    return generateFormData(schema, random, applicant, { example: this.examples.get(version.procedure_code) });
  }
}
