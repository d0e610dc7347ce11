// Agency tree: public JSON list, administration (JSON and pages under /quan-tri/co-quan).
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { DomainError } from '../../core/errors.ts';
import { registerMessages } from '../../core/i18n.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { FormBody, formPage, formText } from '../../http/form-page.ts';
import './agencies.errors.ts';
import { agenciesMessages } from './agencies.messages.ts';
import { AGENCY_LEVELS } from './agencies.rules.ts';
import {
  AgencyList,
  AgencyNoticeQuery,
  AgencyView,
  CodeParams,
  CreateAgencyBody,
  DepartmentBody,
  DepartmentView,
  MergeBody,
  MergeResponse,
  NewAgencyQuery,
  UpdateAgencyBody,
} from './agencies.schemas.ts';
import type { AgenciesService } from './agencies.service.ts';
import { pickerOptions } from './agencies.picker.ts';

registerMessages(agenciesMessages);

const BASE = '/quan-tri/co-quan';

/** The named fields of a form as strings ('' when absent): the values the form shows again. */
function formValues(body: FormBody, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, formText(body, name)]));
}
const AGENCY_FIELDS = ['code', 'name', 'shortName', 'level', 'parentCode', 'adminUnitProvince', 'adminUnitCode', 'showCommunes'] as const;

/** The commune picker of the agency form (the communes of the province chosen, else of the commune set). */
function communePickerOf(agencies: AgenciesService, values: Record<string, string | undefined>) {
  return agencies.communePicker(values.adminUnitProvince || undefined, values.adminUnitCode || undefined);
}

/** Options of the parent / successor selects: the agencies the actor administers, active ones, indented. */
async function agencyOptions(agencies: AgenciesService, request: FastifyRequest, exceptCode?: string) {
  return pickerOptions(await agencies.adminTree(request.actor), { exceptCode });
}

