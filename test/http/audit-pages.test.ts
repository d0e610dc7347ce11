import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authHeaders, createTestApp, login } from '../helpers/app.ts';
import { TRA_VINH, TV_SO } from '../helpers/domain.ts';


describe('audit log pages', async () => {
  const { app, ctx } = await createTestApp({ demo: true });
  const agencyId = async (code: string) => (await ctx.services.agencies.byCode(code))!.id;
  const ministryId = await agencyId('000.00.00.G14');
  const soId = await agencyId(TV_SO);
  // An inspector of the whole ministry, and an inspector of the Trà Vinh Sở only.
  await ctx.services.identity.createAccount(null, { username: 'bo.thanhtra', password: 'Demo@2026', kind: 'staff', fullName: 'Thanh tra Bộ', agencyId: ministryId, roles: [{ role: 'inspector', agencyId: ministryId }] });
  await ctx.services.identity.createAccount(null, { username: 'so.thanhtra', password: 'Demo@2026', kind: 'staff', fullName: 'Thanh tra Sở', agencyId: soId, roles: [{ role: 'inspector', agencyId: soId }] });
  const admin = await login(app, 'demo.quantri');
  const inspector = await login(app, 'bo.thanhtra');
  const soInspector = await login(app, 'so.thanhtra');
  // Some changes to look at: one in Trà Vinh, one in the ministry.
  const created = await app.inject({ method: 'POST', url: '/api/agencies', headers: { ...authHeaders(admin), 'x-forwarded-for': '1.2.3.4' }, payload: { code: '000.20.30.H59', name: 'Nhà hát tỉnh', level: 'provincial_department', parentCode: TV_SO } });
  assert.equal(created.statusCode, 201);
  const dept = await app.inject({ method: 'POST', url: '/api/agencies/000.00.12.G14/departments', headers: authHeaders(admin), payload: { code: 'TT', name: 'Phòng Thông tin' } });
  assert.equal(dept.statusCode, 201);

  it('shows administrators the newest entries first, with IP addresses', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/audit', headers: { cookie: admin.cookie } });
    assert.equal(response.statusCode, 200);
    const { items, total } = response.json();
    assert.ok(total >= 2);
    const ids = items.map((e: { id: string }) => Number(e.id));
    assert.deepEqual(ids, [...ids].sort((a, b) => b - a));
    assert.equal(items[0].action, 'agency.department.create');
    assert.ok('ip' in items[0]);
  });

  it('filters by action prefix and target', async () => {
    const byAction = await app.inject({ method: 'GET', url: '/api/audit?action=agency', headers: { cookie: admin.cookie } });
    const actions = byAction.json().items.map((e: { action: string }) => e.action);
    assert.deepEqual([...new Set(actions)].sort(), ['agency.create', 'agency.department.create']);
    const exact = await app.inject({ method: 'GET', url: '/api/audit?action=agency.create', headers: { cookie: admin.cookie } });
    assert.deepEqual(exact.json().items.map((e: { action: string }) => e.action), ['agency.create']);
    const target = exact.json().items[0].targetId;
    const byTarget = await app.inject({ method: 'GET', url: `/api/audit?targetType=agency&targetId=${target}`, headers: { cookie: admin.cookie } });
    assert.equal(byTarget.json().total, 1);
    const none = await app.inject({ method: 'GET', url: '/api/audit?action=agenc', headers: { cookie: admin.cookie } });
    assert.equal(none.json().total, 0, 'a prefix matches whole segments only');
  });

  it('never shows IP addresses to inspectors, and limits them to their subtree', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/audit', headers: { cookie: inspector.cookie } });
    assert.equal(response.statusCode, 200);
    const items = response.json().items as Array<Record<string, unknown>>;
    assert.ok(items.length > 0);
    assert.ok(items.every((e) => !('ip' in e)));
    assert.ok(!response.body.includes('127.0.0.1'));
    const so = await app.inject({ method: 'GET', url: '/api/audit', headers: { cookie: soInspector.cookie } });
    const soItems = so.json().items as Array<{ action: string; agencyCode: string | null }>;
    assert.ok(soItems.some((e) => e.action === 'agency.create'), 'sees the new agency below the Sở');
    assert.ok(soItems.every((e) => e.agencyCode !== '000.00.12.G14'), 'no ministry entries');
    assert.ok(soItems.every((e) => e.agencyCode !== null), 'no entries without an agency below the top level');
    const page = await app.inject({ method: 'GET', url: '/quan-tri/nhat-ky', headers: { cookie: inspector.cookie, accept: 'text/html' } });
    assert.equal(page.statusCode, 200);
    assert.ok(!page.body.includes('Địa chỉ IP'));
    assert.ok(!page.body.includes('127.0.0.1'));
  });

  it('refuses other roles and anonymous visitors', async () => {
    const specialist = await login(app, 'demo.chuyenvien');
    assert.equal((await app.inject({ method: 'GET', url: '/api/audit', headers: { cookie: specialist.cookie } })).statusCode, 403);
    assert.equal((await app.inject({ method: 'GET', url: '/api/audit' })).statusCode, 401);
    const page = await app.inject({ method: 'GET', url: '/quan-tri/nhat-ky', headers: { accept: 'text/html' } });
    assert.equal(page.statusCode, 303);
    assert.match(String(page.headers.location), /^\/dang-nhap/);
    assert.equal((await app.inject({ method: 'GET', url: '/quan-tri/nhat-ky', headers: { cookie: specialist.cookie, accept: 'text/html' } })).statusCode, 403);
  });

  it('renders the page with dd/mm/yyyy hh:mm times, filters and pagination', async () => {
    const page = await app.inject({ method: 'GET', url: '/quan-tri/nhat-ky?action=agency.create', headers: { cookie: admin.cookie, accept: 'text/html' } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<time datetime="[^"]+">\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}<\/time>/);
    assert.match(page.body, /<code>agency\.create<\/code>/);
    assert.ok(!page.body.includes('<code>auth.login</code>'));
    assert.match(page.body, /id="action"[^>]*value="agency.create"|value="agency.create"/);
    assert.match(page.body, /Địa chỉ IP/);
    // Pagination: 60 more entries in Trà Vinh make a second page.
    await ctx.db.transaction().execute(async (tx) => {
      for (let i = 0; i < 60; i++) await ctx.services.audit.record(tx, null, { action: 'test.bulk', targetType: 'test', targetId: String(i), agencyId: soId });
    });
    const first = await app.inject({ method: 'GET', url: '/quan-tri/nhat-ky?action=test.bulk', headers: { cookie: admin.cookie, accept: 'text/html' } });
    assert.match(first.body, /href="\/quan-tri\/nhat-ky\?action=test.bulk&amp;page=2"/);
    const second = await app.inject({ method: 'GET', url: '/api/audit?action=test.bulk&page=2', headers: { cookie: admin.cookie } });
    assert.equal(second.json().items.length, 10);
    assert.equal(second.json().pageCount, 2);
  });
});
