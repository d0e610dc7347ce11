// The only SQL of the procedure review: its own tables (migration 0061), and — read-only, never written — the
// aggregates of the dossiers tables its evidence and frequencies need (dossiers, procedure_versions, procedures,
// dossier_pauses, dossier_ratings): counts per procedure code, no personal data read. Documented as the review's
// one read of another capability's tables (ARCHITECTURE.md, `review`); the reports module has no per-procedure
// port that gives handling times, supplement items or ratings.
import { sql } from 'kysely';
import { isUniqueViolation } from '../../db/errors.ts';
import type { Executor } from '../../db/database.ts';
import type { ReviewSheetRowJson } from '../../db/schema.ts';
import { DomainError } from '../../core/errors.ts';
import type { Proposal, ReviewStatus, SheetRow } from './review.rules.ts';

export interface ReviewRow {
  id: string;
  agency_id: string;
  year: number;
  status: ReviewStatus;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export interface ItemRow {
  id: string;
  review_id: string;
  procedure_code: string;
  version_id: string;
  procedure_name: string;
  position: number;
  frequency: number;
  measured_frequency: number;
  sheet_before: SheetRow[];
  proposal: Proposal | null;
  sheet_after: SheetRow[] | null;
  drafted_version: number | null;
  drafted_note: string | null;
  drafted_at: Date | null;
}

export interface EventRow {
  at: Date;
  actor_name: string | null;
  action: string;
  from_status: string | null;
  to_status: string | null;
  note: string | null;
}

const itemColumns = [
  'id',
  'review_id',
  'procedure_code',
  'version_id',
  'procedure_name',
  'position',
  'frequency',
  'measured_frequency',
  'sheet_before',
  'proposal',
  'sheet_after',
  'drafted_version',
  'drafted_note',
  'drafted_at',
] as const;

function toItem(r: Record<string, unknown>): ItemRow {
  return { ...(r as unknown as ItemRow), sheet_before: (r.sheet_before as SheetRow[]) ?? [], proposal: (r.proposal as Proposal | null) ?? null, sheet_after: (r.sheet_after as SheetRow[] | null) ?? null };
}

const rowsJson = (rows: readonly SheetRow[]): string => JSON.stringify(rows.map((r): ReviewSheetRowJson => ({ kind: r.kind, label: r.label, hoursX100: r.hoursX100, amountVnd: r.amountVnd })));

export class ReviewRepository {
  // --- wages -------------------------------------------------------------------------------------

  async wage(db: Executor, year: number): Promise<number | null> {
    const row = await db.selectFrom('review_wages').select('monthly_wage_vnd').where('year', '=', year).executeTakeFirst();
    return row ? Number(row.monthly_wage_vnd) : null;
  }

  async wages(db: Executor): Promise<Array<{ year: number; monthly: number; updated_at: Date }>> {
    const rows = await db.selectFrom('review_wages').select(['year', 'monthly_wage_vnd', 'updated_at']).orderBy('year', 'desc').execute();
    return rows.map((r) => ({ year: r.year, monthly: Number(r.monthly_wage_vnd), updated_at: r.updated_at }));
  }

  async setWage(db: Executor, year: number, monthly: number, by: string): Promise<void> {
    await db
      .insertInto('review_wages')
      .values({ year, monthly_wage_vnd: monthly, updated_by: by, updated_at: new Date() })
      .onConflict((oc) => oc.column('year').doUpdateSet({ monthly_wage_vnd: monthly, updated_by: by, updated_at: new Date() }))
      .execute();
  }

  // --- reviews -----------------------------------------------------------------------------------

  async insertReview(db: Executor, agencyId: string, year: number, by: string): Promise<ReviewRow> {
    try {
      return (await db.insertInto('procedure_reviews').values({ agency_id: agencyId, year, created_by: by }).returningAll().executeTakeFirstOrThrow()) as ReviewRow;
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError('REVIEW_EXISTS', { year });
      throw error;
    }
  }

  review(db: Executor, id: string, lock = false): Promise<ReviewRow | undefined> {
    let q = db.selectFrom('procedure_reviews').selectAll().where('id', '=', id);
    if (lock) q = q.forUpdate();
    return q.executeTakeFirst() as Promise<ReviewRow | undefined>;
  }

