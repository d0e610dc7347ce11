// Online submission over HTTP (JSON API): drafts, e-form, attachments, submission, the applicant's
// dossiers and the public lookup. The pages (dossiers.pages.ts, dossiers.citizen.ts) use the same service.
import { registerMessages, type Locale } from '../../core/i18n.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { readSingleFileUpload, registerSingleFileUploads, singleFileUploadBody } from '../../http/uploads.ts';
import { ATTACHMENT_MEDIA_TYPES } from '../files/files.inspect.rules.ts';
import { requireActor } from '../identity/identity.routes.ts';
import './dossiers.errors.ts';
import { dossiersMessages } from './dossiers.messages.ts';
import { statusLabel } from './dossiers.rules.ts';
import { eventText } from '../kernel/timeline.ts';
import { applicantStatusLabel } from '../kernel/dossier.ts';
import {
  CreateDossierBody,
  DossierDetail,
  DossierList,
  DossierParams,
  DraftResponse,
  FileResponse,
  FormBody,
  FormResponse,
  LookupParams,
  LookupQuery,
  LookupResponse,
  SubmitHeaders,
  SubmitResponse,
} from './dossiers.schemas.ts';
import { supplementRequestEvent, type DossierDetail as Detail, type DossierSummary as Summary, type LookupResult } from './dossiers.service.ts';

registerMessages(dossiersMessages);

const tags = ['dossiers'];
/** Session cookie and CSRF header, both. */
const security: Array<Record<string, string[]>> = [{ session: [], csrf: [] }];

function relabelSummary<T extends Summary>(s: T, locale: Locale): T {
  return { ...s, statusLabel: applicantStatusLabel(s.status, s.awaitingPayment === true, locale) };
}

function relabelDetail(d: Detail, locale: Locale): Detail {
  const events = d.events.map((e) => ({ ...e, statusLabel: statusLabel(e.status, locale), text: eventText(e, locale) }));
  // The officer's request in the reader's language, from the same history entry.
  const request = d.supplement ? supplementRequestEvent(events) : undefined;
  const supplement = d.supplement && request ? { ...d.supplement, content: request.text || null } : d.supplement;
  return { ...relabelSummary(d, locale), events, supplement };
}

function relabelLookup(r: LookupResult, locale: Locale): LookupResult {
  return { ...r, statusLabel: statusLabel(r.status, locale), timeline: r.timeline.map((e) => ({ ...e, statusLabel: statusLabel(e.status, locale) })) };
}

