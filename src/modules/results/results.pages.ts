// Electronic results, HTML pages (server-rendered, no JavaScript): the public verification (`/xac-thuc`, a form
// for the code and an optional PDF to compare; `/xac-thuc/:code`, what the QR code opens), the officer's results
// page of a dossier (issue, upload a PDF signed outside, revoke) and the applicant's (download).
import multipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../core/errors.ts';
import { registerMessages } from '../../core/i18n.ts';
import type { AppContext } from '../../container.ts';
import { sameToken, type App, type AppModule } from '../../http/app.ts';
import { FormBody, formPage, formText, type FormErrors } from '../../http/form-page.ts';
import { readDocumentUploads } from '../../http/uploads.ts';
import { registerStagedUploads, stagedFrom } from '../files/files.staging.ts';
import { requireActor } from '../identity/identity.routes.ts';
import './results.errors.ts';
import { resultsMessages } from './results.messages.ts';
import { CodeParams, DossierParams } from './results.schemas.ts';
import { formatVerificationCode, normaliseVerificationCode } from './results.rules.ts';
import type { VerificationView } from './results.service.ts';

registerMessages(resultsMessages);

/** One field's error for the form's summary. */
function fieldError(field: string, message: string): FormErrors {
  return { title: message, summary: [{ field, href: `#${field}`, message }], byField: { [field]: message } };
}

