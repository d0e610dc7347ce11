// Working-day calendar over HTTP: holidays of a year and due dates (public JSON), the yearly official
// schedule (administration, JSON and page), agencies' working hours, the public page of the year's holidays.
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { vietnamYear } from '../../core/time.ts';
import { DomainError } from '../../core/errors.ts';
import { registerMessages } from '../../core/i18n.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { formErrors, formPage, type FormErrors } from '../../http/form-page.ts';
import './calendar.errors.ts';
import { calendarMessages } from './calendar.messages.ts';
import {
  formatDay,
  isoDateTimeVietnam,
  isoOfDay,
  isRestDay,
  MAX_YEAR,
  MIN_YEAR,
  parseDate,
  parseScheduleText,
  scheduleText,
  weekdayOf,
  type CalendarEntry,
} from './calendar.rules.ts';
import { DueQuery, DueView, HolidayList, YearParams, YearQuery, YearScheduleBody, YearScheduleView } from './calendar.schemas.ts';
import { hoursText } from './calendar.service.ts';

registerMessages(calendarMessages);

const PUBLIC_PAGE = '/lich-nghi-le';
const ADMIN_PAGE = '/quan-tri/lich-nam';

const HoursView = Type.Object({
  opens: Type.String({ description: 'HH:MM' }),
  closes: Type.String({ description: 'HH:MM' }),
  lunchStart: Type.Union([Type.String(), Type.Null()], { description: 'HH:MM, null: no lunch break' }),
  lunchEnd: Type.Union([Type.String(), Type.Null()]),
  sameDayCutoff: Type.String({ description: 'HH:MM: same-day procedures received from this time are due the next working day' }),
});
const HoursBody = Type.Object(
  {
    opens: Type.String({ maxLength: 10 }),
    closes: Type.String({ maxLength: 10 }),
    lunchStart: Type.Optional(Type.Union([Type.String({ maxLength: 10 }), Type.Null()])),
    lunchEnd: Type.Optional(Type.Union([Type.String({ maxLength: 10 }), Type.Null()])),
    sameDayCutoff: Type.String({ maxLength: 10 }),
  },
  { additionalProperties: false },
);
const AgencyParams = Type.Object({ code: Type.String({ maxLength: 100 }) });

/** Rows of the public table: dd/mm/yyyy, weekday, name, kind. */
function rows(entries: readonly CalendarEntry[]) {
  return entries.map((e) => {
    const day = parseDate(e.date)!;
    return { iso: e.date, date: formatDay(day), weekday: weekdayOf(day), name: e.name, kind: e.kind, restDay: isRestDay(day) };
  });
}

function numberParam(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  return value.trim() === '' ? NaN : Number(value);
}

/** Schedule form errors: each problem named with its line in the textarea. */
function scheduleErrors(error: DomainError, request: FastifyRequest, lines: number[]): FormErrors {
  const errors = formErrors(error, request.locale)!;
  const summary = errors.summary.map((item) => {
    const m = /^entries\.(\d+)\./.exec(item.field);
    const line = m ? lines[Number(m[1])] : undefined;
    return {
      field: 'schedule',
      href: '#schedule',
      message: line ? request.t('calendar.admin.line', { line, message: item.message }) : item.message,
    };
  });
  return { title: errors.title, summary, byField: { schedule: summary.map((s) => s.message).join(' ') } };
}

