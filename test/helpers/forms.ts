// Building browser-like form posts for page tests (urlencoded with the CSRF field, multipart with files) and
// reading the error summary of a page.
import { randomBytes } from 'node:crypto';

const HTML = { accept: 'text/html' };

/** A urlencoded form post of `session` (cookie, the CSRF field first), as a browser sends it. */
export function urlencodedForm(session: { cookie: string; csrfToken: string }, fields: Record<string, string> = {}) {
  return {
    headers: { ...HTML, cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: session.csrfToken, ...fields }).toString(),
  };
}

export type Part = { name: string; value: string } | { name: string; filename: string; type: string; bytes: Buffer };

/** A multipart/form-data body with the parts in the given order. */
export function multipartBody(parts: Part[]): { payload: Buffer; contentType: string } {
  const boundary = `----opendvc${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    if ('value' in part) chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`));
    else {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.filename}"\r\nContent-Type: ${part.type}\r\n\r\n`));
      chunks.push(part.bytes, Buffer.from('\r\n'));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Links (href, text) of the page's error summary. */
export function summaryLinks(html: string): Array<{ href: string; text: string }> {
  const block = /<div class="error-summary"[\s\S]*?<\/div>/.exec(html)?.[0] ?? '';
  return [...block.matchAll(/<a href="([^"]+)">([^<]*)<\/a>/g)].map((m) => ({ href: m[1]!.replace(/&amp;/g, '&'), text: m[2]! }));
}
