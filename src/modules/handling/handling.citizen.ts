// The applicant's actions on a submitted dossier (issue 3, "Hồ sơ của tôi"): answering a supplement request
// (files per document, from the personal store, and a note) and asking to withdraw the dossier (with a
// confirmation step), as pages without JavaScript and as a JSON endpoint. The state changes are the back office's
// state machine (HandlingService.applicantAct: respond_supplement, withdraw — the applicant only; officers act
// through /can-bo); the files go through DossiersService (the applicant's own dossier only). Every form goes
// through `formPage`: act → 303 to the dossier, or the form again with the error summary.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { DomainError } from '../../core/errors.ts';
import type { AppContext } from '../../container.ts';
import type { App } from '../../http/app.ts';
import { FormBody, formErrors, formPage, formText, type FormErrors } from '../../http/form-page.ts';
import { registerDocumentUploads, uploadProblems } from '../../http/uploads.ts';
import { ATTACHMENT_ACCEPT, ATTACHMENT_EXTENSIONS } from '../files/files.inspect.rules.ts';
import { fileSize, readApplicantUploads, storeAttachPageError, WITHDRAWABLE } from '../dossiers/dossiers.citizen.ts';
import { megabytes, statusLabel } from '../dossiers/dossiers.rules.ts';
import type { DossierDetail } from '../dossiers/dossiers.service.ts';
import { requireActor } from '../identity/identity.routes.ts';
import { sendConflict } from './handling.routes.ts';
import { ActionConflict, requiredText } from './handling.rules.ts';
import { ActResponse, DossierIdParams, SupplementBody } from './handling.schemas.ts';

const MAX_FILES = 50;
const NOTE_MAX = 2000;
const REASON_MAX = 2000;

const SupplementQuery = Type.Object({
  uploaded: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
  thongbao: Type.Optional(Type.String({ maxLength: 20 })),
});

function singleError(field: string, message: string): FormErrors {
  return { title: message, summary: [{ field, href: `#${field}`, message }], byField: { [field]: message } };
}

/** A form's one required text: its own message next to the field when missing, else the usual summary. */
function requiredSummary(request: FastifyRequest, field: string, messageKey: string) {
  return (error: DomainError): FormErrors =>
    error.fieldErrors.length > 0 && error.fieldErrors.every((e) => e.path === `/${field}` && e.code === 'required')
      ? singleError(field, request.t(messageKey))
      : formErrors(error, request.locale)!;
}

/** Only a form that did not validate is shown again; a state-machine refusal (409/403) is the error page. */
const notValidation = (error: DomainError) => error.code !== 'VALIDATION_FAILED';

