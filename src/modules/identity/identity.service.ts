// Identity use cases: sessions and login. Registration, verification and password flows build on these.
import { createHash, randomBytes } from 'node:crypto';
import type { Actor, RoleGrant } from '../../core/actor.ts';
import { DomainError } from '../../core/errors.ts';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import type { Account, AccountKind } from '../../db/schema.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { IdentityRepository } from './identity.repository.ts';
import { loginBlocked, normaliseUsername, passwordProblems, USERNAME_PATTERN, normaliseEmail } from './identity.rules.ts';
import { DUMMY_HASH, type PasswordHasher } from './passwords.ts';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export interface ResolvedSession {
  sessionId: string;
  csrfToken: string;
  actor: Actor;
}

export interface LoginResult {
  token: string;
  expiresAt: Date;
  csrfToken: string;
  actor: Actor;
}

export interface CreateAccountInput {
  username: string;
  password: string;
  kind: AccountKind;
  fullName: string;
  email?: string | null;
  personalId?: string | null;
  dateOfBirth?: string | null;
  phone?: string | null;
  address?: string | null;
  organisationId?: string | null;
  agencyId?: string | null;
  departmentId?: string | null;
  roles?: RoleGrant[];
  /** Accounts created by an administrator (or seed) are active at once. */
  status?: 'pending' | 'active';
}

export function actorOf(account: Pick<Account, 'id' | 'username' | 'full_name' | 'kind' | 'agency_id' | 'department_id' | 'organisation_id'>, roles: RoleGrant[], ip?: string): Actor {
  return {
    id: account.id,
    username: account.username,
    fullName: account.full_name,
    kind: account.kind,
    agencyId: account.agency_id,
    departmentId: account.department_id,
    organisationId: account.organisation_id,
    roles,
    ip,
  };
}

export class IdentityService {
  constructor(
    private readonly db: Db,
    private readonly config: Config,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    private readonly repo = new IdentityRepository(),
  ) {}

  async resolveSession(token: string, ip?: string): Promise<ResolvedSession | null> {
    if (!/^[\w-]{20,100}$/.test(token)) return null;
    const row = await this.repo.findLiveSession(this.db, hashToken(token));
    if (!row || row.status !== 'active') return null;
    const roles = row.roles.map((r) => ({ role: r.role, agencyId: r.agency_id }));
    return { sessionId: row.session_id, csrfToken: row.csrf_token, actor: actorOf(row, roles, ip) };
  }

  async login(input: { username: string; password: string; ip: string; userAgent?: string }): Promise<LoginResult> {
    const login = normaliseUsername(input.username);
    const since = new Date(Date.now() - this.config.loginWindowMinutes * 60_000);
    const failures = await this.repo.recentFailures(this.db, login, input.ip, since);
    if (
      loginBlocked({
        failuresForAccount: failures.account,
        failuresFromAddress: failures.address,
        maxPerAccount: this.config.loginMaxFailuresPerAccount,
        maxPerAddress: this.config.loginMaxFailuresPerAddress,
      })
    ) {
      throw new DomainError('LOGIN_RATE_LIMITED', { minutes: this.config.loginWindowMinutes });
    }
    const account = await this.repo.findAccountByLogin(this.db, login);
    const valid = await this.hasher.verify(account?.password_hash ?? DUMMY_HASH, input.password);
    if (!account || !valid) {
      await this.repo.recordLoginAttempt(this.db, { username: login, ip: input.ip, succeeded: false });
      throw new DomainError('INVALID_CREDENTIALS');
    }
    if (account.status === 'pending') throw new DomainError('EMAIL_NOT_VERIFIED');
    if (account.status === 'disabled') throw new DomainError('ACCOUNT_DISABLED');

    const token = newToken();
    const csrfToken = newToken();
    const expiresAt = new Date(Date.now() + this.config.sessionTtlHours * 3_600_000);
    const roles = await this.repo.rolesOf(this.db, account.id);
    const actor = actorOf(account, roles, input.ip);
    await this.db.transaction().execute(async (tx) => {
      await this.repo.recordLoginAttempt(tx, { username: login, ip: input.ip, succeeded: true });
      await this.repo.insertSession(tx, {
        id: hashToken(token),
        accountId: account.id,
        csrfToken,
        ip: input.ip,
        userAgent: input.userAgent?.slice(0, 300) ?? null,
        expiresAt,
      });
      await this.audit.record(tx, actor, { action: 'auth.login', targetType: 'account', targetId: account.id });
    });
    return { token, expiresAt, csrfToken, actor };
  }

  async logout(actor: Actor, sessionId: string): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await this.repo.deleteSession(tx, sessionId);
      await this.audit.record(tx, actor, { action: 'auth.logout', targetType: 'account', targetId: actor.id });
    });
  }

  /** Creates an account (administrator, CLI, seed). Checks every field and reports all problems at once. */
  async createAccount(by: Actor | null, input: CreateAccountInput): Promise<Account> {
    const username = normaliseUsername(input.username);
    const email = input.email ? normaliseEmail(input.email) : null;
    const fieldErrors: Array<{ path: string; code: string }> = [];
    if (!USERNAME_PATTERN.test(username)) fieldErrors.push({ path: '/username', code: 'USERNAME_INVALID' });
    for (const code of passwordProblems(input.password, { username, email: email ?? undefined })) {
      fieldErrors.push({ path: '/password', code });
    }
    if (input.kind === 'staff' && !input.agencyId) fieldErrors.push({ path: '/agencyId', code: 'required' });
    if (fieldErrors.length) throw new DomainError('VALIDATION_FAILED', undefined, fieldErrors);
    const passwordHash = await this.hasher.hash(input.password);
    return this.db.transaction().execute(async (tx) => {
      if (await this.repo.usernameTaken(tx, username)) {
        throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/username', code: 'USERNAME_TAKEN' }]);
      }
      if (email && (await this.repo.emailTaken(tx, email))) {
        throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/email', code: 'EMAIL_TAKEN' }]);
      }
      const account = await this.repo.insertAccount(tx, {
        username,
        kind: input.kind,
        status: input.status ?? 'active',
        email,
        email_verified_at: input.status === 'pending' ? null : email ? new Date() : null,
        password_hash: passwordHash,
        full_name: input.fullName,
        personal_id: input.personalId ?? null,
        date_of_birth: input.dateOfBirth ?? null,
        phone: input.phone ?? null,
        address: input.address ?? null,
        organisation_id: input.organisationId ?? null,
        agency_id: input.agencyId ?? null,
        department_id: input.departmentId ?? null,
      });
      await this.repo.grantRoles(tx, account.id, input.roles ?? []);
      await this.audit.record(tx, by, {
        action: 'account.create',
        targetType: 'account',
        targetId: account.id,
        agencyId: account.agency_id,
        summary: { username, kind: input.kind, roles: (input.roles ?? []).map((r) => r.role) },
      });
      return account;
    });
  }

  async deleteExpiredSessions(): Promise<number> {
    return this.repo.deleteExpiredSessions(this.db);
  }
}
