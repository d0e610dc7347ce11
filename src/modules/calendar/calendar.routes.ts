// Working-day calendar over HTTP: holidays of a year and due dates (public JSON), the yearly official
// schedule (administration), agencies' working hours. The pages: calendar.pages.ts.
import { DomainError } from '../../core/errors.ts';
import { registerMessages } from '../../core/i18n.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import './calendar.errors.ts';
import { calendarMessages } from './calendar.messages.ts';
import { isoDateTimeVietnam, isoOfDay } from './calendar.rules.ts';
import { AgencyParams, DueQuery, DueView, HolidayList, HoursBody, HoursView, YearParams, YearQuery, YearScheduleBody, YearScheduleView } from './calendar.schemas.ts';
import { hoursText } from './calendar.service.ts';

registerMessages(calendarMessages);

function numberParam(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  return value.trim() === '' ? NaN : Number(value);
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
          operationId: 'listHolidays',
          tags: ['calendar'],
          summary: "List a year's holidays",
          description: 'Ngày nghỉ lễ, Tết, nghỉ bù và ngày làm bù của một năm (công khai)',
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
          operationId: 'computeDueDate',
          tags: ['calendar'],
          summary: 'Compute a due date in working time',
          description: 'Hạn giải quyết: thời điểm tiếp nhận + thời hạn theo ngày làm việc, nửa ngày hoặc giờ làm việc (công khai)\n\n' +
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
          operationId: 'getHolidayYear',
          tags: ['calendar'],
          summary: "Get a year's official holiday calendar",
          description: 'Lịch nghỉ chính thức của một năm (các ngày khai báo thay mặc định) và lịch nghỉ kết quả (công khai)',
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
          operationId: 'replaceHolidayYear',
          tags: ['calendar'],
          summary: "Replace a year's official holiday calendar",
          description: 'Thay lịch nghỉ chính thức của một năm (quản trị viên cơ quan cấp cao nhất); danh sách rỗng: dùng lịch mặc định',
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
          operationId: 'getWorkingHours',
          tags: ['calendar'],
          summary: "Get an agency's working hours",
          description: 'Giờ làm việc của cơ quan (mặc định 08:00–17:00, nghỉ trưa 12:00–13:00, chốt nhận trong ngày 15:00)',
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
          operationId: 'setWorkingHours',
          tags: ['calendar'],
          summary: "Set an agency's working hours",
          description: 'Đặt giờ làm việc của cơ quan (quản trị viên của cơ quan)',
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
  },
};
