// The catalog as an Excel workbook: sheets "Lĩnh vực", "Thủ tục", "Thành phần hồ sơ", "Quy trình" (a version's own
// workflow, a row per step) and "Biểu mẫu điện tử" (the e-form as JSON), one header row each; lists (steps, legal
// basis, fees) one item per line within a cell. Export neutralises formula injection. The last two sheets are
// optional (older files import unchanged); present, a procedure without rows there uses the default.
import type ExcelJS from 'exceljs';
import { neutraliseCell, unneutraliseCell } from '../../core/spreadsheet.ts';
import { loadExcel } from '../../core/lazy.ts';
import type { FieldError } from '../../core/errors.ts';
import type { CatalogExchange } from './catalog.exchange.ts';
import { splitLines } from './catalog.rules.ts';
import './catalog.exchange.errors.ts';

export const SHEET_FIELDS = 'Lĩnh vực';
export const SHEET_PROCEDURES = 'Thủ tục';
export const SHEET_DOCUMENTS = 'Thành phần hồ sơ';
export const SHEET_WORKFLOWS = 'Quy trình';
export const SHEET_FORMS = 'Biểu mẫu điện tử';

const WORKFLOW_COLUMNS = [
  { key: 'procedureCode', header: 'Mã TTHC' },
  { key: 'workflowName', header: 'Tên quy trình' },
  { key: 'position', header: 'STT bước' },
  { key: 'name', header: 'Tên bước' },
  { key: 'role', header: 'Vai trò (receptionist/specialist/department_head/agency_leader)' },
  { key: 'agencyCode', header: 'Mã cơ quan liên thông', optional: true },
  { key: 'departmentCode', header: 'Mã phòng, ban', optional: true },
  { key: 'budget.value', header: 'Thời gian của bước' },
  { key: 'budget.unit', header: 'Đơn vị thời gian (working_days/half_days/hours)' },
  { key: 'actions', header: 'Thao tác (cách nhau bởi dấu phẩy)' },
  // The step's tasks (issue 15) as JSON (a list of { name, role, assignment, kind, share? }); optional column.
  { key: 'tasks', header: 'Nhiệm vụ của bước (JSON)', optional: true },
  // A liên thông target decided by the dossier (issue 15) as JSON ({ kind, field, options? }); optional column.
  { key: 'agencyRule', header: 'Quy tắc xác định cơ quan liên thông (JSON)', optional: true },
] as const;

const FORM_COLUMNS = [
  { key: 'procedureCode', header: 'Mã TTHC' },
  { key: 'schema', header: 'JSON Schema của biểu mẫu' },
  { key: 'ui', header: 'Gợi ý hiển thị (JSON)', optional: true },
] as const;

const FIELD_COLUMNS = [
  { key: 'code', header: 'Mã lĩnh vực' },
  { key: 'name', header: 'Tên lĩnh vực' },
  { key: 'nameEn', header: 'Tên tiếng Anh' },
] as const;

const PROCEDURE_COLUMNS = [
  { key: 'code', header: 'Mã TTHC' },
  { key: 'name', header: 'Tên thủ tục' },
  { key: 'agencyCode', header: 'Mã cơ quan' },
  { key: 'fieldCode', header: 'Mã lĩnh vực' },
  { key: 'authorityLevel', header: 'Cấp thực hiện (central/province/district/commune)' },
  { key: 'audience', header: 'Đối tượng (citizen, organisation)' },
  { key: 'onlineLevel', header: 'Mức độ DVC (1-4)' },
  { key: 'onlineClass', header: 'DVC trực tuyến NĐ 42 (full/partial/none)' },
  { key: 'fullOnlineEligible', header: 'Đủ điều kiện toàn trình (có/không)' },
  { key: 'timeLimit.value', header: 'Thời hạn giải quyết' },
  { key: 'timeLimit.unit', header: 'Đơn vị thời hạn (working_days/half_days/hours)' },
  { key: 'timeLimit.sameDay', header: 'Trả trong ngày (có/không)' },
  { key: 'timeLimit.note', header: 'Ghi chú thời hạn' },
  { key: 'steps', header: 'Trình tự thực hiện (mỗi bước một dòng)' },
  { key: 'fees', header: 'Phí, lệ phí (mỗi dòng: mô tả | số tiền VND)' },
  { key: 'legalBasis', header: 'Căn cứ pháp lý (mỗi văn bản một dòng)' },
  { key: 'resultType', header: 'Kết quả thực hiện' },
  { key: 'submissionPlaces', header: 'Nơi tiếp nhận' },
  { key: 'effectiveFrom', header: 'Ngày hiệu lực (yyyy-mm-dd)' },
  // Migration 0038: optional, so that older workbooks still import.
  { key: 'localCode', header: 'Mã thủ tục riêng của cơ quan (ví dụ TP01)', optional: true },
  { key: 'timeLimit.none', header: 'Không quy định thời hạn (có/không)', optional: true },
  // The structured fee rules (payments.rules.ts) as JSON; optional: a workbook without the column leaves them unchanged.
  { key: 'feeRules', header: 'Biểu phí tính tự động (JSON)', optional: true },
] as const;

