// The document exchange's pages, without JavaScript: the administrators' page (/quan-tri/truc-lien-thong: our code
// and public key, the partners with their form, recent packages and refusals) and a dossier's exchange page
// (/can-bo/ho-so/:id/truc-lien-thong: the external step, "send through the exchange", the packages and statuses);
// the result files partner agencies sent with their 06 — listed on the officer's dossier page (handling.pages.ts asks `resultFiles`) and
// downloaded from /can-bo/ho-so/:id/truc-lien-thong/tep/:fileId (authorised by the service as the dossier itself).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { registerMessages } from '../../core/i18n.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { FormBody, formPage, formText, type FormErrors } from '../../http/form-page.ts';
import { sendStoredFile } from '../files/files.download.ts';
import { requireActor } from '../identity/identity.routes.ts';
import './docexchange.errors.ts';
import { docExchangeMessages } from './docexchange.messages.ts';
import { DossierParams, OkQuery, PartnerParams, ResultFileParams } from './docexchange.schemas.ts';
import type { PartnerForm } from './docexchange.service.ts';

registerMessages(docExchangeMessages);

export const DOCEXCHANGE_PAGE = '/quan-tri/truc-lien-thong';
const INLINE = new Set(['application/pdf', 'image/png', 'image/jpeg']);

function readForm(body: FormBody): PartnerForm {
  return {
    organId: formText(body, 'organId'),
    name: formText(body, 'name'),
    publicKey: formText(body, 'publicKey'),
    external: formText(body, 'external') === '1',
    agencyCode: formText(body, 'agencyCode'),
    active: formText(body, 'active') === '1',
  };
}

export const docExchangePagesModule: AppModule = {
  name: 'docexchange-pages',
  register(app: App, ctx: AppContext) {
    const exchange = ctx.services.docExchange;
    const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');

    /** A partner's result file of the dossier (inline for a PDF or an image), authorised as the dossier. */
    app.get('/can-bo/ho-so/:id/truc-lien-thong/tep/:fileId', { schema: { hide: true, params: ResultFileParams } }, async (request, reply) => {
      const opened = await exchange.openResultFile(requireActor(request), request.params.id, request.params.fileId);
      return sendStoredFile(reply, opened, 'private, no-store', INLINE.has(opened.file.media_type) ? 'inline' : 'attachment');
    });

    app.get(DOCEXCHANGE_PAGE, { schema: { hide: true, querystring: OkQuery } }, async (request, reply) => {
      const actor = requireActor(request);
      const partners = await exchange.partners(actor);
      const overview = await exchange.overview(actor);
      return noStore(reply).page('docexchange-admin.njk', { partners, ...overview, me: exchange.me, publicKey: await exchange.publicKey(), configured: exchange.configured, saved: request.query.ok === '1' });
    });

    const renderForm = (reply: FastifyReply, values: Record<string, unknown>, errors: FormErrors | null, id: string | null) => noStore(reply).page('docexchange-partner-form.njk', { values, errors, id });

    app.get(`${DOCEXCHANGE_PAGE}/them`, { schema: { hide: true } }, async (request, reply) => {
      ctx.services.agencies.requireAnyAdmin(requireActor(request));
      return renderForm(reply, { external: true, active: true }, null, null);
    });

    app.post(`${DOCEXCHANGE_PAGE}/them`, { schema: { hide: true, body: FormBody } }, async (request, reply) => {
      const input = readForm(request.body);
      return formPage(request, reply, {
        act: async () => {
          await exchange.savePartner({ ...requireActor(request), ip: request.ip }, null, input);
          return `${DOCEXCHANGE_PAGE}?ok=1`;
        },
        rerender: (errors) => renderForm(reply, { ...input }, errors, null),
      });
    });

    app.get(`${DOCEXCHANGE_PAGE}/:id/sua`, { schema: { hide: true, params: PartnerParams } }, async (request, reply) => {
      const partner = await exchange.partner(requireActor(request), request.params.id);
      return renderForm(reply, { ...partner, agencyCode: partner.agencyCode ?? '' }, null, partner.id);
    });

    app.post(`${DOCEXCHANGE_PAGE}/:id/sua`, { schema: { hide: true, params: PartnerParams, body: FormBody } }, async (request, reply) => {
      const input = readForm(request.body);
      return formPage(request, reply, {
        act: async () => {
          await exchange.savePartner({ ...requireActor(request), ip: request.ip }, request.params.id, input);
          return `${DOCEXCHANGE_PAGE}?ok=1`;
        },
        rerender: (errors) => renderForm(reply, { ...input }, errors, request.params.id),
      });
    });

    const renderDossier = async (request: FastifyRequest, reply: FastifyReply, id: string, errors: FormErrors | null, sent: boolean) => {
      const actor = requireActor(request);
      const detail = await ctx.services.handling.detail(actor, id);
      const panel = await exchange.dossierPanel(actor, id);
      return noStore(reply).page('docexchange-dossier.njk', { d: { id: detail.id, code: detail.code }, panel, errors, sent, configured: exchange.configured });
    };

    app.get('/can-bo/ho-so/:id/truc-lien-thong', { schema: { hide: true, params: DossierParams, querystring: OkQuery } }, async (request, reply) => renderDossier(request, reply, request.params.id, null, request.query.ok === '1'));

    app.post('/can-bo/ho-so/:id/truc-lien-thong/gui', { schema: { hide: true, params: DossierParams, body: FormBody } }, async (request, reply) =>
      formPage(request, reply, {
        act: async () => {
          await exchange.sendDossierStep({ ...requireActor(request), ip: request.ip }, request.params.id);
          return `/can-bo/ho-so/${request.params.id}/truc-lien-thong?ok=1`;
        },
        rerender: (errors) => renderDossier(request, reply, request.params.id, errors, false),
      }),
    );
  },
};
