// Builds the Fastify application: cross-cutting concerns here, capabilities in src/modules/*.
import './async-bind.ts'; // AsyncResource.bind without its deprecated property: ~50 µs less per request body (issue 17)
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import FindMyWay, { type HTTPMethod } from 'find-my-way';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import qs from 'node:querystring';
import type nunjucks from 'nunjucks';
import type { Actor } from '../core/actor.ts';
import { DomainError } from '../core/errors.ts';
import { negotiateLocale, translator, type Locale, type Translate } from '../core/i18n.ts';
import { isValidUtf8 } from '../core/text.ts';
import type { AppContext } from '../container.ts';
import { boundaryAjvPlugin, checkRequestText, hardenRouteSchema } from './boundary.ts';
import { clientErrorResponse, MAX_PARAM_LENGTH, toProblem, type Problem } from './problem.ts';
import { apiDocumentOptions } from './openapi.ts';
import { API_DESCRIPTION, markDeprecatedRoute, sendDeprecationHeaders, unversionedUrl, type RouteDeprecation } from './api-version.ts';
import { OPENAPI_TAGS } from './openapi-tags.ts';
import { securityHeaders } from './security-headers.ts';
import { createViews } from './views.ts';
import { signFormToken, verifyFormToken } from '../core/form-token.ts';
import { nameSummaryFields } from './form-page.ts';
import { bearerApiKey } from '../modules/apikeys/apikeys.rules.ts';

export type App = FastifyInstance<any, any, any, any, TypeBoxTypeProvider>;

declare module 'fastify' {
  interface FastifyRequest {
    locale: Locale;
    t: Translate;
    actor: Actor | null;
    sessionId: string | null;
    /** The API key that authenticated this /api/ request (`Authorization: Bearer odk_…`), else null. */
    apiKeyId: string | null;
    /** Token the client must send back on state-changing requests (form field `_csrf` or header `x-csrf-token`). */
    csrfToken: string;
  }
  interface FastifyReply {
    /** Renders a server-side page with the layout's common context. */
    page(template: string, data?: Record<string, unknown>): FastifyReply;
  }
  interface FastifyContextConfig {
    /** Skip the CSRF check (only for JSON endpoints that create the session, protected by CORS preflight). */
    csrfExempt?: boolean;
    /** A deprecated operation: `deprecated: true` in the document, Deprecation/Sunset headers (src/http/api-version.ts). */
    deprecation?: RouteDeprecation;
  }
}

export const SESSION_COOKIE = 'opendvc_sid';
export const CSRF_COOKIE = 'opendvc_csrf';
export const LANG_COOKIE = 'opendvc_lang';
const MALFORMED_QUERY = Symbol('malformed-query');
/** Retry-After of a 503 DATABASE_UNAVAILABLE: a restart of PostgreSQL takes a few seconds. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;
const PUBLIC_DIR = fileURLToPath(new URL('../../public/', import.meta.url));

export interface AppModule {
  name: string;
  register(app: App, ctx: AppContext): void | Promise<void>;
}

/** Constant-time comparison of a submitted CSRF token with the session's (also used by the multipart forms: uploads.ts). */
export function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * One field of a query or body that no route schema has typed yet (the hooks run for every route): undefined
 * unless the value is an object with that own property.
 */
function requestField(source: unknown, name: string | symbol): unknown {
  return source !== null && typeof source === 'object' && Object.hasOwn(source, name) ? Reflect.get(source, name) : undefined;
}

