// In-app notifications: the list (/thong-bao, /api/notifications; each notice rendered in the reader's language),
// mark as read, and the unread count that the layout shows in the header of every page of a signed-in user.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { registerMessages } from '../../core/i18n.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { FormBody, formPage, type FormErrors } from '../../http/form-page.ts';
import { requireActor } from '../identity/identity.routes.ts';
import { notificationsMessages } from './notifications.messages.ts';
import { MarkedResponse, NotificationList, NotificationParams, NotificationQuery } from './notifications.schemas.ts';
import type { NotificationItem } from './notifications.service.ts';

registerMessages(notificationsMessages);

const tags = ['notifications'];
const security: Array<Record<string, string[]>> = [{ session: [], csrf: [] }];

function presentItem(item: NotificationItem) {
  return { ...item, createdAt: item.createdAt.toISOString() };
}

/** Pages get the unread count for the header: reply.page of this request passes it to every template. */
async function withUnreadCount(ctx: AppContext, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const actor = request.actor;
  if (!actor || request.method !== 'GET' || request.url.startsWith('/api/') || request.url.startsWith('/static/')) return;
  const unread = await ctx.services.notifications.unreadCount(actor.id);
  const page = reply.page;
  reply.page = function pageWithUnread(this: FastifyReply, template: string, data: Record<string, unknown> = {}) {
    return page.call(this, template, { unreadNotifications: unread, ...data });
  };
}

export const notificationsModule: AppModule = {
  name: 'notifications',
  register(app: App, ctx: AppContext) {
    const notifications = ctx.services.notifications;

    app.addHook('preHandler', async (request, reply) => withUnreadCount(ctx, request, reply));

    app.get(
      '/api/notifications',
      { schema: { operationId: 'listNotifications', tags, security: [{ session: [] as string[] }], summary: 'List my notifications', description: 'Thông báo của tôi (mới nhất trước) và số thông báo chưa đọc', querystring: NotificationQuery, response: { 200: NotificationList } } },
      async (request, reply) => {
        const result = await notifications.list(requireActor(request), request.query.page ?? 1, 20, request.locale);
        return reply.header('cache-control', 'no-store').send({ ...result, items: result.items.map(presentItem) });
      },
    );

    app.post(
      '/api/notifications/:id/read',
      { schema: { operationId: 'markNotificationRead', tags, security, summary: 'Mark a notification as read', description: 'Đánh dấu một thông báo là đã đọc', params: NotificationParams, response: { 200: MarkedResponse } } },
      async (request) => {
        const actor = requireActor(request);
        const marked = await notifications.markRead(actor, request.params.id);
        return { marked, unread: await notifications.unreadCount(actor.id) };
      },
    );

    app.post('/api/notifications/read-all', { schema: { operationId: 'markAllNotificationsRead', tags, security, summary: 'Mark all notifications as read', description: 'Đánh dấu mọi thông báo là đã đọc', response: { 200: MarkedResponse } } }, async (request) => {
      const actor = requireActor(request);
      const marked = await notifications.markRead(actor, null);
      return { marked, unread: await notifications.unreadCount(actor.id) };
    });

    // Pages --------------------------------------------------------------------------------------

    const listPage = async (request: FastifyRequest, reply: FastifyReply, page: number, errors: FormErrors | null = null) => {
      const result = await notifications.list(requireActor(request), page, 20, request.locale);
      return reply.page('notifications.njk', { ...result, unreadNotifications: result.unread, errors });
    };

    app.get('/thong-bao', { schema: { hide: true, querystring: NotificationQuery } }, async (request, reply) => listPage(request, reply, request.query.page ?? 1));

    // Buttons of the list: mark one, or all, as read; back to the list (303).
    const markPage = (request: FastifyRequest, reply: FastifyReply, id: string | null) =>
      formPage(request, reply, {
        act: async () => {
          await notifications.markRead(requireActor(request), id);
          return '/thong-bao';
        },
        rerender: (errors) => listPage(request, reply, 1, errors),
      });

    app.post('/thong-bao/:id/da-doc', { schema: { hide: true, params: NotificationParams, body: FormBody } }, async (request, reply) => markPage(request, reply, request.params.id));

    app.post('/thong-bao/da-doc-tat-ca', { schema: { hide: true, body: FormBody } }, async (request, reply) => markPage(request, reply, null));
  },
};
