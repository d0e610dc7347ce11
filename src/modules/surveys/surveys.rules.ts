// Pure rules of the SIPAS satisfaction survey (domain guide §7): the sample planner (stratified by agency and
// procedure, proportional allocation with a minimum per stratum, a seeded draw that is reproducible), checking an
// answer sheet against the questionnaire, and the index (per factor and overall: the share of "satisfied" answers,
// the mean as a percentage of the scale, the perception and expectation averages, the margin of error at 95 % with
// the finite-population correction). No I/O, no clock.
import type { FieldError } from '../../core/errors.ts';
import { seededRandom } from '../../core/random.ts';
import { isIsoDate } from '../../core/time.ts';

export const QUESTION_KINDS = ['perception', 'satisfaction', 'expectation'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];
export const ANSWER_SOURCES = ['online', 'paper'] as const;
export type AnswerSource = (typeof ANSWER_SOURCES)[number];

/** z for a two-sided 95 % confidence interval. */
export const Z95 = 1.96;
export const MIN_SCALE = 2;
export const MAX_SCALE = 10;
export const MAX_TARGET_SIZE = 100_000;

// --- the sample planner -------------------------------------------------------------------------------------

export interface Stratum {
  /** Stable key of the stratum, e.g. `<agency id>|<procedure id>`: orders ties and seeds the stratum's draw. */
  key: string;
  /** The stratum's dossiers (any order: the planner sorts them, so the draw does not depend on the query's order). */
  ids: readonly string[];
}

export interface SamplePlan {
  /** Sample size = Σ allocations. */
  size: number;
  population: number;
  strata: Array<{ key: string; population: number; allocated: number; selected: string[] }>;
}

