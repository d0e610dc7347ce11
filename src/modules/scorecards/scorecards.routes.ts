// Decision 766 scorecard over HTTP: the public JSON API and pages (scorecard of an agency with its history,
// ranking) and the administrator's page to edit weights, targets and formulas.
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../../core/errors.ts';
import { registerMessages } from '../../core/i18n.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { formErrors, type FormErrors, formPage } from '../../http/form-page.ts';
import './scorecards.errors.ts';
import { scorecardsMessages } from './scorecards.messages.ts';
import { formatters } from './scorecards.format.ts';
import { historyBars, METRICS, monthLabel, type ScorecardConfig } from './scorecards.rules.ts';
import { ConfigBody, ConfigView, HistoryQuery, HistoryView, RankingQuery, RankingView, ScorecardQuery, ScorecardView } from './scorecards.schemas.ts';
import type { ConfigInput } from './scorecards.service.ts';

registerMessages(scorecardsMessages);

export const SCORECARD_PAGE = '/cong-khai/chi-so-766';
export const RANKING_PAGE = '/cong-khai/chi-so-766/xep-hang';
export const ADMIN_PAGE = '/quan-tri/chi-so-766';

function configView(config: ScorecardConfig, locale: 'vi' | 'en') {
  return {
    groups: config.groups.map((g) => ({ code: g.code, name: locale === 'en' ? g.nameEn : g.name, position: g.position, maxPoints: g.maxPoints })),
    indicators: config.indicators.map((i) => ({
      code: i.code,
      groupCode: i.groupCode,
      position: i.position,
      name: locale === 'en' ? i.nameEn : i.name,
      numerator: i.numerator,
      denominator: i.denominator,
      complement: i.complement,
      target: i.target,
      maxPoints: i.maxPoints,
    })),
    metrics: Object.entries(METRICS).map(([name, m]) => ({ name, unit: m.unit, label: locale === 'en' ? m.en : m.vi, hasSource: !name.startsWith('publicity_') && name !== 'complaints' })),
  };
}

/** "9,5" or "9.5" → 9.5; empty or not a number → NaN (the rules report it). */
function numberOf(value: unknown): number {
  if (typeof value !== 'string' || value.trim() === '') return NaN;
  const text = value.trim().replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
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

export const scorecardsModule: AppModule = {
  name: 'scorecards',
  register(app: App, ctx: AppContext) {
    const scorecards = ctx.services.scorecards;

    // JSON ----------------------------------------------------------------------

    app.get(
      '/api/scorecards/766',
      {
        schema: {
          tags: ['scorecards'],
          summary: 'Bộ chỉ số 766 của một cơ quan (gồm các đơn vị trực thuộc) trong một tháng (công khai)',
          description:
            'Six groups (publicity 18, progress 20, online services 12, online payment 10, digitisation 22, satisfaction 18). Sub-indicators without a data source or with a denominator of 0 have noData=true and are left out of points AND maxPoints; index = points / maxPoints × 100. The current month is live; past months come from monthly snapshots.',
          querystring: ScorecardQuery,
          response: { 200: ScorecardView },
        },
      },
      async (request) => scorecards.scorecard(request.query.agency, request.query.month, new Date(), request.locale),
    );

    app.get(
      '/api/scorecards/766/ranking',
      {
        schema: {
          tags: ['scorecards'],
          summary: 'Xếp hạng các cơ quan cùng cấp theo Bộ chỉ số 766 (cao đến thấp, đồng hạng khi bằng điểm) (công khai)',
          querystring: RankingQuery,
          response: { 200: RankingView },
        },
      },
      async (request) => scorecards.ranking(request.query.month, request.query.level, new Date()),
    );

    app.get(
      '/api/scorecards/766/history',
      {
        schema: { tags: ['scorecards'], summary: 'Diễn biến chỉ số 766 của một cơ quan theo tháng (công khai)', querystring: HistoryQuery, response: { 200: HistoryView } },
      },
      async (request) => {
        const now = new Date();
        const last = scorecards.checkMonth(request.query.month, now);
        const agency = await scorecards.agencyByCode(request.query.agency);
        return { agency: agency.code, months: await scorecards.history(agency.code, last, request.query.months ?? 12, now) };
      },
    );

    app.get(
      '/api/scorecards/766/config',
      {
        schema: {
          tags: ['scorecards'],
          summary: 'Cấu hình Bộ chỉ số 766: điểm các nhóm, công thức (phép đo tử số, mẫu số), chỉ tiêu, điểm tối đa; danh mục phép đo (công khai)',
          response: { 200: ConfigView },
        },
      },
      async (request) => configView(await scorecards.config(), request.locale),
    );

    app.put(
      '/api/scorecards/766/config',
      {
        schema: {
          tags: ['scorecards'],
          summary: 'Sửa điểm, chỉ tiêu và công thức của Bộ chỉ số 766 (quản trị viên cơ quan cấp cao nhất); tổng điểm phải bằng 100',
          security: [{ session: [], csrf: [] }],
          body: ConfigBody,
          response: { 200: ConfigView },
        },
      },
      async (request) => configView(await scorecards.updateConfig(request.actor, request.body as ConfigInput), request.locale),
    );

    // Pages ---------------------------------------------------------------------

    app.get(SCORECARD_PAGE, { schema: { hide: true } }, async (request, reply) => {
      const q = request.query as Record<string, string | undefined>;
      const now = new Date();
      const levels = await scorecards.levels();
      const agencies = (await ctx.services.agencies.list()).filter((a) => a.active).sort((a, b) => a.code.localeCompare(b.code));
      const code = q['co-quan']?.trim() || agencies.find((a) => a.parent_id === null)?.code;
      if (!code) return reply.page('scorecard.njk', { agencies: [], levels });
      const card = await scorecards.scorecard(code, q.thang, now, request.locale);
      const history = await scorecards.history(card.agency.code, card.month, 12, now);
      return reply.page('scorecard.njk', {
        card,
        monthLabel: monthLabel(card.month),
        agencies,
        history: history.map((h) => ({ ...h, label: monthLabel(h.month) })),
        bars: historyBars(history),
        levels,
        ...formatters(request.locale),
      });
    });

    app.get(RANKING_PAGE, { schema: { hide: true } }, async (request, reply) => {
      const q = request.query as Record<string, string | undefined>;
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

    app.get(ADMIN_PAGE, { schema: { hide: true } }, async (request, reply) => {
      const data = await adminData(request);
      const ok = (request.query as { ok?: string }).ok === '1';
      return reply.page('scorecard-admin.njk', { ...data, values: formValues(data.config), ok });
    });

    app.post(ADMIN_PAGE, { schema: { hide: true } }, async (request, reply) => {
      const data = await adminData(request);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const input: ConfigInput = {
        groups: data.config.groups.map((g) => ({ code: g.code, maxPoints: numberOf(body[`group_${g.code}`]) })),
        indicators: data.config.indicators.map((i) => ({
          code: i.code,
          numerator: str(body[`${i.code}_numerator`]),
          denominator: str(body[`${i.code}_denominator`]),
          complement: body[`${i.code}_complement`] === '1',
          target: numberOf(body[`${i.code}_target`]) / 100,
          maxPoints: numberOf(body[`${i.code}_points`]),
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
