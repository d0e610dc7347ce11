// Appointments against PostgreSQL: capacity never exceeded under concurrent bookings (the last place: one wins, the
// other APPOINTMENT_SLOT_FULL), a cancellation gives the place back, the anonymous booking with an SMS code, check-in
// issues a ticket once, reminders the day before, the no-show job after the day, the report's counts, agency scope.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Actor } from '../../src/core/actor.ts';
import { DomainError } from '../../src/core/errors.ts';
import { seedDemoAppointments } from '../../src/modules/appointments/appointments.demo.ts';
import { appointmentFloor } from '../helpers/appointments.ts';
import { createTestContext } from '../helpers/db.ts';
import { actorByUsername, newCitizen as newAccount } from '../helpers/dossiers.ts';

async function refused(promise: Promise<unknown>, code: string): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof DomainError, String(error));
    assert.equal(error.code, code, JSON.stringify(error.fieldErrors.length ? error.fieldErrors : error.params));
    return error;
  }
  assert.fail(`expected ${code}`);
}

// Monday 8 March 2027, a working day; the clock of the bookings stands at 07:00 that morning (Vietnam time).
const NOW = new Date('2027-03-08T07:00:00+07:00');
const slot = (time: string, day = '2027-03-08') => new Date(`${day}T${time}:00+07:00`).toISOString();

