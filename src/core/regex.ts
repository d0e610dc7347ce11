// Regular expressions written by people other than the developers (the `pattern` of an e-form field, typed by a
// catalog manager) run in RE2 (`re2js`, pure JavaScript): linear time in the input, whatever the pattern, where
// JavaScript's backtracking RegExp lets `^(a+)+$` take hours on 30 characters. RE2 has no backreferences and no
// lookarounds; those patterns are refused when the form is saved (`checkPattern`).
//
// Linear is not free: a step costs up to the size of the compiled program (its instructions), so the program
// size is capped at save time and every validation gets a budget of steps (`withPatternBudget`): characters
// tested × instructions. A value that would overrun what is left does not match (a "wrong format" error) and is
// not run, so one validation spends at most `PATTERN_LIMITS.budget` steps on patterns (measured: about 0.2 s at
// worst on one core).
import { RE2JS } from 're2js';

export const PATTERN_LIMITS = {
  /** Characters of a pattern. */
  length: 500,
  /** Instructions of the compiled program (`^\p{L}{1,100}$` has about 200). */
  instructions: 1000,
  /** Steps (characters tested × instructions) one validation may spend on patterns. */
  budget: 2_000_000,
} as const;

export type PatternProblem = 'invalid' | 'unsupported' | 'too_complex';

/**
 * JavaScript escapes RE2 writes differently, rewritten so a pattern means the same in both: `\u00e9` (four hex digits) and
 * `\u{X…}` become `\x{…}`. Other escapes (and `\\`) are copied as they are.
 */
export function toRe2Syntax(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c !== '\\' || i + 1 >= pattern.length) {
      out += c;
      continue;
    }
    const next = pattern[i + 1]!;
    if (next === 'u') {
      const braced = /^\{([0-9a-fA-F]{1,6})\}/.exec(pattern.slice(i + 2));
      const plain = /^[0-9a-fA-F]{4}/.exec(pattern.slice(i + 2));
      if (braced) {
        out += `\\x{${braced[1]}}`;
        i += 1 + braced[0].length;
        continue;
      }
      if (plain) {
        out += `\\x{${plain[0]}}`;
        i += 1 + 4;
        continue;
      }
    }
    out += c + next;
    i++;
  }
  return out;
}

/** Backreferences (`\1`, `\k<name>`) or lookarounds (`(?=`, `(?!`, `(?<=`, `(?<!`) outside character classes. */
function usesBacktrackingSyntax(pattern: string): boolean {
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      if (!inClass && (/[1-9]/.test(next) || (next === 'k' && pattern[i + 2] === '<'))) return true;
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') {
      inClass = true;
      if (pattern[i + 1] === ']') i++;
    } else if (c === '(' && /^\(\?(=|!|<=|<!)/.test(pattern.slice(i, i + 4))) {
      return true;
    }
  }
  return false;
}

/** Instructions of a compiled pattern (re2js keeps its program on `re2Input.prog`). */
function programSize(compiled: RE2JS, source: string): number {
  const prog = (compiled as unknown as { re2Input?: { prog?: { numInst?: () => number } } }).re2Input?.prog;
  // Should a later re2js move its program, a generous estimate from the source keeps the limits in force.
  return typeof prog?.numInst === 'function' ? prog.numInst() : source.length * 8;
}

interface Compiled {
  re: RE2JS;
  instructions: number;
}

const cache = new Map<string, Compiled | Error>();

function compile(pattern: string): Compiled | Error {
  let compiled = cache.get(pattern);
  if (!compiled) {
    try {
      const source = toRe2Syntax(pattern);
      const re = RE2JS.compile(source);
      compiled = { re, instructions: programSize(re, source) };
    } catch (error) {
      compiled = error instanceof Error ? error : new Error(String(error));
    }
    if (cache.size >= 2_000) cache.clear();
    cache.set(pattern, compiled);
  }
  return compiled;
}

/** Why RE2 cannot run this pattern within the limits, or null when it can. */
export function checkPattern(pattern: string): PatternProblem | null {
  if (pattern.length > PATTERN_LIMITS.length) return 'invalid';
  const compiled = compile(pattern);
  if (compiled instanceof Error) return usesBacktrackingSyntax(pattern) ? 'unsupported' : 'invalid';
  return compiled.instructions > PATTERN_LIMITS.instructions ? 'too_complex' : null;
}

// ---------------------------------------------------------------------------------------------
// The budget of one validation
// ---------------------------------------------------------------------------------------------

let remaining: number | null = null;

/**
 * Runs `fn` (synchronous: an Ajv validation) with a budget of pattern steps shared by every pattern test in it.
 * Outside such a call, each test has the whole budget to itself.
 */
export function withPatternBudget<T>(fn: () => T, steps: number = PATTERN_LIMITS.budget): T {
  const outer = remaining;
  remaining = steps;
  try {
    return fn();
  } finally {
    remaining = outer;
  }
}

const stepsOf = (compiled: Compiled, value: string) => (value.length + 1) * Math.max(compiled.instructions, 1);

/** What testing `value` against `pattern` costs the budget (characters + 1, times the program's instructions). */
export function patternSteps(pattern: string, value: string): number {
  const compiled = compile(pattern);
  return compiled instanceof Error ? 0 : stepsOf(compiled, value);
}

/** Tests `value` against a compiled pattern, charging the budget; false when the budget would be overrun. */
function testWithin(compiled: Compiled, value: string): boolean {
  const cost = stepsOf(compiled, value);
  const available = remaining ?? PATTERN_LIMITS.budget;
  if (cost > available) return false;
  if (remaining !== null) remaining -= cost;
  return compiled.re.test(value);
}

/** The engine a pattern runs in: RE2 semantics (unanchored search, like RegExp.prototype.test). */
export interface SafePattern {
  test(value: string): boolean;
  toString(): string;
}

/**
 * A pattern for RE2, within the budget. A pattern RE2 cannot run (stored before these checks existed) matches
 * nothing: its field reports a wrong format instead of the server failing or falling back to backtracking.
 */
export function safePattern(pattern: string): SafePattern {
  const compiled = compile(pattern);
  return {
    test: (value: string) => !(compiled instanceof Error) && typeof value === 'string' && testWithin(compiled, value),
    // Ajv keys its compiled patterns by this text: one entry per pattern.
    toString: () => `re2:${pattern}`,
  };
}

/** Ajv 8's `code.regExp` option: `new Ajv({ code: { regExp: re2RegExp } })` runs every `pattern` in RE2. */
export const re2RegExp = Object.assign((pattern: string, _flags: string): SafePattern => safePattern(pattern), {
  code: 'require("re2js").RE2JS.compile',
});
