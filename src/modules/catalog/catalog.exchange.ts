// The catalog interchange format: what `opendvc catalog import/export` and the catalog pages read and write
// as JSON, and what the demo catalog is written in. One TypeBox schema validates it and documents it.
import { Ajv, type ErrorObject } from 'ajv';
import { Type, type Static } from 'typebox';
import { DomainError, type FieldError } from '../../core/errors.ts';
import './catalog.exchange.errors.ts';
import { AgencyRuleSchema } from '../kernel/agency-rule.ts';

/** The procedure's stable key (migration 0038): its national code (mã TTHC, e.g. 1.001234), else "<agency code>:<local code>". */
export const ProcedureCode = Type.String({ pattern: '^(?:[0-9]\\.[0-9]{6}|[A-Za-z0-9][A-Za-z0-9.]{1,39}:[A-Za-z0-9][A-Za-z0-9.-]{0,29})$', description: 'Mã TTHC, e.g. 1.001234; a procedure with only a local code: "<agency code>:<local code>"' });
/** An agency's local code of a procedure (migration 0038), e.g. TP01, DT07. */
export const LocalCode = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9.-]{0,29}$', description: "the owning agency's local code, e.g. TP01 (letters, digits, dot, hyphen; 1–30)" });
export const DateString = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'yyyy-mm-dd' });

export const FieldExchange = Type.Object(
  {
    code: Type.String({ pattern: '^[a-z0-9-]{2,60}$', description: 'e.g. ban-quyen-tac-gia' }),
    name: Type.String({ minLength: 1, maxLength: 300 }),
    nameEn: Type.Optional(Type.String({ maxLength: 300 })),
  },
  { additionalProperties: false },
);

export const DocumentExchange = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 1000 }),
    copies: Type.Integer({ minimum: 0, maximum: 100, default: 1 }),
    originalKind: Type.Union([Type.Literal('original'), Type.Literal('certified_copy'), Type.Literal('original_or_certified'), Type.Literal('copy')]),
    /** File name of the form template (tờ khai mẫu), when there is one. */
    templateName: Type.Optional(Type.String({ maxLength: 255 })),
    /** Obtained by data sharing: the agency looks it up in this source (population database, business registry); the applicant is not asked for it. */
    sharedSource: Type.Optional(Type.Union([Type.Literal('population'), Type.Literal('business')])),
    /** Required only in some cases: the condition shown to the applicant ("Nếu có: …"); not required online (migration 0039). */
    condition: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  },
  { additionalProperties: false },
);

/**
 * The structured fee definition of a version (payments.rules.ts FeeDefinition, `procedure_versions.fee_rules`):
 * what the payments module charges, computed on the e-form data. Checked against the version's e-form by the
 * payments module's port (catalog.fees.ts): the fields a line names must be the e-form's (number fields for a count
 * or a formula).
 */
export const FeeLineExchange = Type.Object(
  {
    label: Type.String({ minLength: 1, maxLength: 200 }),
    kind: Type.Union([Type.Literal('phi'), Type.Literal('le_phi')], { description: 'phí or lệ phí' }),
    basis: Type.Union([Type.Literal('fixed'), Type.Literal('per_item'), Type.Literal('formula')]),
    amountVnd: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000_000, description: 'fixed: the amount; per_item: the amount of one item' })),
    countField: Type.Optional(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]{0,63}$', description: 'per_item: the e-form number field holding the count' })),
    formula: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'formula: + − × ÷, parentheses, numbers and e-form number fields' })),
    exemptions: Type.Optional(
      Type.Array(Type.Object({ field: Type.String({ minLength: 1, maxLength: 64 }), equals: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }), {
        maxItems: 5,
        description: 'exempt when the e-form field equals the value',
      }),
    ),
  },
  { additionalProperties: false },
);

export const FeeRulesExchange = Type.Object(
  {
    charge: Type.Union([Type.Literal('before_submission'), Type.Literal('on_request')], { description: 'charged before submission, or when the officer asks' }),
    lines: Type.Array(FeeLineExchange, { minItems: 1, maxItems: 10 }),
  },
  { additionalProperties: false },
);

