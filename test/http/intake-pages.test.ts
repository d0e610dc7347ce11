// Counter intake pages (no JavaScript): a receptionist registers a dossier for a new citizen in three steps,
// scans a paper document, prints the receipt and accepts the dossier; errors come back as a linked summary;
// only receptionists reach the pages. Also: the officer queue's sort order (page and JSON API).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { maskEmail, maskPhone } from '../../src/modules/intake/intake.pages.ts';
import { createTestApp, login, type Session } from '../helpers/app.ts';
import { actorByUsername, COPYRIGHT_PROCEDURE, PDF, submittedDossier } from '../helpers/dossiers.ts';

const filesDir = path.join(os.tmpdir(), `opendvc-intake-pages-${randomBytes(4).toString('hex')}`);
const { app, ctx } = await createTestApp({ demo: true, config: { FILES_DIR: filesDir } });
const reception = await login(app, 'demo.motcua');

function page(url: string, session: Session) {
  return app.inject({ method: 'GET', url, headers: { cookie: session.cookie, accept: 'text/html' } });
}

function form(url: string, session: Session, fields: Record<string, string>) {
  return app.inject({
    method: 'POST',
    url,
    headers: { cookie: session.cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: session.csrfToken, ...fields }).toString(),
  });
}

/** A multipart body: fields first (in order), then files. */
function multipart(fields: Array<[string, string]>, files: Array<{ field: string; name: string; type: string; bytes: Buffer }>) {
  const boundary = `----ik${randomBytes(6).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [name, value] of fields) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  for (const f of files) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.name}"\r\nContent-Type: ${f.type}\r\n\r\n`), f.bytes, Buffer.from('\r\n'));
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** The procedure select of a step-1 page. */
function start422(html: string): string {
  return /<select id="procedureCode"[\s\S]*?<\/select>/.exec(html)?.[0] ?? '';
}

function newPersonalId(): string {
  return `0791${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
}

/** Hidden and visible input values of a form page, by name. */
function inputValue(html: string, name: string): string | undefined {
  const escaped = name.replace(/\./g, '\\.');
  return new RegExp(`name="${escaped}"[^>]*value="([^"]*)"`).exec(html)?.[1];
}

