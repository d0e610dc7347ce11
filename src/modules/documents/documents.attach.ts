// Attaching a document of the personal store to a dossier (the same stored file, not a copy), shared by
// attaching to a draft (DocumentsService.attachFromStore) and adding a supplement file from the store
// (DossiersService.attachSupplementFromStore): the target document and the stored file are resolved (every
// field error at once), the target's limits apply (allowed types, size per file and per dossier), a file already
// attached to that document is refused; then the link is inserted and the dossier touched. The callers lock the
// dossier, check its status and write the history and the audit.
import { ATTACHMENT_MEDIA_TYPES } from '../files/files.inspect.rules.ts';
import { isUuid } from '../../core/ids.ts';
import { DomainError, type FieldError } from '../../core/errors.ts';
import type { Executor } from '../../db/database.ts';
import type { VersionRecord } from '../catalog/catalog.service.ts';
import { megabytes } from '../dossiers/dossiers.rules.ts';
import type { DossierRecords, StoreAttachment, StoreAttachmentInput } from '../dossiers/dossiers.service.ts';
import type { DocumentsRepository, Viewer } from './documents.repository.ts';
import './documents.errors.ts';

export type { StoreAttachment, StoreAttachmentInput };

export async function attachStoreDocument(
  tx: Executor,
  repos: { store: DocumentsRepository; dossiers: Pick<DossierRecords, 'usedBytes' | 'insertFile' | 'touch'> },
  target: { dossierId: string; version: VersionRecord; viewer: Viewer; maxFileBytes: number; maxTotalBytes: number },
  input: StoreAttachmentInput,
): Promise<StoreAttachment> {
  const errors: FieldError[] = [];
  const document = input.documentId ? target.version.documents.find((d) => d.id === input.documentId) : undefined;
  if (!input.documentId) errors.push({ path: '/documentId', code: 'required' });
  else if (!document) errors.push({ path: '/documentId', code: 'DOCUMENT_UNKNOWN' });
  const stored = input.personalDocumentId && isUuid(input.personalDocumentId) ? await repos.store.findVisible(tx, input.personalDocumentId, target.viewer) : undefined;
  if (!input.personalDocumentId) errors.push({ path: '/personalDocumentId', code: 'required' });
  else if (!stored) errors.push({ path: '/personalDocumentId', code: 'STORE_DOCUMENT_NOT_FOUND' });
  if (errors.length) throw new DomainError('VALIDATION_FAILED', undefined, errors);
  const file = stored!;
  const size = Number(file.size_bytes);
  if (!ATTACHMENT_MEDIA_TYPES.includes(file.media_type)) {
    throw new DomainError('FILE_TYPE_NOT_ALLOWED', { name: file.name }, [{ path: '/personalDocumentId', code: 'FILE_TYPE_NOT_ALLOWED', params: { name: file.name } }]);
  }
  if (size > target.maxFileBytes) throw new DomainError('FILE_TOO_LARGE', { maxMb: megabytes(target.maxFileBytes) });
  if ((await repos.dossiers.usedBytes(tx, target.dossierId)) + size > target.maxTotalBytes) throw new DomainError('DOSSIER_FILES_TOO_LARGE', { maxMb: megabytes(target.maxTotalBytes) });
  if (await repos.store.hasAttachment(tx, target.dossierId, document!.id, file.file_id)) throw new DomainError('FILE_ALREADY_ATTACHED', { name: file.name });
  const link = await repos.dossiers.insertFile(tx, { dossier_id: target.dossierId, document_id: document!.id, file_id: file.file_id });
  await repos.dossiers.touch(tx, target.dossierId);
  return { link, document: document!, file, size };
}
