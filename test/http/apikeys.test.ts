// Service accounts and API keys over HTTP: made by an administrator, shown once, used as `Authorization: Bearer`
// on the JSON API (no CSRF, no cookie), limited per minute, refused when revoked, expired, unknown or malformed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authHeaders, createTestApp, login } from '../helpers/app.ts';
import { actorByUsername, submittedDossier } from '../helpers/dossiers.ts';
import { COPYRIGHT, TRA_VINH, TV_SO } from '../helpers/domain.ts';

describe('API keys over HTTP', async () => {
  const { app, ctx } = await createTestApp({ demo: true });
  const admin = await login(app, 'demo.quantri');
  const owner = await actorByUsername(ctx, 'demo.congdan');
  const own = await submittedDossier(ctx, owner);
  const elsewhere = await submittedDossier(ctx, owner);
  const travinh = (await ctx.services.agencies.byCode(TRA_VINH))!;
  await ctx.db.updateTable('dossiers').set({ agency_id: travinh.id }).where('id', '=', elsewhere.id).execute();
  const apikeys = ctx.services.apikeys;
  const realClock = apikeys.clock;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const inTwoYears = (days = 700) => new Date(Date.now() + days * 86_400_000 + 7 * 3_600_000).toISOString().slice(0, 10);

  /** A service account of the Copyright Office with these roles, and one key: [account id, token]. */
  async function accountWithKey(roles: string[], key: { rateLimitPerMinute?: number; agencyCode?: string } = {}): Promise<[string, string, string]> {
    const created = await app.inject({
      method: 'POST', url: '/api/service-accounts', headers: authHeaders(admin),
      payload: { name: 'Hệ thống quản lý văn bản', agencyCode: key.agencyCode ?? COPYRIGHT, roles: roles.map((role) => ({ role })) },
    });
    assert.equal(created.statusCode, 201, created.body);
    const account = created.json();
    const issued = await app.inject({
      method: 'POST', url: `/api/service-accounts/${account.id}/keys`, headers: authHeaders(admin),
      payload: { name: 'Máy chủ chính', expiresOn: inTwoYears(), ...(key.rateLimitPerMinute ? { rateLimitPerMinute: key.rateLimitPerMinute } : {}) },
    });
    assert.equal(issued.statusCode, 201, issued.body);
    const body = issued.json();
    assert.match(body.token, /^odk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    return [account.id, body.token, body.key.id];
  }

  const [accountId, token, keyId] = await accountWithKey(['specialist', 'receptionist']);

  it('shows the token once: never in the lists or the account afterwards, only its prefix', async () => {
    const list = await app.inject({ method: 'GET', url: '/api/service-accounts', headers: { cookie: admin.cookie } });
    assert.equal(list.statusCode, 200);
    // The secret is everything after the prefix (base64url: it may itself contain '_').
    const secret = token.slice('odk_'.length + 12 + 1);
    assert.equal(secret.length, 43);
    assert.ok(!list.body.includes(secret));
    const one = await app.inject({ method: 'GET', url: `/api/service-accounts/${accountId}`, headers: { cookie: admin.cookie } });
    assert.ok(!one.body.includes(secret));
    const account = one.json();
    assert.equal(account.keys[0].prefix, token.slice(4, 16));
    assert.equal(account.keys[0].status, 'active');
    assert.deepEqual(account.roles.map((r: { role: string }) => r.role).sort(), ['receptionist', 'specialist']);
    const stored = await ctx.db.selectFrom('api_keys').selectAll().where('id', '=', keyId).executeTakeFirstOrThrow();
    assert.ok(!JSON.stringify(stored).includes(secret));
    assert.ok(!(await app.inject({ method: 'GET', url: '/quan-tri/khoa-api', headers: { cookie: admin.cookie, accept: 'text/html' } })).body.includes(secret));
  });

  it('a service account is no person: not in the staff list, cannot sign in with a password', async () => {
    const account = (await app.inject({ method: 'GET', url: `/api/service-accounts/${accountId}`, headers: { cookie: admin.cookie } })).json();
    const staff = await app.inject({ method: 'GET', url: `/api/staff?q=${account.username}`, headers: { cookie: admin.cookie } });
    assert.equal(staff.json().total, 0);
    for (const password of ['!service-account', '', 'Demo@2026']) {
      const attempt = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: account.username, password } });
      assert.ok([401, 422].includes(attempt.statusCode), attempt.body);
    }
  });

  it('reads a dossier of its agency subtree; another agency’s is not found', async () => {
    const mine = await app.inject({ method: 'GET', url: `/api/officer/dossiers/${own.id}`, headers: bearer(token) });
    assert.equal(mine.statusCode, 200, mine.body);
    const other = await app.inject({ method: 'GET', url: `/api/officer/dossiers/${elsewhere.id}`, headers: bearer(token) });
    assert.ok([403, 404].includes(other.statusCode), other.body);
    const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(token) });
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().user.id, accountId);
  });

  it('a role it lacks → 403', async () => {
    const staff = await app.inject({ method: 'GET', url: '/api/staff', headers: bearer(token) });
    assert.equal(staff.statusCode, 403);
    const audit = await app.inject({ method: 'GET', url: '/api/audit', headers: bearer(token) });
    assert.equal(audit.statusCode, 403);
  });

  it('acts with no CSRF token, and the audit entry carries the key id', async () => {
    const accepted = await app.inject({ method: 'POST', url: `/api/dossiers/${own.id}/actions/accept`, headers: bearer(token), payload: { expectedVersion: 0 } });
    assert.equal(accepted.statusCode, 200, accepted.body);
    const entry = await ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'dossier.accept').where('target_id', '=', own.id).executeTakeFirstOrThrow();
    assert.equal(entry.actor_id, accountId);
    assert.equal((entry.summary as { apiKeyId?: string }).apiKeyId, keyId);
    await ctx.services.audit.seal();
    assert.equal((await ctx.services.audit.verify()).ok, true);
  });

  it('cookie and key together: the key wins, the cookie is ignored', async () => {
    const withAdminCookie = await app.inject({ method: 'GET', url: '/api/staff', headers: { cookie: admin.cookie, ...bearer(token) } });
    assert.equal(withAdminCookie.statusCode, 403);
    const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: admin.cookie, ...bearer(token) } });
    assert.equal(me.json().user.id, accountId);
    // A cookie's CSRF token does not matter either way: the key's own authorisation answers (another agency's dossier).
    const post = await app.inject({ method: 'POST', url: `/api/dossiers/${elsewhere.id}/actions/accept`, headers: { cookie: admin.cookie, 'x-csrf-token': 'wrong', ...bearer(token) }, payload: { expectedVersion: 0 } });
    assert.equal(post.statusCode, 404, post.body);
  });

  it('refuses unknown, malformed, revoked and expired keys with 401 and WWW-Authenticate', async () => {
    const refused = async (authorization: string, code: string) => {
      const response = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization } });
      assert.equal(response.statusCode, 401, `${authorization}: ${response.body}`);
      assert.equal(response.json().code, code, authorization);
      assert.match(String(response.headers['www-authenticate']), /^Bearer/);
      assert.match(String(response.headers['content-type']), /application\/problem\+json/);
    };
    await refused(`Bearer odk_${'0'.repeat(12)}_${'A'.repeat(43)}`, 'API_KEY_INVALID');
    await refused(`Bearer ${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`, 'API_KEY_INVALID');
    await refused('Bearer odk_', 'API_KEY_INVALID');
    await refused('Bearer odk_zzz_short', 'API_KEY_INVALID');
    await refused(`bearer ${token}x`, 'API_KEY_INVALID');
    await refused(`Bearer odk_${'0'.repeat(12)}_${'A'.repeat(42)}é`, 'API_KEY_INVALID');

    const [, doomed, doomedId] = await accountWithKey(['specialist']);
    const revoked = await app.inject({ method: 'POST', url: `/api/api-keys/${doomedId}/revoke`, headers: authHeaders(admin) });
    assert.equal(revoked.statusCode, 200, revoked.body);
    assert.equal(revoked.json().status, 'revoked');
    await refused(`Bearer ${doomed}`, 'API_KEY_REVOKED');
    // Revoking again changes nothing.
    assert.equal((await app.inject({ method: 'POST', url: `/api/api-keys/${doomedId}/revoke`, headers: authHeaders(admin) })).statusCode, 200);

    apikeys.clock = () => new Date(Date.now() + 800 * 86_400_000);
    try {
      await refused(`Bearer ${token}`, 'API_KEY_EXPIRED');
    } finally {
      apikeys.clock = realClock;
    }
  });

  it('disabling a service account refuses its keys at once; enabling it again restores them; both audited', async () => {
    const [id, key] = await accountWithKey(['specialist']);
    const me = () => app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(key) });
    assert.equal((await me()).statusCode, 200);
    const disabled = await app.inject({ method: 'POST', url: `/api/service-accounts/${id}/disable`, headers: authHeaders(admin) });
    assert.equal(disabled.statusCode, 200, disabled.body);
    assert.equal(disabled.json().status, 'disabled');
    assert.equal((await me()).json().code, 'API_KEY_INVALID');
    // No new key for a disabled account; disabling again changes nothing (one audit entry).
    const refusedKey = await app.inject({ method: 'POST', url: `/api/service-accounts/${id}/keys`, headers: authHeaders(admin), payload: { name: 'x', expiresOn: inTwoYears() } });
    assert.equal(refusedKey.json().code, 'API_KEY_ACCOUNT_DISABLED');
    assert.equal((await app.inject({ method: 'POST', url: `/api/service-accounts/${id}/disable`, headers: authHeaders(admin) })).statusCode, 200);
    const enabled = await app.inject({ method: 'POST', url: `/api/service-accounts/${id}/enable`, headers: authHeaders(admin) });
    assert.equal(enabled.json().status, 'active');
    assert.equal((await me()).statusCode, 200);
    const actions = (await ctx.db.selectFrom('audit_log').select('action').where('target_id', '=', id).orderBy('at').orderBy('id').execute()).map((r) => r.action);
    assert.deepEqual(actions.filter((a) => a !== 'service_account.create'), ['service_account.disable', 'service_account.enable']);
    // Another agency's administrator: not found; a person's account through this route: not found either.
    const person = await actorByUsername(ctx, 'demo.motcua');
    assert.equal((await app.inject({ method: 'POST', url: `/api/service-accounts/${person.id}/disable`, headers: authHeaders(admin) })).statusCode, 404);
    // The page's button, in both directions.
    const html = { cookie: admin.cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' };
    const off = await app.inject({ method: 'POST', url: `/quan-tri/khoa-api/${id}/khoa-tai-khoan`, headers: html, payload: `_csrf=${encodeURIComponent(admin.csrfToken)}` });
    assert.equal(off.statusCode, 303, off.body);
    const page = await app.inject({ method: 'GET', url: String(off.headers.location), headers: { cookie: admin.cookie, accept: 'text/html' } });
    assert.match(page.body, /Đã khóa tài khoản dịch vụ/);
    assert.match(page.body, /mo-khoa-tai-khoan/);
    assert.equal((await me()).json().code, 'API_KEY_INVALID');
    const on = await app.inject({ method: 'POST', url: `/quan-tri/khoa-api/${id}/mo-khoa-tai-khoan`, headers: html, payload: `_csrf=${encodeURIComponent(admin.csrfToken)}` });
    assert.equal(on.statusCode, 303);
    assert.equal((await me()).statusCode, 200);
  });

  it('other bearer tokens are not API keys, and pages ignore a key', async () => {
    const portal = await app.inject({ method: 'POST', url: '/api/national-portal/dossiers', headers: { authorization: 'Bearer not-an-odk-token' }, payload: {} });
    assert.notEqual(portal.json().code, 'API_KEY_INVALID');
    const page = await app.inject({ method: 'GET', url: '/quan-tri', headers: { accept: 'text/html', ...bearer(token) } });
    assert.equal(page.statusCode, 303);
    assert.match(String(page.headers.location), /^\/dang-nhap/);
  });

  it('keys cannot manage keys', async () => {
    const [, adminKey] = await accountWithKey(['admin']);
    const listed = await app.inject({ method: 'GET', url: '/api/service-accounts', headers: bearer(adminKey) });
    assert.equal(listed.statusCode, 403);
    assert.equal(listed.json().code, 'API_KEY_NOT_ALLOWED');
    const staff = await app.inject({ method: 'GET', url: '/api/staff', headers: bearer(adminKey) });
    assert.equal(staff.statusCode, 200);
  });

  it('over its calls per minute → 429 API_KEY_RATE_LIMITED with Retry-After', async () => {
    const [, limited] = await accountWithKey(['specialist'], { rateLimitPerMinute: 3 });
    apikeys.clock = () => new Date(Date.UTC(2026, 11, 5, 3, 0, 15));
    try {
      for (let i = 0; i < 3; i++) assert.equal((await app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(limited) })).statusCode, 200);
      const over = await app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(limited) });
      assert.equal(over.statusCode, 429);
      assert.equal(over.json().code, 'API_KEY_RATE_LIMITED');
      assert.equal(over.headers['retry-after'], '45');
      apikeys.clock = () => new Date(Date.UTC(2026, 11, 5, 3, 1, 0));
      assert.equal((await app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(limited) })).statusCode, 200);
    } finally {
      apikeys.clock = realClock;
    }
  });

  it('rotates: a new token works, the old one is revoked (at once, or after the grace period)', async () => {
    const [, first, firstId] = await accountWithKey(['specialist']);
    const rotated = await app.inject({ method: 'POST', url: `/api/api-keys/${firstId}/rotate`, headers: authHeaders(admin), payload: { graceMinutes: 60 } });
    assert.equal(rotated.statusCode, 201, rotated.body);
    const second = rotated.json().token as string;
    assert.notEqual(second, first);
    assert.equal((await app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(second) })).statusCode, 200);
    assert.equal((await app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(first) })).statusCode, 200, 'valid during the grace period');
    apikeys.clock = () => new Date(Date.now() + 61 * 60_000);
    try {
      assert.equal((await app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(first) })).json().code, 'API_KEY_REVOKED');
    } finally {
      apikeys.clock = realClock;
    }
    const again = await app.inject({ method: 'POST', url: `/api/api-keys/${firstId}/rotate`, headers: authHeaders(admin), payload: {} });
    assert.equal(again.statusCode, 409);
    const secondId = rotated.json().key.id as string;
    const now = await app.inject({ method: 'POST', url: `/api/api-keys/${secondId}/rotate`, headers: authHeaders(admin) });
    assert.equal(now.statusCode, 201, now.body);
    assert.equal((await app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(second) })).json().code, 'API_KEY_REVOKED');
  });

  it('refuses bad input of the administrator (each a field error)', async () => {
    const bad = async (url: string, payload: Record<string, unknown>, status: number, code: string, path?: string) => {
      const response = await app.inject({ method: 'POST', url, headers: authHeaders(admin), payload });
      assert.equal(response.statusCode, status, `${JSON.stringify(payload)}: ${response.body}`);
      assert.equal(response.json().code, code);
      if (path) assert.ok(response.json().errors.some((e: { path: string }) => e.path === path), response.body);
    };
    const accounts = '/api/service-accounts';
    await bad(accounts, { name: '   ', agencyCode: COPYRIGHT, roles: [{ role: 'specialist' }] }, 422, 'VALIDATION_FAILED', '/name');
    await bad(accounts, { name: 'X', agencyCode: 'NOPE', roles: [{ role: 'specialist' }] }, 422, 'VALIDATION_FAILED', '/agencyCode');
    await bad(accounts, { name: 'X', agencyCode: COPYRIGHT, roles: [{ role: 'wizard' }] }, 422, 'VALIDATION_FAILED', '/roles/0/role');
    await bad(accounts, { name: 'X', agencyCode: COPYRIGHT, roles: [] }, 422, 'VALIDATION_FAILED', '/roles');
    await bad(accounts, { name: 'X', agencyCode: COPYRIGHT, roles: [{ role: 'specialist', agencyCode: 'NOPE' }] }, 422, 'VALIDATION_FAILED', '/roles/0/agencyCode');
    const keys = `/api/service-accounts/${accountId}/keys`;
    const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
    await bad(keys, { name: 'K', expiresOn: today }, 422, 'VALIDATION_FAILED', '/expiresOn');
    await bad(keys, { name: 'K', expiresOn: '2020-01-01' }, 422, 'VALIDATION_FAILED', '/expiresOn');
    await bad(keys, { name: 'K', expiresOn: inTwoYears(800) }, 422, 'VALIDATION_FAILED', '/expiresOn');
    await bad(keys, { name: 'K', expiresOn: '31/02/2027' }, 422, 'VALIDATION_FAILED', '/expiresOn');
    await bad(keys, { name: 'K', expiresOn: '2027-02-30' }, 422, 'VALIDATION_FAILED', '/expiresOn');
    await bad(keys, { name: '', expiresOn: inTwoYears() }, 422, 'VALIDATION_FAILED', '/name');
    await bad(keys, { name: 'K', expiresOn: inTwoYears(), rateLimitPerMinute: 0 }, 422, 'VALIDATION_FAILED', '/rateLimitPerMinute');
    await bad(keys, { name: 'K', expiresOn: inTwoYears(), rateLimitPerMinute: 1.5 }, 422, 'VALIDATION_FAILED');
    await bad(keys, { name: 'K' }, 422, 'VALIDATION_FAILED', '/expiresOn');
    await bad(`/api/service-accounts/not-a-uuid/keys`, { name: 'K', expiresOn: inTwoYears() }, 404, 'NOT_FOUND');
    await bad(`/api/api-keys/${keyId}/rotate`, { graceMinutes: 5000 }, 422, 'VALIDATION_FAILED', '/graceMinutes');
    await bad(`/api/api-keys/${keyId}/rotate`, { graceMinutes: -1 }, 422, 'VALIDATION_FAILED', '/graceMinutes');
    await bad(`/api/api-keys/00000000-0000-0000-0000-000000000000/revoke`, {}, 404, 'NOT_FOUND');
  });

  it('scopes to the administrator’s subtree: another agency’s administrator sees nothing and cannot grant outside', async () => {
    await ctx.services.identity.createAccount(null, {
      username: 'tv.quantri', password: 'Demo@2026', kind: 'staff', fullName: 'Quản trị Trà Vinh', agencyId: travinh.id, roles: [{ role: 'admin', agencyId: travinh.id }],
    });
    const tvAdmin = await login(app, 'tv.quantri');
    const list = await app.inject({ method: 'GET', url: '/api/service-accounts', headers: { cookie: tvAdmin.cookie } });
    assert.ok(!list.json().items.some((a: { id: string }) => a.id === accountId));
    assert.equal((await app.inject({ method: 'GET', url: `/api/service-accounts/${accountId}`, headers: { cookie: tvAdmin.cookie } })).statusCode, 404);
    assert.equal((await app.inject({ method: 'POST', url: `/api/api-keys/${keyId}/revoke`, headers: authHeaders(tvAdmin) })).statusCode, 404);
    const outside = await app.inject({ method: 'POST', url: '/api/service-accounts', headers: authHeaders(tvAdmin), payload: { name: 'X', agencyCode: COPYRIGHT, roles: [{ role: 'specialist' }] } });
    assert.equal(outside.statusCode, 403);
    const grantOutside = await app.inject({ method: 'POST', url: '/api/service-accounts', headers: authHeaders(tvAdmin), payload: { name: 'X', agencyCode: TV_SO, roles: [{ role: 'specialist', agencyCode: COPYRIGHT }] } });
    assert.equal(grantOutside.statusCode, 403);
    const inside = await app.inject({ method: 'POST', url: '/api/service-accounts', headers: authHeaders(tvAdmin), payload: { name: 'Tổng đài 1022', agencyCode: TV_SO, roles: [{ role: 'specialist' }] } });
    assert.equal(inside.statusCode, 201, inside.body);
    const citizen = await login(app, 'demo.congdan');
    assert.equal((await app.inject({ method: 'GET', url: '/api/service-accounts', headers: { cookie: citizen.cookie } })).statusCode, 403);
    assert.equal((await app.inject({ method: 'GET', url: '/api/service-accounts' })).statusCode, 401);
  });

  for (const locale of ['vi', 'en'] as const) {
    it(`pages (${locale}): list, create a service account, issue a key shown once, revoke with confirmation`, async () => {
      const html = { cookie: admin.cookie, accept: 'text/html', 'accept-language': locale };
      const form = (fields: Record<string, string | string[]>) => {
        const params = new URLSearchParams({ _csrf: admin.csrfToken });
        for (const [k, v] of Object.entries(fields)) for (const value of [v].flat()) params.append(k, value);
        return params.toString();
      };
      const post = (url: string, fields: Record<string, string | string[]>) =>
        app.inject({ method: 'POST', url, headers: { ...html, 'content-type': 'application/x-www-form-urlencoded' }, payload: form(fields) });
      const home = await app.inject({ method: 'GET', url: '/quan-tri', headers: html });
      assert.match(home.body, /href="\/quan-tri\/khoa-api"/);
      const list = await app.inject({ method: 'GET', url: '/quan-tri/khoa-api', headers: html });
      assert.equal(list.statusCode, 200);
      assert.match(list.body, locale === 'vi' ? /Tài khoản dịch vụ và khóa API/ : /Service accounts and API keys/);
      const blank = await app.inject({ method: 'GET', url: '/quan-tri/khoa-api/them', headers: html });
      assert.equal(blank.statusCode, 200);
      assert.match(blank.body, /name="agencyCode"/);

      const invalid = await post('/quan-tri/khoa-api/them', { name: '', agencyCode: '' });
      assert.equal(invalid.statusCode, 422);
      assert.match(invalid.body, /error-summary/);
      const created = await post('/quan-tri/khoa-api/them', { name: `Ứng dụng di động ${locale}`, agencyCode: COPYRIGHT, roles: ['specialist', 'receptionist'] });
      assert.equal(created.statusCode, 303, created.body);
      const accountUrl = String(created.headers.location).split('?')[0]!;
      const account = await app.inject({ method: 'GET', url: String(created.headers.location), headers: html });
      assert.equal(account.statusCode, 200);
      assert.match(account.body, /name="expiresOn"/);

      const badKey = await post(`${accountUrl}/khoa`, { name: 'Máy chủ', expiresOn: '99/99/2027', rateLimitPerMinute: '60' });
      assert.equal(badKey.statusCode, 422);
      assert.match(badKey.body, /error-summary/);
      const [y, m, d] = inTwoYears(365).split('-');
      const issued = await post(`${accountUrl}/khoa`, { name: 'Máy chủ', expiresOn: `${d}/${m}/${y}`, rateLimitPerMinute: '120' });
      assert.equal(issued.statusCode, 200, issued.body);
      const shown = /(odk_[0-9a-f]{12}_[A-Za-z0-9_-]{43})/.exec(issued.body)?.[1];
      assert.ok(shown, 'the token is on the page');
      assert.equal((await app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(shown) })).statusCode, 200);
      const after = await app.inject({ method: 'GET', url: accountUrl, headers: html });
      assert.ok(!after.body.includes(shown), 'never shown again');
      assert.ok(after.body.includes(`odk_${shown.slice(4, 16)}_`));

      const keyRow = await ctx.db.selectFrom('api_keys').select('id').where('prefix', '=', shown.slice(4, 16)).executeTakeFirstOrThrow();
      const confirm = await app.inject({ method: 'GET', url: `/quan-tri/khoa-api/khoa/${keyRow.id}/thu-hoi`, headers: html });
      assert.equal(confirm.statusCode, 200);
      const revoked = await post(`/quan-tri/khoa-api/khoa/${keyRow.id}/thu-hoi`, {});
      assert.equal(revoked.statusCode, 303);
      const notice = await app.inject({ method: 'GET', url: String(revoked.headers.location), headers: html });
      assert.match(notice.body, new RegExp(shown.slice(4, 16)));
      assert.equal((await app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(shown) })).json().code, 'API_KEY_REVOKED');

      const rotateForm = await app.inject({ method: 'GET', url: `/quan-tri/khoa-api/khoa/${keyId}/doi-khoa`, headers: html });
      assert.equal(rotateForm.statusCode, 200);
      const badRotate = await post(`/quan-tri/khoa-api/khoa/${keyId}/doi-khoa`, { graceMinutes: 'abc' });
      assert.equal(badRotate.statusCode, 422);
    });
  }

  it('the page forms refuse a visitor without the role', async () => {
    const lanhdao = await login(app, 'demo.lanhdao');
    assert.equal((await app.inject({ method: 'GET', url: '/quan-tri/khoa-api', headers: { cookie: lanhdao.cookie, accept: 'text/html' } })).statusCode, 403);
    assert.equal((await app.inject({ method: 'GET', url: '/quan-tri/khoa-api', headers: { accept: 'text/html' } })).statusCode, 303);
  });
});
