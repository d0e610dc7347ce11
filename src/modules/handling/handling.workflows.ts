// Workflows as data: the workflow of a procedure version (its own, else the default template of the nearest agency
// up the tree, the global one, or the built-in default) resolved in one statement, and its replacement by a catalog
// manager (validated, refused while dossiers of the version are in progress, audited).
import type { Static } from 'typebox';
import type { Actor } from '../../core/actor.ts';
import { DomainError } from '../../core/errors.ts';
import type { Db, Executor } from '../../db/database.ts';
import type { Role, TaskAssignment, TaskKind, TimeLimitUnit, WorkflowRole } from '../../db/schema.ts';
import type { AgenciesService } from '../agencies/agencies.service.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { HandlingRepository, WorkflowStepRow, WorkflowTaskRow, WorkflowTaskWrite } from './handling.repository.ts';
import { checkWorkflow, defaultWorkflow, HANDLING_ROLES, isAction, type Budget, type WorkflowStep, type WorkflowTask, type WorkflowTaskInput } from './handling.rules.ts';
import { optionalText } from './handling.plans.ts';
import type { WorkflowResponse, WorkflowStepView as WorkflowStepViewSchema } from './handling.schemas.ts';
import './handling.errors.ts';
import { limitOfVersion } from '../kernel/time-limit.ts';
import { ruleColumn, ruleOfColumn, ruleOfInput } from './handling.routing.ts';
import { checkRoutingRules } from './handling.routing.service.ts';

/** One step of a workflow as shown (the API's WorkflowStepView). */
export type WorkflowStepView = Static<typeof WorkflowStepViewSchema>;

/** A version's workflow as shown (the API's WorkflowResponse). */
export type WorkflowView = Static<typeof WorkflowResponse>;

export interface ResolvedWorkflow extends WorkflowView {
  /** The steps as the rules use them. */
  rules: WorkflowStep[];
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
    /** Liên thông decided by the dossier (handling.routing.ts); absent: fixed. */
    agencyRule?: unknown;
    /** The step's ordered tasks (issue 15); absent or empty: none. */
    tasks?: unknown;
  }>;
}

export class WorkflowsService {
  constructor(
    private readonly db: Db,
    private readonly agencies: AgenciesService,
    private readonly audit: AuditService,
    private readonly repo: HandlingRepository,
  ) {}

  /** The workflow of a procedure version: its own, else the default template of its agency (or an ancestor), the global one, or the built-in default. */
  async workflowFor(versionId: string, db: Executor = this.db): Promise<ResolvedWorkflow> {
    const version = await this.repo.versionById(db, versionId);
    if (!version) throw new DomainError('NOT_FOUND');
    return this.resolve(db, versionId, limitOfVersion(version));
  }

  /** workflowFor with the version's time limit known (one statement). */
  async resolve(db: Executor, versionId: string, limit: Budget & { sameDay: boolean; none?: boolean | undefined }): Promise<ResolvedWorkflow> {
    const found = await this.repo.resolvedWorkflow(db, versionId);
    const row = found[0];
    if (!row) {
      const rules = defaultWorkflow(limit);
      return { source: 'builtin', name: 'Quy trình mặc định', rules, steps: rules.map((s) => ({ ...s, agencyCode: null, agencyName: null, departmentCode: null, departmentName: null })), timeLimit: limit, warning: checkWorkflow(rules, limit).warning };
    }
    const stepRows: WorkflowStepRow[] = found.filter((r) => r.position !== null);
    const rules = stepRows.map(stepOfRow);
    return {
      source: row.procedure_version_id ? 'version' : row.workflow_agency_id ? 'agency' : 'global',
      name: row.workflow_name,
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
    const limit = limitOfVersion(row);
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
      errors.push(...(await checkRoutingRules(tx, row.id, steps)));
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
          agency_rule: ruleColumn(ruleOfInput(s.agencyRule)),
          tasks: taskWrites(s.tasks),
        })),
        actor!.id,
      );
      const { rules: _rules, ...view } = await this.workflowFor(row.id, tx);
      await this.audit.record(tx, actor, {
        action: 'workflow.replace',
        targetType: 'procedure_version',
        targetId: row.id,
        agencyId: row.agency_id,
        summary: { procedureCode: code, version, steps: view.steps.map((s) => `${s.position}. ${s.name} (${s.role}, ${s.budget.value} ${s.budget.unit})${s.tasks?.length ? `: ${s.tasks.map((t) => `${t.name} (${t.role}, ${t.assignment}, ${t.kind})`).join('; ')}` : ''}`), warning: view.warning },
      });
      return view;
    });
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
    ...(r.agency_rule ? { agencyRule: ruleOfColumn(r.agency_rule) } : {}),
    // Only a step with tasks says so: a step without keeps the shape it always had.
    ...(r.tasks?.length ? { tasks: tasksOfRow(r.tasks) } : {}),
  };
}

/** The tasks of a step row (JSON from the statement) as the rules use them. */
export function tasksOfRow(tasks: readonly WorkflowTaskRow[] | null | undefined): WorkflowTask[] {
  return (tasks ?? []).map((t) => ({
    position: t.position,
    name: t.name,
    role: t.role,
    assignment: t.assignment,
    kind: t.kind,
    share: t.shareValue === null || t.shareUnit === null ? null : { value: Number(t.shareValue), unit: t.shareUnit },
  }));
}

/** The tasks of a checked input as stored (positions 1..n; a share only with both value and unit). */
export function taskWrites(tasks: unknown): WorkflowTaskWrite[] {
  if (!Array.isArray(tasks)) return [];
  return (tasks as WorkflowTaskInput[]).map((t, j) => ({
    position: j + 1,
    name: String(t.name).trim(),
    role: t.role as WorkflowRole,
    assignment: t.assignment as TaskAssignment,
    kind: t.kind as TaskKind,
    share_value: t.share ? (t.share.value as number) : null,
    share_unit: t.share ? (t.share.unit as TimeLimitUnit) : null,
  }));
}
