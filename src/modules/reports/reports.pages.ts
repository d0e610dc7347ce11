// The reports' pages: /bao-cao/xu-ly (period picker, the table laid out like the form, Excel and PDF),
// /bao-cao/xu-ly/ho-so (a cell's dossiers) and /bao-cao/tong-quan (leaders' dashboard with SVG charts and tables).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import type { Actor } from '../../core/actor.ts';
import { DomainError, type FieldError } from '../../core/errors.ts';
import type { Translate } from '../../core/i18n.ts';
import { formatDate, formatDateTime, formatNumber } from '../../core/text.ts';
import { vietnamDate } from '../../core/time.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { formPage } from '../../http/form-page.ts';
import { codeOptions } from '../agencies/agencies.picker.ts';
import { agencyRedirectNote, redirectOldAgencyCode } from '../agencies/agencies.redirects.ts';
import { groupedBars, horizontalBars, lineWithTarget } from './reports.charts.ts';
import { FORM_COLUMNS, handlingToPdf, handlingToXlsx, rowLabel } from './reports.export.ts';
import { combinedSource, displayDay, GROUP_BYS, PRESETS, presetPeriod, sourceNote, type Cell, type GroupBy, type Rate } from './reports.rules.ts';
import type { ReadSource } from '../../db/replica.rules.ts';
import { CellPageQuery, DashboardQuery, ExportQuery, ReportPageQuery } from './reports.schemas.ts';
import type { HandlingReport } from './reports.service.ts';

/** Link to the dossiers of one cell of the report (a row's, or the totals' when `group` is null). */
export function cellUrl(base: string, report: { agency: { code: string }; period: { from: string; to: string }; groupBy: string }, cell: Cell, group: string | null): string {
  const params = new URLSearchParams({ agency: report.agency.code, from: report.period.from, to: report.period.to, groupBy: report.groupBy, cell });
  if (group !== null) params.set('group', group);
  return `${base}?${params.toString()}`;
}

function percentText(rate: Rate, t: Translate): string {
  return rate.percent === null ? t('reports.rateNone') : `${rate.percent.toFixed(2).replace('.', ',')}%`;
}

function fractionText(rate: Rate, t: Translate): string {
  return t('reports.ind.fraction', { rate: percentText(rate, t), numerator: formatNumber(rate.numerator), denominator: formatNumber(rate.denominator) });
}

interface PageQuery {
  agency: string;
  preset: string;
  year: string;
  month: string;
  quarter: string;
  from: string;
  to: string;
  groupBy: GroupBy;
}

/**
 * The report page's query: a preset (with its year, and its month or quarter, each chosen from a list) gives the
 * days; "custom" takes from/to as typed. `index` (the month or the quarter) still reads links made before the pickers.
 */
function readPageQuery(q: Static<typeof ReportPageQuery>): { values: PageQuery; errors: FieldError[] } {
  const text = (name: keyof typeof q) => (q[name] ?? '').trim();
  const today = vietnamDate(new Date());
  const month = Number(today.slice(5, 7));
  const values: PageQuery = {
    agency: text('agency'),
    preset: text('preset') || (text('from') || text('to') ? 'custom' : 'year'),
    year: text('year') || today.slice(0, 4),
    month: text('month') || (text('preset') === 'month' ? text('index') : '') || String(month),
    quarter: text('quarter') || (/quarter/.test(text('preset')) ? text('index') : '') || String(Math.ceil(month / 3)),
    from: text('from'),
    to: text('to'),
    groupBy: groupByOf(text('groupBy')) ?? 'field',
  };
  const errors: FieldError[] = [];
  const preset = PRESETS.find((p) => p === values.preset);
  if (preset) {
    const year = Number(values.year);
    if (!/^\d{4}$/.test(values.year) || year < 1900 || year > 2200) errors.push({ path: '/year', code: 'REPORT_YEAR_INVALID' });
    const byMonth = preset === 'month';
    const byQuarter = preset === 'quarter' || preset === 'cutoff_quarter';
    const index = byMonth ? values.month : values.quarter;
    const maxIndex = byMonth ? 12 : 4;
    if ((byMonth || byQuarter) && (!/^\d{1,2}$/.test(index) || Number(index) < 1 || Number(index) > maxIndex)) {
      errors.push({ path: byMonth ? '/month' : '/quarter', code: 'REPORT_INDEX_INVALID' });
    }
    if (errors.length === 0) {
      const period = presetPeriod({ preset, year, index: byMonth || byQuarter ? Number(index) : 1 });
      values.from = displayDay(period.from);
      values.to = displayDay(period.to);
    }
  } else {
    values.preset = 'custom';
    if (!values.from && !values.to) {
      values.from = displayDay(`${today.slice(0, 4)}-01-01`);
      values.to = displayDay(today);
    }
  }
  return { values, errors };
}

