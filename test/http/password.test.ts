import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { anonymousForm, authHeaders, createTestApp, login } from '../helpers/app.ts';

function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

describe('password reset and change, account pages, login rate limit', async () => {
  const { app, ctx } = await createTestApp({ demo: true, config: { LOGIN_MAX_FAILURES_PER_ADDRESS: '3' } });
  const html = { accept: 'text/html' };

  async function post(url: string, fields: Record<string, string>, cookie?: string, csrfToken?: string) {
    // The anonymous CSRF token belongs to the visitor, not to the page: any page with a form gives it.
    const visitor = cookie ? { cookie, csrfToken: csrfToken! } : await anonymousForm(app, '/quen-mat-khau');
    return app.inject({
      method: 'POST', url,
      headers: { ...html, cookie: visitor.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({ _csrf: visitor.csrfToken, ...fields }),
    });
  }
  const mailCount = async (to: string) => (await ctx.db.selectFrom('mail_messages').select('id').where('to_address', '=', to).execute()).length;
  const lastToken = async (to: string) => {
    const mail = await ctx.db.selectFrom('mail_messages').selectAll().where('to_address', '=', to).orderBy('created_at', 'desc').limit(1).executeTakeFirstOrThrow();
    return /dat-lai-mat-khau\?token=([\w-]+)/.exec(mail.body_text)![1]!;
  };

  it('answers the forgotten-password form the same way for known and unknown addresses', async () => {
    const known = await post('/quen-mat-khau', { email: 'congdan@example.vn' });
    const unknown = await post('/quen-mat-khau', { email: 'khong-co@example.vn' });
    assert.equal(known.statusCode, 303);
    assert.equal(unknown.statusCode, 303);
    assert.equal(known.headers.location, unknown.headers.location);
    assert.equal(await mailCount('congdan@example.vn'), 1);
    assert.equal(await mailCount('khong-co@example.vn'), 0);
    const page = await app.inject({ method: 'GET', url: String(known.headers.location), headers: html });
    assert.match(page.body, /Nếu địa chỉ này thuộc một tài khoản/);
    const invalid = await post('/quen-mat-khau', { email: 'không phải thư' });
    assert.equal(invalid.statusCode, 422);
    assert.match(invalid.body, /<a href="#email">Địa chỉ thư điện tử viết dạng ten@mien.vn, ví dụ nguyenvana@gmail.com.<\/a>/);
  });

  it('resets the password through the page: all sessions end, the link works once', async () => {
    const session = await login(app, 'demo.congdan');
    const token = await lastToken('congdan@example.vn');
    const page = await app.inject({ method: 'GET', url: `/dat-lai-mat-khau?token=${token}`, headers: html });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Đặt mật khẩu mới/);
    const weak = await post('/dat-lai-mat-khau', { token, password: 'abc', passwordConfirm: 'abc' });
    assert.equal(weak.statusCode, 422);
    assert.match(weak.body, /<a href="#password">Mật khẩu mới: Mật khẩu phải có ít nhất 8 ký tự.<\/a>/);
    assert.match(weak.body, new RegExp(`name="token" value="${token}"`));
    const done = await post('/dat-lai-mat-khau', { token, password: 'Hoa-Mai#2027', passwordConfirm: 'Hoa-Mai#2027' });
    assert.equal(done.statusCode, 200);
    assert.match(done.body, /Đã đặt mật khẩu mới/);
    const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: session.cookie } });
    assert.equal(me.statusCode, 401, 'the old session ended');
    const reused = await post('/dat-lai-mat-khau', { token, password: 'Hoa-Mai#2028', passwordConfirm: 'Hoa-Mai#2028' });
    assert.equal(reused.statusCode, 400);
    assert.match(reused.body, /Liên kết không dùng được/);
    const bogus = await app.inject({ method: 'GET', url: '/dat-lai-mat-khau?token=%27%3B%20DROP%20TABLE%20accounts%3B%20--', headers: html });
    assert.equal(bogus.statusCode, 400);
    await login(app, 'demo.congdan', 'Hoa-Mai#2027');
  });

  it('JSON: forgot, reset and change', async () => {
    const forgot = await app.inject({ method: 'POST', url: '/api/auth/password/forgot', payload: { email: 'doanhnghiep@example.vn' } });
    assert.equal(forgot.statusCode, 202);
    const nobody = await app.inject({ method: 'POST', url: '/api/auth/password/forgot', payload: { email: 'nobody@example.vn' } });
    assert.equal(nobody.statusCode, 202);
    assert.equal(nobody.body, forgot.body);
    const token = await lastToken('doanhnghiep@example.vn');
    const weak = await app.inject({ method: 'POST', url: '/api/auth/password/reset', payload: { token, password: 'aaaaaaaa', passwordConfirm: 'b' } });
    assert.equal(weak.statusCode, 422);
    assert.deepEqual(weak.json().errors.map((e: { path: string; code: string }) => `${e.path}:${e.code}`), ['/password:PASSWORD_TOO_SIMPLE', '/passwordConfirm:PASSWORD_MISMATCH']);
    const reset = await app.inject({ method: 'POST', url: '/api/auth/password/reset', payload: { token, password: 'Lua-Vang#2026', passwordConfirm: 'Lua-Vang#2026' } });
    assert.equal(reset.statusCode, 204);

    const keep = await login(app, 'demo.doanhnghiep', 'Lua-Vang#2026');
    const other = await login(app, 'demo.doanhnghiep', 'Lua-Vang#2026');
    const change = { currentPassword: 'Lua-Vang#2026', password: 'Truc-Xanh#77', passwordConfirm: 'Truc-Xanh#77' };
    const noCsrf = await app.inject({ method: 'POST', url: '/api/auth/password/change', headers: { cookie: keep.cookie }, payload: change });
    assert.equal(noCsrf.statusCode, 403);
    const anonymous = await app.inject({ method: 'POST', url: '/api/auth/password/change', payload: change });
    assert.equal(anonymous.statusCode, 403, 'anonymous callers fail the CSRF check first');
    const wrong = await app.inject({ method: 'POST', url: '/api/auth/password/change', headers: authHeaders(keep), payload: { ...change, currentPassword: 'nope' } });
    assert.equal(wrong.statusCode, 422);
    assert.equal(wrong.json().errors[0].code, 'CURRENT_PASSWORD_WRONG');
    const changed = await app.inject({ method: 'POST', url: '/api/auth/password/change', headers: authHeaders(keep), payload: change });
    assert.equal(changed.statusCode, 204);
    assert.equal((await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: keep.cookie } })).statusCode, 200);
    assert.equal((await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: other.cookie } })).statusCode, 401);
  });

  it('changes the password through the page and keeps the session', async () => {
    const session = await login(app, 'demo.truongphong');
    const page = await app.inject({ method: 'GET', url: '/tai-khoan/mat-khau', headers: { ...html, cookie: session.cookie } });
    assert.equal(page.statusCode, 200);
    const bad = await post('/tai-khoan/mat-khau', { currentPassword: 'x', password: 'y', passwordConfirm: 'z' }, session.cookie, session.csrfToken);
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /<a href="#currentPassword">Mật khẩu hiện tại không đúng.<\/a>/);
    const ok = await post('/tai-khoan/mat-khau', { currentPassword: 'Demo@2026', password: 'Cay-Tre#2026', passwordConfirm: 'Cay-Tre#2026' }, session.cookie, session.csrfToken);
    assert.equal(ok.statusCode, 303);
    const account = await app.inject({ method: 'GET', url: String(ok.headers.location), headers: { ...html, cookie: session.cookie } });
    assert.equal(account.statusCode, 200);
    assert.match(account.body, /Đã đổi mật khẩu/);
  });

  it('shows the account page to staff with agency and roles, and sends visitors to the login page', async () => {
    const anonymous = await app.inject({ method: 'GET', url: '/tai-khoan', headers: html });
    assert.equal(anonymous.statusCode, 303);
    assert.equal(anonymous.headers.location, '/dang-nhap?next=%2Ftai-khoan');
    const session = await login(app, 'demo.motcua');
    const page = await app.inject({ method: 'GET', url: '/tai-khoan', headers: { ...html, cookie: session.cookie } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Cán bộ một cửa — /);
    assert.match(page.body, /href="\/tai-khoan\/mat-khau"/);
    assert.ok(!page.body.includes('href="/tai-khoan/to-chuc"'));
    const members = await app.inject({ method: 'GET', url: '/tai-khoan/to-chuc', headers: { ...html, cookie: session.cookie } });
    assert.equal(members.statusCode, 403);
  });

  it('lets an organisation member add a colleague from the members page', async () => {
    const session = await login(app, 'demo.doanhnghiep', 'Truc-Xanh#77');
    const page = await app.inject({ method: 'GET', url: '/tai-khoan/to-chuc', headers: { ...html, cookie: session.cookie } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Công ty TNHH Truyền thông Sen Vàng/);
    const bad = await post('/tai-khoan/to-chuc', { fullName: '', email: 'doanhnghiep@example.vn' }, session.cookie, session.csrfToken);
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /<a href="#fullName">/);
    assert.match(bad.body, /<a href="#email">Địa chỉ thư điện tử đã được đăng ký.<\/a>/);
    const ok = await post('/tai-khoan/to-chuc', { fullName: 'Hà <Văn> Khoa', email: 'khoa@senvang.vn' }, session.cookie, session.csrfToken);
    assert.equal(ok.statusCode, 303);
    const after = await app.inject({ method: 'GET', url: String(ok.headers.location), headers: { ...html, cookie: session.cookie } });
    assert.match(after.body, /Hà &lt;Văn&gt; Khoa/);
    assert.match(after.body, /Chờ kích hoạt/);
    assert.equal(await mailCount('khoa@senvang.vn'), 1);
  });

  it('JSON: lists and adds organisation members, only for organisation accounts', async () => {
    const session = await login(app, 'demo.doanhnghiep', 'Truc-Xanh#77');
    const list = await app.inject({ method: 'GET', url: '/api/auth/organisation/members', headers: { cookie: session.cookie } });
    assert.equal(list.statusCode, 200);
    assert.equal(list.json().organisation.taxCode, '0312345678');
    const before = list.json().members.length;
    const added = await app.inject({ method: 'POST', url: '/api/auth/organisation/members', headers: authHeaders(session), payload: { fullName: 'Đỗ Hằng', email: 'hang@senvang.vn' } });
    assert.equal(added.statusCode, 201, added.body);
    assert.equal(added.json().status, 'pending');
    const after = await app.inject({ method: 'GET', url: '/api/auth/organisation/members', headers: { cookie: session.cookie } });
    assert.equal(after.json().members.length, before + 1);
    const staff = await login(app, 'demo.chuyenvien');
    const forbidden = await app.inject({ method: 'POST', url: '/api/auth/organisation/members', headers: authHeaders(staff), payload: { fullName: 'X', email: 'x@senvang.vn' } });
    assert.equal(forbidden.statusCode, 403);
    assert.equal(forbidden.json().code, 'NOT_ORGANISATION_MEMBER');
    const anonymous = await app.inject({ method: 'GET', url: '/api/auth/organisation/members' });
    assert.equal(anonymous.statusCode, 401);
  });

  it('rate-limits failed logins per address, whatever the username', async () => {
    const from = (remoteAddress: string, username: string, password: string) =>
      app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress, payload: { username, password } });
    for (const name of ['a.user', 'b.user', 'c.user']) assert.equal((await from('198.51.100.7', name, 'wrong')).statusCode, 401);
    const blocked = await from('198.51.100.7', 'demo.lanhdao', 'Demo@2026');
    assert.equal(blocked.statusCode, 429);
    assert.equal(blocked.json().code, 'LOGIN_RATE_LIMITED');
    assert.equal((await from('198.51.100.8', 'demo.lanhdao', 'Demo@2026')).statusCode, 200, 'another address is not blocked');
  });
});
