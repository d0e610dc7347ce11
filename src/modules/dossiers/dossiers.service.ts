// Use cases of online submission: drafts, the e-form, attachments, submission with a gap-free daily code,
// the applicant's dossiers and the public lookup. Authorisation is checked here, for every record.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { fileTypeFromFile } from 'file-type';
import type { Actor } from '../../core/actor.ts';
import { DomainError, type FieldError } from '../../core/errors.ts';
import type { Db, Executor } from '../../db/database.ts';
import type { TimeLimitUnit } from '../../db/schema.ts';
import { fieldErrorsFromAjv } from '../../http/problem.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { CatalogRepository, type DocumentRow, type VersionRecord } from '../catalog/catalog.repository.ts';
import type { CatalogService } from '../catalog/catalog.service.ts';
import type { FileStorage, StagedFile } from '../files/files.service.ts';
import { DossiersRepository, type DossierFileRow, type DossierRow, type DossierSummaryRow, type EventRow } from './dossiers.repository.ts';
import {
  acceptedMediaType,
  ALLOWED_MEDIA_TYPES,
  applicantDisplayName,
  applicantErrors,
  applyViolation,
  CHANNELS,
  DEFAULT_MAX_FILE_BYTES,
  DEFAULT_MAX_TOTAL_BYTES,
  DEFAULT_SEQUENCE_WIDTH,
  defaultFormSchema,
  formatDossierCode,
  generateLookupSecret,
  hashLookupSecret,
  isDocumentRequired,
  megabytes,
  normaliseDossierCode,
  normaliseFormData,
  normaliseSecret,
  prefillForm,
  publicApplicantName,
  SECRET_ALPHABET,
  SECRET_LENGTH,
  statusLabel,
  STATUS_NEW,
  uploadLimit,
  vietnamDay,
} from './dossiers.rules.ts';
import './dossiers.errors.ts';

const ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: false, useDefaults: false });
(addFormats as unknown as { default: (a: Ajv) => void }).default(ajv);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const IDEMPOTENT_REPLAY_HOURS = 24;

/** Computes the appointment date (yyyy-mm-dd) of a dossier received at `receivedAt` (the calendar module). */
export type DueDateFunction = (input: { agencyId: string; receivedAt: Date; value: number; unit: TimeLimitUnit; sameDay: boolean }) => Promise<string | null>;

export interface DossiersOptions {
  maxFileBytes?: number;
  maxTotalBytes?: number;
  /** Digits of the daily sequence in dossier codes (default 4). */
  sequenceWidth?: number;
  /** Failed public lookups allowed per address within the window. */
  lookupMaxFailures?: number;
  lookupWindowMinutes?: number;
  /** Drafts untouched for this many days are deleted with their files by the uploads.cleanup job. */
  draftRetentionDays?: number;
  /** Where the file storage keeps its content (for the clean-up of abandoned drafts and leftovers). */
  filesDir?: string;
  dueDate?: DueDateFunction;
}

export interface DocumentView {
  documentId: string;
  position: number;
  name: string;
  copies: number;
  originalKind: string;
  required: boolean;
  templateFileId: string | null;
  allowedTypes: string[];
}

export interface DraftView {
  id: string;
  form: { schema: Record<string, unknown>; data: Record<string, unknown> };
  documents: DocumentView[];
}

export interface UploadInput {
  documentId: string | undefined;
  source: Readable | AsyncIterable<Buffer>;
  filename: string | undefined;
  declaredType?: string | undefined;
  /** Called at once when the upload passes its limit (the caller stops reading the request). */
  onLimit?: () => void;
}

export interface SubmitResult {
  id: string;
  code: string;
  lookupSecret: string | null;
  status: number;
  expectedDate: string | null;
  submittedAt: string;
  /** True when this answer repeats an earlier submission with the same Idempotency-Key. */
  replayed: boolean;
}

export interface FileView {
  id: string;
  fileId: string;
  name: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  uploadedAt: string;
}

export interface EventView {
  at: string;
  status: number;
  statusLabel: string;
  action: string;
  content: string | null;
  handlerName: string | null;
  department: string | null;
  legalEnd: string | null;
}

