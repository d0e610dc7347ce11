// Outgoing documents: the JSON API (thin: schema, one service call, presenter). Pages: outgoing.pages.ts.
import { Type } from 'typebox';
import { DomainError } from '../../core/errors.ts';
import { registerMessages } from '../../core/i18n.ts';
import { isIsoDate, vietnamDayStart, vietnamYear } from '../../core/time.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { outgoingMessages } from './outgoing.messages.ts';
import { ActionBody, ChainBody, ChainsQuery, ChainsView, DocumentView, DraftBody, ListQuery, ListView, OutgoingActionParams, OutgoingParams, RegisterQuery, RegisterView, ReportQuery, ReportView } from './outgoing.schemas.ts';
import type { Static } from 'typebox';
import type { DocumentView as DocumentViewT } from './outgoing.service.ts';
import './outgoing.errors.ts';

registerMessages(outgoingMessages);

const tags = ['outgoing'];

/** Dates as ISO 8601 strings. */
export function presentDocument(d: DocumentViewT) {
  return JSON.parse(JSON.stringify(d)) as Static<typeof DocumentView>;
}

/** A period of days (Vietnam time) → [start of from, start of the day after to). */
export function period(from: string, to: string): { from: Date; to: Date } {
  if (!isIsoDate(from) || !isIsoDate(to) || to < from) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/from', code: 'OUTGOING_PERIOD_INVALID' }]);
  return { from: vietnamDayStart(from), to: new Date(vietnamDayStart(to).getTime() + 86_400_000) };
}

const ISSUE_CODES = ['OUTGOING_STATE', 'OUTGOING_ALREADY_ISSUED', 'OUTGOING_STALE', 'OUTGOING_NOT_REVIEWER', 'OUTGOING_NOT_SIGNER', 'RESULT_NOT_READY'];

