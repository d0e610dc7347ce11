// A bounded fast-check generator of data valid under an e-form's JSON Schema, for the subset e-forms use: object
// (properties, required, additionalProperties: false, minProperties, if/then), string (enum, pattern — one or
// several through allOf —, format date and email, minLength, maxLength), number and integer (minimum, maximum),
// array (items, minItems, maxItems), allOf (merged), `not: {type: 'null'}` (no null is generated) and the root
// keyword `x-unicode-normalisation: NFC` (text generated in NFC). It reads nothing but the schema: what it makes
// is what a client that only read the served schema could send. Every leaf is checked against its own schema
// with Ajv (JavaScript's RegExp, as JSON Schema's ECMA-262 patterns mean), so a generated value is valid by
// construction; `validator(schema)` checks whole values the same way.
import fc from 'fast-check';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const ajv = new Ajv({ allErrors: true, strict: false });
(addFormats as unknown as { default: (a: Ajv) => void }).default(ajv);
const compiled = new Map<string, ValidateFunction>();

/** Ajv (JavaScript regular expressions) for a schema, compiled once. */
export function validator(schema: Json): ValidateFunction {
  const key = JSON.stringify(schema);
  let v = compiled.get(key);
  if (!v) {
    v = ajv.compile(schema);
    compiled.set(key, v);
  }
  return v;
}

/** A node with its `allOf` entries merged in (patterns gathered; the stricter bound kept). */
interface Flat {
  type: string;
  enum?: unknown[];
  patterns: string[];
  format?: string;
  minLength: number;
  maxLength: number;
  minimum?: number;
  maximum?: number;
  properties: Record<string, Json>;
  required: string[];
  minProperties: number;
  items?: Json;
  minItems: number;
  maxItems: number;
  if?: Json;
  then?: Json;
}

function flatten(node: Json): Flat {
  const parts = [node, ...((Array.isArray(node.allOf) ? node.allOf : []) as Json[])];
  const type = Array.isArray(node.type) ? String(node.type.find((t) => t !== 'null') ?? 'string') : String(node.type ?? (isObject(node.properties) ? 'object' : 'string'));
  const flat: Flat = { type, patterns: [], minLength: 0, maxLength: Infinity, properties: {}, required: [], minProperties: 0, minItems: 0, maxItems: Infinity };
  for (const p of parts) {
    if (Array.isArray(p.enum)) flat.enum = p.enum;
    if (typeof p.pattern === 'string') flat.patterns.push(p.pattern);
    if (typeof p.format === 'string') flat.format = p.format;
    if (typeof p.minLength === 'number') flat.minLength = Math.max(flat.minLength, p.minLength);
    if (typeof p.maxLength === 'number') flat.maxLength = Math.min(flat.maxLength, p.maxLength);
    if (typeof p.minimum === 'number') flat.minimum = Math.max(flat.minimum ?? -Infinity, p.minimum);
    if (typeof p.maximum === 'number') flat.maximum = Math.min(flat.maximum ?? Infinity, p.maximum);
    if (isObject(p.properties)) Object.assign(flat.properties, p.properties);
    if (Array.isArray(p.required)) flat.required.push(...(p.required as string[]));
    if (typeof p.minProperties === 'number') flat.minProperties = Math.max(flat.minProperties, p.minProperties);
    if (isObject(p.items)) flat.items = p.items;
    if (typeof p.minItems === 'number') flat.minItems = Math.max(flat.minItems, p.minItems);
    if (typeof p.maxItems === 'number') flat.maxItems = Math.min(flat.maxItems, p.maxItems);
    if (isObject(p.if)) flat.if = p.if;
    if (isObject(p.then)) flat.then = p.then;
  }
  return flat;
}

const codePoints = (s: string) => [...s].length;

const isoDate = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const email = fc
  .tuple(fc.stringMatching(/^[a-z0-9]{1,12}(\.[a-z0-9]{1,8})?$/), fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/), fc.constantFrom('vn', 'com', 'gov.vn', 'org'))
  .map(([local, domain, tld]) => `${local}@${domain}.${tld}`);

