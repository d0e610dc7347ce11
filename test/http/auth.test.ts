import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authHeaders, createTestApp, login } from '../helpers/app.ts';

describe('JSON login and sessions', async () => {
  const { app } = await createTestApp({ demo: true, config: { LOGIN_MAX_FAILURES_PER_ACCOUNT: '3' } });

  it('signs in, returns the CSRF token and the user, and sets an httpOnly SameSite cookie', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'Demo.MotCua', password: 'Demo@2026' } });
    assert.equal(response.statusCode, 200);
    const body = response.json();
    assert.equal(body.user.username, 'demo.motcua');
    assert.equal(body.user.roles[0].role, 'receptionist');
    assert.ok(body.csrfToken.length >= 32);
    const setCookie = String(response.headers['set-cookie']);
    assert.match(setCookie, /opendvc_sid=[^;]+;.*HttpOnly/);
    assert.match(setCookie, /SameSite=Lax/);
    assert.ok(!JSON.stringify(body).includes('password'));
  });

  it('answers a wrong password with problem+json in Vietnamese, or English when asked', async () => {
    const vi = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'demo.congdan', password: 'wrong' } });
    assert.equal(vi.statusCode, 401);
    assert.match(String(vi.headers['content-type']), /^application\/problem\+json/);
    assert.equal(vi.json().code, 'INVALID_CREDENTIALS');
    assert.equal(vi.json().title, 'Tên đăng nhập hoặc mật khẩu không đúng.');
    const en = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'accept-language': 'en' }, payload: { username: 'nobody', password: 'wrong' } });
    assert.equal(en.json().title, 'The username or password is incorrect.');
  });

  it('rate-limits repeated failures for one account, even with the right password afterwards', async () => {
    for (let i = 0; i < 3; i++) {
      const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'demo.lanhdao', password: `bad${i}` } });
      assert.equal(r.statusCode, 401);
    }
    const blocked = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'demo.lanhdao', password: 'Demo@2026' } });
    assert.equal(blocked.statusCode, 429);
    assert.equal(blocked.json().code, 'LOGIN_ACCOUNT_LOCKED', 'the account-wide limit (3 here) is reached');
    assert.ok(Number(blocked.headers['retry-after']) > 0, 'Retry-After');
  });

  it('lists every missing field at once', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: {} });
    assert.equal(response.statusCode, 422);
    const paths = response.json().errors.map((e: { path: string }) => e.path).sort();
    assert.deepEqual(paths, ['/password', '/username']);
    assert.ok(response.json().errors.every((e: { message: string }) => e.message === 'Vui lòng nhập trường này.'));
  });

  it('rejects malformed JSON and invalid UTF-8 with 400 problems', async () => {
    const malformed = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username": ' });
    assert.equal(malformed.statusCode, 400);
    assert.equal(malformed.json().code, 'MALFORMED_REQUEST');
    const badUtf8 = await app.inject({
      method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' },
      payload: Buffer.concat([Buffer.from('{"username":"'), Buffer.from([0xc3, 0x28]), Buffer.from('","password":"x"}')]),
    });
    assert.equal(badUtf8.statusCode, 400);
    assert.equal(badUtf8.json().code, 'MALFORMED_REQUEST');
    const badQuery = await app.inject({ method: 'GET', url: '/api/auth/me?x=%C3%28' });
    assert.equal(badQuery.statusCode, 400);
    assert.ok(!badQuery.body.includes(' at '), 'no stack trace');
  });

  it('requires the CSRF token on state-changing requests', async () => {
    const session = await login(app, 'demo.chuyenvien');
    const without = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: session.cookie } });
    assert.equal(without.statusCode, 403);
    assert.equal(without.json().code, 'CSRF_INVALID');
    const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: session.cookie } });
    assert.equal(me.statusCode, 200);
    const out = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: authHeaders(session) });
    assert.equal(out.statusCode, 204);
    const after = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: session.cookie } });
    assert.equal(after.statusCode, 401);
  });

  it('sends security headers', async () => {
    const response = await app.inject({ method: 'GET', url: '/dang-nhap', headers: { accept: 'text/html' } });
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-security-policy']), /default-src 'self'/);
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
    assert.match(response.body, /demo\.congdan/);
    // The same precomputed set on the JSON API and on errors.
    for (const url of ['/api/procedures?q=du+lich', '/api/khong-co']) {
      const api = await app.inject({ method: 'GET', url });
      assert.equal(api.headers['content-security-policy'], response.headers['content-security-policy'], url);
      assert.equal(api.headers['x-frame-options'], 'SAMEORIGIN', url);
      assert.equal(api.headers['strict-transport-security'], undefined, 'no HSTS without secure cookies (plain HTTP)');
    }
  });

  it('gives a new visitor a CSRF token with a page, not with a JSON answer that could not carry it', async () => {
    const page = await app.inject({ method: 'GET', url: '/dang-nhap', headers: { accept: 'text/html' } });
    const cookie = (page.cookies as Array<{ name: string; value: string }>).find((c) => c.name === 'opendvc_csrf');
    assert.ok(cookie, 'the page sets the token cookie');
    assert.match(page.body, new RegExp(`name="_csrf" value="${cookie.value}"`));
    const api = await app.inject({ method: 'GET', url: '/api/procedures?q=du+lich' });
    assert.equal(api.statusCode, 200);
    assert.equal(api.headers['set-cookie'], undefined);
    // An anonymous state-changing API call without the cookie still fails the check.
    const post = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { 'x-csrf-token': 'x'.repeat(32) } });
    assert.equal(post.statusCode, 403);
    assert.equal(post.json().code, 'CSRF_INVALID');
  });
});
