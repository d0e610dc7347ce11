// Vietnamese text helpers (pure).

/** Lower-case, accent-free form of Vietnamese text: "Đăng ký quyền tác giả" → "dang ky quyen tac gia". */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}.]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** dd/mm/yyyy for a Date or an ISO date string, in Vietnam time. */
export function formatDate(value: Date | string | null | undefined): string {
  if (!value) return '';
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split('-');
    return `${d}/${m}/${y}`;
  }
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric' }).format(date);
}

const VIETNAM_DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', day: '2-digit', month: '2-digit', year: 'numeric',
});

/** Day, month, year, hour and minute (24-hour clock, two digits each) in Vietnam time; null for no valid instant. */
function vietnamDateTimeParts(value: Date | string | null | undefined): Record<'day' | 'month' | 'year' | 'hour' | 'minute', string> | null {
  if (!value) return null;
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return null;
  const parts = VIETNAM_DATE_TIME.formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { day: get('day'), month: get('month'), year: get('year'), hour: get('hour'), minute: get('minute') };
}

/** hh:mm dd/mm/yyyy in Vietnam time. */
export function formatDateTime(value: Date | string | null | undefined): string {
  const p = vietnamDateTimeParts(value);
  return p ? `${p.hour}:${p.minute} ${p.day}/${p.month}/${p.year}` : '';
}

/** dd/mm/yyyy hh:mm in Vietnam time (the audit log, the mailbox). */
export function formatTimestamp(value: Date | string | null | undefined): string {
  const p = vietnamDateTimeParts(value);
  return p ? `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}` : '';
}

/** 1.500.000 ₫ */
export function formatVnd(amount: number): string {
  return `${new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 }).format(amount)} ₫`;
}

export function formatNumber(value: number, locale: 'vi' | 'en' = 'vi'): string {
  return new Intl.NumberFormat(locale === 'vi' ? 'vi-VN' : 'en-GB').format(value);
}

/** True when the bytes are well-formed UTF-8. */
/**
 * A Vietnamese phone number of 10 digits as typed (spaces, dots, dashes, brackets allowed; +84 or 84 in place of the
 * leading 0), in the one stored form 0xxxxxxxxx; null when it is not one. The postal delivery and the feedback
 * contact use it.
 */
export function vietnamesePhone(raw: string): string | null {
  const m = /^(?:\+?84|0)(\d{9})$/.exec(raw.replace(/[\s.\-()]/g, ''));
  return m ? `0${m[1]}` : null;
}

export function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}
