// Outgoing mail: use cases queue messages in their own transaction (outbox); a background job delivers them.
import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../../config.ts';
import type { Db, Executor } from '../../db/database.ts';
import { DomainError } from '../../core/errors.ts';
import { hasRole, type Actor } from '../../core/actor.ts';
import { MailRepository, type OutgoingMail } from './mail.repository.ts';
import { statusAfterFailure } from './mail.rules.ts';

export type { OutgoingMail } from './mail.repository.ts';

export interface DeliveryReport {
  sent: number;
  failed: number;
  retrying: number;
  kept: number;
}

/** Sends one message; the default uses nodemailer with SMTP_URL. Tests may pass their own. */
export type MailTransport = Pick<Transporter, 'sendMail'>;

/**
 * A message is sent while its outbox row is locked, so a silent SMTP server must not hold the row (and a pool
 * connection) for nodemailer's default 10 minutes. Timeouts given in SMTP_URL's query string win.
 */
export function withTimeouts(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  const defaults: Array<[string, string]> = [['connectionTimeout', '15000'], ['greetingTimeout', '15000'], ['socketTimeout', '60000']];
  for (const [name, value] of defaults) if (!url.searchParams.has(name)) url.searchParams.set(name, value);
  return url.toString();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface MailboxViewer {
  actor: Actor | null;
  demo: boolean;
}

export class MailService {
  private transport: MailTransport | null = null;

  constructor(
    private readonly db: Db,
    private readonly config: Config,
    private readonly repo = new MailRepository(),
    transport?: MailTransport,
  ) {
    if (transport) this.transport = transport;
  }

  /** True when mail stays in the local mailbox (no SMTP_URL). */
  get localMailbox(): boolean {
    return !this.config.smtpUrl;
  }

  /** Queues a message in the caller's transaction: nothing is sent if that transaction rolls back. */
  queue(tx: Executor, mail: OutgoingMail): Promise<string> {
    return this.repo.insert(tx, mail);
  }

  private smtp(): MailTransport {
    this.transport ??= nodemailer.createTransport(withTimeouts(this.config.smtpUrl!));
    return this.transport;
  }

  /** Sends up to `limit` pending messages over SMTP (or keeps them for the local mailbox when SMTP is not configured). */
  async deliverPending(limit = 50): Promise<DeliveryReport> {
    const report: DeliveryReport = { sent: 0, failed: 0, retrying: 0, kept: 0 };
    if (!this.config.smtpUrl) {
      report.kept = await this.repo.keepPending(this.db, limit);
      return report;
    }
    const ids = await this.repo.pendingIds(this.db, limit);
    for (const id of ids) {
      await this.db.transaction().execute(async (tx) => {
        const message = await this.repo.lockPending(tx, id);
        if (!message) return;
        try {
          await this.smtp().sendMail({
            from: this.config.mailFrom,
            to: message.to_address,
            subject: message.subject,
            text: message.body_text,
            ...(message.body_html ? { html: message.body_html } : {}),
          });
          await this.repo.markSent(tx, id);
          report.sent += 1;
        } catch (error) {
          const attempts = message.attempts + 1;
          const status = statusAfterFailure(attempts);
          await this.repo.markFailure(tx, id, attempts, status, error instanceof Error ? error.message : String(error));
          if (status === 'failed') report.failed += 1;
          else report.retrying += 1;
        }
      });
    }
    return report;
  }

  /**
   * Who may read the local mailbox: it exists only without SMTP, and shows everyone's mail (reset links too),
   * so only in demo mode or to an administrator.
   */
  private assertMailboxReader(viewer: MailboxViewer): void {
    if (!this.localMailbox) throw new DomainError('NOT_FOUND');
    this.assertTestInboxReader(viewer);
  }

  /** Who may read a test inbox (the local mailbox, the SMS simulator's messages): demo mode, or an administrator. */
  assertTestInboxReader(viewer: MailboxViewer): void {
    if (viewer.demo) return;
    if (!viewer.actor) throw new DomainError('UNAUTHENTICATED');
    if (!hasRole(viewer.actor, 'admin')) throw new DomainError('NOT_FOUND');
  }

  /** The local mailbox (only without SMTP): newest first. */
  async mailbox(viewer: MailboxViewer, page = 1, pageSize = 20) {
    this.assertMailboxReader(viewer);
    const offset = (Math.max(1, page) - 1) * pageSize;
    const [items, total] = await Promise.all([this.repo.list(this.db, { limit: pageSize, offset }), this.repo.count(this.db)]);
    return { items, total, page: Math.max(1, page), pageCount: Math.max(1, Math.ceil(total / pageSize)) };
  }

  async message(viewer: MailboxViewer, id: string) {
    this.assertMailboxReader(viewer);
    if (!UUID.test(id)) throw new DomainError('NOT_FOUND');
    const message = await this.repo.findById(this.db, id);
    if (!message) throw new DomainError('NOT_FOUND');
    return message;
  }
}
