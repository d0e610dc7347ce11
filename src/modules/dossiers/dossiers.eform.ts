// The procedure version of a dossier and its e-form, shared by online submission (DossiersService), counter
// intake (IntakeService) and the personal store (DocumentsService): frozen versions cached for a minute, the
// version's schema (its own e-form with the hints folded in, else the generated default form) made the schema
// for the applicant (kernel/eform-contract.ts: the kind's requirements and the normalisation written into it),
// compiled Ajv validators kept per schema, and every problem of the data at once. The schema served is the
// schema validated with: nothing else is checked.
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { Actor } from '../../core/actor.ts';
import type { FieldError } from '../../core/errors.ts';
import { re2RegExp, withPatternBudget } from '../../core/regex.ts';
import { fieldErrorsFromAjv } from '../../http/problem.ts';
import type { Executor } from '../../db/database.ts';
import type { CatalogService, VersionRecord } from '../catalog/catalog.service.ts';
import { resolveForm } from '../catalog/catalog.eform.ts';
import { applicantFormSchema, CLEAN_TEXT_PATTERN, officerFormSchema, type ApplicantKindName } from '../kernel/eform-contract.ts';
import { defaultFormSchema } from './dossiers.rules.ts';

// Catalog managers write the `pattern`s of e-forms: they run in RE2 (linear time), each validation within a
// budget of steps (src/core/regex.ts), never in JavaScript's backtracking RegExp.
// Our own normalisation pattern (CLEAN_TEXT_PATTERN, linear: one anchored start) runs in JavaScript's engine,
// which is what defines String.prototype.trim's white space, and outside that budget.
const regExp = Object.assign((pattern: string, flags: string) => (pattern === CLEAN_TEXT_PATTERN ? new RegExp(pattern, 'u') : re2RegExp(pattern, flags)), { code: re2RegExp.code });
// verbose: a pattern error carries its field's description, which the message repeats (problem.ts).
const ajv = new Ajv({ allErrors: true, verbose: true, strict: false, coerceTypes: false, useDefaults: false, code: { regExp } });
(addFormats as unknown as { default: (a: Ajv) => void }).default(ajv);

/**
 * The e-form of the (frozen) version: its stored form with the hints folded in, else the generated one. With
 * `kind`, the schema for that applicant (applicantFormSchema): what the server validates with and serves.
 */
export function formSchemaOf(version: VersionRecord, kind?: ApplicantKindName): Record<string, unknown> {
  // Built once per version record: ProcedureVersions keeps a frozen version's record for a minute, so every step
  // of a dossier reuses the same schema objects (and Ajv's compiled validator, found by identity below).
  let base = baseSchemas.get(version);
  if (!base) {
    base = version.form_schema ? resolveForm(version.form_schema, version.form_ui) : defaultFormSchema({ name: version.name, audience: version.audience });
    baseSchemas.set(version, base);
  }
  return kind ? schemaForApplicant(base, kind) : base;
}

// Treated as read-only by every caller (served, rendered, validated — never changed).
const baseSchemas = new WeakMap<VersionRecord, Record<string, unknown>>();
const applicantSchemas = new WeakMap<Record<string, unknown>, Map<ApplicantKindName, Record<string, unknown>>>();

/** applicantFormSchema, kept per base schema object and kind. */
function schemaForApplicant(base: Record<string, unknown>, kind: ApplicantKindName): Record<string, unknown> {
  let byKind = applicantSchemas.get(base);
  if (!byKind) applicantSchemas.set(base, (byKind = new Map()));
  let schema = byKind.get(kind);
  if (!schema) byKind.set(kind, (schema = applicantFormSchema(base, kind)));
  return schema;
}

/** The applicant kind of an actor or a dossier's applicant (staff never apply: they get the citizen's form). */
export function applicantKindOf(kind: string): ApplicantKindName {
  return kind === 'organisation' ? 'organisation' : 'citizen';
}

/** Field errors of Ajv's; a conditional requirement's own "if" entry is left out (its `required` one says it). */
const fieldErrors = (errors: NonNullable<ValidateFunction['errors']>) => fieldErrorsFromAjv(errors.filter((e) => e.keyword !== 'if') as Parameters<typeof fieldErrorsFromAjv>[0]);

/** Compiled validators of e-form schemas, kept per schema (at most `maxSize`, then started afresh). */
export class EFormValidator {
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(private readonly maxSize = 500) {}

  validator(schema: Record<string, unknown>): ValidateFunction {
    // The same schema object again (formSchemaOf's): no serialisation to find its validator.
    const known = this.byObject.get(schema);
    if (known) return known;
    const key = JSON.stringify(schema);
    let validate = this.validators.get(key);
    if (!validate) {
      if (this.validators.size > this.maxSize) this.validators.clear();
      validate = ajv.compile(schema);
      this.validators.set(key, validate);
    }
    this.byObject.set(schema, validate);
    return validate;
  }

  private readonly byObject = new WeakMap<Record<string, unknown>, ValidateFunction>();

  /**
   * Every problem of the (normalised) form data at once: Ajv with the schema for the applicant of `kind` built
   * from the version's `schema` (formSchemaOf without a kind) — nothing else.
   */
  errors(schema: Record<string, unknown>, kind: Actor['kind'], data: Record<string, unknown>): FieldError[] {
    const validate = this.validator(schemaForApplicant(schema, applicantKindOf(kind)));
    return withPatternBudget(() => validate(data)) ? [] : fieldErrors(validate.errors ?? []);
  }

  /** Every problem of staff's answers to the officer-only fields (officerFormSchema: none required). */
  officerErrors(schema: Record<string, unknown>, data: Record<string, unknown>): FieldError[] {
    const validate = this.validator(officerFormSchema(schema));
    return withPatternBudget(() => validate(data)) ? [] : fieldErrors(validate.errors ?? []);
  }
}

/** What reading versions needs of the catalog. */
export type VersionSource = Pick<CatalogService, 'versionRecord'>;

const VERSION_CACHE_MS = 60_000;
const VERSION_CACHE_SIZE = 2_000;

/**
 * Procedure versions with their documents. Versions other than drafts are frozen, so they are kept for a minute
 * (only the names of the agency and field joined in may change meanwhile): every step of a dossier needs one.
 */
export class ProcedureVersions {
  private readonly cache = new Map<string, { record: VersionRecord; until: number }>();

  /** `catalog`: where versions are read (the catalog's port, CatalogService.versionRecord). */
  constructor(private readonly catalog: VersionSource) {}

  async get(db: Executor, versionId: string): Promise<VersionRecord> {
    const cached = this.cache.get(versionId);
    if (cached && cached.until > Date.now()) return cached.record;
    const record = await this.catalog.versionRecord(db, versionId);
    if (!record) throw new Error(`procedure version missing: ${versionId}`);
    if (record.status !== 'draft') {
      if (this.cache.size >= VERSION_CACHE_SIZE) this.cache.clear();
      this.cache.set(versionId, { record, until: Date.now() + VERSION_CACHE_MS });
    }
    return record;
  }
}

/** Field errors of the e-form placed under `/form` (as submission and counter intake report them). */
export function underForm(errors: FieldError[]): FieldError[] {
  return errors.map((e) => ({ ...e, path: `/form${e.path === '/' ? '' : e.path}` }));
}
