// SQL of the officers' deadline reminders: open workflow steps close to (or past) their due instant that were
// not yet reminded, who holds them, and the once-per-step-and-kind record.
import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';

export type ReminderKind = 'due_soon' | 'overdue';

export interface DueStepRow {
  id: string;
  dossier_id: string;
  code: string;
  procedure_name: string;
  name: string;
  role: string;
  agency_id: string;
  department_id: string | null;
  assignee_id: string | null;
  due_at: Date;
}

export interface OfficerRow {
  id: string;
  full_name: string;
  email: string | null;
  department_id: string | null;
  role: string;
}

export class RemindersRepository {
  /**
   * Open steps of dossiers being handled (2, 4, or the result-return step of 9; paused dossiers wait on the
   * applicant) due before `bound` and not yet reminded for the kind they are in now (overdue after `now`).
   */
  async dueSteps(db: Executor, now: Date, bound: Date, limit: number): Promise<DueStepRow[]> {
    const result = await sql<DueStepRow>`
      SELECT s.id::text AS id, s.dossier_id, d.code, pv.name AS procedure_name, s.name, s.role, s.agency_id,
             s.department_id, s.assignee_id, s.due_at
      FROM dossier_steps s
      JOIN dossiers d ON d.id = s.dossier_id
      JOIN procedure_versions pv ON pv.id = d.procedure_version_id
      WHERE s.finished_at IS NULL AND s.due_at IS NOT NULL AND s.due_at <= ${bound}
        AND d.status IN (2, 4, 9) AND d.code IS NOT NULL
        AND NOT EXISTS (
          SELECT 1 FROM officer_reminders r
          WHERE r.step_id = s.id AND r.kind = CASE WHEN s.due_at < ${now} THEN 'overdue' ELSE 'due_soon' END
        )
      ORDER BY s.due_at, s.id
      LIMIT ${limit}`.execute(db);
    return result.rows;
  }

  /** Claims the reminder (false: already sent, e.g. by another worker). */
  async claim(db: Executor, stepId: string, kind: ReminderKind, dossierId: string): Promise<boolean> {
    const rows = await db
      .insertInto('officer_reminders')
      .values({ step_id: stepId, kind, dossier_id: dossierId })
      .onConflict((oc) => oc.columns(['step_id', 'kind']).doNothing())
      .returning('step_id')
      .execute();
    return rows.length === 1;
  }

  async setRecipients(db: Executor, stepId: string, kind: ReminderKind, recipients: number): Promise<void> {
    await db.updateTable('officer_reminders').set({ recipients }).where('step_id', '=', stepId).where('kind', '=', kind).execute();
  }

  /** Active staff holding `roles` on an agency whose subtree contains `agencyId`. */
  async officersWithRoles(db: Executor, agencyId: string, roles: string[]): Promise<OfficerRow[]> {
    if (!roles.length) return [];
    const result = await sql<OfficerRow>`
      WITH RECURSIVE up AS (
        SELECT id, parent_id, 0 AS depth FROM agencies WHERE id = ${agencyId}
        UNION ALL
        SELECT a.id, a.parent_id, up.depth + 1 FROM agencies a JOIN up ON a.id = up.parent_id WHERE up.depth < 20
      )
      SELECT DISTINCT acc.id, acc.full_name, acc.email, acc.department_id, r.role
      FROM accounts acc JOIN account_roles r ON r.account_id = acc.id
      WHERE acc.kind = 'staff' AND NOT acc.service AND acc.status = 'active' AND r.agency_id IN (SELECT id FROM up) AND r.role IN (${sql.join(roles)})
      ORDER BY acc.full_name, acc.id`.execute(db);
    return result.rows;
  }

  account(db: Executor, id: string): Promise<{ id: string; full_name: string; email: string | null; department_id: string | null } | undefined> {
    return db.selectFrom('accounts').select(['id', 'full_name', 'email', 'department_id']).where('id', '=', id).where('status', '=', 'active').executeTakeFirst();
  }
}
