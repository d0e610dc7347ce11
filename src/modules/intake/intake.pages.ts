// Counter intake pages (tiếp nhận trực tiếp, server-rendered, no JavaScript needed) for receptionists:
//   1. /can-bo/tiep-nhan          choose the procedure (of the receptionist's agency subtree), the channel (1 in
//                                 person, 3 by post) and the applicant's ID number or tax code;
//   2. POST /can-bo/tiep-nhan     the applicant found (name, masked contacts) or the fields to create them, the
//                                 e-form (the dossier e-form widgets), how the result is delivered →
//      POST /can-bo/tiep-nhan/dang-ky registers the dossier (IntakeService.register);
//   3. /can-bo/tiep-nhan/:id      the new dossier: scans of the paper documents per required document (multipart,
//                                 CSRF checked before any file is read), the receipt (form 01), "accept" (the
//                                 officer page's action form) and the link to the dossier page.
// Every read and change goes through the intake / handling services (which authorise); this file turns forms into
// calls and errors into pages.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROCEDURE_KEY_PATTERN } from '../kernel/time-limit.ts';
import { Type } from 'typebox';
import { ATTACHMENT_ACCEPT, ATTACHMENT_EXTENSIONS } from '../files/files.inspect.rules.ts';
import type { Actor } from '../../core/actor.ts';
import { DomainError, type FieldError } from '../../core/errors.ts';
import { registerMessages } from '../../core/i18n.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { FormBody, formErrors, formPage, formText, isPageError, type FormErrors } from '../../http/form-page.ts';
import { readDocumentUploads, registerDocumentUploads, uploadProblems } from '../../http/uploads.ts';
import type { VersionRecord } from '../catalog/catalog.service.ts';
import { formSchemaOf } from '../dossiers/dossiers.eform.ts';
import { eformMessages } from '../catalog/catalog.eform.messages.ts';
import { formData, formFields, formView, isBlank, shownValues, type FormField } from '../catalog/catalog.eform.view.ts';
import { isDocumentRequired, megabytes, normaliseFormData, prefillForm, statusLabel } from '../dossiers/dossiers.rules.ts';
import { requireActor } from '../identity/identity.routes.ts';
import './intake.errors.ts';
import { intakePagesMessages } from './intake.pages.messages.ts';
import { applicantErrors, normaliseApplicant, type ApplicantInput, type IntakeChannel } from './intake.rules.ts';
import type { IntakeInput } from './intake.service.ts';

registerMessages(intakePagesMessages);
registerMessages(eformMessages);

const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });
const StartQuery = Type.Object({ q: Type.Optional(Type.String({ maxLength: 400 })), procedureCode: Type.Optional(Type.String({ maxLength: 40 })) });
/** The new dossier's page after registering (?moi=1) and after scans (?uploaded=n). */
const DossierQuery = Type.Object({ moi: Type.Optional(Type.String({ maxLength: 10 })), uploaded: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })) });
const RECEPTION = ['receptionist'] as const;
const DELIVERIES = ['counter', 'post', 'online'] as const;
const MAX_PROCEDURES = 100;
const MAX_DOCUMENTS = 50;

type Kind = 'citizen' | 'organisation';

/** Only a form that did not validate is shown again; anything else is the error page. */
const notValidation = (error: DomainError) => error.code !== 'VALIDATION_FAILED';

/** "0912345678" → "091****678" (enough for the applicant to recognise, not to read out). */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  if (phone.length <= 6) return '*'.repeat(phone.length);
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 6)}${phone.slice(-3)}`;
}

/** "an.nguyen@example.vn" → "a***@example.vn". */
export function maskEmail(email: string | null | undefined): string | null {
  if (!email) return null;
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

/** Step-1 choices as the service wants them (null for anything not offered). */
export function stepOneInput(body: FormBody): { procedureCode: string; channel: IntakeChannel | null; kind: Kind; idNumber: string } {
  const channel = formText(body, 'channel');
  return {
    procedureCode: formText(body, 'procedureCode').trim(),
    channel: channel === '1' ? 1 : channel === '3' ? 3 : null,
    kind: formText(body, 'kind') === 'organisation' ? 'organisation' : 'citizen',
    idNumber: formText(body, 'idNumber').replace(/\s/g, ''),
  };
}

/** Field errors renamed: `rename` maps a field name of the service to the page's (href and byField follow). */
function renamed(errors: FormErrors | null, rename: Record<string, string>): FormErrors | null {
  if (!errors) return null;
  const summary = errors.summary.map((s) => {
    const field = rename[s.field] ?? s.field;
    return { field, href: field === 'form' ? s.href : `#${field.replace(/\./g, '-')}`, message: s.message };
  });
  const byField: Record<string, string> = {};
  for (const s of summary) byField[s.field] ??= s.message;
  return { ...errors, summary, byField };
}

