// The yearly PAR plan's pages for staff (server-rendered): the plans and the form that starts one, a plan (tasks by
// field, completion by field and department with a chart and tables, the add-task form, the Excel export), a task
// (its reports, the progress form with evidence, cancel). Every form is one `formPage` call.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { translator } from '../../core/i18n.ts';
import { formatDate, formatDateTime } from '../../core/text.ts';
import { parseDateInput } from '../../core/time.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { FormBody, type FormErrors, formPage, formText } from '../../http/form-page.ts';
import { pickerOptions } from '../agencies/agencies.picker.ts';
import { sendDocument, sendStoredFile } from '../files/files.download.ts';
import { ATTACHMENT_ACCEPT } from '../files/files.inspect.rules.ts';
import { registerStagedUploads, stagedFrom, stagedText } from '../files/files.staging.ts';
import { horizontalBars } from '../reports/reports.charts.ts';
import { planToXlsx } from './parplan.export.ts';
import type { Completion } from './parplan.rules.ts';
import type { ParPlanService, PlanDetail } from './parplan.service.ts';

export const PLAN_HOME = '/quan-tri/ke-hoach-cchc';
const planUrl = (id: string) => `${PLAN_HOME}/${id}`;
const taskUrl = (id: string) => `${PLAN_HOME}/nhiem-vu/${id}`;

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const FileParams = Type.Object({ id: Type.String({ format: 'uuid' }), reportId: Type.String({ maxLength: 40 }) });
const OkQuery = Type.Object({ ok: Type.Optional(Type.String({ maxLength: 20 })) });

type Locale = 'vi' | 'en';

function percentText(value: number | null, locale: Locale): string {
  return value === null ? '—' : `${new Intl.NumberFormat(locale === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 2 }).format(value)}%`;
}

/** The posted form's values, to show them again beside the errors. */
function posted(body: FormBody): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body ?? {})) if (typeof v === 'string' && k !== '_csrf') out[k] = v;
  return out;
}

/** The completion figures as rows of a table (and the chart's bars). */
function completionRows(labels: Array<{ key: string; label: string }>, by: Map<string, Completion>, locale: Locale) {
  return labels
    .map((l) => ({ ...l, c: by.get(l.key) }))
    .filter((r): r is { key: string; label: string; c: Completion } => !!r.c && r.c.total > 0)
    .map((r) => ({ label: r.label, ...r.c, rateText: percentText(r.c.rate, locale) }));
}

