// The work calendar and invitations, JSON API: the week of an agency's (or a leader's) calendar, the reader's own,
// entries (create, edit, publish, cancel), invitees and sending, the invitee's answer (in-app, or through the
// personal link without sign-in: the token is the credential), and the public calendar of an agency.
import { Type } from 'typebox';
import { registerMessages } from '../../core/i18n.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { multipartBody } from '../../http/openapi-multipart.ts';
import { sendStoredFile } from '../files/files.download.ts';
import { ATTACHMENT_MEDIA_TYPES } from '../files/files.inspect.rules.ts';
import { registerStagedUploads, stagedFrom } from '../files/files.staging.ts';
import { requireActor } from '../identity/identity.routes.ts';
import './meetings.errors.ts';
import { meetingsMessages } from './meetings.messages.ts';
import { AttachmentParams, EventBody, EventDetail, IdParams, Invited, InviteBody, MyInvitations, PublicWeek, PublicWeekQuery, ResponseBody, Saved, Sent, TokenInvitation, TokenParams, Week, WeekQuery, Invitation, type EventBodyT } from './meetings.schemas.ts';
import type { EntryView, EventForm } from './meetings.service.ts';

registerMessages(meetingsMessages);

const tags = ['meetings'];
const read = [{ session: [] as string[] }];
const write = [{ session: [] as string[], csrf: [] as string[] }];
const ENTRY_CODES = ['MEETING_TITLE_REQUIRED', 'MEETING_TEXT_TOO_LONG', 'MEETING_DATE_INVALID', 'MEETING_TIME_INVALID', 'MEETING_END_BEFORE_START', 'MEETING_TOO_LONG', 'MEETING_AGENCY_REQUIRED', 'MEETING_LEADER_UNKNOWN', 'MEETING_PERSON_UNKNOWN', 'MEETING_DEPARTMENT_UNKNOWN'] as const;
const RESPONSE_CODES = ['MEETING_INVITATION_UNKNOWN', 'MEETING_CANCELLED', 'MEETING_NOT_PUBLISHED', 'MEETING_ENDED', 'MEETING_INVITATION_DELEGATED', 'MEETING_REASON_REQUIRED', 'MEETING_DELEGATE_INTERNAL_ONLY', 'MEETING_DEPUTY_REQUIRED', 'MEETING_DEPUTY_INVALID', 'MEETING_INVITEE_INACTIVE'] as const;

type Jsonified<T> = T extends Date ? string : T extends Array<infer U> ? Array<Jsonified<U>> : T extends object ? { [K in keyof T]: Jsonified<T[K]> } : T;

/** Dates as ISO strings (the API's date-time). */
export function json<T>(value: T): Jsonified<T> {
  return JSON.parse(JSON.stringify(value)) as Jsonified<T>;
}

export function formFromBody(body: EventBodyT): EventForm {
  return {
    agencyId: body.agencyId ?? '',
    leaderId: body.leaderId ?? '',
    title: body.title,
    date: body.date,
    startTime: body.startTime ?? '',
    endTime: body.endTime ?? '',
    endDate: body.endDate ?? '',
    allDay: body.allDay ?? false,
    location: body.location ?? '',
    chairId: body.chairId ?? '',
    chairName: body.chairName ?? '',
    participantIds: body.participantIds ?? [],
    outsideParticipants: body.outsideParticipants ?? '',
    departmentIds: body.departmentIds ?? [],
    content: body.content ?? '',
    isPublic: body.isPublic ?? false,
    isMeeting: body.isMeeting ?? false,
    ...(body.version !== undefined ? { version: body.version } : {}),
  };
}

function weekFields(w: { week: { monday: string; sunday: string; previous: string; next: string; number: { week: number } }; meetings: number; days: Array<{ day: string; weekday: number; entries: EntryView[] }> }) {
  return {
    monday: w.week.monday,
    sunday: w.week.sunday,
    previous: w.week.previous,
    next: w.week.next,
    weekNumber: w.week.number.week,
    meetings: w.meetings,
    days: w.days.map((d) => ({ day: d.day, weekday: d.weekday, entries: json(d.entries) })),
  };
}

