// The officer's side of a step's tasks (issue 15; handling.tasks.ts): the dossier page shows the open step's current
// task with what this officer may do — complete it, send it back to the previous task (a review or approval, with a
// note), take a single-user task, or (a department head, the agency leader) give it to another officer. One form
// route, POST /can-bo/ho-so/:id/nhiem-vu (`op`: complete | return | take | reassign), 303 back to the page, or the
// page again with the error summary. Registered by the officer pages module (handling.pages.ts).
import { Type } from 'typebox';
import { DomainError } from '../../core/errors.ts';
import type { AppContext } from '../../container.ts';
import type { App } from '../../http/app.ts';
import { FormBody, formPage, formText } from '../../http/form-page.ts';
import { requireActor } from '../identity/identity.routes.ts';
import type { RenderDossier } from './handling.routing.pages.ts';
import './handling.errors.ts';

const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });
const OPS = ['complete', 'return', 'take', 'reassign'] as const;

export async function registerTaskPages(app: App, ctx: AppContext, renderDetail: RenderDossier): Promise<void> {
  app.post('/can-bo/ho-so/:id/nhiem-vu', { schema: { hide: true, params: IdParams, body: FormBody } }, async (request, reply) => {
    const actor = { ...requireActor(request), ip: request.ip };
    const id = request.params.id;
    const body = request.body;
    const handling = ctx.services.handling;
    return formPage(request, reply, {
      act: async () => {
        const op = formText(body, 'op');
        const version = formText(body, 'expectedVersion');
        const input = { note: formText(body, 'note').slice(0, 2000) || undefined, ...(/^\d{1,9}$/.test(version) ? { expectedVersion: Number(version) } : {}) };
        if (op === 'reassign') await handling.reassign(actor, id, { ...input, assigneeId: formText(body, 'assigneeId').trim() });
        else if (op === 'complete' || op === 'return' || op === 'take') await handling.taskAct(actor, id, op, input);
        else {
          // Out of scope stays NOT_FOUND (the candidates read checks access); in scope, the form was not one of ours.
          await handling.reassignCandidates(actor, id);
          throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/op', code: 'enum', params: { allowed: OPS.join(', ') } }]);
        }
        return `/can-bo/ho-so/${id}?ok=task`;
      },
      rerender: (errors) => renderDetail(request, reply, id, { errors, values: body }),
    });
  });
}
