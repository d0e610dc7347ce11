// The PDF text extractor's child process (forked by incoming.pdftext.ts with a small heap): it answers one message
// {id, path, maxBytes, maxPages, maxChars} with {id, text}. pdf.js (legacy build, for Node) parses the file with
// eval, font faces and system fonts off; a scanned image has no text layer and gives ''. Whatever a crafted PDF
// does here — a crash, an endless loop, a heap blow-up — costs this process only: the parent kills it.
import { open } from 'node:fs/promises';

export interface PdfTextRequest {
  id: number;
  path: string;
  maxBytes: number;
  maxPages: number;
  maxChars: number;
}

export interface PdfTextResponse {
  id: number;
  text: string | null;
}

async function readBounded(path: string, maxBytes: number): Promise<Uint8Array | null> {
  const handle = await open(path, 'r');
  try {
    const size = (await handle.stat()).size;
    if (size > maxBytes) return null;
    const buffer = Buffer.alloc(size);
    let done = 0;
    while (done < size) {
      const { bytesRead } = await handle.read(buffer, done, size - done, done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return new Uint8Array(buffer.buffer, buffer.byteOffset, done);
  } finally {
    await handle.close();
  }
}

async function extract(request: PdfTextRequest): Promise<string | null> {
  const data = await readBounded(request.path, request.maxBytes);
  if (!data) return null;
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({ data, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0, stopAtErrors: false });
  try {
    const pdf = await task.promise;
    const parts: string[] = [];
    let chars = 0;
    for (let n = 1; n <= Math.min(pdf.numPages, request.maxPages) && chars < request.maxChars; n++) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      for (const item of content.items) {
        const str = (item as { str?: unknown }).str;
        if (typeof str !== 'string' || !str) continue;
        parts.push(str);
        chars += str.length + 1;
        if (chars >= request.maxChars) break;
      }
      page.cleanup();
    }
    return parts.join(' ').slice(0, request.maxChars);
  } finally {
    await task.destroy();
  }
}

process.on('message', (message: PdfTextRequest) => {
  void extract(message)
    .catch(() => null)
    .then((text) => process.send?.({ id: message.id, text } satisfies PdfTextResponse));
});
// Ready.
process.send?.({ id: 0, text: null } satisfies PdfTextResponse);
// The parent going away ends this process.
process.on('disconnect', () => process.exit(0));
