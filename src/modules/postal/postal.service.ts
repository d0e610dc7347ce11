// Public postal service (bưu chính công ích): the applicant's wish to receive the result by post (address with the
// post-2025 provinces and communes), shipments created through the postal service's API (postal.adapter.ts),
// signed tracking webhooks applied by the state machine (postal.rules.ts), and the counter's return queue: a result
// the post failed to deliver waits there until an officer hands it over at the counter.
import type { Actor } from '../../core/actor.ts';
import { DomainError } from '../../core/errors.ts';
import { isUuid } from '../../core/ids.ts';
import type { Db, Executor } from '../../db/database.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { eventColumns, type EventMessage } from '../kernel/timeline.ts';
import type { OutboxWriter } from '../outbox/outbox.service.ts';
import { parseTrackingEvent, verifySignature, type PostalGateway } from './postal.adapter.ts';
import './postal.errors.ts';
import { PostalRepository } from './postal.repository.ts';
import {
  checkAddress,
  decideEvent,
  decidePickup,
  deliveryOpen,
  PICKUP_OPEN_STATUSES,
  trackingEffects,
  type Address,
  type AddressInput,
  type PickupDecision,
  type ShipmentStatus,
  type TrackingStatus,
} from './postal.rules.ts';

/** The outbox topic of the applicant's notices about shipments (consumed by the notifications). */
export const POSTAL_NOTICE_TOPIC = 'dossier.postal';

/**
 * The topic of a change of status, written by the back office on every action (handling.plans.ts
 * `planTransition`, same payload); postal writes it when a failed delivery undoes the return by post (10 → 9).
 */
export const DOSSIER_STATUS_TOPIC = 'dossier.status';

const PICKUP_ERRORS: Record<Exclude<PickupDecision, { allowed: true }>['why'], string> = {
  closed: 'POSTAL_PICKUP_CLOSED',
  notOnline: 'POSTAL_PICKUP_NOT_ONLINE',
  pending: 'POSTAL_PICKUP_PENDING',
  arrived: 'POSTAL_PICKUP_DONE',
};

/** What the postal service reads and does through other modules (wired in src/container.ts). */
export interface PostalPorts {
  /** The back office's view of a dossier (HandlingService.detail): authorises the officer (NOT_FOUND/FORBIDDEN). */
  officerDossier(actor: Actor | null, dossierId: string): Promise<{ id: string; code: string; status: number; version: number; agency: { code: string; name: string }; allowedActions: readonly string[] }>;
  /** Records the result as returned by post (HandlingService.act 'return_result', method 'post'). */
  returnByPost(actor: Actor, dossierId: string, input: { note: string; expectedVersion?: number | undefined }): Promise<void>;
  /** The agencies where the actor handles dossiers (AgenciesService.scopeOf with the handling roles). */
  handlingScope(actor: Actor): Promise<string[]>;
  /** Records the result as handed over at the counter (HandlingService.act 'return_result', method 'counter'). */
  returnAtCounter(actor: Actor, dossierId: string, input: { note: string }): Promise<void>;
  /**
   * Writes a dossier history entry in the caller's transaction (DossiersService.records.insertEvent): its message
   * (key + parameters, kernel/timeline.ts) and its Vietnamese text.
   */
  history(tx: Executor, row: { dossier_id: string; at: Date; actor_id: string | null; status: number; action: string; content: string; message: EventMessage }): Promise<void>;
  /** Queues an outbox message in the caller's transaction (the applicant's notices: topic dossier.postal; dossier.status). */
  outbox: OutboxWriter;
}

export interface PostalOptions {
  /** HMAC key of the tracking webhooks (POSTAL_WEBHOOK_SECRET); without it every webhook is refused. */
  webhookSecret: string | undefined;
  /** Our webhook's absolute URL, given to the postal service with each shipment. */
  callbackUrl: string;
  /** The sender's province (POSTAL_SENDER_PROVINCE). */
  senderProvince: string;
}

export interface ProvinceView {
  code: string;
  name: string;
  kind: string;
  hasCommunes: boolean;
}