/** The e-form's fields under the "form." prefix (so the service's /form/... error paths name them directly). */
function prefixed(fields: FormField[]): FormField[] {
  return fields.map((f) => ({
    ...f,
    name: `form.${f.name}`,
    id: `form-${f.id}`,
    parts: f.kind === 'address' ? f.parts.map((p) => ({ ...p, name: `form.${p.name}`, id: `form-${p.id}` })) : f.parts,
  }));
}

/** The body's "form.*" fields without their prefix. */
function formBody(body: FormBody): FormBody {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(body ?? {})) if (k.startsWith('form.')) out[k.slice(5)] = v;
  return out;
}

/** The property of the schema prefilled from `source` ("dateOfBirth"), if any. */
function prefillTarget(schema: Record<string, unknown>, source: string): string | null {
  for (const [name, p] of Object.entries((schema.properties ?? {}) as Record<string, Record<string, unknown>>)) if (p['x-prefill'] === source) return name; // the version's e-form schema, not request data
  return null;
}

interface FoundApplicant {
  name: string;
  phone: string | null;
  email: string | null;
  organisationName: string | null;
  profile: Parameters<typeof prefillForm>[1];
}

interface StepOneState {
  procedureCode: string;
  channel: IntakeChannel | null;
  kind: Kind;
  idNumber: string;
}

