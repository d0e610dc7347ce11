// Errors of single sign-on with VNeID (each a page with a way back, never a 500).
import { defineErrors } from '../../core/errors.ts';

defineErrors({
  SSO_UNAVAILABLE: {
    status: 502,
    vi: 'Hiện không kết nối được với hệ thống định danh VNeID. Vui lòng thử lại sau ít phút, hoặc đăng nhập bằng tên đăng nhập và mật khẩu.',
    en: 'The VNeID identity service cannot be reached right now. Please try again in a few minutes, or sign in with your username and password.',
  },
  SSO_STATE_INVALID: {
    status: 400,
    vi: 'Phiên đăng nhập bằng VNeID không hợp lệ hoặc đã hết hạn (liên kết đã được dùng, hoặc mở từ trình duyệt khác). Vui lòng đăng nhập lại.',
    en: 'The VNeID sign-in is not valid or has expired (the link was already used, or opened in another browser). Please sign in again.',
  },
  SSO_TOKEN_INVALID: {
    status: 401,
    vi: 'Không xác nhận được thông tin đăng nhập do VNeID gửi về. Vui lòng đăng nhập lại.',
    en: 'The sign-in information sent back by VNeID could not be verified. Please sign in again.',
  },
  SSO_CLAIMS_INVALID: {
    status: 502,
    vi: 'VNeID không gửi đủ thông tin định danh cần thiết ({claim}). Vui lòng thử lại sau hoặc liên hệ bộ phận một cửa.',
    en: 'VNeID did not send the identity information we need ({claim}). Please try again later or contact the one-stop office.',
  },
  SSO_CANCELLED: {
    status: 400,
    vi: 'Bạn đã hủy đăng nhập bằng VNeID.',
    en: 'You cancelled signing in with VNeID.',
  },
  SSO_NO_PASSWORD: {
    status: 409,
    vi: 'Tài khoản này đăng nhập bằng VNeID và không có mật khẩu trên cổng, nên không có mật khẩu để đổi.',
    en: 'This account signs in with VNeID and has no password on this portal, so there is no password to change.',
  },
  SSO_PERSONAL_ID_CONFLICT: {
    status: 409,
    vi: 'Không thể đăng nhập: số định danh cá nhân của tài khoản VNeID này đang gắn với một tài khoản khác trên cổng. Vì an toàn, hai tài khoản không được tự động gộp. Vui lòng liên hệ bộ phận một cửa để được hỗ trợ.',
    en: 'You cannot sign in: the personal ID of this VNeID account belongs to another account on this portal. For your safety, accounts are never merged automatically. Please contact the one-stop office for help.',
  },
});
