// Pure planners of the back office: one per action, each turns pre-fetched facts (the dossier as loaded, its open
// control-sheet row, the workflow, the actor, the calendar's answers, the resolved hand-over) into a typed
// transition: the dossier update (typed from the Kysely table), the control-sheet rows to close or open, the pause,
// the history event, the outbox message and the audit summary. No I/O, no clock: HandlingService loads the facts,
// calls `planTransition` and persists the result in one statement (HandlingRepository.applyTransition).
import type { Updateable } from 'kysely';
import { DomainError } from '../../core/errors.ts';
import { formatDateTime } from '../../core/text.ts';
import { VIETNAM_OFFSET_MS } from '../../core/time.ts';
import { eventColumns, type EventMessage } from '../kernel/timeline.ts';
import type { DossierStatus, DossiersTable, Fee, ReturnMethod, Role, Timeliness, WorkflowRole } from '../../db/schema.ts';
import {
  checkApology,
  gradeStep,
  isFinishing,
  isReturnStep,
  nextStepOf,
  requiredText,
  returnStepAfter,
  supplementItems,
  timeliness,
  type HandlingAction,
  type WorkflowStep,
} from './handling.rules.ts';

/** The columns of `dossiers` an action may change (status and version are set by the transition itself). */
export type DossierUpdate = Pick<
  Updateable<DossiersTable>,
  | 'received_at'
  | 'due_at'
  | 'appointment_at'
  | 'fee_vnd'
  | 'current_step'
  | 'department_id'
  | 'assignee_id'
  | 'paused_at'
  | 'finished_at'
  | 'timeliness'
  | 'returned_at'
  | 'return_method'
>;

/** A control-sheet row a hand-over opens. */
export interface OpenStepPlan {
  position: number;
  name: string;
  role: WorkflowRole;
  agencyId: string;
  departmentId: string | null;
  assigneeId: string | null;
  dueAt: Date | null;
  /** The step's first task (migration 0041), when it has tasks: its position, role and whether one officer holds it. */
  task?: { position: number; name?: string | undefined; role: WorkflowRole; singleUser: boolean } | null | undefined;
}

/** A hand-over as resolved by the service (agency, department and officer looked up; the step's due instant computed). */
export interface HandOver extends OpenStepPlan {
  /** The department's name, when known (shown in the forward's history entry). */
  departmentName: string | null;
}

/** What an action changes, computed before anything is written; persisted in one statement. */
export interface Transition {
  status: DossierStatus;
  dossier: DossierUpdate;
  /** The open control-sheet row to close (graded against its budget). */
  closeStep: { id: string; result: Timeliness | null; outcome: string; note: string | null } | null;
  /** The open row kept open with a new due instant (after a pause). */
  stepDue: { id: string; dueAt: Date | null } | null;
  openStep: OpenStepPlan | null;
  pause: { kind: 'supplement' | 'payment'; reason: string | null } | null;
  closePause: boolean;
  /**
   * The history event (dossier_events): its message (key + parameters, rendered in the reader's language), its
   * Vietnamese text (`content`, kernel/timeline.ts `eventColumns`) and the legal deadline it shows.
   */
  event: { message: EventMessage; content: string; legalEnd: Date | null };
  /** The outbox message `dossier.status`. */
  message: Record<string, unknown>;
  /** The audit entry's summary. */
  audit: Record<string, unknown>;
}

/** The action's input as the planners read it (the service's ActInput, the result file by name only). */
export interface PlanInput {
  /** request_supplement: the consolidated list of missing items (form 02). */
  items?: string[] | undefined;
  /** refuse: the reasons (form 03). */
  reasons?: string[] | undefined;
  /** send_back, stop, apologise, withdraw: the reason. */
  reason?: string | undefined;
  /** Any action: a note for the history. */
  note?: string | undefined;
  /** forward / send_back: the target workflow position (default: next / previous). */
  toStep?: number | undefined;
  /** return_result: how the result is handed over. */
  method?: ReturnMethod | undefined;
  /** request_payment: the amount due. */
  amountVnd?: number | undefined;
  /**
   * record_result: the name of the result document stored with it (a plain result file: "electronic result" is
   * derived from a signed result by src/modules/results, never set here).
   */
  resultFileName?: string | undefined;
}

