// Error codes of counter intake and of the printable forms served to officers.
import { defineErrors } from '../../core/errors.ts';
import '../dossiers/dossiers.errors.ts';
import '../identity/identity.errors.ts';

defineErrors({
  INTAKE_ORGANISATION_UNKNOWN: {
    status: 422,
    vi: 'Không tìm thấy tổ chức, doanh nghiệp có mã số thuế này (tổ chức cần có tài khoản trên Cổng).',
    en: 'No organisation with this tax code (the organisation needs an account on the portal).',
  },
  INTAKE_APPLICANT_NAME_REQUIRED: {
    status: 422,
    vi: 'Chưa có công dân với số định danh này: nhập họ và tên để tạo hồ sơ người nộp.',
    en: 'No citizen with this ID number yet: give the full name to register the applicant.',
  },
  INTAKE_NOT_PAPER: {
    status: 409,
    vi: 'Chỉ số hóa giấy tờ của hồ sơ nộp trực tiếp hoặc qua dịch vụ bưu chính.',
    en: 'Only dossiers brought in person or by post have paper documents to digitise.',
  },
  INTAKE_CLOSED: {
    status: 409,
    vi: 'Hồ sơ đang ở trạng thái "{status:dossier.status}": không thể bổ sung bản số hóa tại Bộ phận Một cửa.',
    en: 'The dossier is in status "{status:dossier.status}": scans can no longer be added at the counter.',
  },
  FORM_NOT_AVAILABLE: {
    status: 409,
    vi: 'Hồ sơ chưa có dữ liệu để in Mẫu số {form}.',
    en: 'The dossier has no data for form {form} yet.',
  },
});

defineErrors({
  INTAKE_PROCEDURE_UNKNOWN: {
    status: 422,
    vi: 'Chọn một thủ tục hành chính đang công bố của cơ quan bạn.',
    en: 'Choose a published procedure of your agency.',
  },
  BOOK_PERIOD_INVALID: { status: 422, vi: 'Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.', en: 'The end date must not be before the start date.' },
  BOOK_PERIOD_TOO_LONG: { status: 422, vi: 'Mỗi lần xuất sổ tối đa {days} ngày.', en: 'At most {days} days per export.' },
});
