// The one UUID pattern (src/core/ids.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isUuid, UUID_PATTERN } from '../../src/core/ids.ts';

describe('isUuid', () => {
  const cases: Array<[unknown, boolean]> = [
    ['0f8fad5b-d9cb-469f-a165-70867728950e', true],
    ['0F8FAD5B-D9CB-469F-A165-70867728950E', true],
    ['00000000-0000-0000-0000-000000000000', true],
    ['0f8fad5b-d9cb-469f-a165-70867728950', false],
    ['0f8fad5b-d9cb-469f-a165-70867728950e0', false],
    ['0f8fad5bd9cb469fa16570867728950e', false],
    ['{0f8fad5b-d9cb-469f-a165-70867728950e}', false],
    [' 0f8fad5b-d9cb-469f-a165-70867728950e', false],
    ['0f8fad5b-d9cb-469f-a165-70867728950e\n', false],
    ['0g8fad5b-d9cb-469f-a165-70867728950e', false],
    ['', false],
    ['undefined', false],
    [undefined, false],
    [null, false],
    [42, false],
  ];
  for (const [value, expected] of cases) {
    it(`${JSON.stringify(value) ?? 'undefined'} → ${expected}`, () => {
      assert.equal(isUuid(value), expected);
      if (typeof value === 'string') assert.equal(UUID_PATTERN.test(value), expected);
    });
  }
});