function stringArbitrary(node: Json, flat: Flat, nfc: boolean): fc.Arbitrary<string> {
  const leaf = validator(node);
  let base: fc.Arbitrary<string>;
  if (flat.enum) base = fc.constantFrom(...flat.enum.filter((v): v is string => typeof v === 'string'));
  else if (flat.format === 'date') base = isoDate;
  else if (flat.format === 'email') base = email;
  else {
    // The field's own pattern (the first one) when it has one; else free text, ASCII and any Unicode.
    const own = typeof node.pattern === 'string' ? node.pattern : undefined;
    const max = Math.min(flat.maxLength, Math.max(flat.minLength, 1) + 40);
    base = own
      ? fc.stringMatching(new RegExp(own, 'u'))
      : fc.oneof(
          fc.string({ unit: 'grapheme-ascii', minLength: flat.minLength, maxLength: max }),
          fc.string({ unit: 'grapheme', minLength: flat.minLength, maxLength: max }),
          fc.constantFrom('Nguyễn Văn An', 'Số 5 Nguyễn Du, Hà Nội', 'dòng một\ndòng hai', 'Đặng Thị Ánh'),
        );
  }
  return base
    .map((s) => (nfc ? s.normalize('NFC') : s))
    .filter((s) => codePoints(s) >= flat.minLength && codePoints(s) <= flat.maxLength && leaf(s) === true);
}

function arbitraryOf(node: Json, nfc: boolean): fc.Arbitrary<unknown> {
  const flat = flatten(node);
  switch (flat.type) {
    case 'string':
      return stringArbitrary(node, flat, nfc);
    case 'integer':
      return fc.integer({ min: Math.ceil(flat.minimum ?? -1_000_000), max: Math.floor(flat.maximum ?? 1_000_000) });
    case 'number':
      return fc.oneof(
        fc.integer({ min: Math.ceil(flat.minimum ?? -1_000_000), max: Math.floor(flat.maximum ?? 1_000_000) }),
        fc.double({ min: flat.minimum ?? -1e9, max: flat.maximum ?? 1e9, noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x)),
      );
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const items = flat.items ? arbitraryOf(flat.items, nfc) : fc.constant('x');
      return fc.array(items, { minLength: flat.minItems, maxLength: Math.max(flat.minItems, Math.min(flat.maxItems, 3)) });
    }
    case 'object':
      return objectArbitrary(flat, nfc);
    default:
      throw new Error(`the generator does not know type ${flat.type}`);
  }
}

function objectArbitrary(flat: Flat, nfc: boolean): fc.Arbitrary<Json> {
  const arbitraries = Object.fromEntries(Object.entries(flat.properties).map(([name, p]) => [name, arbitraryOf(p, nfc)]));
  const required = flat.required.filter((name) => name in arbitraries);
  let record: fc.Arbitrary<Json> = fc.record(arbitraries, { requiredKeys: required, noNullPrototype: true }) as fc.Arbitrary<Json>;
  // if/then: when the value satisfies `if`, the properties `then` requires are added.
  if (flat.if && flat.then) {
    const condition = validator(flat.if);
    const needed = ((flat.then.required ?? []) as string[]).filter((name) => name in arbitraries);
    record = record.chain((value) => {
      const missing = needed.filter((name) => !(name in value));
      if (!condition(value) || !missing.length) return fc.constant(value);
      return fc.record(Object.fromEntries(missing.map((name) => [name, arbitraries[name]!])), { noNullPrototype: true }).map((extra) => ({ ...value, ...extra }));
    });
  }
  return flat.minProperties > 0 ? record.filter((v) => Object.keys(v).length >= flat.minProperties) : record;
}

/** Values valid under the e-form `schema` (an object schema), bounded in size. */
export function eformData(schema: Json): fc.Arbitrary<Json> {
  const nfc = schema['x-unicode-normalisation'] === 'NFC';
  return arbitraryOf(schema, nfc) as fc.Arbitrary<Json>;
}
