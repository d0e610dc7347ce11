// The yearly report's chart (the reports' server-drawn SVG bars, reports.charts.ts) and Excel export (exceljs,
// loaded on first use; text cells neutralised against formula injection).
import type { Translate } from '../../core/i18n.ts';
import { loadExcel } from '../../core/lazy.ts';
import { neutraliseCell } from '../../core/spreadsheet.ts';
import { horizontalBars } from '../reports/reports.charts.ts';
import type { ResultView, YearReportView } from './surveys.service.ts';

/** A percentage with one decimal (vi: comma), or "—". */
export function percentText(value: number | null | undefined, locale: 'vi' | 'en' = 'vi'): string {
  if (value === null || value === undefined) return '—';
  const text = value.toFixed(1);
  return `${locale === 'vi' ? text.replace('.', ',') : text}%`;
}

/** ± margin in percentage points, or "—". */
export function marginText(value: number | null | undefined, locale: 'vi' | 'en' = 'vi'): string {
  if (value === null || value === undefined) return '—';
  const text = value.toFixed(1);
  return `±${locale === 'vi' ? text.replace('.', ',') : text}`;
}

export function meanText(value: number | null | undefined, locale: 'vi' | 'en' = 'vi'): string {
  if (value === null || value === undefined) return '—';
  const text = value.toFixed(2);
  return locale === 'vi' ? text.replace('.', ',') : text;
}

/** Horizontal bars of the overall result's factors (0..100), the overall index last. */
export function factorChart(report: YearReportView, result: ResultView, t: Translate, locale: 'vi' | 'en'): string {
  const items = result.factors.map((f) => ({ label: f.name, value: f.satisfied.value ?? 0, text: percentText(f.satisfied.value, locale) }));
  items.push({ label: t('surveys.overall'), value: result.overall.value ?? 0, text: percentText(result.overall.value, locale) });
  return horizontalBars({ id: 'sipas-factors', title: t('surveys.report.chartTitle', { year: report.year }), desc: t('surveys.report.chartDesc') }, items, 100);
}

export async function yearReportXlsx(report: YearReportView, t: Translate): Promise<Buffer> {
  const workbook = new (await loadExcel()).Workbook();
  workbook.creator = 'OpenDVC';
  const sheet = workbook.addWorksheet(t('surveys.report.sheet', { year: report.year }));
  const text = (value: string) => neutraliseCell(value);
  sheet.addRow([text(t('surveys.report.title', { year: report.year }))]).font = { bold: true, size: 13 };
  if (report.questionnaire) sheet.addRow([text(t('surveys.indexNote', { from: report.questionnaire.satisfiedFrom, max: report.questionnaire.scaleMax }))]);
  sheet.addRow([]);
  const factors = report.questionnaire?.factors ?? [];
  const header = sheet.addRow([
    t('surveys.col.agency'),
    t('surveys.col.population'),
    t('surveys.col.sample'),
    t('surveys.col.responses'),
    t('surveys.col.responseRate'),
    t('surveys.col.index'),
    t('surveys.col.moe'),
    t('surveys.col.mean'),
    ...factors.flatMap((f) => [text(f.name), `${text(f.name)} – ${t('surveys.col.moe')}`, `${text(f.name)} – ${t('surveys.col.perception')}`, `${text(f.name)} – ${t('surveys.col.expectation')}`]),
  ]);
  header.font = { bold: true };
  const round = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);
  const row = (r: ResultView) =>
    sheet.addRow([
      text(r.agencyId === null ? t('surveys.overall') : r.agencyName),
      r.population,
      r.sampleSize,
      r.responses,
      round(r.responseRate),
      round(r.overall.value),
      round(r.overall.marginOfError),
      round(r.overallMeanPercent),
      ...factors.flatMap((f) => {
        const x = r.factors.find((y) => y.factorId === f.id);
        return [round(x?.satisfied.value ?? null), round(x?.satisfied.marginOfError ?? null), round(x?.perception ?? null), round(x?.expectation ?? null)];
      }),
    ]);
  if (report.overall) row(report.overall).font = { bold: true };
  for (const r of report.agencies) row(r);
  sheet.getColumn(1).width = 40;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
