// Issue 15 over HTTP, the parts between the catalog and the dossiers:
// - a document required only "if applicable": the catalog manager sets its condition on the procedure form, the
//   public procedure page, the draft's documents (API) and the attachments page show it, and it is not required;
// - the officer JSON API of a dossier gives the e-form content as read (labels, option names, schema order, the
//   officer-only fields flagged) and staff's officer-only answers; the applicant's API never has them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authHeaders, createTestApp, login, type Session } from '../helpers/app.ts';

const COPYRIGHT = '1.001823';
const AGENCY = '000.00.12.G14';
const HTML = { accept: 'text/html' };

const SCHEMA = {
  type: 'object',
  required: ['fullName', 'requestContent'],
  properties: {
    fullName: { type: 'string', title: 'Họ và tên', 'x-title-en': 'Full name', maxLength: 100, 'x-section': 'Thông tin người nộp' },
    workType: { type: 'string', title: 'Loại hình tác phẩm', enum: ['van-hoc', 'am-nhac'], 'x-enumNames': ['Văn học', 'Âm nhạc'] },
    published: { type: 'boolean', title: 'Tác phẩm đã công bố' },
    publishedOn: { type: 'string', format: 'date', title: 'Ngày công bố' },
    requestContent: { type: 'string', title: 'Nội dung yêu cầu', maxLength: 500 },
    receiptNumber: { type: 'string', title: 'Số biên nhận', maxLength: 30, 'x-officer': true, 'x-section': 'Phần cán bộ ghi' },
    copies: { type: 'integer', title: 'Số bản', minimum: 1, maximum: 20, 'x-officer': true },
  },
};

interface Row {
  id: string;
  label: string;
  text: string;
  section?: string;
  officer?: boolean;
}

function formPost(app: Awaited<ReturnType<typeof createTestApp>>['app'], session: Session, url: string, fields: Record<string, string>) {
  return app.inject({ method: 'POST', url, headers: { ...HTML, cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: session.csrfToken, ...fields }).toString() });
}

