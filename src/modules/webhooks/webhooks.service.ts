// Webhooks (issue 14): other systems of a province are told when a dossier changes.
//
// Subscriptions: an administrator subscribes a target URL to event types (dossier.submitted, dossier.status_changed,
// result.issued, result.revoked, payment.received) for an agency subtree (the events of the dossiers whose
// receiving agency is that agency or below it). Each has its signing secret (whsec_…), shown once on creation and
// on rotation, kept encrypted (webhooks.secrets.ts).
//
// Events: the outbox consumer 'webhooks' turns each message of the topics dossier.submitted, dossier.status,
// dossier.result and payment.paid into one delivery per matching active subscription, in the outbox transaction,
// with the event's payload frozen then (webhooks.rules.ts buildEvent; the dossier read through the dossiers' port).
//
// Delivery: `deliverDue` (job webhooks.deliver, every few seconds) claims due deliveries — the oldest pending one of
// each (subscription, dossier) only, FOR UPDATE SKIP LOCKED and leased — and POSTs each, signed (Standard Webhooks:
// src/core/webhook-signature.ts), bounded by WEBHOOKS_TIMEOUT_MS, no redirects. 2xx: delivered. Anything else:
// retried after 30 s, 2 min, 10 min, 1 h, 6 h, then failed (shown on the log; nothing is disabled). "Send again"
// queues a delivered or failed delivery for a new round with the same webhook-id.
import type { Actor } from '../../core/actor.ts';
import { DomainError } from '../../core/errors.ts';
import { isUuid } from '../../core/ids.ts';
import { generateWebhookSecret, signWebhook } from '../../core/webhook-signature.ts';
import type { Db, Executor } from '../../db/database.ts';
import type { Role, WebhookEventType } from '../../db/schema.ts';
import type { AgenciesService, TreeEntry } from '../agencies/agencies.service.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { consumeOutbox, type ConsumeReport, type OutboxConsumer, type OutboxMessage } from '../outbox/outbox.service.ts';
import './webhooks.errors.ts';
import { WebhooksRepository, type DeliveryRow, type SubscriptionListRow, type SubscriptionRow } from './webhooks.repository.ts';
import { attemptOutcome, buildEvent, EVENT_TYPES, eventTypeOf, LEASE_MARGIN_MS, subscriptionProblems, WEBHOOK_TOPICS, type DossierFacts } from './webhooks.rules.ts';
import { SecretBox } from './webhooks.secrets.ts';
import { httpTransport, type WebhookTransport } from './webhooks.sender.ts';

export const WEBHOOKS_CONSUMER = 'webhooks';
const ADMIN: readonly Role[] = ['admin'];
/** The name of the demo's subscription to the receiver simulator. */
export const DEMO_SUBSCRIPTION = 'Demo: webhook receiver simulator';

/** What the consumer reads of a dossier (wired in src/container.ts from the dossiers' records and the agency tree). */
export interface WebhookDossierPort {
  facts(tx: Executor, dossierId: string): Promise<DossierFacts | null>;
}

export interface WebhooksOptions {
  allowPrivateTargets: boolean;
  timeoutMs: number;
  /** SESSION_SECRET: the secrets are encrypted under a key derived from it (kept as they are without one). */
  serverSecret: string | undefined;
}

/** A subscription as shown (never its secret). */
export interface SubscriptionView {
  id: string;
  agencyId: string;
  agencyCode: string;
  agencyName: string;
  name: string;
  url: string;
  eventTypes: WebhookEventType[];
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
  secretRotatedAt: Date;
  counts: { pending: number; failed: number; delivered: number };
  lastDeliveredAt: Date | null;
}

export interface DeliveryView {
  id: string;
  eventId: string;
  eventType: WebhookEventType;
  dossierId: string;
  dossierCode: string | null;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastAttemptAt: Date | null;
  lastStatusCode: number | null;
  lastError: string | null;
  lastDurationMs: number | null;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
  createdAt: Date;
}

export interface SubscriptionForm {
  name: string;
  url: string;
  agencyId: string;
  eventTypes: string[];
  active: boolean;
}

export interface DeliverReport {
  claimed: number;
  delivered: number;
  retried: number;
  failed: number;
}

function deliveryView(row: DeliveryRow): DeliveryView {
  const data = (row.payload.data ?? {}) as Record<string, unknown>;
  return {
    id: row.id,
    eventId: row.event_id,
    eventType: row.event_type,
    dossierId: row.dossier_id,
    dossierCode: typeof data.dossierCode === 'string' ? data.dossierCode : null,
    status: row.status,
    attempts: row.attempts,
    lastAttemptAt: row.last_attempt_at,
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    lastDurationMs: row.last_duration_ms,
    nextAttemptAt: row.status === 'pending' ? row.next_attempt_at : null,
    deliveredAt: row.delivered_at,
    createdAt: row.created_at,
  };
}

