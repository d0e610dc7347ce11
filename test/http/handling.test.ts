import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authHeaders, createTestApp, login } from '../helpers/app.ts';
import { newCitizen, submittedDossier } from '../helpers/dossiers.ts';

const { app, ctx } = await createTestApp({ demo: true });
const reception = await login(app, 'demo.motcua');

async function newDossier() {
  return submittedDossier(ctx, await newCitizen(ctx));
}

function post(url: string, payload: unknown, headers: Record<string, string | number> = {}) {
  return app.inject({ method: 'POST', url, payload: payload as object, headers: { ...authHeaders(reception), ...headers } as Record<string, string> });
}

describe('actions over HTTP', () => {
  it('an action the status does not permit: 409 problem+json listing the allowed actions and the current status', async () => {
    const { id } = await newDossier();
    const response = await post(`/api/dossiers/${id}/actions/record_result`, {});
    assert.equal(response.statusCode, 409);
    assert.match(String(response.headers['content-type']), /application\/problem\+json/);
    const problem = response.json() as { code: string; currentStatus: number; allowedActions: string[]; title: string };
    assert.equal(problem.code, 'ACTION_NOT_ALLOWED');
    assert.equal(problem.currentStatus, 1);
    assert.deepEqual([...problem.allowedActions].sort(), ['accept', 'refuse', 'request_supplement', 'withdraw']);
    // The message names the actions and the status in words (the codes are in allowedActions / currentStatus).
    assert.match(problem.title, /"Ghi nhận kết quả giải quyết"/);
    assert.match(problem.title, /"Mới đăng ký"/);
    assert.match(problem.title, /Tiếp nhận hồ sơ/);
    assert.doesNotMatch(problem.title, /record_result|request_supplement/);
  });

  it('accept → 200 with the new status, version and due date; a stale expected version → 409 DOSSIER_CHANGED', async () => {
    const { id } = await newDossier();
    const accepted = await post(`/api/dossiers/${id}/actions/accept`, { expectedVersion: 0 });
    assert.equal(accepted.statusCode, 200, accepted.body);
    const body = accepted.json() as { status: number; version: number; dueAt: string; allowedActions: string[]; statusLabel: string };
    assert.equal(body.status, 2);
    assert.equal(body.version, 1);
    assert.equal(body.statusLabel, 'Được tiếp nhận');
    assert.ok(body.dueAt);
    assert.ok(body.allowedActions.includes('forward'));
    const stale = await post(`/api/dossiers/${id}/actions/forward`, {}, { 'x-expected-version': 0 });
    assert.equal(stale.statusCode, 409);
    const problem = stale.json() as { code: string; currentStatus: number; currentVersion: number; allowedActions: string[] };
    assert.equal(problem.code, 'DOSSIER_CHANGED');
    assert.equal(problem.currentStatus, 2);
    assert.equal(problem.currentVersion, 1);
    assert.ok(problem.allowedActions.includes('forward'));
  });

  it('a supplement request with no items → 422; without the CSRF header → 403; signed out → 401', async () => {
    const { id } = await newDossier();
    const empty = await post(`/api/dossiers/${id}/actions/request_supplement`, { items: [] });
    assert.equal(empty.statusCode, 422);
    assert.equal((empty.json() as { errors: Array<{ path: string }> }).errors[0]?.path, '/items');
    const blank = await post(`/api/dossiers/${id}/actions/request_supplement`, { items: ['  '] });
    assert.equal(blank.statusCode, 422);
    const noCsrf = await app.inject({ method: 'POST', url: `/api/dossiers/${id}/actions/accept`, payload: {}, headers: { cookie: reception.cookie } });
    assert.equal(noCsrf.statusCode, 403);
    const anonymous = await app.inject({ method: 'POST', url: `/api/dossiers/${id}/actions/accept`, payload: {} });
    assert.ok([401, 403].includes(anonymous.statusCode));
  });

  it('the queue and the officer\'s dossier with its allowed actions and control sheet', async () => {
    const { id, code } = await newDossier();
    const queue = await app.inject({ method: 'GET', url: `/api/officer/dossiers?scope=agency&q=${encodeURIComponent(code)}`, headers: { cookie: reception.cookie } });
    assert.equal(queue.statusCode, 200, queue.body);
    assert.deepEqual((queue.json() as { items: Array<{ id: string }> }).items.map((i) => i.id), [id]);
    await post(`/api/dossiers/${id}/actions/accept`, {});
    const detail = await app.inject({ method: 'GET', url: `/api/officer/dossiers/${id}`, headers: { cookie: reception.cookie } });
    assert.equal(detail.statusCode, 200, detail.body);
    const d = detail.json() as { allowedActions: string[]; controlSheet: Array<{ position: number }>; workflow: { steps: unknown[] }; formData: Record<string, unknown> };
    assert.ok(d.allowedActions.includes('forward'));
    assert.equal(d.controlSheet.length, 1);
    assert.equal(d.workflow.steps.length, 5);
    assert.ok(Object.keys(d.formData).length > 0);
    const citizen = await login(app, 'demo.congdan');
    const hidden = await app.inject({ method: 'GET', url: `/api/officer/dossiers/${id}`, headers: { cookie: citizen.cookie } });
    assert.equal(hidden.statusCode, 404);
  });
});

