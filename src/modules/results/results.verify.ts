// Verification of a signed PDF from its bytes alone (no I/O, no clock: `at` is given): every signature's ByteRange
// and Contents are found, the covered bytes digested, the CMS read (results.cms.ts), its messageDigest attribute
// compared, the signature over the signed attributes checked with the signer's certificate, and the certificate
// chained to the trust store. Bounded: the file's size is capped, at most MAX_SIGNATURES signatures are read, a
// Contents of at most MAX_CONTENTS_BYTES, chains of at most MAX_CHAIN certificates. Never throws: every input,
// however hostile, gives a typed Verdict.
import { createHash, verify as cryptoVerify, X509Certificate } from 'node:crypto';
import { certificateIssuerDer, OID, parseSignedData } from './results.cms.ts';
import { distinguishedName } from './results.rules.ts';

export const MAX_SIGNATURES = 4;
export const MAX_CONTENTS_BYTES = 128 * 1024;
export const MAX_CHAIN = 6;

/** Why a file is not genuine: a stable code per cause. */
export type VerdictReason =
  | 'too_large'
  | 'not_pdf'
  | 'too_many_signatures'
  | 'byte_range_invalid'
  | 'contents_invalid'
  | 'cms_unreadable'
  | 'certificate_unreadable'
  | 'signer_certificate_missing'
  | 'digest_mismatch'
  | 'signature_invalid'
  | 'unsupported_algorithm'
  | 'not_whole_file'
  | 'chain_unknown'
  | 'certificate_expired';

export interface SignerSummary {
  /** The certificate's subject as Node shows it (lines "CN=…"), joined with ", ". */
  subject: string;
  issuer: string;
  serialNumber: string;
  /** Signing time from the signed attributes (the signer's clock), when present. */
  signedAt: Date | null;
}

export type Verdict =
  | { state: 'genuine'; signer: SignerSummary; signatures: number }
  | { state: 'altered'; reason: VerdictReason; signer: SignerSummary | null }
  | { state: 'untrusted'; reason: VerdictReason; signer: SignerSummary }
  | { state: 'unsigned' }
  | { state: 'malformed'; reason: VerdictReason };

export interface VerifyOptions {
  /** The trust anchors (demo CA and configured CA certificates). */
  trust: readonly X509Certificate[];
  /** Largest file accepted (the upload limit). */
  maxBytes: number;
  /** Now: the certificates must be valid at this time (and the signer's also at the claimed signing time). */
  at: Date;
}

const BYTE_RANGE = /\/ByteRange\s*\[\s*(\d{1,12})\s+(\d{1,12})\s+(\d{1,12})\s+(\d{1,12})\s*\]/g;


/** A PDF date D:YYYYMMDDHHmmSS with an optional offset (Z, +hh'mm', -hh'mm'); null when it is not one. */
export function pdfDate(text: string): Date | null {
  const m = /^D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:(Z)|([+-])(\d{2})'?(\d{2})?'?)?/.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, , sign, oh, om] = m;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const offset = sign ? (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om ?? 0)) * 60_000 : 0;
  const at = new Date(utc - offset);
  return Number.isFinite(at.getTime()) ? at : null;
}

/** The /M (claimed signing time) of the signature dictionary around a Contents string: 2 KiB each side at most. */
function dictionaryTime(bytes: Buffer, contentsStart: number, contentsEnd: number): Date | null {
  const after = bytes.toString('latin1', contentsEnd, Math.min(bytes.length, contentsEnd + 2048));
  const before = bytes.toString('latin1', Math.max(0, contentsStart - 2048), contentsStart);
  const m = /\/M\s*\((D:[0-9Z+\-']{14,23})\)/.exec(after) ?? /\/M\s*\((D:[0-9Z+\-']{14,23})\)/.exec(before);
  return m ? pdfDate(m[1]!) : null;
}

function isHex(byte: number): boolean {
  return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66);
}

function serialHex(value: string): string {
  return value.toLowerCase().replace(/[^0-9a-f]/g, '').replace(/^0+/, '');
}

