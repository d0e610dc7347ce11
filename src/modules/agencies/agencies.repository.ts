// SQL of the agency tree.
import { sql } from 'kysely';
import { DomainError } from '../../core/errors.ts';
import type { Executor } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import type { Agency, AgenciesTable } from '../../db/schema.ts';

/** A commune of the official list (address_communes, migration 0032) with its province. */
export interface CommuneRef {
  code: string;
  name: string;
  provinceCode: string;
  provinceName: string;
}

/** The unique index of migration 0042 (one active agency per commune) → the stable 409. */
function adminUnitTaken(error: unknown): never {
  if (isUniqueViolation(error, 'agencies_admin_unit_idx')) {
    throw new DomainError('AGENCY_ADMIN_UNIT_TAKEN', undefined, [{ path: '/adminUnitCode', code: 'AGENCY_ADMIN_UNIT_TAKEN' }]);
  }
  throw error;
}

export interface AgencyChanges {
  code?: string;
  name?: string;
  short_name?: string | null;
  level?: AgenciesTable['level'];
  parent_id?: string | null;
  admin_unit_code?: string | null;
}

export class AgenciesRepository {
  findByCode(db: Executor, code: string): Promise<Agency | undefined> {
    return db.selectFrom('agencies').selectAll().where('code', '=', code).executeTakeFirst();
  }

  findById(db: Executor, id: string): Promise<Agency | undefined> {
    return db.selectFrom('agencies').selectAll().where('id', '=', id).executeTakeFirst();
  }

  listAll(db: Executor): Promise<Agency[]> {
    return db.selectFrom('agencies').selectAll().orderBy('code').execute();
  }

  /** True when `agencyId` is one of `rootIds` or lies below one of them. */
  async withinSubtree(db: Executor, rootIds: string[], agencyId: string): Promise<boolean> {
    if (rootIds.length === 0) return false;
    if (rootIds.includes(agencyId)) return true;
    const result = await sql<{ found: boolean }>`
      WITH RECURSIVE up AS (
        SELECT id, parent_id FROM agencies WHERE id = ${agencyId}
        UNION ALL
        SELECT a.id, a.parent_id FROM agencies a JOIN up ON a.id = up.parent_id
      )
      SELECT EXISTS (SELECT 1 FROM up WHERE id = ANY(${rootIds}::uuid[])) AS found`.execute(db);
    return result.rows[0]?.found ?? false;
  }

  /**
   * For each target agency, the roles of `grants` whose root is the agency itself or one of its ancestors — in
   * one statement for every target and role.
   */
  async rolesCovering(db: Executor, grants: ReadonlyArray<{ role: string; agencyId: string }>, targetIds: readonly string[]): Promise<Array<{ target: string; role: string }>> {
    if (grants.length === 0 || targetIds.length === 0) return [];
    const result = await sql<{ target: string; role: string }>`
      WITH RECURSIVE up AS (
        SELECT id AS target, id, parent_id FROM agencies WHERE id = ANY(${[...targetIds]}::uuid[])
        UNION ALL
        SELECT up.target, a.id, a.parent_id FROM agencies a JOIN up ON a.id = up.parent_id
      )
      SELECT DISTINCT up.target, g.role
        FROM up JOIN unnest(${grants.map((g) => g.role)}::text[], ${grants.map((g) => g.agencyId)}::uuid[]) AS g(role, agency_id) ON g.agency_id = up.id`.execute(db);
    return result.rows;
  }

  /** Ids of the given agencies and everything below them. */
  async subtreeIds(db: Executor, rootIds: string[]): Promise<string[]> {
    if (rootIds.length === 0) return [];
    const result = await sql<{ id: string }>`
      WITH RECURSIVE down AS (
        SELECT id FROM agencies WHERE id = ANY(${rootIds}::uuid[])
        UNION
        SELECT a.id FROM agencies a JOIN down ON a.parent_id = down.id
      )
      SELECT id FROM down`.execute(db);
    return result.rows.map((r) => r.id);
  }
  /**
   * Ids of the roots and of every agency whose effective parent (the successor once merged, else the parent)
   * chain leads to one of them: agencies.rules.ts nowPartOf in one statement (index agencies_effective_parent_idx).
   */
  async nowPartOf(db: Executor, rootIds: readonly string[]): Promise<string[]> {
    if (rootIds.length === 0) return [];
    const result = await sql<{ id: string }>`
      WITH RECURSIVE down AS (
        SELECT id FROM agencies WHERE id = ANY(${[...rootIds]}::uuid[])
        UNION
        SELECT a.id FROM agencies a JOIN down ON coalesce(a.successor_id, a.parent_id) = down.id
      )
      SELECT id FROM down`.execute(db);
    return result.rows.map((r) => r.id);
  }

  /** The agency and its successors, in chain order (at most 50: a loop in bad data ends it). */
  async successorChain(db: Executor, id: string): Promise<Agency[]> {
    const result = await sql<Agency & { depth: number }>`
      WITH RECURSIVE chain AS (
        SELECT a.*, 0 AS depth FROM agencies a WHERE a.id = ${id}
        UNION ALL
        SELECT a.*, chain.depth + 1 FROM agencies a JOIN chain ON a.id = chain.successor_id WHERE chain.depth < 50
      )
      SELECT * FROM chain ORDER BY depth`.execute(db);
    return result.rows.map(({ depth: _depth, ...agency }) => agency as Agency);
  }

