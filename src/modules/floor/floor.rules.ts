// The one-stop floor's rules (pure): ticket codes, the queue's order, the ticket's life cycle at a counter, the
// configuration's checks and the rating tablet's answer. No I/O, no clock.
import type { FieldError } from '../../core/errors.ts';
import type { FloorGrade, FloorTicketPriority, FloorTicketSource, FloorTicketStatus } from '../../db/schema.ts';

export const PRIORITIES: readonly FloorTicketPriority[] = ['none', 'elderly', 'disability', 'pregnant'];
export const SOURCES: readonly FloorTicketSource[] = ['kiosk', 'appointment', 'officer'];
export const GRADES: readonly FloorGrade[] = ['satisfied', 'normal', 'not_satisfied'];
/** Reasons the visitor may pick on the rating tablet (0050's CHECK lists the same). */
export const REASONS = ['slow', 'unclear_guidance', 'attitude', 'asked_extra_papers', 'other'] as const;
export type Reason = (typeof REASONS)[number];

export const MAX_COMMENT = 1000;
export const MAX_NAME = 200;
export const MAX_LABEL = 100;
/** Tickets one client address may take from the public kiosk endpoint per window. */
export const KIOSK_MAX_PER_WINDOW = 30;
export const KIOSK_WINDOW_MS = 60_000;

export const isPriority = (v: unknown): v is FloorTicketPriority => typeof v === 'string' && (PRIORITIES as readonly string[]).includes(v);
export const isGrade = (v: unknown): v is FloorGrade => typeof v === 'string' && (GRADES as readonly string[]).includes(v);
export const isReason = (v: unknown): v is Reason => typeof v === 'string' && (REASONS as readonly string[]).includes(v);

/** The printed code: the group's letter(s) and the number on at least 3 digits (A012, B1000). */
export function ticketCode(groupCode: string, number: number): string {
  return `${groupCode}${String(number).padStart(3, '0')}`;
}

/**
 * The queue's order (decided for issue 20): the legal priorities first (elderly, people with disabilities, pregnant
 * women — all equal among themselves), then appointments checked in (they booked a time), then everyone else; within
 * a rank, in order of issue. 0050's generated column `rank` computes the same; a counter takes first the tickets
 * transferred to it by name, then its groups' queues.
 */
export function queueRank(priority: FloorTicketPriority, source: FloorTicketSource): 0 | 1 | 2 {
  if (priority !== 'none') return 0;
  if (source === 'appointment') return 1;
  return 2;
}

export interface QueuedTicket {
  priority: FloorTicketPriority;
  source: FloorTicketSource;
  issuedAt: number;
  number: number;
  forCounter: boolean;
}

/** Comparator of the queue (sort ascending: the first is called next). */
export function queueOrder(a: QueuedTicket, b: QueuedTicket): number {
  return Number(b.forCounter) - Number(a.forCounter) || queueRank(a.priority, a.source) - queueRank(b.priority, b.source) || a.issuedAt - b.issuedAt || a.number - b.number;
}

// --- the ticket's life cycle ---------------------------------------------------------------------------------

export type TicketAction = 'call' | 'recall' | 'skip' | 'start' | 'finish' | 'transfer' | 'cancel';
export const TICKET_ACTIONS: readonly TicketAction[] = ['recall', 'skip', 'start', 'finish', 'transfer', 'cancel'];
export const isTicketAction = (v: unknown): v is TicketAction => v === 'call' || (typeof v === 'string' && (TICKET_ACTIONS as readonly string[]).includes(v));

/** Which states each action leaves from, and where it goes. */
const MOVES: Record<TicketAction, { from: readonly FloorTicketStatus[]; to: FloorTicketStatus }> = {
  call: { from: ['waiting'], to: 'called' },
  recall: { from: ['called'], to: 'called' },
  skip: { from: ['called'], to: 'skipped' },
  start: { from: ['called'], to: 'serving' },
  finish: { from: ['serving'], to: 'done' },
  transfer: { from: ['called', 'serving'], to: 'waiting' },
  cancel: { from: ['waiting'], to: 'cancelled' },
};

export type Decision = { ok: true; to: FloorTicketStatus } | { ok: false; code: 'FLOOR_TICKET_STATE' | 'FLOOR_NOT_YOUR_TICKET' };

/**
 * May `action` be taken on a ticket in `status`? Actions on a ticket at a counter (all but call and cancel) are
 * taken by the counter that has it (`atActorsCounter`); cancel is for a waiting ticket (an officer of the agency).
 */
