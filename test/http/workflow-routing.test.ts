// Liên thông targets resolved at run time, over HTTP: the workflow editor offers the agency rule of a step (a select
// of the kind, the field picked from the version's e-form, option → agency rows) and saves it (the JSON API shows
// it); a bad rule is refused with every problem linked to its field; the JSON API takes the rule too. On the
// officer's dossier page, a dossier whose rule found no agency shows why and a picker; picking moves the step.
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
    landCommune: { type: 'string', title: 'Xã nơi có đất', enum: ['an-truong', 'cang-long'], 'x-enumNames': ['Xã An Trường', 'Xã Càng Long'] },
  },
};

async function versionWithForm(code: string): Promise<number> {
  const row = await ctx.db
    .selectFrom('procedure_versions as pv')
    .innerJoin('procedures as p', 'p.id', 'pv.procedure_id')
    .select(['pv.id', 'pv.version'])
    .where('p.code', '=', code)
    .where('pv.status', '=', 'published')
    .executeTakeFirstOrThrow();
  await ctx.db.updateTable('procedure_versions').set({ form_schema: JSON.stringify(FORM) }).where('id', '=', row.id).execute();
  return row.version;
}

function decode(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function page(url: string, session: Session) {
  return app.inject({ method: 'GET', url, headers: { accept: 'text/html', cookie: session.cookie } });
}

function post(url: string, session: Session, fields: Array<[string, string]>) {
  const params = new URLSearchParams(fields);
  params.set('_csrf', session.csrfToken);
  return app.inject({ method: 'POST', url, headers: { cookie: session.cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }, payload: params.toString() });
}

/** The editor's fields for three steps (reception, the commune's verification by `rule`, the leader), then "save". */
function editorFields(rule: Array<[string, string]>): Array<[string, string]> {
  const step = (i: number, name: string, role: string, actions: string[]): Array<[string, string]> => [
    [`steps.${i}.name`, name],
    [`steps.${i}.role`, role],
    [`steps.${i}.agencyCode`, ''],
    [`steps.${i}.departmentCode`, ''],
    [`steps.${i}.budget.value`, '5'],
    [`steps.${i}.budget.unit`, 'working_days'],
    ...actions.map((a): [string, string] => [`steps.${i}.actions`, a]),
    [`steps.${i}.agencyRule.kind`, 'fixed'],
  ];
  return [
    ['name', 'Liên thông xã nơi có đất'],
    ['stepCount', '3'],
    ...step(0, 'Tiếp nhận', 'receptionist', ['forward']),
    ...step(1, 'Xác minh tại xã nơi có đất', 'specialist', ['forward', 'send_back']).filter(([n]) => n !== 'steps.1.agencyRule.kind'),
    ...rule,
    ...step(2, 'Phê duyệt', 'agency_leader', ['record_result', 'send_back']),
    ['action', 'save'],
  ];
}

describe('the workflow editor saves a step agency rule', () => {
  const code = '1.001824';
  let version = 0;
  let url = '';

  it('offers the rule: the kinds, the e-form fields of the right kinds (a select), option → agency rows', async () => {
    version = await versionWithForm(code);
    url = `/quan-tri/thu-tuc/${code}/phien-ban/${version}/quy-trinh`;
    const response = await page(url, manager);
    assert.equal(response.statusCode, 200);
    const html = decode(response.body);
    assert.ok(html.includes('name="steps.0.agencyRule.kind"'), 'a rule select per step');
    for (const text of ['Cố định', 'Theo địa chỉ trên tờ khai', 'Theo lựa chọn trên tờ khai']) assert.ok(html.includes(text), text);
    assert.match(html, /<select id="steps-0-agencyRule-field" name="steps\.0\.agencyRule\.field"/);
    assert.ok(html.includes('<option value="landAddress">Địa chỉ thửa đất (landAddress)</option>'), 'the address field is offered');
    assert.ok(html.includes('<option value="landCommune">Xã nơi có đất (landCommune)</option>'), 'the choice field is offered');
    assert.ok(!html.includes('<option value="requestContent">'), 'a text field is not');
    assert.ok(html.includes('name="steps.0.agencyRule.options.0.agencyCode"'), 'option rows');
    assert.ok(html.includes('<option value="an-truong">Xã An Trường (an-truong)</option>'), 'option values from the e-form');
  });

  it('refuses a bad rule with every problem linked to its field (422)', async () => {
    const response = await post(url, manager, editorFields([
      ['steps.1.agencyRule.kind', 'eform_option'],
      ['steps.1.agencyRule.field', 'landAddress'],
      ['steps.1.agencyRule.options.0.value', 'an-truong'],
      ['steps.1.agencyRule.options.0.agencyCode', 'KHONG.TON.TAI'],
    ]));
    assert.equal(response.statusCode, 422, response.body.slice(0, 500));
    const html = decode(response.body);
    assert.ok(html.includes('href="#steps-1-agencyRule-field"'), 'the field problem is linked');
    assert.ok(html.includes('Trường "Địa chỉ thửa đất" không phải là trường lựa chọn.'));
    assert.ok(html.includes('href="#steps-1-agencyRule-options-0-agencyCode"'), 'the agency problem is linked');
    assert.ok(html.includes('id="steps-1-agencyRule-options-0-agencyCode-error"'), 'and shown at the row');
  });

  it('saves an address rule (303); the JSON API shows it; the editor shows it again', async () => {
    const response = await post(url, manager, editorFields([
      ['steps.1.agencyRule.kind', 'eform_address'],
      ['steps.1.agencyRule.field', 'landAddress'],
      ['steps.1.agencyRule.options.0.value', ''],
      ['steps.1.agencyRule.options.0.agencyCode', ''],
    ]));
    assert.equal(response.statusCode, 303, response.body.slice(0, 500));
    const api = await app.inject({ method: 'GET', url: `/api/procedures/${code}/versions/${version}/workflow`, headers: { cookie: manager.cookie } });
    assert.equal(api.statusCode, 200);
    const steps = (api.json() as { steps: Array<{ agencyRule?: unknown; agencyCode: string | null }> }).steps;
    assert.deepEqual(steps[1]!.agencyRule, { kind: 'eform_address', field: 'landAddress' });
    assert.equal(steps[1]!.agencyCode, null);
    assert.equal(steps[0]!.agencyRule, undefined);
    const again = decode((await page(url, manager)).body);
    assert.match(again, /<select id="steps-1-agencyRule-kind" name="steps\.1\.agencyRule\.kind">[\s\S]*?<option value="eform_address" selected>/);
  });

  it('the JSON API saves an option rule, and refuses an unknown field with its path', async () => {
    const api = `/api/procedures/${code}/versions/${version}/workflow`;
    const body = (rule: unknown) => ({
      steps: [
        { name: 'Tiếp nhận', role: 'receptionist', budget: { value: 1, unit: 'working_days' }, actions: ['forward'] },
        { name: 'Xác minh', role: 'specialist', agencyRule: rule, budget: { value: 5, unit: 'working_days' }, actions: ['forward'] },
        { name: 'Phê duyệt', role: 'agency_leader', budget: { value: 5, unit: 'working_days' }, actions: ['record_result'] },
      ],
    });
    const headers = { cookie: manager.cookie, 'x-csrf-token': manager.csrfToken };
    const bad = await app.inject({ method: 'PUT', url: api, headers, payload: body({ kind: 'eform_address', field: 'nowhere' }) });
    assert.equal(bad.statusCode, 422);
    assert.deepEqual((bad.json() as { errors: Array<{ path: string; code: string }> }).errors.map((e) => [e.path, e.code]), [['/steps/1/agencyRule/field', 'WORKFLOW_RULE_FIELD_UNKNOWN']]);
    const rule = { kind: 'eform_option', field: 'landCommune', options: [{ value: 'an-truong', agencyCode: 'H59.20.01.01' }] };
    const ok = await app.inject({ method: 'PUT', url: api, headers, payload: body(rule) });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual((ok.json() as { steps: Array<{ agencyRule?: unknown }> }).steps[1]!.agencyRule, rule);
  });
});

describe("the officer's dossier page while the rule finds no agency", () => {
  it('shows why (the field named) and a picker of agencies; picking moves the step', async () => {
    const code = '1.001826';
    const version = await versionWithForm(code);
    const saved = await app.inject({
      method: 'PUT',
      url: `/api/procedures/${code}/versions/${version}/workflow`,
      headers: { cookie: manager.cookie, 'x-csrf-token': manager.csrfToken },
      payload: {
        steps: [
          { name: 'Tiếp nhận', role: 'receptionist', budget: { value: 1, unit: 'working_days' }, actions: ['forward'] },
          { name: 'Thẩm định', role: 'specialist', budget: { value: 5, unit: 'working_days' }, actions: ['forward'] },
          { name: 'Xác minh tại xã nơi có đất', role: 'specialist', agencyRule: { kind: 'eform_address', field: 'landAddress' }, budget: { value: 5, unit: 'working_days' }, actions: ['forward'] },
          { name: 'Phê duyệt', role: 'agency_leader', budget: { value: 4, unit: 'working_days' }, actions: ['record_result'] },
        ],
      },
    });
    assert.equal(saved.statusCode, 200, saved.body);
    const [reception, specialist] = await Promise.all([actorByUsername(ctx, 'demo.motcua'), actorByUsername(ctx, 'demo.chuyenvien')]);
    const { id } = await submittedDossier(ctx, await newCitizen(ctx), { procedureCode: code });
    await ctx.db.updateTable('dossiers').set({ form_data: JSON.stringify({ requestContent: 'x', landAddress: { province: 'Tỉnh Vĩnh Long' } }) }).where('id', '=', id).execute();
    const h = ctx.services.handling;
    await h.act(reception, id, 'accept');
    await h.act(reception, id, 'forward');
    await h.act(specialist, id, 'forward');

    const html = decode((await page(`/can-bo/ho-so/${id}`, officer)).body);
    assert.ok(html.includes("Không xác định được cơ quan liên thông: trường 'Địa chỉ thửa đất' chưa có xã/phường."), 'the reason, with the field label');
    assert.ok(html.includes(`action="/can-bo/ho-so/${id}/co-quan-lien-thong"`), 'a picker form');
    const option = /<option value="([0-9a-f-]{36})"[^>]*>Ủy ban nhân dân xã An Trường \(H59\.20\.01\.01\)<\/option>/.exec(html);
    assert.ok(option, 'the commune agency is offered');
    const en = decode((await app.inject({ method: 'GET', url: `/can-bo/ho-so/${id}?lang=en`, headers: { accept: 'text/html', cookie: officer.cookie } })).body);
    assert.ok(en.includes('has no commune or ward'), 'in English too');
    const version2 = /name="expectedVersion" value="(\d+)"/.exec(html.slice(html.indexOf('co-quan-lien-thong')))![1]!;

    const empty = await post(`/can-bo/ho-so/${id}/co-quan-lien-thong`, officer, [['expectedVersion', version2], ['agencyId', '']]);
    assert.equal(empty.statusCode, 422);
    assert.ok(decode(empty.body).includes('href="#agencyId"'), 'the missing choice is linked to the picker');

    const picked = await post(`/can-bo/ho-so/${id}/co-quan-lien-thong`, officer, [['expectedVersion', version2], ['agencyId', option[1]!]]);
    assert.equal(picked.statusCode, 303, picked.body.slice(0, 300));
    const row = await ctx.db.selectFrom('dossier_steps as s').innerJoin('agencies as a', 'a.id', 's.agency_id').select(['a.code']).where('s.dossier_id', '=', id).where('s.finished_at', 'is', null).executeTakeFirstOrThrow();
    assert.equal(row.code, 'H59.20.01.01');
    const after = decode((await page(`/can-bo/ho-so/${id}`, officer)).body);
    assert.ok(!after.includes('co-quan-lien-thong'), 'no longer waiting');
  });
});
