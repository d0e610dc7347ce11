// An outgoing document as PDF in the national layout (Decree 30/2020, Appendix I): the issuing body (and its
// parent) with the number-and-symbol under it on the left, the national name and motto with the place and date
// line on the right (printouts' drawOfficialHeading), the urgency and confidentiality marks, the document type's
// name and the excerpt (trích yếu) — for an official letter the excerpt under the number ("V/v …") —, the body,
// then the recipients (Nơi nhận) on the left and the signer's title and name on the right. Before issue the
// number is left blank ("Số:      /QĐ-UBND") and the date line has no day; at issue it is rendered with both.
// No clock, no randomness: the same data gives the same bytes. Fonts: core/pdf.ts (DejaVu, every Vietnamese glyph).
import { openPdf } from '../../core/pdf.ts';
import { drawOfficialHeading } from '../printouts/printouts.pdf.ts';
import { CONFIDENTIALITIES, DOCUMENT_TYPES, URGENCIES, type Confidentiality, type DocumentTypeCode, type Urgency } from '../kernel/official-document.ts';
import { blankNumberSymbol, dateLine } from './outgoing.rules.ts';

export interface OutgoingPdfData {
  agency: { name: string; parentName: string | null };
  docType: DocumentTypeCode;
  excerpt: string;
  body: string;
  place: string;
  urgency: Urgency;
  confidentiality: Confidentiality;
  issuerAbbreviation: string;
  unitAbbreviation: string | null;
  /** Null before issue: the number left blank, the date line without a day. */
  numberSymbol: string | null;
  issuedAt: Date | null;
  recipients: string[];
  signerTitle: string;
  signerName: string;
  /** The instant written in the PDF's metadata (the issue, or the draft's last change). */
  at: Date;
}

export async function renderOutgoing(data: OutgoingPdfData, options: { compress?: boolean } = {}): Promise<Buffer> {
  const type = DOCUMENT_TYPES[data.docType];
  const numberSymbol = data.numberSymbol ?? blankNumberSymbol(type.abbreviation, data.issuerAbbreviation, data.unitAbbreviation);
  const { doc, done } = await openPdf({
    size: 'A4',
    margins: { top: 50, left: 50, right: 50, bottom: 50 },
    compress: options.compress ?? true,
    info: { Title: `${type.vi} ${numberSymbol.trim()}: ${data.excerpt}`.slice(0, 300), Author: data.agency.name, Subject: data.excerpt.slice(0, 300), Creator: 'OpenDVC', Producer: 'OpenDVC', CreationDate: data.at, ModDate: data.at },
    lang: 'vi',
    displayTitle: true,
  });
  const left = 50;
  const width = doc.page.width - 100;
  const date = data.issuedAt ? dateLine(data.place, data.issuedAt) : `${data.place}, ngày      tháng      năm ${'    '}`;
  drawOfficialHeading(doc, 'vi', { name: data.agency.name, parentName: data.agency.parentName, place: data.place }, data.issuedAt ?? data.at, { numberLine: `Số: ${numberSymbol}`, dateLine: date });
  if (type.abbreviation === null) {
    // An official letter: "V/v" and the excerpt under the number, on the left.
    doc.font('regular').fontSize(9.5).text(`V/v ${data.excerpt}`, left, doc.y - 10, { width: width * 0.42, align: 'center' });
    doc.moveDown(0.6);
  }
  const marks = [data.urgency !== 'normal' ? URGENCIES[data.urgency].vi.toUpperCase() : '', data.confidentiality !== 'none' ? CONFIDENTIALITIES[data.confidentiality].vi.toUpperCase() : ''].filter(Boolean);
  if (marks.length) doc.font('bold').fontSize(11).text(marks.join(' – '), left, doc.y, { width });
  if (type.abbreviation !== null) {
    doc.moveDown(0.5);
    doc.font('bold').fontSize(14).text(type.vi.toUpperCase(), left, doc.y, { width, align: 'center' });
    doc.font('bold').fontSize(11.5).text(data.excerpt, left + 40, doc.y + 2, { width: width - 80, align: 'center' });
    const y = doc.y + 3;
    doc.moveTo(left + width * 0.4, y).lineTo(left + width * 0.6, y).lineWidth(0.6).stroke();
    doc.y = y + 12;
  }
  doc.moveDown(0.6);
  for (const paragraph of (data.body || '').split(/\n{1,}/u).map((p) => p.trim()).filter(Boolean)) {
    doc.font('regular').fontSize(12).text(paragraph, left, doc.y, { width, align: 'justify', indent: 28 });
    doc.moveDown(0.4);
  }
  doc.moveDown(1);
  if (doc.y > doc.page.height - 200) doc.addPage();
  const top = doc.y;
  const colWidth = width * 0.5;
  doc.font('bold').fontSize(10.5).text('Nơi nhận:', left, top, { width: colWidth });
  for (const r of [...data.recipients, 'Lưu: VT.']) doc.font('regular').fontSize(9.5).text(`- ${r};`, left, doc.y + 1, { width: colWidth });
  const bottomLeft = doc.y;
  const right = left + width * 0.5;
  doc.font('bold').fontSize(11.5).text(data.signerTitle.toUpperCase(), right, top, { width: colWidth, align: 'center' });
  doc.font('oblique').fontSize(9.5).text(data.numberSymbol ? '(Đã ký số)' : '(Chữ ký, dấu)', right, doc.y + 2, { width: colWidth, align: 'center' });
  doc.font('bold').fontSize(11.5).text(data.signerName, right, doc.y + 40, { width: colWidth, align: 'center' });
  doc.y = Math.max(doc.y, bottomLeft);
  doc.end();
  return done;
}
