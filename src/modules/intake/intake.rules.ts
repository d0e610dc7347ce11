// Pure rules of counter intake and of the officer's printable forms: applicant identification, the paper
// channels, which dossiers may still receive scans, and the mapping of stored facts to the forms' data.
// No I/O, no clock.
import { isIsoDate, vietnamDayEnd, vietnamDayStart } from '../../core/time.ts';
import type { FieldError } from '../../core/errors.ts';
import { PERSONAL_ID_PATTERN, PHONE_PATTERN, TAX_CODE_PATTERN } from '../dossiers/dossiers.rules.ts';
import type { ControlSheetRow, StepResult } from '../printouts/printouts.types.ts';
import type { EventMessage } from '../kernel/timeline.ts';

/** Channels a receptionist registers: 1 in person at the counter, 3 public postal service. */
export const INTAKE_CHANNELS = [1, 3] as const;
export type IntakeChannel = (typeof INTAKE_CHANNELS)[number];

/** Statuses in which paper documents may still be digitised into the dossier: registered or just accepted. */
export const DIGITISE_STATUSES: readonly number[] = [1, 2];

/** Password hash of an account created at the counter: never a valid hash, so nobody can sign in with it. */
export const NO_PASSWORD = '!counter-no-password';

export interface ApplicantInput {
  kind: 'citizen' | 'organisation';
  personalId?: string | undefined;
  taxCode?: string | undefined;
  fullName?: string | undefined;
  phone?: string | undefined;
  email?: string | undefined;
  address?: string | undefined;
}

function clean(value: string | undefined): string | undefined {
  const text = value?.normalize('NFC').trim();
  return text ? text : undefined;
}

/** Trimmed, NFC, e-mail in lower case, empty strings dropped. */
export function normaliseApplicant(input: ApplicantInput): ApplicantInput {
  return {
    kind: input.kind,
    personalId: clean(input.personalId),
    taxCode: clean(input.taxCode),
    fullName: clean(input.fullName),
    phone: clean(input.phone)?.replace(/[\s.]/g, ''),
    email: clean(input.email)?.toLowerCase(),
    address: clean(input.address),
  };
}

/** Every problem of the applicant's identification at once (paths under /applicant). */
export function applicantErrors(input: ApplicantInput): FieldError[] {
  const errors: FieldError[] = [];
  if (input.kind === 'citizen') {
    if (!input.personalId) errors.push({ path: '/applicant/personalId', code: 'required' });
    else if (!new RegExp(PERSONAL_ID_PATTERN).test(input.personalId)) errors.push({ path: '/applicant/personalId', code: 'PERSONAL_ID_INVALID' });
  } else if (!input.taxCode) errors.push({ path: '/applicant/taxCode', code: 'required' });
  else if (!new RegExp(TAX_CODE_PATTERN).test(input.taxCode)) errors.push({ path: '/applicant/taxCode', code: 'TAX_CODE_INVALID' });
  if (input.phone && !new RegExp(PHONE_PATTERN).test(input.phone)) errors.push({ path: '/applicant/phone', code: 'PHONE_INVALID' });
  if (input.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.email)) errors.push({ path: '/applicant/email', code: 'EMAIL_INVALID' });
  if (input.fullName && input.fullName.length > 200) errors.push({ path: '/applicant/fullName', code: 'maxLength', params: { limit: 200 } });
  return errors;
}

/** Username of a citizen account created at the counter (never an e-mail, so it cannot clash with registrations). */
export function counterUsername(personalId: string): string {
  return `cccd.${personalId}`;
}

/** Why scans cannot be added to a dossier (error code), or null when they can. */
export function digitiseViolation(dossier: { status: number | null; channel: number }): 'INTAKE_NOT_PAPER' | 'INTAKE_CLOSED' | null {
  if (!(INTAKE_CHANNELS as readonly number[]).includes(dossier.channel)) return 'INTAKE_NOT_PAPER';
  if (dossier.status === null || !DIGITISE_STATUSES.includes(dossier.status)) return 'INTAKE_CLOSED';
  return null;
}

