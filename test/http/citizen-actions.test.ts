// Pages and API of the applicant's actions on a submitted dossier: supplement (items, files, note, without JS,
// CSRF), withdrawal with a confirmation step, deadlines on the dossier page, the lookup's wording.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Actor } from '../../src/core/actor.ts';
import { authHeaders, createTestApp, login, type Session } from '../helpers/app.ts';
import { actorByUsername, PDF, submittedDossier } from '../helpers/dossiers.ts';
import { multipartBody, summaryLinks, urlencodedForm, type Part } from '../helpers/forms.ts';

const HTML = { accept: 'text/html' };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const { app, ctx } = await createTestApp({ demo: true });
const [citizen, reception, specialist] = (await Promise.all(['demo.congdan', 'demo.motcua', 'demo.chuyenvien'].map((u) => actorByUsername(ctx, u)))) as [Actor, Actor, Actor];
const session: Session = await login(app, 'demo.congdan');

function multipart(parts: Part[]) {
  const { payload, contentType } = multipartBody(parts);
  return { payload, headers: { ...HTML, cookie: session.cookie, 'content-type': contentType } };
}

async function status(id: string) {
  return (await ctx.db.selectFrom('dossiers').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
}

/** A dossier of demo.congdan accepted 3 days ago, at the specialist, optionally awaiting a supplement (asked now). */
async function dossier(ask: boolean) {
  const start = Date.now() - 3 * DAY;
  const submitted = await submittedDossier(ctx, citizen, { now: new Date(start) });
  await ctx.services.handling.act(reception, submitted.id, 'accept', {}, new Date(start + HOUR));
  await ctx.services.handling.act(reception, submitted.id, 'forward', { departmentCode: 'QTG' }, new Date(start + 2 * HOUR));
  if (ask) await ctx.services.handling.act(specialist, submitted.id, 'request_supplement', { items: ['Bản sao tác phẩm có chữ ký', 'Giấy ủy quyền <có công chứng>'] });
  return submitted;
}

describe('answering a supplement request (pages, without JavaScript)', () => {
  it('the dossier page lists the missing items, the appointment, the pause and links to the supplement form', async () => {
    const { id } = await dossier(true);
    const page = await app.inject({ method: 'GET', url: `/ho-so/${id}`, headers: { ...HTML, cookie: session.cookie } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Cơ quan yêu cầu bổ sung hồ sơ/);
    assert.match(page.body, /<li>Bản sao tác phẩm có chữ ký<\/li>/);
    assert.match(page.body, /Giấy ủy quyền &lt;có công chứng&gt;/, 'escaped');
    assert.match(page.body, new RegExp(`href="/ho-so/${id}/bo-sung"`));
    assert.match(page.body, /Ngày hẹn trả kết quả/);
    assert.match(page.body, /Hạn giải quyết theo quy định/);
    assert.match(page.body, /Tạm dừng tính thời gian từ \d\d:\d\d \d\d\/\d\d\/\d{4} \(đang tạm dừng\)/);
    // The national status label of each event in the timeline.
    const timeline = /<ol class="dv-timeline">([\s\S]*?)<\/ol>/.exec(page.body)?.[1] ?? '';
    assert.deepEqual([...timeline.matchAll(/class="dv-status dv-status-(\d+)">([^<]+)</g)].map((m) => [m[1], m[2]]), [
      ['1', 'Mới đăng ký'],
      ['2', 'Được tiếp nhận'],
      ['4', 'Đang xử lý'],
      ['5', 'Yêu cầu bổ sung giấy tờ'],
    ]);
    assert.match(page.body, new RegExp(`href="/ho-so/${id}/rut"`));
  });

  it('uploads a file (CSRF first), refuses an empty note with an error summary, then sends: status 4 and a notice', async () => {
    const { id } = await dossier(true);
    const page = await app.inject({ method: 'GET', url: `/ho-so/${id}/bo-sung`, headers: { ...HTML, cookie: session.cookie } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<li>Bản sao tác phẩm có chữ ký<\/li>/);
    assert.match(page.body, /name="_csrf"/);
    assert.match(page.body, /enctype="multipart\/form-data"/);
    const documentId = /name="file-([0-9a-f-]{36})"/.exec(page.body)?.[1];
    assert.ok(documentId);

    // Without the CSRF token first: refused, nothing stored.
    const forged = multipart([{ name: `file-${documentId}`, filename: 'x.pdf', type: 'application/pdf', bytes: PDF }, { name: 'action', value: 'upload' }]);
    const refused = await app.inject({ method: 'POST', url: `/ho-so/${id}/bo-sung`, ...forged });
    assert.equal(refused.statusCode, 403);

    const empty = multipart([
      { name: '_csrf', value: session.csrfToken },
      { name: 'note', value: '   ' },
      { name: `file-${documentId}`, filename: 'ban-sao-co-chu-ky.pdf', type: 'application/pdf', bytes: PDF },
      { name: 'action', value: 'send' },
    ]);
    const invalid = await app.inject({ method: 'POST', url: `/ho-so/${id}/bo-sung`, ...empty });
    assert.equal(invalid.statusCode, 422);
    assert.deepEqual(summaryLinks(invalid.body), [{ href: '#note', text: 'Ghi chú gửi cơ quan: Vui lòng ghi chú những gì bạn đã bổ sung.' }]);
    assert.match(invalid.body, /aria-describedby="note-hint note-error"/);
    assert.match(invalid.body, /ban-sao-co-chu-ky\.pdf/, 'the file was kept');
    assert.equal(await status(id), 5);

    const send = multipart([{ name: '_csrf', value: session.csrfToken }, { name: 'note', value: 'Đã bổ sung bản sao có chữ ký' }, { name: 'action', value: 'send' }]);
    const sent = await app.inject({ method: 'POST', url: `/ho-so/${id}/bo-sung`, ...send });
    assert.equal(sent.statusCode, 303, sent.body);
    assert.equal(sent.headers.location, `/ho-so/${id}?thongbao=bo-sung`);
    assert.equal(await status(id), 4);
    const after = await app.inject({ method: 'GET', url: sent.headers.location as string, headers: { ...HTML, cookie: session.cookie } });
    assert.match(after.body, /Đã gửi bổ sung hồ sơ/);
    assert.match(after.body, /Công dân nộp bổ sung hồ sơ: Đã bổ sung bản sao có chữ ký/);
    assert.match(after.body, /Tạm dừng tính thời gian từ .+ đến /);
    assert.doesNotMatch(after.body, /Cơ quan yêu cầu bổ sung hồ sơ/);
    // No longer awaiting: the form sends back to the dossier page.
    const gone = await app.inject({ method: 'GET', url: `/ho-so/${id}/bo-sung`, headers: { ...HTML, cookie: session.cookie } });
    assert.equal(gone.statusCode, 303);
  });

  it('attaches a document from the personal store (plain form with CSRF)', async () => {
    const { id } = await dossier(true);
    const page = await app.inject({ method: 'GET', url: `/ho-so/${id}/bo-sung`, headers: { ...HTML, cookie: session.cookie } });
    const target = [...page.body.matchAll(/<select id="store-target"[\s\S]*?<\/select>/g)][0]?.[0] ?? '';
    const documentIds = [...target.matchAll(/value="([0-9a-f-]{36})"/g)].map((m) => m[1]!);
    const storeIds = [...(/<select id="store-document"[\s\S]*?<\/select>/.exec(page.body)?.[0] ?? '').matchAll(/value="([0-9a-f-]{36})"/g)].map((m) => m[1]!);
    assert.ok(documentIds.length > 1 && storeIds.length > 0, 'targets and store documents offered');
    const before = await ctx.db.selectFrom('dossier_files').select('id').where('dossier_id', '=', id).execute();
    // The first stored file goes to a document that does not have it yet (tried in turn).
    let attached = false;
    for (const documentId of documentIds) {
      const response = await app.inject({ method: 'POST', url: `/ho-so/${id}/bo-sung/tu-kho`, ...urlencodedForm(session, { documentId, personalDocumentId: storeIds[0]! }) });
      if (response.statusCode === 303) {
        assert.equal(response.headers.location, `/ho-so/${id}/bo-sung?thongbao=kho`);
        attached = true;
        break;
      }
      assert.equal(response.statusCode, 409);
      assert.deepEqual(summaryLinks(response.body).map((l) => l.href), ['#store-document']);
    }
    assert.ok(attached);
    const after = await ctx.db.selectFrom('dossier_files').select('id').where('dossier_id', '=', id).execute();
    assert.equal(after.length, before.length + 1);
    const shown = await app.inject({ method: 'GET', url: `/ho-so/${id}/bo-sung?thongbao=kho`, headers: { ...HTML, cookie: session.cookie } });
    assert.match(shown.body, /Đã đính kèm giấy tờ từ kho/);
    assert.doesNotMatch(shown.body, /Chưa bổ sung tệp nào/);
  });

  it('shows an apology with the new appointment on the dossier page', async () => {
    const { id } = await dossier(false);
    const d = await ctx.db.selectFrom('dossiers').select('appointment_at').where('id', '=', id).executeTakeFirstOrThrow();
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date(d.appointment_at!.getTime() + 7 * DAY));
    await ctx.services.handling.act(specialist, id, 'apologise', { reason: 'Cần xác minh với tác giả', newAppointment: day });
    const page = await app.inject({ method: 'GET', url: `/ho-so/${id}`, headers: { ...HTML, cookie: session.cookie } });
    const section = /<section class="ca-apology"[\s\S]*?<\/section>/.exec(page.body)?.[0] ?? '';
    const [y, m, dd] = day.split('-');
    assert.match(section, /Thư xin lỗi và hẹn lại ngày trả kết quả/);
    assert.match(section, /Cần xác minh với tác giả/);
    assert.ok(section.includes(`${dd}/${m}/${y}`));
  });

  it('another person gets 404 for the form', async () => {
    const { id } = await dossier(true);
    const other = await login(app, 'demo.doanhnghiep');
    const response = await app.inject({ method: 'GET', url: `/ho-so/${id}/bo-sung`, headers: { ...HTML, cookie: other.cookie } });
    assert.equal(response.statusCode, 404);
  });
});

describe('supplement API', () => {
  it('POST /api/dossiers/{id}/files then /supplement: blank note 422, answer 200 (status 4), again 409 with the allowed actions', async () => {
    const { id } = await dossier(true);
    const detail = (await app.inject({ method: 'GET', url: `/api/dossiers/${id}`, headers: { cookie: session.cookie } })).json() as { supplement: { items: string[] }; documents: Array<{ documentId: string }> };
    assert.deepEqual(detail.supplement.items, ['Bản sao tác phẩm có chữ ký', 'Giấy ủy quyền <có công chứng>']);
    // The officer's whole request, in the request's language (rendered from the history entry).
    const contentIn = async (language: string) =>
      ((await app.inject({ method: 'GET', url: `/api/dossiers/${id}`, headers: { cookie: session.cookie, 'accept-language': language } })).json() as { supplement: { content: string } }).supplement.content;
    assert.match(await contentIn('en'), /^Supplement requested: 1\. Bản sao tác phẩm có chữ ký; 2\. Giấy ủy quyền <có công chứng>/);
    assert.match(await contentIn('vi'), /^Yêu cầu bổ sung hồ sơ: 1\. Bản sao tác phẩm có chữ ký/);
    const body = multipart([{ name: 'documentId', value: detail.documents[0]!.documentId }, { name: 'file', filename: 'uy-quyen.pdf', type: 'application/pdf', bytes: PDF }]);
    const file = await app.inject({ method: 'POST', url: `/api/dossiers/${id}/files`, payload: body.payload, headers: { ...authHeaders(session), 'content-type': body.headers['content-type'] } });
    assert.equal(file.statusCode, 201, file.body);

    const blank = await app.inject({ method: 'POST', url: `/api/dossiers/${id}/supplement`, headers: authHeaders(session), payload: { note: '  ' } });
    assert.equal(blank.statusCode, 422);
    assert.equal((blank.json() as { errors: Array<{ path: string }> }).errors[0]!.path, '/note');
    const ok = await app.inject({ method: 'POST', url: `/api/dossiers/${id}/supplement`, headers: authHeaders(session), payload: { note: 'Đã nộp giấy ủy quyền' } });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal((ok.json() as { status: number }).status, 4);
    const again = await app.inject({ method: 'POST', url: `/api/dossiers/${id}/supplement`, headers: authHeaders(session), payload: { note: 'lần nữa' } });
    assert.equal(again.statusCode, 409);
    const problem = again.json() as { currentStatus: number; allowedActions: string[] };
    assert.equal(problem.currentStatus, 4);
    assert.deepEqual(problem.allowedActions, ['withdraw']);
    const late = await app.inject({ method: 'POST', url: `/api/dossiers/${id}/files`, payload: body.payload, headers: { ...authHeaders(session), 'content-type': body.headers['content-type'] } });
    assert.equal(late.statusCode, 409);
  });

  it('is in the OpenAPI document, and so is the lookup by ID number', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, { summary?: string; description?: string }>> };
    assert.ok(doc.paths['/api/v1/dossiers/{id}/supplement']?.post?.summary);
    assert.match(doc.paths['/api/v1/lookup/{code}']!.get!.description ?? '', /số định danh/);
  });
});

