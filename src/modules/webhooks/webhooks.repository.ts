// Webhooks, the only SQL: subscriptions, the subscriptions an event of an agency matches (the agency or one of its
// ancestors is the subscription's root), deliveries and their claim (ordered per dossier and subscription,
// FOR UPDATE SKIP LOCKED, leased), outcomes and the log.
import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { WebhookDeliveryStatus, WebhookEventType } from '../../db/schema.ts';

export interface SubscriptionRow {
  id: string;
  agency_id: string;
  name: string;
  url: string;
  event_types: WebhookEventType[];
  active: boolean;
  secret: string;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  secret_rotated_at: Date;
}

export interface SubscriptionListRow extends SubscriptionRow {
  agency_code: string;
  agency_name: string;
  pending: number;
  failed: number;
  delivered: number;
  last_delivered_at: Date | null;
}

export interface DeliveryRow {
  id: string;
  seq: string;
  subscription_id: string;
  event_id: string;
  event_type: WebhookEventType;
  dossier_id: string;
  payload: Record<string, unknown>;
  status: WebhookDeliveryStatus;
  attempts: number;
  round_attempts: number;
  next_attempt_at: Date;
  last_attempt_at: Date | null;
  last_status_code: number | null;
  last_error: string | null;
  last_duration_ms: number | null;
  delivered_at: Date | null;
  created_at: Date;
}

export interface ClaimedDelivery extends DeliveryRow {
  url: string;
  secret: string;
}

const SUBSCRIPTION_COLUMNS = ['id', 'agency_id', 'name', 'url', 'event_types', 'active', 'secret', 'created_by', 'created_at', 'updated_at', 'secret_rotated_at'] as const;

export class WebhooksRepository {
  async insertSubscription(
    db: Executor,
    row: { agency_id: string; name: string; url: string; event_types: WebhookEventType[]; active: boolean; secret: string; created_by: string | null },
  ): Promise<SubscriptionRow> {
    return (await db.insertInto('webhook_subscriptions').values(row).returning(SUBSCRIPTION_COLUMNS).executeTakeFirstOrThrow()) as SubscriptionRow;
  }

  async subscription(db: Executor, id: string, lock = false): Promise<SubscriptionRow | undefined> {
    let query = db.selectFrom('webhook_subscriptions').select(SUBSCRIPTION_COLUMNS).where('id', '=', id);
    if (lock) query = query.forUpdate();
    return (await query.executeTakeFirst()) as SubscriptionRow | undefined;
  }

  async byName(db: Executor, agencyId: string, name: string): Promise<SubscriptionRow | undefined> {
    return (await db.selectFrom('webhook_subscriptions').select(SUBSCRIPTION_COLUMNS).where('agency_id', '=', agencyId).where('name', '=', name).orderBy('created_at').executeTakeFirst()) as SubscriptionRow | undefined;
  }

  /** The subscriptions rooted in `agencyIds`, with their delivery counts. */
  async listSubscriptions(db: Executor, agencyIds: readonly string[]): Promise<SubscriptionListRow[]> {
    if (agencyIds.length === 0) return [];
    const { rows } = await sql<SubscriptionListRow>`
      SELECT s.id, s.agency_id, s.name, s.url, s.event_types, s.active, s.secret, s.created_by, s.created_at, s.updated_at, s.secret_rotated_at,
             a.code AS agency_code, a.name AS agency_name,
             count(d.id) FILTER (WHERE d.status = 'pending')::int AS pending,
             count(d.id) FILTER (WHERE d.status = 'failed')::int AS failed,
             count(d.id) FILTER (WHERE d.status = 'delivered')::int AS delivered,
             max(d.delivered_at) AS last_delivered_at
        FROM webhook_subscriptions s
        JOIN agencies a ON a.id = s.agency_id
        LEFT JOIN webhook_deliveries d ON d.subscription_id = s.id
       WHERE s.agency_id = ANY(${[...agencyIds]}::uuid[])
       GROUP BY s.id, a.code, a.name
       ORDER BY s.created_at DESC, s.id`.execute(db);
    return rows;
  }

  async updateSubscription(
    db: Executor,
    id: string,
    patch: Partial<{ agency_id: string; name: string; url: string; event_types: WebhookEventType[]; active: boolean; secret: string; secret_rotated_at: Date }>,
  ): Promise<SubscriptionRow | undefined> {
    return (await db
      .updateTable('webhook_subscriptions')
      .set({ ...patch, updated_at: new Date() })
      .where('id', '=', id)
      .returning(SUBSCRIPTION_COLUMNS)
      .executeTakeFirst()) as SubscriptionRow | undefined;
  }

