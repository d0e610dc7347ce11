// The catalog's management pages (/quan-tri/thu-tuc): the list, a procedure and its versions, the procedure form
// (create, edit the draft), version actions (new version, publish, retire), template uploads, import and export.
// Every form goes through `formPage`: act → 303 to the procedure, or the form again with the error summary.
import { readFile } from 'node:fs/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, errorMessage } from '../../core/errors.ts';
import type { Translate } from '../../core/i18n.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { FormBody, formPage, formText, requireValid, type FormErrors } from '../../http/form-page.ts';
import { localiseFieldErrors } from '../../http/problem.ts';
import type { VersionStatus } from '../../db/schema.ts';
import { formValues, procedureFromForm, procedureKeyFromForm, valuesFromExchange, withEmptyRows, MAX_DOCUMENT_ROWS, type ProcedureFormValues } from './catalog.inputs.ts';
import { catalogOptions, filterQuery, pageCount, presentDetail } from './catalog.presenters.ts';
import { sendCatalogExport } from './catalog.routes.ts';
import { AdminListQuery, CodeParams, DocumentParams, NoticeQuery } from './catalog.schemas.ts';
import { recordToExchange, type ImportResult } from './catalog.service.ts';
import { IMPORT_MAX_BYTES, registerCatalogUploads, stagedFrom, stagedText } from './catalog.uploads.ts';

const ADMIN = '/quan-tri/thu-tuc';
const STATUSES: VersionStatus[] = ['draft', 'published', 'retired'];

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
        : e.path; // a JSON pointer into the file (docs/catalog-format.md)
    return { where, message: e.message };
  });
}

/** The publish form's date: dd/mm/yyyy (typed) or yyyy-mm-dd (date picker); empty: the service's default. */
export function effectiveFromField(raw: string): string | undefined {
  const text = raw.trim();
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  return m ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : text || undefined;
}

