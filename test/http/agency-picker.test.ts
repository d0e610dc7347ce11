// The agency picker on every page where staff choose an agency (issue 16): a <select data-agency-picker> of the
// agency tree (indented by level, merged agencies left out where something is assigned to an agency), the filter
// script on the page, and no text input where an agency code or e-ID would be typed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTestApp, login } from '../helpers/app.ts';
import { COPYRIGHT, MINISTRY, TRA_VINH, TV_SO } from '../helpers/domain.ts';

/** The <select> named `name` (its whole element), or undefined. */
function selectNamed(html: string, name: string): string | undefined {
  const re = new RegExp(`<select[^>]*\\bname="${name.replace(/[.]/g, '\\.')}"[^>]*>[\\s\\S]*?</select>`);
  return re.exec(html)?.[0];
}

/** The options of a select: [value, text]. */
function optionsOf(select: string): Array<[string, string]> {
  return [...select.matchAll(/<option value="([^"]*)"[^>]*>([^<]*)<\/option>/g)].map((m) => [m[1]!, m[2]!.trim()]);
}

describe('agency pickers over HTTP', async () => {
  const { app, ctx } = await createTestApp({ demo: true });
  const admin = await login(app, 'demo.quantri');
  const get = async (url: string) => {
    const res = await app.inject({ method: 'GET', url, headers: { cookie: admin.cookie, accept: 'text/html' } });
    assert.equal(res.statusCode, 200, `${url}: ${res.statusCode}`);
    return res.body;
  };
  const staff = (await ctx.db.selectFrom('accounts').select('id').where('username', '=', 'demo.motcua').executeTakeFirstOrThrow()).id;

  // Merge a small agency into another, so that the pickers show what they do with a merged one.
  const actor = (await ctx.services.identity.login({ username: 'demo.quantri', password: 'Demo@2026', ip: '10.0.0.1' })).actor;
  await ctx.services.agencies.create(actor, { code: 'PK.OLD', name: 'Phòng Văn hóa cũ', level: 'commune', parentCode: TRA_VINH });
  await ctx.services.agencies.merge(actor, 'PK.OLD', { successorCode: TV_SO, validTo: '2025-07-01' });
  const depthOf = new Map((await ctx.services.agencies.tree()).map((e) => [e.agency.code, e.depth]));

  const pages: Array<[string, string, string]> = [
    ['Biểu 06 (the report filter)', '/bao-cao/xu-ly', 'agency'],
    ['the 766 scorecard', `/cong-khai/chi-so-766?co-quan=${MINISTRY}`, 'co-quan'],
    ['a new staff account', '/quan-tri/tai-khoan/them', 'agencyCode'],
    ["a staff account's roles", `/quan-tri/tai-khoan/${staff}`, 'addAgencyCode'],
    ['a new API key account', '/quan-tri/khoa-api/them', 'agencyCode'],
    ['a new webhook', '/quan-tri/webhook/them', 'agencyId'],
    ['a new agency (its parent)', '/quan-tri/co-quan/them', 'parentCode'],
    ['an agency edited (its parent)', `/quan-tri/co-quan/${encodeURIComponent(TV_SO)}/sua`, 'parentCode'],
    ['a merger (the successor)', `/quan-tri/co-quan/${encodeURIComponent(TV_SO)}/sap-nhap`, 'successorCode'],
  ];

  for (const [what, url, name] of pages) {
    it(`${what}: a tree select with the filter, no text input for the agency`, async () => {
      const html = await get(url);
      const select = selectNamed(html, name);
      assert.ok(select, `${url}: a select named ${name}`);
      assert.match(select, /data-agency-picker/);
      assert.match(select, /data-filter-label="[^"]+"/);
      assert.match(html, /<script src="\/static\/agency-picker\.js" defer><\/script>/);
      assert.doesNotMatch(html, new RegExp(`<input[^>]*name="${name}"`), 'no text input for the agency');
      const options = optionsOf(select).filter(([value]) => value !== '');
      assert.ok(options.length >= 2, `${url}: options`);
      // The tree: each agency indented by its depth ("— " per level), parents before their children.
      for (const [, text] of options) {
        const code = /\(([0-9A-Z.]+)\)(?: – .*)?$/.exec(text)?.[1];
        assert.ok(code, `${url}: "${text}" names its code`);
        assert.equal(text.match(/^(— )*/)![0].length / 2, depthOf.get(code) ?? -1, `${url}: "${text}" indented by its depth`);
      }
      assert.ok(options.some(([, text]) => text.startsWith('— ')), `${url}: some agency below another`);
      // Merged agencies: not offered (the merger page cannot pick one either); the webhook marks it instead.
      const merged = options.find(([, text]) => text.includes('(PK.OLD)'));
      if (name === 'agencyId') assert.ok(merged && /– đã sáp nhập$/.test(merged[1]), 'the webhook picker marks the merged agency');
      else assert.equal(merged, undefined, `${url}: no merged agency`);
    });
  }

  it('keeps the value asked for selected, and the tree in English with the filter label translated', async () => {
    const html = await get(`/bao-cao/xu-ly?agency=${encodeURIComponent(COPYRIGHT)}&lang=en`);
    const select = selectNamed(html, 'agency')!;
    assert.match(select, new RegExp(`<option value="${COPYRIGHT.replace(/\./g, '\\.')}"[^>]*selected`));
    assert.match(select, /data-filter-label="Filter the agencies/);
  });

  it('serves the filter script', async () => {
    const res = await app.inject({ method: 'GET', url: '/static/agency-picker.js' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /select\[data-agency-picker\]/);
  });
});
