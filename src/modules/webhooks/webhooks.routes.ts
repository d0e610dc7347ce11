// Webhooks, JSON API (administrators, within their agency subtree): subscriptions, their delivery log, send again,
// secret rotation. The secret is answered once, by the creation and by the rotation.
import { Type } from 'typebox';
import { registerMessages } from '../../core/i18n.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { requireActor } from '../identity/identity.routes.ts';
import './webhooks.errors.ts';
import { webhooksMessages } from './webhooks.messages.ts';
import type { DeliveryView, SubscriptionView } from './webhooks.service.ts';
import { DeliveriesQuery, Delivery, DeliveryList, DeliveryParams, RotatedSecret, Subscription, SubscriptionBody, SubscriptionList, SubscriptionParams, SubscriptionWithSecret } from './webhooks.schemas.ts';

registerMessages(webhooksMessages);

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function subscriptionJson(s: SubscriptionView) {
  return { ...s, createdAt: s.createdAt.toISOString(), updatedAt: s.updatedAt.toISOString(), secretRotatedAt: s.secretRotatedAt.toISOString(), lastDeliveredAt: iso(s.lastDeliveredAt) };
}

function deliveryJson(d: DeliveryView) {
  return { ...d, lastAttemptAt: iso(d.lastAttemptAt), nextAttemptAt: iso(d.nextAttemptAt), deliveredAt: iso(d.deliveredAt), createdAt: d.createdAt.toISOString() };
}

const tags = ['webhooks'];
const read = [{ session: [] as string[] }];
const write = [{ session: [] as string[], csrf: [] as string[] }];
const FORM_CODES = ['WEBHOOK_NAME_REQUIRED', 'WEBHOOK_NAME_TOO_LONG', 'WEBHOOK_URL_INVALID', 'WEBHOOK_URL_NOT_HTTPS', 'WEBHOOK_URL_PRIVATE', 'WEBHOOK_AGENCY_REQUIRED', 'WEBHOOK_EVENTS_REQUIRED'] as const;

export const webhooksModule: AppModule = {
  name: 'webhooks',
  register(app: App, ctx: AppContext) {
    const webhooks = ctx.services.webhooks;

    app.get(
      '/api/webhooks',
      { schema: { operationId: 'listWebhookSubscriptions', tags, security: read, summary: 'List webhook subscriptions', description: 'Các đăng ký webhook trong phạm vi cơ quan của quản trị viên', response: { 200: SubscriptionList } } },
      async (request) => ({ subscriptions: (await webhooks.list(requireActor(request))).map(subscriptionJson) }),
    );

    app.post(
      '/api/webhooks',
      {
        schema: {
          operationId: 'createWebhookSubscription',
          tags,
          security: write,
          summary: 'Create a webhook subscription',
          description: 'Tạo đăng ký webhook cho một cây cơ quan; khóa bí mật (whsec_…) chỉ được trả về một lần.',
          body: SubscriptionBody,
          'x-problem-codes': FORM_CODES,
          response: { 201: SubscriptionWithSecret },
        },
      },
      async (request, reply) => {
        const created = await webhooks.create({ ...requireActor(request), ip: request.ip }, { ...request.body, active: request.body.active ?? true });
        return reply.status(201).send({ subscription: subscriptionJson(created.subscription), secret: created.secret });
      },
    );

    app.get(
      '/api/webhooks/:id',
      { schema: { operationId: 'getWebhookSubscription', tags, security: read, summary: 'Get a webhook subscription', description: 'Một đăng ký webhook (không kèm khóa bí mật)', params: SubscriptionParams, response: { 200: Subscription } } },
      async (request) => subscriptionJson(await webhooks.get(requireActor(request), request.params.id)),
    );

    app.put(
      '/api/webhooks/:id',
      {
        schema: {
          operationId: 'updateWebhookSubscription',
          tags,
          security: write,
          summary: 'Update a webhook subscription',
          description: 'Sửa đăng ký webhook (tên, địa chỉ, cơ quan, sự kiện, hoạt động / tạm dừng)',
          params: SubscriptionParams,
          body: SubscriptionBody,
          'x-problem-codes': FORM_CODES,
          response: { 200: Subscription },
        },
      },
      async (request) => subscriptionJson(await webhooks.update({ ...requireActor(request), ip: request.ip }, request.params.id, { ...request.body, active: request.body.active ?? true })),
    );

    app.delete(
      '/api/webhooks/:id',
      { schema: { operationId: 'deleteWebhookSubscription', tags, security: write, summary: 'Delete a webhook subscription', description: 'Xóa đăng ký webhook cùng nhật ký gửi (để tạm dừng: PUT với active false)', params: SubscriptionParams, response: { 204: Type.Null() } } },
      async (request, reply) => {
        await webhooks.remove({ ...requireActor(request), ip: request.ip }, request.params.id);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/api/webhooks/:id/rotate-secret',
      { schema: { operationId: 'rotateWebhookSecret', tags, security: write, summary: 'Rotate the signing secret', description: 'Đổi khóa bí mật; khóa mới chỉ được trả về một lần, khóa cũ ngừng dùng ngay.', params: SubscriptionParams, response: { 200: RotatedSecret } } },
      async (request) => webhooks.rotateSecret({ ...requireActor(request), ip: request.ip }, request.params.id),
    );

    app.get(
      '/api/webhooks/:id/deliveries',
      { schema: { operationId: 'listWebhookDeliveries', tags, security: read, summary: 'The delivery log of a subscription', description: 'Nhật ký gửi: tình trạng, số lần thử, mã trả về và thời điểm gần nhất, lần thử tiếp theo (mới nhất trước), theo trang: `next` của trang trước truyền vào `before`', params: SubscriptionParams, querystring: DeliveriesQuery, response: { 200: DeliveryList } } },
      async (request) => {
        const page = await webhooks.deliveries(requireActor(request), request.params.id, request.query.limit ?? 100, request.query.before ?? null);
        return { deliveries: page.deliveries.map(deliveryJson), next: page.next };
      },
    );

    app.post(
      '/api/webhooks/:id/deliveries/:deliveryId/resend',
      {
        schema: {
          operationId: 'resendWebhookDelivery',
          tags,
          security: write,
          summary: 'Send a delivery again',
          description: 'Gửi lại: một lần gửi đã thành công hoặc thất bại được xếp hàng gửi lại (cùng webhook-id).',
          params: DeliveryParams,
          'x-problem-codes': ['WEBHOOK_DELIVERY_PENDING'],
          response: { 202: Delivery },
        },
      },
      async (request, reply) => reply.status(202).send(deliveryJson(await webhooks.resend({ ...requireActor(request), ip: request.ip }, request.params.id, request.params.deliveryId))),
    );
  },
};
