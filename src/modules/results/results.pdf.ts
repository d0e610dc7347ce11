// The result PDF (A4, pdfkit with the DejaVu fonts of src/core/pdf.ts): the agency heading, national name and
// motto (printouts' drawOfficialHeading), the filled template (results.rules.ts fillResult), the verification box
// with the QR code of the public verification page and the code to type, and the signature block; then signed as
// PAdES (subFilter ETSI.CAdES.detached, CMS from results.cms.ts) with @signpdf: placeholder-plain adds the
// signature dictionary and an invisible widget as an incremental update, signpdf fills ByteRange and Contents.
import { drawQr, openPdf } from '../../core/pdf.ts';
import { lazyModule } from '../../core/lazy.ts';
import { drawOfficialHeading } from '../printouts/printouts.pdf.ts';
import type { AgencyHeading } from '../printouts/printouts.types.ts';
import type { SigningIdentity } from './results.cms.ts';
import { formatVerificationCode, type FilledResult } from './results.rules.ts';

/** @signpdf (its placeholder package brings its own pdfkit) and our CMS (node-forge): loaded by the first signature. */
const signLibraries = lazyModule(async () => {
  const [signpdf, placeholder, utils, cms] = await Promise.all([import('@signpdf/signpdf'), import('@signpdf/placeholder-plain'), import('@signpdf/utils'), import('./results.cms.ts')]);
  return { signpdf: new signpdf.SignPdf(), plainAddPlaceholder: placeholder.plainAddPlaceholder, Signer: utils.Signer, SUBFILTER: utils.SUBFILTER_ETSI_CADES_DETACHED, buildSignedData: cms.buildSignedData };
});

// The fonts are the ones openPdf registers (parsed by pdfkit for each document). Parsed fontkit fonts must not be
// shared between documents: fontkit caches each glyph with the code points of its first use, so a later document's
// ToUnicode map (its text layer: copy, search, screen readers) lost letters such as "ư" (test/rules/results.rules.test.ts).

/** Room for the CMS in the placeholder: the certificate chain (two RSA 2048 certificates) and the signature fit in 8 KiB. */
const SIGNATURE_BYTES = 8192;

export interface ResultDocument {
  agency: AgencyHeading;
  filled: FilledResult;
  code: string;
  verifyUrl: string;
  issuedAt: Date;
  /** The signer's name printed in the signature block (the agency). */
  signerName: string;
}

/** The unsigned result PDF. No clock and no randomness: the same data gives the same bytes. */
export async function renderResult(data: ResultDocument, options: { compress?: boolean } = {}): Promise<Buffer> {
  const { doc, done } = await openPdf({
    size: 'A4',
    margins: { top: 50, left: 50, right: 50, bottom: 50 },
    compress: options.compress ?? true,
    info: {
      Title: `${data.filled.title} — ${formatVerificationCode(data.code)}`,
      Author: data.agency.name,
      Subject: data.filled.title,
      Creator: 'OpenDVC',
      Producer: 'OpenDVC',
      CreationDate: data.issuedAt,
      ModDate: data.issuedAt,
    },
    lang: 'vi',
    displayTitle: true,
  });
  const left = 50;
  const width = doc.page.width - 100;
  drawOfficialHeading(doc, 'vi', data.agency, data.issuedAt);
  doc.moveDown(1);
  doc.font('bold').fontSize(16).text(data.filled.title, left, doc.y, { width, align: 'center' });
  if (data.filled.subtitle) doc.font('bold').fontSize(11).text(data.filled.subtitle, left, doc.y + 4, { width, align: 'center' });
  doc.moveDown(1.2);
  for (const line of data.filled.lines) {
    doc.font('bold').fontSize(11).text(`${line.label}: `, left, doc.y, { width, continued: true });
    doc.font('regular').text(line.value, { width });
    doc.moveDown(0.35);
  }
  doc.moveDown(0.6);
  doc.font('oblique').fontSize(10.5).text(data.filled.closing, left, doc.y, { width, align: 'justify' });
  doc.moveDown(1.5);
  // Signature block (right) and verification box (left), side by side.
  const top = doc.y;
  const qrSize = 92;
  drawQr(doc, data.verifyUrl, left, top, qrSize);
  doc.font('regular').fontSize(8.5).text('Tra cứu tính xác thực / Verify:', left + qrSize + 8, top + 4, { width: 170 });
  doc.font('regular').fontSize(8).text(data.verifyUrl, left + qrSize + 8, doc.y + 2, { width: 170 });
  doc.font('bold').fontSize(12).text(formatVerificationCode(data.code), left + qrSize + 8, doc.y + 6, { width: 170 });
  const right = left + width * 0.55;
  doc.font('bold').fontSize(11).text('THỦ TRƯỞNG CƠ QUAN', right, top, { width: width * 0.45, align: 'center' });
  doc.font('oblique').fontSize(9.5).text('(Đã ký số)', right, doc.y + 2, { width: width * 0.45, align: 'center' });
  doc.font('bold').fontSize(10.5).text(data.signerName, right, doc.y + 30, { width: width * 0.45, align: 'center' });
  doc.end();
  return done;
}

/** Signs a PDF (PAdES, ETSI.CAdES.detached) with the identity; `at` is the signing time written in it. */
export async function signPdf(pdf: Buffer, identity: SigningIdentity, at: Date, meta: { reason: string; location: string; name: string }): Promise<Buffer> {
  const { signpdf, plainAddPlaceholder, Signer, SUBFILTER, buildSignedData } = await signLibraries();
  class CmsSigner extends Signer {
    override async sign(content: Buffer): Promise<Buffer> {
      return buildSignedData(content, identity, at);
    }
  }
  const prepared = plainAddPlaceholder({
    pdfBuffer: pdf,
    reason: meta.reason,
    contactInfo: '',
    name: meta.name,
    location: meta.location,
    signingTime: at,
    signatureLength: SIGNATURE_BYTES,
    subFilter: SUBFILTER,
    appName: 'OpenDVC',
  });
  return signpdf.sign(prepared, new CmsSigner(), at);
}
