// fontkit (pdfkit's font engine, a dependency of pdfkit) ships no types; results.pdf.ts only parses a font with it.
declare module 'fontkit' {
  export function create(buffer: Uint8Array): unknown;
}
