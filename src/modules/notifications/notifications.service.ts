// Notifications: the applicant (and the members of their organisation) is told of every status change of their
// dossier in the app, by e-mail (mail outbox) and by SMS (SMS outbox, gateway adapter), and of new messages from
// the agency; drafts about to be deleted get one reminder e-mail. Outbox consumer 'notifications'.
import type { Actor } from '../../core/actor.ts';
import { DomainError } from '../../core/errors.ts';
import { formatDate } from '../../core/text.ts';
import type { Db, Executor } from '../../db/database.ts';
import type { MailService } from '../mail/mail.service.ts';
import { consumeOutbox, type ConsumeReport, type OutboxConsumer, type OutboxMessage } from '../outbox/outbox.service.ts';
import { NotificationsRepository, type NewNotification, type Recipient } from './notifications.repository.ts';
import { apologyNotice, deletionDate, isNewsForApplicant, messageNotice, reminderCutoff, smsNumber, smsStatusAfterFailure, statusNotice, submittedNotice, type DraftPolicy } from './notifications.rules.ts';
import { SmsError, type SmsSender } from './sms.ts';

export const NOTIFICATIONS_CONSUMER = 'notifications';
export const NOTIFICATION_TOPICS = ['dossier.submitted', 'dossier.status'] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface NotificationsOptions {
  baseUrl: string;
  draftPolicy: DraftPolicy;
}

export interface SmsReport {
  sent: number;
  retrying: number;
  failed: number;
}

export interface NotificationItem {
  id: string;
  dossierId: string | null;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: Date;
  read: boolean;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

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

  get smsEnabled(): boolean {
    return this.sms !== null;
  }

  private dossierUrl(dossierId: string): string {
    return `${this.options.baseUrl}/ho-so/${dossierId}`;
  }

  private async email(tx: Executor, to: string, subject: string, paragraphs: string[], url: string): Promise<void> {
    const lines = [...paragraphs, `Xem hồ sơ: ${url}`, 'Thư này được gửi tự động từ Cổng dịch vụ công; vui lòng không trả lời.'];
    const html = lines
      .map((line) => {
        const escaped = escapeHtml(line).replace(/\n/g, '<br>');
        const link = escapeHtml(url);
        return `<p>${escaped.includes(link) ? escaped.replace(link, `<a href="${link}">${link}</a>`) : escaped}</p>`;
      })
      .join('\n');
    await this.mail.queue(tx, { to, subject, text: lines.join('\n\n'), html });
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
    if (!dossierId || !UUID.test(dossierId)) return false;
    const dossier = await this.repo.dossier(tx, dossierId);
    if (!dossier || !dossier.code) return false;
    const recipients = await this.repo.recipients(tx, dossier.applicant_id, dossier.organisation_id);
    const link = `/ho-so/${dossier.id}`;
    if (message.topic === 'dossier.submitted') {
      // The acknowledgement mailer e-mails the applicant; here only the in-app entry.
      const notice = submittedNotice({ code: dossier.code, procedureName: dossier.procedure_name, agencyName: dossier.agency_name });
      await this.repo.insert(tx, recipients.map((r) => ({ account_id: r.id, dossier_id: dossier.id, kind: 'dossier.submitted', ...notice, link, outbox_id: message.id })));
      return recipients.length > 0;
    }
    if (message.topic !== 'dossier.status') return false;
    const status = Number(message.payload.status);
    if (!Number.isInteger(status) || status < 1 || status > 10) return false;
    // A hand-over inside the agency (same status, e.g. 4 → 4) is not news for the applicant; an apology is.
    if (!isNewsForApplicant({ status, previousStatus: message.payload.previousStatus, action: message.payload.action })) return false;
    const appointment = dossier.appointment_at ? formatDate(dossier.appointment_at) : dossier.expected_date ? formatDate(dossier.expected_date) : null;
    const apology = message.payload.action === 'apologise';
    const newAppointment = text(message.payload.newAppointment);
    const notice = apology
      ? apologyNotice({ code: dossier.code, procedureName: dossier.procedure_name, agencyName: dossier.agency_name, reason: text(message.payload.reason), appointment: newAppointment ? formatDate(newAppointment) : appointment })
      : statusNotice({ code: dossier.code, procedureName: dossier.procedure_name, agencyName: dossier.agency_name, status, content: text(message.payload.content), appointment });
    await this.repo.insert(tx, recipients.map((r) => ({ account_id: r.id, dossier_id: dossier.id, kind: 'dossier.status', title: notice.title, body: notice.body, link, outbox_id: message.id })));
    await this.emailAll(tx, recipients, notice.title, notice.body.split('\n'), dossier.id);
    // SMS to the applicant only: the number given in the form, or the account's.
    const form = (dossier.form_data ?? {}) as Record<string, unknown>;
    const applicant = recipients.find((r) => r.applicant);
    await this.queueSms(tx, smsNumber(form.phone) ? form.phone : applicant?.phone, `${notice.sms} ${this.dossierUrl(dossier.id)}`);
    return true;
  }

