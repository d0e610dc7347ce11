// Configuration is parsed and validated once, at boot, from the environment.
// Nothing else in the code base reads process.env: everything receives a Config.
import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  /** External PostgreSQL; when absent, an embedded PostgreSQL is started in `dataDir/pg`. */
  databaseUrl: string | undefined;
  /**
   * DATABASE_REPLICA_URL (postgres: URL, optional): a streaming replica (hot standby) of the database, which serves the
   * read-only report reads (reports, dashboard, exports, the 766 scorecard's live counts; src/db/replica.ts) with its
   * lag shown; unreachable, they read from the primary and say so. Meant with DATABASE_URL; accepted with the embedded
   * PostgreSQL too (any server that holds the same data, e.g. the tests' own database). Absent: everything reads the primary.
   */
  databaseReplicaUrl: string | undefined;
  /**
   * DATABASE_PREPARED_STATEMENTS (on | off, default on): the hot statements marked PREPARED are sent as named,
   * per-connection prepared statements (src/db/database.ts). Off: only unnamed statements, for a connection pooler
   * that does not keep protocol-level prepared statements (PgBouncer < 1.21 in transaction pooling).
   */
  databasePreparedStatements: boolean;
  dataDir: string;
  /** Where uploaded files (templates, attachments) are kept on local disk. */
  filesDir: string;
  baseUrl: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** smtp://user:pass@host:port; when absent, mail is kept in the local mailbox page. */
  smtpUrl: string | undefined;
  mailFrom: string;
  sessionTtlHours: number;
  /** Secure cookies (HTTPS only). Defaults to true when BASE_URL is https. */
  secureCookies: boolean;
  trustProxy: boolean;
  /**
   * Rate limits for login, counted before the password is checked: failures (and attempts being judged) of one
   * account from one address (then each further failure doubles the wait, from loginDelaySeconds up to the
   * window), of one account from every address (looser; the owner gets an unlock link), of one address across
   * accounts, within the window.
   */
  loginMaxFailuresPerPair: number;
  loginMaxFailuresPerAccount: number;
  loginMaxFailuresPerAddress: number;
  loginWindowMinutes: number;
  loginDelaySeconds: number;
  /** Registrations accepted from one address within the window. */
  registrationMaxPerAddress: number;
  registrationWindowMinutes: number;
  /** Password-reset requests: accepted from one address, and e-mails sent to one address, per window. */
  resetMaxPerAddress: number;
  resetMaxPerEmail: number;
  resetWindowMinutes: number;
  /** SESSION_SECRET (HMAC key of the anonymous CSRF token); undefined: one generated and kept in the database. */
  sessionSecret: string | undefined;
  /** Maximum size of an uploaded template file, in bytes. */
  maxTemplateBytes: number;
  /** Largest file attached to a dossier, and the largest total of one dossier's files, in bytes. */
  dossierMaxFileBytes: number;
  dossierMaxTotalBytes: number;
  /** Embedded PostgreSQL port (only used without DATABASE_URL). */
  embeddedPgPort: number;
  /** SMS gateway (POST {smsUrl}/messages with a bearer token, see src/modules/notifications/sms.ts); no SMS when absent. */
  smsUrl: string | undefined;
  smsToken: string | undefined;
  /** Drafts untouched for this many days are deleted (uploads.cleanup), after one reminder e-mail sent this many days before. */
  draftRetentionDays: number;
  draftReminderDays: number;
  /** Outbox rows older than this many days that every consumer of their topic has delivered are deleted (outbox.purge). */
  outboxRetentionDays: number;
  /** S3-compatible object store for file content (S3_BUCKET set); null: local disk in filesDir. */
  s3: S3Config | null;
  /** Unreferenced stored files and upload leftovers older than this are removed by the files.sweep job. */
  filesOrphanGraceHours: number;
  /** Content inspection of uploads (src/modules/files/files.inspect.ts): time budget of one file, decompressed bytes of one archive. */
  fileInspectTimeoutMs: number;
  fileInspectMaxUnpackedBytes: number;
  /** Historical import of dossiers: most data rows and largest file accepted. */
  importMaxRows: number;
  importMaxBytes: number;
  /**
   * Demo mode (DEMO): demo accounts on the login page, the demo's test inboxes (/hop-thu, /hop-thu/sms) open to
   * visitors for their own messages, the SMS gateway simulator. Default: on with the embedded PostgreSQL (no
   * DATABASE_URL), off with DATABASE_URL.
   */
  demo: boolean;
  /** Bearer token for /metrics (METRICS_TOKEN); without it /metrics answers loopback requests only. */
  metricsToken: string | undefined;
  /**
   * Signing of electronic results (src/modules/results/results.pki.ts): a PKCS#12 file (SIGNING_P12_PATH, its
   * password SIGNING_P12_PASSWORD) signs for every agency instead of the demo CA's certificates; SIGNING_CA_CERTS
   * lists PEM files (comma-separated) of further trusted CA certificates.
   */
  signingP12Path: string | undefined;
  signingP12Password: string | undefined;
  signingCaCerts: string[];
  /**
   * Public postal service (src/modules/postal/postal.adapter.ts): POSTAL_URL, its bearer token, the HMAC key of its
   * tracking webhooks and the sender's province code. Without POSTAL_URL the demo starts the simulator; otherwise
   * sending by post is refused (503 POSTAL_NOT_CONFIGURED).
   */
  postalUrl: string | undefined;
  postalToken: string | undefined;
  postalWebhookSecret: string | undefined;
  postalSenderProvince: string;
  /**
   * The National Public Service Portal's dossier exchange (src/modules/nationalportal/): NATIONAL_PORTAL_URL, the
   * agency's account there (NATIONAL_PORTAL_USERNAME / _PASSWORD), our unit's code (NATIONAL_PORTAL_UNIT, madonvi),
   * the token the portal presents to our inbound endpoint (NATIONAL_PORTAL_INBOUND_TOKEN, at least 16 characters;
   * absent: every delivery refused) and the minutes of unreachability before the alert
   * (NATIONAL_PORTAL_ALERT_MINUTES, default 30). Without the URL the demo starts the simulator.
   */
  nationalPortal: NationalPortalConfig;
  /**
   * The national payment platform (src/modules/payments/payments.platform.ts): its URL, our merchant code and the
   * HMAC-SHA256 secret both sides sign with. Absent: no online payment (the demo starts the simulator instead).
   */
  payment: PaymentConfig | null;
  /** Minutes a payment order waits for the platform before it expires (the applicant may retry with a new one). */
  paymentOrderTtlMinutes: number;
  /** VietQR transfers (second channel): the collecting bank's BIN and account; null: no VietQR. */
  vietqr: { bankBin: string; account: string; accountName: string } | null;
  /**
   * Single sign-on with VNeID through the national portal (src/modules/identity/identity.oidc.ts): the OpenID
   * Connect issuer and our client's id and secret (VNEID_ISSUER_URL, VNEID_CLIENT_ID, VNEID_CLIENT_SECRET: all or
   * none). Absent: no VNeID button, except in the demo, which starts the simulator (src/simulators/vneid.ts).
   */
  vneid: VneidConfig | null;
  /**
   * Data sharing, LGSP/NGSP (src/modules/datasharing/datasharing.adapter.ts): the platform's gateway URL and our
   * client's id and secret (OAuth 2.0 client credentials; DATA_SHARING_URL, DATA_SHARING_CLIENT_ID,
   * DATA_SHARING_CLIENT_SECRET: all or none) and the timeout of a call (DATA_SHARING_TIMEOUT_MS, default 5000).
   * Absent: no lookups (the applicant supplies everything), except in the demo, which starts the simulator.
   */
  dataSharing: DataSharingConfig | null;
  dataSharingTimeoutMs: number;
  /**
   * Webhooks (src/modules/webhooks/): WEBHOOKS_ALLOW_PRIVATE_TARGETS lets subscriptions target http:// and private,
   * loopback or link-local addresses (the demo's receiver simulator, the tests; default: on in demo mode, off
   * otherwise — an SSRF guard); WEBHOOKS_TIMEOUT_MS bounds one delivery attempt (default 10000).
   */
  webhooks: { allowPrivateTargets: boolean; timeoutMs: number };
  /**
   * The national document exchange, edXML (src/modules/docexchange/): the exchange's URL and our platform's token
   * there (DOC_EXCHANGE_URL, DOC_EXCHANGE_TOKEN: both or none), our organisation's code and name on it
   * (DOC_EXCHANGE_ORGAN_ID, DOC_EXCHANGE_ORGAN_NAME) and the largest envelope accepted (DOC_EXCHANGE_MAX_BYTES,
   * default 30 MB). Without the URL nothing is sent or received, except in the demo, which starts the simulator.
   */
  docExchange: DocExchangeConfig;
}

