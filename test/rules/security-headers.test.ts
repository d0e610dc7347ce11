import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { securityHeaders } from '../../src/http/security-headers.ts';

describe('security headers (computed once from the configuration)', () => {
  const csp = { directives: { defaultSrc: ["'self'"], frameAncestors: ["'none'"], upgradeInsecureRequests: null } };

  for (const [hsts, expected] of [
    [true, 'max-age=31536000; includeSubDomains'],
    [false, undefined],
  ] as const) {
    it(`HSTS ${hsts ? 'on' : 'off'}`, () => {
      const headers = securityHeaders({ contentSecurityPolicy: csp, strictTransportSecurity: hsts });
      assert.equal(headers['strict-transport-security'], expected);
    });
  }

  it('carries the configured content security policy and helmet\'s fixed headers, names in lower case', () => {
    const headers = securityHeaders({ contentSecurityPolicy: csp, strictTransportSecurity: false });
    assert.match(headers['content-security-policy']!, /default-src 'self'/);
    assert.match(headers['content-security-policy']!, /frame-ancestors 'none'/);
    assert.doesNotMatch(headers['content-security-policy']!, /upgrade-insecure-requests/);
    assert.equal(headers['x-content-type-options'], 'nosniff');
    assert.equal(headers['referrer-policy'], 'no-referrer');
    assert.ok(Object.keys(headers).every((name) => name === name.toLowerCase()));
    assert.equal(headers['x-powered-by'], undefined);
  });
});
