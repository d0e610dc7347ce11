// Service accounts and API keys: machine clients authenticate with a key; administrators make the accounts (within
// the agency subtree where they hold 'admin'), issue, rotate and revoke keys. A service account is a staff row of
// `accounts` with ordinary role grants, so every service authorises its calls as it does a person's.
import { randomBytes } from 'node:crypto';
import type { Actor, RoleGrant } from '../../core/actor.ts';
import { rolesRoots } from '../../core/actor.ts';
import { DomainError, type FieldError } from '../../core/errors.ts';
import { isUuid } from '../../core/ids.ts';
import { vietnamDate, vietnamDayEnd, DAY_MS } from '../../core/time.ts';
import type { Db, Executor } from '../../db/database.ts';
import { ConcurrentInsert } from '../../db/errors.ts';
import type { Agency, Role } from '../../db/schema.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { ApiKeysRepository, type GrantRow, type KeyRow, type ServiceAccountRow } from './apikeys.repository.ts';
import {
  DEFAULT_RATE_PER_MINUTE, expiryProblem, formatToken, graceProblem, isRole, keyStatus, nameProblem, parseToken, rateProblem, rateWindow,
  refusalOf, rotatedExpiryDay, rotatedRevocation, secretHash, secretMatches, serviceUsername, type Problem,
} from './apikeys.rules.ts';
import type { ApiKeyView, CreateKeyBody, CreateServiceAccountBody, IssuedKey, RotateKeyBody, ServiceAccountView } from './apikeys.schemas.ts';
import './apikeys.errors.ts';

const ADMIN: readonly Role[] = ['admin'];

/** What the service needs of the agency tree (AgenciesService). */
export interface ApiKeyAgencies {
  scopeOf(actor: Actor | null, roles: readonly Role[]): Promise<string[]>;
  byCode(code: string): Promise<Agency | undefined>;
  adminTree(actor: Actor | null): Promise<Array<{ agency: Agency; depth: number }>>;
}

/** A request authenticated by a key: the service account acting, and the key. */
export interface KeyAuthentication {
  actor: Actor;
  keyId: string;
}

export class ApiKeysService {
  /** The clock (tests set a fixed one: the rate window and the expiry are read from it). */
  clock: () => Date = () => new Date();

  constructor(
    private readonly db: Db,
    private readonly agencies: ApiKeyAgencies,
    private readonly audit: AuditService,
    private readonly repo = new ApiKeysRepository(),
  ) {}

  // --- authentication -------------------------------------------------------------------------------------------

  /**
   * Resolves `odk_<prefix>_<secret>`: one indexed lookup by prefix (with the account and its grants), a
   * constant-time comparison of the secret's SHA-256, then one upsert that counts the call in its minute.
   * Unknown, malformed or not matching → API_KEY_INVALID (also for a disabled account); revoked, expired → their
   * codes (told only to whoever holds the whole token); over the key's limit → API_KEY_RATE_LIMITED with retryAfter.
   */
  async authenticate(token: string, ip?: string): Promise<KeyAuthentication> {
    const parsed = parseToken(token);
    if (!parsed) throw new DomainError('API_KEY_INVALID');
    const row = await this.repo.findForAuth(this.db, parsed.prefix);
    if (!row || !secretMatches(parsed.secret, row.secret_hash) || !row.service || row.status !== 'active') throw new DomainError('API_KEY_INVALID');
    const now = this.clock();
    const refusal = refusalOf(keyStatus({ revokedAt: row.revoked_at, expiresAt: row.expires_at }, now));
    if (refusal) throw new DomainError(refusal);
    const window = rateWindow(now.getTime());
    const count = await this.repo.countUse(this.db, row.id, window.start, now);
    if (count > row.rate_limit_per_minute) throw new DomainError('API_KEY_RATE_LIMITED', { retryAfter: window.retryAfter });
    const actor: Actor = {
      id: row.account_id,
      username: row.username,
      fullName: row.full_name,
      kind: 'staff',
      agencyId: row.agency_id,
      departmentId: row.department_id,
      organisationId: null,
      roles: row.roles.map((g) => ({ role: g.role, agencyId: g.agencyId })),
      ip,
      apiKeyId: row.id,
    };
    return { actor, keyId: row.id };
  }

