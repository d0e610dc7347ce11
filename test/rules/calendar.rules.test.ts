import { vietnamDayNumber } from '../../src/core/time.ts';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addHalfDays,
  addWorkingDays,
  addWorkingHours,
  DEFAULT_HOLIDAY_RULES,
  DEFAULT_WORKING_HOURS,
  defaultHolidays,
  isoDateTimeVietnam,
  isoOfDay,
  isWorkingDay,
  mergeSchedule,
  parseDate,
  readScheduleRows,
  parseWorkingHours,
  scheduleRows,
  validateYearSchedule,
  weekdayOf,
  WorkingCalendar,
  workingMsBetween,
  yearsSpanned,
  type Pause,
  type ScheduleEntry,
  type WorkingHours,
} from '../../src/modules/calendar/calendar.rules.ts';

const at = (local: string) => Date.parse(`${local}+07:00`);
const day = (iso: string) => parseDate(iso)!;
const show = (ms: number) => isoDateTimeVietnam(ms).replace('+07:00', '');
const offDays = (year: number, calendar = new WorkingCalendar()) =>
  calendar.entries(year).filter((e) => e.kind !== 'working_saturday').map((e) => `${e.date} ${e.kind}`);

describe('default public holidays (Labour Code 2019, art. 112)', () => {
  const tables: Array<[string, number, string[]]> = [
    ['Tết 2026 (lunar new year 17/2/2026): 29 tháng Chạp to mùng 4, all weekdays', 2026, [
      '2026-02-16 tet', '2026-02-17 tet', '2026-02-18 tet', '2026-02-19 tet', '2026-02-20 tet',
    ]],
    ['Tết 2027 (6/2/2027) spans a weekend: two compensatory days after it', 2027, [
      '2027-02-05 tet', '2027-02-06 tet', '2027-02-07 tet', '2027-02-08 tet', '2027-02-09 tet',
      '2027-02-10 compensatory', '2027-02-11 compensatory',
    ]],
    ['Hùng Kings 2026 (26/4/2026) on a Sunday: compensatory Monday 27/4', 2026, [
      '2026-04-26 holiday', '2026-04-27 compensatory', '2026-04-30 holiday', '2026-05-01 holiday',
    ]],
    ['2023: 1/1 on a Sunday → Monday 2/1; Hùng Kings Sat 29/4 + 30/4 Sun → 2/5 and 3/5', 2023, [
      '2023-01-01 holiday', '2023-01-02 compensatory', '2023-04-29 holiday', '2023-04-30 holiday', '2023-05-01 holiday',
      '2023-05-02 compensatory', '2023-05-03 compensatory',
    ]],
  ];
  for (const [title, year, expected] of tables) {
    it(title, () => {
      const all = offDays(year);
      for (const entry of expected) assert.ok(all.includes(entry), `${entry} in ${all.join(', ')}`);
    });
  }

  const nationalDay: Array<[number, string[]]> = [
    [2023, ['2023-09-01 holiday', '2023-09-02 holiday', '2023-09-04 compensatory']], // 2/9 Saturday: 1/9 Friday
    [2024, ['2024-09-02 holiday', '2024-09-03 holiday']], // 2/9 Monday: 1/9 is a Sunday → 3/9
    [2025, ['2025-09-01 holiday', '2025-09-02 holiday']], // 2/9 Tuesday: 1/9 Monday
    [2026, ['2026-09-01 holiday', '2026-09-02 holiday']], // 2/9 Wednesday: 1/9 Tuesday
    [2029, ['2029-09-02 holiday', '2029-09-03 holiday', '2029-09-04 compensatory']], // 2/9 Sunday: 3/9 + compensatory
  ];
  for (const [year, expected] of nationalDay) {
    it(`2/9 with its adjacent day in ${year}`, () => {
      assert.deepEqual(offDays(year).filter((e) => e.slice(5, 7) === '09'), expected);
    });
  }

  it('has eleven days off by law every year, plus compensatory days for those on a weekend', () => {
    for (const year of [1900, 1985, 2000, 2024, 2025, 2026, 2027, 2050, 2100]) {
      const entries = defaultHolidays(year);
      const base = entries.filter((e) => e.kind !== 'compensatory');
      assert.equal(base.length, 11, `${year}: ${base.map((e) => e.date).join(', ')}`);
      const onWeekend = base.filter((e) => [0, 6].includes(weekdayOf(day(e.date)))).length;
      assert.equal(entries.length - base.length, onWeekend, `${year}: compensatory days`);
      for (const c of entries.filter((e) => e.kind === 'compensatory')) assert.ok(![0, 6].includes(weekdayOf(day(c.date))), c.date);
      assert.equal(new Set(entries.map((e) => e.date)).size, entries.length, `${year}: no date twice`);
      assert.ok(entries.every((e, i) => i === 0 || entries[i - 1]!.date < e.date), `${year}: sorted`);
    }
  });

  it('covers the boundaries: Tết 1900 (31/1/1900) and Tết 2100 (9/2/2100)', () => {
    assert.ok(offDays(1900).includes('1900-01-31 tet'));
    assert.ok(offDays(1900).includes('1900-01-30 tet'));
    assert.ok(offDays(2100).includes('2100-02-09 tet'));
    const calendar = new WorkingCalendar();
    assert.equal(calendar.isWorkingDay(day('2100-02-09')), false);
    // Outside 1900–2100 only the weekly rest days are known.
    assert.equal(calendar.isWorkingDay(day('2101-01-03')), true); // Monday
    assert.equal(calendar.isWorkingDay(day('2101-01-01')), false); // Saturday
    assert.equal(calendar.isWorkingDay(day('1899-12-31')), false); // Sunday
  });

  it('keeps the rule as data: the adjacent day of 2/9 and compensatory days can change', () => {
    const rules = { ...DEFAULT_HOLIDAY_RULES, nationalDay: { ...DEFAULT_HOLIDAY_RULES.nationalDay, adjacent: 'after' as const }, compensatory: false };
    const dates = defaultHolidays(2025, rules).map((e) => e.date);
    assert.ok(dates.includes('2025-09-03') && !dates.includes('2025-09-01'));
    assert.ok(!defaultHolidays(2027, rules).some((e) => e.kind === 'compensatory'));
  });

  it('names the days in Vietnamese', () => {
    const byDate = new Map(defaultHolidays(2026).map((e) => [e.date, e.name]));
    assert.equal(byDate.get('2026-02-17'), 'Tết Nguyên Đán (mùng 1 tháng Giêng)');
    assert.equal(byDate.get('2026-02-16'), 'Tết Nguyên Đán (29 tháng Chạp)');
    assert.equal(byDate.get('2026-04-27'), 'Nghỉ bù Giỗ Tổ Hùng Vương (26/04)');
  });
});