  private async emailAll(tx: Executor, recipients: Recipient[], subject: string, paragraphs: string[], dossierId: string): Promise<void> {
    const seen = new Set<string>();
    for (const r of recipients) {
      const address = r.email?.trim().toLowerCase();
      if (!address || seen.has(address)) continue;
      seen.add(address);
      await this.email(tx, r.email!.trim(), subject, [`Kính gửi ${r.full_name},`, ...paragraphs], this.dossierUrl(dossierId));
    }
  }

  /** A new message from the agency: in-app notification and e-mail to the applicant (and organisation), in `tx`. */
  async messageFromAgency(tx: Executor, input: { dossierId: string; body: string }): Promise<void> {
    const dossier = await this.repo.dossier(tx, input.dossierId);
    if (!dossier || !dossier.code) return;
    const recipients = await this.repo.recipients(tx, dossier.applicant_id, dossier.organisation_id);
    const notice = messageNotice({ code: dossier.code, agencyName: dossier.agency_name, excerpt: input.body });
    const rows: NewNotification[] = recipients.map((r) => ({ account_id: r.id, dossier_id: dossier.id, kind: 'dossier.message', title: notice.title, body: notice.body, link: `/ho-so/${dossier.id}#tin-nhan`, outbox_id: null }));
    await this.repo.insert(tx, rows);
    await this.emailAll(tx, recipients, notice.title, [notice.body, 'Vui lòng đăng nhập để xem và trả lời tin nhắn.'], dossier.id);
  }

  /** One in-app notification for one account (e.g. an officer's deadline reminder), in the caller's transaction. */
  async notifyAccount(tx: Executor, input: { accountId: string; dossierId: string | null; kind: NewNotification['kind']; title: string; body: string; link: string | null }): Promise<void> {
    await this.repo.insert(tx, [{ account_id: input.accountId, dossier_id: input.dossierId, kind: input.kind, title: input.title.slice(0, 300), body: input.body.slice(0, 2000), link: input.link, outbox_id: null }]);
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

  async list(actor: Actor | null, page = 1, pageSize = 20): Promise<{ items: NotificationItem[]; total: number; unread: number; page: number; pageCount: number }> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    const current = Math.max(1, Math.floor(page));
    const [rows, total, unread] = await Promise.all([
      this.repo.list(this.db, actor.id, { limit: pageSize, offset: (current - 1) * pageSize }),
      this.repo.count(this.db, actor.id),
      this.repo.count(this.db, actor.id, true),
    ]);
    const items = rows.map((r) => ({ id: r.id, dossierId: r.dossier_id, kind: r.kind, title: r.title, body: r.body, link: r.link, createdAt: r.created_at, read: r.read_at !== null }));
    return { items, total, unread, page: current, pageCount: Math.max(1, Math.ceil(total / pageSize)) };
  }

  unreadCount(accountId: string): Promise<number> {
    return this.repo.count(this.db, accountId, true);
  }

  /** Marks one notification read (another account's: NOT_FOUND); without id, all of them. */
  async markRead(actor: Actor | null, id: string | null, now = new Date()): Promise<number> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (id !== null && !UUID.test(id)) throw new DomainError('NOT_FOUND');
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
          await this.email(
            tx,
            draft.email,
            'Hồ sơ nháp của ông/bà sắp bị xóa',
            [
              `Kính gửi ${draft.full_name},`,
              `Hồ sơ nháp “${draft.procedure_name}” chưa được cập nhật từ ngày ${formatDate(draft.updated_at)} và chưa được nộp.`,
              `Nếu ông/bà không tiếp tục hoặc nộp hồ sơ, bản nháp và các tệp đính kèm sẽ bị xóa từ ngày ${deletion}.`,
            ],
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
