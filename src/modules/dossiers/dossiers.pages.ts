// The citizen's journey on the server (GOV.UK service patterns, no JavaScript needed): start page, e-form,
// attachments, check your answers, confirmation, "Hồ sơ của tôi", the dossier page and the public lookup.
// Every page goes through the dossier service; this file only turns forms into calls and errors into pages.
import { randomUUID, timingSafeEqual } from 'node:crypto';
import multipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { DomainError } from '../../core/errors.ts';
import { registerMessages, type Locale, type Translate } from '../../core/i18n.ts';
import { formatDate } from '../../core/text.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { formErrors, type FormErrors } from '../../http/forms.ts';
import { presentDetail } from '../catalog/catalog.presenters.ts';
import { requireActor } from '../identity/identity.routes.ts';
import './dossiers.errors.ts';
import { dossierPagesMessages } from './dossiers.pages.messages.ts';
import { ALLOWED_FILE_TYPES, applyViolation, isDocumentRequired, megabytes, statusLabel } from './dossiers.rules.ts';
import type { DossierDetail, SubmitResult } from './dossiers.service.ts';

registerMessages(dossierPagesMessages);

const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });
const CodeParams = Type.Object({ code: Type.String({ maxLength: 100 }) });
/** Room for the multipart framing, the CSRF field and the button around the files. */
const MULTIPART_OVERHEAD = 64 * 1024;
const MAX_DOCUMENTS = 50;

type Step = 'form' | 'documents' | 'check';

export function stepUrl(id: string, step: Step | null): string {
  if (step === 'form') return `/ho-so/${id}/to-khai`;
  if (step === 'documents') return `/ho-so/${id}/giay-to`;
  if (step === 'check') return `/ho-so/${id}/kiem-tra`;
  return `/ho-so/${id}`;
}

// --- the e-form, from its JSON Schema ------------------------------------------------------------

interface SchemaProperty {
  type?: string | string[];
  title?: string;
  description?: string;
  format?: string;
  enum?: unknown[];
  'x-widget'?: string;
  'x-enumNames'?: string[];
}

export interface FormField {
  name: string;
  label: string;
  hint: string;
  kind: 'text' | 'email' | 'tel' | 'number' | 'date' | 'select' | 'textarea';
  options: Array<{ value: string; label: string }>;
  required: boolean;
  autocomplete: string;
  inputmode: string;
}

const AUTOCOMPLETE: Record<string, string> = { fullName: 'name', phone: 'tel', email: 'email', address: 'street-address', organisationName: 'organization' };

function properties(schema: Record<string, unknown>): Array<[string, SchemaProperty]> {
  return Object.entries((schema.properties ?? {}) as Record<string, SchemaProperty>);
}

function typeOf(p: SchemaProperty): string {
  return Array.isArray(p.type) ? (p.type.find((x) => x !== 'null') ?? 'string') : (p.type ?? 'string');
}

/** Identification fields that only one kind of applicant gives (when the schema leaves them optional). */
const OTHER_KIND_FIELDS: Record<string, string[]> = { citizen: ['organisationName', 'taxCode'], organisation: ['personalId'] };

/**
 * The fields of a form schema in order, with what the page needs to draw each of them. With `kind`, the
 * optional identification fields of the other kind of applicant are left out (a citizen gives no tax code).
 */
