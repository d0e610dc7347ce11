// Old agency codes over HTTP (issue 16): a page URL with a merged agency's code redirects (303) to the successor's
// page, which shows "Cơ quan X đã hợp nhất vào Y từ dd/mm/yyyy" (vi) / its English; the JSON API answers with the
// successor's data and `redirectedFrom`. And the historical import names every date after today, row and column.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTestApp, login } from '../helpers/app.ts';
import { insertDossiers, makeAgency, makeApplicant, makeField, makeProcedure, vn } from '../helpers/reports-fixtures.ts';
import { COLUMN_KEYS } from '../../src/modules/imports/imports.rules.ts';

const BUREAU = '000.00.12.G14';
const OLD = '000.00.99.G14';

describe('merged agencies over HTTP', async () => {
  const { app, ctx } = await createTestApp({ demo: true });
  const bureau = (await ctx.services.agencies.byCode(BUREAU))!;
  // An agency of the ministry merged into the bureau on 01/07/2025, with a dossier of its own.
  const old = await makeAgency(ctx, OLD, { parentId: bureau.parent_id, name: 'Cục Bản quyền cũ' });
  const field = await makeField(ctx, 'Bản quyền');
  const { version } = await makeProcedure(ctx, { agencyId: old.id, fieldId: field.id });
  const applicant = await makeApplicant(ctx);
  await insertDossiers(ctx, applicant.id, [
    { agencyId: old.id, versionId: version.id, status: 10, channel: 2, receivedAt: vn('2025-05-05T09:00:00'), dueAt: vn('2025-05-25T17:00:00'), finishedAt: vn('2025-05-20T10:00:00'), timeliness: 'early' },
    { agencyId: old.id, versionId: version.id, status: 3, channel: 2, receivedAt: null, finishedAt: vn('2025-05-06T10:00:00') },
  ]);
  await ctx.db.updateTable('agencies').set({ successor_id: bureau.id, active: false, valid_to: '2025-07-01' }).where('id', '=', old.id).execute();
  const leader = await login(app, 'demo.lanhdao');
  const html = { accept: 'text/html' };
  const period = 'from=01/05/2025&to=31/05/2025';
  const noteVi = /Cơ quan Cục Bản quyền cũ \(000\.00\.99\.G14\) đã hợp nhất vào [^<]+ từ 01\/07\/2025\./;
  const noteEn = /The agency Cục Bản quyền cũ \(000\.00\.99\.G14\) has been merged into [^<]+ since 01\/07\/2025\./;

  const follow = async (url: string, headers: Record<string, string>) => {
    const first = await app.inject({ method: 'GET', url, headers });
    assert.equal(first.statusCode, 303, `${url}: ${first.body.slice(0, 200)}`);
    const location = first.headers.location as string;
    const second = await app.inject({ method: 'GET', url: location, headers });
    assert.equal(second.statusCode, 200, `${location}: ${second.body.slice(0, 300)}`);
    return { location, body: second.body };
  };

  it('report pages: 303 to the successor with the note, in Vietnamese and in English', async () => {
    for (const [lang, note] of [['vi', noteVi], ['en', noteEn]] as const) {
      const headers = { ...html, cookie: leader.cookie, 'accept-language': lang };
      const report = await follow(`/bao-cao/xu-ly?agency=${OLD}&${period}&preset=custom`, headers);
      assert.equal(new URL(report.location, 'http://x').searchParams.get('agency'), BUREAU);
      assert.equal(new URL(report.location, 'http://x').searchParams.get('hop-nhat'), OLD);
      assert.match(report.body, note);
      assert.match(report.body, /<p class="notice" role="status" data-agency-redirect>/);
      const dashboard = await follow(`/bao-cao/tong-quan?agency=${OLD}`, headers);
      assert.match(dashboard.location, /^\/bao-cao\/tong-quan\?agency=000\.00\.12\.G14&hop-nhat=000\.00\.99\.G14$/);
      assert.match(dashboard.body, note);
      const cell = await follow(`/bao-cao/xu-ly/ho-so?agency=${OLD}&from=2025-05-01&to=2025-05-31&cell=refused`, headers);
      assert.match(cell.body, note);
    }
    // The successor's own URL, or a note parameter that is not a merged code, shows no note.
    const plain = await app.inject({ method: 'GET', url: `/bao-cao/xu-ly?agency=${BUREAU}&${period}&preset=custom&hop-nhat=${BUREAU}`, headers: { ...html, cookie: leader.cookie } });
    assert.equal(plain.statusCode, 200);
    assert.doesNotMatch(plain.body, /data-agency-redirect/);
    const hostile = await app.inject({ method: 'GET', url: `/bao-cao/xu-ly?agency=${BUREAU}&${period}&preset=custom&hop-nhat=%27%3E%3Cscript%3E`, headers: { ...html, cookie: leader.cookie } });
    assert.equal(hostile.statusCode, 200);
    assert.doesNotMatch(hostile.body, /data-agency-redirect/);
  });

  it('public pages: the disclosure page and the 766 scorecard redirect with the note (no sign-in)', async () => {
    const disclosure = await follow(`/cong-khai/co-quan/${OLD}`, { ...html });
    assert.equal(disclosure.location, `/cong-khai/co-quan/${BUREAU}?hop-nhat=${OLD}`);
    assert.match(disclosure.body, noteVi);
    const scorecard = await follow(`/cong-khai/chi-so-766?co-quan=${OLD}`, { ...html, 'accept-language': 'en' });
    assert.match(scorecard.location, /co-quan=000\.00\.12\.G14/);
    assert.match(scorecard.body, noteEn);
    const unknown = await app.inject({ method: 'GET', url: '/cong-khai/co-quan/000.00.98.G14', headers: html });
    assert.equal(unknown.statusCode, 404);
  });

  it("JSON: the successor's data with the old code in redirectedFrom; its Biểu 06 counts the merged agency and the refusal", async () => {
    const report = await app.inject({ method: 'GET', url: `/api/reports/handling?agency=${OLD}&${period}`, headers: { cookie: leader.cookie } });
    assert.equal(report.statusCode, 200, report.body);
    const body = report.json();
    assert.equal(body.agency.code, BUREAU);
    assert.deepEqual(body.redirectedFrom, { code: OLD, name: 'Cục Bản quyền cũ', reason: 'merged', since: '2025-07-01' });
    assert.equal(body.totals.refused, 1);
    const own = (await app.inject({ method: 'GET', url: `/api/reports/handling?agency=${BUREAU}&${period}`, headers: { cookie: leader.cookie } })).json();
    assert.equal(own.redirectedFrom, undefined);
    assert.deepEqual(own.totals, body.totals);
    assert.ok(own.totals.received >= 1);
    const refused = await app.inject({ method: 'GET', url: own.totalLinks.refused, headers: { cookie: leader.cookie } });
    assert.equal(refused.statusCode, 200);
    assert.deepEqual(refused.json().items.map((d: { receivedAt: string | null }) => d.receivedAt), [null]);
    const indicators = (await app.inject({ method: 'GET', url: `/api/indicators?agency=${OLD}&${period}`, headers: { cookie: leader.cookie } })).json();
    assert.equal(indicators.agency.code, BUREAU);
    assert.equal(indicators.redirectedFrom.code, OLD);
    const card = await app.inject({ method: 'GET', url: `/api/scorecards/766?agency=${OLD}&month=2025-05` });
    assert.equal(card.statusCode, 200, card.body);
    assert.equal(card.json().agency.code, BUREAU);
    assert.equal(card.json().redirectedFrom.code, OLD);
  });
});

