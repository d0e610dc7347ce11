// The officer's pick of a liên thông target by hand (handling.routing.service.ts): while a dossier waits at a rule
// step in its own agency (the rule found no agency for its e-form data), its page shows why and a select of the
// agencies; posting it moves the step there. Registered by the officer pages module (handling.pages.ts), whose
// dossier page re-renders with the error summary.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { registerMessages } from '../../core/i18n.ts';
import type { AppContext } from '../../container.ts';
import type { App } from '../../http/app.ts';
import { FormBody, formPage, formText, type FormErrors } from '../../http/form-page.ts';
import { requireActor } from '../identity/identity.routes.ts';
import { routingMessages } from './handling.routing.messages.ts';

registerMessages(routingMessages);

const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

/** The officer page's re-render with an error summary (handling.pages.ts renderDetail). */
export type RenderDossier = (request: FastifyRequest, reply: FastifyReply, id: string, state: { errors?: FormErrors | null; values?: FormBody }) => Promise<unknown>;

/** POST /can-bo/ho-so/:id/co-quan-lien-thong (agencyId, expectedVersion) → 303 back to the dossier page. */
export async function registerRoutingPages(app: App, ctx: AppContext, renderDetail: RenderDossier): Promise<void> {
  app.post('/can-bo/ho-so/:id/co-quan-lien-thong', { schema: { hide: true, params: IdParams, body: FormBody } }, async (request, reply) => {
    const actor = requireActor(request);
    const id = request.params.id;
    const body = request.body;
    return formPage(request, reply, {
      act: async () => {
        const version = formText(body, 'expectedVersion');
        await ctx.services.handling.routing.pick({ ...actor, ip: request.ip }, id, { agencyId: formText(body, 'agencyId').trim() || undefined, ...(/^\d{1,9}$/.test(version) ? { expectedVersion: Number(version) } : {}) });
        return `/can-bo/ho-so/${id}?ok=forward`;
      },
      rerender: (errors) => renderDetail(request, reply, id, { errors, values: body }),
    });
  });
}
