import { defineErrors } from '../../core/errors.ts';

defineErrors({
  // The whole file
  IMPORT_FILE_REQUIRED: { status: 422, vi: 'Chọn tệp CSV hoặc Excel (.xlsx) cần nhập.', en: 'Choose the CSV or Excel (.xlsx) file to import.' },
  IMPORT_FILE_TOO_LARGE: { status: 413, vi: 'Tệp quá lớn: tối đa {max} byte.', en: 'The file is too large: at most {max} bytes.' },
  IMPORT_ENCODING: {
    status: 422,
    vi: 'Tệp không được mã hóa UTF-8 (phát hiện: {encoding}). Hãy lưu lại tệp dưới dạng "CSV UTF-8" rồi nhập lại.',
    en: 'The file is not encoded in UTF-8 (found: {encoding}). Save it again as "CSV UTF-8" and import it again.',
  },
  IMPORT_NOT_UTF8: {
    status: 422,
    vi: 'Tệp chứa byte không hợp lệ trong UTF-8 (có thể tệp được lưu bằng bảng mã Windows-1258 hoặc TCVN3). Hãy lưu lại tệp dưới dạng "CSV UTF-8" rồi nhập lại. Không có hồ sơ nào được nhập.',
    en: 'The file contains bytes that are not valid UTF-8 (it may have been saved as Windows-1258 or TCVN3). Save it again as "CSV UTF-8" and import it again. Nothing was imported.',
  },
  IMPORT_EMPTY: { status: 422, vi: 'Tệp trống: không có dòng tiêu đề.', en: 'The file is empty: there is no header row.' },
  IMPORT_HEADER_INVALID: {
    status: 422,
    vi: 'Dòng tiêu đề không đúng định dạng. Thiếu cột: {missing}. Cột không xác định: {unknown}. Cột lặp lại: {duplicate}. Không có hồ sơ nào được nhập.',
    en: 'The header row does not match the format. Missing columns: {missing}. Unknown columns: {unknown}. Repeated columns: {duplicate}. Nothing was imported.',
  },
  IMPORT_TOO_MANY_ROWS: {
    status: 422,
    vi: 'Tệp có hơn {max} dòng dữ liệu (giới hạn IMPORT_MAX_ROWS). Hãy chia nhỏ tệp. Không có hồ sơ nào được nhập.',
    en: 'The file has more than {max} data rows (the IMPORT_MAX_ROWS limit). Split the file. Nothing was imported.',
  },
  IMPORT_CSV_INVALID: { status: 422, vi: 'Tệp CSV sai cấu trúc ở dòng {line}: {reason}. Không có hồ sơ nào được nhập.', en: 'The CSV file is malformed at line {line}: {reason}. Nothing was imported.' },
  IMPORT_XLSX_INVALID: { status: 422, vi: 'Không đọc được tệp Excel (.xlsx). Không có hồ sơ nào được nhập.', en: 'The Excel (.xlsx) file could not be read. Nothing was imported.' },
  IMPORT_FAILED: { status: 500, vi: 'Nhập hồ sơ bị lỗi hệ thống. Không có hồ sơ nào được nhập.', en: 'The import failed with a system error. Nothing was imported.' },
  // One row (the bad rows file gives the reason in Vietnamese)
  IMPORT_ROW_REQUIRED: { status: 422, vi: 'bắt buộc nhập', en: 'required' },
  IMPORT_ROW_REQUIRED_FOR_STATUS: { status: 422, vi: 'bắt buộc với trạng thái {status}', en: 'required for status {status}' },
  IMPORT_ROW_NOT_ALLOWED_FOR_STATUS: { status: 422, vi: 'phải để trống với trạng thái {status}', en: 'must be empty for status {status}' },
  IMPORT_ROW_FORMULA: { status: 422, vi: 'có dạng công thức bảng tính (bắt đầu bằng =, +, -, @), không được chấp nhận', en: 'looks like a spreadsheet formula (starts with =, +, -, @) and is refused' },
  IMPORT_ROW_CODE_INVALID: { status: 422, vi: 'mã hồ sơ chỉ gồm chữ, số và . - _ / (tối đa 100 ký tự)', en: 'the dossier code may contain letters, digits and . - _ / (at most 100 characters)' },
  IMPORT_ROW_PROCEDURE_CODE_INVALID: { status: 422, vi: 'mã thủ tục phải có dạng 1.001823 (hoặc <mã cơ quan>:<mã riêng>, ví dụ 000.00.12.H61:TP01)', en: 'the procedure code must look like 1.001823 (or <agency code>:<local code>, e.g. 000.00.12.H61:TP01)' },
  IMPORT_ROW_AGENCY_CODE_INVALID: { status: 422, vi: 'mã định danh cơ quan không hợp lệ', en: 'the agency e-ID code is not valid' },
  IMPORT_ROW_CHANNEL_INVALID: { status: 422, vi: 'kênh phải là 1 (trực tiếp), 2 (trực tuyến) hoặc 3 (bưu chính công ích)', en: 'the channel must be 1 (counter), 2 (online) or 3 (public postal service)' },
  IMPORT_ROW_KIND_INVALID: { status: 422, vi: 'loại người nộp phải là citizen (công dân) hoặc organisation (tổ chức)', en: 'the applicant kind must be citizen or organisation' },
  IMPORT_ROW_STATUS_INVALID: { status: 422, vi: 'trạng thái phải là số từ 1 đến 10', en: 'the status must be a number from 1 to 10' },
  IMPORT_ROW_DATE_INVALID: { status: 422, vi: 'ngày không hợp lệ (dd/mm/yyyy, dd/mm/yyyy hh:mm hoặc yyyy-mm-dd)', en: 'not a valid date (dd/mm/yyyy, dd/mm/yyyy hh:mm or yyyy-mm-dd)' },
  IMPORT_ROW_DATE_BEFORE: { status: 422, vi: 'ngày trước {other}', en: 'before {other}' },
  IMPORT_ROW_DATE_FUTURE: { status: 422, vi: 'ngày sau hôm nay ({today}): dữ liệu lịch sử không thể có ngày trong tương lai', en: 'after today ({today}): historical data cannot be dated in the future' },
  IMPORT_ROW_FEE_INVALID: { status: 422, vi: 'phí phải là số tiền nguyên, không âm (đồng)', en: 'the fee must be a whole, non-negative amount (VND)' },
  IMPORT_ROW_BOOLEAN_INVALID: { status: 422, vi: 'phải là 1 (có) hoặc 0 (không)', en: 'must be 1 (yes) or 0 (no)' },
  IMPORT_ROW_TOO_LONG: { status: 422, vi: 'dài quá {max} ký tự', en: 'longer than {max} characters' },
  IMPORT_ROW_ID_NUMBER_INVALID: { status: 422, vi: 'số giấy tờ chỉ gồm 6–20 chữ số, chữ cái hoặc dấu -', en: 'the ID number must be 6–20 digits, letters or -' },
  IMPORT_ROW_PROCEDURE_UNKNOWN: { status: 422, vi: 'không có thủ tục mã {code} trong danh mục', en: 'no procedure with code {code} in the catalog' },
  IMPORT_ROW_AGENCY_UNKNOWN: { status: 422, vi: 'không có cơ quan mã {code}', en: 'no agency with code {code}' },
  IMPORT_ROW_AGENCY_OUT_OF_SCOPE: { status: 422, vi: 'cơ quan {code} ngoài phạm vi quản trị của bạn', en: 'the agency {code} is outside your administration scope' },
  IMPORT_ROW_DUPLICATE_IN_FILE: { status: 422, vi: 'mã hồ sơ trùng với dòng {line} của tệp', en: 'the dossier code repeats line {line} of the file' },
});