/** An e-form: JSON Schema (the subset of catalog.eform.ts) and presentation hints keyed by field id. */
export const FormExchange = Type.Object(
  {
    schema: Type.Record(Type.String(), Type.Unknown(), { description: 'JSON Schema (draft-07 subset) of the e-form' }),
    ui: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'presentation hints by field id: label, hint, widget, order, prefill' })),
  },
  { additionalProperties: false },
);

/**
 * One task of a workflow step (issue 15, handling.rules.ts WorkflowTask): who does it (a role; one named officer or
 * any officer of the role), what it is (review and approve may send it back to the previous task; never the first),
 * and its optional share of the step's budget (the shares of a step may not exceed it).
 */
export const WorkflowTaskExchange = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 300 }),
    role: Type.Union([Type.Literal('receptionist'), Type.Literal('specialist'), Type.Literal('department_head'), Type.Literal('agency_leader')]),
    assignment: Type.Union([Type.Literal('single_user'), Type.Literal('any_of_role')], { description: 'single_user: one named officer holds the task; any_of_role: any officer of the role' }),
    kind: Type.Union([Type.Literal('handle'), Type.Literal('review'), Type.Literal('approve')]),
    share: Type.Optional(
      Type.Object(
        { value: Type.Number({ minimum: 0, maximum: 10000 }), unit: Type.Union([Type.Literal('working_days'), Type.Literal('half_days'), Type.Literal('hours')]) },
        { additionalProperties: false, description: "the task's share of the step's budget" },
      ),
    ),
  },
  { additionalProperties: false },
);

/**
 * One step of a version's own workflow (handling.workflows.ts). Agencies and departments by code, never by id:
 * `agencyCode` absent means the dossier's agency; present, an inter-agency (liên thông) step at that agency.
 */
export const WorkflowStepExchange = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 300 }),
    role: Type.Union([Type.Literal('receptionist'), Type.Literal('specialist'), Type.Literal('department_head'), Type.Literal('agency_leader')]),
    agencyCode: Type.Optional(Type.String({ minLength: 2, maxLength: 40, description: 'inter-agency step: the agency e-ID code' })),
    departmentCode: Type.Optional(Type.String({ minLength: 1, maxLength: 60, description: 'a department of the step\'s agency' })),
    budget: Type.Object(
      { value: Type.Number({ minimum: 0, maximum: 10000 }), unit: Type.Union([Type.Literal('working_days'), Type.Literal('half_days'), Type.Literal('hours')]) },
      { additionalProperties: false },
    ),
    actions: Type.Array(Type.String({ pattern: '^[a-z_]{2,40}$' }), { maxItems: 20, uniqueItems: true, description: 'officer actions allowed at the step (handling.rules.ts STEP_ACTIONS)' }),
    // Liên thông decided by the dossier (migration 0042, handling.routing.ts): no agencyCode with it.
    agencyRule: Type.Optional(AgencyRuleSchema),
    // Steps with tasks (issue 15): optional, so that files without it still read.
    tasks: Type.Optional(Type.Array(WorkflowTaskExchange, { minItems: 1, maxItems: 20, description: "the step's ordered tasks; absent: one implicit task with the step's role" })),
  },
  { additionalProperties: false },
);

/** A version's own workflow; absent from a procedure: the agency's (or the global, or the built-in) default. */
export const WorkflowExchange = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 300 }),
    steps: Type.Array(WorkflowStepExchange, { minItems: 1, maxItems: 50 }),
  },
  { additionalProperties: false },
);

