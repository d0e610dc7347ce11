// Webhooks, the pure rules: which outbox message is which event, the event's frozen payload, the back-off table,
// what an attempt's outcome means, the ordering planner (per dossier and subscription, oldest first) and the
// target URL check (https; private, loopback and link-local addresses refused unless allowed — SSRF).
import { isIP } from 'node:net';
import type { FieldError } from '../../core/errors.ts';
import type { WebhookEventType } from '../../db/schema.ts';

export const EVENT_TYPES: readonly WebhookEventType[] = ['dossier.submitted', 'dossier.status_changed', 'result.issued', 'result.revoked', 'payment.received'];

/** The outbox topics the consumer reads. */
export const WEBHOOK_TOPICS = ['dossier.submitted', 'dossier.status', 'dossier.result', 'payment.paid'] as const;

export function isEventType(value: unknown): value is WebhookEventType {
  return typeof value === 'string' && (EVENT_TYPES as readonly string[]).includes(value);
}

/** The event an outbox message is (null: not one subscribers are told about). */
export function eventTypeOf(topic: string, payload: Record<string, unknown>): WebhookEventType | null {
  switch (topic) {
    case 'dossier.submitted':
      return 'dossier.submitted';
    case 'dossier.status':
      return 'dossier.status_changed';
    case 'dossier.result':
      return payload.event === 'issued' ? 'result.issued' : payload.event === 'revoked' ? 'result.revoked' : null;
    case 'payment.paid':
      return 'payment.received';
    default:
      return null;
  }
}

/** The event's id (payload `id`, header `webhook-id`): stable, one per outbox message. */
export function eventId(outboxId: string): string {
  return `evt_${outboxId}`;
}

/** What the consumer knows of the dossier when the message is consumed (read through the dossiers' port). */
export interface DossierFacts {
  id: string;
  code: string | null;
  status: number | null;
  channel: number;
  procedureCode: string;
  agencyId: string;
  agencyCode: string;
}

export interface WebhookEvent {
  id: string;
  type: WebhookEventType;
  occurredAt: string;
  agency: { id: string; code: string };
  data: Record<string, unknown>;
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

function int(value: unknown): number | null {
  const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) ? n : null;
}

function iso(value: unknown): string | null {
  if (value instanceof Date) return value.toISOString();
  if (typeof value !== 'string') return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

/**
 * The event's payload, frozen now: `{ id, type, occurredAt, agency: {id, code}, data: { dossierId, dossierCode,
 * procedureCode, channel, status, … } }`. Only what the subscribing agency sees anyway: no applicant, no form data.
 * `status` is the national status (1–10) the message carries (the dossier's current one otherwise).
 */
export function buildEvent(type: WebhookEventType, message: { id: string; payload: Record<string, unknown>; created_at: Date }, dossier: DossierFacts): WebhookEvent {
  const p = message.payload;
  const status = int(p.status) ?? dossier.status;
  const data: Record<string, unknown> = {
    dossierId: dossier.id,
    dossierCode: dossier.code ?? str(p.code),
    procedureCode: dossier.procedureCode,
    channel: dossier.channel,
    status,
  };
  let occurredAt = iso(message.created_at) ?? new Date(0).toISOString();
  if (type === 'dossier.submitted') {
    occurredAt = iso(p.submittedAt) ?? occurredAt;
    data.submittedAt = occurredAt;
    data.expectedDate = str(p.expectedDate);
  } else if (type === 'dossier.status_changed') {
    occurredAt = iso(p.at) ?? occurredAt;
    data.previousStatus = int(p.previousStatus);
    data.action = str(p.action);
    data.dueAt = iso(p.dueAt);
    data.appointmentAt = iso(p.appointmentAt);
  } else if (type === 'result.issued' || type === 'result.revoked') {
    data.verificationCode = str(p.verification);
  } else if (type === 'payment.received') {
    occurredAt = iso(p.paidAt) ?? occurredAt;
    data.orderNo = str(p.orderNo);
    data.amountVnd = int(p.amountVnd);
    data.receipt = str(p.receipt);
  }
  return { id: eventId(message.id), type, occurredAt, agency: { id: dossier.agencyId, code: dossier.agencyCode }, data };
}

// --- retries --------------------------------------------------------------------------------------

/** Waits after the 1st, 2nd, … failed attempt of a round; after the last, the delivery is failed. */
export const RETRY_DELAYS_MS: readonly number[] = [30_000, 120_000, 600_000, 3_600_000, 21_600_000];
/** Attempts of one round (a delivery, or its "send again") before it is given up as failed. */
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
/** A claimed delivery is not claimed again for this long past the timeout (a worker that died mid-send). */
export const LEASE_MARGIN_MS = 60_000;

/** The answer of one attempt: a status code, or no answer (timeout, refused connection, refused target). */
export type AttemptResult = { status: number } | { error: string };

export type AttemptOutcome =
  | { status: 'delivered' }
  | { status: 'pending'; nextAttemptAt: Date }
  | { status: 'failed' };

/** 2xx delivered; anything else retried after RETRY_DELAYS_MS[n-1], failed after MAX_ATTEMPTS of the round. */
export function attemptOutcome(result: AttemptResult, roundAttempts: number, now: Date): AttemptOutcome {
  if ('status' in result && result.status >= 200 && result.status < 300) return { status: 'delivered' };
  if (roundAttempts >= MAX_ATTEMPTS) return { status: 'failed' };
  const delay = RETRY_DELAYS_MS[Math.max(0, roundAttempts - 1)] ?? RETRY_DELAYS_MS[RETRY_DELAYS_MS.length - 1]!;
  return { status: 'pending', nextAttemptAt: new Date(now.getTime() + delay) };
}

// --- ordering -------------------------------------------------------------------------------------

export interface PlannedDelivery {
  id: string;
  subscriptionId: string;
  dossierId: string;
  /** Creation order. */
  seq: number;
  status: 'pending' | 'delivered' | 'failed';
  nextAttemptAt: Date;
}

/**
 * The deliveries that may be sent now: pending and due, and the oldest pending of their (subscription, dossier) —
 * never a newer event of a dossier before an older one is delivered or given up. The claim query's SQL says the same.
 */
export function sendable(deliveries: readonly PlannedDelivery[], now: Date): PlannedDelivery[] {
  const oldest = new Map<string, number>();
  for (const d of deliveries) {
    if (d.status !== 'pending') continue;
    const key = `${d.subscriptionId}/${d.dossierId}`;
    const seen = oldest.get(key);
    if (seen === undefined || d.seq < seen) oldest.set(key, d.seq);
  }
  return deliveries
    .filter((d) => d.status === 'pending' && d.nextAttemptAt.getTime() <= now.getTime() && oldest.get(`${d.subscriptionId}/${d.dossierId}`) === d.seq)
    .sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || a.seq - b.seq);
}

