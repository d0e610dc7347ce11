// One dossier of the demo's year of history, lived in memory through the back office's own pure rules: every
// officer action is checked by `decide` (the state machine and who may act at the workflow step) and planned by
// `planTransition` (handling.plans.ts), exactly as HandlingService.act does, and its Transition is applied to the
// rows the repository would write (the dossier's columns, control-sheet rows, pauses, the history event with its
// message key). Deadlines come from the calendar's pure functions (working days, half-days, hours; pauses), with
// the agency's working hours and the yearly schedule the calendar service loaded. Nothing after `now` happens: a
// dossier whose next step would come later stays where it is (in progress, waiting for the applicant, overdue).
// Pure: no I/O, no clock; the random source is seeded.
import type { DossierStatus, Fee, ReturnMethod, Timeliness, WorkflowRole } from '../db/schema.ts';
import { addHalfDays, addWorkingDays, addWorkingHours, type Pause, type WorkingCalendar, type WorkingHours } from '../modules/calendar/calendar.rules.ts';
import { calendarLimit, decide, inWorkingDays, isReturnStep, nextStepOf, type Budget, type DossierState, type HandlingAction, type Who, type WorkflowStep } from '../modules/handling/handling.rules.ts';
import { acceptTarget, forwardTarget, planTransition, recordResultTarget, sendBackTarget, type HandOver, type PlanFacts, type PlanInput, type Transition } from '../modules/handling/handling.plans.ts';
import { IN_PROGRESS_STATUSES } from '../modules/kernel/dossier.ts';
import { eventColumns, type EventMessage } from '../modules/kernel/timeline.ts';
import { between, pick, type Random } from './year.people.ts';

export interface Officer {
  id: string;
  fullName: string;
  role: WorkflowRole;
  departmentId: string | null;
  departmentName: string | null;
}

/** The officers of one agency, one per handling role. */
export type Team = Record<WorkflowRole, Officer>;

export interface VersionFacts {
  id: string;
  code: string;
  agencyId: string;
  limit: Budget & { sameDay: boolean };
  steps: WorkflowStep[];
  /** The department name of a step as the resolved workflow shows it (by position). */
  stepDepartmentNames: ReadonlyMap<number, string | null>;
  fees: Fee[];
}

/** What happens to the dossier, drawn before it starts (the outcome itself is what the rules make of it). */
export interface Fate {
  supplementBeforeReception: boolean;
  refused: boolean;
  withdrawnBeforeReception: boolean;
  payOnline: 'before_submission' | 'on_request' | null;
  paymentProvider: 'platform' | 'vietqr';
  supplement: boolean;
  /** Days the applicant takes to answer a supplement request. */
  supplementDays: number;
  sentBack: boolean;
  stopped: boolean;
  withdrawn: boolean;
  late: boolean;
  stalled: boolean;
  returnMethod: ReturnMethod;
  rated: boolean;
}

export interface SimInput {
  now: Date;
  submittedAt: Date;
  channel: 1 | 2 | 3 | 4;
  version: VersionFacts;
  /** The teams by agency id (the dossier's agency, and the agencies of inter-agency steps when known). */
  teams: ReadonlyMap<string, Team>;
  applicant: { id: string; name: string; organisationId: string | null };
  fate: Fate;
  /** The fee computed from the version's fee rules over the e-form data, when it has fee rules. */
  computedFeeVnd: number | undefined;
  nationalCode: string | null;
  orderNo: () => string;
  /** The tracking number of a result sent by post (the shipment year.ts writes; the return's note names it). */
  trackingNo?: () => string;
  calendar: WorkingCalendar;
  hoursOf: (agencyId: string) => WorkingHours;
  random: Random;
}

export interface EventRow {
  at: Date;
  actor_id: string | null;
  status: number;
  action: string;
  message: EventMessage;
  content: string;
  handler_name: string | null;
  department: string | null;
  legal_end: Date | null;
}

