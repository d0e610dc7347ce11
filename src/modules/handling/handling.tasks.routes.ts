// The tasks of a workflow step over the JSON API (issue 15; handling.tasks.ts): complete, send back or take the
// current task of a dossier's open step, and reassign it (department heads, agency leaders). Registered by the
// back-office module (handling.routes.ts).
import { Type } from 'typebox';
import type { AppContext } from '../../container.ts';
import type { App } from '../../http/app.ts';
import { requireActor } from '../identity/identity.routes.ts';
import { DossierIdParams } from './handling.schemas.ts';
import './handling.errors.ts';

const tags = ['back-office'];
const security: Array<Record<string, string[]>> = [{ session: [], csrf: [] }];

const common = {
  expectedVersion: Type.Optional(Type.Integer({ minimum: 0, description: 'the dossier version the officer saw; another current version → 409 DOSSIER_CHANGED' })),
  note: Type.Optional(Type.String({ maxLength: 2000, description: 'a note kept with the task (required to send a task back)' })),
};

const TaskBody = Type.Object({ ...common }, { additionalProperties: false });
const ReassignBody = Type.Object({ ...common, assigneeId: Type.String({ maxLength: 100, description: "an active officer of the step's agency holding the role the step needs now" }) }, { additionalProperties: false });

export const TaskActResponse = Type.Object({
  id: Type.String(),
  version: Type.Integer({ description: 'the new version (send it as expectedVersion next time)' }),
  task: Type.Union([
    Type.Object({ position: Type.Integer(), name: Type.String(), role: Type.String(), assignment: Type.String(), kind: Type.String() }),
    Type.Null({ description: 'no task waiting: every task of the step is done (it may be handed over), or it has none' }),
  ]),
  assigneeId: Type.Union([Type.String(), Type.Null()], { description: 'the officer holding the dossier now; null: any officer of the role' }),
});

const OPERATIONS = {
  complete: { operationId: 'completeStepTask', summary: "Complete the open step's current task", description: 'Hoàn thành nhiệm vụ hiện tại của bước (nhiệm vụ tiếp theo bắt đầu; sau nhiệm vụ cuối, bước được chuyển tiếp)' },
  return: { operationId: 'returnStepTask', summary: 'Send the current task back to the previous task', description: 'Xem xét / phê duyệt: trả lại nhiệm vụ trước, kèm ghi chú (bắt buộc)' },
  take: { operationId: 'takeStepTask', summary: 'Take the current single-user task', description: 'Nhận nhiệm vụ do một cán bộ đảm nhận khi chưa ai nhận' },
} as const;

export async function registerTaskRoutes(app: App, ctx: AppContext): Promise<void> {
  const handling = ctx.services.handling;
  for (const op of ['complete', 'return', 'take'] as const) {
    app.post(
      `/api/dossiers/:id/tasks/${op}`,
      {
        schema: {
          ...OPERATIONS[op],
          'x-problem-codes': ['TASK_NONE', 'TASK_ROLE_FORBIDDEN', 'TASK_ASSIGNEE_ONLY', 'TASK_NOT_TAKEN', 'TASK_ALREADY_TAKEN', 'TASK_NOT_REVIEW', 'TASK_NO_PREVIOUS', 'DOSSIER_CHANGED'],
          tags,
          security,
          params: DossierIdParams,
          body: TaskBody,
          response: { 200: TaskActResponse },
        },
      },
      async (request, reply) => reply.header('cache-control', 'no-store').send(await handling.taskAct({ ...requireActor(request), ip: request.ip }, request.params.id, op, request.body)),
    );
  }
  app.post(
    '/api/dossiers/:id/reassign',
    {
      schema: {
        operationId: 'reassignDossier',
        summary: "Reassign the open step's current task",
        description: 'Lãnh đạo phòng, lãnh đạo cơ quan giao lại nhiệm vụ hiện tại (hoặc bước không có nhiệm vụ) cho cán bộ khác có vai trò phù hợp; ghi nhật ký',
        'x-problem-codes': ['REASSIGN_FORBIDDEN', 'REASSIGN_OFFICER_INVALID', 'TASK_NONE', 'DOSSIER_CHANGED'],
        tags,
        security,
        params: DossierIdParams,
        body: ReassignBody,
        response: { 200: TaskActResponse },
      },
    },
    async (request, reply) => reply.header('cache-control', 'no-store').send(await handling.reassign({ ...requireActor(request), ip: request.ip }, request.params.id, request.body)),
  );
}
