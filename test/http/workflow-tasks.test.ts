// Workflow steps with tasks over HTTP (issue 15): the editor page adds, fills and removes task rows without
// JavaScript and saves them; a bad task (unknown role, shares over the step budget) → 422 with the summary linked to
// the fields; the JSON API round-trips `tasks`; the officer's dossier page shows the current task and completes it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTestApp, login, type Session } from '../helpers/app.ts';
import { actorByUsername, newCitizen, submittedDossier } from '../helpers/dossiers.ts';

const { app, ctx } = await createTestApp({ demo: true });
const manager = await login(app, 'demo.danhmuc');

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
  const form = html.slice(start, html.lastIndexOf('</form>'));
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

function set(fields: Array<[string, string]>, changes: Record<string, string>): Array<[string, string]> {
  return fields.map(([n, v]): [string, string] => [n, n in changes ? changes[n]! : v]);
}

function page(url: string, session: Session) {
  return app.inject({ method: 'GET', url, headers: { accept: 'text/html', cookie: session.cookie } });
}

function post(url: string, session: Session, fields: Array<[string, string]>, action?: string) {
  const params = new URLSearchParams(fields.filter(([n]) => n !== '_csrf' && (action === undefined || n !== 'action')));
  params.set('_csrf', session.csrfToken);
  if (action !== undefined) params.set('action', action);
  return app.inject({ method: 'POST', url, headers: { cookie: session.cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }, payload: params.toString() });
}

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

type TaskView = { position: number; name: string; role: string; assignment: string; kind: string; share: { value: number; unit: string } | null };

