// After a VNeID sign-in: an account made by it has no password to change (the account page says how it signs in,
// and both change-password forms refuse with SSO_NO_PASSWORD); a citizen without a requested page lands on their
// dossiers; and the JSON sign-out of a VNeID session answers the provider's end-session URL to open.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { App } from '../../src/http/app.ts';
import { startVneidSimulator, type VneidPerson } from '../../src/simulators/vneid.ts';
import { authHeaders, createTestApp, login } from '../helpers/app.ts';

const BASE = 'http://localhost:3000';
let app: App | null = null;
const simulator = await startVneidSimulator({
  baseUrl: BASE,
  clientId: 'opendvc-test',
  clientSecret: 'test-vneid-client-secret-0123456789',
  // The provider's back-channel logouts go to the application under test.
  send: async (url, body, headers) => (await app!.inject({ method: 'POST', url: new URL(url).pathname, headers, payload: body })).statusCode,
});
after(() => simulator.close());
const built = await createTestApp({
  demo: true,
  config: { BASE_URL: BASE, VNEID_ISSUER_URL: simulator.url, VNEID_CLIENT_ID: 'opendvc-test', VNEID_CLIENT_SECRET: 'test-vneid-client-secret-0123456789' },
});
app = built.app;
const { ctx } = built;
const http = built.app;

/** A browser's cookies at the simulator. */
class Jar {
  cookies = new Map<string, string>();
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    for (const line of response.headers.getSetCookie()) {
      const pair = line.split(';')[0]!;
      const i = pair.indexOf('=');
      this.cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
    return response;
  }
}

const form = (fields: Record<string, string>) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });

function cookieOf(response: { cookies: unknown }, name: string): string | undefined {
  return (response.cookies as Array<{ name: string; value: string }>).find((c) => c.name === name && c.value !== '')?.value;
}

/** Our redirect to the provider, the provider's sign-in page filled with `person`, and the callback URL it sends back. */
async function toCallback(person: VneidPerson, jar = new Jar(), next?: string): Promise<{ callback: string; ssoCookie: string; jar: Jar }> {
  const start = await http.inject({ method: 'GET', url: `/dang-nhap/vneid${next ? `?next=${encodeURIComponent(next)}` : ''}`, headers: { accept: 'text/html' } });
  assert.equal(start.statusCode, 303, start.body);
  const ssoCookie = cookieOf(start, 'opendvc_sso');
  assert.ok(ssoCookie, 'transaction cookie set');
  const authorization = String(start.headers.location);
  assert.ok(authorization.startsWith(`${simulator.url}/auth?`), authorization);
  const params = new URL(authorization).searchParams;
  assert.equal(params.get('code_challenge_method'), 'S256');
  assert.ok(params.get('state') && params.get('nonce') && params.get('code_challenge'));
  let response = await jar.fetch(authorization);
  let location = response.headers.get('location')!;
  if (location.includes('/interaction/')) {
    const interaction = new URL(location, simulator.url).href;
    const page = await (await jar.fetch(interaction)).text();
    assert.match(page, /Số định danh cá nhân/);
    response = await jar.fetch(`${interaction}/login`, form({
      personalId: person.personalId, fullName: person.fullName, birthdate: person.birthdate, loa: String(person.loa),
      ...(person.business ? { represents: '1', taxCode: person.business.taxCode, organisationName: person.business.name } : {}),
    }));
    assert.equal(response.status, 303, await response.text());
    response = await jar.fetch(new URL(response.headers.get('location')!, simulator.url).href);
    location = response.headers.get('location')!;
  }
  assert.ok(location.startsWith(`${BASE}/dang-nhap/vneid/callback?`), location);
  return { callback: location, ssoCookie, jar };
}

async function callback(url: string, ssoCookie: string | undefined) {
  return http.inject({ method: 'GET', url: url.slice(BASE.length), headers: { accept: 'text/html', ...(ssoCookie ? { cookie: `opendvc_sso=${ssoCookie}` } : {}) } });
}

/** Signs in with VNeID; the session cookie, the provider's browser cookies and the callback's answer. */
async function signIn(person: VneidPerson, next?: string) {
  const flow = await toCallback(person, new Jar(), next);
  const response = await callback(flow.callback, flow.ssoCookie);
  const sid = cookieOf(response, 'opendvc_sid');
  return { response, sid, jar: flow.jar, flow };
}

async function me(sid: string | undefined) {
  return http.inject({ method: 'GET', url: '/api/auth/me', headers: sid ? { cookie: `opendvc_sid=${sid}` } : {} });
}

const person = (personalId: string, fullName: string, extra: Partial<VneidPerson> = {}): VneidPerson => ({ personalId, fullName, birthdate: '1992-03-04', loa: 2, ...extra });

