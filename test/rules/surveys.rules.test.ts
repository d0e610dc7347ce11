// SIPAS survey rules: the allocation of the sample over strata, the seeded draw, the answer check, the index with
// its margin of error (hand-computed values), the round's settings.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allocate, checkAnswers, computeIndex, estimate, finitePopulationCorrection, planSample, publishedMargin, questionnaireProblems, responseRate, roundProblems, scalePercent, seededPick, type QuestionFacts } from '../../src/modules/surveys/surveys.rules.ts';

const close = (actual: number | null, expected: number, digits = 3) => {
  assert.ok(actual !== null, `expected ${expected}, got null`);
  assert.equal(Number(actual.toFixed(digits)), Number(expected.toFixed(digits)), `${actual} ≈ ${expected}`);
};

describe('allocate: proportional allocation with a minimum per stratum', () => {
  const cases: Array<{ name: string; sizes: number[]; target: number; min: number; expected: number[] }> = [
    { name: 'exact proportions', sizes: [50, 30, 20], target: 10, min: 0, expected: [5, 3, 2] },
    { name: 'the minimum lifts small strata, the large one gives way', sizes: [90, 9, 1], target: 10, min: 2, expected: [7, 2, 1] },
    { name: 'a target above the population takes everybody', sizes: [3, 100], target: 200, min: 5, expected: [3, 100] },
    { name: 'the minimum wins over a smaller target', sizes: [10, 10, 10], target: 2, min: 1, expected: [1, 1, 1] },
    { name: 'largest remainder, ties by key', sizes: [7, 3], target: 5, min: 0, expected: [4, 1] },
    { name: 'an empty stratum gets nothing', sizes: [0, 5], target: 3, min: 2, expected: [0, 3] },
    { name: 'no strata', sizes: [], target: 10, min: 2, expected: [] },
    { name: 'no dossiers', sizes: [0, 0], target: 10, min: 2, expected: [0, 0] },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(allocate(c.sizes, c.target, c.min), c.expected));
  }
});

describe('planSample: the seeded, stratified draw', () => {
  const strata = [
    { key: 'a|p1', ids: ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'] },
    { key: 'a|p2', ids: ['b1', 'b2'] },
    { key: 'c|p1', ids: ['c1', 'c2', 'c3', 'c4'] },
  ];

  it('the same seed draws the same sample, whatever the order of the input', () => {
    const one = planSample(strata, 6, 1, 42);
    const two = planSample([...strata].reverse().map((s) => ({ key: s.key, ids: [...s.ids].reverse() })), 6, 1, 42);
    assert.deepEqual(one, two);
    assert.equal(one.size, 6);
    assert.equal(one.population, 12);
    assert.deepEqual(one.strata.map((s) => [s.key, s.allocated]), [['a|p1', 3], ['a|p2', 1], ['c|p1', 2]]);
  });

  it('another seed draws another sample of the same sizes', () => {
    const draws = new Set([1, 2, 3, 4, 5, 6, 7, 8].map((seed) => JSON.stringify(planSample(strata, 6, 1, seed).strata.map((s) => s.selected))));
    assert.ok(draws.size > 1, 'the seed changes the draw');
  });

  it('seededPick takes distinct ids of the pool, at most the pool', () => {
    assert.deepEqual(seededPick(['x', 'y'], 5, 1).sort(), ['x', 'y']);
    assert.deepEqual(seededPick(['x', 'x', 'y'], 5, 1).sort(), ['x', 'y']);
    assert.deepEqual(seededPick([], 3, 1), []);
    assert.equal(seededPick(['a', 'b', 'c', 'd'], 2, 9).length, 2);
  });
});

describe('the margin of error', () => {
  const cases: Array<{ name: string; values: number[]; population: number | null; value: number | null; sd: number | null; moe: number | null }> = [
    // mean 75; s² = (25² + 75² + 25² + 25²) / 3 = 2500, s = 50; 1.96 × 50 / √4 = 49
    { name: 'no population: no correction', values: [100, 0, 100, 100], population: null, value: 75, sd: 50, moe: 49 },
    // × √((10 − 4) / (10 − 1)) = 0.81650 → 40.008
    { name: 'finite-population correction', values: [100, 0, 100, 100], population: 10, value: 75, sd: 50, moe: 40.008 },
    { name: 'the whole population answered', values: [100, 0], population: 2, value: 50, sd: 70.711, moe: 0 },
    { name: 'everybody agrees', values: [100, 100, 100], population: 1000, value: 100, sd: 0, moe: 0 },
    { name: 'one respondent: no standard deviation', values: [100], population: 50, value: 100, sd: null, moe: null },
    { name: 'nobody', values: [], population: 50, value: null, sd: null, moe: null },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const e = estimate(c.values, c.population);
      assert.equal(e.n, c.values.length);
      if (c.value === null) assert.equal(e.value, null);
      else close(e.value, c.value);
      if (c.sd === null) assert.equal(e.sd, null);
      else close(e.sd, c.sd);
      if (c.moe === null) assert.equal(e.marginOfError, null);
      else close(e.marginOfError, c.moe);
    });
  }

  it('finitePopulationCorrection', () => {
    close(finitePopulationCorrection(4, 10), Math.sqrt(6 / 9), 6);
    assert.equal(finitePopulationCorrection(4, null), 1);
    assert.equal(finitePopulationCorrection(10, 10), 0);
    assert.equal(finitePopulationCorrection(1, 1), 0);
  });

  it('publishedMargin: with one respondent, the conservative margin of a proportion (s = 50)', () => {
    close(publishedMargin(estimate([100], null), null), 98);
    close(publishedMargin(estimate([100], 5), 5), 98 * Math.sqrt(4 / 4));
    assert.equal(publishedMargin(estimate([], 5), 5), null);
    close(publishedMargin(estimate([100, 0, 100, 100], null), null), 49);
  });
});

