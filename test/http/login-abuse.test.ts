// Sign-in and registration under abuse (issue 10, part D): limits that hold under concurrency without locking the
// owner out, login CSRF, no account enumeration, one live reset link, signed anonymous form tokens.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formTokenKey, signFormToken, verifyFormToken } from '../../src/core/form-token.ts';
import { anonymousForm, createTestApp } from '../helpers/app.ts';

const PASSWORD = 'Sen-Vang#2026';
const html = { accept: 'text/html' };
const formType = { 'content-type': 'application/x-www-form-urlencoded' };
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describe('login limits under concurrency', async () => {
  const { app, ctx } = await createTestApp({
    demo: true,
    config: { LOGIN_MAX_FAILURES_PER_PAIR: '5', LOGIN_MAX_FAILURES_PER_ACCOUNT: '8', LOGIN_MAX_FAILURES_PER_ADDRESS: '100', LOGIN_DELAY_SECONDS: '30' },
  });
  const attempt = (remoteAddress: string, username: string, password: string) =>
    app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress, payload: { username, password } });
  const pairRow = (accountId: string, ip: string) =>
    ctx.db.selectFrom('login_limits').selectAll().where('kind', '=', 'pair').where('key', '=', `${accountId} ${ip}`).executeTakeFirstOrThrow();
  const accountId = async (username: string) => (await ctx.db.selectFrom('accounts').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;

  it('judges at most the pair limit of 60 parallel wrong passwords; the rest get 429 with Retry-After; none fails', async () => {
    const responses = await Promise.all(Array.from({ length: 60 }, (_, i) => attempt('203.0.113.10', 'demo.motcua', `wrong-${i}`)));
    const statuses = responses.map((r) => r.statusCode);
    assert.equal(statuses.filter((s) => s === 401).length, 5, statuses.join(','));
    assert.equal(statuses.filter((s) => s === 429).length, 55);
    for (const r of responses.filter((x) => x.statusCode === 429)) {
      assert.equal(r.json().code, 'LOGIN_RATE_LIMITED');
      assert.ok(Number(r.headers['retry-after']) >= 1, 'Retry-After in seconds');
    }
    // The right password from the same address waits too: the pair is limited.
    assert.equal((await attempt('203.0.113.10', 'demo.motcua', 'Demo@2026')).statusCode, 429);
  });

  it('lets the owner in from another address after the attacker’s failures', async () => {
    const response = await attempt('198.51.100.20', 'demo.motcua', 'Demo@2026');
    assert.equal(response.statusCode, 200, response.body);
    // Only the 5 judged failures count for the account; the success gave its own count back.
    const account = await ctx.db.selectFrom('login_limits').select('attempts').where('kind', '=', 'account').where('key', '=', await accountId('demo.motcua')).executeTakeFirstOrThrow();
    assert.equal(account.attempts, 5);
  });

  it('doubles the pair’s wait with every further failure', async () => {
    const id = await accountId('demo.motcua');
    const first = await pairRow(id, '203.0.113.10');
    assert.equal(first.attempts, 5);
    const wait = (row: { blocked_until: Date | null; expires_at: Date }) => row.blocked_until!.getTime();
    // The wait is over (moved into the past): one more attempt is judged, and the next wait is twice as long.
    await ctx.db.updateTable('login_limits').set({ blocked_until: new Date(Date.now() - 1000) }).where('kind', '=', 'pair').where('key', '=', first.key).execute();
    const before = Date.now();
    assert.equal((await attempt('203.0.113.10', 'demo.motcua', 'wrong-again')).statusCode, 401);
    const second = await pairRow(id, '203.0.113.10');
    assert.equal(second.attempts, 6);
    const seconds = (wait(second) - before) / 1000;
    assert.ok(seconds > 55 && seconds <= 61, `second wait ${seconds} s (first was 30 s)`);
    const refused = await attempt('203.0.113.10', 'demo.motcua', 'Demo@2026');
    assert.equal(refused.statusCode, 429);
    assert.ok(Number(refused.headers['retry-after']) > 30);
    // The page form says the same, with the form and its error summary.
    const visitor = await anonymousForm(app, '/dang-nhap');
    const page = await app.inject({
      method: 'POST', url: '/dang-nhap', remoteAddress: '203.0.113.10', headers: { ...html, ...formType, cookie: visitor.cookie },
      payload: form({ _csrf: visitor.csrfToken, username: 'demo.motcua', password: 'Demo@2026' }),
    });
    assert.equal(page.statusCode, 429);
    assert.ok(Number(page.headers['retry-after']) > 30);
    assert.match(page.body, /class="error-summary"[\s\S]*Bạn đã đăng nhập sai quá nhiều lần/);
  });

  it('limits unknown usernames the same way (no hint that the account does not exist)', async () => {
    const responses = await Promise.all(Array.from({ length: 12 }, () => attempt('203.0.113.11', 'khong.co.ai', 'x')));
    assert.deepEqual([...new Set(responses.map((r) => r.statusCode))].sort(), [401, 429]);
    assert.equal(responses.filter((r) => r.statusCode === 401).length, 5);
  });

  it('fails nothing when successes and failures race on the same counters (no deadlock)', async () => {
    const addresses = ['192.0.2.71', '192.0.2.72', '192.0.2.73', '192.0.2.74'];
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => attempt(addresses[i % 4]!, i % 3 === 0 ? 'demo.truongphong' : 'demo.lanhdao', i % 2 === 0 ? 'Demo@2026' : 'sai')),
    );
    const statuses = new Set(responses.map((r) => r.statusCode));
    assert.ok([...statuses].every((s) => [200, 401, 429].includes(s)), [...statuses].join(','));
    assert.ok(statuses.has(200));
  });
});