function validAt(cert: X509Certificate, at: Date): boolean {
  const from = Date.parse(cert.validFrom);
  const to = Date.parse(cert.validTo);
  return Number.isFinite(from) && Number.isFinite(to) && from <= at.getTime() && at.getTime() <= to;
}

/** Node's hash for the signature algorithm (RSA with the digest named apart, or a combined OID). */
function signatureHash(algorithm: string, digest: string): string | null {
  switch (algorithm) {
    case OID.rsaEncryption:
      return digest;
    case OID.sha256WithRSA:
    case OID.ecdsaWithSHA256:
      return 'sha256';
    case OID.sha384WithRSA:
    case OID.ecdsaWithSHA384:
      return 'sha384';
    case OID.sha512WithRSA:
    case OID.ecdsaWithSHA512:
      return 'sha512';
    case OID.sha1WithRSA:
      return 'sha1';
    default:
      return null;
  }
}

interface SignatureCheck {
  state: 'genuine' | 'altered' | 'untrusted' | 'malformed';
  reason?: VerdictReason;
  signer: SignerSummary | null;
  end: number;
}

function summary(cert: X509Certificate, signedAt: Date | null): SignerSummary {
  return { subject: distinguishedName(cert.subject), issuer: distinguishedName(cert.issuer), serialNumber: serialHex(cert.serialNumber), signedAt };
}

/** Checks the chain from `cert` to an anchor: 'chain_unknown' / 'certificate_expired', or null when trusted. */
function chainProblem(cert: X509Certificate, carried: X509Certificate[], trust: readonly X509Certificate[], at: Date): VerdictReason | null {
  const anchors = new Set(trust.map((a) => a.fingerprint256));
  const candidates = [...trust, ...carried];
  let current = cert;
  for (let depth = 0; depth < MAX_CHAIN; depth++) {
    if (!validAt(current, at)) return 'certificate_expired';
    if (anchors.has(current.fingerprint256)) return null;
    const issuer = candidates.find((c) => c.fingerprint256 !== current.fingerprint256 && current.checkIssued(c) && safeVerify(current, c));
    if (!issuer) return 'chain_unknown';
    current = issuer;
  }
  return 'chain_unknown';
}

