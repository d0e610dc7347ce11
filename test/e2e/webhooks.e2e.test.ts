// Browser journey of an administrator setting up a webhook, 360 px wide, without JavaScript needed: the /quan-tri
// hub → the webhooks page → the form (agency picker, event checkboxes) → the secret shown once → a dossier submitted
// arrives at the receiver simulator, signed → the delivery log → "Gửi lại". axe-core on every page; nothing wider
// than the screen.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { startWebhookReceiver } from '../../src/simulators/webhook-receiver.ts';
import { assertAccessible, startBrowserServer } from '../helpers/browser.ts';
import { newCitizen, submittedDossier } from '../helpers/dossiers.ts';

async function fitsTheScreen(page: Page): Promise<void> {
  const scroll = Number(await page.evaluate('document.documentElement.scrollWidth'));
  const width = Number(await page.evaluate('window.innerWidth'));
  assert.ok(scroll <= width, `${page.url()} is ${scroll}px wide on a ${width}px screen`);
}

describe('journey: an administrator subscribes another system to dossier events', async () => {
  const server = await startBrowserServer({ config: { WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'true' } });
  const { ctx } = server;
  const receiver = await startWebhookReceiver();
  after(() => receiver.close());
  const SIZE = { width: 360, height: 780 };

  it('hub → form → secret once → a signed delivery → the log → send again', async () => {
    const admin = await server.signIn('demo.quantri', SIZE);
    await admin.goto('/quan-tri');
    await admin.getByRole('link', { name: 'Webhook', exact: true }).click();
    await admin.waitForURL(/\/quan-tri\/webhook$/);
    await assertAccessible(admin);
    await fitsTheScreen(admin);

    await admin.getByRole('link', { name: 'Thêm đăng ký' }).click();
    await admin.waitForURL(/\/quan-tri\/webhook\/them$/);
    await assertAccessible(admin);
    await fitsTheScreen(admin);
    // Saved without an event: the error summary, the choices kept.
    await admin.getByLabel('Tên đăng ký').fill('Hệ thống một cửa điện tử tỉnh');
    await admin.getByLabel('Địa chỉ nhận (URL)').fill(receiver.endpoint);
    await admin.getByRole('combobox', { name: /^Cơ quan/ }).selectOption({ label: '— Cục Bản quyền tác giả (000.00.12.G14)' });
    await admin.getByRole('button', { name: 'Lưu' }).click();
    assert.ok(await admin.getByText('Hãy chọn ít nhất một loại sự kiện.').first().isVisible());
    await assertAccessible(admin);
    await admin.getByLabel('Hồ sơ được nộp / tiếp nhận (dossier.submitted)').check();
    await admin.getByLabel('Hồ sơ chuyển bước hoặc đổi trạng thái (dossier.status_changed)').check();
    await admin.getByRole('button', { name: 'Lưu' }).click();

    // The secret, this once.
    const secret = await admin.locator('[data-secret]').inputValue();
    assert.match(secret, /^whsec_/);
    await assertAccessible(admin);
    await fitsTheScreen(admin);
    receiver.addSecret(secret);
    await admin.getByRole('link', { name: 'Đã lưu khóa — xem đăng ký' }).click();
    await admin.waitForURL(/\/quan-tri\/webhook\/[0-9a-f-]{36}$/);
    assert.equal(await admin.locator('[data-secret]').count(), 0);
    const subscriptionUrl = admin.url();

    // A dossier submitted at the Copyright Office: delivered (the job's work, run now), verified by the receiver.
    const dossier = await submittedDossier(ctx, await newCitizen(ctx));
    await ctx.services.webhooks.run();
    const got = receiver.received.find((r) => (r.event as { data: { dossierId: string } }).data.dossierId === dossier.id);
    assert.ok(got, 'the receiver accepted the signed delivery');
    assert.equal(receiver.refused.length, 0);

    await admin.goto(subscriptionUrl);
    await assertAccessible(admin);
    await fitsTheScreen(admin);
    const row = admin.locator('tr[data-status="delivered"]').first();
    assert.ok((await row.innerText()).includes(dossier.code));
    // "Send again" signs with the time of the new attempt: a later second than the first one's, so that the receiver
    // tells it from a replay (same id and timestamp).
    while (Math.floor(Date.now() / 1000) <= got.timestamp) await new Promise((resolve) => setTimeout(resolve, 50));
    await row.getByRole('button', { name: 'Gửi lại' }).click();
    await admin.waitForURL(/\?ok=resent$/);
    assert.ok(await admin.getByText('Đã xếp lần gửi vào hàng đợi để gửi lại.').isVisible());
    await assertAccessible(admin);
    await ctx.services.webhooks.run();
    assert.ok(receiver.received.some((r) => r.id === got.id && r.duplicate), 'sent again with the same webhook-id');
    await admin.context().close();
  });
});
