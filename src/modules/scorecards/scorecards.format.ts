// Number formats of the scorecard pages (Vietnamese decimal comma by default).
export function formatters(locale: 'vi' | 'en') {
  const tag = locale === 'vi' ? 'vi-VN' : 'en-GB';
  const decimal = new Intl.NumberFormat(tag, { maximumFractionDigits: 2 });
  return {
    /** 0.9595 → "95,95%"; null → "" */
    pct: (rate: number | null | undefined) => (rate === null || rate === undefined ? '' : `${decimal.format(Math.round(rate * 10000) / 100)}%`),
    /** 11.5 → "11,5" */
    num: (value: number | null | undefined) => (value === null || value === undefined ? '' : decimal.format(value)),
  };
}
