-- Workflow steps with tasks (issue 15): a step holds ordered tasks ("the deputy head assigns, the specialist
-- handles, the head reviews"), each with a role, an assignment (one named officer, or any officer of the role) and
-- a kind (handle, review, approve: a review or an approval may send the task back to the previous one). A step
-- without tasks behaves as before: one implicit task with the step's role.

CREATE TABLE workflow_step_tasks (
  workflow_id uuid NOT NULL,
  step_position int NOT NULL,
  -- 1, 2, 3, … in order within the step.
  position int NOT NULL CHECK (position >= 1),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
  role text NOT NULL CHECK (role IN ('receptionist', 'specialist', 'department_head', 'agency_leader')),
  -- single_user: one named officer holds the task (assigned or taken); any_of_role: any officer of the role.
  assignment text NOT NULL CHECK (assignment IN ('single_user', 'any_of_role')),
  kind text NOT NULL CHECK (kind IN ('handle', 'review', 'approve')),
  -- Optional share of the step's time budget (the shares of a step never exceed its budget: handling.rules.ts).
  share_value numeric CHECK (share_value >= 0 AND share_value <= 10000),
  share_unit text CHECK (share_unit IN ('working_days', 'half_days', 'hours')),
  CHECK ((share_value IS NULL) = (share_unit IS NULL)),
  PRIMARY KEY (workflow_id, step_position, position),
  FOREIGN KEY (workflow_id, step_position) REFERENCES workflow_steps (workflow_id, position) ON DELETE CASCADE
);

-- The open control-sheet row knows its current task. task_position NULL: the step has no tasks (as before);
-- 1..n: the task the step is at; n + 1: every task is done (the step may be handed over).
ALTER TABLE dossier_steps
  ADD COLUMN task_position int CHECK (task_position >= 1),
  -- The current task's role (the officers' queue reads it instead of the step's role) and its holder
  -- (a single-user task: the officer assigned or who took it; NULL: any officer of the role).
  ADD COLUMN task_role text,
  ADD COLUMN task_assignee_id uuid REFERENCES accounts (id),
  ADD COLUMN task_started_at timestamptz;

-- The tasks done (or sent back) within a control-sheet row, in order: who, when, how it ended.
CREATE TABLE dossier_step_tasks (
  id bigserial PRIMARY KEY,
  step_id bigint NOT NULL REFERENCES dossier_steps (id) ON DELETE CASCADE,
  position int NOT NULL CHECK (position >= 1),
  name text NOT NULL,
  role text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('handle', 'review', 'approve')),
  -- The officer who finished the task.
  officer_id uuid REFERENCES accounts (id),
  started_at timestamptz NOT NULL,
  finished_at timestamptz NOT NULL,
  -- done: finished, the next task (or the hand-over) follows; returned: a review or approval sent it back.
  outcome text NOT NULL CHECK (outcome IN ('done', 'returned')),
  note text
);
CREATE INDEX dossier_step_tasks_step_idx ON dossier_step_tasks (step_id, id);
