// The applicant's actions on a submitted dossier (issue 3, "Hồ sơ của tôi"): answering a supplement request
// (files per document, from the personal store, and a note) and asking to withdraw the dossier (with a
// confirmation step), as pages without JavaScript and as a JSON endpoint. The state changes go through the
// back office's state machine (handling.applicantAct: respond_supplement, withdraw — the applicant only; officers
// act through /can-bo); the files through DossiersService (the applicant's own dossier only).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { ATTACHMENT_ACCEPT, ATTACHMENT_EXTENSIONS } from '../files/files.inspect.rules.ts';
import type { Actor } from '../../core/actor.ts';
import { DomainError } from '../../core/errors.ts';
import { registerMessages, type Translate } from '../../core/i18n.ts';
import type { AppContext } from '../../container.ts';
import type { App } from '../../http/app.ts';
import { formPage, type FormErrors } from '../../http/form-page.ts';
import { readDocumentUploads, registerDocumentUploads, uploadProblems, type DocumentUploads } from '../../http/uploads.ts';
import { toProblem } from '../../http/problem.ts';
import { ActionConflict, FROM_STATUSES, requiredText } from '../handling/handling.rules.ts';
import { ActResponse } from '../handling/handling.schemas.ts';
import { requireActor } from '../identity/identity.routes.ts';
import { citizenActionsMessages } from './dossiers.citizen.messages.ts';
import './dossiers.errors.ts';
import { megabytes, statusLabel } from './dossiers.rules.ts';
import { DossierParams, SupplementBody } from './dossiers.schemas.ts';
import type { DossierDetail, DossiersService } from './dossiers.service.ts';

registerMessages(citizenActionsMessages);

const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });
const MAX_FILES = 50;
const NOTE_MAX = 2000;
const REASON_MAX = 2000;

/** Statuses in which the applicant may ask to withdraw (before the result). */
export const WITHDRAWABLE: readonly number[] = FROM_STATUSES.withdraw;

/** The notices of the dossier page after an action (?thongbao=…): message keys. */
export const CITIZEN_NOTICES: Record<string, string> = { 'bo-sung': 'citizenActions.notice.supplemented', rut: 'citizenActions.notice.withdrawn' };

/** Attaching from the personal store: a submitted dossier, an unknown one or signing in is not the form's error. */
export function storeAttachPageError(error: DomainError): boolean {
  return error.status >= 500 || error.code === 'UNAUTHENTICATED' || error.code === 'NOT_FOUND' || error.code === 'DOSSIER_ALREADY_SUBMITTED';
}

