// TypeBox schemas of the data-sharing platform's answers (what the adapter accepts; anything else is "malformed")
// and of the token answer. Types through Static<>.
import { Type, type Static } from 'typebox';

/** Visible text: no control characters (what the platform sends ends up in the e-form and on pages). */
const VISIBLE = '^[^\\u0000-\\u001f\\u007f-\\u009f]*$';
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max, pattern: VISIBLE });
const Part = (max: number) => Type.String({ maxLength: max, pattern: VISIBLE });

export const SharedAddressSchema = Type.Object({
  province: Part(100),
  commune: Part(100),
  street: Part(300),
});

export const PersonSchema = Type.Object({
  personalId: Type.String({ pattern: '^[0-9]{12}$' }),
  fullName: Text(200),
  dateOfBirth: Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' }),
  permanentAddress: SharedAddressSchema,
});

export const BusinessSchema = Type.Object({
  taxCode: Type.String({ pattern: '^[0-9]{10}(-[0-9]{3})?$' }),
  name: Text(300),
  address: SharedAddressSchema,
  legalRepresentative: Text(200),
});

/** The population database's answer: a person, or "not found". Extra properties are allowed (and not kept). */
export const PopulationAnswer = Type.Union([Type.Object({ status: Type.Literal('found'), person: PersonSchema }), Type.Object({ status: Type.Literal('not_found') })]);

/** The business registry's answer: a business, or "not found". */
export const BusinessAnswer = Type.Union([Type.Object({ status: Type.Literal('found'), business: BusinessSchema }), Type.Object({ status: Type.Literal('not_found') })]);

/** OAuth 2.0 token answer (RFC 6749 §5.1). */
export const TokenAnswer = Type.Object({
  access_token: Type.String({ minLength: 1, maxLength: 4096, pattern: '^[\\x21-\\x7e]+$' }),
  token_type: Type.String({ pattern: '^[Bb][Ee][Aa][Rr][Ee][Rr]$' }),
  expires_in: Type.Optional(Type.Integer({ minimum: 1, maximum: 86_400 * 30 })),
});

export type PersonAnswerRecord = Static<typeof PersonSchema>;
export type BusinessAnswerRecord = Static<typeof BusinessSchema>;
