// Public postal service, pure rules: the shipment state machine (tracking events only move a shipment forward),
// the delivery address check, tracking numbers (UPU S10: two letters, eight digits, a check digit, country).
import type { FieldError } from '../../core/errors.ts';
import { vietnamesePhone } from '../../core/text.ts';

export type ShipmentStatus = 'created' | 'accepted' | 'in_transit' | 'delivered' | 'failed';
export type TrackingStatus = Exclude<ShipmentStatus, 'created'>;
export const TRACKING_STATUSES: readonly TrackingStatus[] = ['accepted', 'in_transit', 'delivered', 'failed'];
export const SHIPMENT_STATUSES: readonly ShipmentStatus[] = ['created', ...TRACKING_STATUSES];

/** How far along a status is: an event applies only when it moves the shipment forward. */
const RANK: Record<ShipmentStatus, number> = { created: 0, accepted: 1, in_transit: 2, delivered: 3, failed: 3 };

export function isTerminal(status: ShipmentStatus): boolean {
  return status === 'delivered' || status === 'failed';
}

export type EventDecision =
  | { apply: true; status: TrackingStatus }
  /** duplicate: this very event was received before; stale: an older step arriving late; closed: after the end. */
  | { apply: false; why: 'duplicate' | 'stale' | 'closed' };

/**
 * What a tracking event does to a shipment: a step forward applies (steps may be skipped: accepted → delivered);
 * the same event id again, an older or equal step (out of order), or anything after delivered/failed is ignored.
 */
export function decideEvent(current: ShipmentStatus, event: { status: TrackingStatus; seen: boolean }): EventDecision {
  if (event.seen) return { apply: false, why: 'duplicate' };
  if (isTerminal(current)) return { apply: false, why: 'closed' };
  if (RANK[event.status] <= RANK[current]) return { apply: false, why: 'stale' };
  return { apply: true, status: event.status };
}

/** The next step of a shipment in the simulator and the demo (null at the end). */
export function nextStatus(current: ShipmentStatus, outcome: 'delivered' | 'failed' = 'delivered'): TrackingStatus | null {
  if (current === 'created') return 'accepted';
  if (current === 'accepted') return 'in_transit';
  if (current === 'in_transit') return outcome;
  return null;
}

// --- tracking numbers (UPU S10) ----------------------------------------------------------------------------------

const S10_WEIGHTS = [8, 6, 4, 2, 3, 5, 9, 7];

/** The S10 check digit of eight serial digits. */
export function s10CheckDigit(serial: string): number {
  const sum = [...serial].reduce((total, digit, i) => total + Number(digit) * S10_WEIGHTS[i]!, 0);
  const check = 11 - (sum % 11);
  return check === 10 ? 0 : check === 11 ? 5 : check;
}

/** A well-formed S10 tracking number (e.g. "RR123456785VN"), check digit included. */
export function isTrackingNumber(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = /^[A-Z]{2}([0-9]{8})([0-9])[A-Z]{2}$/.exec(value);
  return !!match && s10CheckDigit(match[1]!) === Number(match[2]);
}

// --- delivery address ---------------------------------------------------------------------------------------------

export const ADDRESS_LIMITS = { name: 100, street: 200 } as const;

export interface AddressInput {
  recipientName?: unknown;
  phone?: unknown;
  street?: unknown;
  provinceCode?: unknown;
  communeCode?: unknown;
}

export interface Address {
  recipientName: string;
  phone: string;
  street: string;
  provinceCode: string;
  communeCode: string;
}

/** What the address check needs to know of the address units: whether a province exists, a commune's province. */
export interface AddressUnits {
  provinceExists(provinceCode: string): boolean;
  communeProvince(communeCode: string): string | undefined;
}

// C0/C1 controls, lone surrogates, non-characters, and the bidirectional overrides that would reorder a label.
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufdd0-\ufdef\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function text(value: unknown): string {
  return typeof value === 'string' ? value.normalize('NFC').trim().replace(/\s+/g, ' ') : '';
}

/**
 * Checks a delivery address: a name and a street of visible text without control characters and within their
 * limits, a Vietnamese phone number (10 digits, 0 first; +84 or 84 accepted: `vietnamesePhone`), a known province and a
 * commune of that province. All errors at once, by field.
 */
