// The workflow editor page for catalog managers (no JavaScript): the default template pre-filled, add/remove a
// step by re-rendering, save → the JSON API shows the steps, a negative budget → 422 with a linked summary, a
// notice when the budgets do not add up to the legal time limit, read-only while dossiers are in progress, and
// 403/404 for everyone else.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTestApp, login, type Session } from '../helpers/app.ts';
import { actorByUsername, COPYRIGHT_PROCEDURE, submittedDossier } from '../helpers/dossiers.ts';

const { app, ctx } = await createTestApp({ demo: true });
const manager = await login(app, 'demo.danhmuc');

async function publishedVersion(code: string): Promise<number> {
  const row = await ctx.db
    .selectFrom('procedure_versions as pv')
    .innerJoin('procedures as p', 'p.id', 'pv.procedure_id')
    .select('pv.version')
    .where('p.code', '=', code)
    .where('pv.status', '=', 'published')
    .executeTakeFirstOrThrow();
  return row.version;
}

function decode(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? decode(m[1]!) : undefined;
}

/** The fields a browser would send for the editor form (text/hidden inputs, checked boxes, selected options). */
function formFields(html: string): Array<[string, string]> {
  const start = html.indexOf('class="wf-editor"');
  assert.ok(start >= 0, 'the editor form is on the page');
  const form = html.slice(start, html.indexOf('</form>', start));
  const fields: Array<[string, string]> = [];
  for (const m of form.matchAll(/<input\b[^>]*>/g)) {
    const tag = m[0];
    const name = attr(tag, 'name');
    if (!name) continue;
    const type = attr(tag, 'type') ?? 'text';
    if (type === 'checkbox' && !/\schecked\b/.test(tag)) continue;
    fields.push([name, attr(tag, 'value') ?? '']);
  }
  for (const m of form.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
    const name = attr(m[1]!, 'name')!;
    const options = [...m[2]!.matchAll(/<option\b([^>]*)>/g)];
    const chosen = options.find((o) => /\sselected\b/.test(o[1]!)) ?? options[0];
    fields.push([name, chosen ? (attr(chosen[1]!, 'value') ?? '') : '']);
  }
  return fields;
}

function value(fields: Array<[string, string]>, name: string): string | undefined {
  return fields.filter(([n]) => n === name).at(-1)?.[1];
}

function page(url: string, session: Session | null) {
  return app.inject({ method: 'GET', url, headers: { accept: 'text/html', ...(session ? { cookie: session.cookie } : {}) } });
}

function post(url: string, session: Session, fields: Array<[string, string]>, action: string) {
  const params = new URLSearchParams(fields.filter(([n]) => n !== '_csrf' && n !== 'action'));
  params.set('_csrf', session.csrfToken);
  params.set('action', action);
  return app.inject({ method: 'POST', url, headers: { cookie: session.cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }, payload: params.toString() });
}

const code = '1.001824';
const version = await publishedVersion(code);
const url = `/quan-tri/thu-tuc/${code}/phien-ban/${version}/quy-trinh`;
const apiUrl = `/api/procedures/${code}/versions/${version}/workflow`;

