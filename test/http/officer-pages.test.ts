// Officer pages of the one-stop back office: the queue, the dossier page with only the allowed actions, action
// forms (303 on success, 409 with the current state, 422 with linked field errors), documents inline, 404 outside
// the officer's agency.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ACTIONS } from '../../src/modules/handling/handling.rules.ts';
import { parseVietnameseDate } from '../../src/modules/handling/handling.pages.ts';
import { createTestApp, login, type Session } from '../helpers/app.ts';
import { actorByUsername, submittedDossier } from '../helpers/dossiers.ts';

const { app, ctx } = await createTestApp({ demo: true });
const reception = await login(app, 'demo.motcua');
const citizen = await actorByUsername(ctx, 'demo.congdan');

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

async function status(id: string) {
  return (await ctx.db.selectFrom('dossiers').select(['status', 'version']).where('id', '=', id).executeTakeFirstOrThrow());
}

/** The action forms present on a dossier page. */
function formActions(html: string, id: string): string[] {
  return [...html.matchAll(new RegExp(`action="/can-bo/ho-so/${id}/([a-z_]+)"`, 'g'))].map((m) => m[1]!).filter((a) => (ACTIONS as readonly string[]).includes(a));
}

describe('officer pages', () => {
  it('the queue of demo.motcua lists a submitted dossier with its code as a link, badges with words, cards on small screens', async () => {
    const { id, code } = await submittedDossier(ctx, citizen);
    const response = await page('/can-bo', reception);
    assert.equal(response.statusCode, 200, response.body);
    const html = response.body;
    assert.ok(html.includes(`href="/can-bo/ho-so/${id}"`), 'the code links to the dossier page');
    assert.ok(html.includes(code));
    assert.match(html, /<table class="of-queue">/);
    assert.match(html, /data-label="Mã hồ sơ"/, 'cells carry their column name (card layout on 360 px)');
    assert.match(html, /aria-current="page"[^>]*>Của tôi</);
    for (const label of ['Của phòng', 'Của cơ quan', 'Đến hạn hôm nay', 'Sắp đến hạn (2 ngày làm việc)', 'Quá hạn']) assert.ok(html.includes(label), label);
    assert.match(html, /href="\/can-bo"[^>]*aria-current="page"[^>]*>Một cửa \/ Xử lý hồ sơ/, 'the layout links staff to the back office');
    // Search by code: only that dossier; an unknown code: the empty message.
    const found = await page(`/can-bo?scope=agency&q=${encodeURIComponent(code)}`, reception);
    assert.equal(found.statusCode, 200);
    assert.equal([...found.body.matchAll(/class="of-code"/g)].length, 1);
    const none = await page('/can-bo?scope=agency&q=000.00.00.X99-000000-0000', reception);
    assert.match(none.body, /Không có hồ sơ nào phù hợp/);
    // A citizen has no queue.
    const citizenSession = await login(app, 'demo.congdan');
    assert.equal((await page('/can-bo', citizenSession)).statusCode, 403);
  });

  it('the dossier page shows only the allowed actions; accept through the form → status 2 and 303; a stale form → 409 with the allowed actions', async () => {
    const { id, code } = await submittedDossier(ctx, citizen);
    const before = await page(`/can-bo/ho-so/${id}`, reception);
    assert.equal(before.statusCode, 200, before.body);
    const allowed = (await ctx.services.handling.detail(await actorByUsername(ctx, 'demo.motcua'), id)).allowedActions;
    assert.deepEqual(formActions(before.body, id).sort(), [...allowed].sort());
    assert.ok(!formActions(before.body, id).includes('record_result'));
    assert.ok(before.body.includes(code));
    assert.match(before.body, /name="expectedVersion" value="0"/);
    assert.match(before.body, /href="\/can-bo\/ho-so\/[^"]+\/tep\/[0-9a-f-]+"/, 'documents link to the inline view');

    const accepted = await form(`/can-bo/ho-so/${id}/accept`, reception, { expectedVersion: '0', note: '' });
    assert.equal(accepted.statusCode, 303, accepted.body);
    assert.equal(accepted.headers.location, `/can-bo/ho-so/${id}?ok=accept`);
    assert.equal((await status(id)).status, 2);
    const after = await page(`/can-bo/ho-so/${id}?ok=accept`, reception);
    assert.match(after.body, /Đã thực hiện: Tiếp nhận hồ sơ/);
    assert.ok(formActions(after.body, id).includes('forward'));
    assert.ok(!formActions(after.body, id).includes('accept'));
    assert.match(after.body, /forms\/01\.pdf/, 'the receipt (form 01) is linked once received');

    const stale = await form(`/can-bo/ho-so/${id}/accept`, reception, { expectedVersion: '0' });
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /class="error-summary"/);
    assert.match(stale.body, /Trạng thái hiện tại của hồ sơ: Được tiếp nhận/);
    assert.match(stale.body, /Các thao tác bạn được phép thực hiện lúc này: [^<]*Chuyển bước xử lý/);
    assert.equal((await status(id)).version, 1);
  });

  it('a supplement request without items → 422 with the error linked to the field; with items one per line → status 5', async () => {
    const { id } = await submittedDossier(ctx, citizen);
    const empty = await form(`/can-bo/ho-so/${id}/request_supplement`, reception, { expectedVersion: '0', items: '  \n ' });
    assert.equal(empty.statusCode, 422);
    assert.match(empty.body, /href="#request_supplement-items"/);
    assert.match(empty.body, /id="request_supplement-items"[^>]*aria-invalid="true"/);
    const ok = await form(`/can-bo/ho-so/${id}/request_supplement`, reception, { expectedVersion: '0', items: 'Bản sao CCCD\nTờ khai có chữ ký' });
    assert.equal(ok.statusCode, 303, ok.body);
    assert.equal((await status(id)).status, 5);
    const pauses = await ctx.db.selectFrom('dossier_pauses').select('reason').where('dossier_id', '=', id).execute();
    assert.equal(pauses[0]?.reason, 'Bản sao CCCD\nTờ khai có chữ ký');
  });

  it('the officer writes to the applicant from the dossier page: 303 back to it; an empty message → 422 on the page', async () => {
    const { id } = await submittedDossier(ctx, citizen);
    const html = (await page(`/can-bo/ho-so/${id}`, reception)).body;
    assert.match(html, new RegExp(`action="/can-bo/ho-so/${id}/tin-nhan"`));
    const sent = await form(`/can-bo/ho-so/${id}/tin-nhan`, reception, { body: 'Vui lòng mang bản gốc khi nhận kết quả.' });
    assert.equal(sent.statusCode, 303, sent.body);
    assert.equal(sent.headers.location, `/can-bo/ho-so/${id}?tin=1#tin-nhan`);
    const messages = await ctx.db.selectFrom('dossier_messages').select(['body', 'from_applicant']).where('dossier_id', '=', id).execute();
    assert.deepEqual(messages, [{ body: 'Vui lòng mang bản gốc khi nhận kết quả.', from_applicant: false }]);
    const empty = await form(`/can-bo/ho-so/${id}/tin-nhan`, reception, { body: '  ' });
    assert.equal(empty.statusCode, 422);
    assert.match(empty.body, /class="error-summary"/);
  });

  it('apology dates are typed dd/mm/yyyy (impossible dates refused)', async () => {
    assert.equal(parseVietnameseDate('15/12/2026'), '2026-12-15');
    assert.equal(parseVietnameseDate('31/02/2026'), null);
    assert.equal(parseVietnameseDate('2026-12-15'), null);
  });

  it('documents open inline (PDF) for the officer; an officer of another agency gets 404 on the page, the file and the actions', async () => {
    const { id } = await submittedDossier(ctx, citizen);
    const detail = await ctx.services.handling.detail(await actorByUsername(ctx, 'demo.motcua'), id);
    const file = detail.files[0]!;
    const inline = await page(`/can-bo/ho-so/${id}/tep/${file.fileId}`, reception);
    assert.equal(inline.statusCode, 200);
    assert.equal(inline.headers['content-type'], 'application/pdf');
    assert.match(String(inline.headers['content-disposition']), /^inline/);

    // A receptionist of another agency (same password hash as the demo accounts).
    const demo = await ctx.db.selectFrom('accounts').select(['password_hash', 'agency_id']).where('username', '=', 'demo.motcua').executeTakeFirstOrThrow();
    const other = await ctx.db.selectFrom('agencies').select('id').where('id', '!=', demo.agency_id!).where('parent_id', 'is not', null).where('code', '!=', '000.00.00.G14').orderBy('code').executeTakeFirstOrThrow();
    const account = await ctx.db
      .insertInto('accounts')
      .values({ username: 'test.motcua.khac', kind: 'staff', password_hash: demo.password_hash, full_name: 'Cán bộ cơ quan khác', agency_id: other.id, email: 'motcua.khac@example.vn', email_verified_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await ctx.db.insertInto('account_roles').values({ account_id: account.id, role: 'receptionist', agency_id: other.id }).execute();
    const stranger = await login(app, 'test.motcua.khac');
    assert.equal((await page(`/can-bo/ho-so/${id}`, stranger)).statusCode, 404);
    assert.equal((await page(`/can-bo/ho-so/${id}/tep/${file.fileId}`, stranger)).statusCode, 404);
    assert.equal((await form(`/can-bo/ho-so/${id}/accept`, stranger, { expectedVersion: '0' })).statusCode, 404);
    assert.equal((await status(id)).status, 1);
    const queue = await page('/can-bo?scope=agency', stranger);
    assert.equal(queue.statusCode, 200);
    assert.ok(!queue.body.includes(id));
  });

  it('record_result with a result file (multipart): status 9, the file in the applicant\'s store (unsigned: not an electronic result)', async () => {
    const { id } = await submittedDossier(ctx, citizen);
    // Through the workflow with the service: accept, forward ×3 (specialist, head, leader).
    const officers = { motcua: await actorByUsername(ctx, 'demo.motcua'), chuyenvien: await actorByUsername(ctx, 'demo.chuyenvien'), truongphong: await actorByUsername(ctx, 'demo.truongphong') };
    await ctx.services.handling.act(officers.motcua, id, 'accept');
    await ctx.services.handling.act(officers.motcua, id, 'forward');
    await ctx.services.handling.act(officers.chuyenvien, id, 'forward');
    await ctx.services.handling.act(officers.truongphong, id, 'forward');
    const leader = await login(app, 'demo.lanhdao');
    const version = (await status(id)).version;
    const boundary = '----ofboundary';
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${leader.csrfToken}\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="expectedVersion"\r\n\r\n${version}\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="resultFile"; filename="giay-chung-nhan.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
      pdf,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const response = await app.inject({ method: 'POST', url: `/can-bo/ho-so/${id}/record_result`, headers: { cookie: leader.cookie, accept: 'text/html', 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body });
    assert.equal(response.statusCode, 303, response.body);
    const row = await ctx.db.selectFrom('dossiers').select(['status', 'electronic_result']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.status, 9);
    assert.equal(row.electronic_result, false, 'only a signed result (src/modules/results) is an electronic result');
    const store = await ctx.db.selectFrom('personal_documents').select(['owner_id', 'kind', 'title']).where('source_dossier_id', '=', id).where('kind', '=', 'result').execute();
    assert.equal(store.length, 1);
    assert.equal(store[0]!.owner_id, citizen.id);
  });
});
