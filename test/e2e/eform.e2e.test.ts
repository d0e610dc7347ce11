import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertAccessible, startBrowserServer } from '../helpers/browser.ts';

describe('journey: the catalog manager edits the e-form of a draft version', async () => {
  const server = await startBrowserServer();

  it('opens the form of a new version, sees errors, previews and saves a form with a group and an address', async () => {
    const page = await server.newPage();
    await page.goto('/dang-nhap?next=/quan-tri/thu-tuc/1.001824');
    await page.getByLabel('Tên đăng nhập hoặc thư điện tử').fill('demo.danhmuc');
    await page.getByLabel('Mật khẩu').fill('Demo@2026');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(/\/quan-tri\/thu-tuc\/1\.001824$/);
    await page.getByRole('button', { name: 'Tạo phiên bản mới' }).click();
    await page.waitForURL(/thongbao=moi/);
    await page.getByRole('link', { name: 'Biểu mẫu điện tử', exact: true }).click();
    await page.waitForURL(/\/phien-ban\/2\/bieu-mau$/);
    assert.match(await page.getByLabel('Lược đồ (JSON Schema)').inputValue(), /"requestContent"/);
    await assertAccessible(page);

    await page.getByLabel('Lược đồ (JSON Schema)').fill('{"type": "object", "properties": {"kind": {"type": "string", "enum": []}}}');
    await page.getByRole('button', { name: 'Lưu biểu mẫu' }).click();
    const summary = page.locator('.error-summary');
    assert.match(await summary.innerText(), /Danh sách lựa chọn không được để trống/);
    await assertAccessible(page);

    const schema = {
      type: 'object',
      required: ['work', 'home'],
      properties: {
        work: { type: 'string', title: 'Tên tác phẩm' },
        kind: { type: 'string', title: 'Loại hình', enum: ['a', 'b'], 'x-enumNames': ['Văn học', 'Âm nhạc'] },
        home: { type: 'object', title: 'Nơi cư trú', properties: { province: { type: 'string' }, commune: { type: 'string' }, street: { type: 'string' } } },
        team: { type: 'array', title: 'Đồng tác giả', items: { type: 'object', properties: { name: { type: 'string', title: 'Tên' }, idNumber: { type: 'string', title: 'Số giấy tờ' } } } },
      },
    };
    await page.getByLabel('Lược đồ (JSON Schema)').fill(JSON.stringify(schema, null, 2));
    await page.getByRole('button', { name: 'Xem trước' }).click();
    await page.getByRole('heading', { name: 'Xem trước biểu mẫu' }).waitFor();
    assert.ok(await page.locator('#preview-team-0-name').isVisible());
    assert.ok(await page.locator('#preview-home-province').isVisible());
    await assertAccessible(page);
    await page.getByRole('button', { name: 'Lưu biểu mẫu' }).click();
    await page.waitForURL(/thongbao=luu/);
    assert.ok(await page.getByText('Đã lưu biểu mẫu điện tử.').isVisible());
    assert.ok(await page.getByText('Phiên bản này có biểu mẫu riêng.').isVisible());
    await assertAccessible(page);
  });
});