export const outgoingModule: AppModule = {
  name: 'outgoing',
  async register(app: App, ctx: AppContext) {
    const outgoing = ctx.services.outgoing;
    const session = [{ session: [] }];
    const csrf = [{ session: [], csrf: [] }];

    app.get('/api/outgoing', { schema: { operationId: 'listOutgoingDocuments', tags, security: session, summary: 'List the outgoing documents of my agencies', description: 'Văn bản đi của các cơ quan (status: draft | in_review | returned | approved | issued); awaitsMe: chờ người gọi duyệt hoặc ký', querystring: ListQuery, response: { 200: ListView } } }, async (request) =>
      JSON.parse(JSON.stringify(await outgoing.list(request.actor, { status: request.query.status, page: request.query.page }))),
    );

    app.post('/api/outgoing', { schema: { operationId: 'draftOutgoingDocument', tags, security: csrf, summary: 'Draft an outgoing document', description: 'Soạn dự thảo văn bản đi (thể thức Nghị định 30/2020); tùy chọn trả lời văn bản đến hoặc là kết quả của hồ sơ', body: DraftBody, response: { 201: DocumentView } } }, async (request, reply) =>
      reply.status(201).send(presentDocument(await outgoing.create(request.actor, request.body))),
    );

    app.get('/api/outgoing/chains', { schema: { operationId: 'listOutgoingChains', 'x-problem-codes': ['NOT_FOUND'], tags, security: session, summary: 'Read the approval chains of an agency', description: 'Quy trình duyệt văn bản đi của cơ quan (lãnh đạo cơ quan, quản trị)', querystring: ChainsQuery, response: { 200: ChainsView } } }, async (request) => {
      const { agency, chains, people } = await outgoing.chains(request.actor, request.query.agency);
      return { agency, chains, people };
    });

    app.put('/api/outgoing/chains', { schema: { operationId: 'saveOutgoingChain', 'x-problem-codes': ['NOT_FOUND'], tags, security: csrf, summary: 'Set the approval chain of a document type', description: "Thiết lập quy trình duyệt cho một loại văn bản ('*': mọi loại); steps rỗng: xóa quy trình", body: ChainBody, response: { 204: Type.Null({ description: 'Saved' }) } } }, async (request, reply) => {
      await outgoing.saveChain(request.actor, request.body.agencyCode, request.body.docType, request.body.steps);
      return reply.status(204).send(null);
    });

    app.get('/api/outgoing/report', { schema: { operationId: 'outgoingReport', tags, security: session, summary: 'Documents issued by period and type', description: 'Báo cáo văn bản đi ban hành trong kỳ theo cơ quan và loại; lượt gửi thành công; số là kết quả hồ sơ', querystring: ReportQuery, response: { 200: ReportView } } }, async (request) => {
      const p = period(request.query.from, request.query.to);
      return { from: request.query.from, to: request.query.to, rows: await outgoing.report(request.actor, p.from, p.to) };
    });

    app.get('/api/outgoing/register', { schema: { operationId: 'outgoingRegister', 'x-problem-codes': ['NOT_FOUND'], tags, security: session, summary: 'The outgoing register of a year', description: 'Sổ văn bản đi của cơ quan theo năm', querystring: RegisterQuery, response: { 200: RegisterView } } }, async (request) => {
      const book = await outgoing.registerBook(request.actor, request.query.agency, request.query.year ?? vietnamYear(new Date()));
      return { agency: book.agency, year: book.year, rows: book.rows.map((r) => ({ number: r.number, numberSymbol: r.number_symbol, docType: r.doc_type, issuedAt: r.issued_at.toISOString(), documentId: r.document_id, excerpt: r.excerpt })) };
    });

    app.get('/api/outgoing/:id', { schema: { operationId: 'getOutgoingDocument', tags, security: session, summary: 'Read an outgoing document', description: 'Chi tiết văn bản đi: quy trình duyệt, nơi nhận, lịch sử', params: OutgoingParams, response: { 200: DocumentView } } }, async (request) =>
      presentDocument(await outgoing.detail(request.actor, request.params.id)),
    );

    app.put('/api/outgoing/:id', { schema: { operationId: 'updateOutgoingDocument', 'x-problem-codes': ['OUTGOING_STATE', 'OUTGOING_STALE'], tags, security: csrf, summary: 'Edit a draft', description: 'Sửa dự thảo (dự thảo hoặc bị trả lại)', params: OutgoingParams, body: DraftBody, response: { 200: DocumentView } } }, async (request) =>
      presentDocument(await outgoing.update(request.actor, request.params.id, request.body)),
    );

    app.get('/api/outgoing/:id/pdf', { schema: { operationId: 'getOutgoingDocumentPdf', tags, security: session, summary: 'The document as PDF', description: 'Văn bản (PDF): bản đã ký số khi đã ban hành, bản dự thảo (chưa có số) trước đó', params: OutgoingParams, response: { 200: { description: 'The document (PDF)', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } } } } }, async (request, reply) => {
      const pdf = await outgoing.pdf(request.actor, request.params.id);
      reply.header('content-type', 'application/pdf');
      reply.header('content-disposition', `inline; filename="${pdf.name}"`);
      reply.header('x-content-type-options', 'nosniff');
      // A stream or the rendered bytes: the schema's binary string describes the body, not its JavaScript type.
      return reply.send((pdf.opened ? pdf.opened.stream : pdf.bytes) as unknown as string);
    });

    app.post('/api/outgoing/:id/:action', { schema: { operationId: 'actOnOutgoingDocument', 'x-problem-codes': ISSUE_CODES, tags, security: csrf, summary: 'Submit, approve, return or sign and issue', description: 'submit (trình), approve / return (người duyệt bước hiện tại; trả lại cần ý kiến), issue (người ký: ký số, đóng dấu số của cơ quan, cấp số, gửi)', params: OutgoingActionParams, body: ActionBody, response: { 200: DocumentView } } }, async (request) => {
      const { id, action } = request.params;
      const view = action === 'issue' ? await outgoing.issue(request.actor, id, { version: request.body.version }) : await outgoing.act(request.actor, id, action, request.body);
      return presentDocument(view);
    });
  },
};
