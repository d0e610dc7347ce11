// The procedure catalog over HTTP: public pages and JSON API, management pages and API, template files.
import { readFile, rm } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { Type } from 'typebox';
import { DomainError, errorMessage, type FieldError } from '../../core/errors.ts';
import { localiseFieldErrors } from '../../http/problem.ts';
import { registerMessages, type Translate } from '../../core/i18n.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { formErrors, type FormErrors } from '../../http/forms.ts';
import type { VersionStatus } from '../../db/schema.ts';
import { contentDisposition, type StagedFile } from '../files/files.service.ts';
import { ProcedureExchange } from './catalog.exchange.ts';
import { formValues, procedureFromForm, searchQueryFromPage, valuesFromExchange, withEmptyRows, MAX_DOCUMENT_ROWS, type ProcedureFormValues } from './catalog.forms.ts';
import { catalogMessages } from './catalog.messages.ts';
import { catalogOptions, presentDetail, presentSummary } from './catalog.presenters.ts';
import { CodeParams, DocumentParams, ProcedureDetail, ProcedureList, ProcedureQuery, PublishBody, TemplateResponse } from './catalog.schemas.ts';
import { recordToExchange, type ImportResult } from './catalog.service.ts';
import './catalog.errors.ts';
import './catalog.eform.errors.ts';
import { eformMessages } from './catalog.eform.messages.ts';
import { resolveForm, validateFormDefinition as validateFormDefinitionForPreview } from './catalog.eform.ts';
import { formFields, formView } from '../dossiers/dossiers.pages.ts';
import type { FormDefinition } from './catalog.service.ts';

registerMessages(catalogMessages);
registerMessages(eformMessages);

const VersionParams = Type.Object({ code: Type.String({ maxLength: 20 }), version: Type.Integer({ minimum: 1, maximum: 100000 }) });
const FormDefinitionBody = Type.Object(
  {
    schema: Type.Union([Type.Null(), Type.Record(Type.String(), Type.Unknown())], { description: 'JSON Schema of the e-form (subset: see catalog.eform.ts); null: back to the generated form' }),
    ui: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'presentation hints by field id' })),
  },
  { additionalProperties: false },
);
const FormDefinitionResponse = Type.Object({
  code: Type.String(),
  version: Type.Integer(),
  status: Type.String(),
  name: Type.String(),
  editable: Type.Boolean(),
  custom: Type.Boolean({ description: 'false while the version uses the form generated from it' }),
  schema: Type.Record(Type.String(), Type.Unknown()),
  ui: Type.Record(Type.String(), Type.Unknown()),
});

const ADMIN = '/quan-tri/thu-tuc';
const IMPORT_MAX_BYTES = 50 * 1024 * 1024;
const STATUSES: VersionStatus[] = ['draft', 'published', 'retired'];

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Largest file accepted by a multipart route of the catalog (bytes). */
    uploadMaxBytes?: number;
  }
}

function problemFrom(error: unknown, request: FastifyRequest): FormErrors {
  const errors = formErrors(error, request.locale);
  if (!errors) throw error;
  return errors;
}

/** Query string of the filters, for links that keep them (pagination). */
function filterQuery(query: Record<string, unknown>, skip: string[] = ['page', 'pageSize']): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (skip.includes(k) || v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const text = params.toString();
  return text ? `?${text}&` : '?';
}

function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

function stagedFrom(body: unknown, name = 'file'): StagedFile | null {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return value && typeof value === 'object' && 'tempPath' in (value as object) ? (value as StagedFile) : null;
}

function bodyOf(request: FastifyRequest): Record<string, string | string[] | undefined> {
  return (request.body ?? {}) as Record<string, string | string[] | undefined>;
}

function importSummary(t: Translate, result: ImportResult) {
  return t('catalog.import.result', {
    created: result.created,
    newVersions: result.newVersions,
    skipped: result.skipped,
    published: result.published,
    drafts: result.drafts,
    fieldsCreated: result.fieldsCreated,
    fieldsUpdated: result.fieldsUpdated,
  });
}