describe('the official schedule on top of the defaults', () => {
  const schedule2027: ScheduleEntry[] = [
    { date: '2027-02-04', kind: 'tet', name: 'Tết Nguyên Đán (28 tháng Chạp)' },
    { date: '2027-02-11', kind: 'working_day', name: '' },
    { date: '2027-02-20', kind: 'working_saturday', name: 'Làm bù cho ngày 12/02' },
    { date: '2027-02-12', kind: 'extra_day_off', name: 'Nghỉ thêm dịp Tết' },
  ];
  const calendar = new WorkingCalendar(new Map([[2027, schedule2027]]));

  it('replaces the defaults date by date', () => {
    const entries = calendar.entries(2027).filter((e) => e.date.startsWith('2027-02'));
    assert.deepEqual(entries.map((e) => `${e.date} ${e.kind}`), [
      '2027-02-04 tet', '2027-02-05 tet', '2027-02-06 tet', '2027-02-07 tet', '2027-02-08 tet', '2027-02-09 tet',
      '2027-02-10 compensatory', '2027-02-12 extra_day_off', '2027-02-20 working_saturday',
    ]);
  });

  const cases: Array<[string, boolean]> = [
    ['2027-02-03', true],
    ['2027-02-04', false], // added Tết day
    ['2027-02-11', true], // default compensatory day cancelled
    ['2027-02-12', false], // extra day off
    ['2027-02-13', false], // Saturday
    ['2027-02-20', true], // swapped working Saturday
    ['2027-02-21', false], // Sunday
  ];
  for (const [date, working] of cases) {
    it(`${date} is ${working ? 'a working day' : 'a day off'}`, () => assert.equal(isWorkingDay(day(date), calendar), working));
  }

  it('leaves other years to the defaults', () => {
    assert.equal(calendar.isWorkingDay(day('2026-02-17')), false);
    assert.equal(calendar.isWorkingDay(day('2028-02-21')), true);
  });

  it('merges as a pure function', () => {
    const merged = mergeSchedule(defaultHolidays(2025), [{ date: '2025-09-01', kind: 'working_day', name: '' }, { date: '2025-09-03', kind: 'holiday', name: 'Quốc khánh — ngày liền kề' }]);
    const september = merged.filter((e) => e.date.startsWith('2025-09')).map((e) => e.date);
    assert.deepEqual(september, ['2025-09-02', '2025-09-03']);
  });
});

