import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isLoopback, metricsAccess } from '../../src/modules/ops/ops.rules.ts';

describe('who may read /metrics', () => {
  it('knows the loopback addresses', () => {
    for (const a of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) assert.equal(isLoopback(a), true, a);
    for (const a of [undefined, '', '10.0.0.1', '::ffff:10.0.0.1', '1270.0.0.1', '127.0.0.1.evil', 'fe80::1']) assert.equal(isLoopback(a), false, String(a));
  });
  it('without a token: loopback peers only, others do not see it exists', () => {
    assert.equal(metricsAccess(undefined, undefined, '127.0.0.1'), 'allowed');
    assert.equal(metricsAccess(undefined, 'Bearer anything', '198.51.100.4'), 'hidden');
  });
  it('with a token: the exact bearer token from anywhere, nothing else', () => {
    const token = 'abcdefghijklmnop1234';
    assert.equal(metricsAccess(token, `Bearer ${token}`, '198.51.100.4'), 'allowed');
    assert.equal(metricsAccess(token, `bearer ${token}`, '198.51.100.4'), 'allowed');
    assert.equal(metricsAccess(token, undefined, '127.0.0.1'), 'token_required');
    assert.equal(metricsAccess(token, `Bearer ${token.slice(0, -1)}`, '127.0.0.1'), 'token_required');
    assert.equal(metricsAccess(token, `Basic ${token}`, '127.0.0.1'), 'token_required');
    assert.equal(metricsAccess(token, `Bearer ${token} extra`, '127.0.0.1'), 'token_required');
  });
});