/** Years the period picker offers: this year back to 2010, and a year asked for outside them. */
function yearOptions(chosen: string): string[] {
  const current = Number(vietnamDate(new Date()).slice(0, 4));
  const years = Array.from({ length: current - 2010 + 1 }, (_, i) => String(current - i));
  if (/^\d{4}$/.test(chosen) && !years.includes(chosen)) years.push(chosen);
  return years.sort().reverse();
}

/** A known grouping of the rows, or undefined. */
function groupByOf(text: string | undefined): GroupBy | undefined {
  return GROUP_BYS.find((g) => g === text);
}

/** The line saying where the figures were read (a replica and its lag, or the primary after a fallback); null without a replica. */
function sourceText(t: Translate, locale: 'vi' | 'en', sources: readonly ReadSource[]): string | null {
  const note = sourceNote(combinedSource(sources), locale);
  return note ? t(note.key, note.params) : null;
}

function statusText(t: Translate, status: number): string {
  return t(`reports.status.${status}`);
}

export const reportsPagesModule: AppModule = {
  name: 'reports-pages',
  register(app: App, ctx: AppContext) {
    const reports = ctx.services.reports;

    app.get('/bao-cao', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/bao-cao/tong-quan'));

    // A GET form: the report, or the period picker again with the error summary (422) when the period is invalid.
    // A merged agency's code (or a former code) in a report URL: 303 to the successor's, which shows the note.
    const oldCode = (request: FastifyRequest, reply: FastifyReply, code: string | undefined) =>
      redirectOldAgencyCode(ctx.services.agencies, request, reply, code, { param: 'agency' });
    const note = (request: FastifyRequest, code: string) => agencyRedirectNote(ctx.services.agencies, request, code);

    app.get('/bao-cao/xu-ly', { schema: { hide: true, querystring: ReportPageQuery } }, async (request, reply) => {
      const moved = await oldCode(request, reply, request.query.agency);
      if (moved) return moved;
      const t = request.t;
      const { values, errors } = readPageQuery(request.query);
      const agencies = await reports.agencyOptions(request.actor);
      const render = (data: Record<string, unknown>) =>
        reply.page('reports-handling.njk', {
          values,
          agencies: codeOptions(agencies),
          agencyListed: agencies.some((o) => o.code === values.agency),
          years: yearOptions(values.year),
          presets: [...PRESETS, 'custom'],
          groupBys: GROUP_BYS,
          formColumns: FORM_COLUMNS,
          ...data,
        });
      return formPage(request, reply, {
        pageError: (error) => error.code !== 'VALIDATION_FAILED',
        rerender: (form) => render({ errors: form }),
        act: async () => {
          if (errors.length > 0) throw new DomainError('VALIDATION_FAILED', undefined, errors);
          const query = { agency: values.agency || undefined, from: values.from, to: values.to, groupBy: values.groupBy };
          const [report, indicators] = await Promise.all([reports.handling(request.actor, query), reports.indicators(request.actor, query)]);
          values.agency = report.agency.code;
          const exportQuery = new URLSearchParams({ agency: report.agency.code, from: report.period.from, to: report.period.to, groupBy: report.groupBy }).toString();
          const cellLink = (cell: Cell, group: string | null) => cellUrl('/bao-cao/xu-ly/ho-so', report, cell, group);
          return render({
            report,
            redirectNote: await note(request, report.agency.code),
            periodText: { from: displayDay(report.period.from), to: displayDay(report.period.to) },
            nowText: formatDateTime(report.now),
            sourceText: sourceText(t, request.locale, [report.source, indicators.source]),
            rows: report.rows.map((r, i) => ({
              index: i + 1,
              label: rowLabel(report, r, t),
              cells: FORM_COLUMNS.map((c) => ({ cell: c, value: r.numbers[c], text: formatNumber(r.numbers[c], request.locale), href: cellLink(c, r.key) })),
              rate: percentText(r.onTimeRate, t),
            })),
            totals: FORM_COLUMNS.map((c) => ({ cell: c, value: report.totals[c], text: formatNumber(report.totals[c], request.locale), href: cellLink(c, null) })),
            rateText: percentText(report.onTimeRate, t),
            indicators: {
              onTime: fractionText(indicators.onTimeRate, t),
              onlineShare: fractionText(indicators.onlineShare, t),
              onlineBelow: indicators.onlineShare.belowTarget,
              onlineKnown: indicators.onlineShare.percent !== null,
              capable: fractionText(indicators.onlineCapableWithDossiers, t),
              resolvedOnline: fractionText(indicators.onlineResolvedOnline, t),
              accounts: t('reports.ind.accountsValue', { total: formatNumber(indicators.accounts.total), created: formatNumber(indicators.accounts.created) }),
            },
            exportQuery,
          });
        },
      });
    });

    const exportReport = async (request: { actor: Actor | null; query: Static<typeof ExportQuery> }) => {
      const q = request.query;
      return reports.handling(request.actor, { agency: q.agency, from: q.from, to: q.to, groupBy: groupByOf(q.groupBy) ?? 'field' });
    };
    const fileName = (report: HandlingReport, ext: string) => `bieu-06-${report.agency.code}-${report.period.from}-${report.period.to}.${ext}`;

    app.get('/bao-cao/xu-ly.xlsx', { schema: { hide: true, querystring: ExportQuery } }, async (request, reply) => {
      const moved = await oldCode(request, reply, request.query.agency);
      if (moved) return moved;
      const report = await exportReport(request);
      const body = await handlingToXlsx(report, request.t, sourceText(request.t, request.locale, [report.source]));
      reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      reply.header('content-disposition', `attachment; filename="${fileName(report, 'xlsx')}"`);
      reply.header('cache-control', 'no-store');
      return reply.send(body);
    });

    app.get('/bao-cao/xu-ly.pdf', { schema: { hide: true, querystring: ExportQuery } }, async (request, reply) => {
      const moved = await oldCode(request, reply, request.query.agency);
      if (moved) return moved;
      const report = await exportReport(request);
      const body = await handlingToPdf(report, request.t, report.now, sourceText(request.t, request.locale, [report.source]));
      reply.header('content-type', 'application/pdf');
      reply.header('content-disposition', `attachment; filename="${fileName(report, 'pdf')}"`);
      reply.header('cache-control', 'no-store');
      return reply.send(body);
    });

    app.get('/bao-cao/xu-ly/ho-so', { schema: { hide: true, querystring: CellPageQuery } }, async (request, reply) => {
      const moved = await oldCode(request, reply, request.query.agency);
      if (moved) return moved;
      const t = request.t;
      const q = request.query;
      const cell = FORM_COLUMNS.find((c) => c === q.cell);
      if (!cell) throw new DomainError('NOT_FOUND');
      const groupBy = groupByOf(q.groupBy);
      const result = await reports.cellDossiers(request.actor, { agency: q.agency, from: q.from, to: q.to, cell, groupBy, group: q.group, page: q.page ?? 1 });
      const base = new URLSearchParams({ agency: result.agency.code, from: result.period.from, to: result.period.to, cell, ...(groupBy ? { groupBy } : {}), ...(q.group ? { group: q.group } : {}) });
      const backParams = new URLSearchParams({ agency: result.agency.code, from: displayDay(result.period.from), to: displayDay(result.period.to), preset: 'custom', ...(groupBy ? { groupBy } : {}) });
      return reply.page('reports-dossiers.njk', {
        redirectNote: await note(request, result.agency.code),
        title: t(`reports.cellFull.${cell}`),
        scope: t('reports.drill.scope', {
          agency: result.agency.name,
          from: displayDay(result.period.from),
          to: displayDay(result.period.to),
          group: q.group ? (groupBy === 'level' ? t(`reports.level.${q.group}`) : t(`reports.groupBy.${groupBy ?? 'field'}`)) : t('reports.drill.allGroups'),
        }),
        total: result.total,
        page: result.page,
        pageCount: result.pageCount,
        baseUrl: `/bao-cao/xu-ly/ho-so?${base.toString()}&`,
        backUrl: `/bao-cao/xu-ly?${backParams.toString()}`,
        sourceText: sourceText(t, request.locale, [result.source]),
        items: result.items.map((d) => ({
          code: d.code,
          procedure: `${d.procedureCode} – ${d.procedureName}`,
          agency: d.agencyName,
          status: statusText(t, d.status),
          received: d.receivedAt ? formatDateTime(d.receivedAt) : '—',
          due: d.dueAt ? formatDateTime(d.dueAt) : '—',
          finished: d.finishedAt ? formatDateTime(d.finishedAt) : '—',
        })),
      });
    });

    app.get('/bao-cao/tong-quan', { schema: { hide: true, querystring: DashboardQuery } }, async (request, reply) => {
      const moved = await oldCode(request, reply, request.query.agency);
      if (moved) return moved;
      const t = request.t;
      const data = await reports.dashboard(request.actor, request.query.agency);
      const monthLabel = (m: string) => `${m.slice(5, 7)}/${m.slice(0, 4)}`;
      const shortMonth = (m: string) => `${m.slice(5, 7)}/${m.slice(2, 4)}`;
      const trendSvg = groupedBars(
        { id: 'rp-trend', title: t('reports.dashboard.trend'), desc: t('reports.dashboard.trendDesc') },
        data.trend.map((m) => shortMonth(m.month)),
        [
          { name: t('reports.dashboard.received'), values: data.trend.map((m) => m.received) },
          { name: t('reports.dashboard.resolved'), values: data.trend.map((m) => m.resolved) },
        ],
      );
      const byAgencySvg = data.byAgency.length
        ? horizontalBars(
            { id: 'rp-agency', title: t('reports.dashboard.onTimeByAgency'), desc: t('reports.dashboard.onTimeByAgencyDesc') },
            data.byAgency.map((a) => ({ label: a.name, value: a.onTimeRate.percent ?? 0, text: percentText(a.onTimeRate, t) })),
            100,
          )
        : null;
      const stepLabel = (step: number | null) => (step === null ? t('reports.dashboard.noStep') : t('reports.dashboard.stepNumber', { step }));
      const stepsSvg = data.overdueBySteps.length
        ? horizontalBars(
            { id: 'rp-steps', title: t('reports.dashboard.overdueBySteps'), desc: t('reports.dashboard.overdueByStepsDesc') },
            data.overdueBySteps.map((s) => ({ label: stepLabel(s.step), value: s.n, text: formatNumber(s.n) })),
          )
        : null;
      const onlineSvg = lineWithTarget(
        { id: 'rp-online', title: t('reports.dashboard.online'), desc: t('reports.dashboard.onlineDesc') },
        data.onlineByMonth.map((m) => shortMonth(m.month)),
        data.onlineByMonth.map((m) => m.share.percent),
        data.onlineShare.target,
        `${t('reports.dashboard.target')} ${data.onlineShare.target}%`,
      );
      const yearParams = new URLSearchParams({ agency: data.agency.code, preset: 'custom', from: displayDay(data.year.from), to: displayDay(data.year.to) });
      return reply.page('reports-dashboard.njk', {
        agency: data.agency,
        redirectNote: await note(request, data.agency.code),
        intro: t('reports.dashboard.intro', { agency: data.agency.name, year: data.year.from.slice(0, 4) }),
        nowText: formatDate(data.now),
        sourceText: sourceText(t, request.locale, [data.source]),
        trendSvg,
        trend: data.trend.map((m) => ({ month: monthLabel(m.month), received: formatNumber(m.received), resolved: formatNumber(m.resolved) })),
        byAgencySvg,
        byAgency: data.byAgency.map((a) => ({ name: a.name, code: a.code, rate: fractionText(a.onTimeRate, t) })),
        stepsSvg,
        steps: data.overdueBySteps.map((s) => ({ label: stepLabel(s.step), n: formatNumber(s.n) })),
        mostLate: data.mostLate.map((p) => ({ code: p.code, name: p.name, late: formatNumber(p.late), share: percentText({ numerator: p.late, denominator: p.resolved, percent: p.resolved ? Math.round((p.late / p.resolved) * 10000) / 100 : null }, t) })),
        onlineSvg,
        online: data.onlineByMonth.map((m) => ({ month: monthLabel(m.month), share: percentText(m.share, t) })),
        onlineYear: t('reports.dashboard.onlineYear', {
          rate: fractionText(data.onlineShare, t),
          status: data.onlineShare.percent === null ? t('reports.rateNone') : data.onlineShare.belowTarget ? t('reports.ind.belowTarget') : t('reports.ind.reached'),
        }),
        onlineBelow: data.onlineShare.belowTarget,
        reportUrl: `/bao-cao/xu-ly?${yearParams.toString()}`,
      });
    });
  },
};
