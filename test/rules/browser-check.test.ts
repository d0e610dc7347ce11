import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CHROMIUM_INSTALL, decideBrowser, needsBrowser } from '../../scripts/browser-check.ts';

describe('npm test: Chromium before the browser tests', () => {
  it('does nothing when no browser test runs or Chromium is there', () => {
    assert.deepEqual(decideBrowser({ needed: false, present: false, root: false, apt: false }), { kind: 'ready' });
    assert.deepEqual(decideBrowser({ needed: true, present: true, root: false, apt: true }), { kind: 'ready' });
  });

  it('installs through apt when missing and running as root', () => {
    assert.deepEqual(decideBrowser({ needed: true, present: false, root: true, apt: true }), { kind: 'install', command: CHROMIUM_INSTALL });
    assert.equal(CHROMIUM_INSTALL, 'apt-get update -qq && apt-get install -y -qq chromium');
  });

  it('stops with the exact command when it cannot install (not root)', () => {
    const decision = decideBrowser({ needed: true, present: false, root: false, apt: true });
    assert.equal(decision.kind, 'stop');
    assert.ok(decision.kind === 'stop' && decision.message.includes(CHROMIUM_INSTALL));
    assert.ok(decision.kind === 'stop' && decision.message.includes('/usr/bin/chromium'));
  });

  it('stops when root but without apt-get', () => {
    const decision = decideBrowser({ needed: true, present: false, root: true, apt: false });
    assert.equal(decision.kind, 'stop');
  });

  it('knows which runs need the browser', () => {
    assert.equal(needsBrowser(['/w/test/rules/a.test.ts', '/w/test/http/b.test.ts']), false);
    assert.equal(needsBrowser(['/w/test/rules/a.test.ts', '/w/test/e2e/catalog.e2e.test.ts']), true);
    assert.equal(needsBrowser([]), false);
  });
});
