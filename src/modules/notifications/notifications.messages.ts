import type { Catalog } from '../../core/i18n.ts';

export const notificationsMessages: Catalog = {
  vi: {
    'notifications.title': 'Thông báo',
    'notifications.nav': 'Thông báo',
    'notifications.navUnread': 'Thông báo ({count} chưa đọc)',
    'notifications.intro': 'Thông báo về hồ sơ của ông/bà: thay đổi trạng thái, tin nhắn từ cơ quan giải quyết.',
    'notifications.unreadCount': 'Có {count} thông báo chưa đọc.',
    'notifications.empty': 'Chưa có thông báo nào.',
    'notifications.unread': 'Chưa đọc',
    'notifications.read': 'Đã đọc',
    'notifications.open': 'Xem hồ sơ',
    'notifications.markRead': 'Đánh dấu đã đọc',
    'notifications.markAllRead': 'Đánh dấu tất cả là đã đọc',
    'notifications.markReadLabel': 'Đánh dấu đã đọc: {title}',
  },
  en: {
    'notifications.title': 'Notifications',
    'notifications.nav': 'Notifications',
    'notifications.navUnread': 'Notifications ({count} unread)',
    'notifications.intro': 'News about your dossiers: status changes and messages from the agency.',
    'notifications.unreadCount': 'You have {count} unread notifications.',
    'notifications.empty': 'No notifications yet.',
    'notifications.unread': 'Unread',
    'notifications.read': 'Read',
    'notifications.open': 'Open the dossier',
    'notifications.markRead': 'Mark as read',
    'notifications.markAllRead': 'Mark all as read',
    'notifications.markReadLabel': 'Mark as read: {title}',
  },
};
