// Appointments: the JSON API (thin: schema, one service call, presenter). Pages: appointments.pages.ts.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { DomainError } from '../../core/errors.ts';
import { registerMessages } from '../../core/i18n.ts';
import { vietnamDate } from '../../core/time.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { appointmentsMessages } from './appointments.messages.ts';
import {
  AppointmentList,
  AppointmentView as AppointmentViewSchema,
  BookBody,
  Booked as BookedSchema,
  CheckedIn,
  CheckInBody,
  Choices,
  ChoicesQuery,
  CodeParams,
  CodeRequestBody,
  CodeRequested,
  DayList,
  DayQuery,
  GroupParams,
  IdParams,
  KioskParams,
  ReportQuery,
  ReportView,
  SettingsBody,
  SettingsQuery,
  SettingsView,
  TokenQuery,
} from './appointments.schemas.ts';
import type { AppointmentView, Booked } from './appointments.service.ts';
import './appointments.errors.ts';

registerMessages(appointmentsMessages);

const tags = ['appointments'];

export function presentView(v: AppointmentView): Static<typeof AppointmentViewSchema> {
  return JSON.parse(JSON.stringify(v)) as Static<typeof AppointmentViewSchema>;
}

export function presentBooked(b: Booked) {
  return { ...b, startsAt: b.startsAt.toISOString() };
}

/** The confirmation link's secret: header x-appointment-token, else ?k=. */
function tokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers['x-appointment-token'];
  if (typeof header === 'string' && header.length <= 100) return header;
  const k = (request.query as { k?: string } | undefined)?.k;
  return typeof k === 'string' ? k : undefined;
}

/** A 429 answer carries Retry-After. */
export function rateLimited(reply: FastifyReply, error: unknown): void {
  if (error instanceof DomainError && error.code === 'APPOINTMENT_RATE_LIMITED' && typeof error.params?.retryAfter === 'number') reply.header('retry-after', String(error.params.retryAfter));
}

async function limited<T>(reply: FastifyReply, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    rateLimited(reply, error);
    throw error;
  }
}

