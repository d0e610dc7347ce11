// Browser journey of the PAR Index, 360 px wide: the list → an assessment in progress (self-assessment form,
// evidence upload, proposals) → the ranking → a criteria tree. axe-core on every page; nothing wider than the screen.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { seedDemoParIndex } from '../../src/seed/parindex.ts';
import { assertAccessible, startBrowserServer } from '../helpers/browser.ts';

async function fitsTheScreen(page: Page): Promise<void> {
  const scroll = Number(await page.evaluate('document.documentElement.scrollWidth'));
  const width = Number(await page.evaluate('window.innerWidth'));
  assert.ok(scroll <= width, `${page.url()} is ${scroll}px wide on a ${width}px screen`);
}

describe('journey: the PAR Index on a phone', async () => {
  const server = await startBrowserServer();
  const SIZE = { width: 360, height: 780 };

  it('list → self-assessment (an error, then saved) → ranking → tree', async () => {
    assert.equal(await seedDemoParIndex(server.ctx), 4);
    const admin = await server.signIn('demo.quantri', SIZE);
    await admin.goto('/quan-tri/chi-so-cchc');
    await assertAccessible(admin);
    await fitsTheScreen(admin);

    // The 2026 self-assessment in progress (the list: newest year first).
    await admin.locator('a', { hasText: 'Bộ Văn hóa, Thể thao và Du lịch' }).first().click();
    await admin.waitForURL(/\/danh-gia\/[0-9a-f-]{36}$/);
    await assertAccessible(admin);
    await fitsTheScreen(admin);
    await admin.getByLabel('Điểm tự đánh giá').first().fill('5');
    await admin.getByRole('button', { name: 'Lưu điểm tự đánh giá' }).click();
    assert.ok(await admin.locator('.error-summary').isVisible());
    assert.match(await admin.locator('.error-summary').innerText(), /vượt điểm tối đa/);
    await assertAccessible(admin);
    await admin.getByLabel('Điểm tự đánh giá').first().fill('1');
    await admin.getByRole('button', { name: 'Lưu điểm tự đánh giá' }).click();
    await admin.waitForURL(/\?ok=saved$/);

    await admin.goto('/quan-tri/chi-so-cchc/xep-hang?loai=ministry&nam=2025');
    await assertAccessible(admin);
    await fitsTheScreen(admin);
    assert.match(await admin.locator('table').innerText(), /Bộ Văn hóa, Thể thao và Du lịch[\s\S]*\d+,\d\d%/);

    await admin.goto('/quan-tri/chi-so-cchc/bo-tieu-chi');
    await admin.getByRole('link', { name: /cấp bộ 2026/ }).click();
    await assertAccessible(admin);
    await fitsTheScreen(admin);
    await admin.context().close();
  });
});
