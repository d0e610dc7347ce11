// Notifications: the applicant (and the members of their organisation) is told of every status change of their
// dossier in the app, by e-mail (mail outbox) and by SMS (SMS outbox, gateway adapter), and of new messages from
// the agency; drafts about to be deleted get one reminder e-mail. Outbox consumer 'notifications'.
import type { Static } from 'typebox';
import { isUuid } from '../../core/ids.ts';
import type { Actor } from '../../core/actor.ts';
import { DomainError } from '../../core/errors.ts';
import { DEFAULT_LOCALE, translate, type Locale } from '../../core/i18n.ts';
import { formatDate } from '../../core/text.ts';
import type { Db, Executor } from '../../db/database.ts';
import type { MailService } from '../mail/mail.service.ts';
import { paragraphsMail } from '../mail/mail.rules.ts';
import type { NotificationMessage } from '../../db/schema.ts';
import { consumeOutbox, type ConsumeReport, type OutboxConsumer, type OutboxMessage } from '../outbox/outbox.service.ts';
import { NotificationsRepository, type NewNotification, type Recipient } from './notifications.repository.ts';
import {
  agencyMessage,
  apologyMessage,
  deletionDate,
  isNewsForApplicant,
  noticeMail,
  paymentMessage,
  postalMessage,
  reminderCutoff,
  reminderMessage,
  renderNotice,
  resultMessage,
  smsNumber,
  smsStatusAfterFailure,
  statusMessage,
  submittedMessage,
  type DraftPolicy,
  type NoticeMessage,
  type OfficerReminder,
} from './notifications.rules.ts';
import { SmsError, type SmsSender } from './sms.ts';
import type { NotificationItem as NotificationItemT } from './notifications.schemas.ts';

export const NOTIFICATIONS_CONSUMER = 'notifications';
export const NOTIFICATION_TOPICS = ['dossier.submitted', 'dossier.status', 'dossier.result', 'dossier.postal', 'payment.paid'] as const;


export interface NotificationsOptions {
  baseUrl: string;
  draftPolicy: DraftPolicy;
}

/** An officer to remind (handling.reminders.ts `reminderRecipients`). */
export interface OfficerContact {
  id: string;
  fullName: string;
  email: string | null;
}

export interface SmsReport {
  sent: number;
  retrying: number;
  failed: number;
}

/** A notification in the reader's language: the API's item (notifications.schemas.ts), createdAt as a Date. */
export type NotificationItem = Omit<Static<typeof NotificationItemT>, 'createdAt'> & { createdAt: Date };

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

export class NotificationsService {
  constructor(
    private readonly db: Db,
    private readonly mail: MailService,
    /** null: no SMS gateway configured (nothing is queued). */
    private readonly sms: SmsSender | null,
    private readonly options: NotificationsOptions,
    private readonly repo = new NotificationsRepository(),
  ) {}

  private dossierUrl(dossierId: string): string {
    return `${this.options.baseUrl}/ho-so/${dossierId}`;
  }

  /** A notification e-mail in the recipient's language: greeting, paragraphs, the dossier's link, do-not-reply. */
  private async email(tx: Executor, to: { address: string; name: string; locale: Locale }, subject: string, paragraphs: string[], url: string, office = false): Promise<void> {
    const body = paragraphsMail(noticeMail(to.locale, { name: to.name, paragraphs, url, office }), url);
    await this.mail.queue(tx, { to: to.address, subject, ...body });
  }

  /** In-app rows for the recipients, each written in its own language, the notice kept as data for display. */
  private rows(recipients: Recipient[], message: NoticeMessage, row: Omit<NewNotification, 'account_id' | 'title' | 'body' | 'message'>): NewNotification[] {
    return recipients.map((r) => {
      const notice = renderNotice(message, r.locale)!;
      return { ...row, account_id: r.id, title: notice.title, body: notice.body, message: message as NotificationMessage };
    });
  }