  async reviews(db: Executor, agencyIds: readonly string[]): Promise<Array<ReviewRow & { agency_code: string; agency_name: string; items: number }>> {
    if (!agencyIds.length) return [];
    const rows = await db
      .selectFrom('procedure_reviews as r')
      .innerJoin('agencies as a', 'a.id', 'r.agency_id')
      .select(['r.id', 'r.agency_id', 'r.year', 'r.status', 'r.version', 'r.created_at', 'r.updated_at', 'a.code as agency_code', 'a.name as agency_name'])
      .select((eb) => eb.selectFrom('procedure_review_items as i').whereRef('i.review_id', '=', 'r.id').select((e) => e.fn.countAll<string>().as('n')).as('items'))
      .where('r.agency_id', 'in', [...agencyIds])
      .orderBy('r.year', 'desc')
      .orderBy('a.code')
      .execute();
    return rows.map((r) => ({ ...(r as unknown as ReviewRow & { agency_code: string; agency_name: string }), items: Number(r.items ?? 0) }));
  }

  async setStatus(db: Executor, id: string, status: ReviewStatus): Promise<void> {
    await db.updateTable('procedure_reviews').set((eb) => ({ status, version: eb('version', '+', 1), updated_at: new Date() })).where('id', '=', id).execute();
  }

  async touch(db: Executor, id: string): Promise<void> {
    await db.updateTable('procedure_reviews').set((eb) => ({ version: eb('version', '+', 1), updated_at: new Date() })).where('id', '=', id).execute();
  }

  async addEvent(db: Executor, e: { reviewId: string; actorId: string | null; actorName: string | null; action: 'create' | 'submit' | 'approve' | 'return' | 'draft_version'; from: string | null; to: string | null; note: string | null }): Promise<void> {
    await db.insertInto('procedure_review_events').values({ review_id: e.reviewId, actor_id: e.actorId, actor_name: e.actorName, action: e.action, from_status: e.from, to_status: e.to, note: e.note }).execute();
  }

  events(db: Executor, reviewId: string): Promise<EventRow[]> {
    return db.selectFrom('procedure_review_events').select(['at', 'actor_name', 'action', 'from_status', 'to_status', 'note']).where('review_id', '=', reviewId).orderBy('at').orderBy('id').execute();
  }

  // --- items -------------------------------------------------------------------------------------

  async items(db: Executor, reviewId: string): Promise<ItemRow[]> {
    const rows = await db.selectFrom('procedure_review_items').select([...itemColumns]).where('review_id', '=', reviewId).orderBy('position').orderBy('procedure_code').execute();
    return rows.map((r) => toItem(r as Record<string, unknown>));
  }

  async item(db: Executor, reviewId: string, itemId: string): Promise<ItemRow | undefined> {
    const row = await db.selectFrom('procedure_review_items').select([...itemColumns]).where('review_id', '=', reviewId).where('id', '=', itemId).executeTakeFirst();
    return row ? toItem(row as Record<string, unknown>) : undefined;
  }

  async insertItem(db: Executor, i: { reviewId: string; code: string; versionId: string; name: string; frequency: number; measured: number; rows: readonly SheetRow[] }): Promise<ItemRow> {
    const position = await db.selectFrom('procedure_review_items').select((eb) => eb.fn.coalesce(eb.fn.max('position'), eb.val(0)).as('p')).where('review_id', '=', i.reviewId).executeTakeFirst();
    try {
      const row = await db
        .insertInto('procedure_review_items')
        .values({ review_id: i.reviewId, procedure_code: i.code, version_id: i.versionId, procedure_name: i.name, position: Number(position?.p ?? 0) + 1, frequency: i.frequency, measured_frequency: i.measured, sheet_before: rowsJson(i.rows) })
        .returning([...itemColumns])
        .executeTakeFirstOrThrow();
      return toItem(row as Record<string, unknown>);
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError('REVIEW_PROCEDURE_LISTED', { code: i.code });
      throw error;
    }
  }

  async saveSheet(db: Executor, itemId: string, s: { frequency: number; before: readonly SheetRow[] }): Promise<void> {
    await db.updateTable('procedure_review_items').set({ frequency: s.frequency, sheet_before: rowsJson(s.before), updated_at: new Date() }).where('id', '=', itemId).execute();
  }

  async saveProposal(db: Executor, itemId: string, proposal: Proposal | null, after: readonly SheetRow[] | null): Promise<void> {
    await db
      .updateTable('procedure_review_items')
      .set({ proposal: proposal ? JSON.stringify(proposal) : null, sheet_after: after ? rowsJson(after) : null, updated_at: new Date() })
      .where('id', '=', itemId)
      .execute();
  }

