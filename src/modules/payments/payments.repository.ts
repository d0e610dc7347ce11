// SQL of payments: orders, receipt numbers, callbacks, reconciliation and its mismatches, the fee definition of a
// version, and the dossier facts a payment needs.
import { sql } from 'kysely';
import { DomainError } from '../../core/errors.ts';
import type { Executor } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import type { DiscrepancyKind, PaymentCallbacksTable, PaymentLine, PaymentProvider, PaymentStatus } from '../../db/schema.ts';
import './payments.errors.ts';

export interface OrderRow {
  id: string;
  order_no: string;
  dossier_id: string;
  agency_id: string;
  provider: PaymentProvider;
  lines: PaymentLine[];
  amount_vnd: string;
  status: PaymentStatus;
  transaction_id: string | null;
  pay_url: string | null;
  bank_code: string | null;
  paid_at: Date | null;
  expires_at: Date;
  refunded_at: Date | null;
  refund_id: string | null;
  refund_reason: string | null;
  receipt_year: number | null;
  receipt_no: number | null;
  created_at: Date;
}

const ORDER_COLUMNS = [
  'id',
  'order_no',
  'dossier_id',
  'agency_id',
  'provider',
  'lines',
  'amount_vnd',
  'status',
  'transaction_id',
  'pay_url',
  'bank_code',
  'paid_at',
  'expires_at',
  'refunded_at',
  'refund_id',
  'refund_reason',
  'receipt_year',
  'receipt_no',
  'created_at',
] as const;

export interface PaymentDossier {
  id: string;
  code: string | null;
  status: number | null;
  agency_id: string;
  applicant_id: string;
  organisation_id: string | null;
  applicant_name: string | null;
  form_data: Record<string, unknown>;
  fee_vnd: string | null;
  paid_online: boolean;
  procedure_version_id: string;
  procedure_name: string;
  procedure_code: string;
  fee_rules: Record<string, unknown> | null;
  agency_name: string;
  /** A draft frozen for the payment of fees charged before submission (migration 0033). */
  payment_pending_at: Date | null;
}

/** At most this many refused (unauthenticated) messages are logged per minute. */
export const REFUSALS_PER_MINUTE = 100;

export class PaymentsRepository {
  dossier(db: Executor, id: string, lock = false): Promise<PaymentDossier | undefined> {
    let query = db
      .selectFrom('dossiers as d')
      .innerJoin('procedure_versions as v', 'v.id', 'd.procedure_version_id')
      .innerJoin('procedures as p', 'p.id', 'v.procedure_id')
      .innerJoin('agencies as a', 'a.id', 'd.agency_id')
      .select([
        'd.id',
        'd.code',
        'd.status',
        'd.agency_id',
        'd.applicant_id',
        'd.organisation_id',
        'd.applicant_name',
        'd.form_data',
        'd.fee_vnd',
        'd.paid_online',
        'd.procedure_version_id',
        'v.name as procedure_name',
        'p.code as procedure_code',
        'v.fee_rules',
        'a.name as agency_name',
        'd.payment_pending_at',
      ])
      .where('d.id', '=', id);
    if (lock) query = query.forUpdate('d');
    return query.executeTakeFirst() as Promise<PaymentDossier | undefined>;
  }

  insertOrder(
    db: Executor,
    order: { order_no: string; dossier_id: string; agency_id: string; provider: PaymentProvider; lines: PaymentLine[]; amount_vnd: number; expires_at: Date; created_by: string | null },
  ): Promise<OrderRow> {
    return db
      .insertInto('payment_orders')
      .values({ ...order, lines: JSON.stringify(order.lines) })
      .returning(ORDER_COLUMNS)
      .executeTakeFirstOrThrow() as Promise<OrderRow>;
  }

  order(db: Executor, id: string): Promise<OrderRow | undefined> {
    return db.selectFrom('payment_orders').select(ORDER_COLUMNS).where('id', '=', id).executeTakeFirst() as Promise<OrderRow | undefined>;
  }

  orderByNo(db: Executor, orderNo: string, lock = false): Promise<OrderRow | undefined> {
    let query = db.selectFrom('payment_orders').select(ORDER_COLUMNS).where('order_no', '=', orderNo);
    if (lock) query = query.forUpdate();
    return query.executeTakeFirst() as Promise<OrderRow | undefined>;
  }

  lockOrder(db: Executor, id: string): Promise<OrderRow | undefined> {
    return db.selectFrom('payment_orders').select(ORDER_COLUMNS).where('id', '=', id).forUpdate().executeTakeFirst() as Promise<OrderRow | undefined>;
  }

  ordersOf(db: Executor, dossierId: string): Promise<OrderRow[]> {
    return db.selectFrom('payment_orders').select(ORDER_COLUMNS).where('dossier_id', '=', dossierId).orderBy('created_at', 'desc').execute() as Promise<OrderRow[]>;
  }

  setPayUrl(db: Executor, id: string, payUrl: string) {
    return db.updateTable('payment_orders').set({ pay_url: payUrl }).where('id', '=', id).execute();
  }