export interface DossierSummary {
  id: string;
  code: string | null;
  status: number | null;
  statusLabel: string;
  draft: boolean;
  procedure: { code: string; name: string; version: number };
  agency: { code: string; name: string };
  submittedAt: string | null;
  expectedDate: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface DossierDetail extends DossierSummary {
  channel: number;
  editable: boolean;
  form: { schema: Record<string, unknown>; data: Record<string, unknown> };
  documents: Array<DocumentView & { files: FileView[] }>;
  events: EventView[];
}

export interface LookupResult {
  code: string;
  status: number;
  statusLabel: string;
  procedureName: string;
  agencyName: string;
  applicantName: string;
  submittedAt: string | null;
  expectedDate: string | null;
  timeline: Array<{ at: string; status: number; statusLabel: string }>;
}

export interface CleanupResult {
  draftsDeleted: number;
  filesDeleted: number;
  tempFilesDeleted: number;
  replaysCleared: number;
}

function iso(value: Date | string | null): string | null {
  if (value === null) return null;
  return value instanceof Date ? value.toISOString() : new Date(value).toISOString();
}

function documentView(d: DocumentRow): DocumentView {
  return {
    documentId: d.id,
    position: d.position,
    name: d.name,
    copies: d.copies,
    originalKind: d.original_kind,
    required: isDocumentRequired(d),
    templateFileId: d.template_file_id,
    allowedTypes: [...ALLOWED_MEDIA_TYPES],
  };
}

function fileView(f: DossierFileRow): FileView {
  return { id: f.id, fileId: f.file_id, name: f.name, mediaType: f.media_type, sizeBytes: Number(f.size_bytes), sha256: f.sha256, uploadedAt: iso(f.created_at)! };
}

function summaryView(r: DossierSummaryRow): DossierSummary {
  return {
    id: r.id,
    code: r.code,
    status: r.status,
    statusLabel: statusLabel(r.status),
    draft: r.status === null,
    procedure: { code: r.procedure_code, name: r.procedure_name, version: r.version },
    agency: { code: r.agency_code, name: r.agency_name },
    submittedAt: iso(r.submitted_at),
    expectedDate: r.expected_date,
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
  };
}

function eventView(e: EventRow): EventView {
  return {
    at: iso(e.at)!,
    status: e.status,
    statusLabel: statusLabel(e.status),
    action: e.action,
    content: e.content,
    handlerName: e.handler_name,
    department: e.department,
    legalEnd: iso(e.legal_end),
  };
}

/** Counts the bytes of `source` and fails with `error` as soon as they exceed `limit` (the rest is never read). */
async function* limited(source: Readable | AsyncIterable<Buffer>, limit: number, onExceeded: () => Error): AsyncGenerator<Buffer> {
  let total = 0;
  for await (const chunk of source as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > limit) throw onExceeded();
    yield chunk;
  }
}

