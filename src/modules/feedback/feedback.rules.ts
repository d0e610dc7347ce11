// Pure rules of feedback and complaints (phản ánh, kiến nghị — PAKN; Decree 20/2008/NĐ-CP as amended): categories and
// their time limits in working days, the state machine, checking a submission, contacts, one-time codes, the masking of
// personal data in a published answer, the rating (once), the reminders' kinds. No I/O, no clock.
import type { FieldError } from '../../core/errors.ts';
import { foldVietnamese, vietnamesePhone } from '../../core/text.ts';
import type { FeedbackCategory, FeedbackStatus } from '../../db/schema.ts';

export const CATEGORIES: readonly FeedbackCategory[] = ['procedure', 'regulation', 'conduct', 'other'];

/** Working days to answer, per category (counted on the agency's working-day calendar from the reception). */
export const ANSWER_WORKING_DAYS: Readonly<Record<FeedbackCategory, number>> = { procedure: 10, regulation: 10, conduct: 10, other: 15 };

/** The handler is reminded when the due instant is within this many working days. */
export const REMIND_WORKING_DAYS = 2;

/** Submissions and code requests per address (and per contact) within a minute; the next one is refused (429). */
export const MAX_PER_MINUTE = 20;
export const LIMIT_WINDOW_MS = 60_000;

/** One-time codes: six digits, valid 10 minutes, five wrong tries. */
export const CODE_TTL_MS = 10 * 60_000;
export const CODE_MAX_ATTEMPTS = 5;

export const MAX_TITLE = 200;
export const MAX_CONTENT = 5000;
export const MAX_ANSWER = 10000;
export const MAX_COMMENT = 2000;
export const MAX_ATTACHMENTS = 5;

/** Open: the clock runs (reminders, escalation, "late"). */
export const OPEN_STATUSES: readonly FeedbackStatus[] = ['received', 'assigned'];

export type FeedbackAction = 'classify' | 'assign' | 'answer' | 'publish' | 'close';

/** The state machine: received → assigned → answered → published / closed (and closed from answered or published). */
const ALLOWED: Record<FeedbackAction, readonly FeedbackStatus[]> = {
  classify: ['received', 'assigned'],
  assign: ['received', 'assigned'],
  answer: ['received', 'assigned', 'answered'],
  publish: ['answered'],
  close: ['answered', 'published'],
};

const NEXT: Record<FeedbackAction, (from: FeedbackStatus) => FeedbackStatus> = {
  classify: (from) => from,
  assign: () => 'assigned',
  answer: () => 'answered',
  publish: () => 'published',
  close: () => 'closed',
};

export function isAction(value: string): value is FeedbackAction {
  return Object.prototype.hasOwnProperty.call(ALLOWED, value);
}

/** The status after `action`, or null when the action is not open in `from`. */
export function transition(from: FeedbackStatus, action: FeedbackAction): FeedbackStatus | null {
  return ALLOWED[action].includes(from) ? NEXT[action](from) : null;
}

export function isCategory(value: unknown): value is FeedbackCategory {
  return typeof value === 'string' && (CATEGORIES as readonly string[]).includes(value);
}

/** Whether the answer came in time: answered no later than the due instant. */
export function answeredOnTime(answeredAt: Date | null, dueAt: Date): boolean | null {
  return answeredAt === null ? null : answeredAt.getTime() <= dueAt.getTime();
}

/** Late: open past its due instant (at `now`), or answered after it. */
export function isLate(row: { status: FeedbackStatus; due_at: Date; answered_at: Date | null }, now: Date): boolean {
  if (row.answered_at) return row.answered_at.getTime() > row.due_at.getTime();
  return OPEN_STATUSES.includes(row.status) && now.getTime() > row.due_at.getTime();
}

