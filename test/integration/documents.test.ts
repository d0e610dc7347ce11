// The personal document store, removing attachments, orphan clean-up (local disk), and the applicant's ID
// number at submission and in the public lookup.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, utimes, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, describe, it } from 'node:test';
import type { Actor } from '../../src/core/actor.ts';
import { DomainError } from '../../src/core/errors.ts';
import type { AppContext } from '../../src/container.ts';
import { DocumentsService } from '../../src/modules/documents/documents.service.ts';
import { actorOf } from '../../src/modules/identity/identity.service.ts';
import { createTestContext } from '../helpers/db.ts';
import { actorByUsername, COPYRIGHT_PROCEDURE, newCitizen, PDF, PNG, upload } from '../helpers/dossiers.ts';

type Ctx = AppContext & { url: string };

async function rejects(promise: Promise<unknown>, code: string, check?: (e: DomainError) => void) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof DomainError, `expected DomainError ${code}, got ${String(error)}`);
    assert.equal(error.code, code);
    check?.(error);
    return true;
  });
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function draftWithForm(ctx: Ctx, who: Actor) {
  const draft = await ctx.services.dossiers.createDraft(who, COPYRIGHT_PROCEDURE);
  await ctx.services.dossiers.saveForm(who, draft.id, { ...draft.form.data, requestContent: 'Đăng ký quyền tác giả cho tác phẩm "Mùa thu Hà Nội".' });
  return draft;
}

const count = async (ctx: Ctx, table: 'files' | 'personal_documents' | 'dossier_files', column: string, value: string) =>
  Number((await ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).where(column as never, '=', value as never).executeTakeFirstOrThrow()).n);

