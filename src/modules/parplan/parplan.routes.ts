// The yearly PAR plan over HTTP: the JSON API (the pages: parplan.pages.ts). Thin: schema, one service call, presenter.
import type { AppContext } from '../../container.ts';
import type { App, AppModule } from '../../http/app.ts';
import './parplan.errors.ts';
import { presentPlan, presentPlanDetail, presentTask } from './parplan.present.ts';
import { CreatePlanBody, PlanList, PlanListQuery, PlanParams, PlanSummary, PlanView, ReportBody, TaskBody, TaskParams, TaskView } from './parplan.schemas.ts';

const tags = ['par-plan'];
const session = { security: [{ session: [] }] };
const write = { security: [{ session: [], csrf: [] }] };

export const parPlanModule: AppModule = {
  name: 'parplan',
  async register(app: App, ctx: AppContext) {
    const plans = ctx.services.parPlan;

    app.get(
      '/api/par-plans',
      { schema: { operationId: 'listParPlans', tags, ...session, summary: 'List the PAR plans the caller may read', description: 'Các kế hoạch CCHC năm của cơ quan (cán bộ)', querystring: PlanListQuery, response: { 200: PlanList } } },
      async (request) => ({ items: (await plans.list(request.actor, request.query.year ?? null)).plans.map(presentPlan) }),
    );

    app.post(
      '/api/par-plans',
      {
        schema: {
          operationId: 'createParPlan',
          'x-problem-codes': ['PARPLAN_EXISTS', 'PARPLAN_AGENCY_UNKNOWN', 'PARPLAN_SET_UNKNOWN', 'PARPLAN_TITLE', 'PAR_YEAR_INVALID'],
          tags,
          ...write,
          summary: 'Create the PAR plan of an agency for a year',
          description: 'Lập kế hoạch CCHC năm (lãnh đạo, quản trị viên cơ quan); nhiệm vụ nhóm theo lĩnh vực của bộ tiêu chí Chỉ số CCHC cùng năm',
          body: CreatePlanBody,
          response: { 201: PlanSummary },
        },
      },
      async (request, reply) => reply.status(201).send(presentPlan(await plans.create(request.actor, request.body))),
    );

    app.get(
      '/api/par-plans/:id',
      { schema: { operationId: 'getParPlan', 'x-problem-codes': ['PARPLAN_UNKNOWN'], tags, ...session, summary: 'Get a PAR plan with its tasks and completion by field and department', description: 'Kế hoạch CCHC: nhiệm vụ, tỷ lệ hoàn thành theo lĩnh vực và phòng chủ trì', params: PlanParams, response: { 200: PlanView } } },
      async (request) => presentPlanDetail(await plans.detail(request.actor, request.params.id)),
    );

    app.post(
      '/api/par-plans/:id/tasks',
      {
        schema: {
          operationId: 'addParPlanTask',
          'x-problem-codes': ['PARPLAN_UNKNOWN', 'PARPLAN_TASK_INVALID', 'PARPLAN_FIELD_UNKNOWN', 'PARPLAN_OWNER_REQUIRED', 'PARPLAN_OWNER_UNKNOWN', 'PARPLAN_DEADLINE_REQUIRED', 'PARPLAN_DEADLINE_OUTSIDE_YEAR'],
          tags,
          ...write,
          summary: 'Add a task to a PAR plan',
          description: 'Thêm nhiệm vụ: lĩnh vực, phòng chủ trì, thời hạn (bắt buộc), sản phẩm dự kiến, yêu cầu tài liệu kiểm chứng',
          params: PlanParams,
          body: TaskBody,
          response: { 201: TaskView },
        },
      },
      async (request, reply) => {
        const b = request.body;
        const task = await plans.addTask(request.actor, request.params.id, {
          fieldCode: b.fieldCode,
          title: b.title,
          ownerDepartmentId: b.ownerDepartmentId,
          deadline: b.deadline,
          expectedOutput: b.expectedOutput ?? '',
          evidenceRequired: b.evidenceRequired ?? true,
        });
        return reply.status(201).send(presentTask(task));
      },
    );

    app.post(
      '/api/par-plan-tasks/:id/cancel',
      { schema: { operationId: 'cancelParPlanTask', 'x-problem-codes': ['PARPLAN_TASK_UNKNOWN', 'PARPLAN_TASK_CLOSED'], tags, ...write, summary: 'Cancel an open task of a PAR plan', description: 'Hủy nhiệm vụ đang thực hiện (lãnh đạo, quản trị viên cơ quan)', params: TaskParams, response: { 200: TaskView } } },
      async (request) => presentTask(await plans.cancelTask(request.actor, request.params.id)),
    );

    app.post(
      '/api/par-plan-tasks/:id/reports',
      {
        schema: {
          operationId: 'reportParPlanTask',
          'x-problem-codes': ['PARPLAN_TASK_UNKNOWN', 'PARPLAN_NOT_OWNER', 'PARPLAN_TASK_CLOSED', 'PARPLAN_PROGRESS_RANGE', 'PARPLAN_REPORT_EMPTY', 'PARPLAN_EVIDENCE_REQUIRED'],
          tags,
          ...write,
          summary: 'Report progress on a PAR plan task (owner department only)',
          description: 'Báo cáo tiến độ (cán bộ phòng chủ trì); 100% là hoàn thành — cần tài liệu kiểm chứng khi nhiệm vụ yêu cầu (gửi kèm tệp qua trang nhiệm vụ)',
          params: TaskParams,
          body: ReportBody,
          response: { 201: TaskView },
        },
      },
      async (request, reply) => reply.status(201).send(presentTask(await plans.report(request.actor, request.params.id, request.body))),
    );
  },
};
