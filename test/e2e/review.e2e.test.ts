// Browser journey of the procedure review, 360 px wide: the list → the demo review → a procedure's sheet (a
// negative amount refused with the summary linked to the row, then saved) and its proposal → the evidence page
// (chart and tables) → the report. axe-core on every page; nothing wider than the screen.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { seedDemoReview } from '../../src/modules/review/review.demo.ts';
import { assertAccessible, startBrowserServer } from '../helpers/browser.ts';

async function fitsTheScreen(page: Page): Promise<void> {
  const scroll = Number(await page.evaluate('document.documentElement.scrollWidth'));
  const width = Number(await page.evaluate('window.innerWidth'));
  assert.ok(scroll <= width, `${page.url()} is ${scroll}px wide on a ${width}px screen`);
}

describe('journey: the procedure review on a phone', async () => {
  const server = await startBrowserServer();
  const SIZE = { width: 360, height: 780 };

  it('list → review → sheet (an error, then saved) → evidence → report', async () => {
    assert.equal(await seedDemoReview(server.ctx), 2);
    const page = await server.signIn('demo.chuyenvien', SIZE);
    await page.goto('/quan-tri/ra-soat-tthc');
    await assertAccessible(page);
    await fitsTheScreen(page);
    await page.locator('a', { hasText: 'Cục Bản quyền tác giả' }).first().click();
    await page.waitForURL(/\/ra-soat-tthc\/[0-9a-f-]{36}$/);
    await assertAccessible(page);
    await fitsTheScreen(page);
    await page.locator('table a').first().click();
    await page.waitForURL(/\/thu-tuc\/[0-9a-f-]{36}$/);
    await assertAccessible(page);
    await fitsTheScreen(page);

    await page.locator('#before-rows-0-amountVnd').fill('-5');
    await page.getByRole('button', { name: 'Lưu bảng tính' }).click();
    assert.ok(await page.locator('.error-summary').isVisible());
    assert.match(await page.locator('.error-summary').innerText(), /Dòng 1 .*không được âm/);
    await assertAccessible(page);
    await page.locator('#before-rows-0-amountVnd').fill('0');
    await page.getByRole('button', { name: 'Lưu bảng tính' }).click();
    await page.waitForURL(/\?ok=saved$/);

    await page.getByRole('link', { name: /Số liệu thực tế/ }).click();
    await assertAccessible(page);
    await fitsTheScreen(page);
    assert.ok(await page.locator('svg[role="img"]').isVisible());

    await page.goBack();
    await page.getByRole('link', { name: 'Về đợt rà soát' }).click();
    await page.getByRole('link', { name: /Báo cáo kết quả rà soát/ }).click();
    await assertAccessible(page);
    await fitsTheScreen(page);
    assert.match(await page.locator('h1').innerText(), /BÁO CÁO KẾT QUẢ RÀ SOÁT/);
    await page.context().close();
  });
});
