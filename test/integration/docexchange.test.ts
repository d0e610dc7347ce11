// The national document exchange through its simulator (src/simulators/doc-exchange.ts): a package from an agency not
// on OpenDVC round-trips into one incoming document and "received" (01) and "accepted" (03) statuses back; a broken signature, an unknown
// sender, a malformed envelope and a false signature claim on the file each register nothing and answer a refusal
// (02); the same package twice registers once; a document we send reaches the partner's mailbox and its statuses
// (01, 04, 06) move our package to "completed".
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { sql } from 'kysely';
import { startDocExchangeSimulator } from '../../src/simulators/doc-exchange.ts';
import { parseEnvelope } from '../../src/modules/docexchange/docexchange.rules.ts';
import { createTestContext } from '../helpers/db.ts';
import { MINISTRY } from '../helpers/domain.ts';

const TOKEN = 'test-exchange-token-0123456789';
const sim = await startDocExchangeSimulator({ accounts: [{ organId: MINISTRY, organName: 'Bộ Văn hóa, Thể thao và Du lịch', token: TOKEN }] });
after(() => sim.close());
const ctx = await createTestContext({ demo: true, config: { DOC_EXCHANGE_URL: sim.url, DOC_EXCHANGE_TOKEN: TOKEN, DOC_EXCHANGE_ORGAN_ID: MINISTRY, DOC_EXCHANGE_ORGAN_NAME: 'Bộ VHTTDL' } });
after(() => ctx.db.destroy());
const exchange = ctx.services.docExchange;
const [known, unknown] = sim.agencies as [(typeof sim.agencies)[number], (typeof sim.agencies)[number]];
await exchange.demoPartners([known]);
const me = { organId: MINISTRY, organName: 'Bộ Văn hóa, Thể thao và Du lịch' };

