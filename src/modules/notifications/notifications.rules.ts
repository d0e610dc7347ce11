// Pure rules of notifications: what the applicant is told of a status change, phone numbers for SMS,
// the SMS retry policy and the draft reminder dates. No I/O, no clock.
import { statusLabel } from '../dossiers/dossiers.rules.ts';

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
  /** What the officer wrote (reasons, the list of missing documents, …). */
  content: string | null;
  /** dd/mm/yyyy of the appointment, when known. */
  appointment: string | null;
}

export interface Notice {
  title: string;
  body: string;
  sms: string;
}

/** Extra sentence per status: what the applicant should do now. */
const NEXT_STEP: Record<number, string> = {
  2: 'Hồ sơ đã được tiếp nhận và đang chờ giải quyết.',
  3: 'Hồ sơ không được tiếp nhận. Vui lòng xem lý do trên trang hồ sơ.',
  5: 'Vui lòng bổ sung giấy tờ theo yêu cầu trên trang hồ sơ.',
  6: 'Vui lòng thực hiện nghĩa vụ tài chính theo hướng dẫn trên trang hồ sơ.',
  8: 'Cơ quan đã dừng xử lý hồ sơ. Vui lòng xem lý do trên trang hồ sơ.',
  9: 'Kết quả đã có. Ông/bà có thể đánh giá việc giải quyết hồ sơ trên trang hồ sơ.',
  10: 'Kết quả đã được trả. Ông/bà có thể đánh giá việc giải quyết hồ sơ trên trang hồ sơ.',
};

/** What the applicant is told (in Vietnamese) when their dossier changes status. */
export function statusNotice(input: StatusNoticeInput): Notice {
  const label = statusLabel(input.status, 'vi');
  const title = `Hồ sơ ${input.code}: ${label}`;
  const lines = [`Hồ sơ ${input.code} (${input.procedureName}) tại ${input.agencyName} chuyển sang trạng thái “${label}”.`];
  if (input.content?.trim()) lines.push(`Nội dung: ${input.content.trim()}`);
  if (input.appointment && [2, 4].includes(input.status)) lines.push(`Ngày hẹn trả kết quả: ${input.appointment}.`);
  if (NEXT_STEP[input.status]) lines.push(NEXT_STEP[input.status]!);
  const sms = `OpenDVC: Hồ sơ ${input.code} – ${label}.`;
  return { title: title.slice(0, 300), body: lines.join('\n').slice(0, 2000), sms: sms.slice(0, 1000) };
}

/**
 * Whether a dossier.status message is news for the applicant: a change of status, or an apology (form 04: the
 * status stays, the appointment moves). A hand-over inside the agency (4 → 4) is not.
 */
export function isNewsForApplicant(message: { status: number; previousStatus: unknown; action: unknown }): boolean {
  return Number(message.previousStatus) !== message.status || message.action === 'apologise';
}

/** What the applicant is told of an apology: the agency's apology, the reason and the new appointment. */
export function apologyNotice(input: { code: string; procedureName: string; agencyName: string; reason: string | null; appointment: string | null }): Notice {
  const title = `Hồ sơ ${input.code}: thư xin lỗi và hẹn lại ngày trả kết quả`;
  const lines = [`${input.agencyName} xin lỗi vì chưa trả kết quả hồ sơ ${input.code} (${input.procedureName}) đúng hẹn.`];
  if (input.reason?.trim()) lines.push(`Lý do: ${input.reason.trim()}`);
  if (input.appointment) lines.push(`Ngày hẹn trả kết quả mới: ${input.appointment}.`);
  const sms = `OpenDVC: Hồ sơ ${input.code} – hẹn lại ngày trả kết quả${input.appointment ? ` ${input.appointment}` : ''}.`;
  return { title: title.slice(0, 300), body: lines.join('\n').slice(0, 2000), sms: sms.slice(0, 1000) };
}

/** What the in-app list says when a dossier was submitted online. */
export function submittedNotice(input: { code: string; procedureName: string; agencyName: string }): { title: string; body: string } {
  return {
    title: `Hồ sơ ${input.code}: ${statusLabel(1, 'vi')}`,
    body: `Hồ sơ ${input.code} (${input.procedureName}) đã được gửi đến ${input.agencyName}. Giấy xác nhận đã được gửi qua thư điện tử.`.slice(0, 2000),
  };
}

/** What the applicant is told when the agency writes a message about the dossier. */
export function messageNotice(input: { code: string; agencyName: string; excerpt: string }): { title: string; body: string } {
  const excerpt = input.excerpt.replace(/\s+/g, ' ').trim();
  return {
    title: `Hồ sơ ${input.code}: tin nhắn mới từ cơ quan`.slice(0, 300),
    body: `${input.agencyName}: ${excerpt.length > 300 ? `${excerpt.slice(0, 297)}…` : excerpt}`.slice(0, 2000),
  };
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
