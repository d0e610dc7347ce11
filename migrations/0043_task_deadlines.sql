-- Task deadlines and task history (issue 15, after 0041). The open control-sheet row keeps its current task's name
-- (the officers' queue shows it instead of the step's), and each finished task keeps the due instant it had (its
-- share of the step's budget from its start on the working-day calendar, or the step's due without a share) and its
-- grade against it (early / on time / late; NULL: no due instant).
ALTER TABLE dossier_steps ADD COLUMN task_name text;

ALTER TABLE dossier_step_tasks
  ADD COLUMN due_at timestamptz,
  ADD COLUMN result text CHECK (result IN ('early', 'on_time', 'late'));