/** The dossier as the planners need it. */
export interface PlanDossier {
  id: string;
  code: string | null;
  agency_id: string;
  applicant_id: string;
  status: DossierStatus | null;
  received_at: Date | null;
  due_at: Date | null;
  appointment_at: Date | null;
  paused_at: Date | null;
  fee_vnd: string | null;
  fees: Fee[];
  /** Whether a signed electronic result exists (kept by src/modules/results' trigger). */
  electronic_result?: boolean;
}

/** Everything a planner decides from: loaded and resolved by the service before planning. */
export interface PlanFacts {
  action: HandlingAction;
  /** The status after the action (decide). */
  next: DossierStatus;
  now: Date;
  dossier: PlanDossier;
  /** The open control-sheet row. */
  open: { id: string; due_at: Date | null } | null;
  /** The workflow position the dossier is at (see HandlingService.position). */
  position: number | null;
  steps: readonly WorkflowStep[];
  actor: { id: string; kind: string; departmentId: string | null; roles: readonly Role[] };
  input: PlanInput;
  /** accept: the legal deadline from now; resume/respond_supplement: the deadline moved by the paused time. */
  dueAt?: Date | undefined;
  /** accept: the procedure has no statutory time limit (no deadline, no appointment). */
  noTimeLimit?: boolean | undefined;
  /** resume/respond_supplement: the open row's new due instant. */
  openStepDue?: Date | null | undefined;
  /** accept (first step), forward and send_back (target), record_result (the result-return step). */
  handOver?: HandOver | undefined;
  /** apologise: the new appointment as parsed (null when absent or malformed). */
  newAppointment?: Date | null | undefined;
  /**
   * accept, request_payment: the fee the payments module computes from the version's fee rules and the dossier's
   * e-form data (HandlingPorts.fees); undefined when the version has no fee rules.
   */
  computedFeeVnd?: number | undefined;
}

/** Trimmed NFC text, or null when blank (notes, optional reasons, titles). */
export function optionalText(value: string | null | undefined): string | null {
  const text = (value ?? '').normalize('NFC').trim();
  return text ? text : null;
}

function iso(value: Date | null | undefined): string | null {
  return value ? value.toISOString() : null;
}

function stepUnknown(code: 'WORKFLOW_STEP_UNKNOWN' | 'WORKFLOW_STEP_IS_RETURN' | 'WORKFLOW_STEP_NOT_BEFORE' | 'WORKFLOW_STEP_NOT_NEXT', params?: Record<string, string>): never {
  throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/toStep', code, ...(params ? { params } : {}) }]);
}

/**
 * Where a forward goes: the workflow's next step — never the result-return step (entered by recording the result),
 * and never past a step (a receptionist cannot send a dossier straight to the head, skipping the specialist).
 * `toStep`, when given, must be that step.
 */
export function forwardTarget(steps: readonly WorkflowStep[], position: number, toStep: number | undefined): WorkflowStep {
  const next = nextStepOf(steps, position);
  if (toStep !== undefined) {
    const target = steps.find((s) => s.position === toStep);
    if (!target || target.position === position) stepUnknown('WORKFLOW_STEP_UNKNOWN');
    if (isReturnStep(target)) stepUnknown('WORKFLOW_STEP_IS_RETURN');
    if (!next || target.position !== next.position) stepUnknown('WORKFLOW_STEP_NOT_NEXT', { next: next ? `${next.position}. ${next.name}` : '—' });
  }
  if (!next) stepUnknown('WORKFLOW_STEP_UNKNOWN');
  return next;
}

