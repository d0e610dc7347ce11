// The document exchange's pages: an administrator keeps the partners (form with field errors; others refused); an
// officer sends a dossier's inter-agency step, held by an agency not on OpenDVC, through the exchange simulator; the
// agency's statuses (received, assigned, completed) appear on the dossier's history in both languages and the
// "completed" one hands the step on to the next (the handling service's own transition).
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { startDocExchangeSimulator } from '../../src/simulators/doc-exchange.ts';
import { createTestApp, login } from '../helpers/app.ts';
import { actorByUsername, newCitizen, submittedDossier } from '../helpers/dossiers.ts';
import { MINISTRY } from '../helpers/domain.ts';
import { addExternalAgency, dossierAtExternalStep, useExternalStepWorkflow } from '../helpers/external-step.ts';
import { urlencodedForm } from '../helpers/forms.ts';

const TOKEN = 'http-exchange-token-0123456789';
const EXTERNAL = 'H29.CT.NGOAI';
const sim = await startDocExchangeSimulator({ accounts: [{ organId: MINISTRY, organName: 'Bộ VHTTDL', token: TOKEN }], agencies: [{ organId: '000.00.00.H29.CT', organName: 'Cục Thuế tỉnh (ngoài OpenDVC)' }] });
after(() => sim.close());
const { app, ctx } = await createTestApp({ demo: true, config: { DOC_EXCHANGE_URL: sim.url, DOC_EXCHANGE_TOKEN: TOKEN, DOC_EXCHANGE_ORGAN_ID: MINISTRY } });
const agency = sim.agencies[0]!;
// The agency outside OpenDVC has a place in the agency tree (a workflow step can name it).
await addExternalAgency(ctx, EXTERNAL);

const html = (session: { cookie: string }, lang = 'vi') => ({ cookie: session.cookie, accept: 'text/html', 'accept-language': lang });

describe('exchange partners (administrators)', () => {
  it('an administrator adds a partner; errors are shown by field; others are refused', async () => {
    const admin = await login(app, 'demo.quantri');
    const page = await app.inject({ method: 'GET', url: '/quan-tri/truc-lien-thong', headers: html(admin) });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /BEGIN PUBLIC KEY/);
    const hub = await app.inject({ method: 'GET', url: '/quan-tri', headers: html(admin) });
    assert.ok(hub.body.includes('href="/quan-tri/truc-lien-thong"'), 'linked from the admin hub');

    const bad = await app.inject({ method: 'POST', url: '/quan-tri/truc-lien-thong/them', ...urlencodedForm(admin, { organId: 'a b', name: '', publicKey: 'nope', external: '1', agencyCode: 'KHONG.CO', active: '1' }) });
    assert.equal(bad.statusCode, 422);
    for (const field of ['organId', 'name', 'publicKey', 'agencyCode']) assert.ok(bad.body.includes(`href="#${field}"`), `error linked to ${field}`);

    const created = await app.inject({
      method: 'POST',
      url: '/quan-tri/truc-lien-thong/them',
      ...urlencodedForm(admin, { organId: agency.organId, name: agency.organName, publicKey: agency.publicKey, external: '1', agencyCode: EXTERNAL, active: '1' }),
    });
    assert.equal(created.statusCode, 303, created.body);
    const list = await app.inject({ method: 'GET', url: '/quan-tri/truc-lien-thong?ok=1', headers: html(admin, 'en') });
    assert.ok(list.body.includes(`data-partner="${agency.organId}"`));
    assert.match(list.body, /The exchange partner was saved/);

    const again = await app.inject({ method: 'POST', url: '/quan-tri/truc-lien-thong/them', ...urlencodedForm(admin, { organId: agency.organId, name: 'x', publicKey: agency.publicKey, active: '1' }) });
    assert.equal(again.statusCode, 409);

    const officer = await login(app, 'demo.motcua');
    const refused = await app.inject({ method: 'GET', url: '/quan-tri/truc-lien-thong', headers: html(officer) });
    assert.equal(refused.statusCode, 403);
  });
});

describe('liên thông to an agency not on OpenDVC', () => {
  it('the officer sends the step; statuses appear on the history; "completed" hands the step on', async () => {
    const specialist = await actorByUsername(ctx, 'demo.chuyenvien');
    await useExternalStepWorkflow(ctx, EXTERNAL);
    const id = await dossierAtExternalStep(ctx);

    const officer = await login(app, 'demo.chuyenvien');
    const page = await app.inject({ method: 'GET', url: `/can-bo/ho-so/${id}/truc-lien-thong`, headers: html(officer) });
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes(`/can-bo/ho-so/${id}/truc-lien-thong/gui`), 'the send button');
    const dossierPage = await app.inject({ method: 'GET', url: `/can-bo/ho-so/${id}`, headers: html(officer) });
    assert.ok(dossierPage.body.includes(`/can-bo/ho-so/${id}/truc-lien-thong`), 'linked from the dossier page');

    const sent = await app.inject({ method: 'POST', url: `/can-bo/ho-so/${id}/truc-lien-thong/gui`, ...urlencodedForm(officer) });
    assert.equal(sent.statusCode, 303, sent.body);
    const delivered = sim.mailbox(agency.organId).filter((m) => m.type === 'eDoc');
    assert.equal(delivered.length, 1);
    assert.match(delivered[0]!.body, /<edXML:BussinessDocType>lienthong</);
    const twice = await app.inject({ method: 'POST', url: `/can-bo/ho-so/${id}/truc-lien-thong/gui`, ...urlencodedForm(officer) });
    assert.equal(twice.statusCode, 409);

    sim.respond(agency.organId, delivered[0]!.id, ['01', '04', '06']);
    const report = await ctx.services.docExchange.poll();
    assert.equal(report.statuses, 3, JSON.stringify(report));

    const history = await ctx.db.selectFrom('dossier_events').select(['action', 'message']).where('dossier_id', '=', id).where('action', '=', 'docexchange').orderBy('at').orderBy('id').execute();
    assert.deepEqual(history.map((e) => (e.message?.params as { code: string }).code), ['sent', '01', '04', '06']);
    const open = await ctx.db.selectFrom('dossier_steps').select(['position', 'name']).where('dossier_id', '=', id).where('finished_at', 'is', null).executeTakeFirstOrThrow();
    assert.equal(open.name, 'Phê duyệt', 'the external step completed, the dossier went on');
    const pkg = await ctx.db.selectFrom('docexchange_packages').select(['state', 'step_completion']).where('dossier_id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual(pkg, { state: 'completed', step_completion: 'done' });
    // Once more (a repeated 06): the dossier has left that step, nothing is done.
    assert.equal(await ctx.services.handling.completeExternalStep(id, { position: 3, by: specialist, note: 'x' }), 'gone');

    const en = await app.inject({ method: 'GET', url: `/can-bo/ho-so/${id}`, headers: html(officer, 'en') });
    assert.match(en.body, /completed its part of the inter-agency dossier/);
    const vi = await app.inject({ method: 'GET', url: `/can-bo/ho-so/${id}/truc-lien-thong`, headers: html(officer) });
    assert.match(vi.body, /data-state="completed"/);
  });

  it('a dossier not at an external step cannot be sent', async () => {
    const { id } = await submittedDossier(ctx, await newCitizen(ctx));
    const officer = await login(app, 'demo.motcua');
    const answer = await app.inject({ method: 'POST', url: `/can-bo/ho-so/${id}/truc-lien-thong/gui`, ...urlencodedForm(officer) });
    assert.equal(answer.statusCode, 409);
  });
});
