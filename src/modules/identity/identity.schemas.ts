import { Type, type Static } from 'typebox';

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 200 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

export const UserView = Type.Object({
  id: Type.String(),
  username: Type.String(),
  fullName: Type.String(),
  kind: Type.Union([Type.Literal('citizen'), Type.Literal('organisation'), Type.Literal('staff')]),
  agencyId: Type.Union([Type.String(), Type.Null()]),
  roles: Type.Array(Type.Object({ role: Type.String(), agencyId: Type.String() })),
});

export const LoginResponse = Type.Object({ csrfToken: Type.String(), user: UserView });
