-- Reminders and escalation of the one-stop back office: the officer holding a workflow step (its assignee, or
-- the holders of the step's role) and their department head are warned by e-mail and in-app when the step is
-- due within a few working hours ('due_soon') and again when it is overdue ('overdue'): once per step and kind.
CREATE TABLE officer_reminders (
  step_id bigint NOT NULL REFERENCES dossier_steps (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('due_soon', 'overdue')),
  dossier_id uuid NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
  -- How many officers were told (the handler(s) and the department head(s)).
  recipients int NOT NULL DEFAULT 0 CHECK (recipients >= 0),
  sent_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (step_id, kind)
);
CREATE INDEX officer_reminders_dossier_idx ON officer_reminders (dossier_id);

-- In-app notifications of officers about their deadlines.
ALTER TABLE notifications DROP CONSTRAINT IF EXISTS notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
  CHECK (kind IN ('dossier.submitted', 'dossier.status', 'dossier.message', 'dossier.reminder'));