export async function registerCitizenActions(app: App, ctx: AppContext): Promise<void> {
  const dossiers = ctx.services.dossiers;
  const handling = ctx.services.handling;

  /** The applicant's own dossier awaiting a supplement; otherwise the dossier page (others' dossiers: 404). */
  async function awaitingSupplement(request: FastifyRequest, reply: FastifyReply, id: string): Promise<DossierDetail | null> {
    const detail = await dossiers.get(requireActor(request), id);
    if (!detail.own || !detail.supplement) {
      await reply.redirect(`/ho-so/${detail.id}`, 303);
      return null;
    }
    return { ...detail, statusLabel: statusLabel(detail.status, request.locale) };
  }

  async function supplementPage(request: FastifyRequest, reply: FastifyReply, detail: DossierDetail, options: { errors?: FormErrors; note?: string; uploaded?: number; notice?: string } = {}) {
    const store = (await ctx.services.documents.listMine(request.actor)).map((s) => ({ ...s, size: fileSize(request.t, s.sizeBytes) }));
    const supplement = detail.supplement!;
    return reply.page('dossier-supplement.njk', {
      d: detail,
      items: supplement.items,
      requestedAt: supplement.requestedAt,
      added: supplement.files.map((f) => ({ ...f, size: fileSize(request.t, f.sizeBytes) })),
      documents: detail.documents,
      store,
      errors: options.errors,
      note: options.note ?? '',
      uploaded: options.uploaded ?? 0,
      notice: options.notice ?? '',
      accept: ATTACHMENT_ACCEPT,
      allowed: ATTACHMENT_EXTENSIONS,
      maxFileMb: megabytes(dossiers.maxFileBytes),
      maxTotalMb: megabytes(dossiers.maxTotalBytes),
      noteMax: NOTE_MAX,
    });
  }

  // --- answer a supplement request -----------------------------------------------------------------

  app.get('/ho-so/:id/bo-sung', { schema: { hide: true, params: DossierIdParams, querystring: SupplementQuery } }, async (request, reply) => {
    const detail = await awaitingSupplement(request, reply, request.params.id);
    if (!detail) return reply;
    const notice = request.query.thongbao === 'kho' ? 'citizenActions.supplement.attached' : '';
    return supplementPage(request, reply, detail, { uploaded: request.query.uploaded ?? 0, notice });
  });

  // Attach a document of the personal store (plain form, CSRF checked globally).
  app.post('/ho-so/:id/bo-sung/tu-kho', { schema: { hide: true, params: DossierIdParams, body: FormBody } }, async (request, reply) => {
    const actor = requireActor(request);
    const id = request.params.id;
    return formPage(request, reply, {
      act: async () => {
        await dossiers.attachSupplementFromStore(actor, id, { documentId: formText(request.body, 'documentId'), personalDocumentId: formText(request.body, 'personalDocumentId') });
        return `/ho-so/${id}/bo-sung?thongbao=kho`;
      },
      pageError: storeAttachPageError,
      rerender: async (errors) => {
        const detail = await awaitingSupplement(request, reply, id);
        if (!detail) return reply;
        const message = errors.summary.find((e) => e.field === 'personalDocumentId')?.message ?? errors.summary[0]?.message ?? errors.title;
        return supplementPage(request, reply, detail, { errors: singleError('store-document', message) });
      },
    });
  });

  // The supplement form is multipart (files and the note): the CSRF token comes first and is checked before any
  // file is read. "Tải lên" adds the files; "Gửi bổ sung" adds them and answers the request (status 5 → 4 or 1).
  await app.register(async (scope: App) => {
    await registerDocumentUploads(scope, { maxFileBytes: dossiers.maxFileBytes, maxTotalBytes: dossiers.maxTotalBytes, maxFiles: MAX_FILES, fields: 10, fieldSize: NOTE_MAX * 4 });

    scope.post('/ho-so/:id/bo-sung', { config: { csrfExempt: true }, schema: { hide: true, params: DossierIdParams } }, async (request, reply) => {
      const actor = requireActor(request);
      const id = request.params.id;
      const { fields, uploaded, problems } = await readApplicantUploads(dossiers, request, actor, id);
      const note = (fields.note ?? '').slice(0, NOTE_MAX);
      const detail = await awaitingSupplement(request, reply, id);
      if (!detail) return reply;
      return formPage(request, reply, {
        act: async () => {
          // Refused files are shown next to their documents (the reply's status is the most severe refusal's).
          if (problems.length) return supplementPage(request, reply, detail, { errors: uploadProblems(reply, problems, request.locale), note, uploaded });
          if (fields.action !== 'send') return `/ho-so/${id}/bo-sung?uploaded=${uploaded}`;
          await handling.applicantAct({ ...actor, ip: request.ip }, id, 'respond_supplement', { note: requiredText(note, '/note') });
          return `/ho-so/${id}?thongbao=bo-sung`;
        },
        pageError: notValidation,
        summary: requiredSummary(request, 'note', 'citizenActions.supplement.noteRequired'),
        rerender: (errors) => supplementPage(request, reply, detail, { errors, note, uploaded }),
      });
    });
  });

  // --- ask to withdraw: reason → "Bạn có chắc…?" → withdrawn ----------------------------------------

  async function withdrawable(request: FastifyRequest, reply: FastifyReply, id: string): Promise<DossierDetail | null> {
    const detail = await dossiers.get(requireActor(request), id);
    if (!detail.own || detail.status === null || !WITHDRAWABLE.includes(detail.status)) {
      await reply.redirect(`/ho-so/${detail.id}`, 303);
      return null;
    }
    return { ...detail, statusLabel: statusLabel(detail.status, request.locale) };
  }

  app.get('/ho-so/:id/rut', { schema: { hide: true, params: DossierIdParams } }, async (request, reply) => {
    const detail = await withdrawable(request, reply, request.params.id);
    if (!detail) return reply;
    return reply.page('dossier-withdraw.njk', { d: detail, step: 'reason', reason: '' });
  });

  // The reason step: the confirmation page (a preview, nothing changes yet), or the reason again.
  app.post('/ho-so/:id/rut', { schema: { hide: true, params: DossierIdParams, body: FormBody } }, async (request, reply) => {
    const detail = await withdrawable(request, reply, request.params.id);
    if (!detail) return reply;
    const reason = formText(request.body, 'reason').slice(0, REASON_MAX);
    return formPage(request, reply, {
      act: async () => reply.page('dossier-withdraw.njk', { d: detail, step: 'confirm', reason: requiredText(reason, '/reason'), withdrawnLabel: statusLabel(7, request.locale) }),
      pageError: notValidation,
      summary: requiredSummary(request, 'reason', 'citizenActions.withdraw.reasonRequired'),
      rerender: (errors) => reply.page('dossier-withdraw.njk', { d: detail, step: 'reason', reason, errors }),
    });
  });

  app.post('/ho-so/:id/rut/xac-nhan', { schema: { hide: true, params: DossierIdParams, body: FormBody } }, async (request, reply) => {
    const actor = requireActor(request);
    const id = request.params.id;
    const reason = formText(request.body, 'reason').slice(0, REASON_MAX).trim();
    return formPage(request, reply, {
      act: async () => {
        if (formText(request.body, 'confirm') !== 'yes') throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/reason', code: 'required' }]);
        await handling.applicantAct({ ...actor, ip: request.ip }, id, 'withdraw', { reason: requiredText(reason, '/reason') });
        return `/ho-so/${id}?thongbao=rut`;
      },
      pageError: notValidation,
      summary: requiredSummary(request, 'reason', 'citizenActions.withdraw.reasonRequired'),
      rerender: async (errors) => {
        const detail = await withdrawable(request, reply, id);
        if (!detail) return reply;
        return reply.page('dossier-withdraw.njk', { d: detail, step: 'reason', reason, errors });
      },
    });
  });

  // --- JSON: answer the supplement request ------------------------------------------------------------

  app.post(
    '/api/dossiers/:id/supplement',
    {
      schema: {
        operationId: 'submitSupplement',
        'x-problem-codes': ['ACTION_NOT_ALLOWED', 'DOSSIER_CHANGED'],
        tags: ['dossiers'],
        security: [{ session: [], csrf: [] }],
        summary: 'Submit a requested supplement',
        description: 'Gửi bổ sung hồ sơ theo yêu cầu của cơ quan (trạng thái 5): ghi chú bắt buộc; đính kèm tệp trước bằng POST /api/dossiers/{id}/files\n\n' +
          'Hai bước: (1) đính kèm từng tệp bổ sung bằng `POST /api/dossiers/{id}/files` (multipart `documentId` + `file`; chỉ khi hồ sơ của bạn đang ở trạng thái 5); ' +
          '(2) gửi `{ "note": "…" }` tại đây: hồ sơ trở lại "Đang giải quyết" (4), hoặc "Mới đăng ký" (1) nếu chưa được tiếp nhận, và thời gian giải quyết được tính tiếp. ' +
          'Hồ sơ của người khác: 404; trạng thái khác: 409 (kèm trạng thái hiện tại và các thao tác được phép).',
        params: DossierIdParams,
        body: SupplementBody,
        response: { 200: ActResponse },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const note = requiredText(request.body.note, '/note');
      try {
        const result = await handling.applicantAct({ ...actor, ip: request.ip }, request.params.id, 'respond_supplement', { note, expectedVersion: request.body.expectedVersion });
        return reply.header('cache-control', 'no-store').send({ ...result, statusLabel: statusLabel(result.status, request.locale) });
      } catch (error) {
        if (!(error instanceof ActionConflict)) throw error;
        return sendConflict(request, reply, error);
      }
    },
  );
}
