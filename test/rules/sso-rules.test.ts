// Single sign-on, the pure parts: claims → person, the level of assurance, the link decision (by personal ID only,
// never a merge), the username of a new account, and the sealed transaction cookie.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { openTransaction, sealTransaction } from '../../src/modules/identity/identity.oidc.ts';
import { decideLink, levelOfAssurance, personFromClaims, ssoUsername, type LinkFacts, type SsoPerson } from '../../src/modules/identity/identity.sso.rules.ts';

const CLAIMS = { sub: 'subject-1', personal_id: '001099000111', name: 'Đỗ  Thị Mai', birthdate: '1999-09-09', acr: 'vneid:loa:2', sid: 'sid-1' };

describe('personFromClaims', () => {
  it('reads the person (name spaces folded, LoA from acr)', () => {
    const result = personFromClaims(CLAIMS);
    assert.ok('person' in result);
    assert.deepEqual(result.person, { subject: 'subject-1', personalId: '001099000111', fullName: 'Đỗ Thị Mai', dateOfBirth: '1999-09-09', loa: 2, sid: 'sid-1', business: null });
  });
  it('reads a business representative', () => {
    const result = personFromClaims({ ...CLAIMS, tax_code: '0109876543-001', organisation_name: 'Công ty A' });
    assert.ok('person' in result);
    assert.deepEqual(result.person.business, { taxCode: '0109876543-001', name: 'Công ty A' });
  });
  const bad: Array<[string, Record<string, unknown>, string]> = [
    ['no subject', { ...CLAIMS, sub: undefined }, 'sub'],
    ['a personal ID of 9 digits (old ID card)', { ...CLAIMS, personal_id: '123456789' }, 'personal_id'],
    ['a personal ID as a number', { ...CLAIMS, personal_id: 1099000111 }, 'personal_id'],
    ['no name', { ...CLAIMS, name: '   ' }, 'name'],
    ['a name with a control character', { ...CLAIMS, name: 'A\u0007B' }, 'name'],
    ['an impossible date of birth', { ...CLAIMS, birthdate: '1999-02-30' }, 'birthdate'],
    ['a date of birth in another format', { ...CLAIMS, birthdate: '09/09/1999' }, 'birthdate'],
    ['a malformed tax code', { ...CLAIMS, tax_code: '01098', organisation_name: 'X' }, 'tax_code'],
    ['a tax code without a company name', { ...CLAIMS, tax_code: '0109876543' }, 'organisation_name'],
  ];
  for (const [name, claims, problem] of bad) {
    it(`refuses ${name}`, () => assert.deepEqual(personFromClaims(claims), { problem }));
  }
});

describe('levelOfAssurance', () => {
  const cases: Array<[unknown, unknown, number]> = [
    ['vneid:loa:2', undefined, 2],
    ['vneid:loa:1', undefined, 1],
    ['urn:vn:loa2', undefined, 2],
    ['2', undefined, 2],
    [undefined, 2, 2],
    [undefined, '1', 1],
    ['urn:mace:incommon:iap:silver', undefined, 1],
    [undefined, 9, 1],
  ];
  for (const [acr, loa, expected] of cases) it(`acr ${String(acr)}, loa ${String(loa)} → ${expected}`, () => assert.equal(levelOfAssurance(acr, loa), expected));
});

describe('decideLink', () => {
  const person: SsoPerson = { subject: 's1', personalId: '001099000111', fullName: 'A', dateOfBirth: null, loa: 2, sid: null, business: null };
  const rep: SsoPerson = { ...person, subject: 's2', business: { taxCode: '0109876543', name: 'B' } };
  const active = 'active' as const;
  const cases: Array<[string, LinkFacts, ReturnType<typeof decideLink>]> = [
    ['a new person: create', { person, linked: null, holder: null }, { kind: 'create' }],
    ['a returning identity: sign in', { person, linked: { accountId: 'a', personalId: '001099000111', taxCode: null, status: active }, holder: { accountId: 'a', status: active, linkedSubject: 's1' } }, { kind: 'sign_in', accountId: 'a' }],
    ['a password account with the personal ID: link', { person, linked: null, holder: { accountId: 'p', status: active, linkedSubject: null } }, { kind: 'link', accountId: 'p' }],
    ['a pending password account with the personal ID: link', { person, linked: null, holder: { accountId: 'p', status: 'pending', linkedSubject: null } }, { kind: 'link', accountId: 'p' }],
    [
      'a returning identity whose personal ID now belongs to another account: refuse, naming both',
      { person, linked: { accountId: 'a', personalId: '001099000112', taxCode: null, status: active }, holder: { accountId: 'b', status: active, linkedSubject: null } },
      { kind: 'refuse', reason: 'personal_id_conflict', accountId: 'a', otherAccountId: 'b' },
    ],
    [
      'a returning identity whose account lost its personal ID: refuse',
      { person, linked: { accountId: 'a', personalId: null, taxCode: null, status: active }, holder: null },
      { kind: 'refuse', reason: 'personal_id_conflict', accountId: 'a', otherAccountId: null },
    ],
    [
      'a new identity whose personal ID is linked to another identity: refuse (no merge)',
      { person, linked: null, holder: { accountId: 'b', status: active, linkedSubject: 'other' } },
      { kind: 'refuse', reason: 'personal_id_conflict', accountId: null, otherAccountId: 'b' },
    ],
    ['a disabled account: refuse', { person, linked: { accountId: 'a', personalId: '001099000111', taxCode: null, status: 'disabled' }, holder: null }, { kind: 'refuse', reason: 'disabled', accountId: 'a', otherAccountId: null }],
    ['a disabled holder: refuse', { person, linked: null, holder: { accountId: 'p', status: 'disabled', linkedSubject: null } }, { kind: 'refuse', reason: 'disabled', accountId: 'p', otherAccountId: null }],
    ['a representative, new: create', { person: rep, linked: null, holder: null }, { kind: 'create' }],
    ['a representative, returning: sign in', { person: rep, linked: { accountId: 'o', personalId: '001099000111', taxCode: '0109876543', status: active }, holder: null }, { kind: 'sign_in', accountId: 'o' }],
    [
      'a representative whose account is now in another organisation: refuse',
      { person: rep, linked: { accountId: 'o', personalId: '001099000111', taxCode: '0100000000', status: active }, holder: null },
      { kind: 'refuse', reason: 'personal_id_conflict', accountId: 'o', otherAccountId: null },
    ],
  ];
  for (const [name, facts, expected] of cases) it(name, () => assert.deepEqual(decideLink(facts), expected));
});

