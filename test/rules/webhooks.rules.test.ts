// Webhooks, pure rules: the Standard Webhooks signature against the spec's published vector and each bad input of
// the receiver's check, the back-off table, the ordering planner, the SSRF target check, the form's problems, which
// outbox message is which event and the frozen payload, and the secrets at rest.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateWebhookSecret, signWebhook, verifyWebhook, webhookSecretBytes } from '../../src/core/webhook-signature.ts';
import {
  attemptOutcome,
  buildEvent,
  eventTypeOf,
  isPrivateAddress,
  MAX_ATTEMPTS,
  RETRY_DELAYS_MS,
  sendable,
  subscriptionProblems,
  targetProblem,
  type PlannedDelivery,
} from '../../src/modules/webhooks/webhooks.rules.ts';
import { SecretBox } from '../../src/modules/webhooks/webhooks.secrets.ts';

// The example of the Standard Webhooks specification (and of its reference libraries' tests).
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const headers = (over: Partial<{ id: string | undefined; timestamp: string | undefined; signature: string | undefined }> = {}) => ({
  id: VECTOR.id,
  timestamp: String(VECTOR.timestamp),
  signature: VECTOR.signature,
  ...over,
});

describe('Standard Webhooks signature', () => {
  it('signs the spec test vector exactly', () => {
    assert.equal(signWebhook(VECTOR.secret, VECTOR.id, VECTOR.timestamp, VECTOR.body), VECTOR.signature);
  });

  it('verifies the vector at its own time', () => {
    assert.deepEqual(verifyWebhook(VECTOR.secret, headers(), VECTOR.body, VECTOR.timestamp), { ok: true });
  });

  it('accepts the vector among several signatures (space-separated, other versions skipped)', () => {
    const signature = `v1a,abc v1,AAAA ${VECTOR.signature}`;
    assert.deepEqual(verifyWebhook(VECTOR.secret, headers({ signature }), VECTOR.body, VECTOR.timestamp), { ok: true });
  });

  const bad: Array<[string, Parameters<typeof headers>[0], string, number, string]> = [
    ['a missing webhook-id', { id: undefined }, VECTOR.body, VECTOR.timestamp, 'missing_headers'],
    ['a missing timestamp', { timestamp: undefined }, VECTOR.body, VECTOR.timestamp, 'missing_headers'],
    ['a missing signature', { signature: undefined }, VECTOR.body, VECTOR.timestamp, 'missing_headers'],
    ['a timestamp that is not a number', { timestamp: '16142653e0' }, VECTOR.body, VECTOR.timestamp, 'bad_timestamp'],
    ['a timestamp older than 5 minutes (a replay of an old message)', {}, VECTOR.body, VECTOR.timestamp + 301, 'too_old'],
    ['a timestamp more than 5 minutes ahead', {}, VECTOR.body, VECTOR.timestamp - 301, 'too_new'],
    ['a changed body', {}, '{"test": 2432232315}', VECTOR.timestamp, 'bad_signature'],
    ['a changed id', { id: 'msg_other' }, VECTOR.body, VECTOR.timestamp, 'bad_signature'],
    ['a changed timestamp (signed for another time)', { timestamp: String(VECTOR.timestamp + 1) }, VECTOR.body, VECTOR.timestamp, 'bad_signature'],
    ['a signature of another version only', { signature: VECTOR.signature.replace('v1,', 'v2,') }, VECTOR.body, VECTOR.timestamp, 'bad_signature'],
    ['a truncated signature', { signature: VECTOR.signature.slice(0, 20) }, VECTOR.body, VECTOR.timestamp, 'bad_signature'],
    ['garbage in the signature', { signature: 'v1,' }, VECTOR.body, VECTOR.timestamp, 'bad_signature'],
  ];
  for (const [name, over, body, now, reason] of bad) {
    it(`refuses ${name}`, () => {
      assert.deepEqual(verifyWebhook(VECTOR.secret, headers(over), body, now), { ok: false, reason });
    });
  }

  it('refuses the vector checked with another secret', () => {
    assert.deepEqual(verifyWebhook(generateWebhookSecret(), headers(), VECTOR.body, VECTOR.timestamp), { ok: false, reason: 'bad_signature' });
  });

  it('makes secrets of 32 random bytes in the whsec_ format', () => {
    const a = generateWebhookSecret();
    assert.match(a, /^whsec_[A-Za-z0-9+/]{43}=$/);
    assert.equal(webhookSecretBytes(a).length, 32);
    assert.notEqual(a, generateWebhookSecret());
  });
});

