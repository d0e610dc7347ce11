import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authHeaders, createTestApp, login } from '../helpers/app.ts';
import { TRA_VINH, TV_SO } from '../helpers/domain.ts';


describe('staff accounts over HTTP', async () => {
  const { app, ctx } = await createTestApp({ demo: true });
  const tvId = (await ctx.services.agencies.byCode(TRA_VINH))!.id;
  await ctx.services.identity.createAccount(null, {
    username: 'tv.quantri', password: 'Demo@2026', kind: 'staff', fullName: 'Quản trị Trà Vinh', agencyId: tvId, roles: [{ role: 'admin', agencyId: tvId }],
  });
  const admin = await login(app, 'demo.quantri');
  const tvAdmin = await login(app, 'tv.quantri');
  const html = (session: { cookie: string }) => ({ cookie: session.cookie, accept: 'text/html' });

  it('lists the staff in scope only', async () => {
    const all = await app.inject({ method: 'GET', url: '/api/staff', headers: { cookie: admin.cookie } });
    assert.equal(all.statusCode, 200);
    assert.ok(all.json().items.some((s: { username: string }) => s.username === 'demo.motcua'));
    const tv = await app.inject({ method: 'GET', url: '/api/staff', headers: { cookie: tvAdmin.cookie } });
    assert.deepEqual(tv.json().items.map((s: { username: string }) => s.username), ['tv.quantri']);
    const citizen = await login(app, 'demo.congdan');
    assert.equal((await app.inject({ method: 'GET', url: '/api/staff', headers: { cookie: citizen.cookie } })).statusCode, 403);
    assert.equal((await app.inject({ method: 'GET', url: '/api/staff' })).statusCode, 401);
  });

  it('creates an account, changes its roles and disables it through the JSON API', async () => {
    const invalid = await app.inject({
      method: 'POST', url: '/api/staff', headers: authHeaders(tvAdmin),
      payload: { username: 'tv.chuyenvien', fullName: 'Lý Văn Sơn', password: 'abc', agencyCode: TV_SO, roles: [{ role: 'specialist' }] },
    });
    assert.equal(invalid.statusCode, 422);
    assert.ok(invalid.json().errors.some((e: { path: string }) => e.path === '/password'));

    const created = await app.inject({
      method: 'POST', url: '/api/staff', headers: authHeaders(tvAdmin),
      payload: { username: 'tv.chuyenvien', fullName: 'Lý Văn Sơn', email: 'son@travinh.example.vn', password: 'S0n@TraVinh', agencyCode: TV_SO, departmentCode: 'QLVH', roles: [{ role: 'specialist' }] },
    });
    assert.equal(created.statusCode, 201, created.body);
    const account = created.json();
    assert.equal(account.departmentCode, 'QLVH');
    assert.deepEqual(account.roles.map((r: { role: string }) => r.role), ['specialist']);

    const roles = await app.inject({ method: 'PATCH', url: `/api/staff/${account.id}`, headers: authHeaders(tvAdmin), payload: { roles: [{ role: 'department_head' }, { role: 'specialist' }] } });
    assert.equal(roles.statusCode, 200, roles.body);
    assert.deepEqual(roles.json().roles.map((r: { role: string }) => r.role).sort(), ['department_head', 'specialist']);

    const disabled = await app.inject({ method: 'PATCH', url: `/api/staff/${account.id}`, headers: authHeaders(tvAdmin), payload: { status: 'disabled' } });
    assert.equal(disabled.json().status, 'disabled');
    const blocked = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'tv.chuyenvien', password: 'S0n@TraVinh' } });
    assert.equal(blocked.statusCode, 403);
    assert.equal(blocked.json().code, 'ACCOUNT_DISABLED');
  });

  it('gives the Trà Vinh admin 404 for ministry staff', async () => {
    const all = await app.inject({ method: 'GET', url: '/api/staff?q=demo.motcua', headers: { cookie: admin.cookie } });
    const motcua = all.json().items[0];
    assert.equal(motcua.username, 'demo.motcua');
    const read = await app.inject({ method: 'GET', url: `/api/staff/${motcua.id}`, headers: { cookie: tvAdmin.cookie } });
    assert.equal(read.statusCode, 404);
    const change = await app.inject({ method: 'PATCH', url: `/api/staff/${motcua.id}`, headers: authHeaders(tvAdmin), payload: { status: 'disabled' } });
    assert.equal(change.statusCode, 404);
    const grant = await app.inject({
      method: 'POST', url: '/api/staff', headers: authHeaders(tvAdmin),
      payload: { username: 'tv.x', fullName: 'X', password: 'S0n@TraVinh', agencyCode: TV_SO, roles: [{ role: 'admin', agencyCode: '000.00.00.G14' }] },
    });
    assert.equal(grant.statusCode, 403);
    assert.equal(grant.json().code, 'STAFF_ROLE_OUT_OF_SCOPE');
  });

  it('serves the account pages: list, create form with errors, detail with role and status forms', async () => {
    const anonymous = await app.inject({ method: 'GET', url: '/quan-tri/tai-khoan', headers: { accept: 'text/html' } });
    assert.equal(anonymous.statusCode, 303);
    const lanhdao = await login(app, 'demo.lanhdao');
    assert.equal((await app.inject({ method: 'GET', url: '/quan-tri/tai-khoan', headers: html(lanhdao) })).statusCode, 403);

    const list = await app.inject({ method: 'GET', url: '/quan-tri/tai-khoan', headers: html(tvAdmin) });
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Lý Văn Sơn/);
    assert.ok(!list.body.includes('demo.motcua'));
    assert.match(list.body, /Đã khóa/);

    const form = await app.inject({ method: 'GET', url: '/quan-tri/tai-khoan/them', headers: html(tvAdmin) });
    assert.equal(form.statusCode, 200);
    const token = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
    assert.ok(!form.body.includes('000.00.12.G14'), 'only agencies in scope are offered');
    const post = (url: string, fields: Array<[string, string]>) =>
      app.inject({ method: 'POST', url, headers: { ...html(tvAdmin), 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams([['_csrf', token], ...fields]).toString() });

    const failed = await post('/quan-tri/tai-khoan/them', [['fullName', ''], ['username', 'tv.motcua'], ['password', 'abc'], ['agencyCode', TV_SO], ['roles', 'receptionist']]);
    assert.equal(failed.statusCode, 422);
    assert.match(failed.body, /href="#fullName"/);
    assert.match(failed.body, /href="#password"/);
    assert.match(failed.body, /value="receptionist" checked/);

    const ok = await post('/quan-tri/tai-khoan/them', [['fullName', 'Trần Mỹ Linh'], ['username', 'tv.motcua'], ['password', 'L1nh@TraVinh'], ['agencyCode', TV_SO], ['roles', 'receptionist'], ['roles', 'specialist']]);
    assert.equal(ok.statusCode, 303, ok.body);
    const detailUrl = String(ok.headers.location);
    const detail = await app.inject({ method: 'GET', url: detailUrl, headers: html(tvAdmin) });
    assert.match(detail.body, /Đã tạo tài khoản tv\.motcua/);
    assert.match(detail.body, /Cán bộ một cửa/);
    const id = detailUrl.split('/').pop()!.split('?')[0]!;

    const roles = await post(`/quan-tri/tai-khoan/${id}/vai-tro`, [['keep', `specialist|${TV_SO}`], ['addRole', 'inspector'], ['addAgencyCode', TRA_VINH]]);
    assert.equal(roles.statusCode, 303);
    const account = await app.inject({ method: 'GET', url: `/api/staff/${id}`, headers: { cookie: tvAdmin.cookie } });
    assert.deepEqual(account.json().roles.map((r: { role: string; agencyCode: string }) => `${r.role}@${r.agencyCode}`).sort(), [`inspector@${TRA_VINH}`, `specialist@${TV_SO}`]);

    const status = await post(`/quan-tri/tai-khoan/${id}/trang-thai`, [['status', 'disabled']]);
    assert.equal(status.statusCode, 303);
    assert.equal((await app.inject({ method: 'GET', url: `/api/staff/${id}`, headers: { cookie: tvAdmin.cookie } })).json().status, 'disabled');
  });
});
