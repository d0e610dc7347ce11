// Properties of the SIPAS sample planner: sizes add up, no dossier is drawn twice, every stratum that has enough
// dossiers gets at least the minimum, never more than it holds, and the draw depends only on the seed and the data.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { allocate, estimate, planSample } from '../../src/modules/surveys/surveys.rules.ts';

const sizesArb = fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 12 });

describe('allocate (property)', () => {
  it('adds up to min(N, max(target, Σ min(size, m))), each stratum within [min(size, m), size]', () => {
    fc.assert(
      fc.property(sizesArb, fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 10 }), (sizes, target, m) => {
        const alloc = allocate(sizes, target, m);
        const population = sizes.reduce((a, b) => a + b, 0);
        const floor = sizes.reduce((a, n) => a + Math.min(n, m), 0);
        assert.equal(alloc.length, sizes.length);
        assert.equal(alloc.reduce((a, b) => a + b, 0), Math.min(population, Math.max(target, floor)));
        alloc.forEach((x, i) => {
          assert.ok(Number.isInteger(x));
          assert.ok(x <= sizes[i]!, 'never more than the stratum holds');
          assert.ok(x >= Math.min(sizes[i]!, m), 'at least the minimum when the stratum has enough dossiers');
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe('planSample (property)', () => {
  const strataArb = sizesArb.map((sizes) => sizes.map((n, i) => ({ key: `k${String(i).padStart(2, '0')}`, ids: Array.from({ length: n }, (_, j) => `d${i}-${j}`) })));

  it('no duplicates, each stratum draws its allocation from its own dossiers, reproducible', () => {
    fc.assert(
      fc.property(strataArb, fc.integer({ min: 1, max: 300 }), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (strata, target, m, seed) => {
        const plan = planSample(strata, target, m, seed);
        const all = plan.strata.flatMap((s) => s.selected);
        assert.equal(new Set(all).size, all.length, 'no dossier twice');
        assert.equal(all.length, plan.size, 'sizes add up');
        for (const s of plan.strata) {
          const own = new Set(strata.find((x) => x.key === s.key)!.ids);
          assert.equal(s.selected.length, s.allocated);
          assert.ok(s.selected.every((id) => own.has(id)));
          assert.ok(s.allocated >= Math.min(own.size, m));
        }
        assert.deepEqual(planSample([...strata].reverse(), target, m, seed), plan, 'same seed, same data → same sample');
      }),
      { numRuns: 200 },
    );
  });
});

describe('estimate (property)', () => {
  it('the margin is never negative and the finite-population correction never widens it', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 2, maxLength: 50 }), fc.integer({ min: 0, max: 1000 }), (values, extra) => {
        const without = estimate(values, null);
        const withFpc = estimate(values, values.length + extra);
        assert.ok(without.marginOfError! >= 0);
        assert.ok(withFpc.marginOfError! <= without.marginOfError! + 1e-9);
        assert.ok(without.value! >= 0 && without.value! <= 100);
      }),
      { numRuns: 200 },
    );
  });
});
