// The workflow the back office resolves for a procedure version (handling.workflows.ts), read directly by the
// tests: the application reads it only inside its use cases (act, plans), never on its own.
import type { AppContext } from '../../src/container.ts';
import { HandlingRepository } from '../../src/modules/handling/handling.repository.ts';
import { WorkflowsService, type ResolvedWorkflow } from '../../src/modules/handling/handling.workflows.ts';

export function workflowFor(ctx: AppContext, versionId: string): Promise<ResolvedWorkflow> {
  return new WorkflowsService(ctx.db, ctx.services.agencies, ctx.services.audit, new HandlingRepository()).workflowFor(versionId);
}