export const calendarModule: AppModule = {
  name: 'calendar',
  register(app: App, ctx: AppContext) {
    const calendar = ctx.services.calendar;

    const agencyId = async (code: string | undefined): Promise<string | null> => {
      if (!code) return null;
      const agency = await ctx.services.agencies.byCode(code.trim().toUpperCase());
      if (!agency) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/agency', code: 'NOT_FOUND' }]);
      return agency.id;
    };

    // JSON ----------------------------------------------------------------------

    app.get(
      '/api/calendar/holidays',
      {
        schema: {
          tags: ['calendar'],
          summary: 'Ngày nghỉ lễ, Tết, nghỉ bù và ngày làm bù của một năm (công khai)',
          querystring: YearQuery,
          response: { 200: HolidayList },
        },
      },
      async (request) => calendar.holidays(request.query.year),
    );

    app.get(
      '/api/calendar/due',
      {
        schema: {
          tags: ['calendar'],
          summary: 'Hạn giải quyết: thời điểm tiếp nhận + thời hạn theo ngày làm việc, nửa ngày hoặc giờ làm việc (công khai)',
          description:
            'Exactly one of workingDays, halfDays, workingHours. The day of receipt is not counted; a dossier received on a day off or after closing counts as received on the next working day; workingDays=0 is a same-day procedure (received from the cut-off, 15:00 by default, it is due the next working day). `due` is the end of working hours of the due day (17:00+07:00 by default) for days, the end of the half-day session for half-days, the exact instant for hours.',
          querystring: DueQuery,
          response: { 200: DueView },
        },
      },
      async (request) => {
        const q = request.query;
        const due = await calendar.due({
          from: q.from,
          workingDays: numberParam(q.workingDays),
          halfDays: numberParam(q.halfDays),
          workingHours: numberParam(q.workingHours),
          agencyId: await agencyId(q.agency),
        });
        return { due: isoDateTimeVietnam(due.at), dueDate: isoOfDay(due.day) };
      },
    );

    app.get(
      '/api/calendar/years/:year',
      {
        schema: {
          tags: ['calendar'],
          summary: 'Lịch nghỉ chính thức của một năm (các ngày khai báo thay mặc định) và lịch nghỉ kết quả (công khai)',
          params: YearParams,
          response: { 200: YearScheduleView },
        },
      },
      async (request) => {
        const year = request.params.year;
        return { year, entries: await calendar.yearSchedule(year), holidays: await calendar.holidays(year) };
      },
    );

    app.put(
      '/api/calendar/years/:year',
      {
        schema: {
          tags: ['calendar'],
          summary: 'Thay lịch nghỉ chính thức của một năm (quản trị viên cơ quan cấp cao nhất); danh sách rỗng: dùng lịch mặc định',
          security: [{ session: [], csrf: [] }],
          params: YearParams,
          body: YearScheduleBody,
          response: { 200: YearScheduleView },
        },
      },
      async (request) => {
        const year = request.params.year;
        const holidays = await calendar.setYearSchedule(request.actor, year, request.body.entries);
        return { year, entries: await calendar.yearSchedule(year), holidays };
      },
    );

    app.get(
      '/api/calendar/agencies/:code/hours',
      {
        schema: {
          tags: ['calendar'],
          summary: 'Giờ làm việc của cơ quan (mặc định 08:00–17:00, nghỉ trưa 12:00–13:00, chốt nhận trong ngày 15:00)',
          params: AgencyParams,
          response: { 200: HoursView },
        },
      },
      async (request) => {
        const agency = await ctx.services.agencies.byCode(request.params.code.trim().toUpperCase());
        if (!agency) throw new DomainError('NOT_FOUND');
        return hoursText(await calendar.workingHoursOf(agency.id));
      },
    );

    app.put(
      '/api/calendar/agencies/:code/hours',
      {
        schema: {
          tags: ['calendar'],
          summary: 'Đặt giờ làm việc của cơ quan (quản trị viên của cơ quan)',
          security: [{ session: [], csrf: [] }],
          params: AgencyParams,
          body: HoursBody,
          response: { 200: HoursView },
        },
      },
      async (request) => {
        const agency = await ctx.services.agencies.byCode(request.params.code.trim().toUpperCase());
        if (!agency) throw new DomainError('NOT_FOUND');
        return hoursText(await calendar.setWorkingHours(request.actor, agency.id, request.body));
      },
    );

    // Pages ---------------------------------------------------------------------

    app.get(PUBLIC_PAGE, { schema: { hide: true } }, async (request, reply) => {
      const given = (request.query as { nam?: string }).nam;
      const year = given === undefined || given === '' ? vietnamYear(Date.now()) : /^\d{1,4}$/.test(given) ? Number(given) : NaN;
      const entries = await calendar.holidays(year);
      const list = rows(entries);
      const offOnWorkdays = list.filter((r) => r.kind !== 'working_saturday' && !r.restDay).length;
      return reply.page('calendar-holidays.njk', {
        year,
        rows: list,
        offOnWorkdays,
        previousYear: year > MIN_YEAR ? year - 1 : null,
        nextYear: year < MAX_YEAR ? year + 1 : null,
      });
    });

    const adminPage = async (request: FastifyRequest, year: number) => {
      await calendar.requireScheduleAdmin(request.actor);
      const schedule = await calendar.yearSchedule(year);
      return { year, holidays: rows(await calendar.holidays(year)), values: { schedule: scheduleText(schedule) } };
    };

    app.get(`${ADMIN_PAGE}/:year`, { schema: { hide: true, params: YearParams } }, async (request, reply) => {
      const { year } = request.params as { year: number };
      const ok = (request.query as { ok?: string }).ok === '1';
      return reply.page('calendar-year-admin.njk', { ...(await adminPage(request, year)), ok });
    });

    app.post(`${ADMIN_PAGE}/:year`, { schema: { hide: true, params: YearParams } }, async (request, reply) => {
      const { year } = request.params as { year: number };
      const body = (request.body ?? {}) as Record<string, unknown>;
      const text = typeof body.schedule === 'string' ? body.schedule : '';
      const parsed = parseScheduleText(text);
      // Only a schedule that does not validate is shown again (422, each problem with its line).
      return formPage(request, reply, {
        act: async () => {
          await calendar.setYearSchedule(request.actor, year, parsed);
          return `${ADMIN_PAGE}/${year}?ok=1`;
        },
        pageError: (error) => error.code !== 'VALIDATION_FAILED',
        summary: (error) => scheduleErrors(error, request, parsed.map((p) => p.line)),
        rerender: async (errors) => {
          const data = await adminPage(request, year);
          return reply.page('calendar-year-admin.njk', { ...data, errors, values: { schedule: text } });
        },
      });
    });
  },
};
