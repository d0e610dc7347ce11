// The demo's first start queues one catalog sync with its national portal simulator (the `catalog.sync` job), so
// the publicity of the procedures is known without anyone running one; "is running" is not delayed by it (the
// banner comes first, the run is the worker's).
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, describe, it } from 'node:test';
import { freePort } from '../../src/core/net.ts';
import { startServe as start } from '../helpers/cli.ts';

describe('opendvc serve, demo first start', async () => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'opendvc-serve-sync-'));
  const port = await freePort();
  const env = { DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: String(await freePort()), LOG_LEVEL: 'warn' };
  const base = `http://127.0.0.1:${port}`;
  after(() => rm(dataDir, { recursive: true, force: true }));

  it('runs one catalog sync against the portal simulator, recorded as a scheduled run', async () => {
    const server = await start(env);
    try {
      assert.match(server.output(), /first start: loading demo data/);
      const login = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'demo.danhmuc', password: 'Demo@2026' }),
      });
      assert.equal(login.status, 200);
      const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      // The worker takes the job within its polling interval; the run then ends (bounded wait for a condition).
      let page = '';
      for (let i = 0; i < 600; i++) {
        page = await (await fetch(`${base}/quan-tri/dong-bo-thu-tuc`, { headers: { accept: 'text/html', cookie } })).text();
        if (/<td>Tự động<\/td>\s*<td>Hoàn thành<\/td>/.test(page)) break;
        await sleep(100);
      }
      assert.match(page, /<td>Tự động<\/td>\s*<td>Hoàn thành<\/td>/, 'one scheduled run, done');
      assert.equal(page.match(/<td>Tự động<\/td>/g)?.length, 1, 'only one');
      assert.match(page, /Đã công khai/, 'the publicity is known');
    } finally {
      server.child.kill('SIGINT');
      await server.exited;
    }
  });
});
