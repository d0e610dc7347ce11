// The commune an agency serves (agencies.admin_unit_code, liên thông by the dossier's address): set through the
// JSON API (optional field, 422 unknown commune, 409 AGENCY_ADMIN_UNIT_TAKEN) and the admin page's commune picker
// (a select of a province's communes, never a typed code).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authHeaders, createTestApp, login } from '../helpers/app.ts';

const TV = '000.00.00.H59';
const AN_TRUONG = '29275'; // Xã An Trường, Tỉnh Vĩnh Long: the demo's H59.20.01.01
const TAN_AN = '29278'; // Xã Tân An, Tỉnh Vĩnh Long
const NHI_LONG = '29302'; // Xã Nhị Long, Tỉnh Vĩnh Long

function csrfFrom(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  assert.ok(token, 'form has a CSRF field');
  return token;
}

describe('the commune an agency serves', async () => {
  const { app } = await createTestApp({ demo: true });
  const admin = await login(app, 'demo.quantri');
  const html = { cookie: admin.cookie, accept: 'text/html' };

  it('is set, changed and cleared through the JSON API, refused when unknown or served by another active agency', async () => {
    const list = (await app.inject({ method: 'GET', url: '/api/agencies' })).json() as Array<{ code: string; adminUnitCode: string | null }>;
    assert.equal(list.find((a) => a.code === 'H59.20.01.01')?.adminUnitCode, AN_TRUONG);

    const create = (payload: Record<string, unknown>) => app.inject({ method: 'POST', url: '/api/agencies', headers: authHeaders(admin), payload });
    const unknown = await create({ code: 'H59.30.01.01', name: 'UBND xã thử', level: 'commune', parentCode: TV, adminUnitCode: '99999' });
    assert.equal(unknown.statusCode, 422);
    assert.deepEqual(unknown.json().errors.map((e: { path: string; code: string }) => [e.path, e.code]), [['/adminUnitCode', 'AGENCY_ADMIN_UNIT_UNKNOWN']]);
    const notFive = await create({ code: 'H59.30.01.01', name: 'UBND xã thử', level: 'commune', parentCode: TV, adminUnitCode: 'Xã Tân An' });
    assert.equal(notFive.statusCode, 422);

    const taken = await create({ code: 'H59.30.01.01', name: 'UBND xã thử', level: 'commune', parentCode: TV, adminUnitCode: AN_TRUONG });
    assert.equal(taken.statusCode, 409);
    assert.equal(taken.json().code, 'AGENCY_ADMIN_UNIT_TAKEN');
    assert.equal(taken.json().errors[0].path, '/adminUnitCode');

    const created = await create({ code: 'H59.30.01.01', name: 'UBND xã Tân An', level: 'commune', parentCode: TV, adminUnitCode: TAN_AN });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().adminUnitCode, TAN_AN);

    const patch = (code: string, payload: Record<string, unknown>) => app.inject({ method: 'PATCH', url: `/api/agencies/${code}`, headers: authHeaders(admin), payload });
    const clash = await patch('H59.30.01.01', { adminUnitCode: AN_TRUONG });
    assert.equal(clash.statusCode, 409);
    assert.equal(clash.json().code, 'AGENCY_ADMIN_UNIT_TAKEN');
    const renamed = await patch('H59.30.01.01', { name: 'Ủy ban nhân dân xã Tân An' });
    assert.equal(renamed.json().adminUnitCode, TAN_AN, 'absent: unchanged');
    const cleared = await patch('H59.30.01.01', { adminUnitCode: null });
    assert.equal(cleared.statusCode, 200);
    assert.equal(cleared.json().adminUnitCode, null);

    // A merged (inactive) agency no longer holds its commune.
    assert.equal((await patch('H59.30.01.01', { adminUnitCode: TAN_AN })).statusCode, 200);
    const merged = await app.inject({ method: 'POST', url: '/api/agencies/H59.30.01.01/merge', headers: authHeaders(admin), payload: { successorCode: TV } });
    assert.equal(merged.statusCode, 200, merged.body);
    const again = await create({ code: 'H59.30.02.01', name: 'UBND xã Tân An (mới)', level: 'commune', parentCode: TV, adminUnitCode: TAN_AN });
    assert.equal(again.statusCode, 201, again.body);
  });

  it('is picked on the admin page from the communes of a province, with the errors tied to the picker', async () => {
    const form = await app.inject({ method: 'GET', url: '/quan-tri/co-quan/H59.20.01.01/sua', headers: html });
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /<option value="86" selected>Tỉnh Vĩnh Long<\/option>/);
    assert.match(form.body, new RegExp(`<option value="${AN_TRUONG}" selected>Xã An Trường \\(${AN_TRUONG}\\)</option>`));
    assert.doesNotMatch(form.body, /name="adminUnitCode" type="text"/);
    assert.match(form.body, /<script src="\/static\/agency-commune\.js" defer><\/script>/);
    const script = await app.inject({ method: 'GET', url: '/static/agency-commune.js' });
    assert.equal(script.statusCode, 200);
    const token = csrfFrom(form.body);
    const post = (url: string, fields: Record<string, string>) =>
      app.inject({ method: 'POST', url, headers: { ...html, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: token, ...fields }).toString() });

    // "Show the communes" of another province re-renders the form with its communes, nothing saved.
    const base = { code: 'H59.40.01.01', name: 'UBND xã Nhị Long', level: 'commune', parentCode: TV };
    const shown = await post('/quan-tri/co-quan/them', { ...base, adminUnitProvince: '01', adminUnitCode: '', showCommunes: '1' });
    assert.equal(shown.statusCode, 200);
    assert.match(shown.body, /<option value="00070">Phường Hoàn Kiếm \(00070\)<\/option>/);
    assert.match(shown.body, /value="UBND xã Nhị Long"/);
    assert.equal((await app.inject({ method: 'GET', url: '/api/agencies' })).json().some((a: { code: string }) => a.code === 'H59.40.01.01'), false);

    const taken = await post('/quan-tri/co-quan/them', { ...base, adminUnitProvince: '86', adminUnitCode: AN_TRUONG });
    assert.equal(taken.statusCode, 409);
    assert.match(taken.body, /href="#adminUnitCode"/);
    assert.match(taken.body, /id="adminUnitCode"[^>]*aria-invalid="true"/);
    assert.match(taken.body, /đã do một cơ quan khác đang hoạt động phụ trách/);

    const unknown = await post('/quan-tri/co-quan/them', { ...base, adminUnitProvince: '86', adminUnitCode: '<b>1' });
    assert.equal(unknown.statusCode, 422);
    assert.match(unknown.body, /danh mục đơn vị hành chính từ 01\/7\/2025/);

    const ok = await post('/quan-tri/co-quan/them', { ...base, adminUnitProvince: '86', adminUnitCode: NHI_LONG });
    assert.equal(ok.statusCode, 303, ok.body);
    const detail = await app.inject({ method: 'GET', url: '/quan-tri/co-quan/H59.40.01.01', headers: html });
    assert.match(detail.body, /Xã Nhị Long, Tỉnh Vĩnh Long \(<code>29302<\/code>\)/);

    const english = await app.inject({ method: 'GET', url: '/quan-tri/co-quan/H59.40.01.01/sua', headers: { ...html, cookie: `${admin.cookie}; lang=en` } });
    assert.equal(english.statusCode, 200);
  });
});
