// `npm run load`: a mixed load on one server, bounded in time, over loopback only. New visitor sessions arrive at a
// fixed rate whatever the server's speed (an open model): citizens reading the catalog, looking up, submitting with
// a file; the receptionist accepting and forwarding; a specialist at the queue; the leader opening the reports.
// After a warm-up, it measures per route (count, errors, p50/p95/p99), the server's and PostgreSQL's CPU and memory
// (from /proc) and the arrival rate achieved; prints the tables, writes them as markdown, and exits 1 on any error.
//
// LOAD_RATE (new sessions per second, default 20), LOAD_SECONDS (measured, default 60), LOAD_WARMUP_SECONDS (10),
// LOAD_THINK_MS (pause between two requests of a session, min-max, default 1000-6000), LOAD_MAX_SESSIONS (2000),
// LOAD_MIX (e.g. browse=45,lookup=20,submit=15,reception=8,specialist=8,leader=4), LOAD_PROCEDURES (2000),
// LOAD_AGENCY_DOSSIERS (20000), LOAD_CITIZENS (200), LOAD_REPORT (markdown file, default in the temp directory).
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { postgresPids } from './measure.ts';
import { CpuTracker, dueArrivals, machineTicks, memoryField, parseProcStat, pickWeighted, resourceTable, routeTable, RouteTally, type ProcStat } from './load-stats.ts';
import { closeAgent, DEFAULT_MIX, isStopped, RUN, SCENARIOS, type LoadContext, type Scenario } from './load-scenarios.ts';
import { createWorld } from './load-setup.ts';

const env = process.env;
const RATE = Number(env.LOAD_RATE ?? 20);
const SECONDS = Number(env.LOAD_SECONDS ?? 60);
const WARMUP = Number(env.LOAD_WARMUP_SECONDS ?? 10);
const [THINK_MIN, THINK_MAX] = (env.LOAD_THINK_MS ?? '1000-6000').split('-').map(Number) as [number, number];
const MAX_SESSIONS = Number(env.LOAD_MAX_SESSIONS ?? 2000);
const MIX = parseMix(env.LOAD_MIX);
const REPORT = env.LOAD_REPORT ?? path.join(os.tmpdir(), 'opendvc-load.md');
const PROCEDURES = Number(env.LOAD_PROCEDURES ?? 2000);
const AGENCY_DOSSIERS = Number(env.LOAD_AGENCY_DOSSIERS ?? 20_000);
const CITIZENS = Number(env.LOAD_CITIZENS ?? 200);
const TICK = 100; // USER_HZ: /proc CPU times are in 1/100 s

function parseMix(text: string | undefined): Record<Scenario, number> {
  if (!text) return DEFAULT_MIX;
  const mix = Object.fromEntries(SCENARIOS.map((s) => [s, 0])) as Record<Scenario, number>;
  for (const part of text.split(',')) {
    const [name, weight] = part.split('=').map((s) => s.trim());
    if (!(SCENARIOS as readonly string[]).includes(name ?? '') || !(Number(weight) >= 0)) throw new Error(`LOAD_MIX: ${part}? (scenarios: ${SCENARIOS.join(', ')})`);
    mix[name as Scenario] = Number(weight);
  }
  return mix;
}

function readStat(pid: number): ProcStat | null {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null; // gone
  }
}

function readMachine(): { busy: number; total: number } {
  try {
    return machineTicks(readFileSync('/proc/stat', 'utf8'));
  } catch {
    return { busy: 0, total: 0 };
  }
}

function readMemory(pid: number, file: 'status' | 'smaps_rollup', field: 'VmRSS' | 'Pss'): number {
  try {
    return memoryField(readFileSync(`/proc/${pid}/${file}`, 'utf8'), field);
  } catch {
    return 0;
  }
}

