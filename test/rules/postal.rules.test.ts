// The public postal service's pure rules: the shipment state machine (table-driven), S10 tracking numbers, the
// delivery address check (hostile input), and the webhook signature and payload of the adapter.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { parseTrackingEvent, signPayload, verifySignature } from '../../src/modules/postal/postal.adapter.ts';
import { checkAddress, decideEvent, deliveryOpen, isTrackingNumber, nextStatus, s10CheckDigit, type ShipmentStatus, type TrackingStatus } from '../../src/modules/postal/postal.rules.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { postage } from '../../src/simulators/postal.ts';

describe('decideEvent: tracking events only move a shipment forward', () => {
  const cases: Array<[ShipmentStatus, TrackingStatus, boolean, string]> = [
    // current, event, seen before → outcome
    ['created', 'accepted', false, 'apply:accepted'],
    ['created', 'in_transit', false, 'apply:in_transit'],
    ['created', 'delivered', false, 'apply:delivered'],
    ['accepted', 'in_transit', false, 'apply:in_transit'],
    ['accepted', 'delivered', false, 'apply:delivered'],
    ['accepted', 'failed', false, 'apply:failed'],
    ['in_transit', 'delivered', false, 'apply:delivered'],
    ['in_transit', 'failed', false, 'apply:failed'],
    // out of order: an older or equal step arriving late
    ['accepted', 'accepted', false, 'stale'],
    ['in_transit', 'accepted', false, 'stale'],
    ['in_transit', 'in_transit', false, 'stale'],
    // after the end nothing changes, not even the other ending
    ['delivered', 'failed', false, 'closed'],
    ['failed', 'delivered', false, 'closed'],
    ['delivered', 'accepted', false, 'closed'],
    ['failed', 'in_transit', false, 'closed'],
    // the very same event again
    ['created', 'accepted', true, 'duplicate'],
    ['accepted', 'in_transit', true, 'duplicate'],
    ['delivered', 'delivered', true, 'duplicate'],
  ];
  for (const [current, status, seen, expected] of cases) {
    it(`${current} + ${status}${seen ? ' (seen)' : ''} → ${expected}`, () => {
      const decision = decideEvent(current, { status, seen });
      assert.equal(decision.apply ? `apply:${decision.status}` : decision.why, expected);
    });
  }

  it('nextStatus walks created → accepted → in_transit → delivered|failed → end', () => {
    assert.equal(nextStatus('created'), 'accepted');
    assert.equal(nextStatus('accepted'), 'in_transit');
    assert.equal(nextStatus('in_transit'), 'delivered');
    assert.equal(nextStatus('in_transit', 'failed'), 'failed');
    assert.equal(nextStatus('delivered'), null);
    assert.equal(nextStatus('failed'), null);
  });

  it('delivery by post can be chosen from submission until the result is returned', () => {
    assert.deepEqual(
      [null, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((s) => deliveryOpen(s)),
      [false, true, true, false, true, true, true, false, false, true, false],
    );
  });
});

describe('S10 tracking numbers', () => {
  it('computes the UPU check digit', () => {
    // 4·8 + 7·6 + 3·4 + 1·2 + 2·3 + 4·5 + 8·9 + 2·7 = 200; 200 mod 11 = 2; 11 − 2 = 9.
    assert.equal(s10CheckDigit('47312482'), 9);
    // 11 becomes 5: 00000000 → 11 − 0 → 5; 00000001 → 11 − 7 = 4.
    assert.equal(s10CheckDigit('00000000'), 5);
    assert.equal(s10CheckDigit('00000001'), 4);
    assert.equal(isTrackingNumber('RR473124829VN'), true);
    assert.equal(isTrackingNumber('RR473124828VN'), false);
  });
  it('refuses anything else', () => {
    for (const value of ['', 'RR47312482VN', 'rr473124829vn', 'RR473124829VN ', 'RR4731248299VN', 42, null, undefined, 'RR47312482\u00008VN']) {
      assert.equal(isTrackingNumber(value), false, String(value));
    }
  });
});

describe('checkAddress', () => {
  const units: Record<string, string> = { '00070': '01', '29242': '86' };
  const lookup = { provinceExists: (code: string) => code === '01' || code === '86', communeProvince: (code: string) => units[code] };
  const good = { recipientName: 'Nguyễn Văn An', phone: '0912 345 678', street: 'Số 12 đường Nguyễn Đáng', provinceCode: '86', communeCode: '29242' };
  const codes = (input: Record<string, unknown>) =>
    checkAddress(input, lookup)
      .errors.map((e) => `${e.path}:${e.code}`)
      .sort();

  it('accepts a good address and normalises it', () => {
    const { value, errors } = checkAddress({ ...good, phone: '+84 912-345-678', recipientName: '  Nguyễn   Văn An ' }, lookup);
    assert.deepEqual(errors, []);
    assert.equal(value.phone, '0912345678');
    assert.equal(value.recipientName, 'Nguyễn Văn An');
  });

  const hostile: Array<[string, Record<string, unknown>, string[]]> = [
    ['everything missing', {}, ['/communeCode:required', '/phone:required', '/provinceCode:required', '/recipientName:required', '/street:required']],
    ['a control character in the name', { ...good, recipientName: 'An\u0000' }, ['/recipientName:invalidCharacter']],
    ['a newline in the street', { ...good, street: 'Số 1\r\nBcc: x' }, ['/street:invalidCharacter']],
    ['a right-to-left override', { ...good, recipientName: 'An\u202Egnal' }, ['/recipientName:invalidCharacter']],
    ['a lone surrogate', { ...good, street: 'Số \ud800 1' }, ['/street:invalidCharacter']],
    ['a name too long', { ...good, recipientName: 'A'.repeat(101) }, ['/recipientName:maxLength']],
    ['a street too long', { ...good, street: 'đ'.repeat(201) }, ['/street:maxLength']],
    ['only punctuation', { ...good, recipientName: '— . —' }, ['/recipientName:required']],
    ['a phone with letters', { ...good, phone: '09x2345678' }, ['/phone:phone']],
    ['an unknown commune code', { ...good, communeCode: '99999' }, ['/communeCode:unknownCommune']],
    ['a commune code that is SQL', { ...good, communeCode: "1' OR '1'='1" }, ['/communeCode:unknownCommune']],
    ['a commune of another province', { ...good, communeCode: '00070' }, ['/communeCode:communeNotInProvince']],
    ['a malformed province', { ...good, provinceCode: '8' }, ['/provinceCode:unknownProvince']],
    ['an unknown province', { ...good, provinceCode: '99' }, ['/provinceCode:unknownProvince']],
    ['non-strings', { recipientName: ['a'], phone: 912345678, street: { x: 1 }, provinceCode: 86, communeCode: null }, ['/communeCode:required', '/phone:required', '/provinceCode:required', '/recipientName:required', '/street:required']],
  ];
  for (const [name, input, expected] of hostile) {
    it(`refuses ${name}`, () => assert.deepEqual(codes(input), expected));
  }
});

describe('webhook signature and payload (adapter)', () => {
  const secret = 'a-test-secret-of-some-length';
  const body = Buffer.from(JSON.stringify({ eventId: 'e1', trackingNumber: 'RR473124829VN', status: 'delivered', occurredAt: '2026-12-01T02:00:00Z' }));

  it('verifies an HMAC-SHA256 of the raw body, computed independently', () => {
    const header = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
    assert.equal(signPayload(secret, body), header);
    assert.equal(verifySignature(secret, body, header), true);
  });

  it('refuses another secret, a changed byte, a missing or malformed header', () => {
    const header = signPayload(secret, body);
    assert.equal(verifySignature('another-secret-of-some-length', body, header), false);
    const changed = Buffer.from(body);
    changed[changed.length - 3] = changed[changed.length - 3]! ^ 1;
    assert.equal(verifySignature(secret, changed, header), false);
    for (const bad of [undefined, '', 'sha256=', header.toUpperCase(), `${header}0`, ['x'], header.replace('sha256=', 'sha1=')]) {
      assert.equal(verifySignature(secret, body, bad), false, String(bad));
    }
  });

  it('parses a tracking event and refuses malformed ones', () => {
    const event = parseTrackingEvent(body);
    assert.equal(event?.status, 'delivered');
    assert.equal(event?.occurredAt.toISOString(), '2026-12-01T02:00:00.000Z');
    const parse = (value: unknown) => parseTrackingEvent(Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)));
    const base = JSON.parse(body.toString()) as Record<string, unknown>;
    assert.equal(parse('not json'), null);
    assert.equal(parse([base]), null);
    assert.equal(parse({ ...base, status: 'lost' }), null);
    assert.equal(parse({ ...base, trackingNumber: 'RR473124828VN' }), null);
    assert.equal(parse({ ...base, eventId: 'x'.repeat(101) }), null);
    assert.equal(parse({ ...base, occurredAt: 'yesterday' }), null);
    assert.equal(parse({ ...base, reason: 42 }), null);
    // A reason is kept bounded and without control characters.
    const failed = parse({ ...base, status: 'failed', reason: `Vắng nhà\u0000${'x'.repeat(500)}` });
    assert.equal(failed?.reason?.length, 300);
    assert.ok(!/\u0000/.test(failed!.reason!));
  });
});

