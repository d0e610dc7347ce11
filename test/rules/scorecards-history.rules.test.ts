// The 766 history (issue 16): a month before any dossier existed has no score ("—", not the 71% of its
// procedures alone), and a dossier handled on time never lowers the score.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addCounts, EMPTY_COUNTS, evaluate, scoreIndex, withScoreIndex, type AgencyCounts } from '../../src/modules/scorecards/scorecards.rules.ts';
import { SEEDED } from '../helpers/scorecards-config.ts';

const counts = (over: Partial<AgencyCounts>): AgencyCounts => ({ ...EMPTY_COUNTS, ...over });
const group = (card: ReturnType<typeof evaluate>, code: string) => card.groups.find((g) => g.code === code)!;

/** 7 procedures in force, 4 of them online: 57% of the 80% target → 4.29 of 6 points, 71.43% alone. */
const PROCEDURES = { proceduresInScope: 7, proceduresOnline: 4 };

describe('766 history: no dossier, no score', () => {
  const cases: Array<{ name: string; counts: Partial<AgencyCounts>; index: number | null }> = [
    { name: 'nothing at all', counts: {}, index: null },
    { name: 'procedures only (the month before the first dossier): no score, not 71%', counts: PROCEDURES, index: null },
    { name: 'procedures and catalog publicity only', counts: { ...PROCEDURES, publicityRecords: 7, publicityRequired: 7, publicityPublished: 7 }, index: null },
    { name: 'one dossier received and in progress within its deadline', counts: { ...PROCEDURES, received: 1, inProgress: 1, inProgressWithin: 1 }, index: 81.2 },
    { name: 'a dossier still in progress from an earlier month (nothing received this month)', counts: { ...PROCEDURES, inProgress: 1, inProgressWithin: 1 }, index: 95.11 },
    { name: 'one dossier resolved early at the counter, not digitised', counts: { ...PROCEDURES, received: 1, resolved: 1, resolvedInTime: 1 }, index: 52.84 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const card = evaluate(SEEDED, counts(c.counts));
      assert.equal(card.index, c.index);
      assert.equal(scoreIndex(SEEDED, card), c.index);
    });
  }

  it('the procedures still earn their points on the card itself (only the index is withheld)', () => {
    const card = evaluate(SEEDED, counts(PROCEDURES));
    assert.equal(group(card, 'online').points, 4.29);
    assert.equal(card.index, null);
  });

  it('a snapshot stored before the rule (71.5% from procedures alone) is read without a score', () => {
    const card = evaluate(SEEDED, counts(PROCEDURES));
    const stored = { ...card, index: 71.5 };
    assert.equal(withScoreIndex(SEEDED, stored).index, null);
    const withDossiers = evaluate(SEEDED, counts({ ...PROCEDURES, received: 2, resolved: 2, resolvedInTime: 2 }));
    assert.equal(withScoreIndex(SEEDED, withDossiers), withDossiers, 'a card with dossiers is returned as it is');
  });
});

/** A dossier handled on time, online, digitised with an electronic result, its fees (if any) paid online. */
function onTimeDossier(kind: 'resolved' | 'in_progress', fee: boolean): AgencyCounts {
  return counts({
    received: 1,
    receivedOnline: 1,
    feeDossiers: fee ? 1 : 0,
    feePaidOnline: fee ? 1 : 0,
    ...(kind === 'resolved' ? { resolved: 1, resolvedInTime: 1, resolvedDigitisedEResult: 1 } : { inProgress: 1, inProgressWithin: 1 }),
  });
}

describe('766 history: a dossier handled on time never lowers the score', () => {
  const months: Array<{ name: string; before: Partial<AgencyCounts> }> = [
    { name: 'the first dossier of an agency with procedures (was 71% → lower)', before: PROCEDURES },
    { name: 'an agency with late dossiers', before: { ...PROCEDURES, received: 10, receivedOnline: 2, resolved: 8, resolvedInTime: 5, resolvedLate: 3, inProgress: 2, inProgressWithin: 1 } },
    { name: 'an agency with every dossier on time at the counter', before: { received: 4, resolved: 4, resolvedInTime: 4 } },
    { name: 'an agency with fees never paid online', before: { ...PROCEDURES, received: 5, feeDossiers: 5, resolved: 5, resolvedInTime: 5, resolvedDigitisedEResult: 1 } },
  ];
  for (const m of months) {
    for (const kind of ['resolved', 'in_progress'] as const) {
      for (const fee of [false, true]) {
        it(`${m.name}: + one ${kind === 'resolved' ? 'resolved' : 'in-progress'} on-time dossier${fee ? ' with fees' : ''}`, () => {
          const before = evaluate(SEEDED, counts(m.before));
          const after = evaluate(SEEDED, addCounts(counts(m.before), onTimeDossier(kind, fee)));
          assert.notEqual(after.index, null);
          if (before.index !== null) assert.ok(after.index! >= before.index, `${before.index} → ${after.index}`);
        });
      }
    }
  }

  it('any on-time dossier (counter or online) never lowers the progress or the not-overdue points', () => {
    const before = counts({ ...PROCEDURES, received: 10, resolved: 6, resolvedInTime: 4, resolvedLate: 2, inProgress: 4, inProgressWithin: 2 });
    const after = addCounts(before, counts({ received: 1, resolved: 1, resolvedInTime: 1 }));
    for (const code of ['progress', 'satisfaction']) {
      assert.ok(group(evaluate(SEEDED, after), code).points >= group(evaluate(SEEDED, before), code).points, code);
    }
  });

  it('holds for many generated months (seeded)', () => {
    let seed = 766;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % (n + 1);
    };
    for (let i = 0; i < 2000; i++) {
      const received = next(30);
      const resolved = next(30);
      const resolvedInTime = next(resolved);
      const inProgress = next(20);
      const feeDossiers = next(received);
      const before = counts({
        received,
        receivedOnline: next(received),
        feeDossiers,
        feePaidOnline: next(feeDossiers),
        resolved,
        resolvedInTime,
        resolvedLate: resolved - resolvedInTime,
        resolvedDigitisedEResult: next(resolved),
        inProgress,
        inProgressWithin: next(inProgress),
        proceduresInScope: 10,
        proceduresOnline: next(10),
      });
      const before766 = evaluate(SEEDED, before).index;
      const after766 = evaluate(SEEDED, addCounts(before, onTimeDossier(next(1) ? 'resolved' : 'in_progress', next(1) === 1))).index;
      assert.notEqual(after766, null);
      if (before766 !== null) assert.ok(after766! >= before766 - 0.01, `case ${i}: ${before766} → ${after766}`);
    }
  });
});
