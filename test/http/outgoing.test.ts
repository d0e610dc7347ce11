// Outgoing documents over HTTP: the JSON API (problem+json, field paths), the no-JS pages (draft form with its
// errors, the document page's actions, chains editor, report and Excel), issuing twice (409), the officer's dossier page link.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authHeaders, createTestApp, login } from '../helpers/app.ts';
import { urlencodedForm } from '../helpers/forms.ts';

describe('outgoing documents over HTTP', async () => {
  const { app, ctx } = await createTestApp({ demo: true });
  const specialist = await login(app, 'demo.chuyenvien');
  const leader = await login(app, 'demo.lanhdao');
  const citizen = await login(app, 'demo.congdan');
  const leaderId = (await ctx.db.selectFrom('accounts').select('id').where('username', '=', 'demo.lanhdao').executeTakeFirstOrThrow()).id;
  const json = (session: { cookie: string; csrfToken: string }) => ({ headers: { ...authHeaders(session), accept: 'application/json' } });
  const valid = { docType: 'notice', excerpt: 'Thông báo nghỉ Tết', body: 'Cơ quan thông báo lịch nghỉ.', place: 'Hà Nội', signerId: leaderId, signerTitle: 'Cục trưởng', recipients: [{ name: 'Các phòng' }] };

  it('refuses a bad draft with problem+json naming each field', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/outgoing', ...json(specialist), payload: { ...valid, docType: 'x', excerpt: ' ', signerId: 'not-a-leader' } });
    assert.equal(response.statusCode, 422, response.body);
    assert.match(String(response.headers['content-type']), /application\/problem\+json/);
    const body = response.json() as { errors: Array<{ path: string; code: string }> };
    assert.deepEqual(body.errors.map((e) => e.path).sort(), ['/docType', '/excerpt']);
    const anonymous = await app.inject({ method: 'GET', url: '/api/outgoing', headers: { accept: 'application/json' } });
    assert.equal(anonymous.statusCode, 401);
    const forbidden = await app.inject({ method: 'GET', url: '/api/outgoing', ...json(citizen) });
    assert.equal(forbidden.statusCode, 403);
  });

  it('drafts, submits (no chain: approved), issues once — the second issue is 409 OUTGOING_ALREADY_ISSUED', async () => {
    const created = await app.inject({ method: 'POST', url: '/api/outgoing', ...json(specialist), payload: valid });
    assert.equal(created.statusCode, 201, created.body);
    const id = (created.json() as { id: string }).id;
    const submitted = await app.inject({ method: 'POST', url: `/api/outgoing/${id}/submit`, ...json(specialist), payload: {} });
    assert.equal((submitted.json() as { status: string }).status, 'approved');
    const draftPdf = await app.inject({ method: 'GET', url: `/api/outgoing/${id}/pdf`, headers: authHeaders(leader) });
    assert.equal(draftPdf.statusCode, 200);
    assert.equal(draftPdf.headers['content-type'], 'application/pdf');
    const issued = await app.inject({ method: 'POST', url: `/api/outgoing/${id}/issue`, ...json(leader), payload: {} });
    assert.equal(issued.statusCode, 200, issued.body);
    assert.match((issued.json() as { numberSymbol: string }).numberSymbol, /^\d+\/TB-CBQTG$/);
    const again = await app.inject({ method: 'POST', url: `/api/outgoing/${id}/issue`, ...json(leader), payload: {} });
    assert.equal(again.statusCode, 409);
    assert.equal((again.json() as { code: string }).code, 'OUTGOING_ALREADY_ISSUED');
    const page = await app.inject({ method: 'GET', url: `/can-bo/van-ban-di/${id}`, headers: { cookie: leader.cookie, accept: 'text/html' } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /TB-CBQTG/);
  });

  it('the draft form re-renders with the errors summarised; a good form redirects to the document', async () => {
    const form = await app.inject({ method: 'GET', url: '/can-bo/van-ban-di/moi', headers: { cookie: specialist.cookie, accept: 'text/html' } });
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /Hoàng Văn Nam/);
    const bad = await app.inject({ method: 'POST', url: '/can-bo/van-ban-di/moi', ...urlencodedForm(specialist, { docType: 'decision', excerpt: '', place: 'Hà Nội', signerId: leaderId, signerTitle: 'Cục trưởng' }) });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /error-summary/);
    assert.match(bad.body, /href="#excerpt"/);
    const good = await app.inject({ method: 'POST', url: '/can-bo/van-ban-di/moi', ...urlencodedForm(specialist, { docType: 'decision', excerpt: 'Về việc khen thưởng', body: 'Điều 1.', place: 'Hà Nội', signerId: leaderId, signerTitle: 'Cục trưởng', 'recipients.0.agencyCode': '000.20.00.H59', 'recipients.3.name': 'Ông Nguyễn Văn A' }) });
    assert.equal(good.statusCode, 303, good.body);
    const location = String(good.headers.location);
    assert.match(location, /^\/can-bo\/van-ban-di\/[0-9a-f-]{36}$/);
    const detail = await app.inject({ method: 'GET', url: location, headers: { cookie: specialist.cookie, accept: 'text/html' } });
    assert.match(detail.body, /Sở Văn hóa, Thể thao và Du lịch tỉnh Trà Vinh/);
    assert.match(detail.body, /Ông Nguyễn Văn A/);
  });

  it('the chains editor saves a chain from pickers; the report and its Excel answer', async () => {
    const page = await app.inject({ method: 'GET', url: '/can-bo/van-ban-di/quy-trinh', headers: { cookie: leader.cookie, accept: 'text/html' } });
    assert.equal(page.statusCode, 200);
    const saved = await app.inject({ method: 'POST', url: '/can-bo/van-ban-di/quy-trinh', ...urlencodedForm(leader, { agencyCode: '000.00.12.G14', docType: 'report', 'steps.0.role': 'department_head', 'steps.1.accountId': leaderId }) });
    assert.equal(saved.statusCode, 303, saved.body);
    const chains = await app.inject({ method: 'GET', url: '/api/outgoing/chains', ...json(leader) });
    assert.deepEqual((chains.json() as { chains: Array<{ docType: string; steps: unknown[] }> }).chains.find((c) => c.docType === 'report')?.steps, [{ role: 'department_head' }, { accountId: leaderId, name: 'Hoàng Văn Nam' }]);
    const specialistChains = await app.inject({ method: 'GET', url: '/can-bo/van-ban-di/quy-trinh', headers: { cookie: specialist.cookie, accept: 'text/html' } });
    assert.equal(specialistChains.statusCode, 403);
    const report = await app.inject({ method: 'GET', url: '/can-bo/van-ban-di/bao-cao', headers: { cookie: leader.cookie, accept: 'text/html' } });
    assert.equal(report.statusCode, 200);
    assert.match(report.body, /Thông báo/);
    const excel = await app.inject({ method: 'GET', url: '/can-bo/van-ban-di/bao-cao.xlsx', headers: { cookie: leader.cookie } });
    assert.equal(excel.statusCode, 200);
    assert.equal(excel.rawPayload.subarray(0, 2).toString(), 'PK');
    const badPeriod = await app.inject({ method: 'GET', url: '/api/outgoing/report?from=2026-12-01&to=2026-01-01', ...json(leader) });
    assert.equal(badPeriod.statusCode, 422);
  });
});
