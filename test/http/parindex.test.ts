// PAR Index over HTTP: the article's figures computed from entered points (test/fixtures/parindex-2017.json) and
// rendered on the pages, the API and the Excel export; and the three bad inputs — points above a criterion's
// maximum, evidence missing where required, a criteria tree whose maxima do not add up — each refused with
// problem+json naming the criterion.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import type { Actor } from '../../src/core/actor.ts';
import { authHeaders, createTestApp, login, type Session } from '../helpers/app.ts';
import { actorByUsername, PDF } from '../helpers/dossiers.ts';
import { multipartBody, urlencodedForm } from '../helpers/forms.ts';
import type { TreeInput } from '../../src/modules/parindex/parindex.service.ts';
import { leaves } from '../../src/modules/parindex/parindex.rules.ts';

interface Fixture {
  kind: 'ministry';
  year: number;
  tree: { fields: TreeInput[] };
  agencies: Array<{
    code: string;
    name: string;
    self: Record<string, number>;
    appraisal: Record<string, number | { points: number; comment: string }>;
    expected: { index: string; rank: number; field1?: { points: string; max: string; index: string } };
  }>;
}

const fixture = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../fixtures/parindex-2017.json'), 'utf8')) as Fixture;

const { app, ctx } = await createTestApp({ demo: true });
const par = ctx.services.parIndex;
let admin: Session;
let actor: Actor;
const assessmentIds = new Map<string, string>();

before(async () => {
  admin = await login(app, 'demo.quantri');
  const quantri = await actorByUsername(ctx, 'demo.quantri');
  // The two agencies of the article, and the leaders' grants on them (the demo administrator is also the reviewing body).
  const grants = [];
  for (const a of fixture.agencies) {
    const row = await ctx.db.insertInto('agencies').values({ code: a.code, name: a.name, level: 'ministry', parent_id: null, active: true }).returning('id').executeTakeFirstOrThrow();
    grants.push({ role: 'agency_leader' as const, agencyId: row.id });
  }
  actor = { ...quantri, roles: [...quantri.roles, ...grants] };
  // The 2017 tree, entered through the service; the points entered, submitted, appraised, closed.
  const set = await par.createSet(actor, { kind: fixture.kind, year: fixture.year });
  await par.replaceTree(actor, set.id, fixture.tree.fields);
  for (const a of fixture.agencies) {
    const started = await par.start(actor, { agency: a.code, year: fixture.year, kind: fixture.kind });
    assessmentIds.set(a.code, started.id);
    await par.saveSelf(actor, started.id, Object.entries(a.self).map(([code, points]) => ({ code, points })));
    await par.submit(actor, started.id);
    await par.appraise(actor, started.id, Object.entries(a.appraisal).map(([code, v]) => (typeof v === 'number' ? { code, points: v } : { code, points: v.points, comment: v.comment })));
    await par.finish(actor, started.id);
  }
});

const page = (url: string, session: Session = admin) => app.inject({ method: 'GET', url, headers: { cookie: session.cookie, accept: 'text/html' } });

