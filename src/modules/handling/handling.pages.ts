// Officer pages of the electronic one-stop back office (server-rendered, no JavaScript needed): the queue
// (/can-bo), the dossier page with only the actions the state machine allows this officer, one small form per
// action (/can-bo/ho-so/:id/:action), documents viewed inline, messages with the applicant. Every page goes
// through the handling service; this file only turns forms into calls and errors into pages.
import multipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { Value } from 'typebox/value';
import { DomainError, type FieldError } from '../../core/errors.ts';
import { registerMessages, translate, type Locale } from '../../core/i18n.ts';
import { formatDate } from '../../core/text.ts';
import type { AppContext } from '../../container.ts';
import { sameToken, type App, type AppModule } from '../../http/app.ts';
import { FormBody, formErrors, formPage, formText, type FormErrors } from '../../http/form-page.ts';
import { readDocumentUploads } from '../../http/uploads.ts';
import { statusLabel } from '../kernel/dossier.ts';
import { eventText } from '../kernel/timeline.ts';
import { accepts, inspectUpload, storedName } from '../files/files.inspect.ts';
import { MEDIA_TYPES } from '../files/files.inspect.rules.ts';
import type { StagedFile } from '../files/files.service.ts';
import { sendStoredFile } from '../files/files.download.ts';
import { requireActor } from '../identity/identity.routes.ts';
import { periodBounds } from '../intake/intake.rules.ts';
import './handling.errors.ts';
import { registerCitizenActions } from './handling.citizen.ts';
import { registerRoutingPages } from './handling.routing.pages.ts';
import { registerTaskPages } from './handling.tasks.pages.ts';
import { handlingMessages } from './handling.messages.ts';
import { officerPagesMessages } from './handling.pages.messages.ts';
import { ActionConflict, isAction, nextStepOf, sortActions, type HandlingAction } from './handling.rules.ts';
import type { ActInput, OfficerPageData, QueueQuery } from './handling.service.ts';

registerMessages(handlingMessages);
registerMessages(officerPagesMessages);

