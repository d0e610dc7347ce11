// Public postal service, the gaps of issue 12 over HTTP with the simulator as a separate HTTP server: the paper
// dossier sent by post (the post picks it up at the applicant's and carries it to the agency), its status on both
// sides and the "arrived by post" mark; a failed result delivery back to the counter (10 → 9, the receptionists'
// "to return" list, the failed-delivery queue keeps its record); the applicant's notices in their language
// (outbox dossier.postal → notifications, e-mail, SMS); and the bad input: someone else's dossier, a second pickup
// while one is pending, a webhook for a pickup of a closed dossier, a webhook replay.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authHeaders } from '../helpers/app.ts';
import { newCitizen, submittedDossier } from '../helpers/dossiers.ts';
import { summaryLinks, urlencodedForm } from '../helpers/forms.ts';
import { ADDRESS, createPostalTestApp } from '../helpers/postal.ts';

const SECRET = 'test-postal-webhook-secret-pickup-0123456789';
const { http, ctx, simulator, applicant, reception, applicantSession, receptionSession, toResultReady, page } = await createPostalTestApp(SECRET);

async function shipments(dossierId: string, kind: 'dossier' | 'result') {
  return await ctx.db.selectFrom('postal_shipments').selectAll().where('dossier_id', '=', dossierId).where('kind', '=', kind).orderBy('created_at').execute();
}

async function postalNotices(dossierId: string) {
  const rows = await ctx.db.selectFrom('outbox').select(['payload']).where('topic', '=', 'dossier.postal').execute();
  return rows.map((r) => r.payload as Record<string, unknown>).filter((p) => p.dossierId === dossierId);
}

async function history(dossierId: string, action: string) {
  return await ctx.db.selectFrom('dossier_events').select(['content', 'status', 'message']).where('dossier_id', '=', dossierId).where('action', '=', action).execute();
}

async function statusMessages(dossierId: string) {
  const rows = await ctx.db.selectFrom('outbox').select(['payload']).where('topic', '=', 'dossier.status').orderBy('id').execute();
  return rows.map((r) => r.payload as Record<string, unknown>).filter((p) => p.dossierId === dossierId);
}

/** Moves a shipment along the simulator to delivered or failed (three webhooks). */
async function track(tracking: string, outcome: 'delivered' | 'failed', reason?: string) {
  for (let i = 0; i < 3; i++) {
    const step = await simulator.advance(tracking, outcome, reason);
    assert.equal(step?.delivered, 200);
  }
}

