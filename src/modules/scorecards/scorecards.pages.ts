// The Decision 766 scorecard's pages: the scorecard of an agency with its history, the ranking (public), and the
// administrator's page to edit weights, targets and formulas (a form on `formPage`).
import type { FastifyRequest } from 'fastify';
import type { DomainError } from '../../core/errors.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { FormBody, formErrors, type FormErrors, formPage, formText } from '../../http/form-page.ts';
import { pickerOptions } from '../agencies/agencies.picker.ts';
import { agencyRedirectNote, redirectOldAgencyCode } from '../agencies/agencies.redirects.ts';
import { formatters } from './scorecards.format.ts';
import { configView } from './scorecards.routes.ts';
import { historyBars, monthLabel, type ScorecardConfig } from './scorecards.rules.ts';
import { OkQuery, RankingPageQuery, ScorecardPageQuery } from './scorecards.schemas.ts';
import type { ConfigInput } from './scorecards.service.ts';

export const SCORECARD_PAGE = '/cong-khai/chi-so-766';
export const RANKING_PAGE = '/cong-khai/chi-so-766/xep-hang';
export const ADMIN_PAGE = '/quan-tri/chi-so-766';

/** "9,5" or "9.5" → 9.5; empty or not a number → NaN (the rules report it). */
function numberOf(value: string): number {
  if (value.trim() === '') return NaN;
  const text = value.trim().replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
}

/** Form field names of the admin page, by problem path. */
function adminErrors(error: DomainError, request: FastifyRequest, config: ScorecardConfig): FormErrors {
  const errors = formErrors(error, request.locale)!;
  const rename = (field: string): string => {
    let m = /^groups\.(\d+)\.maxPoints$/.exec(field);
    if (m) return `group_${config.groups[Number(m[1])]?.code ?? 'x'}`;
    if (field === 'groups') return `group_${config.groups[0]?.code ?? 'x'}`;
    m = /^indicators\.(\d+)\.(\w+)$/.exec(field);
    if (m) {
      const code = config.indicators[Number(m[1])]?.code ?? 'x';
      const part = m[2] === 'maxPoints' ? 'points' : m[2];
      return `${code}_${part}`;
    }
    return field;
  };
  const summary = errors.summary.map((item) => {
    const field = rename(item.field);
    return { field, href: `#${field}`, message: item.message };
  });
  const byField: Record<string, string> = {};
  for (const item of summary) byField[item.field] = byField[item.field] ? `${byField[item.field]} ${item.message}` : item.message;
  return { title: errors.title, summary, byField };
}

function formValues(config: ScorecardConfig): Record<string, string> {
  const values: Record<string, string> = {};
  const fmt = (n: number) => String(Math.round(n * 10000) / 10000);
  for (const g of config.groups) values[`group_${g.code}`] = fmt(g.maxPoints);
  for (const i of config.indicators) {
    values[`${i.code}_numerator`] = i.numerator;
    values[`${i.code}_denominator`] = i.denominator;
    values[`${i.code}_complement`] = i.complement ? '1' : '';
    values[`${i.code}_target`] = fmt(i.target * 100);
    values[`${i.code}_points`] = fmt(i.maxPoints);
  }
  return values;
}

export const scorecardsPagesModule: AppModule = {
  name: 'scorecards-pages',
  register(app: App, ctx: AppContext) {
    const scorecards = ctx.services.scorecards;

    app.get(SCORECARD_PAGE, { schema: { hide: true, querystring: ScorecardPageQuery } }, async (request, reply) => {
      // A merged agency's code (or a former code): 303 to the successor's scorecard, which shows the note.
      const moved = await redirectOldAgencyCode(ctx.services.agencies, request, reply, request.query['co-quan'], { param: 'co-quan' });
      if (moved) return moved;
      const q = request.query;
      const now = new Date();
      const levels = await scorecards.levels();
      const agencies = (await ctx.services.agencies.list()).filter((a) => a.active).sort((a, b) => a.code.localeCompare(b.code));
      const code = q['co-quan']?.trim() || agencies.find((a) => a.parent_id === null)?.code;
      if (!code) return reply.page('scorecard.njk', { agencies: [], levels });
      const card = await scorecards.scorecard(code, q.thang, now, request.locale);
      const history = await scorecards.history(card.agency.code, card.month, 12, now);
      return reply.page('scorecard.njk', {
        card,
        redirectNote: await agencyRedirectNote(ctx.services.agencies, request, card.agency.code),
        monthLabel: monthLabel(card.month),
        agencies,
        agencyOptions: pickerOptions(await ctx.services.agencies.tree()),
        history: history.map((h) => ({ ...h, label: monthLabel(h.month) })),
        bars: historyBars(history),
        levels,
        ...formatters(request.locale),
      });
    });

    app.get(RANKING_PAGE, { schema: { hide: true, querystring: RankingPageQuery } }, async (request, reply) => {
      const q = request.query;
      const ranking = await scorecards.ranking(q.thang, q.cap, new Date());
      return reply.page('scorecard-ranking.njk', { ranking, monthLabel: monthLabel(ranking.month), levels: await scorecards.levels(), ...formatters(request.locale) });
    });

    const adminData = async (request: FastifyRequest) => {
      await scorecards.requireConfigAdmin(request.actor);
      const config = await scorecards.config();
      const view = configView(config, request.locale);
      const groups = view.groups.map((g) => ({ ...g, indicators: view.indicators.filter((i) => i.groupCode === g.code).sort((a, b) => a.position - b.position) }));
      return { config, groups, metrics: view.metrics };
    };

    app.get(ADMIN_PAGE, { schema: { hide: true, querystring: OkQuery } }, async (request, reply) => {
      const data = await adminData(request);
      const ok = request.query.ok === '1';
      return reply.page('scorecard-admin.njk', { ...data, values: formValues(data.config), ok });
    });

    app.post(ADMIN_PAGE, { schema: { hide: true, body: FormBody } }, async (request, reply) => {
      const data = await adminData(request);
      const body = request.body ?? {};
      const field = (name: string) => formText(body, name);
      const input: ConfigInput = {
        groups: data.config.groups.map((g) => ({ code: g.code, maxPoints: numberOf(field(`group_${g.code}`)) })),
        indicators: data.config.indicators.map((i) => ({
          code: i.code,
          numerator: field(`${i.code}_numerator`),
          denominator: field(`${i.code}_denominator`),
          complement: field(`${i.code}_complement`) === '1',
          target: numberOf(field(`${i.code}_target`)) / 100,
          maxPoints: numberOf(field(`${i.code}_points`)),
        })),
      };
      // Only a configuration that does not validate is shown again (422, errors named by their input).
      return formPage(request, reply, {
        act: async () => {
          await scorecards.updateConfig(request.actor, input);
          return `${ADMIN_PAGE}?ok=1`;
        },
        pageError: (error) => error.code !== 'VALIDATION_FAILED',
        summary: (error) => adminErrors(error, request, data.config),
        rerender: (errors) => {
          const values: Record<string, string> = {};
          for (const [k, v] of Object.entries(body)) if (typeof v === 'string' && k !== '_csrf') values[k] = v;
          return reply.page('scorecard-admin.njk', { ...data, values, errors });
        },
      });
    });
  },
};
