// Signed result PDFs for the tests of src/modules/results: a demo CA and an agency certificate made once per
// process (RSA 2048 takes a moment), a rendered and signed one-page result.
import { createPrivateKey, X509Certificate } from 'node:crypto';
import type { SigningIdentity } from '../../src/modules/results/results.cms.ts';
import { renderResult, signPdf } from '../../src/modules/results/results.pdf.ts';
import { makeCertificate } from '../../src/modules/results/results.x509.ts';
import { fillResult } from '../../src/modules/results/results.rules.ts';

export interface TestPki {
  ca: X509Certificate;
  identity: SigningIdentity;
  /** An identity whose certificate expired a year ago (same CA). */
  expired: SigningIdentity;
  /** A self-signed identity (no CA anyone trusts). */
  stranger: SigningIdentity;
}

let pki: TestPki | undefined;

function identityOf(made: { certificatePem: string; privateKeyPem: string; subject: string }, chain: X509Certificate[]): SigningIdentity {
  return { key: createPrivateKey(made.privateKeyPem), certificate: new X509Certificate(made.certificatePem).raw, chain: chain.map((c) => c.raw), subject: made.subject };
}

export function testPki(): TestPki {
  if (pki) return pki;
  const now = new Date();
  const ca = makeCertificate({ commonName: 'Test CA', organisation: 'OpenDVC tests', ca: true, years: 10, now });
  const issuer = { certificatePem: ca.certificatePem, privateKeyPem: ca.privateKeyPem };
  const caCert = new X509Certificate(ca.certificatePem);
  const agency = makeCertificate({ commonName: 'Cục Bản quyền tác giả', organisation: 'Cục Bản quyền tác giả', ca: false, issuer, years: 2, now });
  const old = makeCertificate({ commonName: 'Expired agency', organisation: 'Expired', ca: false, issuer, years: -1, now });
  const self = makeCertificate({ commonName: 'Stranger', organisation: 'Nobody', ca: false, years: 2, now });
  pki = { ca: caCert, identity: identityOf(agency, [caCert]), expired: identityOf(old, [caCert]), stranger: identityOf(self, []) };
  return pki;
}

export const SAMPLE_FILLED = fillResult({
  dossierCode: '000.00.12.G14-261205-0001',
  procedureCode: '1.001823',
  procedureName: 'Cấp Giấy chứng nhận đăng ký quyền tác giả',
  agencyName: 'Cục Bản quyền tác giả',
  applicantName: 'Nguyễn Văn An',
  formData: { fullName: 'Nguyễn Văn An', workTitle: 'Trường ca sông Hậu', workType: 'van-hoc', publication: 'da-cong-bo' },
  issuedAt: new Date('2026-12-05T03:00:00Z'),
});

/** The unsigned one-page result. */
export function unsignedResult(): Promise<Buffer> {
  return renderResult({
    agency: { parentName: 'Bộ Văn hóa, Thể thao và Du lịch', name: 'Cục Bản quyền tác giả', place: 'Hà Nội' },
    filled: SAMPLE_FILLED,
    code: 'ABCD2345EFGH',
    verifyUrl: 'http://localhost:3000/xac-thuc/ABCD2345EFGH',
    issuedAt: new Date('2026-12-05T03:00:00Z'),
    signerName: 'Cục Bản quyền tác giả',
  });
}

/** The result signed by `identity` (default: the trusted agency certificate). */
export async function signedResult(identity: SigningIdentity = testPki().identity, pdf?: Buffer): Promise<Buffer> {
  return signPdf(pdf ?? (await unsignedResult()), identity, new Date(), { reason: 'Kết quả', location: 'Hà Nội', name: identity.subject });
}
