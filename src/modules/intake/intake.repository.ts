// SQL of counter intake and of the officer's printable forms: applicants by ID number, counter-created citizen
// accounts, dossiers registered at the counter, and the facts the forms print.
import { sql, type Selectable } from 'kysely';
import { DomainError } from '../../core/errors.ts';
import type { Executor } from '../../db/database.ts';
import { ConcurrentInsert, isUniqueViolation, uniqueViolation } from '../../db/errors.ts';
import type { AccountsTable, DossierSource, DossiersTable } from '../../db/schema.ts';

export type DossierRow = Selectable<DossiersTable>;
type AccountRow = Selectable<AccountsTable>;

export interface NewCounterDossier {
  code: string;
  agency_id: string;
  procedure_version_id: string;
  applicant_id: string;
  organisation_id: string | null;
  channel: number;
  form_data: Record<string, unknown>;
  /** Answers to the e-form's officer-only fields (migration 0039). */
  officer_data?: Record<string, unknown>;
  applicant_name: string;
  applicant_kind: 'citizen' | 'organisation';
  applicant_id_number: string;
  lookup_secret_hash: string;
  idempotent_response: Record<string, unknown>;
  submitted_at: Date;
  expected_date: string | null;
  result_delivery: 'counter' | 'post' | 'online';
  source: DossierSource;
}

export class IntakeRepository {
  citizenByPersonalId(db: Executor, personalId: string): Promise<AccountRow | undefined> {
    return db.selectFrom('accounts').selectAll().where('personal_id', '=', personalId).where('kind', '=', 'citizen').executeTakeFirst();
  }

  /** The organisation and its earliest account (the applicant of record for dossiers brought in its name). */
  organisationAccount(db: Executor, taxCode: string) {
    return db
      .selectFrom('organisations as o')
      .innerJoin('accounts as a', 'a.organisation_id', 'o.id')
      .select(['o.id as organisation_id', 'o.name as organisation_name', 'o.tax_code', 'o.address as organisation_address', 'a.id as account_id', 'a.full_name', 'a.phone', 'a.email'])
      .where('o.tax_code', '=', taxCode)
      .where('a.kind', '=', 'organisation')
      .orderBy((eb) => eb.case().when('a.status', '=', 'active').then(0).else(1).end())
      .orderBy('a.created_at')
      .orderBy('a.id')
      .executeTakeFirst();
  }

  async emailTaken(db: Executor, email: string): Promise<boolean> {
    return !!(await db.selectFrom('accounts').select('id').where('email', '=', email).executeTakeFirst());
  }

  /**
   * A citizen account without a password (the person may claim it later through a password reset). An e-mail
   * address another account has: VALIDATION_FAILED (EMAIL_TAKEN at /applicant/email). The same person created
   * by another receptionist at this moment (personal ID or user name taken): ConcurrentInsert, to read again.
   */
  async insertCitizen(db: Executor, row: { username: string; password_hash: string; full_name: string; personal_id: string; phone: string | null; email: string | null; address: string | null }): Promise<AccountRow> {
    try {
      return await db.insertInto('accounts').values({ ...row, kind: 'citizen', status: 'active' }).returningAll().executeTakeFirstOrThrow();
    } catch (error) {
      if (isUniqueViolation(error, 'accounts_email_key')) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/applicant/email', code: 'EMAIL_TAKEN' }]);
      if (isUniqueViolation(error, /^accounts_(personal_id|username)_key$/)) throw new ConcurrentInsert(uniqueViolation(error)!, error);
      throw error;
    }
  }

