// The identity, staff and agency pages on `formPage`: a refused form shows again with the error's status (and
// Retry-After when rate-limited), an e-mailed link that does not work shows the invalid-link page, and errors
// about the page rather than the form (not an organisation member) are the error page.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { anonymousForm, createTestApp, login } from '../helpers/app.ts';

function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

describe('identity forms on formPage', async () => {
  const { app } = await createTestApp({ demo: true, config: { RESET_MAX_PER_ADDRESS: '1' } });
  const html = { accept: 'text/html' };

  async function post(url: string, fields: Record<string, string>, session?: { cookie: string; csrfToken: string }, remoteAddress?: string) {
    const visitor = session ?? (await anonymousForm(app, '/quen-mat-khau'));
    return app.inject({
      method: 'POST', url, remoteAddress,
      headers: { ...html, cookie: visitor.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({ _csrf: visitor.csrfToken, ...fields }),
    });
  }

  it('shows the forgotten-password form again when rate-limited: 429, Retry-After and the message', async () => {
    const first = await post('/quen-mat-khau', { email: 'khong-co@example.vn' }, undefined, '198.51.100.7');
    assert.equal(first.statusCode, 303);
    const limited = await post('/quen-mat-khau', { email: 'khong-co@example.vn' }, undefined, '198.51.100.7');
    assert.equal(limited.statusCode, 429);
    assert.ok(Number(limited.headers['retry-after']) > 0, 'Retry-After');
    assert.match(limited.body, /Có quá nhiều yêu cầu đặt lại mật khẩu/);
    assert.match(limited.body, /value="khong-co@example.vn"/);
  });

  it('shows the invalid-link page (400) for a verification or unlock button whose token does not work', async () => {
    for (const url of ['/xac-thuc-email', '/dang-nhap/mo-khoa']) {
      const page = await post(url, { token: 'x'.repeat(43) });
      assert.equal(page.statusCode, 400, url);
      assert.match(page.body, /Liên kết không dùng được/, url);
    }
  });

  it('keeps the sign-in failure status and message, and the typed username', async () => {
    const page = await post('/dang-nhap', { username: 'demo.congdan', password: 'sai-mat-khau', next: '/tai-khoan' });
    assert.equal(page.statusCode, 401);
    assert.match(page.body, /Tên đăng nhập hoặc mật khẩu không đúng./);
    assert.match(page.body, /value="demo.congdan"/);
  });

  it('shows the error page, not the members form, to a citizen posting to it', async () => {
    const session = await login(app, 'demo.congdan');
    const page = await post('/tai-khoan/to-chuc', { fullName: 'Ai Đó', email: 'aido@example.vn' }, session);
    assert.equal(page.statusCode, 403);
    assert.match(page.body, /Chức năng này dành cho tài khoản tổ chức, doanh nghiệp./);
    assert.doesNotMatch(page.body, /name="fullName"/);
  });

  it('signs out through the form: 303 home, the session ends', async () => {
    const session = await login(app, 'demo.congdan');
    const out = await post('/dang-xuat', {}, session);
    assert.equal(out.statusCode, 303);
    assert.equal(out.headers.location, '/');
    const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: session.cookie } });
    assert.equal(me.statusCode, 401);
  });

  it('reads the staff list page number leniently (a page number that is not one is the first page)', async () => {
    const session = await login(app, 'demo.quantri');
    const page = await app.inject({ method: 'GET', url: '/quan-tri/tai-khoan?page=abc&q=demo', headers: { ...html, cookie: session.cookie } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /demo\.motcua/);
  });
});
