// node-forge (our CMS and the demo certificates, about 12 MB resident) and @signpdf stay out of a server until
// the first signature, verification or key generation: a process that builds the whole application (demo
// settings, src/server.ts imported) loads none of them; verifying a PDF loads node-forge, and the detection
// itself is shown to work by that second case.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { ROOT } from '../helpers/cli.ts';

const WATCHED = ['node-forge', '@signpdf/signpdf', '@signpdf/placeholder-plain', '@signpdf/utils'];

/**
 * Runs `script` (ESM, in the repository) in a fresh Node process and answers the watched packages it loaded: those
 * the CommonJS loader cached, and those the ES module loader resolved (recorded by a resolve hook into a file).
 */
async function loadedBy(script: string): Promise<string[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'opendvc-lazy-forge-'));
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
    const watched = ${JSON.stringify(WATCHED)};
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

describe('node-forge loads on first signature or verification', () => {
  it('a built application (demo settings, the server module imported) has not loaded it', async () => {
    const loaded = await loadedBy(`
      const { loadConfig } = await import('./src/config.ts');
      const { createContext } = await import('./src/container.ts');
      const { createDb } = await import('./src/db/database.ts');
      const { buildApp } = await import('./src/http/app.ts');
      const { modules } = await import('./src/modules/index.ts');
      await import('./src/server.ts');
      const config = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: '.tmp/test-data', DEMO: 'true' });
      const ctx = createContext(config, createDb('postgres://nobody@127.0.0.1:9/none'));
      await ctx.services.results.pki.ready();
      const app = await buildApp(ctx, modules, { logger: false });
      await app.ready();
    `);
    assert.deepEqual(loaded, []);
  });

  it('verifying a PDF loads node-forge (and signing libraries stay out)', async () => {
    const loaded = await loadedBy(`
      const { loadConfig } = await import('./src/config.ts');
      const { createContext } = await import('./src/container.ts');
      const { createDb } = await import('./src/db/database.ts');
      const config = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: '.tmp/test-data', DEMO: 'true' });
      const ctx = createContext(config, createDb('postgres://nobody@127.0.0.1:9/none'));
      // A configured-looking trust store without the database: only the verification code path is exercised.
      ctx.services.results.trustStore = async () => [];
      const verdict = await ctx.services.results.verifyBytes(Buffer.from('%PDF-1.7 /ByteRange [0 10 20 30] <3082>'));
      if (verdict.state !== 'malformed') throw new Error(JSON.stringify(verdict));
    `);
    assert.deepEqual(loaded, ['node-forge']);
  });
});