describe('account-wide lock and the unlock link', async () => {
  const { app, ctx } = await createTestApp({
    demo: true,
    config: { LOGIN_MAX_FAILURES_PER_PAIR: '3', LOGIN_MAX_FAILURES_PER_ACCOUNT: '6', LOGIN_MAX_FAILURES_PER_ADDRESS: '100' },
  });
  const attempt = (remoteAddress: string, password: string) =>
    app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress, payload: { username: 'demo.congdan', password } });
  const unlockMails = () => ctx.db.selectFrom('mail_messages').selectAll().where('to_address', '=', 'congdan@example.vn').where('subject', 'like', 'Đăng nhập tài khoản%').execute();

  it('locks the account after failures from several addresses, mails the owner a one-time unlock link that works', async () => {
    // Two attackers, three failures each (their pair limit): the account-wide limit of 6 is reached.
    const failures = await Promise.all([...Array(3)].flatMap(() => [attempt('203.0.113.1', 'bad'), attempt('203.0.113.2', 'bad')]));
    assert.deepEqual(failures.map((r) => r.statusCode), [401, 401, 401, 401, 401, 401]);
    const locked = await attempt('192.0.2.50', 'Demo@2026');
    assert.equal(locked.statusCode, 429);
    assert.equal(locked.json().code, 'LOGIN_ACCOUNT_LOCKED');
    assert.match(locked.json().title, /liên kết mở khóa/);

    const mails = await unlockMails();
    assert.equal(mails.length, 1, 'one mail when the lock trips');
    const link = /http:\/\/[^\s]+\/dang-nhap\/mo-khoa\?token=([\w-]+)/.exec(mails[0]!.body_text);
    assert.ok(link, mails[0]!.body_text);
    const token = link[1]!;
    const stored = await ctx.db.selectFrom('email_tokens').selectAll().where('purpose', '=', 'unlock_login').executeTakeFirstOrThrow();
    assert.notEqual(stored.token_hash, token, 'only the hash is stored');
    assert.ok(new Date(stored.expires_at).getTime() - Date.now() <= 60 * 60_000, 'short-lived');

    // The link shows a button; opening it unlocks nothing yet.
    const page = await app.inject({ method: 'GET', url: `/dang-nhap/mo-khoa?token=${token}`, headers: html, remoteAddress: '192.0.2.50' });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /demo\.congdan/);
    assert.equal((await attempt('192.0.2.50', 'Demo@2026')).statusCode, 429);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const cookie = (page.cookies as Array<{ name: string; value: string }>).find((c) => c.name === 'opendvc_csrf')!;
    const unlock = () =>
      app.inject({
        method: 'POST', url: '/dang-nhap/mo-khoa', remoteAddress: '192.0.2.50',
        headers: { ...html, ...formType, cookie: `opendvc_csrf=${cookie.value}` }, payload: form({ _csrf: csrf, token }),
      });
    const done = await unlock();
    assert.equal(done.statusCode, 200, done.body);
    assert.match(done.body, /Đã mở khóa đăng nhập/);
    assert.equal((await attempt('192.0.2.50', 'Demo@2026')).statusCode, 200, 'the owner signs in');
    const again = await unlock();
    assert.equal(again.statusCode, 400, 'the link works once');
    assert.equal((await app.inject({ method: 'GET', url: `/dang-nhap/mo-khoa?token=${token}`, headers: html })).statusCode, 400);
    // Hostile tokens on the button: refused without a 5xx.
    for (const hostile of [`${token}\u0000`, 'a'.repeat(5000), '']) {
      const response = await app.inject({
        method: 'POST', url: '/dang-nhap/mo-khoa', remoteAddress: '192.0.2.50',
        headers: { ...html, ...formType, cookie: `opendvc_csrf=${cookie.value}` }, payload: form({ _csrf: csrf, token: hostile }),
      });
      assert.ok([400, 422].includes(response.statusCode), `${hostile.length}: ${response.statusCode}`);
    }
    // The attackers' own pairs are still waiting.
    assert.equal((await attempt('203.0.113.1', 'Demo@2026')).statusCode, 429);
  });
});