  /** Queues an SMS in the caller's transaction (nothing when no gateway is configured or the number is not one). */
  async queueSms(tx: Executor, to: unknown, body: string): Promise<string | null> {
    if (!this.sms) return null;
    const number = smsNumber(to);
    if (!number) return null;
    return this.repo.insertSms(tx, number, body);
  }

  // --- outbox consumer -------------------------------------------------------------------------

  get consumer(): OutboxConsumer {
    return { name: NOTIFICATIONS_CONSUMER, topics: NOTIFICATION_TOPICS, handle: (tx, message) => this.handle(tx, message) };
  }

  /** Processes the outbox messages not yet delivered to this consumer (job notifications.dispatch). */
  dispatch(options: { batchSize?: number; maxBatches?: number } = {}): Promise<ConsumeReport> {
    return consumeOutbox(this.db, this.consumer, options);
  }

  /** One outbox message, inside the delivery transaction. */
  async handle(tx: Executor, message: OutboxMessage): Promise<boolean> {
    const dossierId = text(message.payload.dossierId);
    if (!dossierId || !isUuid(dossierId)) return false;
    const dossier = await this.repo.dossier(tx, dossierId);
    if (!dossier || !dossier.code) return false;
    const recipients = await this.repo.recipients(tx, dossier.applicant_id, dossier.organisation_id);
    const link = `/ho-so/${dossier.id}`;
    if (message.topic === 'dossier.submitted') {
      // The acknowledgement mailer e-mails the applicant; here only the in-app entry.
      const notice = submittedMessage({ code: dossier.code, procedureName: dossier.procedure_name, agencyName: dossier.agency_name });
      await this.repo.insert(tx, this.rows(recipients, notice, { dossier_id: dossier.id, kind: 'dossier.submitted', link, outbox_id: message.id }));
      return recipients.length > 0;
    }
    if (message.topic === 'dossier.result') {
      // A signed electronic result was issued (src/modules/results): in-app notice (kind 'dossier.status', the
      // kinds the table allows) and e-mail, each in the recipient's language, linking to the result on the page.
      if (message.payload.event !== 'issued') return false;
      const notice = resultMessage({ code: dossier.code, procedureName: dossier.procedure_name, agencyName: dossier.agency_name });
      await this.tellApplicant(tx, message, dossier, recipients, notice, { page: '#ket-qua-dien-tu', sms: false });
      return recipients.length > 0;
    }
    if (message.topic === 'dossier.postal') return await this.postalNotice(tx, message, dossier, recipients);
    if (message.topic === 'payment.paid') return await this.paymentNotice(tx, message, dossier, recipients);
    if (message.topic !== 'dossier.status') return false;
    const status = Number(message.payload.status);
    if (!Number.isInteger(status) || status < 1 || status > 10) return false;
    // A hand-over inside the agency (same status, e.g. 4 → 4) is not news for the applicant; an apology is.
    if (!isNewsForApplicant({ status, previousStatus: message.payload.previousStatus, action: message.payload.action })) return false;
    const appointment = dossier.appointment_at ? formatDate(dossier.appointment_at) : dossier.expected_date ? formatDate(dossier.expected_date) : null;
    const apology = message.payload.action === 'apologise';
    const newAppointment = text(message.payload.newAppointment);
    const notice = apology
      ? apologyMessage({ code: dossier.code, procedureName: dossier.procedure_name, agencyName: dossier.agency_name, reason: text(message.payload.reason), appointment: newAppointment ? formatDate(newAppointment) : appointment })
      : statusMessage({ code: dossier.code, procedureName: dossier.procedure_name, agencyName: dossier.agency_name, status, content: text(message.payload.content), event: message.payload.event, appointment });
    return await this.tellApplicant(tx, message, dossier, recipients, notice);
  }

