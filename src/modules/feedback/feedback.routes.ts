// Feedback and complaints: the JSON API (thin: schema, one service call, presenter). Pages: feedback.pages.ts.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { DomainError } from '../../core/errors.ts';
import { registerMessages } from '../../core/i18n.ts';
import { isIsoDate, vietnamDayStart } from '../../core/time.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { multipartBody } from '../../http/openapi-multipart.ts';
import { readSingleFileUpload, registerSingleFileUploads } from '../../http/uploads.ts';
import { ATTACHMENT_MEDIA_TYPES } from '../files/files.inspect.rules.ts';
import { feedbackMessages } from './feedback.messages.ts';
import {
  ActionBody,
  ActionParams,
  CodeRequestBody,
  CodeRequested,
  FeedbackParams,
  InboxQuery,
  PublishedList,
  PublishedOne,
  PublishedQuery,
  RatingBody,
  ReportQuery,
  ReportView,
  SubmitBody,
  Submitted as SubmittedSchema,
  TokenQuery,
  FeedbackCodeParams,
  FeedbackDetailView,
  AttachedFile,
  MyFeedbackList,
  InboxList,
} from './feedback.schemas.ts';
import type { FeedbackDetail, ReportLine, Submitted } from './feedback.service.ts';
import type { PublishedRow } from './feedback.repository.ts';
import './feedback.errors.ts';

registerMessages(feedbackMessages);

const tags = ['feedback'];

export function presentSubmitted(s: Submitted) {
  return { ...s, dueAt: s.dueAt.toISOString() };
}

export function presentPublished(r: PublishedRow) {
  return {
    code: r.code,
    category: r.category,
    agency: r.agency_name,
    title: r.published_title,
    content: r.published_content,
    answer: r.published_answer,
    receivedAt: r.received_at.toISOString(),
    publishedAt: r.published_at.toISOString(),
  };
}

function presentDetail(d: FeedbackDetail) {
  // Dates as ISO 8601 strings.
  return JSON.parse(JSON.stringify(d)) as Static<typeof FeedbackDetailView>;
}

export function presentReport(rows: ReportLine[]) {
  return rows.map((r) => ({
    agency: { code: r.agency.code, name: r.agency.name },
    received: r.received,
    answeredOnTime: r.answered_on_time,
    answeredLate: r.answered_late,
    pending: r.pending,
    pendingLate: r.pending_late,
    published: r.published,
    satisfied: r.satisfied,
    notSatisfied: r.not_satisfied,
  }));
}

/** A period of days (Vietnam time) → [start of from, start of the day after to). */
export function period(from: string, to: string): { from: Date; to: Date } {
  if (!isIsoDate(from) || !isIsoDate(to) || to < from) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/from', code: 'FEEDBACK_PERIOD_INVALID' }]);
  return { from: vietnamDayStart(from), to: new Date(vietnamDayStart(to).getTime() + 86_400_000) };
}

/** The sender's secret link: header x-feedback-token, else ?k=. */
function tokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers['x-feedback-token'];
  if (typeof header === 'string' && header.length <= 100) return header;
  const k = (request.query as { k?: string } | undefined)?.k;
  return typeof k === 'string' ? k : undefined;
}

export function rateLimited(reply: FastifyReply, error: unknown): void {
  if (error instanceof DomainError && error.code === 'FEEDBACK_RATE_LIMITED' && typeof error.params?.retryAfter === 'number') reply.header('retry-after', String(error.params.retryAfter));
}

