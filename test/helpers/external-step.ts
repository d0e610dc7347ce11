// Liên thông to an agency not on OpenDVC, as the document-exchange tests set it up: the agency has a place in the
// agency tree (under the ministry), the copyright procedure's published version gets a workflow whose third step is
// held by it, and a dossier is brought to that step.
import type { AppContext } from '../../src/container.ts';
import { actorByUsername, COPYRIGHT_PROCEDURE, newCitizen, submittedDossier } from './dossiers.ts';
import { MINISTRY } from './domain.ts';

/** The outside agency `code` in the agency tree, under the ministry (a workflow step and a partner can name it). */
export async function addExternalAgency(ctx: AppContext, code: string): Promise<void> {
  const ministry = await ctx.db.selectFrom('agencies').select('id').where('code', '=', MINISTRY).executeTakeFirstOrThrow();
  await ctx.db.insertInto('agencies').values({ code, name: 'Cục Thuế tỉnh', level: 'province', active: true, parent_id: ministry.id }).execute();
}

/** The copyright procedure's workflow: reception, appraisal (QTG), the step at the outside agency `code`, approval, return. */
export async function useExternalStepWorkflow(ctx: AppContext, code: string): Promise<void> {
  const manager = await actorByUsername(ctx, 'demo.danhmuc');
  const version = await ctx.db
    .selectFrom('procedure_versions as v')
    .innerJoin('procedures as p', 'p.id', 'v.procedure_id')
    .select('v.version')
    .where('p.code', '=', COPYRIGHT_PROCEDURE)
    .where('v.status', '=', 'published')
    .executeTakeFirstOrThrow();
  const budget = { value: 2, unit: 'working_days' };
  await ctx.services.handling.replaceWorkflow(manager, COPYRIGHT_PROCEDURE, version.version, {
    name: 'Quy trình có bước liên thông qua trục',
    steps: [
      { name: 'Tiếp nhận hồ sơ', role: 'receptionist', budget, actions: ['forward', 'request_supplement'] },
      { name: 'Thẩm định', role: 'specialist', departmentCode: 'QTG', budget, actions: ['forward', 'send_back'] },
      { name: 'Xác định nghĩa vụ tài chính (Cục Thuế)', role: 'specialist', agencyCode: code, budget, actions: ['forward', 'send_back'] },
      { name: 'Phê duyệt', role: 'agency_leader', budget, actions: ['record_result', 'send_back'] },
      { name: 'Trả kết quả', role: 'receptionist', budget, actions: ['return_result'] },
    ],
  });
}

/** A new citizen's dossier, accepted and forwarded twice (demo.motcua, then demo.chuyenvien): its open step is the outside one. */
export async function dossierAtExternalStep(ctx: AppContext): Promise<string> {
  const reception = await actorByUsername(ctx, 'demo.motcua');
  const specialist = await actorByUsername(ctx, 'demo.chuyenvien');
  const { id } = await submittedDossier(ctx, await newCitizen(ctx));
  await ctx.services.handling.act(reception, id, 'accept');
  await ctx.services.handling.act(reception, id, 'forward');
  await ctx.services.handling.act(specialist, id, 'forward');
  return id;
}
