// Issue 17's cheaper hot paths that are pure: AsyncResource.bind without its deprecated property (src/http/async-bind.ts)
// keeps what bind promises; the embedded PostgreSQL's socket directory (src/db/embedded.ts) only where a socket fits.
import assert from 'node:assert/strict';
import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { cheapAsyncBind } from '../../src/http/async-bind.ts';
import { socketDirectory } from '../../src/db/embedded.ts';

describe('AsyncResource.bind, installed by src/http/async-bind.ts', () => {
  it('is the replacement, without the deprecated asyncResource property', () => {
    assert.equal(cheapAsyncBind(), true);
    const bound = new AsyncResource('test').bind(() => 1);
    assert.equal(Object.hasOwn(bound, 'asyncResource'), false);
  });

  it("runs the function in the resource's async scope, with its this, arguments, result and length", async () => {
    const store = new AsyncLocalStorage<string>();
    const resource = store.run('at creation', () => new AsyncResource('test'));
    const seen = store.run('at the call', () => resource.bind(function (this: unknown, a: number, b: number) {
      return { store: store.getStore(), self: this, sum: a + b };
    }).call('caller', 1, 2));
    assert.deepEqual(seen, { store: 'at creation', self: 'caller', sum: 3 });
    const bindWithThis = resource.bind as (fn: (this: unknown) => unknown, thisArg: unknown) => (this: unknown) => unknown;
    const withThis = bindWithThis.call(resource, function (this: unknown) { return this; }, 'given');
    assert.equal(withThis.call('ignored'), 'given');
    assert.equal(resource.bind((_a: number, _b: number, _c: number) => 0).length, 3);
    // A callback bound later still sees the scope of its resource, not of where it is called.
    const later = await store.run('other', () => new Promise((resolve) => setImmediate(resource.bind(() => resolve(store.getStore())))));
    assert.equal(later, 'at creation');
    // The static helper goes through the prototype's bind.
    assert.equal(store.run('static', () => AsyncResource.bind(() => store.getStore()))(), 'static');
  });

  it('throws as Node does for something that is not a function', () => {
    assert.throws(() => new AsyncResource('test').bind(42 as unknown as () => void), { code: 'ERR_INVALID_ARG_TYPE' });
  });
});

describe('socketDirectory: the embedded PostgreSQL listens on a Unix socket in its data directory', () => {
  it('in the data directory when the socket path fits a socket address', () => {
    if (process.platform === 'win32') return;
    assert.equal(socketDirectory('/tmp/opendvc-bench-1234/pg', 54321), '/tmp/opendvc-bench-1234/pg');
  });

  it('none (TCP only) for a path too long, or one with characters a list setting would split', () => {
    assert.equal(socketDirectory(`/tmp/${'x'.repeat(100)}/pg`, 54321), null);
    assert.equal(socketDirectory('/tmp/with space/pg', 54321), null);
    assert.equal(socketDirectory('/tmp/a,b/pg', 54321), null);
  });
});

/** node-postgres' own Result class (no type declarations of its internals). */
const PgResult = () => createRequire(import.meta.url)('pg/lib/result.js') as new () => { addFields(f: unknown[]): void; parseRow(row: unknown[]): Record<string, unknown> };

describe("node-postgres' Result.addFields with the empty row kept per column list (src/db/pg-result.ts)", () => {
  const fields = (names: string[]) => names.map((name, i) => ({ name, dataTypeID: i % 2 ? 23 : 25, format: 'text' }));

  it('is installed, and answers rows exactly as node-postgres does: the columns in order, parsed by type', async () => {
    const { cachedEmptyRows } = await import('../../src/db/pg-result.ts');
    assert.equal(cachedEmptyRows(), true);
    const Result = PgResult();
    const result = new Result();
    result.addFields(fields(['name', 'count', '__proto__', 'constructor']));
    const row = result.parseRow(['An', '42', 'x', null]);
    assert.deepEqual(Object.keys(row), ['name', 'count', '__proto__', 'constructor']);
    assert.equal(row.name, 'An');
    assert.equal(row.count, 42);
    assert.equal(Object.getOwnPropertyDescriptor(row, '__proto__')?.value, 'x', 'a column named __proto__ stays an own column');
    assert.equal(Object.getPrototypeOf(row), Object.prototype);
    assert.equal(row.constructor, null);
    // Rows never share state: changing one leaves the next alone.
    row.name = 'changed';
    assert.equal(result.parseRow(['Bình', '1', null, null]).name, 'Bình');
  });

  it('a second row set of the same answer (several statements) gets its own columns', async () => {
    const Result = PgResult();
    const result = new Result();
    result.addFields(fields(['a', 'b']));
    assert.deepEqual(result.parseRow(['x', '1']), { a: 'x', b: 1 });
    result.addFields(fields(['c']));
    assert.deepEqual(result.parseRow(['y']), { c: 'y' });
    const again = new Result();
    again.addFields(fields(['a', 'b']));
    assert.deepEqual(again.parseRow([null, '2']), { a: null, b: 2 });
  });
});
