// Statutory time limits and procedure codes (kernel/time-limit.ts, catalog.rules.ts procedureCodes; issue 15):
// "no statutory time limit" gives no due date (distinct from 0 = same day); bad limits and bad local codes are field
// errors; a procedure with only a local code has the key "<agency code>:<local code>".
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  codesOfKey,
  limitOfVersion,
  LOCAL_CODE_PATTERN,
  parseTimeLimit,
  PROCEDURE_KEY_PATTERN,
  procedureKey,
  statutoryCalendarLimit,
  type StatutoryLimit,
} from '../../src/modules/kernel/time-limit.ts';
import { procedureCodes, normaliseQuery, buildSearchText } from '../../src/modules/catalog/catalog.rules.ts';
import { calendarLimit, checkWorkflow } from '../../src/modules/handling/handling.rules.ts';

describe('statutoryCalendarLimit: the one place a limit becomes the calendar input', () => {
  const cases: Array<[string, StatutoryLimit, ReturnType<typeof statutoryCalendarLimit>]> = [
    ['no statutory limit → no due date', { value: 0, unit: 'working_days', none: true }, null],
    ['none wins over a stale value', { value: 15, unit: 'working_days', none: true }, null],
    ['0 days, same day → 0 working days (not none)', { value: 0, unit: 'working_days', sameDay: true }, { workingDays: 0 }],
    ['0 working days without the flag is still a limit', { value: 0, unit: 'working_days' }, { workingDays: 0 }],
    ['15 working days', { value: 15, unit: 'working_days' }, { workingDays: 15 }],
    ['2.5 working days → 5 half days', { value: 2.5, unit: 'working_days' }, { halfDays: 5 }],
    ['3 half days', { value: 3, unit: 'half_days' }, { halfDays: 3 }],
    ['4 working hours', { value: 4, unit: 'hours' }, { workingHours: 4 }],
  ];
  for (const [name, limit, expected] of cases) {
    it(name, () => assert.deepEqual(statutoryCalendarLimit(limit), expected));
  }

  it('a step budget (handling calendarLimit) never becomes "none"', () => {
    assert.deepEqual(calendarLimit({ value: 2, unit: 'half_days' }), { halfDays: 2 });
    assert.deepEqual(calendarLimit({ value: 1, unit: 'working_days', sameDay: true }), { workingDays: 0 });
  });

  it('reads a stored version', () => {
    assert.deepEqual(limitOfVersion({ time_limit_value: '0.0', time_limit_unit: 'working_days', same_day: false, no_time_limit: true }), { value: 0, unit: 'working_days', sameDay: false, none: true });
    assert.deepEqual(limitOfVersion({ time_limit_value: '7.5', time_limit_unit: 'hours', same_day: false }), { value: 7.5, unit: 'hours', sameDay: false, none: false });
  });

  it('a workflow of a no-limit procedure has no budget warning (nothing to add up to)', () => {
    const steps = [{ name: 'Thụ lý', role: 'specialist', budget: { value: 3, unit: 'working_days' }, actions: ['forward'] }];
    assert.equal(checkWorkflow(steps as never, { value: 0, unit: 'working_days', none: true }).warning, null);
    assert.notEqual(checkWorkflow(steps as never, { value: 0, unit: 'working_days', sameDay: true }).warning, null);
  });
});

describe('parseTimeLimit: what a person types', () => {
  const ok: Array<[string, Parameters<typeof parseTimeLimit>[0], StatutoryLimit]> = [
    ['15 working days', { kind: 'limit', value: '15', unit: 'working_days' }, { value: 15, unit: 'working_days' }],
    ['a decimal comma', { kind: 'limit', value: '2,5', unit: 'working_days' }, { value: 2.5, unit: 'working_days' }],
    ['hours', { kind: 'limit', value: '4', unit: 'hours' }, { value: 4, unit: 'hours' }],
    ['kind absent = a limit', { value: '3', unit: 'half_days' }, { value: 3, unit: 'half_days' }],
    ['no statutory limit ignores value and unit', { kind: 'none', value: 'abc', unit: 'weeks' }, { value: 0, unit: 'working_days', none: true }],
    ['same day ignores the value', { kind: 'same_day', value: '', unit: 'working_days' }, { value: 0, unit: 'working_days', sameDay: true }],
  ];
  for (const [name, input, limit] of ok) {
    it(`accepts: ${name}`, () => assert.deepEqual(parseTimeLimit(input), { limit }));
  }

  const bad: Array<[string, Parameters<typeof parseTimeLimit>[0], Array<[string, string]>]> = [
    ['-1', { kind: 'limit', value: '-1', unit: 'working_days' }, [['/timeLimit/value', 'TIME_LIMIT_INVALID']]],
    ['"abc"', { kind: 'limit', value: 'abc', unit: 'working_days' }, [['/timeLimit/value', 'TIME_LIMIT_INVALID']]],
    ['2.3 (not a multiple of 0.5)', { kind: 'limit', value: '2.3', unit: 'working_days' }, [['/timeLimit/value', 'TIME_LIMIT_INVALID']]],
    ['empty', { kind: 'limit', value: '  ', unit: 'working_days' }, [['/timeLimit/value', 'required']]],
    ['above the maximum', { kind: 'limit', value: '9999', unit: 'working_days' }, [['/timeLimit/value', 'maximum']]],
    ['Infinity', { kind: 'limit', value: 'Infinity', unit: 'hours' }, [['/timeLimit/value', 'TIME_LIMIT_INVALID']]],
    ['an unknown unit', { kind: 'limit', value: '3', unit: 'weeks' }, [['/timeLimit/unit', 'enum']]],
    ['an unknown kind', { kind: 'forever', value: '3', unit: 'hours' }, [['/timeLimit/kind', 'enum']]],
    ['both bad at once', { kind: 'limit', value: 'x', unit: '' }, [['/timeLimit/value', 'TIME_LIMIT_INVALID'], ['/timeLimit/unit', 'enum']]],
  ];
  for (const [name, input, expected] of bad) {
    it(`refuses: ${name}`, () => {
      const result = parseTimeLimit(input);
      assert.ok('errors' in result, JSON.stringify(result));
      assert.deepEqual(result.errors.map((e) => [e.path, e.code]), expected);
    });
  }
});

