// Bench of the one-stop floor (issue 20):
// (a) the live board with 50 screens open: ticket changes at a steady rate (each a ticket update + NOTIFY floor, as
//     the floor service does), the CPU of this process and of PostgreSQL measured with the 50 screens and, in the same
//     run, with none (the changes alone) — the difference is what the board costs. Target: ≤ 1% of one core.
// (b) "call next" p95 ≤ 20 ms with a few counters calling at once (FloorService.callNext, then skip to free the counter).
// Run from bench/run.ts (`BENCH_ONLY=floor`); the server is in this process (buildApp on the bench database), the 50
// screens in a child process (openScreens), so that this process's CPU is the server's alone.
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import type { Actor } from '../src/core/actor.ts';
import { vietnamDate } from '../src/core/time.ts';
import { createContext, type AppContext } from '../src/container.ts';
import { buildApp } from '../src/http/app.ts';
import { modules } from '../src/modules/index.ts';
import { postgresCpuSeconds, stats, type Stats } from './measure.ts';

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

function processCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

async function setupFloor(ctx: AppContext, counters: number): Promise<{ agencyId: string; groupId: string; officers: Array<{ actor: Actor; counterId: string }> }> {
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
// be counted in this process's CPU. The child opens `n` event streams, counts the snapshot frames, and prints the
// count when its stdin closes.
const SCREENS_SCRIPT = `
const http = require('node:http');
const [url, n] = process.argv.slice(1);
let frames = 0, open = 0;
const requests = [];
for (let i = 0; i < Number(n); i++) {
  const req = http.get(url, { headers: { accept: 'text/event-stream' } }, (res) => {
    open++;
    if (open === Number(n)) process.stdout.write('open\\n');
    res.on('data', (chunk) => { frames += chunk.toString().split('event: snapshot').length - 1; });
  });
  req.on('error', () => {});
  requests.push(req);
}
process.stdin.on('end', () => { for (const r of requests) r.destroy(); process.stdout.write('frames ' + frames + '\\n'); process.exit(0); });
process.stdin.resume();
`;

function openScreens(url: string, n: number): Promise<{ close(): Promise<number> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', SCREENS_SCRIPT, url, String(n)], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('open\n') && !out.includes('frames')) {
        out = out.replace('open\n', '');
        resolve({
          close: () =>
            new Promise<number>((done) => {
              child.stdout.on('end', () => done(Number(/frames (\d+)/.exec(out)?.[1] ?? 0)));
              child.stdin.end();
            }),
        });
      }
    });
    child.on('error', reject);
  });
}

export async function benchFloor(options: { ctx: AppContext; url: string; pgDataDir: string; screens?: number; seconds?: number; changesPerSecond?: number; counters?: number; calls?: number }): Promise<FloorBench> {
  const screensWanted = options.screens ?? 50;
  const seconds = options.seconds ?? 20;
  const rate = options.changesPerSecond ?? 2;
  const ctx = createContext(options.ctx.config, options.ctx.db, { databaseUrl: options.url });
  const app = await buildApp(ctx, modules, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  try {
    const floor = await setupFloor(ctx, options.counters ?? 4);
    const issue = () => ctx.services.floor.issueTicket({ agencyId: floor.agencyId, groupId: floor.groupId, source: 'officer' });
    // A change = one ticket issued (the floor service's own statement and NOTIFY), at `rate` a second.
    const changes = async () => {
      const started = Date.now();
      for (let i = 0; i < seconds * rate; i++) {
        await issue();
        const wait = started + ((i + 1) * 1000) / rate - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
    };
    const measure = async () => {
      const cpu0 = processCpuSeconds();
      const pg0 = postgresCpuSeconds(options.pgDataDir);
      const t0 = Date.now();
      await changes();
      return { cpu: processCpuSeconds() - cpu0 + (postgresCpuSeconds(options.pgDataDir) - pg0), wall: (Date.now() - t0) / 1000 };
    };
    const without = await measure();
    const screens = await openScreens(`${base}/quay/${AGENCY}/bang/su-kien`, screensWanted);
    await new Promise((r) => setTimeout(r, 1000));
    const withScreens = await measure();
    const frames = await screens.close();
    const boardCpu = Math.max(0, withScreens.cpu - without.cpu);
    const boardCorePercent = (boardCpu / withScreens.wall) * 100;
    const boardDetail = `${screensWanted} screens, ${rate} changes/s for ${seconds} s: ${(withScreens.cpu / withScreens.wall * 100).toFixed(2)}% of a core with the screens, ${(without.cpu / without.wall * 100).toFixed(2)}% without (the changes alone) → the board ${boardCorePercent.toFixed(2)}% of one core (the server + PostgreSQL, screens in another process; ${frames} frames received, ${ctx.services.floorBoard.counts().computed} snapshots computed)`;

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
    await app.close();
  }
}
