// Appointments at the one-stop centre (issue 20, part 3): pure rules. Slots of a counter group's day inside the
// agency's working hours (not across the lunch break) on working days only, bookable from today up to `daysAhead`
// days ahead and until `cutoffMinutes` before the slot; the check-in window at the kiosk; cancellation; the
// booking code. No I/O, no clock: every function takes the instant it works on.
import type { FieldError } from '../../core/errors.ts';
import { vietnamesePhone } from '../../core/text.ts';
import { vietnamDayNumber, vietnamDayStartMs } from '../../core/time.ts';
import type { WorkingHours } from '../calendar/calendar.rules.ts';

/** A group's booking settings. */
export interface SlotSettings {
  enabled: boolean;
  slotMinutes: number;
  capacity: number;
  daysAhead: number;
  cutoffMinutes: number;
}

export const DEFAULT_SETTINGS: SlotSettings = { enabled: true, slotMinutes: 15, capacity: 2, daysAhead: 14, cutoffMinutes: 60 };

/** Bounds of the settings (the migration's CHECKs say the same). */
export const SETTING_BOUNDS = {
  slotMinutes: { min: 5, max: 240 },
  capacity: { min: 1, max: 100 },
  daysAhead: { min: 1, max: 90 },
  cutoffMinutes: { min: 0, max: 2880 },
} as const;

/** Slot lengths offered by the settings form's picker. */
export const SLOT_LENGTHS = [5, 10, 15, 20, 30, 45, 60, 90, 120] as const;
/** Cut-offs offered by the settings form's picker (minutes before the slot). */
export const CUTOFFS = [0, 15, 30, 60, 120, 240, 720, 1440, 2880] as const;

/** The visitor may check in from this many minutes before the slot's start … */
export const CHECK_IN_EARLY_MINUTES = 30;
/** … until this many minutes after it. */
export const CHECK_IN_LATE_MINUTES = 15;
/** Open (booked, future) appointments one phone number or account may hold at once. */
export const MAX_OPEN_PER_CONTACT = 3;

/** Parses the settings form (every field text) → settings, or field errors. */
export function parseSettings(input: Record<string, unknown>): { value: SlotSettings | null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const number = (name: keyof typeof SETTING_BOUNDS): number => {
    const raw = input[name];
    const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
    const bounds = SETTING_BOUNDS[name];
    if (!/^\d{1,5}$/.test(text) || Number(text) < bounds.min || Number(text) > bounds.max) {
      errors.push({ path: `/${name}`, code: 'APPOINTMENT_SETTING_RANGE', params: { min: bounds.min, max: bounds.max } });
      return 0;
    }
    return Number(text);
  };
  const enabledRaw = input.enabled;
  const enabled = enabledRaw === true || enabledRaw === '1' || enabledRaw === 'true' || enabledRaw === 'on';
  const value: SlotSettings = { enabled, slotMinutes: number('slotMinutes'), capacity: number('capacity'), daysAhead: number('daysAhead'), cutoffMinutes: number('cutoffMinutes') };
  return { value: errors.length ? null : value, errors };
}

/** Working periods of a day in minutes after midnight: the morning and the afternoon around the lunch break. */
export function workingPeriods(hours: WorkingHours): Array<[number, number]> {
  const { opens, closes, lunchStart, lunchEnd } = hours;
  if (lunchStart === null || lunchEnd === null || lunchStart >= lunchEnd || lunchEnd <= opens || lunchStart >= closes) return opens < closes ? [[opens, closes]] : [];
  const out: Array<[number, number]> = [];
  if (opens < lunchStart) out.push([opens, Math.min(lunchStart, closes)]);
  if (lunchEnd < closes) out.push([Math.max(lunchEnd, opens), closes]);
  return out;
}

export interface Slot {
  /** Minutes after midnight (Vietnam time). */
  start: number;
  end: number;
  startsAt: number;
  endsAt: number;
  booked: number;
  left: number;
  /** Open to booking now (day in the window, before the cut-off); `left` > 0 is a separate question. */
  open: boolean;
}

export interface DaySlotsInput {
  /** Day number (days since 1970-01-01, Vietnam time). */
  day: number;
  /** The working-day calendar's answer for that day (weekends and holidays are not). */
  working: boolean;
  hours: WorkingHours;
  settings: SlotSettings;
  now: number;
  /** Places taken per slot start (ms). */
  booked?: ReadonlyMap<number, number>;
}

/** Whether `day` may be booked at `now`: from today to `daysAhead` days ahead. */
export function dayInWindow(day: number, now: number, daysAhead: number): boolean {
  const today = vietnamDayNumber(now);
  return day >= today && day - today <= daysAhead;
}

/** Every slot of a group's day (none on a day off or when booking is disabled), each with its places left. */
export function daySlots(input: DaySlotsInput): Slot[] {
  const { day, working, hours, settings, now } = input;
  if (!working || !settings.enabled || settings.slotMinutes <= 0) return [];
  const inWindow = dayInWindow(day, now, settings.daysAhead);
  const out: Slot[] = [];
  for (const [from, to] of workingPeriods(hours)) {
    for (let start = from; start + settings.slotMinutes <= to; start += settings.slotMinutes) {
      const startsAt = vietnamDayStartMs(day, start);
      const booked = input.booked?.get(startsAt) ?? 0;
      out.push({
        start,
        end: start + settings.slotMinutes,
        startsAt,
        endsAt: vietnamDayStartMs(day, start + settings.slotMinutes),
        booked,
        left: Math.max(0, settings.capacity - booked),
        open: inWindow && startsAt - settings.cutoffMinutes * 60_000 >= now,
      });
    }
  }
  return out;
}