function sameHash(a: string | null, b: string): boolean {
  if (!a || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

export class DossiersService {
  private readonly validators = new Map<string, ValidateFunction>();
  readonly maxFileBytes: number;
  readonly maxTotalBytes: number;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly catalog: CatalogService,
    private readonly files: FileStorage,
    private readonly options: DossiersOptions = {},
    private readonly repo = new DossiersRepository(),
    private readonly catalogRepo = new CatalogRepository(),
  ) {
    this.maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    this.maxTotalBytes = options.maxTotalBytes ?? DEFAULT_MAX_TOTAL_BYTES;
  }

  // --- helpers ---------------------------------------------------------------------------------

  private requireApplicant(actor: Actor | null): Actor {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (actor.kind !== 'citizen' && actor.kind !== 'organisation') throw new DomainError('DOSSIER_APPLICANTS_ONLY');
    return actor;
  }

  private requireSignedIn(actor: Actor | null): Actor {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    return actor;
  }

  private formSchema(version: VersionRecord): Record<string, unknown> {
    return defaultFormSchema({ name: version.name, audience: version.audience });
  }

  private validator(schema: Record<string, unknown>): ValidateFunction {
    const key = JSON.stringify(schema);
    let validate = this.validators.get(key);
    if (!validate) {
      if (this.validators.size > 500) this.validators.clear();
      validate = ajv.compile(schema);
      this.validators.set(key, validate);
    }
    return validate;
  }

  /** Every problem of the form data at once (schema, then the applicant's identification). */
  private formErrors(schema: Record<string, unknown>, kind: Actor['kind'], data: Record<string, unknown>): FieldError[] {
    const validate = this.validator(schema);
    const errors: FieldError[] = validate(data) ? [] : fieldErrorsFromAjv(validate.errors ?? []);
    const seen = new Set(errors.map((e) => `${e.path}|${e.code}`));
    for (const e of applicantErrors(schema, kind, data)) if (!seen.has(`${e.path}|${e.code}`)) errors.push(e);
    return errors;
  }

  private async version(tx: Executor, versionId: string): Promise<VersionRecord> {
    const record = await this.catalogRepo.versionRecord(tx, versionId);
    if (!record) throw new Error(`procedure version missing: ${versionId}`);
    return record;
  }

  private async ownDraft(tx: Executor, actor: Actor, id: string): Promise<DossierRow> {
    if (!UUID.test(id)) throw new DomainError('NOT_FOUND');
    const dossier = await this.repo.lockOwn(tx, id, actor.id);
    if (!dossier) throw new DomainError('NOT_FOUND');
    if (dossier.status !== null) throw this.alreadySubmitted(dossier);
    return dossier;
  }

  private alreadySubmitted(dossier: DossierRow): DomainError {
    return new DomainError('DOSSIER_ALREADY_SUBMITTED', { dossierCode: dossier.code ?? '', statusLabel: statusLabel(dossier.status), status: dossier.status ?? 0 });
  }

  // --- drafts ----------------------------------------------------------------------------------

  /** A new draft for the current published version of the procedure (frozen from now on). */
  async createDraft(actor: Actor | null, procedureCode: string): Promise<DraftView> {
    const applicant = this.requireApplicant(actor);
    const published = await this.catalog.published(procedureCode);
    const violation = applyViolation(applicant.kind, published);
    if (violation) throw new DomainError(violation);
    return this.db.transaction().execute(async (tx) => {
      const version = await this.version(tx, published.id);
      const profile = await this.repo.profile(tx, applicant.id);
      if (!profile) throw new DomainError('UNAUTHENTICATED');
      const schema = this.formSchema(version);
      const data = prefillForm(schema, profile);
      const dossier = await this.repo.insertDraft(tx, {
        agency_id: version.agency_id,
        procedure_version_id: version.id,
        applicant_id: applicant.id,
        organisation_id: applicant.kind === 'organisation' ? applicant.organisationId : null,
        form_data: data,
      });
      await this.audit.record(tx, applicant, {
        action: 'dossier.create_draft',
        targetType: 'dossier',
        targetId: dossier.id,
        agencyId: version.agency_id,
        summary: { procedureCode: version.code, version: version.version },
      });
      return { id: dossier.id, form: { schema, data }, documents: version.documents.map(documentView) };
    });
  }

  /** Replaces the draft's form data; every field error at once (422). */
  async saveForm(actor: Actor | null, id: string, input: Record<string, unknown>): Promise<{ id: string; data: Record<string, unknown> }> {
    const applicant = this.requireApplicant(actor);
    return this.db.transaction().execute(async (tx) => {
      const dossier = await this.ownDraft(tx, applicant, id);
      const version = await this.version(tx, dossier.procedure_version_id);
      const schema = this.formSchema(version);
      const data = normaliseFormData(input ?? {});
      const errors = this.formErrors(schema, applicant.kind, data);
      if (errors.length) throw new DomainError('VALIDATION_FAILED', undefined, errors);
      await this.repo.updateForm(tx, dossier.id, data);
      await this.audit.record(tx, applicant, {
        action: 'dossier.save_form',
        targetType: 'dossier',
        targetId: dossier.id,
        agencyId: dossier.agency_id,
        summary: { fields: Object.keys(data).sort() },
      });
      return { id: dossier.id, data };
    });
  }

  /**
   * Attaches a file to a required document of the draft. Checked before anything is read (the draft is the
   * actor's, the document belongs to its version); the content is streamed to a staging file and the upload
   * fails as soon as it passes the per-file limit or what is left of the per-dossier total (413, nothing
   * more is read); the type is decided by the content (PDF, JPEG, PNG, DOCX, XLSX). The staged file is
   * always stored or removed.
   */
  async addFile(actor: Actor | null, id: string, input: UploadInput): Promise<{ id: string; documentId: string } & FileView> {
    const applicant = this.requireApplicant(actor);
    if (!UUID.test(id)) throw new DomainError('NOT_FOUND');
    // Checks before reading the upload (read-only; repeated under lock below).
    const pre = await this.db.transaction().execute(async (tx) => {
      const dossier = await this.ownDraft(tx, applicant, id);
      const version = await this.version(tx, dossier.procedure_version_id);
      if (!input.documentId) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/documentId', code: 'required' }]);
      const document = version.documents.find((d) => d.id === input.documentId);
      if (!document) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/documentId', code: 'DOCUMENT_UNKNOWN' }]);
      return { dossier, document, used: await this.repo.usedBytes(tx, dossier.id) };
    });
    const limit = uploadLimit(this.maxFileBytes, this.maxTotalBytes, pre.used);
    const tooLarge = () => {
      input.onLimit?.();
      return limit.error === 'FILE_TOO_LARGE'
        ? new DomainError('FILE_TOO_LARGE', { maxMb: megabytes(this.maxFileBytes) })
        : new DomainError('DOSSIER_FILES_TOO_LARGE', { maxMb: megabytes(this.maxTotalBytes) });
    };
    if (limit.bytes <= 0) throw tooLarge();
    const staged: StagedFile = await this.files.stage(limited(input.source, limit.bytes, tooLarge), input.filename ?? '', { maxBytes: limit.bytes + 1 });
    let committed = false;
    try {
      if (staged.truncated) throw tooLarge();
      if (staged.sizeBytes === 0) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/file', code: 'FILE_REQUIRED' }]);
      const detected = await fileTypeFromFile(staged.tempPath).catch(() => undefined);
      const mediaType = acceptedMediaType(detected);
      if (!mediaType) throw new DomainError('FILE_TYPE_NOT_ALLOWED', { name: staged.originalName }, [{ path: '/file', code: 'FILE_TYPE_NOT_ALLOWED', params: { name: staged.originalName } }]);
      return await this.db.transaction().execute(async (tx) => {
        const dossier = await this.ownDraft(tx, applicant, id);
        const used = await this.repo.usedBytes(tx, dossier.id);
        if (used + staged.sizeBytes > this.maxTotalBytes) throw new DomainError('DOSSIER_FILES_TOO_LARGE', { maxMb: megabytes(this.maxTotalBytes) });
        const file = await this.files.commit(tx, staged, { mediaType, createdBy: applicant.id });
        committed = true;
        const link = await this.repo.insertFile(tx, { dossier_id: dossier.id, document_id: pre.document.id, file_id: file.id });
        await this.repo.touch(tx, dossier.id);
        await this.audit.record(tx, applicant, {
          action: 'dossier.add_file',
          targetType: 'dossier',
          targetId: dossier.id,
          agencyId: dossier.agency_id,
          summary: { documentId: pre.document.id, fileId: file.id, name: file.original_name, mediaType, sizeBytes: staged.sizeBytes, sha256: file.sha256, declaredType: input.declaredType ?? null },
        });
        return {
          id: link.id,
          documentId: pre.document.id,
          fileId: file.id,
          name: file.original_name,
          mediaType,
          sizeBytes: staged.sizeBytes,
          sha256: file.sha256,
          uploadedAt: iso(link.created_at)!,
        };
      });
    } finally {
      if (!committed) await this.files.discard(staged);
    }
  }

  // --- submission ------------------------------------------------------------------------------

  /**
   * Submits a draft in one transaction: re-validates the form and the documents, allocates the code
   * (gap-free per agency and Vietnamese day), sets status 1 / channel 2, gives a lookup secret (returned
   * once), writes the first history event, an outbox message 'dossier.submitted' and the audit entry.
   * With an Idempotency-Key, a retry (even concurrent) answers exactly as the first call did (for 24 hours;
   * later without the secret); without one, a second submit is a 409 naming the dossier's code and status.
   */
  async submit(actor: Actor | null, id: string, idempotencyKey?: string | null, now = new Date()): Promise<SubmitResult> {
    const applicant = this.requireApplicant(actor);
    if (!UUID.test(id)) throw new DomainError('NOT_FOUND');
    const key = idempotencyKey?.trim() || null;
    if (key && key.length > 200) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/idempotency-key', code: 'maxLength', params: { limit: 200 } }]);
    // The appointment date is computed before the transaction: the calendar reads through its own
    // connection, and waiting for one while holding the agency's sequence lock could exhaust the pool.
    const expectedDate = await this.expectedDate(applicant, id, now);
    try {
      return await this.db.transaction().execute(async (tx) => {
        if (key) {
          const used = await this.repo.byIdempotencyKey(tx, applicant.id, key);
          if (used && used.id !== id) throw new DomainError('IDEMPOTENCY_KEY_REUSED');
        }
        const dossier = await this.repo.lockOwn(tx, id, applicant.id);
        if (!dossier) throw new DomainError('NOT_FOUND');
        if (dossier.status !== null) {
          if (key && dossier.idempotency_key === key) return this.replay(dossier);
          throw this.alreadySubmitted(dossier);
        }
        const version = await this.version(tx, dossier.procedure_version_id);
        const schema = this.formSchema(version);
        const data = normaliseFormData(dossier.form_data ?? {});
        const errors = this.formErrors(schema, applicant.kind, data).map((e) => ({ ...e, path: `/form${e.path === '/' ? '' : e.path}` }));
        const files = await this.repo.filesOf(tx, dossier.id);
        const withFiles = new Set(files.map((f) => f.document_id));
        for (const document of version.documents) {
          if (isDocumentRequired(document) && !withFiles.has(document.id)) errors.push({ path: `/documents/${document.id}`, code: 'DOCUMENT_REQUIRED', params: { name: document.name } });
        }
        if (errors.length) throw new DomainError('VALIDATION_FAILED', undefined, errors);

        const agency = await this.repo.agency(tx, dossier.agency_id);
        if (!agency) throw new Error(`agency missing: ${dossier.agency_id}`);
        const sequence = await this.repo.nextSequence(tx, dossier.agency_id, vietnamDay(now));
        const code = formatDossierCode(agency.code, now, sequence, this.options.sequenceWidth ?? DEFAULT_SEQUENCE_WIDTH);
        const secret = generateLookupSecret((n) => randomBytes(n));
        const result: SubmitResult = { id: dossier.id, code, lookupSecret: secret, status: STATUS_NEW, expectedDate, submittedAt: now.toISOString(), replayed: false };
        await this.repo.markSubmitted(tx, dossier.id, {
          code,
          status: 1,
          channel: CHANNELS.online,
          submitted_at: now,
          lookup_secret_hash: hashLookupSecret(code, secret),
          idempotency_key: key,
          idempotent_response: key ? { ...result } : null,
          applicant_name: applicantDisplayName(applicant.kind, data, applicant.fullName),
          expected_date: expectedDate,
          form_data: data,
          applicant_kind: applicant.kind === 'organisation' ? 'organisation' : 'citizen',
        });
        await this.repo.insertEvent(tx, { dossier_id: dossier.id, at: now, actor_id: applicant.id, status: STATUS_NEW, action: 'submit', content: 'Nộp hồ sơ trực tuyến' });
        await this.repo.insertOutbox(tx, 'dossier.submitted', {
          dossierId: dossier.id,
          code,
          agencyId: dossier.agency_id,
          agencyCode: agency.code,
          procedureCode: version.code,
          procedureVersion: version.version,
          status: STATUS_NEW,
          channel: CHANNELS.online,
          submittedAt: now.toISOString(),
          expectedDate,
        });
        await this.audit.record(tx, applicant, {
          action: 'dossier.submit',
          targetType: 'dossier',
          targetId: dossier.id,
          agencyId: dossier.agency_id,
          summary: { code, procedureCode: version.code, version: version.version, files: files.length, idempotencyKey: key !== null },
        });
        return result;
      });
    } catch (error) {
      // Two different dossiers submitted concurrently with the same key: the unique index decides.
      if ((error as { code?: string; constraint?: string }).code === '23505' && /idempotency_key/.test((error as { constraint?: string }).constraint ?? '')) {
        throw new DomainError('IDEMPOTENCY_KEY_REUSED');
      }
      throw error;
    }
  }

  /** Appointment date of the draft if submitted at `now` (null without a calendar or for others' dossiers). */
  private async expectedDate(applicant: Actor, id: string, now: Date): Promise<string | null> {
    if (!this.options.dueDate) return null;
    const dossier = await this.repo.visible(this.db, id, { id: applicant.id, organisationId: null });
    if (!dossier || dossier.status !== null) return null;
    const version = await this.version(this.db, dossier.procedure_version_id);
    return this.options.dueDate({ agencyId: dossier.agency_id, receivedAt: now, value: Number(version.time_limit_value), unit: version.time_limit_unit, sameDay: version.same_day });
  }

  private replay(dossier: DossierRow): SubmitResult {
    const stored = dossier.idempotent_response as Partial<SubmitResult> | null;
    return {
      id: dossier.id,
      code: dossier.code!,
      lookupSecret: stored?.lookupSecret ?? null,
      status: STATUS_NEW,
      expectedDate: stored ? (stored.expectedDate ?? null) : dossier.expected_date,
      submittedAt: iso(dossier.submitted_at)!,
      replayed: true,
    };
  }

  // --- reading ---------------------------------------------------------------------------------

  /** The dossiers of the person and, for organisation accounts, of their organisation. */
  async listMine(actor: Actor | null): Promise<DossierSummary[]> {
    const viewer = this.requireSignedIn(actor);
    const rows = await this.repo.listVisible(this.db, { id: viewer.id, organisationId: viewer.kind === 'organisation' ? viewer.organisationId : null });
    return rows.map(summaryView);
  }

  /**
   * The first unfinished step of the applicant's own draft, for resuming it: 'form' while the e-form has
   * errors, 'documents' while a required document has no file, else 'check'. Submitted dossiers: null.
   */
  async nextStep(actor: Actor | null, id: string): Promise<'form' | 'documents' | 'check' | null> {
    const applicant = this.requireApplicant(actor);
    if (!UUID.test(id)) throw new DomainError('NOT_FOUND');
    const dossier = await this.repo.visible(this.db, id, { id: applicant.id, organisationId: null });
    if (!dossier) throw new DomainError('NOT_FOUND');
    if (dossier.status !== null) return null;
    const version = await this.version(this.db, dossier.procedure_version_id);
    if (this.formErrors(this.formSchema(version), applicant.kind, normaliseFormData(dossier.form_data ?? {})).length) return 'form';
    const withFiles = new Set((await this.repo.filesOf(this.db, dossier.id)).map((f) => f.document_id));
    if (version.documents.some((d) => isDocumentRequired(d) && !withFiles.has(d.id))) return 'documents';
    return 'check';
  }

  /** One dossier: the applicant's, or their organisation's (others: 404). */
  async get(actor: Actor | null, id: string): Promise<DossierDetail> {
    const viewer = this.requireSignedIn(actor);
    if (!UUID.test(id)) throw new DomainError('NOT_FOUND');
    return this.db.transaction().execute(async (tx) => {
      const dossier = await this.repo.visible(tx, id, { id: viewer.id, organisationId: viewer.kind === 'organisation' ? viewer.organisationId : null });
      if (!dossier) throw new DomainError('NOT_FOUND');
      const [summary, version, files, events] = await Promise.all([
        this.repo.summary(tx, id),
        this.version(tx, dossier.procedure_version_id),
        this.repo.filesOf(tx, id),
        this.repo.eventsOf(tx, id),
      ]);
      return {
        ...summaryView(summary!),
        channel: dossier.channel,
        editable: dossier.status === null && dossier.applicant_id === viewer.id,
        form: { schema: this.formSchema(version), data: dossier.form_data ?? {} },
        documents: version.documents.map((d) => ({ ...documentView(d), files: files.filter((f) => f.document_id === d.id).map(fileView) })),
        events: events.map(eventView),
      };
    });
  }

  // --- public lookup ---------------------------------------------------------------------------

  /**
   * Public progress of a dossier by code and lookup secret. An unknown code and a wrong secret give the
   * same 404 and both count as a failure of the address; after `lookupMaxFailures` failures within
   * `lookupWindowMinutes` the address gets 429 until the window has passed (even for right answers).
   */
  async lookup(codeInput: string, secretInput: string, ip: string, now = new Date()): Promise<LookupResult> {
    const max = this.options.lookupMaxFailures ?? 10;
    const windowMs = (this.options.lookupWindowMinutes ?? 15) * 60_000;
    const failures = await this.repo.lookupFailures(this.db, ip, new Date(now.getTime() - windowMs));
    if (failures >= max) throw new DomainError('RATE_LIMITED');
    const code = normaliseDossierCode(codeInput ?? '').slice(0, 100);
    const secret = normaliseSecret(secretInput ?? '').slice(0, 100);
    const row = code ? await this.repo.byCode(this.db, code) : undefined;
    // The hash is computed either way, so both failures take the same path.
    const hash = hashLookupSecret(code, secret);
    const wellFormed = secret.length === SECRET_LENGTH && [...secret].every((c) => SECRET_ALPHABET.includes(c));
    if (!row || !wellFormed || !sameHash(row.lookup_secret_hash, hash)) {
      await this.repo.recordLookupFailure(this.db, ip, now);
      throw new DomainError('NOT_FOUND');
    }
    const events = await this.repo.eventsOf(this.db, row.id);
    return {
      code: row.code!,
      status: row.status!,
      statusLabel: statusLabel(row.status),
      procedureName: row.procedure_name,
      agencyName: row.agency_name,
      applicantName: publicApplicantName(row.organisation_id !== null, row.applicant_name),
      submittedAt: iso(row.submitted_at),
      expectedDate: row.expected_date,
      timeline: events.map((e) => ({ at: iso(e.at)!, status: e.status, statusLabel: statusLabel(e.status) })),
    };
  }

  // --- clean-up (job uploads.cleanup) ------------------------------------------------------------

  /**
   * Deletes drafts untouched for `draftRetentionDays` (default 30) with their attached files (rows and
   * content), staging leftovers older than a day in the storage's tmp folder (uploads interrupted by a crash),
   * the stored idempotent answers (which hold lookup secrets) older than 24 hours and lookup attempts older
   * than a day.
   */
  async cleanup(now = new Date()): Promise<CleanupResult> {
    const result: CleanupResult = { draftsDeleted: 0, filesDeleted: 0, tempFilesDeleted: 0, replaysCleared: 0 };
    const before = new Date(now.getTime() - (this.options.draftRetentionDays ?? 30) * 86_400_000);
    for (;;) {
      const keys = await this.db.transaction().execute(async (tx) => {
        const drafts = await this.repo.abandonedDrafts(tx, before, 100);
        if (!drafts.length) return null;
        const ids = drafts.map((d) => d.id);
        const stored = await this.repo.storedFilesOf(tx, ids);
        await this.repo.deleteDossiers(tx, ids);
        await this.repo.deleteFiles(tx, stored.map((s) => s.file_id));
        await this.audit.record(tx, null, {
          action: 'dossier.purge_drafts',
          targetType: 'dossier',
          targetId: null,
          agencyId: null,
          summary: { drafts: ids.length, files: stored.length, olderThan: before.toISOString() },
        });
        result.draftsDeleted += ids.length;
        result.filesDeleted += stored.length;
        return stored.map((s) => s.storage_key);
      });
      if (!keys) break;
      // Content goes after the rows are gone (the files service has no delete yet: its layout is root/key).
      if (this.options.filesDir) for (const key of keys) if (/^[0-9a-f]{2}\/[0-9a-f-]{36}$/.test(key)) await rm(path.join(this.options.filesDir, key), { force: true });
    }
    result.replaysCleared = await this.repo.clearIdempotentResponses(this.db, new Date(now.getTime() - IDEMPOTENT_REPLAY_HOURS * 3_600_000));
    await this.repo.purgeLookupAttempts(this.db, new Date(now.getTime() - 86_400_000));
    if (this.options.filesDir) {
      const tmp = path.join(this.options.filesDir, 'tmp');
      const names = await readdir(tmp).catch(() => [] as string[]);
      for (const name of names) {
        if (!name.endsWith('.part')) continue;
        const full = path.join(tmp, name);
        const info = await stat(full).catch(() => null);
        if (info && info.mtimeMs < now.getTime() - 86_400_000) {
          await rm(full, { force: true });
          result.tempFilesDeleted++;
        }
      }
    }
    return result;
  }
}
