// SQL of online submission: dossiers, their files, history, daily sequences, outbox, lookup attempts.
import { sql, type Selectable } from 'kysely';
import { DomainError } from '../../core/errors.ts';
import { PREPARED, type Executor } from '../../db/database.ts';
import { compiledQuery } from '../../db/compiled.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import type { AuditFields } from '../audit/audit.rules.ts';
import type { AccountKind, DossiersTable, EventMessageJson } from '../../db/schema.ts';
import type { EventMessage } from '../kernel/timeline.ts';
import type { ApplicantProfile } from './dossiers.rules.ts';
import './dossiers.errors.ts';

export type DossierRow = Selectable<DossiersTable>;

const SUBMISSION_COLUMNS = ['id', 'code', 'agency_id', 'procedure_version_id', 'status', 'form_data', 'idempotency_key', 'idempotent_response', 'submitted_at', 'expected_date', 'payment_pending_at'] as const;
export type SubmissionRow = Pick<DossierRow, (typeof SUBMISSION_COLUMNS)[number]>;

/** One public lookup: the code asked for, from which address, counting failures since when. */
export interface LookupKey {
  code: string;
  ip: string;
  since: Date;
}

export interface LookupRow {
  id: string | null;
  code: string | null;
  status: number | null;
  lookup_secret_hash: string | null;
  applicant_id_number: string | null;
  applicant_name: string | null;
  organisation_id: string | null;
  submitted_at: Date | null;
  expected_date: string | null;
  appointment_at: Date | null;
  procedure_name: string | null;
  agency_name: string | null;
  events: Array<{ at: string; status: number }>;
}

export interface LookupBundle {
  failures: number;
  dossier: LookupRow | undefined;
}

/** Everything one submission writes (DossiersRepository.submitBatch). */
export interface SubmissionInput {
  id: string;
  applicantId: string;
  /** The row version (xmin) the draft was validated at. */
  rowVersion: string;
  day: string;
  codePrefix: string;
  width: number;
  secret: string;
  values: {
    channel: number;
    submitted_at: Date;
    idempotency_key: string | null;
    applicant_name: string;
    expected_date: string | null;
    form_data: Record<string, unknown>;
    applicant_kind: 'citizen' | 'organisation';
    applicant_id_number: string | null;
  };
  /** Stored for replays with the same Idempotency-Key; the code is added. */
  idempotentResponse: Record<string, unknown> | null;
  /** The history event: its message (kernel/timeline.ts) and Vietnamese text (`eventColumns`). */
  event: { actorId: string; content: string; message?: EventMessage | null };
  /** The audit entry (AuditService.fields); the code is added to its summary. */
  audit: AuditFields;
  outbox: { topic: string; payload: Record<string, unknown> };
}

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
  /** A draft frozen for the payment of fees charged before submission (migration 0033). */
  payment_pending_at?: Date | null;
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
  /** The message (key + parameters) rendered in the reader's language; null for rows written before 0023. */
  message: EventMessageJson | null;
  handler_name: string | null;
  department: string | null;
  legal_end: Date | null;
}

/**
 * The draft as submission reads it, with what it needs around it in the same round trip. Built and compiled once
 * (compiledQuery: on every submission). `key_owner`: the dossier of the applicant already holding the
 * idempotency key (none when the key is null: `= NULL` matches no row).
 */
