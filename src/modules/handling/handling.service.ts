// Use cases of the one-stop back office: every action on a dossier (load → decide → the action's pure planner in
// handling.plans.ts → one statement: guarded update, control sheet, pauses, history event, outbox message, audit
// entry), the officers' queue and dossier page data, the control sheet; workflows are handling.workflows.ts'.
//
// Authorisation is checked here for every record. Officers act on dossiers of their agency subtree (or on an
// inter-agency step held by their agency); out of scope looks like NOT_FOUND. Applicants act on their own.
//
// Calendar computations (which read through their own connection) happen before the write; the guarded
// UPDATE … WHERE version = $expected writes nothing (409 DOSSIER_CHANGED) when someone else acted in between, so
// what was computed is never applied to a changed dossier.
import type { Selectable } from 'kysely';
import type { Static } from 'typebox';
import { DAY_MS, VIETNAM_OFFSET_MS, vietnamDayNumber } from '../../core/time.ts';
import { isUuid } from '../../core/ids.ts';
import type { Actor } from '../../core/actor.ts';
import { DomainError, type FieldError } from '../../core/errors.ts';
import type { Db, Executor } from '../../db/database.ts';
import type { DossierEventsTable, DossierStatus, Role, WorkflowRole } from '../../db/schema.ts';
import type { AgenciesService } from '../agencies/agencies.service.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { CalendarService } from '../calendar/calendar.service.ts';
import type { FileStorage, StagedFile } from '../files/files.service.ts';
import { statusLabel } from '../kernel/dossier.ts';
import { eventFields } from '../kernel/timeline.ts';
import { HandlingRepository, type AppliedTransition, type ControlSheetRow, type HandledDossier, type QueueRow, type StepRow } from './handling.repository.ts';
import { RoutingService } from './handling.routing.service.ts';
import { TaskRunner, type TaskActInput, type TaskActResult, type TaskContext } from './handling.tasks.ts';
import type { TaskDueBasis } from './handling.tasks.rules.ts';
import type { StepTaskRow } from './handling.tasks.repository.ts';
import { WorkflowsService, type ResolvedWorkflow, type WorkflowInput, type WorkflowView } from './handling.workflows.ts';
import { acceptTarget, forwardTarget, optionalText, parseAppointment, planTransition, recordResultTarget, sendBackTarget, type HandOver, type PlanFacts, type PlanInput, type Transition } from './handling.plans.ts';
import {
  ACTIVE_STATUSES,
  ActionConflict,
  blockingTask,
  decideTask,
  holdingRole,
  mayReassign,
  taskState,
  type TaskOperation,
  allowedActions,
  calendarLimit,
  decide,
  dueCategory,
  HANDLING_ROLES,
  IN_PROGRESS_STATUSES,
  isAction,
  nextStepOf,
  PAUSED_STATUSES,
  type Budget,
  type DossierState,
  type HandlingAction,
  type Who,
  type WorkflowStep,
} from './handling.rules.ts';
import './handling.errors.ts';
import { limitOfVersion, statutoryCalendarLimit, type StatutoryLimit } from '../kernel/time-limit.ts';
import type { ActResponse, ControlSheetResponse, OfficerDossierResponse, QueueQuery as QueueQuerySchema, QueueResponse } from './handling.schemas.ts';

const READ_ROLES: readonly Role[] = [...HANDLING_ROLES, 'inspector', 'admin'];
export const QUEUE_PAGE_SIZE = 20;

/** An action's input: what the planners read (PlanInput), and what the service resolves or stores first. */
export interface ActInput extends Omit<PlanInput, 'resultFileName'> {
  /** The version the officer saw; a different current version is a 409 DOSSIER_CHANGED. */
  expectedVersion?: number | undefined;
  /** forward: another agency (inter-agency), a department, an officer. */
  agencyCode?: string | undefined;
  departmentCode?: string | undefined;
  assigneeId?: string | undefined;
  /** apologise: the new appointment (yyyy-mm-dd → the closing time of that day, or an ISO date-time). */
  newAppointment?: string | undefined;
  /**
   * record_result (officer pages, not the JSON API): the electronic result document. Stored in the same
   * transaction and put into the applicant's personal document store (a plain result file: only a signed
   * result, src/modules/results, makes the dossier's electronic_result true).
   */
  resultFile?: { staged: StagedFile; name: string; mediaType: string; title?: string | undefined } | undefined;
}

/** The answer of an action (the API's ActResponse). */
export type ActResult = Static<typeof ActResponse>;

/** One row of the control sheet (the API's ControlSheetResponse). */
export type ControlSheetEntry = Static<typeof ControlSheetResponse>['rows'][number];

/** One dossier of the officers' queue (the API's QueueResponse). */
export type QueueItem = Static<typeof QueueResponse>['items'][number];

/** The queue's filters, order and page (the API's QueueQuery). */
export type QueueQuery = Static<typeof QueueQuerySchema>;

/** The officer's view of a dossier (the API's OfficerDossierResponse; the e-form content is added by the route, from dossiers.form-content.ts). */
export type OfficerDossier = Omit<Static<typeof OfficerDossierResponse>, 'officerData' | 'formRows' | 'routing'>;

