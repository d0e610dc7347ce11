// Screen texts of single sign-on with VNeID (Vietnamese first).
import { registerMessages, type Catalog } from '../../core/i18n.ts';

export const ssoMessages: Catalog = {
  vi: {
    'sso.button': 'Đăng nhập bằng VNeID',
    'sso.or': 'hoặc',
    'sso.hint': 'Dùng tài khoản định danh điện tử (VNeID) qua Cổng Dịch vụ công quốc gia; tổ chức, doanh nghiệp đăng nhập bằng tài khoản của người đại diện.',
    'sso.refusedTitle': 'Không đăng nhập được bằng VNeID',
    'sso.retry': 'Đăng nhập lại bằng VNeID',
    'sso.passwordLogin': 'Đăng nhập bằng tên đăng nhập và mật khẩu',
    'sso.logoutTitle': 'Đang đăng xuất khỏi VNeID',
    'sso.logoutText': 'Bạn đã đăng xuất khỏi cổng. Để kết thúc cả phiên đăng nhập VNeID trên thiết bị này, hệ thống đang chuyển bạn tới VNeID.',
    'sso.logoutLink': 'Tiếp tục đăng xuất khỏi VNeID',
    'sso.accountSignsIn': 'Bạn đăng nhập bằng VNeID; tài khoản này không có mật khẩu trên cổng.',
    'mail.ssoLinked.subject': 'Tài khoản của bạn đã được liên kết với VNeID',
    'mail.ssoLinked.text':
      'Kính gửi {name},\n\nTài khoản của bạn trên cổng dịch vụ công vừa được liên kết với tài khoản định danh điện tử VNeID có cùng số định danh cá nhân. Từ nay bạn có thể đăng nhập bằng VNeID tại {loginLink}; mật khẩu hiện tại vẫn dùng được.\n\nNếu không phải bạn thực hiện, vui lòng liên hệ ngay bộ phận một cửa.',
  },
  en: {
    'sso.button': 'Sign in with VNeID',
    'sso.or': 'or',
    'sso.hint': 'Use your electronic identity account (VNeID) through the National Public Service Portal; organisations sign in with their representative’s account.',
    'sso.refusedTitle': 'Signing in with VNeID did not work',
    'sso.retry': 'Sign in with VNeID again',
    'sso.passwordLogin': 'Sign in with a username and password',
    'sso.logoutTitle': 'Signing out of VNeID',
    'sso.logoutText': 'You are signed out of the portal. To end your VNeID session on this device too, we are taking you to VNeID.',
    'sso.logoutLink': 'Continue signing out of VNeID',
    'sso.accountSignsIn': 'You sign in with VNeID; this account has no password on this portal.',
    'mail.ssoLinked.subject': 'Your account is now linked to VNeID',
    'mail.ssoLinked.text':
      'Dear {name},\n\nYour account on the public service portal has just been linked to the VNeID electronic identity with the same personal ID. You can now sign in with VNeID at {loginLink}; your current password still works.\n\nIf this was not you, please contact the one-stop office at once.',
  },
};

registerMessages(ssoMessages);
