// The yearly PAR plan over HTTP: the API's answers and its bad inputs as problem+json naming the field (a task without
// owner or deadline; progress reported from outside the owner department), the pages a leader and a specialist use
// (the plan with its chart and tables, a task's progress form with an evidence file), the Excel export, and another
// agency's staff kept out.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { authHeaders, createTestApp, login, type Session } from '../helpers/app.ts';
import { PDF } from '../helpers/dossiers.ts';
import { multipartBody, summaryLinks, urlencodedForm } from '../helpers/forms.ts';

const { app, ctx } = await createTestApp({ demo: true });
const OFFICE = '000.00.12.G14';
let leader: Session;
let specialist: Session;
let receptionist: Session;
let planId: string;
let qtg: string;

const api = (session: Session, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  app.inject({ method, url, headers: method === 'GET' ? { cookie: session.cookie } : authHeaders(session), ...(payload === undefined ? {} : { payload: payload as object }) });
const page = (session: Session, url: string) => app.inject({ method: 'GET', url, headers: { cookie: session.cookie, accept: 'text/html' } });

before(async () => {
  leader = await login(app, 'demo.lanhdao');
  specialist = await login(app, 'demo.chuyenvien');
  receptionist = await login(app, 'demo.motcua');
  const office = await ctx.services.agencies.byCode(OFFICE);
  qtg = (await ctx.services.agencies.departmentsOf(office!.id)).find((d) => d.code === 'QTG')!.id;
});

describe('PAR plan API', () => {
  it('a leader creates the 2025 plan (201), a second one is 409 PARPLAN_EXISTS', async () => {
    const setId = (await ctx.services.parPlan.sets()).find((s) => s.kind === 'ministry' && s.year === 2025)!.id;
    const created = await api(leader, 'POST', '/api/par-plans', { agency: OFFICE, year: 2025, setId, title: 'Kế hoạch CCHC năm 2025' });
    assert.equal(created.statusCode, 201, created.body);
    planId = (created.json() as { id: string }).id;
    const again = await api(leader, 'POST', '/api/par-plans', { agency: OFFICE, year: 2025, setId, title: 'Lần hai' });
    assert.equal(again.statusCode, 409);
    assert.equal((again.json() as { code: string }).code, 'PARPLAN_EXISTS');
  });

  it('refuses a task without owner or deadline: 422 problem+json naming both fields, in the reader’s language', async () => {
    const response = await api(leader, 'POST', `/api/par-plans/${planId}/tasks`, { fieldCode: '1', title: 'Thiếu', ownerDepartmentId: '', deadline: '' });
    assert.equal(response.statusCode, 422, response.body);
    assert.match(String(response.headers['content-type']), /application\/problem\+json/);
    const problem = response.json() as { code: string; errors: Array<{ path: string; code: string; message: string }> };
    assert.equal(problem.code, 'PARPLAN_TASK_INVALID');
    assert.deepEqual(problem.errors.map((e) => [e.path, e.code]), [['/ownerDepartmentId', 'PARPLAN_OWNER_REQUIRED'], ['/deadline', 'PARPLAN_DEADLINE_REQUIRED']]);
    assert.match(problem.errors[1]!.message, /thời hạn/);
    // Without the properties at all: the schema names them.
    const bare = await api(leader, 'POST', `/api/par-plans/${planId}/tasks`, { fieldCode: '1', title: 'Thiếu' });
    assert.equal(bare.statusCode, 422);
    assert.deepEqual((bare.json() as { errors: Array<{ path: string }> }).errors.map((e) => e.path).sort(), ['/deadline', '/ownerDepartmentId']);
  });

  it('refuses progress from outside the owner department (403 PARPLAN_NOT_OWNER) and takes the owner’s', async () => {
    const task = await api(leader, 'POST', `/api/par-plans/${planId}/tasks`, { fieldCode: '3', title: 'Rà soát thủ tục', ownerDepartmentId: qtg, deadline: '2025-09-30', evidenceRequired: false });
    assert.equal(task.statusCode, 201, task.body);
    const id = (task.json() as { id: string }).id;
    const outsider = await api(receptionist, 'POST', `/api/par-plan-tasks/${id}/reports`, { progress: 50, note: 'Bộ phận một cửa' });
    assert.equal(outsider.statusCode, 403);
    assert.equal((outsider.json() as { code: string }).code, 'PARPLAN_NOT_OWNER');
    const owner = await api(specialist, 'POST', `/api/par-plan-tasks/${id}/reports`, { progress: 50, note: 'Đã lấy ý kiến' });
    assert.equal(owner.statusCode, 201, owner.body);
    assert.equal((owner.json() as { progress: number }).progress, 50);
    const range = await api(specialist, 'POST', `/api/par-plan-tasks/${id}/reports`, { progress: 120, note: 'x' });
    assert.equal(range.statusCode, 422);
    const plan = await api(specialist, 'GET', `/api/par-plans/${planId}`);
    assert.equal(plan.statusCode, 200, plan.body);
    const view = plan.json() as { completion: { total: number; meanProgress: number }; fields: Array<{ code: string }>; tasks: unknown[] };
    assert.deepEqual([view.completion.total, view.completion.meanProgress], [1, 50]);
    assert.equal(view.fields.length, 7);
  });

  it('keeps another agency’s staff out (404) and citizens away (403)', async () => {
    const other = await login(app, 'demo.quantri');
    // The ministry's administrator covers the office (an agency above it): allowed.
    assert.equal((await api(other, 'GET', `/api/par-plans/${planId}`)).statusCode, 200);
    const citizen = await login(app, 'demo.congdan');
    assert.equal((await api(citizen, 'GET', `/api/par-plans/${planId}`)).statusCode, 403);
  });
});

describe('PAR plan pages', () => {
  let taskId: string;

  it('the leader adds a task with the form; the error summary names owner and deadline when missing', async () => {
    const bad = await app.inject({ method: 'POST', url: `/quan-tri/ke-hoach-cchc/${planId}/nhiem-vu`, ...urlencodedForm(leader, { fieldCode: '1', title: 'Ban hành kế hoạch tuyên truyền', ownerDepartmentId: '', deadline: '' }) });
    assert.equal(bad.statusCode, 422);
    assert.deepEqual(summaryLinks(bad.body).map((l) => l.href), ['#ownerDepartmentId', '#deadline']);
    const good = await app.inject({ method: 'POST', url: `/quan-tri/ke-hoach-cchc/${planId}/nhiem-vu`, ...urlencodedForm(leader, { fieldCode: '1', title: 'Ban hành kế hoạch tuyên truyền', ownerDepartmentId: qtg, deadline: '31/03/2025', evidenceRequired: '1' }) });
    assert.equal(good.statusCode, 303, good.body);
    const plan = await page(leader, `/quan-tri/ke-hoach-cchc/${planId}`);
    assert.equal(plan.statusCode, 200);
    taskId = /href="\/quan-tri\/ke-hoach-cchc\/nhiem-vu\/([0-9a-f-]{36})">Ban hành kế hoạch tuyên truyền/.exec(plan.body)![1]!;
    assert.match(plan.body, /31\/03\/2025/);
    assert.match(plan.body, /<svg[^>]*class="rp-chart"/);
    assert.match(plan.body, /id="by-department"/);
  });

  it('the specialist reports 100% with an evidence file on the task page; without the file it is refused on the field', async () => {
    const refused = multipartBody([{ name: '_csrf', value: specialist.csrfToken }, { name: 'progress', value: '100' }, { name: 'note', value: 'Xong' }]);
    const r1 = await app.inject({ method: 'POST', url: `/quan-tri/ke-hoach-cchc/nhiem-vu/${taskId}/bao-cao`, headers: { cookie: specialist.cookie, accept: 'text/html', 'content-type': refused.contentType }, payload: refused.payload });
    assert.equal(r1.statusCode, 422, r1.body);
    assert.deepEqual(summaryLinks(r1.body).map((l) => l.href), ['#file']);
    const body = multipartBody([
      { name: '_csrf', value: specialist.csrfToken },
      { name: 'progress', value: '100' },
      { name: 'note', value: 'Đã ban hành kế hoạch' },
      { name: 'file', filename: 'ke-hoach.pdf', type: 'application/pdf', bytes: PDF },
    ]);
    const r2 = await app.inject({ method: 'POST', url: `/quan-tri/ke-hoach-cchc/nhiem-vu/${taskId}/bao-cao`, headers: { cookie: specialist.cookie, accept: 'text/html', 'content-type': body.contentType }, payload: body.payload });
    assert.equal(r2.statusCode, 303, r2.body);
    const task = await page(specialist, `/quan-tri/ke-hoach-cchc/nhiem-vu/${taskId}`);
    assert.match(task.body, /id="task-status">Hoàn thành — 100%/);
    const link = /href="(\/quan-tri\/ke-hoach-cchc\/nhiem-vu\/[^"]+\/tai-lieu\/[^"]+)"/.exec(task.body)![1]!;
    const file = await page(leader, link);
    assert.equal(file.statusCode, 200);
    assert.equal(file.headers['content-type'], 'application/pdf');
    // A receptionist (not of the owner department) sees no progress form.
    assert.doesNotMatch((await page(receptionist, `/quan-tri/ke-hoach-cchc/nhiem-vu/${taskId}`)).body, /bao-cao/);
  });

  it('offers the plan’s evidence on the 2025 PAR self-assessment of the office, under field 1', async () => {
    const admin = await login(app, 'demo.quantri');
    const started = await api(admin, 'POST', '/api/par-index/assessments', { agency: OFFICE, year: 2025, kind: 'ministry' });
    assert.equal(started.statusCode, 201, started.body);
    const assessment = await page(admin, `/quan-tri/chi-so-cchc/danh-gia/${(started.json() as { id: string }).id}`);
    assert.equal(assessment.statusCode, 200);
    assert.match(assessment.body, /Tài liệu kiểm chứng từ kế hoạch CCHC năm 2025 \(1\)/);
    assert.match(assessment.body, /ke-hoach\.pdf<\/a> — Ban hành kế hoạch tuyên truyền/);
  });

  it('exports the plan to Excel with the tasks and the completion by field', async () => {
    const response = await page(leader, `/quan-tri/ke-hoach-cchc/${planId}/excel`);
    assert.equal(response.statusCode, 200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const tasks = workbook.worksheets[0]!;
    assert.equal(tasks.getRow(3).getCell(2).value, 'Nhiệm vụ');
    const titles = [4, 5].map((r) => String(tasks.getRow(r).getCell(2).value));
    assert.ok(titles.includes('Ban hành kế hoạch tuyên truyền'), titles.join());
    const fields = workbook.worksheets[1]!;
    assert.equal(fields.getRow(2).getCell(1).value, '1. Công tác chỉ đạo, điều hành cải cách hành chính');
    assert.equal(fields.getRow(2).getCell(6).value, 1);
  });
});
