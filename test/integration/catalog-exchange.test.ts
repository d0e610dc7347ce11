// The catalog interchange format on real PostgreSQL: the whole demo catalog (every demo procedure with its e-form),
// with what the demo server adds (the fee rules of 1.001823) and what a province's catalog has (a workflow of its
// own, local codes, a procedure with only a local code and no statutory time limit, a document required only "if
// applicable", fee rules per item, by formula and with exemptions), exported, imported into an EMPTY installation
// (agencies only) and exported again gives the same file after key ordering; a new version starts from the previous
// one's workflow; a file with errors reports all of them at once and writes nothing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Actor } from '../../src/core/actor.ts';
import { canonicalJson } from '../../src/core/canonical-json.ts';
import type { CatalogExchange, ProcedureExchange, WorkflowExchange } from '../../src/modules/catalog/catalog.exchange.ts';
import { catalogToXlsx } from '../../src/modules/catalog/catalog.excel.ts';
import { actorOf } from '../../src/modules/identity/identity.service.ts';
import { seedDemoAgencies } from '../../src/seed/agencies.ts';
import { DEMO_CATALOG } from '../../src/seed/catalog-data/index.ts';
import { DATA_SHARING_CATALOG } from '../../src/seed/datasharing.ts';
import { DEMO_FEE_PROCEDURE, seedDemoFees } from '../../src/seed/fees.ts';
import { createTestContext } from '../helpers/db.ts';
import { COPYRIGHT, MINISTRY, rejectsWith } from '../helpers/domain.ts';
import { workflowFor } from '../helpers/workflows.ts';

type Ctx = Awaited<ReturnType<typeof createTestContext>>;

async function manager(ctx: Ctx): Promise<Actor> {
  const account = await ctx.db.selectFrom('accounts').selectAll().where('username', '=', 'demo.danhmuc').executeTakeFirstOrThrow();
  const roles = await ctx.db.selectFrom('account_roles').select(['role', 'agency_id']).where('account_id', '=', account.id).execute();
  return actorOf(account, roles.map((r) => ({ role: r.role, agencyId: r.agency_id })));
}

