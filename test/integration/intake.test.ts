import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Actor } from '../../src/core/actor.ts';
import { DomainError } from '../../src/core/errors.ts';
import type { AppContext } from '../../src/container.ts';
import { actorOf } from '../../src/modules/identity/identity.service.ts';
import { IntakeRepository } from '../../src/modules/intake/intake.repository.ts';
import { controlSheetRows, counterUsername as counterUsernameOf, NO_PASSWORD } from '../../src/modules/intake/intake.rules.ts';
import type { IntakeInput } from '../../src/modules/intake/intake.service.ts';
import { createTestContext } from '../helpers/db.ts';
import { actorByUsername, COPYRIGHT_PROCEDURE, PDF, PNG, submittedDossier, upload } from '../helpers/dossiers.ts';

const NOW = new Date('2026-11-23T03:00:00Z'); // 10:00 in Vietnam → day 261123
const CODE = /^000\.00\.12\.G14-261123-(\d{4})$/;

type Ctx = AppContext & { url: string };

async function rejects(promise: Promise<unknown>, code: string, check?: (e: DomainError) => void): Promise<void> {
  await assert.rejects(promise, (e: unknown) => {
    assert.ok(e instanceof DomainError, String(e));
    assert.equal(e.code, code, JSON.stringify(e.fieldErrors ?? e.params ?? null));
    check?.(e);
    return true;
  });
}

/** A receptionist of another agency (Cục Điện ảnh), outside the copyright office's subtree. */
async function foreignReceptionist(ctx: Ctx): Promise<Actor> {
  const agency = await ctx.db.selectFrom('agencies').select('id').where('code', '=', '000.00.14.G14').executeTakeFirstOrThrow();
  const account = await ctx.db
    .insertInto('accounts')
    .values({ username: 'test.motcua.dienanh', kind: 'staff', password_hash: 'x', full_name: 'Đỗ Thị Lan', agency_id: agency.id })
    .returningAll()
    .executeTakeFirstOrThrow();
  await ctx.db.insertInto('account_roles').values({ account_id: account.id, role: 'receptionist', agency_id: agency.id }).execute();
  return actorOf(account, [{ role: 'receptionist', agencyId: agency.id }]);
}

