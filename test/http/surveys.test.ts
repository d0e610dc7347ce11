// The SIPAS survey over HTTP: a round made, drawn and invited through the JSON API; the public answer by link (JSON
// and the HTML form without JavaScript): out-of-range answers refused (422), answered twice → 409 problem+json, a
// token of no sampled dossier → 404, a paper form for a dossier not in the sample → 404; the staff pages, the yearly
// report with its chart and Excel, in Vietnamese and English; who may see what.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authHeaders, anonymousForm, createTestApp, login } from '../helpers/app.ts';
import { urlencodedForm } from '../helpers/forms.ts';
import { invitationLinks, resolvedDossiers, surveyApplicant } from '../helpers/surveys.ts';

const { app, ctx } = await createTestApp({ demo: true });
const COPYRIGHT = (await ctx.db.selectFrom('agencies').select('id').where('code', '=', '000.00.12.G14').executeTakeFirstOrThrow()).id;
const applicant = await surveyApplicant(ctx);
await resolvedDossiers(ctx, applicant.id, [{ agencyId: COPYRIGHT, count: 20 }]);
const admin = await login(app, 'demo.quantri');
const leader = await login(app, 'demo.lanhdao');
const citizen = await login(app, 'demo.congdan');

const json = (response: { body: string }) => JSON.parse(response.body) as Record<string, unknown> & { code?: string; errors?: Array<{ path: string; code: string }> };
const HTML = { accept: 'text/html' };

