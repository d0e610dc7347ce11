// The postal service's protocol — the only code that speaks it (the local simulator, src/simulators/postal.ts, is
// the other side). POSTAL_URL points at the service (a real one, or the simulator the demo starts).
//
//   POST {POSTAL_URL}/shipments            Authorization: Bearer {POSTAL_TOKEN}, Idempotency-Key: {key}
//     {kind: 'dossier'|'result', reference: dossier code, callbackUrl, weightGrams, sender, recipient}
//     a result goes from the agency {name, provinceCode} to the applicant {name, phone, street, provinceCode,
//     communeCode}; a dossier ('dossier': the post picks up the paper) from the applicant's full address to the agency
//     → 201 {trackingNumber (UPU S10), postageVnd, status: 'created'}
//
//   Tracking webhook to callbackUrl (our POST /api/postal/webhook), JSON:
//     {eventId, trackingNumber, status: 'accepted'|'in_transit'|'delivered'|'failed', reason?, occurredAt}
//     header X-Postal-Signature: sha256={hex HMAC-SHA256 of the raw body with POSTAL_WEBHOOK_SECRET}
import { createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../../core/errors.ts';
import { postJson, type JsonReply } from '../../core/http-client.ts';
import { isTrackingNumber, TRACKING_STATUSES, type TrackingStatus } from './postal.rules.ts';
import './postal.errors.ts';

export interface ShipmentRequest {
  /** Makes a retried request create one shipment only. */
  idempotencyKey: string;
  kind: 'dossier' | 'result';
  reference: string;
  callbackUrl: string;
  weightGrams: number;
  /** The agency (a result) or the applicant's pickup address (a dossier). */
  sender: Party;
  /** The applicant's delivery address (a result) or the agency (a dossier). */
  recipient: Party;
}

/** One end of a shipment: the applicant's end has the full address, the agency's its name and province. */
export interface Party {
  name: string;
  provinceCode: string;
  phone?: string;
  street?: string;
  communeCode?: string;
}

export interface CreatedShipment {
  trackingNumber: string;
  postageVnd: number;
}

/** The port PostalService uses to create shipments (tests may pass their own). */
export interface PostalGateway {
  createShipment(request: ShipmentRequest): Promise<CreatedShipment>;
}

export interface TrackingEvent {
  eventId: string;
  trackingNumber: string;
  status: TrackingStatus;
  reason: string | null;
  occurredAt: Date;
}

export const SIGNATURE_HEADER = 'x-postal-signature';

export function signPayload(secret: string, raw: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
}

/** The signature header matches the raw body (constant-time comparison). */
export function verifySignature(secret: string, raw: Buffer, header: unknown): boolean {
  if (typeof header !== 'string' || !/^sha256=[0-9a-f]{64}$/.test(header)) return false;
  const expected = Buffer.from(signPayload(secret, raw));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The tracking event of a verified body, or null when it is not one (fields checked, reason bounded). */
export function parseTrackingEvent(raw: Buffer): TrackingEvent | null {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    return null;
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
  const b = body as Record<string, unknown>;
  if (typeof b.eventId !== 'string' || !/^[A-Za-z0-9._:-]{1,100}$/.test(b.eventId)) return null;
  if (!isTrackingNumber(b.trackingNumber)) return null;
  if (typeof b.status !== 'string' || !(TRACKING_STATUSES as readonly string[]).includes(b.status)) return null;
  if (b.reason !== undefined && b.reason !== null && typeof b.reason !== 'string') return null;
  if (typeof b.occurredAt !== 'string' || Number.isNaN(Date.parse(b.occurredAt))) return null;
  const reason = typeof b.reason === 'string' ? b.reason.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').trim().slice(0, 300) || null : null;
  return { eventId: b.eventId, trackingNumber: b.trackingNumber, status: b.status as TrackingStatus, reason, occurredAt: new Date(b.occurredAt) };
}

function parseObject(text: string): object | null {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? value : null;
  } catch {
    return null;
  }
}

/** The postal service over HTTP. Errors and refusals become 503 POSTAL_UNAVAILABLE (nothing is recorded). */
export class HttpPostalGateway implements PostalGateway {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string | undefined,
    private readonly timeoutMs = 10_000,
  ) {}

  async createShipment(request: ShipmentRequest): Promise<CreatedShipment> {
    const { idempotencyKey, ...body } = request;
    let reply: JsonReply;
    try {
      reply = await postJson(`${this.baseUrl}/shipments`, body, { token: this.token, idempotencyKey, timeoutMs: this.timeoutMs });
    } catch {
      throw new DomainError('POSTAL_UNAVAILABLE');
    }
    const answer = parseObject(reply.text) as { trackingNumber?: unknown; postageVnd?: unknown } | null;
    if (!reply.ok || !answer) throw new DomainError('POSTAL_UNAVAILABLE');
    const postage = answer.postageVnd;
    if (!isTrackingNumber(answer.trackingNumber) || typeof postage !== 'number' || !Number.isSafeInteger(postage) || postage < 0) {
      throw new DomainError('POSTAL_UNAVAILABLE');
    }
    return { trackingNumber: answer.trackingNumber, postageVnd: postage };
  }
}
