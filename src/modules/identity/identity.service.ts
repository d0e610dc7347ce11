// Identity use cases: sessions and login, registration with e-mail verification, password reset and change,
// organisation members, the account profile.
import { createHash, randomBytes } from 'node:crypto';
import type { Actor, RoleGrant } from '../../core/actor.ts';
import { DomainError } from '../../core/errors.ts';
import type { Config } from '../../config.ts';
import type { Db, Executor } from '../../db/database.ts';
import type { Account, AccountKind } from '../../db/schema.ts';
import { translate } from '../../core/i18n.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { MailService } from '../mail/mail.service.ts';
import './identity.errors.ts';
import './identity.messages.ts';
import { IdentityRepository } from './identity.repository.ts';
import {
  checkCitizenRegistration,
  checkNewMember,
  checkOrganisationRegistration,
  CITIZEN_FIELD_ORDER,
  inFieldOrder,
  MEMBER_FIELD_ORDER,
  ORGANISATION_FIELD_ORDER,
  EMAIL_PATTERN,
  loginBlocked,
  maskPersonalId,
  newPasswordErrors,
  normaliseEmail,
  normaliseUsername,
  passwordProblems,
  TOKEN_PATTERN,
  USERNAME_PATTERN,
  vietnamToday,
  type CitizenRegistrationInput,
  type FieldProblem,
  type OrganisationRegistrationInput,
} from './identity.rules.ts';
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

export const VERIFY_TTL_HOURS = 48;
export const RESET_TTL_HOURS = 1;
export const INVITE_TTL_HOURS = 48;

export interface Registered {
  id: string;
  username: string;
  status: 'pending';
}

const UNIQUE_PROBLEMS: Record<string, FieldProblem> = {
  accounts_email_key: { path: '/email', code: 'EMAIL_TAKEN' },
  accounts_username_key: { path: '/email', code: 'EMAIL_TAKEN' },
  accounts_personal_id_key: { path: '/personalId', code: 'PERSONAL_ID_TAKEN' },
  organisations_tax_code_key: { path: '/taxCode', code: 'ORGANISATION_TAKEN' },
};

