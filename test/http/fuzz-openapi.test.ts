// Property-based fuzzing of EVERY operation of the OpenAPI document (fast-check), anonymous and signed in as a
// citizen and as an officer, on the demo data: valid-ish requests generated from the parameter and body schemas,
// and hostile ones (NUL and other control characters, lone surrogates, non-characters, blank and zero-width text,
// integers beyond PostgreSQL's range, wrong types). No answer may be a 5xx, and every 4xx is
// application/problem+json with a stable `code`. fast-check prints the seed and the shrunk request on failure.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { createTestApp, login, type Session } from '../helpers/app.ts';
import { documentPath } from '../../src/http/openapi.ts';

type Schema = Record<string, any>;
interface Operation {
  method: string;
  path: string;
  parameters: Array<{ name: string; in: 'path' | 'query' | 'header'; required?: boolean; schema: Schema }>;
  body?: Schema;
}

/** Stands for the JSON number 1e400 (JSON.parse makes it Infinity; JSON.stringify cannot write it). */
const INFINITY = '__infinity__';
/** Runs per operation (each one request); FUZZ_RUNS=200 for a longer hunt. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 30);

const HOSTILE_STRINGS = [
  '\u0000', 'a\u0000b', '\uD800', 'x\uDFFFy', '\uFFFE', '\uFFFF', '\uFDD0', '\u{1FFFF}', '\u0007', '\u001B[31m', '\u0085', '\u009F',
  '   ', '\u200B', '\u200B\u200C\uFEFF', '\t\n', '', '%', '../..', "' OR 1=1 --", '<script>', 'x'.repeat(5000),
  '1e400', '-1e400', '99999999999999999999', '2147483648', '-2147483649', '1.5', 'NaN', INFINITY,
];
const HOSTILE_NUMBERS = [2147483648, -2147483649, 1e20, -1e20, 9007199254740993, 1.5, -1, 0, 1e308];

/** Percent-encoding that also carries lone surrogates (as the CESU-8 bytes a hostile client would send). */
function encode(value: string): string {
  let out = '';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    const hex = (byte: number) => `%${byte.toString(16).toUpperCase()}`;
    out += code >= 0xd800 && code <= 0xdfff ? hex(0xe0 | (code >> 12)) + hex(0x80 | ((code >> 6) & 0x3f)) + hex(0x80 | (code & 0x3f)) : encodeURIComponent(ch);
  }
  return out;
}

/** Generator of values for a JSON schema; `known` holds real ids and codes of the demo data for string fields. */
function valueOf(schema: Schema | undefined, known: string[], depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return fc.jsonValue({ maxDepth: 1 });
  // Named components (`#/components/schemas/X`) are generated from the component.
  if (typeof schema.$ref === 'string') return valueOf(components[schema.$ref.replace('#/components/schemas/', '')], known, depth + 1);
  if (schema.anyOf || schema.oneOf) return fc.oneof(...(schema.anyOf ?? schema.oneOf).map((s: Schema) => valueOf(s, known, depth + 1)));
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.const !== undefined) return fc.constant(schema.const);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string': {
      if (schema.format === 'date') return fc.date({ min: new Date('2000-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
      if (schema.format === 'date-time') return fc.date({ min: new Date('2000-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString());
      if (schema.format === 'uuid') return fc.uuid();
      if (schema.format === 'email') return fc.emailAddress();
      const options: fc.Arbitrary<string>[] = [fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 30, 30) })];
      if (schema.pattern) options.push(fc.stringMatching(new RegExp(schema.pattern)));
      if (known.length) options.push(fc.constantFrom(...known));
      return fc.oneof(...options);
    }
    case 'integer':
      return fc.integer({ min: Math.max(schema.minimum ?? -1000, -1e6), max: Math.min(schema.maximum ?? 100000, 1e9) });
    case 'number':
      return fc.double({ min: Math.max(schema.minimum ?? -1e6, -1e6), max: Math.min(schema.maximum ?? 1e6, 1e6), noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(valueOf(schema.items, known, depth + 1), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 3, 3) });
    case 'object': {
      const properties: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, sub] of Object.entries<Schema>(schema.properties ?? {})) properties[name] = valueOf(sub, known, depth + 1);
      if (!Object.keys(properties).length) return fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 });
      return fc.record(properties, { requiredKeys: (schema.required ?? []).filter((k: string) => k in properties) });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

const hostileString = fc.oneof({ arbitrary: fc.constantFrom(...HOSTILE_STRINGS), weight: 4 }, { arbitrary: fc.string({ unit: 'binary', maxLength: 20 }), weight: 1 });
const hostileScalar = fc.oneof({ arbitrary: hostileString, weight: 3 }, { arbitrary: fc.constantFrom<unknown>(...HOSTILE_NUMBERS, true, null, [], {}), weight: 2 });

/** A valid-ish value with, for hostile runs, one leaf (or the whole value) replaced by a hostile one. */
function corrupt(value: unknown, pick: number, replacement: unknown): unknown {
  const leaves: Array<{ parent: any; key: string | number }> = [];
  const walk = (node: any) => {
    if (node && typeof node === 'object') for (const key of Object.keys(node)) {
      if (node[key] && typeof node[key] === 'object') walk(node[key]);
      else leaves.push({ parent: node, key: Array.isArray(node) ? Number(key) : key });
    }
  };
  const copy = structuredClone(value);
  walk(copy);
  if (!leaves.length) return replacement;
  const leaf = leaves[pick % leaves.length]!;
  leaf.parent[leaf.key] = replacement;
  return copy;
}

