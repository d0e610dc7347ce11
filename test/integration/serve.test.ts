// `opendvc serve` as an operator runs it: embedded PostgreSQL, demo data on first start only, one catalog sync
// queued by that first start, clean stop on SIGINT, and a second start that reuses the data.
// (One first start for all of it: the demo's first start loads the demo's history, most of this file's time.)
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, describe, it } from 'node:test';
import { freePort } from '../../src/core/net.ts';
import { startServe as start, type RunningServer } from '../helpers/cli.ts';

describe('opendvc serve', async () => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'opendvc-serve-'));
  const port = await freePort();
  const env = { DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: String(await freePort()), LOG_LEVEL: 'warn' };
  const base = `http://127.0.0.1:${port}`;
  let first: RunningServer | null = null;
  after(async () => {
    // Whatever failed above, the first server does not outlive the file.
    if (first && first.child.exitCode === null) {
      first.child.kill('SIGTERM');
      await first.exited;
    }
    await rm(dataDir, { recursive: true, force: true });
  });

  it('starts on a fresh data directory with demo data', async () => {
    const server = (first = await start(env));
    assert.match(server.output(), /first start: loading demo data/);
    assert.match(server.output(), /demo\.congdan/);
    // Demo mode is the DEMO setting (on by default with the embedded database), and the banner says how to turn it off.
    assert.match(server.output(), /demo mode: on — set DEMO=false/);
    const health = await fetch(`${base}/api/health`);
    assert.equal(health.status, 200);
    // Without SMS_URL the demo sends its SMS to the gateway simulator it started, whose messages have a page.
    assert.match(server.output(), /SMS: +http:\/\/localhost:\d+\/hop-thu\/sms/);
    const sms = await fetch(`${base}/hop-thu/sms`, { headers: { accept: 'text/html' } });
    assert.equal(sms.status, 200);
    assert.match(await sms.text(), /Tin nhắn SMS thử nghiệm/);
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'demo.congdan', password: 'Demo@2026' }),
    });
    assert.equal(login.status, 200);
  });

  // The demo's first start queues one catalog sync with its national portal simulator (the `catalog.sync` job), so
  // the publicity of the procedures is known without anyone running one; "is running" is not delayed by it (the
  // banner comes first, the run is the worker's).
  it('runs one catalog sync against the portal simulator on the first start, recorded as a scheduled run', async () => {
    assert.ok(first, 'the first start');
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
  });

  it('stops cleanly on SIGINT', async () => {
    assert.ok(first, 'the first start');
    first.child.kill('SIGINT');
    assert.equal(await first.exited, 0);
    assert.match(first.output(), /stopped cleanly/);
  });

  it('reuses the data on the second start (no new demo load, accounts still there)', async () => {
    const server = await start(env);
    try {
      assert.doesNotMatch(server.output(), /first start/);
      const login = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'demo.motcua', password: 'Demo@2026' }),
      });
      assert.equal(login.status, 200);
    } finally {
      server.child.kill('SIGTERM');
      assert.equal(await server.exited, 0);
    }
  });
});
