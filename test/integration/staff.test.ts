import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Actor } from '../../src/core/actor.ts';
import { DomainError } from '../../src/core/errors.ts';
import { createTestContext } from '../helpers/db.ts';
import { rejectsWith, MINISTRY, COPYRIGHT, TRA_VINH, TV_SO } from '../helpers/domain.ts';



describe('staff account administration', async () => {
  const ctx = await createTestContext({ demo: true });
  const staff = ctx.services.staff;
  const id = async (code: string) => (await ctx.services.agencies.byCode(code))!.id;
  const signIn = async (username: string, password = 'Demo@2026') => (await ctx.services.identity.login({ username, password, ip: '10.0.0.2' })).actor;
  let admin: Actor; // ministry + Trà Vinh
  let tvAdmin: Actor; // Trà Vinh only
  let created: string;

  before(async () => {
    admin = await signIn('demo.quantri');
    await ctx.services.identity.createAccount(null, {
      username: 'tv.quantri', password: 'Demo@2026', kind: 'staff', fullName: 'Quản trị Trà Vinh', agencyId: await id(TRA_VINH),
      roles: [{ role: 'admin', agencyId: await id(TRA_VINH) }],
    });
    tvAdmin = await signIn('tv.quantri');
  });

  it('lists only the staff of the admin\'s subtree', async () => {
    const all = await staff.list(admin, { pageSize: 200 });
    const names = all.items.map((s) => s.username);
    assert.ok(names.includes('demo.motcua'));
    assert.ok(names.includes('tv.quantri'));
    assert.ok(!names.includes('demo.congdan'), 'citizens are not staff');
    const tv = await staff.list(tvAdmin, { pageSize: 200 });
    assert.deepEqual(tv.items.map((s) => s.username), ['tv.quantri']);
    assert.equal(tv.total, 1);
    const motcua = all.items.find((s) => s.username === 'demo.motcua')!;
    assert.equal(motcua.agencyCode, COPYRIGHT);
    assert.equal(motcua.departmentCode, 'MC');
    assert.deepEqual(motcua.roles.map((r) => r.role), ['receptionist']);
    const search = await staff.list(admin, { q: 'Mai' });
    assert.deepEqual(search.items.map((s) => s.username), ['demo.motcua']);
  });

  it('hides ministry staff from the Trà Vinh admin (NOT_FOUND) and refuses non-admins', async () => {
    const motcua = (await staff.list(admin, { q: 'demo.motcua' })).items[0]!;
    await assert.rejects(staff.get(tvAdmin, motcua.id), rejectsWith('NOT_FOUND'));
    await assert.rejects(staff.update(tvAdmin, motcua.id, { status: 'disabled' }), rejectsWith('NOT_FOUND'));
    await assert.rejects(staff.update(tvAdmin, 'not-a-uuid', { status: 'disabled' }), rejectsWith('NOT_FOUND'));
    await assert.rejects(staff.list(await signIn('demo.lanhdao')), rejectsWith('FORBIDDEN'));
    await assert.rejects(staff.list(null), rejectsWith('UNAUTHENTICATED'));
  });

  it('creates a staff account with department and roles, all problems reported at once', async () => {
    await assert.rejects(
      staff.create(tvAdmin, { username: 'x y', fullName: '', email: 'not-an-email', password: 'short', agencyCode: TV_SO, departmentCode: 'NOPE', roles: [{ role: 'wizard' }] }),
      (error: unknown) => {
        assert.ok(error instanceof DomainError);
        assert.equal(error.code, 'VALIDATION_FAILED');
        const paths = new Set(error.fieldErrors.map((e) => e.path));
        for (const p of ['/username', '/fullName', '/email', '/password', '/departmentCode', '/roles/0/role']) assert.ok(paths.has(p), p);
        return true;
      },
    );
    const account = await staff.create(tvAdmin, {
      username: 'TV.MotCua', fullName: 'Nguyễn Thị Hạnh', email: 'hanh@travinh.example.vn', password: 'Tr@Vinh2026',
      agencyCode: TV_SO, departmentCode: 'mc', roles: [{ role: 'receptionist' }, { role: 'specialist', agencyCode: TV_SO }],
    });
    created = account.id;
    assert.equal(account.username, 'tv.motcua');
    assert.equal(account.status, 'active');
    assert.equal(account.departmentCode, 'MC');
    assert.deepEqual(account.roles.map((r) => `${r.role}@${r.agencyCode}`).sort(), [`receptionist@${TV_SO}`, `specialist@${TV_SO}`]);
    const entry = await ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'account.create').where('target_id', '=', account.id).executeTakeFirstOrThrow();
    assert.equal(entry.actor_name, 'tv.quantri');
    // The new account can sign in.
    assert.equal((await signIn('tv.motcua', 'Tr@Vinh2026')).agencyId, await id(TV_SO));
  });

  it('refuses creating staff in, or granting roles on, agencies outside the subtree', async () => {
    const base = { username: 'tv.other', fullName: 'Người khác', password: 'Tr@Vinh2026' };
    await assert.rejects(staff.create(tvAdmin, { ...base, agencyCode: MINISTRY }), rejectsWith('FORBIDDEN'));
    await assert.rejects(staff.create(tvAdmin, { ...base, agencyCode: TV_SO, roles: [{ role: 'admin', agencyCode: MINISTRY }] }), rejectsWith('STAFF_ROLE_OUT_OF_SCOPE'));
    await assert.rejects(staff.create(tvAdmin, { ...base, username: 'tv.motcua', agencyCode: TV_SO }), rejectsWith('VALIDATION_FAILED', ['/username:USERNAME_TAKEN']));
    assert.equal(await ctx.db.selectFrom('accounts').select('id').where('username', '=', 'tv.other').executeTakeFirst(), undefined);
  });

  it('changes roles (audited), keeping grants outside the admin\'s scope', async () => {
    // The ministry admin adds a ministry grant that the Trà Vinh admin cannot see or remove.
    await staff.update(admin, created, { roles: [{ role: 'receptionist', agencyCode: TV_SO }, { role: 'inspector', agencyCode: MINISTRY }] });
    const changed = await staff.update(tvAdmin, created, { roles: [{ role: 'department_head' }] });
    assert.deepEqual(changed.roles.map((r) => `${r.role}@${r.agencyCode}:${r.inScope}`).sort(), [`department_head@${TV_SO}:true`, `inspector@${MINISTRY}:false`]);
    await assert.rejects(staff.update(tvAdmin, created, { roles: [{ role: 'admin', agencyCode: COPYRIGHT }] }), rejectsWith('STAFF_ROLE_OUT_OF_SCOPE'));
    const entries = await ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'account.roles').where('target_id', '=', created).orderBy('id').execute();
    assert.equal(entries.length, 2);
    assert.deepEqual(entries[1]!.summary.added, [{ role: 'department_head', agencyCode: TV_SO }]);
    assert.deepEqual(entries[1]!.summary.removed, [{ role: 'receptionist', agencyCode: TV_SO }]);
  });

  it('disables an account (signing it out) and enables it again, audited', async () => {
    const session = await ctx.services.identity.login({ username: 'tv.motcua', password: 'Tr@Vinh2026', ip: '10.0.0.3' });
    assert.ok(await ctx.services.identity.resolveSession(session.token));
    const disabled = await staff.update(tvAdmin, created, { status: 'disabled' });
    assert.equal(disabled.status, 'disabled');
    assert.equal(await ctx.services.identity.resolveSession(session.token), null);
    await assert.rejects(signIn('tv.motcua', 'Tr@Vinh2026'), rejectsWith('ACCOUNT_DISABLED'));
    const enabled = await staff.update(tvAdmin, created, { status: 'active' });
    assert.equal(enabled.status, 'active');
    const actions = (await ctx.db.selectFrom('audit_log').select('action').where('target_id', '=', created).where('action', 'in', ['account.disable', 'account.enable']).orderBy('id').execute()).map((r) => r.action);
    assert.deepEqual(actions, ['account.disable', 'account.enable']);
    await assert.rejects(staff.update(tvAdmin, created, { status: 'deleted' }), rejectsWith('VALIDATION_FAILED', ['/status:STAFF_STATUS_INVALID']));
  });

  it('does not let an admin lock themselves out', async () => {
    await assert.rejects(staff.update(tvAdmin, tvAdmin.id, { status: 'disabled' }), rejectsWith('STAFF_SELF_LOCKOUT'));
    await assert.rejects(staff.update(tvAdmin, tvAdmin.id, { roles: [] }), rejectsWith('STAFF_SELF_LOCKOUT'));
    assert.equal((await staff.get(tvAdmin, tvAdmin.id)).status, 'active');
  });
});