export interface DocExchangeConfig {
  url: string | undefined;
  token: string | undefined;
  organId: string;
  organName: string;
  maxBytes: number;
}

function docExchangeConfig(env: Env): DocExchangeConfig {
  const base = url(env, 'DOC_EXCHANGE_URL', ['http:', 'https:'])?.replace(/\/$/, '');
  const token = env.DOC_EXCHANGE_TOKEN?.trim() || undefined;
  if (base && !token) throw new ConfigError('DOC_EXCHANGE_TOKEN', 'required with DOC_EXCHANGE_URL');
  if (token !== undefined && !/^[\x21-\x7e]{16,500}$/.test(token)) throw new ConfigError('DOC_EXCHANGE_TOKEN', 'expected 16 to 500 visible ASCII characters, without spaces');
  const organId = env.DOC_EXCHANGE_ORGAN_ID?.trim() || '000.00.00.OPENDVC';
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(organId)) throw new ConfigError('DOC_EXCHANGE_ORGAN_ID', 'expected 1 to 64 letters, digits, dots, hyphens or underscores');
  const organName = env.DOC_EXCHANGE_ORGAN_NAME?.trim() || 'OpenDVC';
  if (organName.length > 500) throw new ConfigError('DOC_EXCHANGE_ORGAN_NAME', 'at most 500 characters');
  return { url: base, token, organId, organName, maxBytes: int(env, 'DOC_EXCHANGE_MAX_BYTES', 30 * 1024 * 1024, 64 * 1024, 512 * 1024 * 1024) };
}

