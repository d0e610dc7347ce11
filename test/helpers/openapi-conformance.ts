// Response conformance (issue 14: the OpenAPI document is the contract). Every response the test suite gets from an
// `/api/` route is checked against the document the application publishes (app.swagger()): the status is documented
// for the operation, the content type is one documented for that status, a JSON or problem+json body validates
// against the documented schema (Ajv, JSON Schema 2020-12 as OpenAPI 3.1 says, `#/components/…` refs resolved), and a
// problem's `code` is one the operation lists (`x-problem-codes`). createTestApp and startBrowserServer install the
// recorder; at the end of the test file the violations are printed and fail it through its exit code (not a thrown
// error, which would skip the cleanup hooks after it). OPENAPI_CONFORMANCE=report writes them to a file instead —
// OPENAPI_CONFORMANCE_FILE, default /tmp/openapi-conformance.jsonl — and =off turns the check off.
import { appendFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { after } from 'node:test';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { App } from '../../src/http/app.ts';
import { documentPath, PROBLEM_CODES } from '../../src/http/openapi.ts';

type Json = Record<string, any>;

export interface Violation {
  method: string;
  /** The document's path of the operation (or the route URL when the document has none). */
  path: string;
  /** The URL the test requested. */
  url: string;
  status: number;
  problem: string;
}

/** One answer of the application, as the recorder sees it in its onSend hook. */
export interface Answer {
  method: string;
  /** Fastify's route URL (`request.routeOptions.url`), e.g. /api/dossiers/:id. */
  routeUrl: string;
  url?: string;
  status: number;
  contentType?: string;
  /** The serialized body (string or Buffer); a stream or nothing is not validated. */
  payload?: unknown;
}

/** enforce: fail the test file; report: write to the report file; off: no check; collect: only gather (tests of the recorder). */
export type ConformanceMode = 'enforce' | 'report' | 'off' | 'collect';

export function conformanceMode(): ConformanceMode {
  const mode = process.env.OPENAPI_CONFORMANCE ?? 'enforce';
  if (mode !== 'enforce' && mode !== 'report' && mode !== 'off') throw new Error(`OPENAPI_CONFORMANCE must be enforce, report or off, not ${mode}`);
  return mode;
}

const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv2020) => void;
const ajv = new Ajv2020({ strict: false, allErrors: true, logger: false, validateFormats: true });
addFormats(ajv);
/** Compiled once per process: by the components' id and the schema's text. */
const compiled = new Map<string, ValidateFunction>();
const componentIds = new Set<string>();

function withRefsUnder(base: string, node: unknown): unknown {
  if (Array.isArray(node)) return node.map((item) => withRefsUnder(base, item));
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node as Json).map(([key, value]) => [key, key === '$ref' && typeof value === 'string' && value.startsWith('#/') ? `${base}${value}` : withRefsUnder(base, value)]),
  );
}

function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

function mediaMatches(documented: string, actual: string): boolean {
  const [type, sub] = documented.toLowerCase().split('/');
  const [actualType, actualSub] = actual.split('/');
  return (type === '*' || type === actualType) && (sub === '*' || sub === actualSub);
}

function isJson(media: string): boolean {
  return media === 'application/json' || /^application\/[\w.-]+\+json$/.test(media);
}

function payloadText(payload: unknown): string | null {
  if (typeof payload === 'string') return payload;
  if (Buffer.isBuffer(payload)) return payload.toString('utf8');
  return null;
}

function isEmpty(payload: unknown): boolean {
  return payload === undefined || payload === null || payload === '' || (Buffer.isBuffer(payload) && payload.length === 0);
}

