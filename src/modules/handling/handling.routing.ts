// Liên thông targets resolved at run time (issue 15), pure: a workflow step's agency RULE instead of a fixed agency
// (workflow_steps.agency_rule, migration 0042) and its resolution for one dossier — the agency whose administrative
// unit is the commune of an address field of the e-form data ('eform_address'), or the agency mapped to the option
// chosen in a field ('eform_option') — into an agency, or a typed "unresolved" reason (the dossier then waits at
// the step in its own agency, and an officer picks the agency by hand: handling.routing.service.ts). Also the
// save-time check of a rule against the version's e-form and the known agencies (every problem at once, with its
// path). No I/O: the caller passes the lookups.
import type { FieldError } from '../../core/errors.ts';
import './handling.routing.errors.ts';

/** How a step's agency is decided. 'fixed': workflow_steps.agency_id as designed (NULL = the dossier's agency). */
export type AgencyRule =
  | { kind: 'fixed' }
  | { kind: 'eform_address'; field: string }
  | { kind: 'eform_option'; field: string; options: AgencyOption[] };

/** One row of an 'eform_option' mapping: a value of the field → the agency (by code). */
export interface AgencyOption {
  value: string;
  agencyCode: string;
}

export const AGENCY_RULE_KINDS = ['fixed', 'eform_address', 'eform_option'] as const;
export type AgencyRuleKind = (typeof AGENCY_RULE_KINDS)[number];
/** At most this many option rows in one mapping. */
export const MAX_AGENCY_OPTIONS = 200;

export function isRuleKind(value: unknown): value is AgencyRuleKind {
  return typeof value === 'string' && (AGENCY_RULE_KINDS as readonly string[]).includes(value);
}

/** An agency as resolution answers it. */
export interface AgencyRef {
  id: string;
  code: string;
  name: string;
}

/** Why a rule gave no agency for a dossier (shown to the officer, vi + en: handling.routing.messages.ts). */
export type UnresolvedReason =
  /** The field has no value (or not an address / not a text). */
  | 'field_empty'
  /** The address has no commune. */
  | 'commune_missing'
  /** The commune is not one of the official list of its province. */
  | 'commune_unknown'
  /** No active agency serves that commune (agencies.admin_unit_code). */
  | 'commune_no_agency'
  /** The option chosen is not in the mapping. */
  | 'option_unmapped'
  /** The mapped agency does not exist (any more) or is not active. */
  | 'agency_unknown';

export interface Unresolved {
  reason: UnresolvedReason;
  /** The e-form field the rule reads. */
  field: string;
  /** What the dossier holds there (commune name, option value, agency code), when it matters. */
  value?: string;
}

export type Routing = { ok: true; agency: AgencyRef } | { ok: false; unresolved: Unresolved };

/** What resolution looks agencies up in (the service loads only what `routingKey` asks for). */
export interface AgencyLookup {
  /** The active agency serving the administrative unit with this GSO code. */
  byAdminUnit: ReadonlyMap<string, AgencyRef>;
  /** The active agency with this code. */
  byCode: ReadonlyMap<string, AgencyRef>;
}

/** The GSO code of a commune by its province's and its own name (the official list); null when unknown. */
export type CommuneCodeOf = (province: string | null, commune: string) => string | null;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string => (typeof value === 'string' ? value.normalize('NFC').trim() : typeof value === 'number' && Number.isFinite(value) ? String(value) : '');

/** The key to look up for a dossier: an administrative unit, an agency code, or why there is none. */
export type RoutingKey = { kind: 'admin_unit'; code: string } | { kind: 'agency'; code: string } | { kind: 'unresolved'; unresolved: Unresolved };

/** The lookup key of a (non-fixed) rule over the e-form data (pure; `communeCode` answers from the official list). */
export function routingKey(rule: Exclude<AgencyRule, { kind: 'fixed' }>, data: Record<string, unknown> | null | undefined, communeCode: CommuneCodeOf): RoutingKey {
  const field = rule.field;
  const value = (data ?? {})[field];
  const unresolved = (reason: UnresolvedReason, v?: string): RoutingKey => ({ kind: 'unresolved', unresolved: { reason, field, ...(v !== undefined ? { value: v } : {}) } });
  if (rule.kind === 'eform_address') {
    if (!isObject(value)) return unresolved('field_empty');
    const commune = text(value.commune);
    if (!commune) return unresolved('commune_missing');
    const province = text(value.province) || null;
    const code = /^[0-9]{5}$/.test(commune) ? commune : communeCode(province, commune);
    if (!code) return unresolved('commune_unknown', commune);
    return { kind: 'admin_unit', code };
  }
  const chosen = text(value);
  if (!chosen) return unresolved('field_empty');
  const row = rule.options.find((o) => o.value === chosen);
  if (!row) return unresolved('option_unmapped', chosen);
  return { kind: 'agency', code: row.agencyCode };
}

