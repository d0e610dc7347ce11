// The National Public Service Portal's reconciliation page for administrators (/quan-tri/cong-dvc-quoc-gia):
// messages waiting and refused (with the portal's reason), a retry button per refused message, and the alert
// banner when the portal has been unreachable too long (also on the /quan-tri hub, through a preHandler that
// hands the page its data, as the postal pages do for /can-bo).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { rolesRoots } from '../../core/actor.ts';
import { registerMessages } from '../../core/i18n.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { FormBody, formPage, type FormErrors } from '../../http/form-page.ts';
import { requireActor } from '../identity/identity.routes.ts';
import './nationalportal.errors.ts';
import { nationalPortalMessages } from './nationalportal.messages.ts';
import { MessageParams } from './nationalportal.schemas.ts';

registerMessages(nationalPortalMessages);

const PAGE = '/quan-tri/cong-dvc-quoc-gia';

export const nationalPortalPagesModule: AppModule = {
  name: 'nationalportal-pages',
  register(app: App, ctx: AppContext) {
    const portal = ctx.services.nationalPortal;

    app.addHook('preHandler', async (request, reply) => {
      if (request.method !== 'GET' || request.url.split('?')[0] !== '/quan-tri' || request.actor?.kind !== 'staff' || rolesRoots(request.actor, ['admin']).length === 0) return;
      const alert = await portal.alert();
      if (!alert) return;
      const page = reply.page;
      reply.page = function pageWithPortalAlert(this: FastifyReply, template: string, data: Record<string, unknown> = {}) {
        return page.call(this, template, { nationalPortalAlert: alert, ...data });
      };
    });

    const render = async (request: FastifyRequest, reply: FastifyReply, errors: FormErrors | null = null, retried = false) => {
      const view = await portal.reconciliation(requireActor(request));
      const alert = view.alert ? await portal.alert() : null;
      return reply.header('cache-control', 'no-store').page('nationalportal-admin.njk', { view, errors, retried, nationalPortalAlert: alert });
    };

    app.get(PAGE, { schema: { hide: true, querystring: Type.Object({ ok: Type.Optional(Type.String({ maxLength: 4 })) }) } }, async (request, reply) =>
      render(request, reply, null, request.query.ok === '1'),
    );

    app.post(`${PAGE}/:id/gui-lai`, { schema: { hide: true, params: MessageParams, body: FormBody } }, async (request, reply) => {
      const actor = requireActor(request);
      return formPage(request, reply, {
        act: async () => {
          await portal.retry({ ...actor, ip: request.ip }, request.params.id);
          return `${PAGE}?ok=1`;
        },
        rerender: (errors) => render(request, reply, errors),
      });
    });
  },
};
