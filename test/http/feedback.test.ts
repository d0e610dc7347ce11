// Feedback (PAKN) over HTTP: the four bad inputs of issue 18 (no content, a file failing the content check, a phone
// failing verification, 21 submissions in a minute → 429), agency authorisation, and the no-JS pages.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { anonymousForm, authHeaders, createTestApp, login } from '../helpers/app.ts';
import { multipartBody, urlencodedForm } from '../helpers/forms.ts';
import { PDF } from '../helpers/dossiers.ts';

const COPYRIGHT_OFFICE = '000.00.12.G14';

describe('feedback over HTTP', async () => {
  // An SMS gateway address (nothing listens): the SMS is queued in sms_messages, where the test reads the code.
  const { app, ctx } = await createTestApp({ demo: true, config: { SMS_URL: 'http://127.0.0.1:9/sms' } });
  const citizen = await login(app, 'demo.congdan');
  const reception = await login(app, 'demo.motcua');
  const travinh = await ctx.db.selectFrom('agencies').select('id').where('code', '=', '000.00.00.H59').executeTakeFirstOrThrow();
  const congdan = await ctx.db.selectFrom('accounts').select('password_hash').where('username', '=', 'demo.congdan').executeTakeFirstOrThrow();
  const other = await ctx.db.insertInto('accounts').values({ username: 'fb.travinh', kind: 'staff', password_hash: congdan.password_hash, full_name: 'Thạch Thị Sa', agency_id: travinh.id }).returning('id').executeTakeFirstOrThrow();
  await ctx.db.insertInto('account_roles').values({ account_id: other.id, role: 'receptionist', agency_id: travinh.id }).execute();
  const otherOfficer = await login(app, 'fb.travinh');
  const json = (session: { cookie: string; csrfToken: string }, ip = '10.0.0.1') => ({ headers: { ...authHeaders(session), accept: 'application/json' }, remoteAddress: ip });
  const valid = { category: 'procedure', agencyCode: COPYRIGHT_OFFICE, title: 'Thủ tục chưa rõ', content: 'Hướng dẫn trên cổng chưa rõ thành phần hồ sơ.' };

  let createdId = '';

  it('feedback with no content is refused (422, the field named)', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/feedback', ...json(citizen), payload: { ...valid, content: '   ' } });
    assert.equal(response.statusCode, 422, response.body);
    assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
    const body = response.json() as { code: string; errors: Array<{ path: string; code: string }> };
    assert.equal(body.code, 'VALIDATION_FAILED');
    assert.deepEqual(body.errors.map((e) => `${e.path} ${e.code}`), ['/content FEEDBACK_CONTENT_REQUIRED']);
  });

  it('a signed-in citizen sends feedback (201), and a file that fails the content check is refused (422)', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/feedback', ...json(citizen), payload: valid });
    assert.equal(response.statusCode, 201, response.body);
    createdId = (response.json() as { id: string }).id;
    const bad = multipartBody([{ name: 'documentId', value: 'x' }, { name: 'file', filename: 'don.pdf', type: 'application/pdf', bytes: Buffer.from('<html><script>alert(1)</script></html>') }]);
    const refused = await app.inject({ method: 'POST', url: `/api/feedback/${createdId}/files`, headers: { ...authHeaders(citizen), 'content-type': bad.contentType }, payload: bad.payload });
    assert.equal(refused.statusCode, 422, refused.body);
    assert.match((refused.json() as { code: string }).code, /^FILE_/);
    const good = multipartBody([{ name: 'documentId', value: 'x' }, { name: 'file', filename: 'don.pdf', type: 'application/pdf', bytes: PDF }]);
    const accepted = await app.inject({ method: 'POST', url: `/api/feedback/${createdId}/files`, headers: { ...authHeaders(citizen), 'content-type': good.contentType }, payload: good.payload });
    assert.equal(accepted.statusCode, 201, accepted.body);
    const files = await ctx.db.selectFrom('feedback_files').select('kind').where('feedback_id', '=', createdId).execute();
    assert.deepEqual(files.map((f) => f.kind), ['attachment']);
  });

  it('an anonymous visitor whose phone fails verification is refused (422); a malformed phone too', async () => {
    const visitor = await anonymousForm(app, '/phan-anh-kien-nghi');
    const headers = { cookie: visitor.cookie, 'x-csrf-token': visitor.csrfToken, accept: 'application/json' };
    const malformed = await app.inject({ method: 'POST', url: '/api/feedback/codes', headers, remoteAddress: '10.0.0.2', payload: { contact: '12345' } });
    assert.equal(malformed.statusCode, 422, malformed.body);
    const sent = await app.inject({ method: 'POST', url: '/api/feedback/codes', headers, remoteAddress: '10.0.0.2', payload: { contact: '0912 345 678' } });
    assert.equal(sent.statusCode, 202, sent.body);
    const { verificationId } = sent.json() as { verificationId: string };
    const sms = await ctx.db.selectFrom('sms_messages').select(['to_number', 'body']).where('to_number', 'like', '%912345678').executeTakeFirstOrThrow();
    const code = /(\d{6})/.exec(sms.body)![1]!;
    const wrong = code === '111111' ? '222222' : '111111';
    const payload = { ...valid, contactName: 'Trần Văn Bảy', verificationId };
    const failed = await app.inject({ method: 'POST', url: '/api/feedback', headers, remoteAddress: '10.0.0.2', payload: { ...payload, code: wrong } });
    assert.equal(failed.statusCode, 422, failed.body);
    assert.equal((failed.json() as { code: string }).code, 'FEEDBACK_CODE_INVALID');
    assert.equal(await ctx.db.selectFrom('feedback').select('id').where('contact_name', '=', 'Trần Văn Bảy').executeTakeFirst(), undefined);
    const ok = await app.inject({ method: 'POST', url: '/api/feedback', headers, remoteAddress: '10.0.0.2', payload: { ...payload, code } });
    assert.equal(ok.statusCode, 201, ok.body);
    const { id, accessToken } = ok.json() as { id: string; accessToken: string };
    const read = await app.inject({ method: 'GET', url: `/api/feedback/${id}`, headers: { accept: 'application/json', 'x-feedback-token': accessToken } });
    assert.equal(read.statusCode, 200, read.body);
    assert.equal((read.json() as { phone: string }).phone, '0912345678');
    const noToken = await app.inject({ method: 'GET', url: `/api/feedback/${id}`, headers: { accept: 'application/json' } });
    assert.equal(noToken.statusCode, 401);
  });

  it('the 21st submission from one address within a minute is refused: 429 problem+json with Retry-After', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      const response = await app.inject({ method: 'POST', url: '/api/feedback', ...json(citizen, '10.9.9.9'), payload: { ...valid, content: '' } });
      statuses.push(response.statusCode);
      if (i === 20) {
        assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
        assert.equal((response.json() as { code: string }).code, 'FEEDBACK_RATE_LIMITED');
        assert.ok(Number(response.headers['retry-after']) > 0);
      }
    }
    assert.deepEqual(statuses, [...Array(20).fill(422), 429]);
    // Another address is not affected.
    const elsewhere = await app.inject({ method: 'POST', url: '/api/feedback', ...json(citizen, '10.9.9.10'), payload: { ...valid, content: '' } });
    assert.equal(elsewhere.statusCode, 422);
  });

  it("authorisation: the agency's officer reads it; an officer of another agency gets 404; a citizen 403", async () => {
    const mine = await app.inject({ method: 'GET', url: `/api/officer/feedback/${createdId}`, headers: { cookie: reception.cookie, accept: 'application/json' } });
    assert.equal(mine.statusCode, 200, mine.body);
    const theirs = await app.inject({ method: 'GET', url: `/api/officer/feedback/${createdId}`, headers: { cookie: otherOfficer.cookie, accept: 'application/json' } });
    assert.equal(theirs.statusCode, 404);
    const act = await app.inject({ method: 'POST', url: `/api/officer/feedback/${createdId}/answer`, ...json(otherOfficer), payload: { answer: 'Không phải của tôi' } });
    assert.equal(act.statusCode, 404);
    const asCitizen = await app.inject({ method: 'GET', url: `/api/officer/feedback/${createdId}`, headers: { cookie: citizen.cookie, accept: 'application/json' } });
    assert.equal(asCitizen.statusCode, 403);
    const anonymous = await app.inject({ method: 'GET', url: `/api/officer/feedback/${createdId}`, headers: { accept: 'application/json' } });
    assert.equal(anonymous.statusCode, 401);
  });

  it('the officer answers and publishes through the pages; the public list finds it without accents', async () => {
    const answer = await app.inject({ method: 'POST', url: `/can-bo/phan-anh/${createdId}/answer`, ...urlencodedForm(reception, { answer: 'Thành phần hồ sơ gồm tờ khai và bản sao giấy tờ. Liên hệ 0912345678.' }) });
    assert.equal(answer.statusCode, 303, answer.body);
    const publish = await app.inject({ method: 'POST', url: `/can-bo/phan-anh/${createdId}/publish`, ...urlencodedForm(reception) });
    assert.equal(publish.statusCode, 303, publish.body);
    const list = await app.inject({ method: 'GET', url: '/phan-anh-kien-nghi/da-tra-loi?q=thu%20tuc%20chua%20ro', headers: { accept: 'text/html' } });
    assert.equal(list.statusCode, 200);
    assert.ok(list.body.includes('Thủ tục chưa rõ'));
    const api = await app.inject({ method: 'GET', url: '/api/feedback/published?q=thanh%20phan', headers: { accept: 'application/json' } });
    const items = (api.json() as { items: Array<{ answer: string }> }).items;
    assert.ok(items.length >= 1);
    assert.ok(items.every((i) => !i.answer.includes('0912345678')));
  });

  it('the sender attaches a file on the page without JavaScript: a file failing the check is shown again (422)', async () => {
    const created = await app.inject({ method: 'POST', url: '/api/feedback', ...json(citizen, '10.0.0.8'), payload: { ...valid, title: 'Tệp đính kèm qua trang' } });
    const { id, code } = created.json() as { id: string; code: string };
    const page = await app.inject({ method: 'GET', url: `/phan-anh/${code}`, headers: { cookie: citizen.cookie, accept: 'text/html' } });
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes('enctype="multipart/form-data"'));
    const bad = multipartBody([{ name: '_csrf', value: citizen.csrfToken }, { name: 'file-1', filename: 'anh.png', type: 'image/png', bytes: Buffer.from('<html><script>alert(1)</script></html>') }]);
    const refused = await app.inject({ method: 'POST', url: `/phan-anh/${id}/tep`, headers: { cookie: citizen.cookie, accept: 'text/html', 'content-type': bad.contentType }, payload: bad.payload });
    assert.equal(refused.statusCode, 422);
    assert.ok(refused.body.includes('error-summary'));
    const good = multipartBody([{ name: '_csrf', value: citizen.csrfToken }, { name: 'file-1', filename: 'don.pdf', type: 'application/pdf', bytes: PDF }]);
    const accepted = await app.inject({ method: 'POST', url: `/phan-anh/${id}/tep`, headers: { cookie: citizen.cookie, accept: 'text/html', 'content-type': good.contentType }, payload: good.payload });
    assert.equal(accepted.statusCode, 303, accepted.body.slice(0, 300));
    assert.equal(accepted.headers.location, `/phan-anh/${code}`);
    const mine = await app.inject({ method: 'GET', url: '/phan-anh/cua-toi', headers: { cookie: citizen.cookie, accept: 'text/html' } });
    assert.equal(mine.statusCode, 200);
    assert.ok(mine.body.includes(code));
  });

  it('the public form renders without JavaScript and shows the errors of an empty submission', async () => {
    const visitor = await anonymousForm(app, '/phan-anh-kien-nghi');
    assert.ok(visitor.html.includes('name="content"'));
    assert.ok(visitor.html.includes('name="agencyCode"'));
    const response = await app.inject({ method: 'POST', url: '/phan-anh-kien-nghi', remoteAddress: '10.0.0.7', ...urlencodedForm(visitor, { category: 'procedure' }) });
    assert.equal(response.statusCode, 422, response.body.slice(0, 500));
    assert.ok(response.body.includes('error-summary'));
  });
});
