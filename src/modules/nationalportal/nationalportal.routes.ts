// The National Public Service Portal's dossier exchange, JSON API: the inbound endpoint the portal posts dossiers
// to (bearer token NATIONAL_PORTAL_INBOUND_TOKEN; no session, CSRF-exempt: the token authenticates it).
import type { FastifyReply } from 'fastify';
import { registerMessages } from '../../core/i18n.ts';
import { DomainError } from '../../core/errors.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { toProblem } from '../../http/problem.ts';
import './nationalportal.errors.ts';
import { nationalPortalMessages } from './nationalportal.messages.ts';
import { ANSWER } from './nationalportal.rules.ts';
import { InboundAnswer, InboundBody } from './nationalportal.schemas.ts';

registerMessages(nationalPortalMessages);

export const nationalPortalModule: AppModule = {
  name: 'nationalportal',
  register(app: App, ctx: AppContext) {
    const portal = ctx.services.nationalPortal;
    app.post(
      '/api/national-portal/dossiers',
      {
        attachValidation: true,
        config: { csrfExempt: true },
        schema: {
          operationId: 'receiveNationalPortalDossier',
          'x-problem-codes': ['NATIONAL_PORTAL_TOKEN_INVALID', 'NATIONAL_PORTAL_PROCEDURE_UNKNOWN', 'NATIONAL_PORTAL_FILE_HASH_MISMATCH', 'NATIONAL_PORTAL_FILE_UNAVAILABLE', 'NATIONAL_PORTAL_FILE_URL_FOREIGN'],
          tags: ['national-portal'],
          security: [{ nationalPortalToken: [] }],
          summary: 'Receive a dossier from the National Portal',
          description: 'Nhận hồ sơ từ Cổng Dịch vụ công quốc gia (DongBoHoSoMC, một hồ sơ mỗi lần gửi)\n\n' +
            'Authorization: Bearer {NATIONAL_PORTAL_INBOUND_TOKEN} (else 401 problem+json). Body {service, isUpdating, madonvi, data: [dossier]}: MaHoSo, MaTTHC (the national procedure code, mapped to our published procedure), ChuHoSo, MaDoiTuong (personal ID), DuLieuBieuMau (form data), TaiLieuNop[] (TenTepDinhKem, DuongDanTaiTepTin on the portal, MaBamSHA256 verified). ' +
            'Answers error_code "0" (registered: our dossier code in data.MaHoSoCoQuan, channel 4, status 1 in the reception queue), "1" (the same MaHoSo again: the dossier already registered, nothing new stored) or "-1" with a message (application/problem+json, 422: unknown procedure, a file whose hash does not match, an invalid field; nothing stored).',
          body: InboundBody,
          response: { 200: InboundAnswer },
        },
      },
      async (request, reply) => {
        portal.authenticate(request.headers.authorization);
        try {
          if (request.validationError) {
            throw new DomainError('VALIDATION_FAILED', undefined, (request.validationError as { validation?: Array<{ instancePath: string; keyword: string }> }).validation?.map((v) => ({ path: v.instancePath || '/', code: v.keyword })) ?? []);
          }
          return await portal.receive(request.body.data[0] as Record<string, unknown>);
        } catch (error) {
          if (!(error instanceof DomainError) || error.status >= 500) throw error;
          const problem = toProblem(error, request.locale, request.id);
          request.log.warn({ code: problem.code }, 'national portal dossier refused');
          return (reply as unknown as FastifyReply)
            .status(problem.status)
            .type('application/problem+json; charset=utf-8')
            .send({ ...problem, error_code: ANSWER.error, message: problem.detail });
        }
      },
    );
  },
};