/** Where a send-back goes (`toStep`, else the previous step), with its required reason. */
export function sendBackTarget(steps: readonly WorkflowStep[], position: number, input: Pick<PlanInput, 'reason' | 'toStep'>): { target: WorkflowStep; reason: string } {
  const reason = requiredText(input.reason, '/reason');
  const to = input.toStep ?? Math.max(...steps.filter((s) => s.position < position).map((s) => s.position));
  const target = steps.find((s) => s.position === to);
  if (!target) stepUnknown('WORKFLOW_STEP_UNKNOWN');
  if (target.position >= position) stepUnknown('WORKFLOW_STEP_NOT_BEFORE');
  return { target, reason };
}

/** The step an accept opens (the workflow's first), if any. */
export function acceptTarget(steps: readonly WorkflowStep[]): WorkflowStep | null {
  return steps[0] ?? null;
}

/** The result-return step a recorded result goes to, if the workflow has one. */
export function recordResultTarget(steps: readonly WorkflowStep[], position: number | null): WorkflowStep | null {
  return returnStepAfter(steps, position ?? 0);
}

/** yyyy-mm-dd → that day's closing time in Vietnam; an ISO date-time with offset → that instant; else null. */
export function parseAppointment(text: string | null | undefined, closesMinutes: number): Date | null {
  const value = (text ?? '').trim();
  if (!value) return null;
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (day) {
    const ms = Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]));
    const check = new Date(ms);
    if (check.getUTCDate() !== Number(day[3]) || check.getUTCMonth() !== Number(day[2]) - 1) return null;
    return new Date(ms + closesMinutes * 60_000 - VIETNAM_OFFSET_MS);
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms) : null;
}

/** What a planner returns; planTransition adds the status, the event's deadline and the common message fields. */
interface Planned {
  dossier: DossierUpdate;
  closeStep?: { outcome: string; note: string | null };
  openStep?: OpenStepPlan | undefined;
  openStepDue?: Date | null;
  pause?: { kind: 'supplement' | 'payment'; reason: string | null };
  closePause?: boolean;
  /** The history event as data (kernel/timeline.ts): rendered in the reader's language when shown. */
  event: EventMessage;
  summary: Record<string, unknown>;
  extra?: Record<string, unknown>;
}

type Planner = (f: PlanFacts, note: string | null) => Planned;

function needHandOver(f: PlanFacts): HandOver {
  if (!f.handOver) throw new Error(`${f.action}: the hand-over was not resolved`);
  return f.handOver;
}

function openStepOf(h: HandOver): OpenStepPlan {
  const { departmentName: _name, ...step } = h;
  return step;
}

function finishing(f: PlanFacts): Pick<DossierUpdate, 'finished_at'> {
  return isFinishing(f.next) ? { finished_at: f.now } : {};
}

const resume: Planner = (f, note) => {
  const d = f.dossier;
  const dossier: DossierUpdate = { paused_at: null };
  if (d.received_at && f.dueAt) {
    const dueAt = f.dueAt;
    dossier.due_at = dueAt;
    const appointment = d.appointment_at;
    dossier.appointment_at = !appointment || !d.due_at || appointment.getTime() === d.due_at.getTime() || appointment.getTime() < dueAt.getTime() ? dueAt : appointment;
  }
  const event: EventMessage = f.action === 'respond_supplement' ? { key: 'timeline.respondSupplement', params: { note } } : { key: 'timeline.resume', params: { note } };
  return {
    dossier,
    closePause: true,
    ...(f.openStepDue !== undefined ? { openStepDue: f.openStepDue } : {}),
    event,
    summary: { note, pausedFrom: iso(d.paused_at) },
  };
};

