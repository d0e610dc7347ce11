// The PAR plan's API views (parplan.schemas.ts) from the service's rows.
import type { Completion } from './parplan.rules.ts';
import type { PlanDetail } from './parplan.service.ts';
import type { PlanRow, TaskRow } from './parplan.repository.ts';

export function presentPlan(plan: PlanRow) {
  return { id: plan.id, agency: { code: plan.agency_code, name: plan.agency_name }, year: plan.year, title: plan.title, setId: plan.set_id };
}

export function presentTask(task: TaskRow) {
  return {
    id: task.id,
    planId: task.plan_id,
    fieldCode: task.field_code,
    title: task.title,
    ownerDepartment: { id: task.owner_department_id, name: task.owner_department_name },
    deadline: task.deadline,
    expectedOutput: task.expected_output,
    evidenceRequired: task.evidence_required,
    status: task.status,
    progress: task.progress,
    completedAt: task.completed_at ? task.completed_at.toISOString() : null,
  };
}

const EMPTY: Completion = { total: 0, done: 0, onTime: 0, overdue: 0, rate: null, meanProgress: null };

export function presentPlanDetail(d: PlanDetail) {
  return {
    ...presentPlan(d.plan),
    fields: d.fields.map((f) => ({ code: f.code, name: f.name, completion: d.completion.byField.get(f.code) ?? EMPTY })),
    departments: d.departments.map((dep) => ({ id: dep.id, name: dep.name, completion: d.completion.byDepartment.get(dep.id) ?? null })),
    completion: d.completion.plan,
    tasks: d.tasks.map(presentTask),
  };
}
