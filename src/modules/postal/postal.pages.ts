// Public postal service, HTML pages: the applicant's "receive the result by post" (province → commune pickers that
// work without JavaScript: "show the communes" re-renders the form with the province's list), the officer's
// "send the result by post" and the counter's return queue (results the post failed to deliver).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { DomainError } from '../../core/errors.ts';
import { formatVnd } from '../../core/text.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { FormBody, formPage, formText, type FormErrors } from '../../http/form-page.ts';
import { requireActor } from '../identity/identity.routes.ts';
import './postal.errors.ts';
import { DossierParams, ShipmentParams } from './postal.schemas.ts';
import type { PostalService, ShipmentView } from './postal.service.ts';

const FIELDS = ['recipientName', 'phone', 'street', 'provinceCode', 'communeCode'] as const;
type Values = Record<(typeof FIELDS)[number], string>;

const ProvinceQuery = Type.Object({ province: Type.Optional(Type.String({ maxLength: 8 })) });

function shipmentRows(shipments: ShipmentView[]) {
  return shipments.map((s) => ({ ...s, postage: formatVnd(s.postageVnd) }));
}

async function renderApplicant(postal: PostalService, request: FastifyRequest, reply: FastifyReply, id: string, values: Values | null, errors: FormErrors | null = null) {
  const actor = requireActor(request);
  const view = await postal.applicantView(actor, id);
  const current: Values = values ?? {
    recipientName: view.delivery?.recipientName ?? actor.fullName,
    phone: view.delivery?.phone ?? '',
    street: view.delivery?.street ?? '',
    provinceCode: view.delivery?.provinceCode ?? '',
    communeCode: view.delivery?.communeCode ?? '',
  };
  const provinces = await postal.provinces();
  const province = provinces.find((p) => p.code === current.provinceCode);
  const communes = province ? await postal.communes(province.code) : [];
  return reply.header('cache-control', 'no-store').page('postal-applicant.njk', {
    postal: view,
    shipments: shipmentRows(view.shipments),
    values: current,
    errors,
    provinces,
    province: province ?? null,
    communes,
    saved: (request.query as { ok?: string } | undefined)?.ok === '1',
    pickupSent: (request.query as { pickup?: string } | undefined)?.pickup === '1',
  });
}

function formValues(body: FormBody | Record<string, string>): Values {
  return Object.fromEntries(FIELDS.map((f) => [f, formText(body, f)])) as Values;
}

