// VNeID sign-in over HTTP for the tests: the real simulator (oidc-provider on a free port) in front of the
// application under test, a browser's cookie jar at the simulator, and the steps of a sign-in (our redirect, the
// provider's page filled with a person, the callback). Used by test/http/sso-vneid*.test.ts.
import assert from 'node:assert/strict';
import { after } from 'node:test';
import type { App } from '../../src/http/app.ts';
import { startVneidSimulator, type VneidPerson } from '../../src/simulators/vneid.ts';
import { createTestApp } from './app.ts';

export async function startSsoTest() {
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

  return { BASE, simulator, ctx, http, Jar, form, cookieOf, toCallback, callback, signIn, me, person };
}
