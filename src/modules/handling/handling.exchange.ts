// The workflows of procedure versions as the catalog interchange format carries them (the catalog's
// VersionWorkflowPort, catalog.workflows.ts, wired in src/container.ts): read, check, write and copy a version's
// own workflow, agencies and departments by code. The checks are the workflow editor's (handling.rules.ts
// checkWorkflow), plus: the budgets must not add up to more than the procedure's time limit.
import type { FieldError } from '../../core/errors.ts';
import { defineErrors } from '../../core/errors.ts';
import type { Executor } from '../../db/database.ts';
import type { TaskAssignment, TaskKind, TimeLimitUnit, WorkflowRole } from '../../db/schema.ts';
import { taskWrites, tasksOfRow } from './handling.workflows.ts';
import { HandlingRepository } from './handling.repository.ts';
import { WorkflowExchangeRepository } from './handling.exchange.repository.ts';
import { checkWorkflow } from './handling.rules.ts';
import './handling.errors.ts';
import { ruleColumn, ruleOfColumn, type AgencyRule } from './handling.routing.ts';
import { checkExchangedRules } from './handling.routing.service.ts';

defineErrors({
  WORKFLOW_BUDGET_EXCEEDS_LIMIT: {
    status: 422,
    vi: 'Tổng thời gian các bước ({sum} ngày làm việc) vượt thời hạn giải quyết của thủ tục ({limit} ngày làm việc).',
    en: 'The steps\' budgets add up to {sum} working days, more than the procedure\'s time limit ({limit} working days).',
  },
});

/** The interchange shape of a workflow (catalog.exchange.ts WorkflowExchange, structurally). */
export interface ExchangedWorkflow {
  name: string;
  steps: Array<{
    name: string;
    role: WorkflowRole;
    agencyCode?: string | undefined;
    departmentCode?: string | undefined;
    budget: { value: number; unit: TimeLimitUnit };
    actions: string[];
    /** Liên thông decided by the dossier (handling.routing.ts); absent: fixed. */
    agencyRule?: AgencyRule | undefined;
    /** The step's ordered tasks (issue 15); absent: none. */
    tasks?: ExchangedTask[] | undefined;
  }>;
}

/** A task of a step in the interchange format (catalog.exchange.ts WorkflowTaskExchange). */
export interface ExchangedTask {
  name: string;
  role: WorkflowRole;
  assignment: TaskAssignment;
  kind: TaskKind;
  share?: { value: number; unit: TimeLimitUnit } | undefined;
}

interface Limit {
  value: number;
  unit: TimeLimitUnit;
  sameDay?: boolean | undefined;
  /** No statutory time limit: nothing to exceed (checkWorkflow gives no warning). */
  none?: boolean | undefined;
}

const KNOWN_UNITS: readonly string[] = ['working_days', 'half_days', 'hours'];

export class WorkflowExchange {
  constructor(
    private readonly repo = new HandlingRepository(),
    private readonly own = new WorkflowExchangeRepository(),
  ) {}

  async read(db: Executor, versionId: string): Promise<ExchangedWorkflow | null> {
    const rows = await this.repo.resolvedWorkflow(db, versionId);
    const head = rows[0];
    if (!head || head.procedure_version_id !== versionId) return null;
    return {
      name: head.workflow_name,
      steps: rows
        .filter((r) => r.position !== null)
        .map((r) => ({
          name: r.name,
          role: r.role,
          ...(r.agency_code ? { agencyCode: r.agency_code } : {}),
          ...(r.department_code ? { departmentCode: r.department_code } : {}),
          budget: { value: Number(r.budget_value), unit: r.budget_unit },
          actions: [...r.actions],
          ...(r.agency_rule && ruleOfColumn(r.agency_rule).kind !== 'fixed' ? { agencyRule: ruleOfColumn(r.agency_rule) } : {}),
          ...(r.tasks?.length ? { tasks: tasksOfRow(r.tasks).map(({ position: _p, share, ...t }) => ({ ...t, ...(share ? { share } : {}) })) } : {}),
        })),
    };
  }

  async check(db: Executor, workflow: ExchangedWorkflow, version: { agencyCode: string; timeLimit: Limit; formSchema?: Record<string, unknown> | null | undefined }): Promise<FieldError[]> {
    const { errors, warning } = checkWorkflow(workflow.steps, version.timeLimit);
    // A limit this module does not know (e.g. "no statutory limit") bounds nothing.
    if (warning && KNOWN_UNITS.includes(version.timeLimit.unit) && warning.sumWorkingDays > warning.limitWorkingDays + 1e-9) {
      errors.push({ path: '/steps', code: 'WORKFLOW_BUDGET_EXCEEDS_LIMIT', params: { sum: warning.sumWorkingDays, limit: warning.limitWorkingDays } });
    }
    const home = await this.repo.activeAgencyByCode(db, version.agencyCode);
    for (const [i, step] of workflow.steps.entries()) {
      let agencyId = home?.id ?? null;
      if (step.agencyCode) {
        const agency = await this.repo.activeAgencyByCode(db, step.agencyCode);
        if (!agency) errors.push({ path: `/steps/${i}/agencyCode`, code: 'WORKFLOW_AGENCY_UNKNOWN' });
        agencyId = agency?.id ?? null;
      }
      if (step.departmentCode && agencyId && !(await this.repo.departmentByCode(db, agencyId, step.departmentCode))) {
        errors.push({ path: `/steps/${i}/departmentCode`, code: 'WORKFLOW_DEPARTMENT_UNKNOWN' });
      }
    }
    // Agency rules: against the version's e-form (the file's, else the latest version's) and the agencies.
    errors.push(...(await checkExchangedRules(db, workflow.steps, version.agencyCode, version.formSchema)));
    return errors;
  }

  async write(db: Executor, versionId: string, workflow: ExchangedWorkflow | null, by: string | null): Promise<void> {
    if (!workflow) return this.own.deleteVersionWorkflow(db, versionId);
    const version = await this.repo.versionById(db, versionId);
    if (!version) throw new Error(`No procedure version ${versionId}`);
    const steps = [];
    for (const [i, s] of workflow.steps.entries()) {
      const agency = s.agencyCode ? await this.repo.activeAgencyByCode(db, s.agencyCode) : undefined;
      if (s.agencyCode && !agency) throw new Error(`Unknown agency ${s.agencyCode} (the workflow was not checked)`);
      const stepAgencyId = agency && agency.id !== version.agency_id ? agency.id : null;
      const department = s.departmentCode ? await this.repo.departmentByCode(db, stepAgencyId ?? version.agency_id, s.departmentCode) : undefined;
      steps.push({
        position: i + 1,
        name: s.name.trim(),
        role: s.role,
        agency_id: stepAgencyId,
        department_id: department?.id ?? null,
        budget_value: s.budget.value,
        budget_unit: s.budget.unit,
        actions: [...new Set(s.actions)],
        agency_rule: ruleColumn(s.agencyRule),
        tasks: taskWrites(s.tasks),
      });
    }
    await this.repo.replaceVersionWorkflow(db, versionId, workflow.name.trim().slice(0, 300), steps, by);
  }

  async copy(db: Executor, fromVersionId: string, toVersionId: string, by: string | null): Promise<void> {
    const workflow = await this.read(db, fromVersionId);
    if (workflow) await this.write(db, toVersionId, workflow, by);
  }
}
