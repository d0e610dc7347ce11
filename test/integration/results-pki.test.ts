// The signing identity from a configured PKCS#12 (SIGNING_P12_PATH / SIGNING_P12_PASSWORD) and the trust store from
// SIGNING_CA_CERTS: a result signed with it verifies as genuine against that CA, the demo CA is no longer trusted,
// and a wrong password (at ready(), which the start awaits) or a file that is not a PEM bundle stops the start with a
// message naming the setting.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import forge from 'node-forge';
import type { Db } from '../../src/db/database.ts';
import { ResultsPki } from '../../src/modules/results/results.pki.ts';
import { makeCertificate } from '../../src/modules/results/results.x509.ts';
import { verifyPdf } from '../../src/modules/results/results.verify.ts';
import { signedResult } from '../helpers/results.ts';

describe('configured PKCS#12 and trusted CA certificates', () => {
  let dir: string;
  let p12Path: string;
  let caPath: string;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'opendvc-p12-'));
    const now = new Date();
    const ca = makeCertificate({ commonName: 'Bộ Văn hóa CA (test)', organisation: 'Test', ca: true, years: 5, now });
    const leader = makeCertificate({ commonName: 'Hoàng Văn Nam', organisation: 'Cục Bản quyền tác giả', ca: false, issuer: { certificatePem: ca.certificatePem, privateKeyPem: ca.privateKeyPem }, years: 2, now });
    const p12 = forge.pkcs12.toPkcs12Asn1(forge.pki.privateKeyFromPem(leader.privateKeyPem), [forge.pki.certificateFromPem(leader.certificatePem), forge.pki.certificateFromPem(ca.certificatePem)], 'mật khẩu', { algorithm: '3des' });
    p12Path = path.join(dir, 'leader.p12');
    caPath = path.join(dir, 'ca.pem');
    await writeFile(p12Path, Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary'));
    await writeFile(caPath, `# trusted\n${ca.certificatePem}`);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  // The PKI reads no database when a PKCS#12 is configured.
  const noDb = null as unknown as Db;

  it('signs with the PKCS#12 for every agency; verifies against the configured CA only', async () => {
    const pki = new ResultsPki(noDb, { p12Path, p12Password: 'mật khẩu', caCertPaths: [caPath] });
    assert.equal(pki.demo, false);
    const a = await pki.signer({ id: 'a', name: 'A' });
    const b = await pki.signer({ id: 'b', name: 'B' });
    assert.equal(a, b);
    assert.match(a.subject, /CN=Hoàng Văn Nam/);
    assert.equal(a.chain.length, 1);
    const pdf = await signedResult(a);
    const trust = await pki.trustStore();
    assert.equal(trust.length, 1);
    const verdict = verifyPdf(pdf, { trust, maxBytes: 10_000_000, at: new Date() });
    assert.equal(verdict.state, 'genuine', JSON.stringify(verdict));
    assert.equal(await pki.caCertificatePem(), null);
  });

  it('a wrong password, a missing file or a file without certificates stops with the setting named', async () => {
    // The file is read at construction, parsed by ready() (the start awaits it: src/server.ts).
    await assert.rejects(new ResultsPki(noDb, { p12Path, p12Password: 'sai' }).ready(), /SIGNING_P12_PATH/);
    await new ResultsPki(noDb, { p12Path, p12Password: 'mật khẩu' }).ready();
    assert.throws(() => new ResultsPki(noDb, { p12Path: path.join(dir, 'none.p12') }), /SIGNING_P12_PATH/);
    assert.throws(() => new ResultsPki(noDb, { p12Path, p12Password: 'mật khẩu', caCertPaths: [p12Path] }), /SIGNING_CA_CERTS/);
  });
});