export interface DataSharingConfig {
  url: string;
  clientId: string;
  clientSecret: string;
}

export interface VneidConfig {
  issuerUrl: string;
  clientId: string;
  clientSecret: string;
}

export interface PaymentConfig {
  url: string;
  merchantCode: string;
  secret: string;
}

export interface S3Config {
  /** Endpoint URL of an S3-compatible service (MinIO, Ceph, …); undefined: AWS itself. */
  endpoint: string | undefined;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Path-style URLs (endpoint/bucket/key), which most S3-compatible services need. */
  forcePathStyle: boolean;
  /** Prefix of every object key (e.g. "opendvc/"), may be empty. */
  prefix: string;
}

export class ConfigError extends Error {
  constructor(public readonly variable: string, message: string) {
    super(`Invalid configuration ${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `expected an integer, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `expected ${min}..${max}, got ${value}`);
  return value;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(name, `expected true or false, got "${env[name]}"`);
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, 'not a valid URL');
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `expected a URL starting with ${protocols.join(' or ')}`);
  }
  return raw;
}

/** S3 storage: all of it or nothing. Any S3_* variable set requires S3_BUCKET and both keys. */
function s3Config(env: Env): S3Config | null {
  const names = ['S3_ENDPOINT', 'S3_BUCKET', 'S3_REGION', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'S3_FORCE_PATH_STYLE', 'S3_PREFIX'];
  if (!names.some((n) => env[n]?.trim())) return null;
  const bucket = env.S3_BUCKET?.trim() ?? '';
  if (!bucket) throw new ConfigError('S3_BUCKET', 'required when S3 storage is configured');
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw new ConfigError('S3_BUCKET', 'expected a bucket name of 3-63 lower-case letters, digits, dots and hyphens');
  const region = env.S3_REGION?.trim() || 'us-east-1';
  if (!/^[a-z0-9-]{1,64}$/.test(region)) throw new ConfigError('S3_REGION', `expected a region name like "us-east-1", got "${region}"`);
  const accessKeyId = env.S3_ACCESS_KEY_ID?.trim() ?? '';
  if (!accessKeyId) throw new ConfigError('S3_ACCESS_KEY_ID', 'required when S3 storage is configured');
  const secretAccessKey = env.S3_SECRET_ACCESS_KEY?.trim() ?? '';
  if (!secretAccessKey) throw new ConfigError('S3_SECRET_ACCESS_KEY', 'required when S3 storage is configured');
  const endpoint = url(env, 'S3_ENDPOINT', ['http:', 'https:']);
  const prefix = env.S3_PREFIX?.trim() ?? '';
  if (prefix && !/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*\/$/.test(prefix)) throw new ConfigError('S3_PREFIX', 'expected folder names ending with "/", e.g. "opendvc/"');
  return { endpoint, bucket, region, accessKeyId, secretAccessKey, forcePathStyle: bool(env, 'S3_FORCE_PATH_STYLE', endpoint !== undefined), prefix };
}

