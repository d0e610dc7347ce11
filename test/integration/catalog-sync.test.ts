// Catalog sync with the national portal, against the national portal simulator (its catalog seeded with the demo
// ministry's procedures, one changed there — 1.001826 — and one we do not have — 1.001833) and the demo catalog:
// new procedures become drafts, changed ones a new draft version keeping our e-form, workflow, fee rules and
// templates; nothing is deleted; withdrawn, malformed and other-agency entries are flagged; the portal down changes
// nothing; the publicity of our procedures is recorded.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DomainError } from '../../src/core/errors.ts';
import { CatalogSyncService } from '../../src/modules/catalog/catalog.sync.ts';
import { travinh } from '../../src/seed/catalog-data/travinh.ts';
import { vhttdl } from '../../src/seed/catalog-data/vhttdl.ts';
import { startNationalPortalSimulator, type NationalPortalSimulator } from '../../src/simulators/national-portal.ts';
import { putCatalogEntry, removeCatalogEntry, resetCatalog, toPortalEntry } from '../../src/simulators/national-portal.catalog.ts';
import { createTestContext } from '../helpers/db.ts';
import { actorByUsername } from '../helpers/dossiers.ts';

const USERNAME = 'motcua.bvhttdl';
const PASSWORD = 'mat-khau-dong-bo-thu-tuc';
const MINISTRY = '000.00.00.G14';

