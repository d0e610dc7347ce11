// SQL of the catalog interchange port (handling.exchange.ts) that handling.repository.ts does not already have.
import type { Executor } from '../../db/database.ts';

export class WorkflowExchangeRepository {
  /** Removes a version's own workflow (its steps go with it): the default template applies again. */
  async deleteVersionWorkflow(db: Executor, versionId: string): Promise<void> {
    await db.deleteFrom('workflows').where('procedure_version_id', '=', versionId).execute();
  }
}
