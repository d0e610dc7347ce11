// The citizen's journey on the server (GOV.UK service patterns, no JavaScript needed): start page, e-form,
// attachments, check your answers, confirmation, "Hồ sơ của tôi", the dossier page and the public lookup.
// Every page goes through the dossier service; this file only turns forms into calls and errors into pages.
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { ATTACHMENT_ACCEPT, ATTACHMENT_EXTENSIONS } from '../files/files.inspect.rules.ts';
import { DomainError } from '../../core/errors.ts';
import { registerMessages, type Locale } from '../../core/i18n.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { FormBody, formErrors, formPage, formText, type FormErrors } from '../../http/form-page.ts';
import { registerDocumentUploads, uploadProblems } from '../../http/uploads.ts';
import { presentDetail } from '../catalog/catalog.presenters.ts';
import { requireActor } from '../identity/identity.routes.ts';
import './dossiers.errors.ts';
import { dossierPagesMessages } from './dossiers.pages.messages.ts';
import { applyViolation, isDocumentRequired, megabytes, statusLabel } from './dossiers.rules.ts';
import { eventText } from '../kernel/timeline.ts';
import { applicantStatusLabel } from '../kernel/dossier.ts';
import type { DossierDetail } from './dossiers.service.ts';
import { answerLines, answersOf, formData, formFields, formView, isBlank, shownValues } from '../catalog/catalog.eform.view.ts';
import { eformMessages } from '../catalog/catalog.eform.messages.ts';
import { citizenPageData, fileSize, readApplicantUploads, storeAttachPageError } from './dossiers.citizen.ts';

registerMessages(dossierPagesMessages);
registerMessages(eformMessages);

const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });
const CodeParams = Type.Object({ code: Type.String({ maxLength: 100 }) });
const FormQuery = Type.Object({ next: Type.Optional(Type.String({ maxLength: 20 })) });
const DocumentsQuery = Type.Object({ uploaded: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })), thongbao: Type.Optional(Type.String({ maxLength: 20 })) });
const NoticeQuery = Type.Object({ thongbao: Type.Optional(Type.String({ maxLength: 20 })) });
const MAX_DOCUMENTS = 50;
const DOCUMENT_NOTICES: Record<string, string> = { xoa: 'documents.removed', kho: 'documents.attached' };

/** Only a form that did not validate is shown again; anything else is the error page. */
const notValidation = (error: DomainError) => error.code !== 'VALIDATION_FAILED';

type Step = 'form' | 'documents' | 'check';

export function stepUrl(id: string, step: Step | null): string {
  if (step === 'form') return `/ho-so/${id}/to-khai`;
  if (step === 'documents') return `/ho-so/${id}/giay-to`;
  if (step === 'check') return `/ho-so/${id}/kiem-tra`;
  return `/ho-so/${id}`;
}

// --- helpers ---------------------------------------------------------------------------------------

/** An online dossier whose procedure asks for paper originals or certified copies: offer the pickup by post. */
function paperNeeded(detail: DossierDetail): boolean {
  return detail.channel === 2 && detail.documents.some((d) => d.originalKind !== 'copy');
}

function relabel(detail: DossierDetail, locale: Locale): DossierDetail {
  return { ...detail, statusLabel: applicantStatusLabel(detail.status, detail.awaitingPayment === true, locale), events: detail.events.map((e) => ({ ...e, statusLabel: statusLabel(e.status, locale), text: eventText(e, locale) })) };
}

/** One error of the page, linked to a field id. */
function singleError(title: string, field: string, message: string): FormErrors {
  return { title, summary: [{ field, href: `#${field}`, message }], byField: { [field]: message } };
}

