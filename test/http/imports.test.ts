// The administrator page of the historical import: upload, status page, bad rows download, access control.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTestApp, login } from '../helpers/app.ts';
import { COLUMN_KEYS } from '../../src/modules/imports/imports.rules.ts';

function multipart(fields: Record<string, string>, file?: { name: string; bytes: Buffer }) {
  const boundary = '----opendvc-imports-boundary';
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n`));
    parts.push(file.bytes, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

const line = (code: string, status = '10', name = 'Trần Thị Bình') =>
  [code, '1.001823', '000.00.12.G14', '2', 'citizen', '02/04/2024 08:00', '15/04/2024', status === '10' ? '12/04/2024' : '', status === '10' ? '15/04/2024' : '', status, '0', '0', '1', '1', name, ''].join(',');

describe('import page /quan-tri/nhap-ho-so', async () => {
  const { app, ctx } = await createTestApp({ demo: true });
  const html = { accept: 'text/html' };

  it('lets an administrator upload a CSV, shows the result and the bad rows file (neutralised)', async () => {
    const session = await login(app, 'demo.quantri');
    const page = await app.inject({ method: 'GET', url: '/quan-tri/nhap-ho-so', headers: { ...html, cookie: session.cookie } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1>Nhập hồ sơ từ hệ thống một cửa cũ<\/h1>/);
    assert.match(page.body, /enctype="multipart\/form-data"/);
    const hub = await app.inject({ method: 'GET', url: '/quan-tri', headers: { ...html, cookie: session.cookie } });
    assert.match(hub.body, /href="\/quan-tri\/nhap-ho-so"/);

    const csv = Buffer.from([COLUMN_KEYS.join(','), line('WEB-0001'), line('WEB-0002', '4'), line('WEB-0003', '10', '@SUM(1+1)')].join('\n'));
    const body = multipart({ _csrf: session.csrfToken }, { name: 'ho-so-cu.csv', bytes: csv });
    const upload = await app.inject({ method: 'POST', url: '/quan-tri/nhap-ho-so', payload: body.payload, headers: { ...html, cookie: session.cookie, 'content-type': body.contentType } });
    assert.equal(upload.statusCode, 303, upload.body);
    const location = upload.headers.location as string;
    assert.match(location, /^\/quan-tri\/nhap-ho-so\/[0-9a-f-]{36}$/);

    const status = await app.inject({ method: 'GET', url: location, headers: { ...html, cookie: session.cookie } });
    assert.equal(status.statusCode, 200);
    assert.match(status.body, /3 dòng: 2 hồ sơ mới, 0 hồ sơ đã nhập trước đó \(bỏ qua\), 1 dòng lỗi\./);
    assert.doesNotMatch(status.body, /http-equiv="refresh"/);
    const json = await app.inject({ method: 'GET', url: `/api${location.replace('/quan-tri/nhap-ho-so', '/imports')}`, headers: { cookie: session.cookie } });
    assert.equal(json.statusCode, 200);
    assert.equal(json.json().status, 'done');
    assert.equal(json.json().insertedRows, 2);

    const bad = await app.inject({ method: 'GET', url: `${location}/dong-loi.csv`, headers: { cookie: session.cookie } });
    assert.equal(bad.statusCode, 200);
    assert.match(bad.headers['content-type'] as string, /^text\/csv/);
    assert.match(bad.headers['content-disposition'] as string, /attachment/);
    assert.match(bad.body, /^\uFEFFdong,ly_do,/);
    assert.match(bad.body, /\r\n4,"ho_ten: có dạng công thức/);
    assert.match(bad.body, /,'@SUM\(1\+1\),/);

    // The same file again: nothing twice.
    const again = multipart({ _csrf: session.csrfToken }, { name: 'ho-so-cu.csv', bytes: csv });
    const second = await app.inject({ method: 'POST', url: '/quan-tri/nhap-ho-so', payload: again.payload, headers: { ...html, cookie: session.cookie, 'content-type': again.contentType } });
    const secondPage = await app.inject({ method: 'GET', url: second.headers.location as string, headers: { ...html, cookie: session.cookie } });
    assert.match(secondPage.body, /3 dòng: 0 hồ sơ mới, 2 hồ sơ đã nhập trước đó/);
  });

  it('answers 422 with a message for a missing file and for a UTF-16 file', async () => {
    const session = await login(app, 'demo.quantri');
    const none = multipart({ _csrf: session.csrfToken });
    const missing = await app.inject({ method: 'POST', url: '/quan-tri/nhap-ho-so', payload: none.payload, headers: { ...html, cookie: session.cookie, 'content-type': none.contentType } });
    assert.equal(missing.statusCode, 422);
    assert.match(missing.body, /Chọn tệp CSV hoặc Excel/);
    const utf16 = multipart({ _csrf: session.csrfToken }, { name: 'utf16.csv', bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(COLUMN_KEYS.join(','), 'utf16le')]) });
    const refused = await app.inject({ method: 'POST', url: '/quan-tri/nhap-ho-so', payload: utf16.payload, headers: { ...html, cookie: session.cookie, 'content-type': utf16.contentType } });
    assert.equal(refused.statusCode, 303);
    const page = await app.inject({ method: 'GET', url: refused.headers.location as string, headers: { ...html, cookie: session.cookie } });
    assert.match(page.body, /không được mã hóa UTF-8 \(phát hiện: UTF-16\)/);
  });

  it('shows a queued import with a progress bar and a page that refreshes itself (no JavaScript needed)', async () => {
    const session = await login(app, 'demo.quantri');
    const admin = await ctx.db.selectFrom('accounts').select('id').where('username', '=', 'demo.quantri').executeTakeFirstOrThrow();
    const run = await ctx.db
      .insertInto('dossier_imports')
      .values({ created_by: admin.id, actor_name: 'demo.quantri', origin: 'web', file_name: 'lon.csv', format: 'csv', sha256: 'a'.repeat(64), size_bytes: 1000, processed_bytes: 400, processed_rows: 1234, status: 'running' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const page = await app.inject({ method: 'GET', url: `/quan-tri/nhap-ho-so/${run.id}`, headers: { ...html, cookie: session.cookie } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<meta http-equiv="refresh" content="3">/);
    assert.match(page.body, /<progress id="import-progress" max="100" value="40"/);
    assert.match(page.body, /40% — đã đọc 1\.234 dòng/);
    const json = await app.inject({ method: 'GET', url: `/api/imports/${run.id}?lang=en`, headers: { cookie: session.cookie } });
    assert.deepEqual([json.json().status, json.json().percent, json.json().processedRows], ['running', 40, 1234]);
  });

  it('refuses anonymous visitors and staff who are not administrators; hides runs of others', async () => {
    const anonymous = await app.inject({ method: 'GET', url: '/api/imports/00000000-0000-0000-0000-000000000000' });
    assert.equal(anonymous.statusCode, 401);
    const clerk = await login(app, 'demo.motcua');
    const page = await app.inject({ method: 'GET', url: '/quan-tri/nhap-ho-so', headers: { ...html, cookie: clerk.cookie } });
    assert.equal(page.statusCode, 403);
    const csv = multipart({ _csrf: clerk.csrfToken }, { name: 'x.csv', bytes: Buffer.from(COLUMN_KEYS.join(',')) });
    const upload = await app.inject({ method: 'POST', url: '/quan-tri/nhap-ho-so', payload: csv.payload, headers: { ...html, cookie: clerk.cookie, 'content-type': csv.contentType } });
    assert.equal(upload.statusCode, 403);
    const admin = await login(app, 'demo.quantri');
    const list = await app.inject({ method: 'GET', url: '/quan-tri/nhap-ho-so', headers: { ...html, cookie: admin.cookie } });
    const id = /\/quan-tri\/nhap-ho-so\/([0-9a-f-]{36})/.exec(list.body)![1]!;
    const hidden = await app.inject({ method: 'GET', url: `/api/imports/${id}`, headers: { cookie: clerk.cookie } });
    assert.equal(hidden.statusCode, 403);
    const unknown = await app.inject({ method: 'GET', url: '/api/imports/00000000-0000-0000-0000-000000000000', headers: { cookie: admin.cookie } });
    assert.equal(unknown.statusCode, 404);
  });
});
