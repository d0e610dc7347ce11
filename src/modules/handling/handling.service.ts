// Use cases of the one-stop back office: every action on a dossier (one transaction each: guarded update,
// control sheet, pauses, history event, outbox message, audit entry), the officers' queue and dossier page data,
// the control sheet, and workflows as data (per procedure version, default templates).
//
// Authorisation is checked here for every record. Officers act on dossiers of their agency subtree (or on an
// inter-agency step held by their agency); out of scope looks like NOT_FOUND. Applicants act on their own.
//
// Calendar computations (which read through their own connection) happen before the transaction; the
// guarded UPDATE … WHERE version = $expected makes the transaction fail (409 DOSSIER_CHANGED) when someone else
// acted in between, so what was computed is never applied to a changed dossier.
import type { Actor } from '../../core/actor.ts';
import { DomainError, type FieldError } from '../../core/errors.ts';
import { formatDate, formatDateTime } from '../../core/text.ts';
import type { Db, Executor } from '../../db/database.ts';
import type { DossierStatus, ReturnMethod, Role, TimeLimitUnit, Timeliness, WorkflowRole } from '../../db/schema.ts';
import type { AgenciesService } from '../agencies/agencies.service.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { CalendarService } from '../calendar/calendar.service.ts';
import type { DocumentsService } from '../documents/documents.service.ts';
import type { FileStorage, StagedFile } from '../files/files.service.ts';
import { statusLabel } from '../dossiers/dossiers.rules.ts';
import { OutboxRepository } from '../outbox/outbox.repository.ts';
import { DossiersRepository } from '../dossiers/dossiers.repository.ts';
import { HandlingRepository, type ControlSheetRow, type HandledDossier, type QueueOrder, type StepRow, type WorkflowStepRow } from './handling.repository.ts';
import {
  ACTIVE_STATUSES,
  ActionConflict,
  allowedActions,
  calendarLimit,
  checkApology,
  checkWorkflow,
  decide,
  defaultWorkflow,
  dueCategory,
  gradeStep,
  HANDLING_ROLES,
  isAction,
  isFinishing,
  isReturnStep,
  nextStepOf,
  requiredText,
  returnStepAfter,
  supplementItems,
  timeliness,
  vietnamDayNumber,
  type Budget,
  type BudgetWarning,
  type DossierState,
  type DueCategory,
  type HandlingAction,
  type Who,
  type WorkflowStep,
} from './handling.rules.ts';
import './handling.errors.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const VIETNAM_OFFSET_MS = 7 * 3600_000;
const DAY_MS = 86_400_000;
const READ_ROLES: readonly Role[] = [...HANDLING_ROLES, 'inspector', 'admin'];
export const QUEUE_PAGE_SIZE = 20;

export interface ActInput {
  /** The version the officer saw; a different current version is a 409 DOSSIER_CHANGED. */
  expectedVersion?: number | undefined;
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
  /** forward: another agency (inter-agency), a department, an officer. */
  agencyCode?: string | undefined;
  departmentCode?: string | undefined;
  assigneeId?: string | undefined;
  /** apologise: the new appointment (yyyy-mm-dd → the closing time of that day, or an ISO date-time). */
  newAppointment?: string | undefined;
  /** return_result: how the result is handed over. */
  method?: ReturnMethod | undefined;
  /** request_payment: the amount due. */
  amountVnd?: number | undefined;
  /** record_result: the result was issued electronically. */
  electronicResult?: boolean | undefined;
  /**
   * record_result (officer pages, not the JSON API): the electronic result document. Stored in the same
   * transaction and put into the applicant's personal document store; implies electronicResult.
   */
  resultFile?: { staged: StagedFile; name: string; mediaType: string; title?: string | undefined } | undefined;
}

export interface ActResult {
  id: string;
  code: string;
  action: HandlingAction;
  previousStatus: number;
  status: number;
  statusLabel: string;
  version: number;
  receivedAt: string | null;
  dueAt: string | null;
  appointmentAt: string | null;
  finishedAt: string | null;
  timeliness: Timeliness | null;
  allowedActions: HandlingAction[];
}

export interface WorkflowStepView {
  position: number;
  name: string;
  role: WorkflowRole;
  agencyCode: string | null;
  agencyName: string | null;
  departmentCode: string | null;
  departmentName: string | null;
  budget: Budget;
  actions: HandlingAction[];
}

export interface WorkflowView {
  source: 'version' | 'agency' | 'global' | 'builtin';
  name: string;
  steps: WorkflowStepView[];
  timeLimit: Budget & { sameDay: boolean };
  warning: BudgetWarning | null;
}

export interface ResolvedWorkflow extends WorkflowView {
  /** The steps as the rules use them. */
  rules: WorkflowStep[];
}