describe('due dates in working days', () => {
  const calendar = new WorkingCalendar();
  const cases: Array<[string, string, number, string]> = [
    ['the day of receipt is not counted', '2026-11-16T09:00:00', 1, '2026-11-17'],
    ['a week of working days', '2026-11-16T09:00:00', 5, '2026-11-23'],
    ['received Friday 16:00, 1-day limit → Monday', '2026-11-20T16:00:00', 1, '2026-11-23'],
    ['received Friday 17:30 (after closing) → counted from Monday → Tuesday', '2026-11-20T17:30:00', 1, '2026-11-24'],
    ['received on Saturday → counted from Monday → Tuesday', '2026-11-21T10:00:00', 1, '2026-11-24'],
    ['received on Sunday, 3 days', '2026-11-22T10:00:00', 3, '2026-11-26'],
    ['a deadline crossing Tết 2026', '2026-02-13T10:00:00', 3, '2026-02-25'],
    ['received during Tết 2026 → counted from the first working day after it', '2026-02-18T10:00:00', 1, '2026-02-24'],
    ['Tết 2027 with compensatory days', '2027-02-04T10:00:00', 2, '2027-02-15'],
    ['crossing 30/4 and 1/5 2026', '2026-04-29T09:00:00', 1, '2026-05-04'],
    ['crossing Hùng Kings 2026 and its compensatory Monday', '2026-04-24T09:00:00', 1, '2026-04-28'],
    ['crossing the new year', '2026-12-30T09:00:00', 2, '2027-01-04'],
    ['same-day procedure received 14:59 → today', '2026-11-16T14:59:00', 0, '2026-11-16'],
    ['same-day procedure received at 15:00 → next working day', '2026-11-16T15:00:00', 0, '2026-11-17'],
    ['same-day procedure received Friday 15:30 → Monday', '2026-11-20T15:30:00', 0, '2026-11-23'],
    ['same-day procedure received on Saturday → Monday', '2026-11-21T09:00:00', 0, '2026-11-23'],
    ['same-day procedure received before opening → today', '2026-11-16T07:00:00', 0, '2026-11-16'],
    ['a long limit (60 working days) across 2/9 2026', '2026-08-03T09:00:00', 60, '2026-10-28'],
  ];
  for (const [title, received, n, expected] of cases) {
    it(`${title}: ${received} + ${n} → ${expected}`, () => {
      const due = addWorkingDays(at(received), n, calendar);
      assert.equal(isoOfDay(due.day), expected);
      assert.equal(show(due.at), `${expected}T17:00:00`);
      assert.ok(calendar.isWorkingDay(due.day), 'a due day is a working day');
    });
  }

  it('uses the agency cut-off and closing time', () => {
    const hours: WorkingHours = { ...DEFAULT_WORKING_HOURS, closes: 16 * 60 + 30, sameDayCutoff: 16 * 60 };
    assert.equal(isoOfDay(addWorkingDays(at('2026-11-16T15:30:00'), 0, calendar, hours).day), '2026-11-16');
    assert.equal(isoOfDay(addWorkingDays(at('2026-11-16T16:00:00'), 0, calendar, hours).day), '2026-11-17');
    assert.equal(isoOfDay(addWorkingDays(at('2026-11-16T16:45:00'), 1, calendar, hours).day), '2026-11-18');
    assert.equal(show(addWorkingDays(at('2026-11-16T09:00:00'), 1, calendar, hours).at), '2026-11-17T16:30:00');
  });

  it('converts instants with the fixed +07:00 offset', () => {
    assert.equal(vietnamDayNumber(Date.parse('2026-11-20T16:59:59Z')), day('2026-11-20'));
    assert.equal(vietnamDayNumber(Date.parse('2026-11-20T17:00:00Z')), day('2026-11-21'));
    // 16:00 UTC Friday is 23:00 in Vietnam: after closing → counted from Monday.
    assert.equal(isoOfDay(addWorkingDays(Date.parse('2026-11-20T16:00:00Z'), 1, calendar).day), '2026-11-24');
  });
});

