// JSON shapes of scan to open and the pickup counter (floor.scan.ts).
import { Type, type Static } from 'typebox';

export const ScanQuery = Type.Object(
  { code: Type.String({ maxLength: 300, description: 'what the scanner read: the dossier code (QR code or Code 128 of the receipt and the printed forms), a portal link naming it, or the code typed' }) },
  { additionalProperties: false },
);

export const ScanDossierParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const ScannedDossierResponse = Type.Object(
  {
    id: Type.String(),
    code: Type.String(),
    status: Type.Integer({ description: 'national status 1–10; 9 = result ready for pickup, 10 = returned' }),
    statusLabel: Type.String(),
    version: Type.Integer(),
    procedure: Type.Object({ code: Type.String(), name: Type.String() }),
    agency: Type.Object({ code: Type.String(), name: Type.String() }),
    applicantName: Type.Union([Type.String(), Type.Null()]),
    appointmentAt: Type.Union([Type.String(), Type.Null()]),
    finishedAt: Type.Union([Type.String(), Type.Null()]),
    returnedAt: Type.Union([Type.String(), Type.Null()]),
    pickupReady: Type.Boolean({ description: 'the result waits at the counter (status 9) and the reader may hand it over' }),
    url: Type.String({ description: "the officer's page of the dossier" }),
  },
  { title: 'ScannedDossier' },
);
export type ScannedDossierResponse = Static<typeof ScannedDossierResponse>;

export const PickupBody = Type.Object(
  {
    idNumber: Type.String({ maxLength: 40, description: "the number of the identity document the recipient showed; compared with the applicant's when the dossier holds one" }),
    identityChecked: Type.Optional(Type.Boolean({ description: 'the officer checked the document (required when the dossier holds no ID number to compare with)' })),
    version: Type.Optional(Type.Integer({ minimum: 0, description: 'the dossier version the officer saw; another current version → 409 DOSSIER_CHANGED' })),
  },
  { additionalProperties: false },
);
export type PickupBody = Static<typeof PickupBody>;