describe('catalog sync with the national portal', async () => {
  let portal: NationalPortalSimulator;
  before(async () => {
    resetCatalog();
    portal = await startNationalPortalSimulator({ username: USERNAME, password: PASSWORD });
  });
  after(async () => {
    await portal.close();
    resetCatalog();
  });
  const ctx = await createTestContext({ demo: true });
  const service = (url: string, password = PASSWORD) => new CatalogSyncService(ctx.db, ctx.services.agencies, ctx.services.audit, { url, username: USERNAME, password, unit: MINISTRY });

  const versionsOf = (code: string) =>
    ctx.db
      .selectFrom('procedure_versions as v')
      .innerJoin('procedures as p', 'p.id', 'v.procedure_id')
      .innerJoin('agencies as a', 'a.id', 'v.agency_id')
      .select(['v.id', 'v.version', 'v.status', 'v.time_limit_value', 'v.legal_basis', 'v.form_schema', 'v.fee_rules', 'v.full_online_eligible', 'a.code as agency_code', 'v.name'])
      .where('p.code', '=', code)
      .orderBy('v.version')
      .execute();
  const publicity = (code: string) => ctx.db.selectFrom('catalog_publicity').selectAll().where('national_code', '=', code).executeTakeFirst();
  const counts = async () => ({
    versions: Number((await ctx.db.selectFrom('procedure_versions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
    publicity: await ctx.db.selectFrom('catalog_publicity').selectAll().orderBy('national_code').execute(),
  });

  // Our own parts of 1.001826's published version, which a new version must keep.
  const FORM = { type: 'object', properties: { tenTacPham: { type: 'string', title: 'Tên tác phẩm', maxLength: 200 } }, required: ['tenTacPham'] };
  const FEES = { mode: 'fixed', kind: 'le_phi', when: 'after_acceptance', lines: [{ description: 'Lệ phí cấp', amountVnd: 100000 }] };
  let workflowStepsBefore = 0;
  before(async () => {
    const [v1] = await versionsOf('1.001826');
    await ctx.db.updateTable('procedure_versions').set({ form_schema: JSON.stringify(FORM), fee_rules: JSON.stringify(FEES) }).where('id', '=', v1!.id).execute();
    const workflow = await ctx.db.insertInto('workflows').values({ procedure_version_id: v1!.id, agency_id: null, name: 'Quy trình riêng 1.001826' }).returning('id').executeTakeFirstOrThrow();
    await ctx.db
      .insertInto('workflow_steps')
      .values([
        { workflow_id: workflow.id, position: 1, name: 'Tiếp nhận', role: 'receptionist', budget_value: 0.5, budget_unit: 'working_days', actions: ['accept'] },
        { workflow_id: workflow.id, position: 2, name: 'Thẩm định', role: 'specialist', budget_value: 8, budget_unit: 'working_days', actions: ['forward'] },
      ])
      .execute();
    workflowStepsBefore = 2;
  });

  it('imports the new procedure as a draft and the changed one as a new draft version keeping our own parts', async () => {
    const run = await service(portal.url).runNow('manual');
    assert.ok(run);
    assert.equal(run.status, 'done', run.error ?? '');
    assert.deepEqual(run.counts, { created: 1, updated: 1, unchanged: vhttdl.length - 1, withdrawn: 0, errors: 0 });
    assert.equal(run.total, vhttdl.length + 1);
    assert.equal(run.processed, run.total);
    assert.deepEqual(
      run.items.filter((i) => i.outcome !== 'unchanged').map((i) => [i.code, i.outcome]),
      [['1.001826', 'updated'], ['1.001833', 'created']],
    );

    const created = await versionsOf('1.001833');
    assert.deepEqual(created.map((v) => [v.version, v.status, v.agency_code]), [[1, 'draft', '000.00.12.G14']]);

    const changed = await versionsOf('1.001826');
    assert.deepEqual(changed.map((v) => [v.version, v.status]), [[1, 'published'], [2, 'draft']]);
    const [v1, v2] = changed;
    assert.equal(Number(v1!.time_limit_value), 15);
    assert.equal(Number(v2!.time_limit_value), 10);
    assert.ok((v2!.legal_basis as string[]).some((l) => l.includes('118/2025/NĐ-CP')));
    assert.deepEqual(v2!.form_schema, FORM);
    assert.deepEqual(v2!.fee_rules, FEES);
    assert.equal(v2!.full_online_eligible, v1!.full_online_eligible);
    const steps = await ctx.db
      .selectFrom('workflows as w')
      .innerJoin('workflow_steps as s', 's.workflow_id', 'w.id')
      .select(['s.position', 's.name', 's.role'])
      .where('w.procedure_version_id', '=', v2!.id)
      .orderBy('s.position')
      .execute();
    assert.equal(steps.length, workflowStepsBefore);
    assert.deepEqual(steps.map((s) => s.name), ['Tiếp nhận', 'Thẩm định']);
    // Template names of documents with the same name are kept.
    const docs = (id: string) => ctx.db.selectFrom('procedure_documents').select(['name', 'template_name']).where('version_id', '=', id).orderBy('position').execute();
    assert.deepEqual(await docs(v2!.id), await docs(v1!.id));

    // Publicity: every procedure of the ministry's subtree, published there since the portal's date.
    const row = await publicity('1.001823');
    assert.ok(row);
    assert.equal(row.portal_status, 'published');
    assert.equal(row.portal_published_at?.toISOString(), '2025-07-01T01:00:00.000Z');
    assert.ok(row.first_seen_published_at);
    assert.match(String(row.required_on), /^\d{4}-\d{2}-\d{2}$/);
    const draftOnly = await publicity('1.001833');
    assert.equal(draftOnly?.required_on, null, 'nothing is required of a procedure we have not published');
    const all = await ctx.db.selectFrom('catalog_publicity').select('national_code').execute();
    const recorded = new Set(all.map((r) => r.national_code));
    assert.ok([...vhttdl.map((p) => p.code), '1.001833'].every((code) => recorded.has(code)));
    assert.ok(!all.some((r) => r.national_code === '1.001029'), "the province's procedures are outside the synchronised unit");
  });

  it('a second run finds everything unchanged (the drafts already say what the portal says)', async () => {
    const firstSeen = (await publicity('1.001823'))!.first_seen_published_at;
    const before = (await counts()).versions;
    const run = await service(portal.url).runNow();
    assert.equal(run?.status, 'done');
    assert.deepEqual(run?.counts, { created: 0, updated: 0, unchanged: vhttdl.length + 1, withdrawn: 0, errors: 0 });
    assert.equal((await counts()).versions, before);
    assert.deepEqual((await publicity('1.001823'))!.first_seen_published_at, firstSeen, 'the first sighting is kept');
  });

  it('flags a withdrawn procedure, skips a malformed entry with its reason, never moves a procedure to another agency', async () => {
    const byCode = new Map(vhttdl.map((p) => [p.code, p]));
    putCatalogEntry(toPortalEntry(byCode.get('1.001824')!, { TrangThai: 0 }));
    putCatalogEntry({ ...toPortalEntry(byCode.get('1.001827')!), ThoiHanGiaiQuyet: { SoLuong: 'mười lăm', DonVi: 'NgayLamViec' } });
    putCatalogEntry(toPortalEntry({ ...byCode.get('1.001828')!, name: 'Cấp lại Giấy chứng nhận đăng ký quyền liên quan (Cục NTBD)' }, { MaCoQuan: '000.00.13.G14' }));
    putCatalogEntry({ MaTTHC: 'ABC', TenTTHC: 'Mã không hợp lệ' });
    removeCatalogEntry('1.001825');
    try {
      const run = await service(portal.url).runNow();
      assert.equal(run?.status, 'done');
      const item = (code: string) => run!.items.find((i) => i.code === code);
      assert.deepEqual(item('1.001824'), { code: '1.001824', name: byCode.get('1.001824')!.name, outcome: 'withdrawn' });
      assert.equal(item('1.001827')?.outcome, 'error');
      assert.equal(item('1.001827')?.reason, 'MALFORMED');
      assert.equal(item('1.001827')?.detail, 'ThoiHanGiaiQuyet');
      assert.deepEqual([item('1.001828')?.outcome, item('1.001828')?.reason, item('1.001828')?.detail], ['error', 'AGENCY_MISMATCH', '000.00.13.G14']);
      assert.deepEqual([item('ABC')?.outcome, item('ABC')?.reason, item('ABC')?.detail], ['error', 'MALFORMED', 'MaTTHC']);
      assert.deepEqual(run?.counts, { created: 0, updated: 0, unchanged: vhttdl.length - 3, withdrawn: 1, errors: 3 });

      // Nothing deleted or retired, nothing moved.
      assert.deepEqual((await versionsOf('1.001824')).map((v) => v.status), ['published']);
      assert.deepEqual((await versionsOf('1.001827')).map((v) => v.status), ['published']);
      const mismatch = await versionsOf('1.001828');
      assert.deepEqual(mismatch.map((v) => [v.status, v.agency_code]), [['published', '000.00.12.G14']]);
      assert.notEqual(mismatch[0]!.name, 'Cấp lại Giấy chứng nhận đăng ký quyền liên quan (Cục NTBD)');

      assert.equal((await publicity('1.001824'))?.portal_status, 'withdrawn');
      assert.equal((await publicity('1.001825'))?.portal_status, 'absent');
      assert.equal((await publicity('1.001828'))?.portal_agency_code, '000.00.13.G14');
      assert.equal((await publicity('1.001828'))?.portal_status, 'published');
    } finally {
      resetCatalog();
    }
  });

  it("without a unit the sync covers every agency (the province's procedures too, all unchanged)", async () => {
    const run = await new CatalogSyncService(ctx.db, ctx.services.agencies, ctx.services.audit, { url: portal.url, username: USERNAME, password: PASSWORD, unit: null }).runNow();
    assert.equal(run?.status, 'done');
    assert.deepEqual(run?.counts, { created: 0, updated: 0, unchanged: vhttdl.length + travinh.length + 1, withdrawn: 0, errors: 0 });
    assert.equal((await publicity('1.001029'))?.portal_status, 'published');
  });

  it('a procedure with only a local code is not synced: no publicity row (not counted absent), counted in the run\'s audit entry', async () => {
    const base = (await ctx.services.catalog.exportCatalog()).procedures.find((p) => p.code === '1.001823')!;
    const key = `${base.agencyCode}:TP01`;
    await ctx.services.catalog.importCatalog(null, { format: 'opendvc-catalog', version: 1, fields: [], procedures: [{ ...base, code: key, localCode: 'TP01' }] }, { source: 'cli', system: true });
    const run = await new CatalogSyncService(ctx.db, ctx.services.agencies, ctx.services.audit, { url: portal.url, username: USERNAME, password: PASSWORD, unit: null }).runNow();
    assert.equal(run?.status, 'done');
    assert.equal(await publicity(key), undefined);
    const entry = await ctx.db.selectFrom('audit_log').select('summary').where('action', '=', 'catalog.sync').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    assert.equal((entry.summary as { localOnlyNotSynced?: number }).localOnlyNotSynced, 1);
  });

  it('the portal down: the run is recorded as failed and nothing changes', async () => {
    const before = await counts();
    const closed = await startNationalPortalSimulator({ username: USERNAME, password: PASSWORD });
    const url = closed.url;
    await closed.close();
    const run = await service(url).runNow();
    assert.equal(run?.status, 'failed');
    assert.match(run?.error ?? '', /^PORTAL_UNAVAILABLE: unreachable/);
    assert.deepEqual(run?.items, []);
    assert.deepEqual(await counts(), before);
  });

  it('a session refused (wrong password): failed, nothing changes', async () => {
    const before = await counts();
    const run = await service(portal.url, 'sai-mat-khau').runNow();
    assert.equal(run?.status, 'failed');
    assert.match(run?.error ?? '', /^PORTAL_UNAVAILABLE: session refused/);
    assert.deepEqual(await counts(), before);
  });

  it('without a configured portal the run is recorded as not configured', async () => {
    const run = await new CatalogSyncService(ctx.db, ctx.services.agencies, ctx.services.audit, null).runNow('manual');
    assert.equal(run?.status, 'failed');
    assert.equal(run?.error, 'NOT_CONFIGURED');
  });

  it('one run at a time; only catalog managers start one', async () => {
    const sync = service(portal.url);
    const running = await ctx.db.insertInto('catalog_sync_runs').values({ trigger: 'manual', requested_by: null }).returning('id').executeTakeFirstOrThrow();
    try {
      assert.equal(await sync.runNow(), null);
      const manager = await actorByUsername(ctx, 'demo.danhmuc');
      await assert.rejects(sync.start(manager), (e: unknown) => e instanceof DomainError && e.code === 'CATALOG_SYNC_RUNNING');
    } finally {
      await ctx.db.updateTable('catalog_sync_runs').set({ status: 'done', finished_at: new Date() }).where('id', '=', running.id).execute();
    }
    const officer = await actorByUsername(ctx, 'demo.chuyenvien');
    await assert.rejects(sync.start(officer), (e: unknown) => e instanceof DomainError && e.code === 'FORBIDDEN');
    await assert.rejects(sync.start(null), (e: unknown) => e instanceof DomainError && e.code === 'UNAUTHENTICATED');
    await assert.rejects(sync.run(await actorByUsername(ctx, 'demo.danhmuc'), 'khong-phai-uuid'), (e: unknown) => e instanceof DomainError && e.code === 'NOT_FOUND');
  });
});
