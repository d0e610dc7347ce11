import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formData, formFields } from '../../src/modules/catalog/catalog.eform.view.ts';
import { anonymousForm, authHeaders, createTestApp, login, type Session } from '../helpers/app.ts';
import { multipartBody, summaryLinks, urlencodedForm } from '../helpers/forms.ts';

const COPYRIGHT = '1.001823';
const NOT_ONLINE = '1.001832';
const PDF = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');
const EXE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00', 'latin1'), Buffer.alloc(200)]);
const HTML = { accept: 'text/html' };


describe('e-form fields from a JSON Schema', () => {
  const schema = {
    type: 'object',
    required: ['title', 'kind'],
    properties: {
      title: { type: 'string', title: 'Tên tác phẩm', description: 'Như trên bản gốc' },
      kind: { type: 'string', title: 'Loại hình', enum: ['van-hoc', 'am-nhac'], 'x-enumNames': ['Văn học', 'Âm nhạc'] },
      createdOn: { type: 'string', format: 'date', title: 'Ngày hoàn thành' },
      pages: { type: 'integer', title: 'Số trang' },
      email: { type: 'string', format: 'email', title: 'Thư điện tử' },
      summary: { type: 'string', title: 'Tóm tắt', 'x-widget': 'textarea' },
      taxCode: { type: 'string', title: 'Mã số thuế' },
      personalId: { type: 'string', title: 'Số định danh cá nhân' },
    },
  };

  it('draws each property with its kind, label, hint, options and required flag', () => {
    const fields = formFields(schema);
    assert.deepEqual(
      fields.map((f) => [f.name, f.kind, f.required]),
      [['title', 'text', true], ['kind', 'radios', true], ['createdOn', 'date', false], ['pages', 'number', false], ['email', 'email', false], ['summary', 'textarea', false], ['taxCode', 'text', false], ['personalId', 'text', false]],
    );
    assert.equal(fields[0]!.label, 'Tên tác phẩm');
    assert.equal(fields[0]!.hint, 'Như trên bản gốc');
    assert.deepEqual(fields[1]!.options, [{ value: 'van-hoc', label: 'Văn học' }, { value: 'am-nhac', label: 'Âm nhạc' }]);
    assert.deepEqual(formFields(schema, 'citizen').map((f) => f.name).includes('taxCode'), false);
    assert.deepEqual(formFields(schema, 'organisation').map((f) => f.name).includes('personalId'), false);
    assert.deepEqual(formFields({ ...schema, required: ['taxCode'] }, 'citizen').map((f) => f.name).includes('taxCode'), true);
  });

  it('reads the posted form: schema fields only, numbers as numbers when they are numbers', () => {
    assert.deepEqual(formData(schema, { title: 'Mùa thu', pages: '120', extra: 'x', kind: ['am-nhac', 'van-hoc'] }), {
      title: 'Mùa thu', kind: 'am-nhac', createdOn: '', pages: 120, email: '', summary: '', taxCode: '', personalId: '',
    });
    assert.equal(formData(schema, { pages: '12,5' }).pages, 12.5);
    assert.equal(formData(schema, { pages: 'mười' }).pages, 'mười');
  });
});

