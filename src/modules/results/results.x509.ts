// The X.509 side of the signing certificates, written and read with node-forge (Node's crypto makes keys and
// checks certificates but writes none, nor reads PKCS#12): `makeCertificate` (the demo CA and agency
// certificates, the tests' certificates) and `readP12` (a configured SIGNING_P12_PATH). results.pki.ts imports
// this file only on the first key generation or PKCS#12 read, so that forge (about 12 MB resident) is not loaded
// at boot (see src/core/lazy.ts; test/integration/results-lazy.test.ts checks it).
import { createPrivateKey, generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import type { SigningIdentity } from './results.cms.ts';
import { distinguishedName } from './results.rules.ts';

const DAY = 86_400_000;

export interface NewCertificate {
  commonName: string;
  organisation: string;
  ca: boolean;
  /** The issuing CA's certificate and private key (PEM); none: self-signed. */
  issuer?: { certificatePem: string; privateKeyPem: string } | undefined;
  years: number;
  now: Date;
}

/** A key pair and an X.509 certificate (self-signed when no issuer is given). */
export function makeCertificate(spec: NewCertificate): { certificatePem: string; privateKeyPem: string; subject: string } {
  const issuer = spec.issuer ? { certificate: forge.pki.certificateFromPem(spec.issuer.certificatePem), key: forge.pki.privateKeyFromPem(spec.issuer.privateKeyPem) as forge.pki.rsa.PrivateKey } : null;
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
  const issuerName = issuer
    ? issuer.certificate.subject.attributes.map((a) => ((a.valueTagClass as unknown) === forge.asn1.Type.UTF8 && typeof a.value === 'string' ? { ...a, value: forge.util.decodeUtf8(a.value) } : a))
    : subject;
  cert.setIssuer(issuerName);
  const extensions: object[] = [
    { name: 'basicConstraints', cA: spec.ca, critical: true },
    spec.ca ? { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true } : { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ];
  if (issuer) extensions.push({ name: 'authorityKeyIdentifier', keyIdentifier: issuer.certificate.generateSubjectKeyIdentifier().getBytes() });
  cert.setExtensions(extensions);
  cert.sign(issuer?.key ?? privateKey, forge.md.sha256.create());
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
