// The e-form builder page (issue 15): the default editor of a version's e-form. Server-rendered: every change is
// a submit button (add a field of a kind, move up/down, remove, add an option, preview, save) that draws the page
// again from the posted controls, so it works without JavaScript; public/eform-builder.js reorders without a
// reload and fills the key from the label as it is typed. Save goes through the service (the same validation
// as the JSON editor), every problem at once, each linked to its control.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type FieldError } from '../../core/errors.ts';
import type { App } from '../../http/app.ts';
import { FormBody, formErrors, formPage, formText, type FormErrors } from '../../http/form-page.ts';
import { localiseFieldErrors } from '../../http/problem.ts';
import { applyAction, BUILDER_KINDS, formFromItems, itemsFromBody, itemsFromForm, normalise, PRESET_NAMES, whenChoices, WIDTHS, type BuilderItem } from './catalog.eform.builder.ts';
import './catalog.eform.builder.errors.ts';
import { isObject, resolveForm, validateFormDefinition } from './catalog.eform.ts';
import { NoticeQuery, VersionParams } from './catalog.schemas.ts';
import type { CatalogService, FormDefinition } from './catalog.service.ts';

const ADMIN = '/quan-tri/thu-tuc';

export interface BuilderHelpers {
  previewFields: (schema: Record<string, unknown>, locale: FastifyRequest['locale'], officer?: boolean) => unknown[];
  sharedPickers: (form: FormDefinition, request: FastifyRequest) => unknown[];
}

/** The title of an item as its fieldset's legend and the error summary name it ("Trường 2: Họ và tên"). */
function itemTitle(request: FastifyRequest, items: BuilderItem[], index: number): string {
  const item = items[index]!;
  const n = items.slice(0, index + 1).filter((i) => (i.kind === 'section') === (item.kind === 'section')).length;
  const label = item.labelVi.trim() || request.t('eform.builder.untitled');
  return request.t(item.kind === 'section' ? 'eform.builder.sectionTitle' : 'eform.builder.fieldTitle', { n, label });
}

/** The label of a control as the page shows it (the summary repeats it, so nameSummaryFields leaves it alone). */
function controlLabel(request: FastifyRequest, item: BuilderItem | undefined, control: string): string {
  if (!item) return '';
  if (control === 'min' || control === 'max') return request.t(`eform.builder.${control}${item.kind === 'number' ? 'Number' : 'Length'}`);
  if (control === 'labelVi' && item.kind === 'section') return request.t('eform.builder.sectionVi');
  if (control === 'labelEn' && item.kind === 'section') return request.t('eform.builder.sectionEn');
  return request.t(`eform.builder.${control}`);
}

/** Controls in the folded part of an item ("more settings"). */
const FOLDED = ['labelEn', 'key', 'hintVi', 'hintEn', 'preset', 'pattern', 'min', 'max', 'default', 'width', 'officer', 'when'];

/** The view of each item: its controls' choices, in the page's language. */
function viewItems(request: FastifyRequest, items: BuilderItem[], errors: FormErrors | null, focus: string) {
  const t = request.t;
  // Items whose folded settings are shown: one of them has an error or is to get the focus.
  const open = new Set<number>();
  const folded = (control: string | undefined) => FOLDED.includes(control ?? '');
  for (const name of Object.keys(errors?.byField ?? {})) if (/^f\.\d+\./.test(name) && folded(name.split('.')[2])) open.add(Number(name.split('.')[1]));
  if (/^f-\d+-/.test(focus) && folded(focus.split('-')[2])) open.add(Number(focus.split('-')[1]));
  return items.map((item, index) => {
    const groups = whenChoices(items, index).map((g) => ({ ...g, choices: g.choices.map((c) => ({ ...c, label: c.label === 'true' && c.value.endsWith('|true') ? t('eform.builder.yes') : c.label === 'false' && c.value.endsWith('|false') ? t('eform.builder.no') : c.label })) }));
    const known = groups.some((g) => g.choices.some((c) => c.value === item.when));
    const bar = item.when.indexOf('|');
    const source = bar > 0 ? items[Number(item.when.slice(0, bar))] : undefined;
    const whenOther = item.when && !known ? { value: item.when, label: t('eform.builder.whenOther', { field: source?.labelVi || source?.key || '?', value: item.when.slice(bar + 1) }) } : null;
    const defaults = item.kind === 'boolean' ? [{ value: 'true', label: t('eform.builder.yes') }, { value: 'false', label: t('eform.builder.no') }] : item.kind === 'select' ? item.options.filter((o) => o.value.trim()).map((o) => ({ value: o.value.trim(), label: o.label.trim() || o.value.trim() })) : [];
    let lockedKind = '';
    if (item.kind === 'locked') {
      try {
        lockedKind = (JSON.parse(item.base) as { node?: { type?: string } }).node?.type === 'array' ? 'group' : 'address';
      } catch {
        lockedKind = 'address';
      }
    }
    return {
      ...item,
      index,
      title: itemTitle(request, items, index),
      isField: item.kind !== 'section',
      hasLength: item.kind === 'text' || item.kind === 'textarea',
      hasRange: item.kind === 'text' || item.kind === 'textarea' || item.kind === 'number',
      minLabel: controlLabel(request, item, 'min'),
      maxLabel: controlLabel(request, item, 'max'),
      kindLabel: item.kind === 'locked' ? t(`eform.builder.kind.${lockedKind}`) : t(`eform.builder.kind.${item.kind}`),
      whenGroups: groups,
      whenOther,
      defaults,
      defaultKnown: !item.defaultValue || defaults.some((d) => d.value === item.defaultValue),
      open: open.has(index),
      first: index === 0,
      last: index === items.length - 1,
    };
  });
}

