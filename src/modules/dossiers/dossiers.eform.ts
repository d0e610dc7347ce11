// The procedure version of a dossier and its e-form, shared by online submission (DossiersService), counter
// intake (IntakeService) and the personal store (DocumentsService): frozen versions cached for a minute, the
// version's schema (its own e-form with the hints folded in, else the generated default form), compiled Ajv
// validators kept per schema, and every problem of the data at once.
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { Actor } from '../../core/actor.ts';
import type { FieldError } from '../../core/errors.ts';
import { re2RegExp, withPatternBudget } from '../../core/regex.ts';
import { fieldErrorsFromAjv } from '../../http/problem.ts';
import type { Executor } from '../../db/database.ts';
import type { CatalogService, VersionRecord } from '../catalog/catalog.service.ts';
import { resolveForm } from '../catalog/catalog.eform.ts';
import { applicantErrors, defaultFormSchema } from './dossiers.rules.ts';

// Catalog managers write the `pattern`s of e-forms: they run in RE2 (linear time), each validation within a
// budget of steps (src/core/regex.ts), never in JavaScript's backtracking RegExp.
const ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: false, useDefaults: false, code: { regExp: re2RegExp } });
(addFormats as unknown as { default: (a: Ajv) => void }).default(ajv);

/** The e-form of the (frozen) version: its stored form with the hints folded in, else the generated one. */
export function formSchemaOf(version: VersionRecord): Record<string, unknown> {
  if (version.form_schema) return resolveForm(version.form_schema, version.form_ui);
  return defaultFormSchema({ name: version.name, audience: version.audience });
}

/** Compiled validators of e-form schemas, kept per schema (at most `maxSize`, then started afresh). */
export class EFormValidator {
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(private readonly maxSize = 500) {}

  validator(schema: Record<string, unknown>): ValidateFunction {
    const key = JSON.stringify(schema);
    let validate = this.validators.get(key);
    if (!validate) {
      if (this.validators.size > this.maxSize) this.validators.clear();
      validate = ajv.compile(schema);
      this.validators.set(key, validate);
    }
    return validate;
  }

  /** Every problem of the form data at once (schema, then the applicant's identification). */
  errors(schema: Record<string, unknown>, kind: Actor['kind'], data: Record<string, unknown>): FieldError[] {
    const validate = this.validator(schema);
    const errors: FieldError[] = withPatternBudget(() => validate(data)) ? [] : fieldErrorsFromAjv(validate.errors ?? []);
    const seen = new Set(errors.map((e) => `${e.path}|${e.code}`));
    for (const e of applicantErrors(schema, kind, data)) if (!seen.has(`${e.path}|${e.code}`)) errors.push(e);
    return errors;
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
