-- The life cycle of a dossier after submission: the facts the one-stop back office records and the reports
-- count (domain guide §3, §4, §6). Shared by the handling module (writes them on every transition), the
-- historical import (writes them from a legacy system) and the reports (read them).
--
-- Times are instants (timestamptz); "the day" of an instant is its calendar day in Vietnam (UTC+7).
ALTER TABLE dossiers
  -- 'citizen' or 'organisation' (Biểu 06 and the 766 scorecard split by applicant kind).
  ADD COLUMN applicant_kind text NOT NULL DEFAULT 'citizen' CHECK (applicant_kind IN ('citizen', 'organisation')),
  -- The applicant's ID number (CCCD) or the business's tax code, for counter search and the public lookup.
  ADD COLUMN applicant_id_number text,
  -- Where the dossier came from: our portal, the counter (channel 1/3 registered by a receptionist), the national
  -- portal, or a historical import.
  ADD COLUMN source text NOT NULL DEFAULT 'portal' CHECK (source IN ('portal', 'counter', 'national_portal', 'import')),
  -- Accepted at reception (status 2): the statutory clock starts here. NULL while status 1 or refused (3).
  ADD COLUMN received_at timestamptz,
  -- The legal deadline (hạn xử lý) from the procedure's time limit, moved later by the paused time only. An apology
  -- (form 04) does NOT move it: a dossier resolved after it counts as late.
  ADD COLUMN due_at timestamptz,
  -- The appointment given to the applicant (hẹn trả): equals due_at on acceptance; an apology sets a new one.
  ADD COLUMN appointment_at timestamptz,
  -- Processing ended: result ready (9), refused (3), withdrawn (7) or stopped (8). Stays set at 10.
  ADD COLUMN finished_at timestamptz,
  -- Result category for reports, fixed when the result is recorded (status 9): finished day before the due
  -- day, on the due day, or after it (domain guide §4). NULL for other outcomes.
  ADD COLUMN timeliness text CHECK (timeliness IN ('early', 'on_time', 'late')),
  -- Result handed over (status 10) and how: counter, post, online.
  ADD COLUMN returned_at timestamptz,
  ADD COLUMN return_method text CHECK (return_method IN ('counter', 'post', 'online')),
  -- Current pause (status 5 or 6): when it began. The intervals are in dossier_pauses.
  ADD COLUMN paused_at timestamptz,
  -- Fees due (sum of the version's fees at reception, or as imported) and whether they were paid online.
  ADD COLUMN fee_vnd bigint CHECK (fee_vnd IS NULL OR fee_vnd >= 0),
  ADD COLUMN paid_online boolean NOT NULL DEFAULT false,
  -- The result was issued electronically; the paper parts were digitised into the e-dossier.
  ADD COLUMN electronic_result boolean NOT NULL DEFAULT false,
  ADD COLUMN digitised boolean NOT NULL DEFAULT false,
  -- Where the dossier is in its workflow: the step position, the department and the officer holding it.
  ADD COLUMN current_step int,
  ADD COLUMN department_id uuid REFERENCES departments (id),
  ADD COLUMN assignee_id uuid REFERENCES accounts (id),
  -- Optimistic concurrency: every transition is `UPDATE … WHERE id = $1 AND version = $2`, then version + 1.
  ADD COLUMN version int NOT NULL DEFAULT 0,
  -- When a draft's owner was reminded that it will be deleted (draft reminders).
  ADD COLUMN reminded_at timestamptz,
  ADD CONSTRAINT dossiers_timeliness_when_finished CHECK (timeliness IS NULL OR finished_at IS NOT NULL),
  ADD CONSTRAINT dossiers_returned_after_result CHECK (returned_at IS NULL OR finished_at IS NOT NULL);

CREATE INDEX dossiers_received_idx ON dossiers (agency_id, received_at) WHERE received_at IS NOT NULL;
CREATE INDEX dossiers_finished_idx ON dossiers (agency_id, finished_at) WHERE finished_at IS NOT NULL;
CREATE INDEX dossiers_in_progress_idx ON dossiers (agency_id, due_at) WHERE status IN (2, 4, 5, 6);
CREATE INDEX dossiers_assignee_idx ON dossiers (assignee_id, due_at) WHERE assignee_id IS NOT NULL AND status IN (2, 4, 5, 6);
CREATE INDEX dossiers_id_number_idx ON dossiers (applicant_id_number) WHERE applicant_id_number IS NOT NULL;

-- Intervals during which the statutory clock was stopped because the applicant owed something.
CREATE TABLE dossier_pauses (
  id bigserial PRIMARY KEY,
  dossier_id uuid NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('supplement', 'payment')),
  started_at timestamptz NOT NULL,
  ended_at timestamptz,
  reason text,
  CHECK (ended_at IS NULL OR ended_at >= started_at)
);
CREATE INDEX dossier_pauses_dossier_idx ON dossier_pauses (dossier_id, started_at);
CREATE UNIQUE INDEX dossier_pauses_open_idx ON dossier_pauses (dossier_id) WHERE ended_at IS NULL;
