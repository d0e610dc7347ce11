import { defineErrors } from '../../core/errors.ts';

defineErrors({
  INVALID_CREDENTIALS: { status: 401, vi: 'Tên đăng nhập hoặc mật khẩu không đúng.', en: 'The username or password is incorrect.' },
  LOGIN_RATE_LIMITED: {
    status: 429,
    vi: 'Bạn đã đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {minutes} phút.',
    en: 'Too many failed sign-in attempts. Please try again in {minutes} minutes.',
  },
  LOGIN_ACCOUNT_LOCKED: {
    status: 429,
    vi: 'Tài khoản tạm khóa đăng nhập vì có quá nhiều lần nhập sai mật khẩu. Nếu tài khoản có địa chỉ thư điện tử, chúng tôi đã gửi tới đó liên kết mở khóa; hoặc thử lại sau {minutes} phút.',
    en: 'Sign-in to this account is locked for now after too many wrong passwords. If the account has an e-mail address, we sent an unlock link to it; or try again in {minutes} minutes.',
  },
  PASSWORD_RESET_RATE_LIMITED: {
    status: 429,
    vi: 'Có quá nhiều yêu cầu đặt lại mật khẩu từ địa chỉ của bạn. Vui lòng thử lại sau {minutes} phút.',
    en: 'Too many password reset requests from your address. Please try again in {minutes} minutes.',
  },
  REGISTRATION_RATE_LIMITED: {
    status: 429,
    vi: 'Có quá nhiều yêu cầu đăng ký từ địa chỉ của bạn. Vui lòng thử lại sau {minutes} phút.',
    en: 'Too many registrations from your address. Please try again in {minutes} minutes.',
  },
  EMAIL_NOT_VERIFIED: {
    status: 403,
    vi: 'Tài khoản chưa được kích hoạt. Vui lòng mở thư xác thực đã gửi tới địa chỉ thư điện tử của bạn.',
    en: 'The account is not activated yet. Please open the verification e-mail we sent you.',
  },
  ACCOUNT_DISABLED: { status: 403, vi: 'Tài khoản đã bị khóa.', en: 'The account is disabled.' },
  USERNAME_INVALID: {
    status: 422,
    vi: 'Tên đăng nhập gồm 3–100 ký tự: chữ thường không dấu, số, dấu chấm, gạch dưới, gạch ngang hoặc @.',
    en: 'The username has 3–100 characters: lower-case letters, digits, dot, underscore, hyphen or @.',
  },
  USERNAME_TAKEN: { status: 422, vi: 'Tên đăng nhập đã được sử dụng.', en: 'This username is already taken.' },
  EMAIL_TAKEN: { status: 422, vi: 'Địa chỉ thư điện tử đã được đăng ký.', en: 'This e-mail address is already registered.' },
  EMAIL_INVALID: { status: 422, vi: 'Địa chỉ thư điện tử viết dạng ten@mien.vn, ví dụ nguyenvana@gmail.com.', en: 'Write the e-mail address as name@domain, e.g. nguyenvana@gmail.com.' },
  PERSONAL_ID_INVALID: { status: 422, vi: 'Số định danh cá nhân phải gồm đúng 12 chữ số.', en: 'The personal ID number must have exactly 12 digits.' },
  PERSONAL_ID_TAKEN: { status: 422, vi: 'Số định danh cá nhân đã được đăng ký.', en: 'This personal ID number is already registered.' },
  TAX_CODE_INVALID: { status: 422, vi: 'Mã số doanh nghiệp/mã số thuế gồm 10 chữ số (hoặc 10 chữ số, gạch ngang và 3 chữ số).', en: 'The enterprise/tax code has 10 digits (or 10 digits, a hyphen and 3 digits).' },
  PHONE_INVALID: {
    status: 422,
    vi: 'Số điện thoại gồm 10 hoặc 11 chữ số, bắt đầu bằng 0 hoặc +84, ví dụ 0912345678.',
    en: 'The phone number has 10 or 11 digits and starts with 0 or +84, e.g. 0912345678.',
  },
  BIRTH_DATE_INVALID: {
    status: 422,
    vi: 'Ngày sinh viết theo dạng ngày/tháng/năm (ví dụ 05/09/1990), từ năm 1900 đến hôm nay.',
    en: 'Write the date of birth as day/month/year (e.g. 05/09/1990), between 1900 and today.',
  },
  NAME_INVALID: {
    status: 422,
    vi: 'Họ và tên viết bằng chữ (có dấu), không có biểu tượng cảm xúc hay ký hiệu không in được trên giấy tờ, ví dụ Nguyễn Văn An.',
    en: 'Write the name in letters (with diacritics), without emoji or symbols that cannot be printed on documents, e.g. Nguyễn Văn An.',
  },
  PASSWORD_TOO_SHORT: { status: 422, vi: 'Mật khẩu phải có ít nhất 8 ký tự.', en: 'The password must have at least 8 characters.' },
  PASSWORD_TOO_LONG: { status: 422, vi: 'Mật khẩu không được dài quá 200 ký tự.', en: 'The password must not exceed 200 characters.' },
  PASSWORD_TOO_SIMPLE: {
    status: 422,
    vi: 'Mật khẩu phải có ít nhất 3 trong 4 loại ký tự: chữ thường, chữ hoa, chữ số, ký tự đặc biệt.',
    en: 'The password needs at least 3 of: lower-case, upper-case, digit, special character.',
  },
  PASSWORD_CONTAINS_NAME: { status: 422, vi: 'Mật khẩu không được chứa tên đăng nhập hoặc địa chỉ thư.', en: 'The password must not contain your username or e-mail.' },
  PASSWORD_TOO_COMMON: { status: 422, vi: 'Mật khẩu quá phổ biến, dễ bị đoán.', en: 'The password is too common.' },
  PASSWORD_MISMATCH: { status: 422, vi: 'Mật khẩu nhập lại không khớp.', en: 'The passwords do not match.' },
  ORGANISATION_TAKEN: {
    status: 422,
    vi: 'Tổ chức, doanh nghiệp có mã số này đã được đăng ký. Hãy đề nghị tài khoản của tổ chức thêm bạn làm thành viên.',
    en: 'An organisation with this code is already registered. Ask its account holder to add you as a member.',
  },
  CURRENT_PASSWORD_WRONG: { status: 422, vi: 'Mật khẩu hiện tại không đúng.', en: 'The current password is incorrect.' },
  NOT_ORGANISATION_MEMBER: {
    status: 403,
    vi: 'Chức năng này dành cho tài khoản tổ chức, doanh nghiệp.',
    en: 'This is only available to organisation accounts.',
  },
  TOKEN_INVALID: { status: 400, vi: 'Liên kết không hợp lệ hoặc đã hết hạn.', en: 'The link is invalid or has expired.' },
});
