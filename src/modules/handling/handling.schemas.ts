// TypeBox schemas of the back-office API (validation, OpenAPI and types from one source).
import { Type, type Static, type TSchema } from 'typebox';
import type { WorkflowRole } from '../../db/schema.ts';
import { ACTIONS, HANDLING_ROLES, STEP_ACTIONS, type HandlingAction } from './handling.rules.ts';
import { AgencyRuleSchema } from '../kernel/agency-rule.ts';
import { PendingRoutingView } from './handling.routing.schemas.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Text = (max: number, description?: string) => Type.String({ minLength: 1, maxLength: max, ...(description ? { description } : {}) });
const Instant = Nullable(Type.String({ format: 'date-time' }));

export const ActionName = Type.Enum([...ACTIONS] as HandlingAction[]);
export const Unit = Type.Union([Type.Literal('working_days'), Type.Literal('half_days'), Type.Literal('hours')]);
export const Timeliness = Nullable(Type.Union([Type.Literal('early'), Type.Literal('on_time'), Type.Literal('late')]));

export const DossierIdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

export const ActionHeaders = Type.Object({
  'x-expected-version': Type.Optional(Type.Integer({ minimum: 0, description: 'the dossier version the officer saw (same as body field expectedVersion)' })),
});

const common = {
  expectedVersion: Type.Optional(Type.Integer({ minimum: 0, description: 'the dossier version the officer saw; another current version → 409 DOSSIER_CHANGED' })),
  note: Type.Optional(Type.String({ maxLength: 2000, description: 'a note for the history' })),
};

/** The body of each action (additional properties refused). */
export const ACTION_BODIES = {
  accept: Type.Object({ ...common }, { additionalProperties: false }),
  request_supplement: Type.Object(
    { ...common, items: Type.Array(Type.String({ maxLength: 1000 }), { minItems: 1, maxItems: 100, description: 'the consolidated list of every missing item (form 02)' }) },
    { additionalProperties: false },
  ),
  refuse: Type.Object({ ...common, reasons: Type.Array(Text(1000), { minItems: 1, maxItems: 50, description: 'reasons for the refusal (form 03)' }) }, { additionalProperties: false }),
  forward: Type.Object(
    {
      ...common,
      toStep: Type.Optional(Type.Integer({ minimum: 1, description: 'workflow position (default: the next step)' })),
      agencyCode: Type.Optional(Type.String({ maxLength: 40, description: 'another agency (inter-agency hand-over)' })),
      departmentCode: Type.Optional(Type.String({ maxLength: 40 })),
      assigneeId: Type.Optional(Type.String({ maxLength: 100, description: 'an officer of the receiving agency' })),
    },
    { additionalProperties: false },
  ),
  send_back: Type.Object({ ...common, reason: Text(2000), toStep: Type.Optional(Type.Integer({ minimum: 1, description: 'an earlier position (default: the previous step)' })) }, { additionalProperties: false }),
  request_payment: Type.Object({ ...common, amountVnd: Type.Optional(Type.Integer({ minimum: 0, maximum: 1e13 })) }, { additionalProperties: false }),
  resume: Type.Object({ ...common }, { additionalProperties: false }),
  respond_supplement: Type.Object({ ...common }, { additionalProperties: false }),
  apologise: Type.Object(
    {
      ...common,
      reason: Text(2000, 'why the dossier will be late (form 04)'),
      newAppointment: Type.String({ maxLength: 40, description: 'yyyy-mm-dd (the closing time of that day) or an ISO date-time; after the current appointment' }),
    },
    { additionalProperties: false },
  ),
  stop: Type.Object({ ...common, reason: Text(2000, 'reason (form 05)') }, { additionalProperties: false }),
  // No "electronic result" flag: it is derived from a signed result (src/modules/results; migration 0024's trigger).
  record_result: Type.Object({ ...common }, { additionalProperties: false }),
  return_result: Type.Object({ ...common, method: Type.Union([Type.Literal('counter'), Type.Literal('post'), Type.Literal('online')]) }, { additionalProperties: false }),
  withdraw: Type.Object({ ...common, reason: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }),
} satisfies Record<HandlingAction, TSchema>;

