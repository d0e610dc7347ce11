// Counter intake (tiếp nhận trực tiếp): a receptionist registers a dossier brought in person (channel 1) or by
// post (channel 3) for an applicant found by ID number or tax code (a citizen is created on the spot when
// unknown), scans the paper documents into it (digitisation, recorded against the officer), and prints the
// one-stop forms 01–06 of any dossier of their agency subtree. The dossier is registered as submitted
// (status 1, source 'counter') with a code from the same gap-free daily sequence as online submissions; it is
// then accepted through the handling actions like any other. Authorisation is checked here, for every record.
import { randomBytes } from 'node:crypto';
import type { Static } from 'typebox';
import { vietnamDate } from '../../core/time.ts';
import { isUuid } from '../../core/ids.ts';
import { eventColumns } from '../kernel/timeline.ts';
import type { Actor } from '../../core/actor.ts';
import type { Role } from '../../db/schema.ts';
import { DomainError, type FieldError } from '../../core/errors.ts';
import type { Locale } from '../../core/i18n.ts';
import type { Db, Executor } from '../../db/database.ts';
import { ConcurrentInsert } from '../../db/errors.ts';
import type { AgenciesService } from '../agencies/agencies.service.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { CatalogService, VersionRecord } from '../catalog/catalog.service.ts';
import { EFormValidator, formSchemaOf, ProcedureVersions, underForm } from '../dossiers/dossiers.eform.ts';
import { OutboxService, type OutboxWriter } from '../outbox/outbox.service.ts';
import {
  applicantDisplayName,
  DEFAULT_MAX_FILE_BYTES,
  DEFAULT_MAX_TOTAL_BYTES,
  DEFAULT_SEQUENCE_WIDTH,
  formatDossierCode,
  generateLookupSecret,
  hashLookupSecret,
  isDocumentRequired,
  megabytes,
  normaliseFormData,
  prefillForm,
  statusLabel,
  type ApplicantProfile,
} from '../dossiers/dossiers.rules.ts';
import type { DossierRecords, DueDateFunction } from '../dossiers/dossiers.service.ts';
import { receiveUpload, type ReceivedUpload } from '../dossiers/dossiers.uploads.ts';
import type { FileStorage } from '../files/files.service.ts';
import { formFileName, renderForm } from '../printouts/printouts.pdf.ts';
import { trackingBookToXlsx } from '../printouts/printouts.excel.ts';
import type { AgencyHeading, FormKind, ReceiptFormData, TrackingBookData } from '../printouts/printouts.types.ts';
import { IntakeRepository, type DossierRow } from './intake.repository.ts';
import {
  apologyDatesOf,
  appointmentOf,
  applicantErrors,
  addressOf,
  contactOf,
  controlSheetRows,
  counterUsername,
  digitiseViolation,
  intakeEventMessage,
  NO_PASSWORD,
  normaliseApplicant,
  periodBounds,
  reasonOf,
  refusalReasonsOf,
  supplementItemsOf,
  trackingStatus,
  type ApplicantInput,
} from './intake.rules.ts';
import './intake.errors.ts';
import type { IntakeBody, IntakeResponse, ScanResponse } from './intake.schemas.ts';


/** Who registers dossiers and scans documents. */
const RECEPTION: readonly Role[] = ['receptionist'];
/** Who may print the forms of a dossier of their agency subtree. */
const OFFICERS: readonly Role[] = ['receptionist', 'specialist', 'department_head', 'agency_leader'];

/** The forms served per dossier (07 is per period). */
export const DOSSIER_FORMS = ['01', '02', '03', '04', '05', '06'] as const;
export type DossierFormKind = (typeof DOSSIER_FORMS)[number];

/** Most rows of one tracking book export. */
export const BOOK_MAX_ROWS = 10_000;

export interface IntakeOptions {
  baseUrl: string;
  /** Place name of the forms' "place, date" line (agencies have no address yet). */
  place?: string;
  sequenceWidth?: number;
  maxFileBytes?: number;
  maxTotalBytes?: number;
  dueDate?: DueDateFunction;
  /** The dossier records intake writes in its transaction (DossiersService.records). */
  dossiers: DossierRecords;
}

