// Portal visits (page views): which responses count. Pure: no I/O, no clock.
// Nothing about the visitor is kept: only a counter per day.

/** User agents of robots, crawlers, link previews, monitors and command-line clients. */
export const BOT_PATTERN =
  /bot\b|bot\/|crawl|spider|slurp|bingpreview|facebookexternalhit|embedly|preview|monitor|uptime|pingdom|lighthouse|headless|phantomjs|curl|wget|python-|httpclient|okhttp|java\/|go-http|axios|node-fetch|libwww|scrapy|feedfetcher|zalo.*link|whatsapp|telegram/i;

export function isBot(userAgent: string | undefined): boolean {
  if (!userAgent || userAgent.trim().length < 8) return true;
  return BOT_PATTERN.test(userAgent);
}

const EXCLUDED_PREFIXES = ['/static/', '/api/', '/metrics'];

export interface ResponseFacts {
  method: string;
  url: string;
  statusCode: number;
  contentType: string | undefined;
  userAgent: string | undefined;
}

/** A page view: GET, 2xx, an HTML page (not assets, API or metrics), by a person's browser. */
export function countsAsVisit(r: ResponseFacts): boolean {
  if (r.method !== 'GET') return false;
  if (r.statusCode < 200 || r.statusCode >= 300) return false;
  if (!r.contentType || !r.contentType.toLowerCase().startsWith('text/html')) return false;
  const path = r.url.split('?')[0] ?? '';
  if (EXCLUDED_PREFIXES.some((p) => path === p.replace(/\/$/, '') || path.startsWith(p))) return false;
  return !isBot(r.userAgent);
}