export const dossierPagesModule: AppModule = {
  name: 'dossier-pages',
  async register(app: App, ctx: AppContext) {
    const dossiers = ctx.services.dossiers;
    const catalog = ctx.services.catalog;

    /** The draft's detail, or a redirect when it is already submitted (its page) or not the actor's own. */
    async function ownDraft(request: FastifyRequest, reply: FastifyReply, id: string): Promise<DossierDetail | null> {
      const actor = requireActor(request);
      const detail = await dossiers.get(actor, id);
      if (!detail.editable) {
        // Frozen for the payment of fees charged before submission: the payment page.
        if (detail.awaitingPayment && detail.own) {
          await reply.redirect(`/ho-so/${id}/thanh-toan`, 303);
          return null;
        }
        if (detail.draft) throw new DomainError('NOT_FOUND');
        await reply.redirect(`/ho-so/${id}`, 303);
        return null;
      }
      return detail;
    }

    // 1. Start page ----------------------------------------------------------------------------

    async function startPage(request: FastifyRequest, reply: FastifyReply, code: string, errors?: FormErrors) {
      const record = await catalog.published(code);
      const p = presentDetail(request.t, record);
      const actor = request.actor;
      const violation = actor ? applyViolation(actor.kind, record) : p.onlineSubmission ? null : 'PROCEDURE_NOT_ONLINE';
      const documents = record.documents.map((d) => ({ name: d.name, copies: d.copies, required: isDocumentRequired(d), originalKind: d.original_kind, sharedSource: d.shared_source, condition: d.condition ?? null }));
      return reply.page('dossier-start.njk', { p, documents, violation, online: p.onlineSubmission, errors });
    }

    app.get('/nop-ho-so/:code', { schema: { hide: true, params: CodeParams } }, async (request, reply) => startPage(request, reply, request.params.code));

    app.post('/nop-ho-so/:code', { schema: { hide: true, params: CodeParams, body: FormBody } }, async (request, reply) => {
      // Who may not start one (not an applicant, not online, not for this applicant) is told on the start page.
      return formPage(request, reply, {
        act: async () => `/ho-so/${(await dossiers.createDraft(request.actor, request.params.code)).id}/to-khai`,
        pageError: (error) => !['DOSSIER_APPLICANTS_ONLY', 'PROCEDURE_NOT_ONLINE', 'PROCEDURE_NOT_FOR_APPLICANT'].includes(error.code),
        rerender: (errors) => startPage(request, reply, request.params.code, errors),
      });
    });

    // 2. E-form --------------------------------------------------------------------------------

    function eformPage(request: FastifyRequest, reply: FastifyReply, detail: DossierDetail, data: Record<string, unknown>, options: { errors?: FormErrors; next?: string; extraRows?: Record<string, number> } = {}) {
      // Data sharing: the fields still as the platform filled them say where they came from; a failed lookup is told.
      const prefilled = detail.sharing?.prefilled ?? {};
      const sourceName = (source: string) => request.t(`sharing.source.${source}`);
      const fields = formView(formFields(detail.form.schema, request.actor?.kind, request.locale), data, options.extraRows).map((f) =>
        prefilled[f.name] ? { ...f, hint: [f.hint, request.t('sharing.prefilled', { source: sourceName(prefilled[f.name]!) })].filter(Boolean).join(' — ') } : f,
      );
      const sources = [...new Set(Object.values(prefilled))];
      const sharing = {
        prefilled: sources.length ? request.t('sharing.form.prefilledIntro', { sources: sources.map(sourceName).join(', ') }) : '',
        failed: (detail.sharing?.failed ?? []).map((f) => request.t('sharing.form.failed', { source: sourceName(f.source), reason: request.t(`sharing.outcome.${f.outcome}`) })),
      };
      return reply.page('dossier-form.njk', { d: detail, fields, values: shownValues(data), errors: options.errors, next: options.next ?? '', sharing });
    }

    app.get('/ho-so/:id/to-khai', { schema: { hide: true, params: IdParams, querystring: FormQuery } }, async (request, reply) => {
      const detail = await ownDraft(request, reply, request.params.id);
      if (!detail) return reply;
      return eformPage(request, reply, detail, detail.form.data, { next: request.query.next === 'check' ? 'check' : '' });
    });

    app.post('/ho-so/:id/to-khai', { schema: { hide: true, params: IdParams, body: FormBody } }, async (request, reply) => {
      const detail = await ownDraft(request, reply, request.params.id);
      if (!detail) return reply;
      const data = formData(detail.form.schema, request.body);
      const next = formText(request.body, 'next') === 'check' ? 'check' : '';
      // Without JavaScript, "Thêm dòng" / "Xoá dòng" post the form: the answers are saved as they are and
      // the page comes back with one row more or less.
      const action = /^(add|remove):([a-zA-Z][a-zA-Z0-9_]*)(?::(\d{1,3}))?$/.exec(formText(request.body, 'action'));
      const group = action ? formFields(detail.form.schema).find((f) => f.kind === 'group' && f.name === action[2]) : undefined;
      return formPage(request, reply, {
        act: async () => {
          if (action && group) {
            // The rows as shown (empty ones included: the row numbers of the buttons refer to them).
            const shown = formData(detail.form.schema, request.body, true)[group.name] as Array<Record<string, unknown>>;
            if (action[1] === 'remove' && action[3] !== undefined) shown.splice(Number(action[3]), 1);
            const wanted = Math.max(shown.length + (action[1] === 'add' ? 1 : 0), group.minItems, 1);
            const rows = shown.filter((row) => !Object.values(row).every(isBlank));
            const extraRows = { [group.name]: Math.max(0, wanted - Math.max(rows.length, group.minItems, 1)) };
            const partial = { ...data, [group.name]: rows };
            await dossiers.saveForm(request.actor, detail.id, partial, { partial: true });
            return eformPage(request, reply, detail, partial, { next, extraRows });
          }
          await dossiers.saveForm(request.actor, detail.id, data);
          return next === 'check' ? stepUrl(detail.id, 'check') : stepUrl(detail.id, 'documents');
        },
        pageError: notValidation,
        rerender: (errors) => eformPage(request, reply, detail, data, { errors, next }),
      });
    });

    // 3. Attachments ---------------------------------------------------------------------------

    async function documentsPage(request: FastifyRequest, reply: FastifyReply, detail: DossierDetail, errors?: FormErrors, uploaded = 0, notice = '') {
      const documents = detail.documents.map((doc) => ({ ...doc, files: doc.files.map((f) => ({ ...f, size: fileSize(request.t, f.sizeBytes) })) }));
      // The personal document store, to attach from it instead of uploading again.
      const store = (await ctx.services.documents.listMine(request.actor)).map((s) => ({ ...s, size: fileSize(request.t, s.sizeBytes) }));
      return reply.page('dossier-documents.njk', {
        d: detail,
        documents,
        store,
        notice,
        errors,
        uploaded,
        accept: ATTACHMENT_ACCEPT,
        allowed: ATTACHMENT_EXTENSIONS,
        maxFileMb: megabytes(dossiers.maxFileBytes),
        maxTotalMb: megabytes(dossiers.maxTotalBytes),
      });
    }

    app.get('/ho-so/:id/giay-to', { schema: { hide: true, params: IdParams, querystring: DocumentsQuery } }, async (request, reply) => {
      const detail = await ownDraft(request, reply, request.params.id);
      if (!detail) return reply;
      const notice = (request.query.thongbao && DOCUMENT_NOTICES[request.query.thongbao]) || '';
      return documentsPage(request, reply, detail, undefined, request.query.uploaded ?? 0, notice);
    });

    // The upload form is multipart: the CSRF token comes as its first field and is checked here, before any
    // file is read (the global check reads only JSON and urlencoded bodies).
    await app.register(async (scope: App) => {
      await registerDocumentUploads(scope, { maxFileBytes: dossiers.maxFileBytes, maxTotalBytes: dossiers.maxTotalBytes, maxFiles: MAX_DOCUMENTS, fields: 10, fieldSize: 1000 });

      scope.post('/ho-so/:id/giay-to', { config: { csrfExempt: true }, schema: { hide: true, params: IdParams } }, async (request, reply) => {
        const actor = requireActor(request);
        const id = request.params.id;
        const { fields, uploaded, problems } = await readApplicantUploads(dossiers, request, actor, id);
        const detail = await ownDraft(request, reply, id);
        if (!detail) return reply;
        return formPage(request, reply, {
          act: async () => {
            // Refused files are shown next to their documents (the reply's status is the most severe refusal's).
            if (problems.length) return documentsPage(request, reply, detail, uploadProblems(reply, problems, request.locale), uploaded);
            if (fields.action !== 'continue') return `/ho-so/${id}/giay-to?uploaded=${uploaded}`;
            const missing = detail.documents.filter((doc) => doc.required && doc.files.length === 0);
            if (missing.length) throw new DomainError('VALIDATION_FAILED', undefined, missing.map((doc) => ({ path: `/documents/${doc.documentId}`, code: 'DOCUMENT_REQUIRED' })));
            return stepUrl(id, 'check');
          },
          pageError: notValidation,
          // Each missing document by name, linked to its file field.
          summary: (error) => {
            const summary = error.fieldErrors.map((e) => {
              const documentId = e.path.slice('/documents/'.length);
              const name = detail.documents.find((doc) => doc.documentId === documentId)?.name ?? documentId;
              return { field: `file-${documentId}`, href: `#file-${documentId}`, message: request.t('dossierPages.documents.missing', { name }) };
            });
            return { title: summary[0]!.message, summary, byField: Object.fromEntries(summary.map((s) => [s.field, s.message])) };
          },
          rerender: (errors) => documentsPage(request, reply, detail, errors, uploaded),
        });
      });
    });

    // 3b. Attach from the personal document store; remove an attached file (plain forms, CSRF checked globally).

    app.post('/ho-so/:id/giay-to/tu-kho', { schema: { hide: true, params: IdParams, body: FormBody } }, async (request, reply) => {
      const actor = requireActor(request);
      const id = request.params.id;
      const documentId = formText(request.body, 'documentId');
      return formPage(request, reply, {
        act: async () => {
          await ctx.services.documents.attachFromStore(actor, id, { documentId, personalDocumentId: formText(request.body, 'personalDocumentId') });
          return `/ho-so/${id}/giay-to?thongbao=kho`;
        },
        pageError: storeAttachPageError,
        rerender: async (errors) => {
          const detail = await ownDraft(request, reply, id);
          if (!detail) return reply;
          const message = errors.summary.find((e) => e.field === 'personalDocumentId')?.message ?? errors.title;
          return documentsPage(request, reply, detail, singleError(message, `store-${documentId}`, message));
        },
      });
    });

    app.post('/ho-so/:id/giay-to/xoa', { schema: { hide: true, params: IdParams, body: FormBody } }, async (request, reply) => {
      const id = request.params.id;
      return formPage(request, reply, {
        act: async () => {
          await ctx.services.documents.removeAttachment(requireActor(request), id, formText(request.body, 'fileId'));
          return `/ho-so/${id}/giay-to?thongbao=xoa`;
        },
        pageError: notValidation,
        rerender: async (errors) => {
          const detail = await ownDraft(request, reply, id);
          return detail ? documentsPage(request, reply, detail, errors) : reply;
        },
      });
    });

    // 4. Check your answers and submit -------------------------------------------------------------

    async function checkPage(request: FastifyRequest, reply: FastifyReply, detail: DossierDetail, idempotencyKey: string, errors?: FormErrors, declared = false) {
      const answers = answersOf(formFields(detail.form.schema, request.actor?.kind, request.locale), detail.form.data);
      const documents = detail.documents.map((doc) => ({ ...doc, files: doc.files.map((f) => ({ ...f, size: fileSize(request.t, f.sizeBytes) })) }));
      const feePreview = await ctx.services.payments.feePreview(detail.id);
      return reply.page('dossier-check.njk', { d: detail, answers, documents, idempotencyKey, errors, declared, feePreview });
    }

    app.get('/ho-so/:id/kiem-tra', { schema: { hide: true, params: IdParams } }, async (request, reply) => {
      const detail = await ownDraft(request, reply, request.params.id);
      if (!detail) return reply;
      return checkPage(request, reply, detail, randomUUID());
    });

    app.post('/ho-so/:id/kiem-tra', { schema: { hide: true, params: IdParams, body: FormBody } }, async (request, reply) => {
      const actor = requireActor(request);
      const id = request.params.id;
      const key = formText(request.body, 'idempotencyKey').trim().slice(0, 200) || randomUUID();
      const declared = formText(request.body, 'declaration') === 'yes';
      const declarationMissing = new DomainError('VALIDATION_FAILED', undefined, [{ path: '/declaration', code: 'required' }]);
      return formPage(request, reply, {
        act: async () => {
          if (!declared) throw declarationMissing;
          const submitted = await dossiers.submit(actor, id, key).catch((error: unknown) => {
            // Submitted already (a second click, another tab): its confirmation page.
            if (error instanceof DomainError && error.code === 'DOSSIER_ALREADY_SUBMITTED') return null;
            // Fees charged before submission: straight to the payment (the payment submits the dossier).
            if (error instanceof DomainError && error.code === 'DOSSIER_PAYMENT_REQUIRED') return 'payment' as const;
            throw error;
          });
          if (submitted === 'payment') return `/ho-so/${id}/thanh-toan`;
          if (!submitted) return `/ho-so/${id}/da-nop`;
          // The lookup secret is shown once, in this answer (never in a URL); later visits show the code only.
          const detail = relabel(await dossiers.get(actor, id), request.locale);
          const feePreview = await ctx.services.payments.feePreview(detail.id);
          return reply.page('dossier-submitted.njk', { d: detail, code: submitted.code, secret: submitted.lookupSecret, expectedDate: submitted.expectedDate ?? detail.expectedDate, feePreview, paperNeeded: paperNeeded(detail) });
        },
        pageError: notValidation,
        summary: (error) => {
          if (error === declarationMissing) {
            const message = request.t('dossierPages.check.declarationRequired');
            return singleError(message, 'declaration', message);
          }
          // Links to the step where each problem is fixed.
          const errors = formErrors(error, request.locale)!;
          const summary = errors.summary.map((s) => {
            const documentId = s.field.startsWith('documents.') ? s.field.slice('documents.'.length) : null;
            const field = s.field.startsWith('form.') ? s.field.slice('form.'.length) : null;
            const href = documentId ? `${stepUrl(id, 'documents')}#file-${documentId}` : field ? `${stepUrl(id, 'form')}#${field.replace(/\./g, '-')}` : s.href;
            return { ...s, href };
          });
          return { ...errors, summary };
        },
        rerender: async (errors) => {
          const detail = await ownDraft(request, reply, id);
          return detail ? checkPage(request, reply, detail, key, errors, declared) : reply;
        },
      });
    });

    // 5. Confirmation (later visits: without the secret) -----------------------------------------------

    app.get('/ho-so/:id/da-nop', { schema: { hide: true, params: IdParams } }, async (request, reply) => {
      const detail = relabel(await dossiers.get(requireActor(request), request.params.id), request.locale);
      if (detail.draft) return reply.redirect(`/ho-so/${detail.id}/tiep-tuc`, 303);
      return reply.page('dossier-submitted.njk', { d: detail, code: detail.code, secret: null, expectedDate: detail.expectedDate, feePreview: await ctx.services.payments.feePreview(detail.id), paperNeeded: paperNeeded(detail) });
    });

    // 6. The applicant's dossiers ---------------------------------------------------------------------

    app.get('/ho-so', { schema: { hide: true } }, async (request, reply) => {
      const items = await dossiers.listMine(requireActor(request));
      return reply.page('dossier-list.njk', { items: items.map((s) => ({ ...s, statusLabel: applicantStatusLabel(s.status, s.awaitingPayment === true, request.locale) })) });
    });

    app.get('/ho-so/:id/tiep-tuc', { schema: { hide: true, params: IdParams } }, async (request, reply) => {
      const actor = requireActor(request);
      try {
        return reply.redirect(stepUrl(request.params.id, await dossiers.nextStep(actor, request.params.id)), 303);
      } catch (error) {
        // Another member's draft of the same organisation: its page, read-only (or 404 for anybody else).
        if (!(error instanceof DomainError) || error.code !== 'NOT_FOUND') throw error;
        const detail = await dossiers.get(actor, request.params.id);
        return reply.redirect(`/ho-so/${detail.id}`, 303);
      }
    });

    app.get('/ho-so/:id', { schema: { hide: true, params: IdParams, querystring: NoticeQuery } }, async (request, reply) => {
      const detail = relabel(await dossiers.get(requireActor(request), request.params.id), request.locale);
      // The answers with their labels and option names, in schema order (kernel/eform-rows.ts, as staff see them).
      const answers = answerLines(detail.form.schema, detail.form.data, request.locale);
      const documents = detail.documents.map((doc) => ({ ...doc, files: doc.files.map((f) => ({ ...f, size: fileSize(request.t, f.sizeBytes) })) }));
      // Messages with the agency and the rating section (modules messages, ratings).
      const dossierMessages = detail.code ? await ctx.services.messages.thread(request.actor, detail.id) : null;
      const dossierRating = detail.code ? await ctx.services.ratings.state(request.actor, detail.id, request.locale) : null;
      // Fees and payment (module payments): what is due, the payment page, the receipts.
      const dossierPayment = detail.code ? await ctx.services.payments.state(request.actor, detail.id) : null;
      // Signed electronic results (module results), with their download.
      const resultItems = detail.code ? await ctx.services.results.list(request.actor, detail.id) : null;
      // The paper dossier sent by post (module postal): the latest pickup's status.
      const postalPickup = detail.code ? await ctx.services.postal.pickupSummary(request.actor, detail.id) : null;
      return reply.page('dossier-detail.njk', { d: detail, answers, documents, dossierMessages, dossierRating, dossierPayment, resultItems, postalPickup, ...citizenPageData(detail, request.query.thongbao) });
    });

    // The applicant's actions on a submitted dossier (supplement, withdrawal) are the back office's state machine:
    // their pages are registered by the handling module (handling.citizen.ts).

    // 7. Public lookup --------------------------------------------------------------------------------

    app.get('/tra-cuu', { schema: { hide: true } }, async (_request, reply) => reply.page('dossier-lookup.njk', { values: {} }));

    app.post('/tra-cuu', { schema: { hide: true, body: FormBody } }, async (request, reply) => {
      const values = { code: formText(request.body, 'code').trim().slice(0, 100), secret: formText(request.body, 'secret').trim().slice(0, 100) };
      const t = request.t;
      return formPage(request, reply, {
        act: async () => {
          const missing = (['code', 'secret'] as const).filter((name) => !values[name]).map((name) => ({ path: `/${name}`, code: 'required' }));
          if (missing.length) throw new DomainError('VALIDATION_FAILED', undefined, missing);
          // The result is this answer itself (the secret never goes into a URL).
          const result = await dossiers.lookup(values.code, values.secret, request.ip);
          return reply.page('dossier-lookup.njk', {
            values: { code: result.code },
            result: { ...result, statusLabel: statusLabel(result.status, request.locale), timeline: result.timeline.map((e) => ({ ...e, statusLabel: statusLabel(e.status, request.locale) })) },
          });
        },
        // An unknown code or secret, and too many tries, are told on the form (without saying which was wrong).
        pageError: (error) => !['VALIDATION_FAILED', 'NOT_FOUND', 'RATE_LIMITED'].includes(error.code),
        summary: (error) => {
          if (error.code !== 'VALIDATION_FAILED') {
            const message = error.code === 'NOT_FOUND' ? t('dossierPages.lookup.notFound') : t('dossierPages.lookup.rateLimited');
            return singleError(message, 'code', message);
          }
          const summary = error.fieldErrors.map((e) => {
            const field = e.path.slice(1);
            return { field, href: `#${field}`, message: t(field === 'code' ? 'dossierPages.lookup.codeRequired' : 'dossierPages.lookup.secretRequired') };
          });
          return { title: summary[0]!.message, summary, byField: Object.fromEntries(summary.map((s) => [s.field, s.message])) };
        },
        rerender: (errors, error) => reply.page('dossier-lookup.njk', { values, errors, rateLimited: error.code === 'RATE_LIMITED' }),
      });
    });
  },
};
