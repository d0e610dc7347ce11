// Use cases of online submission: drafts, the e-form, attachments, submission with a gap-free daily code,
// the applicant's dossiers and the public lookup. Authorisation is checked here, for every record.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Static } from 'typebox';
import { ATTACHMENT_MEDIA_TYPES } from '../files/files.inspect.rules.ts';
import { vietnamDate } from '../../core/time.ts';
import { formatVnd } from '../../core/text.ts';
import { isUuid } from '../../core/ids.ts';
import { eventColumns, eventFields } from '../kernel/timeline.ts';
import { applicantStatusLabel } from '../kernel/dossier.ts';
import type { Actor } from '../../core/actor.ts';
import { DomainError, type FieldError } from '../../core/errors.ts';
import { Batcher } from '../../core/batcher.ts';
import type { Db, Executor } from '../../db/database.ts';
import type { TimeLimitUnit } from '../../db/schema.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { CatalogService, DocumentRow, VersionRecord } from '../catalog/catalog.service.ts';
import type { FileStorage } from '../files/files.service.ts';
import { DossiersRepository, type DossierFileRow, type DossierRow, type LookupBundle, type LookupKey, type SubmissionInput, type SubmissionRow, type DossierSummaryRow, type EventRow } from './dossiers.repository.ts';
import {
  applicantDisplayName,
  applyViolation,
  CHANNELS,
  DEFAULT_MAX_FILE_BYTES,
  DEFAULT_MAX_TOTAL_BYTES,
  DEFAULT_SEQUENCE_WIDTH,
  codePrefix,
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
} from './dossiers.rules.ts';
import './dossiers.errors.ts';
import type {
  DocumentView as DocumentViewSchema,
  DossierDetail as DossierDetailSchema,
  DossierSummary as DossierSummarySchema,
  DraftResponse,
  EventView as EventViewSchema,
  FileView as FileViewSchema,
  LookupResponse,
  SubmitResponse,
  SupplementRequest as SupplementRequestSchema,
} from './dossiers.schemas.ts';
import { applicantKindOf, EFormValidator, formSchemaOf, ProcedureVersions, underForm } from './dossiers.eform.ts';
import { isOfficerField } from '../kernel/eform-contract.ts';
import { receiveUpload, type ReceivedUpload } from './dossiers.uploads.ts';

const IDEMPOTENT_REPLAY_HOURS = 24;
/** National status 5: the agency asked for a supplement; the applicant may add files until they answer. */
const STATUS_AWAITING_SUPPLEMENT = 5;
/** History action of a file the applicant added as a supplement (not a status change; left out of the public timeline). */
export const SUPPLEMENT_FILE_ACTION = 'add_supplement_file';

/** Computes the appointment date (yyyy-mm-dd) of a dossier received at `receivedAt` (the calendar module). */
export type DueDateFunction = (input: { agencyId: string; receivedAt: Date; value: number; unit: TimeLimitUnit; sameDay: boolean; /** no statutory time limit: null */ none?: boolean; db?: Executor }) => Promise<string | null>;

export interface DossiersOptions {
  maxFileBytes?: number;
  maxTotalBytes?: number;
  /** Digits of the daily sequence in dossier codes (default 4). */
  sequenceWidth?: number;
  /** Failed public lookups allowed per address within the window. */
  lookupMaxFailures?: number;
  lookupWindowMinutes?: number;
  /**
   * Drafts untouched for this many days (default 30) are deleted with their files by the uploads.cleanup job, but
   * only once their owner was reminded (notifications.remindDrafts) at least `draftReminderDays` (default 7) ago.
   */
  draftRetentionDays?: number;
  draftReminderDays?: number;
  /** Where the file storage keeps its content (for the clean-up of abandoned drafts and leftovers). */
  filesDir?: string;
  /** The personal document store: every attached upload is recorded there (src/modules/documents/). */
  store?: PersonalStore;
  dueDate?: DueDateFunction;
  /** Data sharing (LGSP/NGSP): prefill from the population database / business registry (DataSharingService, src/container.ts). */
  dataSharing?: DataSharingPort;
  /**
   * The fees a draft owes before submission under its version's fee definition (0: none, or charged on the
   * officer's request): the payments module's `PaymentsService.feesBeforeSubmission`, wired in src/container.ts.
   */
  feesBeforeSubmission?: (feeRules: unknown, formData: Record<string, unknown>) => number;
}

/**
 * The dossier records other modules write in their own transactions (counter intake registers a dossier, its
 * history and its scans): a narrow port, `DossiersService.records`, wired in src/container.ts, so no other module
 * constructs this module's repository.
 */
export type DossierRecords = Pick<
  DossiersRepository,
  'agency' | 'nextSequence' | 'insertEvent' | 'eventsOf' | 'usedBytes' | 'insertFile' | 'summary' | 'filesOf' | 'profile' | 'lockOwn' | 'touch'
>;

/** The dossier records for a module built before DossiersService (the personal document store). */
export function dossierRecords(): DossierRecords {
  return new DossiersRepository();
}