/** Import errors with their place in the file: a sheet cell for Excel, a JSON path otherwise. */
function describeImportErrors(request: FastifyRequest, error: DomainError): Array<{ where: string; message: string }> {
  const localised = localiseFieldErrors(error.fieldErrors, request.locale);
  if (!localised.length) return [{ where: '', message: errorMessage(error.code, request.locale, error.params) }];
  return localised.map((e) => {
    const parts = e.path.split('/').slice(1);
    const where =
      parts.length === 3 && !/^\d+$/.test(parts[0]!) && /^\d+$/.test(parts[1]!) && !['fields', 'procedures'].includes(parts[0]!)
        ? request.t('catalog.import.cell', { sheet: parts[0]!, row: parts[1]!, column: parts[2]! })
        : parts.join(' › ');
    return { where, message: e.message };
  });
}

/** The e-form as the citizen's page draws it (empty answers; element ids prefixed: no clash with the editor's). */
function previewFields(schema: Record<string, unknown>, locale: FastifyRequest['locale']) {
  const prefix = <T extends { id: string }>(f: T): T => ({ ...f, id: `preview-${f.id}` });
  return formView(formFields(schema, undefined, locale), {}).map((f) => {
    const field = prefix(f) as Record<string, unknown> & { id: string; parts: Array<{ id: string }> };
    field.parts = field.parts.map(prefix);
    if (Array.isArray(field.rows)) field.rows = (field.rows as Array<{ fields: Array<{ id: string }> }>).map((r) => ({ ...r, fields: r.fields.map(prefix) }));
    if (typeof field.listId === 'string') field.listId = `preview-${field.listId}`;
    return field;
  });
}

/** Errors of the e-form editor: each names where it is (a JSON path) and links to its text area. */
function eformErrors(error: DomainError, request: FastifyRequest): FormErrors {
  const base = formErrors(error, request.locale)!;
  const localised = localiseFieldErrors(error.fieldErrors, request.locale);
  if (!localised.length) return base;
  const summary = localised.map((e) => {
    const field = e.path.startsWith('/ui') ? 'ui' : 'schema';
    const where = e.path.split('/').slice(1).join(' › ');
    return { field, href: `#${field}`, message: `${where}: ${e.message}` };
  });
  const byField: Record<string, string> = {};
  for (const item of summary) byField[item.field] ??= item.message;
  return { title: base.title, summary, byField };
}