/** One planner per action. */
export const PLANNERS: Record<HandlingAction, Planner> = {
  accept(f, note) {
    const dueAt = f.dueAt ?? null;
    if (!dueAt && !f.noTimeLimit) throw new Error('accept: the deadline was not computed');
    const first = acceptTarget(f.steps);
    // The version's fee rules, computed over the e-form data (payments), when it has some; else the catalog's
    // alternative fees (by kind of work, …): the lowest is what is due at least. The officer sets the exact amount
    // with request_payment.
    const amounts = (f.dossier.fees ?? []).map((fee) => Number(fee.amountVnd)).filter((n) => Number.isFinite(n) && n >= 0);
    const feeVnd = f.computedFeeVnd ?? (amounts.length ? Math.min(...amounts) : 0);
    let openStep: OpenStepPlan | undefined;
    if (first) {
      openStep = { ...openStepOf(needHandOver(f)), assigneeId: first.role === 'receptionist' || f.actor.roles.includes(first.role) ? f.actor.id : null };
      if (openStep.departmentId === null && first.role === 'receptionist') openStep.departmentId = f.actor.departmentId;
    }
    return {
      dossier: {
        received_at: f.now,
        due_at: dueAt,
        appointment_at: dueAt,
        fee_vnd: feeVnd,
        current_step: openStep?.position ?? null,
        department_id: openStep?.departmentId ?? null,
        assignee_id: openStep?.assigneeId ?? null,
      },
      openStep,
      event: dueAt ? { key: 'timeline.accept', params: { appointment: dueAt.toISOString(), note } } : { key: 'timeline.acceptNoTimeLimit', params: { note } },
      summary: { dueAt: dueAt ? dueAt.toISOString() : null, feeVnd },
      extra: { receivedAt: f.now.toISOString() },
    };
  },

  request_supplement(f, note) {
    const items = supplementItems(f.input.items);
    return {
      dossier: { paused_at: f.now },
      pause: { kind: 'supplement', reason: items.join('\n') },
      event: { key: 'timeline.requestSupplement', params: { items, note } },
      summary: { items },
      extra: { items },
    };
  },

  refuse(f) {
    const reasons = (f.input.reasons ?? []).map((r) => (typeof r === 'string' ? r.normalize('NFC').trim() : '')).filter(Boolean);
    if (!reasons.length) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/reasons', code: 'required' }]);
    return { dossier: finishing(f), event: { key: 'timeline.refuse', params: { reasons } }, summary: { reasons }, extra: { reasons } };
  },

  forward(f, note) {
    const target = forwardTarget(f.steps, f.position!, f.input.toStep);
    const h = needHandOver(f);
    return {
      dossier: { current_step: h.position, department_id: h.departmentId, assignee_id: h.assigneeId },
      closeStep: { outcome: 'forward', note },
      openStep: openStepOf(h),
      event: { key: 'timeline.forward', params: { step: target.name, department: h.departmentName, note } },
      summary: { toStep: target.position, agencyId: h.agencyId, departmentId: h.departmentId, assigneeId: h.assigneeId },
      extra: { step: target.name, stepAgencyId: h.agencyId },
    };
  },

  send_back(f) {
    const { target, reason } = sendBackTarget(f.steps, f.position!, f.input);
    const h = needHandOver(f);
    return {
      dossier: { current_step: h.position, department_id: h.departmentId, assignee_id: h.assigneeId },
      closeStep: { outcome: 'send_back', note: reason },
      openStep: openStepOf(h),
      event: { key: 'timeline.sendBack', params: { step: target.name, reason } },
      summary: { toStep: target.position, reason },
      extra: { step: target.name, reason },
    };
  },

  request_payment(f, note) {
    // No amount given: the fee computed from the version's fee rules (when it has some), else what accept set.
    const amount = f.input.amountVnd ?? f.computedFeeVnd;
    return {
      dossier: { paused_at: f.now, ...(amount !== undefined ? { fee_vnd: amount } : {}) },
      pause: { kind: 'payment', reason: note },
      event: { key: 'timeline.requestPayment', params: { amountVnd: amount ?? null, note } },
      summary: { amountVnd: amount ?? null },
      extra: { amountVnd: amount ?? Number(f.dossier.fee_vnd ?? 0) },
    };
  },

  resume,
  respond_supplement: resume,

  apologise(f) {
    const d = f.dossier;
    const newAppointment = f.newAppointment ?? null;
    checkApology({ reason: f.input.reason, newAppointment }, { appointmentAt: d.appointment_at, dueAt: d.due_at }, f.now, formatDateTime);
    const reason = f.input.reason!.trim();
    return {
      dossier: { appointment_at: newAppointment },
      event: { key: 'timeline.apologise', params: { appointment: newAppointment!.toISOString(), reason } },
      summary: { reason, previousAppointment: iso(d.appointment_at), newAppointment: newAppointment!.toISOString() },
      extra: { reason, newAppointment: newAppointment!.toISOString() },
    };
  },

  stop(f) {
    const reason = requiredText(f.input.reason, '/reason');
    return {
      dossier: { ...finishing(f), paused_at: null },
      closePause: true,
      closeStep: { outcome: 'stop', note: reason },
      event: { key: 'timeline.stop', params: { reason } },
      summary: { reason },
      extra: { reason },
    };
  },

  record_result(f, note) {
    const d = f.dossier;
    const grade = d.due_at ? timeliness(f.now, d.due_at) : null;
    const openStep = recordResultTarget(f.steps, f.position) ? openStepOf(needHandOver(f)) : undefined;
    return {
      dossier: {
        ...finishing(f),
        timeliness: grade,
        current_step: openStep?.position ?? null,
        department_id: openStep?.departmentId ?? null,
        assignee_id: null,
      },
      closeStep: { outcome: 'record_result', note },
      openStep,
      event: { key: 'timeline.recordResult', params: { note } },
      summary: { timeliness: grade, ...(f.input.resultFileName !== undefined ? { resultFile: f.input.resultFileName } : {}) },
      extra: { timeliness: grade },
    };
  },

  return_result(f, note) {
    const method = f.input.method;
    if (!method) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/method', code: 'required' }]);
    return {
      dossier: { returned_at: f.now, return_method: method, current_step: null, assignee_id: null },
      closeStep: { outcome: 'return_result', note },
      event: { key: 'timeline.returnResult', params: { method, note } },
      summary: { method },
      extra: { method },
    };
  },

  withdraw(f) {
    const reason = optionalText(f.input.reason);
    return {
      dossier: { ...finishing(f), paused_at: null },
      closePause: true,
      closeStep: { outcome: 'withdraw', note: reason },
      event: { key: 'timeline.withdraw', params: { reason } },
      summary: { reason, byApplicant: f.actor.kind !== 'staff' },
      extra: { reason },
    };
  },
};

