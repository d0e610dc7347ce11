// The one-stop floor's pages (server-rendered, no script needed): the public kiosk (large buttons, works on a cheap
// tablet) and the printable ticket with its QR; the officer's console (open a counter, call next, recall, skip,
// start, finish, transfer); the rating tablet facing the visitor (opened with the officer's session on a second
// screen); the configuration of groups and counters (agency leader, administrator).
import { Type } from 'typebox';
import { DomainError } from '../../core/errors.ts';
import { lazyModule } from '../../core/lazy.ts';
import { registerMessages } from '../../core/i18n.ts';
import { vietnamTimeOfDay } from '../../core/time.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { FormBody, formPage, formText } from '../../http/form-page.ts';
import { pickerOptions } from '../agencies/agencies.picker.ts';
import { floorMessages } from './floor.messages.ts';
import { rateLimited } from './floor.routes.ts';
import { PRIORITIES, REASONS } from './floor.rules.ts';
import './floor.errors.ts';

registerMessages(floorMessages);

const qrcode = lazyModule(async () => (await import('qrcode')).default);

/** The ticket's status URL drawn as an inline SVG (no script, no data: URL). */
async function qrSvg(text: string): Promise<string> {
  return (await qrcode()).toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, width: 160 });
}

const KioskParams = Type.Object({ agencyCode: Type.String({ maxLength: 40 }) });
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const CodeParams = Type.Object({ code: Type.String({ maxLength: 40 }) });
const ActionParams = Type.Object({ id: Type.String({ maxLength: 64 }), action: Type.String({ maxLength: 20 }) });
const NewQuery = Type.Object({ moi: Type.Optional(Type.String({ maxLength: 2 })) });

const all = (body: FormBody, name: string): string[] => {
  const v = body?.[name];
  return (Array.isArray(v) ? v : v ? [v] : []).map((x) => x.slice(0, 100));
};

