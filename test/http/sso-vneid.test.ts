// Single sign-on with VNeID over HTTP, against the real simulator (oidc-provider on a free port) and the real relying
// party (openid-client): first sign-in creates or links the account by personal ID, businesses sign in as their
// representative, single logout both ways; and the bad input — an ID token with the wrong audience, issuer or nonce,
// or expired (real tokens, signed by the simulator's key), a state mismatch or a replayed callback, a returning user
// whose personal ID now belongs to another account, the provider unreachable — each a page, never a 500.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startVneidSimulator } from '../../src/simulators/vneid.ts';
import { createTestApp, login } from '../helpers/app.ts';
import { startSsoTest } from '../helpers/sso.ts';

const { BASE, simulator, ctx, http, Jar, form, cookieOf, toCallback, callback, signIn, me, person } = await startSsoTest();

async function auditCount(action: string): Promise<number> {
  const row = await ctx.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).where('action', '=', action).executeTakeFirstOrThrow();
  return Number(row.n);
}


describe('single sign-on with VNeID', () => {
  it('shows the VNeID button on the sign-in page', async () => {
    const page = await http.inject({ method: 'GET', url: '/dang-nhap?next=/ho-so', headers: { accept: 'text/html' } });
    assert.match(page.body, /href="\/dang-nhap\/vneid\?next=%2Fho-so"/);
    assert.match(page.body, /Đăng nhập bằng VNeID/);
  });

  it('creates a citizen account on the first sign-in (personal ID, name, date of birth, LoA; no usable password) and signs in again', async () => {
    const first = await signIn(person('001099000111', 'Đỗ Thị Mai', { birthdate: '1999-09-09', loa: 1 }), '/ho-so');
    assert.equal(first.response.statusCode, 303, first.response.body);
    assert.equal(first.response.headers.location, '/ho-so');
    assert.ok(first.sid);
    const user = (await me(first.sid)).json() as { user: { kind: string; fullName: string; username: string } };
    assert.equal(user.user.kind, 'citizen');
    assert.equal(user.user.fullName, 'Đỗ Thị Mai');
    const account = await ctx.db.selectFrom('accounts').selectAll().where('personal_id', '=', '001099000111').executeTakeFirstOrThrow();
    assert.equal(account.date_of_birth, '1999-09-09');
    assert.equal(account.email, null);
    assert.doesNotMatch(account.username, /001099000111/, 'the username does not reveal the personal ID');
    const identity = await ctx.db.selectFrom('account_identities').selectAll().where('account_id', '=', account.id).executeTakeFirstOrThrow();
    assert.equal(identity.provider, 'vneid');
    assert.equal(identity.subject, simulator.subjectOf('001099000111'));
    assert.equal(identity.loa, 1);
    // No password signs in to it.
    const password = await http.inject({ method: 'POST', url: '/api/auth/login', payload: { username: account.username, password: '!sso-no-password' } });
    assert.equal(password.statusCode, 401);
    // Again: the same account, the LoA of this sign-in.
    const again = await signIn(person('001099000111', 'Đỗ Thị Mai', { birthdate: '1999-09-09', loa: 2 }));
    assert.equal(again.response.statusCode, 303);
    assert.equal(((await me(again.sid)).json() as { user: { id: string } }).user.id, account.id);
    const count = await ctx.db.selectFrom('accounts').select((eb) => eb.fn.countAll<string>().as('n')).where('personal_id', '=', '001099000111').executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 1);
    assert.equal((await ctx.db.selectFrom('account_identities').select('loa').where('account_id', '=', account.id).executeTakeFirstOrThrow()).loa, 2);
  });

  it('links an existing account by personal ID (never by name), and its password keeps working', async () => {
    // demo.congdan is Nguyễn Văn An, 079090001234; VNeID gives another spelling of the name: the personal ID decides.
    const result = await signIn(person('079090001234', 'NGUYỄN VĂN AN', { birthdate: '1990-05-12' }));
    assert.equal(result.response.statusCode, 303, result.response.body);
    const user = (await me(result.sid)).json() as { user: { username: string } };
    assert.equal(user.user.username, 'demo.congdan');
    await login(http, 'demo.congdan');
    // The owner's address hears of the link (the personal ID of a password account was only declared).
    const mail = await ctx.db.selectFrom('mail_messages').select(['subject', 'body_text']).where('to_address', '=', 'congdan@example.vn').where('subject', 'like', '%VNeID%').execute();
    assert.equal(mail.length, 1);
    assert.match(mail[0]!.body_text, /Nếu không phải bạn thực hiện/);
    // Same name, another personal ID: a new account, not demo.congdan's.
    const namesake = await signIn(person('079090005678', 'Nguyễn Văn An'));
    assert.notEqual(((await me(namesake.sid)).json() as { user: { username: string } }).user.username, 'demo.congdan');
  });

  it('signs a business in as the person representing its tax code (organisation created when absent, then reused)', async () => {
    const rep = person('001080001212', 'Lê Quang Huy', { business: { taxCode: '0109876543', name: 'Công ty TNHH Sáng Tạo Việt' } });
    const first = await signIn(rep);
    assert.equal(first.response.statusCode, 303, first.response.body);
    const user = (await me(first.sid)).json() as { user: { id: string; kind: string } };
    assert.equal(user.user.kind, 'organisation');
    const organisation = await ctx.db.selectFrom('organisations').selectAll().where('tax_code', '=', '0109876543').executeTakeFirstOrThrow();
    assert.equal(organisation.name, 'Công ty TNHH Sáng Tạo Việt');
    assert.equal(organisation.legal_representative, 'Lê Quang Huy');
    const account = await ctx.db.selectFrom('accounts').selectAll().where('id', '=', user.user.id).executeTakeFirstOrThrow();
    assert.equal(account.organisation_id, organisation.id);
    assert.equal(account.personal_id, '001080001212');
    // The same person as a citizen is another identity and another account.
    const citizen = await signIn(person('001080001212', 'Lê Quang Huy'));
    const citizenUser = (await me(citizen.sid)).json() as { user: { id: string; kind: string } };
    assert.equal(citizenUser.user.kind, 'citizen');
    assert.notEqual(citizenUser.user.id, user.user.id);
    // Again as the representative: the same organisation account.
    const again = await signIn(rep);
    assert.equal(((await me(again.sid)).json() as { user: { id: string } }).user.id, user.user.id);
    // A business already registered (the demo business): its members list gains the representative.
    const demoOrg = await ctx.db.selectFrom('accounts as a').innerJoin('organisations as o', 'o.id', 'a.organisation_id').select(['o.id', 'o.tax_code', 'o.name']).where('a.username', '=', 'demo.doanhnghiep').executeTakeFirstOrThrow();
    const joined = await signIn(person('001085002323', 'Vũ Thị Hạnh', { business: { taxCode: demoOrg.tax_code, name: demoOrg.name } }));
    const joinedUser = (await me(joined.sid)).json() as { user: { id: string } };
    const joinedAccount = await ctx.db.selectFrom('accounts').select('organisation_id').where('id', '=', joinedUser.user.id).executeTakeFirstOrThrow();
    assert.equal(joinedAccount.organisation_id, demoOrg.id);
  });

  for (const mode of ['audience', 'issuer', 'nonce', 'expired'] as const) {
    it(`refuses an ID token with the wrong ${mode === 'expired' ? 'expiry (expired)' : mode} (no session, an audit entry)`, async () => {
      const before = await auditCount('auth.sso_refused');
      const flow = await toCallback(person('001077000999', 'Hoàng Văn Nam'));
      simulator.misbehave(mode);
      try {
        const response = await callback(flow.callback, flow.ssoCookie);
        assert.equal(response.statusCode, 401, response.body);
        assert.match(response.body, /data-code="SSO_TOKEN_INVALID"/);
        assert.match(response.body, /Không xác nhận được thông tin đăng nhập/);
        assert.equal(cookieOf(response, 'opendvc_sid'), undefined);
      } finally {
        simulator.misbehave(null);
      }
      assert.equal(await auditCount('auth.sso_refused'), before + 1);
      assert.equal(await ctx.db.selectFrom('accounts').select('id').where('personal_id', '=', '001077000999').executeTakeFirst(), undefined);
    });
  }

  it('refuses a callback whose state is not this browser’s transaction', async () => {
    const mine = await toCallback(person('001066000123', 'Trịnh Văn Sơn'));
    const theirs = await toCallback(person('001066000123', 'Trịnh Văn Sơn'));
    // The attacker's callback in the victim's browser (login CSRF): the victim's transaction cookie does not match.
    const crossed = await callback(theirs.callback, mine.ssoCookie);
    assert.equal(crossed.statusCode, 400, crossed.body);
    assert.match(crossed.body, /data-code="SSO_STATE_INVALID"/);
    // No cookie at all, and a forged cookie.
    assert.equal((await callback(mine.callback, undefined)).statusCode, 400);
    assert.equal((await callback(mine.callback, 'AAAA.BBBB.CCCC')).statusCode, 400);
    assert.equal((await callback(`${BASE}/dang-nhap/vneid/callback`, mine.ssoCookie)).statusCode, 400);
    // Hostile queries: a repeated state, an oversized code, control characters — refused, never a 500.
    for (const query of ['state=a&state=b&code=c', `state=a&code=${'x'.repeat(5000)}`, 'state=%00&code=%01', 'error=server_error&state=zz']) {
      const response = await callback(`${BASE}/dang-nhap/vneid/callback?${query}`, mine.ssoCookie);
      assert.ok(response.statusCode >= 400 && response.statusCode < 500, `${query}: ${response.statusCode}`);
    }
  });

  it('says so when the person cancels on the provider’s page', async () => {
    const jar = new Jar();
    const start = await http.inject({ method: 'GET', url: '/dang-nhap/vneid' });
    const ssoCookie = cookieOf(start, 'opendvc_sso')!;
    const interaction = new URL((await jar.fetch(String(start.headers.location))).headers.get('location')!, simulator.url).href;
    const aborted = await jar.fetch(`${interaction}/abort`, form({}));
    const back = (await jar.fetch(new URL(aborted.headers.get('location')!, simulator.url).href)).headers.get('location')!;
    assert.match(back, /error=access_denied/);
    const response = await callback(back, ssoCookie);
    assert.equal(response.statusCode, 400, response.body);
    assert.match(response.body, /data-code="SSO_CANCELLED"/);
    assert.match(response.body, /Bạn đã hủy đăng nhập bằng VNeID/);
  });

  it('refuses a replayed callback (the cookie is spent, and the provider refuses a used code)', async () => {
    const flow = await toCallback(person('001066000456', 'Mai Thị Hồng'));
    const first = await callback(flow.callback, flow.ssoCookie);
    assert.equal(first.statusCode, 303);
    assert.equal(cookieOf(first, 'opendvc_sso'), undefined, 'the transaction cookie is cleared');
    const replayed = await callback(flow.callback, undefined);
    assert.equal(replayed.statusCode, 400);
    // Even with a copy of the cookie, the code works once at the provider.
    const copied = await callback(flow.callback, flow.ssoCookie);
    assert.equal(copied.statusCode, 401, copied.body);
    assert.equal(cookieOf(copied, 'opendvc_sid'), undefined);
  });

  it('refuses a returning user whose personal ID now belongs to another account: a clear page, an audit entry, no merge', async () => {
    const first = await signIn(person('001055000777', 'Phan Văn Đức'));
    assert.equal(first.response.statusCode, 303);
    const linked = await ctx.db.selectFrom('accounts').select(['id', 'username']).where('personal_id', '=', '001055000777').executeTakeFirstOrThrow();
    // The counter corrected the linked account's personal ID, and another account now holds this one.
    await ctx.db.updateTable('accounts').set({ personal_id: '001055000778' }).where('id', '=', linked.id).execute();
    const holder = await ctx.db
      .insertInto('accounts')
      .values({ username: 'sso.holder', kind: 'citizen', password_hash: '!x', full_name: 'Phan Văn Đức', personal_id: '001055000777' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const before = await auditCount('auth.sso_refused');
    const again = await signIn(person('001055000777', 'Phan Văn Đức'));
    assert.equal(again.response.statusCode, 409, again.response.body);
    assert.match(again.response.body, /data-code="SSO_PERSONAL_ID_CONFLICT"/);
    assert.match(again.response.body, /không được tự động gộp/);
    assert.equal(again.sid, undefined);
    assert.equal(await auditCount('auth.sso_refused'), before + 1);
    const entry = await ctx.db.selectFrom('audit_log').select(['target_id', 'summary']).where('action', '=', 'auth.sso_refused').orderBy('at', 'desc').executeTakeFirstOrThrow();
    assert.equal(entry.target_id, linked.id);
    assert.equal((entry.summary as { otherAccountId?: string }).otherAccountId, holder.id);
    // Nothing merged: the identity stays with the first account, the holder has none.
    const identities = await ctx.db.selectFrom('account_identities').select('account_id').where('subject', '=', simulator.subjectOf('001055000777')).execute();
    assert.deepEqual(identities.map((i) => i.account_id), [linked.id]);
    assert.equal(await ctx.db.selectFrom('account_identities').select('subject').where('account_id', '=', holder.id).executeTakeFirst(), undefined);
  });

  it('refuses a new identity whose personal ID belongs to an account linked to another identity', async () => {
    await signIn(person('001044000888', 'Cao Thị Yến'));
    const account = await ctx.db.selectFrom('accounts').select('id').where('personal_id', '=', '001044000888').executeTakeFirstOrThrow();
    // The link of that account now names another subject (as if VNeID had re-issued the person's identity).
    await ctx.db.updateTable('account_identities').set({ subject: 'another-subject-0001' }).where('account_id', '=', account.id).execute();
    const again = await signIn(person('001044000888', 'Cao Thị Yến'));
    assert.equal(again.response.statusCode, 409);
    assert.equal(again.sid, undefined);
  });

  it('ends the provider’s session when signing out of ours (RP-initiated logout with id_token_hint)', async () => {
    const { sid, jar } = await signIn(person('001033000321', 'Lý Thị Thu'));
    const page = await http.inject({ method: 'GET', url: '/tai-khoan', headers: { accept: 'text/html', cookie: `opendvc_sid=${sid}` } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    assert.ok(csrf);
    const out = await http.inject({
      method: 'POST', url: '/dang-xuat',
      headers: { accept: 'text/html', cookie: `opendvc_sid=${sid}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrf }).toString(),
    });
    assert.equal(out.statusCode, 303, out.body);
    assert.equal(out.headers.location, '/dang-xuat/vneid');
    assert.equal((await me(sid)).statusCode, 401, 'our session ended');
    const slo = cookieOf(out, 'opendvc_slo');
    assert.ok(slo);
    const handOver = await http.inject({ method: 'GET', url: '/dang-xuat/vneid', headers: { accept: 'text/html', cookie: `opendvc_slo=${slo}` } });
    assert.equal(handOver.statusCode, 200);
    const endSession = /<a class="button" href="([^"]+)"/.exec(handOver.body)?.[1]?.replace(/&amp;/g, '&') ?? '';
    assert.ok(endSession.startsWith(`${simulator.url}/session/end?`), endSession);
    assert.ok(new URL(endSession).searchParams.get('id_token_hint'));
    assert.match(handOver.body, /http-equiv="refresh"/);
    // The provider's page confirms and ends its session; the next sign-in asks for the person again.
    const confirm = await (await jar.fetch(endSession)).text();
    const action = /action="([^"]+)"/.exec(confirm)?.[1];
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirm)?.[1];
    assert.ok(action && xsrf, confirm);
    const done = await jar.fetch(new URL(action, simulator.url).href, form({ xsrf, logout: 'yes' }));
    assert.equal(done.status, 303);
    assert.equal(done.headers.get('location'), `${BASE}/`);
    const start = await http.inject({ method: 'GET', url: '/dang-nhap/vneid' });
    const next = await jar.fetch(String(start.headers.location));
    assert.match(next.headers.get('location') ?? '', /\/interaction\//, 'signed out at the provider too');
    // Without the hand-over cookie the page just goes home.
    assert.equal((await http.inject({ method: 'GET', url: '/dang-xuat/vneid' })).headers.location, '/');
  });

  it('ends our session when the provider signs the person out (back-channel logout), and refuses a forged logout token', async () => {
    const { sid, jar } = await signIn(person('001022000654', 'Ông Văn Tài'));
    assert.equal((await me(sid)).statusCode, 200);
    const forged = await http.inject({
      method: 'POST', url: '/api/auth/vneid/backchannel-logout',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ logout_token: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl' }).toString(),
    });
    assert.equal(forged.statusCode, 401);
    assert.equal((await me(sid)).statusCode, 200, 'a forged token ends nothing');
    // The person signs out at VNeID itself (not through us).
    const sent = simulator.logouts().length;
    const confirm = await (await jar.fetch(`${simulator.url}/session/end`)).text();
    const action = /action="([^"]+)"/.exec(confirm)![1]!;
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirm)![1]!;
    await jar.fetch(new URL(action, simulator.url).href, form({ xsrf, logout: 'yes' }));
    assert.deepEqual(simulator.logouts().slice(sent), [200]);
    assert.equal((await me(sid)).statusCode, 401, 'our session ended');
  });

  it('shows a friendly 502 page when the provider cannot be reached (never a 500)', async () => {
    // Sign-in begun, then the provider goes away before the code is exchanged.
    const down = await startVneidSimulator({ baseUrl: BASE, clientId: 'opendvc-down', clientSecret: 'test-vneid-client-secret-down-0123' });
    const other = await createTestApp({ config: { BASE_URL: BASE, VNEID_ISSUER_URL: down.url, VNEID_CLIENT_ID: 'opendvc-down', VNEID_CLIENT_SECRET: 'test-vneid-client-secret-down-0123' } });
    const start = await other.app.inject({ method: 'GET', url: '/dang-nhap/vneid' });
    assert.equal(start.statusCode, 303);
    const ssoCookie = cookieOf(start, 'opendvc_sso')!;
    const state = new URL(String(start.headers.location)).searchParams.get('state')!;
    await down.close();
    const response = await other.app.inject({ method: 'GET', url: `/dang-nhap/vneid/callback?code=abc&state=${state}&iss=${encodeURIComponent(down.url)}`, headers: { accept: 'text/html', cookie: `opendvc_sso=${ssoCookie}` } });
    assert.equal(response.statusCode, 502, response.body);
    assert.match(response.body, /data-code="SSO_UNAVAILABLE"/);
    assert.match(response.body, /Hiện không kết nối được với hệ thống định danh VNeID/);
    // A server starting while the provider is down: its discovery fails, the same page (and the next try discovers again).
    const fresh = await createTestApp({ config: { BASE_URL: BASE, VNEID_ISSUER_URL: down.url, VNEID_CLIENT_ID: 'opendvc-down', VNEID_CLIENT_SECRET: 'test-vneid-client-secret-down-0123' } });
    const again = await fresh.app.inject({ method: 'GET', url: '/dang-nhap/vneid', headers: { accept: 'text/html' } });
    assert.equal(again.statusCode, 502);
    assert.match(again.body, /href="\/dang-nhap"/);
  });

  it('answers 404 and shows no button when VNeID is not configured', async () => {
    const plain = await createTestApp();
    assert.equal((await plain.app.inject({ method: 'GET', url: '/dang-nhap/vneid' })).statusCode, 404);
    assert.equal((await plain.app.inject({ method: 'GET', url: '/dang-nhap/vneid/callback?code=x&state=y' })).statusCode, 404);
    assert.doesNotMatch((await plain.app.inject({ method: 'GET', url: '/dang-nhap', headers: { accept: 'text/html' } })).body, /dang-nhap\/vneid/);
  });
});
