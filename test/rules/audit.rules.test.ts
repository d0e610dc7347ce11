import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { auditHash, GENESIS_HASH, verifyChain, type ChainRow } from '../../src/modules/audit/audit.rules.ts';

function chain(n: number): ChainRow[] {
  const rows: ChainRow[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const fields = {
      at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
      actorId: null, actorName: `u${i}`, agencyId: null, action: 'x.do', targetType: 't', targetId: String(i),
      summary: { b: i, a: [1, { z: 1, y: 2 }] }, ip: '127.0.0.1',
    };
    const hash = auditHash(prev, fields);
    rows.push({ id: String(i), ...fields, prevHash: prev, hash });
    prev = hash;
  }
  return rows;
}

describe('verifyChain', () => {
  it('accepts an intact chain', async () => {
    assert.deepEqual(await verifyChain(chain(5)), { ok: true, checked: 5 });
  });
  it('accepts an empty chain', async () => {
    assert.deepEqual(await verifyChain([]), { ok: true, checked: 0 });
  });
  it('reports a row whose content changed', async () => {
    const rows = chain(5);
    rows[2] = { ...rows[2]!, summary: { b: 999 } };
    assert.deepEqual(await verifyChain(rows), { ok: false, checked: 2, brokenId: '3', reason: 'hash' });
  });
  it('reports a deleted row as a broken link', async () => {
    const rows = chain(5);
    rows.splice(1, 1);
    assert.deepEqual(await verifyChain(rows), { ok: false, checked: 1, brokenId: '3', reason: 'prev_hash' });
  });
  it('reports a recomputed hash that no longer links to the next row', async () => {
    const rows = chain(4);
    const tampered = { ...rows[1]!, actorName: 'mallory' };
    rows[1] = { ...tampered, hash: auditHash(tampered.prevHash, tampered) };
    assert.deepEqual(await verifyChain(rows), { ok: false, checked: 2, brokenId: '3', reason: 'prev_hash' });
  });
  it('does not depend on key order of the summary', () => {
    const [row] = chain(1);
    const reordered = { ...row!, summary: { a: [1, { y: 2, z: 1 }], b: 1 } };
    assert.equal(auditHash(GENESIS_HASH, reordered), row!.hash);
  });
});