describe('the paper dossier sent by post', () => {
  it('offered after submission, address pickers, shipment from the applicant to the agency, status on both sides, marked arrived', async () => {
    const { id, code } = await submittedDossier(ctx, applicant);
    // Offered on the confirmation (the procedure asks for originals) and on the dossier's postal page.
    assert.ok((await page(applicantSession, `/ho-so/${id}/da-nop`)).body.includes(`href="/ho-so/${id}/buu-chinh/gui-ho-so"`));
    const postalPage = await page(applicantSession, `/ho-so/${id}/buu-chinh`);
    assert.ok(postalPage.body.includes(`href="/ho-so/${id}/buu-chinh/gui-ho-so"`));
    const url = `/ho-so/${id}/buu-chinh/gui-ho-so`;
    const form = await page(applicantSession, url);
    assert.equal(form.statusCode, 200);
    assert.equal((form.body.match(/<option value="\d\d"/g) ?? []).length, 34);
    // "Show the communes" without JavaScript, then a bad phone refused on its field: nothing created.
    const picked = await http.inject({ method: 'POST', url, ...urlencodedForm(applicantSession, { ...ADDRESS, communeCode: '', action: 'communes' }) });
    assert.match(picked.body, /<option value="29242">Phường Trà Vinh<\/option>/);
    const wrong = await http.inject({ method: 'POST', url, ...urlencodedForm(applicantSession, { ...ADDRESS, phone: '12', action: 'save' }) });
    assert.equal(wrong.statusCode, 422);
    assert.deepEqual(summaryLinks(wrong.body).map((l) => l.href), ['#phone']);
    assert.equal((await shipments(id, 'dossier')).length, 0);
    const before = simulator.shipments().length;

    const sent = await http.inject({ method: 'POST', url, ...urlencodedForm(applicantSession, { ...ADDRESS, action: 'save' }) });
    assert.equal(sent.statusCode, 303, sent.body);
    assert.equal(sent.headers.location, `/ho-so/${id}/buu-chinh?pickup=1#gui-ho-so`);
    const [row] = await shipments(id, 'dossier');
    assert.ok(row);
    assert.equal(row.status, 'created');
    assert.equal(row.commune_code, '29242', 'the pickup address is kept with the shipment');
    // The postal service got a 'dossier' shipment: sender the applicant at that address, recipient the agency.
    assert.equal(simulator.shipments().length, before + 1);
    const simulated = simulator.shipments().find((s) => s.trackingNumber === row.tracking_number)!;
    assert.equal(simulated.kind, 'dossier');
    assert.equal(simulated.reference, code);
    assert.deepEqual({ ...simulated.sender }, { name: 'Nguyễn Văn An', phone: '0912345678', street: 'Số 12 đường Nguyễn Đáng', provinceCode: '86', communeCode: '29242' });
    assert.match(simulated.recipient.name, /Cục Bản quyền tác giả/);
    const pickupEntries = await history(id, 'postal_pickup');
    assert.equal(pickupEntries.length, 1);
    // Stored as a key + parameters (rendered in the reader's language), the Vietnamese text kept.
    assert.deepEqual(pickupEntries[0]!.message, { key: 'timeline.postalPickup', params: { trackingNumber: row.tracking_number } });
    assert.equal(pickupEntries[0]!.content, `Người nộp gửi hồ sơ giấy qua bưu chính công ích (mã bưu gửi ${row.tracking_number})`);

    // Shown to the applicant (page and API) and to the officer; no second request while it is on its way.
    assert.match((await page(applicantSession, `/ho-so/${id}/buu-chinh?pickup=1`)).body, /data-status="created"/);
    const state = (await http.inject({ method: 'GET', url: `/api/dossiers/${id}/postal`, headers: { cookie: applicantSession.cookie } })).json();
    assert.deepEqual(state.pickup, { canRequest: false, blocked: 'pending' });
    assert.equal(state.shipments[0].kind, 'dossier');
    const again = await http.inject({ method: 'POST', url: `/api/dossiers/${id}/postal/pickup`, headers: authHeaders(applicantSession), payload: ADDRESS });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().code, 'POSTAL_PICKUP_PENDING');
    assert.equal(simulator.shipments().length, before + 1, 'nothing asked of the postal service');
    assert.match((await page(receptionSession, `/can-bo/ho-so/${id}/buu-chinh`)).body, new RegExp(row.tracking_number));
    assert.doesNotMatch((await page(receptionSession, `/can-bo/ho-so/${id}`)).body, /postal-arrived/);

    // Delivered at the agency: the receptionist sees the mark on the dossier page and in the postal queue page.
    await track(row.tracking_number, 'delivered');
    assert.match((await page(receptionSession, `/can-bo/ho-so/${id}`)).body, /class="postal-arrived">Hồ sơ giấy đã đến qua bưu chính/);
    assert.match((await page(receptionSession, `/can-bo/ho-so/${id}/buu-chinh`)).body, /postal-arrived/);
    const queue = await page(receptionSession, '/can-bo/buu-chinh');
    assert.ok(queue.body.includes(`data-arrived="${code}"`));
    const arrivedEntries = await history(id, 'postal_arrived');
    assert.equal(arrivedEntries.length, 1);
    assert.deepEqual(arrivedEntries[0]!.message, { key: 'timeline.postalArrived', params: { trackingNumber: row.tracking_number } });
    assert.equal(arrivedEntries[0]!.content, `Hồ sơ giấy đã đến cơ quan qua bưu chính công ích (mã bưu gửi ${row.tracking_number})`);
    assert.match((await page(applicantSession, `/ho-so/${id}/buu-chinh`)).body, /data-status="delivered"/);
    // On the applicant's dossier page too, with the history entry.
    const dossierPage = (await page(applicantSession, `/ho-so/${id}`)).body;
    assert.match(dossierPage, /class="postal-pickup-status" data-status="delivered"/);
    assert.match(dossierPage, /Hồ sơ giấy đã đến cơ quan qua bưu chính công ích/);
    // Once arrived, never again; the statutory clock is untouched.
    const third = await http.inject({ method: 'POST', url: `/api/dossiers/${id}/postal/pickup`, headers: authHeaders(applicantSession), payload: ADDRESS });
    assert.equal(third.json().code, 'POSTAL_PICKUP_DONE');
    const dossierRow = await ctx.db.selectFrom('dossiers').select(['status', 'due_at', 'paused_at']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(dossierRow.status, 1);
    assert.equal(dossierRow.paused_at, null);
    // The applicant is told (one notice for the delivery, none for the intermediate steps).
    assert.deepEqual((await postalNotices(id)).map((n) => `${n.kind}:${n.event}`), ['dossier:delivered']);
    // English pages too, no key left untranslated.
    const english = (await page(applicantSession, `${url}?lang=en`)).body;
    assert.match(english, /Send the paper dossier by post/);
    assert.doesNotMatch(english, /postal\.[a-zA-Z]/);
  });

  it('after a failed pickup the applicant may ask again (a new shipment); the failure is told', async () => {
    const { id } = await submittedDossier(ctx, applicant);
    const first = await http.inject({ method: 'POST', url: `/api/dossiers/${id}/postal/pickup`, headers: authHeaders(applicantSession), payload: { ...ADDRESS, weightGrams: 800 } });
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(first.json().kind, 'dossier');
    assert.equal(first.json().weightGrams, 800);
    await track(first.json().trackingNumber, 'failed', 'Không liên lạc được với người gửi');
    assert.match((await page(applicantSession, `/ho-so/${id}/buu-chinh`)).body, /Bưu chính không nhận được hồ sơ giấy/);
    assert.deepEqual((await http.inject({ method: 'GET', url: `/api/dossiers/${id}/postal`, headers: { cookie: applicantSession.cookie } })).json().pickup, { canRequest: true, blocked: null });
    const second = await http.inject({ method: 'POST', url: `/api/dossiers/${id}/postal/pickup`, headers: authHeaders(applicantSession), payload: ADDRESS });
    assert.equal(second.statusCode, 201, second.body);
    assert.notEqual(second.json().trackingNumber, first.json().trackingNumber);
    assert.equal((await shipments(id, 'dossier')).length, 2);
    const notices = await postalNotices(id);
    assert.deepEqual(notices.map((n) => `${n.kind}:${n.event}:${n.reason}`), ['dossier:failed:Không liên lạc được với người gửi']);
    assert.equal((await history(id, 'postal_arrived')).length, 0);
  });

  it("someone else's dossier: 404 on the page and the API, nothing leaked, nothing asked of the post", async () => {
    const other = await newCitizen(ctx);
    const { id, code } = await submittedDossier(ctx, other);
    const before = simulator.shipments().length;
    const api = await http.inject({ method: 'POST', url: `/api/dossiers/${id}/postal/pickup`, headers: authHeaders(applicantSession), payload: ADDRESS });
    assert.equal(api.statusCode, 404);
    assert.ok(!api.body.includes(code!));
    const form = await page(applicantSession, `/ho-so/${id}/buu-chinh/gui-ho-so`);
    assert.equal(form.statusCode, 404);
    assert.ok(!form.body.includes(code!));
    const posted = await http.inject({ method: 'POST', url: `/ho-so/${id}/buu-chinh/gui-ho-so`, ...urlencodedForm(applicantSession, { ...ADDRESS, action: 'save' }) });
    assert.equal(posted.statusCode, 404);
    // Staff are not the applicant either.
    assert.equal((await http.inject({ method: 'POST', url: `/api/dossiers/${id}/postal/pickup`, headers: authHeaders(receptionSession), payload: ADDRESS })).statusCode, 404);
    // Not a dossier id at all.
    assert.equal((await http.inject({ method: 'POST', url: '/api/dossiers/not-a-uuid/postal/pickup', headers: authHeaders(applicantSession), payload: ADDRESS })).statusCode, 404);
    assert.equal(simulator.shipments().length, before);
    assert.equal((await shipments(id, 'dossier')).length, 0);
  });

  it('refused for a closed dossier and a dossier registered at the counter', async () => {
    const { id } = await submittedDossier(ctx, applicant);
    await ctx.services.handling.act(reception, id, 'refuse', { reasons: ['Không thuộc thẩm quyền'] });
    const closed = await http.inject({ method: 'POST', url: `/api/dossiers/${id}/postal/pickup`, headers: authHeaders(applicantSession), payload: ADDRESS });
    assert.equal(closed.statusCode, 409);
    assert.equal(closed.json().code, 'POSTAL_PICKUP_CLOSED');
    assert.match((await page(applicantSession, `/ho-so/${id}/buu-chinh/gui-ho-so`)).body, /data-pickup-blocked="closed"/);
    const counter = await submittedDossier(ctx, applicant);
    await ctx.db.updateTable('dossiers').set({ channel: 1 }).where('id', '=', counter.id).execute();
    const atCounter = await http.inject({ method: 'POST', url: `/api/dossiers/${counter.id}/postal/pickup`, headers: authHeaders(applicantSession), payload: ADDRESS });
    assert.equal(atCounter.json().code, 'POSTAL_PICKUP_NOT_ONLINE');
  });

  it('a webhook for a pickup of a dossier closed meanwhile: the shipment is tracked, the dossier untouched, nobody told', async () => {
    const { id } = await submittedDossier(ctx, applicant);
    const created = await http.inject({ method: 'POST', url: `/api/dossiers/${id}/postal/pickup`, headers: authHeaders(applicantSession), payload: ADDRESS });
    assert.equal(created.statusCode, 201);
    const tracking = created.json().trackingNumber as string;
    await ctx.services.handling.act(reception, id, 'withdraw', { reason: 'Người nộp rút hồ sơ' });
    const before = await ctx.db.selectFrom('dossiers').select(['status', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
    await track(tracking, 'delivered');
    assert.equal((await shipments(id, 'dossier'))[0]!.status, 'delivered');
    assert.deepEqual(await ctx.db.selectFrom('dossiers').select(['status', 'version']).where('id', '=', id).executeTakeFirstOrThrow(), before);
    assert.deepEqual(await postalNotices(id), []);
    assert.equal((await history(id, 'postal_arrived')).length, 0);
    assert.ok(!(await page(receptionSession, '/can-bo/buu-chinh')).body.includes(`href="/can-bo/ho-so/${id}"`), 'not in the arrived list');
  });

  it('a webhook replay changes nothing: one event, one notice, one history entry', async () => {
    const { id } = await submittedDossier(ctx, applicant);
    const created = await http.inject({ method: 'POST', url: `/api/dossiers/${id}/postal/pickup`, headers: authHeaders(applicantSession), payload: ADDRESS });
    const tracking = created.json().trackingNumber as string;
    await track(tracking, 'delivered');
    for (let i = 0; i < 3; i++) assert.equal(await simulator.resend(tracking), 200);
    const events = await ctx.db.selectFrom('postal_shipment_events').select(['applied']).where('shipment_id', '=', created.json().id).execute();
    assert.equal(events.length, 3);
    assert.equal((await postalNotices(id)).length, 1);
    assert.equal((await history(id, 'postal_arrived')).length, 1);
  });
});

describe('a failed result delivery returns to the counter', () => {
  it('10 → 9, in the receptionists\' "to return" list, kept in the failed-delivery queue, the applicant told; handed over at the counter', async () => {
    const { id, code } = await submittedDossier(ctx, applicant);
    await http.inject({ method: 'PUT', url: `/api/dossiers/${id}/postal/delivery`, headers: authHeaders(applicantSession), payload: ADDRESS });
    await toResultReady(id);
    const sent = await http.inject({ method: 'POST', url: `/api/dossiers/${id}/postal/send-result`, headers: authHeaders(receptionSession), payload: {} });
    assert.equal(sent.statusCode, 201, sent.body);
    const returned = await ctx.db.selectFrom('dossiers').select(['status', 'return_method', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual({ status: returned.status, method: returned.return_method }, { status: 10, method: 'post' });
    await track(sent.json().trackingNumber, 'failed', 'Người nhận vắng nhà');

    const back = await ctx.db.selectFrom('dossiers').select(['status', 'return_method', 'returned_at', 'result_delivery', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(back.status, 9);
    assert.equal(back.return_method, null);
    assert.equal(back.returned_at, null);
    assert.equal(back.result_delivery, 'counter');
    assert.ok(back.version > returned.version);
    assert.equal(await ctx.db.selectFrom('postal_deliveries').select('dossier_id').where('dossier_id', '=', id).executeTakeFirst(), undefined);
    const failedEntries = await history(id, 'postal_failed');
    assert.equal(failedEntries.length, 1);
    assert.equal(failedEntries[0]!.status, 9);
    const tracking = sent.json().trackingNumber as string;
    assert.deepEqual(failedEntries[0]!.message, { key: 'timeline.postalFailed', params: { trackingNumber: tracking, reason: 'Người nhận vắng nhà' } });
    assert.equal(failedEntries[0]!.content, `Bưu chính phát kết quả không thành công (mã bưu gửi ${tracking}: Người nhận vắng nhà); kết quả chuyển về trả tại Bộ phận Một cửa`);
    // The change of status (10 → 9) is told to the other consumers (national portal sync…) like any back-office
    // step: a dossier.status message with the back office's payload, written in the webhook's transaction.
    const status = (await statusMessages(id)).at(-1)!;
    assert.deepEqual(
      { ...status, at: typeof status.at },
      {
        dossierId: id,
        code,
        agencyId: (await ctx.db.selectFrom('dossiers').select('agency_id').where('id', '=', id).executeTakeFirstOrThrow()).agency_id,
        applicantId: applicant.id,
        status: 9,
        previousStatus: 10,
        action: 'postal_failed',
        at: 'string',
        content: failedEntries[0]!.content,
        event: failedEntries[0]!.message,
        dueAt: status.dueAt,
        appointmentAt: status.appointmentAt,
        trackingNumber: tracking,
      },
    );
    assert.ok(typeof status.dueAt === 'string' && !Number.isNaN(Date.parse(status.dueAt)), 'the legal deadline');
    assert.equal((await statusMessages(id)).filter((m) => m.action === 'postal_failed').length, 1);
    // The receptionists' "to return" list (their queue, mine) shows it again; the failed-delivery queue keeps it.
    const mine = await ctx.services.handling.queue(reception, { scope: 'mine', q: code! });
    assert.ok(mine.items.some((d) => d.id === id), 'back in the receptionist\'s queue');
    assert.ok((await page(receptionSession, '/can-bo/buu-chinh')).body.includes(code));
    // Told: one notice, failed, back at the counter.
    assert.deepEqual((await postalNotices(id)).map((n) => `${n.kind}:${n.event}:${n.backToCounter}`), ['result:failed:true']);
    // The applicant may ask for the post again (the address was forgotten), or collect it at the counter.
    assert.equal((await http.inject({ method: 'GET', url: `/api/dossiers/${id}/postal`, headers: { cookie: applicantSession.cookie } })).json().open, true);

    // Handed over at the counter from the failed-delivery queue: the return is recorded (method counter).
    const failed = (await shipments(id, 'result'))[0]!;
    const handed = await http.inject({ method: 'POST', url: `/can-bo/buu-chinh/${failed.id}/da-tra`, ...urlencodedForm(receptionSession, {}) });
    assert.equal(handed.statusCode, 303);
    const done = await ctx.db.selectFrom('dossiers').select(['status', 'return_method']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual(done, { status: 10, return_method: 'counter' });
    assert.ok(!(await page(receptionSession, '/can-bo/buu-chinh')).body.includes(code));
  });

  it('returned through the ordinary "return the result" action instead: it leaves the failed-delivery queue', async () => {
    const { id, code } = await submittedDossier(ctx, applicant);
    await http.inject({ method: 'PUT', url: `/api/dossiers/${id}/postal/delivery`, headers: authHeaders(applicantSession), payload: ADDRESS });
    await toResultReady(id);
    const sent = await http.inject({ method: 'POST', url: `/api/dossiers/${id}/postal/send-result`, headers: authHeaders(receptionSession), payload: {} });
    await track(sent.json().trackingNumber, 'failed');
    assert.ok((await page(receptionSession, '/can-bo/buu-chinh')).body.includes(code));
    await ctx.services.handling.act(reception, id, 'return_result', { method: 'counter' });
    assert.ok(!(await page(receptionSession, '/can-bo/buu-chinh')).body.includes(code));
    assert.doesNotMatch((await page(receptionSession, '/can-bo')).body, /href="\/can-bo\/buu-chinh"/);
  });

  it('a delivered result is told to the applicant, in their language', async () => {
    const citizen = await newCitizen(ctx, 'Trần Thị Cúc');
    await ctx.db.updateTable('accounts').set({ locale: 'en' }).where('id', '=', citizen.id).execute();
    const { id, code } = await submittedDossier(ctx, citizen);
    await ctx.services.postal.chooseDelivery(citizen, id, ADDRESS);
    await toResultReady(id);
    const sent = await ctx.services.postal.sendResult(reception, id, {});
    await track(sent.trackingNumber, 'delivered');
    await ctx.services.notifications.dispatch();
    const rows = await ctx.db.selectFrom('notifications').select(['title', 'body', 'link']).where('dossier_id', '=', id).where('account_id', '=', citizen.id).execute();
    const delivered = rows.find((r) => r.title.includes('delivered by post'));
    assert.ok(delivered, JSON.stringify(rows));
    assert.equal(delivered.title, `Dossier ${code}: your result was delivered by post`);
    assert.match(delivered.body, new RegExp(sent.trackingNumber));
    assert.equal(delivered.link, `/ho-so/${id}/buu-chinh`);
    // And by e-mail, in English.
    const mails = await ctx.db.selectFrom('mail_messages').select(['subject']).where('subject', '=', `Dossier ${code}: your result was delivered by post`).execute();
    assert.equal(mails.length, 1, 'an e-mail in the recipient\'s language');
  });
});
