// Use cases of the yearly PAR plan (kế hoạch cải cách hành chính): an agency's plan for a year, its tasks grouped by
// the fields of the year's PAR Index criteria set, the owner departments' progress reports with evidence, the
// completion figures by field and department, reminders before and after deadlines, and the evidence offered to the
// agency's PAR self-assessment (parindex.ports.ts PlanEvidencePort, wired in src/container.ts).
//
// Who: the plan's agency leaders and administrators (PLAN_ROLES on the agency; a grant above covers it) create plans
// and tasks and cancel tasks; every staff account of the agency (or above) reads the plan; a task's progress is
// reported only by staff of its owner department (PARPLAN_NOT_OWNER otherwise).
import { DomainError, type FieldError } from '../../core/errors.ts';
import type { Actor } from '../../core/actor.ts';
import { DEFAULT_LOCALE, registerMessages, translate, type Locale } from '../../core/i18n.ts';
import { countReminders, runReminders } from '../../core/reminders.ts';
import { formatDate } from '../../core/text.ts';
import { vietnamDate } from '../../core/time.ts';
import type { Db } from '../../db/database.ts';
import type { Role } from '../../db/schema.ts';
import type { AgenciesService, TreeEntry } from '../agencies/agencies.service.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { CalendarService } from '../calendar/calendar.service.ts';
import type { FileStorage, OpenedFile, StagedFile } from '../files/files.service.ts';
import { accepts, inspectUpload, storedName } from '../files/files.inspect.ts';
import { attachmentMediaType } from '../files/files.inspect.rules.ts';
import type { MailService } from '../mail/mail.service.ts';
import { paragraphsMail } from '../mail/mail.rules.ts';
import type { ParIndexService } from '../parindex/parindex.service.ts';
import type { StaffService } from '../staff/staff.service.ts';
import { ParPlanRepository, type EvidenceItem, type PlanRow, type ReportRow, type TaskRow } from './parplan.repository.ts';
import { applyReport, planCompletion, REMIND_WORKING_DAYS, reminderKind, taskProblems, type Completion, type TaskInput } from './parplan.rules.ts';
import './parplan.errors.ts';
import { parplanMessages } from './parplan.messages.ts';

// The e-mails of the reminders are rendered here (a job, without the routes loaded).
registerMessages(parplanMessages);

