// Identity use cases: sessions and login, registration with e-mail verification, password reset and change,
// organisation members, the account profile.
import { createHash, randomBytes } from 'node:crypto';
import { vietnamDate } from '../../core/time.ts';
import type { Actor, RoleGrant } from '../../core/actor.ts';
import { DomainError } from '../../core/errors.ts';
import type { Config } from '../../config.ts';
import type { Db, Executor } from '../../db/database.ts';
import type { Account, AccountKind } from '../../db/schema.ts';
import { DEFAULT_LOCALE, LOCALES, translate, type Locale } from '../../core/i18n.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { MailService } from '../mail/mail.service.ts';
import './identity.errors.ts';
import './identity.messages.ts';
import { formTokenKey } from '../../core/form-token.ts';
import { IdentityConflict, IdentityRepository, type IdentityConflictField, type LimitCounterRow, type LimitKey, type TokenPurpose } from './identity.repository.ts';
import {
  checkCitizenRegistration,
  checkNewMember,
  checkOrganisationRegistration,
  CITIZEN_FIELD_ORDER,
  inFieldOrder,
  MEMBER_FIELD_ORDER,
  ORGANISATION_FIELD_ORDER,
  EMAIL_PATTERN,
  judgeLoginAttempt,
  windowRetryAfter,
  type LimitCounter,
  type LoginLimits,
  maskPersonalId,
  newPasswordErrors,
  normaliseEmail,
  normaliseUsername,
  passwordProblems,
  TOKEN_PATTERN,
  USERNAME_PATTERN,
  type CitizenRegistrationInput,
  type FieldProblem,
  type OrganisationRegistrationInput,
} from './identity.rules.ts';
import { DUMMY_HASH, type PasswordHasher } from './passwords.ts';
import type { ChangePasswordBody, NewMemberBody, RegistrationResponse, ResetPasswordBody } from './identity.schemas.ts';

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
export const UNLOCK_TTL_MINUTES = 60;

/** A member added by a colleague: the JSON answer of the members endpoint. */
export type Registered = RegistrationResponse;

/**
 * The answer to a registration, the same whether or not the e-mail address or ID number was known: `id` is the
 * new account, or null when none was made (the address got a mail saying why); callers show the public answer only.
 */
export interface RegistrationOutcome {
  id: string | null;
  username: string;
  status: 'pending';
}

/** The counters one sign-in attempt is judged by: the account (by id when it exists), the address, and the pair. */
export function loginLimitKeys(accountId: string | null, login: string, ip: string): { pair: LimitKey; account: LimitKey; address: LimitKey } {
  const account = accountId ?? `login:${login}`;
  return { pair: { kind: 'pair', key: `${account} ${ip}` }, account: { kind: 'account', key: account }, address: { kind: 'address', key: ip } };
}

function counterOf(row: LimitCounterRow | undefined): LimitCounter {
  if (!row) throw new Error('rate-limit counter missing');
  return { attempts: row.attempts, blockedUntil: row.blocked_until, expiresAt: row.expires_at };
}