export const dossiersModule: AppModule = {
  name: 'dossiers',
  async register(app: App, ctx: AppContext) {
    const dossiers = ctx.services.dossiers;

    app.post(
      '/api/dossiers',
      { schema: { operationId: 'createDossierDraft', 'x-problem-codes': ['DOSSIER_APPLICANTS_ONLY', 'NOT_FOUND', 'PROCEDURE_NOT_ONLINE', 'PROCEDURE_NOT_FOR_APPLICANT'], tags, security, summary: 'Create a draft dossier', description: 'Tạo hồ sơ nháp cho một thủ tục trực tuyến (tờ khai điện tử và thành phần hồ sơ)', body: CreateDossierBody, response: { 201: DraftResponse } } },
      async (request, reply) => {
        const result = await dossiers.createDraft(requireActor(request), request.body.procedureCode);
        return reply.status(201).header('cache-control', 'no-store').send(result);
      },
    );

    app.put(
      '/api/dossiers/:id/form',
      { schema: { operationId: 'saveDossierForm', 'x-problem-codes': ['DOSSIER_APPLICANTS_ONLY', 'DOSSIER_ALREADY_SUBMITTED', 'DOSSIER_AWAITING_PAYMENT'], tags, security, summary: "Save a draft dossier's e-form", description: 'Lưu tờ khai điện tử của hồ sơ nháp (mọi lỗi trường được trả về cùng lúc)', params: DossierParams, body: FormBody, response: { 200: FormResponse } } },
      async (request, reply) => {
        const result = await dossiers.saveForm(requireActor(request), request.params.id, request.body);
        return reply.header('cache-control', 'no-store').send(result);
      },
    );

    app.post(
      '/api/dossiers/:id/submit',
      { schema: { operationId: 'submitDossier', 'x-problem-codes': ['DOSSIER_APPLICANTS_ONLY', 'DOSSIER_ALREADY_SUBMITTED', 'DOSSIER_AWAITING_PAYMENT', 'DOSSIER_CHANGED_DURING_SUBMIT', 'IDEMPOTENCY_KEY_REUSED', 'DOSSIER_PAYMENT_REQUIRED'], tags, security, summary: 'Submit a dossier', description: 'Nộp hồ sơ (cấp mã hồ sơ và mã tra cứu; dùng Idempotency-Key để thử lại an toàn)', params: DossierParams, headers: SubmitHeaders, response: { 201: SubmitResponse, 200: SubmitResponse } } },
      async (request, reply) => {
        const result = await dossiers.submit(requireActor(request), request.params.id, request.headers['idempotency-key'] ?? null);
        return reply.status(result.replayed ? 200 : 201).header('cache-control', 'no-store').send(result);
      },
    );

    app.get('/api/dossiers', { schema: { operationId: 'listMyDossiers', tags, security: [{ session: [] as string[] }], summary: 'List my dossiers', description: 'Hồ sơ của tôi (và của tổ chức, doanh nghiệp của tôi)', response: { 200: DossierList } } }, async (request, reply) => {
      const items = await dossiers.listMine(requireActor(request));
      return reply.header('cache-control', 'no-store').send({ items: items.map((s) => relabelSummary(s, request.locale)) });
    });

    app.get(
      '/api/dossiers/:id',
      { schema: { operationId: 'getDossier', tags, security: [{ session: [] as string[] }], summary: 'Get a dossier', description: 'Chi tiết một hồ sơ: trạng thái, thủ tục và phiên bản, thành phần hồ sơ và tệp, lịch sử', params: DossierParams, response: { 200: DossierDetail } } },
      async (request, reply) => {
        const detail = await dossiers.get(requireActor(request), request.params.id);
        return reply.header('cache-control', 'no-store').send(relabelDetail(detail, request.locale));
      },
    );

    app.get(
      '/api/lookup/:code',
      {
        schema: {
          operationId: 'lookupDossier',
          'x-problem-codes': ['RATE_LIMITED'],
          tags,
          summary: "Look up a dossier's progress",
          description: 'Tra cứu tiến độ hồ sơ bằng mã hồ sơ và mã tra cứu hoặc số giấy tờ của người nộp (công khai)\n\n' +
            'Tham số `secret`: mã tra cứu 8 ký tự in trên giấy tiếp nhận, hoặc số định danh cá nhân/CMND (9–12 chữ số) hay mã số thuế của tổ chức đã khai khi nộp. ' +
            'Mã sai và mã hồ sơ không tồn tại trả lời giống nhau (404); tra cứu sai nhiều lần bị giới hạn (429). ' +
            'Kết quả gồm trạng thái, quá trình xử lý, ngày hẹn trả kết quả (`appointmentAt`) và tên người nộp đã che bớt.',
          params: LookupParams,
          querystring: LookupQuery,
          response: { 200: LookupResponse },
        },
      },
      async (request, reply) => {
        const result = await dossiers.lookup(request.params.code, request.query.secret ?? '', request.ip);
        return reply.header('cache-control', 'no-store').send(relabelLookup(result, request.locale));
      },
    );

    // Uploads: their own scope, so multipart parsing applies only here. The body is read by the handler,
    // after authentication and the CSRF check (header x-csrf-token), and never more than the limit.
    await app.register(async (scope: App) => {
      await registerSingleFileUploads(scope, dossiers.maxFileBytes);

      scope.post(
        '/api/dossiers/:id/files',
        {
          config: { multipart: singleFileUploadBody({ maxFileBytes: dossiers.maxFileBytes, mediaTypes: ATTACHMENT_MEDIA_TYPES, file: 'The file (one per request).' }) },
          schema: {
            operationId: 'attachDossierFile',
            'x-problem-codes': ['DOSSIER_APPLICANTS_ONLY', 'DOSSIER_ALREADY_SUBMITTED', 'FILE_TOO_LARGE', 'DOSSIER_FILES_TOO_LARGE', 'FILE_TYPE_NOT_ALLOWED', 'FILE_CHECK_FAILED', 'FILE_UNREADABLE', 'FILE_ARCHIVE_UNSUPPORTED', 'FILE_ENCRYPTED', 'FILE_NESTED_ARCHIVE', 'FILE_TOO_COMPLEX', 'FILE_POLYGLOT', 'FILE_MACROS', 'FILE_EXTENSION_MISMATCH'],
            tags,
            security,
            summary: 'Attach a file to a dossier',
            description: 'Đính kèm tệp cho một thành phần hồ sơ (multipart: trường "documentId" rồi trường "file"; PDF, JPEG, PNG, DOCX, XLSX)\n\n' + 'Hồ sơ nháp của người nộp, hoặc hồ sơ đã nộp đang chờ bổ sung (trạng thái 5): tệp bổ sung được ghi vào lịch sử, nhật ký và kho giấy tờ cá nhân; sau đó gửi bổ sung bằng `POST /api/dossiers/{id}/supplement`. Trạng thái khác: 409.',
            consumes: ['multipart/form-data'],
            params: DossierParams,
            response: { 201: FileResponse },
          },
        },
        async (request, reply) => {
          const actor = requireActor(request);
          const result = await readSingleFileUpload(request, (upload) => dossiers.addFile(actor, request.params.id, upload));
          return reply.status(201).header('cache-control', 'no-store').send(result);
        },
      );
    });
  },
};