/** METRICS_TOKEN: at least 16 visible characters (it is compared in constant time, sent as a bearer token). */
function metricsToken(env: Env): string | undefined {
  const raw = env.METRICS_TOKEN?.trim();
  if (!raw) return undefined;
  if (!/^[\x21-\x7e]{16,200}$/.test(raw)) throw new ConfigError('METRICS_TOKEN', 'expected 16 to 200 visible ASCII characters, without spaces');
  return raw;
}

/** SESSION_SECRET: at least 32 visible characters (an HMAC key; e.g. `openssl rand -base64 32`). */
function sessionSecret(env: Env): string | undefined {
  const raw = env.SESSION_SECRET?.trim();
  if (!raw) return undefined;
  if (!/^[\x21-\x7e]{32,500}$/.test(raw)) throw new ConfigError('SESSION_SECRET', 'expected 32 to 500 visible ASCII characters, without spaces');
  return raw;
}

/** PAYMENT_PLATFORM_URL with PAYMENT_MERCHANT_CODE and PAYMENT_MERCHANT_SECRET: all three or none. */
function paymentConfig(env: Env): PaymentConfig | null {
  const platform = url(env, 'PAYMENT_PLATFORM_URL', ['http:', 'https:'])?.replace(/\/$/, '');
  const merchantCode = env.PAYMENT_MERCHANT_CODE?.trim() ?? '';
  const secret = env.PAYMENT_MERCHANT_SECRET?.trim() ?? '';
  if (!platform && !merchantCode && !secret) return null;
  if (!platform) throw new ConfigError('PAYMENT_PLATFORM_URL', 'required with PAYMENT_MERCHANT_CODE / PAYMENT_MERCHANT_SECRET');
  if (!/^[A-Za-z0-9_-]{2,40}$/.test(merchantCode)) throw new ConfigError('PAYMENT_MERCHANT_CODE', 'expected 2 to 40 letters, digits, "-" or "_"');
  if (!/^[\x21-\x7e]{32,500}$/.test(secret)) throw new ConfigError('PAYMENT_MERCHANT_SECRET', 'expected 32 to 500 visible ASCII characters, without spaces');
  return { url: platform, merchantCode, secret };
}