const submissionSnapshot = compiledQuery((db: Executor, id: string, applicantId: string, key: string | null) =>
  db
    .selectFrom('dossiers as d')
    .innerJoin('agencies as ag', 'ag.id', 'd.agency_id')
    .innerJoin('accounts as acc', 'acc.id', 'd.applicant_id')
    .leftJoin('organisations as o', 'o.id', 'acc.organisation_id')
    .modifyFront(PREPARED)
    .select(SUBMISSION_COLUMNS.map((column) => `d.${column}` as const))
    .select((eb) => [
      sql<string>`d.xmin::text`.as('row_version'),
      'ag.code as agency_code',
      'acc.personal_id as account_personal_id',
      'o.tax_code as organisation_tax_code',
      sql<string[]>`(SELECT coalesce(json_agg(df.document_id), '[]'::json) FROM dossier_files df WHERE df.dossier_id = d.id)`.as('file_documents'),
      // The version's fee rules, read with the draft (fees charged before submission), not in a round trip of their own.
      sql<unknown>`(SELECT pv.fee_rules FROM procedure_versions pv WHERE pv.id = d.procedure_version_id)`.as('fee_rules'),
      eb.selectFrom('dossiers as k').select('k.id').where('k.applicant_id', '=', applicantId).where('k.idempotency_key', '=', key).limit(1).as('key_owner'),
    ])
    .where('d.id', '=', id)
    .where('d.applicant_id', '=', applicantId),
);

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

  /**
   * What submitting needs, in one round trip: the applicant's own dossier and its row version (xmin, which every
   * update changes); the dossier that already holds
   * the Idempotency-Key (if any); the receiving agency's e-ID code; the documents that have files; and the
   * applicant's identification number (the account's personal ID, or the organisation's tax code). The dossier's
   * columns are named, not `*`: the statement is prepared (PREPARED).
   */
  async submissionSnapshot(db: Executor, id: string, applicantId: string, key: string | null) {
    return (await submissionSnapshot(db, id, applicantId, key))[0];
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
        'd.payment_pending_at',
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

  /**
   * Submits drafts in ONE autocommit statement, each guarded by the row version it was validated at: the daily
   * sequence of the agency is advanced once per (agency, day) by the number of drafts still unchanged, which take
   * consecutive codes in the order given; each gets its dossier update, first history event, audit entry and
   * outbox message. Several submissions therefore share one commit, one WAL flush and one hold of the sequence
   * row (the group commit of DossiersService.submit). A draft given twice takes part once (its first mention).
   * The code is `codePrefix` + the number zero-padded to `width` (like formatDossierCode); the lookup secret is
   * stored as hashLookupSecret's SHA-256 of `code:secret`. Answers, in the order given, the code of each submission,
   * or null where the draft changed, was submitted meanwhile or was repeated (nothing written, no number taken).
   *
   * Why one statement: the sequence row stays locked until COMMIT (that is what makes the codes gap-free and
   * unique). In a client-driven transaction the lock would also be held while the COMMIT travels from the
   * application; here PostgreSQL commits as part of the statement.
   */
  async submitBatch(db: Executor, inputs: readonly SubmissionInput[]): Promise<Array<string | null>> {
    try {
      return await this.submitStatement(db, inputs);
    } catch (error) {
      // Two different dossiers submitted concurrently with the same key: the unique index decides.
      if (isUniqueViolation(error, /idempotency_key/)) throw new DomainError('IDEMPOTENCY_KEY_REUSED');
      throw error;
    }
  }

  private async submitStatement(db: Executor, inputs: readonly SubmissionInput[]): Promise<Array<string | null>> {
    if (!inputs.length) return [];
    const items = inputs.map((input, ord) => ({
      ord,
      id: input.id,
      applicant_id: input.applicantId,
      row_version: input.rowVersion,
      day: input.day,
      code_prefix: input.codePrefix,
      width: input.width,
      secret: input.secret,
      ...input.values,
      submitted_at: input.values.submitted_at.toISOString(),
      idempotent_response: input.idempotentResponse,
      event_actor_id: input.event.actorId,
      event_content: input.event.content,
      event_message: input.event.message ?? null,
      audit_at: input.audit.at.toISOString(),
      audit_actor_id: input.audit.actorId,
      audit_actor_name: input.audit.actorName,
      audit_agency_id: input.audit.agencyId,
      audit_action: input.audit.action,
      audit_target_type: input.audit.targetType,
      audit_target_id: input.audit.targetId,
      audit_summary: input.audit.summary ?? {},
      audit_ip: input.audit.ip,
      outbox_topic: input.outbox.topic,
      outbox_payload: input.outbox.payload,
    }));
    const { rows } = await sql<{ ord: number; code: string }>`${PREPARED}
      WITH input AS (
        SELECT * FROM jsonb_to_recordset(${JSON.stringify(items)}::jsonb) AS i(
          ord int, id uuid, applicant_id uuid, row_version text, day date, code_prefix text, width int, secret text,
          channel int, submitted_at timestamptz, idempotency_key text, applicant_name text, expected_date date, form_data jsonb,
          applicant_kind text, applicant_id_number text, idempotent_response jsonb, event_actor_id uuid, event_content text, event_message jsonb,
          audit_at timestamptz, audit_actor_id uuid, audit_actor_name text, audit_agency_id uuid, audit_action text,
          audit_target_type text, audit_target_id text, audit_summary jsonb, audit_ip text, outbox_topic text, outbox_payload jsonb)
      ), first AS (
        SELECT DISTINCT ON (id) * FROM input ORDER BY id, ord
      ), target AS (
        -- Each draft by its primary key, locked in id order (first's order). Not a join: estimating the recordset
        -- at 100 rows, the planner chose to scan and sort every draft of the platform on each group commit.
        SELECT f.*, d.agency_id FROM first f
         CROSS JOIN LATERAL (
           SELECT d.agency_id FROM dossiers d
            WHERE d.id = f.id AND d.applicant_id = f.applicant_id AND d.status IS NULL AND d.xmin::text = f.row_version
              FOR UPDATE
         ) d
      ), counts AS (
        SELECT agency_id, day, count(*)::int AS n FROM target GROUP BY agency_id, day
      ), seq AS (
        INSERT INTO dossier_sequences (agency_id, day, last)
        SELECT agency_id, day, n FROM counts ORDER BY agency_id, day
        ON CONFLICT (agency_id, day) DO UPDATE SET last = dossier_sequences.last + excluded.last
        RETURNING agency_id, day, last
      ), numbered AS (
        SELECT t.*, (s.last - c.n + row_number() OVER (PARTITION BY t.agency_id, t.day ORDER BY t.ord))::text AS number
          FROM target t JOIN counts c USING (agency_id, day) JOIN seq s USING (agency_id, day)
      ), coded AS (
        SELECT n.*, n.code_prefix || CASE WHEN length(n.number) >= n.width THEN n.number ELSE lpad(n.number, n.width, '0') END AS code
          FROM numbered n
      ), submitted AS (
        UPDATE dossiers d
           SET code = c.code, status = 1, channel = c.channel, submitted_at = c.submitted_at, updated_at = c.submitted_at,
               lookup_secret_hash = encode(sha256(convert_to(c.code || ':' || c.secret, 'UTF8')), 'hex'),
               idempotency_key = c.idempotency_key,
               idempotent_response = c.idempotent_response || jsonb_build_object('code', c.code),
               applicant_name = c.applicant_name, expected_date = c.expected_date, form_data = c.form_data,
               applicant_kind = c.applicant_kind, applicant_id_number = c.applicant_id_number, payment_pending_at = NULL
          FROM coded c
         WHERE d.id = c.id
        RETURNING d.id
      ), done AS (
        SELECT c.* FROM coded c JOIN submitted s ON s.id = c.id
      ), event AS (
        INSERT INTO dossier_events (dossier_id, at, actor_id, status, action, content, message)
        SELECT id, submitted_at, event_actor_id, 1, 'submit', event_content, event_message FROM done ORDER BY ord
      ), audit AS (
        INSERT INTO audit_log (at, actor_id, actor_name, agency_id, action, target_type, target_id, summary, ip)
        SELECT audit_at, audit_actor_id, audit_actor_name, audit_agency_id, audit_action, audit_target_type, audit_target_id,
               audit_summary || jsonb_build_object('code', code), audit_ip
          FROM done ORDER BY ord
      ), outbox AS (
        INSERT INTO outbox (topic, payload)
        SELECT outbox_topic, outbox_payload || jsonb_build_object('code', code) FROM done ORDER BY ord
      )
      SELECT ord, code FROM done`.execute(db);
    const codes: Array<string | null> = inputs.map(() => null);
    for (const row of rows) codes[row.ord] = row.code;
    return codes;
  }

  /**
   * Freezes the applicant's validated draft for the payment of fees charged before submission (guarded by the row
   * version it was validated at, like submission); false when it changed meanwhile.
   */
  async markPaymentPending(db: Executor, id: string, applicantId: string, rowVersion: string, at: Date): Promise<boolean> {
    const result = await db
      .updateTable('dossiers')
      .set({ payment_pending_at: at, updated_at: at })
      .where('id', '=', id)
      .where('applicant_id', '=', applicantId)
      .where('status', 'is', null)
      .where(sql<boolean>`xmin::text = ${rowVersion}`)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** A draft frozen for payment, locked (the payment's transaction submits or releases it); undefined otherwise. */
  lockPaymentPending(db: Executor, id: string): Promise<{ id: string; applicant_id: string; username: string | null } | undefined> {
    return db
      .selectFrom('dossiers as d')
      .select(['d.id', 'd.applicant_id', (eb) => eb.selectFrom('accounts as a').select('a.username').whereRef('a.id', '=', 'd.applicant_id').as('username')])
      .where('d.id', '=', id).where('d.status', 'is', null).where('d.payment_pending_at', 'is not', null).forUpdate().executeTakeFirst();
  }

  /** Gives a draft frozen for payment back to its applicant (its order expired unpaid). */
  async releasePaymentPending(db: Executor, id: string, at: Date): Promise<boolean> {
    const result = await db.updateTable('dossiers').set({ payment_pending_at: null, updated_at: at }).where('id', '=', id).where('status', 'is', null).where('payment_pending_at', 'is not', null).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async insertEvent(db: Executor, row: { dossier_id: string; at: Date; actor_id: string | null; status: number; action: string; content: string | null; message?: EventMessage | null; handler_name?: string | null; department?: string | null; legal_end?: Date | null }): Promise<void> {
    await db.insertInto('dossier_events').values(row).execute();
  }

  eventsOf(db: Executor, dossierId: string): Promise<EventRow[]> {
    return db
      .selectFrom('dossier_events')
      .select(['id', 'at', 'status', 'action', 'content', 'message', 'handler_name', 'department', 'legal_end'])
      .where('dossier_id', '=', dossierId)
      .orderBy('at')
      .orderBy('id')
      .execute();
  }

  /** Periods when the dossier's clock was paused (supplement, payment), oldest first. */
  pausesOf(db: Executor, dossierId: string): Promise<Array<{ kind: string; started_at: Date; ended_at: Date | null; reason: string | null }>> {
    return db.selectFrom('dossier_pauses').select(['kind', 'started_at', 'ended_at', 'reason']).where('dossier_id', '=', dossierId).orderBy('started_at').orderBy('id').execute();
  }

  /**
   * Everything the public lookup needs in ONE round trip: the address's recent failures, the submitted dossier
   * with that code (if any) and its timeline. The lookup is the busiest public route.
   */
  /**
   * Public lookups in one round trip, one answer per key in order: the address's recent failures (the rate
   * limit) and the submitted dossier with that code, if any, with its procedure, agency and history.
   */
  async lookupBundles(db: Executor, keys: readonly LookupKey[]): Promise<LookupBundle[]> {
    // The keys travel as one JSON document: its row count is unknown to the planner whatever the batch size, so
    // the prepared statement's generic plan is chosen and reused instead of re-planned.
    if (!keys.length) return [];
    const { rows } = await sql<LookupRow & { ord: number; failures: number }>`${PREPARED}
      SELECT k.ord,
             (SELECT count(*)::int FROM lookup_attempts WHERE ip = k.ip AND at > k.since) AS failures,
             d.id, d.code, d.status, d.lookup_secret_hash, d.applicant_id_number, d.applicant_name, d.organisation_id,
             d.submitted_at, to_char(d.expected_date, 'YYYY-MM-DD') AS expected_date, d.appointment_at, pv.name AS procedure_name, a.name AS agency_name,
             coalesce((SELECT json_agg(json_build_object('at', e.at, 'status', e.status) ORDER BY e.at, e.id)
                         FROM dossier_events e WHERE e.dossier_id = d.id AND e.action <> 'add_supplement_file'), '[]'::json) AS events
        FROM jsonb_to_recordset(${JSON.stringify(keys.map((k, ord) => ({ ord, ...k })))}::jsonb) AS k(ord int, code text, ip text, since timestamptz)
        -- One index probe per key (LIMIT 1 keeps the subquery apart): as a plain join, the 100 rows the planner
        -- assumes for the recordset made a hash join over every dossier the cheaper plan on a small platform.
        LEFT JOIN LATERAL (SELECT * FROM dossiers d WHERE d.code = k.code AND d.status IS NOT NULL LIMIT 1) d ON true
        LEFT JOIN procedure_versions pv ON pv.id = d.procedure_version_id
        LEFT JOIN agencies a ON a.id = d.agency_id`.execute(db);
    const bundles: LookupBundle[] = keys.map(() => ({ failures: 0, dossier: undefined }));
    for (const { ord, failures, ...row } of rows) bundles[ord] = { failures, dossier: row.id ? row : undefined };
    return bundles;
  }

  async recordLookupFailure(db: Executor, ip: string, at: Date): Promise<void> {
    await db.insertInto('lookup_attempts').values({ ip, at }).execute();
  }

  // --- clean-up ------------------------------------------------------------------------------

  /** Drafts untouched since `before` whose owner was reminded (after the last change) no later than `remindedBefore`. */
  async abandonedDrafts(db: Executor, before: Date, limit: number, remindedBefore: Date): Promise<Array<{ id: string; applicant_id: string; agency_id: string }>> {
    return db
      .selectFrom('dossiers')
      .select(['id', 'applicant_id', 'agency_id'])
      .where('status', 'is', null)
      .where('updated_at', '<', before)
      .where('reminded_at', 'is not', null)
      .whereRef('reminded_at', '>=', 'updated_at')
      .where('reminded_at', '<=', remindedBefore)
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
}