describe('retries: the back-off table', () => {
  const now = new Date('2026-12-01T00:00:00Z');
  it('2xx is delivered, whatever the attempt', () => {
    for (const status of [200, 201, 202, 204, 299]) assert.deepEqual(attemptOutcome({ status }, 1, now), { status: 'delivered' });
    assert.deepEqual(attemptOutcome({ status: 200 }, MAX_ATTEMPTS, now), { status: 'delivered' });
  });

  it('30 s, 2 min, 10 min, 1 h, 6 h after the 1st…5th failure, then failed at the 6th', () => {
    assert.deepEqual(RETRY_DELAYS_MS, [30_000, 120_000, 600_000, 3_600_000, 21_600_000]);
    assert.equal(MAX_ATTEMPTS, 6);
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      const outcome = attemptOutcome({ status: 500 }, attempt, now);
      assert.deepEqual(outcome, { status: 'pending', nextAttemptAt: new Date(now.getTime() + RETRY_DELAYS_MS[attempt - 1]!) });
    }
    assert.deepEqual(attemptOutcome({ status: 500 }, MAX_ATTEMPTS, now), { status: 'failed' });
  });

  const notDelivered: Array<[string, Parameters<typeof attemptOutcome>[0]]> = [
    ['a redirect (not followed)', { status: 302 }],
    ['a 1xx/0 status', { status: 0 }],
    ['a 4xx', { status: 404 }],
    ['a 410 Gone', { status: 410 }],
    ['a 5xx', { status: 503 }],
    ['a timeout', { error: 'timeout after 10000 ms' }],
    ['a refused connection', { error: 'connect ECONNREFUSED' }],
  ];
  for (const [name, result] of notDelivered) {
    it(`retries ${name}`, () => {
      assert.equal(attemptOutcome(result, 1, now).status, 'pending');
    });
  }
});

describe('ordering planner', () => {
  const now = new Date('2026-12-01T00:00:00Z');
  const past = new Date(now.getTime() - 1000);
  const future = new Date(now.getTime() + 1000);
  const d = (id: string, seq: number, over: Partial<PlannedDelivery> = {}): PlannedDelivery => ({ id, subscriptionId: 's1', dossierId: 'd1', seq, status: 'pending', nextAttemptAt: past, ...over });

  it('sends only the oldest pending delivery of a dossier and subscription', () => {
    assert.deepEqual(sendable([d('b', 2), d('a', 1), d('c', 3)], now).map((x) => x.id), ['a']);
  });

  it('an older one waiting for its retry holds the newer ones back', () => {
    assert.deepEqual(sendable([d('a', 1, { nextAttemptAt: future }), d('b', 2)], now).map((x) => x.id), []);
  });

  it('delivered and failed older ones do not hold back', () => {
    assert.deepEqual(sendable([d('a', 1, { status: 'delivered' }), d('b', 2, { status: 'failed' }), d('c', 3)], now).map((x) => x.id), ['c']);
  });

  it('other dossiers and other subscriptions go independently', () => {
    const plan = sendable([d('a', 1), d('b', 2, { dossierId: 'd2' }), d('c', 3, { subscriptionId: 's2' }), d('e', 4)], now);
    assert.deepEqual(plan.map((x) => x.id).sort(), ['a', 'b', 'c']);
  });

  it('nothing due: nothing', () => {
    assert.deepEqual(sendable([d('a', 1, { nextAttemptAt: future })], now), []);
  });
});

