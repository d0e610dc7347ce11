// E-form field kinds over HTTP (issue 15): a published e-form with a section, columns, a check box, defaults, a
// conditional requirement and officer-only fields. Counter intake with the officer-only answers; an applicant
// sending an officer-only field or a check box as "yes" is refused; the officer's page shows the content with its
// labels and option names in schema order and the small form "Thông tin cán bộ ghi"; the applicant's page shows
// the labelled answers without staff's.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateFormDefinition } from '../../src/modules/catalog/catalog.eform.ts';
import { authHeaders, createTestApp, login, type Session } from '../helpers/app.ts';

const COPYRIGHT = '1.001823';
const HTML = { accept: 'text/html' };

const SCHEMA = {
  type: 'object',
  required: ['fullName', 'requestContent'],
  properties: {
    fullName: { type: 'string', title: 'Họ và tên', 'x-title-en': 'Full name', maxLength: 100, 'x-section': 'Thông tin người nộp', 'x-columns': 2 },
    ethnicity: { type: 'string', title: 'Dân tộc', default: 'Kinh', maxLength: 50, 'x-columns': 2 },
    workType: { type: 'string', title: 'Loại hình tác phẩm', enum: ['van-hoc', 'am-nhac'], 'x-enumNames': ['Văn học', 'Âm nhạc'] },
    published: { type: 'boolean', title: 'Tác phẩm đã công bố' },
    publishedOn: { type: 'string', format: 'date', title: 'Ngày công bố' },
    requestContent: { type: 'string', title: 'Nội dung yêu cầu', maxLength: 500 },
    receiptNumber: { type: 'string', title: 'Số biên nhận', maxLength: 30, 'x-officer': true, 'x-section': 'Phần cán bộ ghi' },
    copies: { type: 'integer', title: 'Số bản', minimum: 1, maximum: 20, 'x-officer': true },
  },
  allOf: [{ if: { properties: { published: { const: true } }, required: ['published'] }, then: { required: ['publishedOn'] } }],
};

function form(session: Session, fields: Record<string, string>) {
  return { headers: { ...HTML, cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: session.csrfToken, ...fields }).toString() };
}

