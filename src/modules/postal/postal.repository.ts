// SQL of the public postal service: address units, delivery wishes, shipments, tracking events, refusals.
import { sql } from 'kysely';
import { DomainError } from '../../core/errors.ts';
import type { Executor } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import type { DossierStatus, ShipmentKind, ShipmentStatus } from '../../db/schema.ts';
import './postal.errors.ts';
import type { Address, TrackingStatus } from './postal.rules.ts';

const SHIPMENT_COLUMNS = [
  'id',
  'dossier_id',
  'agency_id',
  'kind',
  'tracking_number',
  'postage_vnd',
  'weight_grams',
  'status',
  'failure_reason',
  'recipient_name',
  'phone',
  'street',
  'province_code',
  'commune_code',
  'created_at',
  'updated_at',
  'counter_returned_at',
] as const;

const DOSSIER_COLUMNS = ['id', 'code', 'status', 'channel', 'applicant_id', 'organisation_id', 'agency_id', 'result_delivery', 'return_method'] as const;

export class PostalRepository {
  provinces(db: Executor) {
    return db.selectFrom('address_provinces').select(['code', 'name', 'kind']).orderBy('position').execute();
  }

  /** Every commune with its province (a few thousand rows at most: cached by the service). */
  communes(db: Executor) {
    return db.selectFrom('address_communes').select(['code', 'province_code', 'name', 'kind']).orderBy('province_code').orderBy('name').execute();
  }

  /** The dossier as the applicant's side sees it. */
  dossier(db: Executor, id: string) {
    return db.selectFrom('dossiers').select(DOSSIER_COLUMNS).where('id', '=', id).executeTakeFirst();
  }

  lockDossier(db: Executor, id: string) {
    return db.selectFrom('dossiers').select(DOSSIER_COLUMNS).where('id', '=', id).forUpdate().executeTakeFirst();
  }

  /** The agency's name (the recipient of a paper dossier sent by post). */
  async agencyName(db: Executor, agencyId: string): Promise<string> {
    const row = await db.selectFrom('agencies').select('name').where('id', '=', agencyId).executeTakeFirst();
    return row?.name ?? '';
  }

  /**
   * A result the post could not deliver goes back to the counter: the return by post is undone (10 → 9, returned_at
   * and return_method cleared, the version moved on), the result is to be collected at the counter
   * (result_delivery 'counter') and the delivery address forgotten (the applicant may ask for the post again).
   * Only while the dossier still stands returned by post; answers the dossier's deadlines when it did (for the
   * `dossier.status` outbox message), undefined when it did not.
   */
  async backToCounter(db: Executor, dossierId: string): Promise<{ due_at: Date | null; appointment_at: Date | null } | undefined> {
    const done = await db
      .updateTable('dossiers')
      .set((eb) => ({ status: 9, returned_at: null, return_method: null, result_delivery: 'counter', version: eb('version', '+', 1), updated_at: sql<Date>`now()` }))
      .where('id', '=', dossierId)
      .where('status', '=', 10)
      .where('return_method', '=', 'post')
      .returning(['due_at', 'appointment_at'])
      .executeTakeFirst();
    if (!done) return undefined;
    await db.deleteFrom('postal_deliveries').where('dossier_id', '=', dossierId).execute();
    return done;
  }

  delivery(db: Executor, dossierId: string) {
    return db
      .selectFrom('postal_deliveries')
      .select(['dossier_id', 'recipient_name', 'phone', 'street', 'province_code', 'commune_code', 'updated_at'])
      .where('dossier_id', '=', dossierId)
      .executeTakeFirst();
  }

  /** Saves the delivery address and marks the dossier's result to be sent by post. */
  async saveDelivery(db: Executor, dossierId: string, accountId: string, address: Address): Promise<void> {
    const row = {
      recipient_name: address.recipientName,
      phone: address.phone,
      street: address.street,
      province_code: address.provinceCode,
      commune_code: address.communeCode,
    };
    await db
      .insertInto('postal_deliveries')
      .values({ dossier_id: dossierId, account_id: accountId, ...row })
      .onConflict((oc) => oc.column('dossier_id').doUpdateSet({ ...row, account_id: accountId, updated_at: sql<Date>`now()` }))
      .execute();
    await db.updateTable('dossiers').set({ result_delivery: 'post' }).where('id', '=', dossierId).execute();
  }

  /** Forgets the delivery address; the result is then handed over as before (result_delivery back to none). */
  async removeDelivery(db: Executor, dossierId: string): Promise<boolean> {
    const removed = await db.deleteFrom('postal_deliveries').where('dossier_id', '=', dossierId).executeTakeFirst();
    await db.updateTable('dossiers').set({ result_delivery: null }).where('id', '=', dossierId).where('result_delivery', '=', 'post').execute();
    return Number(removed.numDeletedRows) > 0;
  }

  shipmentsOf(db: Executor, dossierId: string) {
    return db.selectFrom('postal_shipments').select(SHIPMENT_COLUMNS).where('dossier_id', '=', dossierId).orderBy('created_at').execute();
  }

  eventsOf(db: Executor, shipmentIds: string[]) {
    if (!shipmentIds.length) return Promise.resolve([]);
    return db
      .selectFrom('postal_shipment_events')
      .select(['shipment_id', 'event_id', 'status', 'reason', 'occurred_at', 'received_at', 'applied'])
      .where('shipment_id', 'in', shipmentIds)
      .orderBy('occurred_at')
      .orderBy('id')
      .execute();
  }

