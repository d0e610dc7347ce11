// The officer's dossier page reads top-down as a person works: summary and deadline → documents and e-form →
// actions (the most likely first) → history; a forward goes to the next step only, never skipping one.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTestApp, login, type Session } from '../helpers/app.ts';
import { actorByUsername, submittedDossier } from '../helpers/dossiers.ts';

const { app, ctx } = await createTestApp({ demo: true });
const citizen = await actorByUsername(ctx, 'demo.congdan');
const officers = {
  motcua: await actorByUsername(ctx, 'demo.motcua'),
  chuyenvien: await actorByUsername(ctx, 'demo.chuyenvien'),
  truongphong: await actorByUsername(ctx, 'demo.truongphong'),
};

function page(url: string, session: Session) {
  return app.inject({ method: 'GET', url, headers: { cookie: session.cookie, accept: 'text/html' } });
}

/** Positions of the page's level-2 headings, by their text. */
function headings(html: string): string[] {
  return [...html.matchAll(/<h2[^>]*>([^<]+)<\/h2>/g)].map((m) => m[1]!.trim());
}

/** The action forms of the page, in page order. */
function actions(html: string, id: string): string[] {
  return [...html.matchAll(new RegExp(`<form method="post" action="/can-bo/ho-so/${id}/([a-z_]+)"`, 'g'))].map((m) => m[1]!);
}

describe('the officer dossier page', () => {
  it('puts the documents and the e-form before the actions, and the likely action first', async () => {
    const { id } = await submittedDossier(ctx, citizen);
    const reception = await login(app, 'demo.motcua');
    const html = (await page(`/can-bo/ho-so/${id}`, reception)).body;
    const order = headings(html);
    const at = (text: string) => order.indexOf(text);
    for (const earlier of ['Thông tin chung', 'Giấy tờ trong hồ sơ', 'Nội dung tờ khai']) {
      assert.ok(at(earlier) >= 0 && at(earlier) < at('Thao tác xử lý'), `${earlier} before the actions: ${order.join(' | ')}`);
    }
    assert.ok(at('Thao tác xử lý') < at('Quá trình xử lý'), order.join(' | '));
    // A new dossier at the counter: receive it first, refuse last; a jump link names the first action.
    const list = actions(html, id);
    assert.equal(list[0], 'accept', list.join(', '));
    assert.equal(list.at(-1), 'refuse', list.join(', '));
    assert.match(html, /<a href="#thao-tac">Đến phần thao tác \(Tiếp nhận hồ sơ …\)<\/a>/);
  });

  it('offers the leader "record the result" first', async () => {
    const { id } = await submittedDossier(ctx, citizen);
    await ctx.services.handling.act(officers.motcua, id, 'accept');
    await ctx.services.handling.act(officers.motcua, id, 'forward');
    await ctx.services.handling.act(officers.chuyenvien, id, 'forward');
    await ctx.services.handling.act(officers.truongphong, id, 'forward');
    const leader = await login(app, 'demo.lanhdao');
    const list = actions((await page(`/can-bo/ho-so/${id}`, leader)).body, id);
    assert.equal(list[0], 'record_result', list.join(', '));
  });

  it('forwards to the next step only: the page names it, and a skipping step is refused with the step to use', async () => {
    const { id } = await submittedDossier(ctx, citizen);
    await ctx.services.handling.act(officers.motcua, id, 'accept');
    const reception = await login(app, 'demo.motcua');
    const html = (await page(`/can-bo/ho-so/${id}`, reception)).body;
    assert.doesNotMatch(html, /<select id="forward-toStep"/);
    const next = /<input type="hidden" name="toStep" value="(\d+)">/.exec(html)?.[1];
    assert.equal(next, '2');
    const version = (await ctx.db.selectFrom('dossiers').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
    const skip = await app.inject({
      method: 'POST', url: `/can-bo/ho-so/${id}/forward`,
      headers: { cookie: reception.cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: reception.csrfToken, expectedVersion: String(version), toStep: '3' }).toString(),
    });
    assert.equal(skip.statusCode, 422);
    assert.match(skip.body, /chỉ được chuyển tới bước kế tiếp của quy trình \(2\. /);
    const skipApi = await app.inject({ method: 'POST', url: `/api/dossiers/${id}/actions/forward`, headers: { cookie: reception.cookie, 'x-csrf-token': reception.csrfToken }, payload: { toStep: 4 } });
    assert.equal(skipApi.statusCode, 422, skipApi.body);
    assert.equal(skipApi.json().errors[0].code, 'WORKFLOW_STEP_NOT_NEXT');
  });
});
