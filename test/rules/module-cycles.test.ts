// Module boundaries, checked on the source: no import cycle between the modules of src/modules/, and no module
// imports another module's repository (cross-module reads and writes go through narrow service ports wired in
// src/container.ts). Both value AND type imports count (`import type`, `import { type X }`, `export … from`,
// side-effect imports and `import('…')`): a type-only cycle is harmless at run time, but it still ties two
// modules together at compile time, and the next change turns it into a value import. Files directly in
// src/modules/ (index.ts, jobs.ts) are the composition root's and import every module by design.
//
// What cannot be fixed today is listed below as allow-lists that can only SHRINK: a new cycle or a new
// repository import fails, and so does an allowed entry that has gone (remove it from the list). The cycle
// allow-list names module edges ("a -> b"): without them the module graph must have no cycle at all, and each
// of them must still close a cycle.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

const ROOT = path.resolve(import.meta.dirname, '../../src/modules');

interface Edge {
  from: string; // module
  to: string; // module
  file: string; // importing file, relative to src/modules
  specifier: string;
}

/** Every import specifier of a TypeScript source (static, type-only, re-export, side-effect, dynamic). */
export function importSpecifiers(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g, // import … from, export … from
    /\bimport\s*['"]([^'"]+)['"]/g, // import './side-effect.ts'
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g, // import('…')
  ];
  for (const pattern of patterns) for (const match of code.matchAll(pattern)) found.push(match[1]!);
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return name.endsWith('.ts') ? [full] : [];
  });
}

function moduleEdges(): Edge[] {
  const edges: Edge[] = [];
  for (const module of readdirSync(ROOT)) {
    const dir = path.join(ROOT, module);
    if (!statSync(dir).isDirectory()) continue;
    for (const file of sourceFiles(dir)) {
      for (const specifier of importSpecifiers(readFileSync(file, 'utf8'))) {
        if (!specifier.startsWith('.')) continue;
        const target = path.relative(ROOT, path.resolve(path.dirname(file), specifier));
        if (target.startsWith('..') || !target.includes(path.sep)) continue; // outside src/modules, or its root files
        const to = target.split(path.sep)[0]!;
        if (to !== module) edges.push({ from: module, to, file: path.relative(ROOT, file), specifier });
      }
    }
  }
  return edges;
}

/** Strongly connected components (Tarjan); a component of more than one module holds a cycle. */
function components(graph: Map<string, Set<string>>): Map<string, number> {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const component = new Map<string, number>();
  let counter = 0;
  let next = 0;
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.set(w, next);
      } while (w !== v);
      next++;
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return component;
}

/** Shortest path of modules from `start` to `goal` (breadth first), for naming a cycle. */
function pathBetween(graph: Map<string, Set<string>>, start: string, goal: string): string[] {
  const previous = new Map<string, string | null>([[start, null]]);
  const queue = [start];
  while (queue.length) {
    const v = queue.shift()!;
    if (v === goal) break;
    for (const w of graph.get(v) ?? []) {
      if (previous.has(w)) continue;
      previous.set(w, v);
      queue.push(w);
    }
  }
  const result: string[] = [];
  for (let v: string | null | undefined = goal; v != null; v = previous.get(v)) result.unshift(v);
  return result;
}

/** The module edges that lie on a cycle ("a -> b"), each with the cycle it closes and the files behind it. */
export function cycleEdges(edges: Edge[]): Map<string, string> {
  const graph = new Map<string, Set<string>>();
  for (const { from, to } of edges) {
    if (!graph.has(from)) graph.set(from, new Set());
    if (!graph.has(to)) graph.set(to, new Set());
    graph.get(from)!.add(to);
  }
  const component = components(graph);
  const result = new Map<string, string>();
  for (const { from, to } of edges) {
    const key = `${from} -> ${to}`;
    if (result.has(key) || component.get(from) !== component.get(to)) continue;
    const cycle = [from, ...pathBetween(graph, to, from)].join(' → ');
    const files = edges.filter((e) => e.from === from && e.to === to).map((e) => `${e.file} imports ${e.specifier}`);
    result.set(key, `${cycle} (${files.join('; ')})`);
  }
  return result;
}

