import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { DomainError } from '../../src/core/errors.ts';
import { hashToken } from '../../src/modules/identity/identity.service.ts';
import '../../src/modules/identity/identity.errors.ts';
import '../../src/modules/index.ts';
import { createTestContext } from '../helpers/db.ts';

const PASSWORD = 'Sen-Vang#2026';

function citizen(overrides: Record<string, string> = {}) {
  return {
    fullName: 'Nguyễn Thị Bình',
    personalId: '001190012345',
    dateOfBirth: '25/08/1990',
    phone: '0912345678',
    email: 'binh@example.vn',
    address: 'Số 1 Tràng Tiền, Hà Nội',
    password: PASSWORD,
    passwordConfirm: PASSWORD,
    ...overrides,
  };
}

function organisation(overrides: Record<string, string> = {}) {
  return {
    taxCode: '0109999999',
    organisationName: 'Công ty TNHH Hoa Sen',
    legalRepresentative: 'Trần Văn Lâm',
    address: '5 Hàng Bài, Hà Nội',
    fullName: 'Phạm Thu Trang',
    email: 'trang@hoasen.vn',
    phone: '0243999999',
    password: PASSWORD,
    passwordConfirm: PASSWORD,
    ...overrides,
  };
}

/** The field errors of a rejected promise, as "path:code". */
async function fieldErrors(promise: Promise<unknown>): Promise<string[]> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof DomainError, String(error));
    assert.equal(error.code, 'VALIDATION_FAILED');
    return error.fieldErrors.map((e) => `${e.path}:${e.code}`);
  }
  assert.fail('expected a validation error');
}