describe('login CSRF, forged form tokens, registration, reset links', async () => {
  const { app, ctx } = await createTestApp({ demo: true, config: { REGISTRATION_MAX_PER_ADDRESS: '4', BASE_URL: 'https://dvc.example.vn' } });
  const mailsTo = (to: string) => ctx.db.selectFrom('mail_messages').selectAll().where('to_address', '=', to).orderBy('created_at').execute();
  const json = (url: string, payload: object, headers: Record<string, string> = {}, remoteAddress = '127.0.0.1') =>
    app.inject({ method: 'POST', url, payload, headers, remoteAddress });

  it('refuses a cross-site or foreign-origin login, JSON or form; JSON login takes JSON only', async () => {
    const good = { username: 'demo.chuyenvien', password: 'Demo@2026' };
    const foreign: Array<Record<string, string>> = [{ 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }, { origin: 'https://evil.example' }, { origin: 'null' }];
    for (const headers of foreign) {
      const response = await json('/api/auth/login', good, headers);
      assert.equal(response.statusCode, 403, JSON.stringify(headers));
      assert.equal(response.json().code, 'CSRF_INVALID');
    }
    const sameOrigin = await json('/api/auth/login', good, { origin: 'https://dvc.example.vn', 'sec-fetch-site': 'same-origin' });
    assert.equal(sameOrigin.statusCode, 200);
    // What a browser sends with its own form under Referrer-Policy no-referrer.
    const nullOrigin = await json('/api/auth/login', good, { origin: 'null', 'sec-fetch-site': 'same-origin' });
    assert.equal(nullOrigin.statusCode, 200);
    const crossForm = await app.inject({ method: 'POST', url: '/api/auth/login', headers: formType, payload: form(good) });
    assert.equal(crossForm.statusCode, 415, 'a form cannot use the token-exempt JSON login');
    // The page's form, even with a valid token, is refused when the browser says it comes from another site.
    const visitor = await anonymousForm(app, '/dang-nhap');
    const post = (headers: Record<string, string>) =>
      app.inject({ method: 'POST', url: '/dang-nhap', headers: { ...html, ...formType, cookie: visitor.cookie, ...headers }, payload: form({ _csrf: visitor.csrfToken, ...good }) });
    assert.equal((await post({ 'sec-fetch-site': 'cross-site' })).statusCode, 403);
    assert.equal((await post({ origin: 'https://evil.example' })).statusCode, 403);
    assert.equal((await post({ origin: 'https://dvc.example.vn', 'sec-fetch-site': 'same-origin' })).statusCode, 303);
    // Any other anonymous form too (registration).
    const register = await anonymousForm(app, '/dang-ky/cong-dan');
    const refused = await app.inject({
      method: 'POST', url: '/dang-ky/cong-dan', headers: { ...html, ...formType, cookie: register.cookie, 'sec-fetch-site': 'cross-site' },
      payload: form({ _csrf: register.csrfToken, fullName: 'X' }),
    });
    assert.equal(refused.statusCode, 403);
  });

  it('does not accept an anonymous form token it did not sign, and replaces the cookie', async () => {
    const good = { username: 'demo.chuyenvien', password: 'Demo@2026' };
    const planted = [
      'A'.repeat(32), // the old unsigned shape
      signFormToken(formTokenKey('another server secret, 32+ characters long')), // signed by someone else
    ];
    for (const token of planted) {
      const response = await app.inject({
        method: 'POST', url: '/dang-nhap', headers: { ...html, ...formType, cookie: `opendvc_csrf=${token}` }, payload: form({ _csrf: token, ...good }),
      });
      assert.equal(response.statusCode, 403, token);
      const replaced = (response.cookies as Array<{ name: string; value: string }>).find((c) => c.name === 'opendvc_csrf');
      assert.ok(replaced && replaced.value !== token, 'a fresh signed token replaces it');
    }
    // The page's own token still works, and a page keeps a valid cookie as it is.
    const visitor = await anonymousForm(app, '/dang-nhap');
    assert.match(visitor.csrfToken, /^[\w-]{32}\.[\w-]{43}$/);
    // Signed with the secret generated once and kept in the database (shared by every instance).
    const secret = await ctx.db.selectFrom('server_secrets').select('value').where('name', '=', 'form_token').executeTakeFirstOrThrow();
    assert.ok(verifyFormToken(formTokenKey(secret.value), visitor.csrfToken));
    const again = await app.inject({ method: 'GET', url: '/dang-nhap', headers: { ...html, cookie: visitor.cookie } });
    assert.equal(again.headers['set-cookie'], undefined);
    const ok = await app.inject({ method: 'POST', url: '/dang-nhap', headers: { ...html, ...formType, cookie: visitor.cookie }, payload: form({ _csrf: visitor.csrfToken, ...good }) });
    assert.equal(ok.statusCode, 303);
  });

  it('answers a registration the same whether the e-mail or ID number is known, and mails each case', async () => {
    const citizen = (email: string, personalId: string) => ({
      fullName: 'Lý Thu Hà', personalId, dateOfBirth: '1991-03-04', phone: '0912000222', email, address: 'Cần Thơ', password: PASSWORD, passwordConfirm: PASSWORD,
    });
    const fresh = await json('/api/auth/register/citizen', citizen('ha@example.vn', '001191000001'), {}, '192.0.2.61');
    const knownEmail = await json('/api/auth/register/citizen', citizen('CongDan@example.vn', '001191000002'), {}, '192.0.2.62');
    const knownId = await json('/api/auth/register/citizen', citizen('ha2@example.vn', '079090001234'), {}, '192.0.2.63');
    for (const [name, response] of [['fresh', fresh], ['known e-mail', knownEmail], ['known ID', knownId]] as const) {
      assert.equal(response.statusCode, 201, `${name}: ${response.body}`);
      assert.deepEqual(Object.keys(response.json()).sort(), ['status', 'username'], name);
      assert.equal(response.json().status, 'pending');
    }
    assert.equal(await ctx.db.selectFrom('accounts').select('id').where('email', 'in', ['ha2@example.vn']).executeTakeFirst(), undefined);
    // The right mail for each.
    assert.match((await mailsTo('ha@example.vn'))[0]!.body_text, /\/xac-thuc-email\?token=/);
    const owner = (await mailsTo('congdan@example.vn')).at(-1)!;
    assert.equal(owner.subject, 'Bạn đã có tài khoản Cổng dịch vụ công');
    assert.match(owner.body_text, /demo\.congdan/);
    assert.match(owner.body_text, /https:\/\/dvc\.example\.vn\/dang-nhap/);
    assert.match(owner.body_text, /https:\/\/dvc\.example\.vn\/quen-mat-khau/);
    const incomplete = await mailsTo('ha2@example.vn');
    assert.equal(incomplete.length, 1);
    assert.equal(incomplete[0]!.subject, 'Đăng ký tài khoản Cổng dịch vụ công chưa hoàn tất');
    assert.ok(!incomplete[0]!.body_text.includes('079090001234') && !incomplete[0]!.body_text.includes('congdan'), 'nothing about the other account');

    // The pages: the same redirect to "check your e-mail".
    for (const email of ['ha3@example.vn', 'congdan@example.vn']) {
      const visitor = await anonymousForm(app, '/dang-ky/cong-dan');
      const response = await app.inject({
        method: 'POST', url: '/dang-ky/cong-dan', remoteAddress: '192.0.2.64',
        headers: { ...html, ...formType, cookie: visitor.cookie }, payload: form({ _csrf: visitor.csrfToken, ...citizen(email, email === 'ha3@example.vn' ? '001191000003' : '001191000004') }),
      });
      assert.equal(response.statusCode, 303, email);
      assert.equal(response.headers.location, '/dang-ky/da-gui');
    }
  });

  it('limits registrations per address atomically', async () => {
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        json('/api/auth/register/organisation', {
          taxCode: `01070000${String(i).padStart(2, '0')}`, organisationName: `Công ty ${i}`, legalRepresentative: 'Ngô Bảo', address: 'Hà Nội',
          fullName: 'Ngô Bảo', email: `bao${i}@example.vn`, phone: '0243000111', password: PASSWORD, passwordConfirm: PASSWORD,
        }, {}, '198.51.100.99'),
      ),
    );
    const statuses = responses.map((r) => r.statusCode);
    assert.equal(statuses.filter((s) => s === 201).length, 4, statuses.join(','));
    assert.equal(statuses.filter((s) => s === 429).length, 6);
    const refused = responses.find((r) => r.statusCode === 429)!;
    assert.equal(refused.json().code, 'REGISTRATION_RATE_LIMITED');
    assert.ok(Number(refused.headers['retry-after']) > 0);
    assert.equal(await ctx.db.selectFrom('accounts').select('id').where('email', 'like', 'bao%@example.vn').execute().then((r) => r.length), 4);
  });

  it('revokes the older reset links when a new one is issued', async () => {
    for (let i = 0; i < 2; i++) assert.equal((await json('/api/auth/password/forgot', { email: 'doanhnghiep@example.vn' })).statusCode, 202);
    const tokens = (await mailsTo('doanhnghiep@example.vn')).map((m) => /token=([\w-]+)/.exec(m.body_text)![1]!);
    assert.equal(tokens.length, 2);
    const reset = (token: string) => json('/api/auth/password/reset', { token, password: 'Truc-Xanh#88', passwordConfirm: 'Truc-Xanh#88' });
    const older = await reset(tokens[0]!);
    assert.equal(older.statusCode, 400);
    assert.equal(older.json().code, 'TOKEN_INVALID');
    assert.equal((await reset(tokens[1]!)).statusCode, 204);
  });
});

