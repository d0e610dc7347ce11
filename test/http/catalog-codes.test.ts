// Local procedure codes and "no statutory time limit" over HTTP (issue 15): the API and the pages (vi, en) show both
// codes and "Không quy định thời hạn"; the management form creates a procedure with only a local code and a
// no-limit time limit without JSON; bad local codes, a duplicate and bad limits are refused with their field named.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authHeaders, createTestApp, login } from '../helpers/app.ts';

const AGENCY = '000.00.12.G14';
const KEY = `${AGENCY}:TP01`;

function newProcedure(code: string, over: Record<string, unknown> = {}) {
  return {
    code,
    name: 'Thủ tục riêng của cơ quan: cấp phép triển lãm',
    agencyCode: AGENCY,
    fieldCode: 'ban-quyen-tac-gia',
    authorityLevel: 'central',
    audience: ['citizen'],
    onlineLevel: 3,
    onlineClass: 'partial',
    fullOnlineEligible: false,
    steps: ['Nộp hồ sơ'],
    documents: [{ name: 'Tờ khai', copies: 1, originalKind: 'original' }],
    timeLimit: { value: 0, unit: 'working_days', none: true },
    fees: [],
    legalBasis: ['Quyết định của UBND tỉnh'],
    resultType: 'Giấy phép',
    submissionPlaces: 'Bộ phận một cửa',
    ...over,
  };
}

