// Supervision: a crash of `opendvc serve` leaves nothing broken. The embedded PostgreSQL it leaves running (an orphan)
// is stopped and started again by the next start, which stops it in turn; a stale postmaster.pid (machine crash) does
// not matter; a live owner's cluster is shared; a port taken by another program stops start-up with a message naming
// the port and EMBEDDED_PG_PORT (checked before starting, and PostgreSQL's own failure mapped to it).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { createServer } from 'node:net';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { freePort } from '../../src/core/net.ts';
import { EmbeddedPortInUseError, socketDirectory, startEmbeddedPostgres } from '../../src/db/embedded.ts';
import { opendvc, startServe } from '../helpers/cli.ts';

/** Whether the process runs (kill 0 and, on Linux, not a zombie waiting for its parent to reap it). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
  } catch {
    return !existsSync('/proc/self/stat');
  }
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 600 && !condition(); i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(condition(), 'condition reached within 30 s');
}

async function waitGone(pid: number): Promise<boolean> {
  for (let i = 0; i < 200 && running(pid); i++) await new Promise((r) => setTimeout(r, 50));
  return !running(pid);
}

describe('opendvc serve after a crash', async () => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'opendvc-serve-crash-'));
  const pgDir = path.join(dataDir, 'pg');
  const port = await freePort();
  const pgPort = await freePort();
  const env = { DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), LOG_LEVEL: 'warn', DEMO: 'false' };
  const base = `http://127.0.0.1:${port}`;
  const postmaster = () => Number(readFileSync(path.join(pgDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const started: number[] = [];
  after(async () => {
    // Whatever happened above, no PostgreSQL of this test outlives it.
    for (const pid of started) if (running(pid)) process.kill(pid, 'SIGQUIT');
    await rm(dataDir, { recursive: true, force: true });
  });

  it('SIGKILL leaves an orphaned PostgreSQL; the next start stops it, runs healthy, and SIGTERM leaves nothing running', async () => {
    const first = await startServe(env);
    const orphan = postmaster();
    started.push(orphan);
    assert.equal((await fetch(`${base}/api/ready`)).status, 200);
    first.child.kill('SIGKILL');
    await first.exited;
    assert.ok(running(orphan), 'the PostgreSQL of the killed server still runs (orphan)');

    // LOG_LEVEL=info: the request log shows when the server has read a request's headers.
    const second = await startServe({ ...env, LOG_LEVEL: 'info' });
    const ours = postmaster();
    started.push(ours);
    try {
      assert.match(second.output(), new RegExp(`stopping the embedded PostgreSQL \\(pid ${orphan}\\) left running`));
      assert.ok(!running(orphan), 'the orphan was stopped');
      assert.notEqual(ours, orphan);
      assert.equal((await fetch(`${base}/api/ready`)).status, 200);
      assert.equal((await fetch(`${base}/thu-tuc`)).status, 200);

      // SIGTERM drains: a request whose body is still arriving when the signal comes is answered, from the database.
      const body = Buffer.from(JSON.stringify({ username: 'nobody.here', password: 'Wrong@2026' }));
      const request = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/api/auth/login', headers: { 'content-type': 'application/json', 'content-length': body.length } });
      const inFlight = new Promise<{ status: number; body: string }>((resolve, reject) => {
        request.on('error', reject);
        request.on('response', (response) => {
          let text = '';
          response.on('data', (chunk: Buffer) => (text += chunk.toString()));
          response.on('end', () => resolve({ status: response.statusCode!, body: text }));
        });
      });
      request.flushHeaders();
      request.write(body.subarray(0, 8));
      await until(() => /"url":"\/api\/auth\/login"/.test(second.output()));
      second.child.kill('SIGTERM');
      await until(() => second.output().includes('SIGTERM received'));
      request.end(body.subarray(8));
      const answer = await inFlight;
      // Answered by the application (an unknown account: a 4xx problem with its code), not cut off, not a 5xx.
      assert.ok(answer.status >= 400 && answer.status < 500, `${answer.status} ${answer.body}`);
      assert.match(answer.body, /"code":"[A-Z_]+"/);
    } finally {
      second.child.kill('SIGTERM');
      assert.equal(await second.exited, 0);
    }
    assert.match(second.output(), /stopped cleanly/);
    assert.ok(await waitGone(ours), 'SIGTERM stopped the PostgreSQL of the server');
    assert.ok(!existsSync(path.join(pgDir, 'postmaster.pid')));
    assert.ok(!existsSync(path.join(dataDir, 'pg-owner')), 'ownership released');
  });

  it('starts over a stale postmaster.pid (machine crash); a second user of the same DATA_DIR shares the live cluster', async () => {
    // The pid of a process that has ended, as after a reboot.
    const gone = spawnSync(process.execPath, ['-e', '']).pid!;
    await writeFile(path.join(pgDir, 'postmaster.pid'), `${gone}\n${pgDir}\n1764892800\n${pgPort}\n/tmp\n127.0.0.1\n 0 0\nready   \n`);
    const messages: string[] = [];
    const owner = await startEmbeddedPostgres({ dir: dataDir, port: pgPort, log: (m) => messages.push(m) });
    const ours = postmaster();
    started.push(ours);
    try {
      assert.equal(owner.shared, false);
      assert.ok(messages.some((m) => /removing the stale .*postmaster\.pid/.test(m)), messages.join('\n'));
      assert.ok(running(ours));
      // The owner is alive (as the server is while a CLI command runs): its cluster is used and left running.
      const second = await startEmbeddedPostgres({ dir: dataDir, port: pgPort, log: (m) => messages.push(m) });
      assert.equal(second.shared, true);
      await second.ensureDatabase('opendvc');
      await second.stop();
      assert.equal(postmaster(), ours);
      assert.ok(running(ours), 'the shared cluster keeps running');
    } finally {
      await owner.stop();
    }
    assert.ok(!running(ours), 'the owner stopped it');
    assert.ok(!existsSync(path.join(dataDir, 'pg-owner')));
  });

  it('a port taken by another program stops start-up with exit code 1, naming the port and EMBEDDED_PG_PORT', async () => {
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(pgPort, '127.0.0.1', resolve));
    try {
      const run = await opendvc(['serve'], env);
      assert.equal(run.code, 1, run.stdout + run.stderr);
      assert.match(run.stderr, new RegExp(`Port ${pgPort} of the embedded PostgreSQL is already in use`));
      assert.match(run.stderr, /EMBEDDED_PG_PORT/);
      assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
      assert.ok(!existsSync(path.join(pgDir, 'postmaster.pid')), 'no PostgreSQL started');
      assert.ok(!existsSync(path.join(dataDir, 'pg-owner')), 'ownership released');
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });

  it("PostgreSQL's own failure to take the port (its socket lock held by a live process) gets the same error", async () => {
    // The check before starting sees a free TCP port; PostgreSQL then finds its Unix socket's lock file in use (the
    // socket is in the data directory where one fits, src/db/embedded.ts socketDirectory; else PostgreSQL's default).
    // Held by a live process PostgreSQL can see: not its parent (this process, whose lock it would take over), and of
    // its own user (a process it may not signal counts as gone) — as root, PostgreSQL runs as `postgres`.
    const lock = path.join(socketDirectory(pgDir, pgPort) ?? '/tmp', `.s.PGSQL.${pgPort}.lock`);
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
    const holder = spawn('sleep', ['60'], { stdio: 'ignore', ...(process.getuid?.() === 0 ? { uid: id('-u'), gid: id('-g') } : {}) });
    await writeFile(lock, `${holder.pid}\n${pgDir}\n`);
    try {
      await assert.rejects(startEmbeddedPostgres({ dir: dataDir, port: pgPort }), (error: Error) => {
        assert.ok(error instanceof EmbeddedPortInUseError, String(error));
        assert.match(error.message, new RegExp(`Port ${pgPort} .*EMBEDDED_PG_PORT`));
        return true;
      });
      assert.ok(!existsSync(path.join(dataDir, 'pg-owner')), 'ownership released');
    } finally {
      holder.kill();
      await unlink(lock).catch(() => {});
    }
  });
});