export const ACTION_SUMMARIES: Record<HandlingAction, string> = {
  accept: 'Tiếp nhận hồ sơ (1 → 2): hạn giải quyết theo lịch ngày làm việc, mở phiếu kiểm soát',
  request_supplement: 'Yêu cầu bổ sung hồ sơ một lần (1, 2, 4 → 5; tạm dừng tính thời gian)',
  refuse: 'Từ chối tiếp nhận hồ sơ với lý do (1 → 3)',
  forward: 'Chuyển bước xử lý tiếp theo, hoặc bước/phòng/cơ quan được chọn (liên thông) (2, 4 → 4)',
  send_back: 'Trả lại bước trước với lý do (4 → 4)',
  request_payment: 'Yêu cầu thực hiện nghĩa vụ tài chính (2, 4 → 6; tạm dừng tính thời gian)',
  resume: 'Tiếp tục xử lý sau bổ sung hoặc nộp phí (5, 6 → 4, hoặc 1 nếu chưa tiếp nhận); hạn lùi theo thời gian tạm dừng',
  respond_supplement: 'Người nộp gửi bổ sung hồ sơ (5 → 4, hoặc 1 nếu chưa tiếp nhận)',
  apologise: 'Văn bản xin lỗi và hẹn lại ngày trả kết quả (trước thời hạn hẹn; hồ sơ vẫn tính là trễ hạn)',
  stop: 'Dừng xử lý hồ sơ với lý do (2, 4, 5, 6 → 8)',
  record_result: 'Ghi nhận kết quả giải quyết (4 → 9): trước hạn / đúng hạn / quá hạn',
  return_result: 'Trả kết quả tại quầy, qua bưu chính hoặc trực tuyến (9 → 10)',
  withdraw: 'Rút hồ sơ theo yêu cầu của người nộp (1, 2, 4, 5, 6 → 7)',
};

export const ActResponse = Type.Object({
  id: Type.String(),
  code: Type.String(),
  action: ActionName,
  previousStatus: Type.Integer(),
  status: Type.Integer({ description: 'national status code 1–10' }),
  statusLabel: Type.String(),
  version: Type.Integer({ description: 'the new version (send it as expectedVersion next time)' }),
  receivedAt: Instant,
  dueAt: Instant,
  appointmentAt: Instant,
  finishedAt: Instant,
  timeliness: Timeliness,
  allowedActions: Type.Array(ActionName),
});

export const QueueQuery = Type.Object(
  {
    scope: Type.Optional(Type.Union([Type.Literal('mine'), Type.Literal('department'), Type.Literal('agency')], { default: 'mine' })),
    due: Type.Optional(Type.Union([Type.Literal('today'), Type.Literal('soon'), Type.Literal('overdue')], { description: 'soon: within 2 working days' })),
    q: Type.Optional(Type.String({ maxLength: 100, description: 'dossier code, applicant name or ID number' })),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
    sort: Type.Optional(
      Type.Union([Type.Literal('due_asc'), Type.Literal('due_desc'), Type.Literal('received_desc')], {
        default: 'due_asc',
        description: 'due_asc: earliest legal deadline first (default); due_desc: latest deadline first; received_desc: most recently received first',
      }),
    ),
  },
  { additionalProperties: false },
);

const DueCategory = Nullable(Type.Union([Type.Literal('overdue'), Type.Literal('today'), Type.Literal('soon'), Type.Literal('later')]));

export const QueueResponse = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      code: Type.String(),
      status: Type.Integer(),
      statusLabel: Type.String(),
      channel: Type.Integer(),
      procedure: Type.Object({ code: Type.String(), name: Type.String() }),
      applicantName: Nullable(Type.String()),
      applicantIdNumber: Nullable(Type.String()),
      submittedAt: Instant,
      receivedAt: Instant,
      dueAt: Instant,
      appointmentAt: Instant,
      dueCategory: DueCategory,
      step: Nullable(
        Type.Object({
          name: Type.String(),
          role: Type.String({ description: "the role the step waits for: its current task's when it has tasks (migration 0041), else the step's" }),
          dueAt: Instant,
          task: Type.Optional(Nullable(Type.Object({ name: Type.String(), role: Type.String() }, { description: "the step's current task (null: the step has no task waiting)" }))),
        }),
      ),
      department: Nullable(Type.String()),
      assignee: Nullable(Type.String()),
      version: Type.Integer(),
    }),
  ),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});

export const Budget = Type.Object({ value: Type.Number(), unit: Unit });

const Role = Type.Enum([...HANDLING_ROLES] as WorkflowRole[]);

/** One task of a workflow step (issue 15) as shown. */
export const WorkflowTaskView = Type.Object({
  position: Type.Integer({ description: '1, 2, 3, … within the step' }),
  name: Type.String(),
  role: Role,
  assignment: Type.Union([Type.Literal('single_user'), Type.Literal('any_of_role')], { description: 'single_user: one named officer holds the task; any_of_role: any officer of the role' }),
  kind: Type.Union([Type.Literal('handle'), Type.Literal('review'), Type.Literal('approve')], { description: 'review and approve may send the task back to the previous one' }),
  share: Nullable(Budget),
});

