// Pure rules of notifications: what the applicant is told of a status change (as data, rendered in the reader's
// language from the message catalog), phone numbers for SMS, the SMS retry policy and the draft reminder dates.
// No I/O, no clock.
import { translate, type Locale } from '../../core/i18n.ts';
import { formatVnd } from '../../core/text.ts';
import { statusLabel } from '../dossiers/dossiers.rules.ts';
import { eventMessageOf, renderEvent } from '../kernel/timeline.ts';
import './notifications.messages.ts';

const DAY = 86_400_000;

/** After this many failed attempts an SMS is given up ('failed'). */
export const MAX_SMS_ATTEMPTS = 5;

/**
 * A Vietnamese phone number in E.164 (+84…), or null when it is not one: 0912 345 678, 0912.345.678,
 * 84912345678 and +84912345678 all give +84912345678. Landlines and mobiles have 9 or 10 digits after the 0.
 */
export function smsNumber(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const compact = raw.replace(/[\s.\-()]/g, '');
  let national: string | null = null;
  if (/^0\d{9,10}$/.test(compact)) national = compact.slice(1);
  else if (/^\+?84\d{9,10}$/.test(compact)) national = compact.replace(/^\+?84/, '');
  if (!national || national.startsWith('0')) return null;
  return `+84${national}`;
}

/** Status after a failed SMS attempt (attempts counts this one); a permanent gateway error (4xx but 429) gives up. */
export function smsStatusAfterFailure(attempts: number, httpStatus: number | null): 'pending' | 'failed' {
  if (httpStatus !== null && httpStatus >= 400 && httpStatus < 500 && httpStatus !== 429) return 'failed';
  return attempts >= MAX_SMS_ATTEMPTS ? 'failed' : 'pending';
}

export interface StatusNoticeInput {
  code: string;
  procedureName: string;
  agencyName: string;
  status: number;
  /** What the officer wrote (reasons, the list of missing documents, …): the history entry's Vietnamese text. */
  content: string | null;
  /**
   * The same history entry as data (`{ key, params }`, kernel/timeline.ts), when the writer sent it: the notice
   * then renders it in the reader's language; `content` is kept for messages this version does not know.
   */
  event?: unknown;
  /** dd/mm/yyyy of the appointment, when known. */
  appointment: string | null;
}

export interface Notice {
  title: string;
  body: string;
  sms: string;
}

/** Statuses with an extra sentence (`notice.status.next.N`): what the applicant should do now. */
const NEXT_STEP = new Set([2, 3, 5, 6, 8, 9, 10]);

/**
 * A notice as data (stored with the in-app notification, `notifications.message`): which notice and its
 * parameters, so that it is rendered in the language of whoever reads it (`renderNotice`).
 */
export type NoticeMessage =
  | { key: 'status'; params: { code: string; procedure: string; agency: string; status: number; content: string | null; appointment: string | null; event?: { key: string; params: Record<string, unknown> } } }
  | { key: 'apology'; params: { code: string; procedure: string; agency: string; reason: string | null; appointment: string | null } }
  | { key: 'submitted'; params: { code: string; procedure: string; agency: string } }
  | { key: 'message'; params: { code: string; agency: string; excerpt: string } }
  | { key: 'result'; params: { code: string; procedure: string; agency: string } }
  | { key: 'payment'; params: PaymentNoticeParams }
  | { key: 'postal'; params: PostalNoticeParams }
  | { key: 'reminder'; params: OfficerReminder & { handlers: string | null } };

/** An officer's deadline reminder about a workflow step (`due`: dd/mm/yyyy hh:mm). */
export type OfficerReminder = {
  kind: 'due_soon' | 'overdue';
  code: string;
  step: string;
  procedure: string;
  due: string;
};

/** The reminder for the step's handler (`handlers` null), or for a department head (the handlers' names). */
export function reminderMessage(reminder: OfficerReminder, handlers: string | null): NoticeMessage {
  return { key: 'reminder', params: { ...reminder, handlers } };
}

export function statusMessage(input: StatusNoticeInput): NoticeMessage {
  const content = input.content?.trim() || null;
  const event = eventMessageOf(input.event);
  return {
    key: 'status',
    params: { code: input.code, procedure: input.procedureName, agency: input.agencyName, status: input.status, content, appointment: input.appointment, ...(event ? { event } : {}) },
  };
}

export function apologyMessage(input: { code: string; procedureName: string; agencyName: string; reason: string | null; appointment: string | null }): NoticeMessage {
  const reason = input.reason?.trim() || null;
  return { key: 'apology', params: { code: input.code, procedure: input.procedureName, agency: input.agencyName, reason, appointment: input.appointment } };
}