  async deleteSubscription(db: Executor, id: string): Promise<boolean> {
    const result = await db.deleteFrom('webhook_subscriptions').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Whether any active subscription to `type` existed at `at` (most messages are then skipped at once). */
  async anyActive(db: Executor, type: WebhookEventType, at: Date): Promise<boolean> {
    const row = await db.selectFrom('webhook_subscriptions').select('id').where('active', '=', true).where('created_at', '<=', at).where(sql<boolean>`${type} = ANY(event_types)`).limit(1).executeTakeFirst();
    return row !== undefined;
  }

  /**
   * Active subscriptions to `type` whose root is `agencyId` or one of its ancestors, and that existed when the event
   * happened (`at`: a new subscription is told what happens from then on, not the past).
   */
  async matching(db: Executor, agencyId: string, type: WebhookEventType, at: Date): Promise<Array<{ id: string }>> {
    const { rows } = await sql<{ id: string }>`
      WITH RECURSIVE up AS (
        SELECT id, parent_id, 0 AS depth FROM agencies WHERE id = ${agencyId}
        UNION ALL
        SELECT a.id, a.parent_id, up.depth + 1 FROM agencies a JOIN up ON a.id = up.parent_id WHERE up.depth < 50
      )
      SELECT s.id FROM webhook_subscriptions s
       WHERE s.active AND s.created_at <= ${at} AND s.agency_id IN (SELECT id FROM up) AND ${type} = ANY(s.event_types)
       ORDER BY s.id`.execute(db);
    return rows;
  }

  /** One delivery per subscription (the same event again: nothing new). Answers how many were inserted. */
  async insertDeliveries(
    db: Executor,
    rows: Array<{ subscription_id: string; event_id: string; event_type: WebhookEventType; dossier_id: string; payload: Record<string, unknown>; next_attempt_at: Date }>,
  ): Promise<number> {
    if (rows.length === 0) return 0;
    const inserted = await db
      .insertInto('webhook_deliveries')
      .values(rows.map((r) => ({ ...r, payload: JSON.stringify(r.payload) })))
      .onConflict((oc) => oc.columns(['subscription_id', 'event_id']).doNothing())
      .returning('id')
      .execute();
    return inserted.length;
  }

  /**
   * Claims up to `limit` deliveries due at `now` whose subscription is active and that are the oldest pending one of
   * their (subscription, dossier): FOR UPDATE SKIP LOCKED, so two workers never take the same; each claimed row
   * counts an attempt and is leased (next_attempt_at = now + lease), so it is neither taken again while being sent
   * nor lost if the worker dies (taken again when the lease ends). Its newer siblings stay behind it (pending).
   */
  async claim(db: Executor, now: Date, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    const { rows } = await sql<ClaimedDelivery>`
      WITH due AS (
        SELECT d.id FROM webhook_deliveries d
          JOIN webhook_subscriptions s ON s.id = d.subscription_id AND s.active
         WHERE d.status = 'pending' AND d.next_attempt_at <= ${now}
           AND NOT EXISTS (
             SELECT 1 FROM webhook_deliveries o
              WHERE o.subscription_id = d.subscription_id AND o.dossier_id = d.dossier_id AND o.status = 'pending' AND o.seq < d.seq)
         ORDER BY d.next_attempt_at, d.seq
         LIMIT ${limit}
         FOR UPDATE OF d SKIP LOCKED
      )
      UPDATE webhook_deliveries w
         SET attempts = w.attempts + 1, round_attempts = w.round_attempts + 1, last_attempt_at = ${now},
             next_attempt_at = ${new Date(now.getTime() + leaseMs)}
        FROM due, webhook_subscriptions s
       WHERE w.id = due.id AND s.id = w.subscription_id
      RETURNING w.*, s.url, s.secret`.execute(db);
    return rows.map((r) => ({ ...r, payload: typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload }));
  }

  /** The outcome of the attempt `attempts` of a delivery (ignored if another attempt has started since). */
  async recordOutcome(
    db: Executor,
    id: string,
    attempts: number,
    outcome: { status: WebhookDeliveryStatus; next_attempt_at?: Date; last_status_code: number | null; last_error: string | null; last_duration_ms: number; delivered_at?: Date },
  ): Promise<void> {
    await db
      .updateTable('webhook_deliveries')
      .set({
        status: outcome.status,
        last_status_code: outcome.last_status_code,
        last_error: outcome.last_error,
        last_duration_ms: outcome.last_duration_ms,
        ...(outcome.next_attempt_at ? { next_attempt_at: outcome.next_attempt_at } : {}),
        ...(outcome.delivered_at ? { delivered_at: outcome.delivered_at } : {}),
      })
      .where('id', '=', id)
      .where('attempts', '=', attempts)
      .where('status', '=', 'pending')
      .execute();
  }

  /** Newest first; `before` (a delivery's seq) starts after that one: keyset pages of the log. */
  async deliveries(db: Executor, subscriptionId: string, limit: number, before: string | null = null): Promise<DeliveryRow[]> {
    let query = db.selectFrom('webhook_deliveries').selectAll().where('subscription_id', '=', subscriptionId);
    if (before !== null) query = query.where('seq', '<', before);
    return (await query
      .orderBy('seq', 'desc')
      .limit(limit)
      .execute()) as unknown as DeliveryRow[];
  }

  async delivery(db: Executor, subscriptionId: string, id: string): Promise<DeliveryRow | undefined> {
    return (await db.selectFrom('webhook_deliveries').selectAll().where('subscription_id', '=', subscriptionId).where('id', '=', id).executeTakeFirst()) as unknown as DeliveryRow | undefined;
  }

  /** "Send again": a delivered or failed delivery pending again now, a new round of attempts (same event id). */
  async requeue(db: Executor, subscriptionId: string, id: string, now: Date): Promise<DeliveryRow | undefined> {
    return (await db
      .updateTable('webhook_deliveries')
      .set({ status: 'pending', round_attempts: 0, next_attempt_at: now })
      .where('subscription_id', '=', subscriptionId)
      .where('id', '=', id)
      .where('status', '<>', 'pending')
      .returningAll()
      .executeTakeFirst()) as unknown as DeliveryRow | undefined;
  }
}
