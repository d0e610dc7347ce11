// Webhooks pages for administrators (/quan-tri/webhook), without JavaScript: the subscriptions of their subtree, a
// form (agency picker, event checkboxes), the secret shown once (after creation and rotation: the POST's own answer,
// never a page one can come back to), the delivery log with "Gửi lại / Send again".
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { registerMessages } from '../../core/i18n.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { FormBody, formPage, formText, type FormErrors } from '../../http/form-page.ts';
import { requireActor } from '../identity/identity.routes.ts';
import './webhooks.errors.ts';
import { webhooksMessages } from './webhooks.messages.ts';
import { pickerOptions } from '../agencies/agencies.picker.ts';
import { EVENT_TYPES } from './webhooks.rules.ts';
import { DeliveryParams, SubscriptionParams } from './webhooks.schemas.ts';
import type { SubscriptionForm, SubscriptionView } from './webhooks.service.ts';

registerMessages(webhooksMessages);

export const WEBHOOKS_PAGE = '/quan-tri/webhook';
const OkQuery = Type.Object({ ok: Type.Optional(Type.String({ maxLength: 10 })) });
/** The detail page: `truoc` is the log's cursor (the `next` of the page before, older deliveries). */
const DetailQuery = Type.Object({
  ok: Type.Optional(Type.String({ maxLength: 10 })),
  truoc: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,17}$' })),
});
const LOG_PAGE = 50;

/** The form's fields as the service's input (a repeated checkbox is an array, a single one a string). */
function readForm(body: FormBody): SubscriptionForm {
  const events = body?.eventTypes;
  return {
    name: formText(body, 'name'),
    url: formText(body, 'url'),
    agencyId: formText(body, 'agencyId'),
    eventTypes: Array.isArray(events) ? events : events ? [events] : [],
    active: formText(body, 'active') === '1',
  };
}

function formValues(s: SubscriptionView | SubscriptionForm): Record<string, unknown> {
  return { name: s.name, url: s.url, agencyId: s.agencyId, eventTypes: s.eventTypes, active: s.active };
}

export const webhooksPagesModule: AppModule = {
  name: 'webhooks-pages',
  register(app: App, ctx: AppContext) {
    const webhooks = ctx.services.webhooks;
    const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');

    const renderForm = async (request: FastifyRequest, reply: FastifyReply, values: Record<string, unknown>, errors: FormErrors | null, id: string | null) => {
      // The agency picker (src/views/agency-picker.njk): ids, merged agencies kept and marked (a subscription may name one).
      const options = pickerOptions(await webhooks.agencyOptions(request.actor), { valueKey: 'id', merged: true });
      return noStore(reply).page('webhooks-form.njk', { values, errors, options, eventTypes: EVENT_TYPES, id });
    };

    const renderDetail = async (request: FastifyRequest, reply: FastifyReply, id: string, extra: Record<string, unknown> = {}, before: string | null = null) => {
      const actor = requireActor(request);
      const subscription = await webhooks.get(actor, id);
      const log = await webhooks.deliveries(actor, id, LOG_PAGE, before);
      return noStore(reply).page('webhooks-detail.njk', { subscription, deliveries: log.deliveries, next: log.next, paged: before !== null, ...extra });
    };

    app.get(WEBHOOKS_PAGE, { schema: { hide: true, querystring: OkQuery } }, async (request, reply) => {
      const subscriptions = await webhooks.list(requireActor(request));
      return noStore(reply).page('webhooks-list.njk', { subscriptions, deleted: request.query.ok === 'deleted' });
    });

    app.get(`${WEBHOOKS_PAGE}/them`, { schema: { hide: true } }, async (request, reply) => {
      requireActor(request);
      return renderForm(request, reply, { eventTypes: [], active: true }, null, null);
    });

    app.post(`${WEBHOOKS_PAGE}/them`, { schema: { hide: true, body: FormBody } }, async (request, reply) => {
      const input = readForm(request.body);
      return formPage(request, reply, {
        act: async () => {
          const created = await webhooks.create({ ...requireActor(request), ip: request.ip }, input);
          return noStore(reply).page('webhooks-secret.njk', { subscription: created.subscription, secret: created.secret });
        },
        rerender: (errors) => renderForm(request, reply, formValues(input), errors, null),
      });
    });

    app.get(`${WEBHOOKS_PAGE}/:id`, { schema: { hide: true, params: SubscriptionParams, querystring: DetailQuery } }, async (request, reply) =>
      renderDetail(request, reply, request.params.id, { saved: request.query.ok === 'saved', resent: request.query.ok === 'resent' }, request.query.truoc ?? null),
    );

    app.get(`${WEBHOOKS_PAGE}/:id/sua`, { schema: { hide: true, params: SubscriptionParams } }, async (request, reply) => {
      const subscription = await webhooks.get(requireActor(request), request.params.id);
      return renderForm(request, reply, formValues(subscription), null, subscription.id);
    });

    app.post(`${WEBHOOKS_PAGE}/:id/sua`, { schema: { hide: true, params: SubscriptionParams, body: FormBody } }, async (request, reply) => {
      const input = readForm(request.body);
      return formPage(request, reply, {
        act: async () => {
          const saved = await webhooks.update({ ...requireActor(request), ip: request.ip }, request.params.id, input);
          return `${WEBHOOKS_PAGE}/${saved.id}?ok=saved`;
        },
        rerender: (errors) => renderForm(request, reply, formValues(input), errors, request.params.id),
      });
    });

    app.post(`${WEBHOOKS_PAGE}/:id/doi-khoa`, { schema: { hide: true, params: SubscriptionParams, body: FormBody } }, async (request, reply) => {
      const actor = { ...requireActor(request), ip: request.ip };
      return formPage(request, reply, {
        act: async () => {
          const { secret } = await webhooks.rotateSecret(actor, request.params.id);
          return noStore(reply).page('webhooks-secret.njk', { subscription: await webhooks.get(actor, request.params.id), secret, rotated: true });
        },
        rerender: (errors) => renderDetail(request, reply, request.params.id, { errors }),
      });
    });

    app.post(`${WEBHOOKS_PAGE}/:id/xoa`, { schema: { hide: true, params: SubscriptionParams, body: FormBody } }, async (request, reply) =>
      formPage(request, reply, {
        act: async () => {
          await webhooks.remove({ ...requireActor(request), ip: request.ip }, request.params.id);
          return `${WEBHOOKS_PAGE}?ok=deleted`;
        },
        rerender: (errors) => renderDetail(request, reply, request.params.id, { errors }),
      }),
    );

    app.post(`${WEBHOOKS_PAGE}/:id/gui-lai/:deliveryId`, { schema: { hide: true, params: DeliveryParams, body: FormBody } }, async (request, reply) =>
      formPage(request, reply, {
        act: async () => {
          await webhooks.resend({ ...requireActor(request), ip: request.ip }, request.params.id, request.params.deliveryId);
          return `${WEBHOOKS_PAGE}/${request.params.id}?ok=resent`;
        },
        rerender: (errors) => renderDetail(request, reply, request.params.id, { errors }),
      }),
    );
  },
};
