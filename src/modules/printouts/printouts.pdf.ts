// The printable one-stop forms 01–07 as PDF (A4; the tracking book in landscape), rendered from plain data with
// pdfkit and the embedded DejaVu Sans font of the acknowledgement (full Vietnamese glyphs). Every form has the
// agency heading on the left, the national name and motto on the right, the place and date line, the form number,
// the title, the body and the signature block; forms 01–06 carry the dossier code as text, Code 128 barcode and
// QR code (vectors). Page numbers when there are several pages. Dates dd/mm/yyyy, times hh:mm dd/mm/yyyy in
// Vietnam time. No clock and no randomness: the same data gives the same bytes.
import { registerMessages, translator, type Locale, type Translate } from '../../core/i18n.ts';
import { drawCode128, drawQr, openPdf } from '../../core/pdf.ts';
import { formatDate, formatDateTime } from '../../core/text.ts';
import { timeLimitText } from '../dossiers/dossiers.receipt.ts';
import { printoutsMessages } from './printouts.messages.ts';
import type {
  AgencyHeading,
  ApologyFormData,
  ControlSheetData,
  DossierRef,
  FormDataMap,
  FormKind,
  ReceiptFormData,
  RefusalFormData,
  Signer,
  StopFormData,
  SupplementFormData,
  TrackingBookData,
} from './printouts.types.ts';

registerMessages(printoutsMessages);

export interface FormRenderOptions {
  locale?: Locale;
  /** Deflate the content streams (default true; tests read the text with false). */
  compress?: boolean;
}

const MARGIN = 50;
const BOTTOM_RESERVE = 28; // room for the page number under the content

interface Ctx {
  doc: PDFKit.PDFDocument;
  t: Translate;
  locale: Locale;
  left: number;
  width: number;
}

/** hh:mm dd/mm/yyyy in Vietnam time ('' for null). */
export function formTime(value: Date | null | undefined): string {
  return formatDateTime(value ?? null);
}

/** dd/mm/yyyy in Vietnam time ('' for null). */
export function formDate(value: Date | string | null | undefined): string {
  return formatDate(value ?? null);
}

/** A safe download name: mau-01-000.00.12.G14-261123-0001.pdf */
export function formFileName(kind: FormKind, code: string | null, extension = 'pdf'): string {
  const safe = (code ?? '').replace(/[^A-Za-z0-9.\-]/g, '-').replace(/^[.\-]+/, '').slice(0, 80);
  return `mau-${kind}-${safe || 'ho-so'}.${extension}`;
}

function title(kind: FormKind, t: Translate): string {
  return t(`forms.${kind}.title`);
}

async function startDocument(kind: FormKind, data: { issuedAt: Date; agency: AgencyHeading }, subject: string, options: FormRenderOptions, landscape = false) {
  const locale = options.locale ?? 'vi';
  const t = translator(locale);
  const { doc, done } = await openPdf({
    size: 'A4',
    layout: landscape ? 'landscape' : 'portrait',
    margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: MARGIN + BOTTOM_RESERVE },
    compress: options.compress ?? true,
    bufferPages: true,
    info: {
      Title: t('forms.pdfTitle', { title: title(kind, t), code: subject }),
      Author: data.agency.name,
      Subject: subject,
      Keywords: subject,
      Creator: 'OpenDVC',
      Producer: 'OpenDVC',
      CreationDate: data.issuedAt,
      ModDate: data.issuedAt,
    },
    lang: locale,
    displayTitle: true,
  });
  const ctx: Ctx = { doc, t, locale, left: MARGIN, width: doc.page.width - 2 * MARGIN };
  return { ctx, done };
}

/** Bottom of the writable area of the current page. */
function pageBottom(ctx: Ctx): number {
  return ctx.doc.page.height - ctx.doc.page.margins.bottom;
}

/** Starts a new page when less than `height` points are left. */
function ensureSpace(ctx: Ctx, height: number): void {
  if (ctx.doc.y + height > pageBottom(ctx)) {
    ctx.doc.addPage();
    ctx.doc.x = ctx.left;
    ctx.doc.y = MARGIN;
  }
}

