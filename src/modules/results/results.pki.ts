// The signing certificates of the electronic results.
// Demo (no SIGNING_P12_PATH): a demo CA ("OpenDVC Demo CA") generated on first use, and one certificate per agency
// issued by it on the agency's first result; RSA 2048 keys (Node's generator: forge's pure-JavaScript one takes
// seconds), X.509 certificates written and signed with node-forge. Kept in `signing_keys` (migration 0024; why
// the database and not DATA_DIR: see ARCHITECTURE.md "Signed results"), created once even when two instances
// start together (ON CONFLICT DO NOTHING, then read). Private keys are never logged nor shown by any page.
// Configured (SIGNING_P12_PATH + SIGNING_P12_PASSWORD): that PKCS#12's key and certificate sign for every agency;
// its other certificates travel in the signature as the chain.
// Trust store: the demo CA (when no PKCS#12 is configured) + the CA certificates of SIGNING_CA_CERTS (PEM files).
import { createPrivateKey, generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import forge from 'node-forge';
import type { Db } from '../../db/database.ts';
import type { SigningIdentity } from './results.cms.ts';
import { distinguishedName } from './results.verify.ts';
import { ResultsRepository, type SigningKeyRow } from './results.repository.ts';

export interface PkiOptions {
  /** A PKCS#12 file to sign with instead of the demo certificates. */
  p12Path?: string | undefined;
  p12Password?: string | undefined;
  /** PEM files of further trusted CA certificates. */
  caCertPaths?: readonly string[] | undefined;
}

const DAY = 86_400_000;

/** A PEM certificate as DER. */
function pemToDer(pem: string): Buffer {
  return Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(forge.pki.certificateFromPem(pem))).getBytes(), 'binary');
}

/** Every certificate of a PEM bundle (DER). */
export function pemCertificates(text: string): Buffer[] {
  const out: Buffer[] = [];
  const re = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]{1,100000}?)-----END CERTIFICATE-----/g;
  for (let m = re.exec(text); m && out.length < 100; m = re.exec(text)) out.push(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64'));
  return out;
}

interface NewCertificate {
  commonName: string;
  organisation: string;
  ca: boolean;
  issuer?: { certificate: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey } | undefined;
  years: number;
  now: Date;
}

/** A key pair and an X.509 certificate (self-signed when no issuer is given). */
export function makeCertificate(spec: NewCertificate): { certificatePem: string; privateKeyPem: string; subject: string } {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKeyPem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const publicKey = forge.pki.publicKeyFromPem(pair.publicKey.export({ type: 'spki', format: 'pem' }).toString()) as forge.pki.rsa.PublicKey;
  const privateKey = forge.pki.privateKeyFromPem(privateKeyPem) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  // A positive serial of 16 random bytes (the first bit cleared).
  const serial = randomBytes(16);
  serial[0] = serial[0]! & 0x7f;
  cert.serialNumber = serial.toString('hex');
  cert.validity.notBefore = new Date(spec.now.getTime() - DAY);
  cert.validity.notAfter = new Date(spec.now.getTime() + spec.years * 365 * DAY);
  // UTF8String names (Vietnamese); forge encodes a JavaScript string to UTF-8 itself.
  const subject = [
    { shortName: 'CN', value: spec.commonName, valueTagClass: forge.asn1.Type.UTF8 },
    { shortName: 'O', value: spec.organisation, valueTagClass: forge.asn1.Type.UTF8 },
    { shortName: 'C', value: 'VN' },
  ] as forge.pki.CertificateField[];
  cert.setSubject(subject);
  // The issuer's name as its certificate has it: forge reads UTF8String values as UTF-8 bytes and would encode them
  // a second time, so they are decoded first (else a CA with a Vietnamese name would not chain).
  const issuerName = spec.issuer
    ? spec.issuer.certificate.subject.attributes.map((a) => ((a.valueTagClass as unknown) === forge.asn1.Type.UTF8 && typeof a.value === 'string' ? { ...a, value: forge.util.decodeUtf8(a.value) } : a))
    : subject;
  cert.setIssuer(issuerName);
  const extensions: object[] = [
    { name: 'basicConstraints', cA: spec.ca, critical: true },
    spec.ca ? { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true } : { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ];
  if (spec.issuer) extensions.push({ name: 'authorityKeyIdentifier', keyIdentifier: spec.issuer.certificate.generateSubjectKeyIdentifier().getBytes() });
  cert.setExtensions(extensions);
  cert.sign(spec.issuer?.key ?? privateKey, forge.md.sha256.create());
  const certificatePem = forge.pki.certificateToPem(cert);
  return { certificatePem, privateKeyPem, subject: distinguishedName(new X509Certificate(certificatePem).subject) };
}

/** A PKCS#12 file's key, certificate and chain (RSA keys: forge reads no others). */
export function readP12(bytes: Buffer, password: string): SigningIdentity {
  const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(bytes.toString('binary')), false, password);
  const keyBag = [
    ...(p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag! })[forge.pki.oids.pkcs8ShroudedKeyBag!] ?? []),
    ...(p12.getBags({ bagType: forge.pki.oids.keyBag! })[forge.pki.oids.keyBag!] ?? []),
  ][0];
  if (!keyBag?.key) throw new Error('the PKCS#12 file holds no private key');
  const key = keyBag.key as forge.pki.rsa.PrivateKey;
  const certs = (p12.getBags({ bagType: forge.pki.oids.certBag! })[forge.pki.oids.certBag!] ?? []).map((b) => b.cert!).filter(Boolean);
  const own = certs.find((c) => {
    const pub = c.publicKey as forge.pki.rsa.PublicKey;
    return pub.n?.compareTo(key.n) === 0 && pub.e?.compareTo(key.e) === 0;
  });
  if (!own) throw new Error('the PKCS#12 file holds no certificate for its private key');
  const der = (c: forge.pki.Certificate) => Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(c)).getBytes(), 'binary');
  const certificate = der(own);
  return {
    key: createPrivateKey(forge.pki.privateKeyToPem(key)),
    certificate,
    chain: certs.filter((c) => c !== own).map(der),
    subject: distinguishedName(new X509Certificate(certificate).subject),
  };
}

