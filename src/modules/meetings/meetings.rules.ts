// The work calendar and electronic invitations, pure rules (issue 19 part 4): week arithmetic (Monday to Sunday,
// Vietnam time), morning / afternoon / evening of an entry, the overlap of two entries (interval overlap, all-day
// entries covering whole Vietnamese days, entries across midnight) and the conflicts of a new entry with a person's
// other published entries (a warning, never a refusal), the checks of an entry's fields, the entry's state machine
// (draft → published → cancelled; a published entry changed is versioned and shown as "changed") and the
// invitation's (pending → accepted / declined / delegated). No I/O, no clock: every function takes its instant.
import type { FieldError } from '../../core/errors.ts';
import { addDays, isIsoDate, vietnamDate, vietnamDayStart, vietnamTimeOfDay } from '../../core/time.ts';

// ---------------------------------------------------------------------------------------------
// Weeks
// ---------------------------------------------------------------------------------------------

/** Day of the week of a calendar day (yyyy-mm-dd): 1 Monday … 7 Sunday. */
export function isoWeekday(day: string): number {
  const d = new Date(`${day}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/** The Monday of the week (Monday–Sunday) holding `day`. */
export function weekStart(day: string): string {
  return addDays(day, 1 - isoWeekday(day));
}

/** The seven days (Monday first) of the week starting on `monday`. */
export function weekDays(monday: string): string[] {
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
}

/** ISO 8601 week number and its year (the year of the week's Thursday). */
export function isoWeek(day: string): { year: number; week: number } {
  const thursday = addDays(weekStart(day), 3);
  const year = Number(thursday.slice(0, 4));
  const firstThursday = addDays(weekStart(`${year}-01-04`), 3);
  const week = Math.round((Date.parse(`${thursday}T00:00:00Z`) - Date.parse(`${firstThursday}T00:00:00Z`)) / (7 * 86_400_000)) + 1;
  return { year, week };
}

/**
 * The week asked for (any day of it, yyyy-mm-dd) or, when absent or not a day, the week of `today`: its Monday,
 * Sunday, the previous and next Mondays and the instants bounding it in Vietnam time.
 */
export function weekOf(asked: string | undefined | null, today: string): { monday: string; sunday: string; previous: string; next: string; days: string[]; from: Date; to: Date; number: { year: number; week: number } } {
  const day = asked && isIsoDate(asked) && asked >= '2000-01-01' && asked <= '2100-12-31' ? asked : today;
  const monday = weekStart(day);
  return {
    monday,
    sunday: addDays(monday, 6),
    previous: addDays(monday, -7),
    next: addDays(monday, 7),
    days: weekDays(monday),
    from: vietnamDayStart(monday),
    to: vietnamDayStart(addDays(monday, 7)),
    number: isoWeek(monday),
  };
}

export type PartOfDay = 'morning' | 'afternoon' | 'evening';

/** Morning before 12:00, afternoon until 18:00, evening after (Vietnam time), as agency calendars print them. */
export function partOfDay(at: Date): PartOfDay {
  const minutes = vietnamTimeOfDay(at) / 60_000;
  return minutes < 12 * 60 ? 'morning' : minutes < 18 * 60 ? 'afternoon' : 'evening';
}

/** hh:mm of an instant in Vietnam time. */
export function clockTime(at: Date): string {
  const minutes = Math.floor(vietnamTimeOfDay(at) / 60_000);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** The Vietnamese days (yyyy-mm-dd) an entry touches, in order (an entry ending at midnight does not touch the next day). */
export function daysOf(entry: Interval): string[] {
  const span = normalise(entry);
  const first = vietnamDate(span.start);
  const last = vietnamDate(span.end - 1);
  const out: string[] = [];
  for (let d = first; d <= last && out.length < 370; d = addDays(d, 1)) out.push(d);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Overlaps and conflicts
// ---------------------------------------------------------------------------------------------

export interface Interval {
  startsAt: Date;
  endsAt: Date;
  /** All day: the entry covers the whole Vietnamese days from its start's day to its end's day. */
  allDay: boolean;
}

/** An entry as a half-open interval [start, end) in ms; an all-day entry from the start of its first day to the end of its last. */
export function normalise(entry: Interval): { start: number; end: number } {
  if (!entry.allDay) return { start: entry.startsAt.getTime(), end: entry.endsAt.getTime() };
  const first = vietnamDate(entry.startsAt);
  // The last day of an all-day entry is the day of its end instant (an end at midnight belongs to the day before).
  const last = vietnamDate(new Date(Math.max(entry.endsAt.getTime() - 1, entry.startsAt.getTime())));
  return { start: vietnamDayStart(first).getTime(), end: vietnamDayStart(addDays(last, 1)).getTime() };
}

/** Whether two entries overlap: they share some instant (touching ends do not overlap). */
export function overlaps(a: Interval, b: Interval): boolean {
  const x = normalise(a);
  const y = normalise(b);
  return x.start < y.end && y.start < x.end;
}

export interface CalendarEntry extends Interval {
  id: string;
  title: string;
}

/** The entries of `others` that overlap `candidate` (itself left out), in start order. */
export function conflicts<T extends CalendarEntry>(candidate: Interval & { id?: string | null }, others: readonly T[]): T[] {
  return others.filter((o) => o.id !== candidate.id && overlaps(candidate, o)).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

// ---------------------------------------------------------------------------------------------
// An entry's fields
// ---------------------------------------------------------------------------------------------

export const TITLE_MAX = 500;
export const LOCATION_MAX = 500;
export const CONTENT_MAX = 4000;
export const OUTSIDE_MAX = 2000;
export const NAME_MAX = 200;
export const REASON_MAX = 1000;

export interface EntryInput {
  title: string;
  /** yyyy-mm-dd (Vietnam). */
  date: string;
  /** hh:mm, empty for an all-day entry. */
  startTime: string;
  /** hh:mm; empty: one hour after the start. */
  endTime: string;
  /** yyyy-mm-dd, for an entry over several days or past midnight; empty: the same day (or the next, when the end time is before the start). */
  endDate: string;
  allDay: boolean;
  location: string;
  content: string;
  chairName: string;
  outsideParticipants: string;
}

function minutesOf(text: string): number | null {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/**
 * The entry's interval from its fields, or the field errors: title 1..500, a valid date, times hh:mm, the end after
 * the start (an end time before the start time on the same day means the next day: a night shift across midnight).
 */
export function entryProblems(input: EntryInput): { errors: FieldError[]; startsAt: Date | null; endsAt: Date | null } {
  const errors: FieldError[] = [];
  const title = input.title.trim();
  if (!title) errors.push({ path: '/title', code: 'MEETING_TITLE_REQUIRED' });
  else if (title.length > TITLE_MAX) errors.push({ path: '/title', code: 'MEETING_TEXT_TOO_LONG', params: { max: TITLE_MAX } });
  if (input.location.trim().length > LOCATION_MAX) errors.push({ path: '/location', code: 'MEETING_TEXT_TOO_LONG', params: { max: LOCATION_MAX } });
  if (input.content.trim().length > CONTENT_MAX) errors.push({ path: '/content', code: 'MEETING_TEXT_TOO_LONG', params: { max: CONTENT_MAX } });
  if (input.chairName.trim().length > NAME_MAX) errors.push({ path: '/chairName', code: 'MEETING_TEXT_TOO_LONG', params: { max: NAME_MAX } });
  if (input.outsideParticipants.trim().length > OUTSIDE_MAX) errors.push({ path: '/outsideParticipants', code: 'MEETING_TEXT_TOO_LONG', params: { max: OUTSIDE_MAX } });
  const date = input.date.trim();
  const validDate = isIsoDate(date) && date >= '2000-01-01' && date <= '2100-12-31';
  if (!validDate) errors.push({ path: '/date', code: 'MEETING_DATE_INVALID' });
  const endDate = input.endDate.trim();
  const validEndDate = endDate === '' || (isIsoDate(endDate) && endDate <= '2100-12-31');
  if (!validEndDate) errors.push({ path: '/endDate', code: 'MEETING_DATE_INVALID' });
  let startsAt: Date | null = null;
  let endsAt: Date | null = null;
  if (input.allDay) {
    if (validDate && validEndDate) {
      const last = endDate || date;
      if (last < date) errors.push({ path: '/endDate', code: 'MEETING_END_BEFORE_START' });
      else {
        startsAt = vietnamDayStart(date);
        endsAt = vietnamDayStart(addDays(last, 1));
      }
    }
  } else {
    const start = minutesOf(input.startTime);
    const endText = input.endTime.trim();
    const end = endText === '' ? (start === null ? null : start + 60) : minutesOf(endText);
    if (start === null) errors.push({ path: '/startTime', code: 'MEETING_TIME_INVALID' });
    if (end === null && endText !== '') errors.push({ path: '/endTime', code: 'MEETING_TIME_INVALID' });
    if (validDate && validEndDate && start !== null && end !== null) {
      startsAt = new Date(vietnamDayStart(date).getTime() + start * 60_000);
      // No end day: the same day, or the next when the end time is not after the start time (across midnight).
      const endDay = endDate || (end > start ? date : addDays(date, 1));
      endsAt = new Date(vietnamDayStart(endDay).getTime() + end * 60_000);
      if (endsAt <= startsAt) {
        errors.push({ path: endDate ? '/endDate' : '/endTime', code: 'MEETING_END_BEFORE_START' });
        startsAt = endsAt = null;
      } else if (endsAt.getTime() - startsAt.getTime() > 31 * 86_400_000) {
        errors.push({ path: '/endDate', code: 'MEETING_TOO_LONG' });
        startsAt = endsAt = null;
      }
    }
  }
  if (errors.length) return { errors, startsAt: null, endsAt: null };
  return { errors, startsAt, endsAt };
}

// ---------------------------------------------------------------------------------------------
// The entry's state machine
// ---------------------------------------------------------------------------------------------

export type EventStatus = 'draft' | 'published' | 'cancelled';
export type EventAction = 'edit' | 'publish' | 'cancel' | 'invite' | 'send' | 'attach';

/**
 * What may be done to an entry in a status: a draft is edited, published or cancelled; a published entry is edited
 * (a new version, shown as "changed"), cancelled, its invitations added and sent; a cancelled one is final.
 * Invitations are sent only for a published meeting. Returns null when allowed, else the refusal code.
 */
export function decideEvent(status: EventStatus, action: EventAction, isMeeting: boolean): string | null {
  if (status === 'cancelled') return 'MEETING_CANCELLED';
  if (action === 'publish') return status === 'draft' ? null : 'MEETING_ALREADY_PUBLISHED';
  if (action === 'send') {
    if (!isMeeting) return 'MEETING_NOT_A_MEETING';
    return status === 'published' ? null : 'MEETING_NOT_PUBLISHED';
  }
  if (action === 'invite' && !isMeeting) return 'MEETING_NOT_A_MEETING';
  return null;
}

/** Whether an edit of an entry in this status is a new version (published: what people were told changes). */
export function editIsNewVersion(status: EventStatus): boolean {
  return status === 'published';
}

// ---------------------------------------------------------------------------------------------
// The invitation's state machine
// ---------------------------------------------------------------------------------------------

export type InvitationStatus = 'pending' | 'accepted' | 'declined' | 'delegated';
export type Response = 'accept' | 'decline' | 'delegate';

export interface ResponseFacts {
  status: InvitationStatus;
  eventStatus: EventStatus;
  /** The meeting has ended (no more answers). */
  ended: boolean;
  /** The invitee is a staff account (only they may delegate: the deputy is a colleague). */
  internal: boolean;
  reason: string;
  /** Delegation: the deputy's account was chosen (checked for being a colleague by the service). */
  hasDeputy: boolean;
}

/**
 * An invitee's answer: pending, accepted or declined may answer (again: a change of mind until the meeting ends);
 * a delegated invitation is final (the deputy answers their own). Declining needs a reason; delegating is for
 * internal invitees and needs a deputy. Returns the new status, or the refusal (code, and the field when it is one).
 */
export function decideResponse(facts: ResponseFacts, response: Response): { status: Exclude<InvitationStatus, 'pending'> } | { code: string; path?: string } {
  if (facts.eventStatus === 'cancelled') return { code: 'MEETING_CANCELLED' };
  if (facts.eventStatus !== 'published') return { code: 'MEETING_NOT_PUBLISHED' };
  if (facts.ended) return { code: 'MEETING_ENDED' };
  if (facts.status === 'delegated') return { code: 'MEETING_INVITATION_DELEGATED' };
  if (response === 'accept') return { status: 'accepted' };
  if (response === 'decline') {
    const reason = facts.reason.trim();
    if (!reason) return { code: 'MEETING_REASON_REQUIRED', path: '/reason' };
    if (reason.length > REASON_MAX) return { code: 'MEETING_TEXT_TOO_LONG', path: '/reason' };
    return { status: 'declined' };
  }
  if (!facts.internal) return { code: 'MEETING_DELEGATE_INTERNAL_ONLY' };
  if (!facts.hasDeputy) return { code: 'MEETING_DEPUTY_REQUIRED', path: '/deputyId' };
  return { status: 'delegated' };
}

// ---------------------------------------------------------------------------------------------
// Invitees
// ---------------------------------------------------------------------------------------------

export interface InviteeFacts {
  status: 'pending' | 'active' | 'disabled';
  kind: 'citizen' | 'organisation' | 'staff';
  service: boolean;
  agencyId: string | null;
  agencyActive: boolean;
}

/**
 * Whether a staff account may be invited: an active (not disabled) person's staff account in an active agency, and,
 * when the picker named the agency it was chosen under, still in that agency (a person who left or moved is refused).
 */
export function inviteeProblem(facts: InviteeFacts | undefined, expectedAgencyId: string | null): 'MEETING_INVITEE_INACTIVE' | 'MEETING_INVITEE_UNKNOWN' | null {
  if (!facts || facts.kind !== 'staff' || facts.service) return 'MEETING_INVITEE_UNKNOWN';
  if (facts.status === 'disabled' || !facts.agencyId || !facts.agencyActive) return 'MEETING_INVITEE_INACTIVE';
  if (expectedAgencyId && facts.agencyId !== expectedAgencyId) return 'MEETING_INVITEE_INACTIVE';
  return null;
}

const EMAIL = /^[^\s@<>()[\]\\,;:"]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)+$/;

export function isEmail(text: string): boolean {
  return text.length <= 254 && EMAIL.test(text);
}
