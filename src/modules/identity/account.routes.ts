// Registration, e-mail verification, password reset and change, the account page and organisation members
// (pages and JSON). Part of the identity module: registered by identity.routes.ts.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { DomainError } from '../../core/errors.ts';
import type { AppContext } from '../../container.ts';
import type { App } from '../../http/app.ts';
import { FormBody, formPage, formText } from '../../http/form-page.ts';
import {
  AccountLocaleForm,
  AccountQuery,
  ForgotPasswordQuery,
  MembersQuery,
  TokenQuery,
  ChangePasswordBody,
  CitizenRegistrationBody,
  ForgotPasswordBody,
  MembersResponse,
  NewMemberBody,
  OrganisationRegistrationBody,
  RegistrationAccepted,
  RegistrationResponse,
  ResetPasswordBody,
  TokenBody,
  VerifyEmailResponse,
} from './identity.schemas.ts';
import { RESET_TTL_HOURS, VERIFY_TTL_HOURS } from './identity.service.ts';
import { rememberMailboxAccount } from '../mail/mail.routes.ts';

const CITIZEN_FIELDS = ['fullName', 'personalId', 'dateOfBirth', 'phone', 'email', 'address', 'password', 'passwordConfirm'] as const;
const ORGANISATION_FIELDS = ['taxCode', 'organisationName', 'legalRepresentative', 'address', 'fullName', 'email', 'phone', 'password', 'passwordConfirm'] as const;
const PASSWORD_FIELDS = new Set(['password', 'passwordConfirm', 'currentPassword']);

/** The named fields of a form body as strings (a repeated field keeps its first value; '' when absent). */
function formFields<K extends string>(body: FormBody, names: readonly K[]): Record<K, string> {
  const result = {} as Record<K, string>;
  for (const name of names) result[name] = formText(body, name);
  return result;
}

/** What the form shows again after an error: everything typed, except passwords. */
function keptValues(fields: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).filter(([name]) => !PASSWORD_FIELDS.has(name)));
}

/** The seconds a rate-limited client should wait (DomainError param `retryAfter`), if any. */
export function retryAfterOf(error: unknown): number | undefined {
  if (!(error instanceof DomainError)) return undefined;
  const seconds = error.params?.retryAfter;
  return typeof seconds === 'number' && seconds > 0 ? seconds : undefined;
}

/** A form shown again after a refused attempt says when to come back (Retry-After), like the JSON API. */
export function withRetryAfter(reply: FastifyReply, error: DomainError): FastifyReply {
  const seconds = retryAfterOf(error);
  if (seconds) reply.header('retry-after', String(seconds));
  return reply;
}

/**
 * A page behind an e-mailed link's button: `act` renders the result; a link that is unknown, used or expired
 * (TOKEN_INVALID) shows the invalid-link page (400); other errors are the error page.
 */
export function tokenPage(request: FastifyRequest, reply: FastifyReply, act: () => Promise<unknown>): Promise<unknown> {
  return formPage(request, reply, {
    act,
    pageError: (error) => error.code !== 'TOKEN_INVALID',
    rerender: () => reply.page('token-invalid.njk'),
  });
}

/** Anonymous JSON endpoints skip the CSRF token, so they accept JSON only (a cross-site form cannot send it). */
export async function jsonOnly(request: FastifyRequest): Promise<void> {
  if (!/^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(request.headers['content-type'] ?? '')) {
    throw new DomainError('UNSUPPORTED_MEDIA_TYPE');
  }
}

