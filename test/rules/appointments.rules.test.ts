// Appointments (issue 20, part 3): slots around the lunch break, working days only (weekends, holidays, a working
// Saturday), the booking window and cut-off, the check-in window, cancellation, the booking code, the settings form.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { vietnamDayNumber, vietnamDayStart } from '../../src/core/time.ts';
import { DEFAULT_WORKING_HOURS, WorkingCalendar, type WorkingHours } from '../../src/modules/calendar/calendar.rules.ts';
import {
  bookableDays,
  cancelRefusal,
  checkContact,
  checkInRefusal,
  clock,
  codeFromBytes,
  CODE_ALPHABET,
  daySlots,
  displayCode,
  freeSlots,
  isNoShow,
  normaliseCode,
  parseSettings,
  slotAt,
  workingPeriods,
  type SlotSettings,
} from '../../src/modules/appointments/appointments.rules.ts';

const at = (text: string) => new Date(text).getTime();
const dayOf = (iso: string) => vietnamDayNumber(vietnamDayStart(iso));
const settings = (patch: Partial<SlotSettings> = {}): SlotSettings => ({ enabled: true, slotMinutes: 30, capacity: 2, daysAhead: 14, cutoffMinutes: 60, ...patch });
const calendar = new WorkingCalendar();
// Monday 7 December 2026 (Vietnam time); the clock stands at 07:00 that morning unless a case says otherwise.
const MONDAY = '2026-12-07';
const NOW = at('2026-12-07T07:00:00+07:00');

describe('appointments: slots of a day', () => {
  const hours = DEFAULT_WORKING_HOURS; // 08:00–17:00, lunch 12:00–13:00
  const cases: Array<[string, { hours?: WorkingHours; settings?: Partial<SlotSettings>; day?: string }, string[]]> = [
    ['30-minute slots skip the lunch break: 8 in the morning, 8 in the afternoon', {}, ['08:00', '08:30', '09:00', '09:30', '10:00', '10:30', '11:00', '11:30', '13:00', '13:30', '14:00', '14:30', '15:00', '15:30', '16:00', '16:30']],
    ['a 45-minute slot that would run into lunch is not offered (11:45 would end at 12:30)', { settings: { slotMinutes: 45 } }, ['08:00', '08:45', '09:30', '10:15', '11:00', '13:00', '13:45', '14:30', '15:15', '16:00']],
    ['90-minute slots restart after lunch at 13:00', { settings: { slotMinutes: 90 } }, ['08:00', '09:30', '13:00', '14:30']],
    ['no lunch break: slots run through noon', { hours: { ...hours, lunchStart: null, lunchEnd: null }, settings: { slotMinutes: 120 } }, ['08:00', '10:00', '12:00', '14:00']],
    ['an agency opening at 07:30 with lunch 11:30–13:30', { hours: { opens: 450, closes: 1020, lunchStart: 690, lunchEnd: 810, sameDayCutoff: 900 }, settings: { slotMinutes: 60 } }, ['07:30', '08:30', '09:30', '10:30', '13:30', '14:30', '15:30']],
    ['Saturday is a day off: no slots', { day: '2026-12-12' }, []],
    ['New Year’s Day (a holiday, Friday 1 January 2027): no slots', { day: '2027-01-01' }, []],
    ['booking disabled: no slots', { settings: { enabled: false } }, []],
  ];
  for (const [name, input, expected] of cases) {
    it(name, () => {
      const day = dayOf(input.day ?? MONDAY);
      const slots = daySlots({ day, working: calendar.isWorkingDay(day), hours: input.hours ?? hours, settings: settings(input.settings), now: NOW });
      assert.deepEqual(slots.map((s) => clock(s.start)), expected);
    });
  }

  it('the first slot of the day starts at 08:00 Vietnam time (01:00 UTC)', () => {
    const [first] = daySlots({ day: dayOf(MONDAY), working: true, hours, settings: settings(), now: NOW });
    assert.equal(new Date(first!.startsAt).toISOString(), '2026-12-07T01:00:00.000Z');
    assert.equal(new Date(first!.endsAt).toISOString(), '2026-12-07T01:30:00.000Z');
  });

  it('the lunch break is never inside a slot, whatever the length', () => {
    for (const slotMinutes of [5, 10, 15, 20, 25, 30, 45, 60, 90, 120, 240]) {
      for (const s of daySlots({ day: dayOf(MONDAY), working: true, hours, settings: settings({ slotMinutes }), now: NOW })) {
        assert.ok(s.end <= 720 || s.start >= 780, `${slotMinutes}: ${clock(s.start)}–${clock(s.end)}`);
        assert.ok(s.start >= 480 && s.end <= 1020);
      }
    }
  });

  it('working periods of odd hours', () => {
    assert.deepEqual(workingPeriods(DEFAULT_WORKING_HOURS), [[480, 720], [780, 1020]]);
    assert.deepEqual(workingPeriods({ ...DEFAULT_WORKING_HOURS, lunchStart: 1100, lunchEnd: 1200 }), [[480, 1020]]);
  });
});