  insertShipment(
    db: Executor,
    row: { dossier_id: string; agency_id: string; kind: ShipmentKind; tracking_number: string; postage_vnd: number; weight_grams: number; created_by: string | null } & {
      recipient_name: string;
      phone: string;
      street: string;
      province_code: string;
      commune_code: string;
    },
  ) {
    return db
      .insertInto('postal_shipments')
      .values(row)
      .returning(SHIPMENT_COLUMNS)
      .executeTakeFirstOrThrow()
      .catch((error: unknown) => {
        // The same shipment recorded by a concurrent request (the postal service answered both with it).
        if (isUniqueViolation(error, 'postal_shipments_tracking_key')) throw new DomainError(row.kind === 'dossier' ? 'POSTAL_PICKUP_PENDING' : 'POSTAL_ALREADY_SENT');
        // A second live pickup of the same dossier (migration 0032): a concurrent request won.
        if (isUniqueViolation(error, 'postal_shipments_live_pickup_key')) throw new DomainError('POSTAL_PICKUP_PENDING');
        throw error;
      });
  }

  lockShipmentByTracking(db: Executor, trackingNumber: string) {
    return db.selectFrom('postal_shipments').select(SHIPMENT_COLUMNS).where('tracking_number', '=', trackingNumber).forUpdate().executeTakeFirst();
  }

  shipment(db: Executor, id: string) {
    return db.selectFrom('postal_shipments').select(SHIPMENT_COLUMNS).where('id', '=', id).executeTakeFirst();
  }

  lockShipment(db: Executor, id: string) {
    return db.selectFrom('postal_shipments').select(SHIPMENT_COLUMNS).where('id', '=', id).forUpdate().executeTakeFirst();
  }

  async eventSeen(db: Executor, shipmentId: string, eventId: string): Promise<boolean> {
    const row = await db.selectFrom('postal_shipment_events').select('id').where('shipment_id', '=', shipmentId).where('event_id', '=', eventId).executeTakeFirst();
    return row !== undefined;
  }

  insertEvent(db: Executor, row: { shipment_id: string; event_id: string; status: TrackingStatus; reason: string | null; occurred_at: Date; applied: boolean }) {
    return db.insertInto('postal_shipment_events').values(row).onConflict((oc) => oc.constraint('postal_shipment_events_event_key').doNothing()).execute();
  }

  setStatus(db: Executor, id: string, status: ShipmentStatus, reason: string | null) {
    return db
      .updateTable('postal_shipments')
      .set({ status, failure_reason: status === 'failed' ? reason : null, updated_at: sql<Date>`now()` })
      .where('id', '=', id)
      .execute();
  }

  markCounterReturned(db: Executor, id: string, accountId: string) {
    return db.updateTable('postal_shipments').set({ counter_returned_at: sql<Date>`now()`, counter_returned_by: accountId, updated_at: sql<Date>`now()` }).where('id', '=', id).execute();
  }

  /** The counter's return queue: failed result deliveries not yet handed over, in the given agencies. */
  counterQueue(db: Executor, agencyIds: string[]) {
    if (!agencyIds.length) return Promise.resolve([]);
    return db
      .selectFrom('postal_shipments as s')
      .innerJoin('dossiers as d', 'd.id', 's.dossier_id')
      .select(['s.id', 's.dossier_id', 'd.code', 's.tracking_number', 's.recipient_name', 's.phone', 's.failure_reason', 's.updated_at'])
      .where('s.kind', '=', 'result')
      .where('s.status', '=', 'failed')
      .where('s.counter_returned_at', 'is', null)
      .where('s.agency_id', 'in', agencyIds)
      // Not once the result was handed over after the failure (at the counter, or sent by post again).
      .where((eb) => eb.or([eb('d.returned_at', 'is', null), eb('d.returned_at', '<', eb.ref('s.updated_at'))]))
      .orderBy('s.updated_at')
      .limit(500)
      .execute();
  }

  /** Paper dossiers the post delivered to the given agencies, of dossiers still being handled; latest first. */
  arrivedQueue(db: Executor, agencyIds: string[], openStatuses: readonly number[]) {
    if (!agencyIds.length) return Promise.resolve([]);
    return db
      .selectFrom('postal_shipments as s')
      .innerJoin('dossiers as d', 'd.id', 's.dossier_id')
      .select(['s.id', 's.dossier_id', 'd.code', 'd.status', 's.tracking_number', 's.recipient_name', 's.updated_at'])
      .where('s.kind', '=', 'dossier')
      .where('s.status', '=', 'delivered')
      .where('s.agency_id', 'in', agencyIds)
      .where('d.status', 'in', openStatuses as DossierStatus[])
      .orderBy('s.updated_at', 'desc')
      .limit(200)
      .execute();
  }

  async counterCount(db: Executor, agencyIds: string[]): Promise<number> {
    if (!agencyIds.length) return 0;
    const row = await db
      .selectFrom('postal_shipments')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('kind', '=', 'result')
      .where('status', '=', 'failed')
      .where('counter_returned_at', 'is', null)
      .where('agency_id', 'in', agencyIds)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('dossiers as d').select('d.id').whereRef('d.id', '=', 'postal_shipments.dossier_id').where('d.returned_at', '>=', eb.ref('postal_shipments.updated_at')))))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Records a refused webhook, unless 100 were recorded within the last minute (anyone can post to it). */
  refuse(db: Executor, row: { code: string; tracking_number: string | null; remote_address: string | null }) {
    return sql`
      INSERT INTO postal_webhook_refusals (code, tracking_number, remote_address)
      SELECT ${row.code}::text, ${row.tracking_number}::text, ${row.remote_address}::text
      WHERE (SELECT count(*) FROM postal_webhook_refusals WHERE received_at > now() - interval '1 minute') < 100`.execute(db);
  }
}
