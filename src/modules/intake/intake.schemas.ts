// TypeBox schemas of the counter intake API (validation, OpenAPI and types from one source).
import { Type, type Static } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const IntakeBody = Type.Object(
  {
    procedureCode: Type.String({ pattern: '^(?:[0-9]\\.[0-9]{6}|[A-Za-z0-9][A-Za-z0-9.]{1,39}:[A-Za-z0-9][A-Za-z0-9.-]{0,29})$', description: 'procedure code (mã TTHC), e.g. 1.001823; a procedure with only a local code: "<agency code>:<local code>"' }),
    channel: Type.Union([Type.Literal(1), Type.Literal(3)], { description: '1 in person at the counter, 3 public postal service' }),
    applicant: Type.Object(
      {
        kind: Type.Union([Type.Literal('citizen'), Type.Literal('organisation')]),
        personalId: Type.Optional(Type.String({ maxLength: 20, description: 'citizens: the 12-digit personal ID (found, or a citizen is created)' })),
        taxCode: Type.Optional(Type.String({ maxLength: 20, description: 'organisations: the tax code (the organisation must have an account)' })),
        fullName: Type.Optional(Type.String({ maxLength: 200, description: 'required when the citizen is not known yet' })),
        phone: Type.Optional(Type.String({ maxLength: 20 })),
        email: Type.Optional(Type.String({ maxLength: 254 })),
        address: Type.Optional(Type.String({ maxLength: 500 })),
      },
      { additionalProperties: false },
    ),
    officerForm: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: "answers to the e-form's officer-only fields (x-officer: receipt number, count of copies…), which the applicant's schema leaves out; validated with those fields' own schemas, none required" })),
    form: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: "the e-form data (prefilled from the applicant's record, then validated against the schema for this applicant: the version form's applicantSchemas[kind] of GET /api/procedures/{code}/versions/{version}/form, nothing else)" })),
    resultDelivery: Type.Union([Type.Literal('counter'), Type.Literal('post'), Type.Literal('online')], { description: 'how the applicant wants the result' }),
  },
  { additionalProperties: false },
);
export type IntakeBody = Static<typeof IntakeBody>;

export const IntakeResponse = Type.Object({
  id: Type.String(),
  code: Type.String(),
  status: Type.Literal(1),
  channel: Type.Union([Type.Literal(1), Type.Literal(3)], { description: '1 in person at the counter, 3 public postal service' }),
  lookupSecret: Type.String({ description: 'given once; printed on form 01' }),
  submittedAt: Type.String({ format: 'date-time' }),
  expectedDate: Nullable(Type.String({ format: 'date' })),
  applicant: Type.Object({ id: Type.String(), name: Type.String(), created: Type.Boolean() }),
  documents: Type.Array(
    Type.Object({ documentId: Type.String(), position: Type.Integer(), name: Type.String(), copies: Type.Integer(), originalKind: Type.String(), required: Type.Boolean() }),
  ),
});

export const ScanResponse = Type.Object({
  id: Type.String(),
  documentId: Type.String(),
  fileId: Type.String(),
  name: Type.String(),
  mediaType: Type.String(),
  sizeBytes: Type.Integer(),
  sha256: Type.String(),
  digitised: Type.Literal(true),
});

export const IntakeParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

export const FormParams = Type.Object({
  id: Type.String({ maxLength: 100 }),
  form: Type.Union([Type.Literal('01'), Type.Literal('02'), Type.Literal('03'), Type.Literal('04'), Type.Literal('05'), Type.Literal('06')], { description: 'form number (Circular 03/2025/TT-VPCP): 01 receipt, 02 supplement request, 03 refusal, 04 apology, 05 stop notice, 06 control sheet' }),
});

export const PdfResponse = {
  description: 'Biểu mẫu in (PDF, A4)',
  content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
};

export const TrackingBookQuery = Type.Object(
  {
    from: Type.String({ format: 'date', description: 'first day (yyyy-mm-dd, Vietnam time)' }),
    to: Type.String({ format: 'date', description: 'last day (yyyy-mm-dd, inclusive)' }),
    agencyId: Type.Optional(Type.String({ format: 'uuid', description: "the agency (default: the officer's own)" })),
  },
  { additionalProperties: false },
);
export type TrackingBookQuery = Static<typeof TrackingBookQuery>;

export const XlsxResponse = {
  description: 'Sổ theo dõi hồ sơ (Excel)',
  content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } } },
};
