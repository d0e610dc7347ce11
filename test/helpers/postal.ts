// Postal HTTP tests: the demo application (app.inject) with the postal service simulator as a separate HTTP server
// whose tracking webhooks are delivered to the application in-process; the demo officers of the default workflow and
// signed-in sessions of the applicant and the reception.
import { after } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import type { AppContext } from '../../src/container.ts';
import type { Actor } from '../../src/core/actor.ts';
import type { App } from '../../src/http/app.ts';
import { startPostalSimulator, type PostalSimulator } from '../../src/simulators/postal.ts';
import { createTestApp, login, type Session } from './app.ts';
import { actorByUsername } from './dossiers.ts';

export const POSTAL_TOKEN = 'test-postal-token';

/** A delivery address in Tỉnh Vĩnh Long, Phường Trà Vinh (the post-2025 units). */
export const ADDRESS = { recipientName: 'Nguyễn Văn An', phone: '0912345678', street: 'Số 12 đường Nguyễn Đáng', provinceCode: '86', communeCode: '29242' };

/** The server's settings for a postal service at `url` (token and webhook secret). */
export function postalConfig(url: string, secret: string, token = POSTAL_TOKEN): Record<string, string> {
  return { POSTAL_URL: url, POSTAL_TOKEN: token, POSTAL_WEBHOOK_SECRET: secret };
}

export interface PostalTestApp {
  http: App;
  ctx: AppContext;
  simulator: PostalSimulator;
  applicant: Actor;
  reception: Actor;
  specialist: Actor;
  head: Actor;
  leader: Actor;
  applicantSession: Session;
  receptionSession: Session;
  /** Through the default workflow to "result ready" (9). */
  toResultReady(dossierId: string): Promise<void>;
  /** A page (GET, text/html) as `session`. */
  page(session: Session, url: string): Promise<LightMyRequestResponse>;
}

/** The demo application and the postal simulator signing its webhooks with `secret`; both closed after the file. */
export async function createPostalTestApp(secret: string): Promise<PostalTestApp> {
  let app: App | null = null;
  const simulator = await startPostalSimulator({
    secret,
    token: POSTAL_TOKEN,
    // The simulator's webhooks go to the application under test.
    send: async (url, body, headers) => (await app!.inject({ method: 'POST', url: new URL(url).pathname, headers, payload: body })).statusCode,
  });
  after(() => simulator.close());
  const { app: http, ctx } = await createTestApp({ demo: true, config: postalConfig(simulator.url, secret) });
  app = http;
  const [applicant, reception, specialist, head, leader] = await Promise.all(
    ['demo.congdan', 'demo.motcua', 'demo.chuyenvien', 'demo.truongphong', 'demo.lanhdao'].map((u) => actorByUsername(ctx, u)),
  );
  const applicantSession = await login(http, 'demo.congdan');
  const receptionSession = await login(http, 'demo.motcua');
  return {
    http,
    ctx,
    simulator,
    applicant: applicant!,
    reception: reception!,
    specialist: specialist!,
    head: head!,
    leader: leader!,
    applicantSession,
    receptionSession,
    async toResultReady(id) {
      const h = ctx.services.handling;
      await h.act(reception!, id, 'accept');
      await h.act(reception!, id, 'forward');
      await h.act(specialist!, id, 'forward');
      await h.act(head!, id, 'forward');
      await h.act(leader!, id, 'record_result');
    },
    page: (session, url) => http.inject({ method: 'GET', url, headers: { accept: 'text/html', cookie: session.cookie } }),
  };
}
