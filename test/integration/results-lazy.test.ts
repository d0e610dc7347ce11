// node-forge (our CMS and the demo certificates, about 12 MB resident) and @signpdf stay out of a server until
// the first signature, verification or key generation: a process that builds the whole application (demo
// settings, src/server.ts imported) loads none of them; verifying a PDF loads node-forge, and the detection
// itself is shown to work by that second case.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildAppScript, loadedBy as loaded } from '../helpers/loaded-packages.ts';

const WATCHED = ['node-forge', '@signpdf/signpdf', '@signpdf/placeholder-plain', '@signpdf/utils'];
const loadedBy = (script: string) => loaded(script, WATCHED);

describe('node-forge loads on first signature or verification', () => {
  it('a built application (demo settings, the server module imported) has not loaded it', async () => {
    assert.deepEqual(await loadedBy(buildAppScript({ DEMO: 'true' }, 'await ctx.services.results.pki.ready();')), []);
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
