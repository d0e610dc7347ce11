// Our status messages back to the agency that sent us a package, through the exchange simulator: registered → 01
// and 03 at once; then, as the incoming document moves on (the incoming module's outbox topic incoming.status,
// consumer 'docexchange' run by the poll job), assigned → 04, first opinion → 05, closed → 06 — in order, once each,
// also when the consumer runs twice or the same message is handled again; a reassignment or a second opinion says
// nothing. The exchange unreachable: the status waits and goes on the next poll. A document that did not come by the
// exchange (on paper, or electronically from elsewhere with the same sender code) sends nothing.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { sql } from 'kysely';
import { startDocExchangeSimulator } from '../../src/simulators/doc-exchange.ts';
import { HttpDocExchangeGateway } from '../../src/modules/docexchange/docexchange.adapter.ts';
import { parseEnvelope } from '../../src/modules/docexchange/docexchange.rules.ts';
import { DOCEXCHANGE_CONSUMER, DocExchangeService } from '../../src/modules/docexchange/docexchange.service.ts';
import { consumeOutbox } from '../../src/modules/outbox/outbox.service.ts';
import { vietnamDate, addDays } from '../../src/core/time.ts';
import { createTestContext } from '../helpers/db.ts';
import { actorByUsername } from '../helpers/dossiers.ts';
import { COPYRIGHT, MINISTRY } from '../helpers/domain.ts';

const TOKEN = 'test-exchange-token-status-back-0123';
const sim = await startDocExchangeSimulator({ accounts: [{ organId: MINISTRY, organName: 'Bộ Văn hóa, Thể thao và Du lịch', token: TOKEN }] });
after(() => sim.close());
const ctx = await createTestContext({ demo: true, config: { DOC_EXCHANGE_URL: sim.url, DOC_EXCHANGE_TOKEN: TOKEN, DOC_EXCHANGE_ORGAN_ID: MINISTRY, DOC_EXCHANGE_ORGAN_NAME: 'Bộ VHTTDL' } });
after(() => ctx.db.destroy());
const exchange = ctx.services.docExchange;
const incoming = ctx.services.incoming;
const [known] = sim.agencies as [(typeof sim.agencies)[number]];
await exchange.demoPartners([known]);
const copyrightOffice = { organId: COPYRIGHT, organName: 'Cục Bản quyền tác giả' };
const clerk = await actorByUsername(ctx, 'demo.motcua');
const specialist = await actorByUsername(ctx, 'demo.chuyenvien');
const head = await actorByUsername(ctx, 'demo.truongphong');
const leader = await actorByUsername(ctx, 'demo.lanhdao');
const admin = await actorByUsername(ctx, 'demo.quantri');

/** The status messages in the partner's mailbox about one package, in the order they arrived. */
function statusesAbout(documentId: string): Array<{ code: string; description: string }> {
  return sim
    .mailbox(known.organId)
    .filter((m) => m.type === 'Status')
    .map((m) => parseEnvelope(m.body).message)
    .flatMap((m) => (m.kind === 'status' && m.responseFor.documentId === documentId ? [{ code: m.statusCode, description: m.description }] : []));
}

const codesAbout = (documentId: string) => statusesAbout(documentId).map((s) => s.code);

/** Every status message in the partner's mailbox (any package). */
const allStatuses = () => sim.mailbox(known.organId).filter((m) => m.type === 'Status').length;

/** A package from the partner to the Copyright Office, received: the package's id and the incoming document's id. */
async function receive(subject: string): Promise<{ documentId: string; incomingId: string }> {
  // Addressed to the Copyright Office (its code in To), delivered to our platform's mailbox on the exchange.
  const documentId = sim.send(known.organId, copyrightOffice, { subject });
  const envelope = sim.mailbox(COPYRIGHT).find((m) => m.body.includes(documentId))!;
  sim.inject(known.organId, MINISTRY, 'eDoc', envelope.body);
  const report = await exchange.poll();
  assert.equal(report.received, 1, JSON.stringify(report));
  const row = await ctx.db.selectFrom('incoming_documents').select(['id', 'agency_id']).where('package_id', '=', documentId).executeTakeFirstOrThrow();
  assert.equal(row.agency_id, clerk.agencyId);
  return { documentId, incomingId: row.id };
}

