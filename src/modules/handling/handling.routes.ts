// The back office over HTTP (JSON API): one endpoint per action on a dossier, the officers' queue and dossier
// data, the control sheet, and a procedure version's workflow. The officer pages (handling.pages.ts) use the same service.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { registerMessages, translate } from '../../core/i18n.ts';
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import { toProblem } from '../../http/problem.ts';
import { statusLabel } from '../kernel/dossier.ts';
import { eventText } from '../kernel/timeline.ts';
import { requireActor } from '../identity/identity.routes.ts';
import './handling.errors.ts';
import { handlingMessages } from './handling.messages.ts';
import { registerTaskRoutes } from './handling.tasks.routes.ts';
import { pendingRoutingView, registerRoutingRoutes } from './handling.routing.routes.ts';
import { ACTIONS, ActionConflict, type HandlingAction } from './handling.rules.ts';
import {
  ACTION_BODIES,
  ACTION_SUMMARIES,
  ActionHeaders,
  ActResponse,
  ControlSheetResponse,
  DossierIdParams,
  OfficerDossierResponse,
  QueueQuery,
  QueueResponse,
  WorkflowBody,
  WorkflowParams,
  WorkflowResponse,
} from './handling.schemas.ts';
import type { ActInput } from './handling.service.ts';
import type { WorkflowView } from './handling.workflows.ts';

registerMessages(handlingMessages);

const tags = ['back-office'];
const security: Array<Record<string, string[]>> = [{ session: [], csrf: [] }];
const readSecurity: Array<Record<string, string[]>> = [{ session: [] }];

/** Stable OpenAPI operationIds (verb + noun, lowerCamelCase) and English summaries of the state-machine actions. */
const ACTION_OPERATIONS: Record<HandlingAction, { operationId: string; summary: string }> = {
  accept: { operationId: 'acceptDossier', summary: 'Accept a dossier' },
  request_supplement: { operationId: 'requestSupplement', summary: 'Request a supplement' },
  refuse: { operationId: 'refuseDossier', summary: 'Refuse a dossier' },
  forward: { operationId: 'forwardDossier', summary: 'Forward a dossier to the next step' },
  send_back: { operationId: 'sendBackDossier', summary: 'Send a dossier back a step' },
  request_payment: { operationId: 'requestPayment', summary: 'Request payment of fees' },
  resume: { operationId: 'resumeDossier', summary: 'Resume handling' },
  respond_supplement: { operationId: 'respondSupplement', summary: 'Respond to a supplement request' },
  apologise: { operationId: 'apologiseForDelay', summary: 'Apologise and set a new date' },
  stop: { operationId: 'stopDossier', summary: 'Stop handling a dossier' },
  record_result: { operationId: 'recordResult', summary: 'Record the handling result' },
  return_result: { operationId: 'returnResult', summary: 'Return the result to the applicant' },
  withdraw: { operationId: 'withdrawDossier', summary: 'Withdraw a dossier' },
};

/** A 409/403 of the state machine as problem+json, with the current status and the actions allowed now. */
export function sendConflict(request: FastifyRequest, reply: FastifyReply, error: ActionConflict) {
  const problem = toProblem(error, request.locale, String(request.id));
  return reply
    .status(problem.status)
    .type('application/problem+json; charset=utf-8')
    .send({ ...problem, currentStatus: error.currentStatus, ...(error.currentVersion !== undefined ? { currentVersion: error.currentVersion } : {}), allowedActions: error.allowedActions });
}

function withWarningText(view: WorkflowView, request: FastifyRequest): WorkflowView {
  if (!view.warning) return view;
  const message = translate(request.locale, 'handling.workflow.budgetMismatch', { sum: view.warning.sumWorkingDays, limit: view.warning.limitWorkingDays });
  return { ...view, warning: { ...view.warning, message } as WorkflowView['warning'] };
}

