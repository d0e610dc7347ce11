// Electronic results against PostgreSQL: issue (generate + sign + store, one transaction with the personal
// document, audit and outbox rows, electronic_result derived), upload of a result signed outside (verified; broken
// or untrusted refused naming the file field), revoke, the public verification and its rate limit, authorisation.
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import type { DossierStatus } from '../../src/db/schema.ts';
import { createTestContext } from '../helpers/db.ts';
import { rejectsWith } from '../helpers/domain.ts';
import { actorByUsername, submittedDossier } from '../helpers/dossiers.ts';
import { signedResult, testPki, unsignedResult } from '../helpers/results.ts';

describe('electronic results (PostgreSQL)', async () => {
  const ctx = await createTestContext({ demo: true });
  const results = ctx.services.results;
  const citizen = await actorByUsername(ctx, 'demo.congdan');
  const leader = await actorByUsername(ctx, 'demo.lanhdao');
  const specialist = await actorByUsername(ctx, 'demo.chuyenvien');
  const receptionist = await actorByUsername(ctx, 'demo.motcua');
  const admin = await actorByUsername(ctx, 'demo.quantri');
  const setStatus = (id: string, status: number) => ctx.db.updateTable('dossiers').set({ status: status as DossierStatus }).where('id', '=', id).execute();
  const electronic = async (id: string) => (await ctx.db.selectFrom('dossiers').select('electronic_result').where('id', '=', id).executeTakeFirstOrThrow()).electronic_result;
  const stage = (bytes: Buffer, name = 'ket-qua.pdf') => ctx.services.files.stage(Readable.from([bytes]), name);
  const fileBytes = async (code: string) => {
    const opened = await results.open(leader, code);
    const chunks: Buffer[] = [];
    for await (const chunk of opened.stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  };

  const dossier = await submittedDossier(ctx, citizen);

  it('refuses a dossier that is not being handled yet', async () => {
    await assert.rejects(results.issue(leader, dossier.id), rejectsWith('RESULT_NOT_READY'));
  });

  it('only officers with the handling-and-signing roles of the agency issue; others see nothing', async () => {
    await setStatus(dossier.id, 4);
    await assert.rejects(results.issue(null, dossier.id), rejectsWith('UNAUTHENTICATED'));
    await assert.rejects(results.issue(citizen, dossier.id), rejectsWith('NOT_FOUND'));
    await assert.rejects(results.issue(receptionist, dossier.id), rejectsWith('NOT_FOUND'));
    await assert.rejects(results.issue(admin, dossier.id), rejectsWith('NOT_FOUND'));
    await assert.rejects(results.issue(leader, 'not-a-uuid'), rejectsWith('NOT_FOUND'));
    await assert.rejects(results.issue(leader, '00000000-0000-4000-8000-000000000000'), rejectsWith('NOT_FOUND'));
    assert.equal(await electronic(dossier.id), false);
  });

  let code = '';
  it('issues a signed result: file, row, personal document, audit, outbox; electronic_result derived', async () => {
    const before = await ctx.db.selectFrom('outbox').select((eb) => eb.fn.countAll<string>().as('n')).where('topic', '=', 'dossier.result').executeTakeFirstOrThrow();
    const view = await results.issue(specialist, dossier.id);
    code = view.code;
    assert.match(code, /^[0-9A-HJKMNP-TV-Z]{12}$/);
    assert.equal(view.source, 'generated');
    assert.match(view.signerSubject, /CN=Cục Bản quyền tác giả/);
    assert.equal(view.verifyUrl, `${ctx.config.baseUrl}/xac-thuc/${code}`);
    assert.equal(await electronic(dossier.id), true);
    const doc = await ctx.db.selectFrom('personal_documents').selectAll().where('source_dossier_id', '=', dossier.id).where('kind', '=', 'result').executeTakeFirstOrThrow();
    assert.equal(doc.file_id, view.fileId);
    assert.equal(doc.owner_id, citizen.id);
    const audit = await ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'result.issue').where('target_id', '=', dossier.id).execute();
    assert.equal(audit.length, 1);
    const after = await ctx.db.selectFrom('outbox').select((eb) => eb.fn.countAll<string>().as('n')).where('topic', '=', 'dossier.result').executeTakeFirstOrThrow();
    assert.equal(Number(after.n) - Number(before.n), 1);
    // The stored file is the signed PDF whose hash the row keeps, and our verification calls it genuine.
    const bytes = await fileBytes(code);
    const verdict = await results.verifyBytes(bytes);
    assert.equal(verdict.state, 'genuine', JSON.stringify(verdict));
    assert.ok(bytes.toString('latin1').includes('/ETSI.CAdES.detached'));
    // The PDF carries its verification URL (the QR code's text is drawn as vectors; the URL is printed too).
    const { createHash } = await import('node:crypto');
    assert.equal(createHash('sha256').update(bytes).digest('hex'), view.sha256);
  });

  it('the applicant lists and downloads; the agency reads; strangers get NOT_FOUND', async () => {
    assert.deepEqual((await results.list(citizen, dossier.id)).map((r) => r.code), [code]);
    assert.equal((await results.list(receptionist, dossier.id)).length, 1);
    const opened = await results.open(citizen, code);
    assert.equal(opened.file.media_type, 'application/pdf');
    opened.stream.destroy();
    const other = await actorByUsername(ctx, 'demo.doanhnghiep');
    await assert.rejects(results.list(other, dossier.id), rejectsWith('NOT_FOUND'));
    await assert.rejects(results.open(other, code), rejectsWith('NOT_FOUND'));
    await assert.rejects(results.open(null, code), rejectsWith('UNAUTHENTICATED'));
    await assert.rejects(results.open(citizen, 'ZZZZZZZZZZZZ'), rejectsWith('NOT_FOUND'));
  });

  it('the public verification: genuine, the same file genuine, a changed file altered, unknown codes', async () => {
    const v = await results.verify(code.toLowerCase(), '203.0.113.1');
    assert.equal(v.state, 'genuine');
    assert.equal(v.result?.dossierCode, dossier.code);
    const bytes = await fileBytes(code);
    assert.equal((await results.verify(code, '203.0.113.1', bytes)).state, 'genuine');
    const changed = Buffer.from(bytes);
    changed[300] = changed[300]! ^ 1;
    const altered = await results.verify(code, '203.0.113.1', changed);
    assert.equal(altered.state, 'altered');
    assert.equal(altered.file?.verdict, 'altered');
    assert.equal((await results.verify('AAAA-BBBB-CCCC', '203.0.113.1')).state, 'unknown');
    assert.equal((await results.verify('not a code at all', '203.0.113.1')).state, 'unknown');
  });

  it('unknown codes are rate-limited per address, like the public lookup', async () => {
    for (let i = 0; i < 20; i++) await results.verify(`0000-0000-${String(i).padStart(4, '0')}`, '198.51.100.7');
    await assert.rejects(results.verify(code, '198.51.100.7'), rejectsWith('RATE_LIMITED'));
    assert.equal((await results.verify(code, '198.51.100.8')).state, 'genuine');
  });

  it('an upload signed with a trusted certificate is stored with its signer', async () => {
    const identity = await results.pki.signer({ id: dossier.agencyId, name: 'Cục Bản quyền tác giả' });
    const pdf = await signedResult(identity);
    const view = await results.upload(leader, dossier.id, await stage(pdf, 'gcn-da-ky.pdf'));
    assert.equal(view.source, 'uploaded');
    assert.match(view.signerSubject, /Cục Bản quyền tác giả/);
    assert.ok(view.signedAt instanceof Date);
    assert.equal((await results.verify(view.code, '203.0.113.2', pdf)).state, 'genuine');
  });

  it('an upload whose signature is broken, missing or untrusted is refused, naming the file field', async () => {
    const identity = await results.pki.signer({ id: dossier.agencyId, name: 'Cục Bản quyền tác giả' });
    const good = await signedResult(identity);
    const broken = Buffer.from(good);
    broken[400] = broken[400]! ^ 1;
    await assert.rejects(results.upload(leader, dossier.id, await stage(broken)), rejectsWith('RESULT_SIGNATURE_INVALID', ['/file:RESULT_SIGNATURE_INVALID']));
    await assert.rejects(results.upload(leader, dossier.id, await stage(await unsignedResult())), rejectsWith('RESULT_SIGNATURE_INVALID', ['/file:RESULT_SIGNATURE_INVALID']));
    await assert.rejects(results.upload(leader, dossier.id, await stage(await signedResult(testPki().stranger))), rejectsWith('RESULT_SIGNER_UNTRUSTED', ['/file:RESULT_SIGNER_UNTRUSTED']));
    await assert.rejects(results.upload(leader, dossier.id, await stage(await signedResult(testPki().identity))), rejectsWith('RESULT_SIGNER_UNTRUSTED', ['/file:RESULT_SIGNER_UNTRUSTED']));
    await assert.rejects(results.upload(leader, dossier.id, await stage(Buffer.alloc(0))), rejectsWith('VALIDATION_FAILED', ['/file:required']));
    await assert.rejects(results.upload(leader, dossier.id, null), rejectsWith('VALIDATION_FAILED', ['/file:required']));
    await assert.rejects(results.upload(citizen, dossier.id, await stage(good)), rejectsWith('NOT_FOUND'));
    assert.equal((await results.list(leader, dossier.id)).length, 2, 'nothing stored by the refusals');
  });

  it('revocation: with a reason, once, by the agency; electronic_result follows the results left', async () => {
    await assert.rejects(results.revoke(leader, code, '   '), rejectsWith('VALIDATION_FAILED', ['/reason:required']));
    await assert.rejects(results.revoke(citizen, code, 'Sai thông tin'), rejectsWith('NOT_FOUND'));
    await assert.rejects(results.revoke(leader, 'ZZZZZZZZZZZZ', 'Sai thông tin'), rejectsWith('NOT_FOUND'));
    const revoked = await results.revoke(leader, code, 'Sai tên tác phẩm');
    assert.equal(revoked.revokeReason, 'Sai tên tác phẩm');
    await assert.rejects(results.revoke(leader, code, 'Lần nữa'), rejectsWith('RESULT_REVOKED'));
    const v = await results.verify(code, '203.0.113.3');
    assert.equal(v.state, 'revoked');
    assert.equal(v.result?.revokeReason, 'Sai tên tác phẩm');
    // The uploaded result is still valid: the dossier keeps its electronic result.
    assert.equal(await electronic(dossier.id), true);
    const other = (await results.list(leader, dossier.id)).find((r) => !r.revokedAt)!;
    await results.revoke(leader, other.code, 'Thay bằng bản mới');
    assert.equal(await electronic(dossier.id), false);
    assert.equal((await ctx.db.selectFrom('audit_log').select('id').where('action', '=', 'result.revoke').execute()).length, 2);
  });

  it('the demo CA and the agency certificate are made once and kept', async () => {
    const keys = await ctx.db.selectFrom('signing_keys').select(['kind', 'agency_id']).execute();
    assert.equal(keys.filter((k) => k.kind === 'ca').length, 1);
    assert.equal(keys.filter((k) => k.agency_id === dossier.agencyId).length, 1);
    const anchors = await results.trustStore();
    assert.equal(anchors.length, 1);
    assert.match(anchors[0]!.subject, /OpenDVC Demo CA/);
  });
});
