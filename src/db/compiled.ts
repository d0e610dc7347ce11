// Hot statements built and compiled by Kysely once, then executed with each call's values.
import { CompiledQuery, type Compilable } from 'kysely';
import type { Executor } from './database.ts';

/** Where a call's argument goes in the compiled statement's parameters. */
class Slot {
  constructor(readonly index: number) {}
}

/**
 * A statement of fixed shape, built with Kysely's query builder once and afterwards sent with each call's values:
 * on the hot paths (the session of every request, the submission's snapshot) building and compiling the query
 * cost the server more CPU than sending it and reading its answer (measured with `node --cpu-prof`, issue 17).
 *
 * `build` receives stand-ins for its arguments: it must only hand them to the builder as values (`where`, `set`,
 * `sql` parameters) — no branching on them, no arithmetic, no `.length` — and must not bake in a value that has
 * to be fresh on each call (`new Date()`: take the instant as an argument). Arrays are single parameters
 * (`= ANY(${ids}::uuid[])`), never `in` lists. The result keeps the builder's row type.
 */
export function compiledQuery<A extends unknown[], R>(build: (db: Executor, ...args: A) => Compilable<R>): (db: Executor, ...args: A) => Promise<R[]> {
  let compiled: { sql: string; parameters: ReadonlyArray<unknown> } | undefined;
  return async (db, ...args) => {
    if (!compiled) {
      const slots = args.map((_, i) => new Slot(i)) as unknown as A;
      const query = build(db, ...slots).compile();
      const used = new Set(query.parameters.filter((p): p is Slot => p instanceof Slot).map((p) => p.index));
      if (used.size !== args.length) throw new Error(`compiledQuery: ${args.length - used.size} argument(s) not used as values of the statement`);
      compiled = { sql: query.sql, parameters: query.parameters };
    }
    const parameters = compiled.parameters.map((p) => (p instanceof Slot ? args[p.index] : p));
    const result = await db.executeQuery<R>(CompiledQuery.raw(compiled.sql, parameters));
    return result.rows;
  };
}
