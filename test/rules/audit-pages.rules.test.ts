import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatTimestamp } from '../../src/core/text.ts';
import { summaryText } from '../../src/modules/audit/audit.view.ts';

describe('audit page formatting', () => {
  const cases: Array<[string, string]> = [
    ['2026-03-05T01:02:00Z', '05/03/2026 08:02'],
    ['2026-12-31T17:30:00Z', '01/01/2027 00:30'], // Vietnam is UTC+7: next day and year
    ['2026-06-30T16:59:59Z', '30/06/2026 23:59'],
    ['2026-01-01T05:00:00Z', '01/01/2026 12:00'],
  ];
  for (const [iso, expected] of cases) {
    it(`${iso} → ${expected}`, () => assert.equal(formatTimestamp(new Date(iso)), expected));
  }
  it('gives nothing for an invalid date', () => assert.equal(formatTimestamp('not a date'), ''));
  it('summarises entries on one line and truncates long ones', () => {
    assert.equal(summaryText({ code: 'H59', moved: ['A', 'B'] }), 'code: H59; moved: ["A","B"]');
    assert.equal(summaryText({}), '');
    const long = summaryText({ x: 'y'.repeat(500) }, 50);
    assert.equal(long.length, 50);
    assert.ok(long.endsWith('…'));
  });
});
