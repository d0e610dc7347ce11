// Staff account administration (JSON and pages under /quan-tri/tai-khoan) and the administration hub /quan-tri.
import type { FastifyRequest } from 'fastify';
import { ROLES, rolesRoots } from '../../core/actor.ts';
import { DomainError } from '../../core/errors.ts';
import { vietnamYear } from '../../core/time.ts';
import { registerMessages } from '../../core/i18n.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { FormBody, formPage, formText } from '../../http/form-page.ts';
import './staff.errors.ts';
import { staffMessages } from './staff.messages.ts';
import { CreateStaffBody, IdParams, StaffListPageQuery, StaffNoticeQuery, StaffPage, StaffQuery, StaffView, UpdateStaffBody, type GrantBody } from './staff.schemas.ts';

registerMessages(staffMessages);

const BASE = '/quan-tri/tai-khoan';

/** Every value of a form field (a select with `multiple`, repeated checkboxes). */
const many = (body: FormBody, name: string): string[] => {
  const value = body?.[name];
  return Array.isArray(value) ? value : value ? [value] : [];
};

export const staffModule: AppModule = {
  name: 'staff',
  register(app: App, ctx: AppContext) {
    const staff = ctx.services.staff;

    // JSON ----------------------------------------------------------------------

    app.get(
      '/api/staff',
      { schema: { operationId: 'listStaff', tags: ['staff'], summary: 'List officer accounts', description: 'Tài khoản cán bộ trong phạm vi quản trị', security: [{ session: [] }], querystring: StaffQuery, response: { 200: StaffPage } } },
      async (request) => staff.list(request.actor, { q: request.query.q, page: request.query.page }),
    );

    app.post(
      '/api/staff',
      {
        schema: {
          operationId: 'createStaff',
          'x-problem-codes': ['STAFF_ROLE_OUT_OF_SCOPE'],
          tags: ['staff'],
          summary: 'Create an officer account',
          description: 'Tạo tài khoản cán bộ (quản trị của cơ quan)',
          security: [{ session: [], csrf: [] }],
          body: CreateStaffBody,
          response: { 201: StaffView },
        },
      },
      async (request, reply) => reply.status(201).send(await staff.create(request.actor, request.body)),
    );

    app.get(
      '/api/staff/:id',
      { schema: { operationId: 'getStaff', tags: ['staff'], summary: 'Get an officer account', description: 'Một tài khoản cán bộ', security: [{ session: [] }], params: IdParams, response: { 200: StaffView } } },
      async (request) => staff.get(request.actor, request.params.id),
    );

    app.patch(
      '/api/staff/:id',
      {
        schema: {
          operationId: 'updateStaff',
          'x-problem-codes': ['STAFF_ROLE_OUT_OF_SCOPE'],
          tags: ['staff'],
          summary: "Update an officer account's roles or lock",
          description: 'Đổi vai trò hoặc khóa / mở khóa tài khoản cán bộ',
          security: [{ session: [], csrf: [] }],
          params: IdParams,
          body: UpdateStaffBody,
          response: { 200: StaffView },
        },
      },
      async (request) => staff.update(request.actor, request.params.id, request.body),
    );

    // Pages ---------------------------------------------------------------------

    app.get('/quan-tri', { schema: { hide: true } }, async (request, reply) => {
      if (!request.actor) throw new DomainError('UNAUTHENTICATED');
      const isAdmin = rolesRoots(request.actor, ['admin']).length > 0;
      const isInspector = rolesRoots(request.actor, ['inspector']).length > 0;
      // The catalog manager's tools live under /quan-tri too (procedures, e-forms, the national catalog sync).
      const isCatalogManager = rolesRoots(request.actor, ['catalog_manager']).length > 0;
      if (!isAdmin && !isInspector && !isCatalogManager) throw new DomainError('FORBIDDEN');
      return reply.page('admin-home.njk', { isAdmin, isInspector, isCatalogManager, currentYear: vietnamYear(Date.now()) });
    });

    app.get(BASE, { schema: { hide: true, querystring: StaffListPageQuery } }, async (request, reply) => {
      const page = Math.max(1, Number.parseInt(request.query.page ?? '1', 10) || 1);
      const q = (request.query.q ?? '').slice(0, 200);
      const result = await staff.list(request.actor, { q, page });
      const baseUrl = q ? `${BASE}?q=${encodeURIComponent(q)}&` : `${BASE}?`;
      return reply.page('staff-list.njk', { ...result, q, baseUrl });
    });

    app.get(`${BASE}/them`, { schema: { hide: true } }, async (request, reply) => {
      const options = await staff.formOptions(request.actor);
      return reply.page('staff-form.njk', { options, roles: ROLES, values: { roles: [] } });
    });

    app.post(`${BASE}/them`, { schema: { hide: true, body: FormBody } }, async (request, reply) => {
      const body = request.body;
      const values = {
        username: formText(body, 'username'), fullName: formText(body, 'fullName'), email: formText(body, 'email'),
        agencyCode: formText(body, 'agencyCode'), departmentId: formText(body, 'departmentId'), roles: many(body, 'roles'),
      };
      return formPage(request, reply, {
        act: async () => {
          const created = await staff.create(request.actor, {
            ...values,
            password: formText(body, 'password'),
            departmentId: values.departmentId || null,
            roles: values.roles.map((role) => ({ role })),
          });
          return `${BASE}/${created.id}?ok=created`;
        },
        rerender: async (errors) => {
          const options = await staff.formOptions(request.actor);
          return reply.page('staff-form.njk', { options, roles: ROLES, values, errors });
        },
      });
    });

    const detail = async (request: FastifyRequest, id: string, extra: Record<string, unknown> = {}) => {
      const account = await staff.get(request.actor, id);
      const options = await staff.formOptions(request.actor);
      return { account, options, roles: ROLES, isSelf: request.actor?.id === account.id, ...extra };
    };

    app.get(`${BASE}/:id`, { schema: { hide: true, params: IdParams, querystring: StaffNoticeQuery } }, async (request, reply) => {
      return reply.page('staff-detail.njk', await detail(request, request.params.id, { ok: request.query.ok }));
    });

    app.post(`${BASE}/:id/vai-tro`, { schema: { hide: true, params: IdParams, body: FormBody } }, async (request, reply) => {
      const { id } = request.params;
      const body = request.body;
      const requested: GrantBody[] = many(body, 'keep').map((value) => {
        const [role = '', agencyCode = ''] = value.split('|');
        return { role, agencyCode };
      });
      const addRole = formText(body, 'addRole');
      if (addRole) requested.push({ role: addRole, agencyCode: formText(body, 'addAgencyCode') || null });
      return formPage(request, reply, {
        act: async () => {
          await staff.update(request.actor, id, { roles: requested });
          return `${BASE}/${id}?ok=roles`;
        },
        rerender: async (errors) => {
          return reply.page('staff-detail.njk', await detail(request, id, { errors }));
        },
      });
    });

    app.post(`${BASE}/:id/trang-thai`, { schema: { hide: true, params: IdParams, body: FormBody } }, async (request, reply) => {
      const { id } = request.params;
      return formPage(request, reply, {
        act: async () => {
          await staff.update(request.actor, id, { status: formText(request.body, 'status') });
          return `${BASE}/${id}?ok=status`;
        },
        rerender: async (errors) => {
          return reply.page('staff-detail.njk', await detail(request, id, { errors }));
        },
      });
    });
  },
};
