// The outbox as the tests look at it: the test's own SQL on the test database (the application never asks).
import type { Db } from '../../src/db/database.ts';

/** When `consumer` took the outbox message `outboxId` (handled or ignored), or null when it has not yet. */
export async function deliveredAt(db: Db, consumer: string, outboxId: string): Promise<Date | null> {
  const row = await db.selectFrom('outbox_deliveries').select('delivered_at').where('consumer', '=', consumer).where('outbox_id', '=', outboxId).executeTakeFirst();
  return row?.delivered_at ?? null;
}
