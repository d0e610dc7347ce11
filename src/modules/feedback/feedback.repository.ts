// SQL of feedback (phản ánh, kiến nghị): the feedback rows, their files and timeline, one-time codes, the
// submission counters, the officers' inbox, the public list of published answers, the reports and the Decision 766
// count of dossiers with complaints.
import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { FeedbackCategory, FeedbackStatus, FeedbackTable, Role } from '../../db/schema.ts';
import type { Insertable, Selectable, Updateable } from 'kysely';
import { hitWindow, purgeEndedWindows, windowCounter, type WindowHit } from '../../db/window-counter.ts';

export type FeedbackRow = Selectable<FeedbackTable>;
export type NewFeedback = Insertable<FeedbackTable>;

export interface ListRow extends Pick<FeedbackRow, 'id' | 'code' | 'category' | 'status' | 'title' | 'received_at' | 'due_at' | 'answered_at' | 'is_complaint' | 'agency_id' | 'assignee_id'> {
  agency_name: string;
  assignee_name: string | null;
}

export interface PublishedRow {
  code: string;
  category: FeedbackCategory;
  agency_name: string;
  published_title: string;
  published_content: string;
  published_answer: string;
  received_at: Date;
  published_at: Date;
}

export interface ReportRow {
  agency_id: string;
  received: number;
  answered_on_time: number;
  answered_late: number;
  pending: number;
  pending_late: number;
  published: number;
  satisfied: number;
  not_satisfied: number;
}

/** Submissions and code requests per address and per contact (fixed windows). */
const FEEDBACK_LIMITS = windowCounter('feedback_limits', ['kind', 'key']);

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const n = (v: unknown) => Number(v ?? 0);

export class FeedbackRepository {
  /** Counts one more hit of `kind`/`key` in a fixed window, in one statement. */
  hit(db: Executor, kind: string, key: string, windowMs: number): Promise<WindowHit> {
    return hitWindow(db, FEEDBACK_LIMITS, { kind, key }, windowMs);
  }

  /** Deletes the counters whose window ended by `now`; how many. */
  purgeExpiredLimits(db: Executor, now: Date): Promise<number> {
    return purgeEndedWindows(db, FEEDBACK_LIMITS, now);
  }

  async nextCode(db: Executor, year: number): Promise<string> {
    const { rows } = await sql<{ n: string }>`SELECT nextval('feedback_code_seq')::text AS n`.execute(db);
    return `PAKN-${year}-${rows[0]!.n.padStart(6, '0')}`;
  }

  async insert(db: Executor, row: NewFeedback): Promise<FeedbackRow> {
    return db.insertInto('feedback').values(row).returningAll().executeTakeFirstOrThrow();
  }

  async event(db: Executor, feedbackId: string, kind: string, actorId: string | null, params: Record<string, string | number | null> = {}, at?: Date): Promise<void> {
    await db
      .insertInto('feedback_events')
      .values({ feedback_id: feedbackId, kind, actor_id: actorId, params: JSON.stringify(params), ...(at ? { at } : {}) })
      .execute();
  }

  events(db: Executor, feedbackId: string) {
    return db
      .selectFrom('feedback_events as e')
      .leftJoin('accounts as a', 'a.id', 'e.actor_id')
      .select(['e.id', 'e.at', 'e.kind', 'e.params', 'a.full_name as actor_name'])
      .where('e.feedback_id', '=', feedbackId)
      .orderBy('e.id')
      .execute();
  }

  async addFile(db: Executor, feedbackId: string, fileId: string, kind: 'attachment' | 'answer'): Promise<void> {
    await db.insertInto('feedback_files').values({ feedback_id: feedbackId, file_id: fileId, kind }).execute();
  }

