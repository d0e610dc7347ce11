// Browser journey of the e-office (issue 19), 360 px wide: the clerk registers a scanned incoming document (the
// form, the scan uploaded without JavaScript) and sends it to the leader; the leader assigns it with a deadline in
// working days; the specialist finds it in their list and adds an opinion, which the history shows. axe-core on
// every page; nothing wider than the screen. (The outgoing answer extends this journey.)
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { openPdf } from '../../src/core/pdf.ts';
import { addDays, vietnamDate } from '../../src/core/time.ts';
import { assertAccessible, startBrowserServer } from '../helpers/browser.ts';

async function fitsTheScreen(page: Page): Promise<void> {
  const scroll = Number(await page.evaluate('document.documentElement.scrollWidth'));
  const width = Number(await page.evaluate('window.innerWidth'));
  assert.ok(scroll <= width, `${page.url()} is ${scroll}px wide on a ${width}px screen`);
}

async function scannedLetter(): Promise<Buffer> {
  const { doc, done } = await openPdf({ size: 'A4' });
  doc.font('regular').fontSize(12).text('ỦY BAN NHÂN DÂN TỈNH TRÀ VINH').text('Số: 315/UBND-VX').text('V/v phối hợp tổ chức tuần lễ bản quyền tác giả');
  doc.end();
  return done;
}

describe('journey: an incoming document on a phone', async () => {
  const server = await startBrowserServer();
  const SIZE = { width: 360, height: 780 };

  it('clerk registers a scanned document → leader assigns it → specialist adds an opinion', async () => {
    const today = vietnamDate(new Date());
    // The clerk: from the back office's queue to the register, then the registration form.
    const clerk = await server.signIn('demo.motcua', SIZE);
    await clerk.goto('/can-bo');
    await clerk.getByRole('link', { name: 'Văn bản đến' }).click();
    await clerk.waitForURL(/\/can-bo\/van-ban-den$/);
    await assertAccessible(clerk);
    await fitsTheScreen(clerk);
    await clerk.getByRole('link', { name: 'Vào sổ văn bản đến' }).click();
    await clerk.waitForURL(/\/vao-so$/);
    await assertAccessible(clerk);
    await fitsTheScreen(clerk);
    await clerk.locator('#issuer').fill('Ủy ban nhân dân tỉnh Trà Vinh');
    await clerk.locator('#numberSymbol').fill('315/UBND-VX');
    await clerk.locator('#issuedOn').fill(addDays(today, -1));
    await clerk.locator('#docType').selectOption('official_letter');
    await clerk.locator('#excerpt').fill('V/v phối hợp tổ chức tuần lễ bản quyền tác giả');
    await clerk.locator('#urgency').selectOption('urgent');
    await clerk.locator('#scan').setInputFiles({ name: 'cv-315.pdf', mimeType: 'application/pdf', buffer: await scannedLetter() });
    await clerk.getByRole('button', { name: 'Vào sổ' }).click();
    await clerk.waitForURL(/\/can-bo\/van-ban-den\/[0-9a-f-]{36}\?moi=1$/, { timeout: 60_000 });
    assert.match(await clerk.locator('[role=status]').innerText(), /Đã vào sổ văn bản đến, số đến \d+\/\d{4}/);
    assert.match(await clerk.locator('dl').innerText(), /cv-315\.pdf/);
    await assertAccessible(clerk);
    await fitsTheScreen(clerk);
    const url = clerk.url().split('?')[0]!;
    await clerk.locator('#leaderId').selectOption({ label: 'Hoàng Văn Nam' });
    await clerk.getByRole('button', { name: 'Trình lãnh đạo' }).click();
    await clerk.waitForURL(url);
    assert.match(await clerk.locator('.timeline').innerText(), /Trình lãnh đạo Hoàng Văn Nam/);
    await clerk.context().close();

    // The leader: a deadline already past is refused, then the document is assigned in working days.
    const leader = await server.signIn('demo.lanhdao', SIZE);
    await leader.goto(url);
    await assertAccessible(leader);
    await fitsTheScreen(leader);
    await leader.locator('#leadId').selectOption({ label: 'Phạm Quốc Huy' });
    await leader.locator('#deadline').fill(addDays(today, -1));
    await leader.getByRole('button', { name: 'Giao xử lý' }).click();
    assert.match(await leader.locator('.error-summary').innerText(), /không được trước ngày hôm nay/);
    await assertAccessible(leader);
    await leader.locator('#leadId').selectOption({ label: 'Phạm Quốc Huy' });
    await leader.locator('#deadline').fill('');
    await leader.locator('#workingDays').fill('5');
    await leader.getByRole('button', { name: 'Giao xử lý' }).click();
    await leader.waitForURL(url);
    assert.match(await leader.locator('.timeline').innerText(), /Giao chủ trì: Phạm Quốc Huy/);
    // The report: received by type and urgency, handling by department, the overdue list.
    await leader.goto('/can-bo/van-ban-den/bao-cao');
    assert.match(await leader.locator('main').innerText(), /Công văn[\s\S]*Khẩn/);
    await assertAccessible(leader);
    await fitsTheScreen(leader);
    await leader.context().close();

    // The specialist: the document in "assigned to me", an opinion, the history.
    const specialist = await server.signIn('demo.chuyenvien', SIZE);
    await specialist.goto('/can-bo/van-ban-den?mine=1');
    await assertAccessible(specialist);
    await fitsTheScreen(specialist);
    await specialist.getByRole('link', { name: /^\d+\/\d{4}$/ }).first().click();
    await specialist.waitForURL(url);
    await specialist.locator('#text').fill('Đề nghị phòng Quyền tác giả chủ trì, dự thảo văn bản trả lời trước ngày họp.');
    await specialist.getByRole('button', { name: 'Ý kiến xử lý' }).click();
    await specialist.waitForURL(url);
    assert.match(await specialist.locator('.timeline').innerText(), /Ý kiến: Đề nghị phòng Quyền tác giả chủ trì/);
    assert.match(await specialist.locator('dl').innerText(), /Đang xử lý/);
    await assertAccessible(specialist);
    await fitsTheScreen(specialist);
    await specialist.context().close();
  });
});