  /** Counts one call of a key in the minute of `at` (the rate limit's counter); the count so far. */
  countUse(keyId: string, at: Date = this.clock()): Promise<number> {
    return this.repo.countUse(this.db, keyId, rateWindow(at.getTime()).start, at);
  }

  // --- administration -------------------------------------------------------------------------------------------

  /** An administrator signed in with a session: keys cannot manage keys (a stolen key could not make itself others). */
  private requireAdmin(actor: Actor | null): Actor {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (actor.apiKeyId) throw new DomainError('API_KEY_NOT_ALLOWED');
    if (rolesRoots(actor, ADMIN).length === 0) throw new DomainError('FORBIDDEN');
    return actor;
  }

  private presentKey(k: KeyRow, now: Date, calls: Map<string, number>): ApiKeyView {
    return {
      id: k.id,
      name: k.name,
      prefix: k.prefix,
      status: keyStatus({ revokedAt: k.revoked_at, expiresAt: k.expires_at }, now),
      rateLimitPerMinute: k.rate_limit_per_minute,
      createdAt: k.created_at.toISOString(),
      expiresAt: k.expires_at.toISOString(),
      expiresOn: vietnamDate(k.expires_at.getTime() - 1),
      revokedAt: k.revoked_at?.toISOString() ?? null,
      replacedBy: k.replaced_by,
      lastUsedAt: k.last_used_at?.toISOString() ?? null,
      callsLastDay: calls.get(k.id) ?? 0,
    };
  }

  private async present(db: Executor, rows: ServiceAccountRow[]): Promise<ServiceAccountView[]> {
    const ids = rows.map((r) => r.id);
    const [grants, keys] = await Promise.all([this.repo.grants(db, ids), this.repo.keysOf(db, ids)]);
    const now = this.clock();
    const calls = await this.repo.callsSince(db, keys.map((k) => k.id), new Date(now.getTime() - DAY_MS));
    return rows.map((r) => ({
      id: r.id,
      username: r.username,
      name: r.full_name,
      status: r.status,
      agencyCode: r.agency_code,
      agencyName: r.agency_name,
      createdAt: r.created_at.toISOString(),
      roles: grants.filter((g: GrantRow) => g.account_id === r.id).map((g) => ({ role: g.role, agencyCode: g.agency_code, agencyName: g.agency_name })),
      keys: keys.filter((k) => k.account_id === r.id).map((k) => this.presentKey(k, now, calls)),
    }));
  }

  /** The service accounts of the agencies the actor administers, with their roles and keys. */
  async list(actor: Actor | null): Promise<{ items: ServiceAccountView[] }> {
    this.requireAdmin(actor);
    const scope = await this.agencies.scopeOf(actor, ADMIN);
    return { items: await this.present(this.db, await this.repo.listAccounts(this.db, scope)) };
  }

  /** One service account the actor administers (NOT_FOUND otherwise). */
  async get(actor: Actor | null, id: string): Promise<ServiceAccountView> {
    this.requireAdmin(actor);
    const row = await this.accountInScope(this.db, actor!, id);
    return (await this.present(this.db, [row]))[0]!;
  }

  private async accountInScope(db: Executor, actor: Actor, id: string): Promise<ServiceAccountRow> {
    const scope = new Set(await this.agencies.scopeOf(actor, ADMIN));
    const row = isUuid(id) ? await this.repo.findAccount(db, id) : undefined;
    if (!row || !row.agency_id || !scope.has(row.agency_id)) throw new DomainError('NOT_FOUND');
    return row;
  }

