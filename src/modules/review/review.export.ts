// The agency's review report and plan of cuts as Excel and PDF: per procedure the dossiers a year, the cost of one
// dossier, the yearly cost before and after, the saving, the reduction rate and the plan; totals. The PDF carries
// the national heading (printouts' drawOfficialHeading). Text cells are neutralised against formula injection.
import { loadExcel } from '../../core/lazy.ts';
import type { Translate } from '../../core/i18n.ts';
import { openPdf } from '../../core/pdf.ts';
import { neutraliseCell } from '../../core/spreadsheet.ts';
import { drawOfficialHeading } from '../printouts/printouts.pdf.ts';
import type { AgencyHeading } from '../printouts/printouts.types.ts';
import { reportRows, reportTotals } from './review.present.ts';
import type { ReviewDetail } from './review.service.ts';

type Locale = 'vi' | 'en';

function columns(t: Translate): string[] {
  return [t('review.col.stt'), t('review.col.procedure'), t('review.col.frequency'), t('review.col.perDossier'), t('review.col.before'), t('review.col.after'), t('review.col.saving'), t('review.col.rate'), t('review.report.plan')];
}

export async function reportToXlsx(d: ReviewDetail, t: Translate, locale: Locale): Promise<Buffer> {
  const workbook = new (await loadExcel()).Workbook();
  workbook.creator = 'OpenDVC';
  const sheet = workbook.addWorksheet(`RS ${d.review.year}`, { pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  const header = columns(t);
  const last = header.length;
  const center = { horizontal: 'center', vertical: 'middle', wrapText: true } as const;
  const border = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } } as const;
  sheet.mergeCells(1, 1, 1, last);
  sheet.getCell(1, 1).value = neutraliseCell(t('review.report.title', { year: d.review.year }));
  sheet.getCell(1, 1).font = { bold: true, size: 13 };
  sheet.getCell(1, 1).alignment = center;
  sheet.mergeCells(2, 1, 2, last);
  sheet.getCell(2, 1).value = neutraliseCell(`${t('review.report.subtitle')} — ${d.agency.name}`);
  sheet.getCell(2, 1).alignment = center;
  sheet.getCell(2, 1).font = { italic: true };
  header.forEach((text, i) => {
    const cell = sheet.getCell(4, i + 1);
    cell.value = neutraliseCell(text);
    cell.font = { bold: true };
    cell.alignment = center;
    cell.border = border;
  });
  // Amounts as numbers when exact in a spreadsheet (Excel holds 15 digits), else as text.
  const amount = (v: bigint | null) => (v === null ? '—' : v <= 999_999_999_999_999n && v >= -999_999_999_999_999n ? Number(v) : v.toString());
  let r = 5;
  d.items.forEach((i, n) => {
    const values = [
      n + 1,
      neutraliseCell(`${i.procedure_name} (${i.procedure_code})`),
      i.frequency,
      amount(i.cost.before.perDossierVnd),
      amount(i.cost.before.yearlyVnd),
      amount(i.cost.after ? i.cost.after.yearlyVnd : null),
      amount(i.cost.savingYearlyVnd),
      i.cost.rateBp === null ? '—' : i.cost.rateBp / 100,
      neutraliseCell(i.proposal ? `${i.proposal.kinds.map((k) => t(`review.kind.${k}`)).join('; ')}: ${i.proposal.reason}` : ''),
    ];
    values.forEach((v, c) => {
      const cell = sheet.getCell(r, c + 1);
      cell.value = v as never;
      cell.border = border;
      if (c >= 2 && c <= 6 && typeof v === 'number') cell.numFmt = '#,##0';
      if (c === 7 && typeof v === 'number') cell.numFmt = '0.00"%"';
      if (c === 1 || c === 8) cell.alignment = { wrapText: true, vertical: 'top' };
    });
    r++;
  });
  const totals = [t('review.col.total'), '', '', '', amount(d.totals.beforeYearlyVnd), amount(d.totals.afterYearlyVnd), amount(d.totals.savingYearlyVnd), d.totals.rateBp === null ? '—' : d.totals.rateBp / 100, ''];
  totals.forEach((v, c) => {
    const cell = sheet.getCell(r, c + 1);
    cell.value = v as never;
    cell.font = { bold: true };
    cell.border = border;
    if (c >= 4 && c <= 6 && typeof v === 'number') cell.numFmt = '#,##0';
    if (c === 7 && typeof v === 'number') cell.numFmt = '0.00"%"';
  });
  sheet.getCell(r + 2, 1).value = neutraliseCell(t('review.formula'));
  sheet.mergeCells(r + 2, 1, r + 2, last);
  sheet.getCell(r + 2, 1).alignment = { wrapText: true };
  sheet.getRow(r + 2).height = 48;
  [6, 48, 12, 14, 18, 18, 18, 12, 48].forEach((w, i) => (sheet.getColumn(i + 1).width = w));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export async function reportToPdf(d: ReviewDetail, heading: AgencyHeading, t: Translate, locale: Locale, issuedAt: Date): Promise<Buffer> {
  const { doc, done } = await openPdf({ size: 'A4', layout: 'landscape', margins: { top: 40, bottom: 40, left: 50, right: 50 }, info: { Title: t('review.report.title', { year: d.review.year }), Author: heading.name } });
  const left = 50;
  const width = doc.page.width - 100;
  drawOfficialHeading(doc, locale, heading, issuedAt);
  doc.font('bold').fontSize(13).text(t('review.report.title', { year: d.review.year }), left, doc.y, { width, align: 'center' });
  doc.font('oblique').fontSize(10.5).text(t('review.report.subtitle'), left, doc.y + 2, { width, align: 'center' });
  doc.moveDown(1);
  const header = columns(t);
  const widths = [26, 170, 52, 62, 80, 80, 80, 50];
  widths.push(width - widths.reduce((s, w) => s + w, 0));
  const rows = reportRows(d, t, locale).map((x) => [String(x.stt), `${x.name} (${x.code})`, String(x.frequency), x.perDossier, x.before, x.after, x.saving, x.rate, x.plan]);
  const totals = reportTotals(d, locale);
  rows.push([t('review.col.total'), '', '', '', totals.before, totals.after, totals.saving, totals.rate, '']);
  const drawRow = (cells: string[], bold: boolean) => {
    doc.font(bold ? 'bold' : 'regular').fontSize(8.5);
    const height = Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: widths[i]! - 6 }))) + 6;
    if (doc.y + height > doc.page.height - 40) doc.addPage();
    const top = doc.y;
    let x = left;
    cells.forEach((c, i) => {
      doc.rect(x, top, widths[i]!, height).lineWidth(0.5).stroke();
      doc.text(c, x + 3, top + 3, { width: widths[i]! - 6, align: i >= 2 && i <= 7 ? 'right' : 'left' });
      x += widths[i]!;
    });
    doc.x = left;
    doc.y = top + height;
  };
  drawRow(header, true);
  rows.forEach((cells, i) => drawRow(cells, i === rows.length - 1));
  doc.moveDown(0.8);
  doc.font('oblique').fontSize(9).text(t('review.formula'), left, doc.y, { width });
  doc.end();
  return done;
}
