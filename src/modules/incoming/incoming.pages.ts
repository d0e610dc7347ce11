// Incoming documents: the officers' pages (server-rendered, no JavaScript needed): the register with search,
// filters and pages; the registration form (multipart: the CSRF token first, the metadata, the scan last); a
// document with its history and the route / assign / opinion / close forms; adding a file; the report with its
// Excel export.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Actor } from '../../core/actor.ts';
import { DomainError } from '../../core/errors.ts';
import { loadExcel } from '../../core/lazy.ts';
import { neutraliseCell } from '../../core/spreadsheet.ts';
import { formatDateTime } from '../../core/text.ts';
import { vietnamDate } from '../../core/time.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { FormBody, formErrors, formPage, formText, isPageError, type FormErrors } from '../../http/form-page.ts';
import { sameToken } from '../../http/app.ts';
import { checkTextField } from '../../http/boundary.ts';
import { readDocumentUploads, registerDocumentUploads, uploadProblems } from '../../http/uploads.ts';
import { CONFIDENTIALITY_CODES, DOCUMENT_TYPE_CODES, URGENCY_CODES } from '../kernel/official-document.ts';
import { STATUSES } from './incoming.rules.ts';
import { ActionParams, FileParams, IncomingParams, ListQuery, ReportQuery } from './incoming.schemas.ts';
import { dayBounds, period, presentReport } from './incoming.routes.ts';
import './incoming.errors.ts';

const BASE = '/can-bo/van-ban-den';
const META_FIELDS = ['agencyId', 'issuer', 'numberSymbol', 'issuedOn', 'docType', 'excerpt', 'urgency', 'confidentiality', 'pageCount', 'signer'] as const;
const choices = { docTypes: DOCUMENT_TYPE_CODES, urgencies: URGENCY_CODES, confidentialities: CONFIDENTIALITY_CODES };

function listUrl(q: Record<string, string | undefined>): string {
  const parts = Object.entries(q)
    .filter(([k, v]) => k !== 'page' && v)
    .map(([k, v]) => `${k}=${encodeURIComponent(v!)}`);
  return `${BASE}?${parts.length ? `${parts.join('&')}&` : ''}`;
}