  setStatus(db: Executor, id: string, status: PaymentStatus, extra: { refund_id?: string; refund_reason?: string; refunded_at?: Date } = {}) {
    return db.updateTable('payment_orders').set({ status, updated_at: new Date(), ...extra }).where('id', '=', id).execute();
  }

  /** The next receipt number of the agency and year, gap-free (the counter row stays locked until COMMIT). */
  async nextReceiptNo(db: Executor, agencyId: string, year: number): Promise<number> {
    const row = await db
      .insertInto('payment_receipt_counters')
      .values({ agency_id: agencyId, year, last: 1 })
      .onConflict((oc) => oc.columns(['agency_id', 'year']).doUpdateSet({ last: sql<number>`payment_receipt_counters.last + 1` }))
      .returning('last')
      .executeTakeFirstOrThrow();
    return row.last;
  }

  async markPaid(db: Executor, id: string, paid: { transaction_id: string; bank_code: string | null; paid_at: Date; receipt_year: number; receipt_no: number; confirmed_by?: string | null }): Promise<void> {
    try {
      await db.updateTable('payment_orders').set({ status: 'paid', updated_at: new Date(), ...paid }).where('id', '=', id).execute();
    } catch (error) {
      // The same transaction recorded on another order of the provider (constraint payment_orders_transaction_key).
      if (isUniqueViolation(error, 'payment_orders_transaction_key')) throw new DomainError('PAYMENT_ORDER_CLOSED');
      throw error;
    }
  }

  /** Paid online (or no more, after a refund); a paid amount becomes the dossier's fee when none was recorded (the 766 indicator counts fee_vnd > 0). */
  setDossierPaid(db: Executor, dossierId: string, paid: boolean, amountVnd?: number) {
    return db
      .updateTable('dossiers')
      .set((eb) => ({ paid_online: paid, ...(amountVnd ? { fee_vnd: eb.fn.coalesce(sql<string | null>`nullif(fee_vnd, 0)`, eb.val(String(amountVnd))) } : {}) }))
      .where('id', '=', dossierId)
      .execute();
  }