/** A dossier delivered by the National Public Service Portal, as the adapter checked it (registerFromNationalPortal). */
export interface NationalPortalIntake {
  nationalCode: string;
  versionId: string;
  applicant: { personalId: string; fullName: string; phone: string | null; email: string | null; address: string | null };
  form: Record<string, unknown>;
  /** Files already fetched and verified: kept by `commit` in the registration's transaction. */
  files: Array<{ documentId: string; commit: (tx: Executor) => Promise<{ id: string }> }>;
}

/** A counter registration (the API's IntakeBody). */
export type IntakeInput = IntakeBody;

/** A document of the procedure, as the registration's answer lists it. */
export type IntakeDocument = IntakeResult['documents'][number];

/** The registered dossier (the API's IntakeResponse). */
export type IntakeResult = Static<typeof IntakeResponse>;

export interface ScanInput extends ReceivedUpload {
  documentId: string | undefined;
}

/** A scan added to a dossier (the API's ScanResponse). */
export type ScanResult = Static<typeof ScanResponse>;

export interface FormPdf {
  fileName: string;
  pdf: Buffer;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

/** A citizen applicant's profile for the e-form's prefill: what was given (at the counter, by the portal), else the account's. */
function citizenProfile(
  account: { full_name: string; personal_id: string | null; phone: string | null; email: string | null; address: string | null },
  given: { fullName?: string | null; phone?: string | null; email?: string | null; address?: string | null },
): ApplicantProfile {
  return {
    kind: 'citizen',
    fullName: given.fullName ?? account.full_name,
    personalId: account.personal_id,
    phone: given.phone ?? account.phone,
    email: given.email ?? account.email,
    address: given.address ?? account.address,
    organisationName: null,
    taxCode: null,
    organisationAddress: null,
  };
}

export class IntakeService {
  private readonly forms = new EFormValidator(200);
  private readonly versions: ProcedureVersions;
  readonly maxFileBytes: number;
  readonly maxTotalBytes: number;

  constructor(
    private readonly db: Db,
    private readonly agencies: AgenciesService,
    private readonly audit: AuditService,
    private readonly catalog: CatalogService,
    private readonly files: FileStorage,
    private readonly options: IntakeOptions,
    private readonly repo = new IntakeRepository(),
    private readonly outbox: OutboxWriter = new OutboxService(),
  ) {
    this.maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    this.maxTotalBytes = options.maxTotalBytes ?? DEFAULT_MAX_TOTAL_BYTES;
    this.versions = new ProcedureVersions(catalog);
  }

  // --- helpers ---------------------------------------------------------------------------------

  private staff(actor: Actor | null): Actor {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (actor.kind !== 'staff') throw new DomainError('FORBIDDEN');
    return actor;
  }

  /** The version's own e-form when it has one, else the generated default form. */
  private formSchema(version: VersionRecord): Record<string, unknown> {
    return formSchemaOf(version);
  }

  private version(db: Executor, versionId: string): Promise<VersionRecord> {
    return this.versions.get(db, versionId);
  }

  /** A submitted dossier of the actor's scope for `roles`; others look unknown (404). */
  private async dossierInScope(db: Executor, actor: Actor, roles: readonly Role[], id: string, lock = false): Promise<DossierRow> {
    if (!isUuid(id)) throw new DomainError('NOT_FOUND');
    const scope = await this.agencies.scopeOf(actor, roles, db);
    const dossier = await this.repo.inScope(db, id, scope, lock);
    if (!dossier) throw new DomainError('NOT_FOUND');
    return dossier;
  }

  private async heading(db: Executor, agencyId: string): Promise<AgencyHeading> {
    const agency = await this.repo.agencyHeading(db, agencyId);
    if (!agency) throw new Error(`agency missing: ${agencyId}`);
    return { parentName: agency.parent_name, name: agency.name, place: this.options.place ?? 'Hà Nội' };
  }

  // --- reading, for the intake pages ---------------------------------------------------------------

  /** The applicant already known by personal ID (citizen) or tax code (organisation), for a receptionist. */
  async findApplicant(actor: Actor | null, kind: 'citizen' | 'organisation', idNumber: string) {
    const staff = this.staff(actor);
    if (!(await this.agencies.scopeOf(staff, ['receptionist'])).length) throw new DomainError('FORBIDDEN');
    if (kind === 'citizen') {
      const account = await this.repo.citizenByPersonalId(this.db, idNumber);
      return account ? { kind, account } : null;
    }
    const organisation = await this.repo.organisationAccount(this.db, idNumber);
    return organisation ? { kind, organisation } : null;
  }