export class ResultsPki {
  private readonly identities = new Map<string, Promise<SigningIdentity>>();
  private caPromise: Promise<SigningKeyRow> | null = null;
  private configured: SigningIdentity | null = null;
  private readonly extraTrust: X509Certificate[];

  constructor(
    private readonly db: Db,
    private readonly options: PkiOptions = {},
    private readonly repo = new ResultsRepository(),
  ) {
    // Read at construction (boot): a wrong path or password stops the start with a message, not a later signature.
    const reason = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 200);
    if (options.p12Path) {
      try {
        this.configured = readP12(readFileSync(options.p12Path), options.p12Password ?? '');
      } catch (error) {
        throw new Error(`SIGNING_P12_PATH: cannot use ${options.p12Path} (${reason(error)}); check the file and SIGNING_P12_PASSWORD`);
      }
    }
    this.extraTrust = (options.caCertPaths ?? []).flatMap((file) => {
      try {
        const found = pemCertificates(readFileSync(file, 'utf8')).map((der) => new X509Certificate(der));
        if (!found.length) throw new Error('no PEM certificate in it');
        return found;
      } catch (error) {
        throw new Error(`SIGNING_CA_CERTS: cannot use ${file} (${reason(error)})`);
      }
    });
  }

  /** Whether the demo CA is trusted and used (no PKCS#12 configured). */
  get demo(): boolean {
    return this.configured === null;
  }

  /** The demo CA: read, or generated and stored once. */
  private ca(): Promise<SigningKeyRow> {
    this.caPromise ??= (async () => {
      const stored = await this.repo.signingKey(this.db, null);
      if (stored) return stored;
      const made = makeCertificate({ commonName: 'OpenDVC Demo CA', organisation: 'OpenDVC (demo)', ca: true, years: 20, now: new Date() });
      return this.repo.insertSigningKey(this.db, { kind: 'ca', agency_id: null, subject: made.subject, certificate_pem: made.certificatePem, private_key_pem: made.privateKeyPem });
    })();
    // A failure (the database away) is not kept: the next call tries again.
    this.caPromise.catch(() => (this.caPromise = null));
    return this.caPromise;
  }

  /** Makes sure the demo CA exists (first start); nothing with a configured PKCS#12. */
  async ensureCa(): Promise<void> {
    if (this.demo) await this.ca();
  }

  /** The identity that signs the agency's results (cached; the demo certificate is made on first use). */
  signer(agency: { id: string; name: string }): Promise<SigningIdentity> {
    if (this.configured) return Promise.resolve(this.configured);
    let identity = this.identities.get(agency.id);
    if (!identity) {
      identity = this.loadAgency(agency);
      this.identities.set(agency.id, identity);
      identity.catch(() => this.identities.delete(agency.id));
    }
    return identity;
  }

  private async loadAgency(agency: { id: string; name: string }): Promise<SigningIdentity> {
    const ca = await this.ca();
    let row = await this.repo.signingKey(this.db, agency.id);
    if (!row) {
      const issuer = { certificate: forge.pki.certificateFromPem(ca.certificate_pem), key: forge.pki.privateKeyFromPem(ca.private_key_pem) as forge.pki.rsa.PrivateKey };
      const made = makeCertificate({ commonName: agency.name.slice(0, 64), organisation: agency.name.slice(0, 64), ca: false, issuer, years: 5, now: new Date() });
      row = await this.repo.insertSigningKey(this.db, { kind: 'agency', agency_id: agency.id, subject: made.subject, certificate_pem: made.certificatePem, private_key_pem: made.privateKeyPem });
    }
    return { key: createPrivateKey(row.private_key_pem), certificate: pemToDer(row.certificate_pem), chain: [pemToDer(ca.certificate_pem)], subject: row.subject };
  }

  /** The trust anchors: the demo CA (demo only) and the configured CA certificates. */
  async trustStore(): Promise<X509Certificate[]> {
    if (!this.demo) return this.extraTrust;
    const ca = await this.ca();
    return [new X509Certificate(ca.certificate_pem), ...this.extraTrust];
  }

  /** The demo CA certificate (PEM) for tools that verify outside (pdfsig's NSS database in the tests); null when configured. */
  async caCertificatePem(): Promise<string | null> {
    return this.demo ? (await this.ca()).certificate_pem : null;
  }
}
