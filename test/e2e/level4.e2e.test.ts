// The combined Level-4 browser journey (issue 12): ONE citizen, on one server with the payment platform and postal
// service simulators, applies online for the fee-bearing demo procedure (src/seed/fees.ts: the copyright
// registration certificate charges its lệ phí before submission), pays on the simulator's page, asks for the result
// by post; the officers handle it in their browser (reception, specialist, head, leader); the leader generates and
// signs the electronic result; the signed result appears on the citizen's dossier page with a download; the public
// verification page confirms it (the QR code's URL, and the downloaded file checked against it); the reception
// sends the result by post and the postal service's control page delivers it. axe-core on our pages; the citizen
// on a 360 px wide phone, without horizontal scrolling.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_FEE_PROCEDURE, seedDemoFees } from '../../src/seed/fees.ts';
import { assertAccessible, startBrowserServer } from '../helpers/browser.ts';

/** A minimal valid PDF (detected as application/pdf by its content). */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');
const PHONE = { width: 360, height: 740 };

describe('journey: Level 4 — pay online, signed electronic result, verified, delivered by post', async () => {
  const server = await startBrowserServer({ payment: true, postal: true });
  const { ctx } = server;
  const payment = server.payment!;
  const postal = server.postal!;
  assert.equal(await seedDemoFees(ctx), true, 'the demo fee rules are loaded on the fee-bearing procedure');

  /** Our page passes axe-core and, at 360 px, has no horizontal scrolling. */
  async function checked(page: Page) {
    await assertAccessible(page);
    const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'));
    assert.ok(overflow <= 0, `${page.url()}: horizontal overflow of ${overflow}px at ${page.viewportSize()?.width}px`);
  }

  /** Officers' pages, each signed in once and kept for the journey (the reception comes back to send the result). */
  const officers = new Map<string, Page>();
  async function officer(username: string): Promise<Page> {
    let page = officers.get(username);
    if (!page) officers.set(username, (page = await server.signIn(username)));
    return page;
  }

  /** Opens the dossier from the officer's queue (an officer just signed in is on it already: their start page). */
  async function openFromQueue(page: Page, code: string, id: string) {
    if (!/\/can-bo$/.test(page.url())) {
      await page.getByRole('link', { name: 'Một cửa / Xử lý hồ sơ' }).click();
      await page.waitForURL(/\/can-bo$/);
    }
    await page.getByRole('link', { name: code }).click();
    await page.waitForURL(new RegExp(`/can-bo/ho-so/${id}$`));
    await assertAccessible(page);
  }

  async function act(page: Page, action: string, id: string) {
    await page.locator(`#action-${action} button[type=submit]`).click();
    await page.waitForURL(new RegExp(`/can-bo/ho-so/${id}\\?ok=${action}`));
    assert.ok(await page.locator('.notice.success').isVisible());
  }

  it('one citizen, one dossier, from the e-form to the result delivered by post', async () => {
    const dossierRow = (id: string) =>
      ctx.db.selectFrom('dossiers').select(['status', 'code', 'paid_online', 'electronic_result', 'return_method']).where('id', '=', id).executeTakeFirstOrThrow();

    // 1. The citizen applies online on a phone: e-form, attachments, check-answers with the fee, "submit and pay".
    // The citizen's phone stays signed in for the whole journey.
    const citizen = await server.signIn('demo.congdan', PHONE);
    await citizen.goto(`/nop-ho-so/${DEMO_FEE_PROCEDURE}`);
    await checked(citizen);
    await citizen.getByRole('button', { name: 'Bắt đầu' }).click();
    await citizen.waitForURL(/\/ho-so\/[0-9a-f-]+\/to-khai$/);
    const id = /\/ho-so\/([0-9a-f-]+)\/to-khai$/.exec(citizen.url())![1]!;
    await citizen.getByLabel('Số điện thoại').fill('0912345678');
    await citizen.getByLabel('Nội dung yêu cầu').fill('Đăng ký quyền tác giả cho tác phẩm văn học "Mùa thu Hà Nội".');
    await checked(citizen);
    await citizen.getByRole('button', { name: 'Lưu và tiếp tục' }).click();
    await citizen.waitForURL(/\/giay-to$/);
    const required = citizen.locator('.dv-document').filter({ hasText: 'bắt buộc' });
    const count = await required.count();
    assert.ok(count >= 1);
    for (let i = 0; i < count; i++) await required.nth(i).locator('input[type=file]').setInputFiles({ name: `giay-to-${i + 1}.pdf`, mimeType: 'application/pdf', buffer: PDF });
    await citizen.getByRole('button', { name: 'Tải lên và tiếp tục' }).click();
    await citizen.waitForURL(/\/kiem-tra$/);
    assert.match(await citizen.locator('body').innerText(), /100\.000/, 'the fee is shown on check-answers');
    await checked(citizen);
    await citizen.getByLabel('Tôi xin cam đoan').check();
    await citizen.getByRole('button', { name: 'Nộp hồ sơ và thanh toán' }).click();

    // 2. Straight to the payment; on the payment platform's own page (another origin) an e-wallet pays.
    await citizen.waitForURL((url) => url.pathname === `/ho-so/${id}/thanh-toan`);
    assert.match(await citizen.locator('#so-tien').innerText(), /100\.000/);
    await checked(citizen);
    assert.deepEqual(await dossierRow(id), { status: null, code: null, paid_online: false, electronic_result: false, return_method: null });
    await citizen.getByRole('button', { name: 'Thanh toán trực tuyến' }).click();
    await citizen.waitForURL((url) => url.pathname.includes('/thanh-toan/don/'));
    await checked(citizen);
    await citizen.getByRole('link', { name: 'Sang Cổng thanh toán Quốc gia' }).click();
    await citizen.waitForURL((url) => url.href.startsWith(`${payment.url}/pay/`));
    await citizen.getByLabel('Ví MoMo').check();
    await citizen.getByRole('button', { name: 'Thanh toán / Pay' }).click();
    await citizen.waitForURL((url) => url.pathname === '/thanh-toan/ket-qua');
    assert.equal(await citizen.locator('#ket-qua').getAttribute('data-status'), 'paid');
    await checked(citizen);
    await citizen.getByRole('link', { name: 'Về trang hồ sơ' }).click();
    await citizen.waitForURL((url) => url.pathname === `/ho-so/${id}`);
    const submitted = await dossierRow(id);
    assert.equal(submitted.status, 1, 'the payment submitted the dossier');
    assert.equal(submitted.paid_online, true);
    const code = submitted.code!;
    assert.ok((await citizen.locator('h1').innerText()).includes(code));
    assert.deepEqual(payment.orders().map((o) => [o.status, o.bankCode]), [['paid', 'MOMO']]);

    // 3. The citizen asks for the result by post (post-2025 province and commune pickers).
    await citizen.goto(`/ho-so/${id}/buu-chinh`);
    await citizen.getByLabel('Họ và tên người nhận').fill('Nguyễn Văn An');
    await citizen.getByLabel('Số điện thoại người nhận').fill('0912345678');
    await citizen.getByLabel('Số nhà, đường, thôn/ấp').fill('Số 12 đường Nguyễn Đáng');
    await citizen.getByLabel('Tỉnh/thành phố').selectOption({ label: 'Tỉnh Vĩnh Long' });
    await citizen.locator('#communeCode option[value="29242"]').waitFor({ state: 'attached' });
    await citizen.getByLabel('Xã/phường/đặc khu').selectOption({ label: 'Phường Trà Vinh' });
    await citizen.getByRole('button', { name: 'Nhận kết quả qua bưu chính' }).click();
    await citizen.waitForURL(/\?ok=1$/);
    await checked(citizen);

    // 4. The officers handle it in their browsers: reception accepts and forwards, the specialist and the head forward.
    for (const [username, actions] of [
      ['demo.motcua', ['accept', 'forward']],
      ['demo.chuyenvien', ['forward']],
      ['demo.truongphong', ['forward']],
    ] as const) {
      const page = await officer(username);
      await openFromQueue(page, code, id);
      for (const action of actions) await act(page, action, id);
    }
    assert.equal((await dossierRow(id)).status, 4);

    // 5. The leader generates and signs the electronic result, then records the result.
    const leader = await officer('demo.lanhdao');
    await openFromQueue(leader, code, id);
    await leader.getByRole('link', { name: 'Tạo, tải lên hoặc thu hồi kết quả điện tử có ký số' }).click();
    await leader.waitForURL(new RegExp(`/can-bo/ho-so/${id}/ket-qua-dien-tu$`));
    await assertAccessible(leader);
    await leader.getByRole('button', { name: 'Tạo và ký số kết quả' }).click();
    await leader.waitForURL(/ma=/);
    const verification = new URL(leader.url()).searchParams.get('ma')!;
    assert.match(verification, /^[0-9A-HJKMNP-TV-Z]{12}$/);
    await leader.getByRole('status').waitFor();
    await assertAccessible(leader);
    await leader.goto(`/can-bo/ho-so/${id}`);
    await act(leader, 'record_result', id);
    const resolved = await dossierRow(id);
    assert.equal(resolved.status, 9);
    assert.equal(resolved.electronic_result, true, 'derived from the signed result');

    // 6. The citizen finds the signed result on the dossier page, with its download.
    await citizen.goto(`/ho-so/${id}`);
    await citizen.getByRole('heading', { name: 'Kết quả điện tử' }).waitFor();
    const link = citizen.locator('#ket-qua-dien-tu').getByRole('link', { name: 'Tải kết quả (PDF)' });
    const href = await link.getAttribute('href');
    assert.equal(href, `/api/results/${verification}/file`);
    await checked(citizen);
    const file = await citizen.request.get(href!);
    assert.equal(file.status(), 200);
    assert.equal(file.headers()['content-type'], 'application/pdf');
    const pdf = await file.body();
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    assert.equal((await ctx.services.results.verifyBytes(pdf)).state, 'genuine', 'the downloaded file is signed and trusted');

    // 7. The public verification page: the QR code's URL, then the downloaded file checked against the code.
    const visitor = await server.newPage(PHONE);
    await visitor.goto(`/xac-thuc/${verification}`);
    await visitor.getByRole('heading', { name: 'Kết quả hợp lệ' }).waitFor();
    assert.ok((await visitor.locator('body').innerText()).includes(code));
    await checked(visitor);
    await visitor.goto('/xac-thuc');
    await visitor.getByLabel('Mã xác thực').fill(`${verification.slice(0, 4)}-${verification.slice(4, 8)}-${verification.slice(8)}`.toLowerCase());
    await visitor.getByLabel('Tệp kết quả PDF (không bắt buộc)').setInputFiles({ name: 'ket-qua.pdf', mimeType: 'application/pdf', buffer: pdf });
    await visitor.getByRole('button', { name: 'Kiểm tra' }).click();
    await visitor.locator('[data-state="genuine"]').first().waitFor();
    assert.match(await visitor.locator('body').innerText(), /trùng khớp/);
    await checked(visitor);
    await visitor.context().close();

    // 8. The reception sends the result by post from the dossier's postal page.
    const reception = await officer('demo.motcua');
    await reception.goto(`/can-bo/ho-so/${id}`);
    await reception.getByRole('link', { name: 'Địa chỉ nhận, gửi kết quả qua bưu chính, hành trình bưu gửi' }).click();
    await reception.waitForURL(new RegExp(`/can-bo/ho-so/${id}/buu-chinh$`));
    await assertAccessible(reception);
    await reception.getByLabel('Khối lượng bưu gửi (gam)').fill('120');
    await reception.getByRole('button', { name: 'Gửi kết quả qua bưu chính' }).click();
    await reception.waitForURL(new RegExp(`/can-bo/ho-so/${id}/buu-chinh$`));
    const tracking = (await reception.locator('.postal-shipment').getAttribute('data-tracking'))!;
    assert.match(tracking, /^RR[0-9]{9}VN$/);
    const returned = await dossierRow(id);
    assert.deepEqual([returned.status, returned.return_method], [10, 'post']);

    // 9. The postal service's control page carries it to the citizen (each step a signed webhook to our server).
    const post = await server.browser.newPage();
    await post.goto(`${postal.url}/`);
    for (const [button, status] of [
      ['Nhận bưu gửi (accepted)', 'accepted'],
      ['Vận chuyển (in transit)', 'in_transit'],
      ['Phát thành công (delivered)', 'delivered'],
    ] as const) {
      await post.getByRole('row', { name: new RegExp(tracking) }).getByRole('button', { name: button }).click();
      await post.waitForLoadState();
      const shipment = await ctx.db.selectFrom('postal_shipments').select('status').where('tracking_number', '=', tracking).executeTakeFirstOrThrow();
      assert.equal(shipment.status, status);
    }
    await post.close();

    // 10. The citizen sees it delivered; the dossier keeps its signed result and its paid fee.
    await citizen.goto(`/ho-so/${id}/buu-chinh`);
    assert.ok(await citizen.locator('.postal-status[data-status="delivered"]').isVisible());
    await checked(citizen);
    await citizen.goto(`/ho-so/${id}`);
    assert.ok(await citizen.locator('#ket-qua-dien-tu').isVisible());
    await citizen.context().close();
    assert.deepEqual(await dossierRow(id), { status: 10, code, paid_online: true, electronic_result: true, return_method: 'post' });
  });
});
