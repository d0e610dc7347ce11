import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Actor } from '../../src/core/actor.ts';
import { DomainError } from '../../src/core/errors.ts';
import type { AppContext } from '../../src/container.ts';
import { actorOf } from '../../src/modules/identity/identity.service.ts';
import { DossiersService, type DraftView } from '../../src/modules/dossiers/dossiers.service.ts';
import { DossiersRepository } from '../../src/modules/dossiers/dossiers.repository.ts';
import { jobs } from '../../src/modules/jobs.ts';
import { createTestContext } from '../helpers/db.ts';

const COPYRIGHT = '1.001823'; // Cấp Giấy chứng nhận đăng ký quyền tác giả: level 4, citizens and organisations
const NOT_ONLINE = '1.001832'; // level 1
const ORGANISATIONS_ONLY = '1.001127'; // level 4, organisations only
const PDF = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('0000000d49484452000000010000000108060000001f15c489', 'hex')]);
const EXE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00', 'latin1'), Buffer.alloc(200, 0)]);
const NOW = new Date('2026-11-23T03:00:00Z'); // 10:00 in Vietnam → day 261123

type Ctx = AppContext & { url: string };

async function actor(ctx: Ctx, username: string): Promise<Actor> {
  const account = await ctx.db.selectFrom('accounts').selectAll().where('username', '=', username).executeTakeFirstOrThrow();
  return actorOf(account, []);
}

/** Another account of the given kind (organisation accounts join the demo business, or a new one). */
async function newApplicant(ctx: Ctx, kind: 'citizen' | 'organisation', organisationId: string | null = null): Promise<Actor> {
  const suffix = randomBytes(4).toString('hex');
  if (kind === 'organisation' && !organisationId) {
    const org = await ctx.db
      .insertInto('organisations')
      .values({ tax_code: `0${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`, name: `Công ty ${suffix}`, legal_representative: 'Phạm Văn Bình' })
      .returning('id')
      .executeTakeFirstOrThrow();
    organisationId = org.id;
  }
  const account = await ctx.db
    .insertInto('accounts')
    .values({
      username: `test.${suffix}`,
      kind,
      password_hash: 'x',
      full_name: kind === 'citizen' ? 'Lê Thị Bình' : 'Phạm Văn Bình',
      personal_id: kind === 'citizen' ? `0790${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}` : null,
      phone: '0987654321',
      address: 'Số 1 Tràng Tiền, Hà Nội',
      organisation_id: organisationId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return actorOf(account, []);
}

function upload(documentId: string | undefined, bytes: Buffer, filename = 'to-khai.pdf') {
  return { documentId, source: Readable.from([bytes]), filename, declaredType: 'application/pdf' };
}

async function rejects(promise: Promise<unknown>, code: string, check?: (error: DomainError) => void) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof DomainError, String(error));
    assert.equal(error.code, code, JSON.stringify(error.fieldErrors));
    check?.(error);
    return true;
  });
}

async function count(ctx: Ctx, table: 'dossiers' | 'dossier_events' | 'outbox' | 'files' | 'dossier_files' | 'audit_log', where?: (qb: any) => any): Promise<number> {
  let q = ctx.db.selectFrom(table as 'files').select(sql<number>`count(*)::int`.as('n')) as any;
  if (where) q = where(q);
  return (await q.executeTakeFirstOrThrow()).n;
}

/** A draft with a complete form and a file for every required document. */
async function readyDraft(ctx: Ctx, who: Actor, service = ctx.services.dossiers, code = COPYRIGHT): Promise<DraftView> {
  const draft = await service.createDraft(who, code);
  await service.saveForm(who, draft.id, { ...draft.form.data, requestContent: 'Đăng ký quyền tác giả cho tác phẩm "Mùa thu Hà Nội".' });
  for (const d of draft.documents.filter((x) => x.required)) await service.addFile(who, draft.id, upload(d.documentId, PDF));
  return draft;
}