describe('surveys over HTTP', async () => {
  let roundId = '';
  let tokens: string[] = [];
  let codes: string[] = [];
  let questions: Array<{ id: string }> = [];
  const all = (v: number | string) => Object.fromEntries(questions.map((q) => [q.id, v]));

  it('creates a round (bad settings → 422 with every field), draws and invites', async () => {
    const bad = await app.inject({ method: 'POST', url: '/api/surveys/rounds', headers: authHeaders(admin), payload: { name: '', agencyId: COPYRIGHT, year: 2026, periodFrom: '2026-13-01', periodTo: '2026-12-31', targetSize: 0 } });
    assert.equal(bad.statusCode, 422, bad.body);
    assert.match(bad.headers['content-type'] as string, /application\/problem\+json/);
    assert.deepEqual(json(bad).errors!.map((e) => e.code).sort(), ['SURVEY_DATE_INVALID', 'SURVEY_NAME_REQUIRED', 'SURVEY_SIZE_INVALID']);

    const created = await app.inject({ method: 'POST', url: '/api/surveys/rounds', headers: authHeaders(admin), payload: { name: 'SIPAS 2026 – Cục Bản quyền', agencyId: COPYRIGHT, year: 2026, periodFrom: '2026-01-01', periodTo: '2026-12-31', targetSize: 8, seed: 3 } });
    assert.equal(created.statusCode, 201, created.body);
    roundId = json(created).id as string;
    const forbidden = await app.inject({ method: 'POST', url: `/api/surveys/rounds/${roundId}/draw`, headers: authHeaders(leader) });
    assert.equal(forbidden.statusCode, 403);
    const drawn = await app.inject({ method: 'POST', url: `/api/surveys/rounds/${roundId}/draw`, headers: authHeaders(admin) });
    assert.equal(drawn.statusCode, 200, drawn.body);
    assert.equal((json(drawn).round as { sampleSize: number }).sampleSize, 8);
    const again = await app.inject({ method: 'POST', url: `/api/surveys/rounds/${roundId}/draw`, headers: authHeaders(admin) });
    assert.equal(again.statusCode, 409);
    assert.equal(json(again).code, 'SURVEY_ALREADY_DRAWN');
    const invited = await app.inject({ method: 'POST', url: `/api/surveys/rounds/${roundId}/invitations`, headers: authHeaders(admin) });
    assert.equal(invited.statusCode, 200, invited.body);
    assert.equal(json(invited).invited, 8);
    const links = await invitationLinks(ctx, applicant.email!);
    tokens = [...links.values()];
    codes = [...links.keys()];
    assert.equal(tokens.length, 8);
  });

  it('the public form by token; unknown token → 404 problem+json', async () => {
    const form = await app.inject({ method: 'GET', url: `/api/surveys/answer/${tokens[0]}` });
    assert.equal(form.statusCode, 200, form.body);
    questions = (json(form).questionnaire as { questions: Array<{ id: string }> }).questions;
    assert.equal(questions.length, 20);
    const unknown = await app.inject({ method: 'POST', url: `/api/surveys/answer/${'A'.repeat(32)}`, payload: { answers: all(5) } });
    assert.equal(unknown.statusCode, 404);
    assert.match(unknown.headers['content-type'] as string, /application\/problem\+json/);
    assert.equal(json(unknown).code, 'SURVEY_NOT_IN_SAMPLE');
    const junk = await app.inject({ method: 'GET', url: '/api/surveys/answer/%00%27' });
    assert.equal(junk.statusCode < 500, true);
  });

  it('validation of out-of-range answers: 0, 6, missing, unknown question → 422 with the fields', async () => {
    const cases: Array<{ answers: Record<string, number | string>; code: string }> = [
      { answers: { ...all(5), [questions[0]!.id]: 6 }, code: 'SURVEY_ANSWER_OUT_OF_RANGE' },
      { answers: { ...all(5), [questions[1]!.id]: 0 }, code: 'SURVEY_ANSWER_OUT_OF_RANGE' },
      { answers: { ...all(5), [questions[2]!.id]: -3 }, code: 'SURVEY_ANSWER_OUT_OF_RANGE' },
      { answers: Object.fromEntries(questions.slice(1).map((q) => [q.id, 4])), code: 'SURVEY_ANSWER_REQUIRED' },
      { answers: { ...all(5), '00000000-0000-4000-8000-000000000000': 3 }, code: 'SURVEY_QUESTION_UNKNOWN' },
    ];
    for (const c of cases) {
      const response = await app.inject({ method: 'POST', url: `/api/surveys/answer/${tokens[0]}`, payload: { answers: c.answers } });
      assert.equal(response.statusCode, 422, response.body);
      assert.deepEqual(json(response).errors!.map((e) => e.code), [c.code]);
    }
    const huge = await app.inject({ method: 'POST', url: `/api/surveys/answer/${tokens[0]}`, payload: { answers: { ...all(5), [questions[0]!.id]: 99999999999 } } });
    assert.equal(huge.statusCode, 422);
  });

  it('answered once: the second answer → 409 problem+json', async () => {
    const first = await app.inject({ method: 'POST', url: `/api/surveys/answer/${tokens[0]}`, payload: { answers: all(5) } });
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(json(first).source, 'online');
    const second = await app.inject({ method: 'POST', url: `/api/surveys/answer/${tokens[0]}`, payload: { answers: all(1) } });
    assert.equal(second.statusCode, 409);
    assert.match(second.headers['content-type'] as string, /application\/problem\+json/);
    assert.equal(json(second).code, 'SURVEY_ALREADY_ANSWERED');
  });

  it('paper entry: a dossier not in the sample → 404; in it → 201 marked paper', async () => {
    const notIn = await app.inject({ method: 'POST', url: `/api/surveys/rounds/${roundId}/paper`, headers: authHeaders(admin), payload: { dossierCode: 'KHONG-THUOC-MAU', answers: all(4) } });
    assert.equal(notIn.statusCode, 404);
    assert.equal(json(notIn).code, 'SURVEY_NOT_IN_SAMPLE');
    const paper = await app.inject({ method: 'POST', url: `/api/surveys/rounds/${roundId}/paper`, headers: authHeaders(admin), payload: { dossierCode: codes[1], answers: all(2) } });
    assert.equal(paper.statusCode, 201, paper.body);
    assert.equal(json(paper).source, 'paper');
    const twice = await app.inject({ method: 'POST', url: `/api/surveys/rounds/${roundId}/paper`, headers: authHeaders(admin), payload: { dossierCode: codes[1], answers: all(2) } });
    assert.equal(twice.statusCode, 409);
    // The paper form page: the same answer fields; a code outside the sample is shown on the form (404).
    const page = await app.inject({ method: 'GET', url: `/quan-tri/khao-sat/${roundId}/phieu-giay`, headers: { ...HTML, cookie: admin.cookie } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /name="dossierCode"/);
    const fields = Object.fromEntries(questions.map((q) => [`answers.${q.id}`, '3']));
    const outside = await app.inject({ method: 'POST', url: `/quan-tri/khao-sat/${roundId}/phieu-giay`, ...urlencodedForm(admin, { ...fields, dossierCode: 'KHONG-THUOC-MAU' }) });
    assert.equal(outside.statusCode, 404);
    assert.match(outside.body, /error-summary/);
    assert.match(outside.body, /không thuộc mẫu khảo sát/);
  });

  it('the HTML answer page without JavaScript: form, errors, thanks, then 409; a wrong link → 404', async () => {
    const url = `/khao-sat/${tokens[2]}`;
    const visitor = await anonymousForm(app, url);
    assert.match(visitor.html, /type="radio"/);
    assert.match(visitor.html, /Tiếp cận dịch vụ/);
    const fields = Object.fromEntries(questions.map((q) => [`answers.${q.id}`, '4']));
    const missing = await app.inject({ method: 'POST', url, ...urlencodedForm(visitor, { ...fields, [`answers.${questions[0]!.id}`]: '7' }) });
    assert.equal(missing.statusCode, 422);
    assert.match(missing.body, /error-summary/);
    assert.match(missing.body, new RegExp(`href="#answers-${questions[0]!.id}"`));
    const done = await app.inject({ method: 'POST', url, ...urlencodedForm(visitor, fields) });
    assert.equal(done.statusCode, 303, done.body);
    assert.equal(done.headers.location, `${url}?ok=thanks`);
    const thanks = await app.inject({ method: 'GET', url: `${url}?ok=thanks`, headers: HTML });
    assert.match(thanks.body, /Cảm ơn ông\/bà đã trả lời/);
    const twice = await app.inject({ method: 'POST', url, ...urlencodedForm(visitor, fields) });
    assert.equal(twice.statusCode, 409);
    const wrong = await app.inject({ method: 'GET', url: `/khao-sat/${'B'.repeat(32)}`, headers: HTML });
    assert.equal(wrong.statusCode, 404);
    const english = await app.inject({ method: 'GET', url: `/khao-sat/${tokens[3]}?lang=en`, headers: HTML });
    assert.match(english.body, /Access to services/);
  });

  it('staff pages and the yearly report (table, chart, Excel); leaders read, citizens may not', async () => {
    const list = await app.inject({ method: 'GET', url: '/quan-tri/khao-sat', headers: { ...HTML, cookie: admin.cookie } });
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /SIPAS 2026 – Cục Bản quyền/);
    const round = await app.inject({ method: 'GET', url: `/quan-tri/khao-sat/${roundId}`, headers: { ...HTML, cookie: admin.cookie } });
    assert.equal(round.statusCode, 200);
    assert.match(round.body, /Chỉ số hài lòng/);
    const report = await app.inject({ method: 'GET', url: '/bao-cao/khao-sat-hai-long?year=2026', headers: { ...HTML, cookie: admin.cookie } });
    assert.equal(report.statusCode, 200);
    assert.match(report.body, /<svg/);
    // Three respondents: all 5 (100 %), all 2 (0 %), all 4 (100 %) → 66,7 %.
    assert.match(report.body, /66,7%/);
    const api = await app.inject({ method: 'GET', url: '/api/surveys/report?year=2026', headers: { cookie: leader.cookie } });
    assert.equal(api.statusCode, 200, api.body);
    const body = json(api) as { agencies: Array<{ agencyId: string; responses: number; overall: { value: number } }> };
    assert.equal(body.agencies.find((a) => a.agencyId === COPYRIGHT)?.responses, 3);
    const xlsx = await app.inject({ method: 'GET', url: '/bao-cao/khao-sat-hai-long.xlsx?year=2026', headers: { cookie: admin.cookie } });
    assert.equal(xlsx.statusCode, 200);
    assert.match(xlsx.headers['content-type'] as string, /spreadsheetml/);
    assert.equal(xlsx.rawPayload.subarray(0, 2).toString(), 'PK');
    const english = await app.inject({ method: 'GET', url: '/bao-cao/khao-sat-hai-long?year=2026&lang=en', headers: { ...HTML, cookie: admin.cookie } });
    assert.match(english.body, /Satisfaction survey report 2026/);
    const denied = await app.inject({ method: 'GET', url: '/api/surveys/report?year=2026', headers: { cookie: citizen.cookie } });
    assert.equal(denied.statusCode, 403);
  });

  it('the questionnaire form: a blank text → 422 with the field; saved otherwise', async () => {
    const list = await app.inject({ method: 'GET', url: '/api/surveys/questionnaires', headers: { cookie: admin.cookie } });
    const id = (json(list).items as Array<{ id: string; code: string }>).find((q) => q.code === 'sipas')!.id;
    const page = await app.inject({ method: 'GET', url: `/quan-tri/phieu-khao-sat/${id}`, headers: { ...HTML, cookie: admin.cookie } });
    assert.equal(page.statusCode, 200);
    const values = Object.fromEntries([...page.body.matchAll(/<input id="[^"]+" name="([^"]+)" type="text" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&')]));
    assert.ok(Object.keys(values).length > 40, 'every text is a field');
    const blank = await app.inject({ method: 'POST', url: `/quan-tri/phieu-khao-sat/${id}`, ...urlencodedForm(admin, { ...values, titleVi: '' }) });
    assert.equal(blank.statusCode, 422);
    assert.match(blank.body, /href="#titleVi"/);
    const saved = await app.inject({ method: 'POST', url: `/quan-tri/phieu-khao-sat/${id}`, ...urlencodedForm(admin, values) });
    assert.equal(saved.statusCode, 303, saved.body.slice(0, 500));
  });
});
