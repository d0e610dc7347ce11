// Exports of the handling report laid out like Biểu 06/VPCP/KSTT: an Excel workbook (agency and form number,
// title, period, unit, the three-level column header, the column numbers, the rows and the totals) and an A4
// landscape PDF in DejaVu Sans. Text cells are neutralised against formula injection.
import type ExcelJS from 'exceljs';
import { loadExcel } from '../../core/lazy.ts';
import type { Translate } from '../../core/i18n.ts';
import { openPdf } from '../../core/pdf.ts';
import { formatDateTime } from '../../core/text.ts';
import { neutraliseCell } from '../../core/spreadsheet.ts';
import { CELLS, displayDay, type Cell } from './reports.rules.ts';
import type { HandlingReport } from './reports.service.ts';

/** The data columns in form order (after STT and the row label): the report's cells, in form order. */
export const FORM_COLUMNS: readonly Cell[] = CELLS;

/** Row label of a report row: agency levels are translated, the others are names (with a code). */
export function rowLabel(report: HandlingReport, row: HandlingReport['rows'][number], t: Translate): string {
  if (report.groupBy === 'level') return t(`reports.level.${row.label}`);
  if (report.groupBy === 'procedure' && row.code) return `${row.code} – ${row.label}`;
  return row.label;
}

function rateText(report: HandlingReport, t: Translate): string {
  const p = report.onTimeRate.percent;
  return t('reports.onTimeRate', { rate: p === null ? t('reports.rateNone') : `${p.toFixed(2).replace('.', ',')}%` });
}

const TOTAL_COLUMNS = 2 + FORM_COLUMNS.length;

