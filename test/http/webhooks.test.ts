// Webhooks end to end with the receiver simulator (src/simulators/webhook-receiver.ts): a subscription made through
// the API, a submitted dossier arriving signed and verifiable; a receiver answering 500, timing out, answering
// slowly — each attempt recorded as failed and retried; a replayed webhook refused by the receiver; "send again";
// secret rotation; targets refused (SSRF); bad input; the pages in Vietnamese and English.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signWebhook, verifyWebhook } from '../../src/core/webhook-signature.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../src/simulators/webhook-receiver.ts';
import { authHeaders, createTestApp, login, type Session } from '../helpers/app.ts';
import { newCitizen, submittedDossier } from '../helpers/dossiers.ts';
import { urlencodedForm } from '../helpers/forms.ts';

// Private targets allowed (the receiver listens on 127.0.0.1), attempts bounded by 400 ms.
const { app, ctx } = await createTestApp({ demo: true, config: { WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOKS_TIMEOUT_MS: '400' } });
const webhooks = ctx.services.webhooks;
let receiver: WebhookReceiver;
let admin: Session;
let subscriptionId: string;
let secret: string;
const COPYRIGHT = (await ctx.db.selectFrom('agencies').select('id').where('code', '=', '000.00.12.G14').executeTakeFirstOrThrow()).id;

before(async () => {
  receiver = await startWebhookReceiver();
  admin = await login(app, 'demo.quantri');
  // The demo data's outbox messages are consumed before the subscription exists (they are not this test's).
  await webhooks.dispatch();
});
after(() => receiver.close());

interface DeliveryJson {
  id: string;
  eventId: string;
  eventType: string;
  dossierId: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
}

async function deliveries(): Promise<DeliveryJson[]> {
  const response = await app.inject({ method: 'GET', url: `/api/webhooks/${subscriptionId}/deliveries`, headers: { cookie: admin.cookie } });
  assert.equal(response.statusCode, 200, response.body);
  return (response.json() as { deliveries: DeliveryJson[] }).deliveries;
}

async function deliveryOf(dossierId: string): Promise<DeliveryJson> {
  const found = (await deliveries()).find((d) => d.dossierId === dossierId);
  assert.ok(found, 'a delivery for the dossier');
  return found;
}

/** A newly submitted dossier, its event made into a delivery (the consumer). */
async function newSubmission(): Promise<string> {
  const dossier = await submittedDossier(ctx, await newCitizen(ctx));
  await webhooks.dispatch();
  return dossier.id;
}

const later = (ms: number) => new Date(Date.now() + ms);