describe('PAR Index: the 2017 article reproduced from entered points', () => {
  it('ranks the State Bank first at 92,36% and Bộ TT&TT second at 86,13% (page)', async () => {
    const response = await page('/quan-tri/chi-so-cchc/xep-hang?loai=ministry&nam=2017');
    assert.equal(response.statusCode, 200, response.body);
    const rows = [...response.body.matchAll(/<tr>\s*<td>(\d+)<\/td>\s*<th scope="row"><a[^>]*>([^<]+)<\/a><\/th>([\s\S]*?)<\/tr>/g)].map((m) => ({
      stt: m[1],
      name: m[2],
      cells: [...m[3]!.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((c) => c[1]),
    }));
    assert.deepEqual(rows.map((r) => r.name), ['Ngân hàng Nhà nước Việt Nam', 'Bộ Thông tin và Truyền thông']);
    for (const [i, a] of fixture.agencies.entries()) {
      const cells = rows[i]!.cells;
      assert.equal(cells.at(-2), a.expected.index);
      assert.equal(cells.at(-1), String(a.expected.rank));
    }
    // The field columns: Bộ TT&TT's direction and management 11,50.
    assert.equal(rows[1]!.cells[0], '11,50');
  });

  it("shows Bộ TT&TT's direction-and-management field at 11,50 / 12,00 = 95,83%", async () => {
    const mic = fixture.agencies.find((a) => a.expected.field1)!;
    const response = await page(`/quan-tri/chi-so-cchc/danh-gia/${assessmentIds.get(mic.code)}`);
    assert.equal(response.statusCode, 200, response.body);
    const row = /<tr id="field-1">([\s\S]*?)<\/tr>/.exec(response.body)?.[1] ?? '';
    assert.match(row, new RegExp(`<td>${mic.expected.field1!.points} / ${mic.expected.field1!.max}</td><td>${mic.expected.field1!.index}</td>`));
    assert.match(response.body, new RegExp(`id="par-index">${mic.expected.index}<`));
    // The reviewing body's adjusted points and comment are shown.
    assert.match(response.body, /Kế hoạch kiểm tra chưa thực hiện đủ/);
  });

  it('gives the same figures through the API, in English too', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/par-index/ranking?kind=ministry&year=2017', headers: { cookie: admin.cookie } });
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json() as { rows: Array<{ rank: number; agency: { name: string }; points: number; index: number; indexText: string }> };
    assert.deepEqual(body.rows.map((r) => [r.rank, r.agency.name, r.points, r.indexText]), [
      [1, 'Ngân hàng Nhà nước Việt Nam', 92.36, '92,36%'],
      [2, 'Bộ Thông tin và Truyền thông', 86.13, '86,13%'],
    ]);
    const en = await app.inject({ method: 'GET', url: '/api/par-index/ranking?kind=ministry&year=2017&lang=en', headers: { cookie: admin.cookie } });
    assert.equal((en.json() as { rows: Array<{ indexText: string }> }).rows[0]!.indexText, '92.36%');
  });

  it('exports the ranking to Excel laid out like the published table', async () => {
    const response = await app.inject({ method: 'GET', url: '/quan-tri/chi-so-cchc/xep-hang.xlsx?loai=ministry&nam=2017', headers: { cookie: admin.cookie } });
    assert.equal(response.statusCode, 200, response.body);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const header = (sheet.getRow(4).values as unknown[]).slice(1);
    assert.equal(header[0], 'STT');
    assert.equal(header[1], 'Cơ quan');
    assert.match(String(header[2]), /^1\. Công tác chỉ đạo, điều hành cải cách hành chính \(12\)$/);
    assert.deepEqual(header.slice(-3), ['Tổng điểm', 'Chỉ số', 'Xếp hạng']);
    const first = (sheet.getRow(5).values as unknown[]).slice(1);
    assert.equal(first[0], 1);
    assert.equal(first[1], 'Ngân hàng Nhà nước Việt Nam');
    assert.deepEqual(first.slice(-3), [92.36, 0.9236, 1]);
    assert.equal(sheet.getRow(5).getCell(first.length - 1).numFmt, '0.00%');
  });

  it("shows an agency's history with its rank", async () => {
    const response = await app.inject({ method: 'GET', url: `/api/par-index/history?agency=${fixture.agencies[1]!.code}`, headers: { cookie: admin.cookie } });
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual((response.json() as { years: unknown[] }).years, [{ year: 2017, kind: 'ministry', status: 'appraised', points: 86.13, index: 86.13, indexText: '86,13%', rank: 2, of: 2 }]);
  });
});