/** `sourceLine`: where the figures were read (a replica and its lag), printed under the rate; null: nothing. */
export async function handlingToXlsx(report: HandlingReport, t: Translate, sourceLine: string | null = null): Promise<Buffer> {
  const workbook = new (await loadExcel()).Workbook();
  workbook.creator = 'OpenDVC';
  const sheet = workbook.addWorksheet('Biểu 06', { pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  const text = (value: string) => neutraliseCell(value);
  const last = TOTAL_COLUMNS;
  const center = { horizontal: 'center', vertical: 'middle', wrapText: true } as const;
  const border = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } } as const;

  // Heading rows.
  sheet.mergeCells(1, 1, 1, 6);
  sheet.getCell(1, 1).value = text(report.agency.name.toUpperCase());
  sheet.getCell(1, 1).font = { bold: true };
  sheet.mergeCells(1, last - 3, 1, last);
  sheet.getCell(1, last - 3).value = t('reports.formNumber');
  sheet.getCell(1, last - 3).alignment = { horizontal: 'right' };
  sheet.getCell(1, last - 3).font = { bold: true };
  sheet.mergeCells(2, 1, 2, last);
  sheet.getCell(2, 1).value = text(t('reports.formTitle', { agency: report.agency.name.toUpperCase() }));
  sheet.getCell(2, 1).font = { bold: true, size: 13 };
  sheet.getCell(2, 1).alignment = center;
  sheet.mergeCells(3, 1, 3, last);
  sheet.getCell(3, 1).value = t('reports.formPeriod', { from: displayDay(report.period.from), to: displayDay(report.period.to) });
  sheet.getCell(3, 1).alignment = center;
  sheet.getCell(3, 1).font = { italic: true };
  sheet.mergeCells(4, last - 3, 4, last);
  sheet.getCell(4, last - 3).value = t('reports.formUnit');
  sheet.getCell(4, last - 3).alignment = { horizontal: 'right' };

  // Column header: three levels (rows 5–7) and the column numbers (row 8).
  const h = 5;
  const put = (row: number, col: number, value: string, toRow = row, toCol = col) => {
    if (toRow !== row || toCol !== col) sheet.mergeCells(row, col, toRow, toCol);
    const cell = sheet.getCell(row, col);
    cell.value = value;
    cell.alignment = center;
    cell.font = { bold: true };
  };
  put(h, 1, t('reports.col.index'), h + 2, 1);
  put(h, 2, t('reports.col.group'), h + 2, 2);
  put(h, 3, t('reports.group.received'), h, 6);
  put(h, 7, t('reports.group.resolved'), h, 10);
  put(h, 11, t('reports.group.inProgress'), h, 13);
  put(h, 14, t('reports.group.closed'), h, 16);
  put(h + 1, 3, t('reports.cell.received'), h + 2, 3);
  put(h + 1, 4, t('reports.group.newlyReceived'), h + 1, 5);
  put(h + 2, 4, t('reports.cell.receivedOnline'));
  put(h + 2, 5, t('reports.cell.receivedOther'));
  for (let i = 3; i < FORM_COLUMNS.length; i++) put(h + 1, 3 + i, t(`reports.cell.${FORM_COLUMNS[i]}`), h + 2, 3 + i);
  for (let col = 1; col <= last; col++) {
    const cell = sheet.getCell(h + 3, col);
    cell.value = `(${col})`;
    cell.alignment = center;
    cell.font = { italic: true };
  }

  // Rows and totals.
  let r = h + 4;
  report.rows.forEach((row, i) => {
    sheet.getRow(r).values = [i + 1, text(rowLabel(report, row, t)), ...FORM_COLUMNS.map((c) => row.numbers[c])];
    r++;
  });
  sheet.getRow(r).values = ['', t('reports.totals'), ...FORM_COLUMNS.map((c) => report.totals[c])];
  sheet.getRow(r).font = { bold: true };
  for (let row = h; row <= r; row++) for (let col = 1; col <= last; col++) sheet.getCell(row, col).border = border;
  sheet.mergeCells(r + 2, 1, r + 2, last);
  sheet.getCell(r + 2, 1).value = rateText(report, t);
  if (sourceLine) {
    sheet.mergeCells(r + 3, 1, r + 3, last);
    sheet.getCell(r + 3, 1).value = text(sourceLine);
  }

  sheet.getColumn(1).width = 6;
  sheet.getColumn(2).width = 44;
  for (let col = 3; col <= last; col++) sheet.getColumn(col).width = 12;
  sheet.getRow(h).height = 32;
  sheet.getRow(h + 1).height = 42;
  sheet.views = [{ state: 'frozen', ySplit: h + 3, xSplit: 2 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The report as an A4 landscape PDF (deterministic for a given report and `producedAt`); `sourceLine` as in the workbook. */
export async function handlingToPdf(report: HandlingReport, t: Translate, producedAt: Date, sourceLine: string | null = null): Promise<Buffer> {
  const margin = 28;
  const { doc, done } = await openPdf({
    size: 'A4',
    layout: 'landscape',
    margin,
    info: { Title: t('reports.formNumber'), Author: report.agency.name, Creator: 'OpenDVC', Producer: 'OpenDVC', CreationDate: producedAt, ModDate: producedAt },
    lang: 'vi',
  });
  const width = doc.page.width - 2 * margin;
  const bottom = doc.page.height - margin;

  doc.font('bold').fontSize(9).text(report.agency.name.toUpperCase(), margin, margin, { width: width * 0.6 });
  const headBottom = doc.y;
  doc.font('bold').fontSize(9).text(t('reports.formNumber'), margin, margin, { width, align: 'right' });
  doc.font('bold').fontSize(12).text(t('reports.formTitle', { agency: report.agency.name.toUpperCase() }), margin, Math.max(headBottom, doc.y) + 10, { width, align: 'center' });
  doc.font('oblique').fontSize(9).text(t('reports.formPeriod', { from: displayDay(report.period.from), to: displayDay(report.period.to) }), { width, align: 'center' });
  doc.font('regular').fontSize(8).text(t('reports.formUnit'), { width, align: 'right' });

  // Column geometry: STT, label, 14 numbers.
  const numberWidth = 44;
  const widths = [24, width - 24 - numberWidth * FORM_COLUMNS.length, ...FORM_COLUMNS.map(() => numberWidth)];
  const xs: number[] = [];
  widths.reduce((x, w) => (xs.push(x), x + w), margin);
  const box = (x: number, y: number, w: number, hgt: number, label: string, font = 'bold', size = 7, align: 'center' | 'left' | 'right' = 'center') => {
    doc.rect(x, y, w, hgt).lineWidth(0.5).stroke();
    doc.font(font).fontSize(size);
    const textHeight = doc.heightOfString(label, { width: w - 4, align });
    doc.text(label, x + 2, y + Math.max(2, (hgt - textHeight) / 2), { width: w - 4, align });
  };
  const header = (top: number): number => {
    const r1 = 22;
    const r2 = 30;
    const r3 = 22;
    const span = (from: number, to: number) => xs[to]! + widths[to]! - xs[from]!;
    box(xs[0]!, top, widths[0]!, r1 + r2 + r3, t('reports.col.index'));
    box(xs[1]!, top, widths[1]!, r1 + r2 + r3, t('reports.col.group'));
    box(xs[2]!, top, span(2, 5), r1, t('reports.group.received'));
    box(xs[6]!, top, span(6, 9), r1, t('reports.group.resolved'));
    box(xs[10]!, top, span(10, 12), r1, t('reports.group.inProgress'));
    box(xs[13]!, top, span(13, 15), r1, t('reports.group.closed'));
    box(xs[2]!, top + r1, widths[2]!, r2 + r3, t('reports.cell.received'));
    box(xs[3]!, top + r1, span(3, 4), r2, t('reports.group.newlyReceived'));
    box(xs[3]!, top + r1 + r2, widths[3]!, r3, t('reports.cell.receivedOnline'), 'bold', 6);
    box(xs[4]!, top + r1 + r2, widths[4]!, r3, t('reports.cell.receivedOther'), 'bold', 6);
    for (let i = 3; i < FORM_COLUMNS.length; i++) box(xs[2 + i]!, top + r1, widths[2 + i]!, r2 + r3, t(`reports.cell.${FORM_COLUMNS[i]}`), 'bold', 6);
    const numbersTop = top + r1 + r2 + r3;
    widths.forEach((w, i) => box(xs[i]!, numbersTop, w, 12, `(${i + 1})`, 'oblique', 6));
    return numbersTop + 12;
  };
  let y = header(doc.y + 6);
  const line = (cells: Array<string | number>, bold = false) => {
    doc.font(bold ? 'bold' : 'regular').fontSize(7);
    const hgt = Math.max(14, doc.heightOfString(String(cells[1]), { width: widths[1]! - 4 }) + 4);
    if (y + hgt > bottom - 16) {
      doc.addPage();
      y = header(margin);
    }
    cells.forEach((c, i) => box(xs[i]!, y, widths[i]!, hgt, String(c), bold ? 'bold' : 'regular', 7, i === 1 ? 'left' : i === 0 ? 'center' : 'right'));
    y += hgt;
  };
  report.rows.forEach((row, i) => line([i + 1, rowLabel(report, row, t), ...FORM_COLUMNS.map((c) => row.numbers[c])]));
  line(['', t('reports.totals'), ...FORM_COLUMNS.map((c) => report.totals[c])], true);
  if (y + 30 > bottom) {
    doc.addPage();
    y = margin;
  }
  doc.font('regular').fontSize(8).text(rateText(report, t), margin, y + 8, { width });
  doc.font('oblique').fontSize(7).text(t('reports.pdf.footer', { time: formatDateTime(producedAt) }), { width });
  if (sourceLine) doc.font('oblique').fontSize(7).text(sourceLine, { width });
  doc.end();
  return done;
}
