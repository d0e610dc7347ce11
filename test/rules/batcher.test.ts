import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Batcher } from '../../src/core/batcher.ts';

/** A batch runner whose batches finish only when the test says so; it records every batch it was given. */
function controlled(fail: (item: number) => boolean = () => false) {
  const batches: number[][] = [];
  const pending: Array<() => void> = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const run = async (items: number[]) => {
    batches.push([...items]);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise<void>((resolve) => pending.push(resolve));
    inFlight--;
    if (items.some(fail)) throw new Error(`bad item in ${items.join(',')}`);
    return items.map((i) => i * 10);
  };
  return {
    run,
    batches,
    get maxInFlight() {
      return maxInFlight;
    },
    /** Lets the oldest unfinished batch finish, then lets the batcher react. */
    async finishOne() {
      pending.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    },
    async finishAll() {
      while (pending.length) await this.finishOne();
    },
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('Batcher (request coalescing)', () => {
  it('sends a lone call at once, alone', async () => {
    const runner = controlled();
    const batcher = new Batcher(runner.run, { maxBatch: 10, maxInFlight: 1 });
    const answer = batcher.submit('a', 1);
    await tick();
    assert.deepEqual(runner.batches, [[1]]);
    await runner.finishAll();
    assert.equal(await answer, 10);
  });

  it('combines the calls that arrive while a batch is in flight, and answers each its own result', async () => {
    const runner = controlled();
    const batcher = new Batcher(runner.run, { maxBatch: 10, maxInFlight: 1 });
    const answers = [batcher.submit('a', 1)];
    await tick();
    answers.push(batcher.submit('a', 2), batcher.submit('a', 3), batcher.submit('a', 4));
    await runner.finishAll();
    assert.deepEqual(await Promise.all(answers), [10, 20, 30, 40]);
    assert.deepEqual(runner.batches, [[1], [2, 3, 4]]);
  });

  it('never puts more than maxBatch items in one batch', async () => {
    const runner = controlled();
    const batcher = new Batcher(runner.run, { maxBatch: 2, maxInFlight: 1 });
    const answers = [1, 2, 3, 4, 5].map((i) => batcher.submit('a', i));
    await runner.finishAll();
    assert.deepEqual(await Promise.all(answers), [10, 20, 30, 40, 50]);
    assert.deepEqual(runner.batches, [[1], [2, 3], [4, 5]]);
  });

  for (const maxInFlight of [1, 2, 3]) {
    it(`keeps at most ${maxInFlight} batch(es) of a key in flight`, async () => {
      const runner = controlled();
      const batcher = new Batcher(runner.run, { maxBatch: 100, maxInFlight });
      const answers: Array<Promise<number>> = [];
      for (let i = 1; i <= 12; i++) {
        answers.push(batcher.submit('a', i));
        await tick();
      }
      await runner.finishAll();
      assert.deepEqual(await Promise.all(answers), Array.from({ length: 12 }, (_, i) => (i + 1) * 10));
      assert.equal(runner.maxInFlight, maxInFlight);
      assert.deepEqual(runner.batches.flat().sort((a, b) => a - b), Array.from({ length: 12 }, (_, i) => i + 1), 'every item exactly once');
    });
  }

  it('runs different keys side by side', async () => {
    const runner = controlled();
    const batcher = new Batcher(runner.run, { maxBatch: 10, maxInFlight: 1 });
    const answers = [batcher.submit('a', 1), batcher.submit('b', 2)];
    await tick();
    assert.deepEqual(runner.batches, [[1], [2]]);
    assert.equal(runner.maxInFlight, 2);
    await runner.finishAll();
    assert.deepEqual(await Promise.all(answers), [10, 20]);
  });

  it('retries a failed batch item by item, so only the bad item fails its caller', async () => {
    const runner = controlled((item) => item === 3);
    const batcher = new Batcher(runner.run, { maxBatch: 10, maxInFlight: 1 });
    const first = batcher.submit('a', 1);
    await tick();
    const rest = [2, 3, 4].map((i) => batcher.submit('a', i).then((v) => `ok ${v}`, (e: Error) => `failed: ${e.message}`));
    await runner.finishAll();
    assert.equal(await first, 10);
    assert.deepEqual(await Promise.all(rest), ['ok 20', 'failed: bad item in 3', 'ok 40']);
    assert.deepEqual(runner.batches, [[1], [2, 3, 4], [2], [3], [4]]);
  });

  it('serves calls made after the lane emptied (a fresh lane)', async () => {
    const runner = controlled();
    const batcher = new Batcher(runner.run, { maxBatch: 10, maxInFlight: 1 });
    const first = batcher.submit('a', 1);
    await runner.finishAll();
    assert.equal(await first, 10);
    const second = batcher.submit('a', 2);
    await runner.finishAll();
    assert.equal(await second, 20);
    assert.deepEqual(runner.batches, [[1], [2]]);
  });
});
