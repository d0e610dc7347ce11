// Issue 14: the integrator guide's code samples are run. Every fenced block of docs/integrator-guide.md marked
// ```ts sample=<name> is extracted into a temporary directory under the repository (with the generated API types as
// opendvc-api.d.ts, as an integrator would have them), type-checked with the project's compiler options, imported and
// run against a real listening test server, and its outcome asserted. A sample this file does not know fails the test,
// so the guide cannot carry an untested sample.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { API_TYPES_FILE } from '../../scripts/api-types.ts';
import { authHeaders, createTestApp, login } from '../helpers/app.ts';
import { COPYRIGHT } from '../helpers/domain.ts';
import { actorByUsername, submittedDossier } from '../helpers/dossiers.ts';
import { freePort } from '../../src/core/net.ts';
import { signWebhook } from '../../src/core/webhook-signature.ts';
import { httpTransport, type WebhookPost } from '../../src/modules/webhooks/webhooks.sender.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const GUIDE = path.join(ROOT, 'docs/integrator-guide.md');
const PDF = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');

/** The guide's samples by name, in the guide's order: ```ts sample=<name> … ``` blocks. */
function guideSamples(markdown: string): Map<string, string> {
  const samples = new Map<string, string>();
  for (const match of markdown.matchAll(/^```ts sample=([a-z0-9-]+)[ \t]*\n([\s\S]*?)^```[ \t]*$/gm)) {
    const [, name, code] = match;
    assert.ok(!samples.has(name!), `sample ${name} appears twice in the guide`);
    samples.set(name!, code!);
  }
  return samples;
}

/** A field of a sample's result (they are data; the samples are other programs). */
function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' && Object.hasOwn(value, key) ? Reflect.get(value, key) : undefined;
}

