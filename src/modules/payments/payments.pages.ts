// The pages of payments: the applicant's payment page (pay online → the platform's page; VietQR code), the browser's
// return from the platform, receipts, the officers' view, the accountant's page, and the fee definition editor
// linked from the catalog's version management.
import type { FastifyReply } from 'fastify';
import type { AppContext } from '../../container.ts';
import { DomainError } from '../../core/errors.ts';
import { registerMessages } from '../../core/i18n.ts';
import { lazyModule } from '../../core/lazy.ts';
import { formatVnd } from '../../core/text.ts';
import { FormBody, formPage, formText } from '../../http/form-page.ts';
import type { App, AppModule } from '../../http/app.ts';
import { sendDocument } from '../files/files.download.ts';
import { requireActor } from '../identity/identity.routes.ts';
import './payments.errors.ts';
import { paymentsMessages } from './payments.messages.ts';
import { CHARGE_TIMES, FEE_BASES, MAX_FEE_LINES, type FeeDefinition } from './payments.rules.ts';
import { AccountantNoticeQuery, DiscrepancyParams, DossierParams, FeeVersionParams, OrderParams, PlatformMessage, ReceiptParams, SavedQuery } from './payments.schemas.ts';
import type { PaymentState } from './payments.service.ts';

registerMessages(paymentsMessages);

const qrcode = lazyModule(async () => (await import('qrcode')).default);

/** The VietQR payload drawn as an inline SVG (no script, no data: URL; the page's CSP allows it). */
async function qrSvg(payload: string): Promise<string> {
  const lib = await qrcode();
  return lib.toString(payload, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, width: 240 });
}

/** A receipt as a document for sendDocument. */
const receiptDocument = (result: { pdf: Buffer; name: string }) => ({ bytes: result.pdf, fileName: result.name, mediaType: 'application/pdf' });

/** Form rows of the fee editor → the definition's input, with each kept row's index on the page. */
export function feeFormInput(body: FormBody): { input: { charge: string; lines: Array<Record<string, unknown>> }; rows: number[]; values: Record<string, string> } {
  const values: Record<string, string> = {};
  const text = (name: string) => {
    const value = formText(body, name).slice(0, 500);
    values[name] = value;
    return value;
  };
  const charge = text('charge');
  const lines: Array<Record<string, unknown>> = [];
  const rows: number[] = [];
  for (let i = 0; i < MAX_FEE_LINES; i++) {
    const label = text(`lines.${i}.label`).trim();
    const kind = text(`lines.${i}.kind`);
    const basis = text(`lines.${i}.basis`);
    const amount = text(`lines.${i}.amountVnd`).trim();
    const countField = text(`lines.${i}.countField`);
    const formula = text(`lines.${i}.formula`);
    const exemptField = text(`lines.${i}.exemptField`);
    const exemptEquals = text(`lines.${i}.exemptEquals`);
    if (!label && !amount && !formula.trim()) continue;
    const digits = /^[\d.,\s]+$/.test(amount) ? amount.replace(/[.,\s]/g, '') : '';
    lines.push({
      label,
      kind,
      basis,
      amountVnd: digits && digits.length <= 12 ? Number(digits) : amount === '' ? undefined : amount,
      countField,
      formula,
      exemptions: exemptField || exemptEquals ? [{ field: exemptField, equals: exemptEquals }] : [],
    });
    rows.push(i);
  }
  return { input: { charge, lines }, rows, values };
}

/** The form's values from a stored definition (its lines, then blank rows up to two more). */
function feeFormValues(definition: FeeDefinition | null): Record<string, string> {
  const values: Record<string, string> = { charge: definition?.charge ?? 'on_request' };
  (definition?.lines ?? []).forEach((l, i) => {
    values[`lines.${i}.label`] = l.label;
    values[`lines.${i}.kind`] = l.kind;
    values[`lines.${i}.basis`] = l.basis;
    values[`lines.${i}.amountVnd`] = l.amountVnd === undefined ? '' : String(l.amountVnd);
    values[`lines.${i}.countField`] = l.countField ?? '';
    values[`lines.${i}.formula`] = l.formula ?? '';
    values[`lines.${i}.exemptField`] = l.exemptions?.[0]?.field ?? '';
    values[`lines.${i}.exemptEquals`] = l.exemptions?.[0]?.equals ?? '';
  });
  return values;
}