/** Form number, agency heading (left), national name and motto (right), the place and date line. */
function heading(ctx: Ctx, kind: FormKind | null, agency: AgencyHeading, issuedAt: Date, extra?: OfficialHeadingExtra): void {
  const { doc, t, left, width } = ctx;
  if (kind) doc.font('oblique').fontSize(8.5).text(t('forms.formNumber', { number: kind }), left, MARGIN - 22, { width, align: 'right' });
  const top = MARGIN;
  const leftWidth = width * 0.42;
  const rightX = left + width * 0.42;
  const rightWidth = width * 0.58;
  let y = top;
  if (agency.parentName) {
    doc.font('regular').fontSize(10).text(agency.parentName.toUpperCase(), left, y, { width: leftWidth, align: 'center' });
    y = doc.y;
  }
  doc.font('bold').fontSize(10).text(agency.name.toUpperCase(), left, y, { width: leftWidth, align: 'center' });
  const leftLine = doc.y + 3;
  doc.moveTo(left + leftWidth * 0.3, leftLine).lineTo(left + leftWidth * 0.7, leftLine).lineWidth(0.6).stroke();
  doc.font('bold').fontSize(10).text(t('forms.nationalName'), rightX, top, { width: rightWidth, align: 'center' });
  doc.font('bold').fontSize(11).text(t('forms.motto'), rightX, doc.y + 2, { width: rightWidth, align: 'center' });
  const mottoWidth = doc.widthOfString(t('forms.motto'));
  const mottoLine = doc.y + 1;
  doc.moveTo(rightX + (rightWidth - mottoWidth) / 2, mottoLine).lineTo(rightX + (rightWidth + mottoWidth) / 2, mottoLine).lineWidth(0.6).stroke();
  const [day, month, year] = formDate(issuedAt).split('/');
  doc.font('oblique').fontSize(10).text(extra?.dateLine ?? t('forms.placeDate', { place: agency.place, day: day!, month: month!, year: year! }), rightX, mottoLine + 10, { width: rightWidth, align: 'center' });
  if (extra?.numberLine) doc.font('regular').fontSize(10).text(extra.numberLine, left, leftLine + 10, { width: leftWidth, align: 'center' });
  doc.x = left;
  doc.y = Math.max(doc.y, leftLine) + 18;
}

/**
 * The agency heading, national name and motto and the place and date line, without a form number, on a document
 * opened with openPdf and margins of 50 points (the signed electronic results, src/modules/results/).
 */
export function drawOfficialHeading(doc: PDFKit.PDFDocument, locale: Locale, agency: AgencyHeading, issuedAt: Date, extra?: OfficialHeadingExtra): void {
  heading({ doc, t: translator(locale), locale, left: MARGIN, width: doc.page.width - 2 * MARGIN }, null, agency, issuedAt, extra);
}

/** An official document's heading (outgoing documents): "Số: 12/QĐ-UBND" under the issuer, its own date line (blank before issue). */
export interface OfficialHeadingExtra {
  numberLine?: string | undefined;
  dateLine?: string | undefined;
}

function formTitle(ctx: Ctx, text: string, subtitle?: string): void {
  const { doc, left, width } = ctx;
  doc.font('bold').fontSize(14).text(text, left, doc.y, { width, align: 'center' });
  if (subtitle) doc.font('oblique').fontSize(10).text(subtitle, left, doc.y + 2, { width, align: 'center' });
  doc.moveDown(0.8);
}

/** The dossier code as text, Code 128 barcode and QR code. */
function codeBlock(ctx: Ctx, code: string): void {
  const { doc, t, left, width } = ctx;
  const top = doc.y;
  const qrSize = 72;
  const codeWidth = width - qrSize - 16;
  doc.font('regular').fontSize(10).text(`${t('forms.code')}:`, left, top, { width: codeWidth });
  doc.font('bold').fontSize(14).text(code, left, doc.y + 1, { width: codeWidth });
  drawCode128(doc, code, left, doc.y + 4, codeWidth, 32);
  drawQr(doc, code, left + width - qrSize, top, qrSize);
  doc.x = left;
  doc.y = top + Math.max(qrSize, 70) + 10;
}