/** The document's named schemas (for `$ref`). */
let components: Record<string, Schema> = {};

function operations(document: any): Operation[] {
  components = document.components?.schemas ?? {};
  const result: Operation[] = [];
  for (const [path, item] of Object.entries<any>(document.paths)) {
    for (const [method, op] of Object.entries<any>(item)) {
      result.push({ method: method.toUpperCase(), path, parameters: op.parameters ?? [], body: op.requestBody?.content?.['application/json']?.schema });
    }
  }
  return result;
}

function requestOf(op: Operation, known: string[]) {
  const params: Record<string, fc.Arbitrary<unknown>> = {};
  for (const p of op.parameters) params[`${p.in}:${p.name}`] = valueOf(p.schema, known);
  return fc.record({
    actor: fc.constantFrom('anonymous', 'citizen', 'officer'),
    // Which part of the request carries the hostile value (only parts the operation has; "query" always exists).
    hostile: fc.constantFrom('none', 'query', ...new Set([...op.parameters.map((p) => p.in), ...(op.body ? ['body'] : [])])),
    params: fc.record(params, { requiredKeys: op.parameters.filter((p) => p.required || p.in === 'path').map((p) => `${p.in}:${p.name}`) }),
    body: op.body ? valueOf(op.body, known) : fc.constant(undefined),
    replacement: hostileScalar,
    // Mostly JSON; sometimes a type the operation does not take, or a form.
    mediaType: fc.constantFrom('application/json', 'application/json', 'application/json', 'application/x-www-form-urlencoded', 'text/plain', 'application/xml'),
    pick: fc.nat(50),
  });
}

const { app } = await createTestApp({ demo: true });
const sessions: Record<string, Session | null> = {
  anonymous: null,
  citizen: await login(app, 'demo.congdan'),
  officer: await login(app, 'demo.motcua'),
};
const ops = operations((await app.inject({ method: 'GET', url: '/api/openapi.json' })).json());
// Real ids and codes of the demo data, so generated requests reach past "not found".
const known: string[] = [];
for (const [url, session] of [['/api/procedures', null], ['/api/agencies', null], ['/api/dossiers', sessions.citizen], ['/api/officer/dossiers?scope=agency', sessions.officer]] as const) {
  const response = await app.inject({ method: 'GET', url, headers: session ? { cookie: session.cookie } : {} });
  JSON.stringify(response.json(), (key, value) => {
    if ((key === 'id' || key === 'code') && typeof value === 'string' && known.length < 40) known.push(value);
    return value;
  });
}

describe('OpenAPI fuzzing: no 5xx, every 4xx is problem+json', () => {
  test('the document lists the operations', () => {
    assert.ok(ops.length >= 80, `only ${ops.length} operations`);
    assert.ok(known.length >= 5, 'demo ids and codes found');
  });

  test('every operation', async (t) => {
    for (const op of ops) {
      // Signing out would end the shared sessions; it is fuzzed anonymously only.
      const signOut = op.path === documentPath('/api/auth/logout');
      await t.test(`${op.method} ${op.path}`, async () => {
        await fc.assert(
          fc.asyncProperty(requestOf(op, known), async (input) => {
            const session = signOut ? null : sessions[input.actor];
            let path = op.path;
            const query: string[] = [];
            const headers: Record<string, string> = session ? { cookie: session.cookie, 'x-csrf-token': session.csrfToken } : {};
            for (const p of op.parameters) {
              let value = input.params[`${p.in}:${p.name}`];
              if (value === undefined) continue;
              if (input.hostile === p.in) value = input.replacement;
              const text = value === INFINITY ? '1e400' : typeof value === 'string' ? value : JSON.stringify(value);
              if (p.in === 'path') path = path.replace(`{${p.name}}`, encode(text) || 'x');
              else if (p.in === 'query') query.push(`${encodeURIComponent(p.name)}=${encode(text)}`);
              // Header values travel as latin-1 bytes: control characters other than C1 cannot be sent.
              else headers[p.name] = [...text].filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) <= 0xff && c.charCodeAt(0) !== 0x7f).join('');
            }
            if (input.hostile === 'query' && !op.parameters.some((p) => p.in === 'query')) query.push(`q=${encode(String(input.replacement))}`);
            let payload: string | undefined;
            if (op.body !== undefined) {
              const body = input.hostile === 'body' ? corrupt(input.body, input.pick, input.replacement) : input.body;
              payload = JSON.stringify(body).replaceAll(`"${INFINITY}"`, '1e400');
              if (input.mediaType === 'application/x-www-form-urlencoded' && body && typeof body === 'object') {
                payload = new URLSearchParams(Object.entries(body).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)])).toString();
              }
              headers['content-type'] = input.mediaType;
            }
            const url = query.length ? `${path}?${query.join('&')}` : path;
            const response = await app.inject({ method: op.method as 'GET', url, headers, payload });
            const where = `${op.method} ${url} (${input.actor}) → ${response.statusCode} ${response.body.slice(0, 300)}`;
            // The readiness probe's 503 is its documented answer when the database is not ready.
            const ready = op.path === documentPath('/api/ready') && response.statusCode === 503;
            assert.ok(response.statusCode < 500 || ready, where);
            if (response.statusCode >= 400) {
              assert.match(String(response.headers['content-type']), /^application\/problem\+json/, where);
              assert.equal(typeof response.json().code, 'string', where);
            }
          }),
          { numRuns: RUNS },
        );
      });
    }
  });
});
