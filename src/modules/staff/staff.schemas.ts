import { Type, type Static } from 'typebox';
import { ROLES } from '../../core/actor.ts';

const RoleEnum = Type.Enum([...ROLES]);

export const GrantBody = Type.Object(
  {
    role: Type.String({ maxLength: 50, description: `One of: ${ROLES.join(', ')}` }),
    agencyCode: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()], { description: 'Root of the subtree the role covers (default: the account\'s agency)' })),
  },
  { additionalProperties: false },
);
export type GrantBody = Static<typeof GrantBody>;

export const StaffView = Type.Object({
  id: Type.String(),
  username: Type.String(),
  fullName: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  status: Type.Enum(['pending', 'active', 'disabled']),
  agencyCode: Type.Union([Type.String(), Type.Null()]),
  agencyName: Type.Union([Type.String(), Type.Null()]),
  departmentCode: Type.Union([Type.String(), Type.Null()]),
  departmentName: Type.Union([Type.String(), Type.Null()]),
  roles: Type.Array(
    Type.Object({
      role: RoleEnum,
      agencyCode: Type.String(),
      agencyName: Type.String(),
      inScope: Type.Boolean({ description: 'Whether the requesting administrator may change this grant' }),
    }),
  ),
});

export type StaffView = Static<typeof StaffView>;

export const StaffPage = Type.Object({
  items: Type.Array(StaffView),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  pageCount: Type.Integer(),
});

export const StaffQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Part of the username, name or e-mail' })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
});

export const CreateStaffBody = Type.Object(
  {
    username: Type.String({ maxLength: 200 }),
    fullName: Type.String({ maxLength: 300 }),
    email: Type.Optional(Type.Union([Type.String({ maxLength: 300 }), Type.Null()])),
    password: Type.String({ maxLength: 200, description: 'Initial password (at least 8 characters, 3 of 4 character kinds)' }),
    agencyCode: Type.String({ maxLength: 100 }),
    departmentCode: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
    roles: Type.Optional(Type.Array(GrantBody, { maxItems: 50 })),
  },
  { additionalProperties: false },
);
export type CreateStaffBody = Static<typeof CreateStaffBody>;
/** What `StaffService.create` takes: the JSON body, or the page's form, whose department select gives the id. */
export type CreateStaffInput = CreateStaffBody & { departmentId?: string | null };

export const UpdateStaffBody = Type.Object(
  {
    roles: Type.Optional(Type.Array(GrantBody, { maxItems: 50, description: 'The grants on agencies you administer, replacing those; grants elsewhere are kept' })),
    status: Type.Optional(Type.String({ maxLength: 20, description: 'active or disabled' })),
  },
  { additionalProperties: false },
);
export type UpdateStaffBody = Static<typeof UpdateStaffBody>;

export const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

// Query strings of the pages: read as text (an odd value is ignored by the page, never refused).
export const StaffListPageQuery = Type.Object({ q: Type.Optional(Type.String()), page: Type.Optional(Type.String()) });
export const StaffNoticeQuery = Type.Object({ ok: Type.Optional(Type.String()) });