describe('counter intake', async () => {
  const ctx = (await createTestContext({ demo: true })) as Ctx;
  const receptionist: Actor = await actorByUsername(ctx, 'demo.motcua');
  const citizen = (await ctx.db.selectFrom('accounts').select(['id', 'personal_id', 'full_name']).where('username', '=', 'demo.congdan').executeTakeFirstOrThrow()) as { id: string; personal_id: string; full_name: string };

  it('has a demo citizen with a personal ID', () => assert.ok(citizen.personal_id));

  const input = (over: Partial<IntakeInput> = {}): IntakeInput => ({
    procedureCode: COPYRIGHT_PROCEDURE,
    channel: 1,
    applicant: { kind: 'citizen', personalId: citizen.personal_id },
    form: { phone: '0912345678', address: 'Số 5 Lý Thái Tổ, Hà Nội', requestContent: 'Đăng ký quyền tác giả tác phẩm "Hà Nội mùa thu".' },
    resultDelivery: 'counter',
    ...over,
  });

  it('registers a dossier for a citizen found by ID number: status 1, channel 1, counter source, event, audit and outbox', async () => {
    const result = await ctx.services.intake.register(receptionist, input(), NOW);
    assert.match(result.code, CODE);
    assert.equal(result.status, 1);
    assert.equal(result.channel, 1);
    assert.equal(result.applicant.id, citizen.id);
    assert.equal(result.applicant.created, false);
    assert.match(result.lookupSecret, /^[2-9A-HJKMNP-Z]{8}$/);
    assert.ok(result.documents.length > 0);

    const row = await ctx.db.selectFrom('dossiers').selectAll().where('id', '=', result.id).executeTakeFirstOrThrow();
    assert.equal(row.status, 1);
    assert.equal(row.channel, 1);
    assert.equal(row.source, 'counter');
    assert.equal(row.code, result.code);
    assert.equal(row.applicant_id, citizen.id);
    assert.equal(row.applicant_kind, 'citizen');
    assert.equal(row.applicant_id_number, citizen.personal_id);
    assert.equal(row.result_delivery, 'counter');
    assert.equal(row.digitised, false);
    assert.equal(row.submitted_at?.toISOString(), NOW.toISOString());
    assert.equal((row.form_data as Record<string, unknown>).requestContent, 'Đăng ký quyền tác giả tác phẩm "Hà Nội mùa thu".');
    assert.equal((row.form_data as Record<string, unknown>).personalId, citizen.personal_id, 'prefilled from the applicant');

    const events = await ctx.db.selectFrom('dossier_events').selectAll().where('dossier_id', '=', result.id).execute();
    assert.equal(events.length, 1);
    assert.equal(events[0]!.action, 'counter_intake');
    assert.equal(events[0]!.status, 1);
    assert.equal(events[0]!.actor_id, receptionist.id);
    assert.equal(events[0]!.handler_name, receptionist.fullName);
    assert.match(events[0]!.content ?? '', /trực tiếp/);

    const outbox = await ctx.db.selectFrom('outbox').selectAll().where('topic', '=', 'dossier.submitted').execute();
    const message = outbox.find((o) => (o.payload as { dossierId?: string }).dossierId === result.id);
    assert.ok(message, 'outbox row');
    assert.equal((message!.payload as { channel: number }).channel, 1);
    assert.equal((message!.payload as { code: string }).code, result.code);

    const audit = await ctx.db.selectFrom('audit_log').selectAll().where('target_id', '=', result.id).where('action', '=', 'intake.register').execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.actor_id, receptionist.id);
  });

  it('looks applicants up and opens counter dossiers for receptionists only, within their scope', async () => {
    const found = await ctx.services.intake.findApplicant(receptionist, 'citizen', citizen.personal_id);
    assert.equal(found?.kind === 'citizen' && found.account.id, citizen.id);
    assert.equal(await ctx.services.intake.findApplicant(receptionist, 'citizen', '001099999999'), null);
    const specialist = await actorByUsername(ctx, 'demo.chuyenvien');
    await assert.rejects(ctx.services.intake.findApplicant(specialist, 'citizen', citizen.personal_id), (e: unknown) => e instanceof DomainError && e.code === 'FORBIDDEN');
    const counter = await ctx.services.intake.register(receptionist, input(), NOW);
    const opened = await ctx.services.intake.counterDossier(receptionist, counter.id);
    assert.equal(opened.dossier.id, counter.id);
    assert.ok(opened.version.documents.length > 0);
    // An online dossier is not a counter dossier; another agency's receptionist does not see it at all.
    const online = await submittedDossier(ctx, await actorByUsername(ctx, 'demo.congdan'), { now: NOW });
    await assert.rejects(ctx.services.intake.counterDossier(receptionist, online.id), (e: unknown) => e instanceof DomainError && e.code === 'NOT_FOUND');
    await assert.rejects(ctx.services.intake.counterDossier(specialist, counter.id), (e: unknown) => e instanceof DomainError && e.code === 'NOT_FOUND');
  });

  it('shares the gap-free daily sequence with online submissions', async () => {
    const first = await ctx.services.intake.register(receptionist, input({ channel: 3, resultDelivery: 'post' }), NOW);
    const congdan = await actorByUsername(ctx, 'demo.congdan');
    const online = await submittedDossier(ctx, congdan, { now: NOW });
    const second = await ctx.services.intake.register(receptionist, input(), NOW);
    const n = (code: string) => Number(CODE.exec(code)![1]);
    assert.match(online.code, CODE);
    assert.equal(n(online.code), n(first.code) + 1);
    assert.equal(n(second.code), n(online.code) + 1);
    const post = await ctx.db.selectFrom('dossiers').select(['channel', 'result_delivery']).where('id', '=', first.id).executeTakeFirstOrThrow();
    assert.deepEqual(post, { channel: 3, result_delivery: 'post' });
    const event = await ctx.db.selectFrom('dossier_events').select('content').where('dossier_id', '=', first.id).executeTakeFirstOrThrow();
    assert.match(event.content ?? '', /bưu chính/);
    // Another day starts again at 1.
    const nextDay = await ctx.services.intake.register(receptionist, input(), new Date('2026-11-23T17:30:00Z'));
    assert.equal(nextDay.code, '000.00.12.G14-261124-0001');
  });

  it('creates a citizen without a password when the ID number is unknown (name required)', async () => {
    const personalId = '001199012345';
    await rejects(ctx.services.intake.register(receptionist, input({ applicant: { kind: 'citizen', personalId } }), NOW), 'VALIDATION_FAILED', (e) => {
      assert.deepEqual(e.fieldErrors?.map((f) => [f.path, f.code]), [['/applicant/fullName', 'INTAKE_APPLICANT_NAME_REQUIRED']]);
    });
    assert.equal(await ctx.db.selectFrom('accounts').select('id').where('personal_id', '=', personalId).executeTakeFirst(), undefined, 'nothing created');
    const result = await ctx.services.intake.register(
      receptionist,
      input({ applicant: { kind: 'citizen', personalId, fullName: '  Hoàng Thị Mai ', phone: '0987 654 321', address: 'Xã Đông Anh, Hà Nội' }, form: { requestContent: 'Đăng ký quyền tác giả.' } }),
      NOW,
    );
    assert.equal(result.applicant.created, true);
    assert.equal(result.applicant.name, 'Hoàng Thị Mai');
    const account = await ctx.db.selectFrom('accounts').selectAll().where('id', '=', result.applicant.id).executeTakeFirstOrThrow();
    assert.equal(account.kind, 'citizen');
    assert.equal(account.personal_id, personalId);
    assert.equal(account.full_name, 'Hoàng Thị Mai');
    assert.equal(account.phone, '0987654321');
    assert.equal(account.password_hash, NO_PASSWORD);
    const created = await ctx.db.selectFrom('audit_log').select('actor_id').where('target_id', '=', account.id).where('action', '=', 'account.create_at_counter').executeTakeFirstOrThrow();
    assert.equal(created.actor_id, receptionist.id);
    // Found the second time.
    const again = await ctx.services.intake.register(receptionist, input({ applicant: { kind: 'citizen', personalId }, form: { requestContent: 'Lần hai.' } }), NOW);
    assert.equal(again.applicant.id, account.id);
    assert.equal(again.applicant.created, false);
    // Nobody signs in with the counter account.
    await assert.rejects(ctx.services.identity.login({ username: account.username, password: NO_PASSWORD, ip: '127.0.0.1' }));
  });

  it('a citizen created concurrently by another receptionist is found on retry (one account)', async () => {
    const personalId = '001199077777';
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // Another transaction creates the same citizen and holds it uncommitted.
    const other = ctx.db.transaction().execute(async (tx) => {
      await tx.insertInto('accounts').values({ username: counterUsernameOf(personalId), kind: 'citizen', password_hash: NO_PASSWORD, full_name: 'Vũ Văn Hải', personal_id: personalId }).execute();
      await gate;
    });
    const pending = ctx.services.intake.register(receptionist, input({ applicant: { kind: 'citizen', personalId, fullName: 'Vũ Văn Hải' }, form: { requestContent: 'Một.', address: 'Hà Nội', phone: '0912345679' } }), NOW);
    // Wait until the registration is blocked on the unique index, then let the other transaction commit.
    for (;;) {
      const waiting = await sql<{ n: string }>`select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(ctx.db);
      if (Number(waiting.rows[0]!.n) > 0) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    release();
    await other;
    const result = await pending;
    assert.equal(result.applicant.created, false);
    const accounts = await ctx.db.selectFrom('accounts').select('id').where('personal_id', '=', personalId).execute();
    assert.deepEqual(accounts.map((a) => a.id), [result.applicant.id]);
  });

  it('finds an organisation by tax code; an unknown one and bad input are field errors', async () => {
    const org = await ctx.db
      .selectFrom('organisations as o')
      .innerJoin('accounts as a', 'a.organisation_id', 'o.id')
      .select(['o.tax_code', 'o.name', 'a.id as account_id'])
      .where('a.username', '=', 'demo.doanhnghiep')
      .executeTakeFirstOrThrow();
    const result = await ctx.services.intake.register(receptionist, input({ applicant: { kind: 'organisation', taxCode: org.tax_code } }), NOW);
    assert.equal(result.applicant.id, org.account_id);
    assert.equal(result.applicant.name, org.name);
    const row = await ctx.db.selectFrom('dossiers').select(['applicant_kind', 'applicant_id_number', 'organisation_id']).where('id', '=', result.id).executeTakeFirstOrThrow();
    assert.equal(row.applicant_kind, 'organisation');
    assert.equal(row.applicant_id_number, org.tax_code);
    assert.ok(row.organisation_id);

    await rejects(ctx.services.intake.register(receptionist, input({ applicant: { kind: 'organisation', taxCode: '0999999999' } }), NOW), 'VALIDATION_FAILED', (e) => {
      assert.deepEqual(e.fieldErrors?.map((f) => [f.path, f.code]), [['/applicant/taxCode', 'INTAKE_ORGANISATION_UNKNOWN']]);
    });
    await rejects(ctx.services.intake.register(receptionist, input({ applicant: { kind: 'citizen', personalId: '12ab', phone: '12' } }), NOW), 'VALIDATION_FAILED', (e) => {
      assert.deepEqual(e.fieldErrors?.map((f) => [f.path, f.code]), [['/applicant/personalId', 'PERSONAL_ID_INVALID'], ['/applicant/phone', 'PHONE_INVALID']]);
    });
    await rejects(ctx.services.intake.register(receptionist, input({ form: { requestContent: '', phone: 'abc', unknownField: 1 } }), NOW), 'VALIDATION_FAILED', (e) => {
      const paths = e.fieldErrors!.map((f) => f.path);
      assert.ok(paths.includes('/form/requestContent'), paths.join());
      assert.ok(paths.includes('/form/phone'), paths.join());
    });
  });

  it('refuses other agencies, non-receptionists and unknown procedures', async () => {
    const foreign = await foreignReceptionist(ctx);
    await rejects(ctx.services.intake.register(foreign, input(), NOW), 'FORBIDDEN');
    await rejects(ctx.services.intake.register(await actorByUsername(ctx, 'demo.chuyenvien'), input(), NOW), 'FORBIDDEN');
    await rejects(ctx.services.intake.register(await actorByUsername(ctx, 'demo.congdan'), input(), NOW), 'FORBIDDEN');
    await rejects(ctx.services.intake.register(null, input(), NOW), 'UNAUTHENTICATED');
    await rejects(ctx.services.intake.register(receptionist, input({ procedureCode: '9.999999' }), NOW), 'NOT_FOUND');

    const mine = await ctx.services.intake.register(receptionist, input(), NOW);
    await rejects(ctx.services.intake.addScan(foreign, mine.id, upload(mine.documents[0]!.documentId)), 'NOT_FOUND');
    await rejects(ctx.services.intake.receiptData(foreign, mine.id), 'NOT_FOUND');
    await rejects(ctx.services.intake.formPdf(foreign, mine.id, '01'), 'NOT_FOUND');
    await rejects(ctx.services.intake.formPdf(receptionist, '00000000-0000-0000-0000-000000000000', '01'), 'NOT_FOUND');
  });

  it('digitises scans against the documents, recorded against the officer', async () => {
    const result = await ctx.services.intake.register(receptionist, input(), NOW);
    const [first, second] = result.documents;
    const scan = await ctx.services.intake.addScan(receptionist, result.id, upload(first!.documentId, PDF, 'to-khai-quet.pdf'), NOW);
    assert.equal(scan.mediaType, 'application/pdf');
    assert.equal(scan.digitised, true);
    await ctx.services.intake.addScan(receptionist, result.id, upload(second!.documentId, PNG, 'ban-in.png'), NOW);

    const row = await ctx.db.selectFrom('dossiers').select('digitised').where('id', '=', result.id).executeTakeFirstOrThrow();
    assert.equal(row.digitised, true);
    const files = await ctx.db.selectFrom('dossier_files as df').innerJoin('files as f', 'f.id', 'df.file_id').select(['df.document_id', 'f.created_by', 'f.original_name']).where('df.dossier_id', '=', result.id).orderBy('df.created_at').execute();
    assert.deepEqual(files.map((f) => [f.document_id, f.created_by, f.original_name]), [
      [first!.documentId, receptionist.id, 'to-khai-quet.pdf'],
      [second!.documentId, receptionist.id, 'ban-in.png'],
    ]);
    const events = await ctx.db.selectFrom('dossier_events').selectAll().where('dossier_id', '=', result.id).where('action', '=', 'digitise').execute();
    assert.equal(events.length, 2);
    assert.equal(events[0]!.handler_name, receptionist.fullName);
    assert.equal(events[0]!.actor_id, receptionist.id);
    const audit = await ctx.db.selectFrom('audit_log').selectAll().where('target_id', '=', result.id).where('action', '=', 'intake.digitise').execute();
    assert.equal(audit.length, 2);
    assert.equal((audit[0]!.summary as { scannedBy: string }).scannedBy, receptionist.id);

    // Bad scans.
    await rejects(ctx.services.intake.addScan(receptionist, result.id, upload('00000000-0000-0000-0000-000000000000')), 'VALIDATION_FAILED');
    await rejects(ctx.services.intake.addScan(receptionist, result.id, upload(first!.documentId, Buffer.from('MZ just an executable'), 'x.exe')), 'FILE_TYPE_NOT_ALLOWED');
    // Online dossiers have no paper to digitise; closed dossiers take no more scans.
    const online = await submittedDossier(ctx, await actorByUsername(ctx, 'demo.congdan'), { now: NOW });
    await rejects(ctx.services.intake.addScan(receptionist, online.id, upload(first!.documentId)), 'INTAKE_NOT_PAPER');
    await ctx.db.updateTable('dossiers').set({ status: 3, finished_at: NOW }).where('id', '=', result.id).execute();
    await rejects(ctx.services.intake.addScan(receptionist, result.id, upload(first!.documentId)), 'INTAKE_CLOSED');
  });

  it('gives the receipt data of form 01 and renders the forms from what is recorded', async () => {
    const result = await ctx.services.intake.register(receptionist, input({ resultDelivery: 'post' }), NOW);
    await ctx.services.intake.addScan(receptionist, result.id, upload(result.documents[0]!.documentId, PDF, 'to-khai.pdf'), NOW);
    const data = await ctx.services.intake.receiptData(receptionist, result.id, NOW);
    assert.equal(data.code, result.code);
    assert.equal(data.agency.name, 'Cục Bản quyền tác giả');
    assert.equal(data.agency.parentName, 'Bộ Văn hóa, Thể thao và Du lịch');
    assert.equal(data.applicantName, citizen.full_name);
    assert.equal(data.idKind, 'personalId');
    assert.equal(data.idNumber, citizen.personal_id);
    assert.equal(data.phone, '0912345678');
    assert.equal(data.procedureCode, COPYRIGHT_PROCEDURE);
    assert.equal(data.channel, 1);
    assert.equal(data.resultDelivery, 'post');
    assert.equal(data.lookupSecret, result.lookupSecret);
    assert.equal(data.receiver.name, receptionist.fullName);
    assert.equal(data.receivedAt.toISOString(), NOW.toISOString());
    assert.deepEqual(data.documents.map((d) => [d.name, d.files]), [[result.documents[0]!.name, ['to-khai.pdf']]]);
    assert.ok(data.timeLimit.value > 0);
    if (result.expectedDate) assert.equal(data.appointmentAt?.toISOString(), new Date(`${result.expectedDate}T10:00:00Z`).toISOString());

    // Another officer of the agency prints it too.
    const specialist = await actorByUsername(ctx, 'demo.chuyenvien');
    const form01 = await ctx.services.intake.formPdf(specialist, result.id, '01');
    assert.equal(form01.pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.equal(form01.fileName, `mau-01-${result.code}.pdf`);
    // The control sheet is always printable; 02–05 need their facts.
    assert.equal((await ctx.services.intake.formPdf(receptionist, result.id, '06')).pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    for (const kind of ['02', '03', '04', '05'] as const) await rejects(ctx.services.intake.formPdf(receptionist, result.id, kind), 'FORM_NOT_AVAILABLE');
    await ctx.db
      .insertInto('dossier_events')
      .values({ dossier_id: result.id, at: new Date(NOW.getTime() + 3_600_000), actor_id: receptionist.id, status: 5, action: 'request_supplement', content: 'Yêu cầu bổ sung hồ sơ: 1. Bản sao chứng thực CCCD; 2. Tờ khai có chữ ký', handler_name: receptionist.fullName })
      .execute();
    const form02 = await ctx.services.intake.formPdf(receptionist, result.id, '02');
    assert.ok(form02.pdf.length > 1000);
    assert.equal(form02.fileName, `mau-02-${result.code}.pdf`);
    // The refusal's reasons come from the audit entry the back office writes with the event.
    await ctx.db
      .insertInto('dossier_events')
      .values({ dossier_id: result.id, at: new Date(NOW.getTime() + 7_200_000), actor_id: receptionist.id, status: 3, action: 'refuse', content: 'Không tiếp nhận hồ sơ. Lý do: Sai cơ quan', handler_name: receptionist.fullName })
      .execute();
    await ctx.services.audit.record(ctx.db, receptionist, { action: 'dossier.refuse', targetType: 'dossier', targetId: result.id, agencyId: null, summary: { reasons: ['Sai cơ quan'] } });
    assert.equal((await ctx.services.intake.formPdf(receptionist, result.id, '03')).pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    await rejects(ctx.services.intake.formPdf(receptionist, result.id, '04'), 'FORM_NOT_AVAILABLE');
  });

  it('lists the dossiers of a period in the tracking book (form 07), PDF and Excel', async () => {
    const day = new Date('2026-10-05T02:00:00Z'); // 09:00 on 05/10/2026
    const counter = await ctx.services.intake.register(receptionist, input(), day);
    const online = await submittedDossier(ctx, await actorByUsername(ctx, 'demo.congdan'), { now: new Date('2026-10-06T16:59:00Z') }); // 23:59 on 06/10
    await submittedDossier(ctx, await actorByUsername(ctx, 'demo.congdan'), { now: new Date('2026-10-06T17:00:00Z') }); // 00:00 on 07/10: outside
    const book = await ctx.services.intake.trackingBook(receptionist, { from: '2026-10-05', to: '2026-10-06' }, NOW);
    assert.deepEqual(book.rows.map((r) => r.code), [counter.code, online.code]);
    assert.equal(book.agency.name, 'Cục Bản quyền tác giả');
    assert.equal(book.rows[0]!.status, 'Mới đăng ký');
    assert.equal(book.rows[0]!.contact, 'Số 5 Lý Thái Tổ, Hà Nội; 0912345678');
    assert.equal(book.rows[0]!.receivedAt?.toISOString(), day.toISOString());
    assert.equal(book.keeper.name, receptionist.fullName);
    const pdf = await ctx.services.intake.trackingBookFile(receptionist, { from: '2026-10-05', to: '2026-10-06' }, 'pdf');
    assert.equal(pdf.bytes.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.equal(pdf.fileName, 'mau-07-2026-10-05-2026-10-06.pdf');
    const xlsx = await ctx.services.intake.trackingBookFile(receptionist, { from: '2026-10-05', to: '2026-10-06' }, 'xlsx');
    assert.equal(xlsx.bytes.subarray(0, 2).toString('latin1'), 'PK');

    await rejects(ctx.services.intake.trackingBook(receptionist, { from: '2026-10-06', to: '2026-10-05' }), 'VALIDATION_FAILED', (e) => {
      assert.deepEqual(e.fieldErrors?.map((f) => f.code), ['BOOK_PERIOD_INVALID']);
    });
    const copyrightOffice = (await ctx.db.selectFrom('dossiers').select('agency_id').where('id', '=', counter.id).executeTakeFirstOrThrow()).agency_id;
    const foreign = await ctx.db.selectFrom('accounts').selectAll().where('username', '=', 'test.motcua.dienanh').executeTakeFirstOrThrow();
    await rejects(ctx.services.intake.trackingBook(actorOf(foreign, [{ role: 'receptionist', agencyId: foreign.agency_id! }]), { from: '2026-10-05', to: '2026-10-06', agencyId: copyrightOffice }), 'FORBIDDEN');
  });

  it('prints the control sheet from the dossier steps', async () => {
    const result = await ctx.services.intake.register(receptionist, input(), NOW);
    const dossier = await ctx.db.selectFrom('dossiers').select('agency_id').where('id', '=', result.id).executeTakeFirstOrThrow();
    const specialist = await actorByUsername(ctx, 'demo.chuyenvien');
    await ctx.db
      .insertInto('dossier_steps')
      .values([
        { dossier_id: result.id, position: 1, name: 'Tiếp nhận', role: 'receptionist', agency_id: dossier.agency_id, assignee_id: receptionist.id, started_at: NOW, due_at: new Date(NOW.getTime() + 3_600_000), finished_at: new Date(NOW.getTime() + 1_800_000), result: 'early' },
        { dossier_id: result.id, position: 2, name: 'Thẩm định', role: 'specialist', agency_id: dossier.agency_id, assignee_id: specialist.id, handed_over_by: receptionist.id, started_at: new Date(NOW.getTime() + 1_800_000) },
      ])
      .execute();
    const rows = await new IntakeRepository().steps(ctx.db, result.id);
    assert.deepEqual(controlSheetRows(rows).map((r) => [r.from, r.to, r.result]), [
      ['Cục Bản quyền tác giả', `Tiếp nhận (${receptionist.fullName})`, 'early'],
      [`Tiếp nhận (${receptionist.fullName})`, `Thẩm định (${specialist.fullName})`, null],
    ]);
    const sheet = await ctx.services.intake.formPdf(specialist, result.id, '06');
    assert.equal(sheet.pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  });

  it('after acceptance by the back office, form 01 prints the reception time and the appointment it fixed', async () => {
    const result = await ctx.services.intake.register(receptionist, input(), NOW);
    const accepted = await ctx.services.handling.act(receptionist, result.id, 'accept', {});
    assert.equal(accepted.status, 2);
    const row = await ctx.db.selectFrom('dossiers').select(['received_at', 'appointment_at']).where('id', '=', result.id).executeTakeFirstOrThrow();
    assert.ok(row.received_at && row.appointment_at);
    const data = await ctx.services.intake.receiptData(receptionist, result.id);
    assert.equal(data.receivedAt.toISOString(), row.received_at.toISOString());
    assert.equal(data.appointmentAt?.toISOString(), row.appointment_at.toISOString());
    assert.equal(data.receiver.name, receptionist.fullName);
    const steps = await new IntakeRepository().steps(ctx.db, result.id);
    assert.ok(steps.length >= 1, 'the control sheet has its first row');
    assert.equal((await ctx.services.intake.formPdf(receptionist, result.id, '06')).pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  });
});
