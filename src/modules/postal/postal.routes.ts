// Public postal service, JSON API: the address units (public), the applicant's delivery by post, the officer's
// "send the result by post", and the postal service's signed tracking webhook.
import { registerMessages } from '../../core/i18n.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { requireActor } from '../identity/identity.routes.ts';
import { SIGNATURE_HEADER } from './postal.adapter.ts';
import './postal.errors.ts';
import { postalMessages } from './postal.messages.ts';
import { CommuneList, DeliveryAnswer, DeliveryBody, DossierParams, PickupBody, PostalState, ProvinceList, ProvinceParams, SendResultBody, Shipment, WebhookAnswer } from './postal.schemas.ts';
import type { ShipmentView } from './postal.service.ts';

registerMessages(postalMessages);

const tags = ['postal'];

export function presentShipment(s: ShipmentView) {
  return {
    ...s,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
    counterReturnedAt: s.counterReturnedAt?.toISOString() ?? null,
    events: s.events.map((e) => ({ ...e, occurredAt: e.occurredAt.toISOString() })),
  };
}

export const postalModule: AppModule = {
  name: 'postal',
  async register(app: App, ctx: AppContext) {
    const postal = ctx.services.postal;

    app.get('/api/postal/provinces', { schema: { operationId: 'listProvinces', tags, summary: 'List provinces', description: 'Danh mục tỉnh, thành phố (34 đơn vị cấp tỉnh từ 01/7/2025)', response: { 200: ProvinceList } } }, async () => ({
      items: await postal.provinces(),
    }));

    app.get(
      '/api/postal/provinces/:code/communes',
      { schema: { operationId: 'listCommunes', tags, summary: "List a province's communes", description: 'Danh mục xã, phường, đặc khu của một tỉnh, thành phố', params: ProvinceParams, response: { 200: CommuneList } } },
      async (request) => ({ items: await postal.communes(request.params.code) }),
    );

    app.get(
      '/api/dossiers/:id/postal',
      { schema: { operationId: 'getDossierPostal', tags, security: [{ session: [] }], summary: "Get a dossier's postal delivery and shipments", description: 'Nhận kết quả qua bưu chính: địa chỉ đã đăng ký và các bưu gửi của hồ sơ (người nộp)', params: DossierParams, response: { 200: PostalState } } },
      async (request) => {
        const view = await postal.applicantView(requireActor(request), request.params.id);
        return {
          dossierId: view.dossier.id,
          open: view.open,
          delivery: view.delivery,
          shipments: view.shipments.map(presentShipment),
          pickup: { canRequest: view.pickup.canRequest, blocked: view.pickup.blocked },
        };
      },
    );

    app.put(
      '/api/dossiers/:id/postal/delivery',
      {
        schema: {
          operationId: 'registerPostalDelivery',
          'x-problem-codes': ['POSTAL_DELIVERY_CLOSED'],
          tags,
          security: [{ session: [], csrf: [] }],
          summary: 'Register result delivery by post',
          description: 'Đăng ký nhận kết quả qua bưu chính công ích với địa chỉ nhận (trước khi trả kết quả)',
          params: DossierParams,
          body: DeliveryBody,
          response: { 200: DeliveryAnswer },
        },
      },
      async (request) => await postal.chooseDelivery(requireActor(request), request.params.id, request.body),
    );

    app.post(
      '/api/dossiers/:id/postal/pickup',
      {
        schema: {
          operationId: 'requestPostalPickup',
          'x-problem-codes': ['POSTAL_PICKUP_CLOSED', 'POSTAL_PICKUP_DONE', 'POSTAL_PICKUP_NOT_ONLINE', 'POSTAL_PICKUP_PENDING'],
          tags,
          security: [{ session: [], csrf: [] }],
          summary: 'Request pickup of paper documents by post',
          description: 'Gửi hồ sơ giấy qua bưu chính: bưu chính đến nhận hồ sơ giấy tại địa chỉ của người nộp và chuyển đến cơ quan (hồ sơ nộp trực tuyến đang giải quyết; một lần, trừ khi lần trước không thành công)',
          params: DossierParams,
          body: PickupBody,
          response: { 201: Shipment },
        },
      },
      async (request, reply) => {
        const shipment = await postal.requestPickup(requireActor(request), request.params.id, request.body);
        return reply.status(201).send(presentShipment(shipment));
      },
    );

    app.post(
      '/api/dossiers/:id/postal/send-result',
      {
        schema: {
          operationId: 'sendResultByPost',
          'x-problem-codes': ['DOSSIER_CHANGED', 'POSTAL_NOT_READY', 'POSTAL_NO_ADDRESS', 'POSTAL_ALREADY_SENT'],
          tags,
          security: [{ session: [], csrf: [] }],
          summary: 'Send the result by post',
          description: 'Gửi kết quả qua bưu chính: tạo bưu gửi (cước, mã bưu gửi) và trả kết quả qua bưu chính (9 → 10)',
          params: DossierParams,
          body: SendResultBody,
          response: { 201: Shipment },
        },
      },
      async (request, reply) => {
        const shipment = await postal.sendResult(requireActor(request), request.params.id, request.body);
        return reply.status(201).send(presentShipment(shipment));
      },
    );

    // The webhook's signature covers the raw body: in its own scope, every body is kept as bytes.
    await app.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 64 * 1024 }, (_request, body, done) => done(null, body));
      scope.post(
        '/api/postal/webhook',
        {
          config: { csrfExempt: true },
          schema: {
            operationId: 'receivePostalWebhook',
            'x-problem-codes': ['POSTAL_SIGNATURE_INVALID', 'NOT_FOUND', 'POSTAL_WEBHOOK_MALFORMED', 'POSTAL_SHIPMENT_UNKNOWN', 'PAYLOAD_TOO_LARGE'],
            tags,
            summary: 'Receive a postal tracking event',
            description: 'Thông báo hành trình bưu gửi từ dịch vụ bưu chính (chữ ký HMAC-SHA256 trên nội dung, tiêu đề X-Postal-Signature)\n\n' + 'Body: {eventId, trackingNumber, status: accepted|in_transit|delivered|failed, reason?, occurredAt}. Bad signature: 401; unknown shipment: 404; the same event again or an out-of-order event: 200 with `ignored`.',
            response: { 200: WebhookAnswer },
          },
        },
        async (request) => {
          const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
          try {
            return await postal.receiveWebhook(raw, request.headers[SIGNATURE_HEADER], request.ip);
          } catch (error) {
            request.log.warn({ code: (error as { code?: unknown }).code, remote: request.ip }, 'postal webhook refused');
            throw error;
          }
        },
      );
    });
  },
};
