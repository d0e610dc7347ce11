import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { authHeaders, createTestApp, login } from '../helpers/app.ts';

const COPYRIGHT_CERT = '1.001823';

function multipart(fields: Record<string, string>, file?: { name: string; bytes: Buffer; type?: string }) {
  const boundary = '----opendvc-test-boundary';
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`));
    parts.push(file.bytes, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

function newProcedure(code: string, name: string) {
  return {
    code,
    name,
    agencyCode: '000.00.12.G14',
    fieldCode: 'ban-quyen-tac-gia',
    authorityLevel: 'central',
    audience: ['citizen'],
    onlineLevel: 3,
    onlineClass: 'partial',
    fullOnlineEligible: false,
    steps: ['Nộp hồ sơ'],
    documents: [{ name: 'Tờ khai', copies: 1, originalKind: 'original' }],
    timeLimit: { value: 15, unit: 'working_days' },
    fees: [{ description: 'Lệ phí', amountVnd: 100000 }],
    legalBasis: ['Luật Sở hữu trí tuệ'],
    resultType: 'Giấy chứng nhận',
    submissionPlaces: 'Cục Bản quyền tác giả',
  };
}

describe('catalog over HTTP', async () => {
  const { app } = await createTestApp({ demo: true, config: { MAX_TEMPLATE_BYTES: '4096' } });

  it('lists procedures as JSON with filters and pagination', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/procedures?q=dang%20ky%20quyen%20tac%20gia&pageSize=5' });
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    assert.equal(body.page, 1);
    assert.equal(body.pageSize, 5);
    assert.ok(body.total >= 3);
    const first = body.items[0];
    assert.equal(first.code, COPYRIGHT_CERT);
    assert.deepEqual(Object.keys(first).sort(), ['agency', 'audience', 'authorityLevel', 'code', 'effectiveFrom', 'field', 'fullOnlineEligible', 'localCode', 'name', 'nationalCode', 'onlineClass', 'onlineLevel', 'timeLimit', 'version'].sort());
    assert.deepEqual(first.agency, { code: '000.00.12.G14', name: 'Cục Bản quyền tác giả' });
    assert.equal(first.field.code, 'ban-quyen-tac-gia');
    assert.match(first.timeLimit.text, /ngày làm việc|giờ làm việc|trong ngày/);
    const traVinh = (await app.inject({ method: 'GET', url: '/api/procedures?agency=000.00.00.H59&pageSize=100' })).json();
    assert.ok(traVinh.total > 0);
    assert.ok(traVinh.items.every((i: { agency: { code: string } }) => i.agency.code.includes('H59')));
  });

  it('answers malformed filters with one 422 problem listing the fields', async () => {
    const many = await app.inject({ method: 'GET', url: '/api/procedures?pageSize=1000&level=xyz&onlineLevel=9' });
    assert.equal(many.statusCode, 422);
    assert.match(String(many.headers['content-type']), /application\/problem\+json/);
    const paths = many.json().errors.map((e: { path: string }) => e.path);
    for (const p of ['/pageSize', '/level', '/onlineLevel']) assert.ok(paths.includes(p), JSON.stringify(paths));
    const longQ = await app.inject({ method: 'GET', url: `/api/procedures?q=${'a'.repeat(10_000)}` });
    assert.equal(longQ.statusCode, 422);
    assert.equal(longQ.json().errors[0].path, '/q');
    assert.match(longQ.json().errors[0].message, /200/);
    const unknown = await app.inject({ method: 'GET', url: '/api/procedures?agency=999.99.99.Z99&field=khong-co' });
    assert.equal(unknown.statusCode, 422);
    assert.deepEqual(unknown.json().errors.map((e: { path: string }) => e.path).sort(), ['/agency', '/field']);
    const english = await app.inject({ method: 'GET', url: '/api/procedures?lang=en&pageSize=1' });
    assert.equal(english.statusCode, 200, 'lang is not a filter');
    assert.match(english.json().items[0].timeLimit.text, /working|same day/);
    const injection = await app.inject({ method: 'GET', url: `/api/procedures?q=${encodeURIComponent("'; DROP TABLE procedures; -- <b>")}` });
    assert.equal(injection.statusCode, 200);
  });

  it('returns a procedure with its documents, fees and template links; unknown codes are 404 problems', async () => {
    const response = await app.inject({ method: 'GET', url: `/api/procedures/${COPYRIGHT_CERT}` });
    assert.equal(response.statusCode, 200);
    const p = response.json();
    assert.equal(p.status, 'published');
    assert.ok(p.documents.length > 0);
    assert.ok(p.steps.length > 0);
    assert.ok(Array.isArray(p.legalBasis) && p.legalBasis.length > 0);
    assert.equal(p.submitUrl, `/nop-ho-so/${COPYRIGHT_CERT}`);
    const withTemplate = p.documents.find((d: { templateUrl: string | null }) => d.templateUrl);
    assert.ok(withTemplate, 'a demo template is downloadable');
    const file = await app.inject({ method: 'GET', url: withTemplate.templateUrl });
    assert.equal(file.statusCode, 200);
    assert.equal(file.headers['content-type'], 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    assert.match(String(file.headers['content-disposition']), /^attachment; filename="[^"]+\.docx"; filename\*=UTF-8''/);
    assert.equal(file.rawPayload.subarray(0, 2).toString(), 'PK');
    for (const url of ['/api/procedures/9.999999', '/api/procedures/abc', '/tep/00000000-0000-0000-0000-000000000000']) {
      const missing = await app.inject({ method: 'GET', url });
      assert.equal(missing.statusCode, 404, url);
      assert.equal(missing.json().code, 'NOT_FOUND');
    }
  });

  it('renders the home page, results and procedure pages without JavaScript', async () => {
    const home = await app.inject({ method: 'GET', url: '/', headers: { accept: 'text/html' } });
    assert.equal(home.statusCode, 200);
    assert.match(home.body, /<form method="get" action="\/thu-tuc"/);
    assert.match(home.body, /href="\/thu-tuc\?field=ban-quyen-tac-gia"/);
    assert.doesNotMatch(home.body, /<script|<img/);
    const css = readFileSync(new URL('../../public/app.css', import.meta.url));
    assert.ok(Buffer.byteLength(home.body) + css.length <= 100 * 1024, 'home page with its CSS ≤ 100 KB');

    const results = await app.inject({ method: 'GET', url: '/thu-tuc?q=giay&field=ban-quyen-tac-gia&onlineLevel=4', headers: { accept: 'text/html' } });
    assert.equal(results.statusCode, 200);
    assert.match(results.body, /href="\/thu-tuc\/1\.0018\d\d"/);
    const all = await app.inject({ method: 'GET', url: '/thu-tuc?level=province', headers: { accept: 'text/html' } });
    const next = /rel="next" href="([^"]+)"/.exec(all.body)?.[1];
    assert.ok(next, 'a next page link');
    assert.match(next.replace(/&amp;/g, '&'), /^\/thu-tuc\?level=province&page=2$/);
    const invalid = await app.inject({ method: 'GET', url: '/thu-tuc?level=xyz', headers: { accept: 'text/html' } });
    assert.equal(invalid.statusCode, 422);
    assert.match(invalid.body, /error-summary/);

    const page = await app.inject({ method: 'GET', url: `/thu-tuc/${COPYRIGHT_CERT}`, headers: { accept: 'text/html' } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Nộp hồ sơ trực tuyến/);
    assert.match(page.body, /href="\/nop-ho-so\/1\.001823"/);
    assert.match(page.body, /\d{2}\/\d{2}\/\d{4}/);
    assert.match(page.body, /\d+ ngày làm việc|giờ làm việc|trong ngày/);
    assert.match(page.body, /href="\/tep\/[0-9a-f-]{36}"/);
  });

  it('requires a signed-in catalog manager and the CSRF token for management', async () => {
    const anonymous = await app.inject({ method: 'POST', url: '/api/catalog/procedures', payload: newProcedure('1.900001', 'Thủ tục thử') });
    assert.equal(anonymous.statusCode, 403, 'no CSRF token');
    const session = await login(app, 'demo.danhmuc');
    const noCsrf = await app.inject({ method: 'POST', url: '/api/catalog/procedures', headers: { cookie: session.cookie }, payload: newProcedure('1.900001', 'Thủ tục thử') });
    assert.equal(noCsrf.statusCode, 403);
    assert.equal(noCsrf.json().code, 'CSRF_INVALID');
    const citizen = await login(app, 'demo.congdan');
    const forbidden = await app.inject({ method: 'POST', url: '/api/catalog/procedures', headers: authHeaders(citizen), payload: newProcedure('1.900001', 'Thủ tục thử') });
    assert.equal(forbidden.statusCode, 403);
    assert.equal(forbidden.json().code, 'FORBIDDEN');
    const page = await app.inject({ method: 'GET', url: '/quan-tri/thu-tuc', headers: { accept: 'text/html' } });
    assert.equal(page.statusCode, 303);
    assert.match(String(page.headers.location), /^\/dang-nhap\?next=/);
  });

  it('creates, publishes and shows a procedure; names are escaped in HTML', async () => {
    const session = await login(app, 'demo.danhmuc');
    const name = 'Thủ tục <script>alert("x")</script> thử';
    const created = await app.inject({ method: 'POST', url: '/api/catalog/procedures', headers: authHeaders(session), payload: newProcedure('1.900002', name) });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().status, 'draft');
    const draftPublic = await app.inject({ method: 'GET', url: '/api/procedures/1.900002' });
    assert.equal(draftPublic.statusCode, 404, 'drafts are not public');
    const published = await app.inject({ method: 'POST', url: '/api/catalog/procedures/1.900002/publish', headers: authHeaders(session), payload: {} });
    assert.equal(published.statusCode, 200, published.body);
    const html = await app.inject({ method: 'GET', url: '/thu-tuc/1.900002', headers: { accept: 'text/html' } });
    assert.equal(html.statusCode, 200);
    assert.ok(!html.body.includes('<script>alert'), 'no raw script');
    assert.match(html.body, /&lt;script&gt;alert/);
    const duplicate = await app.inject({ method: 'POST', url: '/api/catalog/procedures', headers: authHeaders(session), payload: newProcedure('1.900002', 'Lặp') });
    assert.equal(duplicate.statusCode, 422);
    assert.equal(duplicate.json().errors[0].code, 'PROCEDURE_CODE_TAKEN');
  });

  it('publishing a new version via the API changes the public page', async () => {
    const session = await login(app, 'demo.danhmuc');
    const before = (await app.inject({ method: 'GET', url: `/api/procedures/${COPYRIGHT_CERT}` })).json();
    const draft = await app.inject({ method: 'POST', url: `/api/catalog/procedures/${COPYRIGHT_CERT}/versions`, headers: authHeaders(session) });
    assert.equal(draft.statusCode, 201, draft.body);
    const body = { ...newProcedure(COPYRIGHT_CERT, 'Cấp Giấy chứng nhận đăng ký quyền tác giả (phiên bản mới)'), fieldCode: before.field.code };
    const put = await app.inject({ method: 'PUT', url: `/api/catalog/procedures/${COPYRIGHT_CERT}/draft`, headers: authHeaders(session), payload: body });
    assert.equal(put.statusCode, 200, put.body);
    const tooEarly = await app.inject({ method: 'POST', url: `/api/catalog/procedures/${COPYRIGHT_CERT}/publish`, headers: authHeaders(session), payload: { effectiveFrom: '2000-01-01' } });
    assert.equal(tooEarly.statusCode, 422);
    const publish = await app.inject({ method: 'POST', url: `/api/catalog/procedures/${COPYRIGHT_CERT}/publish`, headers: authHeaders(session), payload: {} });
    assert.equal(publish.statusCode, 200, publish.body);
    const after = (await app.inject({ method: 'GET', url: `/api/procedures/${COPYRIGHT_CERT}` })).json();
    assert.equal(after.version, before.version + 1);
    const page = await app.inject({ method: 'GET', url: `/thu-tuc/${COPYRIGHT_CERT}`, headers: { accept: 'text/html' } });
    assert.match(page.body, /\(phiên bản mới\)/);
    const again = await app.inject({ method: 'PUT', url: `/api/catalog/procedures/${COPYRIGHT_CERT}/draft`, headers: authHeaders(session), payload: body });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().code, 'VERSION_NOT_DRAFT');
  });

  it('checks uploaded templates by content and size', async () => {
    const session = await login(app, 'demo.danhmuc');
    await app.inject({ method: 'POST', url: '/api/catalog/procedures/1.001824/versions', headers: authHeaders(session) });
    const url = '/api/catalog/procedures/1.001824/documents/1/template';
    const png = multipart({}, { name: 'to-khai.pdf', type: 'application/pdf', bytes: Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex') });
    const mismatch = await app.inject({ method: 'POST', url, headers: { ...authHeaders(session), 'content-type': png.contentType }, payload: png.payload });
    assert.equal(mismatch.statusCode, 415, mismatch.body);
    assert.equal(mismatch.json().code, 'TEMPLATE_TYPE_MISMATCH');
    assert.match(mismatch.json().title, /Nội dung tệp không đúng loại/);
    const big = multipart({}, { name: 'big.pdf', bytes: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(8000, 0x20)]) });
    const tooLarge = await app.inject({ method: 'POST', url, headers: { ...authHeaders(session), 'content-type': big.contentType }, payload: big.payload });
    assert.equal(tooLarge.statusCode, 413, tooLarge.body);
    const pdf = multipart({}, { name: 'Tờ khai.pdf', bytes: Buffer.from('%PDF-1.4\n%%EOF\n') });
    const noCsrf = await app.inject({ method: 'POST', url, headers: { cookie: session.cookie, 'content-type': pdf.contentType }, payload: pdf.payload });
    assert.equal(noCsrf.statusCode, 403);
    const anonymous = await app.inject({ method: 'POST', url, headers: { 'content-type': pdf.contentType }, payload: pdf.payload });
    assert.equal(anonymous.statusCode, 403, 'anonymous: no CSRF token, nothing stored');
    const ok = await app.inject({ method: 'POST', url, headers: { ...authHeaders(session), 'content-type': pdf.contentType }, payload: pdf.payload });
    assert.equal(ok.statusCode, 201, ok.body);
    const download = await app.inject({ method: 'GET', url: ok.json().url });
    assert.equal(download.statusCode, 200);
    assert.equal(download.headers['content-type'], 'application/pdf');
    assert.match(String(download.headers['content-disposition']), /filename\*=UTF-8''T%E1%BB%9D%20khai\.pdf/);
    // The HTML form (multipart with the _csrf field) does the same.
    const form = multipart({ _csrf: session.csrfToken }, { name: 'mau.pdf', bytes: Buffer.from('%PDF-1.4\n%%EOF\n') });
    const page = await app.inject({ method: 'POST', url: '/quan-tri/thu-tuc/1.001824/tai-lieu/1/mau', headers: { cookie: session.cookie, 'content-type': form.contentType, accept: 'text/html' }, payload: form.payload });
    assert.equal(page.statusCode, 303, page.body);
  });

  it('management pages work with plain HTML forms', async () => {
    const session = await login(app, 'demo.danhmuc');
    const list = await app.inject({ method: 'GET', url: '/quan-tri/thu-tuc?status=published', headers: { cookie: session.cookie, accept: 'text/html' } });
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /1\.001823/);
    const form = await app.inject({ method: 'GET', url: '/quan-tri/thu-tuc/moi', headers: { cookie: session.cookie, accept: 'text/html' } });
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /name="documents\.1\.name"/);
    const fields = new URLSearchParams({
      _csrf: session.csrfToken, code: '1.900010', name: 'Thủ tục tạo bằng biểu mẫu', agencyCode: '000.00.12.G14', fieldCode: 'ban-quyen-tac-gia',
      authorityLevel: 'central', audience: 'citizen', onlineLevel: '2', onlineClass: 'none', 'timeLimit.value': '10', 'timeLimit.unit': 'working_days',
      steps: 'Bước 1\nBước 2', fees: 'Lệ phí | 50000', legalBasis: 'Luật A', resultType: 'Văn bản', submissionPlaces: 'Cục',
      documentRows: '2', 'documents.0.name': 'Đơn đề nghị', 'documents.0.copies': '1', 'documents.0.originalKind': 'original', 'documents.1.name': '',
    });
    const addRow = await app.inject({ method: 'POST', url: '/quan-tri/thu-tuc/moi', headers: { cookie: session.cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }, payload: `${fields}&action=addRow` });
    assert.equal(addRow.statusCode, 200);
    assert.match(addRow.body, /name="documents\.2\.name"/);
    assert.match(addRow.body, /value="Đơn đề nghị"/);
    const bad = new URLSearchParams(fields);
    bad.set('fees', 'Lệ phí không có số tiền');
    bad.set('name', '');
    const invalid = await app.inject({ method: 'POST', url: '/quan-tri/thu-tuc/moi', headers: { cookie: session.cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }, payload: bad.toString() });
    assert.equal(invalid.statusCode, 422);
    assert.match(invalid.body, /href="#name"/);
    assert.match(invalid.body, /href="#fees"/);
    const created = await app.inject({ method: 'POST', url: '/quan-tri/thu-tuc/moi', headers: { cookie: session.cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }, payload: `${fields}&action=save` });
    assert.equal(created.statusCode, 303, created.body);
    assert.equal(created.headers.location, '/quan-tri/thu-tuc/1.900010?thongbao=tao');
    const publish = await app.inject({ method: 'POST', url: '/quan-tri/thu-tuc/1.900010/cong-bo', headers: { cookie: session.cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }, payload: `_csrf=${encodeURIComponent(session.csrfToken)}&effectiveFrom=` });
    assert.equal(publish.statusCode, 303);
    const pub = (await app.inject({ method: 'GET', url: '/api/procedures/1.900010' })).json();
    assert.deepEqual(pub.fees.map((f: { amountVnd: number }) => f.amountVnd), [50000]);
    assert.equal(pub.documents.length, 1);
    const exported = await app.inject({ method: 'GET', url: '/quan-tri/thu-tuc/xuat.json', headers: { cookie: session.cookie } });
    assert.equal(exported.statusCode, 200);
    assert.ok(exported.json().procedures.some((p: { code: string }) => p.code === '1.900010'));
    const xlsx = await app.inject({ method: 'GET', url: '/quan-tri/thu-tuc/xuat.xlsx', headers: { cookie: session.cookie } });
    assert.equal(xlsx.statusCode, 200);
    const upload = multipart({ _csrf: session.csrfToken }, { name: 'danh-muc.xlsx', bytes: xlsx.rawPayload });
    const imported = await app.inject({ method: 'POST', url: '/quan-tri/thu-tuc/nhap', headers: { cookie: session.cookie, accept: 'text/html', 'content-type': upload.contentType }, payload: upload.payload });
    assert.equal(imported.statusCode, 200, imported.body.slice(0, 500));
    assert.match(imported.body, /Thủ tục mới: 0; phiên bản mới: 0/);
  });

  it('documents the catalog API in OpenAPI', async () => {
    const spec = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    assert.deepEqual(spec.paths['/api/v1/procedures'].get.tags, ['catalog']);
    assert.ok(spec.paths['/api/v1/procedures/{code}']);
    assert.ok(spec.paths['/api/v1/catalog/procedures/{code}/publish']);
  });
});