describe('pauses (waiting on the applicant)', () => {
  const calendar = new WorkingCalendar();
  const received = at('2026-11-16T09:00:00'); // Monday; 10 working days → Monday 30/11
  const pause = (from: string, to: string): Pause => ({ from: at(from), to: at(to) });
  const cases: Array<[string, Pause[], string]> = [
    ['no pause', [], '2026-11-30'],
    ['a pause Friday → Monday adds only Monday', [pause('2026-11-20T10:00:00', '2026-11-23T10:00:00')], '2026-12-01'],
    ['a pause within one day adds nothing', [pause('2026-11-17T09:00:00', '2026-11-17T16:00:00')], '2026-11-30'],
    ['a pause Tuesday → Thursday adds two days', [pause('2026-11-17T09:00:00', '2026-11-19T09:00:00')], '2026-12-02'],
    ['two pauses add up', [pause('2026-11-17T09:00:00', '2026-11-18T09:00:00'), pause('2026-11-20T10:00:00', '2026-11-23T10:00:00')], '2026-12-02'],
    ['overlapping pauses count once', [pause('2026-11-17T09:00:00', '2026-11-19T09:00:00'), pause('2026-11-18T09:00:00', '2026-11-19T08:00:00')], '2026-12-02'],
    ['a pause after the due date does not extend it', [pause('2026-12-01T09:00:00', '2026-12-03T09:00:00')], '2026-11-30'],
  ];
  for (const [title, pauses, expected] of cases) {
    it(title, () => assert.equal(isoOfDay(addWorkingDays(received, 10, calendar, DEFAULT_WORKING_HOURS, pauses).day), expected));
  }

  it('in hours: a pause Friday 10:00 → Monday 10:00 adds 8 working hours (one working day)', () => {
    const pauses = [pause('2026-11-20T10:00:00', '2026-11-23T10:00:00')];
    assert.equal(workingMsBetween(pauses[0]!.from, pauses[0]!.to, calendar), 8 * 3600_000);
    const plain = addWorkingHours(at('2026-11-20T09:00:00'), 4, calendar);
    assert.equal(show(plain.at), '2026-11-20T14:00:00');
    assert.equal(show(addWorkingHours(at('2026-11-20T09:00:00'), 4, calendar, DEFAULT_WORKING_HOURS, pauses).at), '2026-11-23T14:00:00');
  });

  it('in half-days: a pause Friday morning → Monday afternoon adds three sessions, none of the weekend', () => {
    const pauses = [pause('2026-11-20T10:00:00', '2026-11-23T14:00:00')];
    // Received Friday 09:00 (morning session, not counted); 2 half-days → Monday 12:00.
    // The pause covers Friday afternoon, Monday morning and Monday afternoon → Tuesday 17:00.
    assert.equal(show(addHalfDays(at('2026-11-20T09:00:00'), 2, calendar).at), '2026-11-23T12:00:00');
    assert.equal(show(addHalfDays(at('2026-11-20T09:00:00'), 2, calendar, DEFAULT_WORKING_HOURS, pauses).at), '2026-11-24T17:00:00');
  });
});