/** FNV-1a of a text: a 32-bit seed for a stratum's draw. */
function hash32(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * Allocation of `target` over strata of the given sizes: each stratum gets at least min(size, minPerStratum),
 * the rest in proportion to the sizes (largest remainder), never more than a stratum holds. The total is
 * min(N, max(target, Σ min(size, minPerStratum))): the minimum wins over the target when both cannot hold.
 */
export function allocate(sizes: readonly number[], target: number, minPerStratum: number, keys: readonly string[] = sizes.map((_, i) => String(i).padStart(8, '0'))): number[] {
  const population = sizes.reduce((a, b) => a + b, 0);
  const base = sizes.map((n) => Math.min(n, Math.max(0, minPerStratum)));
  const baseSum = base.reduce((a, b) => a + b, 0);
  const total = Math.min(population, Math.max(Math.max(0, Math.floor(target)), baseSum));
  if (population === 0) return sizes.map(() => 0);
  const ideal = sizes.map((n) => (total * n) / population);
  const alloc = sizes.map((n, i) => Math.min(n, Math.max(base[i]!, Math.floor(ideal[i]!))));
  let sum = alloc.reduce((a, b) => a + b, 0);
  const order = (score: (i: number) => number) =>
    sizes
      .map((_, i) => i)
      .sort((a, b) => score(b) - score(a) || (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0));
  while (sum < total) {
    // One more to the stratum furthest below its share that still has dossiers left.
    const i = order((k) => ideal[k]! - alloc[k]!).find((k) => alloc[k]! < sizes[k]!)!;
    alloc[i]! += 1;
    sum += 1;
  }
  while (sum > total) {
    // One less from the stratum furthest above its share that is above its minimum.
    const i = order((k) => alloc[k]! - ideal[k]!).find((k) => alloc[k]! > base[k]!)!;
    alloc[i]! -= 1;
    sum -= 1;
  }
  return alloc;
}

/** The first `count` of `ids` after a seeded shuffle of their sorted order (Fisher–Yates). */
export function seededPick(ids: readonly string[], count: number, seed: number): string[] {
  const pool = [...new Set(ids)].sort();
  const random = seededRandom(seed);
  const n = Math.min(count, pool.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, n);
}

/** The sample of a round: the allocation per stratum and the dossiers drawn in each, the same for the same seed. */
export function planSample(strata: readonly Stratum[], target: number, minPerStratum: number, seed: number): SamplePlan {
  const cleaned = [...strata].map((s) => ({ key: s.key, ids: [...new Set(s.ids)] })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const sizes = cleaned.map((s) => s.ids.length);
  const alloc = allocate(sizes, target, minPerStratum, cleaned.map((s) => s.key));
  const planned = cleaned.map((s, i) => ({ key: s.key, population: sizes[i]!, allocated: alloc[i]!, selected: seededPick(s.ids, alloc[i]!, hash32(s.key, seed)) }));
  return { size: alloc.reduce((a, b) => a + b, 0), population: sizes.reduce((a, b) => a + b, 0), strata: planned };
}

// --- round settings ------------------------------------------------------------------------------------------

export interface RoundInput {
  name: string;
  year: number;
  periodFrom: string;
  periodTo: string;
  targetSize: number;
  minPerStratum: number;
  seed: number;
}

/** Every problem of a round's settings at once (field paths as in the JSON body). */
export function roundProblems(input: RoundInput): FieldError[] {
  const errors: FieldError[] = [];
  if (!input.name.trim()) errors.push({ path: '/name', code: 'SURVEY_NAME_REQUIRED' });
  else if (input.name.length > 200) errors.push({ path: '/name', code: 'SURVEY_NAME_TOO_LONG', params: { max: 200 } });
  if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100) errors.push({ path: '/year', code: 'SURVEY_YEAR_INVALID' });
  const fromOk = isIsoDate(input.periodFrom);
  const toOk = isIsoDate(input.periodTo);
  if (!fromOk) errors.push({ path: '/periodFrom', code: 'SURVEY_DATE_INVALID' });
  if (!toOk) errors.push({ path: '/periodTo', code: 'SURVEY_DATE_INVALID' });
  if (fromOk && toOk && input.periodFrom > input.periodTo) errors.push({ path: '/periodTo', code: 'SURVEY_PERIOD_ORDER' });
  if (!Number.isInteger(input.targetSize) || input.targetSize < 1 || input.targetSize > MAX_TARGET_SIZE) errors.push({ path: '/targetSize', code: 'SURVEY_SIZE_INVALID', params: { max: MAX_TARGET_SIZE } });
  if (!Number.isInteger(input.minPerStratum) || input.minPerStratum < 0 || input.minPerStratum > 1000) errors.push({ path: '/minPerStratum', code: 'SURVEY_MIN_INVALID' });
  if (!Number.isInteger(input.seed) || input.seed < 0 || input.seed > 2_147_483_647) errors.push({ path: '/seed', code: 'SURVEY_SEED_INVALID' });
  return errors;
}

// --- answers -------------------------------------------------------------------------------------------------

export interface QuestionFacts {
  id: string;
  factorId: string;
  kind: QuestionKind;
}

/** Every question answered with a whole number on 1..scaleMax; every problem reported at once. */
export function checkAnswers(questions: readonly QuestionFacts[], scaleMax: number, given: Record<string, unknown>): { values: Array<{ questionId: string; value: number }>; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const values: Array<{ questionId: string; value: number }> = [];
  for (const q of questions) {
    const raw = given[q.id];
    if (raw === undefined || raw === null || raw === '') {
      errors.push({ path: `/answers/${q.id}`, code: 'SURVEY_ANSWER_REQUIRED' });
      continue;
    }
    const value = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d{1,2}$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isInteger(value) || value < 1 || value > scaleMax) {
      errors.push({ path: `/answers/${q.id}`, code: 'SURVEY_ANSWER_OUT_OF_RANGE', params: { max: scaleMax } });
      continue;
    }
    values.push({ questionId: q.id, value });
  }
  const known = new Set(questions.map((q) => q.id));
  for (const key of Object.keys(given)) if (!known.has(key)) errors.push({ path: `/answers/${key.slice(0, 64)}`, code: 'SURVEY_QUESTION_UNKNOWN' });
  return { values, errors };
}