  /** The agencies (tree order) the actor administers, for the pages' pickers. */
  async agencyOptions(actor: Actor | null): Promise<Array<{ code: string; name: string; depth: number }>> {
    this.requireAdmin(actor);
    const tree = await this.agencies.adminTree(actor);
    return tree.filter((e) => e.agency.active).map((e) => ({ code: e.agency.code, name: e.agency.name, depth: e.depth }));
  }

  async createAccount(actor: Actor | null, input: CreateServiceAccountBody): Promise<ServiceAccountView> {
    const by = this.requireAdmin(actor);
    const errors: FieldError[] = [];
    const push = (path: string, problem: Problem | null) => {
      if (problem) errors.push({ path, code: problem.code, ...(problem.params ? { params: problem.params } : {}) });
    };
    const name = (input.name ?? '').trim();
    push('/name', nameProblem(name));
    const scope = new Set(await this.agencies.scopeOf(by, ADMIN));
    const agencyCode = (input.agencyCode ?? '').trim().toUpperCase();
    const agency = agencyCode ? await this.agencies.byCode(agencyCode) : undefined;
    if (!agencyCode) errors.push({ path: '/agencyCode', code: 'required' });
    else if (!agency) errors.push({ path: '/agencyCode', code: 'API_KEY_AGENCY_NOT_FOUND' });
    else if (!scope.has(agency.id)) throw new DomainError('API_KEY_ROLE_OUT_OF_SCOPE');
    else if (!agency.active) errors.push({ path: '/agencyCode', code: 'API_KEY_AGENCY_INACTIVE' });

    const grants: RoleGrant[] = [];
    const roles = input.roles ?? [];
    if (roles.length === 0) errors.push({ path: '/roles', code: 'API_KEY_ROLES_REQUIRED' });
    for (const [i, grant] of roles.entries()) {
      if (!isRole(grant.role)) {
        errors.push({ path: `/roles/${i}/role`, code: 'API_KEY_ROLE_INVALID' });
        continue;
      }
      let agencyId = agency?.id ?? null;
      if (grant.agencyCode && grant.agencyCode.trim()) {
        agencyId = (await this.agencies.byCode(grant.agencyCode.trim().toUpperCase()))?.id ?? null;
        if (!agencyId) {
          errors.push({ path: `/roles/${i}/agencyCode`, code: 'API_KEY_AGENCY_NOT_FOUND' });
          continue;
        }
      }
      if (agencyId && !grants.some((g) => g.role === grant.role && g.agencyId === agencyId)) grants.push({ role: grant.role, agencyId });
    }
    if (grants.some((g) => !scope.has(g.agencyId))) throw new DomainError('API_KEY_ROLE_OUT_OF_SCOPE');
    if (errors.length) throw new DomainError('VALIDATION_FAILED', undefined, errors);

    const id = await this.retryingInsert(() =>
      this.db.transaction().execute(async (tx) => {
        const username = serviceUsername(randomBytes(5).toString('hex'));
        const accountId = await this.repo.insertAccount(tx, { username, fullName: name, agencyId: agency!.id, grants });
        await this.audit.record(tx, by, {
          action: 'service_account.create',
          targetType: 'account',
          targetId: accountId,
          agencyId: agency!.id,
          summary: { username, name, roles: roles.map((r) => ({ role: r.role, agencyCode: (r.agencyCode ?? '').trim().toUpperCase() || agencyCode })) },
        });
        return accountId;
      }),
    );
    return this.get(by, id);
  }