export const appointmentsModule: AppModule = {
  name: 'appointments',
  async register(app: App, ctx: AppContext) {
    const appointments = ctx.services.appointments;

    app.get('/api/appointments/slots', { schema: { operationId: 'listAppointmentSlots', tags, summary: 'Free appointment slots', description: 'Nhóm quầy nhận đặt lịch của cơ quan; các ngày còn chỗ của nhóm; các khung giờ còn trống của ngày', querystring: ChoicesQuery, response: { 200: Choices } } }, async (request) => {
      const c = await appointments.choices(request.query, request.locale);
      return {
        agency: c.agency ? { code: c.agency.code, name: c.agency.name } : null,
        groups: c.groups.map((g) => ({ id: g.id, code: g.code, name: g.name, procedures: g.procedures })),
        days: c.days,
        slots: c.slots.map((s) => ({ startsAt: new Date(s.startsAt).toISOString(), endsAt: new Date(s.endsAt).toISOString(), time: s.time, left: s.left })),
      };
    });

    app.post('/api/appointments/codes', { schema: { operationId: 'requestAppointmentCode', 'x-problem-codes': ['APPOINTMENT_RATE_LIMITED', 'FEEDBACK_SMS_UNAVAILABLE'], tags, summary: 'Send a one-time code by SMS before booking', description: 'Gửi mã xác thực qua SMS trước khi đặt lịch hẹn không đăng nhập', body: CodeRequestBody, response: { 202: CodeRequested } } }, async (request, reply) =>
      limited(reply, async () => reply.status(202).send(await appointments.requestCode(request.body, { ip: request.ip, locale: request.locale }))),
    );

    app.post(
      '/api/appointments',
      { schema: { operationId: 'bookAppointment', 'x-problem-codes': ['APPOINTMENT_SLOT_FULL', 'APPOINTMENT_TOO_MANY', 'APPOINTMENT_RATE_LIMITED'], tags, summary: 'Book an appointment', description: 'Đặt lịch hẹn: đã đăng nhập, hoặc với mã xác thực đã gửi qua SMS; 409 APPOINTMENT_SLOT_FULL khi khung giờ vừa hết chỗ', body: BookBody, response: { 201: BookedSchema } } },
      async (request, reply) => limited(reply, async () => reply.status(201).send(presentBooked(await appointments.book(request.actor, request.body, { ip: request.ip, locale: request.locale })))),
    );

    app.get('/api/appointments/mine', { schema: { operationId: 'listMyAppointments', tags, security: [{ session: [] }], summary: 'List my appointments', description: 'Lịch hẹn của tài khoản', response: { 200: AppointmentList } } }, async (request) => ({
      items: (await appointments.mine(request.actor, request.locale)).map(presentView),
    }));

    app.get('/api/appointments/:code', { schema: { operationId: 'getAppointment', 'x-problem-codes': ['UNAUTHENTICATED'], tags, summary: 'Read my appointment', description: 'Người đặt xem lịch hẹn (tài khoản, hoặc x-appointment-token / ?k=)', params: CodeParams, querystring: TokenQuery, response: { 200: AppointmentViewSchema } } }, async (request) =>
      presentView(await appointments.own({ actor: request.actor, token: tokenOf(request) }, request.params.code, request.locale)),
    );

    app.post('/api/appointments/:code/cancel', { schema: { operationId: 'cancelAppointment', 'x-problem-codes': ['UNAUTHENTICATED', 'APPOINTMENT_NOT_CANCELLABLE', 'APPOINTMENT_CUTOFF_PASSED'], tags, summary: 'Cancel my appointment', description: 'Người đặt hủy lịch hẹn trước hạn hủy', params: CodeParams, querystring: TokenQuery, response: { 200: AppointmentViewSchema } } }, async (request) => {
      const who = { actor: request.actor, token: tokenOf(request) };
      await appointments.cancel(who, request.params.code);
      return presentView(await appointments.own(who, request.params.code, request.locale));
    });

    app.post(
      '/api/kiosk/:agencyCode/appointments/check-in',
      { schema: { operationId: 'checkInAppointment', 'x-problem-codes': ['APPOINTMENT_UNKNOWN_CODE', 'APPOINTMENT_CANCELLED', 'APPOINTMENT_USED', 'APPOINTMENT_TOO_EARLY', 'APPOINTMENT_TOO_LATE', 'APPOINTMENT_RATE_LIMITED', 'FLOOR_NO_OPEN_COUNTER'], tags, summary: 'Check in an appointment at the kiosk', description: 'Máy lấy số: mã lịch hẹn (quét QR hoặc nhập) → số thứ tự', params: KioskParams, body: CheckInBody, response: { 201: CheckedIn } } },
      async (request, reply) =>
        limited(reply, async () => {
          const result = await appointments.checkIn({ agencyCode: request.params.agencyCode, code: request.body.code }, { ip: request.ip });
          return reply.status(201).send({ ticket: result.ticket, appointment: presentView(result.appointment) });
        }),
    );

    // --- officers ---
    app.get('/api/officer/appointments', { schema: { operationId: 'listDayAppointments', 'x-problem-codes': ['NOT_FOUND'], tags, security: [{ session: [] }], summary: 'Appointments of a day of a counter group', description: 'Danh sách lịch hẹn trong ngày của nhóm quầy (cán bộ của cơ quan)', querystring: DayQuery, response: { 200: DayList } } }, async (request) => {
      const list = await appointments.dayList(request.actor, request.query.agencyCode, request.query.groupId, request.query.day ?? vietnamDate(new Date()), request.locale);
      return { agency: { code: list.agency.code, name: list.agency.name }, groupId: list.group?.id ?? null, day: list.day, items: list.items.map(presentView) };
    });

    app.post('/api/officer/appointments', { schema: { operationId: 'bookAppointmentByPhone', 'x-problem-codes': ['APPOINTMENT_SLOT_FULL', 'APPOINTMENT_TOO_MANY'], tags, security: [{ session: [], csrf: [] }], summary: 'Book an appointment on the phone', description: 'Cán bộ đặt lịch hẹn cho người gọi điện (họ tên, số điện thoại)', body: BookBody, response: { 201: BookedSchema } } }, async (request, reply) =>
      reply.status(201).send(presentBooked(await appointments.bookByPhone(request.actor, request.body, request.locale))),
    );

    app.post('/api/officer/appointments/:id/cancel', { schema: { operationId: 'cancelAppointmentByOfficer', 'x-problem-codes': ['APPOINTMENT_NOT_CANCELLABLE'], tags, security: [{ session: [], csrf: [] }], summary: 'Cancel an appointment (officer)', description: 'Cán bộ hủy lịch hẹn theo đề nghị của người đặt', params: IdParams, response: { 204: Type.Null() } } }, async (request, reply) => {
      await appointments.cancelByOfficer(request.actor, request.params.id);
      return reply.status(204).send(null);
    });

    app.get('/api/officer/appointments/report', { schema: { operationId: 'appointmentsReport', 'x-problem-codes': ['NOT_FOUND'], tags, security: [{ session: [] }], summary: 'Appointment counts per day and counter group', description: 'Báo cáo lịch hẹn: lịch đặt, đã lấy số, đã hủy, không đến theo ngày và nhóm quầy', querystring: ReportQuery, response: { 200: ReportView } } }, async (request) => {
      const r = await appointments.report(request.actor, request.query.agencyCode, request.query.from, request.query.to, request.locale);
      return { agency: { code: r.agency.code, name: r.agency.name }, from: request.query.from, to: request.query.to, rows: r.rows.map((x) => ({ day: x.day, group: { code: x.group.code, name: x.group.name }, bookings: x.bookings, checkIns: x.checkIns, cancellations: x.cancellations, noShows: x.noShows })) };
    });

    app.put('/api/officer/appointments/settings/:groupId', { schema: { operationId: 'setAppointmentSettings', tags, security: [{ session: [], csrf: [] }], summary: 'Set the booking settings of a counter group', description: 'Cài đặt lịch hẹn của nhóm quầy (lãnh đạo cơ quan, quản trị): độ dài khung giờ, số người mỗi khung, số ngày đặt trước, hạn đặt/hủy', params: GroupParams, querystring: SettingsQuery, body: SettingsBody, response: { 200: SettingsView } } }, async (request) =>
      appointments.saveSettings(request.actor, request.query.agencyCode, request.params.groupId, request.body),
    );
  },
};
