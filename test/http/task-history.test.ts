// Task deadlines and task history over HTTP (issue 15, migration 0043): the officer's task panel shows when the
// current task is due; completing it from the page writes a history event that the officer's and the applicant's
// pages show, in Vietnamese and in English, without the officer's note; the queue names the current task.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTestApp, login, type Session } from '../helpers/app.ts';
import { actorByUsername, submittedDossier } from '../helpers/dossiers.ts';

const { app, ctx } = await createTestApp({ demo: true });
const manager = await login(app, 'demo.danhmuc');
const PROC = '1.001826';

function decode(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

async function page(url: string, session: Session): Promise<string> {
  const response = await app.inject({ method: 'GET', url, headers: { accept: 'text/html', cookie: session.cookie } });
  assert.equal(response.statusCode, 200, response.body.slice(0, 500));
  return decode(response.body);
}

function post(url: string, session: Session, fields: Array<[string, string]>) {
  const params = new URLSearchParams(fields);
  params.set('_csrf', session.csrfToken);
  return app.inject({ method: 'POST', url, headers: { cookie: session.cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }, payload: params.toString() });
}

describe('task deadlines and history over HTTP', () => {
  it('the panel shows the task due; a completed task is in both timelines, vi and en, without its note; the queue names the task', async () => {
    const version = (
      await ctx.db
        .selectFrom('procedure_versions as pv')
        .innerJoin('procedures as p', 'p.id', 'pv.procedure_id')
        .select('pv.version')
        .where('p.code', '=', PROC)
        .where('pv.status', '=', 'published')
        .executeTakeFirstOrThrow()
    ).version;
    const saved = await app.inject({
      method: 'PUT',
      url: `/api/procedures/${PROC}/versions/${version}/workflow`,
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
              { name: 'Chuyên viên thẩm định', role: 'specialist', assignment: 'any_of_role', kind: 'handle', share: { value: 3, unit: 'working_days' } },
              { name: 'Trưởng phòng xem xét', role: 'department_head', assignment: 'single_user', kind: 'review' },
            ],
          },
          { name: 'Phê duyệt', role: 'agency_leader', budget: { value: 4, unit: 'working_days' }, actions: ['record_result'] },
        ],
      },
    });
    assert.equal(saved.statusCode, 200, saved.body);
    const reception = await actorByUsername(ctx, 'demo.motcua');
    const { id, code } = await submittedDossier(ctx, await actorByUsername(ctx, 'demo.congdan'), { procedureCode: PROC });
    await ctx.services.handling.act(reception, id, 'accept');
    await ctx.services.handling.act(reception, id, 'forward');

    const specialist = await login(app, 'demo.chuyenvien');
    // The queue: the step and its current task with the task's role.
    const queue = await page(`/can-bo?q=${encodeURIComponent(code!)}`, specialist);
    assert.ok(queue.includes('Nhiệm vụ: Chuyên viên thẩm định'), 'the queue names the current task');
    assert.ok((await page(`/can-bo?q=${encodeURIComponent(code!)}&lang=en`, specialist)).includes('Task: Chuyên viên thẩm định'));

    // The panel: when the task is due, in both languages.
    const html = await page(`/can-bo/ho-so/${id}`, specialist);
    assert.match(html, /Hạn hoàn thành nhiệm vụ: \d/);
    assert.match(await page(`/can-bo/ho-so/${id}?lang=en`, specialist), /Task due: \d/);
    const version0 = /name="expectedVersion" value="(\d+)"/.exec(html)![1]!;
    const done = await post(`/can-bo/ho-so/${id}/nhiem-vu`, specialist, [['op', 'complete'], ['note', 'Ghi chú nội bộ XYZ'], ['expectedVersion', version0]]);
    assert.equal(done.statusCode, 303, done.body);

    // The officer's page: the event in the history, and the control sheet's task row graded.
    const head = await login(app, 'demo.truongphong');
    const officerVi = await page(`/can-bo/ho-so/${id}`, head);
    assert.ok(officerVi.includes('Hoàn thành nhiệm vụ "Chuyên viên thẩm định" của bước "Phòng chuyên môn"'));
    const taskRow = /↳ 2\.1\. Chuyên viên thẩm định[\s\S]*?<\/tr>/.exec(officerVi)?.[0] ?? '';
    assert.ok(taskRow.includes('of-grade-early'), `the finished task is graded (early: days before its due): ${taskRow}`);
    const due = /data-label="Hạn bước">([^<]*)</.exec(taskRow)?.[1] ?? '';
    assert.ok(due.trim() !== '' && due.trim() !== '—', `the finished task's due instant: ${due}`);
    assert.ok((await page(`/can-bo/ho-so/${id}?lang=en`, head)).includes('Task "Chuyên viên thẩm định" of step "Phòng chuyên môn" done'));
    // The JSON control sheet carries the finished task's due instant and grade; the current task has neither yet.
    const sheet = await app.inject({ method: 'GET', url: `/api/officer/dossiers/${id}/control-sheet`, headers: { cookie: head.cookie } });
    assert.equal(sheet.statusCode, 200, sheet.body);
    const tasks = (sheet.json() as { rows: Array<{ tasks?: Array<{ position: number; dueAt?: string | null; result?: string | null }> }> }).rows[1]!.tasks!;
    assert.equal(tasks[0]!.result, 'early');
    assert.ok(tasks[0]!.dueAt && Date.parse(tasks[0]!.dueAt) > Date.now());
    assert.equal(tasks[1]!.result, null);

    // The applicant's page: the same neutral event, vi and en, and not the officer's note.
    const citizen = await login(app, 'demo.congdan');
    const mineVi = await page(`/ho-so/${id}`, citizen);
    assert.ok(mineVi.includes('Hoàn thành nhiệm vụ "Chuyên viên thẩm định" của bước "Phòng chuyên môn"'));
    assert.ok(!mineVi.includes('Ghi chú nội bộ XYZ'));
    const mineEn = await page(`/ho-so/${id}?lang=en`, citizen);
    assert.ok(mineEn.includes('Task "Chuyên viên thẩm định" of step "Phòng chuyên môn" done'));
    assert.ok(!mineEn.includes('Ghi chú nội bộ XYZ'));
  });
});