/** VIETQR_BANK_BIN (6 digits, NAPAS) and VIETQR_ACCOUNT: both or none. */
function vietqrConfig(env: Env): Config['vietqr'] {
  const bankBin = env.VIETQR_BANK_BIN?.trim() ?? '';
  const account = env.VIETQR_ACCOUNT?.trim() ?? '';
  if (!bankBin && !account) return null;
  if (!/^\d{6}$/.test(bankBin)) throw new ConfigError('VIETQR_BANK_BIN', 'expected the 6-digit bank BIN (e.g. 970436)');
  if (!/^[0-9A-Za-z]{4,19}$/.test(account)) throw new ConfigError('VIETQR_ACCOUNT', 'expected 4 to 19 letters or digits');
  return { bankBin, account, accountName: env.VIETQR_ACCOUNT_NAME?.trim().slice(0, 100) || 'KHO BAC NHA NUOC' };
}

export interface NationalPortalConfig {
  url: string | undefined;
  username: string | undefined;
  password: string | undefined;
  unit: string | undefined;
  inboundToken: string | undefined;
  alertMinutes: number;
}

function nationalPortalConfig(env: Env): NationalPortalConfig {
  const token = env.NATIONAL_PORTAL_INBOUND_TOKEN?.trim() || undefined;
  if (token !== undefined && !/^[\x21-\x7e]{16,500}$/.test(token)) throw new ConfigError('NATIONAL_PORTAL_INBOUND_TOKEN', 'expected 16 to 500 visible ASCII characters, without spaces');
  return {
    url: url(env, 'NATIONAL_PORTAL_URL', ['http:', 'https:'])?.replace(/\/$/, ''),
    username: env.NATIONAL_PORTAL_USERNAME?.trim() || undefined,
    password: env.NATIONAL_PORTAL_PASSWORD ?? undefined,
    unit: env.NATIONAL_PORTAL_UNIT?.trim() || undefined,
    inboundToken: token,
    alertMinutes: int(env, 'NATIONAL_PORTAL_ALERT_MINUTES', 30, 1, 7 * 24 * 60),
  };
}

/** VNEID_ISSUER_URL with VNEID_CLIENT_ID and VNEID_CLIENT_SECRET: all three or none. */
function vneidConfig(env: Env): VneidConfig | null {
  const issuerUrl = url(env, 'VNEID_ISSUER_URL', ['http:', 'https:'])?.replace(/\/$/, '');
  const clientId = env.VNEID_CLIENT_ID?.trim() ?? '';
  const clientSecret = env.VNEID_CLIENT_SECRET?.trim() ?? '';
  if (!issuerUrl && !clientId && !clientSecret) return null;
  if (!issuerUrl) throw new ConfigError('VNEID_ISSUER_URL', 'required with VNEID_CLIENT_ID / VNEID_CLIENT_SECRET');
  if (!/^[\x21-\x7e]{1,200}$/.test(clientId)) throw new ConfigError('VNEID_CLIENT_ID', 'required with VNEID_ISSUER_URL: 1 to 200 visible ASCII characters');
  if (!/^[\x21-\x7e]{16,500}$/.test(clientSecret)) throw new ConfigError('VNEID_CLIENT_SECRET', 'required with VNEID_ISSUER_URL: 16 to 500 visible ASCII characters');
  return { issuerUrl, clientId, clientSecret };
}

function dataSharingConfig(env: Env): DataSharingConfig | null {
  const base = url(env, 'DATA_SHARING_URL', ['http:', 'https:'])?.replace(/\/$/, '');
  const clientId = env.DATA_SHARING_CLIENT_ID?.trim() ?? '';
  const clientSecret = env.DATA_SHARING_CLIENT_SECRET?.trim() ?? '';
  if (!base && !clientId && !clientSecret) return null;
  if (!base) throw new ConfigError('DATA_SHARING_URL', 'required with DATA_SHARING_CLIENT_ID / DATA_SHARING_CLIENT_SECRET');
  if (!/^[\x21-\x7e]{1,200}$/.test(clientId)) throw new ConfigError('DATA_SHARING_CLIENT_ID', 'required with DATA_SHARING_URL: 1 to 200 visible ASCII characters');
  if (!/^[\x21-\x7e]{8,500}$/.test(clientSecret)) throw new ConfigError('DATA_SHARING_CLIENT_SECRET', 'required with DATA_SHARING_URL: 8 to 500 visible ASCII characters');
  return { url: base, clientId, clientSecret };
}

