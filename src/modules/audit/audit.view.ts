// Presentation helpers of the audit pages (pure).

/** dd/mm/yyyy hh:mm in Vietnam time (Asia/Ho_Chi_Minh, 24-hour clock). */
export function formatAuditTime(value: Date | string): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return '';
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', day: '2-digit', month: '2-digit', year: 'numeric',
  }).formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('day')}/${get('month')}/${get('year')} ${get('hour')}:${get('minute')}`;
}

/** A short one-line rendering of an entry's summary: "key: value; key: value" (nested values as JSON). */
export function summaryText(summary: Record<string, unknown> | null | undefined, maxLength = 300): string {
  if (!summary) return '';
  const text = Object.entries(summary)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join('; ');
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}