function run(command: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

/** What this test runs, by sample name: every sample of the guide must be here, and every one here in the guide. */
const KNOWN_SAMPLES = ['problem', 'citizen-submit', 'generated-client', 'submit-with-key', 'webhook-receiver'];

describe('the integrator guide: its code samples run', async () => {
  const samples = guideSamples(await readFile(GUIDE, 'utf8'));
  const dir = path.join(ROOT, '.tmp', `guide-samples-${process.pid}-${randomBytes(4).toString('hex')}`);
  await mkdir(dir, { recursive: true });
  after(() => rm(dir, { recursive: true, force: true }));
  for (const [name, code] of samples) await writeFile(path.join(dir, `${name}.ts`), code);
  await copyFile(API_TYPES_FILE, path.join(dir, 'opendvc-api.d.ts'));
  await writeFile(path.join(dir, 'tsconfig.json'), JSON.stringify({ extends: path.relative(dir, path.join(ROOT, 'tsconfig.json')), include: ['*.ts'] }));

  /** The sample's default export, called with `parameters`. */
  async function runSample(name: string, parameters: Record<string, unknown>): Promise<unknown> {
    assert.ok(samples.has(name), `the guide has no sample ${name}`);
    const module: unknown = await import(pathToFileURL(path.join(dir, `${name}.ts`)).href);
    const main = field(module, 'default');
    assert.equal(typeof main, 'function', `sample ${name} exports a default function`);
    return Reflect.apply(main as (p: Record<string, unknown>) => Promise<unknown>, undefined, [parameters]);
  }

  const { app, ctx } = await createTestApp({ demo: true, config: { WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'true' } });
  const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });

  it('runs every sample of the guide, and nothing else', () => {
    assert.deepEqual([...samples.keys()].sort(), [...KNOWN_SAMPLES].sort());
  });

  it('the samples type-check (strict, with the generated API types)', async () => {
    const { code, output } = await run(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', dir]);
    assert.equal(code, 0, output);
  });

  it('problem: an invalid parameter is a 422 problem with the field pointer', async () => {
    const result = await runSample('problem', { baseUrl });
    assert.deepEqual(result, { status: 422, code: 'VALIDATION_FAILED', paths: ['/onlineLevel'] });
  });

  let submitted: { code: string; secret: string } | null = null;

  it('citizen-submit: a citizen submits a dossier with its files and reads its status and timeline', async () => {
    const result = await runSample('citizen-submit', { baseUrl, username: 'demo.congdan', password: 'Demo@2026', procedureCode: '1.001823', pdf: new Blob([PDF], { type: 'application/pdf' }) });
    const code = field(result, 'code');
    const secret = field(result, 'lookupSecret');
    assert.ok(typeof code === 'string' && typeof secret === 'string', JSON.stringify(result));
    assert.equal(field(result, 'status'), 1);
    const timeline = field(result, 'timeline');
    assert.ok(Array.isArray(timeline) && timeline.length > 0, 'the timeline has the submission');
    // The server's own view agrees: the dossier exists with this code, submitted online.
    const lookup = await app.inject({ method: 'GET', url: `/api/v1/lookup/${encodeURIComponent(code)}?secret=${secret}` });
    assert.equal(lookup.statusCode, 200, lookup.body);
    submitted = { code, secret };
  });

  it('submit-with-key: a service account with the receptionist role registers a counter dossier and its scans', async () => {
    // What the administrator does at /quan-tri/khoa-api (here through the same JSON API): an account, then its key.
    const admin = await login(app, 'demo.quantri');
    const account = await app.inject({ method: 'POST', url: '/api/v1/service-accounts', headers: authHeaders(admin), payload: { name: 'Hệ thống một cửa của Cục', agencyCode: COPYRIGHT, roles: [{ role: 'receptionist' }] } });
    assert.equal(account.statusCode, 201, account.body);
    const expiresOn = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);
    const issued = await app.inject({ method: 'POST', url: `/api/v1/service-accounts/${String(field(account.json(), 'id'))}/keys`, headers: authHeaders(admin), payload: { name: 'Máy chủ quầy', expiresOn } });
    assert.equal(issued.statusCode, 201, issued.body);
    const apiKey = field(issued.json(), 'token');
    assert.ok(typeof apiKey === 'string' && apiKey.startsWith('odk_'));

    const result = await runSample('submit-with-key', { baseUrl, apiKey, procedureCode: '1.001823', scan: new Blob([PDF], { type: 'application/pdf' }) });
    assert.equal(field(result, 'status'), 1, JSON.stringify(result));
    assert.ok(Number(field(result, 'scans')) > 0);
    const history = field(result, 'history');
    assert.ok(Array.isArray(history) && history.length > 0);
    const id = String(field(result, 'id'));
    const row = await ctx.db.selectFrom('dossiers').select(['channel', 'code', 'digitised']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual(row, { channel: 1, code: field(result, 'code'), digitised: true });
    // The audit log names the key that did it.
    const keyId = String(field(field(issued.json(), 'key'), 'id'));
    const audited = await ctx.db.selectFrom('audit_log').select(['action', 'summary']).where('target_id', '=', id).execute();
    assert.ok(audited.length > 0 && audited.every((entry) => field(entry.summary, 'apiKeyId') === keyId), JSON.stringify(audited));

    // A key that is not one, through the guide's error helper: 401 with its stable code.
    await assert.rejects(runSample('submit-with-key', { baseUrl, apiKey: `odk_000000000000_${'A'.repeat(43)}`, procedureCode: '1.001823', scan: new Blob([PDF]) }), /^Error: 401 API_KEY_INVALID/);
  });

  it('webhook-receiver: a subscribed receiver gets the signed event, refuses forgeries and stale timestamps, and processes a replay once', async () => {
    // What the earlier samples did is already in the outbox: consumed now, before any subscription exists.
    await ctx.services.webhooks.run();
    // The administrator subscribes the receiver's URL for the Copyright Office's subtree; the secret is shown once.
    const admin = await login(app, 'demo.quantri');
    const agency = await ctx.services.agencies.byCode(COPYRIGHT);
    assert.ok(agency);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/opendvc-webhooks`;
    const subscribed = await app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: authHeaders(admin), payload: { name: 'Hệ thống quản lý văn bản', url, agencyId: agency.id, eventTypes: ['dossier.submitted', 'dossier.status_changed'] } });
    assert.equal(subscribed.statusCode, 201, subscribed.body);
    const secret = field(subscribed.json(), 'secret');
    const subscriptionId = String(field(field(subscribed.json(), 'subscription'), 'id'));
    assert.ok(typeof secret === 'string' && secret.startsWith('whsec_'));

    const events: unknown[] = [];
    const receiver = await runSample('webhook-receiver', { secret, port, onEvent: (event: unknown) => events.push(event) });
    after(() => Reflect.apply(field(receiver, 'close') as () => Promise<void>, undefined, []));

    // The real sender, its attempts recorded (what went over the wire, and the receiver's answers).
    const sent: Array<{ post: WebhookPost; status: number | null }> = [];
    ctx.services.webhooks.setTransport(async (post) => {
      const result = await httpTransport(post);
      sent.push({ post, status: 'status' in result ? result.status : null });
      return result;
    });

    // A dossier is submitted in that subtree: the outbox → one delivery → the receiver.
    const dossier = await submittedDossier(ctx, await actorByUsername(ctx, 'demo.congdan'));
    await ctx.services.webhooks.run();
    assert.equal(sent.length, 1, JSON.stringify(sent.map((s) => s.status)));
    assert.equal(sent[0]!.status, 204);
    assert.equal(events.length, 1);
    assert.equal(field(events[0], 'type'), 'dossier.submitted');
    assert.equal(field(field(events[0], 'data'), 'dossierCode'), dossier.code);
    assert.equal(field(field(events[0], 'data'), 'status'), 1);

    // An exact replay of that delivery (same headers, same body, within the 5 minutes): acknowledged, not processed again.
    const { post } = sent[0]!;
    const replay = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...post.headers }, body: post.body });
    assert.equal(replay.status, 204);
    assert.equal(events.length, 1, 'a replay is not processed twice');

    // "Send again" from the delivery log: the same webhook-id, so the same answer, and still one event.
    const log = await app.inject({ method: 'GET', url: `/api/v1/webhooks/${subscriptionId}/deliveries`, headers: { cookie: admin.cookie } });
    assert.equal(log.statusCode, 200, log.body);
    const deliveries = field(log.json(), 'deliveries');
    assert.ok(Array.isArray(deliveries) && deliveries.length === 1);
    const resend = await app.inject({ method: 'POST', url: `/api/v1/webhooks/${subscriptionId}/deliveries/${String(field(deliveries[0], 'id'))}/resend`, headers: authHeaders(admin) });
    assert.equal(resend.statusCode, 202, resend.body);
    await ctx.services.webhooks.run();
    assert.equal(sent.length, 2);
    assert.equal(sent[1]!.post.headers['webhook-id'], post.headers['webhook-id']);
    assert.equal(sent[1]!.status, 204);
    assert.equal(events.length, 1);

    // Forged: the body changed, or signed with another secret → 401; correctly signed but 10 minutes old → 400.
    const id = `msg_${Date.now()}`;
    const now = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({ id, type: 'dossier.status_changed', occurredAt: new Date().toISOString(), agency: { id: agency.id, code: COPYRIGHT }, data: { dossierId: dossier.id, dossierCode: dossier.code, procedureCode: '1.001823', channel: 2, status: 2 } });
    const deliver = (headers: Record<string, string>, text = body) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: text });
    const tampered = await deliver({ 'webhook-id': id, 'webhook-timestamp': String(now), 'webhook-signature': signWebhook(secret, id, now, body) }, body.replace('"status":2', '"status":10'));
    assert.equal(tampered.status, 401);
    const otherSecret = await deliver({ 'webhook-id': id, 'webhook-timestamp': String(now), 'webhook-signature': signWebhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`, id, now, body) });
    assert.equal(otherSecret.status, 401);
    const stale = await deliver({ 'webhook-id': id, 'webhook-timestamp': String(now - 600), 'webhook-signature': signWebhook(secret, id, now - 600, body) });
    assert.equal(stale.status, 400);
    const unsigned = await deliver({ 'webhook-id': id, 'webhook-timestamp': String(now) });
    assert.equal(unsigned.status, 400);
    assert.equal(events.length, 1, 'nothing refused was processed');
    // The same message, properly signed now: accepted once.
    const genuine = await deliver({ 'webhook-id': id, 'webhook-timestamp': String(now), 'webhook-signature': signWebhook(secret, id, now, body) });
    assert.equal(genuine.status, 204);
    assert.equal(events.length, 2);
  });

  it('generated-client: the typed client follows the dossier by its code and secret', async () => {
    assert.ok(submitted, 'the citizen-submit sample ran');
    const result = await runSample('generated-client', { baseUrl, code: submitted.code, secret: submitted.secret });
    assert.equal(field(result, 'status'), 1);
    assert.equal(typeof field(result, 'statusLabel'), 'string');
    const steps = field(result, 'steps');
    assert.ok(Array.isArray(steps) && steps.length > 0);
  });
});
