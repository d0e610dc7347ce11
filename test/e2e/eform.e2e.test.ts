import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { assertAccessible, startBrowserServer, waitForFocus } from '../helpers/browser.ts';

describe('journey: the catalog manager edits the e-form of a draft version', async () => {
  const server = await startBrowserServer();
  /** The catalog manager's page: signed in by the first journey, kept for the second (at 360 px). */
  let manager: Page | undefined;

  it('opens the form of a new version, sees errors, previews and saves a form with a group and an address', async () => {
    const page = (manager = await server.newPage());
    await page.goto('/dang-nhap?next=/quan-tri/thu-tuc/1.001824');
    await page.getByLabel('Tên đăng nhập hoặc thư điện tử').fill('demo.danhmuc');
    await page.getByLabel('Mật khẩu').fill('Demo@2026');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(/\/quan-tri\/thu-tuc\/1\.001824$/);
    await page.getByRole('button', { name: 'Tạo phiên bản mới' }).click();
    await page.waitForURL(/thongbao=moi/);
    await page.getByRole('link', { name: 'Biểu mẫu điện tử', exact: true }).click();
    await page.waitForURL(/\/phien-ban\/2\/bieu-mau$/);
    // The builder is the default; the JSON editor is the advanced link.
    await page.getByRole('heading', { name: 'Trình tạo biểu mẫu điện tử' }).waitFor();
    await page.getByRole('link', { name: /Trình soạn JSON \(nâng cao/ }).click();
    await page.waitForURL(/\/phien-ban\/2\/bieu-mau\/nang-cao$/);
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
    await page.waitForURL(/nang-cao\?thongbao=luu/);
    assert.ok(await page.getByText('Đã lưu biểu mẫu điện tử.').isVisible());
    assert.ok(await page.getByText('Phiên bản này có biểu mẫu riêng.').isVisible());
    await assertAccessible(page);
  });

  it('builds a form at 360 px with the builder: adds fields, the id follows the label, moves without a reload, errors focused, saves', async () => {
    const WIDTH = 360;
    const page = manager ?? (await server.signIn('demo.danhmuc'));
    await page.setViewportSize({ width: WIDTH, height: 800 });
    const checked = async () => {
      await assertAccessible(page);
      const scrollWidth = Number(await page.evaluate('document.documentElement.scrollWidth'));
      assert.ok(scrollWidth <= WIDTH, `${page.url()} is ${scrollWidth}px wide on a ${WIDTH}px screen`);
    };
    // The draft the first journey saved (four fields, a group and an address among them): a small page for axe.
    await page.goto('/quan-tri/thu-tuc/1.001824');
    await page.getByRole('link', { name: 'Biểu mẫu điện tử', exact: true }).click();
    await page.getByRole('heading', { name: 'Trình tạo biểu mẫu điện tử' }).waitFor();
    await checked();
    const count = await page.locator('input[name="order"]').count();
    await page.getByRole('button', { name: 'Thêm: Lựa chọn' }).click();
    await page.getByRole('button', { name: 'Thêm: Văn bản ngắn' }).click();
    const text = `f-${count + 1}`;
    const choice = `f-${count}`;
    // Typing the label makes the id (public/eform-builder.js).
    await page.locator(`#${text}-labelVi`).fill('Số điện thoại liên hệ');
    assert.equal(await page.locator(`#${text}-key`).inputValue(), 'soDienThoaiLienHe');
    // The format and the default are among the folded settings.
    await page.locator(`#${text} summary`).click();
    await page.locator(`#${text}-preset`).selectOption('phone');
    await page.locator(`#${choice}-labelVi`).fill('Hình thức nhận kết quả');
    await page.locator(`#${choice}-o-0-label`).fill('Trực tiếp');
    await page.locator(`#${choice}-o-1-label`).fill('Qua bưu điện');
    // Move the text field up without a reload: the page keeps its URL and the field is before the choice.
    const before = page.url();
    await page.locator(`#${text}-up`).click();
    assert.equal(page.url(), before);
    const order = await page.locator('input[name="order"]').evaluateAll((inputs) => inputs.map((i) => (i as unknown as { value: string }).value));
    assert.deepEqual(order.slice(-2), [String(count + 1), String(count)]);
    // A default that fails the pattern: the summary gets the focus and names the field.
    await page.locator(`#${text}-default`).fill('abc');
    await page.getByRole('button', { name: 'Lưu biểu mẫu' }).click();
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    assert.match(await summary.innerText(), /Số điện thoại liên hệ › Giá trị mặc định: Giá trị mặc định của trường "soDienThoaiLienHe"/);
    // The focus moves when public/app.js has run (deferred): wait for it rather than race the script.
    await waitForFocus(page, 'error-summary');
    await checked();
    await page.locator('#' + (await page.locator('input[value="Số điện thoại liên hệ"]').getAttribute('id'))!.replace('labelVi', 'default')).fill('');
    await page.getByRole('button', { name: 'Xem trước' }).click();
    await page.getByRole('heading', { name: 'Xem trước biểu mẫu' }).waitFor();
    await checked();
    await page.getByRole('button', { name: 'Lưu biểu mẫu' }).click();
    await page.waitForURL(/bieu-mau\?thongbao=luu/);
    assert.ok(await page.getByText('Đã lưu biểu mẫu điện tử.').isVisible());
    const labels = await page.locator('input[name$=".labelVi"]').evaluateAll((inputs) => inputs.map((i) => (i as unknown as { value: string }).value));
    assert.deepEqual(labels.slice(-2), ['Số điện thoại liên hệ', 'Hình thức nhận kết quả']);
    await checked();
  });
});