export const ProcedureExchange = Type.Object(
  {
    code: ProcedureCode,
    localCode: Type.Optional(LocalCode),
    name: Type.String({ minLength: 3, maxLength: 500 }),
    agencyCode: Type.String({ minLength: 2, maxLength: 40, description: 'agency e-ID code (mã định danh)' }),
    fieldCode: Type.String({ pattern: '^[a-z0-9-]{2,60}$' }),
    authorityLevel: Type.Union([Type.Literal('central'), Type.Literal('province'), Type.Literal('district'), Type.Literal('commune')]),
    audience: Type.Array(Type.Union([Type.Literal('citizen'), Type.Literal('organisation')]), { minItems: 1, maxItems: 2, uniqueItems: true }),
    onlineLevel: Type.Integer({ minimum: 1, maximum: 4, description: 'legacy level (Decree 43/2011)' }),
    onlineClass: Type.Union([Type.Literal('full'), Type.Literal('partial'), Type.Literal('none')], { description: 'Decree 42/2022' }),
    fullOnlineEligible: Type.Boolean(),
    steps: Type.Array(Type.String({ minLength: 1, maxLength: 4000 }), { maxItems: 50 }),
    documents: Type.Array(DocumentExchange, { maxItems: 100 }),
    timeLimit: Type.Object(
      {
        value: Type.Number({ minimum: 0, maximum: 3650 }),
        unit: Type.Union([Type.Literal('working_days'), Type.Literal('half_days'), Type.Literal('hours')]),
        sameDay: Type.Optional(Type.Boolean()),
        /** No statutory time limit (không quy định thời hạn): value and unit are ignored (0 working days). */
        none: Type.Optional(Type.Boolean()),
        note: Type.Optional(Type.String({ maxLength: 2000 })),
      },
      { additionalProperties: false },
    ),
    fees: Type.Array(Type.Object({ description: Type.String({ minLength: 1, maxLength: 1000 }), amountVnd: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'kept in JSONB: beyond int4' }) }, { additionalProperties: false }), { maxItems: 50 }),
    legalBasis: Type.Array(Type.String({ minLength: 1, maxLength: 1000 }), { maxItems: 50 }),
    resultType: Type.String({ minLength: 1, maxLength: 1000 }),
    submissionPlaces: Type.String({ minLength: 1, maxLength: 2000 }),
    effectiveFrom: Type.Optional(DateString),
    /** The e-form (catalog.eform.ts); absent: unchanged (or the generated form for a new procedure); null: the generated form. */
    form: Type.Optional(Type.Union([Type.Null(), FormExchange])),
    /** The structured fee definition (payments); absent: unchanged (a new version keeps the previous one's); null: none. */
    feeRules: Type.Optional(Type.Union([Type.Null(), FeeRulesExchange])),
    /** The version's own workflow; absent: unchanged (a new version starts from the previous one's); null: the default. */
    workflow: Type.Optional(Type.Union([Type.Null(), WorkflowExchange])),
  },
  { additionalProperties: false },
);

export const CatalogExchange = Type.Object(
  {
    format: Type.Literal('opendvc-catalog'),
    version: Type.Literal(1),
    fields: Type.Array(FieldExchange),
    procedures: Type.Array(ProcedureExchange),
  },
  { additionalProperties: false },
);

export type FieldExchange = Static<typeof FieldExchange>;
export type DocumentExchange = Static<typeof DocumentExchange>;
export type FormExchange = Static<typeof FormExchange>;
export type ProcedureExchange = Static<typeof ProcedureExchange>;
export type CatalogExchange = Static<typeof CatalogExchange>;
export type WorkflowExchange = Static<typeof WorkflowExchange>;
export type FeeRulesExchange = Static<typeof FeeRulesExchange>;
export type WorkflowStepExchange = Static<typeof WorkflowStepExchange>;

/** Format versions this installation reads (`version` of the file). */
export const SUPPORTED_FORMAT_VERSIONS: readonly number[] = [1];

/**
 * The JSON Schema of a catalog file (draft-07), as published in docs/catalog-format.schema.json (a test keeps the
 * two equal; `npx tsx scripts/catalog-format-schema.ts` rewrites the file). The import validates with it.
 */
export function catalogFormatSchema(): Record<string, unknown> {
  const plain = JSON.parse(JSON.stringify(CatalogExchange)) as Record<string, unknown>;
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://opendvc.vn/schemas/catalog-format.schema.json',
    title: 'OpenDVC catalog interchange format (opendvc-catalog)',
    description: 'Fields and procedures with their current version: content, documents, fees and fee rules, e-form and workflow. See docs/catalog-format.md.',
    ...plain,
  };
}

let validateFile: ReturnType<Ajv['compile']> | null = null;

function valueAt(root: unknown, pointer: string): unknown {
  let value = root;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    value = value !== null && typeof value === 'object' && Object.hasOwn(value, key) ? Reflect.get(value, key) : undefined;
  }
  return value;
}

/**
 * Ajv's errors with each `anyOf` told once: a choice between constants is one `enum` error with the allowed
 * values; "null or an object" given an object reports the object's own errors (not "must be null").
 */
