// The errors and the security of every operation of the OpenAPI document (GET /api/openapi.json), derived from the
// routes as they are declared — no route lists its own error answers. Registered through @fastify/swagger's
// `transform` (per route: the security requirement) and `transformObject` (the whole document: the shared `Problem`
// component, the error responses of each operation, `servers`, `license`). Documentation only: nothing here changes
// how a request is validated or answered (the error handler in app.ts and problem.ts do that).
import type { SwaggerTransform, SwaggerTransformObject } from '@fastify/swagger';
import { Type, type Static } from 'typebox';

/** The problem+json body every error answers with (src/http/problem.ts `toProblem`), as a named component. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: 'urn:opendvc:problem:<code in kebab case>' }),
    title: Type.String({ description: 'The localised message of the code' }),
    status: Type.Integer({ minimum: 400, maximum: 599 }),
    detail: Type.String(),
    code: Type.String({ description: 'Stable error code, e.g. VALIDATION_FAILED, NOT_FOUND, UNAUTHENTICATED' }),
    instance: Type.Optional(Type.String()),
    errors: Type.Array(
      Type.Object(
        {
          path: Type.String({ description: 'JSON pointer of the field, e.g. /email' }),
          code: Type.String({ description: 'Stable code of the field problem, e.g. required, pattern' }),
          message: Type.String({ description: 'Localised message' }),
        },
        { additionalProperties: true },
      ),
      { description: 'Field errors (all of them at once); empty when the problem is not about fields' },
    ),
  },
  { additionalProperties: true, title: 'Problem', description: 'RFC 9457 problem details (application/problem+json)' },
);
export type ProblemBody = Static<typeof ProblemSchema>;

export const PROBLEM_REF = '#/components/schemas/Problem';
const PROBLEM_MEDIA_TYPE = 'application/problem+json';
const SAFE_METHODS = new Set(['get', 'head', 'options']);
const METHODS = ['get', 'head', 'options', 'post', 'put', 'patch', 'delete'] as const;

/**
 * What the route declaration does not show: the operations whose service counts attempts and answers 429
 * (identity.service.ts: login, registration, password reset requests), and those that authenticate the request
 * themselves and answer 401 without a session or an OpenAPI security scheme (wrong credentials; the HMAC signature
 * of a server-to-server message).
 */
const EXTRA_STATUSES: Record<string, string[]> = {
  'post /api/auth/login': ['401', '429'],
  'post /api/auth/register/citizen': ['429'],
  'post /api/auth/register/organisation': ['429'],
  'post /api/auth/password/forgot': ['429'],
  'post /api/payments/callback': ['401'],
  'post /api/postal/webhook': ['401'],
  'get /metrics': ['404'],
};

const DESCRIPTIONS: Record<string, string> = {
  '400': 'Malformed request (MALFORMED_REQUEST, MALFORMED_URL)',
  '401': 'Not signed in (UNAUTHENTICATED), or the credentials, token or signature are not valid',
  '403': 'Forbidden: the role does not allow it (FORBIDDEN and module codes), or the CSRF token is missing or wrong (CSRF_INVALID)',
  '404': 'Not found, or not visible to this user (NOT_FOUND and module codes)',
  '415': 'Unsupported media type (UNSUPPORTED_MEDIA_TYPE)',
  '422': 'The request does not satisfy its schema (VALIDATION_FAILED, with every field error in `errors`)',
  '429': 'Too many attempts: retry after the Retry-After header (…_RATE_LIMITED)',
};

type Security = Array<Record<string, string[]>>;
interface RouteLike {
  method: string | string[];
  url: string;
  handler?: unknown;
  schema?: Record<string, unknown>;
}

/**
 * Whether the route needs a signed-in user: it declares the session scheme, or its handler reads the actor
 * (`requireActor(request)` throws UNAUTHENTICATED; services given `request.actor` refuse null).
 */
