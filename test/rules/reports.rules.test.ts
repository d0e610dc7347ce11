import { addDays } from '../../src/core/time.ts';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  cellsOf,
  directNumbers,
  emptyNumbers,
  invariantProblems,
  isOnlineCapable,
  numbersFromSums,
  onlineShare,
  onTimeRate,
  onTimeRateOfReceived,
  parseDay,
  presetPeriod,
  rate,
  splitRange,
  validatePeriod,
  type DossierFacts,
  type Period,
  type PresetInput,
} from '../../src/modules/reports/reports.rules.ts';

const vn = (text: string) => new Date(`${text}+07:00`);

describe('days', () => {
  it('parses dd/mm/yyyy and yyyy-mm-dd, refusing days that do not exist', () => {
    const cases: Array<[string, string | null]> = [
      ['15/12/2025', '2025-12-15'],
      ['1/2/2025', '2025-02-01'],
      ['2025-03-14', '2025-03-14'],
      ['29/02/2024', '2024-02-29'],
      ['29/02/2025', null],
      ['31/04/2025', null],
      ['2025-13-01', null],
      ['00/01/2025', null],
      ['12/2025', null],
      ['', null],
      ['abc', null],
      [' 01/01/2025 ', '2025-01-01'],
    ];
    for (const [text, expected] of cases) assert.equal(parseDay(text), expected, text);
  });

  it('adds days across months and leap years', () => {
    assert.equal(addDays('2024-02-28', 1), '2024-02-29');
    assert.equal(addDays('2025-02-28', 1), '2025-03-01');
    assert.equal(addDays('2025-01-01', -1), '2024-12-31');
  });
});

describe('how the aggregates cover a period', () => {
  it('reads whole months from the monthly table and the partial months from the daily table', () => {
    const cases: Array<[Period, ReturnType<typeof splitRange>]> = [
      [{ from: '2025-01-01', to: '2025-12-31' }, { beforeMonth: '2025-01-01', fullFrom: '2025-01-01', fullTo: '2026-01-01', headEnd: '2025-01-01', tailFrom: '2026-01-01', end: '2026-01-01' }],
      [{ from: '2024-12-15', to: '2025-03-14' }, { beforeMonth: '2024-12-01', fullFrom: '2025-01-01', fullTo: '2025-03-01', headEnd: '2025-01-01', tailFrom: '2025-03-01', end: '2025-03-15' }],
      [{ from: '2025-03-10', to: '2025-03-20' }, { beforeMonth: '2025-03-01', fullFrom: '2025-04-01', fullTo: '2025-04-01', headEnd: '2025-03-21', tailFrom: '2025-03-21', end: '2025-03-21' }],
      [{ from: '2025-03-10', to: '2025-04-05' }, { beforeMonth: '2025-03-01', fullFrom: '2025-04-01', fullTo: '2025-04-01', headEnd: '2025-04-06', tailFrom: '2025-04-06', end: '2025-04-06' }],
      [{ from: '2025-02-01', to: '2025-02-28' }, { beforeMonth: '2025-02-01', fullFrom: '2025-02-01', fullTo: '2025-03-01', headEnd: '2025-02-01', tailFrom: '2025-03-01', end: '2025-03-01' }],
    ];
    for (const [period, expected] of cases) assert.deepEqual(splitRange(period), expected, JSON.stringify(period));
  });
});