export const incomingPagesModule: AppModule = {
  name: 'incoming-pages',
  async register(app: App, ctx: AppContext) {
    const incoming = ctx.services.incoming;

    // --- the register ---
    app.get(BASE, { schema: { hide: true, querystring: ListQuery } }, async (request, reply) => {
      const q = request.query;
      const result = await incoming.list(request.actor, { q: q.q, status: q.status, mine: q.mine === '1', docType: q.docType, urgency: q.urgency, page: q.page, ...dayBounds(q.from, q.to) });
      const clerk = await incoming.isClerkAnywhere(request.actor);
      return reply.page('incoming-list.njk', { result, query: q, statuses: [...STATUSES, 'open', 'overdue'], ...choices, clerk, baseUrl: listUrl({ ...q, page: undefined } as Record<string, string | undefined>) });
    });

    // --- registration (multipart; the scan last) ---
    const registerForm = async (request: FastifyRequest, reply: FastifyReply, data: { values: Record<string, string>; errors?: FormErrors | null }) =>
      reply.page('incoming-register.njk', { agencies: await incoming.clerkAgencies(request.actor), ...choices, values: data.values, errors: data.errors ?? null });

    app.get(`${BASE}/vao-so`, { schema: { hide: true } }, async (request, reply) => registerForm(request, reply, { values: { urgency: 'normal', confidentiality: 'none', docType: 'official_letter' } }));

    await app.register(async (scope) => {
      await registerDocumentUploads(scope, { maxFileBytes: ctx.config.dossierMaxFileBytes, maxTotalBytes: ctx.config.dossierMaxFileBytes, maxFiles: 1, fields: 14, fieldSize: 4000 });
      // The token is the form's first field (checked before anything else is read); the metadata fields come before
      // the file input, the form's last, so the registration runs when the scan arrives (or at the end without one).
      scope.post(`${BASE}/vao-so`, { config: { csrfExempt: true }, schema: { hide: true } }, async (request, reply) => {
        const fields: Record<string, string> = {};
        const input = () => ({ ...Object.fromEntries(META_FIELDS.map((k) => [k, fields[k] ?? ''])), agencyId: fields.agencyId || undefined });
        try {
          let registered: { id: string } | null = null;
          if (!request.isMultipart()) throw new DomainError('UNSUPPORTED_MEDIA_TYPE');
          let csrfChecked = false;
          for await (const part of request.parts()) {
            if (part.type === 'field') {
              const value = typeof part.value === 'string' ? part.value : '';
              if (!csrfChecked) {
                if (part.fieldname !== '_csrf' || !sameToken(value, request.csrfToken)) throw new DomainError('CSRF_INVALID');
                csrfChecked = true;
              } else if ((META_FIELDS as readonly string[]).includes(part.fieldname)) {
                checkTextField(part.fieldname, value);
                fields[part.fieldname] = value;
              }
              continue;
            }
            if (!csrfChecked || part.fieldname !== 'scan' || registered) {
              part.file.resume();
              if (!csrfChecked) throw new DomainError('CSRF_INVALID');
              continue;
            }
            if (!part.filename) {
              part.file.resume();
              continue;
            }
            try {
              registered = await incoming.register(request.actor, input(), { source: part.file, filename: part.filename, onLimit: () => { request.raw.unpipe(); request.raw.pause(); } });
            } catch (error) {
              part.file.resume();
              throw error;
            }
          }
          if (!csrfChecked) throw new DomainError('CSRF_INVALID');
          registered ??= await incoming.register(request.actor, input());
          return reply.redirect(`${BASE}/${registered.id}?moi=1`, 303);
        } catch (error) {
          if (!(error instanceof DomainError) || isPageError(error) || error.code === 'CSRF_INVALID') throw error;
          reply.status(error.status);
          if (error.status === 413) reply.header('connection', 'close');
          const errors = formErrors(remapFile(error), request.locale);
          return registerForm(request, reply, { values: Object.fromEntries(META_FIELDS.map((k) => [k, fields[k] ?? ''])), errors });
        }
      });
    });

    // --- a document ---
    const detailPage = async (request: { actor: Actor | null; params: { id: string }; query?: unknown }, reply: FastifyReply, extra: Record<string, unknown> = {}) => {
      const item = await incoming.detail(request.actor, request.params.id);
      const candidates = item.actions.some((a) => a === 'route' || a === 'assign') ? await incoming.candidates(request.actor, request.params.id) : { leaders: [], staff: [], departments: [] };
      const isNew = (request.query as { moi?: string } | undefined)?.moi === '1';
      return reply.page('incoming-detail.njk', { item, candidates, isNew, today: vietnamDate(new Date()), values: {}, ...extra });
    };
    app.get(`${BASE}/:id`, { schema: { hide: true, params: IncomingParams, querystring: Type.Object({ moi: Type.Optional(Type.String({ maxLength: 2 })) }) } }, async (request, reply) => detailPage(request, reply));

    app.post(`${BASE}/:id/:action`, { schema: { hide: true, params: ActionParams, body: FormBody } }, async (request, reply) => {
      const b = request.body;
      const versionText = formText(b, 'version');
      const list = (name: string) => {
        const v = b?.[name];
        return Array.isArray(v) ? v : v ? [v] : [];
      };
      const input: Record<string, unknown> = {
        version: /^\d{1,9}$/.test(versionText) ? Number(versionText) : undefined,
        leaderId: formText(b, 'leaderId'),
        leadId: formText(b, 'leadId'),
        leadDepartmentId: formText(b, 'leadDepartmentId'),
        coordinateIds: list('coordinateIds'),
        informIds: list('informIds'),
        deadline: formText(b, 'deadline'),
        workingDays: formText(b, 'workingDays'),
        note: formText(b, 'note'),
        text: formText(b, 'text'),
      };
      return formPage(request, reply, {
        act: async () => {
          await incoming.act(request.actor, request.params.id, request.params.action, input);
          return `${BASE}/${request.params.id}`;
        },
        rerender: (errors) => detailPage(request, reply, { errors, values: input, failedAction: request.params.action }),
      });
    });

    // Adding a file without JavaScript (multipart, the CSRF token first).
    await app.register(async (scope) => {
      await registerDocumentUploads(scope, { maxFileBytes: ctx.config.dossierMaxFileBytes, maxTotalBytes: ctx.config.dossierMaxFileBytes, maxFiles: 1, fields: 2, fieldSize: 200 });
      scope.post(`${BASE}/:id/tep`, { config: { csrfExempt: true }, schema: { hide: true, params: IncomingParams } }, async (request, reply) => {
        const { id } = request.params as { id: string };
        const uploads = await readDocumentUploads(request, (_doc, file) => incoming.attach(request.actor, id, { source: file.source, filename: file.filename }), ['NOT_FOUND', 'UNAUTHENTICATED', 'FORBIDDEN', 'INCOMING_NOT_ALLOWED']);
        if (uploads.problems.length) return detailPage({ actor: request.actor, params: { id } }, reply, { errors: uploadProblems(reply, uploads.problems, request.locale, () => 'file-1') });
        return reply.redirect(`${BASE}/${id}`, 303);
      });
    });

    app.get(`${BASE}/:id/tep/:fileId`, { schema: { hide: true, params: FileParams } }, async (request, reply) => {
      const opened = await incoming.openFile(request.actor, request.params.id, request.params.fileId);
      reply.header('content-type', opened.file.media_type);
      reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(opened.file.original_name)}`);
      reply.header('x-content-type-options', 'nosniff');
      return reply.send(opened.stream);
    });

    // --- the report ---
    const reportData = async (request: { actor: Actor | null; query: { from?: string | undefined; to?: string | undefined } }) => {
      const to = request.query.to || vietnamDate(new Date());
      const from = request.query.from || `${to.slice(0, 4)}-01-01`;
      const p = period(from, to);
      return presentReport(from, to, await incoming.report(request.actor, p.from, p.to));
    };
    app.get(`${BASE}/bao-cao`, { schema: { hide: true, querystring: ReportQuery } }, async (request, reply) => reply.page('incoming-report.njk', { report: await reportData(request) }));

    app.get(`${BASE}/bao-cao.xlsx`, { schema: { hide: true, querystring: ReportQuery } }, async (request, reply) => {
      const report = await reportData(request);
      const t = request.t;
      const workbook = new (await loadExcel()).Workbook();
      const received = workbook.addWorksheet(t('incoming.report.received').slice(0, 31));
      received.addRow([t('incoming.docType'), t('incoming.urgency'), t('incoming.channel'), t('incoming.report.count')]);
      for (const r of report.received) received.addRow([t(`document.type.${r.docType}`), t(`document.urgency.${r.urgency}`), t(`incoming.channel.${r.channel}`), r.count]);
      const departments = workbook.addWorksheet(t('incoming.report.department').slice(0, 31));
      departments.addRow([t('incoming.report.department'), t('incoming.report.onTime'), t('incoming.report.late'), t('incoming.report.open'), t('incoming.report.overdueOpen')]);
      for (const d of report.departments) departments.addRow([neutraliseCell(d.department ?? t('incoming.report.noDepartment')), d.onTime, d.late, d.open, d.overdue]);
      const overdue = workbook.addWorksheet(t('incoming.report.overdueList').slice(0, 31));
      overdue.addRow([t('incoming.number'), t('incoming.numberSymbol'), t('incoming.issuer'), t('incoming.excerpt'), t('incoming.deadline'), t('incoming.lead')]);
      for (const o of report.overdue) overdue.addRow([`${o.number}/${o.year}`, neutraliseCell(o.numberSymbol), neutraliseCell(o.issuer), neutraliseCell(o.excerpt), formatDateTime(o.deadlineAt), neutraliseCell(o.lead ?? '')]);
      const body = Buffer.from(await workbook.xlsx.writeBuffer());
      reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      reply.header('content-disposition', `attachment; filename="van-ban-den-${report.from}-${report.to}.xlsx"`);
      return reply.send(body);
    });
  },
};

/** A refused scan is shown next to the scan field. */
function remapFile(error: DomainError): DomainError {
  if (!error.code.startsWith('FILE_') && error.code !== 'DOSSIER_FILES_TOO_LARGE') return error;
  return new DomainError(error.code, error.params, [{ path: '/scan', code: error.code, ...(error.params ? { params: error.params } : {}) }]);
}