describe('computeIndex: per factor and overall (hand-computed)', () => {
  const factors = [{ id: 'A' }, { id: 'B' }];
  const questions: QuestionFacts[] = [
    { id: 'p1', factorId: 'A', kind: 'perception' },
    { id: 's1', factorId: 'A', kind: 'satisfaction' },
    { id: 's2', factorId: 'A', kind: 'satisfaction' },
    { id: 'e1', factorId: 'A', kind: 'expectation' },
    { id: 's3', factorId: 'B', kind: 'satisfaction' },
  ];
  const sheet = (o: Record<string, number>) => new Map(Object.entries(o));
  const sheets = [
    sheet({ s1: 5, s2: 3, s3: 4, p1: 4, e1: 2 }),
    sheet({ s1: 4, s2: 4, s3: 2, p1: 2, e1: 4 }),
    sheet({ s1: 1, s2: 2, s3: 5, p1: 3, e1: 5 }),
  ];
  const result = computeIndex({ factors, questions, scaleMax: 5, satisfiedFrom: 4, sheets, population: null });

  it('factor A: respondents 50 %, 100 %, 0 % → 50 %, s = 50, ±56.580; mean 19/6 → 54.167 % of the scale', () => {
    const a = result.factors[0]!;
    close(a.satisfied.value, 50);
    close(a.satisfied.sd, 50);
    close(a.satisfied.marginOfError, 98 / Math.sqrt(3));
    close(a.meanPercent, ((19 / 6 - 1) / 4) * 100);
    close(a.perception, 3);
    close(a.expectation, 11 / 3);
  });

  it('factor B: one question → the share of satisfied respondents, 2/3', () => {
    const b = result.factors[1]!;
    close(b.satisfied.value, 200 / 3);
    close(b.satisfied.sd, Math.sqrt(10000 / 3));
    close(b.satisfied.marginOfError, (1.96 * Math.sqrt(10000 / 3)) / Math.sqrt(3));
    close(b.meanPercent, ((11 / 3 - 1) / 4) * 100);
    assert.equal(b.perception, null);
    assert.equal(b.expectation, null);
  });

  it('overall: 2/3, 2/3, 1/3 → 55.556 %, ±21.778; mean 30/9 → 58.333 %', () => {
    assert.equal(result.respondents, 3);
    close(result.overall.value, 500 / 9);
    close(result.overall.sd, Math.sqrt(((100 / 9) ** 2 * 2 + (200 / 9) ** 2) / 2));
    close(result.overall.marginOfError, (1.96 * Math.sqrt(((100 / 9) ** 2 * 2 + (200 / 9) ** 2) / 2)) / Math.sqrt(3));
    close(result.overallMeanPercent, ((30 / 9 - 1) / 4) * 100);
  });

  it('no answers: no index', () => {
    const empty = computeIndex({ factors, questions, scaleMax: 5, satisfiedFrom: 4, sheets: [new Map()], population: 10 });
    assert.equal(empty.respondents, 0);
    assert.equal(empty.overall.value, null);
    assert.equal(empty.factors[0]!.satisfied.value, null);
  });

  it('scalePercent and responseRate', () => {
    assert.equal(scalePercent(1, 5), 0);
    assert.equal(scalePercent(5, 5), 100);
    assert.equal(scalePercent(3, 5), 50);
    assert.equal(responseRate(3, 4), 75);
    assert.equal(responseRate(0, 0), null);
  });
});

