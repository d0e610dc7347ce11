// Scan to open and the pickup counter (issue 20): a scan of the receipt's code (with what scanners add around it)
// opens the dossier for an officer of its agency — a finished one too — and is refused, without a leak, to an
// officer outside the agency's subtree; at the pickup counter a ready result (9) is returned (10) through the back
// office's return action once the recipient's identity is checked (a wrong number refused, nothing changed).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { authHeaders, createTestApp, login } from '../helpers/app.ts';
import { actorByUsername, submittedDossier } from '../helpers/dossiers.ts';
import { urlencodedForm } from '../helpers/forms.ts';

const { app, ctx } = await createTestApp({ demo: true });
const [applicant, reception, specialist, head, leader] = await Promise.all(['demo.congdan', 'demo.motcua', 'demo.chuyenvien', 'demo.truongphong', 'demo.lanhdao'].map((u) => actorByUsername(ctx, u)));

// A receptionist of another agency (Trà Vinh), signing in with the demo password.
const hash = await ctx.db.selectFrom('accounts').select('password_hash').where('username', '=', 'demo.congdan').executeTakeFirstOrThrow();
const travinh = await ctx.db.selectFrom('agencies').select('id').where('code', '=', '000.00.00.H59').executeTakeFirstOrThrow();
const other = await ctx.db
  .insertInto('accounts')
  .values({ username: 'scan.travinh', kind: 'staff', password_hash: hash.password_hash, full_name: 'Thạch Thị Sa', agency_id: travinh.id })
  .returning('id')
  .executeTakeFirstOrThrow();
await ctx.db.insertInto('account_roles').values({ account_id: other.id, role: 'receptionist', agency_id: travinh.id }).execute();

const receptionSession = await login(app, 'demo.motcua');
const otherSession = await login(app, 'scan.travinh');
const applicantSession = await login(app, 'demo.congdan');

async function toResultReady(id: string) {
  const h = ctx.services.handling;
  await h.act(reception!, id, 'accept');
  await h.act(reception!, id, 'forward');
  await h.act(specialist!, id, 'forward');
  await h.act(head!, id, 'forward');
  await h.act(leader!, id, 'record_result');
}

const page = (cookie: string, url: string) => app.inject({ method: 'GET', url, headers: { accept: 'text/html', cookie } });
const scanJson = (cookie: string, code: string) => app.inject({ method: 'GET', url: `/api/officer/scan?code=${encodeURIComponent(code)}`, headers: { cookie } });
const status = async (id: string) => (await ctx.db.selectFrom('dossiers').select(['status', 'return_method']).where('id', '=', id).executeTakeFirstOrThrow());

describe('scan to open', () => {
  it('opens the dossier a scan names for an officer of its agency, whatever the scanner adds around the code', async () => {
    const { id, code } = await submittedDossier(ctx, applicant!);
    await toResultReady(id);
    // A QR scanner's AIM prefix (its Enter submits the form); lower case.
    const scanned = await page(receptionSession.cookie, `/can-bo/quet?ma=${encodeURIComponent(`]Q1${code.toLowerCase()}`)}`);
    assert.equal(scanned.statusCode, 303, scanned.body);
    assert.equal(scanned.headers.location, `/can-bo/quet/${id}`, 'a ready result opens on the pickup page');
    const json = await scanJson(receptionSession.cookie, ` ${code} `);
    assert.equal(json.statusCode, 200, json.body);
    assert.equal(json.json().id, id);
    assert.equal(json.json().pickupReady, true);
    // The portal's lookup link carrying the code.
    assert.equal((await scanJson(receptionSession.cookie, `https://dichvucong.example.vn/tra-cuu?ma=${code}`)).json().id, id);
    // The scan page itself: a focused field a scanner types into, a GET form (no JavaScript needed).
    const form = await page(receptionSession.cookie, '/can-bo/quet');
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /<form method="get" action="\/can-bo\/quet"/);
    assert.match(form.body, /name="ma"[^>]*autofocus/);
  });

  it('refuses a dossier of another agency to an officer outside its subtree, as if it did not exist', async () => {
    const { id, code } = await submittedDossier(ctx, applicant!);
    const refused = await scanJson(otherSession.cookie, code);
    assert.equal(refused.statusCode, 404);
    assert.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(refused.json().code, 'NOT_FOUND');
    const unknown = await scanJson(otherSession.cookie, '000.00.12.G14-990101-9999');
    assert.deepEqual({ status: unknown.statusCode, code: unknown.json().code }, { status: refused.statusCode, code: refused.json().code }, 'the same answer as a code that does not exist');
    const html = await page(otherSession.cookie, `/can-bo/quet?ma=${encodeURIComponent(code)}`);
    assert.equal(html.statusCode, 404);
    assert.ok(html.body.includes('data-scan-not-found'));
    assert.ok(!html.body.includes(id) && !html.body.includes('Nguyễn Văn An'), 'nothing of the dossier shown');
    // Its pickup page and the pickup itself: not found either.
    assert.equal((await page(otherSession.cookie, `/can-bo/quet/${id}`)).statusCode, 404);
    const pickup = await app.inject({ method: 'POST', url: `/api/officer/dossiers/${id}/pickup`, headers: authHeaders(otherSession), payload: { idNumber: '001090000001', identityChecked: true } });
    assert.equal(pickup.statusCode, 404);
    // A citizen may not scan at all.
    assert.equal((await scanJson(applicantSession.cookie, code)).statusCode, 403);
  });

  it('answers an unreadable scan with 422 on the field', async () => {
    const bad = await scanJson(receptionSession.cookie, '!!! ???');
    assert.equal(bad.statusCode, 422);
    assert.equal(bad.json().code, 'FLOOR_SCAN_UNREADABLE');
    const html = await page(receptionSession.cookie, `/can-bo/quet?ma=${encodeURIComponent('<script>')}`);
    assert.equal(html.statusCode, 422);
    assert.ok(!html.body.includes('<script>'));
  });
});

