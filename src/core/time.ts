// Vietnam time. Asia/Ho_Chi_Minh is UTC+7 all year (no daylight saving time), so a Vietnamese calendar day
// is the UTC day of the instant shifted by seven hours: 17:00 UTC is already the next day in Vietnam.
// Pure: every function takes the instant it works on (no clock).

export const VIETNAM_OFFSET_MS = 7 * 3_600_000;
export const DAY_MS = 86_400_000;

function shifted(at: Date | number): Date {
  return new Date((typeof at === 'number' ? at : at.getTime()) + VIETNAM_OFFSET_MS);
}

/** The calendar day (yyyy-mm-dd) in Vietnam at an instant. */
export function vietnamDate(at: Date | number): string {
  return shifted(at).toISOString().slice(0, 10);
}

/** The month (yyyy-mm) in Vietnam at an instant. */
export function vietnamMonth(at: Date | number): string {
  return shifted(at).toISOString().slice(0, 7);
}

/** The year in Vietnam at an instant. */
export function vietnamYear(at: Date | number): number {
  return shifted(at).getUTCFullYear();
}

/** Day number (days since 1970-01-01) of an instant in Vietnam. */
export function vietnamDayNumber(at: Date | number): number {
  const ms = typeof at === 'number' ? at : at.getTime();
  return Math.floor((ms + VIETNAM_OFFSET_MS) / DAY_MS);
}

/** The instant (ms since the epoch) at which the Vietnamese day `dayNumber` begins, plus `minutes`. */
export function vietnamDayStartMs(dayNumber: number, minutes = 0): number {
  return dayNumber * DAY_MS + minutes * 60_000 - VIETNAM_OFFSET_MS;
}

/** The instant at which a Vietnamese calendar day (yyyy-mm-dd) begins. */
export function vietnamDayStart(day: string): Date {
  return new Date(`${day}T00:00:00+07:00`);
}

/** Milliseconds since Vietnamese midnight of an instant. */
export function vietnamTimeOfDay(at: Date | number): number {
  const t = ((typeof at === 'number' ? at : at.getTime()) + VIETNAM_OFFSET_MS) % DAY_MS;
  return t < 0 ? t + DAY_MS : t;
}

/** The instant at which a Vietnamese calendar day (yyyy-mm-dd) ends: the start of the next day. */
export function vietnamDayEnd(day: string): Date {
  return vietnamDayStart(addDays(day, 1));
}

// Calendar days written yyyy-mm-dd (plain calendar arithmetic: no time zone involved).

/** True when `text` is a calendar day that exists, written yyyy-mm-dd. */
export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/** The calendar day `n` days after `day` (before it when `n` is negative). */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** A date typed as dd/mm/yyyy (also d/m/yyyy, with / . or -) or yyyy-mm-dd, as yyyy-mm-dd; null when unreadable. */
export function parseDateInput(raw: string): string | null {
  const text = raw.trim();
  let match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match) return `${match[1]}-${match[2]}-${match[3]}`;
  match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  if (match) return `${match[3]}-${match[2]!.padStart(2, '0')}-${match[1]!.padStart(2, '0')}`;
  return null;
}
