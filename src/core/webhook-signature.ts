// Standard Webhooks signatures (https://www.standardwebhooks.com): what OpenDVC signs its webhook deliveries with,
// and what a receiver checks (the demo's receiver simulator, the tests, the integrator guide quote this file).
//
//   webhook-id:        the event's id (the same for every attempt: a receiver dedupes on it)
//   webhook-timestamp: unix seconds of the attempt
//   webhook-signature: v1,<base64 of HMAC-SHA256(secret bytes, "{id}.{timestamp}.{body}")>  (space-separated list)
//
// The secret is `whsec_` + base64 of its bytes (32 random bytes here).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const WEBHOOK_SECRET_PREFIX = 'whsec_';

/** A new secret: `whsec_` + base64 of 32 random bytes. */
export function generateWebhookSecret(): string {
  return WEBHOOK_SECRET_PREFIX + randomBytes(32).toString('base64');
}

/** The key bytes of a `whsec_…` secret (base64 after the prefix). */
export function webhookSecretBytes(secret: string): Buffer {
  return Buffer.from(secret.startsWith(WEBHOOK_SECRET_PREFIX) ? secret.slice(WEBHOOK_SECRET_PREFIX.length) : secret, 'base64');
}

/** The `webhook-signature` header value of one delivery attempt: `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`. */
export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', webhookSecretBytes(secret)).update(`${id}.${timestamp}.${body}`).digest('base64');
  return `v1,${mac}`;
}

export type WebhookCheck = { ok: true } | { ok: false; reason: 'missing_headers' | 'bad_timestamp' | 'too_old' | 'too_new' | 'bad_signature' };

/**
 * The receiver's check: the three headers present, the timestamp within `toleranceSeconds` of `nowSeconds` (5 min:
 * an old message replayed is refused), and one of the signatures (space-separated, `v1,` ones) equal, compared in
 * constant time, to the HMAC of the raw body as received. (A replay within the tolerance is refused by remembering
 * the webhook-ids already accepted, which the receiver does.)
 */
export function verifyWebhook(
  secret: string,
  headers: { id: string | undefined; timestamp: string | undefined; signature: string | undefined },
  body: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): WebhookCheck {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature) return { ok: false, reason: 'missing_headers' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'bad_timestamp' };
  const ts = Number(timestamp);
  if (nowSeconds - ts > toleranceSeconds) return { ok: false, reason: 'too_old' };
  if (ts - nowSeconds > toleranceSeconds) return { ok: false, reason: 'too_new' };
  const expected = Buffer.from(signWebhook(secret, id, ts, body).slice(3), 'base64');
  for (const candidate of signature.split(' ')) {
    const [version, mac] = candidate.split(',', 2);
    if (version !== 'v1' || !mac) continue;
    const given = Buffer.from(mac, 'base64');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return { ok: true };
  }
  return { ok: false, reason: 'bad_signature' };
}
