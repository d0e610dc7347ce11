// Procedure review over HTTP: the three bad inputs — a compliance-cost sheet with negative or missing values
// (problem+json REVIEW_SHEET_INVALID naming row and field; the page's error summary linked to the row's input),
// a proposal that raises the cost (saved, flagged REVIEW_COST_RAISED in the JSON and as a warning on the page),
// a review of a retired procedure (REVIEW_PROCEDURE_RETIRED) — and the pages, the report's Excel and PDF, the
// evidence page with its chart; hostile form values never answer 500.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { authHeaders, createTestApp, login, type Session } from '../helpers/app.ts';
import { actorByUsername, COPYRIGHT_PROCEDURE } from '../helpers/dossiers.ts';
import { summaryLinks, urlencodedForm } from '../helpers/forms.ts';

const { app, ctx } = await createTestApp({ demo: true });
let specialist: Session;
let leader: Session;
let reviewId = '';
let itemId = '';

const page = (url: string, session: Session = specialist) => app.inject({ method: 'GET', url, headers: { cookie: session.cookie, accept: 'text/html' } });

before(async () => {
  specialist = await login(app, 'demo.chuyenvien');
  leader = await login(app, 'demo.lanhdao');
  const created = await app.inject({ method: 'POST', url: '/quan-tri/ra-soat-tthc/tao', ...urlencodedForm(specialist, { agency: '000.00.12.G14', year: '2026' }) });
  assert.equal(created.statusCode, 303, created.body);
  reviewId = created.headers.location!.split('/').pop()!;
  const added = await app.inject({ method: 'POST', url: `/quan-tri/ra-soat-tthc/${reviewId}/them`, ...urlencodedForm(specialist, { code: COPYRIGHT_PROCEDURE }) });
  assert.equal(added.statusCode, 303, added.body);
  itemId = added.headers.location!.split('/').pop()!;
});

