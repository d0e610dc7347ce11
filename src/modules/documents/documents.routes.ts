// The personal document store over HTTP: the JSON API (list, download, attach from the store, remove an
// attachment) and the page "Kho giấy tờ của tôi". Attaching and removing from the attachments page of a draft
// are forms of the dossier pages (dossiers.pages.ts), on the same service.
import { Type } from 'typebox';
import { registerMessages } from '../../core/i18n.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { requireActor } from '../identity/identity.routes.ts';
import './documents.errors.ts';
import { documentsMessages } from './documents.messages.ts';
import { AttachedResponse, DossierFileParams, DossierParams, FromStoreBody, StoreDocumentList, StoreDocumentParams } from './documents.schemas.ts';
import type { OpenedFile } from '../files/files.service.ts';
import { sendStoredFile } from '../files/files.download.ts';
import type { FastifyReply } from 'fastify';

registerMessages(documentsMessages);

const tags = ['documents'];
const security: Array<Record<string, string[]>> = [{ session: [], csrf: [] }];

/** A private file download: never cached by shared caches, never sniffed. */
function sendFile(reply: FastifyReply, opened: OpenedFile) {
  return sendStoredFile(reply, opened, 'private, no-store');
}

export function fileSizeText(bytes: number, locale: string): string {
  if (bytes < 1024) return `${bytes} B`;
  const sep = locale === 'vi' ? ',' : '.';
  if (bytes < 1024 * 1024) return `${String(Math.round((bytes / 1024) * 10) / 10).replace('.', sep)} KB`;
  return `${String(Math.round((bytes / 1048576) * 10) / 10).replace('.', sep)} MB`;
}

export const documentsModule: AppModule = {
  name: 'documents',
  async register(app: App, ctx: AppContext) {
    const documents = ctx.services.documents;

    app.get('/api/documents', { schema: { operationId: 'listStoredDocuments', 'x-problem-codes': ['DOSSIER_APPLICANTS_ONLY'], tags, security: [{ session: [] as string[] }], summary: 'List my stored documents', description: 'Kho giấy tờ của tôi (giấy tờ đã đính kèm và kết quả đã nhận; của tổ chức nếu là tài khoản doanh nghiệp)', response: { 200: StoreDocumentList } } }, async (request, reply) => {
      const items = await documents.listMine(requireActor(request));
      return reply.header('cache-control', 'no-store').send({ items });
    });

    app.get('/api/documents/:id/content', { schema: { operationId: 'downloadStoredDocument', 'x-problem-codes': ['DOSSIER_APPLICANTS_ONLY'], tags, security: [{ session: [] as string[] }], summary: 'Download a stored document', description: 'Tải về một giấy tờ trong kho của tôi', params: StoreDocumentParams, response: { 200: { description: 'The file, in the media type it was stored with (PDF, image, office document)', content: { '*/*': { schema: { type: 'string', format: 'binary' } } } } } } }, async (request, reply) => {
      return sendFile(reply, await documents.open(requireActor(request), request.params.id));
    });

    app.post(
      '/api/dossiers/:id/files/from-store',
      { schema: { operationId: 'attachStoredDocument', 'x-problem-codes': ['DOSSIER_APPLICANTS_ONLY', 'DOSSIER_ALREADY_SUBMITTED', 'FILE_ALREADY_ATTACHED', 'STORE_DOCUMENT_NOT_FOUND'], tags: ['dossiers', ...tags], security, summary: 'Attach a stored document to a draft dossier', description: 'Đính kèm vào hồ sơ nháp một giấy tờ trong kho của tôi (cùng tệp đã lưu, không sao chép)', params: DossierParams, body: FromStoreBody, response: { 201: AttachedResponse } } },
      async (request, reply) => {
        const result = await documents.attachFromStore(requireActor(request), request.params.id, request.body);
        return reply.status(201).header('cache-control', 'no-store').send(result);
      },
    );

    app.delete(
      '/api/dossiers/:id/files/:fileId',
      { schema: { operationId: 'deleteDossierFile', 'x-problem-codes': ['DOSSIER_APPLICANTS_ONLY', 'DOSSIER_ALREADY_SUBMITTED'], tags: ['dossiers'], security, summary: 'Remove a file from a draft dossier', description: 'Xoá một tệp đã đính kèm khỏi hồ sơ nháp (theo id của tệp đính kèm hoặc fileId)', params: DossierFileParams, response: { 204: Type.Null() } } },
      async (request, reply) => {
        await documents.removeAttachment(requireActor(request), request.params.id, request.params.fileId);
        return reply.status(204).send(null);
      },
    );

    app.get('/kho-giay-to', { schema: { hide: true } }, async (request, reply) => {
      const items = await documents.listMine(requireActor(request));
      return reply.page('documents-store.njk', { items: items.map((d) => ({ ...d, size: fileSizeText(d.sizeBytes, request.locale) })) });
    });

    app.get('/kho-giay-to/:id/tep', { schema: { hide: true, params: StoreDocumentParams } }, async (request, reply) => {
      return sendFile(reply, await documents.open(requireActor(request), request.params.id));
    });
  },
};
