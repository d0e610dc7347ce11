// After a VNeID sign-in: an account made by it has no password to change (the account page says how it signs in,
// and both change-password forms refuse with SSO_NO_PASSWORD); a citizen without a requested page lands on their
// dossiers; and the JSON sign-out of a VNeID session answers the provider's end-session URL to open.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authHeaders, login } from '../helpers/app.ts';
import { startSsoTest } from '../helpers/sso.ts';

const { simulator, ctx, http, form, signIn, me, person } = await startSsoTest();

/** The session's CSRF token (GET /api/auth/me). */
async function csrfOf(sid: string | undefined): Promise<string> {
  return ((await me(sid)).json() as { csrfToken: string }).csrfToken;
}

describe('after signing in with VNeID', () => {
  it('an account made by VNeID has no password to change: the account page says so, both forms refuse', async () => {
    const { response, sid } = await signIn(person('001088000901', 'Trần Văn Khoa'));
    assert.equal(response.statusCode, 303, response.body);
    const page = await http.inject({ method: 'GET', url: '/tai-khoan', headers: { accept: 'text/html', cookie: `opendvc_sid=${sid}` } });
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /href="\/tai-khoan\/mat-khau"/);
    assert.match(page.body, /id="signs-in-with-vneid">Bạn đăng nhập bằng VNeID/);
    const csrfToken = await csrfOf(sid);
    const json = await http.inject({
      method: 'POST', url: '/api/auth/password/change',
      headers: { cookie: `opendvc_sid=${sid}`, 'x-csrf-token': csrfToken },
      payload: { currentPassword: '!sso-no-password', password: 'Mot-Mat-Khau-Moi-2026', passwordConfirm: 'Mot-Mat-Khau-Moi-2026' },
    });
    assert.equal(json.statusCode, 409, json.body);
    assert.match(String(json.headers['content-type']), /application\/problem\+json/);
    assert.equal((json.json() as { code: string }).code, 'SSO_NO_PASSWORD');
    const form = await http.inject({ method: 'GET', url: '/tai-khoan/mat-khau', headers: { accept: 'text/html', cookie: `opendvc_sid=${sid}` } });
    assert.equal(form.statusCode, 409);
    const post = await http.inject({
      method: 'POST', url: '/tai-khoan/mat-khau',
      headers: { accept: 'text/html', cookie: `opendvc_sid=${sid}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrfToken, currentPassword: 'x', password: 'Mot-Mat-Khau-Moi-2026', passwordConfirm: 'Mot-Mat-Khau-Moi-2026' }).toString(),
    });
    assert.equal(post.statusCode, 409, post.body);
    assert.match(post.body, /không có mật khẩu để đổi/);
    const account = await ctx.db.selectFrom('accounts').select('password_hash').where('personal_id', '=', '001088000901').executeTakeFirstOrThrow();
    assert.equal(account.password_hash, '!sso-no-password', 'unchanged');
  });

  it('a password account linked to VNeID keeps its change-password link', async () => {
    const { sid } = await signIn(person('079090001234', 'Nguyễn Văn An', { birthdate: '1990-05-12' }));
    const page = await http.inject({ method: 'GET', url: '/tai-khoan', headers: { accept: 'text/html', cookie: `opendvc_sid=${sid}` } });
    assert.match(page.body, /href="\/tai-khoan\/mat-khau"/);
    assert.doesNotMatch(page.body, /id="signs-in-with-vneid"/);
    const session = await login(http, 'demo.congdan');
    assert.equal((await http.inject({ method: 'GET', url: '/tai-khoan/mat-khau', headers: { accept: 'text/html', cookie: session.cookie } })).statusCode, 200);
  });

  it('a citizen lands on their dossiers unless a page was asked for', async () => {
    const plain = await signIn(person('001077000902', 'Phạm Thị Lan'));
    assert.equal(plain.response.statusCode, 303, plain.response.body);
    assert.equal(plain.response.headers.location, '/ho-so');
    const asked = await signIn(person('001077000902', 'Phạm Thị Lan'), '/thu-tuc');
    assert.equal(asked.response.headers.location, '/thu-tuc');
  });

  it('the JSON sign-out of a VNeID session answers the provider’s end-session URL; a password session 204', async () => {
    const { sid } = await signIn(person('001066000903', 'Hoàng Văn Nam'));
    const out = await http.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: `opendvc_sid=${sid}`, 'x-csrf-token': await csrfOf(sid) } });
    assert.equal(out.statusCode, 200, out.body);
    const url = new URL((out.json() as { endSessionUrl: string }).endSessionUrl);
    assert.equal(`${url.origin}${url.pathname}`, `${simulator.url}/session/end`);
    assert.ok(url.searchParams.get('id_token_hint'));
    assert.equal((await me(sid)).statusCode, 401, 'our session ended');
    const session = await login(http, 'demo.chuyenvien');
    const plain = await http.inject({ method: 'POST', url: '/api/auth/logout', headers: authHeaders(session) });
    assert.equal(plain.statusCode, 204);
    assert.equal(plain.body, '');
  });
});
