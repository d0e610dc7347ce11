// SQL of the personal document store (personal_documents) and of the dossier attachments it is used with.
import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';

export interface StoreDocumentRow {
  id: string;
  owner_id: string;
  organisation_id: string | null;
  file_id: string;
  title: string;
  kind: 'upload' | 'result';
  source_dossier_id: string | null;
  source_dossier_code: string | null;
  created_at: Date;
  name: string;
  media_type: string;
  size_bytes: string;
  sha256: string;
}

export interface Viewer {
  id: string;
  organisationId: string | null;
}

export class DocumentsRepository {
  /** Adds a file to a person's store; the same file and kind is kept once (a second add changes nothing). */
  async insert(db: Executor, row: { owner_id: string; organisation_id: string | null; file_id: string; title: string; kind: 'upload' | 'result'; source_dossier_id: string | null }): Promise<void> {
    await db
      .insertInto('personal_documents')
      .values(row)
      .onConflict((oc) => oc.columns(['owner_id', 'file_id', 'kind']).doNothing())
      .execute();
  }

  private query(db: Executor) {
    return db
      .selectFrom('personal_documents as pd')
      .innerJoin('files as f', 'f.id', 'pd.file_id')
      .leftJoin('dossiers as d', 'd.id', 'pd.source_dossier_id')
      .select([
        'pd.id',
        'pd.owner_id',
        'pd.organisation_id',
        'pd.file_id',
        'pd.title',
        'pd.kind',
        'pd.source_dossier_id',
        'd.code as source_dossier_code',
        'pd.created_at',
        'f.original_name as name',
        'f.media_type',
        'f.size_bytes',
        'f.sha256',
      ]);
  }

  /** The store of a person: their own documents and, for organisation members, the organisation's. */
  listVisible(db: Executor, viewer: Viewer, limit = 500): Promise<StoreDocumentRow[]> {
    return this.query(db)
      .where((eb) => (viewer.organisationId ? eb.or([eb('pd.owner_id', '=', viewer.id), eb('pd.organisation_id', '=', viewer.organisationId)]) : eb('pd.owner_id', '=', viewer.id)))
      .orderBy('pd.created_at', 'desc')
      .orderBy('pd.id')
      .limit(limit)
      .execute() as Promise<StoreDocumentRow[]>;
  }

  findVisible(db: Executor, id: string, viewer: Viewer): Promise<StoreDocumentRow | undefined> {
    return this.query(db)
      .where('pd.id', '=', id)
      .where((eb) => (viewer.organisationId ? eb.or([eb('pd.owner_id', '=', viewer.id), eb('pd.organisation_id', '=', viewer.organisationId)]) : eb('pd.owner_id', '=', viewer.id)))
      .executeTakeFirst() as Promise<StoreDocumentRow | undefined>;
  }

  /**
   * Forgets the uploads that came from these dossiers (removed from a draft, or an abandoned draft purged)
   * unless another dossier uses the same file. Returns the file ids concerned.
   */
  async forgetUploads(db: Executor, dossierIds: string[], fileIds?: string[]): Promise<string[]> {
    if (!dossierIds.length || (fileIds && !fileIds.length)) return [];
    let query = db
      .deleteFrom('personal_documents as pd')
      .where('pd.kind', '=', 'upload')
      .where('pd.source_dossier_id', 'in', dossierIds)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('dossier_files as df')
              .select(sql`1`.as('one'))
              .whereRef('df.file_id', '=', 'pd.file_id')
              .where('df.dossier_id', 'not in', dossierIds),
          ),
        ),
      );
    if (fileIds) query = query.where('pd.file_id', 'in', fileIds);
    const rows = await query.returning('pd.file_id').execute();
    return rows.map((r) => r.file_id);
  }

  /** The attachments of a dossier matching `id` (the attachment's id, or the stored file's id). */
  attachmentsMatching(db: Executor, dossierId: string, id: string): Promise<Array<{ id: string; file_id: string; document_id: string; name: string }>> {
    return db
      .selectFrom('dossier_files as df')
      .innerJoin('files as f', 'f.id', 'df.file_id')
      .select(['df.id', 'df.file_id', 'df.document_id', 'f.original_name as name'])
      .where('df.dossier_id', '=', dossierId)
      .where((eb) => eb.or([eb('df.id', '=', id), eb('df.file_id', '=', id)]))
      .execute();
  }

  async deleteAttachments(db: Executor, ids: string[]): Promise<void> {
    if (!ids.length) return;
    await db.deleteFrom('dossier_files').where('id', 'in', ids).execute();
  }

  /** True when the dossier already has this file for this document. */
  async hasAttachment(db: Executor, dossierId: string, documentId: string, fileId: string): Promise<boolean> {
    const row = await db.selectFrom('dossier_files').select('id').where('dossier_id', '=', dossierId).where('document_id', '=', documentId).where('file_id', '=', fileId).executeTakeFirst();
    return row !== undefined;
  }
}
