import { defineErrors } from '../../core/errors.ts';

defineErrors({
  VERSION_NOT_DRAFT: { status: 409, vi: 'Chỉ được sửa hoặc công bố phiên bản nháp.', en: 'Only a draft version can be edited or published.' },
  VERSION_NOT_PUBLISHED: { status: 409, vi: 'Thủ tục không có phiên bản đang áp dụng để bãi bỏ.', en: 'The procedure has no published version to retire.' },
  DRAFT_EXISTS: { status: 409, vi: 'Thủ tục đã có một phiên bản nháp; hãy sửa hoặc công bố phiên bản đó.', en: 'The procedure already has a draft; edit or publish it.' },
  NO_DRAFT: { status: 409, vi: 'Thủ tục không có phiên bản nháp. Hãy tạo phiên bản mới trước.', en: 'The procedure has no draft. Create a new version first.' },
  PROCEDURE_CODE_TAKEN: { status: 422, vi: 'Mã thủ tục đã tồn tại.', en: 'This procedure code already exists.' },
  PROCEDURE_CODE_MISMATCH: { status: 422, vi: 'Mã thủ tục không được thay đổi.', en: 'The procedure code cannot be changed.' },
  PROCEDURE_CODE_DUPLICATE: { status: 422, vi: 'Mã thủ tục {code} xuất hiện nhiều lần trong tệp.', en: 'The procedure code {code} appears more than once in the file.' },
  UNKNOWN_AGENCY: { status: 422, vi: 'Không có cơ quan với mã định danh này.', en: 'There is no agency with this code.' },
  UNKNOWN_FIELD: { status: 422, vi: 'Không có lĩnh vực với mã này.', en: 'There is no field with this code.' },
  AGENCY_OUT_OF_SCOPE: { status: 422, vi: 'Bạn không quản lý danh mục thủ tục của cơ quan này.', en: 'You do not manage the catalog of this agency.' },
  EFFECTIVE_DATE_INVALID: { status: 422, vi: 'Ngày hiệu lực không hợp lệ.', en: 'The effective date is not valid.' },
  EFFECTIVE_DATE_BEFORE_CURRENT: {
    status: 422,
    vi: 'Ngày hiệu lực không được trước ngày hiệu lực của phiên bản đang áp dụng.',
    en: 'The effective date must not be before that of the current version.',
  },
  QUERY_TOO_LONG: { status: 422, vi: 'Từ khóa tìm kiếm không được dài quá 200 ký tự.', en: 'The search text must not exceed 200 characters.' },
  TEMPLATE_TYPE_MISMATCH: {
    status: 415,
    vi: 'Nội dung tệp không đúng loại tệp theo tên ({name}). Hãy tải lên đúng tệp PDF, DOC, DOCX, XLS, XLSX hoặc ODT.',
    en: 'The file content does not match its name ({name}). Upload a genuine PDF, DOC, DOCX, XLS, XLSX or ODT file.',
  },
  TEMPLATE_TYPE_NOT_ALLOWED: {
    status: 415,
    vi: 'Chỉ chấp nhận tệp mẫu PDF, DOC, DOCX, XLS, XLSX hoặc ODT.',
    en: 'Only PDF, DOC, DOCX, XLS, XLSX or ODT templates are accepted.',
  },
  TEMPLATE_TOO_LARGE: { status: 413, vi: 'Tệp mẫu quá lớn (tối đa {maxMb} MB).', en: 'The template file is too large (at most {maxMb} MB).' },
  CATALOG_FILE_REQUIRED: { status: 422, vi: 'Vui lòng chọn tệp để tải lên.', en: 'Please choose a file to upload.' },
  IMPORT_INVALID: { status: 422, vi: 'Tệp nhập có {count} lỗi; chưa có dữ liệu nào được ghi.', en: 'The import file has {count} error(s); nothing was written.' },
  IMPORT_UNREADABLE: {
    status: 422,
    vi: 'Không đọc được tệp nhập. Hãy dùng tệp JSON (định dạng opendvc-catalog) hoặc Excel (.xlsx) theo mẫu xuất.',
    en: 'The import file cannot be read. Use a JSON file (opendvc-catalog format) or an Excel (.xlsx) file like the export.',
  },
  FEE_LINE_INVALID: {
    status: 422,
    vi: 'Dòng {line} của phí, lệ phí: ghi "mô tả | số tiền", ví dụ "Lệ phí cấp giấy | 100000".',
    en: 'Fee line {line}: write "description | amount", e.g. "Certificate fee | 100000".',
  },
  IMPORT_CELL: { status: 422, vi: '{message}', en: '{message}' },
});
