// SQL of the historical import: runs (dossier_imports), lookups of codes, the batch insert of dossiers.
import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { DossierImportsTable } from '../../db/schema.ts';
import type { Selectable, Insertable } from 'kysely';
import type { ImportRow, VersionCandidate } from './imports.rules.ts';

export type ImportRun = Selectable<DossierImportsTable>;

/** The one system account imported dossiers belong to (dossiers.applicant_id is NOT NULL). It cannot sign in. */
export const LEGACY_ACCOUNT = {
  username: 'he-thong.nhap-ho-so',
  fullName: 'Hồ sơ nhập từ hệ thống một cửa cũ',
};

export interface BatchRow extends ImportRow {
  agencyId: string;
  versionId: string;
}

export class ImportsRepository {
  create(db: Executor, values: Insertable<DossierImportsTable>): Promise<ImportRun> {
    return db.insertInto('dossier_imports').values(values).returningAll().executeTakeFirstOrThrow();
  }

  findById(db: Executor, id: string): Promise<ImportRun | undefined> {
    return db.selectFrom('dossier_imports').selectAll().where('id', '=', id).executeTakeFirst();
  }

  list(db: Executor, limit: number): Promise<ImportRun[]> {
    return db.selectFrom('dossier_imports').selectAll().orderBy('created_at', 'desc').limit(limit).execute();
  }

  async start(db: Executor, id: string): Promise<void> {
    await db.updateTable('dossier_imports').set({ status: 'running', started_at: new Date(), updated_at: new Date() }).where('id', '=', id).execute();
  }

  async progress(db: Executor, id: string, rows: number, bytes: number): Promise<void> {
    await db.updateTable('dossier_imports').set({ processed_rows: rows, processed_bytes: bytes, updated_at: new Date() }).where('id', '=', id).execute();
  }

