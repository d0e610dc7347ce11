import { Type, type Static } from 'typebox';
import { HOLIDAY_KINDS, MAX_SCHEDULE_ENTRIES, MAX_YEAR, MIN_YEAR, SCHEDULE_KINDS } from './calendar.rules.ts';

export const YearQuery = Type.Object({
  year: Type.Integer({ minimum: MIN_YEAR, maximum: MAX_YEAR, description: `Solar year, ${MIN_YEAR}–${MAX_YEAR}` }),
});

export const YearParams = Type.Object({
  year: Type.Integer({ minimum: MIN_YEAR, maximum: MAX_YEAR }),
});

export const HolidayView = Type.Object({
  date: Type.String({ format: 'date', description: 'yyyy-mm-dd' }),
  name: Type.String({ description: 'Vietnamese name' }),
  kind: Type.Enum([...HOLIDAY_KINDS], {
    description: 'holiday (public holiday), tet (Tết Nguyên Đán), compensatory (nghỉ bù), extra_day_off (extra day off of the year), working_saturday (a Saturday or Sunday worked: làm bù)',
  }),
});

export const HolidayList = Type.Array(HolidayView, {
  description: 'Days off of the year (computed defaults with the official schedule of the year on top) and swapped working days, by date',
});

// Values are checked by the service, so that the HTTP answer names the same problems as the pure rules.
export const DueQuery = Type.Object({
  from: Type.String({ maxLength: 40, description: 'Receipt instant, ISO 8601 date-time with offset, e.g. 2026-02-13T10:00:00+07:00' }),
  workingDays: Type.Optional(Type.String({ maxLength: 10, description: 'Time limit in working days (integer ≥ 0; 0 = same-day procedure)' })),
  halfDays: Type.Optional(Type.String({ maxLength: 10, description: 'Time limit in half-days (integer ≥ 0)' })),
  workingHours: Type.Optional(Type.String({ maxLength: 10, description: 'Time limit in working hours (≥ 0, decimals allowed)' })),
  agency: Type.Optional(Type.String({ maxLength: 100, description: 'e-ID of the agency whose working hours apply (default 08:00–17:00)' })),
});

export const DueView = Type.Object({
  due: Type.String({
    description: 'Due instant in +07:00: the end of working hours of the due day (limits in days), the end of the half-day session (half-days), the exact instant (hours)',
  }),
  dueDate: Type.String({ format: 'date', description: 'Due day, yyyy-mm-dd (Vietnam time)' }),
});

export const ScheduleEntryBody = Type.Object(
  {
    date: Type.String({ maxLength: 20, description: 'yyyy-mm-dd or dd/mm/yyyy' }),
    to: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Null()], { description: 'Last day of a range (inclusive)' })),
    kind: Type.String({ maxLength: 40, description: `One of: ${SCHEDULE_KINDS.join(', ')} (working_day: a default day off that is worked this year)` }),
    name: Type.Optional(Type.Union([Type.String({ maxLength: 1000 }), Type.Null()])),
  },
  { additionalProperties: false },
);

export const YearScheduleBody = Type.Object(
  { entries: Type.Array(ScheduleEntryBody, { maxItems: MAX_SCHEDULE_ENTRIES }) },
  { additionalProperties: false },
);
export type YearScheduleBody = Static<typeof YearScheduleBody>;

export const YearScheduleView = Type.Object({
  year: Type.Integer(),
  entries: Type.Array(
    Type.Object({ date: Type.String({ format: 'date' }), kind: Type.Enum([...SCHEDULE_KINDS]), name: Type.String() }),
    { description: 'The official schedule of the year (the overrides)' },
  ),
  holidays: HolidayList,
});

// Working hours of an agency ---------------------------------------------------------

export const HoursView = Type.Object({
  opens: Type.String({ description: 'HH:MM' }),
  closes: Type.String({ description: 'HH:MM' }),
  lunchStart: Type.Union([Type.String(), Type.Null()], { description: 'HH:MM, null: no lunch break' }),
  lunchEnd: Type.Union([Type.String(), Type.Null()]),
  sameDayCutoff: Type.String({ description: 'HH:MM: same-day procedures received from this time are due the next working day' }),
});
export type HoursViewT = Static<typeof HoursView>;
export const HoursBody = Type.Object(
  {
    opens: Type.String({ maxLength: 10 }),
    closes: Type.String({ maxLength: 10 }),
    lunchStart: Type.Optional(Type.Union([Type.String({ maxLength: 10 }), Type.Null()])),
    lunchEnd: Type.Optional(Type.Union([Type.String({ maxLength: 10 }), Type.Null()])),
    sameDayCutoff: Type.String({ maxLength: 10 }),
  },
  { additionalProperties: false },
);
export type HoursBodyT = Static<typeof HoursBody>;
export const AgencyParams = Type.Object({ code: Type.String({ maxLength: 100 }) });

// Pages -----------------------------------------------------------------------------

/** The public holidays page: ?nam=yyyy (checked by the service, so that a bad year is the page's 422). */
export const PublicYearQuery = Type.Object({ nam: Type.Optional(Type.String({ maxLength: 10 })) });

/** ?ok=1 after a saved form. */
export const OkQuery = Type.Object({ ok: Type.Optional(Type.String({ maxLength: 20 })) });