describe('document exchange: our statuses as the incoming document moves on', () => {
  it('03, 04, 05, 06 go back in order, once each, after the 01; the consumer run twice sends nothing more', async () => {
    const { documentId, incomingId } = await receive('Về việc đề nghị cung cấp hồ sơ đăng ký quyền tác giả');
    const registered = await ctx.db.selectFrom('incoming_documents').select(['number', 'year']).where('id', '=', incomingId).executeTakeFirstOrThrow();
    assert.deepEqual(statusesAbout(documentId), [
      { code: '01', description: 'Đã nhận văn bản' },
      { code: '03', description: `Đã tiếp nhận, vào sổ văn bản đến số ${registered.number}/${registered.year}` },
    ]);

    await incoming.act(clerk, incomingId, 'route', { leaderId: leader.id });
    await exchange.poll();
    assert.deepEqual(codesAbout(documentId), ['01', '03'], 'routing to a leader says nothing');

    const deadline = addDays(vietnamDate(new Date()), 7);
    await incoming.act(leader, incomingId, 'assign', { leadId: specialist.id, deadline });
    await exchange.poll();
    assert.deepEqual(codesAbout(documentId), ['01', '03', '04']);
    assert.equal(statusesAbout(documentId)[2]!.description, `Đã phân công xử lý, hạn xử lý ${deadline.split('-').reverse().join('/')}`);

    await incoming.act(leader, incomingId, 'assign', { leadId: head.id, deadline });
    await exchange.poll();
    assert.deepEqual(codesAbout(documentId), ['01', '03', '04'], 'a reassignment: 04 once');

    await incoming.act(head, incomingId, 'opinion', { text: 'Đã rà soát hồ sơ, đề nghị trả lời.' });
    await incoming.act(leader, incomingId, 'assign', { leadId: specialist.id, deadline });
    await incoming.act(specialist, incomingId, 'opinion', { text: 'Thống nhất.' });
    await exchange.poll();
    assert.deepEqual(codesAbout(documentId), ['01', '03', '04', '05'], 'a reassignment while in progress and a second opinion say nothing');

    await incoming.act(specialist, incomingId, 'close', {});
    await exchange.poll();
    await exchange.poll();
    assert.deepEqual(statusesAbout(documentId).slice(3), [
      { code: '05', description: 'Đang xử lý' },
      { code: '06', description: 'Đã xử lý xong' },
    ]);

    // At-least-once: every incoming.status message delivered to the consumer again (its delivery rows gone) and one
    // handled twice directly — nothing more is recorded or sent.
    await sql`DELETE FROM outbox_deliveries WHERE consumer = ${DOCEXCHANGE_CONSUMER}`.execute(ctx.db);
    await sql`DELETE FROM outbox_consumer_marks WHERE consumer = ${DOCEXCHANGE_CONSUMER}`.execute(ctx.db); // its low-water mark too (0066)
    const again = await consumeOutbox(ctx.db, exchange.consumer);
    assert.ok(again.processed >= 8, JSON.stringify(again));
    assert.equal(again.handled, 0);
    const message = await ctx.db.selectFrom('outbox').select(['id', 'topic', 'payload', 'created_at']).where('topic', '=', 'incoming.status').where(sql<boolean>`payload->>'documentId' = ${incomingId}`).where(sql<boolean>`payload->>'event' = 'closed'`).executeTakeFirstOrThrow();
    for (let i = 0; i < 2; i++) {
      const handled = await ctx.db.transaction().execute((tx) => exchange.consumer.handle(tx, { id: String(message.id), topic: message.topic, payload: message.payload as Record<string, unknown>, created_at: message.created_at }));
      assert.equal(handled, false);
    }
    await exchange.poll();
    assert.deepEqual(codesAbout(documentId), ['01', '03', '04', '05', '06']);

    const pkg = await ctx.db.selectFrom('docexchange_packages').selectAll().where('document_id', '=', documentId).executeTakeFirstOrThrow();
    assert.equal(pkg.state, 'completed');
    const rows = await ctx.db.selectFrom('docexchange_statuses').select(['code', 'direction', 'delivery']).where('package_id', '=', pkg.id).orderBy('id').execute();
    assert.deepEqual(rows.map((r) => `${r.direction} ${r.code} ${r.delivery}`), ['out 01 sent', 'out 03 sent', 'out 04 sent', 'out 05 sent', 'out 06 sent']);

    // The package's history (the administrators' page) shows them.
    const overview = await exchange.overview(admin);
    const view = overview.packages.find((p) => p.documentId === documentId)!;
    assert.deepEqual(view.statuses.map((s) => `${s.code} ${s.delivery}`), ['01 sent', '03 sent', '04 sent', '05 sent', '06 sent']);
  });

  it('an answer by an outgoing document completes it (06); closing straight after registration skips 04 and 05', async () => {
    const answered = await receive('Về việc đề nghị trả lời bằng văn bản');
    await incoming.markAnswered(answered.incomingId, randomUUID(), clerk);
    const closed = await receive('Về việc thông báo, lưu hồ sơ');
    await incoming.act(clerk, closed.incomingId, 'close', {});
    await exchange.poll();
    assert.deepEqual(statusesAbout(answered.documentId).map((s) => `${s.code} ${s.description}`).slice(2), ['06 Đã xử lý xong, có văn bản trả lời']);
    assert.deepEqual(codesAbout(closed.documentId), ['01', '03', '06']);
  });

  it('the exchange unreachable: the status waits (pending) and goes on the next poll, still in order', async () => {
    const { documentId, incomingId } = await receive('Về việc phối hợp khi trục không liên lạc được');
    const down = new DocExchangeService(ctx.db, ctx.services.agencies, ctx.services.audit, new HttpDocExchangeGateway({ url: 'http://127.0.0.1:9', token: TOKEN, timeoutMs: 2_000 }), exchange.options);
    await incoming.act(leader, incomingId, 'assign', { leadId: specialist.id, workingDays: 3 });
    await incoming.act(specialist, incomingId, 'opinion', { text: 'Đang xử lý.' });
    const report = await down.poll();
    assert.equal(report.consumed.handled, 2, JSON.stringify(report));
    assert.equal(report.answered, 0);
    assert.deepEqual(codesAbout(documentId), ['01', '03'], 'nothing reached the partner');
    const pkg = await ctx.db.selectFrom('docexchange_packages').select('id').where('document_id', '=', documentId).executeTakeFirstOrThrow();
    const waiting = await ctx.db.selectFrom('docexchange_statuses').select(['code', 'delivery', 'attempts', 'last_error']).where('package_id', '=', pkg.id).where('delivery', '=', 'pending').orderBy('id').execute();
    assert.deepEqual(waiting.map((w) => w.code), ['04', '05']);
    assert.equal(waiting[0]!.attempts, 1, 'tried once');
    assert.ok(waiting[0]!.last_error);
    assert.equal(waiting[1]!.attempts, 0, 'the later one waits behind it');

    const overview = await exchange.overview(admin);
    assert.deepEqual(overview.packages.find((p) => p.documentId === documentId)!.statuses.map((s) => `${s.code} ${s.delivery}`), ['01 sent', '03 sent', '04 pending', '05 pending']);

    const back = await exchange.poll();
    assert.equal(back.answered, 2, JSON.stringify(back));
    assert.deepEqual(codesAbout(documentId), ['01', '03', '04', '05']);
    await exchange.poll();
    assert.deepEqual(codesAbout(documentId), ['01', '03', '04', '05']);
  });

  it('a document that did not come by the exchange sends nothing (announced and ignored)', async () => {
    const before = allStatuses();
    const today = vietnamDate(new Date());
    // Electronically from elsewhere (e.g. an agency on OpenDVC), with the partner's code but no package of ours.
    const elsewhere = await incoming.registerReceived({ agencyId: clerk.agencyId!, issuer: known.organName, senderCode: known.organId, numberSymbol: '77/STNMT-VP', issuedOn: addDays(today, -1), docType: 'official_letter', excerpt: 'Về việc không qua trục liên thông', packageId: randomUUID() });
    const paper = await incoming.register(clerk, { issuer: 'Ủy ban nhân dân tỉnh Bến Tre', numberSymbol: '88/UBND-VP', issuedOn: addDays(today, -1), docType: 'official_letter', excerpt: 'Về việc văn bản giấy' });
    for (const id of [elsewhere.id, paper.id]) {
      await incoming.act(leader, id, 'assign', { leadId: specialist.id, workingDays: 2 });
      await incoming.act(specialist, id, 'opinion', { text: 'Ý kiến.' });
      await incoming.act(specialist, id, 'close', {});
    }
    const report = await exchange.poll();
    assert.equal(report.consumed.handled, 0, JSON.stringify(report));
    assert.equal(allStatuses(), before, 'no status message to anyone');
    // The incoming module announced every event (registered, assigned, opinion, closed), and the consumer took them.
    const announced = await ctx.db
      .selectFrom('outbox as o')
      .leftJoin('outbox_deliveries as d', (j) => j.onRef('d.outbox_id', '=', 'o.id').on('d.consumer', '=', DOCEXCHANGE_CONSUMER))
      .select([sql<string>`o.payload->>'event'`.as('event'), 'd.delivered_at'])
      .where('o.topic', '=', 'incoming.status')
      .where(sql<boolean>`o.payload->>'documentId' IN (${elsewhere.id}, ${paper.id})`)
      .orderBy('o.id')
      .execute();
    assert.deepEqual(announced.map((a) => a.event), ['registered', 'registered', 'assigned', 'opinion', 'closed', 'assigned', 'opinion', 'closed']);
    assert.ok(announced.every((a) => a.delivered_at !== null));
  });
});
