// Appointment pages (server-rendered, no JavaScript needed, 360 px): booking step by step (agency → procedure's
// group → day → free slot → contact, an SMS code without an account), the confirmation with its QR (printable) and
// cancellation, "my appointments", the kiosk's check-in (/quay/{agencyCode}/hen: a USB scanner types the code into
// the focused field and Enter submits), and the officers' day list, phone booking, settings and report (+ Excel).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Actor } from '../../core/actor.ts';
import { DomainError } from '../../core/errors.ts';
import type { Locale } from '../../core/i18n.ts';
import { lazyModule, loadExcel } from '../../core/lazy.ts';
import { neutraliseCell } from '../../core/spreadsheet.ts';
import { addDays, vietnamDate } from '../../core/time.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { FormBody, formPage, formText } from '../../http/form-page.ts';
import { pickerOptions } from '../agencies/agencies.picker.ts';
import { CHECK_IN_EARLY_MINUTES, CUTOFFS, SETTING_BOUNDS, SLOT_LENGTHS } from './appointments.rules.ts';
import { rateLimited } from './appointments.routes.ts';
import { CodeParams, GroupParams, IdParams, KioskParams } from './appointments.schemas.ts';
import { FLOOR_ROLES, REPORT_ROLES, SETTINGS_ROLES, type AppointmentsService } from './appointments.service.ts';
import './appointments.errors.ts';

const qrcode = lazyModule(async () => (await import('qrcode')).default);

/** The booking code drawn as an inline SVG (no script, no data: URL; the page's CSP allows it). */
async function qrSvg(text: string): Promise<string> {
  return (await qrcode()).toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, width: 200 });
}

const FIELDS = ['agencyCode', 'groupId', 'day', 'procedureId', 'startsAt', 'name', 'phone', 'email', 'verificationId', 'code'] as const;

function values(body: FormBody): Record<string, string> {
  return Object.fromEntries(FIELDS.map((f) => [f, formText(body, f).slice(0, 400)]));
}

const s = (max: number) => Type.Optional(Type.String({ maxLength: max }));
const ChoicesPageQuery = Type.Object({ agencyCode: s(40), groupId: s(64), day: s(10), booked: s(20), cancelled: s(20) });
const ConfirmQuery = Type.Object({ k: s(100), new: s(2) });
const AgencyQuery = Type.Object({ agencyCode: s(40), saved: s(2) });
const ReportPageQuery = Type.Object({ agencyCode: s(40), from: s(10), to: s(10) });

function reportDates(query: { from?: string | undefined; to?: string | undefined }): { from: string; to: string } {
  const to = query.to || vietnamDate(new Date());
  return { from: query.from || addDays(to, -30), to };
}