export const parPlanPagesModule: AppModule = {
  name: 'parplan-pages',
  async register(app: App, ctx: AppContext) {
    const plans: ParPlanService = ctx.services.parPlan;

    // The plans and the start form ------------------------------------------------------------------------

    const home = async (request: FastifyRequest, reply: FastifyReply, extra: { errors?: FormErrors; values?: Record<string, string> } = {}) => {
      const { plans: items, manageable } = await plans.list(request.actor);
      const sets = manageable.length ? await plans.sets() : [];
      const year = String(new Date().getUTCFullYear());
      return reply.page('parplan-home.njk', {
        items,
        agencyOptions: pickerOptions(manageable),
        sets,
        values: { year, ...(extra.values ?? {}) },
        errors: extra.errors,
      });
    };

    app.get(PLAN_HOME, { schema: { hide: true } }, async (request, reply) => home(request, reply));

    app.post(PLAN_HOME, { schema: { hide: true, body: FormBody } }, async (request, reply) => {
      const body = request.body;
      return formPage(request, reply, {
        act: async () => {
          const yearText = formText(body, 'year');
          const plan = await plans.create(request.actor, {
            agency: formText(body, 'agency'),
            year: /^\d{4}$/.test(yearText) ? Number(yearText) : 0,
            setId: formText(body, 'setId'),
            title: formText(body, 'title'),
          });
          return planUrl(plan.id);
        },
        rerender: (errors) => home(request, reply, { errors, values: posted(body) }),
      });
    });

    // A plan ------------------------------------------------------------------------------------------------

    const chartOf = (d: PlanDetail, locale: Locale) => {
      const t = translator(locale);
      const items = d.fields
        .map((f) => ({ f, c: d.completion.byField.get(f.code) }))
        .filter((x) => x.c && x.c.total > 0)
        .map((x) => ({ label: `${x.f.code}. ${locale === 'en' && x.f.nameEn ? x.f.nameEn : x.f.name}`, value: x.c!.rate ?? 0, text: percentText(x.c!.rate, locale) }));
      return items.length ? horizontalBars({ id: 'parplan-fields', title: t('parplan.byField'), desc: items.map((i) => `${i.label}: ${i.text}`).join('; ') }, items, 100) : '';
    };

    const planPage = async (request: FastifyRequest, reply: FastifyReply, id: string, extra: { errors?: FormErrors; values?: Record<string, string> } = {}) => {
      const d = await plans.detail(request.actor, id);
      const locale = request.locale;
      const fieldName = (code: string) => {
        const f = d.fields.find((x) => x.code === code);
        return f ? `${f.code}. ${locale === 'en' && f.nameEn ? f.nameEn : f.name}` : code;
      };
      const groups = d.fields.map((f) => ({
        code: f.code,
        name: fieldName(f.code),
        tasks: d.tasks
          .filter((task) => task.field_code === f.code)
          .map((task) => ({ ...task, deadlineText: formatDate(task.deadline), overdue: task.status === 'open' && task.deadline < d.today })),
      }));
      return reply.page('parplan-plan.njk', {
        d,
        groups,
        plan: d.plan,
        summary: { ...d.completion.plan, rateText: percentText(d.completion.plan.rate, locale) },
        byField: completionRows(d.fields.map((f) => ({ key: f.code, label: fieldName(f.code) })), d.completion.byField, locale),
        byDepartment: completionRows(d.departments.map((dep) => ({ key: dep.id, label: dep.name })), d.completion.byDepartment, locale),
        chart: chartOf(d, locale),
        values: { evidenceRequired: '1', ...(extra.values ?? {}) },
        errors: extra.errors,
        ok: (request.query as { ok?: string } | undefined)?.ok ?? '',
      });
    };

    app.get(`${PLAN_HOME}/:id`, { schema: { hide: true, params: IdParams, querystring: OkQuery } }, async (request, reply) => planPage(request, reply, request.params.id));

    app.post(`${PLAN_HOME}/:id/nhiem-vu`, { schema: { hide: true, params: IdParams, body: FormBody } }, async (request, reply) => {
      const body = request.body;
      return formPage(request, reply, {
        act: async () => {
          const deadlineText = formText(body, 'deadline');
          await plans.addTask(request.actor, request.params.id, {
            fieldCode: formText(body, 'fieldCode'),
            title: formText(body, 'title'),
            ownerDepartmentId: formText(body, 'ownerDepartmentId'),
            // Unreadable text stays as typed: the rules name it (format dd/mm/yyyy).
            deadline: deadlineText ? parseDateInput(deadlineText) ?? deadlineText : '',
            expectedOutput: formText(body, 'expectedOutput'),
            evidenceRequired: formText(body, 'evidenceRequired') === '1',
          });
          return `${planUrl(request.params.id)}?ok=added#tasks`;
        },
        rerender: (errors) => planPage(request, reply, request.params.id, { errors, values: posted(body) }),
      });
    });

    app.get(`${PLAN_HOME}/:id/excel`, { schema: { hide: true, params: IdParams } }, async (request, reply) => {
      const d = await plans.detail(request.actor, request.params.id);
      const bytes = await planToXlsx(d, translator(request.locale), request.locale);
      return sendDocument(reply, { bytes, fileName: `ke-hoach-cchc-${d.plan.agency_code}-${d.plan.year}.xlsx`, mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }, 'attachment');
    });

    // A task ------------------------------------------------------------------------------------------------

    const taskPage = async (request: FastifyRequest, reply: FastifyReply, id: string, extra: { errors?: FormErrors; values?: Record<string, string> } = {}) => {
      const d = await plans.task(request.actor, id);
      const locale = request.locale;
      return reply.page('parplan-task.njk', {
        d,
        task: { ...d.task, deadlineText: formatDate(d.task.deadline) },
        fieldName: d.field ? `${d.field.code}. ${locale === 'en' && d.field.nameEn ? d.field.nameEn : d.field.name}` : d.task.field_code,
        reports: d.reports.map((r) => ({ ...r, when: formatDateTime(r.created_at) })),
        accept: ATTACHMENT_ACCEPT,
        values: extra.values ?? {},
        errors: extra.errors,
        ok: (request.query as { ok?: string } | undefined)?.ok ?? '',
      });
    };

    app.get(`${PLAN_HOME}/nhiem-vu/:id`, { schema: { hide: true, params: IdParams, querystring: OkQuery } }, async (request, reply) => taskPage(request, reply, request.params.id));

    app.post(`${PLAN_HOME}/nhiem-vu/:id/huy`, { schema: { hide: true, params: IdParams, body: FormBody } }, async (request, reply) =>
      formPage(request, reply, {
        act: async () => {
          const task = await plans.cancelTask(request.actor, request.params.id);
          return `${planUrl(task.plan_id)}?ok=cancelled#tasks`;
        },
        rerender: (errors) => taskPage(request, reply, request.params.id, { errors }),
      }),
    );

    app.get(`${PLAN_HOME}/nhiem-vu/:id/tai-lieu/:reportId`, { schema: { hide: true, params: FileParams } }, async (request, reply) =>
      sendStoredFile(reply, await plans.evidenceFile(request.actor, request.params.id, request.params.reportId), 'private, no-store'),
    );

    await app.register(async (scope: App) => {
      await registerStagedUploads(scope, ctx.services.files, { maxBytes: ctx.config.dossierMaxFileBytes, fields: 4, parts: 5 });
      scope.post(`${PLAN_HOME}/nhiem-vu/:id/bao-cao`, { schema: { hide: true, params: IdParams } }, async (request, reply) => {
        const progressText = stagedText(request.body, 'progress').trim();
        const note = stagedText(request.body, 'note');
        return formPage(request, reply, {
          act: async () => {
            await plans.report(request.actor, request.params.id, { progress: /^\d{1,3}$/.test(progressText) ? Number(progressText) : NaN, note }, stagedFrom(request.body));
            return `${taskUrl(request.params.id)}?ok=reported`;
          },
          rerender: (errors) => taskPage(request, reply, request.params.id, { errors, values: { progress: progressText, note } }),
        });
      });
    });
  },
};
