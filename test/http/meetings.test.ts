// The work calendar and electronic invitations over HTTP (issue 19 part 4): a meeting drafted, published, invitees
// added, sent (numbered GM, mail and SMS queued, an in-app notice) and answered through the personal link; the bad
// input of the issue — an invitation to a person who left the agency (account disabled, or moved to another agency)
// is refused naming the field; hostile input never 500s; the pages (week, detail, invitation link, public calendar,
// PDFs) render.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authHeaders, createTestApp, login } from '../helpers/app.ts';
import { multipartBody, urlencodedForm } from '../helpers/forms.ts';
import { PDF } from '../helpers/dossiers.ts';

const COPYRIGHT_OFFICE = '000.00.12.G14';

describe('meetings over HTTP', async () => {
  const { app, ctx } = await createTestApp({ demo: true, config: { SMS_URL: 'http://127.0.0.1:9/sms' } });
  const leader = await login(app, 'demo.lanhdao');
  const specialist = await login(app, 'demo.chuyenvien');
  const citizen = await login(app, 'demo.congdan');
  const office = await ctx.db.selectFrom('agencies').select('id').where('code', '=', COPYRIGHT_OFFICE).executeTakeFirstOrThrow();
  const travinh = await ctx.db.selectFrom('agencies').select('id').where('code', '=', '000.00.00.H59').executeTakeFirstOrThrow();
  const huy = await ctx.db.selectFrom('accounts').select(['id', 'password_hash']).where('username', '=', 'demo.chuyenvien').executeTakeFirstOrThrow();
  // A colleague who left (disabled) and one who moved to Trà Vinh.
  const left = await ctx.db.insertInto('accounts').values({ username: 'mt.left', kind: 'staff', status: 'disabled', password_hash: huy.password_hash, full_name: 'Người Đã Nghỉ', agency_id: office.id }).returning('id').executeTakeFirstOrThrow();
  const moved = await ctx.db.insertInto('accounts').values({ username: 'mt.moved', kind: 'staff', password_hash: huy.password_hash, full_name: 'Người Chuyển Đi', agency_id: travinh.id }).returning('id').executeTakeFirstOrThrow();
  const json = (session: { cookie: string; csrfToken: string }) => ({ headers: { ...authHeaders(session), accept: 'application/json' } });
  const problem = (body: string) => JSON.parse(body) as { code: string; errors?: Array<{ path: string; code: string }> };

  const day = '2026-12-08';
  let eventId = '';
  let link = '';

  it('a leader drafts a meeting (201); a citizen may not (403); a bad date and time are named', async () => {
    const bad = await app.inject({ method: 'POST', url: '/api/meetings/events', ...json(leader), payload: { title: ' ', date: '2026-02-30', startTime: '25:00' } });
    assert.equal(bad.statusCode, 422, bad.body);
    assert.deepEqual(problem(bad.body).errors!.map((e) => `${e.path} ${e.code}`).sort(), ['/date MEETING_DATE_INVALID', '/startTime MEETING_TIME_INVALID', '/title MEETING_TITLE_REQUIRED']);
    const refused = await app.inject({ method: 'POST', url: '/api/meetings/events', ...json(citizen), payload: { title: 'x', date: day, startTime: '08:00' } });
    assert.equal(refused.statusCode, 403);
    const created = await app.inject({ method: 'POST', url: '/api/meetings/events', ...json(leader), payload: { title: 'Họp giao ban tuần', date: day, startTime: '08:00', endTime: '10:00', location: 'Phòng họp tầng 3', isMeeting: true, isPublic: true } });
    assert.equal(created.statusCode, 201, created.body);
    eventId = (created.json() as { id: string }).id;
  });

  it('a draft is invisible to the specialist (404) and published by the leader', async () => {
    const hidden = await app.inject({ method: 'GET', url: `/api/meetings/events/${eventId}`, ...json(specialist) });
    assert.equal(hidden.statusCode, 404);
    const published = await app.inject({ method: 'POST', url: `/api/meetings/events/${eventId}/publish`, ...json(leader) });
    assert.equal(published.statusCode, 204, published.body);
    const again = await app.inject({ method: 'POST', url: `/api/meetings/events/${eventId}/publish`, ...json(leader) });
    assert.equal(problem(again.body).code, 'MEETING_ALREADY_PUBLISHED');
  });

  it('an invitation to a person who has left the agency is refused, naming the field (disabled; moved)', async () => {
    const disabled = await app.inject({ method: 'POST', url: `/api/meetings/events/${eventId}/invitations`, ...json(leader), payload: { invitees: [{ accountId: huy.id }, { accountId: left.id }] } });
    assert.equal(disabled.statusCode, 422, disabled.body);
    assert.deepEqual(problem(disabled.body).errors!.map((e) => `${e.path} ${e.code}`), ['/invitees/1/accountId MEETING_INVITEE_INACTIVE']);
    const movedAway = await app.inject({ method: 'POST', url: `/api/meetings/events/${eventId}/invitations`, ...json(leader), payload: { invitees: [{ accountId: moved.id, agencyId: office.id }] } });
    assert.equal(movedAway.statusCode, 422, movedAway.body);
    assert.deepEqual(problem(movedAway.body).errors!.map((e) => `${e.path} ${e.code}`), ['/invitees/0/accountId MEETING_INVITEE_INACTIVE']);
    // Nothing was written by the refused requests.
    const count = await ctx.db.selectFrom('meeting_invitations').select((eb) => eb.fn.countAll<string>().as('n')).where('event_id', '=', eventId).executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 0);
  });

  it('outside invitees need a contact; a valid list is added with the overlaps as a warning', async () => {
    const noContact = await app.inject({ method: 'POST', url: `/api/meetings/events/${eventId}/invitations`, ...json(leader), payload: { invitees: [{ name: 'Ông Khách' }, { name: 'Bà Khách', email: 'not-an-email', phone: '12' }] } });
    assert.equal(noContact.statusCode, 422);
    assert.deepEqual(problem(noContact.body).errors!.map((e) => `${e.path} ${e.code}`), ['/invitees/0/email MEETING_INVITEE_CONTACT_REQUIRED', '/invitees/1/email MEETING_EMAIL_INVALID', '/invitees/1/phone MEETING_PHONE_INVALID']);
    const ok = await app.inject({ method: 'POST', url: `/api/meetings/events/${eventId}/invitations`, ...json(leader), payload: { invitees: [{ accountId: huy.id, agencyId: office.id }, { name: 'Ông Khách Mời', email: 'khach@example.vn', phone: '0912 345 678' }] } });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal((ok.json() as { added: number }).added, 2);
    const dup = await app.inject({ method: 'POST', url: `/api/meetings/events/${eventId}/invitations`, ...json(leader), payload: { invitees: [{ accountId: huy.id }] } });
    assert.deepEqual(problem(dup.body).errors!.map((e) => e.code), ['MEETING_INVITEE_DUPLICATE']);
  });

  it('sending numbers the invitation (GM) and queues mail, SMS and the in-app notice', async () => {
    const sent = await app.inject({ method: 'POST', url: `/api/meetings/events/${eventId}/send`, ...json(leader) });
    assert.equal(sent.statusCode, 200, sent.body);
    const body = sent.json() as { sent: number; email: number; sms: number; numberSymbol: string };
    assert.equal(body.sent, 2);
    assert.match(body.numberSymbol, /^\d{2,}\/GM-[0-9A-ZĐÀ-Ỹ]+$/u);
    const mail = await ctx.db.selectFrom('mail_messages').select(['to_address', 'body_text']).where('to_address', '=', 'khach@example.vn').executeTakeFirstOrThrow();
    link = /https?:\/\/\S+\/giay-moi\/[A-Za-z0-9_-]+/.exec(mail.body_text)![0]!;
    const sms = await ctx.db.selectFrom('sms_messages').select('body').where('body', 'like', '%giay-moi%').execute();
    assert.equal(sms.length, 1);
    const notice = await ctx.db.selectFrom('notifications').select(['kind', 'link']).where('account_id', '=', huy.id).where('kind', '=', 'meeting.invitation').execute();
    assert.equal(notice.length, 1);
    const nothingLeft = await app.inject({ method: 'POST', url: `/api/meetings/events/${eventId}/send`, ...json(leader) });
    assert.equal(problem(nothingLeft.body).code, 'MEETING_NO_INVITEES');
  });

  it('the outside invitee answers through the link: a decline needs a reason, then attends; a wrong token is 404', async () => {
    const token = link.split('/giay-moi/')[1]!;
    const view = await app.inject({ method: 'GET', url: `/api/meetings/invitation/${token}` });
    assert.equal(view.statusCode, 200, view.body);
    const noReason = await app.inject({ method: 'POST', url: `/api/meetings/invitation/${token}/response`, payload: { response: 'decline', reason: '  ' } });
    assert.equal(noReason.statusCode, 422);
    assert.deepEqual(problem(noReason.body).errors!.map((e) => `${e.path} ${e.code}`), ['/reason MEETING_REASON_REQUIRED']);
    const delegate = await app.inject({ method: 'POST', url: `/api/meetings/invitation/${token}/response`, payload: { response: 'delegate', deputyId: huy.id } });
    assert.equal(problem(delegate.body).code, 'MEETING_DELEGATE_INTERNAL_ONLY');
    const accepted = await app.inject({ method: 'POST', url: `/api/meetings/invitation/${token}/response`, payload: { response: 'accept' } });
    assert.equal(accepted.statusCode, 200, accepted.body);
    assert.equal((accepted.json() as { status: string }).status, 'accepted');
    for (const bad of ['x', 'A'.repeat(43), '../../etc/passwd']) {
      const r = await app.inject({ method: 'GET', url: `/api/meetings/invitation/${encodeURIComponent(bad)}` });
      assert.equal(r.statusCode, 404, bad);
    }
    const page = await app.inject({ method: 'GET', url: `/giay-moi/${token}`, headers: { accept: 'text/html' } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Họp giao ban tuần/);
    assert.equal(page.headers['referrer-policy'], 'no-referrer');
    const pdf = await app.inject({ method: 'GET', url: `/giay-moi/${token}/giay-moi.pdf` });
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
  });

  it('the specialist accepts in-app; the meeting is on their calendar and the agency’s week', async () => {
    const mine = await app.inject({ method: 'GET', url: '/api/meetings/mine', ...json(specialist) });
    const item = (mine.json() as { items: Array<{ id: string; eventId: string }> }).items.find((i) => i.eventId === eventId)!;
    const answered = await app.inject({ method: 'POST', url: `/api/meetings/invitations/${item.id}/response`, ...json(specialist), payload: { response: 'accept' } });
    assert.equal(answered.statusCode, 200, answered.body);
    const stranger = await app.inject({ method: 'POST', url: `/api/meetings/invitations/${item.id}/response`, ...json(leader), payload: { response: 'accept' } });
    assert.equal(stranger.statusCode, 404);
    const week = await app.inject({ method: 'GET', url: `/api/meetings/week?week=${day}`, ...json(specialist) });
    assert.equal(week.statusCode, 200, week.body);
    const w = week.json() as { meetings: number; days: Array<{ day: string; entries: Array<{ id: string }> }> };
    assert.equal(w.meetings, 1);
    assert.ok(w.days.find((d) => d.day === day)!.entries.some((e) => e.id === eventId));
    const minePage = await app.inject({ method: 'GET', url: `/lich-cong-tac/cua-toi?week=${day}`, headers: { cookie: specialist.cookie, accept: 'text/html' } });
    assert.match(minePage.body, new RegExp(`data-entry="${eventId}"`));
  });

  it('an edit after publication is a new version shown as changed', async () => {
    const edited = await app.inject({ method: 'PUT', url: `/api/meetings/events/${eventId}`, ...json(leader), payload: { title: 'Họp giao ban tuần (đổi phòng)', date: day, startTime: '08:00', endTime: '10:00', location: 'Phòng họp tầng 2', isMeeting: true, isPublic: true, version: 1 } });
    assert.equal(edited.statusCode, 200, edited.body);
    assert.equal((edited.json() as { version: number }).version, 2);
    const stale = await app.inject({ method: 'PUT', url: `/api/meetings/events/${eventId}`, ...json(leader), payload: { title: 'x', date: day, startTime: '08:00', version: 1 } });
    assert.equal(problem(stale.body).code, 'MEETING_CHANGED');
    const detail = await app.inject({ method: 'GET', url: `/api/meetings/events/${eventId}`, ...json(leader) });
    assert.equal((detail.json() as { entry: { changed: boolean } }).entry.changed, true);
    const versions = await ctx.db.selectFrom('meeting_event_versions').select('version').where('event_id', '=', eventId).execute();
    assert.deepEqual(versions.map((v) => v.version), [1]);
    // The invitees who have not declined are told of the change (e-mail; staff also in-app).
    const told = await ctx.db.selectFrom('mail_messages').select('to_address').where('subject', 'like', 'Thay đổi cuộc họp%').execute();
    assert.deepEqual(told.map((m) => m.to_address).sort(), ['chuyenvien@vhttdl.example.vn', 'khach@example.vn']);
    const notices = await ctx.db.selectFrom('notifications').select('title').where('account_id', '=', huy.id).where('kind', '=', 'meeting.invitation').execute();
    assert.equal(notices.length, 2);
  });

  it('the pages render: week (with the count), detail, PDFs, public calendar, a bad week or id never 500s', async () => {
    const html = { accept: 'text/html' };
    const weekPage = await app.inject({ method: 'GET', url: `/lich-cong-tac?week=${day}`, headers: { ...html, cookie: leader.cookie } });
    assert.equal(weekPage.statusCode, 200);
    assert.match(weekPage.body, /1 cuộc họp/);
    const detail = await app.inject({ method: 'GET', url: `/lich-cong-tac/${eventId}`, headers: { ...html, cookie: leader.cookie } });
    assert.equal(detail.statusCode, 200);
    assert.match(detail.body, /Có thay đổi/);
    const weekPdf = await app.inject({ method: 'GET', url: `/lich-cong-tac/tuan.pdf?week=${day}`, headers: { cookie: leader.cookie } });
    assert.equal(weekPdf.headers['content-type'], 'application/pdf');
    assert.equal(weekPdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
    const pub = await app.inject({ method: 'GET', url: `/lich-cong-tac-cong-khai?agency=${COPYRIGHT_OFFICE}&week=${day}`, headers: html });
    assert.equal(pub.statusCode, 200);
    assert.match(pub.body, /đổi phòng/);
    for (const url of ['/lich-cong-tac?week=2026-13-45', '/lich-cong-tac?agency=nope', `/lich-cong-tac/00000000-0000-0000-0000-000000000000`, '/lich-cong-tac/x', '/lich-cong-tac-cong-khai?agency=%00', '/giay-moi/short']) {
      const r = await app.inject({ method: 'GET', url, headers: { ...html, cookie: leader.cookie } });
      assert.ok(r.statusCode < 500, `${url}: ${r.statusCode}`);
    }
  });

  it('a meeting document is inspected on upload (a fake PDF refused, a real one kept) and reachable through the link', async () => {
    const form = await app.inject({ method: 'GET', url: `/lich-cong-tac/${eventId}`, headers: { accept: 'text/html', cookie: leader.cookie } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
    const bad = multipartBody([{ name: '_csrf', value: csrf }, { name: 'file', filename: 'tai-lieu.pdf', type: 'application/pdf', bytes: Buffer.from('<html><script>alert(1)</script></html>') }]);
    const refused = await app.inject({ method: 'POST', url: `/lich-cong-tac/${eventId}/tai-lieu`, headers: { cookie: leader.cookie, accept: 'text/html', 'content-type': bad.contentType }, payload: bad.payload });
    assert.equal(refused.statusCode, 422, refused.body.slice(0, 300));
    const good = multipartBody([{ name: '_csrf', value: csrf }, { name: 'file', filename: 'tai-lieu.pdf', type: 'application/pdf', bytes: PDF }]);
    const stored = await app.inject({ method: 'POST', url: `/lich-cong-tac/${eventId}/tai-lieu`, headers: { cookie: leader.cookie, accept: 'text/html', 'content-type': good.contentType }, payload: good.payload });
    assert.equal(stored.statusCode, 303, stored.body.slice(0, 300));
    const token = link.split('/giay-moi/')[1]!;
    const view = (await app.inject({ method: 'GET', url: `/api/meetings/invitation/${token}` })).json() as { attachments: Array<{ id: string }> };
    assert.equal(view.attachments.length, 1);
    const file = await app.inject({ method: 'GET', url: `/giay-moi/${token}/tai-lieu/${view.attachments[0]!.id}` });
    assert.equal(file.statusCode, 200);
    assert.equal(file.headers['content-type'], 'application/pdf');
  });

  it('the JSON API stores an inspected meeting document and serves it to staff of the agency only', async () => {
    const body = multipartBody([{ name: 'file', filename: 'chuong-trinh.pdf', type: 'application/pdf', bytes: PDF }]);
    const stored = await app.inject({ method: 'POST', url: `/api/meetings/events/${eventId}/attachments`, headers: { ...authHeaders(leader), 'content-type': body.contentType }, payload: body.payload });
    assert.equal(stored.statusCode, 201, stored.body);
    const id = (stored.json() as { id: string }).id;
    const forbidden = await app.inject({ method: 'POST', url: `/api/meetings/events/${eventId}/attachments`, headers: { ...authHeaders(specialist), 'content-type': body.contentType }, payload: body.payload });
    assert.equal(forbidden.statusCode, 403);
    const read = await app.inject({ method: 'GET', url: `/api/meetings/events/${eventId}/attachments/${id}`, headers: { cookie: specialist.cookie } });
    assert.equal(read.statusCode, 200);
    const none = await app.inject({ method: 'GET', url: `/api/meetings/events/${eventId}/attachments/${id}`, headers: { cookie: citizen.cookie } });
    assert.equal(none.statusCode, 403);
  });

  it('the invite form names the field of an invitee who left the agency', async () => {
    const form = await app.inject({ method: 'GET', url: `/lich-cong-tac/${eventId}`, headers: { accept: 'text/html', cookie: leader.cookie } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
    const posted = await app.inject({ method: 'POST', url: `/lich-cong-tac/${eventId}/moi`, ...urlencodedForm({ cookie: leader.cookie, csrfToken: csrf }, { staff: `${left.id}|${office.id}` }) });
    assert.equal(posted.statusCode, 422);
    assert.match(posted.body, /href="#invite-staff"/);
    assert.match(posted.body, /không còn công tác tại cơ quan/);
  });
});

describe('the demo work calendar', async () => {
  const { ctx } = await createTestApp({ demo: true });
  it('seeds a week with a meeting whose invitations were sent, once — on a weekend, the next week', async () => {
    const { seedDemoMeetings } = await import('../../src/modules/meetings/meetings.demo.ts');
    // Sunday 6/12/2026 00:30 in Vietnam: this week's Thursday meeting has ended, so the demo plans the next week.
    const now = new Date('2026-12-05T17:30:00Z');
    assert.equal(await seedDemoMeetings(ctx, now), 5);
    assert.equal(await seedDemoMeetings(ctx, now), null);
    const invitations = await ctx.db.selectFrom('meeting_invitations').select(['status', 'sent_at']).execute();
    assert.equal(invitations.length, 3);
    assert.ok(invitations.every((i) => i.sent_at !== null));
    assert.deepEqual(invitations.map((i) => i.status).sort(), ['accepted', 'pending', 'pending']);
    const first = await ctx.db.selectFrom('meeting_events').select('starts_at').orderBy('starts_at').executeTakeFirstOrThrow();
    assert.equal(first.starts_at.toISOString(), '2026-12-07T01:00:00.000Z'); // Monday 7/12 08:00
  });
});
