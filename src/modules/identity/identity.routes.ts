import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Actor } from '../../core/actor.ts';
import { DomainError } from '../../core/errors.ts';
import { registerMessages } from '../../core/i18n.ts';
import type { AppContext } from '../../container.ts';
import { SESSION_COOKIE, type App, type AppModule } from '../../http/app.ts';
import { FormBody, formPage, formText } from '../../http/form-page.ts';
import { jsonOnly, registerAccountRoutes, retryAfterOf, tokenPage, withRetryAfter } from './account.routes.ts';
import './identity.errors.ts';
import { identityMessages } from './identity.messages.ts';
import { LoginBody, LoginPageQuery, LoginResponse, TokenQuery, UserView } from './identity.schemas.ts';
import { landingPath } from './identity.rules.ts';
import type { LoginResult } from './identity.service.ts';
import { registerSsoRoutes, ssoSignOutNext } from './identity.sso.pages.ts';

registerMessages(identityMessages);

export function presentUser(actor: Actor) {
  return {
    id: actor.id,
    username: actor.username,
    fullName: actor.fullName,
    kind: actor.kind,
    agencyId: actor.agencyId,
    roles: actor.roles.map((r) => ({ role: r.role, agencyId: r.agencyId })),
  };
}

export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new DomainError('UNAUTHENTICATED');
  return request.actor;
}

