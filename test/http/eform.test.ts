import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authHeaders, createTestApp, login, type Session } from '../helpers/app.ts';

const COPYRIGHT = '1.001823';
const HTML = { accept: 'text/html' };

function form(session: Session, fields: Record<string, string>) {
  return {
    headers: { ...HTML, cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: session.csrfToken, ...fields }).toString(),
  };
}

function summaryLinks(html: string): string[] {
  const block = /<div class="error-summary"[\s\S]*?<\/div>/.exec(html)?.[0] ?? '';
  return [...block.matchAll(/<a href="([^"]+)">/g)].map((m) => m[1]!);
}

const decode = (text: string) => text.replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');

describe('e-form pages and API', async () => {
  const { app } = await createTestApp({ demo: true });
  const citizen = await login(app, 'demo.congdan');
  const manager = await login(app, 'demo.danhmuc');

  async function startDraft(): Promise<string> {
    const response = await app.inject({ method: 'POST', url: `/nop-ho-so/${COPYRIGHT}`, ...form(citizen, {}) });
    assert.equal(response.statusCode, 303, response.body);
    return /\/ho-so\/([0-9a-f-]{36})\/to-khai$/.exec(response.headers.location as string)![1]!;
  }

  const base = { fullName: 'Nguyễn Văn An', personalId: '079090001234', phone: '0912345678', address: 'Số 5 Nguyễn Du, Hà Nội', requestContent: 'Đăng ký quyền tác giả' };

  it('draws the repeatable group, the address (province select, commune), radios and a select', async () => {
    const id = await startDraft();
    const page = await app.inject({ method: 'GET', url: `/ho-so/${id}/to-khai`, headers: { ...HTML, cookie: citizen.cookie } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<fieldset class="field ef-group" id="coAuthors"/);
    assert.match(page.body, /<input id="coAuthors-0-name" name="coAuthors.0.name" type="text"/);
    assert.match(page.body, /<input id="coAuthors-0-idNumber" name="coAuthors.0.idNumber"/);
    assert.match(page.body, /name="action" value="add:coAuthors">Thêm dòng</);
    assert.match(page.body, /<select id="residence-province" name="residence.province"/);
    assert.equal([...page.body.matchAll(/<option value="(Tỉnh|Thành phố) [^"]+"/g)].length, 34);
    assert.match(page.body, /<input id="residence-commune" name="residence.commune" type="text"/);
    assert.match(page.body, /type="radio" value="da-cong-bo"/);
    assert.match(page.body, /<select id="workType" name="workType"/);
    assert.match(page.body, /<input id="fullName" name="fullName" type="text" value="Nguyễn Văn An"/);
  });

  it('adds and removes rows without JavaScript, saving the answers each time', async () => {
    const id = await startDraft();
    const added = await app.inject({ method: 'POST', url: `/ho-so/${id}/to-khai`, ...form(citizen, { ...base, 'coAuthors.0.name': 'Lê Văn Bình', 'coAuthors.0.idNumber': 'C1234567', 'coAuthors.0.nationality': 'Việt Nam', 'residence.province': 'Thành phố Hà Nội', action: 'add:coAuthors' }) });
    assert.equal(added.statusCode, 200, added.body.slice(0, 500));
    assert.match(added.body, /id="coAuthors-1-name" name="coAuthors.1.name"/);
    assert.doesNotMatch(added.body, /coAuthors-2-name/);
    assert.match(added.body, /value="Lê Văn Bình"/);
    assert.match(added.body, /Xoá dòng 2/);
    // With Hà Nội chosen, its communes are offered.
    assert.match(added.body, /list="residence-communes"/);
    assert.match(added.body, /<option value="Phường Hoàn Kiếm"><\/option>/);
    const saved = await app.inject({ method: 'GET', url: `/api/dossiers/${id}`, headers: { cookie: citizen.cookie } });
    assert.deepEqual(saved.json().form.data.coAuthors, [{ name: 'Lê Văn Bình', idNumber: 'C1234567', nationality: 'Việt Nam' }]);
    assert.deepEqual(saved.json().form.data.residence, { province: 'Thành phố Hà Nội' });

    const removed = await app.inject({ method: 'POST', url: `/ho-so/${id}/to-khai`, ...form(citizen, { ...base, 'coAuthors.0.name': 'Lê Văn Bình', 'coAuthors.1.name': 'Phạm Thị Dung', action: 'remove:coAuthors:0' }) });
    assert.equal(removed.statusCode, 200);
    assert.match(removed.body, /value="Phạm Thị Dung"/);
    assert.doesNotMatch(removed.body, /Lê Văn Bình/);
    const after = await app.inject({ method: 'GET', url: `/api/dossiers/${id}`, headers: { cookie: citizen.cookie } });
    assert.deepEqual(after.json().form.data.coAuthors, [{ name: 'Phạm Thị Dung' }]);
  });

  it('reports every error with summary links to the fields inside groups and addresses, then shows the answers readably', async () => {
    const id = await startDraft();
    const bad = await app.inject({ method: 'POST', url: `/ho-so/${id}/to-khai`, ...form(citizen, { ...base, 'residence.province': 'Thành phố Hà Nội', 'coAuthors.0.name': 'Lê Văn Bình', 'coAuthors.0.idNumber': 'x' }) });
    assert.equal(bad.statusCode, 422);
    const links = summaryLinks(bad.body);
    assert.deepEqual(links.sort(), ['#coAuthors-0-idNumber', '#coAuthors-0-nationality', '#residence-commune']);
    for (const href of links) assert.match(bad.body, new RegExp(`id="${href.slice(1)}"`));
    assert.match(bad.body, /aria-describedby="coAuthors-0-idNumber-error"/);

    const good = await app.inject({ method: 'POST', url: `/ho-so/${id}/to-khai`, ...form(citizen, { ...base, workType: 'am-nhac', publication: 'chua-cong-bo', 'residence.province': 'Tỉnh Vĩnh Long', 'residence.commune': 'Phường Trà Vinh', 'residence.street': 'Số 2 Lê Lợi', 'coAuthors.0.name': 'Lê Văn Bình', 'coAuthors.0.idNumber': 'C1234567', 'coAuthors.0.nationality': 'Việt Nam', 'coAuthors.3.name': '' }) });
    assert.equal(good.statusCode, 303, good.body.slice(0, 1000));
    const check = await app.inject({ method: 'GET', url: `/ho-so/${id}/kiem-tra`, headers: { ...HTML, cookie: citizen.cookie } });
    assert.equal(check.statusCode, 200);
    assert.match(check.body, /Số 2 Lê Lợi, Phường Trà Vinh, Tỉnh Vĩnh Long/);
    assert.match(check.body, /<li><span class="ef-answer-part">Họ và tên đồng tác giả: Lê Văn Bình<\/span>; <span class="ef-answer-part">Số CCCD hoặc hộ chiếu: C1234567<\/span>/);
    assert.match(check.body, /Tác phẩm âm nhạc/);
    assert.match(check.body, /Chưa công bố/);
    assert.match(check.body, /to-khai\?next=check#coAuthors"/);
  });

  it('the API draft returns the stored schema with its hints', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/dossiers', headers: authHeaders(citizen), payload: { procedureCode: COPYRIGHT } });
    assert.equal(response.statusCode, 201);
    const schema = response.json().form.schema;
    assert.equal(schema.properties.coAuthors.type, 'array');
    assert.equal(schema.properties.requestContent['x-widget'], 'textarea');
    assert.equal(schema.properties.fullName['x-title-en'], 'Full name');
    const bad = await app.inject({ method: 'PUT', url: `/api/dossiers/${response.json().id}/form`, headers: authHeaders(citizen), payload: { ...base, coAuthors: [{ name: 'A' }] } });
    assert.equal(bad.statusCode, 422);
    assert.deepEqual(bad.json().errors.map((e: { path: string }) => e.path).sort(), ['/coAuthors/0/idNumber', '/coAuthors/0/nationality']);
  });

  it('the catalog manager edits the form of a draft, previews it and cannot change a published version', async () => {
    const page = await app.inject({ method: 'GET', url: `/quan-tri/thu-tuc/${COPYRIGHT}/phien-ban/1/bieu-mau/nang-cao`, headers: { ...HTML, cookie: manager.cookie } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<textarea id="schema" name="schema"[^>]* readonly>/);
    assert.match(decode(page.body), /"coAuthors": \{/);
    assert.doesNotMatch(page.body, /value="save"/);
    const frozen = await app.inject({ method: 'POST', url: `/quan-tri/thu-tuc/${COPYRIGHT}/phien-ban/1/bieu-mau`, ...form(manager, { schema: '{"type":"object","properties":{"a":{"type":"string"}}}', ui: '{}', action: 'save' }) });
    assert.equal(frozen.statusCode, 409);
    assert.match(frozen.body, /không được sửa biểu mẫu/);
    const procedure = await app.inject({ method: 'GET', url: `/quan-tri/thu-tuc/${COPYRIGHT}`, headers: { ...HTML, cookie: manager.cookie } });
    assert.match(procedure.body, /phien-ban\/1\/bieu-mau/);

    const created = await app.inject({ method: 'POST', url: `/api/catalog/procedures/${COPYRIGHT}/versions`, headers: authHeaders(manager) });
    assert.equal(created.statusCode, 201, created.body);
    const version = created.json().version as number;
    const url = `/quan-tri/thu-tuc/${COPYRIGHT}/phien-ban/${version}/bieu-mau`;

    const malformed = await app.inject({ method: 'POST', url, ...form(manager, { schema: '{"type":', ui: '[1', action: 'save' }) });
    assert.equal(malformed.statusCode, 422);
    assert.deepEqual(summaryLinks(malformed.body), ['#schema', '#ui']);

    const invalid = await app.inject({ method: 'POST', url, ...form(manager, { schema: '{"type":"object","properties":{"kind":{"type":"string","enum":[]},"x":{"type":"null"}}}', ui: '{}', action: 'preview' }) });
    assert.equal(invalid.statusCode, 422);
    assert.match(invalid.body, /schema › properties › kind › enum: Danh sách lựa chọn không được để trống\./);
    assert.match(invalid.body, /schema › properties › x › type: Kiểu trường/);

    const schema = JSON.stringify({ type: 'object', required: ['work'], properties: { work: { type: 'string', title: 'Tên tác phẩm' }, team: { type: 'array', title: 'Nhóm tác giả', items: { type: 'object', properties: { name: { type: 'string', title: 'Tên' } } } } } });
    const preview = await app.inject({ method: 'POST', url, ...form(manager, { schema, ui: '{"work":{"hint":"Ghi đầy đủ"}}', action: 'preview' }) });
    assert.equal(preview.statusCode, 200);
    assert.match(preview.body, /Xem trước biểu mẫu/);
    assert.match(preview.body, /<input id="preview-team-0-name" name="team.0.name"/);
    assert.match(preview.body, /<label for="preview-work">Tên tác phẩm/);
    assert.match(preview.body, /Ghi đầy đủ/);

    const saved = await app.inject({ method: 'POST', url, ...form(manager, { schema, ui: '{"work":{"hint":"Ghi đầy đủ"}}', action: 'save' }) });
    assert.equal(saved.statusCode, 303);
    const api = await app.inject({ method: 'GET', url: `/api/procedures/${COPYRIGHT}/versions/${version}/form`, headers: { cookie: manager.cookie } });
    assert.equal(api.statusCode, 200);
    assert.deepEqual(Object.keys(api.json().schema.properties), ['work', 'team']);
    assert.deepEqual(api.json().ui, { work: { hint: 'Ghi đầy đủ' } });
    assert.equal(api.json().editable, true);
  });

  it('JSON API: GET and PUT the form of a version, with problems and scope', async () => {
    const get = await app.inject({ method: 'GET', url: `/api/procedures/${COPYRIGHT}/versions/1/form`, headers: { cookie: manager.cookie } });
    assert.equal(get.statusCode, 200);
    assert.equal(get.json().custom, true);
    const frozen = await app.inject({ method: 'PUT', url: `/api/procedures/${COPYRIGHT}/versions/1/form`, headers: authHeaders(manager), payload: { schema: { type: 'object', properties: { a: { type: 'string' } } } } });
    assert.equal(frozen.statusCode, 409);
    assert.equal(frozen.json().code, 'EFORM_VERSION_FROZEN');
    const versions = await app.inject({ method: 'GET', url: `/api/procedures/${COPYRIGHT}/versions/2/form`, headers: { cookie: manager.cookie } });
    const version = versions.statusCode === 200 ? 2 : (await app.inject({ method: 'POST', url: `/api/catalog/procedures/${COPYRIGHT}/versions`, headers: authHeaders(manager) })).json().version;
    const invalid = await app.inject({ method: 'PUT', url: `/api/procedures/${COPYRIGHT}/versions/${version}/form`, headers: authHeaders(manager), payload: { schema: { type: 'object', properties: { '9x': { type: 'string' } } }, ui: { y: {} } } });
    assert.equal(invalid.statusCode, 422);
    assert.deepEqual(invalid.json().errors.map((e: { path: string }) => e.path).sort(), ['/schema/properties/9x', '/ui/y']);
    const reset = await app.inject({ method: 'PUT', url: `/api/procedures/${COPYRIGHT}/versions/${version}/form`, headers: authHeaders(manager), payload: { schema: null } });
    assert.equal(reset.statusCode, 200);
    assert.equal(reset.json().custom, false);
    const forbidden = await app.inject({ method: 'GET', url: `/api/procedures/${COPYRIGHT}/versions/1/form`, headers: { cookie: citizen.cookie } });
    assert.equal(forbidden.statusCode, 403);
    const anonymous = await app.inject({ method: 'GET', url: `/api/procedures/${COPYRIGHT}/versions/1/form` });
    assert.equal(anonymous.statusCode, 401);
    const openapi = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    const paths = openapi.json().paths as Record<string, Record<string, unknown>>;
    assert.ok(paths['/api/v1/procedures/{code}/versions/{version}/form']?.get);
    assert.ok(paths['/api/v1/procedures/{code}/versions/{version}/form']?.put);
  });
});
