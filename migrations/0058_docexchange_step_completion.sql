-- A liên thông package's step hand-over on "completed" (06): done, waiting (the dossier was paused at that step or
-- changed meanwhile: the poll job tries again) or gone (the dossier had left the step). NULL: nothing to hand over.
ALTER TABLE docexchange_packages ADD COLUMN step_completion text CHECK (step_completion IN ('waiting', 'done', 'gone'));
CREATE INDEX docexchange_packages_waiting_idx ON docexchange_packages (updated_at) WHERE step_completion = 'waiting';