export const feedbackModule: AppModule = {
  name: 'feedback',
  async register(app: App, ctx: AppContext) {
    const feedback = ctx.services.feedback;

    app.post(
      '/api/feedback/codes',
      { schema: { operationId: 'requestFeedbackCode', 'x-problem-codes': ['FEEDBACK_RATE_LIMITED', 'FEEDBACK_SMS_UNAVAILABLE'], tags, summary: 'Send a one-time code to a phone or e-mail', description: 'Gửi mã xác thực (SMS hoặc thư điện tử) trước khi gửi phản ánh không đăng nhập; tối đa 20 lần/phút', body: CodeRequestBody, response: { 202: CodeRequested } } },
      async (request, reply) => {
        try {
          return reply.status(202).send(await feedback.requestCode(request.body, { ip: request.ip, locale: request.locale }));
        } catch (error) {
          rateLimited(reply, error);
          throw error;
        }
      },
    );

    app.post(
      '/api/feedback',
      {
        schema: {
          operationId: 'submitFeedback',
          'x-problem-codes': ['FEEDBACK_RATE_LIMITED', 'FEEDBACK_CODE_INVALID'],
          tags,
          summary: 'Send feedback or a complaint',
          description: 'Gửi phản ánh, kiến nghị: đã đăng nhập, hoặc với mã xác thực đã gửi đến số điện thoại/thư điện tử; tối đa 20 lần/phút mỗi địa chỉ',
          body: SubmitBody,
          response: { 201: SubmittedSchema },
        },
      },
      async (request, reply) => {
        try {
          const submitted = await feedback.submit(request.actor, request.body, { ip: request.ip });
          return reply.status(201).send(presentSubmitted(submitted));
        } catch (error) {
          rateLimited(reply, error);
          throw error;
        }
      },
    );

    app.get('/api/feedback/published', { schema: { operationId: 'listPublishedFeedback', tags, summary: 'Search the published answers', description: 'Câu trả lời phản ánh, kiến nghị đã công khai (đã ẩn thông tin cá nhân); tìm không dấu', querystring: PublishedQuery, response: { 200: PublishedList } } }, async (request) => {
      const result = await feedback.published({ q: request.query.q, page: request.query.page });
      return { items: result.rows.map(presentPublished), total: result.total, page: result.page, pageCount: result.pageCount };
    });

    app.get('/api/feedback/published/:code', { schema: { operationId: 'getPublishedFeedback', tags, summary: 'Read one published answer', description: 'Một câu trả lời đã công khai', params: FeedbackCodeParams, response: { 200: PublishedOne } } }, async (request) =>
      presentPublished(await feedback.publishedOne(request.params.code)),
    );

    app.get('/api/feedback/mine', { schema: { operationId: 'listMyFeedback', tags, security: [{ session: [] }], summary: 'List the feedback I sent', description: 'Phản ánh, kiến nghị của tài khoản', response: { 200: MyFeedbackList } } }, async (request) => ({
      items: (await feedback.mine(request.actor)).map((r) => ({ id: r.id, code: r.code, category: r.category, status: r.status, title: r.title, agency: r.agency_name, receivedAt: r.received_at.toISOString(), dueAt: r.due_at.toISOString() })),
    }));

    app.get('/api/feedback/:id', { schema: { operationId: 'getMyFeedback', tags, summary: 'Read feedback I sent', description: 'Người gửi xem phản ánh (tài khoản, hoặc x-feedback-token / ?k=)', params: FeedbackParams, querystring: TokenQuery, response: { 200: FeedbackDetailView } } }, async (request) =>
      presentDetail(await feedback.own({ actor: request.actor, token: tokenOf(request) }, request.params.id)),
    );

    app.post(
      '/api/feedback/:id/rating',
      { schema: { operationId: 'rateFeedbackAnswer', 'x-problem-codes': ['FEEDBACK_ALREADY_RATED', 'FEEDBACK_NOT_ANSWERED'], tags, summary: 'Rate the answer to my feedback', description: 'Đánh giá câu trả lời (một lần): hài lòng / không hài lòng', params: FeedbackParams, body: RatingBody, response: { 201: FeedbackDetailView } } },
      async (request, reply) => {
        const detail = await feedback.rate({ actor: request.actor, token: request.body.token ?? tokenOf(request) }, request.params.id, request.body);
        return reply.status(201).send(presentDetail(detail));
      },
    );

    // Attachments: the sender (account or token) while the feedback is open; an officer of its agency (the answer's file).
    await app.register(async (scope) => {
      await registerSingleFileUploads(scope, ctx.config.dossierMaxFileBytes);
      scope.post(
        '/api/feedback/:id/files',
        {
          config: { multipart: multipartBody({ parts: [{ kind: 'file', name: 'file', required: true, description: 'The file (one per request; at most 5 per feedback).', mediaTypes: ATTACHMENT_MEDIA_TYPES, maxBytes: ctx.config.dossierMaxFileBytes }] }) },
          schema: { operationId: 'attachFeedbackFile', 'x-problem-codes': ['FEEDBACK_TOO_MANY_FILES', 'FEEDBACK_STATE', 'FILE_TOO_LARGE', 'DOSSIER_FILES_TOO_LARGE', 'FILE_TYPE_NOT_ALLOWED', 'FILE_CHECK_FAILED', 'FILE_CHECK_BUSY', 'FILE_UNREADABLE', 'FILE_ARCHIVE_UNSUPPORTED', 'FILE_ENCRYPTED', 'FILE_NESTED_ARCHIVE', 'FILE_TOO_COMPLEX', 'FILE_POLYGLOT', 'FILE_MACROS', 'FILE_EXTENSION_MISMATCH'], tags, summary: 'Attach a file to feedback', description: 'Đính kèm tệp (kiểm tra nội dung như tệp của hồ sơ); multipart: documentId (bất kỳ), file', params: FeedbackParams, querystring: TokenQuery, response: { 201: AttachedFile } },
        },
        async (request, reply) => {
          const who = { actor: request.actor, token: tokenOf(request) };
          const file = await readSingleFileUpload(request, (upload) => feedback.attach(who, (request.params as { id: string }).id, upload));
          return reply.status(201).send(file);
        },
      );
    });

    // --- officers ---
    app.get('/api/officer/feedback', { schema: { operationId: 'listAgencyFeedback', tags, security: [{ session: [] }], summary: 'List the feedback of my agencies', description: 'Hộp phản ánh của cơ quan (status: received | assigned | answered | published | closed | open | late)', querystring: InboxQuery, response: { 200: InboxList } } }, async (request) => {
      const result = await feedback.inbox(request.actor, { status: request.query.status, page: request.query.page });
      return {
        items: result.rows.map((r) => ({ id: r.id, code: r.code, category: r.category, status: r.status, title: r.title, agency: r.agency_name, assignee: r.assignee_name, complaint: r.is_complaint, late: r.late, receivedAt: r.received_at.toISOString(), dueAt: r.due_at.toISOString() })),
        total: result.total,
        page: result.page,
        pageCount: result.pageCount,
      };
    });

    app.post(
      '/api/officer/feedback',
      { schema: { operationId: 'takeFeedbackAtCounter', tags, security: [{ session: [], csrf: [] }], summary: 'Take feedback at the counter', description: 'Cán bộ tiếp nhận phản ánh tại quầy (hoặc về một hồ sơ của cơ quan)', body: SubmitBody, response: { 201: SubmittedSchema } } },
      async (request, reply) => reply.status(201).send(presentSubmitted(await feedback.intake(request.actor, request.body))),
    );

    app.get('/api/officer/feedback/report', { schema: { operationId: 'feedbackReport', tags, security: [{ session: [] }], summary: 'Feedback counts by agency and period', description: 'Báo cáo phản ánh theo cơ quan và kỳ: tiếp nhận, trả lời đúng hạn, quá hạn, đang xử lý, công khai, hài lòng', querystring: ReportQuery, response: { 200: ReportView } } }, async (request) => {
      const p = period(request.query.from, request.query.to);
      return { from: request.query.from, to: request.query.to, rows: presentReport(await feedback.report(request.actor, p.from, p.to)) };
    });

    app.get('/api/officer/feedback/:id', { schema: { operationId: 'getAgencyFeedback', tags, security: [{ session: [] }], summary: 'Read feedback of my agency', description: 'Chi tiết phản ánh (cán bộ của cơ quan)', params: FeedbackParams, response: { 200: FeedbackDetailView } } }, async (request) => presentDetail(await feedback.detail(request.actor, request.params.id)));

    app.post(
      '/api/officer/feedback/:id/:action',
      { schema: { operationId: 'actOnFeedback', 'x-problem-codes': ['FEEDBACK_STATE', 'FEEDBACK_STALE'], tags, security: [{ session: [], csrf: [] }], summary: 'Classify, assign, answer, publish or close feedback', description: 'Thao tác của cán bộ: classify (phân loại, chuyển cơ quan), assign, answer, publish (ẩn thông tin cá nhân), close', params: ActionParams, body: ActionBody, response: { 200: FeedbackDetailView } } },
      async (request) => presentDetail(await feedback.act(request.actor, request.params.id, request.params.action, request.body)),
    );
  },
};
