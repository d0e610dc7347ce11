// The invitation document (giấy mời, type "invitation", GM) in the national layout — the agency heading, national
// name and motto and the place and date line (printouts' drawOfficialHeading), the number-and-symbol, the title,
// the meeting (time, place, chair, content, preparing departments), the invitees and the signature block — and the
// printable weekly calendar (landscape A4: one row per day, morning / afternoon / evening). pdfkit with the DejaVu
// fonts of src/core/pdf.ts. No clock and no randomness: the same data gives the same bytes.
import { openPdf } from '../../core/pdf.ts';
import { registerMessages, translator, type Locale } from '../../core/i18n.ts';
import { formatDate } from '../../core/text.ts';
import { drawOfficialHeading } from '../printouts/printouts.pdf.ts';
import type { AgencyHeading } from '../printouts/printouts.types.ts';
import { meetingsMessages } from './meetings.messages.ts';

registerMessages(meetingsMessages);

export interface InvitationDocument {
  agency: AgencyHeading;
  numberSymbol: string;
  issuedAt: Date;
  title: string;
  /** "08:00–11:00, thứ Hai, 07/12/2026" */
  when: string;
  location: string;
  chair: string;
  content: string;
  departments: string[];
  invitees: string[];
  /** Who signs (the leader of the agency, or the agency). */
  signer: string;
  /** The invitee the copy is addressed to (a personal copy), or null for the document itself. */
  addressee: string | null;
}

export async function renderInvitation(data: InvitationDocument, options: { compress?: boolean; locale?: Locale } = {}): Promise<Buffer> {
  const t = translator(options.locale ?? 'vi');
  const { doc, done } = await openPdf({
    size: 'A4',
    margins: { top: 50, left: 50, right: 50, bottom: 50 },
    compress: options.compress ?? true,
    info: { Title: `${t('meetings.pdf.invitationTitle')} ${data.numberSymbol}`, Author: data.agency.name, Subject: data.title, Creator: 'OpenDVC', Producer: 'OpenDVC', CreationDate: data.issuedAt, ModDate: data.issuedAt },
    lang: options.locale ?? 'vi',
    displayTitle: true,
  });
  const left = 50;
  const width = doc.page.width - 100;
  const headingTop = doc.y;
  drawOfficialHeading(doc, options.locale ?? 'vi', data.agency, data.issuedAt);
  const after = doc.y;
  // The number-and-symbol under the agency's name (left column), as Decree 30 places it.
  doc.font('regular').fontSize(10).text(t('meetings.pdf.number', { number: data.numberSymbol }), left, headingTop + 48, { width: width * 0.42, align: 'center' });
  doc.y = Math.max(after, doc.y) + 12;
  doc.font('bold').fontSize(15).text(t('meetings.pdf.invitationTitle').toUpperCase(), left, doc.y, { width, align: 'center' });
  doc.font('bold').fontSize(11).text(data.title, left, doc.y + 4, { width, align: 'center' });
  doc.moveDown(1);
  const line = (label: string, value: string) => {
    if (!value) return;
    doc.font('bold').fontSize(11).text(`${label}: `, left, doc.y, { width, continued: true });
    doc.font('regular').text(value, { width });
    doc.moveDown(0.3);
  };
  line(t('meetings.pdf.to'), data.addressee ?? data.invitees.join('; '));
  line(t('meetings.field.time'), data.when);
  line(t('meetings.field.location'), data.location);
  line(t('meetings.field.chair'), data.chair);
  line(t('meetings.field.content'), data.content);
  line(t('meetings.field.departments'), data.departments.join('; '));
  doc.moveDown(0.5);
  doc.font('oblique').fontSize(10.5).text(t('meetings.pdf.closing'), left, doc.y, { width, align: 'justify' });
  doc.moveDown(1.5);
  const top = doc.y;
  doc.font('bold').fontSize(10).text(t('meetings.pdf.recipients'), left, top, { width: width * 0.45 });
  doc.font('regular').fontSize(9.5).text(`- ${t('meetings.pdf.asAbove')};`, left, doc.y + 2, { width: width * 0.45 });
  doc.font('regular').fontSize(9.5).text(`- ${t('meetings.pdf.archive')}.`, left, doc.y + 1, { width: width * 0.45 });
  const right = left + width * 0.55;
  doc.font('bold').fontSize(11).text(t('meetings.pdf.signerTitle'), right, top, { width: width * 0.45, align: 'center' });
  doc.font('bold').fontSize(11).text(data.signer, right, doc.y + 48, { width: width * 0.45, align: 'center' });
  doc.end();
  return done;
}