describe('workflow editor page', () => {
  it('is linked from the procedure management page and shows the default template pre-filled for a version without a workflow', async () => {
    const admin = await page(`/quan-tri/thu-tuc/${code}`, manager);
    assert.equal(admin.statusCode, 200);
    assert.ok(admin.body.includes(`href="${url}"`), 'a link to the workflow editor');

    const response = await page(url, manager);
    assert.equal(response.statusCode, 200, response.body);
    assert.match(response.headers['content-type'] as string, /text\/html/);
    const fields = formFields(response.body);
    assert.equal(value(fields, 'stepCount'), '5');
    assert.equal(value(fields, 'steps.0.role'), 'receptionist');
    assert.equal(value(fields, 'steps.4.name'), 'Trả kết quả (Bộ phận Một cửa)');
    assert.ok(fields.some(([n, v]) => n === 'steps.3.actions' && v === 'record_result'), 'the leader step allows record_result');
    assert.ok(response.body.includes('quy trình mặc định'), 'says the version uses the default');
    assert.ok(!response.body.includes('wf-warning'), 'the default budgets add up to the limit: no warning');
    // Labels tie to their fields.
    assert.ok(response.body.includes('<label for="steps-0-budget-value">'));
    assert.ok(response.body.includes('id="steps-0-budget-value"'));
  });

  it('adds and removes a step without JavaScript (re-rendered with the values as sent)', async () => {
    const fields = formFields((await page(url, manager)).body);
    const renamed = fields.map(([n, v]): [string, string] => (n === 'steps.1.name' ? [n, 'Thẩm định hồ sơ (đã sửa)'] : [n, v]));
    const added = await post(url, manager, renamed, 'add');
    assert.equal(added.statusCode, 200, added.body);
    const afterAdd = formFields(added.body);
    assert.equal(value(afterAdd, 'stepCount'), '6');
    assert.equal(value(afterAdd, 'steps.1.name'), 'Thẩm định hồ sơ (đã sửa)', 'the edit is kept');
    assert.equal(value(afterAdd, 'steps.5.name'), '', 'a new empty step');
    assert.ok(added.body.includes('value="remove:5"'));

    const removed = await post(url, manager, afterAdd, 'remove:0');
    assert.equal(removed.statusCode, 200, removed.body);
    const afterRemove = formFields(removed.body);
    assert.equal(value(afterRemove, 'stepCount'), '5');
    assert.equal(value(afterRemove, 'steps.0.name'), 'Thẩm định hồ sơ (đã sửa)', 'the first step is gone');
    // Nothing was saved.
    const api = await app.inject({ method: 'GET', url: apiUrl, headers: { cookie: manager.cookie } });
    assert.equal((api.json() as { source: string }).source, 'builtin');
  });

  it('a negative budget → 422 with an error summary linked to the field; nothing saved', async () => {
    const fields = formFields((await page(url, manager)).body).map(([n, v]): [string, string] => (n === 'steps.0.budget.value' ? [n, '-1'] : [n, v]));
    const response = await post(url, manager, fields, 'save');
    assert.equal(response.statusCode, 422, response.body);
    assert.ok(response.body.includes('class="error-summary"'));
    assert.ok(response.body.includes('href="#steps-0-budget-value"'), 'the summary links to the budget field');
    assert.match(response.body, /id="steps-0-budget-value"[^>]*value="-1"[^>]*aria-invalid="true"/);
    assert.ok(response.body.includes('id="steps-0-budget-value-error"'));
    const api = await app.inject({ method: 'GET', url: apiUrl, headers: { cookie: manager.cookie } });
    assert.equal((api.json() as { source: string }).source, 'builtin');
  });

  it('saves (303), the JSON API shows the steps, and the page warns when the budgets do not add up to the limit', async () => {
    const fields = formFields((await page(url, manager)).body);
    const edited = fields
      .filter(([n]) => !n.startsWith('steps.2.') && !n.startsWith('steps.3.') && !n.startsWith('steps.4.'))
      .map(([n, v]): [string, string] => {
        if (n === 'stepCount') return [n, '2'];
        if (n === 'steps.0.budget.value') return [n, '1,5'];
        if (n === 'steps.1.budget.value') return [n, '4'];
        if (n === 'steps.1.name') return [n, 'Chuyên viên xử lý và trình ký'];
        return [n, v];
      });
    edited.push(['steps.1.actions', 'record_result']);
    const saved = await post(url, manager, edited, 'save');
    assert.equal(saved.statusCode, 303, saved.body);
    assert.equal(saved.headers.location, `${url}?thongbao=luu`);

    const api = await app.inject({ method: 'GET', url: apiUrl, headers: { cookie: manager.cookie } });
    const view = api.json() as { source: string; steps: Array<{ name: string; role: string; budget: { value: number; unit: string }; actions: string[] }>; warning: { sumWorkingDays: number; limitWorkingDays: number } | null };
    assert.equal(view.source, 'version');
    assert.deepEqual(view.steps.map((s) => s.name), ['Tiếp nhận hồ sơ (Bộ phận Một cửa)', 'Chuyên viên xử lý và trình ký']);
    assert.deepEqual(view.steps[0]!.budget, { value: 1.5, unit: 'half_days' });
    assert.ok(view.steps[1]!.actions.includes('record_result'));
    assert.ok(view.warning, 'the API warns too');

    const shown = await page(`${url}?thongbao=luu`, manager);
    assert.equal(shown.statusCode, 200);
    assert.ok(shown.body.includes('Đã lưu quy trình giải quyết.'));
    const notice = /<div class="notice wf-warning"[\s\S]*?<\/div>/.exec(shown.body)?.[0] ?? '';
    assert.ok(notice, 'a visible notice');
    assert.ok(notice.includes(String(view.warning!.sumWorkingDays)) && notice.includes(String(view.warning!.limitWorkingDays)), notice);
    assert.ok(!shown.body.includes('class="error-summary"'), 'a warning, not an error');
  });

  it('"Dùng quy trình mặc định" fills in the default template again', async () => {
    const fields = formFields((await page(url, manager)).body);
    assert.equal(value(fields, 'stepCount'), '2');
    const response = await post(url, manager, fields, 'default');
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(value(formFields(response.body), 'stepCount'), '5');
  });

  it('is read-only with the reason while dossiers of the version are in progress', async () => {
    const copyrightVersion = await publishedVersion(COPYRIGHT_PROCEDURE);
    const citizen = await actorByUsername(ctx, 'demo.congdan');
    const receptionist = await actorByUsername(ctx, 'demo.motcua');
    const { id } = await submittedDossier(ctx, citizen, { procedureCode: COPYRIGHT_PROCEDURE });
    await ctx.services.handling.act(receptionist, id, 'accept', {});
    const copyrightUrl = `/quan-tri/thu-tuc/${COPYRIGHT_PROCEDURE}/phien-ban/${copyrightVersion}/quy-trinh`;
    const response = await page(copyrightUrl, manager);
    assert.equal(response.statusCode, 200, response.body);
    assert.ok(response.body.includes('wf-readonly'));
    assert.match(response.body, /Chỉ xem: .*hồ sơ đang xử lý/);
    assert.ok(!response.body.includes('class="wf-editor"'), 'no form');
    const refused = await post(copyrightUrl, manager, [['stepCount', '0']], 'save');
    assert.equal(refused.statusCode, 409);
    assert.ok(refused.body.includes('wf-readonly'));
  });

  it('403 for officers who are not catalog managers, 404 for an unknown version, sign-in for anonymous visitors', async () => {
    for (const username of ['demo.motcua', 'demo.chuyenvien']) {
      const officer = await login(app, username);
      const response = await page(url, officer);
      assert.equal(response.statusCode, 403, `${username}: ${response.statusCode}`);
      const saved = await post(url, officer, [['stepCount', '0']], 'save');
      assert.equal(saved.statusCode, 403);
    }
    assert.equal((await page(`/quan-tri/thu-tuc/${code}/phien-ban/999/quy-trinh`, manager)).statusCode, 404);
    const anonymous = await page(url, null);
    assert.ok([401, 302, 303].includes(anonymous.statusCode), String(anonymous.statusCode));
  });
});