// --- the index -----------------------------------------------------------------------------------------------

export interface Estimate {
  /** Respondents with a value. */
  n: number;
  /** Mean of the respondents' values, as a percentage (0..100), null without respondents. */
  value: number | null;
  /** Sample standard deviation (n − 1) of the respondents' values, in percentage points; null when n < 2. */
  sd: number | null;
  /** Half-width of the 95 % interval in percentage points (1.96 × s / √n × FPC); null when n < 2. */
  marginOfError: number | null;
}

/** √((N − n) / (N − 1)); 1 when the population is unknown, 0 when the whole population answered. */
export function finitePopulationCorrection(n: number, population: number | null): number {
  if (population === null || !Number.isFinite(population)) return 1;
  if (population <= 1 || n >= population) return 0;
  return Math.sqrt((population - n) / (population - 1));
}

/** The mean of per-respondent values (each 0..100) with its margin of error at 95 %. */
export function estimate(values: readonly number[], population: number | null): Estimate {
  const n = values.length;
  if (n === 0) return { n, value: null, sd: null, marginOfError: null };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { n, value: mean, sd: null, marginOfError: null };
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1);
  const sd = Math.sqrt(variance);
  return { n, value: mean, sd, marginOfError: (Z95 * sd) / Math.sqrt(n) * finitePopulationCorrection(n, population) };
}

/**
 * The margin of error to publish with an index (percentage points): the estimate's own, and with fewer than two
 * respondents (no standard deviation) the conservative one of a proportion (s = 50 points).
 */
export function publishedMargin(e: Estimate, population: number | null): number | null {
  if (e.n === 0) return null;
  return e.marginOfError ?? (Z95 * 50) / Math.sqrt(e.n) * finitePopulationCorrection(e.n, population);
}

/** A score on 1..scaleMax as a percentage of the scale: 1 → 0 %, scaleMax → 100 %. */
export function scalePercent(value: number, scaleMax: number): number {
  return ((value - 1) / (scaleMax - 1)) * 100;
}

export interface IndexInput {
  factors: ReadonlyArray<{ id: string }>;
  questions: readonly QuestionFacts[];
  scaleMax: number;
  /** The lowest answer that counts as "satisfied" (4 on 1..5: "satisfied" and "very satisfied"). */
  satisfiedFrom: number;
  /** One answer sheet per respondent: question id → value. */
  sheets: ReadonlyArray<ReadonlyMap<string, number>>;
  /** Dossiers the sample was drawn from (N, for the finite-population correction); null when unknown. */
  population: number | null;
}

export interface FactorResult {
  factorId: string;
  /** SIPAS: the share of satisfaction answers that are "satisfied" or "very satisfied", with its margin of error. */
  satisfied: Estimate;
  /** The mean satisfaction answer as a percentage of the scale. */
  meanPercent: number | null;
  /** Mean perception and expectation answers on the scale (1..scaleMax), null without such answers. */
  perception: number | null;
  expectation: number | null;
}

export interface IndexResult {
  respondents: number;
  factors: FactorResult[];
  /** Overall: each respondent's share of satisfied answers over every satisfaction question, averaged. */
  overall: Estimate;
  overallMeanPercent: number | null;
}

const mean = (xs: readonly number[]): number | null => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/**
 * The index per factor and overall. Per respondent and factor, the value is the percentage of their satisfaction
 * answers on that factor that reach `satisfiedFrom`; the factor's index is the mean over respondents (with one
 * satisfaction question per factor: the share of satisfied respondents), its margin of error 1.96 × s / √n × FPC.
 */