export class WebhooksService {
  private transport: WebhookTransport;
  private readonly box: SecretBox;

  constructor(
    private readonly db: Db,
    private readonly agencies: AgenciesService,
    private readonly audit: AuditService,
    private readonly dossiers: WebhookDossierPort,
    private readonly options: WebhooksOptions,
    private readonly repo = new WebhooksRepository(),
  ) {
    this.transport = httpTransport;
    this.box = new SecretBox(options.serverSecret);
  }

  /** Replaces the HTTP transport (tests). */
  setTransport(transport: WebhookTransport): void {
    this.transport = transport;
  }

  // --- events: the outbox consumer ------------------------------------------------------------------

  get consumer(): OutboxConsumer {
    return { name: WEBHOOKS_CONSUMER, topics: WEBHOOK_TOPICS, handle: (tx, message) => this.handle(tx, message) };
  }

  /** Processes the outbox messages not yet seen by this consumer (job webhooks.deliver). */
  dispatch(options: { batchSize?: number; maxBatches?: number } = {}): Promise<ConsumeReport> {
    return consumeOutbox(this.db, this.consumer, options);
  }

  /**
   * One outbox message, in the delivery transaction: one delivery per matching active subscription that existed
   * when the message was written (a new subscription gets the events from its creation on).
   */
  async handle(tx: Executor, message: OutboxMessage): Promise<boolean> {
    const type = eventTypeOf(message.topic, message.payload);
    const dossierId = message.payload.dossierId;
    if (!type || typeof dossierId !== 'string' || !isUuid(dossierId)) return false;
    if (!(await this.repo.anyActive(tx, type, message.created_at))) return false;
    const dossier = await this.dossiers.facts(tx, dossierId);
    if (!dossier) return false;
    const subscriptions = await this.repo.matching(tx, dossier.agencyId, type, message.created_at);
    if (subscriptions.length === 0) return false;
    const event = buildEvent(type, message, dossier);
    const inserted = await this.repo.insertDeliveries(
      tx,
      subscriptions.map((s) => ({ subscription_id: s.id, event_id: event.id, event_type: type, dossier_id: dossier.id, payload: event as unknown as Record<string, unknown>, next_attempt_at: message.created_at })),
    );
    return inserted > 0;
  }

  // --- delivery ---------------------------------------------------------------------------------------

  /**
   * Sends the deliveries due at `now` (at most `limit`), each claimed (and leased) in its own short transaction and
   * sent outside any, its outcome recorded after.
   */
  async deliverDue(now = new Date(), options: { limit?: number; clock?: () => Date } = {}): Promise<DeliverReport> {
    const clock = options.clock ?? (() => new Date());
    const report: DeliverReport = { claimed: 0, delivered: 0, retried: 0, failed: 0 };
    const claimed = await this.db.transaction().execute((tx) => this.repo.claim(tx, now, options.limit ?? 20, this.options.timeoutMs + LEASE_MARGIN_MS));
    report.claimed = claimed.length;
    await Promise.all(
      claimed.map(async (delivery) => {
        const secret = this.box.open(delivery.secret);
        const body = JSON.stringify(delivery.payload);
        const started = Date.now();
        const timestamp = Math.floor(clock().getTime() / 1000);
        const result = secret
          ? await this.transport({
              url: delivery.url,
              body,
              headers: { 'webhook-id': delivery.event_id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signWebhook(secret, delivery.event_id, timestamp, body) },
              timeoutMs: this.options.timeoutMs,
              allowPrivate: this.options.allowPrivateTargets,
            }).catch((error: Error) => ({ error: error.message }))
          : { error: 'the secret cannot be read (SESSION_SECRET changed?): rotate it' };
        const duration = Date.now() - started;
        const at = clock();
        const outcome = attemptOutcome(result, delivery.round_attempts, at);
        report[outcome.status === 'delivered' ? 'delivered' : outcome.status === 'failed' ? 'failed' : 'retried'] += 1;
        await this.repo.recordOutcome(this.db, delivery.id, delivery.attempts, {
          status: outcome.status,
          last_status_code: 'status' in result ? result.status : null,
          last_error: 'error' in result ? result.error.slice(0, 500) : outcome.status === 'delivered' ? null : `HTTP ${result.status}`,
          last_duration_ms: duration,
          ...(outcome.status === 'pending' ? { next_attempt_at: outcome.nextAttemptAt } : {}),
          ...(outcome.status === 'delivered' ? { delivered_at: at } : {}),
        });
      }),
    );
    return report;
  }

  private stopping = false;
  private wake: (() => void) | null = null;

  /** The server is stopping: the job's loop ends at its next turn (and its wait ends now). */
  stop(): void {
    this.stopping = true;
    this.wake?.();
  }

