import type { Catalog } from '../../core/i18n.ts';

export const messagesMessages: Catalog = {
  vi: {
    'messages.title': 'Trao đổi với cơ quan giải quyết',
    'messages.pageTitle': 'Trao đổi về hồ sơ {code}',
    'messages.back': 'Quay lại hồ sơ',
    'messages.empty': 'Chưa có tin nhắn nào.',
    'messages.fromApplicant': 'Người nộp hồ sơ',
    'messages.fromAgency': 'Cơ quan giải quyết',
    'messages.you': 'Bạn',
    'messages.body': 'Nội dung tin nhắn',
    'messages.bodyHint': 'Tối đa 4.000 ký tự. Không gửi thông tin mật khẩu hoặc mã OTP.',
    'messages.send': 'Gửi tin nhắn',
    'messages.read': 'Đã xem',
  },
  en: {
    'messages.title': 'Messages with the agency',
    'messages.pageTitle': 'Messages about dossier {code}',
    'messages.back': 'Back to the dossier',
    'messages.empty': 'No messages yet.',
    'messages.fromApplicant': 'Applicant',
    'messages.fromAgency': 'Handling agency',
    'messages.you': 'You',
    'messages.body': 'Message',
    'messages.bodyHint': 'At most 4,000 characters. Never send passwords or one-time codes.',
    'messages.send': 'Send the message',
    'messages.read': 'Read',
  },
};