  /** Issues a key for a service account: the token is in the answer and nowhere else (only its hash is kept). */
  async createKey(actor: Actor | null, accountId: string, input: CreateKeyBody): Promise<IssuedKey> {
    const by = this.requireAdmin(actor);
    const account = await this.accountInScope(this.db, by, accountId);
    if (account.status !== 'active') throw new DomainError('API_KEY_ACCOUNT_DISABLED');
    const now = this.clock();
    const errors: FieldError[] = [];
    const push = (path: string, problem: Problem | null) => {
      if (problem) errors.push({ path, code: problem.code, ...(problem.params ? { params: problem.params } : {}) });
    };
    const name = (input.name ?? '').trim();
    push('/name', nameProblem(name));
    const expiresOn = (input.expiresOn ?? '').trim();
    push('/expiresOn', expiryProblem(expiresOn, vietnamDate(now)));
    const rateLimit = input.rateLimitPerMinute ?? DEFAULT_RATE_PER_MINUTE;
    push('/rateLimitPerMinute', rateProblem(rateLimit));
    if (errors.length) throw new DomainError('VALIDATION_FAILED', undefined, errors);
    return this.issue(by, account, { name, expiresAt: vietnamDayEnd(expiresOn), rateLimit, now }, 'api_key.create');
  }

  private async issue(
    by: Actor,
    account: ServiceAccountRow,
    key: { name: string; expiresAt: Date; rateLimit: number; now: Date },
    action: string,
    replacing?: { id: string; revokeAt: Date },
  ): Promise<IssuedKey> {
    const secret = randomBytes(32).toString('base64url');
    const { id, prefix } = await this.retryingInsert(() =>
      this.db.transaction().execute(async (tx) => {
        if (replacing) {
          // Locked and checked again here: of two rotations at once, the second finds the key replaced.
          const current = await this.repo.findKey(tx, replacing.id, true);
          if (!current || current.replaced_by || keyStatus({ revokedAt: current.revoked_at, expiresAt: current.expires_at }, key.now) !== 'active') {
            throw new DomainError('API_KEY_NOT_ACTIVE');
          }
        }
        const prefix = randomBytes(6).toString('hex');
        const id = await this.repo.insertKey(tx, {
          accountId: account.id, name: key.name, prefix, secretHash: secretHash(secret), rateLimit: key.rateLimit, createdBy: by.id, createdAt: key.now, expiresAt: key.expiresAt,
        });
        if (replacing) await this.repo.revoke(tx, replacing.id, { at: replacing.revokeAt, by: by.id, replacedBy: id });
        await this.audit.record(tx, by, {
          action,
          targetType: 'api_key',
          targetId: id,
          agencyId: account.agency_id,
          summary: {
            account: account.username, name: key.name, prefix, expiresAt: key.expiresAt.toISOString(), rateLimitPerMinute: key.rateLimit,
            ...(replacing ? { replaces: replacing.id, oldKeyRevokedAt: replacing.revokeAt.toISOString() } : {}),
          },
        });
        return { id, prefix };
      }),
    );
    const row = (await this.repo.findKey(this.db, id))!;
    return { key: this.presentKey(row, this.clock(), new Map()), token: formatToken(prefix, secret) };
  }

  /** A key of an account the actor administers, locked in `tx` (NOT_FOUND otherwise). */
  private async keyInScope(tx: Executor, actor: Actor, keyId: string) {
    const scope = new Set(await this.agencies.scopeOf(actor, ADMIN));
    const key = isUuid(keyId) ? await this.repo.findKey(tx, keyId, true) : undefined;
    if (!key || !key.service || !key.agency_id || !scope.has(key.agency_id)) throw new DomainError('NOT_FOUND');
    return key;
  }

