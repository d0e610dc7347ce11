import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkPattern, PATTERN_LIMITS, patternSteps, re2RegExp, safePattern, toRe2Syntax, withPatternBudget } from '../../src/core/regex.ts';
import { validateFormDefinition } from '../../src/modules/catalog/catalog.eform.ts';

const form = (pattern: unknown) => ({ type: 'object', properties: { idNumber: { type: 'string', pattern } } });
const groupForm = (pattern: unknown) => ({ type: 'object', properties: { authors: { type: 'array', items: { type: 'object', properties: { code: { type: 'string', pattern } } } } } });

describe('e-form patterns at save time (RE2)', () => {
  const accepted: Array<[string, string]> = [
    ['twelve digits', '^\\d{12}$'],
    ['nested quantifiers: accepted, RE2 runs them in linear time', '^(a+)+$'],
    ['alternation under a star', '^(a|aa)*$'],
    ['a Unicode letter class (Vietnamese names)', '^[\\p{L} ]+$'],
    ['Unicode general categories and scripts', '^\\p{Lu}\\p{Ll}*\\p{Latin}?$'],
    ['JavaScript \\u escapes (rewritten for RE2)', '^[\\u00C0-\\u1EF9a-zA-Z ]+$'],
    ['JavaScript \\u{…} escapes', '^\\u{1F600}?x$'],
    ['a named group', '^(?<year>\\d{4})-\\d{2}$'],
    ['RE2 inline flags', '(?i)^ab$'],
    ['a character class containing "(?=" literally', '^[(?=x)]+$'],
    ['an escaped backslash then a digit (not a backreference)', '^\\\\1$'],
    ['the tax code pattern of the generated form', '^[0-9]{10}(-[0-9]{3})?$'],
    ['a repetition of 100 letters', '^\\p{L}{1,100}$'],
  ];
  for (const [name, pattern] of accepted) {
    it(`accepts ${name}: ${pattern.slice(0, 40)}`, () => {
      assert.equal(checkPattern(pattern), null);
      assert.deepEqual(validateFormDefinition(form(pattern), {}), []);
    });
  }

  const refused: Array<[string, unknown, string]> = [
    ['a backreference', '(a)\\1', 'EFORM_PATTERN_UNSUPPORTED'],
    ['a named backreference', '(?<x>a)\\k<x>', 'EFORM_PATTERN_UNSUPPORTED'],
    ['a lookahead', '(?=x)', 'EFORM_PATTERN_UNSUPPORTED'],
    ['a negative lookahead', '^(?!0)\\d+$', 'EFORM_PATTERN_UNSUPPORTED'],
    ['a lookbehind', '(?<=x)y', 'EFORM_PATTERN_UNSUPPORTED'],
    ['a negative lookbehind', '(?<!x)y', 'EFORM_PATTERN_UNSUPPORTED'],
    ['a syntax error', '([', 'EFORM_PATTERN_INVALID'],
    ['a long Unicode property name RE2 does not know', '\\p{Letter}', 'EFORM_PATTERN_INVALID'],
    ['a repeat count over 1000', 'a{1001}', 'EFORM_PATTERN_INVALID'],
    ['a pattern longer than the limit', `^${'a'.repeat(PATTERN_LIMITS.length)}$`, 'EFORM_PATTERN_INVALID'],
    ['not a string', 5, 'EFORM_PATTERN_INVALID'],
    ['a program too large (nested repetitions)', '^(\\p{L}|\\p{N}|\\p{P}){1,400}$', 'EFORM_PATTERN_TOO_COMPLEX'],
  ];
  for (const [name, pattern, code] of refused) {
    it(`refuses ${name}: ${String(pattern).slice(0, 40)}`, () => {
      assert.deepEqual(validateFormDefinition(form(pattern), {}), [{ path: '/schema/properties/idNumber/pattern', code, params: { field: 'idNumber' } }]);
    });
  }

  it('names the column of a repeatable group', () => {
    assert.deepEqual(validateFormDefinition(groupForm('^(?=\\d)\\w+$'), {}), [
      { path: '/schema/properties/authors/items/properties/code/pattern', code: 'EFORM_PATTERN_UNSUPPORTED', params: { field: 'authors.code' } },
    ]);
  });

  it('rewrites JavaScript escapes only where they are escapes', () => {
    assert.equal(toRe2Syntax('^\\u00C0\\u{1F600}$'), '^\\x{00C0}\\x{1F600}$');
    assert.equal(toRe2Syntax('\\\\u00C0'), '\\\\u00C0');
    assert.equal(toRe2Syntax('\\uZZ'), '\\uZZ');
  });
});

describe('e-form patterns at validation time (RE2)', () => {
  it('runs in RE2, whose semantics differ from JavaScript RegExp', () => {
    // RE2's "." matches "\r" and "\s" does not match a no-break space; JavaScript's do the opposite.
    assert.equal(safePattern('^.$').test('\r'), true);
    assert.equal(/^.$/u.test('\r'), false);
    assert.equal(safePattern('^\\s$').test('\u00a0'), false);
    assert.equal(safePattern('(?i)^ab$').test('AB'), true);
    assert.equal(safePattern('^[\\u00C0-\\u1EF9a-z ]+$').test('nguyễn văn'), true);
  });

  it('answers the catastrophic pattern at once: no match', () => {
    const rx = safePattern('^(a+)+$');
    assert.equal(rx.test(`${'a'.repeat(30)}!`), false);
    assert.equal(rx.test('a'.repeat(30)), true);
  });

  it('a pattern RE2 cannot run (stored before the check) matches nothing instead of failing', () => {
    assert.equal(safePattern('(a)\\1').test('aa'), false);
  });

  it('Ajv keys compiled patterns by their text: one entry per pattern', () => {
    assert.notEqual(re2RegExp('^a$', 'u').toString(), re2RegExp('^b$', 'u').toString());
    assert.equal(typeof re2RegExp.code, 'string');
  });

  it('every test is charged to the budget of its validation; a value that would overrun it does not match', () => {
    const rx = safePattern('^a+$');
    const value = 'a'.repeat(1000);
    const steps = patternSteps('^a+$', value);
    assert.ok(steps > 1000);
    assert.equal(rx.test(value), true);
    // A budget for two tests of this value: the third does not run.
    const results = withPatternBudget(() => [rx.test(value), rx.test(value), rx.test(value)], 2 * steps);
    assert.deepEqual(results, [true, true, false]);
    // A short value still fits in what is left.
    assert.deepEqual(withPatternBudget(() => [rx.test(value), rx.test(value), rx.test('aa')], steps + patternSteps('^a+$', 'aa')), [true, false, true]);
    // Outside a validation each test has the whole budget again.
    assert.equal(rx.test(value), true);
    // The whole budget bounds one value: the longest a value can be before it stops matching.
    assert.equal(rx.test('a'.repeat(PATTERN_LIMITS.budget)), false);
  });
});