/** application/x-www-form-urlencoded (query strings and forms); malformed UTF-8 is a client error. */
export function parseUrlEncoded(text: string): Record<string, string | string[]> {
  const unescape = (qs as unknown as { unescapeBuffer(s: string): Buffer }).unescapeBuffer;
  const decode = (part: string) => {
    const bytes = unescape(part.replace(/\+/g, ' '));
    if (!isValidUtf8(bytes)) throw new DomainError('MALFORMED_REQUEST');
    return bytes.toString('utf8');
  };
  const result: Record<string, string | string[]> = Object.create(null);
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const key = decode(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? '' : decode(pair.slice(eq + 1));
    const existing = result[key];
    if (existing === undefined) result[key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else result[key] = [existing, value];
  }
  return result;
}

export function wantsHtml(request: FastifyRequest): boolean {
  if (request.url.startsWith('/api/') || request.url.split('?')[0] === '/metrics') return false;
  const accept = request.headers.accept ?? '';
  return accept.includes('text/html');
}

export interface BuildOptions {
  /** false: no logging (tests). Default: JSON lines on stdout at config.logLevel. */
  logger?: boolean;
  /** Where the JSON log lines go instead of stdout (tests read them). */
  logStream?: { write(line: string): void };
}

export async function buildApp(ctx: AppContext, modules: AppModule[], options: BuildOptions = {}): Promise<App> {
  const { config } = ctx;
  const app = Fastify({
    logger: options.logger === false ? false : { level: config.logLevel, ...(options.logStream ? { stream: options.logStream } : {}) },
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : randomUUID();
    },
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    // The version in the path: /api/v1/x is routed as /api/x (src/http/api-version.ts); every hook sees /api/x.
    rewriteUrl: (req) => unversionedUrl(req.url ?? '/'),
    // close() lets the requests in flight finish (Node's server.close ends only idle connections) before the database
    // closes: Fastify's default here ('idle') ends up in closeAllConnections(), cutting them (src/server.ts drains).
    forceCloseConnections: false,
    ajv: { customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: false, useDefaults: true }, plugins: [boundaryAjvPlugin] },
    // Errors raised before routing (bad percent-encoding, a too long parameter) and by Node's HTTP parser are
    // problem+json too.
    frameworkErrors: (error, request, reply) => sendFrameworkError(error, request, reply),
    clientErrorHandler: (error: NodeJS.ErrnoException, socket) => {
      if (error.code === 'ECONNRESET' || socket.destroyed) return;
      if (socket.writable) socket.write(clientErrorResponse(error.code));
      socket.destroy(error);
    },
    routerOptions: {
      ignoreTrailingSlash: true,
      maxParamLength: MAX_PARAM_LENGTH,
      // Invalid percent-encoding or UTF-8 in the query string is a client error, not a crash.
      querystringParser: (str: string) => {
        try {
          return parseUrlEncoded(str);
        } catch {
          // The router cannot fail a request; the onRequest hook answers 400 for this marker.
          return { [MALFORMED_QUERY]: true };
        }
      },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  const views: nunjucks.Environment = createViews();
  // The content inspector's child processes (src/modules/files/files.inspect.ts) end with the app.
  app.addHook('onClose', async () => ctx.services.files.close());

  // The boundary (src/http/boundary.ts): every route's request schemas hardened before Ajv compiles them (int4
  // bounds, visible text), every string of the request checked for forbidden characters before validation.
  // The methods of each path are also kept in a router of their own, so an unsupported method answers 405.
  const methodsRouter = FindMyWay({ ignoreTrailingSlash: true, maxParamLength: MAX_PARAM_LENGTH });
  app.addHook('onRoute', (routeOptions) => {
    hardenRouteSchema(routeOptions as { schema?: Record<string, unknown> });
    for (const method of [routeOptions.method].flat()) {
      if (!methodsRouter.hasRoute(method as HTTPMethod, routeOptions.url)) methodsRouter.on(method as HTTPMethod, routeOptions.url, () => {});
    }
  });
  app.addHook('onRoute', markDeprecatedRoute);
  app.addHook('onSend', sendDeprecationHeaders);
  app.addHook('preValidation', async (request, reply) => {
    // No route for this method: 404/405 at once, before the CSRF check (nothing to protect where nothing runs).
    if (request.is404) throw unrouted(request, reply);
    checkRequestText(request);
  });

  app.decorateRequest('locale', 'vi');
  app.decorateRequest('t', null as unknown as Translate);
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionId', null);
  app.decorateRequest('apiKeyId', null);
  app.decorateRequest('csrfToken', '');

  // JSON bodies must be valid UTF-8 and valid JSON.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(/^application\/([\w.+-]+\+)?json$/, { parseAs: 'buffer' }, (_req, body: Buffer, done) => {
    if (!isValidUtf8(body)) return done(new DomainError('MALFORMED_REQUEST'), undefined);
    if (body.length === 0) return done(null, {});
    try {
      done(null, JSON.parse(body.toString('utf8')));
    } catch {
      done(new DomainError('MALFORMED_REQUEST'), undefined);
    }
  });

  await app.register(cookie);
  // Forms: parsed here, not by @fastify/formbody, whose parser call is not guarded: an exception thrown in it
  // (malformed UTF-8) escapes Fastify from a stream callback and crashes the process.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer' }, (_req, body: Buffer, done) => {
    if (!isValidUtf8(body)) return done(new DomainError('MALFORMED_REQUEST'), undefined);
    try {
      done(null, parseUrlEncoded(body.toString('utf8')));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  const security = securityHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    strictTransportSecurity: config.secureCookies,
  });
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(security);
    done();
  });
  await app.register(fastifyStatic, { root: PUBLIC_DIR, prefix: '/static/', maxAge: '7d', immutable: false });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'OpenDVC API', version: '0.1.0', description: API_DESCRIPTION },
      tags: [...OPENAPI_TAGS],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' },
          metricsToken: { type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN (GET /metrics)' },
          nationalPortalToken: { type: 'http', scheme: 'bearer', description: 'NATIONAL_PORTAL_INBOUND_TOKEN (the National Public Service Portal delivering dossiers)' },
          apiKey: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'odk_…',
            description:
              "A service account's API key, `Authorization: Bearer odk_<prefix>_<secret>` (issued by an administrator at /quan-tri/khoa-api; shown once). " +
              'Instead of the session cookie on /api/ operations, with no CSRF token; the key acts with its account\'s roles on its agency subtree. ' +
              'Refused keys answer 401 (API_KEY_INVALID, API_KEY_EXPIRED, API_KEY_REVOKED) with WWW-Authenticate: Bearer; over the key\'s calls per minute, 429 API_KEY_RATE_LIMITED with Retry-After.',
          },
        },
      },
    },
    hideUntagged: false,
    // Error responses, security, servers and license of every operation (src/http/openapi.ts).
    ...apiDocumentOptions({ baseUrl: config.baseUrl }),
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  // Locale, session, CSRF token for every request.
  app.addHook('onRequest', async (request, reply) => {
    // Before routing, so before any route's schema: the raw query (as parsed above), read field by field.
    const lang = requestField(request.query, 'lang');
    const explicit = typeof lang === 'string' ? lang : request.cookies[LANG_COOKIE];
    request.locale = negotiateLocale(explicit, request.headers['accept-language']);
    if (typeof lang === 'string' && lang === request.locale) {
      reply.setCookie(LANG_COOKIE, request.locale, { path: '/', sameSite: 'lax', httpOnly: true, maxAge: 365 * 86400 });
    }
    request.t = translator(request.locale);
    if (requestField(request.query, MALFORMED_QUERY)) throw new DomainError('MALFORMED_REQUEST');
    // Static assets need no session: no database round trip for every stylesheet request.
    if (request.url.startsWith('/static/')) return;
    // A service account's API key (src/modules/apikeys) on the JSON API: it alone authenticates the request (a cookie
    // sent too is ignored) and needs no CSRF token. Other bearer tokens (METRICS_TOKEN, the national portal's) are
    // left to their routes; on pages a bearer header is ignored (pages stay cookie-only).
    const apiKey = request.url.startsWith('/api/') ? bearerApiKey(request.headers.authorization) : null;
    if (apiKey !== null) {
      const resolved = await ctx.services.apikeys.authenticate(apiKey, request.ip);
      request.actor = resolved.actor;
      request.apiKeyId = resolved.keyId;
      return;
    }
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      const session = await ctx.services.identity.resolveSession(token, request.ip);
      if (session) {
        request.actor = session.actor;
        request.sessionId = session.sessionId;
        request.csrfToken = session.csrfToken;
        return;
      }
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
    }
    // The anonymous token is signed with a server key (src/modules/identity/form-token.ts): a cookie planted by
    // someone else (a sibling subdomain) carries no valid signature and is replaced, so it never passes the check.
    let anonymousToken = request.cookies[CSRF_COOKIE];
    const formKey = await ctx.services.identity.formTokenKey();
    if (!verifyFormToken(formKey, anonymousToken)) {
      // A new visitor's token can only reach them through a page's forms: the JSON API never hands it out, so an
      // API request without the cookie could not pass the check with a fresh token either (none is made).
      if (request.url.startsWith('/api/')) return;
      anonymousToken = signFormToken(formKey);
      reply.setCookie(CSRF_COOKIE, anonymousToken, { path: '/', httpOnly: true, sameSite: 'strict', secure: config.secureCookies });
    }
    request.csrfToken = anonymousToken!;
  });

  // CSRF: every state-changing request carries the token of its session (or of the anonymous visitor).
  // Anonymous ones and the exempt JSON endpoints (login, registration) must moreover not come from another site
  // (login CSRF): a browser's Sec-Fetch-Site "cross-site" or "same-site" (a sibling subdomain), or an Origin other
  // than BASE_URL's, is refused. Under our Referrer-Policy no-referrer, browsers send "Origin: null" even with
  // their own forms; that passes only when Sec-Fetch-Site vouches for the same origin.
  const ownOrigin = new URL(config.baseUrl).origin;
  app.addHook('preHandler', async (request) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(request.method)) return;
    // An API key is no ambient credential (a browser never sends it by itself): nothing to forge.
    if (request.apiKeyId) return;
    if (!request.actor || request.routeOptions.config?.csrfExempt) {
      const site = request.headers['sec-fetch-site'];
      const origin = request.headers.origin;
      const foreignOrigin = origin !== undefined && origin !== ownOrigin && !(origin === 'null' && site === 'same-origin');
      if (site === 'cross-site' || site === 'same-site' || foreignOrigin) throw new DomainError('CSRF_INVALID');
    }
    if (request.routeOptions.config?.csrfExempt) return;
    const field = requestField(request.body, '_csrf');
    const header = request.headers['x-csrf-token'];
    const sent = (typeof header === 'string' ? header : undefined) ?? (typeof field === 'string' ? field : undefined);
    if (!sameToken(sent, request.csrfToken)) throw new DomainError('CSRF_INVALID');
  });

  app.decorateReply('page', function page(this: FastifyReply, template: string, data: Record<string, unknown> = {}) {
    const request = this.request;
    const html = views.render(template, {
      t: request.t,
      locale: request.locale,
      actor: request.actor,
      csrfToken: request.csrfToken,
      currentPath: request.url.split('?')[0],
      currentUrl: request.url,
      demo: ctx.demo,
      ...data,
    });
    this.type('text/html; charset=utf-8');
    this.header('cache-control', 'no-store');
    return this.send(nameSummaryFields(html));
  });

  app.setErrorHandler((error, request, reply) => {
    const problem: Problem = toProblem(error, request.locale, String(request.id));
    // The database away (stopped, restarting): one line per request, not a stack; the client may retry shortly.
    if (problem.code === 'DATABASE_UNAVAILABLE') {
      request.log.warn({ code: problem.code, reqId: request.id, cause: (error as Error).message }, 'database unavailable');
      reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
    } else if (problem.status >= 500) request.log.error({ err: error, reqId: request.id }, 'request failed');
    else request.log.info({ code: problem.code, reqId: request.id }, 'request rejected');
    reply.status(problem.status);
    if (problem.code === 'UNAUTHENTICATED' && wantsHtml(request)) {
      return reply.redirect(`/dang-nhap?next=${encodeURIComponent(request.url)}`, 303);
    }
    if (wantsHtml(request)) return reply.page('error.njk', { problem });
    return reply.type('application/problem+json; charset=utf-8').send(problem);
  });

  app.setNotFoundHandler((request, reply) => {
    const problem = toProblem(unrouted(request, reply), request.locale, String(request.id));
    reply.status(problem.status);
    if (wantsHtml(request)) return reply.page('error.njk', { problem });
    return reply.type('application/problem+json; charset=utf-8').send(problem);
  });

  for (const module of modules) {
    await module.register(app, ctx);
  }
  return app;

  /**
   * The error for a request no route answers: 405 with `Allow` (the methods of the path, HEAD wherever GET is)
   * when the path has routes for other methods, else 404.
   */
  function unrouted(request: FastifyRequest, reply: FastifyReply): DomainError {
    const path = request.url.split('?')[0]!;
    const allowed = new Set<string>();
    for (const method of ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const) {
      if (methodsRouter.find(method, path)) allowed.add(method);
    }
    if (allowed.has('GET')) allowed.add('HEAD');
    if (allowed.size === 0 || allowed.has(request.method)) return new DomainError('NOT_FOUND');
    const allow = [...allowed].join(', ');
    reply.header('allow', allow);
    return new DomainError('METHOD_NOT_ALLOWED', { method: request.method, allow });
  }

  /** Errors Fastify raises before routing: the request has no locale, session or decorators yet. */
  function sendFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
    const locale = negotiateLocale(undefined, request.headers['accept-language']);
    const problem = toProblem(error, locale, String(request.id));
    request.log.info({ code: problem.code, reqId: request.id }, 'request rejected');
    reply.status(problem.status).headers(security);
    if (wantsHtml(request)) {
      const t = translator(locale);
      const html = views.render('error.njk', { t, locale, actor: null, csrfToken: '', currentPath: '/', currentUrl: '/', demo: ctx.demo, problem });
      return reply.type('text/html; charset=utf-8').send(html);
    }
    return reply.type('application/problem+json; charset=utf-8').send(problem);
  }
}
