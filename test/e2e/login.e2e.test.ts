import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertAccessible, startBrowserServer } from '../helpers/browser.ts';

describe('journey: staff sign in and out', async () => {
  const server = await startBrowserServer();

  it('shows the demo accounts, refuses a wrong password with an error summary, signs in and out', async () => {
    const page = await server.newPage();
    await page.goto('/dang-nhap');
    assert.match(await page.locator('h1').innerText(), /Đăng nhập/);
    assert.ok(await page.getByText('demo.motcua').isVisible());
    await assertAccessible(page);

    await page.getByLabel('Tên đăng nhập hoặc thư điện tử').fill('demo.motcua');
    await page.getByLabel('Mật khẩu').fill('sai-mat-khau');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    const summary = page.locator('.error-summary');
    assert.match(await summary.innerText(), /Tên đăng nhập hoặc mật khẩu không đúng/);
    await assertAccessible(page);

    await page.getByLabel('Mật khẩu').fill('Demo@2026');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/dang-nhap'));
    assert.ok(await page.getByText('Lê Thị Mai').first().isVisible());

    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    assert.ok(await page.getByRole('link', { name: 'Đăng nhập' }).first().isVisible());
  });

  // The check every journey relies on must be able to fail: a page with known WCAG violations is refused.
  it('the axe-core check refuses a page with violations (an image without text, a field without a label)', async () => {
    const page = await server.newPage();
    await page.setContent('<!doctype html><html lang="vi"><head><title>x</title></head><body><main><img src="data:,"><input type="text"></main></body></html>');
    await assert.rejects(assertAccessible(page), (error: Error) => /image-alt/.test(error.message) && /label/.test(error.message));
    await page.context().close();
  });
});
