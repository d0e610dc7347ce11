// The procedure review's pages for staff (server-rendered, no script): the reviews and the start and wage forms,
// a review (its procedures, costs, the add form, submission and approval, history), a procedure's sheets and
// proposal, its evidence (chart and tables), the report with its Excel and PDF. Every form is one `formPage` call.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { FieldError } from '../../core/errors.ts';
import { DomainError } from '../../core/errors.ts';
import { formatDate } from '../../core/text.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { FormBody, type FormErrors, formPage, formText } from '../../http/form-page.ts';
import { sendDocument } from '../files/files.download.ts';
import { horizontalBars } from '../reports/reports.charts.ts';
import { reportToPdf, reportToXlsx } from './review.export.ts';
import { reportRows, reportTotals } from './review.present.ts';
import { defaultMonthlyWage, formatHours, formatRate, formatVndBig, HISTOGRAM_BUCKETS, hourlyWage, parseNumber, PROPOSAL_KINDS, MAX_ROWS, ROW_KINDS, type RowInput, type SheetRow } from './review.rules.ts';
import type { ReviewService } from './review.service.ts';

export const REVIEW_HOME = '/quan-tri/ra-soat-tthc';
const reviewUrl = (id: string) => `${REVIEW_HOME}/${id}`;
const itemUrl = (id: string, itemId: string) => `${REVIEW_HOME}/${id}/thu-tuc/${itemId}`;

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const ItemParams = Type.Object({ id: Type.String({ format: 'uuid' }), itemId: Type.String({ minLength: 1, maxLength: 40 }) });
const OkQuery = Type.Object({ ok: Type.Optional(Type.String({ maxLength: 20 })) });
const EXTRA_ROWS = 2;

type Locale = 'vi' | 'en';

/** The posted form's values, to show them again beside the errors (repeated fields as arrays). */
function posted(body: FormBody): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(body ?? {})) if (k !== '_csrf') out[k] = v;
  return out;
}

function all(body: FormBody, name: string): string[] {
  const v = body?.[name];
  return Array.isArray(v) ? v : v === undefined ? [] : [v];
}

/**
 * A sheet's rows from the form (`{prefix}.rows.{i}.kind|label|hours|amountVnd`, `{prefix}.rows.{i}.remove`): the
 * blank rows at the end (added rows left empty) and the rows marked for removal are dropped; `index` maps each
 * kept row to its row on the page, so that errors name the row the officer sees.
 */
function sheetFromForm(body: FormBody, prefix: string): { rows: RowInput[]; index: number[] } {
  const count = Math.min(200, Math.max(0, Number(formText(body, `${prefix}.count`)) || 0));
  const rows: RowInput[] = [];
  const index: number[] = [];
  const blank = (i: number) => ['label', 'hours', 'amountVnd'].every((f) => !formText(body, `${prefix}.rows.${i}.${f}`).trim());
  let end = count;
  while (end > 0 && blank(end - 1)) end--;
  for (let i = 0; i < end; i++) {
    if (formText(body, `${prefix}.rows.${i}.remove`) === '1') continue;
    const hours = parseNumber(formText(body, `${prefix}.rows.${i}.hours`), true);
    const amount = parseNumber(formText(body, `${prefix}.rows.${i}.amountVnd`), false);
    rows.push({ kind: formText(body, `${prefix}.rows.${i}.kind`), label: formText(body, `${prefix}.rows.${i}.label`), hours, amountVnd: amount });
    index.push(i);
  }
  return { rows, index };
}

/** Field errors of the kept rows renamed to the rows of the page. */
function remap(error: unknown, prefix: string, index: number[]): unknown {
  if (!(error instanceof DomainError)) return error;
  const re = new RegExp(`^/${prefix}/rows/(\\d+)/`);
  const fieldErrors: FieldError[] = error.fieldErrors.map((e) => {
    const m = re.exec(e.path);
    if (!m) return e;
    const page = index[Number(m[1])] ?? Number(m[1]);
    return { ...e, path: e.path.replace(re, `/${prefix}/rows/${page}/`), params: e.params ? { ...e.params, row: page + 1 } : e.params };
  });
  return new DomainError(error.code, error.params, fieldErrors);
}

function sheetValues(prefix: string, rows: readonly SheetRow[], locale: Locale): Record<string, string> {
  const out: Record<string, string> = { [`${prefix}.count`]: String(rows.length + EXTRA_ROWS) };
  rows.forEach((r, i) => {
    out[`${prefix}.rows.${i}.kind`] = r.kind;
    out[`${prefix}.rows.${i}.label`] = r.label;
    out[`${prefix}.rows.${i}.hours`] = formatHours(r.hoursX100, locale);
    out[`${prefix}.rows.${i}.amountVnd`] = String(r.amountVnd);
  });
  for (let i = rows.length; i < rows.length + EXTRA_ROWS; i++) out[`${prefix}.rows.${i}.kind`] = 'other';
  return out;
}