export class IdentityService {
  constructor(
    private readonly db: Db,
    private readonly config: Config,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    private readonly mail: MailService,
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

  // Registration --------------------------------------------------------------

  /** A citizen registers: the account stays 'pending' until the e-mailed link is opened. */
  async registerCitizen(input: CitizenRegistrationInput, ip?: string): Promise<Registered> {
    const { problems, values } = checkCitizenRegistration(input, vietnamToday(new Date()));
    if (!problems.some((p) => p.path === '/email') && (await this.emailInUse(this.db, values.email))) {
      problems.push({ path: '/email', code: 'EMAIL_TAKEN' });
    }
    if (!problems.some((p) => p.path === '/personalId') && (await this.repo.personalIdTaken(this.db, values.personalId))) {
      problems.push({ path: '/personalId', code: 'PERSONAL_ID_TAKEN' });
    }
    if (problems.length) throw new DomainError('VALIDATION_FAILED', undefined, inFieldOrder(problems, CITIZEN_FIELD_ORDER));
    const passwordHash = await this.hasher.hash(input.password);
    return this.uniqueOrProblems(() =>
      this.db.transaction().execute(async (tx) => {
        const account = await this.repo.insertAccount(tx, {
          username: values.email,
          kind: 'citizen',
          status: 'pending',
          email: values.email,
          password_hash: passwordHash,
          full_name: values.fullName,
          personal_id: values.personalId,
          date_of_birth: values.dateOfBirth,
          phone: values.phone,
          address: values.address,
        });
        await this.sendVerification(tx, account);
        await this.audit.record(tx, actorOf(account, [], ip), {
          action: 'account.register',
          targetType: 'account',
          targetId: account.id,
          summary: { kind: 'citizen', username: account.username },
        });
        return { id: account.id, username: account.username, status: 'pending' as const };
      }),
    );
  }

  /** An organisation registers with its first member account. An organisation already registered cannot be joined this way. */
  async registerOrganisation(input: OrganisationRegistrationInput, ip?: string): Promise<Registered> {
    const { problems, values } = checkOrganisationRegistration(input);
    if (!problems.some((p) => p.path === '/taxCode') && (await this.repo.findOrganisationByTaxCode(this.db, values.taxCode))) {
      problems.push({ path: '/taxCode', code: 'ORGANISATION_TAKEN' });
    }
    if (!problems.some((p) => p.path === '/email') && (await this.emailInUse(this.db, values.email))) {
      problems.push({ path: '/email', code: 'EMAIL_TAKEN' });
    }
    if (problems.length) throw new DomainError('VALIDATION_FAILED', undefined, inFieldOrder(problems, ORGANISATION_FIELD_ORDER));
    const passwordHash = await this.hasher.hash(input.password);
    return this.uniqueOrProblems(() =>
      this.db.transaction().execute(async (tx) => {
        const organisation = await this.repo.insertOrganisation(tx, {
          tax_code: values.taxCode,
          name: values.organisationName,
          legal_representative: values.legalRepresentative,
          address: values.address,
        });
        const account = await this.repo.insertAccount(tx, {
          username: values.email,
          kind: 'organisation',
          status: 'pending',
          email: values.email,
          password_hash: passwordHash,
          full_name: values.fullName,
          phone: values.phone,
          organisation_id: organisation.id,
        });
        await this.sendVerification(tx, account);
        await this.audit.record(tx, actorOf(account, [], ip), {
          action: 'account.register',
          targetType: 'account',
          targetId: account.id,
          summary: { kind: 'organisation', username: account.username, organisationId: organisation.id, taxCode: organisation.tax_code },
        });
        return { id: account.id, username: account.username, status: 'pending' as const };
      }),
    );
  }

  /** True when a token for `purpose` is live (used by pages before showing the confirmation button). */
  async tokenIsLive(token: string, purpose: 'verify_email' | 'reset_password'): Promise<boolean> {
    if (!TOKEN_PATTERN.test(token)) return false;
    return !!(await this.repo.findLiveEmailToken(this.db, hashToken(token), purpose));
  }

  /** Opens the e-mailed verification link: the token works once and activates the account. */
  async verifyEmail(token: string, ip?: string): Promise<{ id: string; username: string; status: 'active' | 'disabled' }> {
    if (!TOKEN_PATTERN.test(token)) throw new DomainError('TOKEN_INVALID');
    return this.db.transaction().execute(async (tx) => {
      const accountId = await this.repo.consumeEmailToken(tx, hashToken(token), 'verify_email');
      if (!accountId) throw new DomainError('TOKEN_INVALID');
      const account = (await this.repo.findAccountById(tx, accountId))!;
      const activated = await this.repo.activatePending(tx, accountId);
      await this.audit.record(tx, actorOf(account, [], ip), {
        action: 'account.verify_email',
        targetType: 'account',
        targetId: accountId,
        summary: { activated },
      });
      return { id: account.id, username: account.username, status: account.status === 'disabled' ? 'disabled' : 'active' };
    });
  }

  // Passwords -----------------------------------------------------------------

  /** Always answers the same, whether the address belongs to an account or not (no account enumeration). */
  async forgotPassword(rawEmail: string, ip?: string): Promise<void> {
    const email = normaliseEmail(rawEmail);
    if (!email) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/email', code: 'required' }]);
    if (email.length > 200 || !EMAIL_PATTERN.test(email)) {
      throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/email', code: 'EMAIL_INVALID' }]);
    }
    const account = await this.repo.findAccountByLogin(this.db, email);
    if (!account || account.email !== email || account.status === 'disabled') return;
    await this.db.transaction().execute(async (tx) => {
      const token = await this.issueToken(tx, account.id, 'reset_password', RESET_TTL_HOURS);
      await this.mail.queue(tx, {
        to: email,
        subject: translate('vi', 'mail.reset.subject'),
        text: translate('vi', 'mail.reset.text', {
          name: account.full_name,
          link: `${this.config.baseUrl}/dat-lai-mat-khau?token=${token}`,
          hours: RESET_TTL_HOURS,
        }),
      });
      await this.audit.record(tx, null, { action: 'account.password_reset_request', targetType: 'account', targetId: account.id }, ip ?? null);
    });
  }

  /** Sets a new password from an e-mailed link: the token works once; every session of the account ends. */
  async resetPassword(input: { token: string; password: string; passwordConfirm: string }, ip?: string): Promise<{ username: string }> {
    if (!TOKEN_PATTERN.test(input.token)) throw new DomainError('TOKEN_INVALID');
    const tokenHash = hashToken(input.token);
    const accountId = await this.repo.findLiveEmailToken(this.db, tokenHash, 'reset_password');
    const account = accountId ? await this.repo.findAccountById(this.db, accountId) : undefined;
    if (!account) throw new DomainError('TOKEN_INVALID');
    const problems = newPasswordErrors(input.password, input.passwordConfirm, { username: account.username, email: account.email ?? undefined });
    if (problems.length) throw new DomainError('VALIDATION_FAILED', undefined, problems);
    const passwordHash = await this.hasher.hash(input.password);
    await this.db.transaction().execute(async (tx) => {
      const consumed = await this.repo.consumeEmailToken(tx, tokenHash, 'reset_password');
      if (consumed !== account.id) throw new DomainError('TOKEN_INVALID');
      await this.repo.updatePassword(tx, account.id, passwordHash);
      // Following the link proves the address: a pending account (or an invited member) becomes active.
      const activated = await this.repo.activatePending(tx, account.id);
      await this.repo.deleteSessionsOf(tx, account.id);
      await this.audit.record(tx, actorOf(account, [], ip), {
        action: 'account.password_reset',
        targetType: 'account',
        targetId: account.id,
        summary: { activated },
      });
    });
    return { username: account.username };
  }

  /** A signed-in user changes the password: the current session stays, every other one ends. */
  async changePassword(actor: Actor, sessionId: string | null, input: { currentPassword: string; password: string; passwordConfirm: string }): Promise<void> {
    const account = await this.repo.findAccountById(this.db, actor.id);
    if (!account) throw new DomainError('UNAUTHENTICATED');
    const problems: FieldProblem[] = [];
    if (!input.currentPassword) problems.push({ path: '/currentPassword', code: 'required' });
    else if (!(await this.hasher.verify(account.password_hash, input.currentPassword))) {
      problems.push({ path: '/currentPassword', code: 'CURRENT_PASSWORD_WRONG' });
    }
    problems.push(...newPasswordErrors(input.password, input.passwordConfirm, { username: account.username, email: account.email ?? undefined }));
    if (problems.length) throw new DomainError('VALIDATION_FAILED', undefined, problems);
    const passwordHash = await this.hasher.hash(input.password);
    await this.db.transaction().execute(async (tx) => {
      await this.repo.updatePassword(tx, account.id, passwordHash);
      await this.repo.deleteSessionsOf(tx, account.id, sessionId ?? undefined);
      await this.audit.record(tx, actor, { action: 'account.password_change', targetType: 'account', targetId: account.id });
    });
  }

  // Organisation members --------------------------------------------------------

  private organisationOf(actor: Actor | null): string {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (actor.kind !== 'organisation' || !actor.organisationId) throw new DomainError('NOT_ORGANISATION_MEMBER');
    return actor.organisationId;
  }

  /** The actor's organisation and its member accounts (only for members of that organisation). */
  async organisationMembers(actor: Actor | null) {
    const organisationId = this.organisationOf(actor);
    const organisation = await this.repo.findOrganisationById(this.db, organisationId);
    if (!organisation) throw new DomainError('NOT_FOUND');
    const members = await this.repo.listOrganisationMembers(this.db, organisationId);
    return { organisation, members };
  }

  /** A member adds a colleague: a pending account of the same organisation and a set-password e-mail. */
  async addOrganisationMember(actor: Actor | null, input: { fullName: string; email: string }): Promise<Registered> {
    const organisationId = this.organisationOf(actor);
    const { problems, values } = checkNewMember(input);
    if (!problems.some((p) => p.path === '/email') && (await this.emailInUse(this.db, values.email))) {
      problems.push({ path: '/email', code: 'EMAIL_TAKEN' });
    }
    if (problems.length) throw new DomainError('VALIDATION_FAILED', undefined, inFieldOrder(problems, MEMBER_FIELD_ORDER));
    // Nobody knows this password: the member chooses one through the e-mailed link.
    const passwordHash = await this.hasher.hash(newToken());
    return this.uniqueOrProblems(() =>
      this.db.transaction().execute(async (tx) => {
        const organisation = await this.repo.findOrganisationById(tx, organisationId);
        if (!organisation) throw new DomainError('NOT_FOUND');
        const account = await this.repo.insertAccount(tx, {
          username: values.email,
          kind: 'organisation',
          status: 'pending',
          email: values.email,
          password_hash: passwordHash,
          full_name: values.fullName,
          organisation_id: organisationId,
        });
        const token = await this.issueToken(tx, account.id, 'reset_password', INVITE_TTL_HOURS);
        await this.mail.queue(tx, {
          to: values.email,
          subject: translate('vi', 'mail.invite.subject', { organisation: organisation.name }),
          text: translate('vi', 'mail.invite.text', {
            name: values.fullName,
            inviter: actor!.fullName,
            organisation: organisation.name,
            link: `${this.config.baseUrl}/dat-lai-mat-khau?token=${token}`,
            hours: INVITE_TTL_HOURS,
          }),
        });
        await this.audit.record(tx, actor, {
          action: 'organisation.member_add',
          targetType: 'account',
          targetId: account.id,
          summary: { organisationId, username: account.username },
        });
        return { id: account.id, username: account.username, status: 'pending' as const };
      }),
    );
  }

  // Account page ------------------------------------------------------------------

  async profile(actor: Actor | null) {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    const profile = await this.repo.profile(this.db, actor.id);
    if (!profile) throw new DomainError('NOT_FOUND');
    const { personal_id: personalId, ...rest } = profile;
    return { ...rest, personalIdMasked: maskPersonalId(personalId) };
  }

  // Helpers -------------------------------------------------------------------------

  private async emailInUse(db: Executor, email: string): Promise<boolean> {
    return (await this.repo.emailTaken(db, email)) || (await this.repo.usernameTaken(db, email));
  }

  private async issueToken(tx: Executor, accountId: string, purpose: 'verify_email' | 'reset_password', hours: number): Promise<string> {
    const token = newToken();
    await this.repo.insertEmailToken(tx, { tokenHash: hashToken(token), accountId, purpose, expiresAt: new Date(Date.now() + hours * 3_600_000) });
    return token;
  }

  private async sendVerification(tx: Executor, account: Account): Promise<void> {
    const token = await this.issueToken(tx, account.id, 'verify_email', VERIFY_TTL_HOURS);
    await this.mail.queue(tx, {
      to: account.email!,
      subject: translate('vi', 'mail.verify.subject'),
      text: translate('vi', 'mail.verify.text', {
        name: account.full_name,
        username: account.username,
        link: `${this.config.baseUrl}/xac-thuc-email?token=${token}`,
        hours: VERIFY_TTL_HOURS,
      }),
    });
  }

  /** Two registrations racing for the same e-mail (or personal ID, or tax code): the loser gets the field error. */
  private async uniqueOrProblems<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const pgError = error as { code?: string; constraint?: string };
      if (pgError.code !== '23505') throw error;
      const problem = UNIQUE_PROBLEMS[pgError.constraint ?? ''];
      if (!problem) throw error;
      throw new DomainError('VALIDATION_FAILED', undefined, [problem]);
    }
  }

  async deleteExpiredSessions(): Promise<number> {
    return this.repo.deleteExpiredSessions(this.db);
  }
}
