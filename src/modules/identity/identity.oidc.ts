// The OpenID Connect relying party (openid-client v6): the only code that speaks OIDC to the identity provider
// (VNeID through the national portal). Authorization code with PKCE (S256), state and nonce; openid-client checks
// the callback (state, RFC 9207 `iss`), the token response and the ID token (signature algorithm, iss, aud, azp,
// nonce, exp/iat); the transaction (state, nonce, PKCE verifier, where to go next) travels in a short-lived
// httpOnly cookie sealed with AES-256-GCM. Back-channel logout tokens are verified here too (signature against the
// provider's JWKS, iss, aud, iat, events, no nonce).
import { createCipheriv, createDecipheriv, createHash, createPublicKey, randomBytes, verify, type JsonWebKey } from 'node:crypto';
import * as oidc from 'openid-client';

export interface RelyingPartySettings {
  issuerUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  postLogoutRedirectUri: string;
  /** Seconds for each request to the provider (discovery, token). */
  timeoutSeconds?: number;
}

/** The state of one sign-in between the redirect to the provider and its callback. */
export interface SsoTransaction {
  state: string;
  nonce: string;
  verifier: string;
  next: string;
  /** Epoch milliseconds after which the callback is refused. */
  expires: number;
}

/** The provider could not be reached (or answered something that is not OIDC): a 502 for the visitor. */
export class IdpUnreachable extends Error {
  constructor(cause: unknown) {
    super('identity provider unreachable', { cause });
    this.name = 'IdpUnreachable';
  }
}

/** The provider's answer was refused: the sign-in is cancelled, the code was used, or the ID token is not valid. */
export class IdpRefused extends Error {
  constructor(
    readonly reason: 'cancelled' | 'grant' | 'token',
    readonly detail: string,
    cause?: unknown,
  ) {
    super(`identity provider answer refused (${reason}: ${detail})`, { cause });
    this.name = 'IdpRefused';
  }
}

export const SSO_SCOPE = 'openid profile vneid';
const TRANSACTION_MS = 10 * 60_000;

/** Seals a transaction with AES-256-GCM under `key` (derived from the server's form-token key): secret and tamper-proof. */
export function sealTransaction(key: Buffer, transaction: SsoTransaction): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(key), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(transaction), 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.');
}

/** The sealed transaction, or null when it is absent, altered, malformed or expired. */
export function openTransaction(key: Buffer, sealed: string | undefined, now = Date.now()): SsoTransaction | null {
  if (!sealed || sealed.length > 4000) return null;
  const parts = sealed.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[\w-]*$/.test(p))) return null;
  try {
    const [iv, tag, body] = parts.map((p) => Buffer.from(p, 'base64url')) as [Buffer, Buffer, Buffer];
    if (iv.length !== 12 || tag.length !== 16) return null;
    const decipher = createDecipheriv('aes-256-gcm', sealingKey(key), iv);
    decipher.setAuthTag(tag);
    const text = Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    const t = JSON.parse(text) as Partial<SsoTransaction>;
    if (typeof t.state !== 'string' || typeof t.nonce !== 'string' || typeof t.verifier !== 'string' || typeof t.next !== 'string' || typeof t.expires !== 'number') return null;
    if (t.expires < now) return null;
    return t as SsoTransaction;
  } catch {
    return null;
  }
}

function sealingKey(key: Buffer): Buffer {
  return createHash('sha256').update('opendvc sso transaction|').update(key).digest();
}

