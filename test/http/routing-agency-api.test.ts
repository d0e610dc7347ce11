// The officer's pick of a liên thông target over the JSON API: GET /api/officer/dossiers/{id} says why the dossier
// waits (`routing`: reason code + message, the agencies to pick); POST /api/officer/dossiers/{id}/routing-agency
// { agencyCode, version } moves the open step there (the same service call as the page), with the stable codes:
// 422 unknown agency (path /agencyCode), 409 DOSSIER_CHANGED, 409 ROUTING_NOT_PENDING, 404 for outsiders.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTestApp, login, type Session } from '../helpers/app.ts';
import { actorByUsername, newCitizen, submittedDossier } from '../helpers/dossiers.ts';

const { app, ctx } = await createTestApp({ demo: true });
const manager = await login(app, 'demo.danhmuc');
const officer = await login(app, 'demo.chuyenvien');

const FORM = {
  type: 'object',
  properties: {
    requestContent: { type: 'string', title: 'Nội dung đề nghị', maxLength: 2000 },
    landAddress: { type: 'object', title: 'Địa chỉ thửa đất', properties: { province: { type: 'string' }, commune: { type: 'string' } }, required: ['province', 'commune'] },
  },
};

const get = (url: string, session: Session, lang = 'vi') => app.inject({ method: 'GET', url: `${url}?lang=${lang}`, headers: { cookie: session.cookie } });
const pick = (id: string, session: Session, payload: unknown) =>
  app.inject({ method: 'POST', url: `/api/officer/dossiers/${id}/routing-agency`, headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken }, payload: payload as Record<string, unknown> });