export const resultsPagesModule: AppModule = {
  name: 'results-pages',
  async register(app: App, ctx: AppContext) {
    const results = ctx.services.results;
    const maxBytes = ctx.config.dossierMaxFileBytes;

    // --- public verification ------------------------------------------------------------------------

    async function showVerdict(request: FastifyRequest, reply: FastifyReply, code: string, file: Buffer | null) {
      try {
        const v: VerificationView = await results.verify(code, request.ip, file);
        if (v.state === 'unknown') reply.status(404);
        return reply.page('result-verify.njk', { v, values: { code: v.displayCode } });
      } catch (error) {
        if (!(error instanceof DomainError) || error.code !== 'RATE_LIMITED') throw error;
        reply.status(429);
        const message = request.t('results.verify.rateLimited');
        return reply.page('result-verify.njk', { errors: fieldError('code', message), values: { code: code.slice(0, 40) } });
      }
    }

    app.get('/xac-thuc', { schema: { hide: true } }, async (_request, reply) => reply.page('result-verify.njk', { values: {} }));

    app.get('/xac-thuc/:code', { schema: { hide: true, params: CodeParams } }, async (request, reply) => showVerdict(request, reply, request.params.code, null));

    // The form: a code, and optionally the PDF (read into memory, at most the upload limit, never stored).
    await app.register(async (scope: App) => {
      await scope.register(multipart, { throwFileSizeLimit: false, limits: { fileSize: maxBytes + 1, files: 1, fields: 5, parts: 6, fieldSize: 200 } });
      scope.post('/xac-thuc', { config: { csrfExempt: true }, schema: { hide: true } }, async (request, reply) => {
        let fields: Record<string, string>;
        let file: Buffer | null = null;
        let tooLarge = false;
        if (!request.isMultipart()) {
          const body = (request.body ?? {}) as FormBody;
          if (!sameToken(formText(body, '_csrf') || undefined, request.csrfToken)) throw new DomainError('CSRF_INVALID');
          fields = { code: formText(body, 'code') };
        } else {
          ({ fields } = await readDocumentUploads(request, async (_id, part) => {
            const chunks: Buffer[] = [];
            let size = 0;
            for await (const chunk of part.source as AsyncIterable<Buffer>) {
              size += chunk.length;
              if (size > maxBytes) {
                tooLarge = true;
                part.source.resume();
                return;
              }
              chunks.push(chunk);
            }
            if ((part.source as { truncated?: boolean }).truncated) tooLarge = true;
            file = size ? Buffer.concat(chunks) : null;
          }));
        }
        const code = (fields.code ?? '').trim();
        if (!code || tooLarge) {
          reply.status(422);
          const message = tooLarge ? request.t('results.verify.fileTooLarge') : request.t('results.verify.codeRequired');
          return reply.page('result-verify.njk', { errors: fieldError(tooLarge ? 'file' : 'code', message), values: { code: code.slice(0, 40) } });
        }
        // Without a file the answer has an address of its own (POST/redirect/GET); with one it is shown at once.
        const normalised = normaliseVerificationCode(code);
        if (!file && normalised) return reply.redirect(`/xac-thuc/${normalised}`, 303);
        return showVerdict(request, reply, code, file);
      });
    });

    // --- the applicant's page -------------------------------------------------------------------------

    app.get('/ho-so/:id/ket-qua-dien-tu', { schema: { hide: true, params: DossierParams } }, async (request, reply) => {
      const actor = requireActor(request);
      const items = await results.list(actor, request.params.id);
      const dossierCode = await results.dossierCode(request.params.id);
      return reply.page('result-citizen.njk', { resultItems: items, dossierId: request.params.id, dossierCode });
    });

    // --- the officer's page ----------------------------------------------------------------------------

    async function officerPage(request: FastifyRequest, reply: FastifyReply, id: string, extra: { errors?: FormErrors | null; errorCode?: string; issuedCode?: string } = {}) {
      const actor = requireActor(request);
      // The back office's page: staff only (the applicant has /ho-so/:id/ket-qua-dien-tu).
      if (actor.kind !== 'staff') throw new DomainError('NOT_FOUND');
      const [items, mayIssue, dossierCode] = await Promise.all([results.list(actor, id), results.mayIssue(actor, id), results.dossierCode(id)]);
      return reply.page('result-officer.njk', { resultItems: items, mayIssue, dossierId: id, dossierCode, ...extra });
    }

    app.get('/can-bo/ho-so/:id/ket-qua-dien-tu', { schema: { hide: true, params: DossierParams } }, async (request, reply) => {
      const issued = typeof (request.query as Record<string, unknown>)?.ma === 'string' ? normaliseVerificationCode((request.query as Record<string, string>).ma!) : null;
      return officerPage(request, reply, request.params.id, issued ? { issuedCode: formatVerificationCode(issued) } : {});
    });

    app.post('/can-bo/ho-so/:id/ket-qua-dien-tu/cap', { schema: { hide: true, params: DossierParams, body: FormBody } }, async (request, reply) => {
      const actor = requireActor(request);
      return formPage(request, reply, {
        act: async () => {
          const result = await results.issue(actor, request.params.id);
          return `/can-bo/ho-so/${request.params.id}/ket-qua-dien-tu?ma=${result.code}`;
        },
        rerender: (errors) => officerPage(request, reply, request.params.id, { errors }),
      });
    });

    app.post('/can-bo/ket-qua-dien-tu/:code/thu-hoi', { schema: { hide: true, params: CodeParams, body: FormBody } }, async (request, reply) => {
      const actor = requireActor(request);
      const dossierId = await results.dossierIdOf(request.params.code);
      if (!dossierId) throw new DomainError('NOT_FOUND');
      return formPage(request, reply, {
        act: async () => {
          await results.revoke(actor, request.params.code, formText(request.body, 'reason'));
          return `/can-bo/ho-so/${dossierId}/ket-qua-dien-tu`;
        },
        rerender: (errors) => officerPage(request, reply, dossierId, { errors, errorCode: normaliseVerificationCode(request.params.code) ?? '' }),
      });
    });

    await app.register(async (scope: App) => {
      await registerStagedUploads(scope, ctx.services.files, { maxBytes, fields: 5, parts: 6 });
      scope.post('/can-bo/ho-so/:id/ket-qua-dien-tu/tai-len', { schema: { hide: true, params: DossierParams } }, async (request, reply) => {
        const actor = requireActor(request);
        return formPage(request, reply, {
          act: async () => {
            const result = await results.upload(actor, request.params.id, stagedFrom(request.body));
            return `/can-bo/ho-so/${request.params.id}/ket-qua-dien-tu?ma=${result.code}`;
          },
          rerender: (errors) => officerPage(request, reply, request.params.id, { errors }),
        });
      });
    });
  },
};