export interface CommuneView {
  code: string;
  name: string;
  kind: string;
}

export interface ShipmentView {
  id: string;
  kind: 'dossier' | 'result';
  trackingNumber: string;
  postageVnd: number;
  weightGrams: number;
  status: ShipmentStatus;
  failureReason: string | null;
  recipient: { name: string; phone: string; street: string; commune: string; province: string };
  createdAt: Date;
  updatedAt: Date;
  counterReturnedAt: Date | null;
  events: Array<{ status: TrackingStatus; reason: string | null; occurredAt: Date; applied: boolean }>;
}

export interface DeliveryView {
  recipientName: string;
  phone: string;
  street: string;
  provinceCode: string;
  communeCode: string;
  province: string;
  commune: string;
}

export interface ApplicantPostalView {
  dossier: { id: string; code: string | null; status: number | null };
  open: boolean;
  canEdit: boolean;
  delivery: DeliveryView | null;
  shipments: ShipmentView[];
  /** The paper dossier picked up by the post: whether the applicant may ask now, and why not. */
  pickup: PickupView;
}

export interface PickupView {
  /** The applicant (not a member of the organisation reading) may ask for a pickup now. */
  canRequest: boolean;
  /** Why not, when not (closed, notOnline, pending, arrived); null when allowed or not the applicant. */
  blocked: 'closed' | 'notOnline' | 'pending' | 'arrived' | null;
  /** The latest pickup shipment, if any. */
  latest: ShipmentView | null;
}

export interface OfficerPostalView {
  dossier: { id: string; code: string; status: number; version: number };
  delivery: DeliveryView | null;
  shipments: ShipmentView[];
  /** The result can be sent now: ready (9), return_result allowed, an address, no live result shipment. */
  canSend: boolean;
  /** The officer may record or change the delivery address (handles dossiers of its agency, before the return). */
  canSetAddress: boolean;
  /** The paper dossier reached the agency by post (a delivered pickup). */
  paperArrived: boolean;
}

export interface WebhookOutcome {
  trackingNumber: string;
  status: ShipmentStatus;
  applied: boolean;
  ignored?: 'duplicate' | 'stale' | 'closed';
}

interface Units {
  provinces: ProvinceView[];
  provinceNames: Map<string, string>;
  communes: Map<string, { provinceCode: string; name: string; kind: string }>;
  byProvince: Map<string, CommuneView[]>;
}

