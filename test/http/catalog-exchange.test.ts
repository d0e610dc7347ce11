// The catalog import page with a bad file: every error of the file listed at once with its place (a JSON pointer,
// or for Excel the sheet, row and column), in Vietnamese and in English; nothing is imported.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { createTestApp, login, type Session } from '../helpers/app.ts';

function multipart(fields: Record<string, string>, file: { name: string; bytes: Buffer; type?: string }) {
  const boundary = '----opendvc-exchange-boundary';
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`), file.bytes, Buffer.from('\r\n'));
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

const decode = (html: string) => html.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
const items = (html: string) => [...decode(html).matchAll(/<li>([^<]*)<\/li>/g)].map((m) => m[1]!);

describe('catalog import page: every error at once', { timeout: 120_000 }, () => {
  it('a JSON file with many errors: all listed with their JSON pointer, in Vietnamese and English; nothing written', async () => {
    const { app, ctx } = await createTestApp({ demo: true });
    const session: Session = await login(app, 'demo.danhmuc');
    const exported = (await app.inject({ method: 'GET', url: '/quan-tri/thu-tuc/xuat.json', headers: { cookie: session.cookie } })).json();
    const base = exported.procedures.find((p: { agencyCode: string }) => p.agencyCode === '000.00.12.G14');
    const count = async () => (await ctx.db.selectFrom('procedure_versions').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;
    const before = await count();
    const procedures = Array.from({ length: 5 }, (_, i) => ({
      ...base,
      code: `1.99000${i}`,
      name: 'x',
      agencyCode: 'KHONG.CO',
      workflow: { name: 'Quy trình', steps: [{ name: 'Bước 1', role: 'boss', budget: { value: 0, unit: 'working_days' }, actions: ['forward'] }, { name: 'Bước 2', role: 'specialist', agencyCode: 'KHONG.CO.2', budget: { value: 0, unit: 'hours' }, actions: ['fly'] }] },
    }));
    const body = multipart({ _csrf: session.csrfToken }, { name: 'danh-muc.json', type: 'application/json', bytes: Buffer.from(JSON.stringify({ ...exported, procedures })) });
    const post = (lang: string) => app.inject({ method: 'POST', url: '/quan-tri/thu-tuc/nhap', headers: { cookie: session.cookie, accept: 'text/html', 'accept-language': lang, 'content-type': body.contentType }, payload: body.payload });

    const vi = await post('vi');
    assert.equal(vi.statusCode, 422);
    const viItems = items(vi.body);
    // Per procedure: name, agency, step 1 role, step 2 agency, step 2 action.
    assert.equal(viItems.length, 25, viItems.join('\n'));
    assert.match(decode(vi.body), /Tệp nhập có 25 lỗi; chưa có dữ liệu nào được ghi\./);
    assert.ok(viItems.includes('/procedures/4/workflow/steps/0/role: Giá trị phải là một trong: receptionist, specialist, department_head, agency_leader.'), viItems.join('\n'));
    assert.ok(viItems.includes('/procedures/2/workflow/steps/1/agencyCode: Không tìm thấy cơ quan có mã này (hoặc cơ quan đã ngừng hoạt động).'));
    assert.ok(viItems.includes('/procedures/0/agencyCode: Không có cơ quan với mã định danh này.'));

    const en = await post('en');
    assert.equal(en.statusCode, 422);
    const enItems = items(en.body);
    assert.equal(enItems.length, 25);
    assert.match(decode(en.body), /The import file has 25 error\(s\); nothing was written\./);
    assert.ok(enItems.includes('/procedures/4/workflow/steps/0/role: The value must be one of: receptionist, specialist, department_head, agency_leader.'), enItems.join('\n'));
    assert.ok(enItems.includes('/procedures/2/workflow/steps/1/agencyCode: No active agency has this code.'));
    assert.equal(await count(), before, 'nothing imported');

    const version = multipart({ _csrf: session.csrfToken }, { name: 'danh-muc.json', type: 'application/json', bytes: Buffer.from(JSON.stringify({ ...exported, version: 3 })) });
    const later = await app.inject({ method: 'POST', url: '/quan-tri/thu-tuc/nhap', headers: { cookie: session.cookie, accept: 'text/html', 'accept-language': 'en', 'content-type': version.contentType }, payload: version.payload });
    assert.equal(later.statusCode, 422);
    assert.match(decode(later.body), /Format version 3 of the file is not supported \(supported: 1\)\./);
  });

  it('an Excel file: errors of the cells and of the content together, each at its sheet, row and column', async () => {
    const { app } = await createTestApp({ demo: true });
    const session = await login(app, 'demo.danhmuc');
    const xlsx = await app.inject({ method: 'GET', url: '/quan-tri/thu-tuc/xuat.xlsx', headers: { cookie: session.cookie } });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Thủ tục')!;
    const header = Array.from(sheet.getRow(1).values as unknown[], (v) => String(v ?? ''));
    const col = (prefix: string) => header.findIndex((h) => h.startsWith(prefix));
    sheet.getRow(2).getCell(col('Phí, lệ phí')).value = 'Lệ phí không có số tiền'; // a cell error (read)
    sheet.getRow(3).getCell(col('Mã cơ quan')).value = 'KHONG.CO'; // a content error (checked)
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const body = multipart({ _csrf: session.csrfToken }, { name: 'danh-muc.xlsx', bytes });
    const page = await app.inject({ method: 'POST', url: '/quan-tri/thu-tuc/nhap', headers: { cookie: session.cookie, accept: 'text/html', 'accept-language': 'en', 'content-type': body.contentType }, payload: body.payload });
    assert.equal(page.statusCode, 422);
    const listed = items(page.body);
    assert.equal(listed.length, 2, listed.join('\n'));
    assert.ok(listed.some((l) => l.startsWith('Sheet "Thủ tục", row 2, column "Phí, lệ phí')), listed.join('\n'));
    assert.ok(listed.some((l) => l.startsWith('Sheet "Thủ tục", row 3, column "Mã cơ quan"')), listed.join('\n'));
  });
});
