// Scan to open and the pickup counter, HTML pages (floor.scan.ts). /can-bo/quet: one focused field a USB scanner
// types into (its Enter submits the GET form, no JavaScript needed), and a camera button where the browser has the
// BarcodeDetector API (public/floor-scan.js, progressive enhancement). A dossier whose result waits (9) opens on the
// pickup page (identity check → returned); any other opens on the officer's dossier page.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { DomainError } from '../../core/errors.ts';
import { registerMessages } from '../../core/i18n.ts';
import { statusLabel } from '../kernel/dossier.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { FormBody, formErrors, formPage, formText, type FormErrors } from '../../http/form-page.ts';
import { requireActor } from '../identity/identity.routes.ts';
import { floorScanMessages } from './floor.scan.messages.ts';
import { dossierCodeOfScan } from './floor.scan.rules.ts';
import { scannedView } from './floor.scan.routes.ts';
import { ScanDossierParams } from './floor.scan.schemas.ts';

registerMessages(floorScanMessages);

const ScanPageQuery = Type.Object({ ma: Type.Optional(Type.String({ maxLength: 600 })) });
const PickupPageQuery = Type.Object({ ok: Type.Optional(Type.String({ maxLength: 4 })) });

export const floorScanPagesModule: AppModule = {
  name: 'floor-scan-pages',
  register(app: App, ctx: AppContext) {
    const scan = ctx.services.floorScan;

    app.get('/can-bo/quet', { schema: { hide: true, querystring: ScanPageQuery } }, async (request, reply) => {
      const actor = requireActor(request);
      if (actor.kind !== 'staff') throw new DomainError('FORBIDDEN');
      const raw = request.query.ma;
      if (raw === undefined || raw.trim() === '') return reply.header('cache-control', 'no-store').page('scan-open.njk', { code: '', errors: null, notFound: null });
      try {
        const d = await scan.open(actor, raw);
        return reply.redirect(d.status === 9 ? `/can-bo/quet/${d.id}` : `/can-bo/ho-so/${d.id}`, 303);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        if (error.code === 'NOT_FOUND') {
          // The scan page again, field emptied for the next scan: "not in your scope" whether it exists elsewhere or not.
          return reply.status(404).page('scan-open.njk', { code: '', errors: null, notFound: dossierCodeOfScan(raw) ?? raw.slice(0, 100) });
        }
        if (error.code === 'FLOOR_SCAN_UNREADABLE') return reply.status(422).page('scan-open.njk', { code: '', errors: formErrors(error, request.locale), notFound: null });
        throw error;
      }
    });

    const renderPickup = async (request: FastifyRequest, reply: FastifyReply, id: string, errors: FormErrors | null, values: Record<string, string>) => {
      const d = await scan.dossier(requireActor(request), id);
      const view = scannedView(d);
      return reply.header('cache-control', 'no-store').page('scan-pickup.njk', {
        dossier: view,
        statusLabel: statusLabel(d.status, request.locale),
        hasIdNumber: !!d.applicant.idNumber,
        errors,
        values,
        returned: (request.query as { ok?: string } | undefined)?.ok === '1' && d.status === 10,
      });
    };

    app.get('/can-bo/quet/:id', { schema: { hide: true, params: ScanDossierParams, querystring: PickupPageQuery } }, async (request, reply) => renderPickup(request, reply, request.params.id, null, {}));

    app.post('/can-bo/quet/:id/tra-ket-qua', { schema: { hide: true, params: ScanDossierParams, body: FormBody } }, async (request, reply) => {
      const actor = requireActor(request);
      const id = request.params.id;
      const body = request.body;
      const values = { idNumber: formText(body, 'idNumber'), identityChecked: formText(body, 'identityChecked') };
      const version = Number(formText(body, 'version'));
      return formPage(request, reply, {
        act: async () => {
          await scan.pickup({ ...actor, ip: request.ip }, id, {
            idNumber: values.idNumber,
            identityChecked: values.identityChecked === '1',
            expectedVersion: Number.isInteger(version) && version >= 0 && version < 2 ** 31 ? version : undefined,
          });
          return `/can-bo/quet/${id}?ok=1`;
        },
        rerender: (errors) => renderPickup(request, reply, id, errors, values),
      });
    });
  },
};