/** POSTAL_WEBHOOK_SECRET: at least 16 visible characters (the HMAC-SHA256 key of the tracking webhooks). */
function postalWebhookSecret(env: Env): string | undefined {
  const raw = env.POSTAL_WEBHOOK_SECRET?.trim();
  if (!raw) return undefined;
  if (!/^[\x21-\x7e]{16,500}$/.test(raw)) throw new ConfigError('POSTAL_WEBHOOK_SECRET', 'expected 16 to 500 visible ASCII characters, without spaces');
  return raw;
}

/** POSTAL_SENDER_PROVINCE: the two-digit code of the sender's province (post-2025 list); default 01, Hà Nội (the demo ministry's agencies). */
function postalSenderProvince(env: Env): string {
  const raw = env.POSTAL_SENDER_PROVINCE?.trim() || '01';
  if (!/^[0-9]{2}$/.test(raw)) throw new ConfigError('POSTAL_SENDER_PROVINCE', `expected a two-digit province code, got "${raw}"`);
  return raw;
}

/** DATABASE_PREPARED_STATEMENTS: on (default) or off, nothing else. */
function onOff(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'on') return true;
  if (raw === 'off') return false;
  throw new ConfigError(name, `expected on or off, got "${env[name]}"`);
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const port = int(env, 'PORT', 3000, 0, 65535);
  const host = env.HOST?.trim() || '127.0.0.1';
  const dataDir = path.resolve(cwd, env.DATA_DIR?.trim() || 'data');
  const logLevel = (env.LOG_LEVEL?.trim() || 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError('LOG_LEVEL', `expected one of ${LOG_LEVELS.join(', ')}`);
  const baseUrl = url(env, 'BASE_URL', ['http:', 'https:']) ?? `http://localhost:${port}`;
  const mailFrom = env.MAIL_FROM?.trim() || 'OpenDVC <no-reply@opendvc.local>';
  if (!/@/.test(mailFrom)) throw new ConfigError('MAIL_FROM', 'expected an e-mail address');
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  const draftRetentionDays = int(env, 'DRAFT_RETENTION_DAYS', 30, 2, 3650);
  const draftReminderDays = int(env, 'DRAFT_REMINDER_DAYS', 7, 1, 3650);
  if (draftReminderDays >= draftRetentionDays) throw new ConfigError('DRAFT_REMINDER_DAYS', `expected fewer days than DRAFT_RETENTION_DAYS (${draftRetentionDays})`);
  return {
    port,
    host,
    databaseUrl,
    databaseReplicaUrl: url(env, 'DATABASE_REPLICA_URL', ['postgres:', 'postgresql:']),
    databasePreparedStatements: onOff(env, 'DATABASE_PREPARED_STATEMENTS', true),
    dataDir,
    filesDir: path.resolve(cwd, env.FILES_DIR?.trim() || path.join(dataDir, 'files')),
    baseUrl: baseUrl.replace(/\/$/, ''),
    logLevel,
    smtpUrl: url(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom,
    sessionTtlHours: int(env, 'SESSION_TTL_HOURS', 12, 1, 24 * 90),
    secureCookies: bool(env, 'SECURE_COOKIES', baseUrl.startsWith('https:')),
    trustProxy: bool(env, 'TRUST_PROXY', false),
    loginMaxFailuresPerPair: int(env, 'LOGIN_MAX_FAILURES_PER_PAIR', 5, 1, 1000),
    loginMaxFailuresPerAccount: int(env, 'LOGIN_MAX_FAILURES_PER_ACCOUNT', 30, 1, 100000),
    loginMaxFailuresPerAddress: int(env, 'LOGIN_MAX_FAILURES_PER_ADDRESS', 20, 1, 100000),
    loginWindowMinutes: int(env, 'LOGIN_WINDOW_MINUTES', 15, 1, 24 * 60),
    loginDelaySeconds: int(env, 'LOGIN_DELAY_SECONDS', 30, 1, 3600),
    registrationMaxPerAddress: int(env, 'REGISTRATION_MAX_PER_ADDRESS', 10, 1, 100000),
    registrationWindowMinutes: int(env, 'REGISTRATION_WINDOW_MINUTES', 60, 1, 24 * 60),
    resetMaxPerAddress: int(env, 'RESET_MAX_PER_ADDRESS', 10, 1, 100000),
    resetMaxPerEmail: int(env, 'RESET_MAX_PER_EMAIL', 3, 1, 1000),
    resetWindowMinutes: int(env, 'RESET_WINDOW_MINUTES', 60, 1, 24 * 60),
    sessionSecret: sessionSecret(env),
    maxTemplateBytes: int(env, 'MAX_TEMPLATE_BYTES', 10 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    dossierMaxFileBytes: int(env, 'DOSSIER_MAX_FILE_BYTES', 10 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    dossierMaxTotalBytes: int(env, 'DOSSIER_MAX_TOTAL_BYTES', 50 * 1024 * 1024, 1024, 10 * 1024 * 1024 * 1024),
    embeddedPgPort: int(env, 'EMBEDDED_PG_PORT', 5433, 1024, 65535),
    smsUrl: url(env, 'SMS_URL', ['http:', 'https:'])?.replace(/\/$/, ''),
    smsToken: env.SMS_TOKEN?.trim() || undefined,
    draftRetentionDays,
    draftReminderDays,
    outboxRetentionDays: int(env, 'OUTBOX_RETENTION_DAYS', 30, 1, 3650),
    s3: s3Config(env),
    filesOrphanGraceHours: int(env, 'FILES_ORPHAN_GRACE_HOURS', 24, 1, 24 * 365),
    fileInspectTimeoutMs: int(env, 'FILE_INSPECT_TIMEOUT_MS', 5000, 100, 600_000),
    fileInspectMaxUnpackedBytes: int(env, 'FILE_INSPECT_MAX_UNPACKED_MB', 100, 1, 16 * 1024) * 1024 * 1024,
    importMaxRows: int(env, 'IMPORT_MAX_ROWS', 1_000_000, 1, 100_000_000),
    importMaxBytes: int(env, 'IMPORT_MAX_BYTES', 512 * 1024 * 1024, 1024, 16 * 1024 * 1024 * 1024),
    postalUrl: url(env, 'POSTAL_URL', ['http:', 'https:'])?.replace(/\/$/, ''),
    postalToken: env.POSTAL_TOKEN?.trim() || undefined,
    postalWebhookSecret: postalWebhookSecret(env),
    postalSenderProvince: postalSenderProvince(env),
    nationalPortal: nationalPortalConfig(env),
    demo: bool(env, 'DEMO', databaseUrl === undefined),
    metricsToken: metricsToken(env),
    signingP12Path: env.SIGNING_P12_PATH?.trim() ? path.resolve(cwd, env.SIGNING_P12_PATH.trim()) : undefined,
    signingP12Password: env.SIGNING_P12_PASSWORD ?? undefined,
    signingCaCerts: (env.SIGNING_CA_CERTS ?? '').split(',').map((p) => p.trim()).filter(Boolean).map((p) => path.resolve(cwd, p)),
    payment: paymentConfig(env),
    paymentOrderTtlMinutes: int(env, 'PAYMENT_ORDER_TTL_MINUTES', 30, 1, 7 * 24 * 60),
    vietqr: vietqrConfig(env),
    vneid: vneidConfig(env),
    dataSharing: dataSharingConfig(env),
    dataSharingTimeoutMs: int(env, 'DATA_SHARING_TIMEOUT_MS', 5000, 50, 60_000),
    webhooks: { allowPrivateTargets: bool(env, 'WEBHOOKS_ALLOW_PRIVATE_TARGETS', bool(env, 'DEMO', databaseUrl === undefined)), timeoutMs: int(env, 'WEBHOOKS_TIMEOUT_MS', 10_000, 100, 60_000) },
    docExchange: docExchangeConfig(env),
  };
}