/** What the reminder job does with an open feedback: nothing, remind the handler, or escalate to the agency head. */
export function reminderKind(
  row: { status: FeedbackStatus; due_at: Date; reminded_at: Date | null; escalated_at: Date | null },
  now: Date,
  soonLimit: Date,
): 'remind' | 'escalate' | null {
  if (!OPEN_STATUSES.includes(row.status)) return null;
  if (row.due_at.getTime() < now.getTime()) return row.escalated_at ? null : 'escalate';
  if (row.due_at.getTime() <= soonLimit.getTime()) return row.reminded_at ? null : 'remind';
  return null;
}

// --- contacts ------------------------------------------------------------------------------------

/** A phone number in its stored form (src/core/text.ts `vietnamesePhone`), else null. */
export function normalisePhone(raw: unknown): string | null {
  return typeof raw === 'string' ? vietnamesePhone(raw) : null;
}

export function normaliseEmail(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const email = raw.trim().toLowerCase();
  return email.length <= 200 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? email : null;
}

/** The contact a code is sent to: a phone number or an e-mail address. */
export function parseContact(raw: unknown): { channel: 'phone' | 'email'; contact: string } | null {
  const email = typeof raw === 'string' && raw.includes('@') ? normaliseEmail(raw) : null;
  if (email) return { channel: 'email', contact: email };
  const phone = normalisePhone(raw);
  return phone ? { channel: 'phone', contact: phone } : null;
}

/** The six digits of a one-time code from random bytes (the caller draws them). */
export function codeFromBytes(bytes: Uint8Array): string {
  const n = ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
  return String(n % 1_000_000).padStart(6, '0');
}

/** Whether a one-time code may still be tried (`now`): not used, not expired, tries left. */
export function codeUsable(v: { used_at: Date | null; expires_at: Date; attempts: number }, now: Date): boolean {
  return v.used_at === null && v.expires_at.getTime() > now.getTime() && v.attempts < CODE_MAX_ATTEMPTS;
}

// --- a submission ----------------------------------------------------------------------------------

export interface SubmissionInput {
  category?: unknown;
  agencyCode?: unknown;
  procedureCode?: unknown;
  dossierCode?: unknown;
  title?: unknown;
  content?: unknown;
  contactName?: unknown;
  phone?: unknown;
  email?: unknown;
}

export interface CheckedSubmission {
  category: FeedbackCategory;
  agencyCode: string | null;
  procedureCode: string | null;
  dossierCode: string | null;
  title: string;
  content: string;
  contactName: string;
  phone: string | null;
  email: string | null;
}

function clean(value: unknown): string {
  return typeof value === 'string' ? value.replace(/\r\n/g, '\n').trim() : '';
}

/** Every problem of a submission at once (field paths of the JSON body). */
export function checkSubmission(input: SubmissionInput): { value: CheckedSubmission; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const category = clean(input.category);
  if (!isCategory(category)) errors.push({ path: '/category', code: 'FEEDBACK_CATEGORY_INVALID' });
  const title = clean(input.title).replace(/\s+/g, ' ');
  if (!title) errors.push({ path: '/title', code: 'FEEDBACK_TITLE_REQUIRED' });
  else if (title.length > MAX_TITLE) errors.push({ path: '/title', code: 'FEEDBACK_TOO_LONG', params: { max: MAX_TITLE } });
  const content = clean(input.content);
  if (!content) errors.push({ path: '/content', code: 'FEEDBACK_CONTENT_REQUIRED' });
  else if (content.length > MAX_CONTENT) errors.push({ path: '/content', code: 'FEEDBACK_TOO_LONG', params: { max: MAX_CONTENT } });
  const contactName = clean(input.contactName).replace(/\s+/g, ' ');
  if (contactName.length > 200) errors.push({ path: '/contactName', code: 'FEEDBACK_TOO_LONG', params: { max: 200 } });
  const rawPhone = clean(input.phone);
  const phone = rawPhone ? normalisePhone(rawPhone) : null;
  if (rawPhone && !phone) errors.push({ path: '/phone', code: 'FEEDBACK_PHONE_INVALID' });
  const rawEmail = clean(input.email);
  const email = rawEmail ? normaliseEmail(rawEmail) : null;
  if (rawEmail && !email) errors.push({ path: '/email', code: 'FEEDBACK_EMAIL_INVALID' });
  const agencyCode = clean(input.agencyCode).toUpperCase() || null;
  const procedureCode = clean(input.procedureCode) || null;
  if (procedureCode && procedureCode.length > 80) errors.push({ path: '/procedureCode', code: 'FEEDBACK_PROCEDURE_UNKNOWN' });
  const dossierCode = clean(input.dossierCode) || null;
  if (dossierCode && dossierCode.length > 60) errors.push({ path: '/dossierCode', code: 'FEEDBACK_DOSSIER_UNKNOWN' });
  return {
    value: { category: (isCategory(category) ? category : 'other') as FeedbackCategory, agencyCode, procedureCode, dossierCode, title, content, contactName, phone, email },
    errors,
  };
}

