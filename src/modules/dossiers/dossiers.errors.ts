import { defineErrors } from '../../core/errors.ts';

defineErrors({
  DOSSIER_APPLICANTS_ONLY: {
    status: 403,
    vi: 'Chỉ tài khoản công dân hoặc tổ chức, doanh nghiệp mới nộp được hồ sơ trực tuyến.',
    en: 'Only citizen and organisation accounts can submit dossiers online.',
  },
  PROCEDURE_NOT_ONLINE: {
    status: 409,
    vi: 'Thủ tục này chưa được cung cấp dịch vụ công trực tuyến để nộp hồ sơ.',
    en: 'This procedure cannot be applied for online.',
  },
  PROCEDURE_NOT_FOR_APPLICANT: {
    status: 409,
    vi: 'Thủ tục này không áp dụng cho loại tài khoản của bạn.',
    en: 'This procedure is not available to your kind of account.',
  },
  DOSSIER_ALREADY_SUBMITTED: {
    status: 409,
    vi: 'Hồ sơ đã được nộp (mã hồ sơ {dossierCode}, trạng thái: {status:dossier.status}); không thể thay đổi hoặc nộp lại.',
    en: 'The dossier has already been submitted (code {dossierCode}, status: {status:dossier.status}); it cannot be changed or submitted again.',
  },
  DOSSIER_PAYMENT_REQUIRED: {
    status: 402,
    vi: 'Thủ tục này thu phí, lệ phí trước khi nộp hồ sơ: hồ sơ chờ thanh toán {amount} đồng và chỉ được gửi đến cơ quan khi đã thanh toán.',
    en: 'This procedure charges its fees before submission: the dossier awaits the payment of {amount} dong and reaches the agency only once paid.',
  },
  DOSSIER_AWAITING_PAYMENT: {
    status: 409,
    vi: 'Hồ sơ đang chờ thanh toán phí, lệ phí nên không sửa được; nếu không thanh toán, hồ sơ trở lại bản nháp khi lượt thanh toán hết hạn.',
    en: 'The dossier awaits the payment of its fees and cannot be changed; unpaid, it becomes a draft again when the payment expires.',
  },
  DOSSIER_CHANGED_DURING_SUBMIT: {
    status: 409,
    vi: 'Hồ sơ đang được chỉnh sửa ở nơi khác trong lúc nộp. Vui lòng kiểm tra lại và nộp lại.',
    en: 'The dossier was being changed elsewhere while it was submitted. Please check it and submit again.',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 409,
    vi: 'Khóa Idempotency-Key này đã được dùng cho một hồ sơ khác.',
    en: 'This Idempotency-Key was already used for another dossier.',
  },
  DOCUMENT_REQUIRED: { status: 422, vi: 'Vui lòng đính kèm tệp cho thành phần hồ sơ này.', en: 'Please attach a file for this document.' },
  DOCUMENT_UNKNOWN: { status: 422, vi: 'Thành phần hồ sơ không thuộc thủ tục này.', en: 'This document does not belong to the procedure.' },
  FILE_REQUIRED: { status: 422, vi: 'Vui lòng chọn một tệp không rỗng.', en: 'Please choose a non-empty file.' },
  FILE_TYPE_NOT_ALLOWED: {
    status: 422,
    vi: 'Tệp "{name}" không phải PDF, JPEG, PNG, DOCX hoặc XLSX (kiểm tra theo nội dung tệp).',
    en: 'The file "{name}" is not a PDF, JPEG, PNG, DOCX or XLSX file (checked by its content).',
  },
  FILE_TOO_LARGE: { status: 413, vi: 'Mỗi tệp không được lớn hơn {maxMb} MB.', en: 'Each file must be at most {maxMb} MB.' },
  DOSSIER_FILES_TOO_LARGE: {
    status: 413,
    vi: 'Tổng dung lượng các tệp của hồ sơ không được vượt quá {maxMb} MB.',
    en: 'The files of a dossier must not exceed {maxMb} MB in total.',
  },
});