export const catalogManagePagesModule: AppModule = {
  name: 'catalog-manage-pages',
  async register(app: App, ctx: AppContext) {
    const catalog = ctx.services.catalog;

    async function renderForm(request: FastifyRequest, reply: FastifyReply, data: { mode: 'create' | 'edit'; code?: string; values: ProcedureFormValues; errors?: FormErrors | null }) {
      const [agencies, fields] = await Promise.all([catalog.managedAgencies(request.actor), catalog.listFields()]);
      // Flat keys for the field macros: documents.0.name, documents.0.copies, ...
      data.values.documents.forEach((d, i) => {
        data.values[`documents.${i}.name`] = d.name;
        data.values[`documents.${i}.copies`] = d.copies;
        data.values[`documents.${i}.condition`] = d.condition ?? '';
      });
      return reply.page('catalog-admin-form.njk', { ...data, options: catalogOptions(request.t, agencies, fields), maxRows: MAX_DOCUMENT_ROWS });
    }

    async function renderAdminProcedure(request: FastifyRequest, reply: FastifyReply, code: string, options: { errors?: FormErrors | null; notice?: string } = {}) {
      const data = await catalog.adminProcedure(request.actor, code);
      // What the last catalog sync saw of it on the national portal (catalog.sync.ts).
      const portal = (await ctx.services.catalogSync.publicityOf(code)) ?? null;
      const notice = options.notice;
      return reply.page('catalog-admin-procedure.njk', {
        code,
        versions: data.versions,
        latest: presentDetail(request.t, data.latest),
        draft: data.draft ? presentDetail(request.t, data.draft) : null,
        published: data.published ? presentDetail(request.t, data.published) : null,
        notice: notice && /^[a-z]{2,12}$/.test(notice) ? notice : null,
        errors: options.errors ?? null,
        portal,
      });
    }

    // --- list, export, import ------------------------------------------------------------------

    app.get(ADMIN, { schema: { hide: true, querystring: AdminListQuery } }, async (request, reply) => {
      const status = STATUSES.find((s) => s === request.query.status);
      const page = request.query.page ?? 1;
      const q = (request.query.q ?? '').slice(0, 200);
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

    app.get(`${ADMIN}/xuat.json`, { schema: { hide: true } }, async (request, reply) => sendCatalogExport(catalog, request, reply, 'json'));
    app.get(`${ADMIN}/xuat.xlsx`, { schema: { hide: true } }, async (request, reply) => sendCatalogExport(catalog, request, reply, 'xlsx'));

    app.get(`${ADMIN}/nhap`, { schema: { hide: true } }, async (request, reply) => {
      await catalog.managedAgencies(request.actor);
      return reply.page('catalog-import.njk', { values: { draft: false } });
    });

    // --- the procedure form: create, edit the draft ---------------------------------------------

    app.get(`${ADMIN}/moi`, { schema: { hide: true } }, async (request, reply) => {
      const values = withEmptyRows({ documents: [], audience: ['citizen'], onlineLevel: '2', onlineClass: 'none', 'timeLimit.unit': 'working_days', 'timeLimit.kind': 'limit', authorityLevel: 'central' });
      return renderForm(request, reply, { mode: 'create', values });
    });

    app.post(`${ADMIN}/moi`, { schema: { hide: true, body: FormBody } }, async (request, reply) => {
      const values = formValues(request.body ?? {});
      const code = procedureKeyFromForm(values);
      if (formText(request.body, 'action') === 'addRow') return renderForm(request, reply, { mode: 'create', values: withEmptyRows(values, 1) });
      return formPage(request, reply, {
        act: async () => {
          const { input, errors } = procedureFromForm(values, code);
          await catalog.create(request.actor, requireValid(input, errors));
          return `${ADMIN}/${code}?thongbao=tao`;
        },
        rerender: (errors) => renderForm(request, reply, { mode: 'create', values: withEmptyRows(values, 0), errors }),
      });
    });

    app.get(`${ADMIN}/:code`, { schema: { hide: true, params: CodeParams, querystring: NoticeQuery } }, async (request, reply) =>
      renderAdminProcedure(request, reply, request.params.code, { notice: request.query.thongbao }),
    );

    app.get(`${ADMIN}/:code/sua`, { schema: { hide: true, params: CodeParams } }, async (request, reply) => {
      const data = await catalog.adminProcedure(request.actor, request.params.code);
      if (!data.draft) throw new DomainError('NO_DRAFT');
      const values = valuesFromExchange(
        recordToExchange(data.draft),
        data.draft.documents.map((d) => (d.template_file_id ? `/tep/${d.template_file_id}` : null)),
      );
      return renderForm(request, reply, { mode: 'edit', code: request.params.code, values: withEmptyRows(values) });
    });

    app.post(`${ADMIN}/:code/sua`, { schema: { hide: true, params: CodeParams, body: FormBody } }, async (request, reply) => {
      const code = request.params.code;
      const values = formValues(request.body ?? {});
      values.code = code;
      if (formText(request.body, 'action') === 'addRow') return renderForm(request, reply, { mode: 'edit', code, values: withEmptyRows(values, 1) });
      return formPage(request, reply, {
        act: async () => {
          const { input, errors } = procedureFromForm(values, code);
          await catalog.updateDraft(request.actor, code, requireValid(input, errors));
          return `${ADMIN}/${code}?thongbao=luu`;
        },
        rerender: (errors) => renderForm(request, reply, { mode: 'edit', code, values: withEmptyRows(values, 0), errors }),
      });
    });

    // --- version actions: buttons on the procedure's page ---------------------------------------

    const action = (path: string, run: (request: FastifyRequest, code: string, body: FormBody) => Promise<unknown>, notice: string) => {
      app.post(`${ADMIN}/:code/${path}`, { schema: { hide: true, params: CodeParams, body: FormBody } }, async (request, reply) => {
        const code = request.params.code;
        return formPage(request, reply, {
          act: async () => {
            await run(request, code, request.body);
            return `${ADMIN}/${code}?thongbao=${notice}`;
          },
          rerender: (errors) => renderAdminProcedure(request, reply, code, { errors }),
        });
      });
    };
    action('phien-ban-moi', (request, code) => catalog.newVersion(request.actor, code), 'moi');
    action('cong-bo', (request, code, body) => catalog.publish(request.actor, code, { effectiveFrom: effectiveFromField(formText(body, 'effectiveFrom')) }), 'congbo');
    action('bai-bo', (request, code) => catalog.retire(request.actor, code), 'baibo');

    // --- uploads (multipart): template files, the import -----------------------------------------

    await app.register(async (scope: App) => {
      await registerCatalogUploads(scope, ctx);

      scope.post(`${ADMIN}/:code/tai-lieu/:position/mau`, { schema: { hide: true, params: DocumentParams } }, async (request, reply) => {
        const { code, position } = request.params;
        return formPage(request, reply, {
          act: async () => {
            await catalog.uploadTemplate(request.actor, code, position, stagedFrom(request.body));
            return `${ADMIN}/${code}?thongbao=mau`;
          },
          rerender: (errors) => renderAdminProcedure(request, reply, code, { errors }),
        });
      });

      // The import answers with its result on the page (nothing to show at a URL afterwards).
      scope.post(`${ADMIN}/nhap`, { schema: { hide: true }, config: { uploadMaxBytes: IMPORT_MAX_BYTES } }, async (request, reply) => {
        await catalog.managedAgencies(request.actor);
        const staged = stagedFrom(request.body);
        const draft = stagedText(request.body, 'draft') === 'true';
        return formPage(request, reply, {
          act: async () => {
            if (!staged || staged.sizeBytes === 0) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/file', code: 'CATALOG_FILE_REQUIRED' }]);
            if (staged.truncated) throw new DomainError('PAYLOAD_TOO_LARGE');
            const bytes = await readFile(staged.tempPath);
            const result = await catalog.importFile(request.actor, bytes, { source: 'web', draft });
            return reply.page('catalog-import.njk', { result, summary: importSummary(request.t, result), values: { draft } });
          },
          rerender: (errors, error) => reply.page('catalog-import.njk', { errors, importErrors: describeImportErrors(request, error), values: { draft } }),
        });
      });
    });
  },
};