export function submittedMessage(input: { code: string; procedureName: string; agencyName: string }): NoticeMessage {
  return { key: 'submitted', params: { code: input.code, procedure: input.procedureName, agency: input.agencyName } };
}

/** A payment of fees was recorded (outbox `payment.paid`, src/modules/payments): amount in VND, receipt number. */
export type PaymentNoticeParams = { code: string; procedure: string; agency: string; amountVnd: number; receipt: string; submitted: boolean };

export function paymentMessage(input: PaymentNoticeParams): NoticeMessage {
  return { key: 'payment', params: input };
}

/** A signed electronic result was issued (outbox `dossier.result`, event 'issued', src/modules/results). */
export function resultMessage(input: { code: string; procedureName: string; agencyName: string }): NoticeMessage {
  return { key: 'result', params: { code: input.code, procedure: input.procedureName, agency: input.agencyName } };
}

/** A shipment of the dossier was delivered or failed (outbox `dossier.postal`, src/modules/postal). */
export type PostalNoticeParams = {
  code: string;
  agency: string;
  /** 'dossier': the paper dossier picked up at the applicant's; 'result': the result sent to the applicant. */
  kind: 'dossier' | 'result';
  event: 'delivered' | 'failed';
  tracking: string;
  reason: string | null;
  /** A failed result went back to the counter (to be collected there). */
  backToCounter: boolean;
};

export function postalMessage(input: PostalNoticeParams): NoticeMessage {
  return { key: 'postal', params: { ...input, reason: input.reason?.trim() || null } };
}

export function agencyMessage(input: { code: string; agencyName: string; excerpt: string }): NoticeMessage {
  const excerpt = input.excerpt.replace(/\s+/g, ' ').trim();
  return { key: 'message', params: { code: input.code, agency: input.agencyName, excerpt: excerpt.length > 300 ? `${excerpt.slice(0, 297)}…` : excerpt } };
}

const str = (value: unknown): string => (typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value));

/**
 * The notice in `locale` (title ≤ 300, body ≤ 2000, SMS ≤ 1000 characters), or null for a stored message this
 * version does not know (the stored title and body are shown then).
 */
export function renderNotice(message: { key: string; params: Record<string, unknown> } | null, locale: Locale): Notice | null {
  if (!message || typeof message.params !== 'object' || message.params === null) return null;
  const t = (key: string, params: Record<string, string | number>) => translate(locale, key, params);
  const p = message.params;
  const code = str(p.code);
  const lines: string[] = [];
  let title: string;
  let sms = '';
  switch (message.key) {
    case 'status': {
      const status = Number(p.status);
      const label = statusLabel(status, locale);
      title = t('notice.status.title', { code, label });
      lines.push(t('notice.status.changed', { code, procedure: str(p.procedure), agency: str(p.agency), label }));
      // The officer's entry in the reader's language when it came as data, else the Vietnamese text as sent.
      const content = renderEvent({ message: p.event, content: str(p.content) }, locale).trim();
      if (content) lines.push(t('notice.status.content', { content }));
      if (p.appointment && [2, 4].includes(status)) lines.push(t('notice.status.appointment', { appointment: str(p.appointment) }));
      if (NEXT_STEP.has(status)) lines.push(t(`notice.status.next.${status}`, {}));
      sms = t('notice.status.sms', { code, label });
      break;
    }
    case 'apology': {
      title = t('notice.apology.title', { code });
      lines.push(t('notice.apology.text', { code, procedure: str(p.procedure), agency: str(p.agency) }));
      if (str(p.reason).trim()) lines.push(t('notice.apology.reason', { reason: str(p.reason).trim() }));
      if (p.appointment) lines.push(t('notice.apology.appointment', { appointment: str(p.appointment) }));
      sms = p.appointment ? t('notice.apology.smsDate', { code, appointment: str(p.appointment) }) : t('notice.apology.sms', { code });
      break;
    }
    case 'submitted':
      title = t('notice.status.title', { code, label: statusLabel(1, locale) });
      lines.push(t('notice.submitted.text', { code, procedure: str(p.procedure), agency: str(p.agency) }));
      break;
    case 'result':
      title = t('notice.result.title', { code });
      lines.push(t('notice.result.text', { code, procedure: str(p.procedure), agency: str(p.agency) }));
      lines.push(t('notice.result.download', {}));
      sms = t('notice.result.sms', { code });
      break;
    case 'payment': {
      const amount = formatVnd(Number.isFinite(Number(p.amountVnd)) ? Number(p.amountVnd) : 0);
      const receipt = str(p.receipt);
      title = t('notice.payment.title', { code, amount });
      lines.push(t('notice.payment.text', { code, amount, procedure: str(p.procedure), agency: str(p.agency) }));
      lines.push(t('notice.payment.receipt', { receipt }));
      if (p.submitted === true) lines.push(t('notice.payment.submitted', {}));
      sms = t('notice.payment.sms', { code, amount, receipt });
      break;
    }
    case 'postal': {
      const kind = p.kind === 'dossier' ? 'dossier' : 'result';
      const event = p.event === 'failed' ? 'failed' : 'delivered';
      const tracking = str(p.tracking);
      title = t(`notice.postal.${kind}.${event}.title`, { code });
      lines.push(t(`notice.postal.${kind}.${event}.text`, { code, agency: str(p.agency), tracking }));
      if (event === 'failed' && str(p.reason).trim()) lines.push(t('notice.postal.reason', { reason: str(p.reason).trim() }));
      if (event === 'failed') lines.push(t(kind === 'result' ? (p.backToCounter === true ? 'notice.postal.result.counter' : 'notice.postal.result.contact') : 'notice.postal.dossier.retry', {}));
      sms = t(`notice.postal.${kind}.${event}.sms`, { code, tracking });
      break;
    }
    case 'message':
      title = t('notice.message.title', { code });
      lines.push(t('notice.message.text', { agency: str(p.agency), excerpt: str(p.excerpt) }));
      break;
    case 'reminder': {
      const overdue = p.kind === 'overdue';
      title = t(overdue ? 'notice.reminder.overdueTitle' : 'notice.reminder.dueSoonTitle', { code });
      const text = t(overdue ? 'notice.reminder.overdue' : 'notice.reminder.dueSoon', { step: str(p.step), code, procedure: str(p.procedure), due: str(p.due) });
      lines.push(p.handlers === null || p.handlers === undefined ? text : t('notice.reminder.head', { text, handlers: str(p.handlers) || t('notice.reminder.unassigned', {}) }));
      break;
    }
    default:
      return null;
  }
  return { title: title.slice(0, 300), body: lines.join('\n').slice(0, 2000), sms: sms.slice(0, 1000) };
}

