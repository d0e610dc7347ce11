import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Actor } from '../../src/core/actor.ts';
import { createTestContext } from '../helpers/db.ts';
import { rejectsWith, MINISTRY, COPYRIGHT, TRA_VINH, TV_SO } from '../helpers/domain.ts';



describe('agency tree administration', async () => {
  const ctx = await createTestContext({ demo: true });
  const agencies = ctx.services.agencies;
  const id = async (code: string) => (await agencies.byCode(code))!.id;
  const signIn = async (username: string) => (await ctx.services.identity.login({ username, password: 'Demo@2026', ip: '10.0.0.1' })).actor;
  let admin: Actor; // demo.quantri: admin on the ministry and on Trà Vinh (both top-level)
  let soAdmin: Actor; // admin of the Sở VHTTDL Trà Vinh only
  const auditCount = async (action: string, targetId: string) =>
    (await ctx.db.selectFrom('audit_log').select(sql<number>`count(*)::int`.as('n')).where('action', '=', action).where('target_id', '=', targetId).executeTakeFirstOrThrow()).n;

  before(async () => {
    admin = await signIn('demo.quantri');
    await ctx.services.identity.createAccount(null, {
      username: 'so.quantri', password: 'Demo@2026', kind: 'staff', fullName: 'Quản trị Sở', agencyId: await id(TV_SO),
      roles: [{ role: 'admin', agencyId: await id(TV_SO) }],
    });
    soAdmin = await signIn('so.quantri');
  });

  it('lists the whole tree, parents before children', async () => {
    const tree = await agencies.tree();
    const codes = tree.map((e) => e.view.code);
    assert.ok(codes.indexOf(MINISTRY) < codes.indexOf(COPYRIGHT));
    assert.ok(codes.indexOf(TRA_VINH) < codes.indexOf(TV_SO));
    const so = tree.find((e) => e.view.code === TV_SO)!;
    assert.equal(so.view.parentCode, TRA_VINH);
    assert.equal(so.depth, 1);
  });

  it('creates an agency below one the admin administers, audited in the same transaction', async () => {
    const created = await agencies.create(soAdmin, { code: ' 000.20.01.h59 ', name: 'Thư viện tỉnh Trà Vinh', level: 'provincial_department', parentCode: TV_SO });
    assert.equal(created.code, '000.20.01.H59');
    assert.equal(created.parent_id, await id(TV_SO));
    assert.equal(await auditCount('agency.create', created.id), 1);
  });

  it('reports every bad field at once: code with spaces, unknown level, empty name', async () => {
    await assert.rejects(
      agencies.create(admin, { code: '000 21 H59', name: ' ', level: 'ward', parentCode: TRA_VINH }),
      rejectsWith('VALIDATION_FAILED', ['/code:AGENCY_CODE_INVALID', '/level:AGENCY_LEVEL_INVALID', '/name:required']),
    );
    await assert.rejects(
      agencies.create(admin, { code: TV_SO, name: 'Trùng mã', level: 'provincial_department', parentCode: 'NO.SUCH.CODE' }),
      rejectsWith('VALIDATION_FAILED', ['/code:AGENCY_CODE_TAKEN', '/parentCode:AGENCY_PARENT_NOT_FOUND']),
    );
  });

  it('lets only an admin of a top-level agency create a top-level agency', async () => {
    await assert.rejects(agencies.create(soAdmin, { code: 'H86', name: 'UBND tỉnh Vĩnh Long', level: 'province' }), rejectsWith('AGENCY_ROOT_FORBIDDEN'));
    const vinhLong = await agencies.create(admin, { code: 'H86', name: 'Ủy ban nhân dân tỉnh Vĩnh Long', level: 'province' });
    assert.equal(vinhLong.parent_id, null);
  });

  it('refuses agencies outside the admin\'s subtree, and non-admins', async () => {
    await assert.rejects(agencies.create(soAdmin, { code: 'G14.99', name: 'Cục mới', level: 'department', parentCode: MINISTRY }), rejectsWith('FORBIDDEN'));
    await assert.rejects(agencies.update(soAdmin, COPYRIGHT, { name: 'Đổi tên' }), rejectsWith('NOT_FOUND'));
    await assert.rejects(agencies.merge(soAdmin, COPYRIGHT, { successorCode: TV_SO }), rejectsWith('NOT_FOUND'));
    await assert.rejects(agencies.create(await signIn('demo.danhmuc'), { code: 'X1', name: 'x', level: 'commune', parentCode: TRA_VINH }), rejectsWith('FORBIDDEN'));
    await assert.rejects(agencies.create(null, { code: 'X1', name: 'x', level: 'commune', parentCode: TRA_VINH }), rejectsWith('UNAUTHENTICATED'));
    assert.equal((await agencies.byCode(COPYRIGHT))!.name, 'Cục Bản quyền tác giả');
  });

  it('renames and changes the code, keeping the former ones in agency_history', async () => {
    const before = (await agencies.byCode('000.20.01.H59'))!;
    const updated = await agencies.update(soAdmin, '000.20.01.H59', { code: '000.20.02.H59', name: 'Thư viện tỉnh' });
    assert.equal(updated.id, before.id);
    assert.equal(updated.code, '000.20.02.H59');
    assert.equal(await agencies.byCode('000.20.01.H59'), undefined);
    const history = await ctx.db.selectFrom('agency_history').selectAll().where('agency_id', '=', before.id).execute();
    assert.deepEqual(history.map((h) => [h.code, h.name]), [['000.20.01.H59', 'Thư viện tỉnh Trà Vinh']]);
    assert.equal(await auditCount('agency.update', before.id), 1);
    // A change of the short name only is not a rename: no history row.
    await agencies.update(soAdmin, '000.20.02.H59', { shortName: 'TV tỉnh' });
    assert.equal((await ctx.db.selectFrom('agency_history').selectAll().where('agency_id', '=', before.id).execute()).length, 1);
  });

  it('refuses a parent inside the agency\'s own subtree (cycle) and a code taken by another agency', async () => {
    await assert.rejects(agencies.update(admin, MINISTRY, { parentCode: COPYRIGHT }), rejectsWith('VALIDATION_FAILED', ['/parentCode:AGENCY_PARENT_CYCLE']));
    await assert.rejects(agencies.update(admin, TRA_VINH, { parentCode: TV_SO }), rejectsWith('VALIDATION_FAILED', ['/parentCode:AGENCY_PARENT_CYCLE']));
    await assert.rejects(agencies.update(admin, COPYRIGHT, { code: MINISTRY, level: 'city' }), rejectsWith('VALIDATION_FAILED', ['/code:AGENCY_CODE_TAKEN', '/level:AGENCY_LEVEL_INVALID']));
    assert.equal((await agencies.byCode(MINISTRY))!.parent_id, null);
  });

  it('moves an agency under another parent the admin administers', async () => {
    const moved = await agencies.update(soAdmin, '000.20.02.H59', { parentCode: TV_SO });
    assert.equal(moved.parent_id, await id(TV_SO)); // unchanged parent: nothing to do
    await assert.rejects(agencies.update(soAdmin, '000.20.02.H59', { parentCode: TRA_VINH }), rejectsWith('FORBIDDEN'));
    const up = await agencies.update(admin, '000.20.02.H59', { parentCode: TRA_VINH });
    assert.equal(up.parent_id, await id(TRA_VINH));
  });

  it('merges Trà Vinh into Vĩnh Long: inactive, successor, end date, children moved, audited', async () => {
    // The ministry-and-Trà Vinh administrator has no grant on the new province yet.
    await assert.rejects(agencies.merge(admin, TRA_VINH, { successorCode: 'H86' }), rejectsWith('FORBIDDEN'));
    await ctx.db.insertInto('account_roles').values({ account_id: admin.id, role: 'admin', agency_id: await id('H86') }).execute();
    admin = await signIn('demo.quantri');
    const childrenBefore = await ctx.db.selectFrom('agencies').select('code').where('parent_id', '=', await id(TRA_VINH)).orderBy('code').execute();
    assert.ok(childrenBefore.length >= 3);

    const result = await agencies.merge(admin, TRA_VINH, { successorCode: 'H86', validTo: '2025-06-30' });
    assert.deepEqual(result.moved, childrenBefore.map((c) => c.code));
    const tv = (await agencies.byCode(TRA_VINH))!;
    assert.equal(tv.active, false);
    assert.equal(tv.successor_id, await id('H86'));
    assert.equal(tv.valid_to, '2025-06-30');
    const so = (await agencies.byCode(TV_SO))!;
    assert.equal(so.parent_id, await id('H86'));
    const entry = await ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'agency.merge').where('target_id', '=', tv.id).executeTakeFirstOrThrow();
    assert.equal(entry.summary.successorCode, 'H86');
    assert.deepEqual(entry.summary.moved, result.moved);
    assert.equal((await agencies.tree()).find((e) => e.view.code === TRA_VINH)!.view.successorCode, 'H86');

    // Merging twice, into itself or into its own subtree is refused.
    await assert.rejects(agencies.merge(admin, TRA_VINH, { successorCode: 'H86' }), rejectsWith('AGENCY_INACTIVE'));
    await assert.rejects(agencies.merge(admin, 'H86', { successorCode: 'H86' }), rejectsWith('VALIDATION_FAILED', ['/successorCode:AGENCY_MERGE_SELF']));
    await assert.rejects(agencies.merge(admin, 'H86', { successorCode: TV_SO }), rejectsWith('VALIDATION_FAILED', ['/successorCode:AGENCY_MERGE_INTO_SUBTREE']));
    await assert.rejects(agencies.merge(admin, COPYRIGHT, { successorCode: TRA_VINH }), rejectsWith('VALIDATION_FAILED', ['/successorCode:AGENCY_SUCCESSOR_INACTIVE']));
    await assert.rejects(agencies.merge(admin, COPYRIGHT, { successorCode: 'H86', validTo: '30/06/2025' }), rejectsWith('VALIDATION_FAILED', ['/validTo:format']));
  });

  it('adds departments, refusing duplicates, audited', async () => {
    const dept = await agencies.addDepartment(admin, COPYRIGHT, { code: 'qlbq', name: 'Phòng Quản lý bản quyền' });
    assert.equal(dept.code, 'QLBQ');
    await assert.rejects(agencies.addDepartment(admin, COPYRIGHT, { code: 'QLBQ', name: '' }), rejectsWith('VALIDATION_FAILED', ['/code:DEPARTMENT_CODE_TAKEN', '/name:required']));
    await assert.rejects(agencies.addDepartment(soAdmin, COPYRIGHT, { code: 'X', name: 'x' }), rejectsWith('NOT_FOUND'));
    const { departments } = await agencies.departments(admin, COPYRIGHT);
    assert.ok(departments.some((d) => d.code === 'QLBQ'));
    assert.equal(await auditCount('agency.department.create', dept.id), 1);
  });

  it('keeps the audit chain intact after all these changes', async () => {
    const verdict = await ctx.services.audit.verify();
    assert.equal(verdict.ok, true);
  });
});
