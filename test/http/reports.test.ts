import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { authHeaders, createTestApp, login } from '../helpers/app.ts';
import { insertDossiers, makeApplicant, makeField, makeProcedure, vn } from '../helpers/reports-fixtures.ts';

const BUREAU = '000.00.12.G14';

describe('reports over HTTP', async () => {
  const { app, ctx } = await createTestApp({ demo: true });
  const bureau = (await ctx.services.agencies.byCode(BUREAU))!;
  // A field whose name looks like a formula (must be neutralised in Excel), one procedure in it, and dossiers.
  const field = await makeField(ctx, '=HYPERLINK("http://evil.example","Bấm")');
  const { version } = await makeProcedure(ctx, { agencyId: bureau.id, fieldId: field.id, name: 'Đăng ký quyền liên quan' });
  const applicant = await makeApplicant(ctx);
  const base = { agencyId: bureau.id, versionId: version.id };
  await insertDossiers(ctx, applicant.id, [
    { ...base, status: 10, channel: 2, receivedAt: vn('2025-02-03T09:00:00'), dueAt: vn('2025-02-20T17:00:00'), finishedAt: vn('2025-02-10T10:00:00'), timeliness: 'early', electronicResult: true },
    { ...base, status: 9, channel: 1, receivedAt: vn('2025-02-04T09:00:00'), dueAt: vn('2025-02-20T17:00:00'), finishedAt: vn('2025-02-24T10:00:00'), timeliness: 'late' },
    // Due on 25/02, still in progress at the end of February: overdue at the end of the period.
    { ...base, status: 4, channel: 3, receivedAt: vn('2025-02-05T09:00:00'), dueAt: vn('2025-02-25T17:00:00'), currentStep: 2 },
    { ...base, status: 7, channel: 2, receivedAt: vn('2025-02-06T09:00:00'), finishedAt: vn('2025-02-07T09:00:00') },
  ]);
  const leader = await login(app, 'demo.lanhdao');
  const citizen = await login(app, 'demo.congdan');
  const query = `agency=${BUREAU}&from=01/02/2025&to=28/02/2025`;

  it('returns the Biểu 06 columns, totals, links to the dossiers of each cell, and rates', async () => {
    const response = await app.inject({ method: 'GET', url: `/api/reports/handling?${query}&groupBy=field`, headers: { cookie: leader.cookie } });
    assert.equal(response.statusCode, 200);
    const body = response.json();
    assert.equal(body.form, '06/VPCP/KSTT');
    assert.deepEqual(body.period, { from: '2025-02-01', to: '2025-02-28' });
    assert.equal(body.current, false);
    assert.deepEqual(
      { received: body.totals.received, online: body.totals.receivedOnline, other: body.totals.receivedOther, resolved: body.totals.resolved, early: body.totals.early, late: body.totals.late, inProgress: body.totals.inProgress, overdue: body.totals.overdue, withdrawn: body.totals.withdrawn },
      { received: 4, online: 2, other: 2, resolved: 2, early: 1, late: 1, inProgress: 1, overdue: 1, withdrawn: 1 },
    );
    assert.equal(body.onTimeRate.percent, 50);
    const row = body.rows.find((r: { label: string }) => r.label.startsWith('=HYPERLINK'));
    assert.ok(row);
    const drill = await app.inject({ method: 'GET', url: row.links.late, headers: { cookie: leader.cookie } });
    assert.equal(drill.statusCode, 200);
    assert.equal(drill.json().total, 1);
    assert.equal(drill.json().items[0].timeliness, 'late');
    const totalDrill = await app.inject({ method: 'GET', url: body.totalLinks.received, headers: { cookie: leader.cookie } });
    assert.equal(totalDrill.json().total, 4);
  });

  it('refuses a reversed or too long period with field errors (422), an unknown agency (404), anonymous (401) and citizens (403)', async () => {
    const reversed = await app.inject({ method: 'GET', url: `/api/reports/handling?agency=${BUREAU}&from=2025-03-01&to=2025-02-01`, headers: { cookie: leader.cookie } });
    assert.equal(reversed.statusCode, 422);
    assert.deepEqual(reversed.json().errors.map((e: { path: string; code: string }) => [e.path, e.code]), [['/to', 'REPORT_PERIOD_REVERSED']]);
    assert.match(reversed.json().errors[0].message, /không được trước/);
    const long = await app.inject({ method: 'GET', url: `/api/indicators?agency=${BUREAU}&from=2010-01-01&to=2024-12-31`, headers: { cookie: leader.cookie } });
    assert.equal(long.statusCode, 422);
    assert.equal(long.json().errors[0].code, 'REPORT_PERIOD_TOO_LONG');
    const unknown = await app.inject({ method: 'GET', url: '/api/reports/handling?agency=999.99.99.X99&from=2025-01-01&to=2025-01-31', headers: { cookie: leader.cookie } });
    assert.equal(unknown.statusCode, 404);
    const anonymous = await app.inject({ method: 'GET', url: `/api/reports/handling?${query}` });
    assert.equal(anonymous.statusCode, 401);
    const forbidden = await app.inject({ method: 'GET', url: `/api/reports/handling?${query}`, headers: { cookie: citizen.cookie } });
    assert.equal(forbidden.statusCode, 403);
  });

  it('gives the indicators', async () => {
    const response = await app.inject({ method: 'GET', url: `/api/indicators?${query}`, headers: { cookie: leader.cookie } });
    assert.equal(response.statusCode, 200);
    const body = response.json();
    assert.deepEqual([body.onlineShare.numerator, body.onlineShare.denominator, body.onlineShare.belowTarget], [2, 4, false]);
    assert.deepEqual([body.onlineResolvedOnline.numerator, body.onlineResolvedOnline.denominator], [1, 2]);
    assert.equal(body.onlineCapableWithDossiers.numerator >= 1, true);
  });

  it('exports Excel laid out like the form, with the formula neutralised', async () => {
    const response = await app.inject({ method: 'GET', url: `/bao-cao/xu-ly.xlsx?${query}&groupBy=field`, headers: { cookie: leader.cookie } });
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /spreadsheetml/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    assert.equal(sheet.getCell(1, 16).value ?? sheet.getCell(1, 13).value, 'Biểu số 06/VPCP/KSTT');
    assert.match(String(sheet.getCell(2, 1).value), /^TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI CỤC BẢN QUYỀN/);
    assert.equal(sheet.getCell(3, 1).value, 'Kỳ báo cáo: từ ngày 01/02/2025 đến ngày 28/02/2025');
    assert.equal(sheet.getCell(5, 3).value, 'Số hồ sơ nhận giải quyết');
    assert.equal(sheet.getCell(5, 7).value, 'Số hồ sơ đã giải quyết');
    assert.equal(sheet.getCell(5, 11).value, 'Số hồ sơ đang giải quyết');
    assert.equal(sheet.getCell(7, 4).value, 'Trực tuyến');
    assert.equal(sheet.getCell(8, 16).value, '(16)');
    const labels: string[] = [];
    sheet.eachRow((row) => labels.push(String(row.getCell(2).value ?? '')));
    assert.ok(labels.includes(`'=HYPERLINK("http://evil.example","Bấm")`), labels.join(' | '));
    assert.ok(!labels.some((l) => l.startsWith('=')));
    const totals = sheet.getRow(labels.indexOf('Tổng cộng') + 1);
    assert.equal(totals.getCell(3).value, 4);
    assert.equal(totals.getCell(4).value, 2);
  });

  it('exports a PDF', async () => {
    const response = await app.inject({ method: 'GET', url: `/bao-cao/xu-ly.pdf?${query}`, headers: { cookie: leader.cookie } });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'application/pdf');
    assert.equal(response.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');
  });

  it('renders the report page with the form layout, the cell list and the dashboard with charts and tables', async () => {
    const page = await app.inject({ method: 'GET', url: `/bao-cao/xu-ly?${query}&groupBy=field`, headers: { cookie: leader.cookie, accept: 'text/html' } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Số hồ sơ nhận giải quyết/);
    assert.match(page.body, /href="\/bao-cao\/xu-ly\/ho-so\?[^"]*cell=late/);
    assert.match(page.body, /Tải Excel/);
    const preset = await app.inject({ method: 'GET', url: `/bao-cao/xu-ly?agency=${BUREAU}&preset=cutoff_quarter&year=2025&index=1`, headers: { cookie: leader.cookie, accept: 'text/html' } });
    assert.equal(preset.statusCode, 200);
    assert.match(preset.body, /từ ngày 15\/12\/2024 đến ngày 14\/03\/2025/);
    // The pickers: the quarter chosen from a list (an old link's index still read), the agency from the actor's scope.
    assert.match(preset.body, /<select id="quarter" name="quarter">[\s\S]*?<option value="1" selected>Quý 1<\/option>/);
    assert.match(preset.body, new RegExp(`<select id="agency" name="agency"[^>]*>[\\s\\S]*?<option value="${BUREAU}" [^>]*selected>`));
    assert.doesNotMatch(preset.body, /<input id="agency"/);
    const month = await app.inject({ method: 'GET', url: `/bao-cao/xu-ly?agency=${BUREAU}&preset=month&year=2025&month=2&quarter=4`, headers: { cookie: leader.cookie, accept: 'text/html' } });
    assert.match(month.body, /từ ngày 01\/02\/2025 đến ngày 28\/02\/2025/);
    const badMonth = await app.inject({ method: 'GET', url: `/bao-cao/xu-ly?agency=${BUREAU}&preset=month&year=2025&month=13`, headers: { cookie: leader.cookie, accept: 'text/html' } });
    assert.equal(badMonth.statusCode, 422);
    assert.match(badMonth.body, /href="#month"/);
    const bad = await app.inject({ method: 'GET', url: `/bao-cao/xu-ly?agency=${BUREAU}&from=31/02/2025&to=01/01/2025`, headers: { cookie: leader.cookie, accept: 'text/html' } });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /error-summary/);
    assert.match(bad.body, /href="#from"/);
    const list = await app.inject({ method: 'GET', url: `/bao-cao/xu-ly/ho-so?agency=${BUREAU}&from=2025-02-01&to=2025-02-28&cell=withdrawn`, headers: { cookie: leader.cookie, accept: 'text/html' } });
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Rút hồ sơ/);
    const dashboard = await app.inject({ method: 'GET', url: `/bao-cao/tong-quan?agency=${BUREAU}`, headers: { cookie: leader.cookie, accept: 'text/html' } });
    assert.equal(dashboard.statusCode, 200);
    assert.match(dashboard.body, /<svg[^>]*role="img"[^>]*aria-labelledby="rp-trend-t rp-trend-d"/);
    assert.match(dashboard.body, /<title id="rp-online-t">/);
    assert.match(dashboard.body, /<details><summary>/);
    assert.doesNotMatch(dashboard.body, /style="/);
    const denied = await app.inject({ method: 'GET', url: '/bao-cao/tong-quan', headers: { cookie: citizen.cookie, accept: 'text/html' } });
    assert.equal(denied.statusCode, 403);
  });

  it('shows the nav link to officers who may report', async () => {
    const home = await app.inject({ method: 'GET', url: '/thu-tuc', headers: { cookie: leader.cookie, accept: 'text/html' } });
    assert.match(home.body, /href="\/bao-cao\/tong-quan"/);
    const citizenHome = await app.inject({ method: 'GET', url: '/thu-tuc', headers: { cookie: citizen.cookie, accept: 'text/html' } });
    assert.doesNotMatch(citizenHome.body, /href="\/bao-cao\/tong-quan"/);
  });
  void authHeaders;
});
