// The one loop of the reminder jobs (core/reminders.ts): the agency's limit asked once per agency, the rule, what
// is read before the transaction, the locked re-check, the send — in that order, over a fake database and calendar.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countReminders, runReminders, type ReminderOutcome } from '../../src/core/reminders.ts';

/** A task as the fake job sees it: due on day `due`; `told` the notices already sent. */
interface Task {
  id: string;
  agency: string;
  due: number;
  told: ReadonlyArray<'soon' | 'overdue'>;
}

const TODAY = 100;
/** The pure rule of the fake job (parplan's shape: days as numbers): overdue once, else soon once within the limit. */
function kindOf(task: Task, soonDay: number): 'soon' | 'overdue' | null {
  if (task.due < TODAY) return task.told.includes('overdue') ? null : 'overdue';
  if (task.due <= soonDay && !task.told.includes('soon')) return 'soon';
  return null;
}

const task = (id: string, agency: string, due: number, told: Task['told'] = []): Task => ({ id, agency, due, told });

/**
 * Runs the loop over `candidates`. `locked` is what the re-read under lock finds (absent: the candidate unchanged;
 * undefined: the row is gone). `limits`: each agency's "soon" day. Everything the loop does is logged in order.
 */
function run(candidates: Task[], options: { locked?: Record<string, Task | undefined>; limits?: Record<string, number>; failOn?: string } = {}) {
  const log: string[] = [];
  const limits = options.limits ?? { A: 102, B: 105, C: 110 };
  const db = {
    transaction: () => ({
      execute: async <T>(work: (tx: string) => Promise<T>): Promise<T> => {
        log.push('begin');
        try {
          const result = await work('tx');
          log.push('commit');
          return result;
        } catch (error) {
          log.push('rollback');
          throw error;
        }
      },
    }),
  };
  const outcomes = runReminders(db, {
    items: candidates,
    agencyOf: (t) => t.agency,
    limitOf: async (agency) => {
      log.push(`limit ${agency}`);
      return limits[agency] ?? 0;
    },
    lock: async (tx, t) => {
      assert.equal(tx, 'tx');
      log.push(`lock ${t.id}`);
      return options.locked && t.id in options.locked ? options.locked[t.id] : t;
    },
    kindOf,
    prepare: async (t, kind) => {
      log.push(`prepare ${t.id} ${kind}`);
      return [`staff of ${t.id}`];
    },
    send: async (tx, row, kind, staff = []) => {
      assert.equal(tx, 'tx');
      if (row.id === options.failOn) throw new Error('mail refused');
      log.push(`send ${row.id} ${kind} to ${staff.join(', ')}`);
    },
  });
  return { outcomes, log };
}

