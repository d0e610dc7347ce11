// The dossier kernel: the small, pure vocabulary every module shares about a dossier — the national status
// codes and their labels, the channels, the dossier code format and the default e-form. It imports no other
// module (only src/core and src/db types), so catalog, dossiers, handling, intake, documents, notifications
// and the rest can all depend on it without an import cycle (test/rules/module-cycles.test.ts).
import type { Audience, DossierStatus } from '../../db/schema.ts';
import { vietnamDate } from '../../core/time.ts';
import { registerMessages } from '../../core/i18n.ts';

// ---------------------------------------------------------------------------------------------
// National status codes and channels (domain guide §3)
// ---------------------------------------------------------------------------------------------

export const NATIONAL_STATUSES: Record<DossierStatus, { vi: string; en: string }> = {
  1: { vi: 'Mới đăng ký', en: 'Newly registered' },
  2: { vi: 'Được tiếp nhận', en: 'Received' },
  3: { vi: 'Không được tiếp nhận', en: 'Refused at reception' },
  4: { vi: 'Đang xử lý', en: 'Being processed' },
  5: { vi: 'Yêu cầu bổ sung giấy tờ', en: 'Supplement requested' },
  6: { vi: 'Yêu cầu thực hiện nghĩa vụ tài chính', en: 'Payment of fees requested' },
  7: { vi: 'Công dân yêu cầu rút hồ sơ', en: 'Withdrawn by the applicant' },
  8: { vi: 'Dừng xử lý', en: 'Processing stopped' },
  9: { vi: 'Đã xử lý xong', en: 'Result ready' },
  10: { vi: 'Đã trả kết quả', en: 'Result delivered' },
};

// The statuses as messages (`dossier.status.N`), so that texts can name a status in the reader's language
// (error messages: `{status:dossier.status}`, src/core/i18n.ts fillPlaceholders).
registerMessages({
  vi: Object.fromEntries(Object.entries(NATIONAL_STATUSES).map(([code, label]) => [`dossier.status.${code}`, label.vi])),
  en: Object.fromEntries(Object.entries(NATIONAL_STATUSES).map(([code, label]) => [`dossier.status.${code}`, label.en])),
});

export const STATUS_NEW: DossierStatus = 1;

/**
 * A draft frozen for the payment of fees charged before submission (`dossiers.payment_pending_at`, migration 0033):
 * not submitted yet, so it has no national status (none fits a dossier the agency has not received), but the
 * applicant sees where it stands.
 */
export const AWAITING_PAYMENT_LABEL = { vi: 'Chờ thanh toán phí, lệ phí', en: 'Awaiting payment of fees' } as const;

/** The applicant's label of a dossier: its national status, or (a draft) awaiting payment or draft. */
export function applicantStatusLabel(status: number | null, awaitingPayment: boolean, locale: 'vi' | 'en' = 'vi'): string {
  return status === null && awaitingPayment ? AWAITING_PAYMENT_LABEL[locale] : statusLabel(status, locale);
}

/** Statuses in which the legal deadline runs or is paused (received, being processed, awaiting the applicant). */
export const IN_PROGRESS_STATUSES: readonly DossierStatus[] = [2, 4, 5, 6];

/** Statuses in which the applicant may ask to withdraw the dossier (before the result): the state machine's and the dossier page's. */
export const WITHDRAWABLE_STATUSES: readonly DossierStatus[] = [1, 2, 4, 5, 6];

/** Label of a national status code; drafts (null) are "Bản nháp" / "Draft". */
export function statusLabel(status: number | null, locale: 'vi' | 'en' = 'vi'): string {
  if (status === null) return locale === 'vi' ? 'Bản nháp' : 'Draft';
  const entry = NATIONAL_STATUSES[status as DossierStatus];
  return entry ? entry[locale] : String(status);
}

export const CHANNELS = { counter: 1, online: 2, post: 3, nationalPortal: 4 } as const;

/** Channel labels: 4 is a dossier submitted on the National Public Service Portal and delivered to us (issue 13). */
export const CHANNEL_LABELS: Record<number, { vi: string; en: string }> = {
  1: { vi: 'Trực tiếp', en: 'In person' },
  2: { vi: 'Trực tuyến', en: 'Online' },
  3: { vi: 'Bưu chính công ích', en: 'Public postal service' },
  4: { vi: 'Cổng Dịch vụ công quốc gia', en: 'National Public Service Portal' },
};

/** The channels the statistics count as online (Biểu 06 "trực tuyến", Decision 766): our portal and the national portal. */
export const ONLINE_CHANNELS: readonly number[] = [CHANNELS.online, CHANNELS.nationalPortal];

export function isOnlineChannel(channel: number): boolean {
  return ONLINE_CHANNELS.includes(channel);
}

/** Label of a channel code. */
export function channelLabel(channel: number, locale: 'vi' | 'en' = 'vi'): string {
  return CHANNEL_LABELS[channel]?.[locale] ?? String(channel);
}

// ---------------------------------------------------------------------------------------------
// Dossier code: {agency e-ID}-{yymmdd}-{sequence}
// ---------------------------------------------------------------------------------------------

export const DEFAULT_SEQUENCE_WIDTH = 4;

