// PDF building blocks shared by every printable document (the acknowledgement, the one-stop forms 01–07, the
// report exports): the embedded DejaVu Sans font (full Vietnamese glyphs), a document collected into a Buffer
// with the fonts registered as 'regular', 'bold' and 'oblique', and the dossier code drawn as vectors (QR code,
// Code 128 barcode). No clock and no randomness: the same data gives the same bytes.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { lazyModule } from './lazy.ts';

/** pdfkit, qrcode and bwip-js, loaded by the first openPdf (see lazy.ts). */
const pdfLibraries = lazyModule(async () => {
  const [pdfkit, qrcode, bwip] = await Promise.all([import('pdfkit'), import('qrcode'), import('bwip-js')]);
  return { PDFDocument: pdfkit.default, QRCode: qrcode.default, bwipjs: bwip.default };
});
let libraries: Awaited<ReturnType<typeof pdfLibraries>> | undefined;

/** The libraries, for drawing on a document that openPdf made (so they are loaded). */
function loaded(): NonNullable<typeof libraries> {
  if (!libraries) throw new Error('drawing on a PDF before openPdf loaded the PDF libraries');
  return libraries;
}

const require = createRequire(import.meta.url);
const FONT_DIR = require.resolve('dejavu-fonts-ttf/package.json').replace(/package\.json$/, 'ttf/');
/** The font files (DejaVu Sans). */
export const PDF_FONTS = {
  regular: `${FONT_DIR}DejaVuSans.ttf`,
  bold: `${FONT_DIR}DejaVuSans-Bold.ttf`,
  oblique: `${FONT_DIR}DejaVuSans-Oblique.ttf`,
};

let loadedFonts: Record<keyof typeof PDF_FONTS, Buffer> | null = null;

/** The font files, read once. */
export function fontData(): Record<keyof typeof PDF_FONTS, Buffer> {
  loadedFonts ??= { regular: readFileSync(PDF_FONTS.regular), bold: readFileSync(PDF_FONTS.bold), oblique: readFileSync(PDF_FONTS.oblique) };
  return loadedFonts;
}

/**
 * A new PDF document with the fonts 'regular', 'bold' and 'oblique' registered, and `done`: its bytes once
 * `doc.end()` was called.
 */
export async function openPdf(options: PDFKit.PDFDocumentOptions): Promise<{ doc: PDFKit.PDFDocument; done: Promise<Buffer> }> {
  libraries ??= await pdfLibraries();
  const doc = new libraries.PDFDocument(options);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const fonts = fontData();
  doc.registerFont('regular', fonts.regular);
  doc.registerFont('bold', fonts.bold);
  doc.registerFont('oblique', fonts.oblique);
  return { doc, done };
}

/** Draws the QR code of `text` as vector squares in a `size`-point square at (x, y). */
export function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const qr = loaded().QRCode.create(text, { errorCorrectionLevel: 'M' });
  const count = qr.modules.size;
  const cell = size / count;
  doc.save().fillColor('black');
  for (let row = 0; row < count; row++) {
    for (let col = 0; col < count; col++) {
      if (qr.modules.get(row, col)) doc.rect(x + col * cell, y + row * cell, cell, cell);
    }
  }
  doc.fill().restore();
}

/** Draws the Code 128 barcode of `text` as vector bars, `width` wide at most. */
export function drawCode128(doc: PDFKit.PDFDocument, text: string, x: number, y: number, width: number, height: number): number {
  const [symbol] = loaded().bwipjs.raw('code128', text, {}) as Array<{ sbs: number[] }>;
  const widths = symbol!.sbs;
  const total = widths.reduce((sum, w) => sum + w, 0);
  const module = Math.min(1.2, width / total);
  let cursor = x;
  doc.save().fillColor('black');
  widths.forEach((w, i) => {
    if (i % 2 === 0) doc.rect(cursor, y, w * module, height);
    cursor += w * module;
  });
  doc.fill().restore();
  return total * module;
}
