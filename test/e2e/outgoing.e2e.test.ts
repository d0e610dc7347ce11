// Browser journeys of outgoing documents, 360 px wide: a specialist answers an incoming document with an outgoing
// document that the leader approves, signs and issues (the incoming document is then answered); a dossier's result
// issued as an outgoing document from the officer's dossier page (the dossier page then shows its number). axe-core
// on every page; nothing wider than the screen.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { DossierStatus } from '../../src/db/schema.ts';
import { actorByUsername, submittedDossier } from '../helpers/dossiers.ts';
import { assertAccessible, startBrowserServer } from '../helpers/browser.ts';

async function fitsTheScreen(page: Page): Promise<void> {
  const scroll = Number(await page.evaluate('document.documentElement.scrollWidth'));
  const width = Number(await page.evaluate('window.innerWidth'));
  assert.ok(scroll <= width, `${page.url()} is ${scroll}px wide on a ${width}px screen`);
}

async function check(page: Page): Promise<void> {
  await assertAccessible(page);
  await fitsTheScreen(page);
}

describe('journeys: outgoing documents on a phone', async () => {
  const server = await startBrowserServer();
  const ctx = server.ctx;
  const SIZE = { width: 360, height: 780 };
  const office = await ctx.db.selectFrom('agencies').select(['id', 'code']).where('code', '=', '000.00.12.G14').executeTakeFirstOrThrow();
  const leader = await actorByUsername(ctx, 'demo.lanhdao');
  // Official letters: one step, the leader by name; decisions: no chain (straight to the signer).
  await ctx.services.outgoing.saveChain(leader, office.code, 'official_letter', [{ accountId: leader.id }]);

  it('a specialist answers an incoming document; the leader approves, signs and issues it', async () => {
    const received = await ctx.services.incoming.registerReceived({ agencyId: office.id, issuer: 'Sở Văn hóa, Thể thao và Du lịch tỉnh Trà Vinh', numberSymbol: '45/SVHTTDL-QLVH', issuedOn: '2026-11-20', docType: 'official_letter', excerpt: 'V/v hỏi về thủ tục đăng ký quyền tác giả', senderCode: '000.20.00.H59', packageId: 'e2e-answer-1' });
    const specialist = await server.signIn('demo.chuyenvien', SIZE);
    await specialist.goto('/can-bo');
    await specialist.getByRole('link', { name: 'Văn bản đi' }).click();
    await specialist.waitForURL(/\/can-bo\/van-ban-di$/);
    await check(specialist);
    await specialist.goto(`/can-bo/van-ban-di/moi?vanBanDen=${received.id}`);
    await check(specialist);
    assert.match(await specialist.locator('main').innerText(), /45\/SVHTTDL-QLVH/);
    await specialist.getByLabel('Nội dung văn bản').fill('Cục Bản quyền tác giả trả lời như sau: hồ sơ gồm tờ khai và hai bản sao tác phẩm.');
    await specialist.getByRole('button', { name: 'Lưu dự thảo' }).click();
    // Without a signer: the form comes back with the error summary.
    assert.ok(await specialist.locator('.error-summary').isVisible());
    await check(specialist);
    await specialist.getByLabel('Người ký', { exact: true }).selectOption({ label: 'Hoàng Văn Nam' });
    await specialist.getByLabel('Chức vụ người ký').fill('Cục trưởng');
    await specialist.getByRole('button', { name: 'Lưu dự thảo' }).click();
    await specialist.waitForURL(/\/can-bo\/van-ban-di\/[0-9a-f-]{36}$/);
    await check(specialist);
    await specialist.getByRole('button', { name: 'Trình duyệt' }).click();
    await specialist.waitForURL(/\/can-bo\/van-ban-di\/[0-9a-f-]{36}$/);
    assert.equal(await specialist.locator('#outgoing-status').innerText(), 'Đang trình duyệt');
    const url = new URL(specialist.url()).pathname;
    await specialist.context().close();

    const boss = await server.signIn('demo.lanhdao', SIZE);
    await boss.goto('/can-bo/van-ban-di');
    assert.match(await boss.locator('main').innerText(), /Chờ ông\/bà xử lý/);
    await boss.goto(url);
    await check(boss);
    await boss.getByRole('button', { name: 'Đồng ý' }).click();
    await boss.waitForURL(url);
    await boss.getByRole('button', { name: 'Ký số và ban hành' }).click();
    await boss.waitForURL(url);
    await check(boss);
    assert.equal(await boss.locator('#outgoing-status').innerText(), 'Đã ban hành');
    assert.match(await boss.locator('#outgoing-number').innerText(), /^\d{2,}\/CBQTG$/);
    const pdf = await boss.request.get(`${url}/van-ban.pdf`);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    await boss.context().close();
    const incoming = await ctx.db.selectFrom('incoming_documents').select(['status', 'outgoing_id']).where('id', '=', received.id).executeTakeFirstOrThrow();
    assert.equal(incoming.status, 'answered');
    assert.equal(incoming.outgoing_id, url.split('/').pop());
  });

  it("a dossier's result issued as an outgoing document, shown on the dossier page", async () => {
    const citizen = await actorByUsername(ctx, 'demo.congdan');
    const dossier = await submittedDossier(ctx, citizen);
    await ctx.db.updateTable('dossiers').set({ status: 4 as DossierStatus }).where('id', '=', dossier.id).execute();
    const specialist = await server.signIn('demo.chuyenvien', SIZE);
    await specialist.goto(`/can-bo/ho-so/${dossier.id}`);
    await specialist.getByRole('link', { name: 'Ban hành kết quả thành văn bản' }).click();
    await specialist.waitForURL(/\/can-bo\/van-ban-di\/moi\?hoSo=/);
    await check(specialist);
    assert.equal(await specialist.getByLabel('Loại văn bản').inputValue(), 'decision');
    await specialist.getByLabel('Người ký', { exact: true }).selectOption({ label: 'Hoàng Văn Nam' });
    await specialist.getByLabel('Chức vụ người ký').fill('Cục trưởng');
    await specialist.getByRole('button', { name: 'Lưu dự thảo' }).click();
    await specialist.waitForURL(/\/can-bo\/van-ban-di\/[0-9a-f-]{36}$/);
    await specialist.getByRole('button', { name: 'Trình duyệt' }).click();
    await specialist.waitForURL(/\/can-bo\/van-ban-di\/[0-9a-f-]{36}$/);
    const url = new URL(specialist.url()).pathname;
    await specialist.context().close();

    const boss = await server.signIn('demo.lanhdao', SIZE);
    await boss.goto(url);
    await boss.getByRole('button', { name: 'Ký số và ban hành' }).click();
    await boss.waitForURL(url);
    const number = await boss.locator('#outgoing-number').innerText();
    assert.match(number, /\/QĐ-CBQTG$/);
    await boss.locator('#outgoing-dossier').click();
    await boss.waitForURL(`**/can-bo/ho-so/${dossier.id}`);
    await check(boss);
    assert.equal(await boss.locator('a.outgoing-doc').innerText(), number);
    await boss.context().close();
    const result = await ctx.db.selectFrom('dossier_results').select('code').where('dossier_id', '=', dossier.id).executeTakeFirst();
    assert.ok(result, 'the signed document is the dossier’s result');
  });
});
