import { defineErrors } from '../../core/errors.ts';

defineErrors({
  OUTGOING_STATE: { status: 409, vi: 'Văn bản đang ở trạng thái không cho phép thao tác này.', en: 'The document is not in a state that allows this.' },
  OUTGOING_ALREADY_ISSUED: { status: 409, vi: 'Văn bản đã được ban hành và cấp số; không ban hành lại.', en: 'The document has already been issued and numbered; it cannot be issued again.' },
  OUTGOING_STALE: { status: 409, vi: 'Văn bản vừa được người khác cập nhật. Vui lòng tải lại trang.', en: 'The document has just been changed by someone else. Please reload the page.' },
  OUTGOING_NOT_REVIEWER: { status: 403, vi: 'Ông/bà không phải người xem xét ở bước này.', en: 'You are not the reviewer of this step.' },
  OUTGOING_NOT_SIGNER: { status: 403, vi: 'Chỉ người ký văn bản được ký và ban hành.', en: 'Only the document’s signer may sign and issue it.' },
  OUTGOING_TYPE_INVALID: { status: 422, vi: 'Vui lòng chọn loại văn bản.', en: 'Please choose the document type.' },
  OUTGOING_VALUE_INVALID: { status: 422, vi: 'Giá trị không hợp lệ.', en: 'The value is not valid.' },
  OUTGOING_ABBREVIATION_INVALID: { status: 422, vi: 'Chữ viết tắt chỉ gồm chữ in hoa và chữ số (ví dụ UBND).', en: 'An abbreviation is capital letters and digits only (e.g. UBND).' },
  OUTGOING_SIGNER_INVALID: { status: 422, vi: 'Người ký phải là lãnh đạo của cơ quan ban hành.', en: 'The signer must be a leader of the issuing agency.' },
  OUTGOING_RECIPIENT_UNKNOWN: { status: 422, vi: 'Không tìm thấy cơ quan nhận.', en: 'The receiving agency is unknown.' },
  OUTGOING_COMMENT_REQUIRED: { status: 422, vi: 'Vui lòng nhập ý kiến khi trả lại văn bản.', en: 'Please give a comment when returning the document.' },
  OUTGOING_PERSON_INVALID: { status: 422, vi: 'Người được chọn không thuộc cơ quan.', en: 'The person chosen does not belong to the agency.' },
  OUTGOING_INCOMING_UNKNOWN: { status: 422, vi: 'Không tìm thấy văn bản đến cần trả lời.', en: 'The incoming document to answer was not found.' },
  OUTGOING_PERIOD_INVALID: { status: 422, vi: 'Khoảng thời gian không hợp lệ (từ ngày, đến ngày dạng yyyy-mm-dd; tối đa 366 ngày).', en: 'The period is not valid (from, to as yyyy-mm-dd; at most 366 days).' },
});
