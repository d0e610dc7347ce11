// Demo catalog: filled in by the catalog capability.
import type { AppContext } from '../container.ts';

export async function seedDemoCatalog(_ctx: AppContext, _agencies: Map<string, string>): Promise<number> {
  return 0;
}
