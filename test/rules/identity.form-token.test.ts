import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { formTokenKey, signFormToken, verifyFormToken } from '../../src/core/form-token.ts';

describe('anonymous form tokens', () => {
  const key = formTokenKey('s'.repeat(32));

  it('accepts what this key signed, and only that', () => {
    const token = signFormToken(key);
    assert.match(token, /^[\w-]{32}\.[\w-]{43}$/);
    assert.equal(verifyFormToken(key, token), true);
    assert.notEqual(signFormToken(key), token, 'random each time');
    assert.equal(verifyFormToken(formTokenKey('t'.repeat(32)), token), false, 'another server secret');
    const [random, mac] = token.split('.') as [string, string];
    assert.equal(verifyFormToken(key, `${random.slice(0, -1)}${random.at(-1) === 'A' ? 'B' : 'A'}.${mac}`), false, 'changed random part');
    assert.equal(verifyFormToken(key, `${random}.${mac.slice(0, -1)}${mac.at(-1) === 'A' ? 'B' : 'A'}`), false, 'changed signature');
    for (const bad of [undefined, '', random, 'x'.repeat(32), `${random}.`, `${token}.x`]) assert.equal(verifyFormToken(key, bad), false, String(bad));
  });

  it('reads SESSION_SECRET: optional, at least 32 visible characters', () => {
    assert.equal(loadConfig({}).sessionSecret, undefined);
    assert.equal(loadConfig({ SESSION_SECRET: 'k'.repeat(40) }).sessionSecret, 'k'.repeat(40));
    assert.throws(() => loadConfig({ SESSION_SECRET: 'short' }), (e: unknown) => e instanceof ConfigError && e.variable === 'SESSION_SECRET');
  });

  it('reads the login and registration limits', () => {
    const config = loadConfig({});
    assert.deepEqual(
      [config.loginMaxFailuresPerPair, config.loginMaxFailuresPerAccount, config.loginMaxFailuresPerAddress, config.loginWindowMinutes, config.loginDelaySeconds, config.registrationMaxPerAddress, config.registrationWindowMinutes],
      [5, 30, 20, 15, 30, 10, 60],
    );
    assert.throws(() => loadConfig({ LOGIN_MAX_FAILURES_PER_PAIR: '0' }), (e: unknown) => e instanceof ConfigError && e.variable === 'LOGIN_MAX_FAILURES_PER_PAIR');
  });
});
