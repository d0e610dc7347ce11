// Pure rules of data sharing (LGSP/NGSP): which lookups a new dossier needs, how an answer fills the e-form, which
// documents the agency obtains itself, and where each value of a dossier came from. No I/O.
import { fieldKind, isObject, SHARED_ATTRIBUTES, sharedMarkFits, type SharedSourceName } from '../catalog/catalog.eform.ts';
import { canonicalJson } from '../../core/canonical-json.ts';
import type { DataSharingOutcome } from '../../db/schema.ts';

export type SharedSource = SharedSourceName;

export interface SharedAddress {
  province: string;
  commune: string;
  street: string;
}

/** A person of the population database (by personal ID). */
export interface PersonRecord {
  personalId: string;
  fullName: string;
  dateOfBirth: string;
  permanentAddress: SharedAddress;
}

/** A business of the business registry (by tax code). */
export interface BusinessRecord {
  taxCode: string;
  name: string;
  address: SharedAddress;
  legalRepresentative: string;
}

/** What a lookup gave: a record, or why not (stored as `data_sharing_lookups.outcome`). */
export type LookupAnswer =
  | { outcome: 'found'; source: 'population'; record: PersonRecord }
  | { outcome: 'found'; source: 'business'; record: BusinessRecord }
  | { outcome: Exclude<DataSharingOutcome, 'found'>; source: SharedSource; detail: string | null };

/** The outcomes after which the applicant must supply what the lookup would have given. */
export const FAILED_OUTCOMES: readonly DataSharingOutcome[] = ['not_found', 'empty', 'malformed', 'timeout', 'unreachable', 'refused', 'error'];

export const PERSONAL_ID = /^[0-9]{12}$/;
export const TAX_CODE = /^[0-9]{10}(-[0-9]{3})?$/;

/** A field marked "obtained by data sharing": its id, source and attribute. */
export interface SharedField {
  field: string;
  source: SharedSource;
  attribute: string;
}

/** The top-level fields of an effective e-form schema marked `x-shared` with a mark that fits them. */
export function sharedFields(schema: Record<string, unknown>): SharedField[] {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const out: SharedField[] = [];
  for (const [field, node] of Object.entries(properties)) {
    const mark = isObject(node) ? node['x-shared'] : undefined;
    if (typeof mark !== 'string' || !sharedMarkFits(node, mark)) continue;
    const [source, attribute] = mark.split('.') as [SharedSource, string];
    out.push({ field, source, attribute });
  }
  return out;
}

/**
 * The lookups a new dossier needs: each source that a document or a field of the version is marked with, for which
 * the applicant has the key (a citizen's personal ID for the population database, an organisation's tax code for the
 * business registry). A source without its key is not looked up (the applicant supplies what it would give).
 */
export function plannedLookups(
  marks: { documents: ReadonlyArray<{ shared_source: SharedSource | null }>; fields: readonly SharedField[] },
  applicant: { kind: string; personalId: string | null; taxCode: string | null },
): Array<{ source: SharedSource; subject: string }> {
  const wanted = new Set<SharedSource>([...marks.documents.flatMap((d) => (d.shared_source ? [d.shared_source] : [])), ...marks.fields.map((f) => f.source)]);
  const out: Array<{ source: SharedSource; subject: string }> = [];
  if (wanted.has('population') && applicant.kind === 'citizen' && applicant.personalId && PERSONAL_ID.test(applicant.personalId)) out.push({ source: 'population', subject: applicant.personalId });
  if (wanted.has('business') && applicant.kind === 'organisation' && applicant.taxCode && TAX_CODE.test(applicant.taxCode)) out.push({ source: 'business', subject: applicant.taxCode });
  return out;
}

/** An address on one line: "street, commune, province" (empty parts left out). */
export function addressLine(address: SharedAddress): string {
  return [address.street, address.commune, address.province].map((p) => p.trim()).filter(Boolean).join(', ');
}

/** The value of an attribute of a record, or undefined when the record has no such attribute. */
export function attributeOf(answer: Extract<LookupAnswer, { outcome: 'found' }>, attribute: string): string | SharedAddress | undefined {
  if (!(SHARED_ATTRIBUTES[answer.source] as readonly string[]).includes(attribute)) return undefined;
  const value = (answer.record as unknown as Record<string, unknown>)[attribute];
  return typeof value === 'string' || isObject(value) ? (value as string | SharedAddress) : undefined;
}

/**
 * The e-form value a field gets from an attribute: text as it is (at most `maxLength`), an address on one line for a
 * text field or as {province, commune, street} for an address field (the province only when the form lists it).
 * Undefined when it does not fit (the applicant then fills the field).
 */