  /** Dossiers still waiting for fees (status 6) although an order was paid since the pause began (a resume that failed). */
  async waitingButPaid(db: Executor, limit = 100): Promise<string[]> {
    const rows = await db
      .selectFrom('dossiers as d')
      .select('d.id')
      .where('d.status', '=', 6)
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('payment_orders as o')
            .select('o.id')
            .whereRef('o.dossier_id', '=', 'd.id')
            .where('o.status', '=', 'paid')
            .where(sql<boolean>`o.paid_at >= coalesce(d.paused_at, '-infinity'::timestamptz)`),
        ),
      )
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }

  paidOrderCount(db: Executor, dossierId: string): Promise<number> {
    return db
      .selectFrom('payment_orders')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('dossier_id', '=', dossierId)
      .where('status', '=', 'paid')
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n));
  }

  logCallback(db: Executor, entry: { source: PaymentCallbacksTable['source']; order_no: string | null; transaction_id: string | null; outcome: PaymentCallbacksTable['outcome']; payload: Record<string, unknown> }) {
    return db.insertInto('payment_callbacks').values({ ...entry, payload: JSON.stringify(entry.payload) }).execute();
  }

  /**
   * Records a message whose signature did not hold (or that did not parse), unless REFUSALS_PER_MINUTE were recorded
   * within the last minute: anyone can post to the callback, so the log of refusals must not grow without bound.
   */
  logRefusal(db: Executor, entry: { source: PaymentCallbacksTable['source']; order_no: string | null; outcome: 'bad_signature' | 'malformed'; payload: Record<string, unknown> }) {
    return sql`
      INSERT INTO payment_callbacks (source, order_no, transaction_id, outcome, payload)
      SELECT ${entry.source}::text, ${entry.order_no}::text, NULL, ${entry.outcome}::text, ${JSON.stringify(entry.payload)}::jsonb
      WHERE (SELECT count(*) FROM payment_callbacks
              WHERE outcome IN ('bad_signature', 'malformed') AND received_at > now() - interval '1 minute') < ${REFUSALS_PER_MINUTE}`.execute(db);
  }

  /** Flags a mismatch once (the same kind, order and transaction again: nothing). */
  flag(
    db: Executor,
    entry: { kind: DiscrepancyKind; day?: string | null; agency_id: string | null; order_id: string | null; order_no: string | null; transaction_id: string | null; amount_vnd: number | null; expected_vnd: number | null; detail?: string | null },
  ) {
    return db.insertInto('payment_discrepancies').values(entry).onConflict((oc) => oc.doNothing()).execute();
  }

  /** Platform orders still open that were made at least `olderThan` ago (their callback may never come). */
  openOrders(db: Executor, olderThan: Date, limit = 200): Promise<OrderRow[]> {
    return db.selectFrom('payment_orders').select(ORDER_COLUMNS).where('status', '=', 'created').where('created_at', '<=', olderThan).orderBy('created_at').limit(limit).execute() as Promise<OrderRow[]>;
  }

  ordersByNo(db: Executor, orderNos: string[]): Promise<OrderRow[]> {
    if (!orderNos.length) return Promise.resolve([]);
    return db.selectFrom('payment_orders').select(ORDER_COLUMNS).where('order_no', 'in', orderNos).execute() as Promise<OrderRow[]>;
  }

  paidBetween(db: Executor, from: Date, to: Date): Promise<OrderRow[]> {
    return db
      .selectFrom('payment_orders')
      .select(ORDER_COLUMNS)
      .where('provider', '=', 'platform')
      .where('status', 'in', ['paid', 'refunded'])
      .where('paid_at', '>=', from)
      .where('paid_at', '<', to)
      .execute() as Promise<OrderRow[]>;
  }

  saveReconciliation(db: Executor, row: { day: string; lines: number; matched: number; mismatches: number }) {
    return db
      .insertInto('payment_reconciliations')
      .values(row)
      .onConflict((oc) => oc.column('day').doUpdateSet({ lines: row.lines, matched: row.matched, mismatches: row.mismatches, ran_at: new Date() }))
      .execute();
  }

  reconciliations(db: Executor, limit = 14) {
    return db.selectFrom('payment_reconciliations').selectAll().orderBy('day', 'desc').limit(limit).execute();
  }

  /** Open mismatches in the agencies (a line with no order has no agency: shown to every accountant). */
  discrepancies(db: Executor, agencyIds: string[], limit = 200) {
    return db
      .selectFrom('payment_discrepancies')
      .selectAll()
      .where('resolved_at', 'is', null)
      .where((eb) => (agencyIds.length ? eb.or([eb('agency_id', 'in', agencyIds), eb('agency_id', 'is', null)]) : eb('agency_id', 'is', null)))
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute();
  }

  discrepancy(db: Executor, id: string) {
    return db.selectFrom('payment_discrepancies').selectAll().where('id', '=', id).executeTakeFirst();
  }

  resolveDiscrepancy(db: Executor, id: string, by: string, resolution: string) {
    return db.updateTable('payment_discrepancies').set({ resolved_at: new Date(), resolved_by: by, resolution }).where('id', '=', id).where('resolved_at', 'is', null).executeTakeFirst();
  }

  /** Orders of the agencies for the accountant's page: VietQR transfers awaiting confirmation, and the latest paid. */
  accountantOrders(db: Executor, agencyIds: string[]) {
    if (!agencyIds.length) return Promise.resolve([]);
    return db
      .selectFrom('payment_orders as o')
      .innerJoin('dossiers as d', 'd.id', 'o.dossier_id')
      .select([...ORDER_COLUMNS.map((c) => `o.${c}` as const), 'd.code as dossier_code', 'd.applicant_name'])
      .where('o.agency_id', 'in', agencyIds)
      .where((eb) => eb.or([eb.and([eb('o.provider', '=', 'vietqr'), eb('o.status', '=', 'created')]), eb('o.status', 'in', ['paid', 'refunded'])]))
      .orderBy('o.created_at', 'desc')
      .limit(200)
      .execute() as Promise<Array<OrderRow & { dossier_code: string | null; applicant_name: string | null }>>;
  }

  /** Drafts frozen for payment since before `since` with no open order (expired, cancelled, or never started). */
  async stalePending(db: Executor, since: Date, limit = 200): Promise<string[]> {
    const rows = await db
      .selectFrom('dossiers as d')
      .select('d.id')
      .where('d.status', 'is', null)
      .where('d.payment_pending_at', '<', since)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('payment_orders as o').select('o.id').whereRef('o.dossier_id', '=', 'd.id').where('o.status', '=', 'created'))))
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }

  /** Deletes the refused (unauthenticated) messages logged before `before` (payments.purge: kept 90 days). */
  async purgeRefusals(db: Executor, before: Date): Promise<number> {
    const result = await db.deleteFrom('payment_callbacks').where('outcome', 'in', ['bad_signature', 'malformed']).where('received_at', '<', before).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  version(db: Executor, code: string, version: number) {
    return db
      .selectFrom('procedure_versions as v')
      .innerJoin('procedures as p', 'p.id', 'v.procedure_id')
      .select(['v.id', 'v.name', 'v.version', 'v.status', 'v.agency_id', 'v.audience', 'v.fee_rules', 'v.fees', 'v.form_schema', 'p.code'])
      .where('p.code', '=', code)
      .where('v.version', '=', version)
      .executeTakeFirst();
  }

  saveFeeRules(db: Executor, versionId: string, rules: Record<string, unknown> | null) {
    return db.updateTable('procedure_versions').set({ fee_rules: rules === null ? null : JSON.stringify(rules), updated_at: new Date() }).where('id', '=', versionId).execute();
  }

  versionFeeRules(db: Executor, versionId: string) {
    return db.selectFrom('procedure_versions').select(['fee_rules', 'form_schema']).where('id', '=', versionId).executeTakeFirst();
  }
}
