-- The result files a partner agency not on OpenDVC sends with its 06 "completed" status about a dossier's liên thông
-- step (src/modules/docexchange/): each attachment the content inspection accepted is stored through the files module
-- and kept here with the dossier it belongs to, in the transaction of the status and its history row. A file is kept
-- once per package (the same 06 applied twice, or a later one carrying the same bytes, stores nothing more).
-- Officers of the dossier's scope download it from the dossier page; refused attachments leave no row (the history
-- entry names them and why).
CREATE TABLE docexchange_result_files (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  package_id uuid NOT NULL REFERENCES docexchange_packages (id) ON DELETE CASCADE,
  dossier_id uuid NOT NULL REFERENCES dossiers (id),
  file_id uuid NOT NULL REFERENCES files (id),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  -- The sending agency (edXML OrganId) and its name when the file arrived.
  from_organ_id text NOT NULL,
  from_name text NOT NULL,
  -- The PAdES verdict when the partner said the file carries its own signature (Signed = 1): genuine or untrusted
  -- (any other verdict refuses the file); NULL when it claimed none.
  signature text CHECK (signature IN ('genuine', 'untrusted')),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (package_id, sha256)
);
CREATE INDEX docexchange_result_files_dossier_idx ON docexchange_result_files (dossier_id, created_at);
CREATE INDEX docexchange_result_files_file_idx ON docexchange_result_files (file_id);
