// Outgoing mail: use cases queue messages in their own transaction (outbox); a background job delivers them.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../../config.ts';
import type { Db, Executor } from '../../db/database.ts';
import { isUuid } from '../../core/ids.ts';
import { DomainError } from '../../core/errors.ts';
import { hasRole, type Actor } from '../../core/actor.ts';
import { DEFAULT_LOCALE, type Locale } from '../../core/i18n.ts';
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

export interface MailboxViewer {
  actor: Actor | null;
  demo: boolean;
  /** Anonymous visitors in demo mode: the accounts registered in their browser (ids from the signed cookie). */
  registered?: readonly string[];
}

/** What a test inbox shows the viewer: everything (administrators), or what is addressed to these e-mails / phones. */
export interface InboxScope {
  all: boolean;
  emails: string[];
  phones: string[];
}

/** Phone numbers compared by their national digits: 0987654321, +84987654321 and 84987654321 are one number. */
export function samePhone(a: string, b: string): boolean {
  const national = (p: string) => p.replace(/[^\d]/g, '').replace(/^84(?=\d{9}$)/, '').replace(/^0/, '');
  const x = national(a);
  return x.length > 0 && x === national(b);
}

/** Most accounts one browser's mailbox cookie remembers (the newest are kept). */
const MAILBOX_COOKIE_ACCOUNTS = 5;

export class MailService {
  private transport: MailTransport | null = null;
  /** Signs the demo mailbox cookie; a new key per process (a restart forgets which accounts a browser registered). */
  private readonly cookieKey = randomBytes(32);

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

  /**
   * The value of the demo mailbox cookie after an account `accountId` was registered in a browser that sent
   * `current`: the account ids (at most a few) and an HMAC over them, so a visitor cannot name someone else's.
   */
  rememberAccount(current: string | undefined, accountId: string): string {
    const ids = [...this.rememberedAccounts(current).filter((id) => id !== accountId), accountId].slice(-MAILBOX_COOKIE_ACCOUNTS);
    const payload = Buffer.from(JSON.stringify(ids)).toString('base64url');
    return `${payload}.${createHmac('sha256', this.cookieKey).update(payload).digest('base64url')}`;
  }

  /** The account ids of a demo mailbox cookie; none when it is absent, malformed or not signed by this process. */
  rememberedAccounts(cookie: string | undefined): string[] {
    const [payload, mac, extra] = (cookie ?? '').split('.');
    if (!payload || !mac || extra !== undefined || payload.length > 2000) return [];
    const expected = createHmac('sha256', this.cookieKey).update(payload).digest();
    const given = Buffer.from(mac, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return [];
    try {
      const value: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string' && isUuid(id)).slice(0, MAILBOX_COOKIE_ACCOUNTS) : [];
    } catch {
      return [];
    }
  }

  /**
   * The language to write to an account in (its `locale`; Vietnamese for an unknown account). Callers compose the
   * message in it before `queue`, so mail leaves in the recipient's language.
   */
  async localeOf(db: Executor, accountId: string): Promise<Locale> {
    return (await this.repo.localeOf(db, accountId)) ?? DEFAULT_LOCALE;
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
   * What a viewer of a test inbox (the local mailbox, the SMS simulator's messages) may see. They hold everyone's
   * mail (reset links too), so: an administrator sees all; otherwise only in demo mode, and only what is addressed
   * to the viewer — signed in: their account's e-mail / phone; anonymous: the e-mail of the accounts they
   * registered in this browser while those still await their e-mail check (the signed `opendvc_mailbox` cookie,
   * see mail.routes.ts; a registration with an address already in use creates no account and remembers nothing);
   * nothing else. Outside demo mode: 401 / 404.
   */
  async inboxScope(viewer: MailboxViewer): Promise<InboxScope> {
    if (hasRole(viewer.actor, 'admin')) return { all: true, emails: [], phones: [] };
    if (!viewer.demo) {
      if (!viewer.actor) throw new DomainError('UNAUTHENTICATED');
      throw new DomainError('NOT_FOUND');
    }
    if (!viewer.actor) {
      // Only accounts still waiting for their e-mail check: once verified, their owner signs in to read their mail.
      const ids = (viewer.registered ?? []).filter((id) => isUuid(id));
      const emails = ids.length ? await this.repo.pendingEmails(this.db, ids) : [];
      return { all: false, emails: emails.map((e) => e.trim().toLowerCase()), phones: [] };
    }
    const contact = await this.repo.contactOf(this.db, viewer.actor.id);
    return {
      all: false,
      emails: contact?.email ? [contact.email.trim().toLowerCase()] : [],
      phones: contact?.phone ? [contact.phone] : [],
    };
  }

  private async mailboxScope(viewer: MailboxViewer): Promise<InboxScope> {
    if (!this.localMailbox) throw new DomainError('NOT_FOUND');
    return this.inboxScope(viewer);
  }

  /** The local mailbox (only without SMTP): the viewer's messages (an administrator: all), newest first. */
  async mailbox(viewer: MailboxViewer, page = 1, pageSize = 20) {
    const scope = await this.mailboxScope(viewer);
    const to = scope.all ? null : scope.emails;
    const offset = (Math.max(1, page) - 1) * pageSize;
    const [items, total] = await Promise.all([this.repo.list(this.db, { limit: pageSize, offset, to }), this.repo.count(this.db, to)]);
    return { items, total, all: scope.all, page: Math.max(1, page), pageCount: Math.max(1, Math.ceil(total / pageSize)) };
  }

  async message(viewer: MailboxViewer, id: string) {
    const scope = await this.mailboxScope(viewer);
    if (!isUuid(id)) throw new DomainError('NOT_FOUND');
    const message = await this.repo.findById(this.db, id);
    if (!message || (!scope.all && !scope.emails.includes(message.to_address.trim().toLowerCase()))) throw new DomainError('NOT_FOUND');
    return message;
  }

}