export const PLAN_ROLES: readonly Role[] = ['agency_leader', 'admin'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface PlanField {
  code: string;
  name: string;
  nameEn: string | null;
}

export interface PlanDetail {
  plan: PlanRow;
  fields: PlanField[];
  tasks: TaskRow[];
  departments: Array<{ id: string; name: string }>;
  completion: { plan: Completion; byField: Map<string, Completion>; byDepartment: Map<string, Completion> };
  today: string;
  /** The actor may add and cancel tasks. */
  manage: boolean;
}

export interface TaskDetail {
  plan: PlanRow;
  task: TaskRow;
  field: PlanField | null;
  reports: ReportRow[];
  /** The actor may report progress (staff of the owner department, task open). */
  report: boolean;
  manage: boolean;
}

function invalid(errors: FieldError[]): never {
  throw new DomainError(errors[0]!.code, errors[0]!.params, errors);
}

export class ParPlanService {
  constructor(
    private readonly db: Db,
    private readonly agencies: AgenciesService,
    private readonly parIndex: ParIndexService,
    private readonly staff: StaffService,
    private readonly calendar: CalendarService,
    private readonly mail: MailService,
    private readonly audit: AuditService,
    private readonly files: FileStorage,
    private readonly options: { maxFileBytes: number; baseUrl: string },
    private readonly repo = new ParPlanRepository(),
  ) {}

  // Access ---------------------------------------------------------------------------------------------

  private requireStaff(actor: Actor | null): Actor {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (actor.kind !== 'staff') throw new DomainError('FORBIDDEN');
    return actor;
  }

  /** Reads: staff of the plan's agency or of an agency above it; managers: PLAN_ROLES covering the agency. */
  private async access(actor: Actor | null, plan: PlanRow): Promise<{ actor: Actor; manage: boolean }> {
    const by = this.requireStaff(actor);
    const held = (await this.agencies.rolesOn(by, [plan.agency_id])).get(plan.agency_id) ?? new Set<Role>();
    const manage = [...held].some((r) => PLAN_ROLES.includes(r));
    const member = by.agencyId === plan.agency_id || held.size > 0;
    // Not the actor's agency: the plan does not exist for them (no leak of other agencies' plans).
    if (!member) throw new DomainError('PARPLAN_UNKNOWN');
    return { actor: by, manage };
  }

  /** The plan (PARPLAN_UNKNOWN when there is none); who asks is checked first, so a citizen learns nothing. */
  private async loadPlan(actor: Actor | null, id: string): Promise<PlanRow> {
    this.requireStaff(actor);
    const plan = UUID.test(id) ? await this.repo.plan(this.db, id) : undefined;
    if (!plan) throw new DomainError('PARPLAN_UNKNOWN');
    return plan;
  }

  private async loadTask(actor: Actor | null, id: string): Promise<{ plan: PlanRow; task: TaskRow }> {
    this.requireStaff(actor);
    const task = UUID.test(id) ? await this.repo.task(this.db, id) : undefined;
    if (!task) throw new DomainError('PARPLAN_TASK_UNKNOWN');
    return { plan: await this.loadPlan(actor, task.plan_id), task };
  }

  private async fields(setId: string): Promise<PlanField[]> {
    const { nodes } = await this.parIndex.set(setId);
    return nodes.filter((n) => n.depth === 1).map((n) => ({ code: n.code, name: n.name, nameEn: n.nameEn }));
  }

  // Reading ----------------------------------------------------------------------------------------------

  /** The plans the actor may read (their agency's and, for managers, their subtree's), newest year first; the agencies they may plan for. */
  async list(actor: Actor | null, year: number | null = null): Promise<{ plans: PlanRow[]; manageable: TreeEntry[] }> {
    const by = this.requireStaff(actor);
    const manageable = await this.agencies.scopeTree(by, PLAN_ROLES);
    const scope = new Set(await this.agencies.scopeOf(by, PLAN_ROLES));
    if (by.agencyId) scope.add(by.agencyId);
    return { plans: await this.repo.list(this.db, [...scope], year), manageable };
  }

  /** The criteria sets a plan may group its tasks by (every year's; the form picks the plan's year). */
  sets() {
    return this.parIndex.sets();
  }

  async detail(actor: Actor | null, id: string, now = new Date()): Promise<PlanDetail> {
    const plan = await this.loadPlan(actor, id);
    const { manage } = await this.access(actor, plan);
    const [fields, tasks, departments] = await Promise.all([this.fields(plan.set_id), this.repo.tasksOf(this.db, plan.id), this.agencies.departmentsOf(plan.agency_id)]);
    const today = vietnamDate(now);
    const completion = planCompletion(
      tasks.map((t) => ({
        fieldCode: t.field_code,
        ownerDepartmentId: t.owner_department_id,
        deadline: t.deadline,
        status: t.status,
        progress: t.progress,
        completedDay: t.completed_at ? vietnamDate(t.completed_at) : null,
      })),
      today,
      fields.map((f) => f.code),
    );
    return { plan, fields, tasks, departments: departments.map((d) => ({ id: d.id, name: d.name })), completion, today, manage };
  }

  async task(actor: Actor | null, id: string): Promise<TaskDetail> {
    const { plan, task } = await this.loadTask(actor, id);
    const { actor: by, manage } = await this.access(actor, plan);
    const [fields, reports] = await Promise.all([this.fields(plan.set_id), this.repo.reports(this.db, task.id)]);
    return {
      plan,
      task,
      field: fields.find((f) => f.code === task.field_code) ?? null,
      reports,
      report: task.status === 'open' && by.departmentId === task.owner_department_id,
      manage,
    };
  }

  async evidenceFile(actor: Actor | null, taskId: string, reportId: string): Promise<OpenedFile> {
    const { plan, task } = await this.loadTask(actor, taskId);
    await this.access(actor, plan);
    const report = UUID.test(reportId) ? await this.repo.report(this.db, task.id, reportId) : undefined;
    const opened = report?.file_id ? await this.files.open(report.file_id) : null;
    if (!opened) throw new DomainError('NOT_FOUND');
    return opened;
  }

  // Writing ----------------------------------------------------------------------------------------------

  async create(actor: Actor | null, input: { agency: string; year: number; setId: string; title: string }): Promise<PlanRow> {
    const by = this.requireStaff(actor);
    const errors: FieldError[] = [];
    const code = input.agency.trim().toUpperCase();
    const found = /^[A-Z0-9.]{2,40}$/.test(code) ? await this.agencies.current(code) : undefined;
    const agencyId = found && !found.redirect ? found.agency.id : null;
    if (!agencyId || !(await this.agencies.scopeOf(by, PLAN_ROLES)).includes(agencyId)) errors.push({ path: '/agency', code: 'PARPLAN_AGENCY_UNKNOWN' });
    if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100) errors.push({ path: '/year', code: 'PAR_YEAR_INVALID' });
    const title = input.title.trim();
    if (!title || title.length > 300) errors.push({ path: '/title', code: 'PARPLAN_TITLE' });
    const set = UUID.test(input.setId) ? (await this.parIndex.sets()).find((s) => s.id === input.setId) : undefined;
    if (!set || set.year !== input.year) errors.push({ path: '/setId', code: 'PARPLAN_SET_UNKNOWN' });
    if (errors.length) invalid(errors);
    const id = await this.db.transaction().execute(async (tx) => {
      const planId = await this.repo.insertPlan(tx, { agencyId: agencyId!, year: input.year, setId: input.setId, title, by: by.id });
      await this.audit.record(tx, by, { action: 'parplan.create', targetType: 'par_plan', targetId: planId, agencyId: agencyId!, summary: { year: input.year, title } });
      return planId;
    });
    return (await this.repo.plan(this.db, id))!;
  }

  async addTask(actor: Actor | null, planId: string, input: TaskInput): Promise<TaskRow> {
    const plan = await this.loadPlan(actor, planId);
    const { actor: by, manage } = await this.access(actor, plan);
    if (!manage) throw new DomainError('FORBIDDEN');
    const [fields, departments] = await Promise.all([this.fields(plan.set_id), this.agencies.departmentsOf(plan.agency_id)]);
    const clean: TaskInput = { ...input, title: input.title.trim(), expectedOutput: input.expectedOutput.trim() };
    const errors = taskProblems(clean, { year: plan.year, fieldCodes: fields.map((f) => f.code), departmentIds: departments.map((d) => d.id) });
    if (errors.length) throw new DomainError('PARPLAN_TASK_INVALID', undefined, errors);
    const id = await this.db.transaction().execute(async (tx) => {
      const taskId = await this.repo.insertTask(tx, { planId: plan.id, ...clean });
      await this.audit.record(tx, by, { action: 'parplan.task.add', targetType: 'par_plan', targetId: plan.id, agencyId: plan.agency_id, summary: { task: taskId, title: clean.title, deadline: clean.deadline } });
      return taskId;
    });
    return (await this.repo.task(this.db, id))!;
  }

  async cancelTask(actor: Actor | null, taskId: string): Promise<TaskRow> {
    const { plan, task } = await this.loadTask(actor, taskId);
    const { actor: by, manage } = await this.access(actor, plan);
    if (!manage) throw new DomainError('FORBIDDEN');
    await this.db.transaction().execute(async (tx) => {
      const current = (await this.repo.task(tx, task.id, true))!;
      if (current.status !== 'open') throw new DomainError('PARPLAN_TASK_CLOSED', { status: current.status });
      await this.repo.setTaskState(tx, task.id, { status: 'cancelled', progress: current.progress, completedAt: null });
      await this.audit.record(tx, by, { action: 'parplan.task.cancel', targetType: 'par_plan', targetId: plan.id, agencyId: plan.agency_id, summary: { task: task.id, title: task.title } });
    });
    return (await this.repo.task(this.db, task.id))!;
  }

  /**
   * A progress report by staff of the owner department, with an optional evidence file (content-checked like every
   * upload): 100% completes the task, which then needs evidence when it requires it (parplan.rules.ts applyReport).
   */
  async report(actor: Actor | null, taskId: string, input: { progress: number; note: string }, staged: StagedFile | null = null, now = new Date()): Promise<TaskRow> {
    const { plan, task } = await this.loadTask(actor, taskId);
    const { actor: by } = await this.access(actor, plan);
    if (by.departmentId !== task.owner_department_id) throw new DomainError('PARPLAN_NOT_OWNER');
    const note = input.note.trim();
    const withFile = !!staged && staged.sizeBytes > 0;
    // The rules first (cheap), the file's inspection only for a report that can be accepted.
    const precheck = applyReport(
      { status: task.status, progress: task.progress, evidenceRequired: task.evidence_required, hasEvidence: await this.repo.hasEvidence(this.db, task.id) },
      { progress: input.progress, note, withFile },
    );
    if (!precheck.ok) throw new DomainError(precheck.errors[0]!.code, precheck.errors[0]!.params, precheck.errors);
    let file: { staged: StagedFile; mediaType: string; name: string } | null = null;
    if (withFile) {
      if (staged.truncated || staged.sizeBytes > this.options.maxFileBytes) invalid([{ path: '/file', code: 'maxLength', params: { limit: this.options.maxFileBytes } }]);
      const detected = await inspectUpload(this.files.inspector, staged.tempPath, 'attachment', staged.originalName, { field: '/file' });
      const mediaType = accepts('attachment', detected) ? attachmentMediaType(detected) : null;
      if (!mediaType) invalid([{ path: '/file', code: 'PARPLAN_FILE_TYPE' }]);
      file = { staged, mediaType, name: storedName(staged.originalName, detected!).slice(0, 255) || 'minh-chung' };
    }
    await this.db.transaction().execute(async (tx) => {
      const current = (await this.repo.task(tx, task.id, true))!;
      const outcome = applyReport(
        { status: current.status, progress: current.progress, evidenceRequired: current.evidence_required, hasEvidence: await this.repo.hasEvidence(tx, task.id) },
        { progress: input.progress, note, withFile },
      );
      if (!outcome.ok) throw new DomainError(outcome.errors[0]!.code, outcome.errors[0]!.params, outcome.errors);
      const stored = file ? await this.files.commit(tx, file.staged, { mediaType: file.mediaType, createdBy: by.id }) : null;
      await this.repo.insertReport(tx, { taskId: task.id, by: by.id, progress: input.progress, note, fileId: stored?.id ?? null, fileName: stored ? file!.name : null });
      await this.repo.setTaskState(tx, task.id, { status: outcome.status, progress: outcome.progress, completedAt: outcome.completes ? now : null });
      await this.audit.record(tx, by, {
        action: 'parplan.task.report',
        targetType: 'par_plan',
        targetId: plan.id,
        agencyId: plan.agency_id,
        summary: { task: task.id, progress: input.progress, ...(stored ? { sha256: stored.sha256 } : {}) },
      });
    });
    return (await this.repo.task(this.db, task.id))!;
  }

  // Reminders (job parplan.remind) -------------------------------------------------------------------------

  /**
   * E-mails the owner department's staff once when a task's deadline is REMIND_WORKING_DAYS working days away (on the
   * agency's calendar) and once when it has passed.
   */
  async remind(now = new Date(), batch = 200): Promise<{ soon: number; overdue: number }> {
    const today = vietnamDate(now);
    // Every open task due within ~2 months is a candidate; the agency's calendar decides "soon".
    const bound = vietnamDate(now.getTime() + 60 * 86_400_000);
    const outcomes = await runReminders(this.db, {
      items: await this.repo.dueOpen(this.db, bound, batch),
      agencyOf: (item) => item.agency_id,
      limitOf: async (agencyId) => vietnamDate(await this.calendar.dueAt({ from: now, workingDays: REMIND_WORKING_DAYS, agencyId })),
      lock: (tx, item) => this.repo.task(tx, item.id, true),
      kindOf: (task, soonDay) => reminderKind({ status: task.status, deadline: task.deadline, remindedAt: task.reminded_at, overdueAt: task.overdue_at }, today, soonDay),
      // The department's staff are read before the task's transaction, outside it.
      prepare: (item) => this.staff.departmentContacts(item.owner_department_id),
      send: async (tx, row, kind, contacts = []) => {
        const url = `${this.options.baseUrl}/quan-tri/ke-hoach-cchc/nhiem-vu/${row.id}`;
        for (const c of contacts) {
          const locale: Locale = c.locale ?? DEFAULT_LOCALE;
          const params = { title: row.title, deadline: formatDate(row.deadline) };
          await this.mail.queue(tx, { to: c.email, subject: translate(locale, `parplan.mail.${kind}.subject`, params), ...paragraphsMail([translate(locale, `parplan.mail.${kind}.body`, params), url], url) });
        }
        await this.repo.markNotified(tx, row.id, kind, now);
      },
    });
    // Notices sent (a task found due whose locked re-check finds it already told is not counted).
    return { soon: countReminders(outcomes, 'soon'), overdue: countReminders(outcomes, 'overdue') };
  }

  // The PAR self-assessment's offer (parindex.ports.ts PlanEvidencePort) --------------------------------------

  /** The evidence files reported on an agency's plan of a year, by field code, with their download paths. */
  async evidenceFor(agencyId: string, year: number): Promise<Array<EvidenceItem & { url: string }>> {
    const items = await this.repo.evidenceOf(this.db, agencyId, year);
    return items.map((i) => ({ ...i, url: `/quan-tri/ke-hoach-cchc/nhiem-vu/${i.task_id}/tai-lieu/${i.report_id}` }));
  }
}