describe('periods', () => {
  it('validates a period, reporting every problem at once', () => {
    const cases: Array<[{ from?: string; to?: string }, Array<[string, string]>]> = [
      [{ from: '01/01/2025', to: '31/12/2025' }, []],
      [{ from: '2025-01-01', to: '2025-01-01' }, []],
      [{ from: '31/12/2025', to: '01/01/2025' }, [['/to', 'REPORT_PERIOD_REVERSED']]],
      [{ from: '01/01/2015', to: '31/12/2024' }, []],
      [{ from: '01/01/2015', to: '01/01/2025' }, [['/to', 'REPORT_PERIOD_TOO_LONG']]],
      [{ from: '29/02/2016', to: '28/02/2026' }, []],
      [{ from: '29/02/2016', to: '01/03/2026' }, [['/to', 'REPORT_PERIOD_TOO_LONG']]],
      [{}, [['/from', 'required'], ['/to', 'required']]],
      [{ from: '30/02/2025', to: 'x' }, [['/from', 'REPORT_DATE_INVALID'], ['/to', 'REPORT_DATE_INVALID']]],
    ];
    for (const [input, expected] of cases) {
      const { period, errors } = validatePeriod(input);
      assert.deepEqual(errors.map((e) => [e.path, e.code]), expected, JSON.stringify(input));
      assert.equal(period === null, expected.length > 0);
    }
  });

  it('computes calendar and statutory cut-off presets', () => {
    const cases: Array<[PresetInput, Period]> = [
      [{ preset: 'month', year: 2025, index: 2 }, { from: '2025-02-01', to: '2025-02-28' }],
      [{ preset: 'month', year: 2024, index: 2 }, { from: '2024-02-01', to: '2024-02-29' }],
      [{ preset: 'month', year: 2025, index: 12 }, { from: '2025-12-01', to: '2025-12-31' }],
      [{ preset: 'quarter', year: 2025, index: 1 }, { from: '2025-01-01', to: '2025-03-31' }],
      [{ preset: 'quarter', year: 2025, index: 4 }, { from: '2025-10-01', to: '2025-12-31' }],
      [{ preset: 'half', year: 2025 }, { from: '2025-01-01', to: '2025-06-30' }],
      [{ preset: 'nine_months', year: 2025 }, { from: '2025-01-01', to: '2025-09-30' }],
      [{ preset: 'year', year: 2025 }, { from: '2025-01-01', to: '2025-12-31' }],
      [{ preset: 'cutoff_quarter', year: 2025, index: 1 }, { from: '2024-12-15', to: '2025-03-14' }],
      [{ preset: 'cutoff_quarter', year: 2025, index: 2 }, { from: '2025-03-15', to: '2025-06-14' }],
      [{ preset: 'cutoff_quarter', year: 2025, index: 3 }, { from: '2025-06-15', to: '2025-09-14' }],
      [{ preset: 'cutoff_quarter', year: 2025, index: 4 }, { from: '2025-09-15', to: '2025-12-14' }],
      [{ preset: 'cutoff_half', year: 2025 }, { from: '2024-12-15', to: '2025-06-14' }],
      [{ preset: 'cutoff_nine_months', year: 2025 }, { from: '2024-12-15', to: '2025-09-14' }],
      [{ preset: 'cutoff_year', year: 2025 }, { from: '2024-12-15', to: '2025-12-14' }],
      [{ preset: 'cutoff_year', year: 2025, cutoffDay: 20 }, { from: '2024-12-21', to: '2025-12-20' }],
    ];
    for (const [input, expected] of cases) assert.deepEqual(presetPeriod(input), expected, JSON.stringify(input));
  });
});

