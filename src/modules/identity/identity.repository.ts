// SQL of the identity capability: accounts, roles, organisations, sessions, login attempts, e-mail tokens.
import { sql } from 'kysely';
import { PREPARED, type Executor } from '../../db/database.ts';
import { uniqueViolation } from '../../db/errors.ts';
import { compiledQuery } from '../../db/compiled.ts';
import type { Account, NewAccount, Role } from '../../db/schema.ts';
import type { RoleGrant } from '../../core/actor.ts';
import { hitWindow, windowCounter, type WindowHit } from '../../db/window-counter.ts';

export type LimitKind = 'pair' | 'account' | 'address' | 'register' | 'reset' | 'reset_to';
export interface LimitKey {
  kind: LimitKind;
  key: string;
}
export interface LimitCounterRow {
  kind: LimitKind;
  key: string;
  attempts: number;
  blocked_until: Date | null;
  expires_at: Date;
}

/** login_limits as a fixed-window counter (`hit`); the sign-in's lock-judge-count below is its own. */
const LOGIN_LIMITS = windowCounter('login_limits', ['kind', 'key']);

export type TokenPurpose = 'verify_email' | 'reset_password' | 'unlock_login';

/** The unique value an insert collided with (another transaction registered it first). */
export type IdentityConflictField = 'email' | 'username' | 'personal_id' | 'tax_code';

/** Thrown by the inserts in place of the driver's unique violation (kept as `cause`): the service decides. */
export class IdentityConflict extends Error {
  readonly field: IdentityConflictField;
  constructor(field: IdentityConflictField, cause: unknown) {
    super(`identity conflict (${field} already registered)`, { cause });
    this.name = 'IdentityConflict';
    this.field = field;
  }
}

const UNIQUE_FIELDS: Record<string, IdentityConflictField> = {
  accounts_email_key: 'email',
  accounts_username_key: 'username',
  accounts_personal_id_key: 'personal_id',
  organisations_tax_code_key: 'tax_code',
};

/** Runs an insert; a unique violation of a known constraint becomes IdentityConflict, anything else is rethrown. */
async function conflictsTyped<T>(insert: () => Promise<T>): Promise<T> {
  try {
    return await insert();
  } catch (error) {
    const field = UNIQUE_FIELDS[uniqueViolation(error) ?? ''];
    if (field) throw new IdentityConflict(field, error);
    throw error;
  }
}

/** The live session with its account and roles: on every request, so built and compiled once (compiledQuery). */
const liveSession = compiledQuery((db: Executor, sessionId: string, now: Date) =>
  db
    .selectFrom('sessions as s')
    .innerJoin('accounts as a', 'a.id', 's.account_id')
    .modifyFront(PREPARED)
    .select([
      's.id as session_id',
      's.csrf_token',
      'a.id',
      'a.username',
      'a.full_name',
      'a.kind',
      'a.status',
      'a.agency_id',
      'a.department_id',
      'a.organisation_id',
      sql<Array<{ role: Role; agency_id: string }>>`coalesce((SELECT json_agg(json_build_object('role', r.role, 'agency_id', r.agency_id)) FROM account_roles r WHERE r.account_id = a.id), '[]'::json)`.as('roles'),
    ])
    .where('s.id', '=', sessionId)
    .where('s.expires_at', '>', now),
);

export class IdentityRepository {
  findAccountByLogin(db: Executor, login: string): Promise<Account | undefined> {
    return db
      .selectFrom('accounts')
      .selectAll()
      .where((eb) => eb.or([eb('username', '=', login), eb('email', '=', login)]))
      .executeTakeFirst();
  }

