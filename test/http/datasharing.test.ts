// Data sharing through the pages: the catalog manager marks e-form fields and documents with pickers (no JSON); the
// citizen's e-form is prefilled and marked as coming from the population database, the identification document is
// shown as obtained by the agency; after a failed lookup the citizen is told and asked for it again; the officer's
// dossier page shows where each value came from. Bad input: a mark that does not fit the field, an unknown source.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { DATA_SHARING_CITIZEN_PROCEDURE } from '../../src/seed/datasharing.ts';
import { startDataSharingSimulator } from '../../src/simulators/data-sharing.ts';
import { createTestApp, login } from '../helpers/app.ts';
import { actorByUsername, upload } from '../helpers/dossiers.ts';
import { summaryLinks, urlencodedForm } from '../helpers/forms.ts';

const simulator = await startDataSharingSimulator({ clientId: 'opendvc-http', clientSecret: 'http-data-sharing-secret' });
after(() => simulator.close());
const { app, ctx } = await createTestApp({
  demo: true,
  config: { DATA_SHARING_URL: simulator.url, DATA_SHARING_CLIENT_ID: 'opendvc-http', DATA_SHARING_CLIENT_SECRET: 'http-data-sharing-secret', DATA_SHARING_TIMEOUT_MS: '300' },
});
const HTML = { accept: 'text/html' };
const citizen = await login(app, 'demo.congdan');
const CODE = DATA_SHARING_CITIZEN_PROCEDURE;

async function startDossier(): Promise<string> {
  const response = await app.inject({ method: 'POST', url: `/nop-ho-so/${CODE}`, ...urlencodedForm(citizen, {}) });
  assert.equal(response.statusCode, 303, response.body);
  const id = /^\/ho-so\/([0-9a-f-]{36})\/to-khai$/.exec(String(response.headers.location))?.[1];
  assert.ok(id, String(response.headers.location));
  return id;
}

const page = async (url: string, cookie = citizen.cookie) => {
  const response = await app.inject({ method: 'GET', url, headers: { ...HTML, cookie } });
  assert.equal(response.statusCode, 200, `${url}: ${response.statusCode}`);
  return response.body;
};

