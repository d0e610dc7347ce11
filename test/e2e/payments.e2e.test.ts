// Browser journey of an online payment: a citizen whose dossier waits for fees opens its payment page, goes to the
// payment platform simulator (a separate HTTP server with its own page), chooses an e-wallet and pays; the
// simulator's signed callback reaches the real server over HTTP and the browser returns to our result page; the
// receipt is on the dossier's payment page; a procedure charging its fees before submission goes from check-answers
// straight to the payment, and the payment submits the dossier. axe-core on our pages.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { assertAccessible, startBrowserServer } from '../helpers/browser.ts';
import { actorByUsername, COPYRIGHT_PROCEDURE, submittedDossier, upload } from '../helpers/dossiers.ts';

describe('journey: the citizen pays the fees on the payment platform and sees the receipt', async () => {
  const server = await startBrowserServer({ payment: true });
  const { ctx } = server;
  const simulator = server.payment!;
  /** The citizen's page: signed in once, kept for the three journeys (each starts with its own `goto`). */
  let citizenPage: Page | undefined;
  const signIn = async (username: string): Promise<Page> =>
    username === 'demo.congdan' ? (citizenPage ??= await server.signIn(username)) : server.signIn(username);

  it('pays 150.000 ₫ with an e-wallet on the simulator’s page; the receipt is on the dossier', async () => {
    const citizen = await actorByUsername(ctx, 'demo.congdan');
    const reception = await actorByUsername(ctx, 'demo.motcua');
    const { id, code } = await submittedDossier(ctx, citizen);
    await ctx.services.handling.act(reception, id, 'accept', {});
    await ctx.services.handling.act(reception, id, 'request_payment', { amountVnd: 150_000 });

    const page = await signIn('demo.congdan');
    await page.goto(`/ho-so/${id}/thanh-toan`);
    await assertAccessible(page);
    assert.match(await page.locator('#so-tien').innerText(), /150\.000/);
    await page.getByRole('button', { name: 'Thanh toán trực tuyến' }).click();
    await page.waitForURL((url) => url.pathname.includes('/thanh-toan/don/'));
    await assertAccessible(page);
    await page.getByRole('link', { name: 'Sang Cổng thanh toán Quốc gia' }).click();

    // The platform's own page (another origin).
    await page.waitForURL((url) => url.href.startsWith(`${simulator.url}/pay/`));
    assert.ok((await page.locator('h1').innerText()).includes(code));
    await page.getByLabel('Ví MoMo').check();
    await page.getByRole('button', { name: 'Thanh toán / Pay' }).click();

    // Back on our result page: the callback has already been handled (it is sent before the browser returns).
    await page.waitForURL((url) => url.pathname === '/thanh-toan/ket-qua');
    assert.equal(await page.locator('#ket-qua').getAttribute('data-status'), 'paid');
    await assertAccessible(page);
    await page.getByRole('link', { name: 'Về trang hồ sơ' }).click();
    await page.waitForURL((url) => url.pathname === `/ho-so/${id}`);

    await page.goto(`/ho-so/${id}/thanh-toan`);
    assert.ok(await page.locator('#da-nop').isVisible());
    const receipt = page.getByRole('link', { name: /Tải biên lai/ });
    const href = await receipt.getAttribute('href');
    assert.ok(href);
    const pdf = await page.request.get(href);
    assert.equal(pdf.status(), 200);
    assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
    const order = simulator.orders()[0]!;
    assert.deepEqual([order.status, order.bankCode, order.callbacks], ['paid', 'MOMO', [200]]);
  });

  it('the same with VietQR: the code on the payment page, the accountant confirms the transfer on their page', async () => {
    const citizen = await actorByUsername(ctx, 'demo.congdan');
    const reception = await actorByUsername(ctx, 'demo.motcua');
    const leader = await actorByUsername(ctx, 'demo.lanhdao');
    await ctx.db.insertInto('account_roles').values({ account_id: leader.id, role: 'accountant', agency_id: leader.roles[0]!.agencyId }).execute();
    const { id, code } = await submittedDossier(ctx, citizen);
    await ctx.services.handling.act(reception, id, 'accept', {});
    await ctx.services.handling.act(reception, id, 'request_payment', { amountVnd: 80_000 });

    const page = await signIn('demo.congdan');
    await page.goto(`/ho-so/${id}/thanh-toan`);
    await page.getByRole('button', { name: 'Hiện mã VietQR' }).click();
    await page.waitForURL((url) => url.hash === '#vietqr');
    assert.ok(await page.locator('#vietqr svg').isVisible(), 'the QR code is drawn');
    assert.ok((await page.locator('#vietqr-memo').innerText()).length > 0);
    await assertAccessible(page);

    const accountant = await signIn('demo.lanhdao');
    await accountant.goto('/ke-toan/thanh-toan');
    await assertAccessible(accountant);
    const row = accountant.locator('tr', { hasText: code });
    await row.getByLabel('Mã giao dịch ngân hàng').fill('FT26E2E0001');
    await row.getByRole('button', { name: 'Xác nhận đã nhận tiền' }).click();
    await accountant.waitForURL((url) => url.pathname === '/ke-toan/thanh-toan');
    assert.ok(await accountant.locator('#da-thu ~ .table-wrap', { hasText: 'FT26E2E0001' }).isVisible());

    await page.goto(`/ho-so/${id}/thanh-toan`);
    assert.ok(await page.locator('#da-nop').isVisible());
    assert.ok(await page.getByRole('link', { name: /Tải biên lai/ }).isVisible());
    const dossier = await ctx.db.selectFrom('dossiers').select(['status', 'paid_online']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual(dossier, { status: 4, paid_online: true });
  });
  it('fees charged before submission: check-answers → pay on the platform → the dossier is submitted with its code', async () => {
    // The copyright certificate charges its 100.000 ₫ lệ phí before submission (the demo's fee rules).
    await ctx.db
      .updateTable('procedure_versions')
      .set({ fee_rules: JSON.stringify({ charge: 'before_submission', lines: [{ label: 'Lệ phí cấp giấy chứng nhận', kind: 'le_phi', basis: 'fixed', amountVnd: 100_000 }] }) })
      .where('procedure_id', '=', ctx.db.selectFrom('procedures').select('id').where('code', '=', COPYRIGHT_PROCEDURE))
      .execute();
    const citizen = await actorByUsername(ctx, 'demo.congdan');
    const draft = await ctx.services.dossiers.createDraft(citizen, COPYRIGHT_PROCEDURE);
    await ctx.services.dossiers.saveForm(citizen, draft.id, { ...draft.form.data, requestContent: 'Đăng ký quyền tác giả cho tác phẩm "Mùa thu Hà Nội".' });
    for (const d of draft.documents.filter((x) => x.required)) await ctx.services.dossiers.addFile(citizen, draft.id, upload(d.documentId));

    const page = await signIn('demo.congdan');
    await page.goto(`/ho-so/${draft.id}/kiem-tra`);
    await page.locator('#declaration').check();
    await page.getByRole('button', { name: 'Nộp hồ sơ và thanh toán' }).click();
    // Straight to the payment: the dossier awaits it, not yet sent to the agency.
    await page.waitForURL((url) => url.pathname === `/ho-so/${draft.id}/thanh-toan`);
    assert.ok(await page.locator('#cho-thanh-toan').isVisible());
    assert.match(await page.locator('#so-tien').innerText(), /100\.000/);
    await assertAccessible(page);
    const waiting = await ctx.db.selectFrom('dossiers').select(['status', 'code']).where('id', '=', draft.id).executeTakeFirstOrThrow();
    assert.deepEqual(waiting, { status: null, code: null });

    await page.getByRole('button', { name: 'Thanh toán trực tuyến' }).click();
    await page.waitForURL((url) => url.pathname.includes('/thanh-toan/don/'));
    await page.getByRole('link', { name: 'Sang Cổng thanh toán Quốc gia' }).click();
    await page.waitForURL((url) => url.href.startsWith(`${simulator.url}/pay/`));
    await page.getByLabel('Ví MoMo').check();
    await page.getByRole('button', { name: 'Thanh toán / Pay' }).click();
    await page.waitForURL((url) => url.pathname === '/thanh-toan/ket-qua');
    assert.equal(await page.locator('#ket-qua').getAttribute('data-status'), 'paid');
    await page.getByRole('link', { name: 'Về trang hồ sơ' }).click();
    await page.waitForURL((url) => url.pathname === `/ho-so/${draft.id}`);

    // Submitted by the payment: its code on the dossier page, status "Mới đăng ký", in the reception queue.
    const submitted = await ctx.db.selectFrom('dossiers').select(['status', 'code']).where('id', '=', draft.id).executeTakeFirstOrThrow();
    assert.equal(submitted.status, 1);
    assert.ok(submitted.code);
    assert.ok((await page.locator('h1').innerText()).includes(submitted.code));
    assert.ok((await page.locator('body').innerText()).includes('Mới đăng ký'));
    await assertAccessible(page);
    await ctx.db.updateTable('procedure_versions').set({ fee_rules: null }).where('fee_rules', 'is not', null).execute();
  });
});