export function fieldValue(node: Record<string, unknown>, value: string | SharedAddress): unknown {
  const kind = fieldKind(node);
  const max = typeof node.maxLength === 'number' ? node.maxLength : 500;
  if (typeof value === 'string') {
    const text = value.trim();
    if (!text || text.length > max || kind !== 'text') return undefined;
    if (node.format === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
    return text;
  }
  if (kind === 'text') {
    if (node.format !== undefined) return undefined;
    const line = addressLine(value);
    return line && line.length <= max ? line : undefined;
  }
  if (kind === 'address') {
    const parts = isObject(node.properties) ? node.properties : {};
    const provinces = isObject(parts.province) && Array.isArray(parts.province.enum) ? (parts.province.enum as unknown[]) : null;
    const out: Record<string, string> = {};
    if (value.province && (!provinces || provinces.includes(value.province))) out.province = value.province;
    if (value.commune) out.commune = value.commune;
    if ('street' in parts && value.street) out.street = value.street;
    return Object.keys(out).length ? out : undefined;
  }
  return undefined;
}

/** A field a lookup filled: the mark ("population.fullName") and the value it put there. */
export interface FilledField {
  mark: string;
  value: unknown;
}

/**
 * The e-form data the answers give (over `base`, the profile's prefill) and, per field filled, the mark that filled
 * it ("population.fullName") and the value: what is kept with the lookup and shown to the officer.
 */
export function prefill(
  schema: Record<string, unknown>,
  answers: readonly LookupAnswer[],
  base: Record<string, unknown> = {},
): { data: Record<string, unknown>; filled: Record<SharedSource, Record<string, FilledField>> } {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const data = { ...base };
  const filled: Record<SharedSource, Record<string, FilledField>> = { population: {}, business: {} };
  for (const { field, source, attribute } of sharedFields(schema)) {
    const answer = answers.find((a) => a.source === source);
    if (!answer || answer.outcome !== 'found') continue;
    const raw = attributeOf(answer, attribute);
    const value = raw === undefined ? undefined : fieldValue(properties[field] as Record<string, unknown>, raw);
    if (value === undefined) continue;
    data[field] = value;
    filled[source][field] = { mark: `${source}.${attribute}`, value };
  }
  return { data, filled };
}

/** The sources a dossier's lookups succeeded for (its last lookup per source decides). */
export function obtainedSources(lookups: ReadonlyArray<{ service: SharedSource; outcome: DataSharingOutcome; at: Date }>): Set<SharedSource> {
  const last = new Map<SharedSource, { outcome: DataSharingOutcome; at: number }>();
  for (const l of lookups) {
    const seen = last.get(l.service);
    if (!seen || l.at.getTime() >= seen.at) last.set(l.service, { outcome: l.outcome, at: l.at.getTime() });
  }
  return new Set([...last].filter(([, l]) => l.outcome === 'found').map(([source]) => source));
}

/** A document marked "obtained by data sharing" whose source answered: the applicant is not asked for it. */
export function obtainedBySharing(document: { shared_source: SharedSource | null }, obtained: ReadonlySet<SharedSource>): boolean {
  return document.shared_source !== null && obtained.has(document.shared_source);
}

/** Where a value of the dossier came from, for the officer. */
export type ValueOrigin =
  | { kind: 'shared'; source: SharedSource; attribute: string; at: Date }
  /** Filled by the lookup, then changed by the applicant: the platform's value is kept beside it. */
  | { kind: 'changed'; source: SharedSource; attribute: string; at: Date; shared: unknown }
  | { kind: 'applicant' };

const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

/**
 * The origin of each answered top-level field of a dossier: from the platform (the last successful lookup of its
 * source filled it, and the value is still the one it put there), changed by the applicant afterwards, or the
 * applicant's own.
 */
export function valueOrigins(
  data: Record<string, unknown>,
  lookups: ReadonlyArray<{ service: SharedSource; outcome: DataSharingOutcome; at: Date; filled: Record<string, FilledField> }>,
): Record<string, ValueOrigin> {
  const latest = new Map<SharedSource, (typeof lookups)[number]>();
  for (const l of lookups) if (l.outcome === 'found' && (!latest.get(l.service) || latest.get(l.service)!.at.getTime() <= l.at.getTime())) latest.set(l.service, l);
  const out: Record<string, ValueOrigin> = {};
  for (const [field, value] of Object.entries(data)) {
    if (value === undefined || value === null || value === '') continue;
    out[field] = { kind: 'applicant' };
    for (const lookup of latest.values()) {
      const filled = Object.hasOwn(lookup.filled, field) ? lookup.filled[field] : undefined;
      if (!filled || typeof filled.mark !== 'string') continue;
      const attribute = filled.mark.split('.')[1] ?? '';
      out[field] = same(filled.value, value) ? { kind: 'shared', source: lookup.service, attribute, at: lookup.at } : { kind: 'changed', source: lookup.service, attribute, at: lookup.at, shared: filled.value };
    }
  }
  return out;
}

/** A personal ID or tax code as shown in lists: the last four characters only. */
export function maskSubject(subject: string): string {
  return subject.length <= 4 ? subject : `${'•'.repeat(subject.length - 4)}${subject.slice(-4)}`;
}