export function routeNeedsSession(route: RouteLike): boolean {
  const declared = route.schema?.security as Security | undefined;
  if (declared?.some((requirement) => 'session' in requirement)) return true;
  const source = typeof route.handler === 'function' ? Function.prototype.toString.call(route.handler) : '';
  return /\brequireActor\b|\brequest\.actor\b/.test(source);
}

/** The security requirement of a route: its own non-session scheme (a bearer token), the session (+ CSRF header for state-changing methods), or none. */
export function routeSecurity(route: RouteLike, method: string): Security {
  const declared = route.schema?.security as Security | undefined;
  const other = declared?.filter((requirement) => !('session' in requirement) && Object.keys(requirement).length > 0) ?? [];
  if (other.length > 0) return other;
  if (!routeNeedsSession(route)) return [];
  return SAFE_METHODS.has(method.toLowerCase()) ? [{ session: [] }] : [{ session: [], csrf: [] }];
}

interface Operation {
  parameters?: Array<{ in: string }>;
  requestBody?: unknown;
  security?: Security;
  responses?: Record<string, unknown>;
}

function problemResponse(status: string) {
  return { description: DESCRIPTIONS[status] ?? 'Error', content: { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: PROBLEM_REF } } } };
}

/** The 4xx statuses an operation can answer, from its parameters, body, security and method. 500 is never documented. */
export function errorStatuses(method: string, path: string, operation: Operation): string[] {
  const statuses = new Set<string>();
  const parameters = operation.parameters ?? [];
  if (parameters.length > 0 || operation.requestBody) statuses.add('400').add('422');
  if (operation.requestBody) statuses.add('415');
  const security = operation.security ?? [];
  if (security.length > 0) statuses.add('401');
  if (security.some((requirement) => 'session' in requirement)) statuses.add('403');
  if (!SAFE_METHODS.has(method)) statuses.add('403'); // the CSRF / cross-site check of app.ts
  if (parameters.some((p) => p.in === 'path') || path.includes('{')) statuses.add('404');
  for (const status of EXTRA_STATUSES[`${method} ${path}`] ?? []) statuses.add(status);
  // An operation with nothing else still answers malformed requests (bad percent-encoding, a bad query string).
  if (statuses.size === 0) statuses.add('400');
  return [...statuses].sort();
}

export interface ApiDocumentOptions {
  baseUrl: string;
}

/** Options for @fastify/swagger: spread into its registration (app.ts). */
export function apiDocumentOptions(options: ApiDocumentOptions): { transform: SwaggerTransform; transformObject: SwaggerTransformObject } {
  const transform: SwaggerTransform = ({ schema, url, route }) => {
    const own = (schema ?? {}) as Record<string, unknown>;
    if (!url.startsWith('/api/') || own.hide) return { schema, url };
    const method = [route.method].flat()[0] ?? 'GET';
    return { schema: { ...own, security: routeSecurity({ method: route.method, url: route.url, handler: route.handler, schema: own }, method) }, url };
  };
  const transformObject: SwaggerTransformObject = (documentObject) => {
    const document = (documentObject as { openapiObject?: Record<string, any> }).openapiObject ?? {};
    document.info = { ...document.info, license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' } };
    document.servers = [{ url: options.baseUrl, description: 'This installation' }];
    document.components = { ...document.components, schemas: { ...(document.components?.schemas ?? {}), Problem: ProblemSchema } };
    for (const [path, item] of Object.entries(document.paths ?? {}) as Array<[string, Record<string, Operation>]>) {
      for (const method of METHODS) {
        const operation = item[method];
        if (!operation) continue;
        // The /api routes got theirs in `transform`; GET /metrics declares its bearer token.
        operation.security ??= [];
        const responses = (operation.responses ??= {});
        for (const status of errorStatuses(method, path, operation)) responses[status] ??= problemResponse(status);
      }
    }
    return document;
  };
  return { transform, transformObject };
}