describe('simulator tariff', () => {
  it('charges by weight step, more between provinces', () => {
    assert.equal(postage(100, true), 16_500);
    assert.equal(postage(101, true), 21_000);
    assert.equal(postage(100, false), 22_000);
    assert.equal(postage(350, false), 22_000 + 3 * 4_500);
  });
});

describe('postal settings', () => {
  it('reads POSTAL_URL, its token, the webhook secret and the sender province, and refuses bad values', () => {
    const config = loadConfig({ POSTAL_URL: 'https://post.example.vn/api/', POSTAL_TOKEN: 't', POSTAL_WEBHOOK_SECRET: 'x'.repeat(16) }, '/tmp');
    assert.equal(config.postalUrl, 'https://post.example.vn/api');
    assert.equal(config.postalWebhookSecret, 'x'.repeat(16));
    assert.equal(config.postalSenderProvince, '01');
    assert.equal(loadConfig({}, '/tmp').postalUrl, undefined);
    const refused = (env: Record<string, string>, variable: string) => assert.throws(() => loadConfig(env, '/tmp'), (e: unknown) => e instanceof ConfigError && e.variable === variable);
    refused({ POSTAL_URL: 'ftp://post' }, 'POSTAL_URL');
    refused({ POSTAL_WEBHOOK_SECRET: 'short' }, 'POSTAL_WEBHOOK_SECRET');
    refused({ POSTAL_WEBHOOK_SECRET: 'has spaces in the middle' }, 'POSTAL_WEBHOOK_SECRET');
    refused({ POSTAL_SENDER_PROVINCE: 'HN' }, 'POSTAL_SENDER_PROVINCE');
  });
});
