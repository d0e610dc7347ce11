// The only SQL of the electronic results: signing keys of the demo PKI, dossier_results, the failed look-ups of
// the verification page, and the dossier facts a result is made from (read only; the dossier's electronic_result
// flag follows dossier_results through the trigger of migration 0024).
import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import type { DossierResultsTable, SigningKeysTable } from '../../db/schema.ts';
import type { Insertable, Selectable } from 'kysely';

export type SigningKeyRow = Selectable<SigningKeysTable>;
export type ResultRow = Selectable<DossierResultsTable>;

/** The verification code was drawn twice (60 random bits: practically never); the service draws again. */
export class DuplicateResultCode extends Error {}

/** What a result is made from and who may issue it. */
export interface ResultDossier {
  id: string;
  code: string | null;
  status: number | null;
  agency_id: string;
  applicant_id: string;
  organisation_id: string | null;
  applicant_name: string | null;
  form_data: unknown;
  procedure_code: string;
  procedure_name: string;
  /** The codes the dossier's version was published under (migration 0038), else the procedure's local code. */
  national_code: string | null;
  local_code: string | null;
  /** The version's e-form as stored (NULL: the generated default): its option names (`x-enumNames`). */
  form_schema: Record<string, unknown> | null;
  agency_name: string;
  agency_parent_name: string | null;
}

/** A stored result with what the public page shows about it. */
export interface PublicResultRow extends ResultRow {
  dossier_code: string | null;
  procedure_name: string;
  agency_name: string;
  file_name: string;
  size_bytes: number;
}

export class ResultsRepository {
  // --- signing keys ------------------------------------------------------------------------------

  async signingKey(db: Executor, agencyId: string | null): Promise<SigningKeyRow | undefined> {
    let query = db.selectFrom('signing_keys').selectAll();
    query = agencyId === null ? query.where('kind', '=', 'ca') : query.where('agency_id', '=', agencyId);
    return query.executeTakeFirst();
  }

  /** Inserts a key unless one exists for the same CA / agency (a concurrent start); answers the row that stands. */
  async insertSigningKey(db: Executor, row: Insertable<SigningKeysTable>): Promise<SigningKeyRow> {
    await sql`INSERT INTO signing_keys (kind, agency_id, account_id, subject, certificate_pem, private_key_pem)
              VALUES (${row.kind}, ${row.agency_id ?? null}, ${row.account_id ?? null}, ${row.subject}, ${row.certificate_pem}, ${row.private_key_pem})
              ON CONFLICT DO NOTHING`.execute(db);
    if (row.kind === 'person') return (await this.personKey(db, row.account_id!))!;
    return (await this.signingKey(db, row.kind === 'ca' ? null : (row.agency_id ?? null)))!;
  }

  /** A person's own signing key (outgoing documents' signers, migration 0056). */
  personKey(db: Executor, accountId: string): Promise<SigningKeyRow | undefined> {
    return db.selectFrom('signing_keys').selectAll().where('account_id', '=', accountId).executeTakeFirst();
  }

  // --- dossiers (read) -----------------------------------------------------------------------------

  async dossier(db: Executor, id: string, lock = false): Promise<ResultDossier | undefined> {
    let query = db
      .selectFrom('dossiers as d')
      .innerJoin('procedure_versions as pv', 'pv.id', 'd.procedure_version_id')
      .innerJoin('procedures as p', 'p.id', 'pv.procedure_id')
      .innerJoin('agencies as a', 'a.id', 'd.agency_id')
      .leftJoin('agencies as pa', 'pa.id', 'a.parent_id')
      .select([
        'd.id',
        'd.code',
        'd.status',
        'd.agency_id',
        'd.applicant_id',
        'd.organisation_id',
        'd.applicant_name',
        'd.form_data',
        'p.code as procedure_code',
        'pv.name as procedure_name',
        'pv.national_code',
        sql<string | null>`coalesce(pv.local_code, p.local_code)`.as('local_code'),
        'pv.form_schema',
        'a.name as agency_name',
        'pa.name as agency_parent_name',
      ])
      .where('d.id', '=', id)
      .where('d.status', 'is not', null);
    if (lock) query = query.forUpdate('d');
    return (await query.executeTakeFirst()) as ResultDossier | undefined;
  }

  // --- results -------------------------------------------------------------------------------------

  async insert(db: Executor, row: Insertable<DossierResultsTable>): Promise<ResultRow> {
    try {
      return await db.insertInto('dossier_results').values(row).returningAll().executeTakeFirstOrThrow();
    } catch (error) {
      if (isUniqueViolation(error, 'dossier_results_code_key')) throw new DuplicateResultCode();
      throw error;
    }
  }

  listFor(db: Executor, dossierId: string): Promise<ResultRow[]> {
    return db.selectFrom('dossier_results').selectAll().where('dossier_id', '=', dossierId).orderBy('created_at', 'desc').orderBy('id').limit(50).execute();
  }

  byCode(db: Executor, code: string, lock = false): Promise<ResultRow | undefined> {
    let query = db.selectFrom('dossier_results').selectAll().where('code', '=', code);
    if (lock) query = query.forUpdate();
    return query.executeTakeFirst();
  }

  /** The public facts of a code, and the failed look-ups of the address within the window, in one statement. */
  async publicLookup(db: Executor, code: string, ip: string, since: Date): Promise<{ failures: number; row: PublicResultRow | undefined }> {
    const { rows } = await sql<PublicResultRow & { failures: number; found: boolean }>`
      SELECT (SELECT count(*)::int FROM result_lookup_attempts WHERE ip = ${ip} AND at > ${since}) AS failures,
             r.id IS NOT NULL AS found, r.*, d.code AS dossier_code, pv.name AS procedure_name, a.name AS agency_name,
             f.original_name AS file_name, f.size_bytes::int AS size_bytes
        FROM (SELECT 1) one
        LEFT JOIN dossier_results r ON r.code = ${code}
        LEFT JOIN dossiers d ON d.id = r.dossier_id
        LEFT JOIN procedure_versions pv ON pv.id = d.procedure_version_id
        LEFT JOIN agencies a ON a.id = d.agency_id
        LEFT JOIN files f ON f.id = r.file_id`.execute(db);
    const { failures, found, ...row } = rows[0]!;
    return { failures, row: found ? (row as PublicResultRow) : undefined };
  }

  /** Counts a failed look-up of the address, and forgets its failures older than a day (one statement). */
  async recordLookupFailure(db: Executor, ip: string, at: Date): Promise<void> {
    const dayBefore = new Date(at.getTime() - 86_400_000);
    await sql`WITH forgotten AS (DELETE FROM result_lookup_attempts WHERE ip = ${ip} AND at < ${dayBefore})
              INSERT INTO result_lookup_attempts (ip, at) VALUES (${ip}, ${at})`.execute(db);
  }

  async purgeLookupFailures(db: Executor, before: Date): Promise<void> {
    await db.deleteFrom('result_lookup_attempts').where('at', '<', before).execute();
  }

  async revoke(db: Executor, id: string, input: { at: Date; reason: string; by: string }): Promise<ResultRow> {
    return db
      .updateTable('dossier_results')
      .set({ revoked_at: input.at, revoke_reason: input.reason, revoked_by: input.by })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }
}
