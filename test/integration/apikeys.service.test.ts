// Service accounts and API keys against PostgreSQL: only the hash is stored, expiry and revocation, rotation (one
// successor even when two rotations race), the per-minute counter under concurrency, the database's own guards.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { before, describe, it } from 'node:test';
import type { Actor } from '../../src/core/actor.ts';
import { DomainError } from '../../src/core/errors.ts';
import { createTestContext } from '../helpers/db.ts';
import { COPYRIGHT } from '../helpers/domain.ts';

const day = (offsetDays: number, from = Date.now()) => new Date(from + offsetDays * 86_400_000 + 7 * 3_600_000).toISOString().slice(0, 10);
const code = async (promise: Promise<unknown>): Promise<string> => {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof DomainError, String(error));
    return error.code;
  }
  return 'resolved';
};

describe('API keys (service and repository)', async () => {
  const ctx = await createTestContext({ demo: true });
  const apikeys = ctx.services.apikeys;
  let admin: Actor;
  let accountId: string;

  before(async () => {
    admin = (await ctx.services.identity.login({ username: 'demo.quantri', password: 'Demo@2026', ip: '10.0.0.2' })).actor;
    accountId = (await apikeys.createAccount(admin, { name: 'Trục liên thông LGSP', agencyCode: COPYRIGHT, roles: [{ role: 'specialist' }] })).id;
  });

  const issue = (rateLimitPerMinute = 60, expiresOn = day(365)) => apikeys.createKey(admin, accountId, { name: 'Khóa', expiresOn, rateLimitPerMinute });

  it('stores only the SHA-256 of the secret, and resolves the token to the service account', async () => {
    const { token, key } = await issue();
    const [, prefix, secret] = /^odk_([0-9a-f]{12})_(.{43})$/.exec(token)!;
    const row = await ctx.db.selectFrom('api_keys').selectAll().where('id', '=', key.id).executeTakeFirstOrThrow();
    assert.equal(row.prefix, prefix);
    assert.deepEqual(row.secret_hash, createHash('sha256').update(secret!).digest());
    const auth = await apikeys.authenticate(token, '10.1.1.1');
    assert.equal(auth.keyId, key.id);
    assert.equal(auth.actor.id, accountId);
    assert.equal(auth.actor.apiKeyId, key.id);
    assert.equal(auth.actor.kind, 'staff');
    assert.deepEqual(auth.actor.roles.map((r) => r.role), ['specialist']);
    const used = await ctx.db.selectFrom('api_keys').select('last_used_at').where('id', '=', key.id).executeTakeFirstOrThrow();
    assert.ok(used.last_used_at);
  });

  it('refuses a wrong secret with the right prefix, and malformed tokens', async () => {
    const { token } = await issue();
    const wrong = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
    for (const bad of [wrong, '', 'odk_', token + 'x', token.replace('odk_', 'ODK_'), token.slice(0, 16) + '_' + 'é'.repeat(43)]) {
      assert.equal(await code(apikeys.authenticate(bad)), 'API_KEY_INVALID', bad);
    }
  });

  it('expiry: valid until the end of its last day (Vietnam time), then API_KEY_EXPIRED', async () => {
    const { token, key } = await issue(60, day(10));
    const expiresAt = new Date(key.expiresAt);
    assert.equal(expiresAt.toISOString(), new Date(`${day(11)}T00:00:00+07:00`).toISOString());
    const realClock = apikeys.clock;
    try {
      apikeys.clock = () => new Date(expiresAt.getTime() - 1);
      assert.equal((await apikeys.authenticate(token)).keyId, key.id);
      apikeys.clock = () => expiresAt;
      assert.equal(await code(apikeys.authenticate(token)), 'API_KEY_EXPIRED');
    } finally {
      apikeys.clock = realClock;
    }
  });

  it('revoke: API_KEY_REVOKED at once, audited once, idempotent', async () => {
    const { token, key } = await issue();
    await apikeys.revokeKey(admin, key.id);
    await apikeys.revokeKey(admin, key.id);
    assert.equal(await code(apikeys.authenticate(token)), 'API_KEY_REVOKED');
    const entries = await ctx.db.selectFrom('audit_log').select('action').where('target_id', '=', key.id).execute();
    assert.deepEqual(entries.map((e) => e.action).sort(), ['api_key.create', 'api_key.revoke']);
  });

  it('a disabled service account: every key refused as invalid', async () => {
    const other = await apikeys.createAccount(admin, { name: 'Tổng đài', agencyCode: COPYRIGHT, roles: [{ role: 'receptionist' }] });
    const { token } = await apikeys.createKey(admin, other.id, { name: 'K', expiresOn: day(30) });
    await ctx.db.updateTable('accounts').set({ status: 'disabled' }).where('id', '=', other.id).execute();
    assert.equal(await code(apikeys.authenticate(token)), 'API_KEY_INVALID');
    assert.equal(await code(apikeys.createKey(admin, other.id, { name: 'K', expiresOn: day(30) })), 'API_KEY_ACCOUNT_DISABLED');
  });

  it('rotate: same name and limit, the old key revoked at once or after the grace period; two rotations race → one successor', async () => {
    const { token: old, key } = await issue(42);
    const rotated = await apikeys.rotateKey(admin, key.id, {});
    assert.equal(rotated.key.name, key.name);
    assert.equal(rotated.key.rateLimitPerMinute, 42);
    assert.equal(await code(apikeys.authenticate(old)), 'API_KEY_REVOKED');
    assert.equal((await apikeys.authenticate(rotated.token)).keyId, rotated.key.id);
    const replaced = await ctx.db.selectFrom('api_keys').select('replaced_by').where('id', '=', key.id).executeTakeFirstOrThrow();
    assert.equal(replaced.replaced_by, rotated.key.id);

    const graceful = await apikeys.rotateKey(admin, rotated.key.id, { graceMinutes: 30 });
    assert.equal((await apikeys.authenticate(rotated.token)).keyId, rotated.key.id, 'still valid during the grace period');
    assert.equal(await code(apikeys.rotateKey(admin, rotated.key.id, {})), 'API_KEY_NOT_ACTIVE');

    const results = await Promise.allSettled([apikeys.rotateKey(admin, graceful.key.id, {}), apikeys.rotateKey(admin, graceful.key.id, {})]);
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    const successors = await ctx.db.selectFrom('api_keys').select('id').where('name', '=', key.name).where('account_id', '=', accountId).where('created_at', '>', new Date(graceful.key.createdAt)).execute();
    assert.equal(successors.length, 1);
  });

  it('the per-minute counter holds under concurrency: 50 parallel calls with limit 20 → exactly 20 pass', async () => {
    const { token, key } = await issue(20);
    const realClock = apikeys.clock;
    apikeys.clock = () => new Date(Date.UTC(2026, 5, 1, 2, 30, 10));
    try {
      const results = await Promise.allSettled(Array.from({ length: 50 }, () => apikeys.authenticate(token)));
      const passed = results.filter((r) => r.status === 'fulfilled').length;
      const limited = results.filter((r) => r.status === 'rejected' && (r.reason as DomainError).code === 'API_KEY_RATE_LIMITED');
      assert.equal(passed, 20);
      assert.equal(limited.length, 30);
      assert.equal(((limited[0] as PromiseRejectedResult).reason as DomainError).params?.retryAfter, 50);
      const window = await ctx.db.selectFrom('api_key_usage').selectAll().where('key_id', '=', key.id).execute();
      assert.deepEqual(window.map((w) => w.count), [50]);
      // The next minute counts afresh, and its first call deletes windows older than a day.
      apikeys.clock = () => new Date(Date.UTC(2026, 5, 2, 2, 31, 0));
      assert.equal((await apikeys.authenticate(token)).keyId, key.id);
      const windows = await ctx.db.selectFrom('api_key_usage').select('count').where('key_id', '=', key.id).execute();
      assert.deepEqual(windows.map((w) => w.count), [1]);
    } finally {
      apikeys.clock = realClock;
    }
  });

  it('last_used_at is written by the first call of a minute only', async () => {
    const { key } = await issue();
    const at = (s: number) => new Date(Date.UTC(2026, 6, 1, 1, 0, s));
    await apikeys.countUse(key.id, at(1));
    await apikeys.countUse(key.id, at(30));
    const row = await ctx.db.selectFrom('api_keys').select('last_used_at').where('id', '=', key.id).executeTakeFirstOrThrow();
    assert.equal(row.last_used_at!.toISOString(), at(1).toISOString());
  });

  it('the database keeps a service account password-less and a key at most two years', async () => {
    const update = ctx.db.updateTable('accounts').set({ password_hash: '$argon2id$v=19$m=19456,p=1,t=2$x$y' }).where('id', '=', accountId).execute();
    await assert.rejects(update, /accounts_service_check/);
    const email = ctx.db.updateTable('accounts').set({ email: 'svc@example.vn' }).where('id', '=', accountId).execute();
    await assert.rejects(email, /accounts_service_check/);
    const { key } = await issue();
    const far = ctx.db.updateTable('api_keys').set({ expires_at: new Date(Date.now() + 800 * 86_400_000) }).where('id', '=', key.id).execute();
    await assert.rejects(far, /check/);
  });

  it('only administrators, within their subtree, with a session (not a key)', async () => {
    const specialist = (await ctx.services.identity.login({ username: 'demo.chuyenvien', password: 'Demo@2026', ip: '10.0.0.3' })).actor;
    assert.equal(await code(apikeys.list(specialist)), 'FORBIDDEN');
    assert.equal(await code(apikeys.list(null)), 'UNAUTHENTICATED');
    assert.equal(await code(apikeys.list({ ...admin, apiKeyId: '00000000-0000-0000-0000-000000000000' })), 'API_KEY_NOT_ALLOWED');
    assert.equal(await code(apikeys.get(admin, 'nope')), 'NOT_FOUND');
    assert.equal(await code(apikeys.revokeKey(admin, '00000000-0000-0000-0000-000000000000')), 'NOT_FOUND');
  });
});
