// The one-stop floor over HTTP: the three bad inputs of issue 20 (a ticket for a group with no open counter; two
// counters calling the same ticket at once, one wins; a rating submitted twice for one ticket), the kiosk's rate
// limit, configuration through the JSON API, and the no-JS pages (kiosk → ticket → console → tablet).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { anonymousForm, authHeaders, createTestApp, login } from '../helpers/app.ts';
import { urlencodedForm } from '../helpers/forms.ts';

const AGENCY = '000.00.12.G14';

describe('the one-stop floor over HTTP', async () => {
  const { app, ctx } = await createTestApp({ demo: true, config: { SMS_URL: 'http://127.0.0.1:9/sms' } });
  const reception = await login(app, 'demo.motcua');
  const specialist = await login(app, 'demo.chuyenvien');
  const leader = await login(app, 'demo.lanhdao');
  const citizen = await login(app, 'demo.congdan');
  const json = (session: { cookie: string; csrfToken: string }) => ({ headers: { ...authHeaders(session), accept: 'application/json' } });
  const visitor = await anonymousForm(app, `/quay/${AGENCY}`);
  const kioskHeaders = { cookie: visitor.cookie, 'x-csrf-token': visitor.csrfToken, accept: 'application/json' };
  const groups = (await app.inject({ method: 'GET', url: `/api/floor/agencies/${AGENCY}/groups` })).json() as { items: Array<{ id: string; code: string; open: boolean }> };
  const group = (code: string) => groups.items.find((g) => g.code === code)!.id;
  const config = (await app.inject({ method: 'GET', url: `/api/floor/agencies/${AGENCY}/config`, ...json(leader) })).json() as { counters: Array<{ id: string; number: number }> };
  const counter = (n: number) => config.counters.find((c) => c.number === n)!.id;
  const take = (groupId: string, extra: Record<string, string> = {}, ip = '10.1.0.1') => app.inject({ method: 'POST', url: `/api/floor/agencies/${AGENCY}/tickets`, headers: kioskHeaders, remoteAddress: ip, payload: { groupId, ...extra } });

  it('a ticket for a group with no open counter: 409 FLOOR_NO_OPEN_COUNTER with a message', async () => {
    const response = await take(group('A'));
    assert.equal(response.statusCode, 409, response.body);
    assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
    const body = response.json() as { code: string; title: string };
    assert.equal(body.code, 'FLOOR_NO_OPEN_COUNTER');
    assert.match(body.title, /quầy/);
    const page = await app.inject({ method: 'POST', url: `/quay/${AGENCY}`, ...urlencodedForm(visitor, { groupId: group('A'), priority: 'none' }) });
    assert.equal(page.statusCode, 409);
    assert.match(page.body, /error-summary/);
  });

  it('bad kiosk input: unknown group, bad phone, bad priority (422, never 500)', async () => {
    for (const [payload, code] of [[{ groupId: 'x' }, 'FLOOR_GROUP_UNKNOWN'], [{ groupId: group('A'), phone: '123' }, 'FLOOR_PHONE_INVALID'], [{ groupId: group('A'), priority: 'vip' }, 'FLOOR_PRIORITY_INVALID']] as const) {
      const response = await app.inject({ method: 'POST', url: `/api/floor/agencies/${AGENCY}/tickets`, headers: kioskHeaders, remoteAddress: '10.1.0.2', payload });
      assert.equal(response.statusCode, 422, response.body);
      assert.equal((response.json() as { errors: Array<{ code: string }> }).errors[0]!.code, code);
    }
  });

  it('officers open counters; the kiosk issues tickets (SMS queued when a phone is given); the ticket page shows it', async () => {
    for (const [session, n] of [[reception, 1], [specialist, 3]] as const) {
      const opened = await app.inject({ method: 'POST', url: `/api/floor/counters/${counter(n)}/open`, ...json(session) });
      assert.equal(opened.statusCode, 200, opened.body);
    }
    const taken = await app.inject({ method: 'POST', url: `/api/floor/counters/${counter(1)}/open`, ...json(specialist) });
    assert.equal(taken.statusCode, 409);
    const first = await take(group('A'), { phone: '0912 345 678', priority: 'none' });
    assert.equal(first.statusCode, 201, first.body);
    const issued = first.json() as { id: string; code: string; smsQueued: boolean; ahead: number };
    assert.equal(issued.code, 'A001');
    assert.equal(issued.smsQueued, true);
    const sms = await ctx.db.selectFrom('sms_messages').select('body').where('to_number', 'like', '%912345678').execute();
    assert.ok(sms.some((m) => m.body.includes('A001')));
    const page = await app.inject({ method: 'GET', url: `/quay/so/${issued.id}?moi=1` });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /A001/);
    assert.match(page.body, /<svg/);
    const status = await app.inject({ method: 'GET', url: `/api/floor/tickets/${issued.id}` });
    assert.equal((status.json() as { status: string }).status, 'waiting');
    assert.equal((await app.inject({ method: 'GET', url: `/api/floor/tickets/not-a-uuid` })).statusCode, 404);
  });

  it('two counters calling the same ticket at once: one wins, the other gets the next or 409', async () => {
    // One ticket of A waiting (A001); counters 1 and 3 both serve A.
    const [a, b] = await Promise.all([
      app.inject({ method: 'POST', url: `/api/floor/counters/${counter(1)}/call-next`, ...json(reception) }),
      app.inject({ method: 'POST', url: `/api/floor/counters/${counter(3)}/call-next`, ...json(specialist) }),
    ]);
    const codes = [a, b].map((r) => r.statusCode).sort();
    assert.deepEqual(codes, [200, 409], `${a.body} ${b.body}`);
    const loser = [a, b].find((r) => r.statusCode === 409)!;
    assert.equal((loser.json() as { code: string }).code, 'FLOOR_QUEUE_EMPTY');
  });

  it('serve and finish; a rating submitted twice for one ticket: 201 then 409 FLOOR_RATING_EXISTS', async () => {
    const mine = (await app.inject({ method: 'GET', url: '/api/floor/console', ...json(reception) })).json() as { ticket: { id: string } | null };
    const other = (await app.inject({ method: 'GET', url: '/api/floor/console', ...json(specialist) })).json() as { ticket: { id: string } | null };
    const [session, ticketId] = mine.ticket ? [reception, mine.ticket.id] : [specialist, other.ticket!.id];
    for (const action of ['start', 'finish']) {
      const r = await app.inject({ method: 'POST', url: `/api/floor/tickets/${ticketId}/${action}`, ...json(session), payload: {} });
      assert.equal(r.statusCode, 200, r.body);
    }
    const tablet = (await app.inject({ method: 'GET', url: '/api/floor/tablet', ...json(session) })).json() as { ticket: { id: string } | null };
    assert.equal(tablet.ticket?.id, ticketId);
    const once = await app.inject({ method: 'POST', url: `/api/floor/tickets/${ticketId}/rating`, ...json(session), payload: { grade: 'normal', reasons: ['slow'] } });
    assert.equal(once.statusCode, 201, once.body);
    const twice = await app.inject({ method: 'POST', url: `/api/floor/tickets/${ticketId}/rating`, ...json(session), payload: { grade: 'satisfied' } });
    assert.equal(twice.statusCode, 409, twice.body);
    assert.equal((twice.json() as { code: string }).code, 'FLOOR_RATING_EXISTS');
    const unknown = await app.inject({ method: 'POST', url: `/api/floor/tickets/${ticketId}/withdraw`, ...json(session), payload: {} });
    assert.equal(unknown.statusCode, 404);
  });

  it('the kiosk endpoint is rate limited per address (429 with retry-after)', async () => {
    let last = 0;
    let retryAfter: string | undefined;
    for (let i = 0; i < 31; i++) {
      const r = await take(group('A'), {}, '10.9.9.9');
      last = r.statusCode;
      retryAfter = r.headers['retry-after'] as string | undefined;
    }
    assert.equal(last, 429);
    assert.ok(Number(retryAfter) > 0);
    assert.equal((await take(group('A'), {}, '10.9.9.10')).statusCode, 201);
  });

  it('configuration: only the leader or an administrator; bad input 422', async () => {
    const forbidden = await app.inject({ method: 'POST', url: `/api/floor/agencies/${AGENCY}/groups`, ...json(reception), payload: { code: 'D', nameVi: 'Thử', nameEn: 'Test' } });
    assert.equal(forbidden.statusCode, 403);
    const bad = await app.inject({ method: 'POST', url: `/api/floor/agencies/${AGENCY}/groups`, ...json(leader), payload: { code: '9', nameVi: '', nameEn: 'x' } });
    assert.equal(bad.statusCode, 422);
    const created = await app.inject({ method: 'POST', url: `/api/floor/agencies/${AGENCY}/groups`, ...json(leader), payload: { code: 'D', nameVi: 'Thử', nameEn: 'Test' } });
    assert.equal(created.statusCode, 201, created.body);
    const counterBad = await app.inject({ method: 'POST', url: `/api/floor/agencies/${AGENCY}/counters`, ...json(leader), payload: { number: 1, groupIds: [(created.json() as { id: string }).id] } });
    assert.equal(counterBad.statusCode, 422);
    assert.equal((counterBad.json() as { errors: Array<{ code: string }> }).errors[0]!.code, 'FLOOR_COUNTER_NUMBER_TAKEN');
    assert.equal((await app.inject({ method: 'GET', url: '/api/floor/console', ...json(citizen) })).statusCode, 403);
  });

  it('the pages: kiosk, console, tablet, configuration (HTML forms, no script)', async () => {
    const kiosk = await app.inject({ method: 'GET', url: `/quay/${AGENCY}` });
    assert.equal(kiosk.statusCode, 200);
    assert.match(kiosk.body, /floor-group-button/);
    const post = await app.inject({ method: 'POST', url: `/quay/${AGENCY}`, ...urlencodedForm(visitor, { groupId: group('A'), priority: 'elderly', phone: '' }), remoteAddress: '10.2.0.1' });
    assert.equal(post.statusCode, 303, post.body);
    assert.match(post.headers.location as string, /^\/quay\/so\/[0-9a-f-]{36}\?moi=1$/);
    const console = await app.inject({ method: 'GET', url: '/can-bo/quay', headers: { cookie: reception.cookie } });
    assert.equal(console.statusCode, 200);
    assert.match(console.body, /Gọi số tiếp theo|Kết thúc|Bắt đầu phục vụ/);
    const tablet = await app.inject({ method: 'GET', url: '/can-bo/quay/danh-gia', headers: { cookie: reception.cookie } });
    assert.equal(tablet.statusCode, 200);
    const configPage = await app.inject({ method: 'GET', url: `/quan-tri/quay/${AGENCY}`, headers: { cookie: leader.cookie } });
    assert.equal(configPage.statusCode, 200);
    assert.match(configPage.body, /Đăng ký quyền tác giả/);
    const english = await app.inject({ method: 'GET', url: `/quay/${AGENCY}?lang=en` });
    assert.match(english.body, /Take a number/);
  });
});
