import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authHeaders, createTestApp, login } from '../helpers/app.ts';

const COPYRIGHT = '000.00.12.G14';
const TV_SO = '000.20.00.H59';

function csrfFrom(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  assert.ok(token, 'form has a CSRF field');
  return token;
}

describe('agencies over HTTP', async () => {
  const { app } = await createTestApp({ demo: true });
  const admin = await login(app, 'demo.quantri');
  const html = (session: { cookie: string }) => ({ cookie: session.cookie, accept: 'text/html' });

  it('lists the agency tree publicly as JSON', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/agencies' });
    assert.equal(response.statusCode, 200);
    const list = response.json() as Array<Record<string, unknown>>;
    const so = list.find((a) => a.code === TV_SO)!;
    assert.deepEqual(Object.keys(so).sort(), ['active', 'adminUnitCode', 'code', 'level', 'name', 'parentCode', 'shortName', 'successorCode', 'validTo']);
    assert.equal(so.parentCode, '000.00.00.H59');
    assert.equal(so.level, 'provincial_department');
    const codes = list.map((a) => a.code);
    assert.ok(codes.indexOf('000.00.00.G14') < codes.indexOf(COPYRIGHT));
  });

  it('creates, renames and merges through the JSON API, with 422 field errors', async () => {
    const bad = await app.inject({
      method: 'POST', url: '/api/agencies', headers: authHeaders(admin),
      payload: { code: 'H59 99', name: 'Trung tâm', level: 'center', parentCode: TV_SO },
    });
    assert.equal(bad.statusCode, 422);
    assert.deepEqual(bad.json().errors.map((e: { path: string }) => e.path).sort(), ['/code', '/level']);
    assert.match(bad.json().errors.find((e: { path: string }) => e.path === '/code').message, /không có khoảng trắng/);

    const created = await app.inject({
      method: 'POST', url: '/api/agencies', headers: authHeaders(admin),
      payload: { code: '000.20.09.H59', name: 'Trung tâm Văn hóa tỉnh', level: 'provincial_department', parentCode: TV_SO },
    });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().parentCode, TV_SO);

    const cycle = await app.inject({ method: 'PATCH', url: `/api/agencies/${TV_SO}`, headers: authHeaders(admin), payload: { parentCode: '000.20.09.H59' } });
    assert.equal(cycle.statusCode, 422);
    assert.equal(cycle.json().errors[0].code, 'AGENCY_PARENT_CYCLE');

    const renamed = await app.inject({ method: 'PATCH', url: '/api/agencies/000.20.09.H59', headers: authHeaders(admin), payload: { name: 'Trung tâm Văn hóa - Điện ảnh', code: '000.20.10.H59' } });
    assert.equal(renamed.statusCode, 200, renamed.body);
    assert.equal(renamed.json().code, '000.20.10.H59');

    const merged = await app.inject({ method: 'POST', url: '/api/agencies/000.20.10.H59/merge', headers: authHeaders(admin), payload: { successorCode: TV_SO, validTo: '2026-01-31' } });
    assert.equal(merged.statusCode, 200, merged.body);
    assert.equal(merged.json().agency.active, false);
    assert.equal(merged.json().agency.successorCode, TV_SO);

    const noCsrf = await app.inject({ method: 'PATCH', url: `/api/agencies/${TV_SO}`, headers: { cookie: admin.cookie }, payload: { name: 'x' } });
    assert.equal(noCsrf.statusCode, 403);
    const anonymous = await app.inject({ method: 'POST', url: '/api/agencies', payload: { code: 'X1', name: 'x', level: 'commune' } });
    assert.equal(anonymous.statusCode, 403); // no CSRF token: refused before anything else
  });

  it('answers 404 for agencies outside the admin\'s scope and 403 for non-admins', async () => {
    const catalog = await login(app, 'demo.danhmuc');
    const forbidden = await app.inject({ method: 'PATCH', url: `/api/agencies/${COPYRIGHT}`, headers: authHeaders(catalog), payload: { name: 'x' } });
    assert.equal(forbidden.statusCode, 403);
    const unknown = await app.inject({ method: 'PATCH', url: '/api/agencies/NO.SUCH', headers: authHeaders(admin), payload: { name: 'x' } });
    assert.equal(unknown.statusCode, 404);
  });

  it('redirects anonymous visitors of the admin pages to the login page and refuses non-admins', async () => {
    const anonymous = await app.inject({ method: 'GET', url: '/quan-tri/co-quan', headers: { accept: 'text/html' } });
    assert.equal(anonymous.statusCode, 303);
    assert.match(String(anonymous.headers.location), /^\/dang-nhap\?next=%2Fquan-tri%2Fco-quan/);
    const citizen = await login(app, 'demo.congdan');
    const refused = await app.inject({ method: 'GET', url: '/quan-tri/co-quan', headers: html(citizen) });
    assert.equal(refused.statusCode, 403);
    const hub = await app.inject({ method: 'GET', url: '/quan-tri', headers: html(citizen) });
    assert.equal(hub.statusCode, 403);
  });

  it('shows the tree as nested lists with levels in words, and the admin link in the navigation', async () => {
    const response = await app.inject({ method: 'GET', url: '/quan-tri/co-quan', headers: html(admin) });
    assert.equal(response.statusCode, 200);
    const body = response.body;
    assert.match(body, /<ul class="agency-tree">[\s\S]*Bộ Văn hóa, Thể thao và Du lịch[\s\S]*<ul class="agency-tree">[\s\S]*Cục Bản quyền tác giả/);
    for (const word of ['Bộ', 'Cục/Vụ', 'Tỉnh', 'Sở', 'Huyện (đến 30/6/2025)', 'Xã']) assert.ok(body.includes(`· ${word}`), word);
    assert.match(body, /<a href="\/quan-tri"[^>]*>Quản trị<\/a>/);
    const hub = await app.inject({ method: 'GET', url: '/quan-tri', headers: html(admin) });
    assert.equal(hub.statusCode, 200);
    assert.match(hub.body, /href="\/quan-tri\/tai-khoan"/);
  });

  it('creates an agency with the form, re-rendering field errors tied to the inputs', async () => {
    const form = await app.inject({ method: 'GET', url: '/quan-tri/co-quan/them', headers: html(admin) });
    assert.equal(form.statusCode, 200);
    const token = csrfFrom(form.body);
    const failed = await app.inject({
      method: 'POST', url: '/quan-tri/co-quan/them',
      headers: { ...html(admin), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: token, code: 'AB CD', name: 'Phòng thử', level: 'nope', parentCode: TV_SO }).toString(),
    });
    assert.equal(failed.statusCode, 422);
    assert.match(failed.body, /class="error-summary"/);
    assert.match(failed.body, /href="#code"/);
    assert.match(failed.body, /id="code"[^>]*aria-describedby="code-hint code-error"/);
    assert.match(failed.body, /value="AB CD"/);
    const ok = await app.inject({
      method: 'POST', url: '/quan-tri/co-quan/them',
      headers: { ...html(admin), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: token, code: '000.20.11.H59', name: 'Bảo tàng tỉnh', level: 'provincial_department', parentCode: TV_SO }).toString(),
    });
    assert.equal(ok.statusCode, 303);
    assert.equal(ok.headers.location, '/quan-tri/co-quan/000.20.11.H59?ok=created');
    const detail = await app.inject({ method: 'GET', url: String(ok.headers.location), headers: html(admin) });
    assert.equal(detail.statusCode, 200);
    assert.match(detail.body, /Đã thêm cơ quan Bảo tàng tỉnh/);
  });

  it('edits (history shown), merges and adds departments from the pages', async () => {
    const form = await app.inject({ method: 'GET', url: '/quan-tri/co-quan/000.20.11.H59/sua', headers: html(admin) });
    const token = csrfFrom(form.body);
    const post = (url: string, fields: Record<string, string>) =>
      app.inject({ method: 'POST', url, headers: { ...html(admin), 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: token, ...fields }).toString() });
    const saved = await post('/quan-tri/co-quan/000.20.11.H59/sua', { code: '000.20.12.H59', name: 'Bảo tàng tổng hợp tỉnh', level: 'provincial_department', parentCode: TV_SO, shortName: '' });
    assert.equal(saved.statusCode, 303);
    const detail = await app.inject({ method: 'GET', url: '/quan-tri/co-quan/000.20.12.H59', headers: html(admin) });
    assert.match(detail.body, /<td><code>000\.20\.11\.H59<\/code><\/td><td>Bảo tàng tỉnh<\/td>/);

    const dept = await post('/quan-tri/co-quan/000.20.12.H59/phong-ban', { code: 'HC', name: 'Phòng Hành chính' });
    assert.equal(dept.statusCode, 303);
    const dup = await post('/quan-tri/co-quan/000.20.12.H59/phong-ban', { code: 'HC', name: 'Trùng' });
    assert.equal(dup.statusCode, 422);
    assert.match(dup.body, /Cơ quan đã có phòng ban với mã này/);

    const mergeInto = await post('/quan-tri/co-quan/000.20.12.H59/sap-nhap', { successorCode: '000.20.12.H59', validTo: '' });
    assert.equal(mergeInto.statusCode, 422);
    const merged = await post('/quan-tri/co-quan/000.20.12.H59/sap-nhap', { successorCode: TV_SO, validTo: '2026-02-01' });
    assert.equal(merged.statusCode, 303);
    const after = await app.inject({ method: 'GET', url: '/quan-tri/co-quan/000.20.12.H59', headers: html(admin) });
    assert.match(after.body, /Ngừng hoạt động/);
    assert.match(after.body, /01\/02\/2026/);

    const outOfScope = await app.inject({ method: 'GET', url: '/quan-tri/co-quan/NO.SUCH.AGENCY', headers: html(admin) });
    assert.equal(outOfScope.statusCode, 404);
  });
});