/** A dossier form (01–06): the document, its heading, title and the dossier code block. */
async function startDossierForm(kind: FormKind, data: DossierRef & { issuedAt: Date; agency: AgencyHeading }, options: FormRenderOptions) {
  const started = await startDocument(kind, data, data.code, options);
  heading(started.ctx, kind, data.agency, data.issuedAt);
  formTitle(started.ctx, title(kind, started.ctx.t));
  codeBlock(started.ctx, data.code);
  return started;
}

function field(ctx: Ctx, label: string, value: string): void {
  const { doc, left, width } = ctx;
  doc.font('regular').fontSize(10.5).text(`${label}: `, left, doc.y, { width, continued: true });
  doc.font('bold').text(value || ctx.t('forms.none'));
  doc.moveDown(0.2);
}

function paragraph(ctx: Ctx, text: string, font: 'regular' | 'bold' | 'oblique' = 'regular', size = 10.5): void {
  const { doc, left, width } = ctx;
  doc.font(font).fontSize(size).text(text, left, doc.y, { width });
  doc.moveDown(0.3);
}

function numbered(ctx: Ctx, items: string[], size = 10.5): void {
  const { doc, left, width } = ctx;
  items.forEach((item, i) => {
    doc.font('regular').fontSize(size).text(`${i + 1}. ${item}`, left + 12, doc.y, { width: width - 12 });
    doc.moveDown(0.15);
  });
  doc.moveDown(0.3);
}

function dossierFields(ctx: Ctx, d: DossierRef): void {
  field(ctx, ctx.t('forms.applicant'), d.applicantName);
  field(ctx, ctx.t('forms.procedure'), `${d.procedureName} (${ctx.t('forms.procedureCode', { code: d.procedureCode })})`);
  field(ctx, ctx.t('forms.receivedAt'), formTime(d.receivedAt));
}

interface SignatureColumn {
  title: string;
  hint: string;
  name: string | null;
}

/** One or two signature columns (the last one on the right), kept together on a page. */
function signatures(ctx: Ctx, columns: SignatureColumn[]): void {
  const { doc, left, width } = ctx;
  ensureSpace(ctx, 110);
  doc.moveDown(0.8);
  const top = doc.y;
  const columnWidth = width / 2;
  let bottom = top;
  columns.forEach((c, i) => {
    const x = columns.length === 1 || i === columns.length - 1 ? left + width - columnWidth : left;
    doc.font('bold').fontSize(10.5).text(c.title, x, top, { width: columnWidth, align: 'center' });
    doc.font('oblique').fontSize(9).text(c.hint, x, doc.y, { width: columnWidth, align: 'center' });
    const nameY = doc.y + 56;
    if (c.name) doc.font('bold').fontSize(10.5).text(c.name, x, nameY, { width: columnWidth, align: 'center' });
    bottom = Math.max(bottom, c.name ? doc.y : nameY + 12);
  });
  doc.x = left;
  doc.y = bottom + 6;
}

function signer(ctx: Ctx, titleKey: string, who: Signer, seal = false): SignatureColumn {
  return { title: ctx.t(titleKey), hint: ctx.t(seal ? 'forms.signSeal' : 'forms.sign'), name: who.name };
}

interface Column {
  header: string;
  width: number;
  align?: 'left' | 'center' | 'right';
}

/** A bordered table; the header is repeated on every page it runs onto. */
function table(ctx: Ctx, columns: Column[], rows: string[][], fontSize = 9, minRowHeight = 0): void {
  const { doc, left } = ctx;
  const pad = 3;
  const total = columns.reduce((s, c) => s + c.width, 0);
  const scale = ctx.width / total;
  const widths = columns.map((c) => c.width * scale);
  const heightOf = (cells: string[], font: string) => {
    doc.font(font).fontSize(fontSize);
    return Math.max(minRowHeight, ...cells.map((cell, i) => doc.heightOfString(cell || ' ', { width: widths[i]! - 2 * pad }) + 2 * pad));
  };
  const drawRow = (cells: string[], font: string, height: number, aligns: Array<'left' | 'center' | 'right'>) => {
    let x = left;
    const y = doc.y;
    cells.forEach((cell, i) => {
      doc.rect(x, y, widths[i]!, height).lineWidth(0.5).stroke();
      doc.font(font).fontSize(fontSize).text(cell, x + pad, y + pad, { width: widths[i]! - 2 * pad, align: aligns[i] ?? 'left' });
      x += widths[i]!;
    });
    doc.x = left;
    doc.y = y + height;
  };
  const header = columns.map((c) => c.header);
  const headerHeight = heightOf(header, 'bold');
  const drawHeader = () => drawRow(header, 'bold', headerHeight, columns.map(() => 'center'));
  ensureSpace(ctx, headerHeight + 20);
  drawHeader();
  for (const row of rows) {
    const height = heightOf(row, 'regular');
    if (doc.y + height > pageBottom(ctx)) {
      doc.addPage();
      doc.x = left;
      doc.y = MARGIN;
      drawHeader();
    }
    drawRow(row, 'regular', height, columns.map((c) => c.align ?? 'left'));
  }
  doc.moveDown(0.5);
}