/**
 * The agency a rule gives for the dossier's e-form data, or why none: the commune of the address (by name within
 * its province, or a five-digit code) → the agency serving it; the option chosen → the agency mapped to it.
 */
export function resolveAgency(rule: Exclude<AgencyRule, { kind: 'fixed' }>, data: Record<string, unknown> | null | undefined, lookup: AgencyLookup, communeCode: CommuneCodeOf): Routing {
  const key = routingKey(rule, data, communeCode);
  if (key.kind === 'unresolved') return { ok: false, unresolved: key.unresolved };
  if (key.kind === 'admin_unit') {
    const agency = lookup.byAdminUnit.get(key.code);
    return agency ? { ok: true, agency } : { ok: false, unresolved: { reason: 'commune_no_agency', field: rule.field, value: communeName(data, rule.field) ?? key.code } };
  }
  const agency = lookup.byCode.get(key.code);
  return agency ? { ok: true, agency } : { ok: false, unresolved: { reason: 'agency_unknown', field: rule.field, value: key.code } };
}

function communeName(data: Record<string, unknown> | null | undefined, field: string): string | null {
  const value = (data ?? {})[field];
  return isObject(value) ? text(value.commune) || null : null;
}

/** A province name → its code, and the communes by province → the official code of a commune (names compared folded). */
export function communeCodeOf(provinces: ReadonlyArray<{ code: string; name: string }>, communesOf: (provinceCode: string) => ReadonlyArray<{ code: string; name: string }>, all: () => ReadonlyArray<{ code: string; name: string }>): CommuneCodeOf {
  const fold = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('vi');
  return (province, commune) => {
    const name = fold(commune);
    const p = province ? provinces.find((x) => fold(x.name) === fold(province)) : undefined;
    if (province && !p) return null;
    const matches = (p ? communesOf(p.code) : all()).filter((c) => fold(c.name) === name);
    // Without a province, only a name that is unique in the country decides.
    return matches.length === 1 ? matches[0]!.code : null;
  };
}

// ---------------------------------------------------------------------------------------------
// Storage (workflow_steps.agency_rule) and input
// ---------------------------------------------------------------------------------------------

/** The rule stored in workflow_steps.agency_rule (null: fixed); anything unreadable counts as fixed. */
export function ruleOfColumn(value: unknown): AgencyRule {
  if (!isObject(value) || typeof value.field !== 'string') return { kind: 'fixed' };
  if (value.kind === 'eform_address') return { kind: 'eform_address', field: value.field };
  if (value.kind === 'eform_option' && Array.isArray(value.options)) {
    const options = value.options.filter((o): o is AgencyOption => isObject(o) && typeof o.value === 'string' && typeof o.agencyCode === 'string').map((o) => ({ value: o.value, agencyCode: o.agencyCode }));
    return { kind: 'eform_option', field: value.field, options };
  }
  return { kind: 'fixed' };
}

/** The column value of a rule (JSON text; null for fixed). */
export function ruleColumn(rule: AgencyRule | null | undefined): string | null {
  if (!rule || rule.kind === 'fixed') return null;
  return JSON.stringify(rule.kind === 'eform_address' ? { kind: rule.kind, field: rule.field } : { kind: rule.kind, field: rule.field, options: rule.options.map((o) => ({ value: o.value, agencyCode: o.agencyCode })) });
}

/** The problem of a rule input whose kind is none of the known ones (read as fixed by `ruleOfInput`). */
export function ruleKindErrors(input: unknown, at: string): FieldError[] {
  return isObject(input) && input.kind !== undefined && !isRuleKind(input.kind) ? [{ path: `${at}/agencyRule/kind`, code: 'WORKFLOW_RULE_KIND_INVALID' }] : [];
}

/** A rule as typed by an editor or a file (trimmed; blank option rows dropped); undefined/null or an unknown kind → fixed. */
export function ruleOfInput(input: unknown): AgencyRule {
  if (!isObject(input) || !isRuleKind(input.kind) || input.kind === 'fixed') return { kind: 'fixed' };
  const field = text(input.field);
  if (input.kind === 'eform_address') return { kind: 'eform_address', field };
  const options = (Array.isArray(input.options) ? input.options : [])
    .filter(isObject)
    .map((o) => ({ value: text(o.value), agencyCode: text(o.agencyCode) }))
    .filter((o) => o.value || o.agencyCode);
  return { kind: 'eform_option', field, options };
}

// ---------------------------------------------------------------------------------------------
// The version's e-form fields a rule may read, and the save-time check
// ---------------------------------------------------------------------------------------------

/** A top-level field of an e-form as the rules see it. */
export interface EformField {
  name: string;
  kind: 'address' | 'choice' | 'other';
  /** Its label (Vietnamese; English when the form has one). */
  label: { vi: string; en: string };
  /** A choice's options (value and name). */
  options: Array<{ value: string; name: string }>;
}

