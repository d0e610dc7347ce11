// Error codes of the National Public Service Portal's dossier exchange (inbound answers carry error_code -1 too).
import { defineErrors } from '../../core/errors.ts';

defineErrors({
  NATIONAL_PORTAL_TOKEN_INVALID: {
    status: 401,
    vi: 'Mã xác thực của Cổng Dịch vụ công quốc gia không hợp lệ.',
    en: 'The National Public Service Portal token is invalid.',
  },
  NATIONAL_PORTAL_PROCEDURE_UNKNOWN: {
    status: 422,
    vi: 'Không có thủ tục hành chính đang áp dụng với mã {procedureCode}.',
    en: 'No procedure in force has the code {procedureCode}.',
  },
  NATIONAL_PORTAL_FIELD_INVALID: {
    status: 422,
    vi: 'Trường {field} của hồ sơ không hợp lệ hoặc bị thiếu.',
    en: 'The dossier field {field} is invalid or missing.',
  },
  NATIONAL_PORTAL_FILE_URL_FOREIGN: {
    status: 422,
    vi: 'Tệp {field} không nằm trên Cổng Dịch vụ công quốc gia.',
    en: 'The file {field} is not on the National Public Service Portal.',
  },
  NATIONAL_PORTAL_FILE_UNAVAILABLE: {
    status: 422,
    vi: 'Không tải được tệp "{name}" từ Cổng Dịch vụ công quốc gia.',
    en: 'The file "{name}" could not be fetched from the National Public Service Portal.',
  },
  NATIONAL_PORTAL_FILE_HASH_MISMATCH: {
    status: 422,
    vi: 'Mã băm SHA-256 của tệp "{name}" không khớp với nội dung tải về.',
    en: 'The SHA-256 hash of the file "{name}" does not match its content.',
  },
  NATIONAL_PORTAL_FILE_REFUSED: {
    status: 422,
    vi: 'Tệp "{name}" không được chấp nhận: {reason}',
    en: 'The file "{name}" is not accepted: {reason}',
  },
  NATIONAL_PORTAL_NO_DOCUMENT: {
    status: 422,
    vi: 'Thủ tục {procedureCode} không có thành phần hồ sơ để gắn tệp.',
    en: 'The procedure {procedureCode} lists no document to attach files to.',
  },
  NATIONAL_PORTAL_MESSAGE_NOT_FAILED: {
    status: 409,
    vi: 'Thông điệp này không ở trạng thái lỗi nên không cần gửi lại.',
    en: 'This message has not failed, so there is nothing to retry.',
  },
});
