// Unique violations of the identity tables: the repository turns them into IdentityConflict (the service never
// reads SQLSTATE codes or constraint names), and the service decides: a registration that loses a race gets the
// same answer as any other (no enumeration), an administrator's account creation gets the field error.
// The races are made deterministic with a repository whose "already taken?" checks always say no, so the
// insert itself meets the existing row — what a concurrent transaction would do.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../../src/core/errors.ts';
import { IdentityConflict, IdentityRepository } from '../../src/modules/identity/identity.repository.ts';
import { IdentityService } from '../../src/modules/identity/identity.service.ts';
import { argon2Hasher } from '../../src/modules/identity/passwords.ts';
import '../../src/modules/identity/identity.errors.ts';
import '../../src/modules/index.ts';
import { createTestContext } from '../helpers/db.ts';

const PASSWORD = 'Sen-Vang#2026';

/** Checks nothing before inserting: every duplicate reaches the database's unique constraints. */
class BlindRepository extends IdentityRepository {
  override async usernameTaken(): Promise<boolean> {
    return false;
  }
  override async emailTaken(): Promise<boolean> {
    return false;
  }
  override async personalIdTaken(): Promise<boolean> {
    return false;
  }
  override async findOrganisationByTaxCode() {
    return undefined;
  }
}

function citizen(overrides: Record<string, string> = {}) {
  return {
    fullName: 'Lê Văn Tùng',
    personalId: '001190054321',
    dateOfBirth: '02/09/1985',
    phone: '0912345679',
    email: 'tung@example.vn',
    address: 'Số 9 Lý Thái Tổ, Hà Nội',
    password: PASSWORD,
    passwordConfirm: PASSWORD,
    ...overrides,
  };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected a rejection');
}

describe('identity: unique violations become typed conflicts', async () => {
  const ctx = await createTestContext({ demo: true });
  const repo = new IdentityRepository();
  const blind = new IdentityService(ctx.db, ctx.config, argon2Hasher({ memoryCost: 1024, timeCost: 1 }), ctx.services.audit, ctx.services.mail, new BlindRepository());
  const account = (overrides: Record<string, unknown>) => ({
    username: `u${Math.random().toString(36).slice(2, 10)}`,
    kind: 'citizen' as const,
    status: 'active' as const,
    password_hash: 'x',
    full_name: 'Thử Nghiệm',
    ...overrides,
  });

  it('names the field an insert collided with, and leaves other errors alone', async () => {
    const cases: Array<[string, Record<string, unknown>]> = [
      ['email', { email: 'congdan@example.vn' }],
      ['username', { username: 'demo.congdan' }],
      ['personal_id', { personal_id: '001190054000' }],
    ];
    await repo.insertAccount(ctx.db, account({ personal_id: '001190054000' }));
    for (const [field, overrides] of cases) {
      const error = await rejection(repo.insertAccount(ctx.db, account(overrides)));
      assert.ok(error instanceof IdentityConflict, `${field}: ${String(error)}`);
      assert.equal(error.field, field);
      assert.equal((error.cause as { code?: string }).code, '23505');
    }
    await repo.insertOrganisation(ctx.db, { tax_code: '0108888888', name: 'Công ty A', legal_representative: 'A', address: null });
    const taken = await rejection(repo.insertOrganisation(ctx.db, { tax_code: '0108888888', name: 'Công ty B', legal_representative: 'B', address: null }));
    assert.ok(taken instanceof IdentityConflict);
    assert.equal(taken.field, 'tax_code');
    // Not a unique violation (NOT NULL): the driver's error as it was.
    const other = await rejection(repo.insertAccount(ctx.db, account({ full_name: null })));
    assert.ok(!(other instanceof IdentityConflict));
    assert.equal((other as { code?: string }).code, '23502');
  });

  it('answers a registration that loses the race for the e-mail like any other, with the "already registered" mail', async () => {
    const result = await blind.registerCitizen(citizen({ email: 'congdan@example.vn' }));
    assert.deepEqual(result, { id: null, username: 'congdan@example.vn', status: 'pending' });
    const mail = await ctx.db.selectFrom('mail_messages').select('subject').where('to_address', '=', 'congdan@example.vn').orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    assert.equal(mail.subject, 'Bạn đã có tài khoản Cổng dịch vụ công');
  });

  it('answers a registration that loses the race for the ID number like any other, with the "not completed" mail', async () => {
    await blind.registerCitizen(citizen({ email: 'first@example.vn', personalId: '001190054777' }));
    const result = await blind.registerCitizen(citizen({ email: 'second@example.vn', personalId: '001190054777' }));
    assert.deepEqual(result, { id: null, username: 'second@example.vn', status: 'pending' });
    const mail = await ctx.db.selectFrom('mail_messages').select('subject').where('to_address', '=', 'second@example.vn').executeTakeFirstOrThrow();
    assert.equal(mail.subject, 'Đăng ký tài khoản Cổng dịch vụ công chưa hoàn tất');
    assert.equal((await ctx.db.selectFrom('accounts').select('id').where('email', '=', 'second@example.vn').execute()).length, 0);
  });

  it('gives the field error when an organisation or an administrator loses the race', async () => {
    await blind.registerOrganisation({
      taxCode: '0107777777', organisationName: 'Công ty Sen', legalRepresentative: 'Trần Lâm', address: '5 Hàng Bài', fullName: 'Phạm Trang',
      email: 'sen1@example.vn', phone: '0243999998', password: PASSWORD, passwordConfirm: PASSWORD,
    });
    const org = await rejection(blind.registerOrganisation({
      taxCode: '0107777777', organisationName: 'Công ty Sen 2', legalRepresentative: 'Trần Lâm', address: '5 Hàng Bài', fullName: 'Phạm Trang',
      email: 'sen2@example.vn', phone: '0243999998', password: PASSWORD, passwordConfirm: PASSWORD,
    }));
    assert.ok(org instanceof DomainError);
    assert.deepEqual(org.fieldErrors.map((e) => `${e.path}:${e.code}`), ['/taxCode:ORGANISATION_TAKEN']);

    const byUsername = await rejection(blind.createAccount(null, { username: 'demo.congdan', password: PASSWORD, kind: 'citizen', fullName: 'Trùng Tên' }));
    assert.ok(byUsername instanceof DomainError);
    assert.deepEqual(byUsername.fieldErrors.map((e) => `${e.path}:${e.code}`), ['/username:USERNAME_TAKEN']);
    const byEmail = await rejection(blind.createAccount(null, { username: 'new.person', email: 'congdan@example.vn', password: PASSWORD, kind: 'citizen', fullName: 'Trùng Thư' }));
    assert.ok(byEmail instanceof DomainError);
    assert.deepEqual(byEmail.fieldErrors.map((e) => `${e.path}:${e.code}`), ['/email:EMAIL_TAKEN']);
  });
});