/** "Trang x/y" at the foot of every page when there are several. */
function pageNumbers(ctx: Ctx): void {
  const { doc, t, left, width } = ctx;
  const range = doc.bufferedPageRange();
  if (range.count < 2) return;
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('regular').fontSize(8.5).text(t('forms.page', { page: i - range.start + 1, pages: range.count }), left, doc.page.height - MARGIN, { width, align: 'center', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
}

async function finish(ctx: Ctx, done: Promise<Buffer>): Promise<Buffer> {
  pageNumbers(ctx);
  ctx.doc.end();
  return done;
}

// --- the forms -------------------------------------------------------------------------------------

async function receipt(data: ReceiptFormData, options: FormRenderOptions): Promise<Buffer> {
  const { ctx, done } = await startDossierForm('01', data, options);
  const { t } = ctx;
  paragraph(ctx, t('forms.01.intro', { agency: data.agency.name }));
  field(ctx, t('forms.01.applicant'), data.applicantName);
  field(ctx, t(data.idKind === 'taxCode' ? 'forms.01.taxCode' : 'forms.01.personalId'), data.idNumber ?? '');
  field(ctx, t('forms.01.phone'), data.phone ?? '');
  if (data.email) field(ctx, t('forms.01.email'), data.email);
  field(ctx, t('forms.01.address'), data.address ?? '');
  field(ctx, t('forms.procedure'), `${data.procedureName} (${t('forms.procedureCode', { code: data.procedureCode })})`);
  if (data.requestContent) field(ctx, t('forms.01.request'), data.requestContent);
  field(ctx, t('forms.01.channel'), t(`forms.01.channel.${data.channel}`));
  ctx.doc.moveDown(0.3);
  paragraph(ctx, `${t('forms.01.documents')}:`, 'bold');
  if (!data.documents.length) paragraph(ctx, t('forms.01.noDocuments'));
  data.documents.forEach((d, i) => {
    const { doc, left, width } = ctx;
    doc.font('regular').fontSize(10.5).text(`${i + 1}. ${d.name}`, left + 12, doc.y, { width: width - 12 });
    const kind = t(`forms.01.kind.${d.originalKind}`);
    const files = d.files?.length ? `; ${d.files.join(', ')}` : '';
    doc.font('oblique').fontSize(9).text(`${t('forms.01.copies', { copies: d.copies, kind })}${files}`, left + 26, doc.y + 1, { width: width - 26 });
    doc.moveDown(0.2);
  });
  paragraph(ctx, t('forms.01.count', { count: 1 }));
  field(ctx, t('forms.01.timeLimit'), timeLimitText(data.timeLimit, ctx.locale));
  field(ctx, t('forms.01.receivedAt'), formTime(data.receivedAt));
  field(ctx, t('forms.01.appointment'), data.appointmentAt ? formTime(data.appointmentAt) : t('forms.01.appointmentLater'));
  field(ctx, t('forms.01.delivery'), data.resultDelivery ? t(`forms.01.delivery.${data.resultDelivery}`) : '');
  if (data.bookVolume) paragraph(ctx, t('forms.01.register', { book: data.bookVolume }));
  paragraph(ctx, data.lookupSecret ? t('forms.01.lookup', { url: data.lookupUrl, secret: data.lookupSecret }) : t('forms.01.lookupNoSecret', { url: data.lookupUrl }), 'oblique', 9.5);
  signatures(ctx, [
    { title: t('forms.01.applicantSign'), hint: t('forms.sign'), name: null },
    signer(ctx, 'forms.01.receiverSign', data.receiver),
  ]);
  return finish(ctx, done);
}

async function supplement(data: SupplementFormData, options: FormRenderOptions): Promise<Buffer> {
  const { ctx, done } = await startDossierForm('02', data, options);
  const { t } = ctx;
  paragraph(ctx, t('forms.02.intro', { date: formDate(data.receivedAt), agency: data.agency.name, applicant: data.applicantName, procedure: data.procedureName }));
  paragraph(ctx, t('forms.02.items'));
  numbered(ctx, data.items);
  if (data.reason) field(ctx, t('forms.02.reason'), data.reason);
  paragraph(ctx, t('forms.02.clock'), 'oblique', 9.5);
  if (data.contact) paragraph(ctx, t('forms.02.contact', { contact: data.contact }));
  signatures(ctx, [signer(ctx, 'forms.02.officerSign', data.officer)]);
  return finish(ctx, done);
}

async function refusal(data: RefusalFormData, options: FormRenderOptions): Promise<Buffer> {
  const { ctx, done } = await startDossierForm('03', data, options);
  const { t } = ctx;
  paragraph(ctx, t('forms.03.intro', { agency: data.agency.name, applicant: data.applicantName, procedure: data.procedureName }));
  dossierFields(ctx, data);
  paragraph(ctx, t('forms.03.reasons'));
  numbered(ctx, data.reasons);
  paragraph(ctx, t('forms.03.closing'));
  signatures(ctx, [signer(ctx, 'forms.03.officerSign', data.officer)]);
  return finish(ctx, done);
}

async function apology(data: ApologyFormData, options: FormRenderOptions): Promise<Buffer> {
  const { ctx, done } = await startDossierForm('04', data, options);
  const { t } = ctx;
  paragraph(ctx, t('forms.to', { name: data.applicantName }), 'bold');
  paragraph(ctx, t('forms.04.intro', { date: formDate(data.receivedAt), agency: data.agency.name, procedure: data.procedureName, code: data.code }));
  field(ctx, t('forms.04.oldAppointment'), formTime(data.oldAppointmentAt));
  paragraph(ctx, t('forms.04.late', { agency: data.agency.name }));
  field(ctx, t('forms.04.reason'), data.reason);
  paragraph(ctx, t('forms.04.apology', { agency: data.agency.name }));
  field(ctx, t('forms.04.newAppointment'), formTime(data.newAppointmentAt));
  paragraph(ctx, t('forms.04.closing'));
  signatures(ctx, [signer(ctx, 'forms.leaderSign', data.signer, true)]);
  return finish(ctx, done);
}

async function stop(data: StopFormData, options: FormRenderOptions): Promise<Buffer> {
  const { ctx, done } = await startDossierForm('05', data, options);
  const { t } = ctx;
  paragraph(ctx, t('forms.to', { name: data.applicantName }), 'bold');
  paragraph(ctx, t('forms.05.intro', { date: formDate(data.receivedAt), agency: data.agency.name, procedure: data.procedureName, code: data.code }));
  paragraph(ctx, t('forms.05.stopped', { agency: data.agency.name, date: formDate(data.stoppedAt) }));
  field(ctx, t('forms.05.reason'), data.reason);
  paragraph(ctx, t('forms.05.closing'));
  signatures(ctx, [signer(ctx, 'forms.leaderSign', data.signer, true)]);
  return finish(ctx, done);
}

/** Result of a control-sheet step in words (never colour alone). */
export function stepResultText(result: ControlSheetData['rows'][number]['result'], locale: Locale = 'vi'): string {
  return translator(locale)(`forms.06.result.${result ?? 'pending'}`);
}

/** The control sheet's rows with the number of each hand-over (the tasks under a step are not numbered). */
function numberedSheetRows(rows: ControlSheetData['rows']): Array<[ControlSheetData['rows'][number], number]> {
  let n = 0;
  return rows.map((r) => [r, r.task ? n : ++n]);
}

async function controlSheet(data: ControlSheetData, options: FormRenderOptions): Promise<Buffer> {
  const { ctx, done } = await startDossierForm('06', data, options);
  const { t } = ctx;
  dossierFields(ctx, data);
  field(ctx, t('forms.06.appointment'), data.appointmentAt ? formTime(data.appointmentAt) : '');
  if (data.dueAt) field(ctx, t('forms.06.dueAt'), formTime(data.dueAt));
  ctx.doc.moveDown(0.4);
  if (!data.rows.length) paragraph(ctx, t('forms.06.noRows'), 'oblique');
  else
    table(
      ctx,
      [
        { header: t('forms.06.col.no'), width: 26, align: 'center' },
        { header: t('forms.06.col.from'), width: 80 },
        { header: t('forms.06.col.to'), width: 80 },
        { header: t('forms.06.col.handedAt'), width: 62, align: 'center' },
        { header: t('forms.06.col.dueAt'), width: 62, align: 'center' },
        { header: t('forms.06.col.result'), width: 58, align: 'center' },
        { header: t('forms.06.col.signature'), width: 66 },
        { header: t('forms.06.col.note'), width: 56 },
      ],
      numberedSheetRows(data.rows).map(([r, n]) =>
        r.task
          ? ['', `↳ ${r.from}`, r.to, formTime(r.handedAt), '', t(`forms.06.task.${r.task}`), '', r.note ?? '']
          : [String(n), r.from, r.to, formTime(r.handedAt), formTime(r.dueAt), stepResultText(r.result, ctx.locale), '', r.note ?? ''],
      ),
      8.5,
      44,
    );
  paragraph(ctx, t('forms.06.footer'), 'oblique', 8.5);
  return finish(ctx, done);
}

async function trackingBook(data: TrackingBookData, options: FormRenderOptions): Promise<Buffer> {
  const { ctx, done } = await startDocument('07', data, `${data.from}/${data.to}`, options, true);
  const { t } = ctx;
  heading(ctx, '07', data.agency, data.issuedAt);
  formTitle(ctx, t('forms.07.title'), t('forms.07.period', { from: formDate(data.from), to: formDate(data.to) }));
  if (!data.rows.length) paragraph(ctx, t('forms.07.noRows'), 'oblique');
  else
    table(
      ctx,
      [
        { header: t('forms.07.col.no'), width: 24, align: 'center' },
        { header: t('forms.07.col.code'), width: 116 },
        { header: t('forms.07.col.procedure'), width: 104 },
        { header: t('forms.07.col.applicant'), width: 80 },
        { header: t('forms.07.col.contact'), width: 70 },
        { header: t('forms.07.col.receivedAt'), width: 50, align: 'center' },
        { header: t('forms.07.col.appointmentAt'), width: 50, align: 'center' },
        { header: t('forms.07.col.finishedAt'), width: 50, align: 'center' },
        { header: t('forms.07.col.returnedAt'), width: 50, align: 'center' },
        { header: t('forms.07.col.status'), width: 64 },
        { header: t('forms.07.col.signature'), width: 42 },
        { header: t('forms.07.col.note'), width: 44 },
      ],
      data.rows.map((r, i) => [
        String(i + 1),
        r.code,
        r.procedureName,
        r.applicantName,
        r.contact ?? '',
        formTime(r.receivedAt),
        formTime(r.appointmentAt),
        formTime(r.finishedAt),
        formTime(r.returnedAt),
        r.status,
        '',
        r.note ?? '',
      ]),
      7.5,
    );
  paragraph(ctx, t('forms.07.total', { count: data.rows.length }), 'bold', 10);
  signatures(ctx, [signer(ctx, 'forms.07.keeperSign', data.keeper)]);
  return finish(ctx, done);
}

const RENDERERS: { [K in FormKind]: (data: FormDataMap[K], options: FormRenderOptions) => Promise<Buffer> } = {
  '01': receipt,
  '02': supplement,
  '03': refusal,
  '04': apology,
  '05': stop,
  '06': controlSheet,
  '07': trackingBook,
};

/** Renders form `kind` (01–07) from its data as a PDF. */
export function renderForm<K extends FormKind>(kind: K, data: FormDataMap[K], options: FormRenderOptions = {}): Promise<Buffer> {
  const render = RENDERERS[kind] as (data: FormDataMap[K], options: FormRenderOptions) => Promise<Buffer>;
  if (!render) throw new RangeError(`unknown form: ${kind}`);
  return render(data, options);
}