/** The slots a visitor may pick: open and with a place left. */
export function freeSlots(input: DaySlotsInput): Slot[] {
  return daySlots(input).filter((s) => s.open && s.left > 0);
}

/** The days (day numbers) from today to `daysAhead` days ahead that are working days. */
export function bookableDays(now: number, daysAhead: number, isWorkingDay: (day: number) => boolean): number[] {
  const today = vietnamDayNumber(now);
  const out: number[] = [];
  for (let d = today; d <= today + daysAhead; d++) if (isWorkingDay(d)) out.push(d);
  return out;
}

/** The slot of a group that starts at `startsAt`, if the day has one (open or not). */
export function slotAt(input: Omit<DaySlotsInput, 'day'>, startsAt: number): Slot | undefined {
  return daySlots({ ...input, day: vietnamDayNumber(startsAt) }).find((s) => s.startsAt === startsAt);
}

// --- check-in, cancellation ------------------------------------------------------------------------

export type AppointmentState = 'booked' | 'checked_in' | 'cancelled' | 'no_show';

export type CheckInRefusal = 'APPOINTMENT_CANCELLED' | 'APPOINTMENT_USED' | 'APPOINTMENT_TOO_EARLY' | 'APPOINTMENT_TOO_LATE';

/** Whether an appointment may check in at `now`: booked, from CHECK_IN_EARLY_MINUTES before to CHECK_IN_LATE_MINUTES after its start. */
export function checkInRefusal(a: { status: AppointmentState; startsAt: number }, now: number): CheckInRefusal | null {
  if (a.status === 'cancelled') return 'APPOINTMENT_CANCELLED';
  if (a.status === 'checked_in') return 'APPOINTMENT_USED';
  if (a.status === 'no_show') return 'APPOINTMENT_TOO_LATE';
  if (now < a.startsAt - CHECK_IN_EARLY_MINUTES * 60_000) return 'APPOINTMENT_TOO_EARLY';
  if (now > a.startsAt + CHECK_IN_LATE_MINUTES * 60_000) return 'APPOINTMENT_TOO_LATE';
  return null;
}

export type CancelRefusal = 'APPOINTMENT_NOT_CANCELLABLE' | 'APPOINTMENT_CUTOFF_PASSED';

/**
 * Whether an appointment may be cancelled at `now`: only while booked and before its start; the citizen until
 * `cutoffMinutes` before it, an officer until the start.
 */
export function cancelRefusal(a: { status: AppointmentState; startsAt: number }, now: number, cutoffMinutes: number, by: 'citizen' | 'officer'): CancelRefusal | null {
  if (a.status !== 'booked' || now >= a.startsAt) return 'APPOINTMENT_NOT_CANCELLABLE';
  if (by === 'citizen' && now > a.startsAt - cutoffMinutes * 60_000) return 'APPOINTMENT_CUTOFF_PASSED';
  return null;
}

/** Whether a booked appointment of `day` is a no-show once `today` (Vietnam time) has begun after it. */
export function isNoShow(a: { status: AppointmentState; day: string }, today: string): boolean {
  return a.status === 'booked' && a.day < today;
}

// --- the booking code --------------------------------------------------------------------------------

/** Letters and digits without look-alikes (no 0/O, 1/I/L). */
export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const CODE_LENGTH = 8;

/** A booking code from random bytes (the caller draws at least CODE_LENGTH). */
export function codeFromBytes(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < CODE_LENGTH; i++) out += CODE_ALPHABET[bytes[i]! % CODE_ALPHABET.length];
  return out;
}

const CODE_PATTERN = new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`);

/** A code as typed or scanned ("abcd-efgh", spaces; a link ending in the code) → its stored form, else null. */
export function normaliseCode(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length > 300) return null;
  let text = raw.trim();
  text = text.slice(text.lastIndexOf('/') + 1).split(/[?#]/)[0]!;
  const code = text.replace(/[\s-]/g, '').toUpperCase();
  return CODE_PATTERN.test(code) ? code : null;
}

/** The code as printed: two groups of four. */
export function displayCode(code: string): string {
  return code.length === CODE_LENGTH ? `${code.slice(0, 4)}-${code.slice(4)}` : code;
}

// --- booking input -------------------------------------------------------------------------------

export const MAX_NAME = 120;

export interface ContactInput {
  name?: unknown;
  phone?: unknown;
  email?: unknown;
}

/** The visitor's name and contact as typed (a name always; a phone when `phoneRequired`). */
export function checkContact(input: ContactInput, options: { nameRequired: boolean; phoneRequired: boolean }): { name: string; phone: string | null; email: string | null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const name = typeof input.name === 'string' ? input.name.replace(/\s+/g, ' ').trim() : '';
  if (options.nameRequired && !name) errors.push({ path: '/name', code: 'APPOINTMENT_NAME_REQUIRED' });
  if (name.length > MAX_NAME) errors.push({ path: '/name', code: 'APPOINTMENT_TOO_LONG', params: { max: MAX_NAME } });
  const phoneText = typeof input.phone === 'string' ? input.phone.trim() : '';
  const phone = phoneText ? vietnamesePhone(phoneText) : null;
  if (phoneText && !phone) errors.push({ path: '/phone', code: 'APPOINTMENT_PHONE_INVALID' });
  else if (!phoneText && options.phoneRequired) errors.push({ path: '/phone', code: 'APPOINTMENT_PHONE_REQUIRED' });
  const emailText = typeof input.email === 'string' ? input.email.trim().toLowerCase() : '';
  const email = emailText && emailText.length <= 200 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(emailText) ? emailText : null;
  if (emailText && !email) errors.push({ path: '/email', code: 'APPOINTMENT_EMAIL_INVALID' });
  return { name, phone, email, errors };
}

/** Minutes after midnight → "hh:mm". */
export function clock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