describe('the JSON API of the officer pick of a liên thông target', () => {
  let id = '';

  it('the officer dossier view says why the dossier waits (code + message) and which agencies to pick', async () => {
    const code = '1.001826';
    const row = await ctx.db
      .selectFrom('procedure_versions as pv')
      .innerJoin('procedures as p', 'p.id', 'pv.procedure_id')
      .select(['pv.id', 'pv.version'])
      .where('p.code', '=', code)
      .where('pv.status', '=', 'published')
      .executeTakeFirstOrThrow();
    await ctx.db.updateTable('procedure_versions').set({ form_schema: JSON.stringify(FORM) }).where('id', '=', row.id).execute();
    const saved = await app.inject({
      method: 'PUT',
      url: `/api/procedures/${code}/versions/${row.version}/workflow`,
      headers: { cookie: manager.cookie, 'x-csrf-token': manager.csrfToken },
      payload: {
        steps: [
          { name: 'Tiếp nhận', role: 'receptionist', budget: { value: 1, unit: 'working_days' }, actions: ['forward'] },
          { name: 'Xác minh tại xã nơi có đất', role: 'specialist', agencyRule: { kind: 'eform_address', field: 'landAddress' }, budget: { value: 5, unit: 'working_days' }, actions: ['forward'] },
          { name: 'Phê duyệt', role: 'agency_leader', budget: { value: 4, unit: 'working_days' }, actions: ['record_result'] },
        ],
      },
    });
    assert.equal(saved.statusCode, 200, saved.body);
    const reception = await actorByUsername(ctx, 'demo.motcua');
    const citizen = await newCitizen(ctx);
    ({ id } = await submittedDossier(ctx, citizen, { procedureCode: code }));
    await ctx.db.updateTable('dossiers').set({ form_data: JSON.stringify({ requestContent: 'x', landAddress: { province: 'Tỉnh Vĩnh Long', commune: 'Xã Không Có' } }) }).where('id', '=', id).execute();
    const before = (await get(`/api/officer/dossiers/${id}`, officer)).json() as { routing: unknown };
    assert.equal(before.routing, null, 'not waiting before the rule step');
    await ctx.services.handling.act(reception, id, 'accept');
    await ctx.services.handling.act(reception, id, 'forward');

    const view = await get(`/api/officer/dossiers/${id}`, officer);
    assert.equal(view.statusCode, 200, view.body);
    const routing = (view.json() as { routing: { reason: string; message: string; field: string; value: string | null; step: { position: number; name: string }; agencies: Array<{ code: string }> } }).routing;
    assert.equal(routing.reason, 'commune_unknown');
    assert.equal(routing.field, 'landAddress');
    assert.equal(routing.value, 'Xã Không Có');
    assert.match(routing.message, /xã\/phường "Xã Không Có" của trường 'Địa chỉ thửa đất' không có trong danh mục/);
    assert.equal(routing.step.name, 'Xác minh tại xã nơi có đất');
    assert.ok(routing.agencies.some((a) => a.code === 'H59.20.01.01'));
    const own = (view.json() as { agency: { code: string } }).agency.code;
    assert.ok(!routing.agencies.some((a) => a.code === own), "not the dossier's own agency");
    const en = (await get(`/api/officer/dossiers/${id}`, officer, 'en')).json() as { routing: { reason: string; message: string } };
    assert.equal(en.routing.reason, 'commune_unknown');
    assert.match(en.routing.message, /is not in the list of administrative units/);
  });

  it('refuses a bad pick with stable codes, then moves the step; a second pick is 409 ROUTING_NOT_PENDING', async () => {
    const view = (await get(`/api/officer/dossiers/${id}`, officer)).json() as { version: number; agency: { code: string } };
    const version = view.version;
    const unknown = await pick(id, officer, { agencyCode: 'NO.SUCH.AGENCY', version });
    assert.equal(unknown.statusCode, 422);
    assert.deepEqual(unknown.json().errors.map((e: { path: string; code: string }) => [e.path, e.code]), [['/agencyCode', 'WORKFLOW_AGENCY_UNKNOWN']]);
    const own = await pick(id, officer, { agencyCode: view.agency.code, version });
    assert.equal(own.statusCode, 422);
    const extra = await pick(id, officer, { agencyCode: 'H59.20.01.01', version, agencyId: 'x' });
    assert.equal(extra.statusCode, 422);
    const stale = await pick(id, officer, { agencyCode: 'H59.20.01.01', version: version - 1 });
    assert.equal(stale.statusCode, 409);
    assert.equal(stale.json().code, 'DOSSIER_CHANGED');
    const noCsrf = await app.inject({ method: 'POST', url: `/api/officer/dossiers/${id}/routing-agency`, headers: { cookie: officer.cookie }, payload: { agencyCode: 'H59.20.01.01' } });
    assert.equal(noCsrf.statusCode, 403);
    const stranger = await login(app, 'demo.quantri');
    const outsider = await pick(id, stranger, { agencyCode: 'H59.20.01.01', version });
    assert.ok([403, 404].includes(outsider.statusCode), String(outsider.statusCode));

    const ok = await pick(id, officer, { agencyCode: 'h59.20.01.01', version });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual(ok.json(), { id, version: version + 1, step: 'Xác minh tại xã nơi có đất', agency: { code: 'H59.20.01.01', name: 'Ủy ban nhân dân xã An Trường' } });
    const open = await ctx.db.selectFrom('dossier_steps as s').innerJoin('agencies as a', 'a.id', 's.agency_id').select('a.code').where('s.dossier_id', '=', id).where('s.finished_at', 'is', null).executeTakeFirstOrThrow();
    assert.equal(open.code, 'H59.20.01.01');
    const event = await ctx.db.selectFrom('dossier_events').select('action').where('dossier_id', '=', id).orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.equal(event.action, 'route_agency');

    const again = await pick(id, officer, { agencyCode: 'H59.20.01.01', version: version + 1 });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().code, 'ROUTING_NOT_PENDING');
    assert.equal(((await get(`/api/officer/dossiers/${id}`, officer)).json() as { routing: unknown }).routing, null);
  });

  it('answers 404 for a dossier that does not exist', async () => {
    const missing = await pick('00000000-0000-4000-8000-000000000000', officer, { agencyCode: 'H59.20.01.01' });
    assert.equal(missing.statusCode, 404);
    const junk = await pick('not-a-uuid', officer, { agencyCode: 'H59.20.01.01' });
    assert.equal(junk.statusCode, 404);
  });
});
