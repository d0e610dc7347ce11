import { defineErrors } from '../../core/errors.ts';

defineErrors({
  POSTAL_UNAVAILABLE: {
    status: 503,
    vi: 'Không kết nối được với dịch vụ bưu chính. Vui lòng thử lại sau.',
    en: 'The postal service cannot be reached. Please try again later.',
  },
  POSTAL_NOT_CONFIGURED: {
    status: 503,
    vi: 'Chưa cấu hình kết nối dịch vụ bưu chính công ích (POSTAL_URL).',
    en: 'The public postal service is not configured (POSTAL_URL).',
  },
  POSTAL_SIGNATURE_INVALID: {
    status: 401,
    vi: 'Chữ ký của thông báo từ dịch vụ bưu chính không hợp lệ.',
    en: 'The postal service notification has an invalid signature.',
  },
  POSTAL_WEBHOOK_MALFORMED: {
    status: 400,
    vi: 'Thông báo từ dịch vụ bưu chính không đúng định dạng.',
    en: 'The postal service notification is malformed.',
  },
  POSTAL_SHIPMENT_UNKNOWN: { status: 404, vi: 'Không có bưu gửi với mã này.', en: 'There is no shipment with this tracking number.' },
  POSTAL_DELIVERY_CLOSED: {
    status: 409,
    vi: 'Hồ sơ đã trả kết quả hoặc đã kết thúc: không thể thay đổi cách nhận kết quả.',
    en: 'The dossier’s result has been returned or the dossier is closed: the delivery cannot be changed.',
  },
  POSTAL_NO_ADDRESS: {
    status: 409,
    vi: 'Người nộp chưa đăng ký nhận kết quả qua bưu chính (chưa có địa chỉ nhận).',
    en: 'The applicant has not asked to receive the result by post (no delivery address).',
  },
  POSTAL_NOT_READY: {
    status: 409,
    vi: 'Chỉ gửi kết quả qua bưu chính khi hồ sơ đã có kết quả và đang chờ trả.',
    en: 'A result is sent by post only when it is ready to be returned.',
  },
  POSTAL_ALREADY_SENT: { status: 409, vi: 'Kết quả của hồ sơ này đã được gửi qua bưu chính.', en: 'This dossier’s result has already been sent by post.' },
  POSTAL_PICKUP_CLOSED: {
    status: 409,
    vi: 'Hồ sơ chưa nộp, đã có kết quả hoặc đã kết thúc: không thể gửi hồ sơ giấy qua bưu chính.',
    en: 'The dossier is not submitted, already decided or closed: the paper dossier cannot be sent by post.',
  },
  POSTAL_PICKUP_NOT_ONLINE: {
    status: 409,
    vi: 'Hồ sơ đã được tiếp nhận trực tiếp hoặc qua bưu chính: cơ quan đã có hồ sơ giấy.',
    en: 'The dossier was received at the counter or by post: the agency already holds the paper dossier.',
  },
  POSTAL_PICKUP_PENDING: {
    status: 409,
    vi: 'Đã có yêu cầu bưu chính đến nhận hồ sơ giấy đang thực hiện.',
    en: 'A pickup of the paper dossier by the post is already under way.',
  },
  POSTAL_PICKUP_DONE: {
    status: 409,
    vi: 'Hồ sơ giấy đã được bưu chính chuyển đến cơ quan.',
    en: 'The paper dossier has already reached the agency by post.',
  },
  POSTAL_NOT_FAILED: {
    status: 409,
    vi: 'Bưu gửi này không nằm trong danh sách chờ trả tại quầy.',
    en: 'This shipment is not waiting to be returned at the counter.',
  },
});