/** Errors of the provider's answers (OAuth errors, bad tokens) as opposed to not reaching it. */
function refusalOf(error: unknown): IdpRefused | null {
  if (error instanceof oidc.AuthorizationResponseError) {
    return new IdpRefused(error.error === 'access_denied' ? 'cancelled' : 'grant', error.error, error);
  }
  if (error instanceof oidc.ResponseBodyError) return new IdpRefused('grant', error.error, error);
  if (error instanceof oidc.ClientError) {
    const code = error.code ?? '';
    // A provider answering HTML or an HTTP error page is as good as unreachable.
    if (code === 'OAUTH_RESPONSE_IS_NOT_JSON' || code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' || code === 'OAUTH_TIMEOUT') return null;
    return new IdpRefused('token', code || error.message, error);
  }
  return null;
}

export class VneidRelyingParty {
  private configuration: Promise<oidc.Configuration> | undefined;

  constructor(private readonly settings: RelyingPartySettings) {}

  /** Discovery, once; a failure is not kept (the next sign-in tries again). */
  private async config(): Promise<oidc.Configuration> {
    this.configuration ??= oidc
      .discovery(new URL(this.settings.issuerUrl), this.settings.clientId, this.settings.clientSecret, undefined, {
        timeout: this.settings.timeoutSeconds ?? 10,
        ...(this.settings.issuerUrl.startsWith('http:') ? { execute: [oidc.allowInsecureRequests] } : {}),
      })
      .catch((error: unknown) => {
        this.configuration = undefined;
        throw new IdpUnreachable(error);
      });
    return this.configuration;
  }

  /** The provider's authorization URL and the transaction to keep in the visitor's cookie. */
  async begin(next: string, now = Date.now()): Promise<{ url: string; transaction: SsoTransaction }> {
    const config = await this.config();
    const verifier = oidc.randomPKCECodeVerifier();
    const transaction: SsoTransaction = { state: oidc.randomState(), nonce: oidc.randomNonce(), verifier, next, expires: now + TRANSACTION_MS };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.settings.redirectUri,
      scope: SSO_SCOPE,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: transaction.state,
      nonce: transaction.nonce,
    });
    return { url: url.href, transaction };
  }

  /** Exchanges the callback's code and validates everything; the ID token's claims and the raw ID token. */
  async finish(callbackUrl: URL, transaction: SsoTransaction): Promise<{ claims: Record<string, unknown>; idToken: string }> {
    const config = await this.config();
    try {
      const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: transaction.verifier,
        expectedState: transaction.state,
        expectedNonce: transaction.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims || !tokens.id_token) throw new IdpRefused('token', 'no ID token');
      return { claims: { ...claims }, idToken: tokens.id_token };
    } catch (error) {
      if (error instanceof IdpRefused) throw error;
      throw refusalOf(error) ?? new IdpUnreachable(error);
    }
  }

  /** The provider's end-session URL for RP-initiated logout (null when the provider has none or cannot be reached). */
  async endSessionUrl(idToken: string): Promise<string | null> {
    try {
      const config = await this.config();
      if (!config.serverMetadata().end_session_endpoint) return null;
      return oidc.buildEndSessionUrl(config, { id_token_hint: idToken, post_logout_redirect_uri: this.settings.postLogoutRedirectUri }).href;
    } catch {
      return null;
    }
  }

  /**
   * Verifies a back-channel logout token (OpenID Connect Back-Channel Logout 1.0 §2.6): a JWS signed with one of the
   * provider's keys (RS256/PS256/ES256), iss = the provider, aud contains our client id, iat within five minutes,
   * the back-channel logout event, a sid or a sub, and no nonce. Answers the sid and sub, or null when refused.
   */
  async verifyLogoutToken(token: string, now = Date.now()): Promise<{ sid: string | null; sub: string | null } | null> {
    if (token.length > 8000) return null;
    const parts = token.split('.');
    if (parts.length !== 3 || parts.some((p) => !/^[\w-]+$/.test(p))) return null;
    let header: { alg?: unknown; kid?: unknown };
    let claims: Record<string, unknown>;
    try {
      header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as typeof header;
      claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
    } catch {
      return null;
    }
    const algorithms: Record<string, { hash: string; options?: object }> = {
      RS256: { hash: 'sha256' },
      PS256: { hash: 'sha256', options: { padding: 6, saltLength: 32 } },
      ES256: { hash: 'sha256', options: { dsaEncoding: 'ieee-p1363' } },
    };
    const alg = typeof header.alg === 'string' ? algorithms[header.alg] : undefined;
    if (!alg || !claims || typeof claims !== 'object') return null;
    const config = await this.config();
    const jwks = await this.keys(config);
    const candidates = jwks.filter((k) => (typeof header.kid === 'string' ? k.kid === header.kid : true));
    const input = Buffer.from(`${parts[0]}.${parts[1]}`);
    const signature = Buffer.from(parts[2]!, 'base64url');
    const signed = candidates.some((jwk) => {
      try {
        return verify(alg.hash, input, { key: createPublicKey({ key: jwk, format: 'jwk' }), ...alg.options }, signature);
      } catch {
        return false;
      }
    });
    if (!signed) return null;
    const metadata = config.serverMetadata();
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    const iat = typeof claims.iat === 'number' ? claims.iat * 1000 : NaN;
    const events = claims.events as Record<string, unknown> | undefined;
    if (claims.iss !== metadata.issuer) return null;
    if (!audiences.includes(this.settings.clientId)) return null;
    if (!(Math.abs(now - iat) <= 5 * 60_000)) return null;
    if (typeof claims.exp === 'number' && claims.exp * 1000 < now - 60_000) return null;
    if (!events || typeof events !== 'object' || !('http://schemas.openid.net/event/backchannel-logout' in events)) return null;
    if ('nonce' in claims) return null;
    const sid = typeof claims.sid === 'string' && claims.sid.length <= 255 ? claims.sid : null;
    const sub = typeof claims.sub === 'string' && claims.sub.length <= 255 ? claims.sub : null;
    if (!sid && !sub) return null;
    return { sid, sub };
  }

  private async keys(config: oidc.Configuration): Promise<Array<JsonWebKey & { kid?: string }>> {
    const uri = config.serverMetadata().jwks_uri;
    if (!uri) return [];
    try {
      const response = await fetch(uri, { signal: AbortSignal.timeout((this.settings.timeoutSeconds ?? 10) * 1000) });
      if (!response.ok) return [];
      const body = (await response.json()) as { keys?: unknown };
      return Array.isArray(body.keys) ? (body.keys as Array<JsonWebKey & { kid?: string }>).filter((k) => k && typeof k === 'object') : [];
    } catch {
      return [];
    }
  }
}