/** The top-level fields of an e-form (stored schema + UI hints; NULL schema: the generated default, none usable). */
export function eformFields(schema: unknown, ui: unknown): EformField[] {
  if (!isObject(schema) || !isObject(schema.properties)) return [];
  const hints = isObject(ui) ? ui : {};
  return Object.entries(schema.properties).map(([name, node]) => {
    const n = isObject(node) ? node : {};
    const hint = isObject(hints[name]) ? (hints[name] as Record<string, unknown>) : {};
    const hintLabel = hint.label;
    const vi = (typeof hintLabel === 'string' ? hintLabel : isObject(hintLabel) && typeof hintLabel.vi === 'string' ? hintLabel.vi : null) ?? (typeof n.title === 'string' ? n.title : name);
    const en = (isObject(hintLabel) && typeof hintLabel.en === 'string' ? hintLabel.en : null) ?? (typeof n['x-title-en'] === 'string' ? n['x-title-en'] : vi);
    const kind: EformField['kind'] = n.type === 'object' ? 'address' : n.type === 'string' && Array.isArray(n.enum) ? 'choice' : 'other';
    const names = Array.isArray(n['x-enumNames']) ? n['x-enumNames'] : [];
    const options = kind === 'choice' ? (n.enum as unknown[]).map((v, i) => ({ value: String(v), name: typeof names[i] === 'string' ? (names[i] as string) : String(v) })) : [];
    return { name, kind, label: { vi, en }, options };
  });
}

/**
 * The problems of a step's rule (at `{at}/agencyRule/…`), all at once: a field that exists in the version's e-form
 * and is of the right kind (an address; a choice), option rows with a value of that choice, each value once, an
 * agency code that names a known active agency (`knownAgencyCodes`), at least one row. A rule step has no fixed
 * agency or department (`fixedAgency`).
 */
export function checkAgencyRule(rule: AgencyRule, fields: readonly EformField[], knownAgencyCodes: ReadonlySet<string>, at: string, fixedAgency: { agency: boolean; department: boolean }): FieldError[] {
  if (rule.kind === 'fixed') return [];
  const errors: FieldError[] = [];
  const path = `${at}/agencyRule`;
  if (fixedAgency.agency) errors.push({ path: `${at}/agencyCode`, code: 'WORKFLOW_RULE_AND_AGENCY' });
  if (fixedAgency.department) errors.push({ path: `${at}/departmentCode`, code: 'WORKFLOW_RULE_AND_AGENCY' });
  const field = fields.find((f) => f.name === rule.field);
  const wanted = rule.kind === 'eform_address' ? 'address' : 'choice';
  if (!rule.field) errors.push({ path: `${path}/field`, code: 'required' });
  else if (!field) errors.push({ path: `${path}/field`, code: 'WORKFLOW_RULE_FIELD_UNKNOWN', params: { field: rule.field } });
  else if (field.kind !== wanted) errors.push({ path: `${path}/field`, code: wanted === 'address' ? 'WORKFLOW_RULE_FIELD_NOT_ADDRESS' : 'WORKFLOW_RULE_FIELD_NOT_CHOICE', params: { field: field.label.vi } });
  if (rule.kind === 'eform_option') {
    if (!rule.options.length) errors.push({ path: `${path}/options`, code: 'WORKFLOW_RULE_OPTIONS_REQUIRED' });
    if (rule.options.length > MAX_AGENCY_OPTIONS) errors.push({ path: `${path}/options`, code: 'maxItems', params: { limit: MAX_AGENCY_OPTIONS } });
    const seen = new Set<string>();
    rule.options.slice(0, MAX_AGENCY_OPTIONS).forEach((o, j) => {
      const row = `${path}/options/${j}`;
      if (!o.value) errors.push({ path: `${row}/value`, code: 'required' });
      else if (seen.has(o.value)) errors.push({ path: `${row}/value`, code: 'WORKFLOW_RULE_OPTION_REPEATED', params: { value: o.value } });
      else if (field?.kind === 'choice' && !field.options.some((x) => x.value === o.value)) errors.push({ path: `${row}/value`, code: 'WORKFLOW_RULE_OPTION_UNKNOWN', params: { value: o.value } });
      seen.add(o.value);
      if (!o.agencyCode) errors.push({ path: `${row}/agencyCode`, code: 'required' });
      else if (!knownAgencyCodes.has(o.agencyCode)) errors.push({ path: `${row}/agencyCode`, code: 'WORKFLOW_AGENCY_UNKNOWN' });
    });
  }
  return errors;
}

/** The agency codes a list of rules maps to (for the service to look up at once). */
export function mappedAgencyCodes(rules: readonly AgencyRule[]): string[] {
  return [...new Set(rules.flatMap((r) => (r.kind === 'eform_option' ? r.options.map((o) => o.agencyCode).filter(Boolean) : [])))];
}