describe('categories of a dossier', () => {
  const period: Period = { from: '2025-03-01', to: '2025-03-31' };
  const pastNow = vn('2025-06-01T09:00:00');
  const d = (over: Partial<DossierFacts>): DossierFacts => ({
    status: 4,
    channel: 2,
    receivedAt: vn('2025-03-10T09:00:00'),
    finishedAt: null,
    timeliness: null,
    dueAt: vn('2025-03-25T17:00:00'),
    ...over,
  });
  const cases: Array<[string, DossierFacts, Date, string[]]> = [
    ['never received (status 1)', d({ status: 1, receivedAt: null }), pastNow, []],
    ['draft', d({ status: null }), pastNow, []],
    ['received after the period', d({ receivedAt: vn('2025-04-01T00:00:00') }), pastNow, []],
    ['received at 23:59 on the last day', d({ receivedAt: vn('2025-03-31T23:59:00'), dueAt: vn('2025-04-10T17:00:00') }), pastNow, ['received', 'receivedOnline', 'inProgress', 'withinDeadline']],
    ['online, in progress, due in the period → overdue at its end', d({}), pastNow, ['received', 'receivedOnline', 'inProgress', 'overdue']],
    ['counter, in progress, due after the period', d({ channel: 1, dueAt: vn('2025-04-02T17:00:00') }), pastNow, ['received', 'receivedOther', 'inProgress', 'withinDeadline']],
    ['postal counts with in person', d({ channel: 3, dueAt: vn('2025-04-02T17:00:00') }), pastNow, ['received', 'receivedOther', 'inProgress', 'withinDeadline']],
    ['no deadline: never overdue', d({ dueAt: null }), pastNow, ['received', 'receivedOnline', 'inProgress', 'withinDeadline']],
    ['carried over, resolved early in the period', d({ receivedAt: vn('2025-02-20T09:00:00'), status: 9, finishedAt: vn('2025-03-02T09:00:00'), timeliness: 'early' }), pastNow, ['received', 'carriedOver', 'resolved', 'early']],
    ['resolved on time, returned (10)', d({ status: 10, finishedAt: vn('2025-03-25T16:00:00'), timeliness: 'on_time' }), pastNow, ['received', 'receivedOnline', 'resolved', 'onTime']],
    ['resolved without timeliness counts on time', d({ status: 9, finishedAt: vn('2025-03-25T16:00:00') }), pastNow, ['received', 'receivedOnline', 'resolved', 'onTime']],
    ['resolved late', d({ status: 9, finishedAt: vn('2025-03-28T16:00:00'), timeliness: 'late' }), pastNow, ['received', 'receivedOnline', 'resolved', 'late']],
    ['resolved after the period: still in progress at its end', d({ status: 9, finishedAt: vn('2025-04-02T09:00:00'), timeliness: 'late' }), pastNow, ['received', 'receivedOnline', 'inProgress', 'overdue']],
    ['finished before the period: not in it', d({ receivedAt: vn('2025-02-01T09:00:00'), status: 10, finishedAt: vn('2025-02-28T23:00:00'), timeliness: 'early' }), pastNow, []],
    ['finished at 00:00 on the first day: in it', d({ receivedAt: vn('2025-02-01T09:00:00'), status: 10, finishedAt: vn('2025-03-01T00:00:00'), timeliness: 'early' }), pastNow, ['received', 'carriedOver', 'resolved', 'early']],
    ['refused before reception: its own column only, by the refusal day', d({ status: 3, receivedAt: null, dueAt: null, finishedAt: vn('2025-03-10T10:00:00') }), pastNow, ['refused']],
    ['withdrawn', d({ status: 7, finishedAt: vn('2025-03-12T10:00:00') }), pastNow, ['received', 'receivedOnline', 'withdrawn']],
    ['stopped', d({ status: 8, finishedAt: vn('2025-03-12T10:00:00') }), pastNow, ['received', 'receivedOnline', 'stopped']],
    ['finished before received (bad import): read as the receipt day', d({ status: 9, timeliness: 'early', finishedAt: vn('2025-02-01T10:00:00') }), pastNow, ['received', 'receivedOnline', 'resolved', 'early']],
    ['current period: overdue judged at now, not yet', d({ dueAt: vn('2025-03-20T17:00:00') }), vn('2025-03-20T16:00:00'), ['received', 'receivedOnline', 'inProgress', 'withinDeadline']],
    ['current period: overdue judged at now, past', d({ dueAt: vn('2025-03-20T17:00:00') }), vn('2025-03-20T17:01:00'), ['received', 'receivedOnline', 'inProgress', 'overdue']],
    ['current period: paused (5) past its deadline is overdue', d({ status: 5, dueAt: vn('2025-03-20T17:00:00') }), vn('2025-03-21T09:00:00'), ['received', 'receivedOnline', 'inProgress', 'overdue']],
  ];
  for (const [name, dossier, now, expected] of cases) {
    it(name, () => assert.deepEqual(cellsOf(dossier, period, now), expected));
  }
});