  async finish(
    db: Executor,
    id: string,
    counts: { total: number; inserted: number; existing: number; bad: number; bytes: number; errorsFileId: string | null },
  ): Promise<void> {
    await db
      .updateTable('dossier_imports')
      .set({
        status: 'done',
        total_rows: counts.total,
        processed_rows: counts.total,
        processed_bytes: counts.bytes,
        inserted_rows: counts.inserted,
        existing_rows: counts.existing,
        bad_rows: counts.bad,
        errors_file_id: counts.errorsFileId,
        finished_at: new Date(),
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
  }

  async fail(db: Executor, id: string, code: string, params: Record<string, unknown> | undefined): Promise<void> {
    await db
      .updateTable('dossier_imports')
      .set({ status: 'failed', error_code: code, error_params: params ? JSON.stringify(params) : null, inserted_rows: 0, existing_rows: 0, finished_at: new Date(), updated_at: new Date() })
      .where('id', '=', id)
      .execute();
  }

  /** Takes the oldest queued web run (another worker skips it). */
  async claimQueued(db: Executor): Promise<ImportRun | undefined> {
    const result = await sql<ImportRun>`
      UPDATE dossier_imports SET status = 'running', started_at = now(), updated_at = now()
      WHERE id = (SELECT id FROM dossier_imports WHERE status = 'queued' ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING *`.execute(db);
    return result.rows[0];
  }

  legacyAccountId(db: Executor): Promise<string> {
    return this.systemAccountId(db, LEGACY_ACCOUNT);
  }

  /** A disabled account without a usable password (nobody signs in as it), created on first use. */
  async systemAccountId(db: Executor, account: { username: string; fullName: string }): Promise<string> {
    await db
      .insertInto('accounts')
      .values({ username: account.username, kind: 'citizen', status: 'disabled', password_hash: '!', full_name: account.fullName })
      .onConflict((oc) => oc.column('username').doNothing())
      .execute();
    const row = await db.selectFrom('accounts').select('id').where('username', '=', account.username).executeTakeFirstOrThrow();
    return row.id;
  }

  async agencyId(db: Executor, code: string): Promise<string | null> {
    const row = await db.selectFrom('agencies').select('id').where('code', '=', code).executeTakeFirst();
    return row?.id ?? null;
  }

  async versions(db: Executor, procedureCode: string): Promise<VersionCandidate[]> {
    const rows = await db
      .selectFrom('procedure_versions as v')
      .innerJoin('procedures as p', 'p.id', 'v.procedure_id')
      .select(['v.id', 'v.version', 'v.status', 'v.effective_from', 'v.effective_to'])
      .where('p.code', '=', procedureCode)
      .execute();
    return rows.map((r) => ({ id: r.id, version: r.version, status: r.status, effectiveFrom: r.effective_from, effectiveTo: r.effective_to }));
  }

  /** Inserts a batch in one statement; codes already present are skipped. Returns the codes inserted. */
  async insertBatch(db: Executor, importId: string, applicantId: string, rows: readonly BatchRow[]): Promise<Set<string>> {
    if (rows.length === 0) return new Set();
    const col = <T>(pick: (r: BatchRow) => T) => rows.map(pick);
    const result = await sql<{ code: string }>`
      INSERT INTO dossiers (code, agency_id, procedure_version_id, applicant_id, status, channel, applicant_name, applicant_kind,
        applicant_id_number, source, submitted_at, received_at, due_at, appointment_at, expected_date, finished_at, timeliness,
        returned_at, fee_vnd, paid_online, electronic_result, digitised, lookup_secret_hash, import_id)
      SELECT t.code, t.agency_id, t.version_id, ${applicantId}::uuid, t.status, t.channel, t.applicant_name, t.applicant_kind,
        -- A procedure with no statutory time limit (migration 0038): no due date and no on-time/late grade.
        t.id_number, 'import', t.submitted_at, t.received_at, CASE WHEN pv.no_time_limit THEN NULL ELSE t.appointment_at END, t.appointment_at, t.expected_date,
        t.finished_at, CASE WHEN pv.no_time_limit THEN NULL ELSE t.timeliness END,
        t.returned_at, t.fee_vnd, t.paid_online, t.electronic_result, t.digitised,
        -- Nobody holds a lookup secret for an imported dossier: a random hash no secret matches.
        encode(sha256(convert_to(gen_random_uuid()::text || t.code, 'UTF8')), 'hex'), ${importId}::uuid
      FROM unnest(
        ${col((r) => r.code)}::text[], ${col((r) => r.agencyId)}::uuid[], ${col((r) => r.versionId)}::uuid[], ${col((r) => r.status)}::smallint[],
        ${col((r) => r.channel)}::smallint[], ${col((r) => r.applicantName)}::text[], ${col((r) => r.applicantKind)}::text[], ${col((r) => r.idNumber)}::text[],
        ${col((r) => r.submittedAt.toISOString())}::timestamptz[], ${col((r) => r.receivedAt?.toISOString() ?? null)}::timestamptz[],
        ${col((r) => r.appointmentAt?.toISOString() ?? null)}::timestamptz[], ${col((r) => r.appointmentDay)}::date[],
        ${col((r) => r.finishedAt?.toISOString() ?? null)}::timestamptz[], ${col((r) => r.timeliness)}::text[],
        ${col((r) => r.returnedAt?.toISOString() ?? null)}::timestamptz[], ${col((r) => (r.feeVnd === null ? null : String(r.feeVnd)))}::bigint[],
        ${col((r) => r.paidOnline)}::boolean[], ${col((r) => r.electronicResult)}::boolean[], ${col((r) => r.digitised)}::boolean[]
      ) AS t(code, agency_id, version_id, status, channel, applicant_name, applicant_kind, id_number, submitted_at, received_at,
             appointment_at, expected_date, finished_at, timeliness, returned_at, fee_vnd, paid_online, electronic_result, digitised)
      JOIN procedure_versions pv ON pv.id = t.version_id
      ON CONFLICT (code) DO NOTHING
      RETURNING code`.execute(db);
    return new Set(result.rows.map((r) => r.code));
  }
}
