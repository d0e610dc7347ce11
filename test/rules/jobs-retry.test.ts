// retryConflicts (src/jobs.ts): servers starting together create pg-boss's queues at once; a deadlock victim or a
// duplicate is tried again, anything else fails at once, and the attempts are bounded.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { retryConflicts } from '../../src/jobs.ts';
import { isConcurrentConflict } from '../../src/db/errors.ts';

const pgError = (code: string) => Object.assign(new Error(`pg ${code}`), { code });

describe('retryConflicts', () => {
  const cases: Array<[string, string[], number, 'ok' | string]> = [
    ['succeeds at once', [], 1, 'ok'],
    ['a deadlock, then success', ['40P01'], 2, 'ok'],
    ['two duplicates, then success', ['23505', '42P07'], 3, 'ok'],
    ['a serialization failure, then success', ['40001'], 2, 'ok'],
    ['a syntax error: no retry', ['42601'], 1, '42601'],
    ['an unavailable database: no retry here (503 elsewhere)', ['57P01'], 1, '57P01'],
    ['always deadlocked: gives up after 3 attempts', ['40P01', '40P01', '40P01', '40P01'], 3, '40P01'],
  ];
  for (const [name, failures, calls, outcome] of cases) {
    it(name, async () => {
      let n = 0;
      const run = retryConflicts(async () => {
        const failure = failures[n++];
        if (failure) throw pgError(failure);
        return 'ok';
      }, 3, () => 0);
      if (outcome === 'ok') assert.equal(await run, 'ok');
      else await assert.rejects(run, (error: { code?: string }) => error.code === outcome);
      assert.equal(n, calls);
    });
  }
  it('isConcurrentConflict reads only the SQLSTATE', () => {
    assert.equal(isConcurrentConflict(pgError('40P01')), true);
    assert.equal(isConcurrentConflict(new Error('deadlock detected')), false);
    assert.equal(isConcurrentConflict(null), false);
    assert.equal(isConcurrentConflict('40P01'), false);
  });
});