export interface StoreAttachmentInput {
  documentId?: string;
  personalDocumentId?: string;
}

/** A document of the personal store attached to a dossier (the same stored file, not a copy). */
export interface StoreAttachment {
  link: { id: string; created_at: Date };
  document: DocumentRow;
  file: { id: string; file_id: string; name: string; media_type: string; sha256: string };
  size: number;
}

/** What submission needs of the personal document store (DocumentsService). */
export interface PersonalStore {
  recordUpload(tx: Executor, input: { accountId: string; organisationId: string | null; fileId: string; title: string; dossierId: string | null }): Promise<void>;
  forgetDraftUploads(tx: Executor, dossierIds: string[]): Promise<string[]>;
  /**
   * Attaches a document of the viewer's store to a document of the dossier (the caller has locked the dossier and
   * checked its status; the target's limits apply: allowed types, size per file and per dossier).
   */
  attach(
    tx: Executor,
    target: { dossierId: string; version: VersionRecord; viewer: { id: string; organisationId: string | null }; maxFileBytes: number; maxTotalBytes: number },
    input: StoreAttachmentInput,
  ): Promise<StoreAttachment>;
}

/**
 * What submission needs of data sharing (DataSharingService, src/modules/datasharing/): the lookups a new draft
 * needs, run before its transaction (bounded by the adapter's timeout) and kept with it; and, for a dossier, the
 * sources it obtained (the documents marked with them are not asked for), the fields still as the platform filled
 * them and the failed lookups (the applicant supplies what they would have given).
 */
export interface DataSharingPort {
  prefill(input: {
    applicantId: string;
    kind: Actor['kind'];
    personalId: string | null;
    taxCode: string | null;
    documents: ReadonlyArray<Pick<DocumentRow, 'shared_source'>>;
    schema: Record<string, unknown>;
    base: Record<string, unknown>;
  }): Promise<{ data: Record<string, unknown>; save(tx: Executor, dossierId: string): Promise<void> }>;
  state(db: Executor, dossierId: string, data: Record<string, unknown>): Promise<{ obtained: string[]; prefilled: Record<string, string>; failed: Array<{ source: string; outcome: string }> }>;
}

/** A document of the procedure on the applicant's form (the API's DocumentView). */
export type DocumentView = Static<typeof DocumentViewSchema>;

/** A new draft (the API's DraftResponse). */
export type DraftView = Static<typeof DraftResponse>;

export interface UploadInput extends ReceivedUpload {
  documentId: string | undefined;
  declaredType?: string | undefined;
}

/** A submission's answer (the API's SubmitResponse; `replayed`: it repeats an earlier one with the same Idempotency-Key). */
export type SubmitResult = Static<typeof SubmitResponse>;

/** A file of a document (the API's FileView). */
export type FileView = Static<typeof FileViewSchema>;

/**
 * A history entry (the API's EventView): `text` is rendered from key and params, Vietnamese here and relabelled
 * by the presenters in the reader's language; `content` is the Vietnamese text as stored.
 */
export type EventView = Static<typeof EventViewSchema>;

/** A dossier in the applicant's list (the API's DossierSummary). */
export type DossierSummary = Static<typeof DossierSummarySchema>;

/** One dossier as its applicant sees it (the API's DossierDetail). */
export type DossierDetail = Static<typeof DossierDetailSchema>;

/** The open supplement request (status 5): the consolidated list of missing items and the files added since. */
export type SupplementRequest = Static<typeof SupplementRequestSchema>;

/** The public lookup's answer (the API's LookupResponse). */
export type LookupResult = Static<typeof LookupResponse>;

/** The last supplement request of a history: its `text` is the officer's whole request (items and note). */
export function supplementRequestEvent<T extends { action: string }>(events: readonly T[]): T | undefined {
  return [...events].reverse().find((e) => e.action === 'request_supplement');
}

export interface CleanupResult {
  draftsDeleted: number;
  filesDeleted: number;
  replaysCleared: number;
}

function iso(value: Date | string | null): string | null {
  if (value === null) return null;
  return value instanceof Date ? value.toISOString() : new Date(value).toISOString();
}

/** The version marks a document or an e-form field "obtained by data sharing". */
function sharingMarked(version: VersionRecord, schema: Record<string, unknown>): boolean {
  return version.documents.some((d) => d.shared_source) || Object.values((schema.properties ?? {}) as Record<string, Record<string, unknown>>).some((p) => p['x-shared'] !== undefined); // the version's e-form schema
}

/** Required at submission: by the catalog, unless the agency obtained it through data sharing for this dossier. */
function documentRequired(d: DocumentRow, obtained: readonly string[]): boolean {
  return isDocumentRequired(d) && !(d.shared_source && obtained.includes(d.shared_source));
}