describe('procedure review over HTTP: bad inputs', () => {
  it('refuses a sheet with negative or missing values (API): 422 problem+json naming each row and field', async () => {
    const response = await app.inject({
      method: 'PUT',
      url: `/api/procedure-reviews/${reviewId}/items/${itemId}/sheet`,
      headers: authHeaders(specialist),
      payload: { frequency: 100, rows: [{ kind: 'document', label: 'Tờ khai', hours: 1, amountVnd: 0 }, { kind: 'travel', label: 'Đi lại', hours: -2 }, { kind: 'fee', label: 'Lệ phí', hours: 0, amountVnd: null }] },
    });
    assert.equal(response.statusCode, 422, response.body);
    assert.match(response.headers['content-type'] as string, /application\/problem\+json/);
    const body = response.json() as { code: string; errors: Array<{ path: string; code: string; message: string }> };
    assert.equal(body.code, 'REVIEW_SHEET_INVALID');
    assert.deepEqual(body.errors.map((e) => [e.path, e.code]), [
      ['/before/rows/1/hours', 'REVIEW_ROW_NEGATIVE'],
      ['/before/rows/1/amountVnd', 'REVIEW_ROW_MISSING'],
      ['/before/rows/2/amountVnd', 'REVIEW_ROW_MISSING'],
    ]);
    assert.match(body.errors[0]!.message, /Dòng 2 \("Đi lại"\)/);
    // A negative frequency too.
    const freq = await app.inject({ method: 'PUT', url: `/api/procedure-reviews/${reviewId}/items/${itemId}/sheet`, headers: authHeaders(specialist), payload: { frequency: -5, rows: [{ kind: 'fee', label: 'Lệ phí', hours: 0, amountVnd: 1 }] } });
    assert.equal(freq.statusCode, 422);
    assert.deepEqual((freq.json() as { errors: Array<{ path: string }> }).errors.map((e) => e.path), ['/frequency']);
  });

  it('refuses the same on the page: the form again with the summary linked to the row’s input', async () => {
    const form = await page(`/quan-tri/ra-soat-tthc/${reviewId}/thu-tuc/${itemId}`);
    assert.equal(form.statusCode, 200, form.body);
    const response = await app.inject({
      method: 'POST',
      url: `/quan-tri/ra-soat-tthc/${reviewId}/thu-tuc/${itemId}/bang-tinh`,
      ...urlencodedForm(specialist, {
        frequency: '12',
        'before.count': '4',
        'before.rows.0.kind': 'document',
        'before.rows.0.label': 'Tờ khai',
        'before.rows.0.hours': '1,5',
        'before.rows.0.amountVnd': '0',
        'before.rows.1.kind': 'travel',
        'before.rows.1.label': 'Đi lại',
        'before.rows.1.hours': '',
        'before.rows.1.amountVnd': '-30.000',
        'before.rows.2.kind': 'other',
        'before.rows.3.kind': 'other',
      }),
    });
    assert.equal(response.statusCode, 422);
    const links = summaryLinks(response.body);
    assert.deepEqual(links.map((l) => l.href), ['#before-rows-1-hours', '#before-rows-1-amountVnd']);
    assert.match(links[0]!.text, /Dòng 2/);
    assert.match(response.body, /id="before-rows-1-hours"/);
  });

  it('saves a good sheet from the page (Vietnamese numbers, blank rows dropped)', async () => {
    const response = await app.inject({
      method: 'POST',
      url: `/quan-tri/ra-soat-tthc/${reviewId}/thu-tuc/${itemId}/bang-tinh`,
      ...urlencodedForm(specialist, {
        frequency: '1.250',
        'before.count': '3',
        'before.rows.0.kind': 'document',
        'before.rows.0.label': 'Tờ khai đăng ký',
        'before.rows.0.hours': '2',
        'before.rows.0.amountVnd': '0',
        'before.rows.1.kind': 'fee',
        'before.rows.1.label': 'Lệ phí',
        'before.rows.1.hours': '0',
        'before.rows.1.amountVnd': '100.000',
        'before.rows.2.kind': 'other',
      }),
    });
    assert.equal(response.statusCode, 303, response.body);
    const detail = await app.inject({ method: 'GET', url: `/api/procedure-reviews/${reviewId}`, headers: { cookie: specialist.cookie } });
    const item = (detail.json() as { items: Array<{ frequency: number; before: { perDossierVnd: string; rows: unknown[] } }> }).items[0]!;
    assert.equal(item.frequency, 1250);
    assert.equal(item.before.rows.length, 2);
    assert.equal(item.before.perDossierVnd, String(2 * 13_295 + 100_000));
  });

  it('keeps a proposal that raises the cost, flagged as a warning (API and page)', async () => {
    const response = await app.inject({
      method: 'PUT',
      url: `/api/procedure-reviews/${reviewId}/items/${itemId}/proposal`,
      headers: authHeaders(specialist),
      payload: { proposal: { kinds: ['merge_steps'], reason: 'Thuê dịch vụ' }, after: [{ kind: 'service', label: 'Dịch vụ tư vấn', hours: 0, amountVnd: 900_000 }] },
    });
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json() as { raised: boolean; warnings: string[]; rateBp: number; savingPerDossierVnd: string };
    assert.equal(body.raised, true);
    assert.deepEqual(body.warnings, ['REVIEW_COST_RAISED']);
    assert.ok(body.rateBp < 0);
    assert.equal(body.savingPerDossierVnd, String(126_590 - 900_000));
    const html = (await page(`/quan-tri/ra-soat-tthc/${reviewId}/thu-tuc/${itemId}`)).body;
    assert.match(html, /data-code="REVIEW_COST_RAISED"/);
    assert.match(html, /làm tăng chi phí tuân thủ/);
  });

  it('refuses to review a retired procedure (API: 422 REVIEW_PROCEDURE_RETIRED; page: the summary)', async () => {
    const manager = await actorByUsername(ctx, 'demo.danhmuc');
    const other = (await ctx.services.catalog.search({ agency: '000.00.12.G14', pageSize: 50 })).rows.find((r) => r.code !== COPYRIGHT_PROCEDURE)!;
    await ctx.services.catalog.retire(manager, other.code);
    const api = await app.inject({ method: 'POST', url: `/api/procedure-reviews/${reviewId}/items`, headers: authHeaders(specialist), payload: { code: other.code } });
    assert.equal(api.statusCode, 422, api.body);
    const body = api.json() as { code: string; errors: Array<{ path: string; code: string }> };
    assert.equal(body.code, 'REVIEW_PROCEDURE_RETIRED');
    assert.deepEqual(body.errors.map((e) => [e.path, e.code]), [['/code', 'REVIEW_PROCEDURE_RETIRED']]);
    const form = await app.inject({ method: 'POST', url: `/quan-tri/ra-soat-tthc/${reviewId}/them`, ...urlencodedForm(specialist, { code: other.code }) });
    assert.equal(form.statusCode, 422);
    assert.match(summaryLinks(form.body)[0]!.text, /bãi bỏ/);
  });

  it('never answers 500 to hostile form values', async () => {
    const hostile: Array<Record<string, string>> = [
      { frequency: '1e999', 'before.count': '999999', 'before.rows.0.hours': 'NaN', 'before.rows.0.amountVnd': '9'.repeat(40) },
      { frequency: '-0', 'before.count': '-3' },
      { 'before.count': '1', 'before.rows.0.kind': 'document', 'before.rows.0.label': 'x'.repeat(5000), 'before.rows.0.hours': '1', 'before.rows.0.amountVnd': '1' },
    ];
    for (const fields of hostile) {
      const response = await app.inject({ method: 'POST', url: `/quan-tri/ra-soat-tthc/${reviewId}/thu-tuc/${itemId}/bang-tinh`, ...urlencodedForm(specialist, fields) });
      assert.ok(response.statusCode < 500, `${response.statusCode} ${response.body.slice(0, 300)}`);
    }
    const proposal = await app.inject({ method: 'POST', url: `/quan-tri/ra-soat-tthc/${reviewId}/thu-tuc/${itemId}/phuong-an`, ...urlencodedForm(specialist, { 'proposal.kinds': 'remove_document', 'proposal.reason': 'x', 'proposal.removeDocuments': '99', 'proposal.timeLimitValue': 'abc', 'proposal.onlineLevel': '9' }) });
    assert.equal(proposal.statusCode, 422);
    const unknown = await page(`/quan-tri/ra-soat-tthc/${reviewId}/thu-tuc/not-an-id`);
    assert.equal(unknown.statusCode, 404);
  });
});

