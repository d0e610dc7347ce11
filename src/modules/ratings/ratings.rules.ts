// Pure rules of ratings: when a dossier can be rated, checking the answers against the criteria, the score.
import type { FieldError } from '../../core/errors.ts';
import type { RatingOption } from '../../db/schema.ts';

/** Result ready (9) or returned (10). */
export const RATEABLE_STATUSES: readonly number[] = [9, 10];
export const MAX_COMMENT_LENGTH = 2000;

export interface Criterion {
  code: string;
  options: RatingOption[];
}

export function rateable(status: number | null): boolean {
  return status !== null && RATEABLE_STATUSES.includes(status);
}

export interface CheckedRating {
  answers: Array<{ criterion_code: string; option_value: string; score: number }>;
  score: number;
  maxScore: number;
  comment: string | null;
}

/** Every criterion answered with one of its options; every problem reported at once. */
export function checkRating(criteria: Criterion[], input: { answers?: unknown; comment?: unknown }): { value: CheckedRating; errors: FieldError[] } {
  const given = new Map<string, unknown>(input.answers && typeof input.answers === 'object' && !Array.isArray(input.answers) ? Object.entries(input.answers) : []);
  const errors: FieldError[] = [];
  const answers: CheckedRating['answers'] = [];
  let score = 0;
  let maxScore = 0;
  for (const criterion of criteria) {
    maxScore += Math.max(0, ...criterion.options.map((o) => o.score));
    const raw = given.get(criterion.code);
    if (raw === undefined || raw === null || raw === '') {
      errors.push({ path: `/answers/${criterion.code}`, code: 'RATING_ANSWER_REQUIRED' });
      continue;
    }
    const option = criterion.options.find((o) => o.value === raw);
    if (!option) {
      errors.push({ path: `/answers/${criterion.code}`, code: 'RATING_ANSWER_INVALID' });
      continue;
    }
    answers.push({ criterion_code: criterion.code, option_value: option.value, score: option.score });
    score += option.score;
  }
  for (const code of given.keys()) {
    if (!criteria.some((c) => c.code === code)) errors.push({ path: `/answers/${code}`, code: 'RATING_ANSWER_INVALID' });
  }
  const comment = typeof input.comment === 'string' ? input.comment.replace(/\r\n/g, '\n').trim() : '';
  if (comment.length > MAX_COMMENT_LENGTH) errors.push({ path: '/comment', code: 'RATING_COMMENT_TOO_LONG', params: { max: MAX_COMMENT_LENGTH } });
  return { value: { answers, score, maxScore, comment: comment || null }, errors };
}
