// The simulators' shared HTTP plumbing (src/simulators/http.ts) and the adapters' outgoing call
// (src/core/http-client.ts): a body over the limit is refused with 413 and nothing is recorded; an unreachable
// service is told apart from one that answers an error.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { postJson, Unreachable } from '../../src/core/http-client.ts';
import { freePort } from '../../src/core/net.ts';
import { startSmsSimulator } from '../../src/simulators/sms.ts';
import { startPostalSimulator } from '../../src/simulators/postal.ts';

describe('simulators: shared HTTP plumbing', () => {
  it('refuses a body over 64 KiB with 413 and records nothing', async () => {
    const sms = await startSmsSimulator({ token: 't' });
    try {
      const huge = await postJson(`${sms.url}/messages`, { to: '+84912345678', text: 'x'.repeat(70 * 1024) }, { token: 't', timeoutMs: 5000 });
      assert.equal(huge.status, 413);
      assert.equal(sms.messages().length, 0);
      const ok = await postJson(`${sms.url}/messages`, { to: '+84912345678', text: 'Xin chào' }, { token: 't', idempotencyKey: 'k1', timeoutMs: 5000 });
      assert.equal(ok.status, 202);
      const again = await postJson(`${sms.url}/messages`, { to: '+84912345678', text: 'Xin chào' }, { token: 't', idempotencyKey: 'k1', timeoutMs: 5000 });
      assert.equal(again.status, 200);
      assert.equal(sms.messages().length, 1);
    } finally {
      await sms.close();
    }
  });

  it('answers 413 on the postal simulator too, and 400 (not 500) for a malformed control body', async () => {
    const postal = await startPostalSimulator({ secret: 's', token: 't' });
    try {
      const huge = await postJson(`${postal.url}/shipments`, { reference: 'x'.repeat(70 * 1024) }, { token: 't', timeoutMs: 5000 });
      assert.equal(huge.status, 413);
      const bad = await fetch(`${postal.url}/shipments/RR123456785VN/advance`, { method: 'POST', headers: { authorization: 'Bearer t' }, body: '{not json' });
      assert.equal(bad.status, 400);
      assert.equal(postal.shipments().length, 0);
    } finally {
      await postal.close();
    }
  });

  it('postJson throws Unreachable when nothing listens, and returns an error status as an answer', async () => {
    const port = await freePort();
    await assert.rejects(postJson(`http://127.0.0.1:${port}/x`, {}, { timeoutMs: 2000 }), Unreachable);
    const sms = await startSmsSimulator({ token: 't' });
    try {
      const denied = await postJson(`${sms.url}/messages`, { to: '+84912345678', text: 'a' }, { token: 'wrong', timeoutMs: 5000 });
      assert.equal(denied.status, 401);
      assert.equal(denied.ok, false);
      assert.match(denied.text, /unauthorized/);
    } finally {
      await sms.close();
    }
  });
});
