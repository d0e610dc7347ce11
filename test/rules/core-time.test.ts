// Vietnam time (src/core/time.ts): UTC+7 all year, so the Vietnamese day starts at 17:00 UTC the day before.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addDays,
  DAY_MS,
  isIsoDate,
  VIETNAM_OFFSET_MS,
  vietnamDate,
  vietnamDayEnd,
  vietnamDayNumber,
  vietnamDayStart,
  vietnamDayStartMs,
  vietnamMonth,
  vietnamTimeOfDay,
  vietnamYear,
} from '../../src/core/time.ts';

const daysSinceEpoch = (day: string) => Date.parse(`${day}T00:00:00Z`) / DAY_MS;

describe('vietnamDate, vietnamMonth, vietnamYear: the calendar in Vietnam at an instant', () => {
  const cases: Array<[string, string, string, number]> = [
    // instant (UTC)            Vietnamese day  month      year
    ['2026-11-23T16:59:59.999Z', '2026-11-23', '2026-11', 2026],
    ['2026-11-23T17:00:00.000Z', '2026-11-24', '2026-11', 2026],
    ['2026-03-01T00:00:00+07:00', '2026-03-01', '2026-03', 2026],
    ['2026-05-31T16:59:59Z', '2026-05-31', '2026-05', 2026],
    ['2026-05-31T17:00:00Z', '2026-06-01', '2026-06', 2026],
    ['2024-12-31T16:59:59Z', '2024-12-31', '2024-12', 2024],
    ['2024-12-31T17:00:00Z', '2025-01-01', '2025-01', 2025],
    ['2024-02-28T17:00:00Z', '2024-02-29', '2024-02', 2024],
    ['2026-07-15T03:00:00Z', '2026-07-15', '2026-07', 2026],
  ];
  for (const [instant, day, month, year] of cases) {
    it(`${instant} → ${day}`, () => {
      const at = new Date(instant);
      assert.equal(vietnamDate(at), day);
      assert.equal(vietnamDate(at.getTime()), day);
      assert.equal(vietnamMonth(at), month);
      assert.equal(vietnamYear(at), year);
      assert.equal(vietnamDayNumber(at), daysSinceEpoch(day));
      assert.equal(vietnamDayNumber(at.getTime()), daysSinceEpoch(day));
    });
  }

  it('agrees with the Asia/Ho_Chi_Minh time zone of the platform', () => {
    const zone = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' });
    for (let ms = Date.parse('2025-12-30T00:00:00Z'); ms < Date.parse('2026-01-03T00:00:00Z'); ms += 30 * 60_000) {
      assert.equal(vietnamDate(ms), zone.format(ms), new Date(ms).toISOString());
    }
  });
});

describe('the start of a Vietnamese day', () => {
  const cases: Array<[string, string]> = [
    ['2026-11-24', '2026-11-23T17:00:00.000Z'],
    ['2025-01-01', '2024-12-31T17:00:00.000Z'],
    ['2024-02-29', '2024-02-28T17:00:00.000Z'],
  ];
  for (const [day, start] of cases) {
    it(`${day} begins at ${start}`, () => {
      assert.equal(vietnamDayStart(day).toISOString(), start);
      assert.equal(new Date(vietnamDayStartMs(daysSinceEpoch(day))).toISOString(), start);
      assert.equal(vietnamDate(vietnamDayStart(day)), day);
      assert.equal(vietnamDate(vietnamDayStart(day).getTime() - 1), vietnamDate(Date.parse(`${day}T00:00:00Z`) - DAY_MS));
    });
  }

  it('adds minutes after midnight: 17:00 in Vietnam is 10:00 UTC', () => {
    assert.equal(new Date(vietnamDayStartMs(daysSinceEpoch('2026-11-24'), 17 * 60)).toISOString(), '2026-11-24T10:00:00.000Z');
  });
});

describe('vietnamTimeOfDay: milliseconds since Vietnamese midnight', () => {
  const cases: Array<[string, number]> = [
    ['2026-11-23T17:00:00Z', 0],
    ['2026-11-23T16:59:59.999Z', DAY_MS - 1],
    ['2026-11-24T01:30:00Z', (8 * 60 + 30) * 60_000],
    ['1969-12-31T16:00:00Z', 23 * 3_600_000],
  ];
  for (const [instant, ms] of cases) it(`${instant} → ${ms}`, () => assert.equal(vietnamTimeOfDay(new Date(instant)), ms));

  it('is seven hours ahead of UTC', () => assert.equal(VIETNAM_OFFSET_MS, 7 * 60 * 60 * 1000));
});

describe('the end of a Vietnamese day is the start of the next', () => {
  const cases: Array<[string, string]> = [
    ['2026-11-23', '2026-11-23T17:00:00.000Z'],
    ['2024-12-31', '2024-12-31T17:00:00.000Z'],
    ['2024-02-28', '2024-02-28T17:00:00.000Z'],
  ];
  for (const [day, end] of cases) it(`${day} ends at ${end}`, () => assert.equal(vietnamDayEnd(day).toISOString(), end));
});

describe('calendar days written yyyy-mm-dd', () => {
  const dates: Array<[string, boolean]> = [
    ['2026-11-23', true],
    ['2024-02-29', true],
    ['2026-02-29', false],
    ['2026-02-30', false],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-1-01', false],
    ['23/11/2026', false],
    ['2026-11-23T00:00:00Z', false],
    [' 2026-11-23', false],
    ['', false],
  ];
  for (const [text, expected] of dates) it(`isIsoDate(${JSON.stringify(text)}) → ${expected}`, () => assert.equal(isIsoDate(text), expected));

  const sums: Array<[string, number, string]> = [
    ['2026-01-01', -1, '2025-12-31'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2028-03-01', -1, '2028-02-29'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2025-02-28', 1, '2025-03-01'],
    ['2025-12-31', 1, '2026-01-01'],
    ['2026-11-23', 0, '2026-11-23'],
    ['2025-01-01', 364, '2025-12-31'],
  ];
  for (const [day, n, expected] of sums) it(`addDays(${day}, ${n}) → ${expected}`, () => assert.equal(addDays(day, n), expected));
});
