// Canonical JSON (src/core/canonical-json.ts): keys sorted at every depth, so equal data gives equal text.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalJson } from '../../src/core/canonical-json.ts';

describe('canonicalJson', () => {
  const cases: Array<[unknown, string]> = [
    [{ b: 1, a: 2 }, '{"a":2,"b":1}'],
    [{ a: { d: 1, c: [3, { f: 1, e: 2 }] } }, '{"a":{"c":[3,{"e":2,"f":1}],"d":1}}'],
    [[3, 1, 2], '[3,1,2]'],
    [null, 'null'],
    [undefined, 'null'],
    [[undefined, 1], '[null,1]'],
    [{ a: undefined, b: null }, '{"b":null}'],
    [{ at: new Date('2026-11-23T17:00:00Z') }, '{"at":"2026-11-23T17:00:00.000Z"}'],
    [{ B: 1, a: 2, _: 3, 'Đ': 4 }, '{"B":1,"_":3,"a":2,"Đ":4}'],
    ['Đăng ký', '"Đăng ký"'],
    [true, 'true'],
    [1.5, '1.5'],
    [{}, '{}'],
    [[], '[]'],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input) ?? 'undefined'} → ${expected}`, () => assert.equal(canonicalJson(input), expected));
  }

  it('gives the same text whatever the key order', () => {
    const a = { type: 'object', properties: { x: { type: 'string', title: 'X' }, y: { minimum: 0, type: 'number' } } };
    const b = { properties: { y: { type: 'number', minimum: 0 }, x: { title: 'X', type: 'string' } }, type: 'object' };
    assert.equal(canonicalJson(a), canonicalJson(b));
    assert.notEqual(canonicalJson({ list: [1, 2] }), canonicalJson({ list: [2, 1] }));
  });
});