  /**
   * Tells the dossier's applicant (and the members of their organisation) `notice`, each in their own language: the
   * in-app entry (kind 'dossier.status', linking to the dossier's page + `page`), one e-mail per address, and unless
   * `sms` is false an SMS to the applicant only (in the applicant's language, to the number given in the dossier's
   * form, else the account's) ending with that page's address.
   */
  private async tellApplicant(
    tx: Executor,
    message: OutboxMessage,
    dossier: { id: string; form_data: Record<string, unknown> | null },
    recipients: Recipient[],
    notice: NoticeMessage,
    options: { page?: string; sms?: boolean } = {},
  ): Promise<true> {
    const page = options.page ?? '';
    await this.repo.insert(tx, this.rows(recipients, notice, { dossier_id: dossier.id, kind: 'dossier.status', link: `/ho-so/${dossier.id}${page}`, outbox_id: message.id }));
    await this.emailAll(tx, recipients, dossier.id, (locale) => {
      const rendered = renderNotice(notice, locale)!;
      return { subject: rendered.title, paragraphs: rendered.body.split('\n') };
    });
    if (options.sms === false) return true;
    const form: Record<string, unknown> = dossier.form_data ?? {};
    const applicant = recipients.find((r) => r.applicant);
    const sms = renderNotice(notice, applicant?.locale ?? DEFAULT_LOCALE)!.sms;
    await this.queueSms(tx, smsNumber(form.phone) ? form.phone : applicant?.phone, `${sms} ${this.dossierUrl(dossier.id)}${page}`);
    return true;
  }

  /**
   * A shipment of the dossier was delivered or failed (src/modules/postal, topic dossier.postal): in-app notice,
   * e-mail and SMS, each in the recipient's language, linking to the dossier's postal page.
   */
  private async postalNotice(tx: Executor, message: OutboxMessage, dossier: { id: string; code: string | null; agency_name: string; form_data: Record<string, unknown> | null }, recipients: Recipient[]): Promise<boolean> {
    const p = message.payload;
    if ((p.event !== 'delivered' && p.event !== 'failed') || (p.kind !== 'dossier' && p.kind !== 'result') || !dossier.code) return false;
    const notice = postalMessage({ code: dossier.code, agency: dossier.agency_name, kind: p.kind, event: p.event, tracking: text(p.trackingNumber) ?? '', reason: text(p.reason), backToCounter: p.backToCounter === true });
    return await this.tellApplicant(tx, message, dossier, recipients, notice, { page: '/buu-chinh' });
  }

  /**
   * A payment of fees was recorded (src/modules/payments, topic payment.paid): in-app notice, e-mail and SMS with the
   * amount in VND and the receipt number, each in the recipient's language, linking to the dossier's payment page.
   */
  private async paymentNotice(tx: Executor, message: OutboxMessage, dossier: { id: string; code: string | null; procedure_name: string; agency_name: string; form_data: Record<string, unknown> | null }, recipients: Recipient[]): Promise<boolean> {
    const p = message.payload;
    const amountVnd = Number(p.amountVnd);
    const receipt = text(p.receipt);
    if (!dossier.code || !receipt || !Number.isSafeInteger(amountVnd) || amountVnd <= 0) return false;
    const notice = paymentMessage({ code: dossier.code, procedure: dossier.procedure_name, agency: dossier.agency_name, amountVnd, receipt, submitted: p.submitted === true });
    return await this.tellApplicant(tx, message, dossier, recipients, notice, { page: '/thanh-toan' });
  }

  /** One e-mail per distinct address, composed in that recipient's language. */
  private async emailAll(tx: Executor, recipients: Recipient[], dossierId: string, compose: (locale: Locale) => { subject: string; paragraphs: string[] }): Promise<void> {
    const seen = new Set<string>();
    for (const r of recipients) {
      const address = r.email?.trim().toLowerCase();
      if (!address || seen.has(address)) continue;
      seen.add(address);
      const { subject, paragraphs } = compose(r.locale);
      await this.email(tx, { address: r.email!.trim(), name: r.full_name, locale: r.locale }, subject, paragraphs, this.dossierUrl(dossierId));
    }
  }