async function main() {
  const log = (m: string) => process.stderr.write(`${m}\n`);
  if (!(RATE > 0 && SECONDS > 0 && WARMUP >= 0 && THINK_MAX >= THINK_MIN && THINK_MIN >= 0)) throw new Error('LOAD_RATE, LOAD_SECONDS, LOAD_WARMUP_SECONDS or LOAD_THINK_MS out of range');
  const world = await createWorld({
    procedures: PROCEDURES,
    agencyDossiers: AGENCY_DOSSIERS,
    citizens: CITIZENS,
    waiting: Math.ceil(RATE * (SECONDS + WARMUP) * ((MIX.reception ?? 0) / Object.values(MIX).reduce((a, b) => a + b, 0)) * 1.5) + 100,
    log,
  });
  // Ctrl-C: the server and the embedded PostgreSQL (its own process group) are stopped, not left behind.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping the server and PostgreSQL`);
      void closeAgent().catch(() => {}).finally(() => world.stop().finally(() => process.exit(130)));
    });
  }
  let exitCode = 1;
  try {
    const tally = new RouteTally();
    let measuring = false;
    let stopping = false;
    const ctx: LoadContext = {
      world,
      tally,
      measuring: () => measuring,
      stopping: () => stopping,
      think: () => THINK_MIN + Math.random() * (THINK_MAX - THINK_MIN),
      random: Math.random,
    };

    // Resources: sampled every 250 ms during the measured window.
    const serverCpu = new CpuTracker();
    const postgresCpu = new CpuTracker();
    let serverRssPeak = 0;
    let postgresPssPeak = 0;
    const sample = () => {
      const server = readStat(world.serverPid);
      if (server) serverCpu.observe([server], server.reapedTicks);
      serverRssPeak = Math.max(serverRssPeak, readMemory(world.serverPid, 'status', 'VmRSS'));
      // The backends first, then the postmaster with the time of the backends it has reaped (CpuTracker).
      let pids: number[];
      try {
        pids = postgresPids(world.pgDataDir);
      } catch {
        return; // the cluster is stopping (Ctrl-C)
      }
      const children = pids.slice(1).map(readStat).filter((p): p is ProcStat => p !== null);
      const postmaster = readStat(pids[0]!);
      if (postmaster) postgresCpu.observe([postmaster, ...children], postmaster.reapedTicks);
      postgresPssPeak = Math.max(postgresPssPeak, pids.reduce((sum, pid) => sum + readMemory(pid, 'smaps_rollup', 'Pss'), 0));
    };

    let active = 0;
    let peakActive = 0;
    let activeSum = 0;
    let activeSamples = 0;
    let startedInWindow = 0;
    let refused = 0;
    const started: Record<Scenario, number> = Object.fromEntries(SCENARIOS.map((s) => [s, 0])) as Record<Scenario, number>;
    const sessions = new Set<Promise<void>>();
    const launch = () => {
      if (active >= MAX_SESSIONS) {
        if (measuring) refused++;
        return;
      }
      const scenario = pickWeighted(MIX, Math.random());
      if (measuring) {
        startedInWindow++;
        started[scenario]++;
      }
      active++;
      if (measuring) peakActive = Math.max(peakActive, active);
      const run = RUN[scenario](ctx)
        .catch((error: unknown) => {
          if (!isStopped(error)) tally.record(`session ${scenario}`, 0, 0, (error as Error).message);
        })
        .finally(() => {
          active--;
          sessions.delete(run);
        });
      sessions.add(run);
    };

    log(`load: ${RATE} new sessions/s, ${WARMUP} s warm-up then ${SECONDS} s measured, think ${THINK_MIN}-${THINK_MAX} ms, mix ${JSON.stringify(MIX)}`);
    const t0 = performance.now();
    let launched = 0;
    let windowStart = 0;
    let cpuAtStart = process.cpuUsage();
    let machineAtStart = readMachine();
    let loadBefore = 0;
    let sampler: NodeJS.Timeout | null = null;
    for (;;) {
      const elapsed = (performance.now() - t0) / 1000;
      if (!measuring && elapsed >= WARMUP) {
        measuring = true;
        windowStart = performance.now();
        cpuAtStart = process.cpuUsage();
        machineAtStart = readMachine();
        loadBefore = os.loadavg()[0]!;
        sample();
        sampler = setInterval(sample, 250);
        log('measuring');
      }
      if (elapsed >= WARMUP + SECONDS) break;
      const due = dueArrivals(RATE, elapsed, launched);
      for (let i = 0; i < due; i++) launch();
      launched += due;
      if (measuring) {
        activeSum += active;
        activeSamples++;
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    // The window closes: CPU and memory are read a last time; the requests in flight are measured to their answer,
    // and each session ends at its next request.
    sample();
    if (sampler) clearInterval(sampler);
    const generatorCpu = process.cpuUsage(cpuAtStart);
    const machineBusy = Math.max(0, readMachine().busy - machineAtStart.busy);
    const loadAfter = os.loadavg()[0]!;
    const serverRssEnd = readMemory(world.serverPid, 'status', 'VmRSS');
    measuring = false;
    stopping = true;
    const windowSeconds = (performance.now() - windowStart) / 1000;
    const cpuSeconds = windowSeconds;
    log(`window closed after ${windowSeconds.toFixed(1)} s; ${sessions.size} sessions finishing`);
    await Promise.race([Promise.allSettled([...sessions]), new Promise((resolve) => setTimeout(resolve, 60_000))]);

    const rows = tally.rows();
    const total = tally.total();
    const figures = {
      seconds: cpuSeconds,
      serverCpuSeconds: serverCpu.ticks() / TICK,
      postgresCpuSeconds: postgresCpu.ticks() / TICK,
      generatorCpuSeconds: (generatorCpu.user + generatorCpu.system) / 1e6,
      serverRssPeakBytes: serverRssPeak,
      serverRssEndBytes: serverRssEnd,
      postgresPssPeakBytes: postgresPssPeak,
      postgresProcesses: postgresCpu.processes,
      machineCpuSeconds: machineBusy / TICK,
    };
    const cores = os.cpus().length;
    const achieved = startedInWindow / windowSeconds;
    const machine = `${cores} cores (${os.cpus()[0]?.model.trim() ?? 'unknown'}), ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB RAM, Linux ${os.release()}, Node ${process.version}, PostgreSQL ${world.pgVersion} (embedded)`;
    const markdown = [
      `### npm run load — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
      '',
      `Machine: ${machine}. Load generator, server and PostgreSQL share it; load average (1 min) ${loadBefore.toFixed(1)} when the window opened, ${loadAfter.toFixed(1)} when it closed.`,
      '',
      `Arrivals: ${RATE} new sessions/s asked, **${achieved.toFixed(1)}/s achieved** (${startedInWindow} sessions in ${windowSeconds.toFixed(1)} s measured after ${WARMUP} s of warm-up${refused ? `; ${refused} refused at the cap of ${MAX_SESSIONS}` : ''}); ` +
        `concurrent sessions: mean ${(activeSum / Math.max(1, activeSamples)).toFixed(0)}, peak ${peakActive}; think time ${THINK_MIN}–${THINK_MAX} ms between requests.`,
      `Sessions started by kind: ${SCENARIOS.map((s) => `${s} ${started[s]}`).join(', ')}.`,
      `Requests: ${total.count} (${(total.count / windowSeconds).toFixed(0)}/s), **${total.errors} errors**; data: the demo catalog + ${PROCEDURES} generated procedures, ${AGENCY_DOSSIERS} dossiers at the copyright office, ${CITIZENS} signed-in citizens.`,
      '',
      routeTable(rows, total, windowSeconds),
      '',
      `CPU over the measured window (${cpuSeconds.toFixed(1)} s, sampled every 250 ms); server CPU per request ${((figures.serverCpuSeconds * 1000) / Math.max(1, total.count)).toFixed(2)} ms, PostgreSQL ${((figures.postgresCpuSeconds * 1000) / Math.max(1, total.count)).toFixed(2)} ms:`,
      '',
      resourceTable(figures, cores),
      ...(tally.examples.length ? ['', 'First errors:', '', ...tally.examples.map((e) => `- ${e.replace(/\s+/g, ' ')}`)] : []),
      '',
    ].join('\n');
    process.stdout.write(`\n${markdown}\n`);
    writeFileSync(REPORT, markdown);
    log(`written to ${REPORT}`);
    exitCode = total.errors > 0 ? 1 : 0;
  } finally {
    await closeAgent();
    await world.stop();
  }
  process.exit(exitCode);
}

await main();