export function formFields(schema: Record<string, unknown>, kind?: string): FormField[] {
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const skipped = new Set((kind ? OTHER_KIND_FIELDS[kind] : undefined)?.filter((name) => !required.has(name)) ?? []);
  return properties(schema).filter(([name]) => !skipped.has(name)).map(([name, p]) => {
    const type = typeOf(p);
    const kind: FormField['kind'] =
      Array.isArray(p.enum) ? 'select'
      : type === 'number' || type === 'integer' ? 'number'
      : p.format === 'date' ? 'date'
      : p.format === 'email' ? 'email'
      : name === 'phone' ? 'tel'
      : p['x-widget'] === 'textarea' ? 'textarea'
      : 'text';
    const options = Array.isArray(p.enum) ? p.enum.map((v, i) => ({ value: String(v), label: p['x-enumNames']?.[i] ?? String(v) })) : [];
    const numeric = name === 'personalId' || name === 'taxCode';
    return {
      name,
      label: p.title ?? name,
      hint: p.description ?? '',
      kind,
      options,
      required: required.has(name),
      autocomplete: AUTOCOMPLETE[name] ?? '',
      inputmode: kind === 'number' ? 'decimal' : numeric ? 'numeric' : '',
    };
  });
}

/** The submitted form body as the e-form's data: schema fields only; numbers converted when they are numbers. */
export function formData(schema: Record<string, unknown>, body: unknown): Record<string, unknown> {
  const source = (body ?? {}) as Record<string, unknown>;
  const data: Record<string, unknown> = {};
  for (const [name, p] of properties(schema)) {
    const raw = source[name];
    const value = typeof raw === 'string' ? raw : Array.isArray(raw) && typeof raw[0] === 'string' ? raw[0] : '';
    const type = typeOf(p);
    if ((type === 'number' || type === 'integer') && /^\s*-?\d+([.,]\d+)?\s*$/.test(value)) data[name] = Number(value.trim().replace(',', '.'));
    else data[name] = value;
  }
  return data;
}

/** Values as the form shows them again (strings). */
function shownValues(data: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)]));
}

/** An answer as the check-answers page shows it. */
function answerText(field: FormField, value: unknown): string {
  if (value === undefined || value === null || value === '') return '';
  if (field.kind === 'date' && typeof value === 'string') return formatDate(value) || value;
  if (field.kind === 'select') return field.options.find((o) => o.value === String(value))?.label ?? String(value);
  return String(value);
}

// --- helpers ---------------------------------------------------------------------------------------