describe('data sharing on the citizen’s and officer’s pages', () => {
  it('the e-form is prefilled and says so; the identification document is obtained by the agency', async () => {
    simulator.setMode('population', 'normal');
    const id = await startDossier();
    const form = await page(`/ho-so/${id}/to-khai`);
    assert.match(form, /data-sharing="prefilled"/);
    assert.match(form, /Điền sẵn từ Cơ sở dữ liệu quốc gia về dân cư/);
    assert.match(form, /value="Số 5 Nguyễn Du, Phường Hai Bà Trưng, Thành phố Hà Nội"/);
    assert.doesNotMatch(form, /data-sharing="failed"/);
    const documents = await page(`/ho-so/${id}/giay-to`);
    assert.match(documents, /data-shared="population"/);
    assert.match(documents, /cơ quan tự khai thác qua chia sẻ dữ liệu/);
    assert.match(await page(`/ho-so/${id}/to-khai?lang=en`), /Prefilled from the National population database/);
    assert.match(await page(`/nop-ho-so/${CODE}`), /data-shared-source="population"/);
  });

  it('a slow answer: the citizen is told and supplies the document', async () => {
    simulator.setMode('population', 'slow');
    try {
      const id = await startDossier();
      const form = await page(`/ho-so/${id}/to-khai`);
      assert.match(form, /data-sharing="failed"/);
      assert.match(form, /Quá thời gian chờ/);
      assert.doesNotMatch(form, /data-sharing="prefilled"/);
      const documents = await page(`/ho-so/${id}/giay-to`);
      assert.doesNotMatch(documents, /data-shared=/);
      // "Continue" without the identification document names it.
      const detail = await ctx.services.dossiers.get(await actorByUsername(ctx, 'demo.congdan'), id);
      assert.equal(detail.documents.filter((d) => d.required).length, 4);
    } finally {
      simulator.setMode('population', 'normal');
    }
  });

  it('the officer’s dossier page shows where each value came from and the lookups', async () => {
    const who = await actorByUsername(ctx, 'demo.congdan');
    const draft = await ctx.services.dossiers.createDraft(who, CODE);
    await ctx.services.dossiers.saveForm(who, draft.id, { ...draft.form.data, fullName: 'Nguyễn Văn Ân', reason: 'Thay đổi họ tên' });
    for (const d of draft.documents.filter((x) => x.required)) await ctx.services.dossiers.addFile(who, draft.id, upload(d.documentId));
    await ctx.services.dossiers.submit(who, draft.id, null);
    const reception = await login(app, 'demo.motcua');
    const html = await page(`/can-bo/ho-so/${draft.id}`, reception.cookie);
    assert.match(html, /Nguồn dữ liệu \(chia sẻ dữ liệu\)/);
    assert.match(html, /data-origin="shared"/);
    assert.match(html, /data-origin="changed"/);
    assert.match(html, /Người nộp sửa; Cơ sở dữ liệu quốc gia về dân cư trả về: Nguyễn Văn An/);
    const lookups = /<ul class="of-lookups">[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    assert.match(lookups, /••••••••1234/);
    assert.doesNotMatch(lookups, /079090001234/, 'the personal ID is not shown in full in the lookups');
  });
});

describe('data sharing marks on the catalog manager’s editors', async () => {
  const manager = await login(app, 'demo.danhmuc');
  await ctx.services.catalog.newVersion(await actorByUsername(ctx, 'demo.danhmuc'), CODE);
  const editor = `/quan-tri/thu-tuc/${CODE}/phien-ban/2/bieu-mau`;

  it('the e-form editor offers a picker per field that an attribute fits, with the current mark chosen', async () => {
    const html = await page(editor, manager.cookie);
    assert.match(html, /<select id="shared-fullName" name="shared.fullName">/);
    assert.match(html, /<option value="population.fullName" selected>/);
    assert.match(html, /<option value="population.dateOfBirth" selected>/);
    assert.doesNotMatch(html, /name="shared.phone"/, 'no attribute fits a field with a pattern (a phone number)');
    assert.doesNotMatch(html, /name="shared.email"/, 'nor an e-mail address');
  });

  it('saving the pickers changes the marks (and nothing else)', async () => {
    const response = await app.inject({
      method: 'POST',
      url: editor,
      ...urlencodedForm(manager, { action: 'sharing', 'shared.fullName': '', 'shared.dateOfBirth': 'population.dateOfBirth', 'shared.permanentAddress': 'population.permanentAddress', 'shared.reason': 'population.fullName' }),
    });
    assert.equal(response.statusCode, 303, response.body);
    const form = await ctx.services.catalog.formDefinition(await actorByUsername(ctx, 'demo.danhmuc'), CODE, 2);
    const ui = form.ui as Record<string, Record<string, unknown>>;
    assert.equal(ui.fullName!.shared, undefined);
    assert.equal(ui.fullName!.prefill, 'fullName', 'the other hints are kept');
    assert.equal(ui.reason!.shared, 'population.fullName');
    assert.equal(ui.dateOfBirth!.shared, 'population.dateOfBirth');
  });

  it('a mark that does not fit its field, or an unknown one, is refused with the field named', async () => {
    for (const [field, mark, message] of [
      ['dateOfBirth', 'population.fullName', 'không dùng được cho trường này'],
      ['fullName', 'population.religion', 'không có'],
    ] as const) {
      const response = await app.inject({ method: 'POST', url: editor, ...urlencodedForm(manager, { action: 'sharing', [`shared.${field}`]: mark }) });
      assert.equal(response.statusCode, 422, response.body);
      assert.ok(summaryLinks(response.body).some((l) => l.text.includes(field) && l.text.includes(message)), JSON.stringify(summaryLinks(response.body)));
    }
  });

  it('the documents editor has a "obtained by data sharing" picker per document; the public page says so', async () => {
    const html = await page(`/quan-tri/thu-tuc/${CODE}/sua`, manager.cookie);
    assert.match(html, /<select id="documents-1-sharedSource" name="documents.1.sharedSource">/);
    assert.match(html, /<option value="population" selected>Cơ sở dữ liệu quốc gia về dân cư<\/option>/);
    const publicPage = await page(`/thu-tuc/${CODE}`);
    assert.match(publicPage, /Cơ quan tự khai thác qua chia sẻ dữ liệu \(Cơ sở dữ liệu quốc gia về dân cư\)/);
  });

  it('an unknown source in the documents editor is a field error, not a 500', async () => {
    const form = await page(`/quan-tri/thu-tuc/${CODE}/sua`, manager.cookie);
    const fields: Record<string, string> = {};
    for (const m of form.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)) fields[m[1]!] = m[2]!.replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n))).replace(/&amp;/g, '&').replace(/&quot;/g, '"');
    for (const m of form.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)<\/textarea>/g)) fields[m[1]!] = m[2]!;
    for (const m of form.matchAll(/<select[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) fields[m[1]!] ??= /<option value="([^"]*)" selected/.exec(m[2]!)?.[1] ?? '';
    delete fields._csrf;
    const response = await app.inject({ method: 'POST', url: `/quan-tri/thu-tuc/${CODE}/sua`, ...urlencodedForm(manager, { ...fields, 'documents.1.sharedSource': 'tax-office' }) });
    assert.equal(response.statusCode, 422, response.body.slice(0, 500));
    assert.ok(summaryLinks(response.body).some((l) => l.href.includes('documents-1-sharedSource')), JSON.stringify(summaryLinks(response.body)));
  });
});
