// Fees and online payment over HTTP, against the payment platform simulator (a separate HTTP server; its callbacks
// are delivered to the application in-process): paying on the simulator's page, the callback's bad input (bad
// signature, amount differs, unknown order, the same callback twice and concurrently), a payment that never
// completes (expiry, retry), the reconciliation file with a line that has no order, VietQR confirmed by the
// accountant, refunds, receipts, and the fee definition editor.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { vietnamDate } from '../../src/core/time.ts';
import { signFields } from '../../src/modules/payments/payments.platform.ts';
import { REFUSALS_PER_MINUTE } from '../../src/modules/payments/payments.repository.ts';
import { transferMemo, vietQrPayload } from '../../src/modules/payments/payments.rules.ts';
import { authHeaders, login } from '../helpers/app.ts';
import { actorByUsername, submittedDossier, upload } from '../helpers/dossiers.ts';
import { urlencodedForm as form } from '../helpers/forms.ts';
import { createPaymentsTestApp } from '../helpers/payments.ts';

const HTML = { accept: 'text/html' };

describe('payments over HTTP', async () => {
  const { sim, t, citizen, citizenActor, reception, orders, callback } = await createPaymentsTestApp();
  // The agency leader is also the agency's accountant in these tests (a role of its own).
  const leader = await actorByUsername(t.ctx, 'demo.lanhdao');
  await t.ctx.db.insertInto('account_roles').values({ account_id: leader.id, role: 'accountant', agency_id: leader.roles[0]!.agencyId }).execute();

  /** A dossier of demo.congdan received and waiting for `amount` đồng of fees (status 6). */
  async function waitingDossier(amount = 150_000) {
    const d = await submittedDossier(t.ctx, citizenActor);
    await t.ctx.services.handling.act(reception, d.id, 'accept', {});
    await t.ctx.services.handling.act(reception, d.id, 'request_payment', { amountVnd: amount });
    return d;
  }


  /** The applicant presses "Pay online": the order, and the simulator's page it leads to. */
  async function startPayment(dossierId: string) {
    const response = await t.app.inject({ method: 'POST', url: `/ho-so/${dossierId}/thanh-toan`, ...form(citizen) });
    assert.equal(response.statusCode, 303, response.body);
    const list = await orders(dossierId);
    const order = list[list.length - 1]!;
    // Our page with the link to the platform's (forms post only to this site).
    assert.equal(response.headers.location, `/ho-so/${dossierId}/thanh-toan/don/${order.id}`);
    const next = await t.app.inject({ method: 'GET', url: String(response.headers.location), headers: { ...HTML, cookie: citizen.cookie } });
    assert.equal(next.statusCode, 200);
    const payUrl = /id="sang-cong-thanh-toan" href="([^"]+)"/.exec(next.body)?.[1] ?? '';
    assert.ok(payUrl.startsWith(`${sim.url}/pay/`), payUrl);
    return { payUrl, order };
  }

  it('the applicant pays on the simulator’s page; the callback marks the order paid, the receipt is numbered, the return page says so', async () => {
    const d = await waitingDossier(150_000);
    const page = await t.app.inject({ method: 'GET', url: `/ho-so/${d.id}/thanh-toan`, headers: { ...HTML, cookie: citizen.cookie } });
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes('150.000'), 'the amount due is shown');
    assert.ok(page.body.includes(`action="/ho-so/${d.id}/thanh-toan"`));

    const { payUrl, order } = await startPayment(d.id);
    assert.equal(order.status, 'created');
    assert.equal(Number(order.amount_vnd), 150_000);
    const simPage = await fetch(payUrl);
    const html = await simPage.text();
    assert.equal(simPage.status, 200);
    assert.ok(html.includes(d.code) && html.includes('150.000'), 'the simulator shows the dossier code and amount');
    assert.ok(html.includes('name="bank"') && html.includes('value="pay"') && html.includes('value="cancel"'));

    // No bank chosen: the simulator's page asks again.
    const noBank = await fetch(payUrl, { method: 'POST', body: new URLSearchParams({ decision: 'pay' }), redirect: 'manual' });
    assert.equal(noBank.status, 422);
    const paid = await fetch(payUrl, { method: 'POST', body: new URLSearchParams({ decision: 'pay', bank: 'MOMO' }), redirect: 'manual' });
    assert.equal(paid.status, 303);
    assert.deepEqual(sim.order(order.order_no)!.callbacks, [200], 'one callback, accepted');

    const [after] = await orders(d.id);
    assert.equal(after!.status, 'paid');
    assert.equal(after!.bank_code, 'MOMO');
    assert.ok(after!.transaction_id?.startsWith('SIM'));
    assert.equal(after!.receipt_year, Number(vietnamDate(new Date()).slice(0, 4)));
    assert.ok(after!.receipt_no! >= 1);
    // Paid: the dossier waiting for fees resumes (status 6 → 4), its payment pause closed.
    const dossier = await t.ctx.db.selectFrom('dossiers').select(['paid_online', 'status', 'paused_at']).where('id', '=', d.id).executeTakeFirstOrThrow();
    assert.deepEqual(dossier, { paid_online: true, status: 4, paused_at: null });
    const pause = await t.ctx.db.selectFrom('dossier_pauses').select(['kind', 'ended_at']).where('dossier_id', '=', d.id).executeTakeFirstOrThrow();
    assert.equal(pause.kind, 'payment');
    assert.ok(pause.ended_at);
    const resumed = await t.ctx.db.selectFrom('dossier_events').select(['action', 'content']).where('dossier_id', '=', d.id).where('action', '=', 'resume').execute();
    assert.equal(resumed.length, 1);
    assert.match(resumed[0]!.content ?? '', /nộp phí, lệ phí trực tuyến/);

    // The browser's return: signed query string → our page.
    const back = new URL(String(paid.headers.get('location')));
    assert.equal(back.pathname, '/thanh-toan/ket-qua');
    const ret = await t.app.inject({ method: 'GET', url: `${back.pathname}${back.search}`, headers: { ...HTML, cookie: citizen.cookie } });
    assert.equal(ret.statusCode, 200);
    assert.ok(ret.body.includes('data-status="paid"'));
    assert.ok(ret.body.includes(`href="/ho-so/${d.id}"`));
    // A tampered return is not believed.
    back.searchParams.set('amount', '1');
    const forged = await t.app.inject({ method: 'GET', url: `${back.pathname}${back.search}`, headers: HTML });
    assert.equal(forged.statusCode, 200);
    assert.ok(forged.body.includes('data-status="invalid"'));

    // The receipt: the applicant and the agency's officers; nobody else.
    const pdf = await t.app.inject({ method: 'GET', url: `/ho-so/${d.id}/thanh-toan/bien-lai/${after!.id}`, headers: { cookie: citizen.cookie } });
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.ok(pdf.rawPayload.subarray(0, 5).toString() === '%PDF-');
    const officer = await login(t.app, 'demo.chuyenvien');
    const officerPdf = await t.app.inject({ method: 'GET', url: `/can-bo/ho-so/${d.id}/thanh-toan/bien-lai/${after!.id}`, headers: { cookie: officer.cookie } });
    assert.equal(officerPdf.statusCode, 200);
    const business = await login(t.app, 'demo.doanhnghiep');
    const foreign = await t.app.inject({ method: 'GET', url: `/ho-so/${d.id}/thanh-toan/bien-lai/${after!.id}`, headers: { cookie: business.cookie } });
    assert.equal(foreign.statusCode, 404);

    // Paid: nothing more to pay.
    const again = await t.app.inject({ method: 'POST', url: `/api/dossiers/${d.id}/payment`, headers: authHeaders(citizen) });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().code, 'PAYMENT_ALREADY_PAID');
  });

  it('bad input: a callback with a bad signature is refused (401, logged) and changes nothing', async () => {
    const d = await waitingDossier();
    const { order } = await startPayment(d.id);
    await sim.pay(order.order_no, { callback: false });
    const fields = sim.callbackFields(order.order_no);
    const tampered = { ...fields, signature: fields.signature!.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')) };
    const response = await callback(tampered);
    assert.equal(response.statusCode, 401);
    assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(response.json().code, 'PAYMENT_SIGNATURE_INVALID');
    const unsigned = await callback({ ...fields, signature: '' });
    assert.equal(unsigned.statusCode, 401);
    const [unchanged] = await orders(d.id);
    assert.equal(unchanged!.status, 'created');
    const logged = await t.ctx.db.selectFrom('payment_callbacks').selectAll().where('outcome', '=', 'bad_signature').execute();
    assert.ok(logged.length >= 2);
    // Signed with another secret: refused alike.
    const { signature: _s, ...rest } = fields;
    const other = await callback(signFields('x'.repeat(40), rest));
    assert.equal(other.statusCode, 401);
  });

  it('bad input: a flood of forged callbacks is refused and logs at most REFUSALS_PER_MINUTE rows a minute', async () => {
    const fields = { merchantCode: 'x', orderId: 'NONE', amount: '1', signature: 'f'.repeat(64) };
    for (let i = 0; i < REFUSALS_PER_MINUTE + 20; i++) {
      const response = await callback({ ...fields, orderId: `FORGED-${i}` });
      assert.equal(response.statusCode, 401);
    }
    const { count } = await t.ctx.db
      .selectFrom('payment_callbacks')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('outcome', 'in', ['bad_signature', 'malformed'])
      .where('order_no', 'like', 'FORGED-%')
      .executeTakeFirstOrThrow();
    assert.ok(Number(count) <= REFUSALS_PER_MINUTE, `${count} refusals logged`);
    assert.ok(Number(count) >= REFUSALS_PER_MINUTE - 5, `${count}: the cap, not a failure to log`);
  });

  it('bad input: an amount that differs from the order is refused and flagged for the accountant', async () => {
    const d = await waitingDossier(200_000);
    const { order } = await startPayment(d.id);
    await sim.pay(order.order_no, { callback: false });
    const { signature: _s, ...fields } = sim.callbackFields(order.order_no);
    const response = await callback(signFields(sim.secret, { ...fields, amount: '2000' }));
    assert.equal(response.statusCode, 409);
    assert.equal(response.json().code, 'PAYMENT_AMOUNT_MISMATCH');
    const [unchanged] = await orders(d.id);
    assert.equal(unchanged!.status, 'created');
    const flagged = await t.ctx.db.selectFrom('payment_discrepancies').selectAll().where('order_id', '=', order.id).execute();
    assert.deepEqual(flagged.map((f) => [f.kind, Number(f.amount_vnd), Number(f.expected_vnd)]), [['callback_amount', 2000, 200_000]]);
  });

  it('bad input: a callback for an unknown order is refused (404); a malformed one 400', async () => {
    const unknown = await callback(signFields(sim.secret, { merchantCode: sim.merchantCode, orderId: 'DVC0000000000000000', transactionId: 'SIM1', amount: '1000', status: 'paid', paidAt: new Date().toISOString(), bankCode: 'VCB' }));
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().code, 'PAYMENT_UNKNOWN_ORDER');
    const malformed = await callback(signFields(sim.secret, { merchantCode: sim.merchantCode, orderId: 'bad id', amount: 'x', status: 'paid' }));
    assert.equal(malformed.statusCode, 400);
    const notJson = await t.app.inject({ method: 'POST', url: '/api/payments/callback', headers: { 'content-type': 'application/json' }, payload: '[1,2' });
    assert.equal(notJson.statusCode, 400);
  });

  it('bad input: the same callback twice, and five at once, have one effect (one receipt number)', async () => {
    const d = await waitingDossier();
    const { order } = await startPayment(d.id);
    const fields = await sim.pay(order.order_no, { callback: false });
    const first = await callback(fields);
    const second = await callback(fields);
    assert.equal(first.statusCode, 200);
    assert.equal(second.statusCode, 200);
    assert.deepEqual([first.json().outcome, second.json().outcome], ['accepted', 'duplicate']);

    const e = await waitingDossier();
    const { order: o2 } = await startPayment(e.id);
    const f2 = await sim.pay(o2.order_no, { callback: false });
    const answers = await Promise.all(Array.from({ length: 5 }, () => callback(f2)));
    assert.deepEqual(answers.map((a) => a.statusCode), [200, 200, 200, 200, 200]);
    assert.deepEqual(answers.map((a) => a.json().outcome).sort(), ['accepted', 'duplicate', 'duplicate', 'duplicate', 'duplicate']);
    const audits = await t.ctx.db.selectFrom('audit_log').select('id').where('action', '=', 'payment.paid').where('target_id', '=', e.id).execute();
    assert.equal(audits.length, 1);
    const [paid] = await orders(e.id);
    const before = await orders(d.id);
    assert.equal(paid!.receipt_no, before[0]!.receipt_no! + 1, 'consecutive receipt numbers, none lost to the duplicates');
  });

  it('a resume that fails after the payment is retried by the sweep; a duplicate callback resumes nothing twice', async () => {
    const d = await waitingDossier();
    const { order } = await startPayment(d.id);
    const fields = await sim.pay(order.order_no, { callback: false });
    const payments = t.ctx.services.payments;
    payments.setResumer({ resumeAfterPayment: async () => { throw new Error('back office unavailable'); } });
    try {
      assert.equal((await callback(fields)).statusCode, 200);
    } finally {
      payments.setResumer({ resumeAfterPayment: (id, now) => t.ctx.services.handling.resumeAfterPayment(id, now) });
    }
    const status = async () => (await t.ctx.db.selectFrom('dossiers').select('status').where('id', '=', d.id).executeTakeFirstOrThrow()).status;
    assert.equal(await status(), 6, 'paid, still waiting');
    await payments.sweep();
    assert.equal(await status(), 4, 'resumed by the sweep');
    assert.equal((await callback(fields)).json().outcome, 'duplicate');
    const events = await t.ctx.db.selectFrom('dossier_events').select('action').where('dossier_id', '=', d.id).where('action', '=', 'resume').execute();
    assert.equal(events.length, 1);
    assert.equal(await t.ctx.services.handling.resumeAfterPayment(d.id), false, 'nothing to resume any more');
  });

  it('receipt numbers are gap-free per agency and year when many orders are paid at once', async () => {
    const paid: string[] = [];
    const fields: Array<Record<string, string>> = [];
    for (let i = 0; i < 6; i++) {
      const d = await waitingDossier(10_000 + i);
      const { order } = await startPayment(d.id);
      fields.push(await sim.pay(order.order_no, { callback: false }));
      paid.push(order.id);
    }
    const answers = await Promise.all(fields.map((f) => callback(f)));
    assert.deepEqual(answers.map((a) => a.statusCode), [200, 200, 200, 200, 200, 200]);
    const rows = await t.ctx.db.selectFrom('payment_orders').select(['receipt_no', 'agency_id', 'receipt_year']).where('id', 'in', paid).execute();
    const numbers = rows.map((r) => r.receipt_no!).sort((a, b) => a - b);
    assert.equal(new Set(rows.map((r) => `${r.agency_id}/${r.receipt_year}`)).size, 1);
    assert.deepEqual(numbers, Array.from({ length: 6 }, (_, i) => numbers[0]! + i), 'consecutive, no gap, no duplicate');
    const counter = await t.ctx.db.selectFrom('payment_receipt_counters').select('last').where('agency_id', '=', rows[0]!.agency_id).where('year', '=', rows[0]!.receipt_year!).executeTakeFirstOrThrow();
    assert.equal(counter.last, numbers[5]);
  });

  it('bad input: a payment that never completes expires; the dossier keeps waiting and the applicant pays with a new order', async () => {
    const d = await waitingDossier();
    const { order: first } = await startPayment(d.id);
    // Nobody pays; the sweep after the order's time asks the platform (still pending) and expires it.
    const later = new Date(Date.now() + 31 * 60_000);
    const swept = await t.ctx.services.payments.sweep(later);
    assert.ok(swept.queried >= 1);
    const [expired] = await orders(d.id);
    assert.equal(expired!.status, 'expired');
    const dossier = await t.ctx.db.selectFrom('dossiers').select(['status', 'paid_online']).where('id', '=', d.id).executeTakeFirstOrThrow();
    assert.deepEqual(dossier, { status: 6, paid_online: false });

    // Retry: a new order; its callback never comes, but the sweep's status query finds it paid.
    const { order: second } = await startPayment(d.id);
    assert.notEqual(second.order_no, first.order_no);
    await sim.pay(second.order_no, { callback: false });
    await t.ctx.services.payments.sweep(new Date(Date.now() + 2 * 60_000));
    const list = await orders(d.id);
    assert.deepEqual(list.map((o) => o.status), ['expired', 'paid']);
    assert.equal((await t.ctx.db.selectFrom('dossiers').select('status').where('id', '=', d.id).executeTakeFirstOrThrow()).status, 4);
    // The expired order's late callback (the applicant paid it in another tab) is accepted and flagged.
    await sim.pay(first.order_no, { callback: false });
    const late = await callback(sim.callbackFields(first.order_no));
    assert.equal(late.statusCode, 200);
    const flags = await t.ctx.db.selectFrom('payment_discrepancies').select('kind').where('order_id', '=', first.id).execute();
    assert.deepEqual(flags.map((f) => f.kind), ['duplicate_payment']);
  });

  it('bad input: the reconciliation file’s line with no order is flagged, and shown to the accountant', async () => {
    const today = vietnamDate(new Date());
    sim.addReconciliationLine(today, { transactionId: 'SIMGHOST1', orderId: 'DVCGHOST00000001', amount: 50_000, status: 'paid', paidAt: new Date().toISOString(), bankCode: 'VCB' });
    const result = await t.ctx.services.payments.reconcileDay(today);
    assert.ok(result.lines >= 1);
    const ghost = await t.ctx.db.selectFrom('payment_discrepancies').selectAll().where('transaction_id', '=', 'SIMGHOST1').execute();
    assert.deepEqual(ghost.map((g) => [g.kind, g.order_no, Number(g.amount_vnd)]), [['no_order', 'DVCGHOST00000001', 50_000]]);
    // Run again: flagged once.
    await t.ctx.services.payments.reconcileDay(today);
    assert.equal((await t.ctx.db.selectFrom('payment_discrepancies').select('id').where('transaction_id', '=', 'SIMGHOST1').execute()).length, 1);

    // The accountant (a role) sees it on their page; others may not open the page.
    const accountant = await login(t.app, 'demo.lanhdao');
    const page = await t.app.inject({ method: 'GET', url: '/ke-toan/thanh-toan', headers: { ...HTML, cookie: accountant.cookie } });
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes('DVCGHOST00000001'));
    assert.ok(page.body.includes('data-kind="no_order"'));
    const denied = await t.app.inject({ method: 'GET', url: '/ke-toan/thanh-toan', headers: { ...HTML, cookie: citizen.cookie } });
    assert.equal(denied.statusCode, 403);
    const resolve = await t.app.inject({ method: 'POST', url: `/ke-toan/doi-soat/${ghost[0]!.id}/xu-ly`, ...form(accountant, { note: 'Giao dịch thử của ngân hàng' }) });
    assert.equal(resolve.statusCode, 303);
    const resolved = await t.ctx.db.selectFrom('payment_discrepancies').select('resolved_at').where('id', '=', ghost[0]!.id).executeTakeFirstOrThrow();
    assert.ok(resolved.resolved_at);
  });

  it('VietQR: the code on the payment page (EMVCo payload with the dossier code), confirmed by the accountant; refunds', async () => {
    const d = await waitingDossier(120_000);
    const start = await t.app.inject({ method: 'POST', url: `/ho-so/${d.id}/thanh-toan/vietqr`, ...form(citizen) });
    assert.equal(start.statusCode, 303);
    const page = await t.app.inject({ method: 'GET', url: `/ho-so/${d.id}/thanh-toan`, headers: { ...HTML, cookie: citizen.cookie } });
    assert.ok(page.body.includes('<svg'), 'the QR code is drawn inline');
    assert.ok(page.body.includes(`id="vietqr-memo">${transferMemo(d.code)}</code>`), 'the memo: the dossier code as banks keep it');
    const [order] = await orders(d.id);
    assert.equal(order!.provider, 'vietqr');
    const api = (await t.app.inject({ method: 'GET', url: `/api/dossiers/${d.id}/payment`, headers: { cookie: citizen.cookie } })).json();
    assert.equal(api.vietqr.payload, vietQrPayload({ bankBin: '970436', account: '0011001234567', amountVnd: 120_000, memo: d.code }));
    assert.ok(api.vietqr.payload.includes('5406120000') && api.vietqr.payload.includes(transferMemo(d.code)));

    const accountant = await login(t.app, 'demo.lanhdao');
    const bad = await t.app.inject({ method: 'POST', url: `/ke-toan/thanh-toan/${order!.id}/xac-nhan`, ...form(accountant, { reference: 'not valid!' }) });
    assert.equal(bad.statusCode, 422);
    const ok = await t.app.inject({ method: 'POST', url: `/ke-toan/thanh-toan/${order!.id}/xac-nhan`, ...form(accountant, { reference: 'FT2612345678' }) });
    assert.equal(ok.statusCode, 303);
    const [paid] = await orders(d.id);
    assert.equal(paid!.status, 'paid');
    assert.equal(paid!.transaction_id, 'FT2612345678');
    const twice = await t.app.inject({ method: 'POST', url: `/ke-toan/thanh-toan/${order!.id}/xac-nhan`, ...form(accountant, { reference: 'FT2612345678' }) });
    assert.equal(twice.statusCode, 409);

    // A platform order refunded through the adapter; the simulator accepts it.
    const e = await waitingDossier();
    const { order: platformOrder } = await startPayment(e.id);
    await sim.pay(platformOrder.order_no);
    const refund = await t.app.inject({ method: 'POST', url: `/ke-toan/thanh-toan/${platformOrder.id}/hoan-tien`, ...form(accountant, { reason: 'Nộp nhầm' }) });
    assert.equal(refund.statusCode, 303, refund.body);
    const [refunded] = await orders(e.id);
    assert.equal(refunded!.status, 'refunded');
    assert.ok(refunded!.refund_id?.startsWith('RF'));
    assert.equal(sim.order(platformOrder.order_no)!.status, 'refunded');
    const dossier = await t.ctx.db.selectFrom('dossiers').select('paid_online').where('id', '=', e.id).executeTakeFirstOrThrow();
    assert.equal(dossier.paid_online, false);
  });

  it('hostile values on the payment pages never 500: a long formula, a bad day, junk on the return page, foreign ids', async () => {
    const manager = await login(t.app, 'demo.danhmuc');
    const long = await t.app.inject({ method: 'POST', url: '/quan-tri/thu-tuc/1.001823/phien-ban/1/phi', ...form(manager, { 'lines.0.label': 'Phí', 'lines.0.basis': 'formula', 'lines.0.formula': '('.repeat(600) }) });
    assert.equal(long.statusCode, 422);
    const huge = await t.app.inject({ method: 'POST', url: '/quan-tri/thu-tuc/1.001823/phien-ban/1/phi', ...form(manager, { 'lines.0.label': 'Phí', 'lines.0.basis': 'fixed', 'lines.0.amountVnd': '99999999999999999999' }) });
    assert.equal(huge.statusCode, 422);
    assert.ok(huge.body.includes('href="#lines-0-amountVnd"'));
    const noVersion = await t.app.inject({ method: 'GET', url: '/quan-tri/thu-tuc/1.001823/phien-ban/999/phi', headers: { ...HTML, cookie: manager.cookie } });
    assert.equal(noVersion.statusCode, 404);
    const accountant = await login(t.app, 'demo.lanhdao');
    const badDay = await t.app.inject({ method: 'POST', url: '/ke-toan/doi-soat', ...form(accountant, { day: '2026-13-45' }) });
    assert.equal(badDay.statusCode, 422);
    assert.ok(badDay.body.includes('href="#day"'));
    for (const query of ['', '?orderId=%3Cscript%3E&signature=1', '?orderId=DVC1&orderId=DVC2', `?${'x'.repeat(60)}=1`]) {
      const page = await t.app.inject({ method: 'GET', url: `/thanh-toan/ket-qua${query}`, headers: HTML });
      assert.ok(page.statusCode < 500, `${query}: ${page.statusCode}`);
      assert.ok(!page.body.includes('<script>'));
    }
    for (const url of ['/ho-so/not-a-uuid/thanh-toan', `/ho-so/${crypto.randomUUID()}/thanh-toan/bien-lai/x`, '/ke-toan/thanh-toan/not-a-uuid/xac-nhan']) {
      const response = await t.app.inject({ method: url.endsWith('xac-nhan') ? 'POST' : 'GET', url, ...(url.endsWith('xac-nhan') ? form(accountant, { reference: 'A1' }) : { headers: { ...HTML, cookie: citizen.cookie } }) });
      assert.equal(response.statusCode, 404, url);
    }
  });

  it('the fee definition editor: pickers, every problem at once, then saved and computed on a dossier', async () => {
    const manager = await login(t.app, 'demo.danhmuc');
    const url = '/quan-tri/thu-tuc/1.001823/phien-ban/1/phi';
    const page = await t.app.inject({ method: 'GET', url, headers: { ...HTML, cookie: manager.cookie } });
    assert.equal(page.statusCode, 200, page.body);
    assert.ok(page.body.includes('name="lines.0.basis"'));
    const invalid = await t.app.inject({
      method: 'POST',
      url,
      ...form(manager, { charge: 'before_submission', 'lines.0.label': 'Lệ phí cấp giấy', 'lines.0.basis': 'fixed', 'lines.0.amountVnd': 'abc', 'lines.1.label': 'Phí thẩm định', 'lines.1.basis': 'formula', 'lines.1.formula': 'pages * 1000 +' }),
    });
    assert.equal(invalid.statusCode, 422);
    assert.ok(invalid.body.includes('href="#lines-0-amountVnd"'));
    assert.ok(invalid.body.includes('href="#lines-1-formula"'));
    const saved = await t.app.inject({
      method: 'POST',
      url,
      ...form(manager, { charge: 'before_submission', 'lines.0.label': 'Lệ phí cấp giấy chứng nhận', 'lines.0.kind': 'le_phi', 'lines.0.basis': 'fixed', 'lines.0.amountVnd': '100.000', 'lines.2.label': 'Phí', 'lines.2.kind': 'phi', 'lines.2.basis': 'fixed', 'lines.2.amountVnd': '50000', 'lines.2.exemptField': 'fullName', 'lines.2.exemptEquals': 'Miễn Phí' }),
    });
    assert.equal(saved.statusCode, 303, saved.body);
    const stored = await t.ctx.db.selectFrom('procedure_versions as v').innerJoin('procedures as p', 'p.id', 'v.procedure_id').select('v.fee_rules').where('p.code', '=', '1.001823').where('v.version', '=', 1).executeTakeFirstOrThrow();
    assert.deepEqual(stored.fee_rules, {
      charge: 'before_submission',
      lines: [
        { label: 'Lệ phí cấp giấy chứng nhận', kind: 'le_phi', basis: 'fixed', amountVnd: 100_000 },
        { label: 'Phí', kind: 'phi', basis: 'fixed', amountVnd: 50_000, exemptions: [{ field: 'fullName', equals: 'Miễn Phí' }] },
      ],
    });
    // Charged before submission: the check page shows the fees and leads to the payment (the draft awaits it and
    // owes 150.000 at once; test/http/payments-before-submission.test.ts follows it to the submission).
    const draft = await t.ctx.services.dossiers.createDraft(citizenActor, '1.001823');
    const check = await t.app.inject({ method: 'GET', url: `/ho-so/${draft.id}/kiem-tra`, headers: { ...HTML, cookie: citizen.cookie } });
    assert.equal(check.statusCode, 200);
    assert.ok(check.body.includes('id="phi-du-kien"') && check.body.includes('150.000'), 'expected fees on check-answers');
    await t.ctx.services.dossiers.saveForm(citizenActor, draft.id, { ...draft.form.data, requestContent: 'Đăng ký quyền tác giả.' });
    for (const doc of draft.documents.filter((x) => x.required)) await t.ctx.services.dossiers.addFile(citizenActor, draft.id, upload(doc.documentId));
    await assert.rejects(t.ctx.services.dossiers.submit(citizenActor, draft.id, null), { code: 'DOSSIER_PAYMENT_REQUIRED' });
    const state = await t.app.inject({ method: 'GET', url: `/api/dossiers/${draft.id}/payment`, headers: { cookie: citizen.cookie } });
    assert.equal(state.statusCode, 200);
    assert.equal(state.json().dueVnd, 150_000);
    assert.equal(state.json().canPay, true);
    const detail = await t.app.inject({ method: 'GET', url: `/ho-so/${draft.id}`, headers: { ...HTML, cookie: citizen.cookie } });
    assert.ok(detail.body.includes(`href="/ho-so/${draft.id}/thanh-toan"`), 'the Pay button on the dossier page');
    // Paid: submitted; the confirmation and the officer's pages show the fees.
    const { order } = await startPayment(draft.id);
    await sim.pay(order.order_no);
    const d = { id: draft.id };
    const done = await t.app.inject({ method: 'GET', url: `/ho-so/${d.id}/da-nop`, headers: { ...HTML, cookie: citizen.cookie } });
    assert.ok(done.body.includes('id="phi-du-kien"'), 'fees on the confirmation');
    const admin = await t.app.inject({ method: 'GET', url: '/quan-tri/thu-tuc/1.001823', headers: { ...HTML, cookie: manager.cookie } });
    assert.ok(admin.body.includes('href="/quan-tri/thu-tuc/1.001823/phien-ban/1/phi"'));
    const officer = await login(t.app, 'demo.motcua');
    const officerPage = await t.app.inject({ method: 'GET', url: `/can-bo/ho-so/${d.id}`, headers: { ...HTML, cookie: officer.cookie } });
    assert.ok(officerPage.body.includes(`href="/can-bo/ho-so/${d.id}/thanh-toan"`));
    const officerPayments = await t.app.inject({ method: 'GET', url: `/can-bo/ho-so/${d.id}/thanh-toan`, headers: { ...HTML, cookie: officer.cookie } });
    assert.equal(officerPayments.statusCode, 200);
    assert.ok(officerPayments.body.includes('150.000'));
    // Others may not edit.
    const denied = await t.app.inject({ method: 'GET', url, headers: { ...HTML, cookie: citizen.cookie } });
    assert.equal(denied.statusCode, 403);
    await t.ctx.db.updateTable('procedure_versions').set({ fee_rules: null }).where('fee_rules', 'is not', null).execute();
  });
});
