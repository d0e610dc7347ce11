// Download of the acknowledgement of an online submission (PDF): a page link (from the e-mail and the
// applicant's pages) and the same document in the JSON API's namespace.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../container.ts';
import { registerMessages } from '../../core/i18n.ts';
import type { App, AppModule } from '../../http/app.ts';
import { sendDocument } from '../files/files.download.ts';
import { requireActor } from '../identity/identity.routes.ts';
import './dossiers.errors.ts';
import { receiptMessages } from './dossiers.receipt.messages.ts';
import { DossierParams } from './dossiers.schemas.ts';

registerMessages(receiptMessages);

const PdfResponse = {
  description: 'Giấy xác nhận đã nhận hồ sơ trực tuyến (PDF, A4)',
  content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
};

export const receiptsModule: AppModule = {
  name: 'receipts',
  async register(app: App, ctx: AppContext) {
    const receipts = ctx.services.receipts;

    const send = async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
      const result = await receipts.pdfFor(requireActor(request), request.params.id);
      return sendDocument(reply, { bytes: result.pdf, fileName: result.fileName, mediaType: 'application/pdf' });
    };

    app.get('/ho-so/:id/giay-xac-nhan.pdf', { schema: { hide: true, params: DossierParams } }, send);

    app.get(
      '/api/dossiers/:id/receipt.pdf',
      {
        schema: {
          operationId: 'getDossierReceipt',
          tags: ['dossiers'],
          security: [{ session: [] as string[] }],
          summary: "Get a dossier's receipt (PDF)",
          description: 'Giấy xác nhận đã nhận hồ sơ trực tuyến (PDF: mã hồ sơ kèm mã QR và mã vạch, thành phần hồ sơ, ngày hẹn dự kiến)',
          params: DossierParams,
          response: { 200: PdfResponse },
        },
      },
      send,
    );
  },
};
