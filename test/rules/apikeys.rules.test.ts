// The pure rules of API keys, table-driven.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  bearerApiKey, expiryProblem, formatToken, graceProblem, keyStatus, nameProblem, parseToken, rateProblem, rateWindow, refusalOf, rotatedExpiryDay,
  rotatedRevocation, secretHash, secretMatches,
} from '../../src/modules/apikeys/apikeys.rules.ts';

const SECRET = 'A'.repeat(43);
const PREFIX = '0123456789ab';

describe('API key rules', () => {
  it('parses tokens: only odk_<12 hex>_<43 base64url>', () => {
    const cases: Array<[string, boolean]> = [
      [formatToken(PREFIX, SECRET), true],
      [`odk_${PREFIX}_${'a-_Z9'.repeat(8)}abc`, true],
      [`odk_${PREFIX.toUpperCase()}_${SECRET}`, false],
      [`odk_${PREFIX}_${SECRET}A`, false],
      [`odk_${PREFIX}_${SECRET.slice(1)}`, false],
      [`odk_${PREFIX.slice(1)}_${SECRET}`, false],
      [`ODK_${PREFIX}_${SECRET}`, false],
      [`odk_${PREFIX}_${SECRET.slice(1)}=`, false],
      [`odk_${PREFIX}_${SECRET.slice(1)}é`, false],
      [` odk_${PREFIX}_${SECRET}`, false],
      ['', false],
      ['odk_', false],
    ];
    for (const [token, ok] of cases) assert.equal(parseToken(token) !== null, ok, token);
    assert.deepEqual(parseToken(formatToken(PREFIX, SECRET)), { prefix: PREFIX, secret: SECRET });
  });

  it('reads the bearer header: only odk_ tokens, other bearer tokens are not ours', () => {
    const cases: Array<[string | string[] | undefined, string | null]> = [
      [`Bearer odk_x`, 'odk_x'],
      [`bearer odk_x`, 'odk_x'],
      [`BEARER   odk_x  `, 'odk_x'],
      ['Bearer odk_', 'odk_'],
      ['Bearer metrics-token', null],
      ['Bearer', null],
      ['Basic b2RrXzp4', null],
      ['odk_x', null],
      ['Bearer odk_x extra', null],
      [undefined, null],
      [['Bearer odk_x'], null],
    ];
    for (const [header, expected] of cases) assert.equal(bearerApiKey(header), expected, String(header));
  });

  it('hashes with SHA-256 and compares in constant time', () => {
    assert.equal(secretHash(SECRET).length, 32);
    assert.equal(secretMatches(SECRET, secretHash(SECRET)), true);
    assert.equal(secretMatches(SECRET, secretHash('B'.repeat(43))), false);
    assert.equal(secretMatches(SECRET, Buffer.alloc(31)), false);
  });

  it('tells a key’s status at an instant', () => {
    const at = (iso: string) => new Date(iso);
    const expiresAt = at('2027-01-01T00:00:00Z');
    const cases: Array<[Date | null, string, 'active' | 'expired' | 'revoked']> = [
      [null, '2026-12-31T23:59:59.999Z', 'active'],
      [null, '2027-01-01T00:00:00Z', 'expired'],
      [at('2026-06-01T00:00:00Z'), '2026-05-31T23:59:59Z', 'active'],
      [at('2026-06-01T00:00:00Z'), '2026-06-01T00:00:00Z', 'revoked'],
      [at('2026-06-01T00:00:00Z'), '2027-06-01T00:00:00Z', 'revoked'],
    ];
    for (const [revokedAt, now, expected] of cases) assert.equal(keyStatus({ revokedAt, expiresAt }, at(now)), expected, `${revokedAt?.toISOString()} ${now}`);
    assert.equal(refusalOf('active'), null);
    assert.equal(refusalOf('expired'), 'API_KEY_EXPIRED');
    assert.equal(refusalOf('revoked'), 'API_KEY_REVOKED');
  });

  it('checks the expiry day', () => {
    const today = '2026-12-05';
    const cases: Array<[string | null | undefined, string | null]> = [
      ['2026-12-06', null],
      ['2028-12-04', null],
      ['2028-12-05', 'API_KEY_EXPIRY_TOO_FAR'],
      ['2026-12-05', 'API_KEY_EXPIRY_PAST'],
      ['2025-01-01', 'API_KEY_EXPIRY_PAST'],
      ['2027-02-30', 'API_KEY_EXPIRY_INVALID'],
      ['05/12/2027', 'API_KEY_EXPIRY_INVALID'],
      ['tomorrow', 'API_KEY_EXPIRY_INVALID'],
      ['', 'required'],
      ['  ', 'required'],
      [null, 'required'],
      [undefined, 'required'],
    ];
    for (const [input, expected] of cases) assert.equal(expiryProblem(input, today)?.code ?? null, expected, String(input));
    assert.deepEqual(expiryProblem('2030-01-01', today)?.params, { days: 730, last: '04/12/2028' });
  });

  it('checks the rate limit, the grace period and the name', () => {
    const rates: Array<[number | null | undefined, boolean]> = [[1, true], [60, true], [100_000, true], [0, false], [-1, false], [1.5, false], [100_001, false], [Number.NaN, false], [null, false], [undefined, false]];
    for (const [value, ok] of rates) assert.equal(rateProblem(value) === null, ok, String(value));
    const graces: Array<[number | null | undefined, boolean]> = [[undefined, true], [null, true], [0, true], [60, true], [1440, true], [1441, false], [-1, false], [0.5, false], [Number.NaN, false]];
    for (const [value, ok] of graces) assert.equal(graceProblem(value) === null, ok, String(value));
    const names: Array<[string | null | undefined, string | null]> = [['Máy chủ chính', null], ['', 'API_KEY_NAME_REQUIRED'], ['   ', 'API_KEY_NAME_REQUIRED'], [null, 'API_KEY_NAME_REQUIRED'], ['x'.repeat(200), null], ['x'.repeat(201), 'maxLength']];
    for (const [value, expected] of names) assert.equal(nameProblem(value)?.code ?? null, expected, String(value));
  });

  it('computes the minute window and the seconds to wait', () => {
    const cases: Array<[string, string, number]> = [
      ['2026-12-05T03:00:00.000Z', '2026-12-05T03:00:00.000Z', 60],
      ['2026-12-05T03:00:15.000Z', '2026-12-05T03:00:00.000Z', 45],
      ['2026-12-05T03:00:59.999Z', '2026-12-05T03:00:00.000Z', 1],
      ['2026-12-05T03:00:59.001Z', '2026-12-05T03:00:00.000Z', 1],
    ];
    for (const [now, start, retryAfter] of cases) {
      const window = rateWindow(Date.parse(now));
      assert.equal(window.start.toISOString(), start, now);
      assert.equal(window.retryAfter, retryAfter, now);
    }
  });

  it('ends a rotated key at once, after its grace, never later than it would have', () => {
    const now = new Date('2026-12-05T00:00:00Z');
    const expiresAt = new Date('2027-12-05T00:00:00Z');
    const cases: Array<[number, Date | null, Date, string]> = [
      [0, null, expiresAt, '2026-12-05T00:00:00.000Z'],
      [60, null, expiresAt, '2026-12-05T01:00:00.000Z'],
      [60, new Date('2026-12-05T00:30:00Z'), expiresAt, '2026-12-05T00:30:00.000Z'],
      [1440, null, new Date('2026-12-05T02:00:00Z'), '2026-12-05T02:00:00.000Z'],
    ];
    for (const [grace, revokedAt, exp, expected] of cases) assert.equal(rotatedRevocation(now, grace, { revokedAt, expiresAt: exp }).toISOString(), expected);
    assert.equal(rotatedExpiryDay('2026-12-05', 365), '2027-12-05');
    assert.equal(rotatedExpiryDay('2026-12-05', 5000), '2028-12-04');
    assert.equal(rotatedExpiryDay('2026-12-05', 0), '2026-12-06');
  });
});
