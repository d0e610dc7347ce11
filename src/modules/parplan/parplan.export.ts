// A PAR plan as an Excel workbook: the tasks (field, task, owner, deadline, expected output, status, progress), then
// the completion by field and by owner department. Text cells are neutralised against formula injection.
import { loadExcel } from '../../core/lazy.ts';
import type { Translate } from '../../core/i18n.ts';
import { formatDate } from '../../core/text.ts';
import { neutraliseCell } from '../../core/spreadsheet.ts';
import type { Completion } from './parplan.rules.ts';
import type { PlanDetail } from './parplan.service.ts';

export async function planToXlsx(d: PlanDetail, t: Translate, locale: 'vi' | 'en'): Promise<Buffer> {
  const workbook = new (await loadExcel()).Workbook();
  workbook.creator = 'OpenDVC';
  const fieldName = (code: string) => {
    const f = d.fields.find((x) => x.code === code);
    return f ? `${f.code}. ${locale === 'en' && f.nameEn ? f.nameEn : f.name}` : code;
  };

  const tasks = workbook.addWorksheet(t('parplan.sheet.plan'));
  tasks.addRow([neutraliseCell(`${d.plan.title} — ${d.plan.agency_name} (${d.plan.year})`)]);
  tasks.getRow(1).font = { bold: true };
  tasks.addRow([]);
  tasks.addRow(['parplan.col.field', 'parplan.col.task', 'parplan.col.owner', 'parplan.col.deadline', 'parplan.col.output', 'parplan.col.status', 'parplan.col.progress'].map((k) => t(k)));
  tasks.getRow(3).font = { bold: true };
  for (const task of d.tasks) {
    tasks.addRow([
      neutraliseCell(fieldName(task.field_code)),
      neutraliseCell(task.title),
      neutraliseCell(task.owner_department_name),
      formatDate(task.deadline),
      neutraliseCell(task.expected_output),
      t(`parplan.status.${task.status}`),
      task.progress / 100,
    ]);
    tasks.getCell(tasks.rowCount, 7).numFmt = '0%';
  }
  [28, 50, 28, 12, 40, 16, 10].forEach((w, i) => (tasks.getColumn(i + 1).width = w));

  const table = (name: string, label: string, rows: Array<{ label: string; c: Completion }>) => {
    const sheet = workbook.addWorksheet(name);
    sheet.addRow([label, ...['parplan.col.total', 'parplan.col.done', 'parplan.col.onTime', 'parplan.col.overdue', 'parplan.col.rate', 'parplan.col.mean'].map((k) => t(k))]);
    sheet.getRow(1).font = { bold: true };
    for (const r of rows) {
      sheet.addRow([neutraliseCell(r.label), r.c.total, r.c.done, r.c.onTime, r.c.overdue, r.c.rate === null ? '' : r.c.rate / 100, r.c.meanProgress === null ? '' : r.c.meanProgress / 100]);
      sheet.getCell(sheet.rowCount, 6).numFmt = '0.00%';
      sheet.getCell(sheet.rowCount, 7).numFmt = '0%';
    }
    sheet.getColumn(1).width = 50;
  };
  table(
    t('parplan.sheet.fields'),
    t('parplan.col.field'),
    d.fields.map((f) => ({ label: fieldName(f.code), c: d.completion.byField.get(f.code)! })).filter((r) => r.c && r.c.total > 0),
  );
  table(
    t('parplan.sheet.departments'),
    t('parplan.col.department'),
    d.departments.map((dep) => ({ label: dep.name, c: d.completion.byDepartment.get(dep.id)! })).filter((r) => !!r.c),
  );
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
