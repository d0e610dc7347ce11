// Feedback pages (server-rendered, no JavaScript needed): the public form (signed in, or with a one-time code), the
// sender's page (status, answer, rating), the published answers with search, the officers' inbox, detail and
// actions, counter intake, and the report (table + Excel).
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { Actor } from '../../core/actor.ts';
import { DomainError } from '../../core/errors.ts';
import { loadExcel } from '../../core/lazy.ts';
import { neutraliseCell } from '../../core/spreadsheet.ts';
import { addDays, vietnamDate } from '../../core/time.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { FormBody, formPage, formText } from '../../http/form-page.ts';
import { readDocumentUploads, registerDocumentUploads, uploadProblems } from '../../http/uploads.ts';
import { MAX_ATTACHMENTS } from './feedback.rules.ts';
import { pickerOptions } from '../agencies/agencies.picker.ts';
import { CATEGORIES } from './feedback.rules.ts';
import { ActionParams, FeedbackCodeParams, FeedbackParams, PublishedQuery } from './feedback.schemas.ts';
import { period, presentReport, rateLimited } from './feedback.routes.ts';
import './feedback.errors.ts';

const FIELDS = ['category', 'agencyCode', 'procedureCode', 'dossierCode', 'title', 'content', 'contactName', 'phone', 'email', 'contact', 'verificationId', 'code'] as const;

function values(body: FormBody): Record<string, string> {
  return Object.fromEntries(FIELDS.map((f) => [f, formText(body, f)]));
}

const FormQuery = Type.Object({ dossier: Type.Optional(Type.String({ maxLength: 60 })), agency: Type.Optional(Type.String({ maxLength: 40 })) });
const SenderQuery = Type.Object({ k: Type.Optional(Type.String({ maxLength: 100 })), new: Type.Optional(Type.String({ maxLength: 2 })) });
const InboxPageQuery = Type.Object({ status: Type.Optional(Type.String({ maxLength: 20 })), page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })) });
const ReportPageQuery = Type.Object({ from: Type.Optional(Type.String({ maxLength: 10 })), to: Type.Optional(Type.String({ maxLength: 10 })) });

