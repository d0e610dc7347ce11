// SQL of notifications: in-app notifications, the SMS outbox, the recipients of a dossier's news, draft reminders.
import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { NotificationMessage, NotificationsTable } from '../../db/schema.ts';
import type { Locale } from '../../core/i18n.ts';

export interface NewNotification {
  account_id: string;
  dossier_id: string | null;
  kind: NotificationsTable['kind'];
  title: string;
  body: string;
  link: string | null;
  outbox_id: string | null;
  /** The notice as data, rendered in the reader's language when listed (title/body: in the recipient's). */
  message?: NotificationMessage | null;
}

export interface Recipient {
  id: string;
  full_name: string;
  email: string | null;
  phone: string | null;
  /** The language the account reads its e-mail, SMS and notifications in. */
  locale: Locale;
  /** The applicant themself (the others are members of the applicant's organisation). */
  applicant: boolean;
}

export class NotificationsRepository {
  /** A dossier with what a notification about it says. */
  dossier(db: Executor, id: string) {
    return db
      .selectFrom('dossiers as d')
      .innerJoin('procedure_versions as pv', 'pv.id', 'd.procedure_version_id')
      .innerJoin('agencies as a', 'a.id', 'd.agency_id')
      .select(['d.id', 'd.code', 'd.status', 'd.applicant_id', 'd.organisation_id', 'd.agency_id', 'd.form_data', 'd.appointment_at', 'd.expected_date', 'pv.name as procedure_name', 'a.name as agency_name'])
      .where('d.id', '=', id)
      .executeTakeFirst();
  }

  /** The applicant and the active members of their organisation (business dossiers). */
  async recipients(db: Executor, applicantId: string, organisationId: string | null): Promise<Recipient[]> {
    const rows = await db
      .selectFrom('accounts')
      .select(['id', 'full_name', 'email', 'phone', 'locale'])
      .where((eb) => (organisationId ? eb.or([eb('id', '=', applicantId), eb.and([eb('organisation_id', '=', organisationId), eb('status', '=', 'active')])]) : eb('id', '=', applicantId)))
      .orderBy('created_at')
      .execute();
    return rows.map((r) => ({ ...r, applicant: r.id === applicantId }));
  }

  /** The language of each of these accounts. */
  async localesOf(db: Executor, accountIds: readonly string[]): Promise<Map<string, Locale>> {
    if (!accountIds.length) return new Map();
    const rows = await db.selectFrom('accounts').select(['id', 'locale']).where('id', 'in', accountIds).execute();
    return new Map(rows.map((r) => [r.id, r.locale]));
  }

  async insert(db: Executor, rows: NewNotification[]): Promise<void> {
    if (!rows.length) return;
    await db.insertInto('notifications').values(rows.map((r) => ({ ...r, message: r.message ?? null }))).execute();
  }

  list(db: Executor, accountId: string, options: { limit: number; offset: number }) {
    return db
      .selectFrom('notifications')
      .select(['id', 'dossier_id', 'kind', 'title', 'body', 'link', 'message', 'created_at', 'read_at'])
      .where('account_id', '=', accountId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(options.limit)
      .offset(options.offset)
      .execute();
  }

  async count(db: Executor, accountId: string, unreadOnly = false): Promise<number> {
    let query = db.selectFrom('notifications').select(sql<number>`count(*)::int`.as('n')).where('account_id', '=', accountId);
    if (unreadOnly) query = query.where('read_at', 'is', null);
    return (await query.executeTakeFirstOrThrow()).n;
  }

  /** Marks one (or, without id, every) notification of the account read; returns how many changed. */
  async markRead(db: Executor, accountId: string, id: string | null, at: Date): Promise<number> {
    let query = db.updateTable('notifications').set({ read_at: at }).where('account_id', '=', accountId).where('read_at', 'is', null);
    if (id) query = query.where('id', '=', id);
    return Number((await query.executeTakeFirst()).numUpdatedRows);
  }

  async exists(db: Executor, accountId: string, id: string): Promise<boolean> {
    return !!(await db.selectFrom('notifications').select('id').where('id', '=', id).where('account_id', '=', accountId).executeTakeFirst());
  }

  // --- SMS outbox -------------------------------------------------------------------------------

  async insertSms(db: Executor, to: string, body: string): Promise<string> {
    const row = await db.insertInto('sms_messages').values({ to_number: to, body }).returning('id').executeTakeFirstOrThrow();
    return row.id;
  }

  async pendingSmsIds(db: Executor, limit: number): Promise<string[]> {
    const rows = await db.selectFrom('sms_messages').select('id').where('status', '=', 'pending').orderBy('created_at').orderBy('id').limit(limit).execute();
    return rows.map((r) => r.id);
  }

  lockPendingSms(db: Executor, id: string) {
    return db.selectFrom('sms_messages').selectAll().where('id', '=', id).where('status', '=', 'pending').forUpdate().skipLocked().executeTakeFirst();
  }

  async markSmsSent(db: Executor, id: string, at: Date): Promise<void> {
    await db.updateTable('sms_messages').set({ status: 'sent', sent_at: at, attempts: sql`attempts + 1`, last_error: null }).where('id', '=', id).execute();
  }

  async markSmsFailure(db: Executor, id: string, attempts: number, status: 'pending' | 'failed', error: string): Promise<void> {
    await db.updateTable('sms_messages').set({ status, attempts, last_error: error.slice(0, 1000) }).where('id', '=', id).execute();
  }

  // --- draft reminders --------------------------------------------------------------------------

  /** Drafts untouched since `before`, not reminded since their last change; locked, others' locks skipped. */
  draftsToRemind(db: Executor, before: Date, limit: number) {
    return db
      .selectFrom('dossiers as d')
      .innerJoin('accounts as acc', 'acc.id', 'd.applicant_id')
      .innerJoin('procedure_versions as pv', 'pv.id', 'd.procedure_version_id')
      .select(['d.id', 'd.updated_at', 'd.applicant_id', 'acc.full_name', 'acc.email', 'acc.locale', 'pv.name as procedure_name'])
      .where('d.status', 'is', null)
      .where('d.updated_at', '<', before)
      .where((eb) => eb.or([eb('d.reminded_at', 'is', null), eb('d.reminded_at', '<', eb.ref('d.updated_at'))]))
      .orderBy('d.updated_at')
      .limit(limit)
      .forUpdate('d')
      .skipLocked()
      .execute();
  }

  /** Records the reminder without touching updated_at (the draft's last change). */
  async markReminded(db: Executor, ids: string[], at: Date): Promise<void> {
    if (!ids.length) return;
    await db.updateTable('dossiers').set({ reminded_at: at }).where('id', 'in', ids).where('status', 'is', null).execute();
  }
}