/** The field error of a value another registration took first (the username is the e-mail address). */
const CONFLICT_PROBLEMS: Record<IdentityConflictField, FieldProblem> = {
  email: { path: '/email', code: 'EMAIL_TAKEN' },
  username: { path: '/email', code: 'EMAIL_TAKEN' },
  personal_id: { path: '/personalId', code: 'PERSONAL_ID_TAKEN' },
  tax_code: { path: '/taxCode', code: 'ORGANISATION_TAKEN' },
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

  /**
   * The account with this exact username as an actor (its roles included), or null: for the demo's seeds, which act
   * through the services as the demo's people (`demo.chuyenvien`, `demo.lanhdao`…) without signing in.
   */
  async actorByUsername(username: string): Promise<Actor | null> {
    const account = await this.repo.findAccountByLogin(this.db, username);
    if (!account || account.username !== username) return null;
    return actorOf(account, await this.repo.rolesOf(this.db, account.id));
  }

  async resolveSession(token: string, ip?: string): Promise<ResolvedSession | null> {
    if (!/^[\w-]{20,100}$/.test(token)) return null;
    const row = await this.repo.findLiveSession(this.db, hashToken(token));
    if (!row || row.status !== 'active') return null;
    const roles = row.roles.map((r) => ({ role: r.role, agencyId: r.agency_id }));
    return { sessionId: row.session_id, csrfToken: row.csrf_token, actor: actorOf(row, roles, ip) };
  }

  private loginLimits(): LoginLimits {
    return {
      maxPerPair: this.config.loginMaxFailuresPerPair,
      maxPerAccount: this.config.loginMaxFailuresPerAccount,
      maxPerAddress: this.config.loginMaxFailuresPerAddress,
      windowMs: this.config.loginWindowMinutes * 60_000,
      delayMs: this.config.loginDelaySeconds * 1000,
    };
  }

  /**
   * Signs in. The attempt is counted (row locks on its counters, one short transaction) BEFORE the password is
   * checked, so concurrent attempts cannot pass the limits together; a success gives the count back.
   */
  async login(input: { username: string; password: string; ip: string; userAgent?: string }): Promise<LoginResult> {
    const login = normaliseUsername(input.username);
    const account = await this.repo.findAccountByLogin(this.db, login);
    const keys = loginLimitKeys(account?.id ?? null, login, input.ip);
    const all = [keys.pair, keys.account, keys.address];
    const limits = this.loginLimits();
    const verdict = await this.db.transaction().execute(async (tx) => {
      const { now, counters } = await this.repo.lockLimits(tx, all, limits.windowMs);
      const get = (k: LimitKey) => counterOf(counters.get(`${k.kind}:${k.key}`));
      const verdict = judgeLoginAttempt({ pair: get(keys.pair), account: get(keys.account), address: get(keys.address) }, now, limits);
      if (verdict.allowed) {
        await this.repo.countAttempt(tx, all, { key: keys.pair.key, blockedUntil: verdict.pairBlockedUntil, expiresAt: verdict.pairExpiresAt });
      }
      return verdict;
    });
    if (!verdict.allowed) {
      const params = { minutes: Math.ceil(verdict.retryAfterSeconds / 60), retryAfter: verdict.retryAfterSeconds };
      throw new DomainError(verdict.reason === 'account' ? 'LOGIN_ACCOUNT_LOCKED' : 'LOGIN_RATE_LIMITED', params);
    }
    const valid = await this.hasher.verify(account?.password_hash ?? DUMMY_HASH, input.password);
    if (!account || !valid) {
      await this.repo.recordLoginAttempt(this.db, { username: login, ip: input.ip, succeeded: false });
      // This failure filled the account-wide limit: the owner gets a link that lifts the lock.
      if (account && verdict.locksAccount) await this.sendUnlockLink(account, input.ip);
      throw new DomainError('INVALID_CREDENTIALS');
    }
    // Locked in the same (kind, key) order as every attempt, so a success never deadlocks with concurrent attempts.
    await this.db.transaction().execute(async (tx) => {
      await this.repo.lockLimits(tx, all, limits.windowMs);
      await this.repo.releaseAttempt(tx, all);
    });
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

  /** The account-wide lock tripped: a one-time unlock link to the owner's address (outbox, same transaction). */
  private async sendUnlockLink(account: Account, ip: string): Promise<void> {
    if (!account.email || account.status === 'disabled') return;
    await this.db.transaction().execute(async (tx) => {
      const token = await this.issueToken(tx, account.id, 'unlock_login', UNLOCK_TTL_MINUTES / 60);
      await this.mail.queue(tx, {
        to: account.email!,
        subject: translate(account.locale, 'mail.unlock.subject'),
        text: translate(account.locale, 'mail.unlock.text', {
          name: account.full_name,
          username: account.username,
          link: `${this.config.baseUrl}/dang-nhap/mo-khoa?token=${token}`,
          minutes: UNLOCK_TTL_MINUTES,
          resetLink: `${this.config.baseUrl}/quen-mat-khau`,
        }),
      });
      await this.audit.record(tx, null, { action: 'auth.login_locked', targetType: 'account', targetId: account.id }, ip);
    });
  }

  /** The username an unlock link is for, while it is live (the page shows it before the button). */
  async unlockTarget(token: string): Promise<string | null> {
    if (!TOKEN_PATTERN.test(token)) return null;
    const accountId = await this.repo.findLiveEmailToken(this.db, hashToken(token), 'unlock_login');
    const account = accountId ? await this.repo.findAccountById(this.db, accountId) : undefined;
    return account?.username ?? null;
  }

  /** Opens the e-mailed unlock link: works once; lifts the account-wide lock and the wait of the opener's pair. */
  async unlockLogin(token: string, ip: string): Promise<{ username: string }> {
    if (!TOKEN_PATTERN.test(token)) throw new DomainError('TOKEN_INVALID');
    return this.db.transaction().execute(async (tx) => {
      const accountId = await this.repo.consumeEmailToken(tx, hashToken(token), 'unlock_login');
      if (!accountId) throw new DomainError('TOKEN_INVALID');
      const account = (await this.repo.findAccountById(tx, accountId))!;
      const keys = loginLimitKeys(account.id, account.username, ip);
      await this.repo.lockLimits(tx, [keys.account, keys.pair], this.config.loginWindowMinutes * 60_000);
      await this.repo.clearLimits(tx, [keys.account, keys.pair]);
      await this.audit.record(tx, actorOf(account, [], ip), { action: 'auth.login_unlock', targetType: 'account', targetId: account.id });
      return { username: account.username };
    });
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
    return this.createdOrProblems(() =>
      this.db.transaction().execute(async (tx) => {
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
      }),
    );
  }

  /** An account created at the same moment by another administrator took the username, e-mail or ID number. */
  private async createdOrProblems<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof IdentityConflict)) throw error;
      const problem = error.field === 'username' ? { path: '/username', code: 'USERNAME_TAKEN' } : CONFLICT_PROBLEMS[error.field];
      throw new DomainError('VALIDATION_FAILED', undefined, [problem]);
    }
  }

  // Registration --------------------------------------------------------------

  /**
   * A citizen registers: the account stays 'pending' until the e-mailed link is opened. The answer is the same
   * whether or not the e-mail address or the ID number is already registered (no account enumeration): an address
   * with an account is told so by mail; a taken ID number gets a mail to the new address that the registration
   * could not be completed. Registrations are limited per address (`ip`).
   */
  async registerCitizen(input: CitizenRegistrationInput, ip?: string, locale: Locale = DEFAULT_LOCALE): Promise<RegistrationOutcome> {
    const { problems, values } = checkCitizenRegistration(input, vietnamDate(new Date()));
    if (problems.length) throw new DomainError('VALIDATION_FAILED', undefined, inFieldOrder(problems, CITIZEN_FIELD_ORDER));
    await this.limitRegistrations(ip);
    // Hashed whatever the outcome, so that a known address or ID number does not answer faster.
    const passwordHash = await this.hasher.hash(input.password);
    if (await this.emailInUse(this.db, values.email)) return this.alreadyRegistered(values.email, ip, locale);
    if (await this.repo.personalIdTaken(this.db, values.personalId)) return this.registrationIncomplete(values.email, values.fullName, 'personal_id', ip, locale);
    return this.silentDuplicates(values.email, values.fullName, ip, locale, () =>
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
          locale,
        });
        return this.registered(tx, account, ip, {});
      }),
    );
  }

  /**
   * An organisation registers with its first member account. An organisation already registered cannot be joined
   * this way (the tax code is public, so that is said on the form); an e-mail address already registered gets the
   * same answer as a new one, and a mail.
   */
  async registerOrganisation(input: OrganisationRegistrationInput, ip?: string, locale: Locale = DEFAULT_LOCALE): Promise<RegistrationOutcome> {
    const { problems, values } = checkOrganisationRegistration(input);
    if (!problems.some((p) => p.path === '/taxCode') && (await this.repo.findOrganisationByTaxCode(this.db, values.taxCode))) {
      problems.push({ path: '/taxCode', code: 'ORGANISATION_TAKEN' });
    }
    if (problems.length) throw new DomainError('VALIDATION_FAILED', undefined, inFieldOrder(problems, ORGANISATION_FIELD_ORDER));
    await this.limitRegistrations(ip);
    const passwordHash = await this.hasher.hash(input.password);
    if (await this.emailInUse(this.db, values.email)) return this.alreadyRegistered(values.email, ip, locale);
    return this.silentDuplicates(values.email, values.fullName, ip, locale, () =>
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
          locale,
        });
        return this.registered(tx, account, ip, { organisationId: organisation.id, taxCode: organisation.tax_code });
      }),
    );
  }

  /** Counts a registration from `ip` in one statement; over the limit → 429 with the seconds to wait. */
  private async limitRegistrations(ip: string | undefined): Promise<void> {
    if (!ip) return; // internal callers (CLI, tests of the service) have no address
    const counter = await this.repo.hit(this.db, { kind: 'register', key: ip }, this.config.registrationWindowMinutes * 60_000);
    const retryAfter = windowRetryAfter(counter, this.config.registrationMaxPerAddress, counter.now);
    if (retryAfter > 0) throw new DomainError('REGISTRATION_RATE_LIMITED', { minutes: Math.ceil(retryAfter / 60), retryAfter });
  }

  /**
   * The address already has an account: it is told so (with the sign-in and reset links), in that account's
   * language; nothing is created.
   */
  private async alreadyRegistered(email: string, ip: string | undefined, requestLocale: Locale): Promise<RegistrationOutcome> {
    const account = await this.repo.findAccountByLogin(this.db, email);
    const locale = account?.locale ?? requestLocale;
    await this.db.transaction().execute(async (tx) => {
      await this.mail.queue(tx, {
        to: email,
        subject: translate(locale, 'mail.registered.subject'),
        text: translate(locale, 'mail.registered.text', {
          username: account?.username ?? email,
          loginLink: `${this.config.baseUrl}/dang-nhap`,
          resetLink: `${this.config.baseUrl}/quen-mat-khau`,
        }),
      });
      if (account) {
        await this.audit.record(tx, null, { action: 'account.register_refused', targetType: 'account', targetId: account.id, summary: { reason: 'email' } }, ip ?? null);
      }
    });
    return { id: null, username: email, status: 'pending' };
  }

  /**
   * The registration cannot go through for a reason the requester must not learn from the answer (an ID number
   * already registered): the new address is told it could not be completed, and where to turn — in the language
   * of the registration's request (the address has no account; the requester gave it as their own).
   */
  private async registrationIncomplete(email: string, name: string, reason: string, ip: string | undefined, locale: Locale): Promise<RegistrationOutcome> {
    await this.db.transaction().execute(async (tx) => {
      await this.mail.queue(tx, {
        to: email,
        subject: translate(locale, 'mail.registrationIncomplete.subject'),
        text: translate(locale, 'mail.registrationIncomplete.text', {
          name,
          loginLink: `${this.config.baseUrl}/dang-nhap`,
          resetLink: `${this.config.baseUrl}/quen-mat-khau`,
        }),
      });
      await this.audit.record(tx, null, { action: 'account.register_refused', targetType: 'account', targetId: null, summary: { reason, email } }, ip ?? null);
    });
    return { id: null, username: email, status: 'pending' };
  }

  /** Two registrations racing for the same e-mail or ID number: the loser gets the same answer and its mail. */
  private async silentDuplicates(email: string, name: string, ip: string | undefined, locale: Locale, work: () => Promise<RegistrationOutcome>): Promise<RegistrationOutcome> {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof IdentityConflict)) throw error;
      if (error.field === 'email' || error.field === 'username') return this.alreadyRegistered(email, ip, locale);
      if (error.field === 'personal_id') return this.registrationIncomplete(email, name, 'personal_id', ip, locale);
      throw new DomainError('VALIDATION_FAILED', undefined, [CONFLICT_PROBLEMS[error.field]]);
    }
  }

  /** True when a token for `purpose` is live (used by pages before showing the confirmation button). */
  async tokenIsLive(token: string, purpose: TokenPurpose): Promise<boolean> {
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
    // Counted before anything is looked up, for known and unknown addresses alike: the answer tells nothing.
    const windowMs = this.config.resetWindowMinutes * 60_000;
    if (ip) {
      const counter = await this.repo.hit(this.db, { kind: 'reset', key: ip }, windowMs);
      const retryAfter = windowRetryAfter(counter, this.config.resetMaxPerAddress, counter.now);
      if (retryAfter > 0) throw new DomainError('PASSWORD_RESET_RATE_LIMITED', { minutes: Math.ceil(retryAfter / 60), retryAfter });
    }
    const account = await this.repo.findAccountByLogin(this.db, email);
    if (!account || account.email !== email || account.status === 'disabled') return;
    // No mailbox is flooded from many addresses either: past the limit the request is answered alike, unsent.
    const sent = await this.repo.hit(this.db, { kind: 'reset_to', key: email }, windowMs);
    if (sent.attempts > this.config.resetMaxPerEmail) return;
    await this.db.transaction().execute(async (tx) => {
      const token = await this.issueToken(tx, account.id, 'reset_password', RESET_TTL_HOURS);
      await this.mail.queue(tx, {
        to: email,
        subject: translate(account.locale, 'mail.reset.subject'),
        text: translate(account.locale, 'mail.reset.text', {
          name: account.full_name,
          link: `${this.config.baseUrl}/dat-lai-mat-khau?token=${token}`,
          hours: RESET_TTL_HOURS,
        }),
      });
      await this.audit.record(tx, null, { action: 'account.password_reset_request', targetType: 'account', targetId: account.id }, ip ?? null);
    });
  }

  /** Sets a new password from an e-mailed link: the token works once; every session of the account ends. */
  async resetPassword(input: ResetPasswordBody, ip?: string): Promise<{ username: string }> {
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
  async changePassword(actor: Actor, sessionId: string | null, input: ChangePasswordBody): Promise<void> {
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
  async addOrganisationMember(actor: Actor | null, input: NewMemberBody): Promise<Registered> {
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
          // The new member has chosen no language yet: the account's default (the inviter's request is not theirs).
          subject: translate(account.locale, 'mail.invite.subject', { organisation: organisation.name }),
          text: translate(account.locale, 'mail.invite.text', {
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

  /** The language the actor's e-mail, SMS and notifications are written in. */
  async localeOf(actor: Actor): Promise<Locale> {
    return (await this.repo.findAccountById(this.db, actor.id))?.locale ?? DEFAULT_LOCALE;
  }

  /** Sets the language of the actor's e-mail, SMS and notifications (the account page). */
  async setLocale(actor: Actor | null, locale: string | undefined): Promise<Locale> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (!locale || !(LOCALES as readonly string[]).includes(locale)) {
      const problem = locale ? { path: '/locale', code: 'enum', params: { allowedValues: LOCALES.join(', ') } } : { path: '/locale', code: 'required' };
      throw new DomainError('VALIDATION_FAILED', undefined, [problem]);
    }
    const chosen = locale as Locale;
    await this.db.transaction().execute(async (tx) => {
      if (!(await this.repo.updateLocale(tx, actor.id, chosen))) throw new DomainError('UNAUTHENTICATED');
      await this.audit.record(tx, actor, { action: 'account.locale_change', targetType: 'account', targetId: actor.id, summary: { locale: chosen } });
    });
    return chosen;
  }

  // Helpers -------------------------------------------------------------------------

  private async emailInUse(db: Executor, email: string): Promise<boolean> {
    return (await this.repo.emailTaken(db, email)) || (await this.repo.usernameTaken(db, email));
  }

  /** A new e-mailed token; a new reset (or unlock) link makes the account's older unused ones useless. */
  private async issueToken(tx: Executor, accountId: string, purpose: TokenPurpose, hours: number): Promise<string> {
    const token = newToken();
    const expiresAt = new Date(Date.now() + hours * 3_600_000);
    await this.repo.insertEmailToken(tx, { tokenHash: hashToken(token), accountId, purpose, expiresAt, revokeOlder: purpose !== 'verify_email' });
    return token;
  }

  /** A new pending account, in the registration's transaction: the verification mail and the audit entry. */
  private async registered(tx: Executor, account: Account, ip: string | undefined, summary: Record<string, unknown>): Promise<RegistrationOutcome> {
    await this.sendVerification(tx, account);
    await this.audit.record(tx, actorOf(account, [], ip), {
      action: 'account.register',
      targetType: 'account',
      targetId: account.id,
      summary: { kind: account.kind, username: account.username, ...summary },
    });
    return { username: account.username, status: 'pending', id: account.id };
  }

  private async sendVerification(tx: Executor, account: Account): Promise<void> {
    const token = await this.issueToken(tx, account.id, 'verify_email', VERIFY_TTL_HOURS);
    await this.mail.queue(tx, {
      to: account.email!,
      subject: translate(account.locale, 'mail.verify.subject'),
      text: translate(account.locale, 'mail.verify.text', {
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
      if (!(error instanceof IdentityConflict)) throw error;
      throw new DomainError('VALIDATION_FAILED', undefined, [CONFLICT_PROBLEMS[error.field]]);
    }
  }

  /** Housekeeping job: expired sessions, and rate-limit counters whose window and wait are over. */
  async deleteExpiredSessions(): Promise<number> {
    await this.repo.deleteExpiredLimits(this.db);
    return this.repo.deleteExpiredSessions(this.db);
  }

  private formTokenKeyPromise: Promise<Buffer> | undefined;

  /**
   * The key that signs anonymous form tokens: from SESSION_SECRET, else a secret generated once and kept in the
   * database (shared by every instance, stable across restarts). Loaded once per process.
   */
  formTokenKey(): Promise<Buffer> {
    this.formTokenKeyPromise ??= (async () =>
      formTokenKey(this.config.sessionSecret ?? (await this.repo.secret(this.db, 'form_token', randomBytes(32).toString('base64url')))))();
    return this.formTokenKeyPromise.catch((error: unknown) => {
      this.formTokenKeyPromise = undefined; // a database hiccup at boot is retried by the next request
      throw error;
    });
  }
}