function iso(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

interface Loaded {
  dossier: HandledDossier;
  open: StepRow | null;
  workflow: ResolvedWorkflow;
}

/** The roles the actor holds per agency (AgenciesService.rolesOn), reused for the answer after an action. */
type RolesByAgency = Map<string, Set<Role>>;

/**
 * What the back office reads and writes through other modules (narrow ports, wired in src/container.ts): the
 * dossier's history as the dossiers module keeps it, and where an electronic result goes.
 */
export interface HandlingPorts {
  /** The dossier's history (dossier_events, the dossiers module's table): DossiersService.records. */
  history: { eventsOf(db: Executor, dossierId: string): Promise<HistoryEvent[]> };
  /** record_result with a result file: the file store and the applicant's personal document store. */
  results?: {
    files: Pick<FileStorage, 'commit'>;
    documents: { addResult(tx: Executor, input: { accountId: string; organisationId: string | null; fileId: string; title: string; dossierId: string | null }): Promise<void> };
  };
  /**
   * The fee a dossier owes under its version's fee rules, computed over its e-form data (PaymentsService.computedFeeVnd,
   * pure: no statement); null when the rules are absent or unreadable. accept and request_payment without an amount.
   */
  fees?: { computedFeeVnd(feeRules: unknown, formData: Record<string, unknown>): number | null };
}

/** What the officer's dossier page reads in one load (HandlingService.officerPage). */
export interface OfficerPageData {
  detail: OfficerDossier;
  taskPanel: TaskPanel | null;
  /** The dossier's agency (the forward form's department picker). */
  agencyId: string;
  /** The dossier's version and answers (the e-form content, DossierFormContent.view's `known`). */
  form: { procedure_version_id: string; form_data: Record<string, unknown>; officer_data: Record<string, unknown> };
}

/** The officer page's panel of the open step's current task (HandlingService.taskPanel). */
export interface TaskPanel {
  version: number;
  step: { position: number; name: string };
  task: { position: number; name: string; role: string; kind: string; assignment: string; total: number; share: { value: number; unit: string } | null } | null;
  /** When the current task is due (its share from its start, else the step's due; migration 0043); null: none. */
  taskDueAt: string | null;
  /** The officer holds the current task. */
  mine: boolean;
  may: { complete: boolean; return: boolean; take: boolean; reassign: boolean };
  candidates: Array<{ id: string; fullName: string }>;
}

/** A history event as the officer's dossier page shows it. */
export type HistoryEvent = Pick<Selectable<DossierEventsTable>, 'at' | 'status' | 'action' | 'content' | 'message' | 'handler_name' | 'department' | 'legal_end'>;

/**
 * The built-in default workflow splits the legal time limit into step budgets; a procedure with no statutory time limit
 * has nothing to split (its budgets would all be 0): its steps get no due instant and are not graded.
 */
function unbudgeted(loaded: Loaded): boolean {
  return loaded.workflow.source === 'builtin' && loaded.dossier.no_time_limit;
}

export class HandlingService {
  private readonly history: HandlingPorts['history'];
  private readonly results: HandlingPorts['results'];
  private readonly fees: HandlingPorts['fees'];
  private readonly workflows: WorkflowsService;
  /** The tasks of a step at run time (handling.tasks.ts). */
  private readonly tasks: TaskRunner;
  /** Liên thông targets resolved at run time (handling.routing.service.ts): the officer page's picker reads it. */
  readonly routing: RoutingService;

  constructor(
    private readonly db: Db,
    private readonly agencies: AgenciesService,
    private readonly audit: AuditService,
    private readonly calendar: CalendarService,
    ports: HandlingPorts,
    private readonly repo = new HandlingRepository(),
  ) {
    this.history = ports.history;
    this.results = ports.results;
    this.fees = ports.fees;
    this.workflows = new WorkflowsService(db, agencies, audit, repo);
    this.tasks = new TaskRunner(db, audit, (d, basis) => this.taskDue(d, basis));
    this.routing = new RoutingService(db, agencies, audit, repo, this.workflows);
  }

  // --- workflows (handling.workflows.ts) ---------------------------------------------------------

  /** A version's workflow (catalog managers, administrators and the officers of the agency). */
  versionWorkflow(actor: Actor | null, code: string, version: number): Promise<WorkflowView> {
    return this.workflows.versionWorkflow(actor, code, version);
  }

  /** Replaces a version's workflow (see WorkflowsService.replaceWorkflow). */
  replaceWorkflow(actor: Actor | null, code: string, version: number, input: WorkflowInput): Promise<WorkflowView> {
    return this.workflows.replaceWorkflow(actor, code, version, input);
  }

  // --- loading and authorisation ---------------------------------------------------------------------

  private async load(db: Executor, id: string): Promise<Loaded | null> {
    if (!isUuid(id)) return null;
    const dossier = await this.repo.dossier(db, id);
    if (!dossier) return null;
    const limit = limitOfVersion(dossier);
    const [open, workflow] = await Promise.all([this.repo.openStep(db, id), this.workflows.resolve(db, dossier.procedure_version_id, limit)]);
    return { dossier, open: open ?? null, workflow };
  }

  /**
   * Who the actor is for this dossier. Applicants: their own dossiers only. Officers: handling roles on the
   * dossier's agency or on the current step's agency (inter-agency); for reading, inspectors and administrators
   * too. Anyone else: NOT_FOUND. The roles come from one query for both agencies (`known` answers it when it
   * already covers them).
   */
  private async access(actor: Actor | null, loaded: Pick<Loaded, 'dossier' | 'open'>, purpose: 'act' | 'read', known?: RolesByAgency): Promise<{ who: Who; roles: RolesByAgency }> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    const d = loaded.dossier;
    if (actor.kind !== 'staff') {
      if (d.applicant_id !== actor.id) throw new DomainError('NOT_FOUND');
      return { who: { kind: 'applicant', own: true }, roles: known ?? new Map() };
    }
    const stepAgency = loaded.open?.agency_id;
    const targets = stepAgency && stepAgency !== d.agency_id ? [d.agency_id, stepAgency] : [d.agency_id];
    const roles = known && targets.every((t) => known.has(t)) ? known : new Map([...(known ?? []), ...(await this.agencies.rolesOn(actor, targets))]);
    const held = [...new Set(actor.roles.map((g) => g.role))];
    const on = (agencyId: string, allowed: readonly Role[]) => held.filter((r) => allowed.includes(r) && !!roles.get(agencyId)?.has(r));
    const rolesOnAgency = on(d.agency_id, HANDLING_ROLES);
    const rolesOnStep = stepAgency && stepAgency !== d.agency_id ? on(stepAgency, HANDLING_ROLES) : rolesOnAgency;
    if (!rolesOnAgency.length && !rolesOnStep.length) {
      if (purpose === 'read' && on(d.agency_id, READ_ROLES).length) return { who: { kind: 'officer', rolesOnAgency: [], rolesOnStep: [] }, roles };
      throw new DomainError('NOT_FOUND');
    }
    return { who: { kind: 'officer', rolesOnAgency, rolesOnStep }, roles };
  }

  private async whoFor(actor: Actor | null, loaded: Loaded, purpose: 'act' | 'read'): Promise<Who> {
    return (await this.access(actor, loaded, purpose)).who;
  }

  /**
   * The workflow position the dossier is at: its open control-sheet row, else (a dossier received without a row,
   * e.g. imported) the recorded current step or the first one while in progress.
   */
  private position(loaded: Loaded): number | null {
    if (loaded.open) return loaded.open.position;
    const d = loaded.dossier;
    if (!IN_PROGRESS_STATUSES.includes(d.status!)) return null;
    return d.current_step ?? loaded.workflow.rules[0]?.position ?? null;
  }

  private stateOf(loaded: Loaded): DossierState {
    const { dossier, open, workflow } = loaded;
    const position = this.position(loaded);
    const step = position === null ? undefined : workflow.rules.find((s) => s.position === position);
    // A step with tasks (migration 0041) is held by its current task's role; its hand-over waits for the last task.
    const current = open
      ? { position: open.position, name: open.name, role: step && open.task_position !== null ? holdingRole(step, open.task_position) : (open.role as WorkflowRole), actions: step?.actions ?? [] }
      : step
        ? { position: step.position, name: step.name, role: step.role, actions: step.actions }
        : null;
    return {
      status: dossier.status as DossierStatus,
      received: dossier.received_at !== null,
      step: current,
      hasNextStep: position !== null && !!nextStepOf(workflow.rules, position),
      hasPreviousStep: position !== null && workflow.rules.some((s) => s.position < position),
      pendingTask: open && step ? blockingTask(step, open.task_position) : null,
    };
  }

  // --- actions -------------------------------------------------------------------------------------

  /**
   * The applicant's own actions, for the citizen's pages and their JSON twin (withdraw, answer a supplement
   * request): only the applicant may act there — officers act through /can-bo and /api/dossiers/:id/actions.
   * Anyone else: NOT_FOUND, as for a dossier they cannot see.
   */
  applicantAct(actor: Actor | null, dossierId: string, action: 'withdraw' | 'respond_supplement', input: ActInput = {}, now = new Date()): Promise<ActResult> {
    return this.act(actor, dossierId, action, input, now, 'applicant');
  }

  /**
   * Performs `action` on the dossier in one transaction. Errors: NOT_FOUND (unknown, or out of the actor's
   * scope), 409 ACTION_NOT_ALLOWED (the status does not permit it; lists the actions allowed), 403 ACTION_FORBIDDEN
   * (not this actor's step), 422 VALIDATION_FAILED (input), 409 DOSSIER_CHANGED (someone else acted first).
   */
  async act(actor: Actor | null, dossierId: string, action: string, input: ActInput = {}, now = new Date(), side: 'any' | 'applicant' = 'any'): Promise<ActResult> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (!isAction(action)) throw new DomainError('NOT_FOUND');
    // Load: the dossier, its open control-sheet row and its workflow; then the actor's roles (one query).
    const loaded = await this.load(this.db, dossierId);
    if (!loaded) throw new DomainError('NOT_FOUND');
    const { who, roles } = await this.access(actor, loaded, 'act');
    // The citizen's pages act for the applicant only; an officer (even one who may withdraw) gets NOT_FOUND there.
    if (side === 'applicant' && who.kind !== 'applicant') throw new DomainError('NOT_FOUND');
    const d = loaded.dossier;
    const state = this.stateOf(loaded);
    if (input.expectedVersion !== undefined && input.expectedVersion !== d.version) {
      throw new ActionConflict('DOSSIER_CHANGED', action, d.status!, allowedActions(state, who), d.version);
    }
    // Decide and plan (pure), from the facts the action needs (calendar, hand-over) fetched first.
    const next = decide(state, who, action);
    const transition = planTransition(await this.factsFor(actor, loaded, action, next, input, now));
    // Persist: one statement (guarded on the version), plus the result file when there is one, in one transaction.
    const write = {
      dossierId: d.id,
      expectedVersion: d.version,
      action,
      at: now,
      actor: { id: actor.id, fullName: actor.fullName, departmentId: actor.kind === 'staff' ? actor.departmentId : null },
      transition,
      audit: this.audit.fields(actor, { action: `dossier.${action}`, targetType: 'dossier', targetId: d.id, agencyId: d.agency_id, summary: transition.audit }, actor.ip ?? null),
    };
    const resultFile = action === 'record_result' ? input.resultFile : undefined;
    let applied: AppliedTransition | undefined;
    if (resultFile) {
      const results = this.results;
      if (!results) throw new Error('record_result with a result file needs the files and documents services');
      applied = await this.db.transaction().execute(async (tx) => {
        const row = await this.repo.applyTransition(tx, write);
        if (!row) return undefined;
        const file = await results.files.commit(tx, { ...resultFile.staged, originalName: resultFile.name }, { mediaType: resultFile.mediaType, createdBy: actor.id });
        const title = optionalText(resultFile.title) ?? `Kết quả giải quyết hồ sơ ${d.code}: ${d.procedure_name}`;
        await results.documents.addResult(tx, { accountId: d.applicant_id, organisationId: d.organisation_id, fileId: file.id, title: title.slice(0, 500), dossierId: d.id });
        return row;
      });
    } else {
      applied = await this.repo.applyTransition(this.db, write);
    }
    if (!applied) throw await this.changed(actor, d.id, action);
    // Answer from the new state, computed in memory (no re-load).
    const after = afterTransition(loaded, applied, transition, actor.id, now);
    let allowed: HandlingAction[] = [];
    try {
      allowed = allowedActions(this.stateOf(after), (await this.access(actor, after, 'act', roles)).who);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
    return {
      id: applied.id,
      code: d.code!,
      action,
      previousStatus: d.status!,
      status: applied.status,
      statusLabel: statusLabel(applied.status),
      version: applied.version,
      receivedAt: iso(applied.received_at),
      dueAt: iso(applied.due_at),
      appointmentAt: iso(applied.appointment_at),
      finishedAt: iso(applied.finished_at),
      timeliness: applied.timeliness,
      allowedActions: allowed,
    };
  }

  /**
   * Payments' port (PaymentResumePort, wired in src/container.ts): a dossier waiting for fees (status 6) resumes
   * once they are paid online — the payment stands for the officer's confirmation, recorded as the applicant's.
   * False when it was not waiting, or changed meanwhile (the payments.sweep job tries again).
   */
  async resumeAfterPayment(dossierId: string, now = new Date()): Promise<boolean> {
    const loaded = await this.load(this.db, dossierId);
    if (!loaded || loaded.dossier.status !== 6) return false;
    const d = loaded.dossier;
    const actor: Actor = { id: d.applicant_id, username: '', fullName: d.applicant_name ?? '', kind: 'citizen', agencyId: null, departmentId: null, organisationId: d.organisation_id, roles: [] };
    const next: DossierStatus = d.received_at ? 4 : 1;
    const transition = planTransition(await this.factsFor(actor, loaded, 'resume', next, { note: 'Đã nộp phí, lệ phí trực tuyến' }, now));
    const applied = await this.repo.applyTransition(this.db, {
      dossierId: d.id,
      expectedVersion: d.version,
      action: 'resume',
      at: now,
      actor: { id: actor.id, fullName: actor.fullName, departmentId: null },
      transition,
      audit: this.audit.fields(actor, { action: 'dossier.resume', targetType: 'dossier', targetId: d.id, agencyId: d.agency_id, summary: { ...transition.audit, paidOnline: true } }, null),
    });
    return !!applied;
  }

  /**
   * The document exchange's port (src/modules/docexchange, wired in src/container.ts): the open inter-agency step at
   * `position` is held by an agency outside OpenDVC, which answered "completed" (edXML status 06) by the exchange.
   * The step is handed on as its holder would: forwarded to the next step, or the result recorded when it was the
   * last; recorded in the name of the officer who sent the package (`by`), the agency named in the note. 'waiting'
   * when the dossier is paused at that step (awaiting a supplement or fees) or changed meanwhile — to be tried again;
   * 'gone' when it is no longer at that step: nothing is done.
   */
  async completeExternalStep(dossierId: string, input: { position: number; by: Actor; note: string }, now = new Date()): Promise<'completed' | 'waiting' | 'gone'> {
    const loaded = await this.load(this.db, dossierId);
    if (!loaded || loaded.open?.position !== input.position) return 'gone';
    if (loaded.dossier.status !== 4) return PAUSED_STATUSES.includes(loaded.dossier.status as DossierStatus) ? 'waiting' : 'gone';
    const d = loaded.dossier;
    const action: HandlingAction = nextStepOf(loaded.workflow.rules, input.position) ? 'forward' : 'record_result';
    const next: DossierStatus = action === 'forward' ? 4 : 9;
    const transition = planTransition(await this.factsFor(input.by, loaded, action, next, { note: input.note }, now));
    const applied = await this.repo.applyTransition(this.db, {
      dossierId: d.id,
      expectedVersion: d.version,
      action,
      at: now,
      actor: { id: input.by.id, fullName: input.by.fullName, departmentId: null },
      transition,
      audit: this.audit.fields(input.by, { action: `dossier.${action}`, targetType: 'dossier', targetId: d.id, agencyId: d.agency_id, summary: { ...transition.audit, docExchange: true } }, null),
    });
    return applied ? 'completed' : 'waiting';
  }

  /** The 409 of a lost race: the current status and what the actor may do now. */
  private async changed(actor: Actor, id: string, action: string): Promise<ActionConflict> {
    const current = await this.load(this.db, id);
    if (!current) return new ActionConflict('DOSSIER_CHANGED', action, 0, []);
    let allowed: HandlingAction[] = [];
    try {
      allowed = allowedActions(this.stateOf(current), await this.whoFor(actor, current, 'act'));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
    return new ActionConflict('DOSSIER_CHANGED', action, current.dossier.status!, allowed, current.dossier.version);
  }

  private async due(from: Date, budget: Budget & { sameDay?: boolean }, agencyId: string, pauses: Array<{ from: Date; to: Date }> = []): Promise<Date> {
    const due = await this.calendar.due({ from, ...calendarLimit(budget), agencyId, pauses });
    return new Date(due.at);
  }

  /** The dossier's legal due instant; null when the procedure has no statutory time limit (kernel/time-limit.ts). */
  private async legalDue(from: Date, limit: StatutoryLimit, agencyId: string, pauses: Array<{ from: Date; to: Date }> = []): Promise<Date | null> {
    const calendarInput = statutoryCalendarLimit(limit);
    if (!calendarInput) return null;
    const due = await this.calendar.due({ from, ...calendarInput, agencyId, pauses });
    return new Date(due.at);
  }

  /**
   * A task's due instant (handling.tasks.rules.ts `taskDueBasis`): its share of the step's budget from the task's
   * start on the agency's working-day calendar, the dossier's finished pauses since then added (as a step's due);
   * without a share, the step's due instant.
   */
  private async taskDue(d: { id: string; agency_id: string }, basis: TaskDueBasis): Promise<Date | null> {
    if (basis.kind === 'step') return basis.at;
    const pauses = (await this.repo.pauses(this.db, d.id))
      .filter((p) => p.ended_at !== null && p.ended_at.getTime() > basis.from.getTime())
      .map((p) => ({ from: p.started_at, to: p.ended_at! }));
    return this.due(basis.from, basis.budget, d.agency_id, pauses);
  }

  private async stepDue(step: WorkflowStep | undefined, from: Date, agencyId: string, pauses: Array<{ from: Date; to: Date }> = []): Promise<Date | null> {
    if (!step) return null;
    return this.due(from, step.budget, agencyId, pauses);
  }

  /**
   * Resolves a hand-over to `step`: the agency, department and officer as chosen (looked up by code / id) or as
   * the step (or the row sent back to) says, and the step's due instant.
   */
  private async handOver(
    loaded: Loaded,
    step: WorkflowStep,
    choice: { agencyCode?: string | undefined; departmentCode?: string | undefined; assigneeId?: string | undefined },
    now: Date,
    fallback?: StepRow,
  ): Promise<HandOver> {
    const d = loaded.dossier;
    const errors: FieldError[] = [];
    // A rule step (liên thông decided by the dossier) goes to the agency its rule finds, unless one was chosen; when
    // the rule finds none, the step opens in the dossier's own agency and waits for an officer's pick (RoutingService).
    const ruled = !fallback && !choice.agencyCode?.trim() ? await this.routing.agencyFor(this.db, d.form_data, step) : null;
    let agencyId = fallback?.agency_id ?? step.agencyId ?? ruled ?? d.agency_id;
    let departmentId = fallback ? fallback.department_id : step.departmentId;
    let departmentName = fallback ? null : (loaded.workflow.steps.find((s) => s.position === step.position)?.departmentName ?? null);
    let assigneeId = fallback?.assignee_id ?? null;
    if (choice.agencyCode?.trim()) {
      const agency = await this.repo.activeAgencyByCode(this.db, choice.agencyCode.trim());
      if (!agency) errors.push({ path: '/agencyCode', code: 'WORKFLOW_AGENCY_UNKNOWN' });
      else if (agency.id !== agencyId) {
        agencyId = agency.id;
        departmentId = null;
        departmentName = null;
        assigneeId = null;
      }
    }
    if (choice.departmentCode?.trim()) {
      const department = await this.repo.departmentByCode(this.db, agencyId, choice.departmentCode.trim());
      if (!department) errors.push({ path: '/departmentCode', code: 'WORKFLOW_DEPARTMENT_UNKNOWN' });
      else {
        departmentId = department.id;
        departmentName = department.name;
      }
    }
    if (choice.assigneeId) {
      const officer = isUuid(choice.assigneeId) ? await this.repo.staffOf(this.db, choice.assigneeId, agencyId) : undefined;
      if (!officer) errors.push({ path: '/assigneeId', code: 'WORKFLOW_ASSIGNEE_UNKNOWN' });
      else assigneeId = officer.id;
    }
    if (errors.length) throw new DomainError('VALIDATION_FAILED', undefined, errors);
    const firstTask = step.tasks?.[0];
    return {
      position: step.position,
      name: step.name,
      role: step.role,
      agencyId,
      departmentId,
      departmentName: departmentId ? departmentName : null,
      assigneeId,
      dueAt: unbudgeted(loaded) ? null : await this.stepDue(step, now, agencyId),
      // A step with tasks opens at its first task (a single-user one held by the officer handed the dossier, if any).
      task: firstTask ? { position: firstTask.position, name: firstTask.name, role: firstTask.role, singleUser: firstTask.assignment === 'single_user' } : null,
    };
  }

  /**
   * The facts the action's planner decides from (handling.plans.ts): the loaded dossier and workflow, the actor,
   * and what the action needs read first — the calendar's deadlines, the hand-over's agency, department and officer.
   */
  private async factsFor(actor: Actor, loaded: Loaded, action: HandlingAction, next: DossierStatus, input: ActInput, now: Date): Promise<PlanFacts> {
    const d = loaded.dossier;
    const steps = loaded.workflow.rules;
    const position = this.position(loaded);
    const { resultFile, ...rest } = input;
    const facts: PlanFacts = {
      action,
      next,
      now,
      dossier: d,
      open: loaded.open,
      position,
      steps,
      actor: { id: actor.id, kind: actor.kind, departmentId: actor.departmentId, roles: actor.roles.map((g) => g.role) },
      input: { ...rest, resultFileName: resultFile?.name },
    };
    if ((action === 'accept' || (action === 'request_payment' && input.amountVnd === undefined)) && this.fees && d.fee_rules) {
      facts.computedFeeVnd = this.fees.computedFeeVnd(d.fee_rules, d.form_data ?? {}) ?? undefined;
    }
    switch (action) {
      case 'accept': {
        const first = acceptTarget(steps);
        const dueAt = await this.legalDue(now, limitOfVersion(d), d.agency_id);
        if (dueAt) facts.dueAt = dueAt;
        else facts.noTimeLimit = true;
        if (first) facts.handOver = await this.handOver(loaded, first, {}, now);
        return facts;
      }
      case 'forward':
        facts.handOver = await this.handOver(loaded, forwardTarget(steps, position!, input.toStep), input, now);
        return facts;
      case 'send_back': {
        const { target } = sendBackTarget(steps, position!, input);
        const previous = await this.repo.lastStepAt(this.db, d.id, target.position);
        facts.handOver = await this.handOver(loaded, target, {}, now, previous);
        return facts;
      }
      case 'resume':
      case 'respond_supplement': {
        if (!d.received_at) return facts;
        const pauses = (await this.repo.pauses(this.db, d.id)).map((p) => ({ from: p.started_at, to: p.ended_at ?? now }));
        facts.dueAt = (await this.legalDue(d.received_at, limitOfVersion(d), d.agency_id, pauses)) ?? undefined;
        const open = loaded.open;
        if (open) {
          const step = steps.find((s) => s.position === open.position);
          const since = pauses.filter((p) => p.to.getTime() > open.started_at.getTime());
          facts.openStepDue = unbudgeted(loaded) ? null : await this.stepDue(step, open.started_at, open.agency_id, since);
        }
        return facts;
      }
      case 'apologise': {
        const hours = await this.calendar.workingHoursOf(d.agency_id);
        const newAppointment = parseAppointment(input.newAppointment, hours.closes);
        if (input.newAppointment && !newAppointment) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/newAppointment', code: 'format', params: { format: 'date' } }]);
        facts.newAppointment = newAppointment;
        return facts;
      }
      case 'record_result': {
        const target = recordResultTarget(steps, position);
        if (target) facts.handOver = await this.handOver(loaded, target, {}, now);
        return facts;
      }
      default:
        return facts;
    }
  }

  // --- tasks of a step (issue 15; handling.tasks.ts) ----------------------------------------------

  /** The open step, its workflow step and the officer's roles on it, for a task operation (NOT_FOUND out of scope). */
  private async taskContext(actor: Actor | null, dossierId: string): Promise<{ actor: Actor; context: TaskContext }> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    const loaded = await this.load(this.db, dossierId);
    if (!loaded) throw new DomainError('NOT_FOUND');
    const { who } = await this.access(actor, loaded, 'act');
    if (who.kind !== 'officer') throw new DomainError('NOT_FOUND');
    return { actor, context: this.taskContextOf(loaded, who) };
  }

  private taskContextOf(loaded: Loaded, who: Who & { kind: 'officer' }): TaskContext {
    const open = loaded.open;
    const d = loaded.dossier;
    return {
      dossier: { id: d.id, code: d.code, agency_id: d.agency_id, version: d.version, status: d.status },
      open,
      step: open ? (loaded.workflow.rules.find((s) => s.position === open.position) ?? null) : null,
      rolesOnStep: who.rolesOnStep,
    };
  }

  /**
   * The current task of the dossier's open step: `complete` it (the next task follows; after the last, the step may
   * be handed over), `return` it to the previous task (a review or approval, with a note), or `take` a single-user
   * task nobody holds. 409 TASK_NONE, 403 TASK_ROLE_FORBIDDEN / TASK_ASSIGNEE_ONLY, 409 TASK_NOT_TAKEN /
   * TASK_ALREADY_TAKEN / TASK_NOT_REVIEW / TASK_NO_PREVIOUS / DOSSIER_CHANGED.
   */
  async taskAct(actor: Actor | null, dossierId: string, op: TaskOperation, input: TaskActInput = {}, now = new Date()): Promise<TaskActResult> {
    const { actor: who, context } = await this.taskContext(actor, dossierId);
    return this.tasks.act(who, context, op, input, now);
  }

  /** Reassigns the current task (or a step without tasks): department heads and agency leaders (handling.tasks.ts). */
  async reassign(actor: Actor | null, dossierId: string, input: TaskActInput & { assigneeId: string }, now = new Date()): Promise<TaskActResult> {
    const { actor: who, context } = await this.taskContext(actor, dossierId);
    return this.tasks.reassign(who, context, input, now);
  }

  /** The officers the current task (or step) may be reassigned to; empty unless the actor may reassign. */
  async reassignCandidates(actor: Actor | null, dossierId: string): Promise<Array<{ id: string; fullName: string }>> {
    const { context } = await this.taskContext(actor, dossierId);
    if (!context.open || !mayReassign(context.rolesOnStep)) return [];
    return (await this.tasks.candidates(context)).map((o) => ({ id: o.id, fullName: o.full_name }));
  }

  /**
   * What the officer's dossier page shows about the open step's current task and what this officer may do with it
   * (complete, send back, take, reassign with the officers to choose from); null when the step has no task waiting
   * and the officer may not reassign, or when the officer cannot act on the dossier.
   */
  async taskPanel(actor: Actor | null, dossierId: string): Promise<TaskPanel | null> {
    let found: Awaited<ReturnType<HandlingService['taskContext']>>;
    try {
      found = await this.taskContext(actor, dossierId);
    } catch (error) {
      if (error instanceof DomainError) return null;
      throw error;
    }
    return this.panelOf(found.actor, found.context);
  }

  /** The task panel of a loaded context (taskPanel; officerPage reuses the page's own reads). */
  private async panelOf(who: Actor, context: TaskContext): Promise<TaskPanel | null> {
    const { open, step } = context;
    if (!open || !step) return null;
    const state = taskState(step, open.task_position);
    const may = (op: TaskOperation) => {
      try {
        decideTask(op, step, { taskPosition: open.task_position, assigneeId: open.task_assignee_id }, { id: who.id, rolesOnStep: context.rolesOnStep });
        return true;
      } catch (error) {
        if (error instanceof DomainError) return false;
        throw error;
      }
    };
    const reassign = mayReassign(context.rolesOnStep) && ['at', 'none'].includes(state.kind);
    if (state.kind !== 'at' && !reassign) return null;
    return {
      version: context.dossier.version,
      step: { position: step.position, name: step.name },
      task: state.kind === 'at' ? { position: state.task.position, name: state.task.name, role: state.task.role, kind: state.task.kind, assignment: state.task.assignment, total: step.tasks!.length, share: state.task.share } : null,
      taskDueAt: iso(state.kind === 'at' ? await this.tasks.currentTaskDue(context) : null),
      mine: open.task_assignee_id === who.id,
      may: { complete: may('complete'), return: may('return'), take: may('take'), reassign },
      candidates: reassign ? (await this.tasks.candidates(context)).filter((o) => o.id !== (open.task_assignee_id ?? open.assignee_id)).map((o) => ({ id: o.id, fullName: o.full_name })) : [],
    };
  }

  // --- reading -------------------------------------------------------------------------------------

  /** The control sheet (form 06) of a dossier: officers in scope, and the applicant. */
  async controlSheet(actor: Actor | null, dossierId: string): Promise<ControlSheetEntry[]> {
    const loaded = await this.load(this.db, dossierId);
    if (!loaded) throw new DomainError('NOT_FOUND');
    await this.whoFor(actor, loaded, 'read');
    const [sheet, tasks] = await Promise.all([this.repo.controlSheet(this.db, dossierId), this.tasks.tasksOf(dossierId)]);
    return sheet.map((r) => sheetEntry(r, loaded.workflow.rules, tasks));
  }

  /** What the officer's dossier page shows: form data, files, history, control sheet, and the actions allowed to this officer. */
  async detail(actor: Actor | null, dossierId: string, now = new Date()): Promise<OfficerDossier> {
    return (await this.officerPage(actor, dossierId, now, false)).detail;
  }

  /**
   * The officer's dossier page in one load (issue 17): the detail, and (`withTaskPanel`) the task panel computed
   * from the same dossier, open step, workflow and roles instead of reading them again.
   */
  async officerPage(actor: Actor | null, dossierId: string, now = new Date(), withTaskPanel = true): Promise<OfficerPageData> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (actor.kind !== 'staff' || !isUuid(dossierId)) throw new DomainError('NOT_FOUND');
    // Like load() then whoFor(), in two rounds instead of three: the dossier with its open step, then the workflow
    // with the officer's roles (which need only the dossier and the open step).
    const [dossier, open] = await Promise.all([this.repo.dossier(this.db, dossierId), this.repo.openStep(this.db, dossierId)]);
    if (!dossier) throw new DomainError('NOT_FOUND');
    const [resolved, { who }] = await Promise.all([
      this.workflows.resolve(this.db, dossier.procedure_version_id, limitOfVersion(dossier)),
      this.access(actor, { dossier, open: open ?? null }, 'read'),
    ]);
    const loaded: Loaded = { dossier, open: open ?? null, workflow: resolved };
    const d = loaded.dossier;
    // What taskPanel's 'act' access would refuse (read-only roles): no panel.
    const acting = withTaskPanel && who.kind === 'officer' && (who.rolesOnAgency.length > 0 || who.rolesOnStep.length > 0);
    const [files, events, sheet, stepTasks, pauses, soonLimit, taskPanel] = await Promise.all([
      this.repo.files(this.db, d.id),
      this.history.eventsOf(this.db, d.id),
      this.repo.controlSheet(this.db, d.id),
      this.tasks.tasksOf(d.id),
      this.repo.pauses(this.db, d.id),
      this.soonLimit(now, d.agency_id),
      acting && who.kind === 'officer' ? this.panelOf(actor, this.taskContextOf(loaded, who)) : null,
    ]);
    const { rules: _rules, ...workflow } = loaded.workflow;
    const detail: OfficerDossier = {
      id: d.id,
      code: d.code!,
      status: d.status!,
      statusLabel: statusLabel(d.status),
      version: d.version,
      channel: d.channel,
      source: d.source,
      procedure: { code: d.procedure_code, name: d.procedure_name, version: d.procedure_version },
      agency: { code: d.agency_code, name: d.agency_name },
      applicant: { name: d.applicant_name, idNumber: d.applicant_id_number ?? (typeof d.form_data?.personalId === 'string' ? d.form_data.personalId : null), kind: d.applicant_kind },
      formData: d.form_data ?? {},
      files: files.map((f) => ({ id: f.id, documentId: f.document_id, documentName: f.document_name, fileId: f.file_id, name: f.name, mediaType: f.media_type, sizeBytes: Number(f.size_bytes), uploadedAt: iso(f.created_at)! })),
      events: events.map((e) => ({ at: iso(e.at)!, status: e.status, statusLabel: statusLabel(e.status), action: e.action, ...eventFields(e), content: e.content, handlerName: e.handler_name, department: e.department, legalEnd: iso(e.legal_end) })),
      controlSheet: sheet.map((r) => sheetEntry(r, loaded.workflow.rules, stepTasks)),
      pauses: pauses.map((p) => ({ kind: p.kind, startedAt: iso(p.started_at)!, endedAt: iso(p.ended_at), reason: p.reason })),
      workflow,
      currentStep: d.current_step,
      submittedAt: iso(d.submitted_at),
      receivedAt: iso(d.received_at),
      dueAt: iso(d.due_at),
      appointmentAt: iso(d.appointment_at),
      finishedAt: iso(d.finished_at),
      returnedAt: iso(d.returned_at),
      returnMethod: d.return_method,
      timeliness: d.timeliness,
      feeVnd: d.fee_vnd === null ? null : Number(d.fee_vnd),
      dueCategory: IN_PROGRESS_STATUSES.includes(d.status!) ? dueCategory(d.due_at, now, soonLimit) : null,
      allowedActions: allowedActions(this.stateOf(loaded), who),
    };
    // The row's answers and agency, so that the page's e-form and department picker need not read it again.
    return { detail, taskPanel, agencyId: d.agency_id, form: { procedure_version_id: d.procedure_version_id, form_data: d.form_data ?? {}, officer_data: d.officer_data ?? {} } };
  }

  /** The end of the "due soon" window: 2 working days from now. */
  private async soonLimit(now: Date, agencyId: string | null): Promise<Date> {
    return new Date((await this.calendar.due({ from: now, workingDays: 2, agencyId })).at);
  }

  /**
   * The officer's queue: 'mine' (assigned to me, or waiting at a step of my role in my department, or new and
   * ready results for the reception), 'department', or 'agency' (everything in my scope); optionally due today,
   * soon (within 2 working days) or overdue; searched by code, name or ID number. Ordered by deadline.
   */
  async queue(actor: Actor | null, query: QueueQuery = {}, now = new Date()): Promise<{ items: QueueItem[]; total: number; page: number; pageSize: number }> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    const agencyIds = await this.agencies.scopeOf(actor, HANDLING_ROLES);
    if (!agencyIds.length) throw new DomainError('FORBIDDEN');
    const roles = [...new Set(actor.roles.map((g) => g.role))].filter((r) => (HANDLING_ROLES as readonly string[]).includes(r));
    const page = Math.max(1, Math.min(100_000, Math.floor(query.page ?? 1)));
    const scope = query.scope ?? 'mine';
    const todayStart = vietnamDayNumber(now) * DAY_MS - VIETNAM_OFFSET_MS;
    const endOfToday = new Date(todayStart + DAY_MS);
    const soonLimit = await this.soonLimit(now, actor.agencyId);
    const { rows, total } = await this.repo.queue(this.db, {
      agencyIds,
      statuses: ACTIVE_STATUSES,
      mine: scope === 'mine' ? { accountId: actor.id, roles, departmentId: actor.departmentId } : undefined,
      departmentId: scope === 'department' ? actor.departmentId : undefined,
      due: query.due ? { category: query.due, now, endOfToday, soonLimit } : undefined,
      q: query.q?.slice(0, 100),
      order: query.sort,
      limit: QUEUE_PAGE_SIZE,
      offset: (page - 1) * QUEUE_PAGE_SIZE,
    });
    return {
      items: rows.map((r) => ({
        id: r.id,
        code: r.code,
        status: r.status,
        statusLabel: statusLabel(r.status),
        channel: r.channel,
        procedure: { code: r.procedure_code, name: r.procedure_name },
        applicantName: r.applicant_name,
        applicantIdNumber: r.applicant_id_number,
        submittedAt: iso(r.submitted_at),
        receivedAt: iso(r.received_at),
        dueAt: iso(r.due_at),
        appointmentAt: iso(r.appointment_at),
        dueCategory: IN_PROGRESS_STATUSES.includes(r.status as DossierStatus) ? dueCategory(r.due_at, now, soonLimit) : null,
        step: r.step_name ? queueStep(r) : null,
        department: r.department_name,
        assignee: r.assignee_name,
        version: r.version,
      })),
      total,
      page,
      pageSize: QUEUE_PAGE_SIZE,
    };
  }
}

