// The ranking as an Excel workbook laid out like the published tables: title, then one row per agency — STT
// (the rank), agency, the points of each field (its maximum in the header), total points, index (%), rank.
// Text cells are neutralised against formula injection (src/core/spreadsheet.ts).
import { loadExcel } from '../../core/lazy.ts';
import type { Translate } from '../../core/i18n.ts';
import { neutraliseCell } from '../../core/spreadsheet.ts';
import { formatNumber } from './parindex.rules.ts';
import type { Ranking } from './parindex.service.ts';

export async function rankingToXlsx(ranking: Ranking, t: Translate, locale: 'vi' | 'en'): Promise<Buffer> {
  const workbook = new (await loadExcel()).Workbook();
  workbook.creator = 'OpenDVC';
  const sheet = workbook.addWorksheet(`PAR ${ranking.set.year}`, { pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  const last = 2 + ranking.fields.length + 3;
  const center = { horizontal: 'center', vertical: 'middle', wrapText: true } as const;
  const border = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } } as const;
  sheet.mergeCells(1, 1, 1, last);
  sheet.getCell(1, 1).value = neutraliseCell(t('parindex.export.title', { kind: t(`parindex.kind.${ranking.set.kind}`), year: ranking.set.year }).toUpperCase());
  sheet.getCell(1, 1).font = { bold: true, size: 13 };
  sheet.getCell(1, 1).alignment = center;
  sheet.mergeCells(2, 1, 2, last);
  sheet.getCell(2, 1).value = neutraliseCell(ranking.set.name);
  sheet.getCell(2, 1).alignment = center;
  sheet.getCell(2, 1).font = { italic: true };

  const header = [
    t('parindex.col.stt'),
    t('parindex.col.agency'),
    ...ranking.fields.map((f) => `${f.code}. ${locale === 'en' && f.nameEn ? f.nameEn : f.name} (${formatNumber(f.maxPoints, locale)})`),
    t('parindex.col.total'),
    t('parindex.col.index'),
    t('parindex.col.rank'),
  ];
  const h = 4;
  header.forEach((text, i) => {
    const cell = sheet.getCell(h, i + 1);
    cell.value = neutraliseCell(text);
    cell.font = { bold: true };
    cell.alignment = center;
    cell.border = border;
  });
  sheet.getRow(h).height = 60;
  ranking.rows.forEach((row, r) => {
    const values: Array<string | number> = [r + 1, neutraliseCell(row.agency.name), ...row.fields.map((f) => f.points), row.points, row.index === null ? '' : row.index / 100, row.rank];
    values.forEach((v, i) => {
      const cell = sheet.getCell(h + 1 + r, i + 1);
      cell.value = v;
      cell.border = border;
      if (i >= 2 && i < 2 + ranking.fields.length + 1) cell.numFmt = '0.00';
      if (i === 2 + ranking.fields.length + 1) cell.numFmt = '0.00%';
      if (i !== 1) cell.alignment = { horizontal: 'center' };
    });
  });
  sheet.getColumn(1).width = 6;
  sheet.getColumn(2).width = 40;
  for (let i = 3; i <= last; i++) sheet.getColumn(i).width = 14;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
