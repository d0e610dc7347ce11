import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addMonths,
  configErrors,
  EMPTY_COUNTS,
  evaluate,
  evaluateIndicator,
  historyBars,
  indicatorScore,
  METRICS,
  monthBounds,
  parseMonth,
  rank,
  type AgencyCounts,
  type ScorecardConfig,
} from '../../src/modules/scorecards/scorecards.rules.ts';
import { countsAsVisit, isBot } from '../../src/modules/visits/visits.rules.ts';
import { ratesOf } from '../../src/modules/disclosure/disclosure.rules.ts';
import { ind, SEEDED } from '../helpers/scorecards-config.ts';

const counts = (over: Partial<AgencyCounts>): AgencyCounts => ({ ...EMPTY_COUNTS, ...over });

describe('766 scorecard: one sub-indicator', () => {
  const cases: Array<{ name: string; rate: number; target: number; max: number; expected: number }> = [
    { name: 'rate above target: full points', rate: 0.9, target: 0.8, max: 22, expected: 22 },
    { name: 'rate equal to target: full points', rate: 0.8, target: 0.8, max: 22, expected: 22 },
    { name: 'rate below target: R × P / T', rate: 0.4, target: 0.8, max: 22, expected: 11 },
    { name: 'rate 0: no points', rate: 0, target: 0.5, max: 6, expected: 0 },
    { name: 'target 100%: proportional', rate: 0.9595, target: 1, max: 20, expected: 19.19 },
    { name: 'target 100% reached', rate: 1, target: 1, max: 20, expected: 20 },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(Math.round(indicatorScore(c.rate, c.target, c.max) * 100) / 100, c.expected));
  }

  it('computes the rate and points from the named metrics', () => {
    const r = evaluateIndicator(ind(), counts({ received: 10, receivedOnline: 2 }));
    assert.equal(r.numerator, 2);
    assert.equal(r.denominator, 10);
    assert.equal(r.rate, 0.2);
    assert.equal(r.points, 2.4); // 0.2 × 6 / 0.5
    assert.equal(r.noData, false);
  });

  it('a denominator of 0 is "no data", not zero points', () => {
    const r = evaluateIndicator(ind(), counts({ received: 0 }));
    assert.equal(r.noData, true);
    assert.equal(r.noDataReason, 'no_denominator');
    assert.equal(r.points, null);
    assert.equal(r.rate, null);
  });

  it('a metric without a data source is "no data"', () => {
    const r = evaluateIndicator(ind({ numerator: 'complaints', denominator: 'handled', complement: true }), counts({ resolved: 5 }));
    assert.equal(r.noData, true);
    assert.equal(r.noDataReason, 'no_source');
  });

  it('complaints counted by the feedback module: 100% minus the share of dossiers with complaints', () => {
    const r = evaluateIndicator(ind({ numerator: 'complaints', denominator: 'handled', complement: true }), counts({ resolved: 5, complaints: 1, complaintsSource: 1 }));
    assert.equal(r.noData, false);
    assert.deepEqual([r.numerator, r.denominator, r.rate], [1, 5, 0.8]);
  });

  it('complement: 100% minus the rate', () => {
    // 2 overdue (1 resolved late, 1 in progress past its deadline) of 10 handled → 80% not overdue.
    const r = evaluateIndicator(ind({ numerator: 'handled_overdue', denominator: 'handled', complement: true, target: 1, maxPoints: 9 }), counts({ resolved: 6, resolvedLate: 1, inProgress: 4, inProgressWithin: 3 }));
    assert.equal(r.rate, 0.8);
    assert.equal(r.points, 7.2);
  });

  it('the on-time progress of Trà Vinh: (65 + 1,856) / 2,002 = 95.95%', () => {
    const r = evaluateIndicator(ind({ numerator: 'handled_in_time', denominator: 'handled', target: 1, maxPoints: 20 }), counts({ resolved: 2002, resolvedInTime: 65 + 1856, resolvedLate: 81 }));
    assert.equal(Math.round(r.rate! * 10000) / 100, 95.95);
    assert.equal(r.points, 19.19);
  });
});

