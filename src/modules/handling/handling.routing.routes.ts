// The officer's pick of a liên thông target over the JSON API (handling.routing.service.ts `pick`, the same call as
// the page's POST /can-bo/ho-so/{id}/co-quan-lien-thong): while a dossier waits at a rule step in its own agency
// (the rule found no agency; GET /api/officer/dossiers/{id} says why in `routing`), move the step to an agency.
// Registered by the back-office module (handling.routes.ts).
import type { AppContext } from '../../container.ts';
import type { App } from '../../http/app.ts';
import { requireActor } from '../identity/identity.routes.ts';
import './handling.routing.errors.ts';
import { RoutingAgencyBody, RoutingAgencyResponse, type PendingRoutingView } from './handling.routing.schemas.ts';
import type { PendingRouting } from './handling.routing.service.ts';
import { DossierIdParams } from './handling.schemas.ts';

/** The officer JSON view's `routing` (null: the dossier does not wait for its inter-agency target). */
export function pendingRoutingView(pending: PendingRouting | null): PendingRoutingView {
  if (!pending) return null;
  return {
    reason: pending.unresolved.reason,
    message: pending.message,
    field: pending.unresolved.field,
    value: pending.unresolved.value ?? null,
    step: pending.step,
    agencies: pending.agencies.map(({ code, name }) => ({ code, name })),
  };
}

export async function registerRoutingRoutes(app: App, ctx: AppContext): Promise<void> {
  app.post(
    '/api/officer/dossiers/:id/routing-agency',
    {
      schema: {
        operationId: 'pickRoutingAgency',
        'x-problem-codes': ['ROUTING_NOT_PENDING', 'DOSSIER_CHANGED'],
        tags: ['back-office'],
        security: [{ session: [], csrf: [] }],
        summary: 'Pick the inter-agency target of the open step by hand',
        description:
          'Chọn cơ quan liên thông cho bước đang mở khi quy tắc của bước không xác định được cơ quan (hồ sơ đang chờ tại cơ quan giải quyết): bước được chuyển sang cơ quan đã chọn. 409 ROUTING_NOT_PENDING nếu hồ sơ không chờ chọn cơ quan; 409 DOSSIER_CHANGED nếu phiên bản đã khác; 422 nếu cơ quan không hợp lệ.',
        params: DossierIdParams,
        body: RoutingAgencyBody,
        response: { 200: RoutingAgencyResponse },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { agencyCode, version } = request.body;
      const result = await ctx.services.handling.routing.pick({ ...actor, ip: request.ip }, request.params.id, { agencyCode, ...(version !== undefined ? { expectedVersion: version } : {}) });
      return reply.header('cache-control', 'no-store').send({ id: request.params.id, version: result.version, step: result.step, agency: { code: result.agency.code, name: result.agency.name } });
    },
  );
}
