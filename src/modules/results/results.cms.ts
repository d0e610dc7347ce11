// CMS (RFC 5652) SignedData for PAdES signatures, written and read with node-forge's ASN.1 (DER) codec:
// `buildSignedData` makes the detached signature of the bytes a PDF's ByteRange covers, with the signed attributes
// PAdES baseline B asks for (content type, message digest, ESS signing-certificate-v2; no signing time) — forge's
// own pkcs7 signer cannot write the last one, hence the hand-written structure; the RSA signature itself is
// Node's (native, about 1 ms). `parseSignedData` reads one back for the verification (results.verify.ts): never
// throws but with CmsError, takes no more than it is given.
import { createHash, sign as cryptoSign, type KeyObject } from 'node:crypto';
import forge from 'node-forge';

const { asn1 } = forge;
type Asn1 = forge.asn1.Asn1;

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRSA: '1.2.840.113549.1.1.11',
  sha384WithRSA: '1.2.840.113549.1.1.12',
  sha512WithRSA: '1.2.840.113549.1.1.13',
  sha1WithRSA: '1.2.840.113549.1.1.5',
  ecdsaWithSHA256: '1.2.840.10045.4.3.2',
  ecdsaWithSHA384: '1.2.840.10045.4.3.3',
  ecdsaWithSHA512: '1.2.840.10045.4.3.4',
} as const;

/** Digest algorithms accepted in a signature, by OID → Node's hash name. */
export const DIGESTS: Record<string, string> = { [OID.sha256]: 'sha256', [OID.sha384]: 'sha384', [OID.sha512]: 'sha512', [OID.sha1]: 'sha1' };

export class CmsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CmsError';
  }
}

const U = asn1.Class.UNIVERSAL;
const T = asn1.Type;
const seq = (value: Asn1[]) => asn1.create(U, T.SEQUENCE, true, value);
const set = (value: Asn1[]) => asn1.create(U, T.SET, true, value);
const oid = (value: string) => asn1.create(U, T.OID, false, asn1.oidToDer(value).getBytes());
const octets = (bytes: Buffer) => asn1.create(U, T.OCTETSTRING, false, bytes.toString('binary'));
const int = (value: number) => asn1.create(U, T.INTEGER, false, asn1.integerToDer(value).getBytes());
const nul = () => asn1.create(U, T.NULL, false, '');
const der = (node: Asn1) => Buffer.from(asn1.toDer(node).getBytes(), 'binary');
/** forge's fromDer takes an options object at run time (its types say boolean): strict DER, trailing bytes allowed (the Contents padding). */
const fromDerWith = asn1.fromDer as unknown as (bytes: forge.util.ByteStringBuffer, options: { strict: boolean; parseAllBytes: boolean; decodeBitStrings: boolean }) => Asn1;
const fromDer = (bytes: Buffer): Asn1 => fromDerWith(forge.util.createBuffer(bytes.toString('binary')), { strict: true, parseAllBytes: false, decodeBitStrings: false });

function algorithm(id: string, withNull = true): Asn1 {
  return seq(withNull ? [oid(id), nul()] : [oid(id)]);
}

function attribute(type: string, value: Asn1): Asn1 {
  return seq([oid(type), set([value])]);
}

/** The certificate's issuer Name and serialNumber, as they stand in its DER. */
function issuerAndSerial(certificateDer: Buffer): Asn1 {
  const cert = fromDer(certificateDer);
  const tbs = (cert.value as Asn1[])[0]!.value as Asn1[];
  // TBSCertificate: [0] version (explicit, optional), serialNumber, signature, issuer, …
  const offset = tbs[0]!.tagClass === asn1.Class.CONTEXT_SPECIFIC ? 1 : 0;
  return seq([tbs[offset + 2]!, tbs[offset]!]);
}

/** The DER of a certificate's issuer Name (to match a signer's issuerAndSerialNumber); null when unreadable. */
export function certificateIssuerDer(certificateDer: Buffer): Buffer | null {
  try {
    return der((issuerAndSerial(certificateDer).value as Asn1[])[0]!);
  } catch {
    return null;
  }
}

export interface SigningIdentity {
  /** The private key (RSA), as Node's KeyObject. */
  key: KeyObject;
  /** The signer's certificate (DER). */
  certificate: Buffer;
  /** The rest of the chain (DER), up to and including the root when known. */
  chain: Buffer[];
  /** The signer's subject, as shown (CN, O, C). */
  subject: string;
}