export function checkAddress(input: AddressInput, units: AddressUnits): { value: Address; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const raw = (v: unknown) => (typeof v === 'string' ? v : '');
  const field = (name: 'recipientName' | 'street', max: number): string => {
    const value = text(input[name]);
    if (FORBIDDEN.test(raw(input[name]))) errors.push({ path: `/${name}`, code: 'invalidCharacter' });
    else if (!value || !/[\p{L}\p{N}]/u.test(value)) errors.push({ path: `/${name}`, code: 'required' });
    else if (value.length > max) errors.push({ path: `/${name}`, code: 'maxLength', params: { limit: max } });
    return value;
  };
  const recipientName = field('recipientName', ADDRESS_LIMITS.name);
  const street = field('street', ADDRESS_LIMITS.street);
  const typed = text(input.phone);
  const stored = vietnamesePhone(typed);
  if (!typed) errors.push({ path: '/phone', code: 'required' });
  else if (!stored) errors.push({ path: '/phone', code: 'phone' });
  const phone = stored ?? typed;
  const provinceCode = text(input.provinceCode);
  const communeCode = text(input.communeCode);
  if (!provinceCode) errors.push({ path: '/provinceCode', code: 'required' });
  const provinceKnown = /^[0-9]{2}$/.test(provinceCode) && units.provinceExists(provinceCode);
  if (provinceCode && !provinceKnown) errors.push({ path: '/provinceCode', code: 'unknownProvince' });
  if (!communeCode) errors.push({ path: '/communeCode', code: 'required' });
  else {
    const province = /^[0-9]{5}$/.test(communeCode) ? units.communeProvince(communeCode) : undefined;
    if (province === undefined) errors.push({ path: '/communeCode', code: 'unknownCommune' });
    else if (provinceKnown && province !== provinceCode) errors.push({ path: '/communeCode', code: 'communeNotInProvince' });
  }
  return { value: { recipientName, phone, street, provinceCode, communeCode }, errors };
}

/** Whether the applicant may still choose or change delivery by post: before the result is returned. */
export function deliveryOpen(status: number | null): boolean {
  return status !== null && [1, 2, 4, 5, 6, 9].includes(status);
}

// --- the paper dossier picked up by the post ---------------------------------------------------------------------

/** Statuses in which the paper dossier may still be sent to the agency: submitted and not yet decided. */
export const PICKUP_OPEN_STATUSES: readonly number[] = [1, 2, 4, 5, 6];

export type PickupDecision =
  | { allowed: true; attempt: number }
  /**
   * closed: the dossier is a draft, decided, returned, refused, withdrawn or stopped; notOnline: registered at the
   * counter or received by post (the agency holds the paper already); pending: a pickup is on its way; arrived: the
   * paper has already reached the agency.
   */
  | { allowed: false; why: 'closed' | 'notOnline' | 'pending' | 'arrived' };

/**
 * Whether the applicant may ask the post to pick up the paper dossier: an online dossier (channel 2) still being
 * handled, with no pickup on its way nor delivered — once per dossier, again only after a failed one. `attempt`
 * numbers the request (1 for the first; the postal service's idempotency key). The statutory clock is untouched.
 */
export function decidePickup(dossier: { status: number | null; channel: number | null }, pickups: ReadonlyArray<{ status: ShipmentStatus }>): PickupDecision {
  if (dossier.status === null || !PICKUP_OPEN_STATUSES.includes(dossier.status)) return { allowed: false, why: 'closed' };
  if (dossier.channel !== 2) return { allowed: false, why: 'notOnline' };
  if (pickups.some((p) => p.status === 'delivered')) return { allowed: false, why: 'arrived' };
  if (pickups.some((p) => p.status !== 'failed')) return { allowed: false, why: 'pending' };
  return { allowed: true, attempt: pickups.length + 1 };
}

/** What an applied tracking event does beyond the shipment itself. */
export interface TrackingEffects {
  /** The applicant is told (delivered or failed), in their language. */
  notify: 'delivered' | 'failed' | null;
  /**
   * A result the post could not deliver goes back to the counter: the return by post is undone (10 → 9, the
   * dossier again in the receptionists' "to return" list) and the result is to be collected at the counter.
   */
  backToCounter: boolean;
  /** The paper dossier reached the agency: a history entry, and the mark on the receptionist's pages. */
  paperArrived: boolean;
}

/**
 * The effects of an event that moved a shipment to `status`. A result shipment: delivered or failed is told to the
 * applicant; failed sends the dossier back to the counter only while it still stands returned by post (status 10,
 * method 'post'). A pickup: told and marked only while the dossier is still being handled — for a closed dossier
 * (withdrawn, refused, decided …) the shipment's status is kept and nothing else happens.
 */
export function trackingEffects(
  shipment: { kind: 'dossier' | 'result'; status: ShipmentStatus },
  dossier: { status: number | null; returnMethod: string | null },
): TrackingEffects {
  const none: TrackingEffects = { notify: null, backToCounter: false, paperArrived: false };
  if (!isTerminal(shipment.status)) return none;
  const outcome = shipment.status as 'delivered' | 'failed';
  if (shipment.kind === 'result') {
    return { notify: outcome, backToCounter: outcome === 'failed' && dossier.status === 10 && dossier.returnMethod === 'post', paperArrived: false };
  }
  if (dossier.status === null || !PICKUP_OPEN_STATUSES.includes(dossier.status)) return none;
  return { notify: outcome, backToCounter: false, paperArrived: outcome === 'delivered' };
}