export const handlingModule: AppModule = {
  name: 'handling',
  async register(app: App, ctx: AppContext) {
    const handling = ctx.services.handling;

    for (const action of ACTIONS) {
      app.post(
        `/api/dossiers/:id/actions/${action}`,
        {
          schema: {
            operationId: ACTION_OPERATIONS[action].operationId,
            'x-problem-codes': ['ACTION_NOT_ALLOWED', 'DOSSIER_CHANGED'],
            tags,
            security,
            summary: ACTION_OPERATIONS[action].summary,
            description: ACTION_SUMMARIES[action],
            params: DossierIdParams,
            headers: ActionHeaders,
            body: ACTION_BODIES[action],
            response: { 200: ActResponse },
          },
        },
        async (request, reply) => {
          const actor = requireActor(request);
          const body: ActInput = { ...request.body };
          const header = request.headers['x-expected-version'];
          if (body.expectedVersion === undefined && header !== undefined) body.expectedVersion = header;
          try {
            const result = await handling.act({ ...actor, ip: request.ip }, request.params.id, action, body);
            return reply.header('cache-control', 'no-store').send({ ...result, statusLabel: statusLabel(result.status, request.locale) });
          } catch (error) {
            if (error instanceof ActionConflict) return sendConflict(request, reply, error);
            throw error;
          }
        },
      );
    }

    app.get(
      '/api/officer/dossiers',
      { schema: { operationId: 'listOfficerDossiers', tags, security: readSecurity, summary: "List the officer's dossier queue", description: 'Hàng đợi hồ sơ của cán bộ: của tôi, của phòng, của cơ quan; đến hạn hôm nay, sắp đến hạn, quá hạn; tìm theo mã, tên, số định danh', querystring: QueueQuery, response: { 200: QueueResponse } } },
      async (request, reply) => {
        const result = await handling.queue(requireActor(request), request.query);
        return reply.header('cache-control', 'no-store').send({ ...result, items: result.items.map((i) => ({ ...i, statusLabel: statusLabel(i.status, request.locale) })) });
      },
    );

    app.get(
      '/api/officer/dossiers/:id',
      { schema: { operationId: 'getOfficerDossier', tags, security: readSecurity, summary: 'Get a dossier for handling', description: 'Hồ sơ cho cán bộ xử lý: tờ khai, tệp, lịch sử, phiếu kiểm soát, các thao tác được phép', params: DossierIdParams, response: { 200: OfficerDossierResponse } } },
      async (request, reply) => {
        const detail = await handling.detail(requireActor(request), request.params.id);
        // The e-form content with labels, option names and in schema order, and staff's officer-only answers.
        const content = await ctx.services.formContent.view(detail.id, request.locale);
        return reply.header('cache-control', 'no-store').send({
          ...detail,
          officerData: content?.officerData ?? {},
          formRows: content?.rows ?? [],
          statusLabel: statusLabel(detail.status, request.locale),
          events: detail.events.map((e) => ({ ...e, statusLabel: statusLabel(e.status, request.locale), text: eventText(e, request.locale) })),
          workflow: withWarningText(detail.workflow, request),
          // Liên thông: why the dossier waits for its inter-agency target (handling.routing.routes.ts).
          routing: pendingRoutingView(await handling.routing.pending(detail, request.locale, detail.allowedActions.length > 0)),
        });
      },
    );

    app.get(
      '/api/officer/dossiers/:id/control-sheet',
      { schema: { operationId: 'getControlSheet', tags, security: readSecurity, summary: "Get a dossier's control sheet", description: 'Phiếu kiểm soát quá trình giải quyết hồ sơ (mẫu 06): mỗi lần giao nhận một dòng, đánh giá trước hạn / đúng hạn / quá hạn', params: DossierIdParams, response: { 200: ControlSheetResponse } } },
      async (request, reply) => reply.header('cache-control', 'no-store').send({ rows: await handling.controlSheet(requireActor(request), request.params.id) }),
    );

    app.get(
      '/api/procedures/:code/versions/:version/workflow',
      { schema: { operationId: 'getProcedureWorkflow', tags: ['catalog', ...tags], security: readSecurity, summary: "Get a procedure version's workflow", description: 'Quy trình giải quyết của một phiên bản thủ tục (riêng, hoặc mẫu mặc định)', params: WorkflowParams, response: { 200: WorkflowResponse } } },
      async (request) => withWarningText(await handling.versionWorkflow(requireActor(request), request.params.code, request.params.version), request),
    );

    app.put(
      '/api/procedures/:code/versions/:version/workflow',
      {
        schema: {
          operationId: 'replaceProcedureWorkflow',
          'x-problem-codes': ['WORKFLOW_VERSION_RETIRED', 'WORKFLOW_IN_USE'],
          tags: ['catalog', ...tags],
          security,
          summary: "Replace a procedure version's workflow",
          description: 'Thay quy trình giải quyết của một phiên bản thủ tục (thời gian các bước không âm; cảnh báo khi tổng khác thời hạn giải quyết)',
          params: WorkflowParams,
          body: WorkflowBody,
          response: { 200: WorkflowResponse },
        },
      },
      async (request) => withWarningText(await handling.replaceWorkflow({ ...requireActor(request), ip: request.ip }, request.params.code, request.params.version, request.body), request),
    );

    // The tasks of a step: complete, send back, take, reassign (handling.tasks.routes.ts).
    await registerTaskRoutes(app, ctx);
    // The officer's pick of a liên thông target (handling.routing.routes.ts).
    await registerRoutingRoutes(app, ctx);
  },
};
