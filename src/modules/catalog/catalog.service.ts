// Use cases of the procedure catalog: public search and pages, management (life cycle, templates),
// import and export. Authorisation is checked here, for every record.
import { PROCEDURE_KEY_PATTERN } from '../kernel/time-limit.ts';
import { Readable } from 'node:stream';
import { Ajv } from 'ajv';
import { isIsoDate, vietnamDate } from '../../core/time.ts';
import type { Actor } from '../../core/actor.ts';
import { rolesRoots } from '../../core/actor.ts';
import { DomainError, type FieldError } from '../../core/errors.ts';
import type { Db, Executor } from '../../db/database.ts';
import type { Agency, ProcedureVersion, VersionStatus } from '../../db/schema.ts';
import type { AgenciesService } from '../agencies/agencies.service.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { FileStorage, StagedFile } from '../files/files.service.ts';
import { inspectUpload } from '../files/files.inspect.ts';
import { checkCatalogFile, FeeRulesExchange as FeeRulesSchema, WorkflowExchange as WorkflowSchema, type CatalogExchange, type FeeRulesExchange, type ProcedureExchange, type WorkflowExchange } from './catalog.exchange.ts';
import type { VersionWorkflowPort } from './catalog.workflows.ts';
import type { VersionFeesPort } from './catalog.fees.ts';
import { canonicalJson } from '../../core/canonical-json.ts';
import {
  CatalogRepository,
  type AdminRow,
  type DocumentRow,
  type FieldRow,
  type NewDocument,
  type SearchRow,
  type VersionContent,
  type VersionRecord,
} from './catalog.repository.ts';

// The catalog's record types other modules read (through CatalogService, never the repository).
export type { DocumentRow, VersionRecord };
import {
  lifecycleViolation,
  normaliseQuery,
  planPublish,
  retireDate,
  sameContent,
  templateTypeVerdict,
  MAX_QUERY_LENGTH,
  PROCEDURE_CODE_PATTERN,
  procedureCodes,
} from './catalog.rules.ts';
import type { FormDefinitionResponse, ProcedureQuery } from './catalog.schemas.ts';
import { catalogToXlsx, cellPath, xlsxToCatalog, type ParsedWorkbook } from './catalog.excel.ts';
import './catalog.errors.ts';
import { isObject, resolveForm, sameForm, validateFormDefinition } from './catalog.eform.ts';
import { defaultFormSchema } from '../kernel/dossier.ts';
import { applicantFormSchema, applicantKindsOf } from '../kernel/eform-contract.ts';
import './catalog.eform.errors.ts';

const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: true, coerceTypes: false });
// What the workflow checks need to read a workflow (the rest is reported by the file's schema, and re-checked).
const validateWorkflowShape = ajv.compile({
  type: 'object',
  required: ['steps'],
  properties: { steps: { type: 'array', maxItems: (WorkflowSchema.properties.steps as { maxItems?: number }).maxItems ?? 50, items: { type: 'object', properties: { agencyCode: { type: 'string' }, departmentCode: { type: 'string' } } } } },
});
// What the fee checks need: a definition of the file's shape (the rest is reported by the file's schema).
const validateFeeRulesShape = ajv.compile(FeeRulesSchema as object);
const validateTimeLimitShape = ajv.compile({ type: 'object', required: ['value', 'unit'], properties: { value: { type: 'number' }, unit: { type: 'string' }, sameDay: { type: 'boolean' } } });

export interface SearchResult {
  rows: SearchRow[];
  total: number;
  page: number;
  pageSize: number;
}

export interface ImportOptions {
  /** Leave new versions as drafts instead of publishing them. */
  draft?: boolean;
  /** Where the import came from (recorded in the audit log). */
  source: 'cli' | 'web' | 'seed';
  /** CLI and seed run as the system (no actor, no scope check). */
  system?: boolean;
  now?: Date;
  /** Errors already found reading the file (an Excel workbook's cells): reported with the others, nothing written. */
  readErrors?: FieldError[];
}

export interface ImportResult {
  fieldsCreated: number;
  fieldsUpdated: number;
  created: number;
  newVersions: number;
  skipped: number;
  published: number;
  drafts: number;
  codes: string[];
}

/** The e-form of a version: the API's response (catalog.schemas.ts). Only drafts are editable; custom is false
 * while the version uses the form generated from it. */
export type FormDefinition = FormDefinitionResponse;

export interface AdminProcedure {
  code: string;
  versions: ProcedureVersion[];
  latest: VersionRecord;
  draft: VersionRecord | null;
  published: VersionRecord | null;
}

/** Whatever fields and procedures of an invalid import have the strings the semantic checks read. */
function readableParts(input: unknown): CatalogExchange {
  const list = (value: unknown) => (Array.isArray(value) ? value : []);
  const str = (value: unknown) => (typeof value === 'string' ? value : '');
  return {
    format: 'opendvc-catalog',
    version: 1,
    fields: list(prop(input, 'fields')).map((f) => ({ code: str(prop(f, 'code')), name: '' })),
    procedures: list(prop(input, 'procedures')).map((p) => {
      const effectiveFrom = prop(p, 'effectiveFrom');
      return { code: str(prop(p, 'code')), agencyCode: str(prop(p, 'agencyCode')), fieldCode: str(prop(p, 'fieldCode')), effectiveFrom: typeof effectiveFrom === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(effectiveFrom) ? effectiveFrom : undefined } as unknown as ProcedureExchange;
    }),
  };
}

/** A property of a value of unknown shape (an import file's JSON): undefined unless it is an object that has it. */
function prop(value: unknown, name: string): unknown {
  return value !== null && typeof value === 'object' && Object.hasOwn(value, name) ? Reflect.get(value, name) : undefined;
}

function validationFailed(fieldErrors: FieldError[]): DomainError {
  return new DomainError('VALIDATION_FAILED', undefined, fieldErrors);
}