// Module edges that still close a cycle today. This list may only shrink.
const ALLOWED_CYCLE_EDGES: string[] = [];

// "importing file -> imported repository" pairs across modules that remain today. This list may only shrink.
const ALLOWED_REPOSITORY_IMPORTS: string[] = [];

describe('module boundaries', () => {
  const edges = moduleEdges();

  it('reads the imports of the modules (the scan itself works)', () => {
    assert.ok(edges.length > 50, `only ${edges.length} cross-module imports found: the scan is broken`);
    assert.ok(edges.some((e) => e.file === path.join('handling', 'handling.service.ts') && e.to === 'audit'));
  });

  it('finds every kind of import (value, type, re-export, side effect, dynamic)', () => {
    const source = [
      "import { a } from '../x/x.rules.ts';",
      "import type { B } from '../y/y.service.ts';",
      "import {\n  type C,\n  d,\n} from '../z/z.ts';",
      "export { e } from '../w/w.ts';",
      "import '../v/v.errors.ts';",
      "const m = await import('../u/u.ts');",
      "// import { gone } from '../comment/c.ts';",
    ].join('\n');
    assert.deepEqual(importSpecifiers(source).sort(), ['../u/u.ts', '../v/v.errors.ts', '../w/w.ts', '../x/x.rules.ts', '../y/y.service.ts', '../z/z.ts']);
  });

  it('names a cycle between modules', () => {
    const edge = (from: string, to: string): Edge => ({ from, to, file: `${from}/${from}.ts`, specifier: `../${to}/${to}.ts` });
    const found = cycleEdges([edge('a', 'b'), edge('b', 'c'), edge('c', 'a'), edge('c', 'd')]);
    assert.deepEqual([...found.keys()].sort(), ['a -> b', 'b -> c', 'c -> a']);
    assert.match(found.get('a -> b')!, /^a → b → c → a \(a\/a\.ts imports \.\.\/b\/b\.ts\)$/);
    assert.equal(cycleEdges([edge('a', 'b'), edge('b', 'c')]).size, 0);
  });

  it('has no import cycle between modules (beyond the shrinking allow-list)', () => {
    const rest = cycleEdges(edges.filter((e) => !ALLOWED_CYCLE_EDGES.includes(`${e.from} -> ${e.to}`)));
    const cycles = [...rest.values()];
    assert.deepEqual(cycles, [], `import cycles between modules:\n${cycles.join('\n')}`);
    const found = cycleEdges(edges);
    const gone = ALLOWED_CYCLE_EDGES.filter((key) => !found.has(key));
    assert.deepEqual(gone, [], 'these edges no longer close a cycle: remove them from ALLOWED_CYCLE_EDGES');
  });

  it('the dossier kernel imports no module (everyone may import it)', () => {
    const fromKernel = edges.filter((e) => e.from === 'kernel').map((e) => `${e.file} imports ${e.specifier}`);
    assert.deepEqual(fromKernel, []);
    assert.ok(edges.some((e) => e.to === 'kernel'), 'the kernel is used');
  });

  it("no module imports another module's repository (beyond the shrinking allow-list)", () => {
    const found = new Set(
      edges
        .filter((e) => /\.repository\.ts$/.test(e.specifier))
        .map((e) => `${e.file.split(path.sep).join('/')} -> ${e.specifier}`),
    );
    const unexpected = [...found].filter((key) => !ALLOWED_REPOSITORY_IMPORTS.includes(key));
    assert.deepEqual(unexpected, [], `repositories are used only by their own module (use a service port):\n${unexpected.join('\n')}`);
    const gone = ALLOWED_REPOSITORY_IMPORTS.filter((key) => !found.has(key));
    assert.deepEqual(gone, [], 'these imports are gone: remove them from ALLOWED_REPOSITORY_IMPORTS');
  });
});
