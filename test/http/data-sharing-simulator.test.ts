// The data-sharing platform simulator refuses what a gateway would: a token request without client credentials or
// with wrong ones, a lookup without a valid token, malformed keys and bodies, an oversized body; its control page and
// switches work without JavaScript (plain form posts).
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { startDataSharingSimulator } from '../../src/simulators/data-sharing.ts';

const simulator = await startDataSharingSimulator({ clientId: 'client', clientSecret: 'secret-of-the-client' });
after(() => simulator.close());
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

async function token(): Promise<string> {
  const response = await fetch(`${simulator.url}/oauth2/token`, { method: 'POST', headers: { authorization: basic('client', 'secret-of-the-client'), 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' });
  assert.equal(response.status, 200);
  const body = (await response.json()) as { access_token: string; token_type: string; expires_in: number };
  assert.equal(body.token_type, 'Bearer');
  return body.access_token;
}

const lookup = (path: string, body: string, auth?: string) => fetch(`${simulator.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) }, body });

describe('data-sharing platform simulator', () => {
  it('issues tokens for the right client only (Basic or form fields)', async () => {
    const post = (headers: Record<string, string>, body: string) => fetch(`${simulator.url}/oauth2/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body });
    assert.equal((await post({ authorization: basic('client', 'wrong') }, 'grant_type=client_credentials')).status, 401);
    assert.equal((await post({}, 'grant_type=client_credentials')).status, 401);
    assert.equal((await post({ authorization: basic('client', 'secret-of-the-client') }, 'grant_type=password')).status, 400);
    assert.equal((await post({ authorization: 'Basic %%%' }, 'grant_type=client_credentials')).status, 401);
    assert.equal((await post({}, 'grant_type=client_credentials&client_id=client&client_secret=secret-of-the-client')).status, 200);
  });

  it('answers lookups with a valid token only, and refuses malformed keys and bodies', async () => {
    const auth = `Bearer ${await token()}`;
    assert.equal((await lookup('/population/v1/lookup', '{"personalId":"079090001234"}')).status, 401);
    assert.equal((await lookup('/population/v1/lookup', '{"personalId":"079090001234"}', 'Bearer forged')).status, 401);
    const found = await lookup('/population/v1/lookup', '{"personalId":"079090001234"}', auth);
    assert.equal(found.status, 200);
    assert.equal(((await found.json()) as { person: { fullName: string } }).person.fullName, 'Nguyễn Văn An');
    assert.deepEqual(await (await lookup('/business/v1/lookup', '{"taxCode":"0100000000"}', auth)).json(), { status: 'not_found' });
    for (const [path, body, status] of [
      ['/population/v1/lookup', '{"personalId":"12"}', 422],
      ['/population/v1/lookup', '{"personalId":79090001234}', 422],
      ['/business/v1/lookup', '{"taxCode":"0312345678-1"}', 422],
      ['/business/v1/lookup', 'not json', 400],
      ['/business/v1/lookup', 'null', 422],
      ['/population/v1/lookup', `{"personalId":"${'1'.repeat(5000)}"}`, 413],
      ['/unknown', '{}', 404],
    ] as const) {
      assert.equal((await lookup(path, body, auth)).status, status, `${path} ${body.slice(0, 40)}`);
    }
  });

  it('switches a service from its control page (form post) or as JSON, and lists the calls', async () => {
    const page = await fetch(`${simulator.url}/`);
    assert.match(await page.text(), /Mô phỏng nền tảng chia sẻ dữ liệu/);
    const form = await fetch(`${simulator.url}/control`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'service=population&mode=empty' });
    assert.equal(form.status, 303);
    assert.equal(simulator.modes().population, 'empty');
    const json = await fetch(`${simulator.url}/control`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"service":"population","mode":"normal"}' });
    assert.deepEqual(await json.json(), { population: 'normal', business: 'normal' });
    assert.equal((await fetch(`${simulator.url}/control`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"service":"tax","mode":"slow"}' })).status, 422);
    assert.equal((await fetch(`${simulator.url}/control`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' })).status, 400);
    const calls = (await (await fetch(`${simulator.url}/calls`)).json()) as { items: Array<{ service: string; key: string }> };
    assert.ok(calls.items.some((c) => c.service === 'population' && c.key === '079090001234'));
  });
});
