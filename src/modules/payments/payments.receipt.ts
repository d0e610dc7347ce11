// The electronic receipt (biên lai điện tử) of a paid order: a one-page PDF (pdfkit, DejaVu Sans) from plain data,
// numbered per agency and year. Same data, same bytes.
import { drawQr, openPdf } from '../../core/pdf.ts';
import { formatDateTime, formatVnd } from '../../core/text.ts';
import type { PaymentLine } from '../../db/schema.ts';

export interface ReceiptData {
  agencyName: string;
  receiptNo: number;
  receiptYear: number;
  orderNo: string;
  dossierCode: string;
  procedureName: string;
  payerName: string;
  lines: PaymentLine[];
  amountVnd: number;
  paidAt: Date;
  provider: 'platform' | 'vietqr';
  transactionId: string;
  bankCode: string | null;
  /** Where the receipt can be checked (the dossier's public lookup). */
  verifyUrl: string;
}

export function receiptNumber(year: number, no: number): string {
  return `${year}/${String(no).padStart(6, '0')}`;
}

export async function renderReceipt(r: ReceiptData): Promise<Buffer> {
  const { doc, done } = await openPdf({ size: 'A4', margin: 56, info: { Title: `Biên lai ${receiptNumber(r.receiptYear, r.receiptNo)}`, CreationDate: r.paidAt } });
  doc.font('bold').fontSize(12).text(r.agencyName.toUpperCase(), { align: 'left' });
  doc.moveDown(1.5);
  doc.font('bold').fontSize(16).text('BIÊN LAI THU PHÍ, LỆ PHÍ ĐIỆN TỬ', { align: 'center' });
  doc.font('oblique').fontSize(10).text('(Electronic receipt of fees and charges)', { align: 'center' });
  doc.moveDown(0.5);
  doc.font('regular').fontSize(11).text(`Số (No.): ${receiptNumber(r.receiptYear, r.receiptNo)}`, { align: 'center' });
  doc.moveDown(1.5);
  const row = (label: string, value: string) => {
    doc.font('regular').fontSize(11).text(`${label}: `, { continued: true }).font('bold').text(value);
  };
  row('Người nộp (Payer)', r.payerName || '—');
  row('Hồ sơ (Dossier)', r.dossierCode);
  row('Thủ tục (Procedure)', r.procedureName);
  row('Mã đơn thanh toán (Order)', r.orderNo);
  row('Kênh (Channel)', r.provider === 'platform' ? 'Cổng thanh toán Quốc gia' : 'Chuyển khoản VietQR');
  row('Mã giao dịch (Transaction)', r.transactionId + (r.bankCode ? ` (${r.bankCode})` : ''));
  row('Thời điểm thanh toán (Paid at)', formatDateTime(r.paidAt));
  doc.moveDown(1);
  const left = doc.page.margins.left;
  const right = doc.page.width - doc.page.margins.right;
  for (const line of r.lines) {
    const y = doc.y;
    doc.font('regular').fontSize(11).text(`${line.kind === 'phi' ? 'Phí' : 'Lệ phí'} — ${line.label}`, left, y, { width: right - left - 140 });
    const end = doc.y;
    doc.text(formatVnd(line.amountVnd), right - 140, y, { width: 140, align: 'right' });
    doc.y = Math.max(end, doc.y);
  }
  doc.moveTo(left, doc.y + 4).lineTo(right, doc.y + 4).stroke();
  doc.moveDown(0.6);
  const y = doc.y;
  doc.font('bold').text('Tổng cộng (Total)', left, y);
  doc.text(formatVnd(r.amountVnd), right - 140, y, { width: 140, align: 'right' });
  doc.moveDown(2);
  drawQr(doc, r.verifyUrl, left, doc.y, 90);
  doc.font('oblique').fontSize(9).text(`Tra cứu hồ sơ (Look up the dossier): ${r.verifyUrl}`, left + 100, doc.y + 30, { width: right - left - 100 });
  doc.end();
  return done;
}
