import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertAccessible, startBrowserServer, waitForFocus } from '../helpers/browser.ts';

describe('journey: the year calendar', async () => {
  const server = await startBrowserServer();

  it('shows the public holidays of a year on a small screen, accessible, with the neighbouring years', async () => {
    const page = await server.newPage();
    await page.setViewportSize({ width: 360, height: 800 });
    await page.goto('/lich-nghi-le?nam=2026');
    assert.equal(await page.locator('h1').innerText(), 'Lịch nghỉ lễ, Tết năm 2026');
    assert.ok(await page.getByRole('cell', { name: 'Nghỉ bù Giỗ Tổ Hùng Vương (26/04)' }).isVisible());
    await assertAccessible(page);
    if (process.env.CALENDAR_SCREENSHOTS) await page.screenshot({ path: `${process.env.CALENDAR_SCREENSHOTS}/public.png`, fullPage: true });
    await page.getByRole('link', { name: /Năm 2027/ }).click();
    assert.equal(await page.locator('h1').innerText(), 'Lịch nghỉ lễ, Tết năm 2027');
  });

  it('lets the administrator fix an error in the year schedule', async () => {
    const page = await server.newPage();
    await page.goto('/dang-nhap');
    await page.getByLabel('Tên đăng nhập hoặc thư điện tử').fill('demo.quantri');
    await page.getByLabel('Mật khẩu').fill('Demo@2026');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/dang-nhap'));
    await page.goto('/quan-tri/lich-nam/2027');
    await assertAccessible(page);
    await page.getByLabel('Ngày (hoặc từ ngày) (dòng 1)').fill('04/02/2027');
    await page.getByLabel('Loại ngày (dòng 1)').selectOption({ label: 'Nghỉ Tết' });
    await page.getByLabel('Tên ngày nghỉ (dòng 1)').fill('Tết Nguyên Đán (28 tháng Chạp)');
    await page.getByLabel('Ngày (hoặc từ ngày) (dòng 2)').fill('31/02/2027');
    await page.getByLabel('Tên ngày nghỉ (dòng 2)').fill('Sai ngày');
    await page.getByRole('button', { name: 'Lưu lịch năm 2027' }).click();
    const summary = page.locator('.error-summary');
    assert.match(await summary.innerText(), /Ngày \(hoặc từ ngày\) \(dòng 2\): Ngày không hợp lệ/);
    // The summary has the focus (public/app.js), and its link leads to the field.
    await waitForFocus(page, 'error-summary');
    await assertAccessible(page);
    if (process.env.CALENDAR_SCREENSHOTS) await page.screenshot({ path: `${process.env.CALENDAR_SCREENSHOTS}/admin-error.png`, fullPage: true });
    await summary.getByRole('link').first().click();
    assert.equal(await page.evaluate('document.activeElement?.id'), 'entries-1-date');
    await page.getByLabel('Xóa dòng (dòng 2)').check();
    await page.getByRole('button', { name: 'Lưu lịch năm 2027' }).click();
    assert.match(await page.getByRole('status').innerText(), /Đã lưu lịch nghỉ chính thức năm 2027/);
    const result = page.getByRole('table', { name: 'Lịch nghỉ năm 2027 sau khi áp dụng' });
    assert.ok(await result.getByRole('cell', { name: 'Tết Nguyên Đán (28 tháng Chạp)' }).isVisible());
    assert.equal(await page.getByLabel('Ngày (hoặc từ ngày) (dòng 2)').inputValue(), '', 'the removed row is gone');
  });
});
