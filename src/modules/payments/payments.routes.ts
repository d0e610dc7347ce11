// The JSON side of payments: the platform's server-to-server callback (IPN), the applicant's payment state and
// starting a payment.
import type { AppContext } from '../../container.ts';
import { registerMessages } from '../../core/i18n.ts';
import type { App, AppModule } from '../../http/app.ts';
import { requireActor } from '../identity/identity.routes.ts';
import './payments.errors.ts';
import { paymentsMessages } from './payments.messages.ts';
import { CallbackAnswer, DossierParams, PaymentStateResponse, PlatformMessage, StartPaymentResponse } from './payments.schemas.ts';
import type { PaymentState } from './payments.service.ts';

registerMessages(paymentsMessages);

const tags = ['payments'];

export function presentState(s: PaymentState) {
  return {
    dossierId: s.dossierId,
    dossierCode: s.dossierCode,
    dueVnd: s.dueVnd,
    lines: s.lines,
    paid: s.paid,
    canPay: s.canPay,
    charge: s.charge,
    vietqr: s.vietqr ? { orderId: s.vietqr.orderId, payload: s.vietqr.payload, bankBin: s.vietqr.bankBin, account: s.vietqr.account, amountVnd: s.vietqr.amountVnd, memo: s.vietqr.memo } : null,
    orders: s.orders.map((o) => ({
      id: o.id,
      orderNo: o.orderNo,
      provider: o.provider,
      status: o.status,
      amountVnd: o.amountVnd,
      transactionId: o.transactionId,
      paidAt: o.paidAt ? o.paidAt.toISOString() : null,
      receipt: o.receipt,
    })),
  };
}

export const paymentsModule: AppModule = {
  name: 'payments',
  register(app: App, ctx: AppContext) {
    const payments = ctx.services.payments;

    app.post(
      '/api/payments/callback',
      {
        // Server to server: no session, no CSRF token; the message's HMAC signature is the authentication.
        config: { csrfExempt: true },
        schema: {
          operationId: 'receivePaymentCallback',
          'x-problem-codes': ['PAYMENT_SIGNATURE_INVALID', 'PAYMENT_MALFORMED', 'PAYMENT_UNKNOWN_ORDER', 'PAYMENT_AMOUNT_MISMATCH', 'PAYMENT_ORDER_CLOSED'],
          tags,
          summary: 'Receive a payment notification',
          description: 'Thông báo thanh toán của Cổng thanh toán (IPN, ký HMAC-SHA256); lặp lại: 200, không tác dụng thêm',
          body: PlatformMessage,
          response: { 200: CallbackAnswer },
        },
      },
      async (request) => {
        try {
          const result = await payments.callback(request.body);
          return { result: 'ok' as const, outcome: result.outcome };
        } catch (error) {
          request.log.warn({ err: error, orderId: request.body.orderId }, 'payment callback refused');
          throw error;
        }
      },
    );

    app.get(
      '/api/dossiers/:id/payment',
      { schema: { operationId: 'getDossierPayment', tags, security: [{ session: [] }], summary: "Get a dossier's fees and payments", description: 'Phí, lệ phí của hồ sơ: số phải nộp, các lần thanh toán, biên lai', params: DossierParams, response: { 200: PaymentStateResponse } } },
      async (request) => presentState(await payments.state(requireActor(request), request.params.id)),
    );

    app.post(
      '/api/dossiers/:id/payment',
      {
        schema: {
          operationId: 'startPayment',
          'x-problem-codes': ['PAYMENT_ALREADY_PAID', 'PAYMENT_NOT_DUE', 'PAYMENT_UNAVAILABLE'],
          tags,
          security: [{ session: [], csrf: [] }],
          summary: 'Start an online payment',
          description: 'Bắt đầu thanh toán trực tuyến: đơn mới → địa chỉ trang thanh toán của Cổng',
          params: DossierParams,
          response: { 201: StartPaymentResponse },
        },
      },
      async (request, reply) => reply.status(201).send(await payments.startPayment(requireActor(request), request.params.id)),
    );
  },
};
