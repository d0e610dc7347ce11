// Counter intake over HTTP (JSON API for the one-stop counter): register a dossier brought in person or by
// post, upload the scans of its paper documents, and download the printable forms 01–06 of a dossier.
import type { AppContext } from '../../container.ts';
import { registerMessages } from '../../core/i18n.ts';
import type { App, AppModule } from '../../http/app.ts';
import { readSingleFileUpload, registerSingleFileUploads, singleFileUploadBody } from '../../http/uploads.ts';
import { ATTACHMENT_MEDIA_TYPES } from '../files/files.inspect.rules.ts';
import { sendDocument } from '../files/files.download.ts';
import { printoutsMessages } from '../printouts/printouts.messages.ts';
import { requireActor } from '../identity/identity.routes.ts';
import './intake.errors.ts';
import { FormParams, IntakeBody, IntakeParams, IntakeResponse, PdfResponse, ScanResponse, TrackingBookQuery, XlsxResponse } from './intake.schemas.ts';

registerMessages(printoutsMessages);

const tags = ['back-office'];
const security: Array<Record<string, string[]>> = [{ session: [], csrf: [] }];

export const intakeModule: AppModule = {
  name: 'intake',
  async register(app: App, ctx: AppContext) {
    const intake = ctx.services.intake;

    app.post(
      '/api/officer/intake',
      {
        schema: {
          operationId: 'registerCounterDossier',
          'x-problem-codes': ['NOT_FOUND'],
          tags,
          security,
          summary: 'Register a dossier at the counter',
          description: 'Tiếp nhận hồ sơ trực tiếp hoặc qua bưu chính: đăng ký hồ sơ cho người nộp (tìm theo số định danh / mã số thuế hoặc tạo mới), cấp mã hồ sơ',
          body: IntakeBody,
          response: { 201: IntakeResponse },
        },
      },
      async (request, reply) => {
        const result = await intake.register(requireActor(request), request.body);
        return reply.status(201).header('cache-control', 'no-store').send(result);
      },
    );

    app.get(
      '/api/officer/dossiers/:id/forms/:form.pdf',
      {
        schema: {
          operationId: 'printDossierForm',
          'x-problem-codes': ['FORM_NOT_AVAILABLE'],
          tags,
          security: [{ session: [] as string[] }],
          summary: 'Print a dossier form (PDF)',
          description: 'In biểu mẫu của hồ sơ (PDF): 01 giấy tiếp nhận và hẹn trả kết quả, 02 yêu cầu bổ sung, 03 từ chối, 04 xin lỗi và hẹn lại, 05 dừng xử lý, 06 phiếu kiểm soát',
          params: FormParams,
          response: { 200: PdfResponse },
        },
      },
      async (request, reply) => {
        const result = await intake.formPdf(requireActor(request), request.params.id, request.params.form, { locale: request.locale });
        return sendDocument(reply, { bytes: result.pdf, fileName: result.fileName, mediaType: 'application/pdf' });
      },
    );

    for (const format of ['pdf', 'xlsx'] as const) {
      app.get(
        `/api/officer/tracking-book.${format}`,
        {
          schema: {
            operationId: format === 'pdf' ? 'getTrackingBookPdf' : 'getTrackingBookXlsx',
            tags,
            security: [{ session: [] as string[] }],
            summary: format === 'pdf' ? 'Get the tracking book (PDF)' : 'Get the tracking book (Excel)',
            description: format === 'pdf' ? 'Sổ theo dõi hồ sơ (Mẫu số 07) của cơ quan trong một kỳ, bản PDF khổ ngang' : 'Sổ theo dõi hồ sơ (Mẫu số 07) của cơ quan trong một kỳ, bản Excel',
            querystring: TrackingBookQuery,
            response: { 200: format === 'pdf' ? PdfResponse : XlsxResponse },
          },
        },
        async (request, reply) => {
          const result = await intake.trackingBookFile(requireActor(request), request.query, format, { locale: request.locale });
          const mediaType = format === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
          return sendDocument(reply, { bytes: result.bytes, fileName: result.fileName, mediaType }, format === 'pdf' ? 'inline' : 'attachment');
        },
      );
    }

    // Scans: their own scope, so multipart parsing applies only here (read after authentication and CSRF).
    await app.register(async (scope: App) => {
      await registerSingleFileUploads(scope, intake.maxFileBytes);

      scope.post(
        '/api/officer/intake/:id/files',
        {
          config: { multipart: singleFileUploadBody({ maxFileBytes: intake.maxFileBytes, mediaTypes: ATTACHMENT_MEDIA_TYPES, file: 'The scan (one per request).' }) },
          schema: {
            operationId: 'uploadScannedFile',
            'x-problem-codes': ['FILE_CHECK_FAILED', 'FILE_UNREADABLE', 'FILE_ARCHIVE_UNSUPPORTED', 'FILE_ENCRYPTED', 'FILE_NESTED_ARCHIVE', 'FILE_TOO_COMPLEX', 'FILE_POLYGLOT', 'FILE_MACROS', 'FILE_EXTENSION_MISMATCH', 'FILE_TYPE_NOT_ALLOWED', 'FILE_TOO_LARGE', 'INTAKE_CLOSED', 'INTAKE_NOT_PAPER'],
            tags,
            security,
            summary: 'Upload a scanned document',
            description: 'Số hóa giấy tờ: tải lên bản quét cho một thành phần hồ sơ (multipart: trường "documentId" rồi trường "file"; PDF, JPEG, PNG, DOCX, XLSX)',
            consumes: ['multipart/form-data'],
            params: IntakeParams,
            response: { 201: ScanResponse },
          },
        },
        async (request, reply) => {
          const actor = requireActor(request);
          const result = await readSingleFileUpload(request, ({ documentId, source, filename, onLimit }) => intake.addScan(actor, request.params.id, { documentId, source, filename, onLimit }));
          return reply.status(201).header('cache-control', 'no-store').send(result);
        },
      );
    });
  },
};