export const agenciesModule: AppModule = {
  name: 'agencies',
  register(app: App, ctx: AppContext) {
    const agencies = ctx.services.agencies;
    const levels = AGENCY_LEVELS;

    // JSON ----------------------------------------------------------------------

    app.get(
      '/api/agencies',
      { schema: { operationId: 'listAgencies', tags: ['agencies'], summary: 'List the agency tree', description: 'Cây cơ quan, đơn vị (công khai)', response: { 200: AgencyList } } },
      async () => (await agencies.tree()).map((entry) => entry.view),
    );

    app.post(
      '/api/agencies',
      {
        schema: {
          operationId: 'createAgency',
          'x-problem-codes': ['AGENCY_ADMIN_UNIT_TAKEN'],
          tags: ['agencies'],
          summary: 'Create an agency',
          description: 'Thêm cơ quan (quản trị)',
          security: [{ session: [], csrf: [] }],
          body: CreateAgencyBody,
          response: { 201: AgencyView },
        },
      },
      async (request, reply) => {
        const agency = await agencies.create(request.actor, request.body);
        return reply.status(201).send(await agencies.viewOf(agency));
      },
    );

    app.patch(
      '/api/agencies/:code',
      {
        schema: {
          operationId: 'updateAgency',
          'x-problem-codes': ['AGENCY_ADMIN_UNIT_TAKEN'],
          tags: ['agencies'],
          summary: 'Update an agency',
          description: 'Đổi tên, mã định danh, cấp hoặc cơ quan cấp trên (quản trị); mã và tên cũ được lưu lịch sử',
          security: [{ session: [], csrf: [] }],
          params: CodeParams,
          body: UpdateAgencyBody,
          response: { 200: AgencyView },
        },
      },
      async (request) => agencies.viewOf(await agencies.update(request.actor, request.params.code, request.body)),
    );

    app.post(
      '/api/agencies/:code/merge',
      {
        schema: {
          operationId: 'mergeAgency',
          tags: ['agencies'],
          summary: 'Merge an agency into another',
          description: 'Sáp nhập cơ quan vào cơ quan tiếp nhận (quản trị)',
          security: [{ session: [], csrf: [] }],
          params: CodeParams,
          body: MergeBody,
          response: { 200: MergeResponse },
        },
      },
      async (request) => {
        const result = await agencies.merge(request.actor, request.params.code, request.body);
        return { agency: await agencies.viewOf(result.agency), moved: result.moved };
      },
    );

    app.get(
      '/api/agencies/:code/departments',
      {
        schema: {
          operationId: 'listDepartments',
          tags: ['agencies'],
          summary: "List an agency's departments",
          description: 'Phòng ban của một cơ quan (quản trị)',
          security: [{ session: [] }],
          params: CodeParams,
          response: { 200: Type.Array(DepartmentView) },
        },
      },
      async (request) => (await agencies.departments(request.actor, request.params.code)).departments.map((d) => ({ id: d.id, code: d.code, name: d.name })),
    );

    app.post(
      '/api/agencies/:code/departments',
      {
        schema: {
          operationId: 'createDepartment',
          tags: ['agencies'],
          summary: 'Create a department',
          description: 'Thêm phòng ban (quản trị)',
          security: [{ session: [], csrf: [] }],
          params: CodeParams,
          body: DepartmentBody,
          response: { 201: DepartmentView },
        },
      },
      async (request, reply) => {
        const d = await agencies.addDepartment(request.actor, request.params.code, request.body);
        return reply.status(201).send({ id: d.id, code: d.code, name: d.name });
      },
    );

    // Pages ---------------------------------------------------------------------

    app.get(BASE, { schema: { hide: true } }, async (request, reply) => {
      const tree = await agencies.adminTree(request.actor);
      const forest = nest(tree);
      const canCreateRoot = await agencies.holdsOnRoot(request.actor, ['admin']);
      return reply.page('agencies-list.njk', { forest, count: tree.length, canCreateRoot });
    });

    app.get(`${BASE}/them`, { schema: { hide: true, querystring: NewAgencyQuery } }, async (request, reply) => {
      const query = request.query;
      const options = await agencyOptions(agencies, request);
      const canCreateRoot = await agencies.holdsOnRoot(request.actor, ['admin']);
      return reply.page('agency-form.njk', { mode: 'create', levels, options, canCreateRoot, values: { parentCode: query.parent ?? '' }, communePicker: await communePickerOf(agencies, {}) });
    });

    app.post(`${BASE}/them`, { schema: { hide: true, body: FormBody } }, async (request, reply) => {
      const body = formValues(request.body, AGENCY_FIELDS);
      return formPage(request, reply, {
        act: async () => {
          if (body.showCommunes) {
            const canCreateRoot = await agencies.holdsOnRoot(request.actor, ['admin']);
            return reply.page('agency-form.njk', { mode: 'create', levels, options: await agencyOptions(agencies, request), canCreateRoot, values: body, communePicker: await communePickerOf(agencies, body) });
          }
          const agency = await agencies.create(request.actor, {
            code: body.code!, name: body.name!, shortName: body.shortName || null, level: body.level!, parentCode: body.parentCode || null, adminUnitCode: body.adminUnitCode || null,
          });
          return `${BASE}/${encodeURIComponent(agency.code)}?ok=created`;
        },
        rerender: async (errors) => {
          const options = await agencyOptions(agencies, request);
          const canCreateRoot = await agencies.holdsOnRoot(request.actor, ['admin']);
          return reply.page('agency-form.njk', { mode: 'create', levels, options, canCreateRoot, values: body, errors, communePicker: await communePickerOf(agencies, body) });
        },
      });
    });

    app.get(`${BASE}/:code`, { schema: { hide: true, params: CodeParams, querystring: AgencyNoticeQuery } }, async (request, reply) => {
      const { code } = request.params;
      const detail = await agencies.adminDetail(request.actor, code);
      const ok = request.query.ok;
      return reply.page('agency-detail.njk', { ...detail, ok, values: {} });
    });

    app.post(`${BASE}/:code/phong-ban`, { schema: { hide: true, params: CodeParams, body: FormBody } }, async (request, reply) => {
      const { code } = request.params;
      const body = formValues(request.body, ['code', 'name']);
      return formPage(request, reply, {
        act: async () => {
          await agencies.addDepartment(request.actor, code, { code: body.code!, name: body.name! });
          return `${BASE}/${encodeURIComponent(code)}?ok=department#departments`;
        },
        rerender: async (errors) => {
          const detail = await agencies.adminDetail(request.actor, code);
          return reply.page('agency-detail.njk', { ...detail, values: body, errors });
        },
      });
    });

    app.get(`${BASE}/:code/sua`, { schema: { hide: true, params: CodeParams } }, async (request, reply) => {
      const { code } = request.params;
      const detail = await agencies.adminDetail(request.actor, code);
      const options = await agencyOptions(agencies, request, detail.agency.code);
      const canCreateRoot = await agencies.holdsOnRoot(request.actor, ['admin']);
      const v = detail.view;
      return reply.page('agency-form.njk', {
        mode: 'edit', agency: detail.agency, levels, options, canCreateRoot,
        values: { code: v.code, name: v.name, shortName: v.shortName ?? '', level: v.level, parentCode: v.parentCode ?? '', adminUnitCode: v.adminUnitCode ?? '' },
        communePicker: await communePickerOf(agencies, { adminUnitCode: v.adminUnitCode ?? undefined }),
      });
    });

    app.post(`${BASE}/:code/sua`, { schema: { hide: true, params: CodeParams, body: FormBody } }, async (request, reply) => {
      const { code } = request.params;
      const body = formValues(request.body, AGENCY_FIELDS);
      return formPage(request, reply, {
        act: async () => {
          if (body.showCommunes) {
            const detail = await agencies.adminDetail(request.actor, code);
            const canCreateRoot = await agencies.holdsOnRoot(request.actor, ['admin']);
            const options = await agencyOptions(agencies, request, detail.agency.code);
            return reply.page('agency-form.njk', { mode: 'edit', agency: detail.agency, levels, options, canCreateRoot, values: body, communePicker: await communePickerOf(agencies, body) });
          }
          const agency = await agencies.update(request.actor, code, {
            code: body.code!, name: body.name!, shortName: body.shortName || null, level: body.level!, parentCode: body.parentCode || null, adminUnitCode: body.adminUnitCode || null,
          });
          return `${BASE}/${encodeURIComponent(agency.code)}?ok=saved`;
        },
        rerender: async (errors) => {
          const detail = await agencies.adminDetail(request.actor, code);
          const options = await agencyOptions(agencies, request, detail.agency.code);
          const canCreateRoot = await agencies.holdsOnRoot(request.actor, ['admin']);
          return reply.page('agency-form.njk', { mode: 'edit', agency: detail.agency, levels, options, canCreateRoot, values: body, errors, communePicker: await communePickerOf(agencies, body) });
        },
      });
    });

    app.get(`${BASE}/:code/sap-nhap`, { schema: { hide: true, params: CodeParams } }, async (request, reply) => {
      const { code } = request.params;
      const detail = await agencies.adminDetail(request.actor, code);
      if (!detail.agency.active) throw new DomainError('AGENCY_INACTIVE');
      const options = await agencyOptions(agencies, request, detail.agency.code);
      return reply.page('agency-merge.njk', { agency: detail.agency, options, values: {} });
    });

    app.post(`${BASE}/:code/sap-nhap`, { schema: { hide: true, params: CodeParams, body: FormBody } }, async (request, reply) => {
      const { code } = request.params;
      const body = formValues(request.body, ['successorCode', 'validTo']);
      return formPage(request, reply, {
        act: async () => {
          const result = await agencies.merge(request.actor, code, { successorCode: body.successorCode!, validTo: body.validTo || null });
          return `${BASE}/${encodeURIComponent(result.agency.code)}?ok=merged`;
        },
        rerender: async (errors) => {
          const detail = await agencies.adminDetail(request.actor, code);
          const options = await agencyOptions(agencies, request, detail.agency.code);
          return reply.page('agency-merge.njk', { agency: detail.agency, options, values: body, errors });
        },
      });
    });
  },
};

interface Nested {
  entry: Awaited<ReturnType<AgenciesService['adminTree']>>[number];
  children: Nested[];
}

/** Tree-ordered entries (with depth) → nested lists for the page. */
function nest(tree: Awaited<ReturnType<AgenciesService['adminTree']>>): Nested[] {
  const roots: Nested[] = [];
  const stack: Nested[] = [];
  for (const entry of tree) {
    const node: Nested = { entry, children: [] };
    while (stack.length > entry.depth) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(node);
    else roots.push(node);
    stack.push(node);
  }
  return roots;
}
