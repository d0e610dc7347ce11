// Public postal service end to end over HTTP, with the postal service simulator as a separate HTTP server whose
// tracking webhooks are delivered to the application (app.inject): the applicant's address with the post-2025
// units (pickers without JavaScript), the officer's "send the result by post" (shipment, postage, return 9 → 10),
// tracking to delivered or failed, the counter's return queue, and the webhook's refusals (bad signature, unknown
// shipment, replay, out-of-order, malformed).
import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import type { Actor } from '../../src/core/actor.ts';
import { authHeaders } from '../helpers/app.ts';
import { newCitizen, submittedDossier } from '../helpers/dossiers.ts';
import { summaryLinks, urlencodedForm } from '../helpers/forms.ts';
import { ADDRESS, createPostalTestApp } from '../helpers/postal.ts';

const SECRET = 'test-postal-webhook-secret-0123456789';
const { http, ctx, simulator, applicant, reception, applicantSession, receptionSession, toResultReady, page } = await createPostalTestApp(SECRET);

async function dossier(who: Actor = applicant) {
  return await submittedDossier(ctx, who);
}

async function shipmentOf(dossierId: string) {
  return await ctx.db.selectFrom('postal_shipments').selectAll().where('dossier_id', '=', dossierId).executeTakeFirstOrThrow();
}

