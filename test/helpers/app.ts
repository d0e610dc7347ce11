// HTTP tests: the real application via app.inject, on a fresh test database.
import assert from 'node:assert/strict';
import { after } from 'node:test';
import type { AppContext } from '../../src/container.ts';
import { buildApp, type App } from '../../src/http/app.ts';
import { modules } from '../../src/modules/index.ts';
import { createTestContext } from './db.ts';
import { recordConformance } from './openapi-conformance.ts';

export interface TestApp {
  app: App;
  ctx: AppContext;
}

export async function createTestApp(options: { demo?: boolean; config?: Record<string, string> } = {}): Promise<TestApp> {
  const ctx = await createTestContext(options);
  const app = await buildApp(ctx, modules, { logger: false });
  // Every /api answer of the file is checked against the OpenAPI document (test/helpers/openapi-conformance.ts).
  recordConformance(app);
  after(() => app.close());
  return { app, ctx };
}

export interface Session {
  cookie: string;
  csrfToken: string;
}

/** Signs in through the JSON API and returns the cookie and CSRF token for later requests. */
export async function login(app: App, username: string, password = 'Demo@2026'): Promise<Session> {
  const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  assert.equal(response.statusCode, 200, response.body);
  const cookies = response.cookies as Array<{ name: string; value: string }>;
  const sid = cookies.find((c) => c.name === 'opendvc_sid');
  assert.ok(sid, 'session cookie set');
  return { cookie: `opendvc_sid=${sid.value}`, csrfToken: (response.json() as { csrfToken: string }).csrfToken };
}

/** Headers of an authenticated state-changing JSON request. */
export function authHeaders(session: Session): Record<string, string> {
  return { cookie: session.cookie, 'x-csrf-token': session.csrfToken };
}

/** Cookie and CSRF token of an anonymous visitor, taken from a page's form (for HTML form posts). */
export async function anonymousForm(app: App, url: string): Promise<{ cookie: string; csrfToken: string; html: string }> {
  const response = await app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
  const html = response.body;
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  assert.ok(token, `no CSRF field on ${url}`);
  const csrfCookie = (response.cookies as Array<{ name: string; value: string }>).find((c) => c.name === 'opendvc_csrf');
  assert.ok(csrfCookie, 'anonymous CSRF cookie set');
  return { cookie: `opendvc_csrf=${csrfCookie.value}`, csrfToken: token, html };
}