/** The history line of a counter registration. */
export function intakeEventMessage(channel: IntakeChannel): EventMessage {
  return channel === 3 ? { key: 'timeline.intakePost', params: {} } : { key: 'timeline.intakeCounter', params: {} };
}

/** Working-day end (17:00 in Vietnam) of an appointment date yyyy-mm-dd. */
export function endOfWorkingDay(date: string, closing = '17:00'): Date {
  return new Date(`${date}T${closing}:00+07:00`);
}

/** The appointment printed on a form: the stored instant, else the expected date's end of working day. */
export function appointmentOf(row: { appointment_at: Date | null; expected_date: string | null }): Date | null {
  if (row.appointment_at) return row.appointment_at;
  return row.expected_date ? endOfWorkingDay(row.expected_date) : null;
}

/**
 * The items of a consolidated list stored as text (one per line; "1. …", "- …" prefixes dropped; empty lines
 * skipped).
 */
export function itemsFromText(text: string | null | undefined): string[] {
  if (!text) return [];
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/^\s*(?:\d+[.)]|[-*•])\s*/, '').trim())
    .filter(Boolean);
}

export interface StepFacts {
  /** The control-sheet row's id (its tasks refer to it). */
  id?: string;
  name: string;
  started_at: Date;
  due_at: Date | null;
  result: StepResult | null;
  note: string | null;
  handed_over_by_name: string | null;
  assignee_name: string | null;
  department_name: string | null;
  agency_name: string;
}

/**
 * The rows of the control sheet from the dossier's steps in order: each row is the hand-over into a step,
 * from the previous step (and the officer who handed it over) to this step (its officer or department).
 */
export function controlSheetRows(steps: StepFacts[], tasks: readonly TaskFacts[] = []): ControlSheetRow[] {
  return steps.flatMap((step, i) => {
    const previous = steps[i - 1];
    const fromUnit = previous ? previous.name : step.agency_name;
    const from = step.handed_over_by_name ? `${fromUnit} (${step.handed_over_by_name})` : fromUnit;
    const holder = step.assignee_name ?? step.department_name;
    const row: ControlSheetRow = { from, to: holder ? `${step.name} (${holder})` : step.name, handedAt: step.started_at, dueAt: step.due_at, result: step.result, note: step.note };
    // The tasks done within the step (issue 15), each on a line under it: the task, who did it, when, how it ended.
    const done = tasks
      .filter((t) => step.id !== undefined && t.step_id === step.id)
      .map((t): ControlSheetRow => ({ from: `${i + 1}.${t.position}. ${t.name}`, to: t.officer_name ?? '', handedAt: t.finished_at, dueAt: null, result: null, note: t.note, task: t.outcome }));
    return [row, ...done];
  });
}

/** A task finished within a control-sheet row (dossier_step_tasks, migration 0041). */
export interface TaskFacts {
  step_id: string;
  position: number;
  name: string;
  finished_at: Date;
  outcome: 'done' | 'returned';
  note: string | null;
  officer_name: string | null;
}

/** Longest period of one tracking book export (days). */
export const MAX_BOOK_DAYS = 366;

/**
 * The instants bounding a period of Vietnamese calendar days (from 00:00 of `from` to 00:00 after `to`), or the
 * field errors of the period (dates yyyy-mm-dd, from ≤ to, at most MAX_BOOK_DAYS days).
 */
export function periodBounds(from: string, to: string): { start: Date; end: Date } | { errors: FieldError[] } {
  const errors: FieldError[] = [];
  if (!isIsoDate(from)) errors.push({ path: '/from', code: 'format', params: { format: 'date' } });
  if (!isIsoDate(to)) errors.push({ path: '/to', code: 'format', params: { format: 'date' } });
  if (errors.length) return { errors };
  const start = vietnamDayStart(from);
  const end = vietnamDayEnd(to);
  if (end <= start) return { errors: [{ path: '/to', code: 'BOOK_PERIOD_INVALID' }] };
  if (end.getTime() - start.getTime() > MAX_BOOK_DAYS * 86_400_000) return { errors: [{ path: '/to', code: 'BOOK_PERIOD_TOO_LONG', params: { days: MAX_BOOK_DAYS } }] };
  return { start, end };
}

