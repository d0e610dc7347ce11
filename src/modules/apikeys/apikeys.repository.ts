// SQL of service accounts (their `accounts` and `account_roles` rows, service rows only) and their API keys.
import { sql } from 'kysely';
import type { RoleGrant } from '../../core/actor.ts';
import type { Executor } from '../../db/database.ts';
import type { Role } from '../../db/schema.ts';
import { ConcurrentInsert, isUniqueViolation } from '../../db/errors.ts';
import { SERVICE_PASSWORD_HASH } from './apikeys.rules.ts';

/** What authenticating a request needs, from one indexed lookup (the prefix) joined with the account. */
export interface KeyForAuth {
  id: string;
  secret_hash: Buffer;
  expires_at: Date;
  revoked_at: Date | null;
  rate_limit_per_minute: number;
  account_id: string;
  username: string;
  full_name: string;
  agency_id: string | null;
  department_id: string | null;
  status: 'pending' | 'active' | 'disabled';
  service: boolean;
  roles: Array<{ role: Role; agencyId: string }>;
}

export interface ServiceAccountRow {
  id: string;
  username: string;
  full_name: string;
  status: 'pending' | 'active' | 'disabled';
  agency_id: string | null;
  agency_code: string | null;
  agency_name: string | null;
  created_at: Date;
}

export interface GrantRow {
  account_id: string;
  role: Role;
  agency_id: string;
  agency_code: string;
  agency_name: string;
}

export interface KeyRow {
  id: string;
  account_id: string;
  name: string;
  prefix: string;
  rate_limit_per_minute: number;
  created_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  replaced_by: string | null;
  last_used_at: Date | null;
}

const KEY_COLUMNS = ['k.id', 'k.account_id', 'k.name', 'k.prefix', 'k.rate_limit_per_minute', 'k.created_at', 'k.expires_at', 'k.revoked_at', 'k.replaced_by', 'k.last_used_at'] as const;

export class ApiKeysRepository {
  async findForAuth(db: Executor, prefix: string): Promise<KeyForAuth | undefined> {
    const row = await db
      .selectFrom('api_keys as k')
      .innerJoin('accounts as a', 'a.id', 'k.account_id')
      .select([
        'k.id', 'k.secret_hash', 'k.expires_at', 'k.revoked_at', 'k.rate_limit_per_minute', 'k.account_id',
        'a.username', 'a.full_name', 'a.agency_id', 'a.department_id', 'a.status', 'a.service',
        sql<Array<{ role: Role; agencyId: string }>>`coalesce((SELECT json_agg(json_build_object('role', r.role, 'agencyId', r.agency_id)) FROM account_roles r WHERE r.account_id = k.account_id), '[]'::json)`.as('roles'),
      ])
      .where('k.prefix', '=', prefix)
      .executeTakeFirst();
    return row as KeyForAuth | undefined;
  }

  /**
   * Counts one call of the key in the minute starting at `windowStart` (one upsert: concurrent calls of every
   * process take turns on the row) and answers the count so far. The first call of a minute also writes
   * `last_used_at` and deletes the key's windows older than a day.
   */
  async countUse(db: Executor, keyId: string, windowStart: Date, now: Date): Promise<number> {
    const result = await sql<{ count: number }>`
      WITH c AS (
        INSERT INTO api_key_usage (key_id, window_start, count) VALUES (${keyId}, ${windowStart}, 1)
        ON CONFLICT (key_id, window_start) DO UPDATE SET count = api_key_usage.count + 1
        RETURNING count
      ), used AS (
        UPDATE api_keys SET last_used_at = ${now} WHERE id = ${keyId} AND (SELECT count FROM c) = 1 RETURNING 1
      ), old AS (
        DELETE FROM api_key_usage WHERE key_id = ${keyId} AND window_start < ${windowStart}::timestamptz - interval '1 day'
          AND (SELECT count FROM c) = 1 RETURNING 1
      )
      SELECT count FROM c`.execute(db);
    return result.rows[0]!.count;
  }

  /** Calls of the keys during the last day (the sum of their windows). */
  async callsSince(db: Executor, keyIds: string[], since: Date): Promise<Map<string, number>> {
    if (keyIds.length === 0) return new Map();
    const rows = await db
      .selectFrom('api_key_usage')
      .select(['key_id', sql<number>`sum(count)::int`.as('n')])
      .where('key_id', 'in', keyIds)
      .where('window_start', '>=', since)
      .groupBy('key_id')
      .execute();
    return new Map(rows.map((r) => [r.key_id, r.n]));
  }