/**
 * The tasks of a control-sheet row: those finished (who, when, how), then the current one of the open row (who
 * holds it, since when). Rows without tasks: none.
 */
function rowTasks(r: ControlSheetRow, steps: readonly WorkflowStep[], finished: readonly StepTaskRow[]): NonNullable<ControlSheetEntry['tasks']> {
  const out: NonNullable<ControlSheetEntry['tasks']> = finished
    .filter((t) => t.step_id === r.id)
    .map((t) => ({ position: t.position, name: t.name, role: t.role, kind: t.kind, officer: t.officer_name, startedAt: iso(t.started_at)!, finishedAt: iso(t.finished_at), outcome: t.outcome, note: t.note, dueAt: iso(t.due_at), result: t.result }));
  if (r.finished_at === null && r.task_position !== null) {
    const state = taskState(steps.find((s) => s.position === r.position), r.task_position);
    if (state.kind === 'at') {
      const t = state.task;
      out.push({ position: t.position, name: t.name, role: t.role, kind: t.kind, officer: r.task_assignee_name ?? null, startedAt: iso(r.task_started_at ?? r.started_at)!, finishedAt: null, outcome: null, note: null, dueAt: null, result: null });
    }
  }
  return out;
}

/**
 * The queue's step column: the step, the role it waits for (its current task's, migration 0041) and its current task
 * by name and role when one is waiting (migration 0043 keeps the name; a row opened before it shows no task).
 */
