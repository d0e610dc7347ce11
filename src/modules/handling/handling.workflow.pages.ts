// The workflow editor for catalog managers (server-rendered, no JavaScript needed):
// /quan-tri/thu-tuc/{code}/phien-ban/{version}/quy-trinh shows the version's workflow (its own, else the default
// template it uses, pre-filled) as a table and as one fieldset per step (name, role, agency, department, time
// budget, allowed actions). Submit buttons add or remove a step, refresh the department lists after another agency
// was chosen, or fill in the default template: each re-renders the form with the values as sent. "Save" goes to
// HandlingService.replaceWorkflow (every problem at once, 422, in an error summary linked to the fields). When the
// budgets do not add up to the legal time limit, a notice (not an error) says so. When the service refuses edits
// (retired version, dossiers in progress) the page is read-only with the reason.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { limitOfVersion } from '../kernel/time-limit.ts';
import { Type } from 'typebox';
import type { Actor } from '../../core/actor.ts';
import { DomainError, errorMessage } from '../../core/errors.ts';
import { registerMessages } from '../../core/i18n.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { FormBody, formPage, type FormErrors } from '../../http/form-page.ts';
import './handling.errors.ts';
import { handlingMessages } from './handling.messages.ts';
import { HandlingRepository } from './handling.repository.ts';
import { checkWorkflow, defaultWorkflow, HANDLING_ROLES, STEP_ACTIONS, TASK_ASSIGNMENTS, TASK_KINDS, type Budget } from './handling.rules.ts';
import { tasksOfRow, type WorkflowInput } from './handling.workflows.ts';
import { workflowPagesMessages } from './handling.workflow.messages.ts';
import { applyTaskButton, taskFormsOf, tasksFromBody, tasksInput, type TaskForm } from './handling.workflow.tasks.ts';
import { ruleFormOf, ruleFromBody, ruleInput, ruleView, type RuleForm } from './handling.routing.editor.ts';
import { ruleOfColumn } from './handling.routing.ts';

registerMessages(handlingMessages);
registerMessages(workflowPagesMessages);

const VersionParams = Type.Object({ code: Type.String({ maxLength: 20 }), version: Type.Integer({ minimum: 1, maximum: 100000 }) });
const NoticeQuery = Type.Object({ thongbao: Type.Optional(Type.String({ maxLength: 20 })) });
const UNITS = ['working_days', 'half_days', 'hours'] as const;
const MAX_STEPS = 30;
/** Refusals that make the page read-only (with the reason) instead of an error page. */
const READ_ONLY_CODES = ['WORKFLOW_IN_USE', 'WORKFLOW_VERSION_RETIRED'];

/** One step as the form shows it: every value a string, as typed. */
export interface StepForm {
  name: string;
  role: string;
  /** '' = the version's own agency. */
  agencyCode: string;
  departmentCode: string;
  budgetValue: string;
  budgetUnit: string;
  actions: string[];
  /** Liên thông decided by the dossier (handling.routing.editor.ts); absent: fixed. */
  agencyRule?: RuleForm;
  /** The step's ordered tasks (handling.workflow.tasks.ts); none: the step's role handles it all. */
  tasks?: TaskForm[];
}

/** A field's value (the last when repeated). */
function field(body: FormBody, name: string): string {
  const value = body?.[name];
  const first = Array.isArray(value) ? value[value.length - 1] : value;
  return typeof first === 'string' ? first.slice(0, 1000) : '';
}

function list(body: FormBody, name: string): string[] {
  const value = body?.[name];
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.slice(0, 20);
}

/** The steps of a submitted form (fields "steps.{i}.…", their number in "stepCount"). */
export function stepsFromBody(body: FormBody): StepForm[] {
  const raw = field(body, 'stepCount');
  const count = /^\d{1,3}$/.test(raw) ? Math.min(Number(raw), MAX_STEPS) : 0;
  return Array.from({ length: count }, (_, i) => {
    const at = (name: string) => `steps.${i}.${name}`;
    return {
      name: field(body, at('name')),
      role: field(body, at('role')),
      agencyCode: field(body, at('agencyCode')).trim(),
      departmentCode: field(body, at('departmentCode')).trim(),
      budgetValue: field(body, at('budget.value')),
      budgetUnit: field(body, at('budget.unit')),
      actions: list(body, at('actions')),
      agencyRule: ruleFromBody(body, i),
      tasks: tasksFromBody(body, i),
    };
  });
}

/** "1,5" or "1.5" → 1.5; anything that is not a plain decimal number stays text (the service refuses it). */
export function budgetValue(text: string): unknown {
  const value = text.trim().replace(',', '.');
  return /^-?\d{1,6}(\.\d{1,3})?$/.test(value) ? Number(value) : text;
}