describe('the report from event sums', () => {
  it('keeps the invariants and matches the direct computation', () => {
    const facts: DossierFacts[] = [
      { status: 4, channel: 2, receivedAt: vn('2025-02-10T09:00:00'), finishedAt: null, timeliness: null, dueAt: vn('2025-03-05T17:00:00') },
      { status: 9, channel: 1, receivedAt: vn('2025-03-02T09:00:00'), finishedAt: vn('2025-03-05T09:00:00'), timeliness: 'early', dueAt: vn('2025-03-10T17:00:00') },
      { status: 7, channel: 2, receivedAt: vn('2025-03-03T09:00:00'), finishedAt: vn('2025-03-04T09:00:00'), timeliness: null, dueAt: vn('2025-03-20T17:00:00') },
      { status: 10, channel: 3, receivedAt: vn('2025-01-03T09:00:00'), finishedAt: vn('2025-01-20T09:00:00'), timeliness: 'late', dueAt: vn('2025-01-15T17:00:00') },
    ];
    const period: Period = { from: '2025-03-01', to: '2025-03-31' };
    // Event sums by hand: before = days before 1 March, within = March.
    const sums = {
      before: { 1: 1, 2: 1, 5: 1, 9: 1, 10: 1 },
      within: { 1: 1, 2: 1, 3: 1, 7: 1, 9: 3, 10: 2 },
    };
    const fromSums = numbersFromSums(sums, false);
    assert.deepEqual(fromSums, directNumbers(facts, period, vn('2025-06-01T00:00:00')));
    assert.deepEqual(invariantProblems(fromSums), []);
    assert.deepEqual([fromSums.carriedOver, fromSums.received, fromSums.inProgress, fromSums.overdue], [1, 3, 1, 1]);
    // In the current period, overdue comes from the count of open dossiers past their deadline now.
    const current = numbersFromSums(sums, true, 0);
    assert.deepEqual([current.overdue, current.withinDeadline], [0, 1]);
  });

  it('names the broken invariants', () => {
    const n = { ...emptyNumbers(), received: 3, receivedOnline: 1, carriedOver: 1, resolved: 1, early: 1 };
    assert.deepEqual(invariantProblems(n), ['received = carried over + online + in person/postal', 'received = resolved + in progress + withdrawn + stopped']);
  });
});

describe('rates and indicators', () => {
  it('Trà Vinh: (65 + 1,856) / 2,002 = 95.95%, over resolved and over received alike', () => {
    const n = { ...emptyNumbers(), received: 2002, receivedOther: 2002, resolved: 2002, early: 1856, onTime: 65, late: 81 };
    assert.deepEqual(invariantProblems(n), []);
    assert.deepEqual(onTimeRate(n), { numerator: 1921, denominator: 2002, percent: 95.95 });
    assert.deepEqual(onTimeRateOfReceived(n), { numerator: 1921, denominator: 2002, percent: 95.95 });
  });

  it('the two denominators differ when dossiers are still in progress', () => {
    const n = { ...emptyNumbers(), received: 10, receivedOnline: 10, resolved: 8, early: 6, late: 2, inProgress: 2, withinDeadline: 2 };
    assert.equal(onTimeRate(n).percent, 75);
    assert.equal(onTimeRateOfReceived(n).percent, 60);
  });

  it('rounds to two decimals and gives null without a denominator', () => {
    assert.deepEqual(rate(74, 83), { numerator: 74, denominator: 83, percent: 89.16 });
    assert.deepEqual(rate(8467, 14938), { numerator: 8467, denominator: 14938, percent: 56.68 });
    assert.deepEqual(rate(0, 0), { numerator: 0, denominator: 0, percent: null });
    assert.equal(rate(1, 3).percent, 33.33);
    assert.equal(rate(2, 3).percent, 66.67);
  });

  it('flags an online share below 20% (Resolution 17), counting new dossiers only', () => {
    const cases: Array<[number, number, number, boolean, number | null]> = [
      [19, 81, 500, true, 19],
      [20, 80, 0, false, 20],
      [1, 4, 0, false, 20],
      [0, 0, 9, false, null],
      [0, 5, 0, true, 0],
    ];
    for (const [online, other, carried, below, percent] of cases) {
      const n = { ...emptyNumbers(), receivedOnline: online, receivedOther: other, carriedOver: carried, received: online + other + carried };
      const share = onlineShare(n);
      assert.equal(share.belowTarget, below, `${online}/${other}`);
      assert.equal(share.percent, percent);
      assert.equal(share.target, 20);
    }
  });

  it('online-capable: level 3–4, or full / partial online', () => {
    const cases: Array<[number, string, boolean]> = [
      [4, 'full', true],
      [3, 'none', true],
      [2, 'partial', true],
      [2, 'full', true],
      [2, 'none', false],
      [1, 'none', false],
    ];
    for (const [level, cls, expected] of cases) assert.equal(isOnlineCapable({ online_level: level, online_class: cls }), expected, `${level} ${cls}`);
  });
});