describe('runReminders', () => {
  const cases: Array<[string, Task[], Parameters<typeof run>[1], Array<ReminderOutcome<'soon' | 'overdue'>>, string[]]> = [
    [
      'the limit is asked once per agency, when it is first met, and used for every candidate of the agency',
      [task('t1', 'A', 101), task('t2', 'B', 104), task('t3', 'A', 103), task('t4', 'A', 102), task('t5', 'B', 99)],
      {},
      [{ kind: 'soon', sent: true }, { kind: 'soon', sent: true }, { kind: 'soon', sent: true }, { kind: 'overdue', sent: true }],
      [
        'limit A', 'prepare t1 soon', 'begin', 'lock t1', 'send t1 soon to staff of t1', 'commit',
        'limit B', 'prepare t2 soon', 'begin', 'lock t2', 'send t2 soon to staff of t2', 'commit',
        // t3 (A, day 103) is past A's limit (102): nothing due, no transaction.
        'prepare t4 soon', 'begin', 'lock t4', 'send t4 soon to staff of t4', 'commit',
        'prepare t5 overdue', 'begin', 'lock t5', 'send t5 overdue to staff of t5', 'commit',
      ],
    ],
    [
      'nothing due: neither prepare nor a transaction',
      [task('t1', 'A', 150), task('t2', 'A', 101, ['soon']), task('t3', 'C', 90, ['soon', 'overdue'])],
      {},
      [],
      ['limit A', 'limit C'],
    ],
    [
      'told meanwhile (the locked row wants nothing): the transaction ends without a send, counted as not sent',
      [task('t1', 'A', 101), task('t2', 'A', 102)],
      { locked: { t1: task('t1', 'A', 101, ['soon']) } },
      [{ kind: 'soon', sent: false }, { kind: 'soon', sent: true }],
      ['limit A', 'prepare t1 soon', 'begin', 'lock t1', 'commit', 'prepare t2 soon', 'begin', 'lock t2', 'send t2 soon to staff of t2', 'commit'],
    ],
    [
      'another notice under lock (the deadline moved into the past): not sent — only the notice first found is sent',
      [task('t1', 'A', 101)],
      { locked: { t1: task('t1', 'A', 95) } },
      [{ kind: 'soon', sent: false }],
      ['limit A', 'prepare t1 soon', 'begin', 'lock t1', 'commit'],
    ],
    [
      'gone meanwhile: not sent',
      [task('t1', 'B', 98)],
      { locked: { t1: undefined } },
      [{ kind: 'overdue', sent: false }],
      ['limit B', 'prepare t1 overdue', 'begin', 'lock t1', 'commit'],
    ],
    [
      'the re-check uses the limit of the run (not asked again): a row still within it is sent',
      [task('t1', 'C', 110)],
      { locked: { t1: task('t1', 'C', 109) } },
      [{ kind: 'soon', sent: true }],
      ['limit C', 'prepare t1 soon', 'begin', 'lock t1', 'send t1 soon to staff of t1', 'commit'],
    ],
  ];
  for (const [name, candidates, options, outcomes, log] of cases) {
    it(name, async () => {
      const result = run(candidates, options);
      assert.deepEqual(await result.outcomes, outcomes);
      assert.deepEqual(result.log, log);
    });
  }

  it('a failure rolls back that candidate’s transaction and ends the run', async () => {
    const result = run([task('t1', 'A', 101), task('t2', 'A', 102), task('t3', 'A', 99)], { failOn: 't2' });
    await assert.rejects(result.outcomes, /mail refused/);
    assert.deepEqual(result.log, ['limit A', 'prepare t1 soon', 'begin', 'lock t1', 'send t1 soon to staff of t1', 'commit', 'prepare t2 soon', 'begin', 'lock t2', 'rollback']);
  });

  it('without prepare, send gets nothing from it', async () => {
    const seen: unknown[] = [];
    const db = { transaction: () => ({ execute: <T>(work: (tx: null) => Promise<T>) => work(null) }) };
    const outcomes = await runReminders(db, {
      items: [task('t1', 'A', 101)],
      agencyOf: (t) => t.agency,
      limitOf: async () => 102,
      lock: async (_tx, t) => t,
      kindOf,
      send: async (_tx, _row, _kind, prepared) => {
        seen.push(prepared);
      },
    });
    assert.deepEqual(outcomes, [{ kind: 'soon', sent: true }]);
    assert.deepEqual(seen, [undefined]);
  });
});

describe('countReminders', () => {
  const outcomes: Array<ReminderOutcome<'soon' | 'overdue'>> = [
    { kind: 'soon', sent: true },
    { kind: 'soon', sent: false },
    { kind: 'overdue', sent: true },
    { kind: 'soon', sent: true },
  ];
  const cases: Array<['soon' | 'overdue', number]> = [
    ['soon', 2],
    ['overdue', 1],
  ];
  for (const [kind, expected] of cases) {
    it(`${kind}: ${expected} sent (one found due but no longer wanted under lock is not counted)`, () => {
      assert.equal(countReminders(outcomes, kind), expected);
    });
  }
  it('none of an empty run', () => assert.equal(countReminders([], 'soon'), 0));
});
