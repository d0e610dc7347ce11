// The errors, the security, the paths and the named schemas of the OpenAPI document (GET /api/openapi.json),
// derived from the routes as they are declared. Registered through @fastify/swagger's `transform` (per route: the
// versioned path, the security requirement) and `transformObject` (the whole document: named components, the shared
// `Problem` component, the error responses of each operation with the codes it can answer, `servers`, `license`).
// Documentation only: nothing here changes how a request is validated or answered (the error handler in app.ts and
// problem.ts do that). test/helpers/openapi-conformance.ts checks every response of the HTTP tests against it.
import type { SwaggerTransform, SwaggerTransformObject } from '@fastify/swagger';
import { Type, type Static } from 'typebox';
import { errorDefinition } from '../core/errors.ts';
import { withMultipartBodies } from './openapi-multipart.ts';

declare module 'fastify' {
  interface FastifySchema {
    /**
     * The module error codes the operation can answer (problem+json `code`), besides the generic ones the
     * document derives from the route (VALIDATION_FAILED, NOT_FOUND, UNAUTHENTICATED …). Each lands under the
     * status the error registry gives it (src/core/errors.ts `defineErrors`).
     */
    'x-problem-codes'?: readonly string[];
  }
}

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
export const PROBLEM_MEDIA_TYPE = 'application/problem+json';
/** The operation's (and each problem response's) list of the codes it can answer. */
export const PROBLEM_CODES = 'x-problem-codes';
const SAFE_METHODS = new Set(['get', 'head', 'options']);
const METHODS = ['get', 'head', 'options', 'post', 'put', 'patch', 'delete'] as const;

/** The version of the JSON API in the document's paths: `/api/x` is published as `/api/v1/x`. */
export const API_VERSION = 'v1';

/**
 * The document's path of a route URL (Fastify's `request.routeOptions.url`): `/api/…` gets the version
 * (`/api/v1/…`), and `:name` parameters become `{name}`. The one definition used by the document, the
 * conformance recorder and the tests.
 */
export function documentPath(routeUrl: string): string {
  const versioned = routeUrl.startsWith('/api/') && !routeUrl.startsWith(`/api/${API_VERSION}/`) ? `/api/${API_VERSION}/${routeUrl.slice('/api/'.length)}` : routeUrl;
  return versioned.replace(/:(\w+)(\([^)]*\))?/g, '{$1}');
}

/**
 * The codes of the API keys (Authorization: Bearer): every operation that accepts a key can answer them. Their
 * statuses, for as long as the module defining them is not loaded (the registry's word wins).
 */
const API_KEY_CODES: Record<string, number> = { API_KEY_INVALID: 401, API_KEY_EXPIRED: 401, API_KEY_REVOKED: 401, API_KEY_RATE_LIMITED: 429 };