describe('identity: registration, verification, passwords', async () => {
  const ctx = await createTestContext({ demo: true });
  const identity = ctx.services.identity;

  const count = async (table: 'accounts' | 'mail_messages' | 'email_tokens' | 'organisations' | 'audit_log', where?: (qb: any) => any) => {
    let query = ctx.db.selectFrom(table).select(sql<number>`count(*)::int`.as('n'));
    if (where) query = where(query);
    return (await query.executeTakeFirstOrThrow()).n;
  };
  const lastMailTo = async (to: string) =>
    ctx.db.selectFrom('mail_messages').selectAll().where('to_address', '=', to).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
  const tokenIn = (text: string, path: string) => {
    const match = new RegExp(`${path}\\?token=([\\w-]+)`).exec(text);
    assert.ok(match, `no ${path} link in: ${text}`);
    return match[1]!;
  };

  it('registers a citizen as pending, with a hashed verification token, a queued e-mail and an audit entry', async () => {
    const result = await identity.registerCitizen(citizen({ email: 'Binh@Example.VN' }), '203.0.113.5');
    assert.deepEqual({ username: result.username, status: result.status }, { username: 'binh@example.vn', status: 'pending' });
    const account = await ctx.db.selectFrom('accounts').selectAll().where('id', '=', result.id).executeTakeFirstOrThrow();
    assert.equal(account.status, 'pending');
    assert.equal(account.kind, 'citizen');
    assert.equal(account.date_of_birth, '1990-08-25');
    assert.notEqual(account.password_hash, PASSWORD);
    const mail = await lastMailTo('binh@example.vn');
    assert.ok(mail);
    assert.equal(mail.subject, 'Kích hoạt tài khoản Cổng dịch vụ công');
    const token = tokenIn(mail.body_text, `${ctx.config.baseUrl}/xac-thuc-email`);
    const stored = await ctx.db.selectFrom('email_tokens').selectAll().where('account_id', '=', result.id).executeTakeFirstOrThrow();
    assert.equal(stored.token_hash, hashToken(token));
    assert.equal(stored.purpose, 'verify_email');
    const hours = (new Date(stored.expires_at).getTime() - Date.now()) / 3_600_000;
    assert.ok(hours > 47 && hours <= 48, `expires in ${hours} h`);
    const audit = await ctx.db.selectFrom('audit_log').selectAll().where('target_id', '=', result.id).executeTakeFirstOrThrow();
    assert.equal(audit.action, 'account.register');
    assert.equal(audit.ip, '203.0.113.5');
    assert.ok(!JSON.stringify(audit.summary).includes(PASSWORD));
    assert.ok(!JSON.stringify(audit.summary).includes(token));
    await assert.rejects(identity.login({ username: 'binh@example.vn', password: PASSWORD, ip: '127.0.0.1' }), { code: 'EMAIL_NOT_VERIFIED' });
  });

  it('reports every validation error at once (a known address or ID number is not one of them)', async () => {
    const errors = await fieldErrors(
      identity.registerCitizen(citizen({ fullName: '', personalId: '001190012345', dateOfBirth: '2999-01-01', phone: 'abc', email: 'BINH@example.vn', password: 'binh1234', passwordConfirm: 'x' })),
    );
    assert.deepEqual(errors.sort(), [
      '/dateOfBirth:BIRTH_DATE_INVALID',
      '/fullName:required',
      '/password:PASSWORD_CONTAINS_NAME',
      '/password:PASSWORD_TOO_SIMPLE',
      '/passwordConfirm:PASSWORD_MISMATCH',
      '/phone:PHONE_INVALID',
    ]);
  });

  it('treats an e-mail used by another account as taken: the same answer, no account, a mail to that address', async () => {
    // demo.congdan has e-mail congdan@example.vn; the username demo.congdan is not an address but the check covers both columns.
    const accounts = await count('accounts');
    const result = await identity.registerCitizen(citizen({ email: 'congdan@example.vn', personalId: '001190099999' }));
    assert.deepEqual(result, { id: null, username: 'congdan@example.vn', status: 'pending' });
    assert.equal(await count('accounts'), accounts);
    assert.equal((await lastMailTo('congdan@example.vn'))!.subject, 'Bạn đã có tài khoản Cổng dịch vụ công');
  });

  it('writes nothing when the registration fails half-way (one transaction)', async () => {
    const before = { accounts: await count('accounts'), mail: await count('mail_messages'), tokens: await count('email_tokens'), audit: await count('audit_log') };
    // The outbox insert (after the account and the token) fails inside the transaction.
    await sql`CREATE FUNCTION fail_mail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'mail outbox down'; END; $$`.execute(ctx.db);
    await sql`CREATE TRIGGER fail_mail BEFORE INSERT ON mail_messages FOR EACH ROW EXECUTE FUNCTION fail_mail()`.execute(ctx.db);
    try {
      await assert.rejects(identity.registerCitizen(citizen({ email: 'rollback@example.vn', personalId: '001190077777' })), /mail outbox down/);
    } finally {
      await sql`DROP TRIGGER fail_mail ON mail_messages`.execute(ctx.db);
      await sql`DROP FUNCTION fail_mail()`.execute(ctx.db);
    }
    assert.deepEqual(
      { accounts: await count('accounts'), mail: await count('mail_messages'), tokens: await count('email_tokens'), audit: await count('audit_log') },
      before,
    );
  });

  it('lets exactly one of two concurrent registrations with the same e-mail through', async () => {
    const results = await Promise.allSettled([
      identity.registerCitizen(citizen({ email: 'race@example.vn', personalId: '001190011111' })),
      identity.registerCitizen(citizen({ email: 'race@example.vn', personalId: '001190022222' })),
    ]);
    // Both get the same answer; the loser's mail tells the address it already has an account.
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'fulfilled']);
    const ids = results.map((r) => (r as PromiseFulfilledResult<{ id: string | null }>).value.id);
    assert.equal(ids.filter((id) => id !== null).length, 1);
    assert.equal(await count('accounts', (q) => q.where('email', '=', 'race@example.vn')), 1);
    const subjects = await ctx.db.selectFrom('mail_messages').select('subject').where('to_address', '=', 'race@example.vn').execute();
    assert.deepEqual(subjects.map((m) => m.subject).sort(), ['Bạn đã có tài khoản Cổng dịch vụ công', 'Kích hoạt tài khoản Cổng dịch vụ công']);
  });

  it('verifies the e-mail once: the token activates the account and cannot be reused', async () => {
    const result = await identity.registerCitizen(citizen({ email: 'once@example.vn', personalId: '001190033333' }));
    const token = tokenIn((await lastMailTo('once@example.vn'))!.body_text, '/xac-thuc-email');
    assert.equal(await identity.tokenIsLive(token, 'verify_email'), true);
    assert.equal(await identity.tokenIsLive(token, 'reset_password'), false);
    const verified = await identity.verifyEmail(token);
    assert.deepEqual(verified, { id: result.id, username: 'once@example.vn', status: 'active' });
    const account = await ctx.db.selectFrom('accounts').select(['status', 'email_verified_at']).where('id', '=', result.id).executeTakeFirstOrThrow();
    assert.equal(account.status, 'active');
    assert.ok(account.email_verified_at);
    await assert.rejects(identity.verifyEmail(token), { code: 'TOKEN_INVALID' });
    assert.equal(await identity.tokenIsLive(token, 'verify_email'), false);
    const session = await identity.login({ username: 'ONCE@example.vn', password: PASSWORD, ip: '127.0.0.1' });
    assert.equal(session.actor.kind, 'citizen');
  });

  it('refuses an expired or malformed token', async () => {
    await identity.registerCitizen(citizen({ email: 'late@example.vn', personalId: '001190044444' }));
    const token = tokenIn((await lastMailTo('late@example.vn'))!.body_text, '/xac-thuc-email');
    await ctx.db.updateTable('email_tokens').set({ expires_at: new Date(Date.now() - 1000) }).where('token_hash', '=', hashToken(token)).execute();
    await assert.rejects(identity.verifyEmail(token), { code: 'TOKEN_INVALID' });
    await assert.rejects(identity.verifyEmail("'; DROP TABLE accounts; --"), { code: 'TOKEN_INVALID' });
    await assert.rejects(identity.verifyEmail('x'.repeat(43)), { code: 'TOKEN_INVALID' });
    const account = await ctx.db.selectFrom('accounts').select('status').where('email', '=', 'late@example.vn').executeTakeFirstOrThrow();
    assert.equal(account.status, 'pending');
  });

  it('registers an organisation with its first member and refuses the same tax code again', async () => {
    const result = await identity.registerOrganisation(organisation());
    const account = await ctx.db.selectFrom('accounts').selectAll().where('id', '=', result.id).executeTakeFirstOrThrow();
    assert.equal(account.kind, 'organisation');
    assert.equal(account.status, 'pending');
    const org = await ctx.db.selectFrom('organisations').selectAll().where('id', '=', account.organisation_id!).executeTakeFirstOrThrow();
    assert.equal(org.tax_code, '0109999999');
    assert.equal(org.legal_representative, 'Trần Văn Lâm');
    assert.ok(await lastMailTo('trang@hoasen.vn'));
    const errors = await fieldErrors(identity.registerOrganisation(organisation({ email: 'other@hoasen.vn', taxCode: '0109999999' })));
    assert.deepEqual(errors, ['/taxCode:ORGANISATION_TAKEN']);
    // The demo organisation too.
    assert.deepEqual(await fieldErrors(identity.registerOrganisation(organisation({ email: 'x@sen.vn', taxCode: '0312345678' }))), ['/taxCode:ORGANISATION_TAKEN']);
  });

  it('answers a forgotten-password request the same way for unknown addresses, and sends nothing then', async () => {
    const before = await count('mail_messages');
    await identity.forgotPassword('nobody@example.vn');
    assert.equal(await count('mail_messages'), before);
    await identity.forgotPassword('CongDan@example.vn');
    const mail = await lastMailTo('congdan@example.vn');
    assert.ok(mail);
    assert.equal(mail.subject, 'Đặt lại mật khẩu Cổng dịch vụ công');
    const token = tokenIn(mail.body_text, '/dat-lai-mat-khau');
    const stored = await ctx.db.selectFrom('email_tokens').selectAll().where('token_hash', '=', hashToken(token)).executeTakeFirstOrThrow();
    assert.equal(stored.purpose, 'reset_password');
    const minutes = (new Date(stored.expires_at).getTime() - Date.now()) / 60_000;
    assert.ok(minutes > 59 && minutes <= 60, `expires in ${minutes} min`);
    await assert.rejects(identity.forgotPassword('not an address'), { code: 'VALIDATION_FAILED' });
  });

  it('resets the password once, ends every session, and keeps the token when the new password is weak', async () => {
    const s1 = await identity.login({ username: 'demo.congdan', password: 'Demo@2026', ip: '127.0.0.1' });
    const s2 = await identity.login({ username: 'demo.congdan', password: 'Demo@2026', ip: '127.0.0.2' });
    assert.ok(await identity.resolveSession(s1.token));
    await identity.forgotPassword('congdan@example.vn');
    const token = tokenIn((await lastMailTo('congdan@example.vn'))!.body_text, '/dat-lai-mat-khau');
    assert.deepEqual(
      await fieldErrors(identity.resetPassword({ token, password: 'short', passwordConfirm: 'short' })),
      ['/password:PASSWORD_TOO_SHORT'],
    );
    assert.equal(await identity.tokenIsLive(token, 'reset_password'), true, 'a weak password does not use the token up');
    await identity.resetPassword({ token, password: 'Hoa-Mai#2027', passwordConfirm: 'Hoa-Mai#2027' });
    assert.equal(await identity.resolveSession(s1.token), null);
    assert.equal(await identity.resolveSession(s2.token), null);
    await assert.rejects(identity.resetPassword({ token, password: 'Hoa-Mai#2028', passwordConfirm: 'Hoa-Mai#2028' }), { code: 'TOKEN_INVALID' });
    await assert.rejects(identity.login({ username: 'demo.congdan', password: 'Demo@2026', ip: '127.0.0.3' }), { code: 'INVALID_CREDENTIALS' });
    const session = await identity.login({ username: 'demo.congdan', password: 'Hoa-Mai#2027', ip: '127.0.0.3' });
    assert.ok(session.token);
    const actions = (await ctx.db.selectFrom('audit_log').select('action').where('target_id', '=', session.actor.id).execute()).map((r) => r.action);
    assert.ok(actions.includes('account.password_reset_request'));
    assert.ok(actions.includes('account.password_reset'));
  });

  it('activates a pending account through the reset link (it proves the address)', async () => {
    const result = await identity.registerCitizen(citizen({ email: 'viareset@example.vn', personalId: '001190055555' }));
    await identity.forgotPassword('viareset@example.vn');
    const token = tokenIn((await lastMailTo('viareset@example.vn'))!.body_text, '/dat-lai-mat-khau');
    await identity.resetPassword({ token, password: 'Cay-Tre#2026', passwordConfirm: 'Cay-Tre#2026' });
    const account = await ctx.db.selectFrom('accounts').select('status').where('id', '=', result.id).executeTakeFirstOrThrow();
    assert.equal(account.status, 'active');
  });

  it('changes the password: checks the current one, keeps this session and ends the others', async () => {
    const keep = await identity.login({ username: 'demo.chuyenvien', password: 'Demo@2026', ip: '127.0.0.1' });
    const other = await identity.login({ username: 'demo.chuyenvien', password: 'Demo@2026', ip: '127.0.0.2' });
    const resolved = (await identity.resolveSession(keep.token))!;
    assert.deepEqual(
      await fieldErrors(identity.changePassword(keep.actor, resolved.sessionId, { currentPassword: 'wrong', password: 'abc', passwordConfirm: 'abd' })),
      ['/currentPassword:CURRENT_PASSWORD_WRONG', '/password:PASSWORD_TOO_SHORT', '/passwordConfirm:PASSWORD_MISMATCH'],
    );
    await identity.changePassword(keep.actor, resolved.sessionId, { currentPassword: 'Demo@2026', password: 'Truc-Xanh#77', passwordConfirm: 'Truc-Xanh#77' });
    assert.ok(await identity.resolveSession(keep.token));
    assert.equal(await identity.resolveSession(other.token), null);
    const audit = await ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'account.password_change').executeTakeFirstOrThrow();
    assert.equal(audit.actor_name, 'demo.chuyenvien');
    assert.ok(!JSON.stringify(audit).includes('Truc-Xanh'));
  });

  it('lets an organisation member add a colleague, and nobody else', async () => {
    const member = await identity.login({ username: 'demo.doanhnghiep', password: 'Demo@2026', ip: '127.0.0.1' });
    const added = await identity.addOrganisationMember(member.actor, { fullName: 'Lý Văn Phúc', email: 'Phuc@SenVang.vn' });
    const account = await ctx.db.selectFrom('accounts').selectAll().where('id', '=', added.id).executeTakeFirstOrThrow();
    assert.equal(account.organisation_id, member.actor.organisationId);
    assert.equal(account.status, 'pending');
    const mail = await lastMailTo('phuc@senvang.vn');
    assert.ok(mail);
    const token = tokenIn(mail.body_text, '/dat-lai-mat-khau');
    const listed = await identity.organisationMembers(member.actor);
    assert.deepEqual(listed.members.map((m) => m.email).sort(), ['doanhnghiep@example.vn', 'phuc@senvang.vn']);
    await identity.resetPassword({ token, password: 'Lua-Vang#2026', passwordConfirm: 'Lua-Vang#2026' });
    const phuc = await identity.login({ username: 'phuc@senvang.vn', password: 'Lua-Vang#2026', ip: '127.0.0.1' });
    assert.equal(phuc.actor.organisationId, member.actor.organisationId);

    assert.deepEqual(await fieldErrors(identity.addOrganisationMember(member.actor, { fullName: 'X', email: 'phuc@senvang.vn' })), ['/email:EMAIL_TAKEN']);
    const citizenSession = await identity.login({ username: 'demo.congdan', password: 'Hoa-Mai#2027', ip: '127.0.0.1' });
    await assert.rejects(identity.addOrganisationMember(citizenSession.actor, { fullName: 'Y', email: 'y@example.vn' }), { code: 'NOT_ORGANISATION_MEMBER' });
    await assert.rejects(identity.organisationMembers(citizenSession.actor), { code: 'NOT_ORGANISATION_MEMBER' });
    await assert.rejects(identity.organisationMembers(null), { code: 'UNAUTHENTICATED' });
  });

  it('shows the profile with the personal ID masked', async () => {
    const session = await identity.login({ username: 'demo.congdan', password: 'Hoa-Mai#2027', ip: '127.0.0.1' });
    const profile = await identity.profile(session.actor);
    assert.equal(profile.personalIdMasked, '********1234');
    assert.ok(!('personal_id' in profile));
    const staff = await identity.login({ username: 'demo.motcua', password: 'Demo@2026', ip: '127.0.0.1' });
    const staffProfile = await identity.profile(staff.actor);
    assert.ok(staffProfile.agency_name);
    assert.deepEqual(staffProfile.roles.map((r) => r.role), ['receptionist']);
  });
  it('finds the actor of an exact username with its roles (the demo seeds act through it), and nobody by e-mail or prefix', async () => {
    const leader = await identity.actorByUsername('demo.lanhdao');
    assert.ok(leader);
    assert.equal(leader.username, 'demo.lanhdao');
    assert.equal(leader.kind, 'staff');
    assert.deepEqual(leader.roles.map((r) => r.role), ['agency_leader']);
    assert.equal(leader.roles[0]!.agencyId, leader.agencyId);
    const account = await ctx.db.selectFrom('accounts').select(['email']).where('username', '=', 'demo.lanhdao').executeTakeFirstOrThrow();
    assert.ok(account.email);
    assert.equal(await identity.actorByUsername(account.email), null);
    assert.equal(await identity.actorByUsername('demo.lanh'), null);
    assert.equal(await identity.actorByUsername('nobody.here'), null);
  });
});