  insertDossier(db: Executor, row: NewCounterDossier): Promise<DossierRow> {
    return db
      .insertInto('dossiers')
      .values({
        ...row,
        status: 1,
        form_data: JSON.stringify(row.form_data),
        officer_data: JSON.stringify(row.officer_data ?? {}),
        idempotent_response: JSON.stringify(row.idempotent_response),
        updated_at: row.submitted_at,
        created_at: row.submitted_at,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** A submitted dossier of one of `agencyIds` (locked with `lock`). */
  inScope(db: Executor, id: string, agencyIds: string[], lock = false): Promise<DossierRow | undefined> {
    if (!agencyIds.length) return Promise.resolve(undefined);
    let query = db.selectFrom('dossiers').selectAll().where('id', '=', id).where('agency_id', 'in', agencyIds).where('status', 'is not', null);
    if (lock) query = query.forUpdate();
    return query.executeTakeFirst();
  }

  async markDigitised(db: Executor, id: string, at: Date): Promise<void> {
    await db.updateTable('dossiers').set({ digitised: true, updated_at: at }).where('id', '=', id).execute();
  }

  agencyHeading(db: Executor, agencyId: string): Promise<{ name: string; parent_name: string | null } | undefined> {
    return db
      .selectFrom('agencies as a')
      .leftJoin('agencies as p', 'p.id', 'a.parent_id')
      .select(['a.name', 'p.name as parent_name'])
      .where('a.id', '=', agencyId)
      .executeTakeFirst();
  }

  async departmentName(db: Executor, departmentId: string | null): Promise<string | null> {
    if (!departmentId) return null;
    const row = await db.selectFrom('departments').select('name').where('id', '=', departmentId).executeTakeFirst();
    return row?.name ?? null;
  }

  /** The latest history event of one of `actions`. */
  latestEvent(db: Executor, dossierId: string, actions: string[]) {
    return db
      .selectFrom('dossier_events')
      .select(['at', 'action', 'content', 'handler_name', 'legal_end'])
      .where('dossier_id', '=', dossierId)
      .where('action', 'in', actions)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirst();
  }

  /** The control sheet: every step of the dossier in order, with the names it prints. */
  steps(db: Executor, dossierId: string) {
    return db
      .selectFrom('dossier_steps as s')
      .innerJoin('agencies as ag', 'ag.id', 's.agency_id')
      .leftJoin('accounts as h', 'h.id', 's.handed_over_by')
      .leftJoin('accounts as asg', 'asg.id', 's.assignee_id')
      .leftJoin('departments as dp', 'dp.id', 's.department_id')
      .select(['s.id', 's.name', 's.started_at', 's.due_at', 's.result', 's.note', 'h.full_name as handed_over_by_name', 'asg.full_name as assignee_name', 'dp.name as department_name', 'ag.name as agency_name'])
      .where('s.dossier_id', '=', dossierId)
      .orderBy('s.id')
      .execute();
  }

  /** The tasks finished within the control sheet's steps (migration 0041), in order, with the officer's name. */
  stepTasks(db: Executor, dossierId: string) {
    return db
      .selectFrom('dossier_step_tasks as t')
      .innerJoin('dossier_steps as s', 's.id', 't.step_id')
      .leftJoin('accounts as o', 'o.id', 't.officer_id')
      .select(['t.step_id', 't.position', 't.name', 't.finished_at', 't.outcome', 't.note', 'o.full_name as officer_name'])
      .where('s.dossier_id', '=', dossierId)
      .orderBy('t.id')
      .execute();
  }

  /** The dossiers of the agency's tracking book: received (or submitted) within [start, end), in that order. */
  trackingRows(db: Executor, agencyId: string, start: Date, end: Date, limit: number) {
    return db
      .selectFrom('dossiers as d')
      .innerJoin('procedure_versions as pv', 'pv.id', 'd.procedure_version_id')
      .select([
        'd.code',
        'd.status',
        'd.timeliness',
        'd.applicant_name',
        'd.form_data',
        'd.received_at',
        'd.submitted_at',
        'd.appointment_at',
        'd.expected_date',
        'd.finished_at',
        'd.returned_at',
        'pv.name as procedure_name',
      ])
      .where('d.agency_id', '=', agencyId)
      .where('d.status', 'is not', null)
      .where(sql<Date>`coalesce(d.received_at, d.submitted_at)`, '>=', start)
      .where(sql<Date>`coalesce(d.received_at, d.submitted_at)`, '<', end)
      .orderBy(sql`coalesce(d.received_at, d.submitted_at)`)
      .orderBy('d.code')
      .limit(limit)
      .execute();
  }

  /** The latest history event of `action` with the summary of the audit entry the same action wrote. */
  async actionFacts(db: Executor, dossierId: string, action: string): Promise<{ at: Date; handlerName: string | null; content: string | null; summary: Record<string, unknown> | null } | undefined> {
    const event = await this.latestEvent(db, dossierId, [action]);
    if (!event) return undefined;
    const audit = await db
      .selectFrom('audit_log')
      .select('summary')
      .where('target_type', '=', 'dossier')
      .where('target_id', '=', dossierId)
      .where('action', '=', `dossier.${action}`)
      .orderBy('id', 'desc')
      .executeTakeFirst();
    return { at: event.at, handlerName: event.handler_name, content: event.content, summary: (audit?.summary as Record<string, unknown> | null | undefined) ?? null }; // stored JSON (jsonb), not request data
  }
}
