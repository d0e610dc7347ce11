import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authHeaders, createTestApp, login, type Session } from '../helpers/app.ts';
import { actorByUsername, submittedDossier } from '../helpers/dossiers.ts';

const HTML = { accept: 'text/html' };

function form(session: Session, fields: Record<string, string>) {
  return {
    headers: { ...HTML, cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: session.csrfToken, ...fields }).toString(),
  };
}

function summaryLinks(html: string): Array<{ href: string; text: string }> {
  const block = /<div class="error-summary"[\s\S]*?<\/div>/.exec(html)?.[0] ?? '';
  return [...block.matchAll(/<a href="([^"]+)">([^<]*)<\/a>/g)].map((m) => ({ href: m[1]!, text: m[2]! }));
}

describe('messages, notifications and ratings over HTTP', async () => {
  const { app, ctx } = await createTestApp({ demo: true });
  const citizen = await login(app, 'demo.congdan');
  const officer = await login(app, 'demo.motcua');
  const dossier = await submittedDossier(ctx, await actorByUsername(ctx, 'demo.congdan'));

  it('shows the messages section on the dossier page, with a form that works without JavaScript', async () => {
    const page = await app.inject({ method: 'GET', url: `/ho-so/${dossier.id}`, headers: { ...HTML, cookie: citizen.cookie } });
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes('id="tin-nhan"'), 'messages section');
    assert.ok(page.body.includes(`action="/ho-so/${dossier.id}/tin-nhan"`));
    assert.ok(!page.body.includes('id="danh-gia"'), 'no rating before the result');

    const empty = await app.inject({ method: 'POST', url: `/ho-so/${dossier.id}/tin-nhan`, ...form(citizen, { body: '   ' }) });
    assert.equal(empty.statusCode, 422);
    assert.deepEqual(summaryLinks(empty.body), [{ href: '#body', text: 'Vui lòng nhập nội dung tin nhắn.' }]);
    assert.match(empty.body, /<textarea id="body"[^>]*aria-describedby="body-hint body-error"[^>]*aria-invalid="true"/);

    const sent = await app.inject({ method: 'POST', url: `/ho-so/${dossier.id}/tin-nhan`, ...form(citizen, { body: 'Xin hỏi khi nào có kết quả?' }) });
    assert.equal(sent.statusCode, 303);
    assert.equal(sent.headers.location, `/ho-so/${dossier.id}#tin-nhan`);
    const after = await app.inject({ method: 'GET', url: `/ho-so/${dossier.id}`, headers: { ...HTML, cookie: citizen.cookie } });
    assert.ok(after.body.includes('Xin hỏi khi nào có kết quả?'));
  });

  it('answers the JSON API for the applicant and the agency, and notifies the applicant in the header', async () => {
    const list = await app.inject({ method: 'GET', url: `/api/dossiers/${dossier.id}/messages`, headers: { cookie: officer.cookie } });
    assert.equal(list.statusCode, 200, list.body);
    assert.equal(list.json().asApplicant, false);
    assert.ok(list.json().items.length >= 1);

    const noCsrf = await app.inject({ method: 'POST', url: `/api/dossiers/${dossier.id}/messages`, headers: { cookie: officer.cookie }, payload: { body: 'x' } });
    assert.equal(noCsrf.statusCode, 403);
    const posted = await app.inject({ method: 'POST', url: `/api/dossiers/${dossier.id}/messages`, headers: authHeaders(officer), payload: { body: 'Dự kiến có kết quả vào tuần sau.' } });
    assert.equal(posted.statusCode, 201, posted.body);
    assert.equal(posted.json().fromApplicant, false);
    const invalid = await app.inject({ method: 'POST', url: `/api/dossiers/${dossier.id}/messages`, headers: authHeaders(citizen), payload: { body: '' } });
    assert.equal(invalid.statusCode, 422);
    assert.equal(invalid.json().errors[0].path, '/body');
    const business = await login(app, 'demo.doanhnghiep');
    const hidden = await app.inject({ method: 'GET', url: `/api/dossiers/${dossier.id}/messages`, headers: { cookie: business.cookie } });
    assert.equal(hidden.statusCode, 404);

    const home = await app.inject({ method: 'GET', url: '/thu-tuc', headers: { ...HTML, cookie: citizen.cookie } });
    assert.match(home.body, /<a href="\/thong-bao">Thông báo \(1 chưa đọc\)<\/a>/);
    const page = await app.inject({ method: 'GET', url: '/thong-bao', headers: { ...HTML, cookie: citizen.cookie } });
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes(`Hồ sơ ${dossier.code}: tin nhắn mới từ cơ quan`));
    assert.ok(page.body.includes('aria-current="page"'));
    const api = await app.inject({ method: 'GET', url: '/api/notifications', headers: { cookie: citizen.cookie } });
    const id = api.json().items[0].id as string;
    const read = await app.inject({ method: 'POST', url: `/thong-bao/${id}/da-doc`, ...form(citizen, {}) });
    assert.equal(read.statusCode, 303);
    const again = await app.inject({ method: 'GET', url: '/thu-tuc', headers: { ...HTML, cookie: citizen.cookie } });
    assert.match(again.body, /<a href="\/thong-bao">Thông báo<\/a>/);
    const foreign = await app.inject({ method: 'POST', url: `/api/notifications/${id}/read`, headers: authHeaders(business) });
    assert.equal(foreign.statusCode, 404);
  });

  it('offers the rating after the result, as radio groups in fieldsets, once', async () => {
    const criteria = await app.inject({ method: 'GET', url: '/api/ratings/criteria' });
    assert.equal(criteria.statusCode, 200);
    assert.equal(criteria.json().items.length, 5);
    const early = await app.inject({ method: 'POST', url: `/api/dossiers/${dossier.id}/rating`, headers: authHeaders(citizen), payload: { answers: {} } });
    assert.equal(early.statusCode, 409);
    assert.equal(early.json().code, 'RATING_NOT_YET');

    await ctx.db.updateTable('dossiers').set({ status: 9 }).where('id', '=', dossier.id).execute();
    const page = await app.inject({ method: 'GET', url: `/ho-so/${dossier.id}`, headers: { ...HTML, cookie: citizen.cookie } });
    assert.ok(page.body.includes('id="danh-gia"'));
    assert.equal((page.body.match(/<fieldset class="field rt-question/g) ?? []).length, 5);
    assert.equal((page.body.match(/<legend class="rt-legend">/g) ?? []).length, 5);

    const partial = await app.inject({ method: 'POST', url: `/ho-so/${dossier.id}/danh-gia`, ...form(citizen, { 'answers.on_time': 'on_time' }) });
    assert.equal(partial.statusCode, 422);
    const links = summaryLinks(partial.body);
    assert.deepEqual(links.map((l) => l.href), ['#answers-visits', '#answers-attitude', '#answers-guidance', '#answers-satisfaction']);
    assert.ok(partial.body.includes('id="answers-visits"'), 'the first radio of each group carries the id the summary links to');
    // Each summary item names its question (the legend of the group), not just "please choose".
    const legends = [...partial.body.matchAll(/<legend class="rt-legend">([^<]+)<\/legend>/g)].map((m) => m[1]!.trim());
    const texts = [...partial.body.matchAll(/<li><a href="#answers-[a-z_]+">([^<]+)<\/a><\/li>/g)].map((m) => m[1]!);
    assert.equal(texts.length, 4);
    for (const text of texts) assert.ok(legends.some((legend) => text.startsWith(`${legend}: `)), text);
    assert.match(partial.body, /value="on_time" checked/);

    const fields = { 'answers.on_time': 'on_time', 'answers.visits': 'once', 'answers.attitude': 'courteous', 'answers.guidance': 'clear', 'answers.satisfaction': 'very_satisfied', comment: 'Rất tốt' };
    const done = await app.inject({ method: 'POST', url: `/ho-so/${dossier.id}/danh-gia`, ...form(citizen, fields) });
    assert.equal(done.statusCode, 303);
    const shown = await app.inject({ method: 'GET', url: `/ho-so/${dossier.id}`, headers: { ...HTML, cookie: citizen.cookie } });
    assert.ok(shown.body.includes('Điểm: 9/10'));
    const twice = await app.inject({ method: 'POST', url: `/api/dossiers/${dossier.id}/rating`, headers: authHeaders(citizen), payload: { answers: { on_time: 'late' } } });
    assert.equal(twice.statusCode, 409);
    assert.equal(twice.json().code, 'RATING_EXISTS');
  });

  it('documents the endpoints in OpenAPI', async () => {
    const spec = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    assert.ok(spec.paths['/api/v1/dossiers/{id}/messages']?.get && spec.paths['/api/v1/dossiers/{id}/messages']?.post);
    assert.ok(spec.paths['/api/v1/dossiers/{id}/rating']?.post);
    assert.ok(spec.paths['/api/v1/ratings/criteria']?.get);
    assert.ok(spec.paths['/api/v1/notifications']?.get);
  });
});
