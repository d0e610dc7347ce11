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
});