export function collapseUnionErrors(errors: readonly ErrorObject[], data: unknown): ErrorObject[] {
  const unions = errors.filter((e) => e.keyword === 'anyOf').sort((a, b) => a.instancePath.length - b.instancePath.length || a.schemaPath.length - b.schemaPath.length);
  const dropped = new Set<ErrorObject>();
  const replaced = new Map<ErrorObject, ErrorObject>();
  for (const union of unions) {
    if (dropped.has(union)) continue;
    const prefix = `${union.schemaPath}/`;
    // Schema paths of array items are the same for every item: the instance path tells the items apart.
    const inner = errors.filter((e) => e.schemaPath.startsWith(prefix) && (e.instancePath === union.instancePath || e.instancePath.startsWith(`${union.instancePath}/`)) && !dropped.has(e));
    const value = valueAt(data, union.instancePath);
    const branches = new Map<string, ErrorObject[]>();
    for (const e of inner) {
      const branch = e.schemaPath.slice(prefix.length).split('/')[0]!;
      branches.set(branch, [...(branches.get(branch) ?? []), e]);
    }
    // A branch that accepted the value's type and failed deeper down is the one meant.
    const meant = [...branches.values()].find((list) => list.every((e) => e.instancePath !== union.instancePath || (e.keyword !== 'type' && e.keyword !== 'const')));
    if (value !== null && typeof value === 'object' && meant) {
      for (const e of inner) if (!meant.includes(e)) dropped.add(e);
      dropped.add(union);
      continue;
    }
    const allowed = inner.filter((e) => e.keyword === 'const').map((e) => String((e.params as { allowedValue?: unknown }).allowedValue));
    for (const e of inner) dropped.add(e);
    replaced.set(union, { ...union, keyword: allowed.length ? 'enum' : 'type', params: allowed.length ? { allowedValues: allowed } : { type: [...new Set(inner.filter((e) => e.keyword === 'type').map((e) => String((e.params as { type?: unknown }).type)))].join(', ') } });
  }
  return errors.filter((e) => !dropped.has(e)).map((e) => replaced.get(e) ?? e);
}

/** An Ajv error as a field error at its JSON pointer. */
function fieldErrorOf(error: ErrorObject): FieldError {
  let path = error.instancePath;
  if (error.keyword === 'required') path += `/${String(error.params.missingProperty)}`;
  if (error.keyword === 'additionalProperties') path += `/${String(error.params.additionalProperty)}`;
  const params: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(error.params)) {
    if (typeof value === 'string' || typeof value === 'number') params[key] = value;
    if (Array.isArray(value)) params[key] = value.join(', ');
  }
  return { path: path || '/', code: error.keyword, params };
}

/**
 * Structural check of a catalog file against its JSON Schema: every error at once, one per place (JSON pointer).
 * A file that is not a catalog file at all, or of a format version this installation does not read, is refused
 * with one error (IMPORT_FORMAT_UNKNOWN, IMPORT_FORMAT_VERSION) rather than hundreds. Defaults are applied to
 * the returned copy (document copies).
 */
export function checkCatalogFile(input: unknown): { data: unknown; errors: FieldError[] } {
  const format = input !== null && typeof input === 'object' && !Array.isArray(input) ? Reflect.get(input, 'format') : undefined;
  if (format !== 'opendvc-catalog') throw new DomainError('IMPORT_FORMAT_UNKNOWN');
  const version = Reflect.get(input as object, 'version');
  if (typeof version !== 'number' || !SUPPORTED_FORMAT_VERSIONS.includes(version)) {
    throw new DomainError('IMPORT_FORMAT_VERSION', { version: typeof version === 'number' || typeof version === 'string' ? version : '?', supported: SUPPORTED_FORMAT_VERSIONS.join(', ') });
  }
  validateFile ??= new Ajv({ allErrors: true, strict: false, useDefaults: true, coerceTypes: false }).compile(catalogFormatSchema());
  const data = structuredClone(input);
  if (validateFile(data)) return { data, errors: [] };
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  for (const e of collapseUnionErrors(validateFile.errors ?? [], data).map(fieldErrorOf)) {
    const key = `${e.path} ${e.code}`;
    if (!seen.has(key)) errors.push(e);
    seen.add(key);
  }
  return { data, errors };
}
