import { Type } from 'typebox';

export const DossierParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
export const ProvinceParams = Type.Object({ code: Type.String({ maxLength: 8 }) });
export const ShipmentParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

export const ProvinceList = Type.Object({
  items: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), kind: Type.String(), hasCommunes: Type.Boolean() })),
});

export const CommuneList = Type.Object({
  items: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), kind: Type.String() })),
});

export const DeliveryBody = Type.Object(
  {
    recipientName: Type.String({ maxLength: 1000, description: 'người nhận (tối đa 100 ký tự)' }),
    phone: Type.String({ maxLength: 40 }),
    street: Type.String({ maxLength: 2000, description: 'số nhà, đường, thôn/ấp (tối đa 200 ký tự)' }),
    provinceCode: Type.String({ maxLength: 8, description: 'mã tỉnh/thành phố (danh mục sau 01/7/2025)' }),
    communeCode: Type.String({ maxLength: 16, description: 'mã xã/phường/đặc khu' }),
  },
  { additionalProperties: false },
);

export const PickupBody = Type.Object(
  {
    recipientName: Type.String({ maxLength: 1000, description: 'người gửi: họ và tên (tối đa 100 ký tự)' }),
    phone: Type.String({ maxLength: 40 }),
    street: Type.String({ maxLength: 2000, description: 'địa chỉ bưu chính đến nhận hồ sơ giấy: số nhà, đường, thôn/ấp (tối đa 200 ký tự)' }),
    provinceCode: Type.String({ maxLength: 8, description: 'mã tỉnh/thành phố (danh mục sau 01/7/2025)' }),
    communeCode: Type.String({ maxLength: 16, description: 'mã xã/phường/đặc khu' }),
    weightGrams: Type.Optional(Type.Integer({ minimum: 1, maximum: 30000, description: 'khối lượng ước tính (gam), mặc định 500' })),
  },
  { additionalProperties: false },
);

export const SendResultBody = Type.Object(
  {
    weightGrams: Type.Optional(Type.Integer({ minimum: 1, maximum: 30000 })),
    note: Type.Optional(Type.String({ maxLength: 500 })),
    expectedVersion: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);

const Delivery = Type.Object({
  recipientName: Type.String(),
  phone: Type.String(),
  street: Type.String(),
  provinceCode: Type.String(),
  communeCode: Type.String(),
  province: Type.String(),
  commune: Type.String(),
});

export const Shipment = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: Type.String(),
  trackingNumber: Type.String(),
  postageVnd: Type.Integer(),
  weightGrams: Type.Integer(),
  status: Type.String(),
  failureReason: Type.Union([Type.String(), Type.Null()]),
  recipient: Type.Object({ name: Type.String(), phone: Type.String(), street: Type.String(), commune: Type.String(), province: Type.String() }),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  counterReturnedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  events: Type.Array(Type.Object({ status: Type.String(), reason: Type.Union([Type.String(), Type.Null()]), occurredAt: Type.String({ format: 'date-time' }), applied: Type.Boolean() })),
});

export const DeliveryAnswer = Delivery;

export const PostalState = Type.Object({
  dossierId: Type.String({ format: 'uuid' }),
  open: Type.Boolean(),
  delivery: Type.Union([Delivery, Type.Null()]),
  shipments: Type.Array(Shipment),
  /** The paper dossier picked up by the post: whether the applicant may ask now, or why not. */
  pickup: Type.Object({
    canRequest: Type.Boolean(),
    blocked: Type.Union([Type.Literal('closed'), Type.Literal('notOnline'), Type.Literal('pending'), Type.Literal('arrived'), Type.Null()]),
  }),
});

export const WebhookAnswer = Type.Object({
  trackingNumber: Type.String(),
  status: Type.String(),
  applied: Type.Boolean(),
  ignored: Type.Optional(Type.String()),
});
