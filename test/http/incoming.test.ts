// Incoming documents over HTTP: the bad inputs of issue 19 — a duplicate registration (409 naming the existing
// number), a deadline already past (422 naming the field; an overdue document is listed as overdue), a confidential
// document opened by someone not assigned (404, API and page) — and the no-JS pages: registration with a scan
// (multipart), the register with search, the detail with the assign form, the report and its Excel file.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addDays, vietnamDate } from '../../src/core/time.ts';
import { authHeaders, createTestApp, login } from '../helpers/app.ts';
import { multipartBody, summaryLinks, urlencodedForm } from '../helpers/forms.ts';
import { PDF } from '../helpers/dossiers.ts';

describe('incoming documents over HTTP', async () => {
  const { app, ctx } = await createTestApp({ demo: true });
  const clerk = await login(app, 'demo.motcua');
  const specialist = await login(app, 'demo.chuyenvien');
  const head = await login(app, 'demo.truongphong');
  const leader = await login(app, 'demo.lanhdao');
  const json = (session: { cookie: string; csrfToken: string }) => ({ headers: { ...authHeaders(session), accept: 'application/json' } });
  const today = vietnamDate(new Date());
  const staff = async (username: string) => (await ctx.db.selectFrom('accounts').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
  const document = (n: number, extra: Record<string, unknown> = {}) => ({
    issuer: 'Sở Tư pháp tỉnh Trà Vinh',
    numberSymbol: `${n}/STP-HCTP`,
    issuedOn: addDays(today, -1),
    docType: 'official_letter',
    excerpt: `Về việc đề nghị cung cấp thông tin số ${n}`,
    ...extra,
  });

  it('a duplicate registration (same issuer, number-and-symbol and date) is refused: 409 naming the existing number', async () => {
    const first = await app.inject({ method: 'POST', url: '/api/officer/incoming', ...json(clerk), payload: document(3101) });
    assert.equal(first.statusCode, 201, first.body);
    const { number, year } = first.json() as { number: number; year: number };
    const again = await app.inject({ method: 'POST', url: '/api/officer/incoming', ...json(clerk), payload: document(3101, { issuer: 'SỞ TƯ PHÁP TỈNH TRÀ VINH', numberSymbol: '3101/stp-hctp' }) });
    assert.equal(again.statusCode, 409, again.body);
    assert.equal(again.headers['content-type'], 'application/problem+json; charset=utf-8');
    const problem = again.json() as { code: string; detail?: string; title: string };
    assert.equal(problem.code, 'INCOMING_DUPLICATE');
    assert.match(JSON.stringify(problem), new RegExp(`${number}/${year}`));
    // The page: the form again with the error summary, the fields kept.
    const form = multipartBody([{ name: '_csrf', value: clerk.csrfToken }, ...Object.entries(document(3101)).map(([name, value]) => ({ name, value: String(value) })), { name: 'scan', filename: '', type: 'application/octet-stream', bytes: Buffer.alloc(0) }]);
    const page = await app.inject({ method: 'POST', url: '/can-bo/van-ban-den/vao-so', headers: { cookie: clerk.cookie, accept: 'text/html', 'content-type': form.contentType }, payload: form.payload });
    assert.equal(page.statusCode, 409, page.body.slice(0, 300));
    assert.match(summaryLinks(page.body)[0]!.text, new RegExp(`${number}/${year}`));
    assert.match(page.body, /value="3101\/STP-HCTP"/);
  });

  it('a deadline already past is refused (422, /deadline); a document past its deadline is listed as overdue', async () => {
    const created = await app.inject({ method: 'POST', url: '/api/officer/incoming', ...json(clerk), payload: document(3201) });
    const { id } = created.json() as { id: string };
    const specialistId = await staff('demo.chuyenvien');
    const past = await app.inject({ method: 'POST', url: `/api/officer/incoming/${id}/assign`, ...json(leader), payload: { leadId: specialistId, deadline: addDays(today, -1) } });
    assert.equal(past.statusCode, 422, past.body);
    const errors = (past.json() as { errors: Array<{ path: string; code: string; message: string }> }).errors;
    assert.deepEqual(errors.map((e) => `${e.path} ${e.code}`), ['/deadline INCOMING_DEADLINE_PAST']);
    // The page: the assign form again, the field named in the summary.
    const page = await app.inject({ method: 'POST', url: `/can-bo/van-ban-den/${id}/assign`, ...urlencodedForm(leader, { leadId: specialistId, deadline: addDays(today, -3) }) });
    assert.equal(page.statusCode, 422);
    assert.deepEqual(summaryLinks(page.body).map((l) => l.href), ['#deadline']);
    // Assigned for today, then made overdue (the deadline moved back, as time would): listed as overdue.
    const ok = await app.inject({ method: 'POST', url: `/api/officer/incoming/${id}/assign`, ...json(leader), payload: { leadId: specialistId, deadline: today } });
    assert.equal(ok.statusCode, 200, ok.body);
    await ctx.db.updateTable('incoming_documents').set({ deadline_at: new Date(Date.now() - 3_600_000) }).where('id', '=', id).execute();
    const overdue = await app.inject({ method: 'GET', url: '/api/officer/incoming?status=overdue', ...json(specialist) });
    const items = (overdue.json() as { items: Array<{ id: string; overdue: boolean }> }).items;
    assert.ok(items.some((i) => i.id === id && i.overdue));
    const detail = await app.inject({ method: 'GET', url: `/can-bo/van-ban-den/${id}`, headers: { cookie: specialist.cookie, accept: 'text/html' } });
    assert.equal(detail.statusCode, 200);
    assert.match(detail.body, /Quá hạn/);
  });

  it('a confidential document opened by someone not assigned: 404 (API and page), never 403; its assignee reads it', async () => {
    const created = await app.inject({ method: 'POST', url: '/api/officer/incoming', ...json(clerk), payload: document(3301, { confidentiality: 'secret' }) });
    const { id } = created.json() as { id: string };
    for (const url of [`/api/officer/incoming/${id}`, `/can-bo/van-ban-den/${id}`]) {
      const response = await app.inject({ method: 'GET', url, headers: { cookie: specialist.cookie, accept: url.startsWith('/api') ? 'application/json' : 'text/html' } });
      assert.equal(response.statusCode, 404, url);
      assert.doesNotMatch(response.body, /3301/);
    }
    const opinion = await app.inject({ method: 'POST', url: `/api/officer/incoming/${id}/opinion`, ...json(specialist), payload: { text: 'Xem thử' } });
    assert.equal(opinion.statusCode, 404);
    const listed = await app.inject({ method: 'GET', url: '/api/officer/incoming?q=3301', ...json(specialist) });
    assert.equal((listed.json() as { total: number }).total, 0);
    const leaderId = await staff('demo.lanhdao');
    assert.equal((await app.inject({ method: 'POST', url: `/api/officer/incoming/${id}/route`, ...json(clerk), payload: { leaderId } })).statusCode, 200);
    const assign = await app.inject({ method: 'POST', url: `/api/officer/incoming/${id}/assign`, ...json(leader), payload: { leadId: await staff('demo.chuyenvien'), workingDays: 5 } });
    assert.equal(assign.statusCode, 200, assign.body);
    assert.equal((await app.inject({ method: 'GET', url: `/api/officer/incoming/${id}`, ...json(specialist) })).statusCode, 200);
    assert.equal((await app.inject({ method: 'GET', url: `/api/officer/incoming/${id}`, ...json(head) })).statusCode, 404);
  });

  it('the no-JS pages: register with a scan (303 to the document), the register and search, a refused scan, the report and Excel', async () => {
    const form = multipartBody([{ name: '_csrf', value: clerk.csrfToken }, ...Object.entries(document(3401)).map(([name, value]) => ({ name, value: String(value) })), { name: 'scan', filename: 'cong-van.pdf', type: 'application/pdf', bytes: PDF }]);
    const posted = await app.inject({ method: 'POST', url: '/can-bo/van-ban-den/vao-so', headers: { cookie: clerk.cookie, accept: 'text/html', 'content-type': form.contentType }, payload: form.payload });
    assert.equal(posted.statusCode, 303, posted.body.slice(0, 400));
    const location = posted.headers.location as string;
    assert.match(location, /^\/can-bo\/van-ban-den\/[0-9a-f-]{36}\?moi=1$/);
    const detail = await app.inject({ method: 'GET', url: location, headers: { cookie: clerk.cookie, accept: 'text/html' } });
    assert.equal(detail.statusCode, 200);
    assert.match(detail.body, /cong-van\.pdf/);
    assert.match(detail.body, /action="\/can-bo\/van-ban-den\/[0-9a-f-]{36}\/route"/);
    const bad = multipartBody([{ name: '_csrf', value: clerk.csrfToken }, ...Object.entries(document(3402)).map(([name, value]) => ({ name, value: String(value) })), { name: 'scan', filename: 'scan.pdf', type: 'application/pdf', bytes: Buffer.from('<html><script>alert(1)</script></html>') }]);
    const refused = await app.inject({ method: 'POST', url: '/can-bo/van-ban-den/vao-so', headers: { cookie: clerk.cookie, accept: 'text/html', 'content-type': bad.contentType }, payload: bad.payload });
    assert.equal(refused.statusCode, 422);
    assert.deepEqual(summaryLinks(refused.body).map((l) => l.href), ['#scan']);
    assert.equal(await ctx.db.selectFrom('incoming_documents').select('id').where('number_symbol', '=', '3402/STP-HCTP').executeTakeFirst(), undefined);
    const list = await app.inject({ method: 'GET', url: '/can-bo/van-ban-den?q=so+tu+phap+3401', headers: { cookie: clerk.cookie, accept: 'text/html' } });
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /3401\/STP-HCTP/);
    const report = await app.inject({ method: 'GET', url: '/can-bo/van-ban-den/bao-cao', headers: { cookie: leader.cookie, accept: 'text/html' } });
    assert.equal(report.statusCode, 200);
    const excel = await app.inject({ method: 'GET', url: '/can-bo/van-ban-den/bao-cao.xlsx', headers: { cookie: leader.cookie } });
    assert.equal(excel.statusCode, 200);
    assert.equal(excel.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const en = await app.inject({ method: 'GET', url: `${location.split('?')[0]}?lang=en`, headers: { cookie: clerk.cookie, accept: 'text/html' } });
    assert.match(en.body, /Processing history/);
    assert.match(en.body, /Registered as incoming number/);
  });

  it('hostile input never 500s: odd ids, actions, filters and text', async () => {
    for (const url of ['/api/officer/incoming/not-a-uuid', '/api/officer/incoming?status=%27;drop&docType=%00&from=x&page=3', '/can-bo/van-ban-den?q=%E2%80%AE%F0%9F%98%80&status=zzz']) {
      const r = await app.inject({ method: 'GET', url, headers: { cookie: clerk.cookie, accept: url.startsWith('/api') ? 'application/json' : 'text/html' } });
      assert.ok(r.statusCode < 500, `${url} ${r.statusCode}`);
    }
    const created = await app.inject({ method: 'POST', url: '/api/officer/incoming', ...json(clerk), payload: document(3501) });
    const { id } = created.json() as { id: string };
    for (const [action, payload] of [['fly', {}], ['assign', { leadId: 'x', coordinateIds: ['y'], workingDays: 400 }], ['route', { leaderId: '00000000-0000-0000-0000-000000000000' }], ['opinion', { text: '' }]] as const) {
      const r = await app.inject({ method: 'POST', url: `/api/officer/incoming/${id}/${action}`, ...json(clerk), payload });
      assert.ok(r.statusCode < 500 && r.statusCode >= 400, `${action} ${r.statusCode} ${r.body}`);
    }
  });
});
