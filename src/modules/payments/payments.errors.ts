import { defineErrors } from '../../core/errors.ts';

defineErrors({
  PAYMENT_UNAVAILABLE: {
    status: 409,
    vi: 'Thanh toán trực tuyến chưa được cấu hình. Vui lòng nộp phí tại Bộ phận Một cửa.',
    en: 'Online payment is not configured. Please pay the fees at the one-stop counter.',
  },
  PAYMENT_PLATFORM_UNAVAILABLE: {
    status: 502,
    vi: 'Không kết nối được Cổng thanh toán. Vui lòng thử lại sau ít phút.',
    en: 'The payment platform could not be reached. Please try again in a few minutes.',
  },
  PAYMENT_NOT_DUE: { status: 409, vi: 'Hồ sơ này hiện không có khoản phí, lệ phí nào phải nộp.', en: 'No fee is due on this dossier now.' },
  PAYMENT_ALREADY_PAID: { status: 409, vi: 'Phí, lệ phí của hồ sơ này đã được nộp.', en: 'The fees of this dossier have already been paid.' },
  PAYMENT_SIGNATURE_INVALID: { status: 401, vi: 'Chữ ký của thông báo thanh toán không hợp lệ.', en: 'The signature of the payment notice is not valid.' },
  PAYMENT_MALFORMED: { status: 400, vi: 'Thông báo thanh toán thiếu trường hoặc sai định dạng.', en: 'The payment notice has a missing or malformed field.' },
  PAYMENT_UNKNOWN_ORDER: { status: 404, vi: 'Không có đơn thanh toán với mã này.', en: 'There is no payment order with this id.' },
  PAYMENT_AMOUNT_MISMATCH: { status: 409, vi: 'Số tiền không khớp với đơn thanh toán; giao dịch đã được chuyển kế toán kiểm tra.', en: 'The amount differs from the payment order; the transaction was flagged for the accountant.' },
  PAYMENT_ORDER_CLOSED: { status: 409, vi: 'Đơn thanh toán này không còn chờ thanh toán.', en: 'This payment order is no longer awaiting payment.' },
  PAYMENT_REFUND_REFUSED: { status: 409, vi: 'Cổng thanh toán không chấp nhận yêu cầu hoàn tiền.', en: 'The payment platform refused the refund.' },
  PAYMENT_NOT_REFUNDABLE: { status: 409, vi: 'Chỉ hoàn tiền được cho khoản đã thanh toán.', en: 'Only a paid order can be refunded.' },
  PAYMENT_REASON_REQUIRED: { status: 422, vi: 'Vui lòng nhập lý do.', en: 'Please give a reason.' },
  PAYMENT_REFERENCE_INVALID: { status: 422, vi: 'Mã giao dịch ngân hàng gồm 1–64 chữ cái, chữ số, “-” hoặc “_”.', en: 'The bank reference has 1–64 letters, digits, “-” or “_”.' },
  VIETQR_UNAVAILABLE: { status: 409, vi: 'Chưa cấu hình tài khoản nhận chuyển khoản VietQR.', en: 'No VietQR collection account is configured.' },
  FEE_RULES_INVALID: { status: 422, vi: 'Biểu phí chưa hợp lệ: {detail}', en: 'The fee definition is not valid: {detail}' },
  FEE_FORMULA_INVALID: { status: 422, vi: 'Công thức không hợp lệ: {detail}', en: 'The formula is not valid: {detail}' },
  FEE_FIELD_UNKNOWN: { status: 422, vi: 'Trường “{field}” không phải trường số của tờ khai.', en: '“{field}” is not a number field of the e-form.' },
  FEE_AMOUNT_INVALID: { status: 422, vi: 'Số tiền là số nguyên từ 0 đến 10.000.000.000 đồng.', en: 'An amount is a whole number of đồng from 0 to 10,000,000,000.' },
  FEE_LABEL_REQUIRED: { status: 422, vi: 'Vui lòng nhập tên khoản phí.', en: 'Please give the fee line a name.' },
  FEE_VERSION_NOT_EDITABLE: { status: 409, vi: 'Chỉ sửa được biểu phí của phiên bản nháp.', en: 'Only a draft version’s fees can be edited.' },
});
