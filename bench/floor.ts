// Bench of the one-stop floor (issue 20):
// (a) the live board with 50 screens open. Ticket changes at a steady 2 a second (each a ticket issued through the
//     floor service: its statements and its NOTIFY floor), in short windows that alternate WITHOUT the screens and
//     WITH the 50 screens, pair after pair (6 pairs of 8 s; the order flips every pair, without/with then
//     with/without, so a steady drift of the machine cancels). Both windows of a pair run the same changes at the
//     same rate. Measured per window: the CPU of the board's server process and of PostgreSQL (every process of
//     the cluster), per second of the window, to the nanosecond (/proc/<pid>/task/*/schedstat); a pair's
//     difference (with − without) is what the board cost in that pair, the MEDIAN of the pairs is the figure (each
//     pair printed with it, and on stderr the server / PostgreSQL split). Target: ≤ 1% of one core.
//     The server (bench/floor-server.ts: buildApp on the bench database, its board fed by LISTEN floor) runs in a
//     process of its own and the changes are made from this process: the server's CPU is then the board's and its
//     HTTP server's, not the ticket issuing's (the same on both sides, yet with this process's large heap the
//     noisiest part of the old single-process figure). PostgreSQL counts everything: the changes' statements, the
//     board's reads, the notifications.
//     The 50 screens are a child process too (their receiving and parsing is the TVs' work), opened and closed
//     outside the windows: each window starts once the server has seen them all attached or all gone. After the
//     first screen the board's LISTEN connection stays open, in the windows without screens too: the notifications
//     it receives while no board is open (a map look-up each) are on both sides of the difference.
//     Warm-up first, unmeasured: 100 changes with the screens (V8 optimises the board's code; prepared statements).
//     2 changes a second is 7,200 ticket changes an hour — harsher than a large centre (a busy provincial centre
//     issues 1,000–2,000 tickets a day, each changed 3–4 times: issued, called, served, done).
// (b) "call next" p95 ≤ 20 ms with a few counters calling at once (FloorService.callNext, then skip to free the
//     counter), in this process.
// Run from bench/run.ts (`BENCH_ONLY=floor`).
import { fork, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Actor } from '../src/core/actor.ts';
import { vietnamDate } from '../src/core/time.ts';
import type { AppContext } from '../src/container.ts';
import type { BoardCounts } from '../src/modules/floor/floor.board.ts';
import { postgresPids, stats, type Stats } from './measure.ts';

export interface FloorBench {
  screens: number;
  changesPerSecond: number;
  boardCorePercent: number;
  callNext: Stats;
  boardOk: boolean;
  callOk: boolean;
  boardDetail: string;
  callDetail: string;
}

const AGENCY = '000.00.12.G14';

/** A process's CPU seconds so far, every thread of it, to the nanosecond (/proc/<pid>/task/<tid>/schedstat). */
function processCpuSeconds(pid: number): number {
  let ns = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      /* the thread ended meanwhile */
    }
  }
  return ns / 1e9;
}

interface BoardServer {
  pid: number;
  port: number;
  counts(): Promise<BoardCounts>;
  /** A full garbage collection in the server. */
  collect(): Promise<void>;
  close(): Promise<void>;
}

