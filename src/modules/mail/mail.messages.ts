import type { Catalog } from '../../core/i18n.ts';

export const mailMessages: Catalog = {
  vi: {
    'mailbox.title': 'Hộp thư thử nghiệm',
    'mailbox.intro': 'Hệ thống chưa cấu hình máy chủ gửi thư (SMTP_URL), nên mọi thư được giữ lại ở đây.',
    'mailbox.empty': 'Chưa có thư nào.',
    'mailbox.to': 'Người nhận',
    'mailbox.subject': 'Tiêu đề',
    'mailbox.time': 'Thời gian',
    'mailbox.back': 'Quay lại hộp thư',
    'mailbox.status.pending': 'Chờ gửi',
    'mailbox.status.sent': 'Đã gửi',
    'mailbox.status.kept': 'Giữ tại hộp thư',
    'mailbox.status.failed': 'Gửi lỗi',
  },
  en: {
    'mailbox.title': 'Test mailbox',
    'mailbox.intro': 'No mail server is configured (SMTP_URL), so every message is kept here.',
    'mailbox.empty': 'No messages yet.',
    'mailbox.to': 'To',
    'mailbox.subject': 'Subject',
    'mailbox.time': 'Time',
    'mailbox.back': 'Back to the mailbox',
    'mailbox.status.pending': 'Waiting',
    'mailbox.status.sent': 'Sent',
    'mailbox.status.kept': 'Kept in the mailbox',
    'mailbox.status.failed': 'Failed',
  },
};