export const postalPagesModule: AppModule = {
  name: 'postal-pages',
  register(app: App, ctx: AppContext) {
    const postal = ctx.services.postal;

    // The officers' queue page (/can-bo, handling's) shows how many results wait at the counter after a failed
    // delivery, with a link to that queue: reply.page of that one request gets the count.
    // The officer's dossier page (/can-bo/ho-so/{id}) gets the "paper dossier arrived by post" mark the same way.
    app.addHook('preHandler', async (request, reply) => {
      if (request.method !== 'GET' || request.actor?.kind !== 'staff') return;
      const path = request.url.split('?')[0]!;
      let extra: Record<string, unknown>;
      if (path === '/can-bo') {
        extra = { postalCounterReturns: await postal.counterCount(request.actor) };
      } else {
        const match = /^\/can-bo\/ho-so\/([0-9a-f-]{36})$/.exec(path);
        if (!match) return;
        extra = { postalPaperArrived: await postal.paperArrived(request.actor, match[1]!) };
      }
      const page = reply.page;
      reply.page = function pageWithPostal(this: FastifyReply, template: string, data: Record<string, unknown> = {}) {
        return page.call(this, template, { ...extra, ...data });
      };
    });

    // --- applicant ------------------------------------------------------------------------------------------

    app.get('/ho-so/:id/buu-chinh', { schema: { hide: true, params: DossierParams, querystring: Type.Intersect([ProvinceQuery, Type.Object({ ok: Type.Optional(Type.String({ maxLength: 4 })), pickup: Type.Optional(Type.String({ maxLength: 4 })) })]) } }, async (request, reply) => {
      const province = request.query.province;
      if (province === undefined) return renderApplicant(postal, request, reply, request.params.id, null);
      const actor = requireActor(request);
      const view = await postal.applicantView(actor, request.params.id);
      return renderApplicant(postal, request, reply, request.params.id, {
        recipientName: view.delivery?.recipientName ?? actor.fullName,
        phone: view.delivery?.phone ?? '',
        street: view.delivery?.street ?? '',
        provinceCode: province,
        communeCode: '',
      });
    });

    app.post('/ho-so/:id/buu-chinh', { schema: { hide: true, params: DossierParams, body: FormBody } }, async (request, reply) => {
      const actor = requireActor(request);
      const id = request.params.id;
      const values = formValues(request.body);
      // "Show the communes" (no JavaScript): the same form again with the chosen province's communes.
      if (formText(request.body, 'action') === 'communes') {
        await postal.applicantView(actor, id);
        return renderApplicant(postal, request, reply, id, { ...values, communeCode: '' });
      }
      if (formText(request.body, 'action') === 'cancel') {
        await postal.cancelDelivery({ ...actor, ip: request.ip }, id);
        return reply.redirect(`/ho-so/${id}/buu-chinh`, 303);
      }
      return formPage(request, reply, {
        act: async () => {
          await postal.chooseDelivery({ ...actor, ip: request.ip }, id, values);
          return `/ho-so/${id}/buu-chinh?ok=1`;
        },
        rerender: (errors) => renderApplicant(postal, request, reply, id, values, errors),
      });
    });

    // --- the paper dossier sent by post (the post picks it up at the applicant's) -------------------------------

    const pickupUrl = (id: string) => `/ho-so/${id}/buu-chinh/gui-ho-so`;

    /** The pickup form: the applicant's address (the same pickers), or why it cannot be asked now. */
    const renderPickup = async (request: FastifyRequest, reply: FastifyReply, id: string, values: Values | null, errors: FormErrors | null = null) => {
      const actor = requireActor(request);
      const view = await postal.applicantView(actor, id);
      const delivery = view.delivery;
      const latest = view.pickup.latest;
      const current: Values = values ?? {
        recipientName: latest?.recipient.name ?? delivery?.recipientName ?? actor.fullName,
        phone: latest?.recipient.phone ?? delivery?.phone ?? '',
        street: latest?.recipient.street ?? delivery?.street ?? '',
        provinceCode: delivery?.provinceCode ?? '',
        communeCode: delivery?.communeCode ?? '',
      };
      const provinces = await postal.provinces();
      const province = provinces.find((p) => p.code === current.provinceCode);
      return reply.header('cache-control', 'no-store').page('postal-pickup.njk', {
        postal: view,
        pickup: view.pickup,
        latest: latest ? shipmentRows([latest])[0] : null,
        values: current,
        errors,
        provinces,
        province: province ?? null,
        communes: province ? await postal.communes(province.code) : [],
      });
    };

    app.get('/ho-so/:id/buu-chinh/gui-ho-so', { schema: { hide: true, params: DossierParams, querystring: ProvinceQuery } }, async (request, reply) => {
      const province = request.query.province;
      if (province === undefined) return renderPickup(request, reply, request.params.id, null);
      const actor = requireActor(request);
      await postal.applicantView(actor, request.params.id);
      return renderPickup(request, reply, request.params.id, { recipientName: actor.fullName, phone: '', street: '', provinceCode: province, communeCode: '' });
    });

    app.post('/ho-so/:id/buu-chinh/gui-ho-so', { schema: { hide: true, params: DossierParams, body: FormBody } }, async (request, reply) => {
      const actor = requireActor(request);
      const id = request.params.id;
      const values = formValues(request.body);
      if (formText(request.body, 'action') === 'communes') return renderPickup(request, reply, id, { ...values, communeCode: '' });
      return formPage(request, reply, {
        act: async () => {
          await postal.requestPickup({ ...actor, ip: request.ip }, id, values);
          return `/ho-so/${id}/buu-chinh?pickup=1#gui-ho-so`;
        },
        rerender: (errors) => renderPickup(request, reply, id, values, errors),
      });
    });

    // --- officer --------------------------------------------------------------------------------------------

    /** The officer's postal page; `values` may hold the address form's fields and the send form's (distinct names). */
    const renderOfficer = async (request: FastifyRequest, reply: FastifyReply, id: string, errors: FormErrors | null = null, values: Record<string, string> = {}, addressForm = false) => {
      const view = await postal.officerView(requireActor(request), id);
      const address: Values = addressForm
        ? formValues(values)
        : {
            recipientName: view.delivery?.recipientName ?? '',
            phone: view.delivery?.phone ?? '',
            street: view.delivery?.street ?? '',
            provinceCode: view.delivery?.provinceCode ?? '',
            communeCode: view.delivery?.communeCode ?? '',
          };
      const provinces = await postal.provinces();
      const province = provinces.find((p) => p.code === address.provinceCode);
      return reply.header('cache-control', 'no-store').page('postal-officer.njk', {
        postal: view,
        shipments: shipmentRows(view.shipments),
        errors,
        values: { ...values, ...address },
        provinces,
        province: province ?? null,
        communes: province ? await postal.communes(province.code) : [],
        addressOpen: addressForm || !view.delivery,
        simulatorUrl: ctx.postalSimulatorUrl ?? null,
      });
    };

    // The officer records the address (a counter or postal intake whose applicant asked for the result by post).
    app.post('/can-bo/ho-so/:id/buu-chinh/dia-chi', { schema: { hide: true, params: DossierParams, body: FormBody } }, async (request, reply) => {
      const actor = requireActor(request);
      const id = request.params.id;
      const values = formValues(request.body);
      if (formText(request.body, 'action') === 'communes') return renderOfficer(request, reply, id, null, { ...values, communeCode: '' }, true);
      return formPage(request, reply, {
        act: async () => {
          await postal.officerSetDelivery({ ...actor, ip: request.ip }, id, values);
          return `/can-bo/ho-so/${id}/buu-chinh`;
        },
        rerender: (errors) => renderOfficer(request, reply, id, errors, values, true),
      });
    });

    app.get('/can-bo/ho-so/:id/buu-chinh', { schema: { hide: true, params: DossierParams } }, async (request, reply) => renderOfficer(request, reply, request.params.id));

    app.post('/can-bo/ho-so/:id/buu-chinh', { schema: { hide: true, params: DossierParams, body: FormBody } }, async (request, reply) => {
      const actor = requireActor(request);
      const id = request.params.id;
      const weightText = formText(request.body, 'weightGrams').trim();
      const note = formText(request.body, 'note');
      const versionText = formText(request.body, 'version').trim();
      return formPage(request, reply, {
        act: async () => {
          const weight = weightText === '' ? undefined : /^[0-9]{1,5}$/.test(weightText) ? Number(weightText) : NaN;
          if (weight !== undefined && (!Number.isInteger(weight) || weight < 1 || weight > 30000)) {
            throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/weightGrams', code: 'maximum', params: { limit: 30000 } }]);
          }
          if (note.length > 500) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/note', code: 'maxLength', params: { limit: 500 } }]);
          const expectedVersion = /^[0-9]{1,9}$/.test(versionText) ? Number(versionText) : undefined;
          await postal.sendResult({ ...actor, ip: request.ip }, id, { weightGrams: weight, note, expectedVersion });
          return `/can-bo/ho-so/${id}/buu-chinh`;
        },
        rerender: (errors) => renderOfficer(request, reply, id, errors, { weightGrams: weightText, note }),
      });
    });

    app.get('/can-bo/buu-chinh', { schema: { hide: true } }, async (request, reply) => {
      const actor = requireActor(request);
      const items = await postal.counterQueue(actor);
      const arrived = await postal.arrivedQueue(actor);
      return reply.header('cache-control', 'no-store').page('postal-counter-queue.njk', { items, arrived });
    });

    app.post('/can-bo/buu-chinh/:id/da-tra', { schema: { hide: true, params: ShipmentParams, body: FormBody } }, async (request, reply) => {
      const actor = requireActor(request);
      await postal.markReturnedAtCounter({ ...actor, ip: request.ip }, request.params.id);
      return reply.redirect('/can-bo/buu-chinh', 303);
    });
  },
};