const DOCUMENT_COLUMNS = [
  { key: 'procedureCode', header: 'Mã TTHC' },
  { key: 'position', header: 'STT' },
  { key: 'name', header: 'Tên giấy tờ' },
  { key: 'copies', header: 'Số bản' },
  { key: 'originalKind', header: 'Loại bản (original/certified_copy/original_or_certified/copy)' },
  { key: 'templateName', header: 'Tên tệp mẫu' },
  // Data sharing (migration 0031): optional, so that files written before it still import.
  { key: 'sharedSource', header: 'Khai thác qua chia sẻ dữ liệu (population/business)', optional: true },
  // Required only in some cases (migration 0039): optional column.
  { key: 'condition', header: 'Điều kiện (nếu có)', optional: true },
] as const;

const yesNo = (value: boolean | undefined) => (value ? 'có' : 'không');

function cellValue(value: string | number | null | undefined): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  return neutraliseCell(value);
}

export async function catalogToXlsx(catalog: CatalogExchange): Promise<Buffer> {
  const workbook = new (await loadExcel()).Workbook();
  workbook.creator = 'OpenDVC';
  const addSheet = (name: string, columns: ReadonlyArray<{ key: string; header: string }>, rows: Array<Array<string | number | null | undefined>>) => {
    const sheet = workbook.addWorksheet(name);
    sheet.addRow(columns.map((c) => c.header));
    sheet.getRow(1).font = { bold: true };
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    for (const row of rows) sheet.addRow(row.map(cellValue));
    columns.forEach((_c, i) => {
      sheet.getColumn(i + 1).width = 24;
    });
    return sheet;
  };
  addSheet(SHEET_FIELDS, FIELD_COLUMNS, catalog.fields.map((f) => [f.code, f.name, f.nameEn ?? null]));
  addSheet(
    SHEET_PROCEDURES,
    PROCEDURE_COLUMNS,
    catalog.procedures.map((p) => [
      p.code,
      p.name,
      p.agencyCode,
      p.fieldCode,
      p.authorityLevel,
      p.audience.join(', '),
      p.onlineLevel,
      p.onlineClass,
      yesNo(p.fullOnlineEligible),
      p.timeLimit.value,
      p.timeLimit.unit,
      yesNo(p.timeLimit.sameDay),
      p.timeLimit.note ?? null,
      p.steps.join('\n'),
      p.fees.map((f) => `${f.description} | ${f.amountVnd}`).join('\n'),
      p.legalBasis.join('\n'),
      p.resultType,
      p.submissionPlaces,
      p.effectiveFrom ?? null,
      p.localCode ?? null,
      yesNo(p.timeLimit.none),
      p.feeRules ? JSON.stringify(p.feeRules) : null,
    ]),
  );
  addSheet(
    SHEET_DOCUMENTS,
    DOCUMENT_COLUMNS,
    catalog.procedures.flatMap((p) => p.documents.map((d, i) => [p.code, i + 1, d.name, d.copies ?? 1, d.originalKind, d.templateName ?? null, d.sharedSource ?? null, d.condition ?? null])),
  );
  addSheet(
    SHEET_WORKFLOWS,
    WORKFLOW_COLUMNS,
    catalog.procedures.flatMap((p) =>
      (p.workflow?.steps ?? []).map((st, i) => [p.code, p.workflow!.name, i + 1, st.name, st.role, st.agencyCode ?? null, st.departmentCode ?? null, st.budget.value, st.budget.unit, st.actions.join(', '), st.tasks ? JSON.stringify(st.tasks) : null, st.agencyRule ? JSON.stringify(st.agencyRule) : null]),
    ),
  );
  addSheet(
    SHEET_FORMS,
    FORM_COLUMNS,
    catalog.procedures.flatMap((p) => (p.form ? [[p.code, JSON.stringify(p.form.schema), p.form.ui && Object.keys(p.form.ui).length ? JSON.stringify(p.form.ui) : null]] : [])),
  );
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Text of a cell whatever Excel stored (rich text, hyperlink, formula result, date, number). */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return unneutraliseCell(value).trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return unneutraliseCell(value.richText.map((r) => r.text).join('')).trim();
    if ('text' in value && typeof value.text === 'string') return value.text.trim();
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('error' in value) return '';
  }
  return String(value).trim();
}

