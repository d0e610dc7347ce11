// Incoming documents: the JSON API (thin: schema, one service call, presenter). Pages: incoming.pages.ts.
import type { Static } from 'typebox';
import { DomainError } from '../../core/errors.ts';
import { registerMessages } from '../../core/i18n.ts';
import { isIsoDate, vietnamDayStart } from '../../core/time.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { multipartBody } from '../../http/openapi-multipart.ts';
import { readSingleFileUpload, registerSingleFileUploads } from '../../http/uploads.ts';
import { ATTACHMENT_MEDIA_TYPES } from '../files/files.inspect.rules.ts';
import { incomingMessages } from './incoming.messages.ts';
import type { ListRow } from './incoming.repository.ts';
import { ActionBody, ActionParams, AttachedFile, DetailView, FileParams, IncomingParams, ListQuery, ListView, RegisterBody, Registered, ReportQuery, ReportView } from './incoming.schemas.ts';
import type { IncomingDetail, IncomingReport } from './incoming.service.ts';
import './incoming.errors.ts';

registerMessages(incomingMessages);

const tags = ['incoming'];
const FILE_CODES = ['FILE_TOO_LARGE', 'FILE_TYPE_NOT_ALLOWED', 'FILE_CHECK_FAILED', 'FILE_CHECK_BUSY', 'FILE_UNREADABLE', 'FILE_ARCHIVE_UNSUPPORTED', 'FILE_ENCRYPTED', 'FILE_NESTED_ARCHIVE', 'FILE_TOO_COMPLEX', 'FILE_POLYGLOT', 'FILE_MACROS', 'FILE_EXTENSION_MISMATCH'];

export function presentDetail(d: IncomingDetail): Static<typeof DetailView> {
  return JSON.parse(JSON.stringify(d)) as Static<typeof DetailView>;
}

export function presentListRow(r: ListRow & { overdue: boolean }) {
  return {
    id: r.id,
    number: r.number,
    year: r.year,
    channel: r.channel,
    receivedAt: r.received_at.toISOString(),
    issuer: r.issuer,
    numberSymbol: r.number_symbol,
    issuedOn: r.issued_on,
    docType: r.doc_type,
    excerpt: r.excerpt,
    urgency: r.urgency,
    confidentiality: r.confidentiality,
    status: r.status,
    deadlineAt: r.deadline_at ? r.deadline_at.toISOString() : null,
    overdue: r.overdue,
    lead: r.lead_name,
  };
}

export function presentReport(from: string, to: string, r: IncomingReport) {
  return { from, to, received: r.received, departments: r.departments, overdue: r.overdue.map((o) => ({ ...o, deadlineAt: o.deadlineAt.toISOString() })) };
}

/** A period of days (Vietnam time) → [start of from, start of the day after to). */
export function period(from: string, to: string): { from: Date; to: Date } {
  if (!isIsoDate(from) || !isIsoDate(to) || to < from) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/from', code: 'INCOMING_PERIOD_INVALID' }]);
  return { from: vietnamDayStart(from), to: new Date(vietnamDayStart(to).getTime() + 86_400_000) };
}

/** The optional received-date filter of the register (ignored when not a date). */
export function dayBounds(from: string | undefined, to: string | undefined): { from?: Date; to?: Date } {
  return {
    ...(from && isIsoDate(from) ? { from: vietnamDayStart(from) } : {}),
    ...(to && isIsoDate(to) ? { to: new Date(vietnamDayStart(to).getTime() + 86_400_000) } : {}),
  };
}