describe('PAR Index: bad input', () => {
  it('refuses appraised points above a criterion’s maximum, naming it', async () => {
    const mic = fixture.agencies[1]!;
    const id = assessmentIds.get(mic.code)!;
    const reopened = await app.inject({ method: 'POST', url: `/api/par-index/assessments/${id}/reopen`, headers: authHeaders(admin) });
    assert.equal(reopened.statusCode, 200, reopened.body);
    const response = await app.inject({ method: 'PUT', url: `/api/par-index/assessments/${id}/appraisal`, headers: authHeaders(admin), payload: { items: [{ code: '1.6', points: 3 }] } });
    assert.equal(response.statusCode, 422, response.body);
    assert.match(response.headers['content-type'] as string, /application\/problem\+json/);
    const problem = response.json() as { code: string; detail: string; title: string; errors: Array<{ path: string; code: string; message: string }> };
    assert.equal(problem.code, 'PAR_POINTS_ABOVE_MAX');
    assert.deepEqual(problem.errors.map((e) => [e.path, e.code]), [['/items/0/points', 'PAR_POINTS_ABOVE_MAX']]);
    assert.match(problem.errors[0]!.message, /1\.6\. Đánh giá về công tác chỉ đạo, điều hành CCHC \(điều tra xã hội học\)/);
    assert.match(problem.errors[0]!.message, /vượt điểm tối đa 2,5|vượt điểm tối đa 2\.5/);
    // Nothing changed: the index is still 86,13% once closed again.
    await app.inject({ method: 'POST', url: `/api/par-index/assessments/${id}/finish`, headers: authHeaders(admin) });
    const ranking = await par.ranking(actor, 'ministry', 2017);
    assert.equal(ranking.rows[1]!.points, 86.13);
  });

  it('refuses a submission while a criterion requiring evidence has none, then accepts it with the files', async () => {
    // The demo ministry, 2025 seeded tree (migration 0049): the demo administrator holds 'admin' on it.
    const started = await app.inject({ method: 'POST', url: '/api/par-index/assessments', headers: authHeaders(admin), payload: { agency: '000.00.00.G14', year: 2025, kind: 'ministry' } });
    assert.equal(started.statusCode, 201, started.body);
    const view = started.json() as { id: string; entries: Array<{ code: string; maxPoints: number; fromSurvey: boolean; evidenceRequired: boolean }> };
    const own = view.entries.filter((e) => !e.fromSurvey);
    const saved = await app.inject({ method: 'PUT', url: `/api/par-index/assessments/${view.id}/self`, headers: authHeaders(admin), payload: { items: own.map((e) => ({ code: e.code, points: e.maxPoints })) } });
    assert.equal(saved.statusCode, 200, saved.body);
    // Above the maximum on the agency's side too.
    const above = await app.inject({ method: 'PUT', url: `/api/par-index/assessments/${view.id}/self`, headers: authHeaders(admin), payload: { items: [{ code: '1.1.1', points: 1.5 }] } });
    assert.equal(above.statusCode, 422);
    assert.equal((above.json() as { code: string }).code, 'PAR_POINTS_ABOVE_MAX');

    const refused = await app.inject({ method: 'POST', url: `/api/par-index/assessments/${view.id}/submit`, headers: authHeaders(admin) });
    assert.equal(refused.statusCode, 422, refused.body);
    const problem = refused.json() as { code: string; errors: Array<{ path: string; code: string; message: string }> };
    assert.equal(problem.code, 'PAR_EVIDENCE_MISSING');
    const needing = own.filter((e) => e.evidenceRequired).map((e) => e.code);
    assert.ok(needing.length >= 5);
    assert.deepEqual(problem.errors.map((e) => e.path), needing.map((c) => `/entries/${c}/evidence`));
    assert.match(problem.errors[0]!.message, /"1\.1\.1\. Ban hành kế hoạch CCHC năm kịp thời" bắt buộc có tài liệu kiểm chứng/);

    // A file that is not what it claims is refused by the content check.
    const fake = multipartBody([{ name: 'code', value: '1.1.1' }, { name: 'file', filename: 'ke-hoach.pdf', type: 'application/pdf', bytes: Buffer.from('MZ not a pdf at all') }]);
    const bad = await app.inject({ method: 'POST', url: `/api/par-index/assessments/${view.id}/evidence`, headers: { ...authHeaders(admin), 'content-type': fake.contentType }, payload: fake.payload });
    assert.equal(bad.statusCode, 422, bad.body);

    for (const code of needing) {
      const body = multipartBody([{ name: 'code', value: code }, { name: 'file', filename: `minh-chung-${code}.pdf`, type: 'application/pdf', bytes: PDF }]);
      const attached = await app.inject({ method: 'POST', url: `/api/par-index/assessments/${view.id}/evidence`, headers: { ...authHeaders(admin), 'content-type': body.contentType }, payload: body.payload });
      assert.equal(attached.statusCode, 201, attached.body);
    }
    const submitted = await app.inject({ method: 'POST', url: `/api/par-index/assessments/${view.id}/submit`, headers: authHeaders(admin) });
    assert.equal(submitted.statusCode, 200, submitted.body);
    assert.equal((submitted.json() as { status: string }).status, 'submitted');
    // The evidence can be downloaded by the reviewing body.
    const detail = submitted.json() as { entries: Array<{ code: string; evidence: Array<{ id: string }> }> };
    const file = detail.entries.find((e) => e.code === '1.1.1')!.evidence[0]!;
    const download = await app.inject({ method: 'GET', url: `/api/par-index/assessments/${view.id}/evidence/${file.id}`, headers: { cookie: admin.cookie } });
    assert.equal(download.statusCode, 200);
    assert.equal(download.headers['content-type'], 'application/pdf');
  });

  it('refuses a criteria tree whose maxima do not add up, naming the node', async () => {
    const created = await app.inject({ method: 'POST', url: '/api/par-index/sets', headers: authHeaders(admin), payload: { kind: 'province', year: 2031 } });
    assert.equal(created.statusCode, 201, created.body);
    const setId = (created.json() as { id: string }).id;
    const copied = await app.inject({ method: 'GET', url: `/api/par-index/sets/${setId}`, headers: { cookie: admin.cookie } });
    assert.equal((copied.json() as { valid: boolean; nodes: unknown[] }).valid, true);
    const tree = {
      fields: [
        { name: 'Công tác chỉ đạo, điều hành CCHC', maxPoints: 12, children: [{ name: 'Kế hoạch CCHC', maxPoints: 6 }, { name: 'Báo cáo CCHC', maxPoints: 5 }] },
        { name: 'Cải cách thủ tục hành chính', maxPoints: 88 },
      ],
    };
    const response = await app.inject({ method: 'PUT', url: `/api/par-index/sets/${setId}/tree`, headers: authHeaders(admin), payload: tree });
    assert.equal(response.statusCode, 422, response.body);
    const problem = response.json() as { code: string; detail: string; errors: Array<{ path: string; code: string; message: string }> };
    assert.equal(problem.code, 'PAR_TREE_SUM');
    assert.deepEqual(problem.errors.map((e) => [e.path, e.code]), [['/nodes/1/maxPoints', 'PAR_TREE_SUM']]);
    assert.match(problem.errors[0]!.message, /"1\. Công tác chỉ đạo, điều hành CCHC" là 11, phải bằng điểm tối đa của nó \(12\)/);
    // The total too.
    const total = await app.inject({ method: 'PUT', url: `/api/par-index/sets/${setId}/tree`, headers: authHeaders(admin), payload: { fields: [{ name: 'Một lĩnh vực', maxPoints: 99 }] } });
    assert.equal((total.json() as { code: string }).code, 'PAR_TREE_TOTAL');
    // Nothing was written: the copied tree is still there and valid.
    const after = await app.inject({ method: 'GET', url: `/api/par-index/sets/${setId}`, headers: { cookie: admin.cookie } });
    assert.deepEqual((after.json() as { nodes: unknown[] }).nodes, (copied.json() as { nodes: unknown[] }).nodes);
  });

  it('edits the tree with forms: a maximum that breaks the sums shows the problem on the node', async () => {
    const set = (await par.sets()).find((s) => s.kind === 'province' && s.year === 2031)!;
    const form = urlencodedForm(admin, { code: '1.2', name: 'Công tác tuyên truyền cải cách hành chính', maxPoints: '2,5', evidenceRequired: '', fromSurvey: '', autoSource: '' });
    const saved = await app.inject({ method: 'POST', url: `/quan-tri/chi-so-cchc/bo-tieu-chi/${set.id}/sua`, ...form });
    assert.equal(saved.statusCode, 303, saved.body);
    const shown = await page(`/quan-tri/chi-so-cchc/bo-tieu-chi/${set.id}`);
    assert.match(shown.body, /Tổng điểm tối đa các tiêu chí con của &quot;1\. Công tác chỉ đạo, điều hành cải cách hành chính&quot; là 10, phải bằng điểm tối đa của nó \(9\)/);
    const invalid = urlencodedForm(admin, { code: '1.2', name: '', maxPoints: 'abc' });
    const refused = await app.inject({ method: 'POST', url: `/quan-tri/chi-so-cchc/bo-tieu-chi/${set.id}/sua`, ...invalid });
    assert.equal(refused.statusCode, 422);
    assert.match(refused.body, /class="error-summary"/);
  });

  it('keeps the agency staff to their own assessment', async () => {
    const leader = await login(app, 'demo.lanhdao');
    const id = assessmentIds.get(fixture.agencies[0]!.code)!;
    const response = await app.inject({ method: 'GET', url: `/api/par-index/assessments/${id}`, headers: { cookie: leader.cookie } });
    assert.equal(response.statusCode, 403);
    const list = await app.inject({ method: 'GET', url: '/api/par-index/assessments', headers: { cookie: leader.cookie } });
    assert.deepEqual((list.json() as { items: unknown[] }).items, []);
  });
});

