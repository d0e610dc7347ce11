-- Local procedure codes and "no statutory time limit" (issue 15).
--
-- 1. Codes. A procedure keeps one stable key, procedures.code, used in every URL and by every module: the national
--    code (mã TTHC, "1.001823") when the procedure has one, else "<agency e-ID code>:<local code>" ("000.00.12.H61:TP01").
--    Existing keys are all national codes and stay as they are. The local code of the owning agency ("TP01", "DT07":
--    letters, digits, dot, hyphen, 1–30 characters) is unique per agency: procedures.local_code with the agency it
--    belongs to. Each version records the codes it was published under (national_code, local_code): the history.
ALTER TABLE procedures DROP CONSTRAINT procedures_code_check;
ALTER TABLE procedures ADD CONSTRAINT procedures_code_check
  CHECK (code ~ '^[0-9]\.[0-9]{6}$' OR code ~ '^[A-Za-z0-9][A-Za-z0-9.]{1,39}:[A-Za-z0-9][A-Za-z0-9.-]{0,29}$');
ALTER TABLE procedures
  ADD COLUMN local_code text CHECK (local_code ~ '^[A-Za-z0-9][A-Za-z0-9.-]{0,29}$'),
  ADD COLUMN local_agency_id uuid REFERENCES agencies (id),
  ADD CONSTRAINT procedures_local_code_agency_check CHECK ((local_code IS NULL) = (local_agency_id IS NULL));
CREATE UNIQUE INDEX procedures_local_code_key ON procedures (local_agency_id, local_code) WHERE local_code IS NOT NULL;

ALTER TABLE procedure_versions
  ADD COLUMN national_code text CHECK (national_code ~ '^[0-9]\.[0-9]{6}$'),
  ADD COLUMN local_code text CHECK (local_code ~ '^[A-Za-z0-9][A-Za-z0-9.-]{0,29}$');
UPDATE procedure_versions pv SET national_code = p.code FROM procedures p WHERE p.id = pv.procedure_id AND p.code ~ '^[0-9]\.[0-9]{6}$';

-- 2. No statutory time limit ("không quy định thời hạn"), distinct from 0 = same day: the version's limit value and
--    unit are then meaningless (kept at 0 working days); its dossiers have no due date (due_at NULL), are never late
--    or overdue, and are counted in their own report column.
ALTER TABLE procedure_versions
  ADD COLUMN no_time_limit boolean NOT NULL DEFAULT false,
  ADD CONSTRAINT procedure_versions_no_time_limit_check CHECK (NOT (no_time_limit AND same_day));
