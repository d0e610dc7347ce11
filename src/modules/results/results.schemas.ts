import { Type, type Static } from 'typebox';

export const DossierParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
/** A verification code as typed (normalised by the service: case, hyphens, O/I/L). */
export const CodeParams = Type.Object({ code: Type.String({ maxLength: 40 }) });

export const RevokeBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 1000 }) }, { additionalProperties: false });
export type RevokeInput = Static<typeof RevokeBody>;

const DateTime = Type.String({ format: 'date-time' });
const NullableDateTime = Type.Union([DateTime, Type.Null()]);
const Source = Type.Union([Type.Literal('generated'), Type.Literal('uploaded')]);

export const Result = Type.Object({
  code: Type.String({ description: 'verification code (12 characters, Crockford base32)' }),
  displayCode: Type.String({ description: 'the code as printed: ABCD-EFGH-JKMN' }),
  dossierId: Type.String({ format: 'uuid' }),
  sha256: Type.String(),
  signerSubject: Type.String(),
  signedAt: NullableDateTime,
  source: Source,
  createdAt: DateTime,
  revokedAt: NullableDateTime,
  revokeReason: Type.Union([Type.String(), Type.Null()]),
  verifyUrl: Type.String(),
  downloadUrl: Type.String(),
});

export const ResultList = Type.Object({ items: Type.Array(Result) });

export const Verification = Type.Object({
  state: Type.Union([Type.Literal('genuine'), Type.Literal('altered'), Type.Literal('revoked'), Type.Literal('unknown')]),
  code: Type.String(),
  displayCode: Type.String(),
  result: Type.Union([
    Type.Object({
      dossierCode: Type.Union([Type.String(), Type.Null()]),
      procedureName: Type.String(),
      agencyName: Type.String(),
      signerSubject: Type.String(),
      signedAt: NullableDateTime,
      issuedAt: DateTime,
      sha256: Type.String(),
      source: Source,
      revokedAt: NullableDateTime,
      revokeReason: Type.Union([Type.String(), Type.Null()]),
    }),
    Type.Null(),
  ]),
  file: Type.Union([Type.Object({ sha256: Type.String(), verdict: Type.String() }), Type.Null()]),
});
