// SQL of the messages between the applicant and the agency handling a dossier.
import type { Executor } from '../../db/database.ts';

export interface MessageRow {
  id: string;
  from_applicant: boolean;
  author_name: string;
  body: string;
  created_at: Date;
  read_at: Date | null;
}

export class MessagesRepository {
  /** The dossier with who may see it. */
  dossier(db: Executor, id: string) {
    return db
      .selectFrom('dossiers')
      .select(['id', 'code', 'status', 'applicant_id', 'organisation_id', 'agency_id'])
      .where('id', '=', id)
      .executeTakeFirst();
  }

  list(db: Executor, dossierId: string): Promise<MessageRow[]> {
    return db
      .selectFrom('dossier_messages as m')
      .innerJoin('accounts as a', 'a.id', 'm.author_id')
      .select(['m.id', 'm.from_applicant', 'a.full_name as author_name', 'm.body', 'm.created_at', 'm.read_at'])
      .where('m.dossier_id', '=', dossierId)
      .orderBy('m.created_at')
      .orderBy('m.id')
      .execute();
  }

  insert(db: Executor, row: { dossier_id: string; author_id: string; from_applicant: boolean; body: string }) {
    return db.insertInto('dossier_messages').values(row).returning(['id', 'created_at']).executeTakeFirstOrThrow();
  }

  /** Marks the messages written by the other side read. */
  async markRead(db: Executor, dossierId: string, fromApplicant: boolean, at: Date): Promise<void> {
    await db.updateTable('dossier_messages').set({ read_at: at }).where('dossier_id', '=', dossierId).where('from_applicant', '=', fromApplicant).where('read_at', 'is', null).execute();
  }
}
