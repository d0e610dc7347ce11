// The catalog sync pages (/quan-tri/dong-bo-thu-tuc): a catalog manager starts a run against the national portal
// simulator, follows it to its result table, and reads the publicity records; the link from the catalog list;
// the texts in English; who may not.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, describe, it } from 'node:test';
import { resetCatalog } from '../../src/simulators/national-portal.catalog.ts';
import { startNationalPortalSimulator } from '../../src/simulators/national-portal.ts';
import { createTestApp, login } from '../helpers/app.ts';

describe('catalog sync pages', async () => {
  resetCatalog();
  const portal = await startNationalPortalSimulator({ username: 'motcua.bvhttdl', password: 'mat-khau-dong-bo' });
  after(() => portal.close());
  const { app, ctx } = await createTestApp({
    demo: true,
    config: { NATIONAL_PORTAL_URL: portal.url, NATIONAL_PORTAL_USERNAME: 'motcua.bvhttdl', NATIONAL_PORTAL_PASSWORD: 'mat-khau-dong-bo', NATIONAL_PORTAL_UNIT: '000.00.00.G14' },
  });
  const html = { accept: 'text/html' };

  /** The run's row once it has ended (the page's own refresh does the same). */
  async function ended(id: string) {
    for (let i = 0; i < 400; i++) {
      const row = await ctx.db.selectFrom('catalog_sync_runs').select(['status']).where('id', '=', id).executeTakeFirstOrThrow();
      if (row.status !== 'running') return row.status;
      await sleep(50);
    }
    throw new Error('the run did not end');
  }

  it('a catalog manager runs the sync and reads the result table and the publicity', async () => {
    const session = await login(app, 'demo.danhmuc');
    const list = await app.inject({ method: 'GET', url: '/quan-tri/thu-tuc', headers: { ...html, cookie: session.cookie } });
    assert.match(list.body, /href="\/quan-tri\/dong-bo-thu-tuc"/);

    const page = await app.inject({ method: 'GET', url: '/quan-tri/dong-bo-thu-tuc', headers: { ...html, cookie: session.cookie } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1>Đồng bộ danh mục thủ tục với Cổng Dịch vụ công quốc gia<\/h1>/);
    assert.match(page.body, /Chưa có lượt đồng bộ nào/);
    assert.match(page.body, /000\.00\.00\.G14/);

    const started = await app.inject({ method: 'POST', url: '/quan-tri/dong-bo-thu-tuc', payload: { _csrf: session.csrfToken }, headers: { ...html, cookie: session.cookie } });
    assert.equal(started.statusCode, 303, started.body);
    const location = String(started.headers.location);
    const id = /^\/quan-tri\/dong-bo-thu-tuc\/([0-9a-f-]{36})$/.exec(location)?.[1];
    assert.ok(id, location);
    assert.equal(await ended(id), 'done');

    const run = await app.inject({ method: 'GET', url: location, headers: { ...html, cookie: session.cookie } });
    assert.equal(run.statusCode, 200);
    assert.doesNotMatch(run.body, /http-equiv="refresh"/);
    assert.match(run.body, /<td id="count-created">1<\/td>/);
    assert.match(run.body, /<td id="count-updated">1<\/td>/);
    assert.match(run.body, /<td id="count-errors">0<\/td>/);
    assert.match(run.body, /1\.001833<\/a><\/td>\s*<td>Thông báo thành lập tổ chức đại diện tập thể/);
    // The unchanged procedures come last, folded (closed) with their count; the changed ones before them.
    const unchangedCount = Number(/<td id="count-unchanged">(\d+)<\/td>/.exec(run.body)?.[1]);
    assert.ok(unchangedCount > 0);
    assert.match(run.body, new RegExp(`<details id="unchanged-items">\\s*<summary>${unchangedCount} thủ tục không đổi</summary>`));
    assert.ok(run.body.indexOf('1.001833</a>') < run.body.indexOf('<details id="unchanged-items">'));
    assert.ok(!/Không đổi<\/td>/.test(run.body.slice(0, run.body.indexOf('<details id="unchanged-items">'))), 'no unchanged row before the fold');

    const overview = await app.inject({ method: 'GET', url: '/quan-tri/dong-bo-thu-tuc', headers: { ...html, cookie: session.cookie } });
    assert.match(overview.body, /Hoàn thành/);
    assert.match(overview.body, /Mới 1 · cập nhật 1/);
    assert.match(overview.body, /Đã công khai/);

    const procedure = await app.inject({ method: 'GET', url: '/quan-tri/thu-tuc/1.001823', headers: { ...html, cookie: session.cookie } });
    assert.match(procedure.body, /<dd id="portal-status">Đã công khai/);

    const english = await app.inject({ method: 'GET', url: `${location}?lang=en`, headers: { ...html, cookie: session.cookie, 'accept-language': 'en' } });
    assert.match(english.body, /New procedures \(drafts\)/);
  });

  it('a second run while one is going on is refused on the form; an unknown run is not found', async () => {
    const session = await login(app, 'demo.danhmuc');
    const running = await ctx.db.insertInto('catalog_sync_runs').values({ trigger: 'schedule', requested_by: null }).returning('id').executeTakeFirstOrThrow();
    try {
      const refused = await app.inject({ method: 'POST', url: '/quan-tri/dong-bo-thu-tuc', payload: { _csrf: session.csrfToken }, headers: { ...html, cookie: session.cookie } });
      assert.equal(refused.statusCode, 409);
      assert.match(refused.body, /Đang có một lượt đồng bộ danh mục chạy/);
      const progress = await app.inject({ method: 'GET', url: `/quan-tri/dong-bo-thu-tuc/${running.id}`, headers: { ...html, cookie: session.cookie } });
      assert.match(progress.body, /http-equiv="refresh"/);
      assert.match(progress.body, /<progress/);
    } finally {
      await ctx.db.updateTable('catalog_sync_runs').set({ status: 'done', finished_at: new Date() }).where('id', '=', running.id).execute();
    }
    const missing = await app.inject({ method: 'GET', url: '/quan-tri/dong-bo-thu-tuc/00000000-0000-4000-8000-000000000000', headers: { ...html, cookie: session.cookie } });
    assert.equal(missing.statusCode, 404);
  });

  it('an officer without the catalog role may not', async () => {
    const session = await login(app, 'demo.chuyenvien');
    const page = await app.inject({ method: 'GET', url: '/quan-tri/dong-bo-thu-tuc', headers: { ...html, cookie: session.cookie } });
    assert.equal(page.statusCode, 403);
    const start = await app.inject({ method: 'POST', url: '/quan-tri/dong-bo-thu-tuc', payload: { _csrf: session.csrfToken }, headers: { ...html, cookie: session.cookie } });
    assert.equal(start.statusCode, 403);
  });
});