async function incomingCount(): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM incoming_documents`.execute(ctx.db);
  return rows[0]!.n;
}

/** The status codes waiting in an organisation's mailbox (parsed), and takes them out of the list for the next check. */
function statusesTo(organId: string): string[] {
  return sim
    .mailbox(organId)
    .filter((m) => m.type === 'Status')
    .map((m) => {
      const parsed = parseEnvelope(m.body).message;
      return parsed.kind === 'status' ? parsed.statusCode : '?';
    });
}

describe('document exchange: receiving', () => {
  it('a package from a known partner becomes one incoming document and a 01 status goes back', async () => {
    const before = await incomingCount();
    const documentId = sim.send(known.organId, me, { subject: 'Về việc phối hợp thẩm định hồ sơ' });
    const report = await exchange.poll();
    assert.equal(report.received, 1, JSON.stringify(report));
    assert.equal(await incomingCount(), before + 1);
    const row = await ctx.db.selectFrom('incoming_documents').select(['package_id', 'sender_code']).where('package_id', '=', documentId).executeTakeFirst();
    assert.equal(row?.sender_code, known.organId);
    assert.deepEqual(statusesTo(known.organId), ['01', '03'], 'received, then registered (with its number)');
    assert.equal(sim.mailbox(MINISTRY).length, 0, 'taken off the exchange');
    const pkg = await ctx.db.selectFrom('docexchange_packages').selectAll().where('document_id', '=', documentId).executeTakeFirstOrThrow();
    assert.equal(pkg.direction, 'in');
    assert.equal(pkg.state, 'accepted');
  });

  it('the same package twice registers once', async () => {
    const documentId = sim.send(known.organId, me);
    const body = sim.mailbox(MINISTRY).find((m) => m.body.includes(documentId))!.body;
    sim.inject(known.organId, MINISTRY, 'eDoc', body);
    const before = await incomingCount();
    await exchange.poll();
    assert.equal(await incomingCount(), before + 1);
    assert.equal(sim.mailbox(MINISTRY).length, 0);
  });

  const refused: Array<[string, () => void, string, string]> = [
    ['a broken signature', () => sim.send(known.organId, me, { tamper: 'signature' }), known.organId, 'bad_signature'],
    ['an unknown sender', () => sim.send(unknown.organId, me), unknown.organId, 'unknown_sender'],
    ['a malformed envelope', () => sim.inject(known.organId, MINISTRY, 'eDoc', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "x">]><x>&e;</x>'), known.organId, 'malformed'],
    ['a file that claims a signature it does not carry', () => sim.send(known.organId, me, { signedClaim: true }), known.organId, 'attachment_signature'],
  ];
  for (const [name, act, sender, reason] of refused) {
    it(`${name}: refused with a 02 status, nothing registered`, async () => {
      const mailboxBefore = statusesTo(sender).length;
      const before = await incomingCount();
      const packagesBefore = (await ctx.db.selectFrom('docexchange_packages').select('id').where('direction', '=', 'in').execute()).length;
      act();
      const report = await exchange.poll();
      assert.equal(report.refused, 1, JSON.stringify(report));
      assert.equal(report.received, 0);
      assert.equal(await incomingCount(), before, 'no incoming document');
      assert.equal((await ctx.db.selectFrom('docexchange_packages').select('id').where('direction', '=', 'in').execute()).length, packagesBefore, 'no package row');
      const statuses = statusesTo(sender);
      assert.equal(statuses.length, mailboxBefore + 1);
      assert.equal(statuses.at(-1), '02');
      const refusal = await ctx.db.selectFrom('docexchange_refusals').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
      assert.equal(refusal.reason, reason);
      assert.equal(refusal.answered, true);
      assert.equal(sim.mailbox(MINISTRY).length, 0, 'taken off the exchange');
    });
  }
});

describe('document exchange: sending', () => {
  it('a document sent reaches the partner; its 01, 04, 06 statuses complete our package', async () => {
    const sent = await exchange.send({
      recipients: [known.organId],
      metadata: { codeNumber: '15', codeNotation: 'BVHTTDL-VP', promulgationDate: '2026-12-05', place: 'Hà Nội', documentType: 'official_letter', subject: 'Về việc cung cấp thông tin' },
      pdf: { name: 'cong-van.pdf', bytes: Buffer.from('%PDF-1.4\n%%EOF\n'), signed: false },
    });
    assert.equal(sent.state, 'sent');
    const delivered = sim.mailbox(known.organId).filter((m) => m.type === 'eDoc');
    assert.equal(delivered.length, 1);
    const parsed = parseEnvelope(delivered[0]!.body).message;
    assert.equal(parsed.kind === 'package' && parsed.subject, 'Về việc cung cấp thông tin');
    assert.equal(sim.respond(known.organId, sent.documentId, ['01', '04', '06']), 3);
    const report = await exchange.poll();
    assert.equal(report.statuses, 3, JSON.stringify(report));
    const row = await ctx.db.selectFrom('docexchange_packages').selectAll().where('id', '=', sent.id).executeTakeFirstOrThrow();
    assert.equal(row.state, 'completed');
    const statuses = await ctx.db.selectFrom('docexchange_statuses').select('code').where('package_id', '=', sent.id).orderBy('id').execute();
    assert.deepEqual(statuses.map((s) => s.code), ['01', '04', '06']);
  });

  it("the outgoing module's port: the addressee found by code or by name, an unknown one refused", async () => {
    const base = { documentId: '3d9a7a46-51a5-4a0b-9e29-1d6a7b3c0f01', issuer: { code: MINISTRY, name: 'Bộ VHTTDL' }, numberSymbol: '21/BVHTTDL-VP', docType: 'official_letter' as const, excerpt: 'Về việc trao đổi', signer: 'Lãnh đạo Bộ', issuedAt: new Date('2026-12-05T03:00:00Z'), file: { bytes: Buffer.from('%PDF-1.4\n%%EOF\n'), name: 'van-ban.pdf' } };
    const byCode = await exchange.sendOutgoing({ ...base, recipient: { name: 'Sở', address: known.organId } });
    const byName = await exchange.sendOutgoing({ ...base, recipient: { name: known.organName, address: null } });
    for (const ref of [byCode.reference, byName.reference]) {
      const row = await ctx.db.selectFrom('docexchange_packages').selectAll().where('document_id', '=', ref).executeTakeFirstOrThrow();
      assert.equal(row.state, 'sent');
      assert.equal(row.code_notation, '21/BVHTTDL-VP');
      assert.equal(row.local_document_id, base.documentId);
    }
    await assert.rejects(exchange.sendOutgoing({ ...base, recipient: { name: 'Không có', address: 'Số 1 phố Huế' } }), (error: { code?: string }) => error.code === 'DOCEXCHANGE_PARTNER_UNKNOWN');
  });

  it('an unknown recipient is refused before anything is sent', async () => {
    await assert.rejects(
      exchange.send({ recipients: [unknown.organId], metadata: { codeNumber: '1', codeNotation: 'X', promulgationDate: '2026-12-05', place: 'Hà Nội', documentType: 'notice', subject: 'x' }, pdf: { name: 'a.pdf', bytes: Buffer.from('%PDF'), signed: false } }),
      (error: { code?: string }) => error.code === 'DOCEXCHANGE_PARTNER_UNKNOWN',
    );
  });

  it('a forged status (broken signature) changes nothing', async () => {
    const sent = await exchange.send({
      recipients: [known.organId],
      metadata: { codeNumber: '16', codeNotation: 'BVHTTDL-VP', promulgationDate: '2026-12-05', place: 'Hà Nội', documentType: 'official_letter', subject: 'Thử trạng thái giả' },
      pdf: { name: 'cong-van.pdf', bytes: Buffer.from('%PDF-1.4\n%%EOF\n'), signed: false },
    });
    sim.respond(known.organId, sent.documentId, ['06']);
    const forged = sim.mailbox(MINISTRY).find((m) => m.type === 'Status')!;
    // Take the genuine one off and put a tampered copy in its place.
    sim.inject(known.organId, MINISTRY, 'Status', forged.body.replace('Đã giải quyết xong', 'Đã giải quyết xong (giả)'));
    await fetch(`${sim.url}/edocs/${forged.id}/done`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
    const report = await exchange.poll();
    assert.equal(report.refused, 1);
    const row = await ctx.db.selectFrom('docexchange_packages').select('state').where('id', '=', sent.id).executeTakeFirstOrThrow();
    assert.equal(row.state, 'sent');
  });
});