export const appointmentsPagesModule: AppModule = {
  name: 'appointments-pages',
  async register(app: App, ctx: AppContext) {
    const appointments: AppointmentsService = ctx.services.appointments;
    const agencies = ctx.services.agencies;

    // --- booking (the citizen on the portal, or the officer on the phone) ---
    const bookingPage = async (request: FastifyRequest, reply: FastifyReply, officer: boolean, v: Record<string, string>, extra: Record<string, unknown> = {}) => {
      const choices = await appointments.choices({ agencyCode: v.agencyCode, groupId: v.groupId, day: v.day }, request.locale);
      const agencyOptions = officer ? pickerOptions(await agencies.scopeTree(request.actor, FLOOR_ROLES)) : pickerOptions(await agencies.tree());
      return reply.page('appointments-book.njk', { officer, choices, agencyOptions, values: { ...v, agencyCode: choices.agency?.code ?? v.agencyCode ?? '' }, ...extra });
    };

    app.get('/lich-hen', { schema: { hide: true, querystring: ChoicesPageQuery } }, async (request, reply) => bookingPage(request, reply, false, { agencyCode: request.query.agencyCode ?? '', groupId: request.query.groupId ?? '', day: request.query.day ?? '' }));

    app.post('/lich-hen/ma', { schema: { hide: true, body: FormBody } }, async (request, reply) => {
      const v = values(request.body);
      return formPage(request, reply, {
        act: async () => {
          const sent = await appointments.requestCode({ phone: v.phone }, { ip: request.ip, locale: request.locale });
          return bookingPage(request, reply, false, { ...v, verificationId: sent.verificationId }, { codeSent: true });
        },
        pageError: (error) => error.status >= 500 && error.code !== 'FEEDBACK_SMS_UNAVAILABLE',
        rerender: (errors, error) => {
          rateLimited(reply, error);
          return bookingPage(request, reply, false, v, { errors });
        },
      });
    });

    app.post('/lich-hen', { schema: { hide: true, body: FormBody } }, async (request, reply) => {
      const v = values(request.body);
      return formPage(request, reply, {
        act: async () => {
          const booked = await appointments.book(request.actor, { ...v, verificationId: v.verificationId || undefined, code: v.code || undefined }, { ip: request.ip, locale: request.locale });
          return `/lich-hen/${booked.code}?new=1&k=${encodeURIComponent(booked.accessToken)}`;
        },
        pageError: (error) => error.status >= 500,
        rerender: (errors, error) => {
          rateLimited(reply, error);
          return bookingPage(request, reply, false, v, { errors, codeSent: !!v.verificationId });
        },
      });
    });

    // --- the holder's pages ---
    app.get('/lich-hen/cua-toi', { schema: { hide: true } }, async (request, reply) => reply.page('appointments-mine.njk', { items: await appointments.mine(request.actor, request.locale) }));

    const confirmPage = async (request: FastifyRequest, reply: FastifyReply, code: string, k: string | undefined, extra: Record<string, unknown> = {}) => {
      const item = await appointments.own({ actor: request.actor, token: k }, code, request.locale);
      const settings = (await appointments.groups(item.agency.id, request.locale)).find((g) => g.id === item.group.id)?.settings;
      return reply.page('appointments-confirm.njk', { item, k: k ?? '', qr: item.status === 'booked' ? await qrSvg(item.displayCode) : '', cutoffMinutes: settings?.cutoffMinutes ?? 0, ...extra });
    };
    app.get('/lich-hen/:code', { schema: { hide: true, params: CodeParams, querystring: ConfirmQuery } }, async (request, reply) => confirmPage(request, reply, request.params.code, request.query.k, { isNew: request.query.new === '1' }));

    app.post('/lich-hen/:code/huy', { schema: { hide: true, params: CodeParams, body: FormBody } }, async (request, reply) => {
      const k = formText(request.body, 'k') || undefined;
      return formPage(request, reply, {
        act: async () => {
          await appointments.cancel({ actor: request.actor, token: k }, request.params.code);
          return `/lich-hen/${request.params.code}${k ? `?k=${encodeURIComponent(k)}` : ''}`;
        },
        rerender: (errors) => confirmPage(request, reply, request.params.code, k, { errors }),
      });
    });

    // --- the kiosk: check in with the QR or the code ---
    const kioskPage = async (agencyCode: string, reply: FastifyReply, extra: Record<string, unknown> = {}) => {
      const agency = await appointments.agency(agencyCode).catch(() => {
        throw new DomainError('NOT_FOUND');
      });
      return reply.page('appointments-kiosk.njk', { agency, earlyMinutes: CHECK_IN_EARLY_MINUTES, ...extra });
    };
    app.get('/quay/:agencyCode/hen', { schema: { hide: true, params: KioskParams } }, async (request, reply) => kioskPage(request.params.agencyCode, reply));
    app.post('/quay/:agencyCode/hen', { schema: { hide: true, params: KioskParams, body: FormBody } }, async (request, reply) => {
      const code = formText(request.body, 'code').slice(0, 300);
      return formPage(request, reply, {
        act: async () => {
          const result = await appointments.checkIn({ agencyCode: request.params.agencyCode, code }, { ip: request.ip });
          reply.status(201);
          return kioskPage(request.params.agencyCode, reply, { result });
        },
        pageError: (error) => error.code === 'NOT_FOUND' || error.status >= 500,
        rerender: (errors, error) => {
          rateLimited(reply, error);
          return kioskPage(request.params.agencyCode, reply, { errors, values: { code } });
        },
      });
    });

    // --- officers: the day list, booking on the phone, cancelling ---
    app.get('/can-bo/lich-hen', { schema: { hide: true, querystring: ChoicesPageQuery } }, async (request, reply) => {
      const list = await appointments.dayList(request.actor, request.query.agencyCode, request.query.groupId, request.query.day || vietnamDate(new Date()), request.locale);
      const canSettings = (await agencies.scopeOf(request.actor, SETTINGS_ROLES)).includes(list.agency.id);
      return reply.page('appointments-day.njk', { list, agencyOptions: pickerOptions(await agencies.scopeTree(request.actor, FLOOR_ROLES)), booked: request.query.booked ?? '', cancelled: request.query.cancelled ?? '', canSettings });
    });

    app.get('/can-bo/lich-hen/dat', { schema: { hide: true, querystring: ChoicesPageQuery } }, async (request, reply) => {
      const agency = await appointments.officerAgency(request.actor, request.query.agencyCode);
      return bookingPage(request, reply, true, { agencyCode: agency.code, groupId: request.query.groupId ?? '', day: request.query.day ?? '' });
    });

    app.post('/can-bo/lich-hen/dat', { schema: { hide: true, body: FormBody } }, async (request, reply) => {
      const v = values(request.body);
      return formPage(request, reply, {
        act: async () => {
          const booked = await appointments.bookByPhone(request.actor, v, request.locale);
          const day = vietnamDate(booked.startsAt);
          return `/can-bo/lich-hen?agencyCode=${encodeURIComponent(v.agencyCode ?? '')}&groupId=${encodeURIComponent(v.groupId ?? '')}&day=${day}&booked=${booked.code}`;
        },
        rerender: (errors) => bookingPage(request, reply, true, v, { errors }),
      });
    });

    app.post('/can-bo/lich-hen/:id/huy', { schema: { hide: true, params: IdParams, body: FormBody } }, async (request, reply) => {
      const row = await appointments.cancelByOfficer(request.actor, request.params.id).catch((error: unknown) => {
        if (error instanceof DomainError && error.status === 409) return null;
        throw error;
      });
      const back = formText(request.body, 'back');
      const fallback = '/can-bo/lich-hen';
      const target = back.startsWith('/can-bo/lich-hen') && !back.startsWith('//') ? back : fallback;
      return reply.redirect(`${target}${target.includes('?') ? '&' : '?'}cancelled=${row ? row.code : ''}`, 303);
    });

    // --- settings (the agency's leader, an administrator) ---
    app.get('/can-bo/lich-hen/cai-dat', { schema: { hide: true, querystring: AgencyQuery } }, async (request, reply) => {
      const agency = await appointments.officerAgency(request.actor, request.query.agencyCode, SETTINGS_ROLES);
      return reply.page('appointments-settings-list.njk', { agency, groups: await appointments.groups(agency.id, request.locale), agencyOptions: pickerOptions(await agencies.scopeTree(request.actor, SETTINGS_ROLES)), saved: request.query.saved === '1' });
    });

    const settingsPage = async (request: FastifyRequest, reply: FastifyReply, agencyCode: string, groupId: string, extra: Record<string, unknown> = {}) => {
      const form = await appointments.settingsForm(request.actor, agencyCode, groupId);
      const s0 = form.settings;
      return reply.page('appointments-settings.njk', {
        form,
        slotLengths: SLOT_LENGTHS,
        cutoffs: CUTOFFS,
        bounds: SETTING_BOUNDS,
        values: { enabled: s0.enabled ? '1' : '', slotMinutes: String(s0.slotMinutes), capacity: String(s0.capacity), daysAhead: String(s0.daysAhead), cutoffMinutes: String(s0.cutoffMinutes) },
        ...extra,
      });
    };
    app.get('/can-bo/lich-hen/cai-dat/:groupId', { schema: { hide: true, params: GroupParams, querystring: AgencyQuery } }, async (request, reply) => settingsPage(request, reply, request.query.agencyCode ?? '', request.params.groupId));
    app.post('/can-bo/lich-hen/cai-dat/:groupId', { schema: { hide: true, params: GroupParams, querystring: AgencyQuery, body: FormBody } }, async (request, reply) => {
      const agencyCode = request.query.agencyCode ?? '';
      const input = { enabled: formText(request.body, 'enabled'), slotMinutes: formText(request.body, 'slotMinutes'), capacity: formText(request.body, 'capacity'), daysAhead: formText(request.body, 'daysAhead'), cutoffMinutes: formText(request.body, 'cutoffMinutes') };
      return formPage(request, reply, {
        act: async () => {
          await appointments.saveSettings(request.actor, agencyCode, request.params.groupId, input);
          return `/can-bo/lich-hen/cai-dat?agencyCode=${encodeURIComponent(agencyCode)}&saved=1`;
        },
        rerender: (errors) => settingsPage(request, reply, agencyCode, request.params.groupId, { errors, values: input }),
      });
    });

    // --- the report (+ Excel) ---
    const report = async (actor: Actor | null, query: { agencyCode?: string | undefined; from?: string | undefined; to?: string | undefined }, locale: Locale) => {
      const { from, to } = reportDates(query);
      return { from, to, ...(await appointments.report(actor, query.agencyCode, from, to, locale)) };
    };
    app.get('/can-bo/lich-hen/bao-cao', { schema: { hide: true, querystring: ReportPageQuery } }, async (request, reply) => {
      const r = await report(request.actor, request.query, request.locale);
      const total = r.rows.reduce((t, x) => ({ bookings: t.bookings + x.bookings, checkIns: t.checkIns + x.checkIns, cancellations: t.cancellations + x.cancellations, noShows: t.noShows + x.noShows }), { bookings: 0, checkIns: 0, cancellations: 0, noShows: 0 });
      return reply.page('appointments-report.njk', { r, total, agencyOptions: pickerOptions(await agencies.scopeTree(request.actor, REPORT_ROLES)) });
    });
    app.get('/can-bo/lich-hen/bao-cao.xlsx', { schema: { hide: true, querystring: ReportPageQuery } }, async (request, reply) => {
      const r = await report(request.actor, request.query, request.locale);
      const t = request.t;
      const workbook = new (await loadExcel()).Workbook();
      const sheet = workbook.addWorksheet(t('appointments.nav'));
      sheet.addRow([t('appointments.day'), t('appointments.group'), t('appointments.report.bookings'), t('appointments.report.checkIns'), t('appointments.report.cancellations'), t('appointments.report.noShows')]);
      for (const x of r.rows) sheet.addRow([x.day, neutraliseCell(`${x.group.code} — ${x.group.name}`), x.bookings, x.checkIns, x.cancellations, x.noShows]);
      const body = Buffer.from(await workbook.xlsx.writeBuffer());
      reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      reply.header('content-disposition', `attachment; filename="lich-hen-${r.agency.code}-${r.from}-${r.to}.xlsx"`);
      return reply.send(body);
    });
  },
};
