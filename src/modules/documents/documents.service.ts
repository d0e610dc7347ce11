// The personal document store (kho dữ liệu cá nhân): every file a person attached to a dossier and every result
// they received, kept so that a later dossier attaches it again (the same stored file, no copy). Also the two
// attachment use cases that work with it: attaching from the store and removing an attachment from a draft.
// Authorisation is checked here: a person sees their own store and, as a business member, the organisation's.
import type { Static } from 'typebox';
import { isUuid } from '../../core/ids.ts';
import type { Actor } from '../../core/actor.ts';
import { DomainError } from '../../core/errors.ts';
import type { Db, Executor } from '../../db/database.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { ProcedureVersions, type VersionSource } from '../dossiers/dossiers.eform.ts';
import { dossierRecords, type DossierRecords, type FileView, type PersonalStore, type StoreAttachment } from '../dossiers/dossiers.service.ts';
import { DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_TOTAL_BYTES, statusLabel } from '../dossiers/dossiers.rules.ts';
import '../dossiers/dossiers.errors.ts';
import type { FileStorage, OpenedFile } from '../files/files.service.ts';
import { attachStoreDocument, type StoreAttachmentInput } from './documents.attach.ts';
import { DocumentsRepository, type StoreDocumentRow, type Viewer } from './documents.repository.ts';
import type { StoreDocument } from './documents.schemas.ts';
import './documents.errors.ts';


/** An entry of the person's document store: the API's (documents.schemas.ts). */
export type StoreDocumentView = Static<typeof StoreDocument>;

export interface StoreEntryInput {
  accountId: string;
  organisationId: string | null;
  fileId: string;
  title: string;
  dossierId: string | null;
}

/** A file attached to a dossier's document (as an upload answers). */
type DossierRow = NonNullable<Awaited<ReturnType<DossierRecords['lockOwn']>>>;

export type AttachedFromStore = { id: string; documentId: string } & FileView;

export interface DocumentsOptions {
  maxFileBytes?: number;
  maxTotalBytes?: number;
  /** Procedure versions of the dossiers it attaches to (the catalog's port, CatalogService.versionRecord). */
  catalog: VersionSource;
}

function view(row: StoreDocumentRow): StoreDocumentView {
  return {
    id: row.id,
    title: row.title,
    kind: row.kind,
    fileId: row.file_id,
    name: row.name,
    mediaType: row.media_type,
    sizeBytes: Number(row.size_bytes),
    sha256: row.sha256,
    sourceDossierId: row.source_dossier_id,
    sourceDossierCode: row.source_dossier_code,
    createdAt: new Date(row.created_at).toISOString(),
    shared: row.organisation_id !== null,
  };
}

function viewerOf(actor: Actor): Viewer {
  return { id: actor.id, organisationId: actor.kind === 'organisation' ? actor.organisationId : null };
}

function title(value: string): string {
  const clean = value.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim();
  return (clean || '—').slice(0, 500);
}

export class DocumentsService implements PersonalStore {
  constructor(
    private readonly db: Db,
    private readonly files: FileStorage,
    private readonly audit: AuditService,
    private readonly options: DocumentsOptions,
    private readonly repo = new DocumentsRepository(),
    /** The dossier records it locks and links files to (a port of the dossiers module). */
    private readonly dossiers: DossierRecords = dossierRecords(),
  ) {
    this.versions = new ProcedureVersions(options.catalog);
  }

  private readonly versions: ProcedureVersions;

  private requireApplicant(actor: Actor | null): Actor {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (actor.kind !== 'citizen' && actor.kind !== 'organisation') throw new DomainError('DOSSIER_APPLICANTS_ONLY');
    return actor;
  }

  // --- filling the store (called inside other use cases' transactions) ----------------------------

  /** A file the person attached to a dossier (in the attaching transaction). */
  async recordUpload(tx: Executor, input: StoreEntryInput): Promise<void> {
    await this.repo.insert(tx, { owner_id: input.accountId, organisation_id: input.organisationId, file_id: input.fileId, title: title(input.title), kind: 'upload', source_dossier_id: input.dossierId });
  }

  /** A result issued to the applicant (the back office calls this when it hands a result over). */
  async addResult(tx: Executor, input: StoreEntryInput): Promise<void> {
    await this.repo.insert(tx, { owner_id: input.accountId, organisation_id: input.organisationId, file_id: input.fileId, title: title(input.title), kind: 'result', source_dossier_id: input.dossierId });
  }

  /** Purged drafts: their uploads leave the store unless another dossier uses the same file. */
  forgetDraftUploads(tx: Executor, dossierIds: string[]): Promise<string[]> {
    return this.repo.forgetUploads(tx, dossierIds);
  }

  // --- reading ---------------------------------------------------------------------------------------

  async listMine(actor: Actor | null): Promise<StoreDocumentView[]> {
    const viewer = this.requireApplicant(actor);
    return (await this.repo.listVisible(this.db, viewerOf(viewer))).map(view);
  }