export const meetingsModule: AppModule = {
  name: 'meetings',
  async register(app: App, ctx: AppContext) {
    const meetings = ctx.services.meetings;

    await app.register(async (scope: App) => {
      await registerStagedUploads(scope, ctx.services.files, { maxBytes: ctx.config.dossierMaxFileBytes, fields: 2, parts: 3 });
      scope.post(
        '/api/meetings/events/:id/attachments',
        {
          config: {
            multipart: multipartBody({
              parts: [{ kind: 'file', name: 'file', required: true, description: 'A meeting document (PDF, JPEG, PNG, DOCX, XLSX); its content is inspected.', mediaTypes: [...ATTACHMENT_MEDIA_TYPES], maxBytes: ctx.config.dossierMaxFileBytes }],
            }),
          },
          schema: {
            operationId: 'attachMeetingDocument',
            'x-problem-codes': ['MEETING_FILE_TYPE', 'MEETING_CANCELLED', 'FILE_CHECK_FAILED', 'FILE_UNREADABLE', 'FILE_ARCHIVE_UNSUPPORTED', 'FILE_ENCRYPTED', 'FILE_NESTED_ARCHIVE', 'FILE_TOO_COMPLEX', 'FILE_POLYGLOT', 'FILE_MACROS', 'FILE_EXTENSION_MISMATCH'],
            tags,
            security: write,
            summary: 'Attach a meeting document',
            description: 'Đính kèm tài liệu họp (multipart: trường "file"); nội dung tệp được kiểm tra; người được mời xem qua đường dẫn riêng',
            consumes: ['multipart/form-data'],
            params: IdParams,
            response: { 201: Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String() }) },
          },
        },
        async (request, reply) => reply.status(201).send(await meetings.addAttachment({ ...requireActor(request), ip: request.ip }, request.params.id, stagedFrom(request.body))),
      );
    });

    app.get(
      '/api/meetings/events/:id/attachments/:attachmentId',
      { schema: { operationId: 'downloadMeetingDocument', 'x-problem-codes': ['MEETING_ATTACHMENT_UNKNOWN'], tags, security: read, summary: 'Download a meeting document', description: 'Tải tài liệu họp', params: AttachmentParams, response: { 200: { description: 'The document, in the media type it was stored with', content: { '*/*': { schema: { type: 'string', format: 'binary' } } } } } } },
      async (request, reply) => sendStoredFile(reply, await meetings.attachment(requireActor(request), request.params.id, request.params.attachmentId), 'private, no-store'),
    );

    app.get(
      '/api/meetings/week',
      { schema: { operationId: 'getCalendarWeek', tags, security: read, summary: "A week of an agency's work calendar", description: 'Lịch công tác tuần của cơ quan hoặc của một lãnh đạo (thứ Hai đến Chủ nhật, giờ Việt Nam)', querystring: WeekQuery, 'x-problem-codes': ['NOT_FOUND'], response: { 200: Week } } },
      async (request) => {
        const w = await meetings.week(requireActor(request), request.query, new Date(), request.locale);
        return { agency: w.agency, leaderId: w.leaderId, ...weekFields(w) };
      },
    );

    app.get(
      '/api/meetings/mine',
      { schema: { operationId: 'getMyCalendarWeek', tags, security: read, summary: 'My week and invitations', description: 'Lịch của tôi trong tuần và các giấy mời đã nhận', querystring: WeekQuery, response: { 200: MyInvitations } } },
      async (request) => json({ items: (await meetings.mine(requireActor(request), request.query, new Date(), request.locale)).invitations }),
    );

    app.get(
      '/api/meetings/public/week',
      { schema: { operationId: 'getPublicCalendarWeek', tags, security: [], summary: "A week of an agency's public calendar", description: 'Lịch công tác công khai của cơ quan (không cần đăng nhập)', querystring: PublicWeekQuery, response: { 200: PublicWeek } } },
      async (request) => {
        const w = await meetings.publicWeek(request.query.agency, request.query.week, new Date(), request.locale);
        return { agency: w.agency, ...weekFields(w) };
      },
    );

    app.post(
      '/api/meetings/events',
      { schema: { operationId: 'createCalendarEntry', tags, security: write, summary: 'Add a calendar entry (draft)', description: 'Thêm lịch công tác (bản nháp)', body: EventBody, 'x-problem-codes': ENTRY_CODES, response: { 201: Saved } } },
      async (request, reply) => {
        const saved = await meetings.createEvent({ ...requireActor(request), ip: request.ip }, formFromBody(request.body));
        return reply.status(201).send({ id: saved.id, version: 1 });
      },
    );

    app.get(
      '/api/meetings/events/:id',
      { schema: { operationId: 'getCalendarEntry', tags, security: read, summary: 'A calendar entry with its invitations', description: 'Một lịch công tác: người được mời, tài liệu họp, trùng lịch', params: IdParams, response: { 200: EventDetail } } },
      async (request) => {
        const d = await meetings.detail(requireActor(request), request.params.id, request.locale);
        return json({ entry: d.entry, canEdit: d.canEdit, canPublish: d.canPublish, invitations: d.invitations, attachments: d.attachments, conflicts: d.conflicts });
      },
    );

    app.put(
      '/api/meetings/events/:id',
      { schema: { operationId: 'updateCalendarEntry', tags, security: write, summary: 'Edit a calendar entry', description: 'Sửa lịch; lịch đã công bố được lưu phiên bản trước và đánh dấu "có thay đổi"', params: IdParams, body: EventBody, 'x-problem-codes': [...ENTRY_CODES, 'MEETING_CANCELLED', 'MEETING_CHANGED'], response: { 200: Saved } } },
      async (request) => meetings.updateEvent({ ...requireActor(request), ip: request.ip }, request.params.id, formFromBody(request.body)),
    );

    app.post(
      '/api/meetings/events/:id/publish',
      { schema: { operationId: 'publishCalendarEntry', tags, security: write, summary: 'Publish a calendar entry', description: 'Công bố lịch (lãnh đạo, văn phòng)', params: IdParams, 'x-problem-codes': ['MEETING_CANCELLED', 'MEETING_ALREADY_PUBLISHED'], response: { 204: Type.Null({ description: 'Published' }) } } },
      async (request, reply) => {
        await meetings.publish({ ...requireActor(request), ip: request.ip }, request.params.id);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/api/meetings/events/:id/cancel',
      { schema: { operationId: 'cancelCalendarEntry', tags, security: write, summary: 'Cancel a calendar entry', description: 'Hủy lịch', params: IdParams, 'x-problem-codes': ['MEETING_CANCELLED'], response: { 204: Type.Null({ description: 'Cancelled' }) } } },
      async (request, reply) => {
        await meetings.cancel({ ...requireActor(request), ip: request.ip }, request.params.id);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/api/meetings/events/:id/invitations',
      {
        schema: {
          operationId: 'inviteToMeeting',
          tags,
          security: write,
          summary: 'Invite people to a meeting',
          description: 'Mời cán bộ (cơ quan này hoặc cơ quan khác) hoặc người ngoài hệ thống; người đã nghỉ hoặc chuyển công tác bị từ chối (422 MEETING_INVITEE_INACTIVE); trùng lịch là cảnh báo',
          params: IdParams,
          body: InviteBody,
          'x-problem-codes': ['MEETING_INVITEE_INACTIVE', 'MEETING_INVITEE_UNKNOWN', 'MEETING_INVITEE_DUPLICATE', 'MEETING_INVITEE_NAME_REQUIRED', 'MEETING_INVITEE_CONTACT_REQUIRED', 'MEETING_EMAIL_INVALID', 'MEETING_PHONE_INVALID', 'MEETING_CANCELLED', 'MEETING_NOT_A_MEETING'],
          response: { 200: Invited },
        },
      },
      async (request) => json(await meetings.invite({ ...requireActor(request), ip: request.ip }, request.params.id, request.body.invitees)),
    );

    app.post(
      '/api/meetings/events/:id/send',
      { schema: { operationId: 'sendMeetingInvitations', tags, security: write, summary: 'Send the invitation', description: 'Cấp số giấy mời (GM) và gửi thư điện tử, SMS, thông báo kèm đường dẫn xác nhận riêng', params: IdParams, 'x-problem-codes': ['MEETING_NOT_PUBLISHED', 'MEETING_NOT_A_MEETING', 'MEETING_NO_INVITEES', 'MEETING_CANCELLED'], response: { 200: Sent } } },
      async (request) => {
        const sent = await meetings.send({ ...requireActor(request), ip: request.ip }, request.params.id);
        return { sent: sent.sent, email: sent.email, sms: sent.sms, numberSymbol: sent.numberSymbol };
      },
    );

    app.post(
      '/api/meetings/invitations/:id/response',
      { schema: { operationId: 'answerMyInvitation', tags, security: write, summary: 'Answer my invitation', description: 'Trả lời giấy mời (trong hệ thống): tham dự, không tham dự (có lý do), cử người dự thay', params: IdParams, body: ResponseBody, 'x-problem-codes': RESPONSE_CODES, response: { 200: Invitation } } },
      async (request) => json(await meetings.respondAsMe({ ...requireActor(request), ip: request.ip }, request.params.id, request.body)),
    );

    app.get(
      '/api/meetings/invitation/:token',
      { schema: { operationId: 'getInvitationByLink', tags, security: [], summary: 'The invitation of a personal link', description: 'Giấy mời theo đường dẫn riêng (không cần đăng nhập)', params: TokenParams, 'x-problem-codes': ['MEETING_INVITATION_UNKNOWN'], response: { 200: TokenInvitation } } },
      async (request) => {
        const v = await meetings.invitationByToken(request.params.token, new Date(), request.locale);
        return json({ invitation: v.invitation, entry: v.entry, agencyName: v.agencyName, symbol: v.symbol, attachments: v.attachments, ended: v.ended });
      },
    );

    app.post(
      '/api/meetings/invitation/:token/response',
      {
        // The token in the path is the credential (not an ambient one a browser would add): no CSRF token.
        config: { csrfExempt: true },
        schema: { operationId: 'answerInvitationByLink', tags, security: [], summary: 'Answer an invitation through its link', description: 'Trả lời giấy mời qua đường dẫn riêng', params: TokenParams, body: ResponseBody, 'x-problem-codes': RESPONSE_CODES, response: { 200: Invitation } },
      },
      async (request) => json(await meetings.respondByToken(request.params.token, request.body)),
    );
  },
};