  /**
   * A new key for the same account (same name and limit) and the old one revoked: at once, or after `graceMinutes`
   * (at most a day) so the client can switch over. The new token is shown once, like a new key's.
   */
  async rotateKey(actor: Actor | null, keyId: string, input: RotateKeyBody = {}): Promise<IssuedKey> {
    const by = this.requireAdmin(actor);
    const now = this.clock();
    const old = await this.keyInScope(this.db, by, keyId);
    if (keyStatus({ revokedAt: old.revoked_at, expiresAt: old.expires_at }, now) !== 'active' || old.replaced_by) throw new DomainError('API_KEY_NOT_ACTIVE');
    if (old.account_status !== 'active') throw new DomainError('API_KEY_ACCOUNT_DISABLED');
    const errors: FieldError[] = [];
    const today = vietnamDate(now);
    const validityDays = Math.round((old.expires_at.getTime() - old.created_at.getTime()) / DAY_MS);
    const expiresOn = input.expiresOn?.trim() || rotatedExpiryDay(today, validityDays);
    const expiry = expiryProblem(expiresOn, today);
    if (expiry) errors.push({ path: '/expiresOn', code: expiry.code, ...(expiry.params ? { params: expiry.params } : {}) });
    const grace = graceProblem(input.graceMinutes);
    if (grace) errors.push({ path: '/graceMinutes', code: grace.code, params: grace.params! });
    if (errors.length) throw new DomainError('VALIDATION_FAILED', undefined, errors);
    const account = (await this.repo.findAccount(this.db, old.account_id))!;
    const revokeAt = rotatedRevocation(now, input.graceMinutes ?? 0, { revokedAt: old.revoked_at, expiresAt: old.expires_at });
    return this.issue(by, account, { name: old.name, expiresAt: vietnamDayEnd(expiresOn), rateLimit: old.rate_limit_per_minute, now }, 'api_key.rotate', {
      id: old.id,
      revokeAt,
    });
  }

  /** Revokes a key at once (a key already revoked stays as it is: answered again, nothing recorded). */
  async revokeKey(actor: Actor | null, keyId: string): Promise<ApiKeyView> {
    const by = this.requireAdmin(actor);
    await this.db.transaction().execute(async (tx) => {
      const key = await this.keyInScope(tx, by, keyId);
      const now = this.clock();
      if (key.revoked_at && key.revoked_at.getTime() <= now.getTime()) return;
      await this.repo.revoke(tx, key.id, { at: now, by: by.id });
      await this.audit.record(tx, by, {
        action: 'api_key.revoke',
        targetType: 'api_key',
        targetId: key.id,
        agencyId: key.agency_id,
        summary: { prefix: key.prefix, name: key.name },
      });
    });
    const row = (await this.repo.findKey(this.db, keyId))!;
    const calls = await this.repo.callsSince(this.db, [row.id], new Date(this.clock().getTime() - DAY_MS));
    return this.presentKey(row, this.clock(), calls);
  }

  /**
   * Disables (every key refused at once, API_KEY_INVALID, while the keys themselves stay as they are) or enables
   * again a service account the actor administers. Setting the status it already has changes nothing.
   */
  async setAccountStatus(actor: Actor | null, id: string, status: 'active' | 'disabled'): Promise<ServiceAccountView> {
    const by = this.requireAdmin(actor);
    await this.db.transaction().execute(async (tx) => {
      const account = await this.accountInScope(tx, by, id);
      if (account.status === status) return;
      await this.repo.setAccountStatus(tx, account.id, status);
      await this.audit.record(tx, by, {
        action: status === 'disabled' ? 'service_account.disable' : 'service_account.enable',
        targetType: 'account',
        targetId: account.id,
        agencyId: account.agency_id,
        summary: { username: account.username, from: account.status, to: status },
      });
    });
    return this.get(by, id);
  }

  /** One key the actor administers (the pages' rotate and revoke confirmations). */
  async getKey(actor: Actor | null, keyId: string): Promise<ApiKeyView & { accountId: string }> {
    const by = this.requireAdmin(actor);
    const key = await this.keyInScope(this.db, by, keyId);
    return { ...this.presentKey(key, this.clock(), new Map()), accountId: key.account_id };
  }

  /** A generated username or prefix taken by another row (chance 2^-40 or less): drawn again, up to three times. */
  private async retryingInsert<T>(run: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await run();
      } catch (error) {
        if (!(error instanceof ConcurrentInsert) || attempt >= 3) throw error;
      }
    }
  }
}