export const reviewPagesModule: AppModule = {
  name: 'review-pages',
  async register(app: App, ctx: AppContext) {
    const review: ReviewService = ctx.services.review;
    const vnd = (locale: Locale) => (v: bigint | number | null) => (v === null ? '—' : formatVndBig(BigInt(v), locale));

    // The reviews, the start form, the wage form ------------------------------------------------------

    const home = async (request: FastifyRequest, reply: FastifyReply, extra: { errors?: FormErrors; values?: Record<string, unknown> } = {}) => {
      const { items, agencies } = await review.list(request.actor);
      const wageAdmin = await review.isWageAdmin(request.actor);
      const wages = wageAdmin ? await review.wages() : [];
      const locale = request.locale;
      const year = new Date().getUTCFullYear();
      return reply.page('review-home.njk', {
        items,
        agencies,
        wageAdmin,
        wages: wages.map((w) => ({ year: w.year, monthly: vnd(locale)(w.monthly), hourly: vnd(locale)(hourlyWage(w.monthly)) })),
        defaultMonthly: vnd(locale)(defaultMonthlyWage(year)),
        values: { year: String(year), wageYear: String(year), ...(extra.values ?? {}) },
        errors: extra.errors,
        ok: (request.query as { ok?: string } | undefined)?.ok ?? '',
      });
    };

    app.get(REVIEW_HOME, { schema: { hide: true, querystring: OkQuery } }, async (request, reply) => home(request, reply));

    app.post(`${REVIEW_HOME}/tao`, { schema: { hide: true, body: FormBody } }, async (request, reply) => {
      const body = request.body;
      return formPage(request, reply, {
        act: async () => {
          const year = parseNumber(formText(body, 'year'), false);
          const r = await review.create(request.actor, { agency: formText(body, 'agency'), year: year === null || Number.isNaN(year) ? 0 : year });
          return reviewUrl(r.id);
        },
        rerender: (errors) => home(request, reply, { errors, values: posted(body) }),
      });
    });

    app.post(`${REVIEW_HOME}/muc-luong`, { schema: { hide: true, body: FormBody } }, async (request, reply) => {
      const body = request.body;
      return formPage(request, reply, {
        act: async () => {
          const year = parseNumber(formText(body, 'wageYear'), false);
          const monthly = parseNumber(formText(body, 'monthlyWageVnd'), false);
          try {
            await review.setWage(request.actor, { year: year === null || Number.isNaN(year) ? 0 : year, monthlyWageVnd: monthly === null || Number.isNaN(monthly) ? null : monthly });
          } catch (error) {
            // The form names the year field wageYear.
            if (error instanceof DomainError) throw new DomainError(error.code, error.params, error.fieldErrors.map((e) => (e.path === '/year' ? { ...e, path: '/wageYear' } : e)));
            throw error;
          }
          return `${REVIEW_HOME}?ok=wage`;
        },
        rerender: (errors) => home(request, reply, { errors, values: posted(body) }),
      });
    });

    // A review -----------------------------------------------------------------------------------------

    const detailPage = async (request: FastifyRequest, reply: FastifyReply, id: string, extra: { errors?: FormErrors; values?: Record<string, unknown> } = {}) => {
      const d = await review.detail(request.actor, id);
      const locale = request.locale;
      const candidates = d.may.edit ? await review.candidates(request.actor, id) : [];
      return reply.page('review-detail.njk', {
        d,
        candidates,
        vnd: vnd(locale),
        rate: (bp: number | null) => formatRate(bp, locale),
        date: formatDate,
        values: extra.values ?? {},
        errors: extra.errors,
        ok: (request.query as { ok?: string } | undefined)?.ok ?? '',
      });
    };

    app.get(`${REVIEW_HOME}/:id`, { schema: { hide: true, params: IdParams, querystring: OkQuery } }, async (request, reply) => detailPage(request, reply, request.params.id));

    app.post(`${REVIEW_HOME}/:id/them`, { schema: { hide: true, params: IdParams, body: FormBody } }, async (request, reply) => {
      const { id } = request.params;
      const body = request.body;
      return formPage(request, reply, {
        act: async () => {
          const item = await review.addProcedure(request.actor, id, formText(body, 'code'));
          return itemUrl(id, item.id);
        },
        rerender: (errors) => detailPage(request, reply, id, { errors, values: posted(body) }),
      });
    });

    for (const [path, ok, act] of [
      ['nop', 'submitted', (a: FastifyRequest['actor'], id: string, note: string) => review.submit(a, id, note)],
      ['phe-duyet', 'approved', (a: FastifyRequest['actor'], id: string, note: string) => review.approve(a, id, note)],
      ['tra-lai', 'returned', (a: FastifyRequest['actor'], id: string, note: string) => review.returnForRework(a, id, note)],
    ] as const) {
      app.post(`${REVIEW_HOME}/:id/${path}`, { schema: { hide: true, params: IdParams, body: FormBody } }, async (request, reply) => {
        const { id } = request.params;
        const body = request.body;
        return formPage(request, reply, {
          act: async () => {
            await act(request.actor, id, formText(body, 'note'));
            return `${reviewUrl(id)}?ok=${ok}`;
          },
          rerender: (errors) => detailPage(request, reply, id, { errors, values: posted(body) }),
        });
      });
    }

    // The report ----------------------------------------------------------------------------------------

    app.get(`${REVIEW_HOME}/:id/bao-cao`, { schema: { hide: true, params: IdParams } }, async (request, reply) => {
      const d = await review.detail(request.actor, request.params.id);
      return reply.page('review-report.njk', { d, rows: reportRows(d, request.t, request.locale), totals: reportTotals(d, request.locale) });
    });

    app.get(`${REVIEW_HOME}/:id/bao-cao.xlsx`, { schema: { hide: true, params: IdParams } }, async (request, reply) => {
      const d = await review.detail(request.actor, request.params.id);
      const bytes = await reportToXlsx(d, request.t, request.locale);
      return sendDocument(reply, { bytes, fileName: `ra-soat-tthc-${d.agency.code}-${d.review.year}.xlsx`, mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }, 'attachment');
    });

    app.get(`${REVIEW_HOME}/:id/bao-cao.pdf`, { schema: { hide: true, params: IdParams } }, async (request, reply) => {
      const d = await review.detail(request.actor, request.params.id);
      const bytes = await reportToPdf(d, await review.heading(d.agency), request.t, request.locale, new Date());
      return sendDocument(reply, { bytes, fileName: `ra-soat-tthc-${d.agency.code}-${d.review.year}.pdf`, mediaType: 'application/pdf' }, 'attachment');
    });

    // A procedure of the review -------------------------------------------------------------------------

    const itemPage = async (request: FastifyRequest, reply: FastifyReply, id: string, itemId: string, extra: { errors?: FormErrors; values?: Record<string, unknown> } = {}) => {
      const { detail: d, item } = await review.item(request.actor, id, itemId);
      const locale = request.locale;
      const p = item.proposal;
      const values: Record<string, unknown> = {
        frequency: String(item.frequency),
        ...sheetValues('before', item.sheet_before, locale),
        ...(item.sheet_after ? sheetValues('after', item.sheet_after, locale) : {}),
        'proposal.kinds': p?.kinds ?? [],
        'proposal.reason': p?.reason ?? '',
        'proposal.removeDocuments': (p?.removeDocuments ?? []).map(String),
        'proposal.timeLimitValue': p?.timeLimitValue === null || p?.timeLimitValue === undefined ? '' : String(p.timeLimitValue),
        'proposal.onlineLevel': p?.onlineLevel === null || p?.onlineLevel === undefined ? '' : String(p.onlineLevel),
        ...(extra.values ?? {}),
      };
      // The rows the form shows: as many as posted (bounded: a hostile count draws no more than the sheet's maximum).
      const count = (prefix: string) => Math.min(MAX_ROWS + EXTRA_ROWS, Math.max(0, Math.trunc(Number(values[`${prefix}.count`] ?? 0) || 0)));
      return reply.page('review-item.njk', {
        d,
        item,
        values,
        beforeRows: [...Array(count('before')).keys()],
        afterRows: item.proposal ? [...Array(count('after')).keys()] : [],
        rowKinds: ROW_KINDS,
        proposalKinds: PROPOSAL_KINDS,
        vnd: vnd(locale),
        rate: (bp: number | null) => formatRate(bp, locale),
        hours: (x: number) => formatHours(x, locale),
        errors: extra.errors,
        ok: (request.query as { ok?: string } | undefined)?.ok ?? '',
        catalogUrl: `/quan-tri/thu-tuc/${encodeURIComponent(item.procedure_code)}`,
      });
    };

    app.get(`${REVIEW_HOME}/:id/thu-tuc/:itemId`, { schema: { hide: true, params: ItemParams, querystring: OkQuery } }, async (request, reply) => itemPage(request, reply, request.params.id, request.params.itemId));

    app.post(`${REVIEW_HOME}/:id/thu-tuc/:itemId/bang-tinh`, { schema: { hide: true, params: ItemParams, body: FormBody } }, async (request, reply) => {
      const { id, itemId } = request.params;
      const body = request.body;
      return formPage(request, reply, {
        act: async () => {
          const sheet = sheetFromForm(body, 'before');
          const frequency = parseNumber(formText(body, 'frequency'), false);
          try {
            await review.saveSheet(request.actor, id, itemId, { frequency: frequency === null || Number.isNaN(frequency) ? null : frequency, rows: sheet.rows });
          } catch (error) {
            throw remap(error, 'before', sheet.index);
          }
          return `${itemUrl(id, itemId)}?ok=saved`;
        },
        rerender: (errors) => itemPage(request, reply, id, itemId, { errors, values: posted(body) }),
      });
    });

    app.post(`${REVIEW_HOME}/:id/thu-tuc/:itemId/phuong-an`, { schema: { hide: true, params: ItemParams, body: FormBody } }, async (request, reply) => {
      const { id, itemId } = request.params;
      const body = request.body;
      return formPage(request, reply, {
        act: async () => {
          if (formText(body, 'remove') === '1') {
            await review.saveProposal(request.actor, id, itemId, { proposal: null });
            return `${itemUrl(id, itemId)}?ok=saved`;
          }
          const num = (name: string, decimals: boolean) => {
            const v = parseNumber(formText(body, name), decimals);
            return v === null || Number.isNaN(v) ? null : v;
          };
          const sheet = formText(body, 'after.count') ? sheetFromForm(body, 'after') : null;
          try {
            await review.saveProposal(request.actor, id, itemId, {
              proposal: {
                kinds: all(body, 'proposal.kinds'),
                reason: formText(body, 'proposal.reason'),
                removeDocuments: all(body, 'proposal.removeDocuments').map(Number).filter(Number.isInteger),
                timeLimitValue: num('proposal.timeLimitValue', true),
                onlineLevel: num('proposal.onlineLevel', false),
              },
              after: sheet ? sheet.rows : null,
            });
          } catch (error) {
            throw sheet ? remap(error, 'after', sheet.index) : error;
          }
          return `${itemUrl(id, itemId)}?ok=saved`;
        },
        rerender: (errors) => itemPage(request, reply, id, itemId, { errors, values: posted(body) }),
      });
    });

    app.post(`${REVIEW_HOME}/:id/thu-tuc/:itemId/xoa`, { schema: { hide: true, params: ItemParams, body: FormBody } }, async (request, reply) => {
      const { id, itemId } = request.params;
      return formPage(request, reply, {
        act: async () => {
          await review.removeProcedure(request.actor, id, itemId);
          return reviewUrl(id);
        },
        rerender: (errors) => itemPage(request, reply, id, itemId, { errors }),
      });
    });

    app.post(`${REVIEW_HOME}/:id/thu-tuc/:itemId/du-thao`, { schema: { hide: true, params: ItemParams, body: FormBody } }, async (request, reply) => {
      const { id, itemId } = request.params;
      return formPage(request, reply, {
        act: async () => {
          await review.draftVersion(request.actor, id, itemId);
          return `${itemUrl(id, itemId)}?ok=drafted`;
        },
        rerender: (errors) => itemPage(request, reply, id, itemId, { errors }),
      });
    });

    // Evidence ------------------------------------------------------------------------------------------

    app.get(`${REVIEW_HOME}/:id/thu-tuc/:itemId/so-lieu`, { schema: { hide: true, params: ItemParams } }, async (request, reply) => {
      const e = await review.evidence(request.actor, request.params.id, request.params.itemId);
      const t = request.t;
      const locale = request.locale;
      const buckets = HISTOGRAM_BUCKETS.map((b, i) => ({ label: b.to === null ? `≥ ${b.from}` : b.from === b.to ? String(b.from) : `${b.from}–${b.to}`, count: e.histogram[i] ?? 0 }));
      const chart = horizontalBars(
        { id: 'review-hist', title: t('review.evidence.histogram'), desc: t('review.evidence.histogramDesc') },
        buckets.map((b) => ({ label: b.label, value: b.count, text: String(b.count) })),
      );
      const pct = (bp: number | null) => formatRate(bp, locale);
      return reply.page('review-evidence.njk', { e, buckets, chart, pct, from: formatDate(e.from), to: formatDate(e.to) });
    });
  },
};