/** Only same-site relative paths are followed after login. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?!\/)[\w\-./?=&%~+]*$/.test(next) ? next : '/';
}

export function setSessionCookie(ctx: AppContext, reply: FastifyReply, result: Pick<LoginResult, 'token' | 'expiresAt'>) {
  reply.setCookie(SESSION_COOKIE, result.token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.config.secureCookies,
    expires: result.expiresAt,
  });
}

export const identityModule: AppModule = {
  name: 'identity',
  register(app: App, ctx: AppContext) {
    const identity = ctx.services.identity;

    // A refused attempt says when to come back (429 + Retry-After), on the JSON API and the pages alike.
    app.addHook('onError', async (_request, reply, error) => {
      const seconds = retryAfterOf(error);
      if (seconds) reply.header('retry-after', String(seconds));
    });

    app.post(
      '/api/auth/login',
      {
        // Exempt from the token (it creates the session) but JSON only, and refused from other sites (app.ts).
        config: { csrfExempt: true },
        preValidation: jsonOnly,
        schema: { operationId: 'login', 'x-problem-codes': ['INVALID_CREDENTIALS', 'LOGIN_RATE_LIMITED', 'LOGIN_ACCOUNT_LOCKED', 'EMAIL_NOT_VERIFIED', 'ACCOUNT_DISABLED'], tags: ['auth'], summary: 'Sign in', description: 'Đăng nhập (JSON)', body: LoginBody, response: { 200: LoginResponse } },
      },
      async (request, reply) => {
        const result = await identity.login({ ...request.body, ip: request.ip, userAgent: request.headers['user-agent'] });
        setSessionCookie(ctx, reply, result);
        return { csrfToken: result.csrfToken, user: presentUser(result.actor) };
      },
    );

    app.post(
      '/api/auth/logout',
      {
        schema: {
          operationId: 'logout',
          tags: ['auth'],
          summary: 'Sign out',
          description: 'Đăng xuất (204); phiên mở bằng VNeID: 200 kèm địa chỉ kết thúc phiên VNeID mà ứng dụng cần mở',
          response: {
            200: Type.Object(
              { endSessionUrl: Type.String({ description: 'Địa chỉ end_session của VNeID (kèm id_token_hint): mở trong trình duyệt để đăng xuất cả khỏi VNeID' }) },
              { description: 'Phiên đã kết thúc; phiên này mở bằng VNeID' },
            ),
            204: Type.Null({ description: 'Phiên đã kết thúc' }),
          },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        // Read before our session (and its sso_sessions row) ends.
        const endSessionUrl = request.sessionId ? await ctx.services.sso.endSessionUrl(request.sessionId) : null;
        await identity.logout(actor, request.sessionId!);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        if (endSessionUrl) return reply.status(200).send({ endSessionUrl });
        return reply.status(204).send(null);
      },
    );

    app.get('/api/auth/me', { schema: { operationId: 'getCurrentAccount', tags: ['auth'], summary: 'Get the signed-in account', description: 'Tài khoản đang đăng nhập', response: { 200: Type.Object({ user: UserView, csrfToken: Type.String() }) } } }, async (request) => {
      const actor = requireActor(request);
      return { user: { ...presentUser(actor), locale: await identity.localeOf(actor) }, csrfToken: request.csrfToken };
    });

    app.get('/dang-nhap', { schema: { hide: true, querystring: LoginPageQuery } }, async (request, reply) => {
      return reply.page('login.njk', { next: safeNext(request.query.next), values: {}, demoAccounts: ctx.demo ? DEMO_ACCOUNT_LIST : [], vneid: ctx.services.sso.enabled });
    });

    // A failed sign-in shows the form again with the error's status and message (and Retry-After when limited).
    app.post('/dang-nhap', { schema: { hide: true, body: FormBody } }, async (request, reply) => {
      const username = formText(request.body, 'username');
      const next = safeNext(formText(request.body, 'next'));
      return formPage(request, reply, {
        act: async () => {
          const result = await identity.login({ username, password: formText(request.body, 'password'), ip: request.ip, userAgent: request.headers['user-agent'] });
          setSessionCookie(ctx, reply, result);
          // No page asked for: each person lands on their work, not on the public home page.
          return next === '/' ? landingPath(result.actor.kind, result.actor.roles.map((grant) => grant.role)) : next;
        },
        rerender: (errors, error) =>
          withRetryAfter(reply, error).page('login.njk', { next, errors, values: { username }, demoAccounts: ctx.demo ? DEMO_ACCOUNT_LIST : [], vneid: ctx.services.sso.enabled }),
      });
    });

    // The e-mailed unlock link of an account locked by failures from everywhere: the link only shows a button (a
    // prefetching mail scanner unlocks nothing); the button works once.
    app.get('/dang-nhap/mo-khoa', { schema: { hide: true, querystring: TokenQuery } }, async (request, reply) => {
      const token = request.query.token ?? '';
      const username = await identity.unlockTarget(token);
      if (!username) return reply.status(400).page('token-invalid.njk');
      return reply.page('unlock.njk', { token, username });
    });

    app.post('/dang-nhap/mo-khoa', { schema: { hide: true, body: FormBody } }, async (request, reply) =>
      tokenPage(request, reply, async () => {
        const result = await identity.unlockLogin(formText(request.body, 'token'), request.ip);
        return reply.page('unlock-done.njk', { username: result.username });
      }),
    );

    app.post('/dang-xuat', { schema: { hide: true, body: FormBody } }, async (request, reply) =>
      formPage(request, reply, {
        act: async () => {
          // A session opened with VNeID also ends the provider's session (single logout), through a hand-over page.
          const ssoNext = request.actor ? await ssoSignOutNext(ctx, reply, request.sessionId) : null;
          if (request.actor && request.sessionId) await identity.logout(request.actor, request.sessionId);
          reply.clearCookie(SESSION_COOKIE, { path: '/' });
          return ssoNext ?? '/';
        },
        // Nothing to show again: any error is the error page.
        pageError: () => true,
        rerender: (_errors, error) => {
          throw error;
        },
      }),
    );

    registerAccountRoutes(app, ctx);
    registerSsoRoutes(app, ctx);
  },
};

/** Shown on the login page in demo mode (the accounts are created by `opendvc seed --demo`). */
export const DEMO_ACCOUNT_LIST = [
  { username: 'demo.congdan', role: 'accountKind.citizen' },
  { username: 'demo.doanhnghiep', role: 'accountKind.organisation' },
  { username: 'demo.motcua', role: 'role.receptionist' },
  { username: 'demo.chuyenvien', role: 'role.specialist' },
  { username: 'demo.truongphong', role: 'role.department_head' },
  { username: 'demo.lanhdao', role: 'role.agency_leader' },
  { username: 'demo.ketoan', role: 'role.accountant' },
  { username: 'demo.quantri', role: 'role.admin' },
  { username: 'demo.danhmuc', role: 'role.catalog_manager' },
];
export const DEMO_PASSWORD = 'Demo@2026';