/** A urlencoded form field as a string (the first of repeated values; '' when absent). */
export function fieldValue(body: unknown, name: string): string {
  const value = ((body ?? {}) as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : '';
}

function singleError(field: string, message: string): FormErrors {
  return { title: message, summary: [{ field, href: `#${field}`, message }], byField: { [field]: message } };
}

/** A file size for people (bytes, KB, MB). */
export function fileSize(t: Translate, bytes: number): string {
  if (bytes < 1024) return t('dossierPages.size.bytes', { n: bytes });
  if (bytes < 1024 * 1024) return t('dossierPages.size.kb', { n: Math.round((bytes / 1024) * 10) / 10 });
  return t('dossierPages.size.mb', { n: megabytes(bytes) });
}

/**
 * The applicant's files of a dossier's upload form (its draft, or a supplement), each through
 * DossiersService.addFile; an unknown dossier or one that no longer takes files ends the request.
 */
export function readApplicantUploads(dossiers: DossiersService, request: FastifyRequest, actor: Actor, id: string): Promise<DocumentUploads> {
  return readDocumentUploads(request, (documentId, file) => dossiers.addFile(actor, id, { documentId, ...file }), ['NOT_FOUND', 'DOSSIER_ALREADY_SUBMITTED']);
}

/** A 409/403 of the state machine as problem+json, with the current status and the actions allowed now (as handling.routes). */
function sendConflict(request: FastifyRequest, reply: FastifyReply, error: ActionConflict) {
  const problem = toProblem(error, request.locale, String(request.id));
  return reply
    .status(problem.status)
    .type('application/problem+json; charset=utf-8')
    .send({ ...problem, currentStatus: error.currentStatus, ...(error.currentVersion !== undefined ? { currentVersion: error.currentVersion } : {}), allowedActions: error.allowedActions });
}

/** The dossier page's extras: the notice after an action and what the applicant may do now. */
export function citizenPageData(detail: DossierDetail, query: unknown) {
  const key = String((query as Record<string, unknown> | undefined)?.thongbao ?? '');
  return {
    caNotice: CITIZEN_NOTICES[key] ?? '',
    /** Apologies (form 04): when, by whom, the new appointment and the reason (as written in the history). */
    caApologies: detail.events.filter((e) => e.action === 'apologise'),
    caCanWithdraw: detail.own && detail.status !== null && WITHDRAWABLE.includes(detail.status),
    caCanSupplement: detail.own && detail.supplement !== null,
  };
}

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

  app.get('/ho-so/:id/bo-sung', { schema: { hide: true, params: IdParams } }, async (request, reply) => {
    const detail = await awaitingSupplement(request, reply, request.params.id);
    if (!detail) return reply;
    const query = (request.query ?? {}) as Record<string, unknown>;
    const uploaded = Number(query.uploaded ?? 0) || 0;
    const notice = query.thongbao === 'kho' ? 'citizenActions.supplement.attached' : '';
    return supplementPage(request, reply, detail, { uploaded, notice });
  });

  // Attach a document of the personal store (plain form, CSRF checked globally).
  app.post('/ho-so/:id/bo-sung/tu-kho', { schema: { hide: true, params: IdParams } }, async (request, reply) => {
    const actor = requireActor(request);
    const id = request.params.id;
    const documentId = fieldValue(request.body, 'documentId');
    return formPage(request, reply, {
      act: async () => {
        await dossiers.attachSupplementFromStore(actor, id, { documentId, personalDocumentId: fieldValue(request.body, 'personalDocumentId') });
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

    scope.post('/ho-so/:id/bo-sung', { config: { csrfExempt: true }, schema: { hide: true, params: IdParams } }, async (request, reply) => {
      const actor = requireActor(request);
      const id = request.params.id;
      const { fields, uploaded, problems } = await readApplicantUploads(dossiers, request, actor, id);
      const action = fields.action ?? '';
      const note = (fields.note ?? '').slice(0, NOTE_MAX);
      const detail = await awaitingSupplement(request, reply, id);
      if (!detail) return reply;
      if (problems.length) return supplementPage(request, reply, detail, { errors: uploadProblems(reply, problems, request.locale), note, uploaded });
      if (action !== 'send') return reply.redirect(`/ho-so/${id}/bo-sung?uploaded=${uploaded}`, 303);
      if (!note.trim()) {
        reply.status(422);
        return supplementPage(request, reply, detail, { errors: singleError('note', request.t('citizenActions.supplement.noteRequired')), note, uploaded });
      }
      await handling.applicantAct({ ...actor, ip: request.ip }, id, 'respond_supplement', { note: note.trim() });
      return reply.redirect(`/ho-so/${id}?thongbao=bo-sung`, 303);
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

  app.get('/ho-so/:id/rut', { schema: { hide: true, params: IdParams } }, async (request, reply) => {
    const detail = await withdrawable(request, reply, request.params.id);
    if (!detail) return reply;
    return reply.page('dossier-withdraw.njk', { d: detail, step: 'reason', reason: '' });
  });

  app.post('/ho-so/:id/rut', { schema: { hide: true, params: IdParams } }, async (request, reply) => {
    const detail = await withdrawable(request, reply, request.params.id);
    if (!detail) return reply;
    const reason = fieldValue(request.body, 'reason').slice(0, REASON_MAX);
    if (!reason.trim()) {
      reply.status(422);
      return reply.page('dossier-withdraw.njk', { d: detail, step: 'reason', reason, errors: singleError('reason', request.t('citizenActions.withdraw.reasonRequired')) });
    }
    return reply.page('dossier-withdraw.njk', { d: detail, step: 'confirm', reason: reason.trim(), withdrawnLabel: statusLabel(7, request.locale) });
  });

  app.post('/ho-so/:id/rut/xac-nhan', { schema: { hide: true, params: IdParams } }, async (request, reply) => {
    const actor = requireActor(request);
    const id = request.params.id;
    const reason = fieldValue(request.body, 'reason').slice(0, REASON_MAX).trim();
    if (!reason || fieldValue(request.body, 'confirm') !== 'yes') {
      const detail = await withdrawable(request, reply, id);
      if (!detail) return reply;
      reply.status(422);
      return reply.page('dossier-withdraw.njk', { d: detail, step: 'reason', reason, errors: singleError('reason', request.t('citizenActions.withdraw.reasonRequired')) });
    }
    await handling.applicantAct({ ...actor, ip: request.ip }, id, 'withdraw', { reason });
    return reply.redirect(`/ho-so/${id}?thongbao=rut`, 303);
  });

  // --- JSON: answer the supplement request ------------------------------------------------------------

  app.post(
    '/api/dossiers/:id/supplement',
    {
      schema: {
        tags: ['dossiers'],
        security: [{ session: [], csrf: [] }],
        summary: 'Gửi bổ sung hồ sơ theo yêu cầu của cơ quan (trạng thái 5): ghi chú bắt buộc; đính kèm tệp trước bằng POST /api/dossiers/{id}/files',
        description:
          'Hai bước: (1) đính kèm từng tệp bổ sung bằng `POST /api/dossiers/{id}/files` (multipart `documentId` + `file`; chỉ khi hồ sơ của bạn đang ở trạng thái 5); ' +
          '(2) gửi `{ "note": "…" }` tại đây: hồ sơ trở lại "Đang giải quyết" (4), hoặc "Mới đăng ký" (1) nếu chưa được tiếp nhận, và thời gian giải quyết được tính tiếp. ' +
          'Hồ sơ của người khác: 404; trạng thái khác: 409 (kèm trạng thái hiện tại và các thao tác được phép).',
        params: DossierParams,
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
