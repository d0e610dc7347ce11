// The acknowledgement of an online submission ("giấy xác nhận đã nhận hồ sơ trực tuyến"): an A4 PDF rendered
// from plain data, with the DejaVu Sans font embedded (full Vietnamese glyphs), the code as text, QR code and
// Code 128 barcode (both drawn as vectors). No clock and no randomness: the same data gives the same bytes.
import { drawCode128, drawQr, openPdf } from '../../core/pdf.ts';
import { registerMessages, translator, type Locale, type Translate } from '../../core/i18n.ts';
import { formatDate, formatDateTime } from '../../core/text.ts';
import type { TimeLimitUnit } from '../../db/schema.ts';
import { receiptMessages } from './dossiers.receipt.messages.ts';

registerMessages(receiptMessages);

export interface ReceiptDocument {
  position: number;
  name: string;
  copies: number;
  files: string[];
}

export interface ReceiptData {
  code: string;
  agencyName: string;
  applicantName: string;
  /** Personal ID (citizens) or tax code (organisations). */
  idNumber: string | null;
  idKind: 'personalId' | 'taxCode';
  phone: string | null;
  procedureName: string;
  procedureCode: string;
  /** The documents received (those with at least one file), in the version's order. */
  documents: ReceiptDocument[];
  receivedAt: Date;
  timeLimit: { value: number; unit: TimeLimitUnit; sameDay: boolean; /** no statutory time limit */ none?: boolean };
  /** yyyy-mm-dd, or null when it is fixed on acceptance. */
  expectedDate: string | null;
  /** The public lookup page (`${baseUrl}/tra-cuu`). */
  lookupUrl: string;
  lookupSecret: string | null;
  /** The e-form's answers with their labels, in schema order (kernel/eform-rows.ts eformLines). */
  answers?: Array<{ label: string; text: string }>;
}

export interface RenderOptions {
  locale?: Locale;
  /** Deflate the content streams (default true; tests read the text with false). */
  compress?: boolean;
}

const DIGITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'];

/** Vietnamese words of an integer 0..999 ("mười lăm", "hai mươi mốt", "một trăm linh năm"); null otherwise. */
export function vietnameseNumberWords(n: number): string | null {
  if (!Number.isInteger(n) || n < 0 || n > 999) return null;
  if (n < 10) return DIGITS[n]!;
  const hundreds = Math.floor(n / 100);
  const tens = Math.floor((n % 100) / 10);
  const units = n % 10;
  const parts: string[] = [];
  if (hundreds) parts.push(DIGITS[hundreds]!, 'trăm');
  if (tens === 0) {
    if (units) parts.push(hundreds ? 'linh' : '', DIGITS[units]!);
  } else if (tens === 1) {
    parts.push('mười');
    if (units) parts.push(units === 5 ? 'lăm' : DIGITS[units]!);
  } else {
    parts.push(DIGITS[tens]!, 'mươi');
    if (units) parts.push(units === 1 ? 'mốt' : units === 4 ? 'tư' : units === 5 ? 'lăm' : DIGITS[units]!);
  }
  return parts.filter(Boolean).join(' ');
}

/** "15 (mười lăm) ngày làm việc", "4 (bốn) giờ làm việc", "0,5 ngày làm việc", "Trong ngày làm việc". */
export function timeLimitText(limit: ReceiptData['timeLimit'], locale: Locale = 'vi'): string {
  const t = translator(locale);
  if (limit.none) return t('receipt.noTimeLimit');
  if (limit.sameDay) return t('receipt.sameDay');
  const unit = t(`receipt.unit.${limit.unit}`);
  const number = locale === 'vi' ? String(limit.value).replace('.', ',') : String(limit.value);
  const words = locale === 'vi' ? vietnameseNumberWords(limit.value) : null;
  return words ? `${number} (${words}) ${unit}` : `${number} ${unit}`;
}

/** A safe file name for the download: giay-xac-nhan-000.00.12.G14-261123-0001.pdf */
export function receiptFileName(code: string): string {
  const safe = code.replace(/[^A-Za-z0-9.\-]/g, '-').replace(/^[.\-]+/, '').slice(0, 80);
  return `giay-xac-nhan-${safe || 'ho-so'}.pdf`;
}

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 56;

