// Reports over HTTP: the Biểu 06 JSON, the dossiers of one cell, the indicators (the pages: reports.pages.ts).
import { registerMessages } from '../../core/i18n.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { FORM_COLUMNS } from './reports.export.ts';
import { reportsMessages } from './reports.messages.ts';
import { cellUrl } from './reports.pages.ts';
import { CellDossiersT, CellQuery, HandlingQuery, HandlingReportT, IndicatorsT, PeriodQuery } from './reports.schemas.ts';
import type { HandlingReport, Indicators } from './reports.service.ts';
import './reports.errors.ts';

registerMessages(reportsMessages);

function linksOf(base: string, report: HandlingReport, group: string | null): Record<string, string> {
  return Object.fromEntries(FORM_COLUMNS.map((c) => [c, cellUrl(base, report, c, group)]));
}

function presentReport(report: HandlingReport, base: string) {
  return {
    form: '06/VPCP/KSTT' as const,
    agency: { code: report.agency.code, name: report.agency.name },
    period: report.period,
    groupBy: report.groupBy,
    current: report.current,
    rows: report.rows.map((r) => ({ key: r.key, code: r.code, label: r.label, numbers: r.numbers, onTimeRate: r.onTimeRate, links: linksOf(base, report, r.key) })),
    totals: report.totals,
    totalLinks: linksOf(base, report, null),
    onTimeRate: report.onTimeRate,
    onTimeRateOfReceived: report.onTimeRateOfReceived,
  };
}

function presentIndicators(i: Indicators) {
  return { ...i, agency: { code: i.agency.code, name: i.agency.name } };
}

export const reportsModule: AppModule = {
  name: 'reports',
  register(app: App, ctx: AppContext) {
    const reports = ctx.services.reports;

    app.get(
      '/api/reports/handling',
      {
        schema: {
          operationId: 'getHandlingReport',
          tags: ['reports'],
          summary: 'Get the handling report (form 06)',
          description: 'Biểu 06/VPCP/KSTT: tình hình, kết quả giải quyết TTHC của cơ quan (và đơn vị trực thuộc) trong kỳ',
          security: [{ session: [] }],
          querystring: HandlingQuery,
          response: { 200: HandlingReportT },
        },
      },
      async (request) => presentReport(await reports.handling(request.actor, request.query), '/api/reports/handling/dossiers'),
    );

    app.get(
      '/api/reports/handling/dossiers',
      {
        schema: {
          operationId: 'listHandlingReportDossiers',
          tags: ['reports'],
          summary: 'List the dossiers of a report cell',
          description: 'Danh sách hồ sơ của một ô trong Biểu 06 (phân trang)',
          security: [{ session: [] }],
          querystring: CellQuery,
          response: { 200: CellDossiersT },
        },
      },
      async (request) => {
        const result = await reports.cellDossiers(request.actor, request.query);
        return {
          cell: result.cell,
          items: result.items.map((d) => ({
            code: d.code,
            procedureCode: d.procedureCode,
            procedureName: d.procedureName,
            agencyName: d.agencyName,
            status: d.status,
            channel: d.channel,
            receivedAt: d.receivedAt.toISOString(),
            dueAt: d.dueAt?.toISOString() ?? null,
            finishedAt: d.finishedAt?.toISOString() ?? null,
            timeliness: d.timeliness,
          })),
          total: result.total,
          page: result.page,
          pageSize: result.pageSize,
          pageCount: result.pageCount,
        };
      },
    );

    app.get(
      '/api/indicators',
      {
        schema: {
          operationId: 'getIndicators',
          tags: ['reports'],
          summary: 'Get the key indicators',
          description: 'Chỉ số: tỷ lệ đúng hạn, tỷ lệ hồ sơ trực tuyến (mục tiêu 20%), DVC trực tuyến có phát sinh hồ sơ, hồ sơ giải quyết trực tuyến, tài khoản',
          security: [{ session: [] }],
          querystring: PeriodQuery,
          response: { 200: IndicatorsT },
        },
      },
      async (request) => presentIndicators(await reports.indicators(request.actor, request.query)),
    );
  },
};
