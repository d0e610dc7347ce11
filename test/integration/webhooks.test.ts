// Webhooks against PostgreSQL: the outbox consumer makes deliveries only for the active subscriptions whose subtree
// holds the dossier's agency and whose events include the event; deliveries of one dossier go in order (a newer one
// waits while an older one is retried); two workers at once never send the same delivery.
import assert from 'node:assert/strict';
import dns from 'node:dns/promises';
import os from 'node:os';
import { after, describe, it } from 'node:test';
import type { Actor } from '../../src/core/actor.ts';
import type { WebhookPost } from '../../src/modules/webhooks/webhooks.sender.ts';
import { WebhooksService } from '../../src/modules/webhooks/webhooks.service.ts';
import { isPrivateAddress, type AttemptResult } from '../../src/modules/webhooks/webhooks.rules.ts';
import { createTestContext } from '../helpers/db.ts';
import { actorByUsername, newCitizen, submittedDossier } from '../helpers/dossiers.ts';

const ctx = await createTestContext({ demo: true, config: { WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'false' } });
after(() => ctx.db.destroy());
const webhooks = ctx.services.webhooks;
const admin: Actor = await actorByUsername(ctx, 'demo.quantri');

async function agencyId(code: string): Promise<string> {
  return (await ctx.db.selectFrom('agencies').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
}
const MINISTRY = await agencyId('000.00.00.G14');
const COPYRIGHT = await agencyId('000.00.12.G14');
const FILM = await agencyId('000.00.14.G14');
const TRA_VINH = await agencyId('000.00.00.H59');

async function subscribe(name: string, agency: string, eventTypes: string[], active = true): Promise<string> {
  return (await webhooks.create(admin, { name, url: `https://hooks.example.vn/${encodeURIComponent(name)}`, agencyId: agency, eventTypes, active })).subscription.id;
}

async function deliveriesOf(subscriptionId: string) {
  return ctx.db.selectFrom('webhook_deliveries').selectAll().where('subscription_id', '=', subscriptionId).orderBy('seq').execute();
}

/** A transport that records each post and answers from `answer` (default 200). */
function recorder(answer: (post: WebhookPost, n: number) => AttemptResult | Promise<AttemptResult> = () => ({ status: 200 })) {
  const posts: WebhookPost[] = [];
  const transport = async (post: WebhookPost) => {
    posts.push(post);
    return answer(post, posts.length);
  };
  return { posts, transport };
}

describe('webhooks: the outbox consumer', () => {
  it('makes one delivery per active subscription whose subtree and events match, frozen, and none for the others', async () => {
    // The demo data's own messages consumed first (they concern other dossiers, other agencies).
    await webhooks.dispatch();
    const onMinistry = await subscribe('ministry-submitted', MINISTRY, ['dossier.submitted']);
    const onCopyright = await subscribe('copyright-all', COPYRIGHT, ['dossier.submitted', 'dossier.status_changed']);
    const otherSubtree = await subscribe('film-submitted', FILM, ['dossier.submitted']);
    const otherProvince = await subscribe('travinh-submitted', TRA_VINH, ['dossier.submitted']);
    const otherEvent = await subscribe('copyright-payments', COPYRIGHT, ['payment.received']);
    const paused = await subscribe('copyright-paused', COPYRIGHT, ['dossier.submitted'], false);
    const dossier = await submittedDossier(ctx, await newCitizen(ctx));
    assert.equal(dossier.agencyId, COPYRIGHT);
    await webhooks.dispatch();

    for (const id of [onMinistry, onCopyright]) {
      const rows = await deliveriesOf(id);
      const mine = rows.filter((r) => r.dossier_id === dossier.id);
      assert.equal(mine.length, 1, 'one delivery');
      assert.equal(mine[0]!.event_type, 'dossier.submitted');
      assert.equal(mine[0]!.status, 'pending');
      const payload = mine[0]!.payload as Record<string, any>;
      assert.equal(payload.type, 'dossier.submitted');
      assert.equal(payload.id, mine[0]!.event_id);
      assert.deepEqual(payload.agency, { id: COPYRIGHT, code: '000.00.12.G14' });
      assert.equal(payload.data.dossierId, dossier.id);
      assert.equal(payload.data.dossierCode, dossier.code);
      assert.equal(payload.data.procedureCode, '1.001823');
      assert.equal(payload.data.status, 1);
      assert.doesNotMatch(JSON.stringify(payload), /Lê Thị Bình/);
    }
    // The two subscriptions share the event's id (the webhook-id): one event, told twice.
    assert.equal((await deliveriesOf(onMinistry)).find((r) => r.dossier_id === dossier.id)!.event_id, (await deliveriesOf(onCopyright)).find((r) => r.dossier_id === dossier.id)!.event_id);
    for (const id of [otherSubtree, otherProvince, otherEvent, paused]) assert.equal((await deliveriesOf(id)).length, 0);

    // Consumed once: dispatching again adds nothing.
    await webhooks.dispatch();
    assert.equal((await deliveriesOf(onCopyright)).filter((r) => r.dossier_id === dossier.id).length, 1);
    for (const id of [onMinistry, onCopyright, otherSubtree, otherProvince, otherEvent, paused]) await webhooks.remove(admin, id);
  });

  it('a subscription made after an event is not told about it (only what happens from its creation on)', async () => {
    const dossier = await submittedDossier(ctx, await newCitizen(ctx));
    const late = await subscribe('late', COPYRIGHT, ['dossier.submitted']);
    await webhooks.dispatch();
    assert.equal((await deliveriesOf(late)).filter((r) => r.dossier_id === dossier.id).length, 0);
    await webhooks.remove(admin, late);
  });

  it('turns each topic into its event type (status, result issued/revoked, payment)', async () => {
    const all = await subscribe('copyright-every-event', COPYRIGHT, ['dossier.submitted', 'dossier.status_changed', 'result.issued', 'result.revoked', 'payment.received']);
    const dossier = await submittedDossier(ctx, await newCitizen(ctx));
    await ctx.db.transaction().execute(async (tx) => {
      await tx.insertInto('outbox').values({ topic: 'dossier.status', payload: JSON.stringify({ dossierId: dossier.id, status: 2, previousStatus: 1, action: 'accept', at: new Date().toISOString() }) }).execute();
      await tx.insertInto('outbox').values({ topic: 'dossier.result', payload: JSON.stringify({ dossierId: dossier.id, code: dossier.code, verification: 'ABC123', event: 'issued' }) }).execute();
      await tx.insertInto('outbox').values({ topic: 'dossier.result', payload: JSON.stringify({ dossierId: dossier.id, code: dossier.code, verification: 'ABC123', event: 'revoked' }) }).execute();
      await tx.insertInto('outbox').values({ topic: 'payment.paid', payload: JSON.stringify({ dossierId: dossier.id, orderNo: 'PO1', amountVnd: 100000, receipt: '2026/000001', paidAt: new Date().toISOString() }) }).execute();
      await tx.insertInto('outbox').values({ topic: 'dossier.postal', payload: JSON.stringify({ dossierId: dossier.id }) }).execute();
      await tx.insertInto('outbox').values({ topic: 'dossier.status', payload: JSON.stringify({ dossierId: 'not-a-uuid', status: 2 }) }).execute();
    });
    await webhooks.dispatch();
    const types = (await deliveriesOf(all)).filter((r) => r.dossier_id === dossier.id).map((r) => r.event_type);
    assert.deepEqual(types, ['dossier.submitted', 'dossier.status_changed', 'result.issued', 'result.revoked', 'payment.received']);
    const payment = (await deliveriesOf(all)).find((r) => r.event_type === 'payment.received')!.payload as Record<string, any>;
    assert.equal(payment.data.amountVnd, 100000);
    await webhooks.remove(admin, all);
  });
});

describe('webhooks: delivery order and concurrency', () => {
  it('a newer event of a dossier waits while an older one is retried; both go, in order', async () => {
    const sub = await subscribe('ordered', COPYRIGHT, ['dossier.submitted', 'dossier.status_changed']);
    const dossier = await submittedDossier(ctx, await newCitizen(ctx));
    await ctx.db.insertInto('outbox').values({ topic: 'dossier.status', payload: JSON.stringify({ dossierId: dossier.id, status: 2, previousStatus: 1, action: 'accept' }) }).execute();
    await webhooks.dispatch();
    const service = new WebhooksService(ctx.db, ctx.services.agencies, ctx.services.audit, { facts: async () => null }, { allowPrivateTargets: false, timeoutMs: 1000, serverSecret: undefined });
    // The first attempt fails (500), the next ones succeed.
    const { posts, transport } = recorder((_post, n) => (n === 1 ? { status: 500 } : { status: 204 }));
    service.setTransport(transport);
    const t0 = new Date(Date.now() + 1000);
    const first = await service.deliverDue(t0);
    assert.equal(first.claimed, 1, 'only the older of the two is sent');
    assert.equal(first.retried, 1);
    assert.equal(JSON.parse(posts[0]!.body).type, 'dossier.submitted');
    // Before its retry: nothing due (the newer one is held back by the older one, pending).
    assert.equal((await service.deliverDue(new Date(t0.getTime() + 10_000))).claimed, 0);
    // At its retry (30 s later): the older is delivered; then the newer.
    const retry = await service.deliverDue(new Date(t0.getTime() + 31_000));
    assert.equal(retry.delivered, 1);
    const next = await service.deliverDue(new Date(t0.getTime() + 32_000));
    assert.equal(next.delivered, 1);
    assert.deepEqual(posts.map((p) => JSON.parse(p.body).type), ['dossier.submitted', 'dossier.submitted', 'dossier.status_changed']);
    // The same webhook-id on the retry.
    assert.equal(posts[0]!.headers['webhook-id'], posts[1]!.headers['webhook-id']);
    const rows = await deliveriesOf(sub);
    assert.deepEqual(rows.filter((r) => r.dossier_id === dossier.id).map((r) => [r.status, r.attempts, r.last_status_code]), [['delivered', 2, 204], ['delivered', 1, 204]]);
    await webhooks.remove(admin, sub);
  });

  it('after 6 failed attempts a delivery is failed (the subscription stays active); "send again" starts a new round', async () => {
    const sub = await subscribe('always-failing', COPYRIGHT, ['dossier.submitted']);
    const dossier = await submittedDossier(ctx, await newCitizen(ctx));
    await webhooks.dispatch();
    const service = new WebhooksService(ctx.db, ctx.services.agencies, ctx.services.audit, { facts: async () => null }, { allowPrivateTargets: false, timeoutMs: 1000, serverSecret: undefined });
    const { posts, transport } = recorder(() => ({ status: 503 }));
    service.setTransport(transport);
    let at = Date.now() + 1000;
    for (let attempt = 1; attempt <= 6; attempt++) {
      assert.equal((await service.deliverDue(new Date(at))).claimed, 1, `attempt ${attempt}`);
      at += 7 * 3_600_000;
    }
    assert.equal((await service.deliverDue(new Date(at))).claimed, 0, 'no 7th attempt');
    assert.equal(posts.length, 6);
    let row = (await deliveriesOf(sub)).find((r) => r.dossier_id === dossier.id)!;
    assert.deepEqual([row.status, row.attempts, row.last_status_code, row.last_error], ['failed', 6, 503, 'HTTP 503']);
    assert.equal((await ctx.db.selectFrom('webhook_subscriptions').select('active').where('id', '=', sub).executeTakeFirstOrThrow()).active, true);
    const listed = (await webhooks.list(admin)).find((s) => s.id === sub)!;
    assert.deepEqual(listed.counts, { pending: 0, failed: 1, delivered: 0 });
    // Send again: pending at once, a new round of attempts (the total goes on counting).
    await webhooks.resend(admin, sub, row.id, new Date(at));
    service.setTransport(recorder().transport);
    assert.equal((await service.deliverDue(new Date(at + 1000))).delivered, 1);
    row = (await deliveriesOf(sub)).find((r) => r.dossier_id === dossier.id)!;
    assert.deepEqual([row.status, row.attempts, row.round_attempts], ['delivered', 7, 1]);
    await webhooks.remove(admin, sub);
  });

  it('two workers at once never send the same delivery', async () => {
    const sub = await subscribe('concurrent', COPYRIGHT, ['dossier.submitted', 'dossier.status_changed']);
    const dossiers: string[] = [];
    for (let i = 0; i < 6; i++) dossiers.push((await submittedDossier(ctx, await newCitizen(ctx))).id);
    await webhooks.dispatch();
    const make = () => new WebhooksService(ctx.db, ctx.services.agencies, ctx.services.audit, { facts: async () => null }, { allowPrivateTargets: false, timeoutMs: 1000, serverSecret: undefined });
    const sent: string[] = [];
    // Both workers' sends are held until both have claimed: their claims overlap.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let waiting = 0;
    const transport = async (post: WebhookPost): Promise<AttemptResult> => {
      sent.push(post.headers['webhook-id']!);
      waiting += 1;
      await gate;
      return { status: 200 };
    };
    const a = make();
    const b = make();
    a.setTransport(transport);
    b.setTransport(transport);
    const at = new Date(Date.now() + 1000);
    const runs = [a.deliverDue(at, { limit: 4 }), b.deliverDue(at, { limit: 4 })];
    while (waiting < 6) await new Promise((resolve) => setImmediate(resolve));
    release();
    const [ra, rb] = await Promise.all(runs);
    assert.equal(ra!.claimed + rb!.claimed, 6);
    assert.ok(ra!.claimed > 0 && rb!.claimed > 0, 'both workers took some');
    assert.equal(new Set(sent).size, sent.length, 'no delivery sent twice');
    const rows = (await deliveriesOf(sub)).filter((r) => dossiers.includes(r.dossier_id));
    assert.equal(rows.length, 6);
    assert.ok(rows.every((r) => r.status === 'delivered' && r.attempts === 1));
    await webhooks.remove(admin, sub);
  });

  it('a subscription whose name resolves to a private address is refused when sent (every resolved address checked)', async (t) => {
    // This machine's own name resolves to a loopback or private address (/etc/hosts): passes the form's check, a name.
    const host = os.hostname();
    const resolved = await dns.lookup(host, { all: true }).catch(() => []);
    if (resolved.length === 0 || !resolved.every((a) => isPrivateAddress(a.address))) return t.skip(`${host} does not resolve to a private address here`);
    const sub = (await webhooks.create(admin, { name: 'resolves-private', url: `https://${host}:9/hooks`, agencyId: COPYRIGHT, eventTypes: ['dossier.submitted'], active: true })).subscription.id;
    const dossier = await submittedDossier(ctx, await newCitizen(ctx));
    await webhooks.dispatch();
    const report = await webhooks.deliverDue(new Date(Date.now() + 1000));
    assert.ok(report.retried >= 1);
    const row = (await deliveriesOf(sub)).find((r) => r.dossier_id === dossier.id)!;
    assert.equal(row.status, 'pending');
    assert.match(row.last_error ?? '', /WEBHOOK_URL_PRIVATE/);
    assert.equal(row.last_status_code, null);
    await webhooks.remove(admin, sub);
  });
});

describe('webhooks: the demo subscription', () => {
  it('is made once on the top-level agency, for every event, and pointed at each run’s receiver with a new secret', async () => {
    const first = await webhooks.demoSubscription('http://127.0.0.1:4001/hooks');
    const second = await webhooks.demoSubscription('http://127.0.0.1:4002/hooks');
    assert.equal(first.id, second.id);
    assert.notEqual(first.secret, second.secret);
    const row = await ctx.db.selectFrom('webhook_subscriptions').selectAll().where('id', '=', first.id).executeTakeFirstOrThrow();
    assert.equal(row.url, 'http://127.0.0.1:4002/hooks');
    assert.equal(row.agency_id, MINISTRY);
    assert.equal(row.event_types.length, 5);
    await webhooks.remove(admin, first.id);
  });
});

describe('webhooks: the job stops with the server', () => {
  it('stop() ends the pause between turns at once and stops the loop', { timeout: 10_000 }, async () => {
    const service = new WebhooksService(ctx.db, ctx.services.agencies, ctx.services.audit, { facts: async () => null }, { allowPrivateTargets: false, timeoutMs: 1000, serverSecret: undefined });
    assert.equal(service.stopped, false);
    const pause = service.idle(600_000);
    service.stop();
    await pause;
    assert.equal(service.stopped, true);
    await service.idle(600_000);
  });
});
