import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import ExcelJS from 'exceljs';
import type { Actor } from '../../src/core/actor.ts';
import { DomainError } from '../../src/core/errors.ts';
import type { CatalogExchange, ProcedureExchange } from '../../src/modules/catalog/catalog.exchange.ts';
import { seedDemoAgencies } from '../../src/seed/agencies.ts';
import { createTestContext } from '../helpers/db.ts';
import { MINISTRY, COPYRIGHT, TRA_VINH, TV_COMMUNE, TV_SO } from '../helpers/domain.ts';
import { oleFile } from '../helpers/inspect-corpus.ts';


function procedure(code: string, name: string, over: Partial<ProcedureExchange> = {}): ProcedureExchange {
  return {
    code,
    name,
    agencyCode: COPYRIGHT,
    fieldCode: 'ban-quyen-tac-gia',
    authorityLevel: 'central',
    audience: ['citizen', 'organisation'],
    onlineLevel: 4,
    onlineClass: 'full',
    fullOnlineEligible: true,
    steps: ['Bước 1: Nộp hồ sơ.', '- Bước 2: Thẩm định.', '=Bước 3: Trả kết quả.'],
    documents: [
      { name: 'Tờ khai đăng ký', copies: 1, originalKind: 'original', templateName: 'mau-01-to-khai.docx' },
      { name: 'Bản sao giấy tờ tùy thân', copies: 1, originalKind: 'certified_copy' },
    ],
    timeLimit: { value: 15, unit: 'working_days' },
    fees: [{ description: 'Lệ phí cấp Giấy chứng nhận', amountVnd: 100000 }],
    legalBasis: ['Luật Sở hữu trí tuệ 2005', 'Nghị định 17/2023/NĐ-CP'],
    resultType: 'Giấy chứng nhận đăng ký quyền tác giả',
    submissionPlaces: 'Cục Bản quyền tác giả, 33 Ngô Quyền, Hà Nội',
    effectiveFrom: '2025-01-01',
    ...over,
  };
}

/** Sorted like an export: fields and procedures by code. */
const FIXTURE: CatalogExchange = {
  format: 'opendvc-catalog',
  version: 1,
  fields: [
    { code: 'ban-quyen-tac-gia', name: 'Bản quyền tác giả', nameEn: 'Copyright' },
    { code: 'du-lich', name: 'Du lịch' },
    { code: 'van-hoa-co-so', name: 'Văn hóa cơ sở' },
  ],
  procedures: [
    procedure('1.001234', 'Cấp Giấy chứng nhận đăng ký quyền tác giả'),
    procedure('1.001235', 'Cấp lại Giấy chứng nhận đăng ký quyền tác giả', { timeLimit: { value: 12, unit: 'working_days', note: 'Kể từ ngày nhận đủ hồ sơ' } }),
    procedure('1.001240', 'Cấp Giấy chứng nhận đăng ký quyền liên quan', { onlineLevel: 3, onlineClass: 'partial', fullOnlineEligible: false }),
    procedure('2.000100', 'Cấp giấy phép kinh doanh dịch vụ lữ hành nội địa', {
      agencyCode: TV_SO, fieldCode: 'du-lich', authorityLevel: 'province', audience: ['organisation'], onlineLevel: 3, onlineClass: 'partial', fullOnlineEligible: false,
      timeLimit: { value: 10, unit: 'working_days' }, fees: [{ description: 'Phí thẩm định', amountVnd: 3000000 }],
    }),
    procedure('2.000200', 'Đăng ký tổ chức lễ hội', {
      agencyCode: TV_COMMUNE, fieldCode: 'van-hoa-co-so', authorityLevel: 'commune', audience: ['citizen'], onlineLevel: 2, onlineClass: 'none', fullOnlineEligible: false,
      timeLimit: { value: 4, unit: 'hours', sameDay: true }, fees: [], documents: [],
    }),
    procedure('2.000300', 'Thông báo tổ chức biểu diễn nghệ thuật', {
      agencyCode: TV_SO, fieldCode: 'van-hoa-co-so', authorityLevel: 'province', audience: ['organisation'], onlineLevel: 4, onlineClass: 'full',
      timeLimit: { value: 1.5, unit: 'half_days' },
    }),
  ],
};