async function versionCount(ctx: Ctx): Promise<number> {
  return (await ctx.db.selectFrom('procedure_versions').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;
}

async function publishedVersion(ctx: Ctx, code: string) {
  return ctx.db
    .selectFrom('procedure_versions as v')
    .innerJoin('procedures as p', 'p.id', 'v.procedure_id')
    .select(['v.id', 'v.version', 'v.agency_id'])
    .where('p.code', '=', code)
    .where('v.status', '=', 'published')
    .executeTakeFirstOrThrow();
}

/** A procedure of the demo catalog at the copyright office (its workflow is the one we give it). */
async function copyrightProcedure(catalog: CatalogExchange): Promise<ProcedureExchange> {
  const p = catalog.procedures.find((x) => x.agencyCode === COPYRIGHT && !x.timeLimit.sameDay && x.timeLimit.value >= 5);
  assert.ok(p, 'the demo catalog has a copyright procedure with a time limit of days');
  return p;
}

describe('catalog interchange: round trip of the demo catalog', { timeout: 240_000 }, () => {
  it('export → import into an empty installation → export gives the same file (workflows included)', async () => {
    const demo = await createTestContext({ demo: true });
    const actor = await manager(demo);
    const before = await demo.services.catalog.exportCatalog();
    const target = await copyrightProcedure(before);
    const version = await publishedVersion(demo, target.code);
    // A workflow of its own: a department of the office, then an inter-agency step at the ministry's one-stop desk.
    const byDefault = await demo.services.handling.versionWorkflow(actor, target.code, version.version);
    const budgets = byDefault.steps.map((s) => s.budget);
    await demo.services.handling.replaceWorkflow(actor, target.code, version.version, {
      name: 'Quy trình của Cục Bản quyền tác giả',
      steps: [
        { name: 'Tiếp nhận hồ sơ', role: 'receptionist', departmentCode: 'MC', budget: budgets[0]!, actions: ['forward', 'request_supplement', 'withdraw'] },
        {
          name: 'Phòng Quyền tác giả thẩm định',
          role: 'specialist',
          departmentCode: 'QTG',
          budget: budgets[1]!,
          actions: ['forward', 'send_back', 'request_supplement'],
          // Steps with tasks (issue 15) travel too, JSON and Excel.
          tasks: [
            { name: 'Phó trưởng phòng phân công', role: 'department_head', assignment: 'single_user', kind: 'handle' },
            { name: 'Chuyên viên thẩm định', role: 'specialist', assignment: 'any_of_role', kind: 'handle', share: { value: 1, unit: 'half_days' } },
            { name: 'Trưởng phòng xem xét', role: 'department_head', assignment: 'single_user', kind: 'review' },
          ],
        },
        { name: 'Văn phòng Bộ cho ý kiến (liên thông)', role: 'department_head', agencyCode: MINISTRY, departmentCode: 'VP', budget: budgets[2]!, actions: ['forward', 'send_back'] },
        { name: 'Cục trưởng ký', role: 'agency_leader', budget: budgets[3]!, actions: ['record_result', 'send_back'] },
        { name: 'Trả kết quả', role: 'receptionist', budget: budgets[4]!, actions: ['return_result'] },
      ],
    });

    // The demo server's fee rules, and what a province's catalog has, through the catalog's own import.
    assert.equal(await seedDemoFees(demo), true);
    const other = before.procedures.find((p) => p.code !== target.code && p.code !== DEMO_FEE_PROCEDURE && p.agencyCode === COPYRIGHT && p.documents.length >= 2)!;
    const localOnly: ProcedureExchange = {
      ...other,
      code: `${COPYRIGHT}:TP01`,
      localCode: 'TP01',
      name: 'Xác nhận bản sao tác phẩm lưu chiểu (thủ tục riêng của Cục)',
      timeLimit: { value: 0, unit: 'working_days', none: true, note: 'Không quy định thời hạn' },
      documents: [{ name: 'Tờ khai', copies: 1, originalKind: 'original' }, { name: 'Văn bản ủy quyền', copies: 1, originalKind: 'original', condition: 'Trường hợp nộp hồ sơ thông qua người đại diện' }],
      form: {
        schema: {
          type: 'object',
          properties: {
            fullName: { type: 'string', title: 'Họ và tên', maxLength: 100 },
            copies: { type: 'integer', title: 'Số bản sao', minimum: 1, maximum: 100 },
            pages: { type: 'integer', title: 'Số trang', minimum: 1, maximum: 10000 },
            applicantCategory: { type: 'string', title: 'Đối tượng', enum: ['thuong', 'nguoi_co_cong'], 'x-enumNames': ['Thông thường', 'Người có công'] },
          },
          required: ['fullName', 'copies'],
        },
        ui: {},
      },
      feeRules: {
        charge: 'on_request',
        lines: [
          { label: 'Lệ phí', kind: 'le_phi', basis: 'fixed', amountVnd: 50_000, exemptions: [{ field: 'applicantCategory', equals: 'nguoi_co_cong' }] },
          { label: 'Phí sao chụp', kind: 'phi', basis: 'per_item', amountVnd: 20_000, countField: 'copies' },
          { label: 'Phí theo trang', kind: 'phi', basis: 'formula', formula: 'pages * 2000 + 10000' },
        ],
      },
    };
    delete localOnly.workflow;
    const withLocalCode: ProcedureExchange = { ...other, localCode: 'BQ-07', documents: other.documents.map((d, i) => (i === 1 ? { ...d, condition: 'Nếu tác phẩm có đồng tác giả' } : d)) };
    await demo.services.catalog.importCatalog(actor, { format: 'opendvc-catalog', version: 1, fields: [], procedures: [withLocalCode, localOnly] }, { source: 'web' });

    const exported = await demo.services.catalog.exportCatalog();
    assert.ok(exported.procedures.length >= 50, `the whole demo catalog (${exported.procedures.length})`);
    // Every demo procedure, each with its e-form, and the rest of what the format carries.
    const demoProcedures = [...DEMO_CATALOG.procedures, ...DATA_SHARING_CATALOG.procedures];
    assert.deepEqual(exported.procedures.map((p) => p.code).filter((c) => !c.includes(':')).sort(), demoProcedures.map((p) => p.code).sort());
    for (const p of demoProcedures.filter((x) => x.form)) assert.deepEqual(exported.procedures.find((x) => x.code === p.code)!.form, p.form, `the e-form of ${p.code}`);
    assert.equal(exported.procedures.find((p) => p.code === DEMO_FEE_PROCEDURE)!.feeRules?.charge, 'before_submission', 'the demo fee rules travel');
    assert.deepEqual(exported.procedures.find((p) => p.code === localOnly.code)!.feeRules, localOnly.feeRules);
    assert.equal(exported.procedures.find((p) => p.code === localOnly.code)!.timeLimit.none, true);
    assert.equal(exported.procedures.find((p) => p.code === other.code)!.localCode, 'BQ-07');
    assert.equal(exported.procedures.find((p) => p.code === other.code)!.documents[1]!.condition, 'Nếu tác phẩm có đồng tác giả');
    const withWorkflow = exported.procedures.find((p) => p.code === target.code)!;
    const workflow = withWorkflow.workflow as WorkflowExchange;
    assert.equal(workflow.name, 'Quy trình của Cục Bản quyền tác giả');
    assert.deepEqual(workflow.steps[2], { name: 'Văn phòng Bộ cho ý kiến (liên thông)', role: 'department_head', agencyCode: MINISTRY, departmentCode: 'VP', budget: budgets[2], actions: ['forward', 'send_back'] });
    assert.equal(workflow.steps[3]!.agencyCode, undefined, 'a step at the procedure\'s own agency names no agency');
    assert.deepEqual(workflow.steps[1]!.tasks?.map((t) => `${t.role} ${t.assignment} ${t.kind}${t.share ? ` ${t.share.value} ${t.share.unit}` : ''}`), [
      'department_head single_user handle',
      'specialist any_of_role handle 1 half_days',
      'department_head single_user review',
    ]);
    assert.equal(workflow.steps[0]!.tasks, undefined, 'a step without tasks carries none');
    assert.ok(exported.procedures.some((p) => p.form), 'e-forms travel with the file');
    const text = canonicalJson(exported);
    assert.doesNotMatch(text, /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/, 'no ids of this installation in the file');

    const empty = await createTestContext();
    await seedDemoAgencies(empty);
    assert.equal(await versionCount(empty), 0);
    const result = await empty.services.catalog.importCatalog(null, JSON.parse(JSON.stringify(exported)), { source: 'cli', system: true });
    assert.equal(result.created, exported.procedures.length);
    const again = await empty.services.catalog.exportCatalog();
    assert.equal(canonicalJson(again), text);

    // The Excel workbook carries the same (workflows and e-forms in their own sheets).
    const viaExcel = await createTestContext();
    await seedDemoAgencies(viaExcel);
    await viaExcel.services.catalog.importFile(null, await catalogToXlsx(exported), { source: 'cli', system: true });
    assert.equal(canonicalJson(await viaExcel.services.catalog.exportCatalog()), text);

    // The imported workflow is the one the back office uses.
    const imported = await publishedVersion(empty, target.code);
    const resolved = await workflowFor(empty, imported.id);
    assert.equal(resolved.source, 'version');
    assert.deepEqual(resolved.steps.map((s) => [s.role, s.agencyCode, s.departmentCode]), [
      ['receptionist', null, 'MC'],
      ['specialist', null, 'QTG'],
      ['department_head', MINISTRY, 'VP'],
      ['agency_leader', null, null],
      ['receptionist', null, null],
    ]);

    // The same file again changes nothing (the workflow is compared too).
    const second = await empty.services.catalog.importCatalog(null, JSON.parse(JSON.stringify(exported)), { source: 'cli', system: true });
    assert.equal(second.skipped, exported.procedures.length);
    assert.equal(second.newVersions, 0);

    // A new version (by hand or by a changed import) starts from the previous version's workflow and e-form.
    const draft = await demo.services.catalog.newVersion(actor, target.code);
    const copied = await workflowFor(demo, draft.id);
    assert.equal(copied.source, 'version');
    assert.equal(copied.name, 'Quy trình của Cục Bản quyền tác giả');
    assert.deepEqual(copied.steps.map((s) => s.departmentCode), ['MC', 'QTG', 'VP', null, null]);
    assert.deepEqual(draft.form_schema, (await demo.db.selectFrom('procedure_versions').select('form_schema').where('id', '=', version.id).executeTakeFirstOrThrow()).form_schema);

    const { workflow: _w, feeRules: _f, ...withoutWorkflow } = withWorkflow;
    const feeRules = { charge: 'at_acceptance', lines: [{ label: 'Lệ phí', kind: 'le_phi', basis: 'fixed', amountVnd: 100000 }] };
    await empty.db.updateTable('procedure_versions').set({ fee_rules: JSON.stringify(feeRules) }).where('id', '=', imported.id).execute();
    await empty.services.catalog.importCatalog(null, { ...again, procedures: [{ ...withoutWorkflow, name: `${withoutWorkflow.name} (sửa đổi)` }], fields: [] }, { source: 'cli', system: true, draft: true });
    const importedDraft = await empty.db
      .selectFrom('procedure_versions as v')
      .innerJoin('procedures as p', 'p.id', 'v.procedure_id')
      .select('v.id')
      .where('p.code', '=', target.code)
      .where('v.status', '=', 'draft')
      .executeTakeFirstOrThrow();
    assert.equal((await workflowFor(empty, importedDraft.id)).name, 'Quy trình của Cục Bản quyền tác giả');
    const draftFees = await empty.db.selectFrom('procedure_versions').select('fee_rules').where('id', '=', importedDraft.id).executeTakeFirstOrThrow();
    assert.deepEqual(draftFees.fee_rules, feeRules, 'the fee rules (not in the file) are kept');

    // `workflow: null` in a file: back to the default.
    await empty.services.catalog.importCatalog(null, { ...again, procedures: [{ ...withoutWorkflow, name: `${withoutWorkflow.name} (sửa đổi)`, workflow: null }], fields: [] }, { source: 'cli', system: true, draft: true });
    assert.notEqual((await workflowFor(empty, importedDraft.id)).source, 'version');
  });
});

describe('catalog interchange: bad files', { timeout: 120_000 }, () => {
  it('a file with fifty errors (structure, references, workflows): all fifty reported, nothing imported', async () => {
    const ctx = await createTestContext({ demo: true });
    const base = await copyrightProcedure(await ctx.services.catalog.exportCatalog());
    const before = await versionCount(ctx);
    const limitDays = base.timeLimit.unit === 'working_days' ? base.timeLimit.value : base.timeLimit.unit === 'half_days' ? base.timeLimit.value / 2 : base.timeLimit.value / 8;
    const procedures = Array.from({ length: 10 }, (_, i): unknown => ({
      ...base,
      code: `9.${String(900000 + i)}`,
      name: 'x', // structure: minLength
      agencyCode: 'KHONG.CO', // reference: unknown agency
      fieldCode: 'khong-co-linh-vuc', // reference: unknown field
      workflow: {
        name: 'Quy trình sai',
        steps: [
          { name: 'Tiếp nhận', role: 'boss', budget: { value: 0, unit: 'working_days' }, actions: ['forward'] }, // unknown role
          { name: 'Liên thông', role: 'specialist', agencyCode: 'KHONG.CO.2', budget: { value: limitDays, unit: 'working_days' }, actions: ['forward'] }, // unknown agency
        ],
      },
    }));
    // Each procedure: name, agency, field, role, step agency = 5 errors; ten procedures = 50.
    await assert.rejects(
      ctx.services.catalog.importCatalog(null, { format: 'opendvc-catalog', version: 1, fields: [], procedures }, { source: 'cli', system: true }),
      (error: unknown) => {
        rejectsWith('IMPORT_INVALID')(error);
        const e = error as { fieldErrors: Array<{ path: string; code: string }>; params: { count: number } };
        assert.equal(e.fieldErrors.length, 50, JSON.stringify(e.fieldErrors.slice(0, 10)));
        assert.equal(e.params.count, 50);
        assert.deepEqual(e.fieldErrors.filter((x) => x.path.startsWith('/procedures/7/')).map((x) => `${x.path}:${x.code}`).sort(), [
          '/procedures/7/agencyCode:UNKNOWN_AGENCY',
          '/procedures/7/fieldCode:UNKNOWN_FIELD',
          '/procedures/7/name:minLength',
          '/procedures/7/workflow/steps/0/role:enum',
          '/procedures/7/workflow/steps/1/agencyCode:WORKFLOW_AGENCY_UNKNOWN',
        ]);
        return true;
      },
    );
    assert.equal(await versionCount(ctx), before, 'nothing imported');
  });

  it('workflows: unknown agency or department, budgets over the time limit, bad actions — each at its path', async () => {
    const ctx = await createTestContext({ demo: true });
    const base = await copyrightProcedure(await ctx.services.catalog.exportCatalog());
    const before = await versionCount(ctx);
    const step = (over: Record<string, unknown>) => ({ name: 'Bước', role: 'specialist', budget: { value: 0, unit: 'working_days' }, actions: ['forward'], ...over });
    const file = {
      format: 'opendvc-catalog',
      version: 1,
      fields: [],
      procedures: [
        { ...base, workflow: { name: 'Quá hạn', steps: [step({ budget: { value: 3650, unit: 'working_days' } })] } },
        { ...base, code: '9.990001', workflow: { name: 'Phòng lạ', steps: [step({ departmentCode: 'KHONG-CO' }), step({ agencyCode: MINISTRY, departmentCode: 'QTG' })] } },
        { ...base, code: '9.990002', workflow: { name: 'Thao tác lạ', steps: [step({ actions: ['fly'] })] } },
        // No statutory time limit: budgets of any length exceed nothing (no error at /procedures/3).
        { ...base, code: '9.990003', timeLimit: { value: 0, unit: 'working_days', none: true }, workflow: { name: 'Không thời hạn', steps: [step({ budget: { value: 3650, unit: 'working_days' } })] } },
      ],
    };
    await assert.rejects(
      ctx.services.catalog.importCatalog(null, file, { source: 'cli', system: true }),
      rejectsWith('IMPORT_INVALID', [
        '/procedures/0/workflow/steps:WORKFLOW_BUDGET_EXCEEDS_LIMIT',
        '/procedures/1/workflow/steps/0/departmentCode:WORKFLOW_DEPARTMENT_UNKNOWN',
        '/procedures/1/workflow/steps/1/departmentCode:WORKFLOW_DEPARTMENT_UNKNOWN',
        '/procedures/2/workflow/steps/0/actions:WORKFLOW_ACTION_INVALID',
      ]),
    );
    assert.equal(await versionCount(ctx), before);
  });

  it('fee rules: checked against the e-form (the file\'s, else the latest version\'s), each error at its path; a change of fee rules or of a condition alone is a new version', async () => {
    const ctx = await createTestContext({ demo: true });
    const actor = await manager(ctx);
    const exported = await ctx.services.catalog.exportCatalog();
    const base = exported.procedures.find((p) => p.code === '1.001823')!;
    assert.ok(base.form, 'the copyright registration has an e-form of its own');
    const numberField = Object.entries(base.form.schema.properties as Record<string, { type?: string }>).find(([, f]) => f.type === 'integer' || f.type === 'number')?.[0];
    const before = await versionCount(ctx);
    const file = (procedures: unknown[]) => ({ format: 'opendvc-catalog', version: 1, fields: [], procedures });
    await assert.rejects(
      ctx.services.catalog.importCatalog(actor, file([
        { ...base, feeRules: { charge: 'on_request', lines: [{ label: 'Phí', kind: 'phi', basis: 'per_item', amountVnd: 1000, countField: 'khongCo' }, { label: 'Phí', kind: 'phi', basis: 'formula', formula: 'soTrang * 2' }, { label: 'Lệ phí', kind: 'le_phi', basis: 'fixed', amountVnd: 1, exemptions: [{ field: 'khongCo', equals: 'x' }] }] } },
        { ...base, code: '9.990010', feeRules: { charge: 'sometimes', lines: [{ label: '', kind: 'thue', basis: 'fixed', amountVnd: -1 }] } },
        { ...base, code: '9.990011', feeRules: { charge: 'on_request', lines: [{ label: 'Phí', kind: 'phi', basis: 'formula', formula: '2 * (3' }] } },
      ]), { source: 'web' }),
      rejectsWith('IMPORT_INVALID', [
        '/procedures/0/feeRules/lines/0/countField:FEE_FIELD_UNKNOWN',
        '/procedures/0/feeRules/lines/1/formula:FEE_FIELD_UNKNOWN',
        '/procedures/0/feeRules/lines/2/exemptions/0/field:FEE_FIELD_UNKNOWN',
        '/procedures/1/feeRules/charge:enum',
        '/procedures/1/feeRules/lines/0/amountVnd:minimum',
        '/procedures/1/feeRules/lines/0/kind:enum',
        '/procedures/1/feeRules/lines/0/label:minLength',
        '/procedures/2/feeRules/lines/0/formula:FEE_FORMULA_INVALID',
      ]),
    );
    assert.equal(await versionCount(ctx), before, 'nothing imported');

    // Valid rules (a count field of the e-form when it has one) make a new version; the same file again is skipped.
    const rules = { charge: 'before_submission' as const, lines: [numberField ? { label: 'Phí', kind: 'phi' as const, basis: 'per_item' as const, amountVnd: 1000, countField: numberField } : { label: 'Lệ phí', kind: 'le_phi' as const, basis: 'fixed' as const, amountVnd: 100_000 }] };
    const first = await ctx.services.catalog.importCatalog(actor, file([{ ...base, feeRules: rules }]), { source: 'web' });
    assert.equal(first.newVersions, 1);
    assert.deepEqual((await ctx.services.catalog.exportCatalog()).procedures.find((p) => p.code === base.code)!.feeRules, rules);
    assert.equal((await ctx.services.catalog.importCatalog(actor, file([{ ...base, feeRules: rules }]), { source: 'web' })).skipped, 1);
    // A condition on a document alone is a change too.
    const conditioned = { ...base, feeRules: rules, documents: base.documents.map((d, i) => (i === base.documents.length - 1 ? { ...d, condition: 'Trường hợp ủy quyền' } : d)) };
    assert.equal((await ctx.services.catalog.importCatalog(actor, file([conditioned]), { source: 'web' })).newVersions, 1);
    // `feeRules: null`: none any more.
    assert.equal((await ctx.services.catalog.importCatalog(actor, file([{ ...conditioned, feeRules: null }]), { source: 'web' })).newVersions, 1);
    assert.equal((await ctx.services.catalog.exportCatalog()).procedures.find((p) => p.code === base.code)!.feeRules, undefined);
  });

  it('not JSON, not a catalog file, a later format version: one clear error each', async () => {
    const ctx = await createTestContext({ demo: true });
    const actor = await manager(ctx);
    const before = await versionCount(ctx);
    await assert.rejects(ctx.services.catalog.importFile(actor, Buffer.from('{"format": "opendvc-catalog", '), { source: 'web' }), rejectsWith('IMPORT_UNREADABLE'));
    await assert.rejects(ctx.services.catalog.importFile(actor, Buffer.from('[{"maHoSo": "000.00.12.G14-261201-0001"}]'), { source: 'web' }), rejectsWith('IMPORT_FORMAT_UNKNOWN'));
    await assert.rejects(ctx.services.catalog.importFile(actor, Buffer.from(JSON.stringify({ format: 'opendvc-catalog', version: 7, fields: [], procedures: [] })), { source: 'web' }), rejectsWith('IMPORT_FORMAT_VERSION'));
    assert.equal(await versionCount(ctx), before);
  });
});
