import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canSetStatus, isRole, planGrants, removesOwnAdmin, uniqueGrants } from '../../src/modules/staff/staff.rules.ts';

const g = (role: string, agencyId: string) => ({ role: role as 'admin', agencyId });
const show = (grants: Array<{ role: string; agencyId: string }>) => grants.map((x) => `${x.role}@${x.agencyId}`).sort();

describe('planGrants', () => {
  const scope = new Set(['tv', 'tv-so', 'tv-xa']);
  it('adds and removes grants inside the scope', () => {
    const plan = planGrants([g('specialist', 'tv-so')], [g('receptionist', 'tv-so')], scope);
    assert.deepEqual(show(plan.next), ['receptionist@tv-so']);
    assert.deepEqual(show(plan.added), ['receptionist@tv-so']);
    assert.deepEqual(show(plan.removed), ['specialist@tv-so']);
    assert.deepEqual(plan.outOfScope, []);
  });
  it('keeps grants outside the scope untouched', () => {
    const plan = planGrants([g('admin', 'ministry'), g('admin', 'tv')], [], scope);
    assert.deepEqual(show(plan.next), ['admin@ministry']);
    assert.deepEqual(show(plan.removed), ['admin@tv']);
  });
  it('reports requested grants outside the scope', () => {
    const plan = planGrants([], [g('admin', 'ministry'), g('specialist', 'tv')], scope);
    assert.deepEqual(show(plan.outOfScope), ['admin@ministry']);
    assert.deepEqual(show(plan.next), ['specialist@tv']);
  });
  it('ignores repeated grants and changes nothing when the set is the same', () => {
    const plan = planGrants([g('specialist', 'tv')], [g('specialist', 'tv'), g('specialist', 'tv')], scope);
    assert.deepEqual(show(plan.next), ['specialist@tv']);
    assert.deepEqual(plan.added, []);
    assert.deepEqual(plan.removed, []);
  });
  it('dedupes', () => assert.equal(uniqueGrants([g('admin', 'a'), g('admin', 'a'), g('admin', 'b')]).length, 2));
});

describe('self-protection and statuses', () => {
  it('flags removing one\'s own admin grant', () => {
    assert.equal(removesOwnAdmin('me', 'me', [g('admin', 'tv')]), true);
    assert.equal(removesOwnAdmin('me', 'me', [g('specialist', 'tv')]), false);
    assert.equal(removesOwnAdmin('me', 'other', [g('admin', 'tv')]), false);
  });
  const cases: Array<[string, string, boolean]> = [
    ['active', 'disabled', true],
    ['disabled', 'active', true],
    ['pending', 'active', true],
    ['active', 'active', false],
    ['active', 'pending', false],
    ['active', 'deleted', false],
  ];
  for (const [from, to, ok] of cases) {
    it(`${from} → ${to}: ${ok ? 'allowed' : 'refused'}`, () => assert.equal(canSetStatus(from as 'active', to), ok));
  }
  it('knows the roles', () => {
    assert.equal(isRole('inspector'), true);
    assert.equal(isRole('root'), false);
  });
});
