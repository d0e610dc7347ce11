// The demo's history (issue 16): the Trà Vinh 2017 year is one click from the menu and shows the article's 95.95%;
// the 766 history shows "—" for the months before any dossier existed (not the 71% of the procedures alone), and
// a score once the demo year is loaded.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTestApp, login } from '../helpers/app.ts';
import { seedTraVinh2017, TRA_VINH_2017_REPORT } from '../../src/seed/demo.ts';
import { seedDemoYear } from '../../src/seed/year.ts';

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('the demo history', async () => {
  const { app, ctx } = await createTestApp({ demo: true });

  it('links Trà Vinh 2017 from the menu, and its Biểu 06 shows 95,95% on time', async () => {
    assert.equal(await seedTraVinh2017(ctx), 2002);
    assert.equal(await seedTraVinh2017(ctx), null, 'loaded once');
    const admin = await login(app, 'demo.quantri');
    const home = await app.inject({ method: 'GET', url: '/', headers: { accept: 'text/html', cookie: admin.cookie } });
    const href = /<a href="(\/bao-cao\/xu-ly\?agency=000\.20\.00\.H59[^"]*)">Trà Vinh 2017/.exec(home.body)?.[1]?.replaceAll('&amp;', '&');
    assert.equal(href, TRA_VINH_2017_REPORT);
    const report = await app.inject({ method: 'GET', url: href, headers: { accept: 'text/html', cookie: admin.cookie } });
    assert.equal(report.statusCode, 200);
    const body = text(report.body);
    assert.match(body, /95,95% \(1\.921\/2\.002\)/);
    assert.match(report.body, /value="01\/01\/2017"/);
    assert.match(report.body, /value="31\/12\/2017"/);
    // In English too.
    const en = await app.inject({ method: 'GET', url: `${href}&lang=en`, headers: { accept: 'text/html', cookie: admin.cookie } });
    assert.match(text(en.body), /95\.95%/);
    // A citizen sees no such link.
    const citizen = await login(app, 'demo.congdan');
    const theirs = await app.inject({ method: 'GET', url: '/', headers: { accept: 'text/html', cookie: citizen.cookie } });
    assert.doesNotMatch(theirs.body, /Trà Vinh 2017/);
  });

  it('shows "—" for the months before any dossier, then the scores of the demo year', async () => {
    const page = async () => (await app.inject({ method: 'GET', url: '/cong-khai/chi-so-766?co-quan=000.00.12.G14', headers: { accept: 'text/html' } })).body;
    const rows = (html: string) => [...html.matchAll(/<tr><th scope="row">(\d{2}\/\d{4})<\/th>(.*?)<\/tr>/g)].map((m) => ({ month: m[1]!, cells: text(m[2]!).trim() }));
    const before = rows(await page());
    assert.equal(before.length, 12);
    for (const r of before) assert.match(r.cells, /^— — Không có dữ liệu$/, `${r.month}: ${r.cells}`);
    const year = await seedDemoYear(ctx, { count: 900 });
    assert.ok(year && year.dossiers === 900);
    const after = rows(await page());
    const scored = after.filter((r) => /\d+(,\d+)?%$/.test(r.cells));
    assert.ok(scored.length >= 10, after.map((r) => `${r.month} ${r.cells}`).join('; '));
  });

  it("opens the generated dossiers on the officers' pages and prints their forms", async () => {
    const office = await ctx.db.selectFrom('agencies').select('id').where('code', '=', '000.00.12.G14').executeTakeFirstOrThrow();
    const leader = await login(app, 'demo.lanhdao');
    const statuses = await ctx.db.selectFrom('dossiers').select(['status']).distinct().where('agency_id', '=', office.id).execute();
    assert.ok(statuses.length >= 5, 'several statuses at the Copyright Office');
    for (const { status } of statuses) {
      const d = await ctx.db.selectFrom('dossiers').select(['id', 'code']).where('agency_id', '=', office.id).where('status', '=', status).limit(1).executeTakeFirstOrThrow();
      const page = await app.inject({ method: 'GET', url: `/can-bo/ho-so/${d.id}`, headers: { accept: 'text/html', cookie: leader.cookie } });
      assert.equal(page.statusCode, 200, `${d.code} (${status})`);
      assert.ok(page.body.includes(d.code!));
      const sheet = await app.inject({ method: 'GET', url: `/api/officer/dossiers/${d.id}/forms/06.pdf`, headers: { cookie: leader.cookie } });
      assert.equal(sheet.statusCode, status === 3 ? sheet.statusCode : 200, `${d.code} (${status}): ${sheet.body.slice(0, 200)}`);
    }
    const dashboard = await app.inject({ method: 'GET', url: '/bao-cao/tong-quan', headers: { accept: 'text/html', cookie: leader.cookie } });
    assert.equal(dashboard.statusCode, 200);
    // The Copyright Office's demo officers are the ones who handled its year (the specialist's queue has its open work).
    const specialist = await ctx.db.selectFrom('accounts').select('id').where('username', '=', 'demo.chuyenvien').executeTakeFirstOrThrow();
    const handled = await ctx.db.selectFrom('dossier_steps').select(['dossier_id', 'finished_at']).where('assignee_id', '=', specialist.id).execute();
    assert.ok(handled.length > 0, 'demo.chuyenvien handled steps');
    const queue = await app.inject({ method: 'GET', url: '/can-bo', headers: { accept: 'text/html', cookie: (await login(app, 'demo.chuyenvien')).cookie } });
    assert.equal(queue.statusCode, 200);
    if (handled.some((h) => h.finished_at === null)) assert.match(queue.body, /000\.00\.12\.G14-\d{6}-\d{4}/, "the specialist's queue has work");
  });
});