describe('e-form content and conditional documents over HTTP', async () => {
  const { app, ctx } = await createTestApp({ demo: true });
  const manager = await login(app, 'demo.danhmuc');
  const receptionist = await login(app, 'demo.motcua');
  const citizen = await login(app, 'demo.congdan');

  it('the catalog manager sets a document\'s condition on the procedure form; the applicant sees "Nếu có: …" and it is not required', async () => {
    const blank = await app.inject({ method: 'GET', url: '/quan-tri/thu-tuc/moi', headers: { ...HTML, cookie: manager.cookie } });
    assert.equal(blank.statusCode, 200);
    assert.match(blank.body, /<label for="documents-0-condition">Điều kiện \(nếu có\)<\/label>/);
    const english = await app.inject({ method: 'GET', url: '/quan-tri/thu-tuc/moi?lang=en', headers: { ...HTML, cookie: manager.cookie } });
    assert.match(english.body, /Condition \(if any\)/);
    const fields = {
      code: '1.900777', name: 'Thủ tục có giấy tờ nộp khi cần', agencyCode: AGENCY, fieldCode: 'ban-quyen-tac-gia', authorityLevel: 'central', audience: 'citizen',
      onlineLevel: '4', onlineClass: 'full', fullOnlineEligible: 'true', 'timeLimit.kind': 'limit', 'timeLimit.value': '5', 'timeLimit.unit': 'working_days',
      steps: 'Bước 1', fees: '', legalBasis: 'Quyết định A', resultType: 'Văn bản', submissionPlaces: 'Một cửa', documentRows: '2',
      'documents.0.name': 'Tờ khai', 'documents.0.copies': '1', 'documents.0.originalKind': 'original', 'documents.0.condition': '',
      'documents.1.name': 'Văn bản ủy quyền', 'documents.1.copies': '1', 'documents.1.originalKind': 'original', 'documents.1.condition': 'Trường hợp nộp qua người đại diện',
      action: 'save',
    };
    // Too long a condition is a field error of its row.
    const tooLong = await formPost(app, manager, '/quan-tri/thu-tuc/moi', { ...fields, 'documents.1.condition': 'x'.repeat(501) });
    assert.equal(tooLong.statusCode, 422);
    assert.match(tooLong.body, /href="#documents-1-condition"/);
    const created = await formPost(app, manager, '/quan-tri/thu-tuc/moi', fields);
    assert.equal(created.statusCode, 303, created.body.slice(0, 500));
    const stored = await ctx.db.selectFrom('procedure_documents as d').innerJoin('procedure_versions as v', 'v.id', 'd.version_id').innerJoin('procedures as p', 'p.id', 'v.procedure_id').select(['d.name', 'd.condition']).where('p.code', '=', '1.900777').orderBy('d.position').execute();
    assert.deepEqual(stored, [{ name: 'Tờ khai', condition: null }, { name: 'Văn bản ủy quyền', condition: 'Trường hợp nộp qua người đại diện' }]);
    // The edit form shows it, and saving the form again keeps it (it was lost before: no field for it).
    const edit = await app.inject({ method: 'GET', url: '/quan-tri/thu-tuc/1.900777/sua', headers: { ...HTML, cookie: manager.cookie } });
    assert.match(edit.body, /name="documents\.1\.condition" type="text" value="Trường hợp nộp qua người đại diện"/);
    const saved = await formPost(app, manager, '/quan-tri/thu-tuc/1.900777/sua', fields);
    assert.equal(saved.statusCode, 303, saved.body.slice(0, 500));
    const published = await formPost(app, manager, '/quan-tri/thu-tuc/1.900777/cong-bo', {});
    assert.equal(published.statusCode, 303, published.body.slice(0, 500));

    const page = await app.inject({ method: 'GET', url: '/thu-tuc/1.900777', headers: HTML });
    assert.match(page.body, /Văn bản ủy quyền<br><span class="meta cat-doc-condition">Nếu có: Trường hợp nộp qua người đại diện<\/span>/);
    const api = (await app.inject({ method: 'GET', url: '/api/procedures/1.900777' })).json() as { documents: Array<{ condition: string | null }> };
    assert.deepEqual(api.documents.map((d) => d.condition), [null, 'Trường hợp nộp qua người đại diện']);
    const draft = await app.inject({ method: 'POST', url: '/api/dossiers', headers: authHeaders(citizen), payload: { procedureCode: '1.900777' } });
    assert.equal(draft.statusCode, 201, draft.body);
    const body = draft.json() as { id: string; documents: Array<{ name: string; required: boolean; condition?: string }> };
    assert.deepEqual(body.documents.map((d) => [d.name, d.required, d.condition]), [['Tờ khai', true, undefined], ['Văn bản ủy quyền', false, 'Trường hợp nộp qua người đại diện']]);
    const attach = await app.inject({ method: 'GET', url: `/ho-so/${body.id}/giay-to`, headers: { ...HTML, cookie: citizen.cookie } });
    assert.equal(attach.statusCode, 200, attach.body.slice(0, 300));
    assert.match(attach.body, /<p class="meta dv-doc-condition">Nếu có: Trường hợp nộp qua người đại diện<\/p>/);
  });

  it('the officer API gives the e-form content with labels, option names, in schema order, and staff\'s answers; the applicant\'s API does not', async () => {
    const version = await ctx.db.selectFrom('procedure_versions as pv').innerJoin('procedures as p', 'p.id', 'pv.procedure_id').select('pv.id').where('p.code', '=', COPYRIGHT).where('pv.status', '=', 'published').executeTakeFirstOrThrow();
    await ctx.db.updateTable('procedure_versions').set({ form_schema: JSON.stringify(SCHEMA), form_ui: '{}' }).where('id', '=', version.id).execute();
    const person = await ctx.db.selectFrom('accounts').select('personal_id').where('username', '=', 'demo.congdan').executeTakeFirstOrThrow();
    const registered = await app.inject({
      method: 'POST',
      url: '/api/officer/intake',
      headers: authHeaders(receptionist),
      payload: {
        procedureCode: COPYRIGHT, channel: 1, applicant: { kind: 'citizen', personalId: person.personal_id }, resultDelivery: 'counter',
        // The applicant's answers in another order than the schema's.
        form: { requestContent: 'Đăng ký quyền tác giả.', published: true, workType: 'van-hoc', fullName: 'Nguyễn Văn An', publishedOn: '2025-03-09' },
        officerForm: { copies: 2, receiptNumber: 'BN-0001' },
      },
    });
    assert.equal(registered.statusCode, 201, registered.body);
    const id = (registered.json() as { id: string }).id;

    const officer = await app.inject({ method: 'GET', url: `/api/officer/dossiers/${id}`, headers: { cookie: receptionist.cookie } });
    assert.equal(officer.statusCode, 200, officer.body.slice(0, 300));
    const detail = officer.json() as { formData: Record<string, unknown>; officerData: Record<string, unknown>; formRows: Row[] };
    assert.deepEqual(detail.officerData, { copies: 2, receiptNumber: 'BN-0001' });
    assert.equal(detail.formData.receiptNumber, undefined, "staff's answers are not mixed into the applicant's");
    assert.deepEqual(detail.formRows, [
      { id: 'fullName', label: 'Họ và tên', text: 'Nguyễn Văn An', section: 'Thông tin người nộp' },
      { id: 'workType', label: 'Loại hình tác phẩm', text: 'Văn học' },
      { id: 'published', label: 'Tác phẩm đã công bố', text: 'Có' },
      { id: 'publishedOn', label: 'Ngày công bố', text: '09/03/2025' },
      { id: 'requestContent', label: 'Nội dung yêu cầu', text: 'Đăng ký quyền tác giả.' },
      { id: 'receiptNumber', label: 'Số biên nhận', text: 'BN-0001', section: 'Phần cán bộ ghi', officer: true },
      { id: 'copies', label: 'Số bản', text: '2', officer: true },
    ]);
    const english = await app.inject({ method: 'GET', url: `/api/officer/dossiers/${id}`, headers: { cookie: receptionist.cookie, 'accept-language': 'en' } });
    const rows = (english.json() as { formRows: Row[] }).formRows;
    assert.equal(rows[0]!.label, 'Full name');
    assert.equal(rows[2]!.text, 'Yes');

    // The applicant's own API: no officer-only answers, no officer rows.
    const mine = await app.inject({ method: 'GET', url: `/api/dossiers/${id}`, headers: { cookie: citizen.cookie } });
    assert.equal(mine.statusCode, 200, mine.body.slice(0, 300));
    assert.doesNotMatch(mine.body, /officerData|formRows|BN-0001|receiptNumber/);
    // Nor may the applicant read the officer API.
    const forbidden = await app.inject({ method: 'GET', url: `/api/officer/dossiers/${id}`, headers: { cookie: citizen.cookie } });
    assert.ok([403, 404].includes(forbidden.statusCode), String(forbidden.statusCode));
  });
});
