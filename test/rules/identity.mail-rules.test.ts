import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { linkify, MAX_MAIL_ATTEMPTS, statusAfterFailure } from '../../src/modules/mail/mail.rules.ts';
import { withTimeouts } from '../../src/modules/mail/mail.service.ts';

describe('linkify', () => {
  const base = 'http://localhost:3000';
  it('turns links to this site into links, keeping the text around them', () => {
    assert.deepEqual(linkify('Mở liên kết:\nhttp://localhost:3000/xac-thuc-email?token=abc_-1.\nCảm ơn', base), [
      { text: 'Mở liên kết:\n' },
      { text: 'http://localhost:3000/xac-thuc-email?token=abc_-1', href: 'http://localhost:3000/xac-thuc-email?token=abc_-1' },
      { text: '.\nCảm ơn' },
    ]);
  });
  it('leaves links elsewhere as plain text', () => {
    assert.deepEqual(linkify('see https://evil.example/x and http://localhost:30001/y', base), [
      { text: 'see https://evil.example/x and http://localhost:30001/y' },
    ]);
  });
  it('keeps HTML as text (the template escapes it)', () => {
    assert.deepEqual(linkify('<b>x</b> http://localhost:3000/"onmouseover=', base), [
      { text: '<b>x</b> ' },
      { text: 'http://localhost:3000/', href: 'http://localhost:3000/' },
      { text: '"onmouseover=' },
    ]);
  });
  it('handles empty text and a base URL with a trailing slash', () => {
    assert.deepEqual(linkify('', base), []);
    assert.deepEqual(linkify('http://localhost:3000', `${base}/`), [{ text: 'http://localhost:3000', href: 'http://localhost:3000' }]);
  });
});

describe('statusAfterFailure', () => {
  it(`retries until the ${MAX_MAIL_ATTEMPTS}th attempt`, () => {
    assert.equal(statusAfterFailure(1), 'pending');
    assert.equal(statusAfterFailure(MAX_MAIL_ATTEMPTS - 1), 'pending');
    assert.equal(statusAfterFailure(MAX_MAIL_ATTEMPTS), 'failed');
  });
});

describe('withTimeouts', () => {
  it('adds SMTP timeouts unless the URL sets them, keeping credentials', () => {
    const url = new URL(withTimeouts('smtp://user:p%40ss@mail.example.vn:587?socketTimeout=5000'));
    assert.equal(url.username, 'user');
    assert.equal(url.password, 'p%40ss');
    assert.equal(url.port, '587');
    assert.equal(url.searchParams.get('socketTimeout'), '5000');
    assert.equal(url.searchParams.get('connectionTimeout'), '15000');
    assert.equal(url.searchParams.get('greetingTimeout'), '15000');
  });
});
