// Single sign-on with VNeID, the pure part: what the ID token's claims must say, and how a signed-in identity is
// matched to an account — by the provider's subject, else by personal ID only (never by name or e-mail).
import { createHash } from 'node:crypto';

export const VNEID_PROVIDER = 'vneid';

/** The person the identity provider vouches for (from the validated ID token). */
export interface SsoPerson {
  subject: string;
  personalId: string;
  fullName: string;
  /** yyyy-mm-dd, or null when the provider gave none. */
  dateOfBirth: string | null;
  /** Level of assurance (VNeID: 1 or 2). */
  loa: number;
  /** The IdP's session id (back-channel logout), when given. */
  sid: string | null;
  /** Set when the person signs in as the representative of a business. */
  business: { taxCode: string; name: string } | null;
}

const str = (value: unknown, max: number): string | null =>
  typeof value === 'string' && value.trim() !== '' && value.length <= max ? value.trim().replace(/\s+/g, ' ') : null;

/** A visible name without control characters (claims are outside input like any other). */
const SAFE_TEXT = /^[^\p{Cc}\p{Cs}\p{Co}\p{Cn}]+$/u;

/** The level of assurance named by `acr` (`vneid:loa:2`, `…loa2`, `2`), else the `loa` claim; 1 when neither says. */
export function levelOfAssurance(acr: unknown, loa: unknown): number {
  const fromAcr = typeof acr === 'string' ? /(?:^|[:/_.-])(?:loa)?[:_-]?([1-4])$/i.exec(acr)?.[1] : undefined;
  if (fromAcr) return Number(fromAcr);
  if (typeof loa === 'number' && Number.isInteger(loa) && loa >= 1 && loa <= 4) return loa;
  if (typeof loa === 'string' && /^[1-4]$/.test(loa)) return Number(loa);
  return 1;
}

/** The person named by the claims, or the name of the first claim that is missing or malformed. */
export function personFromClaims(claims: Record<string, unknown>): { person: SsoPerson } | { problem: string } {
  const subject = str(claims.sub, 255);
  if (!subject) return { problem: 'sub' };
  const personalId = typeof claims.personal_id === 'string' ? claims.personal_id.trim() : '';
  if (!/^[0-9]{12}$/.test(personalId)) return { problem: 'personal_id' };
  const fullName = str(claims.name, 100);
  if (!fullName || !SAFE_TEXT.test(fullName)) return { problem: 'name' };
  let dateOfBirth: string | null = null;
  if (claims.birthdate !== undefined && claims.birthdate !== null) {
    const raw = typeof claims.birthdate === 'string' ? claims.birthdate : '';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(raw) || Number.isNaN(Date.parse(`${raw}T00:00:00Z`)) || !new Date(`${raw}T00:00:00Z`).toISOString().startsWith(raw)) {
      return { problem: 'birthdate' };
    }
    dateOfBirth = raw;
  }
  let business: SsoPerson['business'] = null;
  if (claims.tax_code !== undefined && claims.tax_code !== null) {
    const taxCode = typeof claims.tax_code === 'string' ? claims.tax_code.trim() : '';
    if (!/^[0-9]{10}(-[0-9]{3})?$/.test(taxCode)) return { problem: 'tax_code' };
    const name = str(claims.organisation_name, 200);
    if (!name || !SAFE_TEXT.test(name)) return { problem: 'organisation_name' };
    business = { taxCode, name };
  }
  const sid = str(claims.sid, 255);
  return { person: { subject, personalId, fullName, dateOfBirth, loa: levelOfAssurance(claims.acr, claims.loa), sid, business } };
}

/** The username of an account made by single sign-on: from the provider and subject, so it reveals no personal ID. */
export function ssoUsername(provider: string, subject: string, attempt = 0): string {
  const hash = createHash('sha256').update(`${provider}|${subject}`).digest('hex');
  return `${provider}.${hash.slice(0, 12)}${attempt ? `.${attempt}` : ''}`;
}

/**
 * The password hash of an account made by single sign-on: not an argon2 hash, so no password ever verifies against
 * it (PasswordHasher.verify answers false); the person may set one later through "forgot password" once the
 * account has an e-mail address.
 */
export const NO_PASSWORD = '!sso-no-password';

/** What is known when an identity signs in. */
export interface LinkFacts {
  person: SsoPerson;
  /** The account already linked to this (provider, subject), with its personal ID and organisation's tax code. */
  linked: { accountId: string; personalId: string | null; taxCode: string | null; status: 'pending' | 'active' | 'disabled' } | null;
  /**
   * Citizen sign-in: the citizen account holding this personal ID. Representative sign-in: the organisation
   * account of this person (same personal ID) in the organisation with this tax code. With the subject it is
   * linked to for this provider, if any.
   */
  holder: { accountId: string; status: 'pending' | 'active' | 'disabled'; linkedSubject: string | null } | null;
}

export type LinkDecision =
  | { kind: 'sign_in'; accountId: string }
  | { kind: 'link'; accountId: string }
  | { kind: 'create' }
  | { kind: 'refuse'; reason: 'personal_id_conflict' | 'disabled'; accountId: string | null; otherAccountId: string | null };

/**
 * Links or creates by personal ID only, and never merges: a returning identity whose personal ID (or represented
 * business) no longer matches its account, or a personal ID whose account is linked to another identity, is refused.
 */
export function decideLink(facts: LinkFacts): LinkDecision {
  const { person, linked, holder } = facts;
  const taxCode = person.business?.taxCode ?? null;
  if (linked) {
    if (linked.personalId !== person.personalId || linked.taxCode !== taxCode) {
      return { kind: 'refuse', reason: 'personal_id_conflict', accountId: linked.accountId, otherAccountId: holder && holder.accountId !== linked.accountId ? holder.accountId : null };
    }
    if (linked.status === 'disabled') return { kind: 'refuse', reason: 'disabled', accountId: linked.accountId, otherAccountId: null };
    return { kind: 'sign_in', accountId: linked.accountId };
  }
  if (holder) {
    if (holder.linkedSubject !== null && holder.linkedSubject !== person.subject) {
      return { kind: 'refuse', reason: 'personal_id_conflict', accountId: null, otherAccountId: holder.accountId };
    }
    if (holder.status === 'disabled') return { kind: 'refuse', reason: 'disabled', accountId: holder.accountId, otherAccountId: null };
    return { kind: 'link', accountId: holder.accountId };
  }
  return { kind: 'create' };
}

/**
 * Where a VNeID sign-in lands: the page asked for (`next`, already made safe), else an applicant's (citizen's or
 * organisation's) own dossiers, else the home page.
 */
export function ssoLanding(kind: string, next: string): string {
  if (next) return next;
  return kind === 'citizen' || kind === 'organisation' ? '/ho-so' : '/';
}
