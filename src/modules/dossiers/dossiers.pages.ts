// The citizen's journey on the server (GOV.UK service patterns, no JavaScript needed): start page, e-form,
// attachments, check your answers, confirmation, "Hồ sơ của tôi", the dossier page and the public lookup.
// Every page goes through the dossier service; this file only turns forms into calls and errors into pages.
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { ATTACHMENT_ACCEPT, ATTACHMENT_EXTENSIONS } from '../files/files.inspect.rules.ts';
import { DomainError } from '../../core/errors.ts';
import { registerMessages, type Locale } from '../../core/i18n.ts';
import { formatDate } from '../../core/text.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { formErrors, formPage as handleForm, type FormErrors } from '../../http/form-page.ts';
import { registerDocumentUploads, uploadProblems } from '../../http/uploads.ts';
import { presentDetail } from '../catalog/catalog.presenters.ts';
import { requireActor } from '../identity/identity.routes.ts';
import './dossiers.errors.ts';
import { dossierPagesMessages } from './dossiers.pages.messages.ts';
import { applyViolation, isDocumentRequired, megabytes, statusLabel } from './dossiers.rules.ts';
import type { DossierDetail, SubmitResult } from './dossiers.service.ts';
import { RADIO_LIMIT } from '../catalog/catalog.eform.ts';
import { eformMessages } from '../catalog/catalog.eform.messages.ts';
import { communesOf } from '../catalog/catalog-data/administrative-units.ts';
import { citizenPageData, fieldValue, fileSize, readApplicantUploads, registerCitizenActions, storeAttachPageError } from './dossiers.citizen.ts';

registerMessages(dossierPagesMessages);
registerMessages(eformMessages);

const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });
const CodeParams = Type.Object({ code: Type.String({ maxLength: 100 }) });
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
  properties?: Record<string, SchemaProperty>;
  items?: SchemaProperty;
  required?: string[];
  minItems?: number;
  maxItems?: number;
  'x-widget'?: string;
  'x-enumNames'?: string[];
  'x-title-en'?: string;
  'x-description-en'?: string;
}

