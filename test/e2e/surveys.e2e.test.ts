// Journey: a sampled applicant answers the satisfaction survey from the link on a 360 px phone with JavaScript off;
// the organiser reads the yearly report (table, chart) in the browser. Both pages pass axe (WCAG 2.x A/AA).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertAccessible, startBrowserServer } from '../helpers/browser.ts';
import { actorByUsername } from '../helpers/dossiers.ts';
import { resolvedDossiers, surveyApplicant } from '../helpers/surveys.ts';

describe('journey: the SIPAS survey', async () => {
  const server = await startBrowserServer();
  const ctx = server.ctx;
  const surveys = ctx.services.surveys;
  const bureau = (await ctx.services.agencies.byCode('000.00.12.G14'))!;
  const applicant = await surveyApplicant(ctx);
  await resolvedDossiers(ctx, applicant.id, [{ agencyId: bureau.id, count: 6 }]);
  const admin = await actorByUsername(ctx, 'demo.quantri');
  const round = await surveys.createRound(admin, { name: 'SIPAS 2026', agencyId: bureau.id, year: 2026, periodFrom: '2026-01-01', periodTo: '2026-12-31', targetSize: 3, seed: 1 });
  await surveys.draw(admin, round.id);
  const { links } = await surveys.invite(admin, round.id);
  const path = new URL(links[0]!.url).pathname;

  it('the answer page at 360 px passes axe', async () => {
    const page = await server.newPage({ width: 360, height: 740 });
    page.setDefaultTimeout(20_000);
    await page.goto(new URL(links[1]!.url).pathname);
    await assertAccessible(page);
  });

  it('answers on a 360 px screen without JavaScript', async () => {
    const context = await server.browser.newContext({ baseURL: server.baseUrl, locale: 'vi-VN', viewport: { width: 360, height: 740 }, javaScriptEnabled: false });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(path);
    const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'));
    assert.ok(overflow <= 0, `no horizontal scrolling (${overflow} px too wide)`);
    const groups = page.locator('fieldset.rt-question');
    const count = await groups.count();
    assert.equal(count, 20);
    for (let i = 0; i < count; i++) await groups.nth(i).getByLabel(i % 5 === 0 ? '5 – Rất hài lòng' : '4', { exact: true }).check();
    await page.getByRole('button', { name: 'Gửi phiếu' }).click();
    await page.getByText('Cảm ơn ông/bà đã trả lời phiếu khảo sát.').waitFor();
    await context.close();
  });

  it('the organiser reads the yearly report with its chart', async () => {
    const page = await server.signIn('demo.quantri', { width: 1280, height: 900 });
    page.setDefaultTimeout(20_000);
    await page.goto('/bao-cao/khao-sat-hai-long?year=2026');
    await page.getByRole('heading', { name: 'Báo cáo khảo sát sự hài lòng năm 2026' }).waitFor();
    assert.equal(await page.locator('figure svg[role="img"]').count(), 1);
    assert.match(await page.locator('table').first().innerText(), /100,0%/);
    await assertAccessible(page);
  });
});