/** The service input of the form's steps. */
export function workflowInput(name: string, steps: readonly StepForm[]): WorkflowInput {
  return {
    name,
    steps: steps.map((s) => ({
      name: s.name,
      role: s.role,
      agencyCode: s.agencyCode || null,
      departmentCode: s.departmentCode || null,
      budget: { value: budgetValue(s.budgetValue), unit: s.budgetUnit },
      actions: s.actions,
      agencyRule: ruleInput(s.agencyRule),
      tasks: tasksInput(s.tasks),
    })),
  };
}

function budgetText(value: number): string {
  return String(value);
}

const emptyStep = (): StepForm => ({ name: '', role: 'specialist', agencyCode: '', departmentCode: '', budgetValue: '', budgetUnit: 'working_days', actions: [] });

interface EditState {
  name: string;
  steps: StepForm[];
  errors?: FormErrors | null;
  notice?: string | null;
  readOnlyReason?: string | null;
}

export const workflowPagesModule: AppModule = {
  name: 'workflow-pages',
  async register(app: App, ctx: AppContext) {
    const handling = ctx.services.handling;
    const repo = new HandlingRepository();

    /** Authorises (catalog manager of the version's agency subtree: 403 / 404 otherwise) and loads the version. */
    async function managedVersion(actor: Actor | null, code: string, version: number) {
      const form = await ctx.services.catalog.formDefinition(actor, code, version);
      const row = await repo.versionByNumber(ctx.db, code, version);
      if (!row) throw new DomainError('NOT_FOUND');
      const limit = limitOfVersion(row);
      return { form, row, limit };
    }

    /** Why the service would refuse an edit now, or null. */
    async function readOnlyReason(request: FastifyRequest, row: { id: string; status: string }): Promise<string | null> {
      if (row.status === 'retired') return errorMessage('WORKFLOW_VERSION_RETIRED', request.locale);
      const count = await repo.countInProgress(ctx.db, row.id);
      return count > 0 ? errorMessage('WORKFLOW_IN_USE', request.locale, { count }) : null;
    }

    /** The template the version would use without its own workflow (agency's, global, else the built-in one). */
    async function defaultTemplate(agencyId: string, limit: Budget & { sameDay: boolean }): Promise<{ name: string; steps: StepForm[] }> {
      const template = await repo.defaultWorkflow(ctx.db, agencyId);
      if (template) {
        const rows = await repo.workflowSteps(ctx.db, template.id);
        return {
          name: template.name,
          steps: rows.map((r) => ({
            name: r.name,
            role: r.role,
            agencyCode: r.agency_id === agencyId ? '' : (r.agency_code ?? ''),
            departmentCode: r.department_code ?? '',
            budgetValue: budgetText(Number(r.budget_value)),
            budgetUnit: r.budget_unit,
            actions: [...r.actions],
            agencyRule: ruleFormOf(ruleOfColumn(r.agency_rule)),
            tasks: taskFormsOf(tasksOfRow(r.tasks)),
          })),
        };
      }
      return {
        name: 'Quy trình mặc định',
        steps: defaultWorkflow(limit).map((s) => ({ name: s.name, role: s.role, agencyCode: '', departmentCode: '', budgetValue: budgetText(s.budget.value), budgetUnit: s.budget.unit, actions: [...s.actions] })),
      };
    }

    async function renderPage(request: FastifyRequest, reply: FastifyReply, loaded: Awaited<ReturnType<typeof managedVersion>>, state: EditState, source: string | null) {
      const { form, row, limit } = loaded;
      const t = request.t;
      const agencies = (await ctx.services.agencies.list()).filter((a) => a.active);
      const own = agencies.find((a) => a.id === row.agency_id) ?? (await ctx.services.agencies.byId(row.agency_id));
      const others = agencies.filter((a) => a.id !== row.agency_id).map((a) => ({ code: a.code, name: a.name }));
      const departmentsByAgency = new Map<string, Array<{ code: string; name: string }>>();
      const departmentsFor = async (agencyCode: string) => {
        const key = agencyCode || '';
        if (!departmentsByAgency.has(key)) {
          const agency = key ? agencies.find((a) => a.code === key) : own;
          departmentsByAgency.set(key, agency ? (await ctx.services.agencies.departmentsOf(agency.id)).map((d) => ({ code: d.code, name: d.name })) : []);
        }
        return departmentsByAgency.get(key)!;
      };
      const steps = [];
      const ruleFields = await handling.routing.fieldsOf(row.id);
      const agencyCodes = new Set(agencies.map((a) => a.code));
      for (const [i, s] of state.steps.entries()) {
        const departments = await departmentsFor(s.agencyCode);
        const agencyName = s.agencyCode ? (agencies.find((a) => a.code === s.agencyCode)?.name ?? s.agencyCode) : (own?.name ?? '');
        steps.push({
          ...s,
          index: i,
          n: i + 1,
          agencyName,
          departments,
          departmentName: departments.find((d) => d.code === s.departmentCode)?.name ?? s.departmentCode,
          // A department code not in the list (e.g. after another agency was chosen) stays visible as sent.
          departmentMissing: s.departmentCode !== '' && !departments.some((d) => d.code === s.departmentCode),
          otherAgencyMissing: s.agencyCode !== '' && !others.some((a) => a.code === s.agencyCode),
          rule: ruleView(s.agencyRule, ruleFields, agencyCodes, request.locale),
        });
      }
      const { warning } = checkWorkflow(workflowInput(state.name, state.steps).steps, limit);
      const base = `/quan-tri/thu-tuc/${encodeURIComponent(form.code)}/phien-ban/${form.version}`;
      return reply.header('cache-control', 'no-store').page('workflow-edit.njk', {
        form,
        action: `${base}/quy-trinh`,
        procedureUrl: `/quan-tri/thu-tuc/${encodeURIComponent(form.code)}`,
        name: state.name,
        steps,
        stepCount: steps.length,
        maxSteps: MAX_STEPS,
        roles: HANDLING_ROLES,
        taskAssignments: TASK_ASSIGNMENTS,
        taskKinds: TASK_KINDS,
        units: UNITS,
        stepActions: STEP_ACTIONS,
        own: own ? { code: own.code, name: own.name } : null,
        others,
        limitText: limit.none ? t('workflow.editor.limitNone') : limit.sameDay ? t('workflow.editor.limitSameDay') : `${limit.value} ${t(`workflow.editor.unit.${limit.unit}`)}`,
        warning,
        source,
        notice: state.notice ?? null,
        errors: state.errors ?? null,
        readOnlyReason: state.readOnlyReason ?? null,
      });
    }

    app.get('/quan-tri/thu-tuc/:code/phien-ban/:version/quy-trinh', { schema: { hide: true, params: VersionParams, querystring: NoticeQuery } }, async (request, reply) => {
      const { code, version } = request.params;
      const loaded = await managedVersion(request.actor, code, version);
      const view = await handling.versionWorkflow(request.actor, code, version);
      const steps: StepForm[] = view.steps.map((s) => ({
        name: s.name,
        role: s.role,
        agencyCode: s.agencyCode ?? '',
        departmentCode: s.departmentCode ?? '',
        budgetValue: budgetText(s.budget.value),
        budgetUnit: s.budget.unit,
        actions: [...s.actions],
        agencyRule: ruleFormOf(s.agencyRule),
        tasks: taskFormsOf(s.tasks),
      }));
      const saved = request.query.thongbao === 'luu';
      return renderPage(request, reply, loaded, { name: view.name, steps, notice: saved ? 'saved' : null, readOnlyReason: await readOnlyReason(request, loaded.row) }, view.source);
    });

    app.post('/quan-tri/thu-tuc/:code/phien-ban/:version/quy-trinh', { schema: { hide: true, params: VersionParams, body: FormBody } }, async (request, reply) => {
      const { code, version } = request.params;
      const loaded = await managedVersion(request.actor, code, version);
      const body = request.body;
      const name = field(body, 'name').slice(0, 300);
      const steps = stepsFromBody(body);
      const action = field(body, 'action');
      const reason = await readOnlyReason(request, loaded.row);
      const remove = /^remove:(\d{1,3})$/.exec(action);
      if (reason) {
        // The service would refuse the edit (409): the page stays read-only with the reason.
        if (action === 'save') reply.status(409);
        return renderPage(request, reply, loaded, { name, steps, readOnlyReason: reason }, null);
      }
      if (action === 'add') {
        if (steps.length < MAX_STEPS) steps.push(emptyStep());
        return renderPage(request, reply, loaded, { name, steps }, null);
      }
      if (remove) {
        steps.splice(Number(remove[1]), 1);
        return renderPage(request, reply, loaded, { name, steps }, null);
      }
      // A task more or less in a step (handling.workflow.tasks.ts).
      if (applyTaskButton(action, steps)) return renderPage(request, reply, loaded, { name, steps }, null);
      if (action === 'default') {
        const template = await defaultTemplate(loaded.row.agency_id, loaded.limit);
        return renderPage(request, reply, loaded, { name: template.name, steps: template.steps, notice: 'defaultShown' }, null);
      }
      if (action !== 'save') return renderPage(request, reply, loaded, { name, steps }, null);
      return formPage(request, reply, {
        act: async () => {
          await handling.replaceWorkflow(request.actor ? { ...request.actor, ip: request.ip } : null, code, version, workflowInput(name, steps));
          return `/quan-tri/thu-tuc/${encodeURIComponent(code)}/phien-ban/${version}/quy-trinh?thongbao=luu`;
        },
        // A refused edit (retired version, dossiers in progress) makes the page read-only with the reason.
        pageError: (error) => error.code !== 'VALIDATION_FAILED' && !READ_ONLY_CODES.includes(error.code),
        rerender: (errors, error) =>
          READ_ONLY_CODES.includes(error.code)
            ? renderPage(request, reply, loaded, { name, steps, readOnlyReason: errorMessage(error.code, request.locale, error.params) }, null)
            : renderPage(request, reply, loaded, { name, steps, errors }, null),
      });
    });
  },
};
