// The pure parts of `npm run load` (bench/load-stats.ts): percentiles, per-route tallies, CPU deltas from /proc
// that never go negative, the arrival schedule, the scenario mix and the report tables. The load itself is not run.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CpuTracker, dueArrivals, isSuccess, machineTicks, memoryField, parseProcStat, percentile, pickWeighted, resourceTable, routeTable, RouteTally, type ProcStat } from '../../bench/load-stats.ts';

const proc = (pid: number, start: number, cpuTicks: number): ProcStat => ({ pid, start, cpuTicks, reapedTicks: 0, ppid: 1 });

describe('percentile (nearest rank)', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100
  const cases: Array<[string, number[], number, number]> = [
    ['no samples', [], 0.5, 0],
    ['one sample', [7], 0.99, 7],
    ['median of 1..100', hundred, 0.5, 50],
    ['p95 of 1..100', hundred, 0.95, 95],
    ['p99 of 1..100', hundred, 0.99, 99],
    ['p100 is the maximum', hundred, 1, 100],
    ['p99 of 10 samples is the largest', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.99, 10],
    ['median of 4 samples is the 2nd', [10, 20, 30, 40], 0.5, 20],
    ['a tiny quantile is the minimum', [3, 4, 5], 0.001, 3],
  ];
  for (const [name, sorted, q, expected] of cases) it(name, () => assert.equal(percentile(sorted, q), expected));
});

describe('RouteTally', () => {
  it('counts errors (non-2xx/3xx and network errors) per route and sorts the samples', () => {
    const tally = new RouteTally();
    for (const ms of [5, 1, 3, 2, 4]) tally.record('GET /', ms, 200);
    tally.record('GET /', 9, 302);
    tally.record('POST /x', 10, 500, 'boom');
    tally.record('POST /x', 20, 0, 'ECONNRESET');
    tally.record('POST /x', 30, 201);
    tally.record('POST /x', 40, 404);
    const rows = tally.rows();
    assert.deepEqual(rows.map((r) => [r.route, r.count, r.errors, r.p50, r.max]), [
      ['GET /', 6, 0, 3, 9],
      ['POST /x', 4, 3, 20, 40],
    ]);
    const total = tally.total();
    assert.equal(total.count, 10);
    assert.equal(total.errors, 3);
    assert.equal(tally.examples.length, 3);
    assert.match(tally.examples[1]!, /network error/);
  });

  it('success is 2xx and 3xx only', () => {
    assert.deepEqual([0, 101, 200, 204, 303, 399, 400, 429, 503].map(isSuccess), [false, false, true, true, true, true, false, false, false]);
  });
});

describe('parseProcStat', () => {
  it('reads CPU ticks, start time and parent, with spaces and parentheses in the command name', () => {
    const fields = ['S', '41', '41', '41', '0', '-1', '4194304', '100', '0', '0', '0', '250', '30', '7', '3', '20', '0', '1', '0', '98765', '1000', '10'];
    const parsed = parseProcStat(`4242 (postgres: a (b) c) ${fields.join(' ')}\n`);
    assert.deepEqual(parsed, { pid: 4242, ppid: 41, cpuTicks: 280, reapedTicks: 10, start: 98765 });
  });

  it('answers null for a truncated line', () => {
    assert.equal(parseProcStat('12 (x) S 1'), null);
    assert.equal(parseProcStat(''), null);
  });
});

describe('CpuTracker: CPU over a window, never negative', () => {
  it('sums what each process spent since the first observation', () => {
    const t = new CpuTracker();
    t.observe([proc(10, 1, 100), proc(11, 1, 50)]);
    t.observe([proc(10, 1, 130), proc(11, 1, 55)]);
    assert.equal(t.ticks(), 35);
  });

  it('a process that exits keeps what it spent until its last observation (the old way went negative)', () => {
    const t = new CpuTracker();
    t.observe([proc(10, 1, 100), proc(20, 5, 900)]);
    t.observe([proc(10, 1, 110), proc(20, 5, 950)]);
    t.observe([proc(10, 1, 120)]); // 20 exited
    assert.equal(t.ticks(), 70);
    // What `after − before` over the processes listed at the start gives when one of them is gone:
    assert.ok(120 - (100 + 900) < 0);
  });

  it('a process born in the window counts from zero; a reused pid is another process', () => {
    const t = new CpuTracker();
    t.observe([proc(10, 1, 100)]);
    t.observe([proc(10, 1, 100), proc(30, 50, 7)]); // born after the start, 7 ticks already
    t.observe([proc(10, 77, 3)]); // pid 10 reused by a new process
    assert.equal(t.ticks(), 7 + 3);
    assert.equal(t.processes, 3);
  });

  it('a counter read lower than before (a torn read) never subtracts', () => {
    const t = new CpuTracker();
    t.observe([proc(10, 1, 100)]);
    t.observe([proc(10, 1, 90)]);
    assert.equal(t.ticks(), 0);
    t.observe([proc(10, 1, 105)]);
    assert.equal(t.ticks(), 5);
  });

  it('no observation: zero', () => assert.equal(new CpuTracker().ticks(), 0));

  it('with the parent\'s reaped time: a backend that exits counts exactly what it spent in the window', () => {
    const t = new CpuTracker();
    // postmaster 1 (own 10 ticks, reaped 500), backend 2 at 100 ticks when the window opens
    t.observe([proc(1, 1, 10), proc(2, 5, 100)], 500);
    t.observe([proc(1, 1, 11), proc(2, 5, 120)], 500);
    // backend 2 exits at 150 ticks (reaped: +150), a short-lived worker never seen spent 30 (+30)
    t.observe([proc(1, 1, 12)], 680);
    assert.equal(t.ticks(), 2 + (150 - 100) + 30);
  });

  it('with the reaped time: a backend born and gone in the window counts whole, once', () => {
    const t = new CpuTracker();
    t.observe([proc(1, 1, 10)], 0);
    t.observe([proc(1, 1, 10), proc(3, 90, 40)], 0);
    t.observe([proc(1, 1, 10)], 45); // 3 exited at 45 ticks
    assert.equal(t.ticks(), 45);
  });

  it('with the reaped time: a child read just before it was reaped is counted twice for a moment, never less', () => {
    const t = new CpuTracker();
    t.observe([proc(1, 1, 10), proc(2, 5, 100)], 0);
    t.observe([proc(1, 1, 10), proc(2, 5, 110)], 110); // read alive, then the parent had reaped it
    assert.equal(t.ticks(), 10 + 110 - 0 - 0);
    t.observe([proc(1, 1, 10)], 110);
    assert.equal(t.ticks(), 10);
  });
});