/** The words a search looks for in the folded text (each must appear). */
export function searchWords(query: string | undefined): string[] {
  return foldVietnamese(query ?? '')
    .split(' ')
    .filter((w) => w.length > 0)
    .slice(0, 8);
}

export function buildSearchText(...parts: Array<string | null | undefined>): string {
  return foldVietnamese(parts.filter(Boolean).join(' '));
}

// --- rating ------------------------------------------------------------------------------------------

export type Rating = 'satisfied' | 'not_satisfied';

/** The rating of an answer: once, after the answer was given (answered, published or closed with an answer). */
export function checkRating(
  row: { status: FeedbackStatus; answer: string | null; rated_at: Date | null },
  input: { rating?: unknown; comment?: unknown },
): { value: { rating: Rating; comment: string | null } | null; error: string | null; errors: FieldError[] } {
  if (row.rated_at) return { value: null, error: 'FEEDBACK_ALREADY_RATED', errors: [] };
  if (!row.answer || !['answered', 'published', 'closed'].includes(row.status)) return { value: null, error: 'FEEDBACK_NOT_ANSWERED', errors: [] };
  const errors: FieldError[] = [];
  const rating = input.rating === 'satisfied' || input.rating === 'not_satisfied' ? input.rating : null;
  if (!rating) errors.push({ path: '/rating', code: 'FEEDBACK_RATING_REQUIRED' });
  const comment = clean(input.comment);
  if (comment.length > MAX_COMMENT) errors.push({ path: '/comment', code: 'FEEDBACK_TOO_LONG', params: { max: MAX_COMMENT } });
  if (errors.length) return { value: null, error: null, errors };
  return { value: { rating: rating!, comment: comment || null }, error: null, errors: [] };
}

// --- masking personal data in what is published ---------------------------------------------------------

/** Personal data known for this feedback (the sender's name, phone, e-mail), masked wherever they appear. */
export interface KnownPersonalData {
  names?: ReadonlyArray<string | null | undefined>;
  phones?: ReadonlyArray<string | null | undefined>;
  emails?: ReadonlyArray<string | null | undefined>;
}

