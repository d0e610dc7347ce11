// Pages of single sign-on with VNeID: the redirect to the provider, its callback, the single-logout hand-over and
// the provider's back-channel logout. Registered by the identity module; without VNEID_* settings (and outside the
// demo) they answer 404 and the sign-in page shows no VNeID button.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { DomainError, errorDefinition, errorMessage } from '../../core/errors.ts';
import type { AppContext } from '../../container.ts';
import type { App } from '../../http/app.ts';
import { FormBody, formText } from '../../http/form-page.ts';
import { openTransaction, sealTransaction } from './identity.oidc.ts';
// identity.routes.ts registers these routes; the two helpers are read only when a request runs (no load-order issue).
import { safeNext, setSessionCookie } from './identity.routes.ts';
import './identity.sso.errors.ts';
import './identity.sso.messages.ts';

/** The sealed sign-in transaction (state, nonce, PKCE verifier, next), for the callback only. */
export const SSO_COOKIE = 'opendvc_sso';
/** The provider's end-session URL between our sign-out and the hand-over page (sealed, one minute). */
export const SLO_COOKIE = 'opendvc_slo';
const CALLBACK_PATH = '/dang-nhap/vneid/callback';

const CallbackQuery = Type.Object({
  code: Type.Optional(Type.String({ maxLength: 2000 })),
  state: Type.Optional(Type.String({ maxLength: 2000 })),
  iss: Type.Optional(Type.String({ maxLength: 2000 })),
  session_state: Type.Optional(Type.String({ maxLength: 2000 })),
  error: Type.Optional(Type.String({ maxLength: 2000 })),
  error_description: Type.Optional(Type.String({ maxLength: 2000 })),
});
const StartQuery = Type.Object({ next: Type.Optional(Type.String({ maxLength: 2000 })) });


/** A refusal as a page with its own status (never a 500), with the ways back. */
function refused(request: FastifyRequest, reply: FastifyReply, error: unknown) {
  if (!(error instanceof DomainError) || !errorDefinition(error.code)) throw error;
  const status = errorDefinition(error.code)!.status;
  if (status === 404) throw error;
  return reply.status(status).page('sso-refused.njk', { code: error.code, message: errorMessage(error.code, request.locale, error.params) });
}

export function registerSsoRoutes(app: App, ctx: AppContext): void {
  const sso = ctx.services.sso;
  const config = ctx.config;
  const cookieOptions = (path: string, maxAge: number) => ({ path, httpOnly: true, sameSite: 'lax' as const, secure: config.secureCookies, maxAge });
  const key = () => ctx.services.identity.formTokenKey();

  app.get('/dang-nhap/vneid', { schema: { hide: true, querystring: StartQuery } }, async (request, reply) => {
    if (!sso.enabled) throw new DomainError('NOT_FOUND');
    try {
      // No page asked for: '' (the callback then lands an applicant on their dossiers).
      const { url, cookie } = await sso.begin(request.query.next ? safeNext(request.query.next) : '');
      reply.setCookie(SSO_COOKIE, cookie, cookieOptions('/dang-nhap/vneid', 600));
      reply.header('cache-control', 'no-store');
      return await reply.redirect(url, 303);
    } catch (error) {
      return refused(request, reply, error);
    }
  });

  app.get(CALLBACK_PATH, { schema: { hide: true, querystring: CallbackQuery } }, async (request, reply) => {
    if (!sso.enabled) throw new DomainError('NOT_FOUND');
    // The transaction works once: the cookie goes whatever the outcome (a replayed callback finds none).
    const cookie = request.cookies[SSO_COOKIE];
    reply.clearCookie(SSO_COOKIE, { path: '/dang-nhap/vneid' });
    reply.header('cache-control', 'no-store');
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
    try {
      const result = await sso.complete({ callbackUrl: new URL(`${config.baseUrl}${CALLBACK_PATH}${query}`), cookie, ip: request.ip, userAgent: request.headers['user-agent'] });
      setSessionCookie(ctx, reply, result);
      return await reply.redirect(result.next, 303);
    } catch (error) {
      return refused(request, reply, error);
    }
  });

  // After our sign-out (POST /dang-xuat) of a session opened with VNeID: a page that sends the browser on to the
  // provider's end_session endpoint (meta refresh and a link — the CSP's form-action would stop a redirect of the
  // sign-out form to another origin).
  app.get('/dang-xuat/vneid', { schema: { hide: true } }, async (request, reply) => {
    const sealed = request.cookies[SLO_COOKIE];
    reply.clearCookie(SLO_COOKIE, { path: '/dang-xuat/vneid' });
    const transaction = openTransaction(await key(), sealed);
    if (!transaction || !/^https?:\/\//.test(transaction.next)) return reply.redirect('/', 303);
    reply.header('cache-control', 'no-store');
    return reply.page('sso-logout.njk', { endSessionUrl: transaction.next });
  });

  // OpenID Connect Back-Channel Logout: the provider ends our sessions of its session. No cookie, no CSRF token:
  // the logout token's signature (the provider's keys) authenticates it.
  app.post(
    '/api/auth/vneid/backchannel-logout',
    { config: { csrfExempt: true }, schema: { hide: true, body: FormBody } },
    async (request, reply) => {
      if (!sso.enabled) throw new DomainError('NOT_FOUND');
      reply.header('cache-control', 'no-store');
      const ok = await sso.backchannelLogout(formText(request.body, 'logout_token'), request.ip);
      if (!ok) throw new DomainError('SSO_TOKEN_INVALID');
      return reply.status(200).send({});
    },
  );
}

/**
 * Called by the sign-out form before our session ends: when the session was opened through VNeID, keeps the
 * provider's end-session URL (with id_token_hint) in a sealed one-minute cookie and answers the hand-over page.
 */
export async function ssoSignOutNext(ctx: AppContext, reply: FastifyReply, sessionId: string | null | undefined): Promise<string | null> {
  if (!sessionId) return null;
  const url = await ctx.services.sso.endSessionUrl(sessionId);
  if (!url) return null;
  const sealed = sealTransaction(await ctx.services.identity.formTokenKey(), { state: '', nonce: '', verifier: '', next: url, expires: Date.now() + 60_000 });
  reply.setCookie(SLO_COOKIE, sealed, { path: '/dang-xuat/vneid', httpOnly: true, sameSite: 'lax', secure: ctx.config.secureCookies, maxAge: 60 });
  return '/dang-xuat/vneid';
}
