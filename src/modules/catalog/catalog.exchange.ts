// The catalog interchange format: what `opendvc catalog import/export` and the catalog pages read and write
// as JSON, and what the demo catalog is written in. One TypeBox schema validates it and documents it.
import { Type, type Static } from 'typebox';

export const ProcedureCode = Type.String({ pattern: '^[0-9]\\.[0-9]{6}$', description: 'Mã TTHC, e.g. 1.001234' });
export const DateString = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'yyyy-mm-dd' });

export const FieldExchange = Type.Object(
  {
    code: Type.String({ pattern: '^[a-z0-9-]{2,60}$', description: 'e.g. ban-quyen-tac-gia' }),
    name: Type.String({ minLength: 1, maxLength: 300 }),
    nameEn: Type.Optional(Type.String({ maxLength: 300 })),
  },
  { additionalProperties: false },
);

export const DocumentExchange = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 1000 }),
    copies: Type.Integer({ minimum: 0, maximum: 100, default: 1 }),
    originalKind: Type.Union([Type.Literal('original'), Type.Literal('certified_copy'), Type.Literal('original_or_certified'), Type.Literal('copy')]),
    /** File name of the form template (tờ khai mẫu), when there is one. */
    templateName: Type.Optional(Type.String({ maxLength: 255 })),
    /** Obtained by data sharing: the agency looks it up in this source (population database, business registry); the applicant is not asked for it. */
    sharedSource: Type.Optional(Type.Union([Type.Literal('population'), Type.Literal('business')])),
  },
  { additionalProperties: false },
);

/** An e-form: JSON Schema (the subset of catalog.eform.ts) and presentation hints keyed by field id. */
export const FormExchange = Type.Object(
  {
    schema: Type.Record(Type.String(), Type.Unknown(), { description: 'JSON Schema (draft-07 subset) of the e-form' }),
    ui: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'presentation hints by field id: label, hint, widget, order, prefill' })),
  },
  { additionalProperties: false },
);

export const ProcedureExchange = Type.Object(
  {
    code: ProcedureCode,
    name: Type.String({ minLength: 3, maxLength: 500 }),
    agencyCode: Type.String({ minLength: 2, maxLength: 40, description: 'agency e-ID code (mã định danh)' }),
    fieldCode: Type.String({ pattern: '^[a-z0-9-]{2,60}$' }),
    authorityLevel: Type.Union([Type.Literal('central'), Type.Literal('province'), Type.Literal('district'), Type.Literal('commune')]),
    audience: Type.Array(Type.Union([Type.Literal('citizen'), Type.Literal('organisation')]), { minItems: 1, maxItems: 2, uniqueItems: true }),
    onlineLevel: Type.Integer({ minimum: 1, maximum: 4, description: 'legacy level (Decree 43/2011)' }),
    onlineClass: Type.Union([Type.Literal('full'), Type.Literal('partial'), Type.Literal('none')], { description: 'Decree 42/2022' }),
    fullOnlineEligible: Type.Boolean(),
    steps: Type.Array(Type.String({ minLength: 1, maxLength: 4000 }), { maxItems: 50 }),
    documents: Type.Array(DocumentExchange, { maxItems: 100 }),
    timeLimit: Type.Object(
      {
        value: Type.Number({ minimum: 0, maximum: 3650 }),
        unit: Type.Union([Type.Literal('working_days'), Type.Literal('half_days'), Type.Literal('hours')]),
        sameDay: Type.Optional(Type.Boolean()),
        note: Type.Optional(Type.String({ maxLength: 2000 })),
      },
      { additionalProperties: false },
    ),
    fees: Type.Array(Type.Object({ description: Type.String({ minLength: 1, maxLength: 1000 }), amountVnd: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'kept in JSONB: beyond int4' }) }, { additionalProperties: false }), { maxItems: 50 }),
    legalBasis: Type.Array(Type.String({ minLength: 1, maxLength: 1000 }), { maxItems: 50 }),
    resultType: Type.String({ minLength: 1, maxLength: 1000 }),
    submissionPlaces: Type.String({ minLength: 1, maxLength: 2000 }),
    effectiveFrom: Type.Optional(DateString),
    /** The e-form (catalog.eform.ts); absent: unchanged (or the generated form for a new procedure); null: the generated form. */
    form: Type.Optional(Type.Union([Type.Null(), FormExchange])),
  },
  { additionalProperties: false },
);

export const CatalogExchange = Type.Object(
  {
    format: Type.Literal('opendvc-catalog'),
    version: Type.Literal(1),
    fields: Type.Array(FieldExchange),
    procedures: Type.Array(ProcedureExchange),
  },
  { additionalProperties: false },
);

export type FieldExchange = Static<typeof FieldExchange>;
export type DocumentExchange = Static<typeof DocumentExchange>;
export type FormExchange = Static<typeof FormExchange>;
export type ProcedureExchange = Static<typeof ProcedureExchange>;
export type CatalogExchange = Static<typeof CatalogExchange>;