/** A stored version in the interchange format. */
export function recordToExchange(r: VersionRecord): ProcedureExchange {
  const timeLimit: ProcedureExchange['timeLimit'] = { value: Number(r.time_limit_value), unit: r.time_limit_unit };
  if (r.same_day) timeLimit.sameDay = true;
  if (r.no_time_limit) timeLimit.none = true;
  if (r.time_limit_note) timeLimit.note = r.time_limit_note;
  const result: ProcedureExchange = {
    code: r.code,
    ...(r.local_code ? { localCode: r.local_code } : {}),
    name: r.name,
    agencyCode: r.agency_code,
    fieldCode: r.field_code,
    authorityLevel: r.authority_level,
    audience: [...r.audience],
    onlineLevel: r.online_level,
    onlineClass: r.online_class,
    fullOnlineEligible: r.full_online_eligible,
    steps: r.steps as unknown as string[],
    documents: r.documents.map((d) => ({
      name: d.name,
      copies: d.copies,
      originalKind: d.original_kind,
      ...(d.template_name ? { templateName: d.template_name } : {}),
      ...(d.shared_source ? { sharedSource: d.shared_source } : {}),
      ...(d.condition ? { condition: d.condition } : {}),
    })),
    timeLimit,
    fees: (r.fees as unknown as Array<{ description: string; amountVnd: number }>).map((f) => ({ description: f.description, amountVnd: Number(f.amountVnd) })),
    legalBasis: r.legal_basis as unknown as string[],
    resultType: r.result_type,
    submissionPlaces: r.submission_places,
  };
  if (r.effective_from) result.effectiveFrom = r.effective_from;
  if (r.form_schema) result.form = { schema: r.form_schema, ui: r.form_ui ?? {} };
  // The structured fee rules (payments), as stored (checked when they were saved or imported).
  if (r.fee_rules) result.feeRules = r.fee_rules as unknown as FeeRulesExchange;
  return result;
}

/** The stored e-form of a version (null: the generated default). */
export function storedForm(r: ProcedureVersion): { schema: Record<string, unknown>; ui: Record<string, unknown> } | null {
  return r.form_schema ? { schema: r.form_schema, ui: r.form_ui ?? {} } : null;
}

/** Field errors of an e-form in an exchange record (paths under `${prefix}/form`). */
function formErrorsOf(p: ProcedureExchange, prefix = ''): FieldError[] {
  if (!p.form) return [];
  return validateFormDefinition(p.form.schema, p.form.ui).map((e) => ({ ...e, path: `${prefix}/form${e.path}` }));
}

/**
 * The version columns of a procedure's content (also of the national portal's, catalog.sync.ts, which has no
 * `fullOnlineEligible`: the caller says it).
 */
export function toContent(p: Omit<ProcedureExchange, 'fullOnlineEligible' | 'form' | 'effectiveFrom'>, agencyId: string, fieldId: string, fullOnlineEligible: boolean): VersionContent {
  return {
    name: p.name.trim(),
    agency_id: agencyId,
    field_id: fieldId,
    authority_level: p.authorityLevel,
    audience: [...p.audience],
    online_level: p.onlineLevel,
    online_class: p.onlineClass,
    full_online_eligible: fullOnlineEligible,
    steps: p.steps,
    // No statutory time limit: the value and unit mean nothing (kept at 0 working days).
    time_limit_value: p.timeLimit.none ? 0 : p.timeLimit.value,
    time_limit_unit: p.timeLimit.none ? 'working_days' : p.timeLimit.unit,
    same_day: p.timeLimit.none ? false : (p.timeLimit.sameDay ?? false),
    no_time_limit: p.timeLimit.none ?? false,
    time_limit_note: p.timeLimit.note ?? null,
    fees: p.fees,
    legal_basis: p.legalBasis,
    result_type: p.resultType,
    submission_places: p.submissionPlaces,
  };
}

/** New documents; an uploaded template file is kept when a document names the same template as before. */
function documentsFor(p: ProcedureExchange, previous: DocumentRow[]): NewDocument[] {
  return p.documents.map((d) => {
    const templateName = d.templateName?.trim() || null;
    const carried = templateName ? previous.find((old) => old.template_name === templateName && old.template_file_id) : undefined;
    return {
      name: d.name.trim(),
      copies: d.copies ?? 1,
      original_kind: d.originalKind,
      template_name: templateName,
      template_file_id: carried?.template_file_id ?? null,
      shared_source: d.sharedSource ?? null,
      condition: d.condition?.trim() || null,
    };
  });
}

export function versionContentFromRecord(r: ProcedureVersion): VersionContent {
  return {
    name: r.name,
    agency_id: r.agency_id,
    field_id: r.field_id,
    authority_level: r.authority_level,
    audience: r.audience,
    online_level: r.online_level,
    online_class: r.online_class,
    full_online_eligible: r.full_online_eligible,
    steps: r.steps as unknown as string[],
    time_limit_value: Number(r.time_limit_value),
    time_limit_unit: r.time_limit_unit,
    same_day: r.same_day,
    no_time_limit: r.no_time_limit,
    time_limit_note: r.time_limit_note,
    fees: r.fees as unknown as VersionContent['fees'],
    legal_basis: r.legal_basis as unknown as string[],
    result_type: r.result_type,
    submission_places: r.submission_places,
  };
}

export class CatalogService {
  constructor(
    private readonly db: Db,
    private readonly agencies: AgenciesService,
    private readonly audit: AuditService,
    private readonly files: FileStorage,
    private readonly options: { maxTemplateBytes: number },
    private readonly repo = new CatalogRepository(),
  ) {}

  /** The handling module's workflows (catalog.workflows.ts), wired by the container once both exist. */
  private workflows: VersionWorkflowPort | null = null;

  setWorkflows(port: VersionWorkflowPort): void {
    this.workflows = port;
  }

  /** The payments module's fee definitions (catalog.fees.ts), wired by the container once both exist. */
  private fees: VersionFeesPort | null = null;

  setFees(port: VersionFeesPort): void {
    this.fees = port;
  }

  /**
   * The e-form schema a version given by a file or the API will have: the given form, the generated one (`null`,
   * or a new procedure without one), else the latest version's (a new version keeps its e-form).
   */
  private async effectiveFormSchema(db: Executor, p: { code: unknown; name: unknown; audience: unknown; form?: unknown }): Promise<Record<string, unknown>> {
    const given = prop(p.form, 'schema');
    if (isObject(given)) return given;
    const generated = () => defaultFormSchema({ name: typeof p.name === 'string' ? p.name : '', audience: Array.isArray(p.audience) ? p.audience.filter((a): a is 'citizen' | 'organisation' => a === 'citizen' || a === 'organisation') : [] });
    if (p.form === null || typeof p.code !== 'string' || !PROCEDURE_KEY_PATTERN.test(p.code)) return generated();
    const procedure = await this.repo.findProcedure(db, p.code);
    const latest = procedure ? (await this.repo.versions(db, procedure.id))[0] : undefined;
    return latest?.form_schema ?? generated();
  }

