-- The one-stop back office: workflows as data (per procedure version, a default per agency, or one global
-- default) with their steps, and the control sheet (phiếu kiểm soát, form 06): one row per hand-over of a
-- dossier from one step to the next, graded against the step's time budget.

CREATE TABLE workflows (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The procedure version this workflow belongs to; NULL for a default template.
  procedure_version_id uuid UNIQUE REFERENCES procedure_versions (id) ON DELETE CASCADE,
  -- Default template of an agency (procedure_version_id NULL); both NULL: the global default template.
  agency_id uuid REFERENCES agencies (id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
  created_by uuid REFERENCES accounts (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (procedure_version_id IS NULL OR agency_id IS NULL)
);
CREATE UNIQUE INDEX workflows_agency_default_idx ON workflows (agency_id) WHERE procedure_version_id IS NULL AND agency_id IS NOT NULL;
CREATE UNIQUE INDEX workflows_global_default_idx ON workflows ((true)) WHERE procedure_version_id IS NULL AND agency_id IS NULL;

CREATE TABLE workflow_steps (
  workflow_id uuid NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
  -- 1, 2, 3, … in order.
  position int NOT NULL CHECK (position >= 1),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
  -- The role that holds the dossier at this step.
  role text NOT NULL CHECK (role IN ('receptionist', 'specialist', 'department_head', 'agency_leader')),
  -- NULL: the dossier's own agency; another agency: an inter-agency (liên thông) step.
  agency_id uuid REFERENCES agencies (id),
  -- The department that handles the step (NULL: any department of the agency / chosen at hand-over).
  department_id uuid REFERENCES departments (id),
  budget_value numeric NOT NULL CHECK (budget_value >= 0 AND budget_value <= 10000),
  budget_unit text NOT NULL CHECK (budget_unit IN ('working_days', 'half_days', 'hours')),
  -- The officer actions allowed at this step (handling.rules.ts ACTIONS).
  actions text[] NOT NULL DEFAULT '{}',
  PRIMARY KEY (workflow_id, position)
);

-- The control sheet: one row per hand-over. The open row (finished_at NULL) is where the dossier is now.
CREATE TABLE dossier_steps (
  id bigserial PRIMARY KEY,
  dossier_id uuid NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
  position int NOT NULL CHECK (position >= 1),
  name text NOT NULL,
  role text NOT NULL,
  agency_id uuid NOT NULL REFERENCES agencies (id),
  department_id uuid REFERENCES departments (id),
  assignee_id uuid REFERENCES accounts (id),
  handed_over_by uuid REFERENCES accounts (id),
  started_at timestamptz NOT NULL,
  -- The step's budget as a due instant (working-day calendar), moved later by paused time.
  due_at timestamptz,
  finished_at timestamptz,
  -- Graded when the step ends: before the due day, on it, or late.
  result text CHECK (result IN ('early', 'on_time', 'late')),
  -- How the step ended ('forward', 'send_back', 'record_result', …) and the note given.
  outcome text,
  note text,
  CHECK (result IS NULL OR finished_at IS NOT NULL)
);
CREATE INDEX dossier_steps_dossier_idx ON dossier_steps (dossier_id, id);
CREATE UNIQUE INDEX dossier_steps_open_idx ON dossier_steps (dossier_id) WHERE finished_at IS NULL;
CREATE INDEX dossier_steps_open_due_idx ON dossier_steps (due_at) WHERE finished_at IS NULL;
CREATE INDEX dossier_steps_open_agency_idx ON dossier_steps (agency_id) WHERE finished_at IS NULL;
