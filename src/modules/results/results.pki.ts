// The signing certificates of the electronic results.
// Demo (no SIGNING_P12_PATH): a demo CA ("OpenDVC Demo CA") generated on first use, and one certificate per agency
// issued by it on the agency's first result (made by the first signature, verification or `ensureCa`, not at boot);
// RSA 2048 keys (Node's generator: forge's pure-JavaScript one takes seconds), X.509 certificates written and
// signed with node-forge in results.x509.ts, imported on first use only. Kept in `signing_keys` (migration 0024; why
// the database and not DATA_DIR: see ARCHITECTURE.md "Signed results"), created once even when two instances
// start together (ON CONFLICT DO NOTHING, then read). Private keys are never logged nor shown by any page.
// Configured (SIGNING_P12_PATH + SIGNING_P12_PASSWORD): that PKCS#12's key and certificate sign for every agency;
// its other certificates travel in the signature as the chain. The file is read at construction (a wrong path
// stops the start) and parsed by `ready()` (a wrong password stops the start: src/server.ts awaits it when a
// PKCS#12 is configured; forge is then loaded at boot, which only such a deployment pays).
// Trust store: the demo CA (when no PKCS#12 is configured) + the CA certificates of SIGNING_CA_CERTS (PEM files).
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { lazyModule } from '../../core/lazy.ts';
import type { Db } from '../../db/database.ts';
import type { SigningIdentity } from './results.cms.ts';
import { ResultsRepository, type SigningKeyRow } from './results.repository.ts';

export interface PkiOptions {
  /** A PKCS#12 file to sign with instead of the demo certificates. */
  p12Path?: string | undefined;
  p12Password?: string | undefined;
  /** PEM files of further trusted CA certificates. */
  caCertPaths?: readonly string[] | undefined;
}

/** results.x509.ts (node-forge), on the first key generation or PKCS#12 read. */
export const x509 = lazyModule(() => import('./results.x509.ts'));

/** A PEM certificate as DER. */
function pemToDer(pem: string): Buffer {
  return new X509Certificate(pem).raw;
}

/** Every certificate of a PEM bundle (DER). */
export function pemCertificates(text: string): Buffer[] {
  const out: Buffer[] = [];
  const re = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]{1,100000}?)-----END CERTIFICATE-----/g;
  for (let m = re.exec(text); m && out.length < 100; m = re.exec(text)) out.push(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64'));
  return out;
}

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 200);

export class ResultsPki {
  private readonly identities = new Map<string, Promise<SigningIdentity>>();
  private caPromise: Promise<SigningKeyRow> | null = null;
  /** The configured PKCS#12's bytes (null in the demo) and, once read, its identity. */
  private readonly p12: Buffer | null = null;
  private configured: Promise<SigningIdentity> | null = null;
  private readonly extraTrust: X509Certificate[];

  constructor(
    private readonly db: Db,
    private readonly options: PkiOptions = {},
    private readonly repo = new ResultsRepository(),
  ) {
    // Read at construction (boot): a wrong path stops the start with a message, not a later signature; a wrong
    // password stops it at `ready()`.
    if (options.p12Path) {
      try {
        this.p12 = readFileSync(options.p12Path);
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
    return this.p12 === null;
  }

  /** The configured PKCS#12's identity, parsed once (throws naming SIGNING_P12_PATH when it cannot be used). */
  private configuredIdentity(p12: Buffer): Promise<SigningIdentity> {
    return (this.configured ??= (async () => {
      try {
        return (await x509()).readP12(p12, this.options.p12Password ?? '');
      } catch (error) {
        throw new Error(`SIGNING_P12_PATH: cannot use ${this.options.p12Path} (${reason(error)}); check the file and SIGNING_P12_PASSWORD`);
      }
    })());
  }

  /** Reads the configured PKCS#12 now (boot), so that a wrong password stops the start; nothing in the demo. */
  async ready(): Promise<void> {
    if (this.p12) await this.configuredIdentity(this.p12);
  }

  /** The demo CA: read, or generated and stored once. */
  private ca(): Promise<SigningKeyRow> {
    this.caPromise ??= (async () => {
      const stored = await this.repo.signingKey(this.db, null);
      if (stored) return stored;
      const made = (await x509()).makeCertificate({ commonName: 'OpenDVC Demo CA', organisation: 'OpenDVC (demo)', ca: true, years: 20, now: new Date() });
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
    if (this.p12) return this.configuredIdentity(this.p12);
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
      const issuer = { certificatePem: ca.certificate_pem, privateKeyPem: ca.private_key_pem };
      const made = (await x509()).makeCertificate({ commonName: agency.name.slice(0, 64), organisation: agency.name.slice(0, 64), ca: false, issuer, years: 5, now: new Date() });
      row = await this.repo.insertSigningKey(this.db, { kind: 'agency', agency_id: agency.id, subject: made.subject, certificate_pem: made.certificatePem, private_key_pem: made.privateKeyPem });
    }
    return { key: createPrivateKey(row.private_key_pem), certificate: pemToDer(row.certificate_pem), chain: [pemToDer(ca.certificate_pem)], subject: row.subject };
  }

  /**
   * The identity a person signs with (outgoing documents' signers, issue 19): in the demo their own certificate
   * from the demo CA (CN the person, O the agency), made on their first signature; with a PKCS#12 configured, that.
   */
  personSigner(person: { id: string; name: string; organisation: string }): Promise<SigningIdentity> {
    if (this.p12) return this.configuredIdentity(this.p12);
    const key = `person:${person.id}`;
    let identity = this.identities.get(key);
    if (!identity) {
      identity = (async () => {
        const ca = await this.ca();
        let row = await this.repo.personKey(this.db, person.id);
        if (!row) {
          const issuer = { certificatePem: ca.certificate_pem, privateKeyPem: ca.private_key_pem };
          const made = (await x509()).makeCertificate({ commonName: person.name.slice(0, 64), organisation: person.organisation.slice(0, 64), ca: false, issuer, years: 5, now: new Date() });
          row = await this.repo.insertSigningKey(this.db, { kind: 'person', agency_id: null, account_id: person.id, subject: made.subject, certificate_pem: made.certificatePem, private_key_pem: made.privateKeyPem });
        }
        return { key: createPrivateKey(row.private_key_pem), certificate: pemToDer(row.certificate_pem), chain: [pemToDer(ca.certificate_pem)], subject: row.subject };
      })();
      this.identities.set(key, identity);
      identity.catch(() => this.identities.delete(key));
    }
    return identity;
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