export function decide(action: TicketAction, status: FloorTicketStatus, atActorsCounter: boolean): Decision {
  const move = MOVES[action];
  if (!move.from.includes(status)) return { ok: false, code: 'FLOOR_TICKET_STATE' };
  if (action !== 'call' && action !== 'cancel' && !atActorsCounter) return { ok: false, code: 'FLOOR_NOT_YOUR_TICKET' };
  return { ok: true, to: move.to };
}

/** Seconds between two instants (null when either is missing), never negative. */
export function secondsBetween(from: Date | null, to: Date | null): number | null {
  if (!from || !to) return null;
  return Math.max(0, Math.floor((to.getTime() - from.getTime()) / 1000));
}

// --- configuration ---------------------------------------------------------------------------------------------

export interface GroupInput {
  code: string;
  nameVi: string;
  nameEn: string;
  active: boolean;
  procedureCodes: string[];
}

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/** A group's form: letter(s) A–Z (one or two), names in both languages. */
export function checkGroup(input: { code?: unknown; nameVi?: unknown; nameEn?: unknown; active?: unknown; procedureCodes?: unknown }): { value: GroupInput | null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const code = text(input.code).toUpperCase();
  if (!/^[A-Z]{1,2}$/.test(code)) errors.push({ path: '/code', code: 'FLOOR_GROUP_CODE_INVALID' });
  const nameVi = text(input.nameVi);
  const nameEn = text(input.nameEn);
  if (!nameVi) errors.push({ path: '/nameVi', code: 'FLOOR_NAME_REQUIRED' });
  else if (nameVi.length > MAX_NAME) errors.push({ path: '/nameVi', code: 'FLOOR_TOO_LONG', params: { max: MAX_NAME } });
  if (!nameEn) errors.push({ path: '/nameEn', code: 'FLOOR_NAME_REQUIRED' });
  else if (nameEn.length > MAX_NAME) errors.push({ path: '/nameEn', code: 'FLOOR_TOO_LONG', params: { max: MAX_NAME } });
  const raw = Array.isArray(input.procedureCodes) ? input.procedureCodes : [];
  const procedureCodes = [...new Set(raw.map(text).filter(Boolean))];
  if (errors.length) return { value: null, errors };
  return { value: { code, nameVi, nameEn, active: input.active !== false, procedureCodes }, errors };
}

export interface CounterInput {
  number: number;
  label: string;
  active: boolean;
  groupIds: string[];
}

/** A counter's form: number 1–999, a label, the groups it serves (at least one). */
export function checkCounter(input: { number?: unknown; label?: unknown; active?: unknown; groupIds?: unknown }): { value: CounterInput | null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const raw = typeof input.number === 'number' ? input.number : Number(text(input.number));
  if (!Number.isInteger(raw) || raw < 1 || raw > 999) errors.push({ path: '/number', code: 'FLOOR_COUNTER_NUMBER_INVALID' });
  const label = text(input.label);
  if (label.length > MAX_LABEL) errors.push({ path: '/label', code: 'FLOOR_TOO_LONG', params: { max: MAX_LABEL } });
  const groupIds = [...new Set((Array.isArray(input.groupIds) ? input.groupIds : []).map(text).filter(Boolean))];
  if (!groupIds.length) errors.push({ path: '/groupIds', code: 'FLOOR_COUNTER_GROUPS_REQUIRED' });
  if (errors.length) return { value: null, errors };
  return { value: { number: raw, label, active: input.active !== false, groupIds }, errors };
}

// --- the rating tablet ------------------------------------------------------------------------------------------

export interface RatingInput {
  grade: FloorGrade;
  reasons: Reason[];
  comment: string | null;
}

/** The visitor's answer: a grade; reasons among REASONS (only with normal / not satisfied); a comment. */
export function checkRating(input: { grade?: unknown; reasons?: unknown; comment?: unknown }): { value: RatingInput | null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  if (!isGrade(input.grade)) errors.push({ path: '/grade', code: 'FLOOR_GRADE_REQUIRED' });
  const list = Array.isArray(input.reasons) ? input.reasons : input.reasons === undefined || input.reasons === '' ? [] : [input.reasons];
  if (!list.every(isReason)) errors.push({ path: '/reasons', code: 'FLOOR_REASON_INVALID' });
  const comment = text(input.comment);
  if (comment.length > MAX_COMMENT) errors.push({ path: '/comment', code: 'FLOOR_TOO_LONG', params: { max: MAX_COMMENT } });
  if (errors.length) return { value: null, errors };
  const grade = input.grade as FloorGrade;
  const reasons = grade === 'satisfied' ? [] : [...new Set(list as Reason[])];
  return { value: { grade, reasons, comment: comment || null }, errors };
}