const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });
const ActionParams = Type.Object({ id: Type.String({ maxLength: 100 }), action: Type.String({ maxLength: 40 }) });
const FileParams = Type.Object({ id: Type.String({ maxLength: 100 }), fileId: Type.String({ maxLength: 100 }) });
/** The queue's filters (unknown values fall back to the defaults) and page. */
const QueuePageQuery = Type.Object({
  scope: Type.Optional(Type.String({ maxLength: 20 })),
  due: Type.Optional(Type.String({ maxLength: 20 })),
  q: Type.Optional(Type.String({ maxLength: 200 })),
  sort: Type.Optional(Type.String({ maxLength: 20 })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
});
const TrackingBookPageQuery = Type.Object({
  from: Type.Optional(Type.String({ maxLength: 40 })),
  to: Type.Optional(Type.String({ maxLength: 40 })),
  format: Type.Optional(Type.String({ maxLength: 10 })),
});
/** The dossier page after an action (?ok=<action>) or a message sent (?tin=1). */
const DetailQuery = Type.Object({ ok: Type.Optional(Type.String({ maxLength: 40 })), tin: Type.Optional(Type.String({ maxLength: 10 })) });
const SCOPES = ['mine', 'department', 'agency'] as const;
const DUE_FILTERS = ['today', 'soon', 'overdue'] as const;
const SORTS = ['due_asc', 'due_desc', 'received_desc'] as const;
const SORT_LABELS: Record<(typeof SORTS)[number], string> = { due_asc: 'officer.queue.sortAsc', due_desc: 'officer.queue.sortDesc', received_desc: 'officer.queue.sortReceived' };
const FORMS = ['01', '02', '03', '04', '05', '06'] as const;
/** Media types shown inside the browser; anything else is downloaded. */
const INLINE_TYPES = new Set(['application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'image/webp']);
const MAX_RESULT_BYTES = 20 * 1024 * 1024;


function lines(value: string): string[] {
  return value
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

/** dd/mm/yyyy → yyyy-mm-dd (the service's date input); null when not a date in that shape. */
export function parseVietnameseDate(value: string): string | null {
  const m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(value);
  if (!m) return null;
  const day = Number(m[1]);
  const month = Number(m[2]);
  const year = Number(m[3]);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The tracking book form's defaults: the first day of the current month to today (Vietnam time), dd/mm/yyyy. */
export function bookDefaults(now: Date): { from: string; to: string } {
  const today = formatDate(now);
  return { from: `01${today.slice(2)}`, to: today };
}

/** The period of the tracking book form (dd/mm/yyyy) as the API's yyyy-mm-dd, or every problem. */
export function bookPeriod(from: string, to: string): { period: { from: string; to: string } | null; problems: FieldError[] } {
  const problems: FieldError[] = [];
  const parsed = { from: parseVietnameseDate(from), to: parseVietnameseDate(to) };
  for (const name of ['from', 'to'] as const) {
    const value = name === 'from' ? from : to;
    if (!value) problems.push({ path: `/${name}`, code: 'required' });
    else if (!parsed[name]) problems.push({ path: `/${name}`, code: 'format', params: { format: 'dd/mm/yyyy' } });
  }
  if (problems.length) return { period: null, problems };
  const bounds = periodBounds(parsed.from!, parsed.to!);
  if ('errors' in bounds) return { period: null, problems: bounds.errors };
  return { period: { from: parsed.from!, to: parsed.to! }, problems };
}

/** The service input of an action from its form fields (field problems found here are reported with the service's). */
export function actionInput(action: HandlingAction, body: FormBody): { input: ActInput; problems: FieldError[] } {
  const input: ActInput = {};
  const problems: FieldError[] = [];
  const version = formText(body, 'expectedVersion');
  if (/^\d{1,9}$/.test(version)) input.expectedVersion = Number(version);
  const note = formText(body, 'note').trim();
  if (note) input.note = note.slice(0, 2000);
  switch (action) {
    case 'request_supplement':
      input.items = lines(formText(body, 'items'));
      break;
    case 'refuse':
      input.reasons = lines(formText(body, 'reasons'));
      if (!input.reasons.length) problems.push({ path: '/reasons', code: 'required' });
      break;
    case 'forward':
    case 'send_back': {
      const step = formText(body, 'toStep');
      if (/^\d{1,4}$/.test(step)) input.toStep = Number(step);
      const department = formText(body, 'departmentCode').trim();
      if (action === 'forward' && department) input.departmentCode = department;
      if (action === 'send_back') {
        input.reason = formText(body, 'reason');
        if (!input.reason.trim()) problems.push({ path: '/reason', code: 'required' });
      }
      break;
    }
    case 'request_payment': {
      const amount = formText(body, 'amountVnd').replace(/[.\s,]/g, '');
      if (amount) {
        if (/^\d{1,13}$/.test(amount)) input.amountVnd = Number(amount);
        else problems.push({ path: '/amountVnd', code: 'type', params: { type: 'integer' } });
      }
      break;
    }
    case 'apologise': {
      input.reason = formText(body, 'reason');
      const raw = formText(body, 'newAppointment');
      if (!raw.trim()) input.newAppointment = '';
      else {
        const iso = parseVietnameseDate(raw);
        if (iso) input.newAppointment = iso;
        else problems.push({ path: '/newAppointment', code: 'format', params: { format: 'date' } });
      }
      break;
    }
    case 'stop':
      input.reason = formText(body, 'reason');
      if (!input.reason.trim()) problems.push({ path: '/reason', code: 'required' });
      break;
    case 'withdraw':
      input.reason = formText(body, 'reason');
      break;
    case 'return_result': {
      const method = formText(body, 'method');
      if (method === 'counter' || method === 'post' || method === 'online') input.method = method;
      else problems.push({ path: '/method', code: 'required' });
      break;
    }
    default:
      break;
  }
  return { input, problems };
}

/** Form answers as label/value lines (nested objects and repeated groups flattened). */
export function formRows(data: Record<string, unknown>, prefix = ''): Array<{ label: string; value: string }> {
  const out: Array<{ label: string; value: string }> = [];
  for (const [key, value] of Object.entries(data)) {
    const label = prefix ? `${prefix} › ${key}` : key;
    if (value === null || value === undefined || value === '') continue;
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        if (item && typeof item === 'object') out.push(...formRows(item as Record<string, unknown>, `${label} ${i + 1}`)); // stored form data
        else out.push({ label: `${label} ${i + 1}`, value: String(item) });
      });
    } else if (typeof value === 'object') out.push(...formRows(value as Record<string, unknown>, label)); // stored form data
    else if (typeof value === 'boolean') out.push({ label, value: value ? '✓' : '✗' });
    else out.push({ label, value: String(value) });
  }
  return out;
}

/** Field errors of one action form: linked to that form's fields (ids `<action>-<field>`). */
function actionErrors(error: unknown, action: string, locale: Locale): FormErrors | null {
  const errors = formErrors(error, locale);
  if (!errors) return null;
  return {
    ...errors,
    summary: errors.summary.map((s) => (s.field === 'form' ? { ...s, href: `#action-${action}` } : { ...s, href: `#${action}-${s.field.replace(/\./g, '-')}` })),
  };
}

interface DetailState {
  action?: string;
  errors?: FormErrors | null;
  values?: FormBody;
  conflict?: boolean;
  messageErrors?: FormErrors | null;
  messageValues?: FormBody;
  /** The notices of the page after a redirect (the GET's ?ok=<action>, ?tin=1). */
  query?: { ok?: string; tin?: string };
}

export const officerPagesModule: AppModule = {
  name: 'officer-pages',
  async register(app: App, ctx: AppContext) {
    const handling = ctx.services.handling;

    function actionLabel(locale: Locale, action: string): string {
      return translate(locale, `handling.action.${action}`);
    }

    async function renderDetail(request: FastifyRequest, reply: FastifyReply, id: string, state: DetailState = {}) {
      const actor = requireActor(request);
      const locale = request.locale;
      // One load for the detail and the task panel (issue 17: the page read the dossier, its open step, workflow
      // and the officer's roles twice).
      const { detail, taskPanel, agencyId, form }: OfficerPageData = await handling.officerPage(actor, id);
      const d = {
        ...detail,
        allowedActions: sortActions(detail.allowedActions),
        statusLabel: statusLabel(detail.status, locale),
        events: detail.events.map((e) => ({ ...e, statusLabel: statusLabel(e.status, locale), text: eventText(e, locale) })),
      };
      const openRow = [...detail.controlSheet].reverse().find((r) => r.finishedAt === null) ?? null;
      const current = detail.currentStep;
      const steps = detail.workflow.steps;
      // A forward goes to the next step only (handling.plans.ts forwardTarget): no step is skipped.
      const nextStep = current === null ? null : nextStepOf(steps, current);
      const backSteps = current === null ? [] : steps.filter((s) => s.position < current).reverse();
      // The rest of the page's reads are independent of each other: one round instead of five (issue 17). The
      // departments are for the forward form only: read when it is shown.
      const [departments, thread, eform, sharing, routing, exchangeFiles] = await Promise.all([
        detail.allowedActions.includes('forward') ? ctx.services.agencies.departmentsOf(agencyId) : [],
        ctx.services.messages.thread(actor, id).catch((error: unknown) => {
          if (error instanceof DomainError) return null;
          throw error;
        }),
        ctx.services.formContent.view(detail.id, locale, form),
        ctx.services.dataSharing.officerRows(detail.id, detail.formData, locale),
        handling.routing.pending(detail, locale, detail.allowedActions.length > 0),
        // The result files partner agencies sent with the 06 of its liên thông steps (src/modules/docexchange): only
        // a dossier with exchange history can have one, so the others cost no statement.
        detail.events.some((e) => e.action === 'docexchange') ? ctx.services.docExchange.resultFiles(actor, detail.id) : [],
      ]);
      const actionsUsed = new Set(detail.events.map((e) => e.action));
      const formAvailable: Record<string, boolean> = {
        '01': detail.receivedAt !== null,
        '02': actionsUsed.has('request_supplement'),
        '03': detail.status === 3,
        '04': actionsUsed.has('apologise'),
        '05': detail.status === 8,
        '06': detail.controlSheet.length > 0,
      };
      const forms = FORMS.filter((f) => formAvailable[f]).map((f) => ({ form: f, url: `/api/officer/dossiers/${detail.id}/forms/${f}.pdf` }));
      const query = state.query ?? {};
      const done = query.ok !== undefined && isAction(query.ok) && !state.errors ? query.ok : null;
      return reply.header('cache-control', 'no-store').page('officer-dossier.njk', {
        d,
        openRow,
        // The e-form content with its labels, option names, in schema order (kernel/eform-rows.ts), and the
        // officer-only fields' form "Thông tin cán bộ ghi" (dossiers.form-content.ts).
        eform: eform ?? { rows: formRows(detail.formData).map((r) => ({ label: r.label, text: r.value })), officerFields: [], officerValues: {} },
        // Data sharing: the lookups kept with the dossier and where each value of the e-form came from.
        sharing,
        // Liên thông: the rule of the open step found no agency; why, and the agencies to pick (handling.routing.service.ts).
        routing,
        // The open step's current task and what this officer may do with it (handling.tasks.pages.ts).
        taskPanel,
        taskDone: query.ok === 'task' && !state.errors,
        files: detail.files.map((f) => ({ ...f, url: `/can-bo/ho-so/${detail.id}/tep/${f.fileId}` })),
        exchangeFiles,
        nextStep,
        backSteps,
        departments,
        forms,
        done,
        doneText: done ? translate(locale, 'officer.done', { action: actionLabel(locale, done), status: d.statusLabel }) : null,
        messageSent: query.tin === '1',
        allowedText: detail.allowedActions.map((a) => actionLabel(locale, a)).join(', '),
        action: state.action ?? null,
        errors: state.errors ?? null,
        values: state.values ?? {},
        conflict: state.conflict ?? false,
        dossierMessages: thread,
        messageAction: `/can-bo/ho-so/${detail.id}/tin-nhan`,
        messageErrors: state.messageErrors ?? null,
        messageValues: state.messageValues ?? {},
      });
    }

    /**
     * Performs the action (`refused`: the refusal of its uploaded file, shown like the service's errors); 303 back
     * to the page, or the page again with the error (409/403/422).
     */
    async function perform(request: FastifyRequest, reply: FastifyReply, id: string, action: string, body: FormBody, upload: { resultFile?: ActInput['resultFile']; refused?: DomainError } = {}) {
      const actor = requireActor(request);
      if (!isAction(action) || action === 'respond_supplement') throw new DomainError('NOT_FOUND');
      return formPage(request, reply, {
        act: async () => {
          if (upload.refused) throw upload.refused;
          const { input, problems } = actionInput(action, body);
          if (upload.resultFile) input.resultFile = upload.resultFile;
          if (problems.length) throw new DomainError('VALIDATION_FAILED', undefined, problems);
          await handling.act({ ...actor, ip: request.ip }, id, action, input);
          return `/can-bo/ho-so/${id}?ok=${action}`;
        },
        summary: (error) => actionErrors(error, action, request.locale)!,
        rerender: (errors, error) => renderDetail(request, reply, id, { action, errors, values: body, conflict: error instanceof ActionConflict }),
      });
    }

    // --- queue -------------------------------------------------------------------------------------

    app.get('/can-bo', { schema: { hide: true, querystring: QueuePageQuery } }, async (request, reply) => {
      const actor = requireActor(request);
      const raw = request.query;
      const scope = SCOPES.find((s) => s === raw.scope) ?? 'mine';
      const due = DUE_FILTERS.find((s) => s === raw.due);
      const q = (raw.q ?? '').trim().slice(0, 100);
      const page = raw.page ?? 1;
      const sort = SORTS.find((s) => s === raw.sort) ?? 'due_asc';
      const query: QueueQuery = { scope, page, sort, ...(due ? { due } : {}), ...(q ? { q } : {}) };
      const result = await handling.queue(actor, query);
      const link = (changes: Record<string, string | undefined>) => {
        const params = new URLSearchParams();
        // The default order stays out of the links.
        const merged: Record<string, string | undefined> = { scope, due, q: q || undefined, sort: sort === 'due_asc' ? undefined : sort, ...changes };
        for (const [k, v] of Object.entries(merged)) if (v) params.set(k, v);
        const qs = params.toString();
        return qs ? `/can-bo?${qs}` : '/can-bo';
      };
      const pageCount = Math.max(1, Math.ceil(result.total / result.pageSize));
      const base = link({});
      return reply.header('cache-control', 'no-store').page('officer-queue.njk', {
        items: result.items.map((i) => ({ ...i, statusLabel: statusLabel(i.status, request.locale) })),
        total: result.total,
        page: result.page,
        pageCount,
        pageBase: base.includes('?') ? `${base}&` : `${base}?`,
        scope,
        due: due ?? null,
        q,
        scopes: SCOPES.map((s) => ({ value: s, href: link({ scope: s }), current: s === scope })),
        filters: [undefined, ...DUE_FILTERS].map((f) => ({ value: f ?? 'all', href: link({ due: f }), current: f === due })),
        sort,
        sortText: translate(request.locale, SORT_LABELS[sort]),
        sorts: SORTS.map((o) => ({ value: o, label: translate(request.locale, SORT_LABELS[o]), href: link({ sort: o === 'due_asc' ? undefined : o, page: undefined }), current: o === sort })),
        book: bookDefaults(new Date()),
        canIntake: actor.roles.some((g) => g.role === 'receptionist'),
        intakePage: app.hasRoute({ method: 'GET', url: '/can-bo/tiep-nhan' }),
      });
    });

    // --- the tracking book (form 07): a period in dd/mm/yyyy → the PDF or Excel of the JSON API -------------

    app.get('/can-bo/so-theo-doi', { schema: { hide: true, querystring: TrackingBookPageQuery } }, async (request, reply) => {
      requireActor(request);
      const raw = request.query;
      const book = { from: (raw.from ?? '').trim().slice(0, 20), to: (raw.to ?? '').trim().slice(0, 20) };
      if (raw.from === undefined && raw.to === undefined) return reply.header('cache-control', 'no-store').page('officer-tracking-book.njk', { book: bookDefaults(new Date()), errors: null });
      const { period, problems } = bookPeriod(book.from, book.to);
      if (!period) {
        reply.status(422);
        return reply.header('cache-control', 'no-store').page('officer-tracking-book.njk', { book, errors: formErrors(new DomainError('VALIDATION_FAILED', undefined, problems), request.locale) });
      }
      const format = raw.format === 'xlsx' ? 'xlsx' : 'pdf';
      return reply.redirect(`/api/officer/tracking-book.${format}?${new URLSearchParams(period).toString()}`, 303);
    });

    // --- the dossier ---------------------------------------------------------------------------------

    app.get('/can-bo/ho-so/:id', { schema: { hide: true, params: IdParams, querystring: DetailQuery } }, async (request, reply) => renderDetail(request, reply, request.params.id, { query: request.query }));

    /** A document of the dossier, inline for PDFs and images (after the same authorisation as the page). */
    app.get('/can-bo/ho-so/:id/tep/:fileId', { schema: { hide: true, params: FileParams } }, async (request, reply) => {
      const detail = await handling.detail(requireActor(request), request.params.id);
      const file = detail.files.find((f) => f.fileId === request.params.fileId || f.id === request.params.fileId);
      if (!file) throw new DomainError('NOT_FOUND');
      const opened = await ctx.services.files.open(file.fileId);
      if (!opened) throw new DomainError('NOT_FOUND');
      return sendStoredFile(reply, opened, 'private, no-store', INLINE_TYPES.has(opened.file.media_type) ? 'inline' : 'attachment');
    });

    app.post('/can-bo/ho-so/:id/tin-nhan', { schema: { hide: true, params: IdParams, body: FormBody } }, async (request, reply) => {
      const actor = requireActor(request);
      const id = request.params.id;
      const message = formText(request.body, 'body');
      return formPage(request, reply, {
        act: async () => {
          await ctx.services.messages.post(actor, id, { body: message });
          return `/can-bo/ho-so/${id}?tin=1#tin-nhan`;
        },
        pageError: (error) => error.code !== 'VALIDATION_FAILED',
        rerender: (errors) => renderDetail(request, reply, id, { messageErrors: errors, messageValues: { body: message } }),
      });
    });

    // record_result carries an optional file: multipart, CSRF checked on its first field before any file is read.
    await app.register(async (scope: App) => {
      await scope.register(multipart, { throwFileSizeLimit: false, limits: { fileSize: MAX_RESULT_BYTES + 1, files: 1, fields: 10, parts: 12, fieldSize: 4000 } });
      scope.post('/can-bo/ho-so/:id/record_result', { config: { csrfExempt: true }, schema: { hide: true, params: IdParams } }, async (request, reply) => {
        requireActor(request);
        if (!request.isMultipart()) {
          // A urlencoded post (no file): the CSRF field is checked like the global hook would.
          // No body schema on this route (a multipart body has none to pass): the form body is checked here.
          const body = request.body ?? {};
          if (!Value.Check(FormBody, body)) throw new DomainError('VALIDATION_FAILED');
          if (!sameToken(formText(body, '_csrf') || undefined, request.csrfToken)) throw new DomainError('CSRF_INVALID');
          return perform(request, reply, request.params.id, 'record_result', body);
        }
        // The CSRF-first loop is the shared one; the result file (PDF or image, at most MAX_RESULT_BYTES) is staged
        // to disk and its content inspected in isolation (files.inspect.ts), like every other upload.
        let resultFile: ActInput['resultFile'];
        let staged: StagedFile | undefined;
        try {
          const { fields, problems } = await readDocumentUploads(request, async (_documentId, file) => {
            staged = await ctx.services.files.stage(file.source, file.filename || 'ket-qua', { maxBytes: MAX_RESULT_BYTES + 1 });
            if (!staged.sizeBytes) return;
            if (staged.truncated || staged.sizeBytes > MAX_RESULT_BYTES) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/resultFile', code: 'maxLength', params: { limit: MAX_RESULT_BYTES } }]);
            const detected = await inspectUpload(ctx.services.files.inspector, staged.tempPath, 'result', staged.originalName, { field: '/resultFile' });
            if (!accepts('result', detected) || detected === 'ole') throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/resultFile', code: 'format', params: { format: 'PDF, PNG, JPEG' } }]);
            resultFile = { staged, name: storedName(staged.originalName, detected, '/resultFile'), mediaType: MEDIA_TYPES[detected] };
          });
          return await perform(request, reply, request.params.id, 'record_result', fields, { resultFile, refused: problems[0]?.error });
        } finally {
          // Stored by the transaction (moved away) or not: the staging file goes.
          if (staged) await ctx.services.files.discard(staged);
        }
      });
    });

    app.post('/can-bo/ho-so/:id/:action', { schema: { hide: true, params: ActionParams, body: FormBody } }, async (request, reply) =>
      perform(request, reply, request.params.id, request.params.action, request.body),
    );

    // The applicant's side of the same state machine: answering a supplement request, withdrawing (/ho-so/:id/…).
    await registerCitizenActions(app, ctx);
    // Liên thông: the officer picks the agency of a rule step by hand (handling.routing.pages.ts).
    await registerRoutingPages(app, ctx, renderDetail);
    // The tasks of a step: complete, send back, take, reassign (handling.tasks.pages.ts).
    await registerTaskPages(app, ctx, renderDetail);
  },
};