describe('webhooks over HTTP with the receiver simulator', () => {
  it('creates a subscription through the API; the secret is answered once, in the whsec_ format', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/webhooks',
      headers: authHeaders(admin),
      payload: { name: 'Hệ thống một cửa tỉnh', url: receiver.endpoint, agencyId: COPYRIGHT, eventTypes: ['dossier.submitted', 'dossier.status_changed'] },
    });
    assert.equal(response.statusCode, 201, response.body);
    const body = response.json() as { subscription: { id: string; active: boolean; eventTypes: string[] }; secret: string };
    assert.match(body.secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
    assert.equal(body.subscription.active, true);
    subscriptionId = body.subscription.id;
    secret = body.secret;
    receiver.addSecret(secret);
    // Never again: not in the subscription, nor the list.
    const read = await app.inject({ method: 'GET', url: `/api/webhooks/${subscriptionId}`, headers: { cookie: admin.cookie } });
    assert.equal(read.statusCode, 200);
    assert.doesNotMatch(read.body, /whsec_/);
    const list = await app.inject({ method: 'GET', url: '/api/webhooks', headers: { cookie: admin.cookie } });
    assert.doesNotMatch(list.body, /whsec_/);
    assert.ok((list.json() as { subscriptions: Array<{ id: string }> }).subscriptions.some((s) => s.id === subscriptionId));
    // Encrypted or not, the stored secret is not the whsec_ text itself in a column one can read as such.
    const stored = await ctx.db.selectFrom('webhook_subscriptions').select('secret').where('id', '=', subscriptionId).executeTakeFirstOrThrow();
    assert.match(stored.secret, /^(v1|plain):/);
  });

  it('a submitted dossier arrives signed, verifiable with the secret, with its frozen payload', async () => {
    const dossierId = await newSubmission();
    const before = receiver.received.length;
    const report = await webhooks.deliverDue(later(1000));
    assert.ok(report.delivered >= 1);
    const got = receiver.received.slice(before).find((r) => (r.event as { data: { dossierId: string } }).data.dossierId === dossierId);
    assert.ok(got, 'received');
    assert.equal(got.duplicate, false);
    assert.deepEqual(verifyWebhook(secret, { id: got.id, timestamp: String(got.timestamp), signature: got.signature }, got.body, got.timestamp), { ok: true });
    const event = got.event as { id: string; type: string; agency: { id: string; code: string }; data: Record<string, unknown> };
    assert.equal(event.id, got.id);
    assert.equal(event.type, 'dossier.submitted');
    assert.deepEqual(event.agency, { id: COPYRIGHT, code: '000.00.12.G14' });
    const delivery = await deliveryOf(dossierId);
    assert.equal(delivery.status, 'delivered');
    assert.equal(delivery.lastStatusCode, 200);
    assert.equal(delivery.attempts, 1);
  });

  it('a receiver answering 500: the attempt is recorded as failed, retried later and delivered', async () => {
    receiver.failNext(1, 'error');
    const dossierId = await newSubmission();
    await webhooks.deliverDue(later(1000));
    let delivery = await deliveryOf(dossierId);
    assert.equal(delivery.status, 'pending');
    assert.equal(delivery.lastStatusCode, 500);
    assert.equal(delivery.attempts, 1);
    assert.ok(delivery.nextAttemptAt && new Date(delivery.nextAttemptAt).getTime() > Date.now() + 20_000, 'retried after the back-off, not at once');
    // Not before its time …
    await webhooks.deliverDue(later(2000));
    assert.equal((await deliveryOf(dossierId)).attempts, 1);
    // … then delivered.
    await webhooks.deliverDue(later(31_000 + 1000));
    delivery = await deliveryOf(dossierId);
    assert.equal(delivery.status, 'delivered');
    assert.equal(delivery.attempts, 2);
    assert.equal(delivery.lastStatusCode, 200);
  });

  for (const mode of ['hang', 'slow'] as const) {
    it(`a receiver that ${mode === 'hang' ? 'never answers (time-out)' : 'answers after the time-out'}: the attempt fails within the time-out and is retried`, async () => {
      receiver.failNext(1, mode, 5_000);
      const dossierId = await newSubmission();
      await webhooks.deliverDue(later(1000));
      let delivery = await deliveryOf(dossierId);
      assert.equal(delivery.status, 'pending');
      assert.equal(delivery.lastStatusCode, null);
      assert.match(delivery.lastError ?? '', /timeout after 400 ms/);
      await webhooks.deliverDue(later(31_000 + 1000));
      delivery = await deliveryOf(dossierId);
      assert.equal(delivery.status, 'delivered');
      assert.equal(delivery.attempts, 2);
    });
  }

  it('the receiver refuses a replayed webhook, an old timestamp and a forged signature', async () => {
    const last = receiver.received.at(-1)!;
    const post = (headers: Record<string, string>, body = last.body) => fetch(receiver.endpoint, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    // The very same request again (captured and replayed): refused.
    const replay = await post({ 'webhook-id': last.id, 'webhook-timestamp': String(last.timestamp), 'webhook-signature': last.signature });
    assert.equal(replay.status, 409);
    assert.equal(receiver.refused.at(-1)!.reason, 'replay');
    // Correctly signed but 6 minutes old: refused.
    const old = Math.floor(Date.now() / 1000) - 360;
    const stale = await post({ 'webhook-id': 'evt_old', 'webhook-timestamp': String(old), 'webhook-signature': signWebhook(secret, 'evt_old', old, last.body) });
    assert.equal(stale.status, 400);
    assert.equal(receiver.refused.at(-1)!.reason, 'too_old');
    // A body changed under the signature: refused.
    const now = Math.floor(Date.now() / 1000);
    const forged = await post({ 'webhook-id': 'evt_forged', 'webhook-timestamp': String(now), 'webhook-signature': signWebhook(secret, 'evt_forged', now, last.body) }, last.body.replace('dossier', 'Dossier'));
    assert.equal(forged.status, 401);
    assert.equal(receiver.refused.at(-1)!.reason, 'bad_signature');
  });

  it('"send again" re-sends a delivered webhook with the same webhook-id (a new timestamp: a duplicate, not a replay)', async () => {
    const dossierId = await newSubmission();
    await webhooks.deliverDue(later(1000));
    const delivery = await deliveryOf(dossierId);
    assert.equal(delivery.status, 'delivered');
    // Still pending: nothing to send again.
    const pendingId = await newSubmission();
    const pending = await deliveryOf(pendingId);
    const refused = await app.inject({ method: 'POST', url: `/api/webhooks/${subscriptionId}/deliveries/${pending.id}/resend`, headers: authHeaders(admin) });
    assert.equal(refused.statusCode, 409);
    assert.equal(refused.json().code, 'WEBHOOK_DELIVERY_PENDING');
    await webhooks.deliverDue(later(1000));
    // A second later, so that the new attempt's timestamp differs from the first one's.
    const resend = await app.inject({ method: 'POST', url: `/api/webhooks/${subscriptionId}/deliveries/${delivery.id}/resend`, headers: authHeaders(admin) });
    assert.equal(resend.statusCode, 202, resend.body);
    assert.equal(resend.json().status, 'pending');
    const before = receiver.received.length;
    await webhooks.deliverDue(later(1000), { clock: () => later(1500) });
    const again = receiver.received.slice(before).find((r) => r.id === delivery.eventId);
    assert.ok(again, 'sent again');
    assert.equal(again.duplicate, true);
    const after = await deliveryOf(dossierId);
    assert.equal(after.status, 'delivered');
    assert.equal(after.attempts, 2);
    // Unknown delivery, malformed id: 404.
    for (const id of ['00000000-0000-4000-8000-000000000000', 'nope']) {
      const r = await app.inject({ method: 'POST', url: `/api/webhooks/${subscriptionId}/deliveries/${id}/resend`, headers: authHeaders(admin) });
      assert.equal(r.statusCode, 404);
    }
  });

  it('rotating the secret: the next deliveries are signed with the new one only', async () => {
    const response = await app.inject({ method: 'POST', url: `/api/webhooks/${subscriptionId}/rotate-secret`, headers: authHeaders(admin) });
    assert.equal(response.statusCode, 200);
    const fresh = (response.json() as { secret: string }).secret;
    assert.notEqual(fresh, secret);
    receiver.addSecret(fresh);
    const dossierId = await newSubmission();
    await webhooks.deliverDue(later(1000));
    const got = receiver.received.find((r) => (r.event as { data: { dossierId: string } }).data.dossierId === dossierId)!;
    const headers = { id: got.id, timestamp: String(got.timestamp), signature: got.signature };
    assert.deepEqual(verifyWebhook(fresh, headers, got.body, got.timestamp), { ok: true });
    assert.deepEqual(verifyWebhook(secret, headers, got.body, got.timestamp), { ok: false, reason: 'bad_signature' });
    secret = fresh;
  });

  it('a paused subscription gets no new deliveries', async () => {
    const put = await app.inject({
      method: 'PUT',
      url: `/api/webhooks/${subscriptionId}`,
      headers: authHeaders(admin),
      payload: { name: 'Hệ thống một cửa tỉnh', url: receiver.endpoint, agencyId: COPYRIGHT, eventTypes: ['dossier.submitted'], active: false },
    });
    assert.equal(put.statusCode, 200, put.body);
    assert.equal(put.json().active, false);
    const dossierId = await newSubmission();
    assert.equal((await deliveries()).some((d) => d.dossierId === dossierId), false);
    const back = await app.inject({ method: 'PUT', url: `/api/webhooks/${subscriptionId}`, headers: authHeaders(admin), payload: { name: 'Hệ thống một cửa tỉnh', url: receiver.endpoint, agencyId: COPYRIGHT, eventTypes: ['dossier.submitted', 'dossier.status_changed'] } });
    assert.equal(back.json().active, true);
  });

  it('the log comes in pages, newest first: each page\'s `next` starts the older one, together they are the whole log', async () => {
    const whole = await deliveries();
    assert.ok(whole.length >= 4, `enough deliveries by now (${whole.length})`);
    const seen: string[] = [];
    let before: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/webhooks/${subscriptionId}/deliveries?limit=3${before ? `&before=${before}` : ''}`;
      const response = await app.inject({ method: 'GET', url, headers: { cookie: admin.cookie } });
      assert.equal(response.statusCode, 200, response.body);
      const page = response.json() as { deliveries: DeliveryJson[]; next: string | null };
      assert.ok(page.deliveries.length <= 3);
      seen.push(...page.deliveries.map((d) => d.id));
      before = page.next;
      pages++;
    } while (before !== null && pages < 100);
    assert.deepEqual(seen, whole.map((d) => d.id));
    assert.equal(pages, Math.ceil(whole.length / 3));
    for (const bad of ['0', '-1', 'abc', '1e3', '9'.repeat(30)]) {
      const response = await app.inject({ method: 'GET', url: `/api/webhooks/${subscriptionId}/deliveries?before=${bad}`, headers: { cookie: admin.cookie } });
      assert.equal(response.statusCode, 422, `before=${bad}: ${response.body}`);
      assert.equal(response.json().errors[0].path, "/before");
      assert.match(response.headers['content-type'] as string, /application\/problem\+json/);
    }
    // The page: an older page links back to the newest.
    const older = await app.inject({ method: 'GET', url: `/quan-tri/webhook/${subscriptionId}?truoc=${encodeURIComponent('9'.repeat(18))}`, headers: { cookie: admin.cookie } });
    assert.equal(older.statusCode, 200);
    assert.match(older.body, /← Mới nhất/);
  });

  describe('bad input (each refused, nothing stored)', () => {
    const base = () => ({ name: 'x', url: 'http://127.0.0.1:9/hooks', agencyId: COPYRIGHT, eventTypes: ['dossier.submitted'] });
    const cases: Array<[string, Record<string, unknown>, number, string]> = [
      ['no event type', { eventTypes: [] }, 422, 'VALIDATION_FAILED'],
      ['an unknown event type', { eventTypes: ['dossier.deleted'] }, 422, 'VALIDATION_FAILED'],
      ['an empty name', { name: '' }, 422, 'VALIDATION_FAILED'],
      ['a blank name', { name: '   ' }, 422, 'VALIDATION_FAILED'],
      ['a URL that is not one', { url: 'not a url' }, 422, 'VALIDATION_FAILED'],
      ['an ftp URL', { url: 'ftp://127.0.0.1/x' }, 422, 'VALIDATION_FAILED'],
      ['an agency outside the tree', { agencyId: '00000000-0000-4000-8000-000000000000' }, 422, 'VALIDATION_FAILED'],
      ['an agency id that is no id', { agencyId: 'G14' }, 422, 'VALIDATION_FAILED'],
      ['an unknown field', { secret: 'whsec_mine' }, 422, 'VALIDATION_FAILED'],
    ];
    for (const [name, over, status, code] of cases) {
      it(`refuses ${name}`, async () => {
        const count = (await ctx.db.selectFrom('webhook_subscriptions').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n;
        const response = await app.inject({ method: 'POST', url: '/api/webhooks', headers: authHeaders(admin), payload: { ...base(), ...over } });
        assert.equal(response.statusCode, status, response.body);
        assert.equal(response.json().code, code);
        assert.equal((await ctx.db.selectFrom('webhook_subscriptions').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n, count);
      });
    }

    it('an unknown or malformed subscription id: 404', async () => {
      for (const id of ['00000000-0000-4000-8000-000000000000', 'abc']) {
        for (const [method, url] of [['GET', `/api/webhooks/${id}`], ['GET', `/api/webhooks/${id}/deliveries`], ['POST', `/api/webhooks/${id}/rotate-secret`], ['DELETE', `/api/webhooks/${id}`]] as const) {
          const response = await app.inject({ method, url, headers: authHeaders(admin) });
          assert.equal(response.statusCode, 404, `${method} ${url}`);
        }
      }
    });

    it('not an administrator: 403; not signed in: 401', async () => {
      const officer = await login(app, 'demo.motcua');
      assert.equal((await app.inject({ method: 'GET', url: '/api/webhooks', headers: { cookie: officer.cookie } })).statusCode, 403);
      assert.equal((await app.inject({ method: 'GET', url: `/api/webhooks/${subscriptionId}/deliveries`, headers: { cookie: officer.cookie } })).statusCode, 403);
      assert.equal((await app.inject({ method: 'GET', url: '/api/webhooks' })).statusCode, 401);
    });
  });

  describe('pages (vi, en)', () => {
    const html = (lang: string) => ({ cookie: admin.cookie, accept: 'text/html', 'accept-language': lang });

    it('the list, the form and the log render in Vietnamese and English', async () => {
      for (const [lang, title, resend, event] of [
        ['vi', 'Webhook — thông báo cho hệ thống khác', 'Gửi lại', 'Hồ sơ được nộp / tiếp nhận'],
        ['en', 'Webhooks — telling other systems', 'Send again', 'Dossier submitted / registered'],
      ] as const) {
        const list = await app.inject({ method: 'GET', url: '/quan-tri/webhook', headers: html(lang) });
        assert.equal(list.statusCode, 200);
        assert.ok(list.body.includes(title), `${lang} list title`);
        assert.ok(list.body.includes(`/quan-tri/webhook/${subscriptionId}`));
        const form = await app.inject({ method: 'GET', url: '/quan-tri/webhook/them', headers: html(lang) });
        assert.equal(form.statusCode, 200);
        assert.equal((form.body.match(/type="checkbox" id="event-/g) ?? []).length, 5, 'one checkbox per event type');
        assert.ok(form.body.includes(event));
        assert.match(form.body, /<select id="agencyId" name="agencyId"/);
        assert.ok(form.body.includes(`value="${COPYRIGHT}"`));
        const detail = await app.inject({ method: 'GET', url: `/quan-tri/webhook/${subscriptionId}`, headers: html(lang) });
        assert.equal(detail.statusCode, 200);
        assert.ok(detail.body.includes(resend), `${lang} send again button`);
        assert.match(detail.body, /data-status="delivered"/);
        assert.doesNotMatch(detail.body, /whsec_/);
      }
      const hub = await app.inject({ method: 'GET', url: '/quan-tri', headers: html('vi') });
      assert.ok(hub.body.includes('href="/quan-tri/webhook"'), 'linked from the admin hub');
    });

    it('the form creates a subscription and shows its secret once; a form without events shows the error summary', async () => {
      const bad = await app.inject({ method: 'POST', url: '/quan-tri/webhook/them', ...urlencodedForm(admin, { name: 'Trang', url: receiver.endpoint, agencyId: COPYRIGHT, active: '1' }) });
      assert.equal(bad.statusCode, 422);
      assert.match(bad.body, /error-summary/);
      assert.ok(bad.body.includes('Hãy chọn ít nhất một loại sự kiện.'));
      const form = urlencodedForm(admin, { name: 'Trang', url: receiver.endpoint, agencyId: COPYRIGHT, active: '1' });
      form.payload += '&eventTypes=dossier.submitted&eventTypes=result.issued';
      const created = await app.inject({ method: 'POST', url: '/quan-tri/webhook/them', ...form });
      assert.equal(created.statusCode, 200, created.body);
      const shown = /value="(whsec_[^"]+)" data-secret/.exec(created.body)?.[1];
      assert.ok(shown, 'the secret is on the page');
      const row = await ctx.db.selectFrom('webhook_subscriptions').select(['id', 'event_types', 'active']).where('name', '=', 'Trang').executeTakeFirstOrThrow();
      assert.deepEqual(row.event_types, ['dossier.submitted', 'result.issued']);
      assert.equal(row.active, true);
      const detail = await app.inject({ method: 'GET', url: `/quan-tri/webhook/${row.id}`, headers: html('vi') });
      assert.ok(!detail.body.includes(shown), 'not shown again');
      const rotated = await app.inject({ method: 'POST', url: `/quan-tri/webhook/${row.id}/doi-khoa`, ...urlencodedForm(admin) });
      assert.equal(rotated.statusCode, 200);
      assert.match(rotated.body, /value="whsec_[^"]+" data-secret/);
      const removed = await app.inject({ method: 'POST', url: `/quan-tri/webhook/${row.id}/xoa`, ...urlencodedForm(admin) });
      assert.equal(removed.statusCode, 303);
      assert.equal(removed.headers.location, '/quan-tri/webhook?ok=deleted');
    });

    it('"Gửi lại" on the log page queues the delivery again (303 back to the log)', async () => {
      const delivered = (await deliveries()).find((d) => d.status === 'delivered')!;
      const response = await app.inject({ method: 'POST', url: `/quan-tri/webhook/${subscriptionId}/gui-lai/${delivered.id}`, ...urlencodedForm(admin) });
      assert.equal(response.statusCode, 303);
      assert.equal(response.headers.location, `/quan-tri/webhook/${subscriptionId}?ok=resent`);
      assert.equal((await deliveries()).find((d) => d.id === delivered.id)!.status, 'pending');
      const page = await app.inject({ method: 'GET', url: response.headers.location as string, headers: html('en') });
      assert.ok(page.body.includes('The delivery is queued to be sent again.'));
    });
  });
});

describe('targets refused without WEBHOOKS_ALLOW_PRIVATE_TARGETS (SSRF)', () => {
  it('refuses http, loopback, private and link-local targets', async () => {
    const strict = await createTestApp({ demo: true, config: { WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'false' } });
    const session = await login(strict.app, 'demo.quantri');
    for (const [url, code] of [
      ['http://127.0.0.1:9/hooks', 'WEBHOOK_URL_NOT_HTTPS'],
      ['https://127.0.0.1/hooks', 'WEBHOOK_URL_PRIVATE'],
      ['https://localhost/hooks', 'WEBHOOK_URL_PRIVATE'],
      ['https://169.254.169.254/latest/meta-data', 'WEBHOOK_URL_PRIVATE'],
      ['https://10.0.0.5/hooks', 'WEBHOOK_URL_PRIVATE'],
      ['https://[::1]/hooks', 'WEBHOOK_URL_PRIVATE'],
    ]) {
      const response = await strict.app.inject({ method: 'POST', url: '/api/webhooks', headers: authHeaders(session), payload: { name: 'x', url, agencyId: COPYRIGHT.length ? (await strict.ctx.db.selectFrom('agencies').select('id').where('code', '=', '000.00.12.G14').executeTakeFirstOrThrow()).id : '', eventTypes: ['dossier.submitted'] } });
      assert.equal(response.statusCode, 422, url);
      const problem = response.json() as { code: string; errors: Array<{ path: string; code: string }> };
      assert.equal(problem.code, 'VALIDATION_FAILED');
      assert.deepEqual(problem.errors.map((e) => [e.path, e.code]), [['/url', code]], url);
    }
    const ok = await strict.app.inject({ method: 'POST', url: '/api/webhooks', headers: authHeaders(session), payload: { name: 'x', url: 'https://hooks.example.vn/opendvc', agencyId: (await strict.ctx.db.selectFrom('agencies').select('id').where('code', '=', '000.00.12.G14').executeTakeFirstOrThrow()).id, eventTypes: ['dossier.submitted'] } });
    assert.equal(ok.statusCode, 201);
  });
});
