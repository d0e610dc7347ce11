-- The yearly PAR plan (kế hoạch cải cách hành chính, issue 21 part 2): an agency's plan for a year, its tasks grouped
-- by the fields of the year's PAR Index criteria set (the depth-1 nodes of par_nodes), each with an owner department,
-- a deadline, the expected output and whether evidence is required; the owners' progress reports (with the evidence
-- file). Completion rates are computed from these rows (parplan.rules.ts), never stored.
CREATE TABLE par_plans (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agencies (id),
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  -- The criteria set whose fields group the tasks (a set of the plan's year).
  set_id uuid NOT NULL REFERENCES par_sets (id),
  title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 300),
  created_by uuid REFERENCES accounts (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (agency_id, year)
);

CREATE TABLE par_plan_tasks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  plan_id uuid NOT NULL REFERENCES par_plans (id) ON DELETE CASCADE,
  -- The code of a field (depth-1 node) of the plan's criteria set: "1" … "8".
  field_code text NOT NULL CHECK (field_code ~ '^[0-9]{1,2}$'),
  title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 500),
  owner_department_id uuid NOT NULL REFERENCES departments (id),
  deadline date NOT NULL,
  expected_output text NOT NULL DEFAULT '' CHECK (char_length(expected_output) <= 2000),
  evidence_required boolean NOT NULL DEFAULT true,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
  progress smallint NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  completed_at timestamptz,
  -- The reminder before the deadline and the overdue notice, each sent once.
  reminded_at timestamptz,
  overdue_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  CHECK ((status = 'done') = (completed_at IS NOT NULL)),
  CHECK (status <> 'done' OR progress = 100)
);
CREATE INDEX par_plan_tasks_plan_idx ON par_plan_tasks (plan_id, field_code);
CREATE INDEX par_plan_tasks_open_idx ON par_plan_tasks (deadline) WHERE status = 'open';

CREATE TABLE par_plan_reports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  task_id uuid NOT NULL REFERENCES par_plan_tasks (id) ON DELETE CASCADE,
  reported_by uuid NOT NULL REFERENCES accounts (id),
  progress smallint NOT NULL CHECK (progress BETWEEN 0 AND 100),
  note text NOT NULL DEFAULT '' CHECK (char_length(note) <= 4000),
  -- The evidence (văn bản, báo cáo, ảnh) of this step, content-checked like every upload.
  file_id uuid REFERENCES files (id),
  file_name text CHECK (char_length(file_name) <= 255),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((file_id IS NULL) = (file_name IS NULL))
);
CREATE INDEX par_plan_reports_task_idx ON par_plan_reports (task_id, created_at);