/** The session's CSRF token (GET /api/auth/me). */
async function csrfOf(sid: string | undefined): Promise<string> {
  return ((await me(sid)).json() as { csrfToken: string }).csrfToken;
}

describe('after signing in with VNeID', () => {
  it('an account made by VNeID has no password to change: the account page says so, both forms refuse', async () => {
    const { response, sid } = await signIn(person('001088000901', 'Trần Văn Khoa'));
    assert.equal(response.statusCode, 303, response.body);
    const page = await http.inject({ method: 'GET', url: '/tai-khoan', headers: { accept: 'text/html', cookie: `opendvc_sid=${sid}` } });
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /href="\/tai-khoan\/mat-khau"/);
    assert.match(page.body, /id="signs-in-with-vneid">Bạn đăng nhập bằng VNeID/);
    const csrfToken = await csrfOf(sid);
    const json = await http.inject({
      method: 'POST', url: '/api/auth/password/change',
      headers: { cookie: `opendvc_sid=${sid}`, 'x-csrf-token': csrfToken },
      payload: { currentPassword: '!sso-no-password', password: 'Mot-Mat-Khau-Moi-2026', passwordConfirm: 'Mot-Mat-Khau-Moi-2026' },
    });
    assert.equal(json.statusCode, 409, json.body);
    assert.match(String(json.headers['content-type']), /application\/problem\+json/);
    assert.equal((json.json() as { code: string }).code, 'SSO_NO_PASSWORD');
    const form = await http.inject({ method: 'GET', url: '/tai-khoan/mat-khau', headers: { accept: 'text/html', cookie: `opendvc_sid=${sid}` } });
    assert.equal(form.statusCode, 409);
    const post = await http.inject({
      method: 'POST', url: '/tai-khoan/mat-khau',
      headers: { accept: 'text/html', cookie: `opendvc_sid=${sid}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrfToken, currentPassword: 'x', password: 'Mot-Mat-Khau-Moi-2026', passwordConfirm: 'Mot-Mat-Khau-Moi-2026' }).toString(),
    });
    assert.equal(post.statusCode, 409, post.body);
    assert.match(post.body, /không có mật khẩu để đổi/);
    const account = await ctx.db.selectFrom('accounts').select('password_hash').where('personal_id', '=', '001088000901').executeTakeFirstOrThrow();
    assert.equal(account.password_hash, '!sso-no-password', 'unchanged');
  });

  it('a password account linked to VNeID keeps its change-password link', async () => {
    const { sid } = await signIn(person('079090001234', 'Nguyễn Văn An', { birthdate: '1990-05-12' }));
    const page = await http.inject({ method: 'GET', url: '/tai-khoan', headers: { accept: 'text/html', cookie: `opendvc_sid=${sid}` } });
    assert.match(page.body, /href="\/tai-khoan\/mat-khau"/);
    assert.doesNotMatch(page.body, /id="signs-in-with-vneid"/);
    const session = await login(http, 'demo.congdan');
    assert.equal((await http.inject({ method: 'GET', url: '/tai-khoan/mat-khau', headers: { accept: 'text/html', cookie: session.cookie } })).statusCode, 200);
  });

  it('a citizen lands on their dossiers unless a page was asked for', async () => {
    const plain = await signIn(person('001077000902', 'Phạm Thị Lan'));
    assert.equal(plain.response.statusCode, 303, plain.response.body);
    assert.equal(plain.response.headers.location, '/ho-so');
    const asked = await signIn(person('001077000902', 'Phạm Thị Lan'), '/thu-tuc');
    assert.equal(asked.response.headers.location, '/thu-tuc');
  });

  it('the JSON sign-out of a VNeID session answers the provider’s end-session URL; a password session 204', async () => {
    const { sid } = await signIn(person('001066000903', 'Hoàng Văn Nam'));
    const out = await http.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: `opendvc_sid=${sid}`, 'x-csrf-token': await csrfOf(sid) } });
    assert.equal(out.statusCode, 200, out.body);
    const url = new URL((out.json() as { endSessionUrl: string }).endSessionUrl);
    assert.equal(`${url.origin}${url.pathname}`, `${simulator.url}/session/end`);
    assert.ok(url.searchParams.get('id_token_hint'));
    assert.equal((await me(sid)).statusCode, 401, 'our session ended');
    const session = await login(http, 'demo.chuyenvien');
    const plain = await http.inject({ method: 'POST', url: '/api/auth/logout', headers: authHeaders(session) });
    assert.equal(plain.statusCode, 204);
    assert.equal(plain.body, '');
  });
});