const DESCRIPTIONS: Record<string, string> = {
  '400': 'Malformed request',
  '401': 'Not signed in, or the credentials, key, token or signature are not valid',
  '403': 'Forbidden: the role does not allow it, or the CSRF token is missing or wrong',
  '404': 'Not found, or not visible to this user',
  '409': 'Conflict with the current state',
  '413': 'The request is too large',
  '414': 'A part of the address is too long',
  '415': 'Unsupported media type',
  '422': 'The request does not satisfy its schema or the rules (every field error in `errors`)',
  '429': 'Too many attempts: retry after the Retry-After header',
  '503': 'Not available for now (the readiness probe: the database or a migration)',
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

/**
 * The security requirement of a route: its own non-session scheme (a bearer token), or the session (+ CSRF header
 * for state-changing methods) with an API key as the alternative (when the document declares the `apiKey`
 * scheme), or none.
 */
export function routeSecurity(route: RouteLike, method: string, options: { apiKey?: boolean } = {}): Security {
  const declared = route.schema?.security as Security | undefined;
  const other = declared?.filter((requirement) => !('session' in requirement) && !('apiKey' in requirement) && Object.keys(requirement).length > 0) ?? [];
  if (other.length > 0) return other;
  if (!routeNeedsSession(route)) return [];
  const session: Record<string, string[]> = SAFE_METHODS.has(method.toLowerCase()) ? { session: [] } : { session: [], csrf: [] };
  return options.apiKey ? [session, { apiKey: [] }] : [session];
}

interface Operation {
  parameters?: Array<{ in: string }>;
  requestBody?: unknown;
  security?: Security;
  responses?: Record<string, any>;
  [PROBLEM_CODES]?: readonly string[];
}

/** The status of an error code: the registry's, else (API keys) the known one; an unknown code fails the document. */
function statusOfCode(code: string, where: string): string {
  const status = errorDefinition(code)?.status ?? API_KEY_CODES[code];
  if (!status) throw new Error(`${where} declares the problem code ${code}, which no module defines (defineErrors)`);
  return String(status);
}

/**
 * The problem codes an operation can answer, by status: the generic ones derived from its parameters, body,
 * security and method, and the module codes it declares (`x-problem-codes` on the route's schema). 500 is never
 * documented.
 */
export function problemCodes(method: string, path: string, operation: Operation): Map<string, Set<string>> {
  const codes = new Map<string, Set<string>>();
  const add = (status: string, ...list: string[]) => {
    const set = codes.get(status) ?? new Set<string>();
    for (const code of list) set.add(code);
    codes.set(status, set);
  };
  const parameters = operation.parameters ?? [];
  // Every operation answers malformed requests (bad percent-encoding, a bad query string), and the boundary
  // (src/http/boundary.ts) refuses forbidden characters in any query string or body, schema'd or not.
  add('400', 'MALFORMED_REQUEST', 'MALFORMED_URL');
  add('422', 'VALIDATION_FAILED');
  if (operation.requestBody) {
    add('413', 'PAYLOAD_TOO_LARGE');
    add('415', 'UNSUPPORTED_MEDIA_TYPE');
  }
  const security = operation.security ?? [];
  const session = security.some((requirement) => 'session' in requirement);
  if (session) {
    add('401', 'UNAUTHENTICATED');
    add('403', 'FORBIDDEN');
  }
  if (security.some((requirement) => 'apiKey' in requirement)) {
    for (const code of Object.keys(API_KEY_CODES)) add(statusOfCode(code, `${method} ${path}`), code);
  }
  if (!SAFE_METHODS.has(method)) add('403', 'CSRF_INVALID'); // the CSRF / cross-site check of app.ts
  if (parameters.some((p) => p.in === 'path') || path.includes('{')) {
    add('404', 'NOT_FOUND');
    add('414', 'PARAMETER_TOO_LONG');
  }
  for (const code of operation[PROBLEM_CODES] ?? []) add(statusOfCode(code, `${method.toUpperCase()} ${path}`), code);
  return new Map([...codes].sort(([a], [b]) => a.localeCompare(b)));
}

/** The 4xx statuses an operation can answer (those of its problem codes). */
export function errorStatuses(method: string, path: string, operation: Operation): string[] {
  return [...problemCodes(method, path, operation).keys()];
}

function problemResponse(status: string, codes: string[]) {
  // 4xx, and the 5xx an operation declares on purpose (the readiness probe's 503); never 500.
  return {
    description: `${DESCRIPTIONS[status] ?? 'Error'}. Codes: ${codes.join(', ')}`,
    [PROBLEM_CODES]: codes,
    content: {
      [PROBLEM_MEDIA_TYPE]: {
        schema: { allOf: [{ $ref: PROBLEM_REF }, { type: 'object', properties: { code: { type: 'string', enum: codes } } }] },
      },
    },
  };
}

/** A schema title (or TypeBox `$id`) that names a component: PascalCase, as the document's component names. */
const COMPONENT_NAME = /^[A-Z][A-Za-z0-9]*$/;
const SCHEMA_KEYWORDS = ['type', 'properties', 'items', 'allOf', 'anyOf', 'oneOf', 'enum', 'const', '$ref'];

/**
 * Named components: every schema of the operations with a PascalCase `title` (or `$id`) becomes an entry of
 * `components.schemas` referenced by `$ref` (innermost first); the same schema used twice is one entry, and two
 * different schemas with one name fail the document (loudly: a name must mean one shape).
 */
export function hoistNamedSchemas(document: Record<string, any>): void {
  const schemas: Record<string, any> = (document.components ??= {}).schemas ??= {};
  const seen = new Map<string, string>(Object.entries(schemas).map(([name, schema]) => [name, JSON.stringify(schema)]));
  const visit = (node: unknown, root: boolean): unknown => {
    if (Array.isArray(node)) return node.map((item) => visit(item, false));
    if (!node || typeof node !== 'object') return node;
    const object = node as Record<string, unknown>;
    const copy: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(object)) copy[key] = key === 'example' || key === 'examples' || key === 'default' || key === 'const' || key === 'enum' ? value : visit(value, false);
    const name = typeof copy.title === 'string' && COMPONENT_NAME.test(copy.title) ? copy.title : typeof copy.$id === 'string' && COMPONENT_NAME.test(copy.$id) ? copy.$id : null;
    if (root || !name || !SCHEMA_KEYWORDS.some((keyword) => keyword in copy)) return copy;
    const { $id: _id, ...schema } = copy;
    if (typeof copy.title !== 'string') schema.title = name;
    const text = JSON.stringify(schema);
    const before = seen.get(name);
    if (before === undefined) {
      seen.set(name, text);
      schemas[name] = schema;
    } else if (before !== text) {
      throw new Error(`Two different schemas are named ${name} in the OpenAPI document:\n${before}\n${text}`);
    }
    return { $ref: `#/components/schemas/${name}` };
  };
  for (const [name, schema] of Object.entries(schemas)) schemas[name] = visit(schema, true);
  for (const [path, item] of Object.entries(document.paths ?? {})) document.paths[path] = visit(item, true);
}

