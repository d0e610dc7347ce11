// Message catalogs. Vietnamese is the default language, English the second.
// Each module contributes its own catalog (x.messages.ts) through registerMessages().
export const LOCALES = ['vi', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'vi';

export type Catalog = Record<Locale, Record<string, string>>;
export type Params = Record<string, string | number>;
export type Translate = (key: string, params?: Params) => string;

const catalogs: Record<Locale, Map<string, string>> = { vi: new Map(), en: new Map() };

export function registerMessages(catalog: Catalog): void {
  for (const locale of LOCALES) {
    for (const [key, text] of Object.entries(catalog[locale])) {
      if (catalogs[locale].has(key) && catalogs[locale].get(key) !== text) {
        throw new Error(`Message key registered twice with different text: ${locale}:${key}`);
      }
      catalogs[locale].set(key, text);
    }
  }
}

export function hasMessage(locale: Locale, key: string): boolean {
  return catalogs[locale].has(key);
}

export function allMessageKeys(locale: Locale): string[] {
  return [...catalogs[locale].keys()];
}

export function translate(locale: Locale, key: string, params?: Params): string {
  const text = catalogs[locale].get(key) ?? catalogs[DEFAULT_LOCALE].get(key) ?? key;
  return params ? fillPlaceholders(locale, text, params) : text;
}

/**
 * Fills a text's `{name}` placeholders from the params. `{name:prefix}` shows a code in the reader's words: the
 * value (or each item of a ", "-separated list) is looked up as the message `prefix.value` (e.g.
 * `{action:handling.action}` → "Chuyển bước xử lý" for "forward"); a value without such a message stays as it is.
 */
export function fillPlaceholders(locale: Locale, text: string, params: Params): string {
  return text.replace(/\{(\w+)(?::([\w.]+))?\}/g, (whole, name: string, prefix: string | undefined) => {
    if (!(name in params)) return whole;
    const value = String(params[name]);
    if (!prefix) return value;
    return value
      .split(', ')
      .map((item) => (catalogs[locale].has(`${prefix}.${item}`) ? translate(locale, `${prefix}.${item}`) : item))
      .join(', ');
  });
}

export function translator(locale: Locale): Translate {
  return (key, params) => translate(locale, key, params);
}

/** Picks the locale: explicit choice (query or cookie) first, then Accept-Language, then Vietnamese. */
export function negotiateLocale(explicit: string | undefined, acceptLanguage: string | undefined): Locale {
  if (explicit && (LOCALES as readonly string[]).includes(explicit)) return explicit as Locale;
  if (!acceptLanguage) return DEFAULT_LOCALE;
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.map((r) => r.trim()).find((r) => r.startsWith('q='));
      return { lang: tag.trim().toLowerCase().split('-')[0] ?? '', q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const entry of ranked) {
    if ((LOCALES as readonly string[]).includes(entry.lang)) return entry.lang as Locale;
  }
  return DEFAULT_LOCALE;
}
