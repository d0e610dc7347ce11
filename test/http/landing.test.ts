// After signing in on the page, each person lands on their work — unless they asked for a page.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { anonymousForm, createTestApp } from '../helpers/app.ts';

describe('landing after sign-in', async () => {
  const { app } = await createTestApp({ demo: true });

  async function signIn(username: string, next?: string) {
    const visitor = await anonymousForm(app, '/dang-nhap');
    const fields = new URLSearchParams({ _csrf: visitor.csrfToken, username, password: 'Demo@2026', ...(next ? { next } : {}) });
    return app.inject({
      method: 'POST', url: '/dang-nhap',
      headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', cookie: visitor.cookie },
      payload: fields.toString(),
    });
  }

  const expected: Array<[string, string]> = [
    ['demo.congdan', '/ho-so'],
    ['demo.doanhnghiep', '/ho-so'],
    ['demo.motcua', '/can-bo'],
    ['demo.chuyenvien', '/can-bo'],
    ['demo.truongphong', '/can-bo'],
    ['demo.lanhdao', '/can-bo'],
    ['demo.danhmuc', '/quan-tri/thu-tuc'],
    ['demo.quantri', '/quan-tri'],
  ];
  for (const [username, path] of expected) {
    it(`${username} lands on ${path}, a page that then opens for them`, async () => {
      const response = await signIn(username);
      assert.equal(response.statusCode, 303);
      assert.equal(response.headers.location, path);
      const sid = (response.cookies as Array<{ name: string; value: string }>).find((c) => c.name === 'opendvc_sid');
      assert.ok(sid);
      const landing = await app.inject({ method: 'GET', url: path, headers: { accept: 'text/html', cookie: `opendvc_sid=${sid.value}` } });
      assert.equal(landing.statusCode, 200, `${path}: ${landing.statusCode}`);
    });
  }

  it('follows the page asked for (and only a same-site one)', async () => {
    assert.equal((await signIn('demo.motcua', '/tra-cuu')).headers.location, '/tra-cuu');
    assert.equal((await signIn('demo.congdan', '//evil.example/')).headers.location, '/ho-so');
  });
});