export interface ApiDocumentOptions {
  baseUrl: string;
}

/** Options for @fastify/swagger: spread into its registration (app.ts). */
export function apiDocumentOptions(options: ApiDocumentOptions): { transform: SwaggerTransform; transformObject: SwaggerTransformObject } {
  const transform: SwaggerTransform = (input) => {
    const { schema, url, route } = input;
    const openapiObject = (input as { openapiObject?: { components?: { securitySchemes?: Record<string, unknown> } } }).openapiObject;
    const own = (schema ?? {}) as Record<string, unknown>;
    if (!url.startsWith('/api/') || own.hide) return { schema, url };
    const method = [route.method].flat()[0] ?? 'GET';
    const apiKey = Boolean(openapiObject?.components?.securitySchemes?.apiKey);
    const security = routeSecurity({ method: route.method, url: route.url, handler: route.handler, schema: own }, method, { apiKey });
    return { schema: { ...own, security }, url: documentPath(url) };
  };
  const transformObject: SwaggerTransformObject = (documentObject) => {
    const document = (documentObject as { openapiObject?: Record<string, any> }).openapiObject ?? {};
    document.info = { ...document.info, license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' } };
    document.servers = [{ url: options.baseUrl, description: 'This installation' }];
    document.components = { ...document.components, schemas: { ...(document.components?.schemas ?? {}), Problem: ProblemSchema } };
    hoistNamedSchemas(document);
    for (const [path, item] of Object.entries(document.paths ?? {}) as Array<[string, Record<string, Operation>]>) {
      for (const method of METHODS) {
        const operation = item[method];
        if (!operation) continue;
        // The /api routes got theirs in `transform`; GET /metrics declares its bearer token.
        operation.security ??= [];
        const responses = (operation.responses ??= {});
        const all = new Set<string>();
        for (const [status, codes] of problemCodes(method, path, operation)) {
          const list = [...codes].sort();
          list.forEach((code) => all.add(code));
          responses[status] ??= problemResponse(status, list);
        }
        operation[PROBLEM_CODES] = [...all].sort();
      }
    }
    return document;
  };
  // Multipart request bodies of the upload routes (their `config.multipart`): src/http/openapi-multipart.ts.
  return withMultipartBodies({ transform, transformObject });
}
