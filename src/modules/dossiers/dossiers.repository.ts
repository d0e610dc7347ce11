// SQL of online submission: dossiers, their files, history, daily sequences, outbox, lookup attempts.
import { sql, type Selectable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { AccountKind, DossiersTable } from '../../db/schema.ts';
import type { ApplicantProfile } from './dossiers.rules.ts';

export type DossierRow = Selectable<DossiersTable>;

export interface DossierSummaryRow {
  id: string;
  code: string | null;
  status: number | null;
  channel: number;
  applicant_id: string;
  procedure_code: string;
  procedure_name: string;
  version: number;
  agency_code: string;
  agency_name: string;
  submitted_at: Date | null;
  expected_date: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface DossierFileRow {
  id: string;
  document_id: string;
  file_id: string;
  name: string;
  media_type: string;
  size_bytes: string;
  sha256: string;
  created_at: Date;
}

export interface EventRow {
  id: string;
  at: Date;
  status: number;
  action: string;
  content: string | null;
  handler_name: string | null;
  department: string | null;
  legal_end: Date | null;
}

export class DossiersRepository {
  async profile(db: Executor, accountId: string): Promise<ApplicantProfile | undefined> {
    const row = await db
      .selectFrom('accounts as a')
      .leftJoin('organisations as o', 'o.id', 'a.organisation_id')
      .select(['a.kind', 'a.full_name', 'a.personal_id', 'a.phone', 'a.email', 'a.address', 'o.name as organisation_name', 'o.tax_code', 'o.address as organisation_address'])
      .where('a.id', '=', accountId)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      kind: row.kind as AccountKind,
      fullName: row.full_name,
      personalId: row.personal_id,
      phone: row.phone,
      email: row.email,
      address: row.address,
      organisationName: row.organisation_name,
      taxCode: row.tax_code,
      organisationAddress: row.organisation_address,
    };
  }

  async insertDraft(db: Executor, row: { agency_id: string; procedure_version_id: string; applicant_id: string; organisation_id: string | null; form_data: Record<string, unknown> }): Promise<DossierRow> {
    return db
      .insertInto('dossiers')
      .values({ ...row, form_data: JSON.stringify(row.form_data), channel: 2 })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** The applicant's own dossier, locked for the rest of the transaction. */
  lockOwn(db: Executor, id: string, applicantId: string): Promise<DossierRow | undefined> {
    return db.selectFrom('dossiers').selectAll().where('id', '=', id).where('applicant_id', '=', applicantId).forUpdate().executeTakeFirst();
  }

  byIdempotencyKey(db: Executor, applicantId: string, key: string): Promise<{ id: string } | undefined> {
    return db.selectFrom('dossiers').select('id').where('applicant_id', '=', applicantId).where('idempotency_key', '=', key).executeTakeFirst();
  }

  /** A dossier the person may see: their own, or their organisation's. */
  visible(db: Executor, id: string, viewer: { id: string; organisationId: string | null }): Promise<DossierRow | undefined> {
    return db
      .selectFrom('dossiers')
      .selectAll()
      .where('id', '=', id)
      .where((eb) => (viewer.organisationId ? eb.or([eb('applicant_id', '=', viewer.id), eb('organisation_id', '=', viewer.organisationId)]) : eb('applicant_id', '=', viewer.id)))
      .executeTakeFirst();
  }

  private summaryQuery(db: Executor) {
    return db
      .selectFrom('dossiers as d')
      .innerJoin('procedure_versions as pv', 'pv.id', 'd.procedure_version_id')
      .innerJoin('procedures as p', 'p.id', 'pv.procedure_id')
      .innerJoin('agencies as a', 'a.id', 'd.agency_id')
      .select([
        'd.id',
        'd.code',
        'd.status',
        'd.channel',
        'd.applicant_id',
        'p.code as procedure_code',
        'pv.name as procedure_name',
        'pv.version',
        'a.code as agency_code',
        'a.name as agency_name',
        'd.submitted_at',
        'd.expected_date',
        'd.created_at',
        'd.updated_at',
      ]);
  }

  listVisible(db: Executor, viewer: { id: string; organisationId: string | null }, limit = 200): Promise<DossierSummaryRow[]> {
    return this.summaryQuery(db)
      .where((eb) => (viewer.organisationId ? eb.or([eb('d.applicant_id', '=', viewer.id), eb('d.organisation_id', '=', viewer.organisationId)]) : eb('d.applicant_id', '=', viewer.id)))
      .orderBy('d.updated_at', 'desc')
      .orderBy('d.id')
      .limit(limit)
      .execute() as Promise<DossierSummaryRow[]>;
  }

  summary(db: Executor, id: string): Promise<DossierSummaryRow | undefined> {
    return this.summaryQuery(db).where('d.id', '=', id).executeTakeFirst() as Promise<DossierSummaryRow | undefined>;
  }

  async updateForm(db: Executor, id: string, data: Record<string, unknown>): Promise<void> {
    await db.updateTable('dossiers').set({ form_data: JSON.stringify(data), updated_at: new Date() }).where('id', '=', id).execute();
  }

  async touch(db: Executor, id: string): Promise<void> {
    await db.updateTable('dossiers').set({ updated_at: new Date() }).where('id', '=', id).execute();
  }

  async usedBytes(db: Executor, dossierId: string): Promise<number> {
    const row = await db
      .selectFrom('dossier_files as df')
      .innerJoin('files as f', 'f.id', 'df.file_id')
      .select(sql<string>`coalesce(sum(f.size_bytes), 0)`.as('total'))
      .where('df.dossier_id', '=', dossierId)
      .executeTakeFirstOrThrow();
    return Number(row.total);
  }

  insertFile(db: Executor, row: { dossier_id: string; document_id: string; file_id: string }): Promise<{ id: string; created_at: Date }> {
    return db.insertInto('dossier_files').values(row).returning(['id', 'created_at']).executeTakeFirstOrThrow();
  }

  filesOf(db: Executor, dossierId: string): Promise<DossierFileRow[]> {
    return db
      .selectFrom('dossier_files as df')
      .innerJoin('files as f', 'f.id', 'df.file_id')
      .select(['df.id', 'df.document_id', 'df.file_id', 'f.original_name as name', 'f.media_type', 'f.size_bytes', 'f.sha256', 'df.created_at'])
      .where('df.dossier_id', '=', dossierId)
      .orderBy('df.created_at')
      .orderBy('df.id')
      .execute();
  }

  agency(db: Executor, agencyId: string): Promise<{ code: string; name: string } | undefined> {
    return db.selectFrom('agencies').select(['code', 'name']).where('id', '=', agencyId).executeTakeFirst();
  }

  /**
   * The next number of the agency's day. The upsert locks the (agency, day) row until the transaction ends,
   * so concurrent submissions queue here and a rolled-back submission gives its number back: no gaps.
   */
  async nextSequence(db: Executor, agencyId: string, day: string): Promise<number> {
    const row = await db
      .insertInto('dossier_sequences')
      .values({ agency_id: agencyId, day, last: 1 })
      .onConflict((oc) => oc.columns(['agency_id', 'day']).doUpdateSet({ last: sql<number>`dossier_sequences.last + 1` }))
      .returning('last')
      .executeTakeFirstOrThrow();
    return row.last;
  }

  async markSubmitted(
    db: Executor,
    id: string,
    values: {
      code: string;
      status: 1;
      channel: number;
      submitted_at: Date;
      lookup_secret_hash: string;
      idempotency_key: string | null;
      idempotent_response: Record<string, unknown> | null;
      applicant_name: string;
      expected_date: string | null;
      form_data: Record<string, unknown>;
      applicant_kind: 'citizen' | 'organisation';
    },
  ): Promise<void> {
    await db
      .updateTable('dossiers')
      .set({
        ...values,
        form_data: JSON.stringify(values.form_data),
        idempotent_response: values.idempotent_response ? JSON.stringify(values.idempotent_response) : null,
        updated_at: values.submitted_at,
      })
      .where('id', '=', id)
      .execute();
  }

  async insertEvent(db: Executor, row: { dossier_id: string; at: Date; actor_id: string | null; status: number; action: string; content: string | null; handler_name?: string | null; department?: string | null; legal_end?: Date | null }): Promise<void> {
    await db.insertInto('dossier_events').values(row).execute();
  }

  eventsOf(db: Executor, dossierId: string): Promise<EventRow[]> {
    return db
      .selectFrom('dossier_events')
      .select(['id', 'at', 'status', 'action', 'content', 'handler_name', 'department', 'legal_end'])
      .where('dossier_id', '=', dossierId)
      .orderBy('at')
      .orderBy('id')
      .execute();
  }

  async insertOutbox(db: Executor, topic: string, payload: Record<string, unknown>): Promise<void> {
    await db.insertInto('outbox').values({ topic, payload: JSON.stringify(payload) }).execute();
  }

  /** A submitted dossier by code, with what the public lookup shows. */
  byCode(db: Executor, code: string) {
    return db
      .selectFrom('dossiers as d')
      .innerJoin('procedure_versions as pv', 'pv.id', 'd.procedure_version_id')
      .innerJoin('agencies as a', 'a.id', 'd.agency_id')
      .select(['d.id', 'd.code', 'd.status', 'd.lookup_secret_hash', 'd.applicant_name', 'd.organisation_id', 'd.submitted_at', 'd.expected_date', 'pv.name as procedure_name', 'a.name as agency_name'])
      .where('d.code', '=', code)
      .where('d.status', 'is not', null)
      .executeTakeFirst();
  }

  async lookupFailures(db: Executor, ip: string, since: Date): Promise<number> {
    const row = await db
      .selectFrom('lookup_attempts')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('ip', '=', ip)
      .where('at', '>', since)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async recordLookupFailure(db: Executor, ip: string, at: Date): Promise<void> {
    await db.insertInto('lookup_attempts').values({ ip, at }).execute();
  }

  // --- clean-up ------------------------------------------------------------------------------

  async abandonedDrafts(db: Executor, before: Date, limit: number): Promise<Array<{ id: string; applicant_id: string; agency_id: string }>> {
    return db
      .selectFrom('dossiers')
      .select(['id', 'applicant_id', 'agency_id'])
      .where('status', 'is', null)
      .where('updated_at', '<', before)
      .orderBy('updated_at')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
  }

  async storedFilesOf(db: Executor, dossierIds: string[]): Promise<Array<{ file_id: string; storage_key: string }>> {
    if (!dossierIds.length) return [];
    return db
      .selectFrom('dossier_files as df')
      .innerJoin('files as f', 'f.id', 'df.file_id')
      .select(['df.file_id', 'f.storage_key'])
      .where('df.dossier_id', 'in', dossierIds)
      .execute();
  }

  async deleteDossiers(db: Executor, ids: string[]): Promise<void> {
    if (!ids.length) return;
    await db.deleteFrom('dossiers').where('id', 'in', ids).where('status', 'is', null).execute();
  }

  async deleteFiles(db: Executor, fileIds: string[]): Promise<void> {
    if (!fileIds.length) return;
    await db.deleteFrom('files').where('id', 'in', fileIds).execute();
  }

  async clearIdempotentResponses(db: Executor, before: Date): Promise<number> {
    const result = await db
      .updateTable('dossiers')
      .set({ idempotent_response: null })
      .where('idempotent_response', 'is not', null)
      .where('submitted_at', '<', before)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async purgeLookupAttempts(db: Executor, before: Date): Promise<void> {
    await db.deleteFrom('lookup_attempts').where('at', '<', before).execute();
  }

  // --- outbox dispatch (receipts) ------------------------------------------------------------

  /** Unprocessed outbox rows of the topics, oldest first, locked; rows another worker holds are skipped. */
  claimOutbox(db: Executor, topics: string[], limit: number): Promise<Array<{ id: string; topic: string; payload: Record<string, unknown>; created_at: Date }>> {
    return db
      .selectFrom('outbox')
      .select(['id', 'topic', 'payload', 'created_at'])
      .where('processed_at', 'is', null)
      .where('topic', 'in', topics)
      .orderBy('id')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute() as Promise<Array<{ id: string; topic: string; payload: Record<string, unknown>; created_at: Date }>>;
  }

  async markOutboxProcessed(db: Executor, ids: string[]): Promise<void> {
    if (!ids.length) return;
    await db.updateTable('outbox').set({ processed_at: new Date() }).where('id', 'in', ids).where('processed_at', 'is', null).execute();
  }
}