export interface WeekDocumentRow {
  day: string;
  entries: Array<{ part: string; time: string; title: string; location: string; chair: string; participants: string; departments: string; note: string }>;
}

export interface WeekDocument {
  agency: AgencyHeading;
  title: string;
  subtitle: string;
  issuedAt: Date;
  rows: WeekDocumentRow[];
}

/** The printable weekly calendar (landscape A4): day, time, content, location, chair, participants, preparing departments. */
export async function renderWeek(data: WeekDocument, options: { compress?: boolean; locale?: Locale } = {}): Promise<Buffer> {
  const locale = options.locale ?? 'vi';
  const t = translator(locale);
  const { doc, done } = await openPdf({
    size: 'A4',
    layout: 'landscape',
    margins: { top: 50, left: 50, right: 50, bottom: 40 },
    compress: options.compress ?? true,
    info: { Title: `${data.title} — ${data.subtitle}`, Author: data.agency.name, Subject: data.title, Creator: 'OpenDVC', Producer: 'OpenDVC', CreationDate: data.issuedAt, ModDate: data.issuedAt },
    lang: locale,
    displayTitle: true,
  });
  const left = 50;
  const width = doc.page.width - 100;
  drawOfficialHeading(doc, locale, data.agency, data.issuedAt);
  doc.font('bold').fontSize(14).text(data.title.toUpperCase(), left, doc.y, { width, align: 'center' });
  doc.font('oblique').fontSize(10.5).text(data.subtitle, left, doc.y + 2, { width, align: 'center' });
  doc.moveDown(0.8);
  const columns = [
    { key: 'day', label: t('meetings.col.day'), share: 0.11 },
    { key: 'time', label: t('meetings.col.time'), share: 0.1 },
    { key: 'title', label: t('meetings.col.content'), share: 0.27 },
    { key: 'location', label: t('meetings.col.location'), share: 0.14 },
    { key: 'chair', label: t('meetings.col.chair'), share: 0.12 },
    { key: 'participants', label: t('meetings.col.participants'), share: 0.14 },
    { key: 'departments', label: t('meetings.col.departments'), share: 0.12 },
  ] as const;
  const widths = columns.map((c) => c.share * width);
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const drawRow = (cells: string[], bold: boolean) => {
    doc.font(bold ? 'bold' : 'regular').fontSize(9);
    const heights = cells.map((c, i) => doc.heightOfString(c || ' ', { width: widths[i]! - 6 }));
    const height = Math.max(...heights) + 6;
    if (doc.y + height > bottom()) {
      doc.addPage();
      doc.y = 50;
    }
    const top = doc.y;
    let x = left;
    cells.forEach((cell, i) => {
      doc.rect(x, top, widths[i]!, height).lineWidth(0.5).stroke();
      doc.text(cell, x + 3, top + 3, { width: widths[i]! - 6 });
      x += widths[i]!;
    });
    doc.x = left;
    doc.y = top + height;
  };
  drawRow(columns.map((c) => c.label), true);
  for (const row of data.rows) {
    if (!row.entries.length) {
      drawRow([row.day, '', t('meetings.none'), '', '', '', ''], false);
      continue;
    }
    row.entries.forEach((e, i) => drawRow([i === 0 ? row.day : '', `${e.part}\n${e.time}`, e.note ? `${e.title}\n(${e.note})` : e.title, e.location, e.chair, e.participants, e.departments], false));
  }
  doc.end();
  return done;
}

/** dd/mm/yyyy of a yyyy-mm-dd day (for the PDF's lines). */
export function dayText(day: string): string {
  return formatDate(day);
}
