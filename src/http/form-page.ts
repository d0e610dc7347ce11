// HTML forms: turn a DomainError into an error summary linked to the fields (GOV.UK pattern), and `formPage`,
// the one shape of a page that receives a form (validate → act → 303 redirect, or re-render with the summary).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { DomainError, type FieldError } from '../core/errors.ts';
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

// --- one form page: validate → act → redirect (303), or the form again with the error summary ---------------

/** Errors about the page rather than the form: they show the error page (not found, sign in, not allowed). */
const PAGE_ERROR_CODES = new Set(['NOT_FOUND', 'UNAUTHENTICATED', 'FORBIDDEN']);

/** Default of `FormPage.pageError`: NOT_FOUND, UNAUTHENTICATED, FORBIDDEN and server errors. */
export function isPageError(error: DomainError): boolean {
  return PAGE_ERROR_CODES.has(error.code) || error.status >= 500;
}

/** Throws VALIDATION_FAILED with the field errors of a form that did not parse ("validate" before "act"). */
export function requireValid<T>(input: T | null | undefined, errors: FieldError[]): T {
  if (input === null || input === undefined || errors.length) throw new DomainError('VALIDATION_FAILED', undefined, errors);
  return input;
}

export interface FormPage {
  /**
   * Validate and act. A string is where the browser goes next: 303 See Other, so the result is a GET
   * (POST / redirect / GET: reload never asks to resubmit). Anything else is the response itself (a preview).
   */
  act: () => Promise<unknown>;
  /** The form again with the error summary; the reply's status is already the error's. */
  rerender: (errors: FormErrors, error: DomainError) => unknown;
  /** Errors shown as the error page instead of the form (default `isPageError`). */
  pageError?: (error: DomainError) => boolean;
  /** The error summary (default `formErrors`). */
  summary?: (error: DomainError) => FormErrors;
}

/** The one shape of a page that receives a form: see `FormPage`. Errors other than DomainError are rethrown. */
export async function formPage(request: FastifyRequest, reply: FastifyReply, page: FormPage): Promise<unknown> {
  let outcome: unknown;
  try {
    outcome = await page.act();
  } catch (error) {
    if (!(error instanceof DomainError) || (page.pageError ?? isPageError)(error)) throw error;
    reply.status(error.status);
    return page.rerender(page.summary ? page.summary(error) : formErrors(error, request.locale)!, error);
  }
  return typeof outcome === 'string' ? reply.redirect(outcome, 303) : outcome;
}

/**
 * Body schema of an HTML form (application/x-www-form-urlencoded): every field a string, a repeated field an
 * array. Optional, so a button posted without fields (the CSRF token in the header) is still accepted.
 */
export const FormBody = Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Array(Type.String())])));
export type FormBody = Static<typeof FormBody> | undefined;

/** One value of a form field (the first when repeated; '' when absent). */
export function formText(body: FormBody, name: string): string {
  const value = body?.[name];
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}

// --- the error summary names each field as the page labels it ---------------------------------------------------

const SUMMARY_START = '<div class="error-summary"';

/** The visible text of an HTML fragment: tags dropped, "(bắt buộc)" markers dropped, spaces collapsed. */
function fragmentText(fragment: string): string {
  return fragment
    .replace(/<span class="required">[\s\S]*?<\/span>/g, '')
    .replace(/<span class="cat-visually-hidden">[\s\S]*?<\/span>/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\s:*]+$/, '');
}

/** The question a field answers: the legend of the fieldset around it (radio groups, check boxes), else its label. */
function fieldLabel(html: string, id: string): string {
  const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const at = html.search(new RegExp(`\\sid="${escaped}"`));
  if (at >= 0) {
    const open = html.lastIndexOf('<fieldset', at);
    if (open >= 0 && html.lastIndexOf('</fieldset>', at) < open) {
      const legend = /<legend[^>]*>([\s\S]*?)<\/legend>/.exec(html.slice(open, at));
      if (legend) return fragmentText(legend[1]!);
    }
  }
  const label = new RegExp(`<label[^>]*\\sfor="${escaped}"[^>]*>([\\s\\S]*?)</label>`).exec(html);
  return label ? fragmentText(label[1]!) : '';
}

/** Whether a message already names the field: every word of the label is in it ("Mật khẩu nhập lại …" names "Nhập lại mật khẩu"). */
function namesField(message: string, label: string): boolean {
  const words = new Set(message.toLocaleLowerCase('vi').split(/[^\p{L}\p{N}]+/u));
  return label.toLocaleLowerCase('vi').split(/[^\p{L}\p{N}]+/u).every((word) => !word || words.has(word));
}

/**
 * A page with an error summary: each link of the summary names its field ("Họ và tên: Vui lòng nhập trường này."),
 * taken from the field's label or question on the same page, so that five "please fill in this field" say which
 * five; a message that already names its field is left alone. And the page loads public/app.js, which gives the
 * summary the focus (pages without a summary stay script-free). Applied by `reply.page` (app.ts) to every page.
 */
export function nameSummaryFields(page: string): string {
  if (!page.includes(SUMMARY_START)) return page;
  const head = page.indexOf('</head>');
  const html = head < 0 ? page : `${page.slice(0, head)}  <script src="/static/app.js" defer></script>\n${page.slice(head)}`;
  const start = html.indexOf(SUMMARY_START);
  const end = html.indexOf('</ul>', start);
  if (end < 0) return html;
  const summary = html.slice(start, end).replace(/<a href="#([^"]+)">([\s\S]*?)<\/a>/g, (whole, id: string, message: string) => {
    const label = fieldLabel(html, id);
    if (!label || namesField(message, label)) return whole;
    return `<a href="#${id}">${label}: ${message}</a>`;
  });
  return html.slice(0, start) + summary + html.slice(end);
}