  files(db: Executor, feedbackId: string) {
    return db
      .selectFrom('feedback_files as ff')
      .innerJoin('files as f', 'f.id', 'ff.file_id')
      .select(['f.id', 'f.original_name', 'f.size_bytes', 'f.media_type', 'ff.kind'])
      .where('ff.feedback_id', '=', feedbackId)
      .orderBy('ff.created_at')
      .execute();
  }

  async fileOf(db: Executor, feedbackId: string, fileId: string): Promise<{ kind: 'attachment' | 'answer' } | undefined> {
    return db.selectFrom('feedback_files').select('kind').where('feedback_id', '=', feedbackId).where('file_id', '=', fileId).executeTakeFirst();
  }

  byId(db: Executor, id: string): Promise<FeedbackRow | undefined> {
    return db.selectFrom('feedback').selectAll().where('id', '=', id).executeTakeFirst();
  }

  lock(db: Executor, id: string): Promise<FeedbackRow | undefined> {
    return db.selectFrom('feedback').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  }

  byCode(db: Executor, code: string): Promise<FeedbackRow | undefined> {
    return db.selectFrom('feedback').selectAll().where('code', '=', code).executeTakeFirst();
  }

  /** Updates the row if it is still at `version`; false when someone changed it meanwhile. */
  async update(db: Executor, id: string, version: number, patch: Updateable<FeedbackTable>): Promise<boolean> {
    const result = await db
      .updateTable('feedback')
      .set({ ...patch, version: sql`version + 1` })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Sets columns that are not part of the officers' versioned changes (the rating, the reminder marks). */
  async setRating(db: Executor, id: string, patch: Pick<Updateable<FeedbackTable>, 'rating' | 'rating_comment' | 'rated_at' | 'reminded_at' | 'escalated_at'>): Promise<void> {
    await db.updateTable('feedback').set(patch).where('id', '=', id).execute();
  }

  /** The feedback an account sent, newest first. */
  mine(db: Executor, accountId: string): Promise<ListRow[]> {
    return db
      .selectFrom('feedback as f')
      .innerJoin('agencies as ag', 'ag.id', 'f.agency_id')
      .leftJoin('accounts as a', 'a.id', 'f.assignee_id')
      .select(['f.id', 'f.code', 'f.category', 'f.status', 'f.title', 'f.received_at', 'f.due_at', 'f.answered_at', 'f.is_complaint', 'f.agency_id', 'f.assignee_id', 'ag.name as agency_name', 'a.full_name as assignee_name'])
      .where('f.submitter_id', '=', accountId)
      .orderBy('f.received_at', 'desc')
      .limit(100)
      .execute();
  }

  // --- one-time codes ---------------------------------------------------------------------------------

  async insertVerification(db: Executor, row: { contact: string; channel: 'phone' | 'email'; code_hash: Buffer; expires_at: Date }): Promise<string> {
    return (await db.insertInto('feedback_verifications').values(row).returning('id').executeTakeFirstOrThrow()).id;
  }

  /** Counts one try of a code still open (not used, not expired, tries left); undefined otherwise. */
  tryVerification(db: Executor, id: string, maxAttempts: number) {
    return db
      .updateTable('feedback_verifications')
      .set({ attempts: sql`attempts + 1` })
      .where('id', '=', id)
      .where('used_at', 'is', null)
      .where('expires_at', '>', sql<Date>`now()`)
      .where('attempts', '<', maxAttempts)
      .returning(['contact', 'channel', 'code_hash'])
      .executeTakeFirst();
  }

  /** Marks the code used; false when another submission used it first. */
  async useVerification(db: Executor, id: string): Promise<boolean> {
    const result = await db.updateTable('feedback_verifications').set({ used_at: sql`now()` }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  // --- other modules' facts (read only) ---------------------------------------------------------------

  dossierByCode(db: Executor, code: string) {
    return db.selectFrom('dossiers').select(['id', 'code', 'agency_id', 'applicant_id', 'organisation_id']).where('code', '=', code).executeTakeFirst();
  }

  dossierById(db: Executor, id: string) {
    return db.selectFrom('dossiers').select(['id', 'code', 'agency_id', 'applicant_id', 'organisation_id']).where('id', '=', id).executeTakeFirst();
  }

  account(db: Executor, id: string) {
    return db.selectFrom('accounts').select(['id', 'full_name', 'email', 'phone', 'locale']).where('id', '=', id).executeTakeFirst();
  }

  /** Active staff holding one of `roles` on the agency itself or on one of its ancestors (`agencyAndAncestors`). */
  staffWithRoles(db: Executor, agencyIds: readonly string[], roles: readonly Role[]) {
    if (!agencyIds.length || !roles.length) return Promise.resolve([]);
    return db
      .selectFrom('account_roles as r')
      .innerJoin('accounts as a', 'a.id', 'r.account_id')
      .select(['a.id', 'a.full_name', 'a.email', 'a.locale', 'r.role', 'r.agency_id'])
      .where('r.agency_id', 'in', [...agencyIds])
      .where('r.role', 'in', [...roles])
      .where('a.status', '=', 'active')
      .orderBy('a.full_name')
      .execute();
  }

  agencyName(db: Executor, id: string) {
    return db.selectFrom('agencies').select(['id', 'code', 'name', 'parent_id']).where('id', '=', id).executeTakeFirst();
  }

  // --- lists ------------------------------------------------------------------------------------------

  private listQuery(db: Executor, agencyIds: readonly string[], status: FeedbackStatus | 'open' | 'late' | undefined, now: Date) {
    let q = db
      .selectFrom('feedback as f')
      .innerJoin('agencies as ag', 'ag.id', 'f.agency_id')
      .leftJoin('accounts as a', 'a.id', 'f.assignee_id')
      .where('f.agency_id', 'in', agencyIds.length ? [...agencyIds] : ['00000000-0000-0000-0000-000000000000']);
    if (status === 'open') q = q.where('f.status', 'in', ['received', 'assigned']);
    else if (status === 'late') q = q.where('f.status', 'in', ['received', 'assigned']).where('f.due_at', '<', now);
    else if (status) q = q.where('f.status', '=', status);
    return q;
  }

  async inbox(db: Executor, agencyIds: readonly string[], options: { status?: FeedbackStatus | 'open' | 'late' | undefined; limit: number; offset: number; now: Date }): Promise<{ rows: ListRow[]; total: number }> {
    const [rows, count] = await Promise.all([
      this.listQuery(db, agencyIds, options.status, options.now)
        .select(['f.id', 'f.code', 'f.category', 'f.status', 'f.title', 'f.received_at', 'f.due_at', 'f.answered_at', 'f.is_complaint', 'f.agency_id', 'f.assignee_id', 'ag.name as agency_name', 'a.full_name as assignee_name'])
        .orderBy(sql`CASE WHEN f.status IN ('received', 'assigned') THEN 0 ELSE 1 END`)
        .orderBy('f.due_at')
        .orderBy('f.id')
        .limit(options.limit)
        .offset(options.offset)
        .execute(),
      this.listQuery(db, agencyIds, options.status, options.now).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: n(count.n) };
  }

  private publishedQuery(db: Executor, words: readonly string[]) {
    let q = db.selectFrom('feedback as f').innerJoin('agencies as ag', 'ag.id', 'f.agency_id').where('f.status', '=', 'published');
    // published_search and the words are both folded (lower case, no accents): LIKE is accent-insensitive.
    for (const w of words) q = q.where(sql<boolean>`f.published_search LIKE ${`%${escapeLike(w)}%`} ESCAPE '\\'`);
    return q;
  }

  async published(db: Executor, words: readonly string[], options: { limit: number; offset: number }): Promise<{ rows: PublishedRow[]; total: number }> {
    const [rows, count] = await Promise.all([
      this.publishedQuery(db, words)
        .select(['f.code', 'f.category', 'ag.name as agency_name', 'f.published_title', 'f.published_content', 'f.published_answer', 'f.received_at', 'f.published_at'])
        .orderBy('f.published_at', 'desc')
        .orderBy('f.id')
        .limit(options.limit)
        .offset(options.offset)
        .execute(),
      this.publishedQuery(db, words).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows: rows as PublishedRow[], total: n(count.n) };
  }

  async publishedOne(db: Executor, code: string): Promise<PublishedRow | undefined> {
    return (await this.publishedQuery(db, [])
      .select(['f.code', 'f.category', 'ag.name as agency_name', 'f.published_title', 'f.published_content', 'f.published_answer', 'f.received_at', 'f.published_at'])
      .where('f.code', '=', code)
      .executeTakeFirst()) as PublishedRow | undefined;
  }

  /** Open feedback due by `bound` (the reminder job), oldest due first. */
  dueOpen(db: Executor, bound: Date, limit: number) {
    return db
      .selectFrom('feedback')
      .select(['id', 'code', 'title', 'agency_id', 'assignee_id', 'status', 'due_at', 'reminded_at', 'escalated_at', 'version'])
      .where('status', 'in', ['received', 'assigned'])
      .where('due_at', '<=', bound)
      .where((eb) => eb.or([eb('reminded_at', 'is', null), eb('escalated_at', 'is', null)]))
      .orderBy('due_at')
      .limit(limit)
      .execute();
  }

  // --- reports ---------------------------------------------------------------------------------------

  /** Per agency: received in [from, to); of those answered on time / late, pending (and late at `now`), published, rated. */
  async report(db: Executor, agencyIds: readonly string[], from: Date, to: Date, now: Date): Promise<ReportRow[]> {
    if (!agencyIds.length) return [];
    const { rows } = await sql<Record<string, unknown>>`
      SELECT agency_id,
        count(*) AS received,
        count(*) FILTER (WHERE answered_at IS NOT NULL AND answered_at <= due_at) AS answered_on_time,
        count(*) FILTER (WHERE answered_at IS NOT NULL AND answered_at > due_at) AS answered_late,
        count(*) FILTER (WHERE answered_at IS NULL AND status IN ('received', 'assigned')) AS pending,
        count(*) FILTER (WHERE answered_at IS NULL AND status IN ('received', 'assigned') AND due_at < ${now}) AS pending_late,
        count(*) FILTER (WHERE published_at IS NOT NULL) AS published,
        count(*) FILTER (WHERE rating = 'satisfied') AS satisfied,
        count(*) FILTER (WHERE rating = 'not_satisfied') AS not_satisfied
      FROM feedback
      WHERE agency_id = ANY(${sql.val([...agencyIds])}::uuid[]) AND received_at >= ${from} AND received_at < ${to}
      GROUP BY agency_id`.execute(db);
    return rows.map((r) => ({
      agency_id: String(r.agency_id),
      received: n(r.received),
      answered_on_time: n(r.answered_on_time),
      answered_late: n(r.answered_late),
      pending: n(r.pending),
      pending_late: n(r.pending_late),
      published: n(r.published),
      satisfied: n(r.satisfied),
      not_satisfied: n(r.not_satisfied),
    }));
  }

  /**
   * Decision 766: per agency of the dossier, the dossiers with at least one feedback classified as a complaint about
   * their handling, received in [from, to).
   */
  async dossiersWithComplaints(db: Executor, from: Date, to: Date): Promise<Map<string, number>> {
    const { rows } = await sql<{ agency_id: string; n: string }>`
      SELECT d.agency_id, count(DISTINCT f.dossier_id) AS n
      FROM feedback f JOIN dossiers d ON d.id = f.dossier_id
      WHERE f.is_complaint AND f.dossier_id IS NOT NULL AND f.received_at >= ${from} AND f.received_at < ${to}
      GROUP BY d.agency_id`.execute(db);
    return new Map(rows.map((r) => [r.agency_id, n(r.n)]));
  }
}