  /** The agency that now holds a former code (agency_history), the latest change first. */
  async byFormerCode(db: Executor, code: string): Promise<{ agency: Agency; changedAt: Date } | undefined> {
    const row = await db
      .selectFrom('agency_history as h')
      .innerJoin('agencies as a', 'a.id', 'h.agency_id')
      .selectAll('a')
      .select('h.changed_at as history_changed_at')
      .where('h.code', '=', code)
      .orderBy('h.changed_at', 'desc')
      .executeTakeFirst();
    if (!row) return undefined;
    const { history_changed_at, ...agency } = row;
    return { agency: agency as Agency, changedAt: history_changed_at };
  }

  /** id → parent id of every agency (for cycle checks). */
  async parentMap(db: Executor): Promise<Map<string, string | null>> {
    const rows = await db.selectFrom('agencies').select(['id', 'parent_id']).execute();
    return new Map(rows.map((r) => [r.id, r.parent_id]));
  }

  async listByIds(db: Executor, ids: string[]): Promise<Agency[]> {
    if (ids.length === 0) return [];
    return db.selectFrom('agencies').selectAll().where('id', 'in', ids).orderBy('code').execute();
  }

  async insert(db: Executor, values: { code: string; name: string; short_name: string | null; level: AgenciesTable['level']; parent_id: string | null; admin_unit_code?: string | null }): Promise<Agency> {
    return db.insertInto('agencies').values(values).returningAll().executeTakeFirstOrThrow().catch(adminUnitTaken);
  }

  async update(db: Executor, id: string, changes: AgencyChanges): Promise<Agency> {
    return db
      .updateTable('agencies')
      .set({ ...changes, updated_at: new Date() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow()
      .catch(adminUnitTaken);
  }

  // The commune an agency serves (admin_unit_code): the official list of migration 0032 ------------------

  /** The commune of that five-digit code, with its province (undefined: not in the list). */
  async commune(db: Executor, code: string): Promise<CommuneRef | undefined> {
    return db
      .selectFrom('address_communes as c')
      .innerJoin('address_provinces as p', 'p.code', 'c.province_code')
      .select(['c.code as code', 'c.name as name', 'p.code as provinceCode', 'p.name as provinceName'])
      .where('c.code', '=', code)
      .executeTakeFirst();
  }

  provinces(db: Executor): Promise<Array<{ code: string; name: string }>> {
    return db.selectFrom('address_provinces').select(['code', 'name']).orderBy('position').execute();
  }

  communesOf(db: Executor, provinceCode: string): Promise<Array<{ code: string; name: string }>> {
    return db.selectFrom('address_communes').select(['code', 'name']).where('province_code', '=', provinceCode).orderBy('name').execute();
  }

  /** The active agency (other than `exceptId`) that serves that commune. */
  adminUnitHolder(db: Executor, code: string, exceptId?: string): Promise<Agency | undefined> {
    let query = db.selectFrom('agencies').selectAll().where('admin_unit_code', '=', code).where('active', '=', true);
    if (exceptId) query = query.where('id', '<>', exceptId);
    return query.executeTakeFirst();
  }

  /** Locks the row until the transaction ends (concurrent edits of one agency run one after the other). */
  async lock(db: Executor, id: string): Promise<Agency | undefined> {
    return db.selectFrom('agencies').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  }

  async codeTaken(db: Executor, code: string, exceptId?: string): Promise<boolean> {
    let query = db.selectFrom('agencies').select('id').where('code', '=', code);
    if (exceptId) query = query.where('id', '<>', exceptId);
    return !!(await query.executeTakeFirst());
  }

  async insertHistory(db: Executor, agencyId: string, code: string, name: string): Promise<void> {
    await db.insertInto('agency_history').values({ agency_id: agencyId, code, name }).execute();
  }

  history(db: Executor, agencyId: string) {
    return db.selectFrom('agency_history').selectAll().where('agency_id', '=', agencyId).orderBy('id', 'desc').execute();
  }

  async markMerged(db: Executor, id: string, successorId: string, validTo: string): Promise<void> {
    await db
      .updateTable('agencies')
      .set({ successor_id: successorId, active: false, valid_to: validTo, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
  }

  /** Moves the direct children of `fromId` under `toId`; returns their codes. */
  async moveChildren(db: Executor, fromId: string, toId: string): Promise<string[]> {
    const rows = await db
      .updateTable('agencies')
      .set({ parent_id: toId, updated_at: new Date() })
      .where('parent_id', '=', fromId)
      .returning('code')
      .execute();
    return rows.map((r) => r.code).sort();
  }

  departments(db: Executor, agencyId: string) {
    return db.selectFrom('departments').selectAll().where('agency_id', '=', agencyId).orderBy('code').execute();
  }

  async departmentCodeTaken(db: Executor, agencyId: string, code: string): Promise<boolean> {
    return !!(await db.selectFrom('departments').select('id').where('agency_id', '=', agencyId).where('code', '=', code).executeTakeFirst());
  }

  insertDepartment(db: Executor, values: { agency_id: string; code: string; name: string }) {
    return db.insertInto('departments').values(values).returningAll().executeTakeFirstOrThrow();
  }
}
