// The procedure catalog's JSON API: public search and detail, management (procedures, versions, e-forms, template
// uploads, export). The pages are in catalog.pages.ts (public), catalog.manage.pages.ts (management, import) and
// catalog.eform.pages.ts (the e-form editor).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { registerMessages } from '../../core/i18n.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { contentDisposition } from '../files/files.service.ts';
import type { CatalogService } from './catalog.service.ts';
import { ProcedureExchange } from './catalog.exchange.ts';
import { catalogMessages } from './catalog.messages.ts';
import { presentDetail, presentSummary } from './catalog.presenters.ts';
import { CodeParams, DocumentParams, ExportQuery, FormDefinitionBody, FormDefinitionResponse, ProcedureDetail, ProcedureList, ProcedureQuery, PublishBody, TemplateResponse, VersionParams } from './catalog.schemas.ts';
import { registerCatalogUploads, stagedFrom } from './catalog.uploads.ts';
import { TEMPLATE_TYPES } from './catalog.rules.ts';
import { multipartBody } from '../../http/openapi-multipart.ts';
import './catalog.errors.ts';
import './catalog.eform.errors.ts';
import { eformMessages } from './catalog.eform.messages.ts';

registerMessages(catalogMessages);
registerMessages(eformMessages);

/** The catalog as a download (JSON opendvc-catalog or Excel): the API and the management page share it. */
export async function sendCatalogExport(catalog: CatalogService, request: FastifyRequest, reply: FastifyReply, format: 'json' | 'xlsx') {
  await catalog.managedAgencies(request.actor);
  const stamp = new Date().toISOString().slice(0, 10);
  if (format === 'xlsx') {
    const bytes = await catalog.exportXlsx();
    reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    reply.header('content-disposition', contentDisposition(`danh-muc-thu-tuc-${stamp}.xlsx`));
    return reply.send(bytes);
  }
  reply.header('content-type', 'application/json; charset=utf-8');
  reply.header('content-disposition', contentDisposition(`danh-muc-thu-tuc-${stamp}.json`));
  return reply.send(JSON.stringify(await catalog.exportCatalog(), null, 2));
}

