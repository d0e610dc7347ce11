// Schemas of the National Public Service Portal's dossier exchange: the delivery the portal posts to us
// (DongBoHoSoMC, one dossier per call) and its answer (error_code 0 / 1 duplicate / -1 error).
import { Type } from 'typebox';

const Text = (maxLength: number, extra: Record<string, unknown> = {}) => Type.String({ maxLength, ...extra });

export const PortalFile = Type.Object(
  {
    TepDinhKemId: Type.Optional(Text(64)),
    TenTepDinhKem: Type.String({ minLength: 1, maxLength: 255 }),
    MaThanhPhanHoSo: Type.Optional(Text(64)),
    DuongDanTaiTepTin: Type.String({ minLength: 1, maxLength: 2000, description: 'the URL to fetch the file from (on the portal)' }),
    MaBamSHA256: Type.String({ pattern: '^[0-9a-fA-F]{64}$', description: 'SHA-256 of the content, hex' }),
    IsDeleted: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: true },
);

export const PortalDossier = Type.Object(
  {
    MaHoSo: Type.String({ minLength: 1, maxLength: 64, description: 'the national dossier code' }),
    MaTTHC: Type.String({ minLength: 1, maxLength: 40, description: 'the national procedure code' }),
    TenTTHC: Type.Optional(Text(1000)),
    KenhThucHien: Type.Optional(Type.Integer({ minimum: 1, maximum: 9 })),
    ChuHoSo: Type.String({ minLength: 1, maxLength: 200 }),
    LoaiDoiTuong: Type.Optional(Type.Integer({ minimum: 1, maximum: 9 })),
    MaDoiTuong: Type.String({ maxLength: 20, description: 'personal ID (12 digits)' }),
    SoDienThoai: Type.Optional(Text(20)),
    Email: Type.Optional(Text(254)),
    DiaChi: Type.Optional(Text(500)),
    TrichYeuHoSo: Type.Optional(Text(5000)),
    NgayNopHoSo: Type.Optional(Text(14)),
    DuLieuBieuMau: Type.Optional(
      Type.Record(Type.String({ maxLength: 64 }), Type.Union([Type.String({ maxLength: 5000 }), Type.Number(), Type.Boolean(), Type.Null()]), { maxProperties: 100 }),
    ),
    TaiLieuNop: Type.Optional(Type.Array(PortalFile, { maxItems: 20 })),
  },
  { additionalProperties: true },
);

export const InboundBody = Type.Object(
  {
    service: Type.Optional(Text(64)),
    isUpdating: Type.Optional(Type.Boolean()),
    madonvi: Type.Optional(Text(64)),
    data: Type.Array(PortalDossier, { minItems: 1, maxItems: 1 }),
  },
  { additionalProperties: true },
);

export const InboundAnswer = Type.Object({
  error_code: Type.String({ description: '"0" received, "1" already received (duplicate), "-1" refused' }),
  message: Type.String(),
  data: Type.Object({ MaHoSo: Type.String(), MaHoSoCoQuan: Type.Union([Type.String(), Type.Null()]), dossierId: Type.String() }),
});

export const MessageParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
