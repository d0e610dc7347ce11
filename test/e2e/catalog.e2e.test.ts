import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { assertAccessible, startBrowserServer } from '../helpers/browser.ts';

describe('journey: find a procedure, and manage the catalog', async () => {
  const server = await startBrowserServer();
  /** One browser: the visitor of the first journey signs in as the catalog manager in the second. */
  let browserPage: Page | undefined;

  it('searches without accents from the home page and opens the procedure page', async () => {
    const page = (browserPage = await server.newPage());
    await page.goto('/');
    await assertAccessible(page);
    await page.getByLabel('Tìm thủ tục').fill('dang ky quyen tac gia');
    await page.getByRole('button', { name: 'Tìm kiếm' }).click();
    await page.waitForURL(/\/thu-tuc\?q=/);
    await assertAccessible(page);
    await page.getByRole('link', { name: 'Cấp Giấy chứng nhận đăng ký quyền tác giả', exact: true }).click();
    await page.waitForURL(/\/thu-tuc\/1\.001823$/);
    assert.ok(await page.getByRole('link', { name: 'Nộp hồ sơ trực tuyến' }).first().isVisible());
    await assertAccessible(page);
  });

  it('lets the catalog manager open the list, the new procedure form and the import page', async () => {
    const page = browserPage ?? (await server.newPage());
    await page.goto('/dang-nhap?next=/quan-tri/thu-tuc');
    await page.getByLabel('Tên đăng nhập hoặc thư điện tử').fill('demo.danhmuc');
    await page.getByLabel('Mật khẩu').fill('Demo@2026');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(/\/quan-tri\/thu-tuc$/);
    await assertAccessible(page);
    await page.goto('/quan-tri/thu-tuc/moi');
    await page.getByRole('button', { name: 'Lưu bản nháp' }).click();
    assert.ok(await page.locator('.error-summary').isVisible());
    await assertAccessible(page);
    await page.goto('/quan-tri/thu-tuc/1.001823');
    await assertAccessible(page);
    await page.getByRole('button', { name: 'Tạo phiên bản mới' }).click();
    await page.waitForURL(/thongbao=moi/);
    assert.ok(await page.getByText('Đã tạo phiên bản mới').isVisible());
    await assertAccessible(page);
    await page.getByRole('link', { name: 'Sửa bản nháp' }).click();
    await page.waitForURL(/\/sua$/);
    await assertAccessible(page);
    await page.getByLabel('Tên thủ tục').fill('Cấp Giấy chứng nhận đăng ký quyền tác giả (dự thảo)');
    await page.getByRole('button', { name: 'Lưu bản nháp' }).click();
    await page.waitForURL(/thongbao=luu/);
    await page.getByRole('button', { name: 'Công bố' }).click();
    await page.waitForURL(/thongbao=congbo/);
    await page.goto('/thu-tuc/1.001823');
    assert.match(await page.locator('h1').innerText(), /\(dự thảo\)/);
    await page.goto('/quan-tri/thu-tuc/nhap');
    await assertAccessible(page);
  });
});
