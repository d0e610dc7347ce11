// Mail rules (pure): retry policy and turning a plain-text body into safe segments with links.

/** After this many failed attempts a message is given up ('failed'). */
export const MAX_MAIL_ATTEMPTS = 5;

export interface TextSegment {
  text: string;
  /** Present when the segment is a link to this site. */
  href?: string;
}

/**
 * Splits plain text into segments; http(s) URLs that point at `baseUrl` become links.
 * Other URLs stay plain text (a mailbox must not become a way to send people elsewhere).
 * The template escapes every segment, so no HTML from the message ever reaches the page.
 */
export function linkify(text: string, baseUrl: string): TextSegment[] {
  const base = baseUrl.replace(/\/$/, '');
  const segments: TextSegment[] = [];
  const pattern = /https?:\/\/[^\s<>"']+/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    let url = match[0];
    // Trailing punctuation belongs to the sentence, not to the URL.
    const trail = /[.,;:!?)\]]+$/.exec(url)?.[0] ?? '';
    if (trail) url = url.slice(0, -trail.length);
    const start = match.index;
    const internal = url === base || url.startsWith(`${base}/`) || url.startsWith(`${base}?`);
    if (!internal) continue;
    if (start > last) segments.push({ text: text.slice(last, start) });
    segments.push({ text: url, href: url });
    last = start + url.length;
  }
  if (last < text.length) segments.push({ text: text.slice(last) });
  return mergePlain(segments);
}

function mergePlain(segments: TextSegment[]): TextSegment[] {
  const merged: TextSegment[] = [];
  for (const segment of segments) {
    const previous = merged[merged.length - 1];
    if (previous && !previous.href && !segment.href) previous.text += segment.text;
    else merged.push({ ...segment });
  }
  return merged;
}

/** Status after a failed delivery attempt (attempts counts this one). */
export function statusAfterFailure(attempts: number): 'pending' | 'failed' {
  return attempts >= MAX_MAIL_ATTEMPTS ? 'failed' : 'pending';
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * A message of paragraphs (already in the recipient's language) as plain text and HTML: each paragraph escaped,
 * line breaks kept, and `url`, where a paragraph holds it, made a link.
 */
export function paragraphsMail(paragraphs: readonly string[], url: string): { text: string; html: string } {
  const link = escapeHtml(url);
  const html = paragraphs
    .map((line) => {
      const escaped = escapeHtml(line).replace(/\n/g, '<br>');
      return `<p>${escaped.includes(link) ? escaped.replace(link, `<a href="${link}">${link}</a>`) : escaped}</p>`;
    })
    .join('\n');
  return { text: paragraphs.join('\n\n'), html };
}
