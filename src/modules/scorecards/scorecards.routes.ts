// Decision 766 scorecard over HTTP: the public JSON API and the configuration (the pages: scorecards.pages.ts).
import { registerMessages } from '../../core/i18n.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import './scorecards.errors.ts';
import { scorecardsMessages } from './scorecards.messages.ts';
import { METRICS, METRICS_WITHOUT_SOURCE, type ScorecardConfig } from './scorecards.rules.ts';
import { ConfigBody, ConfigView, HistoryQuery, HistoryView, RankingQuery, RankingView, ScorecardQuery, ScorecardView } from './scorecards.schemas.ts';

registerMessages(scorecardsMessages);

export function configView(config: ScorecardConfig, locale: 'vi' | 'en') {
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
    metrics: Object.entries(METRICS).map(([name, m]) => ({ name, unit: m.unit, label: locale === 'en' ? m.en : m.vi, hasSource: !METRICS_WITHOUT_SOURCE.includes(name) })),
  };
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
          operationId: 'getScorecard',
          'x-problem-codes': ['SCORECARD_AGENCY_UNKNOWN'],
          tags: ['scorecards'],
          summary: "Get an agency's 766 scorecard",
          description: 'Bộ chỉ số 766 của một cơ quan (gồm các đơn vị trực thuộc) trong một tháng (công khai)\n\n' +
            'Six groups (publicity 18, progress 20, online services 12, online payment 10, digitisation 22, satisfaction 18). Sub-indicators without a data source (publicity for an agency no catalog sync with the national portal has covered, or, for the progress, a month without messages to the portal) or with a denominator of 0 have noData=true and are left out of points AND maxPoints; index = points / maxPoints × 100. The current month is live; past months come from monthly snapshots.',
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
          operationId: 'getScorecardRanking',
          'x-problem-codes': ['SCORECARD_AGENCY_UNKNOWN'],
          tags: ['scorecards'],
          summary: 'Rank agencies by the 766 scorecard',
          description: 'Xếp hạng các cơ quan cùng cấp theo Bộ chỉ số 766 (cao đến thấp, đồng hạng khi bằng điểm) (công khai)',
          querystring: RankingQuery,
          response: { 200: RankingView },
        },
      },
      async (request) => scorecards.ranking(request.query.month, request.query.level, new Date()),
    );

    app.get(
      '/api/scorecards/766/history',
      {
        schema: { operationId: 'getScorecardHistory', 'x-problem-codes': ['SCORECARD_AGENCY_UNKNOWN'], tags: ['scorecards'], summary: "Get an agency's 766 scorecard history", description: 'Diễn biến chỉ số 766 của một cơ quan theo tháng (công khai)', querystring: HistoryQuery, response: { 200: HistoryView } },
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
          operationId: 'getScorecardConfig',
          tags: ['scorecards'],
          summary: 'Get the 766 scorecard configuration',
          description: 'Cấu hình Bộ chỉ số 766: điểm các nhóm, công thức (phép đo tử số, mẫu số), chỉ tiêu, điểm tối đa; danh mục phép đo (công khai)',
          response: { 200: ConfigView },
        },
      },
      async (request) => configView(await scorecards.config(), request.locale),
    );

    app.put(
      '/api/scorecards/766/config',
      {
        schema: {
          operationId: 'updateScorecardConfig',
          tags: ['scorecards'],
          summary: 'Update the 766 scorecard configuration',
          description: 'Sửa điểm, chỉ tiêu và công thức của Bộ chỉ số 766 (quản trị viên cơ quan cấp cao nhất); tổng điểm phải bằng 100',
          security: [{ session: [], csrf: [] }],
          body: ConfigBody,
          response: { 200: ConfigView },
        },
      },
      async (request) => configView(await scorecards.updateConfig(request.actor, request.body), request.locale),
    );
  },
};