  /**
   * The fee rules given with a procedure, checked against its e-form by the payments module: the errors (paths under
   * `${prefix}/feeRules`) and the definition to store (null: none; undefined: not given, unchanged).
   */
  private async feeRulesOf(db: Executor, p: { code: unknown; name: unknown; audience: unknown; form?: unknown; feeRules?: unknown }, prefix = ''): Promise<{ value: object | null | undefined; errors: FieldError[] }> {
    if (p.feeRules === undefined || p.feeRules === null) return { value: p.feeRules as null | undefined, errors: [] };
    if (!validateFeeRulesShape(p.feeRules)) return { value: undefined, errors: [] }; // the file's schema reports it
    if (!this.fees) return { value: undefined, errors: [{ path: `${prefix}/feeRules`, code: 'FEES_UNAVAILABLE' }] };
    const { value, errors } = this.fees.check(p.feeRules as FeeRulesExchange, await this.effectiveFormSchema(db, p));
    return { value, errors: errors.map((e) => ({ ...e, path: `${prefix}/feeRules${e.path}` })) };
  }

  /** Whether a version's fee rules are the ones a file gives (absent from the file: nothing to compare). */
  private static sameFees(current: ProcedureExchange, p: ProcedureExchange): boolean {
    return p.feeRules === undefined || canonicalJson(current.feeRules ?? null) === canonicalJson(p.feeRules);
  }

  /** Field errors of a workflow given with a procedure (paths under `${prefix}/workflow`). */
  private async workflowErrors(db: Executor, p: Pick<ProcedureExchange, 'agencyCode' | 'timeLimit' | 'workflow'> & { code?: unknown; name?: unknown; audience?: unknown; form?: unknown }, prefix = ''): Promise<FieldError[]> {
    if (!p.workflow) return [];
    if (!this.workflows) return [{ path: `${prefix}/workflow`, code: 'WORKFLOWS_UNAVAILABLE' }];
    // Agency rules (liên thông decided by the dossier) name fields of the version's e-form: the file's, else the latest version's.
    const formSchema = p.workflow.steps.some((s) => s.agencyRule && s.agencyRule.kind !== 'fixed') ? await this.effectiveFormSchema(db, { code: p.code, name: p.name, audience: p.audience, form: p.form }) : undefined;
    return (await this.workflows.check(db, p.workflow, { agencyCode: p.agencyCode, timeLimit: p.timeLimit, formSchema })).map((e) => ({ ...e, path: `${prefix}/workflow${e.path}` }));
  }

  /**
   * A procedure version with its documents, agency and field, in the caller's transaction: the port other
   * modules read versions through (dossiers.eform.ts ProcedureVersions, the acknowledgement).
   */
  versionRecord(db: Executor, versionId: string): Promise<VersionRecord | undefined> {
    return this.repo.versionRecord(db, versionId);
  }

  // --- public ---------------------------------------------------------------------------------

  /** Published procedures matching the query and filters (unknown agency/field codes are field errors). */
  async search(query: ProcedureQuery): Promise<SearchResult> {
    const errors: FieldError[] = [];
    if (query.q && query.q.length > MAX_QUERY_LENGTH) errors.push({ path: '/q', code: 'QUERY_TOO_LONG' });
    let agencyIds: string[] | undefined;
    if (query.agency) {
      const agency = await this.agencies.byCode(query.agency.toUpperCase());
      if (!agency) errors.push({ path: '/agency', code: 'UNKNOWN_AGENCY' });
      else agencyIds = await this.repo.subtreeIds(this.db, agency.id);
    }
    let fieldId: string | undefined;
    if (query.field) {
      const field = await this.repo.fieldByCode(this.db, query.field);
      if (!field) errors.push({ path: '/field', code: 'UNKNOWN_FIELD' });
      else fieldId = field.id;
    }
    if (errors.length) throw validationFailed(errors);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const { rows, total } = await this.repo.search(
      this.db,
      {
        query: normaliseQuery(query.q),
        agencyIds,
        fieldId,
        authorityLevel: query.level,
        audience: query.audience,
        onlineLevel: query.onlineLevel,
        onlineClass: query.onlineClass,
      },
      { limit: pageSize, offset: (page - 1) * pageSize },
    );
    return { rows, total, page, pageSize };
  }

  /** The current (published) version of a procedure; NOT_FOUND otherwise. */
  async published(code: string): Promise<VersionRecord> {
    if (!PROCEDURE_KEY_PATTERN.test(code)) throw new DomainError('NOT_FOUND');
    const record = await this.repo.publishedRecord(this.db, code);
    if (!record) throw new DomainError('NOT_FOUND');
    return record;
  }

  /**
   * The version a procedure review reads (src/modules/review): the published one, else the latest non-draft (a
   * `retired` status: the procedure is no longer offered), else the draft. Undefined: no such procedure.
   */
  async currentOrLatest(code: string): Promise<VersionRecord | undefined> {
    if (!PROCEDURE_KEY_PATTERN.test(code)) return undefined;
    const procedure = await this.repo.findProcedure(this.db, code);
    if (!procedure) return undefined;
    const versions = await this.repo.versions(this.db, procedure.id);
    const pick = versions.find((v) => v.status === 'published') ?? versions.find((v) => v.status !== 'draft') ?? versions[0];
    return pick ? this.repo.versionRecord(this.db, pick.id) : undefined;
  }

  async home(): Promise<{ fields: Array<FieldRow & { count: number }>; stats: { procedures: number; online: number; fullOnline: number; fields: number } }> {
    const [fields, stats] = await Promise.all([this.repo.fieldsWithCounts(this.db), this.repo.stats(this.db)]);
    return { fields: fields.filter((f) => f.count > 0), stats };
  }

  listFields(): Promise<FieldRow[]> {
    return this.repo.listFields(this.db);
  }

  listAgencies(): Promise<Agency[]> {
    return this.agencies.list();
  }

  /** A template file for download: only files that are the template of a procedure document are public. */
  async openTemplate(fileId: string) {
    const meta = await this.files.metadata(fileId);
    if (!meta || !(await this.repo.isTemplateFile(this.db, meta.id))) throw new DomainError('NOT_FOUND');
    const opened = await this.files.open(meta.id);
    if (!opened) throw new DomainError('NOT_FOUND');
    return opened;
  }

  // --- authorisation ---------------------------------------------------------------------------

