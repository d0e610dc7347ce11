// Dates and times as the pages show them, in Vietnam time (src/core/text.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDate, formatDateTime, formatTimestamp } from '../../src/core/text.ts';

describe('formatDate, formatDateTime, formatTimestamp', () => {
  const cases: Array<[string, string, string, string]> = [
    // instant                  date          hh:mm dd/mm/yyyy     dd/mm/yyyy hh:mm
    ['2026-11-23T16:59:00Z', '23/11/2026', '23:59 23/11/2026', '23/11/2026 23:59'],
    ['2026-11-23T17:00:00Z', '24/11/2026', '00:00 24/11/2026', '24/11/2026 00:00'],
    ['2026-12-31T17:30:00Z', '01/01/2027', '00:30 01/01/2027', '01/01/2027 00:30'],
    ['2026-03-05T01:02:00Z', '05/03/2026', '08:02 05/03/2026', '05/03/2026 08:02'],
    ['2026-01-01T05:00:00Z', '01/01/2026', '12:00 01/01/2026', '01/01/2026 12:00'],
  ];
  for (const [iso, date, dateTime, timestamp] of cases) {
    it(`${iso} → ${timestamp}`, () => {
      for (const value of [new Date(iso), iso]) {
        assert.equal(formatDate(value), date);
        assert.equal(formatDateTime(value), dateTime);
        assert.equal(formatTimestamp(value), timestamp);
      }
    });
  }

  for (const empty of [null, undefined, '', 'not a date', new Date(Number.NaN)]) {
    it(`gives nothing for ${String(empty)}`, () => {
      assert.equal(formatDateTime(empty), '');
      assert.equal(formatTimestamp(empty), '');
    });
  }

  it('shows a calendar day (yyyy-mm-dd) as it is', () => assert.equal(formatDate('2026-02-29'), '29/02/2026'));
});
