import { Type, type Static } from 'typebox';

export const DossierParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
export const ReceiptParams = Type.Object({ id: Type.String({ maxLength: 64 }), orderId: Type.String({ maxLength: 64 }) });
export const OrderParams = Type.Object({ orderId: Type.String({ maxLength: 64 }) });
export const DiscrepancyParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
export const FeeVersionParams = Type.Object({ code: Type.String({ maxLength: 20 }), version: Type.Integer({ minimum: 1, maximum: 100000 }) });

/** A platform message (callback or browser return): flat string fields, signed. */
export const PlatformMessage = Type.Record(Type.String({ maxLength: 64 }), Type.String({ maxLength: 2000 }), { maxProperties: 40, description: 'the platform’s signed fields (payments.platform.ts)' });
export type PlatformMessage = Static<typeof PlatformMessage>;

export const CallbackAnswer = Type.Object({ result: Type.Literal('ok'), outcome: Type.String() });

const Line = Type.Object({ label: Type.String(), kind: Type.Union([Type.Literal('phi'), Type.Literal('le_phi')]), amountVnd: Type.Integer() });

export const PaymentStateResponse = Type.Object({
  dossierId: Type.String({ format: 'uuid' }),
  dossierCode: Type.Union([Type.String(), Type.Null()]),
  dueVnd: Type.Integer(),
  lines: Type.Array(Line),
  paid: Type.Boolean(),
  canPay: Type.Boolean(),
  charge: Type.Union([Type.Literal('before_submission'), Type.Literal('on_request'), Type.Null()]),
  vietqr: Type.Union([
    Type.Object({ orderId: Type.String({ format: 'uuid' }), payload: Type.String({ description: 'EMVCo/VietQR payload to draw as a QR code' }), bankBin: Type.String(), account: Type.String(), amountVnd: Type.Integer(), memo: Type.String() }),
    Type.Null(),
  ]),
  orders: Type.Array(
    Type.Object({
      id: Type.String({ format: 'uuid' }),
      orderNo: Type.String(),
      provider: Type.String(),
      status: Type.String(),
      amountVnd: Type.Integer(),
      transactionId: Type.Union([Type.String(), Type.Null()]),
      paidAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
      receipt: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});

export const StartPaymentResponse = Type.Object({ orderId: Type.String({ format: 'uuid' }), payUrl: Type.String() });
export const SavedQuery = Type.Object({ luu: Type.Optional(Type.String({ maxLength: 1 })) });

/** The accountant's page after an action: which notice to show (`?thongbao=xac-nhan`). */
export const AccountantNoticeQuery = Type.Object({ thongbao: Type.Optional(Type.String({ maxLength: 20 })) });