  findAccountById(db: Executor, id: string): Promise<Account | undefined> {
    return db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async usernameTaken(db: Executor, username: string): Promise<boolean> {
    return !!(await db.selectFrom('accounts').select('id').where('username', '=', username).executeTakeFirst());
  }

  async emailTaken(db: Executor, email: string): Promise<boolean> {
    return !!(await db.selectFrom('accounts').select('id').where('email', '=', email).executeTakeFirst());
  }

  async personalIdTaken(db: Executor, personalId: string): Promise<boolean> {
    return !!(
      await db.selectFrom('accounts').select('id').where('personal_id', '=', personalId).where('kind', '=', 'citizen').executeTakeFirst()
    );
  }

  /** Throws IdentityConflict when the e-mail, username or personal ID is already registered. */
  async insertAccount(db: Executor, account: NewAccount): Promise<Account> {
    return conflictsTyped(() => db.insertInto('accounts').values(account).returningAll().executeTakeFirstOrThrow());
  }

  /** The language of the account's e-mail, SMS and notifications; false when there is no such account. */
  async updateLocale(db: Executor, accountId: string, locale: 'vi' | 'en'): Promise<boolean> {
    const result = await db.updateTable('accounts').set({ locale, updated_at: new Date() }).where('id', '=', accountId).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async updatePassword(db: Executor, accountId: string, passwordHash: string): Promise<void> {
    await db.updateTable('accounts').set({ password_hash: passwordHash, updated_at: new Date() }).where('id', '=', accountId).execute();
  }

  async grantRoles(db: Executor, accountId: string, grants: RoleGrant[]): Promise<void> {
    if (grants.length === 0) return;
    await db
      .insertInto('account_roles')
      .values(grants.map((g) => ({ account_id: accountId, role: g.role, agency_id: g.agencyId })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  async rolesOf(db: Executor, accountId: string): Promise<RoleGrant[]> {
    const rows = await db.selectFrom('account_roles').select(['role', 'agency_id']).where('account_id', '=', accountId).execute();
    return rows.map((r) => ({ role: r.role as Role, agencyId: r.agency_id }));
  }

  /** Throws IdentityConflict (tax_code) when the organisation is already registered. */
  async insertOrganisation(db: Executor, org: { tax_code: string; name: string; legal_representative: string; address: string | null }) {
    return conflictsTyped(() => db.insertInto('organisations').values(org).returningAll().executeTakeFirstOrThrow());
  }

  findOrganisationByTaxCode(db: Executor, taxCode: string) {
    return db.selectFrom('organisations').selectAll().where('tax_code', '=', taxCode).executeTakeFirst();
  }

  findOrganisationById(db: Executor, id: string) {
    return db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Activates a pending account (its e-mail address is proven); a disabled account stays disabled. */
  async activatePending(db: Executor, accountId: string): Promise<boolean> {
    const result = await db
      .updateTable('accounts')
      .set({ status: 'active', email_verified_at: new Date(), updated_at: new Date() })
      .where('id', '=', accountId)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  listOrganisationMembers(db: Executor, organisationId: string) {
    return db
      .selectFrom('accounts')
      .select(['id', 'username', 'full_name', 'email', 'phone', 'status', 'created_at'])
      .where('organisation_id', '=', organisationId)
      .where('kind', '=', 'organisation')
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  /** The account page: the account with its organisation, agency, department and roles (with agency names). */
  async profile(db: Executor, accountId: string) {
    const account = await db
      .selectFrom('accounts as a')
      .leftJoin('organisations as o', 'o.id', 'a.organisation_id')
      .leftJoin('agencies as g', 'g.id', 'a.agency_id')
      .leftJoin('departments as d', 'd.id', 'a.department_id')
      .select([
        'a.id',
        'a.username',
        'a.kind',
        'a.status',
        'a.full_name',
        'a.email',
        'a.email_verified_at',
        'a.phone',
        'a.personal_id',
        'a.date_of_birth',
        'a.address',
        'a.locale',
        'a.created_at',
        'o.id as organisation_id',
        'o.name as organisation_name',
        'o.tax_code as organisation_tax_code',
        'g.name as agency_name',
        'd.name as department_name',
      ])
      .where('a.id', '=', accountId)
      .executeTakeFirst();
    if (!account) return undefined;
    const roles = await db
      .selectFrom('account_roles as r')
      .innerJoin('agencies as g', 'g.id', 'r.agency_id')
      .select(['r.role', 'g.name as agency_name'])
      .where('r.account_id', '=', accountId)
      .orderBy('r.role')
      .orderBy('g.name')
      .execute();
    return { ...account, roles };
  }

  // Sessions -----------------------------------------------------------------

  async insertSession(db: Executor, session: { id: string; accountId: string; csrfToken: string; ip: string | null; userAgent: string | null; expiresAt: Date }) {
    await db
      .insertInto('sessions')
      .values({
        id: session.id,
        account_id: session.accountId,
        csrf_token: session.csrfToken,
        ip: session.ip,
        user_agent: session.userAgent,
        expires_at: session.expiresAt,
      })
      .execute();
  }

  /** The live session with its account and roles, in one round trip. */
  findLiveSession(db: Executor, sessionId: string) {
    return liveSession(db, sessionId, new Date()).then((rows) => rows[0]);
  }

  async deleteSession(db: Executor, sessionId: string): Promise<void> {
    await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
  }

  async deleteSessionsOf(db: Executor, accountId: string, exceptSessionId?: string): Promise<void> {
    let query = db.deleteFrom('sessions').where('account_id', '=', accountId);
    if (exceptSessionId) query = query.where('id', '<>', exceptSessionId);
    await query.execute();
  }

  async deleteExpiredSessions(db: Executor): Promise<number> {
    const result = await db.deleteFrom('sessions').where('expires_at', '<', new Date()).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  // Login attempts -----------------------------------------------------------

  async recordLoginAttempt(db: Executor, attempt: { username: string; ip: string; succeeded: boolean }): Promise<void> {
    await db.insertInto('login_attempts').values(attempt).execute();
  }

  // Rate-limit counters (login_limits) ----------------------------------------

  /**
   * Locks the counters (creating them at 0, starting a counter again whose window ended) and returns them with the
   * database's clock. Call inside the transaction that records the attempt: the row locks serialise concurrent
   * attempts on the same keys (taken in (kind, key) order, so two attempts never wait on each other in a cycle).
   */
  async lockLimits(tx: Executor, keys: LimitKey[], windowMs: number): Promise<{ now: Date; counters: Map<string, LimitCounterRow> }> {
    const sorted = [...keys].sort((a, b) => (a.kind === b.kind ? (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) : a.kind < b.kind ? -1 : 1));
    const values = sql.join(sorted.map((k) => sql`(${k.kind}, ${k.key}, 0, now() + ${windowMs}::float8 * interval '1 millisecond')`));
    const { rows } = await sql<LimitCounterRow & { now: Date }>`
      INSERT INTO login_limits (kind, key, attempts, expires_at) VALUES ${values}
      ON CONFLICT (kind, key) DO UPDATE SET
        attempts = CASE WHEN login_limits.expires_at <= now() THEN 0 ELSE login_limits.attempts END,
        expires_at = CASE WHEN login_limits.expires_at <= now() THEN greatest(excluded.expires_at, login_limits.blocked_until) ELSE login_limits.expires_at END
      RETURNING kind, key, attempts, blocked_until, expires_at, now() AS now`.execute(tx);
    return { now: rows[0]!.now, counters: new Map(rows.map((r) => [`${r.kind}:${r.key}`, r])) };
  }

  /** Counts an attempt on every key; the pair also gets its wait and its new end of window. */
  async countAttempt(tx: Executor, keys: LimitKey[], pair: { key: string; blockedUntil: Date | null; expiresAt: Date } | null): Promise<void> {
    await sql`
      UPDATE login_limits SET
        attempts = attempts + 1,
        blocked_until = CASE WHEN kind = 'pair' AND key = ${pair?.key ?? null} THEN ${pair?.blockedUntil ?? null}::timestamptz ELSE blocked_until END,
        expires_at = CASE WHEN kind = 'pair' AND key = ${pair?.key ?? null} THEN ${pair?.expiresAt ?? null}::timestamptz ELSE expires_at END
      WHERE (kind, key) IN (${sql.join(keys.map((k) => sql`(${k.kind}, ${k.key})`))})`.execute(tx);
  }

  /** A success: the pair starts again, the account and the address get the attempt's count back. */
  async releaseAttempt(db: Executor, keys: LimitKey[]): Promise<void> {
    await sql`
      UPDATE login_limits SET
        attempts = CASE WHEN kind = 'pair' THEN 0 ELSE greatest(attempts - 1, 0) END,
        blocked_until = CASE WHEN kind = 'pair' THEN NULL ELSE blocked_until END
      WHERE (kind, key) IN (${sql.join(keys.map((k) => sql`(${k.kind}, ${k.key})`))})`.execute(db);
  }

  /** Clears counters (the unlock link). */
  async clearLimits(db: Executor, keys: LimitKey[]): Promise<void> {
    await sql`
      UPDATE login_limits SET attempts = 0, blocked_until = NULL
      WHERE (kind, key) IN (${sql.join(keys.map((k) => sql`(${k.kind}, ${k.key})`))})`.execute(db);
  }

  /**
   * Counts one attempt on a single fixed-window counter in ONE statement (atomic under concurrency: the upsert
   * takes the row lock); refused attempts count too. Returns the count including this attempt.
   */
  hit(db: Executor, key: LimitKey, windowMs: number): Promise<WindowHit> {
    return hitWindow(db, LOGIN_LIMITS, key, windowMs);
  }

  /** Counters whose window and wait are over (they would start from 0 anyway). */
  async deleteExpiredLimits(db: Executor): Promise<number> {
    const result = await db
      .deleteFrom('login_limits')
      .where('expires_at', '<', new Date())
      .where((eb) => eb.or([eb('blocked_until', 'is', null), eb('blocked_until', '<', new Date())]))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  // Server secrets -------------------------------------------------------------

  /** The named secret, created with `candidate` when there is none yet (the first instance's value wins). */
  async secret(db: Executor, name: string, candidate: string): Promise<string> {
    await db.insertInto('server_secrets').values({ name, value: candidate }).onConflict((oc) => oc.column('name').doNothing()).execute();
    const row = await db.selectFrom('server_secrets').select('value').where('name', '=', name).executeTakeFirstOrThrow();
    return row.value;
  }

  // E-mail tokens ------------------------------------------------------------

  /**
   * Stores a new token. With `revokeOlder`, the account's unused tokens of the same purpose stop working in the
   * same statement (a new reset link makes the older ones useless).
   */
  async insertEmailToken(db: Executor, token: { tokenHash: string; accountId: string; purpose: TokenPurpose; expiresAt: Date; revokeOlder?: boolean }) {
    if (!token.revokeOlder) {
      await db
        .insertInto('email_tokens')
        .values({ token_hash: token.tokenHash, account_id: token.accountId, purpose: token.purpose, expires_at: token.expiresAt })
        .execute();
      return;
    }
    await sql`
      WITH revoked AS (
        UPDATE email_tokens SET used_at = now()
        WHERE account_id = ${token.accountId} AND purpose = ${token.purpose} AND used_at IS NULL
      )
      INSERT INTO email_tokens (token_hash, account_id, purpose, expires_at)
      VALUES (${token.tokenHash}, ${token.accountId}, ${token.purpose}, ${token.expiresAt})`.execute(db);
  }

  /** The account of a live (unused, unexpired) token, without using it up. */
  async findLiveEmailToken(db: Executor, tokenHash: string, purpose: TokenPurpose): Promise<string | undefined> {
    const row = await db
      .selectFrom('email_tokens')
      .select('account_id')
      .where('token_hash', '=', tokenHash)
      .where('purpose', '=', purpose)
      .where('used_at', 'is', null)
      .where('expires_at', '>', new Date())
      .executeTakeFirst();
    return row?.account_id;
  }

  /** Marks a live token used and returns its account, atomically (a token works once). */
  async consumeEmailToken(db: Executor, tokenHash: string, purpose: TokenPurpose): Promise<string | undefined> {
    const row = await db
      .updateTable('email_tokens')
      .set({ used_at: new Date() })
      .where('token_hash', '=', tokenHash)
      .where('purpose', '=', purpose)
      .where('used_at', 'is', null)
      .where('expires_at', '>', new Date())
      .returning('account_id')
      .executeTakeFirst();
    return row?.account_id;
  }
}
