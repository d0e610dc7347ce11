// A cluster on loopback for test/cluster: PostgreSQL 15 from Debian (a primary and a streaming hot standby made with
// pg_basebackup), PgBouncer (transaction pooling) in front of the primary, two `opendvc serve` processes on it
// (prepared statements off, reports on the standby) and HAProxy (round robin, health check GET /api/ready) in front
// of them. Every program runs as its own process on free ports under one temporary directory; as root the Debian
// binaries run as the `postgres` system user (PostgreSQL and PgBouncer refuse root), otherwise as the current user.
// `stop()` kills everything it started, whatever state the test left it in.
import { spawn, type ChildProcess } from 'node:child_process';
import { chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { openSync, closeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from '../../src/core/net.ts';
import { startServe, type RunningServer } from './cli.ts';

export const PG_BIN = '/usr/lib/postgresql/15/bin';
export const HAPROXY = '/usr/sbin/haproxy';
export const PGBOUNCER = '/usr/sbin/pgbouncer';
export const DATABASE = 'opendvc';

interface RunAs {
  uid: number;
  gid: number;
}

/** As root: the `postgres` user of the postgresql-common package; otherwise undefined (run as ourselves). */
async function runAs(): Promise<RunAs | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const line = (await readFile('/etc/passwd', 'utf8')).split('\n').find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error('running as root but there is no postgres user (the postgresql-common package creates it)');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A program of the cluster: its process, where its output goes, how to stop it. */
export interface Proc {
  name: string;
  child: ChildProcess;
  exited: Promise<number | null>;
  log: string;
}

export interface PgNode {
  name: string;
  port: number;
  dataDir: string;
  url: string;
  proc: Proc;
}

export interface ClusterServer {
  name: string;
  port: number;
  base: string;
  running: RunningServer;
}

export interface Cluster {
  dir: string;
  primary: PgNode;
  standby: PgNode;
  bouncerPort: number;
  /** The URL the servers use: PgBouncer's database. */
  bouncerUrl: string;
  /** HAProxy's front end. */
  base: string;
  servers: ClusterServer[];
  /** Kill -9 one server (the test sees HAProxy route around it). */
  kill(server: ClusterServer): Promise<void>;
  /** Start a killed server again, on its port with its settings (HAProxy takes it back once /api/ready answers). */
  restart(server: ClusterServer): Promise<void>;
  /** Synchronous replication: every commit on the primary waits for the standby. */
  synchronous(on: boolean): Promise<void>;
  /** Promote the standby, stop the old primary, repoint PgBouncer at the new primary (its admin console RELOAD). */
  failover(): Promise<void>;
  /** A connection to the database that is the primary now (the standby after a failover). */
  primaryClient(): Promise<pg.Client>;
  stop(): Promise<void>;
}

export interface ClusterOptions {
  /** Loads the database once it is migrated (the demo data), before the standby is made. */
  seed: (url: string, dataDir: string) => Promise<void>;
  /** Extra environment of both servers. */
  serverEnv?: Record<string, string>;
}

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const user = await runAs();
  // Short: the unix sockets of PostgreSQL live here (their paths are limited to about 100 bytes).
  const dir = await mkdtemp(path.join(os.tmpdir(), 'odvc-cl-'));
  const own = async (p: string) => {
    if (user) await chown(p, user.uid, user.gid);
  };
  await own(dir);
  const procs: Proc[] = [];
  const servers: ClusterServer[] = [];

  const start = async (name: string, command: string, args: string[], asUser = true): Promise<Proc> => {
    const log = path.join(dir, `${name}.log`);
    const fd = openSync(log, 'a');
    const child = spawn(command, args, { ...(asUser ? user : {}), cwd: dir, stdio: ['ignore', fd, fd], env: { ...process.env, LC_MESSAGES: 'C' } });
    closeSync(fd);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));
    child.on('error', () => {});
    const proc = { name, child, exited, log };
    procs.push(proc);
    return proc;
  };
  const runOnce = async (name: string, command: string, args: string[]): Promise<void> => {
    const proc = await start(name, command, args);
    const code = await proc.exited;
    if (code !== 0) throw new Error(`${name} failed (exit ${code}):\n${await readFile(proc.log, 'utf8').catch(() => '')}`);
  };
  const write = async (file: string, text: string) => {
    await writeFile(file, text);
    await own(file);
  };

  const waitForPg = async (node: { name: string; url: string; proc: Proc }) => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (node.proc.child.exitCode !== null) throw new Error(`${node.name} exited:\n${await readFile(node.proc.log, 'utf8')}`);
      const client = new pg.Client({ connectionString: node.url });
      try {
        await client.connect();
        await client.query('SELECT 1');
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`${node.name} did not start: ${(error as Error).message}\n${await readFile(node.proc.log, 'utf8')}`);
      } finally {
        await client.end().catch(() => {});
      }
      await sleep(200);
    }
  };

  const startPostgres = async (name: string, dataDir: string, port: number): Promise<PgNode> => {
    const socketDir = path.join(dir, `${name}-sock`);
    await mkdir(socketDir, { recursive: true });
    await own(socketDir);
    const proc = await start(name, path.join(PG_BIN, 'postgres'), [
      '-D', dataDir,
      '-c', `port=${port}`,
      '-c', 'listen_addresses=127.0.0.1',
      '-c', `unix_socket_directories=${socketDir}`,
      '-c', 'wal_level=replica',
      '-c', 'max_wal_senders=5',
      '-c', 'hot_standby=on',
      '-c', 'max_connections=200',
      '-c', 'shared_buffers=32MB',
      '-c', 'synchronous_commit=on',
    ]);
    const node = { name, port, dataDir, url: `postgres://postgres@127.0.0.1:${port}/${DATABASE}`, proc };
    return node;
  };

  // A test process that dies (an uncaught error, the runner's timeout) still takes the cluster with it.
  const killNow = () => {
    for (const server of servers) if (server.running.child.exitCode === null) server.running.child.kill('SIGKILL');
    for (const proc of procs) if (proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill(proc.name.startsWith('pg-') ? 'SIGQUIT' : 'SIGKILL');
  };
  process.once('exit', killNow);

  const stopAll = async () => {
    for (const server of servers) if (server.running.child.exitCode === null) server.running.child.kill('SIGKILL');
    for (const proc of [...procs].reverse()) {
      if (proc.child.exitCode === null && proc.child.signalCode === null) {
        // PostgreSQL: immediate shutdown (SIGQUIT) stops its children too; the others are killed.
        proc.child.kill(proc.name.startsWith('pg-') ? 'SIGQUIT' : 'SIGKILL');
      }
    }
    await Promise.all([...procs.map((p) => Promise.race([p.exited, sleep(10_000)])), ...servers.map((s) => Promise.race([s.running.exited, sleep(10_000)]))]);
    for (const proc of procs) if (proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true }).catch(() => {});
    process.removeListener('exit', killNow);
  };

  try {
    // The primary: initdb (trust on loopback: a test cluster), started, the database migrated and seeded.
    const primaryDir = path.join(dir, 'primary');
    await runOnce('initdb', path.join(PG_BIN, 'initdb'), [`--pgdata=${primaryDir}`, '--auth=trust', '--username=postgres', '--encoding=UTF8', '--locale=C']);
    const primary = await startPostgres('pg-primary', primaryDir, await freePort());
    await waitForPg({ ...primary, url: primary.url.replace(/\/opendvc$/, '/postgres') });
    const admin = new pg.Client({ connectionString: primary.url.replace(/\/opendvc$/, '/postgres') });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${DATABASE}`);
    await admin.end();
    // The servers' data directory (uploaded files), shared by both: the seed's files go there too.
    const dataDir = path.join(dir, 'data');
    await mkdir(dataDir, { recursive: true });
    await options.seed(primary.url, dataDir);

    // The standby: a base backup with the WAL streamed along (-X stream) and the replication settings (-R), hot.
    const standbyDir = path.join(dir, 'standby');
    await runOnce('pg_basebackup', path.join(PG_BIN, 'pg_basebackup'), [
      '-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres', '-D', standbyDir, '-R', '-X', 'stream', '-c', 'fast',
      '-d', `host=127.0.0.1 port=${primary.port} user=postgres application_name=standby`,
    ]);
    const standby = await startPostgres('pg-standby', standbyDir, await freePort());
    await waitForPg(standby);

    // PgBouncer: transaction pooling in front of the primary; its admin console for the failover's RELOAD.
    const bouncerPort = await freePort();
    const bouncerIni = path.join(dir, 'pgbouncer.ini');
    const writeBouncerIni = (target: number) =>
      write(
        bouncerIni,
        [
          '[databases]',
          `${DATABASE} = host=127.0.0.1 port=${target} dbname=${DATABASE} user=postgres`,
          '[pgbouncer]',
          'listen_addr = 127.0.0.1',
          `listen_port = ${bouncerPort}`,
          `unix_socket_dir = ${dir}`,
          'auth_type = trust',
          `auth_file = ${path.join(dir, 'userlist.txt')}`,
          'admin_users = postgres',
          'pool_mode = transaction',
          'max_client_conn = 500',
          'default_pool_size = 20',
          'server_connect_timeout = 3',
          'server_login_retry = 1',
          'ignore_startup_parameters = extra_float_digits,options',
          `pidfile = ${path.join(dir, 'pgbouncer.pid')}`,
          '',
        ].join('\n'),
      );
    await write(path.join(dir, 'userlist.txt'), '"postgres" ""\n');
    await writeBouncerIni(primary.port);
    const bouncer = await start('pgbouncer', PGBOUNCER, [bouncerIni]);
    const bouncerUrl = `postgres://postgres@127.0.0.1:${bouncerPort}/${DATABASE}`;
    await waitForPg({ name: 'pgbouncer', url: bouncerUrl, proc: bouncer });

    const serverEnv = (port: number) => ({
      DATABASE_URL: bouncerUrl,
      DATABASE_PREPARED_STATEMENTS: 'off',
      DATABASE_REPLICA_URL: standby.url,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      ...options.serverEnv,
    });
    // Two servers started together through PgBouncer (the migration check and pg-boss's set-up at start take
    // transaction-level locks, which transaction pooling keeps), sharing one data directory (uploaded files).
    const ports = [await freePort(), await freePort()];
    const running = await Promise.all(ports.map((port) => startServe(serverEnv(port))));
    for (const [i, name] of ['a', 'b'].entries()) {
      servers.push({ name, port: ports[i]!, base: `http://127.0.0.1:${ports[i]}`, running: running[i]! });
    }

    // HAProxy: round robin over both, a server out while GET /api/ready fails, a connection refused retried on the
    // other; the answer names its server (X-Served-By) so the test sees where each request went.
    const haPort = await freePort();
    const haCfg = path.join(dir, 'haproxy.cfg');
    await write(
      haCfg,
      [
        'global',
        '  maxconn 2000',
        'defaults',
        '  mode http',
        '  timeout connect 2s',
        '  timeout client 60s',
        '  timeout server 60s',
        '  timeout http-keep-alive 10s',
        '  retries 3',
        '  option redispatch',
        'frontend web',
        `  bind 127.0.0.1:${haPort}`,
        '  default_backend opendvc',
        'backend opendvc',
        '  balance roundrobin',
        '  retry-on conn-failure empty-response',
        '  option httpchk GET /api/ready',
        '  http-check expect status 200',
        '  http-response set-header X-Served-By %s',
        ...servers.map((s) => `  server ${s.name} 127.0.0.1:${s.port} check inter 500ms fall 2 rise 1`),
        '',
      ].join('\n'),
    );
    await start('haproxy', HAPROXY, ['-db', '-f', haCfg]);
    const base = `http://127.0.0.1:${haPort}`;
    // Ready once both servers are up in HAProxy's eyes: two answers from two different servers.
    const deadline = Date.now() + 30_000;
    const seen = new Set<string>();
    while (seen.size < 2) {
      if (Date.now() > deadline) throw new Error(`HAProxy did not route to both servers (saw ${[...seen].join(', ')})`);
      const response = await fetch(`${base}/api/health`).catch(() => null);
      const by = response?.headers.get('x-served-by');
      if (response?.ok && by) seen.add(by);
      else await sleep(200);
    }

    let current = primary;
    const cluster: Cluster = {
      dir,
      primary,
      standby,
      bouncerPort,
      bouncerUrl,
      base,
      servers,
      async kill(server) {
        server.running.child.kill('SIGKILL');
        await server.running.exited;
      },
      async restart(server) {
        server.running = await startServe(serverEnv(server.port));
        // Back in HAProxy's pool: an answer from it through the front end.
        const until = Date.now() + 30_000;
        for (;;) {
          const seen = new Set<string>();
          for (let i = 0; i < 4; i++) {
            const response = await fetch(`${base}/api/health`).catch(() => null);
            const by = response?.headers.get('x-served-by');
            if (by) seen.add(by);
          }
          if (seen.has(server.name)) return;
          if (Date.now() > until) throw new Error(`HAProxy did not take server ${server.name} back`);
          await sleep(250);
        }
      },
      async synchronous(on) {
        const client = new pg.Client({ connectionString: current.url });
        await client.connect();
        try {
          await client.query(`ALTER SYSTEM SET synchronous_standby_names = '${on ? '*' : ''}'`);
          await client.query('SELECT pg_reload_conf()');
          // Wait until the primary sees the standby as synchronous.
          const until = Date.now() + 30_000;
          while (on) {
            const { rows } = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_replication WHERE sync_state = 'sync'");
            if (rows[0]!.n > 0) break;
            if (Date.now() > until) throw new Error('the standby never became synchronous');
            await sleep(100);
          }
        } finally {
          await client.end();
        }
      },
      async failover() {
        await runOnce('pg_ctl-promote', path.join(PG_BIN, 'pg_ctl'), ['promote', '-w', '-t', '60', '-D', standby.dataDir]);
        // The old primary: fast shutdown (its sessions end; commits still waiting for the standby were never acknowledged).
        if (primary.proc.child.exitCode === null) {
          primary.proc.child.kill('SIGINT');
          await Promise.race([primary.proc.exited, sleep(20_000)]);
          if (primary.proc.child.exitCode === null) primary.proc.child.kill('SIGQUIT');
        }
        current = standby;
        await writeBouncerIni(standby.port);
        const console = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${bouncerPort}/pgbouncer` });
        await console.connect();
        try {
          await console.query('RELOAD');
          await console.query(`RECONNECT ${DATABASE}`).catch(() => {});
        } finally {
          await console.end();
        }
      },
      async primaryClient() {
        const client = new pg.Client({ connectionString: current.url });
        // A connection to the old primary ends with the failover: an error event, not a crash of the test.
        client.on('error', () => {});
        await client.connect();
        return client;
      },
      stop: stopAll,
    };
    return cluster;
  } catch (error) {
    const logs = await Promise.all(procs.map(async (p) => `--- ${p.name}\n${(await readFile(p.log, 'utf8').catch(() => '')).slice(-2000)}`));
    await stopAll();
    throw new Error(`${(error as Error).message}\n${logs.join('\n')}`);
  }
}