  /** One document of the person's store with its content (others: 404). */
  async open(actor: Actor | null, id: string): Promise<OpenedFile & { document: StoreDocumentView }> {
    const viewer = this.requireApplicant(actor);
    if (!isUuid(id)) throw new DomainError('NOT_FOUND');
    const row = await this.repo.findVisible(this.db, id, viewerOf(viewer));
    if (!row) throw new DomainError('NOT_FOUND');
    const opened = await this.files.open(row.file_id);
    if (!opened) throw new DomainError('NOT_FOUND');
    return { ...opened, document: view(row) };
  }

  // --- attachments -----------------------------------------------------------------------------------

  /** PersonalStore.attach: a store document attached to a dossier the caller has locked (DossiersService). */
  attach(tx: Executor, target: Parameters<PersonalStore['attach']>[1], input: StoreAttachmentInput): Promise<StoreAttachment> {
    return attachStoreDocument(tx, { store: this.repo, dossiers: this.dossiers }, target, input);
  }

  private async lockDraft(tx: Executor, actor: Actor, dossierId: string): Promise<DossierRow> {
    if (!isUuid(dossierId)) throw new DomainError('NOT_FOUND');
    const dossier = await this.dossiers.lockOwn(tx, dossierId, actor.id);
    if (!dossier) throw new DomainError('NOT_FOUND');
    if (dossier.status !== null) {
      throw new DomainError('DOSSIER_ALREADY_SUBMITTED', { dossierCode: dossier.code ?? '', statusLabel: statusLabel(dossier.status), status: dossier.status });
    }
    return dossier;
  }

  /**
   * Attaches a document of the person's store to a required document of their draft: the same stored file,
   * not a copy. The target document's limits apply (allowed types, size per file and per dossier).
   */
  async attachFromStore(actor: Actor | null, dossierId: string, input: StoreAttachmentInput): Promise<AttachedFromStore> {
    const applicant = this.requireApplicant(actor);
    const maxFile = this.options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    const maxTotal = this.options.maxTotalBytes ?? DEFAULT_MAX_TOTAL_BYTES;
    return this.db.transaction().execute(async (tx) => {
      const dossier = await this.lockDraft(tx, applicant, dossierId);
      const version = await this.versions.get(tx, dossier.procedure_version_id);
      const { link, document, file, size } = await attachStoreDocument(
        tx,
        { store: this.repo, dossiers: this.dossiers },
        { dossierId: dossier.id, version, viewer: viewerOf(applicant), maxFileBytes: maxFile, maxTotalBytes: maxTotal },
        input,
      );
      await this.audit.record(tx, applicant, {
        action: 'dossier.add_file_from_store',
        targetType: 'dossier',
        targetId: dossier.id,
        agencyId: dossier.agency_id,
        summary: { documentId: document.id, personalDocumentId: file.id, fileId: file.file_id, name: file.name, sizeBytes: size, sha256: file.sha256 },
      });
      return { id: link.id, documentId: document.id, fileId: file.file_id, name: file.name, mediaType: file.media_type, sizeBytes: size, sha256: file.sha256, uploadedAt: new Date(link.created_at).toISOString() };
    });
  }

  /**
   * Removes an attachment (by its id, or by the stored file's id) from the person's own draft. An upload made
   * for this draft leaves the store too, unless another dossier uses it; the stored file itself is deleted
   * only when nothing references it any more (a document from the store stays there).
   */
  async removeAttachment(actor: Actor | null, dossierId: string, id: string): Promise<{ removed: number; fileDeleted: boolean }> {
    const applicant = this.requireApplicant(actor);
    if (!isUuid(id)) throw new DomainError('NOT_FOUND');
    const { keys, removed } = await this.db.transaction().execute(async (tx) => {
      const dossier = await this.lockDraft(tx, applicant, dossierId);
      const links = await this.repo.attachmentsMatching(tx, dossier.id, id);
      if (!links.length) throw new DomainError('NOT_FOUND');
      const fileIds = [...new Set(links.map((l) => l.file_id))];
      await this.repo.deleteAttachments(tx, links.map((l) => l.id));
      await this.repo.forgetUploads(tx, [dossier.id], fileIds);
      const keys = await this.files.release(tx, fileIds);
      await this.dossiers.touch(tx, dossier.id);
      await this.audit.record(tx, applicant, {
        action: 'dossier.remove_file',
        targetType: 'dossier',
        targetId: dossier.id,
        agencyId: dossier.agency_id,
        summary: { attachments: links.map((l) => ({ id: l.id, documentId: l.document_id, fileId: l.file_id, name: l.name })), filesDeleted: keys.length },
      });
      return { keys, removed: links.length };
    });
    await this.files.removeContent(keys);
    return { removed, fileDeleted: keys.length > 0 };
  }
}
