// SQL of the portal visit counters.
import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';

export class VisitsRepository {
  /** Adds views to each day's counter (one upsert per day). */
  async add(db: Executor, counts: ReadonlyMap<string, number>): Promise<void> {
    const rows = [...counts.entries()].filter(([, n]) => n > 0).map(([day, views]) => ({ day, views }));
    if (!rows.length) return;
    await db
      .insertInto('portal_visits')
      .values(rows)
      .onConflict((oc) => oc.column('day').doUpdateSet({ views: sql`portal_visits.views + excluded.views` }))
      .execute();
  }

  async total(db: Executor): Promise<number> {
    const row = await db.selectFrom('portal_visits').select(sql<string>`coalesce(sum(views), 0)`.as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