/**
 * The detached CMS SignedData (DER) over `content` (the bytes the ByteRange covers), signed with SHA-256 and
 * RSA PKCS#1 v1.5. `signingTime` is the signed attribute's time.
 */
export function buildSignedData(content: Buffer, identity: SigningIdentity, signingTime: Date): Buffer {
  const digest = createHash('sha256').update(content).digest();
  const certHash = createHash('sha256').update(identity.certificate).digest();
  // No signing-time attribute: PAdES baseline forbids it (EN 319 142-1 §5.3); the claimed time is the signature
  // dictionary's /M, which the placeholder writes. `signingTime` stays a parameter for other CMS uses.
  void signingTime;
  const attributes = [
    attribute(OID.contentType, oid(OID.data)),
    attribute(OID.messageDigest, octets(digest)),
    // ESS signing-certificate-v2 (RFC 5035): SigningCertificateV2 { certs SEQUENCE OF ESSCertIDv2 { certHash } } (SHA-256 is the default).
    attribute(OID.signingCertificateV2, seq([seq([seq([octets(certHash)])])])),
  ];
  // The signature covers the attributes DER-encoded as a SET (RFC 5652 5.4); DER sorts a SET OF by encoding.
  const encoded = attributes.map(der).sort(Buffer.compare);
  const signedSet = Buffer.concat([derHeader(0x31, encoded.reduce((n, b) => n + b.length, 0)), ...encoded]);
  const signature = cryptoSign('sha256', signedSet, identity.key);
  const signedAttrs = asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, encoded.map((b) => fromDer(b)));
  const signerInfo = seq([
    int(1),
    issuerAndSerial(identity.certificate),
    algorithm(OID.sha256),
    signedAttrs,
    algorithm(OID.rsaEncryption),
    octets(signature),
  ]);
  const certificates = asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [identity.certificate, ...identity.chain].map((c) => fromDer(c)));
  const signedData = seq([int(1), set([algorithm(OID.sha256)]), seq([oid(OID.data)]), certificates, set([signerInfo])]);
  return der(seq([oid(OID.signedData), asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [signedData])]));
}

