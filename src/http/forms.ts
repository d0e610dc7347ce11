// HTML forms: turn a DomainError into an error summary linked to the fields (GOV.UK pattern).
import { DomainError } from '../core/errors.ts';
import type { Locale } from '../core/i18n.ts';
import { toProblem } from './problem.ts';

export interface FormErrors {
  /** Message of the whole form (shown when no field is named). */
  title: string;
  summary: Array<{ field: string; href: string; message: string }>;
  byField: Record<string, string>;
}

/** Field name from a problem path: "/documents/0/name" → "documents.0.name". */
export function fieldName(path: string): string {
  return path.replace(/^\//, '').replace(/\//g, '.') || 'form';
}

export function formErrors(error: unknown, locale: Locale): FormErrors | null {
  if (!(error instanceof DomainError)) return null;
  const problem = toProblem(error, locale, '');
  const summary = problem.errors.map((e) => {
    const field = fieldName(e.path);
    return { field, href: `#${field.replace(/\./g, '-')}`, message: e.message };
  });
  const byField: Record<string, string> = {};
  for (const item of summary) byField[item.field] ??= item.message;
  if (summary.length === 0) summary.push({ field: 'form', href: '#main', message: problem.title });
  return { title: problem.title, summary, byField };
}
