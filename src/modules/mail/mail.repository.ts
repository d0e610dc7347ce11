// SQL of the mail outbox (mail_messages).
import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string | null;
}

export class MailRepository {
  /** clock_timestamp(): messages queued in one transaction still list in the order they were written. */
  async insert(db: Executor, mail: OutgoingMail): Promise<string> {
    const row = await db
      .insertInto('mail_messages')
      .values({ to_address: mail.to, subject: mail.subject, body_text: mail.text, body_html: mail.html ?? null, created_at: sql<Date>`clock_timestamp()` })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async pendingIds(db: Executor, limit: number): Promise<string[]> {
    const rows = await db.selectFrom('mail_messages').select('id').where('status', '=', 'pending').orderBy('created_at').orderBy('id').limit(limit).execute();
    return rows.map((r) => r.id);
  }

  /** Locks one pending message for delivery; another worker holding it makes this return nothing. */
  lockPending(db: Executor, id: string) {
    return db
      .selectFrom('mail_messages')
      .selectAll()
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
  }

  async markSent(db: Executor, id: string): Promise<void> {
    await db
      .updateTable('mail_messages')
      .set({ status: 'sent', sent_at: new Date(), attempts: sql`attempts + 1`, last_error: null })
      .where('id', '=', id)
      .execute();
  }

  async markFailure(db: Executor, id: string, attempts: number, status: 'pending' | 'failed', error: string): Promise<void> {
    await db.updateTable('mail_messages').set({ status, attempts, last_error: error.slice(0, 1000) }).where('id', '=', id).execute();
  }

  /** Without SMTP every pending message stays in the local mailbox. */
  async keepPending(db: Executor, limit: number): Promise<number> {
    const result = await db
      .updateTable('mail_messages')
      .set({ status: 'kept' })
      .where('id', 'in', (eb) => eb.selectFrom('mail_messages').select('id').where('status', '=', 'pending').orderBy('created_at').limit(limit))
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  list(db: Executor, options: { limit: number; offset: number }) {
    return db
      .selectFrom('mail_messages')
      .select(['id', 'to_address', 'subject', 'status', 'created_at'])
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(options.limit)
      .offset(options.offset)
      .execute();
  }

  async count(db: Executor): Promise<number> {
    const row = await db.selectFrom('mail_messages').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    return row.n;
  }

  findById(db: Executor, id: string) {
    return db.selectFrom('mail_messages').selectAll().where('id', '=', id).executeTakeFirst();
  }
}
