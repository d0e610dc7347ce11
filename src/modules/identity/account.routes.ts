// Registration, e-mail verification, password reset and change, the account page and organisation members
// (pages and JSON). Part of the identity module: registered by identity.routes.ts.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { DomainError } from '../../core/errors.ts';
import type { AppContext } from '../../container.ts';
import type { App } from '../../http/app.ts';
import { formErrors } from '../../http/form-page.ts';
import {
  AccountLocaleForm,
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

/** The named fields of a form body as strings (a repeated field keeps its first value). */
function formFields<K extends string>(body: unknown, names: readonly K[]): Record<K, string> {
  const source = (body ?? {}) as Record<string, unknown>;
  const result = {} as Record<K, string>;
  for (const name of names) {
    const value = source[name];
    result[name] = typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : '';
  }
  return result;
}

/** What the form shows again after an error: everything typed, except passwords. */
function keptValues(fields: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).filter(([name]) => !PASSWORD_FIELDS.has(name)));
}

/** The seconds a rate-limited client should wait (DomainError param `retryAfter`), if any. */
export function retryAfterOf(error: unknown): number | undefined {
  if (!(error instanceof DomainError) || error.status !== 429) return undefined;
  const seconds = error.params?.retryAfter;
  return typeof seconds === 'number' && seconds > 0 ? seconds : undefined;
}

/** Re-renders a form with its errors (status of the error), or rethrows what is not a domain error. */
function formFailure(request: FastifyRequest, reply: FastifyReply, error: unknown, template: string, data: Record<string, unknown>) {
  const errors = formErrors(error, request.locale);
  if (!errors) throw error;
  reply.status((error as DomainError).status);
  const seconds = retryAfterOf(error);
  if (seconds) reply.header('retry-after', String(seconds));
  return reply.page(template, { ...data, errors });
}

/** Anonymous JSON endpoints skip the CSRF token, so they accept JSON only (a cross-site form cannot send it). */
export async function jsonOnly(request: FastifyRequest): Promise<void> {
  if (!/^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(request.headers['content-type'] ?? '')) {
    throw new DomainError('UNSUPPORTED_MEDIA_TYPE');
  }
}

function queryToken(request: FastifyRequest): string {
  const token = (request.query as Record<string, unknown> | undefined)?.token;
  return typeof token === 'string' ? token : '';
}