describe('766 scorecard: the whole card', () => {
  it('adds the groups, leaving no-data indicators out of points and maxPoints', () => {
    const c = counts({
      received: 10, receivedOnline: 5, // online dossiers 50% ≥ 50%: 6
      proceduresInScope: 10, proceduresOnline: 4, // 40% of target 80%: 3
      feeDossiers: 4, feePaidOnline: 1, // 25% of 100%: 2.5
      resolved: 8, resolvedInTime: 6, resolvedLate: 2, resolvedDigitisedEResult: 8, // digitisation 100%: 22
      inProgress: 2, inProgressWithin: 2, // progress (6 + 2) / 10 = 80%: 16; overdue 2/10 → 80%: 7.2
    });
    const card = evaluate(SEEDED, c);
    const byCode = Object.fromEntries(card.groups.map((g) => [g.code, g]));
    assert.equal(byCode.publicity!.noData, true);
    assert.equal(byCode.publicity!.maxPoints, 0);
    assert.equal(byCode.publicity!.fullMaxPoints, 18);
    assert.equal(byCode.progress!.points, 16);
    assert.equal(byCode.online!.points, 9);
    assert.equal(byCode.payment!.points, 2.5);
    assert.equal(byCode.digitisation!.points, 22);
    assert.equal(byCode.satisfaction!.points, 7.2);
    assert.equal(byCode.satisfaction!.maxPoints, 9);
    assert.equal(card.points, 16 + 9 + 2.5 + 22 + 7.2);
    assert.equal(card.maxPoints, 100 - 18 - 9);
    assert.equal(card.fullMaxPoints, 100);
    assert.equal(card.index, Math.round((56.7 / 73) * 10000) / 100);
    assert.deepEqual(card.groups.map((g) => g.code), ['publicity', 'progress', 'online', 'payment', 'digitisation', 'satisfaction']);
  });

  it('an agency without any dossier or procedure has no index', () => {
    const card = evaluate(SEEDED, EMPTY_COUNTS);
    assert.equal(card.points, 0);
    assert.equal(card.maxPoints, 0);
    assert.equal(card.index, null);
  });

  it('uses English names when asked', () => {
    const card = evaluate(SEEDED, EMPTY_COUNTS, 'en');
    assert.equal(card.groups[0]!.name, 'Publicity');
  });
});

describe('766 scorecard: editing the configuration', () => {
  it('accepts the seeded configuration (100 points)', () => assert.deepEqual(configErrors(SEEDED), []));

  const edit = (f: (c: ScorecardConfig) => void): ScorecardConfig => {
    const c: ScorecardConfig = structuredClone(SEEDED);
    f(c);
    return c;
  };
  const cases: Array<{ name: string; config: ScorecardConfig; codes: string[] }> = [
    {
      name: 'groups not adding up to 100 (and the group no longer matching its indicators)',
      config: edit((c) => (c.groups[1]!.maxPoints = 25)),
      codes: ['SCORECARD_GROUP_SUM', 'SCORECARD_TOTAL'],
    },
    {
      name: 'indicators not adding up to their group',
      config: edit((c) => (c.indicators[3]!.maxPoints = 7)),
      codes: ['SCORECARD_GROUP_SUM'],
    },
    {
      name: 'points moved between two indicators of a group stay valid',
      config: edit((c) => {
        c.indicators[3]!.maxPoints = 8;
        c.indicators[4]!.maxPoints = 4;
      }),
      codes: [],
    },
    {
      name: 'points moved between groups and their indicators stay valid',
      config: edit((c) => {
        c.groups[1]!.maxPoints = 22;
        c.indicators[2]!.maxPoints = 22;
        c.groups[4]!.maxPoints = 20;
        c.indicators[6]!.maxPoints = 20;
      }),
      codes: [],
    },
    { name: 'target 0', config: edit((c) => (c.indicators[4]!.target = 0)), codes: ['SCORECARD_TARGET_RANGE'] },
    { name: 'target above 100%', config: edit((c) => (c.indicators[4]!.target = 1.2)), codes: ['SCORECARD_TARGET_RANGE'] },
    { name: 'target not a number', config: edit((c) => (c.indicators[4]!.target = NaN)), codes: ['SCORECARD_TARGET_RANGE'] },
    { name: 'negative points', config: edit((c) => (c.indicators[4]!.maxPoints = -1)), codes: ['SCORECARD_POINTS_RANGE', 'SCORECARD_GROUP_SUM'] },
    { name: 'unknown metric (no SQL, only names)', config: edit((c) => (c.indicators[4]!.numerator = 'select 1')), codes: ['SCORECARD_METRIC_UNKNOWN'] },
    { name: 'dossiers over procedures', config: edit((c) => (c.indicators[4]!.denominator = 'procedures_in_scope')), codes: ['SCORECARD_METRIC_UNITS'] },
    { name: 'same metric twice', config: edit((c) => (c.indicators[4]!.denominator = 'received_online')), codes: ['SCORECARD_METRIC_SAME'] },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(configErrors(c.config).map((e) => e.code).sort(), [...c.codes].sort()));
  }

  it('names the field of each problem', () => {
    const errors = configErrors(edit((c) => (c.indicators[4]!.target = 2)));
    assert.deepEqual(errors.map((e) => e.path), ['/indicators/4/target']);
  });

  it('every metric of the registry has a unit and both labels', () => {
    for (const [name, m] of Object.entries(METRICS)) {
      assert.match(name, /^[a-z][a-z0-9_]+$/);
      assert.ok(m.vi && m.en, name);
      assert.ok(['dossiers', 'procedures', 'ratings'].includes(m.unit), name);
    }
  });
});