export interface ControlSheetEntry {
  position: number;
  name: string;
  role: string;
  agency: { code: string; name: string };
  department: string | null;
  assignee: string | null;
  handedOverBy: string | null;
  startedAt: string;
  dueAt: string | null;
  finishedAt: string | null;
  result: Timeliness | null;
  outcome: string | null;
  note: string | null;
}

export interface QueueItem {
  id: string;
  code: string;
  status: number;
  statusLabel: string;
  channel: number;
  procedure: { code: string; name: string };
  applicantName: string | null;
  applicantIdNumber: string | null;
  submittedAt: string | null;
  receivedAt: string | null;
  dueAt: string | null;
  appointmentAt: string | null;
  dueCategory: DueCategory | null;
  step: { name: string; role: string; dueAt: string | null } | null;
  department: string | null;
  assignee: string | null;
  version: number;
}

export interface QueueQuery {
  scope?: 'mine' | 'department' | 'agency' | undefined;
  due?: 'today' | 'soon' | 'overdue' | undefined;
  q?: string | undefined;
  page?: number | undefined;
  /** due_asc (default) | due_desc | received_desc */
  sort?: QueueOrder | undefined;
}

export interface OfficerDossier {
  id: string;
  code: string;
  status: number;
  statusLabel: string;
  version: number;
  channel: number;
  source: string;
  procedure: { code: string; name: string; version: number };
  agency: { code: string; name: string };
  applicant: { name: string | null; idNumber: string | null; kind: string };
  formData: Record<string, unknown>;
  files: Array<{ id: string; documentId: string; documentName: string | null; fileId: string; name: string; mediaType: string; sizeBytes: number; uploadedAt: string }>;
  events: Array<{ at: string; status: number; statusLabel: string; action: string; content: string | null; handlerName: string | null; department: string | null; legalEnd: string | null }>;
  controlSheet: ControlSheetEntry[];
  pauses: Array<{ kind: string; startedAt: string; endedAt: string | null; reason: string | null }>;
  workflow: WorkflowView;
  currentStep: number | null;
  submittedAt: string | null;
  receivedAt: string | null;
  dueAt: string | null;
  appointmentAt: string | null;
  finishedAt: string | null;
  returnedAt: string | null;
  returnMethod: string | null;
  timeliness: Timeliness | null;
  feeVnd: number | null;
  dueCategory: DueCategory | null;
  allowedActions: HandlingAction[];
}

export interface WorkflowInput {
  name?: string | undefined;
  steps: Array<{
    name: unknown;
    role: unknown;
    agencyCode?: string | null | undefined;
    departmentCode?: string | null | undefined;
    budget: { value: unknown; unit: unknown };
    actions: unknown;
  }>;
}

