// Presentation helpers of the audit pages (pure).

/** A short one-line rendering of an entry's summary: "key: value; key: value" (nested values as JSON). */
export function summaryText(summary: Record<string, unknown> | null | undefined, maxLength = 300): string {
  if (!summary) return '';
  const text = Object.entries(summary)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join('; ');
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}
