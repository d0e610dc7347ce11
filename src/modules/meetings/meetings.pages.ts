// The work calendar's pages, without JavaScript, one column at 360 px (each week is a list of days): the week of
// an agency's or a leader's calendar with the previous and next weeks, the count of meetings, a print stylesheet and
// a PDF (/lich-cong-tac); the reader's own calendar and invitations (/lich-cong-tac/cua-toi); an entry's form,
// detail, invitees, sending and documents (/lich-cong-tac/:id); the invitee's answer in-app
// (/lich-cong-tac/giay-moi/:id) and through the personal link (/giay-moi/:token, no sign-in); the public calendar
// of an agency (/lich-cong-tac-cong-khai).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { DomainError } from '../../core/errors.ts';
import { registerMessages } from '../../core/i18n.ts';
import { isIsoDate, vietnamDate } from '../../core/time.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { FormBody, formPage, formText, type FormErrors } from '../../http/form-page.ts';
import { pickerOptions } from '../agencies/agencies.picker.ts';
import { sendStoredFile } from '../files/files.download.ts';
import { ATTACHMENT_ACCEPT } from '../files/files.inspect.rules.ts';
import { registerStagedUploads, stagedFrom } from '../files/files.staging.ts';
import { requireActor } from '../identity/identity.routes.ts';
import './meetings.errors.ts';
import { meetingsMessages } from './meetings.messages.ts';
import { AttachmentParams, IdParams, TokenAttachmentParams, TokenParams } from './meetings.schemas.ts';
import { clockTime } from './meetings.rules.ts';
import { INVITATION_PATH, type EventForm, type InviteeInput, type ResponseInput } from './meetings.service.ts';

registerMessages(meetingsMessages);

export const CALENDAR_PAGE = '/lich-cong-tac';
export const PUBLIC_CALENDAR_PAGE = '/lich-cong-tac-cong-khai';

const WeekPageQuery = Type.Object({
  agency: Type.Optional(Type.String({ maxLength: 64 })),
  leader: Type.Optional(Type.String({ maxLength: 64 })),
  week: Type.Optional(Type.String({ maxLength: 20 })),
});
const PublicQuery = Type.Object({ agency: Type.Optional(Type.String({ maxLength: 40 })), week: Type.Optional(Type.String({ maxLength: 20 })) });
const OkQuery = Type.Object({ ok: Type.Optional(Type.String({ maxLength: 20 })), agency: Type.Optional(Type.String({ maxLength: 64 })) });

/** A day typed as dd/mm/yyyy (or yyyy-mm-dd, as a date input sends it) → yyyy-mm-dd; anything else as typed. */
export function dayFromForm(text: string): string {
  const t = text.trim();
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  if (m) {
    const iso = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
    return isIsoDate(iso) ? iso : t;
  }
  return t;
}

/** Every value of a repeated form field (a multiple select). */
function formList(body: FormBody, name: string): string[] {
  const value = body?.[name];
  return (Array.isArray(value) ? value : value ? [value] : []).map((v) => v.trim()).filter(Boolean).slice(0, 200);
}

function readEvent(body: FormBody): { input: EventForm; values: Record<string, unknown> } {
  const input: EventForm = {
    agencyId: formText(body, 'agencyId'),
    leaderId: formText(body, 'leaderId'),
    title: formText(body, 'title'),
    date: dayFromForm(formText(body, 'date')),
    startTime: formText(body, 'startTime'),
    endTime: formText(body, 'endTime'),
    endDate: dayFromForm(formText(body, 'endDate')),
    allDay: formText(body, 'allDay') === '1',
    location: formText(body, 'location'),
    chairId: formText(body, 'chairId'),
    chairName: formText(body, 'chairName'),
    participantIds: formList(body, 'participantIds'),
    outsideParticipants: formText(body, 'outsideParticipants'),
    departmentIds: formList(body, 'departmentIds'),
    content: formText(body, 'content'),
    isPublic: formText(body, 'isPublic') === '1',
    isMeeting: formText(body, 'isMeeting') === '1',
    version: Number(formText(body, 'version')) || 0,
  };
  return { input, values: { ...input } };
}


