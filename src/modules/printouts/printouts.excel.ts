// The tracking book (form 07) as an Excel workbook: one sheet, title rows, one row per dossier. Text cells that
// start with a formula character are neutralised (leading apostrophe), as in the catalog export.
import type ExcelJS from 'exceljs';
import { loadExcel } from '../../core/lazy.ts';
import { translator, type Locale } from '../../core/i18n.ts';
import { neutraliseCell } from '../../core/spreadsheet.ts';
import { formDate, formTime } from './printouts.pdf.ts';
import type { TrackingBookData } from './printouts.types.ts';

const COLUMNS = [
  ['no', 6],
  ['code', 28],
  ['procedure', 45],
  ['applicant', 28],
  ['contact', 30],
  ['receivedAt', 18],
  ['appointmentAt', 18],
  ['finishedAt', 18],
  ['returnedAt', 18],
  ['status', 24],
  ['signature', 12],
  ['note', 24],
] as const;

function text(value: string | null | undefined): string {
  return value ? neutraliseCell(value) : '';
}

/** The tracking book of `data` as .xlsx bytes. */
export async function trackingBookToXlsx(data: TrackingBookData, locale: Locale = 'vi'): Promise<Buffer> {
  const t = translator(locale);
  const workbook = new (await loadExcel()).Workbook();
  workbook.creator = 'OpenDVC';
  workbook.created = data.issuedAt;
  workbook.modified = data.issuedAt;
  const sheet = workbook.addWorksheet(t('forms.07.sheet'), { pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  sheet.columns = COLUMNS.map(([, width]) => ({ width }));
  const agencyLine = [data.agency.parentName, data.agency.name].filter(Boolean).join(' - ');
  sheet.addRow([text(agencyLine)]).font = { bold: true };
  sheet.addRow([t('forms.07.title')]).font = { bold: true, size: 14 };
  sheet.addRow([t('forms.07.period', { from: formDate(data.from), to: formDate(data.to) })]);
  sheet.addRow([]);
  const header = sheet.addRow(COLUMNS.map(([key]) => t(`forms.07.col.${key}`)));
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
  data.rows.forEach((r, i) => {
    const row = sheet.addRow([
      i + 1,
      text(r.code),
      text(r.procedureName),
      text(r.applicantName),
      text(r.contact),
      formTime(r.receivedAt),
      formTime(r.appointmentAt),
      formTime(r.finishedAt),
      formTime(r.returnedAt),
      text(r.status),
      '',
      text(r.note),
    ]);
    row.alignment = { wrapText: true, vertical: 'top' };
  });
  sheet.addRow([]);
  sheet.addRow([t('forms.07.total', { count: data.rows.length })]).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 5 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