describe('e-form field kinds over HTTP', async () => {
  const { app, ctx } = await createTestApp({ demo: true });
  assert.deepEqual(validateFormDefinition(SCHEMA, {}), []);
  // The published version of the copyright procedure gets this e-form (as a catalog manager's import would).
  const version = await ctx.db
    .selectFrom('procedure_versions as pv')
    .innerJoin('procedures as p', 'p.id', 'pv.procedure_id')
    .select('pv.id')
    .where('p.code', '=', COPYRIGHT)
    .where('pv.status', '=', 'published')
    .executeTakeFirstOrThrow();
  await ctx.db.updateTable('procedure_versions').set({ form_schema: JSON.stringify(SCHEMA), form_ui: '{}' }).where('id', '=', version.id).execute();
  // Its last document is required only in some cases (procedure_documents.condition).
  const doc = await ctx.db.selectFrom('procedure_documents').select(['id', 'name']).where('version_id', '=', version.id).orderBy('position', 'desc').executeTakeFirstOrThrow();
  await ctx.db.updateTable('procedure_documents').set({ condition: 'tác phẩm có đồng tác giả' }).where('id', '=', doc.id).execute();

  const receptionist = await login(app, 'demo.motcua');
  const citizen = await login(app, 'demo.congdan');
  const person = await ctx.db.selectFrom('accounts').select('personal_id').where('username', '=', 'demo.congdan').executeTakeFirstOrThrow();
  const intake = (body: Record<string, unknown>) =>
    app.inject({ method: 'POST', url: '/api/officer/intake', headers: authHeaders(receptionist), payload: { procedureCode: COPYRIGHT, channel: 1, applicant: { kind: 'citizen', personalId: person.personal_id }, resultDelivery: 'counter', ...body } });
  const answers = { fullName: 'Nguyễn Văn An', workType: 'van-hoc', published: true, publishedOn: '2025-03-09', requestContent: 'Đăng ký quyền tác giả.' };

  const registered = await intake({ form: answers, officerForm: { receiptNumber: 'BN-0001', copies: 2 } });
  const id = (registered.json() as { id: string }).id;

  it('counter intake keeps the officer-only answers apart from the applicant\'s', async () => {
    assert.equal(registered.statusCode, 201, registered.body);
    const row = await ctx.db.selectFrom('dossiers').select(['form_data', 'officer_data']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual(row.officer_data, { receiptNumber: 'BN-0001', copies: 2 });
    assert.equal(row.form_data.receiptNumber, undefined);
    assert.equal(row.form_data.published, true);
  });

  it('refuses an officer-only field in the applicant\'s answers, a check box "yes", a bad officer answer and an unmet conditional requirement (every error at once)', async () => {
    const bad = await intake({ form: { ...answers, receiptNumber: 'BN-9', published: 'yes' }, officerForm: { copies: 0 } });
    assert.equal(bad.statusCode, 422, bad.body);
    const paths = (bad.json() as { errors: Array<{ path: string }> }).errors.map((e) => e.path).sort();
    assert.deepEqual(paths, ['/form/published', '/form/receiptNumber', '/officerForm/copies']);
    const conditional = await intake({ form: { ...answers, publishedOn: undefined } });
    assert.equal(conditional.statusCode, 422);
    assert.deepEqual((conditional.json() as { errors: Array<{ path: string; code: string }> }).errors.map((e) => [e.path, e.code]), [['/form/publishedOn', 'required']]);
  });

  it('the counter form offers the officer-only fields apart, and an online applicant never sees them and is refused when sending one', async () => {
    const stepOne = { procedureCode: COPYRIGHT, channel: '1', kind: 'citizen', idNumber: person.personal_id! };
    const step = await app.inject({ method: 'POST', url: '/can-bo/tiep-nhan', ...form(receptionist, stepOne) });
    assert.equal(step.statusCode, 200, step.body.slice(0, 300));
    assert.match(step.body, /name="form.published" type="checkbox"/);
    assert.match(step.body, /id="officer-fields-title"[\s\S]*name="officerForm.receiptNumber"[\s\S]*name="officerForm.copies"/);
    const registeredByForm = await app.inject({ method: 'POST', url: '/can-bo/tiep-nhan/dang-ky', ...form(receptionist, { ...stepOne, 'form.fullName': 'Trần Thị Bình', 'form.requestContent': 'Đăng ký.', 'officerForm.receiptNumber': 'BN-0100', 'officerForm.copies': '1', resultDelivery: 'counter' }) });
    assert.equal(registeredByForm.statusCode, 303, registeredByForm.body.slice(0, 500));
    const newId = /\/can-bo\/tiep-nhan\/([0-9a-f-]{36})/.exec(registeredByForm.headers.location as string)![1]!;
    const stored = await ctx.db.selectFrom('dossiers').select(['form_data', 'officer_data']).where('id', '=', newId).executeTakeFirstOrThrow();
    assert.deepEqual(stored.officer_data, { receiptNumber: 'BN-0100', copies: 1 });
    assert.equal(stored.form_data.published, false, 'an unchecked check box is false');

    const draft = await app.inject({ method: 'POST', url: `/nop-ho-so/${COPYRIGHT}`, ...form(citizen, {}) });
    const draftId = /\/ho-so\/([0-9a-f-]{36})\/to-khai$/.exec(draft.headers.location as string)![1]!;
    const page = await app.inject({ method: 'GET', url: `/ho-so/${draftId}/to-khai`, headers: { ...HTML, cookie: citizen.cookie } });
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /receiptNumber|Số biên nhận/);
    assert.match(page.body, /<h3 class="ef-section">Thông tin người nộp<\/h3>\s*<div class="ef-col ef-col-2">/);
    assert.match(page.body, /<input id="ethnicity" name="ethnicity" type="text" value="Kinh"/, 'the default is prefilled');
    assert.match(page.body, /<input id="published" name="published" type="checkbox" value="true"/);
    assert.match(page.body, /Bắt buộc nếu “Tác phẩm đã công bố” là “Có”/);
    const api = await app.inject({ method: 'PUT', url: `/api/dossiers/${draftId}/form`, headers: authHeaders(citizen), payload: { ...answers, receiptNumber: 'BN-1' } });
    assert.equal(api.statusCode, 422);
    assert.deepEqual((api.json() as { errors: Array<{ path: string; code: string }> }).errors.map((e) => [e.path, e.code]), [['/receiptNumber', 'additionalProperties']]);
    const served = await app.inject({ method: 'GET', url: `/api/dossiers/${draftId}`, headers: { cookie: citizen.cookie } });
    assert.equal((served.json() as { form: { schema: { properties: Record<string, unknown> } } }).form.schema.properties.receiptNumber, undefined, 'the served schema has no officer-only field');
    const yes = await app.inject({ method: 'POST', url: `/ho-so/${draftId}/to-khai`, ...form(citizen, { fullName: 'An', requestContent: 'x', published: 'yes' }) });
    assert.equal(yes.statusCode, 422);
    assert.match(yes.body, /href="#published"/);
  });

  it('the officer\'s page shows the labelled content in schema order, option names, Có, dd/mm/yyyy, and the officer form', async () => {
    const response = await app.inject({ method: 'GET', url: `/can-bo/ho-so/${id}`, headers: { ...HTML, cookie: receptionist.cookie } });
    assert.equal(response.statusCode, 200, response.body.slice(0, 300));
    const html = response.body;
    assert.doesNotMatch(html, /workType|van-hoc/);
    const order = ['Thông tin người nộp', 'Họ và tên', 'Nguyễn Văn An', 'Loại hình tác phẩm', 'Văn học', 'Tác phẩm đã công bố', 'Có', 'Ngày công bố', '09/03/2025', 'Nội dung yêu cầu', 'Phần cán bộ ghi', 'Số biên nhận', 'BN-0001', 'Số bản'];
    const answersBlock = html.slice(html.indexOf('of-answers') - 200);
    let at = 0;
    for (const text of order) {
      const found = answersBlock.indexOf(text, at);
      assert.ok(found >= 0, `${text} after position ${at}`);
      at = found;
    }
    assert.match(html, /<h2 id="officer-fields-title">Thông tin cán bộ ghi<\/h2>/);
    assert.match(html, /<input id="receiptNumber" name="receiptNumber" type="text" value="BN-0001"/);
  });

  it('staff save the officer-only answers on the dossier page (303), bad answers → 422 with the form', async () => {
    const saved = await app.inject({ method: 'POST', url: `/can-bo/ho-so/${id}/thong-tin-can-bo`, ...form(receptionist, { receiptNumber: 'BN-0002', copies: '3' }) });
    assert.equal(saved.statusCode, 303, saved.body.slice(0, 300));
    const row = await ctx.db.selectFrom('dossiers').select('officer_data').where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual(row.officer_data, { receiptNumber: 'BN-0002', copies: 3 });
    const bad = await app.inject({ method: 'POST', url: `/can-bo/ho-so/${id}/thong-tin-can-bo`, ...form(receptionist, { receiptNumber: 'BN-0003', copies: 'nhiều' }) });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /href="#copies"/);
    assert.match(bad.body, /value="BN-0003"/);
    const citizenTry = await app.inject({ method: 'POST', url: `/can-bo/ho-so/${id}/thong-tin-can-bo`, ...form(citizen, { receiptNumber: 'X' }) });
    assert.notEqual(citizenTry.statusCode, 303);
    assert.deepEqual((await ctx.db.selectFrom('dossiers').select('officer_data').where('id', '=', id).executeTakeFirstOrThrow()).officer_data, { receiptNumber: 'BN-0002', copies: 3 });
  });

  it('a document with a condition is shown as "Nếu có: …" and not required online', async () => {
    const start = await app.inject({ method: 'GET', url: `/nop-ho-so/${COPYRIGHT}`, headers: { ...HTML, cookie: citizen.cookie } });
    assert.equal(start.statusCode, 200);
    assert.match(start.body, /Nếu có: tác phẩm có đồng tác giả/);
    const draft = await app.inject({ method: 'POST', url: '/api/dossiers', headers: authHeaders(citizen), payload: { procedureCode: COPYRIGHT } });
    assert.equal(draft.statusCode, 201, draft.body);
    const documents = (draft.json() as { documents: Array<{ documentId: string; required: boolean }> }).documents;
    assert.equal(documents.find((d) => d.documentId === doc.id)!.required, false);
  });

  it('the catalog manager previews the form with the officer-only fields apart, and saving a default that fails its pattern is refused', async () => {
    const manager = await login(app, 'demo.danhmuc');
    const created = await app.inject({ method: 'POST', url: `/api/catalog/procedures/${COPYRIGHT}/versions`, headers: authHeaders(manager) });
    assert.equal(created.statusCode, 201, created.body);
    const url = `/quan-tri/thu-tuc/${COPYRIGHT}/phien-ban/${created.json().version as number}/bieu-mau`;
    const preview = await app.inject({ method: 'POST', url, ...form(manager, { schema: JSON.stringify(SCHEMA), ui: '{}', action: 'preview' }) });
    assert.equal(preview.statusCode, 200, preview.body.slice(0, 300));
    assert.match(preview.body, /id="preview-published" name="published" type="checkbox"/);
    assert.match(preview.body, /<h3>Thông tin cán bộ ghi<\/h3>[\s\S]*id="preview-receiptNumber"/);
    const badDefault = { ...SCHEMA, properties: { ...SCHEMA.properties, code: { type: 'string', title: 'Mã', pattern: '^[0-9]{6}$', default: 'YÊN BÁI' } } };
    const refused = await app.inject({ method: 'POST', url, ...form(manager, { schema: JSON.stringify(badDefault), ui: '{}', action: 'save' }) });
    assert.equal(refused.statusCode, 422);
    assert.match(refused.body, /Giá trị mặc định của trường (&quot;|")code(&quot;|")/);
    const never = { ...SCHEMA, allOf: [{ if: { properties: { workType: { const: 'hoi-hoa' } }, required: ['workType'] }, then: { required: ['publishedOn'] } }] };
    const refusedNever = await app.inject({ method: 'POST', url, ...form(manager, { schema: JSON.stringify(never), ui: '{}', action: 'save' }) });
    assert.equal(refusedNever.statusCode, 422);
    assert.match(refusedNever.body, /không bao giờ được đáp ứng/);
  });

  it('the applicant\'s dossier page shows the labelled answers, not staff\'s', async () => {
    const response = await app.inject({ method: 'GET', url: `/ho-so/${id}`, headers: { ...HTML, cookie: citizen.cookie } });
    assert.equal(response.statusCode, 200, response.body.slice(0, 300));
    assert.match(response.body, /<dt>Loại hình tác phẩm<\/dt>\s*<dd class="dv-answer">Văn học<\/dd>/);
    assert.match(response.body, /<dt>Ngày công bố<\/dt>\s*<dd class="dv-answer">09\/03\/2025<\/dd>/);
    assert.doesNotMatch(response.body, /Số biên nhận|BN-000/);
  });
});