export interface StepRow {
  position: number;
  name: string;
  role: string;
  agency_id: string;
  department_id: string | null;
  assignee_id: string | null;
  handed_over_by: string | null;
  started_at: Date;
  due_at: Date | null;
  finished_at: Date | null;
  result: Timeliness | null;
  outcome: string | null;
  note: string | null;
}

export interface PauseRow {
  kind: 'supplement' | 'payment';
  started_at: Date;
  ended_at: Date | null;
  reason: string | null;
}

export interface PaymentRow {
  order_no: string;
  provider: 'platform' | 'vietqr';
  amount_vnd: number;
  created_at: Date;
  paid_at: Date;
  expires_at: Date;
  /** The officer who confirmed a VietQR transfer (the accountant's role is the agency's; the leader stands in). */
  confirmed_by: string | null;
}

/** The dossier's columns at the end (what the repository's statements would have left). */
export interface SimDossier {
  status: DossierStatus;
  received_at: Date | null;
  due_at: Date | null;
  appointment_at: Date | null;
  paused_at: Date | null;
  finished_at: Date | null;
  timeliness: Timeliness | null;
  returned_at: Date | null;
  return_method: ReturnMethod | null;
  fee_vnd: number;
  paid_online: boolean;
  current_step: number | null;
  department_id: string | null;
  assignee_id: string | null;
  version: number;
  updated_at: Date;
}