describe('due dates in working hours and half-days', () => {
  const calendar = new WorkingCalendar();
  const noLunch: WorkingHours = { ...DEFAULT_WORKING_HOURS, lunchStart: null, lunchEnd: null };
  const hoursCases: Array<[string, string, number, string, WorkingHours?]> = [
    ['within the morning', '2026-11-16T08:30:00', 2, '2026-11-16T10:30:00'],
    ['ending exactly at the lunch break', '2026-11-16T10:00:00', 2, '2026-11-16T12:00:00'],
    ['crossing the lunch break', '2026-11-16T11:00:00', 2, '2026-11-16T14:00:00'],
    ['received during lunch', '2026-11-16T12:30:00', 1, '2026-11-16T14:00:00'],
    ['received before opening', '2026-11-16T07:00:00', 1, '2026-11-16T09:00:00'],
    ['crossing the end of the day', '2026-11-16T16:00:00', 3, '2026-11-17T10:00:00'],
    ['received after closing', '2026-11-16T18:00:00', 0.5, '2026-11-17T08:30:00'],
    ['crossing the weekend', '2026-11-20T16:30:00', 1, '2026-11-23T08:30:00'],
    ['received on Sunday', '2026-11-22T10:00:00', 8, '2026-11-23T17:00:00'],
    ['several days (24 h = 3 working days)', '2026-11-16T08:00:00', 24, '2026-11-18T17:00:00'],
    ['crossing Tết 2026 (2 h on Friday, 2 h after Tết)', '2026-02-13T15:00:00', 4, '2026-02-23T10:00:00'],
    ['without a lunch break', '2026-11-16T11:00:00', 2, '2026-11-16T13:00:00', noLunch],
    ['zero hours on a working moment', '2026-11-16T10:15:00', 0, '2026-11-16T10:15:00'],
  ];
  for (const [title, received, h, expected, hours] of hoursCases) {
    it(`${title}: ${received} + ${h} h → ${expected}`, () => {
      assert.equal(show(addWorkingHours(at(received), h, calendar, hours ?? DEFAULT_WORKING_HOURS).at), expected);
    });
  }

  const halfCases: Array<[string, string, number, string]> = [
    ['received in the morning, 1 half-day → end of the afternoon', '2026-11-16T10:00:00', 1, '2026-11-16T17:00:00'],
    ['received in the afternoon, 1 half-day → next morning', '2026-11-16T14:00:00', 1, '2026-11-17T12:00:00'],
    ['received on Saturday, 1 half-day → Monday afternoon', '2026-11-21T10:00:00', 1, '2026-11-23T17:00:00'],
    ['received Friday afternoon, 3 half-days', '2026-11-20T14:00:00', 3, '2026-11-24T12:00:00'],
  ];
  for (const [title, received, n, expected] of halfCases) {
    it(`${title}`, () => assert.equal(show(addHalfDays(at(received), n, calendar).at), expected));
  }
});

