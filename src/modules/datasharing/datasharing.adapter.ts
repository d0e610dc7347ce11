// The data-sharing platform's protocol (LGSP/NGSP) — the only code that speaks it (the local simulator,
// src/simulators/data-sharing.ts, is the other side). DATA_SHARING_URL points at the platform's gateway.
//
//   POST {DATA_SHARING_URL}/oauth2/token         Authorization: Basic {client id:secret}, grant_type=client_credentials
//     → {access_token, token_type: 'Bearer', expires_in}      (OAuth 2.0 client credentials, RFC 6749 §4.4)
//   POST {DATA_SHARING_URL}/population/v1/lookup  Authorization: Bearer {token}, {personalId}
//     → {status: 'found', person: {personalId, fullName, dateOfBirth, permanentAddress: {province, commune, street}}}
//       | {status: 'not_found'}
//   POST {DATA_SHARING_URL}/business/v1/lookup    Authorization: Bearer {token}, {taxCode}
//     → {status: 'found', business: {taxCode, name, address: {…}, legalRepresentative}} | {status: 'not_found'}
//
// Why client credentials rather than a static bearer token: the provincial and national gateways are API managers
// that admit a consumer system by its client id and secret and hand out short-lived tokens; a leaked token expires,
// the secret never travels with a lookup. The token is kept until shortly before it expires and asked for again
// once when a lookup is answered 401.
//
// Every call is bounded (timeout, answer size); every answer is checked against datasharing.schemas.ts. A lookup
// never throws: a slow, empty, malformed or refused answer is an outcome the service records.
import { Value } from 'typebox/value';
import { AnswerTooLarge, postJson, Unreachable, type JsonReply } from '../../core/http-client.ts';
import type { LookupAnswer, SharedSource } from './datasharing.rules.ts';
import { BusinessAnswer, PopulationAnswer, TokenAnswer } from './datasharing.schemas.ts';

/** The port the service looks up through (tests may pass their own). */
export interface DataSharingClient {
  lookup(source: SharedSource, subject: string): Promise<LookupAnswer>;
}

export interface HttpDataSharingOptions {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Per call (token and lookup); default 5 s. */
  timeoutMs?: number;
  /** Largest answer read; default 64 KiB. */
  maxBytes?: number;
  now?: () => number;
}

const PATHS: Record<SharedSource, string> = { population: '/population/v1/lookup', business: '/business/v1/lookup' };

function parse(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

const isEmptyValue = (value: unknown) => value === null || (Array.isArray(value) && value.length === 0) || (typeof value === 'object' && value !== null && Object.keys(value).length === 0);

/**
 * What an answer means (pure; never throws, whatever the status and body): refused (401/403), an error (other non-2xx),
 * empty (no body, null, {} or []), malformed (not JSON, not the schema, or the record of another key), not found, or
 * the record — only its known attributes are kept.
 */
export function interpretAnswer(source: SharedSource, subject: string, status: number, text: string): LookupAnswer {
  if (status === 401 || status === 403) return { outcome: 'refused', source, detail: `HTTP ${status}` };
  if (status < 200 || status > 299) return { outcome: 'error', source, detail: `HTTP ${status}` };
  if (!text.trim()) return { outcome: 'empty', source, detail: null };
  const parsed = parse(text);
  if (!parsed.ok) return { outcome: 'malformed', source, detail: 'not JSON' };
  if (isEmptyValue(parsed.value)) return { outcome: 'empty', source, detail: null };
  if (source === 'population') {
    if (!Value.Check(PopulationAnswer, parsed.value)) return { outcome: 'malformed', source, detail: 'unexpected shape' };
    const answer = parsed.value;
    if (answer.status === 'not_found') return { outcome: 'not_found', source, detail: null };
    const p = answer.person;
    if (p.personalId !== subject) return { outcome: 'malformed', source, detail: 'another person' };
    const a = p.permanentAddress;
    return { outcome: 'found', source, record: { personalId: p.personalId, fullName: p.fullName.trim(), dateOfBirth: p.dateOfBirth, permanentAddress: { province: a.province.trim(), commune: a.commune.trim(), street: a.street.trim() } } };
  }
  if (!Value.Check(BusinessAnswer, parsed.value)) return { outcome: 'malformed', source, detail: 'unexpected shape' };
  const answer = parsed.value;
  if (answer.status === 'not_found') return { outcome: 'not_found', source, detail: null };
  const b = answer.business;
  if (b.taxCode !== subject) return { outcome: 'malformed', source, detail: 'another business' };
  const a = b.address;
  return { outcome: 'found', source, record: { taxCode: b.taxCode, name: b.name.trim(), legalRepresentative: b.legalRepresentative.trim(), address: { province: a.province.trim(), commune: a.commune.trim(), street: a.street.trim() } } };
}

/** A failed call as an outcome: the timeout, no connection, or an answer too large to read. */
function failure(source: SharedSource, error: unknown): LookupAnswer {
  if (error instanceof AnswerTooLarge) return { outcome: 'malformed', source, detail: error.message };
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof Unreachable && /timeout|aborted/i.test(message)) return { outcome: 'timeout', source, detail: 'no answer in time' };
  return { outcome: 'unreachable', source, detail: message.slice(0, 200) };
}

class TokenRefused extends Error {}

/** The platform over HTTP. */
export class HttpDataSharingClient implements DataSharingClient {
  private token: { value: string; expiresAt: number } | null = null;
  private readonly timeoutMs: number;
  private readonly maxBytes: number;
  private readonly now: () => number;

  constructor(private readonly options: HttpDataSharingOptions) {
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.maxBytes = options.maxBytes ?? 64 * 1024;
    this.now = options.now ?? Date.now;
  }

  private async accessToken(): Promise<string> {
    if (this.token && this.token.expiresAt > this.now()) return this.token.value;
    const reply = await postJson(
      `${this.options.baseUrl}/oauth2/token`,
      { grant_type: 'client_credentials' },
      { form: true, basic: { user: this.options.clientId, password: this.options.clientSecret }, timeoutMs: this.timeoutMs, maxBytes: 16 * 1024 },
    );
    const parsed = reply.ok ? parse(reply.text) : { ok: false as const };
    if (!parsed.ok || !Value.Check(TokenAnswer, parsed.value)) throw new TokenRefused(`token: HTTP ${reply.status}`);
    const seconds = parsed.value.expires_in ?? 300;
    // Renewed a little before it expires (10 %, at most a minute).
    this.token = { value: parsed.value.access_token, expiresAt: this.now() + seconds * 1000 - Math.min(60_000, seconds * 100) };
    return this.token.value;
  }

  private call(source: SharedSource, subject: string, token: string): Promise<JsonReply> {
    const body = source === 'population' ? { personalId: subject } : { taxCode: subject };
    return postJson(`${this.options.baseUrl}${PATHS[source]}`, body, { token, timeoutMs: this.timeoutMs, maxBytes: this.maxBytes });
  }

  async lookup(source: SharedSource, subject: string): Promise<LookupAnswer> {
    try {
      let reply = await this.call(source, subject, await this.accessToken());
      if (reply.status === 401) {
        // The token may have been revoked or expired early: one new token, one more try.
        this.token = null;
        reply = await this.call(source, subject, await this.accessToken());
      }
      return interpretAnswer(source, subject, reply.status, reply.text);
    } catch (error) {
      if (error instanceof TokenRefused) return { outcome: 'refused', source, detail: error.message };
      return failure(source, error);
    }
  }
}
