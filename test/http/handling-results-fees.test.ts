// Where handling meets the results and payments modules (issue 12): "electronic result" is derived from a signed
// result, never a tick box of record_result; the applicant is told (in-app + e-mail, in their language) when a
// signed result is issued; a fee requested without an amount is the payments module's computed fee.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Actor } from '../../src/core/actor.ts';
import { authHeaders, createTestApp, login } from '../helpers/app.ts';
import { actorByUsername, COPYRIGHT_PROCEDURE, newCitizen, submittedDossier } from '../helpers/dossiers.ts';

const { app, ctx } = await createTestApp({ demo: true });
const [reception, specialist, head, leader] = (await Promise.all(['demo.motcua', 'demo.chuyenvien', 'demo.truongphong', 'demo.lanhdao'].map((u) => actorByUsername(ctx, u)))) as [Actor, Actor, Actor, Actor];
const leaderSession = await login(app, 'demo.lanhdao');
const receptionSession = await login(app, 'demo.motcua');

const dossierRow = (id: string) => ctx.db.selectFrom('dossiers').select(['status', 'version', 'electronic_result', 'fee_vnd']).where('id', '=', id).executeTakeFirstOrThrow();

/** The reports' "online dossiers resolved with an electronic result" count (metric 11, Biểu 06 / indicators) of an agency. */
async function resolvedElectronic(agencyId: string): Promise<number> {
  const row = await ctx.db.selectFrom('report_daily').select((eb) => eb.fn.sum<string>('n').as('n')).where('agency_id', '=', agencyId).where('metric', '=', 11).executeTakeFirst();
  return Number(row?.n ?? 0);
}

async function atLeader(citizen: Actor): Promise<{ id: string; code: string; agencyId: string }> {
  const submitted = await submittedDossier(ctx, citizen);
  await ctx.services.handling.act(reception, submitted.id, 'accept');
  await ctx.services.handling.act(reception, submitted.id, 'forward');
  await ctx.services.handling.act(specialist, submitted.id, 'forward');
  await ctx.services.handling.act(head, submitted.id, 'forward');
  return { id: submitted.id, code: submitted.code, agencyId: submitted.agencyId };
}