describe('766 scorecard: ranking', () => {
  const items = [
    { code: 'A', index: 80 },
    { code: 'B', index: 95.5 },
    { code: 'C', index: 80 },
    { code: 'D', index: null },
    { code: 'E', index: 60 },
  ];
  it('ranks high to low; ties share a rank; no data comes last unranked', () => {
    const ranked = rank(items, (i) => i.index, (i) => i.code);
    assert.deepEqual(
      ranked.map((r) => `${r.rank}:${r.item.code}`),
      ['1:B', '2:A', '2:C', '4:E', '0:D'],
    );
  });
  it('an empty list', () => assert.deepEqual(rank([], () => 1, () => ''), []));
});

describe('766 scorecard: months', () => {
  it('parses YYYY-MM only', () => {
    assert.deepEqual(parseMonth('2026-05'), { year: 2026, month: 5 });
    for (const bad of ['2026-13', '2026-5', '26-05', '2026-00', '1999-12', 'abc', '2026-05-01']) assert.equal(parseMonth(bad), null, bad);
  });
  it('month arithmetic across years', () => {
    assert.equal(addMonths('2026-01', -1), '2025-12');
    assert.equal(addMonths('2025-12', 1), '2026-01');
    assert.equal(addMonths('2026-05', -12), '2025-05');
  });
  it('month bounds are Vietnam midnights', () => {
    const b = monthBounds('2026-12');
    assert.equal(b.from.toISOString(), '2026-11-30T17:00:00.000Z');
    assert.equal(b.to.toISOString(), '2026-12-31T17:00:00.000Z');
  });
  it('chart bars are proportional to the index; no data has no bar', () => {
    const bars = historyBars([{ month: '2026-01', index: 100 }, { month: '2026-02', index: 50 }, { month: '2026-03', index: null }]);
    assert.equal(bars[0]!.height, 170);
    assert.equal(bars[1]!.height, 85);
    assert.equal(bars[2]!.height, 0);
    assert.equal(bars[1]!.label, '02/2026');
  });
});

describe('portal visits: what counts', () => {
  const page = { method: 'GET', url: '/thu-tuc?q=a', statusCode: 200, contentType: 'text/html; charset=utf-8', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0' };
  const cases: Array<{ name: string; over: Partial<typeof page>; counts: boolean }> = [
    { name: 'a person viewing a page', over: {}, counts: true },
    { name: 'the home page', over: { url: '/' }, counts: true },
    { name: 'Googlebot', over: { userAgent: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' }, counts: false },
    { name: 'bingbot', over: { userAgent: 'Mozilla/5.0 (compatible; bingbot/2.0)' }, counts: false },
    { name: 'curl', over: { userAgent: 'curl/8.5.0' }, counts: false },
    { name: 'a headless browser', over: { userAgent: 'Mozilla/5.0 HeadlessChrome/120.0' }, counts: false },
    { name: 'no user agent', over: { userAgent: undefined }, counts: false },
    { name: 'the API', over: { url: '/api/procedures', contentType: 'text/html' }, counts: false },
    { name: 'static files', over: { url: '/static/app.css', contentType: 'text/html' }, counts: false },
    { name: 'metrics', over: { url: '/metrics', contentType: 'text/html' }, counts: false },
    { name: 'JSON', over: { contentType: 'application/json' }, counts: false },
    { name: 'a POST', over: { method: 'POST' }, counts: false },
    { name: 'a HEAD', over: { method: 'HEAD' }, counts: false },
    { name: 'a redirect', over: { statusCode: 303 }, counts: false },
    { name: 'an error page', over: { statusCode: 404 }, counts: false },
  ];
  for (const c of cases) it(c.name, () => assert.equal(countsAsVisit({ ...page, ...c.over }), c.counts));
  it('isBot on a common mobile browser', () => assert.equal(isBot('Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1'), false));
});

describe('public disclosure: rates', () => {
  it('on-time and online rates; none without dossiers', () => {
    assert.deepEqual(ratesOf(counts({ resolved: 2002, resolvedInTime: 1921, received: 4, receivedOnline: 1 })), { onTime: 1921 / 2002, resolved: 2002, online: 0.25, received: 4 });
    assert.deepEqual(ratesOf(EMPTY_COUNTS), { onTime: null, resolved: 0, online: null, received: 0 });
  });
});