  private accounts(db: Executor) {
    return db
      .selectFrom('accounts as a')
      .leftJoin('agencies as ag', 'ag.id', 'a.agency_id')
      .select(['a.id', 'a.username', 'a.full_name', 'a.status', 'a.agency_id', 'a.created_at', 'ag.code as agency_code', 'ag.name as agency_name'])
      .where('a.service', '=', true);
  }

  async listAccounts(db: Executor, agencyIds: string[]): Promise<ServiceAccountRow[]> {
    if (agencyIds.length === 0) return [];
    return (await this.accounts(db).where('a.agency_id', 'in', agencyIds).orderBy('ag.code').orderBy('a.full_name').orderBy('a.id').execute()) as ServiceAccountRow[];
  }

  async findAccount(db: Executor, id: string): Promise<ServiceAccountRow | undefined> {
    return (await this.accounts(db).where('a.id', '=', id).executeTakeFirst()) as ServiceAccountRow | undefined;
  }

  async grants(db: Executor, accountIds: string[]): Promise<GrantRow[]> {
    if (accountIds.length === 0) return [];
    return db
      .selectFrom('account_roles as r')
      .innerJoin('agencies as ag', 'ag.id', 'r.agency_id')
      .select(['r.account_id', 'r.role', 'r.agency_id', 'ag.code as agency_code', 'ag.name as agency_name'])
      .where('r.account_id', 'in', accountIds)
      .orderBy('ag.code')
      .orderBy('r.role')
      .execute();
  }

  async keysOf(db: Executor, accountIds: string[]): Promise<KeyRow[]> {
    if (accountIds.length === 0) return [];
    return db.selectFrom('api_keys as k').select([...KEY_COLUMNS]).where('k.account_id', 'in', accountIds).orderBy('k.created_at', 'desc').orderBy('k.id').execute();
  }

  /** One key with its account's agency; `lock` takes the key's row lock until the transaction ends. */
  async findKey(db: Executor, id: string, lock = false): Promise<(KeyRow & { agency_id: string | null; service: boolean; account_status: string }) | undefined> {
    let query = db
      .selectFrom('api_keys as k')
      .innerJoin('accounts as a', 'a.id', 'k.account_id')
      .select([...KEY_COLUMNS, 'a.agency_id', 'a.service', 'a.status as account_status'])
      .where('k.id', '=', id);
    if (lock) query = query.forUpdate('k');
    return query.executeTakeFirst();
  }

  /** Throws ConcurrentInsert when the generated username is taken (the caller draws another). */
  async insertAccount(db: Executor, input: { username: string; fullName: string; agencyId: string; grants: RoleGrant[] }): Promise<string> {
    const { id } = await db
      .insertInto('accounts')
      .values({
        username: input.username,
        kind: 'staff',
        service: true,
        status: 'active',
        password_hash: SERVICE_PASSWORD_HASH,
        full_name: input.fullName,
        agency_id: input.agencyId,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
      .catch((error: unknown) => {
        throw isUniqueViolation(error, 'accounts_username_key') ? new ConcurrentInsert('accounts_username_key', error) : error;
      });
    if (input.grants.length) {
      await db
        .insertInto('account_roles')
        .values(input.grants.map((g) => ({ account_id: id, role: g.role, agency_id: g.agencyId })))
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    return id;
  }

  /** Throws ConcurrentInsert when the generated prefix is taken (the caller draws another). */
  async insertKey(
    db: Executor,
    input: { accountId: string; name: string; prefix: string; secretHash: Buffer; rateLimit: number; createdBy: string; createdAt: Date; expiresAt: Date },
  ): Promise<string> {
    const { id } = await db
      .insertInto('api_keys')
      .values({
        account_id: input.accountId,
        name: input.name,
        prefix: input.prefix,
        secret_hash: input.secretHash,
        rate_limit_per_minute: input.rateLimit,
        created_by: input.createdBy,
        created_at: input.createdAt,
        expires_at: input.expiresAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
      .catch((error: unknown) => {
        throw isUniqueViolation(error, 'api_keys_prefix_key') ? new ConcurrentInsert('api_keys_prefix_key', error) : error;
      });
    return id;
  }

  /** A service account's status (only service accounts: a person's account is the staff module's). */
  async setAccountStatus(db: Executor, id: string, status: 'active' | 'disabled'): Promise<void> {
    await db.updateTable('accounts').set({ status }).where('id', '=', id).where('service', '=', true).execute();
  }

  async revoke(db: Executor, id: string, input: { at: Date; by: string; replacedBy?: string | null }): Promise<void> {
    await db
      .updateTable('api_keys')
      .set({ revoked_at: input.at, revoked_by: input.by, ...(input.replacedBy ? { replaced_by: input.replacedBy } : {}) })
      .where('id', '=', id)
      .execute();
  }
}
