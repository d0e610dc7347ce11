// SQL of liên thông targets resolved at run time (handling.routing.service.ts): the version's e-form (the fields a
// rule reads), agencies by administrative unit and by code, the agencies an officer may pick, and moving a
// dossier's open step to the agency picked by hand (with its history entry).
import type { Executor } from '../../db/database.ts';
import type { EventMessageJson } from '../../db/schema.ts';
import type { AgencyRef } from './handling.routing.ts';

export class RoutingRepository {
  /** The version's e-form and the code of its agency. */
  versionEform(db: Executor, versionId: string): Promise<{ form_schema: Record<string, unknown> | null; form_ui: Record<string, unknown> | null; agency_code: string } | undefined> {
    return db
      .selectFrom('procedure_versions as pv')
      .innerJoin('agencies as a', 'a.id', 'pv.agency_id')
      .select(['pv.form_schema', 'pv.form_ui', 'a.code as agency_code'])
      .where('pv.id', '=', versionId)
      .executeTakeFirst();
  }

  versionEformByNumber(db: Executor, procedureCode: string, version: number): Promise<{ id: string; form_schema: Record<string, unknown> | null; form_ui: Record<string, unknown> | null } | undefined> {
    return db
      .selectFrom('procedure_versions as pv')
      .innerJoin('procedures as p', 'p.id', 'pv.procedure_id')
      .select(['pv.id', 'pv.form_schema', 'pv.form_ui'])
      .where('p.code', '=', procedureCode)
      .where('pv.version', '=', version)
      .executeTakeFirst();
  }

  /** The active agency serving an administrative unit (GSO commune code). */
  agencyByAdminUnit(db: Executor, code: string): Promise<AgencyRef | undefined> {
    return db.selectFrom('agencies').select(['id', 'code', 'name']).where('admin_unit_code', '=', code).where('active', '=', true).executeTakeFirst();
  }

  /** The active agencies among these codes. */
  async activeAgenciesByCode(db: Executor, codes: readonly string[]): Promise<AgencyRef[]> {
    if (!codes.length) return [];
    return db.selectFrom('agencies').select(['id', 'code', 'name']).where('code', 'in', [...codes]).where('active', '=', true).execute();
  }

  activeAgencyById(db: Executor, id: string): Promise<AgencyRef | undefined> {
    return db.selectFrom('agencies').select(['id', 'code', 'name']).where('id', '=', id).where('active', '=', true).executeTakeFirst();
  }

  /** The active agencies a step may go to (communes first, then by name), for the pickers. */
  activeAgencies(db: Executor): Promise<Array<AgencyRef & { level: string }>> {
    return db
      .selectFrom('agencies')
      .select(['id', 'code', 'name', 'level'])
      .where('active', '=', true)
      .orderBy((eb) => eb.case().when('level', '=', 'commune').then(0).else(1).end())
      .orderBy('name')
      .orderBy('code')
      .limit(5000)
      .execute();
  }

  /**
   * Moves the dossier's open step (still at `fromAgencyId`) to `agencyId` — no department, no officer yet — and
   * bumps the dossier's version, only while it still has `expectedVersion`; with the history entry. False when
   * the dossier or its step changed meanwhile.
   */
  async moveOpenStep(
    db: Executor,
    w: { dossierId: string; stepId: string; fromAgencyId: string; agencyId: string; expectedVersion: number; at: Date; actorId: string; actorName: string; status: number; event: { message: EventMessageJson; content: string } },
  ): Promise<boolean> {
    const dossier = await db
      .updateTable('dossiers')
      .set((eb) => ({ version: eb('version', '+', 1), department_id: null, assignee_id: null, updated_at: w.at }))
      .where('id', '=', w.dossierId)
      .where('version', '=', w.expectedVersion)
      .returning('id')
      .executeTakeFirst();
    if (!dossier) return false;
    const step = await db
      .updateTable('dossier_steps')
      .set({ agency_id: w.agencyId, department_id: null, assignee_id: null, task_assignee_id: null })
      .where('id', '=', w.stepId)
      .where('dossier_id', '=', w.dossierId)
      .where('agency_id', '=', w.fromAgencyId)
      .where('finished_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!step) return false;
    await db
      .insertInto('dossier_events')
      .values({ dossier_id: w.dossierId, at: w.at, actor_id: w.actorId, status: w.status, action: 'route_agency', content: w.event.content, message: w.event.message, handler_name: w.actorName, department: null, legal_end: null })
      .execute();
    return true;
  }
}
