// Refusals in Biểu 06 (issue 16): a refusal happens before reception (status 3, no received_at), so it is counted
// in the "refused" column on the day of its refusal (finished_at, Vietnam time) and in no other column; the balance
// received = resolved + in progress + withdrawn + stopped leaves it out.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cellsOf, directNumbers, invariantProblems, numbersFromSums, refusalDay, type DossierFacts, type Period } from '../../src/modules/reports/reports.rules.ts';

const vn = (text: string) => new Date(`${text}+07:00`);
const march: Period = { from: '2025-03-01', to: '2025-03-31' };
const now = vn('2025-06-01T09:00:00');
const refused = (finishedAt: Date | null, over: Partial<DossierFacts> = {}): DossierFacts => ({
  status: 3,
  channel: 2,
  receivedAt: null,
  finishedAt,
  timeliness: null,
  dueAt: null,
  ...over,
});

describe('refusal counting', () => {
  const cases: Array<[string, DossierFacts, string | null, string[]]> = [
    ['refused in the period (online)', refused(vn('2025-03-10T10:00:00')), '2025-03-10', ['refused']],
    ['refused at the counter', refused(vn('2025-03-10T10:00:00'), { channel: 1 }), '2025-03-10', ['refused']],
    ['refused at 00:00 on the first day (Vietnam time)', refused(vn('2025-03-01T00:00:00')), '2025-03-01', ['refused']],
    ['refused at 23:59 on the last day', refused(vn('2025-03-31T23:59:00')), '2025-03-31', ['refused']],
    ['refused at 23:30 UTC on 28/02 = 01/03 in Vietnam', refused(new Date('2025-02-28T23:30:00Z')), '2025-03-01', ['refused']],
    ['refused the day before the period', refused(vn('2025-02-28T23:59:00')), '2025-02-28', []],
    ['refused after the period', refused(vn('2025-04-01T00:00:00')), '2025-04-01', []],
    ['refused without a refusal instant: nowhere', refused(null), null, []],
    ['an inconsistent refused row with a received date is still only a refusal', refused(vn('2025-03-12T10:00:00'), { receivedAt: vn('2025-03-11T09:00:00') }), '2025-03-12', ['refused']],
    ['not a refusal: withdrawn', { ...refused(vn('2025-03-10T10:00:00')), status: 7, receivedAt: vn('2025-03-02T09:00:00') }, null, ['received', 'receivedOnline', 'withdrawn']],
    ['not a refusal: submitted, never received', { ...refused(null), status: 1 }, null, []],
  ];
  for (const [name, dossier, day, cells] of cases) {
    it(name, () => {
      assert.equal(refusalDay(dossier), day);
      assert.deepEqual(cellsOf(dossier, march, now), cells);
    });
  }

  it('refusals stand outside the balance, which still holds', () => {
    const facts: DossierFacts[] = [
      refused(vn('2025-03-10T10:00:00')),
      refused(vn('2025-03-11T10:00:00'), { channel: 1 }),
      refused(vn('2025-02-10T10:00:00')),
      { status: 9, channel: 1, receivedAt: vn('2025-03-02T09:00:00'), finishedAt: vn('2025-03-05T09:00:00'), timeliness: 'early', dueAt: vn('2025-03-10T17:00:00') },
      { status: 4, channel: 2, receivedAt: vn('2025-03-03T09:00:00'), finishedAt: null, timeliness: null, dueAt: vn('2025-04-20T17:00:00') },
    ];
    const n = directNumbers(facts, march, now);
    assert.equal(n.refused, 2);
    assert.equal(n.received, 2);
    assert.deepEqual(invariantProblems(n), []);
    // The same from the daily events: metric 6 on the refusal days, no received event for a refusal.
    const sums = { before: { 6: 1 }, within: { 1: 1, 2: 1, 3: 1, 6: 2, 9: 1, 10: 1 } };
    assert.deepEqual(numbersFromSums(sums, false), n);
  });
});
