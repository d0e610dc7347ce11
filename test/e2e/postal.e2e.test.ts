// Browser journey of the result sent by post: the citizen asks for it on /ho-so/:id/buu-chinh (province → commune
// pickers, no JavaScript needed), the reception sends the result by post from the dossier's postal page, the
// shipment is pushed through the postal service simulator's own control page (a separate HTTP server whose signed
// webhooks reach the real server), and the citizen sees it delivered. Then the paper dossier sent by post: the
// citizen asks the post to collect it, the simulator delivers it at the agency, and the reception sees it marked
// "arrived by post". axe-core on the citizen's and officer's pages.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { assertAccessible, startBrowserServer } from '../helpers/browser.ts';
import { actorByUsername, submittedDossier } from '../helpers/dossiers.ts';

describe('journey: the result sent by post and delivered', async () => {
  const server = await startBrowserServer({ postal: true });
  const { ctx, browser } = server;
  const simulator = server.postal!;
  /** The citizen's and the reception's pages: each signed in once, kept for both journeys. */
  const pages = new Map<string, Page>();
  async function signIn(username: string): Promise<Page> {
    let page = pages.get(username);
    if (!page) pages.set(username, (page = await server.signIn(username)));
    return page;
  }

  it('the citizen chooses the post, the reception sends the result, the post delivers it', async () => {
    const citizen = await actorByUsername(ctx, 'demo.congdan');
    const { id } = await submittedDossier(ctx, citizen);

    // The citizen gives the delivery address; the communes appear once the province is chosen.
    let page = await signIn('demo.congdan');
    await page.goto(`/ho-so/${id}/buu-chinh`);
    await assertAccessible(page);
    await page.getByLabel('Họ và tên người nhận').fill('Nguyễn Văn An');
    await page.getByLabel('Số điện thoại người nhận').fill('0912345678');
    await page.getByLabel('Số nhà, đường, thôn/ấp').fill('Số 12 đường Nguyễn Đáng');
    // With JavaScript the communes load as soon as the province is chosen (the no-script button is hidden; the
    // form without JavaScript is tested in test/http/postal.test.ts).
    assert.equal(await page.getByRole('button', { name: 'Xem danh sách xã/phường' }).isVisible(), false);
    await page.getByLabel('Tỉnh/thành phố').selectOption({ label: 'Tỉnh Vĩnh Long' });
    await page.locator('#communeCode option[value="29242"]').waitFor({ state: 'attached' });
    await page.getByLabel('Xã/phường/đặc khu').selectOption({ label: 'Phường Trà Vinh' });
    assert.equal(await page.getByLabel('Họ và tên người nhận').inputValue(), 'Nguyễn Văn An', 'what was typed is kept');
    await page.getByRole('button', { name: 'Nhận kết quả qua bưu chính' }).click();
    await page.waitForURL(/\?ok=1$/);
    assert.ok(await page.getByText('Phường Trà Vinh, Tỉnh Vĩnh Long').isVisible());
    await assertAccessible(page);

    // The back office reaches the result (its own journey is back-office.e2e.test.ts).
    const [reception, specialist, head, leader] = await Promise.all(['demo.motcua', 'demo.chuyenvien', 'demo.truongphong', 'demo.lanhdao'].map((u) => actorByUsername(ctx, u)));
    for (const [actor, action] of [[reception, 'accept'], [reception, 'forward'], [specialist, 'forward'], [head, 'forward'], [leader, 'record_result']] as const) {
      await ctx.services.handling.act(actor!, id, action);
    }

    // The reception sends it by post from the dossier's postal page.
    page = await signIn('demo.motcua');
    await page.goto(`/can-bo/ho-so/${id}`);
    await page.getByRole('link', { name: 'Địa chỉ nhận, gửi kết quả qua bưu chính, hành trình bưu gửi' }).click();
    await page.waitForURL(new RegExp(`/can-bo/ho-so/${id}/buu-chinh$`));
    await assertAccessible(page);
    await page.getByLabel('Khối lượng bưu gửi (gam)').fill('120');
    await page.getByRole('button', { name: 'Gửi kết quả qua bưu chính' }).click();
    await page.waitForURL(new RegExp(`/can-bo/ho-so/${id}/buu-chinh$`));
    const tracking = (await page.locator('.postal-shipment').getAttribute('data-tracking'))!;
    assert.match(tracking, /^RR[0-9]{9}VN$/);
    const row = await ctx.db.selectFrom('dossiers').select(['status', 'return_method']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual(row, { status: 10, return_method: 'post' });

    // The postal service's control page pushes the shipment along; each step is a signed webhook to the server.
    const post = await browser.newPage();
    await post.goto(`${simulator.url}/`);
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

    // The citizen sees it delivered, with its journey.
    page = await signIn('demo.congdan');
    await page.goto(`/ho-so/${id}/buu-chinh`);
    assert.ok(await page.locator('.postal-status[data-status="delivered"]').isVisible());
    assert.equal(await page.locator('.postal-events li').count(), 3);
    await assertAccessible(page);
  });

  it('the citizen sends the paper dossier by post; the post brings it; the reception sees it arrived', async () => {
    const citizen = await actorByUsername(ctx, 'demo.congdan');
    const { id } = await submittedDossier(ctx, citizen);

    // From the dossier's postal page to the pickup form (the same pickers), then the request.
    let page = await signIn('demo.congdan');
    await page.goto(`/ho-so/${id}/buu-chinh`);
    await page.getByRole('link', { name: 'Gửi hồ sơ giấy qua bưu chính' }).click();
    await page.waitForURL(new RegExp(`/ho-so/${id}/buu-chinh/gui-ho-so$`));
    await assertAccessible(page);
    await page.getByLabel('Họ và tên người gửi').fill('Nguyễn Văn An');
    await page.getByLabel('Số điện thoại người gửi').fill('0912345678');
    await page.getByLabel('Số nhà, đường, thôn/ấp').fill('Số 5 phố Tràng Tiền');
    await page.getByLabel('Tỉnh/thành phố').selectOption({ label: 'Thành phố Hà Nội' });
    await page.locator('#communeCode option[value="00070"]').waitFor({ state: 'attached' });
    await page.getByLabel('Xã/phường/đặc khu').selectOption({ label: 'Phường Hoàn Kiếm' });
    await page.getByRole('button', { name: 'Gửi hồ sơ giấy qua bưu chính' }).click();
    await page.waitForURL(/\?pickup=1#gui-ho-so$/);
    assert.ok(await page.locator('.postal-pickup-status[data-status="created"]').isVisible());
    const tracking = (await page.locator('.postal-shipment').getAttribute('data-tracking'))!;
    await assertAccessible(page);

    // The postal service collects it and delivers it at the agency (its control page, signed webhooks).
    const post = await browser.newPage();
    await post.goto(`${simulator.url}/`);
    for (const button of ['Nhận bưu gửi (accepted)', 'Vận chuyển (in transit)', 'Phát thành công (delivered)']) {
      await post.getByRole('row', { name: new RegExp(tracking) }).getByRole('button', { name: button }).click();
      await post.waitForLoadState();
    }
    await post.close();
    const shipment = await ctx.db.selectFrom('postal_shipments').select(['kind', 'status']).where('tracking_number', '=', tracking).executeTakeFirstOrThrow();
    assert.deepEqual(shipment, { kind: 'dossier', status: 'delivered' });

    // The reception sees the mark on the dossier page and the paper in the postal page's list.
    page = await signIn('demo.motcua');
    await page.goto(`/can-bo/ho-so/${id}`);
    assert.ok(await page.locator('.postal-arrived').isVisible());
    await page.goto('/can-bo/buu-chinh');
    assert.ok(await page.getByRole('link', { name: (await ctx.db.selectFrom('dossiers').select('code').where('id', '=', id).executeTakeFirstOrThrow()).code! }).isVisible());
    await assertAccessible(page);

    // The citizen sees it arrived.
    page = await signIn('demo.congdan');
    await page.goto(`/ho-so/${id}/buu-chinh`);
    assert.ok(await page.locator('.postal-pickup-status[data-status="delivered"]').isVisible());
  });
});