const TIMELINESS_VI: Record<string, string> = { early: 'trước hạn', on_time: 'đúng hạn', late: 'quá hạn' };

/** "Đã xử lý xong - trước hạn", "Đang xử lý": the status, with the result category once resolved. */
export function trackingStatus(label: string, timeliness: string | null): string {
  return timeliness && TIMELINESS_VI[timeliness] ? `${label} - ${TIMELINESS_VI[timeliness]}` : label;
}

/** The applicant's address as written on the form: a text, or an address field joined street → province. */
export function addressOf(form: Record<string, unknown>): string | null {
  const raw = form.address;
  if (typeof raw === 'string') return raw.trim() || null;
  if (raw && typeof raw === 'object') {
    const a = raw as Record<string, unknown>; // an address object of the e-form data (typeof checked above)
    return ['street', 'commune', 'province'].map((k) => (typeof a[k] === 'string' ? (a[k] as string).trim() : '')).filter(Boolean).join(', ') || null;
  }
  return null;
}

/** Address and phone of the applicant as written on the form (a structured address joined street → province). */
export function contactOf(form: Record<string, unknown>): string | null {
  const address = addressOf(form);
  const phone = typeof form.phone === 'string' && form.phone.trim() ? form.phone.trim() : null;
  return [address, phone].filter(Boolean).join('; ') || null;
}

/** What the back office recorded for an action: its history event and the structured summary of its audit entry. */
export interface ActionFacts {
  at: Date;
  handlerName: string | null;
  content: string | null;
  summary: Record<string, unknown> | null;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim()) : [];
}

/** The text after "Lý do:" in a history line ("Dừng xử lý hồ sơ. Lý do: …"). */
function reasonInContent(content: string | null): string | null {
  const m = /Lý do:\s*([\s\S]+)$/.exec(content ?? '');
  return m ? m[1]!.trim() : null;
}

/** Form 02: the consolidated list (summary.items, else the history line "…: 1. A; 2. B", else its lines). */
export function supplementItemsOf(facts: ActionFacts): string[] {
  const items = stringList(facts.summary?.items);
  if (items.length) return items;
  const content = facts.content ?? '';
  const colon = content.indexOf(':');
  if (colon >= 0 && !content.includes('\n')) return itemsFromText(content.slice(colon + 1).split(/;\s*/).join('\n'));
  return itemsFromText(content);
}

/** Form 03: the reasons (summary.reasons, else the history line after "Lý do:", split on ";"). */
export function refusalReasonsOf(facts: ActionFacts): string[] {
  const reasons = stringList(facts.summary?.reasons);
  if (reasons.length) return reasons;
  const text = reasonInContent(facts.content);
  return text ? itemsFromText(text.split(/;\s*/).join('\n')) : itemsFromText(facts.content);
}

/** Forms 04 and 05: the reason (summary.reason, else the history line after "Lý do:"). */
export function reasonOf(facts: ActionFacts): string {
  const reason = facts.summary?.reason;
  if (typeof reason === 'string' && reason.trim()) return reason.trim();
  return reasonInContent(facts.content) ?? facts.content ?? '';
}

function instant(value: unknown): Date | null {
  if (typeof value !== 'string' && !(value instanceof Date)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * Form 04: the appointment before the apology (summary.previousAppointment, else the legal deadline) and the new
 * one (summary.newAppointment, else the dossier's current appointment).
 */
export function apologyDatesOf(facts: ActionFacts, dossier: { appointment_at: Date | null; due_at: Date | null }): { previous: Date | null; next: Date | null } {
  return {
    previous: instant(facts.summary?.previousAppointment) ?? dossier.due_at,
    next: instant(facts.summary?.newAppointment) ?? dossier.appointment_at,
  };
}