export function registerAccountRoutes(app: App, ctx: AppContext): void {
  const identity = ctx.services.identity;
  const localMailbox = ctx.services.mail.localMailbox;
  const sso = ctx.services.sso;
  /** An account made by VNeID sign-in and never given a password has none to change (SSO_NO_PASSWORD). */
  const refuseWithoutPassword = async (actorId: string) => {
    if (await sso.signsInWithVneidOnly(actorId)) throw new DomainError('SSO_NO_PASSWORD');
  };
  /** The account page: the change-password link, or for a VNeID-only account the line saying how it signs in. */
  const accountPage = async (actor: Parameters<typeof identity.profile>[0], extra: Record<string, unknown>) => ({
    profile: await identity.profile(actor),
    vneidOnly: actor ? await sso.signsInWithVneidOnly(actor.id) : false,
    ...extra,
  });

  // JSON API ------------------------------------------------------------------

  app.post(
    '/api/auth/register/citizen',
    {
      config: { csrfExempt: true },
      preValidation: jsonOnly,
      schema: {
        operationId: 'registerCitizen',
        'x-problem-codes': ['REGISTRATION_RATE_LIMITED'],
        tags: ['auth'],
        summary: 'Register a citizen account',
        description: 'Đăng ký tài khoản công dân (chờ xác thực thư điện tử; trả lời như nhau dù thư điện tử/số định danh đã đăng ký hay chưa)',
        body: CitizenRegistrationBody,
        response: { 201: RegistrationAccepted },
      },
    },
    async (request, reply) => {
      const { username, status } = await identity.registerCitizen(request.body, request.ip, request.locale);
      return reply.status(201).send({ username, status });
    },
  );

  app.post(
    '/api/auth/register/organisation',
    {
      config: { csrfExempt: true },
      preValidation: jsonOnly,
      schema: {
        operationId: 'registerOrganisation',
        'x-problem-codes': ['REGISTRATION_RATE_LIMITED'],
        tags: ['auth'],
        summary: 'Register an organisation and its first account',
        description: 'Đăng ký tổ chức, doanh nghiệp và tài khoản đầu tiên (chờ xác thực thư điện tử; trả lời như nhau dù thư điện tử đã đăng ký hay chưa)',
        body: OrganisationRegistrationBody,
        response: { 201: RegistrationAccepted },
      },
    },
    async (request, reply) => {
      const { username, status } = await identity.registerOrganisation(request.body, request.ip, request.locale);
      return reply.status(201).send({ username, status });
    },
  );

  app.post(
    '/api/auth/verify-email',
    {
      config: { csrfExempt: true },
      preValidation: jsonOnly,
      schema: { operationId: 'verifyEmail', 'x-problem-codes': ['TOKEN_INVALID'], tags: ['auth'], summary: 'Verify an e-mail address', description: 'Xác thực thư điện tử bằng mã trong liên kết (dùng một lần)', body: TokenBody, response: { 200: VerifyEmailResponse } },
    },
    async (request) => identity.verifyEmail(request.body.token, request.ip),
  );

  app.post(
    '/api/auth/password/forgot',
    {
      config: { csrfExempt: true },
      preValidation: jsonOnly,
      schema: {
        operationId: 'requestPasswordReset',
        'x-problem-codes': ['PASSWORD_RESET_RATE_LIMITED'],
        tags: ['auth'],
        summary: 'Request a password reset link',
        description: 'Yêu cầu liên kết đặt lại mật khẩu (luôn trả lời như nhau)',
        body: ForgotPasswordBody,
        response: { 202: Type.Object({ accepted: Type.Literal(true) }) },
      },
    },
    async (request, reply) => {
      await identity.forgotPassword(request.body.email, request.ip);
      return reply.status(202).send({ accepted: true as const });
    },
  );

  app.post(
    '/api/auth/password/reset',
    {
      config: { csrfExempt: true },
      preValidation: jsonOnly,
      schema: { operationId: 'resetPassword', 'x-problem-codes': ['TOKEN_INVALID'], tags: ['auth'], summary: 'Reset the password with a link token', description: 'Đặt mật khẩu mới bằng mã trong liên kết (kết thúc mọi phiên đăng nhập)', body: ResetPasswordBody, response: { 204: Type.Null({ description: 'The password is reset' }) } },
    },
    async (request, reply) => {
      await identity.resetPassword(request.body, request.ip);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/auth/password/change',
    {
      schema: {
        operationId: 'changePassword',
        tags: ['auth'],
        summary: 'Change my password',
        description: 'Đổi mật khẩu (giữ phiên hiện tại, kết thúc các phiên khác); tài khoản chỉ đăng nhập bằng VNeID không có mật khẩu: 409 SSO_NO_PASSWORD',
        body: ChangePasswordBody,
        security: [{ session: [], csrf: [] }],
        'x-problem-codes': ['SSO_NO_PASSWORD'],
        response: { 204: Type.Null({ description: 'The password is changed' }) },
      },
    },
    async (request, reply) => {
      if (!request.actor) throw new DomainError('UNAUTHENTICATED');
      await refuseWithoutPassword(request.actor.id);
      await identity.changePassword(request.actor, request.sessionId, request.body);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/auth/organisation/members',
    { schema: { operationId: 'listOrganisationMembers', 'x-problem-codes': ['NOT_ORGANISATION_MEMBER'], tags: ['auth'], summary: "List the organisation's members", description: 'Thành viên của tổ chức (tài khoản tổ chức đang đăng nhập)', response: { 200: MembersResponse } } },
    async (request) => {
      const { organisation, members } = await identity.organisationMembers(request.actor);
      return {
        organisation: { id: organisation.id, taxCode: organisation.tax_code, name: organisation.name },
        members: members.map((m) => ({ id: m.id, username: m.username, fullName: m.full_name, email: m.email, status: m.status })),
      };
    },
  );

  app.post(
    '/api/auth/organisation/members',
    {
      schema: {
        operationId: 'addOrganisationMember',
        'x-problem-codes': ['NOT_ORGANISATION_MEMBER'],
        tags: ['auth'],
        summary: 'Add a member to the organisation',
        description: 'Thêm thành viên cho tổ chức (gửi thư đặt mật khẩu)',
        body: NewMemberBody,
        response: { 201: RegistrationResponse },
        security: [{ session: [], csrf: [] }],
      },
    },
    async (request, reply) => {
      const result = await identity.addOrganisationMember(request.actor, request.body);
      return reply.status(201).send(result);
    },
  );

  // Registration pages ----------------------------------------------------------

  app.get('/dang-ky', { schema: { hide: true } }, async (_request, reply) => reply.page('register-choose.njk'));

  app.get('/dang-ky/cong-dan', { schema: { hide: true } }, async (_request, reply) => reply.page('register-citizen.njk', { values: {} }));

  app.post('/dang-ky/cong-dan', { schema: { hide: true, body: FormBody } }, async (request, reply) => {
    const fields = formFields(request.body, CITIZEN_FIELDS);
    return formPage(request, reply, {
      act: async () => {
        const registered = await identity.registerCitizen(fields, request.ip, request.locale);
        // Demo mode: this browser may read the new account's mail on /hop-thu until it is verified (no one else's).
        rememberMailboxAccount(ctx, request, reply, registered.id);
        return '/dang-ky/da-gui';
      },
      rerender: (errors, error) => withRetryAfter(reply, error).page('register-citizen.njk', { values: keptValues(fields), errors }),
    });
  });

  app.get('/dang-ky/to-chuc', { schema: { hide: true } }, async (_request, reply) => reply.page('register-organisation.njk', { values: {} }));

  app.post('/dang-ky/to-chuc', { schema: { hide: true, body: FormBody } }, async (request, reply) => {
    const fields = formFields(request.body, ORGANISATION_FIELDS);
    return formPage(request, reply, {
      act: async () => {
        const registered = await identity.registerOrganisation(fields, request.ip, request.locale);
        // Demo mode: this browser may read the new account's mail on /hop-thu until it is verified (no one else's).
        rememberMailboxAccount(ctx, request, reply, registered.id);
        return '/dang-ky/da-gui';
      },
      rerender: (errors, error) => withRetryAfter(reply, error).page('register-organisation.njk', { values: keptValues(fields), errors }),
    });
  });

  app.get('/dang-ky/da-gui', { schema: { hide: true } }, async (_request, reply) =>
    reply.page('register-done.njk', { hours: VERIFY_TTL_HOURS, localMailbox }),
  );

  // E-mail verification: the link only shows a button, so that mail scanners prefetching it activate nothing.
  app.get('/xac-thuc-email', { schema: { hide: true, querystring: TokenQuery } }, async (request, reply) => {
    const token = request.query.token ?? '';
    if (!(await identity.tokenIsLive(token, 'verify_email'))) return reply.status(400).page('token-invalid.njk');
    return reply.page('verify-email.njk', { token });
  });

  app.post('/xac-thuc-email', { schema: { hide: true, body: FormBody } }, async (request, reply) =>
    tokenPage(request, reply, async () => {
      const result = await identity.verifyEmail(formText(request.body, 'token'), request.ip);
      return reply.page('verify-done.njk', { username: result.username });
    }),
  );

  // Forgotten password ------------------------------------------------------------

  app.get('/quen-mat-khau', { schema: { hide: true, querystring: ForgotPasswordQuery } }, async (request, reply) => {
    const sent = request.query.sent === '1';
    return reply.page('forgot-password.njk', { values: {}, sent, hours: RESET_TTL_HOURS, localMailbox });
  });

  app.post('/quen-mat-khau', { schema: { hide: true, body: FormBody } }, async (request, reply) => {
    const fields = formFields(request.body, ['email']);
    return formPage(request, reply, {
      act: async () => {
        await identity.forgotPassword(fields.email, request.ip);
        return '/quen-mat-khau?sent=1';
      },
      rerender: (errors, error) => withRetryAfter(reply, error).page('forgot-password.njk', { values: fields, sent: false, hours: RESET_TTL_HOURS, errors }),
    });
  });

  app.get('/dat-lai-mat-khau', { schema: { hide: true, querystring: TokenQuery } }, async (request, reply) => {
    const token = request.query.token ?? '';
    if (!(await identity.tokenIsLive(token, 'reset_password'))) return reply.status(400).page('token-invalid.njk');
    return reply.page('reset-password.njk', { token });
  });

  app.post('/dat-lai-mat-khau', { schema: { hide: true, body: FormBody } }, async (request, reply) => {
    const fields = formFields(request.body, ['token', 'password', 'passwordConfirm']);
    return formPage(request, reply, {
      act: async () => {
        await identity.resetPassword(fields, request.ip);
        return reply.page('reset-done.njk');
      },
      // An unknown, used or expired link: the invalid-link page (400), not the form.
      rerender: (errors, error) =>
        error.code === 'TOKEN_INVALID' ? reply.page('token-invalid.njk') : reply.page('reset-password.njk', { token: fields.token, errors }),
    });
  });

  // Signed-in account -----------------------------------------------------------------

  app.get('/tai-khoan', { schema: { hide: true, querystring: AccountQuery } }, async (request, reply) => {
    return reply.page('account.njk', await accountPage(request.actor, { changed: request.query.changed === '1', localeSaved: request.query.locale === '1' }));
  });

  // The language of the account's e-mail, SMS and notifications.
  app.post('/tai-khoan/ngon-ngu', { schema: { hide: true, body: AccountLocaleForm } }, async (request, reply) => {
    const actor = request.actor;
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    return formPage(request, reply, {
      act: async () => {
        await identity.setLocale(actor, request.body?.locale);
        return '/tai-khoan?locale=1';
      },
      rerender: async (errors) => reply.page('account.njk', await accountPage(actor, { changed: false, localeSaved: false, errors })),
    });
  });

  app.get('/tai-khoan/mat-khau', { schema: { hide: true } }, async (request, reply) => {
    if (!request.actor) throw new DomainError('UNAUTHENTICATED');
    await refuseWithoutPassword(request.actor.id);
    return reply.page('change-password.njk');
  });

  app.post('/tai-khoan/mat-khau', { schema: { hide: true, body: FormBody } }, async (request, reply) => {
    const actor = request.actor;
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    await refuseWithoutPassword(actor.id);
    const fields = formFields(request.body, ['currentPassword', 'password', 'passwordConfirm']);
    return formPage(request, reply, {
      act: async () => {
        await identity.changePassword(actor, request.sessionId, fields);
        return '/tai-khoan?changed=1';
      },
      rerender: (errors) => reply.page('change-password.njk', { errors }),
    });
  });

  app.get('/tai-khoan/to-chuc', { schema: { hide: true, querystring: MembersQuery } }, async (request, reply) => {
    const data = await identity.organisationMembers(request.actor);
    const added = request.query.added === '1';
    return reply.page('organisation-members.njk', { ...data, values: {}, added });
  });

  app.post('/tai-khoan/to-chuc', { schema: { hide: true, body: FormBody } }, async (request, reply) => {
    const fields = formFields(request.body, ['fullName', 'email']);
    return formPage(request, reply, {
      act: async () => {
        await identity.addOrganisationMember(request.actor, fields);
        return '/tai-khoan/to-chuc?added=1';
      },
      // Only the form's own problems show it again; not being an organisation member is the error page.
      pageError: (error) => error.code !== 'VALIDATION_FAILED',
      rerender: async (errors) => {
        const data = await identity.organisationMembers(request.actor);
        return reply.page('organisation-members.njk', { ...data, values: fields, errors, added: false });
      },
    });
  });
}
