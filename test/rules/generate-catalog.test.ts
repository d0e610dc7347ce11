import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Value } from 'typebox/value';
import { foldVietnamese } from '../../src/core/text.ts';
import { CatalogExchange } from '../../src/modules/catalog/catalog.exchange.ts';
import { DEMO_AGENCIES } from '../../src/seed/agencies.ts';
import { DEMO_CATALOG } from '../../src/seed/catalog-data/index.ts';
import { generateProcedures } from '../../src/seed/catalog-data/generate.ts';

describe('generateProcedures', () => {
  const big = generateProcedures(10_000);

  it('produces exactly the requested number of procedures', () => {
    for (const n of [0, 1, 37, 1000]) assert.equal(generateProcedures(n, 7).procedures.length, n);
    assert.equal(big.procedures.length, 10_000);
    assert.throws(() => generateProcedures(-1), RangeError);
    assert.throws(() => generateProcedures(1.5), RangeError);
  });

  it('produces unique codes that do not collide with the demo catalog', () => {
    const codes = big.procedures.map((p) => p.code);
    assert.equal(new Set(codes).size, codes.length);
    const demo = new Set(DEMO_CATALOG.procedures.map((p) => p.code));
    assert.ok(codes.every((c) => !demo.has(c)));
  });

  it('passes the interchange schema', () => {
    const ok = Value.Check(CatalogExchange, big);
    if (!ok) console.error(JSON.stringify(Value.Errors(CatalogExchange, big).slice(0, 20), null, 2));
    assert.equal(ok, true);
  });

  it('is deterministic for a seed and differs for another seed', () => {
    assert.deepEqual(generateProcedures(500, 42), generateProcedures(500, 42));
    assert.deepEqual(generateProcedures(200), generateProcedures(200, 1));
    const a = generateProcedures(500, 42);
    const b = generateProcedures(500, 43);
    assert.notDeepEqual(a.procedures.map((p) => p.code), b.procedures.map((p) => p.code));
    assert.notDeepEqual(a.procedures.map((p) => p.name), b.procedures.map((p) => p.name));
  });

  it('spreads procedures over demo agencies, fields and online levels consistently', () => {
    const agencies = new Set(DEMO_AGENCIES.map((a) => a.code));
    const fields = new Set(big.fields.map((f) => f.code));
    for (const p of big.procedures) {
      assert.ok(agencies.has(p.agencyCode), p.agencyCode);
      assert.ok(fields.has(p.fieldCode), p.fieldCode);
      const expected = p.onlineLevel === 4 ? 'full' : p.onlineLevel === 3 ? 'partial' : 'none';
      assert.equal(p.onlineClass, expected);
      if (p.onlineLevel === 4) assert.equal(p.fullOnlineEligible, true);
    }
    assert.deepEqual([...new Set(big.procedures.map((p) => p.onlineLevel))].sort(), [1, 2, 3, 4]);
    assert.equal(new Set(big.procedures.map((p) => p.fieldCode)).size, fields.size);
    assert.ok(new Set(big.procedures.map((p) => p.agencyCode)).size >= 10);
    assert.deepEqual(new Set(big.procedures.map((p) => p.authorityLevel)), new Set(['central', 'province', 'district', 'commune']));
  });

  it('has varied names so that a search hits a realistic fraction', () => {
    const names = big.procedures.map((p) => p.name);
    assert.ok(new Set(names).size >= 200, `${new Set(names).size} distinct names`);
    const hits = names.filter((n) => foldVietnamese(n).includes('dang ky quyen tac gia')).length;
    assert.ok(hits > 100 && hits < 2000, `${hits} hits`);
    assert.ok(names.every((n) => /[^\x00-\x7f]/.test(n)));
  });
});