async function staff(ctx: Awaited<ReturnType<typeof createTestContext>>, username: string, roots: string[]): Promise<Actor> {
  const agencyIds = await Promise.all(roots.map(async (code) => (await ctx.services.agencies.byCode(code))!.id));
  const account = await ctx.services.identity.createAccount(null, {
    username, password: 'Catalog#2026!', kind: 'staff', fullName: username, email: null, agencyId: agencyIds[0]!,
    roles: agencyIds.map((agencyId) => ({ role: 'catalog_manager' as const, agencyId })),
  });
  return { id: account.id, username, fullName: username, kind: 'staff', agencyId: agencyIds[0]!, departmentId: null, organisationId: null, roles: agencyIds.map((agencyId) => ({ role: 'catalog_manager' as const, agencyId })) };
}

async function versionCount(ctx: Awaited<ReturnType<typeof createTestContext>>): Promise<number> {
  return (await ctx.db.selectFrom('procedure_versions').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;
}

async function codes(ctx: Awaited<ReturnType<typeof createTestContext>>, query: Parameters<typeof ctx.services.catalog.search>[0]): Promise<string[]> {
  return (await ctx.services.catalog.search(query)).rows.map((r) => r.code);
}

async function rejects(promise: Promise<unknown>, code: string, path?: string) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof DomainError, String(error));
    assert.equal(error.code, code, JSON.stringify(error.fieldErrors));
    if (path) assert.ok(error.fieldErrors.some((e) => e.path === path), JSON.stringify(error.fieldErrors));
    return true;
  });
}