describe('workflow editor: tasks of a step', () => {
  const code = '1.001824';
  it('adds task rows, fills them, removes one, saves (303); the JSON API and the page show them', async () => {
    const version = await publishedVersion(code);
    const url = `/quan-tri/thu-tuc/${code}/phien-ban/${version}/quy-trinh`;
    const shown = await page(url, manager);
    assert.equal(shown.statusCode, 200, shown.body);
    let fields = formFields(shown.body);
    assert.equal(value(fields, 'steps.1.taskCount'), '0');
    assert.ok(shown.body.includes('value="addTask:1"'), 'an "add a task" button per step');
    assert.ok(shown.body.includes('Thêm nhiệm vụ cho bước 2'));

    for (let i = 0; i < 3; i++) {
      const added = await post(url, manager, fields, 'addTask:1');
      assert.equal(added.statusCode, 200, added.body);
      fields = formFields(added.body);
    }
    assert.equal(value(fields, 'steps.1.taskCount'), '3');
    assert.equal(value(fields, 'steps.1.tasks.0.kind'), 'handle', 'a first task handles');
    assert.equal(value(fields, 'steps.1.tasks.1.kind'), 'review', 'a later one reviews');
    fields = set(fields, {
      'steps.1.tasks.0.name': 'Bỏ đi',
      'steps.1.tasks.1.name': 'Chuyên viên thẩm định',
      'steps.1.tasks.1.role': 'specialist',
      'steps.1.tasks.1.assignment': 'any_of_role',
      'steps.1.tasks.1.kind': 'handle',
      'steps.1.tasks.1.share.value': '2,5',
      'steps.1.tasks.2.name': 'Trưởng phòng xem xét',
    });
    const removed = await post(url, manager, fields, 'removeTask:1:0');
    assert.equal(removed.statusCode, 200, removed.body);
    fields = formFields(removed.body);
    assert.equal(value(fields, 'steps.1.taskCount'), '2');
    assert.equal(value(fields, 'steps.1.tasks.0.name'), 'Chuyên viên thẩm định', 'the first task is gone, the edits kept');
    assert.ok(!removed.body.includes('"application/json"') && !removed.body.includes('<textarea'), 'no JSON anywhere');

    const saved = await post(url, manager, fields, 'save');
    assert.equal(saved.statusCode, 303, saved.body);
    const api = await app.inject({ method: 'GET', url: `/api/procedures/${code}/versions/${version}/workflow`, headers: { cookie: manager.cookie } });
    const steps = (api.json() as { steps: Array<{ tasks?: TaskView[] }> }).steps;
    assert.deepEqual(steps[1]!.tasks, [
      { position: 1, name: 'Chuyên viên thẩm định', role: 'specialist', assignment: 'any_of_role', kind: 'handle', share: { value: 2.5, unit: 'working_days' } },
      { position: 2, name: 'Trưởng phòng xem xét', role: 'department_head', assignment: 'single_user', kind: 'review', share: null },
    ]);
    assert.equal(steps[0]!.tasks, undefined, 'a step without tasks has none');

    const again = formFields((await page(url, manager)).body);
    assert.equal(value(again, 'steps.1.taskCount'), '2');
    assert.equal(value(again, 'steps.1.tasks.1.kind'), 'review');
    assert.equal(value(again, 'steps.1.tasks.0.share.value'), '2.5');
  });

  it('a task with an unknown role and shares over the step budget → 422, the summary linked to the fields; English too', async () => {
    const version = await publishedVersion(code);
    const url = `/quan-tri/thu-tuc/${code}/phien-ban/${version}/quy-trinh`;
    const fields = set(formFields((await page(url, manager)).body), { 'steps.1.tasks.0.role': 'pho_giam_doc', 'steps.1.tasks.0.share.value': '999' });
    const response = await post(url, manager, fields, 'save');
    assert.equal(response.statusCode, 422, response.body);
    assert.ok(response.body.includes('href="#steps-1-tasks-0-role"'), 'the role is linked');
    assert.ok(response.body.includes('href="#steps-1-tasks"'), 'the shares are linked');
    assert.ok(response.body.includes('id="steps-1-tasks-0-role-error"'));
    assert.ok(decode(response.body).includes('vượt thời gian của bước'));
    const english = await app.inject({ method: 'GET', url: `${url}?lang=en`, headers: { accept: 'text/html', cookie: manager.cookie } });
    assert.ok(english.body.includes('Tasks of the step') && english.body.includes('Any officer of the role'));
  });

  it('the JSON API: tasks round-trip; every problem of the tasks at once with its path', async () => {
    const version = await publishedVersion(code);
    const api = `/api/procedures/${code}/versions/${version}/workflow`;
    const headers = { cookie: manager.cookie, 'x-csrf-token': manager.csrfToken };
    const tasks = [
      { name: 'Phó trưởng phòng phân công', role: 'department_head', assignment: 'single_user', kind: 'handle', share: { value: 1, unit: 'half_days' } },
      { name: 'Chuyên viên thẩm định', role: 'specialist', assignment: 'any_of_role', kind: 'handle' },
      { name: 'Trưởng phòng phê duyệt', role: 'department_head', assignment: 'single_user', kind: 'approve' },
    ];
    const body = (stepTasks: unknown[]) => ({
      steps: [
        { name: 'Tiếp nhận', role: 'receptionist', budget: { value: 1, unit: 'working_days' }, actions: ['forward'] },
        { name: 'Thẩm định', role: 'specialist', budget: { value: 5, unit: 'working_days' }, actions: ['forward'], tasks: stepTasks },
        { name: 'Phê duyệt', role: 'agency_leader', budget: { value: 9, unit: 'working_days' }, actions: ['record_result'] },
      ],
    });
    const bad = await app.inject({
      method: 'PUT',
      url: api,
      headers,
      payload: body([{ ...tasks[0], share: { value: 6, unit: 'working_days' } }, { ...tasks[1], role: 'truong_thon' }, { ...tasks[2], kind: 'sign', assignment: 'ai_cung_duoc' }]),
    });
    assert.equal(bad.statusCode, 422, bad.body);
    assert.deepEqual(
      (bad.json() as { errors: Array<{ path: string; code: string }> }).errors.map((e) => `${e.path} ${e.code}`).sort(),
      ['/steps/1/tasks WORKFLOW_TASK_SHARES_EXCEED_STEP', '/steps/1/tasks/1/role WORKFLOW_ROLE_INVALID', '/steps/1/tasks/2/assignment WORKFLOW_TASK_ASSIGNMENT_INVALID', '/steps/1/tasks/2/kind WORKFLOW_TASK_KIND_INVALID'].sort(),
    );
    const ok = await app.inject({ method: 'PUT', url: api, headers, payload: body(tasks) });
    assert.equal(ok.statusCode, 200, ok.body);
    const got = await app.inject({ method: 'GET', url: api, headers: { cookie: manager.cookie } });
    const shown = (got.json() as { steps: Array<{ tasks?: TaskView[] }> }).steps[1]!.tasks!;
    assert.deepEqual(
      shown.map(({ position: _p, share, ...t }) => ({ ...t, ...(share ? { share } : {}) })),
      tasks,
    );
  });
});