describe('withdrawing (reason → confirmation → withdrawn)', () => {
  it('requires a reason, asks "Bạn có chắc…", then withdraws (status 7); the link disappears', async () => {
    const { id } = await dossier(false);
    const start = await app.inject({ method: 'GET', url: `/ho-so/${id}/rut`, headers: { ...HTML, cookie: session.cookie } });
    assert.equal(start.statusCode, 200);
    assert.match(start.body, /<textarea id="reason" name="reason"/);
    const english = await app.inject({ method: 'GET', url: `/ho-so/${id}/rut?lang=en`, headers: { ...HTML, cookie: session.cookie } });
    assert.match(english.body, /Why do you withdraw the dossier\?/);

    const empty = await app.inject({ method: 'POST', url: `/ho-so/${id}/rut`, ...urlencodedForm(session, { reason: ' ' }) });
    assert.equal(empty.statusCode, 422);
    assert.deepEqual(summaryLinks(empty.body), [{ href: '#reason', text: 'Vui lòng nhập lý do rút hồ sơ.' }]);

    const confirm = await app.inject({ method: 'POST', url: `/ho-so/${id}/rut`, ...urlencodedForm(session, { reason: 'Nộp nhầm thủ tục' }) });
    assert.equal(confirm.statusCode, 200);
    assert.match(confirm.body, /Bạn có chắc chắn muốn rút hồ sơ/);
    assert.match(confirm.body, /name="reason" value="Nộp nhầm thủ tục"/);
    assert.match(confirm.body, /action="\/ho-so\/[^"]+\/rut\/xac-nhan"/);
    assert.equal(await status(id), 4, 'nothing happens before the confirmation');

    const noToken = await app.inject({ method: 'POST', url: `/ho-so/${id}/rut/xac-nhan`, headers: { ...HTML, cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'reason=x&confirm=yes' });
    assert.equal(noToken.statusCode, 403);
    assert.equal(await status(id), 4);

    // The confirmation without "yes", or with a blank reason (a tampered hidden field): the reason step again.
    for (const fields of [{ reason: 'Nộp nhầm thủ tục' }, { reason: '  ', confirm: 'yes' }] as Array<Record<string, string>>) {
      const back = await app.inject({ method: 'POST', url: `/ho-so/${id}/rut/xac-nhan`, ...urlencodedForm(session, fields) });
      assert.equal(back.statusCode, 422, JSON.stringify(fields));
      assert.deepEqual(summaryLinks(back.body), [{ href: '#reason', text: 'Vui lòng nhập lý do rút hồ sơ.' }]);
      assert.match(back.body, /<textarea id="reason" name="reason"/);
    }
    assert.equal(await status(id), 4, 'nothing happens without the confirmation');

    const done = await app.inject({ method: 'POST', url: `/ho-so/${id}/rut/xac-nhan`, ...urlencodedForm(session, { reason: 'Nộp nhầm thủ tục', confirm: 'yes' }) });
    assert.equal(done.statusCode, 303);
    assert.equal(done.headers.location, `/ho-so/${id}?thongbao=rut`);
    assert.equal(await status(id), 7);
    const page = await app.inject({ method: 'GET', url: done.headers.location as string, headers: { ...HTML, cookie: session.cookie } });
    assert.match(page.body, /Hồ sơ đã được rút theo yêu cầu của bạn/);
    assert.match(page.body, /Lý do: Nộp nhầm thủ tục/);
    assert.doesNotMatch(page.body, new RegExp(`href="/ho-so/${id}/rut"`));
    const again = await app.inject({ method: 'GET', url: `/ho-so/${id}/rut`, headers: { ...HTML, cookie: session.cookie } });
    assert.equal(again.statusCode, 303);
  });

  it('is the applicant’s only: the receptionist (who may record a withdrawal at /can-bo) gets 404 on the citizen’s page', async () => {
    const { id } = await dossier(false);
    const officer = await login(app, 'demo.motcua');
    const withdraw = await app.inject({ method: 'POST', url: `/ho-so/${id}/rut/xac-nhan`, ...urlencodedForm(officer, { reason: 'Rút hộ', confirm: 'yes' }) });
    assert.equal(withdraw.statusCode, 404);
    assert.equal(await status(id), 4, 'not withdrawn');
    // The same for a member of the applicant's side who is not the applicant (another citizen) and for the API twin.
    const other = await login(app, 'demo.doanhnghiep');
    assert.equal((await app.inject({ method: 'POST', url: `/ho-so/${id}/rut/xac-nhan`, ...urlencodedForm(other, { reason: 'x', confirm: 'yes' }) })).statusCode, 404);
    const asked = await dossier(true);
    const supplement = await app.inject({ method: 'POST', url: `/api/dossiers/${asked.id}/supplement`, headers: authHeaders(officer), payload: { note: 'Bổ sung hộ' } });
    assert.equal(supplement.statusCode, 404);
    assert.equal(await status(asked.id), 5);
    // Messages on the citizen's page: the officer writes through /can-bo, not as the applicant's page.
    const message = await app.inject({ method: 'POST', url: `/ho-so/${id}/tin-nhan`, ...urlencodedForm(officer, { body: 'Tin nhắn qua trang công dân' }) });
    assert.equal(message.statusCode, 404);
    assert.equal((await app.inject({ method: 'GET', url: `/ho-so/${id}/tin-nhan`, headers: { ...HTML, cookie: officer.cookie } })).statusCode, 404);
    const written = await ctx.db.selectFrom('dossier_messages').select('id').where('dossier_id', '=', id).execute();
    assert.equal(written.length, 0);
  });
});

describe('public lookup wording', () => {
  it('says the ID number is accepted instead of the secret', async () => {
    const page = await app.inject({ method: 'GET', url: '/tra-cuu', headers: HTML });
    assert.match(page.body, /Mã tra cứu hoặc số giấy tờ của người nộp/);
    assert.match(page.body, /số định danh cá nhân/);
  });
});
