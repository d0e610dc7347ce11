import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { buildApp } from '../../src/http/app.ts';
import { modules } from '../../src/modules/index.ts';
import { createTestApp } from '../helpers/app.ts';

const BROWSER = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

describe('portal visits', async () => {
  const { app, ctx } = await createTestApp();
  const visits = ctx.services.visits;
  const stored = async () => {
    const row = await ctx.db.selectFrom('portal_visits').select(sql<string>`coalesce(sum(views), 0)`.as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  };
  const get = (url: string, userAgent: string, accept = 'text/html') => app.inject({ method: 'GET', url, headers: { 'user-agent': userAgent, accept } });

  it('counts people\'s page views, not robots, the API, assets or errors', async () => {
    await visits.flush();
    const before = (await stored()) + visits.pendingViews();
    assert.equal((await get('/', BROWSER)).statusCode, 200);
    assert.equal((await get('/thu-tuc', BROWSER)).statusCode, 200);
    assert.equal((await get('/', GOOGLEBOT)).statusCode, 200);
    assert.equal((await get('/thu-tuc', 'curl/8.5.0')).statusCode, 200);
    assert.equal((await get('/api/health', BROWSER)).statusCode, 200);
    await get('/api/openapi.json', BROWSER);
    await get('/static/app.css', BROWSER);
    await get('/metrics', BROWSER);
    assert.equal((await get('/khong-co-trang-nay', BROWSER)).statusCode, 404);
    assert.equal((await stored()) + visits.pendingViews() - before, 2);
  });

  it('keeps the counts in memory until the flush, then in PostgreSQL (one row per day, added up)', async () => {
    await visits.flush();
    const before = await stored();
    await get('/', BROWSER);
    await get('/', BROWSER);
    await get('/', BROWSER);
    assert.equal(visits.pendingViews(), 3);
    assert.equal(await stored(), before, 'nothing written on the request path');
    await visits.flush();
    assert.equal(visits.pendingViews(), 0);
    assert.equal(await stored(), before + 3);
    await get('/', BROWSER);
    await visits.flush();
    assert.equal(await stored(), before + 4);
    const days = await ctx.db.selectFrom('portal_visits').selectAll().execute();
    assert.equal(days.length, 1, 'one counter per day, nothing about the visitor');
    assert.deepEqual(Object.keys(days[0]!).sort(), ['day', 'views']);
  });

  it('shows the total on the home page with the Vietnamese thousands separator', async () => {
    await ctx.db.insertInto('portal_visits').values({ day: '2016-06-30', views: 82000 }).execute();
    await visits.flush();
    const total = await stored();
    const page = await get('/', BROWSER);
    // The view is counted after its response: the figure shown is the total before it.
    const expected = new Intl.NumberFormat('vi-VN').format(total);
    assert.match(expected, /^8\d\.\d{3}$/);
    assert.ok(page.body.includes(`${expected} lượt truy cập`), `home page shows ${expected} lượt truy cập`);
  });

  it('flushes when the server closes', async () => {
    const second = await buildApp(ctx, modules, { logger: false });
    await visits.flush();
    const before = await stored();
    await second.inject({ method: 'GET', url: '/thu-tuc', headers: { 'user-agent': BROWSER, accept: 'text/html' } });
    assert.equal(visits.pendingViews(), 1);
    await second.close();
    assert.equal(visits.pendingViews(), 0);
    assert.equal(await stored(), before + 1);
  });
});