describe('personal document store', async () => {
  // Its own files folder: the orphan sweep below removes content this database does not know.
  const filesDir = await mkdtemp(path.join(os.tmpdir(), 'opendvc-docs-'));
  const ctx: Ctx = await createTestContext({ demo: true, config: { FILES_DIR: filesDir } });
  const citizen = await newCitizen(ctx);
  const other = await newCitizen(ctx, 'Trần Văn Cường');
  after(async () => {
    await rm(filesDir, { recursive: true, force: true });
  });

  it('keeps every attached upload in the owner\'s store, in the attaching transaction', async () => {
    const draft = await draftWithForm(ctx, citizen);
    const required = draft.documents.filter((d) => d.required);
    const added = await ctx.services.dossiers.addFile(citizen, draft.id, upload(required[0]!.documentId, PDF, 'don-de-nghi.pdf'));
    const mine = await ctx.services.documents.listMine(citizen);
    const entry = mine.find((d) => d.fileId === added.fileId);
    assert.ok(entry, 'the upload is in the store');
    assert.equal(entry.kind, 'upload');
    assert.equal(entry.title, required[0]!.name);
    assert.equal(entry.name, 'don-de-nghi.pdf');
    assert.equal(entry.sizeBytes, PDF.length);
    assert.equal(entry.sourceDossierId, draft.id);
    assert.equal(entry.shared, false);
    // Nobody else sees it.
    assert.equal((await ctx.services.documents.listMine(other)).some((d) => d.fileId === added.fileId), false);
    await rejects(ctx.services.documents.open(other, entry.id), 'NOT_FOUND');
    const opened = await ctx.services.documents.open(citizen, entry.id);
    assert.deepEqual(await readAll(opened.stream), PDF);
    // A refused upload leaves nothing in the store.
    const before = (await ctx.services.documents.listMine(citizen)).length;
    await rejects(ctx.services.dossiers.addFile(citizen, draft.id, upload(required[0]!.documentId, Buffer.from('MZ not a pdf at all'), 'x.pdf')), 'FILE_TYPE_NOT_ALLOWED');
    assert.equal((await ctx.services.documents.listMine(citizen)).length, before);
  });

  it('attaches a stored document to a later draft without copying it, within the target\'s limits', async () => {
    const first = await draftWithForm(ctx, citizen);
    const doc = first.documents.find((d) => d.required)!;
    const added = await ctx.services.dossiers.addFile(citizen, first.id, upload(doc.documentId, PNG, 'anh.png'));
    const entry = (await ctx.services.documents.listMine(citizen)).find((d) => d.fileId === added.fileId)!;
    const filesBefore = Number((await ctx.db.selectFrom('files').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

    const second = await draftWithForm(ctx, citizen);
    const attached = await ctx.services.documents.attachFromStore(citizen, second.id, { documentId: doc.documentId, personalDocumentId: entry.id });
    assert.equal(attached.fileId, added.fileId, 'the same stored file');
    assert.equal(attached.sha256, added.sha256);
    const filesAfter = Number((await ctx.db.selectFrom('files').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    assert.equal(filesAfter, filesBefore, 'no copy');
    const detail = await ctx.services.dossiers.get(citizen, second.id);
    assert.deepEqual(detail.documents.find((d) => d.documentId === doc.documentId)!.files.map((f) => f.fileId), [added.fileId]);
    // Not twice for the same document.
    await rejects(ctx.services.documents.attachFromStore(citizen, second.id, { documentId: doc.documentId, personalDocumentId: entry.id }), 'FILE_ALREADY_ATTACHED');
    // Only from one's own store (another person's entry looks unknown), to one's own draft, for its documents.
    const othersDraft = await draftWithForm(ctx, other);
    await rejects(ctx.services.documents.attachFromStore(other, othersDraft.id, { documentId: doc.documentId, personalDocumentId: entry.id }), 'VALIDATION_FAILED', (e) =>
      assert.deepEqual(e.fieldErrors.map((f) => [f.path, f.code]), [['/personalDocumentId', 'STORE_DOCUMENT_NOT_FOUND']]),
    );
    await rejects(ctx.services.documents.attachFromStore(other, second.id, { documentId: doc.documentId, personalDocumentId: entry.id }), 'NOT_FOUND');
    await rejects(ctx.services.documents.attachFromStore(citizen, second.id, { documentId: randomBytes(16).toString('hex').replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-'), personalDocumentId: 'nope' }), 'VALIDATION_FAILED', (e) =>
      assert.deepEqual(e.fieldErrors.map((f) => [f.path, f.code]).sort(), [['/documentId', 'DOCUMENT_UNKNOWN'], ['/personalDocumentId', 'STORE_DOCUMENT_NOT_FOUND']]),
    );
    // The target's size limits apply.
    const strict = new DocumentsService(ctx.db, ctx.services.files, ctx.services.audit, { maxFileBytes: PNG.length - 1, maxTotalBytes: 10_000, catalog: ctx.services.catalog });
    const third = await draftWithForm(ctx, citizen);
    await rejects(strict.attachFromStore(citizen, third.id, { documentId: doc.documentId, personalDocumentId: entry.id }), 'FILE_TOO_LARGE');
    const tight = new DocumentsService(ctx.db, ctx.services.files, ctx.services.audit, { maxFileBytes: 10_000, maxTotalBytes: PNG.length - 1, catalog: ctx.services.catalog });
    await rejects(tight.attachFromStore(citizen, third.id, { documentId: doc.documentId, personalDocumentId: entry.id }), 'DOSSIER_FILES_TOO_LARGE');
    // And the allowed types: a stored file of another type (e.g. a result in a format not accepted here).
    const odd = await ctx.db.transaction().execute(async (tx) => {
      const file = await ctx.services.files.put(tx, Buffer.from('plain text'), { name: 'ghi-chu.txt', mediaType: 'text/plain', createdBy: citizen.id });
      await ctx.services.documents.addResult(tx, { accountId: citizen.id, organisationId: null, fileId: file.id, title: 'Ghi chú', dossierId: null });
      return file;
    });
    const oddEntry = (await ctx.services.documents.listMine(citizen)).find((d) => d.fileId === odd.id)!;
    assert.equal(oddEntry.kind, 'result');
    await rejects(ctx.services.documents.attachFromStore(citizen, third.id, { documentId: doc.documentId, personalDocumentId: oddEntry.id }), 'FILE_TYPE_NOT_ALLOWED');
    // Only to drafts.
    for (const d of third.documents.filter((x) => x.required)) await ctx.services.dossiers.addFile(citizen, third.id, upload(d.documentId));
    await ctx.services.dossiers.submit(citizen, third.id);
    await rejects(ctx.services.documents.attachFromStore(citizen, third.id, { documentId: doc.documentId, personalDocumentId: entry.id }), 'DOSSIER_ALREADY_SUBMITTED', (e) => assert.equal(e.status, 409));
    assert.ok(Number((await ctx.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).where('action', '=', 'dossier.add_file_from_store').executeTakeFirstOrThrow()).n) >= 1);
  });

  it('shares an organisation member\'s documents with the other members', async () => {
    const member = await actorByUsername(ctx, 'demo.doanhnghiep');
    const account = await ctx.db.selectFrom('accounts').selectAll().where('id', '=', member.id).executeTakeFirstOrThrow();
    const colleagueRow = await ctx.db
      .insertInto('accounts')
      .values({ username: `nv.${randomBytes(3).toString('hex')}`, kind: 'organisation', organisation_id: account.organisation_id, password_hash: 'x', full_name: 'Nguyễn Thị Hoa', phone: '0912345678', email: `nv.${randomBytes(3).toString('hex')}@example.vn`, email_verified_at: new Date() })
      .returningAll()
      .executeTakeFirstOrThrow();
    const colleague = actorOf(colleagueRow, []);
    const draft = await draftWithForm(ctx, member);
    const doc = draft.documents.find((d) => d.required)!;
    const added = await ctx.services.dossiers.addFile(member, draft.id, upload(doc.documentId));
    const shared = (await ctx.services.documents.listMine(colleague)).find((d) => d.fileId === added.fileId);
    assert.ok(shared, 'a colleague sees it');
    assert.equal(shared.shared, true);
    const colleaguesDraft = await draftWithForm(ctx, colleague);
    const attached = await ctx.services.documents.attachFromStore(colleague, colleaguesDraft.id, { documentId: doc.documentId, personalDocumentId: shared.id });
    assert.equal(attached.fileId, added.fileId);
    assert.equal((await ctx.services.documents.listMine(citizen)).some((d) => d.fileId === added.fileId), false);
  });

  it('removes an attached file from a draft; the stored file goes only when nothing references it', async () => {
    const draft = await draftWithForm(ctx, citizen);
    const doc = draft.documents.find((d) => d.required)!;
    const a = await ctx.services.dossiers.addFile(citizen, draft.id, upload(doc.documentId, PDF, 'sai.pdf'));
    const key = (await ctx.db.selectFrom('files').select('storage_key').where('id', '=', a.fileId).executeTakeFirstOrThrow()).storage_key;
    assert.ok(existsSync(path.join(filesDir, key)));
    // Others: 404; unknown attachment: 404.
    await rejects(ctx.services.documents.removeAttachment(other, draft.id, a.id), 'NOT_FOUND');
    await rejects(ctx.services.documents.removeAttachment(citizen, draft.id, '00000000-0000-4000-8000-000000000000'), 'NOT_FOUND');
    // Removed: an upload made for this draft only leaves the store and storage.
    const removed = await ctx.services.documents.removeAttachment(citizen, draft.id, a.id);
    assert.deepEqual(removed, { removed: 1, fileDeleted: true });
    assert.equal(await count(ctx, 'dossier_files', 'file_id', a.fileId), 0);
    assert.equal(await count(ctx, 'personal_documents', 'file_id', a.fileId), 0);
    assert.equal(await count(ctx, 'files', 'id', a.fileId), 0);
    assert.equal(existsSync(path.join(filesDir, key)), false);

    // A file another dossier uses stays (in the store and in storage) — removal by the stored file's id.
    const b = await ctx.services.dossiers.addFile(citizen, draft.id, upload(doc.documentId, PDF, 'dung.pdf'));
    const entry = (await ctx.services.documents.listMine(citizen)).find((d) => d.fileId === b.fileId)!;
    const later = await draftWithForm(ctx, citizen);
    await ctx.services.documents.attachFromStore(citizen, later.id, { documentId: doc.documentId, personalDocumentId: entry.id });
    assert.deepEqual(await ctx.services.documents.removeAttachment(citizen, draft.id, b.fileId), { removed: 1, fileDeleted: false });
    assert.equal(await count(ctx, 'files', 'id', b.fileId), 1);
    assert.equal(await count(ctx, 'personal_documents', 'file_id', b.fileId), 1);
    // Removed from the later draft too: the store still holds it (it came from the store), so it stays.
    assert.deepEqual(await ctx.services.documents.removeAttachment(citizen, later.id, b.fileId), { removed: 1, fileDeleted: false });
    assert.equal(await count(ctx, 'files', 'id', b.fileId), 1);
    // Submitted dossiers: 409.
    const submitted = await draftWithForm(ctx, citizen);
    const c = await ctx.services.dossiers.addFile(citizen, submitted.id, upload(doc.documentId));
    for (const d of submitted.documents.filter((x) => x.required && x.documentId !== doc.documentId)) await ctx.services.dossiers.addFile(citizen, submitted.id, upload(d.documentId));
    await ctx.services.dossiers.submit(citizen, submitted.id);
    await rejects(ctx.services.documents.removeAttachment(citizen, submitted.id, c.id), 'DOSSIER_ALREADY_SUBMITTED', (e) => assert.equal(e.status, 409));
    assert.equal(await count(ctx, 'dossier_files', 'id', c.id), 1);
  });

  it('cleans up stored files nothing references, content without a row and staging leftovers, after a grace period', async () => {
    const now = new Date();
    // An unreferenced file (e.g. the back office stored one and then rolled back its link) and a referenced one.
    const [orphan, kept] = await ctx.db.transaction().execute(async (tx) => [
      await ctx.services.files.put(tx, PDF, { name: 'mo-coi.pdf', mediaType: 'application/pdf', createdBy: null }),
      await ctx.services.files.put(tx, PDF, { name: 'giu-lai.pdf', mediaType: 'application/pdf', createdBy: null }),
    ]);
    await ctx.db.transaction().execute((tx) => ctx.services.documents.addResult(tx, { accountId: citizen.id, organisationId: null, fileId: kept.id, title: 'Giấy chứng nhận', dossierId: null }));
    const recentOrphan = await ctx.db.transaction().execute((tx) => ctx.services.files.put(tx, PDF, { name: 'moi.pdf', mediaType: 'application/pdf', createdBy: null }));
    const old = new Date(now.getTime() - 3 * 86_400_000);
    await ctx.db.updateTable('files').set({ created_at: old }).where('id', 'in', [orphan.id, kept.id]).execute();
    // Content without a row (a crash between storing the content and committing its row), old and new.
    const strayOld = `ab/${'ab'.padEnd(8, '0')}-0000-4000-8000-000000000001`;
    const strayNew = `ab/${'ab'.padEnd(8, '0')}-0000-4000-8000-000000000002`;
    await mkdir(path.join(filesDir, 'ab'), { recursive: true });
    await writeFile(path.join(filesDir, strayOld), 'x');
    await writeFile(path.join(filesDir, strayNew), 'x');
    await utimes(path.join(filesDir, strayOld), old, old);
    const partOld = path.join(filesDir, 'tmp', 'interrupted.part');
    await mkdir(path.dirname(partOld), { recursive: true });
    await writeFile(partOld, 'x');
    await utimes(partOld, old, old);

    await ctx.services.dossiers.cleanup(now);
    const result = await ctx.services.files.sweep(now); // job files.sweep
    assert.ok(result.filesDeleted + result.strayContentDeleted >= 2, `orphans deleted: ${result.filesDeleted + result.strayContentDeleted}`);
    assert.ok(result.tempFilesDeleted >= 1);
    assert.equal(await count(ctx, 'files', 'id', orphan.id), 0);
    assert.equal(existsSync(path.join(filesDir, orphan.storage_key)), false);
    assert.equal(existsSync(path.join(filesDir, strayOld)), false);
    assert.equal(existsSync(partOld), false);
    // Referenced or recent: kept.
    assert.equal(await count(ctx, 'files', 'id', kept.id), 1);
    assert.ok(existsSync(path.join(filesDir, kept.storage_key)));
    assert.equal(await count(ctx, 'files', 'id', recentOrphan.id), 1);
    assert.ok(existsSync(path.join(filesDir, strayNew)));
    // Every file of a dossier and every procedure template is still there.
    const referenced = await ctx.db.selectFrom('dossier_files as df').innerJoin('files as f', 'f.id', 'df.file_id').select('f.storage_key').execute();
    assert.ok(referenced.length > 0);
    assert.ok(referenced.every((r) => existsSync(path.join(filesDir, r.storage_key))));
    const templates = await ctx.db.selectFrom('procedure_documents').select('template_file_id').where('template_file_id', 'is not', null).execute();
    for (const t of templates) assert.equal(await count(ctx, 'files', 'id', t.template_file_id!), 1);
    assert.ok((await readdir(filesDir)).includes('ab'));
  });
});

describe('applicant ID number at submission and in the public lookup', async () => {
  const ctx: Ctx = await createTestContext({ demo: true });

  it('keeps the personal ID (citizens) or the tax code (businesses) and accepts it instead of the secret', async () => {
    const citizen = await newCitizen(ctx);
    const account = await ctx.db.selectFrom('accounts').select('personal_id').where('id', '=', citizen.id).executeTakeFirstOrThrow();
    const draft = await draftWithForm(ctx, citizen);
    for (const d of draft.documents.filter((x) => x.required)) await ctx.services.dossiers.addFile(citizen, draft.id, upload(d.documentId));
    const { code } = await ctx.services.dossiers.submit(citizen, draft.id);
    const row = await ctx.db.selectFrom('dossiers').select(['applicant_id_number']).where('id', '=', draft.id).executeTakeFirstOrThrow();
    assert.equal(row.applicant_id_number, account.personal_id);
    const ip = `203.0.113.${Math.floor(Math.random() * 200) + 1}`;
    const found = await ctx.services.dossiers.lookup(code, ` ${account.personal_id} `, ip);
    assert.equal(found.code, code);
    // A wrong number answers like an unknown code, and counts as a failure.
    const wrong = account.personal_id!.replace(/.$/, (c) => String((Number(c) + 1) % 10));
    await rejects(ctx.services.dossiers.lookup(code, wrong, ip), 'NOT_FOUND', (e) => assert.equal(e.params, undefined));
    await rejects(ctx.services.dossiers.lookup('000.00.00.X00-000000-0000', account.personal_id!, ip), 'NOT_FOUND', (e) => assert.equal(e.params, undefined));
    // Another applicant's number does not open this dossier.
    const other = await newCitizen(ctx);
    const otherId = (await ctx.db.selectFrom('accounts').select('personal_id').where('id', '=', other.id).executeTakeFirstOrThrow()).personal_id!;
    await rejects(ctx.services.dossiers.lookup(code, otherId, ip), 'NOT_FOUND');
    const failures = Number((await ctx.db.selectFrom('lookup_attempts').select((eb) => eb.fn.countAll<string>().as('n')).where('ip', '=', ip).executeTakeFirstOrThrow()).n);
    assert.equal(failures, 3);
    // Rate limit: after the allowed failures even the right number gets 429.
    for (let i = failures; i < 10; i++) await rejects(ctx.services.dossiers.lookup(code, wrong, ip), 'NOT_FOUND');
    await rejects(ctx.services.dossiers.lookup(code, account.personal_id!, ip), 'RATE_LIMITED');

    const business = await actorByUsername(ctx, 'demo.doanhnghiep');
    const taxCode = (await ctx.db.selectFrom('accounts as a').innerJoin('organisations as o', 'o.id', 'a.organisation_id').select('o.tax_code').where('a.id', '=', business.id).executeTakeFirstOrThrow()).tax_code;
    const bDraft = await draftWithForm(ctx, business);
    for (const d of bDraft.documents.filter((x) => x.required)) await ctx.services.dossiers.addFile(business, bDraft.id, upload(d.documentId));
    const submitted = await ctx.services.dossiers.submit(business, bDraft.id);
    const bRow = await ctx.db.selectFrom('dossiers').select(['applicant_id_number']).where('id', '=', bDraft.id).executeTakeFirstOrThrow();
    assert.equal(bRow.applicant_id_number, taxCode);
    assert.equal((await ctx.services.dossiers.lookup(submitted.code, taxCode, '203.0.113.250')).code, submitted.code);
  });
});