  get stopped(): boolean {
    return this.stopping;
  }

  /** Waits `ms`, or less when the server stops meanwhile (the job's pause between turns). */
  idle(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
    });
  }

  /** The job: the outbox consumed, then what is due sent (until nothing due is left, at most `rounds` times). */
  async run(now = new Date(), rounds = 5): Promise<{ consumed: ConsumeReport; delivered: DeliverReport }> {
    const consumed = await this.dispatch();
    const total: DeliverReport = { claimed: 0, delivered: 0, retried: 0, failed: 0 };
    for (let i = 0; i < rounds; i++) {
      const r = await this.deliverDue(i === 0 ? now : new Date());
      total.claimed += r.claimed;
      total.delivered += r.delivered;
      total.retried += r.retried;
      total.failed += r.failed;
      if (r.claimed === 0) break;
    }
    return { consumed, delivered: total };
  }

  // --- subscriptions (administrators, within their subtree) --------------------------------------------

  /** The agencies the administrator may root a subscription at (the form's picker). */
  agencyOptions(actor: Actor | null): Promise<TreeEntry[]> {
    return this.agencies.adminTree(actor);
  }

  async list(actor: Actor | null): Promise<SubscriptionView[]> {
    this.agencies.requireAnyAdmin(actor);
    const scope = await this.agencies.scopeOf(actor, ADMIN);
    return (await this.repo.listSubscriptions(this.db, scope)).map((row) => this.view(row));
  }

  /** A subscription of the administrator's subtree (NOT_FOUND otherwise: unknown or invisible alike). */
  private async target(actor: Actor | null, id: string, tx: Executor = this.db, lock = false): Promise<{ admin: Actor; row: SubscriptionRow }> {
    const admin = this.agencies.requireAnyAdmin(actor);
    if (!isUuid(id)) throw new DomainError('NOT_FOUND');
    const row = await this.repo.subscription(tx, id, lock);
    if (!row) throw new DomainError('NOT_FOUND');
    try {
      await this.agencies.authorize(admin, ADMIN, row.agency_id, tx);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'FORBIDDEN') throw new DomainError('NOT_FOUND');
      throw error;
    }
    return { admin, row };
  }

  async get(actor: Actor | null, id: string): Promise<SubscriptionView> {
    await this.target(actor, id);
    const scope = await this.agencies.scopeOf(actor, ADMIN);
    const row = (await this.repo.listSubscriptions(this.db, scope)).find((r) => r.id === id);
    if (!row) throw new DomainError('NOT_FOUND');
    return this.view(row);
  }

  /**
   * A page of the delivery log, newest first: `before` is the `next` cursor of the previous page (a delivery's
   * position in the log); `next` is null on the last page.
   */
  async deliveries(actor: Actor | null, id: string, limit = 100, before: string | null = null): Promise<{ deliveries: DeliveryView[]; next: string | null }> {
    await this.target(actor, id);
    const size = Math.min(Math.max(limit, 1), 500);
    const rows = await this.repo.deliveries(this.db, id, size + 1, before);
    const page = rows.slice(0, size);
    return { deliveries: page.map(deliveryView), next: rows.length > size ? String(page[page.length - 1]!.seq) : null };
  }

  private async checkForm(actor: Actor, input: SubscriptionForm, tx: Executor): Promise<void> {
    const errors = subscriptionProblems(input, this.options.allowPrivateTargets);
    if (input.agencyId && !errors.some((e) => e.path === '/agencyId')) {
      const allowed = isUuid(input.agencyId) && (await this.agencies.scopeOf(actor, ADMIN, tx)).includes(input.agencyId);
      if (!allowed) errors.push({ path: '/agencyId', code: 'WEBHOOK_AGENCY_REQUIRED' });
    }
    if (errors.length) throw new DomainError('VALIDATION_FAILED', undefined, errors);
  }

  /** A new subscription; its secret is answered this once. */
  async create(actor: Actor | null, input: SubscriptionForm): Promise<{ subscription: SubscriptionView; secret: string }> {
    const admin = this.agencies.requireAnyAdmin(actor);
    const secret = generateWebhookSecret();
    const id = await this.db.transaction().execute(async (tx) => {
      await this.checkForm(admin, input, tx);
      const row = await this.repo.insertSubscription(tx, {
        agency_id: input.agencyId,
        name: input.name.trim(),
        url: input.url.trim(),
        event_types: [...new Set(input.eventTypes)] as WebhookEventType[],
        active: input.active,
        secret: this.box.seal(secret),
        created_by: admin.id,
      });
      await this.audit.record(tx, admin, { action: 'webhook.create', targetType: 'webhook', targetId: row.id, agencyId: row.agency_id, summary: { name: row.name, url: row.url, eventTypes: row.event_types, active: row.active } }, admin.ip ?? null);
      return row.id;
    });
    return { subscription: await this.get(admin, id), secret };
  }

  async update(actor: Actor | null, id: string, input: SubscriptionForm): Promise<SubscriptionView> {
    const admin = await this.db.transaction().execute(async (tx) => {
      const { admin, row } = await this.target(actor, id, tx, true);
      await this.checkForm(admin, input, tx);
      const updated = await this.repo.updateSubscription(tx, row.id, { agency_id: input.agencyId, name: input.name.trim(), url: input.url.trim(), event_types: [...new Set(input.eventTypes)] as WebhookEventType[], active: input.active });
      await this.audit.record(tx, admin, { action: 'webhook.update', targetType: 'webhook', targetId: row.id, agencyId: input.agencyId, summary: { name: updated?.name, url: updated?.url, eventTypes: updated?.event_types, active: updated?.active } }, admin.ip ?? null);
      return admin;
    });
    return this.get(admin, id);
  }

  /** A new secret (the old one stops signing at once); answered this once. */
  async rotateSecret(actor: Actor | null, id: string): Promise<{ secret: string }> {
    const secret = generateWebhookSecret();
    await this.db.transaction().execute(async (tx) => {
      const { admin, row } = await this.target(actor, id, tx, true);
      await this.repo.updateSubscription(tx, row.id, { secret: this.box.seal(secret), secret_rotated_at: new Date() });
      await this.audit.record(tx, admin, { action: 'webhook.rotate_secret', targetType: 'webhook', targetId: row.id, agencyId: row.agency_id }, admin.ip ?? null);
    });
    return { secret };
  }

  /** Deletes the subscription and its delivery log. */
  async remove(actor: Actor | null, id: string): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      const { admin, row } = await this.target(actor, id, tx, true);
      await this.repo.deleteSubscription(tx, row.id);
      await this.audit.record(tx, admin, { action: 'webhook.delete', targetType: 'webhook', targetId: row.id, agencyId: row.agency_id, summary: { name: row.name, url: row.url } }, admin.ip ?? null);
    });
  }

  /** "Send again": a delivered or failed delivery is queued for a new round of attempts, same webhook-id. */
  async resend(actor: Actor | null, id: string, deliveryId: string, now = new Date()): Promise<DeliveryView> {
    return this.db.transaction().execute(async (tx) => {
      const { admin, row } = await this.target(actor, id, tx);
      if (!isUuid(deliveryId)) throw new DomainError('NOT_FOUND');
      const requeued = await this.repo.requeue(tx, row.id, deliveryId, now);
      if (!requeued) throw new DomainError((await this.repo.delivery(tx, row.id, deliveryId)) ? 'WEBHOOK_DELIVERY_PENDING' : 'NOT_FOUND');
      await this.audit.record(tx, admin, { action: 'webhook.resend', targetType: 'webhook', targetId: row.id, agencyId: row.agency_id, summary: { deliveryId, eventId: requeued.event_id } }, admin.ip ?? null);
      return deliveryView(requeued);
    });
  }

  /**
   * The demo's subscription (serve in demo mode): every event of the first top-level agency's subtree to the
   * receiver simulator started for this run, at `url`; created the first time, pointed at this run's receiver and
   * given a new secret (answered, for the simulator) on every start. No actor: the server calls it, nobody else.
   */
  async demoSubscription(url: string): Promise<{ id: string; secret: string }> {
    const root = (await this.agencies.tree()).find((e) => e.agency.parent_id === null);
    if (!root) throw new Error('no agency for the demo webhook subscription');
    const secret = generateWebhookSecret();
    const id = await this.db.transaction().execute(async (tx) => {
      const existing = await this.repo.byName(tx, root.agency.id, DEMO_SUBSCRIPTION);
      if (existing) {
        await this.repo.updateSubscription(tx, existing.id, { url, secret: this.box.seal(secret), secret_rotated_at: new Date() });
        return existing.id;
      }
      const row = await this.repo.insertSubscription(tx, { agency_id: root.agency.id, name: DEMO_SUBSCRIPTION, url, event_types: [...EVENT_TYPES], active: true, secret: this.box.seal(secret), created_by: null });
      return row.id;
    });
    return { id, secret };
  }

  private view(row: SubscriptionListRow): SubscriptionView {
    return {
      id: row.id,
      agencyId: row.agency_id,
      agencyCode: row.agency_code,
      agencyName: row.agency_name,
      name: row.name,
      url: row.url,
      eventTypes: row.event_types,
      active: row.active,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      secretRotatedAt: row.secret_rotated_at,
      counts: { pending: row.pending, failed: row.failed, delivered: row.delivered },
      lastDeliveredAt: row.last_delivered_at,
    };
  }
}
