// The pure parts of `npm run load`: percentiles, per-route tallies, CPU and memory of processes from /proc
// (deltas that never go negative), the arrival schedule, the scenario mix, and the report table.

/** The q-quantile (0 < q ≤ 1) of ascending `sorted` samples by the nearest-rank method; 0 when there are none. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil(q * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export interface RouteRow {
  route: string;
  count: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Is this answer a success? 2xx and 3xx are; anything else (4xx, 5xx, no answer = 0) is an error. */
export function isSuccess(status: number): boolean {
  return status >= 200 && status < 400;
}

/** Latencies and errors per route name (a route is a page or an API call of a scenario, not a URL). */
export class RouteTally {
  private readonly samples = new Map<string, number[]>();
  private readonly failures = new Map<string, number>();
  /** The first few errors, to print (route, status or network error, URL). */
  readonly examples: string[] = [];

  record(route: string, ms: number, status: number, detail = ''): void {
    let list = this.samples.get(route);
    if (!list) this.samples.set(route, (list = []));
    list.push(ms);
    if (!isSuccess(status)) {
      this.failures.set(route, (this.failures.get(route) ?? 0) + 1);
      if (this.examples.length < 20) this.examples.push(`${route}: ${status === 0 ? 'network error' : status} ${detail}`.trim());
    }
  }

  rows(): RouteRow[] {
    return [...this.samples.entries()]
      .map(([route, list]) => {
        const sorted = [...list].sort((a, b) => a - b);
        return { route, count: sorted.length, errors: this.failures.get(route) ?? 0, p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), p99: percentile(sorted, 0.99), max: sorted[sorted.length - 1] ?? 0 };
      })
      .sort((a, b) => a.route.localeCompare(b.route));
  }

  /** Every route together. */
  total(): RouteRow {
    const all = [...this.samples.values()].flat().sort((a, b) => a - b);
    const errors = [...this.failures.values()].reduce((a, b) => a + b, 0);
    return { route: 'all requests', count: all.length, errors, p50: percentile(all, 0.5), p95: percentile(all, 0.95), p99: percentile(all, 0.99), max: all[all.length - 1] ?? 0 };
  }
}

/** One process read from /proc/<pid>/stat: its identity (pid and start time, so a reused pid is another process) and CPU. */
export interface ProcStat {
  pid: number;
  /** Start time after boot, in clock ticks (field 22). */
  start: number;
  /** User + system CPU time, in clock ticks (fields 14 and 15). */
  cpuTicks: number;
  /** User + system CPU time of the children it has waited for (reaped), in clock ticks (fields 16 and 17). */
  reapedTicks: number;
  /** Parent pid (field 4). */
  ppid: number;
}

/** Parses the text of /proc/<pid>/stat (the command name may hold spaces and parentheses: fields count from the last ')'). */
export function parseProcStat(text: string): ProcStat | null {
  const close = text.lastIndexOf(')');
  const open = text.indexOf('(');
  if (close < 0 || open < 0) return null;
  const pid = Number(text.slice(0, open).trim());
  const fields = text.slice(close + 2).trim().split(/\s+/); // fields[0] is field 3 (state)
  const [ppid, utime, stime, cutime, cstime, start] = [1, 11, 12, 13, 14, 19].map((i) => Number(fields[i] ?? NaN));
  if (![pid, ppid, utime, stime, cutime, cstime, start].every(Number.isFinite)) return null;
  return { pid, start: start!, cpuTicks: utime! + stime!, reapedTicks: cutime! + cstime!, ppid: ppid! };
}

/**
 * CPU spent by a changing set of processes over a window, from readings of /proc taken every so often. Each process
 * is known by pid and start time; one seen at the first reading counts from that value, one born later from zero.
 *
 * When the readings also give the parent's reaped-children time (`reaped`: the postmaster's cutime + cstime, which
 * grows by a child's whole lifetime when the child exits), the total is exact: the parent's reaped time gained in the
 * window, plus what each live child gained, minus — for each child that was there at the start and has exited — what
 * it had spent before the window (its lifetime is in the reaped time). Read the children before the parent, so that a
 * child reaped between the two reads is counted twice for a moment rather than missed. Without `reaped`, a process
 * that exits keeps what it had at its last reading (the time after it is lost, never subtracted).
 *
 * The total is never negative: per process, a counter only moves forward, and the sum is floored at zero. The bench's
 * old way (the processes listed at the start, their sum after minus before) went negative whenever a PostgreSQL
 * backend of that list exited during the window.
 */
export class CpuTracker {
  private readonly first = new Map<string, number>();
  private readonly last = new Map<string, number>();
  private present = new Set<string>();
  private reapedFirst: number | null = null;
  private reapedLast = 0;
  private started = false;

  observe(processes: readonly ProcStat[], reaped?: number): void {
    const present = new Set<string>();
    for (const p of processes) {
      const key = `${p.pid}@${p.start}`;
      present.add(key);
      if (!this.first.has(key)) this.first.set(key, this.started ? 0 : p.cpuTicks);
      this.last.set(key, Math.max(this.last.get(key) ?? 0, p.cpuTicks));
    }
    this.present = present;
    if (reaped !== undefined) {
      this.reapedFirst ??= reaped;
      this.reapedLast = Math.max(this.reapedLast, reaped);
    }
    this.started = true;
  }

