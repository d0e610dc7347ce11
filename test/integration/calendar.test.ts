import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Actor } from '../../src/core/actor.ts';
import { CalendarService } from '../../src/modules/calendar/calendar.service.ts';
import { isoDateTimeVietnam, isoOfDay } from '../../src/modules/calendar/calendar.rules.ts';
import { createTestContext } from '../helpers/db.ts';
import { rejectsWith, COPYRIGHT, TV_SO } from '../helpers/domain.ts';



describe('working-day calendar service', async () => {
  const ctx = await createTestContext({ demo: true });
  const calendar = ctx.services.calendar;
  const signIn = async (username: string) => (await ctx.services.identity.login({ username, password: 'Demo@2026', ip: '10.0.0.1' })).actor;
  const agencyId = async (code: string) => (await ctx.services.agencies.byCode(code))!.id;
  const auditRows = async (action: string, targetId: string) =>
    ctx.db.selectFrom('audit_log').selectAll().where('action', '=', action).where('target_id', '=', targetId).orderBy('id').execute();
  let admin: Actor; // demo.quantri: admin on two top-level agencies
  let soAdmin: Actor; // admin of a provincial department only
  let catalogManager: Actor;

  before(async () => {
    admin = await signIn('demo.quantri');
    catalogManager = await signIn('demo.danhmuc');
    await ctx.services.identity.createAccount(null, {
      username: 'so.lich', password: 'Demo@2026', kind: 'staff', fullName: 'Quản trị Sở', agencyId: await agencyId(TV_SO),
      roles: [{ role: 'admin', agencyId: await agencyId(TV_SO) }],
    });
    soAdmin = await signIn('so.lich');
  });

  it('computes the default holidays of a year without any schedule stored', async () => {
    const holidays = await calendar.holidays(2027);
    assert.ok(holidays.some((h) => h.date === '2027-02-06' && h.kind === 'tet'));
    assert.ok(holidays.some((h) => h.date === '2027-02-11' && h.kind === 'compensatory'));
    await assert.rejects(calendar.holidays(1899), rejectsWith('VALIDATION_FAILED', ['/year:CALENDAR_YEAR_RANGE']));
  });

  it('stores a year schedule, invalidates the cache and audits the change in the same transaction', async () => {
    // Warm the cache with the defaults first.
    assert.equal((await calendar.due({ from: '2027-02-03T09:00:00+07:00', workingDays: 1 })).day, (await calendar.due({ from: '2027-02-04T09:00:00+07:00', workingDays: 0 })).day);
    const result = await calendar.setYearSchedule(admin, 2027, [
      { date: '04/02/2027', kind: 'tet', name: 'Tết Nguyên Đán (28 tháng Chạp)' },
      { date: '2027-02-11', kind: 'working_day' },
      { date: '2027-02-20', kind: 'working_saturday', name: 'Làm bù' },
    ]);
    assert.ok(result.some((h) => h.date === '2027-02-04' && h.kind === 'tet'));
    assert.ok(!result.some((h) => h.date === '2027-02-11'));
    const rows = await ctx.db.selectFrom('calendar_year_entries').selectAll().where('year', '=', 2027).orderBy('date').execute();
    assert.deepEqual(rows.map((r) => `${r.date} ${r.kind}`), ['2027-02-04 tet', '2027-02-11 working_day', '2027-02-20 working_saturday']);
    assert.equal(rows[0]!.created_by, admin.id);
    // The cached calendar of this service sees the edit at once.
    const due = await calendar.due({ from: '2027-02-03T09:00:00+07:00', workingDays: 1 });
    assert.equal(isoOfDay(due.day), '2027-02-11');
    // A fresh service (another process) reads it from the database.
    const fresh = new CalendarService(ctx.db, ctx.services.agencies, ctx.services.audit);
    assert.deepEqual((await fresh.yearSchedule(2027)).map((e) => e.date), ['2027-02-04', '2027-02-11', '2027-02-20']);
    const audit = await auditRows('calendar.year.update', '2027');
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.actor_id, admin.id);
    assert.equal(audit[0]!.target_type, 'calendar_year');
    assert.deepEqual((audit[0]!.summary as { after: string[] }).after.length, 3);
  });

  it('replaces the whole year on the next edit; an empty list returns to the defaults', async () => {
    await calendar.setYearSchedule(admin, 2027, [{ date: '2027-02-12', kind: 'extra_day_off', name: 'Nghỉ thêm' }]);
    assert.deepEqual((await calendar.yearSchedule(2027)).map((e) => e.date), ['2027-02-12']);
    assert.ok((await calendar.holidays(2027)).some((h) => h.date === '2027-02-11' && h.kind === 'compensatory'));
    await calendar.setYearSchedule(admin, 2027, []);
    assert.deepEqual(await calendar.yearSchedule(2027), []);
    assert.equal((await auditRows('calendar.year.update', '2027')).length, 3);
  });

  it('applies the schedule of the next year to a deadline that crosses into it', async () => {
    await calendar.setYearSchedule(admin, 2028, [{ date: '2028-01-03', kind: 'extra_day_off', name: 'Nghỉ thêm đầu năm' }]);
    // Thursday 30/12/2027 + 2 working days: Friday 31/12, (Sat, Sun, 3/1 off) Tuesday 4/1/2028.
    const due = await calendar.due({ from: '2027-12-30T09:00:00+07:00', workingDays: 2 });
    assert.equal(isoOfDay(due.day), '2028-01-04');
    assert.equal(isoDateTimeVietnam(due.at), '2028-01-04T17:00:00+07:00');
  });

  it('rejects overlapping or impossible dates with field errors and writes nothing', async () => {
    await assert.rejects(
      calendar.setYearSchedule(admin, 2026, [
        { date: '2026-02-09', to: '2026-02-13', kind: 'extra_day_off', name: 'A' },
        { date: '2026-02-12', kind: 'tet', name: 'B' },
        { date: '31/02/2026', kind: 'holiday', name: 'C' },
      ]),
      rejectsWith('VALIDATION_FAILED', ['/entries/1/date:CALENDAR_DATE_OVERLAP', '/entries/2/date:CALENDAR_DATE_INVALID']),
    );
    assert.equal((await ctx.db.selectFrom('calendar_year_entries').select(sql<number>`count(*)::int`.as('n')).where('year', '=', 2026).executeTakeFirstOrThrow()).n, 0);
    assert.equal((await auditRows('calendar.year.update', '2026')).length, 0);
  });

  it('lets only an administrator of a top-level agency edit the national schedule', async () => {
    const entries = [{ date: '2026-03-02', kind: 'extra_day_off', name: 'X' }];
    await assert.rejects(calendar.setYearSchedule(null, 2026, entries), rejectsWith('UNAUTHENTICATED'));
    await assert.rejects(calendar.setYearSchedule(catalogManager, 2026, entries), rejectsWith('FORBIDDEN'));
    await assert.rejects(calendar.setYearSchedule(soAdmin, 2026, entries), rejectsWith('FORBIDDEN'));
    assert.deepEqual(await calendar.yearSchedule(2026), []);
  });

  it('uses the working hours of the agency, set by its administrator and audited', async () => {
    const copyright = await agencyId(COPYRIGHT);
    const from = '2026-11-16T15:30:00+07:00';
    assert.equal(isoOfDay((await calendar.due({ from, workingDays: 0, agencyId: copyright })).day), '2026-11-17');
    await assert.rejects(calendar.setWorkingHours(soAdmin, copyright, { opens: '07:30', closes: '16:30', sameDayCutoff: '16:00' }), rejectsWith('FORBIDDEN'));
    await assert.rejects(
      calendar.setWorkingHours(admin, copyright, { opens: '07:30', closes: '16:30', sameDayCutoff: '17:00' }),
      rejectsWith('VALIDATION_FAILED', ['/sameDayCutoff:CALENDAR_CUTOFF_OUTSIDE']),
    );
    await calendar.setWorkingHours(admin, copyright, { opens: '07:30', closes: '16:30', lunchStart: null, lunchEnd: null, sameDayCutoff: '16:00' });
    const sameDay = await calendar.due({ from, workingDays: 0, agencyId: copyright });
    assert.equal(isoDateTimeVietnam(sameDay.at), '2026-11-16T16:30:00+07:00');
    const hours = await calendar.due({ from: '2026-11-16T11:00:00+07:00', workingHours: 2, agencyId: copyright });
    assert.equal(isoDateTimeVietnam(hours.at), '2026-11-16T13:00:00+07:00'); // no lunch break
    assert.equal((await auditRows('calendar.hours.update', copyright)).length, 1);
    // Other agencies keep the defaults.
    assert.equal(isoOfDay((await calendar.due({ from, workingDays: 0, agencyId: await agencyId(TV_SO) })).day), '2026-11-17');
  });

  it('validates due-date requests', async () => {
    await assert.rejects(calendar.due({ from: '2026-11-16T09:00:00+07:00' }), rejectsWith('VALIDATION_FAILED', ['/workingDays:CALENDAR_LIMIT_ONE']));
    await assert.rejects(
      calendar.due({ from: '2026-11-16T09:00:00+07:00', workingDays: 1, workingHours: 2 }),
      rejectsWith('VALIDATION_FAILED', ['/workingHours:CALENDAR_LIMIT_ONE']),
    );
    await assert.rejects(calendar.due({ from: '2026-11-16', workingDays: 1.5 }), rejectsWith('VALIDATION_FAILED', ['/from:CALENDAR_FROM_INVALID', '/workingDays:type']));
    await assert.rejects(calendar.due({ from: '2201-01-01T09:00:00+07:00', workingDays: 1 }), rejectsWith('VALIDATION_FAILED', ['/from:CALENDAR_FROM_INVALID']));
  });

  it('extends a deadline by the working days of a pause across a weekend', async () => {
    const due = await calendar.due({
      from: '2026-11-16T09:00:00+07:00',
      workingDays: 10,
      pauses: [{ from: '2026-11-20T10:00:00+07:00', to: '2026-11-23T10:00:00+07:00' }],
    });
    assert.equal(isoOfDay(due.day), '2026-12-01');
  });
});
