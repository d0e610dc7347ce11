// The only SQL of data sharing: the lookups kept with each dossier (data_sharing_lookups, migration 0031).
import type { Selectable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { DataSharingLookupsTable, DataSharingOutcome, SharedSource } from '../../db/schema.ts';
import type { FilledField } from './datasharing.rules.ts';

export type LookupRow = Selectable<DataSharingLookupsTable>;

export interface NewLookup {
  dossierId: string;
  actorId: string | null;
  service: SharedSource;
  subject: string;
  at: Date;
  outcome: DataSharingOutcome;
  detail: string | null;
  answer: Record<string, unknown> | null;
  filled: Record<string, FilledField>;
  durationMs: number;
}

export class DataSharingRepository {
  async insert(db: Executor, lookups: readonly NewLookup[]): Promise<void> {
    if (!lookups.length) return;
    await db
      .insertInto('data_sharing_lookups')
      .values(
        lookups.map((l) => ({
          dossier_id: l.dossierId,
          actor_id: l.actorId,
          service: l.service,
          subject: l.subject,
          at: l.at,
          outcome: l.outcome,
          detail: l.detail ? l.detail.slice(0, 500) : null,
          answer: l.answer ? JSON.stringify(l.answer) : null,
          filled: JSON.stringify(l.filled),
          duration_ms: Math.max(0, Math.round(l.durationMs)),
        })),
      )
      .execute();
  }

  /** The lookups of a dossier, oldest first. */
  async ofDossier(db: Executor, dossierId: string): Promise<LookupRow[]> {
    return db.selectFrom('data_sharing_lookups').selectAll().where('dossier_id', '=', dossierId).orderBy('at').orderBy('id').execute();
  }

  /** The lookups of a dossier with the name of who made them. */
  async withActors(db: Executor, dossierId: string): Promise<Array<LookupRow & { actor_name: string | null }>> {
    return db
      .selectFrom('data_sharing_lookups as l')
      .leftJoin('accounts as a', 'a.id', 'l.actor_id')
      .selectAll('l')
      .select('a.full_name as actor_name')
      .where('l.dossier_id', '=', dossierId)
      .orderBy('l.at')
      .orderBy('l.id')
      .execute();
  }
}