/** The board's server in its own process (bench/floor-server.ts). */
function boardServer(url: string, dataDir: string): Promise<BoardServer> {
  const child = fork(path.join(import.meta.dirname, 'floor-server.ts'), [url, dataDir], { execArgv: ['--import', 'tsx', '--expose-gc', '--no-memory-reducer'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting: Array<(counts: BoardCounts) => void> = [];
  const collecting: Array<() => void> = [];
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the board's server exited (${code})`)));
    child.on('message', (message: { port?: number; counts?: BoardCounts; collected?: boolean }) => {
      if (message.counts) waiting.shift()?.(message.counts);
      if (message.collected) collecting.shift()?.();
      if (message.port)
        resolve({
          pid: child.pid!,
          port: message.port,
          counts: () =>
            new Promise<BoardCounts>((done) => {
              waiting.push(done);
              child.send('counts');
            }),
          collect: () =>
            new Promise<void>((done) => {
              collecting.push(done);
              child.send('gc');
            }),
          close: () =>
            new Promise<void>((done) => {
              child.once('exit', () => done());
              child.send('close');
            }),
        });
    });
  });
}

/**
 * PostgreSQL's CPU at an instant, to the nanosecond: each live process's time on a CPU (/proc/<pid>/schedstat), and
 * the time of the children the postmaster has already reaped (cutime + cstime, in ticks). The 10-ms ticks of
 * /proc/<pid>/stat, summed over a handful of processes, were ±0.3% of a core on an 8-s window — the size of
 * what is measured.
 */
interface PgReading {
  live: Map<number, number>;
  reaped: number;
}

function pgReading(dataDir: string): PgReading {
  const live = new Map<number, number>();
  const pids = postgresPids(dataDir);
  for (const pid of pids) {
    try {
      live.set(pid, Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e9);
    } catch {
      /* gone meanwhile: its time is in the postmaster's reaped children */
    }
  }
  let reaped = 0;
  try {
    const stat = readFileSync(`/proc/${pids[0]}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    reaped = (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    /* the postmaster is gone: the bench fails anyway */
  }
  return { live, reaped };
}

/** PostgreSQL's CPU seconds between two readings: a process started meanwhile counts whole; one that exited
 * meanwhile counts its reaped total minus what it had at the first reading. */
function pgCpuBetween(a: PgReading, b: PgReading): number {
  let cpu = b.reaped - a.reaped;
  for (const [pid, t] of b.live) cpu += t - (a.live.get(pid) ?? 0);
  for (const [pid, t] of a.live) if (!b.live.has(pid)) cpu -= t;
  return cpu;
}

export async function setupFloor(ctx: AppContext, counters: number): Promise<{ agencyId: string; groupId: string; officers: Array<{ actor: Actor; counterId: string }> }> {
  const db = ctx.db;
  const agency = await db.selectFrom('agencies').select('id').where('code', '=', AGENCY).executeTakeFirstOrThrow();
  const hash = await db.selectFrom('accounts').select('password_hash').where('username', '=', 'demo.motcua').executeTakeFirstOrThrow();
  const group = await db.insertInto('floor_groups').values({ agency_id: agency.id, code: 'ZZ', name_vi: 'Bench', name_en: 'Bench' }).returning('id').executeTakeFirstOrThrow();
  const officers: Array<{ actor: Actor; counterId: string }> = [];
  for (let i = 0; i < counters; i++) {
    const username = `bench.floor${i}`;
    const account = await db.insertInto('accounts').values({ username, kind: 'staff', password_hash: hash.password_hash, full_name: `Cán bộ quầy ${i}`, agency_id: agency.id }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('account_roles').values({ account_id: account.id, role: 'receptionist', agency_id: agency.id }).execute();
    const counter = await db.insertInto('floor_counters').values({ agency_id: agency.id, number: 900 + i, label: 'Bench', officer_id: account.id, opened_at: new Date() }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('floor_counter_groups').values({ counter_id: counter.id, group_id: group.id }).execute();
    officers.push({ counterId: counter.id, actor: { id: account.id, username, fullName: `Cán bộ quầy ${i}`, kind: 'staff', agencyId: agency.id, departmentId: null, organisationId: null, roles: [{ role: 'receptionist', agencyId: agency.id }] } });
  }
  return { agencyId: agency.id, groupId: group.id, officers };
}

// The screens live in a child process: their receiving and parsing is the TVs' work, not the server's, and must not
// be counted in this process's CPU. The child reads commands on its stdin: `open` opens `n` event streams and answers
// `open` once each got its first snapshot; `close` drops them all and answers `closed <frames>` (the snapshot frames
// received since the last open).
const SCREENS_SCRIPT = `
const http = require('node:http');
const [url, n] = process.argv.slice(1);
let frames = 0, requests = [];
function open() {
  frames = 0;
  let ready = 0;
  requests = [];
  for (let i = 0; i < Number(n); i++) {
    let first = true;
    const req = http.get(url, { headers: { accept: 'text/event-stream' } }, (res) => {
      res.on('data', (chunk) => {
        const got = chunk.toString().split('event: snapshot').length - 1;
        frames += got;
        if (first && got > 0) { first = false; if (++ready === Number(n)) process.stdout.write('open\\n'); }
      });
    });
    req.on('error', () => {});
    requests.push(req);
  }
}
let buffered = '';
process.stdin.on('data', (chunk) => {
  buffered += chunk.toString();
  let i;
  while ((i = buffered.indexOf('\\n')) >= 0) {
    const command = buffered.slice(0, i);
    buffered = buffered.slice(i + 1);
    if (command === 'open') open();
    if (command === 'close') { for (const r of requests) r.destroy(); requests = []; process.stdout.write('closed ' + frames + '\\n'); }
  }
});
process.stdin.on('end', () => process.exit(0));
`;

interface Screens {
  open(): Promise<void>;
  /** Answers the snapshot frames the screens received while open. */
  close(): Promise<number>;
  end(): Promise<void>;
}

export function screensProcess(url: string, n: number): Screens {
  const child = spawn(process.execPath, ['-e', SCREENS_SCRIPT, url, String(n)], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  const waiters: Array<() => void> = [];
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    for (const w of waiters.splice(0)) w();
  });
  const answer = async (pattern: RegExp): Promise<RegExpExecArray> => {
    for (;;) {
      const m = pattern.exec(out);
      if (m) {
        out = out.slice(m.index + m[0].length);
        return m;
      }
      await new Promise<void>((r) => waiters.push(r));
    }
  };
  return {
    async open() {
      child.stdin.write('open\n');
      await answer(/open\n/);
    },
    async close() {
      child.stdin.write('close\n');
      return Number((await answer(/closed (\d+)\n/))[1]);
    },
    end: () =>
      new Promise<void>((done) => {
        child.once('exit', () => done());
        child.stdin.end();
      }),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export async function benchFloor(options: { ctx: AppContext; url: string; pgDataDir: string; screens?: number; pairs?: number; seconds?: number; changesPerSecond?: number; counters?: number; calls?: number }): Promise<FloorBench> {
  const screensWanted = options.screens ?? 50;
  const pairs = options.pairs ?? 6;
  const seconds = options.seconds ?? 8;
  const rate = options.changesPerSecond ?? 2;
  const ctx = options.ctx;
  const server = await boardServer(options.url, options.ctx.config.dataDir);
  const screens = screensProcess(`http://127.0.0.1:${server.port}/quay/${AGENCY}/bang/su-kien`, screensWanted);
  try {
    const floor = await setupFloor(ctx, options.counters ?? 4);
    const issue = () => ctx.services.floor.issueTicket({ agencyId: floor.agencyId, groupId: floor.groupId, source: 'officer' });
    // A change = one ticket issued (the floor service's own statements and NOTIFY), `count` of them at `rate` a second.
    const changes = async (count: number, perSecond = rate) => {
      const started = Date.now();
      for (let i = 0; i < count; i++) {
        await issue();
        const wait = started + ((i + 1) * 1000) / perSecond - Date.now();
        if (wait > 0) await sleep(wait);
      }
    };
    // The last change's snapshot is computed a debounce after it (200 ms): the window ends half a period later.
    const window = async () => {
      const computed0 = (await server.counts()).computed;
      const cpu0 = processCpuSeconds(server.pid);
      const pg0 = pgReading(options.pgDataDir);
      const t0 = process.hrtime.bigint();
      await changes(seconds * rate);
      await sleep(500 / rate);
      const wall = Number(process.hrtime.bigint() - t0) / 1e9;
      const cpu = processCpuSeconds(server.pid) - cpu0;
      const postgres = pgCpuBetween(pg0, pgReading(options.pgDataDir));
      const snapshots = (await server.counts()).computed - computed0;
      return { server: (cpu / wall) * 100, postgres: (postgres / wall) * 100, corePercent: ((cpu + postgres) / wall) * 100, snapshots };
    };
    const openScreens = async () => {
      await screens.open();
      while ((await server.counts()).screens < screensWanted) await sleep(20);
      await sleep(500);
    };
    const closeScreens = async () => {
      const frames = await screens.close();
      while ((await server.counts()).screens > 0) await sleep(20);
      await sleep(500);
      return frames;
    };
    // Warm-up, unmeasured: the board's statements prepared, its LISTEN connection open, the code paths optimised by
    // V8 (the first few dozen snapshots cost several times the later ones: without it the first window with the
    // screens pays for the compilation). 100 changes at 4 a second, each its own snapshot (debounce 200 ms).
    await openScreens();
    await changes(100, 4);
    await sleep(500);
    await closeScreens();
    // The server's start-up garbage (buildApp compiles every route's schemas: ~75 MB of heap) collected now, once.
    // Left alone, V8's memory reducer (its collections when a process allocates little, here started 10–15 s after
    // a full collection) shrank that heap in the middle of a window: ~0.4 s of CPU, 5% of a core on 8 s, once per
    // process. The server runs without it (--no-memory-reducer); the board's own garbage is collected as usual.
    await server.collect();
    await sleep(1000);

    type Window = Awaited<ReturnType<typeof window>>;
    const rows: Array<{ with: Window; without: Window }> = [];
    let frames = 0;
    for (let p = 0; p < pairs; p++) {
      const measureWith = async () => {
        await openScreens();
        const w = await window();
        frames += await closeScreens();
        return w;
      };
      let w: Window;
      let wo: Window;
      if (p % 2 === 0) {
        wo = await window();
        w = await measureWith();
      } else {
        w = await measureWith();
        wo = await window();
      }
      rows.push({ with: w, without: wo });
      process.stderr.write(
        `  floor board pair ${p + 1}/${pairs}: with ${w.corePercent.toFixed(2)}% (server ${w.server.toFixed(2)}, PostgreSQL ${w.postgres.toFixed(2)}), ` +
          `without ${wo.corePercent.toFixed(2)}% (server ${wo.server.toFixed(2)}, PostgreSQL ${wo.postgres.toFixed(2)}) → ${(w.corePercent - wo.corePercent).toFixed(2)}%\n`,
      );
    }
    const diffs = rows.map((r) => r.with.corePercent - r.without.corePercent);
    const boardCorePercent = median(diffs);
    const snapshots = rows.reduce((n, r) => n + r.with.snapshots, 0);
    const f = (x: number) => x.toFixed(2);
    const boardDetail =
      `${screensWanted} screens, ${rate} changes/s, ${pairs} pairs of ${seconds}-s windows without/with the screens (order alternating): ` +
      `the board ${f(boardCorePercent)}% of one core, the median of the pairs' differences (server ${f(median(rows.map((r) => r.with.server - r.without.server)))}, ` +
      `PostgreSQL ${f(median(rows.map((r) => r.with.postgres - r.without.postgres)))}; pairs ${diffs.map(f).join(', ')}; ` +
      `windows with ${f(median(rows.map((r) => r.with.corePercent)))}%, without ${f(median(rows.map((r) => r.without.corePercent)))}%, medians); ` +
      `screens in another process; ${snapshots} snapshots computed for ${pairs * seconds * rate} changes with screens, ${frames} frames received`;
    // (b) call next with the counters calling at once; each call followed by a skip (frees the counter).
    const calls = options.calls ?? 400;
    for (let i = 0; i < calls + 50; i++) await issue();
    const samples: number[] = [];
    let done = 0;
    await Promise.all(
      floor.officers.map(async ({ actor, counterId }) => {
        while (done < calls) {
          done++;
          const t = process.hrtime.bigint();
          const ticket = await ctx.services.floor.callNext(actor, counterId);
          samples.push(Number(process.hrtime.bigint() - t) / 1e6);
          await ctx.services.floor.act(actor, ticket.id, 'skip');
        }
      }),
    );
    const callNext = stats(samples);
    return {
      screens: screensWanted,
      changesPerSecond: rate,
      boardCorePercent,
      callNext,
      boardOk: boardCorePercent <= 1,
      callOk: callNext.p95 <= 20,
      boardDetail,
      callDetail: `${samples.length} calls by ${floor.officers.length} counters at once (day ${vietnamDate(new Date())}): p50 ${callNext.p50.toFixed(1)} ms, p95 ${callNext.p95.toFixed(1)} ms`,
    };
  } finally {
    await screens.end();
    await server.close();
  }
}