describe('password-reset requests', async () => {
  const { app, ctx } = await createTestApp({ demo: true, config: { RESET_MAX_PER_ADDRESS: '4', RESET_MAX_PER_EMAIL: '2' } });
  const forgot = (email: string, remoteAddress: string) => app.inject({ method: 'POST', url: '/api/auth/password/forgot', payload: { email }, remoteAddress });
  const mailCount = async (to: string) => (await ctx.db.selectFrom('mail_messages').select('id').where('to_address', '=', to).execute()).length;

  it('limits requests per address atomically, known and unknown addresses alike', async () => {
    const emails = ['congdan@example.vn', 'khong-ai@example.vn'];
    const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => forgot(emails[i % 2]!, '198.51.100.61')));
    const statuses = responses.map((r) => r.statusCode);
    assert.equal(statuses.filter((s) => s === 202).length, 4, statuses.join(','));
    assert.equal(statuses.filter((s) => s === 429).length, 6);
    const refused = responses.find((r) => r.statusCode === 429)!;
    assert.equal(refused.json().code, 'PASSWORD_RESET_RATE_LIMITED');
    assert.ok(Number(refused.headers['retry-after']) > 0);
  });

  it('sends no more than the limit of reset e-mails to one mailbox, from any number of addresses, answering alike', async () => {
    const before = await mailCount('doanhnghiep@example.vn');
    const responses = await Promise.all(Array.from({ length: 5 }, (_, i) => forgot('doanhnghiep@example.vn', `192.0.2.${100 + i}`)));
    assert.deepEqual(responses.map((r) => r.statusCode), [202, 202, 202, 202, 202]);
    assert.equal((await mailCount('doanhnghiep@example.vn')) - before, 2);
  });
});