describe('PAR Index: the pages', () => {
  it('starts, self-assesses with the form (above the maximum: the summary names the criterion), submits, appraises', async () => {
    const started = await app.inject({ method: 'POST', url: '/quan-tri/chi-so-cchc/bat-dau', ...urlencodedForm(admin, { agency: '000.00.00.H59', kind: 'province', year: '2025' }) });
    assert.equal(started.statusCode, 303, started.body);
    const url = started.headers.location as string;
    const draft = await page(url);
    assert.equal(draft.statusCode, 200);
    assert.match(draft.body, /<input id="items-0-points" name="p0" form="self-form"/);
    assert.match(draft.body, /enctype="multipart\/form-data"/);
    const above = await app.inject({ method: 'POST', url: `${url}/tu-danh-gia`, ...urlencodedForm(admin, { p0: '1,5' }) });
    assert.equal(above.statusCode, 422);
    assert.match(above.body, /class="error-summary"[\s\S]*href="#items-0-points"[\s\S]*1\.1\.1\. Ban hành kế hoạch CCHC năm kịp thời[\s\S]*vượt điểm tối đa/);
    const saved = await app.inject({ method: 'POST', url: `${url}/tu-danh-gia`, ...urlencodedForm(admin, { p0: '1', n0: 'Ban hành ngày 15/12' }) });
    assert.equal(saved.statusCode, 303, saved.body);
    const after = await page(`${url}?ok=saved`);
    assert.match(after.body, /name="p0" form="self-form" inputmode="decimal" class="sc-short" value="1"/);
    // Submitting with points and evidence missing: the summary lists the criteria.
    const refused = await app.inject({ method: 'POST', url: `${url}/nop`, ...urlencodedForm(admin) });
    assert.equal(refused.statusCode, 422);
    assert.match(refused.body, /href="#entries-1-1-1-evidence"/);
    assert.match(refused.body, /id="entries-1-1-1-evidence"/);
  });

  it('appraises on the page: the reviewing body accepts a proposal (value, formula, source kept) and overrides with a comment', async () => {
    const submitted = (await par.list(actor, 2025)).items.find((a) => a.agency_code === '000.00.00.G14' && a.status === 'submitted')!;
    const url = `/quan-tri/chi-so-cchc/danh-gia/${submitted.id}`;
    const shown = await page(url);
    assert.equal(shown.statusCode, 200);
    assert.match(shown.body, /name="a0" form="appraisal-form"/);
    assert.match(shown.body, /Điểm đề xuất từ số liệu của hệ thống: [\d,]+<br><span class="meta">R × P = /);
    const accepted = await app.inject({ method: 'POST', url: `${url}/de-xuat`, ...urlencodedForm(admin, { code: '7.3.1' }) });
    assert.equal(accepted.statusCode, 303, accepted.body);
    const detail = await par.detail(actor, submitted.id);
    const leaf = detail.nodes.find((n) => n.code === '7.3.1')!;
    assert.match(detail.entries.get(leaf.id)!.appraisalSource ?? '', /^R × P = .* — Danh mục TTHC/);
    const leafIndex = leaves(detail.nodes).findIndex((l) => l.code === '1.2');
    const overridden = await app.inject({ method: 'POST', url: `${url}/tham-dinh`, ...urlencodedForm(admin, { [`a${leafIndex}`]: '1,75', [`c${leafIndex}`]: 'Báo cáo quý III nộp muộn.' }) });
    assert.equal(overridden.statusCode, 303, overridden.body);
    const after = await par.detail(actor, submitted.id);
    const e = after.entries.get(after.nodes.find((n) => n.code === '1.2')!.id)!;
    assert.deepEqual([e.selfPoints, e.appraisedPoints, e.appraisalComment], [2, 1.75, 'Báo cáo quý III nộp muộn.']);
  });

  it('renders the tree editor and the history page', async () => {
    const set = (await par.sets()).find((s) => s.kind === 'ministry' && s.year === 2025)!;
    const tree = await page(`/quan-tri/chi-so-cchc/bo-tieu-chi/${set.id}`);
    assert.equal(tree.statusCode, 200);
    assert.match(tree.body, /Cây tiêu chí hợp lệ/);
    assert.match(tree.body, /id="edit-1\.1\.1-name" name="name" value="Ban hành kế hoạch CCHC năm kịp thời"/);
    const en = await page(`/quan-tri/chi-so-cchc/lich-su?co-quan=${fixture.agencies[0]!.code}&lang=en`);
    assert.equal(en.statusCode, 200);
    assert.match(en.body, /92\.36%/);
    const home = await page('/quan-tri/chi-so-cchc');
    assert.match(home.body, /Ngân hàng Nhà nước Việt Nam/);
  });
});