  async removeItem(db: Executor, itemId: string): Promise<void> {
    await db.deleteFrom('procedure_review_items').where('id', '=', itemId).execute();
  }

  async setDrafted(db: Executor, itemId: string, version: number, note: string | null): Promise<void> {
    await db.updateTable('procedure_review_items').set({ drafted_version: version, drafted_note: note, drafted_at: new Date(), updated_at: new Date() }).where('id', '=', itemId).execute();
  }

  // --- the dossiers' aggregates (read-only) -------------------------------------------------------------

  /** Dossiers of the procedure (every version) received in [from, to). */
  async receivedCount(db: Executor, code: string, from: Date, to: Date): Promise<number> {
    const row = await db
      .selectFrom('dossiers as d')
      .innerJoin('procedure_versions as pv', 'pv.id', 'd.procedure_version_id')
      .innerJoin('procedures as p', 'p.id', 'pv.procedure_id')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('p.code', '=', code)
      .where('d.received_at', '>=', from)
      .where('d.received_at', '<', to)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** The facts of the evidence page over [from, to): received (online), resolved per day pair, late, supplements, ratings. */
  async evidence(db: Executor, code: string, from: Date, to: Date) {
    const base = () =>
      db
        .selectFrom('dossiers as d')
        .innerJoin('procedure_versions as pv', 'pv.id', 'd.procedure_version_id')
        .innerJoin('procedures as p', 'p.id', 'pv.procedure_id')
        .where('p.code', '=', code);
    const received = await base()
      .select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.count<string>('d.id').filterWhere('d.channel', 'in', [2, 4]).as('online')])
      .where('d.received_at', '>=', from)
      .where('d.received_at', '<', to)
      .executeTakeFirst();
    // Resolved in the period: pairs of Vietnamese days received → finished, counted (the service counts working days).
    const days = await base()
      .select([
        sql<string>`to_char(d.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD')`.as('received'),
        sql<string>`to_char(d.finished_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD')`.as('finished'),
        (eb) => eb.fn.countAll<string>().as('n'),
        (eb) => eb.fn.count<string>('d.id').filterWhere('d.timeliness', '=', 'late').as('late'),
      ])
      .where('d.finished_at', '>=', from)
      .where('d.finished_at', '<', to)
      .where('d.received_at', 'is not', null)
      .where('d.timeliness', 'is not', null)
      .groupBy(['received', 'finished'])
      .execute();
    const supplements = await base()
      .innerJoin('dossier_pauses as dp', 'dp.dossier_id', 'd.id')
      .select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.count<string>(sql`DISTINCT d.id`).as('dossiers')])
      .where('dp.kind', '=', 'supplement')
      .where('dp.started_at', '>=', from)
      .where('dp.started_at', '<', to)
      .executeTakeFirst();
    const lines = await db
      .selectFrom(
        base()
          .innerJoin('dossier_pauses as dp', 'dp.dossier_id', 'd.id')
          .select(sql<string>`btrim(unnest(string_to_array(dp.reason, E'\\n')))`.as('line'))
          .where('dp.kind', '=', 'supplement')
          .where('dp.reason', 'is not', null)
          .where('dp.started_at', '>=', from)
          .where('dp.started_at', '<', to)
          .as('l'),
      )
      .select(['l.line', (eb) => eb.fn.countAll<string>().as('n')])
      .where('l.line', '<>', '')
      .groupBy('l.line')
      .orderBy('n', 'desc')
      .limit(200)
      .execute();
    const ratings = await base()
      .innerJoin('dossier_ratings as r', 'r.dossier_id', 'd.id')
      .select((eb) => [eb.fn.countAll<string>().as('n'), sql<string | null>`round(avg(r.score::numeric * 100 / NULLIF(r.max_score, 0)), 1)`.as('pct')])
      .where('r.created_at', '>=', from)
      .where('r.created_at', '<', to)
      .executeTakeFirst();
    return {
      received: Number(received?.n ?? 0),
      online: Number(received?.online ?? 0),
      days: days.map((d) => ({ received: d.received, finished: d.finished, count: Number(d.n), late: Number(d.late) })),
      supplementRequests: Number(supplements?.n ?? 0),
      supplementDossiers: Number(supplements?.dossiers ?? 0),
      supplementLines: lines.map((l) => ({ text: l.line, count: Number(l.n) })),
      ratings: Number(ratings?.n ?? 0),
      ratingPct: ratings?.pct === null || ratings?.pct === undefined ? null : Number(ratings.pct),
    };
  }
}