describe("the officer's dossier page: the current task", () => {
  it('shows the task, completes it from the page (303), and the control sheet lists it under its step', async () => {
    const proc = '1.001826';
    const version = await publishedVersion(proc);
    const saved = await app.inject({
      method: 'PUT',
      url: `/api/procedures/${proc}/versions/${version}/workflow`,
      headers: { cookie: manager.cookie, 'x-csrf-token': manager.csrfToken },
      payload: {
        steps: [
          { name: 'Tiếp nhận', role: 'receptionist', budget: { value: 1, unit: 'working_days' }, actions: ['forward'] },
          {
            name: 'Phòng chuyên môn',
            role: 'specialist',
            budget: { value: 10, unit: 'working_days' },
            actions: ['forward'],
            tasks: [
              { name: 'Chuyên viên thẩm định', role: 'specialist', assignment: 'any_of_role', kind: 'handle' },
              { name: 'Trưởng phòng xem xét', role: 'department_head', assignment: 'single_user', kind: 'review' },
            ],
          },
          { name: 'Phê duyệt', role: 'agency_leader', budget: { value: 4, unit: 'working_days' }, actions: ['record_result'] },
        ],
      },
    });
    assert.equal(saved.statusCode, 200, saved.body);
    const reception = await actorByUsername(ctx, 'demo.motcua');
    const { id } = await submittedDossier(ctx, await newCitizen(ctx), { procedureCode: proc });
    await ctx.services.handling.act(reception, id, 'accept');
    await ctx.services.handling.act(reception, id, 'forward');

    const specialist = await login(app, 'demo.chuyenvien');
    const html = decode((await page(`/can-bo/ho-so/${id}`, specialist)).body);
    assert.ok(html.includes('Nhiệm vụ 1/2: Chuyên viên thẩm định'), 'the current task');
    assert.ok(html.includes(`action="/can-bo/ho-so/${id}/nhiem-vu"`) && html.includes('value="complete"'));
    assert.ok(!html.includes('value="return"'), 'a handling task cannot be sent back');
    const version0 = /name="expectedVersion" value="(\d+)"/.exec(html)![1]!;
    const done = await post(`/can-bo/ho-so/${id}/nhiem-vu`, specialist, [['op', 'complete'], ['note', 'Đủ điều kiện'], ['expectedVersion', version0]]);
    assert.equal(done.statusCode, 303, done.body);
    // A second click with the old version: 409 and the page with the summary.
    const stale = await post(`/can-bo/ho-so/${id}/nhiem-vu`, specialist, [['op', 'complete'], ['expectedVersion', version0]]);
    assert.equal(stale.statusCode, 409, stale.body);

    const head = await login(app, 'demo.truongphong');
    const after = decode((await page(`/can-bo/ho-so/${id}?ok=task`, head)).body);
    assert.ok(after.includes('Nhiệm vụ 2/2: Trưởng phòng xem xét'));
    assert.ok(after.includes('Nhận nhiệm vụ'), 'a single-user task nobody holds can be taken');
    assert.ok(after.includes('↳ 2.1. Chuyên viên thẩm định'), 'the control sheet shows the task under its step');
    assert.ok(after.includes('Đủ điều kiện'));
    // The printed control sheet (form 06) renders with the task line under its step.
    const pdf = await app.inject({ method: 'GET', url: `/api/officer/dossiers/${id}/forms/06.pdf`, headers: { cookie: head.cookie } });
    assert.equal(pdf.statusCode, 200, pdf.body.slice(0, 500));
    assert.match(pdf.headers['content-type'] as string, /application\/pdf/);
  });
});