function parseBool(text: string): boolean | string {
  const v = text.trim().toLowerCase();
  if (['có', 'co', 'x', 'true', '1', 'yes'].includes(v)) return true;
  if (['không', 'khong', '', 'false', '0', 'no'].includes(v)) return false;
  return text;
}

function parseNumber(text: string): number | string {
  if (text === '') return text;
  const n = Number(text.replace(',', '.'));
  return Number.isFinite(n) ? n : text;
}

function parseInteger(text: string): number | string {
  const n = parseNumber(text);
  return typeof n === 'number' && Number.isInteger(n) ? n : text;
}

export interface CellLocation {
  sheet: string;
  row: number;
  column: string;
}

export interface ParsedWorkbook {
  data: unknown;
  /** Errors found while reading (sheet, row, column). */
  errors: FieldError[];
  /** Cell a JSON path of `data` came from, e.g. "/procedures/2/name" → Thủ tục, row 4, "Tên thủ tục". */
  locate(path: string): CellLocation | null;
}

export function cellPath(location: CellLocation): string {
  return `/${location.sheet}/${location.row}/${location.column}`;
}

/** Reads a workbook into the interchange shape (validated afterwards like JSON). */
export async function xlsxToCatalog(bytes: Buffer): Promise<ParsedWorkbook> {
  const workbook = new (await loadExcel()).Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const errors: FieldError[] = [];
  const rowOf = new Map<string, { sheet: string; row: number }>();
  /** The optional columns a sheet has (absent: the workbook says nothing about them). */
  const presentColumns = new Map<string, Set<string>>();
  const columnHeader: Record<string, Record<string, string>> = {
    [SHEET_FIELDS]: Object.fromEntries(FIELD_COLUMNS.map((c) => [c.key, c.header])),
    [SHEET_PROCEDURES]: Object.fromEntries(PROCEDURE_COLUMNS.map((c) => [c.key, c.header])),
    [SHEET_DOCUMENTS]: Object.fromEntries(DOCUMENT_COLUMNS.map((c) => [c.key, c.header])),
    [SHEET_WORKFLOWS]: Object.fromEntries(WORKFLOW_COLUMNS.map((c) => [c.key, c.header])),
    [SHEET_FORMS]: Object.fromEntries(FORM_COLUMNS.map((c) => [c.key, c.header])),
  };

  const readSheet = (name: string, columns: ReadonlyArray<{ key: string; header: string; optional?: boolean }>, optionalSheet = false): Array<{ row: number; cells: Record<string, string> }> => {
    const sheet = workbook.getWorksheet(name);
    if (!sheet && optionalSheet) return [];
    if (!sheet) {
      errors.push({ path: `/${name}`, code: 'IMPORT_SHEET_MISSING', params: { sheet: name } });
      return [];
    }
    const header = sheet.getRow(1);
    const indexOf = new Map<string, number>();
    header.eachCell((cell, col) => {
      const text = cellText(cell.value).toLowerCase();
      const column = columns.find((c) => c.header.toLowerCase() === text || c.header.toLowerCase().split(' (')[0] === text.split(' (')[0]);
      if (column && !indexOf.has(column.key)) indexOf.set(column.key, col);
    });
    presentColumns.set(name, new Set(indexOf.keys()));
    for (const c of columns) {
      if (!indexOf.has(c.key) && !c.optional) errors.push({ path: `/${name}/1/${c.header}`, code: 'IMPORT_COLUMN_MISSING', params: { column: c.header } });
    }
    const rows: Array<{ row: number; cells: Record<string, string> }> = [];
    sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      if (rowNumber === 1) return;
      const cells: Record<string, string> = {};
      let any = false;
      for (const c of columns) {
        const col = indexOf.get(c.key);
        const text = col ? cellText(row.getCell(col).value) : '';
        cells[c.key] = text;
        if (text) any = true;
      }
      if (any) rows.push({ row: rowNumber, cells });
    });
    return rows;
  };

  const fieldRows = readSheet(SHEET_FIELDS, FIELD_COLUMNS);
  const procedureRows = readSheet(SHEET_PROCEDURES, PROCEDURE_COLUMNS);
  const documentRows = readSheet(SHEET_DOCUMENTS, DOCUMENT_COLUMNS);

  const fields = fieldRows.map((r, i) => {
    rowOf.set(`/fields/${i}`, { sheet: SHEET_FIELDS, row: r.row });
    return { code: r.cells.code!, name: r.cells.name!, ...(r.cells.nameEn ? { nameEn: r.cells.nameEn } : {}) };
  });

  const procedures = procedureRows.map((r, i) => {
    rowOf.set(`/procedures/${i}`, { sheet: SHEET_PROCEDURES, row: r.row });
    const c = r.cells;
    const fees = splitLines(c.fees).map((line, j) => {
      const bar = line.lastIndexOf('|');
      const description = (bar >= 0 ? line.slice(0, bar) : line).trim();
      const amount = bar >= 0 ? line.slice(bar + 1).replace(/[.\s₫đ]|vnd/gi, '') : '';
      const amountVnd = parseInteger(amount);
      if (typeof amountVnd !== 'number') {
        errors.push({ path: `/${SHEET_PROCEDURES}/${r.row}/${columnHeader[SHEET_PROCEDURES]!.fees}`, code: 'IMPORT_FEE_LINE', params: { line: j + 1 } });
      }
      return { description, amountVnd: typeof amountVnd === 'number' ? amountVnd : 0 };
    });
    const timeLimit: Record<string, unknown> = { value: parseNumber(c['timeLimit.value']!), unit: c['timeLimit.unit'] };
    const sameDay = parseBool(c['timeLimit.sameDay']!);
    if (sameDay !== false) timeLimit.sameDay = sameDay;
    if (c['timeLimit.note']) timeLimit.note = c['timeLimit.note'];
    if (c['timeLimit.none'] && parseBool(c['timeLimit.none']) === true) timeLimit.none = true;
    // Fee rules: the column present, an empty cell is "none"; JSON errors at the cell.
    let feeRules: unknown;
    if (presentColumns.get(SHEET_PROCEDURES)?.has('feeRules')) {
      try {
        feeRules = c.feeRules ? JSON.parse(c.feeRules) : null;
      } catch {
        errors.push({ path: `/${SHEET_PROCEDURES}/${r.row}/${columnHeader[SHEET_PROCEDURES]!.feeRules}`, code: 'IMPORT_CELL_JSON' });
      }
    }
    return {
      code: c.code,
      ...(c.localCode ? { localCode: c.localCode } : {}),
      name: c.name,
      agencyCode: c.agencyCode,
      fieldCode: c.fieldCode,
      authorityLevel: c.authorityLevel,
      audience: c.audience!.split(/[,;\s]+/).filter(Boolean),
      onlineLevel: parseInteger(c.onlineLevel!),
      onlineClass: c.onlineClass,
      fullOnlineEligible: parseBool(c.fullOnlineEligible!),
      steps: splitLines(c.steps),
      documents: [] as Array<Record<string, unknown>>,
      timeLimit,
      fees,
      legalBasis: splitLines(c.legalBasis),
      resultType: c.resultType,
      submissionPlaces: c.submissionPlaces,
      ...(c.effectiveFrom ? { effectiveFrom: c.effectiveFrom } : {}),
      ...(feeRules !== undefined ? { feeRules } : {}),
    };
  });

  const byCode = new Map(procedures.map((p, i) => [p.code, i]));
  const docs = documentRows
    .map((r) => ({ r, position: parseInteger(r.cells.position!) }))
    .sort((a, b) => (typeof a.position === 'number' && typeof b.position === 'number' ? a.position - b.position : 0));
  for (const { r } of docs) {
    const index = byCode.get(r.cells.procedureCode!);
    if (index === undefined) {
      errors.push({
        path: `/${SHEET_DOCUMENTS}/${r.row}/${columnHeader[SHEET_DOCUMENTS]!.procedureCode}`,
        code: 'IMPORT_UNKNOWN_PROCEDURE',
        params: { code: r.cells.procedureCode!, sheet: SHEET_PROCEDURES },
      });
      continue;
    }
    const list = procedures[index]!.documents;
    rowOf.set(`/procedures/${index}/documents/${list.length}`, { sheet: SHEET_DOCUMENTS, row: r.row });
    list.push({
      name: r.cells.name,
      copies: r.cells.copies === '' ? 1 : parseInteger(r.cells.copies!),
      originalKind: r.cells.originalKind,
      ...(r.cells.templateName ? { templateName: r.cells.templateName } : {}),
      ...(r.cells.sharedSource ? { sharedSource: r.cells.sharedSource } : {}),
      ...(r.cells.condition ? { condition: r.cells.condition } : {}),
    });
  }

  // Workflows: a row per step, in step order; the workflow's name is that of its first row.
  const hasWorkflows = Boolean(workbook.getWorksheet(SHEET_WORKFLOWS));
  const workflowRows = readSheet(SHEET_WORKFLOWS, WORKFLOW_COLUMNS, true)
    .map((r) => ({ r, position: parseInteger(r.cells.position!) }))
    .sort((a, b) => (typeof a.position === 'number' && typeof b.position === 'number' ? a.position - b.position : 0));
  const workflows = new Map<number, { name: string; steps: Array<Record<string, unknown>> }>();
  for (const { r } of workflowRows) {
    const index = byCode.get(r.cells.procedureCode!);
    if (index === undefined) {
      errors.push({ path: `/${SHEET_WORKFLOWS}/${r.row}/${columnHeader[SHEET_WORKFLOWS]!.procedureCode}`, code: 'IMPORT_UNKNOWN_PROCEDURE', params: { code: r.cells.procedureCode!, sheet: SHEET_PROCEDURES } });
      continue;
    }
    const workflow = workflows.get(index) ?? { name: r.cells.workflowName!, steps: [] };
    workflows.set(index, workflow);
    rowOf.set(`/procedures/${index}/workflow/steps/${workflow.steps.length}`, { sheet: SHEET_WORKFLOWS, row: r.row });
    if (workflow.steps.length === 0) rowOf.set(`/procedures/${index}/workflow`, { sheet: SHEET_WORKFLOWS, row: r.row });
    workflow.steps.push({
      name: r.cells.name,
      role: r.cells.role,
      ...(r.cells.agencyCode ? { agencyCode: r.cells.agencyCode } : {}),
      ...(r.cells.departmentCode ? { departmentCode: r.cells.departmentCode } : {}),
      budget: { value: parseNumber(r.cells['budget.value']!), unit: r.cells['budget.unit'] },
      actions: r.cells.actions!.split(/[,;\s]+/).filter(Boolean),
      ...(r.cells.tasks ? { tasks: jsonCell(r.cells.tasks, () => errors.push({ path: `/${SHEET_WORKFLOWS}/${r.row}/${columnHeader[SHEET_WORKFLOWS]!.tasks}`, code: 'IMPORT_CELL_JSON' })) } : {}),
      ...(r.cells.agencyRule ? { agencyRule: jsonCell(r.cells.agencyRule, () => errors.push({ path: `/${SHEET_WORKFLOWS}/${r.row}/${columnHeader[SHEET_WORKFLOWS]!.agencyRule}`, code: 'IMPORT_CELL_JSON' })) } : {}),
    });
  }
  // E-forms: the JSON Schema and the presentation hints as JSON text.
  const hasForms = Boolean(workbook.getWorksheet(SHEET_FORMS));
  const forms = new Map<number, { schema: unknown; ui: unknown }>();
  for (const r of readSheet(SHEET_FORMS, FORM_COLUMNS, true)) {
    const index = byCode.get(r.cells.procedureCode!);
    if (index === undefined) {
      errors.push({ path: `/${SHEET_FORMS}/${r.row}/${columnHeader[SHEET_FORMS]!.procedureCode}`, code: 'IMPORT_UNKNOWN_PROCEDURE', params: { code: r.cells.procedureCode!, sheet: SHEET_PROCEDURES } });
      continue;
    }
    const json = (key: 'schema' | 'ui', fallback: unknown): unknown => {
      const text = r.cells[key] ?? '';
      if (!text) return fallback;
      try {
        return JSON.parse(text);
      } catch {
        errors.push({ path: `/${SHEET_FORMS}/${r.row}/${columnHeader[SHEET_FORMS]![key]}`, code: 'IMPORT_CELL_JSON' });
        return fallback;
      }
    };
    rowOf.set(`/procedures/${index}/form`, { sheet: SHEET_FORMS, row: r.row });
    forms.set(index, { schema: json('schema', {}), ui: json('ui', {}) });
  }
  procedures.forEach((p, i) => {
    const record = p as Record<string, unknown>;
    if (hasWorkflows) record.workflow = workflows.get(i) ?? null;
    if (hasForms) record.form = forms.get(i) ?? null;
  });

  const keyOfProcedurePath = (rest: string[]): string => {
    if (rest[0] === 'timeLimit' && rest[1]) return `timeLimit.${rest[1]}`;
    return rest[0] ?? 'code';
  };

  return {
    data: { format: 'opendvc-catalog', version: 1, fields, procedures },
    errors,
    locate(path: string): CellLocation | null {
      const parts = path.split('/').slice(1);
      if (parts[0] === 'fields' && parts[1] !== undefined) {
        const at = rowOf.get(`/fields/${parts[1]}`);
        if (!at) return null;
        return { ...at, column: columnHeader[SHEET_FIELDS]![parts[2] ?? 'code'] ?? parts[2] ?? '' };
      }
      if (parts[0] === 'procedures' && parts[1] !== undefined) {
        if (parts[2] === 'workflow') {
          const step = parts[3] === 'steps' && parts[4] !== undefined ? rowOf.get(`/procedures/${parts[1]}/workflow/steps/${parts[4]}`) : undefined;
          const at = step ?? rowOf.get(`/procedures/${parts[1]}/workflow`);
          const key = step ? (parts[5] === 'budget' && parts[6] ? `budget.${parts[6]}` : (parts[5] ?? 'name')) : parts[3] === 'name' ? 'workflowName' : 'procedureCode';
          if (at) return { ...at, column: columnHeader[SHEET_WORKFLOWS]![key] ?? key };
        }
        if (parts[2] === 'form') {
          const at = rowOf.get(`/procedures/${parts[1]}/form`);
          if (at) return { ...at, column: columnHeader[SHEET_FORMS]![parts[3] === 'ui' ? 'ui' : 'schema']! };
        }
        if (parts[2] === 'documents' && parts[3] !== undefined) {
          const at = rowOf.get(`/procedures/${parts[1]}/documents/${parts[3]}`);
          if (at) return { ...at, column: columnHeader[SHEET_DOCUMENTS]![parts[4] ?? 'name'] ?? parts[4] ?? '' };
        }
        const at = rowOf.get(`/procedures/${parts[1]}`);
        if (!at) return null;
        const key = keyOfProcedurePath(parts.slice(2));
        return { ...at, column: columnHeader[SHEET_PROCEDURES]![key] ?? key };
      }
      return null;
    },
  };
}

/** A cell holding JSON (the tasks of a step): the value, or `refuse()` and undefined when it is not JSON. */
function jsonCell(text: string, refuse: () => void): unknown {
  try {
    return JSON.parse(text);
  } catch {
    refuse();
    return undefined;
  }
}
