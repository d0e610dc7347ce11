// The dossier history in the reader's language (issue 11): an officer's action is stored as a message key and its
// parameters and shown in English to an English reader and in Vietnamese to a Vietnamese one — the officer's and
// the citizen's JSON API (text + raw key/params) and pages; a row written before messages were stored (only its
// Vietnamese `content`) is still shown with that text.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatTimestamp } from '../../src/core/text.ts';
import { authHeaders, createTestApp, login } from '../helpers/app.ts';
import { actorByUsername, submittedDossier } from '../helpers/dossiers.ts';

const { app, ctx } = await createTestApp({ demo: true });
const reception = await login(app, 'demo.motcua');
const citizen = await login(app, 'demo.congdan');

interface ApiEvent {
  action: string;
  text: string;
  key: string | null;
  params: Record<string, unknown> | null;
  content: string | null;
}

function get(url: string, cookie: string, headers: Record<string, string> = {}) {
  return app.inject({ method: 'GET', url, headers: { cookie, ...headers } });
}

function eventsOf(body: string): ApiEvent[] {
  return (JSON.parse(body) as { events: ApiEvent[] }).events;
}

describe('the history in the reader language', () => {
  it('an officer accepts with a note; the API and the pages show it in English or Vietnamese; an old row keeps its text', async () => {
    const { id } = await submittedDossier(ctx, await actorByUsername(ctx, 'demo.congdan'));
    const accepted = await app.inject({ method: 'POST', url: `/api/dossiers/${id}/actions/accept`, payload: { note: 'Đủ giấy tờ' }, headers: authHeaders(reception) });
    assert.equal(accepted.statusCode, 200, accepted.body);
    const dueAt = (accepted.json() as { dueAt: string }).dueAt;
    const due = formatTimestamp(dueAt);
    assert.match(due, /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    const en = `Dossier received; result due ${due}. Đủ giấy tờ`;
    const vi = `Tiếp nhận hồ sơ; hẹn trả kết quả ${due}. Đủ giấy tờ`;

    // A row written before migration 0023: only its Vietnamese text.
    await ctx.db
      .insertInto('dossier_events')
      .values({ dossier_id: id, at: new Date(Date.now() + 1000), actor_id: null, status: 2, action: 'note', content: 'Ghi chú trước khi có bản dịch' })
      .execute();

    // The officer's JSON API: English by Accept-Language, Vietnamese by default; the raw key and parameters.
    const officerEn = eventsOf((await get(`/api/officer/dossiers/${id}`, reception.cookie, { 'accept-language': 'en-GB,en;q=0.9' })).body);
    const acceptEn = officerEn.find((e) => e.action === 'accept')!;
    assert.equal(acceptEn.text, en);
    assert.equal(acceptEn.key, 'timeline.accept');
    assert.deepEqual(acceptEn.params, { appointment: new Date(dueAt).toISOString(), note: 'Đủ giấy tờ' });
    assert.equal(acceptEn.content, vi, 'the stored text stays Vietnamese');
    assert.equal(officerEn.find((e) => e.action === 'submit')!.text, 'Submitted online');
    const oldEn = officerEn.find((e) => e.action === 'note')!;
    assert.deepEqual([oldEn.text, oldEn.key, oldEn.params], ['Ghi chú trước khi có bản dịch', null, null]);

    const officerVi = eventsOf((await get(`/api/officer/dossiers/${id}`, reception.cookie)).body);
    assert.equal(officerVi.find((e) => e.action === 'accept')!.text, vi);
    assert.equal(officerVi.find((e) => e.action === 'submit')!.text, 'Nộp hồ sơ trực tuyến');

    // The citizen's JSON API: ?lang=en, and Vietnamese by Accept-Language.
    const mineEn = eventsOf((await get(`/api/dossiers/${id}?lang=en`, citizen.cookie)).body);
    assert.equal(mineEn.find((e) => e.action === 'accept')!.text, en);
    assert.equal(mineEn.find((e) => e.action === 'note')!.text, 'Ghi chú trước khi có bản dịch');
    const mineVi = eventsOf((await get(`/api/dossiers/${id}`, citizen.cookie, { 'accept-language': 'vi' })).body);
    assert.equal(mineVi.find((e) => e.action === 'accept')!.text, vi);

    // The pages: the officer's and the citizen's dossier page.
    const officerPageEn = await get(`/can-bo/ho-so/${id}?lang=en`, reception.cookie);
    assert.equal(officerPageEn.statusCode, 200);
    assert.ok(officerPageEn.body.includes(en), 'officer page in English');
    assert.ok(officerPageEn.body.includes('Ghi chú trước khi có bản dịch'));
    assert.ok(!officerPageEn.body.includes('hẹn trả kết quả'));
    const officerPageVi = await get(`/can-bo/ho-so/${id}?lang=vi`, reception.cookie);
    assert.ok(officerPageVi.body.includes(vi), 'officer page in Vietnamese');

    const citizenPageEn = await get(`/ho-so/${id}`, citizen.cookie, { 'accept-language': 'en' });
    assert.equal(citizenPageEn.statusCode, 200);
    assert.ok(citizenPageEn.body.includes(en), 'citizen page in English');
    const citizenPageVi = await get(`/ho-so/${id}`, citizen.cookie, { 'accept-language': 'vi' });
    assert.ok(citizenPageVi.body.includes(vi), 'citizen page in Vietnamese');
  });

  it('the stored message satisfies the database check: a message without a text key is refused', async () => {
    const { id } = await submittedDossier(ctx, await actorByUsername(ctx, 'demo.congdan'));
    const row = await ctx.db.selectFrom('dossier_events').select(['message', 'content']).where('dossier_id', '=', id).where('action', '=', 'submit').executeTakeFirstOrThrow();
    assert.deepEqual(row, { message: { key: 'timeline.submit', params: {} }, content: 'Nộp hồ sơ trực tuyến' });
    await assert.rejects(
      ctx.db.insertInto('dossier_events').values({ dossier_id: id, actor_id: null, status: 1, action: 'x', content: null, message: { key: 5, params: {} } as never }).execute(),
      /check constraint/,
    );
  });
});