describe('local codes and no statutory time limit over HTTP', async () => {
  const { app } = await createTestApp({ demo: true });
  const session = await login(app, 'demo.danhmuc');
  const form = (payload: URLSearchParams) =>
    app.inject({ method: 'POST', url: '/quan-tri/thu-tuc/moi', headers: { cookie: session.cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }, payload: payload.toString() });

  it('API: a procedure with only a local code and no time limit is created, published, found by either code', async () => {
    const created = await app.inject({ method: 'POST', url: '/api/catalog/procedures', headers: authHeaders(session), payload: newProcedure(KEY) });
    assert.equal(created.statusCode, 201, created.body);
    const published = await app.inject({ method: 'POST', url: `/api/catalog/procedures/${KEY}/publish`, headers: authHeaders(session), payload: {} });
    assert.equal(published.statusCode, 200, published.body);
    const detail = await app.inject({ method: 'GET', url: `/api/procedures/${KEY}` });
    assert.equal(detail.statusCode, 200, detail.body);
    const body = detail.json();
    assert.equal(body.code, KEY);
    assert.equal(body.nationalCode, null);
    assert.equal(body.localCode, 'TP01');
    assert.equal(body.timeLimit.none, true);
    assert.equal(body.timeLimit.sameDay, false);
    assert.equal(body.timeLimit.text, 'Không quy định thời hạn');
    const english = (await app.inject({ method: 'GET', url: `/api/procedures/${KEY}?lang=en` })).json();
    assert.equal(english.timeLimit.text, 'No statutory time limit');
    for (const q of ['TP01', 'tp01']) {
      const list = (await app.inject({ method: 'GET', url: `/api/procedures?q=${q}` })).json();
      assert.equal(list.items[0]?.code, KEY, q);
      assert.equal(list.items[0]?.localCode, 'TP01', q);
    }
    // A national procedure keeps its national code in both fields.
    const national = (await app.inject({ method: 'GET', url: '/api/procedures/1.001823' })).json();
    assert.equal(national.nationalCode, '1.001823');
    assert.equal(national.timeLimit.none, false);
  });

  it('API: the same local code twice in an agency → 422 naming /localCode; bad codes and limits → 422', async () => {
    const duplicate = await app.inject({ method: 'POST', url: '/api/catalog/procedures', headers: authHeaders(session), payload: newProcedure('1.900501', { localCode: 'tp01' }) });
    assert.equal(duplicate.statusCode, 422, duplicate.body);
    assert.deepEqual(duplicate.json().errors.map((e: { path: string; code: string }) => [e.path, e.code]), [['/localCode', 'LOCAL_CODE_TAKEN']]);
    for (const localCode of ['TP 01', 'ĐT07', 'X'.repeat(31)]) {
      const bad = await app.inject({ method: 'POST', url: '/api/catalog/procedures', headers: authHeaders(session), payload: newProcedure('1.900502', { localCode }) });
      assert.equal(bad.statusCode, 422, localCode);
      assert.ok(bad.json().errors.some((e: { path: string }) => e.path === '/localCode'), bad.body);
    }
    for (const value of [-1, 'abc']) {
      const bad = await app.inject({ method: 'POST', url: '/api/catalog/procedures', headers: authHeaders(session), payload: newProcedure('1.900503', { timeLimit: { value, unit: 'working_days' } }) });
      assert.equal(bad.statusCode, 422, String(value));
      assert.ok(bad.json().errors.some((e: { path: string }) => e.path === '/timeLimit/value'), bad.body);
    }
  });

  it('pages: the public page shows the local code and "Không quy định thời hạn" (vi) / "No statutory time limit" (en)', async () => {
    const vi = await app.inject({ method: 'GET', url: `/thu-tuc/${KEY}`, headers: { accept: 'text/html' } });
    assert.equal(vi.statusCode, 200);
    assert.match(vi.body, /Mã thủ tục riêng của cơ quan/);
    assert.match(vi.body, /TP01/);
    assert.match(vi.body, /Không quy định thời hạn/);
    const en = await app.inject({ method: 'GET', url: `/thu-tuc/${KEY}?lang=en`, headers: { accept: 'text/html' } });
    assert.equal(en.statusCode, 200);
    assert.match(en.body, /No statutory time limit/);
    assert.match(en.body, /local code/i);
    const admin = await app.inject({ method: 'GET', url: `/quan-tri/thu-tuc/${KEY}`, headers: { cookie: session.cookie, accept: 'text/html' } });
    assert.equal(admin.statusCode, 200);
    assert.match(admin.body, /<dd>TP01<\/dd>/);
    assert.match(admin.body, /<span class="meta">\(TP01\)<\/span>/, 'the version history keeps the codes of each version');
    const workflow = await app.inject({ method: 'GET', url: `/quan-tri/thu-tuc/${KEY}/phien-ban/1/quy-trinh`, headers: { cookie: session.cookie, accept: 'text/html' } });
    assert.equal(workflow.statusCode, 200, workflow.body.slice(0, 300));
    assert.match(workflow.body, /Không quy định thời hạn/);
  });

  it('the management form: "Không quy định thời hạn" as a choice, a procedure with only a local code, field errors named', async () => {
    const page = await app.inject({ method: 'GET', url: '/quan-tri/thu-tuc/moi', headers: { cookie: session.cookie, accept: 'text/html' } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /name="timeLimit\.kind" value="none"/);
    assert.match(page.body, /Không quy định thời hạn/);
    assert.match(page.body, /name="localCode"/);
    const fields = new URLSearchParams({
      _csrf: session.csrfToken, code: '', localCode: 'DT07', name: 'Thủ tục chỉ có mã riêng', agencyCode: AGENCY, fieldCode: 'ban-quyen-tac-gia',
      authorityLevel: 'central', audience: 'citizen', onlineLevel: '2', onlineClass: 'none', 'timeLimit.kind': 'none', 'timeLimit.value': '', 'timeLimit.unit': 'working_days',
      steps: 'Bước 1', fees: '', legalBasis: 'Quyết định A', resultType: 'Văn bản', submissionPlaces: 'Một cửa', documentRows: '0', action: 'save',
    });
    const badLocal = new URLSearchParams(fields);
    badLocal.set('localCode', 'ĐT 07');
    const refused = await form(badLocal);
    assert.equal(refused.statusCode, 422);
    assert.match(refused.body, /href="#localCode"/);
    assert.doesNotMatch(refused.body, /href="#code"/);
    const neither = new URLSearchParams(fields);
    neither.set('localCode', '');
    const noCode = await form(neither);
    assert.equal(noCode.statusCode, 422);
    assert.match(noCode.body, /Nhập mã thủ tục quốc gia hoặc mã thủ tục riêng/);
    for (const value of ['-1', 'abc']) {
      const badLimit = new URLSearchParams(fields);
      badLimit.set('timeLimit.kind', 'limit');
      badLimit.set('timeLimit.value', value);
      const response = await form(badLimit);
      assert.equal(response.statusCode, 422, value);
      assert.match(response.body, /Thời hạn giải quyết là một số không âm/, value);
    }
    const created = await form(fields);
    assert.equal(created.statusCode, 303, created.body.slice(0, 500));
    assert.equal(created.headers.location, `/quan-tri/thu-tuc/${AGENCY}:DT07?thongbao=tao`);
    const admin = await app.inject({ method: 'GET', url: `/quan-tri/thu-tuc/${AGENCY}:DT07/sua`, headers: { cookie: session.cookie, accept: 'text/html' } });
    assert.equal(admin.statusCode, 200);
    assert.match(admin.body, /id="timeLimit-kind-none"[^>]*checked/);
    assert.match(admin.body, /value="DT07"/);
    const again = new URLSearchParams(fields);
    again.set('code', '1.900510');
    const taken = await form(again);
    assert.equal(taken.statusCode, 422);
    assert.match(taken.body, /href="#localCode"/);
    assert.match(taken.body, /đã được dùng cho thủ tục khác/);
  });
});