/**
 * A task in a workflow body. Role, assignment, kind and share are checked by the service (checkWorkflow), so that
 * every problem of the workflow comes back at once with its path (`/steps/1/tasks/2/role`).
 */
export const WorkflowTaskBody = Type.Object(
  {
    name: Type.String({ maxLength: 300 }),
    role: Type.String({ maxLength: 40, description: 'receptionist, specialist, department_head or agency_leader' }),
    assignment: Type.String({ maxLength: 40, description: 'single_user or any_of_role' }),
    kind: Type.String({ maxLength: 40, description: 'handle, review or approve (not the first task)' }),
    share: Type.Optional(Nullable(Type.Object({ value: Type.Number(), unit: Type.String({ maxLength: 40 }) }, { additionalProperties: false, description: "the task's share of the step's budget; the shares may not exceed it" }))),
  },
  { additionalProperties: false },
);

export const WorkflowStepView = Type.Object({
  position: Type.Integer(),
  name: Type.String(),
  role: Type.Enum([...HANDLING_ROLES] as WorkflowRole[]),
  agencyCode: Nullable(Type.String()),
  agencyName: Nullable(Type.String()),
  departmentCode: Nullable(Type.String()),
  departmentName: Nullable(Type.String()),
  budget: Budget,
  actions: Type.Array(ActionName),
  agencyRule: Type.Optional(AgencyRuleSchema),
  tasks: Type.Optional(Type.Array(WorkflowTaskView, { description: 'the ordered tasks of the step; absent or empty: one implicit task with the step\'s role' })),
});

export const WorkflowResponse = Type.Object({
  source: Type.Union([Type.Literal('version'), Type.Literal('agency'), Type.Literal('global'), Type.Literal('builtin')]),
  name: Type.String(),
  steps: Type.Array(WorkflowStepView),
  timeLimit: Type.Object({ value: Type.Number(), unit: Unit, sameDay: Type.Boolean() }),
  warning: Nullable(
    Type.Object({ sumWorkingDays: Type.Number(), limitWorkingDays: Type.Number(), message: Type.Optional(Type.String()) }, { description: 'the budgets do not add up to the legal time limit' }),
  ),
});

export const WorkflowParams = Type.Object({ code: Type.String({ pattern: '^(?:[0-9]\\.[0-9]{6}|[A-Za-z0-9][A-Za-z0-9.]{1,39}:[A-Za-z0-9][A-Za-z0-9.-]{0,29})$' }), version: Type.Integer({ minimum: 1 }) });

export const WorkflowBody = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 300 })),
    steps: Type.Array(
      Type.Object(
        {
          name: Text(300),
          role: Type.Enum([...HANDLING_ROLES] as WorkflowRole[]),
          agencyCode: Type.Optional(Nullable(Type.String({ maxLength: 40, description: 'another agency: an inter-agency step' }))),
          departmentCode: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
          budget: Type.Object({ value: Type.Number({ minimum: 0, maximum: 10000 }), unit: Unit }, { additionalProperties: false }),
          actions: Type.Array(Type.Enum([...STEP_ACTIONS] as HandlingAction[]), { maxItems: 20 }),
          agencyRule: Type.Optional(AgencyRuleSchema),
          tasks: Type.Optional(Type.Array(WorkflowTaskBody, { maxItems: 20 })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 30 },
    ),
  },
  { additionalProperties: false },
);

const ControlSheetEntry = Type.Object({
  position: Type.Integer(),
  name: Type.String(),
  role: Type.String(),
  agency: Type.Object({ code: Type.String(), name: Type.String() }),
  department: Nullable(Type.String()),
  assignee: Nullable(Type.String()),
  handedOverBy: Nullable(Type.String()),
  startedAt: Type.String(),
  dueAt: Instant,
  finishedAt: Instant,
  result: Timeliness,
  outcome: Nullable(Type.String()),
  note: Nullable(Type.String()),
  tasks: Type.Optional(
    Type.Array(
      Type.Object({
        position: Type.Integer(),
        name: Type.String(),
        role: Type.String(),
        kind: Type.String(),
        officer: Nullable(Type.String({ description: 'who finished the task; for the current task, who holds it (null: any officer of the role)' })),
        startedAt: Type.String(),
        finishedAt: Instant,
        outcome: Nullable(Type.Union([Type.Literal('done'), Type.Literal('returned')], { description: 'null: the current task' })),
        note: Nullable(Type.String()),
        dueAt: Type.Optional(Nullable(Type.String({ description: "a finished task's due instant: its share of the step's budget from its start, else the step's due (null: none; the current task's is on the officer's task panel)" }))),
        result: Type.Optional(Nullable(Type.Union([Type.Literal('early'), Type.Literal('on_time'), Type.Literal('late')], { description: 'a finished task graded against its due instant (null: no due instant, or the current task)' }))),
      }),
      { description: "the step's tasks (issue 15): finished ones in order, then the current one; absent: a step without tasks" },
    ),
  ),
});