describe('appointments: places left, the booking window and the cut-off', () => {
  const hours = DEFAULT_WORKING_HOURS;
  const day = dayOf(MONDAY);
  const cases: Array<[string, number, Partial<SlotSettings>, string, boolean]> = [
    // name, now, settings, slot (hh:mm on Monday), open?
    ['a slot later today, well before the cut-off', NOW, {}, '09:00', true],
    ['a slot exactly at the cut-off (60 minutes ahead) is still open', at('2026-12-07T08:00:00+07:00'), {}, '09:00', true],
    ['a slot one minute past the cut-off is closed', at('2026-12-07T08:01:00+07:00'), {}, '09:00', false],
    ['a slot already started is closed', at('2026-12-07T09:10:00+07:00'), { cutoffMinutes: 0 }, '09:00', false],
    ['a day beyond the horizon is closed (Monday seen from 14 days before, horizon 13)', NOW - 14 * 86_400_000, { daysAhead: 13 }, '09:00', false],
    ['a day exactly at the horizon is open', NOW - 14 * 86_400_000, { daysAhead: 14 }, '09:00', true],
    ['a cut-off of a whole day closes tomorrow morning’s slots tonight', at('2026-12-06T09:30:00+07:00'), { cutoffMinutes: 1440 }, '09:00', false],
  ];
  for (const [name, now, patch, time, open] of cases) {
    it(name, () => {
      const slot = daySlots({ day, working: true, hours, settings: settings(patch), now }).find((s) => clock(s.start) === time);
      assert.ok(slot);
      assert.equal(slot.open, open);
    });
  }

  it('free slots: only open slots with a place left; places left = capacity − booked', () => {
    const nine = at('2026-12-07T09:00:00+07:00');
    const nineThirty = at('2026-12-07T09:30:00+07:00');
    const free = freeSlots({ day, working: true, hours, settings: settings({ capacity: 2 }), now: NOW, booked: new Map([[nine, 2], [nineThirty, 1]]) });
    assert.ok(!free.some((s) => s.startsAt === nine), 'a full slot is not shown');
    assert.equal(free.find((s) => s.startsAt === nineThirty)?.left, 1);
  });

  it('slotAt finds a slot by its start, and nothing between slots', () => {
    const input = { working: true, hours, settings: settings(), now: NOW };
    assert.equal(clock(slotAt(input, at('2026-12-07T13:30:00+07:00'))!.start), '13:30');
    assert.equal(slotAt(input, at('2026-12-07T13:15:00+07:00')), undefined);
    assert.equal(slotAt(input, at('2026-12-07T12:00:00+07:00')), undefined);
  });

  it('bookable days skip weekends and holidays, and a working Saturday counts', () => {
    const swapped = new WorkingCalendar(new Map([[2026, [{ date: '2026-12-12', name: 'Làm bù', kind: 'working_saturday' }]]]));
    const days = bookableDays(NOW, 6, (d) => swapped.isWorkingDay(d)).map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10));
    assert.deepEqual(days, ['2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10', '2026-12-11', '2026-12-12']);
    const tet = bookableDays(at('2027-02-04T07:00:00+07:00'), 10, (d) => calendar.isWorkingDay(d)).map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10));
    assert.ok(!tet.includes('2027-02-08') && !tet.includes('2027-02-10'), `Tết days are not bookable: ${tet.join(', ')}`);
  });
});

