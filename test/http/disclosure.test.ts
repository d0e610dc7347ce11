import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { vietnamMonth } from '../../src/core/time.ts';
import { monthBounds } from '../../src/modules/scorecards/scorecards.rules.ts';
import { createTestApp, login, authHeaders } from '../helpers/app.ts';
import { buildDataSet, insertDossier } from '../helpers/scorecards-data.ts';

const vnLocal = (d: Date) => new Date(d.getTime() + 7 * 3600 * 1000).toISOString().slice(0, 19);

describe('public disclosure and the 766 scorecard over HTTP', async () => {
  const { app, ctx } = await createTestApp({ demo: true });
  const data = await buildDataSet(ctx);
  // Dossiers of the current month for bureau B (the data set's own are in 2026): one resolved, 21 in progress.
  const now = new Date();
  const start = monthBounds(vietnamMonth(now)).from;
  const received = new Date(start.getTime() + Math.min(3600_000, (now.getTime() - start.getTime()) / 2));
  const finished = new Date(received.getTime() + 1000);
  const version = await ctx.db.selectFrom('procedure_versions').select('id').where('agency_id', '=', data.ids.B).executeTakeFirstOrThrow();
  const resolvedCode = await insertDossier(ctx, data.applicantId, {
    agencyId: data.ids.B, versionId: version.id, status: 10, channel: 2, received: vnLocal(received), due: vnLocal(new Date(now.getTime() + 86400_000)),
    finished: vnLocal(finished), timeliness: 'early', applicantName: 'Phạm Thị Thu Hà',
  });
  const progressCodes: string[] = [];
  for (let i = 0; i < 21; i++) {
    progressCodes.push(
      await insertDossier(ctx, data.applicantId, {
        agencyId: data.ids.B, versionId: version.id, status: 4, received: vnLocal(received), due: vnLocal(new Date(now.getTime() + (i + 1) * 86400_000)),
        applicantName: i === 0 ? 'Đặng Văn Khoa' : 'Nguyễn Văn An', applicantKind: 'citizen',
      }),
    );
  }
  const html = { accept: 'text/html' };

  it('lists every agency with its on-time and online rates, without signing in', async () => {
    const res = await app.inject({ method: 'GET', url: '/cong-khai', headers: html });
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /text\/html/);
    assert.ok(res.body.includes('Bộ Văn hóa, Thể thao và Du lịch'));
    assert.ok(res.body.includes(`/cong-khai/co-quan/${data.codes.B}`), 'agency linked');
    // B resolved one dossier this month, early and received online: 100% on time and its subtree row says so.
    const row = res.body.slice(res.body.indexOf(`/cong-khai/co-quan/${data.codes.B}`)).split('</tr>')[0]!;
    assert.match(row, /100%/);
  });

  it('shows an agency\'s dossiers with masked names and the code only', async () => {
    const res = await app.inject({ method: 'GET', url: `/cong-khai/co-quan/${data.codes.B}`, headers: html });
    assert.equal(res.statusCode, 200);
    assert.ok(res.body.includes(resolvedCode), 'resolved dossier code shown');
    assert.ok(res.body.includes('Phạm T** T** H*'), 'resolved applicant masked');
    assert.ok(!res.body.includes('Phạm Thị Thu Hà'), 'full name never shown');
    assert.ok(!res.body.includes('Đặng Văn Khoa'));
    // B resolved 1 dossier this month, online and early: 100% on time, 100% online… and 22 received.
    assert.match(res.body, /100%/);
    // 21 in progress: 20 on the first page (nearest deadline first), the last on page 2.
    assert.ok(res.body.includes(progressCodes[0]!));
    assert.ok(!res.body.includes(progressCodes[20]!));
    assert.ok(res.body.includes('dang=2'), 'link to the second page of dossiers in progress');
    const second = await app.inject({ method: 'GET', url: `/cong-khai/co-quan/${data.codes.B}?dang=2`, headers: html });
    assert.equal(second.statusCode, 200);
    assert.ok(second.body.includes(progressCodes[20]!));
    assert.ok(!second.body.includes(progressCodes[0]!));
    // The scorecard is on the page.
    assert.ok(res.body.includes('Tiến độ giải quyết'));
  });

  it('answers 404 for an unknown agency', async () => {
    const res = await app.inject({ method: 'GET', url: '/cong-khai/co-quan/KHONG.CO.G99', headers: html });
    assert.equal(res.statusCode, 404);
  });

  it('gives the scorecard as JSON: groups with name, points and maxPoints, and their sub-indicators', async () => {
    const res = await app.inject({ method: 'GET', url: `/api/scorecards/766?agency=${data.codes.A}&month=2026-05` });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as {
      agency: { code: string }; month: string; points: number; maxPoints: number;
      groups: Array<{ code: string; name: string; points: number; maxPoints: number; indicators: Array<Record<string, unknown>> }>;
    };
    assert.equal(body.agency.code, data.codes.A);
    assert.equal(body.month, '2026-05');
    assert.equal(body.groups.length, 6);
    for (const g of body.groups) {
      assert.equal(typeof g.name, 'string');
      assert.equal(typeof g.points, 'number');
      assert.equal(typeof g.maxPoints, 'number');
      assert.ok(g.indicators.length >= 1);
      for (const i of g.indicators) {
        for (const key of ['code', 'name', 'rate', 'target', 'points', 'maxPoints', 'numerator', 'denominator', 'noData']) assert.ok(key in i, `${key} in indicator`);
      }
    }
    // The complaints indicator has its data source (the feedback module): no complaint → 9 of 9 (test/integration/scorecards.test.ts).
    assert.equal(body.points, 65.7);
    assert.equal(body.maxPoints, 82);
    const en = await app.inject({ method: 'GET', url: `/api/scorecards/766?agency=${data.codes.A}&month=2026-05`, headers: { 'accept-language': 'en' } });
    assert.equal((en.json() as typeof body).groups[1]!.name, 'Processing progress');
  });

  it('documents the scorecard API in OpenAPI', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    assert.equal(res.statusCode, 200);
    const paths = Object.keys((res.json() as { paths: Record<string, unknown> }).paths);
    for (const p of ['/api/v1/scorecards/766', '/api/v1/scorecards/766/ranking', '/api/v1/scorecards/766/history', '/api/v1/scorecards/766/config']) assert.ok(paths.includes(p), p);
  });

  it('rejects a bad month and an unknown agency as problems', async () => {
    const bad = await app.inject({ method: 'GET', url: `/api/scorecards/766?agency=${data.codes.A}&month=2026-5` });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.headers['content-type'] as string, /problem\+json/);
    const unknown = await app.inject({ method: 'GET', url: '/api/scorecards/766?agency=KHONG.CO&month=2026-05' });
    assert.equal(unknown.statusCode, 404);
  });

  it('ranks the bureaus and shows the pages', async () => {
    const ranking = await app.inject({ method: 'GET', url: '/api/scorecards/766/ranking?month=2026-05&level=department' });
    assert.equal(ranking.statusCode, 200);
    const rows = (ranking.json() as { rows: Array<{ rank: number; agency: { code: string } }> }).rows;
    assert.ok(rows.findIndex((r) => r.agency.code === data.codes.A) < rows.findIndex((r) => r.agency.code === data.codes.B));
    const page = await app.inject({ method: 'GET', url: '/cong-khai/chi-so-766/xep-hang?thang=2026-05&cap=department', headers: html });
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes(`Cục An ${data.prefix}`));
    const card = await app.inject({ method: 'GET', url: `/cong-khai/chi-so-766?co-quan=${data.codes.A}&thang=2026-05`, headers: html });
    assert.equal(card.statusCode, 200);
    assert.ok(card.body.includes('<svg'), 'history chart');
    assert.ok(card.body.includes('04/2026') && card.body.includes('05/2026'), 'history table by month');
    assert.ok(card.body.includes('65,7'), 'points with a decimal comma');
    assert.ok(card.body.includes('Không có dữ liệu'));
  });

  it('lets the administrator of the ministry edit the settings, with an error summary', async () => {
    const anonymous = await app.inject({ method: 'GET', url: '/quan-tri/chi-so-766', headers: html });
    assert.equal(anonymous.statusCode, 303);
    const session = await login(app, 'demo.quantri');
    const form = await app.inject({ method: 'GET', url: '/quan-tri/chi-so-766', headers: { ...html, cookie: session.cookie } });
    assert.equal(form.statusCode, 200);
    assert.ok(form.body.includes('name="online_dossiers_target"'));
    // Post the form with the online group not adding up.
    const fields: Record<string, string> = { _csrf: session.csrfToken };
    for (const m of form.body.matchAll(/<input id="([a-z_]+)" name="\1" inputmode="decimal" class="sc-short" value="([^"]*)"/g)) fields[m[1]!] = m[2]!;
    for (const m of form.body.matchAll(/<select id="([a-z_]+)" name="\1"[^>]*>[\s\S]*?<option value="([a-z_]+)" selected>/g)) fields[m[1]!] = m[2]!;
    assert.equal(fields.online_dossiers_target, '50');
    assert.equal(fields.satisfaction_overdue_numerator, 'handled_overdue');
    fields.satisfaction_overdue_complement = '1';
    fields.satisfaction_complaints_complement = '1';
    const bad = await app.inject({
      method: 'POST', url: '/quan-tri/chi-so-766', headers: { ...html, cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ ...fields, online_provision_points: '7' }).toString(),
    });
    assert.equal(bad.statusCode, 422);
    assert.ok(bad.body.includes('error-summary'));
    assert.ok(bad.body.includes('href="#group_online"'));
    const good = await app.inject({
      method: 'POST', url: '/quan-tri/chi-so-766', headers: { ...html, cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ ...fields, online_provision_points: '7', online_dossiers_points: '5', online_dossiers_target: '40' }).toString(),
    });
    assert.equal(good.statusCode, 303, good.body);
    const config = await app.inject({ method: 'GET', url: '/api/scorecards/766/config' });
    const ind = (config.json() as { indicators: Array<{ code: string; target: number; maxPoints: number; complement: boolean }> }).indicators;
    assert.deepEqual(ind.find((i) => i.code === 'online_dossiers'), { ...ind.find((i) => i.code === 'online_dossiers'), target: 0.4, maxPoints: 5 });
    assert.equal(ind.find((i) => i.code === 'satisfaction_overdue')!.complement, true);
    // The JSON edit needs the same right: a receptionist is refused.
    const other = await login(app, 'demo.motcua');
    const refused = await app.inject({ method: 'PUT', url: '/api/scorecards/766/config', headers: authHeaders(other), payload: { groups: [], indicators: [] } });
    assert.equal(refused.statusCode, 403);
  });
});
