// The catalog's narrow port to the workflows of the handling module (wired in src/container.ts): the catalog
// interchange format carries a version's own workflow, and a new version starts from the previous version's.
// The catalog never reads the handling module's tables; agencies and departments travel by code.
import type { FieldError } from '../../core/errors.ts';
import type { Executor } from '../../db/database.ts';
import type { TimeLimitUnit } from '../../db/schema.ts';
import type { WorkflowExchange } from './catalog.exchange.ts';

export interface VersionWorkflowPort {
  /** The version's own workflow (null: it uses a default template). */
  read(db: Executor, versionId: string): Promise<WorkflowExchange | null>;
  /**
   * Every problem of a workflow for a version of the agency `agencyCode` with this time limit, at paths relative
   * to the workflow (`/steps/2/role`): the workflow rules, unknown agencies and departments, budgets over the limit.
   */
  check(
    db: Executor,
    workflow: WorkflowExchange,
    // formSchema: the version's e-form schema (agency rules name its fields); undefined: not known, not checked.
    version: { agencyCode: string; timeLimit: { value: number; unit: TimeLimitUnit; sameDay?: boolean | undefined; none?: boolean | undefined }; formSchema?: Record<string, unknown> | null | undefined },
  ): Promise<FieldError[]>;
  /** Replaces the version's own workflow (null: removes it, the default applies). Checked beforehand. */
  write(db: Executor, versionId: string, workflow: WorkflowExchange | null, by: string | null): Promise<void>;
  /** Gives `toVersionId` a copy of the own workflow of `fromVersionId`, if it has one. */
  copy(db: Executor, fromVersionId: string, toVersionId: string, by: string | null): Promise<void>;
}
