// Demo data: agencies, the nine demo accounts, the demo catalog. Idempotent: running it twice changes nothing.
import type { AppContext } from '../container.ts';
import type { Db } from '../db/database.ts';
import { seedDemoAccounts } from './accounts.ts';
import { seedDemoAgencies } from './agencies.ts';
import { seedDemoCatalog } from './catalog.ts';
import { seedDemoDataSharing } from './datasharing.ts';

export async function seedDemo(ctx: AppContext, log: (msg: string) => void = () => {}): Promise<void> {
  const agencies = await seedDemoAgencies(ctx);
  log(`agencies: ${agencies.size}`);
  const accounts = await seedDemoAccounts(ctx, agencies);
  log(`demo accounts: ${accounts}`);
  const procedures = await seedDemoCatalog(ctx, agencies);
  log(`demo procedures: ${procedures}`);
  log(`demo data-sharing procedures: ${await seedDemoDataSharing(ctx)}`);
}

/** No account at all: a fresh database (first start). */
export async function isEmpty(db: Db): Promise<boolean> {
  return !(await db.selectFrom('accounts').select('id').limit(1).executeTakeFirst());
}