  /** Clock ticks spent in the window by the processes observed (and, with `reaped`, by the children that exited). */
  ticks(): number {
    let total = 0;
    const exact = this.reapedFirst !== null;
    for (const [key, first] of this.first) {
      const gained = Math.max(0, (this.last.get(key) ?? first) - first);
      if (!exact || this.present.has(key)) total += gained;
      else total -= first; // exited: its whole lifetime is in the reaped time
    }
    if (exact) total += Math.max(0, this.reapedLast - this.reapedFirst!);
    return Math.max(0, total);
  }

  /** Processes observed. */
  get processes(): number {
    return this.first.size;
  }
}

/** The machine's CPU counters from the first line of /proc/stat, in clock ticks: busy (user, nice, system, irq, softirq: not idle, iowait or steal) and total. */
export function machineTicks(procStat: string): { busy: number; total: number } {
  const line = procStat.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) return { busy: 0, total: 0 };
  // user nice system idle iowait irq softirq steal (guest and guest_nice are already inside user and nice)
  const v = line.trim().split(/\s+/).slice(1, 9).map(Number).map((n) => (Number.isFinite(n) ? n : 0));
  const total = v.reduce((a, b) => a + b, 0);
  return { busy: total - (v[3] ?? 0) - (v[4] ?? 0) - (v[7] ?? 0), total };
}

/** Parses `VmRSS` (resident set) or `Pss` (proportional set: shared pages divided among their users) in kB → bytes. */
export function memoryField(text: string, field: 'VmRSS' | 'Pss'): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
  return match ? Number(match[1]) * 1024 : 0;
}

/**
 * The open arrival model: how many new sessions are due by `elapsedSeconds` at `perSecond`, given `started` so far.
 * The schedule catches up after a late timer tick (never more than `burst` at once, so a stalled generator does not
 * fire a flood it then measures).
 */
export function dueArrivals(perSecond: number, elapsedSeconds: number, started: number, burst = Math.max(1, Math.ceil(perSecond))): number {
  const due = Math.floor(perSecond * Math.max(0, elapsedSeconds)) - started;
  return Math.max(0, Math.min(burst, due));
}

/** Picks a scenario by weight with `r` in [0, 1). */
export function pickWeighted<T extends string>(weights: Readonly<Record<T, number>>, r: number): T {
  const entries = Object.entries(weights) as Array<[T, number]>;
  const sum = entries.reduce((a, [, w]) => a + Math.max(0, w), 0);
  let x = Math.min(Math.max(r, 0), 1 - Number.EPSILON) * sum;
  for (const [name, weight] of entries) {
    x -= Math.max(0, weight);
    if (x < 0) return name;
  }
  return entries[entries.length - 1]![0];
}

const ms = (v: number) => (v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0));

/** The per-route table as markdown (every route, then the total). */
export function routeTable(rows: readonly RouteRow[], total: RouteRow, seconds: number): string {
  const line = (r: RouteRow, bold = false) => {
    const name = bold ? `**${r.route}**` : `\`${r.route}\``;
    return `| ${name} | ${r.count} | ${seconds > 0 ? (r.count / seconds).toFixed(1) : '–'} | ${r.errors} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${ms(r.max)} |`;
  };
  return [
    '| route | requests | per s | errors | p50 ms | p95 ms | p99 ms | max ms |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((r) => line(r)),
    line(total, true),
  ].join('\n');
}

export interface ResourceFigures {
  /** Wall-clock seconds of the measured window. */
  seconds: number;
  serverCpuSeconds: number;
  postgresCpuSeconds: number;
  generatorCpuSeconds: number;
  serverRssPeakBytes: number;
  serverRssEndBytes: number;
  postgresPssPeakBytes: number;
  postgresProcesses: number;
  /** CPU of the whole machine in the window (every process, ours and others'). */
  machineCpuSeconds: number;
}

/** The resource table as markdown: CPU as seconds and as a share of one core, memory in MB. */
export function resourceTable(f: ResourceFigures, cores: number): string {
  const cpu = (s: number) => `${s.toFixed(1)} s | ${f.seconds > 0 ? ((s / f.seconds) * 100).toFixed(0) : '–'}% of one core (of ${cores})`;
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
  return [
    '| process | CPU in the window | share | memory |',
    '| --- | ---: | ---: | ---: |',
    `| server (\`opendvc serve\`) | ${cpu(f.serverCpuSeconds)} | RSS peak ${mb(f.serverRssPeakBytes)}, end ${mb(f.serverRssEndBytes)} |`,
    `| PostgreSQL (${f.postgresProcesses} processes seen) | ${cpu(f.postgresCpuSeconds)} | PSS peak ${mb(f.postgresPssPeakBytes)} (shared buffers counted once) |`,
    `| load generator | ${cpu(f.generatorCpuSeconds)} | – |`,
    `| other processes on the machine | ${cpu(Math.max(0, f.machineCpuSeconds - f.serverCpuSeconds - f.postgresCpuSeconds - f.generatorCpuSeconds))} | – |`,
  ].join('\n');
}
