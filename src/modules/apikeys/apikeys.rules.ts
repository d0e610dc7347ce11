// Pure rules of service accounts and API keys: the token format, a key's status at an instant, the checks of an
// administrator's input (expiry, rate limit, grace period, name) and the rate-limit window. No I/O, no clock.
import { createHash, timingSafeEqual } from 'node:crypto';
import { ROLES } from '../../core/actor.ts';
import { addDays, isIsoDate } from '../../core/time.ts';
import type { Role } from '../../db/schema.ts';

/** `odk_` + 12 hex digits (the public prefix, shown in lists) + `_` + 43 base64url characters (the 256-bit secret). */
export const TOKEN_PATTERN = /^odk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
export const TOKEN_SCHEME = 'odk_';
/** A key is valid for at most two years (730 days after the day it is made). */
export const MAX_VALIDITY_DAYS = 730;
export const MAX_RATE_PER_MINUTE = 100_000;
export const DEFAULT_RATE_PER_MINUTE = 60;
/** The longest a rotated key stays valid next to its successor (24 hours). */
export const MAX_GRACE_MINUTES = 1440;
export const WINDOW_MS = 60_000;
/** The password hash of every service account (migration 0034 CHECKs it): no argon2 hash, so no password verifies. */
export const SERVICE_PASSWORD_HASH = '!service-account';

export interface ParsedToken {
  prefix: string;
  secret: string;
}

export function formatToken(prefix: string, secret: string): string {
  return `${TOKEN_SCHEME}${prefix}_${secret}`;
}

export function parseToken(token: string): ParsedToken | null {
  const match = TOKEN_PATTERN.exec(token);
  return match ? { prefix: match[1]!, secret: match[2]! } : null;
}

/**
 * The API key of an `Authorization` header: `Bearer odk_…` (the scheme case-insensitive). Null when the header is
 * absent or carries anything else — another bearer token (METRICS_TOKEN, the national portal's) is not ours.
 * An `odk_` token of the wrong shape is returned as it is, so it is refused as an invalid key.
 */
export function bearerApiKey(header: string | string[] | undefined): string | null {
  if (typeof header !== 'string') return null;
  const match = /^Bearer[ \t]+(odk_\S*)[ \t]*$/i.exec(header);
  return match ? match[1]! : null;
}

/** SHA-256 of the secret: a 256-bit random secret needs no slow (argon2) hash. */
export function secretHash(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

/** Constant-time comparison of the hash of a presented secret with the stored one. */
export function secretMatches(secret: string, stored: Uint8Array): boolean {
  const given = secretHash(secret);
  return stored.length === given.length && timingSafeEqual(given, stored);
}

export type KeyStatus = 'active' | 'expired' | 'revoked';

/** A key's status at an instant: revoked from `revoked_at` on (which may lie ahead: a rotation's grace), then expired. */
export function keyStatus(key: { revokedAt: Date | null; expiresAt: Date }, now: Date): KeyStatus {
  if (key.revokedAt && key.revokedAt.getTime() <= now.getTime()) return 'revoked';
  if (key.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'active';
}

/** The error code of a key that is not active (what a request with it is answered). */
export function refusalOf(status: KeyStatus): 'API_KEY_REVOKED' | 'API_KEY_EXPIRED' | null {
  return status === 'revoked' ? 'API_KEY_REVOKED' : status === 'expired' ? 'API_KEY_EXPIRED' : null;
}

export interface Problem {
  code: string;
  params?: Record<string, string | number>;
}

/**
 * The expiry day (yyyy-mm-dd, Vietnam time; the key ends when that day ends): required, a real day, after `today`
 * and at most MAX_VALIDITY_DAYS after it.
 */
export function expiryProblem(day: string | null | undefined, today: string): Problem | null {
  if (day === null || day === undefined || day.trim() === '') return { code: 'required' };
  if (!isIsoDate(day)) return { code: 'API_KEY_EXPIRY_INVALID' };
  if (day <= today) return { code: 'API_KEY_EXPIRY_PAST' };
  const last = addDays(today, MAX_VALIDITY_DAYS);
  if (day > last) return { code: 'API_KEY_EXPIRY_TOO_FAR', params: { days: MAX_VALIDITY_DAYS, last: `${last.slice(8, 10)}/${last.slice(5, 7)}/${last.slice(0, 4)}` } };
  return null;
}

/** Calls per minute: a whole number from 1 to MAX_RATE_PER_MINUTE. */
export function rateProblem(value: number | null | undefined): Problem | null {
  if (value === null || value === undefined || !Number.isInteger(value) || value < 1 || value > MAX_RATE_PER_MINUTE) {
    return { code: 'API_KEY_RATE_INVALID', params: { max: MAX_RATE_PER_MINUTE } };
  }
  return null;
}

/** Minutes the rotated key stays valid: a whole number from 0 (revoked at once) to MAX_GRACE_MINUTES. */
export function graceProblem(value: number | null | undefined): Problem | null {
  if (value === null || value === undefined) return null;
  if (!Number.isInteger(value) || value < 0 || value > MAX_GRACE_MINUTES) return { code: 'API_KEY_GRACE_INVALID', params: { max: MAX_GRACE_MINUTES } };
  return null;
}

/** A name: visible text, at most 200 characters once trimmed. */
export function nameProblem(name: string | null | undefined): Problem | null {
  const text = (name ?? '').trim();
  if (!text) return { code: 'API_KEY_NAME_REQUIRED' };
  if (text.length > 200) return { code: 'maxLength', params: { limit: 200 } };
  return null;
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Start of the counting window (one minute) of an instant, and the seconds until the next one (at least 1). */
export function rateWindow(nowMs: number): { start: Date; retryAfter: number } {
  const start = Math.floor(nowMs / WINDOW_MS) * WINDOW_MS;
  return { start: new Date(start), retryAfter: Math.max(1, Math.ceil((start + WINDOW_MS - nowMs) / 1000)) };
}

/**
 * When a rotated key stops being valid: at once with no grace, else `grace` minutes later — never later than it
 * would have anyway (its expiry, an earlier revocation).
 */
export function rotatedRevocation(now: Date, graceMinutes: number, key: { revokedAt: Date | null; expiresAt: Date }): Date {
  let end = now.getTime() + graceMinutes * 60_000;
  if (key.revokedAt) end = Math.min(end, key.revokedAt.getTime());
  return new Date(Math.min(end, key.expiresAt.getTime()));
}

/** The default expiry of a rotated key: as long as the old one was valid for, within the limit. */
export function rotatedExpiryDay(today: string, validityDays: number): string {
  return addDays(today, Math.min(MAX_VALIDITY_DAYS, Math.max(1, validityDays)));
}

/** A service account's username: `svc.` and 10 hex digits (not chosen by anyone, never used to sign in). */
export function serviceUsername(randomHex: string): string {
  return `svc.${randomHex.slice(0, 10)}`;
}
