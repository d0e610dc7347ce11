// The working-day calendar's pages: the public holidays of a year (/lich-nghi-le) and the administrator's page of a
// year's official schedule (/quan-tri/lich-nam/:year: an editor of rows — dates dd/mm/yyyy, a kind chosen from a list, a name —
// a form on `formPage`, each problem on its row's field).
import type { FastifyRequest } from 'fastify';
import { vietnamYear } from '../../core/time.ts';
import type { DomainError } from '../../core/errors.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { FormBody, formErrors, formPage, formText, type FormErrors } from '../../http/form-page.ts';
import { formatDay, isRestDay, MAX_YEAR, MIN_YEAR, parseDate, readScheduleRows, SCHEDULE_KINDS, scheduleRows, weekdayOf, type CalendarEntry, type ScheduleRow } from './calendar.rules.ts';
import { OkQuery, PublicYearQuery, YearParams } from './calendar.schemas.ts';

const PUBLIC_PAGE = '/lich-nghi-le';
const ADMIN_PAGE = '/quan-tri/lich-nam';

/** Rows of the public table: dd/mm/yyyy, weekday, name, kind. */
function rows(entries: readonly CalendarEntry[]) {
  return entries.map((e) => {
    const day = parseDate(e.date)!;
    return { iso: e.date, date: formatDay(day), weekday: weekdayOf(day), name: e.name, kind: e.kind, restDay: isRestDay(day) };
  });
}

/** Blank rows the editor offers for new entries (and adds on "Thêm dòng" without JavaScript). */
const BLANK_ROWS = 3;

function withBlankRows(rows: ScheduleRow[]): ScheduleRow[] {
  return [...rows, ...Array.from({ length: BLANK_ROWS }, () => ({ date: '', to: '', kind: 'holiday', name: '' }))];
}

/**
 * Schedule form errors: the rules report `/entries/{i}/field` for the i-th filled row; the form's fields are
 * `entries.{row}.field` (row numbers count the rows shown, blank ones included).
 */
function scheduleErrors(error: DomainError, request: FastifyRequest, lines: number[]): FormErrors {
  const errors = formErrors(error, request.locale)!;
  const summary = errors.summary.map((item) => {
    const m = /^entries\.(\d+)\.(date|to|kind|name)$/.exec(item.field);
    const line = m ? lines[Number(m[1])] : undefined;
    if (!m || line === undefined) return item;
    const field = `entries.${line - 1}.${m[2]}`;
    return { field, href: `#${field.replace(/\./g, '-')}`, message: item.message };
  });
  const byField: Record<string, string> = {};
  for (const item of summary) byField[item.field] ??= item.message;
  return { title: errors.title, summary, byField };
}

export const calendarPagesModule: AppModule = {
  name: 'calendar-pages',
  register(app: App, ctx: AppContext) {
    const calendar = ctx.services.calendar;

    app.get(PUBLIC_PAGE, { schema: { hide: true, querystring: PublicYearQuery } }, async (request, reply) => {
      const given = request.query.nam;
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
      return { year, holidays: rows(await calendar.holidays(year)), kinds: SCHEDULE_KINDS, scheduleRows: withBlankRows(scheduleRows(schedule)) };
    };

    // The menu links the current year; the bare address (typed, or an old bookmark) goes there too, not to a 404.
    app.get(ADMIN_PAGE, { schema: { hide: true } }, async (request, reply) => {
      await calendar.requireScheduleAdmin(request.actor);
      return reply.redirect(`${ADMIN_PAGE}/${vietnamYear(Date.now())}`, 303);
    });

    app.get(`${ADMIN_PAGE}/:year`, { schema: { hide: true, params: YearParams, querystring: OkQuery } }, async (request, reply) => {
      const { year } = request.params;
      const ok = request.query.ok === '1';
      return reply.page('calendar-year-admin.njk', { ...(await adminPage(request, year)), ok });
    });

    app.post(`${ADMIN_PAGE}/:year`, { schema: { hide: true, params: YearParams, body: FormBody } }, async (request, reply) => {
      const { year } = request.params;
      const { rows: sent, inputs } = readScheduleRows(request.body ?? {});
      // "Thêm dòng": the same rows and more blank ones, nothing saved (works without JavaScript).
      if (formText(request.body, 'action') === 'add') {
        const data = await adminPage(request, year);
        return reply.page('calendar-year-admin.njk', { ...data, scheduleRows: withBlankRows(sent) });
      }
      // Only a schedule that does not validate is shown again (422, each problem on its row's field).
      return formPage(request, reply, {
        act: async () => {
          await calendar.setYearSchedule(request.actor, year, inputs);
          return `${ADMIN_PAGE}/${year}?ok=1`;
        },
        pageError: (error) => error.code !== 'VALIDATION_FAILED',
        summary: (error) => scheduleErrors(error, request, inputs.map((p) => p.line)),
        rerender: async (errors) => {
          const data = await adminPage(request, year);
          return reply.page('calendar-year-admin.njk', { ...data, errors, scheduleRows: sent.length ? sent : data.scheduleRows });
        },
      });
    });
  },
};