describe('counter intake pages', () => {
  it('masks contacts', () => {
    assert.equal(maskPhone('0912345678'), '091****678');
    assert.equal(maskEmail('an.nguyen@example.vn'), 'a***@example.vn');
    assert.equal(maskPhone(null), null);
  });

  it('the queue links receptionists to the intake page', async () => {
    const queue = await page('/can-bo', reception);
    assert.equal(queue.statusCode, 200);
    assert.match(queue.body, /href="\/can-bo\/tiep-nhan"/);
  });

  it('registers a dossier for a new citizen: step 1 → 2 → 3, a scan, the receipt link, then accept', async () => {
    // Step 1: the procedure of the receptionist's agency is offered; searching narrows the list.
    const start = await page('/can-bo/tiep-nhan', reception);
    assert.equal(start.statusCode, 200, start.body);
    assert.match(start.body, new RegExp(`<option value="${COPYRIGHT_PROCEDURE.replace('.', '\\.')}"`));
    assert.match(start.body, /<legend class="label">Hình thức nộp/);
    assert.match(start.body, /name="_csrf"/);
    const search = await page(`/can-bo/tiep-nhan?q=${COPYRIGHT_PROCEDURE}`, reception);
    assert.equal(search.statusCode, 200);
    assert.ok(search.body.includes(`value="${COPYRIGHT_PROCEDURE}"`));

    const personalId = newPersonalId();
    const step1 = { procedureCode: COPYRIGHT_PROCEDURE, channel: '1', kind: 'citizen', idNumber: personalId };
    const two = await form('/can-bo/tiep-nhan', reception, step1);
    assert.equal(two.statusCode, 200, two.body);
    assert.match(two.body, /Người nộp chưa có trên hệ thống/);
    assert.equal(inputValue(two.body, 'idNumber'), personalId, 'the step-1 choices travel as hidden fields');
    assert.match(two.body, /id="applicant-fullName"/);
    assert.match(two.body, /name="form\.requestContent"/, 'the e-form is rendered with the e-form widgets');

    // Step 2 without the name of the new citizen: 422, summary linked to the field, values kept.
    const missing = await form('/can-bo/tiep-nhan/dang-ky', reception, { ...step1, 'applicant.phone': '0912345678', 'form.requestContent': 'Đăng ký quyền tác giả tác phẩm "Mùa thu".', resultDelivery: 'counter' });
    assert.equal(missing.statusCode, 422, missing.body);
    assert.match(missing.body, /class="error-summary"/);
    assert.match(missing.body, /href="#applicant-fullName"/);
    assert.ok(missing.body.includes('value="0912345678"'));
    assert.equal(await ctx.db.selectFrom('accounts').select('id').where('personal_id', '=', personalId).executeTakeFirst(), undefined);

    // Step 2 complete → 303 to step 3.
    const registered = await form('/can-bo/tiep-nhan/dang-ky', reception, {
      ...step1,
      'applicant.fullName': 'Phạm Văn Quang',
      'applicant.dateOfBirth': '1990-05-17',
      'applicant.phone': '0912345678',
      'applicant.email': '',
      'applicant.address': 'Số 12 Hàng Bài, Hoàn Kiếm, Hà Nội',
      'form.requestContent': 'Đăng ký quyền tác giả tác phẩm "Mùa thu".',
      resultDelivery: 'counter',
    });
    assert.equal(registered.statusCode, 303, registered.body);
    const location = registered.headers.location as string;
    const id = /^\/can-bo\/tiep-nhan\/([0-9a-f-]{36})\?moi=1$/.exec(location)?.[1];
    assert.ok(id, location);
    const dossier = await ctx.db.selectFrom('dossiers').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(dossier.channel, 1);
    assert.equal(dossier.source, 'counter');
    assert.equal(dossier.status, 1);
    assert.equal(dossier.digitised, false);
    assert.equal(dossier.applicant_id_number, personalId);
    assert.equal(dossier.result_delivery, 'counter');
    assert.equal((dossier.form_data as Record<string, unknown>).fullName, 'Phạm Văn Quang', 'empty e-form answers come from the applicant');
    const account = await ctx.db.selectFrom('accounts').select(['id', 'full_name']).where('personal_id', '=', personalId).executeTakeFirstOrThrow();
    assert.equal(account.full_name, 'Phạm Văn Quang');
    assert.equal(dossier.applicant_id, account.id);

    // Step 3: the code, one file input per document, the receipt and the accept button.
    const three = await page(location, reception);
    assert.equal(three.statusCode, 200, three.body);
    assert.ok(three.body.includes(dossier.code!));
    assert.match(three.body, /enctype="multipart\/form-data"/);
    assert.ok(three.body.includes(`/api/officer/dossiers/${id}/forms/01.pdf`));
    assert.match(three.body, new RegExp(`action="/can-bo/ho-so/${id}/accept"`));
    assert.ok(three.body.includes(`href="/can-bo/ho-so/${id}"`));
    const documentIds = [...three.body.matchAll(/name="file-([0-9a-f-]{36})"/g)].map((m) => m[1]!);
    assert.ok(documentIds.length >= 1);

    // A scan without the CSRF token first: refused before the file is read.
    const forged = multipart([], [{ field: `file-${documentIds[0]}`, name: 'ban-quet.pdf', type: 'application/pdf', bytes: PDF }]);
    const refused = await app.inject({ method: 'POST', url: `/can-bo/tiep-nhan/${id}/ban-quet`, headers: { cookie: reception.cookie, accept: 'text/html', 'content-type': forged.contentType }, payload: forged.payload });
    assert.equal(refused.statusCode, 403);

    // A file that is not an accepted type: 4xx with the error linked to its input.
    const bad = multipart([['_csrf', reception.csrfToken]], [{ field: `file-${documentIds[0]}`, name: 'virus.exe', type: 'application/octet-stream', bytes: Buffer.from('MZ not a document at all') }]);
    const badType = await app.inject({ method: 'POST', url: `/can-bo/tiep-nhan/${id}/ban-quet`, headers: { cookie: reception.cookie, accept: 'text/html', 'content-type': bad.contentType }, payload: bad.payload });
    assert.ok(badType.statusCode >= 400 && badType.statusCode < 500, String(badType.statusCode));
    assert.ok(badType.body.includes(`href="#file-${documentIds[0]}"`), 'the error summary links to the file input');

    const scan = multipart([['_csrf', reception.csrfToken]], [{ field: `file-${documentIds[0]}`, name: 'ban-quet.pdf', type: 'application/pdf', bytes: PDF }]);
    const uploaded = await app.inject({ method: 'POST', url: `/can-bo/tiep-nhan/${id}/ban-quet`, headers: { cookie: reception.cookie, accept: 'text/html', 'content-type': scan.contentType }, payload: scan.payload });
    assert.equal(uploaded.statusCode, 303, uploaded.body);
    assert.equal(uploaded.headers.location, `/can-bo/tiep-nhan/${id}?uploaded=1`);
    const after = await ctx.db.selectFrom('dossiers').select(['digitised']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(after.digitised, true);
    const files = await ctx.db.selectFrom('dossier_files').select(['document_id']).where('dossier_id', '=', id).execute();
    assert.deepEqual(files.map((f) => f.document_id), [documentIds[0]]);
    const listed = await page(`/can-bo/tiep-nhan/${id}?uploaded=1`, reception);
    assert.match(listed.body, /Đã số hóa 1 giấy tờ/);
    assert.ok(listed.body.includes('ban-quet.pdf'));

    // The receipt (form 01) prints.
    const receipt = await app.inject({ method: 'GET', url: `/api/officer/dossiers/${id}/forms/01.pdf`, headers: { cookie: reception.cookie } });
    assert.equal(receipt.statusCode, 200);
    assert.equal(receipt.headers['content-type'], 'application/pdf');

    // "Tiếp nhận hồ sơ": the officer page's accept form → status 2.
    const version = inputValue(listed.body, 'expectedVersion');
    assert.ok(version !== undefined);
    const accepted = await form(`/can-bo/ho-so/${id}/accept`, reception, { expectedVersion: version });
    assert.equal(accepted.statusCode, 303, accepted.body);
    const final = await ctx.db.selectFrom('dossiers').select(['status']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(final.status, 2);
  });

  it('a known citizen is found by ID number: name shown, contacts masked, e-form prefilled', async () => {
    const citizen = await ctx.db.selectFrom('accounts').select(['personal_id', 'full_name', 'phone']).where('username', '=', 'demo.congdan').executeTakeFirstOrThrow();
    const two = await form('/can-bo/tiep-nhan', reception, { procedureCode: COPYRIGHT_PROCEDURE, channel: '3', kind: 'citizen', idNumber: citizen.personal_id! });
    assert.equal(two.statusCode, 200, two.body);
    assert.match(two.body, /Đã có thông tin người nộp/);
    assert.ok(two.body.includes(citizen.full_name));
    assert.ok(citizen.phone, 'the demo citizen has a phone');
    assert.ok(two.body.includes(`<dd>${maskPhone(citizen.phone)}</dd>`));
    assert.ok(!two.body.includes(`<dd>${citizen.phone}</dd>`), 'the phone is not shown in full');
    assert.match(two.body, /id="resultDelivery-post"[^>]*checked/, 'a dossier by post defaults to a result by post');
    assert.equal(inputValue(two.body, 'form.fullName'), citizen.full_name);
    // The e-form's own errors are linked to its widgets (ids "form-<field>").
    const incomplete = await form('/can-bo/tiep-nhan/dang-ky', reception, { procedureCode: COPYRIGHT_PROCEDURE, channel: '3', kind: 'citizen', idNumber: citizen.personal_id!, 'form.requestContent': '', resultDelivery: 'post' });
    assert.equal(incomplete.statusCode, 422, incomplete.body);
    assert.match(incomplete.body, /href="#form-requestContent"/);
    assert.match(incomplete.body, /id="form-requestContent-error"/);
    assert.match(incomplete.body, /id="form-requestContent"[^>]*aria-invalid="true"/);
  });

  it('a bad ID number or no procedure: 422 with the error summary linked to the fields', async () => {
    const response = await form('/can-bo/tiep-nhan', reception, { procedureCode: '', channel: '1', kind: 'citizen', idNumber: '12345' });
    assert.equal(response.statusCode, 422, response.body);
    assert.match(response.body, /class="error-summary"/);
    assert.match(response.body, /href="#idNumber"/);
    assert.match(response.body, /href="#procedureCode"/);
    assert.match(response.body, /Số định danh cá nhân phải gồm đúng 12 chữ số/);
    assert.match(response.body, /id="idNumber"[^>]*aria-invalid="true"/);
    assert.ok(response.body.includes('value="12345"'), 'the typed value is kept');
    // A procedure of another agency is not offered and not accepted.
    const other = await ctx.db
      .selectFrom('procedure_versions as pv')
      .innerJoin('procedures as p', 'p.id', 'pv.procedure_id')
      .innerJoin('agencies as a', 'a.id', 'pv.agency_id')
      .select('p.code')
      .where('pv.status', '=', 'published')
      .where('a.code', '!=', '000.00.12.G14')
      .executeTakeFirst();
    assert.ok(other, 'the demo catalog has procedures of other agencies');
    assert.ok(!start422(response.body).includes(`value="${other.code}"`), 'not offered');
    const foreign = await form('/can-bo/tiep-nhan', reception, { procedureCode: other.code, channel: '1', kind: 'citizen', idNumber: newPersonalId() });
    assert.equal(foreign.statusCode, 422);
    assert.match(foreign.body, /href="#procedureCode"/);
  });

  it('only receptionists: a specialist and a citizen get 403', async () => {
    const specialist = await login(app, 'demo.chuyenvien');
    assert.equal((await page('/can-bo/tiep-nhan', specialist)).statusCode, 403);
    const posted = await form('/can-bo/tiep-nhan', specialist, { procedureCode: COPYRIGHT_PROCEDURE, channel: '1', kind: 'citizen', idNumber: newPersonalId() });
    assert.equal(posted.statusCode, 403);
    const citizen = await login(app, 'demo.congdan');
    assert.equal((await page('/can-bo/tiep-nhan', citizen)).statusCode, 403);
    const queue = await page('/can-bo', specialist);
    assert.ok(!queue.body.includes('href="/can-bo/tiep-nhan"'), 'no intake button for a specialist');
  });

  it('every screen text exists in English too', async () => {
    const en = await app.inject({ method: 'GET', url: '/can-bo/tiep-nhan?lang=en', headers: { cookie: reception.cookie, accept: 'text/html' } });
    assert.equal(en.statusCode, 200);
    assert.match(en.body, /Counter intake/);
    assert.ok(!/intake\.[a-z]+\.[a-zA-Z]+/.test(en.body.replace(/\/can-bo\/tiep-nhan/g, '')), 'no raw message keys');
  });
});

describe('officer queue sort order', () => {
  it('sorts by due date ascending (default), descending, or received date newest first; the page keeps the filters', async () => {
    const citizen = await actorByUsername(ctx, 'demo.congdan');
    const officer = await actorByUsername(ctx, 'demo.motcua');
    const a = await submittedDossier(ctx, citizen);
    const b = await submittedDossier(ctx, citizen);
    for (const d of [a, b]) await ctx.services.handling.act(officer, d.id, 'accept', {});
    // Deadlines and receipts far from anything else in the database, so the two come first in each order.
    await ctx.db.updateTable('dossiers').set({ due_at: new Date('1999-01-04T10:00:00Z'), received_at: new Date('2098-01-05T03:00:00Z') }).where('id', '=', a.id).execute();
    await ctx.db.updateTable('dossiers').set({ due_at: new Date('2099-12-28T10:00:00Z'), received_at: new Date('2097-01-05T03:00:00Z') }).where('id', '=', b.id).execute();

    const api = async (sort?: string) => {
      const response = await app.inject({ method: 'GET', url: `/api/officer/dossiers?scope=agency${sort ? `&sort=${sort}` : ''}`, headers: { cookie: reception.cookie } });
      assert.equal(response.statusCode, 200, response.body);
      return (response.json() as { items: Array<{ id: string }> }).items.map((i) => i.id);
    };
    assert.equal((await api())[0], a.id, 'default: earliest deadline first');
    assert.equal((await api('due_asc'))[0], a.id);
    assert.equal((await api('due_desc'))[0], b.id, 'latest deadline first');
    assert.deepEqual((await api('received_desc')).slice(0, 2), [a.id, b.id], 'most recently received first');
    const invalid = await app.inject({ method: 'GET', url: '/api/officer/dossiers?sort=name', headers: { cookie: reception.cookie } });
    assert.equal(invalid.statusCode, 422);
    const spec = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, { get?: { parameters?: Array<{ name: string }> } }> };
    assert.ok(spec.paths['/api/v1/officer/dossiers']?.get?.parameters?.some((p) => p.name === 'sort'), 'sort is documented');

    // The page: the sort links, the current one marked, the other filters kept in every link and in the search.
    const html = (await page('/can-bo?scope=agency&due=overdue&sort=due_desc', reception)).body;
    assert.match(html, /<a href="\/can-bo\?scope=agency&amp;due=overdue&amp;sort=received_desc"[^>]*>Tiếp nhận gần nhất trước/);
    assert.match(html, /<a href="\/can-bo\?scope=agency&amp;due=overdue"[^>]*>Hạn sớm nhất trước/);
    assert.match(html, /aria-current="true"[^>]*>Hạn muộn nhất trước/);
    assert.match(html, /href="\/can-bo\?scope=mine&amp;due=overdue&amp;sort=due_desc"/, 'the scope tabs keep the sort');
    assert.match(html, /<input type="hidden" name="sort" value="due_desc">/);
    assert.match(html, /aria-sort="descending">Hạn xử lý/);
    const received = (await page('/can-bo?scope=agency&sort=received_desc', reception)).body;
    const codes = [...received.matchAll(/href="\/can-bo\/ho-so\/([0-9a-f-]{36})"/g)].map((m) => m[1]);
    assert.deepEqual(codes.slice(0, 2), [a.id, b.id]);
    const due = (await page('/can-bo?scope=agency&sort=due_desc', reception)).body;
    assert.equal(/href="\/can-bo\/ho-so\/([0-9a-f-]{36})"/.exec(due)?.[1], b.id);
    // An unknown sort falls back to the default order.
    const fallback = (await page('/can-bo?scope=agency&sort=bogus', reception)).body;
    assert.equal(/href="\/can-bo\/ho-so\/([0-9a-f-]{36})"/.exec(fallback)?.[1], a.id);
  });
});
