// SQL of the e-form content of a dossier (dossiers.form-content.ts): the applicant's answers, staff's answers to
// the officer-only fields (dossiers.officer_data, migration 0039) and the version they belong to.
import type { Executor } from '../../db/database.ts';

export interface DossierFormRow {
  id: string;
  procedure_version_id: string;
  organisation_id: string | null;
  status: number | null;
  form_data: Record<string, unknown>;
  officer_data: Record<string, unknown>;
}

export class DossierFormContentRepository {
  async load(db: Executor, dossierId: string, forUpdate = false): Promise<DossierFormRow | undefined> {
    let query = db.selectFrom('dossiers').select(['id', 'procedure_version_id', 'organisation_id', 'status', 'form_data', 'officer_data']).where('id', '=', dossierId);
    if (forUpdate) query = query.forUpdate();
    return query.executeTakeFirst();
  }

  async setOfficerData(db: Executor, dossierId: string, data: Record<string, unknown>): Promise<void> {
    await db.updateTable('dossiers').set({ officer_data: JSON.stringify(data), updated_at: new Date() }).where('id', '=', dossierId).execute();
  }
}