describe('the pickup counter', () => {
  it('returns the result after the identity check, through the back office; a finished dossier still opens by its code', async () => {
    const { id, code } = await submittedDossier(ctx, applicant!);
    await toResultReady(id);
    const row = await ctx.db.selectFrom('dossiers').select(['applicant_id_number', 'form_data', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
    const idNumber = row.applicant_id_number ?? String((row.form_data as Record<string, unknown>).personalId);
    assert.match(idNumber, /^\d{12}$/);

    // The pickup page: identity form.
    const pickupPage = await page(receptionSession.cookie, `/can-bo/quet/${id}`);
    assert.equal(pickupPage.statusCode, 200);
    assert.match(pickupPage.body, /action="\/can-bo\/quet\/[0-9a-f-]+\/tra-ket-qua"/);

    // A wrong number: refused on the field, nothing changed.
    const wrong = await app.inject({ method: 'POST', url: `/can-bo/quet/${id}/tra-ket-qua`, ...urlencodedForm(receptionSession, { idNumber: '001099999999', version: String(row.version) }) });
    assert.equal(wrong.statusCode, 422);
    assert.match(wrong.body, /href="#idNumber"/);
    assert.equal((await status(id)).status, 9);
    const wrongJson = await app.inject({ method: 'POST', url: `/api/officer/dossiers/${id}/pickup`, headers: authHeaders(receptionSession), payload: { idNumber: '001099999999' } });
    assert.equal(wrongJson.statusCode, 422);
    assert.equal(wrongJson.json().code, 'FLOOR_PICKUP_IDENTITY_MISMATCH');

    // The right number, typed with spaces: returned at the counter (10), by the back office's action.
    const spaced = idNumber.replace(/(\d{3})(?=\d)/g, '$1 ');
    const done = await app.inject({ method: 'POST', url: `/can-bo/quet/${id}/tra-ket-qua`, ...urlencodedForm(receptionSession, { idNumber: spaced, version: String(row.version) }) });
    assert.equal(done.statusCode, 303, done.body);
    assert.equal(done.headers.location, `/can-bo/quet/${id}?ok=1`);
    assert.deepEqual(await status(id), { status: 10, return_method: 'counter' });
    const events = await ctx.db.selectFrom('dossier_events').select(['action', 'content', 'message']).where('dossier_id', '=', id).where('action', '=', 'return_result').execute();
    assert.equal(events.length, 1);
    const note = JSON.stringify(events[0]);
    assert.ok(note.includes(idNumber.slice(-4)) && !note.includes(idNumber), 'the ID number masked in the history');
    assert.match((await page(receptionSession.cookie, `/can-bo/quet/${id}?ok=1`)).body, /data-pickup-done/);

    // Finished: the scan still finds it (the officer's page), and the back office's search by code too.
    const again = await page(receptionSession.cookie, `/can-bo/quet?ma=${encodeURIComponent(code)}`);
    assert.equal(again.statusCode, 303);
    assert.equal(again.headers.location, `/can-bo/ho-so/${id}`);
    assert.equal((await scanJson(receptionSession.cookie, code)).json().status, 10);
    const queue = await app.inject({ method: 'GET', url: `/api/officer/dossiers?scope=agency&q=${encodeURIComponent(code)}`, headers: { cookie: receptionSession.cookie } });
    assert.deepEqual(queue.json().items.map((i: { id: string }) => i.id), [id]);
    // Returned once only.
    const twice = await app.inject({ method: 'POST', url: `/api/officer/dossiers/${id}/pickup`, headers: authHeaders(receptionSession), payload: { idNumber } });
    assert.equal(twice.statusCode, 409);
    assert.equal(twice.json().code, 'FLOOR_PICKUP_NOT_READY');
  });

  it('needs the tick when the dossier holds no ID number, and records the number shown', async () => {
    const { id } = await submittedDossier(ctx, applicant!);
    await toResultReady(id);
    await ctx.db.updateTable('dossiers').set({ applicant_id_number: null, form_data: sql`form_data - 'personalId'` }).where('id', '=', id).execute();
    const unticked = await app.inject({ method: 'POST', url: `/api/officer/dossiers/${id}/pickup`, headers: authHeaders(receptionSession), payload: { idNumber: '079190001234' } });
    assert.equal(unticked.statusCode, 422);
    assert.equal(unticked.json().code, 'FLOOR_PICKUP_IDENTITY_NOT_CHECKED');
    assert.equal((await status(id)).status, 9);
    const ticked = await app.inject({ method: 'POST', url: `/api/officer/dossiers/${id}/pickup`, headers: authHeaders(receptionSession), payload: { idNumber: '079190001234', identityChecked: true } });
    assert.equal(ticked.statusCode, 200, ticked.body);
    assert.equal(ticked.json().status, 10);
  });
});