/** A DER tag and length header. */
function derHeader(tag: number, length: number): Buffer {
  if (length < 0x80) return Buffer.from([tag, length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return Buffer.from([tag, 0x80 | bytes.length, ...bytes]);
}

// --- reading ---------------------------------------------------------------------------------------------

/** What a signature's CMS holds that the verification needs. */
export interface ParsedSignedData {
  /** Certificates carried in the signature (DER). */
  certificates: Buffer[];
  /** The one signer: how it names its certificate. */
  signer: { serialHex: string; issuerDer: Buffer | null; subjectKeyId: Buffer | null };
  /** Node's hash name of the digest algorithm. */
  digest: string;
  /** The signature algorithm's OID (rsaEncryption, sha256WithRSA, ecdsa-with-SHA256, …). */
  signatureAlgorithm: string;
  /** The DER of the signed attributes as a SET (what the signature covers). */
  signedAttributes: Buffer;
  /** The attribute values: message digest, content type, signing time (null when absent). */
  messageDigest: Buffer | null;
  contentType: string | null;
  signingTime: Date | null;
  signature: Buffer;
}

function children(node: Asn1 | undefined, what: string): Asn1[] {
  if (!node || !Array.isArray(node.value)) throw new CmsError(`${what}: expected a constructed value`);
  return node.value as Asn1[];
}

function bytesOf(node: Asn1 | undefined, what: string): Buffer {
  if (!node || typeof node.value !== 'string') throw new CmsError(`${what}: expected a primitive value`);
  return Buffer.from(node.value, 'binary');
}

function oidOf(node: Asn1 | undefined, what: string): string {
  if (!node || node.tagClass !== U || node.type !== T.OID || typeof node.value !== 'string') throw new CmsError(`${what}: expected an OID`);
  return asn1.derToOid(forge.util.createBuffer(node.value));
}

function timeOf(node: Asn1 | undefined): Date | null {
  if (!node || typeof node.value !== 'string') return null;
  try {
    const at = node.type === T.UTCTIME ? asn1.utcTimeToDate(node.value) : node.type === T.GENERALIZEDTIME ? asn1.generalizedTimeToDate(node.value) : null;
    return at && Number.isFinite(at.getTime()) ? at : null;
  } catch {
    return null;
  }
}

/**
 * The length of the one DER value at the start of `bytes`, checked all the way down: definite lengths in their
 * shortest form, every constructed value exactly filled by its children, at most MAX_DEPTH deep. Throws CmsError
 * otherwise. (forge's reader takes BER — indefinite and padded lengths — and so would let bytes of the Contents
 * change without changing what it reads.)
 */
export function derLength(bytes: Buffer, start = 0, end = bytes.length, depth = 0): number {
  if (depth > MAX_DEPTH) throw new CmsError('nested too deep');
  if (start + 2 > end) throw new CmsError('truncated');
  const tag = bytes[start]!;
  if ((tag & 0x1f) === 0x1f) throw new CmsError('high tag numbers are not used in CMS');
  let at = start + 1;
  const first = bytes[at++]!;
  let length = first;
  if (first === 0x80) throw new CmsError('indefinite length (BER, not DER)');
  if (first > 0x80) {
    const count = first & 0x7f;
    if (count > 4 || at + count > end) throw new CmsError('length too long');
    if (bytes[at] === 0) throw new CmsError('length not in its shortest form');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[at++]!;
    if (length < 0x80) throw new CmsError('length not in its shortest form');
  }
  const valueEnd = at + length;
  if (valueEnd > end) throw new CmsError('truncated');
  if (tag & 0x20) {
    for (let child = at; child < valueEnd; ) child += derLength(bytes, child, valueEnd, depth + 1);
  }
  return valueEnd - start;
}

const MAX_DEPTH = 32;

/** A node of the expected universal type (SEQUENCE, SET, …). */
function expect(node: Asn1 | undefined, type: number, what: string): Asn1 {
  if (!node || node.tagClass !== U || node.type !== type) throw new CmsError(`${what}: unexpected type`);
  return node;
}

/** An AlgorithmIdentifier: its OID, with no parameters or NULL ones. */
function algorithmOf(node: Asn1 | undefined, what: string): string {
  const parts = children(expect(node, T.SEQUENCE, what), what);
  if (parts.length > 2 || (parts.length === 2 && (parts[1]!.tagClass !== U || parts[1]!.type !== T.NULL || parts[1]!.value !== ''))) throw new CmsError(`${what}: unexpected parameters`);
  return oidOf(parts[0], what);
}

/** A small INTEGER's value (the versions). */
function smallInt(node: Asn1 | undefined, what: string): number {
  const bytes = bytesOf(expect(node, T.INTEGER, what), what);
  if (bytes.length !== 1) throw new CmsError(`${what}: unexpected value`);
  return bytes[0]!;
}

/**
 * Reads a CMS ContentInfo holding a detached SignedData with exactly one signer, in DER (the PDF's Contents: the
 * DER value, then zeros only). Throws CmsError on anything else.
 */
export function parseSignedData(cms: Buffer): ParsedSignedData {
  const length = derLength(cms);
  for (let i = length; i < cms.length; i++) if (cms[i] !== 0) throw new CmsError('bytes after the signature other than the zero padding');
  let root: Asn1;
  try {
    root = fromDer(cms.subarray(0, length));
  } catch (error) {
    throw new CmsError(`not DER: ${error instanceof Error ? error.message.slice(0, 100) : 'unreadable'}`);
  }
  const info = children(expect(root, T.SEQUENCE, 'ContentInfo'), 'ContentInfo');
  if (info.length !== 2 || oidOf(info[0], 'contentType') !== OID.signedData) throw new CmsError('not a SignedData');
  const explicit = info[1]!;
  if (explicit.tagClass !== asn1.Class.CONTEXT_SPECIFIC || explicit.type !== 0 || children(explicit, 'content').length !== 1) throw new CmsError('content: unexpected type');
  const signedData = children(expect(children(explicit, 'content')[0], T.SEQUENCE, 'SignedData'), 'SignedData');
  const version = smallInt(signedData[0], 'version');
  const digestAlgorithms = children(expect(signedData[1], T.SET, 'digestAlgorithms'), 'digestAlgorithms').map((a) => algorithmOf(a, 'digestAlgorithm'));
  // Detached: the encapsulated content is the type `data` and carries no content.
  const encap = children(expect(signedData[2], T.SEQUENCE, 'encapContentInfo'), 'encapContentInfo');
  if (encap.length !== 1 || oidOf(encap[0], 'eContentType') !== OID.data) throw new CmsError('not a detached signature of data');
  let index = 3; // version, digestAlgorithms, encapContentInfo
  const certificates: Buffer[] = [];
  // [0] certificates, then [1] crls, each at most once.
  for (const type of [0, 1]) {
    const node = signedData[index];
    if (!node || node.tagClass !== asn1.Class.CONTEXT_SPECIFIC || node.type !== type) continue;
    if (type === 0) for (const c of children(node, 'certificates').slice(0, 20)) certificates.push(der(expect(c, T.SEQUENCE, 'certificate')));
    index++;
  }
  if (signedData.length !== index + 1) throw new CmsError('SignedData: unexpected fields');
  const signerInfos = children(expect(signedData[index], T.SET, 'signerInfos'), 'signerInfos');
  if (signerInfos.length !== 1) throw new CmsError(`expected one signer, found ${signerInfos.length}`);
  const si = children(expect(signerInfos[0], T.SEQUENCE, 'SignerInfo'), 'SignerInfo');
  // version, sid, digestAlgorithm, signedAttrs, signatureAlgorithm, signature (no unsigned attributes read).
  if (si.length < 6 || si.length > 7) throw new CmsError('SignerInfo: unexpected fields');
  const sid = si[1];
  let signer: ParsedSignedData['signer'];
  if (sid?.tagClass === asn1.Class.CONTEXT_SPECIFIC && sid.type === 0) {
    // RFC 5652 5.1/5.3: a signer named by key identifier is version 3, and so is then the SignedData (data, no attribute certificates).
    if (smallInt(si[0], 'SignerInfo version') !== 3 || version !== 3) throw new CmsError('SignerInfo version');
    signer = { serialHex: '', issuerDer: null, subjectKeyId: bytesOf(sid, 'subjectKeyIdentifier') };
  } else {
    if (smallInt(si[0], 'SignerInfo version') !== 1 || version !== 1) throw new CmsError('SignerInfo version');
    const parts = children(expect(sid, T.SEQUENCE, 'issuerAndSerialNumber'), 'issuerAndSerialNumber');
    if (parts.length !== 2) throw new CmsError('issuerAndSerialNumber: unexpected fields');
    signer = { serialHex: bytesOf(expect(parts[1], T.INTEGER, 'serialNumber'), 'serialNumber').toString('hex'), issuerDer: der(expect(parts[0], T.SEQUENCE, 'issuer')), subjectKeyId: null };
  }
  const digestOid = algorithmOf(si[2], 'digestAlgorithm');
  const digest = DIGESTS[digestOid];
  if (!digest) throw new CmsError(`unsupported digest ${digestOid}`);
  if (!digestAlgorithms.includes(digestOid)) throw new CmsError('the signer\'s digest algorithm is not among the SignedData\'s');
  const attrsNode = si[3];
  if (!attrsNode || attrsNode.tagClass !== asn1.Class.CONTEXT_SPECIFIC || attrsNode.type !== 0) throw new CmsError('no signed attributes');
  const attributes = children(attrsNode, 'signedAttrs');
  let messageDigest: Buffer | null = null;
  let contentType: string | null = null;
  let signingTime: Date | null = null;
  for (const attr of attributes.slice(0, 50)) {
    const [typeNode, valuesNode] = children(attr, 'Attribute');
    const type = oidOf(typeNode, 'attrType');
    const value = children(valuesNode, 'attrValues')[0];
    if (type === OID.messageDigest) messageDigest = bytesOf(value, 'messageDigest');
    else if (type === OID.contentType) contentType = oidOf(value, 'contentType');
    else if (type === OID.signingTime) signingTime = timeOf(value);
  }
  const attrsDer = der(attrsNode);
  attrsDer[0] = 0x31; // [0] IMPLICIT → SET, as signed
  const signatureAlgorithm = algorithmOf(si[4], 'signatureAlgorithm');
  const signature = bytesOf(expect(si[5], T.OCTETSTRING, 'signature'), 'signature');
  if (si[6] && (si[6].tagClass !== asn1.Class.CONTEXT_SPECIFIC || si[6].type !== 1)) throw new CmsError('SignerInfo: unexpected fields');
  return { certificates, signer, digest, signatureAlgorithm, signedAttributes: attrsDer, messageDigest, contentType, signingTime, signature };
}
