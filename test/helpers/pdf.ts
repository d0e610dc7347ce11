// A small text extractor for uncompressed pdfkit output (render with `compress: false`): TJ strings decoded
// through each font's ToUnicode map. Shared by the tests of the printable documents.

function objects(pdf: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const m of pdf.matchAll(/(?:^|\n)(\d+) 0 obj\n([\s\S]*?)\nendobj/g)) map.set(m[1]!, m[2]!);
  return map;
}

function streamOf(body: string): string {
  const m = /stream\n([\s\S]*?)\nendstream/.exec(body);
  return m ? m[1]! : '';
}

function parseCmap(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const range of cmap.matchAll(/<([0-9a-f]+)> <([0-9a-f]+)> \[([^\]]*)\]/gi)) {
    const start = parseInt(range[1]!, 16);
    const values = [...range[3]!.matchAll(/<([0-9a-f]+)>/gi)].map((v) => v[1]!);
    values.forEach((hex, i) => {
      const units: number[] = [];
      for (let k = 0; k < hex.length; k += 4) units.push(parseInt(hex.slice(k, k + 4), 16));
      map.set(start + i, String.fromCharCode(...units));
    });
  }
  for (const single of cmap.matchAll(/^<([0-9a-f]{4})> <([0-9a-f]+)>$/gim)) map.set(parseInt(single[1]!, 16), String.fromCharCode(parseInt(single[2]!, 16)));
  return map;
}

/** The text of every page, one string (runs separated by spaces, whitespace collapsed). */
export function extractText(pdf: Buffer): string {
  const source = pdf.toString('latin1');
  const objs = objects(source);
  const fonts = new Map<string, Map<number, string>>();
  for (const m of source.matchAll(/\/(F\d+) (\d+) 0 R/g)) {
    const font = objs.get(m[2]!) ?? '';
    const ref = /\/ToUnicode (\d+) 0 R/.exec(font);
    if (ref) fonts.set(m[1]!, parseCmap(streamOf(objs.get(ref[1]!) ?? '')));
  }
  const runs: string[] = [];
  for (const body of objs.values()) {
    const content = streamOf(body);
    if (!/ Tf\n/.test(content)) continue;
    let current: Map<number, string> | undefined;
    for (const token of content.matchAll(/\/(F\d+) [\d.]+ Tf|\[((?:<[0-9a-f]*>|\s|-?[\d.]+)*)\] TJ/gi)) {
      if (token[1]) {
        current = fonts.get(token[1]);
        continue;
      }
      let run = '';
      for (const hex of token[2]!.matchAll(/<([0-9a-f]*)>/gi)) {
        for (let k = 0; k < hex[1]!.length; k += 4) run += current?.get(parseInt(hex[1]!.slice(k, k + 4), 16)) ?? '\uFFFD';
      }
      runs.push(run);
    }
  }
  return runs.join(' ').replace(/\s+/g, ' ');
}
