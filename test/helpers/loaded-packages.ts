// Which packages a piece of code loads: for the tests that keep heavy libraries out of a server until first use.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './cli.ts';

/**
 * Runs `script` (ESM, in the repository) in a fresh Node process and answers which of `packages` it loaded: those the
 * CommonJS loader cached, and those the ES module loader resolved (recorded by a resolve hook into a file).
 */
export async function loadedBy(script: string, packages: readonly string[]): Promise<string[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'opendvc-lazy-'));
  const log = path.join(dir, 'resolved.txt');
  const hook = `import { appendFileSync } from 'node:fs';
    export async function resolve(specifier, context, next) {
      const resolved = await next(specifier, context);
      appendFileSync(${JSON.stringify(log)}, resolved.url + '\\n');
      return resolved;
    }`;
  const program = `
    import { createRequire, register } from 'node:module';
    import { readFileSync, writeFileSync } from 'node:fs';
    writeFileSync(${JSON.stringify(log)}, '');
    register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hook)}));
    ${script}
    const files = [...Object.keys(createRequire(import.meta.url).cache), ...readFileSync(${JSON.stringify(log)}, 'utf8').split('\\n')];
    const watched = ${JSON.stringify(packages)};
    process.stdout.write(JSON.stringify(watched.filter((name) => files.some((file) => file.includes('/node_modules/' + name + '/')))));
    process.exit(0);
  `;
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', program], { cwd: ROOT });
    return JSON.parse(stdout) as string[];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A script that builds the whole application (src/server.ts imported too) against a database that is not there. */
export function buildAppScript(env: Record<string, string>, before = ''): string {
  return `
    const { loadConfig } = await import('./src/config.ts');
    const { createContext } = await import('./src/container.ts');
    const { createDb } = await import('./src/db/database.ts');
    const { buildApp } = await import('./src/http/app.ts');
    const { modules } = await import('./src/modules/index.ts');
    await import('./src/server.ts');
    const config = loadConfig(${JSON.stringify({ LOG_LEVEL: 'silent', DATA_DIR: '.tmp/test-data', ...env })});
    const ctx = createContext(config, createDb('postgres://nobody@127.0.0.1:9/none'));
    ${before}
    const app = await buildApp(ctx, modules, { logger: false });
    await app.ready();
  `;
}
