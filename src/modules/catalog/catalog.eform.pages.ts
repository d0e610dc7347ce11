// The e-form editor of a procedure version (management pages): JSON Schema and UI hints as text, a preview drawn
// as the citizen's page draws it, save and reset (back to the form generated from the version).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type FieldError } from '../../core/errors.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { localiseFieldErrors } from '../../http/problem.ts';
import { FormBody, formErrors, formPage, formText, type FormErrors } from '../../http/form-page.ts';
import { isObject, resolveForm, validateFormDefinition as validateFormDefinitionForPreview } from './catalog.eform.ts';
import { formFields, formView } from './catalog.eform.view.ts';
import { NoticeQuery, VersionParams } from './catalog.schemas.ts';
import type { FormDefinition } from './catalog.service.ts';

const ADMIN = '/quan-tri/thu-tuc';

/** The e-form as the citizen's page draws it (empty answers; element ids prefixed: no clash with the editor's). */
function previewFields(schema: Record<string, unknown>, locale: FastifyRequest['locale']) {
  const prefix = <T extends { id: string }>(f: T): T => ({ ...f, id: `preview-${f.id}` });
  return formView(formFields(schema, undefined, locale), {}).map((f) => {
    const field = prefix(f) as Record<string, unknown> & { id: string; parts: Array<{ id: string }> };
    field.parts = field.parts.map(prefix);
    if (Array.isArray(field.rows)) field.rows = (field.rows as Array<{ fields: Array<{ id: string }> }>).map((r) => ({ ...r, fields: r.fields.map(prefix) }));
    if (typeof field.listId === 'string') field.listId = `preview-${field.listId}`;
    return field;
  });
}

/** Errors of the e-form editor: each names where it is (a JSON path) and links to its text area. */
function eformErrors(error: DomainError, request: FastifyRequest): FormErrors {
  const base = formErrors(error, request.locale)!;
  const localised = localiseFieldErrors(error.fieldErrors, request.locale);
  if (!localised.length) return base;
  const summary = localised.map((e) => {
    const field = e.path.startsWith('/ui') ? 'ui' : 'schema';
    const where = e.path.split('/').slice(1).join(' › ');
    return { field, href: `#${field}`, message: `${where}: ${e.message}` };
  });
  const byField: Record<string, string> = {};
  for (const item of summary) byField[item.field] ??= item.message;
  return { title: base.title, summary, byField };
}

/** The two text areas as JSON: every one that does not parse is named (VALIDATION_FAILED). */
function parseEform(values: { schema: string; ui: string }): { schema: unknown; ui: unknown } {
  const errors: FieldError[] = [];
  const parse = (text: string, path: '/schema' | '/ui', empty: unknown): unknown => {
    if (!text.trim()) return empty;
    try {
      return JSON.parse(text);
    } catch {
      errors.push({ path, code: 'EFORM_JSON_INVALID' });
      return empty;
    }
  };
  const schema = parse(values.schema, '/schema', null);
  const ui = parse(values.ui, '/ui', {});
  if (errors.length) throw new DomainError('VALIDATION_FAILED', undefined, errors);
  return { schema, ui };
}

export const catalogEformPagesModule: AppModule = {
  name: 'catalog-eform-pages',
  async register(app: App, ctx: AppContext) {
    const catalog = ctx.services.catalog;

    function eformPage(request: FastifyRequest, reply: FastifyReply, form: FormDefinition, values: { schema: string; ui: string }, options: { errors?: FormErrors | null; preview?: unknown[] | null; saved?: boolean } = {}) {
      return reply.page('catalog-admin-eform.njk', { form, values, errors: options.errors ?? null, preview: options.preview ?? null, saved: options.saved ?? false, statusText: request.t(`eform.status.${form.status}`) });
    }

    const pretty = (value: unknown) => JSON.stringify(value, null, 2);

    app.get(`${ADMIN}/:code/phien-ban/:version/bieu-mau`, { schema: { hide: true, params: VersionParams, querystring: NoticeQuery } }, async (request, reply) => {
      const form = await catalog.formDefinition(request.actor, request.params.code, request.params.version);
      return eformPage(request, reply, form, { schema: pretty(form.schema), ui: pretty(form.ui) }, { saved: request.query.thongbao === 'luu' });
    });

    app.post(`${ADMIN}/:code/phien-ban/:version/bieu-mau`, { schema: { hide: true, params: VersionParams, body: FormBody } }, async (request, reply) => {
      const { code, version } = request.params;
      const form = await catalog.formDefinition(request.actor, code, version);
      const values = { schema: formText(request.body, 'schema').slice(0, 200_000), ui: formText(request.body, 'ui').slice(0, 100_000) };
      const action = formText(request.body, 'action') || 'save';
      const saved = `${ADMIN}/${code}/phien-ban/${version}/bieu-mau?thongbao=luu`;
      return formPage(request, reply, {
        act: async () => {
          if (action === 'reset') {
            await catalog.saveFormDefinition(request.actor, code, version, null);
            return saved;
          }
          const { schema, ui } = parseEform(values);
          if (action === 'preview') {
            const problems = validateFormDefinitionForPreview(schema, ui);
            if (problems.length || !isObject(schema)) throw new DomainError('VALIDATION_FAILED', undefined, problems);
            const resolved = resolveForm(schema, isObject(ui) ? ui : null);
            return eformPage(request, reply, form, values, { preview: previewFields(resolved, request.locale) });
          }
          await catalog.saveFormDefinition(request.actor, code, version, { schema, ui });
          return saved;
        },
        summary: (error) => eformErrors(error, request),
        rerender: (errors) => eformPage(request, reply, form, values, { errors }),
      });
    });
  },
};
