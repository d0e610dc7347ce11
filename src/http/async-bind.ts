// AsyncResource.prototype.bind without its deprecated `asyncResource` property (Node's DEP0172).
//
// Fastify binds one callback to an AsyncResource for every request that has a body (its content-type parser), and
// on Node 20 each bind() also builds the deprecated property's getter and setter through util.deprecate, whose
// Object.setPrototypeOf on a fresh function costs far more than the rest of the bind: measured with
// `node --cpu-prof` on the submission and accept benchmarks (issue 17), `deprecate` was the largest self time of
// fastify's body parsing, about 50 µs a POST on the benchmark machine, and a bare bind() loop ran about 20 times
// faster without it. The replacement keeps what bind() promises — the function runs in the resource's async
// scope, with `this` (or the given thisArg) and `length` as before — and leaves out only the deprecated property,
// which nothing here reads. Installed once, when src/http/app.ts is loaded.
import { AsyncResource } from 'node:async_hooks';

type Callback = (...args: unknown[]) => unknown;
const original = AsyncResource.prototype.bind as (this: AsyncResource, fn: unknown, thisArg?: unknown) => Callback;

function bind(this: AsyncResource, fn: unknown, thisArg?: unknown): Callback {
  // Anything but a function: Node's own bind throws its usual error.
  if (typeof fn !== 'function') return original.call(this, fn, thisArg);
  const callback = fn as Callback;
  const resource = this;
  const bound =
    thisArg === undefined
      ? function (this: unknown, ...args: unknown[]) {
          return resource.runInAsyncScope(callback, this, ...args);
        }
      : function (...args: unknown[]) {
          return resource.runInAsyncScope(callback, thisArg, ...args);
        };
  Object.defineProperty(bound, 'length', { configurable: true, enumerable: false, value: callback.length, writable: false });
  return bound;
}

/** Whether the cheaper bind is installed (for the test). */
export const cheapAsyncBind = (): boolean => (AsyncResource.prototype.bind as unknown) === bind;

if ((AsyncResource.prototype.bind as unknown) === original) AsyncResource.prototype.bind = bind as typeof AsyncResource.prototype.bind;