describe('appointments', async () => {
  const ctx = await createTestContext({ demo: true, config: { SMS_URL: 'http://127.0.0.1:9/sms' } });
  // Citizens of their own phone numbers (the helper's share one; an appointment is counted per phone and account).
  let phones = 0;
  const newCitizen = async (_ctx: typeof ctx, name?: string): Promise<Actor> => {
    const actor = await newAccount(ctx, name);
    await ctx.db.updateTable('accounts').set({ phone: `0966${String(++phones).padStart(6, '0')}` }).where('id', '=', actor.id).execute();
    return actor;
  };
  const appointments = ctx.services.appointments;
  const leader = await actorByUsername(ctx, 'demo.lanhdao');
  const reception = await actorByUsername(ctx, 'demo.motcua');
  const floor = await appointmentFloor(ctx, { capacity: 1 });
  const base = { agencyCode: floor.agencyCode, groupId: floor.groupId };

  it('two citizens booking the last place of a slot at once: one wins, the other gets APPOINTMENT_SLOT_FULL (409)', async () => {
    const [a, b] = [await newCitizen(ctx, 'Nguyễn Văn A'), await newCitizen(ctx, 'Trần Thị B')];
    const results = await Promise.allSettled([a, b].map((who) => appointments.book(who, { ...base, startsAt: slot('09:00') }, {}, NOW)));
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    assert.equal(won.length, 1, JSON.stringify(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok'))));
    assert.equal(lost.length, 1);
    assert.ok(lost[0]!.reason instanceof DomainError);
    assert.equal(lost[0]!.reason.code, 'APPOINTMENT_SLOT_FULL');
    assert.equal(lost[0]!.reason.status, 409);
    const rows = await ctx.db.selectFrom('appointments').select('id').where('group_id', '=', floor.groupId).where('starts_at', '=', new Date(slot('09:00'))).execute();
    assert.equal(rows.length, 1);
  });

  it('bookings never exceed the capacity: 7 parallel bookings of a slot of 3 places → 3 booked, 4 refused', async () => {
    await appointments.saveSettings(leader, floor.agencyCode, floor.groupId, { enabled: '1', slotMinutes: '30', capacity: '3', daysAhead: '14', cutoffMinutes: '60' });
    const people: Actor[] = [];
    for (let i = 0; i < 7; i++) people.push(await newCitizen(ctx, `Người ${i}`));
    const results = await Promise.allSettled(people.map((who) => appointments.book(who, { ...base, startsAt: slot('10:00') }, {}, NOW)));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 3);
    for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as DomainError).code, 'APPOINTMENT_SLOT_FULL');
    const counter = await ctx.db.selectFrom('appointment_slots').select('booked').where('group_id', '=', floor.groupId).where('starts_at', '=', new Date(slot('10:00'))).executeTakeFirstOrThrow();
    assert.equal(counter.booked, 3);
    const shown = await appointments.choices({ agencyCode: floor.agencyCode, groupId: floor.groupId, day: '2027-03-08' }, 'vi', NOW);
    assert.ok(!shown.slots.some((s) => new Date(s.startsAt).toISOString() === slot('10:00')), 'a full slot is not offered');
    assert.ok(shown.slots.some((s) => new Date(s.startsAt).toISOString() === slot('10:30')));
  });

  it('a cancellation before the cut-off gives the place back; after it the citizen is refused', async () => {
    const who = await newCitizen(ctx);
    const booked = await appointments.book(who, { ...base, startsAt: slot('11:00') }, {}, NOW);
    const other = await newCitizen(ctx);
    const full = await appointments.saveSettings(leader, floor.agencyCode, floor.groupId, { enabled: '1', slotMinutes: '30', capacity: '1', daysAhead: '14', cutoffMinutes: '60' });
    assert.equal(full.capacity, 1);
    await refused(appointments.book(other, { ...base, startsAt: slot('11:00') }, {}, NOW), 'APPOINTMENT_SLOT_FULL');
    await refused(appointments.cancel({ actor: who }, booked.code, new Date('2027-03-08T10:30:00+07:00')), 'APPOINTMENT_CUTOFF_PASSED');
    await appointments.cancel({ actor: null, token: booked.accessToken }, booked.code, new Date('2027-03-08T09:00:00+07:00'));
    const row = await ctx.db.selectFrom('appointments').select(['status', 'cancelled_at']).where('code', '=', booked.code).executeTakeFirstOrThrow();
    assert.equal(row.status, 'cancelled');
    const again = await appointments.book(other, { ...base, startsAt: slot('11:00') }, {}, NOW);
    assert.match(again.code, /^[A-Z2-9]{8}$/);
    await refused(appointments.cancel({ actor: null, token: 'wrong' }, again.code, NOW), 'NOT_FOUND');
  });

  it('refuses a slot that is not one (between slots, at lunch, a Sunday, past the cut-off, beyond the horizon)', async () => {
    const who = await newCitizen(ctx);
    for (const startsAt of [slot('09:15'), slot('12:00'), slot('09:00', '2027-03-07'), slot('07:30'), slot('09:00', '2027-04-05'), 'not a date']) {
      const error = await refused(appointments.book(who, { ...base, startsAt }, {}, NOW), 'VALIDATION_FAILED');
      assert.deepEqual(error.fieldErrors.map((e) => e.code), ['APPOINTMENT_SLOT_INVALID'], startsAt);
    }
    const error = await refused(appointments.book(who, { ...base, startsAt: slot('08:00') }, {}, new Date('2027-03-08T07:01:00+07:00')), 'VALIDATION_FAILED');
    assert.equal(error.fieldErrors[0]!.code, 'APPOINTMENT_SLOT_INVALID', 'an hour before: the cut-off has passed');
  });

  it('an anonymous visitor books with a phone verified by an SMS code; a wrong code is refused', async () => {
    const { verificationId } = await appointments.requestCode({ phone: '0987 654 321' });
    const sms = await ctx.db.selectFrom('sms_messages').select('body').where('to_number', 'like', '%987654321').orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    assert.match(sms.body, /đặt lịch hẹn/);
    const code = /(\d{6})/.exec(sms.body)![1]!;
    const input = { ...base, startsAt: slot('13:00'), name: 'Lâm Văn Khách', verificationId };
    const error = await refused(appointments.book(null, { ...input, code: code === '111111' ? '222222' : '111111' }, {}, NOW), 'VALIDATION_FAILED');
    assert.equal(error.fieldErrors[0]!.code, 'APPOINTMENT_CODE_INVALID');
    await refused(appointments.book(null, { ...input, name: '', code }, {}, NOW), 'VALIDATION_FAILED');
    const booked = await appointments.book(null, { ...input, code }, { locale: 'en' }, NOW);
    const row = await ctx.db.selectFrom('appointments').selectAll().where('id', '=', booked.id).executeTakeFirstOrThrow();
    assert.equal(row.phone, '0987654321');
    assert.equal(row.channel, 'online');
    assert.equal(row.locale, 'en');
    assert.equal(row.access_hash?.length, 32);
    assert.notEqual(row.access_hash?.toString('base64url'), booked.accessToken, 'only the hash is kept');
    const confirmation = await ctx.db.selectFrom('sms_messages').select('body').where('to_number', 'like', '%987654321').orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    assert.ok(confirmation.body.includes(`${booked.code.slice(0, 4)}-${booked.code.slice(4)}`), confirmation.body);
    assert.match(confirmation.body, /^Appointment/, 'in the reader’s language');
    assert.ok(confirmation.body.includes(`/lich-hen/${booked.code}?k=`));
    // The same code cannot book twice.
    await refused(appointments.book(null, { ...input, startsAt: slot('13:30'), code }, {}, NOW), 'VALIDATION_FAILED');
  });

  it('an officer books on the phone for a caller (audited); a citizen cannot', async () => {
    const booked = await appointments.bookByPhone(reception, { ...base, startsAt: slot('14:00'), name: 'Người gọi điện', phone: '0911 222 333' }, 'vi', NOW);
    const row = await ctx.db.selectFrom('appointments').select(['channel', 'booked_by', 'phone']).where('id', '=', booked.id).executeTakeFirstOrThrow();
    assert.deepEqual(row, { channel: 'phone', booked_by: reception.id, phone: '0911222333' });
    const audit = await ctx.db.selectFrom('audit_log').select('action').where('target_id', '=', booked.id).execute();
    assert.deepEqual(audit.map((a) => a.action), ['appointments.book']);
    await refused(appointments.bookByPhone(reception, { ...base, startsAt: slot('14:30'), name: 'X', phone: '' }, 'vi', NOW), 'VALIDATION_FAILED');
    const citizen = await newCitizen(ctx);
    await refused(appointments.bookByPhone(citizen, { ...base, startsAt: slot('14:30'), name: 'X', phone: '0911222333' }, 'vi', NOW), 'FORBIDDEN');
  });

  it('check-in inside the window issues one ticket of the group; a second scan is refused as used', async () => {
    const who = await newCitizen(ctx);
    const booked = await appointments.book(who, { ...base, startsAt: slot('15:00') }, {}, NOW);
    await refused(appointments.checkIn({ agencyCode: floor.agencyCode, code: booked.code }, {}, new Date('2027-03-08T14:00:00+07:00')), 'APPOINTMENT_TOO_EARLY');
    await refused(appointments.checkIn({ agencyCode: '000.00.00.H59', code: booked.code }, {}, new Date('2027-03-08T14:50:00+07:00')), 'APPOINTMENT_UNKNOWN_CODE');
    const result = await appointments.checkIn({ agencyCode: floor.agencyCode, code: booked.code.toLowerCase().replace(/^(....)/, '$1-') }, {}, new Date('2027-03-08T14:50:00+07:00'));
    const ticket = await ctx.db.selectFrom('floor_tickets').selectAll().where('id', '=', result.ticket.id).executeTakeFirstOrThrow();
    assert.equal(ticket.appointment_id, booked.id);
    assert.equal(ticket.group_id, floor.groupId);
    assert.equal(ticket.source, 'appointment');
    assert.equal(ticket.day, '2027-03-08');
    assert.equal(result.appointment.status, 'checked_in');
    const row = await ctx.db.selectFrom('appointments').select(['status', 'ticket_id']).where('id', '=', booked.id).executeTakeFirstOrThrow();
    assert.deepEqual(row, { status: 'checked_in', ticket_id: ticket.id });
    await refused(appointments.checkIn({ agencyCode: floor.agencyCode, code: booked.code }, {}, new Date('2027-03-08T14:55:00+07:00')), 'APPOINTMENT_USED');
    const both = await Promise.allSettled([1, 2].map(() => appointments.checkIn({ agencyCode: floor.agencyCode, code: booked.code }, {}, new Date('2027-03-08T14:56:00+07:00'))));
    assert.ok(both.every((r) => r.status === 'rejected'));
  });

  it('a check-in with no counter of the group open leaves the appointment booked', async () => {
    const closed = await appointmentFloor(ctx, { open: false });
    const who = await newCitizen(ctx);
    const booked = await appointments.book(who, { agencyCode: closed.agencyCode, groupId: closed.groupId, startsAt: slot('16:00') }, {}, NOW);
    await refused(appointments.checkIn({ agencyCode: closed.agencyCode, code: booked.code }, {}, new Date('2027-03-08T15:50:00+07:00')), 'FLOOR_NO_OPEN_COUNTER');
    const row = await ctx.db.selectFrom('appointments').select(['status', 'ticket_id']).where('id', '=', booked.id).executeTakeFirstOrThrow();
    assert.deepEqual(row, { status: 'booked', ticket_id: null });
  });

  it('the reminder job the day before: one SMS per booked appointment, once', async () => {
    const tuesday = await appointmentFloor(ctx);
    const who = await newCitizen(ctx);
    const booked = await appointments.bookByPhone(reception, { agencyCode: tuesday.agencyCode, groupId: tuesday.groupId, startsAt: slot('09:00', '2027-03-09'), name: 'Nhắc Hẹn', phone: '0933444555' }, 'vi', NOW);
    await appointments.book(who, { agencyCode: tuesday.agencyCode, groupId: tuesday.groupId, startsAt: slot('09:30', '2027-03-09') }, {}, NOW);
    const evening = new Date('2027-03-08T17:00:00+07:00');
    assert.ok((await appointments.remind(evening)) >= 2);
    assert.equal(await appointments.remind(evening), 0, 'once');
    const sms = await ctx.db.selectFrom('sms_messages').select('body').where('to_number', 'like', '%933444555').orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    assert.match(sms.body, /^Nhắc lịch hẹn/);
    assert.ok(sms.body.includes('09/03/2027'));
    const row = await ctx.db.selectFrom('appointments').select('reminded_at').where('id', '=', booked.id).executeTakeFirstOrThrow();
    assert.ok(row.reminded_at);
  });

  it('the no-show job after the day marks booked appointments not checked in; the report counts them per day and group', async () => {
    const before = await ctx.db.selectFrom('appointments').select(['id', 'status']).where('group_id', '=', floor.groupId).where('day', '=', '2027-03-08').execute();
    const booked = before.filter((r) => r.status === 'booked').length;
    assert.ok(booked > 0);
    assert.equal(await appointments.markNoShows(new Date('2027-03-08T23:00:00+07:00')), 0, 'not before the day is over');
    assert.ok((await appointments.markNoShows(new Date('2027-03-09T00:15:00+07:00'))) >= booked);
    const after = await ctx.db.selectFrom('appointments').select('status').where('group_id', '=', floor.groupId).where('day', '=', '2027-03-08').execute();
    assert.equal(after.filter((r) => r.status === 'no_show').length, booked);
    assert.equal(after.filter((r) => r.status === 'checked_in').length, 1, 'the checked-in one stays');
    const report = await appointments.report(leader, floor.agencyCode, '2027-03-01', '2027-03-31');
    const line = report.rows.find((r) => r.group.id === floor.groupId && r.day === '2027-03-08');
    assert.ok(line);
    assert.deepEqual({ bookings: line.bookings, checkIns: line.checkIns, cancellations: line.cancellations, noShows: line.noShows }, { bookings: before.length, checkIns: 1, cancellations: 1, noShows: booked });
    await refused(appointments.report(await newCitizen(ctx), floor.agencyCode, '2027-03-01', '2027-03-31'), 'FORBIDDEN');
    await refused(appointments.report(leader, floor.agencyCode, '2027-03-31', '2027-03-01'), 'VALIDATION_FAILED');
  });

  it('the demo: settings for the floor demo’s counter groups and a few bookings, once', async () => {
    const demoGroups = await ctx.db.selectFrom('floor_groups').select('id').where('agency_id', '=', floor.agencyId).where('code', 'not like', 'Z%').execute();
    assert.ok(demoGroups.length > 0, 'the floor demo made counter groups');
    // The demo books only where nothing is booked yet: the earlier cases' appointments are set aside.
    await ctx.db.updateTable('floor_tickets').set({ appointment_id: null }).where('agency_id', '=', floor.agencyId).execute();
    await ctx.db.deleteFrom('appointments').where('agency_id', '=', floor.agencyId).execute();
    const made = await seedDemoAppointments(ctx, NOW);
    assert.ok(made !== null && made >= 2, String(made));
    const settings = await ctx.db.selectFrom('appointment_settings').select('group_id').where('group_id', 'in', demoGroups.map((g) => g.id)).execute();
    assert.equal(settings.length, demoGroups.length);
    assert.equal(await seedDemoAppointments(ctx, NOW), null, 'idempotent');
  });

  it('settings: only the agency’s leader or an administrator; values out of range are named', async () => {
    await refused(appointments.saveSettings(reception, floor.agencyCode, floor.groupId, { enabled: '1', slotMinutes: '15', capacity: '2', daysAhead: '7', cutoffMinutes: '30' }), 'FORBIDDEN');
    const error = await refused(appointments.saveSettings(leader, floor.agencyCode, floor.groupId, { enabled: '1', slotMinutes: '1', capacity: '2', daysAhead: '7', cutoffMinutes: '30' }), 'VALIDATION_FAILED');
    assert.deepEqual(error.fieldErrors.map((e) => e.path), ['/slotMinutes']);
    const admin = await actorByUsername(ctx, 'demo.quantri');
    await appointments.saveSettings(admin, floor.agencyCode, floor.groupId, { enabled: '', slotMinutes: '15', capacity: '2', daysAhead: '7', cutoffMinutes: '30' });
    assert.deepEqual((await appointments.choices({ agencyCode: floor.agencyCode }, 'vi', NOW)).groups.filter((g) => g.id === floor.groupId), [], 'a group paused is not offered');
  });
});
