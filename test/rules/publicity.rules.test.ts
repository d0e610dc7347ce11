// The three publicity metrics of the 766 scorecard (pure): "no data" while no catalog sync has covered the agency,
// the progress "no data" in a period without messages to the national portal, else the rates and points.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EMPTY_COUNTS, evaluateIndicator, METRICS, METRICS_WITHOUT_SOURCE, type AgencyCounts, type IndicatorConfig } from '../../src/modules/scorecards/scorecards.rules.ts';

const catalog: IndicatorConfig = { code: 'publicity_catalog', groupCode: 'publicity', position: 1, name: '', nameEn: '', numerator: 'publicity_published', denominator: 'publicity_required', complement: false, target: 1, maxPoints: 9 };
const progress: IndicatorConfig = { ...catalog, code: 'publicity_progress', position: 2, numerator: 'publicity_synced' };
const counts = (c: Partial<AgencyCounts>): AgencyCounts => ({ ...EMPTY_COUNTS, ...c });

describe('publicity metrics', () => {
  const cases: Array<[string, IndicatorConfig, Partial<AgencyCounts>, [number | null, number | null, number | null, string | null]]> = [
    ['never synchronised: no source', catalog, {}, [null, null, null, 'no_source']],
    ['never synchronised, messages or not: no source', progress, { portalMessages: 3 }, [null, null, null, 'no_source']],
    ['synchronised, nothing required yet: no denominator', catalog, { publicityRecords: 4 }, [0, 0, null, 'no_denominator']],
    ['7 of 9 published on time', catalog, { publicityRecords: 10, publicityRequired: 9, publicityPublished: 7 }, [7, 9, 7, null]],
    ['all published on time', catalog, { publicityRecords: 2, publicityRequired: 2, publicityPublished: 2 }, [2, 2, 9, null]],
    ['no message in the period: no source', progress, { publicityRecords: 10, publicityRequired: 9, publicitySynced: 9 }, [null, 9, null, 'no_source']],
    ['6 of 9 synchronised', progress, { publicityRecords: 10, publicityRequired: 9, publicitySynced: 6, portalMessages: 5 }, [6, 9, 6, null]],
  ];
  for (const [label, indicator, c, expected] of cases) {
    it(label, () => {
      const r = evaluateIndicator(indicator, counts(c));
      assert.deepEqual([r.numerator, r.denominator, r.points, r.noDataReason], expected);
    });
  }
  it('no metric is left without a data source (complaints come from the feedback module)', () => {
    assert.deepEqual(METRICS_WITHOUT_SOURCE, []);
    assert.doesNotMatch(METRICS.publicity_required!.vi, /chưa có nguồn dữ liệu/);
  });
});