describe('targets (SSRF)', () => {
  it('accepts a public https URL', () => {
    assert.equal(targetProblem('https://hooks.example.vn/opendvc', false), null);
    assert.equal(targetProblem('https://203.113.1.2:8443/x?y=1', false), null);
  });

  const refused: Array<[string, string, string]> = [
    ['not a URL', 'hooks.example.vn/x', 'WEBHOOK_URL_INVALID'],
    ['ftp', 'ftp://hooks.example.vn/x', 'WEBHOOK_URL_INVALID'],
    ['javascript:', 'javascript:alert(1)', 'WEBHOOK_URL_INVALID'],
    ['credentials in the URL', 'https://user:pw@hooks.example.vn/', 'WEBHOOK_URL_INVALID'],
    ['a fragment', 'https://hooks.example.vn/#x', 'WEBHOOK_URL_INVALID'],
    ['plain http', 'http://hooks.example.vn/x', 'WEBHOOK_URL_NOT_HTTPS'],
    ['localhost', 'https://localhost/x', 'WEBHOOK_URL_PRIVATE'],
    ['a .localhost name', 'https://a.localhost/x', 'WEBHOOK_URL_PRIVATE'],
    ['loopback', 'https://127.0.0.1/x', 'WEBHOOK_URL_PRIVATE'],
    ['another loopback address', 'https://127.8.9.10/x', 'WEBHOOK_URL_PRIVATE'],
    ['10/8', 'https://10.1.2.3/x', 'WEBHOOK_URL_PRIVATE'],
    ['172.16/12', 'https://172.20.0.1/x', 'WEBHOOK_URL_PRIVATE'],
    ['192.168/16', 'https://192.168.1.1/x', 'WEBHOOK_URL_PRIVATE'],
    ['link-local (cloud metadata)', 'https://169.254.169.254/latest/meta-data', 'WEBHOOK_URL_PRIVATE'],
    ['carrier-grade NAT', 'https://100.64.0.1/x', 'WEBHOOK_URL_PRIVATE'],
    ['0.0.0.0', 'https://0.0.0.0/x', 'WEBHOOK_URL_PRIVATE'],
    ['IPv6 loopback', 'https://[::1]/x', 'WEBHOOK_URL_PRIVATE'],
    ['IPv6 unique-local', 'https://[fd00::1]/x', 'WEBHOOK_URL_PRIVATE'],
    ['IPv6 link-local', 'https://[fe80::1]/x', 'WEBHOOK_URL_PRIVATE'],
    ['IPv4-mapped loopback', 'https://[::ffff:127.0.0.1]/x', 'WEBHOOK_URL_PRIVATE'],
    ['a decimal address', 'https://2130706433/x', 'WEBHOOK_URL_PRIVATE'],
    ['a hexadecimal address', 'https://0x7f000001/x', 'WEBHOOK_URL_PRIVATE'],
  ];
  for (const [name, url, code] of refused) {
    it(`refuses ${name}`, () => {
      assert.equal(targetProblem(url, false), code);
    });
  }

  it('allows http and private targets when WEBHOOKS_ALLOW_PRIVATE_TARGETS is on (but never other schemes)', () => {
    assert.equal(targetProblem('http://127.0.0.1:4000/hooks', true), null);
    assert.equal(targetProblem('https://localhost/x', true), null);
    assert.equal(targetProblem('ftp://127.0.0.1/x', true), 'WEBHOOK_URL_INVALID');
  });

  it('classifies resolved addresses', () => {
    for (const a of ['127.0.0.1', '10.0.0.1', '::1', 'fe80::1', '::ffff:10.0.0.1', '224.0.0.1', 'not-an-ip']) assert.equal(isPrivateAddress(a), true, a);
    for (const a of ['8.8.8.8', '203.113.1.2', '2001:4860:4860::8888']) assert.equal(isPrivateAddress(a), false, a);
  });
});