describe('validation of a year schedule', () => {
  const codes = (year: number, input: Parameters<typeof validateYearSchedule>[1]) =>
    validateYearSchedule(year, input).errors.map((e) => `${e.path}:${e.code}`);

  it('accepts a valid schedule, expands ranges and sorts', () => {
    const { entries, errors } = validateYearSchedule(2027, [
      { date: '12/02/2027', kind: 'extra_day_off', name: ' Nghỉ   thêm ' },
      { date: '2027-02-01', to: '2027-02-03', kind: 'extra_day_off', name: 'Nghỉ thêm' },
      { date: '20/2/2027', kind: 'working_saturday' },
      { date: '2027-02-11', kind: 'working_day', name: null },
    ]);
    assert.deepEqual(errors, []);
    assert.deepEqual(entries.map((e) => `${e.date} ${e.kind} ${e.name}`), [
      '2027-02-01 extra_day_off Nghỉ thêm', '2027-02-02 extra_day_off Nghỉ thêm', '2027-02-03 extra_day_off Nghỉ thêm',
      '2027-02-11 working_day Đi làm (không nghỉ theo mặc định)', '2027-02-12 extra_day_off Nghỉ thêm', '2027-02-20 working_saturday Làm bù',
    ]);
  });

  const bad: Array<[string, Parameters<typeof validateYearSchedule>[1], string[]]> = [
    ['an impossible date (31/2)', [{ date: '31/02/2026', kind: 'holiday', name: 'X' }], ['/entries/0/date:CALENDAR_DATE_INVALID']],
    ['a malformed date', [{ date: '2026-2-3', kind: 'holiday', name: 'X' }], ['/entries/0/date:CALENDAR_DATE_INVALID']],
    ['29/2 of a common year', [{ date: '29/02/2026', kind: 'holiday', name: 'X' }], ['/entries/0/date:CALENDAR_DATE_INVALID']],
    ['a date outside the year', [{ date: '2027-01-04', kind: 'holiday', name: 'X' }], ['/entries/0/date:CALENDAR_DATE_OUTSIDE_YEAR']],
    ['the same date twice with conflicting kinds', [
      { date: '2026-03-02', kind: 'extra_day_off', name: 'X' },
      { date: '02/03/2026', kind: 'working_day' },
    ], ['/entries/1/date:CALENDAR_DATE_DUPLICATE']],
    ['overlapping ranges', [
      { date: '2026-02-09', to: '2026-02-13', kind: 'extra_day_off', name: 'X' },
      { date: '2026-02-12', to: '2026-02-20', kind: 'tet', name: 'Tết' },
    ], ['/entries/1/date:CALENDAR_DATE_OVERLAP']],
    ['a reversed range', [{ date: '2026-02-13', to: '2026-02-09', kind: 'extra_day_off', name: 'X' }], ['/entries/0/to:CALENDAR_RANGE_REVERSED']],
    ['an unknown kind and a missing name', [{ date: '2026-03-02', kind: 'vacation', name: '' }, { date: '2026-03-03', kind: 'holiday', name: ' ' }], [
      '/entries/0/kind:CALENDAR_KIND_INVALID', '/entries/1/name:required',
    ]],
    ['a working Saturday on a weekday', [{ date: '2026-03-04', kind: 'working_saturday' }], ['/entries/0/date:CALENDAR_NOT_REST_DAY']],
    ['a working day that is not a default day off', [{ date: '2026-03-04', kind: 'working_day' }], ['/entries/0/date:CALENDAR_NOT_DEFAULT_DAY_OFF']],
    ['an extra day off on a Sunday', [{ date: '2026-03-01', kind: 'extra_day_off', name: 'X' }], ['/entries/0/date:CALENDAR_ALREADY_REST_DAY']],
    ['a name too long', [{ date: '2026-03-02', kind: 'holiday', name: 'x'.repeat(201) }], ['/entries/0/name:CALENDAR_NAME_TOO_LONG']],
  ];
  for (const [title, input, expected] of bad) {
    it(`rejects ${title}`, () => {
      assert.deepEqual(codes(2026, input).sort(), expected.sort());
      assert.deepEqual(validateYearSchedule(2026, input).entries, []);
    });
  }

  it('skips the weekly rest days inside a range of extra days off, not inside a Tết range', () => {
    const { entries, errors } = validateYearSchedule(2026, [
      { date: '2026-02-12', to: '2026-02-24', kind: 'extra_day_off', name: 'Nghỉ thêm' }, // Thu 12/2 → Tue 24/2
    ]);
    assert.deepEqual(errors, []);
    assert.equal(entries.length, 9);
    assert.ok(!entries.some((e) => e.date === '2026-02-14' || e.date === '2026-02-15'));
    const tet = validateYearSchedule(2026, [{ date: '2026-02-14', to: '2026-02-22', kind: 'tet', name: 'Tết Bính Ngọ' }]);
    assert.equal(tet.entries.length, 9);
  });

  it('names the line of the other entry in an overlap (the text line when given)', () => {
    const { errors } = validateYearSchedule(2026, [
      { date: '2026-02-09', to: '2026-02-13', kind: 'extra_day_off', name: 'A', line: 4 },
      { date: '2026-02-11', kind: 'holiday', name: 'B', line: 7 },
    ]);
    assert.deepEqual(errors, [{ path: '/entries/1/date', code: 'CALENDAR_DATE_OVERLAP', params: { date: '11/02/2026', line: 4 } }]);
  });

  it('reports every problem at once', () => {
    const errors = codes(2026, [
      { date: '31/02/2026', kind: 'holiday', name: 'A' },
      { date: '2025-12-31', kind: 'holiday', name: 'B' },
      { date: '2026-03-02', kind: 'nope', name: 'C' },
    ]);
    assert.equal(errors.length, 3);
  });

  it('rejects a year outside 1900–2100', () => {
    assert.deepEqual(codes(1899, []), ['/year:CALENDAR_YEAR_RANGE']);
    assert.deepEqual(codes(2101, []), ['/year:CALENDAR_YEAR_RANGE']);
    assert.deepEqual(codes(2100, []), []);
  });

  it('reads the editor rows: blank and removed rows skipped, row numbers kept for messages; saved days come back as ranges', () => {
    const { rows, inputs } = readScheduleRows({
      'entries.0.date': '04/02/2027', 'entries.0.kind': 'tet', 'entries.0.name': ' Tết Nguyên Đán ',
      'entries.1.date': '', 'entries.1.kind': 'holiday', 'entries.1.name': '',
      'entries.2.date': '01/02/2027', 'entries.2.to': '03/02/2027', 'entries.2.kind': 'extra_day_off', 'entries.2.name': 'Nghỉ thêm, dịp Tết',
      'entries.3.date': '09/09/2027', 'entries.3.kind': 'holiday', 'entries.3.name': 'Xóa đi', 'entries.3.remove': '1',
      'entries.10.date': '20/02/2027', 'entries.10.kind': 'working_saturday',
      'entries.999.date': '21/02/2027', 'entries.x.date': 'no', other: 'ignored',
    });
    assert.equal(rows.length, 4);
    assert.deepEqual(inputs, [
      { line: 1, date: '04/02/2027', to: null, kind: 'tet', name: 'Tết Nguyên Đán' },
      { line: 3, date: '01/02/2027', to: '03/02/2027', kind: 'extra_day_off', name: 'Nghỉ thêm, dịp Tết' },
      { line: 4, date: '20/02/2027', to: null, kind: 'working_saturday', name: '' },
    ]);
    const { entries, errors } = validateYearSchedule(2027, inputs);
    assert.deepEqual(errors, []);
    assert.deepEqual(scheduleRows(entries), [
      { date: '01/02/2027', to: '03/02/2027', kind: 'extra_day_off', name: 'Nghỉ thêm, dịp Tết' },
      { date: '04/02/2027', to: '', kind: 'tet', name: 'Tết Nguyên Đán' },
      { date: '20/02/2027', to: '', kind: 'working_saturday', name: 'Làm bù' },
    ]);
  });
});

