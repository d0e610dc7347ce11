// Spreadsheet cell safety (src/core/spreadsheet.ts): formulas neutralised on export, restored on import.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { neutraliseCell, unneutraliseCell } from '../../src/core/spreadsheet.ts';

describe('neutraliseCell / unneutraliseCell', () => {
  const cases: Array<[string, string]> = [
    ['=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'],
    ['=1+1', "'=1+1"],
    ['+1+2', "'+1+2"],
    ['-2+3', "'-2+3"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', "'\rcmd"],
    ['Bước 1 - nộp hồ sơ', 'Bước 1 - nộp hồ sơ'],
    ['Nguyễn', 'Nguyễn'],
    ['1.001823', '1.001823'],
    ["'x", "'x"],
    [' =1', ' =1'],
    ['', ''],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} → ${JSON.stringify(expected)} and back`, () => {
      assert.equal(neutraliseCell(input), expected);
      assert.equal(unneutraliseCell(neutraliseCell(input)), input);
    });
  }

  it('leaves an apostrophe that does not guard a formula character', () => {
    assert.equal(unneutraliseCell("'x"), "'x");
    assert.equal(unneutraliseCell("''=1"), "''=1");
  });
});