describe('electronic result: derived from a signed result, announced to the applicant', () => {
  it('record_result refuses an electronicResult flag; the flag follows signed results only; the applicant is told', async () => {
    const citizen = await newCitizen(ctx);
    await ctx.db.updateTable('accounts').set({ locale: 'en' }).where('id', '=', citizen.id).execute();
    const { id, code, agencyId } = await atLeader(citizen);

    const ticked = await app.inject({ method: 'POST', url: `/api/dossiers/${id}/actions/record_result`, payload: { electronicResult: true }, headers: authHeaders(leaderSession) });
    assert.ok([400, 422].includes(ticked.statusCode), ticked.body);
    assert.match(String(ticked.headers['content-type']), /application\/problem\+json/);
    assert.equal((await dossierRow(id)).status, 4, 'nothing done');

    const recorded = await app.inject({ method: 'POST', url: `/api/dossiers/${id}/actions/record_result`, payload: {}, headers: authHeaders(leaderSession) });
    assert.equal(recorded.statusCode, 200, recorded.body);
    assert.equal((await dossierRow(id)).status, 9);
    assert.equal((await dossierRow(id)).electronic_result, false, 'no signed result yet');
    const figure = await resolvedElectronic(agencyId);

    await ctx.services.notifications.dispatch();
    const before = await ctx.db.selectFrom('notifications').select('id').where('dossier_id', '=', id).where('account_id', '=', citizen.id).execute();

    const issued = await ctx.services.results.issue(leader, id);
    assert.equal((await dossierRow(id)).electronic_result, true);
    assert.equal(await resolvedElectronic(agencyId), figure + 1, 'the reports count the signed result');

    await ctx.services.notifications.dispatch();
    const notices = await ctx.db.selectFrom('notifications').selectAll().where('dossier_id', '=', id).where('account_id', '=', citizen.id).orderBy('created_at').orderBy('id').execute();
    assert.equal(notices.length, before.length + 1);
    const notice = notices.at(-1)!;
    assert.equal(notice.message?.key, 'result');
    assert.equal(notice.link, `/ho-so/${id}#ket-qua-dien-tu`);
    assert.equal(notice.title, `Dossier ${code}: your electronic result is ready`, 'written in the applicant\'s language');
    const mails = await ctx.db.selectFrom('mail_messages').selectAll().where('to_address', '=', (await ctx.db.selectFrom('accounts').select('email').where('id', '=', citizen.id).executeTakeFirstOrThrow()).email!).where('subject', 'like', '%electronic result is ready%').execute();
    assert.equal(mails.length, 1);
    assert.ok(mails[0]!.body_text.includes(`${ctx.config.baseUrl}/ho-so/${id}`), mails[0]!.body_text);
    // Listed in Vietnamese for a Vietnamese reader (rendered from the stored key + params).
    const listed = await ctx.services.notifications.list(citizen, 1, 20, 'vi');
    assert.ok(listed.items.some((i) => i.title === `Hồ sơ ${code}: kết quả điện tử đã sẵn sàng`));

    // Revoking it: nothing sent, and the flag clears with the last valid result.
    await ctx.services.results.revoke(leader, issued.code, 'Sai thông tin');
    assert.equal((await dossierRow(id)).electronic_result, false);
    assert.equal(await resolvedElectronic(agencyId), figure);
    await ctx.services.notifications.dispatch();
    assert.equal((await ctx.db.selectFrom('notifications').select('id').where('dossier_id', '=', id).where('account_id', '=', citizen.id).execute()).length, notices.length);
  });

  it('an unsigned result file uploaded with record_result stays a plain result file', async () => {
    const { id } = await atLeader(await newCitizen(ctx));
    const version = (await dossierRow(id)).version;
    const boundary = '----hrfboundary';
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${leaderSession.csrfToken}\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="expectedVersion"\r\n\r\n${version}\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="electronicResult"\r\n\r\ntrue\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="resultFile"; filename="ket-qua.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
      pdf,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const page = await app.inject({ method: 'GET', url: `/can-bo/ho-so/${id}`, headers: { cookie: leaderSession.cookie, accept: 'text/html' } });
    assert.equal(page.statusCode, 200);
    assert.ok(!page.body.includes('name="electronicResult"'), 'no tick box on the officer page');
    const response = await app.inject({ method: 'POST', url: `/can-bo/ho-so/${id}/record_result`, headers: { cookie: leaderSession.cookie, accept: 'text/html', 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body });
    assert.equal(response.statusCode, 303, response.body);
    const row = await dossierRow(id);
    assert.equal(row.status, 9);
    assert.equal(row.electronic_result, false);
  });
});

describe('fees requested without an amount come from the payments module', () => {
  const feeRules = {
    charge: 'on_request',
    lines: [
      { label: 'Lệ phí cấp giấy chứng nhận', kind: 'le_phi', basis: 'fixed', amountVnd: 250000 },
      { label: 'Phí bản sao', kind: 'phi', basis: 'per_item', amountVnd: 20000, countField: 'copies' },
    ],
  };

  it('accept and request_payment use the fee computed from the version\'s fee rules and the e-form data', async () => {
    const { id } = await submittedDossier(ctx, await newCitizen(ctx));
    const d = await ctx.db.selectFrom('dossiers').select(['procedure_version_id', 'form_data']).where('id', '=', id).executeTakeFirstOrThrow();
    await ctx.db.updateTable('procedure_versions').set({ fee_rules: JSON.stringify(feeRules) }).where('id', '=', d.procedure_version_id).execute();
    await ctx.db.updateTable('dossiers').set({ form_data: JSON.stringify({ ...d.form_data, copies: 3 }) }).where('id', '=', id).execute();
    try {
      await ctx.services.handling.act(reception, id, 'accept');
      assert.equal(Number((await dossierRow(id)).fee_vnd), 310000, 'accept: 250 000 + 3 × 20 000');
      const response = await app.inject({ method: 'POST', url: `/api/dossiers/${id}/actions/request_payment`, payload: {}, headers: authHeaders(receptionSession) });
      assert.equal(response.statusCode, 200, response.body);
      const row = await dossierRow(id);
      assert.equal(row.status, 6);
      assert.equal(Number(row.fee_vnd), 310000);
      const event = await ctx.db.selectFrom('dossier_events').select('message').where('dossier_id', '=', id).where('action', '=', 'request_payment').executeTakeFirstOrThrow();
      assert.equal(event.message?.params.amountVnd, 310000);
      // What the applicant is asked to pay is that amount, line by line.
      const state = await ctx.services.payments.feePreview(id);
      assert.equal(state?.totalVnd, 310000);
    } finally {
      await ctx.db.updateTable('procedure_versions').set({ fee_rules: null }).where('id', '=', d.procedure_version_id).execute();
    }
  });

  it('an amount given by the officer wins; without fee rules the lowest listed fee stays', async () => {
    const { id } = await submittedDossier(ctx, await newCitizen(ctx), { procedureCode: COPYRIGHT_PROCEDURE });
    await ctx.services.handling.act(reception, id, 'accept');
    const listed = await ctx.db.selectFrom('dossiers as d').innerJoin('procedure_versions as v', 'v.id', 'd.procedure_version_id').select(['v.fees', 'd.fee_vnd']).where('d.id', '=', id).executeTakeFirstOrThrow();
    const amounts = listed.fees.map((f) => Number(f.amountVnd)).filter((n) => Number.isFinite(n) && n >= 0);
    assert.equal(Number(listed.fee_vnd), amounts.length ? Math.min(...amounts) : 0);
    await ctx.services.handling.act(reception, id, 'request_payment', { amountVnd: 123000 });
    assert.equal(Number((await dossierRow(id)).fee_vnd), 123000);
  });
});