describe('ssoUsername', () => {
  it('is a valid username that does not reveal the personal ID, stable per subject', () => {
    const name = ssoUsername('vneid', 'subject-1');
    assert.match(name, /^[a-z0-9._@-]{3,100}$/);
    assert.equal(name, ssoUsername('vneid', 'subject-1'));
    assert.notEqual(name, ssoUsername('vneid', 'subject-2'));
    assert.notEqual(ssoUsername('vneid', 'subject-1', 1), name);
  });
});

describe('the sealed transaction cookie', () => {
  const key = randomBytes(32);
  const transaction = { state: 's', nonce: 'n', verifier: 'v', next: '/ho-so', expires: Date.now() + 60_000 };
  it('opens what it sealed, and hides its content', () => {
    const sealed = sealTransaction(key, transaction);
    assert.deepEqual(openTransaction(key, sealed), transaction);
    assert.doesNotMatch(Buffer.from(sealed.split('.')[2]!, 'base64url').toString('latin1'), /ho-so/);
  });
  it('refuses another key, an altered cookie, an expired one, garbage', () => {
    const sealed = sealTransaction(key, transaction);
    assert.equal(openTransaction(randomBytes(32), sealed), null);
    const [iv, tag, body] = sealed.split('.') as [string, string, string];
    const flipped = Buffer.from(body, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    assert.equal(openTransaction(key, [iv, tag, flipped.toString('base64url')].join('.')), null);
    assert.equal(openTransaction(key, sealTransaction(key, { ...transaction, expires: Date.now() - 1 })), null);
    for (const junk of [undefined, '', 'a.b', 'a.b.c', '!!.!!.!!', 'x'.repeat(5000)]) assert.equal(openTransaction(key, junk), null);
  });
});

describe('VNEID_* configuration (all three or none)', async () => {
  const { loadConfig, ConfigError } = await import('../../src/config.ts');
  const full = { VNEID_ISSUER_URL: 'https://sso.dichvucong.gov.vn/', VNEID_CLIENT_ID: 'opendvc', VNEID_CLIENT_SECRET: 's'.repeat(32) };
  it('none: no single sign-on; all three: the issuer without its trailing slash', () => {
    assert.equal(loadConfig({}).vneid, null);
    assert.deepEqual(loadConfig(full).vneid, { issuerUrl: 'https://sso.dichvucong.gov.vn', clientId: 'opendvc', clientSecret: 's'.repeat(32) });
  });
  const partial: Array<[Record<string, string>, string]> = [
    [{ VNEID_CLIENT_ID: 'opendvc', VNEID_CLIENT_SECRET: 's'.repeat(32) }, 'VNEID_ISSUER_URL'],
    [{ VNEID_ISSUER_URL: full.VNEID_ISSUER_URL, VNEID_CLIENT_SECRET: 's'.repeat(32) }, 'VNEID_CLIENT_ID'],
    [{ VNEID_ISSUER_URL: full.VNEID_ISSUER_URL, VNEID_CLIENT_ID: 'opendvc' }, 'VNEID_CLIENT_SECRET'],
    [{ ...full, VNEID_CLIENT_SECRET: 'short' }, 'VNEID_CLIENT_SECRET'],
    [{ ...full, VNEID_ISSUER_URL: 'ftp://x' }, 'VNEID_ISSUER_URL'],
  ];
  for (const [env, variable] of partial) {
    it(`refuses ${Object.keys(env).join(' + ')} naming ${variable}`, () => {
      assert.throws(() => loadConfig(env), (error: unknown) => error instanceof ConfigError && error.variable === variable);
    });
  }
});
