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
  locale: Type.Optional(Type.Union([Type.Literal('vi'), Type.Literal('en')], { description: 'Ngôn ngữ của thư điện tử, SMS và thông báo gửi tài khoản' })),
});

/** The account page's language form (checked by the service, so a missing or unknown value is a form error). */
export const AccountLocaleForm = Type.Object({ locale: Type.Optional(Type.String({ maxLength: 10 })), _csrf: Type.Optional(Type.String({ maxLength: 200 })) });

export const LoginResponse = Type.Object({ csrfToken: Type.String(), user: UserView });

// Query strings of the pages: read as text (an unknown or odd value is ignored by the page, never refused).
export const LoginPageQuery = Type.Object({ next: Type.Optional(Type.String()) });
export const TokenQuery = Type.Object({ token: Type.Optional(Type.String()) });
export const ForgotPasswordQuery = Type.Object({ sent: Type.Optional(Type.String()) });
export const AccountQuery = Type.Object({ changed: Type.Optional(Type.String()), locale: Type.Optional(Type.String()) });
export const MembersQuery = Type.Object({ added: Type.Optional(Type.String()) });

// Registration and passwords. Fields are plain strings here: the service checks their format and reports
// every problem at once with stable codes (PERSONAL_ID_INVALID, PASSWORD_TOO_SHORT, ...).
const text = (maxLength: number, description?: string) => Type.String({ maxLength, ...(description ? { description } : {}) });

export const CitizenRegistrationBody = Type.Object(
  {
    fullName: text(200),
    personalId: text(20, 'Số định danh cá nhân, 12 chữ số'),
    dateOfBirth: text(20, 'dd/mm/yyyy hoặc yyyy-mm-dd'),
    phone: text(20),
    email: text(200, 'Cũng là tên đăng nhập'),
    address: text(500),
    password: text(1000),
    passwordConfirm: text(1000),
  },
  { additionalProperties: false },
);
export type CitizenRegistrationBody = Static<typeof CitizenRegistrationBody>;

export const OrganisationRegistrationBody = Type.Object(
  {
    taxCode: text(20, 'Mã số doanh nghiệp/mã số thuế: 10 chữ số, hoặc 10 chữ số-3 chữ số'),
    organisationName: text(500),
    legalRepresentative: text(200),
    address: text(500),
    fullName: text(200),
    email: text(200, 'Cũng là tên đăng nhập'),
    phone: text(20),
    password: text(1000),
    passwordConfirm: text(1000),
  },
  { additionalProperties: false },
);
export type OrganisationRegistrationBody = Static<typeof OrganisationRegistrationBody>;

export const RegistrationResponse = Type.Object({
  id: Type.String(),
  username: Type.String(),
  status: Type.Literal('pending'),
});
export type RegistrationResponse = Static<typeof RegistrationResponse>;

/** The public answer to a registration: the same whether or not the address or ID number was known (no id). */
export const RegistrationAccepted = Type.Object({
  username: Type.String(),
  status: Type.Literal('pending'),
});

export const TokenBody = Type.Object({ token: text(200) }, { additionalProperties: false });
export const VerifyEmailResponse = Type.Object({ id: Type.String(), username: Type.String(), status: Type.String() });

export const ForgotPasswordBody = Type.Object({ email: text(200) }, { additionalProperties: false });
export const ResetPasswordBody = Type.Object(
  { token: text(200), password: text(1000), passwordConfirm: text(1000) },
  { additionalProperties: false },
);
export type ResetPasswordBody = Static<typeof ResetPasswordBody>;
export const ChangePasswordBody = Type.Object(
  { currentPassword: text(1000), password: text(1000), passwordConfirm: text(1000) },
  { additionalProperties: false },
);
export type ChangePasswordBody = Static<typeof ChangePasswordBody>;

export const NewMemberBody = Type.Object({ fullName: text(200), email: text(200) }, { additionalProperties: false });
export type NewMemberBody = Static<typeof NewMemberBody>;
export const MembersResponse = Type.Object({
  organisation: Type.Object({ id: Type.String(), taxCode: Type.String(), name: Type.String() }),
  members: Type.Array(
    Type.Object({
      id: Type.String(),
      username: Type.String(),
      fullName: Type.String(),
      email: Type.Union([Type.String(), Type.Null()]),
      status: Type.String(),
    }),
  ),
});