  /** A new message from the agency: in-app notification and e-mail to the applicant (and organisation), in `tx`. */
  async messageFromAgency(tx: Executor, input: { dossierId: string; body: string }): Promise<void> {
    const dossier = await this.repo.dossier(tx, input.dossierId);
    if (!dossier || !dossier.code) return;
    const recipients = await this.repo.recipients(tx, dossier.applicant_id, dossier.organisation_id);
    const notice = agencyMessage({ code: dossier.code, agencyName: dossier.agency_name, excerpt: input.body });
    await this.repo.insert(tx, this.rows(recipients, notice, { dossier_id: dossier.id, kind: 'dossier.message', link: `/ho-so/${dossier.id}#tin-nhan`, outbox_id: null }));
    await this.emailAll(tx, recipients, dossier.id, (locale) => {
      const rendered = renderNotice(notice, locale)!;
      return { subject: rendered.title, paragraphs: [rendered.body, translate(locale, 'notice.mail.replyHint')] };
    });
  }

  /**
   * An in-app notice to a staff account about something other than a dossier (a meeting invitation, issue 19),
   * written in the caller's transaction; title and body already in the recipient's language (the caller's).
   */
  async notifyAccount(tx: Executor, notice: { accountId: string; kind: 'meeting.invitation'; title: string; body: string; link: string }): Promise<void> {
    await this.repo.insert(tx, [{ account_id: notice.accountId, dossier_id: null, kind: notice.kind, title: notice.title, body: notice.body, link: notice.link, outbox_id: null, message: null }]);
  }

  /**
   * An officers' deadline reminder (job handling.remind), in the caller's transaction: each handler and each
   * department head (told who handles the step) gets the in-app notice and, with an address, an e-mail, each in
   * their own language. Returns how many officers were told.
   */
  async remindOfficers(
    tx: Executor,
    input: { dossierId: string; link: string; reminder: OfficerReminder; handlers: OfficerContact[]; heads: OfficerContact[] },
  ): Promise<number> {
    const handlerNames = input.handlers.map((h) => h.fullName).join(', ');
    const all = [
      ...input.handlers.map((h) => ({ ...h, message: reminderMessage(input.reminder, null) })),
      ...input.heads.map((h) => ({ ...h, message: reminderMessage(input.reminder, handlerNames) })),
    ];
    const locales = await this.repo.localesOf(tx, all.map((r) => r.id));
    const url = `${this.options.baseUrl}${input.link}`;
    for (const r of all) {
      const locale = locales.get(r.id) ?? DEFAULT_LOCALE;
      const notice = renderNotice(r.message, locale)!;
      await this.repo.insert(tx, [{ account_id: r.id, dossier_id: input.dossierId, kind: 'dossier.reminder', title: notice.title, body: notice.body, link: input.link, outbox_id: null, message: r.message as NotificationMessage }]);
      if (r.email) await this.email(tx, { address: r.email, name: r.fullName, locale }, notice.title, [notice.body], url, true);
    }
    return all.length;
  }

  // --- SMS delivery (job sms.deliver) ---------------------------------------------------------

  /**
   * Sends up to `limit` pending SMS. Each is locked (FOR UPDATE SKIP LOCKED) while it is sent and marked in the same
   * transaction; a failure leaves it pending for the next run (given up after MAX_SMS_ATTEMPTS or a permanent
   * error). The row id is the gateway's idempotency key, so a send whose answer was lost is not duplicated.
   */
  async deliverSms(limit = 50, now: () => Date = () => new Date()): Promise<SmsReport> {
    const report: SmsReport = { sent: 0, retrying: 0, failed: 0 };
    if (!this.sms) return report;
    const sender = this.sms;
    for (const id of await this.repo.pendingSmsIds(this.db, limit)) {
      await this.db.transaction().execute(async (tx) => {
        const message = await this.repo.lockPendingSms(tx, id);
        if (!message) return;
        try {
          await sender.send({ id: message.id, to: message.to_number, text: message.body });
          await this.repo.markSmsSent(tx, id, now());
          report.sent += 1;
        } catch (error) {
          const attempts = message.attempts + 1;
          const status = smsStatusAfterFailure(attempts, error instanceof SmsError ? error.status : null);
          await this.repo.markSmsFailure(tx, id, attempts, status, error instanceof Error ? error.message : String(error));
          if (status === 'failed') report.failed += 1;
          else report.retrying += 1;
        }
      });
    }
    return report;
  }