describe('machineTicks (/proc/stat)', () => {
  it('busy is everything but idle, iowait and steal; guest time is not counted twice', () => {
    const text = 'cpu  100 5 50 1000 20 3 2 1 40 0\ncpu0 50 2 25 500 10 1 1 0 20 0\nintr 1 2 3\n';
    assert.deepEqual(machineTicks(text), { busy: 100 + 5 + 50 + 3 + 2, total: 1181 });
  });
  it('no cpu line: zero', () => assert.deepEqual(machineTicks('intr 1\n'), { busy: 0, total: 0 }));
});

describe('memoryField', () => {
  it('reads VmRSS from status and Pss from smaps_rollup, in bytes', () => {
    assert.equal(memoryField('Name:\tnode\nVmPeak:\t  999 kB\nVmRSS:\t   2048 kB\n', 'VmRSS'), 2048 * 1024);
    assert.equal(memoryField('00400000-7ff [rollup]\nRss:    4000 kB\nPss:    1500 kB\nPss_Anon: 10 kB\n', 'Pss'), 1500 * 1024);
    assert.equal(memoryField('nothing here', 'Pss'), 0);
  });
});

describe('dueArrivals (open model)', () => {
  const cases: Array<[string, number, number, number, number]> = [
    ['nothing due at the start', 20, 0, 0, 0],
    ['20/s after 1 s', 20, 1, 0, 20],
    ['already started', 20, 1, 20, 0],
    ['half a second at 20/s', 20, 0.5, 5, 5],
    ['a late tick catches up, at most one second of arrivals at once', 20, 10, 0, 20],
    ['never negative when ahead', 20, 1, 30, 0],
    ['a slow rate', 0.5, 3, 1, 0],
  ];
  for (const [name, rate, elapsed, started, expected] of cases) it(name, () => assert.equal(dueArrivals(rate, elapsed, started), expected));
});

describe('pickWeighted', () => {
  const mix = { a: 1, b: 3, c: 0, d: 1 };
  const cases: Array<[number, string]> = [[0, 'a'], [0.19, 'a'], [0.2, 'b'], [0.79, 'b'], [0.8, 'd'], [0.9999, 'd'], [1, 'd']];
  for (const [r, expected] of cases) it(`r = ${r} → ${expected} (a weight of 0 is never picked)`, () => assert.equal(pickWeighted(mix, r), expected));
});

describe('report tables', () => {
  it('one markdown row per route and a total, with the rate per second', () => {
    const tally = new RouteTally();
    tally.record('GET /', 1.234, 200);
    tally.record('GET /', 150, 200);
    tally.record('POST /api/dossiers', 12.5, 503);
    const table = routeTable(tally.rows(), tally.total(), 2);
    const lines = table.split('\n');
    assert.equal(lines.length, 5);
    assert.equal(lines[0], '| route | requests | per s | errors | p50 ms | p95 ms | p99 ms | max ms |');
    assert.equal(lines[2], '| `GET /` | 2 | 1.0 | 0 | 1.23 | 150 | 150 | 150 |');
    assert.equal(lines[3], '| `POST /api/dossiers` | 1 | 0.5 | 1 | 12.5 | 12.5 | 12.5 | 12.5 |');
    assert.equal(lines[4], '| **all requests** | 3 | 1.5 | 1 | 12.5 | 150 | 150 | 150 |');
  });

  it('the resource table gives CPU seconds, share of one core and memory in MB', () => {
    const table = resourceTable(
      { seconds: 10, serverCpuSeconds: 5, postgresCpuSeconds: 2.5, generatorCpuSeconds: 1, serverRssPeakBytes: 200 * 1024 * 1024, serverRssEndBytes: 180 * 1024 * 1024, postgresPssPeakBytes: 300 * 1024 * 1024, postgresProcesses: 12, machineCpuSeconds: 12 },
      2,
    );
    assert.match(table, /\| server \(`opendvc serve`\) \| 5\.0 s \| 50% of one core \(of 2\) \| RSS peak 200 MB, end 180 MB \|/);
    assert.match(table, /PostgreSQL \(12 processes seen\) \| 2\.5 s \| 25% of one core/);
    assert.match(table, /PSS peak 300 MB/);
    assert.match(table, /load generator \| 1\.0 s \| 10% of one core/);
    assert.match(table, /other processes on the machine \| 3\.5 s \| 35% of one core/);
  });

  it('other processes never go below zero (the machine counters are read at other instants)', () => {
    const table = resourceTable({ seconds: 10, serverCpuSeconds: 5, postgresCpuSeconds: 2.5, generatorCpuSeconds: 1, serverRssPeakBytes: 0, serverRssEndBytes: 0, postgresPssPeakBytes: 0, postgresProcesses: 1, machineCpuSeconds: 8 }, 2);
    assert.match(table, /other processes on the machine \| 0\.0 s \| 0% of one core/);
  });
});
