// SQL of the public postal service: address units, delivery wishes, shipments, tracking events, refusals.
import { sql } from 'kysely';
import { DomainError } from '../../core/errors.ts';
import type { Executor } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import type { ShipmentKind, ShipmentStatus } from '../../db/schema.ts';
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
    return db.selectFrom('dossiers').select(['id', 'code', 'status', 'applicant_id', 'organisation_id', 'agency_id', 'result_delivery']).where('id', '=', id).executeTakeFirst();
  }

  lockDossier(db: Executor, id: string) {
    return db.selectFrom('dossiers').select(['id', 'code', 'status', 'applicant_id', 'organisation_id', 'agency_id', 'result_delivery']).where('id', '=', id).forUpdate().executeTakeFirst();
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
        if (isUniqueViolation(error, 'postal_shipments_tracking_key')) throw new DomainError('POSTAL_ALREADY_SENT');
        throw error;
      });
  }

  lockShipmentByTracking(db: Executor, trackingNumber: string) {
    return db.selectFrom('postal_shipments').select(SHIPMENT_COLUMNS).where('tracking_number', '=', trackingNumber).forUpdate().executeTakeFirst();
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
      .orderBy('s.updated_at')
      .limit(500)
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