describe('citizen journey pages', async () => {
  const { app } = await createTestApp({ demo: true });
  const citizen = await login(app, 'demo.congdan');
  const business = await login(app, 'demo.doanhnghiep');

  async function startDraft(session: Session): Promise<string> {
    const response = await app.inject({ method: 'POST', url: `/nop-ho-so/${COPYRIGHT}`, ...urlencodedForm(session, {}) });
    assert.equal(response.statusCode, 303, response.body);
    const match = /^\/ho-so\/([0-9a-f-]{36})\/to-khai$/.exec(response.headers.location as string);
    assert.ok(match, String(response.headers.location));
    return match[1]!;
  }

  async function documents(session: Session, id: string) {
    const detail = await app.inject({ method: 'GET', url: `/api/dossiers/${id}`, headers: { cookie: session.cookie } });
    return detail.json().documents as Array<{ documentId: string; required: boolean; name: string; files: unknown[] }>;
  }

  async function upload(session: Session, id: string, files: Array<{ documentId: string; bytes: Buffer; filename?: string }>, action = 'continue', csrf = session.csrfToken) {
    const { payload, contentType } = multipartBody([
      { name: '_csrf', value: csrf },
      ...files.map((f) => ({ name: `file-${f.documentId}`, filename: f.filename ?? 'giay-to.pdf', type: 'application/pdf', bytes: f.bytes })),
      { name: 'action', value: action },
    ]);
    return app.inject({ method: 'POST', url: `/ho-so/${id}/giay-to`, headers: { ...HTML, cookie: session.cookie, 'content-type': contentType }, payload });
  }

  /** A draft with a complete form and a file for every required document. */
  async function readyDraft(session: Session): Promise<string> {
    const id = await startDraft(session);
    const page = await app.inject({ method: 'GET', url: `/ho-so/${id}/to-khai`, headers: { ...HTML, cookie: session.cookie } });
    const values = Object.fromEntries([...page.body.matchAll(/<input id="(\w+)" name="\w+" type="[a-z]+" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    const saved = await app.inject({ method: 'POST', url: `/ho-so/${id}/to-khai`, ...urlencodedForm(session, { ...values, requestContent: 'Đăng ký quyền tác giả tác phẩm "Mùa thu"' }) });
    assert.equal(saved.statusCode, 303, saved.body);
    const required = (await documents(session, id)).filter((d) => d.required);
    const uploaded = await upload(session, id, required.map((d) => ({ documentId: d.documentId, bytes: PDF })));
    assert.equal(uploaded.statusCode, 303, uploaded.body);
    assert.equal(uploaded.headers.location, `/ho-so/${id}/kiem-tra`);
    return id;
  }

  it('shows the start page to everyone and sends anonymous visitors to the login page', async () => {
    const page = await app.inject({ method: 'GET', url: `/nop-ho-so/${COPYRIGHT}`, headers: HTML });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1>Cấp Giấy chứng nhận đăng ký quyền tác giả<\/h1>/);
    assert.match(page.body, /Tờ khai đăng ký quyền tác giả \(Mẫu số 01\)/);
    assert.match(page.body, /Bắt đầu/);
    const anonymous = await anonymousForm(app, `/nop-ho-so/${COPYRIGHT}`);
    const start = await app.inject({ method: 'POST', url: `/nop-ho-so/${COPYRIGHT}`, ...urlencodedForm(anonymous, {}) });
    assert.equal(start.statusCode, 303);
    assert.equal(start.headers.location, `/dang-nhap?next=${encodeURIComponent(`/nop-ho-so/${COPYRIGHT}`)}`);
    const english = await app.inject({ method: 'GET', url: `/nop-ho-so/${COPYRIGHT}?lang=en`, headers: HTML });
    assert.match(english.body, /Start now/);
  });

  it('explains where to apply for procedures that are not online, and tells staff they cannot apply', async () => {
    const page = await app.inject({ method: 'GET', url: `/nop-ho-so/${NOT_ONLINE}`, headers: HTML });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /chưa nộp được trực tuyến/);
    assert.doesNotMatch(page.body, /action="\/nop-ho-so\//);
    const staff = await login(app, 'demo.danhmuc');
    const staffPage = await app.inject({ method: 'GET', url: `/nop-ho-so/${COPYRIGHT}`, headers: { ...HTML, cookie: staff.cookie } });
    assert.match(staffPage.body, /Tài khoản cán bộ không nộp được hồ sơ trực tuyến/);
    const refused = await app.inject({ method: 'POST', url: `/nop-ho-so/${COPYRIGHT}`, ...urlencodedForm(staff, {}) });
    assert.equal(refused.statusCode, 403);
    assert.match(refused.body, /class="error-summary"/);
    const unknown = await app.inject({ method: 'GET', url: '/nop-ho-so/9.999999', headers: HTML });
    assert.equal(unknown.statusCode, 404);
  });

  it('renders the e-form prefilled, reports every error at once linked to the fields, keeps the values', async () => {
    const id = await startDraft(citizen);
    const page = await app.inject({ method: 'GET', url: `/ho-so/${id}/to-khai`, headers: { ...HTML, cookie: citizen.cookie } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /id="fullName" name="fullName" type="text" value="Nguyễn Văn An"/);
    assert.match(page.body, /<textarea id="requestContent"/);
    assert.doesNotMatch(page.body, /id="taxCode"/, 'a citizen gives no tax code');
    const organisationDraft = await startDraft(business);
    const organisationPage = await app.inject({ method: 'GET', url: `/ho-so/${organisationDraft}/to-khai`, headers: { ...HTML, cookie: business.cookie } });
    assert.match(organisationPage.body, /id="taxCode"/);
    assert.doesNotMatch(organisationPage.body, /id="personalId"/);
    const failed = await app.inject({ method: 'POST', url: `/ho-so/${id}/to-khai`, ...urlencodedForm(citizen, { fullName: '', personalId: '12ab', phone: 'không có', email: 'x', address: '', requestContent: '' }) });
    assert.equal(failed.statusCode, 422);
    const links = summaryLinks(failed.body);
    assert.deepEqual(links.map((l) => l.href).sort(), ['#address', '#email', '#fullName', '#personalId', '#phone', '#requestContent']);
    for (const link of links) {
      assert.ok(link.text.length > 0 && !link.text.startsWith('validation.'), link.text);
      assert.match(failed.body, new RegExp(`id="${link.href.slice(1)}"[^>]*aria-invalid="true"`));
    }
    assert.match(failed.body, /value="không có"/);
    assert.match(failed.body, /value="12ab"/);
    // Saved: on to the documents.
    const values = { fullName: 'Nguyễn Văn An', personalId: '001099012345', phone: '0912345678', email: 'an@example.vn', address: 'Hà Nội', requestContent: 'Đăng ký' };
    const saved = await app.inject({ method: 'POST', url: `/ho-so/${id}/to-khai`, ...urlencodedForm(citizen, values) });
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, `/ho-so/${id}/giay-to`);
    const back = await app.inject({ method: 'POST', url: `/ho-so/${id}/to-khai`, ...urlencodedForm(citizen, { ...values, next: 'check' }) });
    assert.equal(back.headers.location, `/ho-so/${id}/kiem-tra`);
  });

  it('keeps drafts private: anonymous visitors go to the login page, others get the 404 page', async () => {
    const id = await startDraft(citizen);
    for (const step of ['to-khai', 'giay-to', 'kiem-tra', '']) {
      const url = `/ho-so/${id}${step ? `/${step}` : ''}`;
      const anonymous = await app.inject({ method: 'GET', url, headers: HTML });
      assert.equal(anonymous.statusCode, 303, url);
      assert.equal(anonymous.headers.location, `/dang-nhap?next=${encodeURIComponent(url)}`);
      const other = await app.inject({ method: 'GET', url, headers: { ...HTML, cookie: business.cookie } });
      assert.equal(other.statusCode, 404, url);
      assert.match(other.headers['content-type'] as string, /text\/html/);
    }
    const otherPost = await app.inject({ method: 'POST', url: `/ho-so/${id}/to-khai`, ...urlencodedForm(business, { fullName: 'X' }) });
    assert.equal(otherPost.statusCode, 404);
    const otherUpload = await upload(business, id, [{ documentId: (await documents(citizen, id))[0]!.documentId, bytes: PDF }]);
    assert.equal(otherUpload.statusCode, 404);
    assert.equal((await documents(citizen, id))[0]!.files.length, 0);
    assert.equal((await app.inject({ method: 'GET', url: '/ho-so', headers: HTML })).statusCode, 303);
  });

  it('uploads through the page: CSRF checked first, refused types reported with the summary, files listed', async () => {
    const id = await startDraft(citizen);
    const docs = await documents(citizen, id);
    const first = docs[0]!;
    const noToken = await upload(citizen, id, [{ documentId: first.documentId, bytes: PDF }], 'upload', 'wrong-token');
    assert.equal(noToken.statusCode, 403);
    const { payload, contentType } = multipartBody([{ name: `file-${first.documentId}`, filename: 'a.pdf', type: 'application/pdf', bytes: PDF }, { name: '_csrf', value: citizen.csrfToken }]);
    const tokenAfterFile = await app.inject({ method: 'POST', url: `/ho-so/${id}/giay-to`, headers: { ...HTML, cookie: citizen.cookie, 'content-type': contentType }, payload });
    assert.equal(tokenAfterFile.statusCode, 403);
    assert.equal((await documents(citizen, id))[0]!.files.length, 0);

    const refused = await upload(citizen, id, [{ documentId: first.documentId, bytes: EXE, filename: 'giay-to.pdf' }, { documentId: docs[1]!.documentId, bytes: PDF, filename: 'ban-sao.pdf' }]);
    assert.equal(refused.statusCode, 422);
    const links = summaryLinks(refused.body);
    assert.deepEqual(links.map((l) => l.href), [`#file-${first.documentId}`]);
    assert.match(links[0]!.text, /giay-to\.pdf/);
    assert.match(refused.body, new RegExp(`id="file-${first.documentId}"[^>]*aria-invalid="true"`));
    // The good file of the same request was kept and is listed with its size.
    assert.match(refused.body, /ban-sao\.pdf <span class="meta">\(\d+ byte\)<\/span>/);

    const missing = await upload(citizen, id, [], 'continue');
    assert.equal(missing.statusCode, 422);
    assert.deepEqual(summaryLinks(missing.body).map((l) => l.href), [`#file-${first.documentId}`]);
    const stay = await upload(citizen, id, [{ documentId: first.documentId, bytes: PDF, filename: 'to-khai.pdf' }], 'upload');
    assert.equal(stay.statusCode, 303);
    assert.equal(stay.headers.location, `/ho-so/${id}/giay-to?uploaded=1`);
    const page = await app.inject({ method: 'GET', url: stay.headers.location as string, headers: { ...HTML, cookie: citizen.cookie } });
    assert.match(page.body, /to-khai\.pdf/);
    assert.match(page.body, /Đã tải lên 1 tệp/);
    assert.match(page.body, /PDF, JPG, PNG, DOCX, XLSX/);
  });

  it('checks the answers, requires the declaration and submits once for a double click', async () => {
    const id = await readyDraft(citizen);
    const check = await app.inject({ method: 'GET', url: `/ho-so/${id}/kiem-tra`, headers: { ...HTML, cookie: citizen.cookie } });
    assert.equal(check.statusCode, 200);
    assert.match(check.body, /Nguyễn Văn An/);
    assert.match(check.body, /href="\/ho-so\/[^"]+\/to-khai\?next=check#requestContent"/);
    assert.match(check.body, /href="\/ho-so\/[^"]+\/giay-to#file-/);
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(check.body)?.[1];
    assert.ok(key);
    const again = await app.inject({ method: 'GET', url: `/ho-so/${id}/kiem-tra`, headers: { ...HTML, cookie: citizen.cookie } });
    assert.notEqual(/name="idempotencyKey" value="([^"]+)"/.exec(again.body)?.[1], key, 'a new key per render');

    const undeclared = await app.inject({ method: 'POST', url: `/ho-so/${id}/kiem-tra`, ...urlencodedForm(citizen, { idempotencyKey: key }) });
    assert.equal(undeclared.statusCode, 422);
    assert.deepEqual(summaryLinks(undeclared.body).map((l) => l.href), ['#declaration']);

    const before = (await app.inject({ method: 'GET', url: '/api/dossiers', headers: { cookie: citizen.cookie } })).json().items.filter((d: { draft: boolean }) => !d.draft).length;
    const [one, two] = await Promise.all([
      app.inject({ method: 'POST', url: `/ho-so/${id}/kiem-tra`, ...urlencodedForm(citizen, { idempotencyKey: key, declaration: 'yes' }) }),
      app.inject({ method: 'POST', url: `/ho-so/${id}/kiem-tra`, ...urlencodedForm(citizen, { idempotencyKey: key, declaration: 'yes' }) }),
    ]);
    assert.equal(one.statusCode, 200, one.body);
    assert.equal(two.statusCode, 200, two.body);
    const code = /id="dossier-code">([^<]+)</.exec(one.body)?.[1];
    assert.match(code ?? '', /^000\.00\.12\.G14-\d{6}-\d{4}$/);
    assert.equal(/id="dossier-code">([^<]+)</.exec(two.body)?.[1], code);
    const secret = /id="lookup-secret">([^<]+)</.exec(one.body)?.[1];
    assert.match(secret ?? '', /^[2-9A-HJKMNP-Z]{8}$/);
    const items = (await app.inject({ method: 'GET', url: '/api/dossiers', headers: { cookie: citizen.cookie } })).json().items as Array<{ draft: boolean; code: string }>;
    assert.equal(items.filter((d) => !d.draft).length, before + 1);
    assert.equal(items.filter((d) => d.code === code).length, 1);

    // Later visits: the code without the secret; the steps lead to the dossier page.
    const done = await app.inject({ method: 'GET', url: `/ho-so/${id}/da-nop`, headers: { ...HTML, cookie: citizen.cookie } });
    assert.equal(done.statusCode, 200);
    assert.ok(done.body.includes(code!));
    assert.ok(!done.body.includes(secret!));
    const formAfter = await app.inject({ method: 'GET', url: `/ho-so/${id}/to-khai`, headers: { ...HTML, cookie: citizen.cookie } });
    assert.equal(formAfter.statusCode, 303);
    assert.equal(formAfter.headers.location, `/ho-so/${id}`);
    const newKey = await app.inject({ method: 'POST', url: `/ho-so/${id}/kiem-tra`, ...urlencodedForm(citizen, { idempotencyKey: 'another', declaration: 'yes' }) });
    assert.equal(newKey.statusCode, 303);
    assert.equal(newKey.headers.location, `/ho-so/${id}/da-nop`);

    const list = await app.inject({ method: 'GET', url: '/ho-so', headers: { ...HTML, cookie: citizen.cookie } });
    assert.equal(list.statusCode, 200);
    assert.ok(list.body.includes(code!));
    assert.match(list.body, /Mới đăng ký/);
    assert.match(list.body, /Bản nháp/);
    assert.match(list.body, /\d{2}\/\d{2}\/\d{4}/);
    const detail = await app.inject({ method: 'GET', url: `/ho-so/${id}`, headers: { ...HTML, cookie: citizen.cookie } });
    assert.equal(detail.statusCode, 200);
    assert.match(detail.body, /Quá trình xử lý/);
    assert.match(detail.body, /Nộp hồ sơ trực tuyến/);
    assert.match(detail.body, /giay-to\.pdf/);
    for (const url of ['/ho-so', `/ho-so/${id}`, `/ho-so/${id}/da-nop`, '/tra-cuu', `/nop-ho-so/${COPYRIGHT}`]) {
      const english = await app.inject({ method: 'GET', url: `${url}?lang=en`, headers: { ...HTML, cookie: citizen.cookie } });
      assert.equal(english.statusCode, 200, url);
      assert.doesNotMatch(english.body, /dossierPages\./, url);
      assert.match(english.body, /<html lang="en">/);
    }
    assert.match((await app.inject({ method: 'GET', url: '/ho-so?lang=en', headers: { ...HTML, cookie: citizen.cookie } })).body, /Newly registered/);
  });

  it('resumes a draft at its first unfinished step', async () => {
    const id = await startDraft(citizen);
    const first = await app.inject({ method: 'GET', url: `/ho-so/${id}/tiep-tuc`, headers: { ...HTML, cookie: citizen.cookie } });
    assert.equal(first.headers.location, `/ho-so/${id}/to-khai`);
    const draft = (await app.inject({ method: 'GET', url: `/api/dossiers/${id}`, headers: { cookie: citizen.cookie } })).json();
    await app.inject({ method: 'PUT', url: `/api/dossiers/${id}/form`, headers: authHeaders(citizen), payload: { ...draft.form.data, requestContent: 'Đăng ký' } });
    const second = await app.inject({ method: 'GET', url: `/ho-so/${id}/tiep-tuc`, headers: { ...HTML, cookie: citizen.cookie } });
    assert.equal(second.headers.location, `/ho-so/${id}/giay-to`);
    const required = (await documents(citizen, id)).filter((d) => d.required);
    // Submitting now: every missing document in the summary, linked to its upload slot.
    const early = await app.inject({ method: 'POST', url: `/ho-so/${id}/kiem-tra`, ...urlencodedForm(citizen, { idempotencyKey: 'early', declaration: 'yes' }) });
    assert.equal(early.statusCode, 422);
    assert.deepEqual(summaryLinks(early.body).map((l) => l.href), required.map((d) => `/ho-so/${id}/giay-to#file-${d.documentId}`));
    await upload(citizen, id, required.map((d) => ({ documentId: d.documentId, bytes: PDF })), 'upload');
    const third = await app.inject({ method: 'GET', url: `/ho-so/${id}/tiep-tuc`, headers: { ...HTML, cookie: citizen.cookie } });
    assert.equal(third.headers.location, `/ho-so/${id}/kiem-tra`);
    const list = await app.inject({ method: 'GET', url: '/ho-so', headers: { ...HTML, cookie: citizen.cookie } });
    assert.ok(list.body.includes(`/ho-so/${id}/tiep-tuc`));
  });

  it('looks up publicly: a wrong secret looks exactly like an unknown code; the rate limit is shown', async () => {
    const id = await readyDraft(citizen);
    const check = await app.inject({ method: 'GET', url: `/ho-so/${id}/kiem-tra`, headers: { ...HTML, cookie: citizen.cookie } });
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(check.body)![1]!;
    const submitted = await app.inject({ method: 'POST', url: `/ho-so/${id}/kiem-tra`, ...urlencodedForm(citizen, { idempotencyKey: key, declaration: 'yes' }) });
    const code = /id="dossier-code">([^<]+)</.exec(submitted.body)![1]!;
    const secret = /id="lookup-secret">([^<]+)</.exec(submitted.body)![1]!;

    const visitor = await anonymousForm(app, '/tra-cuu');
    assert.match(visitor.html, /<label for="code">/);
    const ip = { remoteAddress: '192.0.2.81' };
    const found = await app.inject({ method: 'POST', url: '/tra-cuu', ...urlencodedForm(visitor, { code: code.toLowerCase(), secret: secret.toLowerCase() }), ...ip });
    assert.equal(found.statusCode, 200, found.body);
    assert.match(found.body, /Nguyễn V\*\* A\*/);
    assert.match(found.body, /Mới đăng ký/);
    assert.ok(!found.body.includes('Nguyễn Văn An'));

    const wrongSecret = await app.inject({ method: 'POST', url: '/tra-cuu', ...urlencodedForm(visitor, { code, secret: 'ZZZZZZZZ' }), ...ip });
    const unknownCode = await app.inject({ method: 'POST', url: '/tra-cuu', ...urlencodedForm(visitor, { code: `${code.slice(0, -4)}9999`, secret }), ...ip });
    assert.equal(wrongSecret.statusCode, 404);
    assert.equal(unknownCode.statusCode, 404);
    assert.deepEqual(summaryLinks(wrongSecret.body), summaryLinks(unknownCode.body));
    assert.equal(summaryLinks(wrongSecret.body).length, 1);

    const empty = await app.inject({ method: 'POST', url: '/tra-cuu', ...urlencodedForm(visitor, { code: '', secret: '' }), ...ip });
    assert.equal(empty.statusCode, 422);
    assert.deepEqual(summaryLinks(empty.body).map((l) => l.href), ['#code', '#secret']);

    let last = wrongSecret;
    for (let i = 0; i < 10 && last.statusCode !== 429; i++) last = await app.inject({ method: 'POST', url: '/tra-cuu', ...urlencodedForm(visitor, { code, secret: 'AAAAAAAA' }), ...ip });
    assert.equal(last.statusCode, 429);
    assert.match(summaryLinks(last.body)[0]!.text, /quá nhiều lần/);
  });

  it('links the journey from the layout', async () => {
    const anonymous = await app.inject({ method: 'GET', url: '/', headers: HTML });
    assert.match(anonymous.body, /href="\/tra-cuu"/);
    assert.doesNotMatch(anonymous.body, /href="\/ho-so"/);
    const signedIn = await app.inject({ method: 'GET', url: '/', headers: { ...HTML, cookie: citizen.cookie } });
    assert.match(signedIn.body, /href="\/ho-so"/);
    const staff = await login(app, 'demo.danhmuc');
    const staffPage = await app.inject({ method: 'GET', url: '/', headers: { ...HTML, cookie: staff.cookie } });
    assert.doesNotMatch(staffPage.body, /href="\/ho-so"/);
  });
});

describe('uploads over the limit on the page', async () => {
  const { app } = await createTestApp({ demo: true, config: { DOSSIER_MAX_FILE_BYTES: '2048' } });
  const citizen = await login(app, 'demo.congdan');

  it('shows the size error in the summary, linked to the slot, and keeps nothing', async () => {
    const start = await app.inject({ method: 'POST', url: `/nop-ho-so/${COPYRIGHT}`, ...urlencodedForm(citizen, {}) });
    const id = /\/ho-so\/([0-9a-f-]{36})\//.exec(start.headers.location as string)![1]!;
    const docs = (await app.inject({ method: 'GET', url: `/api/dossiers/${id}`, headers: { cookie: citizen.cookie } })).json().documents as Array<{ documentId: string; files: unknown[] }>;
    const big = Buffer.concat([PDF, Buffer.alloc(64 * 1024, 0x20)]);
    const { payload, contentType } = multipartBody([
      { name: '_csrf', value: citizen.csrfToken },
      { name: `file-${docs[0]!.documentId}`, filename: 'lon.pdf', type: 'application/pdf', bytes: big },
      { name: 'action', value: 'upload' },
    ]);
    const response = await app.inject({ method: 'POST', url: `/ho-so/${id}/giay-to`, headers: { ...HTML, cookie: citizen.cookie, 'content-type': contentType }, payload });
    assert.equal(response.statusCode, 413, response.body.slice(0, 500));
    assert.match(response.headers['content-type'] as string, /text\/html/);
    const links = summaryLinks(response.body);
    assert.deepEqual(links.map((l) => l.href), [`#file-${docs[0]!.documentId}`]);
    assert.match(links[0]!.text, /MB/);
    const after = (await app.inject({ method: 'GET', url: `/api/dossiers/${id}`, headers: { cookie: citizen.cookie } })).json().documents as Array<{ files: unknown[] }>;
    assert.equal(after[0]!.files.length, 0);
  });
});