export const incomingModule: AppModule = {
  name: 'incoming',
  async register(app: App, ctx: AppContext) {
    const incoming = ctx.services.incoming;

    app.get(
      '/api/officer/incoming',
      { schema: { operationId: 'listIncomingDocuments', tags, security: [{ session: [] }], summary: 'Search the incoming register', description: 'Sổ văn bản đến của cơ quan: tìm không dấu theo mọi trường và nội dung PDF; lọc trạng thái (open, overdue, …), loại, mức độ khẩn, ngày đến, mine=1 (giao cho tôi)', querystring: ListQuery, response: { 200: ListView } } },
      async (request) => {
        const q = request.query;
        const result = await incoming.list(request.actor, { q: q.q, status: q.status, mine: q.mine === '1', docType: q.docType, urgency: q.urgency, page: q.page, ...dayBounds(q.from, q.to) });
        return { items: result.rows.map(presentListRow), total: result.total, page: result.page, pageCount: result.pageCount };
      },
    );

    app.post(
      '/api/officer/incoming',
      { schema: { operationId: 'registerIncomingDocument', 'x-problem-codes': ['INCOMING_DUPLICATE'], tags, security: [{ session: [], csrf: [] }], summary: 'Register an incoming document', description: 'Văn thư vào sổ văn bản đến (số đến theo năm); trùng cơ quan ban hành, số ký hiệu và ngày → 409 INCOMING_DUPLICATE', body: RegisterBody, response: { 201: Registered } } },
      async (request, reply) => reply.status(201).send(await incoming.register(request.actor, request.body)),
    );

    app.get(
      '/api/officer/incoming/report',
      { schema: { operationId: 'incomingDocumentsReport', tags, security: [{ session: [] }], summary: 'Incoming documents by period, on-time handling by department, overdue list', description: 'Báo cáo văn bản đến theo kỳ (loại, mức độ khẩn), xử lý đúng hạn theo phòng ban, danh sách quá hạn', querystring: ReportQuery, response: { 200: ReportView } } },
      async (request) => {
        const to = request.query.to ?? new Date().toISOString().slice(0, 10);
        const from = request.query.from ?? `${to.slice(0, 4)}-01-01`;
        const p = period(from, to);
        return presentReport(from, to, await incoming.report(request.actor, p.from, p.to));
      },
    );

    app.get(
      '/api/officer/incoming/:id',
      { schema: { operationId: 'getIncomingDocument', tags, security: [{ session: [] }], summary: 'Read an incoming document with its history', description: 'Chi tiết văn bản đến và quá trình xử lý (văn bản mật: chỉ người liên quan; người khác nhận 404)', params: IncomingParams, response: { 200: DetailView } } },
      async (request) => presentDetail(await incoming.detail(request.actor, request.params.id)),
    );

    app.post(
      '/api/officer/incoming/:id/:action',
      { schema: { operationId: 'actOnIncomingDocument', 'x-problem-codes': ['INCOMING_STATE', 'INCOMING_STALE', 'INCOMING_NOT_ALLOWED', 'INCOMING_DEADLINE_PAST'], tags, security: [{ session: [], csrf: [] }], summary: 'Route, assign, add an opinion to or close an incoming document', description: 'route (leaderId), assign (leadId, coordinateIds, informIds, leadDepartmentId, deadline yyyy-mm-dd không trước hôm nay hoặc workingDays), opinion (text), close', params: ActionParams, body: ActionBody, response: { 200: DetailView } } },
      async (request) => presentDetail(await incoming.act(request.actor, request.params.id, request.params.action, request.body)),
    );

    app.get(
      '/api/officer/incoming/:id/files/:fileId',
      { schema: { operationId: 'downloadIncomingFile', tags, security: [{ session: [] }], summary: 'Download a file of an incoming document', description: 'Tệp của văn bản đến', params: FileParams } },
      async (request, reply) => {
        const opened = await incoming.openFile(request.actor, request.params.id, request.params.fileId);
        reply.header('content-type', opened.file.media_type);
        reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(opened.file.original_name)}`);
        reply.header('x-content-type-options', 'nosniff');
        return reply.send(opened.stream);
      },
    );

    await app.register(async (scope) => {
      await registerSingleFileUploads(scope, ctx.config.dossierMaxFileBytes);
      scope.post(
        '/api/officer/incoming/:id/files',
        {
          config: { multipart: multipartBody({ parts: [{ kind: 'file', name: 'file', required: true, description: 'The scan or attachment (content inspected; a PDF’s text is searched).', mediaTypes: ATTACHMENT_MEDIA_TYPES, maxBytes: ctx.config.dossierMaxFileBytes }] }) },
          schema: { operationId: 'attachIncomingFile', 'x-problem-codes': ['INCOMING_TOO_MANY_FILES', 'INCOMING_NOT_ALLOWED', ...FILE_CODES], tags, security: [{ session: [], csrf: [] }], summary: 'Attach a scan or file to an incoming document', description: 'Thêm bản quét/tệp (kiểm tra nội dung; trích văn bản PDF để tìm kiếm)', params: IncomingParams, response: { 201: AttachedFile } },
        },
        async (request, reply) => {
          const file = await readSingleFileUpload(request, (upload) => incoming.attach(request.actor, (request.params as { id: string }).id, upload));
          return reply.status(201).send(file);
        },
      );
    });
  },
};