  /** A counter or postal dossier of the receptionist's scope with its procedure version (404 otherwise). */
  async counterDossier(actor: Actor | null, id: string): Promise<{ dossier: DossierRow; version: VersionRecord }> {
    const staff = this.staff(actor);
    const dossier = await this.dossierInScope(this.db, staff, ['receptionist'], id);
    if (dossier.channel !== 1 && dossier.channel !== 3) throw new DomainError('NOT_FOUND');
    return { dossier, version: await this.version(this.db, dossier.procedure_version_id) };
  }

  // --- registration ----------------------------------------------------------------------------

  /**
   * Registers a dossier brought to the counter (channel 1) or by post (channel 3), in one transaction: the
   * applicant (found by personal ID / tax code, or a citizen created without a password), the e-form (prefilled
   * from the applicant, completed by the receptionist; every error at once), the code from the agency's
   * gap-free daily sequence, status 1, a lookup secret (returned once, printed on form 01), the history event,
   * the outbox message 'dossier.submitted' and the audit entry. Scans are added next (addScan).
   */
  async register(actor: Actor | null, input: IntakeInput, now = new Date()): Promise<IntakeResult> {
    const officer = this.staff(actor);
    const published = await this.catalog.published(input.procedureCode);
    await this.agencies.authorize(officer, RECEPTION, published.agency_id);
    const applicant = normaliseApplicant(input.applicant);
    const problems = applicantErrors(applicant);
    if (problems.length) throw new DomainError('VALIDATION_FAILED', undefined, problems);
    if (!published.audience.includes(applicant.kind)) throw new DomainError('PROCEDURE_NOT_FOR_APPLICANT');
    const expectedDate = this.options.dueDate
      ? await this.options.dueDate({ agencyId: published.agency_id, receivedAt: now, value: Number(published.time_limit_value), unit: published.time_limit_unit, sameDay: published.same_day, none: published.no_time_limit })
      : null;

    // Two receptionists creating the same citizen at once: the unique index decides, the loser finds the account.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.registerOnce(officer, published.id, applicant, input, expectedDate, now);
      } catch (error) {
        if (attempt >= 2 || !(error instanceof ConcurrentInsert)) throw error;
      }
    }
  }

  private async registerOnce(officer: Actor, versionId: string, applicant: ApplicantInput, input: IntakeInput, expectedDate: string | null, now: Date): Promise<IntakeResult> {
    return this.db.transaction().execute(async (tx) => {
      const version = await this.version(tx, versionId);
      const schema = this.formSchema(version);

      // The applicant of record.
      let applicantId: string;
      let organisationId: string | null = null;
      let created = false;
      let profile: ApplicantProfile;
      const errors: FieldError[] = [];
      if (applicant.kind === 'citizen') {
        let account = await this.repo.citizenByPersonalId(tx, applicant.personalId!);
        if (!account) {
          if (!applicant.fullName) errors.push({ path: '/applicant/fullName', code: 'INTAKE_APPLICANT_NAME_REQUIRED' });
          if (applicant.email && (await this.repo.emailTaken(tx, applicant.email))) errors.push({ path: '/applicant/email', code: 'EMAIL_TAKEN' });
          if (errors.length) throw new DomainError('VALIDATION_FAILED', undefined, errors);
          account = await this.repo.insertCitizen(tx, {
            username: counterUsername(applicant.personalId!),
            password_hash: NO_PASSWORD,
            full_name: applicant.fullName!,
            personal_id: applicant.personalId!,
            phone: applicant.phone ?? null,
            email: applicant.email ?? null,
            address: applicant.address ?? null,
          });
          created = true;
          await this.audit.record(tx, officer, {
            action: 'account.create_at_counter',
            targetType: 'account',
            targetId: account.id,
            agencyId: version.agency_id,
            summary: { kind: 'citizen', username: account.username, procedureCode: version.code },
          });
        }
        applicantId = account.id;
        profile = citizenProfile(account, applicant);
      } else {
        const org = await this.repo.organisationAccount(tx, applicant.taxCode!);
        if (!org) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/applicant/taxCode', code: 'INTAKE_ORGANISATION_UNKNOWN' }]);
        applicantId = org.account_id;
        organisationId = org.organisation_id;
        profile = {
          kind: 'organisation',
          fullName: applicant.fullName ?? org.full_name,
          personalId: null,
          phone: applicant.phone ?? org.phone,
          email: applicant.email ?? org.email,
          address: applicant.address ?? null,
          organisationName: org.organisation_name,
          taxCode: org.tax_code,
          organisationAddress: org.organisation_address,
        };
      }

      // The e-form: what the applicant's record gives, completed (and overridden) by the receptionist.
      const data = normaliseFormData({ ...prefillForm(schema, profile), ...(input.form ?? {}) });
      const formErrors = this.forms.errors(schema, applicant.kind, data);
      // The officer-only fields (receipt number, count of copies…): the receptionist's, apart (dossiers.officer_data).
      const officerData = normaliseFormData(input.officerForm ?? {});
      const officerErrors = this.forms.officerErrors(schema, officerData).map((e) => ({ ...e, path: `/officerForm${e.path === '/' ? '' : e.path}` }));
      if (formErrors.length || officerErrors.length) throw new DomainError('VALIDATION_FAILED', undefined, [...underForm(formErrors), ...officerErrors]);

      const { agency, code, secret } = await this.numbered(tx, version.agency_id, now);
      const applicantName = applicantDisplayName(applicant.kind, data, profile.fullName);
      const idNumber = applicant.kind === 'citizen' ? applicant.personalId! : applicant.taxCode!;
      const dossier = await this.repo.insertDossier(tx, {
        code,
        agency_id: version.agency_id,
        procedure_version_id: version.id,
        applicant_id: applicantId,
        organisation_id: organisationId,
        channel: input.channel,
        form_data: data,
        officer_data: officerData,
        applicant_name: applicantName,
        applicant_kind: applicant.kind,
        applicant_id_number: idNumber,
        lookup_secret_hash: hashLookupSecret(code, secret),
        // Kept like an online submission's answer (cleared after 24 hours): form 01 prints the secret meanwhile.
        idempotent_response: { lookupSecret: secret },
        submitted_at: now,
        expected_date: expectedDate,
        result_delivery: input.resultDelivery,
        source: 'counter',
      });
      const department = await this.repo.departmentName(tx, officer.departmentId);
      await this.options.dossiers.insertEvent(tx, {
        dossier_id: dossier.id,
        at: now,
        actor_id: officer.id,
        status: 1,
        action: 'counter_intake',
        ...eventColumns(intakeEventMessage(input.channel)),
        handler_name: officer.fullName,
        department,
      });
      await this.announceSubmitted(tx, { dossierId: dossier.id, code, version, agencyCode: agency.code, channel: input.channel, source: 'counter', now, expectedDate });
      await this.audit.record(tx, officer, {
        action: 'intake.register',
        targetType: 'dossier',
        targetId: dossier.id,
        agencyId: version.agency_id,
        summary: { code, procedureCode: version.code, version: version.version, channel: input.channel, applicantId, applicantCreated: created, applicantKind: applicant.kind, resultDelivery: input.resultDelivery },
      });
      return {
        id: dossier.id,
        code,
        status: 1 as const,
        channel: input.channel,
        lookupSecret: secret,
        submittedAt: now.toISOString(),
        expectedDate,
        applicant: { id: applicantId, name: applicantName, created },
        documents: version.documents.map((d) => ({ documentId: d.id, position: d.position, name: d.name, copies: d.copies, originalKind: d.original_kind, required: isDocumentRequired(d) })),
      };
    });
  }

  /** The agency of a dossier registered now, its code from the agency's gap-free sequence of the day, and a lookup secret. */
  private async numbered(tx: Executor, agencyId: string, now: Date): Promise<{ agency: { code: string }; code: string; secret: string }> {
    const agency = await this.options.dossiers.agency(tx, agencyId);
    if (!agency) throw new Error(`agency missing: ${agencyId}`);
    const sequence = await this.options.dossiers.nextSequence(tx, agencyId, vietnamDate(now));
    const code = formatDossierCode(agency.code, now, sequence, this.options.sequenceWidth ?? DEFAULT_SEQUENCE_WIDTH);
    return { agency, code, secret: generateLookupSecret((n) => randomBytes(n)) };
  }

  /** The outbox message 'dossier.submitted' of a dossier registered with status 1 (at the counter, by post, from the national portal). */
  private async announceSubmitted(
    tx: Executor,
    d: { dossierId: string; code: string; version: { agency_id: string; code: string; version: number }; agencyCode: string; channel: number; source: string; nationalCode?: string; now: Date; expectedDate: string | null },
  ): Promise<void> {
    await this.outbox.enqueue(tx, 'dossier.submitted', {
      dossierId: d.dossierId,
      code: d.code,
      agencyId: d.version.agency_id,
      agencyCode: d.agencyCode,
      procedureCode: d.version.code,
      procedureVersion: d.version.version,
      status: 1,
      channel: d.channel,
      source: d.source,
      ...(d.nationalCode === undefined ? {} : { nationalCode: d.nationalCode }),
      submittedAt: d.now.toISOString(),
      expectedDate: d.expectedDate,
    });
  }

  // --- the National Public Service Portal (narrow port, issue 13) --------------------------------

  /**
   * Registers a dossier the National Public Service Portal delivered (channel 4, source 'national_portal'), in the
   * caller's transaction (src/modules/nationalportal records the national code in the same one): the citizen found
   * by personal ID or created without a password, the form as the portal sent it (prefilled from the applicant;
   * the portal validated it), the code from the agency's gap-free sequence, status 1 (it waits in the reception
   * queue; accepting it starts the statutory clock like any other), the files, the history event, the outbox
   * message 'dossier.submitted' and the audit entry. No officer acts: the portal is the actor (audit actor null).
   */
  async registerFromNationalPortal(tx: Executor, input: NationalPortalIntake, now = new Date()): Promise<{ id: string; code: string; agencyId: string }> {
    const version = await this.version(tx, input.versionId);
    const expectedDate = this.options.dueDate
      ? await this.options.dueDate({ agencyId: version.agency_id, receivedAt: now, value: Number(version.time_limit_value), unit: version.time_limit_unit, sameDay: version.same_day, none: version.no_time_limit })
      : null;
    const a = input.applicant;
    let account = await this.repo.citizenByPersonalId(tx, a.personalId);
    let created = false;
    if (!account) {
      const email = a.email && !(await this.repo.emailTaken(tx, a.email)) ? a.email : null;
      account = await this.repo.insertCitizen(tx, { username: counterUsername(a.personalId), password_hash: NO_PASSWORD, full_name: a.fullName, personal_id: a.personalId, phone: a.phone, email, address: a.address });
      created = true;
    }
    // The account was found by (or created with) this personal ID; the name is the one the portal sent.
    const profile = citizenProfile(account, a);
    const data = normaliseFormData({ ...prefillForm(this.formSchema(version), profile), ...input.form });
    const { agency, code, secret } = await this.numbered(tx, version.agency_id, now);
    const dossier = await this.repo.insertDossier(tx, {
      code,
      agency_id: version.agency_id,
      procedure_version_id: version.id,
      applicant_id: account.id,
      organisation_id: null,
      channel: 4,
      form_data: data,
      applicant_name: applicantDisplayName('citizen', data, a.fullName),
      applicant_kind: 'citizen',
      applicant_id_number: a.personalId,
      lookup_secret_hash: hashLookupSecret(code, secret),
      idempotent_response: { lookupSecret: secret },
      submitted_at: now,
      expected_date: expectedDate,
      result_delivery: 'online',
      source: 'national_portal',
    });
    for (const file of input.files) {
      const stored = await file.commit(tx);
      await this.options.dossiers.insertFile(tx, { dossier_id: dossier.id, document_id: file.documentId, file_id: stored.id });
    }
    await this.options.dossiers.insertEvent(tx, {
      dossier_id: dossier.id,
      at: now,
      actor_id: null,
      status: 1,
      action: 'national_portal_intake',
      ...eventColumns({ key: 'timeline.intakeNationalPortal', params: { nationalCode: input.nationalCode } }),
    });
    await this.announceSubmitted(tx, { dossierId: dossier.id, code, version, agencyCode: agency.code, channel: 4, source: 'national_portal', nationalCode: input.nationalCode, now, expectedDate });
    await this.audit.record(tx, null, {
      action: 'intake.national_portal',
      targetType: 'dossier',
      targetId: dossier.id,
      agencyId: version.agency_id,
      summary: { code, nationalCode: input.nationalCode, procedureCode: version.code, version: version.version, channel: 4, applicantId: account.id, applicantCreated: created, files: input.files.length },
    });
    return { id: dossier.id, code, agencyId: version.agency_id };
  }

  // --- digitisation ----------------------------------------------------------------------------

  /**
   * Adds the scan of a paper document to a dossier registered at the counter or by post (status 1 or 2),
   * against one of its version's documents; marks the dossier digitised, with the scanning officer in the
   * history event and the audit entry. Same content checks and limits as online attachments.
   */
  async addScan(actor: Actor | null, dossierId: string, input: ScanInput, now = new Date()): Promise<ScanResult> {
    const officer = this.staff(actor);
    const pre = await this.db.transaction().execute(async (tx) => {
      const dossier = await this.dossierInScope(tx, officer, RECEPTION, dossierId);
      const violation = digitiseViolation(dossier);
      if (violation) throw new DomainError(violation, { statusLabel: statusLabel(dossier.status), status: dossier.status ?? 0 });
      if (!input.documentId) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/documentId', code: 'required' }]);
      const version = await this.version(tx, dossier.procedure_version_id);
      const document = version.documents.find((d) => d.id === input.documentId);
      if (!document) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/documentId', code: 'DOCUMENT_UNKNOWN' }]);
      return { document, used: await this.options.dossiers.usedBytes(tx, dossier.id) };
    });
    const limits = { maxFileBytes: this.maxFileBytes, maxTotalBytes: this.maxTotalBytes, usedBytes: pre.used };
    return receiveUpload(this.files, input, limits, (staged, mediaType, commit) =>
      this.db.transaction().execute(async (tx) => {
        // Checked again under lock: the dossier may have moved on while the file was read.
        const dossier = await this.dossierInScope(tx, officer, RECEPTION, dossierId, true);
        const violation = digitiseViolation(dossier);
        if (violation) throw new DomainError(violation, { statusLabel: statusLabel(dossier.status), status: dossier.status ?? 0 });
        const used = await this.options.dossiers.usedBytes(tx, dossier.id);
        if (used + staged.sizeBytes > this.maxTotalBytes) throw new DomainError('DOSSIER_FILES_TOO_LARGE', { maxMb: megabytes(this.maxTotalBytes) });
        const file = await commit(tx, officer.id);
        const link = await this.options.dossiers.insertFile(tx, { dossier_id: dossier.id, document_id: pre.document.id, file_id: file.id });
        await this.repo.markDigitised(tx, dossier.id, now);
        await this.options.dossiers.insertEvent(tx, {
          dossier_id: dossier.id,
          at: now,
          actor_id: officer.id,
          status: dossier.status!,
          action: 'digitise',
          ...eventColumns({ key: 'timeline.digitise', params: { document: pre.document.name, file: file.original_name } }),
          handler_name: officer.fullName,
          department: await this.repo.departmentName(tx, officer.departmentId),
        });
        await this.audit.record(tx, officer, {
          action: 'intake.digitise',
          targetType: 'dossier',
          targetId: dossier.id,
          agencyId: dossier.agency_id,
          summary: { code: dossier.code, documentId: pre.document.id, fileId: file.id, name: file.original_name, mediaType, sizeBytes: staged.sizeBytes, sha256: file.sha256, scannedBy: officer.id, scannedByName: officer.fullName },
        });
        return { id: link.id, documentId: pre.document.id, fileId: file.id, name: file.original_name, mediaType, sizeBytes: staged.sizeBytes, sha256: file.sha256, digitised: true as const };
      }),
    );
  }

  // --- forms -------------------------------------------------------------------------------------

  private async receiptDataOf(db: Executor, officer: Actor, dossier: DossierRow, issuedAt: Date): Promise<ReceiptFormData> {
    const [summary, version, files, profile, heading, receiving] = await Promise.all([
      this.options.dossiers.summary(db, dossier.id),
      this.version(db, dossier.procedure_version_id),
      this.options.dossiers.filesOf(db, dossier.id),
      this.options.dossiers.profile(db, dossier.applicant_id),
      this.heading(db, dossier.agency_id),
      this.repo.latestEvent(db, dossier.id, ['accept', 'counter_intake']),
    ]);
    if (!summary) throw new DomainError('NOT_FOUND');
    const form = (dossier.form_data ?? {}) as Record<string, unknown>; // stored JSON (jsonb), not request data
    const organisation = dossier.applicant_kind === 'organisation';
    const stored = dossier.idempotent_response as { lookupSecret?: unknown } | null;
    return {
      agency: heading,
      issuedAt,
      code: dossier.code!,
      applicantName: dossier.applicant_name ?? text(form.fullName) ?? profile?.fullName ?? '',
      procedureName: summary.procedure_name,
      procedureCode: summary.procedure_code,
      receivedAt: dossier.received_at ?? dossier.submitted_at!,
      idKind: organisation ? 'taxCode' : 'personalId',
      idNumber: dossier.applicant_id_number ?? (organisation ? (text(form.taxCode) ?? profile?.taxCode ?? null) : (text(form.personalId) ?? profile?.personalId ?? null)),
      phone: text(form.phone) ?? profile?.phone ?? null,
      // An address field of the e-form on one line (the form's, not only the profile's).
      address: addressOf(form) ?? profile?.address ?? null,
      email: text(form.email) ?? profile?.email ?? null,
      requestContent: text(form.requestContent),
      channel: dossier.channel,
      documents: version.documents
        .map((d) => ({ name: d.name, copies: d.copies, originalKind: d.original_kind, files: files.filter((f) => f.document_id === d.id).map((f) => f.name) }))
        .filter((d) => d.files.length > 0),
      timeLimit: { value: Number(version.time_limit_value), unit: version.time_limit_unit, sameDay: version.same_day, none: version.no_time_limit },
      appointmentAt: appointmentOf(dossier),
      resultDelivery: dossier.result_delivery ?? (dossier.channel === 2 ? 'online' : null),
      lookupUrl: `${this.options.baseUrl}/tra-cuu`,
      lookupSecret: typeof stored?.lookupSecret === 'string' ? stored.lookupSecret : null,
      receiver: { name: receiving?.handler_name ?? officer.fullName },
    };
  }

  /** What form 01 (receipt and appointment) prints for a dossier of the officer's agency subtree. */
  async receiptData(actor: Actor | null, dossierId: string, now = new Date()): Promise<ReceiptFormData> {
    const officer = this.staff(actor);
    return this.db.transaction().execute(async (tx) => {
      const dossier = await this.dossierInScope(tx, officer, OFFICERS, dossierId);
      return this.receiptDataOf(tx, officer, dossier, now);
    });
  }

  /**
   * Form `kind` (01–06) of a dossier of the officer's agency subtree, from what the back office recorded (the
   * latest history event of the action and the structured summary of its audit entry): 02 the supplement
   * request's items, 03 the refusal's reasons, 04 the apology's reason and old/new appointment, 05 the stop's
   * reason, 06 the control-sheet rows (dossier_steps). 409 FORM_NOT_AVAILABLE when nothing is recorded yet.
   */
  async formPdf(actor: Actor | null, dossierId: string, kind: DossierFormKind, options: { locale?: Locale; now?: Date } = {}): Promise<FormPdf> {
    const officer = this.staff(actor);
    if (!(DOSSIER_FORMS as readonly string[]).includes(kind)) throw new DomainError('NOT_FOUND');
    const now = options.now ?? new Date();
    let code: string | null = null;
    const render = async (tx: Executor): Promise<Buffer> => {
      const dossier = await this.dossierInScope(tx, officer, OFFICERS, dossierId);
      code = dossier.code;
      if (kind === '01') return renderForm('01', await this.receiptDataOf(tx, officer, dossier, now), { locale: options.locale });
      const receipt = await this.receiptDataOf(tx, officer, dossier, now);
      const base = {
        agency: receipt.agency,
        issuedAt: now,
        code: receipt.code,
        applicantName: receipt.applicantName,
        procedureName: receipt.procedureName,
        procedureCode: receipt.procedureCode,
        receivedAt: receipt.receivedAt,
      };
      const unavailable = () => new DomainError('FORM_NOT_AVAILABLE', { form: kind });
      switch (kind) {
        case '02': {
          const facts = await this.repo.actionFacts(tx, dossier.id, 'request_supplement');
          const items = facts ? supplementItemsOf(facts) : [];
          if (!facts || !items.length) throw unavailable();
          return renderForm('02', { ...base, issuedAt: facts.at, items, reason: null, contact: null, officer: { name: facts.handlerName } }, { locale: options.locale });
        }
        case '03': {
          const facts = await this.repo.actionFacts(tx, dossier.id, 'refuse');
          const reasons = facts ? refusalReasonsOf(facts) : [];
          if (!facts || !reasons.length) throw unavailable();
          return renderForm('03', { ...base, issuedAt: facts.at, reasons, officer: { name: facts.handlerName } }, { locale: options.locale });
        }
        case '04': {
          const facts = await this.repo.actionFacts(tx, dossier.id, 'apologise');
          const dates = facts ? apologyDatesOf(facts, dossier) : null;
          if (!facts || !dates?.next) throw unavailable();
          return renderForm(
            '04',
            { ...base, issuedAt: facts.at, reason: reasonOf(facts), oldAppointmentAt: dates.previous ?? dates.next, newAppointmentAt: dates.next, signer: { name: null } },
            { locale: options.locale },
          );
        }
        case '05': {
          const facts = await this.repo.actionFacts(tx, dossier.id, 'stop');
          if (!facts) throw unavailable();
          return renderForm('05', { ...base, issuedAt: facts.at, reason: reasonOf(facts), stoppedAt: dossier.finished_at ?? facts.at, signer: { name: null } }, { locale: options.locale });
        }
        case '06': {
          const [steps, tasks] = await Promise.all([this.repo.steps(tx, dossier.id), this.repo.stepTasks(tx, dossier.id)]);
          return renderForm('06', { ...base, appointmentAt: receipt.appointmentAt, dueAt: dossier.due_at, rows: controlSheetRows(steps, tasks) }, { locale: options.locale });
        }
      }
    };
    const pdf = await this.db.transaction().execute(render);
    return { fileName: formFileName(kind as FormKind, code), pdf };
  }

  // --- tracking book (form 07) --------------------------------------------------------------------

  /**
   * The tracking book of an agency (default: the officer's own) for a period of Vietnamese days: every dossier
   * received (or, before acceptance, submitted) in it, oldest first, at most `BOOK_MAX_ROWS`.
   */
  async trackingBook(actor: Actor | null, input: { from: string; to: string; agencyId?: string | undefined }, now = new Date()): Promise<TrackingBookData> {
    const officer = this.staff(actor);
    const agencyId = input.agencyId ?? officer.agencyId;
    if (!agencyId || !isUuid(agencyId)) throw new DomainError('NOT_FOUND');
    const bounds = periodBounds(input.from, input.to);
    if ('errors' in bounds) throw new DomainError('VALIDATION_FAILED', undefined, bounds.errors);
    await this.agencies.authorize(officer, OFFICERS, agencyId);
    const [heading, rows] = await Promise.all([this.heading(this.db, agencyId), this.repo.trackingRows(this.db, agencyId, bounds.start, bounds.end, BOOK_MAX_ROWS)]);
    return {
      agency: heading,
      issuedAt: now,
      from: input.from,
      to: input.to,
      keeper: { name: officer.fullName },
      rows: rows.map((r) => ({
        code: r.code ?? '',
        procedureName: r.procedure_name,
        applicantName: r.applicant_name ?? '',
        contact: contactOf((r.form_data ?? {}) as Record<string, unknown>), // stored JSON (jsonb), not request data
        receivedAt: r.received_at ?? r.submitted_at,
        appointmentAt: appointmentOf(r),
        finishedAt: r.finished_at,
        returnedAt: r.returned_at,
        status: trackingStatus(statusLabel(r.status), r.timeliness),
      })),
    };
  }

  /** The tracking book as PDF (landscape) or Excel. */
  async trackingBookFile(actor: Actor | null, input: { from: string; to: string; agencyId?: string | undefined }, format: 'pdf' | 'xlsx', options: { locale?: Locale; now?: Date } = {}): Promise<{ fileName: string; bytes: Buffer }> {
    const data = await this.trackingBook(actor, input, options.now);
    const fileName = formFileName('07', `${input.from}_${input.to}`, format);
    const bytes = format === 'pdf' ? await renderForm('07', data, { locale: options.locale }) : await trackingBookToXlsx(data, options.locale);
    return { fileName, bytes };
  }
}
