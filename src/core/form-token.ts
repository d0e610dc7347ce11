// The anonymous visitor's form token (CSRF cookie `opendvc_csrf`): random bytes signed with a server key, so that a
// cookie planted by someone else (a sibling subdomain, a network attacker on plain HTTP) is not accepted: a
// value without this server's signature is replaced by a fresh token.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const FORM_TOKEN = /^([\w-]{32})\.([\w-]{43})$/;

function mac(key: Buffer, random: string): string {
  return createHmac('sha256', key).update(`form-token:${random}`).digest('base64url');
}

/** A new token: 24 random bytes and their HMAC-SHA256 under `key`, both base64url, joined by a dot. */
export function signFormToken(key: Buffer, random: string = randomBytes(24).toString('base64url')): string {
  return `${random}.${mac(key, random)}`;
}

/** True when the token has the shape of signFormToken's and carries this key's signature (constant time). */
export function verifyFormToken(key: Buffer, token: string | undefined): boolean {
  const match = token ? FORM_TOKEN.exec(token) : null;
  if (!match) return false;
  const expected = Buffer.from(mac(key, match[1]!));
  const given = Buffer.from(match[2]!);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The signing key from a configured or stored secret (derived, so the secret itself signs nothing else). */
export function formTokenKey(secret: string): Buffer {
  return createHmac('sha256', secret).update('opendvc anonymous form token').digest();
}