describe('appointments: check-in window, cancellation, no-shows', () => {
  const start = at('2026-12-07T09:00:00+07:00');
  const cases: Array<[string, Parameters<typeof checkInRefusal>[0]['status'], string, ReturnType<typeof checkInRefusal>]> = [
    ['31 minutes early is too early', 'booked', '2026-12-07T08:29:00+07:00', 'APPOINTMENT_TOO_EARLY'],
    ['30 minutes early is welcome', 'booked', '2026-12-07T08:30:00+07:00', null],
    ['on time', 'booked', '2026-12-07T09:00:00+07:00', null],
    ['15 minutes late is still accepted', 'booked', '2026-12-07T09:15:00+07:00', null],
    ['16 minutes late is too late', 'booked', '2026-12-07T09:16:00+07:00', 'APPOINTMENT_TOO_LATE'],
    ['a cancelled appointment is refused', 'cancelled', '2026-12-07T09:00:00+07:00', 'APPOINTMENT_CANCELLED'],
    ['an appointment already used is refused', 'checked_in', '2026-12-07T09:00:00+07:00', 'APPOINTMENT_USED'],
    ['a no-show is too late', 'no_show', '2026-12-07T09:00:00+07:00', 'APPOINTMENT_TOO_LATE'],
  ];
  for (const [name, status, now, expected] of cases) {
    it(name, () => assert.equal(checkInRefusal({ status, startsAt: start }, at(now)), expected));
  }

  const cancel: Array<[string, Parameters<typeof cancelRefusal>[0]['status'], string, 'citizen' | 'officer', ReturnType<typeof cancelRefusal>]> = [
    ['the citizen before the cut-off', 'booked', '2026-12-07T07:59:00+07:00', 'citizen', null],
    ['the citizen after the cut-off', 'booked', '2026-12-07T08:01:00+07:00', 'citizen', 'APPOINTMENT_CUTOFF_PASSED'],
    ['an officer after the cut-off, before the start', 'booked', '2026-12-07T08:59:00+07:00', 'officer', null],
    ['an officer once it started', 'booked', '2026-12-07T09:00:00+07:00', 'officer', 'APPOINTMENT_NOT_CANCELLABLE'],
    ['an appointment already cancelled', 'cancelled', '2026-12-06T09:00:00+07:00', 'citizen', 'APPOINTMENT_NOT_CANCELLABLE'],
    ['an appointment checked in', 'checked_in', '2026-12-07T08:40:00+07:00', 'officer', 'APPOINTMENT_NOT_CANCELLABLE'],
  ];
  for (const [name, status, now, by, expected] of cancel) {
    it(`cancellation: ${name}`, () => assert.equal(cancelRefusal({ status, startsAt: start }, at(now), 60, by), expected));
  }

  it('a booked appointment of a past day is a no-show; today’s, or one checked in, is not', () => {
    assert.equal(isNoShow({ status: 'booked', day: '2026-12-06' }, '2026-12-07'), true);
    assert.equal(isNoShow({ status: 'booked', day: '2026-12-07' }, '2026-12-07'), false);
    assert.equal(isNoShow({ status: 'checked_in', day: '2026-12-06' }, '2026-12-07'), false);
    assert.equal(isNoShow({ status: 'cancelled', day: '2026-12-06' }, '2026-12-07'), false);
  });
});

describe('appointments: the booking code', () => {
  it('is 8 characters of the alphabet without look-alikes', () => {
    const code = codeFromBytes(Uint8Array.from([0, 1, 2, 3, 250, 251, 252, 255]));
    assert.match(code, /^[A-Z2-9]{8}$/);
    assert.ok(![...code].some((c) => 'O01IL'.includes(c)));
    assert.ok(!/[O01IL]/.test(CODE_ALPHABET));
  });
  const cases: Array<[unknown, string | null]> = [
    ['ABCD-EFGH', 'ABCDEFGH'],
    ['abcd efgh', 'ABCDEFGH'],
    ['  ABCDEFGH\n', 'ABCDEFGH'],
    ['https://dvc.example.vn/lich-hen/ABCDEFGH?k=xyz', 'ABCDEFGH'],
    ['ABCD-EFG0', null],
    ['ABCDEFG', null],
    ['ABCDEFGHJ', null],
    ['', null],
    [42, null],
    ['x'.repeat(400), null],
  ];
  for (const [raw, expected] of cases) it(`normalises ${JSON.stringify(raw).slice(0, 40)}`, () => assert.equal(normaliseCode(raw), expected));
  it('is printed in two groups', () => assert.equal(displayCode('ABCDEFGH'), 'ABCD-EFGH'));
});

describe('appointments: the settings form and the contact', () => {
  it('accepts values within the bounds', () => {
    assert.deepEqual(parseSettings({ enabled: '1', slotMinutes: '20', capacity: '3', daysAhead: '30', cutoffMinutes: '120' }).value, { enabled: true, slotMinutes: 20, capacity: 3, daysAhead: 30, cutoffMinutes: 120 });
    assert.equal(parseSettings({ slotMinutes: '20', capacity: '3', daysAhead: '30', cutoffMinutes: '0' }).value?.enabled, false);
  });
  it('names every field out of bounds', () => {
    const { value, errors } = parseSettings({ enabled: '1', slotMinutes: '3', capacity: '0', daysAhead: '91', cutoffMinutes: '-5' });
    assert.equal(value, null);
    assert.deepEqual(errors.map((e) => e.path), ['/slotMinutes', '/capacity', '/daysAhead', '/cutoffMinutes']);
  });
  it('checks the contact', () => {
    assert.deepEqual(checkContact({ name: ' Nguyễn  Văn An ', phone: '0912 345 678' }, { nameRequired: true, phoneRequired: true }), { name: 'Nguyễn Văn An', phone: '0912345678', email: null, errors: [] });
    assert.deepEqual(checkContact({ name: '', phone: '123' , email: 'x@' }, { nameRequired: true, phoneRequired: true }).errors.map((e) => e.code), ['APPOINTMENT_NAME_REQUIRED', 'APPOINTMENT_PHONE_INVALID', 'APPOINTMENT_EMAIL_INVALID']);
    assert.deepEqual(checkContact({ name: 'A' }, { nameRequired: true, phoneRequired: true }).errors.map((e) => e.code), ['APPOINTMENT_PHONE_REQUIRED']);
  });
});
