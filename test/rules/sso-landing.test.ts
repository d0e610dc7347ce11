// Where a VNeID sign-in lands: the requested page, else an applicant's dossiers, else home.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ssoLanding } from '../../src/modules/identity/identity.sso.rules.ts';

describe('ssoLanding', () => {
  const cases: Array<[kind: string, next: string, expected: string]> = [
    ['citizen', '', '/ho-so'],
    ['organisation', '', '/ho-so'],
    ['staff', '', '/'],
    ['citizen', '/nop-ho-so/1.001823', '/nop-ho-so/1.001823'],
    ['citizen', '/', '/'],
    ['staff', '/can-bo', '/can-bo'],
  ];
  for (const [kind, next, expected] of cases) {
    it(`${kind}, next ${JSON.stringify(next)} → ${expected}`, () => assert.equal(ssoLanding(kind, next), expected));
  }
});