function rowCount(values: Record<string, string>): number {
  let last = -1;
  for (const key of Object.keys(values)) {
    const m = /^lines\.(\d+)\.(label|amountVnd|formula)$/.exec(key);
    if (m && values[key]) last = Math.max(last, Number(m[1]));
  }
  return Math.min(MAX_FEE_LINES, last + 3);
}

export const paymentPagesModule: AppModule = {
  name: 'payment-pages',
  register(app: App, ctx: AppContext) {
    const payments = ctx.services.payments;

    async function dossierPage(reply: FastifyReply, state: PaymentState, extra: Record<string, unknown> = {}) {
      const qr = state.vietqr ? await qrSvg(state.vietqr.payload) : null;
      return reply.page('payment-dossier.njk', { p: state, qr, amountText: formatVnd, ...extra });
    }

    // --- the applicant ------------------------------------------------------------------------------

    app.get('/ho-so/:id/thanh-toan', { schema: { hide: true, params: DossierParams } }, async (request, reply) =>
      dossierPage(reply, await payments.state(requireActor(request), request.params.id)),
    );

    app.post('/ho-so/:id/thanh-toan', { schema: { hide: true, params: DossierParams, body: FormBody } }, async (request, reply) => {
      const actor = requireActor(request);
      return formPage(request, reply, {
        // Our own page next, with the link to the platform's: the CSP lets forms post only to this site, redirects included.
        act: async () => `/ho-so/${request.params.id}/thanh-toan/don/${(await payments.startPayment(actor, request.params.id)).orderId}`,
        rerender: async (errors) => dossierPage(reply, await payments.state(actor, request.params.id), { errors }),
      });
    });

    app.get('/ho-so/:id/thanh-toan/don/:orderId', { schema: { hide: true, params: ReceiptParams } }, async (request, reply) =>
      reply.page('payment-continue.njk', { c: await payments.pendingOrder(requireActor(request), request.params.id, request.params.orderId), amountText: formatVnd }),
    );

    app.post('/ho-so/:id/thanh-toan/vietqr', { schema: { hide: true, params: DossierParams, body: FormBody } }, async (request, reply) => {
      const actor = requireActor(request);
      return formPage(request, reply, {
        act: async () => {
          await payments.startVietQr(actor, request.params.id);
          return `/ho-so/${request.params.id}/thanh-toan#vietqr`;
        },
        rerender: async (errors) => dossierPage(reply, await payments.state(actor, request.params.id), { errors }),
      });
    });

    app.get('/ho-so/:id/thanh-toan/bien-lai/:orderId', { schema: { hide: true, params: ReceiptParams } }, async (request, reply) =>
      sendDocument(reply, receiptDocument(await payments.applicantReceipt(requireActor(request), request.params.id, request.params.orderId))),
    );

    // The browser's return from the platform (signed; applied like a callback when valid).
    app.get('/thanh-toan/ket-qua', { schema: { hide: true, querystring: PlatformMessage } }, async (request, reply) => {
      const result = await payments.returned(request.query, request.actor);
      return reply.page('payment-return.njk', { result });
    });

    // --- officers ----------------------------------------------------------------------------------

    app.get('/can-bo/ho-so/:id/thanh-toan', { schema: { hide: true, params: DossierParams } }, async (request, reply) =>
      reply.page('payment-officer.njk', { p: await payments.officerState(requireActor(request), request.params.id), amountText: formatVnd }),
    );

    app.get('/can-bo/ho-so/:id/thanh-toan/bien-lai/:orderId', { schema: { hide: true, params: ReceiptParams } }, async (request, reply) =>
      sendDocument(reply, receiptDocument(await payments.officerReceipt(requireActor(request), request.params.id, request.params.orderId))),
    );

    // --- the accountant -------------------------------------------------------------------------------

    const accountantPage = async (reply: FastifyReply, actor: ReturnType<typeof requireActor>, extra: Record<string, unknown> = {}) =>
      reply.page('payment-accountant.njk', { a: await payments.accountantView(actor), amountText: formatVnd, values: {}, ...extra });

    // The notice after an action (POST → 303 → GET ?thongbao=…), like the other staff pages.
    const ACCOUNTANT_NOTICES: Record<string, string> = {
      'xac-nhan': 'payments.accountant.notice.confirmed',
      'hoan-tien': 'payments.accountant.notice.refunded',
      'xu-ly': 'payments.accountant.notice.resolved',
      'doi-soat': 'payments.accountant.notice.reconciled',
    };

    app.get('/ke-toan/thanh-toan', { schema: { hide: true, querystring: AccountantNoticeQuery } }, async (request, reply) =>
      accountantPage(reply, requireActor(request), { notice: ACCOUNTANT_NOTICES[request.query.thongbao ?? ''] ?? '' }),
    );

    const accountantForm = (path: string, notice: string, params: typeof OrderParams | typeof DiscrepancyParams | undefined, act: (actor: ReturnType<typeof requireActor>, params: Record<string, string>, body: FormBody) => Promise<unknown>) =>
      app.post(path, { schema: { hide: true, ...(params ? { params } : {}), body: FormBody } }, async (request, reply) => {
        const actor = requireActor(request);
        const body = request.body as FormBody;
        return formPage(request, reply, {
          act: async () => {
            await act(actor, request.params as Record<string, string>, body);
            return `/ke-toan/thanh-toan?thongbao=${notice}`;
          },
          rerender: async (errors) => accountantPage(reply, actor, { errors, values: Object.fromEntries(Object.entries(body ?? {}).map(([k, v]) => [k, Array.isArray(v) ? (v[0] ?? '') : v])) }),
        });
      });

    accountantForm('/ke-toan/thanh-toan/:orderId/xac-nhan', 'xac-nhan', OrderParams, (actor, params, body) => payments.confirmTransfer(actor, params.orderId!, formText(body, 'reference')));
    accountantForm('/ke-toan/thanh-toan/:orderId/hoan-tien', 'hoan-tien', OrderParams, (actor, params, body) => payments.refund(actor, params.orderId!, formText(body, 'reason')));
    accountantForm('/ke-toan/doi-soat/:id/xu-ly', 'xu-ly', DiscrepancyParams, (actor, params, body) => payments.resolveDiscrepancy(actor, params.id!, formText(body, 'note')));
    accountantForm('/ke-toan/doi-soat', 'doi-soat', undefined, (actor, _params, body) => payments.reconcileAs(actor, formText(body, 'day').trim()));

    // --- the fee definition of a procedure version (catalog managers) -----------------------------------

    const FEES = '/quan-tri/thu-tuc/:code/phien-ban/:version/phi';

    app.get(FEES, { schema: { hide: true, params: FeeVersionParams, querystring: SavedQuery } }, async (request, reply) => {
      const editor = await payments.feeEditor(requireActor(request), request.params.code, request.params.version);
      const values = feeFormValues(editor.definition);
      return reply.page('payment-fees-editor.njk', { editor, values, rows: rowCount(values), bases: FEE_BASES, charges: CHARGE_TIMES, saved: request.query.luu === '1' });
    });

    app.post(FEES, { schema: { hide: true, params: FeeVersionParams, body: FormBody } }, async (request, reply) => {
      const actor = requireActor(request);
      const { code, version } = request.params;
      const { input, rows, values } = feeFormInput(request.body);
      return formPage(request, reply, {
        act: async () => {
          try {
            await payments.saveFees(actor, code, version, input);
          } catch (error) {
            // Errors name the kept lines (0, 1, …); the page's rows keep their own numbers.
            if (!(error instanceof DomainError) || error.code !== 'VALIDATION_FAILED') throw error;
            throw new DomainError(
              'VALIDATION_FAILED',
              error.params,
              error.fieldErrors.map((e) => ({
                ...e,
                path: e.path
                  .replace(/^\/lines\/(\d+)\//, (_m, k: string) => `/lines/${rows[Number(k)] ?? k}/`)
                  .replace(/\/exemptions\/\d+\/field$/, '/exemptField')
                  .replace(/\/exemptions\/\d+\/equals$/, '/exemptEquals'),
              })),
            );
          }
          return `/quan-tri/thu-tuc/${encodeURIComponent(code)}/phien-ban/${version}/phi?luu=1`;
        },
        rerender: async (errors) => {
          const editor = await payments.feeEditor(actor, code, version);
          return reply.page('payment-fees-editor.njk', { editor, values, rows: rowCount(values), bases: FEE_BASES, charges: CHARGE_TIMES, errors });
        },
      });
    });
  },
};