export const intakePagesModule: AppModule = {
  name: 'intake-pages',
  async register(app: App, ctx: AppContext) {
    const intake = ctx.services.intake;
    const agencies = ctx.services.agencies;
    const catalog = ctx.services.catalog;

    /** The receptionist and the agency ids of their reception scope; others get 403. */
    async function receptionist(request: FastifyRequest): Promise<{ actor: Actor; scope: string[] }> {
      const actor = requireActor(request);
      if (actor.kind !== 'staff') throw new DomainError('FORBIDDEN');
      const scope = await agencies.scopeOf(actor, RECEPTION);
      if (!scope.length) throw new DomainError('FORBIDDEN');
      return { actor, scope };
    }

    /** Published procedures of the receptionist's agency subtrees (optionally matching `q`), by name. */
    async function procedures(actor: Actor, q: string) {
      const roots = [...new Set(actor.roles.filter((g) => g.role === 'receptionist').map((g) => g.agencyId))];
      const seen = new Map<string, { code: string; name: string; agencyName: string; audience: string[] }>();
      for (const root of roots) {
        const agency = await agencies.byId(root);
        if (!agency) continue;
        const result = await catalog.search({ agency: agency.code, pageSize: MAX_PROCEDURES, ...(q ? { q } : {}) });
        for (const r of result.rows) if (!seen.has(r.code)) seen.set(r.code, { code: r.code, name: r.name, agencyName: r.agency_name, audience: r.audience });
      }
      return [...seen.values()];
    }

    async function stepOnePage(request: FastifyRequest, reply: FastifyReply, actor: Actor, state: Partial<StepOneState>, errors: FormErrors | null = null, q = '') {
      const list = await procedures(actor, q);
      // The chosen procedure stays offered even when the search no longer finds it.
      if (state.procedureCode && !list.some((p) => p.code === state.procedureCode)) {
        const kept = (await procedures(actor, '')).find((p) => p.code === state.procedureCode);
        if (kept) list.unshift(kept);
      }
      return reply.header('cache-control', 'no-store').page('intake-start.njk', {
        procedures: list,
        q,
        values: { procedureCode: state.procedureCode ?? '', channel: String(state.channel ?? '1'), kind: state.kind ?? 'citizen', idNumber: state.idNumber ?? '' },
        errors,
      });
    }

    /** The published version of `code` when it belongs to the receptionist's scope; else null. */
    async function scopedVersion(code: string, scope: string[]): Promise<VersionRecord | null> {
      if (!PROCEDURE_KEY_PATTERN.test(code)) return null;
      try {
        const version = await catalog.published(code);
        return scope.includes(version.agency_id) ? version : null;
      } catch (error) {
        if (error instanceof DomainError && error.code === 'NOT_FOUND') return null;
        throw error;
      }
    }

    async function findApplicant(actor: Actor, kind: Kind, idNumber: string): Promise<FoundApplicant | null> {
      const found = await intake.findApplicant(actor, kind, idNumber);
      if (!found) return null;
      if (found.kind === 'citizen') {
        const account = found.account;
        return {
          name: account.full_name,
          phone: account.phone,
          email: account.email,
          organisationName: null,
          profile: { kind: 'citizen', fullName: account.full_name, personalId: account.personal_id, phone: account.phone, email: account.email, address: account.address, organisationName: null, taxCode: null, organisationAddress: null, dateOfBirth: account.date_of_birth ?? null },
        };
      }
      const org = found.organisation;
      return {
        name: org.full_name,
        phone: org.phone,
        email: org.email,
        organisationName: org.organisation_name,
        profile: { kind: 'organisation', fullName: org.full_name, personalId: null, phone: org.phone, email: org.email, address: null, organisationName: org.organisation_name, taxCode: org.tax_code, organisationAddress: org.organisation_address },
      };
    }

    /** Step 1 checked: every problem at once (field names of the step-1 page). */
    async function checkStepOne(state: StepOneState, scope: string[]): Promise<{ version: VersionRecord | null; problems: FieldError[] }> {
      const problems: FieldError[] = [];
      let version: VersionRecord | null = null;
      if (!state.procedureCode) problems.push({ path: '/procedureCode', code: 'required' });
      else {
        version = await scopedVersion(state.procedureCode, scope);
        if (!version) problems.push({ path: '/procedureCode', code: 'INTAKE_PROCEDURE_UNKNOWN' });
      }
      if (!state.channel) problems.push({ path: '/channel', code: 'required' });
      const applicant: ApplicantInput = normaliseApplicant(state.kind === 'citizen' ? { kind: 'citizen', personalId: state.idNumber } : { kind: 'organisation', taxCode: state.idNumber });
      for (const e of applicantErrors(applicant)) problems.push({ ...e, path: '/idNumber' });
      if (version && !problems.some((p) => p.path === '/idNumber') && !version.audience.includes(state.kind)) problems.push({ path: '/kind', code: 'PROCEDURE_NOT_FOR_APPLICANT' });
      return { version, problems };
    }

    interface StepTwoState {
      errors?: FormErrors | null;
      values?: Record<string, string>;
      data?: Record<string, unknown>;
      extraRows?: Record<string, number>;
    }

    async function stepTwoPage(request: FastifyRequest, reply: FastifyReply, state: StepOneState, version: VersionRecord, s: StepTwoState = {}) {
      const found = await findApplicant(requireActor(request), state.kind, state.idNumber);
      const schema = formSchemaOf(version);
      // First display: the e-form prefilled from the applicant's record (as an online submission would be).
      const data = s.data ?? (found ? prefillForm(schema, found.profile) : {});
      const prefixedData = Object.fromEntries(Object.entries(data).map(([k, v]) => [`form.${k}`, v]));
      const extraRows = Object.fromEntries(Object.entries(s.extraRows ?? {}).map(([k, v]) => [`form.${k}`, v]));
      const fields = formView(prefixed(formFields(schema, state.kind, request.locale)), prefixedData, extraRows);
      // The e-form's officer-only fields (x-officer), filled by the receptionist: inputs "officerForm.<id>".
      const officerFields = formFields(schema, undefined, request.locale, true).map((f) => ({ ...f, name: `officerForm.${f.name}`, id: `officerForm-${f.id}` }));
      const defaultDelivery = state.channel === 3 ? 'post' : 'counter';
      return reply.header('cache-control', 'no-store').page('intake-applicant.njk', {
        step: state,
        procedure: { code: version.code, name: version.name },
        found: found ? { name: found.name, organisationName: found.organisationName, phone: maskPhone(found.phone), email: maskEmail(found.email) } : null,
        fields,
        officerFields,
        deliveries: DELIVERIES,
        values: { resultDelivery: defaultDelivery, ...shownValues(data, 'form'), ...(s.values ?? {}) },
        errors: s.errors ?? null,
      });
    }

    // --- step 1 ----------------------------------------------------------------------------------

    app.get('/can-bo/tiep-nhan', { schema: { hide: true, querystring: StartQuery } }, async (request, reply) => {
      const { actor } = await receptionist(request);
      const q = (request.query.q ?? '').trim().slice(0, 200);
      const procedureCode = (request.query.procedureCode ?? '').trim().slice(0, 20);
      return stepOnePage(request, reply, actor, { procedureCode }, null, q);
    });

    /**
     * Step 1's choices checked (every problem at once): `next` with the procedure version, or step 1 again with the
     * errors (from step 2 too: its hidden step-1 choices were tampered with, or the procedure went away).
     */
    async function afterStepOne(request: FastifyRequest, reply: FastifyReply, actor: Actor, scope: string[], state: StepOneState, next: (version: VersionRecord) => Promise<unknown>) {
      const { version, problems } = await checkStepOne(state, scope);
      return formPage(request, reply, {
        act: async () => {
          if (!version || problems.length) throw new DomainError('VALIDATION_FAILED', undefined, problems);
          return next(version);
        },
        pageError: notValidation,
        rerender: (errors) => stepOnePage(request, reply, actor, state, errors),
      });
    }

    // --- step 1 → 2 ------------------------------------------------------------------------------

    app.post('/can-bo/tiep-nhan', { schema: { hide: true, body: FormBody } }, async (request, reply) => {
      const { actor, scope } = await receptionist(request);
      const state = stepOneInput(request.body);
      return afterStepOne(request, reply, actor, scope, state, async (version) => {
        if (state.kind === 'organisation' && !(await findApplicant(actor, 'organisation', state.idNumber))) {
          throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/idNumber', code: 'INTAKE_ORGANISATION_UNKNOWN' }]);
        }
        return stepTwoPage(request, reply, state, version);
      });
    });

    // --- step 2 → register -----------------------------------------------------------------------

    app.post('/can-bo/tiep-nhan/dang-ky', { schema: { hide: true, body: FormBody } }, async (request, reply) => {
      const { actor, scope } = await receptionist(request);
      const body = request.body;
      const state = stepOneInput(body);
      return afterStepOne(request, reply, actor, scope, state, async (version) => {
        const schema = formSchemaOf(version);
        const raw = formBody(body);
        const values: Record<string, string> = {};
        for (const name of ['applicant.fullName', 'applicant.dateOfBirth', 'applicant.phone', 'applicant.email', 'applicant.address', 'resultDelivery']) values[name] = formText(body, name);
        const officerBody: Record<string, string | string[]> = {};
        for (const [k, v] of Object.entries(body ?? {})) if (k.startsWith('officerForm.')) officerBody[k.slice(12)] = v;
        for (const [k, v] of Object.entries(officerBody)) values[`officerForm.${k}`] = Array.isArray(v) ? String(v[0] ?? '') : String(v);

        // Without JavaScript, "add a row" / "remove a row" of a repeatable group post the form: the page again.
        const action = /^(add|remove):form\.([a-zA-Z][a-zA-Z0-9_]*)(?::(\d{1,3}))?$/.exec(formText(body, 'action'));
        const group = action ? formFields(schema).find((f) => f.kind === 'group' && f.name === action[2]) : undefined;
        if (action && group) {
          const shown = formData(schema, raw, true)[group.name] as Array<Record<string, unknown>>;
          if (action[1] === 'remove' && action[3] !== undefined) shown.splice(Number(action[3]), 1);
          const wanted = Math.max(shown.length + (action[1] === 'add' ? 1 : 0), group.minItems, 1);
          const rows = shown.filter((row) => !Object.values(row).every(isBlank));
          const data = { ...formData(schema, raw), [group.name]: rows };
          const extraRows = { [group.name]: Math.max(0, wanted - Math.max(rows.length, group.minItems, 1)) };
          return stepTwoPage(request, reply, state, version, { data, values, extraRows });
        }

        const data = formData(schema, raw);
        // Empty answers are left out, so the service fills them from the applicant's record.
        const form = normaliseFormData(data);
        const dateOfBirth = formText(body, 'applicant.dateOfBirth').trim();
        const dobField = prefillTarget(schema, 'dateOfBirth');
        if (dateOfBirth && dobField && form[dobField] === undefined) form[dobField] = dateOfBirth;
        const delivery = DELIVERIES.find((d) => d === formText(body, 'resultDelivery'));
        const input: IntakeInput = {
          procedureCode: version.code,
          channel: state.channel!,
          applicant: {
            kind: state.kind,
            ...(state.kind === 'citizen' ? { personalId: state.idNumber } : { taxCode: state.idNumber }),
            fullName: formText(body, 'applicant.fullName'),
            phone: formText(body, 'applicant.phone'),
            email: formText(body, 'applicant.email'),
            address: formText(body, 'applicant.address'),
          },
          form,
          officerForm: formData(schema, officerBody, false, true),
          resultDelivery: delivery ?? 'counter',
        };
        // Every domain error is the form's here (an unknown applicant, a procedure out of scope), except signing
        // in and server errors.
        return formPage(request, reply, {
          act: async () => {
            if (!delivery) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/resultDelivery', code: 'required' }]);
            const result = await intake.register({ ...actor, ip: request.ip }, input);
            return `/can-bo/tiep-nhan/${result.id}?moi=1`;
          },
          pageError: (error) => isPageError(error) && error.code !== 'NOT_FOUND' && error.code !== 'FORBIDDEN',
          summary: (error) => renamed(formErrors(error, request.locale), { 'applicant.personalId': 'idNumber', 'applicant.taxCode': 'idNumber' })!,
          rerender: (errors) => stepTwoPage(request, reply, state, version, { errors, values, data }),
        });
      });
    });

    // --- step 3: the new dossier, its scans, the receipt and acceptance ---------------------------------

    async function dossierPage(request: FastifyRequest, reply: FastifyReply, id: string, options: { errors?: FormErrors; created?: boolean; uploaded?: number } = {}) {
      const { actor } = await receptionist(request);
      const { version } = await intake.counterDossier(actor, id);
      const [detail, receipt] = await Promise.all([ctx.services.handling.detail(actor, id), intake.receiptData(actor, id)]);
      const documents = version.documents.map((d) => ({
        id: d.id,
        name: d.name,
        copies: d.copies,
        originalKind: d.original_kind,
        required: isDocumentRequired(d),
        files: detail.files.filter((f) => f.documentId === d.id).map((f) => ({ name: f.name, url: `/can-bo/ho-so/${id}/tep/${f.fileId}` })),
      }));
      return reply.header('cache-control', 'no-store').page('intake-dossier.njk', {
        d: { ...detail, statusLabel: statusLabel(detail.status, request.locale) },
        receipt,
        documents,
        created: options.created ?? false,
        uploaded: options.uploaded ?? 0,
        canScan: detail.status === 1 || detail.status === 2,
        canAccept: detail.allowedActions.includes('accept'),
        accept: ATTACHMENT_ACCEPT,
        allowed: ATTACHMENT_EXTENSIONS,
        maxFileMb: megabytes(intake.maxFileBytes),
        errors: options.errors ?? null,
      });
    }

    app.get('/can-bo/tiep-nhan/:id', { schema: { hide: true, params: IdParams, querystring: DossierQuery } }, async (request, reply) =>
      dossierPage(request, reply, request.params.id, { created: request.query.moi === '1', uploaded: request.query.uploaded ?? 0 }),
    );

    // Scans: multipart; the CSRF token is the first field, checked before any file is read.
    await app.register(async (scope: App) => {
      await registerDocumentUploads(scope, { maxFileBytes: intake.maxFileBytes, maxTotalBytes: intake.maxTotalBytes, maxFiles: MAX_DOCUMENTS, fields: 5, fieldSize: 1000 });

      scope.post('/can-bo/tiep-nhan/:id/ban-quet', { config: { csrfExempt: true }, schema: { hide: true, params: IdParams } }, async (request, reply) => {
        const { actor } = await receptionist(request);
        const id = request.params.id;
        const { uploaded, problems } = await readDocumentUploads(request, (documentId, file) =>
          intake.addScan({ ...actor, ip: request.ip }, id, { documentId, source: file.source, filename: file.filename }),
        );
        if (!uploaded && !problems.length) problems.push({ documentId: '', error: new DomainError('VALIDATION_FAILED', undefined, [{ path: '/file', code: 'FILE_REQUIRED' }]) });
        return formPage(request, reply, {
          act: async () => {
            // Refused files are shown next to their documents (the reply's status is the most severe refusal's).
            if (problems.length) return dossierPage(request, reply, id, { errors: uploadProblems(reply, problems, request.locale, (documentId) => (documentId ? `file-${documentId}` : 'scans')) });
            return `/can-bo/tiep-nhan/${id}?uploaded=${uploaded}`;
          },
          rerender: (errors) => dossierPage(request, reply, id, { errors }),
        });
      });
    });
  },
};

