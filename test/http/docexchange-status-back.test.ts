// The administrators' exchange page shows our status messages about a received package (01, 03, then 04 once the
// incoming document is assigned) in its history, in Vietnamese and English, marked as ours, with the ones the
// exchange has not taken yet marked as waiting.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { sql } from 'kysely';
import { startDocExchangeSimulator } from '../../src/simulators/doc-exchange.ts';
import { createTestApp, login } from '../helpers/app.ts';
import { actorByUsername } from '../helpers/dossiers.ts';
import { MINISTRY } from '../helpers/domain.ts';

const TOKEN = 'http-exchange-token-status-back-01';
const sim = await startDocExchangeSimulator({ accounts: [{ organId: MINISTRY, organName: 'Bộ VHTTDL', token: TOKEN }] });
after(() => sim.close());
const { app, ctx } = await createTestApp({ demo: true, config: { DOC_EXCHANGE_URL: sim.url, DOC_EXCHANGE_TOKEN: TOKEN, DOC_EXCHANGE_ORGAN_ID: MINISTRY } });
const exchange = ctx.services.docExchange;
const known = sim.agencies[0]!;
await exchange.demoPartners([known]);

const html = (session: { cookie: string }, lang: string) => ({ cookie: session.cookie, accept: 'text/html', 'accept-language': lang });

/** The history cell of one package on the page (its <tr>). */
function row(body: string, packageId: string): string {
  const start = body.indexOf(`data-package="${packageId}"`);
  assert.ok(start > 0, 'the package is listed');
  return body.slice(start, body.indexOf('</tr>', start));
}

describe('our statuses on the exchange page', () => {
  it('01, 03 and 04 in the package history, in both languages; a waiting one is marked', async () => {
    const documentId = sim.send(known.organId, { organId: MINISTRY, organName: 'Bộ VHTTDL' }, { subject: 'Về việc thử trạng thái trả lời' });
    assert.equal((await exchange.poll()).received, 1);
    const pkg = await ctx.db.selectFrom('docexchange_packages').select(['id', 'local_document_id']).where('document_id', '=', documentId).executeTakeFirstOrThrow();
    // The ministry's administrator keeps its register and assigns as its leader would: give it a leader role there.
    const quantri = await ctx.db.selectFrom('accounts').select('id').where('username', '=', 'demo.quantri').executeTakeFirstOrThrow();
    const ministry = await ctx.db.selectFrom('agencies').select('id').where('code', '=', MINISTRY).executeTakeFirstOrThrow();
    await ctx.db.insertInto('account_roles').values({ account_id: quantri.id, role: 'agency_leader', agency_id: ministry.id }).execute();
    const leader = await actorByUsername(ctx, 'demo.quantri');
    await ctx.services.incoming.act(leader, pkg.local_document_id!, 'assign', { leadId: leader.id, workingDays: 2 });
    await exchange.poll();

    const admin = await login(app, 'demo.quantri');
    const vi = row((await app.inject({ method: 'GET', url: '/quan-tri/truc-lien-thong', headers: html(admin, 'vi') })).body, pkg.id);
    for (const text of ['01 Đã nhận', '03 Đã tiếp nhận', '04 Đã phân công', 'Đã phân công xử lý, hạn xử lý', 'chúng tôi báo cho bên gửi']) assert.ok(vi.includes(text), `${text} in ${vi}`);
    assert.ok(!vi.includes('data-delivery="pending"'));
    const en = row((await app.inject({ method: 'GET', url: '/quan-tri/truc-lien-thong', headers: html(admin, 'en') })).body, pkg.id);
    for (const text of ['01 Received', '03 Registered', '04 Assigned', 'we told the sender']) assert.ok(en.includes(text), `${text} in ${en}`);

    // A status the exchange has not taken yet.
    await sql`UPDATE docexchange_statuses SET delivery = 'pending' WHERE package_id = ${pkg.id} AND code = '04'`.execute(ctx.db);
    const waiting = row((await app.inject({ method: 'GET', url: '/quan-tri/truc-lien-thong', headers: html(admin, 'en') })).body, pkg.id);
    assert.ok(waiting.includes('data-delivery="pending"') && waiting.includes('waiting to go to the exchange'), waiting);
  });
});
