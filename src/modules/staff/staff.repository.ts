// SQL of staff account administration (the accounts and account_roles tables, staff rows only).
import { sql } from 'kysely';
import type { RoleGrant } from '../../core/actor.ts';
import type { Executor } from '../../db/database.ts';
import type { Role } from '../../db/schema.ts';

export interface StaffRow {
  id: string;
  username: string;
  full_name: string;
  email: string | null;
  status: 'pending' | 'active' | 'disabled';
  agency_id: string | null;
  agency_code: string | null;
  agency_name: string | null;
  department_id: string | null;
  department_code: string | null;
  department_name: string | null;
  created_at: Date;
}

export interface StaffGrantRow {
  account_id: string;
  role: Role;
  agency_id: string;
  agency_code: string;
  agency_name: string;
}

export class StaffRepository {
  private base(db: Executor) {
    return db
      .selectFrom('accounts as a')
      .leftJoin('agencies as ag', 'ag.id', 'a.agency_id')
      .leftJoin('departments as d', 'd.id', 'a.department_id')
      .select([
        'a.id', 'a.username', 'a.full_name', 'a.email', 'a.status', 'a.agency_id', 'a.created_at',
        'ag.code as agency_code', 'ag.name as agency_name',
        'a.department_id', 'd.code as department_code', 'd.name as department_name',
      ])
      .where('a.kind', '=', 'staff')
      .where('a.service', '=', false); // service accounts: src/modules/apikeys
  }

  async list(db: Executor, agencyIds: string[], options: { q?: string; limit: number; offset: number }): Promise<{ rows: StaffRow[]; total: number }> {
    if (agencyIds.length === 0) return { rows: [], total: 0 };
    let query = this.base(db).where('a.agency_id', 'in', agencyIds);
    if (options.q) {
      const like = `%${options.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query = query.where((eb) => eb.or([eb('a.username', 'ilike', like), eb('a.full_name', 'ilike', like), eb('a.email', 'ilike', like)]));
    }
    const rows = await query.orderBy('ag.code').orderBy('a.full_name').orderBy('a.username').limit(options.limit).offset(options.offset).execute();
    let count = db
      .selectFrom('accounts as a')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('a.kind', '=', 'staff')
      .where('a.service', '=', false)
      .where('a.agency_id', 'in', agencyIds);
    if (options.q) {
      const like = `%${options.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      count = count.where((eb) => eb.or([eb('a.username', 'ilike', like), eb('a.full_name', 'ilike', like), eb('a.email', 'ilike', like)]));
    }
    const total = (await count.executeTakeFirstOrThrow()).n;
    return { rows: rows as StaffRow[], total };
  }

  /** Active staff of a department with an e-mail address, for notices (the PAR plan's reminders). */
  async departmentContacts(db: Executor, departmentId: string): Promise<Array<{ id: string; email: string; locale: 'vi' | 'en' }>> {
    const rows = await db
      .selectFrom('accounts')
      .select(['id', 'email', 'locale'])
      .where('kind', '=', 'staff')
      .where('status', '=', 'active')
      .where('department_id', '=', departmentId)
      .where('email', 'is not', null)
      .orderBy('username')
      .execute();
    return rows.map((r) => ({ id: r.id, email: r.email!, locale: r.locale }));
  }

  async find(db: Executor, id: string): Promise<StaffRow | undefined> {
    return (await this.base(db).where('a.id', '=', id).executeTakeFirst()) as StaffRow | undefined;
  }

  /** Locks the account row until the transaction ends. */
  async lock(db: Executor, id: string): Promise<void> {
    await db.selectFrom('accounts').select('id').where('id', '=', id).forUpdate().execute();
  }

  async grants(db: Executor, accountIds: string[]): Promise<StaffGrantRow[]> {
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

  async replaceGrants(db: Executor, accountId: string, removed: RoleGrant[], added: RoleGrant[]): Promise<void> {
    for (const grant of removed) {
      await db
        .deleteFrom('account_roles')
        .where('account_id', '=', accountId)
        .where('role', '=', grant.role)
        .where('agency_id', '=', grant.agencyId)
        .execute();
    }
    if (added.length) {
      await db
        .insertInto('account_roles')
        .values(added.map((g) => ({ account_id: accountId, role: g.role, agency_id: g.agencyId })))
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
  }

  async setStatus(db: Executor, accountId: string, status: 'active' | 'disabled'): Promise<void> {
    await db.updateTable('accounts').set({ status, updated_at: new Date() }).where('id', '=', accountId).execute();
  }

  /** Signs the account out everywhere. */
  async deleteSessions(db: Executor, accountId: string): Promise<number> {
    const result = await db.deleteFrom('sessions').where('account_id', '=', accountId).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