export interface SimResult {
  dossier: SimDossier;
  events: EventRow[];
  steps: StepRow[];
  pauses: PauseRow[];
  payment: PaymentRow | null;
  /** When the applicant rated the returned dossier (null: not rated). */
  ratedAt: Date | null;
  /** The tracking number of the result sent by post (returned with method 'post'). */
  trackingNumber?: string;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const SUPPLEMENT_ITEMS = [
  'Bản sao có chứng thực giấy tờ chứng minh quyền sở hữu',
  'Bản thuyết minh chi tiết nội dung đề nghị',
  'Ảnh chụp, bản mô tả tác phẩm còn thiếu chữ ký',
  'Văn bản ủy quyền của người đại diện',
];
const REFUSAL_REASONS = ['Thủ tục không thuộc thẩm quyền giải quyết của cơ quan', 'Đối tượng đề nghị không thuộc phạm vi điều chỉnh của thủ tục'];
const STOP_REASONS = ['Tác phẩm đang có tranh chấp quyền tác giả, chờ kết luận của cơ quan có thẩm quyền', 'Cơ sở không đáp ứng điều kiện theo kết quả kiểm tra thực tế'];
const SEND_BACK_REASONS = ['Đề nghị chuyên viên bổ sung ý kiến thẩm định', 'Dự thảo kết quả cần chỉnh sửa lại nội dung'];
const APOLOGY_REASONS = ['Cần xác minh thêm thông tin với cơ quan liên quan', 'Hồ sơ phức tạp, cần lấy ý kiến chuyên môn'];
const WITHDRAW_REASONS = ['Người nộp đề nghị rút hồ sơ để hoàn thiện lại', null];

/** Simulates one dossier from its submission up to `now` (or its end). */
export function simulateDossier(input: SimInput): SimResult {
  const { now, version, fate, random, calendar } = input;
  const agencyId = version.agencyId;
  const hours = input.hoursOf(agencyId);
  const teamOf = (id: string): Team => input.teams.get(id) ?? input.teams.get(agencyId)!;
  const team = teamOf(agencyId);

  /** `workingHours` of working time after `from` (the calendar's arithmetic; fractions allowed). */
  const later = (from: Date, workingHours: number) => new Date(addWorkingHours(from.getTime(), Math.max(0.05, workingHours), calendar, hours).at);
  /** The due instant of a budget counted from `from`, extended by `pauses` (as CalendarService.due). */
  const dueOf = (from: Date, budget: Budget & { sameDay?: boolean }, pauses: Pause[] = [], agency = agencyId): Date => {
    const limit = calendarLimit(budget);
    const h = input.hoursOf(agency);
    const due =
      'workingDays' in limit ? addWorkingDays(from.getTime(), limit.workingDays, calendar, h, pauses)
      : 'halfDays' in limit ? addHalfDays(from.getTime(), limit.halfDays, calendar, h, pauses)
      : addWorkingHours(from.getTime(), limit.workingHours, calendar, h, pauses);
    return new Date(due.at);
  };
  const stepBudgetHours = (step: WorkflowStep) => inWorkingDays(step.budget) * 8;

  const d: SimDossier = {
    status: 1,
    received_at: null,
    due_at: null,
    appointment_at: null,
    paused_at: null,
    finished_at: null,
    timeliness: null,
    returned_at: null,
    return_method: null,
    fee_vnd: 0,
    paid_online: false,
    current_step: null,
    department_id: null,
    assignee_id: null,
    version: 1,
    updated_at: input.submittedAt,
  };
  const events: EventRow[] = [];
  const steps: StepRow[] = [];
  const pauses: PauseRow[] = [];
  let payment: PaymentRow | null = null;
  let open = null as StepRow | null;
  let ended = false;

  const event = (at: Date, status: number, action: string, message: EventMessage, actor: { id: string | null; fullName: string | null; departmentName: string | null }, legalEnd: Date | null) => {
    events.push({ at, actor_id: actor.id, status, action, ...eventColumns(message), handler_name: actor.fullName, department: actor.departmentName, legal_end: legalEnd });
  };

  // Registration (status 1): how each channel's dossier enters, as the dossiers, intake and national-portal modules write it.
  const t0 = input.submittedAt;
  const reception = team.receptionist;
  if (input.channel === 2) {
    if (fate.payOnline === 'before_submission' && input.computedFeeVnd) {
      // Fees charged before submission: the order is paid, and the payment submits the draft (timeline.submitPaid).
      const paidAt = new Date(t0.getTime());
      payment = { order_no: input.orderNo(), provider: 'platform', amount_vnd: input.computedFeeVnd, created_at: new Date(paidAt.getTime() - between(random, 2, 9) * 60_000), paid_at: paidAt, expires_at: new Date(paidAt.getTime() + DAY), confirmed_by: null };
      d.paid_online = true;
      d.fee_vnd = input.computedFeeVnd;
      event(t0, 1, 'submit', { key: 'timeline.submitPaid', params: { orderNo: payment.order_no } }, { id: input.applicant.id, fullName: null, departmentName: null }, null);
    } else {
      event(t0, 1, 'submit', { key: 'timeline.submit', params: {} }, { id: input.applicant.id, fullName: null, departmentName: null }, null);
    }
  } else if (input.channel === 4) {
    event(t0, 1, 'national_portal_intake', { key: 'timeline.intakeNationalPortal', params: { nationalCode: input.nationalCode ?? '' } }, { id: null, fullName: null, departmentName: null }, null);
  } else {
    event(t0, 1, 'counter_intake', input.channel === 3 ? { key: 'timeline.intakePost', params: {} } : { key: 'timeline.intakeCounter', params: {} }, reception, null);
  }

  const position = (): number | null => {
    if (open) return open.position;
    if (!IN_PROGRESS_STATUSES.includes(d.status)) return null;
    return d.current_step ?? version.steps[0]?.position ?? null;
  };
  const stepAt = (p: number | null) => (p === null ? undefined : version.steps.find((s) => s.position === p));

  const stateOf = (): DossierState => {
    const p = position();
    const step = stepAt(p);
    const current = open ? { position: open.position, name: open.name, role: open.role as WorkflowRole, actions: step?.actions ?? [] } : step ? { position: step.position, name: step.name, role: step.role, actions: step.actions } : null;
    return {
      status: d.status,
      received: d.received_at !== null,
      step: current,
      hasNextStep: p !== null && !!nextStepOf(version.steps, p),
      hasPreviousStep: p !== null && version.steps.some((s) => s.position < p),
    };
  };

  const handOver = (step: WorkflowStep, at: Date, choice: { officer?: Officer } = {}, fallback?: StepRow): HandOver => {
    const stepAgency = fallback?.agency_id ?? step.agencyId ?? agencyId;
    let departmentId = fallback ? fallback.department_id : step.departmentId;
    let departmentName = fallback ? null : (version.stepDepartmentNames.get(step.position) ?? null);
    let assigneeId = fallback?.assignee_id ?? null;
    if (choice.officer) {
      // The officer forwarding chooses the department and the officer of the next step (as on the page).
      if (choice.officer.departmentId) {
        departmentId = choice.officer.departmentId;
        departmentName = choice.officer.departmentName;
      }
      assigneeId = choice.officer.id;
    }
    return { position: step.position, name: step.name, role: step.role, agencyId: stepAgency, departmentId, departmentName: departmentId ? departmentName : null, assigneeId, dueAt: dueOf(at, step.budget, [], stepAgency) };
  };

  /** Performs one action at `at` (nothing when `at` is after now: the simulation ends there). */
  const act = (action: HandlingAction, at: Date, actor: Officer | 'applicant' | 'payment', planInput: PlanInput = {}, facts: Partial<PlanFacts> = {}): boolean => {
    if (ended || at.getTime() > now.getTime()) {
      ended = true;
      return false;
    }
    const state = stateOf();
    let next: DossierStatus;
    let who: { id: string; fullName: string; departmentName: string | null; kind: string; departmentId: string | null; roles: WorkflowRole[] };
    if (actor === 'payment') {
      // HandlingService.resumeAfterPayment: the applicant's payment resumes the dossier (no officer decides).
      next = d.received_at ? 4 : 1;
      who = { id: input.applicant.id, fullName: input.applicant.name, departmentName: null, kind: 'citizen', departmentId: null, roles: [] };
    } else if (actor === 'applicant') {
      next = decide(state, { kind: 'applicant', own: true }, action);
      who = { id: input.applicant.id, fullName: input.applicant.name, departmentName: null, kind: 'citizen', departmentId: null, roles: [] };
    } else {
      const stepRole = state.step?.role;
      const officerWho: Who = { kind: 'officer', rolesOnAgency: [actor.role], rolesOnStep: stepRole === actor.role ? [actor.role] : [] };
      next = decide(state, officerWho, action);
      who = { id: actor.id, fullName: actor.fullName, departmentName: actor.departmentName, kind: 'staff', departmentId: actor.departmentId, roles: [actor.role] };
    }
    const p = position();
    const plan: PlanFacts = {
      action,
      next,
      now: at,
      dossier: {
        id: '',
        code: null,
        agency_id: agencyId,
        applicant_id: input.applicant.id,
        status: d.status,
        received_at: d.received_at,
        due_at: d.due_at,
        appointment_at: d.appointment_at,
        paused_at: d.paused_at,
        fee_vnd: String(d.fee_vnd),
        fees: version.fees,
      },
      open: open ? { id: String(steps.indexOf(open)), due_at: open.due_at } : null,
      position: p,
      steps: version.steps,
      actor: { id: who.id, kind: who.kind, departmentId: who.departmentId, roles: who.roles },
      input: planInput,
      ...facts,
    };
    const t = planTransition(plan);
    apply(t, at, action, who);
    return true;
  };

  const apply = (t: Transition, at: Date, action: HandlingAction, who: { id: string; fullName: string; departmentName: string | null }) => {
    const u = t.dossier;
    if (u.received_at !== undefined) d.received_at = u.received_at as Date | null;
    if (u.due_at !== undefined) d.due_at = u.due_at as Date | null;
    if (u.appointment_at !== undefined) d.appointment_at = u.appointment_at as Date | null;
    if (u.paused_at !== undefined) d.paused_at = u.paused_at as Date | null;
    if (u.finished_at !== undefined) d.finished_at = u.finished_at as Date | null;
    if (u.timeliness !== undefined) d.timeliness = u.timeliness as Timeliness | null;
    if (u.returned_at !== undefined) d.returned_at = u.returned_at as Date | null;
    if (u.return_method !== undefined) d.return_method = u.return_method as ReturnMethod | null;
    if (u.fee_vnd !== undefined && u.fee_vnd !== null) d.fee_vnd = Number(u.fee_vnd);
    if (u.current_step !== undefined) d.current_step = u.current_step as number | null;
    if (u.department_id !== undefined) d.department_id = u.department_id as string | null;
    if (u.assignee_id !== undefined) d.assignee_id = u.assignee_id as string | null;
    d.status = t.status;
    d.version += 1;
    d.updated_at = at;
    if (t.closeStep && open) {
      open.finished_at = at;
      open.result = t.closeStep.result;
      open.outcome = t.closeStep.outcome;
      open.note = t.closeStep.note;
      open = null;
    }
    if (t.stepDue && open) open.due_at = t.stepDue.dueAt;
    if (t.openStep) {
      open = { position: t.openStep.position, name: t.openStep.name, role: t.openStep.role, agency_id: t.openStep.agencyId, department_id: t.openStep.departmentId, assignee_id: t.openStep.assigneeId, handed_over_by: who.id, started_at: at, due_at: t.openStep.dueAt, finished_at: null, result: null, outcome: null, note: null };
      steps.push(open);
    }
    if (t.closePause) for (const pause of pauses) if (pause.ended_at === null) pause.ended_at = at;
    if (t.pause) pauses.push({ kind: t.pause.kind, started_at: at, ended_at: null, reason: t.pause.reason });
    events.push({ at, actor_id: who.id, status: t.status, action, message: t.event.message, content: t.event.content, handler_name: who.fullName, department: who.departmentName, legal_end: t.event.legalEnd });
  };

  /** resume / respond_supplement: the deadline and the open row's due moved by the paused time (as the service computes them). */
  const resumeFacts = (at: Date): Partial<PlanFacts> => {
    if (!d.received_at) return {};
    const paused = pauses.map((p) => ({ from: p.started_at.getTime(), to: (p.ended_at ?? at).getTime() }));
    const facts: Partial<PlanFacts> = { dueAt: dueOf(d.received_at, version.limit, paused) };
    if (open) {
      const step = stepAt(open.position);
      const since = paused.filter((p) => p.to > open!.started_at.getTime());
      facts.openStepDue = step ? dueOf(open.started_at, step.budget, since, open.agency_id) : null;
    }
    return facts;
  };

  const finish = (): SimResult => ({ dossier: d, events, steps, pauses, payment, ratedAt: null });

  // Reception (status 1 → 2, 3, 5 or 7).
  let t = input.channel === 1 ? later(t0, between(random, 5, 25) / 60) : later(t0, 0.5 + random() * 10);
  if (fate.supplementBeforeReception && (input.channel === 2 || input.channel === 4)) {
    if (!act('request_supplement', t, reception, { items: [pick(random, SUPPLEMENT_ITEMS)], note: 'Đề nghị bổ sung trước khi tiếp nhận' })) return finish();
    t = new Date(t.getTime() + fate.supplementDays * DAY + between(random, 1, 10) * HOUR);
    if (!act('respond_supplement', t, 'applicant', { note: 'Đã bổ sung giấy tờ theo yêu cầu' }, resumeFacts(t))) return finish();
    t = later(t, 1 + random() * 6);
  }
  if (fate.refused) {
    act('refuse', t, reception, { reasons: [pick(random, REFUSAL_REASONS)] });
    return finish();
  }
  if (fate.withdrawnBeforeReception && input.channel !== 1) {
    act('withdraw', new Date(t.getTime() - 0.3 * HOUR), 'applicant', { reason: 'Nộp nhầm thủ tục' });
    return finish();
  }
  const first = acceptTarget(version.steps);
  if (!act('accept', t, reception, {}, { dueAt: dueOf(t, version.limit), handOver: first ? handOver(first, t) : undefined, computedFeeVnd: input.computedFeeVnd })) return finish();

  // Fees asked for while the dossier is handled, paid online (the national payment platform, or VietQR confirmed).
  const payAt = version.steps.find((s) => s.actions.includes('request_payment') && s.position === open?.position) ? open : null;
  if (fate.payOnline === 'on_request' && d.fee_vnd > 0 && payAt) {
    t = later(t, 0.2 + random() * 2);
    if (!act('request_payment', t, reception, { note: 'Đề nghị nộp phí, lệ phí trực tuyến' }, { computedFeeVnd: input.computedFeeVnd })) return finish();
    const created = new Date(t.getTime() + between(random, 10, 600) * 60_000);
    const paidAt = new Date(created.getTime() + between(random, 1, 40) * 60_000 + (fate.paymentProvider === 'vietqr' ? between(random, 2, 20) * HOUR : 0));
    if (paidAt.getTime() > now.getTime()) return finish();
    payment = { order_no: input.orderNo(), provider: fate.paymentProvider, amount_vnd: d.fee_vnd, created_at: created, paid_at: paidAt, expires_at: new Date(created.getTime() + DAY), confirmed_by: fate.paymentProvider === 'vietqr' ? team.agency_leader.id : null };
    d.paid_online = true;
    t = paidAt;
    if (!act('resume', t, 'payment', { note: 'Đã nộp phí, lệ phí trực tuyến' }, resumeFacts(t))) return finish();
  }

  // The workflow's steps, one after the other, up to the result.
  const main = version.steps.filter((s) => !isReturnStep(s)).reduce<WorkflowStep | null>((best, s) => (!best || stepBudgetHours(s) > stepBudgetHours(best) ? s : best), null);
  let supplemented = false;
  let sentBack = false;
  let apologised = false;
  let extended = false;
  for (let guard = 0; guard < 20 && open && !isReturnStep(stepAt(open.position) ?? { actions: [] }); guard++) {
    const step = stepAt(open.position);
    if (!step) break;
    const holder = teamOf(open.agency_id)[step.role];
    const budget = stepBudgetHours(step);
    const isMain = step === main;
    // Working time this step takes: well within its budget, unless the dossier is to be late.
    let work = Math.max(0.25, budget * (0.25 + random() * 0.6));
    if (isMain && !extended && fate.late) work = budget + 8 * between(random, 2, 8) + random() * 4;
    if (isMain && !extended && fate.stalled) work = budget + 8 * between(random, 12, 40);
    if (isMain) extended = true;
    const startedAt = open.started_at;
    t = later(new Date(Math.max(t.getTime(), startedAt.getTime())), 0.1 + random() * 0.5);

    if (isMain && step.actions.includes('request_supplement') && fate.supplement && !supplemented) {
      supplemented = true;
      t = later(t, Math.min(work / 3, 4 + random() * 8));
      if (!act('request_supplement', t, holder, { items: [pick(random, SUPPLEMENT_ITEMS), ...(random() < 0.3 ? [pick(random, SUPPLEMENT_ITEMS)] : [])] })) return finish();
      t = new Date(t.getTime() + fate.supplementDays * DAY + between(random, 1, 8) * HOUR);
      if (!act('respond_supplement', t, 'applicant', { note: 'Đã bổ sung theo yêu cầu' }, resumeFacts(t))) return finish();
    }
    if (isMain && fate.stopped && step.actions.includes('stop')) {
      act('stop', later(t, work / 2), holder, { reason: pick(random, STOP_REASONS) });
      return finish();
    }
    if (isMain && fate.withdrawn && step.actions.includes('withdraw')) {
      act('withdraw', later(t, work / 3), holder, { reason: pick(random, WITHDRAW_REASONS) ?? undefined });
      return finish();
    }
    const endAt = later(t, work);
    // A dossier running late: the leader apologises before the appointment, with a new date (form 04).
    if (isMain && (fate.late || fate.stalled) && !apologised && d.due_at && d.appointment_at) {
      apologised = true;
      const before = new Date(Math.max(t.getTime(), d.appointment_at.getTime() - between(random, 20, 40) * HOUR));
      if (before.getTime() < d.appointment_at.getTime() && before.getTime() < endAt.getTime()) {
        const extra = Math.ceil(work / 8) + 2;
        const newAppointment = new Date(addWorkingDays(d.appointment_at.getTime(), extra, calendar, hours).at);
        if (!act('apologise', before, team.agency_leader, { reason: pick(random, APOLOGY_REASONS) }, { newAppointment })) return finish();
      }
    }
    t = endAt;
    const target = nextStepOf(version.steps, step.position);
    // A send-back (to the step before, never to the reception: the department head returns the specialist's draft).
    const previous = version.steps.filter((s) => s.position < step.position).at(-1);
    if (!sentBack && fate.sentBack && step.actions.includes('send_back') && previous && previous.role !== 'receptionist' && !isReturnStep(previous)) {
      sentBack = true;
      const { target: back } = sendBackTarget(version.steps, step.position, { reason: 'x' });
      const fallback = [...steps].reverse().find((s) => s.position === back.position);
      if (!act('send_back', t, holder, { reason: pick(random, SEND_BACK_REASONS) }, { handOver: handOver(back, t, {}, fallback) })) return finish();
      continue;
    }
    if (target && step.actions.includes('forward')) {
      const next = forwardTarget(version.steps, step.position, undefined);
      const officer = teamOf(next.agencyId ?? agencyId)[next.role];
      if (!act('forward', t, holder, {}, { handOver: handOver(next, t, { officer }) })) return finish();
      continue;
    }
    if (step.actions.includes('record_result')) {
      const back = recordResultTarget(version.steps, step.position);
      if (!act('record_result', t, holder, { note: 'Đã ký kết quả giải quyết' }, { handOver: back ? handOver(back, t) : undefined })) return finish();
      break;
    }
    break;
  }
  if (d.status !== 9) return finish();

  // The result handed over: at the counter, by post, or online.
  t = new Date(t.getTime() + between(random, 1, 72) * HOUR);
  const tracking = fate.returnMethod === 'post' && input.trackingNo ? input.trackingNo() : null;
  if (!act('return_result', t, reception, tracking ? { method: 'post', note: `Mã bưu gửi ${tracking}` } : { method: fate.returnMethod })) return finish();
  const result = finish();
  if (tracking) result.trackingNumber = tracking;
  if (fate.rated) {
    const ratedAt = new Date(t.getTime() + between(random, 1, 96) * HOUR);
    if (ratedAt.getTime() <= now.getTime()) result.ratedAt = ratedAt;
  }
  return result;
}

/** Draws a dossier's fate (shares as in a provincial one-stop year; the outcome is what the rules make of it). */
export function drawFate(random: Random, channel: number, options: { feeBeforeSubmission: boolean; online: boolean }): Fate {
  const r = random();
  const onlineChannel = channel === 2 || channel === 4;
  return {
    supplementBeforeReception: onlineChannel && random() < 0.05,
    refused: r < 0.02,
    withdrawnBeforeReception: r >= 0.02 && r < 0.03,
    payOnline: onlineChannel && channel === 2 && options.feeBeforeSubmission ? 'before_submission' : onlineChannel && random() < 0.75 ? 'on_request' : null,
    paymentProvider: random() < 0.85 ? 'platform' : 'vietqr',
    supplement: random() < 0.09,
    supplementDays: random() < 0.85 ? between(random, 1, 7) : between(random, 10, 40),
    sentBack: random() < 0.04,
    stopped: r >= 0.03 && r < 0.037,
    withdrawn: r >= 0.037 && r < 0.045,
    late: r >= 0.045 && r < 0.11,
    stalled: r >= 0.11 && r < 0.125,
    // By post: most dossiers that came by post, a few others (year.ts writes the delivery address and the shipment).
    returnMethod: channel === 3 && random() < 0.7 ? 'post' : onlineChannel && options.online && random() < 0.6 ? 'online' : random() < 0.06 ? 'post' : 'counter',
    rated: random() < 0.35,
  };
}
