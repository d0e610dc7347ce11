// The administration home (/quan-tri) for each role that works there, and the yearly calendar's bare address.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { vietnamYear } from '../../src/core/time.ts';
import { createTestApp, login } from '../helpers/app.ts';

describe('administration home', async () => {
  const { app } = await createTestApp({ demo: true });
  const page = async (username: string, url: string, lang = 'vi') => {
    const session = await login(app, username);
    return app.inject({ method: 'GET', url, headers: { cookie: `${session.cookie}; opendvc_lang=${lang}`, accept: 'text/html' } });
  };

  it('lets the catalog manager in, to their own tools and not to the audit log (vi and en)', async () => {
    const vi = await page('demo.danhmuc', '/quan-tri');
    assert.equal(vi.statusCode, 200);
    assert.match(vi.body, /href="\/quan-tri\/thu-tuc">Thủ tục hành chính</);
    assert.match(vi.body, /href="\/quan-tri\/dong-bo-thu-tuc">/);
    assert.doesNotMatch(vi.body, /href="\/quan-tri\/nhat-ky"/);
    assert.doesNotMatch(vi.body, /href="\/quan-tri\/tai-khoan"/);
    const en = await page('demo.danhmuc', '/quan-tri', 'en');
    assert.match(en.body, />Administrative procedures</);
  });

  it('shows the administrator their tools, with the calendar of the current Vietnamese year', async () => {
    const response = await page('demo.quantri', '/quan-tri');
    assert.equal(response.statusCode, 200);
    assert.match(response.body, new RegExp(`href="/quan-tri/lich-nam/${vietnamYear(Date.now())}"`));
    assert.match(response.body, /href="\/quan-tri\/nhat-ky"/);
    assert.doesNotMatch(response.body, /href="\/quan-tri\/thu-tuc"/);
  });

  it('still refuses a citizen and an officer without an administrative role', async () => {
    assert.equal((await page('demo.congdan', '/quan-tri')).statusCode, 403);
    assert.equal((await page('demo.motcua', '/quan-tri')).statusCode, 403);
  });

  it('sends the bare yearly-calendar address to the current year instead of a 404', async () => {
    const response = await page('demo.quantri', '/quan-tri/lich-nam');
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, `/quan-tri/lich-nam/${vietnamYear(Date.now())}`);
    assert.equal((await page('demo.danhmuc', '/quan-tri/lich-nam')).statusCode, 403);
  });
});