function safeVerify(cert: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return cert.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

function checkOne(bytes: Buffer, range: [number, number, number, number], options: VerifyOptions): SignatureCheck {
  const [a, b, c, d] = range;
  const end = c + d;
  const bad = (reason: VerdictReason): SignatureCheck => ({ state: 'malformed', reason, signer: null, end });
  // The ByteRange covers the file from its start, leaves out exactly the <hex> Contents string, stays inside it.
  if (a !== 0 || b < 1 || c <= b + 1 || end > bytes.length || d < 0) return bad('byte_range_invalid');
  if (bytes[b] !== 0x3c || bytes[c - 1] !== 0x3e) return bad('contents_invalid');
  const hexLength = c - b - 2;
  if (hexLength % 2 !== 0 || hexLength === 0 || hexLength > 2 * MAX_CONTENTS_BYTES) return bad('contents_invalid');
  for (let i = b + 1; i < c - 1; i++) if (!isHex(bytes[i]!)) return bad('contents_invalid');
  const cms = Buffer.from(bytes.subarray(b + 1, c - 1).toString('latin1'), 'hex');
  let parsed;
  try {
    parsed = parseSignedData(cms);
  } catch {
    // CmsError, or forge's own errors on hostile DER (a stack overflow on deep nesting included).
    return bad('cms_unreadable');
  }
  let certs: X509Certificate[];
  try {
    certs = parsed.certificates.map((der) => new X509Certificate(der));
  } catch {
    return bad('certificate_unreadable');
  }
  const wanted = parsed.signer;
  const signerCert = certs.find((cert, i) => {
    if (wanted.subjectKeyId) {
      const ski = (cert as X509Certificate & { subjectKeyIdentifier?: string }).subjectKeyIdentifier;
      return !!ski && serialHex(ski) === serialHex(wanted.subjectKeyId.toString('hex'));
    }
    // Serial and issuer both (RFC 5652 5.3): a signer naming another issuer is not this certificate's.
    return serialHex(cert.serialNumber) === serialHex(wanted.serialHex) && !!wanted.issuerDer && !!certificateIssuerDer(parsed.certificates[i]!)?.equals(wanted.issuerDer);
  });
  if (!signerCert) return bad('signer_certificate_missing');
  // The signing time: the CMS attribute when a signer wrote one (CAdES), else the dictionary's /M (PAdES).
  const signedAt = parsed.signingTime ?? dictionaryTime(bytes, b, c);
  const signer = summary(signerCert, signedAt);
  const hash = createHash(parsed.digest);
  hash.update(bytes.subarray(a, a + b));
  hash.update(bytes.subarray(c, end));
  const digest = hash.digest();
  if (parsed.contentType !== OID.data || !parsed.messageDigest || !parsed.messageDigest.equals(digest)) return { state: 'altered', reason: 'digest_mismatch', signer, end };
  const signatureDigest = signatureHash(parsed.signatureAlgorithm, parsed.digest);
  if (!signatureDigest) return { state: 'malformed', reason: 'unsupported_algorithm', signer, end };
  let valid = false;
  try {
    valid = cryptoVerify(signatureDigest, parsed.signedAttributes, signerCert.publicKey, parsed.signature);
  } catch {
    valid = false;
  }
  if (!valid) return { state: 'altered', reason: 'signature_invalid', signer, end };
  // Certificates valid now (a claimed signing time is the signer's word: it cannot revive an expired
  // certificate), and the signer's also at the claimed time.
  const problem = chainProblem(signerCert, certs, options.trust, options.at) ?? (signedAt && !validAt(signerCert, signedAt) ? 'certificate_expired' : null);
  if (problem) return { state: 'untrusted', reason: problem, signer, end };
  return { state: 'genuine', signer, end };
}

/** The verdict on a PDF's signatures (see the file's comment). */
export function verifyPdf(input: Buffer, options: VerifyOptions): Verdict {
  try {
    if (input.length > options.maxBytes) return { state: 'malformed', reason: 'too_large' };
    if (input.length < 8 || input.subarray(0, 5).toString('latin1') !== '%PDF-') return { state: 'malformed', reason: 'not_pdf' };
    const text = input.toString('latin1');
    const ranges: Array<[number, number, number, number]> = [];
    BYTE_RANGE.lastIndex = 0;
    let mentions = 0;
    for (let at = text.indexOf('/ByteRange'); at !== -1; at = text.indexOf('/ByteRange', at + 10)) {
      if (++mentions > MAX_SIGNATURES) return { state: 'malformed', reason: 'too_many_signatures' };
    }
    if (mentions === 0) return { state: 'unsigned' };
    for (let match = BYTE_RANGE.exec(text); match; match = BYTE_RANGE.exec(text)) {
      ranges.push([Number(match[1]), Number(match[2]), Number(match[3]), Number(match[4])]);
      if (ranges.length > MAX_SIGNATURES) break;
    }
    if (ranges.length !== mentions) return { state: 'malformed', reason: 'byte_range_invalid' };
    const checks = ranges.map((range) => checkOne(input, range, options));
    const worst = (state: SignatureCheck['state']) => checks.find((c) => c.state === state);
    const malformed = worst('malformed');
    if (malformed) return { state: 'malformed', reason: malformed.reason ?? 'cms_unreadable' };
    const altered = worst('altered');
    if (altered) return { state: 'altered', reason: altered.reason ?? 'signature_invalid', signer: altered.signer };
    // The last signature must cover the file to its end: bytes added after it are an unsigned change.
    const last = checks.reduce((x, y) => (y.end > x.end ? y : x));
    if (last.end !== input.length) return { state: 'altered', reason: 'not_whole_file', signer: last.signer };
    const untrusted = worst('untrusted');
    if (untrusted) return { state: 'untrusted', reason: untrusted.reason ?? 'chain_unknown', signer: untrusted.signer! };
    return { state: 'genuine', signer: last.signer!, signatures: checks.length };
  } catch {
    return { state: 'malformed', reason: 'cms_unreadable' };
  }
}