function clock(now: Date): string {
  const minutes = Math.floor(vietnamTimeOfDay(now) / 60_000);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

export const floorPagesModule: AppModule = {
  name: 'floor-pages',
  async register(app: App, ctx: AppContext) {
    const floor = ctx.services.floor;

    // --- the kiosk (public) ---
    const kiosk = async (agencyCode: string, extra: Record<string, unknown> = {}) => {
      const agency = await floor.kioskAgency(agencyCode);
      return { agency, groups: await floor.listGroups(agency.id), priorities: PRIORITIES, ...extra };
    };
    app.get('/quay/:agencyCode', { schema: { hide: true, params: KioskParams } }, async (request, reply) => reply.page('floor-kiosk.njk', await kiosk(request.params.agencyCode)));

    app.post('/quay/:agencyCode', { schema: { hide: true, params: KioskParams, body: FormBody } }, async (request, reply) => {
      const values = { groupId: formText(request.body, 'groupId').slice(0, 64), priority: formText(request.body, 'priority').slice(0, 20) || 'none', phone: formText(request.body, 'phone').slice(0, 40) };
      return formPage(request, reply, {
        act: async () => {
          const t = await floor.kioskTicket(request.params.agencyCode, { groupId: values.groupId, priority: values.priority, phone: values.phone || undefined }, { ip: request.ip });
          return `/quay/so/${t.id}?moi=1${t.smsQueued ? '&sms=1' : ''}`;
        },
        rerender: async (errors, error) => {
          rateLimited(reply, error);
          return reply.page('floor-kiosk.njk', await kiosk(request.params.agencyCode, { errors, values }));
        },
      });
    });

    // --- the ticket (public; its id is the QR's secret) ---
    app.get('/quay/so/:id', { schema: { hide: true, params: IdParams, querystring: Type.Object({ moi: Type.Optional(Type.String({ maxLength: 2 })), sms: Type.Optional(Type.String({ maxLength: 2 })) }) } }, async (request, reply) => {
      const ticket = await floor.ticketStatus(request.params.id);
      const url = `${ctx.config.baseUrl}/quay/so/${ticket.id}`;
      return reply.page('floor-ticket.njk', { ticket, isNew: request.query.moi === '1', sms: request.query.sms === '1', qr: await qrSvg(url), url });
    });

    // --- the officer's console ---
    const consolePage = async (request: { actor: Parameters<typeof floor.console>[0] }, extra: Record<string, unknown> = {}) => {
      const now = new Date();
      const view = await floor.console(request.actor, now);
      const groupNames = new Map(view.groups.map((g) => [g.id, g]));
      return { view, groupNames: Object.fromEntries(groupNames), clock: clock(now), ...extra };
    };
    app.get('/can-bo/quay', { schema: { hide: true } }, async (request, reply) => reply.page('floor-console.njk', await consolePage(request)));

    const consoleAction = (path: string, run: (request: { actor: Parameters<typeof floor.console>[0]; params: { id: string; action?: string }; body: FormBody }) => Promise<unknown>, params: typeof IdParams | typeof ActionParams) =>
      app.post(path, { schema: { hide: true, params, body: FormBody } }, async (request, reply) =>
        formPage(request, reply, {
          act: async () => {
            await run(request as never);
            return '/can-bo/quay';
          },
          rerender: async (errors) => reply.page('floor-console.njk', await consolePage(request, { errors })),
        }),
      );
    consoleAction('/can-bo/quay/:id/mo', (r) => floor.openCounter(r.actor, r.params.id), IdParams);
    consoleAction('/can-bo/quay/:id/dong', (r) => floor.closeCounter(r.actor, r.params.id), IdParams);
    consoleAction('/can-bo/quay/:id/goi', (r) => floor.callNext(r.actor, r.params.id), IdParams);
    consoleAction(
      '/can-bo/quay/so/:id/:action',
      (r) => {
        const version = Number(formText(r.body, 'version'));
        return floor.act(r.actor, r.params.id, r.params.action ?? '', {
          groupId: formText(r.body, 'groupId').slice(0, 64) || undefined,
          counterId: formText(r.body, 'counterId').slice(0, 64) || undefined,
          dossierCode: formText(r.body, 'dossierCode').slice(0, 60) || undefined,
          version: Number.isInteger(version) && version > 0 ? version : undefined,
        });
      },
      ActionParams,
    );

    // --- the rating tablet ---
    const tabletPage = async (request: { actor: Parameters<typeof floor.console>[0] }, extra: Record<string, unknown> = {}) => {
      try {
        return { ...(await floor.tablet(request.actor)), reasons: REASONS, ...extra };
      } catch (error) {
        if (error instanceof DomainError && error.code === 'FLOOR_COUNTER_CLOSED') return { closed: true, ...extra };
        throw error;
      }
    };
    app.get('/can-bo/quay/danh-gia', { schema: { hide: true, querystring: Type.Object({ cam_on: Type.Optional(Type.String({ maxLength: 2 })) }) } }, async (request, reply) =>
      reply.page('floor-tablet.njk', await tabletPage(request, { thanks: request.query.cam_on === '1' })),
    );
    app.post('/can-bo/quay/danh-gia/:id', { schema: { hide: true, params: IdParams, body: FormBody } }, async (request, reply) =>
      formPage(request, reply, {
        act: async () => {
          await floor.rate(request.actor, request.params.id, { grade: formText(request.body, 'grade'), reasons: all(request.body, 'reasons'), comment: formText(request.body, 'comment') });
          return '/can-bo/quay/danh-gia?cam_on=1';
        },
        rerender: async (errors) => reply.page('floor-tablet.njk', await tabletPage(request, { errors })),
      }),
    );

    // --- configuration ---
    app.get('/quan-tri/quay', { schema: { hide: true } }, async (request, reply) => {
      const tree = await floor.configurableAgencies(request.actor);
      if (!tree.length) throw new DomainError(request.actor ? 'FORBIDDEN' : 'UNAUTHENTICATED');
      return reply.page('floor-hub.njk', { options: pickerOptions(tree) });
    });
    const configPage = async (actor: Parameters<typeof floor.config>[0], code: string, extra: Record<string, unknown> = {}) => {
      const c = await floor.config(actor, code);
      return { ...c, groupById: Object.fromEntries(c.groups.map((g) => [g.id, g])), ...extra };
    };
    app.get('/quan-tri/quay/:code', { schema: { hide: true, params: CodeParams, querystring: NewQuery } }, async (request, reply) => reply.page('floor-config.njk', await configPage(request.actor, request.params.code, { saved: request.query.moi === '1' })));

    const groupValues = (body: FormBody) => ({ code: formText(body, 'code').slice(0, 10), nameVi: formText(body, 'nameVi').slice(0, 400), nameEn: formText(body, 'nameEn').slice(0, 400), active: formText(body, 'active') !== 'false', procedureCodes: all(body, 'procedureCodes') });
    const counterValues = (body: FormBody) => ({ number: formText(body, 'number').slice(0, 10), label: formText(body, 'label').slice(0, 400), active: formText(body, 'active') !== 'false', groupIds: all(body, 'groupIds') });

    app.post('/quan-tri/quay/:code/nhom', { schema: { hide: true, params: CodeParams, body: FormBody } }, async (request, reply) => {
      const v = groupValues(request.body);
      return formPage(request, reply, {
        act: async () => {
          await floor.createGroup(request.actor, request.params.code, v);
          return `/quan-tri/quay/${encodeURIComponent(request.params.code)}?moi=1`;
        },
        rerender: async (errors) => reply.page('floor-config.njk', await configPage(request.actor, request.params.code, { groupErrors: errors, groupValues: v })),
      });
    });
    app.post('/quan-tri/quay/:code/quay-so', { schema: { hide: true, params: CodeParams, body: FormBody } }, async (request, reply) => {
      const v = counterValues(request.body);
      return formPage(request, reply, {
        act: async () => {
          await floor.createCounter(request.actor, request.params.code, v);
          return `/quan-tri/quay/${encodeURIComponent(request.params.code)}?moi=1`;
        },
        rerender: async (errors) => reply.page('floor-config.njk', await configPage(request.actor, request.params.code, { counterErrors: errors, counterValues: v })),
      });
    });

    // One group or counter on its own page (edit).
    const editGroup = async (actor: Parameters<typeof floor.config>[0], id: string, extra: Record<string, unknown> = {}) => {
      const found = await floor.groupForEdit(actor, id);
      const c = await floor.config(actor, found.agencyCode);
      return { ...c, edit: 'group', group: found.group, groupValues: { code: found.group.code, nameVi: found.group.name_vi, nameEn: found.group.name_en, active: found.group.active, procedureCodes: found.procedureCodes }, ...extra };
    };
    app.get('/quan-tri/quay/nhom/:id', { schema: { hide: true, params: IdParams } }, async (request, reply) => reply.page('floor-edit.njk', await editGroup(request.actor, request.params.id)));
    app.post('/quan-tri/quay/nhom/:id', { schema: { hide: true, params: IdParams, body: FormBody } }, async (request, reply) => {
      const v = groupValues(request.body);
      return formPage(request, reply, {
        act: async () => {
          const g = await floor.updateGroup(request.actor, request.params.id, { ...v, code: undefined });
          const found = await floor.groupForEdit(request.actor, g.id);
          return `/quan-tri/quay/${encodeURIComponent(found.agencyCode)}?moi=1`;
        },
        rerender: async (errors) => reply.page('floor-edit.njk', await editGroup(request.actor, request.params.id, { groupErrors: errors, groupValues: v })),
      });
    });
    const editCounter = async (actor: Parameters<typeof floor.config>[0], id: string, extra: Record<string, unknown> = {}) => {
      const found = await floor.counterForEdit(actor, id);
      const c = await floor.config(actor, found.agencyCode);
      const counter = c.counters.find((x) => x.id === id)!;
      return { ...c, edit: 'counter', counter, counterValues: { number: String(counter.number), label: counter.label, active: counter.active, groupIds: counter.group_ids }, ...extra };
    };
    app.get('/quan-tri/quay/quay-so/:id', { schema: { hide: true, params: IdParams } }, async (request, reply) => reply.page('floor-edit.njk', await editCounter(request.actor, request.params.id)));
    app.post('/quan-tri/quay/quay-so/:id', { schema: { hide: true, params: IdParams, body: FormBody } }, async (request, reply) => {
      const v = counterValues(request.body);
      return formPage(request, reply, {
        act: async () => {
          await floor.updateCounter(request.actor, request.params.id, v);
          const found = await floor.counterForEdit(request.actor, request.params.id);
          return `/quan-tri/quay/${encodeURIComponent(found.agencyCode)}?moi=1`;
        },
        rerender: async (errors) => reply.page('floor-edit.njk', await editCounter(request.actor, request.params.id, { counterErrors: errors, counterValues: v })),
      });
    });
  },
};
