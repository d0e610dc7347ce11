// `opendvc serve` as an operator runs it: embedded PostgreSQL, demo data on first start only,
// clean stop on SIGINT, and a second start that reuses the data.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { freePort } from '../../src/core/net.ts';
import { startServe as start } from '../helpers/cli.ts';

describe('opendvc serve', async () => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'opendvc-serve-'));
  const port = await freePort();
  const env = { DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: String(await freePort()), LOG_LEVEL: 'warn' };
  const base = `http://127.0.0.1:${port}`;
  after(() => rm(dataDir, { recursive: true, force: true }));

  it('starts on a fresh data directory with demo data, and stops cleanly on SIGINT', async () => {
    const server = await start(env);
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
    server.child.kill('SIGINT');
    assert.equal(await server.exited, 0);
    assert.match(server.output(), /stopped cleanly/);
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