function iso(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

function optionalText(value: string | null | undefined): string | null {
  const text = (value ?? '').normalize('NFC').trim();
  return text ? text : null;
}

/** Thrown inside the transaction when the guarded update matched no row. */
class VersionMismatch extends Error {}

interface Loaded {
  dossier: HandledDossier;
  open: StepRow | null;
  workflow: ResolvedWorkflow;
}

interface Plan {
  set: Record<string, unknown>;
  closeStep?: { outcome: string; note: string | null };
  openStep?: { position: number; name: string; role: string; agencyId: string; departmentId: string | null; assigneeId: string | null; dueAt: Date | null };
  /** New due instant of the open row (kept open), after a pause. */
  openStepDue?: Date | null;
  pause?: { kind: 'supplement' | 'payment'; reason: string | null };
  closePause?: boolean;
  content: string;
  summary: Record<string, unknown>;
  extra?: Record<string, unknown>;
}

export class HandlingService {
  private readonly outbox = new OutboxRepository();
  /** The dossier's history (dossier_events) is the dossiers module's table. */
  private readonly history = new DossiersRepository();

  constructor(
    private readonly db: Db,
    private readonly agencies: AgenciesService,
    private readonly audit: AuditService,
    private readonly calendar: CalendarService,
    private readonly repo = new HandlingRepository(),
    /** Where an electronic result goes (record_result with resultFile). */
    private readonly results?: { files: FileStorage; documents: Pick<DocumentsService, 'addResult'> },
  ) {}

  // --- workflows -----------------------------------------------------------------------------------

  /** The workflow of a procedure version: its own, else the default template of its agency (or an ancestor), the global one, or the built-in default. */
  async workflowFor(versionId: string, db: Executor = this.db): Promise<ResolvedWorkflow> {
    const version = await this.repo.versionById(db, versionId);
    if (!version) throw new DomainError('NOT_FOUND');
    const limit = { value: Number(version.time_limit_value), unit: version.time_limit_unit, sameDay: version.same_day };
    const own = await this.repo.workflowOfVersion(db, versionId);
    const row = own ?? (await this.repo.defaultWorkflow(db, version.agency_id));
    if (!row) {
      const rules = defaultWorkflow(limit);
      return { source: 'builtin', name: 'Quy trình mặc định', rules, steps: rules.map((s) => ({ ...s, agencyCode: null, agencyName: null, departmentCode: null, departmentName: null })), timeLimit: limit, warning: checkWorkflow(rules, limit).warning };
    }
    const stepRows = await this.repo.workflowSteps(db, row.id);
    const rules = stepRows.map(stepOfRow);
    return {
      source: own ? 'version' : row.agency_id ? 'agency' : 'global',
      name: row.name,
      rules,
      steps: stepRows.map((r) => ({ ...stepOfRow(r), agencyCode: r.agency_code, agencyName: r.agency_name, departmentCode: r.department_code, departmentName: r.department_name })),
      timeLimit: limit,
      warning: checkWorkflow(rules, limit).warning,
    };
  }

  private async versionFor(actor: Actor | null, code: string, version: number, roles: readonly Role[]) {
    const row = await this.repo.versionByNumber(this.db, code, version);
    if (!row) throw new DomainError('NOT_FOUND');
    await this.agencies.authorize(actor, roles, row.agency_id);
    return row;
  }

  /** A version's workflow (catalog managers, administrators and the officers of the agency). */
  async versionWorkflow(actor: Actor | null, code: string, version: number): Promise<WorkflowView> {
    const row = await this.versionFor(actor, code, version, ['catalog_manager', 'admin', ...HANDLING_ROLES]);
    const { rules: _rules, ...view } = await this.workflowFor(row.id);
    return view;
  }

  /**
   * Replaces a version's workflow (catalog manager of the version's agency). Every problem at once (422); a
   * warning when the budgets do not add up to the legal time limit. Refused while dossiers of the version are in
   * progress (their control sheets follow the workflow) and for retired versions. Audited.
   */
  async replaceWorkflow(actor: Actor | null, code: string, version: number, input: WorkflowInput): Promise<WorkflowView> {
    const row = await this.versionFor(actor, code, version, ['catalog_manager']);
    if (row.status === 'retired') throw new DomainError('WORKFLOW_VERSION_RETIRED');
    const limit = { value: Number(row.time_limit_value), unit: row.time_limit_unit, sameDay: row.same_day };
    const steps = input.steps ?? [];
    const { errors } = checkWorkflow(steps, limit);
    return this.db.transaction().execute(async (tx) => {
      const resolved: Array<{ agency_id: string | null; department_id: string | null }> = [];
      for (const [i, step] of steps.entries()) {
        let agencyId: string | null = null;
        let departmentId: string | null = null;
        const agencyCode = step.agencyCode?.trim();
        if (agencyCode) {
          const agency = await this.repo.activeAgencyByCode(tx, agencyCode);
          if (!agency) errors.push({ path: `/steps/${i}/agencyCode`, code: 'WORKFLOW_AGENCY_UNKNOWN' });
          else agencyId = agency.id === row.agency_id ? null : agency.id;
        }
        const departmentCode = step.departmentCode?.trim();
        if (departmentCode) {
          const department = await this.repo.departmentByCode(tx, agencyId ?? row.agency_id, departmentCode);
          if (!department) errors.push({ path: `/steps/${i}/departmentCode`, code: 'WORKFLOW_DEPARTMENT_UNKNOWN' });
          else departmentId = department.id;
        }
        resolved.push({ agency_id: agencyId, department_id: departmentId });
      }
      if (errors.length) throw new DomainError('VALIDATION_FAILED', undefined, errors);
      const inProgress = await this.repo.countInProgress(tx, row.id);
      if (inProgress > 0) throw new DomainError('WORKFLOW_IN_USE', { count: inProgress });
      const name = optionalText(input.name) ?? 'Quy trình giải quyết';
      await this.repo.replaceVersionWorkflow(
        tx,
        row.id,
        name.slice(0, 300),
        steps.map((s, i) => ({
          position: i + 1,
          name: String(s.name).trim(),
          role: s.role as WorkflowRole,
          agency_id: resolved[i]!.agency_id,
          department_id: resolved[i]!.department_id,
          budget_value: s.budget.value as number,
          budget_unit: s.budget.unit as TimeLimitUnit,
          actions: [...new Set(s.actions as string[])],
        })),
        actor!.id,
      );
      const { rules: _rules, ...view } = await this.workflowFor(row.id, tx);
      await this.audit.record(tx, actor, {
        action: 'workflow.replace',
        targetType: 'procedure_version',
        targetId: row.id,
        agencyId: row.agency_id,
        summary: { procedureCode: code, version, steps: view.steps.map((s) => `${s.position}. ${s.name} (${s.role}, ${s.budget.value} ${s.budget.unit})`), warning: view.warning },
      });
      return view;
    });
  }

  // --- loading and authorisation ---------------------------------------------------------------------

  private async load(db: Executor, id: string): Promise<Loaded | null> {
    if (!UUID.test(id)) return null;
    const dossier = await this.repo.dossier(db, id);
    if (!dossier) return null;
    const [open, workflow] = await Promise.all([this.repo.openStep(db, id), this.workflowFor(dossier.procedure_version_id, db)]);
    return { dossier, open: open ?? null, workflow };
  }

  /** Handling roles (or `roles`) the actor holds on an agency's subtree. */
  private async rolesCovering(actor: Actor, agencyId: string, roles: readonly Role[] = HANDLING_ROLES): Promise<Role[]> {
    const held = [...new Set(actor.roles.map((g) => g.role))].filter((r) => roles.includes(r));
    const out: Role[] = [];
    for (const role of held) {
      try {
        await this.agencies.authorize(actor, [role], agencyId);
        out.push(role);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
      }
    }
    return out;
  }

  /**
   * Who the actor is for this dossier. Applicants: their own dossiers only. Officers: handling roles on the
   * dossier's agency or on the current step's agency (inter-agency); for reading, inspectors and administrators
   * too. Anyone else: NOT_FOUND.
   */
  private async whoFor(actor: Actor | null, loaded: Loaded, purpose: 'act' | 'read'): Promise<Who> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    const d = loaded.dossier;
    if (actor.kind !== 'staff') {
      if (d.applicant_id !== actor.id) throw new DomainError('NOT_FOUND');
      return { kind: 'applicant', own: true };
    }
    const rolesOnAgency = await this.rolesCovering(actor, d.agency_id);
    const stepAgency = loaded.open?.agency_id;
    const rolesOnStep = stepAgency && stepAgency !== d.agency_id ? await this.rolesCovering(actor, stepAgency) : rolesOnAgency;
    if (!rolesOnAgency.length && !rolesOnStep.length) {
      if (purpose === 'read' && (await this.rolesCovering(actor, d.agency_id, READ_ROLES)).length) return { kind: 'officer', rolesOnAgency: [], rolesOnStep: [] };
      throw new DomainError('NOT_FOUND');
    }
    return { kind: 'officer', rolesOnAgency, rolesOnStep };
  }

  /**
   * The workflow position the dossier is at: its open control-sheet row, else (a dossier received without a row,
   * e.g. imported) the recorded current step or the first one while in progress.
   */
  private position(loaded: Loaded): number | null {
    if (loaded.open) return loaded.open.position;
    const d = loaded.dossier;
    if (![2, 4, 5, 6].includes(d.status!)) return null;
    return d.current_step ?? loaded.workflow.rules[0]?.position ?? null;
  }

  private stateOf(loaded: Loaded): DossierState {
    const { dossier, open, workflow } = loaded;
    const position = this.position(loaded);
    const step = position === null ? undefined : workflow.rules.find((s) => s.position === position);
    const current = open
      ? { position: open.position, name: open.name, role: open.role as WorkflowRole, actions: step?.actions ?? [] }
      : step
        ? { position: step.position, name: step.name, role: step.role, actions: step.actions }
        : null;
    return {
      status: dossier.status as DossierStatus,
      received: dossier.received_at !== null,
      step: current,
      hasNextStep: position !== null && !!nextStepOf(workflow.rules, position),
      hasPreviousStep: position !== null && workflow.rules.some((s) => s.position < position),
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
    const loaded = await this.load(this.db, dossierId);
    if (!loaded) throw new DomainError('NOT_FOUND');
    const who = await this.whoFor(actor, loaded, 'act');
    // The citizen's pages act for the applicant only; an officer (even one who may withdraw) gets NOT_FOUND there.
    if (side === 'applicant' && who.kind !== 'applicant') throw new DomainError('NOT_FOUND');
    const d = loaded.dossier;
    const state = this.stateOf(loaded);
    if (input.expectedVersion !== undefined && input.expectedVersion !== d.version) {
      throw new ActionConflict('DOSSIER_CHANGED', action, d.status!, allowedActions(state, who), d.version);
    }
    const next = decide(state, who, action);
    const plan = await this.plan(actor, loaded, action, next, input, now);
    const departmentName = actor.kind === 'staff' ? ((await this.repo.departmentName(this.db, actor.departmentId))?.name ?? null) : null;
    const previousStatus = d.status!;
    try {
      await this.db.transaction().execute(async (tx) => {
        if (!(await this.repo.guardedUpdate(tx, d.id, d.version, { status: next, ...plan.set }))) throw new VersionMismatch();
        if (action === 'record_result' && input.resultFile) {
          if (!this.results) throw new Error('record_result with a result file needs the files and documents services');
          const file = await this.results.files.commit(tx, { ...input.resultFile.staged, originalName: input.resultFile.name }, { mediaType: input.resultFile.mediaType, createdBy: actor.id });
          const title = optionalText(input.resultFile.title) ?? `Kết quả giải quyết hồ sơ ${d.code}: ${d.procedure_name}`;
          await this.results.documents.addResult(tx, { accountId: d.applicant_id, organisationId: d.organisation_id, fileId: file.id, title: title.slice(0, 500), dossierId: d.id });
        }
        if (plan.closePause) await this.repo.closePause(tx, d.id, now);
        if (plan.pause) await this.repo.insertPause(tx, { dossier_id: d.id, kind: plan.pause.kind, started_at: now, reason: plan.pause.reason });
        if (loaded.open && plan.closeStep) {
          await this.repo.closeStep(tx, loaded.open.id, { finished_at: now, result: gradeStep(now, loaded.open.due_at), outcome: plan.closeStep.outcome, note: plan.closeStep.note });
        } else if (loaded.open && plan.openStepDue !== undefined) {
          await this.repo.setStepDue(tx, loaded.open.id, plan.openStepDue);
        }
        if (plan.openStep) {
          const s = plan.openStep;
          await this.repo.insertStep(tx, {
            dossier_id: d.id,
            position: s.position,
            name: s.name,
            role: s.role,
            agency_id: s.agencyId,
            department_id: s.departmentId,
            assignee_id: s.assigneeId,
            handed_over_by: actor.id,
            started_at: now,
            due_at: s.dueAt,
          });
        }
        const dueAt = (plan.set.due_at as Date | undefined) ?? d.due_at;
        await this.history.insertEvent(tx, {
          dossier_id: d.id,
          at: now,
          actor_id: actor.id,
          status: next,
          action,
          content: plan.content,
          handler_name: actor.fullName,
          department: departmentName,
          legal_end: dueAt,
        });
        await this.outbox.insert(tx, 'dossier.status', {
          dossierId: d.id,
          code: d.code,
          agencyId: d.agency_id,
          applicantId: d.applicant_id,
          status: next,
          previousStatus,
          action,
          at: now.toISOString(),
          content: plan.content,
          dueAt: iso(dueAt),
          appointmentAt: iso((plan.set.appointment_at as Date | undefined) ?? d.appointment_at),
          ...(plan.extra ?? {}),
        });
        await this.audit.record(
          tx,
          actor,
          { action: `dossier.${action}`, targetType: 'dossier', targetId: d.id, agencyId: d.agency_id, summary: { code: d.code, from: previousStatus, to: next, ...plan.summary } },
          actor.ip ?? null,
        );
      });
    } catch (error) {
      if (error instanceof VersionMismatch) throw await this.changed(actor, d.id, action);
      throw error;
    }
    const after = (await this.load(this.db, d.id))!;
    let allowed: HandlingAction[] = [];
    try {
      allowed = allowedActions(this.stateOf(after), await this.whoFor(actor, after, 'act'));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
    const a = after.dossier;
    return {
      id: a.id,
      code: a.code!,
      action,
      previousStatus,
      status: a.status!,
      statusLabel: statusLabel(a.status),
      version: a.version,
      receivedAt: iso(a.received_at),
      dueAt: iso(a.due_at),
      appointmentAt: iso(a.appointment_at),
      finishedAt: iso(a.finished_at),
      timeliness: a.timeliness,
      allowedActions: allowed,
    };
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

  private async stepDue(step: WorkflowStep | undefined, from: Date, agencyId: string, pauses: Array<{ from: Date; to: Date }> = []): Promise<Date | null> {
    if (!step) return null;
    return this.due(from, step.budget, agencyId, pauses);
  }

  /** The control-sheet row a hand-over opens at `step` (agency/department/assignee as chosen or as the step says). */
  private async handOver(
    loaded: Loaded,
    step: WorkflowStep,
    choice: { agencyCode?: string | undefined; departmentCode?: string | undefined; assigneeId?: string | undefined },
    now: Date,
    fallback?: StepRow,
  ): Promise<NonNullable<Plan['openStep']>> {
    const d = loaded.dossier;
    const errors: FieldError[] = [];
    let agencyId = fallback?.agency_id ?? step.agencyId ?? d.agency_id;
    let departmentId = fallback ? fallback.department_id : step.departmentId;
    let assigneeId = fallback?.assignee_id ?? null;
    if (choice.agencyCode?.trim()) {
      const agency = await this.repo.activeAgencyByCode(this.db, choice.agencyCode.trim());
      if (!agency) errors.push({ path: '/agencyCode', code: 'WORKFLOW_AGENCY_UNKNOWN' });
      else if (agency.id !== agencyId) {
        agencyId = agency.id;
        departmentId = null;
        assigneeId = null;
      }
    }
    if (choice.departmentCode?.trim()) {
      const department = await this.repo.departmentByCode(this.db, agencyId, choice.departmentCode.trim());
      if (!department) errors.push({ path: '/departmentCode', code: 'WORKFLOW_DEPARTMENT_UNKNOWN' });
      else departmentId = department.id;
    }
    if (choice.assigneeId) {
      const officer = UUID.test(choice.assigneeId) ? await this.repo.staffOf(this.db, choice.assigneeId, agencyId) : undefined;
      if (!officer) errors.push({ path: '/assigneeId', code: 'WORKFLOW_ASSIGNEE_UNKNOWN' });
      else assigneeId = officer.id;
    }
    if (errors.length) throw new DomainError('VALIDATION_FAILED', undefined, errors);
    return { position: step.position, name: step.name, role: step.role, agencyId, departmentId, assigneeId, dueAt: await this.stepDue(step, now, agencyId) };
  }

  /** What the action changes (computed before the transaction; the guarded update decides whether it applies). */
  private async plan(actor: Actor, loaded: Loaded, action: HandlingAction, next: DossierStatus, input: ActInput, now: Date): Promise<Plan> {
    const d = loaded.dossier;
    const steps = loaded.workflow.rules;
    const limit = { value: Number(d.time_limit_value), unit: d.time_limit_unit, sameDay: d.same_day };
    const note = optionalText(input.note);
    const finishing: Record<string, unknown> = isFinishing(next) ? { finished_at: now } : {};
    switch (action) {
      case 'accept': {
        const dueAt = await this.due(now, limit, d.agency_id);
        const first = steps[0];
        // The catalog lists alternative fees (by kind of work, …): the lowest is what is due at least; the
        // officer sets the exact amount with request_payment.
        const amounts = (d.fees ?? []).map((f) => Number(f.amountVnd)).filter((n) => Number.isFinite(n) && n >= 0);
        const feeVnd = amounts.length ? Math.min(...amounts) : 0;
        const openStep = first
          ? { ...(await this.handOver(loaded, first, {}, now)), assigneeId: first.role === 'receptionist' || actor.roles.some((g) => g.role === first.role) ? actor.id : null }
          : undefined;
        if (openStep && openStep.departmentId === null && first?.role === 'receptionist') openStep.departmentId = actor.departmentId;
        return {
          set: {
            received_at: now,
            due_at: dueAt,
            appointment_at: dueAt,
            fee_vnd: feeVnd,
            current_step: openStep?.position ?? null,
            department_id: openStep?.departmentId ?? null,
            assignee_id: openStep?.assigneeId ?? null,
          },
          ...(openStep ? { openStep } : {}),
          content: `Tiếp nhận hồ sơ; hẹn trả kết quả ${formatDateTime(dueAt)}${note ? `. ${note}` : ''}`,
          summary: { dueAt: dueAt.toISOString(), feeVnd },
          extra: { receivedAt: now.toISOString() },
        };
      }
      case 'request_supplement': {
        const items = supplementItems(input.items);
        const list = items.map((item, i) => `${i + 1}. ${item}`).join('; ');
        return {
          set: { paused_at: now },
          pause: { kind: 'supplement', reason: items.join('\n') },
          content: `Yêu cầu bổ sung hồ sơ: ${list}${note ? `. ${note}` : ''}`,
          summary: { items },
          extra: { items },
        };
      }
      case 'refuse': {
        const reasons = (input.reasons ?? []).map((r) => (typeof r === 'string' ? r.normalize('NFC').trim() : '')).filter(Boolean);
        if (!reasons.length) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/reasons', code: 'required' }]);
        return { set: { ...finishing }, content: `Không tiếp nhận hồ sơ. Lý do: ${reasons.join('; ')}`, summary: { reasons }, extra: { reasons } };
      }
      case 'forward': {
        const open = { position: this.position(loaded)! };
        let target: WorkflowStep | null | undefined;
        if (input.toStep !== undefined) {
          target = steps.find((s) => s.position === input.toStep);
          if (!target || target.position === open.position) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/toStep', code: 'WORKFLOW_STEP_UNKNOWN' }]);
          if (isReturnStep(target)) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/toStep', code: 'WORKFLOW_STEP_IS_RETURN' }]);
        } else target = nextStepOf(steps, open.position);
        if (!target) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/toStep', code: 'WORKFLOW_STEP_UNKNOWN' }]);
        const openStep = await this.handOver(loaded, target, input, now);
        const department = (await this.repo.departmentName(this.db, openStep.departmentId))?.name;
        return {
          set: { current_step: openStep.position, department_id: openStep.departmentId, assignee_id: openStep.assigneeId },
          closeStep: { outcome: 'forward', note },
          openStep,
          content: `Chuyển xử lý: ${target.name}${department ? ` (${department})` : ''}${note ? `. ${note}` : ''}`,
          summary: { toStep: target.position, agencyId: openStep.agencyId, departmentId: openStep.departmentId, assigneeId: openStep.assigneeId },
          extra: { step: target.name, stepAgencyId: openStep.agencyId },
        };
      }
      case 'send_back': {
        const open = { position: this.position(loaded)! };
        const reason = requiredText(input.reason, '/reason');
        const position = input.toStep ?? Math.max(...steps.filter((s) => s.position < open.position).map((s) => s.position));
        const target = steps.find((s) => s.position === position);
        if (!target) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/toStep', code: 'WORKFLOW_STEP_UNKNOWN' }]);
        if (target.position >= open.position) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/toStep', code: 'WORKFLOW_STEP_NOT_BEFORE' }]);
        const previous = await this.repo.lastStepAt(this.db, d.id, target.position);
        const openStep = await this.handOver(loaded, target, {}, now, previous);
        return {
          set: { current_step: openStep.position, department_id: openStep.departmentId, assignee_id: openStep.assigneeId },
          closeStep: { outcome: 'send_back', note: reason },
          openStep,
          content: `Trả lại bước "${target.name}". Lý do: ${reason}`,
          summary: { toStep: target.position, reason },
          extra: { step: target.name, reason },
        };
      }
      case 'request_payment': {
        const amount = input.amountVnd;
        return {
          set: { paused_at: now, ...(amount !== undefined ? { fee_vnd: amount } : {}) },
          pause: { kind: 'payment', reason: note },
          content: `Yêu cầu thực hiện nghĩa vụ tài chính${amount !== undefined ? `: ${amount.toLocaleString('vi-VN')} đồng` : ''}${note ? `. ${note}` : ''}`,
          summary: { amountVnd: amount ?? null },
          extra: { amountVnd: amount ?? Number(d.fee_vnd ?? 0) },
        };
      }
      case 'resume':
      case 'respond_supplement': {
        const set: Record<string, unknown> = { paused_at: null };
        let openStepDue: Date | null | undefined;
        if (d.received_at) {
          const pauses = (await this.repo.pauses(this.db, d.id)).map((p) => ({ from: p.started_at, to: p.ended_at ?? now }));
          const dueAt = await this.due(d.received_at, limit, d.agency_id, pauses);
          set.due_at = dueAt;
          const appointment = d.appointment_at;
          set.appointment_at = !appointment || !d.due_at || appointment.getTime() === d.due_at.getTime() || appointment.getTime() < dueAt.getTime() ? dueAt : appointment;
          if (loaded.open) {
            const step = steps.find((s) => s.position === loaded.open!.position);
            const since = pauses.filter((p) => p.to.getTime() > loaded.open!.started_at.getTime());
            openStepDue = await this.stepDue(step, loaded.open.started_at, loaded.open.agency_id, since);
          }
        }
        const content = action === 'respond_supplement' ? `Công dân nộp bổ sung hồ sơ${note ? `: ${note}` : ''}` : `Tiếp tục xử lý hồ sơ${note ? `: ${note}` : ''}`;
        return {
          set,
          closePause: true,
          ...(openStepDue !== undefined ? { openStepDue } : {}),
          content,
          summary: { note, pausedFrom: iso(d.paused_at) },
        };
      }
      case 'apologise': {
        const hours = await this.calendar.workingHoursOf(d.agency_id);
        const newAppointment = parseAppointment(input.newAppointment, hours.closes);
        if (input.newAppointment && !newAppointment) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/newAppointment', code: 'format', params: { format: 'date' } }]);
        checkApology({ reason: input.reason, newAppointment }, { appointmentAt: d.appointment_at, dueAt: d.due_at }, now, formatDateTime);
        const reason = input.reason!.trim();
        return {
          set: { appointment_at: newAppointment },
          content: `Văn bản xin lỗi và hẹn lại ngày trả kết quả: ${formatDateTime(newAppointment)}. Lý do: ${reason}`,
          summary: { reason, previousAppointment: iso(d.appointment_at), newAppointment: newAppointment!.toISOString() },
          extra: { reason, newAppointment: newAppointment!.toISOString() },
        };
      }
      case 'stop': {
        const reason = requiredText(input.reason, '/reason');
        return {
          set: { ...finishing, paused_at: null },
          closePause: true,
          closeStep: { outcome: 'stop', note: reason },
          content: `Dừng xử lý hồ sơ. Lý do: ${reason}`,
          summary: { reason },
          extra: { reason },
        };
      }
      case 'record_result': {
        const grade = d.due_at ? timeliness(now, d.due_at) : null;
        const returnStep = returnStepAfter(steps, this.position(loaded) ?? 0);
        const openStep = returnStep ? await this.handOver(loaded, returnStep, {}, now) : undefined;
        return {
          set: {
            ...finishing,
            timeliness: grade,
            electronic_result: input.resultFile ? true : (input.electronicResult ?? false),
            current_step: openStep?.position ?? null,
            department_id: openStep?.departmentId ?? null,
            assignee_id: null,
          },
          closeStep: { outcome: 'record_result', note },
          ...(openStep ? { openStep } : {}),
          content: `Đã có kết quả giải quyết hồ sơ${note ? `: ${note}` : ''}`,
          summary: { timeliness: grade, electronicResult: input.resultFile ? true : (input.electronicResult ?? false), ...(input.resultFile ? { resultFile: input.resultFile.name } : {}) },
          extra: { timeliness: grade },
        };
      }
      case 'return_result': {
        const method = input.method;
        if (!method) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/method', code: 'required' }]);
        const label = { counter: 'tại Bộ phận Một cửa', post: 'qua dịch vụ bưu chính công ích', online: 'trực tuyến' }[method];
        return {
          set: { returned_at: now, return_method: method, current_step: null, assignee_id: null },
          closeStep: { outcome: 'return_result', note },
          content: `Đã trả kết quả ${label}${note ? `. ${note}` : ''}`,
          summary: { method },
          extra: { method },
        };
      }
      case 'withdraw': {
        const reason = optionalText(input.reason);
        return {
          set: { ...finishing, paused_at: null },
          closePause: true,
          closeStep: { outcome: 'withdraw', note: reason },
          content: `Rút hồ sơ theo yêu cầu của người nộp${reason ? `. Lý do: ${reason}` : ''}`,
          summary: { reason, byApplicant: actor.kind !== 'staff' },
          extra: { reason },
        };
      }
    }
  }

  // --- reading -------------------------------------------------------------------------------------

  /** The control sheet (form 06) of a dossier: officers in scope, and the applicant. */
  async controlSheet(actor: Actor | null, dossierId: string): Promise<ControlSheetEntry[]> {
    const loaded = await this.load(this.db, dossierId);
    if (!loaded) throw new DomainError('NOT_FOUND');
    await this.whoFor(actor, loaded, 'read');
    return (await this.repo.controlSheet(this.db, dossierId)).map(sheetEntry);
  }

  /** What the officer's dossier page shows: form data, files, history, control sheet, and the actions allowed to this officer. */
  async detail(actor: Actor | null, dossierId: string, now = new Date()): Promise<OfficerDossier> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (actor.kind !== 'staff') throw new DomainError('NOT_FOUND');
    const loaded = await this.load(this.db, dossierId);
    if (!loaded) throw new DomainError('NOT_FOUND');
    const who = await this.whoFor(actor, loaded, 'read');
    const d = loaded.dossier;
    const [files, events, sheet, pauses, soonLimit] = await Promise.all([
      this.repo.files(this.db, d.id),
      this.history.eventsOf(this.db, d.id),
      this.repo.controlSheet(this.db, d.id),
      this.repo.pauses(this.db, d.id),
      this.soonLimit(now, d.agency_id),
    ]);
    const { rules: _rules, ...workflow } = loaded.workflow;
    return {
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
      events: events.map((e) => ({ at: iso(e.at)!, status: e.status, statusLabel: statusLabel(e.status), action: e.action, content: e.content, handlerName: e.handler_name, department: e.department, legalEnd: iso(e.legal_end) })),
      controlSheet: sheet.map(sheetEntry),
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
      dueCategory: [2, 4, 5, 6].includes(d.status!) ? dueCategory(d.due_at, now, soonLimit) : null,
      allowedActions: allowedActions(this.stateOf(loaded), who),
    };
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
        dueCategory: [2, 4, 5, 6].includes(r.status) ? dueCategory(r.due_at, now, soonLimit) : null,
        step: r.step_name ? { name: r.step_name, role: r.step_role!, dueAt: iso(r.step_due_at) } : null,
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

function stepOfRow(r: WorkflowStepRow): WorkflowStep {
  return {
    position: r.position,
    name: r.name,
    role: r.role,
    agencyId: r.agency_id,
    departmentId: r.department_id,
    budget: { value: Number(r.budget_value), unit: r.budget_unit },
    actions: r.actions.filter(isAction),
  };
}

function sheetEntry(r: ControlSheetRow): ControlSheetEntry {
  return {
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