export const feedbackPagesModule: AppModule = {
  name: 'feedback-pages',
  async register(app: App, ctx: AppContext) {
    const feedback = ctx.services.feedback;
    const agencies = ctx.services.agencies;
    const agencyOptions = async () => pickerOptions(await agencies.tree());

    const showForm = async (reply: FastifyReply, data: Record<string, unknown>) =>
      reply.page('feedback-form.njk', { categories: CATEGORIES, agencyOptions: await agencyOptions(), ...data });

    // --- public form ---
    app.get('/phan-anh-kien-nghi', { schema: { hide: true, querystring: FormQuery } }, async (request, reply) =>
      showForm(reply, { values: { dossierCode: request.query.dossier ?? '', agencyCode: request.query.agency ?? '', category: request.query.dossier ? 'procedure' : '' } }),
    );

    app.post('/phan-anh-kien-nghi/ma', { schema: { hide: true, body: FormBody } }, async (request, reply) => {
      const v = values(request.body);
      return formPage(request, reply, {
        act: async () => {
          const sent = await feedback.requestCode({ contact: v.contact }, { ip: request.ip, locale: request.locale });
          return showForm(reply, { values: { ...v, verificationId: sent.verificationId }, codeSent: true });
        },
        pageError: (error) => !['VALIDATION_FAILED', 'FEEDBACK_RATE_LIMITED', 'FEEDBACK_SMS_UNAVAILABLE'].includes(error.code) && error.status >= 500,
        rerender: (errors, error) => {
          rateLimited(reply, error);
          return showForm(reply, { values: v, errors });
        },
      });
    });

    app.post('/phan-anh-kien-nghi', { schema: { hide: true, body: FormBody } }, async (request, reply) => {
      const v = values(request.body);
      return formPage(request, reply, {
        act: async () => {
          const s = await feedback.submit(request.actor, { ...v, verificationId: v.verificationId || undefined, code: v.code || undefined }, { ip: request.ip });
          return `/phan-anh/${s.code}?new=1${s.accessToken ? `&k=${encodeURIComponent(s.accessToken)}` : ''}`;
        },
        pageError: (error) => error.status >= 500,
        rerender: (errors, error) => {
          rateLimited(reply, error);
          return showForm(reply, { values: v, errors, codeSent: !!v.verificationId });
        },
      });
    });

    // --- the sender's page ---
    const senderPage = async (request: { actor: Actor | null; params: { code: string }; query: { k?: string | undefined; new?: string | undefined } }, reply: FastifyReply, extra: Record<string, unknown> = {}) => {
      const item = await feedback.own({ actor: request.actor, token: request.query.k }, request.params.code);
      return reply.page('feedback-sender.njk', { item, k: request.query.k ?? '', isNew: request.query.new === '1', maxFiles: MAX_ATTACHMENTS, ...extra });
    };
    app.get('/phan-anh/cua-toi', { schema: { hide: true } }, async (request, reply) => reply.page('feedback-mine.njk', { rows: await feedback.mine(request.actor) }));
    app.get('/phan-anh/:code', { schema: { hide: true, params: FeedbackCodeParams, querystring: SenderQuery } }, async (request, reply) => senderPage(request, reply));

    app.post('/phan-anh/:code/danh-gia', { schema: { hide: true, params: FeedbackCodeParams, body: FormBody } }, async (request, reply) => {
      const k = formText(request.body, 'k') || undefined;
      return formPage(request, reply, {
        act: async () => {
          await feedback.rate({ actor: request.actor, token: k }, request.params.code, { rating: formText(request.body, 'rating'), comment: formText(request.body, 'comment') });
          return `/phan-anh/${request.params.code}${k ? `?k=${encodeURIComponent(k)}` : ''}`;
        },
        rerender: (errors) => senderPage({ actor: request.actor, params: request.params, query: { k } }, reply, { errors }),
      });
    });

    // --- published answers ---
    app.get('/phan-anh-kien-nghi/da-tra-loi', { schema: { hide: true, querystring: PublishedQuery } }, async (request, reply) => {
      const result = await feedback.published({ q: request.query.q, page: request.query.page });
      return reply.page('feedback-published.njk', { result, baseUrl: `/phan-anh-kien-nghi/da-tra-loi?${result.q ? `q=${encodeURIComponent(result.q)}&` : ''}` });
    });
    app.get('/phan-anh-kien-nghi/da-tra-loi/:code', { schema: { hide: true, params: FeedbackCodeParams } }, async (request, reply) =>
      reply.page('feedback-published.njk', { one: await feedback.publishedOne(request.params.code) }),
    );

    // --- officers ---
    app.get('/can-bo/phan-anh', { schema: { hide: true, querystring: InboxPageQuery } }, async (request, reply) => {
      const result = await feedback.inbox(request.actor, { status: request.query.status, page: request.query.page });
      return reply.page('feedback-inbox.njk', { result, status: request.query.status ?? '', baseUrl: `/can-bo/phan-anh?${request.query.status ? `status=${encodeURIComponent(request.query.status)}&` : ''}` });
    });

    app.get('/can-bo/phan-anh/tiep-nhan', { schema: { hide: true, querystring: FormQuery } }, async (request, reply) => {
      await feedback.inbox(request.actor, { pageSize: 1 });
      return reply.page('feedback-form.njk', { counter: true, categories: CATEGORIES, agencyOptions: pickerOptions(await agencies.scopeTree(request.actor, ['receptionist', 'specialist', 'department_head', 'agency_leader'])), values: { dossierCode: request.query.dossier ?? '', category: request.query.dossier ? 'procedure' : '' } });
    });

    app.post('/can-bo/phan-anh/tiep-nhan', { schema: { hide: true, body: FormBody } }, async (request, reply) => {
      const v = values(request.body);
      return formPage(request, reply, {
        act: async () => `/can-bo/phan-anh/${(await feedback.intake(request.actor, v)).id}`,
        rerender: async (errors) =>
          reply.page('feedback-form.njk', { counter: true, categories: CATEGORIES, agencyOptions: pickerOptions(await agencies.scopeTree(request.actor, ['receptionist', 'specialist', 'department_head', 'agency_leader'])), values: v, errors }),
      });
    });

    app.get('/can-bo/phan-anh/bao-cao', { schema: { hide: true, querystring: ReportPageQuery } }, async (request, reply) => {
      const to = request.query.to || vietnamDate(new Date());
      const from = request.query.from || addDays(to, -30);
      const p = period(from, to);
      const rows = presentReport(await feedback.report(request.actor, p.from, p.to));
      return reply.page('feedback-report.njk', { rows, from, to });
    });

    app.get('/can-bo/phan-anh/bao-cao.xlsx', { schema: { hide: true, querystring: ReportPageQuery } }, async (request, reply) => {
      const to = request.query.to || vietnamDate(new Date());
      const from = request.query.from || addDays(to, -30);
      const p = period(from, to);
      const rows = presentReport(await feedback.report(request.actor, p.from, p.to));
      const t = request.t;
      const workbook = new (await loadExcel()).Workbook();
      const sheet = workbook.addWorksheet('PAKN');
      sheet.addRow([t('feedback.report.agency'), t('feedback.report.received'), t('feedback.report.onTime'), t('feedback.report.lateAnswered'), t('feedback.report.pending'), t('feedback.report.pendingLate'), t('feedback.report.published'), t('feedback.report.satisfied'), t('feedback.report.notSatisfied')]);
      for (const r of rows) sheet.addRow([neutraliseCell(`${r.agency.name} (${r.agency.code})`), r.received, r.answeredOnTime, r.answeredLate, r.pending, r.pendingLate, r.published, r.satisfied, r.notSatisfied]);
      const body = Buffer.from(await workbook.xlsx.writeBuffer());
      reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      reply.header('content-disposition', `attachment; filename="phan-anh-${from}-${to}.xlsx"`);
      return reply.send(body);
    });

    const officerPage = async (request: { actor: Actor | null; params: { id: string } }, reply: FastifyReply, extra: Record<string, unknown> = {}) => {
      const item = await feedback.detail(request.actor, request.params.id);
      const assignees = await feedback.assignees(request.actor, request.params.id);
      return reply.page('feedback-officer.njk', { item, assignees, categories: CATEGORIES, agencyOptions: await agencyOptions(), ...extra });
    };
    app.get('/can-bo/phan-anh/:id', { schema: { hide: true, params: FeedbackParams } }, async (request, reply) => officerPage(request, reply));

    app.post('/can-bo/phan-anh/:id/:action', { schema: { hide: true, params: ActionParams, body: FormBody } }, async (request, reply) => {
      const b = request.body;
      const versionText = formText(b, 'version');
      const input: Record<string, unknown> = { version: /^\d{1,9}$/.test(versionText) ? Number(versionText) : undefined };
      if (request.params.action === 'classify') Object.assign(input, { category: formText(b, 'category'), isComplaint: formText(b, 'isComplaint') === '1', agencyCode: formText(b, 'agencyCode') });
      if (request.params.action === 'assign') input.assigneeId = formText(b, 'assigneeId');
      if (request.params.action === 'answer') input.answer = formText(b, 'answer');
      return formPage(request, reply, {
        act: async () => {
          await feedback.act(request.actor, request.params.id, request.params.action, input);
          return `/can-bo/phan-anh/${request.params.id}`;
        },
        rerender: (errors) => officerPage(request, reply, { errors, answerValue: input.answer ?? '' }),
      });
    });

    // Attaching a file without JavaScript (multipart, the CSRF token first): the sender while the feedback is open,
    // or an officer of its agency (the answer's file). Refused files are shown on the page again (422/413).
    await app.register(async (scope) => {
      await registerDocumentUploads(scope, { maxFileBytes: ctx.config.dossierMaxFileBytes, maxTotalBytes: ctx.config.dossierMaxFileBytes, maxFiles: 1, fields: 3, fieldSize: 200 });
      // The token is the form's first field, checked by readDocumentUploads before any file is read.
      scope.post('/phan-anh/:id/tep', { config: { csrfExempt: true }, schema: { hide: true, params: FeedbackParams, querystring: SenderQuery } }, async (request, reply) => {
        const { id } = request.params as { id: string };
        const { k } = request.query as { k?: string };
        const who = { actor: request.actor, token: k };
        const uploads = await readDocumentUploads(request, (_doc, file) => feedback.attach(who, id, { source: file.source, filename: file.filename }), ['NOT_FOUND', 'UNAUTHENTICATED', 'FORBIDDEN']);
        const officer = uploads.fields.back === 'officer';
        if (uploads.problems.length) {
          const errors = uploadProblems(reply, uploads.problems, request.locale, () => 'file-1');
          if (officer) return officerPage({ actor: request.actor, params: { id } }, reply, { errors });
          const item = await feedback.own(who, id);
          return senderPage({ actor: request.actor, params: { code: item.code }, query: { k } }, reply, { errors });
        }
        if (officer) return reply.redirect(`/can-bo/phan-anh/${id}`, 303);
        const item = await feedback.own(who, id);
        return reply.redirect(`/phan-anh/${item.code}${k ? `?k=${encodeURIComponent(k)}` : ''}`, 303);
      });
    });

    // A file of a feedback (its sender, or the officers of its agency).
    app.get('/phan-anh/:id/tep/:fileId', { schema: { hide: true, params: Type.Object({ id: Type.String({ maxLength: 64 }), fileId: Type.String({ maxLength: 64 }) }), querystring: SenderQuery } }, async (request, reply) => {
      const opened = await feedback.openFile({ actor: request.actor, token: request.query.k }, request.params.id, request.params.fileId);
      if (!opened) throw new DomainError('NOT_FOUND');
      reply.header('content-type', opened.file.media_type);
      reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(opened.file.original_name)}`);
      reply.header('x-content-type-options', 'nosniff');
      return reply.send(opened.stream);
    });
  },
};