export const catalogModule: AppModule = {
  name: 'catalog',
  async register(app: App, ctx: AppContext) {
    const catalog = ctx.services.catalog;

    // ------------------------------------------------------------------------------------------
    // Public pages
    // ------------------------------------------------------------------------------------------

    app.get('/', { schema: { hide: true } }, async (_request, reply) => {
      const home = await catalog.home();
      // Portal visits (counted by the visits module) for the "82.000 lượt truy cập" line.
      return reply.page('catalog-home.njk', { ...home, visits: await ctx.services.visits.total() });
    });

    app.get('/thu-tuc', { schema: { hide: true } }, async (request, reply) => {
      const { query, errors: queryErrors } = searchQueryFromPage(request.query as Record<string, unknown>);
      const [fields, agencies] = await Promise.all([catalog.listFields(), catalog.listAgencies()]);
      let result = { rows: [] as Parameters<typeof presentSummary>[1][], total: 0, page: 1, pageSize: 20 };
      let errors: FieldError[] = queryErrors;
      try {
        result = await catalog.search(query);
      } catch (error) {
        if (!(error instanceof DomainError) || error.code !== 'VALIDATION_FAILED') throw error;
        errors = [...errors, ...error.fieldErrors];
      }
      const formErrs = errors.length ? formErrors(new DomainError('VALIDATION_FAILED', undefined, errors), request.locale) : null;
      if (formErrs) reply.status(422);
      return reply.page('catalog-results.njk', {
        query,
        values: request.query,
        items: result.rows.map((r) => presentSummary(request.t, r)),
        total: result.total,
        page: result.page,
        pageCount: pageCount(result.total, result.pageSize),
        baseUrl: `/thu-tuc${filterQuery(query as Record<string, unknown>)}`,
        options: catalogOptions(request.t, agencies, fields),
        errors: formErrs,
      });
    });

    app.get('/thu-tuc/:code', { schema: { hide: true, params: CodeParams } }, async (request, reply) => {
      const record = await catalog.published(request.params.code);
      return reply.page('catalog-procedure.njk', { p: presentDetail(request.t, record) });
    });

    app.get('/tep/:fileId', { schema: { hide: true, params: Type.Object({ fileId: Type.String({ maxLength: 64 }) }) } }, async (request, reply) => {
      const opened = await catalog.openTemplate(request.params.fileId);
      reply.header('content-type', opened.file.media_type);
      reply.header('content-length', String(opened.file.size_bytes));
      reply.header('content-disposition', contentDisposition(opened.file.original_name));
      reply.header('x-content-type-options', 'nosniff');
      reply.header('cache-control', 'public, max-age=3600');
      return reply.send(opened.stream);
    });

    // ------------------------------------------------------------------------------------------
    // Public JSON API
    // ------------------------------------------------------------------------------------------

    app.get(
      '/api/procedures',
      { schema: { tags: ['catalog'], summary: 'Tìm kiếm thủ tục hành chính đang áp dụng', querystring: ProcedureQuery, response: { 200: ProcedureList } } },
      async (request) => {
        const result = await catalog.search(request.query);
        return { items: result.rows.map((r) => presentSummary(request.t, r)), total: result.total, page: result.page, pageSize: result.pageSize };
      },
    );

    app.get(
      '/api/procedures/:code',
      { schema: { tags: ['catalog'], summary: 'Thủ tục hành chính (phiên bản đang áp dụng)', params: CodeParams, response: { 200: ProcedureDetail } } },
      async (request) => presentDetail(request.t, await catalog.published(request.params.code)),
    );

    // ------------------------------------------------------------------------------------------
    // Management JSON API
    // ------------------------------------------------------------------------------------------

    const manage = { tags: ['catalog'], security: [{ session: [], csrf: [] }] };

    app.post(
      '/api/catalog/procedures',
      { schema: { ...manage, summary: 'Tạo thủ tục và phiên bản nháp đầu tiên', body: ProcedureExchange, response: { 201: ProcedureDetail } } },
      async (request, reply) => {
        const record = await catalog.create(request.actor, request.body);
        return reply.status(201).send(presentDetail(request.t, record));
      },
    );

    app.put(
      '/api/catalog/procedures/:code/draft',
      { schema: { ...manage, summary: 'Sửa phiên bản nháp', params: CodeParams, body: ProcedureExchange, response: { 200: ProcedureDetail } } },
      async (request) => presentDetail(request.t, await catalog.updateDraft(request.actor, request.params.code, request.body)),
    );

    app.post(
      '/api/catalog/procedures/:code/versions',
      { schema: { ...manage, summary: 'Tạo phiên bản mới (bản nháp sao chép từ phiên bản mới nhất)', params: CodeParams, response: { 201: ProcedureDetail } } },
      async (request, reply) => reply.status(201).send(presentDetail(request.t, await catalog.newVersion(request.actor, request.params.code))),
    );

    app.post(
      '/api/catalog/procedures/:code/publish',
      { schema: { ...manage, summary: 'Công bố phiên bản nháp (phiên bản đang áp dụng hết hiệu lực từ ngày trước đó)', params: CodeParams, body: Type.Optional(PublishBody), response: { 200: ProcedureDetail } } },
      async (request) => presentDetail(request.t, await catalog.publish(request.actor, request.params.code, { effectiveFrom: request.body?.effectiveFrom })),
    );

    app.post(
      '/api/catalog/procedures/:code/retire',
      { schema: { ...manage, summary: 'Bãi bỏ phiên bản đang áp dụng', params: CodeParams, response: { 200: ProcedureDetail } } },
      async (request) => presentDetail(request.t, await catalog.retire(request.actor, request.params.code)),
    );

    app.get(
      '/api/procedures/:code/versions/:version/form',
      { schema: { ...manage, summary: 'Biểu mẫu điện tử của một phiên bản (lược đồ và gợi ý hiển thị; biểu mẫu tạo tự động nếu chưa có)', params: VersionParams, response: { 200: FormDefinitionResponse } } },
      async (request) => catalog.formDefinition(request.actor, request.params.code, request.params.version),
    );

    app.put(
      '/api/procedures/:code/versions/:version/form',
      { schema: { ...manage, summary: 'Lưu biểu mẫu điện tử của phiên bản nháp (422 với mọi lỗi; 409 nếu phiên bản đã công bố)', params: VersionParams, body: FormDefinitionBody, response: { 200: FormDefinitionResponse } } },
      async (request) => {
        const body = request.body;
        return catalog.saveFormDefinition(request.actor, request.params.code, request.params.version, body.schema === null ? null : { schema: body.schema, ui: body.ui ?? {} });
      },
    );

    app.get(
      '/api/catalog/export',
      { schema: { ...manage, summary: 'Xuất danh mục thủ tục (JSON opendvc-catalog hoặc Excel)', querystring: Type.Object({ format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('xlsx')])) }) } },
      async (request, reply) => sendExport(request, reply, request.query.format ?? 'json'),
    );

    async function sendExport(request: FastifyRequest, reply: FastifyReply, format: 'json' | 'xlsx') {
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

    // ------------------------------------------------------------------------------------------
    // Multipart routes (templates, import): their own scope, so multipart parsing applies only here.
    // ------------------------------------------------------------------------------------------

    await app.register(async (scope: App) => {
      await scope.register(multipart, {
        attachFieldsToBody: 'keyValues',
        limits: { fileSize: Math.max(ctx.config.maxTemplateBytes, IMPORT_MAX_BYTES) + 1, files: 1, fields: 50, parts: 60 },
        async onFile(this: FastifyRequest, part) {
          // Only signed-in users get anything written to disk; for others the upload is read and dropped.
          if (!this.actor) {
            await pipeline(part.file, new Writable({ write: (_chunk, _enc, done) => done() }));
            return;
          }
          const max = this.routeOptions.config.uploadMaxBytes ?? ctx.config.maxTemplateBytes;
          const staged = await ctx.services.files.stage(part.file, part.filename, { maxBytes: max });
          (part as unknown as { value: unknown }).value = staged;
        },
      });
      // Staged uploads that were not stored (errors, CSRF failures) are removed after the response.
      scope.addHook('onResponse', async (request) => {
        const staged = stagedFrom(request.body);
        if (staged) await rm(staged.tempPath, { force: true });
      });

      scope.post(
        '/api/catalog/procedures/:code/documents/:position/template',
        {
          schema: { ...manage, summary: 'Tải lên tệp mẫu (PDF, DOC, DOCX, XLS, XLSX, ODT) cho một thành phần hồ sơ của bản nháp; multipart, trường "file"', consumes: ['multipart/form-data'], params: DocumentParams, response: { 201: TemplateResponse } },
        },
        async (request, reply) => {
          const result = await catalog.uploadTemplate(request.actor, request.params.code, request.params.position, stagedFrom(request.body));
          return reply.status(201).send({ ...result, url: `/tep/${result.fileId}` });
        },
      );

      scope.post(`${ADMIN}/:code/tai-lieu/:position/mau`, { schema: { hide: true, params: DocumentParams } }, async (request, reply) => {
        try {
          await catalog.uploadTemplate(request.actor, request.params.code, request.params.position, stagedFrom(request.body));
          return reply.redirect(`${ADMIN}/${request.params.code}?thongbao=mau`, 303);
        } catch (error) {
          const errors = problemFrom(error, request);
          if ((error as DomainError).status === 404 || (error as DomainError).status === 401) throw error;
          reply.status((error as DomainError).status);
          return renderAdminProcedure(request, reply, request.params.code, errors);
        }
      });

      scope.post(`${ADMIN}/nhap`, { schema: { hide: true }, config: { uploadMaxBytes: IMPORT_MAX_BYTES } }, async (request, reply) => {
        await catalog.managedAgencies(request.actor);
        const staged = stagedFrom(request.body);
        const draft = bodyOf(request).draft === 'true';
        try {
          if (!staged || staged.sizeBytes === 0) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/file', code: 'CATALOG_FILE_REQUIRED' }]);
          if (staged.truncated) throw new DomainError('PAYLOAD_TOO_LARGE');
          const bytes = await readFile(staged.tempPath);
          const result = await catalog.importFile(request.actor, bytes, { source: 'web', draft });
          return reply.page('catalog-import.njk', { result, summary: importSummary(request.t, result), values: { draft } });
        } catch (error) {
          if (error instanceof DomainError && ['UNAUTHENTICATED', 'FORBIDDEN'].includes(error.code)) throw error;
          const errors = problemFrom(error, request);
          reply.status((error as DomainError).status);
          const importErrors = error instanceof DomainError ? describeImportErrors(request, error) : [];
          return reply.page('catalog-import.njk', { errors, importErrors, values: { draft } });
        }
      });
    });

    // ------------------------------------------------------------------------------------------
    // Management pages
    // ------------------------------------------------------------------------------------------

    app.get(ADMIN, { schema: { hide: true } }, async (request, reply) => {
      const raw = request.query as Record<string, string | undefined>;
      const status = STATUSES.includes(raw.status as VersionStatus) ? (raw.status as VersionStatus) : undefined;
      const page = Math.min(Math.max(Number.parseInt(raw.page ?? '1', 10) || 1, 1), 100000);
      const q = (raw.q ?? '').slice(0, 200);
      const result = await catalog.adminList(request.actor, { status, q, page, pageSize: 50 });
      return reply.page('catalog-admin-list.njk', {
        ...result,
        status: status ?? '',
        q,
        statuses: STATUSES,
        pageCount: pageCount(result.total, result.pageSize),
        baseUrl: `${ADMIN}${filterQuery({ status, q })}`,
      });
    });

    app.get(`${ADMIN}/xuat.json`, { schema: { hide: true } }, async (request, reply) => sendExport(request, reply, 'json'));
    app.get(`${ADMIN}/xuat.xlsx`, { schema: { hide: true } }, async (request, reply) => sendExport(request, reply, 'xlsx'));

    app.get(`${ADMIN}/nhap`, { schema: { hide: true } }, async (request, reply) => {
      await catalog.managedAgencies(request.actor);
      return reply.page('catalog-import.njk', { values: { draft: false } });
    });

    async function renderForm(request: FastifyRequest, reply: FastifyReply, data: { mode: 'create' | 'edit'; code?: string; values: ProcedureFormValues; errors?: FormErrors | null }) {
      const [agencies, fields] = await Promise.all([catalog.managedAgencies(request.actor), catalog.listFields()]);
      // Flat keys for the field macros: documents.0.name, documents.0.copies, ...
      data.values.documents.forEach((d, i) => {
        data.values[`documents.${i}.name`] = d.name;
        data.values[`documents.${i}.copies`] = d.copies;
      });
      return reply.page('catalog-admin-form.njk', { ...data, options: catalogOptions(request.t, agencies, fields), maxRows: MAX_DOCUMENT_ROWS });
    }

    app.get(`${ADMIN}/moi`, { schema: { hide: true } }, async (request, reply) => {
      const values = withEmptyRows({ documents: [], audience: ['citizen'], onlineLevel: '2', onlineClass: 'none', 'timeLimit.unit': 'working_days', authorityLevel: 'central' });
      return renderForm(request, reply, { mode: 'create', values });
    });

    app.post(`${ADMIN}/moi`, { schema: { hide: true } }, async (request, reply) => {
      const body = bodyOf(request);
      const values = formValues(body);
      const code = String(values.code ?? '').trim();
      if (body.action === 'addRow') return renderForm(request, reply, { mode: 'create', values: withEmptyRows(values, 1) });
      const { input, errors } = procedureFromForm(values, code);
      try {
        if (!input) throw new DomainError('VALIDATION_FAILED', undefined, errors);
        await catalog.create(request.actor, input);
        return reply.redirect(`${ADMIN}/${code}?thongbao=tao`, 303);
      } catch (error) {
        const formErrs = problemFrom(error, request);
        reply.status((error as DomainError).status);
        return renderForm(request, reply, { mode: 'create', values: withEmptyRows(values, 0), errors: formErrs });
      }
    });

    async function renderAdminProcedure(request: FastifyRequest, reply: FastifyReply, code: string, errors: FormErrors | null = null) {
      const data = await catalog.adminProcedure(request.actor, code);
      const notice = (request.query as Record<string, string | undefined>).thongbao;
      return reply.page('catalog-admin-procedure.njk', {
        code,
        versions: data.versions,
        latest: presentDetail(request.t, data.latest),
        draft: data.draft ? presentDetail(request.t, data.draft) : null,
        published: data.published ? presentDetail(request.t, data.published) : null,
        notice: notice && /^[a-z]{2,12}$/.test(notice) ? notice : null,
        errors,
      });
    }

    app.get(`${ADMIN}/:code`, { schema: { hide: true, params: CodeParams } }, async (request, reply) => renderAdminProcedure(request, reply, request.params.code));

    // --- the e-form editor ----------------------------------------------------------------------

    function eformPage(request: FastifyRequest, reply: FastifyReply, form: FormDefinition, values: { schema: string; ui: string }, options: { errors?: FormErrors | null; preview?: unknown[] | null; saved?: boolean } = {}) {
      return reply.page('catalog-admin-eform.njk', { form, values, errors: options.errors ?? null, preview: options.preview ?? null, saved: options.saved ?? false, statusText: request.t(`eform.status.${form.status}`) });
    }

    const pretty = (value: unknown) => JSON.stringify(value, null, 2);

    app.get(`${ADMIN}/:code/phien-ban/:version/bieu-mau`, { schema: { hide: true, params: VersionParams } }, async (request, reply) => {
      const form = await catalog.formDefinition(request.actor, request.params.code, request.params.version);
      const saved = (request.query as Record<string, string | undefined>).thongbao === 'luu';
      return eformPage(request, reply, form, { schema: pretty(form.schema), ui: pretty(form.ui) }, { saved });
    });

    app.post(`${ADMIN}/:code/phien-ban/:version/bieu-mau`, { schema: { hide: true, params: VersionParams } }, async (request, reply) => {
      const { code, version } = request.params;
      const form = await catalog.formDefinition(request.actor, code, version);
      const body = bodyOf(request);
      const values = { schema: String(body.schema ?? '').slice(0, 200_000), ui: String(body.ui ?? '').slice(0, 100_000) };
      const action = String(body.action ?? 'save');
      try {
        if (action === 'reset') {
          await catalog.saveFormDefinition(request.actor, code, version, null);
          return reply.redirect(`${ADMIN}/${code}/phien-ban/${version}/bieu-mau?thongbao=luu`, 303);
        }
        const parse = (text: string, path: string): unknown => {
          try {
            return text.trim() ? JSON.parse(text) : path === '/ui' ? {} : null;
          } catch {
            throw new DomainError('VALIDATION_FAILED', undefined, [{ path, code: 'EFORM_JSON_INVALID' }]);
          }
        };
        const errors: FieldError[] = [];
        let schema: unknown = null;
        let ui: unknown = {};
        for (const [path, text] of [['/schema', values.schema], ['/ui', values.ui]] as const) {
          try {
            if (path === '/schema') schema = parse(text, path);
            else ui = parse(text, path);
          } catch (error) {
            errors.push(...(error as DomainError).fieldErrors);
          }
        }
        if (errors.length) throw new DomainError('VALIDATION_FAILED', undefined, errors);
        if (action === 'preview') {
          const problems = validateFormDefinitionForPreview(schema, ui);
          if (problems.length) throw new DomainError('VALIDATION_FAILED', undefined, problems);
          const resolved = resolveForm(schema as Record<string, unknown>, ui as Record<string, unknown>);
          return eformPage(request, reply, form, values, { preview: previewFields(resolved, request.locale) });
        }
        await catalog.saveFormDefinition(request.actor, code, version, { schema, ui });
        return reply.redirect(`${ADMIN}/${code}/phien-ban/${version}/bieu-mau?thongbao=luu`, 303);
      } catch (error) {
        const status = (error as DomainError).status;
        if (!(error instanceof DomainError) || status === 404 || status === 401 || status === 403) throw error;
        reply.status(status);
        return eformPage(request, reply, form, values, { errors: eformErrors(error, request) });
      }
    });

    app.get(`${ADMIN}/:code/sua`, { schema: { hide: true, params: CodeParams } }, async (request, reply) => {
      const data = await catalog.adminProcedure(request.actor, request.params.code);
      if (!data.draft) throw new DomainError('NO_DRAFT');
      const values = valuesFromExchange(
        recordToExchange(data.draft),
        data.draft.documents.map((d) => (d.template_file_id ? `/tep/${d.template_file_id}` : null)),
      );
      return renderForm(request, reply, { mode: 'edit', code: request.params.code, values: withEmptyRows(values) });
    });

    app.post(`${ADMIN}/:code/sua`, { schema: { hide: true, params: CodeParams } }, async (request, reply) => {
      const code = request.params.code;
      const body = bodyOf(request);
      const values = formValues(body);
      values.code = code;
      if (body.action === 'addRow') return renderForm(request, reply, { mode: 'edit', code, values: withEmptyRows(values, 1) });
      const { input, errors } = procedureFromForm(values, code);
      try {
        if (!input) throw new DomainError('VALIDATION_FAILED', undefined, errors);
        await catalog.updateDraft(request.actor, code, input);
        return reply.redirect(`${ADMIN}/${code}?thongbao=luu`, 303);
      } catch (error) {
        const formErrs = problemFrom(error, request);
        if ((error as DomainError).status === 404) throw error;
        reply.status((error as DomainError).status);
        return renderForm(request, reply, { mode: 'edit', code, values: withEmptyRows(values, 0), errors: formErrs });
      }
    });

    const action = (path: string, run: (request: FastifyRequest, code: string) => Promise<unknown>, notice: string) => {
      app.post(`${ADMIN}/:code/${path}`, { schema: { hide: true, params: CodeParams } }, async (request, reply) => {
        try {
          await run(request, request.params.code);
          return reply.redirect(`${ADMIN}/${request.params.code}?thongbao=${notice}`, 303);
        } catch (error) {
          const errors = problemFrom(error, request);
          const status = (error as DomainError).status;
          if (status === 404 || status === 401 || status === 403) throw error;
          reply.status(status);
          return renderAdminProcedure(request, reply, request.params.code, errors);
        }
      });
    };
    action('phien-ban-moi', (request, code) => catalog.newVersion(request.actor, code), 'moi');
    action(
      'cong-bo',
      (request, code) => {
        const raw = String(bodyOf(request).effectiveFrom ?? '').trim();
        // The date field may arrive as dd/mm/yyyy (typed) or yyyy-mm-dd (date picker).
        const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(raw);
        const effectiveFrom = m ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : raw || undefined;
        return catalog.publish(request.actor, code, { effectiveFrom });
      },
      'congbo',
    );
    action('bai-bo', (request, code) => catalog.retire(request.actor, code), 'baibo');
  },
};