async function eventCount(shipmentId: string) {
  const row = await ctx.db.selectFrom('postal_shipment_events').select((eb) => eb.fn.countAll<string>().as('n')).where('shipment_id', '=', shipmentId).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function refusals() {
  const row = await ctx.db.selectFrom('postal_webhook_refusals').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

function webhook(event: Record<string, unknown>, secret = SECRET, signature?: string) {
  const body = JSON.stringify(event);
  return http.inject({
    method: 'POST',
    url: '/api/postal/webhook',
    headers: { 'content-type': 'application/json', 'x-postal-signature': signature ?? `sha256=${createHmac('sha256', secret).update(body).digest('hex')}` },
    payload: body,
  });
}

describe('address units', () => {
  it('lists the 34 provinces after the 2025 merger, and the communes of a province', async () => {
    const provinces = (await http.inject({ method: 'GET', url: '/api/postal/provinces' })).json() as { items: Array<{ code: string; name: string; hasCommunes: boolean }> };
    assert.equal(provinces.items.length, 34);
    assert.equal(provinces.items.filter((p) => p.name.startsWith('Thành phố ')).length, 6);
    assert.ok(provinces.items.some((p) => p.code === '86' && p.name === 'Tỉnh Vĩnh Long' && p.hasCommunes));
    assert.ok(!provinces.items.some((p) => /Trà Vinh|Bến Tre|Hà Giang/.test(p.name)), 'merged provinces are gone');
    const communes = (await http.inject({ method: 'GET', url: '/api/postal/provinces/86/communes' })).json() as { items: Array<{ code: string; name: string }> };
    assert.equal(communes.items.length, 124);
    assert.ok(communes.items.some((c) => c.code === '29242' && c.name === 'Phường Trà Vinh'));
    assert.equal((await http.inject({ method: 'GET', url: '/api/postal/provinces/01/communes' })).json().items.length, 126);
    // Every province has its communes (the official list of 1 July 2025, migration 0032): 3,321 in all.
    assert.ok(provinces.items.every((p) => p.hasCommunes));
    const hcm = (await http.inject({ method: 'GET', url: '/api/postal/provinces/79/communes' })).json() as { items: Array<{ code: string; name: string; kind: string }> };
    assert.equal(hcm.items.length, 168);
    assert.ok(hcm.items.some((c) => c.code === '26740' && c.name === 'Phường Sài Gòn' && c.kind === 'ward'));
    assert.ok(hcm.items.some((c) => c.code === '26732' && c.name === 'Đặc khu Côn Đảo' && c.kind === 'special_zone'));
    // Codes of 0026 corrected to the official ones (Phường Cửa Nam is 00082, not 00073).
    const hanoi = (await http.inject({ method: 'GET', url: '/api/postal/provinces/01/communes' })).json() as { items: Array<{ code: string; name: string }> };
    assert.equal(hanoi.items.find((c) => c.name === 'Phường Cửa Nam')?.code, '00082');
    assert.equal((await http.inject({ method: 'GET', url: '/api/postal/provinces/99/communes' })).statusCode, 404);
    assert.equal((await http.inject({ method: 'GET', url: "/api/postal/provinces/1'--/communes" })).statusCode, 404);
  });
});

describe('the applicant chooses to receive the result by post', () => {
  it('province → commune pickers without JavaScript, errors by field, then the address is saved', async () => {
    const { id } = await dossier();
    const url = `/ho-so/${id}/buu-chinh`;
    // Linked from the confirmation of the submission and from the dossier page.
    assert.ok((await page(applicantSession, `/ho-so/${id}/da-nop`)).body.includes(`href="${url}"`));
    assert.ok((await page(applicantSession, `/ho-so/${id}`)).body.includes(`href="${url}"`));
    const first = await page(applicantSession, url);
    assert.equal(first.statusCode, 200);
    assert.equal((first.body.match(/<option value="\d\d"/g) ?? []).length, 34);
    // "Show the communes" re-renders the form with the province's list and keeps what was typed.
    const picked = await http.inject({ method: 'POST', url, ...urlencodedForm(applicantSession, { ...ADDRESS, communeCode: '', action: 'communes' }) });
    assert.equal(picked.statusCode, 200);
    assert.match(picked.body, /<option value="29242">Phường Trà Vinh<\/option>/);
    assert.match(picked.body, /value="Nguyễn Văn An"/);
    // The GET variant (?province=) does the same.
    assert.match((await page(applicantSession, `${url}?province=01`)).body, /Phường Hoàn Kiếm/);
    // A commune of another province is refused on its field.
    const wrong = await http.inject({ method: 'POST', url, ...urlencodedForm(applicantSession, { ...ADDRESS, communeCode: '00070', action: 'save' }) });
    assert.equal(wrong.statusCode, 422);
    assert.deepEqual(summaryLinks(wrong.body).map((l) => l.href), ['#communeCode']);
    const saved = await http.inject({ method: 'POST', url, ...urlencodedForm(applicantSession, { ...ADDRESS, action: 'save' }) });
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, `${url}?ok=1`);
    const row = await ctx.db.selectFrom('dossiers').select('result_delivery').where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.result_delivery, 'post');
    const state = (await http.inject({ method: 'GET', url: `/api/dossiers/${id}/postal`, headers: { cookie: applicantSession.cookie } })).json();
    assert.equal(state.delivery.commune, 'Phường Trà Vinh');
    assert.equal(state.delivery.province, 'Tỉnh Vĩnh Long');
    assert.match((await page(applicantSession, url)).body, /Số 12 đường Nguyễn Đáng, Phường Trà Vinh, Tỉnh Vĩnh Long/);
    // Every text in English too (no message key left untranslated), on both sides.
    const english = (await page(applicantSession, `${url}?lang=en`)).body;
    assert.match(english, /Receive the result by public postal service/);
    assert.doesNotMatch(english, /postal\.[a-zA-Z]/);
    // Changing one's mind: the address is forgotten and the result is no longer to be sent by post.
    const cancelled = await http.inject({ method: 'POST', url, ...urlencodedForm(applicantSession, { action: 'cancel' }) });
    assert.equal(cancelled.statusCode, 303);
    assert.equal((await ctx.db.selectFrom('dossiers').select('result_delivery').where('id', '=', id).executeTakeFirstOrThrow()).result_delivery, null);
    assert.equal(await ctx.db.selectFrom('postal_deliveries').select('dossier_id').where('dossier_id', '=', id).executeTakeFirst(), undefined);
  });

  it('refuses hostile addresses: control characters, too long, unknown commune, extra fields (nothing saved)', async () => {
    const { id } = await dossier();
    const put = (body: Record<string, unknown>) => http.inject({ method: 'PUT', url: `/api/dossiers/${id}/postal/delivery`, headers: authHeaders(applicantSession), payload: body });
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...ADDRESS, recipientName: 'An\u0007' }, '/recipientName'],
      [{ ...ADDRESS, street: 'Số 1\nBcc: x@example.com' }, '/street'],
      [{ ...ADDRESS, recipientName: 'A'.repeat(101) }, '/recipientName'],
      [{ ...ADDRESS, street: 'x'.repeat(201) }, '/street'],
      [{ ...ADDRESS, communeCode: '99999' }, '/communeCode'],
      [{ ...ADDRESS, communeCode: "29242' OR 1=1" }, '/communeCode'],
      [{ ...ADDRESS, provinceCode: '99' }, '/provinceCode'],
      [{ ...ADDRESS, phone: '12345' }, '/phone'],
    ];
    for (const [body, path] of cases) {
      const response = await put(body);
      assert.equal(response.statusCode, 422, JSON.stringify(body).slice(0, 80));
      assert.match(String(response.headers['content-type']), /application\/problem\+json/);
      assert.ok((response.json() as { errors: Array<{ path: string }> }).errors.some((e) => e.path === path), `${path}: ${response.body}`);
    }
    assert.equal((await put({ ...ADDRESS, extra: 'x' })).statusCode, 422);
    assert.equal(await ctx.db.selectFrom('postal_deliveries').select('dossier_id').where('dossier_id', '=', id).executeTakeFirst(), undefined);
    // Another citizen does not see the dossier at all.
    const other = await newCitizen(ctx);
    await assert.rejects(ctx.services.postal.chooseDelivery(other, id, ADDRESS), (e: { code?: string }) => e.code === 'NOT_FOUND');
  });
});

