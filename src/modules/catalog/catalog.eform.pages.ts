// The e-form editors of a procedure version (management pages): the builder (the default page, .../bieu-mau:
// catalog.eform.builder.pages.ts) and the advanced JSON editor (.../bieu-mau/nang-cao): JSON Schema and UI hints
// as text, a preview drawn as the citizen's page draws it, save and reset (back to the form generated from the
// version). Both save through the same service validation.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type FieldError } from '../../core/errors.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { localiseFieldErrors } from '../../http/problem.ts';
import { FormBody, formErrors, formPage, formText, type FormErrors } from '../../http/form-page.ts';
import { isObject, resolveForm, SHARED_MARKS, sharedMarkFits, validateFormDefinition as validateFormDefinitionForPreview } from './catalog.eform.ts';
import { registerEformBuilder } from './catalog.eform.builder.pages.ts';
import { formFields, formView } from './catalog.eform.view.ts';
import { NoticeQuery, VersionParams } from './catalog.schemas.ts';
import type { FormDefinition } from './catalog.service.ts';

const ADMIN = '/quan-tri/thu-tuc';

/** The e-form as the citizen's page draws it (empty answers; element ids prefixed: no clash with the editor's). */
function previewFields(schema: Record<string, unknown>, locale: FastifyRequest['locale'], officer = false) {
  const prefix = <T extends { id: string }>(f: T): T => ({ ...f, id: `preview-${f.id}` });
  return formView(formFields(schema, undefined, locale, officer), {}).map((f) => {
    const field = prefix(f) as Record<string, unknown> & { id: string; parts: Array<{ id: string }> };
    field.parts = field.parts.map(prefix);
    if (Array.isArray(field.rows)) field.rows = (field.rows as Array<{ fields: Array<{ id: string }> }>).map((r) => ({ ...r, fields: r.fields.map(prefix) }));
    if (typeof field.listId === 'string') field.listId = `preview-${field.listId}`;
    return field;
  });
}

/** The data-sharing pickers: one select per top-level field that a shared attribute can fill (its current mark chosen). */
function sharedPickers(form: FormDefinition, request: FastifyRequest) {
  const properties = isObject(form.schema.properties) ? form.schema.properties : {};
  const ui = isObject(form.ui) ? form.ui : {};
  return Object.entries(properties).flatMap(([name, node]) => {
    const marks = SHARED_MARKS.filter((mark) => sharedMarkFits(node, mark));
    if (!marks.length) return [];
    const hint = ui[name];
    const current = isObject(hint) && typeof hint.shared === 'string' ? hint.shared : '';
    const label = isObject(hint) && typeof hint.label === 'string' ? hint.label : isObject(hint) && isObject(hint.label) && typeof hint.label.vi === 'string' ? hint.label.vi : isObject(node) && typeof node.title === 'string' ? node.title : name;
    return [{ name, label, current, options: [{ value: '', label: request.t('eform.shared.none') }, ...marks.map((mark) => ({ value: mark, label: request.t(`eform.shared.${mark}`) }))] }];
  });
}

/** The hints with the pickers' choices: `shared` set or removed per field (a hint left empty is dropped). */
function withSharedMarks(form: FormDefinition, body: FormBody): Record<string, unknown> {
  const ui: Record<string, unknown> = { ...(isObject(form.ui) ? form.ui : {}) };
  const properties = isObject(form.schema.properties) ? form.schema.properties : {};
  for (const name of Object.keys(properties)) {
    const chosen = formText(body, `shared.${name}`).trim();
    const hint: Record<string, unknown> = { ...(isObject(ui[name]) ? ui[name] : {}) };
    if (chosen) hint.shared = chosen;
    else delete hint.shared;
    if (Object.keys(hint).length) ui[name] = hint;
    else delete ui[name];
  }
  return ui;
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

    function eformPage(request: FastifyRequest, reply: FastifyReply, form: FormDefinition, values: { schema: string; ui: string }, options: { errors?: FormErrors | null; preview?: unknown[] | null; officerPreview?: unknown[]; saved?: boolean } = {}) {
      return reply.page('catalog-admin-eform.njk', { form, values, errors: options.errors ?? null, preview: options.preview ?? null, officerPreview: options.officerPreview ?? [], saved: options.saved ?? false, statusText: request.t(`eform.status.${form.status}`), shared: sharedPickers(form, request) });
    }

    const pretty = (value: unknown) => JSON.stringify(value, null, 2);

    registerEformBuilder(app, catalog, { previewFields, sharedPickers });

    // The advanced JSON editor (the builder at .../bieu-mau is the default; this one is linked from it).
    app.get(`${ADMIN}/:code/phien-ban/:version/bieu-mau/nang-cao`, { schema: { hide: true, params: VersionParams, querystring: NoticeQuery } }, async (request, reply) => {
      const form = await catalog.formDefinition(request.actor, request.params.code, request.params.version);
      return eformPage(request, reply, form, { schema: pretty(form.schema), ui: pretty(form.ui) }, { saved: request.query.thongbao === 'luu' });
    });

    app.post(`${ADMIN}/:code/phien-ban/:version/bieu-mau`, { schema: { hide: true, params: VersionParams, body: FormBody } }, async (request, reply) => {
      const { code, version } = request.params;
      const form = await catalog.formDefinition(request.actor, code, version);
      const values = { schema: formText(request.body, 'schema').slice(0, 200_000), ui: formText(request.body, 'ui').slice(0, 100_000) };
      const action = formText(request.body, 'action') || 'save';
      // Back to the page the form was posted from: the builder (its data-sharing pickers) or the JSON editor.
      const saved = `${ADMIN}/${code}/phien-ban/${version}/bieu-mau${formText(request.body, 'from') === 'builder' ? '' : '/nang-cao'}?thongbao=luu`;
      return formPage(request, reply, {
        act: async () => {
          if (action === 'reset') {
            await catalog.saveFormDefinition(request.actor, code, version, null);
            return saved;
          }
          if (action === 'sharing') {
            // The data-sharing pickers: the form as it is stored (or the generated one), with the chosen marks.
            await catalog.saveFormDefinition(request.actor, code, version, { schema: form.schema, ui: withSharedMarks(form, request.body) });
            return saved;
          }
          const { schema, ui } = parseEform(values);
          if (action === 'preview') {
            const problems = validateFormDefinitionForPreview(schema, ui);
            if (problems.length || !isObject(schema)) throw new DomainError('VALIDATION_FAILED', undefined, problems);
            const resolved = resolveForm(schema, isObject(ui) ? ui : null);
            return eformPage(request, reply, form, values, { preview: previewFields(resolved, request.locale), officerPreview: previewFields(resolved, request.locale, true) });
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