  /** Catalog managers only; a record outside the actor's agency subtrees looks like it does not exist. */
  private async authorizeRecord(actor: Actor | null, agencyId: string, tx: Executor): Promise<Actor> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (!rolesRoots(actor, ['catalog_manager']).length) throw new DomainError('FORBIDDEN');
    try {
      return await this.agencies.authorize(actor, ['catalog_manager'], agencyId, tx);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'FORBIDDEN') throw new DomainError('NOT_FOUND');
      throw error;
    }
  }

  private requireManager(actor: Actor | null): Actor {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (!rolesRoots(actor, ['catalog_manager']).length) throw new DomainError('FORBIDDEN');
    return actor;
  }

  /** Agencies whose catalog the actor manages. */
  async managedAgencies(actor: Actor | null): Promise<Agency[]> {
    this.requireManager(actor);
    const ids = new Set(await this.agencies.scopeOf(actor, ['catalog_manager']));
    return (await this.agencies.list()).filter((a) => ids.has(a.id));
  }

  /** Agency and field of an exchange record, with field errors for unknown or out-of-scope ones. */
  private async resolveRefs(tx: Executor, actor: Actor | null, p: ProcedureExchange, errors: FieldError[], prefix = ''): Promise<{ agencyId: string; fieldId: string; fieldName: string } | null> {
    const agency = await this.agencies.byCode(p.agencyCode, tx);
    const field = await this.repo.fieldByCode(tx, p.fieldCode);
    if (!agency) errors.push({ path: `${prefix}/agencyCode`, code: 'UNKNOWN_AGENCY' });
    else if (actor) {
      try {
        await this.agencies.authorize(actor, ['catalog_manager'], agency.id, tx);
      } catch {
        errors.push({ path: `${prefix}/agencyCode`, code: 'AGENCY_OUT_OF_SCOPE' });
      }
    }
    if (!field) errors.push({ path: `${prefix}/fieldCode`, code: 'UNKNOWN_FIELD' });
    if (!agency || !field) return null;
    return { agencyId: agency.id, fieldId: field.id, fieldName: field.name };
  }

  private async loadVersions(tx: Executor, code: string): Promise<{ procedureId: string; versions: ProcedureVersion[] }> {
    if (!PROCEDURE_KEY_PATTERN.test(code)) throw new DomainError('NOT_FOUND');
    const procedure = await this.repo.lockProcedure(tx, code);
    if (!procedure) throw new DomainError('NOT_FOUND');
    const versions = await this.repo.versions(tx, procedure.id);
    if (!versions.length) throw new DomainError('NOT_FOUND');
    return { procedureId: procedure.id, versions };
  }

  private violation(action: Parameters<typeof lifecycleViolation>[0], status: VersionStatus | null, hasDraft = false): void {
    const code = lifecycleViolation(action, { status, hasDraft });
    if (code) throw new DomainError(code);
  }

  // --- management ------------------------------------------------------------------------------

  async adminList(actor: Actor | null, options: { status?: VersionStatus | undefined; q?: string | undefined; page?: number; pageSize?: number }): Promise<{ rows: AdminRow[]; total: number; page: number; pageSize: number }> {
    this.requireManager(actor);
    const agencyIds = await this.agencies.scopeOf(actor, ['catalog_manager']);
    const page = options.page ?? 1;
    const pageSize = options.pageSize ?? 50;
    const { rows, total } = await this.repo.adminList(
      this.db,
      { agencyIds, status: options.status, query: normaliseQuery((options.q ?? '').slice(0, MAX_QUERY_LENGTH)) },
      { limit: pageSize, offset: (page - 1) * pageSize },
    );
    return { rows, total, page, pageSize };
  }

  async adminProcedure(actor: Actor | null, code: string): Promise<AdminProcedure> {
    return this.db.transaction().execute(async (tx) => {
      const { versions } = await this.loadVersions(tx, code);
      await this.authorizeRecord(actor, versions[0]!.agency_id, tx);
      const draftRow = versions.find((v) => v.status === 'draft');
      const publishedRow = versions.find((v) => v.status === 'published');
      const latest = (await this.repo.versionRecord(tx, versions[0]!.id))!;
      return {
        code,
        versions,
        latest,
        draft: draftRow ? ((await this.repo.versionRecord(tx, draftRow.id)) ?? null) : null,
        published: publishedRow ? ((await this.repo.versionRecord(tx, publishedRow.id)) ?? null) : null,
      };
    });
  }

  /**
   * The record's codes (catalog.rules.ts procedureCodes) and a local code held by another procedure of the agency
   * (case-insensitive): the local code to keep and the field errors (paths under `prefix`).
   */
  private async codeErrors(db: Executor, p: ProcedureExchange, agencyId: string | undefined, prefix = ''): Promise<{ localCode: string | null; errors: FieldError[] }> {
    const { localCode, errors } = procedureCodes(p);
    if (localCode && agencyId) {
      const owner = await this.repo.localCodeOwner(db, agencyId, localCode);
      if (owner && owner !== p.code) errors.push({ path: '/localCode', code: 'LOCAL_CODE_TAKEN' });
    }
    return { localCode, errors: errors.map((e) => ({ ...e, path: `${prefix}${e.path}` })) };
  }

  /** Creates a procedure and its first version (a draft). */
  async create(actor: Actor | null, input: ProcedureExchange): Promise<VersionRecord> {
    this.requireManager(actor);
    return this.db.transaction().execute(async (tx) => {
      const errors: FieldError[] = [];
      if (await this.repo.findProcedure(tx, input.code)) errors.push({ path: '/code', code: 'PROCEDURE_CODE_TAKEN' });
      const refs = await this.resolveRefs(tx, actor, input, errors);
      const codes = await this.codeErrors(tx, input, refs?.agencyId);
      const fees = await this.feeRulesOf(tx, input);
      errors.push(...codes.errors, ...formErrorsOf(input), ...(await this.workflowErrors(tx, input)), ...fees.errors);
      if (errors.length || !refs) throw validationFailed(errors);
      const procedure = await this.repo.insertProcedure(tx, input.code);
      if (codes.localCode) await this.repo.setLocalCode(tx, procedure.id, refs.agencyId, codes.localCode);
      const versionId = await this.repo.insertVersion(tx, {
        procedureId: procedure.id,
        code: input.code,
        version: 1,
        content: toContent(input, refs.agencyId, refs.fieldId, input.fullOnlineEligible),
        fieldName: refs.fieldName,
        createdBy: actor!.id,
        documents: documentsFor(input, []),
      });
      if (input.form) await this.repo.setForm(tx, versionId, input.form);
      if (input.workflow) await this.workflows?.write(tx, versionId, input.workflow, actor!.id);
      if (fees.value) await this.repo.setFeeRules(tx, versionId, fees.value);
      await this.audit.record(tx, actor, { action: 'catalog.create', targetType: 'procedure', targetId: input.code, agencyId: refs.agencyId, summary: { code: input.code, version: 1, name: input.name } });
      return (await this.repo.versionRecord(tx, versionId))!;
    });
  }

  /** Replaces the content of the procedure's draft. */
  async updateDraft(actor: Actor | null, code: string, input: ProcedureExchange): Promise<VersionRecord> {
    return this.db.transaction().execute(async (tx) => {
      const { procedureId, versions } = await this.loadVersions(tx, code);
      const draft = versions.find((v) => v.status === 'draft') ?? versions[0]!;
      await this.authorizeRecord(actor, draft.agency_id, tx);
      this.violation('edit', draft.status);
      const errors: FieldError[] = [];
      if (input.code !== code) errors.push({ path: '/code', code: 'PROCEDURE_CODE_MISMATCH' });
      const refs = await this.resolveRefs(tx, actor, input, errors);
      const codes = await this.codeErrors(tx, input, refs?.agencyId);
      const fees = await this.feeRulesOf(tx, input);
      errors.push(...codes.errors, ...formErrorsOf(input), ...(await this.workflowErrors(tx, input)), ...fees.errors);
      if (errors.length || !refs) throw validationFailed(errors);
      await this.repo.setLocalCode(tx, procedureId, refs.agencyId, codes.localCode);
      const previous = (await this.repo.versionRecord(tx, draft.id))!;
      await this.repo.updateContent(tx, {
        versionId: draft.id,
        code,
        content: toContent(input, refs.agencyId, refs.fieldId, input.fullOnlineEligible),
        fieldName: refs.fieldName,
        documents: documentsFor(input, previous.documents),
      });
      if (input.form !== undefined) await this.repo.setForm(tx, draft.id, input.form);
      if (input.workflow !== undefined) await this.workflows?.write(tx, draft.id, input.workflow, actor!.id);
      if (fees.value !== undefined) await this.repo.setFeeRules(tx, draft.id, fees.value);
      await this.audit.record(tx, actor, { action: 'catalog.update_draft', targetType: 'procedure', targetId: code, agencyId: refs.agencyId, summary: { code, version: draft.version, name: input.name } });
      return (await this.repo.versionRecord(tx, draft.id))!;
    });
  }

  /** A new draft, copied from the latest version. */
  async newVersion(actor: Actor | null, code: string): Promise<VersionRecord> {
    return this.db.transaction().execute(async (tx) => {
      const { procedureId, versions } = await this.loadVersions(tx, code);
      const latest = versions[0]!;
      await this.authorizeRecord(actor, latest.agency_id, tx);
      this.violation('newVersion', latest.status, versions.some((v) => v.status === 'draft'));
      const source = (await this.repo.versionRecord(tx, latest.id))!;
      const versionId = await this.repo.insertVersion(tx, {
        procedureId,
        code,
        version: latest.version + 1,
        content: versionContentFromRecord(latest),
        fieldName: source.field_name,
        createdBy: actor!.id,
        documents: source.documents.map(({ id: _id, position: _p, ...d }) => d),
      });
      if (latest.form_schema) await this.repo.setForm(tx, versionId, storedForm(latest));
      await this.repo.copyFeeRules(tx, latest.id, versionId);
      // The new version starts from the previous one's workflow (not the agency's default).
      await this.workflows?.copy(tx, latest.id, versionId, actor!.id);
      await this.audit.record(tx, actor, { action: 'catalog.new_version', targetType: 'procedure', targetId: code, agencyId: latest.agency_id, summary: { code, version: latest.version + 1, copiedFrom: latest.version } });
      return (await this.repo.versionRecord(tx, versionId))!;
    });
  }

  /** Publishes the draft; the previously published version is retired the day before. */
  async publish(actor: Actor | null, code: string, input: { effectiveFrom?: string | undefined | null }, now = new Date()): Promise<VersionRecord> {
    return this.db.transaction().execute(async (tx) => {
      const { versions } = await this.loadVersions(tx, code);
      const draft = versions.find((v) => v.status === 'draft') ?? versions[0]!;
      await this.authorizeRecord(actor, draft.agency_id, tx);
      this.violation('publish', draft.status);
      const result = await this.publishDraft(tx, versions, draft, input.effectiveFrom, now);
      await this.audit.record(tx, actor, {
        action: 'catalog.publish',
        targetType: 'procedure',
        targetId: code,
        agencyId: draft.agency_id,
        summary: { code, version: draft.version, effectiveFrom: result.effectiveFrom, retiredVersion: result.retiredVersion },
      });
      return (await this.repo.versionRecord(tx, draft.id))!;
    });
  }

  private async publishDraft(tx: Executor, versions: ProcedureVersion[], draft: ProcedureVersion, effectiveFrom: string | null | undefined, now: Date, pathPrefix = '') {
    const current = versions.find((v) => v.status === 'published') ?? null;
    const plan = planPublish({ effectiveFrom, today: vietnamDate(now), previous: current ? { effectiveFrom: current.effective_from } : null });
    if ('error' in plan) throw validationFailed([{ path: `${pathPrefix}/effectiveFrom`, code: plan.error }]);
    if (current) await this.repo.setStatus(tx, current.id, { status: 'retired', effective_to: plan.previousEffectiveTo });
    await this.repo.setStatus(tx, draft.id, { status: 'published', effective_from: plan.effectiveFrom, effective_to: null, published_at: now });
    return { effectiveFrom: plan.effectiveFrom, retiredVersion: current?.version ?? null };
  }

  /** Retires the published version (the procedure is no longer offered). */
  async retire(actor: Actor | null, code: string, now = new Date()): Promise<VersionRecord> {
    return this.db.transaction().execute(async (tx) => {
      const { versions } = await this.loadVersions(tx, code);
      const target = versions.find((v) => v.status === 'published') ?? versions[0]!;
      await this.authorizeRecord(actor, target.agency_id, tx);
      this.violation('retire', target.status);
      const effectiveTo = retireDate(vietnamDate(now), target.effective_from);
      await this.repo.setStatus(tx, target.id, { status: 'retired', effective_to: effectiveTo });
      await this.audit.record(tx, actor, { action: 'catalog.retire', targetType: 'procedure', targetId: code, agencyId: target.agency_id, summary: { code, version: target.version, effectiveTo } });
      return (await this.repo.versionRecord(tx, target.id))!;
    });
  }

  /**
   * Attaches an uploaded template to a document of the draft. The content must be the type its name claims
   * (PDF, DOC, DOCX, XLS, XLSX, ODT). The staged file is always stored or discarded.
   */
  async uploadTemplate(actor: Actor | null, code: string, position: number, staged: StagedFile | null | undefined) {
    let committed = false;
    try {
      return await this.db.transaction().execute(async (tx) => {
        const { versions } = await this.loadVersions(tx, code);
        const draft = versions.find((v) => v.status === 'draft') ?? versions[0]!;
        await this.authorizeRecord(actor, draft.agency_id, tx);
        this.violation('edit', draft.status);
        const record = (await this.repo.versionRecord(tx, draft.id))!;
        const document = record.documents.find((d) => d.position === position);
        if (!document) throw new DomainError('NOT_FOUND');
        if (!staged || (staged.sizeBytes === 0 && !staged.originalName)) throw validationFailed([{ path: '/file', code: 'CATALOG_FILE_REQUIRED' }]);
        if (staged.truncated) throw new DomainError('TEMPLATE_TOO_LARGE', { maxMb: Math.round((this.options.maxTemplateBytes / 1048576) * 10) / 10 });
        if (staged.sizeBytes === 0) throw validationFailed([{ path: '/file', code: 'CATALOG_FILE_REQUIRED' }]);
        // Inspected in isolation (files.inspect.ts): broken or hostile content is refused there.
        const detected = await inspectUpload(this.files.inspector, staged.tempPath, 'template', staged.originalName);
        const verdict = templateTypeVerdict(staged.originalName, detected);
        if ('error' in verdict) throw new DomainError(verdict.error, { name: staged.originalName });
        const file = await this.files.commit(tx, staged, { mediaType: verdict.mediaType, createdBy: actor!.id });
        committed = true;
        await this.repo.setDocumentTemplate(tx, document.id, file.id, file.original_name);
        await this.audit.record(tx, actor, {
          action: 'catalog.upload_template',
          targetType: 'procedure',
          targetId: code,
          agencyId: draft.agency_id,
          summary: { code, version: draft.version, position, fileId: file.id, name: file.original_name, sha256: file.sha256, sizeBytes: staged.sizeBytes },
        });
        return { fileId: file.id, name: file.original_name, mediaType: file.media_type, sizeBytes: staged.sizeBytes };
      });
    } finally {
      if (staged && !committed) await this.files.discard(staged);
    }
  }

  // --- e-form ----------------------------------------------------------------------------------

  /** A version of a procedure the actor manages (404 otherwise). */
  private async managedVersion(tx: Executor, actor: Actor | null, code: string, version: number): Promise<ProcedureVersion> {
    const { versions } = await this.loadVersions(tx, code);
    const row = versions.find((v) => v.version === version);
    await this.authorizeRecord(actor, (row ?? versions[0]!).agency_id, tx);
    if (!row) throw new DomainError('NOT_FOUND');
    return row;
  }

  private formView(code: string, row: ProcedureVersion): FormDefinition {
    const stored = storedForm(row);
    // What dossiers validate with (dossiers.eform.ts formSchemaOf): the resolved form, per applicant kind.
    const resolved = stored ? resolveForm(stored.schema, stored.ui) : defaultFormSchema({ name: row.name, audience: row.audience });
    return {
      applicantSchemas: Object.fromEntries(applicantKindsOf(row.audience).map((kind) => [kind, applicantFormSchema(resolved, kind)])),
      code,
      version: row.version,
      status: row.status,
      name: row.name,
      editable: row.status === 'draft',
      custom: stored !== null,
      schema: stored?.schema ?? defaultFormSchema({ name: row.name, audience: row.audience }),
      ui: stored?.ui ?? {},
    };
  }

  /** The e-form of a version: the stored one or the generated default (`custom: false`). */
  async formDefinition(actor: Actor | null, code: string, version: number): Promise<FormDefinition> {
    return this.db.transaction().execute(async (tx) => this.formView(code, await this.managedVersion(tx, actor, code, version)));
  }

  /**
   * Stores the e-form of a draft version (null: back to the generated default). Published and retired
   * versions are frozen (409); a definition the renderer cannot draw is refused with every problem (422).
   */
  async saveFormDefinition(actor: Actor | null, code: string, version: number, input: { schema: unknown; ui?: unknown } | null): Promise<FormDefinition> {
    return this.db.transaction().execute(async (tx) => {
      const row = await this.managedVersion(tx, actor, code, version);
      if (row.status !== 'draft') throw new DomainError('EFORM_VERSION_FROZEN');
      if (input) {
        const errors = validateFormDefinition(input.schema, input.ui ?? {});
        if (errors.length) throw validationFailed(errors);
      }
      // validateFormDefinition above has checked that the schema is a JSON object (and the hints, when given).
      const form = input && isObject(input.schema) ? { schema: input.schema, ui: isObject(input.ui) ? input.ui : {} } : null;
      await this.repo.setForm(tx, row.id, form);
      await this.audit.record(tx, actor, {
        action: 'catalog.save_form',
        targetType: 'procedure',
        targetId: code,
        agencyId: row.agency_id,
        summary: { code, version, custom: form !== null, fields: form ? Object.keys((form.schema.properties ?? {}) as object) : [] },
      });
      const saved = (await this.repo.versions(tx, row.procedure_id)).find((v) => v.id === row.id)!;
      return this.formView(code, saved);
    });
  }

  // --- import / export -------------------------------------------------------------------------

  exportCatalog(): Promise<CatalogExchange> {
    return this.db.transaction().execute(async (tx) => {
      const fields = await tx.selectFrom('fields').selectAll().orderBy('code').execute();
      const records = await this.repo.allPublishedRecords(tx);
      return {
        format: 'opendvc-catalog' as const,
        version: 1 as const,
        fields: fields.map((f) => ({ code: f.code, name: f.name, ...(f.name_en ? { nameEn: f.name_en } : {}) })),
        procedures: await Promise.all(
          records.map(async (r) => {
            const exchanged = recordToExchange(r);
            const workflow = this.workflows ? await this.workflows.read(tx, r.id) : null;
            return workflow ? { ...exchanged, workflow } : exchanged;
          }),
        ),
      };
    });
  }

  async exportXlsx(): Promise<Buffer> {
    return catalogToXlsx(await this.exportCatalog());
  }

  /** Imports a JSON (opendvc-catalog) or Excel (.xlsx) file; Excel errors name the sheet, row and column. */
  async importFile(actor: Actor | null, bytes: Buffer, options: ImportOptions): Promise<ImportResult> {
    if (!options.system) this.requireManager(actor);
    const isZip = bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
    if (!isZip) {
      let data: unknown;
      try {
        data = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
      } catch {
        throw new DomainError('IMPORT_UNREADABLE');
      }
      return this.importCatalog(actor, data, options);
    }
    // The ZIP structure is inspected in isolation (files.inspect.ts) before exceljs opens the workbook.
    const staged = await this.files.stage(Readable.from([bytes]), 'danh-muc.xlsx');
    try {
      const detected = await inspectUpload(this.files.inspector, staged.tempPath, 'import', 'danh-muc.xlsx');
      if (detected !== 'xlsx') throw new DomainError('IMPORT_UNREADABLE');
    } finally {
      await this.files.discard(staged);
    }
    let parsed: ParsedWorkbook;
    try {
      parsed = await xlsxToCatalog(bytes);
    } catch {
      throw new DomainError('IMPORT_UNREADABLE');
    }
    // Errors of the cells are reported with those of the content: every error of the file at once.
    try {
      return await this.importCatalog(actor, parsed.data, { ...options, readErrors: parsed.errors });
    } catch (error) {
      if (error instanceof DomainError && error.code === 'IMPORT_INVALID') {
        const located = error.fieldErrors.map((e) => {
          const at = parsed.locate(e.path);
          return at ? { ...e, path: cellPath(at) } : e;
        });
        throw new DomainError('IMPORT_INVALID', error.params, located);
      }
      throw error;
    }
  }

  /** Whether a version's own workflow is the one a file gives (absent from the file: nothing to compare). */
  private async sameWorkflow(db: Executor, versionId: string, p: ProcedureExchange): Promise<boolean> {
    if (p.workflow === undefined || !this.workflows) return true;
    return canonicalJson(await this.workflows.read(db, versionId)) === canonicalJson(p.workflow);
  }

  /** Checks the structure of an import (JSON Schema) and returns the typed catalog or field errors. */
  validateExchange(input: unknown): { data: CatalogExchange } | { errors: FieldError[] } {
    const { data, errors } = checkCatalogFile(input);
    return errors.length ? { errors } : { data: data as CatalogExchange };
  }

  /**
   * Imports a catalog: everything is validated first, then written in one transaction (all or nothing).
   * Fields are created or updated; a procedure whose content equals its current version is skipped;
   * otherwise a new version is created and published (or left as a draft).
   */
  async importCatalog(actor: Actor | null, input: unknown, options: ImportOptions): Promise<ImportResult> {
    if (!options.system) this.requireManager(actor);
    const scopeActor = options.system ? null : actor;
    const checked = this.validateExchange(input);
    const errors: FieldError[] = [...(options.readErrors ?? []), ...('errors' in checked ? checked.errors : [])];
    // The semantic checks also run on a structurally invalid file (on what can be read), so that every error is listed at once.
    const data: CatalogExchange = 'data' in checked ? checked.data : readableParts(input);
    const now = options.now ?? new Date();

    // Semantic checks (before any write).
    const fieldCodes = new Set<string>();
    data.fields.forEach((f, i) => {
      if (fieldCodes.has(f.code)) errors.push({ path: `/fields/${i}/code`, code: 'uniqueItems' });
      fieldCodes.add(f.code);
    });
    const existingFields = new Set((await this.repo.fieldsByCodes(this.db, [...new Set(data.procedures.map((p) => p.fieldCode))])).map((f) => f.code));
    const agencyIds = await this.repo.agencyIdsByCodes(this.db, [...new Set(data.procedures.map((p) => p.agencyCode))]);
    const scope = scopeActor ? new Set(await this.agencies.scopeOf(scopeActor, ['catalog_manager'])) : null;
    const seen = new Set<string>();
    const flagged = new Set(errors.map((e) => e.path));
    const add = (error: FieldError) => {
      if (!flagged.has(error.path)) errors.push(error);
      flagged.add(error.path);
    };
    data.procedures.forEach((p, i) => {
      if (p.code && seen.has(p.code)) add({ path: `/procedures/${i}/code`, code: 'PROCEDURE_CODE_DUPLICATE', params: { code: p.code } });
      seen.add(p.code);
      const agencyId = agencyIds.get(p.agencyCode);
      if (p.agencyCode && !agencyId) add({ path: `/procedures/${i}/agencyCode`, code: 'UNKNOWN_AGENCY' });
      else if (agencyId && scope && !scope.has(agencyId)) add({ path: `/procedures/${i}/agencyCode`, code: 'AGENCY_OUT_OF_SCOPE' });
      if (p.fieldCode && !fieldCodes.has(p.fieldCode) && !existingFields.has(p.fieldCode)) add({ path: `/procedures/${i}/fieldCode`, code: 'UNKNOWN_FIELD' });
      if (p.effectiveFrom && !isIsoDate(p.effectiveFrom)) add({ path: `/procedures/${i}/effectiveFrom`, code: 'EFFECTIVE_DATE_INVALID' });
      if (p.form && typeof p.form === 'object') formErrorsOf(p, `/procedures/${i}`).forEach(add);
    });
    // Codes (migration 0038): a local key against its agency; a local code twice in an agency (in the file, or held by
    // another procedure of the agency).
    const localSeen = new Map<string, string>();
    for (const [i, p] of data.procedures.entries()) {
      if (typeof p.code !== 'string' || typeof p.agencyCode !== 'string') continue;
      const codes = await this.codeErrors(this.db, p, agencyIds.get(p.agencyCode), `/procedures/${i}`);
      codes.errors.forEach(add);
      if (!codes.localCode) continue;
      const key = `${p.agencyCode}|${codes.localCode.toUpperCase()}`;
      const holder = localSeen.get(key);
      if (holder !== undefined && holder !== p.code) add({ path: `/procedures/${i}/localCode`, code: 'LOCAL_CODE_TAKEN' });
      localSeen.set(key, p.code);
    }
    // Workflows are checked whenever their shape and the procedure's time limit are readable, so that their
    // errors come with the file's other errors.
    for (const [i, raw] of (Array.isArray(prop(input, 'procedures')) ? (prop(input, 'procedures') as unknown[]) : []).entries()) {
      const workflow = prop(raw, 'workflow');
      const timeLimit = prop(raw, 'timeLimit');
      const agencyCode = prop(raw, 'agencyCode');
      if (!workflow || !validateWorkflowShape(workflow) || !validateTimeLimitShape(timeLimit) || typeof agencyCode !== 'string') continue;
      (await this.workflowErrors(this.db, { agencyCode, timeLimit: timeLimit as ProcedureExchange['timeLimit'], workflow: workflow as WorkflowExchange, code: prop(raw, 'code'), name: prop(raw, 'name'), audience: prop(raw, 'audience'), form: prop(raw, 'form') }, `/procedures/${i}`)).forEach(add);
    }
    // Fee rules against the version's e-form (the file's, else the latest version's), whenever their shape is readable.
    const feeRules = new Map<number, object | null>();
    for (const [i, raw] of (Array.isArray(prop(input, 'procedures')) ? (prop(input, 'procedures') as unknown[]) : []).entries()) {
      const given = { code: prop(raw, 'code'), name: prop(raw, 'name'), audience: prop(raw, 'audience'), form: prop(raw, 'form'), feeRules: prop(raw, 'feeRules') };
      const fees = await this.feeRulesOf(this.db, given, `/procedures/${i}`);
      fees.errors.forEach(add);
      if (fees.value !== undefined) feeRules.set(i, fees.value);
    }
    if (errors.length) throw new DomainError('IMPORT_INVALID', { count: errors.length }, errors);

    const result: ImportResult = { fieldsCreated: 0, fieldsUpdated: 0, created: 0, newVersions: 0, skipped: 0, published: 0, drafts: 0, codes: [] };
    {
      return await this.db.transaction().execute(async (tx) => {
        const fieldIds = new Map<string, { id: string; name: string }>();
        for (const f of data.fields) {
          const { id, change } = await this.repo.upsertField(tx, { code: f.code, name: f.name.trim(), nameEn: f.nameEn?.trim() || null });
          fieldIds.set(f.code, { id, name: f.name.trim() });
          if (change === 'created') result.fieldsCreated += 1;
          if (change === 'updated') result.fieldsUpdated += 1;
        }
        for (const row of await this.repo.fieldsByCodes(tx, [...existingFields].filter((c) => !fieldIds.has(c)))) fieldIds.set(row.code, { id: row.id, name: row.name });

        for (const [i, p] of data.procedures.entries()) {
          const agencyId = agencyIds.get(p.agencyCode)!;
          const field = fieldIds.get(p.fieldCode)!;
          const content = toContent(p, agencyId, field.id, p.fullOnlineEligible);
          let procedure = await this.repo.lockProcedure(tx, p.code);
          let versions: ProcedureVersion[] = [];
          let isNew = false;
          if (!procedure) {
            procedure = await this.repo.insertProcedure(tx, p.code);
            isNew = true;
          } else {
            versions = await this.repo.versions(tx, procedure.id);
          }
          await this.repo.setLocalCode(tx, procedure.id, agencyId, procedureCodes(p).localCode);
          const publishedRow = versions.find((v) => v.status === 'published');
          const draftRow = versions.find((v) => v.status === 'draft');
          if (publishedRow) {
            const current = recordToExchange((await this.repo.versionRecord(tx, publishedRow.id))!);
            if (sameContent(current, p) && (p.form === undefined || sameForm(current.form, p.form)) && CatalogService.sameFees(current, p) && (await this.sameWorkflow(tx, publishedRow.id, p))) {
              result.skipped += 1;
              continue;
            }
          }
          let draftId: string;
          let draftVersion: number;
          if (draftRow) {
            const draftRecord = (await this.repo.versionRecord(tx, draftRow.id))!;
            if (sameContent(recordToExchange(draftRecord), p) && (p.form === undefined || sameForm(storedForm(draftRecord), p.form)) && CatalogService.sameFees(recordToExchange(draftRecord), p) && (await this.sameWorkflow(tx, draftRow.id, p)) && options.draft) {
              result.skipped += 1;
              continue;
            }
            await this.repo.updateContent(tx, { versionId: draftRow.id, code: p.code, content, fieldName: field.name, documents: documentsFor(p, draftRecord.documents) });
            if (p.form !== undefined) await this.repo.setForm(tx, draftRow.id, p.form);
            if (p.workflow !== undefined) await this.workflows?.write(tx, draftRow.id, p.workflow, actor?.id ?? null);
            if (feeRules.has(i)) await this.repo.setFeeRules(tx, draftRow.id, feeRules.get(i)!);
            draftId = draftRow.id;
            draftVersion = draftRow.version;
          } else {
            const latestDocs = versions[0] ? (await this.repo.versionRecord(tx, versions[0].id))!.documents : [];
            draftVersion = (versions[0]?.version ?? 0) + 1;
            draftId = await this.repo.insertVersion(tx, {
              procedureId: procedure.id,
              code: p.code,
              version: draftVersion,
              content,
              fieldName: field.name,
              createdBy: actor?.id ?? null,
              documents: documentsFor(p, latestDocs),
            });
            // Without a form in the file, the new version keeps the form of the latest one.
            const form = p.form !== undefined ? p.form : versions[0] ? storedForm(versions[0]) : null;
            if (form) await this.repo.setForm(tx, draftId, form);
            // Likewise the workflow: the file's, else the latest version's own.
            if (p.workflow !== undefined) await this.workflows?.write(tx, draftId, p.workflow, actor?.id ?? null);
            else if (versions[0]) await this.workflows?.copy(tx, versions[0].id, draftId, actor?.id ?? null);
            // The structured fee rules (payments): the file's, else the latest version's.
            if (feeRules.has(i)) await this.repo.setFeeRules(tx, draftId, feeRules.get(i)!);
            else if (versions[0]) await this.repo.copyFeeRules(tx, versions[0].id, draftId);
          }
          if (isNew) result.created += 1;
          else result.newVersions += 1;
          let effectiveFrom: string | null = null;
          if (options.draft) {
            result.drafts += 1;
          } else {
            const draft = (await this.repo.versions(tx, procedure.id)).find((v) => v.id === draftId)!;
            const published = await this.publishDraft(tx, versions.length ? versions : [draft], draft, p.effectiveFrom, now, `/procedures/${i}`).catch((error: unknown) => {
              if (error instanceof DomainError) {
                errors.push(...error.fieldErrors);
                return null;
              }
              throw error;
            });
            effectiveFrom = published?.effectiveFrom ?? null;
            result.published += 1;
          }
          result.codes.push(p.code);
          await this.audit.record(tx, actor, {
            action: 'catalog.import',
            targetType: 'procedure',
            targetId: p.code,
            agencyId,
            summary: { code: p.code, version: draftVersion, source: options.source, published: !options.draft, effectiveFrom },
          });
        }
        if (errors.length) throw new DomainError('IMPORT_INVALID', { count: errors.length }, errors);
        await this.audit.record(tx, actor, {
          action: 'catalog.import.summary',
          targetType: 'catalog',
          summary: { source: options.source, ...result, codes: result.codes.slice(0, 200) },
        });
        return result;
      });
    }
  }
}