/** The errors of the builder: each problem at its control, named in the summary by its item and control. */
function builderErrors(error: DomainError, request: FastifyRequest, items: BuilderItem[]): FormErrors {
  const base = formErrors(error, request.locale)!;
  const localised = localiseFieldErrors(error.fieldErrors, request.locale);
  if (!localised.length) return base;
  const byField: Record<string, string> = {};
  const summary = localised.map((e) => {
    const m = /^\/f\/(\d+)\/(\w+)$/.exec(e.path);
    const index = m ? Number(m[1]) : /^f-(\d+)$/.test(e.path.slice(1)) ? Number(e.path.slice(3)) : null;
    const item = index === null ? undefined : items[index];
    const field = m ? `f.${m[1]}.${m[2]}` : e.path.slice(1);
    byField[field] ??= e.message;
    const where = item ? `${itemTitle(request, items, index!)}${m ? ` › ${controlLabel(request, item, m[2]!)}` : ''}: ` : '';
    return { field, href: `#${field.replace(/\./g, '-')}`, message: `${where}${e.message}` };
  });
  return { title: base.title, summary, byField };
}

/**
 * The form the items make, checked as the service checks it: the builder's own problems and those of
 * validateFormDefinition, all at once, each at its control (paths "/f/<i>/<control>", or "/<element id>").
 */
function checkedForm(items: BuilderItem[], root: Record<string, unknown>): { schema: Record<string, unknown>; ui: Record<string, unknown> } {
  const built = formFromItems(items, root);
  const located = validateFormDefinition(built.schema, built.ui).map((e): FieldError => {
    const id = built.locate(e.path);
    const m = /^f-(\d+)-(\w+)$/.exec(id);
    return { ...e, path: m ? `/f/${m[1]}/${m[2]}` : `/${id}` };
  });
  const seen = new Set<string>();
  const problems = [...built.problems, ...located].filter((e) => !seen.has(e.path) && seen.add(e.path));
  if (problems.length) throw new DomainError('VALIDATION_FAILED', undefined, problems);
  return { schema: built.schema, ui: built.ui };
}

export function registerEformBuilder(app: App, catalog: CatalogService, helpers: BuilderHelpers) {
  const url = (code: string, version: number) => `${ADMIN}/${code}/phien-ban/${version}/bieu-mau`;

  function builderPage(request: FastifyRequest, reply: FastifyReply, form: FormDefinition, items: BuilderItem[], options: { errors?: FormErrors | null; preview?: unknown[] | null; officerPreview?: unknown[]; saved?: boolean; focus?: string | null } = {}) {
    const t = request.t;
    return reply.page('catalog-admin-eform-builder.njk', {
      form,
      items: viewItems(request, items, options.errors ?? null, options.focus ?? ''),
      errors: options.errors ?? null,
      preview: options.preview ?? null,
      officerPreview: options.officerPreview ?? [],
      saved: options.saved ?? false,
      focus: options.focus ?? '',
      statusText: t(`eform.status.${form.status}`),
      shared: helpers.sharedPickers(form, request),
      kinds: [...BUILDER_KINDS, 'section'].map((kind) => ({ value: kind, label: t(`eform.builder.kind.${kind}`) })),
      fieldKinds: BUILDER_KINDS.map((kind) => ({ value: kind, label: t(`eform.builder.kind.${kind}`) })),
      presets: [{ value: '', label: t('eform.builder.preset.none') }, ...PRESET_NAMES.map((p) => ({ value: p, label: t(`eform.builder.preset.${p}`) })), { value: 'custom', label: t('eform.builder.preset.custom') }],
      widths: WIDTHS.map((w) => ({ value: w, label: t(`eform.builder.width.${w}`) })),
    });
  }

  app.get(`${ADMIN}/:code/phien-ban/:version/bieu-mau`, { schema: { hide: true, params: VersionParams, querystring: NoticeQuery } }, async (request, reply) => {
    const form = await catalog.formDefinition(request.actor, request.params.code, request.params.version);
    return builderPage(request, reply, form, itemsFromForm(form.schema, isObject(form.ui) ? form.ui : {}), { saved: request.query.thongbao === 'luu' });
  });

  app.post(`${ADMIN}/:code/phien-ban/:version/bieu-mau/thiet-ke`, { schema: { hide: true, params: VersionParams, body: FormBody } }, async (request, reply) => {
    const { code, version } = request.params;
    const form = await catalog.formDefinition(request.actor, code, version);
    const action = formText(request.body, 'action').slice(0, 40) || 'refresh';
    const changed = applyAction(normalise(itemsFromBody(request.body)), action);
    const items = normalise(changed.items);
    const root = { $schema: form.schema.$schema, title: form.schema.title, description: form.schema.description };
    return formPage(request, reply, {
      act: async () => {
        if (action === 'preview') {
          const { schema, ui } = checkedForm(items, root);
          const resolved = resolveForm(schema, ui);
          return builderPage(request, reply, form, items, { preview: helpers.previewFields(resolved, request.locale), officerPreview: helpers.previewFields(resolved, request.locale, true), focus: 'preview-title' });
        }
        if (action === 'save') {
          const { schema, ui } = checkedForm(items, root);
          await catalog.saveFormDefinition(request.actor, code, version, { schema, ui });
          return `${url(code, version)}?thongbao=luu`;
        }
        return builderPage(request, reply, form, items, { focus: changed.focus });
      },
      summary: (error) => builderErrors(error, request, items),
      rerender: (errors) => builderPage(request, reply, form, items, { errors }),
    });
  });
}