/** Renders the acknowledgement as an A4 PDF. */
export async function renderReceipt(data: ReceiptData, options: RenderOptions = {}): Promise<Buffer> {
  const t: Translate = translator(options.locale ?? 'vi');
  const { doc, done } = await openPdf({
    size: 'A4',
    margin: MARGIN,
    compress: options.compress ?? true,
    info: {
      Title: t('receipt.pdfTitle', { code: data.code }),
      Author: data.agencyName,
      Subject: data.code,
      Keywords: data.code,
      Creator: 'OpenDVC',
      Producer: 'OpenDVC',
      CreationDate: data.receivedAt,
      ModDate: data.receivedAt,
    },
    lang: options.locale ?? 'vi',
    displayTitle: true,
  });
  const contentWidth = A4.width - 2 * MARGIN;

  // Heading: receiving agency on the left, national name and motto on the right.
  const top = MARGIN;
  const leftWidth = contentWidth * 0.42;
  const rightX = MARGIN + contentWidth * 0.42;
  const rightWidth = contentWidth * 0.58;
  doc.font('bold').fontSize(10).text(data.agencyName.toUpperCase(), MARGIN, top, { width: leftWidth, align: 'center' });
  const leftBottom = doc.y;
  doc.font('bold').fontSize(10).text(t('receipt.nationalName'), rightX, top, { width: rightWidth, align: 'center' });
  doc.font('bold').fontSize(11).text(t('receipt.motto'), rightX, doc.y + 2, { width: rightWidth, align: 'center' });
  const mottoWidth = doc.widthOfString(t('receipt.motto'));
  const mottoLine = doc.y + 1;
  doc.moveTo(rightX + (rightWidth - mottoWidth) / 2, mottoLine).lineTo(rightX + (rightWidth + mottoWidth) / 2, mottoLine).lineWidth(0.6).stroke();
  const leftLine = leftBottom + 3;
  doc.moveTo(MARGIN + leftWidth * 0.3, leftLine).lineTo(MARGIN + leftWidth * 0.7, leftLine).lineWidth(0.6).stroke();

  // Title and the notice that this is not yet the formal receipt.
  doc.font('bold').fontSize(14).text(t('receipt.title'), MARGIN, Math.max(mottoLine, leftLine) + 28, { width: contentWidth, align: 'center' });
  doc.moveDown(0.4);
  doc.font('oblique').fontSize(9).text(t('receipt.notice'), { width: contentWidth, align: 'center' });
  doc.moveDown(1);

  // The code: text, Code 128 barcode and QR code.
  const codeTop = doc.y;
  const qrSize = 86;
  const codeWidth = contentWidth - qrSize - 16;
  doc.font('regular').fontSize(10).text(`${t('receipt.code')}:`, MARGIN, codeTop, { width: codeWidth });
  doc.font('bold').fontSize(15).text(data.code, MARGIN, doc.y + 2, { width: codeWidth });
  drawCode128(doc, data.code, MARGIN, doc.y + 6, codeWidth, 40);
  drawQr(doc, data.code, MARGIN + contentWidth - qrSize, codeTop, qrSize);
  doc.x = MARGIN;
  doc.y = Math.max(codeTop + qrSize, codeTop + 78) + 14;

  // The applicant and the procedure.
  const field = (label: string, value: string) => {
    doc.font('regular').fontSize(10.5).text(`${label}: `, MARGIN, doc.y, { width: contentWidth, continued: true });
    doc.font('bold').text(value || '—');
    doc.moveDown(0.25);
  };
  field(t('receipt.agency'), data.agencyName);
  field(t('receipt.applicant'), data.applicantName);
  field(t(data.idKind === 'taxCode' ? 'receipt.taxCode' : 'receipt.personalId'), data.idNumber ?? '');
  field(t('receipt.phone'), data.phone ?? '');
  field(t('receipt.procedure'), `${data.procedureName} (${t('receipt.procedureCode', { code: data.procedureCode })})`);
  field(t('receipt.receivedAt'), formatDateTime(data.receivedAt));
  field(t('receipt.timeLimit'), timeLimitText(data.timeLimit, options.locale ?? 'vi'));
  field(t('receipt.expectedDate'), data.expectedDate ? formatDate(data.expectedDate) : t('receipt.expectedLater'));

  // The numbered list of the documents received.
  doc.moveDown(0.5);
  doc.font('bold').fontSize(11).text(`${t('receipt.documents')}:`, MARGIN, doc.y, { width: contentWidth });
  doc.moveDown(0.3);
  if (!data.documents.length) doc.font('regular').fontSize(10).text(t('receipt.noDocuments'), { width: contentWidth });
  data.documents.forEach((d, i) => {
    doc.font('regular').fontSize(10).text(`${i + 1}. ${d.name}`, MARGIN + 8, doc.y, { width: contentWidth - 8 });
    const count = `${t('receipt.copies', { copies: d.copies })}; ${t('receipt.fileCount', { count: d.files.length })}: ${d.files.join(', ')}`;
    doc.font('oblique').fontSize(9).text(count, MARGIN + 22, doc.y + 1, { width: contentWidth - 22 });
    doc.moveDown(0.3);
  });

  // The e-form's content, labelled (issue 15).
  if (data.answers?.length) {
    doc.moveDown(0.5);
    doc.font('bold').fontSize(11).text(`${t('receipt.answers')}:`, MARGIN, doc.y, { width: contentWidth });
    doc.moveDown(0.3);
    for (const a of data.answers) {
      doc.font('regular').fontSize(10).text(`${a.label}: `, MARGIN + 8, doc.y, { width: contentWidth - 8, continued: true });
      doc.font('bold').text(a.text || '—');
    }
  }

  // How to follow the dossier.
  doc.moveDown(0.6);
  doc.font('bold').fontSize(11).text(`${t('receipt.follow')}:`, MARGIN, doc.y, { width: contentWidth });
  doc.moveDown(0.2);
  doc.font('regular').fontSize(10).text(t('receipt.followText', { url: data.lookupUrl }), { width: contentWidth });
  doc.moveDown(0.2);
  if (data.lookupSecret) doc.font('bold').fontSize(10).text(t('receipt.secret', { secret: data.lookupSecret }), { width: contentWidth });
  else doc.font('regular').fontSize(10).text(t('receipt.secretShown'), { width: contentWidth });

  doc.moveDown(1.5);
  doc.font('oblique').fontSize(8.5).fillColor('#333333').text(t('receipt.footer'), MARGIN, doc.y, { width: contentWidth, align: 'center' });

  doc.end();
  return done;
}
