// The administrator page of the historical import (/quan-tri/nhap-ho-so) and the progress as JSON.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { registerMessages } from '../../core/i18n.ts';
import { formatDateTime, formatNumber } from '../../core/text.ts';
import type { App, AppModule } from '../../http/app.ts';
import { formPage, type FormErrors } from '../../http/form-page.ts';
import { contentDisposition } from '../files/files.service.ts';
import { registerStagedUploads, stagedFrom } from '../files/files.staging.ts';
import { importsMessages } from './imports.messages.ts';
import { IMPORT_COLUMNS } from './imports.rules.ts';
import { IdParams, ImportStatus } from './imports.schemas.ts';
import type { ImportView } from './imports.service.ts';
import { errorMessage } from '../../core/errors.ts';
import './imports.errors.ts';

registerMessages(importsMessages);

const BASE = '/quan-tri/nhap-ho-so';
function present(request: FastifyRequest, run: ImportView) {
  return {
    ...run,
    when: formatDateTime(run.createdAt),
    statusText: request.t(`imports.status.${run.status}`),
    error: run.errorCode ? errorMessage(run.errorCode, request.locale, run.errorParams ?? undefined) : null,
    summary: request.t('imports.run.summary', {
      total: formatNumber(run.totalRows ?? run.processedRows, request.locale),
      inserted: formatNumber(run.insertedRows, request.locale),
      existing: formatNumber(run.existingRows, request.locale),
      bad: formatNumber(run.badRows, request.locale),
    }),
    progressText: request.t('imports.run.progressText', { percent: run.percent, rows: formatNumber(run.processedRows, request.locale) }),
    sizeText: request.t('imports.run.bytes', { size: formatNumber(run.sizeBytes, request.locale) }),
    active: run.status === 'queued' || run.status === 'running',
    badRowsUrl: run.errorsFileId ? `${BASE}/${run.id}/dong-loi.csv` : null,
  };
}

export const importsModule: AppModule = {
  name: 'imports',
  async register(app: App, ctx) {
    const imports = ctx.services.imports;
    const requiredColumns = IMPORT_COLUMNS.filter((c) => c.required).map((c) => c.key).join(', ');

    async function renderHome(request: FastifyRequest, reply: FastifyReply, errors: FormErrors | null = null) {
      const runs = await imports.list(request.actor);
      return reply.page('imports-home.njk', { runs: runs.map((r) => present(request, r)), errors, columns: requiredColumns });
    }

    app.get(BASE, { schema: { hide: true } }, async (request, reply) => renderHome(request, reply));

    app.get(`${BASE}/:id`, { schema: { hide: true, params: IdParams } }, async (request, reply) => {
      const run = present(request, await imports.get(request.actor, request.params.id));
      return reply.page('imports-run.njk', { run });
    });

    app.get(`${BASE}/:id/dong-loi.csv`, { schema: { hide: true, params: IdParams } }, async (request, reply) => {
      const file = await imports.errorsFile(request.actor, request.params.id);
      reply.header('content-type', 'text/csv; charset=utf-8');
      reply.header('content-disposition', contentDisposition(file.fileName));
      reply.header('x-content-type-options', 'nosniff');
      return reply.send(file.stream);
    });

    app.get(
      '/api/imports/:id',
      { schema: { operationId: 'getImport', tags: ['imports'], summary: "Get an import's progress and outcome", description: 'Tiến độ và kết quả một lần nhập hồ sơ (quản trị)', params: IdParams, response: { 200: ImportStatus } } },
      async (request) => {
        const run = present(request, await imports.get(request.actor, request.params.id));
        return {
          id: run.id, status: run.status, fileName: run.fileName, percent: run.percent, processedRows: run.processedRows, totalRows: run.totalRows,
          insertedRows: run.insertedRows, existingRows: run.existingRows, badRows: run.badRows, errorCode: run.errorCode, error: run.error, badRowsUrl: run.badRowsUrl,
        };
      },
    );

    // The upload: its own scope, so multipart parsing applies only here.
    await app.register(async (scope: App) => {
      await registerStagedUploads(scope, ctx.services.files, { maxBytes: ctx.config.importMaxBytes, fields: 10, parts: 12 });

      scope.post(BASE, { schema: { hide: true } }, async (request, reply) => {
        return formPage(request, reply, {
          act: async () => `${BASE}/${(await imports.upload(request.actor, stagedFrom(request.body))).id}`,
          rerender: (errors) => renderHome(request, reply, errors),
        });
      });
    });
  },
};
