// Errors of the catalog interchange format (catalog.exchange.ts): a file that is not a catalog file, a format
// version this installation does not read.
import { defineErrors } from '../../core/errors.ts';

defineErrors({
  IMPORT_FORMAT_UNKNOWN: {
    status: 422,
    vi: 'Tệp không phải tệp danh mục thủ tục (cần "format": "opendvc-catalog"). Xem docs/catalog-format.md.',
    en: 'The file is not a catalog file ("format": "opendvc-catalog" expected). See docs/catalog-format.md.',
  },
  IMPORT_FORMAT_VERSION: {
    status: 422,
    vi: 'Phiên bản định dạng {version} của tệp không được hỗ trợ (hỗ trợ: {supported}).',
    en: 'Format version {version} of the file is not supported (supported: {supported}).',
  },
  // Excel workbooks (catalog.excel.ts): the place (sheet, row, column) is the error's path.
  IMPORT_SHEET_MISSING: { status: 422, vi: 'Thiếu trang tính "{sheet}".', en: 'The sheet "{sheet}" is missing.' },
  IMPORT_COLUMN_MISSING: { status: 422, vi: 'Thiếu cột "{column}".', en: 'The column "{column}" is missing.' },
  IMPORT_FEE_LINE: { status: 422, vi: 'Dòng {line}: cần "mô tả | số tiền".', en: 'Line {line}: "description | amount" expected.' },
  IMPORT_UNKNOWN_PROCEDURE: { status: 422, vi: 'Mã TTHC "{code}" không có trong trang "{sheet}".', en: 'The procedure code "{code}" is not in the sheet "{sheet}".' },
  IMPORT_CELL_JSON: { status: 422, vi: 'Ô này phải chứa JSON hợp lệ.', en: 'This cell must hold valid JSON.' },
  WORKFLOWS_UNAVAILABLE: {
    status: 422,
    vi: 'Hệ thống chưa nối với phân hệ quy trình; không nhập được quy trình của thủ tục.',
    en: 'The installation has no workflow module wired; procedure workflows cannot be imported.',
  },
  FEES_UNAVAILABLE: {
    status: 422,
    vi: 'Hệ thống chưa nối với phân hệ phí, lệ phí; không nhập được biểu phí của thủ tục.',
    en: 'The installation has no payments module wired; procedure fee rules cannot be imported.',
  },
});
