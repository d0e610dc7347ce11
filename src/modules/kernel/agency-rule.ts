// The agency rule of a workflow step as data (issue 15, migration 0042): liên thông decided by the dossier. Its
// TypeBox schema is shared by the back office's workflow API (handling.schemas.ts) and the catalog interchange
// format (catalog.exchange.ts); the rule's meaning and resolution are handling.routing.ts'. Imports no module.
import { Type } from 'typebox';

export const AgencyRuleSchema = Type.Union(
  [
    Type.Object({ kind: Type.Literal('fixed') }, { additionalProperties: false }),
    Type.Object(
      { kind: Type.Literal('eform_address'), field: Type.String({ minLength: 1, maxLength: 100, description: "an address field of the version's e-form: the agency serving its commune (agencies' administrative unit)" }) },
      { additionalProperties: false },
    ),
    Type.Object(
      {
        kind: Type.Literal('eform_option'),
        field: Type.String({ minLength: 1, maxLength: 100, description: "a choice field of the version's e-form" }),
        options: Type.Array(
          Type.Object({ value: Type.String({ maxLength: 200, description: "one of the field's option values" }), agencyCode: Type.String({ maxLength: 40, description: 'the agency for that value' }) }, { additionalProperties: false }),
          { maxItems: 200 },
        ),
      },
      { additionalProperties: false },
    ),
  ],
  { description: "liên thông decided by the dossier: the agency of the step from the e-form data (absent or 'fixed': agencyCode as designed); no agency found → the dossier waits at the step in its own agency until an officer picks one" },
);
