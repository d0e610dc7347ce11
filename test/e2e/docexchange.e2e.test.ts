// Browser journey of the document exchange's partners page, 360 px wide: the page (our code and public key) → the
// partner form sent empty (the error summary linked to the fields) → a partner saved and listed. axe-core on every
// page; nothing wider than the screen.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { generateSigningKey } from '../../src/modules/docexchange/docexchange.crypto.ts';
import { assertAccessible, startBrowserServer } from '../helpers/browser.ts';

async function fitsTheScreen(page: Page): Promise<void> {
  const scroll = Number(await page.evaluate('document.documentElement.scrollWidth'));
  const width = Number(await page.evaluate('window.innerWidth'));
  assert.ok(scroll <= width, `${page.url()} is ${scroll}px wide on a ${width}px screen`);
}

describe('journey: exchange partners on a phone', async () => {
  const server = await startBrowserServer();
  const SIZE = { width: 360, height: 780 };

  it('partners page → empty form refused → partner saved', async () => {
    const admin = await server.signIn('demo.quantri', SIZE);
    await admin.goto('/quan-tri/truc-lien-thong');
    await assertAccessible(admin);
    await fitsTheScreen(admin);
    assert.match(await admin.locator('[data-public-key]').inputValue(), /BEGIN PUBLIC KEY/);

    await admin.getByRole('link', { name: 'Thêm đối tác' }).click();
    await admin.getByRole('button', { name: 'Lưu' }).click();
    assert.ok(await admin.locator('.error-summary').isVisible());
    await assertAccessible(admin);
    await fitsTheScreen(admin);

    await admin.getByLabel('Mã định danh cơ quan trên trục (OrganId)').fill('000.00.00.H29.CT');
    await admin.getByLabel('Tên cơ quan').fill('Cục Thuế tỉnh');
    await admin.getByLabel('Khóa công khai Ed25519 (PEM)').fill(generateSigningKey().publicKey);
    await admin.getByRole('button', { name: 'Lưu' }).click();
    await admin.waitForURL(/\?ok=1$/);
    assert.match(await admin.locator('[data-partner="000.00.00.H29.CT"]').innerText(), /Cục Thuế tỉnh/);
    await assertAccessible(admin);
    await fitsTheScreen(admin);
    await admin.context().close();
  });
});
