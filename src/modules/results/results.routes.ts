// Electronic results, JSON API: the public verification of a code, the dossier's results, issue, upload (a PDF
// signed outside), revoke, and the download of a result's file.
import type { FastifyReply } from 'fastify';
import { registerMessages } from '../../core/i18n.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { sendStoredFile } from '../files/files.download.ts';
import { registerStagedUploads, stagedFrom } from '../files/files.staging.ts';
import { MEDIA_TYPES } from '../files/files.inspect.rules.ts';
import { multipartBody } from '../../http/openapi-multipart.ts';
import { requireActor } from '../identity/identity.routes.ts';
import './results.errors.ts';
import { resultsMessages } from './results.messages.ts';
import { CodeParams, DossierParams, Result, ResultList, RevokeBody, Verification } from './results.schemas.ts';
import type { ResultView, VerificationView } from './results.service.ts';

registerMessages(resultsMessages);

const tags = ['results'];
const officer = { tags, security: [{ session: [], csrf: [] }] };

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentResult(r: ResultView) {
  return { ...r, signedAt: iso(r.signedAt), createdAt: r.createdAt.toISOString(), revokedAt: iso(r.revokedAt) };
}

export function presentVerification(v: VerificationView) {
  return {
    ...v,
    result: v.result ? { ...v.result, signedAt: iso(v.result.signedAt), issuedAt: v.result.issuedAt.toISOString(), revokedAt: iso(v.result.revokedAt) } : null,
  };
}

/** A result's PDF: private, never cached by shared caches, never sniffed. */
export function sendResultFile(reply: FastifyReply, opened: Parameters<typeof sendStoredFile>[1]) {
  return sendStoredFile(reply, opened, 'private, no-store');
}

export const resultsModule: AppModule = {
  name: 'results',
  async register(app: App, ctx: AppContext) {
    const results = ctx.services.results;

    app.get(
      '/api/results/:code',
      { schema: { operationId: 'verifyResult', 'x-problem-codes': ['RATE_LIMITED'], tags, summary: 'Verify an electronic result', description: 'Xác thực kết quả điện tử theo mã (công khai; giới hạn số lần tra cứu sai)', params: CodeParams, response: { 200: Verification } } },
      async (request) => presentVerification(await results.verify(request.params.code, request.ip)),
    );

    app.get(
      '/api/results/:code/file',
      { schema: { operationId: 'downloadResultFile', ...officer, summary: 'Download an electronic result (PDF)', description: 'Tải tệp PDF của kết quả điện tử (người nộp hồ sơ, cán bộ của cơ quan)', params: CodeParams, response: { 200: { description: 'The signed result (PDF)', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } } } } },
      async (request, reply) => sendResultFile(reply, await results.open(requireActor(request), request.params.code)),
    );

    app.get(
      '/api/dossiers/:id/results',
      { schema: { operationId: 'listDossierResults', ...officer, summary: "List a dossier's electronic results", description: 'Các kết quả điện tử của hồ sơ', params: DossierParams, response: { 200: ResultList } } },
      async (request) => ({ items: (await results.list(requireActor(request), request.params.id)).map(presentResult) }),
    );

    app.post(
      '/api/dossiers/:id/results',
      { schema: { operationId: 'issueResult', 'x-problem-codes': ['RESULT_NOT_READY'], ...officer, summary: 'Issue a signed electronic result', description: 'Tạo kết quả từ mẫu của thủ tục và ký số bằng chứng thư của cơ quan (PAdES)', params: DossierParams, response: { 201: Result } } },
      async (request, reply) => reply.status(201).send(presentResult(await results.issue(requireActor(request), request.params.id))),
    );

    app.post(
      '/api/results/:code/revoke',
      { schema: { operationId: 'revokeResult', 'x-problem-codes': ['RESULT_REVOKED'], ...officer, summary: 'Revoke an electronic result', description: 'Thu hồi kết quả điện tử (kèm lý do)', params: CodeParams, body: RevokeBody, response: { 200: Result } } },
      async (request) => presentResult(await results.revoke(requireActor(request), request.params.code, request.body.reason)),
    );

    // Upload of a result signed outside (multipart, field "file"): its own scope, so multipart applies only here.
    await app.register(async (scope: App) => {
      await registerStagedUploads(scope, ctx.services.files, { maxBytes: ctx.config.dossierMaxFileBytes, fields: 5, parts: 6 });
      scope.post(
        '/api/dossiers/:id/results/upload',
        {
          config: { multipart: multipartBody({ parts: [{ kind: 'file', name: 'file', required: true, description: 'The result, signed elsewhere (its signature is checked).', mediaTypes: [MEDIA_TYPES.pdf], maxBytes: ctx.config.dossierMaxFileBytes }] }) },
          schema: { operationId: 'uploadSignedResult', 'x-problem-codes': ['RESULT_SIGNATURE_INVALID', 'RESULT_SIGNER_UNTRUSTED', 'FILE_CHECK_FAILED', 'FILE_UNREADABLE', 'FILE_ARCHIVE_UNSUPPORTED', 'FILE_ENCRYPTED', 'FILE_NESTED_ARCHIVE', 'FILE_TOO_COMPLEX', 'FILE_POLYGLOT', 'FILE_MACROS', 'FILE_EXTENSION_MISMATCH', 'RESULT_NOT_READY'], ...officer, summary: 'Upload a result signed elsewhere', description: 'Tải lên kết quả đã ký số bên ngoài (PDF); chữ ký được kiểm tra; multipart, trường "file"', consumes: ['multipart/form-data'], params: DossierParams, response: { 201: Result } },
        },
        async (request, reply) => reply.status(201).send(presentResult(await results.upload(requireActor(request), request.params.id, stagedFrom(request.body)))),
      );
    });
  },
};