export class PostalService {
  private units: Promise<Units> | null = null;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly gateway: PostalGateway | null,
    private readonly ports: PostalPorts,
    private readonly options: PostalOptions,
    private readonly repo = new PostalRepository(),
  ) {}

  // --- address units (reference data, loaded once) --------------------------------------------------------------

  private loadUnits(): Promise<Units> {
    this.units ??= (async () => {
      const [provinces, communes] = await Promise.all([this.repo.provinces(this.db), this.repo.communes(this.db)]);
      const byProvince = new Map<string, CommuneView[]>();
      const map = new Map<string, { provinceCode: string; name: string; kind: string }>();
      for (const c of communes) {
        map.set(c.code, { provinceCode: c.province_code, name: c.name, kind: c.kind });
        const list = byProvince.get(c.province_code) ?? [];
        list.push({ code: c.code, name: c.name, kind: c.kind });
        byProvince.set(c.province_code, list);
      }
      for (const list of byProvince.values()) list.sort((a, b) => a.name.localeCompare(b.name, 'vi'));
      return {
        provinces: provinces.map((p) => ({ code: p.code, name: p.name, kind: p.kind, hasCommunes: byProvince.has(p.code) })),
        provinceNames: new Map(provinces.map((p) => [p.code, p.name])),
        communes: map,
        byProvince,
      };
    })().catch((error: unknown) => {
      this.units = null;
      throw error;
    });
    return this.units;
  }

  async provinces(): Promise<ProvinceView[]> {
    return (await this.loadUnits()).provinces;
  }

  /** The communes of a province ([] for a province without its list); NOT_FOUND for an unknown province. */
  async communes(provinceCode: string): Promise<CommuneView[]> {
    const units = await this.loadUnits();
    if (!units.provinceNames.has(provinceCode)) throw new DomainError('NOT_FOUND');
    return units.byProvince.get(provinceCode) ?? [];
  }

  /** Checks an address against the units (422 VALIDATION_FAILED with the fields). */
  async checkAddress(input: AddressInput): Promise<Address> {
    const units = await this.loadUnits();
    const { value, errors } = checkAddress(input, { provinceExists: (code) => units.provinceNames.has(code), communeProvince: (code) => units.communes.get(code)?.provinceCode });
    if (errors.length) throw new DomainError('VALIDATION_FAILED', undefined, errors);
    return value;
  }

  private async deliveryView(row: { recipient_name: string; phone: string; street: string; province_code: string; commune_code: string } | undefined): Promise<DeliveryView | null> {
    if (!row) return null;
    const units = await this.loadUnits();
    return {
      recipientName: row.recipient_name,
      phone: row.phone,
      street: row.street,
      provinceCode: row.province_code,
      communeCode: row.commune_code,
      province: units.provinceNames.get(row.province_code) ?? row.province_code,
      commune: units.communes.get(row.commune_code)?.name ?? row.commune_code,
    };
  }

  private async shipments(dossierId: string): Promise<ShipmentView[]> {
    const rows = await this.repo.shipmentsOf(this.db, dossierId);
    const events = await this.repo.eventsOf(this.db, rows.map((r) => r.id));
    const units = await this.loadUnits();
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      trackingNumber: r.tracking_number,
      postageVnd: Number(r.postage_vnd),
      weightGrams: r.weight_grams,
      status: r.status,
      failureReason: r.failure_reason,
      recipient: {
        name: r.recipient_name,
        phone: r.phone,
        street: r.street,
        commune: units.communes.get(r.commune_code)?.name ?? r.commune_code,
        province: units.provinceNames.get(r.province_code) ?? r.province_code,
      },
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      counterReturnedAt: r.counter_returned_at,
      events: events.filter((e) => e.shipment_id === r.id).map((e) => ({ status: e.status, reason: e.reason, occurredAt: e.occurred_at, applied: e.applied })),
    }));
  }

  // --- applicant side -------------------------------------------------------------------------------------------

  /** The applicant (or a member of the dossier's organisation, read only); anyone else: NOT_FOUND. */
  private own<D extends { applicant_id: string; organisation_id: string | null }>(actor: Actor | null, dossier: D | undefined, write: boolean): D {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    const member = !write && actor.kind === 'organisation' && actor.organisationId !== null && dossier?.organisation_id === actor.organisationId;
    if (!dossier || (dossier.applicant_id !== actor.id && !member)) throw new DomainError('NOT_FOUND');
    return dossier;
  }

  async applicantView(actor: Actor | null, dossierId: string): Promise<ApplicantPostalView> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (!isUuid(dossierId)) throw new DomainError('NOT_FOUND');
    const dossier = this.own(actor, await this.repo.dossier(this.db, dossierId), false);
    const open = deliveryOpen(dossier.status);
    const shipments = await this.shipments(dossierId);
    const pickups = shipments.filter((s) => s.kind === 'dossier');
    const decision = decidePickup(dossier, pickups);
    const applicant = dossier.applicant_id === actor.id;
    return {
      dossier: { id: dossier.id, code: dossier.code, status: dossier.status },
      open,
      canEdit: open && applicant,
      delivery: await this.deliveryView(await this.repo.delivery(this.db, dossierId)),
      shipments,
      pickup: { canRequest: applicant && decision.allowed, blocked: decision.allowed ? null : decision.why, latest: pickups.at(-1) ?? null },
    };
  }

  /**
   * "Send the paper dossier by post": the applicant asks the postal service to pick up the paper dossier at this
   * address and carry it to the agency. A shipment of kind 'dossier' (sender: the applicant at this address;
   * recipient: the agency) is created through the adapter and kept with the pickup address. Allowed by
   * `decidePickup` (an online dossier still being handled; once, again only after a failed pickup); someone
   * else's dossier is NOT_FOUND. The statutory clock is not touched.
   */
  async requestPickup(actor: Actor | null, dossierId: string, input: AddressInput & { weightGrams?: number | undefined }): Promise<ShipmentView> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (!isUuid(dossierId)) throw new DomainError('NOT_FOUND');
    const found = this.own(actor, await this.repo.dossier(this.db, dossierId), true);
    const check = async (db: Executor, dossier: typeof found) => {
      const pickups = (await this.repo.shipmentsOf(db, dossierId)).filter((s) => s.kind === 'dossier');
      const decision = decidePickup(dossier, pickups);
      if (!decision.allowed) throw new DomainError(PICKUP_ERRORS[decision.why]);
      return decision.attempt;
    };
    const attempt = await check(this.db, found);
    const address = await this.checkAddress(input);
    if (!this.gateway) throw new DomainError('POSTAL_NOT_CONFIGURED');
    const weightGrams = input.weightGrams ?? 500;
    const agencyName = await this.repo.agencyName(this.db, found.agency_id);
    const created = await this.gateway.createShipment({
      idempotencyKey: `${dossierId}:dossier:${attempt}`,
      kind: 'dossier',
      reference: found.code ?? dossierId,
      callbackUrl: this.options.callbackUrl,
      weightGrams,
      sender: { name: address.recipientName, phone: address.phone, street: address.street, provinceCode: address.provinceCode, communeCode: address.communeCode },
      recipient: { name: agencyName, provinceCode: this.options.senderProvince },
    });
    const shipment = await this.db.transaction().execute(async (tx) => {
      const dossier = this.own(actor, await this.repo.lockDossier(tx, dossierId), true);
      // Checked again under the dossier's lock: a concurrent request or a change of status meanwhile.
      if ((await check(tx, dossier)) !== attempt) throw new DomainError('POSTAL_PICKUP_PENDING');
      const row = await this.repo.insertShipment(tx, {
        dossier_id: dossierId,
        agency_id: dossier.agency_id,
        kind: 'dossier',
        tracking_number: created.trackingNumber,
        postage_vnd: created.postageVnd,
        weight_grams: weightGrams,
        created_by: actor.id,
        recipient_name: address.recipientName,
        phone: address.phone,
        street: address.street,
        province_code: address.provinceCode,
        commune_code: address.communeCode,
      });
      await this.ports.history(tx, {
        dossier_id: dossierId,
        at: new Date(),
        actor_id: actor.id,
        status: dossier.status!,
        action: 'postal_pickup',
        ...eventColumns({ key: 'timeline.postalPickup', params: { trackingNumber: created.trackingNumber } }),
      });
      await this.audit.record(tx, actor, {
        action: 'postal.pickup_request',
        targetType: 'dossier',
        targetId: dossierId,
        agencyId: dossier.agency_id,
        summary: { code: dossier.code, kind: 'dossier', trackingNumber: created.trackingNumber, postageVnd: created.postageVnd, provinceCode: address.provinceCode, communeCode: address.communeCode },
      });
      return row;
    });
    return (await this.shipments(dossierId)).find((s) => s.id === shipment.id)!;
  }

  /** The latest pickup of the paper dossier, for the applicant's dossier page (null: none, or not theirs to read). */
  async pickupSummary(actor: Actor | null, dossierId: string): Promise<{ trackingNumber: string; status: ShipmentStatus } | null> {
    if (!actor || !isUuid(dossierId)) return null;
    const dossier = await this.repo.dossier(this.db, dossierId);
    const member = actor.kind === 'organisation' && actor.organisationId !== null && dossier?.organisation_id === actor.organisationId;
    if (!dossier || (dossier.applicant_id !== actor.id && !member)) return null;
    const latest = (await this.repo.shipmentsOf(this.db, dossierId)).filter((s) => s.kind === 'dossier').at(-1);
    return latest ? { trackingNumber: latest.tracking_number, status: latest.status } : null;
  }

  /** Paper dossiers that arrived by post at the actor's agencies (dossiers still being handled), latest first. */
  async arrivedQueue(actor: Actor | null) {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (actor.kind !== 'staff') throw new DomainError('FORBIDDEN');
    const scope = await this.ports.handlingScope(actor);
    if (!scope.length) throw new DomainError('FORBIDDEN');
    return await this.repo.arrivedQueue(this.db, scope, PICKUP_OPEN_STATUSES);
  }

  /** Whether the paper of this dossier arrived by post (the mark on the officers' pages); false for anyone else. */
  async paperArrived(actor: Actor | null, dossierId: string): Promise<boolean> {
    if (!actor || actor.kind !== 'staff' || !isUuid(dossierId)) return false;
    const dossier = await this.repo.dossier(this.db, dossierId);
    if (!dossier || !(await this.ports.handlingScope(actor)).includes(dossier.agency_id)) return false;
    return (await this.repo.shipmentsOf(this.db, dossierId)).some((s) => s.kind === 'dossier' && s.status === 'delivered');
  }

  /** The applicant asks for the result by post at this address (until the result is returned). */
  async chooseDelivery(actor: Actor | null, dossierId: string, input: AddressInput): Promise<DeliveryView> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (!isUuid(dossierId)) throw new DomainError('NOT_FOUND');
    this.own(actor, await this.repo.dossier(this.db, dossierId), true);
    const address = await this.checkAddress(input);
    await this.db.transaction().execute(async (tx) => {
      const dossier = this.own(actor, await this.repo.lockDossier(tx, dossierId), true);
      if (!deliveryOpen(dossier.status)) throw new DomainError('POSTAL_DELIVERY_CLOSED');
      await this.repo.saveDelivery(tx, dossierId, actor.id, address);
      await this.audit.record(tx, actor, {
        action: 'dossier.delivery_by_post',
        targetType: 'dossier',
        targetId: dossierId,
        agencyId: dossier.agency_id,
        summary: { code: dossier.code, provinceCode: address.provinceCode, communeCode: address.communeCode },
      });
    });
    return (await this.deliveryView(await this.repo.delivery(this.db, dossierId)))!;
  }

  /** The applicant no longer wants the result by post (until it is returned). */
  async cancelDelivery(actor: Actor | null, dossierId: string): Promise<void> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (!isUuid(dossierId)) throw new DomainError('NOT_FOUND');
    await this.db.transaction().execute(async (tx) => {
      const dossier = this.own(actor, await this.repo.lockDossier(tx, dossierId), true);
      if (!deliveryOpen(dossier.status)) throw new DomainError('POSTAL_DELIVERY_CLOSED');
      if (!(await this.repo.removeDelivery(tx, dossierId))) return;
      await this.audit.record(tx, actor, { action: 'dossier.delivery_by_post_cancel', targetType: 'dossier', targetId: dossierId, agencyId: dossier.agency_id, summary: { code: dossier.code } });
    });
  }

  // --- officer side ---------------------------------------------------------------------------------------------

  async officerView(actor: Actor | null, dossierId: string): Promise<OfficerPostalView> {
    if (!isUuid(dossierId)) throw new DomainError('NOT_FOUND');
    const detail = await this.ports.officerDossier(actor, dossierId);
    const [delivery, shipments] = await Promise.all([this.repo.delivery(this.db, dossierId).then((row) => this.deliveryView(row)), this.shipments(dossierId)]);
    const live = shipments.some((s) => s.kind === 'result' && s.status !== 'failed');
    const dossier = await this.repo.dossier(this.db, dossierId);
    const handles = actor !== null && dossier !== undefined && (await this.ports.handlingScope(actor)).includes(dossier.agency_id);
    return {
      dossier: { id: detail.id, code: detail.code, status: detail.status, version: detail.version },
      delivery,
      shipments,
      canSend: detail.status === 9 && detail.allowedActions.includes('return_result') && delivery !== null && !live,
      canSetAddress: handles && deliveryOpen(detail.status),
      paperArrived: shipments.some((s) => s.kind === 'dossier' && s.status === 'delivered'),
    };
  }

  /**
   * An officer of the dossier's agency records the delivery address: the applicant asked at the counter (or by post)
   * for the result by post, or gave the address by phone. Same checks as the applicant's.
   */
  async officerSetDelivery(actor: Actor | null, dossierId: string, input: AddressInput): Promise<DeliveryView> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (!isUuid(dossierId)) throw new DomainError('NOT_FOUND');
    await this.ports.officerDossier(actor, dossierId);
    const found = await this.repo.dossier(this.db, dossierId);
    if (!found || !(await this.ports.handlingScope(actor)).includes(found.agency_id)) throw new DomainError('FORBIDDEN');
    const address = await this.checkAddress(input);
    await this.db.transaction().execute(async (tx) => {
      const dossier = (await this.repo.lockDossier(tx, dossierId))!;
      if (!deliveryOpen(dossier.status)) throw new DomainError('POSTAL_DELIVERY_CLOSED');
      await this.repo.saveDelivery(tx, dossierId, actor.id, address);
      await this.audit.record(tx, actor, {
        action: 'dossier.delivery_by_post',
        targetType: 'dossier',
        targetId: dossierId,
        agencyId: dossier.agency_id,
        summary: { code: dossier.code, provinceCode: address.provinceCode, communeCode: address.communeCode, byOfficer: true },
      });
    });
    return (await this.deliveryView(await this.repo.delivery(this.db, dossierId)))!;
  }

  /**
   * "Send the result by post": the shipment is created with the postal service (postage and tracking number), kept,
   * and the result recorded as returned by post (return_result, method 'post', the tracking number in the note).
   */
  async sendResult(actor: Actor | null, dossierId: string, input: { weightGrams?: number | undefined; note?: string | undefined; expectedVersion?: number | undefined } = {}): Promise<ShipmentView> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (!isUuid(dossierId)) throw new DomainError('NOT_FOUND');
    const detail = await this.ports.officerDossier(actor, dossierId);
    if (detail.status !== 9) throw new DomainError('POSTAL_NOT_READY');
    if (!detail.allowedActions.includes('return_result')) throw new DomainError('FORBIDDEN');
    const delivery = await this.repo.delivery(this.db, dossierId);
    if (!delivery) throw new DomainError('POSTAL_NO_ADDRESS');
    const existing = await this.repo.shipmentsOf(this.db, dossierId);
    if (existing.some((s) => s.kind === 'result' && s.status !== 'failed')) throw new DomainError('POSTAL_ALREADY_SENT');
    if (!this.gateway) throw new DomainError('POSTAL_NOT_CONFIGURED');
    const dossier = (await this.repo.dossier(this.db, dossierId))!;
    const weightGrams = input.weightGrams ?? 100;
    const attempt = existing.filter((s) => s.kind === 'result').length + 1;
    const created = await this.gateway.createShipment({
      idempotencyKey: `${dossierId}:result:${attempt}`,
      kind: 'result',
      reference: detail.code,
      callbackUrl: this.options.callbackUrl,
      weightGrams,
      sender: { name: detail.agency.name, provinceCode: this.options.senderProvince },
      recipient: { name: delivery.recipient_name, phone: delivery.phone, street: delivery.street, provinceCode: delivery.province_code, communeCode: delivery.commune_code },
    });
    // The result is recorded as returned first: if that fails (the dossier changed meanwhile), nothing is kept here
    // and a retry gets the same shipment back from the postal service (same Idempotency-Key).
    const note = [`Mã bưu gửi ${created.trackingNumber}`, input.note?.trim()].filter(Boolean).join('. ');
    await this.ports.returnByPost(actor, dossierId, { note, expectedVersion: input.expectedVersion });
    const shipment = await this.db.transaction().execute(async (tx) => {
      const row = await this.repo.insertShipment(tx, {
        dossier_id: dossierId,
        agency_id: dossier.agency_id,
        kind: 'result',
        tracking_number: created.trackingNumber,
        postage_vnd: created.postageVnd,
        weight_grams: weightGrams,
        created_by: actor.id,
        recipient_name: delivery.recipient_name,
        phone: delivery.phone,
        street: delivery.street,
        province_code: delivery.province_code,
        commune_code: delivery.commune_code,
      });
      await this.audit.record(tx, actor, {
        action: 'postal.shipment_create',
        targetType: 'dossier',
        targetId: dossierId,
        agencyId: dossier.agency_id,
        summary: { code: detail.code, kind: 'result', trackingNumber: created.trackingNumber, postageVnd: created.postageVnd },
      });
      return row;
    });
    return (await this.shipments(dossierId)).find((s) => s.id === shipment.id)!;
  }

  /** The counter's return queue: failed result deliveries of the actor's agencies, oldest first. */
  async counterQueue(actor: Actor | null) {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (actor.kind !== 'staff') throw new DomainError('FORBIDDEN');
    const scope = await this.ports.handlingScope(actor);
    if (!scope.length) throw new DomainError('FORBIDDEN');
    return await this.repo.counterQueue(this.db, scope);
  }

  /** How many results wait in the actor's counter return queue (0 for anyone else); for the officers' queue page. */
  async counterCount(actor: Actor | null): Promise<number> {
    if (!actor || actor.kind !== 'staff') return 0;
    return await this.repo.counterCount(this.db, await this.ports.handlingScope(actor));
  }

  /** The applicant collected at the counter a result the post failed to deliver. */
  async markReturnedAtCounter(actor: Actor | null, shipmentId: string): Promise<void> {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (!isUuid(shipmentId) || actor.kind !== 'staff') throw new DomainError('NOT_FOUND');
    const scope = await this.ports.handlingScope(actor);
    const found = await this.repo.shipment(this.db, shipmentId);
    if (!found || !scope.includes(found.agency_id)) throw new DomainError('NOT_FOUND');
    if (found.kind !== 'result' || found.status !== 'failed' || found.counter_returned_at) throw new DomainError('POSTAL_NOT_FAILED');
    // The failure sent the dossier back to "result ready" (9): handing it over at the counter is the return.
    const dossier = await this.repo.dossier(this.db, found.dossier_id);
    if (dossier?.status === 9) {
      await this.ports.returnAtCounter(actor, found.dossier_id, { note: `Trả tại quầy sau khi phát bưu chính không thành công (mã bưu gửi ${found.tracking_number})` });
    }
    await this.db.transaction().execute(async (tx) => {
      const shipment = await this.repo.lockShipment(tx, shipmentId);
      if (!shipment || !scope.includes(shipment.agency_id)) throw new DomainError('NOT_FOUND');
      if (shipment.kind !== 'result' || shipment.status !== 'failed' || shipment.counter_returned_at) throw new DomainError('POSTAL_NOT_FAILED');
      await this.repo.markCounterReturned(tx, shipmentId, actor.id);
      await this.audit.record(tx, actor, {
        action: 'postal.counter_return',
        targetType: 'dossier',
        targetId: shipment.dossier_id,
        agencyId: shipment.agency_id,
        summary: { trackingNumber: shipment.tracking_number },
      });
    });
  }

  // --- tracking webhooks ----------------------------------------------------------------------------------------

  /**
   * What an applied event does to the dossier (postal.rules.ts `trackingEffects`), in the webhook's transaction
   * under the dossier's lock: a failed result goes back to the counter (10 → 9, history entry, and the
   * `dossier.status` message every change of status writes, for the national portal's sync and the other
   * consumers), a pickup that reached the agency is written in the history, and the applicant is told through the
   * outbox (topic dossier.postal, rendered in their language by the notifications).
   */
  private async afterTracking(tx: Executor, shipment: { id: string; dossier_id: string; kind: 'dossier' | 'result'; tracking_number: string }, status: TrackingStatus, reason: string | null): Promise<void> {
    const dossier = await this.repo.lockDossier(tx, shipment.dossier_id);
    if (!dossier) return;
    const effects = trackingEffects({ kind: shipment.kind, status }, { status: dossier.status, returnMethod: dossier.return_method });
    const at = new Date();
    const undone = effects.backToCounter ? await this.repo.backToCounter(tx, dossier.id) : undefined;
    if (undone) {
      const event = eventColumns({ key: 'timeline.postalFailed', params: { trackingNumber: shipment.tracking_number, reason: reason?.trim() || null } });
      await this.ports.history(tx, { dossier_id: dossier.id, at, actor_id: null, status: 9, action: 'postal_failed', ...event });
      // The same payload as the back office's (handling.plans.ts planTransition).
      await this.ports.outbox.enqueue(tx, DOSSIER_STATUS_TOPIC, {
        dossierId: dossier.id,
        code: dossier.code,
        agencyId: dossier.agency_id,
        applicantId: dossier.applicant_id,
        status: 9,
        previousStatus: dossier.status,
        action: 'postal_failed',
        at: at.toISOString(),
        content: event.content,
        event: event.message,
        dueAt: undone.due_at?.toISOString() ?? null,
        appointmentAt: undone.appointment_at?.toISOString() ?? null,
        trackingNumber: shipment.tracking_number,
      });
    }
    if (effects.paperArrived) {
      await this.ports.history(tx, {
        dossier_id: dossier.id,
        at,
        actor_id: null,
        status: dossier.status!,
        action: 'postal_arrived',
        ...eventColumns({ key: 'timeline.postalArrived', params: { trackingNumber: shipment.tracking_number } }),
      });
    }
    if (effects.notify) {
      await this.ports.outbox.enqueue(tx, POSTAL_NOTICE_TOPIC, {
        dossierId: dossier.id,
        event: effects.notify,
        kind: shipment.kind,
        trackingNumber: shipment.tracking_number,
        reason: effects.notify === 'failed' ? reason : null,
        backToCounter: effects.backToCounter,
      });
    }
  }

  private async refuse(code: string, trackingNumber: string | null, remote: string | null): Promise<never> {
    await this.repo.refuse(this.db, { code, tracking_number: trackingNumber, remote_address: remote?.slice(0, 100) ?? null });
    throw new DomainError(code);
  }

  /**
   * A tracking webhook: the signature over the raw body first (refused, logged and nothing changed when it does
   * not match), then the event, applied by the state machine under the shipment's row lock: the same event id
   * again and out-of-order or late events are recorded as not applied and answered 200.
   */
  async receiveWebhook(raw: Buffer, signature: unknown, remote: string | null = null): Promise<WebhookOutcome> {
    const secret = this.options.webhookSecret;
    if (!secret || !verifySignature(secret, raw, signature)) return await this.refuse('POSTAL_SIGNATURE_INVALID', null, remote);
    const event = parseTrackingEvent(raw);
    if (!event) return await this.refuse('POSTAL_WEBHOOK_MALFORMED', null, remote);
    const outcome = await this.db.transaction().execute(async (tx) => {
      const shipment = await this.repo.lockShipmentByTracking(tx, event.trackingNumber);
      if (!shipment) return null;
      const seen = await this.repo.eventSeen(tx, shipment.id, event.eventId);
      const decision = decideEvent(shipment.status, { status: event.status, seen });
      if (!decision.apply && decision.why === 'duplicate') {
        return { trackingNumber: shipment.tracking_number, status: shipment.status, applied: false, ignored: 'duplicate' as const };
      }
      await this.repo.insertEvent(tx, { shipment_id: shipment.id, event_id: event.eventId, status: event.status, reason: event.reason, occurred_at: event.occurredAt, applied: decision.apply });
      if (!decision.apply) return { trackingNumber: shipment.tracking_number, status: shipment.status, applied: false, ignored: decision.why };
      await this.repo.setStatus(tx, shipment.id, decision.status, event.reason);
      await this.audit.record(tx, null, {
        action: 'postal.tracking',
        targetType: 'dossier',
        targetId: shipment.dossier_id,
        agencyId: shipment.agency_id,
        summary: { trackingNumber: shipment.tracking_number, status: decision.status, ...(event.reason ? { reason: event.reason } : {}) },
      });
      await this.afterTracking(tx, shipment, decision.status, event.reason);
      return { trackingNumber: shipment.tracking_number, status: decision.status as ShipmentStatus, applied: true };
    });
    if (!outcome) return await this.refuse('POSTAL_SHIPMENT_UNKNOWN', event.trackingNumber, remote);
    return outcome;
  }
}
