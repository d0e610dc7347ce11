import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  civilFromDays,
  dayFromLunar,
  daysFromCivil,
  leapMonthOf,
  lunarFromDay,
  lunarNewYearDay,
  lunarToSolar,
  solarToLunar,
} from '../../src/modules/calendar/calendar.lunar.ts';

const iso = (d: { year: number; month: number; day: number } | null) =>
  d ? `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}` : null;

describe('Vietnamese lunar calendar (UTC+7)', () => {
  // Tết Nguyên Đán (lunar 1/1), Vietnamese calendar.
  const tet: Array<[number, string]> = [
    [1900, '1900-01-31'],
    [1985, '1985-01-21'], // China (UTC+8): 20/2/1985 — the month boundary falls differently
    [2007, '2007-02-17'], // China: 18/2/2007
    [2020, '2020-01-25'],
    [2023, '2023-01-22'],
    [2024, '2024-02-10'],
    [2025, '2025-01-29'],
    [2026, '2026-02-17'],
    [2027, '2027-02-06'],
    // The new moon of February 2030 is at 23:07 in Vietnam (00:07 on 3/2 in China): Tết is 2/2/2030 in
    // Vietnam and 3/2/2030 in China.
    [2030, '2030-02-02'],
    [2100, '2100-02-09'],
  ];
  for (const [year, date] of tet) {
    it(`Tết ${year} is ${date}`, () => {
      assert.equal(iso(civilFromDays(lunarNewYearDay(year))), date);
      assert.deepEqual(solarToLunar(...(date.split('-').map(Number) as [number, number, number])), { day: 1, month: 1, year, leap: false });
    });
  }

  it('differs from the Chinese calendar (UTC+8) where the new moon falls near midnight', () => {
    assert.equal(iso(civilFromDays(lunarNewYearDay(1985, 8))), '1985-02-20');
    assert.equal(iso(civilFromDays(lunarNewYearDay(2007, 8))), '2007-02-18');
    assert.equal(iso(civilFromDays(lunarNewYearDay(2030, 8))), '2030-02-03');
    assert.equal(iso(civilFromDays(lunarNewYearDay(2026, 8))), '2026-02-17');
  });

  const hungKings: Array<[number, string]> = [
    [2023, '2023-04-29'],
    [2024, '2024-04-18'],
    [2025, '2025-04-07'],
    [2026, '2026-04-26'],
    [2027, '2027-04-16'],
  ];
  for (const [year, date] of hungKings) {
    it(`Giỗ Tổ Hùng Vương (10/3) ${year} is ${date}`, () => {
      assert.equal(iso(lunarToSolar({ day: 10, month: 3, year })), date);
    });
  }

  const leaps: Array<[number, number]> = [
    [1900, 8],
    [2017, 6],
    [2020, 4],
    [2023, 2],
    [2024, 0],
    [2025, 6],
    [2026, 0],
    [2028, 5],
    [2033, 11], // the "2033 problem": Vietnam's leap month is the 11th
  ];
  for (const [year, month] of leaps) {
    it(`lunar year ${year} has ${month ? `leap month ${month}` : 'no leap month'}`, () => {
      assert.equal(leapMonthOf(year), month);
    });
  }

  it('converts leap-month dates both ways and rejects a leap month the year does not have', () => {
    // Leap 6th month of 2025 starts on 25/7/2025; the ordinary 6th month on 25/6/2025.
    assert.equal(iso(lunarToSolar({ day: 1, month: 6, year: 2025, leap: true })), '2025-07-25');
    assert.equal(iso(lunarToSolar({ day: 1, month: 6, year: 2025 })), '2025-06-25');
    assert.deepEqual(solarToLunar(2025, 7, 25), { day: 1, month: 6, year: 2025, leap: true });
    assert.equal(lunarToSolar({ day: 1, month: 5, year: 2025, leap: true }), null);
    assert.equal(lunarToSolar({ day: 1, month: 1, year: 2026, leap: true }), null);
    assert.equal(lunarToSolar({ day: 0, month: 1, year: 2026 }), null);
    assert.equal(lunarToSolar({ day: 1, month: 13, year: 2026 }), null);
  });

  it('knows the length of lunar months: day 30 of a 29-day month does not exist', () => {
    // Month 12 of lunar 2025 has 29 days (Tết 2026 follows 29 tháng Chạp, 16/2/2026).
    assert.deepEqual(solarToLunar(2026, 2, 16), { day: 29, month: 12, year: 2025, leap: false });
    assert.equal(lunarToSolar({ day: 30, month: 12, year: 2025 }), null);
    // Month 12 of lunar 2023 has 30 days (30 Tết = 9/2/2024).
    assert.equal(iso(lunarToSolar({ day: 30, month: 12, year: 2023 })), '2024-02-09');
  });

  it('handles the boundaries 1900 and 2100', () => {
    assert.deepEqual(solarToLunar(1900, 1, 1), { day: 1, month: 12, year: 1899, leap: false });
    assert.deepEqual(solarToLunar(2100, 12, 31), { day: 1, month: 12, year: 2100, leap: false });
  });

  it('is consistent over 1900–2100: every day round-trips, months have 29–30 days, years 12–13 months', () => {
    let previous = lunarFromDay(daysFromCivil(1900, 1, 1));
    let monthLength = 0;
    const start = daysFromCivil(1900, 1, 2);
    const end = daysFromCivil(2100, 12, 31);
    for (let d = start; d <= end; d++) {
      const lunar = lunarFromDay(d);
      monthLength++;
      if (lunar.day === 1) {
        assert.ok(previous.day === 29 || previous.day === 30, `month before ${iso(civilFromDays(d))} had ${previous.day} days`);
        monthLength = 0;
      } else {
        assert.equal(lunar.day, previous.day + 1, `day after ${JSON.stringify(previous)}`);
      }
      if (lunar.day === 1 || d % 7 === 0) assert.equal(dayFromLunar(lunar), d, `round trip of ${iso(civilFromDays(d))}`);
      previous = lunar;
    }
    for (let year = 1900; year < 2100; year++) {
      const length = lunarNewYearDay(year + 1) - lunarNewYearDay(year);
      assert.ok(length >= 353 && length <= 385, `lunar year ${year}: ${length} days`);
      assert.equal(length > 360, leapMonthOf(year) !== 0, `lunar year ${year}: ${length} days, leap ${leapMonthOf(year)}`);
      const tetDate = civilFromDays(lunarNewYearDay(year));
      assert.ok(tetDate.month === 1 ? tetDate.day >= 19 : tetDate.month === 2 && tetDate.day <= 21, `Tết ${year}: ${iso(tetDate)}`);
    }
  });
});