describe('procedure catalog (PostgreSQL)', async () => {
  const ctx = await createTestContext();
  await seedDemoAgencies(ctx);
  const catalog = ctx.services.catalog;
  const ministryManager = await staff(ctx, 'bo.danhmuc', [MINISTRY, TRA_VINH]);
  const traVinhManager = await staff(ctx, 'tv.danhmuc', [TRA_VINH]);

  it('imports a JSON catalog, publishing everything, and exports it back equal', async () => {
    const result = await catalog.importCatalog(null, FIXTURE, { source: 'cli', system: true });
    assert.equal(result.created, 6);
    assert.equal(result.published, 6);
    assert.equal(result.fieldsCreated, 3);
    const exported = await catalog.exportCatalog();
    assert.deepEqual(exported, FIXTURE);
  });

  it('re-importing the same catalog creates no version', async () => {
    const before = await versionCount(ctx);
    const result = await catalog.importCatalog(null, FIXTURE, { source: 'cli', system: true });
    assert.equal(result.skipped, 6);
    assert.equal(result.created + result.newVersions, 0);
    assert.equal(await versionCount(ctx), before);
  });

  it('finds procedures without accents, in any case', async () => {
    const found = await codes(ctx, { q: 'dang ky quyen tac gia' });
    assert.ok(found.includes('1.001234'));
    assert.deepEqual(await codes(ctx, { q: 'ĐĂNG KÝ QUYỀN TÁC GIẢ' }), found);
  });

  it('ranks phrase matches above partial and fuzzy ones', async () => {
    const found = await codes(ctx, { q: 'dang ky quyen tac gia' });
    assert.deepEqual(new Set(found.slice(0, 2)), new Set(['1.001234', '1.001235']));
    assert.equal(found[0], '1.001234', 'the shorter, closer name first');
    const related = found.indexOf('1.001240');
    if (related >= 0) assert.ok(related >= 2);
  });

  it('tolerates typos', async () => {
    assert.equal((await codes(ctx, { q: 'quyen tac gai' }))[0]?.startsWith('1.00123'), true);
    const dnag = await codes(ctx, { q: 'dnag ky' });
    assert.ok(dnag.includes('2.000200') && dnag.includes('1.001234'), JSON.stringify(dnag));
    assert.equal((await codes(ctx, { q: 'le hoi dnag ky' }))[0], '2.000200');
    assert.ok(!(await codes(ctx, { q: 'dnag ky' })).includes('2.000100'), 'no unrelated result');
    // Neither the words nor a transposition match: trigram similarity still finds it.
    const similar = await codes(ctx, { q: 'quyenn tac giaa' });
    assert.ok(similar.slice(0, 2).includes('1.001234'), JSON.stringify(similar));
    assert.ok(!similar.includes('2.000200'), JSON.stringify(similar));
  });

  it('finds a procedure by its code, first', async () => {
    assert.equal((await codes(ctx, { q: '1.001234' }))[0], '1.001234');
    assert.equal((await codes(ctx, { q: '2.000300' }))[0], '2.000300');
  });

  it('treats SQL and LIKE metacharacters as text', async () => {
    const injected = await codes(ctx, { q: "quyen%' OR 1=1 --" });
    assert.ok(injected.length > 0 && injected.every((c) => c.startsWith('1.0012')), JSON.stringify(injected));
    assert.deepEqual(await codes(ctx, { q: 'zzz%_' }), []);
    assert.deepEqual(await codes(ctx, { q: '_' }), await codes(ctx, {}), 'only punctuation: no text filter');
    assert.equal((await catalog.search({})).total, 6);
  });

  it('filters by agency subtree, field, level, audience and online level', async () => {
    assert.deepEqual((await codes(ctx, { agency: TRA_VINH })).sort(), ['2.000100', '2.000200', '2.000300']);
    assert.deepEqual((await codes(ctx, { agency: TV_SO })).sort(), ['2.000100', '2.000300']);
    assert.deepEqual((await codes(ctx, { agency: MINISTRY })).sort(), ['1.001234', '1.001235', '1.001240']);
    assert.deepEqual(await codes(ctx, { field: 'du-lich' }), ['2.000100']);
    assert.deepEqual(await codes(ctx, { level: 'commune' }), ['2.000200']);
    assert.deepEqual((await codes(ctx, { audience: 'organisation' })).length, 5);
    assert.deepEqual((await codes(ctx, { onlineLevel: 4 })).sort(), ['1.001234', '1.001235', '2.000300']);
    assert.deepEqual(await codes(ctx, { q: 'le hoi', agency: TRA_VINH, level: 'commune' }), ['2.000200']);
    await rejects(catalog.search({ agency: '999.99.99.Z99' }), 'VALIDATION_FAILED', '/agency');
    await rejects(catalog.search({ field: 'khong-co' }), 'VALIDATION_FAILED', '/field');
  });

  it('paginates with the total of all matches', async () => {
    const first = await catalog.search({ pageSize: 4, page: 1 });
    const second = await catalog.search({ pageSize: 4, page: 2 });
    const beyond = await catalog.search({ pageSize: 4, page: 9 });
    assert.equal(first.total, 6);
    assert.equal(second.total, 6);
    assert.equal(first.rows.length, 4);
    assert.equal(second.rows.length, 2);
    assert.equal(new Set([...first.rows, ...second.rows].map((r) => r.code)).size, 6);
    assert.equal(beyond.rows.length, 0);
    assert.equal(beyond.total, 6);
  });

  it('publishing a new version retires the previous one the day before; one published version at most', async () => {
    await rejects(catalog.updateDraft(ministryManager, '1.001234', FIXTURE.procedures[0]!), 'VERSION_NOT_DRAFT');
    const feeRules = { charge: 'on_request', lines: [{ label: 'Lệ phí', kind: 'le_phi', basis: 'fixed', amountVnd: 100000 }] };
    const procedure = await ctx.db.selectFrom('procedures').select('id').where('code', '=', '1.001234').executeTakeFirstOrThrow();
    await ctx.db.updateTable('procedure_versions').set({ fee_rules: JSON.stringify(feeRules) }).where('procedure_id', '=', procedure.id).where('version', '=', 1).execute();
    const draft = await catalog.newVersion(ministryManager, '1.001234');
    assert.equal(draft.version, 2);
    assert.equal(draft.status, 'draft');
    assert.equal(draft.documents.length, 2, 'documents copied');
    const copied = await ctx.db.selectFrom('procedure_versions').select('fee_rules').where('procedure_id', '=', procedure.id).where('version', '=', 2).executeTakeFirstOrThrow();
    assert.deepEqual(copied.fee_rules, feeRules, 'fee rules copied');
    await rejects(catalog.newVersion(ministryManager, '1.001234'), 'DRAFT_EXISTS');
    const edited = await catalog.updateDraft(ministryManager, '1.001234', { ...FIXTURE.procedures[0]!, name: 'Cấp Giấy chứng nhận đăng ký quyền tác giả (sửa đổi)' });
    assert.match(edited.search_text, /sua doi/);
    await rejects(catalog.publish(ministryManager, '1.001234', { effectiveFrom: '2024-12-31' }), 'VALIDATION_FAILED', '/effectiveFrom');
    const published = await catalog.publish(ministryManager, '1.001234', { effectiveFrom: '2026-07-01' });
    assert.equal(published.status, 'published');
    assert.equal(published.effective_from, '2026-07-01');
    const versions = await ctx.db.selectFrom('procedure_versions as v').innerJoin('procedures as p', 'p.id', 'v.procedure_id').select(['v.version', 'v.status', 'v.effective_to']).where('p.code', '=', '1.001234').orderBy('v.version').execute();
    assert.deepEqual(versions, [
      { version: 1, status: 'retired', effective_to: '2026-06-30' },
      { version: 2, status: 'published', effective_to: null },
    ]);
    assert.equal((await catalog.published('1.001234')).name, 'Cấp Giấy chứng nhận đăng ký quyền tác giả (sửa đổi)');
    // The database refuses a second published version whatever the code does.
    await assert.rejects(
      sql`UPDATE procedure_versions SET status = 'published' WHERE version = 1 AND procedure_id = (SELECT id FROM procedures WHERE code = '1.001234')`.execute(ctx.db),
      /procedure_versions_one_published/,
    );
  });

  it('writes an audit entry for every change, in the same transaction', async () => {
    const entries = await ctx.db.selectFrom('audit_log').select(['action', 'actor_name', 'summary']).where('target_id', '=', '1.001234').orderBy('id').execute();
    assert.deepEqual(entries.map((e) => e.action), ['catalog.import', 'catalog.new_version', 'catalog.update_draft', 'catalog.publish']);
    assert.equal(entries[3]!.actor_name, 'bo.danhmuc');
    assert.deepEqual((entries[3]!.summary as Record<string, unknown>).retiredVersion, 1);
    assert.equal((await ctx.services.audit.verify()).ok, true);
  });

  it('retires a published version; the public page no longer finds it', async () => {
    await catalog.retire(ministryManager, '1.001240');
    await rejects(catalog.published('1.001240'), 'NOT_FOUND');
    await rejects(catalog.retire(ministryManager, '1.001240'), 'VERSION_NOT_PUBLISHED');
    assert.ok(!(await codes(ctx, { q: 'quyen lien quan' })).includes('1.001240'));
  });

  it('a catalog manager of Trà Vinh cannot touch a ministry procedure (404) but manages Trà Vinh', async () => {
    await rejects(catalog.newVersion(traVinhManager, '1.001235'), 'NOT_FOUND');
    await rejects(catalog.adminProcedure(traVinhManager, '1.001235'), 'NOT_FOUND');
    await rejects(catalog.retire(traVinhManager, '1.001235'), 'NOT_FOUND');
    const list = await catalog.adminList(traVinhManager, {});
    assert.deepEqual(list.rows.map((r) => r.code).sort(), ['2.000100', '2.000200', '2.000300']);
    const draft = await catalog.newVersion(traVinhManager, '2.000100');
    assert.equal(draft.version, 2);
    await rejects(catalog.create(traVinhManager, procedure('1.005555', 'Thủ tục của Bộ')), 'VALIDATION_FAILED', '/agencyCode');
    await rejects(catalog.create(null, procedure('1.005555', 'Thủ tục của Bộ')), 'UNAUTHENTICATED');
    await rejects(catalog.importCatalog(traVinhManager, { ...FIXTURE, procedures: [procedure('1.005556', 'Ngoài phạm vi')] }, { source: 'web' }), 'IMPORT_INVALID', '/procedures/0/agencyCode');
  });

  it('an invalid import writes nothing and lists every error', async () => {
    const before = await versionCount(ctx);
    const bad = {
      ...FIXTURE,
      procedures: [
        procedure('1.007001', 'Thủ tục mới hợp lệ'),
        procedure('1.007002', 'Cơ quan không tồn tại', { agencyCode: '999.99.99.Z99' }),
        procedure('1.007003', 'Lĩnh vực không tồn tại', { fieldCode: 'khong-co' }),
      ],
    };
    await assert.rejects(catalog.importCatalog(null, bad, { source: 'cli', system: true }), (error: DomainError) => {
      assert.equal(error.code, 'IMPORT_INVALID');
      assert.deepEqual(error.fieldErrors.map((e) => e.path).sort(), ['/procedures/1/agencyCode', '/procedures/2/fieldCode']);
      return true;
    });
    await rejects(catalog.importCatalog(null, { format: 'opendvc-catalog', version: 1, fields: [], procedures: [{ code: 'x' }] }, { source: 'cli', system: true }), 'IMPORT_INVALID', '/procedures/0/code');
    // A problem found while writing (an effective date before the current version) rolls everything back.
    const late = { ...FIXTURE, procedures: [procedure('1.007001', 'Thủ tục mới hợp lệ'), procedure('1.001235', 'Cấp lại (sửa)', { effectiveFrom: '2020-01-01' })] };
    await rejects(catalog.importCatalog(null, late, { source: 'cli', system: true }), 'IMPORT_INVALID', '/procedures/1/effectiveFrom');
    assert.equal(await versionCount(ctx), before);
    assert.equal(await ctx.db.selectFrom('procedures').select('id').where('code', '=', '1.007001').executeTakeFirst(), undefined);
  });

  it('imports as drafts with the draft option', async () => {
    const changed = { ...FIXTURE, procedures: [procedure('1.001235', 'Cấp lại Giấy chứng nhận đăng ký quyền tác giả (dự thảo)', { effectiveFrom: '2027-01-01' })] };
    const result = await catalog.importCatalog(null, changed, { source: 'cli', system: true, draft: true });
    assert.equal(result.drafts, 1);
    assert.equal((await catalog.published('1.001235')).name, 'Cấp lại Giấy chứng nhận đăng ký quyền tác giả');
    const admin = await catalog.adminProcedure(ministryManager, '1.001235');
    assert.equal(admin.draft?.name, 'Cấp lại Giấy chứng nhận đăng ký quyền tác giả (dự thảo)');
  });

  it('exports Excel that imports back unchanged, and imports an edited workbook as a new version', async () => {
    const json = await catalog.exportCatalog();
    const xlsx = await catalog.exportXlsx();
    const before = await versionCount(ctx);
    const again = await catalog.importFile(null, xlsx, { source: 'cli', system: true });
    assert.equal(again.skipped, json.procedures.length);
    assert.equal(await versionCount(ctx), before);
    assert.deepEqual(await catalog.exportCatalog(), json);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Thủ tục')!;
    assert.equal(sheet.getRow(1).getCell(1).value, 'Mã TTHC');
    // Formula injection is neutralised: the step list starting with "=" is text with an apostrophe.
    let stepsCell: string | undefined;
    sheet.eachRow((row) => {
      if (row.getCell(1).value === '2.000300') {
        row.getCell(2).value = 'Thông báo tổ chức biểu diễn nghệ thuật (sửa đổi)';
        row.getCell(19).value = '2027-03-01';
      }
      if (row.getCell(1).value === '1.001234') stepsCell = String(row.getCell(14).value);
    });
    assert.ok(stepsCell?.startsWith('Bước 1'), stepsCell);
    for (const row of json.procedures) assert.ok(!row.name.startsWith('='));
    const edited = Buffer.from(await workbook.xlsx.writeBuffer());
    const result = await catalog.importFile(null, edited, { source: 'cli', system: true });
    assert.equal(result.newVersions, 1);
    assert.equal((await catalog.published('2.000300')).name, 'Thông báo tổ chức biểu diễn nghệ thuật (sửa đổi)');
  });

  it('neutralises cells that start with a formula character', async () => {
    await catalog.importCatalog(null, { ...FIXTURE, procedures: [procedure('1.008000', '=HYPERLINK("http://evil")', { steps: ['=1+1', '@SUM(A1)'] })] }, { source: 'cli', system: true });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await catalog.exportXlsx()) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Thủ tục')!;
    let name: unknown;
    let steps: unknown;
    sheet.eachRow((row) => {
      if (row.getCell(1).value === '1.008000') {
        name = row.getCell(2).value;
        steps = row.getCell(14).value;
      }
    });
    assert.equal(name, '\'=HYPERLINK("http://evil")');
    assert.equal(steps, "'=1+1\n@SUM(A1)");
    // and the import turns it back into the original text
    const result = await catalog.importFile(null, await catalog.exportXlsx(), { source: 'cli', system: true });
    assert.equal(result.created + result.newVersions, 0);
  });

  it('reports Excel errors with sheet, row and column', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await catalog.exportXlsx()) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Thủ tục')!;
    sheet.getRow(3).getCell(7).value = 'bốn';
    sheet.getRow(4).getCell(3).value = '999.99.99.Z99';
    const before = await versionCount(ctx);
    await assert.rejects(catalog.importFile(null, Buffer.from(await workbook.xlsx.writeBuffer()), { source: 'cli', system: true }), (error: DomainError) => {
      assert.equal(error.code, 'IMPORT_INVALID');
      const paths = error.fieldErrors.map((e) => e.path);
      assert.ok(paths.includes('/Thủ tục/3/Mức độ DVC (1-4)'), JSON.stringify(paths));
      assert.ok(paths.includes('/Thủ tục/4/Mã cơ quan'), JSON.stringify(paths));
      return true;
    });
    assert.equal(await versionCount(ctx), before);
    await rejects(catalog.importFile(null, Buffer.from('not json'), { source: 'cli', system: true }), 'IMPORT_UNREADABLE');
  });

  it('accepts templates by content and refuses a PNG or an EXE named like a document', async () => {
    await catalog.newVersion(ministryManager, '1.001235').catch(() => undefined);
    const stage = (bytes: Buffer, name: string) => ctx.services.files.stage(Readable.from([bytes]), name, { maxBytes: ctx.config.maxTemplateBytes });
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c6300010000050001', 'hex');
    await rejects(catalog.uploadTemplate(ministryManager, '1.001235', 1, await stage(png, 'to-khai.pdf')), 'TEMPLATE_TYPE_MISMATCH');
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('PE\0\0'), Buffer.alloc(200)]);
    exe.writeUInt32LE(64, 60);
    await rejects(catalog.uploadTemplate(ministryManager, '1.001235', 1, await stage(exe, 'to-khai.docx')), 'TEMPLATE_TYPE_MISMATCH');
    await rejects(catalog.uploadTemplate(ministryManager, '1.001235', 1, await stage(Buffer.from('%PDF-1.4\n%%EOF\n'), 'virus.exe')), 'TEMPLATE_TYPE_NOT_ALLOWED');
    await rejects(catalog.uploadTemplate(traVinhManager, '1.001235', 1, await stage(Buffer.from('%PDF-1.4\n%%EOF\n'), 'a.pdf')), 'NOT_FOUND');
    const big = await ctx.services.files.stage(Readable.from([Buffer.alloc(2048, 1)]), 'big.pdf', { maxBytes: 1024 });
    assert.equal(big.truncated, true);
    await rejects(catalog.uploadTemplate(ministryManager, '1.001235', 1, big), 'TEMPLATE_TOO_LARGE');

    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
    const stored = await catalog.uploadTemplate(ministryManager, '1.001235', 1, await stage(pdf, '../Tờ khai\u0000 mẫu.pdf'));
    assert.equal(stored.name, 'Tờ khai mẫu.pdf');
    assert.equal(stored.mediaType, 'application/pdf');
    // An OLE compound file header (version 3: 512-byte sectors) followed by its FAT and directory sectors.
    const ole = oleFile(3);
    const doc = await catalog.uploadTemplate(ministryManager, '1.001235', 2, await stage(ole, 'mau.doc'));
    assert.equal(doc.mediaType, 'application/msword');

    const opened = await ctx.services.files.open(stored.fileId);
    assert.ok(opened);
    const chunks: Buffer[] = [];
    for await (const chunk of opened.stream) chunks.push(chunk as Buffer);
    assert.deepEqual(Buffer.concat(chunks), pdf);
    assert.equal(opened.file.sha256, (await import('node:crypto')).createHash('sha256').update(pdf).digest('hex'));
    // Only templates are public downloads; a template of a draft is attached to a document.
    assert.ok(await catalog.openTemplate(stored.fileId));
    await rejects(catalog.openTemplate('00000000-0000-0000-0000-000000000000'), 'NOT_FOUND');
    await rejects(catalog.openTemplate('../../etc/passwd'), 'NOT_FOUND');
    const audit = await ctx.db.selectFrom('audit_log').select('action').where('action', '=', 'catalog.upload_template').execute();
    assert.equal(audit.length, 2);
  });

  it('keeps an uploaded template across new versions and draft edits that name it', async () => {
    await catalog.publish(ministryManager, '1.001235', { effectiveFrom: '2027-06-01' });
    const current = await catalog.published('1.001235');
    assert.equal(current.documents[0]!.template_name, 'Tờ khai mẫu.pdf');
    assert.ok(current.documents[0]!.template_file_id);
    const next = await catalog.newVersion(ministryManager, '1.001235');
    assert.equal(next.documents[0]!.template_file_id, current.documents[0]!.template_file_id);
  });
});
