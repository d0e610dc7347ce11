// The API's version and deprecation policy (issue 14). The version is in the path: `/api/v1/...` is the published,
// documented form; the router only knows the routes' own `/api/...` paths, so `unversionedUrl` (Fastify's
// `rewriteUrl`, app.ts) maps the current version onto them before routing — `/api/v1/x` and `/api/x` are the same
// operation, with the same answers, errors, 404 and 405. The unversioned paths are the server's own alias of the
// current version (the portal's pages use them) and are not documented for integrators.
//
// An operation is deprecated by its route's `config.deprecation` (`{ since, sunset, link? }`): the OpenAPI document
// marks it `deprecated: true` and every answer carries `Deprecation` (RFC 9745) and `Sunset` (RFC 8594) headers,
// with a `Link` to where the deprecation and its replacement are described. A sunset less than 12 months after the
// deprecation is refused at boot: the policy is enforced, not only written (docs/integrator-guide.md explains it).
import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';

export const API_VERSION = 'v1';
/** The documented base path of the current version. */
export const API_BASE_PATH = `/api/${API_VERSION}`;
/** A deprecated v1 operation stays served at least this many months after its deprecation. */
export const MIN_SUNSET_MONTHS = 12;

/** The deprecation policy, as the OpenAPI document's info.description states it (the guide says the same). */
export const API_DESCRIPTION = [
  'Cổng dịch vụ công và hệ thống một cửa điện tử — API. Phiên bản trong đường dẫn: /api/v1/… (tài liệu này: GET /api/v1/openapi.json).',
  '',
  'OpenDVC — online public services portal and one-stop back office. The version is in the path: every operation is under `/api/v1/`; ' +
    'this document is published at `GET /api/v1/openapi.json`. Integrator guide: docs/integrator-guide.md.',
  '',
  '**Deprecation policy.** Within v1, changes are additive only: new operations, new optional request fields, new response fields, ' +
    'new error codes of an existing status, new enum values in response-only fields. Clients must ignore unknown response fields. ' +
    'A breaking change — removing or renaming an operation, a field or a parameter, making an optional request field required, ' +
    'changing a type, a status code or an error code an integrator relies on, or changing the authentication — is only made in a new ' +
    'version (`/api/v2/`), and v1 is then served for at least 12 months. An operation that will go away is first marked ' +
    '`deprecated: true` here, and each of its answers carries the `Deprecation` header (RFC 9745, the instant it was deprecated) ' +
    'and the `Sunset` header (RFC 8594, the date after which it may stop answering, at least 12 months later), with a ' +
    '`Link: <…>; rel="deprecation"` to where the deprecation and its replacement are described.',
  '',
  '**Database unavailable.** Any operation may answer 503 with the problem code `DATABASE_UNAVAILABLE` and a `Retry-After` header ' +
    '(seconds) while the database restarts or cannot be reached; it is not listed per operation. Retry after that delay (a submission ' +
    'with the same `Idempotency-Key`: an answer lost in the outage is then replayed, never applied twice).',
].join('\n');

/** `/api/v1/x` → `/api/x` (and `/api/v1?q` → `/api?q`); every other URL unchanged (`/api/v10/x`, `/api/x`, pages). */
export function unversionedUrl(url: string): string {
  if (!url.startsWith(API_BASE_PATH)) return url;
  const rest = url.slice(API_BASE_PATH.length);
  return rest === '' || rest.startsWith('/') || rest.startsWith('?') ? `/api${rest}` : url;
}

/** A route's deprecation, in its `config` (see the file's comment). */
export interface RouteDeprecation {
  /** When the operation was deprecated: an ISO 8601 date or date-time (a date is 00:00 UTC). */
  since: string;
  /** When it may stop answering: an ISO 8601 date or date-time, at least 12 months after `since`. */
  sunset: string;
  /** Where the deprecation and its replacement are described (RFC 9745 rel="deprecation"; an absolute URL, or a path on this installation). */
  link?: string;
}

function instant(value: string, what: string): Date {
  const time = /^\d{4}-\d{2}-\d{2}(T.+)?$/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) throw new Error(`deprecation: ${what} "${value}" is not an ISO 8601 date`);
  return new Date(time);
}

/** Checks a deprecation against the policy (dates valid; sunset ≥ since + 12 months): a programming error otherwise. */
export function checkDeprecation(deprecation: RouteDeprecation, where = 'route'): { since: Date; sunset: Date } {
  const since = instant(deprecation.since, `${where}: since`);
  const sunset = instant(deprecation.sunset, `${where}: sunset`);
  const earliest = new Date(since);
  earliest.setUTCMonth(earliest.getUTCMonth() + MIN_SUNSET_MONTHS);
  if (sunset < earliest) throw new Error(`deprecation of ${where}: the sunset (${deprecation.sunset}) must be at least ${MIN_SUNSET_MONTHS} months after the deprecation (${deprecation.since})`);
  return { since, sunset };
}

/** The headers every answer of a deprecated operation carries. */
export function deprecationHeaders(deprecation: RouteDeprecation): Record<string, string> {
  const { since, sunset } = checkDeprecation(deprecation);
  const headers: Record<string, string> = {
    // RFC 9745: a Structured Field Date (seconds since the epoch); RFC 8594: an HTTP-date.
    deprecation: `@${Math.floor(since.getTime() / 1000)}`,
    sunset: sunset.toUTCString(),
  };
  if (deprecation.link) headers.link = `<${deprecation.link}>; rel="deprecation"`;
  return headers;
}

/** onRoute: a deprecated route is checked against the policy and marked `deprecated: true` in the document. */
export function markDeprecatedRoute(route: RouteOptions): void {
  const deprecation = (route.config as { deprecation?: RouteDeprecation } | undefined)?.deprecation;
  if (!deprecation) return;
  checkDeprecation(deprecation, `${[route.method].flat().join(',')} ${route.url}`);
  const schema = (route.schema ??= {}) as Record<string, unknown>;
  schema.deprecated = true;
}

/** onSend: the Deprecation, Sunset and Link headers on every answer of a deprecated route (errors included). */
export function sendDeprecationHeaders(request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (error: null, payload: unknown) => void): void {
  const deprecation = (request.routeOptions.config as { deprecation?: RouteDeprecation } | undefined)?.deprecation;
  if (deprecation) {
    const headers = deprecationHeaders(deprecation);
    if (headers.link && reply.hasHeader('link')) headers.link = `${String(reply.getHeader('link'))}, ${headers.link}`;
    reply.headers(headers);
  }
  done(null, payload);
}
