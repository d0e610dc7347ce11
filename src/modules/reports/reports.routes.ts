// Reports over HTTP: the Biểu 06 JSON, the dossiers of one cell, the indicators (the pages: reports.pages.ts).
import { registerMessages } from '../../core/i18n.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { FORM_COLUMNS } from './reports.export.ts';
import { reportsMessages } from './reports.messages.ts';
import { cellUrl } from './reports.pages.ts';
import { dataSourceField } from './reports.rules.ts';
import { ApiCellQuery, ApiHandlingQuery, ApiPeriodQuery, CellDossiersT, HandlingReportT, IndicatorsT } from './reports.schemas.ts';
import type { AgencyRedirect } from '../agencies/agencies.service.ts';
import type { HandlingReport, Indicators } from './reports.service.ts';
import './reports.errors.ts';

registerMessages(reportsMessages);

function linksOf(base: string, report: HandlingReport, group: string | null): Record<string, string> {
  return Object.fromEntries(FORM_COLUMNS.map((c) => [c, cellUrl(base, report, c, group)]));
}

/** The `redirectedFrom` of a JSON answer for a merged agency's (or a former) code. */
export function redirectedFrom(redirect: AgencyRedirect | null) {
  return redirect ? { redirectedFrom: { code: redirect.code, name: redirect.name, reason: redirect.reason, since: redirect.since } } : {};
}

function presentReport(report: HandlingReport, base: string) {
  return {
    form: '06/VPCP/KSTT' as const,
    agency: { code: report.agency.code, name: report.agency.name },
    ...redirectedFrom(report.redirect),
    period: report.period,
    groupBy: report.groupBy,
    current: report.current,
    rows: report.rows.map((r) => ({ key: r.key, code: r.code, label: r.label, numbers: r.numbers, onTimeRate: r.onTimeRate, links: linksOf(base, report, r.key) })),
    totals: report.totals,
    totalLinks: linksOf(base, report, null),
    onTimeRate: report.onTimeRate,
    onTimeRateOfReceived: report.onTimeRateOfReceived,
    noTimeLimit: report.noTimeLimit,
    ...dataSourceField(report.source),
  };
}

function presentIndicators({ redirect, source, ...i }: Indicators) {
  return { ...i, agency: { code: i.agency.code, name: i.agency.name }, ...redirectedFrom(redirect), ...dataSourceField(source) };
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
          'x-problem-codes': ['NOT_FOUND', 'REPORT_NO_SCOPE'],
          tags: ['reports'],
          summary: 'Get the handling report (form 06)',
          description: 'Biểu 06/VPCP/KSTT: tình hình, kết quả giải quyết TTHC của cơ quan (và đơn vị trực thuộc) trong kỳ\n\n' +
            "The agency's dossiers include those of the agencies merged into it, before and after the merger. A merged agency's code (or a former code) answers with the successor's report and `redirectedFrom` naming the code asked for. Refusals (before reception) are counted in `refused` on their refusal day, outside the balance received = resolved + in progress + withdrawn + stopped.",
          security: [{ session: [] }],
          querystring: ApiHandlingQuery,
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
          'x-problem-codes': ['NOT_FOUND', 'REPORT_NO_SCOPE'],
          tags: ['reports'],
          summary: 'List the dossiers of a report cell',
          description: 'Danh sách hồ sơ của một ô trong Biểu 06 (phân trang)',
          security: [{ session: [] }],
          querystring: ApiCellQuery,
          response: { 200: CellDossiersT },
        },
      },
      async (request) => {
        const result = await reports.cellDossiers(request.actor, request.query);
        return {
          cell: result.cell,
          ...redirectedFrom(result.redirect),
          items: result.items.map((d) => ({
            code: d.code,
            procedureCode: d.procedureCode,
            procedureName: d.procedureName,
            agencyName: d.agencyName,
            status: d.status,
            channel: d.channel,
            receivedAt: d.receivedAt?.toISOString() ?? null,
            dueAt: d.dueAt?.toISOString() ?? null,
            finishedAt: d.finishedAt?.toISOString() ?? null,
            timeliness: d.timeliness,
          })),
          total: result.total,
          page: result.page,
          pageSize: result.pageSize,
          pageCount: result.pageCount,
          ...dataSourceField(result.source),
        };
      },
    );

    app.get(
      '/api/indicators',
      {
        schema: {
          operationId: 'getIndicators',
          'x-problem-codes': ['NOT_FOUND', 'REPORT_NO_SCOPE'],
          tags: ['reports'],
          summary: 'Get the key indicators',
          description: 'Chỉ số: tỷ lệ đúng hạn, tỷ lệ hồ sơ trực tuyến (mục tiêu 20%), DVC trực tuyến có phát sinh hồ sơ, hồ sơ giải quyết trực tuyến, tài khoản',
          security: [{ session: [] }],
          querystring: ApiPeriodQuery,
          response: { 200: IndicatorsT },
        },
      },
      async (request) => presentIndicators(await reports.indicators(request.actor, request.query)),
    );
  },
};