export const ControlSheetResponse = Type.Object({ rows: Type.Array(ControlSheetEntry) });

/** One answer of the e-form as people read it (kernel/eform-rows.ts EFormRow): label, option name, schema order. */
const EFormAnswerFields = {
  id: Type.String({ description: 'field id ("authors"; a column of a group: "authors.name")' }),
  label: Type.String({ description: "the field's title, in the request's language when the e-form has one" }),
  text: Type.String({ description: "the answer as text: an option's name (not its code), Có/Không, dd/mm/yyyy, an address on one line; '' for a group" }),
  section: Type.Optional(Type.String({ description: 'the heading of the section that starts at this field' })),
  officer: Type.Optional(Type.Boolean({ description: 'an officer-only field (filled by staff, never by the applicant)' })),
};
export const EFormAnswer = Type.Object({
  ...EFormAnswerFields,
  rows: Type.Optional(Type.Array(Type.Array(Type.Object(EFormAnswerFields)), { description: 'a repeatable group: one entry per row, each the answers of its columns' })),
}, { title: 'EFormAnswer' });

export const OfficerDossierResponse = Type.Object({
  id: Type.String(),
  code: Type.String(),
  status: Type.Integer(),
  statusLabel: Type.String(),
  version: Type.Integer(),
  channel: Type.Integer(),
  source: Type.String(),
  procedure: Type.Object({ code: Type.String(), name: Type.String(), version: Type.Integer() }),
  agency: Type.Object({ code: Type.String(), name: Type.String() }),
  applicant: Type.Object({ name: Nullable(Type.String()), idNumber: Nullable(Type.String()), kind: Type.String() }),
  formData: Type.Record(Type.String(), Type.Unknown()),
  officerData: Type.Record(Type.String(), Type.Unknown(), { description: "staff's answers to the e-form's officer-only fields (receipt number, count of copies…; never in the applicant's API)" }),
  formRows: Type.Array(EFormAnswer, { description: "the e-form content as read: the applicant's and staff's answers in the e-form's order, with labels and option names" }),
  files: Type.Array(
    Type.Object({
      id: Type.String(),
      documentId: Type.String(),
      documentName: Nullable(Type.String()),
      fileId: Type.String(),
      name: Type.String(),
      mediaType: Type.String(),
      sizeBytes: Type.Integer(),
      uploadedAt: Type.String(),
    }),
  ),
  events: Type.Array(
    Type.Object({
      at: Type.String(),
      status: Type.Integer(),
      statusLabel: Type.String(),
      action: Type.String(),
      text: Type.String({ description: "what happened, in the request's language (rendered from key and params; the stored text for older entries)" }),
      key: Nullable(Type.String({ description: 'the message key (timeline.*); null for entries written before messages were stored' })),
      params: Nullable(Type.Record(Type.String(), Type.Unknown(), { description: 'the message parameters (dates ISO 8601, amounts in VND as numbers, texts as written)' })),
      content: Nullable(Type.String({ description: 'the Vietnamese text as stored' })),
      handlerName: Nullable(Type.String()),
      department: Nullable(Type.String()),
      legalEnd: Instant,
    }),
  ),
  controlSheet: Type.Array(ControlSheetEntry),
  pauses: Type.Array(Type.Object({ kind: Type.String(), startedAt: Type.String(), endedAt: Instant, reason: Nullable(Type.String()) })),
  workflow: WorkflowResponse,
  currentStep: Nullable(Type.Integer()),
  submittedAt: Instant,
  receivedAt: Instant,
  dueAt: Instant,
  appointmentAt: Instant,
  finishedAt: Instant,
  returnedAt: Instant,
  returnMethod: Nullable(Type.String()),
  timeliness: Timeliness,
  feeVnd: Nullable(Type.Number()),
  dueCategory: DueCategory,
  allowedActions: Type.Array(ActionName),
  routing: PendingRoutingView,
});

/** The applicant's answer to a supplement request (POST /api/dossiers/{id}/supplement, handling.citizen.ts). */
export const SupplementBody = Type.Object(
  {
    note: Type.String({ minLength: 1, maxLength: 2000, description: 'what was supplemented (required)' }),
    expectedVersion: Type.Optional(Type.Integer({ minimum: 0, description: 'optimistic concurrency: the version seen' })),
  },
  { additionalProperties: false },
);
export type SupplementBody = Static<typeof SupplementBody>;