describe('procedure codes', () => {
  const localCodes: Array<[string, boolean]> = [
    ['TP01', true],
    ['DT07', true],
    ['QT-1.2', true],
    ['a', true],
    ['X'.repeat(30), true],
    ['X'.repeat(31), false],
    ['TP 01', false],
    ['ĐT07', false],
    ['Thủ tục', false],
    ['-TP01', false],
    ['', false],
    ['TP01:x', false],
  ];
  for (const [code, valid] of localCodes) {
    it(`local code ${JSON.stringify(code)} is ${valid ? 'valid' : 'refused'}`, () => assert.equal(LOCAL_CODE_PATTERN.test(code), valid));
  }

  it('the key: the national code when there is one, else "<agency>:<local>"', () => {
    assert.equal(procedureKey({ nationalCode: '1.001823', agencyCode: 'H61', localCode: 'TP01' }), '1.001823');
    assert.equal(procedureKey({ nationalCode: null, agencyCode: '000.00.12.H61', localCode: 'TP01' }), '000.00.12.H61:TP01');
    assert.equal(procedureKey({ agencyCode: 'H61' }), null);
    assert.ok(PROCEDURE_KEY_PATTERN.test('000.00.12.H61:TP01'));
    assert.ok(PROCEDURE_KEY_PATTERN.test('1.001823'));
    assert.ok(!PROCEDURE_KEY_PATTERN.test('H61:TP 01'));
    assert.ok(!PROCEDURE_KEY_PATTERN.test('TP01'));
    assert.deepEqual(codesOfKey('000.00.12.H61:TP01'), { nationalCode: null, agencyCode: '000.00.12.H61', localCode: 'TP01' });
    assert.deepEqual(codesOfKey('1.001823'), { nationalCode: '1.001823', agencyCode: null, localCode: null });
  });

  const records: Array<[string, { code: string; agencyCode: string; localCode?: string }, string | null, Array<[string, string]>]> = [
    ['national only', { code: '1.001823', agencyCode: 'H61' }, null, []],
    ['national and local', { code: '1.001823', agencyCode: 'H61', localCode: 'TP01' }, 'TP01', []],
    ['local only, implied', { code: 'H61:TP01', agencyCode: 'H61' }, 'TP01', []],
    ['local only, repeated', { code: 'H61:TP01', agencyCode: 'H61', localCode: 'TP01' }, 'TP01', []],
    ['local key of another agency', { code: 'G14:TP01', agencyCode: 'H61' }, 'TP01', [['/code', 'LOCAL_KEY_AGENCY_MISMATCH']]],
    ['local code differs from the key', { code: 'H61:TP01', agencyCode: 'H61', localCode: 'TP02' }, 'TP01', [['/localCode', 'LOCAL_KEY_MISMATCH']]],
    ['local code with a space', { code: '1.001823', agencyCode: 'H61', localCode: 'TP 01' }, null, [['/localCode', 'LOCAL_CODE_INVALID']]],
    ['local code with Vietnamese letters', { code: '1.001823', agencyCode: 'H61', localCode: 'ĐT07' }, null, [['/localCode', 'LOCAL_CODE_INVALID']]],
    ['local code too long', { code: '1.001823', agencyCode: 'H61', localCode: 'T'.repeat(31) }, null, [['/localCode', 'LOCAL_CODE_INVALID']]],
    ['a key that is neither', { code: 'TP01', agencyCode: 'H61' }, null, [['/code', 'pattern']]],
  ];
  for (const [name, record, localCode, errors] of records) {
    it(`codes of a record: ${name}`, () => {
      const result = procedureCodes(record);
      assert.deepEqual(result.errors.map((e) => [e.path, e.code]), errors);
      if (!errors.length) assert.equal(result.localCode, localCode);
    });
  }

  it('search: a local code is searched (text and exact tier), the national code stays the code', () => {
    assert.equal(normaliseQuery('tp01').localCode, 'TP01');
    assert.equal(normaliseQuery('TP01').code, null);
    assert.equal(normaliseQuery('1.001823').localCode, null);
    assert.equal(normaliseQuery('H61:TP01').code, 'H61:TP01');
    assert.equal(normaliseQuery('dang ky').localCode, null);
    assert.match(buildSearchText('Cấp phép', '1.001823', 'Du lịch', 'TP01'), /tp01/);
  });
});