function documentView(d: DocumentRow, obtained: readonly string[] = []): DocumentView {
  return {
    documentId: d.id,
    position: d.position,
    name: d.name,
    copies: d.copies,
    originalKind: d.original_kind,
    required: documentRequired(d, obtained),
    ...(d.condition ? { condition: d.condition } : {}),
    ...(d.shared_source && obtained.includes(d.shared_source) ? { obtainedBySharing: d.shared_source } : {}),
    templateFileId: d.template_file_id,
    allowedTypes: [...ATTACHMENT_MEDIA_TYPES],
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
    statusLabel: applicantStatusLabel(r.status, !!r.payment_pending_at),
    draft: r.status === null,
    awaitingPayment: r.status === null && !!r.payment_pending_at,
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
    ...eventFields(e),
    content: e.content,
    handlerName: e.handler_name,
    department: e.department,
    legalEnd: iso(e.legal_end),
  };
}

function sameHash(a: string | null, b: string): boolean {
  if (!a || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

export class DossiersService {
  private readonly versions: ProcedureVersions;
  private readonly forms = new EFormValidator(500);
  readonly maxFileBytes: number;
  readonly maxTotalBytes: number;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly catalog: CatalogService,
    private readonly files: FileStorage,
    private readonly options: DossiersOptions = {},
    private readonly repo = new DossiersRepository(),
  ) {
    this.maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    this.maxTotalBytes = options.maxTotalBytes ?? DEFAULT_MAX_TOTAL_BYTES;
    this.records = repo;
    this.versions = new ProcedureVersions(catalog);
    this.submissions = new Batcher((items) => this.repo.submitBatch(this.db, items), { maxBatch: 32, maxInFlight: 1 });
    this.lookups = new Batcher((items) => this.repo.lookupBundles(this.db, items), { maxBatch: 64, maxInFlight: 2 });
  }

  /** Submissions to one agency, combined while one is in flight (they contend for its daily sequence row). */
  /** The port other modules write dossier records through (see DossierRecords). */
  readonly records: DossierRecords;
  private readonly submissions: Batcher<SubmissionInput, string | null>;
  /** Public lookups, combined under load: one round trip answers many. */
  private readonly lookups: Batcher<LookupKey, LookupBundle>;

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

  /** The e-form of the (frozen) version: its stored form with the hints folded in, else the generated one. */
  private formSchema(version: VersionRecord): Record<string, unknown> {
    return formSchemaOf(version);
  }

  /** Every problem of the form data at once (schema, then the applicant's identification). */
  private formErrors(schema: Record<string, unknown>, kind: Actor['kind'], data: Record<string, unknown>): FieldError[] {
    return this.forms.errors(schema, kind, data);
  }

  /** A procedure version with its documents (frozen versions are cached for a minute). */
  private version(tx: Executor, versionId: string): Promise<VersionRecord> {
    return this.versions.get(tx, versionId);
  }

  private async ownDraft(tx: Executor, actor: Actor, id: string): Promise<DossierRow> {
    if (!isUuid(id)) throw new DomainError('NOT_FOUND');
    const dossier = await this.repo.lockOwn(tx, id, actor.id);
    if (!dossier) throw new DomainError('NOT_FOUND');
    if (dossier.status !== null) throw this.alreadySubmitted(dossier);
    if (dossier.payment_pending_at !== null) throw new DomainError('DOSSIER_AWAITING_PAYMENT');
    return dossier;
  }

  /**
   * The applicant's own dossier, locked, that may receive files: a draft, or a submitted dossier awaiting the
   * supplement the agency asked for (status 5). Others: 404; any other status: 409.
   */
  private async ownForUpload(tx: Executor, actor: Actor, id: string): Promise<DossierRow> {
    if (!isUuid(id)) throw new DomainError('NOT_FOUND');
    const dossier = await this.repo.lockOwn(tx, id, actor.id);
    if (!dossier) throw new DomainError('NOT_FOUND');
    if (dossier.status !== null && dossier.status !== STATUS_AWAITING_SUPPLEMENT) throw this.alreadySubmitted(dossier);
    if (dossier.payment_pending_at !== null) throw new DomainError('DOSSIER_AWAITING_PAYMENT');
    return dossier;
  }

  /** A supplement file in the history (status unchanged: still awaiting the applicant's answer). */
  private async recordSupplementFile(tx: Executor, applicant: Actor, dossier: DossierRow, documentName: string, fileName: string): Promise<void> {
    await this.repo.insertEvent(tx, {
      dossier_id: dossier.id,
      at: new Date(),
      actor_id: applicant.id,
      status: STATUS_AWAITING_SUPPLEMENT,
      action: SUPPLEMENT_FILE_ACTION,
      ...eventColumns({ key: 'timeline.supplementFile', params: { file: fileName, document: documentName } }),
      handler_name: applicant.fullName,
      legal_end: dossier.due_at,
    });
  }

  private alreadySubmitted(dossier: Pick<DossierRow, 'code' | 'status'>): DomainError {
    return new DomainError('DOSSIER_ALREADY_SUBMITTED', { dossierCode: dossier.code ?? '', statusLabel: statusLabel(dossier.status), status: dossier.status ?? 0 });
  }

  // --- drafts ----------------------------------------------------------------------------------

  /** A new draft for the current published version of the procedure (frozen from now on). */
  async createDraft(actor: Actor | null, procedureCode: string): Promise<DraftView> {
    const applicant = this.requireApplicant(actor);
    const published = await this.catalog.published(procedureCode);
    const violation = applyViolation(applicant.kind, published);
    if (violation) throw new DomainError(violation);
    // Data sharing: the lookups the version's marks ask for, over HTTP before the transaction (bounded by the adapter).
    const sharing = await this.sharedPrefill(applicant, published.id);
    return this.db.transaction().execute(async (tx) => {
      const version = await this.version(tx, published.id);
      const profile = await this.repo.profile(tx, applicant.id);
      if (!profile) throw new DomainError('UNAUTHENTICATED');
      const schema = this.formSchema(version);
      const data = { ...prefillForm(schema, profile), ...(sharing?.data ?? {}) };
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
      await sharing?.save(tx, dossier.id);
      const obtained = sharing ? (await this.options.dataSharing!.state(tx, dossier.id, data)).obtained : [];
      // The schema served is the schema for this applicant: exactly what saveForm and submit validate with.
      return { id: dossier.id, form: { schema: formSchemaOf(version, applicantKindOf(applicant.kind)), data }, documents: version.documents.map((d) => documentView(d, obtained)) };
    });
  }

  /** The data-sharing lookups of a new draft, when the version marks a document or a field (else null: no query). */
  private async sharedPrefill(applicant: Actor, versionId: string) {
    const port = this.options.dataSharing;
    if (!port) return null;
    const version = await this.version(this.db, versionId);
    const schema = this.formSchema(version);
    if (!sharingMarked(version, schema)) return null;
    const profile = await this.repo.profile(this.db, applicant.id);
    if (!profile) return null;
    return port.prefill({
      applicantId: applicant.id,
      kind: applicant.kind,
      personalId: profile.kind === 'citizen' ? profile.personalId : null,
      taxCode: applicant.kind === 'organisation' ? profile.taxCode : null,
      documents: version.documents,
      schema,
      base: {},
    });
  }

  /** The sources this dossier obtained through data sharing (their documents are not asked for). */
  private async obtainedSources(db: Executor, dossierId: string, data: Record<string, unknown>): Promise<string[]> {
    return this.options.dataSharing ? (await this.options.dataSharing.state(db, dossierId, data)).obtained : [];
  }

  /**
   * Replaces the draft's form data; every field error at once (422). With `partial` (the form page adding or
   * removing a row of a repeatable group), the answers are kept as they are, valid or not: submission
   * validates them again.
   */
  async saveForm(actor: Actor | null, id: string, input: Record<string, unknown>, options: { partial?: boolean } = {}): Promise<{ id: string; data: Record<string, unknown> }> {
    const applicant = this.requireApplicant(actor);
    return this.db.transaction().execute(async (tx) => {
      const dossier = await this.ownDraft(tx, applicant, id);
      const version = await this.version(tx, dossier.procedure_version_id);
      const schema = this.formSchema(version);
      let data = normaliseFormData(input ?? {});
      if (options.partial) {
        // Only the form's own questions are kept (not the officer-only ones: staff's, kept apart).
        const known = new Set(Object.entries((schema.properties ?? {}) as Record<string, unknown>).filter(([, p]) => !isOfficerField(p)).map(([k]) => k));
        data = Object.fromEntries(Object.entries(data).filter(([key]) => known.has(key)));
      } else {
        const errors = this.formErrors(schema, applicant.kind, data);
        if (errors.length) throw new DomainError('VALIDATION_FAILED', undefined, errors);
      }
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
    if (!isUuid(id)) throw new DomainError('NOT_FOUND');
    // Checks before reading the upload (read-only; repeated under lock below).
    const pre = await this.db.transaction().execute(async (tx) => {
      const dossier = await this.ownForUpload(tx, applicant, id);
      const version = await this.version(tx, dossier.procedure_version_id);
      if (!input.documentId) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/documentId', code: 'required' }]);
      const document = version.documents.find((d) => d.id === input.documentId);
      if (!document) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/documentId', code: 'DOCUMENT_UNKNOWN' }]);
      return { dossier, document, used: await this.repo.usedBytes(tx, dossier.id) };
    });
    const limits = { maxFileBytes: this.maxFileBytes, maxTotalBytes: this.maxTotalBytes, usedBytes: pre.used };
    return receiveUpload(this.files, input, limits, (staged, mediaType, commit) =>
      this.db.transaction().execute(async (tx) => {
        const dossier = await this.ownForUpload(tx, applicant, id);
        const used = await this.repo.usedBytes(tx, dossier.id);
        if (used + staged.sizeBytes > this.maxTotalBytes) throw new DomainError('DOSSIER_FILES_TOO_LARGE', { maxMb: megabytes(this.maxTotalBytes) });
        const file = await commit(tx, applicant.id);
        const link = await this.repo.insertFile(tx, { dossier_id: dossier.id, document_id: pre.document.id, file_id: file.id });
        await this.options.store?.recordUpload(tx, { accountId: applicant.id, organisationId: dossier.organisation_id, fileId: file.id, title: pre.document.name, dossierId: dossier.id });
        await this.repo.touch(tx, dossier.id);
        const supplement = dossier.status === STATUS_AWAITING_SUPPLEMENT;
        if (supplement) await this.recordSupplementFile(tx, applicant, dossier, pre.document.name, file.original_name);
        await this.audit.record(tx, applicant, {
          action: supplement ? 'dossier.add_supplement_file' : 'dossier.add_file',
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
      }),
    );
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
    if (!isUuid(id)) throw new DomainError('NOT_FOUND');
    const key = idempotencyKey?.trim() || null;
    if (key && key.length > 200) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/idempotency-key', code: 'maxLength', params: { limit: 200 } }]);
    // Read and validate, then write everything in one statement guarded by the row version (shared with the
    // submissions to the same agency that arrive meanwhile: group commit); if the draft changed in between
    // (a file added, the form saved, a concurrent submit), look again.
    for (let attempt = 0; ; attempt++) {
      const snapshot = await this.repo.submissionSnapshot(this.db, id, applicant.id, key);
      if (!snapshot) throw new DomainError('NOT_FOUND');
      if (key && snapshot.key_owner && snapshot.key_owner !== id) throw new DomainError('IDEMPOTENCY_KEY_REUSED');
      const { agency_code: agencyCode, account_personal_id: personalId, organisation_tax_code: taxCode, file_documents: fileDocuments, row_version: rowVersion, key_owner: _owner, fee_rules: feeRules, ...dossier } = snapshot;
      if (dossier.status !== null) {
        if (key && dossier.idempotency_key === key) return this.replay(dossier);
        throw this.alreadySubmitted(dossier);
      }
      if (dossier.payment_pending_at !== null) throw this.paymentRequired(this.options.feesBeforeSubmission?.(feeRules, dossier.form_data ?? {}) ?? 0);
      const version = await this.version(this.db, dossier.procedure_version_id);
      const schema = this.formSchema(version);
      const data = normaliseFormData(dossier.form_data ?? {});
      const errors = underForm(this.formErrors(schema, applicant.kind, data));
      const withFiles = new Set(fileDocuments);
      const obtained = version.documents.some((d) => d.shared_source) ? await this.obtainedSources(this.db, dossier.id, data) : [];
      for (const document of version.documents) {
        if (documentRequired(document, obtained) && !withFiles.has(document.id)) errors.push({ path: `/documents/${document.id}`, code: 'DOCUMENT_REQUIRED', params: { name: document.name } });
      }
      if (errors.length) throw new DomainError('VALIDATION_FAILED', undefined, errors);

      // Fees charged before submission: the draft waits, frozen, for their payment (the payment submits it).
      const feeVnd = this.options.feesBeforeSubmission?.(feeRules, data) ?? 0;
      if (feeVnd > 0) {
        const frozen = await this.db.transaction().execute(async (tx) => {
          if (!(await this.repo.markPaymentPending(tx, dossier.id, applicant.id, rowVersion, now))) return false;
          await this.audit.record(tx, applicant, { action: 'dossier.await_payment', targetType: 'dossier', targetId: dossier.id, agencyId: dossier.agency_id, summary: { procedureCode: version.code, feeVnd } });
          return true;
        });
        if (frozen) throw this.paymentRequired(feeVnd);
        // Changed meanwhile (a file added, the form saved): look again.
        if (attempt >= 4) throw new DomainError('DOSSIER_CHANGED_DURING_SUBMIT');
        continue;
      }
      const { input, reply } = await this.submission(this.db, { dossier, applicant, version, data, agencyCode, personalId, taxCode, fileCount: fileDocuments.length, rowVersion, key, now });
      const code = await this.submissions.submit(dossier.agency_id, input);
      if (code) return { ...reply, code };
      // Changed meanwhile. A draft that keeps changing (someone editing it at this very moment) gets a conflict.
      if (attempt >= 4) throw new DomainError('DOSSIER_CHANGED_DURING_SUBMIT');
    }
  }

  private paymentRequired(feeVnd: number): DomainError {
    return new DomainError('DOSSIER_PAYMENT_REQUIRED', { amount: formatVnd(feeVnd), amountVnd: feeVnd });
  }

  /** Everything one submission writes (the submission statement's input) and the applicant's answer. */
  private async submission(
    db: Executor,
    s: {
      dossier: Pick<SubmissionRow, 'id' | 'agency_id'>;
      applicant: Actor;
      version: VersionRecord;
      data: Record<string, unknown>;
      agencyCode: string;
      personalId: string | null;
      taxCode: string | null;
      fileCount: number;
      rowVersion: string;
      key: string | null;
      now: Date;
      /** Submitted by the payment of fees charged before submission (the secret is kept for the acknowledgement mail). */
      paid?: { orderNo: string };
    },
  ): Promise<{ input: SubmissionInput; reply: Omit<SubmitResult, 'code'> }> {
    const { dossier, applicant, version, data, agencyCode, key, now } = s;
    const secret = generateLookupSecret((n) => randomBytes(n));
    const fromForm = applicant.kind === 'organisation' ? data.taxCode : data.personalId;
    const applicantIdNumber = ((applicant.kind === 'organisation' ? s.taxCode : s.personalId) || (typeof fromForm === 'string' ? fromForm : '')).trim() || null;
    const expectedDate = this.options.dueDate
      ? await this.options.dueDate({ agencyId: dossier.agency_id, receivedAt: now, value: Number(version.time_limit_value), unit: version.time_limit_unit, sameDay: version.same_day, none: version.no_time_limit, db })
      : null;
    const reply = { id: dossier.id, lookupSecret: secret, status: STATUS_NEW, expectedDate, submittedAt: now.toISOString(), replayed: false };
    const input: SubmissionInput = {
      id: dossier.id,
      applicantId: applicant.id,
      rowVersion: s.rowVersion,
      day: vietnamDate(now),
      codePrefix: codePrefix(agencyCode, now),
      width: this.options.sequenceWidth ?? DEFAULT_SEQUENCE_WIDTH,
      secret,
      values: {
        channel: CHANNELS.online,
        submitted_at: now,
        idempotency_key: key,
        applicant_name: applicantDisplayName(applicant.kind, data, applicant.fullName),
        expected_date: expectedDate,
        form_data: data,
        applicant_kind: applicant.kind === 'organisation' ? 'organisation' : 'citizen',
        applicant_id_number: applicantIdNumber,
      },
      // Kept for replays with the same key, and (submitted by a payment) for the acknowledgement mail's secret.
      idempotentResponse: key || s.paid ? reply : null,
      event: { actorId: applicant.id, ...eventColumns(s.paid ? { key: 'timeline.submitPaid', params: { orderNo: s.paid.orderNo } } : { key: 'timeline.submit', params: {} }) },
      audit: this.audit.fields(applicant, {
        action: 'dossier.submit',
        targetType: 'dossier',
        targetId: dossier.id,
        agencyId: dossier.agency_id,
        summary: { procedureCode: version.code, version: version.version, files: s.fileCount, idempotencyKey: key !== null, ...(s.paid ? { paidOrder: s.paid.orderNo } : {}) },
      }),
      outbox: {
        topic: 'dossier.submitted',
        payload: {
          dossierId: dossier.id,
          agencyId: dossier.agency_id,
          agencyCode,
          procedureCode: version.code,
          procedureVersion: version.version,
          status: STATUS_NEW,
          channel: CHANNELS.online,
          submittedAt: now.toISOString(),
          expectedDate,
        },
      },
    };
    return { input, reply };
  }

  /**
   * Submits, in the payment's transaction `tx`, a draft frozen for the payment of fees charged before submission
   * (PaidSubmission port: the payments module calls it when the payment is recorded): submitted and received for
   * reception at the payment's time `paidAt` (its code, day and expected date from that time). The form and the
   * documents were checked when it was frozen and could not change since. Null: not a draft awaiting payment.
   */
  async submitPaid(tx: Executor, dossierId: string, paidAt: Date, orderNo: string): Promise<string | null> {
    const pending = await this.repo.lockPaymentPending(tx, dossierId);
    if (!pending) return null;
    const snapshot = await this.repo.submissionSnapshot(tx, dossierId, pending.applicant_id, null);
    const profile = await this.repo.profile(tx, pending.applicant_id);
    if (!snapshot || !profile) return null;
    const { agency_code: agencyCode, account_personal_id: personalId, organisation_tax_code: taxCode, file_documents: fileDocuments, row_version: rowVersion, key_owner: _owner, fee_rules: feeRules, ...dossier } = snapshot;
    const version = await this.version(tx, dossier.procedure_version_id);
    const data = normaliseFormData(dossier.form_data ?? {});
    // The applicant submits (the audit names them); the payment only completes what they started.
    const applicant: Actor = { id: pending.applicant_id, kind: profile.kind, fullName: profile.fullName, username: pending.username ?? '', agencyId: null, departmentId: null, organisationId: null, roles: [] };
    const { input } = await this.submission(tx, { dossier, applicant, version, data, agencyCode, personalId, taxCode, fileCount: fileDocuments.length, rowVersion, key: null, now: paidAt, paid: { orderNo } });
    const [code] = await this.repo.submitBatch(tx, [input]);
    return code ?? null;
  }

  /** Gives a draft frozen for payment back to its applicant, in `tx` (PaidSubmission port: its order expired unpaid). */
  releaseUnpaid(tx: Executor, dossierId: string, at: Date): Promise<boolean> {
    return this.repo.releasePaymentPending(tx, dossierId, at);
  }

  private replay(dossier: SubmissionRow): SubmitResult {
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
    if (!isUuid(id)) throw new DomainError('NOT_FOUND');
    const dossier = await this.repo.visible(this.db, id, { id: applicant.id, organisationId: null });
    if (!dossier) throw new DomainError('NOT_FOUND');
    if (dossier.status !== null) return null;
    const version = await this.version(this.db, dossier.procedure_version_id);
    if (this.formErrors(this.formSchema(version), applicant.kind, normaliseFormData(dossier.form_data ?? {})).length) return 'form';
    const withFiles = new Set((await this.repo.filesOf(this.db, dossier.id)).map((f) => f.document_id));
    const obtained = version.documents.some((d) => d.shared_source) ? await this.obtainedSources(this.db, dossier.id, {}) : [];
    if (version.documents.some((d) => documentRequired(d, obtained) && !withFiles.has(d.id))) return 'documents';
    return 'check';
  }

  /** One dossier: the applicant's, or their organisation's (others: 404). */
  async get(actor: Actor | null, id: string): Promise<DossierDetail> {
    const viewer = this.requireSignedIn(actor);
    if (!isUuid(id)) throw new DomainError('NOT_FOUND');
    return this.db.transaction().execute(async (tx) => {
      const dossier = await this.repo.visible(tx, id, { id: viewer.id, organisationId: viewer.kind === 'organisation' ? viewer.organisationId : null });
      if (!dossier) throw new DomainError('NOT_FOUND');
      const [summary, version, files, events, pauses] = await Promise.all([
        this.repo.summary(tx, id),
        this.version(tx, dossier.procedure_version_id),
        this.repo.filesOf(tx, id),
        this.repo.eventsOf(tx, id),
        this.repo.pausesOf(tx, id),
      ]);
      // The open supplement request: its items (kept with the pause), the officer's text and the files added since.
      const open = dossier.status === STATUS_AWAITING_SUPPLEMENT ? pauses.find((p) => p.kind === 'supplement' && p.ended_at === null) : undefined;
      const history = events.map(eventView);
      const request = open ? supplementRequestEvent(history) : undefined;
      const names = new Map(version.documents.map((d) => [d.id, d.name]));
      const supplement: SupplementRequest | null = open
        ? {
            requestedAt: iso(open.started_at)!,
            items: (open.reason ?? '').split('\n').map((item) => item.trim()).filter(Boolean),
            content: request ? request.text || null : null,
            files: files.filter((f) => f.created_at.getTime() >= open.started_at.getTime()).map((f) => ({ ...fileView(f), documentId: f.document_id, documentName: names.get(f.document_id) ?? '' })),
          }
        : null;
      const schema = this.formSchema(version);
      const sharing = this.options.dataSharing && sharingMarked(version, schema) ? await this.options.dataSharing.state(tx, id, dossier.form_data ?? {}) : null;
      return {
        ...summaryView(summary!),
        channel: dossier.channel,
        editable: dossier.status === null && dossier.payment_pending_at === null && dossier.applicant_id === viewer.id,
        form: { schema: formSchemaOf(version, dossier.organisation_id ? 'organisation' : 'citizen'), data: dossier.form_data ?? {} },
        documents: version.documents.map((d) => ({ ...documentView(d, sharing?.obtained), files: files.filter((f) => f.document_id === d.id).map(fileView) })),
        ...(sharing ? { sharing } : {}),
        events: history,
        own: dossier.applicant_id === viewer.id,
        appointmentAt: iso(dossier.appointment_at),
        dueAt: iso(dossier.due_at),
        pauses: pauses.map((p) => ({ kind: p.kind, startedAt: iso(p.started_at)!, endedAt: iso(p.ended_at), reason: p.reason })),
        supplement,
      };
    });
  }

  /**
   * Attaches a document of the applicant's personal store to their dossier awaiting a supplement (status 5): the
   * same stored file, not a copy; limits as for uploads; recorded in the history and the audit. Others' dossiers:
   * 404; other statuses: 409.
   */
  async attachSupplementFromStore(actor: Actor | null, id: string, input: StoreAttachmentInput): Promise<{ id: string; documentId: string } & FileView> {
    const applicant = this.requireApplicant(actor);
    return this.db.transaction().execute(async (tx) => {
      const dossier = await this.ownForUpload(tx, applicant, id);
      if (dossier.status !== STATUS_AWAITING_SUPPLEMENT) throw this.alreadySubmitted(dossier);
      const version = await this.version(tx, dossier.procedure_version_id);
      const viewer = { id: applicant.id, organisationId: applicant.kind === 'organisation' ? applicant.organisationId : null };
      if (!this.options.store) throw new Error('attaching from the personal store needs the documents service (DossiersOptions.store)');
      const { link, document, file, size } = await this.options.store.attach(
        tx,
        { dossierId: dossier.id, version, viewer, maxFileBytes: this.maxFileBytes, maxTotalBytes: this.maxTotalBytes },
        input,
      );
      await this.recordSupplementFile(tx, applicant, dossier, document.name, file.name);
      await this.audit.record(tx, applicant, {
        action: 'dossier.add_supplement_file',
        targetType: 'dossier',
        targetId: dossier.id,
        agencyId: dossier.agency_id,
        summary: { documentId: document.id, personalDocumentId: file.id, fileId: file.file_id, name: file.name, sizeBytes: size, sha256: file.sha256, fromStore: true },
      });
      return { id: link.id, documentId: document.id, fileId: file.file_id, name: file.name, mediaType: file.media_type, sizeBytes: size, sha256: file.sha256, uploadedAt: iso(link.created_at)! };
    });
  }

  // --- public lookup ---------------------------------------------------------------------------

  /**
   * Public progress of a dossier by code and lookup secret (or the applicant's ID number: personal ID or tax
   * code, captured at submission). An unknown code and a wrong secret give the
   * same 404 and both count as a failure of the address; after `lookupMaxFailures` failures within
   * `lookupWindowMinutes` the address gets 429 until the window has passed (even for right answers).
   */
  async lookup(codeInput: string, secretInput: string, ip: string, now = new Date()): Promise<LookupResult> {
    const max = this.options.lookupMaxFailures ?? 10;
    const windowMs = (this.options.lookupWindowMinutes ?? 15) * 60_000;
    const code = normaliseDossierCode(codeInput ?? '').slice(0, 100);
    const secret = normaliseSecret(secretInput ?? '').slice(0, 100);
    const { failures, dossier: row } = await this.lookups.submit('lookup', { code, ip, since: new Date(now.getTime() - windowMs) });
    if (failures >= max) throw new DomainError('RATE_LIMITED');
    // The hash is computed either way, so both failures take the same path.
    const hash = hashLookupSecret(code, secret);
    const wellFormed = secret.length === SECRET_LENGTH && [...secret].every((c) => SECRET_ALPHABET.includes(c));
    // Or the applicant's ID number (CCCD/CMND 9-12 digits, tax code 10-13 digits): compared as hashes too.
    const idNumber = /^\d{9,14}$/.test(secret);
    const idHash = hashLookupSecret(code, normaliseSecret(row?.applicant_id_number ?? ''));
    const answered = wellFormed ? sameHash(row?.lookup_secret_hash ?? null, hash) : idNumber && !!row?.applicant_id_number && sameHash(idHash, hash);
    if (!row || !answered) {
      await this.repo.recordLookupFailure(this.db, ip, now);
      throw new DomainError('NOT_FOUND');
    }
    const events = row.events;
    return {
      code: row.code!,
      status: row.status!,
      statusLabel: statusLabel(row.status),
      procedureName: row.procedure_name!,
      agencyName: row.agency_name!,
      applicantName: publicApplicantName(row.organisation_id !== null, row.applicant_name),
      submittedAt: iso(row.submitted_at),
      expectedDate: row.expected_date,
      appointmentAt: row.appointment_at ? iso(row.appointment_at) : row.expected_date,
      timeline: events.map((e) => ({ at: new Date(e.at).toISOString(), status: e.status, statusLabel: statusLabel(e.status) })),
    };
  }

  // --- clean-up (job uploads.cleanup) ------------------------------------------------------------

  /**
   * Deletes drafts untouched for `draftRetentionDays` (default 30) with their uploads (store entries, then the
   * files nothing else references: rows and content), the stored idempotent answers (which hold lookup secrets)
   * older than 24 hours and lookup attempts older than a day. Files no row references, content without a row
   * and staging leftovers are the file storage's own job (files.sweep, src/modules/jobs.ts).
   */
  async cleanup(now = new Date()): Promise<CleanupResult> {
    const result: CleanupResult = { draftsDeleted: 0, filesDeleted: 0, replaysCleared: 0 };
    const before = new Date(now.getTime() - (this.options.draftRetentionDays ?? 30) * 86_400_000);
    // A draft is deleted only after its owner was reminded, and not sooner than the reminder period after it.
    const remindedBefore = new Date(now.getTime() - (this.options.draftReminderDays ?? 7) * 86_400_000);
    for (;;) {
      const keys = await this.db.transaction().execute(async (tx) => {
        const drafts = await this.repo.abandonedDrafts(tx, before, 100, remindedBefore);
        if (!drafts.length) return null;
        const ids = drafts.map((d) => d.id);
        const stored = await this.repo.storedFilesOf(tx, ids);
        // Their uploads leave the personal store too (unless another dossier uses them); a file is deleted only
        // when nothing references it any more (a document attached from the store stays).
        await this.options.store?.forgetDraftUploads(tx, ids);
        await this.repo.deleteDossiers(tx, ids);
        const keys = await this.files.release(tx, stored.map((s) => s.file_id));
        await this.audit.record(tx, null, {
          action: 'dossier.purge_drafts',
          targetType: 'dossier',
          targetId: null,
          agencyId: null,
          summary: { drafts: ids.length, files: stored.length, olderThan: before.toISOString() },
        });
        result.draftsDeleted += ids.length;
        result.filesDeleted += keys.length;
        return keys;
      });
      if (!keys) break;
      // Content goes after the rows are gone (a crash in between leaves content without a row: job files.sweep).
      await this.files.removeContent(keys);
    }
    result.replaysCleared = await this.repo.clearIdempotentResponses(this.db, new Date(now.getTime() - IDEMPOTENT_REPLAY_HOURS * 3_600_000));
    await this.repo.purgeLookupAttempts(this.db, new Date(now.getTime() - 86_400_000));
    return result;
  }
}
