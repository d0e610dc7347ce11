// TypeBox schemas of the PAR plan API (request validation, OpenAPI, TypeScript types from one source).
import { Type, type Static } from 'typebox';

const Uuid = Type.String({ format: 'uuid' });
const Rate = Type.Union([Type.Number({ description: 'Percent, 2 decimals' }), Type.Null()]);
const Status = Type.Enum(['open', 'done', 'cancelled'], { description: 'open: in progress; done: reported 100%; cancelled by the plan’s managers' });

export const PlanParams = Type.Object({ id: Uuid });
export const TaskParams = Type.Object({ id: Uuid });
export const PlanListQuery = Type.Object({ year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })) });

export const CreatePlanBody = Type.Object({
  agency: Type.String({ minLength: 1, maxLength: 40, description: 'The code of the agency the plan belongs to (one the caller manages)' }),
  year: Type.Integer({ minimum: 2000, maximum: 2100 }),
  setId: Type.String({ format: 'uuid', description: 'A PAR Index criteria set of the same year (its fields group the tasks)' }),
  title: Type.String({ minLength: 1, maxLength: 300 }),
});

export const TaskBody = Type.Object({
  fieldCode: Type.String({ maxLength: 2, description: 'The code of a field (depth-1 criterion) of the plan’s criteria set, e.g. "3"' }),
  title: Type.String({ maxLength: 500 }),
  ownerDepartmentId: Type.String({ maxLength: 36, description: 'A department (uuid) of the plan’s agency' }),
  deadline: Type.String({ maxLength: 10, description: 'yyyy-mm-dd, inside the plan’s year' }),
  expectedOutput: Type.Optional(Type.String({ maxLength: 2000 })),
  evidenceRequired: Type.Optional(Type.Boolean({ default: true })),
});
export type TaskBody = Static<typeof TaskBody>;

export const ReportBody = Type.Object({
  progress: Type.Integer({ description: 'Percent done, 0–100; 100 completes the task (evidence then needed when the task requires it: send it with the page’s form)' }),
  note: Type.String({ maxLength: 4000 }),
});

const CompletionView = Type.Object({
  total: Type.Integer(),
  done: Type.Integer(),
  onTime: Type.Integer(),
  overdue: Type.Integer(),
  rate: Rate,
  meanProgress: Type.Union([Type.Integer(), Type.Null()]),
});

export const PlanSummary = Type.Object({
  id: Type.String(),
  agency: Type.Object({ code: Type.String(), name: Type.String() }),
  year: Type.Integer(),
  title: Type.String(),
  setId: Type.String(),
});
export const PlanList = Type.Object({ items: Type.Array(PlanSummary) });

export const TaskView = Type.Object({
  id: Type.String(),
  planId: Type.String(),
  fieldCode: Type.String(),
  title: Type.String(),
  ownerDepartment: Type.Object({ id: Type.String(), name: Type.String() }),
  deadline: Type.String({ description: 'yyyy-mm-dd' }),
  expectedOutput: Type.String(),
  evidenceRequired: Type.Boolean(),
  status: Status,
  progress: Type.Integer(),
  completedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const PlanView = Type.Object({
  ...PlanSummary.properties,
  fields: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), completion: CompletionView })),
  departments: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), completion: Type.Union([CompletionView, Type.Null()]) })),
  completion: CompletionView,
  tasks: Type.Array(TaskView),
});