describe('the result sent by post', () => {
  it('delivered: shipment with postage and tracking number, returned by post, tracked to delivered; replays change nothing', async () => {
    const { id, code } = await dossier();
    await ctx.services.postal.chooseDelivery(applicant, id, ADDRESS);
    // Not before the result is ready.
    const early = await http.inject({ method: 'POST', url: `/api/dossiers/${id}/postal/send-result`, headers: authHeaders(receptionSession), payload: {} });
    assert.equal(early.statusCode, 409);
    assert.equal(early.json().code, 'POSTAL_NOT_READY');
    await toResultReady(id);
    const officerPage = await page(receptionSession, `/can-bo/ho-so/${id}/buu-chinh`);
    assert.equal(officerPage.statusCode, 200);
    assert.match(officerPage.body, /action="\/can-bo\/ho-so\/[^"]+\/buu-chinh"/);
    const sent = await http.inject({ method: 'POST', url: `/can-bo/ho-so/${id}/buu-chinh`, ...urlencodedForm(receptionSession, { weightGrams: '150', note: 'Giấy chứng nhận bản gốc' }) });
    assert.equal(sent.statusCode, 303, sent.body);

    const d = await ctx.db.selectFrom('dossiers').select(['status', 'return_method']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual(d, { status: 10, return_method: 'post' });
    const shipment = await shipmentOf(id);
    const simulated = simulator.shipments().find((s) => s.trackingNumber === shipment.tracking_number);
    assert.ok(simulated, 'the shipment exists at the postal service');
    assert.equal(simulated.reference, code);
    assert.equal(simulated.recipient.communeCode, '29242');
    assert.equal(Number(shipment.postage_vnd), simulated.postageVnd);
    assert.equal(Number(shipment.postage_vnd), 26_500); // 150 g from Hà Nội (POSTAL_SENDER_PROVINCE) to Vĩnh Long
    assert.equal(shipment.status, 'created');
    const history = await ctx.services.handling.detail(reception, id);
    assert.ok(history.events.some((e) => e.action === 'return_result' && e.content?.includes(shipment.tracking_number)));
    // Twice is refused.
    const again = await http.inject({ method: 'POST', url: `/api/dossiers/${id}/postal/send-result`, headers: authHeaders(receptionSession), payload: {} });
    assert.equal(again.statusCode, 409);

    for (const expected of ['accepted', 'in_transit', 'delivered']) {
      const step = await simulator.advance(shipment.tracking_number);
      assert.equal(step?.delivered, 200);
      assert.equal((await shipmentOf(id)).status, expected);
    }
    assert.equal(await eventCount(shipment.id), 3);
    // The same webhook again (a replay): 200, nothing recorded twice, nothing changes.
    assert.equal(await simulator.resend(shipment.tracking_number), 200);
    assert.equal(await eventCount(shipment.id), 3);
    assert.equal((await shipmentOf(id)).status, 'delivered');
    // A late event after the end: recorded as not applied, the status stays.
    const late = await webhook({ eventId: randomUUID(), trackingNumber: shipment.tracking_number, status: 'failed', reason: 'x', occurredAt: new Date().toISOString() });
    assert.equal(late.statusCode, 200);
    assert.equal(late.json().ignored, 'closed');
    assert.equal((await shipmentOf(id)).status, 'delivered');

    for (const url of [`/ho-so/${id}/buu-chinh?lang=en`, `/can-bo/ho-so/${id}/buu-chinh?lang=en`]) {
      const session = url.startsWith('/ho-so') ? applicantSession : receptionSession;
      assert.doesNotMatch((await page(session, url)).body, /postal\.[a-zA-Z]/, url);
    }
    // Both sides see it.
    assert.match((await page(applicantSession, `/ho-so/${id}/buu-chinh`)).body, /data-status="delivered"/);
    assert.match((await page(receptionSession, `/can-bo/ho-so/${id}/buu-chinh`)).body, /Đã phát thành công/);
    const json = (await http.inject({ method: 'GET', url: `/api/dossiers/${id}/postal`, headers: { cookie: applicantSession.cookie } })).json();
    assert.deepEqual(json.shipments[0].events.map((e: { status: string }) => e.status), ['accepted', 'in_transit', 'delivered', 'failed']);
  });

  it('failed: an out-of-order event is ignored; the result goes back to the counter queue until handed over there', async () => {
    const { id, code } = await dossier();
    await http.inject({ method: 'PUT', url: `/api/dossiers/${id}/postal/delivery`, headers: authHeaders(applicantSession), payload: { ...ADDRESS, provinceCode: '01', communeCode: '00070' } });
    await toResultReady(id);
    const sent = await http.inject({ method: 'POST', url: `/api/dossiers/${id}/postal/send-result`, headers: authHeaders(receptionSession), payload: { weightGrams: 100 } });
    assert.equal(sent.statusCode, 201, sent.body);
    const tracking = sent.json().trackingNumber as string;
    assert.equal(sent.json().postageVnd, 16_500); // 100 g within Hà Nội
    await simulator.advance(tracking);
    await simulator.advance(tracking);
    // "accepted" arriving after "in transit": ignored by the state machine.
    const stale = await webhook({ eventId: randomUUID(), trackingNumber: tracking, status: 'accepted', occurredAt: new Date().toISOString() });
    assert.equal(stale.json().ignored, 'stale');
    assert.equal((await shipmentOf(id)).status, 'in_transit');
    await simulator.advance(tracking, 'failed', 'Người nhận vắng nhà');
    const failed = await shipmentOf(id);
    assert.equal(failed.status, 'failed');
    assert.equal(failed.failure_reason, 'Người nhận vắng nhà');

    // The officers' queue page flags it, linking to the counter return queue; the dossier page links to the postal page.
    assert.match((await page(receptionSession, '/can-bo')).body, /href="\/can-bo\/buu-chinh">[^<]*\(1\)/);
    assert.ok((await page(receptionSession, `/can-bo/ho-so/${id}`)).body.includes(`/can-bo/ho-so/${id}/buu-chinh`));
    const queue = await page(receptionSession, '/can-bo/buu-chinh');
    assert.equal(queue.statusCode, 200);
    assert.ok(queue.body.includes(code), 'the dossier is in the counter return queue');
    assert.match((await page(applicantSession, `/ho-so/${id}/buu-chinh`)).body, /đến nhận tại quầy/);
    // The applicant's side cannot touch the queue.
    assert.equal((await page(applicantSession, '/can-bo/buu-chinh')).statusCode, 403);
    const handed = await http.inject({ method: 'POST', url: `/can-bo/buu-chinh/${failed.id}/da-tra`, ...urlencodedForm(receptionSession, {}) });
    assert.equal(handed.statusCode, 303);
    assert.ok((await shipmentOf(id)).counter_returned_at);
    assert.ok(!(await page(receptionSession, '/can-bo/buu-chinh')).body.includes(code));
    assert.doesNotMatch((await page(receptionSession, '/can-bo')).body, /href="\/can-bo\/buu-chinh"/);
    // Once handed over it is no longer in the queue: a second time is refused.
    assert.equal((await http.inject({ method: 'POST', url: `/can-bo/buu-chinh/${failed.id}/da-tra`, ...urlencodedForm(receptionSession, {}) })).statusCode, 409);
  });

  it('a dossier changed meanwhile: nothing is kept, and the retry gets the same shipment from the postal service', async () => {
    const { id, code } = await dossier();
    await ctx.services.postal.chooseDelivery(applicant, id, ADDRESS);
    await toResultReady(id);
    const stale = await http.inject({ method: 'POST', url: `/api/dossiers/${id}/postal/send-result`, headers: authHeaders(receptionSession), payload: { expectedVersion: 999999 } });
    assert.equal(stale.statusCode, 409, stale.body);
    assert.equal(await ctx.db.selectFrom('postal_shipments').select('id').where('dossier_id', '=', id).executeTakeFirst(), undefined);
    const retried = await http.inject({ method: 'POST', url: `/api/dossiers/${id}/postal/send-result`, headers: authHeaders(receptionSession), payload: {} });
    assert.equal(retried.statusCode, 201, retried.body);
    assert.equal(simulator.shipments().filter((s) => s.reference === code).length, 1, 'one shipment at the postal service');
    assert.equal(simulator.shipments().find((s) => s.reference === code)?.trackingNumber, retried.json().trackingNumber);
  });

  it('without an address the officer cannot send by post, until the officer records one (asked at the counter)', async () => {
    const { id } = await dossier();
    await toResultReady(id);
    const response = await http.inject({ method: 'POST', url: `/api/dossiers/${id}/postal/send-result`, headers: authHeaders(receptionSession), payload: {} });
    assert.equal(response.statusCode, 409);
    assert.equal(response.json().code, 'POSTAL_NO_ADDRESS');
    const url = `/can-bo/ho-so/${id}/buu-chinh/dia-chi`;
    // The officer's form works without JavaScript too, and checks the address the same way.
    const picked = await http.inject({ method: 'POST', url, ...urlencodedForm(receptionSession, { ...ADDRESS, communeCode: '', provinceCode: '01', action: 'communes' }) });
    assert.equal(picked.statusCode, 200);
    assert.match(picked.body, /<option value="00070">Phường Hoàn Kiếm<\/option>/);
    const bad = await http.inject({ method: 'POST', url, ...urlencodedForm(receptionSession, { ...ADDRESS, street: 'x'.repeat(201), action: 'save' }) });
    assert.equal(bad.statusCode, 422);
    assert.deepEqual(summaryLinks(bad.body).map((l) => l.href), ['#street']);
    const saved = await http.inject({ method: 'POST', url, ...urlencodedForm(receptionSession, { ...ADDRESS, action: 'save' }) });
    assert.equal(saved.statusCode, 303);
    assert.equal((await ctx.db.selectFrom('dossiers').select('result_delivery').where('id', '=', id).executeTakeFirstOrThrow()).result_delivery, 'post');
    const sent = await http.inject({ method: 'POST', url: `/api/dossiers/${id}/postal/send-result`, headers: authHeaders(receptionSession), payload: {} });
    assert.equal(sent.statusCode, 201, sent.body);
    // After the return the address can no longer be changed.
    const late = await http.inject({ method: 'POST', url, ...urlencodedForm(receptionSession, { ...ADDRESS, action: 'save' }) });
    assert.equal(late.statusCode, 409);
  });
});

describe('webhook refusals', () => {
  it('a bad signature is refused (problem+json), logged, and changes nothing', async () => {
    const { id } = await dossier();
    await ctx.services.postal.chooseDelivery(applicant, id, ADDRESS);
    await toResultReady(id);
    const shipment = await ctx.services.postal.sendResult(reception, id);
    const event = { eventId: randomUUID(), trackingNumber: shipment.trackingNumber, status: 'delivered', occurredAt: new Date().toISOString() };
    const before = await refusals();
    for (const response of [
      await webhook(event, 'another-secret-of-the-same-size-0123'),
      await webhook(event, SECRET, 'sha256=' + '0'.repeat(64)),
      await http.inject({ method: 'POST', url: '/api/postal/webhook', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(event) }),
    ]) {
      assert.equal(response.statusCode, 401);
      assert.match(String(response.headers['content-type']), /application\/problem\+json/);
      assert.equal(response.json().code, 'POSTAL_SIGNATURE_INVALID');
    }
    assert.equal(await refusals(), before + 3);
    const row = await ctx.db.selectFrom('postal_shipments').select('status').where('id', '=', shipment.id).executeTakeFirstOrThrow();
    assert.equal(row.status, 'created');
    assert.equal(await eventCount(shipment.id), 0);
    // The same event correctly signed is applied.
    assert.equal((await webhook(event)).json().status, 'delivered');
  });

  it('the same event delivered twice at once is applied once', async () => {
    const { id } = await dossier();
    await ctx.services.postal.chooseDelivery(applicant, id, ADDRESS);
    await toResultReady(id);
    const shipment = await ctx.services.postal.sendResult(reception, id);
    const event = { eventId: randomUUID(), trackingNumber: shipment.trackingNumber, status: 'accepted', occurredAt: new Date().toISOString() };
    const answers = (await Promise.all([webhook(event), webhook(event), webhook(event)])).map((r) => r.json() as { applied: boolean; ignored?: string });
    assert.equal(answers.filter((a) => a.applied).length, 1);
    assert.deepEqual(answers.filter((a) => !a.applied).map((a) => a.ignored), ['duplicate', 'duplicate']);
    assert.equal(await eventCount(shipment.id), 1);
  });

  it('a webhook for an unknown shipment is refused and logged', async () => {
    const before = await refusals();
    const response = await webhook({ eventId: randomUUID(), trackingNumber: 'RR473124829VN', status: 'delivered', occurredAt: new Date().toISOString() });
    assert.equal(response.statusCode, 404);
    assert.equal(response.json().code, 'POSTAL_SHIPMENT_UNKNOWN');
    const last = await ctx.db.selectFrom('postal_webhook_refusals').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.equal(last.code, 'POSTAL_SHIPMENT_UNKNOWN');
    assert.equal(last.tracking_number, 'RR473124829VN');
    assert.equal(await refusals(), before + 1);
  });

  it('a signed but malformed body, or hostile bytes, are refused without a 500', async () => {
    const signed = (payload: Buffer | string) =>
      http.inject({ method: 'POST', url: '/api/postal/webhook', headers: { 'content-type': 'application/json', 'x-postal-signature': `sha256=${createHmac('sha256', SECRET).update(payload).digest('hex')}` }, payload });
    assert.equal((await signed('{"eventId": ')).statusCode, 400);
    assert.equal((await signed(JSON.stringify({ eventId: 'x', trackingNumber: 'RR473124829VN', status: 'lost', occurredAt: 'now' }))).statusCode, 400);
    assert.equal((await signed(Buffer.from([0xff, 0xfe, 0x00]))).statusCode, 400);
    assert.equal((await http.inject({ method: 'POST', url: '/api/postal/webhook', headers: { 'content-type': 'text/plain' }, payload: 'x' })).statusCode, 401);
    assert.equal((await http.inject({ method: 'POST', url: '/api/postal/webhook', headers: { 'content-type': 'application/json' }, payload: 'x'.repeat(70 * 1024) })).statusCode, 413);
  });
});

describe('refusals are written at most 100 a minute (anyone can post to the webhook)', () => {
  it('past the limit a refusal is still refused but not written', async () => {
    // 100 refusals dated in the future count as "within the last minute" whenever this runs.
    await ctx.db.deleteFrom('postal_webhook_refusals').execute();
    await ctx.db
      .insertInto('postal_webhook_refusals')
      .values(Array.from({ length: 100 }, () => ({ code: 'POSTAL_SIGNATURE_INVALID', received_at: new Date(Date.now() + 3_600_000) })))
      .execute();
    const response = await webhook({ eventId: 'x', trackingNumber: 'RR473124829VN', status: 'delivered', occurredAt: new Date().toISOString() }, 'wrong-secret-wrong-secret-wrong');
    assert.equal(response.statusCode, 401);
    assert.equal(await refusals(), 100);
  });
});
