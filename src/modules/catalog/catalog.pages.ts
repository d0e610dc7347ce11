// The catalog's public pages: the portal's home, the search, a procedure, template downloads.
import { DomainError } from '../../core/errors.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { formErrors, formPage, requireValid, type FormErrors } from '../../http/form-page.ts';
import { sendStoredFile } from '../files/files.download.ts';
import { searchQueryFromPage } from './catalog.inputs.ts';
import { catalogOptions, filterQuery, pageCount, presentDetail, presentSummary } from './catalog.presenters.ts';
import { CodeParams, SearchPageQuery, TemplateFileParams } from './catalog.schemas.ts';

export const catalogPagesModule: AppModule = {
  name: 'catalog-pages',
  async register(app: App, ctx: AppContext) {
    const catalog = ctx.services.catalog;

    app.get('/', { schema: { hide: true } }, async (_request, reply) => {
      const home = await catalog.home();
      // Portal visits (counted by the visits module) for the "82.000 lượt truy cập" line.
      return reply.page('catalog-home.njk', { ...home, visits: await ctx.services.visits.total() });
    });

    // The search answers on the page: a filter that does not validate is named in the error summary (422) and left out.
    app.get('/thu-tuc', { schema: { hide: true, querystring: SearchPageQuery } }, async (request, reply) => {
      const { query, errors: queryErrors } = searchQueryFromPage(request.query);
      const [fields, agencies] = await Promise.all([catalog.listFields(), catalog.listAgencies()]);
      let result = { rows: [] as Parameters<typeof presentSummary>[1][], total: 0, page: 1, pageSize: 20 };
      const render = (errors: FormErrors | null) =>
        reply.page('catalog-results.njk', {
          query,
          values: request.query,
          items: result.rows.map((r) => presentSummary(request.t, r)),
          total: result.total,
          page: result.page,
          pageCount: pageCount(result.total, result.pageSize),
          baseUrl: `/thu-tuc${filterQuery(query)}`,
          options: catalogOptions(request.t, agencies, fields),
          errors,
        });
      return formPage(request, reply, {
        act: async () => {
          result = await catalog.search(query);
          requireValid(true, queryErrors);
          return render(null);
        },
        pageError: (error) => error.code !== 'VALIDATION_FAILED',
        // The filters left out when reading the query, and those the search refused.
        summary: (error) => formErrors(new DomainError('VALIDATION_FAILED', undefined, [...queryErrors, ...error.fieldErrors.filter((e) => !queryErrors.includes(e))]), request.locale)!,
        rerender: (errors) => render(errors),
      });
    });

    app.get('/thu-tuc/:code', { schema: { hide: true, params: CodeParams } }, async (request, reply) => {
      const record = await catalog.published(request.params.code);
      return reply.page('catalog-procedure.njk', { p: presentDetail(request.t, record) });
    });

    app.get('/tep/:fileId', { schema: { hide: true, params: TemplateFileParams } }, async (request, reply) => {
      return sendStoredFile(reply, await catalog.openTemplate(request.params.fileId), 'public, max-age=3600');
    });
  },
};