export const catalogModule: AppModule = {
  name: 'catalog',
  async register(app: App, ctx: AppContext) {
    const catalog = ctx.services.catalog;

    // ------------------------------------------------------------------------------------------
    // Public JSON API
    // ------------------------------------------------------------------------------------------

    app.get(
      '/api/procedures',
      { schema: { operationId: 'listProcedures', tags: ['catalog'], summary: 'Search the procedures in force', description: 'Tìm kiếm thủ tục hành chính đang áp dụng', querystring: ProcedureQuery, response: { 200: ProcedureList } } },
      async (request) => {
        const result = await catalog.search(request.query);
        return { items: result.rows.map((r) => presentSummary(request.t, r)), total: result.total, page: result.page, pageSize: result.pageSize };
      },
    );

    app.get(
      '/api/procedures/:code',
      { schema: { operationId: 'getProcedure', tags: ['catalog'], summary: 'Get a procedure (version in force)', description: 'Thủ tục hành chính (phiên bản đang áp dụng)', params: CodeParams, response: { 200: ProcedureDetail } } },
      async (request) => presentDetail(request.t, await catalog.published(request.params.code)),
    );

    // ------------------------------------------------------------------------------------------
    // Management JSON API
    // ------------------------------------------------------------------------------------------

    const manage = { tags: ['catalog'], security: [{ session: [], csrf: [] }] };

    app.post(
      '/api/catalog/procedures',
      { schema: { operationId: 'createProcedure', ...manage, summary: 'Create a procedure with a first draft', description: 'Tạo thủ tục và phiên bản nháp đầu tiên', body: ProcedureExchange, response: { 201: ProcedureDetail } } },
      async (request, reply) => {
        const record = await catalog.create(request.actor, request.body);
        return reply.status(201).send(presentDetail(request.t, record));
      },
    );

    app.put(
      '/api/catalog/procedures/:code/draft',
      { schema: { operationId: 'updateProcedureDraft', 'x-problem-codes': ['NO_DRAFT', 'VERSION_NOT_DRAFT'], ...manage, summary: "Update a procedure's draft version", description: 'Sửa phiên bản nháp', params: CodeParams, body: ProcedureExchange, response: { 200: ProcedureDetail } } },
      async (request) => presentDetail(request.t, await catalog.updateDraft(request.actor, request.params.code, request.body)),
    );

    app.post(
      '/api/catalog/procedures/:code/versions',
      { schema: { operationId: 'createProcedureVersion', 'x-problem-codes': ['DRAFT_EXISTS'], ...manage, summary: 'Create a new draft version of a procedure', description: 'Tạo phiên bản mới (bản nháp sao chép từ phiên bản mới nhất)', params: CodeParams, response: { 201: ProcedureDetail } } },
      async (request, reply) => reply.status(201).send(presentDetail(request.t, await catalog.newVersion(request.actor, request.params.code))),
    );

    app.post(
      '/api/catalog/procedures/:code/publish',
      { schema: { operationId: 'publishProcedureVersion', 'x-problem-codes': ['NO_DRAFT'], ...manage, summary: "Publish a procedure's draft version", description: 'Công bố phiên bản nháp (phiên bản đang áp dụng hết hiệu lực từ ngày trước đó)', params: CodeParams, body: Type.Optional(PublishBody), response: { 200: ProcedureDetail } } },
      async (request) => presentDetail(request.t, await catalog.publish(request.actor, request.params.code, { effectiveFrom: request.body?.effectiveFrom })),
    );

    app.post(
      '/api/catalog/procedures/:code/retire',
      { schema: { operationId: 'retireProcedureVersion', 'x-problem-codes': ['VERSION_NOT_PUBLISHED'], ...manage, summary: "Retire a procedure's version in force", description: 'Bãi bỏ phiên bản đang áp dụng', params: CodeParams, response: { 200: ProcedureDetail } } },
      async (request) => presentDetail(request.t, await catalog.retire(request.actor, request.params.code)),
    );

    app.get(
      '/api/procedures/:code/versions/:version/form',
      { schema: { operationId: 'getProcedureForm', ...manage, summary: "Get a procedure version's e-form", description: 'Biểu mẫu điện tử của một phiên bản (lược đồ và gợi ý hiển thị; biểu mẫu tạo tự động nếu chưa có)', params: VersionParams, response: { 200: FormDefinitionResponse } } },
      async (request) => catalog.formDefinition(request.actor, request.params.code, request.params.version),
    );

    app.put(
      '/api/procedures/:code/versions/:version/form',
      { schema: { operationId: 'updateProcedureForm', 'x-problem-codes': ['EFORM_VERSION_FROZEN', 'VERSION_NOT_DRAFT'], ...manage, summary: "Save a draft version's e-form", description: 'Lưu biểu mẫu điện tử của phiên bản nháp (422 với mọi lỗi; 409 nếu phiên bản đã công bố)', params: VersionParams, body: FormDefinitionBody, response: { 200: FormDefinitionResponse } } },
      async (request) => {
        const body = request.body;
        return catalog.saveFormDefinition(request.actor, request.params.code, request.params.version, body.schema === null ? null : { schema: body.schema, ui: body.ui ?? {} });
      },
    );

    app.get(
      '/api/catalog/export',
      { schema: { operationId: 'exportCatalog', ...manage, summary: 'Export the procedure catalogue', description: 'Xuất danh mục thủ tục (JSON opendvc-catalog hoặc Excel)', querystring: ExportQuery,
          response: {
            200: {
              description: 'The catalogue: format=json (default) the opendvc-catalog document, format=xlsx a workbook (as an attachment)',
              content: {
                'application/json': { schema: { type: 'object', description: 'opendvc-catalog document (the import format)' } },
                'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } },
              },
            },
          } } },
      async (request, reply) => sendCatalogExport(catalog, request, reply, request.query.format ?? 'json'),
    );

    // Template upload (multipart): its own scope, so multipart parsing applies only here.
    await app.register(async (scope: App) => {
      await registerCatalogUploads(scope, ctx);
      scope.post(
        '/api/catalog/procedures/:code/documents/:position/template',
        {
          config: { multipart: multipartBody({ parts: [{ kind: 'file', name: 'file', required: true, description: 'The template file.', mediaTypes: Object.values(TEMPLATE_TYPES), maxBytes: ctx.config.maxTemplateBytes }] }) },
          schema: { operationId: 'uploadDocumentTemplate', 'x-problem-codes': ['TEMPLATE_TOO_LARGE', 'TEMPLATE_TYPE_MISMATCH', 'TEMPLATE_TYPE_NOT_ALLOWED', 'FILE_CHECK_FAILED', 'FILE_UNREADABLE', 'FILE_ARCHIVE_UNSUPPORTED', 'FILE_ENCRYPTED', 'FILE_NESTED_ARCHIVE', 'FILE_TOO_COMPLEX', 'FILE_POLYGLOT', 'FILE_MACROS', 'FILE_EXTENSION_MISMATCH', 'VERSION_NOT_DRAFT'], ...manage, summary: 'Upload a template for a required document', description: 'Tải lên tệp mẫu (PDF, DOC, DOCX, XLS, XLSX, ODT) cho một thành phần hồ sơ của bản nháp; multipart, trường "file"', consumes: ['multipart/form-data'], params: DocumentParams, response: { 201: TemplateResponse } },
        },
        async (request, reply) => {
          const result = await catalog.uploadTemplate(request.actor, request.params.code, request.params.position, stagedFrom(request.body));
          return reply.status(201).send({ ...result, url: `/tep/${result.fileId}` });
        },
      );
    });
  },
};