export function registerAccountRoutes(app: App, ctx: AppContext): void {
  const identity = ctx.services.identity;
  const localMailbox = ctx.services.mail.localMailbox;

  // JSON API ------------------------------------------------------------------

  app.post(
    '/api/auth/register/citizen',
    {
      config: { csrfExempt: true },
      preValidation: jsonOnly,
      schema: {
        tags: ['auth'],
        summary: 'Đăng ký tài khoản công dân (chờ xác thực thư điện tử; trả lời như nhau dù thư điện tử/số định danh đã đăng ký hay chưa)',
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
        tags: ['auth'],
        summary: 'Đăng ký tổ chức, doanh nghiệp và tài khoản đầu tiên (chờ xác thực thư điện tử; trả lời như nhau dù thư điện tử đã đăng ký hay chưa)',
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
      schema: { tags: ['auth'], summary: 'Xác thực thư điện tử bằng mã trong liên kết (dùng một lần)', body: TokenBody, response: { 200: VerifyEmailResponse } },
    },
    async (request) => identity.verifyEmail(request.body.token, request.ip),
  );

  app.post(
    '/api/auth/password/forgot',
    {
      config: { csrfExempt: true },
      preValidation: jsonOnly,
      schema: {
        tags: ['auth'],
        summary: 'Yêu cầu liên kết đặt lại mật khẩu (luôn trả lời như nhau)',
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
      schema: { tags: ['auth'], summary: 'Đặt mật khẩu mới bằng mã trong liên kết (kết thúc mọi phiên đăng nhập)', body: ResetPasswordBody },
    },
    async (request, reply) => {
      await identity.resetPassword(request.body, request.ip);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/auth/password/change',
    {
      schema: {
        tags: ['auth'],
        summary: 'Đổi mật khẩu (giữ phiên hiện tại, kết thúc các phiên khác)',
        body: ChangePasswordBody,
        security: [{ session: [], csrf: [] }],
      },
    },
    async (request, reply) => {
      if (!request.actor) throw new DomainError('UNAUTHENTICATED');
      await identity.changePassword(request.actor, request.sessionId, request.body);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/auth/organisation/members',
    { schema: { tags: ['auth'], summary: 'Thành viên của tổ chức (tài khoản tổ chức đang đăng nhập)', response: { 200: MembersResponse } } },
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
        tags: ['auth'],
        summary: 'Thêm thành viên cho tổ chức (gửi thư đặt mật khẩu)',
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

  app.post('/dang-ky/cong-dan', { schema: { hide: true } }, async (request, reply) => {
    const fields = formFields(request.body, CITIZEN_FIELDS);
    try {
      const registered = await identity.registerCitizen(fields, request.ip, request.locale);
      // Demo mode: this browser may read the new account's mail on /hop-thu until it is verified (no one else's).
      rememberMailboxAccount(ctx, request, reply, registered.id);
      return reply.redirect('/dang-ky/da-gui', 303);
    } catch (error) {
      return formFailure(request, reply, error, 'register-citizen.njk', { values: keptValues(fields) });
    }
  });

  app.get('/dang-ky/to-chuc', { schema: { hide: true } }, async (_request, reply) => reply.page('register-organisation.njk', { values: {} }));

  app.post('/dang-ky/to-chuc', { schema: { hide: true } }, async (request, reply) => {
    const fields = formFields(request.body, ORGANISATION_FIELDS);
    try {
      const registered = await identity.registerOrganisation(fields, request.ip, request.locale);
      // Demo mode: this browser may read the new account's mail on /hop-thu until it is verified (no one else's).
      rememberMailboxAccount(ctx, request, reply, registered.id);
      return reply.redirect('/dang-ky/da-gui', 303);
    } catch (error) {
      return formFailure(request, reply, error, 'register-organisation.njk', { values: keptValues(fields) });
    }
  });

  app.get('/dang-ky/da-gui', { schema: { hide: true } }, async (_request, reply) =>
    reply.page('register-done.njk', { hours: VERIFY_TTL_HOURS, localMailbox }),
  );

  // E-mail verification: the link only shows a button, so that mail scanners prefetching it activate nothing.
  app.get('/xac-thuc-email', { schema: { hide: true } }, async (request, reply) => {
    const token = queryToken(request);
    if (!(await identity.tokenIsLive(token, 'verify_email'))) return reply.status(400).page('token-invalid.njk');
    return reply.page('verify-email.njk', { token });
  });

  app.post('/xac-thuc-email', { schema: { hide: true } }, async (request, reply) => {
    const { token } = formFields(request.body, ['token']);
    try {
      const result = await identity.verifyEmail(token, request.ip);
      return reply.page('verify-done.njk', { username: result.username });
    } catch (error) {
      if (error instanceof DomainError && error.code === 'TOKEN_INVALID') return reply.status(400).page('token-invalid.njk');
      throw error;
    }
  });

  // Forgotten password ------------------------------------------------------------

  app.get('/quen-mat-khau', { schema: { hide: true } }, async (request, reply) => {
    const sent = (request.query as Record<string, unknown> | undefined)?.sent === '1';
    return reply.page('forgot-password.njk', { values: {}, sent, hours: RESET_TTL_HOURS, localMailbox });
  });

  app.post('/quen-mat-khau', { schema: { hide: true } }, async (request, reply) => {
    const fields = formFields(request.body, ['email']);
    try {
      await identity.forgotPassword(fields.email, request.ip);
      return reply.redirect('/quen-mat-khau?sent=1', 303);
    } catch (error) {
      return formFailure(request, reply, error, 'forgot-password.njk', { values: fields, sent: false, hours: RESET_TTL_HOURS });
    }
  });

  app.get('/dat-lai-mat-khau', { schema: { hide: true } }, async (request, reply) => {
    const token = queryToken(request);
    if (!(await identity.tokenIsLive(token, 'reset_password'))) return reply.status(400).page('token-invalid.njk');
    return reply.page('reset-password.njk', { token });
  });

  app.post('/dat-lai-mat-khau', { schema: { hide: true } }, async (request, reply) => {
    const fields = formFields(request.body, ['token', 'password', 'passwordConfirm']);
    try {
      await identity.resetPassword(fields, request.ip);
      return reply.page('reset-done.njk');
    } catch (error) {
      if (error instanceof DomainError && error.code === 'TOKEN_INVALID') return reply.status(400).page('token-invalid.njk');
      return formFailure(request, reply, error, 'reset-password.njk', { token: fields.token });
    }
  });

  // Signed-in account -----------------------------------------------------------------

  app.get('/tai-khoan', { schema: { hide: true } }, async (request, reply) => {
    const profile = await identity.profile(request.actor);
    const query = request.query as Record<string, unknown> | undefined;
    return reply.page('account.njk', { profile, changed: query?.changed === '1', localeSaved: query?.locale === '1' });
  });

  // The language of the account's e-mail, SMS and notifications.
  app.post('/tai-khoan/ngon-ngu', { schema: { hide: true, body: AccountLocaleForm } }, async (request, reply) => {
    if (!request.actor) throw new DomainError('UNAUTHENTICATED');
    try {
      await identity.setLocale(request.actor, request.body?.locale);
      return reply.redirect('/tai-khoan?locale=1', 303);
    } catch (error) {
      const profile = await identity.profile(request.actor);
      return formFailure(request, reply, error, 'account.njk', { profile, changed: false, localeSaved: false });
    }
  });

  app.get('/tai-khoan/mat-khau', { schema: { hide: true } }, async (request, reply) => {
    if (!request.actor) throw new DomainError('UNAUTHENTICATED');
    return reply.page('change-password.njk');
  });

  app.post('/tai-khoan/mat-khau', { schema: { hide: true } }, async (request, reply) => {
    if (!request.actor) throw new DomainError('UNAUTHENTICATED');
    const fields = formFields(request.body, ['currentPassword', 'password', 'passwordConfirm']);
    try {
      await identity.changePassword(request.actor, request.sessionId, fields);
      return reply.redirect('/tai-khoan?changed=1', 303);
    } catch (error) {
      return formFailure(request, reply, error, 'change-password.njk', {});
    }
  });

  app.get('/tai-khoan/to-chuc', { schema: { hide: true } }, async (request, reply) => {
    const data = await identity.organisationMembers(request.actor);
    const added = (request.query as Record<string, unknown> | undefined)?.added === '1';
    return reply.page('organisation-members.njk', { ...data, values: {}, added });
  });

  app.post('/tai-khoan/to-chuc', { schema: { hide: true } }, async (request, reply) => {
    const fields = formFields(request.body, ['fullName', 'email']);
    try {
      await identity.addOrganisationMember(request.actor, fields);
      return reply.redirect('/tai-khoan/to-chuc?added=1', 303);
    } catch (error) {
      const errors = formErrors(error, request.locale);
      if (!errors || (error as DomainError).status !== 422) throw error;
      const data = await identity.organisationMembers(request.actor);
      reply.status(422);
      return reply.page('organisation-members.njk', { ...data, values: fields, errors, added: false });
    }
  });
}