describe('workflow API', () => {
  it('GET the default workflow; PUT with a negative or non-number budget → 422', async () => {
    const manager = await login(app, 'demo.danhmuc');
    const version = await ctx.db
      .selectFrom('procedure_versions as pv')
      .innerJoin('procedures as p', 'p.id', 'pv.procedure_id')
      .select('pv.version')
      .where('p.code', '=', '1.001824')
      .where('pv.status', '=', 'published')
      .executeTakeFirstOrThrow();
    const url = `/api/procedures/1.001824/versions/${version.version}/workflow`;
    const got = await app.inject({ method: 'GET', url, headers: { cookie: manager.cookie } });
    assert.equal(got.statusCode, 200, got.body);
    assert.equal((got.json() as { source: string }).source, 'builtin');
    const step = (value: unknown) => ({ name: 'Xử lý', role: 'specialist', budget: { value, unit: 'working_days' }, actions: ['forward'] });
    for (const value of [-1, 'mười']) {
      const bad = await app.inject({ method: 'PUT', url, payload: { steps: [step(value)] }, headers: authHeaders(manager) });
      assert.equal(bad.statusCode, 422, `${value}: ${bad.body}`);
      assert.ok((bad.json() as { errors: Array<{ path: string }> }).errors.some((e) => e.path === '/steps/0/budget/value'));
    }
    const saved = await app.inject({ method: 'PUT', url, payload: { steps: [step(5), { ...step(5), role: 'agency_leader', actions: ['record_result'] }] }, headers: authHeaders(manager) });
    assert.equal(saved.statusCode, 200, saved.body);
    const view = saved.json() as { source: string; warning: { sumWorkingDays: number; limitWorkingDays: number; message: string } };
    assert.equal(view.source, 'version');
    assert.equal(view.warning.sumWorkingDays, 10);
    assert.equal(view.warning.limitWorkingDays, 12);
    assert.match(view.warning.message, /10.*12/);
  });

  it('the OpenAPI document lists every action and the officer and workflow routes, with tags and summaries', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, { tags?: string[]; summary?: string }>> };
    const routes: Array<[string, string]> = [
      ['/api/v1/dossiers/{id}/actions/accept', 'post'],
      ['/api/v1/dossiers/{id}/actions/request_supplement', 'post'],
      ['/api/v1/dossiers/{id}/actions/apologise', 'post'],
      ['/api/v1/dossiers/{id}/actions/return_result', 'post'],
      ['/api/v1/dossiers/{id}/actions/withdraw', 'post'],
      ['/api/v1/officer/dossiers', 'get'],
      ['/api/v1/officer/dossiers/{id}', 'get'],
      ['/api/v1/officer/dossiers/{id}/control-sheet', 'get'],
      ['/api/v1/procedures/{code}/versions/{version}/workflow', 'get'],
      ['/api/v1/procedures/{code}/versions/{version}/workflow', 'put'],
    ];
    for (const [path, method] of routes) {
      const operation = doc.paths[path]?.[method];
      assert.ok(operation, `${method} ${path}`);
      assert.ok(operation.tags?.includes('back-office'), `${path} tagged`);
      assert.ok(operation.summary, `${path} summary`);
    }
  });
});
