// Appointments over HTTP: bad input (a slot that is not one, hostile values, a wrong SMS code, the last place taken →
// 409 problem+json), the no-JS booking pages (signed in: confirmation with its QR, cancellation), the kiosk's check-in
// issuing a ticket (a used or cancelled appointment refused), the officers' pages, settings form and report.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { vietnamDate } from '../../src/core/time.ts';
import { anonymousForm, authHeaders, createTestApp, login } from '../helpers/app.ts';
import { appointmentFloor } from '../helpers/appointments.ts';
import { summaryLinks, urlencodedForm } from '../helpers/forms.ts';

describe('appointments over HTTP', async () => {
  const { app, ctx } = await createTestApp({ demo: true, config: { SMS_URL: 'http://127.0.0.1:9/sms' } });
  const floor = await appointmentFloor(ctx, { capacity: 1, cutoffMinutes: 0 });
  const citizen = await login(app, 'demo.congdan');
  const reception = await login(app, 'demo.motcua');
  const leader = await login(app, 'demo.lanhdao');
  const json = (session: { cookie: string; csrfToken: string }, ip = '10.1.0.1') => ({ headers: { ...authHeaders(session), accept: 'application/json' }, remoteAddress: ip });

  /** The first free slot the API offers. */
  const firstSlot = async (): Promise<string> => {
    const days = await app.inject({ method: 'GET', url: `/api/appointments/slots?agencyCode=${floor.agencyCode}&groupId=${floor.groupId}` });
    assert.equal(days.statusCode, 200, days.body);
    const day = (days.json() as { days: Array<{ day: string }> }).days[0]!.day;
    const slots = await app.inject({ method: 'GET', url: `/api/appointments/slots?agencyCode=${floor.agencyCode}&groupId=${floor.groupId}&day=${day}` });
    return (slots.json() as { slots: Array<{ startsAt: string }> }).slots[0]!.startsAt;
  };

  /** An appointment starting in 10 minutes (written directly: the check-in window is about now). */
  const dueNow = async (status: 'booked' | 'cancelled' = 'booked') => {
    const code = Array.from(randomBytes(8), (b) => 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'[b % 31]).join('');
    const start = new Date(Date.now() + 10 * 60_000);
    await ctx.db
      .insertInto('appointments')
      .values({ code, agency_id: floor.agencyId, group_id: floor.groupId, day: vietnamDate(start), starts_at: start, ends_at: new Date(start.getTime() + 30 * 60_000), channel: 'online', name: 'Khách Đến Quầy', phone: '0909000111', status, cancelled_at: status === 'cancelled' ? new Date() : null, access_hash: createHash('sha256').update('k').digest() })
      .execute();
    return code;
  };

  it('a slot that is not one, or hostile values, are refused with 422 problem+json naming the field (never a 500)', async () => {
    const bad = [
      { agencyCode: floor.agencyCode, groupId: floor.groupId, startsAt: 'ngày mai' },
      { agencyCode: floor.agencyCode, groupId: floor.groupId, startsAt: '2020-01-01T01:00:00.000Z' },
      { agencyCode: floor.agencyCode, groupId: 'x'.repeat(64), startsAt: '9999-99-99' },
      { agencyCode: '<script>', groupId: floor.groupId, startsAt: '' },
    ];
    const paths: string[][] = [];
    for (const payload of bad) {
      const response = await app.inject({ method: 'POST', url: '/api/appointments', ...json(citizen), payload });
      assert.equal(response.statusCode, 422, response.body);
      assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
      paths.push((response.json() as { errors: Array<{ path: string }> }).errors.map((e) => e.path));
    }
    assert.deepEqual(paths, [['/startsAt'], ['/startsAt'], ['/groupId'], ['/agencyCode']]);
    const control = await app.inject({ method: 'GET', url: `/api/appointments/slots?agencyCode=${floor.agencyCode}&groupId=%00` });
    assert.equal(control.statusCode, 422, control.body);
    const weird = await app.inject({ method: 'GET', url: `/api/appointments/slots?agencyCode=${encodeURIComponent('../../etc')}&groupId=${'x'.repeat(64)}&day=2026-02-31` });
    assert.equal(weird.statusCode, 200, weird.body);
    assert.deepEqual(weird.json(), { agency: null, groups: [], days: [], slots: [] });
    const noDay = await app.inject({ method: 'GET', url: `/api/appointments/slots?agencyCode=${floor.agencyCode}&groupId=${floor.groupId}&day=2026-02-31` });
    assert.equal(noDay.statusCode, 200, noDay.body);
    assert.deepEqual((noDay.json() as { slots: unknown[] }).slots, []);
  });

  it('the last place booked twice: the second gets 409 APPOINTMENT_SLOT_FULL', async () => {
    const startsAt = await firstSlot();
    const payload = { agencyCode: floor.agencyCode, groupId: floor.groupId, startsAt };
    const first = await app.inject({ method: 'POST', url: '/api/appointments', ...json(citizen), payload });
    assert.equal(first.statusCode, 201, first.body);
    const business = await login(app, 'demo.doanhnghiep');
    const second = await app.inject({ method: 'POST', url: '/api/appointments', ...json(business), payload });
    assert.equal(second.statusCode, 409, second.body);
    assert.equal((second.json() as { code: string }).code, 'APPOINTMENT_SLOT_FULL');
    const { code } = first.json() as { code: string };
    const cancel = await app.inject({ method: 'POST', url: `/api/appointments/${code}/cancel`, ...json(citizen) });
    assert.equal(cancel.statusCode, 200, cancel.body);
    assert.equal((cancel.json() as { status: string }).status, 'cancelled');
  });

  it('an anonymous visitor with a wrong SMS code is refused (422, /code)', async () => {
    const visitor = await anonymousForm(app, `/quay/${floor.agencyCode}/hen`);
    const headers = { cookie: visitor.cookie, 'x-csrf-token': visitor.csrfToken, accept: 'application/json' };
    const malformed = await app.inject({ method: 'POST', url: '/api/appointments/codes', headers, remoteAddress: '10.1.0.2', payload: { phone: '12345' } });
    assert.equal(malformed.statusCode, 422, malformed.body);
    const sent = await app.inject({ method: 'POST', url: '/api/appointments/codes', headers, remoteAddress: '10.1.0.2', payload: { phone: '0977 111 222' } });
    assert.equal(sent.statusCode, 202, sent.body);
    const { verificationId } = sent.json() as { verificationId: string };
    const response = await app.inject({ method: 'POST', url: '/api/appointments', headers, remoteAddress: '10.1.0.2', payload: { agencyCode: floor.agencyCode, groupId: floor.groupId, startsAt: await firstSlot(), name: 'Khách', verificationId, code: '000000' } });
    assert.equal(response.statusCode, 422, response.body);
    assert.deepEqual((response.json() as { errors: Array<{ path: string; code: string }> }).errors.map((e) => `${e.path} ${e.code}`), ['/code APPOINTMENT_CODE_INVALID']);
  });

  it('a signed-in citizen books on the pages without JavaScript: step by step, then the confirmation with its QR', async () => {
    const english = await app.inject({ method: 'GET', url: `/lich-hen?lang=en&agencyCode=${floor.agencyCode}&groupId=${floor.groupId}`, headers: { accept: 'text/html' } });
    assert.match(english.body, /<h1>Book an appointment at the one-stop centre<\/h1>/);
    const group = await ctx.db.selectFrom('floor_groups').select(['code', 'name_en']).where('id', '=', floor.groupId).executeTakeFirstOrThrow();
    assert.ok(english.body.includes(`${group.code} — ${group.name_en}`), 'the group’s English name');
    const page = await app.inject({ method: 'GET', url: `/lich-hen?agencyCode=${floor.agencyCode}&groupId=${floor.groupId}`, headers: { accept: 'text/html', cookie: citizen.cookie } });
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes(`value="${floor.groupId}"`), 'the group is offered');
    const day = /name="day" value="(\d{4}-\d{2}-\d{2})"/.exec(page.body)?.[1];
    assert.ok(day, 'a day is offered');
    const slots = await app.inject({ method: 'GET', url: `/lich-hen?agencyCode=${floor.agencyCode}&groupId=${floor.groupId}&day=${day}`, headers: { accept: 'text/html', cookie: citizen.cookie } });
    const startsAt = /name="startsAt" value="([^"]+)"/.exec(slots.body)?.[1];
    assert.ok(startsAt, 'a slot is offered');
    const empty = await app.inject({ method: 'POST', url: '/lich-hen', ...urlencodedForm(citizen, { agencyCode: floor.agencyCode, groupId: floor.groupId, day: day! }) });
    assert.equal(empty.statusCode, 422);
    assert.deepEqual(summaryLinks(empty.body).map((l) => l.href), ['#startsAt']);
    const booked = await app.inject({ method: 'POST', url: '/lich-hen', ...urlencodedForm(citizen, { agencyCode: floor.agencyCode, groupId: floor.groupId, day: day!, startsAt: startsAt!, procedureId: floor.procedureId }) });
    assert.equal(booked.statusCode, 303, booked.body);
    const location = booked.headers.location as string;
    assert.match(location, /^\/lich-hen\/[A-Z2-9]{8}\?new=1&k=/);
    const confirmation = await app.inject({ method: 'GET', url: location, headers: { accept: 'text/html' } });
    assert.equal(confirmation.statusCode, 200);
    assert.match(confirmation.body, /<svg[^>]*>/);
    const code = /\/lich-hen\/([A-Z2-9]{8})/.exec(location)![1]!;
    assert.ok(confirmation.body.includes(`${code.slice(0, 4)}-${code.slice(4)}`));
    const mine = await app.inject({ method: 'GET', url: '/lich-hen/cua-toi', headers: { accept: 'text/html', cookie: citizen.cookie } });
    assert.ok(mine.body.includes(`/lich-hen/${code}`));
    const stranger = await app.inject({ method: 'GET', url: `/lich-hen/${code}?k=wrong`, headers: { accept: 'text/html' } });
    assert.equal(stranger.statusCode, 404);
    const cancelled = await app.inject({ method: 'POST', url: `/lich-hen/${code}/huy`, ...urlencodedForm(citizen) });
    assert.equal(cancelled.statusCode, 303);
    const row = await ctx.db.selectFrom('appointments').select('status').where('code', '=', code).executeTakeFirstOrThrow();
    assert.equal(row.status, 'cancelled');
  });

  it('check-in at the kiosk issues a ticket; the same code again, a cancelled one or an unknown one is refused', async () => {
    const code = await dueNow();
    const kiosk = await anonymousForm(app, `/quay/${floor.agencyCode}/hen`);
    assert.match(kiosk.html, /<input id="code" name="code"[^>]*autofocus/);
    const response = await app.inject({ method: 'POST', url: `/quay/${floor.agencyCode}/hen`, ...urlencodedForm(kiosk, { code: `${code.slice(0, 4).toLowerCase()}-${code.slice(4)}` }) });
    assert.equal(response.statusCode, 201, response.body);
    const appointment = await ctx.db.selectFrom('appointments').select(['id', 'status', 'ticket_id']).where('code', '=', code).executeTakeFirstOrThrow();
    assert.equal(appointment.status, 'checked_in');
    const ticket = await ctx.db.selectFrom('floor_tickets').selectAll().where('id', '=', appointment.ticket_id!).executeTakeFirstOrThrow();
    assert.equal(ticket.appointment_id, appointment.id);
    assert.equal(ticket.source, 'appointment');
    assert.match(ticket.code, /^Z[A-Z]\d{3,}$/);
    assert.ok(response.body.includes(`<strong>${ticket.code}</strong>`), 'the ticket number is shown');
    const again = await app.inject({ method: 'POST', url: `/api/kiosk/${floor.agencyCode}/appointments/check-in`, headers: { cookie: kiosk.cookie, 'x-csrf-token': kiosk.csrfToken, accept: 'application/json' }, payload: { code } });
    assert.equal(again.statusCode, 409, again.body);
    assert.equal((again.json() as { code: string }).code, 'APPOINTMENT_USED');
    const cancelled = await dueNow('cancelled');
    const refused = await app.inject({ method: 'POST', url: `/quay/${floor.agencyCode}/hen`, ...urlencodedForm(kiosk, { code: cancelled }) });
    assert.equal(refused.statusCode, 409);
    assert.ok(refused.body.includes('error-summary'));
    const unknown = await app.inject({ method: 'POST', url: `/api/kiosk/${floor.agencyCode}/appointments/check-in`, headers: { cookie: kiosk.cookie, 'x-csrf-token': kiosk.csrfToken, accept: 'application/json' }, payload: { code: 'ZZZZ-ZZZZ' } });
    assert.equal(unknown.statusCode, 404, unknown.body);
    assert.equal((unknown.json() as { code: string }).code, 'APPOINTMENT_UNKNOWN_CODE');
    const garbage = await app.inject({ method: 'POST', url: `/api/kiosk/${floor.agencyCode}/appointments/check-in`, headers: { cookie: kiosk.cookie, 'x-csrf-token': kiosk.csrfToken, accept: 'application/json' }, payload: { code: '\u0000'.repeat(10) } });
    assert.ok(garbage.statusCode < 500, garbage.body);
  });

  it('officers: the day list, booking on the phone; settings by the leader (422 on a bad value); the report and its Excel', async () => {
    const day = await app.inject({ method: 'GET', url: `/can-bo/lich-hen?agencyCode=${floor.agencyCode}&groupId=${floor.groupId}`, headers: { accept: 'text/html', cookie: reception.cookie } });
    assert.equal(day.statusCode, 200, day.body);
    const startsAt = await firstSlot();
    const booked = await app.inject({ method: 'POST', url: '/can-bo/lich-hen/dat', ...urlencodedForm(reception, { agencyCode: floor.agencyCode, groupId: floor.groupId, startsAt, name: 'Người Gọi', phone: '0911000222' }) });
    assert.equal(booked.statusCode, 303, booked.body);
    const list = await app.inject({ method: 'GET', url: booked.headers.location as string, headers: { accept: 'text/html', cookie: reception.cookie } });
    assert.ok(list.body.includes('Người Gọi'));
    const forbidden = await app.inject({ method: 'GET', url: `/can-bo/lich-hen/cai-dat/${floor.groupId}?agencyCode=${floor.agencyCode}`, headers: { accept: 'text/html', cookie: reception.cookie } });
    assert.equal(forbidden.statusCode, 403);
    const form = await app.inject({ method: 'GET', url: `/can-bo/lich-hen/cai-dat/${floor.groupId}?agencyCode=${floor.agencyCode}`, headers: { accept: 'text/html', cookie: leader.cookie } });
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /<select id="slotMinutes"/);
    const bad = await app.inject({ method: 'POST', url: `/can-bo/lich-hen/cai-dat/${floor.groupId}?agencyCode=${floor.agencyCode}`, ...urlencodedForm(leader, { enabled: '1', slotMinutes: '30', capacity: '0', daysAhead: '14', cutoffMinutes: '0' }) });
    assert.equal(bad.statusCode, 422);
    assert.deepEqual(summaryLinks(bad.body).map((l) => l.href), ['#capacity']);
    const saved = await app.inject({ method: 'POST', url: `/can-bo/lich-hen/cai-dat/${floor.groupId}?agencyCode=${floor.agencyCode}`, ...urlencodedForm(leader, { enabled: '1', slotMinutes: '30', capacity: '4', daysAhead: '14', cutoffMinutes: '0' }) });
    assert.equal(saved.statusCode, 303);
    const report = await app.inject({ method: 'GET', url: `/can-bo/lich-hen/bao-cao?agencyCode=${floor.agencyCode}`, headers: { accept: 'text/html', cookie: leader.cookie } });
    assert.equal(report.statusCode, 200);
    const excel = await app.inject({ method: 'GET', url: `/can-bo/lich-hen/bao-cao.xlsx?agencyCode=${floor.agencyCode}`, headers: { cookie: leader.cookie } });
    assert.equal(excel.statusCode, 200);
    assert.equal(excel.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const api = await app.inject({ method: 'GET', url: `/api/officer/appointments/report?agencyCode=${floor.agencyCode}&from=2026-01-01&to=2026-12-31`, ...json(citizen) });
    assert.equal(api.statusCode, 403);
  });
});