function fieldValue(body: unknown, name: string): string {
  const value = ((body ?? {}) as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : '';
}

function sameToken(a: string | undefined, b: string): boolean {
  if (!a || !b) return false;
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function relabel(detail: DossierDetail, locale: Locale): DossierDetail {
  return { ...detail, statusLabel: statusLabel(detail.status, locale), events: detail.events.map((e) => ({ ...e, statusLabel: statusLabel(e.status, locale) })) };
}

/** One error of the page, linked to a field id. */
function singleError(title: string, field: string, message: string): FormErrors {
  return { title, summary: [{ field, href: `#${field}`, message }], byField: { [field]: message } };
}

function fileSize(t: Translate, bytes: number): string {
  if (bytes < 1024) return t('dossierPages.size.bytes', { n: bytes });
  if (bytes < 1024 * 1024) return t('dossierPages.size.kb', { n: Math.round((bytes / 1024) * 10) / 10 });
  return t('dossierPages.size.mb', { n: megabytes(bytes) });
}

const ALLOWED_EXTENSIONS = Object.keys(ALLOWED_FILE_TYPES).map((e) => e.toUpperCase());
const ACCEPT = ['.pdf', '.jpg', '.jpeg', '.png', '.docx', '.xlsx', ...Object.values(ALLOWED_FILE_TYPES)].join(',');

export const dossierPagesModule: AppModule = {
  name: 'dossier-pages',
  async register(app: App, ctx: AppContext) {
    const dossiers = ctx.services.dossiers;
    const catalog = ctx.services.catalog;

    /** The draft's detail, or a redirect when it is already submitted (its page) or not the actor's own. */
    async function ownDraft(request: FastifyRequest, reply: FastifyReply, id: string): Promise<DossierDetail | null> {
      const actor = requireActor(request);
      const detail = await dossiers.get(actor, id);
      if (!detail.editable) {
        if (detail.draft) throw new DomainError('NOT_FOUND');
        await reply.redirect(`/ho-so/${id}`, 303);
        return null;
      }
      return detail;
    }

    // 1. Start page ----------------------------------------------------------------------------

    async function startPage(request: FastifyRequest, reply: FastifyReply, code: string, errors?: FormErrors) {
      const record = await catalog.published(code);
      const p = presentDetail(request.t, record);
      const actor = request.actor;
      const violation = actor ? applyViolation(actor.kind, record) : p.onlineSubmission ? null : 'PROCEDURE_NOT_ONLINE';
      const documents = record.documents.map((d) => ({ name: d.name, copies: d.copies, required: isDocumentRequired(d), originalKind: d.original_kind }));
      return reply.page('dossier-start.njk', { p, documents, violation, online: p.onlineSubmission, errors });
    }

    app.get('/nop-ho-so/:code', { schema: { hide: true, params: CodeParams } }, async (request, reply) => startPage(request, reply, request.params.code));

    app.post('/nop-ho-so/:code', { schema: { hide: true, params: CodeParams } }, async (request, reply) => {
      try {
        const draft = await dossiers.createDraft(request.actor, request.params.code);
        return reply.redirect(`/ho-so/${draft.id}/to-khai`, 303);
      } catch (error) {
        if (error instanceof DomainError && ['DOSSIER_APPLICANTS_ONLY', 'PROCEDURE_NOT_ONLINE', 'PROCEDURE_NOT_FOR_APPLICANT'].includes(error.code)) {
          reply.status(error.status);
          return startPage(request, reply, request.params.code, formErrors(error, request.locale) ?? undefined);
        }
        throw error;
      }
    });

    // 2. E-form --------------------------------------------------------------------------------

    app.get('/ho-so/:id/to-khai', { schema: { hide: true, params: IdParams } }, async (request, reply) => {
      const detail = await ownDraft(request, reply, request.params.id);
      if (!detail) return reply;
      const next = (request.query as Record<string, unknown> | undefined)?.next === 'check' ? 'check' : '';
      return reply.page('dossier-form.njk', { d: detail, fields: formFields(detail.form.schema, request.actor?.kind), values: shownValues(detail.form.data), next });
    });

    app.post('/ho-so/:id/to-khai', { schema: { hide: true, params: IdParams } }, async (request, reply) => {
      const detail = await ownDraft(request, reply, request.params.id);
      if (!detail) return reply;
      const data = formData(detail.form.schema, request.body);
      try {
        await dossiers.saveForm(request.actor, detail.id, data);
      } catch (error) {
        const errors = formErrors(error, request.locale);
        if (!errors || (error as DomainError).status !== 422) throw error;
        reply.status(422);
        const next = fieldValue(request.body, 'next') === 'check' ? 'check' : '';
        return reply.page('dossier-form.njk', { d: detail, fields: formFields(detail.form.schema, request.actor?.kind), values: shownValues(data), errors, next });
      }
      return reply.redirect(fieldValue(request.body, 'next') === 'check' ? stepUrl(detail.id, 'check') : stepUrl(detail.id, 'documents'), 303);
    });

    // 3. Attachments ---------------------------------------------------------------------------

    function documentsPage(request: FastifyRequest, reply: FastifyReply, detail: DossierDetail, errors?: FormErrors, uploaded = 0) {
      const documents = detail.documents.map((doc) => ({ ...doc, files: doc.files.map((f) => ({ ...f, size: fileSize(request.t, f.sizeBytes) })) }));
      return reply.page('dossier-documents.njk', {
        d: detail,
        documents,
        errors,
        uploaded,
        accept: ACCEPT,
        allowed: ALLOWED_EXTENSIONS.join(', '),
        maxFileMb: megabytes(dossiers.maxFileBytes),
        maxTotalMb: megabytes(dossiers.maxTotalBytes),
      });
    }

    app.get('/ho-so/:id/giay-to', { schema: { hide: true, params: IdParams } }, async (request, reply) => {
      const detail = await ownDraft(request, reply, request.params.id);
      if (!detail) return reply;
      const uploaded = Number((request.query as Record<string, unknown> | undefined)?.uploaded ?? 0) || 0;
      return documentsPage(request, reply, detail, undefined, uploaded);
    });

    // The upload form is multipart: the CSRF token comes as its first field and is checked here, before any
    // file is read (the global check reads only JSON and urlencoded bodies).
    await app.register(async (scope: App) => {
      await scope.register(multipart, {
        // The service stops at its own limits; the parser's are only a safety net (no error of its own).
        throwFileSizeLimit: false,
        limits: { fileSize: dossiers.maxFileBytes + 1, files: MAX_DOCUMENTS, fields: 10, parts: MAX_DOCUMENTS + 10, fieldSize: 1000 },
      });
      scope.addHook('onRequest', async (request) => {
        const raw = request.headers['content-length'];
        if (typeof raw === 'string' && /^\d+$/.test(raw) && Number(raw) > dossiers.maxTotalBytes + MULTIPART_OVERHEAD) {
          throw new DomainError('DOSSIER_FILES_TOO_LARGE', { maxMb: megabytes(dossiers.maxTotalBytes) });
        }
      });

      scope.post('/ho-so/:id/giay-to', { config: { csrfExempt: true }, schema: { hide: true, params: IdParams } }, async (request, reply) => {
        const actor = requireActor(request);
        if (!request.isMultipart()) throw new DomainError('UNSUPPORTED_MEDIA_TYPE');
        const id = request.params.id;
        let csrfChecked = false;
        let action = '';
        let uploaded = 0;
        const problems: Array<{ documentId: string; error: unknown }> = [];
        for await (const part of request.parts()) {
          if (part.type === 'field') {
            if (!csrfChecked) {
              if (part.fieldname !== '_csrf' || !sameToken(typeof part.value === 'string' ? part.value : undefined, request.csrfToken)) throw new DomainError('CSRF_INVALID');
              csrfChecked = true;
            } else if (part.fieldname === 'action' && typeof part.value === 'string') action = part.value;
            continue;
          }
          if (!csrfChecked) {
            part.file.resume();
            throw new DomainError('CSRF_INVALID');
          }
          const documentId = part.fieldname.startsWith('file-') ? part.fieldname.slice(5) : '';
          if (!part.filename) {
            // An empty slot: nothing chosen for this document.
            part.file.resume();
            continue;
          }
          try {
            await dossiers.addFile(actor, id, { documentId, source: part.file, filename: part.filename, declaredType: part.mimetype });
            uploaded++;
          } catch (error) {
            part.file.resume();
            if (!(error instanceof DomainError) || error.status >= 500 || error.code === 'NOT_FOUND' || error.code === 'DOSSIER_ALREADY_SUBMITTED') throw error;
            problems.push({ documentId, error });
          }
        }
        if (!csrfChecked) throw new DomainError('CSRF_INVALID');
        const detail = await ownDraft(request, reply, id);
        if (!detail) return reply;
        if (problems.length) {
          const summary: FormErrors['summary'] = [];
          const byField: Record<string, string> = {};
          for (const { documentId, error } of problems) {
            const errors = formErrors(error, request.locale)!;
            const field = `file-${documentId}`;
            const message = errors.summary.find((s) => s.field === 'file')?.message ?? errors.title;
            summary.push({ field, href: `#${field}`, message });
            byField[field] ??= message;
          }
          const status = Math.max(...problems.map((p) => (p.error as DomainError).status));
          reply.status(status);
          // A refused large file is not read to its end: the connection closes after this answer.
          if (status === 413) reply.header('connection', 'close');
          return documentsPage(request, reply, detail, { title: summary[0]!.message, summary, byField }, uploaded);
        }
        if (action === 'continue') {
          const missing = detail.documents.filter((doc) => doc.required && doc.files.length === 0);
          if (missing.length) {
            const summary = missing.map((doc) => ({ field: `file-${doc.documentId}`, href: `#file-${doc.documentId}`, message: request.t('dossierPages.documents.missing', { name: doc.name }) }));
            reply.status(422);
            return documentsPage(request, reply, detail, { title: summary[0]!.message, summary, byField: Object.fromEntries(summary.map((s) => [s.field, s.message])) }, uploaded);
          }
          return reply.redirect(stepUrl(id, 'check'), 303);
        }
        return reply.redirect(`/ho-so/${id}/giay-to?uploaded=${uploaded}`, 303);
      });
    });

    // 4. Check your answers and submit -------------------------------------------------------------

    function checkPage(request: FastifyRequest, reply: FastifyReply, detail: DossierDetail, idempotencyKey: string, errors?: FormErrors, declared = false) {
      const fields = formFields(detail.form.schema, request.actor?.kind);
      const answers = fields.map((f) => ({ ...f, text: answerText(f, detail.form.data[f.name]) }));
      const documents = detail.documents.map((doc) => ({ ...doc, files: doc.files.map((f) => ({ ...f, size: fileSize(request.t, f.sizeBytes) })) }));
      return reply.page('dossier-check.njk', { d: detail, answers, documents, idempotencyKey, errors, declared });
    }

    app.get('/ho-so/:id/kiem-tra', { schema: { hide: true, params: IdParams } }, async (request, reply) => {
      const detail = await ownDraft(request, reply, request.params.id);
      if (!detail) return reply;
      return checkPage(request, reply, detail, randomUUID());
    });

    app.post('/ho-so/:id/kiem-tra', { schema: { hide: true, params: IdParams } }, async (request, reply) => {
      const actor = requireActor(request);
      const id = request.params.id;
      const key = fieldValue(request.body, 'idempotencyKey').trim().slice(0, 200) || randomUUID();
      const declared = fieldValue(request.body, 'declaration') === 'yes';
      let result: SubmitResult;
      if (!declared) {
        const detail = await ownDraft(request, reply, id);
        if (!detail) return reply;
        reply.status(422);
        const message = request.t('dossierPages.check.declarationRequired');
        return checkPage(request, reply, detail, key, singleError(message, 'declaration', message));
      }
      try {
        result = await dossiers.submit(actor, id, key);
      } catch (error) {
        if (error instanceof DomainError && error.code === 'DOSSIER_ALREADY_SUBMITTED') return reply.redirect(`/ho-so/${id}/da-nop`, 303);
        const errors = formErrors(error, request.locale);
        if (!errors || (error as DomainError).status !== 422) throw error;
        // Links to the step where each problem is fixed.
        const summary = errors.summary.map((s) => {
          const documentId = s.field.startsWith('documents.') ? s.field.slice('documents.'.length) : null;
          const field = s.field.startsWith('form.') ? s.field.slice('form.'.length) : null;
          const href = documentId ? `${stepUrl(id, 'documents')}#file-${documentId}` : field ? `${stepUrl(id, 'form')}#${field}` : s.href;
          return { ...s, href };
        });
        const detail = await ownDraft(request, reply, id);
        if (!detail) return reply;
        reply.status(422);
        return checkPage(request, reply, detail, key, { ...errors, summary }, true);
      }
      // The lookup secret is shown once, in this answer (never in a URL); later visits show the code only.
      const detail = relabel(await dossiers.get(actor, id), request.locale);
      return reply.page('dossier-submitted.njk', { d: detail, code: result.code, secret: result.lookupSecret, expectedDate: result.expectedDate ?? detail.expectedDate });
    });

    // 5. Confirmation (later visits: without the secret) -----------------------------------------------

    app.get('/ho-so/:id/da-nop', { schema: { hide: true, params: IdParams } }, async (request, reply) => {
      const detail = relabel(await dossiers.get(requireActor(request), request.params.id), request.locale);
      if (detail.draft) return reply.redirect(`/ho-so/${detail.id}/tiep-tuc`, 303);
      return reply.page('dossier-submitted.njk', { d: detail, code: detail.code, secret: null, expectedDate: detail.expectedDate });
    });

    // 6. The applicant's dossiers ---------------------------------------------------------------------

    app.get('/ho-so', { schema: { hide: true } }, async (request, reply) => {
      const items = await dossiers.listMine(requireActor(request));
      return reply.page('dossier-list.njk', { items: items.map((s) => ({ ...s, statusLabel: statusLabel(s.status, request.locale) })) });
    });

    app.get('/ho-so/:id/tiep-tuc', { schema: { hide: true, params: IdParams } }, async (request, reply) => {
      const actor = requireActor(request);
      try {
        return reply.redirect(stepUrl(request.params.id, await dossiers.nextStep(actor, request.params.id)), 303);
      } catch (error) {
        // Another member's draft of the same organisation: its page, read-only (or 404 for anybody else).
        if (!(error instanceof DomainError) || error.code !== 'NOT_FOUND') throw error;
        const detail = await dossiers.get(actor, request.params.id);
        return reply.redirect(`/ho-so/${detail.id}`, 303);
      }
    });

    app.get('/ho-so/:id', { schema: { hide: true, params: IdParams } }, async (request, reply) => {
      const detail = relabel(await dossiers.get(requireActor(request), request.params.id), request.locale);
      const fields = formFields(detail.form.schema, request.actor?.kind);
      const answers = fields.map((f) => ({ ...f, text: answerText(f, detail.form.data[f.name]) }));
      const documents = detail.documents.map((doc) => ({ ...doc, files: doc.files.map((f) => ({ ...f, size: fileSize(request.t, f.sizeBytes) })) }));
      return reply.page('dossier-detail.njk', { d: detail, answers, documents });
    });

    // 7. Public lookup --------------------------------------------------------------------------------

    app.get('/tra-cuu', { schema: { hide: true } }, async (_request, reply) => reply.page('dossier-lookup.njk', { values: {} }));

    app.post('/tra-cuu', { schema: { hide: true } }, async (request, reply) => {
      const values = { code: fieldValue(request.body, 'code').trim().slice(0, 100), secret: fieldValue(request.body, 'secret').trim().slice(0, 100) };
      const t = request.t;
      if (!values.code || !values.secret) {
        const summary: FormErrors['summary'] = [];
        if (!values.code) summary.push({ field: 'code', href: '#code', message: t('dossierPages.lookup.codeRequired') });
        if (!values.secret) summary.push({ field: 'secret', href: '#secret', message: t('dossierPages.lookup.secretRequired') });
        reply.status(422);
        return reply.page('dossier-lookup.njk', { values, errors: { title: summary[0]!.message, summary, byField: Object.fromEntries(summary.map((s) => [s.field, s.message])) } });
      }
      try {
        const result = await dossiers.lookup(values.code, values.secret, request.ip);
        return reply.page('dossier-lookup.njk', {
          values: { code: result.code },
          result: { ...result, statusLabel: statusLabel(result.status, request.locale), timeline: result.timeline.map((e) => ({ ...e, statusLabel: statusLabel(e.status, request.locale) })) },
        });
      } catch (error) {
        if (!(error instanceof DomainError) || !['NOT_FOUND', 'RATE_LIMITED'].includes(error.code)) throw error;
        const message = error.code === 'NOT_FOUND' ? t('dossierPages.lookup.notFound') : t('dossierPages.lookup.rateLimited');
        reply.status(error.status);
        return reply.page('dossier-lookup.njk', { values, errors: singleError(message, 'code', message), rateLimited: error.code === 'RATE_LIMITED' });
      }
    });
  },
};