describe('online submission (PostgreSQL)', async () => {
  const filesDir = path.join(os.tmpdir(), `opendvc-dossiers-${randomBytes(4).toString('hex')}`);
  const ctx = await createTestContext({ demo: true, config: { FILES_DIR: filesDir } });
  const dossiers = ctx.services.dossiers;
  const citizen = await actor(ctx, 'demo.congdan');
  const business = await actor(ctx, 'demo.doanhnghiep');
  const receptionist = await actor(ctx, 'demo.motcua');

  it('creates a draft with the e-form prefilled and the documents of the frozen version', async () => {
    const draft = await dossiers.createDraft(citizen, COPYRIGHT);
    const row = await ctx.db.selectFrom('dossiers').selectAll().where('id', '=', draft.id).executeTakeFirstOrThrow();
    const version = await ctx.services.catalog.published(COPYRIGHT);
    assert.equal(row.procedure_version_id, version.id);
    assert.equal(row.agency_id, version.agency_id);
    assert.equal(row.status, null);
    assert.equal(row.code, null);
    assert.equal(row.organisation_id, null);
    assert.deepEqual(draft.form.data, { fullName: 'Nguyễn Văn An', personalId: '079090001234', phone: '0912345678', email: 'congdan@example.vn', address: 'Số 5 Nguyễn Du, phường Hai Bà Trưng, Hà Nội' });
    assert.equal((draft.form.schema as { title: string }).title, 'Tờ khai: Cấp Giấy chứng nhận đăng ký quyền tác giả');
    assert.deepEqual(draft.documents.map((d) => d.documentId), version.documents.map((d) => d.id));
    assert.deepEqual(draft.documents.map((d) => d.required), [true, true, false, false, false]);
    assert.ok(draft.documents.every((d) => d.allowedTypes.includes('application/pdf')));
    assert.equal(await count(ctx, 'audit_log', (q) => q.where('action', '=', 'dossier.create_draft').where('target_id', '=', draft.id)), 1);
  });

  it('lets only applicants apply, only online, only when the procedure is for them', async () => {
    await rejects(dossiers.createDraft(null, COPYRIGHT), 'UNAUTHENTICATED');
    await rejects(dossiers.createDraft(receptionist, COPYRIGHT), 'DOSSIER_APPLICANTS_ONLY');
    await rejects(dossiers.createDraft(citizen, NOT_ONLINE), 'PROCEDURE_NOT_ONLINE');
    await rejects(dossiers.createDraft(citizen, ORGANISATIONS_ONLY), 'PROCEDURE_NOT_FOR_APPLICANT');
    await rejects(dossiers.createDraft(citizen, '9.999999'), 'NOT_FOUND');
    const draft = await dossiers.createDraft(business, ORGANISATIONS_ONLY);
    assert.ok(draft.id);
  });

  it('goes draft → form → files → submit, with history, outbox and audit in the same transaction', async () => {
    const draft = await readyDraft(ctx, citizen);
    const auditBefore = await count(ctx, 'audit_log');
    const result = await dossiers.submit(citizen, draft.id, null, NOW);
    assert.match(result.code, /^000\.00\.12\.G14-261123-\d{4}$/);
    assert.match(result.lookupSecret!, /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/);
    assert.equal(result.status, 1);
    assert.equal(result.replayed, false);
    const row = await ctx.db.selectFrom('dossiers').selectAll().where('id', '=', draft.id).executeTakeFirstOrThrow();
    assert.equal(row.status, 1);
    assert.equal(row.channel, 2);
    assert.equal(row.code, result.code);
    assert.equal(row.submitted_at?.toISOString(), NOW.toISOString());
    assert.notEqual(row.lookup_secret_hash, result.lookupSecret);
    assert.equal(row.idempotent_response, null);
    assert.equal(row.applicant_name, 'Nguyễn Văn An');
    // The calendar module computes the appointment date from the 15 working days of the procedure.
    assert.equal(row.expected_date, result.expectedDate);
    assert.match(result.expectedDate ?? '', /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(result.expectedDate! > '2026-12-01' && result.expectedDate! < '2027-01-01', result.expectedDate!);
    const events = await ctx.db.selectFrom('dossier_events').selectAll().where('dossier_id', '=', draft.id).execute();
    assert.equal(events.length, 1);
    assert.equal(events[0]!.status, 1);
    assert.equal(events[0]!.action, 'submit');
    assert.equal(events[0]!.actor_id, citizen.id);
    const outbox = await ctx.db.selectFrom('outbox').selectAll().where(sql<boolean>`payload->>'dossierId' = ${draft.id}`).execute();
    assert.equal(outbox.length, 1);
    assert.equal(outbox[0]!.topic, 'dossier.submitted');
    assert.equal((outbox[0]!.payload as { code: string }).code, result.code);
    assert.equal(outbox[0]!.processed_at, null);
    assert.equal(await count(ctx, 'audit_log'), auditBefore + 1);
    assert.equal(await count(ctx, 'audit_log', (q) => q.where('action', '=', 'dossier.submit').where('target_id', '=', draft.id)), 1);
    assert.deepEqual(await ctx.services.audit.verify(), { ok: true, checked: await count(ctx, 'audit_log') });
  });

  it('writes nothing when the submission fails at its last step (no code used, no event, no outbox)', async () => {
    const draft = await readyDraft(ctx, citizen);
    const day = new Date('2026-11-24T03:00:00Z');
    // The submission is one statement; its audit entry is the last row it inserts. An entry the log refuses (no
    // action: NOT NULL) makes the whole statement fail after the number was taken and the dossier updated.
    const refused = { fields: () => ({ at: new Date(), actorId: null, actorName: null, agencyId: null, action: null, targetType: 'dossier', targetId: null, summary: {}, ip: null }) };
    const failing = new DossiersService(ctx.db, refused as never, ctx.services.catalog, ctx.services.files);
    await assert.rejects(failing.submit(citizen, draft.id, 'fail-key', day), /null value in column "action"/);
    const row = await ctx.db.selectFrom('dossiers').selectAll().where('id', '=', draft.id).executeTakeFirstOrThrow();
    assert.equal(row.status, null);
    assert.equal(row.code, null);
    assert.equal(row.idempotency_key, null);
    assert.equal(await count(ctx, 'dossier_events', (q) => q.where('dossier_id', '=', draft.id)), 0);
    assert.equal(await count(ctx, 'outbox', (q) => q.where(sql<boolean>`payload->>'dossierId' = ${draft.id}`)), 0);
    const result = await dossiers.submit(citizen, draft.id, 'fail-key', day);
    assert.match(result.code, /-261124-0001$/, 'the failed attempt did not use number 0001');
  });

  it('writes nothing, and takes no number, when the draft changed after it was validated', async () => {
    const draft = await readyDraft(ctx, citizen);
    const repo = new DossiersRepository();
    const snapshot = (await repo.submissionSnapshot(ctx.db, draft.id, citizen.id, null))!;
    await dossiers.saveForm(citizen, draft.id, { ...snapshot.form_data, requestContent: 'Nội dung đã sửa sau khi kiểm tra' });
    const day = new Date('2027-01-05T03:00:00Z');
    const attempt = {
      id: draft.id, applicantId: citizen.id, rowVersion: snapshot.row_version, day: '2027-01-05', codePrefix: 'X-270105-', width: 4, secret: 'ABCDEFGH',
      values: { channel: 2, submitted_at: day, idempotency_key: null, applicant_name: 'A', expected_date: null, form_data: {}, applicant_kind: 'citizen' as const, applicant_id_number: null },
      idempotentResponse: null, event: { actorId: citizen.id, content: 'x' }, audit: ctx.services.audit.fields(citizen, { action: 'dossier.submit', targetType: 'dossier', targetId: draft.id }),
      outbox: { topic: 'dossier.submitted', payload: { dossierId: draft.id } },
    };
    assert.deepEqual(await repo.submitBatch(ctx.db, [attempt]), [null]);
    const row = await ctx.db.selectFrom('dossiers').select(['status', 'code']).where('id', '=', draft.id).executeTakeFirstOrThrow();
    assert.deepEqual(row, { status: null, code: null });
    assert.equal(await count(ctx, 'dossier_events', (q) => q.where('dossier_id', '=', draft.id)), 0);
    const used = await ctx.db.selectFrom('dossier_sequences').select('last').where('day', '=', '2027-01-05').execute();
    assert.deepEqual(used, [], 'no number taken');
    // With the current version the same statement submits; the service itself re-reads and succeeds.
    const fresh = (await repo.submissionSnapshot(ctx.db, draft.id, citizen.id, null))!;
    assert.deepEqual(await repo.submitBatch(ctx.db, [{ ...attempt, rowVersion: fresh.row_version }]), ['X-270105-0001']);
  });

  it('submits several drafts in one statement: consecutive codes in the order given, none for a repeated or changed draft', async () => {
    const repo = new DossiersRepository();
    const [a, b, changed, nextDay] = [await readyDraft(ctx, citizen), await readyDraft(ctx, citizen), await readyDraft(ctx, citizen), await readyDraft(ctx, citizen)];
    const attempt = async (draftId: string, day: string, rowVersion?: string) => {
      const snapshot = (await repo.submissionSnapshot(ctx.db, draftId, citizen.id, null))!;
      const at = new Date(`${day}T03:00:00Z`);
      return {
        id: draftId, applicantId: citizen.id, rowVersion: rowVersion ?? snapshot.row_version, day, codePrefix: `B-${day.slice(2).replaceAll('-', '')}-`, width: 4, secret: 'ABCDEFGH',
        values: { channel: 2, submitted_at: at, idempotency_key: null, applicant_name: 'A', expected_date: null, form_data: snapshot.form_data, applicant_kind: 'citizen' as const, applicant_id_number: null },
        idempotentResponse: null, event: { actorId: citizen.id, content: 'Nộp hồ sơ trực tuyến' },
        audit: ctx.services.audit.fields(citizen, { action: 'dossier.submit', targetType: 'dossier', targetId: draftId }),
        outbox: { topic: 'dossier.submitted', payload: { dossierId: draftId } },
      };
    };
    const stale = await attempt(changed.id, '2027-02-01');
    await dossiers.saveForm(citizen, changed.id, { ...stale.values.form_data, requestContent: 'Sửa sau khi kiểm tra' });
    const batch = [await attempt(a.id, '2027-02-01'), await attempt(b.id, '2027-02-01'), await attempt(a.id, '2027-02-01'), stale, await attempt(nextDay.id, '2027-02-02')];
    assert.deepEqual(await repo.submitBatch(ctx.db, batch), ['B-270201-0001', 'B-270201-0002', null, null, 'B-270202-0001']);
    const sequences = await ctx.db.selectFrom('dossier_sequences').select(['day', 'last']).where('day', 'in', ['2027-02-01', '2027-02-02']).orderBy('day').execute();
    assert.deepEqual(sequences, [{ day: '2027-02-01', last: 2 }, { day: '2027-02-02', last: 1 }], 'no number for the repeated or the changed draft');
    for (const [draft, code] of [[a, 'B-270201-0001'], [b, 'B-270201-0002'], [nextDay, 'B-270202-0001']] as const) {
      const row = await ctx.db.selectFrom('dossiers').select(['status', 'code']).where('id', '=', draft.id).executeTakeFirstOrThrow();
      assert.deepEqual(row, { status: 1, code });
      assert.equal(await count(ctx, 'dossier_events', (q) => q.where('dossier_id', '=', draft.id)), 1);
      assert.equal(await count(ctx, 'outbox', (q) => q.where(sql<boolean>`payload->>'code' = ${code}`)), 1);
      assert.equal(await count(ctx, 'audit_log', (q) => q.where('action', '=', 'dossier.submit').where('target_id', '=', draft.id)), 1);
    }
    const untouched = await ctx.db.selectFrom('dossiers').select(['status', 'code']).where('id', '=', changed.id).executeTakeFirstOrThrow();
    assert.deepEqual(untouched, { status: null, code: null });
    // Lookup secrets are hashed with each dossier's own code.
    const found = await dossiers.lookup('B-270201-0002', 'ABCDEFGH', '192.0.2.44');
    assert.equal(found.code, 'B-270201-0002');
  });

  it('combines concurrent submissions to one agency into fewer statements', async () => {
    const repo = new (class extends DossiersRepository {
      sizes: number[] = [];
      override async submitBatch(...args: Parameters<DossiersRepository['submitBatch']>) {
        this.sizes.push(args[1].length);
        // The first statement is slow (as under load): the others arrive while it is in flight.
        if (this.sizes.length === 1) await new Promise((resolve) => setTimeout(resolve, 300));
        return super.submitBatch(...args);
      }
    })();
    const service = new DossiersService(ctx.db, ctx.services.audit, ctx.services.catalog, ctx.services.files, {}, repo);
    const drafts = [];
    for (let i = 0; i < 12; i++) drafts.push(await readyDraft(ctx, citizen));
    const day = new Date('2027-03-01T03:00:00Z');
    const results = await Promise.all(drafts.map((d) => service.submit(citizen, d.id, null, day)));
    assert.deepEqual(results.map((r) => r.code.slice(-4)).sort(), Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(4, '0')));
    assert.equal(repo.sizes.reduce((a, b) => a + b, 0), 12, 'each submission written once');
    assert.ok(repo.sizes.length < 12 && Math.max(...repo.sizes) > 1, `batches: ${repo.sizes.join(', ')}`);
  });

  it('answers several lookups in one round trip, each with its own dossier and its own address\'s failures', async () => {
    const repo = new DossiersRepository();
    const first = await dossiers.submit(citizen, (await readyDraft(ctx, citizen)).id, null, NOW);
    const second = await dossiers.submit(citizen, (await readyDraft(ctx, citizen)).id, null, NOW);
    const since = new Date(Date.now() - 60_000);
    await repo.recordLookupFailure(ctx.db, '192.0.2.50', new Date());
    await repo.recordLookupFailure(ctx.db, '192.0.2.50', new Date());
    const bundles = await repo.lookupBundles(ctx.db, [
      { code: second.code, ip: '192.0.2.50', since },
      { code: 'KHONG-CO-261123-0001', ip: '192.0.2.51', since },
      { code: first.code, ip: '192.0.2.51', since },
    ]);
    assert.deepEqual(bundles.map((b) => [b.dossier?.code ?? null, b.failures]), [[second.code, 2], [null, 0], [first.code, 0]]);
    assert.deepEqual(bundles[0]!.dossier!.events.map((e) => e.status), [1]);
    assert.deepEqual(await repo.lookupBundles(ctx.db, []), []);
  });

  it('reports every field error at once, and only the owner may save', async () => {
    const draft = await dossiers.createDraft(citizen, COPYRIGHT);
    await rejects(dossiers.saveForm(citizen, draft.id, { fullName: '   ', personalId: '12ab', phone: '12', email: 'khong-phai-thu', address: 'x'.repeat(501), unknown: 'y' }), 'VALIDATION_FAILED', (error) => {
      const found = error.fieldErrors.map((e) => `${e.path} ${e.code}`).sort();
      assert.deepEqual(found, ['/address maxLength', '/email format', '/fullName required', '/personalId pattern', '/phone pattern', '/requestContent required', '/unknown additionalProperties']);
    });
    const saved = await dossiers.saveForm(citizen, draft.id, { ...draft.form.data, fullName: '  Nguyễn Văn An ', requestContent: 'Nội dung' });
    assert.equal(saved.data.fullName, 'Nguyễn Văn An');
    const other = await newApplicant(ctx, 'citizen');
    await rejects(dossiers.saveForm(other, draft.id, saved.data), 'NOT_FOUND');
    await rejects(dossiers.get(other, draft.id), 'NOT_FOUND');
    await rejects(dossiers.addFile(other, draft.id, upload(draft.documents[0]!.documentId, PDF)), 'NOT_FOUND');
    await rejects(dossiers.submit(other, draft.id, null), 'NOT_FOUND');
    await rejects(dossiers.get(receptionist, draft.id), 'NOT_FOUND');
    await rejects(dossiers.get(citizen, 'not-a-uuid'), 'NOT_FOUND');
    assert.ok(!(await dossiers.listMine(other)).some((d) => d.id === draft.id));
  });

  it('requires the form and every required document at submission, all at once', async () => {
    const draft = await dossiers.createDraft(citizen, COPYRIGHT);
    await rejects(dossiers.submit(citizen, draft.id, null, NOW), 'VALIDATION_FAILED', (error) => {
      const paths = error.fieldErrors.map((e) => e.path).sort();
      const required = draft.documents.filter((d) => d.required).map((d) => `/documents/${d.documentId}`);
      assert.deepEqual(paths, ['/form/requestContent', ...required].sort());
    });
  });

  it('shows an organisation\'s dossiers to its members and to nobody else', async () => {
    const draft = await readyDraft(ctx, business);
    const { code } = await dossiers.submit(business, draft.id, null, NOW);
    const colleague = await newApplicant(ctx, 'organisation', business.organisationId);
    const stranger = await newApplicant(ctx, 'organisation');
    const seen = await dossiers.get(colleague, draft.id);
    assert.equal(seen.code, code);
    assert.equal(seen.editable, false);
    assert.equal(seen.status, 1);
    assert.equal(seen.statusLabel, 'Mới đăng ký');
    assert.equal(seen.procedure.code, COPYRIGHT);
    assert.equal(seen.procedure.version, (await ctx.services.catalog.published(COPYRIGHT)).version);
    assert.equal(seen.documents.filter((d) => d.files.length).length, 2);
    assert.ok(seen.documents.flatMap((d) => d.files).every((f) => /^[0-9a-f]{64}$/.test(f.sha256) && f.sizeBytes === PDF.length));
    assert.equal(seen.events.length, 1);
    assert.ok((await dossiers.listMine(colleague)).some((d) => d.id === draft.id));
    await rejects(dossiers.get(stranger, draft.id), 'NOT_FOUND');
    await rejects(dossiers.get(citizen, draft.id), 'NOT_FOUND');
    assert.ok(!(await dossiers.listMine(stranger)).some((d) => d.id === draft.id));
    // The organisation's name, as registered, for the public lookup.
    const row = await ctx.db.selectFrom('dossiers').select(['applicant_name', 'organisation_id']).where('id', '=', draft.id).executeTakeFirstOrThrow();
    assert.equal(row.applicant_name, 'Công ty TNHH Truyền thông Sen Vàng');
    assert.equal(row.organisation_id, business.organisationId);
  });

  it('numbers 20 concurrent submissions of one agency 0001..0020, without gaps or duplicates', async () => {
    const day = new Date('2026-11-25T16:59:00Z'); // 23:59 in Vietnam
    const applicants = await Promise.all(Array.from({ length: 4 }, () => newApplicant(ctx, 'citizen')));
    const drafts: Array<{ who: Actor; id: string }> = [];
    for (let i = 0; i < 20; i++) {
      const who = applicants[i % 4]!;
      drafts.push({ who, id: (await readyDraft(ctx, who)).id });
    }
    const results = await Promise.all(drafts.map((d) => dossiers.submit(d.who, d.id, null, day)));
    const numbers = results.map((r) => r.code.slice(-4)).sort();
    assert.deepEqual(numbers, Array.from({ length: 20 }, (_, i) => String(i + 1).padStart(4, '0')));
    assert.ok(results.every((r) => r.code.startsWith('000.00.12.G14-261125-')));
    assert.equal(new Set(results.map((r) => r.id)).size, 20);
    const sequence = await ctx.db.selectFrom('dossier_sequences').select('last').where('day', '=', '2026-11-25').executeTakeFirstOrThrow();
    assert.equal(sequence.last, 20);
  });

  it('answers the same Idempotency-Key twice (concurrently) with one dossier and the same answer', async () => {
    const draft = await readyDraft(ctx, citizen);
    const [a, b] = await Promise.all([dossiers.submit(citizen, draft.id, 'key-1', NOW), dossiers.submit(citizen, draft.id, 'key-1', NOW)]);
    assert.equal(a.code, b.code);
    assert.equal(a.lookupSecret, b.lookupSecret);
    assert.equal(a.expectedDate, b.expectedDate);
    assert.deepEqual([a.replayed, b.replayed].sort(), [false, true]);
    assert.equal(await count(ctx, 'dossier_events', (q) => q.where('dossier_id', '=', draft.id)), 1);
    assert.equal(await count(ctx, 'outbox', (q) => q.where(sql<boolean>`payload->>'dossierId' = ${draft.id}`)), 1);
    const again = await dossiers.submit(citizen, draft.id, 'key-1');
    assert.equal(again.code, a.code);
    assert.ok(again.replayed);
    // Without the key (a double click), or with another key: 409 naming the dossier.
    await rejects(dossiers.submit(citizen, draft.id, null), 'DOSSIER_ALREADY_SUBMITTED', (e) => assert.equal(e.params?.dossierCode, a.code));
    await rejects(dossiers.submit(citizen, draft.id, 'key-2'), 'DOSSIER_ALREADY_SUBMITTED');
    // The key belongs to that dossier: another dossier cannot reuse it.
    const other = await readyDraft(ctx, citizen);
    await rejects(dossiers.submit(citizen, other.id, 'key-1'), 'IDEMPOTENCY_KEY_REUSED');
    const after = await ctx.db.selectFrom('dossiers').select('status').where('id', '=', other.id).executeTakeFirstOrThrow();
    assert.equal(after.status, null);
  });

  it('refuses changes to a submitted dossier', async () => {
    const draft = await readyDraft(ctx, citizen);
    await dossiers.submit(citizen, draft.id, null, NOW);
    const files = await count(ctx, 'files');
    await rejects(dossiers.addFile(citizen, draft.id, upload(draft.documents[0]!.documentId, PDF)), 'DOSSIER_ALREADY_SUBMITTED');
    await rejects(dossiers.saveForm(citizen, draft.id, draft.form.data), 'DOSSIER_ALREADY_SUBMITTED');
    assert.equal(await count(ctx, 'files'), files);
  });

  it('checks files by content, sanitises names and stores SHA-256', async () => {
    const draft = await dossiers.createDraft(citizen, COPYRIGHT);
    const documentId = draft.documents[0]!.documentId;
    const files = await count(ctx, 'files');
    await rejects(dossiers.addFile(citizen, draft.id, upload(documentId, EXE, 'giay-to.pdf')), 'FILE_TYPE_NOT_ALLOWED');
    await rejects(dossiers.addFile(citizen, draft.id, upload(documentId, Buffer.from('chỉ là văn bản thuần'), 'to-khai.pdf')), 'FILE_TYPE_NOT_ALLOWED');
    await rejects(dossiers.addFile(citizen, draft.id, upload(documentId, Buffer.alloc(0), 'rong.pdf')), 'VALIDATION_FAILED');
    await rejects(dossiers.addFile(citizen, draft.id, upload(undefined, PDF)), 'VALIDATION_FAILED', (e) => assert.equal(e.fieldErrors[0]!.path, '/documentId'));
    await rejects(dossiers.addFile(citizen, draft.id, upload('00000000-0000-4000-8000-000000000000', PDF)), 'VALIDATION_FAILED', (e) => assert.equal(e.fieldErrors[0]!.code, 'DOCUMENT_UNKNOWN'));
    assert.equal(await count(ctx, 'files'), files);
    assert.deepEqual(await readdir(path.join(filesDir, 'tmp')).catch(() => []), [], 'no staging leftovers');

    const ugly = `../../etc/\u0007evil\r\n${'x'.repeat(500)}.png`;
    const stored = await dossiers.addFile(citizen, draft.id, upload(documentId, PNG, ugly));
    assert.equal(stored.mediaType, 'image/png');
    assert.doesNotMatch(stored.name, /[/\\\u0000-\u001f]/);
    assert.ok([...stored.name].length <= 200, String(stored.name.length));
    assert.ok(stored.name.startsWith('evil'));
    assert.ok(stored.name.endsWith('.png'));
    assert.equal(stored.sha256, (await import('node:crypto')).createHash('sha256').update(PNG).digest('hex'));
    const second = await dossiers.addFile(citizen, draft.id, upload(documentId, PDF, 'trang-2.pdf'));
    const detail = await dossiers.get(citizen, draft.id);
    assert.deepEqual(detail.documents[0]!.files.map((f) => f.id), [stored.id, second.id]);
    const audit = await ctx.db.selectFrom('audit_log').select('summary').where('action', '=', 'dossier.add_file').where('target_id', '=', draft.id).execute();
    assert.equal(audit.length, 2);
  });

  it('stops reading an upload as soon as it passes the per-file or per-dossier limit', async () => {
    const small = new DossiersService(ctx.db, ctx.services.audit, ctx.services.catalog, ctx.services.files, { maxFileBytes: 1000, maxTotalBytes: 1500 });
    const draft = await small.createDraft(citizen, COPYRIGHT);
    const documentId = draft.documents[1]!.documentId;
    let pulled = 0;
    async function* endless() {
      yield PDF;
      for (let i = 0; i < 1000; i++) {
        pulled++;
        yield Buffer.alloc(100, 0x20);
      }
    }
    await rejects(small.addFile(citizen, draft.id, { documentId, source: endless(), filename: 'lon.pdf' }), 'FILE_TOO_LARGE');
    assert.ok(pulled <= 11, `read ${pulled} chunks after the limit`);
    // 900 bytes fit; then only 600 are left of the dossier's 1500.
    const first = await small.addFile(citizen, draft.id, upload(documentId, Buffer.concat([PDF, Buffer.alloc(900 - PDF.length, 0x20)])));
    assert.equal(first.sizeBytes, 900);
    await rejects(small.addFile(citizen, draft.id, upload(documentId, Buffer.concat([PDF, Buffer.alloc(700 - PDF.length, 0x20)]))), 'DOSSIER_FILES_TOO_LARGE');
    const ok = await small.addFile(citizen, draft.id, upload(documentId, Buffer.concat([PDF, Buffer.alloc(600 - PDF.length, 0x20)])));
    assert.equal(ok.sizeBytes, 600);
    await rejects(small.addFile(citizen, draft.id, upload(documentId, PDF)), 'DOSSIER_FILES_TOO_LARGE');
    assert.deepEqual(await readdir(path.join(filesDir, 'tmp')).catch(() => []), [], 'no staging leftovers');
  });

  it('looks a dossier up by code and secret; a wrong secret is an unknown code', async () => {
    const draft = await readyDraft(ctx, citizen);
    const { code, lookupSecret } = await dossiers.submit(citizen, draft.id, null, NOW);
    const ip = '203.0.113.7';
    const found = await dossiers.lookup(code, lookupSecret!, ip);
    assert.equal(found.code, code);
    assert.equal(found.status, 1);
    assert.equal(found.statusLabel, 'Mới đăng ký');
    assert.equal(found.applicantName, 'Nguyễn V** A*');
    assert.equal(found.procedureName, 'Cấp Giấy chứng nhận đăng ký quyền tác giả');
    assert.deepEqual(found.timeline.map((e) => e.status), [1]);
    // As people type it.
    assert.equal((await dossiers.lookup(` ${code.toLowerCase()} `, lookupSecret!.toLowerCase().replace(/(.{4})/, '$1-'), ip)).code, code);
    const wrong = lookupSecret!.startsWith('2') ? `3${lookupSecret!.slice(1)}` : `2${lookupSecret!.slice(1)}`;
    const failures: DomainError[] = [];
    for (const [c, s] of [[code, wrong], [`${code.slice(0, -4)}9999`, lookupSecret!], [code, ''], ['', lookupSecret!]] as const) {
      await dossiers.lookup(c, s, ip).then(() => assert.fail('found'), (e: DomainError) => failures.push(e));
    }
    assert.ok(failures.every((e) => e instanceof DomainError && e.code === 'NOT_FOUND' && e.params === undefined && e.fieldErrors.length === 0));
    // A draft has no code and cannot be looked up.
    assert.equal(await count(ctx, 'dossiers', (q) => q.where('status', 'is', null).where('code', 'is not', null)), 0);
  });

  it('limits failed lookups per address', async () => {
    const draft = await readyDraft(ctx, citizen);
    const { code, lookupSecret } = await dossiers.submit(citizen, draft.id, null, NOW);
    const ip = '198.51.100.9';
    for (let i = 0; i < 10; i++) await rejects(dossiers.lookup(code, 'AAAAAAAA', ip), 'NOT_FOUND');
    await rejects(dossiers.lookup(code, lookupSecret!, ip), 'RATE_LIMITED');
    // Another address is not affected; the window passes.
    assert.equal((await dossiers.lookup(code, lookupSecret!, '198.51.100.10')).code, code);
    assert.equal((await dossiers.lookup(code, lookupSecret!, ip, new Date(Date.now() + 16 * 60_000))).code, code);
  });

  it('cleans up abandoned drafts with their files, staging leftovers and old replay answers', async () => {
    const abandoned = await readyDraft(ctx, citizen);
    const recent = await readyDraft(ctx, citizen);
    const submitted = await readyDraft(ctx, citizen);
    await dossiers.submit(citizen, submitted.id, 'cleanup-key', new Date(Date.now() - 2 * 86_400_000));
    await ctx.db.updateTable('dossiers').set({ updated_at: new Date(Date.now() - 31 * 86_400_000) }).where('id', 'in', [abandoned.id, submitted.id]).execute();
    // Its owner was reminded 8 days ago (a draft is deleted only after a reminder; see notifications.test.ts).
    await ctx.db.updateTable('dossiers').set({ reminded_at: new Date(Date.now() - 8 * 86_400_000) }).where('id', '=', abandoned.id).execute();
    const abandonedFiles = await ctx.db.selectFrom('dossier_files as df').innerJoin('files as f', 'f.id', 'df.file_id').select(['f.id', 'f.storage_key']).where('df.dossier_id', '=', abandoned.id).execute();
    assert.equal(abandonedFiles.length, 2);
    assert.ok(abandonedFiles.every((f) => existsSync(path.join(filesDir, f.storage_key))));
    await mkdir(path.join(filesDir, 'tmp'), { recursive: true });
    const oldPart = path.join(filesDir, 'tmp', 'old-upload.part');
    const newPart = path.join(filesDir, 'tmp', 'new-upload.part');
    await writeFile(oldPart, 'x');
    await writeFile(newPart, 'x');
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
    await utimes(oldPart, twoDaysAgo, twoDaysAgo);

    const result = await dossiers.cleanup();
    assert.ok(result.draftsDeleted >= 1);
    assert.ok(result.filesDeleted >= 2);
    assert.ok(result.replaysCleared >= 1);
    // Staging leftovers are the file storage's own job (files.sweep), run after uploads.cleanup.
    assert.ok(existsSync(oldPart));
    const sweep = jobs.find((job) => job.name === 'files.sweep');
    assert.ok(sweep?.schedule);
    await sweep.handler(ctx, {});
    assert.equal(await count(ctx, 'dossiers', (q) => q.where('id', '=', abandoned.id)), 0);
    assert.equal(await count(ctx, 'files', (q) => q.where('id', 'in', abandonedFiles.map((f) => f.id))), 0);
    assert.ok(abandonedFiles.every((f) => !existsSync(path.join(filesDir, f.storage_key))));
    assert.equal(await count(ctx, 'dossiers', (q) => q.where('id', 'in', [recent.id, submitted.id])), 2);
    assert.ok(!existsSync(oldPart));
    assert.ok(existsSync(newPart));
    const replay = await ctx.db.selectFrom('dossiers').select('idempotent_response').where('id', '=', submitted.id).executeTakeFirstOrThrow();
    assert.equal(replay.idempotent_response, null);
    // A retry after the replay window answers the same code, without the secret.
    const retry = await dossiers.submit(citizen, submitted.id, 'cleanup-key');
    assert.equal(retry.lookupSecret, null);
    assert.ok(retry.replayed);
    assert.ok(await count(ctx, 'audit_log', (q) => q.where('action', '=', 'dossier.purge_drafts')) >= 1);
  });
});
