// Error codes of the webhooks (subscriptions, deliveries); the field codes name the form's fields.
import { defineErrors } from '../../core/errors.ts';

defineErrors({
  WEBHOOK_NAME_REQUIRED: { status: 422, vi: 'Hãy nhập tên của đăng ký.', en: 'Enter a name for the subscription.' },
  WEBHOOK_NAME_TOO_LONG: { status: 422, vi: 'Tên không được dài quá 200 ký tự.', en: 'The name must be at most 200 characters.' },
  WEBHOOK_URL_INVALID: {
    status: 422,
    vi: 'Địa chỉ nhận phải là một URL đầy đủ bắt đầu bằng https:// (không chứa tên đăng nhập, mật khẩu hay phần #).',
    en: 'The target must be a full URL starting with https:// (no user name, password or # part).',
  },
  WEBHOOK_URL_NOT_HTTPS: { status: 422, vi: 'Địa chỉ nhận phải dùng https://.', en: 'The target must use https://.' },
  WEBHOOK_URL_PRIVATE: {
    status: 422,
    vi: 'Không được gửi tới địa chỉ nội bộ (localhost, mạng riêng, link-local).',
    en: 'Targets on internal addresses (localhost, private networks, link-local) are not allowed.',
  },
  WEBHOOK_AGENCY_REQUIRED: { status: 422, vi: 'Hãy chọn cơ quan.', en: 'Choose an agency.' },
  WEBHOOK_EVENTS_REQUIRED: { status: 422, vi: 'Hãy chọn ít nhất một loại sự kiện.', en: 'Choose at least one event type.' },
  WEBHOOK_DELIVERY_PENDING: {
    status: 409,
    vi: 'Lần gửi này đang chờ gửi; không cần gửi lại.',
    en: 'This delivery is still pending; there is nothing to send again.',
  },
});
