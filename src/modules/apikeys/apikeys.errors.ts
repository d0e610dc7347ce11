// Error codes of service accounts and API keys. The three 401 codes are told apart only after the secret matched:
// whoever does not hold the whole token only ever sees API_KEY_INVALID, so the codes leak nothing to a guesser.
import { defineErrors } from '../../core/errors.ts';

defineErrors({
  API_KEY_INVALID: { status: 401, vi: 'Khóa API không hợp lệ.', en: 'The API key is not valid.' },
  API_KEY_EXPIRED: { status: 401, vi: 'Khóa API đã hết hạn.', en: 'The API key has expired.' },
  API_KEY_REVOKED: { status: 401, vi: 'Khóa API đã bị thu hồi.', en: 'The API key has been revoked.' },
  API_KEY_RATE_LIMITED: {
    status: 429,
    vi: 'Khóa API đã vượt giới hạn số lượt gọi trong một phút. Vui lòng thử lại sau {retryAfter} giây.',
    en: 'The API key exceeded its calls per minute. Please retry in {retryAfter} seconds.',
  },
  API_KEY_NOT_ALLOWED: {
    status: 403,
    vi: 'Không thể quản lý tài khoản dịch vụ và khóa API bằng một khóa API; hãy đăng nhập với tư cách quản trị viên.',
    en: 'Service accounts and API keys cannot be managed with an API key; sign in as an administrator.',
  },
  API_KEY_NAME_REQUIRED: { status: 422, vi: 'Vui lòng nhập tên.', en: 'Please enter a name.' },
  API_KEY_EXPIRY_INVALID: { status: 422, vi: 'Ngày hết hạn phải có dạng dd/mm/yyyy.', en: 'The expiry date must be written dd/mm/yyyy.' },
  API_KEY_EXPIRY_PAST: { status: 422, vi: 'Ngày hết hạn phải sau hôm nay.', en: 'The expiry date must be after today.' },
  API_KEY_EXPIRY_TOO_FAR: {
    status: 422,
    vi: 'Khóa API có hiệu lực tối đa {days} ngày (đến {last}).',
    en: 'An API key is valid for at most {days} days (until {last}).',
  },
  API_KEY_RATE_INVALID: {
    status: 422,
    vi: 'Giới hạn số lượt gọi mỗi phút phải là số nguyên từ 1 đến {max}.',
    en: 'The calls per minute must be a whole number from 1 to {max}.',
  },
  API_KEY_GRACE_INVALID: {
    status: 422,
    vi: 'Thời gian khóa cũ còn hiệu lực phải từ 0 đến {max} phút.',
    en: 'The grace period of the old key must be from 0 to {max} minutes.',
  },
  API_KEY_ROLE_INVALID: { status: 422, vi: 'Vai trò không hợp lệ.', en: 'The role is not valid.' },
  API_KEY_ROLES_REQUIRED: { status: 422, vi: 'Chọn ít nhất một vai trò.', en: 'Choose at least one role.' },
  API_KEY_AGENCY_NOT_FOUND: { status: 422, vi: 'Không có cơ quan với mã này.', en: 'There is no agency with this e-ID.' },
  API_KEY_AGENCY_INACTIVE: { status: 422, vi: 'Cơ quan này không còn hoạt động.', en: 'This agency is no longer active.' },
  API_KEY_ROLE_OUT_OF_SCOPE: {
    status: 403,
    vi: 'Bạn chỉ được phân quyền trên các cơ quan thuộc phạm vi quản trị của mình.',
    en: 'You may only grant roles on agencies within the scope you administer.',
  },
  API_KEY_NOT_ACTIVE: { status: 409, vi: 'Khóa API này đã hết hạn hoặc đã bị thu hồi.', en: 'This API key has expired or has been revoked.' },
  API_KEY_ACCOUNT_DISABLED: { status: 409, vi: 'Tài khoản dịch vụ đã bị khóa.', en: 'The service account is disabled.' },
});