export function computeIndex(input: IndexInput): IndexResult {
  const { scaleMax, satisfiedFrom } = input;
  const byFactor = new Map<string, QuestionFacts[]>();
  for (const q of input.questions) byFactor.set(q.factorId, [...(byFactor.get(q.factorId) ?? []), q]);
  const sheets = input.sheets.filter((s) => s.size > 0);
  const factors: FactorResult[] = input.factors.map((f) => {
    const qs = byFactor.get(f.id) ?? [];
    const satisfaction = qs.filter((q) => q.kind === 'satisfaction');
    const perRespondent: number[] = [];
    const raw: number[] = [];
    const perception: number[] = [];
    const expectation: number[] = [];
    for (const sheet of sheets) {
      const answers = satisfaction.map((q) => sheet.get(q.id)).filter((v): v is number => v !== undefined);
      if (answers.length) {
        perRespondent.push((answers.filter((v) => v >= satisfiedFrom).length / answers.length) * 100);
        raw.push(...answers);
      }
      for (const q of qs) {
        const v = sheet.get(q.id);
        if (v === undefined) continue;
        if (q.kind === 'perception') perception.push(v);
        if (q.kind === 'expectation') expectation.push(v);
      }
    }
    const m = mean(raw);
    return { factorId: f.id, satisfied: estimate(perRespondent, input.population), meanPercent: m === null ? null : scalePercent(m, scaleMax), perception: mean(perception), expectation: mean(expectation) };
  });
  const satisfactionIds = input.questions.filter((q) => q.kind === 'satisfaction').map((q) => q.id);
  const overallValues: number[] = [];
  const overallRaw: number[] = [];
  for (const sheet of sheets) {
    const answers = satisfactionIds.map((id) => sheet.get(id)).filter((v): v is number => v !== undefined);
    if (!answers.length) continue;
    overallValues.push((answers.filter((v) => v >= satisfiedFrom).length / answers.length) * 100);
    overallRaw.push(...answers);
  }
  const m = mean(overallRaw);
  return { respondents: sheets.length, factors, overall: estimate(overallValues, input.population), overallMeanPercent: m === null ? null : scalePercent(m, scaleMax) };
}

/** Responses / sample size as a percentage (null for an empty sample). */
export function responseRate(responses: number, sampleSize: number): number | null {
  return sampleSize > 0 ? (responses / sampleSize) * 100 : null;
}

// --- questionnaire editing -----------------------------------------------------------------------------------

export interface QuestionnaireInput {
  titleVi: string;
  titleEn: string;
  scaleMax: number;
  satisfiedFrom: number;
  factors: Array<{ id: string; nameVi: string; nameEn: string }>;
  questions: Array<{ id: string; textVi: string; textEn: string }>;
}

/** Every problem of a questionnaire's edited texts and scale at once. */
export function questionnaireProblems(input: QuestionnaireInput): FieldError[] {
  const errors: FieldError[] = [];
  const text = (value: string, path: string) => {
    if (!value.trim()) errors.push({ path, code: 'SURVEY_TEXT_REQUIRED' });
    else if (value.length > 1000) errors.push({ path, code: 'SURVEY_TEXT_TOO_LONG', params: { max: 1000 } });
  };
  text(input.titleVi, '/titleVi');
  text(input.titleEn, '/titleEn');
  if (!Number.isInteger(input.scaleMax) || input.scaleMax < MIN_SCALE || input.scaleMax > MAX_SCALE) errors.push({ path: '/scaleMax', code: 'SURVEY_SCALE_INVALID', params: { min: MIN_SCALE, max: MAX_SCALE } });
  else if (!Number.isInteger(input.satisfiedFrom) || input.satisfiedFrom < 2 || input.satisfiedFrom > input.scaleMax) errors.push({ path: '/satisfiedFrom', code: 'SURVEY_SATISFIED_FROM_INVALID', params: { max: input.scaleMax } });
  for (const f of input.factors) {
    text(f.nameVi, `/factors/${f.id}/nameVi`);
    text(f.nameEn, `/factors/${f.id}/nameEn`);
  }
  for (const q of input.questions) {
    text(q.textVi, `/questions/${q.id}/textVi`);
    text(q.textEn, `/questions/${q.id}/textEn`);
  }
  return errors;
}
