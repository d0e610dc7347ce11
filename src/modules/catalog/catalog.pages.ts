// The catalog's public pages: the portal's home, the search, a procedure, template downloads.
import { Type } from 'typebox';
import { DomainError, type FieldError } from '../../core/errors.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { formErrors } from '../../http/form-page.ts';
import { sendStoredFile } from '../files/files.download.ts';
import { searchQueryFromPage } from './catalog.inputs.ts';
import { catalogOptions, filterQuery, pageCount, presentDetail, presentSummary } from './catalog.presenters.ts';
import { CodeParams, SearchPageQuery } from './catalog.schemas.ts';

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
      return sendStoredFile(reply, await catalog.openTemplate(request.params.fileId), 'public, max-age=3600');
    });
  },
};