function asDate(value: Date | string | null | undefined): Date | null | undefined {
  return typeof value === 'string' ? new Date(value) : value;
}

/** The typed transition of `facts.action` (throws the action's validation errors). */
export function planTransition(f: PlanFacts): Transition {
  const d = f.dossier;
  const p = PLANNERS[f.action](f, optionalText(f.input.note));
  const dueAt = asDate(p.dossier.due_at) ?? d.due_at;
  const appointmentAt = asDate(p.dossier.appointment_at) ?? d.appointment_at;
  const previousStatus = d.status!;
  const event = eventColumns(p.event);
  return {
    status: f.next,
    dossier: p.dossier,
    closeStep: f.open && p.closeStep ? { id: f.open.id, result: gradeStep(f.now, f.open.due_at), outcome: p.closeStep.outcome, note: p.closeStep.note } : null,
    stepDue: f.open && !p.closeStep && p.openStepDue !== undefined ? { id: f.open.id, dueAt: p.openStepDue } : null,
    openStep: p.openStep ?? null,
    pause: p.pause ?? null,
    closePause: p.closePause ?? false,
    event: { ...event, legalEnd: dueAt },
    message: {
      dossierId: d.id,
      code: d.code,
      agencyId: d.agency_id,
      applicantId: d.applicant_id,
      status: f.next,
      previousStatus,
      action: f.action,
      at: f.now.toISOString(),
      content: event.content,
      event: event.message,
      dueAt: iso(dueAt),
      appointmentAt: iso(appointmentAt),
      ...(p.extra ?? {}),
    },
    audit: { code: d.code, from: previousStatus, to: f.next, ...p.summary },
  };
}