export const meetingsPagesModule: AppModule = {
  name: 'meetings-pages',
  async register(app: App, ctx: AppContext) {
    const meetings = ctx.services.meetings;

    // --- the week ------------------------------------------------------------------------------------------

    app.get(CALENDAR_PAGE, { schema: { hide: true, querystring: WeekPageQuery } }, async (request, reply) => {
      const actor = requireActor(request);
      const q = request.query;
      const view = await meetings.week(actor, { agencyId: q.agency || undefined, leaderId: q.leader || undefined, week: q.week }, new Date(), request.locale);
      const [agencies, options] = await Promise.all([meetings.agencyOptions(actor), meetings.formOptions(actor, view.agency.id)]);
      return reply.page('meetings-week.njk', { view, agencyOptions: pickerOptions(agencies, { valueKey: 'id' }), leaders: options.leaders, query: { agency: view.agency.id, leader: view.leaderId ?? '' } });
    });

    app.get(`${CALENDAR_PAGE}/tuan.pdf`, { schema: { hide: true, querystring: WeekPageQuery } }, async (request, reply) => {
      const q = request.query;
      const doc = await meetings.weekDocument(requireActor(request), { agencyId: q.agency || undefined, leaderId: q.leader || undefined, week: q.week }, new Date(), request.locale);
      reply.header('content-type', 'application/pdf').header('content-disposition', `inline; filename="${doc.name}"`).header('cache-control', 'private, no-store');
      return reply.send(doc.bytes);
    });

    app.get(`${CALENDAR_PAGE}/cua-toi`, { schema: { hide: true, querystring: WeekPageQuery } }, async (request, reply) => {
      const view = await meetings.mine(requireActor(request), { week: request.query.week }, new Date(), request.locale);
      return reply.page('meetings-mine.njk', { view });
    });

    // --- an entry ------------------------------------------------------------------------------------------

    const renderForm = async (request: FastifyRequest, reply: FastifyReply, agencyId: string, values: Record<string, unknown>, errors: FormErrors | null, id: string | null = null) => {
      const actor = requireActor(request);
      const [agencies, options] = await Promise.all([meetings.agencyOptions(actor), meetings.formOptions(actor, agencyId)]);
      return reply.page('meetings-form.njk', { id, values: { ...values, agencyId }, errors, agencyOptions: pickerOptions(agencies, { valueKey: 'id' }), options });
    };

    app.get(`${CALENDAR_PAGE}/them`, { schema: { hide: true, querystring: OkQuery } }, async (request, reply) => {
      const actor = requireActor(request);
      const view = await meetings.week(actor, { agencyId: request.query.agency || undefined }, new Date(), request.locale);
      if (!view.canEdit) throw new DomainError('FORBIDDEN');
      return renderForm(request, reply, view.agency.id, { date: vietnamDate(new Date()), startTime: '08:00', endTime: '11:00', participantIds: [], departmentIds: [] }, null);
    });

    app.post(`${CALENDAR_PAGE}/them`, { schema: { hide: true, body: FormBody } }, async (request, reply) => {
      const { input, values } = readEvent(request.body);
      return formPage(request, reply, {
        act: async () => {
          const saved = await meetings.createEvent({ ...requireActor(request), ip: request.ip }, input);
          return `${CALENDAR_PAGE}/${saved.id}?ok=saved`;
        },
        rerender: async (errors) => {
          const actor = requireActor(request);
          const agencyId = (await meetings.week(actor, { agencyId: undefined }, new Date(), request.locale)).agency.id;
          return renderForm(request, reply, /^[0-9a-f-]{36}$/i.test(input.agencyId) ? input.agencyId : agencyId, values, errors).catch(() => renderForm(request, reply, agencyId, values, errors));
        },
      });
    });

    const renderDetail = async (request: FastifyRequest, reply: FastifyReply, id: string, extra: Record<string, unknown> = {}) => {
      const actor = requireActor(request);
      const detail = await meetings.detail(actor, id, request.locale);
      const e = detail.entry;
      const [options, invitees] = detail.canEdit ? await Promise.all([meetings.formOptions(actor, e.agencyId), meetings.inviteeOptions(actor)]) : [null, []];
      const values = (extra.values as Record<string, unknown> | undefined) ?? {
        agencyId: e.agencyId,
        leaderId: e.leaderId ?? '',
        title: e.title,
        date: vietnamDate(e.startsAt),
        startTime: e.allDay ? '' : clockTime(e.startsAt),
        endTime: e.allDay ? '' : clockTime(e.endsAt),
        endDate: e.allDay ? vietnamDate(new Date(e.endsAt.getTime() - 1)) : vietnamDate(e.endsAt) === vietnamDate(e.startsAt) ? '' : vietnamDate(e.endsAt),
        allDay: e.allDay,
        location: e.location,
        chairId: e.chairId ?? '',
        chairName: e.chairId ? '' : e.chair,
        participantIds: e.participants.map((p) => p.id),
        outsideParticipants: e.outsideParticipants,
        departmentIds: e.departments.map((d) => d.id),
        content: e.content,
        isPublic: e.isPublic,
        isMeeting: e.isMeeting,
        version: e.version,
      };
      const groups = new Map<string, { name: string; people: Array<{ id: string; name: string; agencyId: string }> }>();
      for (const p of invitees) {
        const g = groups.get(p.agencyId) ?? { name: `${p.agencyName} (${p.agencyCode})`, people: [] };
        g.people.push({ id: p.id, name: p.name, agencyId: p.agencyId });
        groups.set(p.agencyId, g);
      }
      return reply.page('meetings-detail.njk', { detail, options, values, inviteeGroups: [...groups.values()], accept: ATTACHMENT_ACCEPT, entryDay: vietnamDate(e.startsAt), ...extra });
    };

    app.get(`${CALENDAR_PAGE}/:id`, { schema: { hide: true, params: IdParams, querystring: OkQuery } }, async (request, reply) => renderDetail(request, reply, request.params.id, { ok: request.query.ok ?? null }));

    app.post(`${CALENDAR_PAGE}/:id/sua`, { schema: { hide: true, params: IdParams, body: FormBody } }, async (request, reply) => {
      const { input, values } = readEvent(request.body);
      return formPage(request, reply, {
        act: async () => {
          await meetings.updateEvent({ ...requireActor(request), ip: request.ip }, request.params.id, input);
          return `${CALENDAR_PAGE}/${request.params.id}?ok=saved`;
        },
        rerender: (errors) => renderDetail(request, reply, request.params.id, { errors, values }),
      });
    });

    const action = (path: string, act: (request: FastifyRequest, id: string) => Promise<string>) =>
      app.post(`${CALENDAR_PAGE}/:id/${path}`, { schema: { hide: true, params: IdParams, body: FormBody } }, async (request, reply) =>
        formPage(request, reply, { act: () => act(request, request.params.id), rerender: (errors) => renderDetail(request, reply, request.params.id, { errors }) }),
      );

    action('cong-bo', async (request, id) => {
      await meetings.publish({ ...requireActor(request), ip: request.ip }, id);
      return `${CALENDAR_PAGE}/${id}?ok=published`;
    });
    action('huy', async (request, id) => {
      await meetings.cancel({ ...requireActor(request), ip: request.ip }, id);
      return `${CALENDAR_PAGE}/${id}?ok=cancelled`;
    });

    app.post(`${CALENDAR_PAGE}/:id/moi`, { schema: { hide: true, params: IdParams, body: FormBody } }, async (request, reply) => {
      const body = request.body;
      const picked = formText(body, 'staff');
      const [accountId, agencyId] = picked.split('|');
      const invitee: InviteeInput = picked ? { accountId: accountId ?? '', agencyId: agencyId ?? '' } : { name: formText(body, 'name'), email: formText(body, 'email'), phone: formText(body, 'phone') };
      return formPage(request, reply, {
        act: async () => {
          await meetings.invite({ ...requireActor(request), ip: request.ip }, request.params.id, [invitee]);
          return `${CALENDAR_PAGE}/${request.params.id}?ok=invited#nguoi-duoc-moi`;
        },
        // The one invitee of the form: its fields are named without the list's index.
        rerender: (errors) => renderDetail(request, reply, request.params.id, { errors: renameInviteeErrors(errors), inviteValues: { name: invitee.name ?? '', email: invitee.email ?? '', phone: invitee.phone ?? '' } }),
      });
    });

    action('gui-giay-moi', async (request, id) => {
      await meetings.send({ ...requireActor(request), ip: request.ip }, id);
      return `${CALENDAR_PAGE}/${id}?ok=sent#nguoi-duoc-moi`;
    });

    app.get(`${CALENDAR_PAGE}/:id/giay-moi.pdf`, { schema: { hide: true, params: IdParams } }, async (request, reply) => {
      const doc = await meetings.invitationDocument(requireActor(request), request.params.id, request.locale);
      reply.header('content-type', 'application/pdf').header('content-disposition', `inline; filename="${doc.name}"`).header('cache-control', 'private, no-store');
      return reply.send(doc.bytes);
    });

    app.get(`${CALENDAR_PAGE}/:id/tai-lieu/:attachmentId`, { schema: { hide: true, params: AttachmentParams } }, async (request, reply) =>
      sendStoredFile(reply, await meetings.attachment(requireActor(request), request.params.id, request.params.attachmentId), 'private, no-store'),
    );

    await app.register(async (scope: App) => {
      await registerStagedUploads(scope, ctx.services.files, { maxBytes: ctx.config.dossierMaxFileBytes, fields: 4, parts: 5 });
      scope.post(`${CALENDAR_PAGE}/:id/tai-lieu`, { schema: { hide: true, params: IdParams } }, async (request, reply) =>
        formPage(request, reply, {
          act: async () => {
            await meetings.addAttachment({ ...requireActor(request), ip: request.ip }, request.params.id, stagedFrom(request.body));
            return `${CALENDAR_PAGE}/${request.params.id}?ok=attached#tai-lieu`;
          },
          rerender: (errors) => renderDetail(request, reply, request.params.id, { errors }),
        }),
      );
    });

    // --- the invitee's answer ------------------------------------------------------------------------------

    const readResponse = (body: FormBody): ResponseInput => {
      const r = formText(body, 'response');
      return { response: r === 'decline' || r === 'delegate' ? r : 'accept', reason: formText(body, 'reason'), deputyId: formText(body, 'deputyId') };
    };

    const renderMine = async (request: FastifyRequest, reply: FastifyReply, id: string, extra: Record<string, unknown> = {}) => {
      const view = await meetings.myInvitation(requireActor(request), id, new Date(), request.locale);
      return reply.page('meetings-invitation.njk', { view, action: `${CALENDAR_PAGE}/giay-moi/${id}`, documentBase: `${CALENDAR_PAGE}/${view.entry.id}`, values: {}, ...extra });
    };

    app.get(`${CALENDAR_PAGE}/giay-moi/:id`, { schema: { hide: true, params: IdParams, querystring: OkQuery } }, async (request, reply) => renderMine(request, reply, request.params.id, { thanks: request.query.ok === 'thanks' }));

    app.post(`${CALENDAR_PAGE}/giay-moi/:id`, { schema: { hide: true, params: IdParams, body: FormBody } }, async (request, reply) => {
      const input = readResponse(request.body);
      return formPage(request, reply, {
        act: async () => {
          await meetings.respondAsMe({ ...requireActor(request), ip: request.ip }, request.params.id, input);
          return `${CALENDAR_PAGE}/giay-moi/${request.params.id}?ok=thanks`;
        },
        pageError: (error) => ['NOT_FOUND', 'UNAUTHENTICATED', 'FORBIDDEN', 'MEETING_INVITATION_UNKNOWN'].includes(error.code) || error.status >= 500,
        rerender: (errors) => renderMine(request, reply, request.params.id, { errors, values: input }),
      });
    });

    const renderToken = async (request: FastifyRequest, reply: FastifyReply, token: string, extra: Record<string, unknown> = {}) => {
      const view = await meetings.invitationByToken(token, new Date(), request.locale);
      // The link's token stays out of other sites' logs (no Referer) and out of caches.
      reply.header('referrer-policy', 'no-referrer').header('cache-control', 'private, no-store');
      return reply.page('meetings-invitation.njk', { view, action: `${INVITATION_PATH}/${token}`, documentBase: `${INVITATION_PATH}/${token}`, byLink: true, values: {}, ...extra });
    };

    app.get(`${INVITATION_PATH}/:token`, { schema: { hide: true, params: TokenParams, querystring: OkQuery } }, async (request, reply) => renderToken(request, reply, request.params.token, { thanks: request.query.ok === 'thanks' }));

    app.post(`${INVITATION_PATH}/:token`, { schema: { hide: true, params: TokenParams, body: FormBody } }, async (request, reply) => {
      const input = readResponse(request.body);
      return formPage(request, reply, {
        act: async () => {
          await meetings.respondByToken(request.params.token, input);
          return `${INVITATION_PATH}/${request.params.token}?ok=thanks`;
        },
        pageError: (error) => ['NOT_FOUND', 'MEETING_INVITATION_UNKNOWN'].includes(error.code) || error.status >= 500,
        rerender: (errors) => renderToken(request, reply, request.params.token, { errors, values: input }),
      });
    });

    app.get(`${INVITATION_PATH}/:token/giay-moi.pdf`, { schema: { hide: true, params: TokenParams } }, async (request, reply) => {
      const doc = await meetings.invitationDocumentByToken(request.params.token, request.locale);
      reply.header('content-type', 'application/pdf').header('content-disposition', `inline; filename="${doc.name}"`).header('cache-control', 'private, no-store').header('referrer-policy', 'no-referrer');
      return reply.send(doc.bytes);
    });

    app.get(`${INVITATION_PATH}/:token/tai-lieu/:attachmentId`, { schema: { hide: true, params: TokenAttachmentParams } }, async (request, reply) => {
      reply.header('referrer-policy', 'no-referrer');
      return sendStoredFile(reply, await meetings.attachmentByToken(request.params.token, request.params.attachmentId), 'private, no-store');
    });

    // --- the public calendar -------------------------------------------------------------------------------

    app.get(PUBLIC_CALENDAR_PAGE, { schema: { hide: true, querystring: PublicQuery } }, async (request, reply) => {
      const view = await meetings.publicWeek(request.query.agency, request.query.week, new Date(), request.locale);
      return reply.page('meetings-public.njk', { view, agencies: view.agencies.map((a) => ({ code: a.code, name: a.name })) });
    });
  },
};

/** The invite form has one invitee: "/invitees/0/email" is the form's "email" field. */
function renameInviteeErrors(errors: FormErrors): FormErrors {
  const rename = (field: string) => field.replace(/^invitees\.0\./, '').replace(/^accountId$/, 'staff');
  const summary = errors.summary.map((s) => {
    const field = rename(s.field);
    return { ...s, field, href: `#invite-${field}` };
  });
  const byField: Record<string, string> = {};
  for (const [k, v] of Object.entries(errors.byField)) byField[rename(k)] = v;
  return { ...errors, summary, byField };
}