/** Checks answers against one OpenAPI document; `check` returns what is wrong with an answer (nothing: conforms). */
export function conformanceChecker(document: Json): (answer: Answer) => string[] {
  const componentsText = JSON.stringify(document.components ?? {});
  const base = `urn:opendvc:openapi:${createHash('sha256').update(componentsText).digest('hex').slice(0, 16)}`;
  if (!componentIds.has(base)) {
    ajv.addSchema({ $id: base, components: JSON.parse(componentsText) });
    componentIds.add(base);
  }
  const validator = (schema: Json): ValidateFunction => {
    const text = JSON.stringify(schema);
    const key = `${base} ${text}`;
    let validate = compiled.get(key);
    if (!validate) {
      validate = ajv.compile(withRefsUnder(base, JSON.parse(text)) as Json);
      compiled.set(key, validate);
    }
    return validate;
  };

  return (answer) => {
    const path = documentPath(answer.routeUrl);
    const item = document.paths?.[path] as Json | undefined;
    const method = answer.method.toLowerCase();
    const operation = (item?.[method] ?? (method === 'head' ? item?.get : undefined)) as Json | undefined;
    if (!operation) return [`the document has no operation ${method.toUpperCase()} ${path}`];
    const status = String(answer.status);
    const responses = (operation.responses ?? {}) as Json;
    const response = (responses[status] ?? responses[`${status[0]}XX`] ?? responses.default) as Json | undefined;
    if (!response) {
      const code = mediaType(answer.contentType) === 'application/problem+json' ? /"code":"([^"]*)"/.exec(payloadText(answer.payload) ?? '')?.[1] : undefined;
      return [`status ${status}${code ? ` (code ${code})` : ''} is not documented (documented: ${Object.keys(responses).join(', ')})`];
    }
    // HEAD, 204 and 304 answers carry no body on the wire (Fastify drops what the serializer made of `null`).
    if (method === 'head' || status === '204' || status === '304' || isEmpty(answer.payload)) return [];
    const content = (response.content ?? {}) as Json;
    const actual = mediaType(answer.contentType);
    const documented = Object.keys(content);
    if (documented.length === 0) return [`a ${actual || 'body without content type'} is answered where status ${status} documents no body`];
    const media = documented.find((m) => m.toLowerCase() === actual) ?? documented.find((m) => mediaMatches(m, actual));
    if (!media) return [`content type ${actual || '(none)'} is not documented for status ${status} (documented: ${documented.join(', ')})`];
    if (!isJson(actual)) return [];
    const text = payloadText(answer.payload);
    if (text === null) return [];
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return [`the ${actual} body is not JSON: ${text.slice(0, 80)}`];
    }
    const problems: string[] = [];
    const schema = content[media]?.schema as Json | undefined;
    if (schema) {
      const validate = validator(schema);
      // A problem's code outside the listed ones is said below, once.
      const schemaErrors = (validate(body) ? [] : validate.errors ?? []).filter((e) => !(actual === 'application/problem+json' && e.instancePath === '/code' && e.keyword === 'enum'));
      if (schemaErrors.length > 0) {
        const errors = schemaErrors.slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${e.params.additionalProperty})` : ''}`);
        problems.push(`the body does not match the documented schema: ${errors.join('; ')}`);
      }
    }
    if (actual === 'application/problem+json') {
      const code = (body as Json | null)?.code;
      const codes = (response[PROBLEM_CODES] ?? operation[PROBLEM_CODES]) as string[] | undefined;
      if (codes && !codes.includes(code)) problems.push(`problem code ${String(code)} is not listed for status ${status} (listed: ${codes.join(', ')})`);
    }
    return problems;
  };
}

export interface ConformanceRecorder {
  readonly violations: Violation[];
}

function describe(violation: Violation): string {
  return `${violation.method} ${violation.path} → ${violation.status} (${violation.url}): ${violation.problem}`;
}

/**
 * Installs the recorder on an application before it is ready: an onSend hook checking every answer of an `/api/`
 * route (hidden ones, such as the document itself, aside), and an `after` hook of the test file that fails it with
 * every violation (or, in report mode, writes them to the report file).
 */
export function recordConformance(app: App, options: { mode?: ConformanceMode } = {}): ConformanceRecorder {
  const mode = options.mode ?? conformanceMode();
  const violations: Violation[] = [];
  if (mode === 'off') return { violations };
  let check: ((answer: Answer) => string[]) | null = null;
  app.addHook('onSend', async (request, reply, payload) => {
    const routeUrl = request.routeOptions.url;
    if (!routeUrl?.startsWith('/api/') || (request.routeOptions.schema as Json | undefined)?.hide) return payload;
    const where = { method: request.method, path: documentPath(routeUrl), url: request.url, status: reply.statusCode };
    try {
      check ??= conformanceChecker(app.swagger() as Json);
      const contentType = reply.getHeader('content-type');
      for (const problem of check({ method: request.method, routeUrl, url: request.url, status: reply.statusCode, contentType: typeof contentType === 'string' ? contentType : undefined, payload })) {
        violations.push({ ...where, problem });
      }
    } catch (error) {
      violations.push({ ...where, problem: `the check failed: ${(error as Error).stack ?? String(error)}` });
    }
    return payload;
  });
  if (mode === 'collect') return { violations };
  after(() => {
    if (mode === 'report') {
      const file = process.env.OPENAPI_CONFORMANCE_FILE ?? '/tmp/openapi-conformance.jsonl';
      const test = process.argv.find((a) => a.endsWith('.test.ts')) ?? process.argv[1];
      for (const v of violations) appendFileSync(file, `${JSON.stringify({ test, ...v })}\n`);
      return;
    }
    const unique = [...new Set(violations.map(describe))];
    if (unique.length === 0) return;
    // The file fails (its exit code) without throwing: a throwing `after` hook would skip the hooks registered after
    // it (closing the app, the simulators), and the test process would hang on their open handles.
    process.exitCode = 1;
    process.stderr.write(`\n✖ ${unique.length} answers do not conform to the OpenAPI document (test/helpers/openapi-conformance.ts):\n${unique.map((line) => `  ${line}`).join('\n')}\n\n`);
  });
  return { violations };
}
