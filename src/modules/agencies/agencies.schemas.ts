import { Type, type Static } from 'typebox';
import { AGENCY_LEVELS } from './agencies.rules.ts';

const levelDescription = `One of: ${AGENCY_LEVELS.join(', ')}`;
const adminUnitDescription =
  'The commune (xã, phường, đặc khu) the agency serves: five-digit code of the General Statistics Office, official list of 1 July 2025 (liên thông by the dossier\'s address). At most one active agency per commune.';
const adminUnitField = Type.Optional(
  Type.Union([Type.String({ maxLength: 20 }), Type.Null()], { description: `${adminUnitDescription} Absent: unchanged; null or "": none. Unknown code: 422 AGENCY_ADMIN_UNIT_UNKNOWN; served by another active agency: 409 AGENCY_ADMIN_UNIT_TAKEN.` }),
);
const codeDescription = 'Agency e-ID (mã định danh điện tử): upper-case letters, digits and dots, 2–40 characters, e.g. 000.00.00.G14';

export const AgencyView = Type.Object({
  code: Type.String({ description: codeDescription }),
  name: Type.String(),
  shortName: Type.Union([Type.String(), Type.Null()]),
  level: Type.Enum([...AGENCY_LEVELS]),
  parentCode: Type.Union([Type.String(), Type.Null()]),
  active: Type.Boolean(),
  successorCode: Type.Union([Type.String(), Type.Null()], { description: 'The agency this one was merged into' }),
  validTo: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
  adminUnitCode: Type.Union([Type.String({ pattern: '^[0-9]{5}$' }), Type.Null()], { description: adminUnitDescription }),
});
export type AgencyView = Static<typeof AgencyView>;

export const AgencyList = Type.Array(AgencyView, { description: 'Every agency, parents before their children, siblings by code' });

// Values are checked by the service (agencies.rules.ts), so that every problem is reported at once
// with the same codes as the HTML forms.
export const CreateAgencyBody = Type.Object(
  {
    code: Type.String({ maxLength: 100, description: codeDescription }),
    name: Type.String({ maxLength: 1000 }),
    shortName: Type.Optional(Type.Union([Type.String({ maxLength: 300 }), Type.Null()])),
    level: Type.String({ maxLength: 50, description: levelDescription }),
    parentCode: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()], { description: 'e-ID of the parent; absent or null: top level' })),
    adminUnitCode: adminUnitField,
  },
  { additionalProperties: false },
);
export type CreateAgencyBody = Static<typeof CreateAgencyBody>;

export const UpdateAgencyBody = Type.Object(
  {
    code: Type.Optional(Type.String({ maxLength: 100, description: `New e-ID. ${codeDescription}` })),
    name: Type.Optional(Type.String({ maxLength: 1000 })),
    shortName: Type.Optional(Type.Union([Type.String({ maxLength: 300 }), Type.Null()])),
    level: Type.Optional(Type.String({ maxLength: 50, description: levelDescription })),
    parentCode: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()], { description: 'New parent; null: top level' })),
    adminUnitCode: adminUnitField,
  },
  { additionalProperties: false },
);
export type UpdateAgencyBody = Static<typeof UpdateAgencyBody>;

export const MergeBody = Type.Object(
  {
    successorCode: Type.String({ maxLength: 100 }),
    validTo: Type.Optional(Type.Union([Type.String({ maxLength: 20, description: 'Last day of operation, yyyy-mm-dd (default: today)' }), Type.Null()])),
  },
  { additionalProperties: false },
);
export type MergeBody = Static<typeof MergeBody>;

export const MergeResponse = Type.Object({ agency: AgencyView, moved: Type.Array(Type.String(), { description: 'e-IDs of the agencies moved under the successor' }) });

export const CodeParams = Type.Object({ code: Type.String({ maxLength: 100 }) });

// Query strings of the pages: read as text (an odd value is ignored by the page, never refused).
export const NewAgencyQuery = Type.Object({ parent: Type.Optional(Type.String()) });
export const AgencyNoticeQuery = Type.Object({ ok: Type.Optional(Type.String()) });

export const DepartmentView = Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() });
export const DepartmentBody = Type.Object(
  { code: Type.String({ maxLength: 100 }), name: Type.String({ maxLength: 1000 }) },
  { additionalProperties: false },
);
export type DepartmentBody = Static<typeof DepartmentBody>;
