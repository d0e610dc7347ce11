// SQL of the agency tree.
import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { Agency } from '../../db/schema.ts';

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
}