describe('historical import: dates after today', async () => {
  const { app } = await createTestApp({ demo: true });

  function multipart(fields: Record<string, string>, file: { name: string; bytes: Buffer }) {
    const boundary = '----opendvc-future-boundary';
    const parts: Buffer[] = [];
    for (const [name, value] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n`), file.bytes, Buffer.from('\r\n'));
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
  }
  const line = (code: string, received: string, due: string, finished: string, returned: string, status = '10') =>
    [code, '1.001823', BUREAU, '2', 'citizen', received, due, finished, returned, status, '0', '0', '1', '1', 'Trần Thị Bình', ''].join(',');

  it('names every date after today, with its row and column, all at once; the good row is imported', async () => {
    const session = await login(app, 'demo.quantri');
    const csv = Buffer.from(
      [
        COLUMN_KEYS.join(','),
        line('FUT-0001', '02/04/2024 08:00', '15/04/2024', '12/04/2024', '15/04/2024'),
        line('FUT-0002', '02/04/2099 08:00', '15/04/2099', '12/04/2099', '15/04/2099'),
        line('FUT-0003', '02/04/2024 08:00', '15/04/2099', '01/01/2099', '', '9'),
        line('FUT-0004', '02/04/2024 08:00', '15/04/2099', '', '', '4'),
      ].join('\n'),
    );
    const body = multipart({ _csrf: session.csrfToken }, { name: 'tuong-lai.csv', bytes: csv });
    const upload = await app.inject({ method: 'POST', url: '/quan-tri/nhap-ho-so', payload: body.payload, headers: { accept: 'text/html', cookie: session.cookie, 'content-type': body.contentType } });
    assert.equal(upload.statusCode, 303, upload.body);
    const location = upload.headers.location as string;
    const status = await app.inject({ method: 'GET', url: location, headers: { accept: 'text/html', cookie: session.cookie } });
    assert.match(status.body, /4 dòng: 2 hồ sơ mới, 0 hồ sơ đã nhập trước đó \(bỏ qua\), 2 dòng lỗi\./);
    const bad = await app.inject({ method: 'GET', url: `${location}/dong-loi.csv`, headers: { cookie: session.cookie } });
    assert.equal(bad.statusCode, 200);
    const future = 'ngày sau hôm nay \\(\\d{2}/\\d{2}/\\d{4}\\): dữ liệu lịch sử không thể có ngày trong tương lai';
    assert.match(bad.body, new RegExp(`\\r\\n3,ngay_tiep_nhan: ${future}; ngay_xu_ly_xong: ${future}; ngay_tra_ket_qua: ${future},FUT-0002,`));
    assert.match(bad.body, new RegExp(`\\r\\n4,ngay_xu_ly_xong: ${future},FUT-0003,`));
    assert.doesNotMatch(bad.body, /FUT-0001|FUT-0004/);
  });
});