export interface FormField {
  /** Name of the input ("phone", "address.province", "authors.0.name"; the column name for group templates). */
  name: string;
  /** Element id (the name with dashes: the error summary links to it). */
  id: string;
  label: string;
  hint: string;
  kind: 'text' | 'email' | 'tel' | 'number' | 'date' | 'select' | 'radios' | 'textarea' | 'address' | 'group';
  options: Array<{ value: string; label: string }>;
  required: boolean;
  autocomplete: string;
  inputmode: string;
  /** Address: province, commune, street. Group: the columns (names relative to a row). */
  parts: FormField[];
  minItems: number;
  maxItems: number;
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

const idOf = (name: string) => name.replace(/\./g, '-');

function fieldOf(name: string, p: SchemaProperty, required: boolean, locale: Locale): FormField {
  const type = typeOf(p);
  const kind: FormField['kind'] =
    type === 'array' ? 'group'
    : type === 'object' ? 'address'
    : Array.isArray(p.enum) ? (p['x-widget'] === 'radios' || (p['x-widget'] !== 'select' && p.enum.length <= RADIO_LIMIT) ? 'radios' : 'select')
    : type === 'number' || type === 'integer' ? 'number'
    : p.format === 'date' || p['x-widget'] === 'date' ? 'date'
    : p.format === 'email' || p['x-widget'] === 'email' ? 'email'
    : name === 'phone' || p['x-widget'] === 'tel' ? 'tel'
    : p['x-widget'] === 'textarea' ? 'textarea'
    : 'text';
  const options = Array.isArray(p.enum) && kind !== 'address' ? p.enum.map((v, i) => ({ value: String(v), label: p['x-enumNames']?.[i] ?? String(v) })) : [];
  const numeric = name === 'personalId' || name === 'taxCode';
  let parts: FormField[] = [];
  if (kind === 'group' && p.items?.properties) {
    const columnsRequired = new Set(p.items.required ?? []);
    parts = Object.entries(p.items.properties).map(([column, c]) => fieldOf(column, c, columnsRequired.has(column), locale));
  } else if (kind === 'address' && p.properties) {
    const partsRequired = new Set(p.required ?? []);
    parts = Object.entries(p.properties).map(([part, c]) => {
      const field = fieldOf(`${name}.${part}`, c, partsRequired.has(part), locale);
      // The province is always a select (34 options), whatever its size.
      return part === 'province' ? { ...field, kind: 'select' as const } : field;
    });
  }
  return {
    name,
    id: idOf(name),
    label: (locale === 'en' ? p['x-title-en'] : undefined) ?? p.title ?? name,
    hint: (locale === 'en' ? p['x-description-en'] : undefined) ?? p.description ?? '',
    kind,
    options: kind === 'address' ? [] : options,
    required,
    autocomplete: AUTOCOMPLETE[name] ?? '',
    inputmode: kind === 'number' ? 'decimal' : numeric ? 'numeric' : '',
    parts,
    minItems: Number(p.minItems ?? 0),
    maxItems: Number(p.maxItems ?? 100),
  };
}

/**
 * The fields of a form schema in order, with what the page needs to draw each of them. With `kind`, the
 * optional identification fields of the other kind of applicant are left out (a citizen gives no tax code).
 */
export function formFields(schema: Record<string, unknown>, kind?: string, locale: Locale = 'vi'): FormField[] {
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const skipped = new Set((kind ? OTHER_KIND_FIELDS[kind] : undefined)?.filter((name) => !required.has(name)) ?? []);
  return properties(schema)
    .filter(([name]) => !skipped.has(name))
    .map(([name, p]) => fieldOf(name, p, required.has(name), locale));
}

function scalar(p: SchemaProperty, raw: unknown): unknown {
  const value = typeof raw === 'string' ? raw : Array.isArray(raw) && typeof raw[0] === 'string' ? raw[0] : '';
  const type = typeOf(p);
  if ((type === 'number' || type === 'integer') && /^\s*-?\d+([.,]\d+)?\s*$/.test(value)) return Number(value.trim().replace(',', '.'));
  return value;
}

const isBlank = (value: unknown) => value === '' || value === undefined || value === null;

/**
 * The submitted form body as the e-form's data: schema fields only; numbers converted when they are numbers;
 * addresses from "address.province" etc.; repeatable groups from "authors.0.name" etc. in the order of the
 * row numbers, rows left entirely empty dropped.
 */
export function formData(schema: Record<string, unknown>, body: unknown, keepEmptyRows = false): Record<string, unknown> {
  const source = (body ?? {}) as Record<string, unknown>;
  const data: Record<string, unknown> = {};
  for (const [name, p] of properties(schema)) {
    const type = typeOf(p);
    if (type === 'object') {
      const parts = Object.fromEntries(Object.entries(p.properties ?? {}).map(([part, c]) => [part, scalar(c, source[`${name}.${part}`])]));
      data[name] = parts;
    } else if (type === 'array') {
      const columns = Object.entries(p.items?.properties ?? {});
      const indexes = new Set<number>();
      const prefix = `${name}.`;
      for (const key of Object.keys(source)) {
        if (!key.startsWith(prefix)) continue;
        const m = /^(\d{1,3})\./.exec(key.slice(prefix.length));
        if (m) indexes.add(Number(m[1]));
      }
      data[name] = [...indexes]
        .sort((a, b) => a - b)
        .slice(0, Number(p.maxItems ?? 100))
        .map((i) => Object.fromEntries(columns.map(([column, c]) => [column, scalar(c, source[`${name}.${i}.${column}`])])))
        .filter((row) => keepEmptyRows || !Object.values(row).every(isBlank));
    } else {
      data[name] = scalar(p, source[name]);
    }
  }
  return data;
}

/** Values as the form shows them again (strings), flat: "address.province", "authors.0.name". */
function shownValues(data: Record<string, unknown>): Record<string, string> {
  const values: Record<string, string> = {};
  const walk = (prefix: string, value: unknown) => {
    if (Array.isArray(value)) value.forEach((v, i) => walk(`${prefix}.${i}`, v));
    else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(`${prefix}.${k}`, v);
    else values[prefix] = value === null || value === undefined ? '' : String(value);
  };
  for (const [k, v] of Object.entries(data)) walk(k, v);
  return values;
}

/**
 * The form's fields with the rows to draw: every group gets as many rows as it has answers (at least its
 * minimum and at least one), plus `extraRows[group]`; every address its list of known communes.
 */
export function formView(fields: FormField[], data: Record<string, unknown>, extraRows: Record<string, number> = {}) {
  return fields.map((f) => {
    if (f.kind === 'group') {
      const answered = Array.isArray(data[f.name]) ? (data[f.name] as unknown[]).length : 0;
      const count = Math.min(Math.max(answered, f.minItems, 1) + (extraRows[f.name] ?? 0), f.maxItems);
      const rows = Array.from({ length: count }, (_, i) => ({
        index: i,
        number: i + 1,
        fields: f.parts.map((c) => ({ ...c, name: `${f.name}.${i}.${c.name}`, id: idOf(`${f.name}.${i}.${c.name}`) })),
      }));
      return { ...f, rows, canAdd: count < f.maxItems, canRemove: count > Math.max(f.minItems, 1) };
    }
    if (f.kind === 'address') {
      const province = (data[f.name] as Record<string, unknown> | undefined)?.province;
      return { ...f, communes: communesOf(typeof province === 'string' ? province : null), listId: `${f.id}-communes` };
    }
    return f;
  });
}

/** An answer as the check-answers page shows it (groups: one line per row). */
function answerText(field: FormField, value: unknown): string {
  if (value === undefined || value === null || value === '') return '';
  if (field.kind === 'group') return answerRows(field, value).map((row) => row.map((c) => `${c.label}: ${c.text}`).join('; ')).join(' | ');
  if (field.kind === 'address' && typeof value === 'object') {
    const a = value as Record<string, unknown>;
    return ['street', 'commune', 'province'].map((k) => a[k]).filter((v) => typeof v === 'string' && v).join(', ');
  }
  if (field.kind === 'date' && typeof value === 'string') return formatDate(value) || value;
  if (field.kind === 'select' || field.kind === 'radios') return field.options.find((o) => o.value === String(value))?.label ?? String(value);
  return String(value);
}

/** The rows of a repeatable group as label/answer pairs. */
function answerRows(field: FormField, value: unknown): Array<Array<{ label: string; text: string }>> {
  if (!Array.isArray(value)) return [];
  return value.map((row) => field.parts.map((c) => ({ label: c.label, text: answerText(c, (row as Record<string, unknown> | null)?.[c.name]) })));
}

function answersOf(fields: FormField[], data: Record<string, unknown>) {
  return fields.map((f) => ({ ...f, text: answerText(f, data[f.name]), rows: f.kind === 'group' ? answerRows(f, data[f.name]) : [] }));
}

// --- helpers ---------------------------------------------------------------------------------------

function relabel(detail: DossierDetail, locale: Locale): DossierDetail {
  return { ...detail, statusLabel: statusLabel(detail.status, locale), events: detail.events.map((e) => ({ ...e, statusLabel: statusLabel(e.status, locale) })) };
}

/** One error of the page, linked to a field id. */
function singleError(title: string, field: string, message: string): FormErrors {
  return { title, summary: [{ field, href: `#${field}`, message }], byField: { [field]: message } };
}

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
      // Who may not start one (not an applicant, not online, not for this applicant) is told on the start page.
      return handleForm(request, reply, {
        act: async () => `/ho-so/${(await dossiers.createDraft(request.actor, request.params.code)).id}/to-khai`,
        pageError: (error) => !['DOSSIER_APPLICANTS_ONLY', 'PROCEDURE_NOT_ONLINE', 'PROCEDURE_NOT_FOR_APPLICANT'].includes(error.code),
        rerender: (errors) => startPage(request, reply, request.params.code, errors),
      });
    });

    // 2. E-form --------------------------------------------------------------------------------

    function formPage(request: FastifyRequest, reply: FastifyReply, detail: DossierDetail, data: Record<string, unknown>, options: { errors?: FormErrors; next?: string; extraRows?: Record<string, number> } = {}) {
      const fields = formView(formFields(detail.form.schema, request.actor?.kind, request.locale), data, options.extraRows);
      return reply.page('dossier-form.njk', { d: detail, fields, values: shownValues(data), errors: options.errors, next: options.next ?? '' });
    }

    app.get('/ho-so/:id/to-khai', { schema: { hide: true, params: IdParams } }, async (request, reply) => {
      const detail = await ownDraft(request, reply, request.params.id);
      if (!detail) return reply;
      const next = (request.query as Record<string, unknown> | undefined)?.next === 'check' ? 'check' : '';
      return formPage(request, reply, detail, detail.form.data, { next });
    });

    app.post('/ho-so/:id/to-khai', { schema: { hide: true, params: IdParams } }, async (request, reply) => {
      const detail = await ownDraft(request, reply, request.params.id);
      if (!detail) return reply;
      const data = formData(detail.form.schema, request.body);
      const next = fieldValue(request.body, 'next') === 'check' ? 'check' : '';
      // Without JavaScript, "Thêm dòng" / "Xoá dòng" post the form: the answers are saved as they are and
      // the page comes back with one row more or less.
      const action = /^(add|remove):([a-zA-Z][a-zA-Z0-9_]*)(?::(\d{1,3}))?$/.exec(fieldValue(request.body, 'action'));
      const group = action ? formFields(detail.form.schema).find((f) => f.kind === 'group' && f.name === action[2]) : undefined;
      if (action && group) {
        // The rows as shown (empty ones included: the row numbers of the buttons refer to them).
        const shown = formData(detail.form.schema, request.body, true)[group.name] as Array<Record<string, unknown>>;
        if (action[1] === 'remove' && action[3] !== undefined) shown.splice(Number(action[3]), 1);
        const wanted = Math.max(shown.length + (action[1] === 'add' ? 1 : 0), group.minItems, 1);
        const rows = shown.filter((row) => !Object.values(row).every(isBlank));
        const extraRows = { [group.name]: Math.max(0, wanted - Math.max(rows.length, group.minItems, 1)) };
        const partial = { ...data, [group.name]: rows };
        await dossiers.saveForm(request.actor, detail.id, partial, { partial: true });
        return formPage(request, reply, detail, partial, { next, extraRows });
      }
      return handleForm(request, reply, {
        act: async () => {
          await dossiers.saveForm(request.actor, detail.id, data);
          return next === 'check' ? stepUrl(detail.id, 'check') : stepUrl(detail.id, 'documents');
        },
        pageError: (error) => error.status !== 422,
        rerender: (errors) => formPage(request, reply, detail, data, { errors, next }),
      });
    });

    // 3. Attachments ---------------------------------------------------------------------------

    async function documentsPage(request: FastifyRequest, reply: FastifyReply, detail: DossierDetail, errors?: FormErrors, uploaded = 0, notice = '') {
      const documents = detail.documents.map((doc) => ({ ...doc, files: doc.files.map((f) => ({ ...f, size: fileSize(request.t, f.sizeBytes) })) }));
      // The personal document store, to attach from it instead of uploading again.
      const store = (await ctx.services.documents.listMine(request.actor)).map((s) => ({ ...s, size: fileSize(request.t, s.sizeBytes) }));
      return reply.page('dossier-documents.njk', {
        d: detail,
        documents,
        store,
        notice,
        errors,
        uploaded,
        accept: ATTACHMENT_ACCEPT,
        allowed: ATTACHMENT_EXTENSIONS,
        maxFileMb: megabytes(dossiers.maxFileBytes),
        maxTotalMb: megabytes(dossiers.maxTotalBytes),
      });
    }

    app.get('/ho-so/:id/giay-to', { schema: { hide: true, params: IdParams } }, async (request, reply) => {
      const detail = await ownDraft(request, reply, request.params.id);
      if (!detail) return reply;
      const uploaded = Number((request.query as Record<string, unknown> | undefined)?.uploaded ?? 0) || 0;
      const notice = ({ xoa: 'documents.removed', kho: 'documents.attached' } as Record<string, string>)[String((request.query as Record<string, unknown> | undefined)?.thongbao ?? '')] ?? '';
      return documentsPage(request, reply, detail, undefined, uploaded, notice);
    });

    // The upload form is multipart: the CSRF token comes as its first field and is checked here, before any
    // file is read (the global check reads only JSON and urlencoded bodies).
    await app.register(async (scope: App) => {
      await registerDocumentUploads(scope, { maxFileBytes: dossiers.maxFileBytes, maxTotalBytes: dossiers.maxTotalBytes, maxFiles: MAX_DOCUMENTS, fields: 10, fieldSize: 1000 });

      scope.post('/ho-so/:id/giay-to', { config: { csrfExempt: true }, schema: { hide: true, params: IdParams } }, async (request, reply) => {
        const actor = requireActor(request);
        const id = request.params.id;
        const { fields, uploaded, problems } = await readApplicantUploads(dossiers, request, actor, id);
        const action = fields.action ?? '';
        const detail = await ownDraft(request, reply, id);
        if (!detail) return reply;
        if (problems.length) return documentsPage(request, reply, detail, uploadProblems(reply, problems, request.locale), uploaded);
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

    // 3b. Attach from the personal document store; remove an attached file (plain forms, CSRF checked globally).

    app.post('/ho-so/:id/giay-to/tu-kho', { schema: { hide: true, params: IdParams } }, async (request, reply) => {
      const actor = requireActor(request);
      const id = request.params.id;
      const documentId = fieldValue(request.body, 'documentId');
      return handleForm(request, reply, {
        act: async () => {
          await ctx.services.documents.attachFromStore(actor, id, { documentId, personalDocumentId: fieldValue(request.body, 'personalDocumentId') });
          return `/ho-so/${id}/giay-to?thongbao=kho`;
        },
        pageError: storeAttachPageError,
        rerender: async (errors) => {
          const detail = await ownDraft(request, reply, id);
          if (!detail) return reply;
          const message = errors.summary.find((e) => e.field === 'personalDocumentId')?.message ?? errors.title;
          return documentsPage(request, reply, detail, singleError(message, `store-${documentId}`, message));
        },
      });
    });

    app.post('/ho-so/:id/giay-to/xoa', { schema: { hide: true, params: IdParams } }, async (request, reply) => {
      await ctx.services.documents.removeAttachment(requireActor(request), request.params.id, fieldValue(request.body, 'fileId'));
      return reply.redirect(`/ho-so/${request.params.id}/giay-to?thongbao=xoa`, 303);
    });

    // 4. Check your answers and submit -------------------------------------------------------------

    function checkPage(request: FastifyRequest, reply: FastifyReply, detail: DossierDetail, idempotencyKey: string, errors?: FormErrors, declared = false) {
      const answers = answersOf(formFields(detail.form.schema, request.actor?.kind, request.locale), detail.form.data);
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
          const href = documentId ? `${stepUrl(id, 'documents')}#file-${documentId}` : field ? `${stepUrl(id, 'form')}#${field.replace(/\./g, '-')}` : s.href;
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
      const answers = answersOf(formFields(detail.form.schema, request.actor?.kind, request.locale), detail.form.data);
      const documents = detail.documents.map((doc) => ({ ...doc, files: doc.files.map((f) => ({ ...f, size: fileSize(request.t, f.sizeBytes) })) }));
      // Messages with the agency and the rating section (modules messages, ratings).
      const dossierMessages = detail.code ? await ctx.services.messages.thread(request.actor, detail.id) : null;
      const dossierRating = detail.code ? await ctx.services.ratings.state(request.actor, detail.id, request.locale) : null;
      return reply.page('dossier-detail.njk', { d: detail, answers, documents, dossierMessages, dossierRating, ...citizenPageData(detail, request.query) });
    });

    // The applicant's actions on a submitted dossier: supplement, withdrawal (dossiers.citizen.ts).
    await registerCitizenActions(app, ctx);

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
