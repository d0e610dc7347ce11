// JSON shapes of liên thông targets resolved at run time (handling.routing.service.ts): why a dossier waits for its
// inter-agency target (in the officer's dossier view) and the officer's pick of the agency by hand.
import { Type, type Static } from 'typebox';

export const UNRESOLVED_REASONS = ['field_empty', 'commune_missing', 'commune_unknown', 'commune_no_agency', 'option_unmapped', 'agency_unknown'] as const;

export const PendingRoutingView = Type.Union(
  [
    Type.Object({
      reason: Type.Enum([...UNRESOLVED_REASONS], {
        description:
          'why the rule of the open step found no agency: field_empty (the e-form field is empty), commune_missing (the address has no commune), commune_unknown (not in the official list), commune_no_agency (no active agency serves the commune), option_unmapped (the option chosen is mapped to no agency), agency_unknown (the mapped agency does not exist or is inactive)',
      }),
      message: Type.String({ description: "the reason in the request's language" }),
      field: Type.String({ description: 'the e-form field the rule reads' }),
      value: Type.Union([Type.String(), Type.Null()], { description: 'what the dossier holds there (commune name, option value, agency code), when it matters' }),
      step: Type.Object({ position: Type.Integer(), name: Type.String() }),
      agencies: Type.Array(Type.Object({ code: Type.String(), name: Type.String() }), {
        description: 'the agencies the reader may pick (POST /api/officer/dossiers/{id}/routing-agency); empty when the reader cannot act on the dossier',
      }),
    }),
    Type.Null(),
  ],
  { description: 'the dossier waits at a liên thông step in its own agency because the step\'s rule found no agency (null: it does not)' },
);
export type PendingRoutingView = Static<typeof PendingRoutingView>;

export const RoutingAgencyBody = Type.Object(
  {
    agencyCode: Type.String({ maxLength: 100, description: "e-ID of the active agency the open step goes to (not the dossier's own agency)" }),
    version: Type.Optional(Type.Integer({ minimum: 0, description: 'the dossier version the officer saw; another current version → 409 DOSSIER_CHANGED' })),
  },
  { additionalProperties: false },
);
export type RoutingAgencyBody = Static<typeof RoutingAgencyBody>;

export const RoutingAgencyResponse = Type.Object({
  id: Type.String(),
  version: Type.Integer({ description: 'the new version of the dossier' }),
  step: Type.String({ description: 'the name of the step moved' }),
  agency: Type.Object({ code: Type.String(), name: Type.String() }),
});