describe('the subscription form', () => {
  const good = { name: 'E-office', url: 'https://hooks.example.vn/x', agencyId: '00000000-0000-4000-8000-000000000001', eventTypes: ['dossier.submitted'] };
  it('a complete form has no problem', () => {
    assert.deepEqual(subscriptionProblems(good, false), []);
  });
  const bad: Array<[string, Partial<typeof good>, string, string]> = [
    ['no name', { name: '  ' }, '/name', 'WEBHOOK_NAME_REQUIRED'],
    ['a name too long', { name: 'x'.repeat(201) }, '/name', 'WEBHOOK_NAME_TOO_LONG'],
    ['no URL', { url: '' }, '/url', 'WEBHOOK_URL_INVALID'],
    ['a private URL', { url: 'https://10.0.0.1/' }, '/url', 'WEBHOOK_URL_PRIVATE'],
    ['no agency', { agencyId: '' }, '/agencyId', 'WEBHOOK_AGENCY_REQUIRED'],
    ['no event', { eventTypes: [] }, '/eventTypes', 'WEBHOOK_EVENTS_REQUIRED'],
    ['an unknown event', { eventTypes: ['dossier.deleted'] }, '/eventTypes', 'WEBHOOK_EVENTS_REQUIRED'],
  ];
  for (const [name, over, path, code] of bad) {
    it(`refuses ${name}`, () => {
      assert.deepEqual(subscriptionProblems({ ...good, ...over }, false), [{ path, code }]);
    });
  }
});

describe('events', () => {
  it('maps the outbox topics to event types', () => {
    assert.equal(eventTypeOf('dossier.submitted', {}), 'dossier.submitted');
    assert.equal(eventTypeOf('dossier.status', {}), 'dossier.status_changed');
    assert.equal(eventTypeOf('dossier.result', { event: 'issued' }), 'result.issued');
    assert.equal(eventTypeOf('dossier.result', { event: 'revoked' }), 'result.revoked');
    assert.equal(eventTypeOf('dossier.result', { event: 'other' }), null);
    assert.equal(eventTypeOf('payment.paid', {}), 'payment.received');
    assert.equal(eventTypeOf('dossier.postal', {}), null);
  });

  it('freezes the payload: ids, agency, status, no personal data', () => {
    const dossier = { id: 'd-1', code: 'G01.2026.0001', status: 4, channel: 2, procedureCode: '1.001823', agencyId: 'a-1', agencyCode: 'G01' };
    const event = buildEvent(
      'dossier.status_changed',
      { id: '42', created_at: new Date('2026-12-01T01:00:00Z'), payload: { dossierId: 'd-1', status: 5, previousStatus: 4, action: 'forward', at: '2026-12-01T00:59:00Z', content: 'Nguyễn Văn A …', applicantId: 'p-1' } },
      dossier,
    );
    assert.deepEqual(event, {
      id: 'evt_42',
      type: 'dossier.status_changed',
      occurredAt: '2026-12-01T00:59:00.000Z',
      agency: { id: 'a-1', code: 'G01' },
      data: { dossierId: 'd-1', dossierCode: 'G01.2026.0001', procedureCode: '1.001823', channel: 2, status: 5, previousStatus: 4, action: 'forward', dueAt: null, appointmentAt: null },
    });
    assert.doesNotMatch(JSON.stringify(event), /Nguyễn|p-1/);
  });
});

describe('secrets at rest', () => {
  it('encrypted under a key from the server secret, read back; not readable with another', () => {
    const box = new SecretBox('x'.repeat(40));
    const sealed = box.seal('whsec_abc');
    assert.match(sealed, /^v1:/);
    assert.doesNotMatch(sealed, /abc/);
    assert.equal(box.open(sealed), 'whsec_abc');
    assert.equal(new SecretBox('y'.repeat(40)).open(sealed), null);
    assert.equal(new SecretBox(undefined).open(sealed), null);
    assert.equal(box.open('v1:garbage'), null);
  });
  it('kept as is without a server secret', () => {
    const box = new SecretBox(undefined);
    assert.equal(box.seal('whsec_abc'), 'plain:whsec_abc');
    assert.equal(box.open('plain:whsec_abc'), 'whsec_abc');
  });
});
