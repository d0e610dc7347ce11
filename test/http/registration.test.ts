import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { anonymousForm, createTestApp } from '../helpers/app.ts';

const PASSWORD = 'Sen-Vang#2026';

function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

describe('registration pages and API', async () => {
  const { app, ctx } = await createTestApp({ demo: true });
  const html = { accept: 'text/html' };

  async function post(url: string, fields: Record<string, string>) {
    const visitor = await anonymousForm(app, url);
    return app.inject({
      method: 'POST',
      url,
      headers: { ...html, cookie: visitor.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({ _csrf: visitor.csrfToken, ...fields }),
    });
  }

  const lastMailTo = (to: string) =>
    ctx.db.selectFrom('mail_messages').selectAll().where('to_address', '=', to).orderBy('created_at', 'desc').limit(1).executeTakeFirstOrThrow();

  it('offers the two kinds of account', async () => {
    const response = await app.inject({ method: 'GET', url: '/dang-ky', headers: html });
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /href="\/dang-ky\/cong-dan"/);
    assert.match(response.body, /href="\/dang-ky\/to-chuc"/);
    assert.match(response.body, /Tổ chức, doanh nghiệp/);
  });

  it('shows every error of the citizen form at once, in Vietnamese, linked to the fields, keeping values but not passwords', async () => {
    const response = await post('/dang-ky/cong-dan', {
      fullName: 'Lê Văn "Tí"',
      personalId: '12345',
      dateOfBirth: '30/02/1990',
      phone: '12',
      email: 'congdan@example.vn',
      address: '',
      password: 'secretpw',
      passwordConfirm: 'different',
    });
    assert.equal(response.statusCode, 422);
    const body = response.body;
    assert.match(body, /Có lỗi cần sửa/);
    const summary = /<div class="error-summary"[\s\S]*?<\/div>/.exec(body)?.[0] ?? '';
    const links = [...summary.matchAll(/<a href="#([\w-]+)">([^<]+)<\/a>/g)].map((m) => [m[1], m[2]]);
    // A registered address is not said to be registered (no account enumeration): only format errors show.
    assert.deepEqual(links.map((l) => l[0]), ['personalId', 'dateOfBirth', 'phone', 'address', 'password', 'passwordConfirm']);
    assert.ok(links.some(([, text]) => text === 'Số định danh cá nhân phải gồm đúng 12 chữ số.'));
    assert.ok(!body.includes('Địa chỉ thư điện tử đã được đăng ký.'));
    assert.ok(links.some(([, text]) => text === 'Mật khẩu nhập lại không khớp.'));
    for (const [id] of links) assert.match(body, new RegExp(`<input id="${id}" name="${id}"`), `field #${id} exists`);
    assert.match(body, /aria-describedby="[^"]*personalId-error"/);
    assert.match(body, /value="Lê Văn &quot;Tí&quot;"/);
    assert.match(body, /value="congdan@example.vn"/);
    assert.ok(!body.includes('secretpw') && !body.includes('different'), 'passwords are never sent back');
  });

  it('stores SQL and HTML metacharacters verbatim and escapes them on every page', async () => {
    const evil = `Robert'); DROP TABLE accounts; -- <script>alert(1)</script>`;
    const response = await post('/dang-ky/cong-dan', {
      fullName: evil,
      personalId: '001190088888',
      dateOfBirth: '1990-08-25',
      phone: '0912 345 678',
      email: 'Evil@Example.VN',
      address: `'; DROP TABLE accounts; --`,
      password: PASSWORD,
      passwordConfirm: PASSWORD,
    });
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/dang-ky/da-gui');
    const account = await ctx.db.selectFrom('accounts').selectAll().where('username', '=', 'evil@example.vn').executeTakeFirstOrThrow();
    assert.equal(account.full_name, evil);
    assert.equal(account.address, `'; DROP TABLE accounts; --`);
    assert.equal(account.status, 'pending');

    // The e-mailed link shows a button only (a prefetching mail scanner activates nothing).
    const mail = await lastMailTo('evil@example.vn');
    const link = /\/xac-thuc-email\?token=[\w-]+/.exec(mail.body_text)![0];
    const page = await app.inject({ method: 'GET', url: link, headers: html });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Kích hoạt tài khoản/);
    assert.equal((await ctx.db.selectFrom('accounts').select('status').where('id', '=', account.id).executeTakeFirstOrThrow()).status, 'pending');
    const token = /name="token" value="([\w-]+)"/.exec(page.body)![1]!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const cookie = (page.cookies as Array<{ name: string; value: string }>).find((c) => c.name === 'opendvc_csrf')!;
    const activate = () =>
      app.inject({
        method: 'POST', url: '/xac-thuc-email',
        headers: { ...html, cookie: `opendvc_csrf=${cookie.value}`, 'content-type': 'application/x-www-form-urlencoded' },
        payload: form({ _csrf: csrf, token }),
      });
    const done = await activate();
    assert.equal(done.statusCode, 200);
    assert.match(done.body, /Tài khoản đã được kích hoạt/);
    assert.match(done.body, /href="\/dang-nhap"/);
    assert.equal((await ctx.db.selectFrom('accounts').select('status').where('id', '=', account.id).executeTakeFirstOrThrow()).status, 'active');
    const again = await activate();
    assert.equal(again.statusCode, 400);
    assert.match(again.body, /Liên kết không dùng được/);
    const reopened = await app.inject({ method: 'GET', url: link, headers: html });
    assert.equal(reopened.statusCode, 400);

    // Signed in, the name shows escaped in the header and on the account page.
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'evil@example.vn', password: PASSWORD } });
    assert.equal(login.statusCode, 200);
    const sid = (login.cookies as Array<{ name: string; value: string }>).find((c) => c.name === 'opendvc_sid')!;
    const accountPage = await app.inject({ method: 'GET', url: '/tai-khoan', headers: { ...html, cookie: `opendvc_sid=${sid.value}` } });
    assert.equal(accountPage.statusCode, 200);
    assert.ok(!accountPage.body.includes('<script>alert(1)</script>'));
    assert.ok(accountPage.body.includes('Robert&#39;); DROP TABLE accounts; -- &lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.match(accountPage.body, /\*{8}8888/);
    assert.ok(!accountPage.body.includes('001190088888'), 'the personal ID is masked');
    assert.match(accountPage.body, /25\/08\/1990/);
  });

  it('answers an invalid UTF-8 form body with 400', async () => {
    const visitor = await anonymousForm(app, '/dang-ky/cong-dan');
    const response = await app.inject({
      method: 'POST', url: '/dang-ky/cong-dan',
      headers: { ...html, cookie: visitor.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${visitor.csrfToken}&fullName=%C3%28&email=a%40b.vn`,
    });
    assert.equal(response.statusCode, 400);
    assert.ok(!response.body.includes(' at '), 'no stack trace');
  });

  it('refuses the form without the CSRF token', async () => {
    const response = await app.inject({
      method: 'POST', url: '/dang-ky/cong-dan', headers: { ...html, 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({ fullName: 'X' }),
    });
    assert.equal(response.statusCode, 403);
  });

  it('registers an organisation through its form, and refuses the same tax code again', async () => {
    const fields = {
      taxCode: '0108888888', organisationName: 'Hợp tác xã <Mây Tre>', legalRepresentative: 'Vi Văn Đức', address: 'Lạng Sơn',
      fullName: 'Vi Thị Hạnh', email: 'hanh@maytre.vn', phone: '0205388888', password: PASSWORD, passwordConfirm: PASSWORD,
    };
    const created = await post('/dang-ky/to-chuc', fields);
    assert.equal(created.statusCode, 303);
    const again = await post('/dang-ky/to-chuc', { ...fields, email: 'other@maytre.vn' });
    assert.equal(again.statusCode, 422);
    assert.match(again.body, /<a href="#taxCode">Mã số doanh nghiệp\/mã số thuế: Tổ chức, doanh nghiệp có mã số này đã được đăng ký/);
    assert.match(again.body, /value="Hợp tác xã &lt;Mây Tre&gt;"/);
  });

  it('JSON: 201 with the pending account, 422 listing every field error, JSON only', async () => {
    const ok = await app.inject({
      method: 'POST', url: '/api/auth/register/citizen',
      payload: { fullName: 'Trịnh Công Sơn', personalId: '001190099991', dateOfBirth: '1939-02-28', phone: '+84912000111', email: 'son@example.vn', address: 'Huế', password: PASSWORD, passwordConfirm: PASSWORD },
    });
    assert.equal(ok.statusCode, 201, ok.body);
    assert.deepEqual(Object.keys(ok.json()).sort(), ['status', 'username'], 'no account id: the answer is the same for a known address');
    assert.equal(ok.json().username, 'son@example.vn');
    assert.equal(ok.json().status, 'pending');

    const bad = await app.inject({
      method: 'POST', url: '/api/auth/register/citizen',
      payload: { fullName: '', personalId: '001190099991', dateOfBirth: 'hôm qua', phone: '1', email: 'SON@example.vn', address: 'x', password: 'son12345', passwordConfirm: 'son12345' },
    });
    assert.equal(bad.statusCode, 422);
    assert.match(String(bad.headers['content-type']), /^application\/problem\+json/);
    const problem = bad.json();
    assert.equal(problem.code, 'VALIDATION_FAILED');
    assert.deepEqual(problem.errors.map((e: { path: string; code: string }) => `${e.path}:${e.code}`).sort(), [
      '/dateOfBirth:BIRTH_DATE_INVALID',
      '/fullName:required',
      '/password:PASSWORD_CONTAINS_NAME',
      '/password:PASSWORD_TOO_SIMPLE',
      '/phone:PHONE_INVALID',
    ]);
    assert.ok(problem.errors.every((e: { message: string }) => e.message.length > 0));

    const missing = await app.inject({ method: 'POST', url: '/api/auth/register/organisation', payload: { taxCode: '0107777777' } });
    assert.equal(missing.statusCode, 422);
    assert.equal(missing.json().errors.length, 8);

    const formEncoded = await app.inject({
      method: 'POST', url: '/api/auth/register/citizen', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({ fullName: 'X' }),
    });
    assert.equal(formEncoded.statusCode, 415);
  });

  it('JSON: verifies the e-mail with the token once', async () => {
    const created = await app.inject({
      method: 'POST', url: '/api/auth/register/organisation',
      payload: { taxCode: '0106666666-001', organisationName: 'Chi nhánh Sen', legalRepresentative: 'Mai Lan', address: 'Đà Nẵng', fullName: 'Mai Lan', email: 'lan@sen.vn', phone: '0236123456', password: PASSWORD, passwordConfirm: PASSWORD },
    });
    assert.equal(created.statusCode, 201, created.body);
    const token = /token=([\w-]+)/.exec((await lastMailTo('lan@sen.vn')).body_text)![1];
    const first = await app.inject({ method: 'POST', url: '/api/auth/verify-email', payload: { token } });
    assert.equal(first.statusCode, 200);
    assert.equal(first.json().status, 'active');
    const second = await app.inject({ method: 'POST', url: '/api/auth/verify-email', payload: { token } });
    assert.equal(second.statusCode, 400);
    assert.equal(second.json().code, 'TOKEN_INVALID');
  });

  it('documents the endpoints in OpenAPI', async () => {
    const spec = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const path of ['/api/v1/auth/register/citizen', '/api/v1/auth/register/organisation', '/api/v1/auth/verify-email', '/api/v1/auth/password/forgot', '/api/v1/auth/password/reset', '/api/v1/auth/password/change']) {
      assert.ok(spec.paths[path]?.post, path);
      assert.deepEqual(spec.paths[path].post.tags, ['auth']);
    }
  });
});
