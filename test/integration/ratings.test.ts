import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../../src/core/errors.ts';
import type { DossierStatus } from '../../src/db/schema.ts';
import { checkRating, rateable } from '../../src/modules/ratings/ratings.rules.ts';
import { createTestContext } from '../helpers/db.ts';
import { actorByUsername, newCitizen, submittedDossier } from '../helpers/dossiers.ts';

async function rejects(promise: Promise<unknown>, code: string) {
  let caught: DomainError | null = null;
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof DomainError, String(error));
    assert.equal(error.code, code);
    caught = error;
    return true;
  });
  return caught as unknown as DomainError;
}

const CRITERIA = [
  { code: 'a', options: [{ value: 'yes', vi: 'Có', en: 'Yes', score: 2 }, { value: 'no', vi: 'Không', en: 'No', score: 0 }] },
  { code: 'b', options: [{ value: 'x', vi: 'X', en: 'X', score: 1 }, { value: 'y', vi: 'Y', en: 'Y', score: 3 }] },
];

describe('rating rules', () => {
  it('rates only results (9, 10)', () => {
    for (const s of [null, 1, 2, 3, 4, 5, 6, 7, 8]) assert.equal(rateable(s), false, String(s));
    assert.equal(rateable(9), true);
    assert.equal(rateable(10), true);
  });

  it('checks every criterion at once and adds up the score', () => {
    const ok = checkRating(CRITERIA, { answers: { a: 'yes', b: 'x' }, comment: '  Tốt  ' });
    assert.deepEqual(ok.errors, []);
    assert.equal(ok.value.score, 3);
    assert.equal(ok.value.maxScore, 5);
    assert.equal(ok.value.comment, 'Tốt');
    const bad = checkRating(CRITERIA, { answers: { a: 'maybe', c: 'x' }, comment: 'x'.repeat(2001) });
    assert.deepEqual(bad.errors.map((e) => [e.path, e.code]), [
      ['/answers/a', 'RATING_ANSWER_INVALID'],
      ['/answers/b', 'RATING_ANSWER_REQUIRED'],
      ['/answers/c', 'RATING_ANSWER_INVALID'],
      ['/comment', 'RATING_COMMENT_TOO_LONG'],
    ]);
    assert.equal(checkRating(CRITERIA, { answers: 'nope' }).errors.length, 2);
    assert.equal(checkRating(CRITERIA, { answers: { a: 'no', b: 'y' }, comment: '   ' }).value.comment, null);
  });
});

describe('ratings (PostgreSQL)', async () => {
  const ctx = await createTestContext({ demo: true });
  const ratings = ctx.services.ratings;
  const citizen = await actorByUsername(ctx, 'demo.congdan');
  const setStatus = (id: string, status: number) => ctx.db.updateTable('dossiers').set({ status: status as DossierStatus }).where('id', '=', id).execute();

  it('keeps the Decree 61 criteria as data, in both languages', async () => {
    const vi = await ratings.criteria('vi');
    assert.deepEqual(vi.map((c) => c.code), ['on_time', 'visits', 'attitude', 'guidance', 'satisfaction']);
    assert.ok(vi.every((c) => c.options.length >= 2 && c.question.length > 10));
    assert.equal(vi[4]!.options[0]!.label, 'Rất hài lòng');
    const en = await ratings.criteria('en');
    assert.equal(en[4]!.options[0]!.label, 'Very satisfied');
  });

  it('rates once after the result, with a comment; before the result and again: 409', async () => {
    const dossier = await submittedDossier(ctx, citizen);
    const answers = { on_time: 'on_time', visits: 'none', attitude: 'courteous', guidance: 'partly', satisfaction: 'satisfied' };
    await rejects(ratings.rate(citizen, dossier.id, { answers }), 'RATING_NOT_YET');
    assert.equal((await ratings.state(citizen, dossier.id)).rateable, false);
    await setStatus(dossier.id, 9);
    const state = await ratings.state(citizen, dossier.id);
    assert.equal(state.rateable, true);
    assert.equal(state.criteria.length, 5);

    const invalid = await rejects(ratings.rate(citizen, dossier.id, { answers: { on_time: 'never' } }), 'VALIDATION_FAILED');
    assert.equal(invalid.fieldErrors?.length, 5);

    const rating = await ratings.rate(citizen, dossier.id, { answers, comment: 'Cán bộ hướng dẫn nhiệt tình.' });
    assert.equal(rating.score, 2 + 2 + 2 + 1 + 1);
    assert.equal(rating.maxScore, 10);
    assert.equal(rating.comment, 'Cán bộ hướng dẫn nhiệt tình.');
    assert.equal(rating.answers.length, 5);
    await rejects(ratings.rate(citizen, dossier.id, { answers }), 'RATING_EXISTS');
    const after = await ratings.state(citizen, dossier.id);
    assert.equal(after.rateable, false);
    assert.equal(after.rating?.score, 8);
    assert.equal((await ctx.db.selectFrom('audit_log').select('id').where('action', '=', 'dossier.rate').where('target_id', '=', dossier.id).execute()).length, 1);
  });

  it('accepts one of two simultaneous ratings, and only from the applicant side', async () => {
    const dossier = await submittedDossier(ctx, citizen);
    await setStatus(dossier.id, 10);
    const answers = { on_time: 'late', visits: 'more', attitude: 'acceptable', guidance: 'unclear', satisfaction: 'dissatisfied' };
    const results = await Promise.allSettled([ratings.rate(citizen, dossier.id, { answers }), ratings.rate(citizen, dossier.id, { answers })]);
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    assert.equal((failed.reason as DomainError).code, 'RATING_EXISTS');

    const other = await submittedDossier(ctx, citizen);
    await setStatus(other.id, 9);
    await rejects(ratings.rate(await newCitizen(ctx), other.id, { answers }), 'NOT_FOUND');
    await rejects(ratings.rate(await actorByUsername(ctx, 'demo.motcua'), other.id, { answers }), 'NOT_FOUND');
    await rejects(ratings.state(await newCitizen(ctx), other.id), 'NOT_FOUND');
    await rejects(ratings.rate(null, other.id, { answers }), 'UNAUTHENTICATED');
  });
});
