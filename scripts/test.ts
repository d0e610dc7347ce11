// `npm test`: type-check, start one embedded PostgreSQL, migrate two template databases
// (empty, and with the demo data), then run every test file with node's test runner.
// Each test file clones a template into its own database (test/helpers/db.ts).
// Before the browser tests (test/e2e) it makes sure /usr/bin/chromium exists: installed through apt when missing
// and running as root (a fresh Debian machine: `npm install && npm test`), else it stops at once with the command.
// The signed-result test needs pdfsig (poppler-utils) and certutil (libnss3-tools, its NSS trust database):
// installed, or a stop naming the command, the same way.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { createContext } from '../src/container.ts';
import { createDb } from '../src/db/database.ts';
import { startEmbeddedPostgres } from '../src/db/embedded.ts';
import { migrate } from '../src/db/migrate.ts';
import { argon2Hasher } from '../src/modules/identity/passwords.ts';
import { seedDemo } from '../src/seed/demo.ts';
import { freePort } from '../src/core/net.ts';
import { CHROMIUM_PATH, decideBrowser, needsBrowser } from './browser-check.ts';

const ROOT = path.resolve(import.meta.dirname, '..');


async function testFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await testFiles(full)));
    else if (entry.name.endsWith('.test.ts')) found.push(full);
  }
  return found.sort();
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', env, cwd: ROOT });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && existsSync(path.join(dir, command)));
}

/** Chromium for the browser tests: present, installed now (root + apt), or a stop naming the command. */
async function ensureBrowser(files: string[]): Promise<void> {
  const decision = decideBrowser({
    needed: needsBrowser(files),
    present: existsSync(CHROMIUM_PATH),
    root: process.getuid?.() === 0,
    apt: onPath('apt-get'),
  });
  if (decision.kind === 'ready') return;
  if (decision.kind === 'stop') {
    process.stderr.write(`${decision.message}\n`);
    process.exit(1);
  }
  process.stdout.write(`# Chromium missing: ${decision.command}\n`);
  const code = await run('sh', ['-c', decision.command], { ...process.env, DEBIAN_FRONTEND: 'noninteractive' });
  if (code !== 0 || !existsSync(CHROMIUM_PATH)) {
    process.stderr.write(`Installing Chromium failed (exit ${code}); run as root: ${decision.command}\n`);
    process.exit(1);
  }
}

/** The one command that installs pdfsig (poppler-utils) and certutil (libnss3-tools) on Debian (run as root). */
const PDFSIG_INSTALL = 'apt-get update -qq && apt-get install -y -qq poppler-utils libnss3-tools';

/**
 * pdfsig (poppler-utils) for the signed-result test (an independent check of our PAdES signatures): present,
 * installed now (root + apt), or a stop naming the command — like Chromium.
 */
async function ensurePdfsig(files: string[]): Promise<void> {
  if (!files.some((f) => /results-pdfsig\.test\.ts$/.test(f)) || (onPath('pdfsig') && onPath('certutil'))) return;
  if (process.getuid?.() !== 0 || !onPath('apt-get')) {
    process.stderr.write(`pdfsig or certutil is missing; the signed-result test needs them. Install poppler-utils and libnss3-tools (on Debian, as root: ${PDFSIG_INSTALL})\n`);
    process.exit(1);
  }
  process.stdout.write(`# pdfsig or certutil missing: ${PDFSIG_INSTALL}\n`);
  const code = await run('sh', ['-c', PDFSIG_INSTALL], { ...process.env, DEBIAN_FRONTEND: 'noninteractive' });
  if (code !== 0 || !onPath('pdfsig') || !onPath('certutil')) {
    process.stderr.write(`Installing poppler-utils and libnss3-tools failed (exit ${code}); run as root: ${PDFSIG_INSTALL}\n`);
    process.exit(1);
  }
}

async function main() {
  const filter = process.argv.slice(2);
  const files = filter.length ? filter.map((f) => path.resolve(ROOT, f)) : await testFiles(path.join(ROOT, 'test'));
  await ensureBrowser(files);
  await ensurePdfsig(files);
  if (!filter.length || process.env.TYPECHECK === '1') {
    process.stdout.write('# type-check (tsc --noEmit)\n');
    const tsc = await run(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', ROOT]);
    if (tsc !== 0) process.exit(tsc);
  }

  const dir = path.join(os.tmpdir(), `opendvc-test-pg-${process.pid}`);
  await rm(dir, { recursive: true, force: true });
  const server = await startEmbeddedPostgres({ dir, port: await freePort(), log: (m) => process.stderr.write(`${m}\n`) });
  let code = 1;
  try {
    await server.ensureDatabase('opendvc_template');
    await migrate(server.urlFor('opendvc_template'));
    // The demo template: migrated, then the demo data loaded once for every test that wants it.
    const admin = new pg.Client({ connectionString: server.adminUrl });
    await admin.connect();
    await admin.query('CREATE DATABASE opendvc_template_demo TEMPLATE opendvc_template');
    const demoDb = createDb(server.urlFor('opendvc_template_demo'), { max: 2 });
    const config = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: dir });
    await seedDemo(createContext(config, demoDb, { hasher: argon2Hasher({ memoryCost: 1024, timeCost: 1 }) }));
    await demoDb.destroy();
    await admin.end();

    code = await run(
      process.execPath,
      ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
      { ...process.env, OPENDVC_TEST_PG_URL: server.adminUrl, OPENDVC_TEST_DATA_DIR: dir },
    );
  } finally {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
  process.exit(code);
}

await main();