/** What the applicant is told when their dossier changes status (Vietnamese unless `locale` says otherwise). */
export function statusNotice(input: StatusNoticeInput, locale: Locale = 'vi'): Notice {
  return renderNotice(statusMessage(input), locale)!;
}

/**
 * Whether a dossier.status message is news for the applicant: a change of status, or an apology (form 04: the
 * status stays, the appointment moves). A hand-over inside the agency (4 → 4) is not, nor a return by post undone after
 * a failed delivery (10 → 9, action postal_failed): the postal notice (dossier.postal) already tells the applicant.
 */
export function isNewsForApplicant(message: { status: number; previousStatus: unknown; action: unknown }): boolean {
  if (message.action === 'postal_failed') return false;
  return Number(message.previousStatus) !== message.status || message.action === 'apologise';
}

/** What the applicant is told of an apology: the agency's apology, the reason and the new appointment. */
export function apologyNotice(input: { code: string; procedureName: string; agencyName: string; reason: string | null; appointment: string | null }, locale: Locale = 'vi'): Notice {
  return renderNotice(apologyMessage(input), locale)!;
}

/**
 * The paragraphs of a notification e-mail in `locale`: greeting, the notice's paragraphs, the link to the dossier
 * and the do-not-reply line.
 */
export function noticeMail(locale: Locale, input: { name: string; paragraphs: string[]; url: string; office?: boolean }): string[] {
  return [
    translate(locale, 'notice.mail.greeting', { name: input.name }),
    ...input.paragraphs,
    translate(locale, 'notice.mail.view', { url: input.url }),
    translate(locale, input.office ? 'notice.mail.footerOffice' : 'notice.mail.footer'),
  ];
}

export interface DraftPolicy {
  retentionDays: number;
  reminderDays: number;
}

/** Drafts untouched since before this instant get their reminder now. */
export function reminderCutoff(now: Date, policy: DraftPolicy): Date {
  return new Date(now.getTime() - (policy.retentionDays - policy.reminderDays) * DAY);
}

/**
 * When a reminded draft may be deleted: `retentionDays` after its last change, and never sooner than
 * `reminderDays` after the reminder.
 */
export function deletionDate(updatedAt: Date, remindedAt: Date, policy: DraftPolicy): Date {
  return new Date(Math.max(updatedAt.getTime() + policy.retentionDays * DAY, remindedAt.getTime() + policy.reminderDays * DAY));
}