describe('working hours settings', () => {
  it('parses valid hours', () => {
    const { hours, errors } = parseWorkingHours({ opens: '07:30', closes: '16:30', lunchStart: '11:30', lunchEnd: '13:00', sameDayCutoff: '15:00' });
    assert.deepEqual(errors, []);
    assert.deepEqual(hours, { opens: 450, closes: 990, lunchStart: 690, lunchEnd: 780, sameDayCutoff: 900 });
    assert.deepEqual(parseWorkingHours({ opens: '08:00', closes: '17:00', lunchStart: '', lunchEnd: null, sameDayCutoff: '15:00' }).hours?.lunchStart, null);
  });
  const bad: Array<[string, Parameters<typeof parseWorkingHours>[0], string[]]> = [
    ['bad times', { opens: '8h', closes: '25:00', sameDayCutoff: '15:00' }, ['/opens:CALENDAR_TIME_INVALID', '/closes:CALENDAR_TIME_INVALID']],
    ['closing before opening', { opens: '17:00', closes: '08:00', sameDayCutoff: '15:00' }, ['/closes:CALENDAR_HOURS_ORDER', '/sameDayCutoff:CALENDAR_CUTOFF_OUTSIDE']],
    ['half a lunch break', { opens: '08:00', closes: '17:00', lunchStart: '12:00', sameDayCutoff: '15:00' }, ['/lunchEnd:CALENDAR_LUNCH_INCOMPLETE']],
    ['lunch outside the day', { opens: '08:00', closes: '17:00', lunchStart: '07:00', lunchEnd: '08:30', sameDayCutoff: '15:00' }, ['/lunchStart:CALENDAR_LUNCH_OUTSIDE']],
    ['cut-off after closing', { opens: '08:00', closes: '17:00', sameDayCutoff: '18:00' }, ['/sameDayCutoff:CALENDAR_CUTOFF_OUTSIDE']],
  ];
  for (const [title, input, expected] of bad) {
    it(`rejects ${title}`, () => assert.deepEqual(parseWorkingHours(input).errors.map((e) => `${e.path}:${e.code}`).sort(), expected.sort()));
  }
});

describe('helpers', () => {
  it('parses dates in both formats and refuses impossible ones', () => {
    assert.equal(isoOfDay(parseDate('2026-02-17')!), '2026-02-17');
    assert.equal(isoOfDay(parseDate('17/2/2026')!), '2026-02-17');
    assert.equal(parseDate('29/02/2100'), null); // 2100 is not a leap year
    assert.equal(isoOfDay(parseDate('29/02/2000')!), '2000-02-29');
    assert.equal(parseDate('2026-13-01'), null);
    assert.equal(parseDate('tomorrow'), null);
  });
  it('gives the years a computation may reach', () => {
    assert.deepEqual(yearsSpanned(2026, 10), [2025, 2026, 2027, 2028]);
    assert.deepEqual(yearsSpanned(2100, 10), [2099, 2100]);
  });
  it('formats instants in +07:00', () => {
    assert.equal(isoDateTimeVietnam(Date.parse('2026-02-13T03:04:05Z')), '2026-02-13T10:04:05+07:00');
    assert.equal(isoDateTimeVietnam(Date.parse('1900-01-01T00:00:00+07:00')), '1900-01-01T00:00:00+07:00');
  });
});