// --- targets (SSRF) -------------------------------------------------------------------------------

function ipv4Private(ip: string): boolean {
  const [a, b] = ip.split('.').map(Number) as [number, number, number, number];
  return (
    a === 0 || a === 10 || a === 127 || (a === 100 && b >= 64 && b <= 127) || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) || (a === 192 && b === 0) || (a === 198 && (b === 18 || b === 19)) || a >= 224
  );
}

/** Loopback, private, link-local, carrier-grade NAT, unique-local, multicast, unspecified, reserved: not the Internet. */
export function isPrivateAddress(address: string): boolean {
  const ip = address.replace(/^\[|\]$/g, '').toLowerCase();
  const family = isIP(ip);
  if (family === 4) return ipv4Private(ip);
  if (family !== 6) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(ip);
  if (mapped) return ipv4Private(mapped[1]!);
  if (ip === '::' || ip === '::1') return true;
  const first = parseInt(ip.split(':')[0] || '0', 16);
  return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80 || (first & 0xff00) === 0xff00 || ip.startsWith('::ffff:') || ip.startsWith('64:ff9b:') || ip.startsWith('2001:db8:');
}

export type TargetProblem = 'WEBHOOK_URL_INVALID' | 'WEBHOOK_URL_NOT_HTTPS' | 'WEBHOOK_URL_PRIVATE';

/**
 * The subscription's target URL: absolute http(s) without credentials or fragment; https unless private targets are
 * allowed; a host that is an address of a private network or `localhost` refused unless allowed. (A name is
 * checked again when sent, against every address it resolves to: src/modules/webhooks/webhooks.sender.ts.)
 */
export function targetProblem(raw: string, allowPrivate: boolean): TargetProblem | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'WEBHOOK_URL_INVALID';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'WEBHOOK_URL_INVALID';
  if (url.username || url.password || url.hash || !url.hostname || raw.length > 2000) return 'WEBHOOK_URL_INVALID';
  if (allowPrivate) return null;
  if (url.protocol !== 'https:') return 'WEBHOOK_URL_NOT_HTTPS';
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.internal') || host.endsWith('.local')) return 'WEBHOOK_URL_PRIVATE';
  if (isIP(host)) return isPrivateAddress(host) ? 'WEBHOOK_URL_PRIVATE' : null;
  // Numeric shorthands the resolver would read as addresses (2130706433, 0x7f.1, 127.1): refused as ambiguous.
  if (/^[0-9.]+$/.test(host) || /^0x[0-9a-f]+/.test(host)) return 'WEBHOOK_URL_PRIVATE';
  return null;
}

// --- the subscription form -----------------------------------------------------------------------

export interface SubscriptionInput {
  name: string;
  url: string;
  agencyId: string;
  eventTypes: WebhookEventType[];
  active: boolean;
}

/** The field errors of a subscription (name, url, agency, event types). */
export function subscriptionProblems(input: { name: string; url: string; agencyId: string; eventTypes: readonly string[] }, allowPrivate: boolean): FieldError[] {
  const errors: FieldError[] = [];
  const name = input.name.trim();
  if (!name) errors.push({ path: '/name', code: 'WEBHOOK_NAME_REQUIRED' });
  else if (name.length > 200) errors.push({ path: '/name', code: 'WEBHOOK_NAME_TOO_LONG' });
  const url = input.url.trim();
  if (!url) errors.push({ path: '/url', code: 'WEBHOOK_URL_INVALID' });
  else {
    const problem = targetProblem(url, allowPrivate);
    if (problem) errors.push({ path: '/url', code: problem });
  }
  if (!input.agencyId) errors.push({ path: '/agencyId', code: 'WEBHOOK_AGENCY_REQUIRED' });
  if (input.eventTypes.length === 0 || !input.eventTypes.every(isEventType)) errors.push({ path: '/eventTypes', code: 'WEBHOOK_EVENTS_REQUIRED' });
  return errors;
}