/**
 * `H15.50.05.13-261008-0975`: the receiving agency's e-ID, the day in Vietnam (yymmdd) and the agency's
 * daily sequence, zero-padded to `width` (default 4; a larger number simply gets more digits).
 */
export function formatDossierCode(agencyCode: string, now: Date, sequence: number, width = DEFAULT_SEQUENCE_WIDTH): string {
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError(`invalid sequence: ${sequence}`);
  if (!Number.isInteger(width) || width < 1 || width > 12) throw new RangeError(`invalid width: ${width}`);
  return `${codePrefix(agencyCode, now)}${String(sequence).padStart(width, '0')}`;
}

/** The part of the code before the sequence: `{agency e-ID}-{yymmdd}-` (the day in Vietnam). */
export function codePrefix(agencyCode: string, now: Date): string {
  const day = vietnamDate(now);
  return `${agencyCode}-${day.slice(2, 4)}${day.slice(5, 7)}${day.slice(8, 10)}-`;
}

/** A code as typed by a person (spaces around, lower case) in the stored form. */
export function normaliseDossierCode(input: string): string {
  return input.trim().toUpperCase();
}

// ---------------------------------------------------------------------------------------------
// The default e-form (a procedure version without a form of its own; the catalog shows it, dossiers use it)
// ---------------------------------------------------------------------------------------------

export interface FormVersion {
  name: string;
  audience: readonly Audience[];
}

export const PHONE_PATTERN = '^(\\+84|0)[0-9]{9,10}$';
export const PERSONAL_ID_PATTERN = '^[0-9]{12}$';
export const TAX_CODE_PATTERN = '^[0-9]{10}(-[0-9]{3})?$';
/**
 * A person's name on the e-form: at least one letter and no emoji or other pictographic symbol, invisible format
 * character or private-use character (printed as □ on the receipt). The same rule as the accounts' names
 * (identity.rules.ts PERSON_NAME_PATTERN), in the subset RE2 and JSON Schema share.
 */
export const PERSON_NAME_PATTERN = '^[^\\p{So}\\p{Cf}\\p{Co}]*\\p{L}[^\\p{So}\\p{Cf}\\p{Co}]*$';

/**
 * The e-form of a procedure version that has no form of its own: the applicant's details (prefilled from
 * the profile: `x-prefill` names the profile field) and the content of the request. Citizens give their
 * personal ID, organisations their name and tax code. When the procedure serves both audiences, both are
 * optional here and `applicantErrors` requires the one matching the applicant.
 */
export function defaultFormSchema(version: FormVersion): Record<string, unknown> {
  const citizen = version.audience.includes('citizen');
  const organisation = version.audience.includes('organisation');
  const properties: Record<string, Record<string, unknown>> = {
    fullName: {
      type: 'string',
      title: organisation && !citizen ? 'Họ và tên người đại diện' : 'Họ và tên',
      'x-title-en': organisation && !citizen ? 'Full name of the representative' : 'Full name',
      description: 'Viết bằng chữ, không có biểu tượng cảm xúc',
      'x-description-en': 'In letters, without emoji',
      minLength: 1,
      maxLength: 200,
      pattern: PERSON_NAME_PATTERN,
      'x-prefill': 'fullName',
    },
  };
  if (citizen) properties.personalId = { type: 'string', title: 'Số định danh cá nhân', 'x-title-en': 'Personal ID number', description: '12 chữ số', 'x-description-en': '12 digits', pattern: PERSONAL_ID_PATTERN, 'x-prefill': 'personalId' };
  if (organisation) {
    properties.organisationName = { type: 'string', title: 'Tên tổ chức, doanh nghiệp', 'x-title-en': 'Name of the organisation or business', minLength: 1, maxLength: 300, 'x-prefill': 'organisationName' };
    properties.taxCode = { type: 'string', title: 'Mã số thuế', 'x-title-en': 'Tax code', description: '10 hoặc 13 chữ số (dạng 0123456789-001)', 'x-description-en': '10 or 13 digits (as 0123456789-001)', pattern: TAX_CODE_PATTERN, 'x-prefill': 'taxCode' };
  }
  properties.phone = { type: 'string', title: 'Số điện thoại', 'x-title-en': 'Phone number', pattern: PHONE_PATTERN, 'x-prefill': 'phone' };
  properties.email = { type: 'string', title: 'Thư điện tử', 'x-title-en': 'E-mail', format: 'email', maxLength: 254, 'x-prefill': 'email' };
  properties.address = { type: 'string', title: 'Địa chỉ liên hệ', 'x-title-en': 'Contact address', minLength: 1, maxLength: 500, 'x-prefill': 'address' };
  properties.requestContent = { type: 'string', title: 'Nội dung yêu cầu', 'x-title-en': 'What you request', minLength: 1, maxLength: 5000, 'x-widget': 'textarea' };
  const required = ['fullName'];
  if (citizen && !organisation) required.push('personalId');
  if (organisation && !citizen) required.push('organisationName', 'taxCode');
  required.push('phone', 'address', 'requestContent');
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: `Tờ khai: ${version.name}`,
    type: 'object',
    additionalProperties: false,
    required,
    properties,
  };
}
