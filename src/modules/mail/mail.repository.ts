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

  /** `to`: only messages to these addresses (compared in lower case); null: all. */
  list(db: Executor, options: { limit: number; offset: number; to: readonly string[] | null }) {
    const to = options.to;
    if (to && to.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('mail_messages')
      .select(['id', 'to_address', 'subject', 'status', 'created_at'])
      .$if(to !== null, (q) => q.where(sql<string>`lower(trim(to_address))`, 'in', to!))
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(options.limit)
      .offset(options.offset)
      .execute();
  }

  async count(db: Executor, to: readonly string[] | null = null): Promise<number> {
    if (to && to.length === 0) return 0;
    const row = await db
      .selectFrom('mail_messages')
      .select(sql<number>`count(*)::int`.as('n'))
      .$if(to !== null, (q) => q.where(sql<string>`lower(trim(to_address))`, 'in', to!))
      .executeTakeFirstOrThrow();
    return row.n;
  }

  /** The e-mail addresses of those accounts that still wait for their e-mail check. */
  async pendingEmails(db: Executor, accountIds: readonly string[]): Promise<string[]> {
    const rows = await db.selectFrom('accounts').select('email').where('id', 'in', accountIds).where('status', '=', 'pending').execute();
    return rows.flatMap((r) => (r.email ? [r.email] : []));
  }

  /** The e-mail and phone of an account (what its test inboxes show it). */
  contactOf(db: Executor, accountId: string) {
    return db.selectFrom('accounts').select(['email', 'phone']).where('id', '=', accountId).executeTakeFirst();
  }

  /** The language an account reads its mail in (migration 0022). */
  async localeOf(db: Executor, accountId: string): Promise<'vi' | 'en' | undefined> {
    return (await db.selectFrom('accounts').select('locale').where('id', '=', accountId).executeTakeFirst())?.locale;
  }

  findById(db: Executor, id: string) {
    return db.selectFrom('mail_messages').selectAll().where('id', '=', id).executeTakeFirst();
  }
}