const UPPER = 'A-ZÀÁẠẢÃÂẦẤẬẨẪĂẰẮẶẲẴÈÉẸẺẼÊỀẾỆỂỄÌÍỊỈĨÒÓỌỎÕÔỒỐỘỔỖƠỜỚỢỞỠÙÚỤỦŨƯỪỨỰỬỮỲÝỴỶỸĐ';
const LOWER = 'a-zàáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ';
const NAME_WORD = `[${UPPER}][${LOWER}]+`;
/** A personal name after a form of address: "ông Nguyễn Văn An", "bà Lê Thị B", "anh Tuấn". */
const ADDRESSED_NAME = new RegExp(`(^|[^${LOWER}${UPPER}])((?:ông|bà|anh|chị|em|cô|chú|bác|Ông|Bà|Anh|Chị|Em|Cô|Chú|Bác|Mr\\.?|Mrs\\.?|Ms\\.?)\\s+)(${NAME_WORD}(?:\\s+${NAME_WORD}){0,4})`, 'gu');
/** "tên là X Y Z", "họ tên: X Y Z", "tôi là X Y Z". */
const NAMED = new RegExp(`((?:họ và tên|họ tên|tên là|tôi là|Tôi là|Họ và tên|Họ tên)\\s*:?\\s*)(${NAME_WORD}(?:\\s+${NAME_WORD}){0,4})`, 'gu');
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
/** Phone numbers: 0 or +84 then 9 digits, spaces, dots or dashes allowed between groups. */
const PHONE = /(?<![\d])(?:\+84|0)(?:[\s.-]?\d){9}(?![\d])/g;
/** Identity numbers: 12 digits (citizen identity card) or 9 (old ID card), alone. */
const ID_NUMBER = /(?<![\d])(?:\d{12}|\d{9})(?![\d])/g;
/** An address after its label, up to the end of the sentence or line. */
const ADDRESS_LABEL = /((?:địa chỉ|Địa chỉ|trú tại|Trú tại|cư trú tại|ở tại|thường trú|Thường trú|tạm trú|Tạm trú)\s*:?\s*)([^\n.;]+)/gu;
/** A street address: "số 12 đường Trần Phú", "123 Nguyễn Huệ", "số 5, ngõ 7 phố Huế", "thôn/ấp/khóm/tổ X". */
const STREET = new RegExp(`(?<![\\p{L}\\d])(?:[Ss]ố\\s+)?\\d+[A-Za-z]?(?:/\\d+)*,?\\s+(?:(?:đường|phố|ngõ|ngách|hẻm|kiệt)\\s+)?${NAME_WORD}(?:\\s+${NAME_WORD}){0,4}|(?<![\\p{L}])(?:thôn|ấp|khóm|xóm|tổ dân phố|khu phố|Thôn|Ấp|Khóm|Xóm|Tổ dân phố|Khu phố)\\s+[\\p{L}\\d]+(?:\\s+${NAME_WORD}){0,3}`, 'gu');

export const MASK = {
  name: (name: string) =>
    name
      .split(/\s+/)
      .filter(Boolean)
      .map((w) => `${w[0]!.toUpperCase()}.`)
      .join(''),
  phone: (phone: string) => {
    const digits = phone.replace(/\D/g, '');
    return `${digits.slice(0, 3)}****${digits.slice(-3)}`;
  },
  email: (email: string) => {
    const [local, domain] = email.split('@') as [string, string];
    return `${local.slice(0, 1)}***@${domain}`;
  },
  id: (id: string) => `${'*'.repeat(id.length - 3)}${id.slice(-3)}`,
  address: () => '[địa chỉ đã được ẩn]',
};

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The text with personal data masked: e-mail addresses, phone numbers, identity numbers, addresses (after a label,
 * or a street address), names after a form of address or "tên là", and every known name, phone and e-mail of the
 * sender. Pure; applied once when an answer is published (the original stays for the officers).
 */
export function maskPersonalData(text: string, known: KnownPersonalData = {}): string {
  let out = text;
  for (const email of known.emails ?? []) if (email) out = out.replace(new RegExp(escapeRegex(email), 'gi'), MASK.email(email));
  out = out.replace(EMAIL, (m) => MASK.email(m));
  for (const name of known.names ?? []) {
    const n = name?.trim();
    if (n && n.split(/\s+/).length >= 2) out = out.replace(new RegExp(escapeRegex(n), 'gu'), MASK.name(n));
  }
  out = out.replace(ADDRESS_LABEL, (_m, label: string) => `${label}${MASK.address()}`);
  out = out.replace(PHONE, (m) => MASK.phone(m));
  out = out.replace(ID_NUMBER, (m) => MASK.id(m));
  out = out.replace(STREET, () => MASK.address());
  out = out.replace(NAMED, (_m, label: string, name: string) => `${label}${MASK.name(name)}`);
  out = out.replace(ADDRESSED_NAME, (_m, before: string, title: string, name: string) => `${before}${title}${MASK.name(name)}`);
  return out;
}