describe('checkAnswers', () => {
  const questions: QuestionFacts[] = [
    { id: 'q1', factorId: 'A', kind: 'satisfaction' },
    { id: 'q2', factorId: 'A', kind: 'perception' },
  ];
  const cases: Array<{ name: string; given: Record<string, unknown>; errors: string[] }> = [
    { name: 'every question on the scale', given: { q1: 5, q2: '1' }, errors: [] },
    { name: 'a missing answer', given: { q1: 3 }, errors: ['/answers/q2 SURVEY_ANSWER_REQUIRED'] },
    { name: 'above the scale', given: { q1: 6, q2: 1 }, errors: ['/answers/q1 SURVEY_ANSWER_OUT_OF_RANGE'] },
    { name: 'zero, negative, fractional, text', given: { q1: 0, q2: 2.5 }, errors: ['/answers/q1 SURVEY_ANSWER_OUT_OF_RANGE', '/answers/q2 SURVEY_ANSWER_OUT_OF_RANGE'] },
    { name: 'text that is no level', given: { q1: 'five', q2: '-1' }, errors: ['/answers/q1 SURVEY_ANSWER_OUT_OF_RANGE', '/answers/q2 SURVEY_ANSWER_OUT_OF_RANGE'] },
    { name: 'an unknown question', given: { q1: 1, q2: 1, q9: 1 }, errors: ['/answers/q9 SURVEY_QUESTION_UNKNOWN'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { values, errors } = checkAnswers(questions, 5, c.given);
      assert.deepEqual(errors.map((e) => `${e.path} ${e.code}`), c.errors);
      if (!c.errors.length) assert.deepEqual(values, [{ questionId: 'q1', value: 5 }, { questionId: 'q2', value: 1 }]);
    });
  }
});

describe('roundProblems and questionnaireProblems', () => {
  const good = { name: 'SIPAS 2026', year: 2026, periodFrom: '2026-01-01', periodTo: '2026-12-31', targetSize: 400, minPerStratum: 2, seed: 2026 };
  const cases: Array<{ name: string; patch: Partial<typeof good>; codes: string[] }> = [
    { name: 'valid', patch: {}, codes: [] },
    { name: 'no name', patch: { name: ' ' }, codes: ['SURVEY_NAME_REQUIRED'] },
    { name: 'a day that does not exist', patch: { periodTo: '2026-02-30' }, codes: ['SURVEY_DATE_INVALID'] },
    { name: 'period backwards', patch: { periodFrom: '2026-06-01', periodTo: '2026-05-01' }, codes: ['SURVEY_PERIOD_ORDER'] },
    { name: 'size zero', patch: { targetSize: 0 }, codes: ['SURVEY_SIZE_INVALID'] },
    { name: 'not numbers', patch: { year: NaN, minPerStratum: NaN, seed: -1 }, codes: ['SURVEY_YEAR_INVALID', 'SURVEY_MIN_INVALID', 'SURVEY_SEED_INVALID'] },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(roundProblems({ ...good, ...c.patch }).map((e) => e.code), c.codes));

  it('questionnaire: texts required, scale 2..10, satisfied within the scale', () => {
    const base = { titleVi: 'Phiếu', titleEn: 'Form', scaleMax: 5, satisfiedFrom: 4, factors: [{ id: 'f', nameVi: 'A', nameEn: 'A' }], questions: [{ id: 'q', textVi: 'Câu', textEn: '' }] };
    assert.deepEqual(questionnaireProblems(base).map((e) => `${e.path} ${e.code}`), ['/questions/q/textEn SURVEY_TEXT_REQUIRED']);
    assert.deepEqual(questionnaireProblems({ ...base, questions: [], scaleMax: 11 }).map((e) => e.code), ['SURVEY_SCALE_INVALID']);
    assert.deepEqual(questionnaireProblems({ ...base, questions: [], satisfiedFrom: 6 }).map((e) => e.code), ['SURVEY_SATISFIED_FROM_INVALID']);
  });
});
