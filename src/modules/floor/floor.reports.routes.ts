// The floor's reports: JSON (GET /api/floor/reports), the page (/can-bo/quay/bao-cao: period picker, charts drawn as
// the reports module draws them, tables of the same data) and its Excel export (/can-bo/quay/bao-cao.xlsx).
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { registerMessages } from '../../core/i18n.ts';
import { requireActor } from '../identity/identity.routes.ts';
import { groupedBars, horizontalBars } from '../reports/reports.charts.ts';
import { floorReportsMessages } from './floor.reports.messages.ts';
import { floorReportXlsx } from './floor.reports.ts';
import { FloorReportQuery, FloorReportResponse } from './floor.reports.schemas.ts';

registerMessages(floorReportsMessages);

export const floorReportsModule: AppModule = {
  name: 'floor-reports',
  register(app: App, ctx: AppContext) {
    const reports = ctx.services.floorReports;

    app.get(
      '/api/floor/reports',
      {
        schema: {
          operationId: 'floorReport',
          'x-problem-codes': ['FLOOR_REPORT_PERIOD'],
          tags: ['floor'],
          security: [{ session: [] }],
          summary: 'Get the floor report: visits, waiting and service times, ratings',
          description:
            'Báo cáo bộ phận một cửa (trưởng phòng, lãnh đạo cơ quan; các cơ quan trong phạm vi): lượt đến theo ngày và theo giờ, thời gian chờ và phục vụ (trung bình, P90) theo quầy và theo nhóm, đánh giá theo cán bộ (số lượng theo mức, lý do).',
          querystring: FloorReportQuery,
          response: { 200: FloorReportResponse },
        },
      },
      async (request, reply) => reply.header('cache-control', 'no-store').send(await reports.report(requireActor(request), request.query)),
    );

    app.get('/can-bo/quay/bao-cao', { schema: { hide: true, querystring: FloorReportQuery } }, async (request, reply) => {
      const report = await reports.report(requireActor(request), request.query);
      const t = request.t;
      const dayChart = report.visitsByDay.length
        ? groupedBars({ id: 'floor-days', title: t('floorReports.chartDay'), desc: t('floorReports.period', report.period) }, report.visitsByDay.map((d) => d.day.slice(5)), [
            { name: t('floorReports.tickets'), values: report.visitsByDay.map((d) => d.tickets) },
            { name: t('floorReports.served'), values: report.visitsByDay.map((d) => d.served) },
          ])
        : null;
      const hourChart = report.visitsByHour.length
        ? horizontalBars({ id: 'floor-hours', title: t('floorReports.chartHour'), desc: t('floorReports.period', report.period) }, report.visitsByHour.map((h) => ({ label: `${String(h.hour).padStart(2, '0')}:00`, value: h.tickets, text: String(h.tickets) })))
        : null;
      return reply.header('cache-control', 'no-store').page('reports-floor.njk', {
        report,
        dayChart,
        hourChart,
        xlsxUrl: `/can-bo/quay/bao-cao.xlsx?from=${report.period.from}&to=${report.period.to}`,
        reasonText: (reasons: Record<string, number>) => Object.entries(reasons).map(([k, n]) => `${t(`floorReports.reason.${k}`)}: ${n}`).join('; '),
      });
    });

    app.get('/can-bo/quay/bao-cao.xlsx', { schema: { hide: true, querystring: FloorReportQuery } }, async (request, reply) => {
      const report = await reports.report(requireActor(request), request.query);
      const bytes = await floorReportXlsx(report, request.t);
      return reply
        .header('cache-control', 'private, no-store')
        .header('content-disposition', `attachment; filename="bao-cao-mot-cua-${report.period.from}-${report.period.to}.xlsx"`)
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .send(bytes);
    });
  },
};
