// SQL of the public disclosure pages: the dossiers of an agency and what is now part of it (its subtree and the
// agencies merged into them: AgenciesService.nowPartOf, given as ids) in progress now or resolved in a period.
import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import { IN_PROGRESS_STATUSES } from '../kernel/dossier.ts';

export interface PublicDossierRow {
  code: string;
  applicant_name: string | null;
  applicant_kind: 'citizen' | 'organisation';
  procedure_name: string;
  status: number;
  received_at: Date | null;
  due_at: Date | null;
  finished_at: Date | null;
  timeliness: 'early' | 'on_time' | 'late' | null;
}

export class DisclosureRepository {
  private base(db: Executor, agencyIds: readonly string[]) {
    return db
      .selectFrom('dossiers as d')
      .innerJoin('procedure_versions as v', 'v.id', 'd.procedure_version_id')
      .where(sql<boolean>`d.agency_id = ANY(${[...agencyIds]}::uuid[])`)
      .where('d.code', 'is not', null);
  }

  private columns = ['d.code', 'd.applicant_name', 'd.applicant_kind', 'v.name as procedure_name', 'd.status', 'd.received_at', 'd.due_at', 'd.finished_at', 'd.timeliness'] as const;

  /** In progress now (received, not finished): status 2, 4, 5, 6; most urgent first. */
  async inProgress(db: Executor, agencyIds: readonly string[], limit: number, offset: number): Promise<{ rows: PublicDossierRow[]; total: number }> {
    const q = this.base(db, agencyIds).where('d.status', 'in', IN_PROGRESS_STATUSES).where('d.received_at', 'is not', null);
    const [rows, total] = await Promise.all([
      q.select([...this.columns]).orderBy('d.due_at', 'asc').orderBy('d.code').limit(limit).offset(offset).execute(),
      q.select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows: rows as PublicDossierRow[], total: Number(total.n) };
  }

  /** Resolved (result ready: timeliness set) in [from, to); latest first. */
  async resolved(db: Executor, agencyIds: readonly string[], from: Date, to: Date, limit: number, offset: number): Promise<{ rows: PublicDossierRow[]; total: number }> {
    const q = this.base(db, agencyIds).where('d.timeliness', 'is not', null).where('d.finished_at', '>=', from).where('d.finished_at', '<', to);
    const [rows, total] = await Promise.all([
      q.select([...this.columns]).orderBy('d.finished_at', 'desc').orderBy('d.code').limit(limit).offset(offset).execute(),
      q.select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows: rows as PublicDossierRow[], total: Number(total.n) };
  }
}