  // --- the in-app list ---------------------------------------------------------------------------

  /** The actor's notifications, each rendered in `locale` (the reader's) when it was stored as a message. */
  async list(actor: Actor | null, page = 1, pageSize = 20, locale: Locale = DEFAULT_LOCALE): Promise<{ items: NotificationItem[]; total: number; unread: number; page: number; pageCount: number }> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    const current = Math.max(1, Math.floor(page));
    const [rows, total, unread] = await Promise.all([
      this.repo.list(this.db, actor.id, { limit: pageSize, offset: (current - 1) * pageSize }),
      this.repo.count(this.db, actor.id),
      this.repo.count(this.db, actor.id, true),
    ]);
    const items = rows.map((r) => {
      const notice = renderNotice(r.message, locale);
      return { id: r.id, dossierId: r.dossier_id, kind: r.kind, title: notice?.title ?? r.title, body: notice?.body ?? r.body, link: r.link, createdAt: r.created_at, read: r.read_at !== null };
    });
    return { items, total, unread, page: current, pageCount: Math.max(1, Math.ceil(total / pageSize)) };
  }

  unreadCount(accountId: string): Promise<number> {
    return this.repo.count(this.db, accountId, true);
  }

  /** Marks one notification read (another account's: NOT_FOUND); without id, all of them. */
  async markRead(actor: Actor | null, id: string | null, now = new Date()): Promise<number> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (id !== null && !isUuid(id)) throw new DomainError('NOT_FOUND');
    return this.db.transaction().execute(async (tx) => {
      if (id !== null && !(await this.repo.exists(tx, actor.id, id))) throw new DomainError('NOT_FOUND');
      return this.repo.markRead(tx, actor.id, id, now);
    });
  }

  // --- draft reminders (job drafts.remind) ---------------------------------------------------------

  /**
   * E-mails, once, the owner of every draft untouched for (retention − reminder) days, and records reminded_at;
   * uploads.cleanup deletes a draft only when it was reminded after its last change, at least the reminder period
   * ago. Returns the number of drafts reminded (drafts without an e-mail address are marked too: nobody to tell).
   */
  async remindDrafts(now = new Date(), batchSize = 100): Promise<number> {
    const policy = this.options.draftPolicy;
    const cutoff = reminderCutoff(now, policy);
    let total = 0;
    for (;;) {
      const count = await this.db.transaction().execute(async (tx) => {
        const drafts = await this.repo.draftsToRemind(tx, cutoff, batchSize);
        for (const draft of drafts) {
          if (!draft.email) continue;
          const deletion = formatDate(deletionDate(draft.updated_at, now, policy));
          const url = `${this.options.baseUrl}/ho-so/${draft.id}`;
          const t = (key: string, params?: Record<string, string>) => translate(draft.locale, key, params);
          await this.email(
            tx,
            { address: draft.email, name: draft.full_name, locale: draft.locale },
            t('notice.draft.subject'),
            [t('notice.draft.untouched', { procedure: draft.procedure_name, updated: formatDate(draft.updated_at) }), t('notice.draft.deletion', { deletion })],
            url,
          );
        }
        await this.repo.markReminded(tx, drafts.map((d) => d.id), now);
        return drafts.length;
      });
      total += count;
      if (count < batchSize) break;
    }
    return total;
  }
}
