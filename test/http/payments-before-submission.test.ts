// Fees charged before submission (issue 12): after check-answers the citizen goes straight to the payment; the
// dossier waits, frozen, "awaiting payment" (a draft: no code, no national status) and is NOT in the reception
// queue; the payment (callback, or the accountant's VietQR confirmation) submits it in the same transaction, at the
// payment's time; an unpaid one goes back to the applicant with its expired order, who may submit and pay again.
// Bad input: paying twice, a callback after the order expired, another citizen paying (404), submitting by the JSON
// API without paying. Also: the applicant is told of the payment (receipt, amount, link) in their language; the
// accountant's page shows a notice after a confirmation. Against the payment platform simulator.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Actor } from '../../src/core/actor.ts';
import { codePrefix } from '../../src/modules/kernel/dossier.ts';
import { authHeaders, login } from '../helpers/app.ts';
import { actorByUsername, COPYRIGHT_PROCEDURE, newCitizen, upload } from '../helpers/dossiers.ts';
import { urlencodedForm as form } from '../helpers/forms.ts';
import { createPaymentsTestApp } from '../helpers/payments.ts';

const HTML = { accept: 'text/html' };

describe('fees charged before submission', async () => {
  const { sim, t, citizen, citizenActor, reception, orders, callback } = await createPaymentsTestApp();
  const accountantActor: Actor = await actorByUsername(t.ctx, 'demo.ketoan');

  // The copyright certificate charges 150.000 ₫ before submission (100.000 lệ phí + 50.000 phí).
  await t.ctx.db
    .updateTable('procedure_versions')
    .set({
      fee_rules: JSON.stringify({
        charge: 'before_submission',
        lines: [
          { label: 'Lệ phí cấp giấy chứng nhận', kind: 'le_phi', basis: 'fixed', amountVnd: 100_000 },
          { label: 'Phí thẩm định', kind: 'phi', basis: 'fixed', amountVnd: 50_000 },
        ],
      }),
    })
    .where('procedure_id', '=', t.ctx.db.selectFrom('procedures').select('id').where('code', '=', COPYRIGHT_PROCEDURE))
    .execute();

  /** A complete draft of demo.congdan, ready to submit. */
  async function readyDraft(): Promise<string> {
    const dossiers = t.ctx.services.dossiers;
    const draft = await dossiers.createDraft(citizenActor, COPYRIGHT_PROCEDURE);
    await dossiers.saveForm(citizenActor, draft.id, { ...draft.form.data, requestContent: 'Đăng ký quyền tác giả cho tác phẩm "Mùa thu Hà Nội".' });
    for (const d of draft.documents.filter((x) => x.required)) await dossiers.addFile(citizenActor, draft.id, upload(d.documentId));
    return draft.id;
  }

  /** Check-answers → "Submit and pay": straight to the payment page. */
  async function submitAndPay(id: string) {
    const response = await t.app.inject({ method: 'POST', url: `/ho-so/${id}/kiem-tra`, ...form(citizen, { declaration: 'yes', idempotencyKey: `k-${id}` }) });
    assert.equal(response.statusCode, 303, response.body);
    assert.equal(response.headers.location, `/ho-so/${id}/thanh-toan`);
  }

  const dossier = (id: string) => t.ctx.db.selectFrom('dossiers').select(['status', 'code', 'submitted_at', 'payment_pending_at', 'paid_online', 'received_at', 'expected_date']).where('id', '=', id).executeTakeFirstOrThrow();
  const queueTotal = async () => (await t.ctx.services.handling.queue(reception, { scope: 'agency' })).total;

  /** "Pay online": the order and its page on the simulator. */
  async function startPayment(id: string) {
    const response = await t.app.inject({ method: 'POST', url: `/ho-so/${id}/thanh-toan`, ...form(citizen) });
    assert.equal(response.statusCode, 303, response.body);
    const list = await orders(id);
    return list[list.length - 1]!;
  }

  it('check-answers leads to the payment; unpaid the dossier waits outside the queue; the callback submits it at the payment’s time', async () => {
    const id = await readyDraft();
    const check = await t.app.inject({ method: 'GET', url: `/ho-so/${id}/kiem-tra`, headers: { ...HTML, cookie: citizen.cookie } });
    assert.ok(check.body.includes('data-pay-first') && check.body.includes('Nộp hồ sơ và thanh toán'), 'the button says the payment comes next');
    const queued = await queueTotal();

    await submitAndPay(id);
    const waiting = await dossier(id);
    assert.equal(waiting.status, null, 'no national status before the payment');
    assert.equal(waiting.code, null, 'no code before the payment');
    assert.ok(waiting.payment_pending_at);
    assert.equal(await queueTotal(), queued, 'not in the reception queue');
    // The citizen sees where it stands: the list, the dossier page and the payment page.
    const list = await t.app.inject({ method: 'GET', url: '/ho-so', headers: { ...HTML, cookie: citizen.cookie } });
    assert.ok(list.body.includes('Chờ thanh toán phí, lệ phí'));
    const page = await t.app.inject({ method: 'GET', url: `/ho-so/${id}`, headers: { ...HTML, cookie: citizen.cookie } });
    assert.ok(page.body.includes('data-awaiting-payment') && page.body.includes(`href="/ho-so/${id}/thanh-toan"`));
    const api = (await t.app.inject({ method: 'GET', url: `/api/dossiers/${id}`, headers: { cookie: citizen.cookie, 'accept-language': 'en' } })).json();
    assert.deepEqual([api.draft, api.awaitingPayment, api.statusLabel, api.editable], [true, true, 'Awaiting payment of fees', false]);
    const pay = await t.app.inject({ method: 'GET', url: `/ho-so/${id}/thanh-toan`, headers: { ...HTML, cookie: citizen.cookie } });
    assert.equal(pay.statusCode, 200);
    assert.ok(pay.body.includes('data-awaiting-submission') && pay.body.includes('150.000'));
    // Frozen while it waits: the form cannot change under the amount; the check page leads to the payment.
    await assert.rejects(t.ctx.services.dossiers.saveForm(citizenActor, id, { requestContent: 'khác' }), { code: 'DOSSIER_AWAITING_PAYMENT' });
    const again = await t.app.inject({ method: 'GET', url: `/ho-so/${id}/kiem-tra`, headers: { ...HTML, cookie: citizen.cookie } });
    assert.equal(again.headers.location, `/ho-so/${id}/thanh-toan`);

    const order = await startPayment(id);
    assert.equal(Number(order.amount_vnd), 150_000);
    // The platform's page names the order (the dossier has no code yet).
    assert.equal(sim.order(order.order_no)!.dossierCode, order.order_no);
    await sim.pay(order.order_no);
    assert.deepEqual(sim.order(order.order_no)!.callbacks, [200]);

    const [paid] = await orders(id);
    assert.equal(paid!.status, 'paid');
    const submitted = await dossier(id);
    assert.equal(submitted.status, 1);
    assert.equal(submitted.payment_pending_at, null);
    assert.equal(submitted.paid_online, true);
    assert.equal(submitted.received_at, null, 'the statutory clock starts at reception, as for every online dossier');
    assert.equal(submitted.submitted_at!.getTime(), paid!.paid_at!.getTime(), 'submitted at the payment’s time');
    assert.ok(submitted.code!.startsWith(codePrefix(submitted.code!.split('-')[0]!, paid!.paid_at!)), 'the code’s day is the payment’s');
    assert.ok(submitted.expected_date);
    assert.equal(await queueTotal(), queued + 1, 'in the reception queue once paid');
    const events = await t.ctx.db.selectFrom('dossier_events').select(['action', 'status', 'at', 'message']).where('dossier_id', '=', id).execute();
    assert.deepEqual(events.map((e) => [e.action, e.status, e.at.getTime()]), [['submit', 1, paid!.paid_at!.getTime()]]);
    assert.equal((events[0]!.message as { key: string }).key, 'timeline.submitPaid');
    const topics = await t.ctx.db.selectFrom('outbox').select('topic').where(sql<string>`payload->>'dossierId'`, '=', id).orderBy('id').execute();
    assert.deepEqual(topics.map((r) => r.topic), ['dossier.submitted', 'payment.paid']);

    // The acknowledgement e-mail (the receipts consumer of dossier.submitted) carries the code and the lookup secret,
    // which works on the public lookup.
    await t.ctx.services.receipts.dispatchOutbox();
    const ack = await t.ctx.db.selectFrom('mail_messages').select('body_text').where('subject', 'like', `%${submitted.code}%`).execute();
    const secret = ack.map((m) => /Mã tra cứu: (\S+)/.exec(m.body_text)?.[1]).find(Boolean);
    assert.ok(secret, 'the lookup secret in the acknowledgement mail');
    const lookup = await t.ctx.services.dossiers.lookup(submitted.code!, secret, '127.0.0.9');
    assert.equal(lookup.status, 1);

    // Accepted at reception: the clock starts then, like every online dossier.
    const accepted = await t.ctx.services.handling.act(reception, id, 'accept', {});
    assert.equal(accepted.status, 2);
    assert.ok((await dossier(id)).received_at);

    // Bad input: paying twice. Nothing is due any more.
    const twice = await t.app.inject({ method: 'POST', url: `/api/dossiers/${id}/payment`, headers: authHeaders(citizen) });
    assert.equal(twice.statusCode, 409);
    assert.equal(twice.json().code, 'PAYMENT_ALREADY_PAID');
    // The same callback again: no second submission, no second receipt.
    const repeat = await callback(sim.callbackFields(order.order_no));
    assert.equal(repeat.statusCode, 200);
    assert.equal((await t.ctx.db.selectFrom('dossier_events').select('id').where('dossier_id', '=', id).where('action', '=', 'submit').execute()).length, 1);
  });

  it('bad input: two orders of the same dossier both paid — one submission, the second payment flagged for a refund', async () => {
    const id = await readyDraft();
    await submitAndPay(id);
    const first = await startPayment(id);
    const second = await startPayment(id);
    assert.notEqual(first.order_no, second.order_no);
    await sim.pay(first.order_no);
    const afterFirst = await dossier(id);
    assert.equal(afterFirst.status, 1);
    await sim.pay(second.order_no);
    const afterSecond = await dossier(id);
    assert.deepEqual([afterSecond.status, afterSecond.code], [1, afterFirst.code], 'one code, submitted once');
    assert.deepEqual((await orders(id)).map((o) => o.status), ['paid', 'paid']);
    const flags = await t.ctx.db.selectFrom('payment_discrepancies').select(['kind', 'order_no']).where('order_id', 'in', [first.id, second.id]).execute();
    assert.deepEqual(flags, [{ kind: 'duplicate_payment', order_no: second.order_no }]);
  });

  it('bad input: unpaid, the dossier goes back to the applicant with its expired order; a late callback submits nothing and is flagged; the retry submits it', async () => {
    const id = await readyDraft();
    await submitAndPay(id);
    const first = await startPayment(id);
    const queued = await queueTotal();
    // Nobody pays: the sweep after the order's time expires it and gives the draft back.
    const swept = await t.ctx.services.payments.sweep(new Date(Date.now() + 31 * 60_000));
    assert.ok(swept.released >= 1);
    assert.equal((await orders(id))[0]!.status, 'expired');
    const released = await dossier(id);
    assert.deepEqual([released.status, released.code, released.payment_pending_at], [null, null, null]);
    assert.equal((await t.ctx.services.dossiers.get(citizenActor, id)).editable, true, 'editable again');
    // The expired order's late callback: the money was taken, so it is accepted and flagged; nothing is submitted.
    await sim.pay(first.order_no, { callback: false });
    const late = await callback(sim.callbackFields(first.order_no));
    assert.equal(late.statusCode, 200);
    assert.deepEqual((await t.ctx.db.selectFrom('payment_discrepancies').select('kind').where('order_id', '=', first.id).execute()).map((f) => f.kind), ['duplicate_payment']);
    assert.equal((await dossier(id)).status, null);
    assert.equal(await queueTotal(), queued, 'still not in the reception queue');

    // The citizen retries: check-answers → payment → paid → submitted.
    await submitAndPay(id);
    const state = await t.ctx.services.payments.state(citizenActor, id);
    assert.deepEqual([state.dueVnd, state.canPay, state.paid], [150_000, true, false], 'the late payment does not count: it is refunded');
    const retry = await startPayment(id);
    await sim.pay(retry.order_no);
    const done = await dossier(id);
    assert.equal(done.status, 1);
    assert.equal(await queueTotal(), queued + 1);
    // The payment that submits the dossier is not flagged.
    assert.equal((await t.ctx.db.selectFrom('payment_discrepancies').select('id').where('order_id', '=', retry.id).execute()).length, 0);
  });

  it('bad input: another citizen (or business) cannot see or pay a dossier awaiting payment (404)', async () => {
    const id = await readyDraft();
    await submitAndPay(id);
    const other = await newCitizen(t.ctx);
    await assert.rejects(t.ctx.services.payments.state(other, id), { code: 'NOT_FOUND' });
    await assert.rejects(t.ctx.services.payments.startPayment(other, id), { code: 'NOT_FOUND' });
    await assert.rejects(t.ctx.services.payments.startVietQr(other, id), { code: 'NOT_FOUND' });
    const business = await login(t.app, 'demo.doanhnghiep');
    const page = await t.app.inject({ method: 'GET', url: `/ho-so/${id}/thanh-toan`, headers: { ...HTML, cookie: business.cookie } });
    assert.equal(page.statusCode, 404);
    const start = await t.app.inject({ method: 'POST', url: `/api/dossiers/${id}/payment`, headers: authHeaders(business) });
    assert.equal(start.statusCode, 404);
    const vietqr = await t.app.inject({ method: 'POST', url: `/ho-so/${id}/thanh-toan/vietqr`, ...form(business) });
    assert.equal(vietqr.statusCode, 404);
    assert.equal((await orders(id)).length, 0);
    // Officers do not see a draft either.
    await assert.rejects(t.ctx.services.payments.officerState(reception, id), { code: 'NOT_FOUND' });
  });

  it('bad input: submitting by the JSON API without paying answers 402 and leaves the dossier out of the reception queue', async () => {
    const id = await readyDraft();
    const queued = await queueTotal();
    for (let i = 0; i < 2; i++) {
      const response = await t.app.inject({ method: 'POST', url: `/api/dossiers/${id}/submit`, headers: { ...authHeaders(citizen), 'idempotency-key': `api-${id}` } });
      assert.equal(response.statusCode, 402, response.body);
      assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.equal(response.json().code, 'DOSSIER_PAYMENT_REQUIRED');
    }
    const d = await dossier(id);
    assert.deepEqual([d.status, d.code, d.submitted_at], [null, null, null]);
    assert.equal(await queueTotal(), queued);
    assert.equal((await t.ctx.db.selectFrom('dossier_events').select('id').where('dossier_id', '=', id).execute()).length, 0);
    // The payment state says what to pay.
    const state = (await t.app.inject({ method: 'GET', url: `/api/dossiers/${id}/payment`, headers: { cookie: citizen.cookie } })).json();
    assert.deepEqual([state.dueVnd, state.canPay, state.dossierCode], [150_000, true, null]);
  });

  it('VietQR: the accountant’s confirmation submits the dossier and the page says so; the applicant is told in their language', async () => {
    // The applicant reads English (accounts.locale): the notice and the e-mail are written in it.
    await t.ctx.db.updateTable('accounts').set({ locale: 'en' }).where('id', '=', citizenActor.id).execute();
    after(() => t.ctx.db.updateTable('accounts').set({ locale: 'vi' }).where('id', '=', citizenActor.id).execute());
    const id = await readyDraft();
    await submitAndPay(id);
    const start = await t.app.inject({ method: 'POST', url: `/ho-so/${id}/thanh-toan/vietqr`, ...form(citizen) });
    assert.equal(start.statusCode, 303);
    const [order] = await orders(id);
    const page = await t.app.inject({ method: 'GET', url: `/ho-so/${id}/thanh-toan`, headers: { ...HTML, cookie: citizen.cookie } });
    assert.ok(page.body.includes(`id="vietqr-memo">${order!.order_no}</code>`), 'the memo names the order (no code yet)');

    const accountant = await login(t.app, 'demo.ketoan');
    const list = await t.app.inject({ method: 'GET', url: '/ke-toan/thanh-toan', headers: { ...HTML, cookie: accountant.cookie } });
    assert.ok(list.body.includes(order!.order_no));
    const ok = await t.app.inject({ method: 'POST', url: `/ke-toan/thanh-toan/${order!.id}/xac-nhan`, ...form(accountant, { reference: 'FT26BEFORE01' }) });
    assert.equal(ok.statusCode, 303);
    assert.equal(ok.headers.location, '/ke-toan/thanh-toan?thongbao=xac-nhan');
    const shown = await t.app.inject({ method: 'GET', url: String(ok.headers.location), headers: { ...HTML, cookie: accountant.cookie } });
    assert.ok(shown.body.includes('class="notice success" role="status"') && shown.body.includes('Đã xác nhận khoản chuyển khoản'));
    const plain = await t.app.inject({ method: 'GET', url: '/ke-toan/thanh-toan?thongbao=<script>', headers: { ...HTML, cookie: accountant.cookie } });
    assert.equal(plain.statusCode, 200);
    assert.ok(!plain.body.includes('notice success'));

    const d = await dossier(id);
    assert.equal(d.status, 1);
    const [paid] = await orders(id);
    assert.equal(d.submitted_at!.getTime(), paid!.paid_at!.getTime());
    assert.equal(paid!.confirmed_by, accountantActor.id);

    // The notifications consumer: in-app notice and e-mail with the receipt number, the amount and the link.
    await t.ctx.services.notifications.dispatch();
    const receipt = `${paid!.receipt_year}/${String(paid!.receipt_no).padStart(6, '0')}`;
    const notices = await t.ctx.db.selectFrom('notifications').select(['title', 'body', 'link', 'message']).where('dossier_id', '=', id).where('account_id', '=', citizenActor.id).execute();
    const notice = notices.find((n) => (n.message as { key?: string } | null)?.key === 'payment');
    assert.ok(notice, JSON.stringify(notices));
    assert.equal(notice.link, `/ho-so/${id}/thanh-toan`);
    assert.equal(notice.title, `Dossier ${d.code}: payment of 150.000 ₫ recorded`);
    assert.ok(notice.body.includes(receipt) && notice.body.includes('sent to the agency'), notice.body);
    const mails = await t.ctx.db.selectFrom('mail_messages').select(['subject', 'body_text']).where('subject', 'like', `%${d.code}: payment%`).execute();
    assert.equal(mails.length, 1);
    assert.ok(mails[0]!.body_text.includes(receipt) && mails[0]!.body_text.includes(`/ho-so/${id}`));
    // The in-app list renders the notice in the reader's language.
    const inbox = await t.app.inject({ method: 'GET', url: '/thong-bao', headers: { ...HTML, cookie: citizen.cookie, 'accept-language': 'en' } });
    assert.ok(inbox.body.includes(`Dossier ${d.code}: payment of 150.000 ₫ recorded`));
    const inboxVi = await t.app.inject({ method: 'GET', url: '/thong-bao', headers: { ...HTML, cookie: citizen.cookie, 'accept-language': 'vi' } });
    assert.ok(inboxVi.body.includes(`Hồ sơ ${d.code}: đã ghi nhận thanh toán 150.000 ₫`));
  });

  it('charged on request stays as it was: submitted at once (status 1), nothing due until the officer asks', async () => {
    const rules = await t.ctx.db.selectFrom('procedure_versions').select(['id', 'fee_rules']).where('procedure_id', '=', t.ctx.db.selectFrom('procedures').select('id').where('code', '=', COPYRIGHT_PROCEDURE)).execute();
    await t.ctx.db.updateTable('procedure_versions').set({ fee_rules: JSON.stringify({ ...(rules[0]!.fee_rules as object), charge: 'on_request' }) }).where('id', 'in', rules.map((r) => r.id)).execute();
    after(async () => {
      for (const r of rules) await t.ctx.db.updateTable('procedure_versions').set({ fee_rules: JSON.stringify(r.fee_rules) }).where('id', '=', r.id).execute();
    });
    const id = await readyDraft();
    const submitted = await t.ctx.services.dossiers.submit(citizenActor, id, null);
    assert.equal(submitted.status, 1);
    assert.equal((await t.ctx.services.payments.state(citizenActor, id)).dueVnd, 0);
  });
});