describe('procedure review over HTTP: pages, report, evidence', () => {
  it('renders the review, the evidence with its chart, the report and its Excel and PDF', async () => {
    const home = await page('/quan-tri/ra-soat-tthc');
    assert.equal(home.statusCode, 200);
    assert.match(home.body, new RegExp(reviewId));
    const detail = await page(`/quan-tri/ra-soat-tthc/${reviewId}`);
    assert.equal(detail.statusCode, 200, detail.body);
    const evidence = await page(`/quan-tri/ra-soat-tthc/${reviewId}/thu-tuc/${itemId}/so-lieu`);
    assert.equal(evidence.statusCode, 200, evidence.body);
    assert.match(evidence.body, /<svg[^>]+role="img"/);
    assert.match(evidence.body, /văn bản tự do/);
    const report = await page(`/quan-tri/ra-soat-tthc/${reviewId}/bao-cao`);
    assert.equal(report.statusCode, 200);
    assert.match(report.body, /BÁO CÁO KẾT QUẢ RÀ SOÁT/);
    const xlsx = await app.inject({ method: 'GET', url: `/quan-tri/ra-soat-tthc/${reviewId}/bao-cao.xlsx`, headers: { cookie: specialist.cookie } });
    assert.equal(xlsx.statusCode, 200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    assert.match(String(sheet.getCell(1, 1).value), /BÁO CÁO KẾT QUẢ RÀ SOÁT/);
    assert.equal(sheet.getCell(5, 3).value, 1250);
    assert.equal(sheet.getCell(5, 5).value, 126_590 * 1250);
    const pdf = await app.inject({ method: 'GET', url: `/quan-tri/ra-soat-tthc/${reviewId}/bao-cao.pdf`, headers: { cookie: specialist.cookie } });
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
  });

  it('takes the review through submission and approval from the pages', async () => {
    const submitted = await app.inject({ method: 'POST', url: `/quan-tri/ra-soat-tthc/${reviewId}/nop`, ...urlencodedForm(specialist) });
    assert.equal(submitted.statusCode, 303, submitted.body);
    const noNote = await app.inject({ method: 'POST', url: `/quan-tri/ra-soat-tthc/${reviewId}/tra-lai`, ...urlencodedForm(leader, { note: '' }) });
    assert.equal(noNote.statusCode, 422);
    assert.deepEqual(summaryLinks(noNote.body).map((l) => l.href), ['#note']);
    const approved = await app.inject({ method: 'POST', url: `/quan-tri/ra-soat-tthc/${reviewId}/phe-duyet`, ...urlencodedForm(leader) });
    assert.equal(approved.statusCode, 303, approved.body);
    const api = await app.inject({ method: 'GET', url: `/api/procedure-reviews/${reviewId}`, headers: { cookie: leader.cookie } });
    const body = api.json() as { status: string; history: Array<{ action: string }> };
    assert.equal(body.status, 'approved');
    assert.deepEqual(body.history.map((h) => h.action), ['create', 'submit', 'approve']);
  });
});
