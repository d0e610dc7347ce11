// The Vietnamese lunisolar calendar (âm lịch), computed — pure, no I/O, no clock, no Intl.
//
// Ho Ngoc Duc's astronomical algorithm (the one Vietnamese calendars are printed from): a lunar month
// begins on the local day of the new moon; month 11 is the month containing the winter solstice; a lunar
// year with 13 months repeats (as a leap month) the first month after month 11 that contains no major
// solar term. Everything is computed for the time zone of Vietnam, UTC+7 (the Chinese calendar uses
// UTC+8, so the two differ in some years: Tết 1985 is 21/1/1985 in Vietnam, 20/2/1985 in China).
// New moons and solar longitudes follow Meeus-style series (accurate to a few minutes for 1900–2100);
// published lunar tables disagree with each other, which is why the official schedule of each year can be
// overridden by an administrator (calendar.rules.ts).
//
// Day numbers are days since 1970-01-01 ("epoch days", the unit of calendar.rules.ts); Julian day
// numbers are epoch day + 2440588.

export const VIETNAM_TIME_ZONE = 7;
const JD_EPOCH = 2440588;

export interface LunarDate {
  day: number;
  month: number;
  /** The lunar year (its months 1..12 fall mostly in the solar year of the same number). */
  year: number;
  /** True for the repeated (leap) month (tháng nhuận). */
  leap: boolean;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (integer arithmetic, any year). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The proleptic Gregorian date of a day number (days since 1970-01-01). */
export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** Julian date (fractional) of the k-th new moon after the one of 1900-01-01 13:52 UT. */
function newMoon(k: number): number {
  const T = k / 1236.85;
  const T2 = T * T;
  const T3 = T2 * T;
  const dr = Math.PI / 180;
  let jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
  jd1 += 0.00033 * Math.sin((166.56 + 132.87 * T - 0.009173 * T2) * dr);
  const M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3;
  const Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3;
  const F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3;
  let c1 = (0.1734 - 0.000393 * T) * Math.sin(M * dr) + 0.0021 * Math.sin(2 * dr * M);
  c1 = c1 - 0.4068 * Math.sin(Mpr * dr) + 0.0161 * Math.sin(dr * 2 * Mpr);
  c1 = c1 - 0.0004 * Math.sin(dr * 3 * Mpr);
  c1 = c1 + 0.0104 * Math.sin(dr * 2 * F) - 0.0051 * Math.sin(dr * (M + Mpr));
  c1 = c1 - 0.0074 * Math.sin(dr * (M - Mpr)) + 0.0004 * Math.sin(dr * (2 * F + M));
  c1 = c1 - 0.0004 * Math.sin(dr * (2 * F - M)) - 0.0006 * Math.sin(dr * (2 * F + Mpr));
  c1 = c1 + 0.001 * Math.sin(dr * (2 * F - Mpr)) + 0.0005 * Math.sin(dr * (2 * Mpr + M));
  const deltaT = T < -11
    ? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3
    : -0.000278 + 0.000265 * T + 0.000262 * T2;
  return jd1 + c1 - deltaT;
}

/** Apparent solar longitude (radians, 0..2π) at a Julian date. */
function sunLongitude(jdn: number): number {
  const T = (jdn - 2451545.0) / 36525;
  const T2 = T * T;
  const dr = Math.PI / 180;
  const M = 357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2;
  const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2;
  let DL = (1.9146 - 0.004817 * T - 0.000014 * T2) * Math.sin(dr * M);
  DL = DL + (0.019993 - 0.000101 * T) * Math.sin(dr * 2 * M) + 0.00029 * Math.sin(dr * 3 * M);
  let L = (L0 + DL) * dr;
  L = L - Math.PI * 2 * Math.floor(L / (Math.PI * 2));
  return L;
}

/** Major solar term (0..11, 30° sectors) in force at the start of the local day `jd`. */
function sunSector(jd: number, tz: number): number {
  return Math.floor((sunLongitude(jd - 0.5 - tz / 24) / Math.PI) * 6);
}

/** Julian day number of the local day of the k-th new moon. */
function newMoonDay(k: number, tz: number): number {
  return Math.floor(newMoon(k) + 0.5 + tz / 24);
}

function julianDay(year: number, month: number, day: number): number {
  return daysFromCivil(year, month, day) + JD_EPOCH;
}

/** Julian day number of the first day of lunar month 11 of (the winter solstice of) solar year `year`. */
function lunarMonth11(year: number, tz: number): number {
  const off = julianDay(year, 12, 31) - 2415021;
  const k = Math.floor(off / 29.530588853);
  let nm = newMoonDay(k, tz);
  if (sunSector(nm, tz) >= 9) nm = newMoonDay(k - 1, tz);
  return nm;
}

/** Offset (in months after month 11 starting at a11) of the leap month of a 13-month lunar year. */
function leapMonthOffset(a11: number, tz: number): number {
  const k = Math.floor((a11 - 2415021.076998695) / 29.530588853 + 0.5);
  let last: number;
  let i = 1;
  let arc = sunSector(newMoonDay(k + i, tz), tz);
  do {
    last = arc;
    i++;
    arc = sunSector(newMoonDay(k + i, tz), tz);
  } while (arc !== last && i < 14);
  return i - 1;
}

/** The lunar date of a solar day (given as days since 1970-01-01), Vietnamese calendar by default. */
export function lunarFromDay(days: number, tz = VIETNAM_TIME_ZONE): LunarDate {
  const dayNumber = days + JD_EPOCH;
  const { year: yy } = civilFromDays(days);
  const k = Math.floor((dayNumber - 2415021.076998695) / 29.530588853);
  // The estimate k can be one lunation off near a month boundary (e.g. 27/4/2054): search around it.
  let monthStart = newMoonDay(k + 1, tz);
  if (newMoonDay(k + 2, tz) <= dayNumber) monthStart = newMoonDay(k + 2, tz);
  for (let j = k; monthStart > dayNumber; j--) monthStart = newMoonDay(j, tz);
  let a11 = lunarMonth11(yy, tz);
  let b11 = a11;
  let lunarYear: number;
  if (a11 >= monthStart) {
    lunarYear = yy;
    a11 = lunarMonth11(yy - 1, tz);
  } else {
    lunarYear = yy + 1;
    b11 = lunarMonth11(yy + 1, tz);
  }
  const lunarDay = dayNumber - monthStart + 1;
  const diff = Math.floor((monthStart - a11) / 29);
  let leap = false;
  let lunarMonth = diff + 11;
  if (b11 - a11 > 365) {
    const leapDiff = leapMonthOffset(a11, tz);
    if (diff >= leapDiff) {
      lunarMonth = diff + 10;
      if (diff === leapDiff) leap = true;
    }
  }
  if (lunarMonth > 12) lunarMonth -= 12;
  if (lunarMonth >= 11 && diff < 4) lunarYear -= 1;
  return { day: lunarDay, month: lunarMonth, year: lunarYear, leap };
}

/** The lunar date of a solar date. */
export function solarToLunar(year: number, month: number, day: number, tz = VIETNAM_TIME_ZONE): LunarDate {
  return lunarFromDay(daysFromCivil(year, month, day), tz);
}

/**
 * The solar day (days since 1970-01-01) of a lunar date, or null when the date does not exist
 * (a leap month that the year does not have, a day 30 of a 29-day month, out-of-range values).
 */
export function dayFromLunar(lunar: { day: number; month: number; year: number; leap?: boolean }, tz = VIETNAM_TIME_ZONE): number | null {
  const { day, month, year } = lunar;
  const leap = lunar.leap ?? false;
  if (!Number.isInteger(day) || !Number.isInteger(month) || !Number.isInteger(year) || day < 1 || day > 30 || month < 1 || month > 12) return null;
  let a11: number;
  let b11: number;
  if (month < 11) {
    a11 = lunarMonth11(year - 1, tz);
    b11 = lunarMonth11(year, tz);
  } else {
    a11 = lunarMonth11(year, tz);
    b11 = lunarMonth11(year + 1, tz);
  }
  let off = month - 11;
  if (off < 0) off += 12;
  if (b11 - a11 > 365) {
    const leapOff = leapMonthOffset(a11, tz);
    let leapMonth = leapOff - 2;
    if (leapMonth < 0) leapMonth += 12;
    if (leap && month !== leapMonth) return null;
    if (leap || off >= leapOff) off += 1;
  } else if (leap) {
    return null;
  }
  const k = Math.floor(0.5 + (a11 - 2415021.076998695) / 29.530588853);
  const monthStart = newMoonDay(k + off, tz);
  if (day > 29) {
    const next = newMoonDay(k + off + 1, tz);
    if (monthStart + day - 1 >= next) return null;
  }
  return monthStart + day - 1 - JD_EPOCH;
}

/** The solar date of a lunar date, or null when it does not exist. */
export function lunarToSolar(lunar: { day: number; month: number; year: number; leap?: boolean }, tz = VIETNAM_TIME_ZONE): { year: number; month: number; day: number } | null {
  const days = dayFromLunar(lunar, tz);
  return days === null ? null : civilFromDays(days);
}

/** Solar day of lunar New Year's Day (Tết Nguyên Đán, 1/1) of lunar year `year`. */
export function lunarNewYearDay(year: number, tz = VIETNAM_TIME_ZONE): number {
  return dayFromLunar({ day: 1, month: 1, year }, tz)!;
}

/** The leap month (1..12) of lunar year `year`, or 0 when the year has 12 months. */
export function leapMonthOf(year: number, tz = VIETNAM_TIME_ZONE): number {
  const start = lunarNewYearDay(year, tz);
  const end = lunarNewYearDay(year + 1, tz);
  // Middle of each month of the year: 12 or 13 probes.
  for (let i = 0; i < 13; i++) {
    const probe = Math.floor(start + 15 + i * 29.530588853);
    if (probe >= end) break;
    const lunar = lunarFromDay(probe, tz);
    if (lunar.leap) return lunar.month;
  }
  return 0;
}