function queueStep(r: QueueRow): NonNullable<QueueItem['step']> {
  const role = r.task_role ?? r.step_role!;
  return { name: r.step_name!, role, dueAt: iso(r.step_due_at), task: r.task_name ? { name: r.task_name, role } : null };
}

function sheetEntry(r: ControlSheetRow, steps: readonly WorkflowStep[] = [], finished: readonly StepTaskRow[] = []): ControlSheetEntry {
  const tasks = rowTasks(r, steps, finished);
  return {
    ...(tasks.length ? { tasks } : {}),
    position: r.position,
    name: r.name,
    role: r.role,
    agency: { code: r.agency_code, name: r.agency_name },
    department: r.department_name,
    assignee: r.assignee_name,
    handedOverBy: r.handed_over_by_name,
    startedAt: iso(r.started_at)!,
    dueAt: iso(r.due_at),
    finishedAt: iso(r.finished_at),
    result: r.result,
    outcome: r.outcome,
    note: r.note,
  };
}

/** The dossier after a transition, as the rules see it: the update's RETURNING and the control sheet as planned. */
function afterTransition(loaded: Loaded, applied: AppliedTransition, t: Transition, actorId: string, now: Date): Loaded {
  const d = loaded.dossier;
  let open: StepRow | null = loaded.open;
  if (t.openStep && applied.opened_step_id) {
    const s = t.openStep;
    open = {
      id: applied.opened_step_id,
      dossier_id: d.id,
      position: s.position,
      name: s.name,
      role: s.role,
      agency_id: s.agencyId,
      department_id: s.departmentId,
      assignee_id: s.assigneeId,
      handed_over_by: actorId,
      started_at: now,
      due_at: s.dueAt,
      finished_at: null,
      result: null,
      outcome: null,
      note: null,
      task_position: s.task?.position ?? null,
      task_role: s.task?.role ?? null,
      task_assignee_id: s.task?.singleUser ? s.assigneeId : null,
      task_started_at: s.task ? now : null,
      task_name: s.task?.name ?? null,
    };
  } else if (t.closeStep) open = null;
  else if (open && t.stepDue) open = { ...open, due_at: t.stepDue.dueAt };
  return {
    dossier: {
      ...d,
      status: applied.status,
      version: applied.version,
      received_at: applied.received_at,
      due_at: applied.due_at,
      appointment_at: applied.appointment_at,
      finished_at: applied.finished_at,
      timeliness: applied.timeliness,
      current_step: applied.current_step,
      department_id: applied.department_id,
      assignee_id: applied.assignee_id,
    },
    open,
    workflow: loaded.workflow,
  };
}

export { parseAppointment };
