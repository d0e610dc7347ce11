// The small form "Thông tin cán bộ ghi" of the officer's dossier page (the form itself is drawn by
// handling's officer-dossier.njk with dossiers/views/_eform-officer.njk): staff's answers to the e-form's
// officer-only fields (dossiers.form-content.ts). Saved → back to the dossier page; refused → the form again
// with the error summary.
import { Type } from 'typebox';
import { registerMessages } from '../../core/i18n.ts';
import type { App, AppModule } from '../../http/app.ts';
import { FormBody, formPage } from '../../http/form-page.ts';
import { requireActor } from '../identity/identity.routes.ts';
import { eformMessages } from '../catalog/catalog.eform.messages.ts';
import { dossierPagesMessages } from './dossiers.pages.messages.ts';

registerMessages(eformMessages);
registerMessages(dossierPagesMessages);

const Params = Type.Object({ id: Type.String({ maxLength: 64 }) });

export const dossierFormContentPagesModule: AppModule = {
  name: 'dossier-form-content-pages',
  register(app: App, ctx) {
    const content = ctx.services.formContent;
    app.post('/can-bo/ho-so/:id/thong-tin-can-bo', { schema: { hide: true, params: Params, body: FormBody } }, async (request, reply) => {
      const actor = requireActor(request);
      const id = request.params.id;
      return formPage(request, reply, {
        act: async () => {
          await content.saveOfficerData(actor, id, { form: request.body ?? {} });
          return `/can-bo/ho-so/${id}#officer-fields-title`;
        },
        rerender: async (errors) => {
          const view = await content.view(id, request.locale);
          const values = Object.fromEntries(Object.entries(request.body ?? {}).map(([k, v]) => [k, Array.isArray(v) ? String(v[0] ?? '') : String(v)]));
          return reply.page('dossier-officer-form.njk', { dossierId: id, fields: view?.officerFields ?? [], values, errors });
        },
      });
    });
  },
};
